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


@pytest.mark.parametrize(("area", "expected"), [
    ("centrumstad:Gent", "in Gent (1 gemeente): "),
    ("regiegebied:Westhoek", "in Westhoek (17 gemeenten): getekend 14, "),
])
def test_the_so_tally_agrees_in_number(inputs, area, expected):
    # Once "(1 gemeenten): 1 gesprekken lopend": a count agrees with its noun, and a status
    # is no noun, so the tally reads "status n".
    assert expected in Report(inputs, area).so_block().markup
