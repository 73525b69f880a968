"""Figures for the reports in one house style: data in, a :class:`Chart` (inline SVG) out.

Every function is pure: no files, no ``plt.show()``, no pyplot state. Figures are built on a
bare :class:`matplotlib.figure.Figure` (never registered with pyplot, so nothing stays open and
the active backend does not matter), rendered to SVG inside a local ``rc_context`` and then
compacted: text stays text (``svg.fonttype = "none"``), no DOCTYPE or metadata (no external
references), ids unique per chart so that many charts can be inlined in one HTML page, and a
``<title>`` (the finding) and ``<desc>`` (the alt text) for screen readers.

House style

* Colours: Okabe–Ito (colour-blind safe, :data:`OKABE_ITO`). The area is the one accent
  (:data:`ACCENT`); Vlaanderen and the province are neutral greys told apart by line style.
* Significance (:data:`COMPARISON_STYLE`) is carried by colour *and* marker shape *and* a text
  tag, never by colour alone (FingertipsNext practice, referentiesystemen.md §1.6): the shape
  gives the direction (▲ beter, ▼ slechter, ● vergelijkbaar, ▶/◀ hoger/lager without a
  judgement), a darker shade the 99,8 % tier, the text the exact label.
* Numbers in Dutch (nl-BE) through :mod:`analysis.formatting`: axis ticks via a
  ``FuncFormatter`` (75,5 %; 12.500), labels and alt text with the indicator's decimals.
* No chart junk: no box, no background grid except faint value gridlines, no titles inside the
  figure (the finding is the caption, see :meth:`Chart._repr_html_`), one font size.

The spine chart follows Fingertips (referentiesystemen.md §1.8): Vlaanderen at the centre, a
symmetric scale per indicator, best always on the right; see :func:`spine_geometry`.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from analysis import statistics as st
from analysis.formatting import MISSING, format_number, format_value

# -- palette and styles ------------------------------------------------------------------------

#: Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with the common
#: colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "zwart": "#000000",
    "oranje": "#E69F00",
    "hemelsblauw": "#56B4E9",
    "blauwgroen": "#009E73",
    "geel": "#F0E442",
    "blauw": "#0072B2",
    "vermiljoen": "#D55E00",
    "roodpaars": "#CC79A7",
}

#: The area of the report: the one accent colour of every chart.
ACCENT = OKABE_ITO["blauw"]
#: Neutral greys: text and Vlaanderen, the province, bars of other areas, spine bars, grid.
TEXT_COLOUR = "#222222"
MUTED_TEXT = "#595959"
VLAANDEREN_COLOUR = "#333333"
PROVINCE_COLOUR = "#8C8C8C"
PEER_COLOUR = "#B3B3B3"
SPINE_OUTER = "#D9D9D9"
SPINE_INNER = "#8B8B8B"  # Fingertips' interquartile box
REGION_COLOUR = "#4D4D4D"  # Fingertips' gray30 region diamond
GRID_COLOUR = "#E5E5E5"
EDGE_COLOUR = "#333333"  # outline of significance markers (the yellow needs one on white)

#: Darker shades of Okabe–Ito colours for the 99,8 % tier and the no-judgement labels.
_DARK_GREEN = "#00664A"
_DARK_VERMILION = "#8F3A00"
_DARK_PURPLE = "#7E2E66"

#: Comparison label (``analysis.statistics.COMPARISON_LABELS``) → (colour, matplotlib marker,
#: text tag). Shape = direction, shade = tier (95 % / 99,8 %), text = the label itself.
COMPARISON_STYLE: dict[str, tuple[str, str, str]] = {
    st.BEST: (_DARK_GREEN, "^", "best"),
    st.BETTER: (OKABE_ITO["blauwgroen"], "^", "beter"),
    st.SIMILAR: (OKABE_ITO["geel"], "o", "vergelijkbaar"),
    st.WORSE: (OKABE_ITO["vermiljoen"], "v", "slechter"),
    st.WORST: (_DARK_VERMILION, "v", "slechtst"),
    st.MUCH_HIGHER: (_DARK_PURPLE, ">", "veel hoger"),
    st.HIGHER: (OKABE_ITO["roodpaars"], ">", "hoger"),
    st.LOWER: (OKABE_ITO["roodpaars"], "<", "lager"),
    st.MUCH_LOWER: (_DARK_PURPLE, "<", "veel lager"),
    st.NOT_COMPARED: ("#FFFFFF", "o", "niet vergeleken"),  # hollow: drawn, not judged
}

#: Trend lines: role → (colour, line style, marker, line width, z-order).
SERIES_STYLE: dict[str, tuple[str, str, str, float, int]] = {
    "area": (ACCENT, "-", "o", 2.2, 4),
    "provincie": (PROVINCE_COLOUR, "-", "s", 1.4, 3),
    "vlaanderen": (VLAANDEREN_COLOUR, "--", "D", 1.4, 3),
    "andere": ("#BFBFBF", ":", ".", 1.0, 2),
}
SERIES_ORDER = ("area", "provincie", "vlaanderen", "andere")

FONT_SIZE = 9.0
SMALL_FONT_SIZE = 8.0
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"  # DejaVu metrics lay the text out

#: Share of peers without a value from which a spine row is not drawn (fingertipscharts
#: ``percent_display = 0.25``).
SPINE_MAX_MISSING_SHARE = 0.25
NOT_PUBLISHED = "niet gepubliceerd"

#: Local rcParams of every chart (never changed globally).
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "rapportage",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": SMALL_FONT_SIZE,
    "legend.frameon": False,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": MUTED_TEXT,
    "axes.linewidth": 0.8,
    "axes.facecolor": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
    "axes.axisbelow": True,
    "xtick.color": MUTED_TEXT,
    "ytick.color": MUTED_TEXT,
    "xtick.labelcolor": TEXT_COLOUR,
    "ytick.labelcolor": TEXT_COLOUR,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "path.simplify": True,
}
_SAVE_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


# -- the result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A rendered chart: inline SVG plus its title (the finding) and alt text."""

    svg: str
    title: str
    alt: str

    def _repr_html_(self) -> str:
        """The SVG in a ``<figure>`` with the title as ``<figcaption>`` (notebook display)."""
        return (
            f'<figure class="grafiek">{self.svg}'
            f"<figcaption>{escape(self.title, quote=False)}</figcaption></figure>"
        )


