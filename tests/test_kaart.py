"""Maps: reading and checking boundary files, the simplified geometry, and the three maps.

Most tests draw on hand-made boundaries: every gemeente of 2024 as a 1 km square on a grid of
20 columns (gemeente n at column n % 20, row n // 20), written as a shapefile. The real files
of ``../shared/geo`` are read only where the test is about them (never committed).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pytest
from conftest import squares

from analysis import io as aio
from analysis import kaart
from analysis.report import ReportInputs, map_line, so_status_of


def _grid(codes, *, crs="EPSG:31370"):
    return squares(codes, crs=crs)


def _codes(geography, grenzen="2024") -> list[str]:
    return geography.gemeenten.loc[geography.gemeenten["grenzen"] == grenzen, "nis"].tolist()


@pytest.fixture(scope="module")
def grid_file(geography, tmp_path_factory):
    """A shapefile of the 300 gemeenten of 2024 plus Brussel (21004), as squares."""
    path = tmp_path_factory.mktemp("grenzen") / "raster.shp"
    _grid([*_codes(geography), "21004"]).to_file(path)
    return path


@pytest.fixture(scope="module")
def base(grid_file, geography) -> kaart.MapBase:
    found = aio.read_boundaries(grid_file)
    return kaart.prepare(found.codes, found.geometries, geography, "2024", "raster.shp")


def _refused(path) -> list[str]:
    """The Dutch problems :func:`analysis.io.read_boundaries` raises for ``path``."""
    with pytest.raises(aio.InputError) as error:
        aio.read_boundaries(path)
    return [str(p) for p in error.value.problems]


# -- checking the codes ----------------------------------------------------------------------


def test_codes_of_2024_and_brussels_are_boundaries_2024(geography):
    check = kaart.check_codes([*_codes(geography), "21004", "21001"], geography)
    assert check == kaart.BoundaryCheck(grenzen="2024", gemeenten=300, overige=2)


def test_codes_of_2025_are_boundaries_2025(geography):
    check = kaart.check_codes(_codes(geography, "2025"), geography)
    assert (check.grenzen, check.gemeenten, check.overige) == ("2025", 285, 0)


def test_missing_gemeenten_are_named_for_the_closest_version(geography):
    codes = [c for c in _codes(geography) if c not in {"11002", "44021"}]
    check = kaart.check_codes(codes, geography)
    assert not check.ok
    assert (check.dichtst, check.ontbrekend, check.gemeenten) == ("2024", ("11002", "44021"),
                                                                  298)
    assert kaart.check_message(check, geography) == (
        "de NIS-codes komen met geen enkele grensversie overeen; het dichtst bij ligt grenzen "
        "2024, maar daarvan ontbreken 2 van de 300 gemeenten: 11002 Antwerpen, 44021 Gent")


def test_a_file_without_flemish_codes_is_not_a_file_of_gemeenten(geography):
    check = kaart.check_codes(["21004", "62063"], geography)
    assert kaart.check_message(check, geography) == (
        "geen enkele NIS-code is die van een Vlaamse gemeente; is dit een bestand van de "
        "gemeenten?")


@pytest.mark.parametrize(("name", "grenzen", "count"), [("gemeente2024.shp", "2024", 300),
                                                        ("gemeente.shp", "2025", 285)])
def test_every_reference_gemeente_is_in_the_boundary_file_of_its_version(
        shared_geo, geography, name, grenzen, count):
    found = aio.read_boundaries(shared_geo / name)
    reference = set(_codes(geography, grenzen))
    assert len(reference) == count
    assert reference - set(found.codes) == set()
    check = kaart.check_codes(found.codes, geography)
    assert (check.grenzen, check.gemeenten, check.overige) == (grenzen, count, 19)  # Brussel


# -- reading a file --------------------------------------------------------------------------


def test_read_boundaries_finds_the_nis_column_and_the_projection(grid_file):
    found = aio.read_boundaries(grid_file)
    assert (found.nis_kolom, found.crs, len(found.codes)) == ("nis", "EPSG:31370", 301)
    assert found.codes[:2] == ("11001", "11002") and found.names[:2] == ("G11001", "G11002")


def test_another_projection_is_converted_to_lambert_72(tmp_path):
    frame = _grid(["11001", "11002"]).to_crs(4326)
    frame.to_file(tmp_path / "wgs84.gpkg")
    found = aio.read_boundaries(tmp_path / "wgs84.gpkg")
    assert found.crs == "EPSG:4326"
    x0, y0, x1, y1 = found.geometries[0].bounds
    assert (round(x0), round(y0), round(x1), round(y1)) == (100_000, 200_000, 101_000, 201_000)


def test_numeric_codes_become_five_digits_and_parts_are_merged(tmp_path):
    frame = _grid(["2000", "11001", "11001"])
    frame["nis"] = [2000, 11001, 11001]
    frame.to_file(tmp_path / "delen.gpkg")
    found = aio.read_boundaries(tmp_path / "delen.gpkg")
    assert found.codes == ("02000", "11001")
    assert found.samengevoegd == 1
    assert found.geometries[1].area == pytest.approx(2_000_000)


def test_shapefile_without_prj_says_the_projection_is_unknown(tmp_path, grid_file):
    for part in grid_file.parent.glob("raster.*"):
        shutil.copy(part, tmp_path / part.name)
    (tmp_path / "raster.prj").unlink()
    assert _refused(tmp_path / "raster.shp") == [
        f"{tmp_path / 'raster.shp'}: bij een shapefile horen ook 'raster.prj' in dezelfde map;"
        " die ontbreken (zonder .prj is de projectie onbekend)"]


def test_a_file_without_projection_is_refused(tmp_path):
    frame = _grid(["11001"]).set_crs(None, allow_override=True)
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        frame.to_file(tmp_path / "zonder.gpkg")
    assert _refused(tmp_path / "zonder.gpkg") == [
        f"{tmp_path / 'zonder.gpkg'}: de projectie is onbekend (bij een shapefile ontbreekt de "
        "inhoud van het .prj-bestand); verwacht Belgian Lambert 72 (EPSG:31370) of een andere "
        "benoemde projectie"]


def test_coordinates_outside_belgium_mean_a_wrong_projection(tmp_path):
    frame = _grid(["11001"]).translate(xoff=1_000_000)
    gpd.GeoDataFrame({"nis": ["11001"]}, geometry=frame, crs="EPSG:31370").to_file(
        tmp_path / "ver.gpkg")
    assert _refused(tmp_path / "ver.gpkg") == [
        f"{tmp_path / 'ver.gpkg'}: de coördinaten liggen niet in België (projectie EPSG:31370, "
        "omgezet naar Lambert 72: x 1.100.000 tot 1.101.000, y 200.000 tot 201.000); klopt de "
        "projectie in het bestand?"]


def test_a_file_without_a_nis_column_names_the_columns_it_has(tmp_path):
    frame = _grid(["11001"]).rename(columns={"nis": "id"})
    frame.to_file(tmp_path / "geen.gpkg")
    assert _refused(tmp_path / "geen.gpkg") == [
        f"{tmp_path / 'geen.gpkg'}: geen kolom met de NIS-code van de gemeenten; verwacht een van"
        " 'nis', 'niscode', 'nis_code', 'nis5', 'cnis5', 'refnis', 'cd_munty_refnis', "
        "'cd_refnis', 'geoitem', 'gemeente', 'code', gevonden: id, naam"]


def test_a_bad_code_is_reported_with_its_row_and_column(tmp_path):
    frame = _grid(["11001", "abc", "11004"])
    frame.to_file(tmp_path / "fout.gpkg")
    assert _refused(tmp_path / "fout.gpkg") == [
        f"{tmp_path / 'fout.gpkg'}, rij 2, kolom 'nis': 'abc' is geen NIS-code (5 cijfers)"]


def test_a_file_that_is_not_geodata_is_refused(tmp_path):
    path = tmp_path / "kapot.gpkg"
    path.write_text("dit is geen GeoPackage")
    [message] = _refused(path)
    assert message.startswith(f"{path}: geen leesbaar grenzenbestand (shapefile, GeoPackage of "
                              "GeoJSON): ")


def test_a_missing_file_is_named(tmp_path):
    assert _refused(tmp_path / "weg.shp") == [f"{tmp_path / 'weg.shp'}: bestand bestaat niet"]


# -- where the boundaries come from ----------------------------------------------------------


def test_without_setting_there_are_no_boundaries(tmp_path):
    assert aio.boundary_sources(tmp_path / "geen.yaml") == ([], [])


def test_the_environment_variable_names_the_files(monkeypatch, tmp_path, grid_file):
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", f"{grid_file}:{tmp_path / 'weg.shp'}")
    paths, problems = aio.boundary_sources(tmp_path / "geen.yaml")
    assert paths == [grid_file]
    assert [str(p) for p in problems] == [
        f"RAPPORTAGE_GRENZEN: {tmp_path / 'weg.shp'}: bestand bestaat niet"]


def test_the_parameter_file_names_files_relative_to_the_project(tmp_path, grid_file):
    params = tmp_path / "kaart.yaml"
    params.write_text(f"grenzen:\n  - {grid_file}\n  - data/bestaat-niet.shp\n  - 12\n",
                      encoding="utf-8")
    paths, problems = aio.boundary_sources(params)
    assert paths == [grid_file]
    assert [str(p) for p in problems] == [
        f"{params}, rij 3, kolom 'grenzen': data/bestaat-niet.shp: bestand bestaat niet",
        f"{params}, rij 4, kolom 'grenzen': verwacht een pad naar een bestand, niet '12'"]


def test_the_parameter_file_knows_only_grenzen(tmp_path):
    params = tmp_path / "kaart.yaml"
    params.write_text("grens: []\n", encoding="utf-8")
    assert [str(p) for p in aio.boundary_sources(params)[1]] == [
        f"{params}, rij 1, kolom 'grens': onbekende sleutel 'grens'"]


def test_the_committed_parameter_file_sets_no_boundaries():
    assert aio.boundary_sources() == ([], [])


def test_installed_files_come_last(monkeypatch, tmp_path, grid_file):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    installed = tmp_path / "rapportage" / "grenzen" / "gemeenten-2025.gpkg"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", str(grid_file))
    assert aio.boundary_sources()[0] == [grid_file, installed]


def test_load_map_bases_prepares_each_version_once(monkeypatch, grid_file, geography, tmp_path):
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", str(grid_file))
    bases, problems = aio.load_map_bases(geography)
    assert (list(bases), problems) == (["2024"], [])
    again, _ = aio.load_map_bases(geography)
    assert again["2024"] is bases["2024"]
    assert bases["2024"].bron.startswith("raster.shp (SHA-256 ")


def test_an_incomplete_file_is_a_problem(monkeypatch, geography, tmp_path):
    _grid(_codes(geography)[1:]).to_file(tmp_path / "half.gpkg")
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", str(tmp_path / "half.gpkg"))
    bases, problems = aio.load_map_bases(geography)
    assert bases == {}
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'half.gpkg'}: de NIS-codes komen met geen enkele grensversie overeen; het"
        " dichtst bij ligt grenzen 2024, maar daarvan ontbreken 1 van de 300 gemeenten: 11001 "
        "Aartselaar"]


def test_the_cache_key_of_the_batch_follows_the_boundary_file(monkeypatch, grid_file, tmp_path):
    from analysis import batch

    before = batch.fingerprint(None)["grenzen"]
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", str(grid_file))
    with_file = batch.fingerprint(None)["grenzen"]
    copy = tmp_path / "raster.gpkg"
    _grid(["11001"]).to_file(copy)
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", str(copy))
    assert len({before, with_file, batch.fingerprint(None)["grenzen"]}) == 3


# -- the geometry ----------------------------------------------------------------------------


def test_prepare_writes_whole_units_of_100_m_with_relative_steps(base):
    assert base.codes[:2] == ("11001", "11002")
    assert len(base.codes) == 300  # Brussel is not drawn
    assert base.paths[0] == "M10 10l0-10-10 0 0 10z"
    assert base.paths[21] == "M20 20l0-10-10 0 0 10z"
    assert base.boxes[21].tolist() == [10.0, 10.0, 20.0, 20.0]


def test_areas_are_dissolved_into_one_outline(base, geography):
    # Limburg: gemeenten 258-299 of the grid, rows 12 to 14.
    assert base.outlines[("provincie", "70000")] == "M180 120l20 0 0 30-200 0 0-20 180 0z"
    assert {t for t, _ in base.outlines} == {"provincie", "regiegebied", "referentieregio",
                                            "vlaanderen"}


def test_quantile_classes_are_mapclassifys_quantiles():
    assert kaart.quantile_classes(np.arange(1, 11)).tolist() == [2.8, 4.6, 6.4, 8.2, 10.0]
    assert kaart.quantile_classes(np.array([1, 1, 1, 1, 2])).tolist() == [1.0, 2.0]
    assert kaart.quantile_classes(np.array([np.nan, 3, 1])).tolist() == [2.0, 3.0]
    assert kaart.quantile_classes(np.array([])).tolist() == []


# -- the maps --------------------------------------------------------------------------------


def _groups(svg: str, base: kaart.MapBase) -> dict[str, list[str]]:
    """Fill → the gemeenten drawn with it."""
    found = {}
    for fill, inner in re.findall(r"<g fill='([^']+)'>(.*?)</g>", svg):
        found[fill] = [base.codes[int(n)] for n in re.findall(r"href='#kg(\d+)'", inner)]
    return found


def test_choropleth_puts_each_gemeente_in_its_quintile(base, geography):
    limburg = geography.get("70000", "provincie", "2024")
    codes = list(limburg.gemeenten)
    values = {code: float(n) for n, code in enumerate(codes[:40])}  # two without a figure
    figure = kaart.choropleth(base, geography, values, members=[limburg], title="Proef",
                              unit="percent", decimals=1)
    groups = _groups(figure.svg, base)
    fills = list(groups)
    assert [groups[f] for f in fills[:5]] == [codes[0:8], codes[8:16], codes[16:24],
                                              codes[24:32], codes[32:40]]
    assert groups[fills[5]] == codes[40:42] and fills[5].startswith("url(#k")
    labels = re.findall(r"</span>([^<]+) <span class='aantal'>\(([^)]+)\)", figure.legend)
    assert labels == [("tot 7,8 %", "8 gemeenten"), ("7,8 % tot 15,6 %", "8 gemeenten"),
                      ("15,6 % tot 23,4 %", "8 gemeenten"), ("23,4 % tot 31,2 %", "8 gemeenten"),
                      ("meer dan 31,2 %", "8 gemeenten"),
                      ("geen cijfer (kleine aantallen of geen gegevens)", "2 gemeenten")]
    assert figure.alt == (
        "Kaart van de provincie Limburg: 40 gemeenten in 5 klassen met elk ongeveer evenveel "
        "gemeenten, 2 zonder cijfer. tot 7,8 %: 8; 7,8 % tot 15,6 %: 8; 15,6 % tot 23,4 %: 8; "
        "23,4 % tot 31,2 %: 8; meer dan 31,2 %: 8.")


def test_choropleth_never_shows_a_gemeentes_own_figure(base, geography):
    limburg = geography.get("70000", "provincie", "2024")
    values = {code: 10.0 + n / 7 for n, code in enumerate(limburg.gemeenten)}
    page = kaart.choropleth(base, geography, values, members=[limburg], title="Proef",
                            unit="percent", decimals=2)._repr_html_()
    shown = {float(x.replace(",", ".")) for x in re.findall(r"(\d+,\d\d) %", page)}
    assert shown == {11.17, 12.34, 13.51, 14.69}  # the four inner cut points only
    assert not shown & {round(v, 2) for v in values.values()}


def test_choropleth_outlines_the_centrumsteden_and_names_their_class(base, geography):
    cities = [geography.get(c, "centrumstad", "2024")
              for c in geography.geographies("centrumstad", "2024")["code"]]
    values = {code: 1.0 for code in base.codes} | {"44021": 2.0}
    figure = kaart.choropleth(base, geography, values, members=cities, title="Proef",
                              unit="percent", decimals=0)
    outlined = re.search(r"<g fill='none' stroke='#000000'[^>]*>(.*?)</g>", figure.svg).group(1)
    assert sorted(base.codes[int(n)] for n in re.findall(r"#kg(\d+)", outlined)) == sorted(
        g.gemeenten[0] for g in cities)
    assert "Gent: klasse 2 van 2 (meer dan 1 %)" in figure.alt
    assert "Antwerpen: klasse 1 van 2 (tot 1 %)" in figure.alt


def test_every_shared_reference_is_in_the_page_outlines(base, geography):
    group = [geography.get(c, "regiegebied", "2024")
             for c in geography.geographies("regiegebied", "2024")["code"]][:3]
    extent = kaart.extent_of(geography, group, "2024")
    figure = kaart.choropleth(base, geography, dict.fromkeys(extent, 5.0), members=group,
                              title="Proef", unit="percent", decimals=1)
    defs = kaart.defs_html(base, extent, [(g.type, g.code) for g in group])
    used = set(re.findall(r"href='#(k[go]\d+)'", figure.svg))
    defined = set(re.findall(r"id='(k[go]\d+)'", defs))
    assert used and used <= defined
    assert len(defined) == len(extent) + 5 + 3  # gemeenten, provinces, the members
    assert "display:none" not in defs


def test_status_map_colours_the_three_states(base, geography):
    limburg = geography.get("70000", "provincie", "2024")
    codes = list(limburg.gemeenten)
    status = ({c: "getekend" for c in codes[:10]} | {c: "gesprekken lopend" for c in codes[10:15]}
              | {c: "gesprekken aan te vatten" for c in codes[15:40]})
    figure = kaart.status_map(base, geography, status, members=[limburg], moment="1/1/2023")
    groups = _groups(figure.svg, base)
    assert groups["#0072B2"] == codes[:10]
    assert groups["#E69F00"] == codes[10:15]
    assert groups["#D4D4D4"] == codes[15:40]
    assert figure.title == ("Samenwerkingsovereenkomsten op 1/1/2023: 10 van de 42 gemeenten in "
                            "de provincie Limburg getekend (24 %)")
    assert figure.alt == (
        "Kaart van de provincie Limburg per gemeente. SO getekend: 10; gesprekken lopend: 5; "
        "gesprekken nog aan te vatten: 25; geen status: 2.")
    assert "<title>Hasselt</title>" not in figure.svg  # shared outlines: no names
    own = kaart.status_map(base, geography, status, members=[limburg], moment="1/1/2023",
                           shared=False)
    assert "<use" not in own.svg and own.svg.count("<title>") == 42  # a name per gemeente
    assert "<title>Hasselt</title>" in own.svg


def test_locator_map_draws_the_area_within_its_province_with_its_own_outlines(base, geography):
    westhoek = geography.resolve("Westhoek", "2024")
    figure = kaart.locator_map(base, geography, westhoek)
    assert figure.title == "Ligging van Westhoek in de provincie West-Vlaanderen"
    assert "<use" not in figure.svg  # one map on the page: it carries its own outlines
    inside = re.search(r"<g fill='#0072B2'>(.*?)</g>", figure.svg).group(1)
    assert inside.count("<path") == len(westhoek.gemeenten) == 17
    names = set(re.findall(r"<title>([^<]+)</title>", inside))
    assert names == {geography.get(c, "gemeente", "2024").naam for c in westhoek.gemeenten}
    assert "Ieper" in names  # the reference's names, not the file's
    assert figure.alt == ("Kaart van de provincie West-Vlaanderen met 64 gemeenten; in blauw "
                          "de 17 gemeenten van Westhoek.")


def test_locator_map_of_vlaanderen_shows_its_provinces(base, geography):
    figure = kaart.locator_map(base, geography, geography.resolve("Vlaanderen", "2024"))
    assert figure.title == "Vlaanderen: 300 gemeenten in 5 provincies"
    assert figure.svg.count("<path") == 301  # the gemeenten and one path of province outlines


def test_text_in_maps_is_escaped(base, geography):
    gent = geography.resolve("centrumstad:Gent", "2024")
    gent = dataclasses.replace(gent, naam="Gent <b>&</b>")
    figure = kaart.locator_map(base, geography, gent)
    page = figure._repr_html_()
    assert "<b>" not in page and "Gent &lt;b&gt;&amp;&lt;/b&gt;" in page


def test_a_map_left_out_for_its_content_says_why_in_one_escaped_sentence():
    assert kaart.omitted_note("slechts 12 van de 300 gemeenten hebben een cijfer <voor> 2022") == (
        "<p class='toelichting kaart-weggelaten'>Geen kaart: slechts 12 van de 300 gemeenten "
        "hebben een cijfer &lt;voor&gt; 2022.</p>")


def test_the_fingerprint_of_a_base_is_its_hash_without_the_file_name(base):
    named = dataclasses.replace(base, bron="gemeente2024.shp (SHA-256 0123456789ab…)")
    assert named.fingerprint == "SHA-256 0123456789ab…"
    assert base.fingerprint == "onbekend"  # made without a hash (the fixture's "raster.shp")


def test_the_technical_line_names_the_boundaries_used(base):
    named = dataclasses.replace(base, bron="gemeente2024.shp (SHA-256 0123456789ab…)")
    assert kaart.technical_line({"2024": named}, "2024") == (
        "gemeentegrenzen 2024 (300 gemeenten; grenzenbestand SHA-256 0123456789ab…), "
        "vereenvoudigd tot op 250 m; klassen per kaart volgens kwantielen")


def test_the_technical_line_says_why_there_are_no_maps(base):
    assert kaart.technical_line({}, "2024") == (
        "geen, want er zijn geen gemeentegrenzen ingesteld")
    assert kaart.technical_line({"2025": base}, "2024") == (
        "geen, want de ingestelde gemeentegrenzen zijn die van 2025 en dit rapport gebruikt de "
        "grenzen van 2024")


# -- the SO status per boundary version ------------------------------------------------------


def _status_inputs(geography, statuses: dict[str, str]) -> ReportInputs:
    rows = [SimpleNamespace(nis=nis, status=lambda moment, s=s: s) for nis, s in statuses.items()]
    return ReportInputs(profile=None, catalogue=None, geography=geography,
                        kwalitatief={"so_status": SimpleNamespace(gemeenten=rows)},
                        is_example=True)


def test_a_merged_gemeente_has_the_least_advanced_status_of_its_parts(geography):
    inputs = _status_inputs(geography, {"23023": "getekend", "23024": "getekend",
                                        "23032": "gesprekken lopend", "11002": "getekend",
                                        "11007": "getekend"})
    found = so_status_of(inputs, "2025", "2023-01")
    assert found == {"23106": "gesprekken lopend", "11002": "getekend"}


def test_an_older_gemeente_has_the_status_of_the_one_it_lies_in(geography):
    inputs = _status_inputs(geography, {"12041": "gesprekken lopend"})
    found = so_status_of(inputs, "2018", "2023-01")
    assert found == {"12030": "gesprekken lopend", "12034": "gesprekken lopend"}


def test_map_line_of_a_report_reads_its_boundaries(geography):
    inputs = _status_inputs(geography, {})
    assert map_line(inputs, "2024") == "geen, want er zijn geen gemeentegrenzen ingesteld"
    inputs.kaarten["2025"] = object()
    assert map_line(inputs, "2024") == ("geen, want de ingestelde gemeentegrenzen zijn die van "
                                        "2025 en dit rapport gebruikt de grenzen van 2024")
