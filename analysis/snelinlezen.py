"""Vectorised reading of observation CSV files, for files of millions of rows.

The per-row reader of :mod:`analysis.io` builds a Python object per row and needs about 28
times the size of a CSV file in memory. This module reads the data part of a CSV file with
pandas' C reader in blocks (``dtype=str``), decides with vectorised checks which rows are
*plain* and builds their columns directly; every other row goes through the per-row function
of :mod:`analysis.io`, so its messages are exactly those of the per-row path.

A row is plain when nothing in it needs interpretation:

* indicator, periode and geo are written exactly as the per-row reader would normalise them,
  and are judged valid by the per-row reader's own functions (called once per distinct value,
  or per distinct geo and periode);
* teller is a plain whole number (``12345``) or one with dots between groups of three digits
  (``12.345``); noemer is such a number of at least 1 and not smaller than teller, or empty;
* opmerking, if the column exists, is empty.

The per-row rules are never copied here: for every class of rows (indicator × how teller and
noemer are written) the first plain row is sent through the per-row function, and the class is
plain only when that gives no problem and the same values. A rule added to the per-row reader
that concerns such a class (e.g. a rate without noemer) therefore sends the whole class
through the per-row function.

Files whose header or structure needs the per-row reader (no header found, doubled columns,
an unclosed quote, a field over the csv module's size limit, a decoding error, ...) are left
to it: :func:`read_csv` returns ``None``. Row numbers are those of the per-row reader: CSV
records counted from 1, blank lines included, a quoted field with line breaks is one record.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.problems import Problem

__all__ = ["FastOutcome", "RowRules", "combine", "duplicate_message", "read_csv"]

#: Rows per block read by pandas: bounds the memory of the raw text columns.
BLOCK_ROWS = 250_000
#: Key of an observation.
KEY = ["indicator", "geo", "periode"]

_BOM = b"\xef\xbb\xbf"
# A plain count: digits without a leading zero, or groups of three digits separated by dots
# (``12.345``). Fifteen digits at most, so that the float is exact.
_DIGITS = r"(?:0|[1-9][0-9]{0,14})"
_DOTTED = r"(?:[1-9][0-9]{0,2}(?:\.[0-9]{3}){1,4})"


@dataclass(frozen=True)
class RowRules:
    """What the fast path uses of the per-row reader; given by :mod:`analysis.io`."""

    #: Indicator ids exactly as the per-row reader outputs them.
    indicator_ids: frozenset[str]
    #: True when a periode text is valid and already in its normal form.
    periode_plain: Callable[[str], bool]
    #: True when a geo text is in its normal form and valid for the periode.
    geo_plain: Callable[[str, str], bool]
    #: ``process_row(number, cells, positions)`` → (record, problems), the per-row function.
    process_row: Callable[[int, Sequence[str], dict[str, int]], tuple[Any, list[Problem]]]
    #: The per-row reader's delimiter detection, given the start of the text.
    detect_delimiter: Callable[[str], str]
    #: Index of the header among content rows, or None.
    find_header: Callable[[Sequence[tuple[int, Sequence[str]]]], int | None]
    #: A header cell as a column name.
    header_name: Callable[[object], str]
    #: Whether a row has any content.
    has_content: Callable[[Sequence[object]], bool]
    #: Rows searched for the header (the delimiter detection looks at twice as many lines).
    header_rows: int
    #: Columns that may appear only once in the header.
    single_columns: frozenset[str]


@dataclass
class FastOutcome:
    """Plain rows as a frame, the other rows as records of the per-row function."""

    plain: pd.DataFrame
    records: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    #: Record number of the header and the position of each column in it.
    header_row: int = 0
    positions: dict[str, int] = field(default_factory=dict)


def read_csv(
    display: str, path: Path, rules: RowRules, block_rows: int | None = None
) -> FastOutcome | None:
    """Read one CSV (or .csv.gz) file; ``None`` when the per-row reader must read it.

    ``block_rows`` defaults to :data:`BLOCK_ROWS`.
    """
    try:
        raw = path.read_bytes()
        if "".join(s.lower() for s in path.suffixes[-2:]) == ".csv.gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
    except Exception:  # every reading error has its message in the per-row reader
        return None
    start = len(_BOM) if raw.startswith(_BOM) else 0
    text = text.removeprefix("\ufeff")
    head = _head(text, rules.header_rows * 2)
    complete = len(head) == len(text)
    del text
    found = _header(head, complete, rules)
    if found is None:
        return None
    delimiter, header_number, header_cells, offset = found
    positions: dict[str, int] = {}
    for position, cell in enumerate(header_cells):
        name = rules.header_name(cell)
        if name in positions and name in rules.single_columns:
            return None  # the per-row reader names the doubled columns
        positions.setdefault(name, position)
    reader = _Reader(display, rules, positions, header_number)
    width = max(len(header_cells), 1)
    data = io.BytesIO(raw)  # shares the bytes: no copy
    del raw
    data.seek(start + len(head[:offset].encode("utf-8")))
    try:
        with warnings.catch_warnings():
            # A row wider than the header: pandas warns and would drop cells; the per-row
            # reader decides instead.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            blocks = pd.read_csv(
                data,
                sep=delimiter,
                header=None,
                names=range(width),
                index_col=False,
                dtype=str,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                encoding="utf-8",
                quoting=csv.QUOTE_MINIMAL,
                quotechar='"',
                doublequote=True,
                escapechar=None,
                comment=None,
                skipinitialspace=False,
                chunksize=block_rows or BLOCK_ROWS,
            )
            with blocks:
                for block in blocks:
                    if list(block.columns) != list(range(width)) or not reader.add(block):
                        return None
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, UnicodeDecodeError):
        # Rows wider than the header, an unclosed quote: the per-row reader decides.
        return None
    if reader.rows_read == 0:
        return None  # "no data under the header": the per-row reader's message
    return reader.outcome()


def _head(text: str, lines: int) -> str:
    """A prefix of ``text`` holding its first ``lines`` lines completely (or all of it)."""
    size = 1 << 16
    while size < len(text) and len(text[:size].splitlines()) <= lines:
        size *= 4
    return text[:size]


def _header(head: str, complete: bool, rules: RowRules) -> tuple[str, int, list[str], int] | None:
    """Delimiter, header record number, header cells and the text offset after the header.

    ``head`` is the start of the text (all of it when ``complete``).
    """
    delimiter = rules.detect_delimiter(head)
    stream = io.StringIO(head, newline="")
    content: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(csv.reader(stream, delimiter=delimiter), start=1):
            if not rules.has_content(cells):
                continue
            content.append((number, cells))
            index = rules.find_header(content)
            if index is not None:
                offset = stream.tell()
                # A header record reaching the end of a cut prefix may be cut itself.
                if offset >= len(head) and not complete:
                    return None
                return delimiter, number, cells, offset
            if len(content) >= rules.header_rows:
                return None
    except csv.Error:
        return None
    return None


class _Reader:
    """Collects the blocks of one file: plain columns, records of the other rows."""

    def __init__(
        self, display: str, rules: RowRules, positions: dict[str, int], header_number: int
    ) -> None:
        self.display = display
        self.rules = rules
        self.positions = positions
        self.header_number = header_number
        self.next_number = header_number + 1
        self.rows_read = 0
        self.pieces: list[pd.DataFrame] = []
        self.records: list[Any] = []
        self.problems: list[Problem] = []
        self.periode_cache: dict[str, bool] = {}
        self.geo_cache: dict[tuple[str, str], bool] = {}
        self.class_cache: dict[Hashable, bool] = {}
        self.limit = csv.field_size_limit()

    def column(self, block: pd.DataFrame, name: str) -> pd.Series | None:
        position = self.positions.get(name)
        return None if position is None else block[position]

    def add(self, block: pd.DataFrame) -> bool:
        """Take one block; False when the file must go to the per-row reader."""
        block = block.reset_index(drop=True)  # pandas numbers the rows on across blocks
        numbers = np.arange(self.next_number, self.next_number + len(block), dtype=np.int64)
        self.next_number += len(block)
        lengths = [block[c].str.len() for c in block.columns]
        # The csv module refuses a field over its size limit for the whole file.
        if any(int(length.max()) > self.limit for length in lengths if len(length)):
            return False
        filled = np.logical_or.reduce([length.to_numpy() > 0 for length in lengths])
        plain, teller, noemer = self.plain(block, filled, numbers)
        if plain.any():
            self.pieces.append(self.frame(block, plain, teller, noemer, numbers))
        rest = np.flatnonzero(filled & ~plain)
        content = int(plain.sum())
        for index in rest:
            cells = block.iloc[index].tolist()
            if not self.rules.has_content(cells):
                continue
            content += 1
            record, problems = self.rules.process_row(int(numbers[index]), cells, self.positions)
            self.records.append(record)
            self.problems.extend(problems)
        self.rows_read += content
        return True

    def plain(
        self, block: pd.DataFrame, filled: np.ndarray, numbers: np.ndarray
    ) -> tuple[np.ndarray, pd.Series, pd.Series]:
        """Mask of the plain rows, with teller and noemer as floats (NaN elsewhere)."""
        size = len(block)
        nan = pd.Series(np.full(size, np.nan), index=block.index)
        indicator, geo = self.column(block, "indicator"), self.column(block, "geo")
        periode, teller_text = self.column(block, "periode"), self.column(block, "teller")
        noemer_text = self.column(block, "noemer")
        remark = self.column(block, "opmerking")
        assert indicator is not None and geo is not None and periode is not None
        assert teller_text is not None
        mask = filled & indicator.isin(self.rules.indicator_ids).to_numpy()
        if remark is not None:
            mask &= (remark == "").to_numpy()
        mask &= periode.map(self.periode_ok).to_numpy(dtype=bool)
        pairs = pd.MultiIndex.from_arrays([geo[mask], periode[mask]]).unique()
        good = {pair for pair in pairs if self.geo_ok(*pair)}
        geo_ok = np.zeros(size, dtype=bool)
        if good:
            geo_ok[mask] = pd.MultiIndex.from_arrays([geo[mask], periode[mask]]).isin(good)
        mask &= geo_ok
        teller, teller_shape = _count(teller_text)
        mask &= teller_shape.to_numpy() != "leeg"
        if noemer_text is None:
            noemer, noemer_shape = nan, pd.Series("leeg", index=block.index)
        else:
            noemer, noemer_shape = _count(noemer_text)
            present = (noemer_shape != "leeg").to_numpy()
            mask &= ~present | ((noemer >= 1) & (teller <= noemer)).to_numpy()
        mask &= (teller_shape != "anders").to_numpy() & (noemer_shape != "anders").to_numpy()
        # The per-row function judges each class on its first row (see the module docstring).
        classes = pd.DataFrame({"i": indicator, "t": teller_shape, "n": noemer_shape})[mask]
        for index, key in classes.drop_duplicates().iterrows():
            verdict = self.class_cache.get(tuple(key))
            if verdict is None:
                verdict = self.probe(
                    block.loc[index].tolist(),
                    int(numbers[index]),
                    float(teller[index]),
                    float(noemer[index]),
                )
                self.class_cache[tuple(key)] = verdict
            if not verdict:
                mask &= ~((classes.reindex(block.index) == key).all(axis=1).to_numpy())
        return mask, teller, noemer

    def periode_ok(self, text: str) -> bool:
        verdict = self.periode_cache.get(text)
        if verdict is None:
            verdict = self.periode_cache[text] = self.rules.periode_plain(text)
        return verdict

    def geo_ok(self, geo: str, periode: str) -> bool:
        verdict = self.geo_cache.get((geo, periode))
        if verdict is None:
            verdict = self.geo_cache[(geo, periode)] = self.rules.geo_plain(geo, periode)
        return verdict

    def probe(self, cells: list[str], number: int, teller: float, noemer: float) -> bool:
        """Whether the per-row function reads this plain row exactly as the fast path does."""
        record, problems = self.rules.process_row(number, cells, self.positions)
        expected = {name: cells[self.positions[name]] for name in KEY}
        return (
            not problems
            and record.ok
            and all(getattr(record, name) == value for name, value in expected.items())
            and record.teller == teller
            and (record.noemer == noemer or (math.isnan(record.noemer) and math.isnan(noemer)))
            and record.opmerking == ""
        )

    def frame(
        self,
        block: pd.DataFrame,
        plain: np.ndarray,
        teller: pd.Series,
        noemer: pd.Series,
        numbers: np.ndarray,
    ) -> pd.DataFrame:
        """The plain rows of a block in the columns of the per-row reader's frame."""
        count = int(plain.sum())
        columns = {name: self.column(block, name)[plain].to_numpy() for name in KEY}  # type: ignore[index]
        frame = pd.DataFrame(
            {
                **columns,
                "teller": teller.to_numpy()[plain],
                "noemer": noemer.to_numpy()[plain],
                "opmerking": np.full(count, "", dtype=object),
                "bron_bestand": np.full(count, self.display, dtype=object),
                "bron_rij": numbers[plain],
            }
        )
        return frame.astype({**dict.fromkeys([*KEY, "opmerking", "bron_bestand"], str)})

    def outcome(self) -> FastOutcome:
        plain = pd.concat(self.pieces, ignore_index=True) if self.pieces else None
        return FastOutcome(
            plain=plain,
            records=self.records,
            problems=self.problems,
            rows_read=self.rows_read,
            header_row=self.header_number,
            positions=self.positions,
        )


