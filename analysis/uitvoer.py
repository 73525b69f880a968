"""The output folder of a build: checked before any work, locked for one build at a time.

Build code (with :mod:`analysis.batch`): it touches the file system. Before the data is read,
:func:`output_folder` makes sure the folder is a folder, that a file can be written in it
(read-only, no rights or a full disk are found by a small probe write), and takes its lock,
so that a second ``rapportage bouw`` into the same folder stops at once (or waits, on
request) instead of mixing its manifest and index with the first one's.

The lock is ``filelock``'s (``fcntl.flock`` on a file ``.bouw.lock`` in the folder): the
operating system releases it when the process ends, also after ``kill -9``, so a stale lock
never blocks the next build. The lock file is removed while still held, so a build leaves
nothing behind; a waiting build notices the removed file and locks a new one (filelock
checks the link count of the file it locked).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from analysis import io as aio

#: The lock file in the output folder while a build runs.
LOCK_NAME = ".bouw.lock"


class NotAFolderError(ValueError):
    """The output path is a file, or passes through one (a usage error); Dutch message."""


class BuildRunningError(aio.OutputError):
    """Another build holds the output folder's lock; Dutch message naming the folder."""


#: Folders this process holds the lock of, with how many times it entered them: a build
#: (``cmd_bouw``) and the batch it runs (``run_batch``) share one lock.
_HELD: dict[Path, int] = {}


def check_folder(path: Path) -> None:
    """Raise :class:`NotAFolderError` when ``path`` is a file or lies under a file."""
    for part in (path, *path.parents):
        if part.exists() or part.is_symlink():
            if not part.is_dir():
                where = (
                    "is een bestand, geen map"
                    if part == path
                    else (f"ligt in '{part}', dat een bestand is en geen map")
                )
                raise NotAFolderError(f"'{path}' {where}")
            return


def probe(folder: Path) -> None:
    """Create ``folder`` if needed and write (then remove) a small file in it.

    Raises :class:`analysis.io.OutputError` naming the folder and the reason (read-only,
    no rights, disk full) before any data is read or any report built.
    """
    check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".schrijftest-")
    except OSError as error:
        raise aio.OutputError(
            f"{folder}: kan niet schrijven in de uitvoermap ({aio.os_reason(error)})"
        ) from error
    try:
        # One block: a full disk refuses it (creating an empty file may still succeed).
        os.write(descriptor, b"\0" * 4096)
        os.fsync(descriptor)
    except OSError as error:
        raise aio.OutputError(
            f"{folder}: kan niet schrijven in de uitvoermap ({aio.os_reason(error)})"
        ) from error
    finally:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(name)


def _holder(lock_path: Path) -> str:
    """Who holds the lock, as the holder wrote it: ``" (proces 123, gestart 07/12 14:50)"``."""
    try:
        pid, _, started = lock_path.read_text(encoding="utf-8").strip().partition(" ")
        when = datetime.fromisoformat(started).strftime("%d/%m/%Y %H:%M")
    except (OSError, ValueError):
        return ""
    return f" (proces {pid}, gestart {when})" if pid.isdigit() else ""


def _sign(descriptor: int) -> None:
    """Write this process's id and the time into the lock file it just locked."""
    os.ftruncate(descriptor, 0)
    stamp = datetime.now().isoformat(timespec="seconds")
    os.pwrite(descriptor, f"{os.getpid()} {stamp}\n".encode(), 0)


@contextlib.contextmanager
def output_folder(
    folder: Path, *, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Check, probe and lock the output folder for one build; yields the folder.

    A second build into a locked folder raises :class:`BuildRunningError` at once, or with
    ``wait`` calls ``on_wait(message)`` and waits until the first one is done. Entered again
    by the same process (the command and its batch), it only counts. A folder this call
    created is removed again when the build wrote nothing in it (invalid data).
    """
    folder = Path(folder)
    key = folder.resolve()
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield folder
        finally:
            _HELD[key] -= 1
        return
    created = not folder.exists()
    probe(folder)
    lock_path = key / LOCK_NAME
    lock = FileLock(lock_path, timeout=0, on_acquired=_sign)
    try:
        _acquire(lock, lock_path, folder, wait, on_wait)
    except BaseException:
        if created:
            _remove_if_empty(folder)
        raise
    _HELD[key] = 1
    try:
        yield folder
    finally:
        del _HELD[key]
        # Removed while held: a build that waits for this one locks a new file instead.
        with contextlib.suppress(OSError):
            lock_path.unlink()
        lock.release()
        if created:
            _remove_if_empty(folder)


def _acquire(
    lock: FileLock, lock_path: Path, folder: Path, wait: bool, on_wait: Callable[[str], None] | None
) -> None:
    try:
        lock.acquire()
        return
    except Timeout:
        message = f"Er loopt al een bouw in {folder}{_holder(lock_path)}"
    except OSError as error:
        raise aio.OutputError(
            f"{lock_path}: kan de uitvoermap niet vergrendelen ({aio.os_reason(error)})"
        ) from error
    if not wait:
        raise BuildRunningError(
            f"{message}; wacht tot die klaar is, of gebruik --wacht om "
            "erop te wachten, of kies een andere map met --uitvoer"
        )
    if on_wait is not None:
        on_wait(f"{message}; wachten tot die klaar is …")
    lock.acquire(timeout=-1)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty: never a file of anyone


#: Operating-system errors of writing that a retry or another report cannot cure.
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


def is_write_error(error: BaseException) -> bool:
    """A disk-full, read-only or no-rights error (an :class:`OSError` of writing)."""
    return isinstance(error, aio.OutputError) or (
        isinstance(error, OSError) and error.errno in WRITE_ERRORS
    )


def write_error_text(error: OSError, path: Path | str) -> str:
    """``<file>: kan niet schrijven (schijf vol)``, with the file of the error or ``path``."""
    if isinstance(error, aio.OutputError):
        return str(error)
    return f"{error.filename or path}: kan niet schrijven ({aio.os_reason(error)})"


def keep_copy(source: Path, target: Path, root: Path) -> str | None:
    """Copy ``source`` to ``target`` (under ``root``) atomically: never a half-written copy.

    Returns the Dutch reason when that failed, with the folders it made removed again (the
    caller's own error stays the one reported), else None.
    """
    try:
        data = source.read_bytes()
        aio.write_atomic(target, lambda temporary: temporary.write_bytes(data))
    except (aio.OutputError, OSError) as error:
        folder = target.parent
        while folder != root.parent and folder.is_relative_to(root):
            try:
                folder.rmdir()  # only an empty folder
            except OSError:
                break
            folder = folder.parent
        return write_error_text(error, target)
    return None
