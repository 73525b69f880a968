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
* Numbers in Dutch (nl-BE) through :mod:`analysis.formatting`: axis ticks with one number of
  decimals per axis (75,5 %; 12.500), labels and alt text with the indicator's decimals.
* No chart junk: no box, no background grid except faint value gridlines, no titles inside the
  figure (the finding is the caption, see :meth:`Chart._repr_html_`), one font size.

The spine chart follows Fingertips (referentiesystemen.md §1.8): Vlaanderen at the centre, a
symmetric scale per indicator, best always on the right; see :func:`spine_geometry`.

Speed (a report draws some 60 charts, a batch 71 reports): the trend and peer charts use
matplotlib only for what it draws well (lines, markers, bands) and leave out the machinery they
do not need, producing the same picture: no Axes but a :class:`_Frame` with the same
transforms and autoscaled limits; gridlines and tick labels drawn directly
(:func:`_value_axis`, :func:`_tick_texts`); a hand-placed legend (:func:`_legend`); all
one-line texts as one artist (:class:`_Texts`); text metrics cached across charts
(:class:`_Renderer`); one drawing, cropped by the viewBox instead of ``bbox_inches="tight"``
(:func:`_render`). Each of these states the matplotlib behaviour it reproduces.
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
from typing import Any, NamedTuple

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.collections import FillBetweenPolyCollection, LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font, weight_dict
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import text_to_path
from matplotlib.ticker import AutoLocator, Formatter, MaxNLocator
from matplotlib.transforms import (
    Affine2D,
    Bbox,
    BboxTransformFrom,
    BboxTransformTo,
    ScaledTranslation,
    TransformedBbox,
    blended_transform_factory,
)

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
_PAD_INCHES = 0.06  # white margin around the cropped content


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

    def __repr__(self) -> str:
        # The text/plain form Jupyter stores beside the SVG: the finding, not the markup.
        return f"<Grafiek: {self.title}>"


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


