"""The chart of an indicative projection towards a target: data in, a :class:`Chart` out.

Observed points per measure, the fitted straight line over its window and dashed beyond it,
the prediction band of the fit up to the target year, the line of the last five points, the
target as a horizontal line labelled outside the plot (right of it, where no other text is)
and the target year as a vertical line labelled above the plot. The legend sits below the
plot, so no label crosses another or the data.

Pure, as :mod:`analysis.charts`, whose house style it shares (palette, rcParams, the
:class:`~analysis.charts.Chart` result): a bare :class:`matplotlib.figure.Figure`, rendered to
SVG with text as text, ids unique per chart (``svg.hashsalt``), and a ``<title>`` and
``<desc>`` for screen readers.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis import charts
from analysis.formatting import format_number, format_value

#: Colours of the measures in order: the first (the one the target is defined on, where it has
#: data) the accent of every chart, the second Okabe–Ito vermilion.
MEASURE_COLOURS: tuple[str, ...] = (charts.ACCENT, charts.OKABE_ITO["vermiljoen"])
MEASURE_MARKERS: tuple[str, ...] = ("o", "D")
TARGET_COLOUR = charts.TEXT_COLOUR
BAND_ALPHA = 0.18
FIGSIZE = (7.6, 3.5)  # inches; about the text width of a report page


@dataclass(frozen=True)
class ProjectionLine:
    """One measure of the chart.

    ``points``: the observed ``jaar`` and ``waarde``; ``path``: the fit over the default
    window (``jaar``, ``fit``, ``laag``, ``hoog``, from
    :func:`analysis.statistics.projection_path`), empty when there is none; ``short``: the
    fit of the last five points (``jaar``, ``fit``), empty when there is none or it is the
    same window; ``venster`` and ``kort_venster`` the years of those windows.
    """

    label: str
    points: pd.DataFrame
    path: pd.DataFrame = field(default_factory=pd.DataFrame)
    short: pd.DataFrame = field(default_factory=pd.DataFrame)
    venster: str = ""
    kort_venster: str = ""


def projection_figure(lines: Sequence[ProjectionLine], *, target: float, target_year: int,
                      unit: str, decimals: int) -> Figure:
    """The figure itself (for :func:`projection_chart` and for tests of its layout)."""
    fig = Figure(figsize=FIGSIZE, dpi=72)
    ax = fig.add_axes((0.09, 0.30, 0.74, 0.62))
    percent = unit == "percent"
    handles: list[object] = []
    names: list[str] = []
    values: list[float] = [target]
    first_years: list[int] = []
    for n, line in enumerate(lines):
        colour, marker = MEASURE_COLOURS[n % 2], MEASURE_MARKERS[n % 2]
        points = line.points
        first_years += [int(points["jaar"].min())] if len(points) else []
        values += points["waarde"].astype(float).tolist()
        ax.plot(points["jaar"], points["waarde"], linestyle="none", marker=marker,
                markersize=5, color=colour, zorder=4)
        handles.append(Line2D([], [], linestyle="none", marker=marker, color=colour))
        names.append(f"{line.label}: waargenomen")
        if len(line.path):
            path = line.path
            last = int(points["jaar"].max())
            inside, ahead = path[path["jaar"] <= last], path[path["jaar"] >= last]
            ax.plot(inside["jaar"], inside["fit"], color=colour, linewidth=1.6, zorder=3)
            ax.plot(ahead["jaar"], ahead["fit"], color=colour, linewidth=1.6,
                    linestyle=(0, (5, 3)), zorder=3)
            ahead = ahead[ahead["jaar"] <= target_year]
            ax.fill_between(ahead["jaar"], ahead["laag"], ahead["hoog"], color=colour,
                            alpha=BAND_ALPHA, linewidth=0, zorder=1)
            values += ahead["laag"].tolist() + ahead["hoog"].tolist()
            # One entry for line and band: the band over the line, as drawn.
            handles.append((Patch(facecolor=colour, alpha=BAND_ALPHA, linewidth=0),
                            Line2D([], [], color=colour, linewidth=1.6)))
            names.append(f"lineaire trend {line.venster} met 95 %-voorspellingsband")
        if len(line.short):
            short = line.short[line.short["jaar"] <= target_year]
            ax.plot(short["jaar"], short["fit"], color=colour, linewidth=1.2,
                    linestyle=(0, (1, 2)), zorder=3)
            values += short["fit"].tolist()
            handles.append(Line2D([], [], color=colour, linewidth=1.2, linestyle=(0, (1, 2))))
            names.append(f"trend laatste vijf jaren ({line.kort_venster})")

    start = min(first_years, default=target_year - 10)
    ax.set_xlim(start - 0.6, target_year + 0.6)
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    pad = max(0.08 * (high - low), 0.5)
    ax.set_ylim(low - pad, high + pad)

    target_text = format_value(target, unit, decimals if target % 1 else 0)
    ax.axhline(target, color=TARGET_COLOUR, linewidth=1.0, linestyle=(0, (6, 2, 1, 2)),
               zorder=2)
    # The target's label right of the plot, at the line's height: no other text is there.
    ax.annotate(f"streefwaarde\n{target_text}", xy=(1.0, target), xycoords=("axes fraction",
                "data"), xytext=(6, 0), textcoords="offset points", ha="left", va="center",
                fontsize=charts.SMALL_FONT_SIZE, color=TARGET_COLOUR)
    ax.axvline(target_year, color=charts.MUTED_TEXT, linewidth=0.8, linestyle=":", zorder=2)
    # The target year above the plot, over its line.
    ax.annotate(f"doeljaar {target_year}", xy=(target_year, 1.0), xycoords=("data",
                "axes fraction"), xytext=(0, 4), textcoords="offset points", ha="center",
                va="bottom", fontsize=charts.SMALL_FONT_SIZE, color=charts.MUTED_TEXT)

    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{round(x)}"))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    step = np.diff(ax.get_yticks()[:2])[0] if len(ax.get_yticks()) > 1 else 1.0
    tick_decimals = 0 if float(step).is_integer() else 1
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda y, _: format_number(y, tick_decimals) + (" %" if percent else "")))
    ax.grid(axis="y", color=charts.GRID_COLOUR, linewidth=0.6)
    ax.tick_params(length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2,
              frameon=False, fontsize=charts.SMALL_FONT_SIZE, handlelength=2.2)
    return fig


def projection_chart(lines: Sequence[ProjectionLine], *, target: float, target_year: int,
                     unit: str, decimals: int, title: str, alt: str) -> charts.Chart:
    """The projection chart as inline SVG, with ``title`` (the finding) and ``alt`` text."""
    uid = "projectie-" + hashlib.sha1(
        (title + alt).encode("utf-8")).hexdigest()[:10]
    buffer = io.StringIO()
    with matplotlib.rc_context({**charts.RC, "svg.hashsalt": uid}):
        fig = projection_figure(lines, target=target, target_year=target_year, unit=unit,
                                decimals=decimals)
        fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.06,
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return charts.Chart(svg=_accessible(buffer.getvalue(), uid, title, alt), title=title,
                        alt=alt)


_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)


def _accessible(svg: str, uid: str, title: str, alt: str) -> str:
    """The SVG without XML prologue and comments, with its accessible name and description."""
    svg = _COMMENTS.sub("", _PROLOGUE.sub("", svg, count=1))
    head_end = svg.index(">") + 1
    head = svg[:head_end - 1].replace(' version="1.1"', "")
    return (f'{head} role="img" aria-labelledby="{uid}-t {uid}-d" style="max-width:100%">'
            f'<title id="{uid}-t">{escape(title, quote=False)}</title>'
            f'<desc id="{uid}-d">{escape(alt, quote=False)}</desc>' + svg[head_end:])
