"""What the dashboard hands to the browser: the table on screen as CSV and XLSX, one chart as a file.

A download is an anchor with the file in a `data:` URI and a `download=` name: ipywidgets has no
download widget, and an anchor needs no server route (Voilà serves none for files a kernel made).
Tables are written as people will open them: CSV in UTF-8 with a byte-order mark (so Excel shows
the diacritics), XLSX with every text cell written as text; both start with the title, the filters,
the data version and whether the numbers are internal, and every text cell passes `neutralise_frame`
so a value beginning with = + - @ is never run as a formula.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from ._cellsafe import neutralise, neutralise_frame
from ._charts import MEASURES, breakdown_chart, trend_chart
from ._export import export_figure
from ._figure import figure_of
from ._labels import changed_columns, shows_exact, text, title
from ._text import format_number, to_ascii
from ._words import MODE_WORDS

MIME = {
    "csv": "text/csv;charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
FILE_MODE = {"internal": "internal", "publish": "published"}


def mode_line(mode: str, lang: str) -> str:
    return MODE_WORDS[mode][0 if lang == "vi" else 1]


def _name_column(frame: pd.DataFrame, by: str) -> str:
    return "district" if by == "district" and "district" in frame.columns else f"{by}_label"


def ranked(frame: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, list[str]]:
    """The rows sorted by `measure`, largest first (withheld cells last), and each row's rank:
    rows with equal values share a rank marked '=' (competition ranking: 1, 2=, 2=, 4)."""
    values = pd.to_numeric(frame[measure], errors="coerce").astype("float64")
    order = values.fillna(-1.0).sort_values(ascending=False, kind="stable").index
    ordered = frame.loc[order].reset_index(drop=True)
    values = values.loc[order].reset_index(drop=True)
    ranks = values.rank(method="min", ascending=False)
    tied = values.duplicated(keep=False) & values.notna()
    marks = [
        "" if pd.isna(rank) else f"{int(rank)}{'=' if tie else ''}"
        for rank, tie in zip(ranks, tied, strict=True)
    ]
    return ordered, marks


def _counts(column: pd.Series) -> pd.Series:
    """Counts as whole numbers: a sum over no rows comes back NULL (float NaN) and is the count it
    means, 0. A column holding withheld marks ('<5') is left as the strings it shows."""
    if column.map(lambda v: isinstance(v, str)).any():
        return column.astype(object)
    return pd.to_numeric(column, errors="coerce").fillna(0).round().astype("Int64")


def table_frame(frame: pd.DataFrame, totals: pd.DataFrame, kind: str, by: str, measure: str, lang: str):
    """The table on screen as a plain frame: the rank ('#', ties marked '='), the breakdown's names
    and the measures as whole numbers, sorted by the measure, and a last row of totals from the same
    query as the totals line. Withheld cells (publish mode) hold the string the disclosure control
    chose ('<5')."""
    ordered, ranks = ranked(frame, measure)
    measures = [m for m in MEASURES[kind] if m in ordered.columns]
    name = _name_column(ordered, by)
    table = pd.DataFrame({"#": ranks, text(by, lang): ordered[name].astype(str)})
    total = {"#": "", text(by, lang): text("total", lang)}
    for m in measures:
        shown = f"{m}_display"
        table[text(m, lang)] = ordered[shown] if shown in ordered.columns else ordered[m]
        total[text(m, lang)] = totals[shown].iloc[0] if shown in totals.columns else totals[m].iloc[0]
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    for m in measures:
        table[text(m, lang)] = _counts(table[text(m, lang)])
    return table


def preamble(title_text: str, filters_text: str, meta: dict, mode: str, lang: str) -> list[str]:
    """The lines above a table in a file: what it is, for which filters, from which data."""
    version = meta.get("data_version") or "?"
    fingerprint = (meta.get("fingerprint") or "")[:12]
    words = tuple(text(key, lang) for key in ("file_filters", "file_data_version", "file_database"))
    return [
        title_text,
        f"{words[0]}: {filters_text}",
        f"{words[1]}: {version} ({words[2]} {fingerprint})",
        mode_line(mode, lang),
    ]


def csv_bytes(table: pd.DataFrame, lines: list[str]) -> bytes:
    """UTF-8 with a byte-order mark, the preamble lines first, a blank line, then the table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines:
        writer.writerow([neutralise(line)])
    writer.writerow([])
    safe = neutralise_frame(table)
    writer.writerow(list(safe.columns))
    for row in safe.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, lines: list[str], sheet: str) -> bytes:
    """One sheet: the preamble lines, a blank row, the table (numbers as numbers, text as text:
    `write_string`, so nothing is read as a formula)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    # Counts with a thousands separator: Excel shows it as the reader's locale writes it (54.131).
    count = book.add_format({"num_format": "#,##0"})
    bold_count = book.add_format({"bold": True, "num_format": "#,##0"})
    page = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31])
    for row, line in enumerate(lines):
        page.write_string(row, 0, str(neutralise(line)), bold if row == 0 else None)
    safe = neutralise_frame(table)
    top = len(lines) + 1
    for col, name in enumerate(safe.columns):
        page.write_string(top, col, str(name), bold)
        page.set_column(col, col, 6 if name == "#" else 28 if col <= 1 else 16)
    for r, row in enumerate(safe.itertuples(index=False), start=top + 1):
        for col, value in enumerate(row):
            if pd.isna(value):
                continue
            if isinstance(value, str):
                page.write_string(r, col, value, bold if r == top + len(safe) else None)
            else:
                page.write_number(r, col, float(value), bold_count if r == top + len(safe) else count)
    book.close()
    return out.getvalue()


def file_stem(what: str, filters, mode: str, lang: str) -> str:
    """`events_attendees_by_year_2016-2020_d916-925_internal_vi`: what, which years and districts,
    internal or published, for a person to read; and, when other filters are set (an organiser, a
    sex), `_f` and six characters of their hash: named by years and districts alone, the women's
    chart replaced the published chart of every victim, the register naming it still."""
    years = filters.years
    span = f"{years[0]}-{years[1]}" if years else "all-years"
    places = f"_d{'-'.join(map(str, filters.districts))}" if filters.districts else ""
    others = {k: v for k, v in asdict(filters).items() if k not in ("years", "districts") and v}
    digest = hashlib.sha256(json.dumps(others, sort_keys=True, default=str).encode()).hexdigest()[:6]
    rest = f"_f{digest}" if others else ""
    return f"{what}_{span}{places}{rest}_{FILE_MODE[mode]}_{lang}"


def data_link(name: str, payload: bytes, fmt: str, label: str, *, auto: bool = False) -> str:
    """An anchor that downloads `payload` as `name`; `auto` asks the page's script to click it once."""
    data = base64.b64encode(payload).decode("ascii")
    safe_name = html.escape(to_ascii(name).replace(" ", "_"), quote=True)
    return (
        f'<a class="workbench-download" data-format="{fmt}"{" data-auto" if auto else ""} '
        f'download="{safe_name}" href="data:{MIME[fmt]};base64,{data}">{html.escape(label)}</a>'
    )


