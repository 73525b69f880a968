"""The numbers of a sentence as the reader checks them: computed from the values as displayed.

A sentence that says "0,6 procentpunt minder (17,6 → 17,0 %)" must hold for the two figures it
prints, not for the unrounded values behind them (17,55 → 17,04 would give 0,5). Every
difference, ratio and share in the text of the reports is therefore computed here from the
values rounded half-up to the decimals they are shown with (:func:`shown`), and the words
that describe a ratio ("ongeveer het dubbele", "ruim 7 keer zoveel als") or a share ("bijna 1
op de 10") follow that ratio. Pure functions, no I/O; :mod:`analysis.narrative` builds the
sentences with them, :mod:`analysis.report` and :mod:`analysis.cli` the changes in tables.

Ratio words
-----------
Below 2,8 × the Census Reporter phrases (:data:`RATIO_PHRASES`, on the index
``round(100 × value / reference)`` of the displayed values), with the band "meer dan het
dubbele" limited to 2,06–2,44 × and "tweeënhalve keer" added; from 2,8 × on, with k the
ratio rounded half-up to a whole number: "ongeveer k keer zoveel als" within 2 % of k, else
"bijna k keer zoveel als" below k and "ruim k keer zoveel als" above (3,9 → bijna 4; 7,3 →
ruim 7; 3.018 tegenover 411 → ruim 7).
"""

from __future__ import annotations

import math
from typing import Any

from analysis import statistics as st
from analysis.catalogue import Indicator
from analysis.formatting import format_number

__all__ = [
    "PERCENT_DECIMALS",
    "RATIO_PHRASES",
    "amount",
    "change",
    "difference_text",
    "displayed_share",
    "one_in_n",
    "previous_value",
    "profile_change",
    "ratio",
    "ratio_phrase",
    "share",
    "shown",
]

#: Relative changes and shares of counts are shown with one decimal (0,8 %), whatever the
#: decimals of the count itself.
PERCENT_DECIMALS = 1


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def shown(value: float, decimals: int) -> float:
    """``value`` as the page shows it: rounded half-up to ``decimals`` (NaN stays NaN)."""
    return st.round_half_up(float(value), decimals) if _finite(value) else math.nan


def change(value: float, before: float, indicator: Indicator) -> float:
    """The change from ``before`` to ``value`` as a reader computes it from the two figures on
    the page: procentpunt for a percentage (at its decimals), procent for a count (one
    decimal). NaN when either is missing (or, for a count, ``before`` is 0)."""
    if not (_finite(value) and _finite(before)):
        return math.nan
    out = st.displayed_difference(value, before, indicator.decimalen,
                                  relative=not indicator.is_rate)
    return float(out)


def previous_value(value: float, difference: float, indicator: Indicator) -> float:
    """The earlier value behind a profile difference (``verschil_1j``): ``value − difference``
    for a percentage, ``value / (1 + difference / 100)`` for a count (its relative change)."""
    if not (_finite(value) and _finite(difference)):
        return math.nan
    if indicator.is_rate:
        return float(value) - float(difference)
    factor = 1 + float(difference) / 100
    return float(value) / factor if factor else math.nan


def profile_change(value: float, difference: float, indicator: Indicator) -> float:
    """The displayed change behind a profile row's ``verschil_1j`` (or ``verschil_2j``): the
    difference of the row's value and the earlier value, both as displayed. For tables that
    show a change beside the figures (the overview, ``rapportage indicatoren``)."""
    return change(value, previous_value(value, difference, indicator), indicator)


def amount(size: float, decimals: int, unit: str) -> str:
    """``|size|`` with its unit, at ``decimals`` ("0,9 procentpunt", "3,2 %")."""
    return f"{format_number(abs(size), decimals)} {unit}"


def difference_text(delta: float, indicator: Indicator) -> str:
    """The size of a displayed difference: "0,9 procentpunt" for a percentage, "3,2 %" for a
    count (a relative change)."""
    if indicator.is_rate:
        return amount(delta, indicator.decimalen, "procentpunt")
    return amount(delta, PERCENT_DECIMALS, "%")


def ratio(value: float, reference: float, decimals: int | None = None) -> float:
    """``value / reference`` of the displayed values (``decimals``; as given when None); NaN
    when either is missing, negative, or the reference is 0."""
    if not (_finite(value) and _finite(reference)):
        return math.nan
    v, r = float(value), float(reference)
    if decimals is not None:
        v, r = shown(v, decimals), shown(r, decimals)
    if r <= 0 or v < 0:
        return math.nan
    return v / r


def share(part: float, whole: float, decimals: int | None = None) -> float:
    """The share (0–1) of ``part`` in ``whole``, from the displayed values; NaN when missing."""
    return ratio(part, whole, decimals)


