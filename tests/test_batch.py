"""The batch: parallel, isolated, cached builds with a manifest, an index and exports.

A two-cell notebook stands in for the report notebook (the real one is run in
test_regiorapport.py and test_cli.py), so every test here takes a few seconds.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import psutil
import pytest

from analysis import batch
from analysis import io as aio

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "observaties"

def jobs(mini: Path, *names: str) -> list[batch.Job]:
    codes = {"Gent": "44021", "Brugge": "31005", "Aalst": "41002"}
    return [batch.Job(key=f"centrumstad/{n.lower()}", soort="regiorapport", geo_type="centrumstad",
                      geo_code=codes[n], naam=n, notebook=str(mini),
                      parameters={"geo": n, "periode": None, "data_dir": None, "grenzen": "2024"})
            for n in names]


INPUTS = {"gegevens": "a", "code": "b", "versie": "0.1.0"}


def run(out: Path, todo: list[batch.Job], profile: str, *, inputs=INPUTS, workers: int = 1,
        **options) -> batch.BatchResult:
    options.setdefault("warm", False)
    return batch.run_batch(todo, out_dir=out, inputs=inputs, prepare=lambda work: profile,
                           workers=workers, progress=False, **options)


def test_two_workers_build_html_exports_and_manifest(tmp_path, mini_notebook, profile_parquet):
    result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet, workers=2)
    assert [r["status"] for r in result.results] == ["gebouwd", "gebouwd"]
    assert sorted(p.name for p in (tmp_path / "centrumstad").iterdir()) == [
        "brugge.csv", "brugge.html", "brugge.xlsx", "gent.csv", "gent.html", "gent.xlsx"]
    page = (tmp_path / "centrumstad" / "gent.html").read_text(encoding="utf-8")
    assert '<h2 id="rapport-gent">Rapport Gent</h2>' in page and "import os" not in page
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["rapporten"]["centrumstad/gent"]
    assert entry["status"] == "gebouwd" and entry["pogingen"] == 1
    assert entry["parameters"] == {"geo": "Gent", "periode": None, "data_dir": None,
                                   "grenzen": "2024"}
    assert entry["invoer"] == INPUTS
    assert [c["cel"] for c in entry["cellen"]] == [1, 2, 3]  # papermill timing per code cell
    assert entry["bestanden"] == {"html": "centrumstad/gent.html", "csv": "centrumstad/gent.csv",
                                  "xlsx": "centrumstad/gent.xlsx"}
    assert entry["html_bytes"] == len(page.encode("utf-8"))
    assert entry["geheugen_mb"]["werker"] > 0
    assert not list(tmp_path.glob(".werk-*"))  # the work folder is gone


def test_exports_hold_the_area_rows(tmp_path, mini_notebook, profile_parquet):
    run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    import pandas as pd

    table = pd.read_csv(tmp_path / "centrumstad" / "gent.csv", dtype={"geo": str})
    assert set(table["geo"]) == {"44021"} and set(table["geo_naam"]) == {"Gent"}
    assert set(aio.load_catalogue().ids()) == set(table["indicator"])
    sheets = pd.read_excel(tmp_path / "centrumstad" / "gent.xlsx", sheet_name=None)
    assert list(sheets) == ["profiel", "kolommen"]
    assert len(sheets["profiel"]) == len(table)


def test_failing_report_leaves_the_others_and_its_old_html(tmp_path, mini_notebook,
                                                          profile_parquet, monkeypatch):
    run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet)
    old = (tmp_path / "centrumstad" / "brugge.html").read_bytes()
    monkeypatch.setenv("RAPPORTAGE_TEST_FOUT", "Brugge")
    result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge", "Aalst"), profile_parquet,
                 force=True, workers=2)
    assert [r["status"] for r in result.results] == ["gebouwd", "mislukt", "gebouwd"]
    failure = result.failed[0]
    assert failure["fout"] == {"cel": 3, "fout": "ValueError",
                               "melding": "kapotte parameter Brugge"}
    assert failure["pogingen"] == 1  # an error in a cell is not retried
    assert (tmp_path / "centrumstad" / "brugge.html").read_bytes() == old
    kept = tmp_path / ".mislukt" / "centrumstad" / "brugge.ipynb"
    assert failure["notebook"] == ".mislukt/centrumstad/brugge.ipynb" and kept.is_file()
    assert "kapotte parameter" in kept.read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rapporten"]["centrumstad/brugge"]["status"] == "mislukt"
    assert manifest["rapporten"]["centrumstad/brugge"]["sleutel"] is None  # rebuilt next time
    assert (tmp_path / "centrumstad" / "aalst.html").is_file()


def test_kernel_start_failure_is_retried_once(tmp_path, mini_notebook, profile_parquet,
                                             monkeypatch):
    import zmq

    real = batch.execute
    calls: list[str] = []

    def flaky(job, settings, executed):
        calls.append(job.key)
        if len(calls) == 1:
            raise zmq.ZMQError(zmq.EADDRINUSE, "Address already in use")
        return real(job, settings, executed)

    monkeypatch.setattr(batch, "execute", flaky)
    result = run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    assert calls == ["centrumstad/gent", "centrumstad/gent"]
    assert (result.results[0]["status"], result.results[0]["pogingen"]) == ("gebouwd", 2)


def test_a_second_start_failure_fails_the_report(tmp_path, mini_notebook, profile_parquet,
                                                monkeypatch):
    import zmq

    def broken(job, settings, executed):
        raise zmq.ZMQError(zmq.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(batch, "execute", broken)
    outcome = run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet).results[0]
    assert (outcome["status"], outcome["pogingen"]) == ("mislukt", 2)
    assert outcome["fout"] == {"cel": None, "fout": "ZMQError",
                               "melding": "Address already in use"}


def test_time_limit_per_report(tmp_path, mini_notebook, profile_parquet, monkeypatch):
    monkeypatch.setenv("RAPPORTAGE_TEST_SLAAP", "Gent")
    outcome = run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet, timeout=3).results[0]
    assert outcome["status"] == "mislukt"
    assert outcome["fout"]["fout"] == "ReportTimeoutError"
    assert outcome["fout"]["melding"] == "tijdslimiet van 3 s overschreden"
    assert not (tmp_path / "centrumstad" / "gent.html").exists()


def test_unchanged_inputs_are_skipped_without_preparing(tmp_path, mini_notebook,
                                                        profile_parquet):
    run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet)

    def must_not_run(work):
        raise AssertionError("profile computed for a warm rebuild")

    result = batch.run_batch(jobs(mini_notebook, "Gent", "Brugge"), out_dir=tmp_path,
                             inputs=INPUTS, prepare=must_not_run, progress=False, warm=False)
    assert [r["status"] for r in result.results] == ["ongewijzigd", "ongewijzigd"]


@pytest.mark.parametrize("change", ["inputs", "force", "html edited", "csv deleted"])
def test_a_change_rebuilds(tmp_path, mini_notebook, profile_parquet, change):
    run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    options = {}
    if change == "inputs":
        options["inputs"] = {**INPUTS, "gegevens": "anders"}
    elif change == "force":
        options["force"] = True
    elif change == "html edited":
        (tmp_path / "centrumstad" / "gent.html").write_text("oud", encoding="utf-8")
    else:
        (tmp_path / "centrumstad" / "gent.csv").unlink()
    result = run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet, **options)
    assert result.results[0]["status"] == "gebouwd"


def test_parameters_change_the_cache_key():
    one, = jobs(Path("x.ipynb"), "Gent")
    other = batch.Job(**{**one.__dict__, "parameters": {**one.parameters, "periode": "2022"}})
    assert batch.job_key(one, INPUTS) != batch.job_key(other, INPUTS)
    assert batch.job_key(one, INPUTS) == batch.job_key(one, dict(INPUTS))


@pytest.mark.parametrize("warm", [False, True])
def test_no_kernel_survives_a_batch(tmp_path, mini_notebook, profile_parquet, warm):
    result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet, workers=2,
                 warm=warm)
    assert [r["status"] for r in result.results] == ["gebouwd", "gebouwd"]

    def kernels() -> list[psutil.Process]:
        found = []
        for process in psutil.Process().children(recursive=True):
            try:
                command = " ".join(process.cmdline())
            except psutil.NoSuchProcess:
                continue
            if "ipykernel" in command or "analysis.kernel" in command:
                found.append(process)
        return found

    # The pool's workers are gone when run_batch returns; their zygotes follow on end of file.
    _gone, alive = psutil.wait_procs(kernels(), timeout=10)
    assert alive == []


def zygotes_of(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            if "analysis.kernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def test_workers_start_with_their_zygotes_before_the_profile_exists(
        tmp_path, mini_notebook, profile_parquet):
    workers = batch.Workers(2).start()
    try:
        # Both workers and their zygotes run while the caller still computes the profile.
        deadline = time.monotonic() + 60
        while len(zygotes_of(psutil.Process())) < 2:
            assert time.monotonic() < deadline, "zygotes did not start"
            time.sleep(0.1)
        result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge", "Aalst"), profile_parquet,
                     workers=workers, warm=True)
        assert [r["status"] for r in result.results] == ["gebouwd"] * 3
        assert len({r["werker_pid"] for r in result.results} - {None}) <= 2
        assert len(zygotes_of(psutil.Process())) == 2  # the caller stops them, not run_batch
    finally:
        workers.close()
    _gone, alive = psutil.wait_procs(zygotes_of(psutil.Process()), timeout=10)
    assert alive == []


def test_a_killed_kernel_fails_its_report_and_the_others_are_built(
        tmp_path, mini_notebook, profile_parquet, monkeypatch):
    monkeypatch.setenv("RAPPORTAGE_TEST_DOOD", "Brugge")
    result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge", "Aalst"), profile_parquet,
                 workers=2, warm=True)
    assert [r["status"] for r in result.results] == ["gebouwd", "mislukt", "gebouwd"]
    failure = result.failed[0]
    assert failure["pogingen"] == 2  # one retry: a kernel may die of a passing cause
    assert failure["fout"] == {"cel": None, "fout": "DeadKernelError", "melding":
                               "de kernel stopte onverwacht (afgebroken of te weinig geheugen)"}
    assert not (tmp_path / "centrumstad" / "brugge.html").exists()


def test_a_write_error_fails_its_report_with_a_dutch_message(
        tmp_path, mini_notebook, profile_parquet, monkeypatch):
    import errno
    import os as os_module

    run(tmp_path, jobs(mini_notebook, "Brugge"), profile_parquet)
    old = (tmp_path / "centrumstad" / "brugge.html").read_bytes()
    replace = os_module.replace

    def disk_full(source, target, *args, **kwargs):
        if str(target).endswith("brugge.html"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(aio.os, "replace", disk_full)
    result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet, force=True)
    assert [r["status"] for r in result.results] == ["gebouwd", "mislukt"]
    target = tmp_path.resolve() / "centrumstad" / "brugge.html"
    assert result.failed[0]["fout"] == {"cel": None, "fout": "OutputError",
                                        "melding": f"{target}: kan niet schrijven (schijf vol)"}
    assert (tmp_path / "centrumstad" / "brugge.html").read_bytes() == old
    assert sorted(p.name for p in (tmp_path / "centrumstad").iterdir()) == [
        "brugge.csv", "brugge.html", "brugge.xlsx", "gent.csv", "gent.html", "gent.xlsx"]


def test_an_interrupted_batch_records_what_finished(
        tmp_path, mini_notebook, profile_parquet, monkeypatch):
    real = batch.run_job

    def interrupted_at_brugge(job, settings):
        if job.naam == "Brugge":
            raise KeyboardInterrupt
        return real(job, settings)

    monkeypatch.setattr(batch, "run_job", interrupted_at_brugge)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, jobs(mini_notebook, "Gent", "Brugge", "Aalst"), profile_parquet)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["onderbroken"] == {"klaar": ["centrumstad/gent"],
                                       "niet_gebouwd": ["centrumstad/brugge", "centrumstad/aalst"]}
    assert list(manifest["rapporten"]) == ["centrumstad/gent"]
    assert manifest["rapporten"]["centrumstad/gent"]["status"] == "gebouwd"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "gent.csv", "gent.html", "gent.xlsx", "manifest.json"]


def test_dask_cluster_builds_two_reports(tmp_path, mini_notebook, profile_parquet):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet,
                     scheduler=client)
        assert [r["status"] for r in result.results] == ["gebouwd", "gebouwd"]
        workers = {r["werker_pid"] for r in result.results}
    assert (tmp_path / "centrumstad" / "gent.html").is_file()
    assert (tmp_path / "centrumstad" / "brugge.html").is_file()
    assert len(workers) >= 1


# -- the plan (params/rapporten.yaml) -------------------------------------------------------


def test_the_plan_of_the_package_gives_every_kind_of_report(geography):
    items, problems = batch.read_plan()
    assert problems == []
    planned = batch.plan_jobs(items, geography, "2024")
    counts: dict[str, int] = {}
    for job in planned:
        counts[job.soort] = counts.get(job.soort, 0) + 1
    assert counts == {"beleidsrapportage": 1, "vergelijking": 8, "regiorapport": 71,
                      "projectvoortgang": 2}
    group = next(j for j in planned if j.key == "vergelijking/regiegebieden-west-vlaanderen")
    assert [naam for _, _, naam in group.leden] == [
        "Regio Brugge", "Middenkust", "Midwest", "Westhoek", "Zuid-West-Vlaanderen"]
    assert group.parameters["groep"] == "regiegebied:30000"
    policy = next(j for j in planned if j.soort == "beleidsrapportage")
    assert len(policy.leden) == 13 + 5
    # The longest reports first: the beleidsrapportage, then the group comparisons.
    assert [j.key for j in planned[:2]] == ["beleidsrapportage/beleidsrapportage",
                                            "vergelijking/centrumsteden"]
    areas = [j for j in planned if j.soort == "regiorapport"]
    assert [j.key for j in areas[:2]] == ["vlaanderen/vlaanderen", "centrumstad/antwerpen"]
    assert sum(j.geo_type == "regiegebied" for j in planned) == 37
    assert areas[1].parameters == {"geo": "centrumstad:11002", "periode": None,
                                   "data_dir": None, "grenzen": "2024"}


def test_a_plan_item_with_the_wrong_list_gets_both_messages(tmp_path):
    path = tmp_path / "rapporten.yaml"
    assert _plan(tmp_path, "rapporten:\n  - soort: projectvoortgang\n    gebieden: [alle]\n") == [
        f"{path}, rij 3, kolom 'gebieden': rapport op plaats 1: onbekende sleutel 'gebieden' "
        "(verwacht: soort, projecten)",
        f"{path}, rij 2, kolom 'projecten': rapport op plaats 1: 'projecten' ontbreekt (een "
        "lijst van projectbestanden in projecten/ (zonder .yaml) of 'alle')"]


@pytest.mark.parametrize(("text", "message"), [
    ("rapporten:\n  - soort: projectvoortgang\n    projecten: [onbekend]\n",
     "rij 3, kolom 'projecten': project 'onbekend' niet gevonden in projecten/ "
     "(beschikbaar: ivoc-young-patterns-2020-2022, plastiq-ingroeibanen-2022-2023)"),
    ("rapporten:\n  - soort: regiorapport\n    gebieden: [provincie, Atlantis]\n",
     "rij 3, kolom 'gebieden': geografie 'Atlantis' niet gevonden in grensversie 2024"),
])
def test_unknown_project_or_area_in_the_plan_names_its_line(tmp_path, geography, text,
                                                             message):
    path = tmp_path / "rapporten.yaml"
    path.write_text(text, encoding="utf-8")
    items, problems = batch.read_plan(path)
    assert problems == []
    with pytest.raises(aio.InputError) as caught:
        batch.plan_jobs(items, geography, "2024", plan_path=path)
    assert [str(p) for p in caught.value.problems] == [f"{path}, {message}"]


def test_alleen_a_kind_takes_its_reports_from_the_plan(geography):
    items, _ = batch.read_plan()
    planned = batch.plan_jobs(items, geography, "2024", alleen=["projectvoortgang", "Gent"])
    assert [(j.key, j.geo_type) for j in planned] == [
        ("centrumstad/gent", "centrumstad"),
        ("project/ivoc-young-patterns-2020-2022", "project"),
        ("project/plastiq-ingroeibanen-2022-2023", "project")]
    assert planned[2].parameters == {"project": "plastiq-ingroeibanen-2022-2023",
                                     "data_dir": None}
    assert planned[2].naam == ("Ingroeibanen voor jonge werkzoekenden in de "
                               "kunststofverwerking")


def test_a_project_report_is_built_with_its_tables_and_listed(tmp_path, geography):
    import pandas as pd

    items, _ = batch.read_plan()
    todo = batch.plan_jobs(items, geography, "2024", alleen=["projectvoortgang"])[1:]
    result = batch.run_batch(todo, out_dir=tmp_path, inputs=INPUTS,
                             prepare=lambda work: "geen-profiel.parquet", workers=1,
                             progress=False, warm=False)
    assert [r["status"] for r in result.results] == ["gebouwd"]
    page = (tmp_path / "project" / "plastiq-ingroeibanen-2022-2023.html").read_text("utf-8")
    assert ("<title>Ingroeibanen voor jonge werkzoekenden in de kunststofverwerking — "
            "voortgangsrapport</title>") in page
    assert "7.144" in page and "276.335,31" in page and "geen-profiel" not in page
    sheets = pd.read_excel(tmp_path / "project" / "plastiq-ingroeibanen-2022-2023.xlsx",
                           sheet_name=None)
    assert list(sheets) == ["realisatie", "budget"]
    table = pd.read_csv(tmp_path / "project" / "plastiq-ingroeibanen-2022-2023.csv")
    assert len(table) == len(sheets["realisatie"]) and "realisatiegraad_pct" in table
    index = batch.write_index(tmp_path, result.manifest).read_text(encoding="utf-8")
    assert "Voortgang van projecten (1)" in index


def test_an_area_job_carries_the_names_of_its_gemeenten(geography):
    # The index finds Westhoek, West-Vlaanderen and the group of its regiegebieden by "Ieper".
    items, _ = batch.read_plan()
    planned = {j.key: j for j in batch.plan_jobs(items, geography, "2024")}
    assert "Ieper" in planned["regiegebied/westhoek"].zoektermen
    assert "Ieper" in planned["provincie/provincie-west-vlaanderen"].zoektermen
    assert "Westhoek" in planned["vergelijking/regiegebieden-west-vlaanderen"].zoektermen
    assert planned["centrumstad/gent"].zoektermen == ()


def test_alleen_overrides_the_plan(geography):
    items, _ = batch.read_plan()
    planned = batch.plan_jobs(items, geography, "2024", alleen=["provincie", "Westhoek"])
    assert [j.naam for j in planned][-1] == "Westhoek" and len(planned) == 6


def _plan(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "rapporten.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in batch.read_plan(path)[1]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("andere: 1\n",
         "rij 1: de rapportenlijst moet een sleutel 'rapporten' hebben met een lijst van "
         "rapporten"),
        ("rapporten: []\n",
         "rij 1, kolom 'rapporten': 'rapporten' is leeg: zet er minstens één rapport in"),
        ("rapporten: Gent\n",
         "rij 1, kolom 'rapporten': 'rapporten' moet een lijst zijn, niet tekst"),
        ("rapporten:\n  - soort: kaart\n    gebieden: [provincie]\n",
         "rij 2, kolom \'soort\': rapport op plaats 1: onbekende soort 'kaart' (kies uit "
         "regiorapport, vergelijking, beleidsrapportage, projectvoortgang)"),
        ("rapporten:\n  - gebieden: [provincie]\n",
         "rij 2, kolom \'soort\': rapport op plaats 1: soort ontbreekt (kies uit regiorapport, "
         "vergelijking, beleidsrapportage, projectvoortgang)"),
        ("rapporten:\n  - soort: projectvoortgang\n    projecten: alle\n",
         "rij 3, kolom \'projecten\': rapport op plaats 1: 'projecten' moet een niet-lege lijst "
         "van projectbestanden in projecten/ (zonder .yaml) of 'alle' zijn"),
        ("rapporten:\n  - soort: vergelijking\n    groepen: []\n",
         "rij 3, kolom \'groepen\': rapport op plaats 1: 'groepen' moet een niet-lege lijst van "
         "groepen (centrumstad, regiegebied, provincie, referentieregio of "
         "regiegebied:<provincie>) zijn"),
        ("rapporten:\n  - soort: beleidsrapportage\n    gebieden: [Gent]\n",
         "rij 3, kolom \'gebieden\': rapport op plaats 1: onbekende sleutel 'gebieden' "
         "(verwacht: soort)"),
        ("rapporten:\n  - soort: regiorapport\n    gebieden: []\n",
         "rij 3, kolom \'gebieden\': rapport op plaats 1: 'gebieden' moet een niet-lege lijst van "
         "types, codes of namen zijn"),
        ("rapporten:\n  - soort: regiorapport\n    gebieden: [provincie]\n    extra: 1\n",
         "rij 4, kolom \'extra\': rapport op plaats 1: onbekende sleutel 'extra' (verwacht: soort, "
         "gebieden)"),
        ("rapporten:\n  - regiorapport\n",
         "rij 2: rapport op plaats 1: verwacht soort en gebieden, niet tekst"),
    ],
)
def test_bad_plan_is_reported_with_file_and_line(tmp_path, text, message):
    assert _plan(tmp_path, text) == [f"{tmp_path / 'rapporten.yaml'}, {message}"]


def test_a_report_failing_on_its_first_build_is_listed_without_a_link(
        tmp_path, mini_notebook, profile_parquet, monkeypatch):
    monkeypatch.setenv("RAPPORTAGE_TEST_FOUT", "Brugge")
    result = run(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet)
    index = batch.write_index(tmp_path, result.manifest).read_text(encoding="utf-8")
    assert '<a href="centrumstad/gent.html">Gent</a>' in index
    assert ("<th scope='row'>Brugge<br><span class='status'>rapport niet beschikbaar</span>"
            "</th>") in index and "centrumstad/brugge" not in index


def test_the_page_title_is_escaped():
    import nbformat

    page = batch.to_html(nbformat.v4.new_notebook(), "</title><script>alert(1)</script> & co")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in page
    assert "<script>" not in page


def test_the_contents_add_no_numbers_to_numbered_headings():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in (
        "## Kerncijfers", "## 1 Samenwerkingsovereenkomsten", "### Stand per gemeente",
        "## Elk talent aan de slag (2–7)")]
    page = batch.to_html(notebook, "Gent")
    nav = re.search(r"<nav class='inhoud'.*?</nav>", page, flags=re.S).group(0)
    # A numbered list read "4. 1 Samenwerkingsovereenkomsten": the seed's own number suffices.
    assert "<ol" not in nav
    assert ("<li><a href='#1-samenwerkingsovereenkomsten'>1 Samenwerkingsovereenkomsten</a><ul>"
            "<li><a href='#stand-per-gemeente'>Stand per gemeente</a></li></ul></li>") in nav
    assert "nav.inhoud ul { list-style: none;" in page


def test_same_inputs_give_the_same_html(tmp_path, mini_notebook, profile_parquet):
    run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    first = (tmp_path / "centrumstad" / "gent.html").read_bytes()
    run(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet, force=True)
    assert (tmp_path / "centrumstad" / "gent.html").read_bytes() == first
    assert b"injected-parameters" not in first and b'geo = "Gent"' not in first


def test_profile_for_workers_is_sorted_by_area_in_small_row_groups(tmp_path, profile_parquet):
    import pandas as pd
    import pyarrow.parquet as pq

    profile = pd.read_parquet(profile_parquet)
    path = batch.write_profile(profile, tmp_path / "p.parquet")
    stored = pd.read_parquet(path)
    assert len(stored) == len(profile)
    keys = list(zip(stored["geo_type"], stored["geo"], strict=True))
    assert keys == sorted(keys)
    assert pq.ParquetFile(path).metadata.num_row_groups == -(-len(profile) // 1000)


def test_ctrl_c_while_writing_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "centrumstad" / "gent.html"
    aio.write_text("oud", target)

    def interrupted(temporary: Path) -> None:
        temporary.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        aio.write_atomic(target, interrupted)
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in target.parent.iterdir()] == ["gent.html"]


def test_workers_leave_ctrl_c_to_the_main_process():
    import signal

    previous = signal.getsignal(signal.SIGINT)
    try:
        batch._worker_ignores_ctrl_c()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
