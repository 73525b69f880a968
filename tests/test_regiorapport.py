"""The regiorapport notebook run through papermill and exported to HTML, for four kinds of area."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import batch
from analysis import io as aio
from analysis.report import Report

REPO = Path(__file__).resolve().parents[1]
AREAS = ["centrumstad:Gent", "Westhoek", "Provincie Limburg", "Vlaanderen"]
SECTIONS = [
    "In één oogopslag", "Wat valt op", "Kerncijfers", "1 Samenwerkingsovereenkomsten",
    "Elk talent aan de slag (2–7)", "Perspectief op talent voor elke werkgever (8–10)",
    "Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger (11–13)",
    "Goede praktijken", "Bronnen en definities",
]


@pytest.fixture(scope="module")
def inputs():
    return aio.load_report_inputs()


@pytest.fixture(scope="module")
def built(inputs, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("rapporten")
    profile = tmp_path_factory.mktemp("profiel") / "profiel.parquet"
    inputs.profile.to_parquet(profile)
    jobs = [batch.make_job(geo, "regiorapport", periode=None, data_dir=None, grenzen="2024")
            for geo in batch.select(inputs.geography, AREAS, "2024")]
    result = batch.run_batch(jobs, out_dir=out, inputs={"test": "1"}, workers=2,
                             prepare=lambda work: str(profile), progress=False)
    assert result.failed == []
    return {job.naam: (out / job.html).read_text(encoding="utf-8") for job in jobs}


def test_four_reports_are_built_with_their_file_names(built):
    assert sorted(built) == ["Gent", "Provincie Limburg", "Vlaanderen", "Westhoek"]


@pytest.mark.parametrize("name", ["Gent", "Westhoek", "Provincie Limburg", "Vlaanderen"])
def test_report_content(built, name):
    page = built[name]
    for section in SECTIONS:
        assert f">{section}</h" in page, section
    assert page.count("<svg") >= 15
    assert "Traceback" not in page and "output_error" not in page
    assert "from analysis import" not in page and "display(" not in page  # no code
    assert "Voorbeelddata." in page  # the banner
    assert re.search(r"\d,\d %", page)  # decimal commas
    assert '<html lang="nl">' in page
    assert "<nav class='inhoud'" in page
    assert len(page.encode("utf-8")) <= 1_000_000
    assert "<img" not in page  # every figure is inline SVG with its own title and description
    assert "provincie Provincie" not in page


@pytest.mark.parametrize(("name", "shown"), [
    ("Gent", False), ("Westhoek", False), ("Provincie Limburg", True), ("Vlaanderen", True)])
def test_the_80_percent_projection_is_in_the_reports_of_vlaanderen_and_the_provinces(
        built, name, shown):
    page = built[name]
    heading = ">Naar 80 % werkzaamheidsgraad in 2030: indicatieve projectie</h2>"
    assert (heading in page) is shown
    assert ("href='#werkzaamheidsgraad-streefwaarde'" in page) is shown  # in the contents
    if shown:
        section = page[page.index(heading):page.index(">1 Samenwerkingsovereenkomsten</h2>")]
        assert section.count("<svg") == 1 and "Kanttekening: dit is een lineaire" in section
        assert "haalt de lineaire trend 80 % rond" in section
        assert "Met de laatste vijf jaren (2015–2019)" in section


@pytest.mark.parametrize("name", ["Gent", "Westhoek", "Provincie Limburg", "Vlaanderen"])
def test_report_loads_nothing_from_the_network(built, name):
    page = built[name]
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", page)
    assert "<script" not in page


def test_parameters_cell_has_runnable_defaults():
    notebook = json.loads((REPO / "notebooks" / "regiorapport.ipynb").read_text("utf-8"))
    cells = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    source = "".join(cells[0]["source"])
    assert [line.split(" =")[0] for line in source.splitlines()] == [
        "geo", "periode", "data_dir", "grenzen", "profiel"]
    assert all("#" in line for line in source.splitlines())  # a comment per parameter
    assert not any(c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")
    assert "def " not in "".join("".join(c["source"]) for c in notebook["cells"])


def test_text_from_data_files_is_escaped(inputs):
    report = Report(inputs, "Gent")
    action = inputs.kwalitatief["acties"][0]
    hostile = action.model_copy(update={"titel": "<script>alert('xss')</script>"})
    original = inputs.kwalitatief["acties"]
    inputs.kwalitatief["acties"] = [hostile, *original[1:]]
    try:
        markup = Report(inputs, action.plaatsen[0]).actions(action.sectie).markup
    finally:
        inputs.kwalitatief["acties"] = original
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in markup
    assert report.geo.naam == "Gent"


def test_contents_follow_the_title_block(built):
    page = built["Gent"]
    assert page.index("<h1") < page.index("<nav class='inhoud'") < page.index("<h2")


def test_count_trend_shows_the_area_alone_and_its_share_in_the_title(inputs):
    report = Report(inputs, "centrumstad:Gent")
    indicator = inputs.catalogue["niet_beroepsactieven"]
    row = report.latest.loc["niet_beroepsactieven"]
    chart = report._trend_chart(indicator, row)
    assert chart.title == "Gent: 33.977 in 2019, 4,4 % van Vlaanderen"
    assert "Vlaanderen:" not in chart.alt and "Provincie" not in chart.alt


def test_warm_up_draws_without_changing_the_inputs(inputs):
    from analysis.report import warm_up

    before = inputs.profile.copy()
    assert warm_up(inputs) is None
    assert inputs.profile.equals(before)


def test_warm_up_fills_the_memo_that_every_copy_of_the_inputs_shares(inputs):
    import dataclasses

    from analysis.report import warm_up

    warm_up(inputs)
    assert {("peers", t) for t in ("centrumstad", "regiegebied", "provincie",
                                   "referentieregio")} <= set(inputs.memo)
    assert {("links", "acties", s, "2024") for s in (2, 7, 10, 12)} <= set(inputs.memo)
    copy = dataclasses.replace(inputs, provenance={"gemaakt": "nu"})
    assert copy.memo is inputs.memo
    assert Report(copy, "centrumstad:Gent")._peer_groups is inputs.memo[("peers", "centrumstad")]


def test_outputs_have_a_short_text_form():
    from analysis.charts import Chart
    from analysis.report import Html

    assert repr(Html("<p>x</p>")) == "<HTML-fragment, 8 tekens>"
    assert repr(Chart(svg="<svg/>", title="Gent: stijgend", alt="Lijngrafiek")) == (
        "<Grafiek: Gent: stijgend>")


# -- layout ------------------------------------------------------------------------------------


def test_a_series_under_three_points_gets_its_value_and_period_instead_of_a_trend(inputs):
    from analysis import formatting as fmt

    report = Report(inputs, "centrumstad:Gent")
    indicator = inputs.catalogue["oekrainers_leefloon"]  # published since November 2022 only
    row = report.latest.loc[indicator.id]
    note = report._trend_chart(indicator, row)
    value = fmt.format_value(row.waarde, indicator.eenheid, indicator.decimalen)
    assert note.markup == (f"<p class='geen-trend'>Geen trendgrafiek: slechts één meetpunt, "
                           f"{value} in {row.periode}.</p>")
    block = "".join(part._repr_html_() for part in report.indicator_block(indicator))
    assert "<svg" in block  # the ranking of the centrumsteden stays
    assert "–2022-11" not in block


def test_values_note_names_every_point_and_says_when_there_is_none():
    from analysis import chartlayout

    two = chartlayout.values_note([("2021", 20.14), ("2022", float("nan")), ("2023", 21.5)],
                                  "percent", 1)
    assert two.markup == ("<p class='geen-trend'>Geen trendgrafiek: slechts twee meetpunten, "
                          "20,1 % in 2021 en 21,5 % in 2023.</p>")
    assert chartlayout.values_note([], "aantal", 0).markup == (
        "<p class='geen-trend'>Geen trendgrafiek: er is geen gepubliceerd meetpunt.</p>")
    assert chartlayout.has_trend([1.0, None, 2.0, 3.0]) and not chartlayout.has_trend([1.0, 2.0])


def test_vlaanderen_is_compared_with_the_five_provinces_not_with_itself(inputs):
    report = Report(inputs, "Vlaanderen")
    table = report.overview().markup
    heads = re.findall(r"<th scope='col'>([^<]*)</th>", table)
    assert heads == ["Indicator", "Periode", "Vlaanderen", "Antwerpen", "Limburg",
                     "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "Verandering",
                     "Trend"]
    assert "t.o.v." not in table and "niet vergeleken" not in table
    assert report.spine().markup == ""
    indicator = inputs.catalogue["werkzaamheidsgraad"]
    chart = report._peer_chart(indicator, report.latest.loc[indicator.id])
    assert chart.title == "Werkzaamheidsgraad: de provincies tegenover Vlaanderen"
    assert "Vlaanderen 75,2 %" in chart.svg  # the reference line of the provinces


def test_consecutive_indicators_without_data_fold_into_one_line(inputs):
    report = Report(inputs, "centrumstad:Gent")
    section = report.indicators("Kerncijfers")
    known = [i.id in report.latest.index for i in section]
    k = next(k for k in range(1, len(section) - 2) if all(known[k - 1:k + 3]))
    first, second, third = section[k:k + 3]
    report.latest = report.latest.drop([first.id, second.id])
    markup = report.section("Kerncijfers").markup
    line = (f"<p class='geen'>Geen gegevens voor Gent: {first.nummer} · {first.titel}; "
            f"{second.nummer} · {second.titel}.</p><section class='indicator'><h3 "
            f"id='{third.id}'>")
    assert line in markup
    assert f"<h3 id='{first.id}'>" not in markup and f"<h3 id='{second.id}'>" not in markup


def test_print_css_keeps_headings_with_what_follows_and_figures_whole():
    print_rules = batch.CSS[batch.CSS.index("@media print"):]
    for rule in ("@page { size: A4;", "h1, h2, h3, h4, caption { break-after: avoid; }",
                 "figure, tr, .banner, img, svg { break-inside: avoid; }",
                 "thead { display: table-header-group; }",
                 ".blok.twee { display: grid; grid-template-columns: 43fr 57fr;",
                 "align-items: start; break-inside: avoid; }",
                 "nav.inhoud { display: none; }"):
        assert rule in print_rules, rule
    assert "break-before: page; } h2," not in print_rules  # no section starts a page by force
    # A caption ends its figure: keeping it with what follows would orphan the next heading.
    assert not re.search(r"figcaption[^{}]*\{[^}]*break-after", print_rules)


def test_the_figures_of_an_indicator_sit_in_two_columns(inputs):
    report = Report(inputs, "Westhoek")
    block = report.indicator_block(inputs.catalogue["werkzaamheidsgraad"])[1].markup
    assert block.startswith("<div class='blok twee'><div class='links'><p class='kerncijfer'>")
    left, right = block.split("</div><div class='rechts'>")
    assert left.count("<figure") == 1 and right.count("<figure") == 1  # trend | ranking


@pytest.mark.parametrize(("area", "expected"), [
    ("centrumstad:Gent", "in Gent (1 gemeente): "),
    ("regiegebied:Westhoek", "in Westhoek (17 gemeenten): getekend 14, "),
])
def test_the_so_tally_agrees_in_number(inputs, area, expected):
    # Once "(1 gemeenten): 1 gesprekken lopend": a count agrees with its noun, and a status
    # is no noun, so the tally reads "status n".
    assert expected in Report(inputs, area).so_block().markup
