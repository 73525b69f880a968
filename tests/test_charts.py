"""Charts: valid, accessible, Dutch, compact, deterministic SVG; the spine chart's geometry."""

from __future__ import annotations

import gc
import io
import re
import xml.etree.ElementTree as ET

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis import charts
from analysis import statistics as st
from analysis.formatting import format_value

SVG = "{http://www.w3.org/2000/svg}"
NAN = np.nan


# -- fixtures ----------------------------------------------------------------------------------


def _trend_frame() -> pd.DataFrame:
    area = [70.1, NAN, 73.4, 75.2]
    rows = []
    for i, periode in enumerate(["2019", "2020", "2021", "2022"]):
        rows += [
            {
                "periode": periode,
                "reeks": "area",
                "naam": "Gent",
                "waarde": area[i],
                "ci95_laag": area[i] - 1.2,
                "ci95_hoog": area[i] + 1.2,
            },
            {
                "periode": periode,
                "reeks": "provincie",
                "naam": "Oost-Vlaanderen",
                "waarde": 72.0 + 0.5 * i,
                "ci95_laag": NAN,
                "ci95_hoog": NAN,
            },
            {
                "periode": periode,
                "reeks": "vlaanderen",
                "naam": "Vlaanderen",
                "waarde": 71.5 + 0.3 * i,
                "ci95_laag": NAN,
                "ci95_hoog": NAN,
            },
        ]
    return pd.DataFrame(rows)


def _peer_frame(n: int = 6) -> pd.DataFrame:
    names = ["Gent", "Antwerpen", "Brugge", "Leuven", "Aalst", "Mechelen"]
    names += [f"Gemeente {i}" for i in range(n - len(names))]
    rng = np.random.default_rng(7)
    values = [75.2, 70.1, 78.3, 80.0, NAN, 72.0, *rng.uniform(60, 85, n - 6)]
    labels = ["beter", "slechter", "best", "best", None, "vergelijkbaar"]
    labels += ["vergelijkbaar"] * (n - 6)
    return pd.DataFrame(
        {
            "geo_naam": names[:n],
            "waarde": values[:n],
            "ci95_laag": [v - 1.1 for v in values[:n]],
            "ci95_hoog": [v + 1.1 for v in values[:n]],
            "vergelijking": labels[:n],
        }
    )


def _count_peers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geo_naam": ["Gent", "Antwerpen", "Brugge", "Aalst"],
            "waarde": [1234.0, 56789.0, 2345.0, NAN],
            "ci95_laag": NAN,
            "ci95_hoog": NAN,
            "vergelijking": None,
        }
    )


def _spine_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "titel": "Werkzaamheidsgraad 20-64 jaar",
        "waarde": 75.2,
        "vlaanderen": 72.1,
        "minimum": 62.0,
        "q25": 69.0,
        "q75": 74.0,
        "maximum": 80.0,
        "polariteit": "hoger_beter",
        "vergelijking": "beter",
        "label_waarde": "75,2 %",
        "label_vlaanderen": "72,1 %",
    }
    row.update(overrides)
    return row


def _spine_frame(n: int = 30) -> pd.DataFrame:
    labels = list(charts.COMPARISON_STYLE)
    polarities = ["hoger_beter", "lager_beter", "geen_oordeel"]
    rows = []
    for i in range(n):
        value = 60.0 + i % 7 * 2.5
        rows.append(
            _spine_row(
                titel=f"Indicator {i}: een lange titel over werkzaamheid, opleiding en uitstroom",
                waarde=NAN if i == 5 else value,
                polariteit=polarities[i % 3],
                vergelijking=labels[i % len(labels)],
                label_waarde=format_value(value, "percent", 1),
                regio=71.0,
                aandeel_ontbrekend=0.4 if i == 7 else 0.0,
            )
        )
    rows[1]["label_waarde"] = "1.234"
    return pd.DataFrame(rows)


def _trend() -> charts.Chart:
    return charts.trend_chart(
        _trend_frame(),
        title="Gent ligt boven Vlaanderen en stijgt",
        unit="percent",
        decimals=1,
        area="Gent",
    )


def _peer() -> charts.Chart:
    return charts.peer_chart(
        _peer_frame(),
        vlaanderen=72.1,
        highlight="Gent",
        title="Gent ligt boven Vlaanderen",
        unit="percent",
        decimals=1,
    )


def _count_peer() -> charts.Chart:
    return charts.peer_chart(
        _count_peers(),
        vlaanderen=None,
        highlight="Gent",
        title="Antwerpen telt de meeste",
        unit="aantal",
        decimals=0,
    )


