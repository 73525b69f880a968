"""Read observation exports (CSV/XLSX) into the canonical long format and validate them.

The canonical frame has the columns ``indicator, geo, periode, teller, noemer`` (see
ARCHITECTURE.md, "The data contract"), plus ``opmerking`` (notes such as
``teller onderdrukt ('<5')``) and the provenance columns ``bron_bestand`` (the file path as given)
and ``bron_rij`` (the row number as a spreadsheet shows it: the header of a CSV file is row 1).

Accepted quirks of Dutch-language exports:

* CSV separated by ``;``, ``,``, tab or ``|`` (detected from the header row), UTF-8 with or
  without BOM, any line ending. Files that are not valid UTF-8 are reported, never guessed.
* XLSX: the first sheet that has a header row; title rows above the header are skipped.
* Column names match case-insensitively with surrounding whitespace trimmed; extra columns are
  ignored except ``opmerking``; ``noemer`` may be absent (count indicators).
* Numbers in Dutch notation (see :func:`parse_number`), suppressed markers become missing values
  with a note, never zero.
* ``geo``: purely numeric codes become 5-digit NIS codes (``2000`` -> ``02000``,
  ``11002.0`` -> ``11002``); other codes (``RG05``) are kept as written, trimmed.
* ``periode``: see :func:`normalise_periode`.

All problems of a file are reported at once as :class:`Problem` objects with Dutch messages that
name the file, the row and the column. No pandas/openpyxl exception escapes this module.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import difflib
import errno
import functools
import gzip
import io
import math
import os
import re
import tempfile
import warnings
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
import pandera.pandas as pa

from analysis import snelinlezen
from analysis.catalogue import Catalogue, build_catalogue
from analysis.export import csv_text, safe_text
from analysis.problems import Problem
from analysis.werkboek import (
    Sheet,
    UncomputedFormula,
    Workbook,
    WorkbookError,
    mark_uncomputed_formulas,
    periode_from_date,
    read_workbook,
)
from analysis.yamlcheck import MAX_TEXT_CHARS

if TYPE_CHECKING:
    from analysis.report import ReportInputs

__all__ = [
    "CANONICAL_COLUMNS",
    "GEO_PATTERN",
    "OBSERVATION_SCHEMA",
    "OUTPUT_COLUMNS",
    "PERIODE_PATTERN",
    "REQUIRED_COLUMNS",
    "SUPPORTED_SUFFIXES",
    "GeoCheck",
    "Problem",
    "ReadResult",
    "normalise_periode",
    "parse_number",
    "read_observations",
    "read_yaml",
    "write_atomic",
    "write_xlsx",
]

#: Columns every observation file must have (``noemer`` is optional).
REQUIRED_COLUMNS: tuple[str, ...] = ("indicator", "geo", "periode", "teller")
#: The data contract.
CANONICAL_COLUMNS: tuple[str, ...] = ("indicator", "geo", "periode", "teller", "noemer")
#: Columns of :attr:`ReadResult.data`.
OUTPUT_COLUMNS: tuple[str, ...] = (*CANONICAL_COLUMNS, "opmerking", "bron_bestand", "bron_rij")
#: Folders of a data directory that hold other tables than observations (data/ layout).
NON_OBSERVATION_FOLDERS = frozenset({"reference", "published", "kwalitatief", "projecten"})
#: File types that are read.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".csv.gz", ".xlsx")

#: A year (``2019``), a quarter (``2022Q4``) or a month (``2022-09``).
PERIODE_PATTERN = r"^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$"
#: A 5-digit NIS code, or a code of letters, digits and ``_-.`` with at least one letter.
GEO_PATTERN = r"^([0-9]{5}|(?=[0-9A-Za-z_.\-]*[A-Za-z])[0-9A-Za-z_.\-]+)$"

#: ``geo_check(geo, periode)`` returns ``None`` when the geo exists, else a Dutch reason.
GeoCheck = Callable[[str, str], str | None]

MIN_YEAR = 1990
MAX_YEAR = 2100
#: How many rows (from the top) are searched for the header row.
HEADER_SEARCH_ROWS = 100

_DELIMITERS = (";", ",", "\t", "|")
_UNSUPPORTED_DATA_SUFFIXES = frozenset({".xls", ".xlsm", ".xlsb", ".ods", ".txt", ".tsv"})
_SPACES = " \u00a0\u202f\u2009"
_SUPPRESSED_MARKERS = frozenset({"-", "\u2013", "\u2014", "x", "X"})
_UNKNOWN_MARKERS = frozenset({"?"})
_LESS_THAN_RE = re.compile(r"<\s*[0-9]+(?:[.,][0-9]+)?")
_DIGITS_RE = re.compile(r"[0-9]+")
_SPACE_RE = re.compile(f"[{re.escape(_SPACES)}]")
_SPACE_GROUPED_RE = re.compile(
    rf"([0-9]{{1,3}}(?:[{re.escape(_SPACES)}][0-9]{{3}})+)(?:[.,]([0-9]+))?"
)
# Only digits, dots and commas, with a digit: the first digit splits it, so no other split
# of a long cell is tried (``[0-9.,]*[0-9][0-9.,]*`` tries them all: quadratic).
_NUMBER_CHARS_RE = re.compile(r"[.,]*[0-9][0-9.,]*")
#: A count that could be English thousands or a Dutch decimal comma: 25,000 and 1,234.
_AMBIGUOUS_COMMA_RE = re.compile(r"[+-]?[1-9][0-9]{0,2},[0-9]{3}")
#: Relative distance to the nearest whole number still read as that whole number.
_WHOLE_TOLERANCE = 1e-9
_GROUPED_RE = {sep: re.compile(rf"[0-9]{{1,3}}(?:{re.escape(sep)}[0-9]{{3}})+") for sep in ".,"}
_GEO_RE = re.compile(GEO_PATTERN)
_NUMERIC_GEO_RE = re.compile(r"[0-9]+(?:\.0+)?")
#: Missing-value codes of Provincies in Cijfers (Swing/Jive) with their meaning.
_MISSING_CODES: dict[int, tuple[str, str]] = {
    -99999: ("onderdrukt", "te onbetrouwbaar of geheim"),
    -99998: ("ontbreekt", "niet van toepassing"),
    -99997: ("onderdrukt", "gecensureerd"),
    -99996: ("ontbreekt", "leeg"),
}
_PERIODE_HINT = "verwacht een jaar zoals 2019, een kwartaal zoals 2022Q4 of een maand zoals 2022-09"


# --------------------------------------------------------------------------------------------
# Public value types


@dataclass
class ReadResult:
    """Valid rows in canonical form, every problem found, and what was read.

    ``notes`` tell what was deliberately not read (a hidden sheet, a sheet without a header);
    they are no problems: the data stay valid.
    """

    data: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    notes: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no problem was found."""
        return not self.problems


# --------------------------------------------------------------------------------------------
# Pure parsers


def parse_number(text: str) -> float | None:
    """Parse a number written the Dutch (or plain) way; ``None`` for a suppressed value.

    Suppressed or missing (returns ``None``): an empty string, ``-`` (also en/em dash), ``x``,
    ``X``, ``?``, ``<n`` (e.g. ``<5``) and the Provincies-in-Cijfers codes -99999 to -99996.
    ``0`` is a number, not a missing value.

    Separators, Dutch convention first:

    * space, no-break space (U+00A0), narrow no-break space (U+202F) or thin space between
      groups of three digits are thousands separators (``780 974``); a ``.`` or ``,`` after
      such groups is the decimal separator;
    * with both ``.`` and ``,`` present, the last one is the decimal separator and the other
      separates thousands (``1.234,5`` and ``1,234.5`` are both 1234.5);
    * a single ``,`` is a decimal comma (``1,5`` = 1.5, ``85,715`` = 85.715); several commas
      separate thousands (``1,234,567``);
    * several dots separate thousands (``1.234.567``); a single dot followed by exactly three
      digits, after one to three digits not starting with 0, is a thousands separator
      (``1.234`` = 1234, ``780.974`` = 780974); any other single dot is a decimal point
      (``1234.5``, ``12.25``, ``0.123``, ``1.2345``).

    Raises ``ValueError`` with a Dutch message (``'abc' is geen getal``) for anything else,
    and for a number too large to hold (more than 308 digits would become infinity).
    """
    stripped = text.strip()
    if (
        not stripped
        or stripped in _SUPPRESSED_MARKERS
        or stripped in _UNKNOWN_MARKERS
        or _LESS_THAN_RE.fullmatch(stripped)
    ):
        return None
    value = _parse_numeric_text(stripped)
    if value in _MISSING_CODES:
        return None
    return value


def _parse_numeric_text(text: str) -> float:
    """Parse trimmed non-marker text to a float or raise ValueError (see parse_number)."""
    error = ValueError(f"'{text}' is geen getal")
    sign = 1.0
    body = text
    if body[:1] in "+-":
        sign = -1.0 if body[0] == "-" else 1.0
        body = body[1:]
    if not body or body[0] not in "0123456789.,":
        raise error
    integer, fraction = _split_number_body(body)
    if integer is None:
        raise error
    number = float(f"{integer or '0'}.{fraction or '0'}")
    if not math.isfinite(number):  # more than 308 digits: float() gives infinity
        raise ValueError(f"'{text}' is te groot om als getal te lezen")
    return sign * number + 0.0  # + 0.0 turns -0.0 into 0.0


def _split_number_body(body: str) -> tuple[str | None, str]:
    """Split an unsigned number into integer digits and fraction digits; (None, '') if invalid."""
    invalid: tuple[None, str] = (None, "")
    if _DIGITS_RE.fullmatch(body):
        return body, ""
    if any(ch in _SPACES for ch in body):
        match = _SPACE_GROUPED_RE.fullmatch(body)
        if not match:
            return invalid
        return _SPACE_RE.sub("", match.group(1)), match.group(2) or ""
    if not _NUMBER_CHARS_RE.fullmatch(body):
        return invalid
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        integer, _, fraction = body.rpartition(decimal)
        if decimal in integer or not _DIGITS_RE.fullmatch(fraction):
            return invalid
        if not _GROUPED_RE[thousands].fullmatch(integer):
            return invalid
        return integer.replace(thousands, ""), fraction
    separator = "." if dots else ","
    if (dots or commas) > 1:
        if not _GROUPED_RE[separator].fullmatch(body):
            return invalid
        return body.replace(separator, ""), ""
    integer, _, fraction = body.partition(separator)
    if not (integer == "" or _DIGITS_RE.fullmatch(integer)) or not _DIGITS_RE.fullmatch(fraction):
        return invalid
    if (
        separator == "."
        and len(fraction) == 3
        and 1 <= len(integer) <= 3
        and not integer.startswith("0")
    ):
        return integer + fraction, ""
    return integer, fraction


