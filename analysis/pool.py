"""Local worker processes for the batch: started for work that exists, ended with the main
process, and a worker that dies takes only its own task along.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its workers dies the whole pool
breaks — every pending task fails with an English ``BrokenProcessPool`` and the other workers
are stopped half-way through their reports. Here a dead worker's task is retried once in a new
worker (with a Dutch note), the others go on, and a second death fails that task alone.

Each worker is a ``spawn`` process (no inherited threads or ZMQ state) with a pipe of its own.
It arms a parent-death signal (:mod:`analysis.lifeline`), so ``kill -9`` of the main process
ends it — and its zygote and kernels, which are tied to it the same way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from analysis import formatting as fmt
from analysis import lifeline

__all__ = ["WorkerDied", "WorkerPool", "available_cores", "worker_count"]


@dataclass(frozen=True)
class WorkerDied:
    """The outcome of a task whose worker died on every try."""

    tries: int
    exitcode: int | None

    @property
    def reason(self) -> str:
        """How the worker ended, in Dutch: ``signaal 9 (SIGKILL)`` or ``code 1``."""
        if self.exitcode is None:
            return "onbekende oorzaak"
        if self.exitcode < 0:
            try:
                name = f" ({signal.Signals(-self.exitcode).name})"
            except ValueError:
                name = ""
            return f"signaal {-self.exitcode}{name}"
        return f"code {self.exitcode}"


def _note_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _serve(
    conn: Connection,
    parent: int | None,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    """A worker's life: tied to its parent, then one task at a time until ``None``."""
    lifeline.die_with_parent(signal.SIGKILL, parent)
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the main process closed the pipe (or ended)
            return
        if task is None:
            return
        function, args = task
        try:
            outcome = (True, function(*args))
        except Exception as error:  # the task's own failure: the worker goes on
            outcome = (False, f"{type(error).__name__}: {error}")
        conn.send(outcome)


class _Worker:
    def __init__(
        self, context: Any, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
    ) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve,
            args=(child, lifeline.parent_for_child(), initializer, initargs),
            name="rapportage-werker",
        )
        self.process.start()
        child.close()  # only the worker holds its end: a dead worker reads as end of file
        self.task: Any = None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)


