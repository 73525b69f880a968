"""The output folder: one build at a time, output errors before any work, freshness of every
export, and ``grenzen --bron`` with a file that is not a boundary file.

Each case checks the exact Dutch message, the exit code, and that nothing was written or lost.
Read-only and full disks are real small tmpfs mounts when the tests run as root (skipped
otherwise; a read-only folder is then a folder without write permission).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import nbformat
import openpyxl
import pytest

from analysis import batch, cli, uitvoer
from analysis import io as aio

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "observaties"
INPUTS = {"gegevens": "a", "code": "b", "versie": "0.1.0"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def earlier_output(folder: Path) -> None:
    """A folder holding the outputs of an earlier build."""
    (folder / "centrumstad").mkdir(parents=True, exist_ok=True)
    (folder / "centrumstad" / "gent.html").write_text("<p>oud</p>", encoding="utf-8")
    (folder / "manifest.json").write_text('{"rapporten": {}}\n', encoding="utf-8")


def bouw(out: Path, *extra: str) -> tuple[str, ...]:
    return ("bouw", "--alleen", "Gent", "--data", str(FIXTURE), "--uitvoer", str(out), "--stil",
            *extra)


@pytest.fixture
def tmpfs(tmp_path):
    """``mount(size, read_only)``: a small tmpfs under tmp_path (root only), unmounted after."""
    if os.geteuid() != 0:
        pytest.skip("een tmpfs koppelen vraagt root")
    mounted: list[Path] = []

    def mount(size: str = "4m") -> Path:
        point = tmp_path / f"schijf{len(mounted)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(point)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"tmpfs koppelen lukt niet: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill(path: Path) -> None:
    """Write zeros to ``path`` until the file system is full."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        while True:
            os.write(descriptor, b"\0" * 65536)
    except OSError as error:
        assert error.errno == 28  # ENOSPC
    finally:
        os.close(descriptor)


# -- 9. output errors before any work ---------------------------------------------------------


def test_uitvoer_naming_a_file_is_a_usage_error(capsys, tmp_path):
    target = tmp_path / "rapporten.txt"
    target.write_text("mijn notities\n", encoding="utf-8")
    code, out, err = run(capsys, *bouw(target))
    assert (code, out) == (2, "")
    assert err == f"rapportage bouw: --uitvoer '{target}' is een bestand, geen map\n"
    assert snapshot(tmp_path) == {"rapporten.txt": b"mijn notities\n"}


def test_uitvoer_under_a_file_is_a_usage_error(capsys, tmp_path):
    target = tmp_path / "rapporten.txt"
    target.write_text("mijn notities\n", encoding="utf-8")
    code, out, err = run(capsys, *bouw(target / "uit"))
    assert (code, out) == (2, "")
    assert err == (f"rapportage bouw: --uitvoer '{target / 'uit'}' ligt in '{target}', dat een "
                   "bestand is en geen map\n")
    assert snapshot(tmp_path) == {"rapporten.txt": b"mijn notities\n"}


def test_a_read_only_output_folder_stops_before_the_data_is_validated(capsys, tmp_path, tmpfs):
    disk = tmpfs()
    earlier_output(disk / "uit")
    before = snapshot(disk)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    code, out, err = run(capsys, *bouw(disk / "uit"))
    # No "Bestanden: … Geldig." line: the folder is checked before the data.
    assert (code, out) == (1, "")
    assert err == f"Fout: {disk / 'uit'}: kan niet schrijven in de uitvoermap (alleen-lezen " \
                  "bestandssysteem)\n"
    assert snapshot(disk) == before


