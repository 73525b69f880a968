"""The project-progress report (analysis/voortgang.py, notebooks/projectvoortgang.ipynb): a small
hand-made project for the rules, the two real project files (seeds 000 and 001) for the
acceptance figures, escaping, the loader's Dutch errors and the notebook run by papermill."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis import io as aio
from analysis import voortgang as vg
from analysis.projecten import (
    LOOPT_ACHTER,
    NIET_BEHAALD,
    OP_SCHEMA,
    REEDS_BEHAALD,
    Project,
    build_project,
)

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "projectvoortgang.ipynb"
PLASTIQ = "plastiq-ingroeibanen-2022-2023"  # seed 000, tussentijds
YOUNG_PATTERNS = "ivoc-young-patterns-2020-2022"  # seed 001, eind

# A project running two years; the report ends after exactly one: 50 % of the time elapsed, so
# with the tolerance of 10 procentpunt a realisatiegraad of 40 % is still "op schema".
MINI: dict[str, Any] = {
    "bron": "handgemaakt testrapport",
    "titel": "Testproject",
    "sector": "testsector",
    "promotor": "Promotor X",
    "soort_rapport": "tussentijds",
    "projectperiode": {"start": date(2022, 1, 1), "einde": date(2023, 12, 31)},
    "rapportperiode": {"start": date(2022, 1, 1), "einde": date(2022, 12, 31)},
    "doelgroep": "jonge werkzoekenden",
    "acties": [
        {
            "nummer": 1,
            "titel": "Infosessies",
            "doelgroep": "jongeren",
            "doelstellingen": ["Jongeren informeren"],
            "streefcijfers": [
                {"omschrijving": "jongeren", "streefwaarde": 100, "realisatie": 40,
                 "eenheid": "personen"},
                {"omschrijving": "bedrijven", "streefwaarde": 10, "realisatie": 12,
                 "eenheid": "bedrijven"},
            ],
            "budget": {"voorzien": 1000.00, "besteed": 500.00},
            "uitstroom": [{"groep": "deelnemers", "basis": 40, "naar_werk": 10}],
            "toelichting": "Loopt volgens plan.",
        },
        {
            "nummer": 2,
            "titel": "Trajecten",
            "doelgroep": "jongeren",
            "doelstellingen": ["Jongeren opleiden"],
            "streefcijfers": [
                {"omschrijving": "jongeren", "streefwaarde": 50, "realisatie": 19,
                 "eenheid": "personen"},
            ],
            "budget": {"voorzien": 2000.00, "besteed": 300.00},
            "uitstroom": [
                {"groep": "trajectanten", "basis": 19, "naar_werk": 5},
                {"groep": "ook in actie 1", "basis": 3, "naar_werk": 2, "telt_in_totaal": False},
            ],
            "profiel": [
                {"kenmerk": "geslacht", "categorie": "vrouw", "waarde": 60, "eenheid": "procent"},
            ],
            "toelichting": "Trage instroom.",
        },
    ],
    "samenvatting": {"totaal_uniek": 59, "totaal_besteed": 800.00, "totaal_naar_werk": 16},
    "uniek_tellen": {
        "regel": "De jongeren van actie 1 en actie 2 samen; bedrijven tellen niet.",
        "deelnemers": [{"actie": 1, "streefcijfer": "jongeren"},
                       {"actie": 2, "streefcijfer": "jongeren"}],
    },
}


def build(raw: dict[str, Any]) -> Project:
    project, problems = build_project(aio.YamlDocument(raw, {}, []), "mini.yaml")
    assert problems == []
    assert project is not None
    return project


def changed(**changes: Any) -> dict[str, Any]:
    raw = copy.deepcopy(MINI)
    raw.update(changes)
    return raw


def texts(markup: str) -> list[str]:
    """The texts between the tags, in order."""
    return [t for t in re.split(r"<[^>]+>", markup) if t.strip()]


def page(project: Project) -> str:
    """Every block of the report, as the notebook shows them, in one string."""
    parts: list[Any] = [vg.title_block(project), vg.key_figures(project), vg.overview(project),
                        vg.realisation_chart(project), vg.conclusion(project)]
    for actie in project.acties:
        parts += vg.action_block(project, actie)
    parts += [vg.summary_table(project), vg.unique_rule(project), vg.budget_table(project),
              vg.spending_chart(project), vg.check_table(project), vg.derived_figures(project),
              vg.discrepancies(project)]
    return "".join(part._repr_html_() for part in parts)


@pytest.fixture(scope="module")
def mini() -> Project:
    return build(MINI)


@pytest.fixture(scope="module")
def plastiq() -> Project:
    return vg.load_project(PLASTIQ).project


@pytest.fixture(scope="module")
def young_patterns() -> Project:
    return vg.load_project(YOUNG_PATTERNS).project


# --------------------------------------------------------------------------------------------
# Status rules


@pytest.mark.parametrize(("statuses", "expected"), [
    ([REEDS_BEHAALD, REEDS_BEHAALD], REEDS_BEHAALD),
    ([REEDS_BEHAALD, OP_SCHEMA], OP_SCHEMA),
    ([OP_SCHEMA, LOOPT_ACHTER, REEDS_BEHAALD], LOOPT_ACHTER),
    ([REEDS_BEHAALD, NIET_BEHAALD], NIET_BEHAALD),
    ([LOOPT_ACHTER, NIET_BEHAALD], NIET_BEHAALD),
])
def test_an_action_shows_the_least_favourable_status_of_its_targets(statuses, expected):
    assert vg.action_status(statuses) == expected


def test_targets_without_a_status_do_not_count_for_the_action():
    assert vg.action_status([None, REEDS_BEHAALD]) == REEDS_BEHAALD
    assert vg.action_status([None]) is None
    assert vg.action_status([]) is None


def test_status_labels_compare_the_realisatiegraad_with_the_elapsed_time(mini):
    markup = vg.action_block(mini, mini.acties[0])[1].markup
    # 40 of 100 at 50 % of the time: on the boundary (50 − 10 procentpunt) is op schema.
    assert re.search(r"<th scope='row'>jongeren</th>.*?40,0 %.*?50,0 %.*?op schema</span>",
                     markup)
    assert re.search(r"<th scope='row'>bedrijven</th>.*?120,0 %.*?reeds behaald</span>", markup)
    lagging = vg.action_block(mini, mini.acties[1])[1].markup
    assert re.search(r"38,0 %.*?loopt achter</span>", lagging)


def test_the_overview_gives_each_action_its_status_and_spending(mini):
    rows = re.findall(r"<tr><th scope='row'>(.*?)</tr>", vg.overview(mini).markup)
    assert [texts(r) for r in rows] == [
        ["Actie 1 · Infosessies", "1 reeds behaald en 1 op schema", "op schema", "50,0 %",
         "besteding volgt de planning", "10"],
        ["Actie 2 · Trajecten", "1 loopt achter", "loopt achter", "15,0 %", "onderbesteding",
         "5"],
    ]


def test_the_conclusion_is_computed_from_the_actions(mini):
    assert vg.conclusion_sentences(mini) == [
        "Op 31 december 2022 was 50,0 % van de projectperiode (1 januari 2022 – 31 december "
        "2023) verstreken.",
        "Tot dan bereikte het project 59 unieke deelnemers.",
        "Stand van de 3 streefcijfers: 1 reeds behaald, 1 op schema en 1 loopt achter.",
        "Achter op schema: actie 2, jongeren (19 van 50, 38,0 %).",
        "Tot dan werd € 800,00 besteed, 26,7 % van het voorziene budget van € 3.000,00; bij "
        "50,0 % verstreken tijd ligt de besteding achter op de planning (onderbesteding).",
        "15 van de 59 deelnemers van wie de uitstroom gevolgd werd, vonden werk (25,4 %).",
        "Van de 3 gepubliceerde cijfers in het rapport wijkt er 1 af van de acties: "
        "project, uitstroom naar werk (gepubliceerd 16, berekend 15).",
    ]


def test_the_conclusion_follows_the_data_not_a_text(mini):
    raw = changed()
    raw["acties"][1]["streefcijfers"][0]["realisatie"] = 60
    sentences = vg.conclusion_sentences(build(raw))
    assert sentences[2] == "Stand van de 3 streefcijfers: 2 reeds behaald en 1 op schema."
    assert not any(s.startswith("Achter op schema") for s in sentences)


def test_outflow_counts_only_groups_in_the_total(mini):
    assert vg.outflow_totals(mini) == vg.Outflow(naar_werk=15, basis=59)


def test_outflow_without_a_basis_gives_no_share():
    raw = changed()
    del raw["acties"][1]["uitstroom"][0]["basis"]
    project = build(raw)
    assert vg.outflow_totals(project) == vg.Outflow(naar_werk=15, basis=None)
    assert "15 deelnemers vonden werk." in vg.conclusion_sentences(project)


def test_a_project_without_outflow_says_so():
    raw = changed()
    for actie in raw["acties"]:
        actie.pop("uitstroom")
    raw["samenvatting"].pop("totaal_naar_werk")
    project = build(raw)
    assert vg.outflow_totals(project) == vg.Outflow(None, None)
    assert "Het rapport geeft geen uitstroom naar werk." in vg.conclusion_sentences(project)


# --------------------------------------------------------------------------------------------
# Seed 000 (tussentijds) and seed 001 (eind): the acceptance figures


def test_seed_000_shows_7144_young_people_and_the_budget_spent(plastiq):
    figures = vg.key_figures(plastiq).markup
    assert "<span class='getal-groot'>7.144</span><br>unieke deelnemers" in figures
    assert ("<span class='getal-groot'>€ 276.335,31</span><br>besteed: 36,9 % van "
            "€ 749.282,29 *") in figures
    assert vg.conclusion_sentences(plastiq)[1] == (
        "Tot dan bereikte het project 7.144 unieke deelnemers.")
    assert vg.conclusion_sentences(plastiq)[4] == (
        "Tot dan werd € 276.335,31 besteed, 36,9 % van het voorziene budget van € 749.282,29 "
        "(afgeleid, niet gepubliceerd); bij 43,0 % verstreken tijd volgt de besteding de "
        "planning.")


def test_seed_000_summary_table_totals_come_from_the_action_rows(plastiq):
    markup = vg.summary_table(plastiq).markup
    total = re.search(r"<tr class='totaal'>(.*?)</tr>", markup).group(1)
    assert texts(total) == ["Totaal", "7.144", "7", "€ 749.282,29", " *", "€ 276.335,31", " *",
                            "36,9 %"]
    assert "<td class='getal'>telt niet mee</td>" in markup  # actie 5: the same 15 as actie 3


def test_seed_000_states_the_overlap_rule_and_its_sum(plastiq):
    assert vg.unique_formula(plastiq) == "6.850 + 102 + 15 + 177 = 7.144"
    markup = vg.unique_rule(plastiq).markup
    assert "De 15 premies van actie 5 gaan naar jonge" in markup
    assert "<strong>6.850 + 102 + 15 + 177 = 7.144</strong> unieke deelnemers" in markup


def test_seed_000_targets_against_43_percent_of_the_time(plastiq):
    assert vg.conclusion_sentences(plastiq)[:4] == [
        "Op 31 december 2022 was 43,0 % van de projectperiode (1 april 2022 – 31 december "
        "2023) verstreken.",
        "Tot dan bereikte het project 7.144 unieke deelnemers.",
        "Stand van de 7 streefcijfers: 2 reeds behaald, 4 op schema en 1 loopt achter.",
        "Achter op schema: actie 2, jongeren (102 van 400, 25,5 %).",
    ]


def test_seed_000_check_shows_the_published_8_against_the_computed_7(plastiq):
    markup = vg.check_table(plastiq).markup
    assert ("<p>20 gepubliceerde cijfers van de samenvatting en de aandelen in de tekst van de "
            "acties nagerekend uit de acties: 17 kloppen, 3 kloppen niet. Een aandeel wordt "
            "nagerekend op de precisie waarmee het gepubliceerd is: 53 % klopt voor 52,5 tot "
            "53,5 %, “zo’n 6 op 10” voor 55 tot 65 %, “zo’n 40 %” voor 35 tot 45 %.</p>") in markup
    assert re.search(r"<td>actie 3</td><th scope='row'>uitstroom naar werk</th><td class='getal'>"
                     r"8</td><td class='getal'>7</td><td class='getal'>1</td><td><span "
                     r"class='tag tag-slechter'>klopt niet</span>", markup)
    assert markup.count("klopt niet</span>") == 3


def test_seed_000_check_shows_53_percent_against_7_of_15(plastiq):
    markup = vg.check_table(plastiq).markup
    assert ("<td>actie 3</td><th scope='row'>aandeel &#x27;aan het werk na de stageperiode&#x27;"
            "</th><td class='getal'>53 %</td><td class='getal'>7/15 = 46,7 %</td>"
            "<td class='getal'>6,3 procentpunt</td><td><span class='tag tag-slechter'>klopt niet"
            "</span>") in markup
    assert ("<td class='getal'>7 %</td><td class='getal'>1/15 = 6,7 %</td>"
            "<td class='getal'>binnen de afronding</td><td><span class='tag tag-beter'>klopt"
            "</span>") in markup


def test_seed_001_check_shows_the_wording_beside_the_computed_share(young_patterns):
    markup = vg.check_table(young_patterns).markup
    assert ("<th scope='row'>aandeel &#x27;vindt werk na een periode van werkloosheid&#x27; in "
            "de tekst van de actie</th><td class='getal'>“zo’n 6 op 10” (55–65 %)</td>"
            "<td class='getal'>54/95 = 56,8 %</td><td class='getal'>binnen de marge</td><td><span "
            "class='tag tag-beter'>klopt</span>") in markup
    assert "60 %" not in markup


def test_the_outflow_notes_give_the_wording_and_the_computed_share(young_patterns):
    markup = vg._outflow_block(young_patterns.actie(3))
    assert ("opgevolgde werkzoekende modetechnologen: vindt werk na een periode van "
            "werkloosheid: “zo’n 6 op 10” (berekend: 54/95 = 56,8 %; klopt)") in markup
    assert "koos voor verdere studies: “zo’n 40%”</li>" in markup


def test_seed_000_shows_its_derived_figures_and_discrepancies(plastiq):
    derived = vg.derived_figures(plastiq).markup
    assert re.search(r"totaal_voorzien</th><td class='getal'>€ 749.282,29</td>", derived)
    assert re.search(r"personeel.besteed</th><td class='getal'>€ 69.214,61</td>", derived)
    conflicts = vg.discrepancies(plastiq).markup
    assert "Doorstroom naar werk in actie 3: 7 of 8 jongeren" in conflicts
    assert "Gebruikt: <strong>7</strong>" in conflicts
    assert "Gebruikt: <strong>31 december 2022</strong>" in conflicts
    banner = vg.title_block(plastiq).markup
    assert "3 cijfers zijn niet gepubliceerd maar door ons afgeleid" in banner


def test_seed_001_shows_the_budget_spent_and_the_outflow_to_work(young_patterns):
    sentences = vg.conclusion_sentences(young_patterns)
    assert sentences == [
        "Dit eindrapport beslaat de volledige projectperiode (1 januari 2020 – 30 juni 2022).",
        "Het project bereikte 360 unieke deelnemers.",
        "Stand van de 5 streefcijfers: 4 reeds behaald en 1 niet behaald.",
        "Niet behaald: actie 1, unieke jongeren in werkervaring of job (40 van 50, 80,0 %).",
        "Over de hele projectperiode werd € 165.328,44 besteed, 85,0 % van het voorziene "
        "budget van € 194.500,00: € 29.171,56 bleef onbesteed (onderbesteding).",
        "Meer besteed dan voorzien: actie 2 (124,6 %) en personeel (100,6 %).",
        "70 van de 360 deelnemers van wie de uitstroom gevolgd werd, vonden werk (19,4 %).",
        "De 30 gepubliceerde cijfers in het rapport kloppen met de acties.",
    ]
    assert vg.outflow_totals(young_patterns) == vg.Outflow(naar_werk=70, basis=360)
    figures = vg.key_figures(young_patterns).markup
    assert "<span class='getal-groot'>70</span><br>van 360 deelnemers naar werk" in figures
    assert "besteed: 85,0 % van € 194.500,00</td>" in figures  # published total: no mark


def test_seed_001_marks_a_derived_profile_figure_and_its_overlap_warning(young_patterns):
    markup = "".join(b._repr_html_() for b in vg.action_block(young_patterns,
                                                             young_patterns.acties[2]))
    assert "<td class='getal'>46 van 47 *</td>" in markup
    assert "Overlap tussen luik 3 en luik 1" in vg.unique_rule(young_patterns).markup


def test_budget_lines_without_amounts_keep_their_note(plastiq):
    markup = vg.budget_table(plastiq).markup
    assert re.search(r"Actie 4 · Leerlingen in contact brengen.*?Geen eigen budget: &quot;Zie "
                     r"personeelskost", markup)
    assert "Actie 3 · Organiseren van regionale opleidingstrajecten" in markup  # not lowercased


# --------------------------------------------------------------------------------------------
# Escaping and charts


def test_text_from_the_file_is_escaped_everywhere(mini):
    hostile = "<script>alert('x')</script>"
    raw = changed(titel=hostile, promotor=hostile)
    raw["acties"][0]["titel"] = hostile
    raw["acties"][0]["doelstellingen"] = [hostile]
    raw["acties"][1]["profiel"][0]["categorie"] = hostile
    raw["uniek_tellen"]["regel"] = hostile
    markup = page(build(raw))
    assert "<script" not in markup
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup
    block = vg.action_block(build(raw), build(raw).acties[0])[0].markup
    assert block.startswith("<h3 id='actie-1'>Actie 1 · &lt;script&gt;alert(&#x27;x&#x27;)"
                            "&lt;/script&gt;</h3>")


def test_the_chart_cuts_long_bars_but_writes_their_value(plastiq):
    chart = vg.realisation_chart(plastiq, 1)
    assert chart.title == "Actie 1: 2 reeds behaald en 1 op schema"
    assert "<tspan font-weight=\"bold\">856,3 %</tspan>" in chart.svg
    assert chart.svg.count('stroke="#FFFFFF" stroke-width="1.6"') == 4  # two cut bars
    assert ">200 %</text>" in chart.svg and ">250 %</text>" not in chart.svg
    assert "verstreken tijd 43,0 %" in chart.svg
    assert chart.alt.startswith("Staafdiagram van de realisatiegraad per streefcijfer: "
                                "Jongeren: 856,3 % (reeds behaald); Bedrijven: 72,0 % (op "
                                "schema);")


def test_the_chart_of_a_final_report_has_no_elapsed_time_line(young_patterns):
    chart = vg.realisation_chart(young_patterns)
    assert "verstreken tijd" not in chart.svg
    assert "stroke-dasharray" not in chart.svg
    assert "streefcijfer (100 %) = einde projectperiode" in chart.svg


def test_a_chart_is_self_contained_svg_with_title_and_description(mini):
    first, second = vg.realisation_chart(mini), vg.spending_chart(mini)
    for chart in (first, second):
        assert chart.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert re.search(r'<title id="v[0-9a-f]{8}-t">', chart.svg)
        assert "href" not in chart.svg
    ids = set(re.findall(r'id="([^"]+)"', first.svg + second.svg))
    assert len(ids) == 4  # distinct between charts on one page
    assert second.title == ("Besteed budget: 26,7 % van het voorziene budget bij 50,0 % "
                            "verstreken tijd")
    assert "<tspan font-weight=\"bold\">15,0 %</tspan>" in second.svg  # a share: 1 decimal


def test_a_target_not_measured_yet_has_no_bar():
    raw = changed()
    raw["acties"][0]["streefcijfers"][1]["realisatie"] = None
    chart = vg.realisation_chart(build(raw), 1)
    assert "nog niet gemeten" in chart.svg
    assert chart.title == "Actie 1: 1 op schema en 1 nog niet gemeten"
    assert chart.svg.count("<rect ") == 2  # the background and one bar


# --------------------------------------------------------------------------------------------
# Loading


def test_an_unknown_project_is_a_dutch_error_naming_the_file():
    with pytest.raises(aio.InputError) as caught:
        vg.load_project("plastiq-ingroeibanen-2022")
    message = str(caught.value)
    assert message == (
        "data/projecten/plastiq-ingroeibanen-2022.yaml: project 'plastiq-ingroeibanen-2022' "
        "niet gevonden: dit projectbestand bestaat niet; bedoelt u "
        "'plastiq-ingroeibanen-2022-2023'? Beschikbare projecten: "
        "ivoc-young-patterns-2020-2022, plastiq-ingroeibanen-2022-2023.")


def test_a_missing_path_is_named_in_the_error(tmp_path):
    missing = tmp_path / "weg.yaml"
    with pytest.raises(aio.InputError) as caught:
        vg.load_project(str(missing))
    assert str(caught.value) == f"{missing}: projectbestand bestaat niet"


def test_a_file_with_errors_is_refused_with_its_problems(tmp_path):
    raw = changed()
    del raw["titel"]
    path = tmp_path / "kapot.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(aio.InputError) as caught:
        vg.load_project(path)
    assert str(caught.value).startswith(f"{path}")
    assert "verplichte sleutel 'titel' ontbreekt" in str(caught.value)


def test_a_data_dir_with_projecten_is_searched_by_name(tmp_path):
    (tmp_path / "projecten").mkdir()
    path = tmp_path / "projecten" / "mini.yaml"
    path.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    loaded = vg.load_project("Mini", tmp_path)
    assert loaded.project.titel == "Testproject"
    assert loaded.bestand == str(path)
    assert set(loaded.provenance) == {"bestand", "hash", "commit", "versie", "gemaakt"}
    assert vg.load_project("mini", tmp_path / "projecten").project == loaded.project


def test_the_bundled_project_is_found_by_stem_and_by_path():
    by_stem = vg.load_project(PLASTIQ)
    assert by_stem.bestand == f"data/projecten/{PLASTIQ}.yaml"
    by_path = vg.load_project(REPO / by_stem.bestand)
    assert by_path.project == by_stem.project


def test_a_relative_path_also_means_the_repository_s_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # as JupyterLab, which runs the notebook in notebooks/
    loaded = vg.load_project(f"data/projecten/{PLASTIQ}.yaml")
    assert loaded.bestand == f"data/projecten/{PLASTIQ}.yaml"


# --------------------------------------------------------------------------------------------
# The notebook


def test_notebook_is_thin_with_runnable_parameters_and_no_outputs():
    notebook = json.loads(NOTEBOOK.read_text("utf-8"))
    cells = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    source = "".join(cells[0]["source"])
    assert [line.split(" =")[0] for line in source.splitlines()] == ["project", "data_dir"]
    assert f'project = "{PLASTIQ}"' in source and "data_dir = None" in source
    assert all("#" in line for line in source.splitlines())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert "def " not in "".join("".join(c["source"]) for c in notebook["cells"])
    assert all(len(c["source"]) <= 4 for c in code)  # a few lines per cell


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, str]:
    import papermill as pm

    from analysis import batch

    out = tmp_path_factory.mktemp("voortgang")
    pages = {}
    for name in (PLASTIQ, YOUNG_PATTERNS):
        executed = pm.execute_notebook(
            str(NOTEBOOK), str(out / f"{name}.ipynb"), parameters={"project": name},
            kernel_name="python3", progress_bar=False, cwd=str(out))
        pages[name] = batch.to_html(executed, name)
    return pages


SECTIONS = ["In één oogopslag", "Conclusie", "De acties", "Samenvattende tabel", "Budget",
            "Controle van de gepubliceerde cijfers", "Afgeleide cijfers",
            "Tegenstrijdige cijfers in het rapport", "Bron en technische noot"]


@pytest.mark.parametrize("name", [PLASTIQ, YOUNG_PATTERNS])
def test_the_notebook_runs_and_exports_to_html(built, name):
    html = built[name]
    for section in SECTIONS:
        assert f">{section}</h" in html, section
    assert '<html lang="nl">' in html and "<nav class='inhoud'" in html
    assert "class='banner'" in html  # both files have derived figures
    assert "Traceback" not in html and "output_error" not in html
    assert "<script" not in html and "<img" not in html
    assert "vg." not in html and "display(" not in html  # no code
    assert html.count("<svg") >= 4


def test_the_html_of_seed_000_shows_the_acceptance_figures(built):
    html = built[PLASTIQ]
    assert "<span class='getal-groot'>7.144</span>" in html
    assert "<span class='getal-groot'>€ 276.335,31</span><br>besteed: 36,9 %" in html
    assert "actie 3, uitstroom naar werk (gepubliceerd 8, berekend 7)" in html


def test_the_html_of_seed_001_shows_the_acceptance_figures(built):
    html = built[YOUNG_PATTERNS]
    assert ("werd €&nbsp;165.328,44 besteed, 85,0&nbsp;% van het voorziene budget van "
            "€&nbsp;194.500,00") in html
    assert "<span class='getal-groot'>70</span><br>van 360 deelnemers naar werk" in html
    assert "70 van de 360 deelnemers van wie de uitstroom gevolgd werd" in html


def test_an_unknown_project_stops_the_notebook_with_the_dutch_error(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as caught:
        pm.execute_notebook(str(NOTEBOOK), str(tmp_path / "fout.ipynb"),
                            parameters={"project": "bestaat-niet"}, kernel_name="python3",
                            progress_bar=False, cwd=str(tmp_path))
    assert caught.value.ename == "InputError"
    assert ("data/projecten/bestaat-niet.yaml: project 'bestaat-niet' niet gevonden"
            in caught.value.evalue)


def test_the_technical_note_states_the_rule_for_published_shares():
    markup = vg.technical_note({"bestand": "x.yaml", "hash": "0" * 64}).markup
    assert ("<dt>Gepubliceerde aandelen</dt><dd>Een gepubliceerd aandeel wordt nagerekend uit "
            "de aantallen waarop het slaat, op de precisie waarmee het gepubliceerd is") in markup
    assert "(“zo’n 6 op 10” voor 55 tot 65 %)" in markup


def _published_shares(project: Project) -> set[str]:
    """Every share the file holds as a published figure, as written ("36,88 %")."""
    values = [project.samenvatting.aandeel_besteed]
    values += [a.waarde for actie in project.acties for g in actie.uitstroom for a in g.aandelen]
    values += [a.waarde for row in project.samenvatting.acties for a in row.aandelen]
    return {vg._share(v) for v in values if v is not None}


@pytest.mark.parametrize("fixture", ["plastiq", "young_patterns", "mini"])
def test_a_percentage_with_two_decimals_is_only_a_published_one(fixture, request):
    # Computed shares show one decimal (46,7 %); only a published figure keeps its own decimals.
    project = request.getfixturevalue(fixture)
    text = " ".join(texts(page(project)))
    for quoted in (a.berekening for a in project.afgeleid):  # our computation, quoting them
        text = text.replace(quoted, "")
    found = set(re.findall(r"\d+,\d{2,} %", text.replace("\xa0", " ")))
    assert found <= _published_shares(project)


def test_seed_000_conclusion_names_the_53_percent_once(plastiq):
    assert vg.conclusion_sentences(plastiq)[-1] == (
        "Van de 20 gepubliceerde cijfers in het rapport wijken er 3 af van de acties: actie 3, "
        "uitstroom naar werk (gepubliceerd 8, berekend 7); actie 3, aandeel 'aan het werk na de "
        "stageperiode', ook in de tekst van de actie (gepubliceerd 53 %, berekend 7/15 = "
        "46,7 %).")
