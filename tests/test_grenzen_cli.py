"""``rapportage grenzen``: check a boundary file, download it, install it, show what is set."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import geopandas as gpd
import pytest

from analysis import cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def user_dir(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "gebruiker"))
    return tmp_path / "gebruiker" / "rapportage" / "grenzen"


@pytest.fixture(scope="module")
def server(shared_geo):
    """A local HTTP server that serves the shared boundary files."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(shared_geo))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_without_boundaries_it_says_how_to_add_them(capsys, user_dir):
    code, out, err = run(capsys, "grenzen")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Geen gemeentegrenzen ingesteld: de rapporten hebben geen kaarten."
    assert "Installeer het met 'rapportage grenzen --bron PAD-OF-URL'" in lines[1]


def test_a_file_is_checked_and_installed(capsys, user_dir, shared_geo):
    source = shared_geo / "gemeente2024.shp"
    code, out, err = run(capsys, "grenzen", "--bron", str(source))
    assert (code, err) == (0, "")
    installed = user_dir / "gemeenten-2024.gpkg"
    assert out.splitlines() == [
        f"Gecontroleerd: {source}",
        "  grenzen 2024: alle 300 gemeenten gevonden; 19 codes buiten Vlaanderen overgeslagen",
        "  NIS-code in kolom 'gemeente', projectie EPSG:31370",
        f"Geïnstalleerd: {installed}",
        "De kaarten verschijnen bij de volgende 'make reports' of 'rapportage bouw'."]
    frame = gpd.read_file(installed)
    assert (len(frame), list(frame.columns), frame.crs.to_epsg()) == (
        300, ["nis", "naam", "geometry"], 31370)
    code, out, _ = run(capsys, "grenzen")
    assert code == 0
    assert out.startswith("grenzen 2024: gemeenten-2024.gpkg (SHA-256 ")
    assert out.endswith("…), 300 gemeenten\n")


def test_a_url_is_downloaded_with_the_parts_of_the_shapefile(capsys, user_dir, server):
    url = f"{server}/gemeente.shp"
    code, out, err = run(capsys, "grenzen", "--bron", url)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        f"Downloaden: {url}", f"Gecontroleerd: {url}",
        "  grenzen 2025: alle 285 gemeenten gevonden; 19 codes buiten Vlaanderen overgeslagen"]
    assert sorted(p.name for p in user_dir.iterdir()) == ["gemeenten-2025.gpkg"]


def test_a_url_that_is_not_there_is_a_dutch_error(capsys, user_dir, server):
    code, out, err = run(capsys, "grenzen", "--bron", f"{server}/bestaat-niet.shp")
    assert (code, out) == (1, "Downloaden: " + f"{server}/bestaat-niet.shp\n")
    assert err == f"{server}/bestaat-niet.shp: downloaden mislukt: HTTP 404 File not found\n"
    assert not user_dir.exists()


def test_a_url_of_another_file_type_is_refused(capsys, user_dir):
    code, _, err = run(capsys, "grenzen", "--bron", "https://example.org/grenzen.csv")
    assert code == 1
    assert err == ("https://example.org/grenzen.csv: onbekend bestandstype '.csv': verwacht "
                   "'.shp', '.gpkg', '.geojson', '.json', '.zip'\n")


def test_a_shapefile_url_with_a_query_is_refused(capsys, user_dir):
    code, out, err = run(capsys, "grenzen", "--bron", "https://example.org/g.shp?versie=2")
    assert (code, user_dir.exists()) == (1, False)
    assert out == "Downloaden: https://example.org/g.shp?versie=2\n"  # refused before it
    assert err == ("https://example.org/g.shp?versie=2: verwacht een URL zonder zoekparameters: "
                   "de .shx, .dbf en .prj worden met dezelfde naam naast de .shp gehaald\n")


def test_an_incomplete_file_is_refused_and_nothing_installed(capsys, user_dir, tmp_path,
                                                             geography, square_boundaries):
    codes = geography.gemeenten.loc[geography.gemeenten["grenzen"] == "2024", "nis"].tolist()
    frame = square_boundaries([c for c in codes if c != "44021"])
    frame.to_file(tmp_path / "zonder-gent.gpkg")
    code, out, err = run(capsys, "grenzen", "--bron", str(tmp_path / "zonder-gent.gpkg"))
    assert (code, out) == (1, "")
    assert err == (f"{tmp_path / 'zonder-gent.gpkg'}, kolom 'nis': de NIS-codes komen met geen "
                   "enkele grensversie overeen; het dichtst bij ligt grenzen 2024, maar daarvan "
                   "ontbreken 1 van de 300 gemeenten: 44021 Gent\n")
    assert not user_dir.exists()


def test_a_broken_setting_stops_the_batch_before_any_report(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("RAPPORTAGE_GRENZEN", str(tmp_path / "weg.shp"))
    code, out, err = run(capsys, "bouw", "--alleen", "Roeselare", "--uitvoer",
                         str(tmp_path / "uit"), "--stil")
    assert (code, out) == (1, "")
    assert err == f"RAPPORTAGE_GRENZEN: {tmp_path / 'weg.shp'}: bestand bestaat niet\n"
    assert not (tmp_path / "uit").exists()


def test_help_lists_the_command(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    assert ("    grenzen    controleer en installeer gemeentegrenzen voor de kaarten\n"
            in capsys.readouterr().out)
