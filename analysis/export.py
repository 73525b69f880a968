"""Cells that a spreadsheet cannot run: the one rule of every CSV and XLSX the package writes.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab,
a carriage return or a NUL before one) as a formula: ``=HYPERLINK("http://…","…")`` in a
project title would be a live link in Excel (CSV or formula injection, OWASP; ASVS 1.2.10).
Such a *text* gets a single quote in front (``'=HYPERLINK(…)``), in the CSV and in the XLSX
alike, so that both files of a report hold the same value and neither can become a formula
(not even after editing the cell in Excel, or saving the workbook as CSV).

Not touched: numbers (a float column's ``-0.5`` stays a number) and a text that is a plain
number (``-3``, ``+2,5``, ``-1.234,5``): a spreadsheet reads it as that number, and no formula
can follow.
"""

from __future__ import annotations

import re

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP, ASVS 1.2.10).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
#: What goes in front of such a text.
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)")


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet can only show it: ``'`` in front when it would start a
    formula, unless it is a plain number."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return QUOTE + text
    return text


def safe_cell(value: object) -> object:
    """A cell value for a spreadsheet: a text through :func:`safe_text`, anything else as is."""
    return safe_text(value) if isinstance(value, str) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell through :func:`safe_text` (the column names too); the
    frame itself when nothing needed it, so numbers and dtypes stay as they are."""
    columns = [safe_cell(c) for c in frame.columns]
    changed: dict[int, pd.Series] = {}
    for n in range(frame.shape[1]):
        column = frame.iloc[:, n]
        if (
            pd.api.types.is_numeric_dtype(column.dtype)
            or pd.api.types.is_bool_dtype(column.dtype)
            or pd.api.types.is_datetime64_any_dtype(column.dtype)
        ):
            continue
        values = column.astype(object)
        safe = values.map(safe_cell)
        # Value by value: a dtype change from map() is no change of a cell.
        if any(isinstance(a, str) and a != b for a, b in zip(values, safe, strict=True)):
            changed[n] = safe
    if not changed and columns == list(frame.columns):
        return frame
    result = frame.copy()
    for n, values in changed.items():
        result.isetitem(n, values)
    result.columns = columns
    return result


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV of ``frame`` as every CSV of the package is written: comma-separated, UTF-8
    text, ``\\n`` line ends, no index, every text cell through :func:`safe_text`."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n")