# -- helpers: numbers --------------------------------------------------------------------------


def _is_percent(unit: str) -> bool:
    return str(unit).strip().lower() in {"percent", "%", "procent", "pct"}


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _float(value: object) -> float:
    return float(value) if _finite(value) else math.nan  # type: ignore[arg-type]


def _label(value: object) -> str | None:
    """A comparison label or None for a missing one (None, NaN, pd.NA, "")."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _tick_decimals(locs: Iterable[float]) -> int:
    """The fewest decimals (0-3) that show every tick exactly: 70, 72,5, 75 → 1."""
    values = [float(v) for v in locs if _finite(v)]
    for decimals in range(4):
        if all(abs(v * 10**decimals - round(v * 10**decimals)) < 1e-6 for v in values):
            return decimals
    return 3


def _dutch_formatter(axis: Axis, percent: bool) -> FuncFormatter:
    """Tick labels in nl-BE (``analysis.formatting``), one number of decimals per axis."""

    def fmt(x: float, pos: int | None = None) -> str:
        text = format_number(x, _tick_decimals(axis.get_majorticklocs()))
        return f"{text} %" if percent else text

    return FuncFormatter(fmt)


def _value_text(value: object, unit: str, decimals: int) -> str:
    return format_value(_float(value), "percent" if _is_percent(unit) else "aantal", decimals)


# -- helpers: rendering ------------------------------------------------------------------------


def _chart_id(kind: str, *parts: object) -> str:
    """A short id derived from the inputs: deterministic, and distinct between charts."""
    digest = hashlib.sha1(repr((kind, *parts)).encode("utf-8")).hexdigest()
    return f"g{digest[:8]}"


def _frame_key(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False)


_TAG = re.compile(r"<[^<>]+>")
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_REFS = re.compile(r'(?:url\(#|href="#)([^)"]+)')
#: Geometry attributes whose numbers are rounded to 0,1 pt (never opacities or widths).
_GEOMETRY_ATTR = re.compile(r'(\s(?:d|x|y|width|height|viewBox|transform)=")([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{2,}")
#: Text defaults moved to the root element (inherited), removed from every ``<text>``.
_TEXT_DEFAULTS = {
    f"font-size:{FONT_SIZE:g}px",
    "text-anchor:start",
    f"fill:{TEXT_COLOUR.lower()}",
}


def _round_number(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _compact_tag(tag: str) -> str:
    tag = re.sub(r'\stransform="rotate\(-?0 [^")]*\)"', "", tag)
    tag = re.sub(r'\sd="([^"]*)"', lambda m: f' d="{_compact_path(m.group(1))}"', tag)
    tag = _GEOMETRY_ATTR.sub(
        lambda m: m.group(1) + _LONG_NUMBER.sub(_round_number, m.group(2)) + '"', tag
    )
    is_text = tag.startswith("<text")
    tag = re.sub(
        r'style="([^"]*)"', lambda m: f'style="{_compact_style(m.group(1), is_text)}"', tag
    )
    return re.sub(r'\sstyle=""', "", tag)


def _compact_path(d: str) -> str:
    d = re.sub(r"\s+", " ", d).strip()
    return re.sub(r" ?([MLCQZz]) ?", r"\1", d)


def _compact_style(style: str, is_text: bool) -> str:
    declarations = [re.sub(r"\s*:\s*", ":", part.strip()) for part in style.split(";")]
    drop = _TEXT_DEFAULTS if is_text else set()
    return ";".join(
        d for d in declarations if d and not d.startswith("font-family:") and d not in drop
    )


_EMPTY_GROUP = re.compile(r"<g/>|<g></g>")
_LONE_CHILD = re.compile(r"<g>(<(?:path|use)[^>]*/>|<text[^>]*>[^<]*</text>)</g>")


def _drop_empty_groups(svg: str) -> str:
    """Remove empty ``<g>`` and unwrap attribute-less groups around a single element."""
    previous = None
    while previous != svg:
        previous = svg
        svg = _EMPTY_GROUP.sub("", svg)
        svg = _LONE_CHILD.sub(r"\1", svg)
    return svg


def _finish_svg(raw: str, uid: str, title: str, alt: str) -> str:
    """Compact matplotlib's SVG and add the accessible name and description."""
    svg = raw[raw.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'<defs>\s*<style type="text/css">[^<]*</style>\s*</defs>', "", svg)
    svg = re.sub(r">\s+<", "><", svg).strip()
    svg = _TAG.sub(lambda m: _compact_tag(m.group(0)), svg)
    # Ids: keep only the referenced ones (clip paths, markers), renamed per chart.
    referenced = list(dict.fromkeys(_REFS.findall(svg)))
    rename = {old: f"{uid}-{n}" for n, old in enumerate(referenced)}

    def fix_id(match: re.Match[str]) -> str:
        new = rename.get(match.group(1))
        return f' id="{new}"' if new else ""

    svg = _ID_ATTR.sub(fix_id, svg)
    svg = _REFS.sub(lambda m: m.group(0)[: -len(m.group(1))] + rename[m.group(1)], svg)
    svg = _drop_empty_groups(svg)
    svg = re.sub(r"<defs></defs>", "", svg)
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace(' version="1.1"', "")
    head = head[:-1] + (
        f' role="img" aria-labelledby="{uid}-t {uid}-d"'
        f' font-family="{FONT_FAMILY}" font-size="{FONT_SIZE:g}" fill="{TEXT_COLOUR}"'
        ' stroke-linejoin="round" style="max-width:100%">'
    )
    accessible = (
        f'<title id="{uid}-t">{escape(title, quote=False)}</title>'
        f'<desc id="{uid}-d">{escape(alt, quote=False)}</desc>'
    )
    return head + accessible + svg[head_end:]