def test_an_output_folder_without_write_permission_stops_before_validation(capsys, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root schrijft ook zonder schrijfrechten (zie de tmpfs-test)")
    out_dir = tmp_path / "uit"
    earlier_output(out_dir)
    before = snapshot(tmp_path)
    out_dir.chmod(0o555)
    try:
        code, out, err = run(capsys, *bouw(out_dir))
    finally:
        out_dir.chmod(0o755)
    assert (code, out) == (1, "")
    assert err == f"Fout: {out_dir}: kan niet schrijven in de uitvoermap (geen schrijfrechten)\n"
    assert snapshot(tmp_path) == before


def test_a_full_disk_stops_before_the_data_is_validated(capsys, tmpfs):
    disk = tmpfs("1m")
    earlier_output(disk / "uit")
    fill(disk / "vul")
    before = snapshot(disk / "uit")
    code, out, err = run(capsys, *bouw(disk / "uit"))
    assert (code, out) == (1, "")
    assert err == f"Fout: {disk / 'uit'}: kan niet schrijven in de uitvoermap (schijf vol)\n"
    assert snapshot(disk / "uit") == before


def test_invalid_data_leaves_no_new_output_folder(capsys, tmp_path):
    (tmp_path / "a.csv").write_text("indicator;geo;periode;teller;noemer\n"
                                    "wzw;44021;2022Q5;5;\n", encoding="utf-8")
    code, out, err = run(capsys, "bouw", "--alleen", "Gent", "--data", str(tmp_path / "a.csv"),
                         "--uitvoer", str(tmp_path / "nieuw"), "--stil")
    assert (code, err) == (1, "")
    assert out == (f"{tmp_path / 'a.csv'}, rij 2, kolom 'periode': '2022Q5' is geen geldige "
                   "periode: kwartaal moet 1 tot en met 4 zijn\n"
                   "Bestanden: 1 · rijen: 1 · geldige rijen: 0 · problemen: 1\n"
                   "Ongeldig: los de problemen hierboven op.\n")
    assert not (tmp_path / "nieuw").exists()  # the probe's folder is removed again


FILLING_SOURCE = '''\
import os
from IPython.display import HTML, display
if os.environ.get("RAPPORTAGE_TEST_VUL_GEO") == geo:
    # The disk fills up while the report is being built.
    descriptor = os.open(os.environ["RAPPORTAGE_TEST_VUL_PAD"], os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\\0" * 65536)
    except OSError:
        pass
    os.close(descriptor)
display(HTML("<h2>Rapport " + geo + "</h2>"))'''


@pytest.fixture
def filling_notebook(tmp_path) -> Path:
    """A stand-in report notebook that fills the disk for one chosen geo."""
    path = tmp_path / "vullen.ipynb"
    parameters = nbformat.v4.new_code_cell(
        'geo = "Gent"\nperiode = None\ndata_dir = None\ngrenzen = None\nprofiel = None')
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(
        cells=[parameters, nbformat.v4.new_code_cell(FILLING_SOURCE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_a_disk_filling_up_during_the_build_names_the_file_and_keeps_the_old_outputs(
        capsys, tmpfs, filling_notebook, monkeypatch):
    disk = tmpfs("8m")
    out_dir = disk / "uit"
    monkeypatch.setitem(batch.NOTEBOOKS, "regiorapport", filling_notebook)
    argv = ("bouw", "--alleen", "Gent", "Brugge", "--data", str(FIXTURE), "--uitvoer",
            str(out_dir), "--stil", "--jobs", "1")
    assert run(capsys, *argv)[0] == 0
    before = snapshot(out_dir)
    monkeypatch.setenv("RAPPORTAGE_TEST_VUL_GEO", "centrumstad:31005")  # Brugge
    monkeypatch.setenv("RAPPORTAGE_TEST_VUL_PAD", str(disk / "vul"))
    code, out, err = run(capsys, *argv, "--force")
    assert code == 1
    first, *others = err.splitlines()
    # The report's own error comes first and names the file; papermill's save was cut short,
    # so its notebook is not kept in .mislukt (a half notebook would only mislead).
    assert re.fullmatch(rf"MISLUKT centrumstad/brugge: OSError: {re.escape(str(out_dir))}/"
                        r"\.werk-[^/]+/centrumstad/brugge\.ipynb: kan niet schrijven \(schijf "
                        r"vol\) \(notebook niet bewaard: het uitgevoerde notebook is onvolledig "
                        r"geschreven\)", first), first
    # Whatever else did not fit is named, file by file, in Dutch (which files depends on how
    # much space the removed work files gave back).
    for line in others:
        assert re.fullmatch(rf"Fout: {re.escape(str(out_dir))}/[\w.]+: kan niet schrijven "
                            r"\(schijf vol\)", line), line
    if others:  # the manifest or the index did not fit: no summary of a build half recorded
        assert "Klaar" not in out
    else:
        assert "2 rapporten, 1 gebouwd, 0 ongewijzigd, 1 mislukt." in out
    after = snapshot(out_dir)
    # Brugge's earlier outputs are intact, no half-written file and no temporary one is left.
    assert set(after) == set(before)
    assert {k: v for k, v in after.items() if "brugge" in k} == {
        k: v for k, v in before.items() if "brugge" in k}
    manifest = json.loads(after["manifest.json"])
    assert manifest["rapporten"]["centrumstad/brugge"]["status"] in {"gebouwd", "mislukt"}
    assert after["index.html"].endswith(b"</html>\n")


# -- 6. one build per output folder ------------------------------------------------------------

HOLDER = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from analysis import uitvoer
    with uitvoer.output_folder(Path(sys.argv[1])):
        print("vast", flush=True)
        sys.stdin.read()
""")


@pytest.fixture
def holder():
    """``hold(folder)``: another process that holds the folder's build lock until released."""
    started: list[subprocess.Popen] = []

    def hold(folder: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(folder)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert process.stdout.readline() == "vast\n"  # it holds the lock now
        started.append(process)
        return process

    yield hold
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


def test_a_second_build_into_the_same_folder_stops_at_once(capsys, tmp_path, holder):
    out_dir = tmp_path / "uit"
    earlier_output(out_dir)
    other = holder(out_dir)
    before = snapshot(tmp_path)
    pid, started = (out_dir / ".bouw.lock").read_text(encoding="utf-8").split()
    assert pid == str(other.pid)
    when = datetime.fromisoformat(started).strftime("%d/%m/%Y %H:%M")
    code, out, err = run(capsys, *bouw(out_dir))
    assert (code, out) == (1, "")
    assert err == (f"Fout: Er loopt al een bouw in {out_dir} (proces {other.pid}, gestart "
                   f"{when}); wacht tot die klaar is, of gebruik --wacht om erop te wachten, of "
                   "kies een andere map met --uitvoer\n")
    assert snapshot(tmp_path) == before


def test_a_waiting_build_starts_when_the_other_is_done(tmp_path, holder):
    out_dir = tmp_path / "uit"
    earlier_output(out_dir)
    other = holder(out_dir)
    said: list[str] = []

    def release(message: str) -> None:
        said.append(message)
        other.stdin.close()  # the other build ends

    with uitvoer.output_folder(out_dir, wait=True, on_wait=release):
        assert (out_dir / ".bouw.lock").read_text(encoding="utf-8").split()[0] == str(
            os.getpid())
    assert other.wait() == 0
    assert len(said) == 1
    assert said[0].startswith(f"Er loopt al een bouw in {out_dir} (proces {other.pid}, gestart ")
    assert said[0].endswith("); wachten tot die klaar is …")
    assert not (out_dir / ".bouw.lock").exists()  # a build leaves no lock file


def test_the_lock_of_a_killed_build_is_free(tmp_path, holder):
    out_dir = tmp_path / "uit"
    earlier_output(out_dir)
    other = holder(out_dir)
    other.send_signal(signal.SIGKILL)
    other.wait()
    with uitvoer.output_folder(out_dir):
        pass
    assert sorted(snapshot(out_dir)) == ["centrumstad", "centrumstad/gent.html", "manifest.json"]


def test_manifest_and_index_are_written_from_what_is_on_disk_at_the_end(
        capsys, tmp_path, monkeypatch, mini_notebook):
    """Whatever lands in the manifest while a build runs (an earlier build's entry, a repair)
    is kept: the manifest is merged under the lock at the end, and the index made from it."""
    monkeypatch.setitem(batch.NOTEBOOKS, "regiorapport", mini_notebook)
    out_dir = tmp_path / "uit"
    argv = ("bouw", "--alleen", "Gent", "--data", str(FIXTURE), "--uitvoer", str(out_dir),
            "--stil", "--jobs", "1")
    real = batch.run_job

    def meanwhile(job, settings):
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        manifest["rapporten"]["centrumstad/brugge"] = {
            "status": "gebouwd", "gebied": {"type": "centrumstad", "code": "31005",
                                            "naam": "Brugge"},
            "bestanden": {"html": "centrumstad/brugge.html"}}
        (out_dir / "centrumstad" / "brugge.html").write_text("<p>Brugge</p>", "utf-8")
        (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return real(job, settings)

    assert run(capsys, *argv)[0] == 0
    monkeypatch.setattr(batch, "run_job", meanwhile)
    assert run(capsys, *argv, "--force")[0] == 0
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["rapporten"]) == ["centrumstad/brugge", "centrumstad/gent"]
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="centrumstad/brugge.html"' in index
    assert 'href="centrumstad/gent.html"' in index


# -- 10. freshness: every output is hashed -----------------------------------------------------


def jobs(mini: Path, *names: str) -> list[batch.Job]:
    codes = {"Gent": "44021", "Brugge": "31005"}
    return [batch.Job(key=f"centrumstad/{n.lower()}", soort="regiorapport",
                      geo_type="centrumstad", geo_code=codes[n], naam=n, notebook=str(mini),
                      parameters={"geo": n, "periode": None, "data_dir": None,
                                  "grenzen": "2024"})
            for n in names]


def build(out: Path, todo: list[batch.Job], profile: str, **options) -> batch.BatchResult:
    return batch.run_batch(todo, out_dir=out, inputs=INPUTS, prepare=lambda work: profile,
                           workers=1, progress=False, warm=False, **options)


def test_the_manifest_hashes_every_output(tmp_path, mini_notebook, profile_parquet):
    build(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    entry = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))[
        "rapporten"]["centrumstad/gent"]
    import hashlib

    assert entry["sha256"] == {
        name: hashlib.sha256((tmp_path / path).read_bytes()).hexdigest()
        for name, path in entry["bestanden"].items()}
    assert sorted(entry["sha256"]) == ["csv", "html", "xlsx"]


def _edit_csv(out: Path) -> None:
    path = out / "centrumstad" / "gent.csv"
    path.write_bytes(path.read_bytes().replace(b"Gent", b"Gant", 1))


def _replace_csv(out: Path) -> None:
    (out / "centrumstad" / "gent.csv").write_bytes(
        (out / "centrumstad" / "brugge.csv").read_bytes())


def _edit_xlsx(out: Path) -> None:
    path = out / "centrumstad" / "gent.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["profiel"]["A2"] = "ander"
    workbook.save(path)


def _remove_xlsx(out: Path) -> None:
    (out / "centrumstad" / "gent.xlsx").unlink()


@pytest.mark.parametrize("change", [_edit_csv, _replace_csv, _edit_xlsx, _remove_xlsx],
                         ids=["csv bewerkt", "csv vervangen", "xlsx bewerkt", "xlsx weg"])
def test_a_changed_export_rebuilds_its_report(tmp_path, mini_notebook, profile_parquet, change):
    build(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet)
    change(tmp_path)
    brugge = snapshot(tmp_path / "centrumstad")
    result = build(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet)
    assert [r["status"] for r in result.results] == ["gebouwd", "ongewijzigd"]
    again = build(tmp_path, jobs(mini_notebook, "Gent", "Brugge"), profile_parquet)
    assert [r["status"] for r in again.results] == ["ongewijzigd", "ongewijzigd"]
    after = snapshot(tmp_path / "centrumstad")
    assert {k: v for k, v in after.items() if k.startswith("brugge")} == {
        k: v for k, v in brugge.items() if k.startswith("brugge")}


def test_a_manifest_without_hashes_of_the_exports_rebuilds(tmp_path, mini_notebook,
                                                           profile_parquet):
    build(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    path = tmp_path / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["rapporten"]["centrumstad/gent"]["sha256"]  # as an older version wrote it
    path.write_text(json.dumps(manifest), encoding="utf-8")
    result = build(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    assert result.results[0]["status"] == "gebouwd"


# -- 9. the copy of a failed notebook into .mislukt --------------------------------------------


def test_a_failed_copy_into_mislukt_leaves_no_half_file_and_keeps_the_first_error(
        tmp_path, mini_notebook, profile_parquet, monkeypatch):
    import errno

    replace = os.replace

    def disk_full(source, target, *args, **kwargs):
        if ".mislukt" in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(aio.os, "replace", disk_full)
    monkeypatch.setenv("RAPPORTAGE_TEST_FOUT", "Gent")
    result = build(tmp_path, jobs(mini_notebook, "Gent"), profile_parquet)
    failure = result.failed[0]
    assert failure["fout"] == {"cel": 3, "fout": "ValueError",
                               "melding": "kapotte parameter Gent"}
    kept = tmp_path.resolve() / ".mislukt" / "centrumstad" / "gent.ipynb"
    assert failure["notebook_fout"] == f"{kept}: kan niet schrijven (schijf vol)"
    assert "notebook" not in failure
    assert [p.name for p in (tmp_path / ".mislukt").rglob("*") if p.is_file()] == []
    entry = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))[
        "rapporten"]["centrumstad/gent"]
    assert entry["status"] == "mislukt" and entry["notebook_fout"] == failure["notebook_fout"]


# -- 12. grenzen --bron with a workbook ---------------------------------------------------------


def test_grenzen_with_a_workbook_names_the_file_and_the_formats(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "gebruiker"))
    workbook = openpyxl.Workbook()
    workbook.active.append(["nis", "naam"])
    workbook.active.append(["44021", "Gent"])
    source = tmp_path / "grenzen.xlsx"
    workbook.save(source)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "grenzen", "--bron", str(source))
    assert (code, out) == (1, "")
    assert err == (f"{source}: geen grenzenbestand: het bestand heeft geen geometrie (een "
                   "werkboek of een tabel?); verwacht een shapefile (.shp met .shx, .dbf en "
                   ".prj ernaast), een GeoPackage (.gpkg) of GeoJSON (.geojson, .json), "
                   "eventueel in een .zip\n")
    assert snapshot(tmp_path) == before  # nothing installed