class _DutchFormatter(Formatter):
    """Tick labels in nl-BE (``analysis.formatting``), one number of decimals per axis.

    matplotlib hands the formatter all tick locations (``set_locs``) before it formats them,
    so the decimals are decided once per axis update instead of once per label.
    """

    def __init__(self, percent: bool) -> None:
        self.percent = percent
        self.decimals = 0

    def set_locs(self, locs: Iterable[float]) -> None:
        super().set_locs(locs)
        self.decimals = _tick_decimals(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        text = format_number(x, self.decimals)
        return f"{text} %" if self.percent else text


def _value_text(value: object, unit: str, decimals: int) -> str:
    return format_value(_float(value), "percent" if _is_percent(unit) else "aantal", decimals)


# -- helpers: rendering ------------------------------------------------------------------------


def _chart_id(kind: str, *parts: object) -> str:
    """A short id derived from the inputs: deterministic, and distinct between charts."""
    digest = hashlib.sha1(repr((kind, *parts)).encode("utf-8")).hexdigest()
    return f"g{digest[:8]}"


def _frame_key(frame: pd.DataFrame) -> list[Any]:
    """The frame's columns and values, for :func:`_chart_id` (whose ``repr`` is hashed)."""
    return [list(frame.columns), *(frame[column].tolist() for column in frame.columns)]


_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_REFS = re.compile(r'(?:url\(#|href="#)([^)"]+)')
_JUNK = re.compile(
    r'<metadata>.*?</metadata>|<!--.*?-->|<defs>\s*<style type="text/css">[^<]*</style>\s*</defs>',
    re.S,
)
_BETWEEN_TAGS = re.compile(r">\s+<")
_NO_ROTATION = re.compile(r'\stransform="rotate\(-?0 [^")]*\)"')
_PATH_DATA = re.compile(r'\sd="([^"]*)"')
_SPACES = re.compile(r"\s+")
_PATH_COMMAND = re.compile(r" ?([MLCQZz]) ?")
#: Geometry is rounded to 0,1 pt (never opacities or widths, which live in ``style``): x and
#: y hold one number each and are by far the most frequent, so they get their own pattern.
_LONG_NUMBER = re.compile(r"-?\d+\.\d{2,}")
_LONG_XY = re.compile(r'(\s[xy]=")(-?\d+\.\d{2,})"')
_GEOMETRY_ATTR = re.compile(r'(\s(?:width|height|viewBox|transform)=")([^"]*)"')
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_COLON = re.compile(r"\s*:\s*")
#: Text defaults moved to the root element (inherited), removed from every ``<text>``.
_TEXT_DEFAULTS = {
    f"font-size:{FONT_SIZE:g}px",
    "text-anchor:start",
    f"fill:{TEXT_COLOUR.lower()}",
}


def _round(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _round_number(match: re.Match[str]) -> str:
    return _round(float(match.group(0)))


_SIZE_ATTRS = re.compile(r'\s(?:width|height|viewBox)="[^"]*"')


def _compact_d(match: re.Match[str]) -> str:
    d = _PATH_COMMAND.sub(r"\1", _SPACES.sub(" ", match.group(1)).strip())
    return f' d="{_LONG_NUMBER.sub(_round_number, d)}"'


def _round_xy(match: re.Match[str]) -> str:
    return f'{match.group(1)}{_round(float(match.group(2)))}"'


def _round_attribute(match: re.Match[str]) -> str:
    return match.group(1) + _LONG_NUMBER.sub(_round_number, match.group(2)) + '"'


#: Compacted style attributes by (style, is a <text>): a chart repeats a handful of styles.
_STYLES: dict[tuple[str, bool], str] = {}


def _compact_style(match: re.Match[str]) -> str:
    """``style`` without spaces, font-family (set on the root) and inherited text defaults."""
    start = match.start()
    is_text = match.string[start - 5 : start] == "<text"  # matplotlib writes its style first
    key = (match.group(1), is_text)
    found = _STYLES.get(key)
    if found is None:
        declarations = [_COLON.sub(":", part.strip()) for part in key[0].split(";")]
        drop = _TEXT_DEFAULTS if is_text else set()
        kept = ";".join(
            d for d in declarations if d and not d.startswith("font-family:") and d not in drop
        )
        found = _STYLES[key] = f' style="{kept}"' if kept else ""
    return found


def _compact(svg: str) -> str:
    """matplotlib's SVG without prolog, metadata, stylesheet, whitespace and excess digits.

    Each rewrite is one pass over the document (attribute patterns cannot occur in text
    content, which never holds a quote here): no rotate(0), paths without spaces, geometry
    to 0,1 pt, short styles.
    """
    svg = _JUNK.sub("", svg[svg.index("<svg") :])
    svg = _BETWEEN_TAGS.sub("><", svg).strip()
    svg = _NO_ROTATION.sub("", svg)
    svg = _PATH_DATA.sub(_compact_d, svg)
    svg = _LONG_XY.sub(_round_xy, svg)
    svg = _GEOMETRY_ATTR.sub(_round_attribute, svg)
    return _STYLE_ATTR.sub(_compact_style, svg)


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


def _finish_svg(
    raw: str,
    uid: str,
    title: str,
    alt: str,
    crop: tuple[float, float, float, float] | None = None,
) -> str:
    """Compact matplotlib's SVG and add the accessible name and description.

    ``crop`` (x, y, width, height in pt, y downwards) becomes the size and viewBox.
    """
    svg = _compact(raw)
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
    if crop is not None:
        x, y, w, h = (_round(v) for v in crop)
        head = _SIZE_ATTRS.sub("", head)
        head = head[:4] + f' width="{w}pt" height="{h}pt" viewBox="{x} {y} {w} {h}"' + head[4:]
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


#: Text metrics by (text, font, math mode). They depend only on the string and the font (at the
#: fixed 72 dpi of SVG), yet matplotlib caches them per renderer, i.e. per chart: the same names,
#: years and tick labels were laid out by FreeType again in every one of a report's charts.
_TEXT_METRICS: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_TEXT_METRICS_MAX = 50_000  # some 10 MB; a report uses a few thousand
#: Ascent, descent and line gap per font (:func:`_font_heights`).
_FONT_HEIGHTS: dict[tuple[Any, ...], tuple[float, float, float]] = {}


def _font_key(prop: FontProperties) -> tuple[Any, ...]:
    # The fields of FontProperties.__hash__, as a key that cannot collide.
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
    )


def _text_metrics(s: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
    """Width, height and descent (pt) of a text, as the SVG renderer measures it, cached."""
    key = (s, _font_key(prop), ismath)
    metrics = _TEXT_METRICS.get(key)
    if metrics is None:
        if len(_TEXT_METRICS) >= _TEXT_METRICS_MAX:
            _TEXT_METRICS.clear()  # a long batch must not grow without bound
        metrics = _TEXT_METRICS[key] = text_to_path.get_text_width_height_descent(s, prop, ismath)
    return metrics


def _font_heights(prop: FontProperties) -> tuple[float, float, float]:
    """Ascent, descent and line gap (pt) of a font, as ``Text._get_layout`` computes them.

    From the font's OS/2 or hhea table, else from the text "lp"; cached per font.
    """
    key = _font_key(prop)
    found = _FONT_HEIGHTS.get(key)
    if found is None:
        font = get_font(findfont(prop))
        size = prop.get_size_in_points()  # at 72 dpi, points are pixels
        for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent"),
        ):
            table = font.get_sfnt_table(table_name)
            if table is not None:
                scale = size / font.get_sfnt_table("head")["unitsPerEm"]
                found = (
                    table[ascent_key] * scale,
                    -table[descent_key] * scale,
                    table[gap_key] * scale,
                )
                break
        else:
            _, height, descent = _text_metrics("lp", prop, False)
            found = (height - descent, descent, 0.0)
        _FONT_HEIGHTS[key] = found
    return found


class _Renderer(RendererSVG):
    """matplotlib's SVG renderer with text metrics cached across charts.

    Only valid under :data:`RC` (one font family, fixed 72 dpi), which :func:`_render`
    guarantees: the caches are keyed by the font properties, not by the rcParams that
    resolve a generic family to a file.
    """

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        return _text_metrics(s, prop, ismath)

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[float, float, float]:
        # matplotlib asks a renderer for these first (a hook of its own PDF/PS backends) and
        # otherwise reads the font tables for every text it lays out. Same numbers, once per
        # font; should the hook go away, this is simply not called.
        return _font_heights(prop)

    def write_text(self, text: str, style: str, x: str, y: str) -> None:
        """One ``<text>`` element as ``RendererSVG._draw_text_as_text`` writes it."""
        self.writer.element("text", text, attrib={"style": style, "x": x, "y": y})


_ANCHOR = {"left": "start", "right": "end", "center": "middle"}
#: Baseline relative to the anchor, per vertical alignment, for one line of text with ascent
#: a and descent d (``Text._get_layout``).
_BASELINE: dict[str, Callable[[float, float], float]] = {
    "baseline": lambda a, d: 0.0,
    "bottom": lambda a, d: d,
    "top": lambda a, d: -a,
    "center": lambda a, d: (d - a) / 2,
    "center_baseline": lambda a, d: -a / 2,
}
_FONTS: dict[tuple[float, str, str], FontProperties] = {}


def _font(size: float, weight: str, style: str) -> FontProperties:
    """The FontProperties a Text with these settings gets under :data:`RC`, shared."""
    key = (size, weight, style)
    if key not in _FONTS:
        _FONTS[key] = FontProperties(size=size, weight=weight, style=style)
    return _FONTS[key]


def _svg_number(value: float) -> str:
    """A coordinate as the SVG backend writes it, with :func:`_compact`'s rounding."""
    text = f"{value:f}".rstrip("0").rstrip(".")
    return _round(float(text)) if _LONG_NUMBER.fullmatch(text) else text


class _Texts(Artist):
    """Many one-line texts as one artist, drawn and measured as ``Text`` objects would be.

    A matplotlib ``Text`` is a full artist (properties, font, transform) that lays itself
    out twice (crop and drawing), and a peer chart has a hundred of them. Here a text is a
    tuple: its baseline follows ``Text._get_layout`` for one unrotated line (ascent and
    descent at least the font's), its element is the one the SVG backend writes (anchor
    point with text-anchor, style in the backend's order, compacted later like any other)
    and its extent joins the crop. Texts with a line break or math (``$``) become a ``Text``.
    """

    def __init__(self, fig: Figure) -> None:
        super().__init__()
        self.set_zorder(3)  # where Text objects are drawn
        self.set_clip_on(False)
        self.fig = fig
        self._items: list[tuple[Any, float, float, str, str, str, FontProperties, str]] = []
        self._placed: list[tuple[str, str, float, float, float, float, float, float]] | None = None
        fig.add_artist(self)

    def add(
        self,
        x: float,
        y: float,
        text: str,
        *,
        transform: Any,
        ha: str = "left",
        va: str = "baseline",
        size: float = FONT_SIZE,
        weight: str = "normal",
        style: str = "normal",
        color: str = TEXT_COLOUR,
    ) -> None:
        """A text at (x, y) in ``transform`` coordinates, aligned like ``Text(ha=, va=)``."""
        if "\n" in text or "$" in text:
            self.fig.text(
                x,
                y,
                text,
                transform=transform,
                ha=ha,
                va=va,
                fontsize=size,
                fontweight=weight,
                fontstyle=style,
                color=color,
            )
        elif text:  # an empty Text draws nothing and has no extent
            self._items.append((transform, x, y, text, ha, va, _font(size, weight, style), color))
            self._placed = None

    def _place(self) -> list[tuple[str, str, float, float, float, float, float, float]]:
        """Per text: text, style, anchor x, baseline y and extent x0, y0, x1, y1 (display)."""
        if self._placed is None:
            self._placed = []
            for transform, x, y, text, ha, va, prop, color in self._items:
                at_x, at_y = transform.transform((x, y))
                if not (math.isfinite(at_x) and math.isfinite(at_y)):
                    continue  # Text skips it too
                width, height, descent = _text_metrics(text, prop, False)
                min_ascent, min_descent, _ = _font_heights(prop)
                ascent = max(height - descent, min_ascent)
                descent = max(descent, min_descent)
                baseline = at_y + _BASELINE[va](ascent, descent)
                left = at_x - {"left": 0.0, "right": width, "center": width / 2}[ha]
                weight = weight_dict.get(prop.get_weight(), prop.get_weight())
                css = [
                    f"font-style:{prop.get_style()}" if prop.get_style() != "normal" else "",
                    f"font-weight:{weight}" if weight != 400 else "",
                    f"font-size:{prop.get_size_in_points():g}px",
                    f"text-anchor:{_ANCHOR[ha]}",
                    f"fill:{to_hex(color)}" if to_hex(color) != "#000000" else "",
                ]
                self._placed.append(
                    (
                        text,
                        ";".join(c for c in css if c),
                        at_x,
                        baseline,
                        left,
                        baseline - descent,
                        left + width,
                        baseline + ascent,
                    )
                )
        return self._placed

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        placed = self._place()
        if not placed:
            return Bbox.null()
        corners = np.array([p[4:] for p in placed])
        return Bbox([corners[:, :2].min(axis=0), corners[:, 2:].max(axis=0)])

    def draw(self, renderer: Any) -> None:
        if self.get_visible():
            height = renderer.get_canvas_width_height()[1]
            for text, css, x, baseline, *_ in self._place():
                renderer.write_text(text, css, _svg_number(x), _svg_number(height - baseline))
        self.stale = False


def _render(
    draw: Callable[[Figure], list[Bbox] | None],
    *,
    uid: str,
    title: str,
    alt: str,
    tight: bool = True,
) -> Chart:
    """Draw on a fresh figure under the house rcParams and return the compact SVG.

    ``tight`` crops the figure to its content (text columns outside the axes included).
    ``savefig(bbox_inches="tight")`` would lay the figure out and draw it twice (a dry run
    for the extent, then the real one); here the extent is computed once, without drawing,
    the background is stretched to it and the single drawing is cropped by the SVG viewBox,
    which gives the same picture. ``draw`` may return extra extents (display units) that the
    crop must include, such as the box of a hand-made legend (:func:`_legend`).
    """
    rc = {**RC, "svg.hashsalt": uid}
    buffer = io.StringIO()
    with matplotlib.rc_context(rc):
        # A bare Figure, not pyplot: never registered, so there is nothing to close and the
        # garbage collector frees it (and its reference cycles) once this function returns.
        # SVG is drawn at 72 dpi (1 px = 1 pt), as savefig would set it.
        fig = Figure(dpi=72)
        extents = draw(fig) or []
        width, height = fig.get_size_inches()
        renderer = _Renderer(width * 72, height * 72, buffer, metadata=_SAVE_METADATA)
        crop = None
        if tight:
            inches = [Bbox(extent.get_points() / fig.dpi) for extent in extents]
            box = Bbox.union([fig.get_tightbbox(renderer), *inches]).padded(_PAD_INCHES)
            fig.patch.set_bounds(
                box.x0 / width, box.y0 / height, box.width / width, box.height / height
            )
            crop = (box.x0 * 72, (height - box.y1) * 72, box.width * 72, box.height * 72)
        fig.draw(renderer)
        renderer.finalize()
    svg = _finish_svg(buffer.getvalue(), uid, title, alt, crop)
    return Chart(svg=svg, title=title, alt=alt)


#: Tick labels sit this far from the axes (``tick_params(pad=4)``; the ticks have no length).
_TICK_PAD = 4.0
#: Axis label to tick labels (rcParams ``axes.labelpad``).
_LABEL_PAD = 4.0


class _Frame:
    """The plot area of a chart: an Axes' transforms and limits without the Axes.

    A matplotlib Axes costs more to create (spines, two Axis objects with their first
    ticks, titles, patch) and to draw and measure than the rest of a chart; our charts use
    none of that machinery (the axes are drawn by :func:`_value_axis`, :func:`_tick_texts`
    and :meth:`baseline`). This keeps what they do use, with the same numbers: ``transAxes``
    (the rectangle in the figure), ``transData`` (view limits onto it), the blended x/y axis
    transforms, clipping to the rectangle (as an Axes clips its children) and autoscaled
    limits (:func:`_autoscale`). Artists go onto the figure, in z-order as in an Axes.
    """

    def __init__(self, fig: Figure, rect: tuple[float, float, float, float]) -> None:
        self.fig = fig
        self.bbox = TransformedBbox(Bbox.from_bounds(*rect), fig.transSubfigure)
        self.transAxes = BboxTransformTo(self.bbox)
        self.viewLim = Bbox.unit()
        self.transData = BboxTransformFrom(self.viewLim) + self.transAxes
        self._clip = TransformedBbox(Bbox.unit(), self.transAxes)

    def get_xaxis_transform(self) -> Any:
        """x in data, y in axes coordinates."""
        return blended_transform_factory(self.transData, self.transAxes)

    def get_yaxis_transform(self) -> Any:
        """x in axes, y in data coordinates."""
        return blended_transform_factory(self.transAxes, self.transData)

    def get_xlim(self) -> tuple[float, float]:
        return tuple(self.viewLim.intervalx)  # type: ignore[return-value]

    def get_ylim(self) -> tuple[float, float]:
        return tuple(self.viewLim.intervaly)  # type: ignore[return-value]

    def set_xlim(self, left: float, right: float) -> None:
        self.viewLim.intervalx = (left, right)

    def set_ylim(self, bottom: float, top: float) -> None:
        self.viewLim.intervaly = (bottom, top)

    def add_artist(self, artist: Artist, *, clip: bool = True) -> Artist:
        """Add to the figure, in data coordinates unless it has a transform, clipped."""
        if not artist.is_transform_set():
            artist.set_transform(self.transData)
        if clip and artist.get_clip_on():
            artist.set_clip_box(self._clip)
        self.fig.add_artist(artist)
        return artist

    def plot(self, x: Any, y: Any, **style: Any) -> Line2D:
        """``Axes.plot`` of one line (explicit colour, no format string)."""
        return self.add_artist(Line2D(x, y, **style))  # type: ignore[return-value]

    def baseline(self, which: str) -> None:
        """The one visible spine: bottom (a line chart's x axis) or left (count bars)."""
        ends = ([0, 1], [0, 0]) if which == "bottom" else ([0, 0], [0, 1])
        self.add_artist(
            Line2D(
                *ends,
                transform=self.transAxes,
                color=MUTED_TEXT,
                linewidth=matplotlib.rcParams["axes.linewidth"],
                solid_capstyle="projecting",
                solid_joinstyle="miter",
                zorder=2.5,
            ),
            clip=False,
        )


def _autoscale(*data: Any, margin: float) -> tuple[float, float]:
    """View limits that ``Axes.autoscale_view`` gives the data (linear scale, no sticky edges).

    The finite extremes made non-singular by the default locator, widened by ``margin`` of
    their span on either side and passed through the locator's ``view_limits`` (a no-op in
    autolimit mode "data" unless the span is zero) and, as ``set_xlim``/``set_ylim`` do,
    ``nonsingular`` again. Without finite data an Axes keeps its initial limits, 0 to 1.
    """
    values = np.concatenate([np.ravel(np.asarray(d, dtype=float)) for d in data] or [[]])
    values = values[np.isfinite(values)]
    if not values.size:
        return 0.0, 1.0
    locator = AutoLocator()
    low, high = locator.nonsingular(values.min(), values.max())
    delta = (high - low) * margin
    if not np.isfinite(delta):
        delta = 0
    low, high = locator.view_limits(low - delta, high + delta)
    return locator.nonsingular(low, high)


def _tick_texts(
    texts: _Texts,
    ax: Any,
    which: str,
    locs: Iterable[float],
    labels: Iterable[str],
    emphasis: Iterable[bool] | None = None,
) -> None:
    """Labels where matplotlib puts tick labels: below the x axis or left of the y axis.

    Same anchor, alignment and font as ``Tick.label1`` (``pad`` 4 pt, ``top``/``center`` on
    x, ``right``/``center_baseline`` on y). ``emphasis`` marks labels in bold accent colour.
    """
    points = texts.fig.dpi_scale_trans
    if which == "x":
        transform = ax.get_xaxis_transform() + ScaledTranslation(0, -_TICK_PAD / 72, points)
        align = {"ha": "center", "va": "top"}
    else:
        transform = ax.get_yaxis_transform() + ScaledTranslation(-_TICK_PAD / 72, 0, points)
        align = {"ha": "right", "va": "center_baseline"}
    locs, labels = list(locs), list(labels)
    flags = list(emphasis) if emphasis is not None else [False] * len(locs)
    for loc, label, bold in zip(locs, labels, flags, strict=True):
        style = {"weight": "bold", "color": ACCENT} if bold else {}
        x, y = (loc, 0) if which == "x" else (0, loc)
        texts.add(x, y, label, transform=transform, **align, **style)


def _value_axis(texts: _Texts, ax: Any, which: str, percent: bool) -> list[str]:
    """Gridlines and nl-BE tick labels of the value axis; returns the labels drawn.

    The locations are those a ``MaxNLocator`` axis would tick, kept where they fall inside
    the view (as ``Axis._update_ticks``); the decimals are chosen over all of them
    (:class:`_DutchFormatter`). The gridlines are one NaN-separated path, clipped to the plot
    area like matplotlib's. Call once the limits are final.
    """
    start, end = ax.get_ylim() if which == "y" else ax.get_xlim()
    locs = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(start, end)
    labels = _DutchFormatter(percent).format_ticks(locs)
    low, high = min(start, end), max(start, end)
    tolerance = (high - low) * 1e-10  # matplotlib's _interval_contains_close
    kept = [
        (loc, label)
        for loc, label in zip(locs, labels, strict=True)
        if low - tolerance <= loc <= high + tolerance
    ]
    if not kept:
        return []
    at = np.array([loc for loc, _ in kept])
    across = np.zeros(len(at)), np.ones(len(at))
    if which == "y":
        xs, ys = _segments(*across, at)
        transform = ax.get_yaxis_transform()
    else:
        ys, xs = _segments(*across, at)
        transform = ax.get_xaxis_transform()
    ax.add_artist(  # clipped to the plot area, as gridlines are
        Line2D(xs, ys, transform=transform, color=GRID_COLOUR, linewidth=0.6, zorder=0.5)
    )
    _tick_texts(texts, ax, which, at, [label for _, label in kept])
    return [label for _, label in kept]


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width in pt of one line of text in the house font (as the renderer measures it)."""
    return _text_metrics(text, _font(size, "normal", "normal"), False)[0]


#: Legend layout in units of its font size (rcParams ``legend.*`` defaults).
_LEGEND_BORDERPAD = 0.4
_LEGEND_LABELSPACING = 0.5
_LEGEND_HANDLEHEIGHT = 0.7
_LEGEND_HANDLETEXTPAD = 0.8


def _legend(
    texts: _Texts,
    ax: Any,
    handles: list[Any],
    *,
    ncol: int,
    anchor: tuple[float, float],
    handlelength: float,
    columnspacing: float,
) -> Bbox:
    """``ax.legend(loc="lower left", bbox_to_anchor=anchor, borderaxespad=0)``, frameless.

    matplotlib's Legend costs more than the rest of a trend chart: handler objects, offset
    boxes and text areas, laid out in every layout pass. This draws the same artists (per
    entry a handle copied from the original with ``update_from``, as the legend handlers do,
    and a label) at the positions matplotlib's packers compute: entries as handle box + pad +
    label on a common baseline, stacked in columns, columns side by side, the whole padded by
    the border pad with its lower left corner at ``anchor`` (axes fraction). Returns that
    padded box (display units), which the crop must include as it includes a legend.
    """
    fig = texts.fig
    size = SMALL_FONT_SIZE  # rcParams legend.fontsize
    prop = _font(size, "normal", "normal")
    _, lp_height, lp_descent = _text_metrics("lp", prop, False)
    min_ascent, min_descent, _ = _font_heights(prop)
    box_w, box_h = handlelength * size, _LEGEND_HANDLEHEIGHT * size  # handle descent 0
    text_x = box_w + _LEGEND_HANDLETEXTPAD * size
    # Per entry: handle, label, width, bottom and top around its baseline (as the
    # DrawingArea and TextArea of a legend entry measure them).
    entries: list[tuple[Any, str, float, float, float]] = []
    for handle in handles:
        label = handle.get_label()
        width, height, descent = _text_metrics(label, prop, False)
        ascent = max(height - descent, min_ascent)  # Text._get_layout, one line
        descent = max(descent, min_descent)
        top = max(lp_height - lp_descent, ascent)  # TextArea.get_bbox, one line
        entries.append((handle, label, text_x + width, -descent, max(box_h, top)))
    # Columns as np.array_split deals them; each a VPacker on the entries' baselines.
    columns = [list(c) for c in np.array_split(np.arange(len(entries)), ncol) if len(c)]
    spacing = _LEGEND_LABELSPACING * size
    placed: list[tuple[int, float, float]] = []  # entry, x, baseline y (legend box coords)
    spans = []
    x = 0.0
    for column in columns:
        y = 0.0  # baseline of the column's first entry
        for n, i in enumerate(column):
            if n:
                y += entries[column[n - 1]][3] - spacing - entries[i][4]
            placed.append((i, x, y))
        spans.append((y + entries[column[-1]][3], entries[column[0]][4]))
        x += max(entries[i][2] for i in column) + columnspacing * size
    width = x - columnspacing * size
    bottom, top = min(s[0] for s in spans), max(s[1] for s in spans)
    pad = _LEGEND_BORDERPAD * size
    origin = ax.transAxes.transform(anchor) * 72 / fig.dpi  # points
    base_x, base_y = origin[0] + pad, origin[1] + pad - bottom
    points = Affine2D().scale(1 / 72) + fig.dpi_scale_trans
    for i, x, y in placed:
        handle, label = entries[i][:2]
        at = Affine2D().translate(base_x + x, base_y + y) + points
        if isinstance(handle, Line2D):  # HandlerLine2D, one point: marker in the middle
            artist: Any = Line2D([0, box_w / 2, box_w], [box_h / 2] * 3, markevery=[1])
        else:  # HandlerPatch
            artist = Rectangle((0, 0), box_w, box_h)
        artist.update_from(handle)
        artist.set_transform(at)
        artist.set_clip_box(None)
        artist.set_clip_path(None)
        fig.add_artist(artist)
        texts.add(
            0,
            0,
            label,
            transform=at + ScaledTranslation(text_x / 72, 0, fig.dpi_scale_trans),
            size=size,
        )
    corner = origin * fig.dpi / 72
    extent = np.array([[0, 0], [width + 2 * pad, top - bottom + 2 * pad]]) * fig.dpi / 72
    return Bbox(corner + extent)


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
    periods, groups = _trend_series(series, area)
    percent = _is_percent(unit)

    def draw(fig: Figure) -> list[Bbox] | None:
        fig.set_size_inches(6.3, 3.3)
        ax = _Frame(fig, (0.1, 0.13, 0.78, 0.7))
        texts = _Texts(fig)
        x = np.arange(len(periods), dtype=float)
        handles: list[Any] = []
        has_band = False
        heights: list[np.ndarray] = []  # everything drawn in data coordinates, for the limits
        for rol, naam, y, lo, hi in groups:
            colour, linestyle, marker, width, z = SERIES_STYLE[rol]
            if rol == "area":
                band = np.isfinite(lo) & np.isfinite(hi)
                has_band = bool(band.any())
                if has_band:
                    ax.add_artist(FillBetweenPolyCollection(
                        "x", x, lo, hi, where=band, color=ACCENT, alpha=0.15, linewidth=0,
                        zorder=1))
                    heights += [lo[band], hi[band]]
                    lone = band & _isolated(np.where(band, lo, np.nan))
                    if lone.any():  # ax.vlines
                        ax.add_artist(LineCollection(
                            np.stack([x[lone], lo[lone], x[lone], hi[lone]], axis=1).reshape(
                                -1, 2, 2), colors=ACCENT, linestyles="solid", alpha=0.35,
                            linewidth=5))
            many = len(periods) > 24
            line = ax.plot(x, y, color=colour, linestyle=linestyle, linewidth=width,
                           marker="None" if many else marker,
                           markersize=4.5 if rol == "area" else 3.5, zorder=z, label=naam)
            heights.append(y)
            lone = _isolated(y)
            if many and lone.any():
                ax.plot(x[lone], y[lone], linestyle="none", marker=marker, color=colour, zorder=z)
            handles.append(line)
            if rol == "area" and np.isfinite(y).any():
                last = int(np.flatnonzero(np.isfinite(y))[-1])
                texts.add(x[last], y[last], _value_text(y[last], unit, decimals),
                          transform=ax.transData + ScaledTranslation(7 / 72, 0,
                                                                     fig.dpi_scale_trans),
                          va="center", ha="left", color=ACCENT, weight="bold")
        if has_band:
            handles.insert(1, Patch(color=ACCENT, alpha=0.15, label="95 %-interval " + area))
        step = _label_step(periods, width_pt=0.78 * 6.3 * 72)
        _tick_texts(texts, ax, "x", x[::step], periods[::step])
        ax.set_xlim(-0.5 if len(periods) <= 1 else -0.25, max(len(periods), 1) - 0.5)
        ax.set_ylim(*_autoscale(*heights, margin=matplotlib.rcParams["axes.ymargin"]))
        ax.baseline("bottom")
        ticks = _value_axis(texts, ax, "y", percent)
        if not percent and unit and str(unit).lower() != "aantal":
            # Where YAxis puts its label: left of the widest tick label, rotated, centred.
            offset = _TICK_PAD + max(map(_text_width, ticks), default=0.0) + _LABEL_PAD
            fig.text(
                0,
                0.5,
                str(unit),
                transform=ax.transAxes + ScaledTranslation(-offset / 72, 0, fig.dpi_scale_trans),
                rotation=90,
                rotation_mode="anchor",
                ha="center",
                va="bottom",
            )
        if not handles:
            return None
        legend = _legend(
            texts,
            ax,
            handles,
            ncol=len(handles) if sum(len(h.get_label()) for h in handles) < 64 else 2,
            anchor=(0, 1.02),
            handlelength=2.2,
            columnspacing=1.2,
        )
        return [legend]

    alt = _trend_alt(groups, periods, unit, decimals)
    uid = _chart_id("trend", title, unit, decimals, area, _frame_key(series))
    return _render(draw, uid=uid, title=title, alt=alt)


class _Series(NamedTuple):
    """One line of a trend chart: values, 95 % bounds, aligned with the sorted periods."""

    rol: str
    naam: str
    waarde: np.ndarray
    laag: np.ndarray
    hoog: np.ndarray


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as floats, NaN where missing or not a number (no column: all NaN)."""
    if column not in frame:
        return np.full(len(frame), np.nan)
    values = pd.to_numeric(frame[column], errors="coerce")
    return values.to_numpy(dtype=float, na_value=np.nan)


def _trend_series(series: pd.DataFrame, area: str) -> tuple[list[str], list[_Series]]:
    """The sorted periods and one :class:`_Series` per (role, reeks), in SERIES_ORDER.

    Plain lists and arrays instead of a pandas groupby/reindex per series, which cost more
    than drawing the chart. Rows without a reeks are left out; per period the last row of a
    series counts; the name is the series' first known ``naam``, else its ``reeks``.
    """
    waarde, laag, hoog = (_numbers(series, c) for c in ("waarde", "ci95_laag", "ci95_hoog"))
    reeks = series["reeks"].tolist()
    names = series["naam"].tolist() if "naam" in series else reeks
    periode = series["periode"].astype(str).tolist()
    periods = sorted(set(periode))
    column = {p: i for i, p in enumerate(periods)}
    rows: dict[tuple[str, Any], list[int]] = {}
    for row, (key, naam) in enumerate(zip(reeks, names, strict=True)):
        if not pd.isna(key):
            rows.setdefault((_series_role(key, naam, area), key), []).append(row)
    groups = []
    for (rol, key), members in rows.items():
        known = [names[i] for i in members if not pd.isna(names[i])]
        naam = str(known[0]) if known else str(key)
        if rol == "area" and naam.strip().lower() in {"area", "gebied", ""}:
            naam = area
        arrays = np.full((3, len(periods)), np.nan)
        at = [column[periode[i]] for i in members]
        arrays[:, at] = waarde[members], laag[members], hoog[members]  # the last row wins
        groups.append(_Series(rol, naam, *arrays))
    groups.sort(key=lambda g: SERIES_ORDER.index(g.rol))
    return periods, groups


def _trend_alt(groups: list[_Series], periods: list[str], unit: str, decimals: int) -> str:
    if not periods:
        return "Lijngrafiek zonder gegevens."
    span = periods[0] if len(periods) == 1 else f"{periods[0]} tot {periods[-1]}"
    names = _join_nl([g.naam for g in groups])
    unit_text = " (in %)" if _is_percent(unit) else ""
    parts = [f"Lijngrafiek per periode, {span}, voor {names}{unit_text}."]
    for rol, naam, values, lows, highs in groups:
        known = np.flatnonzero(~np.isnan(values))
        if not len(known):
            parts.append(f"{naam}: geen waarden.")
            continue
        first, last = int(known[0]), int(known[-1])
        text = f"{naam}: {_value_text(values[last], unit, decimals)} in {periods[last]}"
        if first != last:
            text = (
                f"{naam}: {_value_text(values[first], unit, decimals)} in {periods[first]}, "
                f"{_value_text(values[last], unit, decimals)} in {periods[last]}"
            )
        lo, hi = lows[last], highs[last]
        if rol == "area" and _finite(lo) and _finite(hi):
            text += (
                f" (95 %-interval {_value_text(lo, unit, decimals)} tot "
                f"{_value_text(hi, unit, decimals)})"
            )
        gaps = [p for p, value in zip(periods, values, strict=True) if np.isnan(value)]
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
    # Plain lists and arrays: pandas copies, masks and sorts cost more than a bar here.
    waarde, laag, hoog = (_numbers(peers, c) for c in ("waarde", "ci95_laag", "ci95_hoog"))
    geo = peers["geo_naam"].astype(str).tolist()
    comparisons = peers["vergelijking"].tolist() if "vergelijking" in peers else [None] * len(geo)
    # Highest first, ties by name (a stable sort, as pandas' sort_values(kind="stable")).
    order = sorted(np.flatnonzero(~np.isnan(waarde)), key=lambda i: (-waarde[i], geo[i]))
    hidden = sorted(geo[i] for i in np.flatnonzero(np.isnan(waarde)))
    shown = [geo[i] for i in order]
    values, lo, hi = waarde[order], laag[order], hoog[order]
    labels = [_label(comparisons[i]) for i in order]
    compared = any(lab is not None and lab != st.NOT_COMPARED for lab in labels)
    percent = _is_percent(unit)
    bench = _float(vlaanderen)
    names = shown + hidden
    n = len(names)

    # Rows of 0,24 inch; a long list (the 37 regiegebieden) closer, to stay within a page.
    pitch = 0.24 if n <= 20 else 0.19

    def draw(fig: Figure) -> None:
        height = pitch * max(n, 1)
        total = 0.75 + height
        fig.set_size_inches(6.3, total)
        ax = _Frame(fig, (0.3, 0.25 / total, 0.5, height / total))
        points = fig.dpi_scale_trans
        texts = _Texts(fig)
        y = np.arange(len(shown), dtype=float)
        is_area = np.array([name == highlight for name in shown], dtype=bool)
        colours = np.where(is_area, ACCENT, PEER_COLOUR if not percent else MUTED_TEXT)
        widths: list[Any] = [values]  # everything drawn in data coordinates, for the limits
        if percent:
            ok = np.isfinite(lo) & np.isfinite(hi)
            widths += [lo[ok], hi[ok]]
            for colour in dict.fromkeys(colours):  # one path and one marker per colour
                mine = colours == colour
                ax.plot(
                    *_segments(lo[mine & ok], hi[mine & ok], y[mine & ok]),
                    color=colour,
                    lw=1.6,
                    solid_capstyle="butt",
                    clip_on=False,
                )
                ax.plot(
                    values[mine],
                    y[mine],
                    marker="o",
                    linestyle="None",
                    color=colour,
                    ms=5.5,
                    mew=0,
                    clip_on=False,
                )
        else:
            # A bar is a thick line with butt ends from 0: one path per colour instead of one
            # Rectangle artist per bar. 0,68 of a row.
            widths.append(0.0)
            for colour in dict.fromkeys(colours):
                mine = colours == colour
                ax.plot(
                    *_segments(np.zeros(int(mine.sum())), values[mine], y[mine]),
                    color=colour,
                    lw=0.68 * pitch * 72,
                    solid_capstyle="butt",
                    zorder=2,
                )
        if _finite(bench):
            widths.append(bench)
            ax.add_artist(  # ax.vlines
                LineCollection(
                    [[(bench, -0.5), (bench, len(shown) - 0.5)]],
                    colors=VLAANDEREN_COLOUR,
                    linestyles="--",
                    linewidth=1,
                )
            )
            texts.add(
                bench,
                1,
                f"Vlaanderen {_value_text(bench, unit, decimals)}",
                transform=ax.get_xaxis_transform() + ScaledTranslation(0, 3 / 72, points),
                ha="center",
                va="bottom",
                size=SMALL_FONT_SIZE,
                color=VLAANDEREN_COLOUR,
            )
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        left, right = _autoscale(*widths, margin=matplotlib.rcParams["axes.xmargin"])
        ax.set_xlim(left if percent else 0, right)
        if not percent:
            ax.baseline("left")
        _value_axis(texts, ax, "x", percent)
        _tick_texts(
            texts,
            ax,
            "y",
            range(n),
            [_shorten(name, 38) for name in names],
            [name == highlight for name in names],
        )
        column = blended_transform_factory(ax.transAxes, ax.transData)

        def at(dx_pt: float) -> Any:
            return column + ScaledTranslation(dx_pt / 72, 0, points)

        cells = [_value_text(v, unit, decimals) for v in values]
        width_pt = 0.62 * FONT_SIZE * max([len(t) for t in cells] + [3])
        tags: dict[tuple[str, str, str], list[int]] = {}
        value_at, tag_at = at(6 + width_pt), at(22 + width_pt)
        for row, (text, area_row) in enumerate(zip(cells, is_area, strict=True)):
            bold = {"weight": "bold"} if area_row else {}
            texts.add(1, row, text, transform=value_at, ha="right", va="center", **bold)
            label = labels[row]
            if compared and label is not None:
                style = COMPARISON_STYLE.get(label, COMPARISON_STYLE[st.NOT_COMPARED])
                tags.setdefault(style, []).append(row)
                texts.add(
                    1,
                    row,
                    style[2],
                    transform=tag_at,
                    ha="left",
                    va="center",
                    size=SMALL_FONT_SIZE,
                    color=MUTED_TEXT,
                )
        for (colour, marker, _), rows in tags.items():  # one marker definition per category
            ax.plot(
                np.ones(len(rows)),
                rows,
                transform=at(14 + width_pt),
                marker=marker,
                markersize=6,
                color=colour,
                markeredgecolor=EDGE_COLOUR,
                markeredgewidth=0.5,
                clip_on=False,
                linestyle="none",
            )
        for row in range(len(shown), n):
            texts.add(
                1,
                row,
                NOT_PUBLISHED,
                transform=value_at,
                ha="right",
                va="center",
                size=SMALL_FONT_SIZE,
                style="italic",
                color=MUTED_TEXT,
            )
        if compared:
            texts.add(
                1,
                1,
                "t.o.v. Vlaanderen",
                transform=ax.transAxes + ScaledTranslation((14 + width_pt) / 72, 3 / 72, points),
                ha="left",
                va="bottom",
                size=SMALL_FONT_SIZE,
                color=MUTED_TEXT,
            )

    alt = _peer_alt(shown, values, hidden, labels, bench, highlight, unit, decimals, compared)
    uid = _chart_id("peer", title, unit, decimals, highlight, bench, _frame_key(peers))
    return _render(draw, uid=uid, title=title, alt=alt)


def _peer_alt(
    shown: list[str],
    values: np.ndarray,
    hidden: list[str],
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
        parts.append(
            f"Hoogst: {shown[0]} ({_value_text(values[0], unit, decimals)}); "
            f"laagst: {shown[-1]} ({_value_text(values[-1], unit, decimals)})."
        )
    if highlight in shown:
        row = shown.index(highlight)
        text = f"{highlight}: {_value_text(values[row], unit, decimals)}, plaats {row + 1} van {n}"
        label = labels[row]
        if compared and label is not None:
            text += f", {COMPARISON_STYLE.get(label, ('', '', label))[2]} dan Vlaanderen"
            if label == st.NOT_COMPARED:
                text = text.replace(" dan Vlaanderen", " met Vlaanderen")
        parts.append(text + ".")
    elif highlight in hidden:
        parts.append(f"{highlight}: {NOT_PUBLISHED}.")
    if _finite(bench):
        parts.append(f"Vlaanderen: {_value_text(bench, unit, decimals)}.")
    if hidden:
        parts.append(f"Niet gepubliceerd: {_join_nl(hidden)}.")
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


# -- small multiples ---------------------------------------------------------------------------

#: Small-multiples layout, in points: panel plot height, title rows (name and value), the row
#: under a panel for its period labels, gaps, and the height of the legend line.
_SM_PLOT = 40.0
_SM_TITLE = 24.0
_SM_XLABELS = 12.0
_SM_GAP_X = 12.0
_SM_GAP_Y = 6.0
_SM_PAD = 3.0  # between a panel's edge and its first and last point
_SM_MARGIN = 4.0  # white margin around the grid (the layout is exact: no crop needed)


def _sm_columns(n: int) -> int:
    """Panels per row: all of up to 3, 3 up to 6, 4 up to 16, then 6."""
    return n if n <= 3 else 3 if n <= 6 else 4 if n <= 16 else 6


def _fit_text(text: str, width_pt: float, size: float) -> str:
    """The text, shortened with "…" until it fits ``width_pt`` in the house font."""
    if _text_width(text, size) <= width_pt:
        return text
    for length in range(len(text) - 1, 1, -1):
        short = _shorten(text, length)
        if _text_width(short, size) <= width_pt:
            return short
    return text[:1] + "…"


def small_multiples_chart(
    panels: pd.DataFrame,
    *,
    reference: pd.DataFrame | None,
    title: str,
    unit: str,
    decimals: int,
    order: Iterable[str] | None = None,
    reference_label: str = "Vlaanderen",
    panel_label: str = "gebied",
    shared_scale: bool = True,
) -> Chart:
    """One small line chart per area on a grid, the reference (Vlaanderen) dashed in each.

    ``panels`` has ``naam, periode, waarde`` (one row per area and periode; per period the last
    row of an area counts); ``reference`` has ``periode, waarde`` or is None. ``order`` gives
    the panels' order (e.g. the ranking); areas it leaves out follow by name, and a name
    without rows gets an empty panel. Every panel shows the area's name and its last value.

    ``shared_scale``: one value scale for every panel (and the reference), labelled at the left
    of each row, so that panels compare at a glance. Without it (counts, whose sizes differ by
    orders of magnitude) each panel has its own scale, the reference is not drawn and a note
    says so. Periods are shown as given, in sorted order; the first and last period are
    labelled under the panels of the bottom row.

    Compact and fast: all panels are a handful of artists (one path for all area lines, one
    for the reference, one for the last-value dots, one for the baselines), laid out exactly,
    so no crop pass is needed; line paths are written with relative coordinates
    (:func:`_relative_paths`). A grid of 13 panels costs about what one trend chart costs
    (≈ 10 ms, ≈ 8 KB).
    """
    names_col = panels["naam"].astype(str).tolist() if len(panels) else []
    period_col = panels["periode"].astype(str).tolist() if len(panels) else []
    values_col = _numbers(panels, "waarde")
    given = list(dict.fromkeys(str(name) for name in order)) if order is not None else []
    names = given + sorted(set(names_col) - set(given))
    ref_periods: list[str] = []
    ref_values = np.array([])
    if reference is not None and shared_scale and len(reference):
        ref_periods = reference["periode"].astype(str).tolist()
        ref_values = _numbers(reference, "waarde")
    periods = sorted(set(period_col) | set(ref_periods))
    column = {p: i for i, p in enumerate(periods)}
    row_of = {name: i for i, name in enumerate(names)}
    n, m = len(names), len(periods)
    values = np.full((n, m), np.nan)
    for name, periode, value in zip(names_col, period_col, values_col, strict=True):
        values[row_of[name], column[periode]] = value
    ref = np.full(m, np.nan)
    for periode, value in zip(ref_periods, ref_values, strict=True):
        ref[column[periode]] = value
    has_ref = bool(np.isfinite(ref).any())
    percent = _is_percent(unit)

    def draw(fig: Figure) -> list[Bbox]:
        ncol = max(_sm_columns(n), 1)
        nrow = max(math.ceil(n / ncol), 1)
        size = FONT_SIZE  # the root's size: the texts then need no font-size of their own
        if shared_scale:
            low, high = _autoscale(values, ref, margin=0.08)
            locs = MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
            tolerance = (high - low) * 1e-10
            locs = np.array([v for v in locs if low - tolerance <= v <= high + tolerance])
            labels = _DutchFormatter(percent).format_ticks(locs) if len(locs) else []
            labels_width = max((_text_width(t, size) for t in labels), default=0.0)
            left = _SM_MARGIN + _TICK_PAD + labels_width
            limits = np.tile([low, high], (n, 1))
        else:
            locs, labels, left = np.array([]), [], _SM_MARGIN
            limits = np.array([_autoscale(values[i], margin=0.1) for i in range(n)])
            # Own scales: each panel labels its lowest and highest value at its left edge.
            valued = np.isfinite(values).any(axis=1)
            extremes = np.where(valued[:, None], np.column_stack(
                [np.nanmin(np.where(valued[:, None], values, 0), axis=1),
                 np.nanmax(np.where(valued[:, None], values, 0), axis=1)]), np.nan)
            own = [[_value_text(v, unit, decimals) for v in row] for row in extremes]
        inner = (_TICK_PAD + max((_text_width(t, size) for row in own for t in row),
                                 default=0.0)) if not shared_scale else 0.0
        width = 6.3 * 72
        legend_h = 18.0
        pw = (width - _SM_MARGIN - left - (ncol - 1) * _SM_GAP_X) / ncol
        pitch = _SM_TITLE + _SM_PLOT + _SM_XLABELS + _SM_GAP_Y
        height = legend_h + nrow * pitch + 2 * _SM_MARGIN - _SM_GAP_Y
        fig.set_size_inches(width / 72, height / 72)
        points = Affine2D().scale(1 / 72) + fig.dpi_scale_trans
        texts = _Texts(fig)
        index = np.arange(n)
        x0 = left + (index % ncol) * (pw + _SM_GAP_X)
        top = height - _SM_MARGIN - legend_h - (index // ncol) * pitch
        bottom = top - _SM_TITLE - _SM_PLOT
        px = x0 + inner  # where a panel's plot starts, right of its own scale
        step = (pw - inner - 2 * _SM_PAD) / (m - 1) if m > 1 else 0.0
        offsets = _SM_PAD + np.arange(m) * step if m > 1 else np.full(m, (pw - inner) / 2)
        xs = px[:, None] + offsets[None, :]
        span = limits[:, 1] - limits[:, 0]
        span[~(span > 0)] = 1.0

        def to_y(data: np.ndarray) -> np.ndarray:
            return bottom[:, None] + (data - limits[:, :1]) / span[:, None] * _SM_PLOT

        def path(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            # One NaN-separated line for all panels: one SVG path.
            gap = np.full((len(x), 1), np.nan)
            return np.hstack([x, gap]).ravel(), np.hstack([y, gap]).ravel()

        def line(x: np.ndarray, y: np.ndarray, **style: Any) -> None:
            fig.add_artist(Line2D(x, y, transform=points, clip_on=False, **style))

        ends = np.column_stack([px, x0 + pw])
        line(*path(ends, np.column_stack([bottom, bottom])), color=MUTED_TEXT, linewidth=0.6,
             solid_capstyle="butt", zorder=2.5)
        if len(locs):
            # Faint gridlines at the ticks above the baseline, in every panel.
            grid = [loc for loc in locs if loc > low + (high - low) * 1e-6]
            if grid:
                gy = np.vstack([np.repeat(to_y(np.full((n, 1), loc)), 2, axis=1)
                                for loc in grid])
                line(*path(np.vstack([ends] * len(grid)), gy), color=GRID_COLOUR,
                     linewidth=0.6, zorder=0.5)
            for row in range(nrow):
                first = row * ncol
                if first >= n:
                    break
                for loc, label in zip(locs, labels, strict=True):
                    y = float(to_y(np.full((n, 1), loc))[first, 0])
                    texts.add(left - _TICK_PAD, y, label, transform=points, ha="right",
                              va="center_baseline", size=size, color=MUTED_TEXT)
        if not shared_scale and valued.any():
            ey = to_y(extremes)
            line(*path(np.vstack([ends[valued]] * 2), np.repeat(ey[valued].T.reshape(-1, 1), 2,
                                                                axis=1)),
                 color=GRID_COLOUR, linewidth=0.6, zorder=0.5)
            for i in np.flatnonzero(valued):
                for label, y in {own[i][0]: ey[i, 0], own[i][1]: ey[i, 1]}.items():
                    texts.add(px[i] - _TICK_PAD, y, label, transform=points, ha="right",
                              va="center_baseline", size=size, color=MUTED_TEXT)
        if has_ref:
            ry = to_y(np.tile(ref, (n, 1)))
            line(*path(xs, ry), color=VLAANDEREN_COLOUR, linestyle="--", linewidth=1.0,
                 zorder=3)
        ys = to_y(values)
        line(*path(xs, ys), color=ACCENT, linewidth=1.6, zorder=4)
        known = np.isfinite(values)
        last = (np.where(known.any(axis=1), m - 1 - np.argmax(known[:, ::-1], axis=1), -1)
                if m else np.full(n, -1))
        dots = np.zeros_like(known)
        for i in range(n):
            dots[i] = _isolated(values[i])
            if last[i] >= 0:
                dots[i, last[i]] = True
        if dots.any():
            # Dots as zero-length round-capped segments in one path: a marker is a <use>
            # element per dot, three times the bytes.
            dx, dy = xs[dots], ys[dots]
            line(*path(np.column_stack([dx, dx]), np.column_stack([dy, dy])), color=ACCENT,
                 linewidth=3.4, solid_capstyle="round", zorder=4)
        for i, name in enumerate(names):
            value = values[i, last[i]] if last[i] >= 0 else math.nan
            texts.add(x0[i], top[i] - size, _fit_text(name, pw, size), transform=points,
                      size=size)
            texts.add(x0[i], top[i] - 2 * size - 3.5, _value_text(value, unit, decimals),
                      transform=points, size=size, weight="bold",
                      color=ACCENT if _finite(value) else MUTED_TEXT)
            if i + ncol < n or not m:
                continue  # a panel below carries the period labels
            label_y = bottom[i] - 2
            if m == 1:
                texts.add(xs[i, 0], label_y, periods[0], transform=points, ha="center",
                          va="top", size=size, color=MUTED_TEXT)
            else:
                texts.add(px[i], label_y, periods[0], transform=points, ha="left", va="top",
                          size=size, color=MUTED_TEXT)
                texts.add(x0[i] + pw, label_y, periods[-1], transform=points, ha="right",
                          va="top", size=size, color=MUTED_TEXT)
        grid_top = height - _SM_MARGIN - legend_h
        frame = _Frame(fig, (left / width, 0, 1 - left / width, grid_top / height))
        handles: list[Any] = [Line2D([], [], color=ACCENT, linewidth=1.6, marker="o",
                                     markersize=3.2, markeredgewidth=0, label=panel_label)]
        if has_ref:
            handles.append(Line2D([], [], color=VLAANDEREN_COLOUR, linestyle="--",
                                  linewidth=1.0, label=reference_label))
        if not shared_scale:
            texts.add(width - _SM_MARGIN, height - _SM_MARGIN - legend_h / 2,
                      "elk paneel heeft een eigen schaal", transform=points, ha="right",
                      va="center", size=size, color=MUTED_TEXT)
        return [_legend(texts, frame, handles, ncol=len(handles), anchor=(0, 1.0),
                        handlelength=2.2, columnspacing=1.2)]

    alt = _multiples_alt(names, periods, values, ref if has_ref else None, unit, decimals,
                         reference_label, shared_scale)
    key = _frame_key(panels) + ([] if reference is None else _frame_key(reference))
    uid = _chart_id("multiples", title, unit, decimals, names, reference_label, shared_scale,
                    key)
    # The layout places everything inside the figure with a margin: no crop pass needed.
    chart = _render(draw, uid=uid, title=title, alt=alt, tight=False)
    return Chart(svg=_relative_paths(chart.svg), title=chart.title, alt=chart.alt)


_PATH_D = re.compile(r' d="([^"]*)"')
_POINT = re.compile(r"([ML])(-?\d+(?:\.\d)?) (-?\d+(?:\.\d)?)")


def _tenths(value: int) -> str:
    """A length in tenths of a point as the shortest SVG number: 88 → 8.8, -5 → -.5, 30 → 3."""
    sign, size = ("-" if value < 0 else ""), abs(value)
    whole, tenth = divmod(size, 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "")
    return sign + (text or "0")


def _relative_d(d: str) -> str:
    """A path of absolute moves and lines (0,1 pt), written with relative lines.

    ``L`` becomes ``l``, ``h`` or ``v`` with the difference to the previous point (unless the
    absolute point is shorter), and a repeated command letter is left out, as SVG allows. The
    differences are exact in tenths, so the points are the same. Any other path is returned
    unchanged.
    """
    points = _POINT.findall(d)
    if "".join(f"{c}{x} {y}" for c, x, y in points) != d:
        return d
    out: list[str] = []
    previous, x0, y0 = "", 0, 0
    for command, x, y in points:
        x1, y1 = round(float(x) * 10), round(float(y) * 10)
        if command == "M":
            out.append(f"M{x} {y}")
            previous = "M"
        else:
            dx, dy = x1 - x0, y1 - y0
            if dy == 0:
                letter, text = "h", _tenths(dx)
            elif dx == 0:
                letter, text = "v", _tenths(dy)
            else:
                second = _tenths(dy)
                letter = "l"
                text = _tenths(dx) + ("" if second.startswith("-") else " ") + second
            relative = (text if text.startswith("-") else " " + text) if letter == previous \
                else letter + text
            absolute = f"{' ' if previous == 'L' else 'L'}{x} {y}"
            if len(absolute) < len(relative):  # a long jump: the absolute point is shorter
                relative, letter = absolute, "L"
            out.append(relative)
            previous = letter
        x0, y0 = x1, y1
    return "".join(out)


def _relative_paths(svg: str) -> str:
    """Every path of moves and lines in ``svg`` with relative lines (:func:`_relative_d`)."""
    return _PATH_D.sub(lambda m: f' d="{_relative_d(m.group(1))}"', svg)


def _multiples_alt(
    names: list[str],
    periods: list[str],
    values: np.ndarray,
    reference: np.ndarray | None,
    unit: str,
    decimals: int,
    reference_label: str,
    shared_scale: bool,
) -> str:
    n = len(names)
    if not n or not periods:
        return "Kleine lijngrafieken zonder gegevens."
    span = periods[0] if len(periods) == 1 else f"{periods[0]} tot {periods[-1]}"
    unit_text = " in %" if _is_percent(unit) else ""
    scale = "op één schaal" if shared_scale else "elk op een eigen schaal"
    parts = [f"Kleine lijngrafieken, één per gebied ({n}), {span}{unit_text}, {scale}."]

    def describe(naam: str, row: np.ndarray) -> str:
        known = np.flatnonzero(np.isfinite(row))
        if not len(known):
            return f"{naam}: geen waarden."
        first, last = int(known[0]), int(known[-1])
        text = f"{naam}: {_value_text(row[last], unit, decimals)} in {periods[last]}"
        if first != last:
            text = (f"{naam}: {_value_text(row[first], unit, decimals)} in {periods[first]}, "
                    f"{_value_text(row[last], unit, decimals)} in {periods[last]}")
        return text + "."

    parts += [describe(naam, values[i]) for i, naam in enumerate(names)]
    if reference is not None:
        parts.append(describe(f"{reference_label} (stippellijn)", reference))
    return " ".join(parts)