#: Size phrases for a value against a reference below 2,8 ×, on the Census Reporter index
#: ``round(100 × value / reference)`` (``apps/census/templatetags/comparatives.py``,
#: ``COMPARISON_PHRASE_MAP``; thresholds are lower bounds). Census Reporter's band 72–127
#: ("about three-quarters" … "about 25 percent higher") is left out: there the difference in
#: procentpunt (or procent) already says it. Census Reporter says "more than double" for any
#: index from 206 on; here that band stops at 244 and the ratios above it get their own words
#: (:func:`ratio_phrase`). Used only for significant differences.
RATIO_PHRASES: tuple[tuple[int, str], ...] = (
    (256, "ruim tweeënhalve keer"),
    (245, "ongeveer tweeënhalve keer"),
    (206, "meer dan het dubbele van"),
    (195, "ongeveer het dubbele van"),
    (180, "bijna het dubbele van"),
    (161, "meer dan anderhalve keer"),
    (145, "ongeveer anderhalve keer"),
    (135, "ongeveer 1,4 keer"),
    (128, "ongeveer 1,3 keer"),
    # 72-127: no phrase
    (64, "ongeveer twee derde van"),
    (56, "ongeveer drie vijfde van"),
    (45, "ongeveer de helft van"),
    (37, "ongeveer twee vijfde van"),
    (30, "ongeveer een derde van"),
    (23, "ongeveer een kwart van"),
    (17, "ongeveer een vijfde van"),
    (13, "minder dan een vijfde van"),
    (8, "ongeveer een tiende van"),
    (0, "minder dan een tiende van"),
)
_NO_PHRASE_BAND = (72, 127)
#: From this index on the ratio is said in whole times ("ruim 7 keer zoveel als").
MULTIPLE_FROM = 280
#: "ongeveer k keer" within this fraction of k.
MULTIPLE_ABOUT = 0.02


def ratio_phrase(value: float, reference: float, decimals: int | None = None) -> str | None:
    """The size phrase of ``value`` against ``reference``, from their displayed values
    (``decimals``; as given when None), ending in the word that goes before the reference
    ("meer dan het dubbele van", "ruim 7 keer zoveel als"); ``None`` when the index falls in
    72–127, or either number is missing, negative or the reference 0. See the module doc."""
    q = ratio(value, reference, decimals)
    if not _finite(q):
        return None
    v, r = (float(value), float(reference)) if decimals is None else (
        shown(value, decimals), shown(reference, decimals))
    index = st.round_half_up(100 * v / r)  # 100 × 1,275 would be 127,4999…
    if index >= MULTIPLE_FROM:
        k = int(st.round_half_up(q))
        if abs(q / k - 1) <= MULTIPLE_ABOUT + 1e-12:
            return f"ongeveer {k} keer zoveel als"
        return f"{'bijna' if q < k else 'ruim'} {k} keer zoveel als"
    if _NO_PHRASE_BAND[0] <= index <= _NO_PHRASE_BAND[1]:
        return None
    for threshold, phrase in RATIO_PHRASES:
        if index >= threshold:
            return phrase
    return None  # pragma: no cover - the last threshold is 0


#: "1 op de N" for N = 2 … 10: with r = share × N, "ongeveer" when 0,98 ≤ r ≤ 1,02, "bijna"
#: when 0,90 ≤ r < 0,98 and "ruim" when 1,02 < r ≤ 1,10 (within 10 % of 1/N). When two N fit,
#: the one with r closest to 1 (on a log scale) wins, the smaller N on a tie.
ONE_IN_N_RANGE: tuple[int, int] = (2, 10)
ONE_IN_N_TOLERANCE = 0.10
ONE_IN_N_ABOUT = 0.02


def one_in_n(share: float) -> tuple[str, int] | None:
    """``(qualifier, N)`` such that "qualifier 1 op de N" reads true for ``share`` (a fraction
    0–1), e.g. 0,0964 → ``("bijna", 10)``; ``None`` when no N in 2 … 10 is within 10 %.
    Pass the share as displayed (9,6 % → 0,096) so the words agree with the figure."""
    if not _finite(share) or share <= 0:
        return None
    best: tuple[float, int, float] | None = None
    for n in range(ONE_IN_N_RANGE[0], ONE_IN_N_RANGE[1] + 1):
        r = share * n
        if abs(r - 1) <= ONE_IN_N_TOLERANCE + 1e-12:
            distance = abs(math.log(r))
            if best is None or distance < best[0] - 1e-15:
                best = (distance, n, r)
    if best is None:
        return None
    _, n, r = best
    if abs(r - 1) <= ONE_IN_N_ABOUT + 1e-12:
        qualifier = "ongeveer"
    elif r < 1:
        qualifier = "bijna"
    else:
        qualifier = "ruim"
    return qualifier, n


def displayed_share(part: float, whole: float, decimals: int) -> float:
    """The share of ``part`` in ``whole`` (displayed with ``decimals``) as the page prints it
    in percent with one decimal, back as a fraction: 3.018 of 31.400 → 9,6 % → 0,096."""
    s = share(part, whole, decimals)
    return st.round_half_up(100 * s, PERCENT_DECIMALS) / 100 if _finite(s) else math.nan
