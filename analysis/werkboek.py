"""Read the sheets of an XLSX workbook for the observation reader (analysis.io).

What this module knows about workbooks, and io does not:

* which sheets there are, in workbook order, and whether each is visible (``hidden`` and
  ``veryHidden`` sheets are listed but never read);
* which cells hold a formula whose stored result cannot be trusted: a formula without a stored
  result, or any formula in a workbook that asks to be recalculated when opened
  (``fullCalcOnLoad``: written by a program such as openpyxl or XlsxWriter, which store no or a
  dummy result). Such a cell becomes an :class:`UncomputedFormula` in the rows, so the reader
  reports it instead of reading an empty cell or a 0;
* what a date cell in ``periode`` means, given the frequency of the indicator
  (:func:`periode_from_date`).

Cached values are read once with openpyxl (``data_only=True``). The formulas themselves are only
read (a second, read-only pass over the sheets that are used) when a worksheet part of the file
contains a formula element, which a quick scan of the compressed parts tells.
"""

from __future__ import annotations

import calendar
import posixpath
import re
import warnings
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

__all__ = [
    "HIDDEN_STATES",
    "Sheet",
    "UncomputedFormula",
    "Workbook",
    "WorkbookError",
    "cell_reference",
    "mark_uncomputed_formulas",
    "periode_from_date",
    "read_workbook",
]

#: Sheet states that are never read.
HIDDEN_STATES = frozenset({"hidden", "veryHidden"})

_INVALID = "bestand is geen geldige Excel-werkmap (.xlsx) en kan niet gelezen worden"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
_WORKSHEET_TYPE_END = "/worksheet"
# A formula element <f> or <x:f …> (any namespace prefix); <f…> never starts another element.
_FORMULA_TAG_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s/>]")
_CALC_PR_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?calcPr\b[^>]*>")
_FULL_CALC_RE = re.compile(rb"""\bfullCalcOnLoad\s*=\s*["'](1|true)["']""")
_CHUNK = 1 << 20
#: Longest formula text shown in a message.
_SHOWN_FORMULA = 60


class WorkbookError(Exception):
    """The file cannot be read as a workbook; ``str()`` is a Dutch message."""


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell whose stored result is missing or untrusted (see the module docstring)."""

    reference: str  # e.g. "D3"
    formula: str  # e.g. "=A1*2"

    def __str__(self) -> str:
        return self.formula

    @property
    def message(self) -> str:
        """Dutch: what is wrong and what to do."""
        shown = self.formula
        if len(shown) > _SHOWN_FORMULA:
            shown = shown[: _SHOWN_FORMULA - 1] + "…"
        return (
            f"cel {self.reference} bevat een formule ({shown}) zonder berekende uitkomst: de "
            "werkmap is door een programma geschreven en niet in Excel of LibreOffice "
            "opgeslagen; open het bestand in Excel of LibreOffice en sla het op, zodat de "
            "uitkomsten berekend worden, of plak de cellen als waarden"
        )


@dataclass
class Sheet:
    """One worksheet: its name, state and numbered rows of cached values."""

    name: str
    state: str  # visible | hidden | veryHidden
    rows: list[tuple[int, Sequence[Any]]]

    @property
    def hidden(self) -> bool:
        """True for a hidden or very hidden sheet."""
        return self.state in HIDDEN_STATES


@dataclass
class Workbook:
    """The worksheets of a file and what is needed to find uncomputed formulas."""

    path: Path
    sheets: list[Sheet]
    has_formulas: bool
    recalculate_on_load: bool


def read_workbook(path: Path) -> Workbook:
    """All worksheets of ``path`` with cached values (chart sheets hold no cells).

    Raises ``OSError`` when the file cannot be read, :class:`WorkbookError` when it is no
    workbook.
    """
    import openpyxl  # local: openpyxl is only needed for Excel input (keeps imports light)

    has_formulas, recalculate = _scan_parts(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:
        raise WorkbookError(_INVALID) from exc
    sheets: list[Sheet] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for sheet in workbook.worksheets:
                state = str(getattr(sheet, "sheet_state", "visible") or "visible")
                rows: list[tuple[int, Sequence[Any]]] = []
                if state not in HIDDEN_STATES:  # a hidden sheet is never read, not even parsed
                    sheet.reset_dimensions()  # the stored dimension may be wrong
                    rows = list(enumerate(sheet.iter_rows(values_only=True), start=1))
                sheets.append(Sheet(sheet.title, state, rows))
    except Exception as exc:
        raise WorkbookError(_INVALID) from exc
    finally:
        workbook.close()
    return Workbook(path, sheets, has_formulas, recalculate)


def mark_uncomputed_formulas(workbook: Workbook, names: Collection[str]) -> None:
    """Replace, in the sheets named, each formula cell without a trusted result by a marker.

    A formula is untrusted when it has no stored result, or when the workbook asks to be
    recalculated on load (its stored results are then missing or a placeholder such as
    XlsxWriter's 0). Only the sheets named are read again, once, read-only.
    """
    wanted = [sheet for sheet in workbook.sheets if sheet.name in names and not sheet.hidden]
    if not workbook.has_formulas or not wanted:
        return
    import openpyxl  # local: see read_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = openpyxl.load_workbook(workbook.path, read_only=True, data_only=False)
    except OSError:
        raise
    except Exception as exc:
        raise WorkbookError(_INVALID) from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for sheet in wanted:
                source = formulas[sheet.name]
                source.reset_dimensions()
                _mark_sheet(sheet, source, workbook.recalculate_on_load)
    except (OSError, WorkbookError):
        raise
    except Exception as exc:
        raise WorkbookError(_INVALID) from exc
    finally:
        formulas.close()


def _mark_sheet(sheet: Sheet, source: Any, recalculate: bool) -> None:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    by_number = {number: index for index, (number, _) in enumerate(sheet.rows)}
    for row in source.iter_rows():
        for cell in row:
            if getattr(cell, "data_type", None) != "f":
                continue
            index = by_number.get(cell.row)
            if index is None:
                continue
            number, cells = sheet.rows[index]
            position = cell.column - 1
            cached = cells[position] if position < len(cells) else None
            if not recalculate and cached is not None:
                continue  # computed by a program that calculates (Excel, LibreOffice)
            value = cell.value
            if isinstance(value, ArrayFormula):
                text = value.text or ""
            elif isinstance(value, DataTableFormula):
                text = "=TABLE()"
            else:
                text = str(value)
            if not text.startswith("="):
                text = "=" + text
            changed = list(cells) + [None] * (position + 1 - len(cells))
            changed[position] = UncomputedFormula(cell_reference(cell.row, cell.column), text)
            sheet.rows[index] = (number, tuple(changed))


def cell_reference(row: int, column: int) -> str:
    """``D3`` for row 3, column 4."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _scan_parts(path: Path) -> tuple[bool, bool]:
    """(a worksheet holds a formula, the workbook asks to be recalculated on load).

    Reads the package with the standard library only; any doubt (a part that cannot be found
    or read) counts as "has formulas", so the precise pass with openpyxl decides.
    """
    try:
        archive = zipfile.ZipFile(path)
    except OSError:
        raise
    except Exception as exc:  # BadZipFile and friends: not a workbook
        raise WorkbookError(_INVALID) from exc
    with archive:
        try:
            workbook_part = _office_document(archive)
            recalculate = _recalculates(archive.read(workbook_part))
            parts = _worksheet_parts(archive, workbook_part)
            has_formulas = any(_has_formula(archive, part) for part in parts)
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError):
            return True, False  # openpyxl reports what is broken, if anything
        except (EOFError, RuntimeError, NotImplementedError):
            return True, False
    return has_formulas, recalculate