def _render(
    draw: Callable[[Figure], None], *, uid: str, title: str, alt: str, tight: bool = True
) -> Chart:
    """Draw on a fresh figure under the house rcParams and return the compact SVG.

    ``tight`` crops the figure to its content (text columns outside the axes included); a
    fixed layout skips that second layout pass.
    """
    rc = {**RC, "svg.hashsalt": uid}
    buffer = io.StringIO()
    with matplotlib.rc_context(rc):
        # A bare Figure, not pyplot: never registered, so there is nothing to close and the
        # garbage collector frees it (and its reference cycles) once this function returns.
        fig = Figure()
        draw(fig)
        fig.savefig(
            buffer,
            format="svg",
            metadata=_SAVE_METADATA,
            bbox_inches="tight" if tight else None,
            pad_inches=0.06,
        )
    return Chart(svg=_finish_svg(buffer.getvalue(), uid, title, alt), title=title, alt=alt)


def _style_axes(ax: Any, value_axis: str) -> None:
    """Remove junk: faint gridlines on the value axis only, no box, no tick marks.

    A line chart keeps its baseline (the x axis); a bar or dot chart keeps none.
    """
    ax.patch.set_visible(False)
    ax.grid(axis=value_axis, color=GRID_COLOUR, linewidth=0.6)
    ax.tick_params(length=0, pad=4)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if value_axis == "y":
        ax.spines["bottom"].set_visible(True)
        ax.spines["bottom"].set_color(MUTED_TEXT)


