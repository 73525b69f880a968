"""Dutch (nl-BE) display of numbers: 75,2 %; 780.974; +2,2 procentpunt.

Rounding is half-up (``analysis.statistics.round_half_up``), never Python's half-even; the
grouping and decimal signs come from babel's nl_BE locale.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal

from babel.numbers import format_decimal
from slugify import slugify

from analysis.statistics import round_half_up

LOCALE = "nl_BE"
MISSING = "–"
MINUS = "−"  # a real minus sign reads better than a hyphen in text and tables


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, decimals: int = 0) -> str:
    """``780974`` → ``780.974``; ``75.155, 2`` → ``75,16``; missing → ``–``."""
    if _missing(value):
        return MISSING
    return _format(float(value), decimals)


@functools.lru_cache(maxsize=1 << 16)
def _format(value: float, decimals: int) -> str:
    # babel parses the pattern and walks the locale on every call; a report formats the same
    # ticks, names and figures many times over.
    rounded = Decimal(repr(round_half_up(float(value), decimals)))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(rounded, format=pattern, locale=LOCALE)
    return text.replace("-", MINUS)


def format_value(value: float | None, eenheid: str, decimals: int) -> str:
    """A figure in its unit: ``75,2 %`` for a percentage, ``780.974`` for a count."""
    if _missing(value):
        return MISSING
    text = format_number(value, decimals)
    return f"{text} %" if eenheid == "percent" else text


def format_change(value: float | None, eenheid: str, decimals: int) -> str:
    """A change with its sign: procentpunt for percentages, procent for counts.

    ``+2,2 procentpunt`` (11,9 → 14,1 %), ``−0,8 %`` (3.450 → 3.422).
    """
    if _missing(value):
        return MISSING
    text = format_number(abs(value), decimals)
    sign = "" if text.strip("0,") == "" else ("+" if value > 0 else MINUS)
    return f"{sign}{text} procentpunt" if eenheid == "percent" else f"{sign}{text} %"


#: Plurals of the nouns the reports count, so a call names only the singular.
PLURALS: dict[str, str] = {
    "gemeente": "gemeenten", "regiegebied": "regiegebieden", "provincie": "provincies",
    "rapport": "rapporten", "actie": "acties", "deelnemer": "deelnemers", "cijfer": "cijfers",
    "streefcijfer": "streefcijfers", "klasse": "klassen", "jongere": "jongeren",
}


def plural(n: float, one: str, many: str | None = None) -> str:
    """The form that agrees with ``n``: ``one`` for exactly 1, ``many`` otherwise.

    Dutch uses the singular only for one: 1 gemeente, 0 gemeenten, 2 gemeenten. Works for
    verbs too: ``plural(n, "vond", "vonden")``. Without ``many`` the plural comes from
    :data:`PLURALS`.
    """
    if n == 1:
        return one
    if many is None:
        if one not in PLURALS:
            raise ValueError(f"no plural known for {one!r}: pass it")
        many = PLURALS[one]
    return many


def count(n: float, one: str, many: str | None = None) -> str:
    """A number with the noun that agrees with it: ``1 gemeente``, ``1.234 gemeenten``.

    The one helper for every "<number> <noun>" a reader sees (reports, index, CLI), so that
    "(1 gemeenten)" cannot come back in one place while fixed in another.
    """
    return f"{format_number(n, 0)} {plural(n, one, many)}"


def slug(text: str) -> str:
    """A file name part: ``Sint-Niklaas`` → ``sint-niklaas``, ``Regio's`` → ``regios``,
    ``日本`` → ``ri-ben``; empty when nothing of ``text`` can be written in ASCII (``🙂``).

    Accents are dropped and other scripts transliterated (python-slugify with
    text-unidecode); an apostrophe joins (``Regio's``), a comma separates (``1,5`` →
    ``1-5``), as before transliteration came in: every name with only Latin letters keeps
    its slug. Bounded, never-empty file names: :func:`analysis.namen.file_slug`.
    """
    return slugify(text, entities=False, decimal=False, hexadecimal=False,
                   replacements=[("'", ""), ("’", ""), (",", " ")])
