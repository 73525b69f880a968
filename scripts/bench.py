"""Benchmark (``make bench``): medians of repeated runs, printed in Dutch.

Sections grow with the package; each prints the median and the spread of ``REPEATS`` runs
measured in this one process, so ratios between sections are comparable.

The last section measures the batch as a user runs it, in one run of this script: the whole
``rapportage bouw`` cold (``--force``, a fresh output folder) while sampling the memory of its
processes, the same command warm (nothing to rebuild), and the naive loop (``papermill`` CLI,
then ``jupyter nbconvert --to html --no-input`` CLI, one report after the other) on a sample
of areas. It ends with the line ``ratio naive/rapportage: X``.

Units: memory in MB of 2**20 bytes (as ``geheugen_mb`` in the manifest), HTML sizes in kB of
1000 bytes and the HTML limit as 1 MB = 1.000.000 bytes.

The first section generates a CSV of ``--rijen`` rows (default 5 million) and measures the
peak memory (``ru_maxrss``) of ``rapportage valideer`` on it in a subprocess, printed as MB
and MB per million rows.

Options: ``--alleen-batch`` (only the batch section), ``--alleen-geheugen`` (only the memory
section), ``--rijen N``, ``--steekproef N`` (size of the naive sample, default 5). For
development only (hidden): ``--alleen-gebieden X…`` passes
``--alleen X…`` to ``rapportage bouw``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import io as aio
from analysis.geography import Geography
from analysis.indicators import build_profile

REPO = Path(__file__).resolve().parents[1]
REPEATS = 5


def timed(label: str, func: Callable[[], object], repeats: int = REPEATS) -> object:
    """Run ``func`` ``repeats`` times; print median, min and max wall time."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    print(
        f"{label:<62} mediaan {statistics.median(times) * 1000:9.1f} ms"
        f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={repeats})"
    )
    return result


def synthetic_observations(geography: Geography) -> pd.DataFrame:
    """Every 2024 gemeente × observation indicator × 12 quarters, Dutch-formatted numbers.

    Until the embedded example data exists ([3/8]) this stands in for it, at the same size.
    """
    rng = np.random.default_rng(20221231)
    codes = geography.members("Vlaanderen", "2024")
    periods = [f"{y}Q{q}" for y in (2020, 2021, 2022) for q in (1, 2, 3, 4)]
    index = pd.MultiIndex.from_product(
        [aio.load_catalogue().observation_ids, codes, periods],
        names=["indicator", "geo", "periode"],
    )
    frame = index.to_frame(index=False)
    noemer = rng.integers(30, 200_000, len(frame))
    teller = (noemer * rng.uniform(0.05, 0.8, len(frame))).astype(int)
    frame["teller"] = [f"{t:,}".replace(",", ".") for t in teller]
    frame["noemer"] = [f"{n:,}".replace(",", ".") for n in noemer]
    return frame