def table_links(panel, totals: pd.DataFrame, mode: str) -> str:
    """CSV and XLSX links for the table under the panel's chart."""
    kind, lang, by = panel.kind, panel.lang, panel.breakdown.value
    shown = (panel.frames["breakdown"], totals)
    if mode == "publish" and any(shows_exact(f) or changed_columns(f) for f in shown):
        # Named and said by what the tables are, not by the dashboard's mode: a publish dashboard
        # whose connection was swapped for an internal one labelled exact counts 'published' in its
        # downloads (found by an attacker on 7 Dec 2026).
        mode = "internal"
    # Said of the selection its rows were counted for, not of the panel's controls: with the
    # controls changed and only the total redrawn, a file said 2021-2024 over 2016-2020's districts
    # (found by an attacker on 7 Dec 2026). Rows and total of two selections are offered as no file.
    filters = _counted_for(panel.frames["breakdown"], panel.filters)
    if _counted_for(totals, filters) != filters:
        return ""
    table = table_frame(panel.frames["breakdown"], totals, kind, by, panel.measure.value, lang)
    heading = title(panel.measure.value, by, lang)
    lines = preamble(heading, filters.describe(lang), panel.meta, mode, lang)
    stem = file_stem(f"{kind}_by_{by}", filters, mode, lang)
    word = text("download_table", lang)
    return data_link(f"{stem}.csv", csv_bytes(table, lines), "csv", f"{word} (CSV)") + data_link(
        f"{stem}.xlsx", xlsx_bytes(table, lines, text(by, lang)), "xlsx", f"{word} (XLSX)"
    )


def _counted_for(frame: pd.DataFrame, otherwise):
    """The selection a table was counted for, as its query helper recorded it."""
    filters = frame.attrs.get("filters")
    return filters if hasattr(filters, "describe") else otherwise


CHARTS = {"trend": trend_chart, "breakdown": breakdown_chart}


def export_chart(panel, which: str, fmt: str, folder: Path, mode: str) -> list[Path]:
    """One chart of the panel ('trend' or 'breakdown') drawn on its own, with its footer, written
    as `fmt` with its sidecar into `folder`; returns [file, sidecar]."""
    frame = panel.frames[which]
    measure, lang = panel.measure.value, panel.lang
    ax = CHARTS[which](frame, measure, lang=lang, meta=panel.meta)
    by = "year" if which == "trend" else panel.breakdown.value
    stem = file_stem(f"{panel.kind}_{measure}_by_{by}", _counted_for(frame, panel.filters), mode, lang)
    # export_figure makes the folder: owner-only for internal files (made here, it was 0755)
    return export_figure(figure_of(ax), folder / stem, data=frame, meta=panel.meta, formats=[fmt], mode=mode)


def number_cell(value, lang: str) -> str:
    return value if isinstance(value, str) else format_number(value, lang=lang)
