"""What `workbench context`, `generate`, `export`, `lab` and `dashboard` print themselves:
Vietnamese by default, English with `--lang en`, each line exact, each command run through
`workbench._cli.main`; counts written as each language writes them (1.234, 1,234), dates
dd/mm/yyyy in Vietnamese. Their errors are said in the language asked for.

Fast: what a command calls to do its work (the store, the generators, the export, JupyterLab,
Voilà) is replaced by a stand-in that returns what the real one would; the lines printed around it
are the command's own. lab and dashboard take `--lang` themselves and never pass it on."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from workbench._cli import main
from workbench._importer.manage import SOURCE_COLUMNS, find_source
from workbench._lab import TEMPLATES_DIR, Change
from workbench._share import Report


@dataclass
class Context:
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch


Lines = dict[str, list[str]]
Case = Callable[[Context], tuple[list[str], Lines]]


# ---------------------------------------------------------------- context


def _sources(rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS).astype({"k": "Int64"})


def _context_none(ctx: Context) -> tuple[list[str], Lines]:
    ctx.monkeypatch.setattr("workbench._importer.manage.list_sources", lambda db: _sources([]))
    return ["context", "list", "--db", str(_built(ctx))], {
        "vi": ["Chưa có nguồn bối cảnh nào: nhập một nguồn bằng `workbench import --profile ctdc FILE`."],
        "en": ["No context source: import one with `workbench import --profile ctdc FILE`."],
    }


def _context_listed(ctx: Context) -> tuple[list[str], Lines]:
    """Two sources: one of 1234 records with k stated, one with k not stated."""
    listed = _sources(
        [
            ["CTDC 2024-07-15", "ctdc", "2024-07-15", 11, 1234, "ctdc.csv", "2026-12-05 01:37:05", "b-1"],
            ["Ví dụ", "htcds", "2025-01-02", None, 7, "htcds.csv", "2026-12-06 09:00:00", "b-2"],
        ]
    )
    ctx.monkeypatch.setattr("workbench._importer.manage.list_sources", lambda db: listed)
    return ["context", "list", "--db", str(_built(ctx))], {
        "vi": [
            "CTDC 2024-07-15  (ctdc, công bố 15/07/2024, k = 11)  1.234 hồ sơ  từ ctdc.csv, "
            "nhập lúc 05/12/2026 01:37:05 UTC  lô b-1",
            "Ví dụ  (htcds, công bố 02/01/2025, k không nêu)  7 hồ sơ  từ htcds.csv, "
            "nhập lúc 06/12/2026 09:00:00 UTC  lô b-2",
        ],
        "en": [
            "CTDC 2024-07-15  (ctdc, released 15 July 2024, k = 11)  1,234 records  from ctdc.csv, "
            "imported 5 December 2026 01:37:05 UTC  batch b-1",
            "Ví dụ  (htcds, released 2 January 2025, k not stated)  7 records  from htcds.csv, "
            "imported 6 December 2026 09:00:00 UTC  batch b-2",
        ],
    }


def _context_removed(ctx: Context) -> tuple[list[str], Lines]:
    store = ctx.tmp_path / "imports"
    kept = store / "removed" / "b-1"
    ctx.monkeypatch.setattr("workbench._importer.manage.remove_source", lambda name, db: kept)
    return ["context", "remove", "CTDC 2024-07-15", "--db", str(_built(ctx))], {
        "vi": [
            "Đã gỡ nguồn bối cảnh 'CTDC 2024-07-15'; cơ sở dữ liệu đã được dựng lại không có nguồn này. "
            "Lô của nó được giữ trong",
            f"{kept}: chuyển thư mục đó trở lại {store} rồi chạy `workbench build` để khôi phục.",
        ],
        "en": [
            "Removed the context source 'CTDC 2024-07-15'; the database was rebuilt without it. Its batch "
            "is kept in",
            f"{kept}: move that folder back into {store} and run `workbench build` to restore it.",
        ],
    }


# ---------------------------------------------------------------- generate


def _generate_sample(ctx: Context) -> tuple[list[str], Lines]:
    out = ctx.tmp_path / "sample"
    written = {name: out / f"{name}.csv" for name in ("events", "victims")}
    ctx.monkeypatch.setattr("workbench._generate.generate", lambda folder, seed: written)
    return ["generate", "--out", str(out)], {
        "vi": [f"đã ghi {out / 'events.csv'}", f"đã ghi {out / 'victims.csv'}"],
        "en": [f"wrote {out / 'events.csv'}", f"wrote {out / 'victims.csv'}"],
    }


def _generate_national(ctx: Context) -> tuple[list[str], Lines]:
    path = ctx.tmp_path / "national.duckdb"
    ctx.monkeypatch.setattr("workbench._national.generate_national", lambda *a, **kw: None)
    clock = itertools.count(10.0, 2.5)  # the start, then the end 2.5 s later
    ctx.monkeypatch.setattr("time.perf_counter", lambda: next(clock))
    argv = ["generate", "--national", "--events", "1234567", "--victims", "100000", "--db", str(path)]
    return argv, {
        "vi": [
            f"đã ghi {path}: 1.234.567 hoạt động, 100.000 hồ sơ nạn nhân (2,5 giây)",
            f"mở bằng wb.connect({str(path)!r}) hoặc WORKBENCH_DB={path}",
        ],
        "en": [
            f"wrote {path}: 1,234,567 events, 100,000 victim records (2.5 s)",
            f"open it with wb.connect({str(path)!r}) or WORKBENCH_DB={path}",
        ],
    }


# ---------------------------------------------------------------- export


def _report(file: Path, **fields: object) -> Report:
    made = {
        "format": "htcds",
        "k": 11,
        "place": "district",
        "file": str(file),
        "records": 1234,
        "written": 1200,
        "suppressed": 34,
        "smallest_group": 1100,
        "levels": {"age": "majority", "sex": "sex", "place": "province"},
        "steps": ["age band -> majority", "place district -> province"],
        "quasi_identifiers": {"age": ["prs_AgeBroad"], "sex": ["prs_Gender"], "place": ["prs_MailingState"]},
        "withheld": {"prs_AgeBroad": 0, "prs_Gender": 1500},
        "generalised": {"sex": 12},
    }
    return Report(**{**made, **fields})


def _export(ctx: Context) -> tuple[list[str], Lines]:
    out = ctx.tmp_path / "iom.csv"
    ctx.monkeypatch.setattr("workbench._share.export", lambda *a, **kw: _report(out))
    return ["export", "--format", "htcds", "--out", str(out), "--db", str(_built(ctx))], {
        "vi": [
            f"Đã ghi 1.200 trên 1.234 hồ sơ nạn nhân theo bố cục HTCDS vào {out} (nội bộ: dữ liệu từng hồ "
            "sơ, chỉ cho bên nhận có thỏa thuận chia sẻ dữ liệu).",
            "k = 11 trên age, sex, place: nhóm nhỏ nhất trong tệp: 1.100.",
            "Mức cho mọi hồ sơ: age majority, sex sex, place province.",
            "Mã hóa lại chung: age band -> majority cho mọi hồ sơ (mã hóa lại chung); place district -> "
            "province cho mọi hồ sơ (mã hóa lại chung).",
            "Ô bị ẩn (ẩn cục bộ, để trống trong tệp): prs_Gender 1.500.",
            "Chỉ một số dòng được khái quát thêm một bậc: sex 12.",
            "Không ghi: 34 hồ sơ vẫn thuộc một nhóm nhỏ hơn 11.",
            "Khóa là khóa mới của lần xuất này (không phải khóa đã lưu; không ghép được hai lần xuất).",
            f"đã ghi báo cáo vào {out}.json",
        ],
        "en": [
            f"Wrote 1,200 of 1,234 victim record(s) in the HTCDS layout to {out} (internal: record-level "
            "data, for a recipient under a data-sharing agreement).",
            "k = 11 over age, sex, place: smallest group in the file 1,100.",
            "Levels for every record: age majority, sex sex, place province.",
            "Global recoding: age band -> majority for every record (global recoding); place district -> "
            "province for every record (global recoding).",
            "Cells withheld (local suppression, empty in the file): prs_Gender 1,500.",
            "Generalised one step in some rows only: sex 12.",
            "Left out: 34 record(s) still in a group smaller than 11.",
            "Keys are new for this export (not the stored keys; two exports cannot be joined).",
            f"wrote the report to {out}.json",
        ],
    }


def _export_none_selected(ctx: Context) -> tuple[list[str], Lines]:
    """No record received in the years asked: why, with the database's count and years."""
    out = ctx.tmp_path / "none.csv"
    empty = _report(
        out,
        format="ctdc",
        records=0,
        written=0,
        suppressed=0,
        smallest_group=None,
        levels={"age": "band"},
        steps=[],
        quasi_identifiers={"age": ["ageBroad"]},
        withheld={"ageBroad": 0},
        generalised={},
        why_empty="(said from its words)",
        why_words=("export_none_in_years", {"n": 5432, "held": "2016-2026", "asked": "2030-2031"}),
    )
    ctx.monkeypatch.setattr("workbench._share.export", lambda *a, **kw: empty)
    argv = ["export", "--format", "ctdc", "--years", "2030", "2031", "--out", str(out)]
    return [*argv, "--db", str(_built(ctx))], {
        "vi": [
            f"Đã ghi 0 trên 0 hồ sơ nạn nhân theo bố cục CTDC vào {out} (nội bộ: dữ liệu từng hồ sơ, chỉ "
            "cho bên nhận có thỏa thuận chia sẻ dữ liệu).",
            "Không chọn được hồ sơ nào: không có nạn nhân đã xác định nào được tiếp nhận trong 2030-2031 "
            "(5.432 nạn nhân của cơ sở dữ liệu được tiếp nhận trong 2016-2026). Tệp chỉ có dòng tiêu đề.",
            "k = 11 trên age: nhóm nhỏ nhất trong tệp: - (không có dòng nào).",
            "Mức cho mọi hồ sơ: age band.",
            "Ô bị ẩn (ẩn cục bộ, để trống trong tệp): không có.",
            "Khóa là khóa mới của lần xuất này (không phải khóa đã lưu; không ghép được hai lần xuất).",
            f"đã ghi báo cáo vào {out}.json",
        ],
        "en": [
            f"Wrote 0 of 0 victim record(s) in the CTDC layout to {out} (internal: record-level data, for "
            "a recipient under a data-sharing agreement).",
            "0 records selected: no identified victim was received in 2030-2031 (the database's 5,432 were "
            "received 2016-2026). The file has its header only.",
            "k = 11 over age: smallest group in the file - (no row).",
            "Levels for every record: age band.",
            "Cells withheld (local suppression, empty in the file): none.",
            "Keys are new for this export (not the stored keys; two exports cannot be joined).",
            f"wrote the report to {out}.json",
        ],
    }


