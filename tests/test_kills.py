"""Kills: ``kill -9`` of a build or of one of its workers, and the ``--jobs`` cap.

Real processes: ``rapportage bouw`` (``analysis.cli.main``) runs as a subprocess on the small
fixture data, with a stand-in notebook whose run for a chosen area writes a mark (named by its
kernel's pid) and then waits until the test kills it: the kill comes at a known point, found
by polling with a generous deadline, never after a fixed sleep.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import nbformat
import psutil
import pytest

from analysis import batch, cli, leftovers, lifeline, pool

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "observaties"
GENT, BRUGGE, AALST = "centrumstad:44021", "centrumstad:31005", "centrumstad:41002"
DEADLINE = 120.0  # seconds: generous, for a machine shared with other work

WAIT_SOURCE = """\
import json, os, pathlib, time
from IPython.display import HTML, display
wait = json.loads(os.environ.get("RAPPORTAGE_TEST_WACHT") or "{}")
if geo in wait.get("geos", []):
    marks = pathlib.Path(wait["map"])
    name = geo.replace(":", "-")
    (marks / f"{name}-{os.getpid()}").touch()
    if len(list(marks.glob(name + "-*"))) <= wait["keer"]:
        time.sleep(600)  # until the test kills this run's worker or the build
display(HTML("<h2>Rapport " + geo + "</h2>"))"""

#: Runs ``rapportage bouw`` with the stand-in notebook (as tests/test_cli.py does in-process).
DRIVER = (
    "import sys\n"
    "from analysis import batch, cli\n"
    "batch.NOTEBOOKS['regiorapport'] = sys.argv[1]\n"
    "sys.exit(cli.main(sys.argv[2:]))\n"
)


@pytest.fixture(scope="module")
def wait_notebook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("nb") / "wacht.ipynb"
    parameters = nbformat.v4.new_code_cell(
        'geo = "Gent"  # gebied\nperiode = None  # periode\ndata_dir = None  # map\n'
        "grenzen = None  # grenzen\nprofiel = None  # profiel"
    )
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(WAIT_SOURCE)])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)
    return path


class Scene:
    """One output folder, with its own temporary and Jupyter runtime folders (so that what
    is left behind is this test's alone), and a tag in the environment of every process."""

    def __init__(self, tmp_path: Path, notebook: Path) -> None:
        self.out = tmp_path / "uit"
        self.marks = tmp_path / "merktekens"
        self.marks.mkdir()
        self.runtime = tmp_path / "runtime"
        # Short: the zygote's socket paths must fit in 107 bytes.
        self.tmp = Path(tempfile.mkdtemp(prefix="k", dir="/tmp"))
        self.notebook = notebook
        self.tag = uuid.uuid4().hex

    def env(self, wait: dict | None) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "TMPDIR": str(self.tmp),
            "JUPYTER_RUNTIME_DIR": str(self.runtime),
            "RAPPORTAGE_TEST_MERK": self.tag,
        }
        env.pop("RAPPORTAGE_TEST_WACHT", None)
        if wait is not None:
            env["RAPPORTAGE_TEST_WACHT"] = json.dumps({"map": str(self.marks), **wait})
        return env

    def argv(self, *areas: str) -> list[str]:
        return [
            sys.executable,
            "-c",
            DRIVER,
            str(self.notebook),
            "bouw",
            "--alleen",
            *areas,
            "--data",
            str(FIXTURES),
            "--uitvoer",
            str(self.out),
            "--stil",
            "--jobs",
            "2",
        ]

    def start(self, *areas: str, wait: dict) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.argv(*areas),
            env=self.env(wait),
            cwd=self.tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *areas: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*areas),
            env=self.env(None),
            cwd=self.tmp,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def kernel_of(self, geo: str, number: int) -> psutil.Process:
        """The kernel of the ``number``-th run of ``geo``'s report, once it waits."""
        name = geo.replace(":", "-")

        def marks() -> list[Path] | None:
            found = sorted(self.marks.glob(name + "-*"), key=os.path.getmtime)
            return found if len(found) >= number else None

        return psutil.Process(int(until(marks)[number - 1].name.rsplit("-", 1)[1]))

    def tagged(self) -> list[psutil.Process]:
        """Every live process of this test's builds (they all carry the tag)."""
        found = []
        for process in psutil.process_iter():
            try:
                if (
                    process.status() != psutil.STATUS_ZOMBIE
                    and process.environ().get("RAPPORTAGE_TEST_MERK") == self.tag
                ):
                    found.append(process)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def close(self) -> None:
        for process in self.tagged():  # only after a failed assertion
            process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def scene(tmp_path, wait_notebook):
    made = Scene(tmp_path, wait_notebook)
    yield made
    made.close()


