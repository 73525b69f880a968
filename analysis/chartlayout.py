"""How figures sit on a report page: when a series is worth a chart, and the blocks that
print side by side.

Pure presentation helpers shared by the area reports (:mod:`analysis.report`) and the group
reports (:mod:`analysis.vergelijking`, also the beleidsrapportage). The CSS that lays these
blocks out on screen and on A4 is :data:`analysis.style.PRINT_CSS`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from analysis import formatting as fmt

T = TypeVar("T")

#: A line through fewer points than this shows no trend; the page gives the values instead.
MIN_TREND_POINTS = 3


@dataclass(frozen=True)
class Note:
    """An HTML fragment in place of a chart (shown as it is by a notebook)."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup


def _known(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def has_trend(values: Iterable[object]) -> bool:
    """Whether a series has at least :data:`MIN_TREND_POINTS` known values."""
    return sum(1 for v in values if _known(v)) >= MIN_TREND_POINTS


def values_note(points: Sequence[tuple[str, object]], unit: str, decimals: int) -> Note:
    """The known values and their periods, where a trend chart would have too few points.

    ``points``: (periode, waarde) in time order. "Geen trendgrafiek: slechts twee
    meetpunten, 20,1 % in 2021 en 21,5 % in 2022."
    """
    items = [f"{fmt.format_value(v, unit, decimals)} in {p}" for p, v in points if _known(v)]
    if not items:
        text = "Geen trendgrafiek: er is geen gepubliceerd meetpunt."
    else:
        count = {1: "één meetpunt", 2: "twee meetpunten"}.get(len(items),
                                                                 f"{len(items)} meetpunten")
        listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
        text = f"Geen trendgrafiek: slechts {count}, {listed}."
    return Note(f"<p class='geen-trend'>{html.escape(text, quote=False)}</p>")


def side_by_side(main: Sequence[str], aside: Sequence[str]) -> str:
    """Two columns that print next to each other on A4 (stacked on screen): ``main`` (the
    figure and sentences of the area, or a group's table) and ``aside`` (its comparison).
    An empty ``aside`` gives one full-width column."""
    if not aside:
        return "<div class='blok'>" + "".join(main) + "</div>"
    return ("<div class='blok twee'><div class='links'>" + "".join(main)
            + "</div><div class='rechts'>" + "".join(aside) + "</div></div>")


def empty_line(area: str, titles: Sequence[str]) -> str:
    """Consecutive indicators without data, folded into one line (escaped)."""
    return (f"<p class='geen'>Geen gegevens voor {html.escape(area, quote=False)}: "
            f"{html.escape('; '.join(titles), quote=False)}.</p>")


def fold_empty(items: Iterable[T], has_data: Callable[[T], bool], block: Callable[[T], str],
               empty: Callable[[list[T]], str]) -> str:
    """Each item with data as its block in a ``<section class='indicator'>``; each run of
    consecutive items without data as one ``empty(run)`` (a page of "Geen gegevens" sections
    one after another reads as a gap, one line says the same)."""
    out: list[str] = []
    run: list[T] = []
    for item in items:
        if not has_data(item):
            run.append(item)
            continue
        if run:
            out.append(empty(run))
            run = []
        out.append(f"<section class='indicator'>{block(item)}</section>")
    if run:
        out.append(empty(run))
    return "".join(out)


def periods_note(periods: Sequence[str], panel_label: str) -> Note:
    """In place of small multiples with fewer than :data:`MIN_TREND_POINTS` periods: which
    periods there are (the values per area are in the ranking beside it)."""
    listed = " en ".join(periods) if periods else "geen"
    count = {0: "geen periode", 1: "één periode", 2: "twee perioden"}.get(len(periods), "")
    return Note(f"<p class='geen-trend'>Geen verloop per {html.escape(panel_label)}: slechts "
                f"{count} ({html.escape(listed)}); de waarden staan in de rangschikking.</p>")