# ---------------------------------------------------------------- lab and dashboard


def _built(ctx: Context) -> Path:
    """A database path whose build is stood in for: `ensure_built` says it built it."""
    # where connections call it first: `workbench._workbench`, imported here with the real one, as
    # `import workbench` leaves it until first used (imported under the stand-in, it kept the stand-in
    # for every later test, and the shared database was never built)
    ctx.monkeypatch.setattr("workbench._workbench.ensure_built", lambda *a, **kw: True)
    ctx.monkeypatch.setattr("workbench._build.ensure_built", lambda *a, **kw: True)
    path = ctx.tmp_path / "wb.duckdb"
    if not path.exists():  # a DuckDB file, as a built one is: a --db naming none, or no database, is refused
        duckdb.connect(str(path)).close()
    return path


def _lab(ctx: Context) -> tuple[list[str], Lines]:
    db = _built(ctx)
    workspace = ctx.tmp_path / "workspace"
    ctx.monkeypatch.setenv("WORKBENCH_WORKSPACE", str(workspace))
    template = TEMPLATES_DIR / "01_overview.ipynb"
    changes = [
        Change("copied", template, workspace / "01_overview.ipynb"),
        Change("updated", template, workspace / "01_overview.ipynb"),
        Change("offered", template, workspace / "01_overview.template-0123abcd.ipynb"),
    ]
    ctx.monkeypatch.setattr("workbench._lab.prepare_workspace", lambda folder: changes)
    ran: list[list[str]] = []
    ctx.monkeypatch.setattr(
        "workbench._lab.run_forwarding", lambda command, **popen: ran.append(command) or 0
    )
    ctx.monkeypatch.setattr(sys.modules[__name__], "RAN", ran)
    folder = TEMPLATES_DIR.name
    return ["lab", "--db", str(db), "--no-browser"], {
        "vi": [
            f"Đã dựng cơ sở dữ liệu workbench tại {db}",
            f"workbench lab: 01_overview.ipynb được sao chép từ {folder}/",
            "workbench lab: 01_overview.ipynb đã được cập nhật theo phiên bản mới của bản mẫu (bạn chưa lưu "
            "bản này)",
            "workbench lab: 01_overview.ipynb có phiên bản mới; bản bạn đã lưu được giữ nguyên, phiên bản "
            "mới là 01_overview.template-0123abcd.ipynb",
            f"workbench lab: JupyterLab trên {workspace} (các bản làm việc của bạn; bản mẫu ở notebooks/)",
        ],
        "en": [
            f"Built the workbench database at {db}",
            f"workbench lab: 01_overview.ipynb copied from {folder}/",
            "workbench lab: 01_overview.ipynb updated to the new version of its template (you had not "
            "saved it)",
            "workbench lab: 01_overview.ipynb has a new version; your saved copy is kept as it is, the new "
            "version is 01_overview.template-0123abcd.ipynb",
            f"workbench lab: JupyterLab on {workspace} (your working copies; templates in notebooks/)",
        ],
    }