def quick_sections() -> int:
    """Reference tables, geography, CSV reading and the full profile, in this process."""
    directory = REPO / "data" / "reference"
    tables, problems = timed("referentietabellen lezen en controleren",
                             lambda: aio.read_reference(directory))
    if problems:
        print("\n".join(map(str, problems)))
        return 1
    geography = timed("Geography opbouwen (3 grensversies)", lambda: Geography(tables))
    names = geography.geographies(grenzen="2025")["naam"].tolist()
    timed(f"{len(names)} namen opzoeken (resolve)",
          lambda: [geography.resolve(n) for n in names])

    frame = synthetic_observations(geography)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "observaties.csv"
        frame.to_csv(csv_path, sep=";", index=False)
        size = csv_path.stat().st_size / 1e6
        result = timed(
            f"CSV inlezen + valideren ({len(frame):,} rijen".replace(",", ".")
            + f", {size:.1f} MB)".replace(".", ","),
            lambda: aio.read_observations([csv_path], geo_check=geography.check_geo),
            repeats=3,
        )
    print(f"{'':<62} geldige rijen: {len(result.data):,}".replace(",", "."))
    data = result.data
    converted = timed("omzetten grenzen 2024 → 2025",
                      lambda: geography.convert(data, "2025", "2024"))
    same = all(
        data.groupby("indicator")[c].sum().equals(converted.groupby("indicator")[c].sum())
        for c in ("teller", "noemer")
    )
    print(f"{'':<62} {data.geo.nunique()} → {converted.geo.nunique()} gemeenten; "
          f"Vlaamse totalen per indicator gelijk: {'ja' if same else 'NEE'}")

    catalogue = aio.load_catalogue()
    timed("profiel van de synthetische set hierboven",
          lambda: build_profile(data, geography, catalogue, "2024"), repeats=3)

    embedded = REPO / "data" / "voorbeeld"
    result = timed("meegeleverde voorbeelddata inlezen + valideren",
                   lambda: aio.read_observations([embedded], geo_check=geography.check_geo),
                   repeats=3)
    observations = result.data
    profile = timed("volledig profiel op de voorbeelddata (doel ≤ 2 s)",
                    lambda: build_profile(observations, geography, catalogue))
    geos = profile[["geo_type", "geo"]].drop_duplicates()
    rows = f"{len(profile):,}".replace(",", ".")
    print(f"{'':<62} {rows} rijen: {len(geos)} geografieën × "
          f"{profile.indicator.nunique()} indicatoren × {profile.periode.nunique()} perioden")
    maps_section(geography, profile)
    return 0


def maps_section(geography: Geography, profile: pd.DataFrame) -> None:
    """Reading and preparing the boundaries, and drawing the maps, when boundaries are set."""
    from analysis import kaart

    paths, problems = aio.boundary_sources()
    if problems or not paths:
        print("kaarten: geen (bruikbare) gemeentegrenzen ingesteld (RAPPORTAGE_GRENZEN of "
              "rapportage grenzen --bron), niet gemeten")
        return
    path = paths[0]
    found = timed(f"grenzen lezen ({path.name}, {kb(path.stat().st_size)})",
                  lambda: aio.read_boundaries(path), repeats=3)
    check = kaart.check_codes(found.codes, geography)
    if not check.ok:
        print(f"kaarten: {kaart.check_message(check, geography)}")
        return
    base = timed(f"vereenvoudigen en samenvoegen (grenzen {check.grenzen})",
                 lambda: kaart.prepare(found.codes, found.geometries, geography,
                                       check.grenzen, path.name), repeats=3)
    rows = profile[(profile["geo_type"] == "gemeente")
                   & (profile["indicator"] == "werkzoekendengraad")
                   & (profile["onderdrukt"] == 0)]
    latest = rows[rows["periode"] == rows["periode"].max()]
    values = dict(zip(latest["geo"], latest["waarde"], strict=True))
    cities = [geography.get(c, "centrumstad", check.grenzen)
              for c in geography.geographies("centrumstad", check.grenzen)["code"]]
    figure = timed("klassenkaart van Vlaanderen (300 gemeenten)",
                   lambda: kaart.choropleth(base, geography, values, members=cities,
                                            title="werkzoekendengraad", unit="percent",
                                            decimals=1))
    area = geography.resolve("Westhoek", check.grenzen)
    locator = timed("liggingskaart (Westhoek)",
                    lambda: kaart.locator_map(base, geography, area))
    defs = kaart.defs_html(base)
    print(f"{'':<62} omtrekken één keer per pagina {kb(len(defs))}; klassenkaart "
          f"{kb(len(figure._repr_html_()))}; liggingskaart {kb(len(locator._repr_html_()))}")


# -- the batch: cold, warm and the naive loop --------------------------------------------------

#: The naive sample: what an analyst would pass as ``-p geo`` (more areas come from the plan).
NAIVE_SAMPLE = ("centrumstad:Gent", "Westhoek", "Provincie Limburg", "Vlaanderen",
                "centrumstad:Brugge")
TARGET_COLD_S = 60.0
TARGET_RATIO = 5.0
TARGET_WARM_S = 3.0
TARGET_WORKER_MB = 400.0
TARGET_HTML_BYTES = 1_000_000
SAMPLE_INTERVAL_S = 0.2
PSS_EVERY = 5  # PSS (smaps_rollup) costs ~30 times RSS: read it on every 5th sample only
COMMAND_TIMEOUT_S = 1800  # one command of the naive loop, or the whole batch
MB = 2**20
WIDTH = 62


