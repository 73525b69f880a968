"""Maps of gemeenten: the SO status of Flanders, a locator map per area, choropleths per group.

Pure: the boundaries arrive as NIS codes and shapely geometries in Belgian Lambert 72
(EPSG:31370), read and reprojected by :func:`analysis.io.read_boundaries`; this module checks
their codes against the reference (:func:`check_codes`), simplifies them once
(:func:`prepare`) and writes maps as inline SVG with an HTML legend.

Why SVG by hand instead of ``GeoDataFrame.plot``: a group report holds some twenty maps of
the same 300 gemeenten. matplotlib writes every outline again in every map (≈70 kB each, more
than the 1 MB a report may weigh), while here the outlines are written once per page
(:func:`defs_html`) and each map refers to them with ``<use>`` (≈5 kB a map). A report with a
single map (the locator map) carries its own outlines. Geometry work is shapely's:
``coverage_simplify`` keeps shared borders shared (no slivers or gaps between neighbours) and
``coverage_union_all`` dissolves gemeenten into provinces and other areas.

Classes of a choropleth are quantiles (quintiles) of the gemeenten shown, as
``mapclassify.Quantiles`` (Rey et al., PySAL) computes them: class *i* holds the values up to
and including the *i*-th cut point. Colours: ColorBrewer YlGnBu for classes (colour-blind
safe, colorbrewer2.org), Okabe–Ito for the SO status; a gemeente without a figure (suppressed
small numbers or no data) is hatched, never coloured. The legend shows only the cut points,
never a gemeente's figure: maps place gemeenten in classes, they do not publish their values.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis import formatting as fmt
from analysis.formatting import format_value
from analysis.geography import VERSIONS, Geo, Geography

#: Metres per SVG unit: coordinates are whole units, 100 m is finer than a pixel of any map.
UNIT = 100.0
#: Douglas–Peucker tolerance of the simplification, metres (≈ one pixel of a map of Flanders).
TOLERANCE = 250.0
#: Largest drawn size of a map, pixels (a locator map is a small one).
MAX_WIDTH = 720
MAX_HEIGHT = 420
LOCATOR_SIZE = (360, 240)
#: The area types whose outlines a map may draw (gemeenten and centrumsteden are gemeenten).
OUTLINE_TYPES = ("provincie", "regiegebied", "referentieregio", "vlaanderen")

#: Okabe & Ito colours of the SO status (colour-blind safe) and the order of the legend.
SO_COLOURS: dict[str, str] = {
    "getekend": "#0072B2",
    "gesprekken lopend": "#E69F00",
    "gesprekken aan te vatten": "#D4D4D4",
}
SO_LABELS: dict[str, str] = {
    "getekend": "SO getekend",
    "gesprekken lopend": "gesprekken lopend",
    "gesprekken aan te vatten": "gesprekken nog aan te vatten",
}
AREA_COLOUR = "#0072B2"  # the accent of the charts
CONTEXT_COLOUR = "#E3E3E3"
BORDER_COLOUR = "#FFFFFF"
PROVINCE_COLOUR = "#4D4D4D"
HIGHLIGHT_COLOUR = "#000000"
HATCH_COLOUR = "#9A9A9A"
NO_FIGURE = "geen cijfer (kleine aantallen of geen gegevens)"

class BoundaryError(ValueError):
    """Boundaries that cannot be used; the message is Dutch."""


# -- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoundaryCheck:
    """What a boundary file holds, measured against the reference gemeenten."""

    grenzen: str | None  # the version all of whose gemeenten are in the file; None if none
    gemeenten: int  # gemeenten of that version (or of the closest one) found
    overige: int  # codes of no Flemish gemeente in any version (Brussels, Wallonia)
    ontbrekend: tuple[str, ...] = ()  # of the closest version, when none is complete
    dichtst: str | None = None  # the closest version, when none is complete

    @property
    def ok(self) -> bool:
        return self.grenzen is not None


def check_codes(codes: Iterable[str], geography: Geography) -> BoundaryCheck:
    """Which boundary version a file's NIS codes are: the one whose every gemeente is there.

    Extra codes outside Flanders (the 19 of Brussels, say) are allowed. When two versions are
    complete (a file with old and new gemeenten), the newest wins.
    """
    found = {str(c) for c in codes}
    flemish = set(geography.gemeenten["nis"])
    best: tuple[int, str] | None = None
    complete = None
    for version in VERSIONS:
        wanted = set(geography.gemeenten.loc[geography.gemeenten["grenzen"] == version, "nis"])
        if not wanted:
            continue
        missing = len(wanted - found)
        if missing == 0:
            complete = version
        if best is None or missing <= best[0]:
            best = (missing, version)
    other = len(found - flemish)
    if not found & flemish:
        return BoundaryCheck(grenzen=None, gemeenten=0, overige=other)
    if complete is not None:
        n = int((geography.gemeenten["grenzen"] == complete).sum())
        return BoundaryCheck(grenzen=complete, gemeenten=n, overige=other)
    if best is None:
        return BoundaryCheck(grenzen=None, gemeenten=0, overige=other)
    version = best[1]
    table = geography.gemeenten[geography.gemeenten["grenzen"] == version]
    missing_codes = tuple(sorted(set(table["nis"]) - found))
    return BoundaryCheck(grenzen=None, gemeenten=len(table) - len(missing_codes), overige=other,
                         ontbrekend=missing_codes, dichtst=version)


def check_message(check: BoundaryCheck, geography: Geography, limit: int = 8) -> str:
    """Dutch: why a file is not a complete set of gemeenten of one version."""
    if check.dichtst is None:
        return ("geen enkele NIS-code is die van een Vlaamse gemeente; is dit een bestand van "
                "de gemeenten?")
    table = geography.gemeenten[geography.gemeenten["grenzen"] == check.dichtst]
    names = dict(zip(table["nis"], table["naam"], strict=True))
    shown = ", ".join(f"{code} {names.get(code, '')}".strip()
                      for code in check.ontbrekend[:limit])
    more = (f" en nog {len(check.ontbrekend) - limit}" if len(check.ontbrekend) > limit
            else "")
    total = check.gemeenten + len(check.ontbrekend)
    return (f"de NIS-codes komen met geen enkele grensversie overeen; het dichtst bij ligt "
            f"grenzen {check.dichtst}, maar daarvan ontbreken {len(check.ontbrekend)} van de "
            f"{fmt.count(total, 'gemeente')}: {shown}{more}")


# -- preparing -------------------------------------------------------------------------------


@dataclass
class MapBase:
    """Simplified outlines of the gemeenten of one boundary version, ready to draw.

    Coordinates are whole :data:`UNIT` (100 m) with y pointing down, as SVG draws.
    """

    grenzen: str
    bron: str  # file name and hash, for the technical note
    codes: tuple[str, ...]
    paths: tuple[str, ...]  # SVG path data per gemeente, in the order of ``codes``
    boxes: np.ndarray  # (n, 4): x0, y0, x1, y1 per gemeente
    outlines: dict[tuple[str, str], str]  # (type, code) → SVG path data of the area
    index: dict[str, int] = field(init=False, repr=False)
    outline_index: dict[tuple[str, str], int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {code: n for n, code in enumerate(self.codes)}
        self.outline_index = {key: n for n, key in enumerate(self.outlines)}

    @property
    def fingerprint(self) -> str:
        """The SHA-256 part of :attr:`bron` (``SHA-256 1a2b…``) without the file name: the
        technical note of a report identifies the file without printing a local name."""
        found = re.search(r"SHA-256 [0-9a-f]+…?", self.bron)
        return found.group(0) if found else "onbekend"

    def gemeente_ref(self, n: int) -> str:
        """The id of gemeente ``n`` in :func:`defs_html` (short: a map refers to 300)."""
        return f"kg{n}"

    def outline_ref(self, key: tuple[str, str]) -> str:
        return f"ko{self.outline_index[key]}"


def prepare(codes: Sequence[str], geometries: Sequence[object], geography: Geography,
            grenzen: str, bron: str) -> MapBase:
    """Simplify the gemeenten of ``grenzen`` once and dissolve them into every area.

    ``geometries`` are shapely (multi)polygons in EPSG:31370, one per code; codes of other
    versions or outside Flanders are left out.
    """
    import shapely

    wanted = geography.gemeenten.loc[geography.gemeenten["grenzen"] == grenzen, "nis"].tolist()
    position = {str(code): n for n, code in enumerate(codes)}
    keep = [code for code in wanted if code in position]
    shapes = np.array([geometries[position[code]] for code in keep], dtype=object)
    shapes = shapely.make_valid(shapes)
    # Coverage simplification keeps the border of two neighbours one line (GEOS ≥ 3.12).
    simple = shapely.coverage_simplify(shapes, TOLERANCE)
    simple = shapely.orient_polygons(simple)
    x0, _, _, y1 = shapely.total_bounds(simple)
    origin = (float(np.floor(x0 / UNIT)), float(np.ceil(y1 / UNIT)))
    paths = tuple(_path_data(shape, origin) for shape in simple)
    bounds = shapely.bounds(simple)
    boxes = np.column_stack([
        np.floor(bounds[:, 0] / UNIT) - origin[0], origin[1] - np.ceil(bounds[:, 3] / UNIT),
        np.ceil(bounds[:, 2] / UNIT) - origin[0], origin[1] - np.floor(bounds[:, 1] / UNIT)])
    index = {code: n for n, code in enumerate(keep)}
    outlines: dict[tuple[str, str], str] = {}
    membership = geography.membership
    rows = membership[(membership["grenzen"] == grenzen)
                      & membership["type"].isin(OUTLINE_TYPES)]
    for (geo_type, code), members in rows.groupby(["type", "code"], sort=False)["nis"]:
        found = [index[nis] for nis in members if nis in index]
        if found:
            # Tolerance 0 drops only the vertices that lay on the removed inner borders.
            merged = shapely.simplify(shapely.coverage_union_all(simple[found]), 0.0)
            outlines[(str(geo_type), str(code))] = _path_data(merged, origin)
    return MapBase(grenzen=grenzen, bron=bron, codes=tuple(keep), paths=paths, boxes=boxes,
                   outlines=outlines)


def _path_data(shape: object, origin: tuple[float, float]) -> str:
    """SVG path data of a (multi)polygon: whole units, relative steps, one subpath a ring."""
    import shapely

    parts = []
    polygons = getattr(shape, "geoms", [shape])
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(shapely.get_coordinates(ring))
            points = np.column_stack([np.rint(xy[:, 0] / UNIT) - origin[0],
                                      origin[1] - np.rint(xy[:, 1] / UNIT)]).astype(np.int64)
            # Rounding to whole units makes neighbouring vertices coincide.
            keep = np.ones(len(points), dtype=bool)
            keep[1:] = np.any(points[1:] != points[:-1], axis=1)
            points = points[keep]
            if len(points) > 1 and (points[0] == points[-1]).all():
                points = points[:-1]
            if len(points) < 3:
                continue
            steps = np.diff(points, axis=0).ravel().tolist()
            parts.append(f"M{points[0, 0]} {points[0, 1]}l" + _numbers(steps) + "z")
    return "".join(parts)


def _numbers(values: Sequence[int]) -> str:
    """Numbers for SVG path data: a minus sign separates as well as a space does."""
    out = []
    for n, value in enumerate(values):
        if n and value >= 0:
            out.append(" ")
        out.append(str(value))
    return "".join(out)


# -- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapFigure:
    """A drawn map: inline SVG, its legend (HTML) and its caption (the finding)."""

    svg: str
    legend: str
    title: str
    alt: str

    def _repr_html_(self) -> str:
        return (f"<figure class='kaart'>{self.svg}{self.legend}"
                f"<figcaption>{html.escape(self.title, quote=False)}</figcaption></figure>")

    def __repr__(self) -> str:
        return f"<Kaart: {self.title}>"


@dataclass(frozen=True)
class _Class:
    """One entry of a legend: its fill, its label and the gemeenten in it."""

    fill: str
    label: str
    codes: tuple[str, ...]


def defs_html(base: MapBase, codes: Iterable[str] | None = None,
              areas: Iterable[tuple[str, str]] = ()) -> str:
    """The outlines of the gemeenten ``codes`` (all when None), of every province and of the
    ``areas`` (type, code) once, for the maps of a page to refer to (a page holds one).

    An invisible SVG (not ``display:none``: some browsers then drop what ``<use>`` shows).
    """
    wanted = set(areas)
    rows = (range(len(base.codes)) if codes is None
            else sorted(base.index[c] for c in set(codes) if c in base.index))
    paths = "".join(f"<path id='{base.gemeente_ref(n)}' d='{base.paths[n]}'/>" for n in rows)
    paths += "".join(f"<path id='{base.outline_ref(key)}' d='{d}'/>"
                     for key, d in base.outlines.items()
                     if key[0] == "provincie" or key in wanted)
    return ("<svg xmlns='http://www.w3.org/2000/svg' class='kaartbasis' width='0' height='0' "
            "aria-hidden='true' focusable='false' style='position:absolute;overflow:hidden'>"
            f"<defs>{paths}</defs></svg>")


def _uid(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:8]
    return f"k{digest}"


def _extent(base: MapBase, codes: Iterable[str]) -> tuple[float, float, float, float]:
    rows = [base.index[c] for c in codes if c in base.index]
    if not rows:
        raise BoundaryError("geen enkele gemeente van de kaart staat in het grenzenbestand")
    box = base.boxes[rows]
    x0, y0 = box[:, 0].min(), box[:, 1].min()
    x1, y1 = box[:, 2].max(), box[:, 3].max()
    pad = 0.02 * max(x1 - x0, y1 - y0)
    return x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad


def _draw(base: MapBase, classes: Sequence[_Class], *, extent_codes: Sequence[str],
          outlines: Sequence[tuple[str, str]], highlights: Sequence[tuple[str, str]],
          title: str, alt: str, shared: bool, uid: str,
          names: Mapping[str, str] | None = None, outlined: Sequence[str] = (),
          size: tuple[int, int] = (MAX_WIDTH, MAX_HEIGHT)) -> str:
    """The SVG of a map: the gemeenten filled per class, then province and area outlines.

    ``shared``: refer to the outlines of :func:`defs_html` (which the page must hold) instead
    of writing them. ``names``: a tooltip per gemeente (only for maps with their own outlines).
    ``outlined``: gemeenten outlined like the ``highlights`` (the centrumsteden).
    """
    x, y, w, h = _extent(base, extent_codes)
    scale = min(size[0] / w, size[1] / h)
    px = 1 / scale  # one pixel in map units: stroke widths stay the same at every extent
    width, height = round(w * scale), round(h * scale)
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='{x:g} {y:g} {w:g} {h:g}' "
        f"width='{width}' height='{height}' role='img' aria-labelledby='{uid}-t {uid}-d' "
        "style='max-width:100%;height:auto' fill-rule='evenodd' stroke-linejoin='round'>"
        f"<title id='{uid}-t'>{html.escape(title, quote=False)}</title>"
        f"<desc id='{uid}-d'>{html.escape(alt, quote=False)}</desc>"
    ]
    if any(c.fill == "hatch" for c in classes):
        step = 4 * px
        parts.append(
            f"<defs><pattern id='{uid}-h' width='{step:.1f}' height='{step:.1f}' "
            "patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
            f"<rect width='{step:.1f}' height='{step:.1f}' fill='#fff'/>"
            f"<path d='M0 0V{step:.1f}' stroke='{HATCH_COLOUR}' stroke-width='{1.2 * px:.2f}'/>"
            "</pattern></defs>")
    parts.append(f"<g stroke='{BORDER_COLOUR}' stroke-width='{0.6 * px:.2f}'>")
    for entry in classes:
        if not entry.codes:
            continue
        fill = f"url(#{uid}-h)" if entry.fill == "hatch" else entry.fill
        parts.append(f"<g fill='{fill}'>")
        for code in entry.codes:
            n = base.index.get(code)
            if n is None:
                continue
            tip = (f"<title>{html.escape(names[code], quote=False)}</title>"
                   if names and code in names else "")
            if shared:
                ref = base.gemeente_ref(n)
                parts.append(f"<use href='#{ref}'>{tip}</use>" if tip
                             else f"<use href='#{ref}'/>")
            else:
                parts.append(f"<path d='{base.paths[n]}'>{tip}</path>" if tip
                             else f"<path d='{base.paths[n]}'/>")
        parts.append("</g>")
    parts.append("</g>")
    for strokes, colour, width_px in ((outlines, PROVINCE_COLOUR, 1.1),
                                      (highlights, HIGHLIGHT_COLOUR, 2.0)):
        keys = [key for key in strokes if key in base.outlines]
        if not keys:
            continue
        style = f"fill='none' stroke='{colour}' stroke-width='{width_px * px:.2f}'"
        if shared:
            uses = "".join(f"<use href='#{base.outline_ref(key)}'/>" for key in keys)
            parts.append(f"<g {style}>{uses}</g>")
        else:
            parts.append(f"<path {style} d='{''.join(base.outlines[k] for k in keys)}'/>")
    single = [base.index[c] for c in outlined if c in base.index]
    if single:
        inner = "".join(f"<use href='#{base.gemeente_ref(n)}'/>" if shared
                        else f"<path d='{base.paths[n]}'/>" for n in single)
        parts.append(f"<g fill='none' stroke='{HIGHLIGHT_COLOUR}' "
                     f"stroke-width='{2.0 * px:.2f}'>{inner}</g>")
    parts.append("</svg>")
    return "".join(parts)


def _single_gemeenten(members: Sequence[Geo]) -> list[str]:
    """The members that are one gemeente (centrumsteden): drawn outlined."""
    return [g.gemeenten[0] for g in members
            if g.type in {"gemeente", "centrumstad"} and g.gemeenten]


def _legend(classes: Sequence[_Class]) -> str:
    """The legend in HTML: a swatch, the label and the number of gemeenten per class; the
    hatched class only when a gemeente has it."""
    items = []
    for entry in classes:
        if entry.fill == "hatch":
            if not entry.codes:
                continue
            swatch = (f"background:repeating-linear-gradient(45deg,#fff 0 2px,{HATCH_COLOUR} "
                      "2px 3px)")
        else:
            swatch = f"background:{entry.fill}"
        n = len(entry.codes)
        items.append(
            "<li style='display:inline-block;margin-right:1rem'><span style='display:"
            f"inline-block;width:.9em;height:.9em;border:1px solid #999;{swatch};"
            f"vertical-align:-.1em;margin-right:.3em'></span>{html.escape(entry.label)} "
            f"<span class='aantal'>({fmt.count(n, 'gemeente')})</span></li>")
    return ("<ul class='legende' style='list-style:none;padding:0;margin:.3rem 0;"
            f"font-size:.85rem'>{''.join(items)}</ul>")


def _province_keys(geography: Geography, codes: Iterable[str], grenzen: str
                   ) -> list[tuple[str, str]]:
    provinces = {geography.get(c, "gemeente", grenzen).provincie for c in codes}
    return [("provincie", p) for p in sorted(p for p in provinces if p)]


def _where(geography: Geography, provinces: Sequence[tuple[str, str]], grenzen: str) -> str:
    """``Vlaanderen`` for more than two provinces, else ``de provincie Limburg`` (or two)."""
    if not provinces or len(provinces) > 2:
        return "Vlaanderen"
    names = [geography.get(code, "provincie", grenzen).naam.removeprefix("Provincie ")
             for _, code in provinces]
    return ("de provincie " + names[0] if len(names) == 1
            else f"de provincies {names[0]} en {names[1]}")


def extent_of(geography: Geography, members: Iterable[Geo], grenzen: str) -> list[str]:
    """The gemeenten a map of ``members`` shows: every gemeente of their provinces."""
    provinces = {geography.get(n, "gemeente", grenzen).provincie
                 for geo in members for n in geo.gemeenten}
    table = geography.gemeenten[geography.gemeenten["grenzen"] == grenzen]
    return table.loc[table["provincie"].isin(provinces), "nis"].tolist()


def locator_map(base: MapBase, geography: Geography, geo: Geo) -> MapFigure:
    """Where an area lies: its gemeenten in the accent colour within its province (a province
    within Flanders; Vlaanderen with its provinces)."""
    grenzen = base.grenzen
    table = geography.gemeenten[geography.gemeenten["grenzen"] == grenzen]
    members = set(geo.gemeenten)
    if geo.type in {"provincie", "vlaanderen"}:
        extent = table["nis"].tolist()
    else:
        extent = extent_of(geography, [geo], grenzen)
    inside = tuple(c for c in extent if c in members)
    outside = tuple(c for c in extent if c not in members)
    classes = [_Class(AREA_COLOUR, geo.naam, inside),
               _Class(CONTEXT_COLOUR, "andere gemeenten", outside)]
    provinces = _province_keys(geography, extent, grenzen)
    where = _where(geography, provinces, grenzen)
    highlight = ([] if geo.type in {"gemeente", "centrumstad", "vlaanderen"}
                 else [(geo.type, geo.code)])
    if geo.type == "vlaanderen":
        title = (f"Vlaanderen: {fmt.count(len(inside), 'gemeente')} in "
                 f"{fmt.count(len(provinces), 'provincie')}")
        alt = (f"Kaart van Vlaanderen met {fmt.count(len(inside), 'gemeente')} en de grenzen "
               "van de provincies.")
    else:
        title = f"Ligging van {geo.naam} in {where}"
        alt = (f"Kaart van {where} met {fmt.count(len(extent), 'gemeente')}; in blauw "
               f"{'de ' if len(inside) > 1 else ''}{fmt.count(len(inside), 'gemeente')} "
               f"van {geo.naam}.")
    names = dict(zip(table["nis"], table["naam"], strict=True))
    svg = _draw(base, classes, extent_codes=extent, outlines=provinces, highlights=highlight,
                title=title, alt=alt, shared=False, uid=_uid("ligging", geo.type, geo.code),
                names={c: names[c] for c in extent}, size=LOCATOR_SIZE)
    legend = _legend(classes[:1] if geo.type == "vlaanderen" else classes)
    return MapFigure(svg=svg, legend=legend, title=title, alt=alt)


def status_map(base: MapBase, geography: Geography, status: Mapping[str, str], *,
               members: Sequence[Geo], moment: str, shared: bool = True,
               outline_members: bool = True) -> MapFigure:
    """The SO status of every gemeente in the provinces of ``members`` (all of Flanders for
    the centrumsteden): signed, in talks, talks still to start; a gemeente without a status
    hatched. ``status``: NIS of ``base.grenzen`` → status."""
    grenzen = base.grenzen
    extent = extent_of(geography, members, grenzen)
    by_status: dict[str, list[str]] = {key: [] for key in SO_COLOURS}
    unknown = []
    for code in extent:
        found = status.get(code)
        by_status.get(found, unknown).append(code)
    classes = [_Class(colour, SO_LABELS[key], tuple(by_status[key]))
               for key, colour in SO_COLOURS.items()]
    classes.append(_Class("hatch", "geen status bekend", tuple(unknown)))
    provinces = _province_keys(geography, extent, grenzen)
    where = _where(geography, provinces, grenzen)
    signed = len(by_status["getekend"])
    pct = format_value(100 * signed / len(extent), "percent", 0) if extent else "–"
    title = (f"Samenwerkingsovereenkomsten op {moment}: {signed} van de "
             f"{fmt.count(len(extent), 'gemeente')} in {where} getekend ({pct})")
    counts = "; ".join(f"{SO_LABELS[k]}: {len(v)}" for k, v in by_status.items())
    alt = f"Kaart van {where} per gemeente. {counts}" + (
        f"; geen status: {len(unknown)}." if unknown else ".")
    highlights = [] if not outline_members else [
        (g.type, g.code) for g in members if g.type not in {"gemeente", "centrumstad",
                                                            "provincie"}]
    if outline_members and any(g.type in {"gemeente", "centrumstad"} for g in members):
        alt += " Zwart omlijnd: " + ", ".join(g.naam for g in members) + "."
    names = None
    if not shared:  # a map with its own outlines can afford a name per gemeente
        table = geography.gemeenten[geography.gemeenten["grenzen"] == grenzen]
        names = dict(zip(table["nis"], table["naam"], strict=True))
    svg = _draw(base, classes, extent_codes=extent, outlines=provinces,
                highlights=highlights, title=title, alt=alt, shared=shared,
                uid=_uid("so", moment, *(g.code for g in members)),
                outlined=_single_gemeenten(members) if outline_members else (), names=names)
    return MapFigure(svg=svg, legend=_legend(classes), title=title, alt=alt)


def quantile_classes(values: np.ndarray, k: int = 5) -> np.ndarray:
    """Upper cut points of ``k`` quantile classes (fewer when values repeat), as
    ``mapclassify.Quantiles``: the i/k quantiles (linear interpolation), duplicates dropped."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.array([])
    k = max(1, min(k, np.unique(values).size))
    return np.unique(np.quantile(values, np.linspace(1 / k, 1, k)))