def _segments(x0: np.ndarray, x1: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal segments (x0 → x1 at y) as one NaN-separated line: one SVG path for all."""
    xs = np.column_stack([x0, x1, np.full(len(y), np.nan)]).ravel()
    ys = np.column_stack([y, y, np.full(len(y), np.nan)]).ravel()
    return xs, ys


def _join_nl(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


# -- trend chart -------------------------------------------------------------------------------


def _series_role(reeks: object, naam: object, area: str) -> str:
    key = str(reeks).strip().lower()
    if key in {"area", "gebied", "geo"} or str(reeks) == area or str(naam) == area:
        return "area"
    if key in {"vlaanderen", "02000"} or str(naam).strip().lower() == "vlaanderen":
        return "vlaanderen"
    if key in {"provincie", "province", "regio"}:
        return "provincie"
    return "andere"


def _label_step(periods: list[str], width_pt: float) -> int:
    """Label every n-th period so that labels never overlap (n in 1, 2, 3, 4, 6, 12, 24 …)."""
    longest = max((len(p) for p in periods), default=4)
    fits = max(1, int(width_pt // (0.62 * FONT_SIZE * longest + 12)))
    needed = math.ceil(len(periods) / fits)
    steps = [1, 2, 3, 4, 6, 12]
    while steps[-1] < needed:
        steps.append(steps[-1] * 2)
    return next(step for step in steps if step >= needed)


def _isolated(values: np.ndarray) -> np.ndarray:
    """Points without a valid neighbour: a line cannot show them, a marker must."""
    ok = np.isfinite(values)
    left = np.r_[False, ok[:-1]]
    right = np.r_[ok[1:], False]
    return ok & ~left & ~right


def trend_chart(series: pd.DataFrame, *, title: str, unit: str, decimals: int, area: str) -> Chart:
    """Lines over time for the area, its province and Vlaanderen; the area's 95 % band shaded.

    ``series`` has ``periode, reeks, naam, waarde, ci95_laag, ci95_hoog``; ``reeks`` is "area",
    "provincie" or "vlaanderen" (or a name: the one equal to ``area`` is the area, "Vlaanderen"
    is Vlaanderen). Periods are shown as given (2019, 2020Q4, 2022-09), in sorted order. A
    missing value leaves a gap; a lone point (or a single period) is drawn as a dot.
    """
    frame = series.copy()
    for column in ("waarde", "ci95_laag", "ci95_hoog"):
        if column not in frame:
            frame[column] = np.nan
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if "naam" not in frame:
        frame["naam"] = frame["reeks"]
    frame["periode"] = frame["periode"].astype(str)
    frame["rol"] = [
        _series_role(r, n, area) for r, n in zip(frame["reeks"], frame["naam"], strict=True)
    ]
    periods = sorted(frame["periode"].unique())
    percent = _is_percent(unit)
    groups: list[tuple[str, str, pd.DataFrame]] = []
    for (rol, reeks), part in frame.groupby(["rol", "reeks"], sort=False):
        naam = str(part["naam"].dropna().iloc[0]) if part["naam"].notna().any() else str(reeks)
        if rol == "area" and naam.strip().lower() in {"area", "gebied", ""}:
            naam = area
        values = part.drop_duplicates("periode", keep="last").set_index("periode")
        groups.append((str(rol), naam, values.reindex(periods)))
    groups.sort(key=lambda g: SERIES_ORDER.index(g[0]))

    def draw(fig: Figure) -> None:
        fig.set_size_inches(6.3, 3.3)
        ax = fig.add_axes((0.1, 0.13, 0.78, 0.7))
        x = np.arange(len(periods), dtype=float)
        handles: list[Any] = []
        has_band = False
        for rol, naam, values in groups:
            colour, linestyle, marker, width, z = SERIES_STYLE[rol]
            y = values["waarde"].to_numpy(float)
            if rol == "area":
                lo = values["ci95_laag"].to_numpy(float)
                hi = values["ci95_hoog"].to_numpy(float)
                band = np.isfinite(lo) & np.isfinite(hi)
                has_band = bool(band.any())
                if has_band:
                    ax.fill_between(
                        x, lo, hi, where=band, color=ACCENT, alpha=0.15, linewidth=0, zorder=1
                    )
                    lone = band & _isolated(np.where(band, lo, np.nan))
                    if lone.any():
                        ax.vlines(x[lone], lo[lone], hi[lone], color=ACCENT, alpha=0.35, lw=5)
            many = len(periods) > 24
            (line,) = ax.plot(
                x,
                y,
                color=colour,
                linestyle=linestyle,
                linewidth=width,
                marker=None if many else marker,
                markersize=4.5 if rol == "area" else 3.5,
                zorder=z,
                label=naam,
            )
            lone = _isolated(y)
            if many and lone.any():
                ax.plot(x[lone], y[lone], linestyle="none", marker=marker, color=colour, zorder=z)
            handles.append(line)
            if rol == "area" and np.isfinite(y).any():
                last = int(np.flatnonzero(np.isfinite(y))[-1])
                ax.annotate(
                    _value_text(y[last], unit, decimals),
                    xy=(x[last], y[last]),
                    xytext=(7, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left",
                    color=ACCENT,
                    fontweight="bold",
                )
        if has_band:
            handles.insert(1, Patch(color=ACCENT, alpha=0.15, label="95 %-interval " + area))
        ax.set_xticks(x)
        step = _label_step(periods, width_pt=0.78 * 6.3 * 72)
        ax.set_xticklabels([p if i % step == 0 else "" for i, p in enumerate(periods)])
        ax.set_xlim(-0.5 if len(periods) <= 1 else -0.25, max(len(periods), 1) - 0.5)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax.yaxis.set_major_formatter(_dutch_formatter(ax.yaxis, percent))
        if not percent and unit and str(unit).lower() != "aantal":
            ax.set_ylabel(str(unit))
        _style_axes(ax, "y")
        if not handles:
            return
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncol=len(handles) if sum(len(h.get_label()) for h in handles) < 64 else 2,
            handlelength=2.2,
            borderaxespad=0,
            columnspacing=1.2,
        )

    alt = _trend_alt(groups, periods, unit, decimals)
    uid = _chart_id("trend", title, unit, decimals, area, _frame_key(series))
    return _render(draw, uid=uid, title=title, alt=alt)


def _trend_alt(
    groups: list[tuple[str, str, pd.DataFrame]], periods: list[str], unit: str, decimals: int
) -> str:
    if not periods:
        return "Lijngrafiek zonder gegevens."
    span = periods[0] if len(periods) == 1 else f"{periods[0]} tot {periods[-1]}"
    names = _join_nl([naam for _, naam, _ in groups])
    unit_text = " (in %)" if _is_percent(unit) else ""
    parts = [f"Lijngrafiek per periode, {span}, voor {names}{unit_text}."]
    for rol, naam, values in groups:
        known = values["waarde"].dropna()
        if known.empty:
            parts.append(f"{naam}: geen waarden.")
            continue
        first, last = known.index[0], known.index[-1]
        text = f"{naam}: {_value_text(known.iloc[-1], unit, decimals)} in {last}"
        if first != last:
            text = (
                f"{naam}: {_value_text(known.iloc[0], unit, decimals)} in {first}, "
                f"{_value_text(known.iloc[-1], unit, decimals)} in {last}"
            )
        lo, hi = values.loc[last, "ci95_laag"], values.loc[last, "ci95_hoog"]
        if rol == "area" and _finite(lo) and _finite(hi):
            text += (
                f" (95 %-interval {_value_text(lo, unit, decimals)} tot "
                f"{_value_text(hi, unit, decimals)})"
            )
        gaps = [p for p in periods if p not in set(known.index)]
        if gaps and first != last:
            text += f"; geen waarde voor {_join_nl(gaps)}"
        parts.append(text + ".")
    return " ".join(parts)


# -- peer chart --------------------------------------------------------------------------------


def peer_chart(
    peers: pd.DataFrame,
    *,
    vlaanderen: float | None,
    highlight: str,
    title: str,
    unit: str,
    decimals: int,
) -> Chart:
    """Areas side by side, sorted by value, the highlighted area in the accent colour.

    ``peers`` has ``geo_naam, waarde, ci95_laag, ci95_hoog, vergelijking``. Percentages are
    dots with their 95 % interval, counts are bars from zero. Each row carries its value
    (nl-BE) and, where the indicator is compared, a marker and text tag for the comparison
    with Vlaanderen. Peers without a value are listed as "niet gepubliceerd". Vlaanderen is a
    dashed vertical line (pass ``None`` for counts, where it would not fit the scale).
    """
    frame = peers.copy()
    for column in ("waarde", "ci95_laag", "ci95_hoog"):
        if column not in frame:
            frame[column] = np.nan
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if "vergelijking" not in frame:
        frame["vergelijking"] = None
    frame["geo_naam"] = frame["geo_naam"].astype(str)
    shown = frame[frame["waarde"].notna()].sort_values(
        ["waarde", "geo_naam"], ascending=[False, True], kind="stable"
    )
    hidden = frame[frame["waarde"].isna()].sort_values("geo_naam", kind="stable")
    labels = [_label(v) for v in shown["vergelijking"]]
    compared = any(lab is not None and lab != st.NOT_COMPARED for lab in labels)
    percent = _is_percent(unit)
    bench = _float(vlaanderen)
    names = list(shown["geo_naam"]) + list(hidden["geo_naam"])
    n = len(names)

    def draw(fig: Figure) -> None:
        height = 0.24 * max(n, 1)
        total = 0.75 + height
        fig.set_size_inches(6.3, total)
        ax = fig.add_axes((0.3, 0.25 / total, 0.5, height / total))
        points = fig.dpi_scale_trans
        y = np.arange(len(shown), dtype=float)
        values = shown["waarde"].to_numpy(float)
        is_area = (shown["geo_naam"] == highlight).to_numpy()
        colours = np.where(is_area, ACCENT, PEER_COLOUR if not percent else MUTED_TEXT)
        if percent:
            lo = shown["ci95_laag"].to_numpy(float)
            hi = shown["ci95_hoog"].to_numpy(float)
            ok = np.isfinite(lo) & np.isfinite(hi)
            for colour in dict.fromkeys(colours):  # one path and one marker per colour
                mine = colours == colour
                ax.plot(
                    *_segments(lo[mine & ok], hi[mine & ok], y[mine & ok]),
                    color=colour,
                    lw=1.6,
                    solid_capstyle="butt",
                    clip_on=False,
                )
                ax.plot(values[mine], y[mine], "o", color=colour, ms=5.5, mew=0, clip_on=False)
        else:
            ax.barh(y, values, height=0.68, color=list(colours), linewidth=0, zorder=2)
        if _finite(bench):
            ax.vlines(bench, -0.5, len(shown) - 0.5, color=VLAANDEREN_COLOUR, linestyle="--", lw=1)
            ax.annotate(
                f"Vlaanderen {_value_text(bench, unit, decimals)}",
                xy=(bench, 1),
                xycoords=("data", "axes fraction"),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=SMALL_FONT_SIZE,
                color=VLAANDEREN_COLOUR,
            )
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        ax.set_yticks(np.arange(n), [_shorten(name, 38) for name in names])
        for tick, name in zip(ax.get_yticklabels(), names, strict=True):
            if name == highlight:
                tick.set_fontweight("bold")
                tick.set_color(ACCENT)
        if not percent:
            ax.set_xlim(left=0)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(_dutch_formatter(ax.xaxis, percent))
        _style_axes(ax, "x")
        ax.spines["left"].set_visible(not percent)
        ax.spines["left"].set_color(MUTED_TEXT)
        column = blended_transform_factory(ax.transAxes, ax.transData)
        texts = [_value_text(v, unit, decimals) for v in values]
        width_pt = 0.62 * FONT_SIZE * max([len(t) for t in texts] + [3])
        tags: dict[tuple[str, str, str], list[int]] = {}
        for row, (text, area_row) in enumerate(zip(texts, is_area, strict=True)):
            ax.annotate(
                text,
                xy=(1, row),
                xycoords=column,
                xytext=(6 + width_pt, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontweight="bold" if area_row else "normal",
            )
            label = labels[row]
            if compared and label is not None:
                style = COMPARISON_STYLE.get(label, COMPARISON_STYLE[st.NOT_COMPARED])
                tags.setdefault(style, []).append(row)
                ax.annotate(
                    style[2],
                    xy=(1, row),
                    xycoords=column,
                    xytext=(22 + width_pt, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=SMALL_FONT_SIZE,
                    color=MUTED_TEXT,
                )
        for (colour, marker, _), rows in tags.items():  # one marker definition per category
            ax.plot(
                np.ones(len(rows)),
                rows,
                transform=column + ScaledTranslation((14 + width_pt) / 72, 0, points),
                marker=marker,
                markersize=6,
                color=colour,
                markeredgecolor=EDGE_COLOUR,
                markeredgewidth=0.5,
                clip_on=False,
                linestyle="none",
            )
        for row in range(len(shown), n):
            ax.annotate(
                NOT_PUBLISHED,
                xy=(1, row),
                xycoords=column,
                xytext=(6 + width_pt, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=SMALL_FONT_SIZE,
                fontstyle="italic",
                color=MUTED_TEXT,
            )
        if compared:
            ax.annotate(
                "t.o.v. Vlaanderen",
                xy=(1, 1),
                xycoords="axes fraction",
                xytext=(14 + width_pt, 3),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=SMALL_FONT_SIZE,
                color=MUTED_TEXT,
            )

    alt = _peer_alt(shown, hidden, labels, bench, highlight, unit, decimals, compared)
    uid = _chart_id("peer", title, unit, decimals, highlight, bench, _frame_key(peers))
    return _render(draw, uid=uid, title=title, alt=alt)


def _peer_alt(
    shown: pd.DataFrame,
    hidden: pd.DataFrame,
    labels: list[str | None],
    bench: float,
    highlight: str,
    unit: str,
    decimals: int,
    compared: bool,
) -> str:
    n = len(shown)
    parts = [f"Rangschikking van {n} {'gebied' if n == 1 else 'gebieden'} van hoog naar laag."]
    if n:
        first, last = shown.iloc[0], shown.iloc[-1]
        parts.append(
            f"Hoogst: {first['geo_naam']} ({_value_text(first['waarde'], unit, decimals)}); "
            f"laagst: {last['geo_naam']} ({_value_text(last['waarde'], unit, decimals)})."
        )
    names = list(shown["geo_naam"])
    if highlight in names:
        row = names.index(highlight)
        text = (
            f"{highlight}: {_value_text(shown.iloc[row]['waarde'], unit, decimals)}, "
            f"plaats {row + 1} van {n}"
        )
        label = labels[row]
        if compared and label is not None:
            text += f", {COMPARISON_STYLE.get(label, ('', '', label))[2]} dan Vlaanderen"
            if label == st.NOT_COMPARED:
                text = text.replace(" dan Vlaanderen", " met Vlaanderen")
        parts.append(text + ".")
    elif highlight in set(hidden["geo_naam"]):
        parts.append(f"{highlight}: {NOT_PUBLISHED}.")
    if _finite(bench):
        parts.append(f"Vlaanderen: {_value_text(bench, unit, decimals)}.")
    if len(hidden):
        parts.append(f"Niet gepubliceerd: {_join_nl(list(hidden['geo_naam']))}.")
    return " ".join(parts)


# -- spine chart -------------------------------------------------------------------------------


def spine_geometry(row: pd.Series | dict[str, Any]) -> dict[str, Any]:
    """Positions (0-1, Vlaanderen at 0,5) of one spine row, best always on the right.

    Fingertips (fingertipscharts ``spine_rescaler``): half-width = max(|Vlaanderen − min|,
    |max − Vlaanderen|), x = 0,5 + (v − Vlaanderen) / (2 · half-width), mirrored for
    ``lager_beter``. Returns ``getoond`` (is the distribution drawn), ``gespiegeld``,
    ``half_breedte``, ``balken`` (``slechtst_q``, ``midden``, ``q_best``: (from, to) left to
    right, or None), ``waarde`` and ``regio`` (x of the area and the region marker, or None),
    ``links``/``rechts`` (x of the worst and best end) and ``vergelijking`` (the label drawn).
    A row is not drawn when a distribution value is missing or when the optional
    ``aandeel_ontbrekend`` (share of peers without a value) is ≥ 25 %; the area marker is left
    out when the area has no value. Both cases are labelled "niet vergeleken".
    """
    get = row.get
    centre = _float(get("vlaanderen"))
    low, q25, q75, high = (_float(get(k)) for k in ("minimum", "q25", "q75", "maximum"))
    value = _float(get("waarde"))
    region = _float(get("regio"))
    missing_share = _float(get("aandeel_ontbrekend"))
    polarity = str(get("polariteit") or st.HIGHER_IS_BETTER)
    flipped = polarity == st.LOWER_IS_BETTER
    shown = all(_finite(v) for v in (centre, low, q25, q75, high)) and not (
        _finite(missing_share) and missing_share >= SPINE_MAX_MISSING_SHARE
    )
    label = _label(get("vergelijking")) or st.NOT_COMPARED
    out: dict[str, Any] = {
        "midden": 0.5,
        "getoond": shown,
        "gespiegeld": flipped,
        "half_breedte": math.nan,
        "balken": None,
        "waarde": None,
        "regio": None,
        "links": None,
        "rechts": None,
        "vergelijking": label if shown and _finite(value) else st.NOT_COMPARED,
    }
    if not shown:
        return out
    half = max(abs(centre - low), abs(high - centre))
    if not half > 0:
        half = 1.0  # every peer equals Vlaanderen: everything sits on the centre line

    def scale(v: float) -> float:
        x = 0.5 + (v - centre) / (2 * half)
        x = 1.0 - x if flipped else x
        return min(1.0, max(0.0, x))

    left_end, right_end = sorted((scale(low), scale(high)))
    left_q, right_q = sorted((scale(q25), scale(q75)))
    out.update(
        half_breedte=half,
        balken={
            "slechtst_q": (left_end, left_q),
            "midden": (left_q, right_q),
            "q_best": (right_q, right_end),
        },
        links=left_end,
        rechts=right_end,
        waarde=scale(value) if _finite(value) else None,
        regio=scale(region) if _finite(region) else None,
    )
    return out


def _shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters (the alt text keeps the full name)."""
    return text if len(text) <= width else text[: width - 1].rstrip(" ,-") + "…"


def _cell_label(label: object, has_value: bool) -> str:
    """The caller's formatted label; "–" when it is missing."""
    text = _label(label)
    return text if text is not None else (MISSING if not has_value else "")


def _wrap(text: str, width: int, lines: int = 2) -> str:
    parts = textwrap.wrap(str(text), width=width) or [""]
    if len(parts) > lines:
        rest = textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder=" …")
        parts = [*parts[: lines - 1], rest]
    return "\n".join(parts)