def normalise_periode(text: str) -> str:
    """Normalise a period to ``2019``, ``2022Q4`` or ``2022-09``.

    Accepted: a year; a quarter as ``2022Q4``, ``2022-Q4``, ``2022 q4`` or ``2022/Q4``; a month
    as ``2022-09``, ``2022-9``, ``2022/09``, ``09-2022`` or ``09/2022``. Years must lie in
    1990-2100. Raises ``ValueError`` with a Dutch message otherwise.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError("periode is leeg")
    if match := re.fullmatch(r"([0-9]{4})", stripped):
        year, suffix = match.group(1), ""
    elif match := re.fullmatch(r"([0-9]{4}) ?[-/ ]? ?[Qq]([0-9]+)", stripped):
        year, quarter = match.group(1), int(match.group(2))
        if not 1 <= quarter <= 4:
            raise ValueError(
                f"'{stripped}' is geen geldige periode: kwartaal moet 1 tot en met 4 zijn"
            )
        suffix = f"Q{quarter}"
    elif match := re.fullmatch(r"([0-9]{4})[-/]([0-9]{1,2})", stripped):
        year, month = match.group(1), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_bad_month(stripped))
        suffix = f"-{month:02d}"
    elif match := re.fullmatch(r"([0-9]{1,2})[-/]([0-9]{4})", stripped):
        year, month = match.group(2), int(match.group(1))
        if not 1 <= month <= 12:
            raise ValueError(_bad_month(stripped))
        suffix = f"-{month:02d}"
    else:
        raise ValueError(f"'{stripped}' is geen geldige periode ({_PERIODE_HINT})")
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValueError(
            f"'{stripped}' is geen geldige periode: "
            f"jaar moet tussen {MIN_YEAR} en {MAX_YEAR} liggen"
        )
    return year + suffix


@functools.lru_cache(maxsize=4096)
def _normalise_periode_cached(text: str) -> str:
    return normalise_periode(text)


def _bad_month(text: str) -> str:
    return f"'{text}' is geen geldige periode: maand moet 01 tot en met 12 zijn"


# --------------------------------------------------------------------------------------------
# Schema

OBSERVATION_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": pa.Column(str, pa.Check.str_length(min_value=1)),
        "geo": pa.Column(str, pa.Check.str_matches(GEO_PATTERN)),
        "periode": pa.Column(str, pa.Check.str_matches(PERIODE_PATTERN)),
        "teller": pa.Column(float, pa.Check.ge(0), nullable=True),
        "noemer": pa.Column(float, pa.Check.ge(0), nullable=True),
        "opmerking": pa.Column(str, required=False),
        "bron_bestand": pa.Column(str, required=False),
        "bron_rij": pa.Column("int64", pa.Check.ge(1), required=False),
    },
    unique=["indicator", "geo", "periode"],
    name="observaties",
)
"""Pandera schema of the canonical observation frame (provenance columns optional)."""


def _empty_frame() -> pd.DataFrame:
    return _build_frame([])


# --------------------------------------------------------------------------------------------
# Reading


@dataclass
class _Record:
    """One data row after parsing; ``ok`` is False when it has a problem."""

    bestand: str
    rij: int
    indicator: str
    geo: str
    periode: str
    teller: float
    noemer: float
    opmerking: str
    ok: bool
    key_ok: bool
    blad: str | None = None


@dataclass
class _Settings:
    indicators: dict[str, str]  # lower-case id -> id
    references: frozenset[str]
    geo_check: GeoCheck | None
    non_proportions: frozenset[str]
    geo_cache: dict[tuple[str, str], str | None] = field(default_factory=dict)
    #: Percentages (teller / noemer): a noemer is required.
    rates: frozenset[str] = frozenset()
    #: Catalogue frequency per id (maand, kwartaal, jaar): what a date in periode means.
    frequencies: dict[str, str] = field(default_factory=dict)
    #: Ids whose teller and noemer may hold a fraction (catalogue ``breuken: true``).
    fractional: frozenset[str] = frozenset()


@dataclass
class _FileOutcome:
    records: list[_Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    notes: list[Problem] = field(default_factory=list)
    plain: pd.DataFrame | None = None  # rows read by the vectorised path (analysis.snelinlezen)


Cell = Any
Row = tuple[int, Sequence[Cell]]


def read_observations(
    paths: Iterable[str | Path] | str | Path,
    *,
    geo_check: GeoCheck | None = None,
    indicators: Collection[str] | None = None,
    reference_indicators: Collection[str] | None = None,
    non_proportions: Collection[str] = (),
    max_problems_per_file: int = 50,
    catalogue: Catalogue | None = None,
) -> ReadResult:
    """Read CSV/XLSX files and directories into one validated canonical frame.

    Directories are searched recursively for ``.csv`` and ``.xlsx`` files (sorted), skipping
    hidden files and folders, the folders of NON_OBSERVATION_FOLDERS and Excel lock files (``~$``).
    ``geo_check(geo, periode)`` returns ``None`` or a Dutch reason why the geo is unknown;
    without it only the shape of ``geo`` is checked. ``non_proportions`` lists indicator ids
    whose teller may exceed the noemer. Duplicate keys are detected across all files.
    ``indicators`` and ``reference_indicators`` default (``None``) to the observation and
    reference-table ids of the default catalogue (:func:`load_catalogue`). The ``catalogue``
    (default: the default catalogue) tells per indicator whether it is a percentage (a noemer
    is required), its frequency (what a date cell in ``periode`` means) and whether its
    counts may hold a fraction; ids it does not know get none of these rules.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if catalogue is None:
        catalogue = load_catalogue()
    if indicators is None:
        indicators = catalogue.observation_ids
    if reference_indicators is None:
        reference_indicators = catalogue.reference_ids
    settings = _Settings(
        indicators={ind.lower(): ind for ind in indicators},
        references=frozenset(ref.lower() for ref in reference_indicators),
        geo_check=geo_check,
        non_proportions=frozenset(non_proportions),
        rates=frozenset(ind.id for ind in catalogue if ind.is_rate),
        frequencies={ind.id: ind.frequentie for ind in catalogue},
        fractional=frozenset(ind.id for ind in catalogue if ind.breuken),
    )
    notes: list[Problem] = []
    problems_by_file: dict[str, list[Problem]] = {}
    files: list[str] = []
    parts: list[tuple[pd.DataFrame | None, list[_Record]]] = []
    rows_read = 0
    seen: set[Path] = set()
    for given in paths:
        found, expand_problems = _expand(given)
        for problem in expand_problems:
            problems_by_file.setdefault(problem.bestand, []).append(problem)
        for display, path in found:
            try:
                identity = path.resolve()
            except (OSError, RuntimeError):
                identity = path
            if identity in seen:
                continue
            seen.add(identity)
            files.append(display)
            outcome = _read_file(display, path, settings)
            problems_by_file.setdefault(display, []).extend(outcome.problems)
            notes.extend(outcome.notes)
            parts.append((outcome.plain, outcome.records))
            outcome.plain = None  # combine() releases each file's rows as it takes them
            rows_read += outcome.rows_read

    data, duplicates = snelinlezen.combine(parts, _build_frame)
    for problem in duplicates:
        problems_by_file.setdefault(problem.bestand, []).append(problem)

    problems: list[Problem] = []
    for file_problems in problems_by_file.values():
        problems.extend(_cap(file_problems, max_problems_per_file))

    data, schema_problems = _validate_schema(data)
    problems.extend(schema_problems)
    return ReadResult(data=data, problems=problems, files=files, rows_read=rows_read, notes=notes)


