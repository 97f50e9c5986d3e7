"""Value sets completed against Law 53/2024/QH15 and the Criminal Code, each code citing its basis."""

import pytest

import workbench as wb

CITED_SETS = ("exploitation", "support_type", "trafficking_status", "minor_status", "organiser", "provider")


def _codes(db, codeset: str):
    return db.sql(
        "SELECT code, label_vi, label_en, legal_basis FROM codes WHERE codeset = $s ORDER BY sort_order",
        s=codeset,
    ).set_index("code")


@pytest.mark.parametrize(
    ("codeset", "code", "label_vi", "basis"),
    [
        pytest.param(
            "exploitation",
            "organ_removal",
            "Lấy bộ phận cơ thể người",
            "BLHS 2015 Điều 150, 151",
            id="organ-removal",
        ),
        pytest.param(
            "support_type",
            "interpreting",
            "Hỗ trợ phiên dịch",
            "Luật 53/2024/QH15 Điều 37",
            id="interpreting",
        ),
        pytest.param(
            "support_type",
            "legal_information",
            "Cung cấp thông tin pháp luật",
            "Luật 53/2024/QH15 Điều 37",
            id="legal-information",
        ),
        pytest.param("support_type", "education", "Học văn hóa", "Luật PCMBN 2011 Điều 32", id="hoc-van-hoa"),
        pytest.param(
            "support_type",
            "employment_counselling",
            "Tư vấn việc làm",
            "Luật 53/2024/QH15 Điều 37",
            id="employment",
        ),
    ],
)
def test_the_law_s_categories_are_coded_with_their_article(db, codeset, code, label_vi, basis):
    got = _codes(db, codeset)
    assert got.loc[code, "label_vi"] == label_vi
    assert basis in got.loc[code, "legal_basis"]
    assert wb.label(codeset, code) == label_vi


@pytest.mark.parametrize("codeset", CITED_SETS)
def test_every_code_of_the_legal_value_sets_cites_its_basis(db, codeset):
    got = _codes(db, codeset).drop(index="unknown")
    assert got["legal_basis"].notna().all(), got[got["legal_basis"].isna()].index.tolist()
    assert (got["legal_basis"].str.len() > 5).all()


def test_giao_duc_is_gone_from_the_labels(db):
    labels = set(_codes(db, "support_type")["label_vi"])
    assert "Giáo dục" not in labels and "Học văn hóa" in labels


def test_an_import_reads_the_new_codes_by_their_vietnamese_labels():
    from workbench._import_values import parse_code, parse_codes

    assert (
        parse_codes("exploitation", "Lấy bộ phận cơ thể người; Cưỡng bức lao động")
        == "organ_removal;forced_labour"
    )
    assert parse_code("support_type", "hỗ trợ phiên dịch") == "interpreting"
    assert parse_code("trafficking_status", "Người đang trong quá trình xác định là nạn nhân") == "possible"
    assert parse_code("minor_status", "người dưới 16 tuổi") == "under_16"


def test_victims_grouped_by_exploitation_list_organ_removal_with_its_label(db):
    got = db.victims(by="exploitation", complete=True)
    row = got[got["exploitation"] == "organ_removal"]
    assert row["exploitation_label"].tolist() == ["Lấy bộ phận cơ thể người"]
    english = db.victims(by="exploitation", complete=True, lang="en")
    assert "Removal of body parts" in set(english["exploitation_label"])


def test_every_code_has_a_legal_basis_and_project_codes_say_so(db):
    # The rule (README, value sets): a code cites its article or standard; one that no law or
    # standard defines (every set's 'unknown', yes/no) says it is the project's own, in one wording.
    missing = db.sql("SELECT codeset, code FROM codes WHERE legal_basis IS NULL OR trim(legal_basis) = ''")
    assert missing.empty, missing.to_dict("records")
    unknown = db.sql("SELECT codeset, legal_basis FROM codes WHERE code = $u", u="unknown")
    sets = db.sql("SELECT DISTINCT codeset FROM codes")
    assert set(unknown["codeset"]) == set(sets["codeset"])  # every set has its 'unknown'
    assert unknown["legal_basis"].nunique() == 1
    assert unknown["legal_basis"].iloc[0].startswith("Mã của dự án")
    assert "ISO" not in unknown["legal_basis"].iloc[0]  # 'unknown' is no country code
    yes_no = db.sql(
        "SELECT code, legal_basis FROM codes WHERE codeset = $s AND code <> $u", s="yes_no", u="unknown"
    )
    assert set(yes_no["code"]) == {"yes", "no"}
    assert all(basis.startswith("Mã của dự án") for basis in yes_no["legal_basis"])
    # No code that a law or standard defines is passed off as the project's own.
    cited = db.sql(
        "SELECT count(*) AS n FROM codes WHERE codeset IN ($a, $b) AND code <> $u AND legal_basis LIKE $p",
        a="exploitation",
        b="sex",
        u="unknown",
        p="Mã của dự án%",
    )
    assert cited["n"].iloc[0] == 0