def spine_chart(rows: pd.DataFrame, *, area: str, title: str, regio: str = "provincie") -> Chart:
    """A Fingertips spine chart: one row per indicator, Vlaanderen at the centre.

    ``rows`` has ``titel, waarde, vlaanderen, minimum, q25, q75, maximum, polariteit,
    vergelijking, label_waarde, label_vlaanderen`` (labels formatted by the caller), optionally
    ``regio`` (a value drawn as a grey diamond, named ``regio`` in the legend) and
    ``aandeel_ontbrekend``. Per row: light grey bars worst→Q25 and Q75→best, a dark
    interquartile bar, the area as a marker in its comparison colour and shape, and the
    comparison as text in the right-hand column; the title, the area's value and Vlaanderen
    as text columns on the left. Best is always on the right (:func:`spine_geometry`).
    """
    records = rows.to_dict("records")
    geometry = [spine_geometry(r) for r in records]
    n = len(records)
    has_region = any(g["regio"] is not None for g in geometry)
    row_height = 0.36
    header, footer = 0.45, 0.55
    total = header + footer + row_height * max(n, 1)

    def draw(fig: Figure) -> None:
        fig.set_size_inches(9.0, total)
        ax = fig.add_axes((0.555, footer / total, 0.29, row_height * max(n, 1) / total))
        ax.set_xlim(-0.04, 1.04)  # room for a marker at either end
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        ax.set_axis_off()
        cell = blended_transform_factory(fig.transFigure, ax.transData)
        text_kw: dict[str, Any] = {"transform": cell, "va": "center"}
        bars: dict[str, tuple[list[float], list[float], list[float]]] = {
            key: ([], [], []) for key in ("slechtst_q", "midden", "q_best")
        }
        markers: dict[str, tuple[list[float], list[float]]] = {}
        region_xy: tuple[list[float], list[float]] = ([], [])
        for y, (record, geo) in enumerate(zip(records, geometry, strict=True)):
            fig.text(0.005, y, _wrap(record.get("titel", ""), 44), ha="left", **text_kw)
            has_value = _finite(record.get("waarde"))
            fig.text(
                0.455,
                y,
                _cell_label(record.get("label_waarde"), has_value),
                ha="right",
                fontweight="bold",
                **text_kw,
            )
            fig.text(
                0.54,
                y,
                _cell_label(record.get("label_vlaanderen"), _finite(record.get("vlaanderen"))),
                ha="right",
                **text_kw,
            )
            tag = COMPARISON_STYLE.get(geo["vergelijking"], COMPARISON_STYLE[st.NOT_COMPARED])[2]
            fig.text(
                0.855,
                y,
                tag,
                ha="left",
                color=MUTED_TEXT if geo["waarde"] is None else TEXT_COLOUR,
                fontsize=SMALL_FONT_SIZE,
                **text_kw,
            )
            if not geo["getoond"]:
                continue
            for key, (start, end) in geo["balken"].items():
                bars[key][0].append(y)
                bars[key][1].append(end - start)
                bars[key][2].append(start)
            if geo["regio"] is not None:
                region_xy[0].append(geo["regio"])
                region_xy[1].append(y)
            if geo["waarde"] is not None:
                xs, ys = markers.setdefault(geo["vergelijking"], ([], []))
                xs.append(geo["waarde"])
                ys.append(y)
        row_pt = row_height * 72
        for key, (ys, widths, lefts) in bars.items():
            if ys:  # a bar is a thick line with butt ends: one path for all rows
                starts = np.asarray(lefts)
                ax.plot(
                    *_segments(starts, starts + np.asarray(widths), np.asarray(ys)),
                    lw=row_pt * (0.56 if key == "midden" else 0.42),
                    color=SPINE_INNER if key == "midden" else SPINE_OUTER,
                    solid_capstyle="butt",
                    zorder=1,
                )
        ax.axvline(0.5, color=VLAANDEREN_COLOUR, linewidth=1.2, zorder=2)
        if region_xy[0]:
            ax.plot(
                *region_xy,
                linestyle="none",
                marker="D",
                markersize=5.5,
                color=REGION_COLOUR,
                markeredgecolor="white",
                markeredgewidth=0.5,
                zorder=3,
                clip_on=False,
            )
        for label in COMPARISON_STYLE:
            if label in markers:
                colour, marker, _ = COMPARISON_STYLE[label]
                ax.plot(
                    *markers[label],
                    linestyle="none",
                    marker=marker,
                    markersize=9,
                    color=colour,
                    markeredgecolor=EDGE_COLOUR,
                    markeredgewidth=0.7,
                    zorder=4,
                    clip_on=False,
                )
        head = -0.5 - 0.45 / row_height * 0.55
        head_kw: dict[str, Any] = {
            "transform": cell,
            "va": "bottom",
            "fontsize": SMALL_FONT_SIZE,
            "color": MUTED_TEXT,
        }
        fig.text(0.005, head, "Indicator", ha="left", **head_kw)
        fig.text(0.455, head, _wrap(area, 14), ha="right", fontweight="bold", **head_kw)
        fig.text(0.54, head, "Vlaanderen", ha="right", **head_kw)
        fig.text(0.855, head, "t.o.v.\nVlaanderen", ha="left", **head_kw)
        spine_head = blended_transform_factory(ax.transAxes, ax.transData)
        head_kw["transform"] = spine_head
        ax.text(0, head, "slechtst\nlaagst", ha="left", **head_kw)
        ax.text(0.5, head, "Vlaanderen", ha="center", **head_kw)
        ax.text(1, head, "best\nhoogst", ha="right", **head_kw)
        fig.legend(
            handles=_spine_legend(markers, has_region, regio),
            loc="upper left",
            bbox_to_anchor=(0.005, (footer - 0.12) / total),
            ncol=4,
            handlelength=1.6,
            columnspacing=1.4,
            borderaxespad=0,
        )

    alt = _spine_alt(records, geometry, area, has_region, regio)
    uid = _chart_id("spine", title, area, regio, _frame_key(rows))
    return _render(draw, uid=uid, title=title, alt=alt)


