"""What a killed build leaves behind, removed when the next build starts.

A build killed with ``kill -9`` (or by a power cut) cannot remove its work folder
(``<uitvoer>/.werk-*``), the temporary files of writes it was doing
(``<uitvoer>/**/.<name>.<random><suffix>``, :func:`analysis.io.write_atomic`), its zygotes'
socket folders (``$TMPDIR/rapportage-kernels-*``) or its kernels' connection files (Jupyter's
runtime folder). :func:`clean` removes them — only those whose owning process has ended: a
folder's name carries its owner (:mod:`analysis.lifeline`). The build calls it at its start,
while it holds the output folder's lock; a temporary file names no owner, so those are left
alone while any build still owns a work folder in the output folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from jupyter_core.paths import jupyter_runtime_dir

from analysis import lifeline

__all__ = ["WORK_PREFIX", "clean", "work_prefix"]

#: Name start of a build's work folder in the output folder; the owner tag follows.
WORK_PREFIX = ".werk-"

#: Suffixes of what a build writes (report pages, exports, manifest, executed notebooks).
_WRITTEN = {".html", ".csv", ".xlsx", ".json", ".ipynb"}
#: ``tempfile.mkstemp(prefix=f".{name}.", suffix=suffix)``: 8 random characters between.
_TEMPORARY = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}(?P<suffix>\.[^.]+)")


def work_prefix() -> str:
    """The name start of this process's work folder: ``.werk-<pid>.<start>-``."""
    return WORK_PREFIX + lifeline.owner_tag()


def clean(out_dir: Path) -> list[str]:
    """Remove the leftovers of ended builds (see the module docstring); what was removed:
    names relative to ``out_dir``, full paths outside it."""
    out_dir = Path(out_dir)
    removed: list[str] = []
    running = False
    for path in sorted(out_dir.glob(WORK_PREFIX + "*")):
        if not path.is_dir():
            continue
        # A work folder without an owner in its name is from a version before owners were
        # named; no build of that version runs once this build holds the folder's lock.
        if lifeline.abandoned(path.name, WORK_PREFIX) is False:
            running = True
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    if not running:
        for path in _half_written(out_dir):
            path.unlink(missing_ok=True)
            removed.append(path.relative_to(out_dir).as_posix())
    return removed + _kernel_leftovers()


def _half_written(out_dir: Path) -> list[Path]:
    """Temporary files of atomic writes that never reached their rename."""
    found = []
    for folder, subfolders, files in os.walk(out_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(WORK_PREFIX))
        for name in sorted(files):
            match = _TEMPORARY.fullmatch(name)
            if (
                match
                and match["suffix"] in _WRITTEN
                and Path(match["target"]).suffix == match["suffix"]
            ):
                found.append(Path(folder) / name)
    return found


def _kernel_leftovers() -> list[str]:
    """Socket folders of zygotes whose owner has ended, and the connection files of their
    kernels (their ``ip`` is a socket path inside such a folder)."""
    removed = []
    temporary = Path(tempfile.gettempdir())
    for path in sorted(temporary.glob(lifeline.KERNEL_DIR_PREFIX + "*")):
        if path.is_dir() and lifeline.abandoned(path.name, lifeline.KERNEL_DIR_PREFIX):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(str(path))
    runtime = Path(jupyter_runtime_dir())
    for path in sorted(runtime.glob("kernel-*.json")):
        try:
            ip = json.loads(path.read_text(encoding="utf-8")).get("ip", "")
        except (OSError, ValueError, AttributeError):
            continue
        folder = Path(str(ip)).parent
        if folder.parent == temporary and lifeline.abandoned(
            folder.name, lifeline.KERNEL_DIR_PREFIX
        ):
            path.unlink(missing_ok=True)
            removed.append(str(path))
    return removed
