"""End to end in a real browser: the dashboard (Voilà) and JupyterLab, in headless Chromium.

The servers are started through the real commands (`workbench dashboard`, `workbench lab`) against
the test database, on 127.0.0.1 and a free port, and always shut down. The browser is the system's
Chromium (Debian's `chromium` package) driven by Playwright; nothing is downloaded. Screenshots go
to test-artifacts/browser/ (or WORKBENCH_ARTIFACTS) for a reviewer to look at.

Without Chromium or Playwright these tests are skipped with the reason, unless
WORKBENCH_REQUIRE_BROWSER=1 (set by .ci/run once it has installed Chromium): then they fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import workbench as wb
from workbench._paths import PROJECT_ROOT

CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
# No sandbox: the tests run as root in CI. The networking flags keep Chromium from reaching out
# (updates, sync, QUIC probes) on a machine whose network is closed.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("WORKBENCH_ARTIFACTS", PROJECT_ROOT / "test-artifacts")) / "browser"
NOTEBOOKS = sorted(p.name for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
START_TIMEOUT = 180  # seconds for a server to answer: the machine may be busy with other tests
PAGE_TIMEOUT_MS = 180_000  # a page's kernel starts, imports the workbench and draws the panels


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (uv sync installs it with the dev group)"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
    return None


_MISSING = _missing_browser()
if _MISSING and os.environ.get("WORKBENCH_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"browser tests required (WORKBENCH_REQUIRE_BROWSER=1) but {_MISSING}")
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=f"browser tests skipped: {_MISSING}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _workbench(*args: str) -> list[str]:
    return [sys.executable, "-m", "workbench._cli", *args]


def _root_flag() -> list[str]:
    """JupyterLab refuses to run as root without it; tests here run as root in CI."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


