"""The group comparison (analysis/vergelijking.py) and its two notebooks.

Hand-made profiles for the rules, the embedded data for the seed's groups, and one papermill
run of each notebook (exported with ``analysis.batch.to_html``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import io as aio
from analysis import statistics as st
from analysis import vergelijking as vg
from analysis.geography import GeoError
from analysis.report import ReportInputs

REPO = Path(__file__).resolve().parents[1]
NAN = np.nan
CENTRUMSTEDEN = {"Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven",
                 "Mechelen", "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout"}
WEST_VLAAMSE_REGIEGEBIEDEN = {"Westhoek", "Midwest", "Zuid-West-Vlaanderen", "Regio Brugge",
                              "Middenkust"}
PROVINCES = {"10000": "Provincie Antwerpen", "20001": "Provincie Vlaams-Brabant",
             "30000": "Provincie West-Vlaanderen", "40000": "Provincie Oost-Vlaanderen",
             "70000": "Provincie Limburg"}


# -- hand-made profiles -----------------------------------------------------------------------


def _row(indicator: str, geo: str, periode: str, waarde: float, *, label: str = st.SIMILAR,
         rang: float = NAN, trend: str = st.TREND_NOT_COMPUTED, punten: float = NAN,
         vlaanderen: float = 75.16, eenheid: str = "percent") -> dict[str, object]:
    vlaams = geo == "02000"
    return {
        "indicator": indicator, "geo": geo, "geo_type": "vlaanderen" if vlaams else "provincie",
        "geo_naam": "Vlaanderen" if vlaams else PROVINCES[geo], "periode": periode,
        "grenzen": "2024", "eenheid": eenheid, "teller": NAN, "waarde": waarde,
        "ci95_laag": waarde - 0.4, "ci95_hoog": waarde + 0.4, "vlaanderen": vlaanderen,
        "vergelijking_vlaanderen": st.NOT_COMPARED if vlaams else label,
        "vergelijking_vlaanderen_reden": "", "rang": rang, "n_peers": 5.0, "trend": trend,
        "trend_punten": punten, "onderdrukt": 0, "opmerking": "",
    }


def _werkzaamheid(drop: str | None = None) -> list[dict[str, object]]:
    rows = [_row("werkzaamheidsgraad", "02000", "2018", 74.2, vlaanderen=74.2),
            _row("werkzaamheidsgraad", "02000", "2019", 75.16)]
    latest = [("30000", 77.2, st.BEST, 1), ("10000", 76.2, st.BETTER, 2),
              ("40000", 75.0, st.SIMILAR, 3), ("20001", 74.9, st.SIMILAR, 4),
              ("70000", 70.1, st.WORST, 5)]
    for geo, value, label, rank in latest:
        rows.append(_row("werkzaamheidsgraad", geo, "2018", value - 1, label=label, rang=rank,
                         vlaanderen=74.2))
        if geo != drop:
            rows.append(_row("werkzaamheidsgraad", geo, "2019", value, label=label, rang=rank,
                             trend=st.TREND_RISING_IMPROVING, punten=5.0))
    return rows


def _nba() -> list[dict[str, object]]:
    # lager_beter: rang 1 is the lowest; Vlaams-Brabant and Oost-Vlaanderen tie on the value,
    # and the profile ranks Vlaams-Brabant first (against the order of the names).
    rows = [_row("nba_graad", "02000", "2019", 20.3, vlaanderen=20.3)]
    for geo, value, label, rank in [("30000", 17.0, st.BEST, 1), ("20001", 20.0, st.SIMILAR, 2),
                                    ("40000", 20.0, st.SIMILAR, 3), ("10000", 24.6, st.WORST, 4),
                                    ("70000", 29.8, st.WORST, 5)]:
        rows.append(_row("nba_graad", geo, "2019", value, label=label, rang=rank,
                         vlaanderen=20.3))
    return rows


@pytest.fixture(scope="module")
def catalogue():
    return aio.load_catalogue()


def _inputs(geography, catalogue, rows) -> ReportInputs:
    return ReportInputs(profile=pd.DataFrame(rows), catalogue=catalogue, geography=geography,
                        kwalitatief={}, is_example=False, provenance={"gemaakt": "vandaag"})


@pytest.fixture()
def made(geography, catalogue) -> ReportInputs:
    return _inputs(geography, catalogue, _werkzaamheid() + _nba() + [
        _row("werkzaamheidsgraad_eak", "02000", "2022Q3", 76.4, vlaanderen=76.4)])


# -- groups -----------------------------------------------------------------------------------


def test_centrumsteden_group(geography):
    group = vg.resolve_group("centrumstad", geography, "2024")
    assert (group.spec, group.naam, group.slug, group.type, group.provincie) == (
        "centrumstad", "De 13 centrumsteden", "centrumsteden", "centrumstad", None)
    assert {g.naam for g in group.members} == CENTRUMSTEDEN
    assert vg.resolve_group(" Centrumsteden ", geography, "2024") == group


@pytest.mark.parametrize("spec", ["regiegebied:West-Vlaanderen", "regiegebied:30000",
                                  "regiegebieden:west vlaanderen"])
def test_regiegebieden_of_a_province(geography, spec):
    group = vg.resolve_group(spec, geography, "2024")
    assert (group.spec, group.naam, group.slug, group.type) == (
        "regiegebied:30000", "De regiegebieden van West-Vlaanderen",
        "regiegebieden-west-vlaanderen", "regiegebied")
    assert group.provincie.code == "30000"
    assert {g.naam for g in group.members} == WEST_VLAAMSE_REGIEGEBIEDEN


def test_provinces_and_referentieregios(geography):
    provinces = vg.resolve_group("provincie", geography, "2024")
    assert (provinces.naam, provinces.slug, len(provinces.members)) == (
        "De 5 provincies", "provincies", 5)
    regions = vg.resolve_group("referentieregio's", geography, "2024")
    assert (regions.spec, regions.naam, regions.slug, len(regions.members)) == (
        "referentieregio", "De 15 referentieregio's", "referentieregios", 15)


@pytest.mark.parametrize(("spec", "message"), [
    ("gemeente", "onbekende groep 'gemeente' (kies uit centrumstad, provincie, referentieregio "
                 "of regiegebied:<provincie>, bv. regiegebied:West-Vlaanderen)"),
    ("regiegebied", "groep 'regiegebied': de regiegebieden worden per provincie vergeleken; "
                    "geef de provincie, bv. regiegebied:West-Vlaanderen of regiegebied:30000"),
    ("regiegebied:Atlantis", "groep 'regiegebied:Atlantis': provincie 'Atlantis' niet gevonden "
                             "in grensversie 2024 (kies uit Antwerpen, Vlaams-Brabant, "
                             "West-Vlaanderen, Oost-Vlaanderen, Limburg)"),
    ("centrumstad:Gent", "groep 'centrumstad:Gent': alleen regiegebieden worden per provincie "
                         "gekozen (kies uit centrumstad"),
])
def test_unknown_specs_have_a_dutch_message(geography, spec, message):
    with pytest.raises(GeoError) as error:
        vg.resolve_group(spec, geography, "2024")
    assert str(error.value).startswith(message)
    assert isinstance(error.value, ValueError)


def test_expand_regiegebied_gives_one_group_per_province(geography):
    groups = vg.expand_groups("regiegebied", geography, "2024")
    assert [g.spec for g in groups] == [f"regiegebied:{c}" for c in
                                        ("10000", "20001", "30000", "40000", "70000")]
    assert sum(len(g.members) for g in groups) == 37
    assert len({g.slug for g in groups}) == 5
    assert groups[2].naam == "De regiegebieden van West-Vlaanderen"


def test_expand_other_specs_gives_the_one_group(geography):
    assert vg.expand_groups("centrumstad", geography, "2024") == [
        vg.resolve_group("centrumstad", geography, "2024")]
    assert [g.spec for g in vg.expand_groups("regiegebied:Limburg", geography, "2024")] == [
        "regiegebied:70000"]
    with pytest.raises(GeoError, match="onbekende groep 'wijk'"):
        vg.expand_groups("wijk", geography, "2024")


# -- the blocks on hand-made data -------------------------------------------------------------


def test_ranking_is_the_profiles_rang_order_not_the_value_or_name_order(made):
    c = vg.Comparison(made, "provincie")
    assert c.ranking("nba_graad")["geo"].tolist() == ["30000", "20001", "40000", "10000", "70000"]
    assert c.ranking("werkzaamheidsgraad")["geo"].tolist() == [
        "30000", "10000", "40000", "20001", "70000"]


def test_sentences_of_a_rate_are_computed(made, catalogue):
    markup = vg.Comparison(made, "provincie").indicator_block(
        catalogue["werkzaamheidsgraad"]).markup
    assert ("<p class='duiding'>Provincie West-Vlaanderen (77,2 %) en Provincie Antwerpen "
            "(76,2 %) scoren hoger dan het Vlaamse gemiddelde (75,2 %). Provincie Limburg "
            "(70,1 %) scoort lager dan het Vlaamse gemiddelde (75,2 %). De andere provincies "
            "liggen tussen 74,9 % en 75,0 %, in de lijn van het Vlaamse gemiddelde. Over de "
            "laatste 5 jaar stijgt het percentage significant in alle 5 "
            "provincies.</p>") in markup
    assert "<p class='kerncijfer'>Vlaanderen: <strong>75,2 %</strong>" in markup
    assert "<h3 id='provincies-werkzaamheidsgraad'>Kerncijfer 1 · Werkzaamheidsgraad</h3>" in markup


def test_significance_groups_with_ranks_and_text_labels(made, catalogue):
    markup = vg.Comparison(made, "provincie").indicator_block(catalogue["nba_graad"]).markup
    table = re.search(r"<table class='groepen'>.*?</table>", markup).group(0)
    assert ("<caption>Tegenover Vlaanderen (20,3 %, 2019); het getal is de rang onder de 5 "
            "provincies (1 = beste)</caption>") in table
    heads = re.findall(r"<th scope='col'>(.*?)</th>", table)
    assert heads == ["Hoger dan Vlaanderen (slechter)", "Vergelijkbaar met Vlaanderen",
                     "Lager dan Vlaanderen (beter)"]
    cells = re.findall(r"<td>(.*?)</td>", table)
    assert re.findall(r"<li value='(\d+)'>", cells[0]) == ["4", "5"]
    assert re.findall(r"<li value='(\d+)'>([^<]*)", cells[1]) == [
        ("2", "Provincie Vlaams-Brabant 20,0 %"), ("3", "Provincie Oost-Vlaanderen 20,0 %")]
    assert "<li value='1'>Provincie West-Vlaanderen 17,0 % <span class='tag tag-best'>best" \
        "</span></li>" in cells[2]
    assert ">slechtst</span>" in cells[0]


def test_ranking_chart_title_states_the_finding(made, catalogue):
    markup = vg.Comparison(made, "provincie").indicator_block(
        catalogue["werkzaamheidsgraad"]).markup
    assert ("<figcaption>Werkzaamheidsgraad, 2019: 2 provincies hoger en 1 lager dan Vlaanderen, "
            "2 vergelijkbaar</figcaption>") in markup
    # Two periods are no trend: the periods in place of the small multiples.
    assert ("<p class='geen-trend'>Geen verloop per provincie: slechts twee perioden (2018 en "
            "2019); de waarden staan in de rangschikking.</p>") in markup


def test_periode_limits_every_block(made, catalogue):
    c = vg.Comparison(made, "provincie", periode="2018")
    assert c.latest_period("werkzaamheidsgraad") == "2018"
    markup = c.indicator_block(catalogue["werkzaamheidsgraad"]).markup
    assert "Vlaanderen: <strong>74,2 %</strong> <span class='periode'>2018</span>" in markup
    assert "2019" not in markup


def test_a_member_without_a_row_is_named_not_valued(geography, catalogue):
    inputs = _inputs(geography, catalogue, _werkzaamheid(drop="70000"))
    c = vg.Comparison(inputs, "provincie")
    ranking = c.ranking("werkzaamheidsgraad")
    assert ranking["geo"].tolist()[-1] == "70000" and np.isnan(ranking["waarde"].iloc[-1])
    markup = c.indicator_block(catalogue["werkzaamheidsgraad"]).markup
    assert "Voor Provincie Limburg is er geen cijfer." in markup
    assert "Niet vergeleken: Provincie Limburg." in markup


def test_indicator_without_group_figures(made, catalogue):
    c = vg.Comparison(made, "provincie")
    assert ("<p class='geen'>Niet per provincie, wel voor Vlaanderen: Kerncijfer 1 · "
            "Werkzaamheidsgraad volgens de Enquête naar de Arbeidskrachten (Vlaanderen 76,4 %, "
            "2022Q3).</p>" in c.indicator_block(catalogue["werkzaamheidsgraad_eak"]).markup)
    assert ("<p class='geen'>Geen gegevens voor de provincies: Kerncijfer 3 · Werkzoekenden "
            "zonder werk.</p>" in c.indicator_block(catalogue["wzw"]).markup)


def test_overview_has_a_row_per_member_and_vlaanderen(made):
    markup = vg.Comparison(made, "provincie").overview().markup
    rows = re.findall(r"<tr><th scope='row'>(.*?)</th>(.*?)</tr>", markup)
    assert [name for name, _ in rows] == [*sorted(PROVINCES.values()), "Vlaanderen"]
    limburg = dict(rows)["Provincie Limburg"]
    assert "70,1 %<br><span class='tag tag-slechtst'>slechtst</span>" in limburg
    assert re.findall(r"<td class='getal'>([^<]*)</td>", dict(rows)["Vlaanderen"]) == [
        "75,2 %", "20,3 %"]
    heads = re.findall(r"<th scope='col'>(.*?)</th>", markup)
    assert heads[:2] == ["Provincie", "Werkzaamheidsgraad <span class='periode'>2019</span>"]


def test_so_block_without_so_data(made):
    assert vg.Comparison(made, "provincie").so_block().markup == (
        "<p>Geen gegevens over samenwerkingsovereenkomsten.</p>")


# -- the group trend rule ---------------------------------------------------------------------


def _trends(*labels: str) -> pd.DataFrame:
    return pd.DataFrame({"geo_naam": ["Aa", "Bb", "Cc", "Dd"][:len(labels)],
                         "trend": list(labels), "trend_punten": 3.0})


@pytest.mark.parametrize(("labels", "text"), [
    ((st.TREND_RISING_IMPROVING, st.TREND_RISING, st.TREND_RISING_WORSENING),
     "Over de laatste 3 jaar stijgt het percentage significant in alle 3 centrumsteden."),
    ((st.TREND_FALLING_IMPROVING, st.TREND_NO_CHANGE, st.TREND_RISING, st.TREND_NO_CHANGE),
     "Over de laatste 3 jaar stijgt het percentage significant in Cc; daalt het significant in "
     "Aa; in de andere centrumsteden is er geen significante verandering."),
    ((st.TREND_FALLING, st.TREND_NO_CHANGE, st.TREND_NOT_COMPUTED),
     "Over de laatste 3 jaar daalt het percentage significant in Aa; in Bb is er geen "
     "significante verandering."),
    ((st.TREND_NO_CHANGE, st.TREND_NO_CHANGE),
     "Over de laatste 3 jaar is er in de 2 centrumsteden geen significante verandering."),
])
def test_group_trend_sentence(catalogue, labels, text):
    sentence = vg.trend_sentence(_trends(*labels), catalogue["werkzaamheidsgraad"],
                                 "centrumsteden")
    assert (sentence.text, sentence.rule) == (text, "groep_trend")


def test_no_trend_sentence_without_a_computed_trend(catalogue):
    frame = _trends(st.TREND_NOT_COMPUTED, st.TREND_NOT_COMPUTED)
    assert vg.trend_sentence(frame, catalogue["wzw"], "centrumsteden") is None


# -- the embedded data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inputs():
    return aio.load_report_inputs()


@pytest.fixture(scope="module")
def centrumsteden(inputs):
    return vg.Comparison(inputs, "centrumstad")


def test_centrumsteden_follow_the_profiles_rang(inputs, centrumsteden):
    profile = inputs.profile
    for indicator in ("werkzaamheidsgraad", "nba_graad", "niet_beroepsactieven"):
        periode = centrumsteden.latest_period(indicator)
        rows = profile[(profile["geo_type"] == "centrumstad")
                       & (profile["indicator"] == indicator) & (profile["periode"] == periode)]
        expected = rows.sort_values("rang")["geo_naam"].tolist()
        assert len(expected) == 13 and set(expected) == CENTRUMSTEDEN
        assert centrumsteden.ranking(indicator)["geo_naam"].tolist() == expected, indicator


def test_centrumsteden_sentences_ranks_and_panels(inputs, centrumsteden):
    indicator = inputs.catalogue["werkzaamheidsgraad"]
    markup = centrumsteden.indicator_block(indicator).markup
    assert ("Roeselare (77,2 %) en Brugge (76,2 %) scoren hoger dan het Vlaamse gemiddelde "
            "(75,2 %).") in markup
    ranking = centrumsteden.ranking("werkzaamheidsgraad")
    listed = re.findall(r"<li value='(\d+)'>([^<]*?) \d", markup)
    assert sorted(listed, key=lambda x: int(x[0])) == [
        (str(int(r)), n) for r, n in zip(ranking["rang"], ranking["geo_naam"], strict=True)]
    desc = re.search(r"<desc[^>]*>Kleine lijngrafieken.*?</desc>", markup).group(0)
    panels = re.findall(r"(?:\.|\)) ([A-Z][\w-]+): ", desc)
    assert panels[:13] == ranking["geo_naam"].tolist()


def test_count_sentences_give_the_share_of_vlaanderen(inputs, centrumsteden):
    markup = centrumsteden.indicator_block(inputs.catalogue["niet_beroepsactieven"]).markup
    assert "Bijna 1 op de 10 niet-beroepsactieven woont in Antwerpen." in markup
    assert "Antwerpen telt 75.278 niet-beroepsactieven" in markup
    assert "elk paneel heeft een eigen schaal" in markup
    assert "class='groepen'" not in markup  # counts are not tested against Vlaanderen


def test_west_vlaamse_regiegebieden_rank_among_all_37(inputs):
    c = vg.Comparison(inputs, "regiegebied:West-Vlaanderen")
    markup = c.indicator_block(inputs.catalogue["werkzaamheidsgraad"]).markup
    assert "het getal is de rang onder alle 37 regiegebieden (1 = beste)" in markup
    assert {g.naam for g in c.group.members} == WEST_VLAAMSE_REGIEGEBIEDEN


def test_so_block_of_the_west_vlaamse_regiegebieden(inputs):
    markup = vg.Comparison(inputs, "regiegebied:30000").so_block().markup
    provinces = re.findall(r"<tr><th scope='row'>(Provincie [^<]*|Vlaanderen)</th>", markup)
    assert provinces == ["Provincie West-Vlaanderen", "Vlaanderen"]
    assert "<td class='getal'>57/64</td>" in markup  # Tabel 1 of seed 003
    members = re.findall(r"<tr><th scope='row'>([^<]*)</th><td", markup)
    assert set(members) - {"Provincie West-Vlaanderen", "Vlaanderen"} == \
        WEST_VLAAMSE_REGIEGEBIEDEN
    assert "SO regiegebied 1/1/2023" in markup


def test_report_and_comparison_share_tabel_1(inputs):
    from analysis.report import Report, so_province_table

    table = so_province_table(inputs, "2024")
    assert Report(inputs, "Westhoek").so_block().markup.endswith(table)
    rows = re.findall(r"<tr><th scope='row'>.*?</tr>", table)
    assert len(rows) == 6  # the five provinces and Vlaanderen
    group = vg.Comparison(inputs, "regiegebied:30000").so_block().markup
    assert group.endswith(so_province_table(inputs, "2024", ["02000", "30000"], box=True))
    assert rows[0] in group and rows[-1] in group and rows[1] not in group


def test_actions_are_grouped_per_province_in_tabel_1_order(inputs, centrumsteden):
    markup = centrumsteden.actions(2).markup
    assert markup.startswith("<h3 id='centrumsteden-acties-2'>Acties om niet-beroepsactieven "
                             "te bereiken</h3>")
    provinces = re.findall(r"<h4>(.*?)</h4>", markup)
    assert provinces == ["Provincie West-Vlaanderen", "Provincie Oost-Vlaanderen",
                         "Provincie Antwerpen", "Provincie Vlaams-Brabant", "Provincie Limburg"]
    for part in markup.split("<h4>")[1:]:
        titles = re.findall(r"<li><strong>(.*?)</strong>", part)
        assert titles and len(titles) == len(set(titles))


def test_action_titles_are_escaped(inputs):
    actions = inputs.kwalitatief["acties"]
    first = next(a for a in actions if a.sectie == 10 and "Gent" in a.plaatsen)
    hostile = first.model_copy(update={"titel": "<script>alert('xss')</script>"})
    changed = dataclasses.replace(
        inputs, kwalitatief={**inputs.kwalitatief,
                             "acties": [hostile if a is first else a for a in actions]},
        memo={})
    markup = vg.Comparison(changed, "centrumstad").actions(10).markup
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in markup


# -- the notebooks ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "parameters"), [
    ("vergelijking", ["groep", "periode", "data_dir", "grenzen", "profiel"]),
    ("beleidsrapportage", ["periode", "data_dir", "grenzen", "profiel"]),
])
def test_notebooks_are_thin_with_runnable_defaults(name, parameters):
    notebook = json.loads((REPO / "notebooks" / f"{name}.ipynb").read_text("utf-8"))
    cells = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    lines = "".join(cells[0]["source"]).splitlines()
    assert [line.split(" =")[0] for line in lines] == parameters
    assert all("#" in line for line in lines)
    defaults = {line.split(" = ")[0]: line.split(" = ")[1].split("  #")[0] for line in lines}
    assert defaults.get("groep", '"centrumstad"') == '"centrumstad"'
    assert all(v == "None" for k, v in defaults.items() if k != "groep")
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert not any(c.get("outputs") or c.get("execution_count") for c in code)
    assert "def " not in "".join("".join(c["source"]) for c in notebook["cells"])
    assert max(len("".join(c["source"]).splitlines()) for c in code) <= 6
    assert "aio.load_report_inputs(data_dir, profiel, grenzen)" in "".join(code[1]["source"])


@pytest.fixture(scope="module")
def pages(inputs, tmp_path_factory) -> dict[str, str]:
    """Both notebooks through papermill on the embedded data, exported as the batch does."""
    import papermill as pm

    from analysis import batch

    work = tmp_path_factory.mktemp("vergelijking")
    profile = work / "profiel.parquet"
    inputs.profile.to_parquet(profile)
    runs = {"vergelijking": ({"groep": "referentieregio"}, "De 15 referentieregio's"),
            "beleidsrapportage": ({}, "Beleidsrapportage")}
    out = {}
    for name, (parameters, title) in runs.items():
        executed = pm.execute_notebook(
            str(REPO / "notebooks" / f"{name}.ipynb"), str(work / f"{name}.ipynb"),
            parameters={**parameters, "profiel": str(profile)}, progress_bar=False,
            kernel_name="python3", log_output=False, cwd=str(REPO / "notebooks"))
        out[name] = batch.to_html(executed, title)
    return out


@pytest.mark.parametrize("name", ["vergelijking", "beleidsrapportage"])
def test_pages_are_complete_offline_and_small(pages, name):
    page = pages[name]
    assert len(page.encode("utf-8")) <= 1_000_000
    assert "Traceback" not in page and "output_error" not in page
    assert "from analysis import" not in page  # no code
    assert "Voorbeelddata." in page
    assert "<script" not in page and "<img" not in page
    assert "<nav class='inhoud'" in page
    assert page.count("<svg") >= 50
    ids = re.findall(r"\sid=[\"']([^\"']+)[\"']", page)
    assert len(ids) == len(set(ids))


def test_vergelijking_page_of_the_largest_group(pages):
    page = pages["vergelijking"]
    assert "<h1>De 15 referentieregio&#x27;s</h1>" in page
    for section in ("In één oogopslag", "Kerncijfers", "1 Samenwerkingsovereenkomsten",
                    "Elk talent aan de slag (2–7)", "Bronnen en definities"):
        assert f">{section}</h2>" in page, section
    for name in ("Regio Antwerpen", "Halle-Vilvoorde", "Waasland", "Limburg"):
        assert name in page


def test_beleidsrapportage_has_both_chapters(pages):
    page = pages["beleidsrapportage"]
    h2 = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    assert h2 == ["Inleiding", "Naar 80 % werkzaamheidsgraad in 2030: indicatieve projectie",
                  "Correcties op de rapportage van december 2022",
                  "Hoofdstuk 1 · De 13 centrumsteden",
                  "Hoofdstuk 2 · De regiegebieden sociale economie en werk van West-Vlaanderen",
                  "Bronnen en definities"]
    body = page[page.index("</nav>"):]  # the chapters, not their entries in the contents
    chapter_1, chapter_2 = body.split(">Hoofdstuk 2 ·")
    for name in WEST_VLAAMSE_REGIEGEBIEDEN:
        assert name in chapter_2, name
    assert "Werkzaamheidsgraad per regiegebied" in chapter_2
    chapter_1 = chapter_1[chapter_1.index(">Hoofdstuk 1 ·"):]
    assert "Roeselare (77,2 %) en Brugge (76,2 %) scoren hoger" in chapter_1
    assert "Hoe lees je de vergelijkingen?" in page
    # The 80 % ambition of Vlaanderen, before the corrections and the chapters: the EAK has one
    # point, the Arbeidsrekening is projected.
    ambition = body[body.index(">Naar 80 % werkzaamheidsgraad"):body.index('id="correcties"')]
    assert "Geen projectie mogelijk: er is één punt, 76,4 % in het derde kwartaal" in ambition
    assert "Vlaamse Arbeidsrekening (tweede maatstaf, niet die van de streefwaarde):" in ambition
    assert ambition.count("<svg") == 1
    assert page.index("<h1>Beleidsrapportage</h1>") < page.index("<nav class='inhoud'")


#: Every inconsistency of seed 003 that seeds/README.md lists: what the rapportage printed and
#: what the package computes, both on the page.
SEED_INCONSISTENCIES = [
    ("75,11 %", "hoogstens"), ("72,83 %", "minstens"),
    ("64/70", "64/69"), ("246/300", "261/300"), ("91 % (55/60)", "91,7 % (55/60)"),
    ("+3 %", "+2,2 procentpunt (11,9 → 14,1 %)"), ("+0,8 %", "+0,3 procentpunt (13,8 → 14,1 %)"),
    ("−5 %", "−4,8 procentpunt (60,8 → 56 %)"),
    ("13 % (5.079 / 40.756)", "12,5 % (5.079 / 40.756)"),
]


@pytest.mark.parametrize("name", ["vergelijking", "beleidsrapportage"])
def test_pages_show_the_corrections_of_the_rapportage_beside_the_published_figures(pages, name):
    page = pages[name]
    assert "volgt de gepubliceerde cijfers" not in page
    assert "<a href='#correcties'>Correcties op de rapportage van december 2022</a>" in page
    start = page.index('id="correcties"')
    box = page[start:page.index("</aside>", start)].replace("\u00a0", " ")
    for printed, computed in SEED_INCONSISTENCIES:
        assert printed in box and computed in box, (printed, computed)
    assert "drukt 15 cijfers die niet kloppen" in box


def test_consecutive_indicators_without_group_figures_fold_into_one_line(made, catalogue):
    c = vg.Comparison(made, "provincie")
    markup = c.section("Kerncijfers").markup
    blocks = re.findall(r"<section class='indicator'><h\d id='provincies-([a-z_]+)'>", markup)
    assert blocks == [i.id for i in c.indicators("Kerncijfers") if c.latest_period(i.id)]
    lines = re.findall(r"<p class='geen'>([^<]*)</p>", markup)
    assert lines[0] == ("Niet per provincie, wel voor Vlaanderen: Kerncijfer 1 · "
                        "Werkzaamheidsgraad volgens de Enquête naar de Arbeidskrachten "
                        "(Vlaanderen 76,4 %, 2022Q3).")
    # The Enquête and the niet-beroepsactieven (counts) lie between werkzaamheidsgraad and
    # nba_graad: one fold; every indicator after nba_graad lacks figures: a second one.
    after = [f"{i.nummer} · {i.titel}" for i in c.indicators("Kerncijfers")[4:]]
    assert [i.id for i in c.indicators("Kerncijfers")[:4]] == [
        "werkzaamheidsgraad", "werkzaamheidsgraad_eak", "niet_beroepsactieven", "nba_graad"]
    assert lines[1:] == ["Geen gegevens voor de provincies: Kerncijfer 2 · Niet-beroepsactieven.",
                         f"Geen gegevens voor de provincies: {'; '.join(after)}."]