def _spine() -> charts.Chart:
    return charts.spine_chart(_spine_frame(), area="Gent", title="Gent scoort beter op 6 van 30")


def _share() -> charts.Chart:
    return charts.share_chart(11234, 256789, area="Gent", title="Gent: 4,4 % van Vlaanderen")


def _multiples_frame(names: list[str], periods: list[str]) -> pd.DataFrame:
    rows = [{"naam": name, "periode": periode, "waarde": 60.0 + i + 0.5 * j}
            for i, name in enumerate(names) for j, periode in enumerate(periods)]
    return pd.DataFrame(rows)


def _multiples() -> charts.Chart:
    periods = ["2017", "2018", "2019"]
    return charts.small_multiples_chart(
        _multiples_frame(["Gent", "Antwerpen", "Brugge", "Leuven", "Zuid-West-Vlaanderen"],
                         periods),
        reference=pd.DataFrame({"periode": periods, "waarde": [62.0, 62.5, 63.1]}),
        title="Werkzaamheidsgraad per centrumstad, 2017–2019",
        unit="percent",
        decimals=1,
        order=["Brugge", "Gent"],
        panel_label="centrumstad",
    )


BUILDERS = {
    "multiples": _multiples,
    "trend": _trend,
    "peer": _peer,
    "peer_aantal": _count_peer,
    "spine": _spine,
    "share": _share,
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, charts.Chart]:
    return {name: build() for name, build in BUILDERS.items()}


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def _text_elements(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


# -- every chart -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILDERS)
def test_valid_accessible_svg(rendered, name):
    chart = rendered[name]
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    first, second = list(root)[:2]
    assert (first.tag, first.get("id"), first.text) == (f"{SVG}title", title_id, chart.title)
    assert (second.tag, second.get("id"), second.text) == (f"{SVG}desc", desc_id, chart.alt)
    assert chart.alt and chart.title
    assert root.get("viewBox")


@pytest.mark.parametrize("name", BUILDERS)
def test_no_external_references(rendered, name):
    svg = rendered[name].svg
    for namespace in ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"):
        svg = svg.replace(namespace, "")
    assert "http" not in svg
    assert "<image" not in svg and "DOCTYPE" not in svg and "<?xml" not in svg
    assert "<style" not in svg  # a global stylesheet would leak into the HTML page


@pytest.mark.parametrize("name", BUILDERS)
def test_ids_are_unique_and_referenced_ids_exist(rendered, name):
    svg = rendered[name].svg
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    uid = ids[0].rsplit("-", 1)[0]
    assert all(i.startswith(uid + "-") for i in ids)  # prefixed per chart: safe to inline many
    for ref in re.findall(r'(?:url\(#|href="#)([^)"]+)', svg):
        assert ref in ids


@pytest.mark.parametrize("name", BUILDERS)
def test_deterministic(rendered, name):
    assert BUILDERS[name]().svg == rendered[name].svg


def test_different_charts_get_different_ids(rendered):
    uids = {re.search(r'aria-labelledby="(\S+)-t', c.svg).group(1) for c in rendered.values()}
    assert len(uids) == len(rendered)


def test_sizes(rendered):
    sizes = {name: len(chart.svg.encode()) for name, chart in rendered.items()}
    assert sizes["trend"] <= 40_000
    assert sizes["peer"] <= 40_000
    assert sizes["peer_aantal"] <= 40_000
    assert sizes["spine"] <= 80_000  # 30 rows
    big_peer = charts.peer_chart(
        _peer_frame(25), vlaanderen=72.1, highlight="Gent", title="t", unit="percent", decimals=1
    )
    assert len(big_peer.svg.encode()) <= 40_000
    monthly = pd.DataFrame(
        {
            "periode": [f"{2019 + m // 12}-{m % 12 + 1:02d}" for m in range(48)] * 3,
            "reeks": ["area"] * 48 + ["provincie"] * 48 + ["vlaanderen"] * 48,
            "naam": ["Gent"] * 48 + ["Oost-Vlaanderen"] * 48 + ["Vlaanderen"] * 48,
            "waarde": np.linspace(60, 75, 144),
            "ci95_laag": np.linspace(59, 74, 144),
            "ci95_hoog": np.linspace(61, 76, 144),
        }
    )
    long_trend = charts.trend_chart(monthly, title="t", unit="percent", decimals=1, area="Gent")
    assert len(long_trend.svg.encode()) <= 40_000


def test_text_is_text_and_rcparams_stay_local(rendered):
    before = dict(matplotlib.rcParams)
    _share()
    assert dict(matplotlib.rcParams) == before
    assert "<text" in rendered["trend"].svg  # svg.fonttype none: no glyph paths
    assert "DejaVu" in rendered["trend"].svg.split(">", 1)[0]  # one font family, on the root


def test_repr_html():
    chart = charts.Chart(svg="<svg/>", title="Gent & Brugge <hoger>", alt="alt")
    html = chart._repr_html_()
    assert html.startswith("<figure") and html.endswith("</figure>")
    assert "<svg/>" in html
    assert "<figcaption>Gent &amp; Brugge &lt;hoger&gt;</figcaption>" in html


def test_repr_html_of_a_rendered_chart(rendered):
    chart = rendered["trend"]
    assert chart.svg in chart._repr_html_()
    assert f"<figcaption>{chart.title}</figcaption>" in chart._repr_html_()


def test_no_open_figures_after_many_charts():
    gc.collect()
    for i in range(200):
        charts.share_chart(i + 1, 1000, area="Gent", title=f"Aandeel {i}")
    assert plt.get_fignums() == []
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, Figure)]


