"""Processes that end with the process that started them, and names that tell who owns a
temporary folder.

A batch's workers, zygotes and kernels arm a parent-death signal (Linux ``prctl``): ``kill -9``
of the main process takes them along instead of leaving them building for minutes. A temporary
folder carries its owner in its name (pid and start time), so that a later build removes the
folder of a killed build and never the folder of one that still runs (a reused pid has another
start time).
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import threading

import psutil

__all__ = ["KERNEL_DIR_PREFIX", "abandoned", "die_with_parent", "owner_tag", "parent_for_child"]

#: Name start of a zygote's private folder for its own and its kernels' sockets (in the
#: system's temporary folder); the owner tag follows.
KERNEL_DIR_PREFIX = "rapportage-kernels-"

_PR_SET_PDEATHSIG = 1
_TAG = re.compile(r"(\d+)\.(\d+)-")


def parent_for_child() -> int | None:
    """This process's pid when a child started now may die with it, else None.

    Linux sends the parent-death signal when the *thread* that started the child ends: only a
    child of the main thread, which lives as long as the process, may arm it.
    """
    return os.getpid() if threading.current_thread() is threading.main_thread() else None


def die_with_parent(signum: int, parent: int | None) -> None:
    """Linux: have ``signum`` sent to this process when its parent ends; exit at once when the
    parent (pid ``parent``) already ended before the signal was armed. Nothing elsewhere, or
    without ``parent``."""
    if parent is None or not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _started(pid: int) -> int | None:
    """Start time of a process in hundredths of a second, or None when it does not run."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return round(process.create_time() * 100)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def owner_tag(pid: int | None = None) -> str:
    """``<pid>.<start>-``: the owner part of a temporary folder's name (after its prefix)."""
    pid = os.getpid() if pid is None else pid
    return f"{pid}.{_started(pid) or 0}-"


def abandoned(name: str, prefix: str) -> bool | None:
    """Whether the folder ``name`` (``prefix`` + owner tag + anything) belongs to a process
    that has ended: True, False while its owner runs, None when the name names no owner."""
    if not name.startswith(prefix):
        return None
    match = _TAG.match(name, len(prefix))
    if match is None:
        return None
    started = _started(int(match.group(1)))
    # Within a hundredth: the start time is computed from the boot time and clock ticks.
    return started is None or abs(started - int(match.group(2))) > 1
