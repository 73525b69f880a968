"""Warm kernels (analysis.kernel): forked ipykernels run notebooks like plain ones, in isolation,
and leave no process behind; the preload cache of analysis.io serves only identical calls."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import psutil
import pytest
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from nbclient.exceptions import DeadKernelError

from analysis import io as aio
from analysis import kernel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nbformat.write(nb, path)
    return path


def run(source: Path, output: Path, options: dict, **kwargs) -> nbformat.NotebookNode:
    pm.execute_notebook(str(source), str(output), kernel_name="python3", progress_bar=False,
                        request_save_on_cell_execute=False, **options, **kwargs)
    return nbformat.read(output, as_version=4)


def stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


def gone(pid: int) -> bool:
    """No such process any more (a zombie waiting for init counts as gone)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def wait_until_gone(pids: list[int], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not all(gone(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture(autouse=True)
def no_preload():
    """Every test starts and ends with an empty preload cache (it is process-wide)."""
    aio._PRELOADED.clear()
    yield
    aio._PRELOADED.clear()


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    monkeypatch.setattr(kernel, "_warned", set())


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    # load_report_inputs only reads the profile: any small frame will do.
    path = tmp_path_factory.mktemp("profiel") / "profiel.parquet"
    pd.DataFrame({"indicator": ["a", "b"], "waarde": [1.0, 2.0]}).to_parquet(path)
    return path


@pytest.fixture(scope="module")
def warm(profile):
    with kernel.WarmKernels(preload=(None, profile, None)) as warm:
        assert warm.papermill_options(), "the zygote did not start"
        yield warm


# --------------------------------------------------------------------------------------------
# Kernels


def test_each_run_gets_its_own_forked_kernel(warm, tmp_path):
    source = notebook(
        tmp_path / "in.ipynb",
        "import os, sys\nx = 40 + 2\nprint(os.getpid(), os.getppid())",
        "print(x, 'analysis.report' in sys.modules, 'uit_run_1' in globals())\nuit_run_1 = True",
    )
    first = run(source, tmp_path / "1.ipynb", warm.papermill_options())
    second = run(source, tmp_path / "2.ipynb", warm.papermill_options())
    pids = []
    for nb in (first, second):
        pid, parent = map(int, stdout(nb.cells[0]).split())
        assert parent == warm.zygote_pid  # forked by the zygote...
        assert pid != warm.zygote_pid
        pids.append(pid)
        # ...which had imported analysis.report (the notebook did not); nothing from run 1
        assert stdout(nb.cells[1]) == "42 True False\n"
    assert pids[0] != pids[1]


def test_kernel_behaves_like_a_plain_one(warm, tmp_path, monkeypatch, profile):
    monkeypatch.setenv("RAPPORTAGE_TEST_VAR", "van de aanvrager")
    workdir = tmp_path / "werkmap"
    workdir.mkdir()
    source = notebook(
        tmp_path / "in.ipynb",
        "import os, sys\n"
        "print(os.getcwd())\nprint(os.environ.get('RAPPORTAGE_TEST_VAR'))\n"
        "print(os.getsid(0) == os.getpid())",
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3]);",
        "from analysis import io as aio\n"
        f"inputs = aio.load_report_inputs(None, {str(profile)!r}, None)\n"
        "print(inputs.profile is next(iter(aio._PRELOADED.values())).profile)\n"
        "print(sorted(inputs.profile.columns))",
        # pyarrow's thread pools, started by the zygote's preload, work after the fork
        f"import pandas as pd\nprint(len(pd.read_parquet({str(profile)!r})))",
    )
    nb = run(source, tmp_path / "uit.ipynb", warm.papermill_options(), cwd=str(workdir))
    assert stdout(nb.cells[0]).splitlines() == [str(workdir), "van de aanvrager", "True"]
    assert any("image/png" in o.get("data", {}) for o in nb.cells[1].outputs)  # inline backend
    assert stdout(nb.cells[2]).splitlines() == ["True", "['indicator', 'waarde']"]
    assert stdout(nb.cells[3]) == "2\n"


def test_the_client_is_ready_at_the_idle_status_of_its_kernel_info(warm):
    async def check():
        manager = warm.papermill_options()["kernel_manager_class"](kernel_name="python3")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=30)
            # Nothing of the kernel_info request is left: the next message on IOPub is the
            # first one of the next request.
            request = client.execute("1 + 1")
            message = await client.iopub_channel.get_msg(timeout=10)
            return type(client), message["parent_header"]["msg_id"] == request
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    assert asyncio.run(check()) == (kernel.WarmKernelClient, True)