def _expand(given: str | Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Turn a path argument into (display name, path) pairs of files to read, plus problems."""
    display = str(given)
    path = Path(given)
    try:
        if path.is_dir():
            return _expand_directory(display, path)
        if not path.exists():
            return [], [Problem(display, None, None, "bestand of map bestaat niet")]
    except OSError as exc:
        return [], [
            Problem(display, None, None, f"bestand kan niet gelezen worden ({exc.strerror})")
        ]
    suffix = _suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        return [], [Problem(display, None, None, _unsupported_message(suffix))]
    return [(display, path)], []


def _suffix(path: Path) -> str:
    """``.csv``, ``.xlsx``, or ``.csv.gz`` for a compressed CSV."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return "".join(suffixes) if suffixes == [".csv", ".gz"] else path.suffix.lower()


def _unsupported_message(suffix: str) -> str:
    shown = suffix or "(geen extensie)"
    return f"bestandstype '{shown}' wordt niet ondersteund; sla het op als .csv (UTF-8) of .xlsx"


def _expand_directory(display: str, root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    candidates: list[Path] = []
    try:
        for path in root.rglob("*"):
            relative = path.relative_to(root)
            parents = relative.parts[:-1]
            if any(
                part.startswith(".") or part.lower() in NON_OBSERVATION_FOLDERS for part in parents
            ):
                continue
            if relative.name.startswith((".", "~$")) or not path.is_file():
                continue
            candidates.append(relative)
    except OSError as exc:
        return [], [Problem(display, None, None, f"map kan niet gelezen worden ({exc.strerror})")]
    for relative in sorted(candidates, key=lambda rel: [part.lower() for part in rel.parts]):
        suffix = _suffix(relative)
        shown = str(Path(display) / relative)
        if suffix in SUPPORTED_SUFFIXES:
            found.append((shown, root / relative))
        elif suffix in _UNSUPPORTED_DATA_SUFFIXES:
            problems.append(Problem(shown, None, None, _unsupported_message(suffix)))
    # A data folder holding only its reference tables is not empty.
    if not found and not problems and not (root / "reference").is_dir():
        problems.append(
            Problem(display, None, None, "map bevat geen databestanden (.csv of .xlsx)")
        )
    return found, problems


def _read_file(display: str, path: Path, settings: _Settings) -> _FileOutcome:
    """Read one supported file; never raises."""
    try:
        if path.suffix.lower() == ".xlsx":
            return _read_xlsx(display, path, settings)
        return _read_csv(display, path, settings)
    except Exception as exc:  # the I/O boundary: nothing may escape as a traceback
        message = f"onverwachte fout bij het lezen van het bestand ({type(exc).__name__}: {exc})"
        return _FileOutcome(problems=[Problem(display, None, None, message)])


#: Read CSV files with the vectorised path (analysis.snelinlezen) where it applies.
FAST_CSV = True


def _read_csv(display: str, path: Path, settings: _Settings) -> _FileOutcome:
    if FAST_CSV:
        fast = snelinlezen.read_csv(display, path, _row_rules(display, settings))
        if fast is not None:
            problems = fast.problems + _check_noemer_column(
                display, fast.header_row, fast.positions, fast.records, settings
            )
            return _FileOutcome(fast.records, problems, fast.rows_read, plain=fast.plain)
    rows, problem = _csv_rows(display, path)
    if problem is not None:
        return _FileOutcome(problems=[problem])
    return _process_table(display, rows, "csv", settings)


def _csv_rows(display: str, path: Path) -> tuple[list[Row], Problem | None]:
    """The numbered rows of a UTF-8 CSV file (separator detected), or the problem reading it."""
    try:
        raw = path.read_bytes()
        if _suffix(path) == ".csv.gz":
            raw = gzip.decompress(raw)
    except (EOFError, gzip.BadGzipFile, zlib.error):  # BadGzipFile is an OSError: first
        return [], Problem(display, None, None, "bestand is geen geldig gzip-bestand")
    except OSError as exc:
        return [], Problem(display, None, None, f"bestand kan niet gelezen worden ({exc.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = (
            f"bestand is niet in UTF-8 gecodeerd (byte 0x{raw[exc.start]:02x} op positie "
            f"{exc.start}); sla het op als UTF-8"
        )
        return [], Problem(display, line, None, message)
    text = text.removeprefix("\ufeff")
    delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
    except csv.Error as exc:
        return [], _csv_problem(display, len(rows) + 1, exc)
    return rows, None


_FIELD_LIMIT_RE = re.compile(r"field larger than field limit \(([0-9]+)\)")


def _csv_problem(display: str, row: int, error: csv.Error) -> Problem:
    """A Dutch problem for an error of the csv module (its messages are English)."""
    if match := _FIELD_LIMIT_RE.search(str(error)):
        limit = _thousands(int(match.group(1)))
        message = (
            f"bestand kan niet gelezen worden als CSV: een veld is langer dan {limit} tekens; "
            'meestal ontbreekt een afsluitend aanhalingsteken ("), waardoor de rest van het '
            "bestand als één veld gelezen wordt"
        )
    else:
        message = (
            "bestand kan niet gelezen worden als CSV: de rij is geen geldige CSV-regel "
            "(controleer aanhalingstekens en scheidingstekens)"
        )
    return Problem(display, row, None, message)


def _thousands(number: int) -> str:
    """nl-BE thousands separator: 131.072."""
    return f"{number:,}".replace(",", ".")


def _detect_delimiter(text: str) -> str:
    """The separator of the first line that holds all required columns, else the most frequent."""
    lines = [line for line in text.splitlines()[: HEADER_SEARCH_ROWS * 2] if line.strip()]
    for line in lines[:HEADER_SEARCH_ROWS]:
        for delimiter in _DELIMITERS:
            try:
                cells = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:
                continue
            if set(REQUIRED_COLUMNS) <= {_header_name(cell) for cell in cells}:
                return delimiter
    first = lines[0] if lines else ""
    best = max(_DELIMITERS, key=first.count)
    return best if first.count(best) else ","


def _read_xlsx(display: str, path: Path, settings: _Settings) -> _FileOutcome:
    """Every visible sheet with a header row; a note for each sheet that is not read."""
    try:
        workbook = read_workbook(path)
    except OSError as exc:
        message = f"bestand kan niet gelezen worden ({exc.strerror})"
        return _FileOutcome(problems=[Problem(display, None, None, message)])
    except WorkbookError as exc:
        return _FileOutcome(problems=[Problem(display, None, None, str(exc))])
    outcome = _FileOutcome()
    with_header: list[Sheet] = []
    header_only: list[tuple[Sheet, int]] = []  # a header and nothing below it
    broken: list[tuple[Sheet, list[Row]]] = []  # a data sheet whose header lacks a column
    for sheet in workbook.sheets:
        if sheet.hidden:
            outcome.notes.append(_sheet_note(display, sheet.name, "verborgen blad: niet gelezen"))
            continue
        content = [(number, cells) for number, cells in sheet.rows if _row_has_content(cells)]
        header = _find_header(content) if content else None
        if not content:
            outcome.notes.append(_sheet_note(display, sheet.name, "leeg blad: overgeslagen"))
        elif header is not None and header == len(content) - 1:
            header_only.append((sheet, content[header][0]))
        elif header is not None:
            with_header.append(sheet)
        elif _partial_header(content) is not None:
            broken.append((sheet, content))
        else:
            outcome.notes.append(
                _sheet_note(
                    display,
                    sheet.name,
                    f"blad zonder kopregel met de kolommen {_quote_list(REQUIRED_COLUMNS)}: "
                    "overgeslagen",
                )
            )
    for sheet, content in broken:
        outcome.problems.append(_header_problem(display, content, "xlsx", sheet.name))
    for sheet, header_row in header_only:
        # Beside sheets with data, an unfilled sheet (next year's) is no error; alone it is.
        message = f"er staan geen gegevens onder de kopregel (rij {header_row})"
        if with_header:
            outcome.notes.append(_sheet_note(display, sheet.name, f"{message}: overgeslagen"))
        else:
            outcome.problems.append(_sheet_note(display, sheet.name, f"blad is leeg: {message}"))
    if not with_header:
        if not broken and not header_only:
            outcome.problems.append(_no_sheet_problem(display, workbook))
        return outcome
    try:
        mark_uncomputed_formulas(workbook, {sheet.name for sheet in with_header})
    except OSError as exc:
        message = f"bestand kan niet gelezen worden ({exc.strerror})"
        return _FileOutcome(problems=[Problem(display, None, None, message)])
    except WorkbookError as exc:
        return _FileOutcome(problems=[Problem(display, None, None, str(exc))])
    for sheet in with_header:
        read = _process_table(display, sheet.rows, "xlsx", settings, sheet=sheet.name)
        outcome.records.extend(read.records)
        outcome.problems.extend(read.problems)
        outcome.rows_read += read.rows_read
    return outcome


def _sheet_note(display: str, sheet: str, message: str) -> Problem:
    return Problem(display, None, None, message, blad=sheet)


def _no_sheet_problem(display: str, workbook: Workbook) -> Problem:
    """The workbook has no visible sheet with data: empty, or only hidden or headerless sheets."""
    hidden = [sheet.name for sheet in workbook.sheets if sheet.hidden]
    filled = [
        sheet
        for sheet in workbook.sheets
        if not sheet.hidden and any(_row_has_content(cells) for _, cells in sheet.rows)
    ]
    if not filled and not hidden:
        return Problem(display, None, None, "bestand is leeg")
    message = (
        "geen kopregel gevonden: geen zichtbaar blad heeft een rij met de kolommen "
        f"{_quote_list(REQUIRED_COLUMNS)} (noemer en opmerking mogen ontbreken)"
    )
    if hidden:
        noun, verb = ("blad", "wordt") if len(hidden) == 1 else ("bladen", "worden")
        message += (
            f"; verborgen {noun} {_quote_list(hidden)} {verb} niet gelezen: maak een blad "
            "zichtbaar als het de gegevens bevat"
        )
    return Problem(display, None, None, message)


# --------------------------------------------------------------------------------------------
# Table processing


def _cell_text(value: Cell) -> str:
    """A cell as trimmed text (integral floats without ``.0``)."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _header_name(value: Cell) -> str:
    return " ".join(_cell_text(value).removeprefix("\ufeff").split()).lower()


def _row_has_content(cells: Sequence[Cell]) -> bool:
    return any(_cell_text(cell) for cell in cells)


def _find_header(rows: Sequence[Row]) -> int | None:
    """Index of the first row (within the search window) holding all required columns."""
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if set(REQUIRED_COLUMNS) <= {_header_name(cell) for cell in cells}:
            return index
    return None


def _quote_list(names: Iterable[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _process_table(
    display: str,
    rows: list[Row],
    kind: Literal["csv", "xlsx"],
    settings: _Settings,
    *,
    sheet: str | None = None,
) -> _FileOutcome:
    """Parse the rows of one table (a CSV file or one sheet of a workbook)."""
    content = [(number, cells) for number, cells in rows if _row_has_content(cells)]
    if not content:
        return _FileOutcome(problems=[Problem(display, None, None, "bestand is leeg", sheet)])
    header_index = _find_header(content)
    if header_index is None:
        return _FileOutcome(problems=[_header_problem(display, content, kind, sheet)])
    header_row, header_cells = content[header_index]
    positions: dict[str, int] = {}
    doubles: list[str] = []
    for position, cell in enumerate(header_cells):
        name = _header_name(cell)
        if name in positions and name in (*CANONICAL_COLUMNS, "opmerking"):
            doubles.append(name)
        positions.setdefault(name, position)
    if doubles:
        message = (
            f"kolom {_quote_list(dict.fromkeys(doubles))} komt meer dan eens voor in de kopregel"
        )
        return _FileOutcome(problems=[Problem(display, header_row, None, message, sheet)])
    data_rows = content[header_index + 1 :]
    if not data_rows:
        subject = "bestand" if sheet is None else "blad"
        message = f"{subject} is leeg: er staan geen gegevens onder de kopregel (rij {header_row})"
        return _FileOutcome(problems=[Problem(display, None, None, message, sheet)])
    outcome = _FileOutcome(rows_read=len(data_rows))
    for number, cells in data_rows:
        record, problems = _process_row(display, number, cells, positions, settings, sheet=sheet)
        outcome.records.append(record)
        outcome.problems.extend(problems)
    outcome.problems.extend(
        _check_noemer_column(display, header_row, positions, outcome.records, settings, sheet)
    )
    return outcome


def _check_noemer_column(
    display: str,
    header_row: int,
    positions: dict[str, int],
    records: list[_Record],
    settings: _Settings,
    sheet: str | None = None,
) -> list[Problem]:
    """Without a ``noemer`` column, each percentage in the table is an error (one per id).

    :func:`_process_row` makes those rows invalid (a percentage without noemer cannot be
    computed, and reading it as a count would be wrong in silence); this names them once.
    """
    if "noemer" in positions:
        return []
    rows_by_id: dict[str, list[_Record]] = {}
    for record in records:
        if (
            record.indicator in settings.rates
            and settings.indicators.get(record.indicator.lower()) == record.indicator
        ):
            rows_by_id.setdefault(record.indicator, []).append(record)
    problems: list[Problem] = []
    for indicator, found in rows_by_id.items():
        rows = _count_rows(len(found))
        problems.append(
            Problem(
                display,
                header_row,
                None,
                f"kolom 'noemer' ontbreekt, maar '{indicator}' is een percentage (teller / noemer) "
                f"en heeft een noemer nodig ({rows}, eerste: rij {found[0].rij}); voeg de kolom "
                "'noemer' toe",
                sheet,
            )
        )
    return problems


def _count_rows(count: int) -> str:
    return "1 rij" if count == 1 else f"{_thousands(count)} rijen"


def _partial_header(content: Sequence[Row]) -> Row | None:
    """The first row (within the search window) with at least two of the required columns."""
    required = set(REQUIRED_COLUMNS)
    for row in content[:HEADER_SEARCH_ROWS]:
        if len(required & {_header_name(cell) for cell in row[1]}) >= 2:
            return row
    return None


def _header_problem(
    display: str,
    content: list[Row],
    kind: Literal["csv", "xlsx"],
    sheet: str | None = None,
) -> Problem:
    """Problem for a table without a full header row: missing columns or no header at all."""
    candidate = _partial_header(content)
    if candidate is None and kind == "csv":
        candidate = content[0]
    if candidate is None:
        return Problem(
            display,
            None,
            None,
            "geen kopregel gevonden: geen rij bevat de kolommen "
            f"{_quote_list(REQUIRED_COLUMNS)} (noemer en opmerking mogen ontbreken)",
            sheet,
        )
    number, cells = candidate
    names = [name for name in (_header_name(cell) for cell in cells) if name]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if len(missing) == 1:
        message = f"verplichte kolom {_quote_list(missing)} ontbreekt"
    else:
        message = f"verplichte kolommen {_quote_list(missing)} ontbreken"
    message += f" (gevonden kolommen: {_quote_list(names)})"
    return Problem(display, number, None, message, sheet)


def _process_row(
    display: str,
    number: int,
    cells: Sequence[Cell],
    positions: dict[str, int],
    settings: _Settings,
    *,
    sheet: str | None = None,
) -> tuple[_Record, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str | None, message: str) -> None:
        problems.append(Problem(display, number, column, message, sheet))

    uncomputed: set[str] = set()

    def cell(name: str) -> Cell:
        position = positions.get(name)
        if position is None or position >= len(cells):
            return None
        value = cells[position]
        if isinstance(value, UncomputedFormula):
            if name not in uncomputed:
                uncomputed.add(name)
                problem(name, value.message)
            return None
        return value

    notes: list[str] = []
    remark = _cell_text(cell("opmerking"))
    if remark:
        notes.append(remark)

    # indicator
    indicator_text = _cell_text(cell("indicator"))
    indicator = settings.indicators.get(indicator_text.lower(), indicator_text)
    indicator_ok = False
    if "indicator" in uncomputed:
        pass
    elif not indicator_text:
        problem("indicator", "indicator is leeg")
    elif indicator_text.lower() in settings.indicators:
        indicator_ok = True
    elif indicator_text.lower() in settings.references:
        problem(
            "indicator",
            f"'{indicator_text}' is een referentietabel en geen observatie-indicator; "
            "lever die apart aan, niet als observaties",
        )
    else:
        message = f"onbekende indicator '{indicator_text}'"
        close = difflib.get_close_matches(
            indicator_text.lower(), list(settings.indicators), n=1, cutoff=0.6
        )
        if close:
            message += f"; bedoelt u '{settings.indicators[close[0]]}'?"
        problem("indicator", message)

    # periode
    raw_periode = cell("periode")
    periode_ok = False
    if "periode" in uncomputed:
        periode = ""
    else:
        try:
            if isinstance(raw_periode, datetime | date):
                # A date is a day; which period it stands for depends on the indicator.
                frequency = settings.frequencies.get(indicator) if indicator_ok else None
                text = periode_from_date(raw_periode, indicator, frequency)
            else:
                text = _periode_text(raw_periode)
            periode = _normalise_periode_cached(text)
            periode_ok = True
        except ValueError as exc:
            periode = _cell_text(raw_periode)
            problem("periode", str(exc))

    # geo
    geo = _normalise_geo(cell("geo"))
    geo_ok = False
    if "geo" in uncomputed:
        pass
    elif not geo:
        problem("geo", "geo is leeg")
    elif not _GEO_RE.fullmatch(geo):
        problem(
            "geo",
            f"'{geo}' is geen geldige geo-code (verwacht een NIS-code van 5 cijfers "
            "of een gebiedscode zoals RG05)",
        )
    elif periode_ok and settings.geo_check is not None:
        reason = _check_geo(settings, geo, periode)
        if reason is None:
            geo_ok = True
        else:
            problem("geo", reason)
    else:
        geo_ok = True

    # teller and noemer
    is_rate = indicator_ok and indicator in settings.rates
    whole = indicator not in settings.fractional
    raw_teller, raw_noemer = cell("teller"), cell("noemer")
    teller, teller_ok = _parse_count(
        raw_teller, "teller", notes, problem, empty_note=True, whole=whole
    )
    noemer, noemer_ok = _parse_count(
        raw_noemer, "noemer", notes, problem, empty_note=False, whole=whole
    )
    teller_ok = teller_ok and "teller" not in uncomputed
    noemer_ok = noemer_ok and "noemer" not in uncomputed
    if is_rate and "noemer" not in positions:
        noemer_ok = False  # named once per table by _check_noemer_column
    elif is_rate and noemer_ok and not _cell_text(raw_noemer) and "noemer" not in uncomputed:
        problem(
            "noemer",
            f"noemer ontbreekt (lege cel), maar '{indicator}' is een percentage (teller / "
            "noemer) en heeft een noemer nodig; schrijf een onderdrukte noemer als '-' of '<5'",
        )
        noemer_ok = False
    if noemer_ok and noemer == 0:
        problem("noemer", "noemer is 0; een aandeel met noemer 0 is niet gedefinieerd")
        noemer_ok = False
    elif (
        teller_ok
        and noemer_ok
        and teller > noemer  # False when either is NaN
        and indicator not in settings.non_proportions
    ):
        problem(
            "teller",
            f"teller '{_cell_text(raw_teller)}' is groter dan noemer "
            f"'{_cell_text(raw_noemer)}'; bij een aandeel kan dat niet",
        )
        teller_ok = False

    key_ok = indicator_ok and geo_ok and periode_ok
    record = _Record(
        bestand=display,
        rij=number,
        indicator=indicator,
        geo=geo,
        periode=periode,
        teller=teller,
        noemer=noemer,
        opmerking="; ".join(notes),
        ok=key_ok and teller_ok and noemer_ok and not uncomputed,
        key_ok=key_ok,
        blad=sheet,
    )
    return record, problems


def _periode_text(value: Cell) -> str:
    """A periode cell (not a date: see periode_from_date) as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _cell_text(float(value))
    return _cell_text(value)


def _normalise_geo(value: Cell) -> str:
    """Numeric codes become 5-digit NIS codes; other codes are trimmed text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and number >= 0:
            return str(int(number)).zfill(5)
        return _cell_text(value)
    text = _cell_text(value)
    if _NUMERIC_GEO_RE.fullmatch(text):
        return str(int(text.split(".")[0])).zfill(5)
    return text


def _check_geo(settings: _Settings, geo: str, periode: str) -> str | None:
    key = (geo, periode)
    if key not in settings.geo_cache:
        assert settings.geo_check is not None
        try:
            settings.geo_cache[key] = settings.geo_check(geo, periode)
        except Exception as exc:  # a faulty checker must not crash the reader
            settings.geo_cache[key] = (
                f"controle van geo '{geo}' mislukt ({type(exc).__name__}: {exc})"
            )
    return settings.geo_cache[key]


def _row_rules(display: str, settings: _Settings) -> snelinlezen.RowRules:
    """The per-row rules as the vectorised path uses them (plain values are judged here)."""

    def periode_plain(text: str) -> bool:
        try:
            return _normalise_periode_cached(text) == text
        except ValueError:
            return False

    def geo_plain(geo: str, periode: str) -> bool:
        if _normalise_geo(geo) != geo or not _GEO_RE.fullmatch(geo):
            return False
        return settings.geo_check is None or _check_geo(settings, geo, periode) is None

    def process_row(
        number: int, cells: Sequence[Cell], positions: dict[str, int]
    ) -> tuple[_Record, list[Problem]]:
        return _process_row(display, number, cells, positions, settings)

    return snelinlezen.RowRules(
        indicator_ids=frozenset(settings.indicators.values()),
        periode_plain=periode_plain,
        geo_plain=geo_plain,
        process_row=process_row,
        detect_delimiter=_detect_delimiter,
        find_header=_find_header,
        header_name=_header_name,
        has_content=_row_has_content,
        header_rows=HEADER_SEARCH_ROWS,
        single_columns=frozenset((*CANONICAL_COLUMNS, "opmerking")),
    )


def _parse_count(
    value: Cell,
    column: str,
    notes: list[str],
    problem: Callable[[str | None, str], None],
    *,
    empty_note: bool,
    whole: bool = True,
) -> tuple[float, bool]:
    """Parse a teller/noemer cell; returns (value or NaN, ok) and appends notes or problems.

    Text with one comma followed by exactly three digits (``25,000``, ``1,234``) is refused as
    ambiguous: English thousands or a Dutch decimal comma. With ``whole`` (the default: teller
    and noemer count people or things) a fraction is refused too.
    """
    nan = float("nan")
    if isinstance(value, bool):
        problem(column, f"'{_cell_text(value)}' is geen getal")
        return nan, False
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            problem(column, f"'{_cell_text(value)}' is geen getal")
            return nan, False
        text = _cell_text(value)
        if number in _MISSING_CODES:
            notes.append(_missing_note(column, text, number))
            return nan, True
    else:
        text = _cell_text(value)
        if _AMBIGUOUS_COMMA_RE.fullmatch(text):
            problem(column, _ambiguous_message(text))
            return nan, False
        try:
            parsed = parse_number(text)
        except ValueError as exc:
            problem(column, str(exc))
            return nan, False
        if parsed is None:
            if text or empty_note:
                notes.append(_missing_note(column, text, None))
            return nan, True
        number = parsed
    if number < 0:
        problem(column, f"'{text}' is negatief; een aantal kan niet negatief zijn")
        return nan, False
    if whole and not number.is_integer():
        nearest = round(number)
        # A stored formula result may carry binary noise (0.1 * 30 = 3.0000000000000004).
        if abs(number - nearest) > _WHOLE_TOLERANCE * max(1.0, abs(number)):
            problem(
                column,
                f"'{text}' is geen geheel getal; de {column} is een aantal en heeft geen decimalen",
            )
            return nan, False
        number = float(nearest)
    return number + 0.0, True


def _ambiguous_message(text: str) -> str:
    sign = "-" if text.startswith("-") else ""
    integer, fraction = text.lstrip("+-").split(",")
    english = f"{sign}{int(integer + fraction)}"
    decimals = fraction.rstrip("0")
    dutch = f"{sign}{int(integer)}" + (f",{decimals}" if decimals else "")
    return (
        f"'{text}' is niet eenduidig: een komma gevolgd door precies drie cijfers kan een "
        f"Engelse duizendtalscheiding zijn ({english}) of een decimale komma ({dutch}); "
        f"schrijf het aantal zonder scheidingsteken, bv. {english}"
    )


def _missing_note(column: str, text: str, number: float | None) -> str:
    if not text:
        return f"{column} ontbreekt (lege cel)"
    if text in _UNKNOWN_MARKERS:
        return f"{column} ontbreekt ('{text}')"
    if number is None:
        try:
            number = _parse_numeric_text(text)
        except ValueError:
            number = None
    if number is not None and number in _MISSING_CODES:
        status, meaning = _MISSING_CODES[int(number)]
        return f"{column} {status} ('{text}': {meaning})"
    return f"{column} onderdrukt ('{text}')"


# --------------------------------------------------------------------------------------------
# Cross-row checks and output


def _cap(problems: list[Problem], limit: int) -> list[Problem]:
    """Sort a file's problems by sheet and row and keep at most ``limit``, with a closing count.

    Problems of the whole file come first, then those of each sheet in workbook order.
    """
    sheets: dict[str | None, int] = {None: 0}
    for problem in problems:
        sheets.setdefault(problem.blad, len(sheets))

    def order(problem: Problem) -> tuple[int, int, int]:
        whole_file = problem.blad is None and problem.rij is None
        return (0 if whole_file else 1, sheets[problem.blad], problem.rij or 0)

    ordered = sorted(problems, key=order)
    if len(ordered) <= max(limit, 0):
        return ordered
    kept, rest = ordered[: max(limit, 0)], len(ordered) - max(limit, 0)
    noun = "ander probleem" if rest == 1 else "andere problemen"
    return [*kept, Problem(ordered[0].bestand, None, None, f"... en {rest} {noun}")]


def _build_frame(records: list[_Record]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "indicator": [r.indicator for r in records],
            "geo": [r.geo for r in records],
            "periode": [r.periode for r in records],
            "teller": [r.teller for r in records],
            "noemer": [r.noemer for r in records],
            "opmerking": [r.opmerking for r in records],
            "bron_bestand": [r.bestand for r in records],
            "bron_rij": [r.rij for r in records],
        },
        columns=list(OUTPUT_COLUMNS),
    )
    text_columns = ("indicator", "geo", "periode", "opmerking", "bron_bestand")
    return frame.astype(
        {**dict.fromkeys(text_columns, str), "teller": float, "noemer": float, "bron_rij": "int64"}
    )


def _validate_schema(data: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Run OBSERVATION_SCHEMA as a final guarantee; failing rows become problems.

    The row checks above should make this pass always; if it does not, the offending rows are
    dropped (or every row, for a failure that is not tied to a row) and reported.
    """
    try:
        return OBSERVATION_SCHEMA.validate(data, lazy=True), []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    except Exception as exc:  # defensive: a schema crash must not escape either
        problem = Problem("(gegevenscontract)", None, None, f"controle mislukt ({exc})")
        return _empty_frame(), [problem]
    problems: list[Problem] = []
    bad: set[Any] = set()
    whole_frame = False
    for case in cases.to_dict("records"):
        index, column, check = case.get("index"), case.get("column"), case.get("check")
        if index is None or pd.isna(index) or index not in data.index:
            whole_frame = True
            melding = f"gegevens voldoen niet aan het gegevenscontract ({check})"
            problems.append(Problem("(gegevenscontract)", None, column, melding))
            continue
        bad.add(index)
        row = data.loc[index]
        melding = f"voldoet niet aan het gegevenscontract ({check})"
        problems.append(Problem(str(row["bron_bestand"]), int(row["bron_rij"]), column, melding))
    problems = list(dict.fromkeys(problems))
    if whole_frame:
        return _empty_frame(), problems
    return data.drop(index=sorted(bad)).reset_index(drop=True), problems


# --------------------------------------------------------------------------------------------
# Reference tables (data/reference/*.csv)

#: Reference tables and their required columns; each row names its source in ``bron``.
REFERENCE_TABLES: dict[str, tuple[str, ...]] = {
    "provincies": ("code", "naam", "bron"),
    "gemeenten": ("grenzen", "nis", "naam", "provincie", "bron"),
    "fusies": ("fusie", "oud_nis", "oud_naam", "nieuw_nis", "nieuw_naam", "bron"),
    "centrumsteden": ("grenzen", "nis", "naam", "bron"),
    "regiegebieden": ("grenzen", "code", "naam", "provincie", "nis", "status", "bron"),
    "referentieregios": ("grenzen", "code", "naam", "nis", "bron"),
}
REGIEGEBIED_STATUS: tuple[str, ...] = ("bevestigd", "waarschijnlijk", "benadering")
#: Boundary version before and after each merger.
MERGERS: dict[str, tuple[str, str]] = {"2019": ("2018", "2024"), "2025": ("2024", "2025")}
_NIS_COLUMNS = frozenset({"nis", "oud_nis", "nieuw_nis"})
_NIS_RE = re.compile(r"^\d{5}$")


class InputError(Exception):
    """Input that cannot be used; carries the problems (Dutch messages) to show."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def read_reference(
    directory: str | Path, *, max_problems: int = 50
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and check the reference tables of ``directory`` (see :data:`REFERENCE_TABLES`).

    Returns the tables (string columns, the required ones in order) and every problem found,
    each naming file, row and column. Cross-table checks (a member gemeente exists in its
    boundary version, a referentieregio partition is complete) run when the tables read cleanly.
    """
    from analysis.geography import VERSIONS  # geography is pure; no import cycle at load

    root = Path(directory)
    tables: dict[str, pd.DataFrame] = {}
    rows_of: dict[str, list[int]] = {}
    problems: list[Problem] = []
    for name, columns in REFERENCE_TABLES.items():
        display = str(root / f"{name}.csv")
        table, numbers, found = _read_reference_table(display, root / f"{name}.csv", columns)
        found += _check_reference_cells(display, name, table, numbers, VERSIONS)
        problems += _cap(found, max_problems)
        tables[name], rows_of[name] = table, numbers
    if not problems:
        problems = _check_reference_links(root, tables, rows_of, max_problems)
    return tables, problems


def _read_reference_table(
    display: str, path: Path, columns: tuple[str, ...]
) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    empty = pd.DataFrame(columns=list(columns), dtype=str)
    if not path.is_file():
        return empty, [], [Problem(display, None, None, "referentietabel ontbreekt")]
    rows, problem = _csv_rows(display, path)
    if problem is not None:
        return empty, [], [problem]
    content = [(number, cells) for number, cells in rows if _row_has_content(cells)]
    if not content:
        return empty, [], [Problem(display, None, None, "bestand is leeg")]
    header_row, header = content[0]
    names = [_header_name(cell) for cell in header]
    missing = [column for column in columns if column not in names]
    if missing:
        label = "verplichte kolom" if len(missing) == 1 else "verplichte kolommen"
        verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
        found = _quote_list(name for name in names if name)
        message = f"{label} {_quote_list(missing)} {verb} (gevonden kolommen: {found})"
        return empty, [], [Problem(display, header_row, None, message)]
    positions = {column: names.index(column) for column in columns}
    records = [
        [cells[positions[c]].strip() if positions[c] < len(cells) else "" for c in columns]
        for _, cells in content[1:]
    ]
    numbers = [number for number, _ in content[1:]]
    return pd.DataFrame(records, columns=list(columns), dtype=str), numbers, []


def _check_reference_cells(
    display: str, name: str, table: pd.DataFrame, numbers: list[int], versions: Sequence[str]
) -> list[Problem]:
    problems: list[Problem] = []
    nis_columns = set(_NIS_COLUMNS) | ({"provincie"} if "provincie" in table.columns else set())
    if name == "provincies":
        nis_columns.add("code")
    for position, record in enumerate(table.to_dict("records")):
        row = numbers[position]
        for column, value in record.items():
            if not value:
                problems.append(Problem(display, row, column, "waarde ontbreekt"))
            elif column in nis_columns and not _NIS_RE.match(value):
                problems.append(
                    Problem(display, row, column, f"'{value}' is geen NIS-code van 5 cijfers")
                )
            elif column == "grenzen" and value not in versions:
                problems.append(
                    Problem(
                        display,
                        row,
                        column,
                        f"onbekende grensversie '{value}' (kies uit {', '.join(versions)})",
                    )
                )
            elif column == "fusie" and value not in MERGERS:
                problems.append(
                    Problem(
                        display,
                        row,
                        column,
                        f"onbekende fusie '{value}' (kies uit {', '.join(MERGERS)})",
                    )
                )
            elif column == "status" and value not in REGIEGEBIED_STATUS:
                problems.append(
                    Problem(
                        display,
                        row,
                        column,
                        f"onbekende status '{value}' (kies uit {', '.join(REGIEGEBIED_STATUS)})",
                    )
                )
    return problems


def _check_reference_links(
    root: Path,
    tables: dict[str, pd.DataFrame],
    rows_of: dict[str, list[int]],
    max_problems: int,
) -> list[Problem]:
    """Checks across tables: unique keys, known provinces and gemeenten, full partitions."""
    gemeenten = tables["gemeenten"]
    per_version = {v: set(g["nis"]) for v, g in gemeenten.groupby("grenzen")}
    provinces = set(tables["provincies"]["code"])
    problems: list[Problem] = []
    for name in ("gemeenten", "centrumsteden", "regiegebieden", "referentieregios"):
        display = str(root / f"{name}.csv")
        table, numbers = tables[name], rows_of[name]
        found: list[Problem] = []
        first_row: dict[tuple[str, str], int] = {}
        for position, record in enumerate(table.to_dict("records")):
            row, key = numbers[position], (record["grenzen"], record["nis"])
            if key in first_row:
                found.append(
                    Problem(
                        display,
                        row,
                        "nis",
                        f"gemeente '{key[1]}' staat twee keer in grensversie {key[0]} "
                        f"(rij {first_row[key]} en rij {row})",
                    )
                )
            first_row.setdefault(key, row)
            if name != "gemeenten" and key[1] not in per_version.get(key[0], set()):
                found.append(
                    Problem(
                        display,
                        row,
                        "nis",
                        f"gemeente '{key[1]}' bestaat niet in grensversie {key[0]} "
                        "van gemeenten.csv",
                    )
                )
            if "provincie" in record and record["provincie"] not in provinces:
                found.append(
                    Problem(
                        display,
                        row,
                        "provincie",
                        f"onbekende provincie '{record['provincie']}' (niet in provincies.csv)",
                    )
                )
        if name == "referentieregios":
            for version in sorted(set(table["grenzen"])):
                present = set(table.loc[table["grenzen"] == version, "nis"])
                lacking = sorted(per_version.get(version, set()) - present)
                if lacking:
                    found.append(
                        Problem(
                            display,
                            None,
                            "nis",
                            f"grensversie {version}: {len(lacking)} "
                            f"{'gemeente' if len(lacking) == 1 else 'gemeenten'} zonder "
                            f"referentieregio ({', '.join(lacking[:5])}"
                            f"{', …' if len(lacking) > 5 else ''})",
                        )
                    )
        problems += _cap(found, max_problems)
    display = str(root / "fusies.csv")
    found = []
    for position, record in enumerate(tables["fusies"].to_dict("records")):
        before, after = MERGERS[record["fusie"]]
        for column, version in (("oud_nis", before), ("nieuw_nis", after)):
            if record[column] not in per_version.get(version, set()):
                found.append(
                    Problem(
                        display,
                        rows_of["fusies"][position],
                        column,
                        f"gemeente '{record[column]}' bestaat niet in grensversie {version} van "
                        "gemeenten.csv",
                    )
                )
    return problems + _cap(found, max_problems)


# --------------------------------------------------------------------------------------------
# Indicator catalogue (params/indicators.yaml)

#: The catalogue shipped with the package.
DEFAULT_CATALOGUE = Path(__file__).resolve().parents[1] / "params" / "indicators.yaml"

#: Gist of PyYAML's problem texts in Dutch (matched at the start of the problem).
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed here",
        "hier mag geen ':' staan (zet tekst met ':' tussen aanhalingstekens)",
    ),
    ("could not find expected ':'", "verwachtte ':' na een sleutel"),
    ("did not find expected key", "verwachtte een sleutel (controleer de inspringing)"),
    (
        "did not find expected '-' indicator",
        "verwachtte een lijstitem dat met '- ' begint (controleer de inspringing)",
    ),
    (
        "found character '\\t' that cannot start any token",
        "tabs zijn niet toegestaan; gebruik spaties",
    ),
    ("found unexpected end of stream", "onverwacht einde van het bestand"),
    ("found undefined alias", "verwijzing naar een onbekend anker (alias)"),
    ("found unknown escape character", "onbekend escape-teken in tekst tussen aanhalingstekens"),
    ("expected a single document", "het bestand mag maar één YAML-document bevatten"),
    ("could not determine a constructor for the tag", "onbekende YAML-tag"),
    ("found duplicate anchor", "anker komt twee keer voor"),
)
_YAML_EXPECTED_RE = re.compile(r"expected (.+), but found (.+)")


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, the line of every key path, and the problems found."""

    data: object
    lines: dict[tuple[int | str, ...], int]
    problems: list[Problem]


def _item_label(kind: str, data: object, index: int) -> str:
    """``indicator 'wzw'`` or ``indicator op plaats 3``: how a list item is named in messages."""
    entry = data[index] if isinstance(data, list) and index < len(data) else None
    ident = None
    if isinstance(entry, dict):
        ident = entry.get("id", entry.get("titel"))
    if isinstance(ident, str) and len(ident) <= MAX_TEXT_CHARS:
        return f"{kind} '{ident}'"
    return f"{kind} op plaats {index + 1}"


def _shown_path(path: Sequence[int | str]) -> str:
    """``("partners", 0)`` → ``partners[1]``: a key path as the messages show it."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def read_yaml(
    path: str | Path,
    *,
    kind: str,
    whole: str,
    missing: str = "bestand bestaat niet",
    directory: str = "is een map, geen bestand",
    empty: str = "bestand is leeg",
) -> YamlDocument:
    """Read a UTF-8 YAML file with line numbers for every key; never raises.

    ``kind`` names a list item in messages (``indicator``), ``whole`` the document
    (``de catalogus``). Problems: a missing or unreadable file, not UTF-8, invalid YAML (with
    its line, in Dutch), an empty file, a key that occurs twice in one mapping (plain YAML
    would silently keep the last one), and the bounds of :mod:`analysis.yamlload`: a file
    over 1 MB, aliases that repeat over 10.000 values (checked before anything is expanded),
    a text over 10.000 characters. ``data`` is None when the file could not be parsed or
    breaks a bound.
    """
    import yaml  # local: only the YAML inputs need it

    from analysis.yamlload import (
        BoundedLoader,
        FileTooLargeError,
        YamlLimitError,
        long_texts,
        read_bounded,
        too_long,
    )

    display = str(path)
    source = Path(path)
    try:
        if source.is_dir():
            return YamlDocument(None, {}, [Problem(display, None, None, directory)])
        raw_bytes = read_bounded(source)
    except FileNotFoundError:
        return YamlDocument(None, {}, [Problem(display, None, None, missing)])
    except FileTooLargeError as exc:
        return YamlDocument(None, {}, [Problem(display, None, None, exc.message)])
    except OSError as exc:
        message = f"bestand kan niet gelezen worden ({exc.strerror})"
        return YamlDocument(None, {}, [Problem(display, None, None, message)])
    try:
        text = raw_bytes.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw_bytes.count(b"\n", 0, exc.start) + 1
        message = (
            f"bestand is niet in UTF-8 gecodeerd (byte 0x{raw_bytes[exc.start]:02x} op positie "
            f"{exc.start}); sla het op als UTF-8"
        )
        return YamlDocument(None, {}, [Problem(display, line, None, message)])
    if not text.strip():
        return YamlDocument(None, {}, [Problem(display, None, None, empty)])

    try:
        loader = BoundedLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character such as NUL, anywhere
        line = text.count("\n", 0, exc.position) + 1
        message = (
            f"ongeldige YAML: het teken U+{exc.character:04X} mag niet in een "
            f"YAML-bestand staan (positie {exc.position})"
        )
        return YamlDocument(None, {}, [Problem(display, line, None, message)])
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except YamlLimitError as exc:
        problem = Problem(display, exc.line, None, f"ongeldige YAML: {exc.message}")
        return YamlDocument(None, {}, [problem])
    except yaml.YAMLError as exc:
        return YamlDocument(None, {}, [_yaml_problem(display, exc)])
    except ValueError:  # PyYAML builds dates itself: an impossible "2022-02-30" fails there
        problem = Problem(
            display,
            None,
            None,
            "ongeldige datum in de YAML (bestaat niet in de "
            "kalender; zet een datum die geen datum is tussen aanhalingstekens)",
        )
        return YamlDocument(None, {}, [problem])
    except RecursionError:
        problem = Problem(display, None, None, "ongeldige YAML: te diep genest")
        return YamlDocument(None, {}, [problem])
    finally:
        loader.dispose()

    overlong = long_texts(node) if node is not None else []
    if overlong:
        # Refused whole: the checks after this one scan every text of the document.
        refused: list[Problem] = []
        for path, line, length, is_key in overlong:
            label, rest = whole, path
            if path and isinstance(data, list) and isinstance(path[0], int):
                label, rest = _item_label(kind, data, path[0]), path[1:]
            shown = _shown_path(rest)
            what = (
                f"een sleutel in '{shown}'"
                if is_key and shown
                else ("een sleutel" if is_key else f"'{shown}'" if shown else "de tekst")
            )
            message = f"{label}: {too_long(what, length)}"
            refused.append(Problem(display, line, shown or None, message))
        return YamlDocument(None, {}, refused)

    lines: dict[tuple[int | str, ...], int] = {}
    duplicates: list[tuple[tuple[int | str, ...], str, int, int]] = []
    if node is not None:
        _yaml_lines(node, (), lines, duplicates)
    problems: list[Problem] = []
    for parent, key, line, first in duplicates:
        label = whole
        rest = parent
        if parent and isinstance(data, list) and isinstance(parent[0], int):
            label, rest = _item_label(kind, data, parent[0]), parent[1:]
        shown = ".".join(str(part) for part in (*rest, key))
        message = f"{label}: sleutel '{shown}' komt twee keer voor (eerst in rij {first})"
        problems.append(Problem(display, line, shown, message))
    return YamlDocument(data, lines, problems)