def until(check: Callable[[], object], deadline: float = DEADLINE):
    """Poll ``check`` until it returns something true; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not (value := check()):
        assert time.monotonic() < end, "niet binnen de termijn"
        time.sleep(0.05)
    return value


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def worker_of(process: psutil.Process, build: subprocess.Popen[str]) -> psutil.Process:
    """The worker (a child of the build) that ``process`` descends from."""
    return next(p for p in process.parents() if p.ppid() == build.pid)


def manifest_of(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# -- kill -9 of the main process -------------------------------------------------------------


def test_kill_9_of_the_build_ends_its_workers_zygotes_and_kernels(scene):
    build = scene.start("Gent", "Brugge", wait={"geos": [GENT, BRUGGE], "keer": 99})
    kernels = [scene.kernel_of(GENT, 1), scene.kernel_of(BRUGGE, 1)]
    workers = {worker_of(k, build).pid for k in kernels}
    family = psutil.Process(build.pid).children(recursive=True)
    zygotes = {k.ppid() for k in kernels}
    assert len(workers) == 2 and {p.pid for p in family} >= {k.pid for k in kernels} | zygotes
    build.kill()
    build.wait()
    until(lambda: not any(running(p) for p in family))
    assert scene.tagged() == []  # nor any process they started


def test_the_next_build_cleans_up_and_lists_every_report(scene):
    build = scene.start("Gent", "Brugge", wait={"geos": [GENT], "keer": 99})
    scene.kernel_of(GENT, 1)
    # Brugge is built before the kill: its files are there, in no manifest.
    until(lambda: (scene.out / "centrumstad" / "brugge.xlsx").is_file())
    build.kill()
    build.wait()
    until(lambda: not scene.tagged())
    left = sorted(p.name for p in scene.out.glob(".werk-*"))
    assert len(left) == 1 and left[0].startswith(f".werk-{build.pid}.")
    assert not (scene.out / "manifest.json").exists()
    runtime = sorted(str(p) for p in scene.runtime.glob("kernel-*.json"))
    sockets = sorted(str(p) for p in scene.tmp.glob(lifeline.KERNEL_DIR_PREFIX + "*"))

    done = scene.run("Gent", "Brugge")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "Opgeruimd na een afgebroken bouw: " + ", ".join(left + sockets + runtime) + "\n"
    )
    assert done.stdout.splitlines()[-1].startswith("Klaar in ")
    assert "2 rapporten, 2 gebouwd, 0 ongewijzigd, 0 mislukt." in done.stdout
    reports = manifest_of(scene.out)["rapporten"]
    assert {k: v["status"] for k, v in reports.items()} == {
        "centrumstad/gent": "gebouwd",
        "centrumstad/brugge": "gebouwd",
    }
    index = (scene.out / "index.html").read_text(encoding="utf-8")
    assert 'href="centrumstad/gent.html"' in index and 'href="centrumstad/brugge.html"' in index
    assert sorted(
        p.relative_to(scene.out).as_posix() for p in scene.out.rglob("*") if p.is_file()
    ) == [
        "centrumstad/brugge.csv",
        "centrumstad/brugge.html",
        "centrumstad/brugge.xlsx",
        "centrumstad/gent.csv",
        "centrumstad/gent.html",
        "centrumstad/gent.xlsx",
        "index.html",
        "manifest.json",
    ]
    assert list(scene.tmp.glob(lifeline.KERNEL_DIR_PREFIX + "*")) == []
    assert list(scene.runtime.glob("kernel-*.json")) == []


# -- kill -9 of a worker ---------------------------------------------------------------------


def test_a_killed_worker_has_its_report_retried_once_and_the_others_go_on(scene):
    build = scene.start("Gent", "Brugge", "Aalst", wait={"geos": [GENT], "keer": 1})
    kernel = scene.kernel_of(GENT, 1)
    worker_of(kernel, build).kill()
    out, err = build.communicate(timeout=600)
    assert build.returncode == 0, err
    assert err == "werker gestopt tijdens centrumstad/gent; opnieuw geprobeerd\n"
    assert "3 rapporten, 3 gebouwd, 0 ongewijzigd, 0 mislukt." in out
    assert len(list(scene.marks.iterdir())) == 2  # Gent ran twice, the second time to the end
    reports = manifest_of(scene.out)["rapporten"]
    assert {k: v["status"] for k, v in reports.items()} == {
        "centrumstad/gent": "gebouwd",
        "centrumstad/brugge": "gebouwd",
        "centrumstad/aalst": "gebouwd",
    }
    page = (scene.out / "centrumstad" / "gent.html").read_text(encoding="utf-8")
    assert f">Rapport {GENT}</h2>" in page
    assert not running(kernel)
    assert scene.tagged() == []


def test_a_second_death_fails_only_that_report(scene):
    build = scene.start("Gent", "Brugge", "Aalst", wait={"geos": [GENT], "keer": 2})
    worker_of(scene.kernel_of(GENT, 1), build).kill()
    worker_of(scene.kernel_of(GENT, 2), build).kill()
    out, err = build.communicate(timeout=600)
    assert build.returncode == 1
    assert err == (
        "werker gestopt tijdens centrumstad/gent; opnieuw geprobeerd\n"
        "MISLUKT centrumstad/gent: werker gestopt: de werker stopte opnieuw tijdens dit "
        "rapport (signaal 9 (SIGKILL)); het rapport is niet gebouwd\n"
    )
    assert "3 rapporten, 2 gebouwd, 0 ongewijzigd, 1 mislukt." in out
    reports = manifest_of(scene.out)["rapporten"]
    assert {k: v["status"] for k, v in reports.items()} == {
        "centrumstad/gent": "mislukt",
        "centrumstad/brugge": "gebouwd",
        "centrumstad/aalst": "gebouwd",
    }
    assert reports["centrumstad/gent"]["pogingen"] == 2
    assert sorted(p.name for p in (scene.out / "centrumstad").iterdir()) == [
        "aalst.csv",
        "aalst.html",
        "aalst.xlsx",
        "brugge.csv",
        "brugge.html",
        "brugge.xlsx",
    ]
    assert scene.tagged() == []


# -- --jobs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "reports", "cores", "expected"),
    [
        (8, 1, 2, (1, "--jobs 8 verlaagd naar 1: 1 rapport te bouwen")),
        (8, 5, 2, (2, "--jobs 8 verlaagd naar 2: 2 processorkernen beschikbaar")),
        (
            8,
            4,
            4,
            (4, "--jobs 8 verlaagd naar 4: 4 rapporten te bouwen en 4 processorkernen beschikbaar"),
        ),
        (
            3,
            1,
            1,
            (1, "--jobs 3 verlaagd naar 1: 1 rapport te bouwen en 1 processorkern beschikbaar"),
        ),
        (2, 5, 4, (2, None)),
        (None, 1, 4, (1, None)),  # no --jobs: one per core, silently at most one per report
        (None, 9, 4, (4, None)),
        (8, 0, 2, (0, None)),  # nothing to build: no worker and nothing to say
    ],
)
def test_jobs_is_capped_at_reports_and_cores(monkeypatch, requested, reports, cores, expected):
    monkeypatch.setattr(pool, "available_cores", lambda: cores)
    assert pool.worker_count(requested, reports) == expected


def test_bouw_starts_workers_only_for_reports_to_build(
    capsys, tmp_path, monkeypatch, mini_notebook
):
    started: list[int] = []
    real = batch.Workers.start

    def start(self):
        started.append(self.count)
        return real(self)

    monkeypatch.setattr(batch.Workers, "start", start)
    monkeypatch.setitem(batch.NOTEBOOKS, "regiorapport", mini_notebook)
    argv = [
        "bouw",
        "--alleen",
        "Gent",
        "--data",
        str(FIXTURES),
        "--uitvoer",
        str(tmp_path),
        "--stil",
        "--jobs",
        "8",
    ]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert "--jobs 8 verlaagd naar 1: 1 rapport te bouwen" in out
    assert started == [1]
    assert cli.main(argv) == 0  # all fresh: no worker, no note
    out = capsys.readouterr().out
    assert "verlaagd" not in out and "0 gebouwd, 1 ongewijzigd" in out
    assert started == [1]


# -- the clean-up at the start of a build ----------------------------------------------------


def ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_clean_removes_only_what_ended_builds_left(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "runtime").mkdir()
    out = tmp_path / "uit"
    dead = ended_pid()
    killed = out / f".werk-{dead}.123-abcd1234"
    reused = out / f".werk-{os.getpid()}.1-abcd1234"  # this pid, another start: reused
    old = out / ".werk-x1y2z3w4"  # a version that named no owner
    for folder in (killed, reused, old):
        (folder / "centrumstad").mkdir(parents=True)
    (out / "centrumstad").mkdir()
    half = out / "centrumstad" / ".gent.html.k3j2h1g0.html"
    half.write_text("half", encoding="utf-8")
    (out / "centrumstad" / "gent.html").write_text("heel", encoding="utf-8")
    (out / ".mislukt").mkdir()
    sockets = tmp_path / "tmp" / f"{lifeline.KERNEL_DIR_PREFIX}{dead}.5-qwertyui"
    sockets.mkdir()
    mine = tmp_path / "tmp" / f"{lifeline.KERNEL_DIR_PREFIX}{lifeline.owner_tag()}qwertyui"
    mine.mkdir()
    connection = tmp_path / "runtime" / "kernel-1.json"
    connection.write_text(json.dumps({"ip": str(sockets / "ab12")}), encoding="utf-8")
    live = tmp_path / "runtime" / "kernel-2.json"
    live.write_text(json.dumps({"ip": str(mine / "ab12")}), encoding="utf-8")

    assert sorted(leftovers.clean(out)) == sorted(
        [
            killed.name,
            old.name,
            reused.name,
            "centrumstad/.gent.html.k3j2h1g0.html",
            str(sockets),
            str(connection),
        ]
    )
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".mislukt",
        "centrumstad",
        "centrumstad/gent.html",
    ]
    assert mine.is_dir() and live.is_file()


def test_a_running_build_keeps_its_work_folder_and_temporary_files(tmp_path):
    running_build = tmp_path / (leftovers.work_prefix() + "abcd1234")
    running_build.mkdir()
    half = tmp_path / ".manifest.json.k3j2h1g0.json"
    half.write_text("{", encoding="utf-8")
    assert leftovers.clean(tmp_path) == []
    assert running_build.is_dir() and half.is_file()
