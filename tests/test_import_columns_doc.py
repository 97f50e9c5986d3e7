"""The columns of an events file and of a victim file, as docs/importing.md lists them, are the
importer's own: written from the header dictionary, the schema and the value sets
(`tests/import_columns_doc.py`), every heading the dictionary reads for such a file is in the
page's table, and every heading the table lists is read as the column it is listed for."""

from __future__ import annotations

import re

import pytest

from tests.import_columns_doc import PAGE, TABLES, render, written
from workbench._codes import CODESETS
from workbench._importer.check import REQUIRED_COLUMNS
from workbench._importer.headers import (
    HEADER_ALIASES,
    IDENTIFIER_FIELDS,
    IGNORED,
    header_lookup,
    heading_key,
    map_headers,
)
from workbench._importer.identifiers import PERSONAL

KINDS = list(TABLES)
CODE = re.compile(r"`([^`]+)`")


def _rows(kind: str) -> dict[str, list[str]]:
    """Column -> its cells, from the page's table of `kind`."""
    table = written(PAGE.read_text(encoding="utf-8"), kind)
    assert table is not None, f"{PAGE.name} has no table of the columns of a {kind} file"
    rows = {}
    for line in table.splitlines()[3:-1]:
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        rows[cells[0].strip("`")] = cells
    return rows


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_s_table_is_the_one_the_importer_s_dictionary_gives(kind):
    page = PAGE.read_text(encoding="utf-8")
    assert written(page, kind) == render(kind), (
        f"the table of the columns of a {kind} file in {PAGE.name} differs from the importer's "
        "dictionary: write it again with `uv run python tests/import_columns_doc.py`"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_heading_the_dictionary_reads_for_the_file_is_in_the_table(kind):
    rows = _rows(kind)
    fields = [*TABLES[kind].column_names, *(IDENTIFIER_FIELDS if kind == "victims" else ())]
    for field in fields:
        assert field in rows, field
        listed = {heading_key(h) for h in CODE.findall(rows[field][1])}
        for heading in HEADER_ALIASES.get(field, ()):
            assert heading_key(heading) in listed, (field, heading)
        if field != PERSONAL:  # headings found by their words (_importer.identifiers), no name of its own
            assert heading_key(field) in listed, field  # the column's own name, an English heading
    ignored = {heading_key(h) for h in CODE.findall(rows["—"][1])}
    assert {heading_key(h) for h in HEADER_ALIASES[IGNORED]} <= ignored


@pytest.mark.parametrize("kind", KINDS)
def test_every_heading_the_table_lists_is_read_as_its_column(kind):
    lookup = header_lookup()
    for field, cells in _rows(kind).items():
        for heading in CODE.findall(cells[1]):
            # as the importer reads it: the dictionary, then the words naming an identifier
            read = map_headers([heading], lookup)[0]
            assert read == (IGNORED if field == "—" else field), (field, heading)
        # Vietnamese headings first
        vietnamese, _, english = cells[1].partition("*English:*")
        if english and field != "—":
            assert re.search(r"[^\x00-\x7f]", vietnamese) or "CCCD" in vietnamese, (field, cells[1])


@pytest.mark.parametrize("kind", KINDS)
def test_the_table_says_which_columns_are_required_and_every_code_they_take(kind):
    rows = _rows(kind)
    required = {f for f, cells in rows.items() if cells[2].startswith("**yes**")}
    assert required == set(REQUIRED_COLUMNS[kind])
    for column in TABLES[kind].columns:
        if column.codeset and column.codeset not in ("country", "citizenship"):
            shown = re.findall(r"\(`([^`]+)`\)", rows[column.name][3])  # 'Nữ (`female`)'
            assert shown == [m.code for m in CODESETS[column.codeset]], column.name