@contextlib.contextmanager
def _server(command: list[str], url: str, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Start `command`, wait until `url` answers 200, and stop the whole process group after."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=PROJECT_ROOT
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                if process.poll() is not None:
                    pytest.fail(f"{command[3]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"{url} did not answer within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield process
        finally:
            _stop_group(process)


def _stop_group(process: subprocess.Popen, grace: float = 60) -> None:
    """SIGTERM to the command and the server it started (one process group), SIGKILL after `grace`
    seconds: Jupyter shuts its kernels down first, which takes a few seconds on a busy machine."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        process.poll()  # reap the command itself, so only the server keeps the group alive
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _server_env(tmp: Path, db_path: Path, **extra: str) -> dict[str, str]:
    """The test database, and Jupyter's config, data and runtime folders kept out of $HOME."""
    env = dict(os.environ)
    env.update(
        WORKBENCH_DB=str(db_path),
        JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1500},
            locale="vi-VN",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def dashboard_server(db_path, tmp_path_factory):
    """`workbench dashboard` on a free port, exporting into a folder of its own."""
    tmp = tmp_path_factory.mktemp("dashboard")
    port = _free_port()
    env = _server_env(tmp, db_path, WORKBENCH_EXPORT_DIR=str(tmp / "export"))
    command = _workbench("dashboard", "--no-browser", f"--port={port}")
    url = f"http://127.0.0.1:{port}/"
    with _server(command, url, env, tmp / "voila.log"):
        yield url, tmp / "export"


def _number(shown: str) -> int:
    """'54.131' -> 54131 (Vietnamese thousands separators)."""
    return int(shown.replace(".", ""))


def test_dashboard_totals_follow_district_and_years_and_export_writes_files(browser, dashboard_server, db):
    from playwright.sync_api import expect

    expect.set_options(timeout=PAGE_TIMEOUT_MS)  # the kernel may take a while on a busy machine

    url, export_dir = dashboard_server
    page = browser.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page.goto(url, timeout=PAGE_TIMEOUT_MS)
        totals = page.locator('.workbench-totals[data-kind="events"]')
        events_tab = totals.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
        expect(totals).to_be_visible(timeout=PAGE_TIMEOUT_MS)
        everything = db.events()
        expect(totals.locator('[data-measure="events"]')).to_have_text(
            wb.format_number(everything["events"][0])
        )
        assert "Số hoạt động tuyên truyền" in totals.inner_text()
        assert "wb.dashboard(" not in page.content(), "the page shows the notebook's code"
        page.screenshot(path=ARTIFACTS / "dashboard_opened.png", full_page=True)

        # What an analyst does: pick two districts in the list, type a year range in the slider's box.
        districts = page.get_by_label("Quận/huyện").first
        districts.select_option(label=["Ninh Kiều", "Cờ Đỏ"])
        readout = page.locator(".widget-readout").first
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("2016 - 2020")
        page.keyboard.press("Enter")
        expect(readout).to_have_text("2016 – 2020")

        same = wb.Filters(districts=["Ninh Kiều", "Cờ Đỏ"], years=(2016, 2020))
        expected = db.events(same)
        assert expected["events"][0] != everything["events"][0]
        for measure in ("events", "attendees", "leaflets"):
            value = expected[measure][0]
            shown = totals.locator(f'[data-measure="{measure}"]')
            expect(shown).to_have_text(wb.format_number(value))
            assert _number(shown.inner_text()) == value  # 2016-2020: whole counts, no apportioning
        table = events_tab.locator("table.dataframe")
        expect(table).to_contain_text("Cờ Đỏ")
        assert events_tab.locator("img").first.evaluate("img => img.naturalWidth") > 500  # the chart
        page.screenshot(path=ARTIFACTS / "dashboard_filtered.png", full_page=True)

        page.get_by_role("button", name="Xuất hình").first.click()
        expect(page.get_by_text("Đã lưu:")).to_be_visible()
        written = sorted(p.name for p in export_dir.iterdir())
        stems = {name.split(".")[0] for name in written}
        assert len(stems) == 1, written
        stem = stems.pop()
        assert "2016-2020" in stem
        assert written == sorted(
            f"{stem}.{ext}{side}" for ext in ("pdf", "png", "svg") for side in ("", ".json")
        )
        sidecar = json.loads((export_dir / f"{stem}.png.json").read_text(encoding="utf-8"))
        for query in sidecar["queries"]:  # the exported figure is the one on screen
            assert sorted(query["filters"]["districts"]) == [916, 925]
            assert query["filters"]["years"] == [2016, 2020]
        page.screenshot(path=ARTIFACTS / "dashboard_exported.png", full_page=True)

        page.get_by_role("tab", name="Nạn nhân (nội bộ)").click()
        victims = page.locator('.workbench-totals[data-kind="victims"] [data-measure="victims"]')
        expect(victims).to_have_text(wb.format_number(db.victims()["victims"][0]))
        # The victims tab's own warning (every internal figure's footer also says "Nội bộ").
        expect(page.get_by_text("Nội bộ – không công bố: số nạn nhân theo quận/huyện")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "dashboard_victims.png", full_page=True)
    finally:
        page.close()


@pytest.fixture(scope="module")
def lab_server(db_path, tmp_path_factory):
    """`workbench lab` on a working folder of copies of notebooks/ (a temporary one here)."""
    tmp = tmp_path_factory.mktemp("lab")
    settings = tmp / "lab-settings"
    for plugin, values in {
        "docmanager-extension/plugin": {"autosave": False},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    command = _workbench(
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        *_root_flag(),
    )
    base = f"http://127.0.0.1:{port}"
    env = _server_env(tmp, db_path, WORKBENCH_WORKSPACE=str(tmp / "workspace"))
    with _server(command, f"{base}/api/status?token={token}", env, tmp / "lab.log"):
        yield base, token, tmp / "workspace"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lab_lists_the_notebooks_and_runs_an_explorer(browser, lab_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=PAGE_TIMEOUT_MS)  # the kernel may take a while on a busy machine

    base, token, workspace = lab_server
    notebook = PROJECT_ROOT / "notebooks" / "02_events_explorer.ipynb"
    before = {path: _digest(path) for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb")}
    page = browser.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page.goto(f"{base}/lab?token={token}", timeout=PAGE_TIMEOUT_MS)
        listing = page.locator(".jp-DirListing-content")
        for name in NOTEBOOKS:
            expect(listing.get_by_text(name, exact=True)).to_be_visible()
        page.screenshot(path=ARTIFACTS / "lab_notebooks.png")

        listing.get_by_text(notebook.name, exact=True).dblclick()
        panel = page.locator(".jp-NotebookPanel:visible")
        # The toolbar says idle before a kernel exists; the status bar names the kernel once it runs.
        expect(page.locator(".jp-StatusBar-Widget").first).to_contain_text("Python 3 (ipykernel) | Idle")
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        code_cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        count = sum(cell["cell_type"] == "code" for cell in code_cells)
        expect(panel.locator(".jp-CodeCell")).to_have_count(count)
        # Done when every code cell has a number in its prompt and the kernel is idle again.
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt")
        expect(prompts.filter(has_text="[ ]")).to_have_count(0)
        expect(prompts.filter(has_text="[*]")).to_have_count(0)
        expect(page.locator(".jp-StatusBar-Widget").first).to_contain_text("Python 3 (ipykernel) | Idle")
        assert (
            panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
            == 0
        )
        assert panel.locator("[data-mime-type='application/vnd.jupyter.error']").count() == 0
        expect(panel.get_by_role("button", name="Xuất hình")).to_be_visible()
        expect(panel.locator(".widget-readout").first).to_have_text("2016 – 2020")
        page.screenshot(path=ARTIFACTS / "lab_explorer_ran.png")
        # Saving writes the outputs into the analyst's working copy, never into notebooks/.
        page.keyboard.press("Control+s")
        saved = workspace / notebook.name
        deadline = time.monotonic() + START_TIMEOUT
        while not any(c.get("outputs") for c in json.loads(saved.read_text(encoding="utf-8"))["cells"]):
            assert time.monotonic() < deadline, "saving in JupyterLab wrote no outputs to the working copy"
            time.sleep(0.5)
    finally:
        page.close()
    after = {path: _digest(path) for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb")}
    assert after == before, "running and saving in JupyterLab changed a committed notebook"