class _Voila:
    """Voilà as `serve` starts it: the command kept, and an exit at once."""

    def __init__(self, command: list[str], **popen: object) -> None:
        RAN.append(command)

    def wait(self) -> int:
        return 0


def _dashboard(publish: bool) -> Case:
    def case(ctx: Context) -> tuple[list[str], Lines]:
        db = _built(ctx)
        ran: list[list[str]] = []
        ctx.monkeypatch.setattr(sys.modules[__name__], "RAN", ran)
        ctx.monkeypatch.setattr("workbench._dashboard_serve.subprocess.Popen", _Voila)
        said = (
            {
                "vi": "Bảng điều khiển công bố (publish mode): chỉ các số được công bố",
                "en": "Public dashboard (publish mode): published numbers only",
            }
            if publish
            else {
                "vi": "Bảng điều khiển nội bộ: mở địa chỉ có ?token=... in bên dưới",
                "en": "Internal dashboard: open the address with ?token=... printed below",
            }
        )
        argv = ["dashboard", "--db", str(db), "--no-browser", *(["--publish"] if publish else [])]
        return argv, {
            "vi": [f"Đã dựng cơ sở dữ liệu workbench tại {db}", said["vi"]],
            "en": [f"Built the workbench database at {db}", said["en"]],
        }

    return case


