"""Warm kernels: a pre-imported "zygote" process forks a fresh ipykernel for every notebook run.

A plain papermill run pays, per report, for a new Python process, for importing IPython, pandas,
matplotlib, pandera and ``analysis``, and for reading the report inputs. Here one zygote per batch
worker pays that once: it imports those modules (and optionally preloads the report inputs with
:func:`analysis.io.preload_report_inputs`), then forks a child for every kernel requested. The
child becomes an ordinary ipykernel on the connection file jupyter_client wrote, so papermill,
nbclient and jupyter_client drive it exactly like a kernel they started themselves, and each report
still runs in its own process (the fork is a copy-on-write copy of the zygote).

Usage, one :class:`WarmKernels` per process that runs notebooks::

    from analysis import kernel

    with kernel.WarmKernels(preload=(data_dir, profiel, grenzen)) as warm:
        for ...:
            pm.execute_notebook(nb, out, parameters=..., kernel_name="python3",
                                **warm.papermill_options())

* ``WarmKernels(preload=None, *, imports=ZYGOTE_IMPORTS, startup_timeout=120.0)``: ``preload`` is
  ``(data_dir, profiel, grenzen)`` as the notebook will pass them to
  :func:`analysis.io.load_report_inputs` (``None``: nothing preloaded), or :data:`LATER`: the
  zygote imports at once and waits for ``send_preload(preload)`` (a batch starts its zygotes
  while it still computes the profile they preload).
* ``start()`` (or ``with``) starts the zygote in the background and returns at once.
* ``papermill_options()`` waits until the zygote is ready (``wait_ready()`` alone: the same,
  returning True/False) and returns the keyword arguments for ``papermill.execute_notebook``
  (``{"kernel_manager_class": ...}``); ``{}`` if the zygote could not start, after a warning:
  the notebook then runs in a plain kernel.
* ``zygote_pid`` and ``info`` (what the zygote reported: pid, preload, its threads at fork time).
* ``close()`` (or leaving ``with``) stops the zygote and any kernel it still has.

Pieces: :class:`WarmKernelManager` (an ``AsyncKernelManager`` whose kernel spec names the
provisioner, so no kernel spec has to be installed), :class:`ForkProvisioner` (a jupyter_client
kernel provisioner, entry point ``rapportage-warm``, that asks the zygote for a kernel instead of
starting a process; it falls back to a plain process when the zygote is unavailable), and the
zygote itself (``python -m analysis.kernel --zygote ...``, never run by hand).

Lifetime and safety:

* The zygote is started with a clean interpreter (``subprocess``), never forked from the caller,
  which has zmq contexts and threads. It limits BLAS/OpenMP to one thread so that it has as few
  threads as possible when it forks; pyarrow (a jemalloc thread, and its reader pool if the preload
  read Parquet) registers fork handlers of its own.
* Kernels run in their own session (interrupts go to the kernel's process group, as for a plain
  kernel), with default signal handlers, reseeded random generators, the caller's environment and
  working directory, and none of the zygote's sockets.
* A kernel dies with the zygote (``PR_SET_PDEATHSIG`` on Linux, and ipykernel's parent poller
  everywhere); the zygote stops its kernels and exits when the process that started it closes it,
  exits or is killed (end of file on its stdin; on Linux also a parent-death SIGTERM, which
  reaches it while it still imports, when it was started from a main thread), and kills the
  kernels of a provisioner whose connection closes. So no kernel outlives the batch, even after
  Ctrl-C or ``kill -9``; a socket folder left by a killed zygote names its owner and is removed
  by the next build (:mod:`analysis.leftovers`).
* The zygote is the kernels' parent and reaps them; it tells the provisioner the exit status.
  The provisioner signals a kernel's process group only until it hears that the zygote reaped
  the kernel: practically never a reused pid. ``ps -o comm`` shows kernels as ``warm-kernel``.
* Kernels talk over ``ipc`` sockets in a private temporary folder: no TCP port races and no
  unencrypted TCP.

What differs from a plain kernel: the code is the code at the moment the zygote started (modules
it imported are not imported again, so an edit of ``analysis/`` during a batch is not seen), and
so are environment variables that a library reads at import time.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import gc
import importlib
import importlib.util
import json
import logging
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from queue import Empty
from typing import Any, ClassVar, NoReturn

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from traitlets import DottedObjectName, Type, Unicode

from analysis import lifeline

__all__ = ["PROVISIONER_NAME", "ZYGOTE_IMPORTS", "ForkProvisioner", "WarmKernelClient",
           "WarmKernelManager", "WarmKernels"]

log = logging.getLogger(__name__)

#: ``WarmKernels(preload=LATER)``: the preload follows with :meth:`WarmKernels.send_preload`.
LATER = "later"

#: Name of the provisioner entry point (``pyproject.toml``).
PROVISIONER_NAME = "rapportage-warm"

#: Modules the zygote imports before it forks. Not ``matplotlib_inline.backend_inline``: that
#: module connects itself to the IPython shell when it is first imported, so it must be imported
#: inside the kernel (its dependencies below are the expensive part).
ZYGOTE_IMPORTS: tuple[str, ...] = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.pylabtools",
    "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg", "analysis.io", "analysis.report", "analysis.kaart",
)

#: Thread limits for the zygote (and so for its kernels): fewer threads at fork time, and a report
#: gains nothing from parallel BLAS on a batch that already runs a kernel per core.
_THREAD_LIMITS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

#: Seconds the zygote gives its remaining kernels between SIGTERM and SIGKILL when it stops.
_STOP_GRACE = 1.0

#: Seconds a provisioner waits for the zygote's answer to a fork request.
_FORK_TIMEOUT = 30.0

#: Name start of the private folder with the zygote's and the kernels' sockets (its owner's pid
#: and start time follow, so that the next build removes it if its owner was killed).
_SOCKET_DIR_PREFIX = lifeline.KERNEL_DIR_PREFIX

#: Longest ipc socket prefix: a Unix socket path has at most 107 bytes (``<prefix>-<port>``).
_MAX_IPC_PREFIX = 90

_warned: set[str] = set()


def _warn_once(message: str) -> None:
    """Log a warning for the user once per process (a batch would repeat it per report)."""
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


# --------------------------------------------------------------------------------------------
# Messages between a provisioner and the zygote: one JSON object per line on a Unix socket.


class _Channel:
    """One end of a zygote connection."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.eof = False
        self._buffer = b""

    @classmethod
    def connect(cls, path: str, timeout: float = 5.0) -> _Channel:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        return cls(sock)

    def send(self, message: dict[str, Any]) -> None:
        self.sock.settimeout(None)
        self.sock.sendall(json.dumps(message).encode() + b"\n")

    def _take(self) -> list[dict[str, Any]]:
        lines = self._buffer.split(b"\n")
        self._buffer = lines.pop()
        return [json.loads(line) for line in lines if line]

    def feed(self) -> list[dict[str, Any]]:
        """Read what is there (the socket is readable) and return the complete messages."""
        try:
            data = self.sock.recv(1 << 16)
        except OSError:
            data = b""
        if not data:
            self.eof = True
        self._buffer += data
        return self._take()

    def receive(self, timeout: float) -> dict[str, Any] | None:
        """The next message, or None if none came within ``timeout`` s or the peer has gone."""
        while b"\n" not in self._buffer:
            if self.eof:
                return None
            self.sock.settimeout(timeout)
            try:
                data = self.sock.recv(1 << 16)
            except (BlockingIOError, TimeoutError):
                return None
            except OSError:
                data = b""
            if not data:
                self.eof = True
                return None
            self._buffer += data
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def close(self) -> None:
        self.eof = True
        self.sock.close()


