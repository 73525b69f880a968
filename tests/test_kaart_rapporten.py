"""Maps in the built reports: with RAPPORTAGE_GRENZEN set, the Westhoek report, the
centrumsteden group report and the beleidsrapportage carry maps; without it they are built all
the same, without maps and without a word on how to add them (only the technical note says
why). Run through the batch (papermill, warm kernels, HTML)."""

from __future__ import annotations

import re

import pagescan
import pytest

from analysis import batch
from analysis import io as aio

MB = 1_000_000


@pytest.fixture(scope="module")
def inputs():
    return aio.load_report_inputs()


def _build(inputs, out, profile, boundaries) -> dict[str, str]:
    geography = inputs.geography
    options = {"periode": None, "data_dir": None, "grenzen": "2024"}
    jobs = [batch.make_job(geography.resolve("Westhoek", "2024"), "regiorapport", **options),
            *batch._group_jobs("centrumstad", geography, **options),
            batch._policy_job(geography, **options)]
    with pytest.MonkeyPatch.context() as patch:
        if boundaries is not None:
            patch.setenv("RAPPORTAGE_GRENZEN", str(boundaries))
        result = batch.run_batch(jobs, out_dir=out, inputs={"test": str(boundaries)},
                                 workers=2, prepare=lambda work: str(profile), progress=False)
    assert result.failed == []
    return {job.soort: (out / job.html).read_text(encoding="utf-8") for job in jobs}


@pytest.fixture(scope="module")
def profile(inputs, tmp_path_factory):
    path = tmp_path_factory.mktemp("profiel") / "profiel.parquet"
    inputs.profile.to_parquet(path)
    return path


@pytest.fixture(scope="module")
def with_maps(inputs, profile, shared_geo, tmp_path_factory) -> dict[str, str]:
    return _build(inputs, tmp_path_factory.mktemp("met"), profile,
                  shared_geo / "gemeente2024.shp")


@pytest.fixture(scope="module")
def without_maps(inputs, profile, tmp_path_factory) -> dict[str, str]:
    return _build(inputs, tmp_path_factory.mktemp("zonder"), profile, None)


def _captions(page: str) -> list[str]:
    return re.findall(r"<figure class='kaart'>.*?<figcaption>([^<]*)</figcaption>", page, re.S)


def _gemeente_rates(inputs) -> list[str]:
    return [i.id for i in inputs.catalogue.indicators
            if i.soort == "observatie" and i.niveau == "gemeente" and i.is_rate]


def test_westhoek_shows_where_it_lies_and_the_so_status_of_its_province(with_maps):
    page = with_maps["regiorapport"]
    assert _captions(page) == [
        "Ligging van Westhoek in de provincie West-Vlaanderen",
        "Samenwerkingsovereenkomsten op 1/1/2023: 57 van de 64 gemeenten in de provincie "
        "West-Vlaanderen getekend (89 %)"]
    assert "Kaarten toevoegen" not in page and "Geen kaart" not in page
    assert len(page.encode()) <= MB


def test_centrumsteden_have_the_so_map_and_a_map_per_gemeente_rate(with_maps, inputs):
    page = with_maps["vergelijking"]
    captions = _captions(page)
    so = ("Samenwerkingsovereenkomsten op 1/1/2023: 225 van de 300 gemeenten in Vlaanderen "
          "getekend (75 %)")
    assert captions.count(so) == 1
    maps = [c for c in captions if c != so]
    placeholders = re.findall(r"Geen kaart: slechts (\d+) van de 300 gemeenten", page)
    assert len(maps) + len(placeholders) == len(_gemeente_rates(inputs)) == 20
    assert len(maps) == 16 and all(int(n) < 150 for n in placeholders)
    counts = page.count("Geen kaart: een kaart van aantallen per gemeente toont vooral hoe "
                        "groot de gemeenten zijn")
    assert counts == len([i for i in inputs.catalogue.indicators if i.soort == "observatie"
                          and i.niveau == "gemeente" and not i.is_rate]) == 6
    assert maps[0] == ("Werkzaamheidsgraad per gemeente, 2019, in klassen met elk ongeveer "
                       "evenveel gemeenten; de centrumsteden zwart omlijnd")
    assert page.count("class='kaartbasis'") == 1
    assert len(page.encode()) <= MB


@pytest.mark.parametrize("soort", ["vergelijking", "beleidsrapportage"])
def test_every_shared_outline_a_map_uses_is_in_the_page(with_maps, soort):
    page = with_maps[soort]
    used = set(re.findall(r"href='#(k[go]\d+)'", page))
    defined = set(re.findall(r"id='(k[go]\d+)'", page))
    assert used and used <= defined


def test_the_beleidsrapportage_has_the_so_map_of_each_chapter_like_seed_003(with_maps):
    page = with_maps["beleidsrapportage"]
    assert _captions(page) == [
        "Samenwerkingsovereenkomsten op 1/1/2023: 225 van de 300 gemeenten in Vlaanderen "
        "getekend (75 %)",
        "Samenwerkingsovereenkomsten op 1/1/2023: 57 van de 64 gemeenten in de provincie "
        "West-Vlaanderen getekend (89 %)"]
    assert len(page.encode()) <= MB


def test_the_technical_note_names_the_boundaries_by_version_and_hash(with_maps):
    assert re.search(r"<dt>Kaarten</dt><dd>Gemeentegrenzen 2024 \(300 gemeenten; grenzenbestand "
                     r"SHA-256 [0-9a-f]{12}…\), vereenvoudigd tot op 250 m; klassen per kaart "
                     r"volgens kwantielen\.</dd>", with_maps["regiorapport"])


@pytest.mark.parametrize("soort", ["regiorapport", "vergelijking", "beleidsrapportage"])
def test_with_maps_the_pages_hold_no_set_up_text_or_file_names(with_maps, soort):
    assert pagescan.offending(with_maps[soort]) == []


@pytest.mark.parametrize("soort", ["regiorapport", "vergelijking", "beleidsrapportage"])
def test_without_boundaries_the_reports_have_no_map_and_no_word_on_adding_maps(without_maps,
                                                                             soort):
    page = without_maps[soort]
    assert "<figure class='kaart'>" not in page and "class='kaartbasis'" not in page
    assert "Geen kaart" not in page and "kaart-weggelaten" not in page
    assert pagescan.offending(page) == []
    assert page.count("<dt>Kaarten</dt><dd>Geen, want er zijn geen gemeentegrenzen "
                      "ingesteld.</dd>") == 1
