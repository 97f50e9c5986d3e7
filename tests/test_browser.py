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
import dataclasses
import hashlib
import io
import json
import os
import re
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
from workbench._charts import MEASURES
from workbench._dashboard_serve import POOL_SIZE
from workbench._labels import text
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
pytestmark = [
    pytest.mark.browser,  # left out of the fast tier (docs/development.md, test tiers)
    pytest.mark.skipif(_MISSING is not None, reason=f"browser tests skipped: {_MISSING}"),
]


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


@dataclasses.dataclass
class Served:
    """A running `workbench dashboard`: its address, the token it printed, its export folder."""

    base: str
    token: str | None
    export_dir: Path
    process: subprocess.Popen
    log: Path

    def url(self, query: str = "") -> str:
        parts = [f"token={self.token}"] if self.token else []
        parts += [query] if query else []
        return self.base + ("?" + "&".join(parts) if parts else "")

    def kernels(self) -> int:
        """Kernel processes under the server (Voilà serves no list of its kernels)."""
        import psutil

        children = psutil.Process(self.process.pid).children(recursive=True)
        count = 0
        for child in children:
            with contextlib.suppress(psutil.Error):
                count += "ipykernel_launcher" in " ".join(child.cmdline())
        return count


def _printed_token(log: Path) -> str:
    """The token `workbench dashboard` printed at start (Voilà's 'running at' address)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=([0-9a-f]{32,})", log.read_text(errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.2)
    pytest.fail(f"no token printed:\n{log.read_text()[-3000:]}")


def _dashboard(db_path, tmp_path_factory, *options: str) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("dashboard")
    port = _free_port()
    env = _server_env(tmp, db_path, WORKBENCH_EXPORT_DIR=str(tmp / "export"))
    command = _workbench("dashboard", *options, "--no-browser", f"--port={port}")
    base = f"http://127.0.0.1:{port}/"
    log = tmp / "voila.log"
    # Up when it serves the page's stylesheet (asking for the page would take the kernel started ahead).
    with _server(command, base + "voila/templates/workbench/static/workbench.css", env, log) as process:
        token = None if "--publish" in options else _printed_token(log)
        yield Served(base, token, tmp / "export", process, log)


@pytest.fixture(scope="module")
def dashboard_server(db_path, tmp_path_factory):
    """`workbench dashboard` (internal, with its token) on a free port, exporting into its own folder."""
    yield from _dashboard(db_path, tmp_path_factory)


@pytest.fixture(scope="module")
def publish_server(db_path, tmp_path_factory):
    """`workbench dashboard --publish`: published numbers only, no token."""
    yield from _dashboard(db_path, tmp_path_factory, "--publish")


def _number(shown: str) -> int:
    """'54.131' -> 54131 (Vietnamese thousands separators)."""
    return int(shown.replace(".", ""))


@contextlib.contextmanager
def _page(browser, served: Served, query: str = "", *, viewport=None):
    """A new tab on the dashboard (with `query`), its events totals on screen; closed as a person
    closes a tab (the page's unload runs, so Voilà can shut its kernel down)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=PAGE_TIMEOUT_MS)  # the kernel may take a while on a busy machine
    page = browser.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    if viewport:
        page.set_viewport_size(viewport)
    try:
        page.goto(served.url(query), timeout=PAGE_TIMEOUT_MS)
        # The dashboard has drawn its view and said which it is (the page's address follows it).
        expect(page.locator(".workbench-state")).to_have_count(1)
        expect(page.locator(".workbench-band")).to_be_visible()
        yield page
    finally:
        page.close(run_before_unload=True)


def _sidebar(page):
    return page.locator(".workbench-sidebar:visible")


def _main(page):
    return page.locator(".workbench-main:visible")


def _type_years(page, first: int, last: int) -> None:
    from playwright.sync_api import expect

    readout = _sidebar(page).locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{first} - {last}")
    page.keyboard.press("Enter")
    expect(readout).to_have_text(f"{first} – {last}")


def _selected(select) -> list[str]:
    # ipywidgets writes option labels with no-break spaces
    return select.evaluate("s => [...s.selectedOptions].map(o => o.text.replaceAll('\\u00a0', ' '))")


def test_internal_dashboard_refuses_a_page_without_the_printed_token(browser, dashboard_server):
    from playwright.sync_api import expect

    served = dashboard_server
    assert f"{served.base}?token={served.token}" in served.log.read_text()  # printed at start
    browser.clear_cookies()
    page = browser.new_page()
    try:
        for address in (served.base, served.base + "?token=" + "0" * len(served.token)):
            page.goto(address, timeout=PAGE_TIMEOUT_MS)
            assert "/login" in page.url, page.url
            expect(page.locator(".workbench-totals")).to_have_count(0)
            assert "Nội bộ" not in page.content()
        page.screenshot(path=ARTIFACTS / "dashboard_refused.png")
    finally:
        page.close(run_before_unload=True)
    with _page(browser, served) as page:  # with the token: the page, and no token left in the address
        expect(page.locator(".workbench-band")).to_contain_text("NỘI BỘ")
        expect(page).to_have_url(served.base)


def test_dashboard_totals_follow_district_and_years_and_export_downloads_one_chart(
    browser, dashboard_server, db
):
    from playwright.sync_api import expect

    served = dashboard_server
    with _page(browser, served) as page:
        totals = page.locator('.workbench-totals[data-kind="events"]')
        everything = db.events()
        expect(totals.locator('[data-measure="events"]')).to_have_text(
            wb.format_number(everything["events"][0])
        )
        assert "Số hoạt động tuyên truyền" in totals.inner_text()
        assert "wb.dashboard(" not in page.content(), "the page shows the notebook's code"
        page.screenshot(path=ARTIFACTS / "dashboard_opened.png", full_page=True)

        # What an analyst does: pick two districts in the list, type a year range in the slider's box.
        _sidebar(page).get_by_label("Quận/huyện").select_option(label=["Ninh Kiều", "Cờ Đỏ"])
        _type_years(page, 2016, 2020)
        same = wb.Filters(districts=["Ninh Kiều", "Cờ Đỏ"], years=(2016, 2020))
        expected = db.events(same)
        assert expected["events"][0] != everything["events"][0]
        for measure in ("events", "attendees", "leaflets"):
            value = expected[measure][0]
            shown = totals.locator(f'[data-measure="{measure}"]')
            expect(shown).to_have_text(wb.format_number(value))
            assert _number(shown.inner_text()) == value  # 2016-2020: whole counts, no apportioning
        main = _main(page)
        expect(main.locator("table.dataframe")).to_contain_text("Cờ Đỏ")
        assert main.locator("img").first.evaluate("img => img.naturalWidth") > 500  # the chart
        page.screenshot(path=ARTIFACTS / "dashboard_filtered.png", full_page=True)

        # Xuất hình: one chart, one format, through the browser; the server keeps a copy and sidecar.
        main.get_by_label("Biểu đồ").select_option(label="Theo quận/huyện")
        main.get_by_label("Định dạng").select_option(label="PDF")
        with page.expect_download() as download:
            main.get_by_role("button", name="Xuất hình").click()
        got = download.value
        name = got.suggested_filename
        # Events are not victim data: an events chart from the internal dashboard is a published one.
        assert name.endswith(".pdf") and "_published_" in name and "2016-2020" in name, name
        assert "internal" not in name and "by_district" in name
        expect(main.get_by_text("Đã lưu:")).to_be_visible()
        folder = served.export_dir / "published"
        assert sorted(p.name for p in folder.iterdir()) == [name, f"{name}.json"]  # one chart per file
        assert Path(got.path()).read_bytes() == (folder / name).read_bytes()
        sidecar = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        (query,) = sidecar["queries"]  # the exported chart is the one picked, drawn from what is on screen
        assert sorted(query["filters"]["districts"]) == [916, 925]
        assert query["filters"]["years"] == [2016, 2020]
        from pypdf import PdfReader

        assert "Nội bộ" not in PdfReader(got.path()).pages[0].extract_text()  # no internal mark
        page.screenshot(path=ARTIFACTS / "dashboard_exported.png", full_page=True)

        page.get_by_role("tab", name="Nạn nhân (nội bộ)").click()
        victims = page.locator('.workbench-totals[data-kind="victims"] [data-measure="victims"]')
        expect(victims).to_have_text(wb.format_number(db.victims()["victims"][0]))
        # The victims tab's own warning (every internal figure's footer also says "Nội bộ").
        expect(page.get_by_text("Nội bộ – không công bố: số nạn nhân theo quận/huyện")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "dashboard_victims.png", full_page=True)

        # A victims chart holds exact counts: internal in its name, its folder and its footer.
        victims_main = _main(page)
        victims_main.get_by_label("Định dạng").select_option(label="PDF")
        with page.expect_download() as download:
            victims_main.get_by_role("button", name="Xuất hình").click()
        got = download.value
        name = got.suggested_filename
        assert name.endswith(".pdf") and "_internal_" in name and name.startswith("victims_"), name
        assert (served.export_dir / "internal" / name).read_bytes() == Path(got.path()).read_bytes()
        assert "Nội bộ" in PdfReader(got.path()).pages[0].extract_text()


def _download(page, fmt: str) -> tuple[str, bytes]:
    with page.expect_download() as download:
        _main(page).locator(f'.workbench-downloads a[data-format="{fmt}"]').click()
    got = download.value
    return got.suggested_filename, Path(got.path()).read_bytes()


TABLE_CASES = [
    pytest.param(
        "e.districts=916,925&e.years=2021-2022",
        {"districts": (916, 925), "years": (2021, 2022)},
        "district",
        id="two-districts-two-years",
    ),
    pytest.param("e.years=2016-2020&e.by=organiser", {"years": (2016, 2020)}, "organiser", id="by-organiser"),
]
HEADINGS = {"events": "Số hoạt động tuyên truyền", "attendees": "Lượt người tham dự"}


@pytest.mark.parametrize(("query", "filters", "by"), TABLE_CASES)
def test_table_downloads_hold_what_the_query_returns(browser, dashboard_server, db, query, filters, by):
    import pandas as pd

    chosen = wb.Filters(**filters)
    expected = db.events(chosen, by=by, lang="vi").sort_values("events", ascending=False, kind="stable")
    total = db.events(chosen)
    name_column = "district" if by == "district" else f"{by}_label"
    with _page(browser, dashboard_server, query) as page:
        for fmt in ("csv", "xlsx"):
            name, payload = _download(page, fmt)
            assert name.endswith(f".{fmt}") and "_internal_" in name, name
            if fmt == "csv":
                assert payload.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows the diacritics
                raw = pd.read_csv(io.StringIO(payload.decode("utf-8-sig")), header=None, names=range(5),
                                  skip_blank_lines=False, dtype=str)  # fmt: skip
            else:
                raw = pd.read_excel(io.BytesIO(payload), header=None, engine="calamine", dtype=str)
            lines = raw[0].tolist()
            assert lines[1] == f"Bộ lọc: {chosen.describe('vi')}"
            assert lines[2].startswith(f"Phiên bản dữ liệu: {db.metadata['data_version']}")
            assert lines[3].startswith("Nội bộ")
            top = lines.index("#")  # the table's heading row (rank, names, counts) under those lines
            table = raw.iloc[top + 1 :].reset_index(drop=True)
            table.columns = raw.iloc[top].tolist()
            table = table.dropna(axis=1, how="all")
            body, last = table.iloc[:-1], table.iloc[-1]
            assert body[text(by)].tolist() == expected[name_column].tolist()
            ranks = [int(str(r).rstrip("=")) for r in body["#"]]
            assert ranks[0] == 1 and ranks == sorted(ranks)  # ranked by the measure, ties marked
            for measure, heading in (
                ("events", "Số hoạt động tuyên truyền"),
                ("attendees", "Lượt người tham dự"),
            ):
                assert [int(float(v)) for v in body[heading]] == expected[measure].tolist()
                assert last[text(by)] == "Tổng" and int(float(last[heading])) == total[measure][0]


def test_copied_link_restores_the_view_and_reset_clears_it(browser, dashboard_server, db):
    from playwright.sync_api import expect

    served = dashboard_server
    with _page(browser, served) as page:
        _sidebar(page).get_by_label("Quận/huyện").select_option(label=["Ninh Kiều", "Cờ Đỏ"])
        _type_years(page, 2021, 2022)
        _sidebar(page).get_by_label("Chỉ số").select_option(label="Lượt người tham dự")
        expect(page).to_have_url(
            re.compile(r"e\.districts=916,925.*e\.years=2021-2022.*e\.measure=attendees")
        )
        link = page.url
        assert "token" not in link
    chosen = db.events(wb.Filters(districts=[916, 925], years=(2021, 2022)))
    with _page(browser, served, link.split("?", 1)[1]) as page:  # a colleague opens the link
        attendees = page.locator('.workbench-totals[data-kind="events"] [data-measure="attendees"]')
        expect(attendees).to_have_text(wb.format_number(chosen["attendees"][0]))
        sidebar = _sidebar(page)
        assert _selected(sidebar.get_by_label("Quận/huyện")) == ["Ninh Kiều", "Cờ Đỏ"]
        expect(sidebar.locator(".widget-readout")).to_have_text("2021 – 2022")
        assert _selected(sidebar.get_by_label("Chỉ số")) == ["Lượt người tham dự"]
        page.screenshot(path=ARTIFACTS / "dashboard_from_link.png")

        page.get_by_role("button", name="Đặt lại").click()
        everything = db.events()
        expect(attendees).to_have_text(wb.format_number(everything["attendees"][0]))
        expect(page).to_have_url(served.base)
        assert _selected(sidebar.get_by_label("Quận/huyện")) == []
        first, last = db.events(by="year")["year"].agg(["min", "max"])
        expect(sidebar.locator(".widget-readout")).to_have_text(f"{first} – {last}")


FIRST_VIEW_CASES = [
    pytest.param("e.districts=916,925&e.years=2016-2020", "events",
                 {"districts": (916, 925), "years": (2016, 2020)}, "vi", id="events-two-districts"),
    pytest.param("lang=en&tab=victims&v.years=2021-2022", "victims", {"years": (2021, 2022)}, "en",
                 id="victims-tab-english"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "kind", "filters", "lang"), FIRST_VIEW_CASES)
def test_the_page_shows_the_linked_view_before_its_scripts_run_and_the_widgets_take_over_unchanged(
    browser, dashboard_server, db, query, kind, filters, lang
):
    """The page as it arrives, Voilà's scripts held back: the view the link asks for is on screen as
    plain HTML (the totals db.<kind>() gives, a chart picture, the table); let the scripts run, and
    the live widgets replace it showing the same numbers."""
    from playwright.sync_api import expect

    expected = getattr(db, kind)(wb.Filters(**filters))
    shown = {m: wb.format_number(expected[m][0], lang=lang) for m in MEASURES[kind] if m in expected}
    held = []

    def hold(route) -> None:
        held.append(route)

    page = browser.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page.route("**/voila/static/voila.js", hold)  # answered below, once looked at
        page.goto(dashboard_server.url(query), wait_until="commit", timeout=PAGE_TIMEOUT_MS)
        snapshot = page.locator(".workbench-snapshot")
        expect(snapshot).to_be_visible(timeout=PAGE_TIMEOUT_MS)
        # The view can be on screen before the parser even reaches Voilà's script tag (a loaded
        # machine): wait for the request to be held, the view still there and no widget yet.
        deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
        while not held and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert held, "Voilà's scripts were never requested"
        expect(snapshot).to_be_visible()
        expect(page.locator(".workbench-totals")).to_have_count(0)  # no widget yet
        totals = snapshot.locator(f'.workbench-snapshot-totals[data-kind="{kind}"]')
        for measure, value in shown.items():
            expect(totals.locator(f'[data-measure="{measure}"]')).to_have_text(value)
        chart = snapshot.locator(".workbench-snapshot-main img")
        expect(chart).to_be_visible()
        assert chart.evaluate("img => img.complete && img.naturalWidth") > 500
        assert chart.bounding_box()["y"] < 768  # above the fold at 1366x768 too
        expect(snapshot.locator("table.dataframe")).to_be_visible()
        if kind == "victims":
            expect(snapshot).to_contain_text("Internal – not for publication")
        page.screenshot(path=ARTIFACTS / f"dashboard_first_view_{kind}.png")

        for route in held:
            route.continue_()
        expect(snapshot).to_have_count(0)  # taken down once the widgets show the view
        live = page.locator(f'.workbench-totals[data-kind="{kind}"]:visible')
        for measure, value in shown.items():
            expect(live.locator(f'[data-measure="{measure}"]')).to_have_text(value)
        assert _main(page).locator("img").first.evaluate("img => img.naturalWidth") > 500
        expect(page.locator("#loading")).to_have_count(0)
    finally:
        page.unroute("**/voila/static/voila.js")
        page.close(run_before_unload=True)


def test_language_switch_relabels_the_page_and_keeps_the_view(browser, dashboard_server, db):
    from playwright.sync_api import expect

    chosen = db.events(wb.Filters(districts=[916], years=(2016, 2020)))
    with _page(browser, dashboard_server, "e.districts=916&e.years=2016-2020") as page:
        page.get_by_role("button", name="English").click()
        totals = page.locator('.workbench-totals[data-kind="events"]')
        expect(totals).to_contain_text("Awareness events")
        expect(totals.locator('[data-measure="attendees"]')).to_have_text(
            wb.format_number(chosen["attendees"][0], lang="en")
        )
        expect(page.get_by_role("tab", name="Victims (internal)")).to_be_visible()
        expect(page.get_by_role("button", name="Reset")).to_be_visible()
        expect(page).to_have_url(re.compile(r"lang=en.*e\.districts=916"))
        expect(page).to_have_title(re.compile("^Awareness events – Counter-trafficking dashboard"))
        assert page.evaluate("document.documentElement.lang") == "en"
        page.screenshot(path=ARTIFACTS / "dashboard_english.png")
        page.get_by_role("button", name="Tiếng Việt").click()
        expect(totals).to_contain_text("Số hoạt động tuyên truyền")
        expect(page).to_have_title(re.compile("^Tuyên truyền – Bảng điều khiển"))


def test_map_tab_draws_the_current_selection(browser, dashboard_server):
    from playwright.sync_api import expect

    with _page(browser, dashboard_server, "e.years=2016-2020") as page:
        page.get_by_role("tab", name="Bản đồ").click()
        picture = page.locator(".workbench-map img")
        expect(picture).to_be_visible()
        page.wait_for_function("() => document.querySelector('.workbench-map img').naturalWidth > 300")
        events_map = picture.get_attribute("src")
        expect(page).to_have_url(re.compile(r"tab=map"))
        page.screenshot(path=ARTIFACTS / "dashboard_map.png")
        page.locator(".workbench-map select").select_option(label=text("victims"))
        expect(picture).not_to_have_attribute("src", events_map)
        expect(page).to_have_url(re.compile(r"map=victims"))
        page.screenshot(path=ARTIFACTS / "dashboard_map_victims.png")


def _empty_selection(db) -> tuple[int, int, str]:
    """A district, year and event type with no event, found in the data (not assumed)."""
    from workbench._codes import codes

    held = db.events(by=["district", "year", "event_type"])
    present = set(zip(held["district_code"], held["year"], held["event_type"], strict=True))
    for district in (d.code for d in wb.districts()):
        for year in range(2016, 2025):
            for kind in codes("event_type"):
                if (district, year, kind) not in present:
                    return district, year, kind
    pytest.skip("every district, year and event type has events in this data")


def test_empty_selection_says_no_data_with_totals_shown_as_zero(browser, dashboard_server, db):
    from playwright.sync_api import expect

    district, year, kind = _empty_selection(db)
    nothing = db.events(wb.Filters(districts=[district], years=(year, year), event_types=[kind]))
    assert not nothing["events"].fillna(0).any()  # a sum over no events: NULL, meaning 0
    query = f"e.districts={district}&e.years={year}-{year}&e.event_types={kind}"
    with _page(browser, dashboard_server, query) as page:
        main = _main(page)
        expect(main.locator(".workbench-empty")).to_have_text(re.compile("^Không có dữ liệu"))
        for measure in ("events", "attendees", "leaflets"):
            expect(main.locator(f'[data-measure="{measure}"]')).to_have_text("0")
        expect(main.locator("img")).to_be_hidden()
        expect(main.locator("table.dataframe")).to_be_hidden()
        page.screenshot(path=ARTIFACTS / "dashboard_empty.png")
        page.get_by_role("button", name="English").click()
        expect(_main(page).locator(".workbench-empty")).to_have_text(re.compile("^No data"))


def test_page_is_titled_shows_the_chart_above_the_fold_prints_whole_and_asks_no_outside_host(
    browser, dashboard_server, tmp_path
):
    from playwright.sync_api import expect
    from pypdf import PdfReader

    served = dashboard_server
    requested: list[str] = []
    browser.on("request", lambda request: requested.append(request.url))
    with _page(browser, served, viewport={"width": 1366, "height": 768}) as page:
        expect(page).to_have_title("Tuyên truyền – Bảng điều khiển phòng, chống mua bán người – Cần Thơ")
        chart = _main(page).locator("img").first
        page.wait_for_function("() => document.querySelector('.workbench-main img').naturalWidth > 0")
        box = chart.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 768, box  # the whole chart, no scrolling
        page.screenshot(path=ARTIFACTS / "dashboard_1366x768.png")
        page.set_viewport_size({"width": 1920, "height": 1080})
        # Sharp on a wide screen: the picture is never scaled up past its own pixels.
        assert chart.evaluate("img => img.clientWidth <= img.naturalWidth"), "the chart is stretched"
        page.screenshot(path=ARTIFACTS / "dashboard_1920.png")

        rows = [r.strip() for r in _main(page).locator("table.dataframe tbody tr").all_inner_texts()]
        printed = tmp_path / "dashboard.pdf"
        page.pdf(path=printed, format="A4")
        reader = PdfReader(printed)
        text = "".join(p.extract_text() for p in reader.pages)
        for page_box in (p.mediabox for p in reader.pages):
            assert abs(float(page_box.width) - 595.3) < 2 and abs(float(page_box.height) - 841.9) < 2
        squeezed = re.sub(r"\s+", "", text)
        for row in rows:  # every row of the table and the last words of the page are on paper
            assert re.sub(r"\s+", "", row) in squeezed, row
        assert "synthetic sample data" in re.sub(r"\s+", " ", text)  # the page's last words
    outside = [u for u in requested if not u.startswith((served.base, "data:", "blob:"))]
    assert outside == [], outside


def test_closed_tabs_give_their_kernels_back(browser, dashboard_server):
    served = dashboard_server

    def settle(count: int) -> int:
        deadline = time.monotonic() + 120
        while served.kernels() != count and time.monotonic() < deadline:
            time.sleep(0.5)
        return served.kernels()

    ahead = POOL_SIZE  # the kernels started ahead for the next pages
    assert settle(ahead) == ahead
    with contextlib.ExitStack() as tabs:
        for _ in range(3):
            tabs.enter_context(_page(browser, served))
        assert served.kernels() >= 3
    assert settle(ahead) == ahead, "closed tabs left kernels running"


def test_publish_dashboard_shows_no_victim_count_below_5(browser, publish_server, db_path):
    from playwright.sync_api import expect

    served = publish_server
    with wb.connect(db_path) as exact:
        small = exact.victims(wb.Filters(years=(2016, 2020)), by="district")
    assert (small["victims"] < 5).any()  # there are small counts to withhold
    browser.clear_cookies()
    with _page(browser, served, "tab=victims&v.years=2016-2020") as page:  # no token asked
        expect(page.locator(".workbench-band")).to_contain_text("Số liệu công bố")
        expect(page.get_by_role("tab", name="Nạn nhân", exact=True)).to_be_visible()
        main = _main(page)
        expect(main.locator("table.dataframe")).to_be_visible()
        shown = main.locator("table.dataframe tbody td:nth-child(3)").all_inner_texts()
        shown += [main.locator('[data-measure="victims"]').inner_text()]
        assert shown
        for value in shown:
            assert value in ("<5", "x", "–") or _number(value) >= 5, f"victim count {value!r} published"
        assert "<5" in shown
        name, payload = _download(page, "csv")
        assert "_published_" in name and "internal" not in name
        rows = payload.decode("utf-8-sig").splitlines()
        assert rows[3].startswith("Số công bố")
        for row in rows[6:]:  # the downloaded table: names, then the victim count as published
            value = row.rsplit(",", 1)[1]
            assert value in ("<5", "x") or float(value) >= 5, f"victim count {value!r} in the download"
        page.screenshot(path=ARTIFACTS / "dashboard_publish_victims.png", full_page=True)


@pytest.fixture(scope="module")
def stopped_server(template, tmp_path_factory):
    """`workbench dashboard --publish` on a database whose victim publication is stopped: victims
    were released, then two more imported (docs/releases.md, Revisions), and nobody accepted it."""
    from workbench._generations import copy_database

    path = tmp_path_factory.mktemp("stopped") / "workbench.duckdb"
    copy_database(template, path)
    corpus = Path(__file__).parent / "import_corpus" / "good" / "victims_identified.csv"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKBENCH_KEY_FILE", str(path.parent / "secret" / "pseudonym.key"))
        with wb.connect(path, build=False, mode="publish") as public:
            public.victims(years=(2016, 2024))
        assert wb.import_files(corpus, db=path, progress=False).rows_added == 2
    yield from _dashboard(path, tmp_path_factory, "--publish")


def test_a_kernel_socket_in_the_legacy_framing_is_refused(publish_server):
    """A viewer's script opened a kernel socket with no subprotocol (the legacy JSON framing the
    page never uses), asked the widget control comm for every widget's state, and the server then
    answered no page for anyone, its memory growing until it was killed. Such a socket is refused
    before the upgrade; one in the page's protocol opens, and the server still serves the page."""
    import asyncio
    import concurrent.futures
    import uuid

    from tornado.httpclient import HTTPClientError
    from tornado.websocket import websocket_connect

    from workbench._dashboard_socket import PAGE_PROTOCOL

    with urllib.request.urlopen(publish_server.url("tab=victims"), timeout=120) as response:
        page = response.read().decode("utf-8")
    kernel = re.search(r'kernelId": "([0-9a-f-]+)"', page).group(1)
    socket_url = publish_server.base.replace("http", "ws") + f"api/kernels/{kernel}/channels"

    async def open_socket(subprotocols):
        return await websocket_connect(
            f"{socket_url}?session_id={uuid.uuid4().hex}", subprotocols=subprotocols
        )

    async def opens(subprotocols) -> str | None:
        socket = await open_socket(subprotocols)
        chosen = socket.selected_subprotocol
        socket.close()
        return chosen

    def in_own_loop(subprotocols) -> str | None:
        # the browser's Playwright holds this thread's event loop: the client runs in a thread of its own
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, opens(subprotocols)).result()

    with pytest.raises(HTTPClientError) as refused:
        in_own_loop(None)
    assert refused.value.code == 400
    assert in_own_loop([PAGE_PROTOCOL]) == PAGE_PROTOCOL
    with urllib.request.urlopen(publish_server.url(), timeout=120) as response:
        assert response.status == 200


