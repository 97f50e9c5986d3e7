"""A victim file's cells are never repeated in a problem's words, but the list of valid values is
the code list's own words and is shown whole, even where a cell holds part of one."""

from __future__ import annotations

import csv

import pytest

import workbench as wb

HEADER = ["Họ và tên", "Ngày sinh", "Ngày tiếp nhận", "Quận/Huyện", "Giới tính", "Hình thức tiếp nhận"]
BASE = ["Nguyễn Thị A", "02/09/1999", "14/06/2023", "Ninh Kiều", "Nữ"]


@pytest.mark.parametrize(
    ("lang", "whole"),
    [
        pytest.param("vi", "Công an, biên phòng giải cứu", id="vi"),
        pytest.param("en", "Công an, biên phòng giải cứu (rescue)", id="en"),  # the file's words
    ],
)
def test_half_a_valid_value_typed_leaves_the_valid_list_whole(db_path, tmp_path, key_file, lang, whole):
    """Found by an analyst: 'Công an, biên phòng giải cứu' typed with its comma unquoted left
    'biên phòng giải cứu' in the column, and hiding that cell's text cut the valid value in the list
    in two: '…, (giá trị không hiện), biên phòng giải cứu (rescue)'."""
    path = tmp_path / "nan_nhan.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, [*BASE, "biên phòng giải cứu"]])
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang=lang)
    [problem] = result.problems[result.problems["severity"] == "error"].to_dict("records")
    assert problem["column"] == "Hình thức tiếp nhận"
    said = problem["problem"] + " " + problem["suggestion"]
    assert whole in said, said
    assert "(giá trị không hiện)" not in said and "(value not shown)" not in said, said
    assert problem["value"] in ("(không hiện: hồ sơ nạn nhân)", "(not shown: victim record)")