def read_catalogue(
    path: str | Path = DEFAULT_CATALOGUE,
) -> tuple[Catalogue | None, list[Problem]]:
    """Read and validate the indicator catalogue (UTF-8 YAML, see ``params/indicators.yaml``).

    Returns the catalogue, or ``None`` with every problem found: those of :func:`read_yaml`
    and everything :func:`analysis.catalogue.build_catalogue` checks. ``rij`` is the line in
    the YAML file. Never raises.
    """
    document = read_yaml(
        path,
        kind="indicator",
        whole="de catalogus",
        missing="catalogusbestand bestaat niet",
        directory="is een map, geen catalogusbestand",
        empty="bestand is leeg: er staan geen indicatoren in",
    )
    if document.data is None and document.problems:
        return None, document.problems
    catalogue, found = build_catalogue(document.data, bestand=str(path), lines=document.lines)
    problems = sorted([*document.problems, *found], key=lambda p: -1 if p.rij is None else p.rij)
    return (None if problems else catalogue), problems


def _yaml_problem(display: str, exc: Exception) -> Problem:
    """A Dutch problem for a PyYAML error, with the line of its mark."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = (getattr(exc, "context", None) or "").strip()
    for english, dutch in _YAML_PROBLEMS:
        if context.startswith(english):
            return Problem(display, line, None, f"ongeldige YAML: {dutch}")
        if problem.startswith(english):
            detail = problem[len(english) :].strip()
            gist = f"{dutch} {detail}" if detail else dutch
            return Problem(display, line, None, f"ongeldige YAML: {gist}")
    if match := _YAML_EXPECTED_RE.match(problem):
        gist = f"verwachtte {match.group(1)} maar vond {match.group(2)} (controleer de inspringing)"
        return Problem(display, line, None, f"ongeldige YAML: {gist}")
    return Problem(display, line, None, f"ongeldige YAML ({problem})")


def _yaml_lines(
    node: Any,
    path: tuple[int | str, ...],
    lines: dict[tuple[int | str, ...], int],
    duplicates: list[tuple[tuple[int | str, ...], str, int, int]],
) -> None:
    """Map each YAML path to its 1-based line: a key's line for mapping entries, the start
    of the item for list items; collect keys that occur twice in one mapping."""
    import yaml

    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append((path, key, key_line, seen[key]))
                continue
            seen[key] = key_line
            lines[(*path, key)] = key_line
            _yaml_lines(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _yaml_lines(item, (*path, index), lines, duplicates)


@functools.lru_cache(maxsize=8)
def _load_catalogue_cached(path: str, stamp: int | None) -> Catalogue:
    catalogue, problems = read_catalogue(path)
    if catalogue is None:
        raise InputError(problems)
    return catalogue


def load_catalogue(path: str | Path = DEFAULT_CATALOGUE) -> Catalogue:
    """The validated catalogue at ``path``; raises :class:`InputError` when it has problems.

    Cached per path and modification time, so an edited file is read again.
    """
    try:
        stamp: int | None = Path(path).stat().st_mtime_ns
    except OSError:
        stamp = None
    return _load_catalogue_cached(str(path), stamp)


# --------------------------------------------------------------------------------------------
# Writing outputs


class OutputError(Exception):
    """An output that could not be written; the message is Dutch and names the file."""


#: Dutch reasons for the operating-system errors a user can act on.
_OS_REASONS = {
    errno.ENOSPC: "schijf vol",
    errno.EDQUOT: "schijfquotum bereikt",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "niet toegestaan",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENOENT: "map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "is een map",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in Dutch (the system's own text for rare errors)."""
    return _OS_REASONS.get(error.errno, error.strerror or type(error).__name__)


