"""Ground floor: the problem found in an input file, imported by every reader."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem"]


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; ``rij`` is the row as a spreadsheet shows it.

    ``blad`` names the sheet of a workbook (None for a CSV file or the workbook as a whole).
    """

    bestand: str
    rij: int | None
    kolom: str | None
    melding: str
    blad: str | None = None

    def __str__(self) -> str:
        where = self.bestand
        if self.blad is not None:
            where += f", blad '{self.blad}'"
        if self.rij is not None:
            where += f", rij {self.rij}"
        if self.kolom is not None:
            where += f", kolom '{self.kolom}'"
        return f"{where}: {self.melding}"