def _count(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A count column as floats (NaN unless plain) and its shape: leeg, cijfers, punten, anders."""
    shape = pd.Series("anders", index=text.index, dtype=object)
    digits = text.str.fullmatch(_DIGITS).to_numpy(dtype=bool)
    dotted = text.str.fullmatch(_DOTTED).to_numpy(dtype=bool)
    shape[text.to_numpy() == ""] = "leeg"
    shape[digits] = "cijfers"
    shape[dotted] = "punten"
    values = np.full(len(text), np.nan)
    chosen = digits | dotted
    if chosen.any():
        values[chosen] = text[chosen].str.replace(".", "", regex=False).astype("int64")
    return pd.Series(values, index=text.index), shape


# --------------------------------------------------------------------------------------------
# All files together: duplicates and the final frame


def duplicate_message(
    key: Sequence[str],
    earlier_file: str,
    earlier_row: int,
    file: str,
    row: int,
    earlier_sheet: str | None = None,
    sheet: str | None = None,
) -> str:
    """The message for a repeated key (indicator, geo, periode); sheets name workbook sheets."""
    shown = f"dubbele sleutel ({', '.join(key)})"
    if earlier_file == file and earlier_sheet == sheet:
        return f"{shown} in rij {earlier_row} en rij {row}"
    other = "" if earlier_file == file else f"{earlier_file}, "
    if earlier_sheet is not None:
        other += f"blad '{earlier_sheet}', "
    return f"{shown} in rij {row} en in {other}rij {earlier_row}"


def combine(
    parts: list[tuple[pd.DataFrame | None, Sequence[Any]]],
    build_frame: Callable[[Sequence[Any]], pd.DataFrame],
) -> tuple[pd.DataFrame, list[Problem]]:
    """The valid rows of all files in file and row order, and one problem per repeated key.

    ``parts`` holds per file (in reading order) the plain rows as a frame (or ``None``) and
    the records of the per-row function; it is emptied as the files are taken, so that a
    file's rows are not held twice. ``build_frame`` turns records into a frame. Every row of
    a repeated key becomes invalid; the problem is given at each later row.
    """
    frames: list[pd.DataFrame] = []
    ok_parts: list[np.ndarray] = []
    key_ok_parts: list[np.ndarray] = []
    # The sheet of each row of a workbook (plain rows come from CSV files: no sheet).
    sheet_parts: list[np.ndarray] = []
    while parts:
        plain, records = parts.pop(0)
        ok = np.array([r.ok for r in records], dtype=bool)
        key_ok = np.array([r.key_ok for r in records], dtype=bool)
        sheets = np.array([getattr(r, "blad", None) for r in records], dtype=object)
        if plain is None or not len(plain):
            frame = build_frame(records)
        elif not records:
            frame, ok, key_ok = plain, np.ones(len(plain), bool), np.ones(len(plain), bool)
            sheets = np.full(len(plain), None, dtype=object)
        else:
            count = len(plain)
            both = pd.concat([build_frame(records), plain], ignore_index=True)
            del plain  # held once: in ``both``, then in its sorted copy
            order = np.argsort(both["bron_rij"].to_numpy(), kind="stable")
            frame = both.take(order).reset_index(drop=True)
            del both
            ok = np.concatenate([ok, np.ones(count, bool)])[order]
            key_ok = np.concatenate([key_ok, np.ones(count, bool)])[order]
            sheets = np.concatenate([sheets, np.full(count, None, dtype=object)])[order]
        plain = None
        frames.append(frame)
        ok_parts.append(ok)
        key_ok_parts.append(key_ok)
        sheet_parts.append(sheets)
    if not frames:
        return build_frame([]), []
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    del frames
    ok = np.concatenate(ok_parts)
    key_ok = np.concatenate(key_ok_parts)
    keyed = frame[KEY] if key_ok.all() else frame.loc[key_ok, KEY]
    later = keyed.duplicated(keep="first").to_numpy()
    problems: list[Problem] = []
    if later.any():
        involved = keyed.duplicated(keep=False).to_numpy()
        where = keyed.index.to_numpy()
        sources = frame[["bron_bestand", "bron_rij"]].assign(bron_blad=np.concatenate(sheet_parts))
        first = pd.concat([keyed, sources], axis=1, join="inner")[involved & ~later]
        first = first.set_index(KEY).add_suffix("_eerst")
        repeated = pd.concat([keyed, sources], axis=1, join="inner")[later].join(first, on=KEY)
        for row in repeated.itertuples(index=False):
            key = (row.indicator, row.geo, row.periode)
            message = duplicate_message(
                key,
                row.bron_bestand_eerst,
                int(row.bron_rij_eerst),
                row.bron_bestand,
                int(row.bron_rij),
                row.bron_blad_eerst,
                row.bron_blad,
            )
            problems.append(
                Problem(row.bron_bestand, int(row.bron_rij), None, message, row.bron_blad)
            )
        ok[where[involved]] = False
    del keyed
    if ok.all():
        return frame, problems
    return frame[ok].reset_index(drop=True), problems