def write_atomic(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write through ``write(temporary_path)`` then rename, so no half-written file remains.

    The temporary file lives beside the target (same file system, so the rename is atomic)
    and is removed when writing fails; the previous file at ``path`` stays untouched.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix
        )
        os.close(descriptor)
    except OSError as exc:
        raise OutputError(f"{target}: kan niet schrijven ({os_reason(exc)})") from exc
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private; give it the usual permissions for this user.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{target}: kan niet schrijven ({os_reason(exc)})") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _xlsx_cell(value: object) -> object:
    """A value as xlsxwriter writes it: native numbers and text, None for an empty cell."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"  # as in the CSV (Excel has no infinity)
    if isinstance(value, str):
        return safe_text(value)  # the same text as in the CSV: never a formula (analysis.export)
    if isinstance(value, bool | int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _xlsx_cell(value.item())
    return str(value)


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write DataFrames as sheets of one workbook (atomically): a bold, frozen header row with
    a filter, every value as a number or as text.

    Straight through xlsxwriter rather than ``DataFrame.to_excel``, whose per-cell styling
    took 0,2 s per report. Text is never read as a formula or a link: it is written as text,
    and a text that a spreadsheet would run (``=HYPERLINK(…)``) gets ``'`` in front, as in
    the CSV (:mod:`analysis.export`).
    """
    import xlsxwriter

    def write(temporary: Path) -> None:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        bold = workbook.add_format({"bold": True})
        for name, frame in sheets.items():
            sheet = workbook.add_worksheet(name[:31])
            columns = [str(column) for column in frame.columns]
            sheet.write_row(0, 0, columns, bold)
            values = [frame.iloc[:, n].tolist() for n in range(len(columns))]
            for n, column in enumerate(values):
                for row, value in enumerate(column, start=1):
                    cell = _xlsx_cell(value)
                    if cell is not None:
                        sheet.write(row, n, cell)
                width = max([len(columns[n]), *(len(str(v)) for v in column[:200])])
                sheet.set_column(n, n, min(max(width + 2, 8), 60))
            sheet.freeze_panes(1, 0)
            if columns:
                sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
        workbook.close()

    return write_atomic(path, write)