def nl(value: float, decimals: int = 1) -> str:
    """A number as nl-BE writes it: ``1234.5`` → ``1.234,5``."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def kb(size: float) -> str:
    """HTML size in kB: ``612345`` → ``612 kB``."""
    return f"{nl(size / 1000, 0)} kB"


def mb(size: float) -> str:
    """Memory in MB (2**20 bytes): ``3.2e8`` → ``305 MB``."""
    return f"{nl(size / MB, 0)} MB"


def line(label: str, value: str, target: str | None = None, ok: bool | None = None) -> None:
    """One result line, with its target and whether it is met."""
    text = f"{label:<{WIDTH}} {value:>10}"
    if target is not None:
        text += f"   doel {target}: {'gehaald' if ok else 'niet gehaald'}"
    print(text)


def executable(name: str) -> Path:
    """A console script of this environment (next to the interpreter)."""
    return Path(sys.executable).parent / name


def rapportage_command() -> list[str]:
    """``rapportage`` of this environment, or the module when the script is missing."""
    script = executable("rapportage")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "analysis.cli"]


# -- memory sampling ---------------------------------------------------------------------------


@dataclass
class _Proc:
    ppid: int
    command: str
    rss: int
    pss: int | None


@dataclass
class MemoryPeaks:
    """Peak memory of the processes of one command, sampled at a fixed interval (bytes)."""

    kinds: dict[str, int] = field(default_factory=dict)  # kind → peak RSS of one process
    seen: dict[str, set[int]] = field(default_factory=dict)  # kind → distinct pids
    worker: dict[int, int] = field(default_factory=dict)  # worker + its running kernel(s)
    worker_zygote: dict[int, int] = field(default_factory=dict)  # + its zygote, RSS
    worker_pss: dict[int, int] = field(default_factory=dict)  # worker + zygote + kernels, PSS
    # PSS divides a page shared by n processes by n: the zygote's copy-on-write pages are
    # counted once over the zygote and its kernels, where RSS counts them in each.
    samples: int = 0
    cpu_seconds: float = 0.0  # CPU time of the sampling itself


def _kind(pid: int, root: int, procs: dict[int, _Proc]) -> str:
    """``hoofd``, ``werker``, ``zygote``, ``kernel`` or ``overig``.

    A warm kernel is forked from its worker's zygote (``python -m analysis.kernel --zygote``)
    and keeps the zygote's command line, so a process running ``analysis.kernel`` is a kernel
    when its parent runs it too, else the zygote. A plain kernel runs ``ipykernel_launcher``.
    """
    if pid == root:
        return "hoofd"
    command = procs[pid].command
    if "spawn_main" in command or "--multiprocessing-fork" in command:
        return "werker"
    if "analysis.kernel" in command:
        parent = procs.get(procs[pid].ppid)
        return "kernel" if parent is not None and "analysis.kernel" in parent.command else "zygote"
    if "ipykernel" in command:
        return "kernel"
    return "overig"  # the multiprocessing resource tracker, git, …


def _owner(pid: int, root: int, procs: dict[int, _Proc], kinds: dict[int, str]) -> int:
    """The worker a process descends from (the main process when there is no pool)."""
    while pid in procs and pid != root:
        if kinds[pid] == "werker":
            return pid
        pid = procs[pid].ppid
    return root


class MemorySampler(threading.Thread):
    """Samples the RSS (and PSS) of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peaks = MemoryPeaks()
        self._stop_event = threading.Event()

    def stop(self) -> MemoryPeaks:
        self._stop_event.set()
        self.join()
        return self.peaks

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        started = time.thread_time()
        while True:
            self.sample(root)
            if self._stop_event.wait(self.interval):
                break
        self.peaks.cpu_seconds = time.thread_time() - started

    def sample(self, root) -> None:
        import psutil

        try:
            members = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        full = self.peaks.samples % PSS_EVERY == 0
        procs: dict[int, _Proc] = {}
        for proc in members:
            try:
                with proc.oneshot():
                    command = " ".join(proc.cmdline())
                    ppid = proc.ppid()
                    rss, pss = proc.memory_info().rss, None
                    if full:
                        with contextlib.suppress(psutil.AccessDenied):
                            pss = getattr(proc.memory_full_info(), "pss", None)
            except psutil.Error:  # gone, or a zombie not reaped yet
                continue
            procs[proc.pid] = _Proc(ppid, command, rss, pss)
        if not procs:
            return
        peaks = self.peaks
        peaks.samples += 1
        kinds = {pid: _kind(pid, self.pid, procs) for pid in procs}
        groups: dict[int, dict[str, int]] = {}
        for pid, kind in kinds.items():
            peaks.kinds[kind] = max(peaks.kinds.get(kind, 0), procs[pid].rss)
            peaks.seen.setdefault(kind, set()).add(pid)
            if kind in {"werker", "zygote", "kernel"}:
                owner = _owner(pid, self.pid, procs, kinds)
                group = groups.setdefault(owner, {"werker": procs[owner].rss, "zygote": 0,
                                                  "kernel": 0, "pss": procs[owner].pss or 0})
                if pid != owner:
                    group[kind] += procs[pid].rss
                    group["pss"] += procs[pid].pss or 0  # 0 between PSS samples
        for owner, group in groups.items():
            with_kernel = group["werker"] + group["kernel"]
            peaks.worker[owner] = max(peaks.worker.get(owner, 0), with_kernel)
            peaks.worker_zygote[owner] = max(peaks.worker_zygote.get(owner, 0),
                                             with_kernel + group["zygote"])
            peaks.worker_pss[owner] = max(peaks.worker_pss.get(owner, 0), group["pss"])