def test_publish_dashboard_after_an_import_shows_a_notice_where_victims_were(browser, stopped_server):
    """The viewer sees one notice in the victims tab and the map of victims, in the page's language;
    no error, no database path, no command; the other tabs work; the server's log says why."""
    from playwright.sync_api import expect

    served = stopped_server
    with _page(browser, served, "tab=victims") as page:
        notice = page.locator(".workbench-refused")
        expect(notice).to_have_text("Hiện chưa thể công bố các số liệu này. Các thẻ khác vẫn xem được.")
        body = page.locator("body").inner_text()
        for leak in ("Traceback", "DisclosureError", "releases --accept", str(served.log.parent), ".duckdb"):
            assert leak not in body, leak
        tab = notice.locator("xpath=ancestor::*[contains(@class, 'widget-vbox')][1]")
        assert not re.search(r"\d", tab.inner_text()), "a number where the victims' tab was"
        page.screenshot(path=ARTIFACTS / "dashboard_publish_stopped.png", full_page=True)
        page.get_by_role("tab", name="Tuyên truyền", exact=True).click()
        expect(page.locator('[data-measure="events"]').first).to_be_visible()
    with _page(browser, served, "tab=map&map=victims&lang=en") as page:
        expect(page.locator(".workbench-map .workbench-refused")).to_have_text(
            "These figures cannot be published at the moment. The other tabs still work."
        )
    assert "workbench releases --accept" in served.log.read_text(errors="replace")


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


def test_long_organiser_names_are_read_whole_and_the_map_prints_without_its_controls(
    browser, dashboard_server, tmp_path
):
    from playwright.sync_api import expect
    from pypdf import PdfReader

    with _page(browser, dashboard_server, "lang=en", viewport={"width": 1366, "height": 768}) as page:
        organisers = _sidebar(page).get_by_label("Organiser")
        expect(organisers).to_be_visible()
        longest = max(organisers.locator("option").all_inner_texts(), key=len)
        assert len(longest) >= 40, longest  # the case the list must not cut off
        # The list is as wide as its longest name: nothing hidden past its right edge.
        assert organisers.evaluate("s => s.scrollWidth <= s.clientWidth"), longest
        page.get_by_role("tab", name="Map").click()
        expect(page.locator(".workbench-map img")).to_be_visible()
        page.wait_for_function("() => document.querySelector('.workbench-map img').naturalWidth > 300")
        printed = tmp_path / "map.pdf"
        page.pdf(path=printed, format="A4")
        text = "".join(p.extract_text() for p in PdfReader(printed).pages)
        assert "Awareness events" not in text and "Measure" not in text, text[:500]