def choropleth(base: MapBase, geography: Geography, values: Mapping[str, float], *,
               members: Sequence[Geo], title: str, unit: str, decimals: int,
               shared: bool = True, k: int = 5) -> MapFigure:
    """A figure per gemeente in quantile classes over the provinces of ``members``, with the
    province outlines and the members outlined. ``values``: NIS → figure; a gemeente missing
    from it (or NaN) has no figure and is hatched."""
    import matplotlib

    grenzen = base.grenzen
    extent = extent_of(geography, members, grenzen)
    figures = np.array([values.get(c, np.nan) for c in extent], dtype=float)
    known = ~np.isnan(figures)
    cuts = quantile_classes(figures[known], k)
    colours = [matplotlib.colors.to_hex(c) for c in
               matplotlib.colormaps["YlGnBu"](np.linspace(0.12, 0.92, max(len(cuts), 1)))]
    position = np.searchsorted(cuts, figures, side="left")
    classes = []
    for n, cut in enumerate(cuts):
        codes = tuple(c for c, p, ok in zip(extent, position, known, strict=True)
                      if ok and p == n)
        low = format_value(cuts[n - 1], unit, decimals) if n else None
        high = format_value(cut, unit, decimals)
        if len(cuts) == 1:
            label = "alle gemeenten met een cijfer"
        elif n == 0:
            label = f"tot {high}"
        elif n == len(cuts) - 1:
            label = f"meer dan {low}"
        else:
            label = f"{low} tot {high}"
        classes.append(_Class(colours[n], label, codes))
    classes.append(_Class("hatch", NO_FIGURE, tuple(c for c, ok in zip(extent, known,
                                                                       strict=True) if not ok)))
    provinces = _province_keys(geography, extent, grenzen)
    where = _where(geography, provinces, grenzen)
    highlights = [(g.type, g.code) for g in members
                  if g.type not in {"gemeente", "centrumstad", "provincie"}]
    classed = {c: n for n, entry in enumerate(classes[:-1]) for c in entry.codes}
    spoken = []
    for geo in members:
        if geo.type in {"gemeente", "centrumstad"} and geo.gemeenten:
            n = classed.get(geo.gemeenten[0])
            spoken.append(f"{geo.naam}: " + (f"klasse {n + 1} van {len(cuts)} "
                                            f"({classes[n].label})" if n is not None
                                            else "geen cijfer"))
    alt = (f"Kaart van {where}: {fmt.count(int(known.sum()), 'gemeente')} in "
           f"{fmt.count(len(cuts), 'klasse')} met elk ongeveer evenveel gemeenten, "
           f"{int((~known).sum())} zonder cijfer. "
           + "; ".join(f"{c.label}: {len(c.codes)}" for c in classes[:-1]) + "."
           + (" " + "; ".join(spoken) + "." if spoken else ""))
    svg = _draw(base, classes, extent_codes=extent, outlines=provinces, highlights=highlights,
                title=title, alt=alt, shared=shared, uid=_uid("klassen", title),
                outlined=_single_gemeenten(members))
    return MapFigure(svg=svg, legend=_legend(classes), title=title, alt=alt)


def omitted_note(reason: str) -> str:
    """Where one map is left out for a reason of its content (counts, too few gemeenten with a
    figure), in a report that has maps: one sentence for the reader, no set-up text."""
    return f"<p class='toelichting kaart-weggelaten'>Geen kaart: {html.escape(reason)}.</p>"


def technical_line(bases: Mapping[str, MapBase], grenzen: str) -> str:
    """The one line of the technical note on maps (Dutch): the boundaries they are drawn on
    (version, number of gemeenten, fingerprint of the file), or why the report has none."""
    base = bases.get(grenzen)
    if base is not None:
        return (f"gemeentegrenzen {grenzen} ({len(base.codes)} gemeenten; grenzenbestand "
                f"{base.fingerprint}), vereenvoudigd tot op {TOLERANCE:.0f} m; klassen per kaart "
                "volgens kwantielen")
    if not bases:
        return "geen, want er zijn geen gemeentegrenzen ingesteld"
    others = " en ".join(sorted(bases))
    return (f"geen, want de ingestelde gemeentegrenzen zijn die van {others} en dit rapport "
            f"gebruikt de grenzen van {grenzen}")