def test_a_dead_kernel_fails_its_notebook_and_the_next_one_runs(warm, tmp_path):
    dying = notebook(tmp_path / "sterft.ipynb", "import os\nos._exit(1)", "print('nooit')")
    with pytest.raises(DeadKernelError):
        run(dying, tmp_path / "sterft-uit.ipynb", warm.papermill_options())
    fine = notebook(tmp_path / "goed.ipynb", "print('goed')")
    assert stdout(run(fine, tmp_path / "goed-uit.ipynb", warm.papermill_options()).cells[0]) \
        == "goed\n"


def test_interrupt_reaches_the_kernel_and_kill_kills_it(warm):
    async def scenario() -> tuple[dict, int, int | None]:
        manager = warm.papermill_options()["kernel_manager_class"](kernel_name="python3")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            msg_id = client.execute("import time\nprint('loopt', flush=True)\ntime.sleep(60)")
            while True:  # until the cell's own code runs (execute_input comes a moment earlier)
                message = await client.get_iopub_msg(timeout=60)
                if (message["parent_header"].get("msg_id") == msg_id
                        and message["msg_type"] == "stream"):
                    break
            await manager.interrupt_kernel()  # SIGINT to the kernel's process group
            while True:
                reply = await client.get_shell_msg(timeout=60)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            pid = manager.provisioner.pid
            await manager.shutdown_kernel(now=True)  # SIGKILL
            status = manager.provisioner._status
        finally:
            client.stop_channels()
        return reply["content"], pid, status

    content, pid, status = asyncio.run(scenario())
    assert content["status"] == "error" and content["ename"] == "KeyboardInterrupt"
    assert status == -signal.SIGKILL
    assert wait_until_gone([pid])


def test_the_provisioner_reports_the_exit_status(warm):
    async def scenario() -> int | None:
        manager = warm.papermill_options()["kernel_manager_class"](kernel_name="python3")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            client.execute("import os\nos._exit(3)")
            while await manager.is_alive():
                await asyncio.sleep(0.05)
            return await manager.provisioner.poll()
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    assert asyncio.run(scenario()) == 3


def test_no_process_remains_after_exit(tmp_path):
    source = notebook(tmp_path / "in.ipynb", "print('x')")

    async def straggler(options: dict):
        manager = options["kernel_manager_class"](kernel_name="python3")
        await manager.start_kernel()  # and never shut down
        return manager

    with kernel.WarmKernels(imports=("ipykernel.kernelapp",)) as warm:
        options = warm.papermill_options()
        run(source, tmp_path / "uit.ipynb", options)
        zygote = warm.zygote_pid
        manager = asyncio.run(straggler(options))  # still connected to the zygote
        left = manager.provisioner.pid
        assert not gone(left)
        folder = Path(options["kernel_manager_class"].socket_dir)
    assert gone(zygote) and gone(left)
    assert not folder.exists()
    assert not {zygote, left} & {p.pid for p in psutil.Process().children(recursive=True)}


def test_a_killed_requester_takes_its_kernels_along(tmp_path):
    script = textwrap.dedent("""
        import asyncio, json, sys, time
        from analysis import kernel

        async def start(options):
            manager = options["kernel_manager_class"](kernel_name="python3")
            await manager.start_kernel()
            return manager

        warm = kernel.WarmKernels(imports=("ipykernel.kernelapp",)).start()
        options = warm.papermill_options()
        manager = asyncio.run(start(options))
        print(json.dumps([warm.zygote_pid, manager.provisioner.pid,
                          options["kernel_manager_class"].socket_dir]), flush=True)
        time.sleep(600)
    """)
    requester = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                 text=True)
    try:
        zygote, child, folder = json.loads(requester.stdout.readline())
        assert not gone(zygote) and not gone(child)
    finally:
        requester.kill()  # no clean-up code runs
        requester.wait()
    assert wait_until_gone([zygote, child])
    assert not Path(folder).exists()  # the zygote removed its socket folder itself


def test_without_a_zygote_papermill_runs_a_plain_kernel(tmp_path, caplog):
    source = notebook(tmp_path / "in.ipynb", "import sys\nprint('analysis.report' in sys.modules)")
    with caplog.at_level(logging.WARNING, logger="analysis.kernel"), \
            kernel.WarmKernels(imports=("analysis.bestaat_niet",)) as warm:
        options = warm.papermill_options()
        assert options == {}
        assert warm.zygote_pid is None
        nb = run(source, tmp_path / "uit.ipynb", options)
    assert stdout(nb.cells[0]) == "False\n"
    assert "Warme kernels niet beschikbaar" in caplog.text


