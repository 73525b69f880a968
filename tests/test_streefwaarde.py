"""The report section on the 80 % target: its sentences, its chart and where it appears."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis import io as aio
from analysis import statistics as st
from analysis.projectiegrafiek import ProjectionLine, projection_chart, projection_figure
from analysis.report import Report
from analysis.streefwaarde import section_markup, targets_for

#: The Arbeidsrekening series of tests/test_statistics.py (ACCELERATING): all eight points reach
#: 80 % in 2034 (band 2030 to 2043), 78,2 % in 2030 (band 75,8–80,5 %); the last five in 2029.
AR = pd.DataFrame({"indicator": "werkzaamheidsgraad",
                   "periode": [str(y) for y in range(2012, 2020)],
                   "waarde": [70.0, 70.2, 70.3, 70.6, 71.0, 71.8, 72.5, 73.4]})
EAK = pd.DataFrame({"indicator": "werkzaamheidsgraad_eak",
                    "periode": [f"{y}Q3" for y in range(2018, 2023)],
                    "waarde": [74.6, 75.5, 74.7, 75.3, 76.4]})
AR_SENTENCE = (
    "Met 2012–2019 haalt de lineaire trend 80 % rond 2034 (95 %-voorspellingsband: 2030 tot "
    "2043); in 2030 geeft die trend 78,2 % (95 %-voorspellingsband 75,8–80,5 %). Met de "
    "laatste vijf jaren (2015–2019) haalt de lineaire trend 80 % rond 2029.")
CAVEAT = (
    "Kanttekening: dit is een lineaire extrapolatie, geen prognose; ze veronderstelt dat de "
    "groei van {window} ongewijzigd doorgaat; de streefwaarde steunt op de Enquête naar de "
    "Arbeidskrachten, die de werkzaamheidsgraad anders meet dan de Vlaamse Arbeidsrekening, dus "
    "een jaar op de ene maatstaf geldt niet voor de andere; en een ander venster geeft een ander "
    "jaar, zoals de laatste vijf jaren tonen.")


@pytest.fixture(scope="module")
def catalogue():
    return aio.load_catalogue()


def _items(markup: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", markup)]


def _caveat(markup: str) -> str:
    return re.findall(r"<p class='toelichting'>(.*?)</p>", markup)[0]


def test_the_golden_values_of_the_sentence_are_those_of_the_statistics():
    years, values = AR["periode"].astype(int), AR["waarde"]
    full = st.projection_to_target(years, values, 80, target_year=2030, decimals=1)
    short = st.projection_to_target(years, values, 80, last=5, decimals=1)
    assert (full["jaar"], full["jaar_vroegst"], full["jaar_laatst"], short["jaar"]) == (
        2034, 2030, 2043, 2029)
    assert [round(full[k], 1) for k in ("doeljaar_waarde", "doeljaar_laag", "doeljaar_hoog")] == [
        78.2, 75.8, 80.5]


def test_vlaanderen_projects_the_target_measure_first_and_the_arbeidsrekening_second(catalogue):
    markup = section_markup(pd.concat([EAK, AR]), catalogue, "Vlaanderen", "vlaanderen")
    assert markup.startswith("<h2 id='werkzaamheidsgraad-streefwaarde'>Naar 80 % "
                             "werkzaamheidsgraad in 2030: indicatieve projectie</h2>")
    assert "<span class='tag tag-niet'>indicatief</span> De streefwaarde is 80 %" in markup
    assert "gemeten met de Enquête naar de Arbeidskrachten." in markup
    assert _items(markup) == [
        "Enquête naar de Arbeidskrachten (de maatstaf van de streefwaarde): Met 2018–2022 "
        "(telkens het derde kwartaal) haalt de lineaire trend 80 % rond 2034 (95 %-"
        "voorspellingsband: 2025 tot na 2050); in 2030 geeft die trend 78,7 % (95 %-"
        "voorspellingsband 72,7–84,7 %). De reeks telt 5 punten: dat venster is ook dat van de "
        "laatste vijf.",
        "Vlaamse Arbeidsrekening (tweede maatstaf, niet die van de streefwaarde): " + AR_SENTENCE,
    ]
    assert _caveat(markup) == CAVEAT.format(window="2018–2022")
    assert markup.count("<svg") == 1
    assert ("<figcaption>Vlaanderen, indicatief: op de Enquête naar de Arbeidskrachten 80 % rond "
            "2034 met 2018–2022; op de Vlaamse Arbeidsrekening 80 % rond 2034 met 2012–2019, "
            "rond 2029 met de laatste vijf jaren</figcaption>") in markup


def test_a_province_without_the_target_measure_says_so_and_uses_the_arbeidsrekening(catalogue):
    markup = section_markup(AR, catalogue, "Provincie Limburg", "provincie")
    assert _items(markup) == [
        "Vlaamse Arbeidsrekening (de Enquête naar de Arbeidskrachten, waarop de streefwaarde "
        "steunt, heeft geen cijfers voor de provincie Limburg): " + AR_SENTENCE]
    assert "de cijfers van de provincie Limburg tot 2030" in markup
    assert _caveat(markup) == CAVEAT.format(window="2012–2019")


def test_too_few_points_say_so_in_one_line_without_chart_or_caveat(catalogue):
    rows = pd.concat([EAK.tail(1), AR.tail(2)])
    markup = section_markup(rows, catalogue, "Vlaanderen", "vlaanderen")
    assert _items(markup) == [
        "Enquête naar de Arbeidskrachten (de maatstaf van de streefwaarde): Geen projectie "
        "mogelijk: er is één punt, 76,4 % in het derde kwartaal van 2022, en een lineaire trend "
        "vraagt er minstens 3.",
        "Vlaamse Arbeidsrekening (tweede maatstaf, niet die van de streefwaarde): Geen projectie "
        "mogelijk: er zijn 2 punten, en een lineaire trend vraagt er minstens 3."]
    assert "<svg" not in markup and "Kanttekening" not in markup


def test_an_area_without_any_figure_says_so(catalogue):
    markup = section_markup(AR.iloc[0:0], catalogue, "Provincie Limburg", "provincie")
    assert markup.endswith("<p class='geen'>Geen projectie voor de provincie Limburg: er zijn "
                           "geen cijfers van de werkzaamheidsgraad.</p>")


def test_the_periode_of_a_report_limits_the_points(catalogue):
    markup = section_markup(AR, catalogue, "Provincie Limburg", "provincie", periode="2018")
    assert "Met 2012–2018 haalt" in markup and "(2014–2018)" in markup


def test_the_catalogue_names_the_types_with_a_projection(catalogue):
    assert [i.id for i in targets_for(catalogue, "vlaanderen")] == ["werkzaamheidsgraad"]
    assert [i.id for i in targets_for(catalogue, "provincie")] == ["werkzaamheidsgraad"]
    for geo_type in ("centrumstad", "regiegebied", "referentieregio", "gemeente"):
        assert targets_for(catalogue, geo_type) == []
        assert section_markup(pd.concat([EAK, AR]), catalogue, "X", geo_type) == ""


def test_text_from_the_catalogue_is_escaped(catalogue):
    target = catalogue["werkzaamheidsgraad"].streefwaarde
    hostile = target.model_copy(update={"bron": "<script>x</script>"})
    changed = catalogue.__class__(tuple(
        i.model_copy(update={"streefwaarde": hostile}) if i.id == "werkzaamheidsgraad" else i
        for i in catalogue.indicators))
    markup = section_markup(AR, changed, "Provincie Limburg", "provincie")
    assert "<script>" not in markup and "&lt;script&gt;x&lt;/script&gt;" in markup


# -- the chart -----------------------------------------------------------------------------------


def _lines() -> list[ProjectionLine]:
    years, values = AR["periode"].astype(int).to_numpy(), AR["waarde"].to_numpy()
    eak_years = EAK["periode"].str[:4].astype(int).to_numpy()
    return [
        ProjectionLine("Enquête naar de Arbeidskrachten",
                       pd.DataFrame({"jaar": eak_years, "waarde": EAK["waarde"]}),
                       st.projection_path(eak_years, EAK["waarde"], 2030), venster="2018–2022"),
        ProjectionLine("Vlaamse Arbeidsrekening", pd.DataFrame({"jaar": years, "waarde": values}),
                       st.projection_path(years, values, 2030),
                       st.projection_path(years, values, 2030, last=5), venster="2012–2019",
                       kort_venster="2015–2019"),
    ]


def test_chart_renders_with_target_line_band_and_labels():
    chart = projection_chart(_lines(), target=80, target_year=2030, unit="percent", decimals=1,
                             title="Vlaanderen, indicatief", alt="Lijngrafiek")
    svg = chart.svg
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!--" not in svg
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    for text in ("streefwaarde", "80 %", "doeljaar 2030",
                 "lineaire trend 2012–2019 met 95 %-voorspellingsband",
                 "lineaire trend 2018–2022 met 95 %-voorspellingsband",
                 "trend laatste vijf jaren (2015–2019)", "Vlaamse Arbeidsrekening: waargenomen",
                 "Enquête naar de Arbeidskrachten: waargenomen"):
        assert f">{text}<" in svg, text
    assert re.search(r">7\d %<", svg)  # the value axis in Dutch: "75 %"
    assert svg.count("fill-opacity: 0.18") == 2  # one band per fitted measure
    assert "<figcaption>Vlaanderen, indicatief</figcaption>" in chart._repr_html_()


def _boxes(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    # Tick labels outside the limits are not drawn.
    ticks = [t for t in ax.get_xticklabels() if x0 <= t.get_position()[0] <= x1] + [
        t for t in ax.get_yticklabels() if y0 <= t.get_position()[1] <= y1]
    texts = [t for t in [*ax.texts, *ticks, *ax.get_legend().get_texts()]
             if t.get_visible() and t.get_text()]
    assert len(ticks) >= 6
    return ax, renderer, {t.get_text(): t.get_window_extent(renderer) for t in texts}


def test_no_label_of_the_chart_crosses_another_and_the_target_label_sits_outside_the_plot():
    fig = projection_figure(_lines(), target=80, target_year=2030, unit="percent", decimals=1)
    ax, renderer, boxes = _boxes(fig)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)
    plot = ax.get_window_extent(renderer)
    target = boxes["streefwaarde\n80 %"]
    assert target.x0 > plot.x1  # right of the plot: no data and no other label there
    assert target.y0 < ax.transData.transform((0, 80))[1] < target.y1  # at the line's height
    year = boxes["doeljaar 2030"]
    assert year.y0 >= plot.y1  # above the plot
    assert year.x0 < ax.transData.transform((2030, 0))[0] < year.x1  # over the target year


def test_chart_of_a_measure_without_fit_shows_its_points_only():
    only = ProjectionLine("Enquête naar de Arbeidskrachten",
                          pd.DataFrame({"jaar": [2022], "waarde": [76.4]}))
    svg = projection_chart([only], target=80, target_year=2030, unit="percent", decimals=1,
                           title="t", alt="a").svg
    assert "fill-opacity: 0.18" not in svg and ">lineaire trend" not in svg
    assert ">streefwaarde<" in svg


# -- in the reports ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inputs():
    return aio.load_report_inputs()


@pytest.mark.parametrize(("geo", "shown"), [
    ("Vlaanderen", True), ("Provincie West-Vlaanderen", True), ("centrumstad:Gent", False),
    ("Westhoek", False)])
def test_the_section_is_in_the_reports_of_vlaanderen_and_the_provinces_only(inputs, geo, shown):
    markup = Report(inputs, geo).projection().markup
    assert ("<h2 id='werkzaamheidsgraad-streefwaarde'>" in markup) is shown
    if not shown:
        assert markup == ""


def test_the_demo_vlaanderen_has_one_eak_point_and_projects_the_arbeidsrekening(inputs):
    markup = Report(inputs, "Vlaanderen").projection().markup
    items = _items(markup)
    assert items[0] == (
        "Enquête naar de Arbeidskrachten (de maatstaf van de streefwaarde): Geen projectie "
        "mogelijk: er is één punt, 76,4 % in het derde kwartaal van 2022, en een lineaire trend "
        "vraagt er minstens 3.")
    row = inputs.profile[(inputs.profile.geo_type == "vlaanderen")
                         & (inputs.profile.indicator == "werkzaamheidsgraad")
                         & (inputs.profile.projectie != "")].iloc[0]
    # The sentence and the profile columns come from the same fit.
    assert items[1].startswith(
        f"Vlaamse Arbeidsrekening (tweede maatstaf, niet die van de streefwaarde): Met "
        f"{row.projectie_venster} haalt de lineaire trend 80 % rond {int(row.projectie_jaar)} "
        f"(95 %-voorspellingsband: {int(row.projectie_jaar_vroegst)} tot "
        f"{int(row.projectie_jaar_laatst)})")
    assert items[1].endswith(f"Met de laatste vijf jaren ({row.projectie_kort_venster}) haalt "
                             f"de lineaire trend 80 % rond {int(row.projectie_kort_jaar)}.")
    assert not np.isnan(row.projectie_kort_jaar)