def _spine_legend(markers: dict[str, Any], has_region: bool, regio: str) -> list[Any]:
    handles: list[Any] = [
        Patch(color=SPINE_OUTER, label="spreiding gebieden (slechtst–best)"),
        Patch(color=SPINE_INNER, label="middelste 50 % van de gebieden"),
        Line2D(
            [],
            [],
            color=VLAANDEREN_COLOUR,
            marker="|",
            linestyle="none",
            markersize=10,
            markeredgewidth=1.2,
            label="Vlaanderen",
        ),
    ]
    if has_region:
        handles.append(
            Line2D(
                [],
                [],
                color=REGION_COLOUR,
                marker="D",
                linestyle="none",
                markersize=5.5,
                label=regio,
            )
        )
    for label, (colour, marker, text) in COMPARISON_STYLE.items():
        if label in markers:
            handles.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    marker=marker,
                    linestyle="none",
                    markersize=8,
                    markeredgecolor=EDGE_COLOUR,
                    markeredgewidth=0.7,
                    label=text,
                )
            )
    return handles


def _spine_alt(
    records: list[dict[str, Any]],
    geometry: list[dict[str, Any]],
    area: str,
    has_region: bool,
    regio: str,
) -> str:
    parts = [
        f"Spinegrafiek van {len(records)} indicatoren voor {area}: per indicator staat "
        "Vlaanderen in het midden, grijze balken tonen de spreiding over de gebieden (donker: "
        "de middelste 50 %), de beste waarde staat altijd rechts"
        + (f", een ruit toont de {regio}." if has_region else ".")
    ]
    for label, (_, _, text) in COMPARISON_STYLE.items():
        items = []
        for record, geo in zip(records, geometry, strict=True):
            if geo["vergelijking"] != label:
                continue
            if _finite(record.get("waarde")):
                items.append(
                    f"{record.get('titel')} ({record.get('label_waarde')} tegenover "
                    f"{record.get('label_vlaanderen')})"
                )
            else:
                items.append(f"{record.get('titel')} (geen waarde)")
        if items:
            head = text[0].upper() + text[1:]
            suffix = "" if label in (st.SIMILAR, st.NOT_COMPARED) else " dan Vlaanderen"
            parts.append(f"{head}{suffix}: {'; '.join(items)}.")
    return " ".join(parts)