def write_text(text: str, path: str | Path) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def write_csv_gz(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a CSV compressed with gzip, byte-for-byte reproducible (no time stamp inside);
    text cells as in every CSV of the package (:func:`analysis.export.csv_text`)."""

    def write(temporary: Path) -> None:
        data = csv_text(frame).encode("utf-8")
        with (
            temporary.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as packed,
        ):
            packed.write(data)

    return write_atomic(path, write)


DEFAULT_PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "published" / "cijfers.csv"
PUBLISHED_COLUMNS: tuple[str, ...] = (
    "indicator",
    "geo",
    "periode",
    "veld",
    "waarde",
    "decimalen",
    "eenheid",
    "sectie",
    "bron",
    "citaat",
    "status",
    "reden",
)


def read_published(path: str | Path = DEFAULT_PUBLISHED) -> pd.DataFrame:
    """The published figures of the rapportage (``data/published/cijfers.csv``), as text.

    Raises :class:`InputError` naming the file when it cannot be read or lacks a column.
    """
    display = str(path)
    rows, problem = _csv_rows(display, Path(path))
    if problem is not None:
        raise InputError([problem])
    if not rows:
        raise InputError([Problem(display, None, None, "bestand is leeg")])
    header = [_header_name(cell) for cell in rows[0][1]]
    missing = [c for c in PUBLISHED_COLUMNS if c not in header]
    if missing:
        message = f"verplichte kolommen {_quote_list(missing)} ontbreken"
        raise InputError([Problem(display, 1, None, message)])
    frame = pd.DataFrame([cells for _, cells in rows[1:]], columns=header, dtype=str)
    return frame[list(PUBLISHED_COLUMNS)]


def read_published_figures(
    path: str | Path = DEFAULT_PUBLISHED, indicators: Collection[str] | None = None
) -> tuple[list[object], list[Problem]]:
    """The published figures, validated (:func:`analysis.correcties.validate_published`): the
    valid rows and every problem, naming the file, row and column."""
    from analysis.correcties import validate_published  # schema module, as read_kwalitatief

    try:
        frame = read_published(path)
    except InputError as error:
        return [], list(error.problems)
    rows, found = validate_published(frame, indicators)
    return list(rows), [Problem(str(path), rij, kolom, melding) for rij, kolom, melding in found]


#: Marker of the embedded example data: the generator writes it beside the observations.
EXAMPLE_MARKER = "herkomst.md"


def is_example_data(directory: str | Path) -> bool:
    """Whether ``directory`` (or its ``voorbeeld/``) holds the generated example data."""
    root = Path(directory)
    return (root / EXAMPLE_MARKER).is_file() or (root / "voorbeeld" / EXAMPLE_MARKER).is_file()


# --------------------------------------------------------------------------------------------
# Qualitative data and projects (YAML)


def read_kwalitatief(directory: str | Path) -> tuple[dict[str, object], list[Problem]]:
    """The qualitative files of ``directory`` (``data/kwalitatief``), built and checked.

    Returns ``{"acties": [...], "praktijken": [...], "digibanken": Digibanken,
    "so_status": SoStatus}`` (a file with problems gives None or the valid items) and every
    problem, with the YAML line.
    """
    from analysis.kwalitatief import FILES  # schema module; imported here to keep io light

    root = Path(directory)
    found: dict[str, object] = {}
    problems: list[Problem] = []
    for name, (kind, whole, build) in FILES.items():
        path = root / name
        document = read_yaml(path, kind=kind, whole=whole)
        value, file_problems = build(document, str(path))
        found[name.removesuffix(".yaml")] = value
        problems += file_problems
    return found, problems


def read_projects(directory: str | Path) -> tuple[list[object], list[Problem]]:
    """Every project file (``*.yaml``) of ``directory`` (``data/projecten``), sorted by name."""
    from analysis.projecten import build_project

    projects: list[object] = []
    problems: list[Problem] = []
    root = Path(directory)
    files = sorted(root.glob("*.yaml")) if root.is_dir() else []
    if not files:
        return [], [Problem(str(root), None, None, "map bevat geen projectbestanden (.yaml)")]
    for path in files:
        document = read_yaml(path, kind="actie", whole="het project")
        project, found = build_project(document, str(path))
        problems += found
        if project is not None:
            projects.append(project)
    return projects, problems


# --------------------------------------------------------------------------------------------
# Report inputs

REPO_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_DIR / "data"


def observation_dir(data_dir: Path) -> Path:
    """Where the observations of a data folder are: ``voorbeeld/`` of a data/ layout, or itself."""
    return data_dir / "voorbeeld" if (data_dir / "voorbeeld").is_dir() else data_dir


def observation_files(root: Path) -> list[Path]:
    """The observation files of a data folder (see :func:`observation_dir`), for provenance."""
    return [
        p
        for p in observation_dir(root).rglob("*")
        if p.is_file() and _suffix(p) in SUPPORTED_SUFFIXES
    ]


def data_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the names and bytes of the data files (provenance of a report)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def git_commit(directory: Path = REPO_DIR) -> str:
    """The current git commit of the repository, or 'onbekend' outside a checkout."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return "onbekend"
    return done.stdout.strip() or "onbekend"


#: Report inputs computed ahead by :func:`preload_report_inputs`, by their call arguments.
#: Only a warm-kernel zygote (:mod:`analysis.kernel`) fills it; normal sessions never do, so an
#: analyst's session always reads the files as they are now.
_PRELOADED: dict[tuple[object, ...], ReportInputs] = {}


def _preload_key(
    data_dir: str | Path | None, profiel: str | Path | None, grenzen: str | None
) -> tuple[object, ...]:
    """The arguments as absolute paths, plus the profile file's size and time: a kernel with
    another working directory or a profile rewritten since the preload never gets stale data."""

    def where(path: str | Path | None) -> str | None:
        return None if path is None else os.path.abspath(path)

    stamp = None
    if profiel is not None:
        with contextlib.suppress(OSError):
            stat = os.stat(profiel)
            stamp = (stat.st_size, stat.st_mtime_ns)
    return where(data_dir), where(profiel), stamp, grenzen


def preload_report_inputs(
    data_dir: str | Path | None = None,
    profiel: str | Path | None = None,
    grenzen: str | None = None,
) -> ReportInputs:
    """Compute :func:`load_report_inputs` now and serve it from memory to later identical calls.

    For a process that forks report kernels (:mod:`analysis.kernel`): every kernel then skips
    reading and validating the same files. Only the last preload is kept.
    """
    inputs = load_report_inputs(data_dir, profiel, grenzen)
    _PRELOADED.clear()
    _PRELOADED[_preload_key(data_dir, profiel, grenzen)] = inputs
    return inputs


def _made_now() -> str:
    """The moment a report is made, as the report shows it."""
    return datetime.now().strftime("%d/%m/%Y %H:%M")


def load_report_inputs(
    data_dir: str | Path | None = None,
    profiel: str | Path | None = None,
    grenzen: str | None = None,
):
    """Everything a report needs, read once: profile, catalogue, geography, qualitative data.

    ``data_dir`` is a folder laid out like ``data/`` or a folder of observation files;
    reference tables and qualitative data come from the package unless it has its own.
    ``profiel`` is a precomputed profile (Parquet, written by the batch) to skip the maths.
    Raises :class:`InputError` with Dutch messages on bad input.
    """
    if _PRELOADED:
        preloaded = _PRELOADED.get(_preload_key(data_dir, profiel, grenzen))
        if preloaded is not None:
            # Same inputs, but the report is made now, not when the zygote preloaded them.
            provenance = {**preloaded.provenance, "gemaakt": _made_now()}
            return dataclasses.replace(preloaded, provenance=provenance)

    from analysis import __version__
    from analysis.geography import Geography
    from analysis.indicators import build_profile
    from analysis.report import ReportInputs

    root = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    reference = (
        root / "reference" if (root / "reference").is_dir() else (DEFAULT_DATA_DIR / "reference")
    )
    tables, problems = read_reference(reference)
    if problems:
        raise InputError(problems)
    geography = Geography(tables)
    kaarten, problems = load_map_bases(geography)
    if problems:
        raise InputError(problems)
    catalogue = load_catalogue()
    observations_dir = observation_dir(root)
    if profiel is not None:
        profile = pd.read_parquet(profiel)
    else:
        result = read_observations([observations_dir], geo_check=geography.check_geo)
        if result.problems:
            raise InputError(result.problems)
        profile = build_profile(result.data, geography, catalogue, grenzen)
    quali_dir = (
        root / "kwalitatief"
        if (root / "kwalitatief").is_dir()
        else (DEFAULT_DATA_DIR / "kwalitatief")
    )
    kwalitatief, problems = read_kwalitatief(quali_dir)
    if problems:
        raise InputError(problems)
    published_path = root / "published" / "cijfers.csv"
    published, problems = read_published_figures(
        published_path if published_path.is_file() else DEFAULT_PUBLISHED,
        {i.id for i in catalogue.indicators},
    )
    if problems:
        raise InputError(problems)
    provenance = {
        "gegevens": str(observations_dir),
        "hash": data_hash(observation_files(root)),
        "commit": git_commit(),
        "versie": __version__,
        "gemaakt": _made_now(),
    }
    if kaarten:
        provenance["grenzen"] = "; ".join(
            f"{version}: {base.bron}" for version, base in sorted(kaarten.items())
        )
    return ReportInputs(
        profile=profile,
        catalogue=catalogue,
        geography=geography,
        kwalitatief=kwalitatief,
        is_example=is_example_data(root),
        provenance=provenance,
        kaarten=kaarten,
        gepubliceerd=tuple(published),
    )


# --------------------------------------------------------------------------------------------
# Boundaries of the gemeenten (maps)

#: The environment variable that names boundary files (several separated by ``os.pathsep``).
BOUNDARY_ENV = "RAPPORTAGE_GRENZEN"
#: The parameter file that may name them instead.
MAP_PARAMS = REPO_DIR / "params" / "kaart.yaml"
#: Columns that may hold the NIS code of a gemeente, in order of preference (lower case):
#: Provincies in Cijfers (``geoitem``, ``gemeente``), Statbel (``cd_munty_refnis``), others.
NIS_COLUMNS: tuple[str, ...] = (
    "nis",
    "niscode",
    "nis_code",
    "nis5",
    "cnis5",
    "refnis",
    "cd_munty_refnis",
    "cd_refnis",
    "geoitem",
    "gemeente",
    "code",
)
NAME_COLUMNS: tuple[str, ...] = ("naam", "name", "gemeentenaam", "tx_munty_descr_nl", "naamn")
#: Belgium in Lambert 72 (metres), with a margin: coordinates outside mean a wrong projection.
BELGIUM_31370 = (0.0, 0.0, 320_000.0, 260_000.0)
#: The sidecar files of a shapefile that must come with it (``.cpg`` is optional).
SHAPEFILE_PARTS = (".shx", ".dbf", ".prj")
BOUNDARY_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".zip")


