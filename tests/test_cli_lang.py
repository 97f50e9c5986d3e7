"""What the commands print when they have done their work: Vietnamese by default, English with
`--lang en`, each line exact, each command run through `workbench._cli.main`; every command that
prints lists --lang in its help. Counts are written as each language writes them (54.131, 54,131),
dates dd/mm/yyyy in Vietnamese; paths, JSON and commands in backticks as they are.

And `workbench lab --db` / `workbench dashboard --db`: the notebooks and the page open that database,
as they open `WORKBENCH_DB`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import workbench as wb
from workbench._build import database_id
from workbench._cli import main
from workbench._generations import current_file
from workbench._importer.store import REMOVED, store_dir
from workbench._paths import DATA_DIR, default_db_path
from workbench._release import Register, public_figures, register_for

EVENTS = DATA_DIR / "examples" / "ninh_kieu_quy3_2024.xlsx"
FIGURE_HEADER = "figure,measure,places,year_from,year_to,statuses,value,source,superseded"


@dataclass
class Context:
    """What a case may use: the shared database, a private copy, a folder, monkeypatch."""

    request: pytest.FixtureRequest
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def db_path(self) -> Path:
        return self.request.getfixturevalue("db_path")

    @property
    def fresh(self) -> Path:
        return self.request.getfixturevalue("fresh")


# A case: given the context and the language, the command line and a function giving the lines it
# prints afterwards, {"vi": [...], "en": [...]}.
Expected = Callable[[], dict[str, list[str]]]
Case = Callable[[Context, str], tuple[list[str], Expected]]


def _figures(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    out = ctx.tmp_path / f"figures-{lang}"
    argv = [
        "figures",
        "--years",
        "2019",
        "2020",
        "--format",
        "svg",
        "--mode",
        "internal",  # the words are the mode's alike; publish mode's audit costs seconds per figure
        "--out",
        str(out),
        "--db",
        str(ctx.db_path),
    ]
    n = 2 * len(wb.STANDARD_FIGURES)  # each with its sidecar
    return argv, lambda: {"vi": [f"đã ghi {n} tệp vào {out}"], "en": [f"wrote {n} files into {out}"]}


def _brief(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    out = ctx.tmp_path / f"brief-{lang}.pdf"
    argv = [
        "brief",
        "--years",
        "2019",
        "2020",
        "--mode",
        "internal",
        "--out",
        str(out),
        "--db",
        str(ctx.db_path),
    ]
    written = out.with_name(f"brief-{lang}_internal.pdf")  # exact counts: the name says so
    return argv, lambda: {"vi": [f"đã ghi {written}"], "en": [f"wrote {written}"]}


def _build_up_to_date(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    db = ctx.fresh
    return ["build", "--db", str(db)], lambda: {
        "vi": [f"{db} đã cập nhật theo {DATA_DIR} (đã đọc và kiểm tra mọi khối)"],
        "en": [f"{db} is up to date with {DATA_DIR} (every block read and checked)"],
    }


def _build_forced(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    db = ctx.fresh
    return ["build", "--db", str(db), "--force"], lambda: {"vi": [f"Đã dựng {db}"], "en": [f"Built {db}"]}


def _backup(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    source, target = ctx.fresh, ctx.tmp_path / f"backup-{lang}" / "wb.duckdb"

    def expected() -> dict[str, list[str]]:
        generation = current_file(target).name
        return {
            "vi": [
                f"Đã sao chép {source} sang {target} (dữ liệu của nó ở {generation} bên cạnh) và 0 lô đã "
                "nhập vào kho nhập của bản sao."
            ],
            "en": [
                f"Copied {source} to {target} (its data in {generation} beside it) and 0 imported "
                "batch(es) into its import store."
            ],
        }

    return ["backup", str(target), "--db", str(source)], expected


def _backup_with_register(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    source, target = ctx.fresh, ctx.tmp_path / f"released-{lang}" / "wb.duckdb"
    with wb.connect(source, mode="publish") as public:
        public.victims(by="year", years=(2016, 2020))
    register = register_for(source, database_id(source)).name

    def expected() -> dict[str, list[str]]:
        generation = current_file(target).name
        return {
            "vi": [
                f"Đã sao chép {source} sang {target} (dữ liệu của nó ở {generation} bên cạnh) và 0 lô đã "
                "nhập vào kho nhập của bản sao.",
                f"Sổ đăng ký công bố cũng được sao chép theo ({register}): chỉ công bố từ một trong hai "
                "bản (docs/releases.md).",
            ],
            "en": [
                f"Copied {source} to {target} (its data in {generation} beside it) and 0 imported "
                "batch(es) into its import store.",
                f"Its release register came with it ({register}): publish from one of the two only "
                "(docs/releases.md).",
            ],
        }

    return ["backup", str(target), "--db", str(source)], expected


def _imports_none(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    return ["imports", "list", "--db", str(ctx.fresh)], lambda: {
        "vi": ["Kho nhập chưa có lô nhập nào."],
        "en": ["No import batch in the import store."],
    }


def _imports_listed(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    """Three batches as the store lists them: an agency file of 54131 rows, the same file again
    (nothing added), a context source."""
    listed = pd.DataFrame(
        [
            ["20261205T013705Z-a", "bao_cao.csv", "2026-12-05 01:37:05", "events", 54131, None, None],
            ["20261205T013708Z-b", "bao_cao.csv", "2026-12-05 01:37:08", "", 0, None, None],
            [
                "20261206T090000Z-c",
                "ctdc.csv",
                "2026-12-06 09:00:00",
                "context_victims",
                660,
                "ctdc",
                "Ví dụ",
            ],
        ],
        columns=["batch", "file", "imported_at", "tables", "rows_added", "profile", "source"],
    )
    ctx.monkeypatch.setattr("workbench._importer.manage.list_batches", lambda db: listed)
    unused = ctx.tmp_path / "unused.duckdb"
    duckdb.connect(str(unused)).close()  # a database is there (its listing is stood in for)
    return ["imports", "list", "--db", str(unused)], lambda: {
        "vi": [
            "20261205T013705Z-a  05/12/2026 01:37:05 UTC  bao_cao.csv  events: 54.131 dòng",
            "20261205T013708Z-b  05/12/2026 01:37:08 UTC  bao_cao.csv  không thêm dòng nào (đã có sẵn)",
            "20261206T090000Z-c  06/12/2026 09:00:00 UTC  ctdc.csv  context_victims: 660 dòng  "
            "nguồn ctdc 'Ví dụ'",
        ],
        "en": [
            "20261205T013705Z-a  5 December 2026 01:37:05 UTC  bao_cao.csv  events: 54,131 rows",
            "20261205T013708Z-b  5 December 2026 01:37:08 UTC  bao_cao.csv  0 rows added (already there)",
            "20261206T090000Z-c  6 December 2026 09:00:00 UTC  ctdc.csv  context_victims: 660 rows  "
            "ctdc source 'Ví dụ'",
        ],
    }


def _imports_removed(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    db = ctx.fresh
    assert wb.import_files(EVENTS, db=db, progress=False).ok
    name = _last_batch(db)
    store = store_dir(db)
    kept = store / REMOVED / name
    from workbench._importer.manage import list_batches

    n = int(list_batches(db)["rows_added"].iloc[-1])  # what leaves the database, said
    return ["imports", "remove", name, "--db", str(db)], lambda: {
        "vi": [
            f"Đã gỡ lô {name}; cơ sở dữ liệu đã được dựng lại không có lô này. Lô được giữ trong {kept}:",
            f"chuyển thư mục đó trở lại {store} rồi chạy `workbench build --db {db}` để khôi phục.",
            f"{wb.format_number(n)} bản ghi của lô này đã rời khỏi cơ sở dữ liệu (lô đã thêm: events "
            f"{wb.format_number(n)}).",
        ],
        "en": [
            f"Removed batch {name}; the database was rebuilt without it. The batch is kept in {kept}:",
            f"move that folder back into {store} and run `workbench build --db {db}` to restore it.",
            f"{wb.format_number(n, lang='en')} record(s) of this batch left the database (the batch added: "
            f"events {wb.format_number(n, lang='en')}).",
        ],
    }


def _last_batch(db: Path) -> str:
    from workbench._importer.manage import list_batches

    return str(list_batches(db)["batch"].iloc[-1])


def _public_lines(figures, lang: str) -> list[str]:
    """The listing's line of each public figure of the sample (each audited), written out."""
    lines = []
    for figure in figures:
        first, last = figure.years
        years = f"{first}" if first == last else f"{first}–{last}"
        if lang == "vi":
            value = f"{figure.value:,}".replace(",", ".")
            lines.append(
                f"công khai  {figure.name}  nạn nhân {years}, mọi nơi, trạng thái Nạn nhân: {value}  "
                f"(được kiểm tra cùng mọi lần công bố)  nguồn: {figure.source}"
            )
        else:
            lines.append(
                f"public  {figure.name}  victims {years}, all places, statuses Victims (identified): "
                f"{figure.value:,}  "
                f"(audited with every release)  source: {figure.source}"
            )
    return lines