# --------------------------------------------------------------------------------------------
# Requester side: provisioner, kernel manager, WarmKernels.


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ForkProvisioner(LocalProvisioner):
    """A kernel provisioner whose kernels are forked by a zygote (see the module docstring).

    Connection file, ports and environment are prepared as by jupyter_client's
    ``LocalProvisioner``; the kernel process is the zygote's child, managed here by its pid.
    Without a zygote, or if the zygote refuses or cannot be reached, it starts a plain kernel
    process like ``LocalProvisioner``.
    """

    zygote = Unicode("", config=True, help="Socket path of the zygote that forks the kernels.")

    _channel: _Channel | None = None
    _child: int | None = None
    _status: int | None = None

    @property
    def has_process(self) -> bool:
        return self._child is not None or super().has_process

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Ask the zygote for a kernel running ``cmd``; a plain process if that fails."""
        child = self._fork(cmd, kwargs) if self.zygote else None
        if child is None:
            return await super().launch_kernel(cmd, **kwargs)
        self._child, self._status = child, None
        # The kernel leads its own session: its process group id is its pid.
        self.pid = self.pgid = child
        self.cwd = kwargs.get("cwd") or os.getcwd()
        return self.connection_info

    def _fork(self, cmd: list[str], kwargs: dict[str, Any]) -> int | None:
        unsupported = sorted(set(kwargs) - {"env", "cwd", "kernel_id"})
        if unsupported:
            # Popen options (stdout=..., ...) a fork cannot honour.
            _warn_once(f"Warme kernel niet gebruikt (opties {', '.join(unsupported)}); "
                       "de notebook start een gewone kernel.")
            return None
        request = {"op": "fork", "cmd": [str(part) for part in cmd],
                   "env": dict(kwargs.get("env") or os.environ),
                   "cwd": os.fspath(kwargs.get("cwd") or os.getcwd())}
        try:
            if self._channel is None or self._channel.eof:
                self._channel = _Channel.connect(self.zygote)
            self._channel.send(request)
            deadline = time.monotonic() + _FORK_TIMEOUT
            while True:
                reply = self._channel.receive(max(0.0, deadline - time.monotonic()))
                if reply is None or "exit" not in reply:
                    break  # the answer, or nothing
        except OSError as error:
            reply = {"error": str(error)}
        if reply is None or "pid" not in reply:
            reason = "geen antwoord" if reply is None else reply.get("error", "onbekend")
            _warn_once(f"Warme kernel niet beschikbaar ({reason}); "
                       "de notebook start een gewone kernel.")
            self._close_channel()
            return None
        return int(reply["pid"])

    def _update(self, timeout: float = 0.0) -> None:
        """Take the zygote's notices: the kernel's exit status once the zygote has reaped it."""
        channel, child = self._channel, self._child
        if child is None or self._status is not None or channel is None:
            return
        deadline = time.monotonic() + timeout
        while self._status is None:
            notice = channel.receive(max(0.0, deadline - time.monotonic()))
            if notice is None:
                break
            if notice.get("exit") == child:
                self._status = int(notice["status"])
        if self._status is None and channel.eof and not _alive(child):
            # The zygote has gone, and its kernels with it (it kills them; on Linux they also
            # get SIGKILL when it dies); the exit status is unknown.
            self._status = -signal.SIGKILL

    async def poll(self) -> int | None:
        """None while the kernel runs, else its exit status (negative: killed by that signal)."""
        if self._child is None:
            return await super().poll()
        self._update()
        return self._status

    async def wait(self) -> int | None:
        """Wait until the kernel has exited; afterwards there is no process any more."""
        if self._child is None:
            return await super().wait()
        while await self.poll() is None:
            await asyncio.sleep(0.05)
        self._child = None
        return self._status

    async def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group (the kernel and the processes it started)."""
        if self._child is None:
            return await super().send_signal(signum)
        self._update()
        if self._status is not None:
            return  # reaped: its pid may already belong to another process
        with contextlib.suppress(ProcessLookupError):  # exited just now
            os.killpg(self._child, signum)
        return None

    async def kill(self, restart: bool = False) -> None:
        if self._child is None:
            return await super().kill(restart=restart)
        await self.send_signal(signal.SIGKILL)
        # A killed kernel is gone within milliseconds: wait for the zygote's notice, so that the
        # manager's next poll sees it gone instead of sleeping another poll interval.
        deadline = time.monotonic() + 1.0
        while self._status is None and time.monotonic() < deadline:
            self._update(timeout=0.01)
            await asyncio.sleep(0)
        return None

    async def terminate(self, restart: bool = False) -> None:
        if self._child is None:
            return await super().terminate(restart=restart)
        await self.send_signal(signal.SIGTERM)
        return None

    async def cleanup(self, restart: bool = False) -> None:
        """Release ports; without restart also the connection (the zygote then kills the
        kernel if it still runs)."""
        await super().cleanup(restart=restart)
        if not restart:
            self._close_channel()

    def _close_channel(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = None


class WarmKernelClient(AsyncKernelClient):
    """An ``AsyncKernelClient`` that is ready as soon as the kernel is.

    jupyter_client's ``wait_for_ready`` ends by draining IOPub until nothing has come for
    0,2 s: a fixed wait per kernel, longer than a forked kernel takes to start, and most of a
    batch's idle time. This one stops at the ``idle`` status of its own ``kernel_info``
    request, the last message that request causes; like jupyter_client it asks again while
    IOPub is not yet connected (the subscription may miss the first messages).
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if (reply is not None and reply["msg_type"] == "kernel_info_reply"
                    and reply["parent_header"].get("msg_id") == request
                    and await self._idle_after(request, timeout=0.2)):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def _idle_after(self, request: str, timeout: float) -> bool:
        """Read IOPub up to the idle status of ``request``; False if it did not come."""
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                message = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if (message["msg_type"] == "status"
                    and message["parent_header"].get("msg_id") == request
                    and message["content"].get("execution_state") == "idle"):
                return True
        return False


class WarmKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernels come from a zygote (:class:`ForkProvisioner`).

    :meth:`WarmKernels.papermill_options` hands nbclient a subclass that knows its zygote; the
    kernel spec (``python3``) is the installed one with this provisioner added, so nothing has
    to be installed with ``jupyter kernelspec``.
    """

    client_class = DottedObjectName(f"{__name__}.WarmKernelClient")
    client_factory = Type(klass=WarmKernelClient)

    #: Socket of the zygote and private folder for the kernels' ipc sockets (set per subclass).
    zygote_socket: ClassVar[str] = ""
    socket_dir: ClassVar[str] = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        prefix = os.path.join(self.socket_dir, uuid.uuid4().hex[:12]) if self.socket_dir else ""
        if prefix and len(prefix) <= _MAX_IPC_PREFIX:
            # ipc: no TCP port races between parallel batches, no unencrypted TCP.
            self.transport = "ipc"
            self.ip = prefix

    @property
    def kernel_spec(self) -> KernelSpec | None:
        if self._kernel_spec is None and self.kernel_name != "":
            spec = self.kernel_spec_manager.get_kernel_spec(self.kernel_name)
            if self.zygote_socket and (spec.language or "").lower().startswith("python"):
                spec.metadata = {**spec.metadata, "kernel_provisioner": {
                    "provisioner_name": PROVISIONER_NAME,
                    "config": {"zygote": self.zygote_socket}}}
            self._kernel_spec = spec
        return self._kernel_spec


def _preload_json(preload: tuple[Any, ...] | None) -> str:
    return json.dumps(None if preload is None else
                      [None if part is None else os.fspath(part) for part in preload])


def _stop_zygote(proc: subprocess.Popen[bytes] | None, directory: str | None) -> None:
    """Stop a zygote (it stops its kernels first) and remove its socket folder."""
    if proc is not None:
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # end of file: the zygote stops its kernels and exits
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)  # the same, also while it is still importing
        try:
            proc.wait(timeout=_STOP_GRACE + 10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


def _register_provisioner() -> None:
    """Make the provisioner known even where the package's entry points are not installed
    (a source checkout on ``PYTHONPATH``)."""
    from importlib.metadata import EntryPoint

    factory = KernelProvisionerFactory.instance()
    if PROVISIONER_NAME not in factory.get_provisioner_entries():
        factory.provisioners[PROVISIONER_NAME] = EntryPoint(
            PROVISIONER_NAME, f"{__name__}:ForkProvisioner", KernelProvisionerFactory.GROUP_NAME)


class WarmKernels:
    """A zygote for the notebook runs of this process (see the module docstring)."""

    def __init__(
        self,
        preload: tuple[str | Path | None, str | Path | None, str | None] | str | None = None,
        *,
        imports: Sequence[str] = ZYGOTE_IMPORTS,
        startup_timeout: float = 120.0,
    ) -> None:
        self.preload = preload
        self.imports = tuple(imports)
        self.startup_timeout = startup_timeout
        #: What the zygote reported when it was ready (pid, preload, its threads at fork time).
        self.info: dict[str, Any] = {}
        self._state = "new"
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready_fd: int | None = None
        self._dir: str | None = None
        self._options: dict[str, Any] = {}
        self._stop: Callable[[], object] = lambda: None
        self._lock = threading.Lock()  # threads of one process may share the zygote

    def __enter__(self) -> WarmKernels:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def zygote_pid(self) -> int | None:
        """The zygote's pid while it runs."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def start(self) -> WarmKernels:
        """Start the zygote in the background (imports and preload take a few seconds)."""
        if self._state != "new":
            return self
        self._state = "starting"
        if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
            self._fail("dit besturingssysteem kan geen processen forken")
            return self
        try:
            self._dir = tempfile.mkdtemp(prefix=_SOCKET_DIR_PREFIX + lifeline.owner_tag())
            read_fd, write_fd = os.pipe()
        except OSError as error:
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)
            self._fail(str(error))
            return self
        self._ready_fd = read_fd
        command = [sys.executable, "-m", __name__, "--zygote",
                   "--socket", os.path.join(self._dir, "zygote.sock"), "--ready-fd", str(write_fd)]
        parent = lifeline.parent_for_child()
        if parent is not None:
            command += ["--parent", str(parent)]  # it ends with this process
        if self.preload == LATER:
            command += ["--preload-later"]
        elif self.preload is not None:
            command += ["--preload", _preload_json(self.preload)]
        for name in self.imports:
            command += ["--import", name]
        env = {**_THREAD_LIMITS, **os.environ}
        # The zygote imports this very package, even from a checkout that is not installed.
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (package_root, os.environ.get("PYTHONPATH")) if part)
        proc, failure = None, ""
        try:
            proc = subprocess.Popen(command, stdin=subprocess.PIPE, pass_fds=(write_fd,), env=env)
        except OSError as error:
            failure = str(error)
        finally:
            os.close(write_fd)
        self._proc = proc
        # Stops the zygote on close(), and also when this object is dropped or Python exits.
        self._stop = weakref.finalize(self, _stop_zygote, proc, self._dir)
        if proc is None:
            self._fail(failure)
        return self

    def send_preload(
        self, preload: tuple[str | Path | None, str | Path | None, str | None] | None
    ) -> None:
        """The preload of a zygote started with ``preload=LATER`` (once; later calls and
        other zygotes ignore it)."""
        with self._lock:
            self._send_preload(preload)

    def _send_preload(self, preload: tuple[Any, ...] | None) -> None:
        if self.preload != LATER:
            return
        self.preload = preload
        proc = self._proc
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError):  # it died: wait_ready says so
                proc.stdin.write(_preload_json(preload).encode() + b"\n")
                proc.stdin.flush()

    def wait_ready(self) -> bool:
        """Wait until the zygote is ready; False (after a warning) if it could not start."""
        with self._lock:
            return self._wait_ready()

    def _wait_ready(self) -> bool:
        if self._state == "new":
            self.start()
        if self._state != "starting":
            return self._state == "ready"
        self._send_preload(None)  # a zygote still waiting for its preload would never be ready
        assert self._ready_fd is not None and self._dir is not None
        data = b""
        deadline = time.monotonic() + self.startup_timeout
        poller = selectors.DefaultSelector()
        poller.register(self._ready_fd, selectors.EVENT_READ)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not poller.select(remaining):
                    self._fail(f"niet klaar na {self.startup_timeout:g} s")
                    return False
                chunk = os.read(self._ready_fd, 1 << 16)
                if not chunk:
                    break
                data += chunk
        finally:
            poller.close()
        self._close_ready_fd()
        if not data:
            code = self._proc.wait() if self._proc is not None else None
            self._fail(f"het hulpproces stopte bij de start (code {code})")
            return False
        self.info = json.loads(data)
        if self.info.get("preload_error"):
            _warn_once("Rapportgegevens niet vooraf geladen "
                       f"({self.info['preload_error']}); elke kernel leest ze zelf.")
        log.debug("Zygote %s klaar: %s", self.info.get("pid"), self.info)
        _register_provisioner()
        manager = type("WarmKernelManager", (WarmKernelManager,), {
            "zygote_socket": os.path.join(self._dir, "zygote.sock"), "socket_dir": self._dir,
            "__module__": __name__})
        self._options = {"kernel_manager_class": manager}
        self._state = "ready"
        return True

    def papermill_options(self) -> dict[str, Any]:
        """Keyword arguments for ``papermill.execute_notebook``: ``{}`` without a zygote."""
        return dict(self._options) if self.wait_ready() else {}

    def close(self) -> None:
        """Stop the zygote and any kernel it still has; remove the socket folder."""
        if self._state == "closed":
            return
        self._state = "closed"
        self._options = {}
        self._close_ready_fd()
        self._proc = None
        self._stop()

    def _close_ready_fd(self) -> None:
        if self._ready_fd is not None:
            os.close(self._ready_fd)
            self._ready_fd = None

    def _fail(self, reason: str) -> None:
        _warn_once(f"Warme kernels niet beschikbaar: {reason}. "
                   "De rapporten draaien met gewone kernels (trager).")
        self.close()
        self._state = "failed"


# --------------------------------------------------------------------------------------------
# Zygote side.

_libc: Any = None


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent (the zygote) dies; name it ``warm-kernel``
    for ``ps -o comm`` and ``top`` (its command line is still the zygote's)."""
    if _libc is not None:
        pr_set_pdeathsig, pr_set_name = 1, 15
        _libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        _libc.prctl(pr_set_name, b"warm-kernel", 0, 0, 0)


def _kernel_argv(cmd: object) -> list[str] | None:
    """The ipykernel arguments of ``cmd`` if it starts an ipykernel on this interpreter."""
    if (isinstance(cmd, list) and len(cmd) >= 3 and cmd[1] == "-m"
            and cmd[2] in {"ipykernel_launcher", "ipykernel"}
            and os.path.abspath(cmd[0]) == os.path.abspath(sys.executable)):
        return [str(part) for part in cmd[3:]]
    return None


def _native_threads() -> list[str]:
    """Names of this process's threads (Linux), to see what runs when the zygote forks."""
    try:
        tasks = sorted(os.listdir("/proc/self/task"))
    except OSError:
        return []
    names = []
    for task in tasks:
        try:
            names.append(Path(f"/proc/self/task/{task}/comm").read_text().strip())
        except OSError:
            continue
    return names


def _let_control_finish(app: Any, timeout: float = 2.0) -> None:
    """Wait (briefly) until the kernel's control thread has finished the shutdown request.

    The shutdown request stops the main loop and then the control thread, which still flushes
    its output through the IOPub thread; ipykernel's exit handler stops that IOPub thread and then
    joins the control thread. If the exit handler comes first, the flush waits for its timeout
    and the kernel hangs until jupyter_client kills it (2.5 s later). A plain kernel's slower exit
    hides that race; a forked kernel, which has nothing left to import, lost it in about one run
    out of eight.
    """
    thread = getattr(app, "control_thread", None)
    if isinstance(thread, threading.Thread) and thread.is_alive():
        thread.join(timeout)


class _Zygote:
    """The fork server: one Unix socket, one connection per provisioner, stdin as lifeline."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.pid = os.getpid()
        self.stopping = False
        self.selector = selectors.DefaultSelector()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(64)
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        self.channels: dict[int, _Channel] = {}  # by socket fd
        self.children: dict[int, _Channel] = {}  # unreaped kernel pid -> its provisioner

    def serve(self) -> int:
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop through the wakeup fd
        signal.signal(signal.SIGTERM, self._on_sigterm)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_r, selectors.EVENT_READ, "wake")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
        try:
            while not self.stopping:
                for key, _ in self.selector.select():
                    if key.data == "accept":
                        self._accept()
                    elif key.data == "wake":
                        with contextlib.suppress(BlockingIOError):
                            while os.read(self.wake_r, 4096):
                                pass
                        self._reap()
                    elif key.data == "stdin":
                        if not os.read(key.fd, 4096):
                            self.stopping = True  # the process that started us has gone
                    else:
                        self._receive(key.data)
        finally:  # also after an unexpected error: no kernel stays behind
            self._stop_children()
        return 0

    def _on_sigterm(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _accept(self) -> None:
        sock, _ = self.listener.accept()
        sock.setblocking(True)
        channel = _Channel(sock)
        self.channels[sock.fileno()] = channel
        self.selector.register(sock, selectors.EVENT_READ, channel)

    def _receive(self, channel: _Channel) -> None:
        try:
            messages = channel.feed()
        except ValueError:  # not our protocol: hang up
            messages, channel.eof = [], True
        for message in messages:
            if message.get("op") == "fork":
                self._fork(channel, message)
        if channel.eof:
            # The provisioner is done, or its process died: its kernel must not stay.
            for pid, owner in self.children.items():
                if owner is channel:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(pid, signal.SIGKILL)
            self.selector.unregister(channel.sock)
            del self.channels[channel.sock.fileno()]
            channel.close()

    def _tell(self, channel: _Channel, message: dict[str, Any]) -> None:
        if not channel.eof:
            with contextlib.suppress(OSError):
                channel.send(message)

    def _fork(self, channel: _Channel, request: dict[str, Any]) -> None:
        argv = _kernel_argv(request.get("cmd"))
        if argv is None:
            self._tell(channel, {"error": "geen ipykernel van deze Python"})
            return
        ready_r, ready_w = os.pipe()
        try:
            pid = os.fork()
        except OSError as error:  # no memory or too many processes: the batch goes on without
            os.close(ready_r)
            os.close(ready_w)
            self._tell(channel, {"error": str(error)})
            return
        if pid == 0:
            os.close(ready_r)
            self._become_kernel(request, argv, ready_w)
        os.close(ready_w)
        # The child answers once it leads its own session, so that the provisioner can signal
        # its process group straight away; nothing if it died first.
        started = os.read(ready_r, 1)
        os.close(ready_r)
        self.children[pid] = channel
        self._tell(channel, {"pid": pid} if started else {"error": "kernel stopte bij de start"})

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            channel = self.children.pop(pid, None)
            if channel is not None:
                self._tell(channel, {"exit": pid, "status": os.waitstatus_to_exitcode(status)})

    def _stop_children(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in list(self.children):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, sig)
            deadline = time.monotonic() + _STOP_GRACE
            while self.children and time.monotonic() < deadline:
                self._reap()
                time.sleep(0.01)
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.listener.close()
        # The socket folder is ours alone (WarmKernels made it): remove it with the kernels'
        # ipc sockets, also when the process that made it was killed and cannot.
        folder = os.path.dirname(self.path)
        if os.path.basename(folder).startswith(_SOCKET_DIR_PREFIX):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def _close_in_child(self) -> None:
        """Drop everything of the zygote a kernel must not hold."""
        signal.set_wakeup_fd(-1)
        self.selector.close()
        self.listener.close()  # closing does not remove the socket file
        for channel in self.channels.values():
            channel.sock.close()
        os.close(self.wake_r)
        os.close(self.wake_w)

    def _become_kernel(self, request: dict[str, Any], argv: list[str], ready_w: int) -> NoReturn:
        """Run in the forked child: become an ipykernel, then exit without returning."""
        code = 1
        try:
            os.setsid()
            _die_with_parent()
            if os.getppid() != self.pid:
                os._exit(1)  # the zygote died before the death signal was armed
            os.write(ready_w, b"+")
            os.close(ready_w)
            self._close_in_child()
            for sig in (signal.SIGCHLD, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            null = os.open(os.devnull, os.O_RDONLY)  # a kernel reads no stdin
            os.dup2(null, 0)
            os.close(null)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            # As ipykernel_launcher: the interpreter's start folder is not on sys.path (IPython
            # adds the kernel's working directory itself).
            if sys.path and sys.path[0] == _START_PATH:
                del sys.path[0]
            sys.argv = [_LAUNCHER, *argv]
            if "numpy" in sys.modules:
                # The random module reseeds itself after a fork; numpy's global generator not.
                sys.modules["numpy"].random.seed()
            atexit._clear()  # the zygote's exit handlers are not the kernel's
            from ipykernel.kernelapp import IPKernelApp

            IPKernelApp.launch_instance(argv=[*argv, f"--IPKernelApp.parent_handle={self.pid}"])
            _let_control_finish(IPKernelApp.instance())
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
        finally:
            # Exit as the interpreter would, in its order: wait for non-daemon threads, then
            # run the exit handlers (IPython history, ipykernel's close()).
            with contextlib.suppress(BaseException):
                threading._shutdown()  # type: ignore[attr-defined]
            with contextlib.suppress(BaseException):
                atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(BaseException):
                    stream.flush()
            os._exit(code)


_START_PATH = ""
_LAUNCHER = "ipykernel_launcher"


def _zygote_main(argv: Sequence[str]) -> int:
    """``python -m analysis.kernel --zygote ...``: import, preload, then fork kernels on request."""
    global _libc, _START_PATH, _LAUNCHER

    parser = argparse.ArgumentParser(prog=f"python -m {__name__}")
    parser.add_argument("--zygote", action="store_true", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--ready-fd", type=int, required=True)
    parser.add_argument("--preload", help="JSON [data_dir, profiel, grenzen]")
    parser.add_argument("--preload-later", action="store_true",
                        help="read that JSON (or null) from stdin after the imports")
    parser.add_argument("--import", dest="imports", action="append", default=[])
    parser.add_argument("--parent", type=int, default=None,
                        help="pid of the process that started it: end with it")
    args = parser.parse_args(argv)
    # SIGTERM when the starter ends, even by kill -9: the zygote then stops its kernels and
    # removes its socket folder (while still importing, it just ends).
    lifeline.die_with_parent(signal.SIGTERM, args.parent)
    # Ctrl-C in the terminal is for the batch, which then closes us; SIGTERM ends the startup.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What ipykernel sets before matplotlib is imported in a kernel, so that the matplotlib
    # imported here has the same backend.
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    _START_PATH = sys.path[0] if sys.path else ""
    spec = importlib.util.find_spec("ipykernel_launcher")
    _LAUNCHER = spec.origin if spec is not None and spec.origin else "ipykernel_launcher"
    for name in args.imports:
        importlib.import_module(name)
    preload = args.preload
    if args.preload_later:
        preload = sys.stdin.buffer.readline().decode()
        if not preload:
            return 0  # closed before the preload came: the batch was stopped
    wanted = json.loads(preload) if preload else None
    info: dict[str, Any] = {"pid": os.getpid(), "preloaded": False}
    if wanted is not None:
        from analysis import io as aio

        try:
            inputs = aio.preload_report_inputs(*wanted)
            info["preloaded"] = True
            from analysis import report, vergelijking

            report.warm_up(inputs)
            vergelijking.warm_up(inputs)
        except Exception as error:  # the kernels will report it in the notebook
            info["preload_error"] = str(error)
    if sys.platform.startswith("linux"):
        import ctypes

        _libc = ctypes.CDLL(None, use_errno=True)
    # Objects made so far live as long as the zygote: keep the collector from touching (and so
    # copying) their pages in every kernel.
    gc.collect()
    gc.freeze()
    zygote = _Zygote(args.socket)
    info["threads"] = _native_threads()
    with os.fdopen(args.ready_fd, "wb") as ready:
        ready.write(json.dumps(info).encode())
    return zygote.serve()


if __name__ == "__main__":
    # Run the zygote in the importable module, not in this ``__main__`` copy of it.
    from analysis.kernel import _zygote_main as _main

    sys.exit(_main(sys.argv[1:]))