# -- styles ------------------------------------------------------------------------------------


def test_every_comparison_label_has_a_style():
    assert set(charts.COMPARISON_STYLE) == set(st.COMPARISON_LABELS)
    hex_colour = re.compile(r"^#[0-9A-Fa-f]{6}$")
    for label, (colour, marker, text) in charts.COMPARISON_STYLE.items():
        assert hex_colour.match(colour)
        assert marker and marker != "none"
        assert text == label  # the same word as in the tables and the narrative
    # never colour alone: the text tags differ, and so does colour+shape
    styles = list(charts.COMPARISON_STYLE.values())
    assert len({s[2] for s in styles}) == len(styles)
    assert len({s[:2] for s in styles}) == len(styles)


def test_palette_is_okabe_ito():
    assert len(charts.OKABE_ITO) == 8
    assert charts.ACCENT in charts.OKABE_ITO.values()
    assert charts.OKABE_ITO["blauwgroen"] == "#009E73"


# -- trend chart -------------------------------------------------------------------------------


def test_trend_dutch_numbers_and_periods(rendered):
    chart = rendered["trend"]
    texts = _texts(chart.svg)
    assert "75,2 %" in texts  # the area's latest value
    assert {"2019", "2020", "2021", "2022"} <= set(texts)
    ticks = [t for t in texts if t.endswith(" %")]
    assert ticks and not any(re.search(r"\d\.\d", t) for t in ticks)
    assert {"Gent", "Oost-Vlaanderen", "Vlaanderen", "95 %-interval Gent"} <= set(texts)
    assert "75,2 %" in chart.alt and "geen waarde voor 2020" in chart.alt
    assert "75.2" not in " ".join(texts)


def test_trend_tick_labels_keep_one_number_of_decimals():
    frame = _trend_frame()
    frame["waarde"] = frame["waarde"] / 20 + 70  # values between 73 and 75
    frame[["ci95_laag", "ci95_hoog"]] = NAN
    chart = charts.trend_chart(frame, title="t", unit="percent", decimals=1, area="Gent")
    ticks = [t for t in _texts(chart.svg) if t.endswith(" %") and t != "73,8 %"]
    decimals = {len(t.removesuffix(" %").partition(",")[2]) for t in ticks}
    assert len(decimals) == 1 and decimals != {0}
    assert all("," in t for t in ticks)


def test_trend_single_period_and_names_as_reeks():
    frame = pd.DataFrame(
        {
            "periode": ["2022Q4"] * 3,
            "reeks": ["Gent", "Oost-Vlaanderen", "Vlaanderen"],
            "naam": ["Gent", "Oost-Vlaanderen", "Vlaanderen"],
            "waarde": [1234.0, 5678.0, 91011.0],
            "ci95_laag": [1200.0, NAN, NAN],
            "ci95_hoog": [1270.0, NAN, NAN],
        }
    )
    chart = charts.trend_chart(frame, title="t", unit="aantal", decimals=0, area="Gent")
    texts = _texts(chart.svg)
    assert "2022Q4" in texts and "1.234" in texts
    assert chart.svg.count("<use") >= 3  # one dot per series
    assert "91.011" in chart.alt


def test_trend_all_missing_for_a_series():
    frame = _trend_frame()
    frame.loc[frame["reeks"] == "provincie", "waarde"] = NAN
    chart = charts.trend_chart(frame, title="t", unit="percent", decimals=1, area="Gent")
    assert "Oost-Vlaanderen: geen waarden." in chart.alt
    ET.fromstring(chart.svg)


# -- peer chart --------------------------------------------------------------------------------