def _releases_none(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    db = ctx.fresh
    register = register_for(db, database_id(db))
    return ["releases", "--db", str(db)], lambda: {
        "vi": [
            *_public_lines(public_figures(), "vi"),
            f"Chưa có lần công bố nào từ {db} ({register} chưa ghi lần nào).",
        ],
        "en": [
            *_public_lines(public_figures(), "en"),
            f"No release from {db} yet ({register} does not list any).",
        ],
    }


def _releases_states(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    """A public figure the records do not count, one marked superseded (1234 people, as declared)."""
    declared = ctx.tmp_path / "public_figures.csv"
    declared.write_text(
        f"{FIGURE_HEADER}\n"
        "review_2016_2020_victims,victims,all,2016,2020,actual,36,a review,\n"
        'typo_2016,victims,all,2016,2016,actual,1234,a leaflet,"a typo, corrected later"\n',
        encoding="utf-8",
    )
    ctx.monkeypatch.setattr("workbench._release.PUBLIC_FIGURES", declared)
    db = ctx.fresh
    register = register_for(db, database_id(db))
    return ["releases", "--db", str(db)], lambda: {
        "vi": [
            "công khai  review_2016_2020_victims  nạn nhân 2016–2020, mọi nơi, trạng thái Nạn nhân: 36  "
            "(khác với dữ liệu: việc công bố số nạn nhân bị từ chối cho đến khi dữ liệu được sửa hoặc số "
            "liệu được ghi là không còn đúng (superseded))  nguồn: a review",
            "công khai  typo_2016  nạn nhân 2016, mọi nơi, trạng thái Nạn nhân: 1.234  (không còn đúng "
            "(superseded): a typo, corrected later; không đưa vào kiểm tra)  nguồn: a leaflet",
            f"Chưa có lần công bố nào từ {db} ({register} chưa ghi lần nào).",
        ],
        "en": [
            "public  review_2016_2020_victims  victims 2016–2020, all places, "
            "statuses Victims (identified): 36  "
            "(differs from the data: victim releases refused until corrected or marked superseded)  "
            "source: a review",
            "public  typo_2016  victims 2016, all places, statuses Victims (identified): 1,234  "
            "(superseded: a typo, "
            "corrected later; not audited)  source: a leaflet",
            f"No release from {db} yet ({register} does not list any).",
        ],
    }


ASKED = {"victims": {"by": ["year"], "filters": {"years": [2016, 2020]}}}
FILE = "/srv/out/figures/03_victims_by_year.svg"
# A register with one entry of each kind, as `Register` writes them (cells: key, status, value).
ENTRIES = [
    {"edition": 2, "register_lost": True, "when": "2026-12-03T08:05:09+00:00"},
    {"accepted": True, "when": "2026-12-04T10:00:00+00:00"},
    {"edition": 3, "when": "2026-12-05T23:30:00+00:00"},
    {
        "release": 4,
        "when": "2026-12-06T01:02:03+00:00",
        "what": ASKED,
        "cells": [[["victims", i], "published", 7] for i in range(1234)]
        + [[["victims", -i], "primary", None] for i in range(1, 6)],
    },
    {"files": [FILE], "releases": [4], "when": "2026-12-06T01:02:04+00:00"},
    {
        "release": 5,
        "when": "2026-12-06T01:03:00+00:00",
        "what": {
            "pack": [["district", "year"], ["sex"]],
            "filters": {"districts": [916], "years": [2021, 2024]},
        },
        "cells": [[["victims", 9], "complementary", None]],
    },
    # written by a version whose shapes this one does not know: listed as written
    {"release": 6, "when": "2026-12-06T01:04:00+00:00", "what": {"map": 3}, "cells": []},
]


def _releases_register(ctx: Context, lang: str) -> tuple[list[str], Expected]:
    class Written(Register):
        def entries(self) -> list[dict]:
            return ENTRIES

    # the listing's own Register only (publish mode keeps the one it imported)
    ctx.monkeypatch.setattr("workbench._release.Register", Written)
    db = ctx.fresh
    return ["releases", "--db", str(db)], lambda: {
        "vi": [
            *_public_lines(public_figures(), "vi"),
            "ấn bản 2  03/12/2026 08:05:09 UTC  bắt đầu không có sổ đăng ký trước đó (đã mất)",
            "đã chấp nhận  04/12/2026 10:00:00 UTC  dữ liệu nạn nhân và các số liệu đã công khai như lúc đó",
            "ấn bản 3  05/12/2026 23:30:00 UTC  bắt đầu trên dữ liệu đã sửa đổi (các lần công bố mà phần "
            "sửa đổi mâu thuẫn không còn được kiểm tra)",
            "lần công bố 4  06/12/2026 01:02:03 UTC  1.234 ô được công bố, 5 ô bị ẩn  "
            "nạn nhân phân theo năm — Năm: 2016–2020",
            f"    tệp {FILE}",
            "lần công bố 5  06/12/2026 01:03:00 UTC  0 ô được công bố, 1 ô bị ẩn  bộ báo cáo: "
            "nạn nhân phân theo quận/huyện × năm, nạn nhân phân theo giới tính — "
            "Quận/huyện: Ninh Kiều; Năm: 2021–2024",
            'lần công bố 6  06/12/2026 01:04:00 UTC  0 ô được công bố, 0 ô bị ẩn  {"map": 3}',
        ],
        "en": [
            *_public_lines(public_figures(), "en"),
            "edition 2  3 December 2026 08:05:09 UTC  started without the earlier register (lost)",
            "accepted  4 December 2026 10:00:00 UTC  the victim records and public figures as they were then",
            "edition 3  5 December 2026 23:30:00 UTC  started on revised data (releases the revision "
            "contradicted are no longer audited)",
            "release 4  6 December 2026 01:02:03 UTC  1,234 published, 5 withheld  "
            "victims by year — Years: 2016–2020",
            f"    file {FILE}",
            "release 5  6 December 2026 01:03:00 UTC  0 published, 1 withheld  briefing pack: victims by "
            "district × year, victims by sex — Districts: Ninh Kiều; Years: 2021–2024",
            'release 6  6 December 2026 01:04:00 UTC  0 published, 0 withheld  {"map": 3}',
        ],
    }


CASES = [
    pytest.param(_figures, id="figures"),
    pytest.param(_brief, id="brief"),
    pytest.param(_build_up_to_date, id="build-up-to-date"),
    pytest.param(_build_forced, id="build-force"),
    pytest.param(_backup, id="backup"),
    pytest.param(_backup_with_register, id="backup-register"),
    pytest.param(_imports_none, id="imports-list-empty"),
    pytest.param(_imports_listed, id="imports-list"),
    pytest.param(_imports_removed, id="imports-remove"),
    pytest.param(_releases_none, id="releases-none"),
    pytest.param(_releases_states, id="releases-public-states"),
    pytest.param(_releases_register, id="releases-register"),
]


@pytest.mark.slow  # databases copied, rebuilt, drawn: seconds each
@pytest.mark.parametrize("case", CASES)
def test_a_command_says_what_it_did_in_vietnamese_and_in_english(
    case, request, tmp_path, monkeypatch, capsys
):
    ctx = Context(request, tmp_path, monkeypatch)
    for lang, option in (("vi", []), ("en", ["--lang", "en"])):
        argv, expected = case(ctx, lang)
        capsys.readouterr()
        assert main([*argv, *option]) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.splitlines() == expected()[lang]


PRINTING = ["figures", "brief", "build", "backup", "imports", "releases", "import"]


@pytest.mark.parametrize("command", PRINTING)
def test_the_help_of_every_command_that_prints_lists_lang(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "--lang {vi,en}" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["lab", "dashboard", *PRINTING])
def test_every_command_that_opens_a_database_takes_db(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--db DB" in capsys.readouterr().out


@pytest.mark.slow  # a database copied
def test_dashboard_db_is_the_database_its_kernels_open(fresh, monkeypatch):
    """A relative --db is made absolute (the kernels run in notebooks/), and reaches Voilà's
    environment as `WORKBENCH_DB`, which a kernel's `wb.connect()` reads."""
    from workbench._dashboard_serve import voila_env

    served = {}
    monkeypatch.setattr("workbench._dashboard.serve", lambda *a, **kw: served.update(kw) or 0)
    monkeypatch.chdir(fresh.parent)
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    assert main(["dashboard", "--db", fresh.name, "--no-browser"]) == 0
    assert served["db"].is_absolute() and served["db"].resolve() == fresh.resolve()
    env = voila_env(False, served["db"])
    assert env["WORKBENCH_DB"] == str(served["db"]) and env["WORKBENCH_DASHBOARD_MODE"] == "internal"
    monkeypatch.setenv("WORKBENCH_DB", env["WORKBENCH_DB"])
    assert default_db_path().resolve() == fresh.resolve()  # what a kernel's wb.connect() opens
    assert main(["dashboard"]) == 0 and served["db"] is None  # no --db: WORKBENCH_DB as it is
    assert voila_env(True)["WORKBENCH_DB"] == env["WORKBENCH_DB"]


@pytest.mark.slow  # a database copied
def test_lab_db_is_the_database_its_notebooks_open(fresh, tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(
        "workbench._lab.run_forwarding", lambda command, **popen: ran.append((command, popen)) or 0
    )
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    assert main(["lab", "--db", str(fresh), "--no-browser"]) == 0
    command, popen = ran[-1]
    assert "--no-browser" in command and "--db" not in command
    assert popen["env"]["WORKBENCH_DB"] == str(fresh)
    monkeypatch.setenv("WORKBENCH_DB", str(fresh))
    assert main(["lab", "--no-browser"]) == 0
    assert ran[-1][1]["env"] is None  # no --db: the environment inherited as it is
