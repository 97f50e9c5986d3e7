"""`workbench lab` works on copies in an ignored folder: the tracked notebooks never change, an
analyst's saved notebook survives a template update, and stopping the command stops JupyterLab."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from workbench._lab import MANIFEST, TEMPLATES_DIR, prepare_workspace
from workbench._paths import PROJECT_ROOT

WAIT = 120  # seconds for a process to start or stop on a busy machine


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A copy of the tracked templates that a test may 'update'."""
    folder = tmp_path / "notebooks"
    shutil.copytree(TEMPLATES_DIR, folder)
    return folder


def _edit(path: Path, source: str, outputs: bool = True) -> None:
    """What an analyst does: change a cell and save the notebook with its outputs."""
    import nbformat  # here, not at the top: importing it costs seconds the fast tier need not pay

    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    cell.source = source
    if outputs:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kết quả của tôi\n")]
        cell.execution_count = 1
    nbformat.write(notebook, path)


def _update_template(path: Path) -> None:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("Phần mới của mẫu / new in this version"))
    nbformat.write(notebook, path)


def test_the_working_folder_is_ignored_by_git_and_not_the_templates():
    default = PROJECT_ROOT / "workspace"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(default / "01_overview.ipynb")],
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert ignored.returncode == 0, f"{default} is not ignored by git"
    tracked = subprocess.run(
        ["git", "check-ignore", "-q", str(TEMPLATES_DIR / "01_overview.ipynb")],
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert tracked.returncode == 1


def test_first_start_copies_every_template_and_changes_no_tracked_file(tmp_path):
    before = _digests(TEMPLATES_DIR)
    workspace = tmp_path / "workspace"
    changes = prepare_workspace(workspace)
    assert {c.action for c in changes} == {"copied"}
    assert _digests(workspace) == before  # byte-identical copies of every template
    assert _digests(TEMPLATES_DIR) == before
    assert prepare_workspace(workspace) == []  # nothing more to do on the next start
    assert _digests(TEMPLATES_DIR) == before


def test_a_saved_notebook_survives_a_template_update(templates, tmp_path):
    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, templates)
    mine = workspace / "01_overview.ipynb"
    _edit(mine, "YEARS = (2021, 2024)  # my period")
    saved = mine.read_bytes()
    _update_template(templates / "01_overview.ipynb")

    changes = prepare_workspace(workspace, templates)

    assert mine.read_bytes() == saved, "the analyst's saved notebook was changed"
    (offered,) = changes
    assert offered.action == "offered"
    assert offered.path.name.startswith("01_overview.template-") and offered.path.exists()
    assert offered.path.read_bytes() == (templates / "01_overview.ipynb").read_bytes()
    assert "your saved copy is kept" in str(offered) and offered.path.name in str(offered)
    # Offered once: the next start neither repeats the message nor writes another copy.
    assert prepare_workspace(workspace, templates) == []
    assert mine.read_bytes() == saved
    assert len(list(workspace.glob("01_overview*.ipynb"))) == 2


def test_an_unsaved_copy_follows_its_template(templates, tmp_path):
    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, templates)
    _update_template(templates / "04_briefing_figures.ipynb")
    (change,) = prepare_workspace(workspace, templates)
    assert change.action == "updated"
    assert (workspace / "04_briefing_figures.ipynb").read_bytes() == (
        templates / "04_briefing_figures.ipynb"
    ).read_bytes()
    assert not list(workspace.glob("*.template-*"))


def test_new_and_deleted_notebooks_are_copied_in_and_the_analysts_own_stay(templates, tmp_path):
    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, templates)
    own = workspace / "my_analysis.ipynb"
    own.write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8"
    )
    (workspace / "05_ad_hoc_sql.ipynb").unlink()  # deleted to get a fresh copy
    shutil.copy(templates / "01_overview.ipynb", templates / "09_new_template.ipynb")
    (templates / "06_import.ipynb").unlink()  # a template removed from the project

    changes = prepare_workspace(workspace, templates)

    assert sorted((c.action, c.path.name) for c in changes) == [
        ("copied", "05_ad_hoc_sql.ipynb"),
        ("copied", "09_new_template.ipynb"),
    ]
    assert own.exists() and (workspace / "06_import.ipynb").exists()


def test_a_damaged_record_of_copies_offers_rather_than_overwrites(templates, tmp_path):
    workspace = tmp_path / "workspace"
    prepare_workspace(workspace, templates)
    mine = workspace / "02_events_explorer.ipynb"
    _edit(mine, "print('mine')")
    saved = mine.read_bytes()
    (workspace / MANIFEST).write_text("{not json", encoding="utf-8")
    changes = prepare_workspace(workspace, templates)
    assert mine.read_bytes() == saved
    assert [c.action for c in changes] == ["offered"]


# --- stopping: `workbench lab` passes SIGTERM/SIGINT on to JupyterLab and ends when it does ---

FAKE_CHILD = """
import signal, sys, time
def stop(signum, _frame):
    print(f"child got {signal.Signals(signum).name}", flush=True)
    sys.exit(3)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print("child ready", flush=True)
while True:
    time.sleep(0.05)
"""

SUPERVISOR = """
import sys
from workbench._lab import run_forwarding
print("parent ready", flush=True)
sys.exit(run_forwarding([sys.executable, "-c", sys.argv[1]]))
"""


def _wait_for_line(process: subprocess.Popen, text: str) -> list[str]:
    seen = []
    for line in process.stdout:
        seen.append(line.strip())
        if text in line:
            return seen
    pytest.fail(f"no {text!r} in the output: {seen}")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_the_supervisor_reaches_the_child_and_both_end(signum):
    with subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, FAKE_CHILD],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the signal goes to the supervisor alone, as a service manager's
    ) as process:
        try:
            _wait_for_line(process, "child ready")
            process.send_signal(signum)
            rest = process.stdout.read()
            assert process.wait(timeout=WAIT) == 3, "the supervisor did not end with the child's status"
            assert f"child got {signum.name}" in rest
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow  # starts the real JupyterLab
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc")
def test_sigterm_to_workbench_lab_stops_jupyterlab(db_path, tmp_path):
    """The real command and the real JupyterLab, on a free port, in a temporary working folder."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(
        os.environ,
        WORKBENCH_DB=str(db_path),
        WORKBENCH_WORKSPACE=str(tmp_path / "workspace"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
        IPYTHONDIR=str(tmp_path / "ipython"),
    )
    root = ["--allow-root"] if os.geteuid() == 0 else []
    command = [
        sys.executable,
        "-m",
        "workbench._cli",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--lang",
        "en",
    ]
    command += ["--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=test", *root]
    log = tmp_path / "lab.log"
    before = _digests(TEMPLATES_DIR)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + WAIT
        while True:  # wait until JupyterLab answers
            assert process.poll() is None, log.read_text()[-3000:]
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                url = f"http://127.0.0.1:{port}/api/status?token=test"
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        (jupyter,) = _children(process.pid)
        assert "jupyterlab" in Path(f"/proc/{jupyter}/cmdline").read_text()
        assert (tmp_path / "workspace" / "01_overview.ipynb").exists()

        process.send_signal(signal.SIGTERM)  # to `workbench lab` alone, not its process group

        process.wait(timeout=WAIT)
        deadline = time.monotonic() + WAIT
        while _alive(jupyter):
            assert time.monotonic() < deadline, "JupyterLab still runs after workbench lab ended"
            time.sleep(0.2)
        output = log.read_text()
        assert "JupyterLab on" in output and str(tmp_path / "workspace") in output
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert _digests(TEMPLATES_DIR) == before