# -- share chart -------------------------------------------------------------------------------


def share_chart(
    count: float,
    total: float,
    *,
    area: str,
    title: str,
    geheel: str = "Vlaanderen",
    decimals: int = 1,
) -> Chart:
    """A count as a share of the whole: one stacked bar, "Gent: 4,4 % van Vlaanderen"."""
    part, whole = _float(count), _float(total)
    share = part / whole * 100 if _finite(part) and whole and whole > 0 else math.nan
    share_text = format_value(share, "percent", decimals)
    label = f"{area}: {share_text} van {geheel}"

    def draw(fig: Figure) -> None:
        # No axes (nothing to read off a scale): two rectangles and two labels in figure
        # coordinates, which also makes this the cheapest chart to render.
        fig.set_size_inches(6.3, 0.95)
        fraction = min(max(share, 0.0), 100.0) / 100 if _finite(share) else 0.0
        left, bottom, width, height = 0.02, 0.25, 0.96, 0.3
        fig.add_artist(Rectangle((left, bottom), width, height, color=SPINE_OUTER, lw=0))
        fig.add_artist(Rectangle((left, bottom), width * fraction, height, color=ACCENT, lw=0))
        fig.text(left, 0.66, label, ha="left", va="bottom", fontweight="bold", color=ACCENT)
        fig.text(
            left + width,
            0.18,
            f"{format_number(part)} van {format_number(whole)} in {geheel}",
            ha="right",
            va="top",
            color=MUTED_TEXT,
            fontsize=SMALL_FONT_SIZE,
        )

    alt = (
        f"Staafdiagram van het aandeel van {area} in {geheel}: {share_text} "
        f"({format_number(part)} van {format_number(whole)})."
    )
    uid = _chart_id("share", title, area, geheel, decimals, part, whole)
    return _render(draw, uid=uid, title=title, alt=alt, tight=False)