def test_peer_sorted_highlighted_tagged(rendered):
    svg = rendered["peer"].svg
    elements = _text_elements(svg)
    names = {"Leuven", "Brugge", "Gent", "Mechelen", "Antwerpen", "Aalst"}
    rows = sorted((float(e.get("y")), e.text) for e in elements if e.text in names)
    assert [name for _, name in rows] == [
        "Leuven",
        "Brugge",
        "Gent",
        "Mechelen",
        "Antwerpen",
        "Aalst",  # not published: last
    ]
    gent = next(e for e in elements if e.text == "Gent")
    assert "font-weight:700" in gent.get("style")
    assert charts.ACCENT.lower() in gent.get("style").lower()
    texts = [e.text for e in elements]
    assert {"75,2 %", "80,0 %", "Vlaanderen 72,1 %", "niet gepubliceerd"} <= set(texts)
    assert {"beter", "best", "slechter", "vergelijkbaar"} <= set(texts)
    alt = rendered["peer"].alt
    assert "Gent: 75,2 %, plaats 3 van 5, beter dan Vlaanderen" in alt
    assert "Niet gepubliceerd: Aalst" in alt


def test_peer_counts_without_comparison(rendered):
    texts = _texts(rendered["peer_aantal"].svg)
    assert {"1.234", "56.789", "niet gepubliceerd"} <= set(texts)
    assert not {"beter", "vergelijkbaar", "niet vergeleken"} & set(texts)
    assert not any(re.fullmatch(r"\d+,\d{3}", t) for t in texts)  # no English thousands


# -- spine chart -------------------------------------------------------------------------------


def test_spine_geometry_symmetric_scale_and_best_on_the_right():
    # Vlaanderen 50, min 30, max 60: half-width = max(20, 10) = 20.
    row = _spine_row(waarde=55.0, vlaanderen=50.0, minimum=30.0, q25=45.0, q75=52.0, maximum=60.0)
    up = charts.spine_geometry(row)
    assert up["half_breedte"] == 20.0 and not up["gespiegeld"]
    assert up["waarde"] == pytest.approx(0.625) and up["waarde"] > up["midden"] == 0.5
    assert up["links"] == pytest.approx(0.0) and up["rechts"] == pytest.approx(0.75)
    assert up["balken"]["midden"] == pytest.approx((0.375, 0.55))
    assert up["balken"]["slechtst_q"] == pytest.approx((0.0, 0.375))
    assert up["balken"]["q_best"] == pytest.approx((0.55, 0.75))

    # Lower is better: an area below Vlaanderen is better and must sit right of the centre;
    # the best end (the minimum) is on the right.
    down = charts.spine_geometry(dict(row, waarde=45.0, polariteit="lager_beter"))
    assert down["gespiegeld"]
    assert down["waarde"] == pytest.approx(0.625) and down["waarde"] > 0.5
    assert down["rechts"] == pytest.approx(1.0)  # minimum 30 → 0.5 + 20/40
    assert down["links"] == pytest.approx(0.25)  # maximum 60
    assert down["balken"]["midden"] == pytest.approx((0.45, 0.625))

    # A worse area sits left of the centre for both polarities.
    assert charts.spine_geometry(dict(row, waarde=40.0))["waarde"] < 0.5
    worse_low = dict(row, waarde=58.0, polariteit="lager_beter")
    assert charts.spine_geometry(worse_low)["waarde"] < 0.5
    # No judgement: higher on the right.
    assert charts.spine_geometry(dict(row, polariteit="geen_oordeel"))["waarde"] > 0.5


def test_spine_geometry_not_drawn_and_edge_cases():
    too_few = charts.spine_geometry(_spine_row(aandeel_ontbrekend=0.25))
    assert not too_few["getoond"] and too_few["waarde"] is None and too_few["balken"] is None
    assert too_few["vergelijking"] == st.NOT_COMPARED
    assert charts.spine_geometry(_spine_row(aandeel_ontbrekend=0.2))["getoond"]
    no_q = charts.spine_geometry(_spine_row(q25=NAN))
    assert not no_q["getoond"] and no_q["vergelijking"] == st.NOT_COMPARED
    no_value = charts.spine_geometry(_spine_row(waarde=None))
    assert no_value["getoond"] and no_value["waarde"] is None
    assert no_value["vergelijking"] == st.NOT_COMPARED
    flat = charts.spine_geometry(
        _spine_row(waarde=5.0, vlaanderen=5.0, minimum=5.0, q25=5.0, q75=5.0, maximum=5.0)
    )
    assert flat["waarde"] == 0.5 and flat["rechts"] == 0.5
    region = charts.spine_geometry(_spine_row(regio=200.0))
    assert region["regio"] == 1.0  # outside the peers: clipped to the scale
    missing_label = charts.spine_geometry(_spine_row(vergelijking=None))
    assert missing_label["vergelijking"] == st.NOT_COMPARED