class WorkerPool:
    """Up to ``count`` worker processes running tasks ``function(*args)``.

    ``grow(n)`` starts workers now (their start overlaps the caller's own work); ``run``
    starts more only while tasks wait. ``retries``: how often the task of a dead worker is
    tried again; ``note`` gets the Dutch line said at each retry.
    """

    def __init__(
        self,
        count: int,
        *,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        retries: int = 1,
    ) -> None:
        self.count = max(1, count)
        self.retries = retries
        self._initializer = initializer
        self._initargs = initargs
        # spawn: a worker must not inherit threads or ZMQ state of this process.
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._idle_deaths = 0

    @property
    def pids(self) -> list[int]:
        """The pids of the workers that run now."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def grow(self, n: int) -> None:
        """Start workers until there are ``n`` (at most ``count``)."""
        while len(self._workers) < min(n, self.count):
            self._workers.append(_Worker(self._context, self._initializer, self._initargs))

    def run(
        self,
        function: Callable[..., Any],
        tasks: Iterable[tuple[Any, tuple[Any, ...]]],
        label: Callable[[Any], str],
        note: Callable[[str], None] = _note_on_stderr,
    ) -> Iterator[tuple[Any, bool, Any]]:
        """Run ``function(*args)`` for each ``(item, args)``; yield ``(item, ok, value)`` as
        they finish: ``value`` is the result, a ``Name: message`` text when it raised, or a
        :class:`WorkerDied` when its worker died more than ``retries`` times.

        Ctrl-C: no new task starts; the running ones finish and are yielded, then
        ``KeyboardInterrupt`` is raised again (the workers ignore it themselves).
        """
        waiting: deque[tuple[Any, tuple[Any, ...]]] = deque(tasks)
        deaths: dict[int, int] = {}
        interrupted = False
        while waiting or any(w.task is not None for w in self._workers):
            if not interrupted:
                self._hand_out(function, waiting)
            busy = [w for w in self._workers if w.task is not None]
            if not busy and waiting:  # every worker died at its start: stop asking
                for item, _args in waiting:
                    yield item, False, WorkerDied(0, None)
                waiting.clear()
                break
            try:
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            except KeyboardInterrupt:
                if interrupted:
                    raise
                interrupted = True
                waiting.clear()
                continue
            for worker in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                task, worker.task = worker.task, None
                try:
                    ok, value = worker.conn.recv()
                except (EOFError, OSError):  # it died during the task
                    exitcode = self._bury(worker)
                    item = task[0]
                    deaths[id(item)] = deaths.get(id(item), 0) + 1
                    if deaths[id(item)] <= self.retries and not interrupted:
                        note(f"werker gestopt tijdens {label(item)}; opnieuw geprobeerd")
                        waiting.appendleft(task)
                    else:
                        yield item, False, WorkerDied(deaths[id(item)], exitcode)
                    continue
                yield task[0], ok, value
        if interrupted:
            raise KeyboardInterrupt

    def _hand_out(
        self, function: Callable[..., Any], waiting: deque[tuple[Any, tuple[Any, ...]]]
    ) -> None:
        """Give each idle worker a task; start workers for tasks that still wait."""
        for worker in [w for w in self._workers if not w.process.is_alive() and w.task is None]:
            self._bury(worker)  # died while idle (killed between reports)
            self._idle_deaths += 1
        idle = [w for w in self._workers if w.task is None]
        busy = len(self._workers) - len(idle)
        if self._idle_deaths <= self.count:  # not when every new worker dies at its start
            self.grow(busy + len(waiting))
            idle = [w for w in self._workers if w.task is None]
        for worker in idle:
            if not waiting:
                break
            task = waiting.popleft()
            try:
                worker.conn.send((function, task[1]))
            except OSError:  # died before it got the task: the task has not started
                waiting.appendleft(task)
                self._bury(worker)
                self._idle_deaths += 1
                continue
            worker.task = task

    def _bury(self, worker: _Worker) -> int | None:
        """Remove a dead worker; its exit code."""
        worker.process.join(timeout=30)
        worker.conn.close()
        self._workers.remove(worker)
        return worker.process.exitcode

    def close(self) -> None:
        """Stop the workers after their running task (each stops its zygote on its way out)."""
        for worker in self._workers:
            worker.stop()
        while self._workers:
            # Read what a worker still sends, so that none blocks on a full pipe.
            ready = wait(
                [w.conn for w in self._workers] + [w.process.sentinel for w in self._workers]
            )
            for worker in list(self._workers):
                if worker.conn in ready:
                    with contextlib.suppress(EOFError, OSError):
                        worker.conn.recv()
                if worker.process.sentinel in ready:
                    self._bury(worker)


def available_cores() -> int:
    """The cores this process may run on (its affinity on Linux, else all)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(requested: int | None, reports: int) -> tuple[int, str | None]:
    """How many workers for ``reports`` reports: at most ``requested`` (default: one per core),
    the number of reports and the cores; and the Dutch note when a requested number is
    lowered (None otherwise, and when there is nothing to build)."""
    cores = available_cores()
    wanted = cores if requested is None else requested
    count = max(0, min(wanted, reports, cores))
    if requested is None or count >= requested or reports == 0:
        return count, None
    reasons = []
    if count == reports:
        reasons.append(f"{fmt.count(reports, 'rapport')} te bouwen")
    if count == cores:
        reasons.append(f"{fmt.count(cores, 'processorkern', 'processorkernen')} beschikbaar")
    return count, f"--jobs {requested} verlaagd naar {count}: {' en '.join(reasons)}"