@dataclass(frozen=True)
class BoundaryFile:
    """A boundary file read and reprojected to EPSG:31370: one geometry per NIS code."""

    pad: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    geometries: tuple[object, ...]
    crs: str  # the projection of the file as it was (e.g. ``EPSG:31370``)
    nis_kolom: str
    samengevoegd: int = 0  # rows merged because they had the same code (sectors, parts)


def user_boundary_dir() -> Path:
    """Where ``rapportage grenzen`` installs boundary files: ``$XDG_DATA_HOME/rapportage/
    grenzen`` (``~/.local/share/rapportage/grenzen`` when that is not set)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rapportage" / "grenzen"


def boundary_sources(params: str | Path = MAP_PARAMS) -> tuple[list[Path], list[Problem]]:
    """The boundary files to use, in order of preference, and what is wrong with the setting.

    ``RAPPORTAGE_GRENZEN`` when set (then it alone), else ``grenzen:`` in ``params/kaart.yaml``;
    the files installed by ``rapportage grenzen`` always come last.
    """
    problems: list[Problem] = []
    chosen: list[Path] = []
    setting = os.environ.get(BOUNDARY_ENV, "").strip()
    if setting:
        for part in (p.strip() for p in setting.split(os.pathsep)):
            if not part:
                continue
            path = Path(part).expanduser()
            if not path.is_file():
                why = "is een map, geen bestand" if path.is_dir() else "bestand bestaat niet"
                problems.append(Problem(BOUNDARY_ENV, None, None, f"{part}: {why}"))
            else:
                chosen.append(path)
    elif Path(params).is_file():
        paths, found = _map_params(Path(params))
        chosen += paths
        problems += found
    installed = user_boundary_dir()
    if installed.is_dir():
        chosen += sorted(installed.glob("gemeenten-*.gpkg"))
    return list(dict.fromkeys(chosen)), problems


def _map_params(path: Path) -> tuple[list[Path], list[Problem]]:
    from analysis.yamlcheck import shown, yaml_line

    document = read_yaml(path, kind="instelling", whole="de kaartinstellingen")
    if document.problems:
        return [], document.problems
    data = document.data
    display = str(path)
    if data is None:
        return [], []
    if not isinstance(data, dict) or set(data) - {"grenzen"}:
        extra = sorted(set(data) - {"grenzen"}) if isinstance(data, dict) else []
        what = (
            f"onbekende sleutel {shown(extra[0])}"
            if extra
            else "verwacht een sleutel 'grenzen' met een lijst van bestanden"
        )
        return [], [
            Problem(
                display,
                yaml_line(document.lines, (extra[0],) if extra else ()),
                "grenzen" if not extra else extra[0],
                what,
            )
        ]
    value = data.get("grenzen")
    items = [] if value is None else [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return [], [
            Problem(
                display,
                yaml_line(document.lines, ("grenzen",)),
                "grenzen",
                f"verwacht een pad of een lijst van paden, niet {shown(value)}",
            )
        ]
    paths, problems = [], []
    for n, item in enumerate(items):
        line = yaml_line(document.lines, ("grenzen", n))
        if not isinstance(item, str) or not item.strip():
            problems.append(
                Problem(
                    display,
                    line,
                    "grenzen",
                    f"verwacht een pad naar een bestand, niet {shown(item)}",
                )
            )
            continue
        target = Path(item.strip()).expanduser()
        target = target if target.is_absolute() else REPO_DIR / target
        if not target.is_file():
            problems.append(Problem(display, line, "grenzen", f"{item}: bestand bestaat niet"))
        else:
            paths.append(target)
    return paths, problems


def _boundary_files(path: Path) -> list[Path]:
    """The files that make up a boundary source (a shapefile is several)."""
    if path.suffix.lower() != ".shp":
        return [path]
    return [
        path,
        *(p for p in (path.with_suffix(s) for s in (*SHAPEFILE_PARTS, ".cpg")) if p.is_file()),
    ]


def boundary_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the bytes of every boundary file in use (for the batch's cache key)."""
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        for part in _boundary_files(path):
            digest.update(part.name.encode())
            digest.update(b"\0")
            with contextlib.suppress(OSError):
                digest.update(part.read_bytes())
    return digest.hexdigest()