def test_spine_chart_text_columns_and_legend(rendered):
    chart = rendered["spine"]
    texts = _texts(chart.svg)
    assert {"75,0 %", "1.234", "72,1 %", "Gent", "Vlaanderen", "Indicator"} <= set(texts)
    assert {"beter", "slechtst", "veel hoger", "niet vergeleken", "provincie"} <= set(texts)
    assert "middelste 50 % van de gebieden" in texts
    assert any(t.startswith("Indicator 29:") for t in texts)
    # rows 5 (no value) and 7 (40 % of peers without a value) are "niet vergeleken"
    assert "Indicator 7: een lange titel over werkzaamheid, opleiding en uitstroom" in chart.alt
    assert "(geen waarde)" in chart.alt
    assert chart.alt.startswith("Spinegrafiek van 30 indicatoren voor Gent")


def test_spine_chart_marker_right_of_centre_for_better_area_both_polarities():
    rows = pd.DataFrame(
        [
            _spine_row(waarde=78.0, vlaanderen=72.0, polariteit="hoger_beter"),
            _spine_row(waarde=66.0, vlaanderen=72.0, polariteit="lager_beter"),
        ]
    )
    svg = charts.spine_chart(rows, area="Gent", title="Gent doet het beter").svg
    root = ET.fromstring(svg)
    # the centre line is the only vertical path in the spine; the two markers are <use>s
    centre = [float(m.group(1)) for m in re.finditer(r'd="M([\d.]+) [\d.]+L\1 [\d.]+"', svg)]
    uses = sorted(
        (float(u.get("y")), float(u.get("x")))
        for u in root.iter(f"{SVG}use")
        if "#009e73" in (u.get("style") or "")
    )
    markers = [x for _, x in uses[:2]]  # the two rows; the legend's marker comes last
    assert len(markers) == 2
    assert centre and all(x > max(centre) for x in markers)


# -- share chart -------------------------------------------------------------------------------


def test_share_chart(rendered):
    chart = rendered["share"]
    texts = _texts(chart.svg)
    assert "Gent: 4,4 % van Vlaanderen" in texts
    assert "11.234 van 256.789 in Vlaanderen" in texts
    assert "4,4 %" in chart.alt


# -- degenerate input --------------------------------------------------------------------------

TREND_COLUMNS = ["periode", "reeks", "naam", "waarde", "ci95_laag", "ci95_hoog"]
PEER_COLUMNS = ["geo_naam", "waarde", "ci95_laag", "ci95_hoog", "vergelijking"]
SPINE_COLUMNS = list(_spine_row())

EMPTY = {
    "trend": lambda: charts.trend_chart(
        pd.DataFrame(columns=TREND_COLUMNS), title="t", unit="percent", decimals=1, area="Gent"
    ),
    "peer": lambda: charts.peer_chart(
        pd.DataFrame(columns=PEER_COLUMNS),
        vlaanderen=None,
        highlight="Gent",
        title="t",
        unit="percent",
        decimals=1,
    ),
    "peer_na": lambda: charts.peer_chart(
        pd.DataFrame(
            {
                "geo_naam": ["Gent", "Aalst"],
                "waarde": pd.array([1.5, None], dtype="Float64"),
                "ci95_laag": pd.NA,
                "ci95_hoog": pd.NA,
                "vergelijking": pd.array(["beter", None], dtype="string"),
            }
        ),
        vlaanderen=pd.NA,
        highlight="Gent",
        title="t",
        unit="percent",
        decimals=1,
    ),
    "spine": lambda: charts.spine_chart(pd.DataFrame(columns=SPINE_COLUMNS), area="G", title="t"),
    "multiples": lambda: charts.small_multiples_chart(
        pd.DataFrame(columns=["naam", "periode", "waarde"]), reference=None, title="t",
        unit="percent", decimals=1,
    ),
    "share": lambda: charts.share_chart(NAN, 0, area="Gent", title="t"),
}


@pytest.mark.parametrize("name", EMPTY)
def test_empty_or_missing_input_still_gives_a_valid_chart(name):
    chart = EMPTY[name]()
    assert ET.fromstring(chart.svg).get("role") == "img"
    assert chart.alt


# -- the shortcuts reproduce matplotlib ----------------------------------------------------------
# The trend and peer charts bypass parts of matplotlib for speed (no Axes, hand-placed texts and
# legend, one drawing cropped by the viewBox). These tests hold each shortcut to what matplotlib
# itself draws, so that a matplotlib upgrade that changes its layout shows up here.