# The commands the stand-ins of lab and dashboard were asked to run (JupyterLab's, Voilà's).
RAN: list[list[str]] = []


CASES = [
    pytest.param(_context_none, id="context-list-empty"),
    pytest.param(_context_listed, id="context-list"),
    pytest.param(_context_removed, id="context-remove"),
    pytest.param(_generate_sample, id="generate"),
    pytest.param(_generate_national, id="generate-national"),
    pytest.param(_export, id="export"),
    pytest.param(_export_none_selected, id="export-none-selected"),
    pytest.param(_lab, id="lab"),
    pytest.param(_dashboard(publish=False), id="dashboard-internal"),
    pytest.param(_dashboard(publish=True), id="dashboard-publish"),
]


@pytest.mark.parametrize("case", CASES)
def test_a_command_says_what_it_did_in_vietnamese_and_in_english(case, tmp_path, monkeypatch, capsys):
    ctx = Context(tmp_path, monkeypatch)
    for lang, option in (("vi", []), ("en", ["--lang", "en"])):
        argv, expected = case(ctx)
        capsys.readouterr()
        assert main([*argv, *option]) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.splitlines() == expected[lang]
        # JupyterLab and Voilà are given their own options only: --lang is the workbench's
        assert bool(RAN) == (argv[0] in ("lab", "dashboard"))
        assert all("--lang" not in command and "en" not in command for command in RAN)
        assert all("--no-browser" in command for command in RAN)


# ---------------------------------------------------------------- errors


def _no_source(name: str, db: object) -> Path:
    """`remove_source` on a store with one context source: an unknown name is refused."""
    from workbench._importer.store import Batch

    return find_source([Batch(Path("b-1"), {"profile": "ctdc", "source": "CTDC 2024-07-15"})], name)


