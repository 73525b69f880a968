"""No live formula in an export (issue 16, point 4): every CSV the package writes, and the XLSX,
put ``'`` before a text a spreadsheet would run; numbers stay numbers."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis import batch, cli
from analysis import io as aio
from analysis.export import csv_text, safe_frame, safe_text
from analysis.geography import Geography
from analysis.indicators import build_profile

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "observaties"
PLASTIQ = REPO / "data" / "projecten" / "plastiq-ingroeibanen-2022-2023.yaml"
FORMULA = '=HYPERLINK("http://x","y")'
SAFE = "'" + FORMULA
INPUTS = {"gegevens": "a", "code": "b", "versie": "0.1.0"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FORMULA, SAFE),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-3", "-3"),
        ("+2,5", "+2,5"),
        ("-0.5", "-0.5"),
        ("-1.234,5", "-1.234,5"),
        ("Gent", "Gent"),
        ("", ""),
        ("'=1", "'=1"),
        ("a=1", "a=1"),
        ("–", "–"),
    ],
)
def test_a_text_that_would_run_gets_a_quote(text, expected):
    assert safe_text(text) == expected


def test_numbers_and_gaps_are_not_touched():
    frame = pd.DataFrame(
        {
            "naam": [FORMULA, "-3", None],
            "waarde": [-0.5, -2.0, np.nan],
            "aantal": np.array([-1, 2, 3], dtype="int64"),
        }
    )
    safe = safe_frame(frame)
    assert safe["naam"].tolist()[:2] == [SAFE, "-3"] and pd.isna(safe["naam"][2])
    assert safe["waarde"].tolist()[:2] == [-0.5, -2.0] and safe.dtypes["aantal"] == "int64"
    assert frame["naam"].tolist()[0] == FORMULA  # the caller's frame stays as it was
    assert csv_text(frame) == (
        f'naam,waarde,aantal\n"{SAFE.replace(chr(34), 2 * chr(34))}",-0.5,-1\n-3,-2.0,2\n,,3\n'
    )
    clean = pd.DataFrame({"naam": ["Gent"], "waarde": [1.5]})
    assert safe_frame(clean) is clean


def test_write_csv_gz_neutralises_text(tmp_path):
    path = aio.write_csv_gz(
        pd.DataFrame({"naam": [FORMULA], "teller": [-4.0]}), tmp_path / "uit.csv.gz"
    )
    rows = list(csv.reader(io.StringIO(gzip.decompress(path.read_bytes()).decode("utf-8"))))
    assert rows == [["naam", "teller"], [SAFE, "-4.0"]]


# -- every writer path -----------------------------------------------------------------------


def data_with_formula_names(tmp_path: Path) -> Path:
    """A data folder: own reference tables with regiegebied RG02 named FORMULA, observations
    of two of its gemeenten, and a project whose title and first action are FORMULA."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "reference", data / "reference")
    path = data / "reference" / "regiegebieden.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table["code"] == "RG02", "naam"] = FORMULA
    table.to_csv(path, index=False)
    (data / "voorbeeld").mkdir()
    (data / "voorbeeld" / "wzw.csv").write_text(
        "indicator,geo,periode,teller\nwzw,11004,2022Q4,500\nwzw,11007,2022Q4,200\n",
        encoding="utf-8",
    )
    (data / "projecten").mkdir()
    text = PLASTIQ.read_text(encoding="utf-8")
    quoted = "'" + FORMULA + "'"
    text = text.replace(
        "titel: Ingroeibanen voor jonge werkzoekenden in de kunststofverwerking",
        f"titel: {quoted}",
        1,
    )
    text = text.replace("    titel: Communicatie campagne", f"    titel: {quoted}", 1)
    (data / "projecten" / "formule.yaml").write_text(text, encoding="utf-8")
    return data


