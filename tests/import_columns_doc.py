"""The tables of docs/importing.md that list the columns of an events file and of a victim file,
written from the importer's own header dictionary (`_importer/headers.py`), the schema and the
value sets, so that they cannot drift: `tests/test_import_columns_doc.py` compares the page with
them. After a change to the dictionary, the schema or a value set, write them into the page again:

    uv run python tests/import_columns_doc.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from workbench._codes import CODESETS
from workbench._importer.check import BLANK_DEFAULTS, REQUIRED_COLUMNS
from workbench._importer.headers import HEADER_ALIASES, IDENTIFIER_FIELDS, IGNORED, heading_key
from workbench._schema import EVENTS, VICTIMS, Column, Table

PAGE = Path(__file__).parents[1] / "docs" / "importing.md"
TABLES = {"events": EVENTS, "victims": VICTIMS}
LISTED = 20  # a value set of more members is shown by its first ones
START = "<!-- columns: {kind} (written by tests/import_columns_doc.py: do not edit by hand) -->"
END = "<!-- end of columns: {kind} -->"
# An English heading: letters without diacritics, with a word in small letters ('Date verified';
# 'CCCD' and 'STT' are Vietnamese abbreviations).
ENGLISH = re.compile(r"[A-Za-z0-9 /]*[a-z]{3}[A-Za-z0-9 /]*")

# What the schema does not say: the place columns, the keys and the identifiers.
PLACE = {
    "district_code": (
        "records dated before 1 July 2025 (or their commune/ward)",
        "a district of Cần Thơ by name (with or without `Quận`, `Q.`, diacritics) or GSO code "
        "(`Ninh Kiều`, `916`); empty from 1 July 2025",
    ),
    "unit_code": (
        "records dated from 1 July 2025",
        "a commune or ward by name or GSO code: from 1 July 2025 the new ones; before it, optionally "
        "the former commune",
    ),
}
KEYS = {
    "event_id": "no: made from the record itself when the file has no such column",
    "victim_id": "one of `Mã nạn nhân`, `Số CCCD` or `Họ và tên` (below)",
}
# Direct identifiers: (required, values)
KEYED = (
    "read only to make the pseudonymous key (of the ID-card number, or the name with the birth "
    "date): never stored, never shown"
)
IDENTIFIERS = {
    "full_name": ("one of `Mã nạn nhân`, `Số CCCD` or `Họ và tên`", KEYED),
    "id_number": ("one of `Mã nạn nhân`, `Số CCCD` or `Họ và tên`", KEYED),
    "birth_date": ("no: a name without it is a warning (namesakes)", KEYED),
    "phone": ("no", "not imported: never stored, never shown (a note says so)"),
    "address": ("no", "not imported: never stored, never shown (a note says so)"),
    "personal_data": ("no", "not imported: never stored, never shown (a note says so)"),
}
# Identifiers with no dictionary heading: recognised by the words of their headings (_importer.identifiers).
PERSONAL_HEADINGS = (
    "any heading whose words name an identifier other than the person's own name, birth date and ID "
    "card: `Email`, `Facebook/Zalo`, `Nơi sinh`, `Số hộ chiếu`, `Tên`, `Họ tên người giám hộ`, "
    "`SĐT liên hệ`, …"
)
COUNTRIES = (
    "a country: ISO 3166-1 code (`VN`, `CN`, `KH`, …) or its name in Vietnamese or English "
    "(`Campuchia`, `Cambodia`)"
)


def _headings(field: str) -> str:
    """The headings the dictionary reads as `field`, Vietnamese first, then English ones and the
    field's own name written as a heading ('Reception date')."""
    given = HEADER_ALIASES.get(field, ())
    vietnamese = [h for h in given if not ENGLISH.fullmatch(h)]
    english = [h for h in given if ENGLISH.fullmatch(h)]
    own = field.replace("_", " ").capitalize()
    if heading_key(own) not in {heading_key(h) for h in english}:
        english.append(own)
    shown = ", ".join(f"`{h}`" for h in vietnamese)
    other = ", ".join(f"`{h}`" for h in english)
    return f"{shown}; *English:* {other}" if shown else other


def _values(table: Table, column: Column) -> str:
    if column.name in PLACE:
        return PLACE[column.name][1]
    if column.name == table.key and table.name == "victims":
        return (
            "the agency's own file number, a short code of letters, digits, `-`, `/` and `.` (at most "
            "64 characters), never a person's ID-card or phone number, e-mail or name (refused); stored "
            "as a keyed pseudonym"
        )
    if column.name == table.key:
        return "a short code of letters, digits, `-`, `/` and `.` (at most 64 characters)"
    if column.codeset in ("country", "citizenship"):
        shown = COUNTRIES
    elif column.codeset:
        members = CODESETS[column.codeset]
        listed = [f"{m.vi} (`{m.code}`)" for m in members[:LISTED]]
        more = f", … ({len(members)} in all: the `codes` view)" if len(members) > LISTED else ""
        shown = ", ".join(listed) + more
    elif column.sql_type == "DATE":
        shown = "a date, day/month/year (`05/03/2024`, `5/3/24`, `2024-03-05`, an Excel date)"
        if column.name == table.date_column:
            shown += ", from 01/01/2016 and not in the future"
    elif column.sql_type == "INTEGER":
        shown = "a whole number, 0 or more (`1.234`, `1,234`, `1 234`)"
    else:
        shown = "text"
    return shown + ("; several, `;`-separated" if column.multi else "")


def _required(table: Table, column: Column) -> str:
    name = column.name
    if name in KEYS:
        return KEYS[name]
    if name in PLACE:
        return PLACE[name][0]
    if name in REQUIRED_COLUMNS[table.name]:
        return "**yes**, in every row"
    if column.codeset:
        return "no: empty is `unknown`"
    if name in BLANK_DEFAULTS:
        return f"no: empty is {BLANK_DEFAULTS[name]}"
    if column.sql_type == "INTEGER":
        return "no: empty is not recorded"
    return "no"


def render(kind: str) -> str:
    """The markdown table of the columns of a `kind` file, between its markers."""
    table = TABLES[kind]
    lines = [
        START.format(kind=kind),
        "| column | headings read (any case, with or without diacritics) | required | values |",
        "|---|---|---|---|",
    ]
    for column in table.columns:
        row = (f"`{column.name}`", _headings(column.name), _required(table, column), _values(table, column))
        lines.append("| " + " | ".join(row) + " |")
    if kind == "victims":
        for name in IDENTIFIER_FIELDS:
            headings = PERSONAL_HEADINGS if name == "personal_data" else _headings(name)
            row = (f"`{name}`", headings, *IDENTIFIERS[name])
            lines.append("| " + " | ".join(row) + " |")
    ignored = ", ".join(f"`{h}`" for h in HEADER_ALIASES[IGNORED])
    lines.append(
        f"| — | {ignored} | no | not imported (`Ghi chú` with a note: the workbench keeps no free text) |"
    )
    lines.append(END.format(kind=kind))
    return "\n".join(lines)


def written(page: str, kind: str) -> str | None:
    """The table of `kind` as the page holds it, markers included; None when it has none."""
    start, end = START.format(kind=kind), END.format(kind=kind)
    if start not in page or end not in page:
        return None
    return page[page.index(start) : page.index(end) + len(end)]


def main() -> int:
    page = PAGE.read_text(encoding="utf-8")
    for kind in TABLES:
        old = written(page, kind)
        if old is None:
            print(f"{PAGE}: no table of {kind} (its markers: {START.format(kind=kind)!r})", file=sys.stderr)
            return 1
        page = page.replace(old, render(kind))
    PAGE.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
