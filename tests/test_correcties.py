"""Corrections on the published rapportage (analysis.correcties): the published figures are
validated, every inconsistent one is computed by the package and shown beside the published one
with its reason, in the box and in the SO table."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from analysis import correcties as cr
from analysis import io as aio
from analysis.catalogue import Catalogue
from analysis.report import Report, ReportInputs, corrections_box, so_province_table

HEADER = ",".join(aio.PUBLISHED_COLUMNS)
GOOD = ('wzw_in_opleiding,02000,2022Q4,waarde,14.1,1,percent,Samenwerking 11,VDAB,'
        '"14,1% van de WZW",consistent,')


@pytest.fixture(scope="module")
def inputs() -> ReportInputs:
    return aio.load_report_inputs()


@pytest.fixture(scope="module")
def catalogue(inputs) -> Catalogue:
    return inputs.catalogue


def _problems(tmp_path: Path, *lines: str, catalogue: Catalogue | None = None) -> list[str]:
    path = tmp_path / "cijfers.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    ids = None if catalogue is None else {i.id for i in catalogue.indicators}
    return [str(p) for p in aio.read_published_figures(path, ids)[1]]


# --------------------------------------------------------------------------------------------
# Validation


def test_the_real_file_is_valid_and_has_15_inconsistent_figures(catalogue):
    rows, problems = aio.read_published_figures(indicators={i.id for i in catalogue.indicators})
    assert problems == []
    assert len(rows) == 244
    assert sum(r.status == "inconsistent" for r in rows) == 15


def test_a_good_row_has_no_problem(tmp_path):
    assert _problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(("line", "message"), [
    ('twe_aandeel,02000,2022Q4,waarde,13,0,percent,Samenwerking 4,POD MI,a rato 13%,'
     'inconsistent,', "rij 2, kolom 'reden': ontbreekt: een inconsistent cijfer zegt waarom"),
    ('twe_aandeel,02000,2022Q4,waarde,13,0,percent,Samenwerking 4,POD MI,a rato 13%,'
     'consistent,klopt niet', "rij 2, kolom 'reden': moet leeg zijn bij een consistent cijfer"),
    ('twe_aandeel,02000,2022Q4,waarde,12.5,0,percent,Samenwerking 4,POD MI,a rato 13%,'
     'consistent,', "rij 2, kolom 'waarde': '12.5' heeft 1 decimaal, de kolom 'decimalen' "
                    "zegt 0"),
    ('twe_aandeel,02000,2022Q4,waarde,"12,5",1,percent,Samenwerking 4,POD MI,a rato 13%,'
     'consistent,', "rij 2, kolom 'waarde': '12,5' is geen geldige getal met een punt als "
                    "decimaalteken"),
    ('twe_aandeel,02000,Q4 2022,waarde,13,0,percent,Samenwerking 4,POD MI,a rato 13%,'
     'consistent,', "rij 2, kolom 'periode': 'Q4 2022' is geen geldige periode (2019, 2022Q4 "
                    "of 2022-09)"),
    ('twe_aandeel,02000,2022Q4,verschil,13,0,percent,Samenwerking 4,POD MI,a rato 13%,'
     'consistent,', "rij 2, kolom 'veld': 'verschil' is geen toegestane waarde (toegestaan: "
                    "'waarde', 'teller', 'noemer', 'ondergrens', 'bovengrens', 'ongeveer', "
                    "'verschil_1j', 'verschil_2j', 'streefwaarde', 'aandeel_vlaanderen', "
                    "'aandeel_vlaanderen_bovengrens')"),
    ('twe_aandeel,02000,2022Q4,waarde,13,0,procent,Samenwerking 4,POD MI,a rato 13%,'
     'consistent,', "rij 2, kolom 'eenheid': 'procent' is geen toegestane waarde (toegestaan: "
                    "'percent', 'aantal')"),
    ('twe_aandeel,02000,2022Q4,waarde,13,0,percent,Samenwerking 4,POD MI,,consistent,',
     "rij 2, kolom 'citaat': is leeg"),
    ('twe_aandeel,02000,2022Q4,waarde,13,0,percent,Samenwerking 4,POD MI,a rato 13%,'
     'fout,', "rij 2, kolom 'status': 'fout' is geen toegestane waarde (toegestaan: "
              "'consistent', 'inconsistent')"),
])
def test_a_bad_row_gets_a_dutch_message_naming_file_row_and_column(tmp_path, line, message):
    assert _problems(tmp_path, line) == [f"{tmp_path / 'cijfers.csv'}, {message}"]


def test_an_unknown_indicator_is_named(tmp_path, catalogue):
    line = GOOD.replace("wzw_in_opleiding", "wzw_opleiding")
    assert _problems(tmp_path, line, catalogue=catalogue) == [
        f"{tmp_path / 'cijfers.csv'}, rij 2, kolom 'indicator': 'wzw_opleiding' staat niet in "
        "de catalogus"]


def test_a_figure_given_twice_is_named_with_its_first_row(tmp_path):
    assert _problems(tmp_path, GOOD, GOOD) == [
        f"{tmp_path / 'cijfers.csv'}, rij 3, kolom 'veld': wzw_in_opleiding · 02000 · 2022Q4 · "
        "waarde staat al op rij 2"]


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "cijfers.csv"
    path.write_text(HEADER.replace(",reden", "") + "\n", encoding="utf-8")
    assert [str(p) for p in aio.read_published_figures(path)[1]] == [
        f"{path}, rij 1: verplichte kolommen 'reden' ontbreken"]


def test_report_inputs_refuse_a_bad_published_file(inputs, tmp_path):
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / "cijfers.csv").write_text(
        HEADER + "\n" + GOOD.replace("consistent,", "inconsistent,") + "\n", encoding="utf-8")
    profile = tmp_path / "profiel.parquet"
    inputs.profile.to_parquet(profile)
    with pytest.raises(aio.InputError) as raised:
        aio.load_report_inputs(tmp_path, profile)
    assert [str(p) for p in raised.value.problems] == [
        f"{tmp_path / 'published' / 'cijfers.csv'}, rij 2, kolom 'reden': ontbreekt: een "
        "inconsistent cijfer zegt waarom"]


# --------------------------------------------------------------------------------------------
# Computed beside published (the real published table, SO status and geography)


@pytest.fixture(scope="module")
def published(inputs) -> cr.Gepubliceerd:
    from analysis.report import corrections_of

    found = corrections_of(inputs)
    assert found is not None
    return found


def _one(published, indicator, geo, periode, veld) -> cr.Correctie:
    found = published.correctie(indicator, geo, periode, veld)
    assert found is not None
    return found


@pytest.mark.parametrize(("key", "gepubliceerd", "berekend", "waarde"), [
    (("so_status", "10000", "2023-01", "noemer"), "70", "69 gemeenten (64/69)", Decimal(69)),
    (("so_status", "10000", "2023-01", "waarde"), "91 % (64/70)",
     "92,8 % (64/69), afgerond 93 %", Decimal(6400) / Decimal(69)),
    (("so_status", "02000", "2023-06", "teller"), "246",
     "261 (261/300, de som van de status per gemeente)", Decimal(261)),
    (("so_status", "02000", "2023-06", "waarde"), "82 % (246/300)",
     "87,0 % (261/300), afgerond 87 %", Decimal(87)),
    (("so_status", "40000", "2023-01", "waarde"), "91 % (55/60)",
     "91,7 % (55/60), afgerond 92 %", Decimal(5500) / Decimal(60)),
    (("so_status", "20001", "2023-06", "waarde"), "59 % (38/65)",
     "58,5 % (38/65), afgerond 58 %", Decimal(3800) / Decimal(65)),
    (("twe_aandeel", "02000", "2022Q4", "waarde"), "13 % (5.079 / 40.756)",
     "12,5 % (5.079 / 40.756), afgerond 12 %", Decimal(507900) / Decimal(40756)),
    (("wzw_in_opleiding", "02000", "2022Q4", "verschil_2j"), "+3 %",
     "+2,2 procentpunt (11,9 → 14,1 %); relatief +18,5 %", Decimal("2.2")),
    (("wzw_in_opleiding", "02000", "2022Q4", "verschil_1j"), "+0,8 %",
     "+0,3 procentpunt (13,8 → 14,1 %); relatief +2,2 %", Decimal("0.3")),
    (("vervullingsgraad_nec", "02000", "2022Q4", "verschil_1j"), "−5 %",
     "−4,8 procentpunt (60,8 → 56 %); relatief −7,9 %", Decimal("-4.8")),
])
def test_computed_beside_published(published, key, gepubliceerd, berekend, waarde):
    correction = _one(published, *key)
    assert (correction.gepubliceerd, correction.berekend) == (gepubliceerd, berekend)
    assert correction.berekend_waarde == waarde


def test_every_inconsistent_figure_is_a_correction_with_a_computed_value(published):
    keys = [c.cijfer.key for c in published.correcties]
    assert len(keys) == 15 == len(set(keys))
    assert all(c.berekend_waarde is not None for c in published.correcties)


def _composite_inputs(catalogue, geography, noemers: dict[str, float]) -> cr.Gepubliceerd:
    """The real published rows with a hand-made profile: the noemer per centrumstad."""
    rows, problems = aio.read_published_figures()
    assert problems == []
    profile = pd.DataFrame([
        {"indicator": "werkzaamheidsgraad", "geo": code, "periode": "2019", "noemer": n,
         "geo_type": "vlaanderen" if code == "02000" else "centrumstad"}
        for code, n in noemers.items()])
    return cr.compute(rows, catalogue, geography, None, profile)


def test_composite_groups_show_what_the_published_figures_imply(catalogue, geography):
    cities = geography.geographies("centrumstad", "2024")["code"].tolist()
    # Every city weighs 100; Vlaanderen 10.000, so the 13 cities are 13 % of it.
    published = _composite_inputs(catalogue, geography,
                                  {**dict.fromkeys(cities, 100.0), "02000": 10_000.0})
    eleven = _one(published, "werkzaamheidsgraad", "CS_ZONDER_ANT_GENT", "2019", "waarde")
    # Upper bounds of the 11: 77,2 + 76,2 + 4 × 74 + 3 × 72 + 2 × 67 = 799,4 → 72,67 %.
    assert eleven.berekend_waarde == Decimal("799.4") / 11
    assert eleven.gepubliceerd == "75,11 %"
    assert eleven.berekend.startswith("hoogstens 72,7 %: zo hoog komen de 11 centrumsteden "
                                      "zonder Antwerpen en Gent samen")
    rest = _one(published, "werkzaamheidsgraad", "VL_ZONDER_CS", "2019", "waarde")
    # The 13: 799,4 + 67 (Antwerpen) + 72 (Gent) = 938,4 → 72,18 %; the rest needs
    # (751.600 − 93.840) / 8.700 = 75,61 %; with 72,83 % Vlaanderen is (93.840 + 633.621) / 10.000.
    assert rest.berekend_waarde == (Decimal("751600") - Decimal("93840")) / 8700
    assert rest.berekend == (
        "naast 75,16 % voor Vlaanderen betekent 72,83 % dat de 13 centrumsteden samen 90,8 % "
        "halen; hun stadscijfers geven hoogstens 72,2 % (bovengrenzen, gewogen met de totale "
        "bevolking van 20 tot 64 jaar in de gegevens). Dan halen de Vlaamse gemeenten zonder "
        "de centrumsteden minstens 75,6 %; met 72,83 % zou Vlaanderen hoogstens 72,7 % halen")


def test_a_composite_without_noemers_is_not_computed(catalogue, geography):
    published = _composite_inputs(catalogue, geography, {"02000": 10_000.0})
    rest = _one(published, "werkzaamheidsgraad", "VL_ZONDER_CS", "2019", "waarde")
    assert rest.berekend_waarde is None
    assert rest.berekend == "niet na te rekenen met deze gegevens; zie de reden"


# --------------------------------------------------------------------------------------------
# HTML


def test_the_box_shows_published_computed_and_reason_escaped(catalogue, geography):
    row = cr.Cijfer(indicator="twe_aandeel", geo="02000", periode="2022Q4", veld="waarde",
                    waarde="13", decimalen="0", eenheid="percent", sectie="Samenwerking 4",
                    bron="POD MI", citaat="a rato <13%> & meer", status="inconsistent",
                    reden="5.079 / 40.756 <script>", rij=2)
    parts = [row.model_copy(update={"veld": veld, "waarde": value, "status": "consistent",
                                    "reden": ""})
             for veld, value in (("teller", "5079"), ("noemer", "40756"))]
    box = cr.box_html(cr.compute([row, *parts], catalogue, geography, None, pd.DataFrame()),
                      level=2)
    assert "<h2 id='correcties'>Correcties op de rapportage van december 2022</h2>" in box
    assert "<q class='citaat'>a rato &lt;13%&gt; &amp; meer</q>" in box
    assert "<td class='gepubliceerd'>13\u00a0% (5.079 / 40.756)</td>" in box
    assert "<td class='berekend'>12,5\u00a0% (5.079 / 40.756), afgerond 12\u00a0%</td>" in box
    assert "<td class='reden'>5.079 / 40.756 &lt;script&gt;</td>" in box
    assert "<script>" not in box


def test_no_box_without_corrections(catalogue, geography):
    assert cr.box_html(cr.Gepubliceerd((), ())) == ""


def test_the_real_box_has_a_row_per_passage(inputs):
    box = corrections_box(inputs, level=2)
    places = re.findall(r"<tr><th scope='row'>([^<]*)<br><span class='plaats'>([^<]*)</span>",
                        box)
    assert [f"{where} | {area}" for where, area in places] == [
        "Kerncijfer 1 · Werkzaamheidsgraad | de 11 centrumsteden zonder Antwerpen en Gent, 2019",
        "Kerncijfer 1 · Werkzaamheidsgraad | de Vlaamse gemeenten zonder de centrumsteden, 2019",
        "Samenwerking 1 · Samenwerkingsovereenkomsten (SO) | Provincie Oost-Vlaanderen",
        "Samenwerking 1 · Samenwerkingsovereenkomsten (SO) | Provincie Antwerpen",
        "Samenwerking 1 · Samenwerkingsovereenkomsten (SO) | Provincie Vlaams-Brabant, "
        "prognose 30/6/2023",
        "Samenwerking 1 · Samenwerkingsovereenkomsten (SO) | Vlaanderen",
        "Samenwerking 4 · Aandeel TWE-OCMW | Vlaanderen, Q4 2022",
        "Samenwerking 9 · Vervullingsgraad vacatures NEC gedeeld beheer (zonder "
        "uitzendopdrachten) | Vlaanderen, Q4 2022, verschil met een jaar eerder",
        "Samenwerking 11 · Werkzoekenden zonder werk in opleiding | Vlaanderen",
    ]
    assert "drukt 15 cijfers die niet kloppen" in box


def test_the_so_table_marks_corrected_cells_and_gives_the_reasons(inputs):
    table = so_province_table(inputs, "2024", box=True)
    assert "volgt de gepubliceerde cijfers" not in table
    mark = "<span class='gecorrigeerd'>*</span><br><span class='gepubliceerd'>"
    for shown, printed in (("64/69", "64/70"), ("68/69", "68/70"), ("261/300", "246/300"),
                           ("93 %", "91 %"), ("92 %", "91 %"), ("58 %", "59 %"),
                           ("87 %", "82 %")):
        assert f"{shown}{mark}(gepubliceerd: {printed})</span>" in table
    assert table.count("(gepubliceerd: ") == 9
    assert "<td class='getal'>225/300</td>" in table  # consistent: unmarked
    assert "<a href='#correcties'>Correcties op de rapportage van december 2022</a>" in table
    assert "<li>Provincie Vlaams-Brabant: 38/65 = 58,46 %, afgerond 58 %, niet 59 %.</li>" in table
    assert table.count("<li>") == 7


def test_the_area_report_so_block_says_what_it_corrects_without_a_box(inputs):
    block = Report(inputs, "Westhoek").so_block().markup
    assert "volgt de gepubliceerde cijfers" not in block
    assert "(gepubliceerd: 64/70)" in block
    assert "href='#correcties'" not in block  # the area report has no box
    assert "zet het gepubliceerde cijfer bij elke cel die daarvan afwijkt" in block


def test_the_vlaanderen_report_notes_a_corrected_figure_under_it(inputs, catalogue):
    def notes(area: str, indicator: str) -> list[str]:
        parts = Report(inputs, area).indicator_block(catalogue[indicator])
        return re.findall(r"<p class='correctie'>.*?</p>",
                          "".join(getattr(p, "markup", "") for p in parts))

    assert notes("Vlaanderen", "twe_aandeel") == [
        "<p class='correctie'><strong>Correctie op de rapportage van december 2022</strong> "
        "(Q4 2022): gedrukt 13 % (5.079 / 40.756), berekend 12,5 % (5.079 / 40.756), afgerond "
        "12 %. 5.079 / 40.756 = 12,46 %: afgerond 12 % (12,5 % op één decimaal), niet 13 %.</p>"]
    assert len(notes("Vlaanderen", "wzw_in_opleiding")) == 2
    assert notes("Gent", "twe_aandeel") == []


def test_valideer_names_a_bad_published_figure(capsys, tmp_path):
    from analysis import cli

    (tmp_path / "published").mkdir()
    path = tmp_path / "published" / "cijfers.csv"
    path.write_text(HEADER + "\n" + GOOD.replace("14.1,1", "14.1,0") + "\n", encoding="utf-8")
    code = cli.main(["valideer", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert (f"{path}, rij 2, kolom 'waarde': '14.1' heeft 1 decimaal, de kolom 'decimalen' "
            "zegt 0") in out.splitlines()