ERRORS = [
    pytest.param(
        ["context", "remove"],
        2,
        "context remove cần tên nguồn: tên như `workbench context list` liệt kê",
        "context remove needs the source: its name as `workbench context list` shows it",
        id="context-remove-no-name",
    ),
    pytest.param(
        ["context", "remove", "CTDC 2024-07-1"],
        1,
        "Không có nguồn bối cảnh 'CTDC 2024-07-1' — có phải ý bạn là 'CTDC 2024-07-15'? Hợp lệ: "
        "CTDC 2024-07-15.",
        "Unknown context source 'CTDC 2024-07-1' — did you mean 'CTDC 2024-07-15'? Valid: CTDC 2024-07-15.",
        id="context-remove-unknown",
    ),
    pytest.param(
        ["imports", "remove"],
        2,
        "imports remove cần tên lô: tên như `workbench imports list` liệt kê",
        "imports remove needs the batch: its name as `workbench imports list` shows it",
        id="imports-remove-no-name",
    ),
    pytest.param(
        ["export", "--format", "ctdc", "--k", "4"],
        2,
        "--k 4 quá nhỏ: bản xuất cần mỗi tổ hợp đặc điểm gần định danh có ít nhất 5 người (ngưỡng của chế "
        "độ công bố); CTDC dùng 11.",
        "--k 4 is too small: an export needs every combination of quasi-identifiers shared by at least 5 "
        "people (publish mode's threshold); CTDC uses 11.",
        id="export-k-too-small",
    ),
    pytest.param(
        ["export", "--format", "htcds", "--years", "2024", "2016"],
        2,
        "--years 2024 2016: năm đầu sau năm cuối; có phải ý bạn là --years 2016 2024?",
        "--years 2024 2016: the first year is after the last; did you mean --years 2016 2024?",
        id="export-years-backwards",
    ),
    pytest.param(
        ["export", "--format", "htcds", "--out", "{tmp}/there.csv"],
        2,
        "{tmp}/there.csv đã có: bản xuất không bao giờ ghi đè một tệp; hãy đặt tên khác",
        "{tmp}/there.csv exists: an export never overwrites a file; name another",
        id="export-exists",
    ),
    pytest.param(
        ["dashboard", "--publish", "--notebook", "02_events_explorer"],
        2,
        "--publish chỉ phục vụ bảng điều khiển (08_dashboard.ipynb), không phục vụ 02_events_explorer.ipynb: "
        "các sổ tay khác kết nối ở chế độ nội bộ.",
        "--publish serves the dashboard only (08_dashboard.ipynb), not 02_events_explorer.ipynb: other "
        "notebooks connect in internal mode.",
        id="dashboard-publish-other",
    ),
    pytest.param(
        ["dashboard", "--notebook", "02_event_explorer"],
        1,
        "Không có sổ tay '02_event_explorer.ipynb' — có phải ý bạn là '02_events_explorer.ipynb'? Hợp lệ: ",
        "Unknown notebook '02_event_explorer.ipynb' — did you mean '02_events_explorer.ipynb'? Valid: ",
        id="dashboard-unknown-notebook",
    ),
]


