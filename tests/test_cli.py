"""The command line: output, Dutch messages and exit codes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "observaties"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _geos_csv(capsys, *argv: str) -> pd.DataFrame:
    code, out, err = run(capsys, "geos", "--formaat", "csv", *argv)
    assert (code, err) == (0, "")
    return pd.read_csv(io.StringIO(out), dtype=str)


# -- geos ----------------------------------------------------------------------------------


def test_geos_csv_header(capsys):
    code, out, _ = run(capsys, "geos", "--type", "provincie", "--formaat", "csv")
    assert code == 0
    assert out.splitlines()[0] == "code,naam,type,aantal_gemeenten"
    assert out.splitlines()[1] == "10000,Provincie Antwerpen,provincie,67"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("--type", "centrumstad"), 13),
        (("--type", "regiegebied"), 37),
        (("--type", "provincie"), 5),
        (("--type", "referentieregio"), 15),
        (("--type", "gemeente", "--grenzen", "2024"), 300),
        (("--type", "gemeente", "--grenzen", "2025"), 285),
        (("--type", "vlaanderen"), 1),
    ],
)
def test_geos_counts(capsys, argv, expected):
    assert len(_geos_csv(capsys, *argv)) == expected


def test_geos_all_types_2025(capsys):
    table = _geos_csv(capsys)
    assert len(table) == 1 + 13 + 285 + 5 + 37 + 15
    assert table.iloc[0].tolist() == ["02000", "Vlaanderen", "vlaanderen", "285"]


def test_geos_table_format_is_aligned(capsys):
    code, out, _ = run(capsys, "geos", "--type", "provincie")
    assert code == 0
    assert out.splitlines()[:2] == [
        "code   naam                       type       gemeenten",
        "10000  Provincie Antwerpen        provincie         67",
    ]
    assert out.endswith("\n5 geografieën, grenzen 2025\n")


def test_geos_bad_type_is_a_usage_error(capsys):
    code, out, err = run(capsys, "geos", "--type", "stad")
    assert code == 2
    assert out == ""
    assert err == (
        "rapportage geos: argument --type: ongeldige keuze 'stad' (kies uit 'vlaanderen', "
        "'centrumstad', 'gemeente', 'provincie', 'regiegebied', 'referentieregio')\n"
        "Zie 'rapportage geos --help'.\n"
    )


def test_geos_uses_own_reference_folder(capsys, tmp_path):
    shutil.copytree(REPO / "data" / "reference", tmp_path / "reference")
    rg = tmp_path / "reference" / "regiegebieden.csv"
    table = pd.read_csv(rg, dtype=str, keep_default_na=False)
    table = table[table.code != "RG37"]
    table.to_csv(rg, index=False)
    assert len(_geos_csv(capsys, "--type", "regiegebied", "--data", str(tmp_path))) == 36


# -- general behaviour ------------------------------------------------------------------------


def test_no_command_shows_help_and_exit_2(capsys):
    code, out, _ = run(capsys)
    assert code == 2
    assert out.startswith("gebruik: rapportage")


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0
    assert "gebruik: rapportage" in out
    assert "opties:" in out
    assert "toon deze hulp en stop" in out


def test_unknown_argument(capsys):
    code, _, err = run(capsys, "geos", "--kleur", "rood")
    assert code == 2
    assert err.startswith("rapportage: onbekende argumenten: --kleur rood\n")


def test_unexpected_error_shows_no_traceback(capsys, monkeypatch):
    def boom(args):
        raise RuntimeError("kapot")

    monkeypatch.setitem(cli.COMMANDS, "geos", boom)
    code, _, err = run(capsys, "geos")
    assert code == 1
    assert err == (
        "Onverwachte fout (RuntimeError): kapot\n"
        "Draai opnieuw met --debug voor de technische details.\n"
    )
    assert "Traceback" not in err


def test_debug_shows_the_traceback(monkeypatch):
    def boom(args):
        raise RuntimeError("kapot")

    monkeypatch.setitem(cli.COMMANDS, "geos", boom)
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "geos"])


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "rapportage"
    done = subprocess.run([str(exe), "geos", "--type", "provincie", "--formaat", "csv"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 6


# -- valideer ----------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_valideer_valid_file(capsys, tmp_path):
    f = _write(tmp_path / "ok.csv",
               "indicator;geo;periode;teller;noemer\n"
               "wzw_in_opleiding;44021;2022Q4;1.234;8.765\n"
               "wzw;11002;2022Q4;25.000;\n")
    code, out, _ = run(capsys, "valideer", str(f))
    assert code == 0
    assert out == (
        "Bestanden: 1 · rijen: 2 · geldige rijen: 2 · problemen: 0\n"
        "Geldig.\n"
    )


def test_valideer_counts_rows_with_suppressed_values(capsys, tmp_path):
    f = _write(tmp_path / "ok.csv",
               "indicator;geo;periode;teller;noemer\n"
               "wzw_in_opleiding;44021;2022Q4;<5;8.765\n"
               "wzw;11002;2022Q4;-;\n"
               "wzw;44021;2022Q4;12;\n")
    code, out, _ = run(capsys, "valideer", str(f))
    assert code == 0
    assert out.splitlines()[0] == (
        "Bestanden: 1 · rijen: 3 · geldige rijen: 3 · problemen: 0 · rijen met onderdrukte of "
        "ontbrekende waarden: 2"
    )


def test_valideer_invalid_file_names_row_and_column(capsys, tmp_path):
    f = _write(tmp_path / "fout.csv",
               "indicator,geo,periode,teller,noemer\n"
               "wzw_in_opleiding,44021,2022Q4,abc,100\n"
               "wzw_in_opleiding,44049,2022Q4,5,100\n")
    code, out, _ = run(capsys, "valideer", str(f))
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(f"{f}, rij 2, kolom 'teller': ")
    assert lines[1] == (
        f"{f}, rij 3, kolom 'geo': gemeente '44049' bestaat niet in grensversie 2024 (geldig "
        "voor periode 2022Q4): Nevele is op 1/1/2019 opgegaan in Deinze (44083)"
    )
    assert lines[-2:] == [
        "Bestanden: 1 · rijen: 2 · geldige rijen: 0 · problemen: 2",
        "Ongeldig: los de problemen hierboven op.",
    ]


def test_valideer_missing_path_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "valideer", str(tmp_path / "nergens.csv"))
    assert code == 2
    assert err == f"rapportage valideer: '{tmp_path / 'nergens.csv'}' bestaat niet\n"


def test_valideer_embedded_data(capsys):
    code, out, _ = run(capsys, "valideer", str(REPO / "data"))
    assert code == 0
    assert out.splitlines()[-1] == "Geldig."


def test_valideer_directory_with_broken_reference(capsys, tmp_path):
    shutil.copytree(REPO / "data" / "reference", tmp_path / "reference")
    path = tmp_path / "reference" / "provincies.csv"
    path.write_text("code,naam\n10000,Antwerpen\n", encoding="utf-8")
    code, out, _ = run(capsys, "valideer", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}, rij 1: verplichte kolom 'bron' ontbreekt (gevonden kolommen: 'code', 'naam')"
    )


# -- bouw ----------------------------------------------------------------------------------------


def test_bouw_builds_the_chosen_report_after_validating(capsys, tmp_path):
    code, out, _ = run(capsys, "bouw", "--alleen", "Roeselare", "--uitvoer", str(tmp_path),
                       "--stil")
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == [
        "Bestanden: 14 · rijen: 86.066 · geldige rijen: 86.066 · problemen: 0",
        "Geldig.",
    ]
    # No boundary file is set in the tests: one line says so, even with --stil.
    assert lines[2] == ("Geen gemeentegrenzen ingesteld: de rapporten krijgen geen kaarten (zie "
                        "'rapportage grenzen --help' of de README, Kaarten).")
    assert re.fullmatch(r"Klaar in \d+,\d s: 1 rapport, 1 gebouwd, 0 ongewijzigd, 0 mislukt\. "
                        f"Overzicht: {re.escape(str(tmp_path / 'index.html'))}", lines[3])
    assert sorted(p.name for p in (tmp_path / "centrumstad").iterdir()) == [
        "roeselare.csv", "roeselare.html", "roeselare.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centrumstad", "index.html",
                                                         "manifest.json"]
    # A second run finds nothing changed: no validation, nothing built.
    code, out, _ = run(capsys, "bouw", "--alleen", "Roeselare", "--uitvoer", str(tmp_path),
                       "--stil")
    assert code == 0
    assert re.fullmatch(r"Geen gemeentegrenzen ingesteld: .*\nKlaar in \d+,\d s: 1 rapport, "
                        r"0 gebouwd, 1 ongewijzigd, 0 mislukt\. Overzicht: .*", out.strip())


def test_bouw_failing_report_exit_1_others_built_old_html_kept(capsys, tmp_path, monkeypatch,
                                                               mini_notebook):
    from analysis import batch

    monkeypatch.setitem(batch.NOTEBOOKS, "regiorapport", mini_notebook)
    argv = ("bouw", "--alleen", "Gent", "Brugge", "--data", str(FIXTURES), "--uitvoer",
            str(tmp_path), "--stil", "--jobs", "2")
    assert run(capsys, *argv)[0] == 0
    old = (tmp_path / "centrumstad" / "brugge.html").read_bytes()
    monkeypatch.setenv("RAPPORTAGE_TEST_FOUT", "centrumstad:31005")
    code, out, err = run(capsys, *argv, "--force")
    assert code == 1
    kept = tmp_path / ".mislukt" / "centrumstad" / "brugge.ipynb"
    assert err == ("MISLUKT centrumstad/brugge: cel 3: ValueError: kapotte parameter "
                   f"centrumstad:31005 (notebook: {kept})\n")
    assert "2 rapporten, 1 gebouwd, 0 ongewijzigd, 1 mislukt." in out
    assert (tmp_path / "centrumstad" / "brugge.html").read_bytes() == old
    assert kept.is_file()


def test_bouw_jobs_must_be_positive(capsys, tmp_path):
    code, out, err = run(capsys, "bouw", "--jobs", "0", "--uitvoer", str(tmp_path))
    assert (code, out, err) == (2, "", "rapportage bouw: --jobs moet minstens 1 zijn\n")


HEADER = "indicator;geo;periode;teller;noemer\n"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("wzw_in_opleiding;44021;2022Q5;10;100", "periode"),
        ("wzw_in_opleiding;44021;13-2022;10;100", "periode"),
        ("wzw_in_opleiding;44021;2022Q4;150;100", "teller"),
        ("wzw_in_opleiding;44021;2022Q4;-3;100", "teller"),
        ("wzw_in_opleiding;44021;2022Q4;0;0", "noemer"),
        ("wzw_in_opleiding;44021;2022Q4;12a;100", "teller"),
        ("wzw_opleiding;44021;2022Q4;10;100", "indicator"),
        ("wzw_in_opleiding;11007;2025Q1;10;100", "geo"),
        ("wzw_in_opleiding;12345;2022Q4;10;100", "geo"),
    ],
)
def test_valideer_rejects_bad_rows_naming_row_and_column(capsys, tmp_path, row, column):
    f = _write(tmp_path / "fout.csv", HEADER + "wzw;44021;2022Q4;25.000;\n" + row + "\n")
    code, out, _ = run(capsys, "valideer", str(f))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{f}, rij 3, kolom '{column}': ")
    assert out.splitlines()[1] == "Bestanden: 1 · rijen: 2 · geldige rijen: 1 · problemen: 1"


def test_valideer_reference_folder_itself(capsys):
    code, out, _ = run(capsys, "valideer", str(REPO / "data" / "reference"))
    assert code == 0
    assert out == (
        "Bestanden: 6 · rijen: 1.716 · geldige rijen: 1.716 · problemen: 0\n"
        "Geldig.\n"
    )


def test_valideer_bad_number_option(capsys, tmp_path):
    code, _, err = run(capsys, "valideer", str(tmp_path), "--max", "veel")
    assert code == 2
    assert err.splitlines()[0] == "rapportage valideer: argument --max: ongeldige waarde 'veel'"


# -- indicatoren ---------------------------------------------------------------------------------


def test_indicatoren_vlaanderen_csv_lists_every_catalogue_indicator(capsys):
    from analysis import io as aio

    code, out, err = run(capsys, "indicatoren", "--geo", "Vlaanderen", "--formaat", "csv")
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert code == 0
    assert list(dict.fromkeys(table.indicator)) == list(aio.load_catalogue().ids())
    assert set(table.geo) == {"02000"}
    so = table[table.indicator == "so_status"].iloc[0]
    assert (so.waarde, so.opmerking) == ("", "referentietabel, geen observaties")
    assert err.startswith("Let op: voorbeelddata — ")  # the banner, on stderr beside the CSV
    assert len(err.splitlines()) == 1  # every indicator has data for Vlaanderen


def test_indicatoren_csv_carries_unrounded_values(capsys):
    code, out, _ = run(capsys, "indicatoren", "--geo", "44021", "--periode", "2022Q4",
                       "--formaat", "csv")
    table = pd.read_csv(io.StringIO(out))
    row = table[table.indicator == "wzw_in_opleiding"].iloc[0]
    assert code == 0
    assert row.waarde == pytest.approx(100 * row.teller / row.noemer, rel=1e-12)
    assert len(str(row.ci95_laag)) > 6  # not rounded for display


def test_indicatoren_table_is_rounded_and_dutch_with_the_banner(capsys):
    from analysis.voorbeeld import BANNER

    code, out, err = run(capsys, "indicatoren", "--geo", "hasselt", "--periode", "2022Q4")
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == [f"Let op: {BANNER}.",
                         "Hasselt (centrumstad, grenzen 2024), periode 2022Q4"]
    line = next(line for line in lines if line.startswith("Werkzoekenden zonder werk in opl"))
    # Published: Hasselt 20,8 %, Vlaanderen 14,1 %, provincie Limburg 18,7 %.
    assert line.split()[6:10] == ["20,8", "%", "14,1", "%"]
    assert "18,7 %" in line
    assert err.startswith("Geen gegevens voor Hasselt in periode 2022Q4: werkzaamheidsgraad, ")


def test_indicatoren_without_banner_for_own_data(capsys):
    code, out, _ = run(capsys, "indicatoren", "--geo", "Gent", "--periode", "2022Q4",
                       "--data", str(REPO / "tests" / "fixtures" / "observaties"))
    assert code == 0
    assert out.startswith("Gent (centrumstad, grenzen 2024), periode 2022Q4\n")


def test_indicatoren_xlsx_is_written_with_column_sheet(capsys, tmp_path):
    target = tmp_path / "gent.xlsx"
    code, out, _ = run(capsys, "indicatoren", "--geo", "Gent", "--formaat", "xlsx",
                       "--uitvoer", str(target))
    assert code == 0
    assert out.startswith(f"Geschreven: {target} (")
    sheets = pd.read_excel(target, sheet_name=None)
    assert list(sheets) == ["profiel", "kolommen"]
    assert list(sheets["kolommen"].kolom)[:3] == ["indicator", "geo", "geo_type"]
    assert [p.name for p in tmp_path.iterdir()] == ["gent.xlsx"]  # no temporary file left


def test_indicatoren_partial_data_says_what_is_missing(capsys, tmp_path):
    (tmp_path / "wzw.csv").write_text(
        "indicator,geo,periode,teller\nwzw,31005,2022Q4,5000\nwzw,36015,2022Q4,2000\n",
        encoding="utf-8")
    code, out, err = run(capsys, "indicatoren", "--geo", "Provincie West-Vlaanderen",
                         "--data", str(tmp_path))
    assert code == 0
    assert "7.000" in out
    assert "onvolledig: gegevens voor 2 van 64 gemeenten" in out
    assert err.startswith("Geen gegevens voor Provincie West-Vlaanderen: werkzaamheidsgraad, ")


def test_indicatoren_unknown_geo(capsys):
    code, _, err = run(capsys, "indicatoren", "--geo", "Gnet")
    assert code == 1
    assert err == (
        "Fout: geografie 'Gnet' niet gevonden in grensversie 2024; bedoelde u 'Gent'?\n"
    )


def test_indicatoren_invalid_data_stops_with_the_problems(capsys, tmp_path):
    (tmp_path / "fout.csv").write_text("indicator,geo,periode,teller\nwzw,31005,2022Q9,5\n",
                                       encoding="utf-8")
    code, out, err = run(capsys, "indicatoren", "--geo", "Brugge", "--data", str(tmp_path))
    assert (code, out) == (1, "")
    assert err.startswith(f"{tmp_path / 'fout.csv'}, rij 2, kolom 'periode': ")


def test_indicatoren_empty_data_folder(capsys, tmp_path):
    (tmp_path / "reference").mkdir()
    shutil.copytree(REPO / "data" / "reference", tmp_path / "reference", dirs_exist_ok=True)
    code, _, err = run(capsys, "indicatoren", "--geo", "Brugge", "--data", str(tmp_path))
    assert code == 2
    assert err == f"rapportage: geen observaties gevonden in '{tmp_path}'\n"


def test_readme_documents_every_profile_column():
    from analysis.indicators import PROFILE_COLUMNS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [c for c in PROFILE_COLUMNS if f"| `{c}` |" not in readme] == []
