"""Reader pages hold no set-up text and no file names (issue 15, point 3).

The scan reads every HTML page of a full demo batch as a reader does (:mod:`pagescan`) and
fails on CLI commands, option flags, file names, seed files, ``domein.md``, paragraph signs,
environment variables, paths and code. Positive controls show it catches each of them; the
unit tests pin the pieces that replaced the set-up text: no map places without boundaries,
the technical note's line on maps, the CLI line of ``rapportage bouw``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pagescan
import pytest

from analysis import cli, narrative
from analysis import io as aio
from analysis.leestekst import internal_reference
from analysis.report import Report, esc, technical_note_html
from analysis.vergelijking import Comparison, map_defs

REPO = Path(__file__).resolve().parents[1]


# -- the scanner catches what it must (positive controls) -------------------------------------


def _page(body: str) -> str:
    return (f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Gent</title>"
            f"<style>.a{{color:red}} /* data/x.csv */</style></head><body>{body}"
            "<script>var f = 'params/kaart.yaml';</script></body></html>")


@pytest.mark.parametrize(("body", "what"), [
    ("<p>Installeer het met <code>rapportage grenzen --bron PAD</code>.</p>", "code-element"),
    ("<p>Zie rapportage grenzen voor de kaarten.</p>", "opdracht"),
    ("<p>Bouw met make reports.</p>", "opdracht"),
    ("<p>Gebruik de optie --alleen.</p>", "optie"),
    ("<p>Bron: eindverslag (seed 001_24a159b6e6965e76.txt).</p>", "seed"),
    ("<p>Bron: eindverslag (seed 001_24a159b6e6965e76.txt).</p>", "bestandsnaam"),
    ("<p>Definitie door het project vastgelegd (domein.md §2.9).</p>", "domein"),
    ("<p>Definitie, zie §2.9.</p>", "paragraafteken"),
    ("<p>Zet RAPPORTAGE_GRENZEN en bouw opnieuw.</p>", "omgevingsvariabele"),
    ("<p>Of in $XDG_DATA_HOME.</p>", "omgevingsvariabele"),
    ("<p>Gegevens /work/main/data/voorbeeld (SHA-256 ab12…)</p>", "pad"),
    ("<p>Het pad in params/kaart.yaml.</p>", "pad"),
    ("<p>Bestand data/projecten/ivoc.yaml.</p>", "bestandsnaam"),
    ("<p>Neem gemeente2024.shp met de .dbf ernaast.</p>", "bestandsnaam"),
    ("<p>Zie cijfers.csv.</p>", "bestandsnaam"),
    ("<aside><strong>Kaarten toevoegen.</strong></aside>", "instelling"),
    ("<p>Geen kaart. <a href='#kaarten'>Zo voeg je kaarten toe.</a></p>", "instelling"),
    ("<p>Een shapefile met de NIS-code.</p>", "instelling"),
    ("<p>Voer `rapportage bouw` uit.</p>", "backtick"),
    ("<p>Traceback (most recent call last): KeyError: 'x'</p>", "fout"),
    ("<img src='k.png' alt='kaart uit gemeente2024.shp'>", "bestandsnaam"),
    ("<span title='zie domein.md'>x</span>", "domein"),
    ("<svg role='img'><title>Kaart</title><desc>uit params/kaart.yaml</desc></svg>", "pad"),
    ("<div aria-label='seed 003'>x</div>", "seed"),
])
def test_the_scanner_catches_set_up_text_and_file_names(body, what):
    found = pagescan.offending(_page(body))
    assert what in {name for name, _ in found}, found


def test_the_scanner_passes_a_clean_page_with_its_own_downloads():
    page = _page("<h1>Gent</h1><p>Werkzaamheidsgraad 70,1 % in 2019 (–0,4 procentpunt). "
                 "Bron: VDAB, Arvastat; Statistiek Vlaanderen, december 2022.</p>"
                 "<p><a href='centrumstad/gent.csv'>CSV</a> · "
                 "<a href='centrumstad/gent.xlsx'>Excel</a></p>"
                 "<dl class='technisch'><dt>Kaarten</dt><dd>Geen, want er zijn geen "
                 "gemeentegrenzen ingesteld.</dd></dl>")
    assert pagescan.offending(page) == []


def test_the_scanner_reports_the_page_and_the_offending_text(tmp_path):
    (tmp_path / "centrumstad").mkdir()
    (tmp_path / "centrumstad" / "gent.html").write_text(
        _page("<p>Bron: eindverslag (seed 001.txt).</p>"), encoding="utf-8")
    (tmp_path / "index.html").write_text(_page("<p>Alles in orde.</p>"), encoding="utf-8")
    found = pagescan.scan(tmp_path)
    assert list(found) == ["centrumstad/gent.html"]
    assert pagescan.report(found) == (
        "2 keer set-up-tekst of een bestandsnaam op 1 pagina's:\n"
        "centrumstad/gent.html: bestandsnaam: …Gent Bron: eindverslag (seed 001.txt).…\n"
        "centrumstad/gent.html: seed: …Gent Bron: eindverslag (seed 001.txt).…")


# -- the acceptance scan over a full demo batch ------------------------------------------------


def test_no_page_of_a_full_demo_batch_holds_set_up_text_or_file_names(demo_batch):
    out, _ = demo_batch
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 80  # every report of params/rapporten.yaml and the index
    found = pagescan.scan(out)
    assert found == {}, pagescan.report(found)


def test_every_report_of_the_demo_batch_says_in_its_technical_note_why_it_has_no_maps(
        demo_batch):
    out, _ = demo_batch
    line = "<dt>Kaarten</dt><dd>Geen, want er zijn geen gemeentegrenzen ingesteld.</dd>"
    reports = [p for p in sorted(out.rglob("*.html"))
               if p.name != "index.html" and p.parent.name != "project"]
    assert reports
    missing = [str(p.relative_to(out)) for p in reports
               if p.read_text(encoding="utf-8").count(line) != 1]
    assert missing == []


# -- the pieces that replaced the set-up text --------------------------------------------------


@pytest.fixture(scope="module")
def inputs():
    """The embedded data, without boundaries (the tests unset RAPPORTAGE_GRENZEN)."""
    found = aio.load_report_inputs()
    assert found.kaarten == {}
    return found


def test_without_boundaries_an_area_report_has_no_map_places(inputs):
    report = Report(inputs, "regiegebied:Westhoek")
    assert report.locator_map() == "" and report.so_map() == ""
    title = report.title_block().markup
    assert "<aside" not in title and "kaart" not in title.lower()


def test_without_boundaries_a_comparison_has_no_map_places(inputs):
    comparison = Comparison(inputs, "centrumstad")
    assert map_defs(inputs, [comparison]) == ""
    assert comparison._so_map() == ""
    catalogue = inputs.catalogue
    for indicator in catalogue.indicators:
        if indicator.soort == "observatie" and indicator.niveau == "gemeente":
            assert comparison._map(indicator, "2022") == "", indicator.id


def test_the_technical_note_has_one_line_on_maps_and_no_path():
    provenance = {"gegevens": "/work/main/data/voorbeeld", "hash": "d3fcc94dc6465c01ab",
                  "versie": "0.1.0", "commit": "abc123", "gemaakt": "07/12/2026 02:03"}
    note = technical_note_html(provenance, "geen, want er zijn geen gemeentegrenzen ingesteld",
                               example=True)
    assert note == (
        "<dl class='technisch'><dt>Gegevens</dt><dd>voorbeelddata van het pakket (SHA-256 "
        "d3fcc94dc6465c01…)</dd><dt>Versie</dt><dd>rapportage 0.1.0, commit abc123</dd>"
        "<dt>Gemaakt</dt><dd>07/12/2026 02:03</dd><dt>Kaarten</dt><dd>Geen, want er zijn geen "
        "gemeentegrenzen ingesteld.</dd><dt>Methode</dt><dd>Percentages zijn Σteller / "
        "Σnoemer over de gemeenten; 95 %- en 99,8 %-intervallen (Wilson; Byar/exact Poisson "
        "voor aantallen); vergelijking volgens Fingertips; kleine aantallen (1-4) "
        "onderdrukt. De projectie naar een streefwaarde is indicatief: gewone kleinste "
        "kwadraten op het jaar, met het 95 %-voorspellingsinterval van een nieuwe waarde "
        "(statsmodels OLS).</dd><dt>Significant en relevant</dt><dd>"
        + esc(narrative.relevance_rule()) + "</dd></dl>")
    own = technical_note_html(provenance, "", example=False)
    assert "<dd>aangeleverde waarnemingen (SHA-256 d3fcc94dc6465c01…)</dd>" in own
    assert "<dt>Kaarten</dt>" not in own


def test_the_cli_says_in_one_line_that_the_reports_get_no_maps():
    assert cli.maps_line({}, False, "2024") == (
        "Geen gemeentegrenzen ingesteld: de rapporten krijgen geen kaarten (zie 'rapportage "
        "grenzen --help' of de README, Kaarten).")
    assert cli.maps_line({"2025": object()}, True, "2024") == (
        "De ingestelde gemeentegrenzen zijn die van 2025; de rapporten gebruiken de grenzen "
        "van 2024 en krijgen geen kaarten (zie 'rapportage grenzen').")
    assert cli.maps_line({"2024": object()}, True, "2024") is None
    assert cli.maps_line({}, True, "2024") is None  # set, not read: the batch is up to date


def test_rapportage_grenzen_still_explains_how_to_add_maps(capsys):
    assert cli.main(["grenzen"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "Geen gemeentegrenzen ingesteld: de rapporten hebben geen kaarten.")
    for part in ("gemeente2024.shp en gemeente.shp",
                 "github.com/provinciesincijfers/gebiedsniveaus",
                 "'rapportage grenzen --bron PAD-OF-URL'", "'RAPPORTAGE_GRENZEN'",
                 "'params/kaart.yaml'"):
        assert part in out


def test_the_readme_says_everything_the_reports_no_longer_say():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = " ".join(text[text.index("## Kaarten"):text.index("## De meegeleverde gegevens")]
                       .split())
    for part in ("gemeente2024.shp", "gemeente.shp", "data_voor_swing/shapefiles",
                 "github.com/provinciesincijfers/gebiedsniveaus", "Statbel", "`.shx`, `.dbf` en "
                 "`.prj`", "rapportage grenzen --bron", "RAPPORTAGE_GRENZEN", "params/kaart.yaml",
                 "300 gemeenten", "285", "Kaarten: geen, want er zijn geen gemeentegrenzen"):
        assert part in section, part
    assert re.search(r"`rapportage bouw` meldt dan in één regel", section)


# -- data texts that reports print refuse what a reader cannot follow -------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("Eindverslag (seed 001_24a159b6e6965e76.txt)", "seed 001_24a159b6e6965e76.txt"),
    ("Seed 004, 'Regionale doorbraak Westhoek'", "Seed 004"),
    ("Definitie door het project vastgelegd (domein.md §2.9): …", "domein.md §2.9"),
    ("zie referentiesystemen.md", "referentiesystemen.md"),
    ("zoals in data/projecten/ivoc.yaml", "data/projecten/ivoc.yaml"),
    ("het pad in params/kaart.yaml", "params/kaart.yaml"),
    ("uit cijfers.csv", "cijfers.csv"),
])
def test_an_internal_reference_is_found(text, found):
    assert internal_reference(text) == found


@pytest.mark.parametrize("text", [
    "Beleidsrapportage december 2022, hoofdstuk 1, §2 (p. 20 e.v.), Provincie Limburg",
    "OCMW, tewerkstelling volgens artikel 60 §7",
    "VVSG-databank Plan Samenleven, fiche 'actie 9'",
    "hove.be/arbeidsbegeleiding-zora-werkt; statistiekvlaanderen.be/nl/werkzaamheidsgraad",
    "IVOC, \"Bijkomend project risicogroepen … – Eindverslag\", oktober 2022",
    "De data van VDAB; 3/4 van de gemeenten",
])
def test_a_reader_citation_is_not_an_internal_reference(text):
    assert internal_reference(text) is None


def test_the_data_as_shipped_names_its_sources_as_readers_cite_them():
    catalogue = aio.load_catalogue()
    assert catalogue["vervullingsgraad_nec"].opmerking == (
        "Eigen definitie van deze rapportage: VDAB publiceert geen officiële definitie van de "
        "vervullingsgraad.")
    projects, problems = aio.read_projects(REPO / "data" / "projecten")
    assert problems == []
    assert sorted(p.bron for p in projects) == [
        'IVOC, "Bijkomend project risicogroepen in de kleding- en confectiesector 2020-2022 – '
        'Eindverslag" ("Young Patterns"), oktober 2022',
        "PlastIQ, tussentijds rapport van het jongerenproject ingroeibanen in de "
        "kunststofverwerking, over 1/04/2022–31/12/2022"]
    _, problems = aio.read_kwalitatief(REPO / "data" / "kwalitatief")
    assert problems == []


REFUSED = ("de tekst verwijst naar '{}': een lezer kan dat niet openen; noem de bron zoals een "
           "lezer ze citeert (uitgever, titel, datum) of laat de verwijzing weg")


def test_a_catalogue_text_with_a_project_note_is_refused(tmp_path):
    text = (REPO / "params" / "indicators.yaml").read_text(encoding="utf-8")
    old = "    Eigen definitie van deze rapportage: VDAB"
    assert text.count(old) == 1
    lines = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "indicators.yaml"
    path.write_text(text.replace(old, "    Definitie (domein.md §2.9): VDAB"), encoding="utf-8")
    with pytest.raises(aio.InputError) as error:
        aio.load_catalogue(path)
    assert [str(p) for p in error.value.problems] == [
        f"{path}, rij {lines - 1}, kolom 'opmerking': indicator 'vervullingsgraad_nec': "
        + REFUSED.format("domein.md §2.9")]


def test_a_project_source_naming_a_seed_file_is_refused(tmp_path):
    source = REPO / "data" / "projecten" / "plastiq-ingroeibanen-2022-2023.yaml"
    text = source.read_text(encoding="utf-8")
    old = "  kunststofverwerking, over 1/04/2022–31/12/2022\n"
    assert text.count(old) == 1
    (tmp_path / source.name).write_text(
        text.replace(old, "  kunststofverwerking (seed 000_339a6974764f4f6c.txt)\n"),
        encoding="utf-8")
    _, problems = aio.read_projects(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path / source.name}, rij 83, kolom 'bron': project: "
        + REFUSED.format("seed 000_339a6974764f4f6c.txt")]


def test_a_qualitative_text_naming_a_seed_is_refused(tmp_path):
    for path in (REPO / "data" / "kwalitatief").glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    path = tmp_path / "praktijken.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  bron: VVSG-databank Plan Samenleven"
    assert text.count(old) == 1
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "  bron: Seed 002, VVSG-databank Plan Samenleven"),
                    encoding="utf-8")
    _, problems = aio.read_kwalitatief(tmp_path)
    assert [str(p) for p in problems] == [
        f"{path}, rij {line}, kolom 'bron': praktijk 'Begeleiding van kansengroepen naar de "
        "arbeidsmarkt (Plan Samenleven, actie 9)': " + REFUSED.format("Seed 002")]