# -- running commands --------------------------------------------------------------------------


@dataclass
class Run:
    """A finished command: wall time, exit code, output, and memory peaks when sampled."""

    seconds: float
    code: int
    stdout: str
    stderr: str
    memory: MemoryPeaks | None = None


def run(command: Sequence[str], *, sample: bool = False, cwd: Path = REPO,
        env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to its end; wall time from start to exit, optionally sampling memory."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, env=env)
        sampler = MemorySampler(process.pid) if sample else None
        if sampler is not None:
            sampler.start()
        try:
            code = process.wait(timeout=COMMAND_TIMEOUT_S)
        except BaseException:  # timeout or Ctrl-C: never leave the command running
            process.kill()
            process.wait()
            raise
        finally:
            seconds = time.perf_counter() - started
            memory = sampler.stop() if sampler is not None else None
        out.seek(0)
        err.seek(0)
        return Run(seconds, code, out.read(), err.read(), memory)


def fingerprint() -> dict[str, str] | None:
    """The batch's hashes of its inputs (code included), to see edits during the measurement."""
    try:
        from analysis.batch import fingerprint as batch_fingerprint

        return batch_fingerprint(None)
    except Exception:  # the package being edited: no check rather than no benchmark
        return None


def tail(text: str, lines: int = 15) -> str:
    """The last lines of a command's output, indented."""
    return "\n".join("    " + s for s in text.strip().splitlines()[-lines:])


# -- the manifest ------------------------------------------------------------------------------


def cell_labels(notebook: Path = REPO / "notebooks" / "regiorapport.ipynb") -> dict[int, str]:
    """Execution count → first line of the cell, as papermill runs the notebook.

    papermill inserts a cell with the injected parameters right after the ``parameters`` cell;
    empty code cells are not executed and get no count.
    """
    import nbformat

    labels: list[str] = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        first = next((s for s in cell.source.splitlines() if s.strip()), "").strip()
        labels.append(first if len(first) <= 45 else first[:44] + "…")
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            labels.append("(geïnjecteerde parameters)")
    return {count: label for count, label in enumerate(labels, start=1)}


def report_manifest(out_dir: Path, cold: Run) -> list[dict]:
    """Print what the manifest of the cold run says; the entries of the reports."""
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        entries = list(manifest["rapporten"].values())
    except (OSError, ValueError, KeyError, TypeError):
        print("  geen leesbaar manifest.json na de koude run")
        return []
    built = [e for e in entries if e.get("status") == "gebouwd"]
    failed = [e for e in entries if e.get("status") == "mislukt"]
    n = len(entries)
    workers = manifest.get("werkers", "?")
    per_report = cold.seconds / n if n else float("nan")
    line(f"koud: hele batch, {n} rapporten, {workers} werkers (wandklok)",
         f"{nl(cold.seconds)} s", f"≤ {nl(TARGET_COLD_S, 0)} s", cold.seconds <= TARGET_COLD_S)
    line("koud: seconden per rapport (wandklok ÷ rapporten)", f"{nl(per_report, 2)} s")
    line("gebouwd / mislukt", f"{len(built)} / {len(failed)}")
    for entry in failed:
        error = entry.get("fout") or {}
        print(f"  MISLUKT {entry.get('gebied', {}).get('naam', '?')}: cel {error.get('cel')}: "
              f"{error.get('fout', '')}: {error.get('melding', '')}")
    seconds = [e["seconden"] for e in built if isinstance(e.get("seconden"), int | float)]
    if seconds:
        line("duur van één rapport in zijn werker: mediaan", f"{nl(statistics.median(seconds))} s")
        line("duur van één rapport in zijn werker: max", f"{nl(max(seconds))} s")
    per_cell: dict[int, list[float]] = {}
    for entry in built:
        for cell in entry.get("cellen") or []:
            if cell.get("cel") is not None:
                per_cell.setdefault(int(cell["cel"]), []).append(float(cell["seconden"]))
    labels = cell_labels()
    heaviest = sorted(per_cell.items(), key=lambda kv: statistics.median(kv[1]), reverse=True)
    for count, values in heaviest[:3]:
        label = f"zwaarste cel {count}: {labels.get(count, '?')}"
        line(label[:WIDTH], f"{nl(statistics.median(values), 2)} s")
    if heaviest:
        print("  (zwaarste cellen: mediaan over de rapporten van papermills duur per cel)")
    sizes = [e["html_bytes"] for e in built if isinstance(e.get("html_bytes"), int)]
    if sizes:
        over = sum(size > TARGET_HTML_BYTES for size in sizes)
        line("HTML per rapport: mediaan", kb(statistics.median(sizes)))
        line("HTML per rapport: max", kb(max(sizes)), "≤ 1 MB per HTML", over == 0)
        line("HTML boven 1 MB", str(over))
    memory = [e.get("geheugen_mb") or {} for e in built]
    if memory:
        own = max((m.get("werker") or 0 for m in memory), default=0)
        print(f"{'manifest (piek-RSS van het werkproces zelf, max)':<{WIDTH}} "
              f"{nl(own, 0)} MB")
    return entries


def report_memory(peaks: MemoryPeaks | None) -> None:
    """Print the peak RSS per kind of process and per worker."""
    if peaks is None or not peaks.samples:
        print("  geen geheugenmetingen")
        return
    print(f"geheugen van de koude run: piek-RSS, elke {nl(SAMPLE_INTERVAL_S)} s gemeten "
          f"({peaks.samples} metingen; meting kostte {nl(peaks.cpu_seconds)} s CPU)")
    names = {"hoofd": "hoofdproces (rapportage bouw)", "werker": "werkproces",
             "zygote": "zygote (warme kernels, één per werker)", "kernel": "kernel",
             "overig": "overige (resource tracker, git, …)"}
    for kind in ("hoofd", "werker", "zygote", "kernel", "overig"):
        if kind in peaks.kinds:
            count = len(peaks.seen[kind])
            line(f"  {names[kind]} ({count} proces{'sen' if count != 1 else ''})",
                 mb(peaks.kinds[kind]))
    if "werker" in peaks.kinds:
        # The worker is the process that runs papermill and nbconvert; its kernel is a
        # separate process (below, the stricter reading: worker and kernel together).
        line("  per werkproces (papermill, nbconvert, exports)", mb(peaks.kinds["werker"]),
             f"≤ {nl(TARGET_WORKER_MB, 0)} MB", peaks.kinds["werker"] / MB <= TARGET_WORKER_MB)
    if not peaks.worker:
        return
    worst = max(peaks.worker.values())
    for pid in sorted(peaks.worker):
        who = "hoofdproces" if pid not in peaks.seen.get("werker", set()) else f"werker {pid}"
        line(f"  per werker: {who} + zijn lopende kernel", mb(peaks.worker[pid]))
    line("  strenger: werker + lopende kernel, hoogste piek", mb(worst),
         f"≤ {nl(TARGET_WORKER_MB, 0)} MB", worst / MB <= TARGET_WORKER_MB)
    line("  ter info: werker + zygote + kernel, RSS (gedeeld dubbel)",
         mb(max(peaks.worker_zygote.values())))
    if any(peaks.worker_pss.values()):
        every = nl(SAMPLE_INTERVAL_S * PSS_EVERY)
        line(f"  ter info: idem, PSS (gedeeld verdeeld, elke {every} s)",
             mb(max(peaks.worker_pss.values())))


# -- memory of validating a large CSV ----------------------------------------------------------

#: Rows of the generated file for the memory measurement (issue 16: under 2 GB for 5 million).
LARGE_ROWS = 5_000_000
TARGET_LARGE_MB = 2048.0


def write_large_csv(path: Path, rows: int, geography: Geography) -> None:
    """``rows`` distinct valid rows (indicator × 2024 gemeente × periode), written in blocks.

    Periods are the years, quarters and months of 1990-2024 (the 2024 gemeenten are valid
    for all of them).
    """
    rng = np.random.default_rng(20261207)
    indicators = np.array(aio.load_catalogue().observation_ids, dtype=object)
    codes = np.array(geography.members("Vlaanderen", "2024"), dtype=object)
    years = range(1990, 2025)
    months = np.array([str(y) for y in years] + [f"{y}Q{q}" for y in years for q in range(1, 5)]
                      + [f"{y}-{m:02d}" for y in years for m in range(1, 13)], dtype=object)
    per_month = len(indicators) * len(codes)
    if rows > per_month * len(months):
        raise ValueError(f"hoogstens {per_month * len(months)} verschillende rijen")
    block = 500_000
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("indicator;geo;periode;teller;noemer\n")
        for start in range(0, rows, block):
            index = np.arange(start, min(start + block, rows))
            noemer = rng.integers(30, 200_000, len(index))
            teller = (noemer * rng.uniform(0.05, 0.8, len(index))).astype(np.int64)
            lines = (pd.Series(indicators[index % len(indicators)]) + ";"
                     + codes[(index // len(indicators)) % len(codes)] + ";"
                     + months[index // per_month] + ";"
                     + teller.astype(str).astype(object) + ";"
                     + noemer.astype(str).astype(object) + "\n")
            out.write("".join(lines.tolist()))


#: Runs ``rapportage valideer`` and prints its peak RSS in KiB (Linux ``ru_maxrss``).
_MAXRSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def large_csv_section(geography: Geography, rows: int = LARGE_ROWS) -> int:
    """Peak RSS of ``rapportage valideer`` on a generated CSV of ``rows`` rows, in a subprocess."""
    print(f"\ngeheugen: rapportage valideer op een gegenereerde CSV van "
          f"{nl(rows, 0)} rijen (aparte subprocess)")
    with tempfile.TemporaryDirectory(prefix="rapportage-groot-") as tmp:
        path = Path(tmp) / "groot.csv"
        write_large_csv(path, rows, geography)
        size = path.stat().st_size
        command = [sys.executable, "-c", _MAXRSS_WRAPPER, *rapportage_command(), "valideer",
                   str(path)]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    try:
        code, maxrss_kib = (int(part) for part in result.stdout.split())
    except ValueError:
        print(f"  meting mislukt: {tail(result.stdout + result.stderr)}")
        return 1
    peak = maxrss_kib * 1024
    millions = rows / 1e6
    line("  bestand", f"{nl(size / MB, 0)} MB")
    line("  exitcode van rapportage valideer (0 = geldig)", str(code), "0", code == 0)
    line("  duur (wandklok)", f"{nl(seconds)} s")
    line("  piek-RSS (ru_maxrss)", mb(peak), f"< {nl(TARGET_LARGE_MB, 0)} MB",
         peak / MB < TARGET_LARGE_MB)
    line("  MB per miljoen rijen", nl(peak / MB / millions, 0))
    line("  piek-RSS ÷ bestandsgrootte", f"{nl(peak / size)}×")
    return 0 if code == 0 else 1


# -- the naive loop ----------------------------------------------------------------------------


def naive_sample(size: int, entries: list[dict]) -> list[str]:
    """``size`` areas: the fixed five first, then areas of the batch spread over its list."""
    chosen = list(NAIVE_SAMPLE[:size])
    if size <= len(chosen):
        return chosen
    tables, _ = aio.read_reference(REPO / "data" / "reference")
    geography = Geography(tables)
    taken = set()
    for name in chosen:
        try:
            geo = geography.resolve(name)
        except Exception:  # an unknown name only weakens the deduplication
            continue
        taken.add((geo.type, geo.code))
    rest = [entry["parameters"]["geo"] for entry in entries
            if (entry.get("parameters") or {}).get("geo")
            and ((entry.get("gebied") or {}).get("type"),
                 (entry.get("gebied") or {}).get("code")) not in taken]
    need = size - len(chosen)
    if need >= len(rest):
        return chosen + rest
    step = len(rest) / need
    return chosen + [rest[int(i * step)] for i in range(need)]


def naive_report(geo: str, work: Path, index: int, env: dict[str, str]
                 ) -> tuple[float | None, int | None]:
    """papermill CLI, then nbconvert CLI, for one area: wall time of the pair and HTML size."""
    executed = work / f"rapport{index}.ipynb"
    notebook = REPO / "notebooks" / "regiorapport.ipynb"
    started = time.perf_counter()
    steps = (
        [str(executable("papermill")), str(notebook), str(executed), "-p", "geo", geo],
        [str(executable("jupyter")), "nbconvert", "--to", "html", "--no-input", str(executed)],
    )
    for command in steps:
        result = run(command, env=env)
        if result.code != 0:
            print(f"  MISLUKT {geo}: {Path(command[0]).name} gaf exitcode {result.code}")
            print(tail(result.stderr))
            return None, None
    seconds = time.perf_counter() - started
    html = executed.with_suffix(".html")
    return seconds, html.stat().st_size if html.is_file() else None


def batch_section(sample_size: int, alleen: Sequence[str] | None = None) -> int:
    """Cold and warm batch, then the naive loop; ends with ``ratio naive/rapportage: X``."""
    print("\nbatch: rapportage bouw (koud en warm) tegenover de naïeve lus, één run")
    command = rapportage_command()
    status = 0
    with tempfile.TemporaryDirectory(prefix="rapportage-bench-") as tmp:
        root = Path(tmp)
        out_dir = root / "uitvoer"
        # The commands' own temporary files (kernel sockets, …) go here too, so that nothing
        # is left behind, and what they leave is seen.
        private_tmp = root / "tmp"
        private_tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(private_tmp)}
        bouw = [*command, "bouw", "--stil", "--uitvoer", str(out_dir)]
        if alleen:
            bouw += ["--alleen", *alleen]
            print(f"  (ontwikkeling: alleen {' '.join(alleen)})")
        inputs = fingerprint()
        cold = run([*bouw, "--force"], sample=True, env=env)
        if cold.code != 0:
            print(f"  rapportage bouw --force gaf exitcode {cold.code}")
            print(tail(cold.stderr or cold.stdout))
            status = 1
        entries = report_manifest(out_dir, cold)
        report_memory(cold.memory)
        if not entries:
            print("ratio naive/rapportage: onbekend")
            return 1

        warm = run(bouw, env=env)
        found = re.search(r"(\d+) gebouwd, (\d+) ongewijzigd, (\d+) mislukt", warm.stdout)
        line("warm: dezelfde opdracht zonder --force (wandklok)", f"{nl(warm.seconds)} s",
             f"≤ {nl(TARGET_WARM_S, 0)} s", warm.seconds <= TARGET_WARM_S)
        if found is None:
            print(f"  onverwachte uitvoer (exitcode {warm.code}):")
            print(tail(warm.stdout + warm.stderr))
            status = 1
        else:
            built, same, failed = (int(g) for g in found.groups())
            line("warm: gebouwd / ongewijzigd / mislukt", f"{built} / {same} / {failed}",
                 "0 gebouwd", built == 0)
            after = fingerprint()
            if inputs is not None and after is not None and inputs != after:
                print("  let op: analysis/, params/, notebooks/ of de gegevens veranderden tijdens "
                      "de meting;\n  de cache herkent dan niets: de warme meting telt niet")

        geos = naive_sample(sample_size, entries)
        print(f"naïeve lus: papermill-CLI, dan jupyter nbconvert --to html --no-input, "
              f"na elkaar ({len(geos)} rapporten)")
        naive_dir = root / "naief"
        naive_dir.mkdir()
        times: list[float] = []
        for index, geo in enumerate(geos, start=1):
            seconds, size = naive_report(geo, naive_dir, index, env)
            if seconds is None:
                status = 1
                continue
            times.append(seconds)
            html = f"  (HTML {kb(size)})" if size is not None else ""
            line(f"  {geo}", f"{nl(seconds)} s" + html)
        ours = cold.seconds / len(entries)
        left = sorted(path.name for path in private_tmp.iterdir())
        if left:
            shown = ", ".join(left[:5]) + (f" en {len(left) - 5} meer" if len(left) > 5 else "")
            print(f"  let op: de opdrachten lieten tijdelijke bestanden achter: {shown}")
        if not times:
            print("ratio naive/rapportage: onbekend")
            return 1
        naive = statistics.median(times)
        line("naïef: mediaan per rapport", f"{nl(naive)} s")
        print()
        line("koud: hele batch", f"{nl(cold.seconds)} s", f"≤ {nl(TARGET_COLD_S, 0)} s",
             cold.seconds <= TARGET_COLD_S)
        line("koud: per rapport (wandklok ÷ rapporten)", f"{nl(ours, 2)} s")
        line("warm: hele batch", f"{nl(warm.seconds)} s", f"≤ {nl(TARGET_WARM_S, 0)} s",
             warm.seconds <= TARGET_WARM_S)
        line("naïef: mediaan per rapport", f"{nl(naive)} s")
        ratio = naive / ours
        line("ratio naïef ÷ rapportage (per rapport, wandklok)", nl(ratio),
             f"≥ {nl(TARGET_RATIO, 0)}", ratio >= TARGET_RATIO)
        print(f"ratio naive/rapportage: {nl(ratio)}")
    return status


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench.py", description="Snelheidsmeting van rapportage (make bench).")
    parser.add_argument("--alleen-batch", action="store_true",
                        help="meet alleen de batch (koud, warm, naïeve lus)")
    parser.add_argument("--steekproef", type=int, default=5, metavar="N",
                        help="aantal rapporten voor de naïeve lus (standaard 5)")
    parser.add_argument("--alleen-geheugen", action="store_true",
                        help="meet alleen het geheugen van valideren van een grote CSV")
    parser.add_argument("--rijen", type=int, default=LARGE_ROWS, metavar="N",
                        help="rijen van de grote CSV (standaard 5.000.000)")
    # Development only: a small batch (passed to rapportage bouw --alleen).
    parser.add_argument("--alleen-gebieden", nargs="+", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.steekproef < 1:
        parser.error("--steekproef moet minstens 1 zijn")
    if args.rijen < 1:
        parser.error("--rijen moet minstens 1 zijn")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print("rapportage — snelheidsmeting (medianen over herhaalde runs, één proces)\n")
    if not args.alleen_batch:
        tables, _ = aio.read_reference(REPO / "data" / "reference")
        status = large_csv_section(Geography(tables), args.rijen)
        if status or args.alleen_geheugen:
            return status
        status = quick_sections()
        if status:
            return status
    return batch_section(args.steekproef, args.alleen_gebieden)


if __name__ == "__main__":
    sys.exit(main())