def read_boundaries(path: str | Path) -> BoundaryFile:
    """Read a shapefile, GeoPackage or GeoJSON of gemeenten, reprojected to Lambert 72.

    The NIS code is the first column of :data:`NIS_COLUMNS` whose every value is a 5-digit
    code; rows with the same code (a gemeente in parts, or statistical sectors) are merged.
    Raises :class:`InputError` with Dutch problems naming file, row and column.
    """
    display = str(path)
    source = Path(path)
    if not source.is_file():
        raise InputError([Problem(display, None, None, "bestand bestaat niet")])
    if source.suffix.lower() == ".shp":
        missing = [s for s in SHAPEFILE_PARTS if not source.with_suffix(s).is_file()]
        if missing:
            raise InputError(
                [
                    Problem(
                        display,
                        None,
                        None,
                        (
                            "bij een shapefile horen ook "
                            f"{_quote_list(source.stem + s for s in missing)}"
                            " in dezelfde map; die ontbreken"
                            + (
                                " (zonder .prj is de projectie onbekend)"
                                if ".prj" in missing
                                else ""
                            )
                        ),
                    )
                ]
            )
    try:
        import pyogrio

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = pyogrio.read_dataframe(source)
    except Exception as exc:  # GDAL's many errors: all mean "not a readable boundary file"
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError(
            [
                Problem(
                    display,
                    None,
                    None,
                    f"geen leesbaar grenzenbestand (shapefile, GeoPackage of GeoJSON): {reason}",
                )
            ]
        ) from None
    if not hasattr(frame, "geometry"):
        # GDAL also reads tables (a workbook, a CSV): rows without any shape.
        raise InputError(
            [
                Problem(
                    display,
                    None,
                    None,
                    (
                        "geen grenzenbestand: het bestand heeft geen geometrie (een werkboek of "
                        "een tabel?); verwacht een shapefile (.shp met .shx, .dbf en .prj "
                        "ernaast), een GeoPackage (.gpkg) of GeoJSON (.geojson, .json), "
                        "eventueel in een .zip"
                    ),
                )
            ]
        )
    if frame.crs is None:
        raise InputError(
            [
                Problem(
                    display,
                    None,
                    None,
                    (
                        "de projectie is onbekend (bij een shapefile ontbreekt de inhoud van "
                        "het .prj-bestand); verwacht Belgian Lambert 72 (EPSG:31370) of een "
                        "andere benoemde projectie"
                    ),
                )
            ]
        )
    columns = {str(c).lower(): c for c in frame.columns if c != frame.geometry.name}
    code_column, codes, problems = None, None, []
    for wanted in NIS_COLUMNS:
        if wanted not in columns:
            continue
        values = [_nis_text(v) for v in frame[columns[wanted]].tolist()]
        bad = [
            (n, raw)
            for n, (raw, v) in enumerate(zip(frame[columns[wanted]].tolist(), values, strict=True))
            if v is None
        ]
        if not bad:
            code_column, codes = columns[wanted], values
            break
        if not problems:
            problems = [
                Problem(
                    display,
                    n + 1,
                    str(columns[wanted]),
                    f"{'leeg' if raw is None else repr(str(raw))} is geen NIS-code (5 cijfers)",
                )
                for n, raw in bad[:10]
            ]
    if codes is None:
        if problems:
            raise InputError(problems)
        found = ", ".join(str(c) for c in columns.values()) or "geen"
        raise InputError(
            [
                Problem(
                    display,
                    None,
                    None,
                    (
                        f"geen kolom met de NIS-code van de gemeenten; verwacht een van "
                        f"{_quote_list(NIS_COLUMNS)}, gevonden: {found}"
                    ),
                )
            ]
        )
    empty = [n for n, geom in enumerate(frame.geometry) if geom is None or geom.is_empty]
    if empty:
        raise InputError(
            [
                Problem(
                    display, n + 1, str(code_column), f"gemeente {codes[n]} heeft geen geometrie"
                )
                for n in empty[:10]
            ]
        )
    crs_text = frame.crs.to_string()
    try:
        frame = frame.to_crs(31370)
    except Exception as exc:
        raise InputError(
            [
                Problem(
                    display,
                    None,
                    None,
                    f"de projectie {crs_text} kan niet naar Lambert 72 omgezet worden ({exc})",
                )
            ]
        ) from None
    x0, y0, x1, y1 = frame.total_bounds
    bx0, by0, bx1, by1 = BELGIUM_31370
    if not (bx0 <= x0 and x1 <= bx1 and by0 <= y0 and y1 <= by1):
        from analysis.formatting import format_number as number

        raise InputError(
            [
                Problem(
                    display,
                    None,
                    None,
                    (
                        f"de coördinaten liggen niet in België (projectie {crs_text}, omgezet naar "
                        f"Lambert 72: x {number(x0)} tot {number(x1)}, "
                        f"y {number(y0)} tot {number(y1)}); "
                        "klopt de projectie in het bestand?"
                    ),
                )
            ]
        )
    name_column = next((columns[c] for c in NAME_COLUMNS if c in columns), None)
    names = (
        [str(v) if v is not None else "" for v in frame[name_column].tolist()]
        if name_column is not None
        else [""] * len(frame)
    )
    return _merge_parts(display, codes, names, list(frame.geometry), crs_text, str(code_column))


def _nis_text(value: object) -> str | None:
    """A NIS code as 5 digits (``11002``, ``11002.0`` and ``2000`` → ``02000``), else None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if _NUMERIC_GEO_RE.fullmatch(text):
        text = text.split(".")[0]
        if len(text) <= 5:
            return text.zfill(5)
    return None


def _merge_parts(
    display: str,
    codes: list[str],
    names: list[str],
    geometries: list[object],
    crs: str,
    column: str,
) -> BoundaryFile:
    """One geometry per code: rows that share a code are dissolved into one."""
    import numpy as np
    import shapely

    order: dict[str, list[int]] = {}
    for n, code in enumerate(codes):
        order.setdefault(code, []).append(n)
    merged = sum(len(rows) - 1 for rows in order.values())
    shapes = []
    for rows in order.values():
        if len(rows) == 1:
            shapes.append(geometries[rows[0]])
        else:
            shapes.append(
                shapely.union_all(
                    shapely.make_valid(np.array([geometries[n] for n in rows], dtype=object))
                )
            )
    return BoundaryFile(
        pad=display,
        codes=tuple(order),
        names=tuple(names[rows[0]] for rows in order.values()),
        geometries=tuple(shapes),
        crs=crs,
        nis_kolom=column,
        samengevoegd=merged,
    )


#: Prepared boundaries by (file, size and time, reference gemeenten): read once per process.
_MAP_BASES: dict[tuple[object, ...], tuple[object, object]] = {}


def _map_base(path: Path, geography) -> tuple[object, object]:
    """The check of one boundary file and its prepared map base (None if it is incomplete)."""
    from analysis import kaart

    stat = path.stat()
    key = (
        str(path.resolve()),
        stat.st_size,
        stat.st_mtime_ns,
        hash(tuple(geography.gemeenten["grenzen"] + geography.gemeenten["nis"])),
    )
    found = _MAP_BASES.get(key)
    if found is None:
        boundaries = read_boundaries(path)
        check = kaart.check_codes(boundaries.codes, geography)
        base = None
        if check.ok:
            source = f"{path.name} (SHA-256 {boundary_hash([path])[:12]}…)"
            base = kaart.prepare(
                boundaries.codes, boundaries.geometries, geography, check.grenzen, source
            )
        found = _MAP_BASES[key] = (check, base)
    return found


def load_map_bases(geography) -> tuple[dict[str, object], list[Problem]]:
    """The simplified boundaries per version (:class:`analysis.kaart.MapBase`) of every
    configured boundary file, the first file of a version winning, and the problems.

    A file that cannot be read or is not a complete set of gemeenten is a problem; with no
    file configured the result is empty (reports then have no maps). Prepared once
    per file per process.
    """
    from analysis import kaart

    paths, problems = boundary_sources()
    bases: dict[str, object] = {}
    for path in paths:
        try:
            check, base = _map_base(path, geography)
        except InputError as error:
            problems += error.problems
            continue
        except OSError as exc:
            problems.append(
                Problem(
                    str(path), None, None, f"bestand kan niet gelezen worden ({os_reason(exc)})"
                )
            )
            continue
        if base is None:
            problems.append(Problem(str(path), None, None, kaart.check_message(check, geography)))
        else:
            bases.setdefault(base.grenzen, base)
    return bases, problems


def fetch_boundaries(url: str, directory: str | Path, timeout: float = 60.0) -> Path:
    """Download a boundary file into ``directory`` and return the path to read.

    A shapefile (``.shp``) comes with its ``.shx``, ``.dbf`` and ``.prj`` (and ``.cpg`` when
    there is one) from the same place; a ``.zip`` is unpacked and must hold one shapefile or
    GeoPackage. Raises :class:`InputError` with a Dutch reason.
    """
    import urllib.error
    import urllib.parse
    import urllib.request
    import zipfile

    target_dir = Path(directory)
    target_dir.mkdir(parents=True, exist_ok=True)
    parsed = urllib.parse.urlparse(url)
    name = Path(urllib.parse.unquote(parsed.path)).name
    suffix = Path(name).suffix.lower()
    if parsed.scheme not in {"http", "https"} or not name:
        raise InputError(
            [Problem(url, None, None, "geen geldige http- of https-URL naar een bestand")]
        )
    if suffix not in BOUNDARY_SUFFIXES:
        raise InputError(
            [
                Problem(
                    url,
                    None,
                    None,
                    (
                        f"onbekend bestandstype '{suffix or name}': verwacht "
                        f"{_quote_list(BOUNDARY_SUFFIXES)}"
                    ),
                )
            ]
        )

    def get(address: str, destination: Path, optional: bool = False) -> bool:
        try:
            with (
                urllib.request.urlopen(address, timeout=timeout) as response,
                destination.open("wb") as out,
            ):
                while chunk := response.read(1 << 20):
                    out.write(chunk)
        except urllib.error.HTTPError as exc:
            if optional and exc.code == 404:
                return False
            raise InputError(
                [Problem(address, None, None, f"downloaden mislukt: HTTP {exc.code} {exc.reason}")]
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise InputError(
                [Problem(address, None, None, f"downloaden mislukt: {reason}")]
            ) from None
        return True

    if suffix == ".shp" and (parsed.query or parsed.fragment):
        raise InputError(
            [
                Problem(
                    url,
                    None,
                    None,
                    (
                        "verwacht een URL zonder zoekparameters: de .shx, .dbf en .prj worden "
                        "met dezelfde naam naast de .shp gehaald"
                    ),
                )
            ]
        )
    main = target_dir / name
    get(url, main)
    if suffix == ".shp":
        stem = url[: -len(Path(parsed.path).suffix)]
        for part in SHAPEFILE_PARTS:
            get(stem + part, main.with_suffix(part))
        get(stem + ".cpg", main.with_suffix(".cpg"), optional=True)
        return main
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(main) as archive:
                archive.extractall(target_dir / "uitgepakt")
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(
                [Problem(url, None, None, f"geen geldig zip-bestand ({exc})")]
            ) from None
        found = sorted(
            p
            for p in (target_dir / "uitgepakt").rglob("*")
            if p.suffix.lower() in {".shp", ".gpkg"}
        )
        if len(found) != 1:
            names = ", ".join(p.name for p in found) or "geen"
            raise InputError(
                [
                    Problem(
                        url,
                        None,
                        None,
                        (
                            f"het zip-bestand moet precies één shapefile of GeoPackage bevatten; "
                            f"gevonden: {names}"
                        ),
                    )
                ]
            )
        return found[0]
    return main


def install_boundaries(
    boundaries: BoundaryFile,
    grenzen: str,
    codes: Collection[str],
    directory: str | Path | None = None,
) -> Path:
    """Write the gemeenten ``codes`` of a checked boundary file as
    ``gemeenten-<grenzen>.gpkg`` (Lambert 72, columns nis, naam) in the user folder
    (:func:`user_boundary_dir`), atomically: a failed write leaves the old file."""
    import geopandas as gpd

    keep = [n for n, code in enumerate(boundaries.codes) if code in codes]
    frame = gpd.GeoDataFrame(
        {"nis": [boundaries.codes[n] for n in keep], "naam": [boundaries.names[n] for n in keep]},
        geometry=[boundaries.geometries[n] for n in keep],
        crs="EPSG:31370",
    )
    target = Path(directory or user_boundary_dir()) / f"gemeenten-{grenzen}.gpkg"

    def write(temporary: Path) -> None:
        temporary.unlink()  # GDAL makes the GeoPackage itself
        frame.to_file(temporary, driver="GPKG", layer="gemeenten")

    return write_atomic(target, write)