def _office_document(archive: zipfile.ZipFile) -> str:
    root = ElementTree.fromstring(archive.read("_rels/.rels"))
    for relation in root.iter(f"{{{_REL_NS}}}Relationship"):
        if relation.get("Type") in _OFFICE_DOCUMENT:
            return _part_name("", relation.get("Target", ""))
    raise KeyError("officeDocument")


def _worksheet_parts(archive: zipfile.ZipFile, workbook_part: str) -> list[str]:
    folder, name = posixpath.split(workbook_part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    root = ElementTree.fromstring(archive.read(rels))
    return [
        _part_name(folder, relation.get("Target", ""))
        for relation in root.iter(f"{{{_REL_NS}}}Relationship")
        if (relation.get("Type") or "").endswith(_WORKSHEET_TYPE_END)
        and relation.get("TargetMode") != "External"
    ]


def _part_name(folder: str, target: str) -> str:
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined)


def _recalculates(workbook_xml: bytes) -> bool:
    match = _CALC_PR_RE.search(workbook_xml)
    return bool(match and _FULL_CALC_RE.search(match.group(0)))


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            if _FORMULA_TAG_RE.search(tail + chunk):
                return True
            tail = chunk[-64:]  # a tag split over two chunks
    return False


# --------------------------------------------------------------------------------------------
# Dates in periode

_QUARTER_STARTS = {1: 1, 4: 2, 7: 3, 10: 4}
_QUARTER_ENDS = {3: 1, 6: 2, 9: 3, 12: 4}
_FREQUENCY_WORDS = {"maand": "een maandcijfer", "kwartaal": "een kwartaalcijfer",
                    "jaar": "een jaarcijfer"}  # fmt: skip


def periode_from_date(value: date, indicator: str, frequentie: str | None) -> str:
    """The periode a date cell stands for, fixed by the indicator's frequency.

    * ``maand``: the month of the date (``2022-09``);
    * ``kwartaal``: the quarter, when the date is the first or the last day of that quarter
      (``2022-07-01`` and ``2022-09-30`` are ``2022Q3``);
    * ``jaar``: the year, when the date is 1 January or 31 December.

    Any other date, or an indicator without a known frequency, raises ``ValueError`` with a
    Dutch reason: the date could stand for a month, a quarter or a year.
    """
    day = value.date() if isinstance(value, datetime) else value
    shown = f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    hint = "; schrijf de periode als tekst"
    if frequentie == "maand":
        return f"{day.year:04d}-{day.month:02d}"
    last = calendar.monthrange(day.year, day.month)[1]
    if frequentie == "kwartaal":
        quarter = None
        if day.day == 1:
            quarter = _QUARTER_STARTS.get(day.month)
        elif day.day == last:
            quarter = _QUARTER_ENDS.get(day.month)
        if quarter is not None:
            return f"{day.year:04d}Q{quarter}"
        reason = "geen eerste of laatste dag van een kwartaal"
        example = f"{day.year:04d}Q{(day.month - 1) // 3 + 1}"
    elif frequentie == "jaar":
        if (day.month, day.day) in {(1, 1), (12, 31)}:
            return f"{day.year:04d}"
        reason = "geen 1 januari of 31 december"
        example = f"{day.year:04d}"
    else:
        raise ValueError(
            f"datum {shown} als periode kan niet gelezen worden: de frequentie van "
            f"'{indicator}' is onbekend, dus de datum kan een maand, kwartaal of jaar zijn"
            f"{hint} (een jaar zoals 2019, een kwartaal zoals 2022Q4 of een maand zoals "
            "2022-09)"
        )
    raise ValueError(
        f"datum {shown} als periode is niet eenduidig: '{indicator}' is "
        f"{_FREQUENCY_WORDS[frequentie]} en {shown} is {reason}{hint}, bv. {example}"
    )
