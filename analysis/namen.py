"""Report names to file names: unique, visible and bounded.

A report's file name is the slug of its name (:func:`analysis.formatting.slug`): lower case,
accents dropped, other scripts transliterated (``日本`` → ``ri-ben``). Three things can still go
wrong with names from data files, and each is answered here:

- a name with nothing to write in ASCII (``🙂``, ``---``) would give a hidden ``.html``: it
  gets ``naam-`` and a short hash of the name instead;
- a long name (a 320-character area name) would pass the file system's limit of 255 bytes per
  file name and fail with ENAMETOOLONG: it is cut and ends in a short hash of its full slug, so
  two long names that differ after the cut still get two files;
- two reports whose names give the same slug (``Dubbel.yaml`` and ``dubbel.yaml``) would write
  one file: :func:`clashes` finds them before anything is built, naming both sources.

Pure: no file system access (:func:`path_problem` only measures a path).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.formatting import format_number, slug

#: Characters of a report's file name part at most: room for the folder's own name, the
#: suffix (``.xlsx``) and the temporary name of an atomic write (``.<naam>.xlsx.XXXXXXXX.xlsx``)
#: within 255 bytes, and still short enough to read in a link. Every slug of the package's
#: reports is shorter (the longest, 55).
MAX_SLUG = 80
#: Hexadecimal digits of the short hash that ends a cut or replaces an empty name.
HASH_DIGITS = 8
#: Prefix of a name that has no letter or digit to write.
FALLBACK = "naam"
#: Bytes per file name and per path on Linux (NAME_MAX, PATH_MAX).
NAME_MAX = 255
PATH_MAX = 4096
#: What an atomic write adds to a file name for its temporary file: ``.``, ``.``, eight
#: random characters and the suffix again (``.gent.xlsx.k2j4h5g6.xlsx``), plus the longest
#: suffix a report writes (``.ipynb``).
WRITE_MARGIN = 2 + 8 + 2 * len(".ipynb")


def short_hash(text: str) -> str:
    """The first :data:`HASH_DIGITS` hexadecimal digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def file_slug(text: str) -> str:
    """The file name part of a report named ``text``: its slug, never empty, never longer than
    :data:`MAX_SLUG`.

    ``Sint-Niklaas`` → ``sint-niklaas``; ``日本`` → ``ri-ben``; ``🙂`` → ``naam-`` and a
    hash of the name; a long name → its first characters, ``-`` and a hash of its whole slug
    (names with the same slug keep the same file name, so :func:`clashes` still sees them).
    """
    base = slug(text)
    if not base:
        return f"{FALLBACK}-{short_hash(text)}"
    if len(base) <= MAX_SLUG:
        return base
    head = base[: MAX_SLUG - HASH_DIGITS - 1].rstrip("-")
    return f"{head}-{short_hash(base)}"


@dataclass(frozen=True)
class Claim:
    """A report asking for a file name: its output key (``project/dubbel``), what makes it
    this report (kind, type, code), where its name comes from (a file, and the column) and
    how a message names it (``Dubbel.yaml``, ``regiegebied 'Regio Gent' (code RG90)``)."""

    key: str
    identity: tuple[str, ...]
    bestand: str
    kolom: str | None
    wie: str


@dataclass(frozen=True)
class Clash:
    """Two or more reports with the same file name; ``bestand`` and ``kolom`` say where to
    change a name."""

    bestand: str
    kolom: str | None
    melding: str


def clashes(claims: Iterable[Claim]) -> list[Clash]:
    """Every file name claimed by different reports, in order of first claim.

    The same report asked twice (an area in two plan items) is no clash.
    """
    owners: dict[str, dict[tuple[str, ...], Claim]] = {}
    for claim in claims:
        owners.setdefault(claim.key, {}).setdefault(claim.identity, claim)
    found = []
    for key, by_identity in owners.items():
        if len(by_identity) < 2:
            continue
        claimed = list(by_identity.values())
        names = [c.wie for c in claimed]
        listed = ", ".join(names[:-1]) + f" en {names[-1]}"
        advice = (
            "geef een van beide een andere naam"
            if len(claimed) == 2
            else "geef ze elk een eigen naam"
        )
        found.append(
            Clash(
                claimed[-1].bestand,
                claimed[-1].kolom,
                f"{listed} krijgen dezelfde bestandsnaam {key}.html (hoofdletters, accenten en "
                f"leestekens tellen in een bestandsnaam niet mee): {advice}",
            )
        )
    return found


def path_problem(key: str, folders: Sequence[str | Path]) -> str | None:
    """Why the files of the report ``key`` cannot be written in ``folders`` (the output folder,
    the work folder), in Dutch; None when they can.

    Measured, not tried: a name too long for the file system fails only its own report, and
    before anything of it is written.
    """
    for part in key.split("/"):
        size = len(part.encode("utf-8")) + WRITE_MARGIN
        if size > NAME_MAX:
            shown = part if len(part) <= 40 else part[:40] + "…"
            return (
                f"bestandsnaam te lang: '{shown}' heeft {format_number(size)} bytes met "
                f"achtervoegsel en tijdelijke naam, het bestandssysteem staat er "
                f"{format_number(NAME_MAX)} toe"
            )
    for folder in folders:
        size = len(str(Path(folder) / key).encode("utf-8")) + WRITE_MARGIN
        if size > PATH_MAX:
            return (
                f"pad te lang: {format_number(size)} bytes in {folder}, het "
                f"bestandssysteem staat er {format_number(PATH_MAX)} toe; kies een kortere "
                "uitvoermap"
            )
    return None
