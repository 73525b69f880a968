"""Report names to file names: unique, visible and bounded (issue 16, point 5).

Colliding names are refused before anything is built, naming both sources; other scripts are
transliterated; a name without letters gets a hashed fallback; a long name is cut with a hash;
a name the file system cannot take fails only its own report.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis import batch, cli, namen
from analysis import io as aio
from analysis.formatting import slug
from analysis.geography import TYPES, Geo

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "observaties"
PLASTIQ = REPO / "data" / "projecten" / "plastiq-ingroeibanen-2022-2023.yaml"
INPUTS = {"gegevens": "a", "code": "b", "versie": "0.1.0"}
NOTE = "(hoofdletters, accenten en leestekens tellen in een bestandsnaam niet mee)"


def sha8(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def run(out: Path, todo: list[batch.Job], profile: str) -> batch.BatchResult:
    return batch.run_batch(
        todo,
        out_dir=out,
        inputs=INPUTS,
        prepare=lambda work: profile,
        workers=1,
        progress=False,
        warm=False,
    )


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# -- slugs -----------------------------------------------------------------------------------


def test_every_name_of_the_package_keeps_its_slug(reference_tables, geography):
    # The rule before transliteration came in: accents dropped, anything else not ASCII too.
    def before(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")

    names = {
        naam
        for grenzen in ("2018", "2024", "2025")
        for kind in TYPES
        for naam in geography.geographies(kind, grenzen)["naam"]
    }
    names |= set(reference_tables["fusies"]["oud_naam"]) | {"Regio's", "1,5 km"}
    assert len(names) > 350
    assert {n: namen.file_slug(n) for n in names} == {n: before(n) for n in names}
    assert namen.file_slug("Sint-Niklaas") == "sint-niklaas"
    assert namen.file_slug("Regio's") == "regios"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("日本", "ri-ben"),
        ("Москва", "moskva"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Ærø", "aero"),
        ("Ελλάδα", "ellada"),
    ],
)
def test_other_scripts_are_transliterated(name, expected):
    assert slug(name) == expected and namen.file_slug(name) == expected


@pytest.mark.parametrize("name", ["🙂", "---", "…", "   "])
def test_a_name_with_nothing_to_write_gets_a_hashed_fallback(name):
    assert slug(name) == ""
    assert namen.file_slug(name) == f"naam-{sha8(name)}"


def test_a_long_name_is_cut_with_a_hash_of_its_slug():
    name = "Samenwerkingsverband " * 15 + "Oost"  # 319 characters
    full = slug(name)
    cut = namen.file_slug(name)
    assert len(full) == 319 and len(cut) == 80
    assert cut == full[:71].rstrip("-") + "-" + sha8(full)
    # Differing only after the cut: two files; the same slug: the same name (so a clash).
    assert namen.file_slug(name + "x") != cut
    assert namen.file_slug(name.upper()) == cut


# -- clashes: refused before building, both sources named -----------------------------------


def project_folder(tmp_path: Path, *stems: str) -> Path:
    data = tmp_path / "data"
    (data / "projecten").mkdir(parents=True)
    for stem in stems:
        shutil.copyfile(PLASTIQ, data / "projecten" / f"{stem}.yaml")
    return data


def test_two_projects_with_one_slug_are_refused_naming_both(tmp_path, geography):
    data = project_folder(tmp_path, "Dubbel", "dubbel")
    items, _ = batch.read_plan()
    with pytest.raises(aio.InputError) as caught:
        batch.plan_jobs(items, geography, "2024", alleen=["projectvoortgang"], data_dir=data)
    assert [str(p) for p in caught.value.problems] == [
        f"{data / 'projecten'}: Dubbel.yaml en dubbel.yaml krijgen dezelfde bestandsnaam "
        f"project/dubbel.html {NOTE}: geef een van beide een andere naam"
    ]


def test_three_projects_with_one_slug_are_all_named(tmp_path, geography):
    data = project_folder(tmp_path, "Dubbel", "dubbel", "DUBBEL")
    items, _ = batch.read_plan()
    with pytest.raises(aio.InputError) as caught:
        batch.plan_jobs(items, geography, "2024", alleen=["projectvoortgang"], data_dir=data)
    assert [str(p) for p in caught.value.problems] == [
        f"{data / 'projecten'}: DUBBEL.yaml, Dubbel.yaml en dubbel.yaml krijgen dezelfde "
        f"bestandsnaam project/dubbel.html {NOTE}: geef ze elk een eigen naam"
    ]


def test_bouw_refuses_colliding_projects_and_builds_nothing(tmp_path, capsys):
    data = project_folder(tmp_path, "Dubbel", "dubbel")
    out = tmp_path / "uitvoer"
    code = cli.main(
        [
            "bouw",
            "--alleen",
            "projectvoortgang",
            "--data",
            str(data),
            "--grenzen",
            "2024",
            "--uitvoer",
            str(out),
            "--stil",
            "--jobs",
            "1",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == (
        f"{data / 'projecten'}: Dubbel.yaml en dubbel.yaml krijgen dezelfde bestandsnaam "
        f"project/dubbel.html {NOTE}: geef een van beide een andere naam\n"
    )
    assert captured.out == ""
    # No report, manifest or index: only what a lock or a probe of the folder may leave.
    assert not out.exists() or [f for f in files_under(out) if not f.startswith(".")] == []


def reference_with(tmp_path: Path, names: dict[str, str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "reference", data / "reference")
    path = data / "reference" / "regiegebieden.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for code, naam in names.items():
        table.loc[table["code"] == code, "naam"] = naam
    table.to_csv(path, index=False)
    return data


def test_two_areas_with_one_slug_are_refused_naming_both(tmp_path, capsys):
    data = reference_with(tmp_path, {"RG01": "Regio Gent", "RG02": "Regio-Gent"})
    out = tmp_path / "uitvoer"
    code = cli.main(
        [
            "bouw",
            "--alleen",
            "regiegebied",
            "--data",
            str(data),
            "--grenzen",
            "2024",
            "--uitvoer",
            str(out),
            "--stil",
            "--jobs",
            "1",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == (
        f"{data / 'reference' / 'regiegebieden.csv'}, kolom 'naam': regiegebied 'Regio Gent' "
        "(code RG01) en regiegebied 'Regio-Gent' (code RG02) krijgen dezelfde bestandsnaam "
        f"regiegebied/regio-gent.html {NOTE}: geef een van beide een andere naam\n"
    )
    assert not out.exists() or [f for f in files_under(out) if not f.startswith(".")] == []


def test_the_same_area_asked_twice_is_one_report(geography):
    items, _ = batch.read_plan()
    planned = batch.plan_jobs(items, geography, "2024", alleen=["Gent", "44021", "centrumstad"])
    assert [j.key for j in planned].count("centrumstad/gent") == 1 and len(planned) == 13


# -- visible and bounded files ---------------------------------------------------------------


def test_a_project_in_another_script_gets_a_visible_report(tmp_path, geography):
    data = project_folder(tmp_path, "日本")
    items, _ = batch.read_plan()
    todo = batch.plan_jobs(items, geography, "2024", alleen=["projectvoortgang"], data_dir=data)
    assert [(j.key, j.geo_code) for j in todo] == [("project/ri-ben", "日本")]
    out = tmp_path / "uitvoer"
    result = run(out, todo, "geen-profiel.parquet")
    assert [r["status"] for r in result.results] == ["gebouwd"]
    assert files_under(out / "project") == ["ri-ben.csv", "ri-ben.html", "ri-ben.xlsx"]
    index = batch.write_index(out, result.manifest).read_text(encoding="utf-8")
    assert (
        '<a href="project/ri-ben.html">Ingroeibanen voor jonge werkzoekenden in de '
        "kunststofverwerking</a>"
    ) in index
    assert '<a href="project/ri-ben.csv">CSV</a>' in index


def test_a_320_character_area_name_gives_a_bounded_file(tmp_path, mini_notebook, profile_parquet):
    naam = ("Intergemeentelijk samenwerkingsverband voor werk en sociale economie " * 5)[:320]
    geo = Geo(code="44021", naam=naam, type="centrumstad", grenzen="2024", gemeenten=("44021",))
    job = replace(
        batch.make_job(geo, "regiorapport", periode=None, data_dir=None, grenzen="2024"),
        notebook=str(mini_notebook),
    )
    stem = namen.file_slug(naam)
    assert job.key == f"centrumstad/{stem}" and len(stem) == 80
    assert batch.report_path(Path("uit"), geo) == Path("uit") / "centrumstad" / f"{stem}.html"
    result = run(tmp_path, [job], profile_parquet)
    assert [r["status"] for r in result.results] == ["gebouwd"]
    assert files_under(tmp_path / "centrumstad") == [f"{stem}.csv", f"{stem}.html", f"{stem}.xlsx"]


def test_a_name_too_long_for_the_file_system_fails_only_its_report(
    tmp_path, mini_notebook, profile_parquet
):
    gent = batch.Job(
        key="centrumstad/gent",
        soort="regiorapport",
        geo_type="centrumstad",
        geo_code="44021",
        naam="Gent",
        notebook=str(mini_notebook),
        parameters={"geo": "Gent", "periode": None, "data_dir": None, "grenzen": "2024"},
    )
    long = replace(
        gent,
        key="centrumstad/" + "a" * 300,
        geo_code="31005",
        naam="Brugge",
        parameters={**gent.parameters, "geo": "Brugge"},
    )
    result = run(tmp_path, [long, gent], profile_parquet)
    assert [r["status"] for r in result.results] == ["mislukt", "gebouwd"]
    assert result.failed[0]["fout"] == {
        "cel": None,
        "fout": "OutputError",
        "melding": f"bestandsnaam te lang: '{'a' * 40}…' heeft 322 bytes met achtervoegsel en "
        "tijdelijke naam, het bestandssysteem staat er 255 toe",
    }
    assert files_under(tmp_path) == [
        "centrumstad/gent.csv",
        "centrumstad/gent.html",
        "centrumstad/gent.xlsx",
        "manifest.json",
    ]
    assert result.manifest["rapporten"][long.key]["status"] == "mislukt"


def test_a_path_too_long_names_the_folder():
    folder = "/u/" + "d" * 4090
    assert namen.path_problem("centrumstad/gent", [folder]) == (
        f"pad te lang: 4.132 bytes in {folder}, het bestandssysteem staat er 4.096 toe; kies "
        "een kortere uitvoermap"
    )
    assert namen.path_problem("centrumstad/gent", ["/tmp/uitvoer"]) is None