def _draw_svg(draw) -> tuple[str, object]:
    """Draw on a 4 x 3 inch figure under the house rcParams: compacted SVG and draw's extent."""
    with matplotlib.rc_context(charts.RC):
        fig = Figure(dpi=72)
        fig.set_size_inches(4, 3)
        extent = draw(fig)
        buffer = io.StringIO()
        renderer = charts._Renderer(288, 216, buffer)
        box = extent(renderer)
        fig.draw(renderer)
        renderer.finalize()
    return charts._compact(buffer.getvalue()), box


def _elements(svg: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*>(?:[^<]*</{tag}>)?", svg)


@pytest.mark.parametrize("ha", ["left", "right", "center"])
@pytest.mark.parametrize("va", ["baseline", "bottom", "top", "center", "center_baseline"])
@pytest.mark.parametrize("font", [(9, "normal", "normal"), (8, "bold", "italic")])
def test_texts_are_drawn_and_measured_as_matplotlib_text(ha, va, font):
    size, weight, style = font
    common = {"ha": ha, "va": va, "color": charts.ACCENT}

    def real(fig):
        text = fig.text(
            0.3, 0.6, "Gent gj", fontsize=size, fontweight=weight, fontstyle=style, **common
        )
        return text.get_window_extent

    def ours(fig):
        texts = charts._Texts(fig)
        texts.add(
            0.3,
            0.6,
            "Gent gj",
            transform=fig.transFigure,
            size=size,
            weight=weight,
            style=style,
            **common,
        )
        return texts.get_window_extent

    (expected, expected_box), (actual, actual_box) = _draw_svg(real), _draw_svg(ours)
    assert _elements(actual, "text") == _elements(expected, "text")
    assert np.allclose(actual_box.get_points(), expected_box.get_points())


@pytest.mark.parametrize(
    "values",
    [[1, 2, 3], [5, 5], [0.0], [], [-3, 1e-9], [NAN, 2.0], [1e-20, 2e-20], [-7.5]],
)
def test_autoscale_gives_the_limits_of_an_axes(values):
    data = np.array(values, dtype=float)
    with matplotlib.rc_context(charts.RC):
        ax = Figure().add_axes((0, 0, 1, 1))
        if len(data):
            ax.plot(np.arange(len(data)), data)
        expected = ax.get_ylim()
    assert charts._autoscale(data, margin=0.05) == pytest.approx(expected, rel=1e-12, abs=0)


@pytest.mark.parametrize("ncol", [1, 2, 4])
def test_legend_is_placed_as_matplotlib_places_it(ncol):
    handles = [
        Line2D([], [], color=charts.ACCENT, marker="o", lw=2.2, markersize=4.5, label="Gent"),
        Patch(color=charts.ACCENT, alpha=0.15, label="95 %-interval Gent"),
        Line2D([], [], color="#8C8C8C", marker="s", markersize=3.5, label="Provincie Limburg"),
        Line2D([], [], color="#333333", ls="--", marker="D", markersize=3.5, label="Vlaanderen"),
    ]
    rect = (0.1, 0.13, 0.78, 0.5)
    options = {"ncol": ncol, "handlelength": 2.2, "columnspacing": 1.2}

    def real(fig):
        ax = fig.add_axes(rect)
        ax.set_axis_off()
        legend = ax.legend(
            handles=handles, loc="lower left", bbox_to_anchor=(0, 1.02), borderaxespad=0, **options
        )
        return legend.get_window_extent

    def ours(fig):
        frame = charts._Frame(fig, rect)
        extent = charts._legend(charts._Texts(fig), frame, handles, anchor=(0, 1.02), **options)
        return lambda renderer: extent

    (expected, expected_box), (actual, actual_box) = _draw_svg(real), _draw_svg(ours)
    assert sorted(_elements(actual, "text")) == sorted(_elements(expected, "text"))
    markers = sorted(re.sub(r'href="#[^"]*"', "", u) for u in _elements(actual, "use"))
    assert markers == sorted(re.sub(r'href="#[^"]*"', "", u) for u in _elements(expected, "use"))
    assert np.allclose(actual_box.get_points(), expected_box.get_points())


def test_crop_is_the_tight_bbox_of_savefig():
    def draw(fig):
        fig.set_size_inches(6.3, 2)
        ax = fig.add_axes((0.3, 0.2, 0.5, 0.6))
        ax.plot([0, 1], [0, 1])
        fig.text(0.02, 0.5, "een lange naam links buiten de figuur", ha="right")
        ax.set_title("een titel boven de assen")

    chart = charts._render(draw, uid="gtest", title="t", alt="a")
    with matplotlib.rc_context(charts.RC):
        fig = Figure()
        draw(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.06)
    size = r'width="([\d.]+)pt" height="([\d.]+)pt"'
    expected = [float(v) for v in re.search(size, buffer.getvalue()).groups()]
    actual = [float(v) for v in re.search(size, chart.svg).groups()]
    assert actual == pytest.approx(expected, abs=0.06)


@pytest.mark.parametrize("which", ["x", "y"])
def test_value_axis_is_the_axis_matplotlib_draws(which):
    rect, limits = (0.2, 0.2, 0.6, 0.6), (71.3, 75.9)

    def real(fig):
        ax = fig.add_axes(rect)
        (ax.set_ylim if which == "y" else ax.set_xlim)(*limits)
        axis = ax.yaxis if which == "y" else ax.xaxis
        axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        axis.set_major_formatter(charts._DutchFormatter(True))
        ax.tick_params(length=0, pad=4)
        (ax.xaxis if which == "y" else ax.yaxis).set_visible(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return lambda renderer: None

    def ours(fig):
        frame = charts._Frame(fig, rect)
        (frame.set_ylim if which == "y" else frame.set_xlim)(*limits)
        charts._value_axis(charts._Texts(fig), frame, which, True)
        return lambda renderer: None

    expected, actual = _draw_svg(real)[0], _draw_svg(ours)[0]
    assert _elements(actual, "text") == _elements(expected, "text")
    assert {"72 %", "75 %"} <= set(re.findall(r">([^<]+)</text>", actual))


# -- small multiples -------------------------------------------------------------------------


def test_multiples_panels_follow_the_order_then_the_names(rendered):
    svg = rendered["multiples"].svg
    names = ["Brugge", "Gent", "Antwerpen", "Leuven", "Zuid-West-Vlaanderen"]
    shown = [e for e in _text_elements(svg) if e.text in names]
    assert [e.text for e in shown] == names  # written row by row, left to right
    rows = [(float(e.get("y")), float(e.get("x"))) for e in shown]
    assert rows == sorted(rows)  # and placed that way: reading order


def test_multiples_last_values_scale_and_periods(rendered):
    chart = rendered["multiples"]
    texts = _texts(chart.svg)
    # The last value of each panel: 60 + (position in the frame) + 0,5 · 2 in 2019.
    assert {"61,0 %", "62,0 %", "63,0 %", "64,0 %", "65,0 %"} <= set(texts)
    assert {"2017", "2019", "centrumstad", "Vlaanderen"} <= set(texts)
    assert any(t.endswith(" %") and t[0].isdigit() and "," not in t for t in texts)  # ticks
    assert "stroke-dasharray" in chart.svg  # the reference
    assert chart.alt.startswith("Kleine lijngrafieken, één per gebied (5), 2017 tot 2019 in %, "
                                "op één schaal. Brugge: 62,0 % in 2017, 63,0 % in 2019.")
    assert chart.alt.endswith("Vlaanderen (stippellijn): 62,0 % in 2017, 63,1 % in 2019.")


def test_multiples_free_scales_without_reference_and_empty_panels():
    chart = charts.small_multiples_chart(
        _multiples_frame(["Antwerpen", "Gent"], ["2020", "2021"]).assign(
            waarde=lambda f: f["waarde"] * 1000),
        reference=pd.DataFrame({"periode": ["2020"], "waarde": [780974.0]}),
        title="Niet-beroepsactieven", unit="aantal", decimals=0, shared_scale=False,
        order=["Gent", "Antwerpen", "Brugge"],
    )
    texts = _texts(chart.svg)
    assert "elk paneel heeft een eigen schaal" in texts
    assert "780.974" not in chart.alt and "stroke-dasharray" not in chart.svg
    assert {"61.500", "60.500", "–"} <= set(texts)  # Brugge has no rows: an empty panel
    assert "Brugge: geen waarden." in chart.alt


def test_multiples_on_own_scales_label_each_panels_lowest_and_highest_value():
    frame = pd.DataFrame({"naam": ["Gent"] * 3 + ["Aalst"] * 3,
                          "periode": ["2020", "2021", "2022"] * 2,
                          "waarde": [4500.0, 4420.0, 4574.0, 600.0, 557.0, 674.0]})
    chart = charts.small_multiples_chart(frame, reference=None, title="RMI", unit="aantal",
                                         decimals=0, order=["Gent", "Aalst"], shared_scale=False)
    elements = _text_elements(chart.svg)
    scale = {e.text: e for e in elements if "text-anchor:end" in (e.get("style") or "")
             and e.text[0].isdigit() and e.text not in {"2020", "2022"}}
    assert list(scale) == ["4.420", "4.574", "557", "674"]  # Gent's lowest, highest; Aalst's
    # Each scale label sits left of its own panel, the highest above the lowest.
    assert float(scale["4.574"].get("y")) < float(scale["4.420"].get("y"))
    assert float(scale["4.420"].get("x")) < float(scale["557"].get("x"))


def test_multiples_on_one_scale_label_it_once_per_row(rendered):
    elements = _text_elements(rendered["multiples"].svg)
    ticks = [e for e in elements if "text-anchor:end" in (e.get("style") or "")
             and e.text.endswith(" %") and "," not in e.text]
    assert len(ticks) >= 4 and {e.get("x") for e in ticks} == {ticks[0].get("x")}  # at the left


def test_the_reference_lines_of_a_progress_chart_never_cross_a_label():
    from analysis import voortgang as vg

    rows = [vg.ProgressRow("Actie 1 · Jongeren met een heel lange omschrijving", 80.0,
                           "op schema"),
            vg.ProgressRow("Actie 2 · Bedrijven", 130.0, "reeds behaald")]
    chart = vg.progress_chart(rows, verstreken_pct=40.0, title="t", subject="s")
    root = ET.fromstring(chart.svg)
    labels = [float(e.get("y")) for e in root.iter(f"{SVG}text") if e.text and "Actie" in e.text]
    assert labels == [37.0, 67.0]  # baselines; a label spans about 7 pt above its baseline
    lines = [e for e in root.iter(f"{SVG}path") if e.get("stroke") == charts.VLAANDEREN_COLOUR]
    assert len(lines) == 2  # 100 % and the elapsed time
    for line in lines:
        spans = [tuple(float(v) for v in part.split("V")[0].split()[1:] + part.split("V")[1:])
                 for part in line.get("d").split("M")[1:]]
        assert spans == [(24.0, 27.0), (40.0, 57.0), (70.0, 87.0)]
        assert all(not (top < y + 2 and bottom > y - 8) for top, bottom in spans for y in labels)


def test_multiples_of_37_areas_stay_small_and_fast():
    import time

    names = [f"Regiegebied {i:02d}" for i in range(37)]
    periods = [f"{y}Q{q}" for y in (2020, 2021, 2022) for q in (1, 2, 3, 4)]
    frame = _multiples_frame(names, periods)
    reference = pd.DataFrame({"periode": periods, "waarde": np.linspace(60, 66, 12)})
    start = time.perf_counter()
    chart = charts.small_multiples_chart(frame, reference=reference, title="t", unit="percent",
                                         decimals=1)
    assert time.perf_counter() - start < 1.0
    assert len(chart.svg.encode()) <= 40_000
    assert chart.svg.count("<use") == 1  # the legend's marker; the dots are one path


def _absolute_points(d: str) -> list[tuple[float, float]]:
    """The points of a path of M/L/l/h/v commands (implicit repeats), absolute."""
    tokens = re.findall(r"[MLlhv]|-?(?:\d+\.?\d*|\.\d+)", d)
    points, x, y, command, i = [], 0.0, 0.0, "", 0
    while i < len(tokens):
        if tokens[i] in "MLlhv":
            command = tokens[i]
            i += 1
        if command in "ML":
            x, y = float(tokens[i]), float(tokens[i + 1])
            i += 2
        elif command == "l":
            x, y = x + float(tokens[i]), y + float(tokens[i + 1])
            i += 2
        elif command == "h":
            x += float(tokens[i])
            i += 1
        else:
            y += float(tokens[i])
            i += 1
        points.append((round(x, 6), round(y, 6)))
    return points


def test_relative_paths_are_the_same_points():
    assert charts._relative_d("M1 2L3.5 2L3.5 1L4 1.5M10 10L10 10") == "M1 2h2.5v-1l.5 .5M10 10h0"
    assert charts._relative_d("M0 0L1 1L2 3L3 2") == "M0 0l1 1 1 2 1-1"
    curve = "M0 1.6C0.4 1.6 0.8 1.4 1.1 1.1z"
    assert charts._relative_d(curve) == curve
    rng = np.random.default_rng(3)
    for _ in range(50):
        xy = np.round(rng.uniform(-50, 500, (12, 2)), 1)
        d = "".join(("M" if i % 5 == 0 else "L") + f"{charts._round(x)} {charts._round(y)}"
                    for i, (x, y) in enumerate(xy))
        expected = [(float(charts._round(x)), float(charts._round(y))) for x, y in xy]
        relative = charts._relative_d(d)
        assert len(relative) <= len(d)
        found = _absolute_points(relative)
        assert np.allclose(found, expected, atol=1e-6, rtol=0)