@pytest.mark.parametrize(("argv", "code", "vi", "en"), ERRORS)
def test_an_error_is_said_in_the_language_asked_for(argv, code, vi, en, tmp_path, monkeypatch, capsys):
    ctx = Context(tmp_path, monkeypatch)
    db = _built(ctx)
    (tmp_path / "there.csv").write_text("kept\n", encoding="utf-8")
    monkeypatch.setattr("workbench._importer.manage.remove_source", _no_source)
    argv = [part.replace("{tmp}", str(tmp_path)) for part in argv]
    for lang, option, words in (("vi", [], vi), ("en", ["--lang", "en"], en)):
        assert main([*argv, "--db", str(db), *option]) == code, lang
        err = capsys.readouterr().err
        assert err.startswith(f"workbench {argv[0]}: {words.replace('{tmp}', str(tmp_path))}"), err
    assert (tmp_path / "there.csv").read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["figures", "--years", "2016", "2020", "--out", "{tmp}/out/x"], id="figures"),
        pytest.param(["brief", "--years", "2016", "2020", "--out", "{tmp}/out/x"], id="brief"),
        pytest.param(["export", "--format", "htcds", "--out", "{tmp}/out/x"], id="export"),
        pytest.param(["import", "{tmp}/su_kien.csv"], id="import"),
        pytest.param(["imports", "list"], id="imports-list"),
        pytest.param(["imports", "remove", "B1"], id="imports-remove"),
        pytest.param(["context", "list"], id="context-list"),
        pytest.param(["releases"], id="releases"),
        pytest.param(["releases", "--accept"], id="releases-accept"),
    ],
)
def test_a_mistyped_db_is_refused_not_built_from_the_sample(argv, tmp_path, capsys):
    """`--db` naming no database built a new one from data/ there and answered from the sample
    records, exit 0: an analyst's imports were nowhere in the figures, and nothing said so; an
    import went into a database nobody would read."""
    typo = tmp_path / "nope" / "typo.duckdb"
    (tmp_path / "su_kien.csv").write_text("Ngày tổ chức,Quận/Huyện\n", encoding="utf-8")
    argv = [part.replace("{tmp}", str(tmp_path)) for part in argv]
    for lang, option, words in (
        ("vi", [], f"Không có cơ sở dữ liệu nào ở {typo} — kiểm tra lại đường dẫn --db"),
        ("en", ["--lang", "en"], f"No workbench database at {typo} — check the --db path"),
    ):
        assert main([*argv, "--db", str(typo), *option]) == 1, lang
        err = capsys.readouterr().err
        assert err.startswith(f"workbench {argv[0]}: {words}"), err
        assert f"workbench build --db {typo}" in err
    assert not (tmp_path / "nope").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("districts", "vi", "en"),
    [
        pytest.param(
            ["Ninh", "Kiều", "Cờ", "Đỏ"],
            'tên có hai chữ trở lên là một tham số, hãy đặt trong ngoặc kép: --districts "Ninh Kiều" "Cờ Đỏ"',
            'a name of two words or more is one argument: put it in quotes, --districts "Ninh Kiều" "Cờ Đỏ"',
            id="unquoted",
        ),
        pytest.param(
            ["Ninh Kiều,Cờ Đỏ"],
            "các quận/huyện cách nhau bằng dấu cách, mỗi tên trong ngoặc kép: "
            '--districts "Ninh Kiều" "Cờ Đỏ"',
            'districts are separated by spaces, each name in quotes: --districts "Ninh Kiều" "Cờ Đỏ"',
            id="commas",
        ),
    ],
)
def test_districts_typed_as_written_are_told_how_to_quote(districts, vi, en, db_path, tmp_path, capsys):
    """`--districts Ninh Kiều` unquoted was answered "no district 'Ninh' — did you mean Xã An
    Ninh?"; a period written 2016-2020 was argparse's "expected 2 arguments"."""
    argv = ["figures", "--years", "2016-2020", "--districts", *districts, "--db", str(db_path)]
    for option, words in (([], vi), (["--lang", "en"], en)):
        assert main([*argv, "--out", str(tmp_path / "out"), *option]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"workbench figures: --districts {' '.join(districts)}: {words}"), err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["README.md", "ninh_kieu_quy3.xlsx"])
def test_a_db_naming_a_file_that_is_no_database_leaves_it_as_it_is(name, tmp_path, capsys):
    """`--db README.md` (or an agency's spreadsheet) was taken for a damaged database: the file was
    moved aside, a new database built in its place from data/, and a pack published from it on an
    empty register. Refused, by the commands and by wb.connect, the file left byte for byte."""
    import workbench as wb
    from workbench._errors import StoreError

    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not a database \xe1\xbb\x87\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = ["figures", "--years", "2016", "2020", "--db", str(path), "--out", str(tmp_path / "out")]
    for option, words in (
        ([], "không phải là cơ sở dữ liệu của workbench"),
        (["--lang", "en"], "is not a workbench database"),
    ):
        assert main([*argv, *option]) == 1
        assert words in capsys.readouterr().err
    with pytest.raises(StoreError, match="not a workbench database"):
        wb.connect(path)
    assert path.read_bytes() == b"PK\x03\x04 not a database \xe1\xbb\x87\n"
    assert [p for p in sorted(p.name for p in tmp_path.iterdir()) if not p.endswith(".lock")] == before


@pytest.mark.parametrize("order", ["name-first", "db-first"])
def test_imports_remove_takes_its_batch_before_or_after_db(order, tmp_path, monkeypatch, capsys):
    """`imports remove --db PATH BATCH` was refused as 'unrecognized arguments'."""
    db = _built(Context(tmp_path, monkeypatch))
    asked: list[tuple[str, Path]] = []

    def remove(name, db_path):
        asked.append((name, db_path))
        return tmp_path / "imports" / "removed" / name

    monkeypatch.setattr("workbench._importer.manage.remove_batch", remove)
    argv = ["remove", "B1", "--db", str(db)] if order == "name-first" else ["remove", "--db", str(db), "B1"]
    main(["imports", *argv, "--lang", "en"])  # what follows the removal reads the store: not here
    assert asked == [("B1", str(db))], capsys.readouterr().err


@pytest.mark.parametrize("command", ["context", "generate", "export", "lab", "dashboard"])
def test_the_help_of_these_commands_lists_lang(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "--lang {vi,en}" in capsys.readouterr().out