def test_a_zygote_that_died_later_falls_back_to_a_plain_kernel(tmp_path, caplog):
    source = notebook(tmp_path / "in.ipynb", "import os\nprint(os.getppid())")
    with kernel.WarmKernels(imports=("ipykernel.kernelapp",)) as warm:
        options = warm.papermill_options()
        zygote = warm.zygote_pid
        os.kill(zygote, signal.SIGKILL)
        assert wait_until_gone([zygote])
        with caplog.at_level(logging.WARNING, logger="analysis.kernel"):
            nb = run(source, tmp_path / "uit.ipynb", options)
    assert int(stdout(nb.cells[0])) == os.getpid()  # a plain kernel, started by us
    assert "Warme kernel niet beschikbaar" in caplog.text


def test_the_provisioner_is_found_without_installed_entry_points(monkeypatch):
    factory = KernelProvisionerFactory.instance()
    monkeypatch.delitem(factory.provisioners, kernel.PROVISIONER_NAME, raising=False)
    assert kernel.PROVISIONER_NAME not in factory.get_provisioner_entries()
    kernel._register_provisioner()
    assert factory.provisioners[kernel.PROVISIONER_NAME].load() is kernel.ForkProvisioner


def test_only_ipykernels_of_this_interpreter_are_forked():
    assert kernel._kernel_argv([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]) \
        == ["-f", "c.json"]
    assert kernel._kernel_argv(["/elders/bin/python", "-m", "ipykernel_launcher"]) is None
    assert kernel._kernel_argv([sys.executable, "-m", "andere_kernel", "-f", "c.json"]) is None


def test_a_zygote_started_before_its_preload_waits_for_it(profile):
    with kernel.WarmKernels(preload=kernel.LATER) as warm:
        warm.send_preload((None, profile, None))
        warm.send_preload((None, "/elders/profiel.parquet", None))  # only the first counts
        assert warm.papermill_options()
        assert warm.info["preloaded"] is True and warm.preload == (None, profile, None)


def test_a_zygote_never_given_its_preload_starts_without(tmp_path):
    with kernel.WarmKernels(preload=kernel.LATER) as warm:
        assert warm.papermill_options() and warm.info["preloaded"] is False
        output = run(notebook(tmp_path / "in.ipynb", "print(6 * 7)"), tmp_path / "uit.ipynb",
                     warm.papermill_options())
    assert stdout(output.cells[0]) == "42\n"


def test_a_zygote_closed_while_waiting_for_its_preload_exits():
    warm = kernel.WarmKernels(preload=kernel.LATER).start()
    pid = warm.zygote_pid
    assert pid is not None
    warm.close()
    assert wait_until_gone([pid])


# --------------------------------------------------------------------------------------------
# Preload cache (analysis.io)


def test_preload_serves_only_identical_calls(profile, tmp_path, monkeypatch):
    preloaded = aio.preload_report_inputs(None, profile, None)
    same = aio.load_report_inputs(None, profile, None)
    assert same.profile is preloaded.profile and same.geography is preloaded.geography
    monkeypatch.chdir(profile.parent)
    assert aio.load_report_inputs(None, profile.name, None).profile is preloaded.profile
    other = aio.load_report_inputs(None, profile, "2024")
    assert other.profile is not preloaded.profile
    assert other.profile.equals(preloaded.profile)


def test_a_rewritten_profile_is_read_again(profile, tmp_path):
    copy = tmp_path / "profiel.parquet"
    copy.write_bytes(profile.read_bytes())
    preloaded = aio.preload_report_inputs(None, copy, None)
    pd.DataFrame({"indicator": ["c"], "waarde": [3.0]}).to_parquet(copy)
    fresh = aio.load_report_inputs(None, copy, None)
    assert fresh.profile is not preloaded.profile
    assert list(fresh.profile["indicator"]) == ["c"]


def test_without_preload_nothing_is_cached(profile):
    first = aio.load_report_inputs(None, profile, None)
    assert aio._PRELOADED == {}
    assert aio.load_report_inputs(None, profile, None).profile is not first.profile


def test_a_preloaded_report_is_made_now(profile, monkeypatch):
    monkeypatch.setattr(aio, "_made_now", lambda: "01/01/2030 08:00")
    preloaded = aio.preload_report_inputs(None, profile, None)
    monkeypatch.setattr(aio, "_made_now", lambda: "01/01/2030 09:15")
    made = aio.load_report_inputs(None, profile, None)
    assert made.provenance["gemaakt"] == "01/01/2030 09:15"
    assert preloaded.provenance["gemaakt"] == "01/01/2030 08:00"  # the preload is unchanged
    assert {k: v for k, v in made.provenance.items() if k != "gemaakt"} == \
        {k: v for k, v in preloaded.provenance.items() if k != "gemaakt"}
