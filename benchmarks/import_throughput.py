"""Import throughput: a 1,000,000-row events CSV against DuckDB's bare `read_csv` of the same file
in the same run, and a 50,000-row XLSX report.

The CSV is written the way agency files are: Vietnamese headings, dates as dd/mm/yyyy, district
names with diacritics, organisers and event types as Vietnamese labels. The bare baseline is
`CREATE TABLE t AS SELECT * FROM read_csv(file)` (DuckDB sniffs and types the columns itself).
An import does much more (text to the schema's values, every rule, duplicates against the
database, a Parquet batch, and the rebuilt database swapped in); the target is at most twice the
baseline for validating and storing the batch: the import's own time less the rebuild it runs at
the end, timed inside that same call. Runs are interleaved with the baseline and the ratio is the
median of the runs' ratios. Run: `uv run python -m benchmarks import_throughput`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

import workbench as wb
from workbench._build import build
from workbench._generations import copy_database
from workbench._importer import run as _import

DESCRIPTION = "import: 1M-row CSV vs bare DuckDB read_csv of the same file (target <= 2x); 50k-row XLSX"
ROWS, XLSX_ROWS, TARGET = 1_000_000, 50_000, 2.0
DISTRICTS = [
    "Ninh Kiều",
    "Ô Môn",
    "Bình Thủy",
    "Cái Răng",
    "Thốt Nốt",
    "Vĩnh Thạnh",
    "Cờ Đỏ",
    "Phong Điền",
    "Thới Lai",
]
ORGANISERS = ["Hội LHPN", "Công an", "Phòng LĐ-TB&XH quận/huyện", "Đoàn Thanh niên", "Trường học"]
TYPES = ["Tuyên truyền lồng ghép", "Truyền thông cộng đồng", "Tập huấn", "Ngoại khóa trường học"]
HEAD = [
    "Mã sự kiện",
    "Ngày tổ chức",
    "Quận/Huyện",
    "Đơn vị tổ chức",
    "Hình thức",
    "Chủ đề",
    "Số người tham dự",
    "Số tờ rơi",
]


def write_csv(path: Path, rows: int) -> None:
    """`rows` distinct events, written by DuckDB (fast, deterministic)."""
    columns = ", ".join(f'{expr} AS "{name}"' for name, expr in zip(HEAD, _expressions(), strict=True))
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT {columns} FROM range($rows) r(i)) TO $path (HEADER, DELIMITER ',')",
            {"rows": rows, "path": str(path), "d": DISTRICTS, "o": ORGANISERS, "t": TYPES},
        )


def _expressions() -> list[str]:
    return [
        "'BM-' || lpad(CAST(i AS VARCHAR), 7, '0')",
        "strftime(DATE '2016-01-01' + CAST(i % 3200 AS INTEGER), '%d/%m/%Y')",
        "$d[1 + i % 9]",
        "$o[1 + i % 5]",
        "$t[1 + i % 4]",
        "'Phòng, chống mua bán người'",
        "CAST(10 + i % 90 AS VARCHAR)",
        "'0'",
    ]


def write_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Báo cáo")
    sheet.write_row(0, 0, ["BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN"])
    sheet.write_row(2, 0, HEAD)
    for i in range(rows):
        day = i % 3200
        sheet.write_row(
            3 + i,
            0,
            [f"XL-{i:07d}", 42370 + day, DISTRICTS[i % 9], ORGANISERS[i % 5], TYPES[i % 4],
             "Phòng, chống mua bán người", 10 + i % 90, 0],
        )  # fmt: skip
    book.close()


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _bare_read_csv(path: Path) -> None:
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv($path)", {"path": str(path)})


class _BuildTimer:
    """Times the database update at the end of an import (a copy with the batch appended, or a
    rebuild), so 'validate + store' is that very call's time without it."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._saved = {}

    def __enter__(self):
        for name in ("build", "append"):
            original = self._saved[name] = getattr(_import, name)
            setattr(_import, name, self._timed(original))
        return self

    def _timed(self, original):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed

    def __exit__(self, *exc) -> None:
        for name, original in self._saved.items():
            setattr(_import, name, original)


@dataclass(frozen=True)
class CsvFigures:
    rows: int
    megabytes: float
    bare: float  # medians, seconds
    check: float
    stored: float
    whole: float
    ratio: float  # validate + store against bare read_csv: the median of the runs' ratios


def csv_figures(root: Path, template: Path, repeat: int) -> CsvFigures:
    """The 1M-row CSV measured `repeat` times, interleaved with the bare read, so a busy moment
    of the machine weighs on both sides of each ratio."""
    csv_path = root / "events_1m.csv"
    write_csv(csv_path, ROWS)
    bare, check, stored, whole = [], [], [], []
    for i in range(repeat):
        db = root / f"run{i}" / "workbench.duckdb"
        db.parent.mkdir()
        copy_database(template, db)
        bare.append(_timed(lambda: _bare_read_csv(csv_path)))
        check.append(
            _timed(
                lambda db=db: _expect_ok(wb.import_files(csv_path, db=db, check_only=True, progress=False))
            )
        )
        with _BuildTimer() as rebuild:
            whole.append(
                _timed(lambda db=db: _expect_ok(wb.import_files(csv_path, db=db, progress=False), ROWS))
            )
        stored.append(whole[-1] - rebuild.seconds)
        shutil.rmtree(db.parent)
    b, c, s, w = (statistics.median(x) for x in (bare, check, stored, whole))
    ratio = statistics.median(x / y for x, y in zip(stored, bare, strict=True))
    return CsvFigures(ROWS, csv_path.stat().st_size / 1e6, b, c, s, w, ratio)


def run(repeat: int = 5) -> str:
    repeat = max(1, min(repeat, 5))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        template = root / "template" / "workbench.duckdb"
        template.parent.mkdir()
        build(template)
        f = csv_figures(root, template, repeat)
        lines = [
            f"CSV {f.rows:,} rows ({f.megabytes:.0f} MB), median of {repeat} interleaved runs:",
            f"  bare read_csv                         {f.bare:6.2f} s",
            f"  import, validate only (--check)       {f.check:6.2f} s   {f.check / f.bare:4.1f}x",
            f"  import, validate + store batch        {f.stored:6.2f} s   {f.ratio:4.2f}x  (median of the "
            f"runs' ratios; target <= {TARGET:g}x: {'met' if f.ratio <= TARGET else 'NOT met'})",
            f"  import, + database updated and swapped {f.whole:5.2f} s   {f.whole / f.bare:4.1f}x",
        ]
        xlsx_path = root / "events_50k.xlsx"
        write_xlsx(xlsx_path, XLSX_ROWS)
        db = root / "xlsx" / "workbench.duckdb"
        db.parent.mkdir()
        copy_database(template, db)
        x = _timed(lambda: _expect_ok(wb.import_files(xlsx_path, db=db, progress=False), XLSX_ROWS))
        lines.append(f"XLSX {XLSX_ROWS:,} rows ({xlsx_path.stat().st_size / 1e6:.1f} MB): import {x:.2f} s")
    return "\n".join(lines)


def _expect_ok(result, added: int | None = None) -> None:
    if not result.ok or (added is not None and result.rows_added != added):
        raise RuntimeError(f"benchmark import failed:\n{result}")


if __name__ == "__main__":
    print(run())