def test_geos_csv_neutralises_a_name(tmp_path, capsys):
    data = data_with_formula_names(tmp_path)
    code = cli.main(
        [
            "geos",
            "--type",
            "regiegebied",
            "--grenzen",
            "2024",
            "--formaat",
            "csv",
            "--data",
            str(data),
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[2][:3] == ["RG02", SAFE, "regiegebied"]


@pytest.mark.parametrize("to_file", [False, True])
def test_indicatoren_csv_neutralises_the_area_name(tmp_path, capsys, to_file):
    data = data_with_formula_names(tmp_path)
    target = tmp_path / "rg02.csv"
    argv = [
        "indicatoren",
        "--geo",
        "regiegebied:RG02",
        "--grenzen",
        "2024",
        "--formaat",
        "csv",
        "--data",
        str(data),
        *(["--uitvoer", str(target)] if to_file else []),
    ]
    code = cli.main(argv)
    out, _ = capsys.readouterr()
    assert code == 0
    text = target.read_text(encoding="utf-8") if to_file else out
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert set(table["geo_naam"]) == {SAFE}
    assert table.loc[table["indicator"] == "wzw", "teller"].tolist() == ["700.0"]


@pytest.fixture(scope="module")
def small_batch(tmp_path_factory, geography: Geography, mini_notebook) -> tuple[Path, Path]:
    """A project report and two area reports (one area named FORMULA), built once."""
    tmp = tmp_path_factory.mktemp("export")
    data = data_with_formula_names(tmp)
    result = aio.read_observations([FIXTURE], geo_check=geography.check_geo)
    profile = build_profile(result.data, geography, aio.load_catalogue(), "2024")
    parquet = tmp / "profiel.parquet"
    profile.to_parquet(parquet)
    items, _ = batch.read_plan()
    projects = batch.plan_jobs(items, geography, "2024", alleen=["projectvoortgang"], data_dir=data)
    areas = [
        batch.Job(
            key=f"centrumstad/{key}",
            soort="regiorapport",
            geo_type="centrumstad",
            geo_code=code,
            naam=naam,
            notebook=str(mini_notebook),
            parameters={"geo": key, "periode": None, "data_dir": None, "grenzen": "2024"},
        )
        for key, code, naam in (("gent", "44021", FORMULA), ("brugge", "31005", "Brugge"))
    ]
    out = tmp / "uitvoer"
    built = batch.run_batch(
        [*projects, *areas],
        out_dir=out,
        inputs=INPUTS,
        prepare=lambda work: str(parquet),
        workers=1,
        progress=False,
        warm=False,
    )
    assert [r["status"] for r in built.results] == ["gebouwd"] * 3
    return out, data


def test_a_project_title_formula_is_neutralised_in_its_csv_and_xlsx(small_batch):
    out, _ = small_batch
    table = pd.read_csv(out / "project" / "formule.csv", dtype=str, keep_default_na=False)
    assert table["actie_titel"].tolist()[0] == SAFE
    sheet = openpyxl.load_workbook(out / "project" / "formule.xlsx")["realisatie"]
    column = [c.value for c in sheet[1]].index("actie_titel")
    assert sheet.cell(2, column + 1).value == SAFE and sheet.cell(2, column + 1).data_type == "s"
    area = pd.read_csv(out / "centrumstad" / "gent.csv", dtype=str, keep_default_na=False)
    assert SAFE in set(area["geo_naam"]) and FORMULA not in set(area["geo_naam"])


def test_no_csv_of_a_batch_holds_a_cell_that_would_run(small_batch):
    out, _ = small_batch

    def is_number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    files = sorted(out.rglob("*.csv"))
    assert [f.relative_to(out).as_posix() for f in files] == [
        "centrumstad/brugge.csv",
        "centrumstad/gent.csv",
        "project/formule.csv",
    ]
    running = [
        (f.name, cell)
        for f in files
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8")))
        for cell in row
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not is_number(cell)
    ]
    assert running == []
    quoted = sum(
        cell.startswith("'=")
        for f in files
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8")))
        for cell in row
    )
    assert quoted > 2  # the formulas were there, and are neutralised
