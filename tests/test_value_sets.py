"""Value sets completed against Law 53/2024/QH15 and the Criminal Code, each code citing its basis."""

import pytest

import workbench as wb

CITED_SETS = ("exploitation", "support_type", "trafficking_status", "minor_status", "organiser", "provider")


def _codes(db, codeset: str):
    return db.sql(
        "SELECT code, label_vi, label_en, legal_basis FROM codes WHERE codeset = $s ORDER BY sort_order",
        s=codeset,
    ).set_index("code")


@pytest.mark.slow
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
            "Hỗ trợ pháp luật",
            "Luật 53/2024/QH15 Điều 37 khoản 1 điểm d",
            id="legal-support",
        ),
        pytest.param(
            "support_type",
            "legal_aid",
            "Trợ giúp pháp lý",
            "Luật 53/2024/QH15 Điều 37 khoản 1 điểm đ",
            id="legal-aid",
        ),
        pytest.param(
            "exploitation",
            "sexual_exploitation",
            "Bóc lột tình dục",
            "Luật 53/2024/QH15 Điều 2 khoản 1, 2",
            id="sexual-exploitation",
        ),
        pytest.param(
            "exploitation",
            "organ_removal",
            "Lấy bộ phận cơ thể người",
            "Luật 53/2024/QH15 Điều 2 khoản 1, 4",
            id="organ-removal-clauses",
        ),
        pytest.param(
            "trafficking_status",
            "actual",
            "Nạn nhân",
            "Luật 53/2024/QH15 Điều 2",
            id="victim",
        ),
        pytest.param(
            "trafficking_status",
            "not_victim",
            "Người được xác định không phải là nạn nhân",
            "Luật 53/2024/QH15",
            id="not-victim-law-as-a-whole",
        ),
        pytest.param(
            "minor_status",
            "minor",
            "Người dưới 18 tuổi (không rõ đủ 16 tuổi chưa)",
            "Luật 53/2024/QH15 Điều 2 khoản 1 (người dưới 18 tuổi)",
            id="under-18",
        ),
        pytest.param(
            "minor_status",
            "adult",
            "Người từ đủ 18 tuổi trở lên",
            "Luật 53/2024/QH15 Điều 2 khoản 1 (người dưới 18 tuổi)",
            id="adult",
        ),
        pytest.param(
            "organiser", "doh_social", "Sở Y tế (Phòng Dân số – Xã hội)", "NĐ 45/2025/NĐ-CP", id="doh"
        ),
        pytest.param("organiser", "moha_dept", "Sở Nội vụ", "NĐ 45/2025/NĐ-CP", id="home-affairs"),
        pytest.param("organiser", "dolisa", "Sở LĐ-TB&XH", "NĐ 45/2025/NĐ-CP", id="department-ended"),
        pytest.param(
            "provider",
            "district_office",
            "Phòng LĐ-TB&XH quận/huyện",
            "NĐ 45/2025/NĐ-CP",
            id="district-office",
        ),
        pytest.param(
            "provider",
            "social_protection_centre",
            "Trung tâm Công tác xã hội",
            "Luật 53/2024/QH15 Chương V",
            id="provider-support-chapter",
        ),
        pytest.param(
            "provider",
            "legal_aid_centre",
            "Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ (Sở Tư pháp)",
            "Luật Trợ giúp pháp lý 2017 (11/2017/QH14) Điều 7",
            id="legal-aid-centre-own-law",
        ),
        pytest.param(
            "event_type",
            "rally",
            "Mít tinh hưởng ứng Ngày 30/7",
            "QĐ 793/QĐ-TTg",
            id="rally-national-day",
        ),
        pytest.param(
            "referring_body",
            "police",
            "Công an thành phố (cảnh sát hình sự)",
            "Luật 53/2024/QH15",
            id="law-cited-as-a-whole",
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


@pytest.mark.parametrize(
    ("codeset", "wrong"),
    [
        pytest.param("provider", "Điều 37", id="providers-not-art-37"),
        pytest.param("organiser", "Điều 32", id="bodies-not-art-32"),
        pytest.param("event_type", "793", id="national-day-only-on-the-rally"),
    ],
)
def test_citations_that_do_not_define_the_code_are_gone(db, codeset, wrong):
    got = _codes(db, codeset).drop(index="unknown")
    cited = got[got["legal_basis"].str.contains(wrong, regex=False)].index.tolist()
    assert cited == (["rally"] if codeset == "event_type" else []), cited


def test_bodies_of_the_reorganisation_cite_a_decree_not_a_sentence(db):
    bodies = db.sql(
        "SELECT DISTINCT code, legal_basis FROM codes WHERE list_contains($c, code)",
        c=[
            "dolisa",
            "district_office",
            "doh_social",
            "moha_dept",
            "district_health",
            "district_home_affairs",
        ],
    )
    assert len(bodies) == 6
    assert bodies["legal_basis"].str.contains("NĐ 45/2025/NĐ-CP", regex=False).all(), bodies.to_dict(
        "records"
    )


def test_the_old_legal_information_label_still_imports():
    from workbench._importer.values import parse_code

    assert parse_code("support_type", "Cung cấp thông tin pháp luật") == "legal_information"
    assert parse_code("support_type", "Hỗ trợ pháp luật") == "legal_information"
    assert parse_code("support_type", "Trợ giúp pháp lý") == "legal_aid"


def test_giao_duc_is_gone_from_the_labels(db):
    labels = set(_codes(db, "support_type")["label_vi"])
    assert "Giáo dục" not in labels and "Học văn hóa" in labels


def test_an_import_reads_the_new_codes_by_their_vietnamese_labels():
    from workbench._importer.values import parse_code, parse_codes

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
    # The rule (docs/data.md, data model): a code cites its article or standard; one that no law or
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


@pytest.mark.parametrize(
    ("codeset", "text", "code"),
    [
        pytest.param("referring_body", "Công an", "police", id="police-by-the-organiser-label"),
        pytest.param("referring_body", "Công an thành phố Cần Thơ", "police", id="city-police"),
        pytest.param("referring_body", "Công an phường", "commune_police", id="ward-police"),
        pytest.param("referring_body", "Phòng LĐTBXH", "district_office", id="district-office-word"),
        pytest.param("provider", "Sở LĐTBXH", "dolisa", id="department-word-as-provider"),
        pytest.param("provider", "Sở Nội vụ", "moha_dept", id="home-affairs"),
        pytest.param("provider", "Trung tâm Trợ giúp pháp lý", "legal_aid_centre", id="legal-aid-centre"),
        pytest.param("provider", "TT TGPL", "legal_aid_centre", id="legal-aid-centre-short"),
        pytest.param(
            "provider",
            "Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ (Sở Tư pháp)",
            "legal_aid_centre",
            id="legal-aid-centre-label",
        ),
        pytest.param("organiser", "Phòng Nội vụ", "district_home_affairs", id="district-home-affairs"),
        pytest.param("organiser", "Phòng Y tế", "district_health", id="district-health"),
        # labels before they named the level, or said what the code is
        pytest.param("organiser", "Công an", "police", id="police-with-no-level-is-the-city-police"),
        pytest.param("organiser", "Công an thành phố", "police", id="city-police-label"),
        pytest.param("organiser", "Công an TP", "police", id="city-police-short"),
        pytest.param(
            "exploitation",
            "Nhằm nhận tiền, tài sản, lợi ích vật chất",
            "money_or_property",
            id="old-purpose-label",
        ),
        pytest.param(
            "exploitation",
            "Mục đích nhận tiền, tài sản, lợi ích vật chất khác",
            "money_or_property",
            id="purpose",
        ),
    ],
)
def test_a_body_reads_the_same_in_every_set_that_has_it(codeset, text, code):
    from workbench._importer.values import parse_code

    assert parse_code(codeset, text) == code


def test_a_body_a_set_lacks_is_not_borrowed():
    from workbench._errors import CellValueError
    from workbench._importer.values import parse_code

    with pytest.raises(CellValueError):
        # A provider only (Sở Nội vụ became a referring body as the labour department's successor).
        parse_code("referring_body", "Trung tâm Công tác xã hội")
    with pytest.raises(CellValueError):  # the legal-aid centre gives legal aid; it organises no event
        parse_code("organiser", "Trung tâm Trợ giúp pháp lý")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("Không quốc tịch", "stateless", id="vi"),
        pytest.param("khong quoc tich", "stateless", id="no-diacritics"),
        pytest.param("Stateless", "stateless", id="en"),
        pytest.param("Việt Nam", "VN", id="a-country"),
    ],
)
def test_citizenship_allows_stateless_people(text, code):
    """Stateless residents ("người không quốc tịch") are a citizenship of their own; a destination
    is a country, never 'stateless'."""
    from workbench._errors import CellValueError
    from workbench._importer.values import parse_code

    assert parse_code("citizenship", text) == code
    with pytest.raises(CellValueError):
        parse_code("country", "Không quốc tịch")


@pytest.mark.slow
def test_a_stateless_record_builds_and_is_supported_as_a_foreign_national(tmp_path, data_copy):
    """The Law on Nationality counts stateless people among "người nước ngoài": art. 37 khoản 4."""
    from workbench._support_rules import recipient

    assert recipient("actual", "stateless") == "foreign_national"
    victims = data_copy / "sample" / "victims.csv"
    head, first, *rest = victims.read_text(encoding="utf-8").splitlines()
    columns = head.split(",")
    cells = first.split(",")
    cells[columns.index("citizenship")] = "stateless"
    victims.write_text("\n".join([head, ",".join(cells), *rest]) + "\n", encoding="utf-8")
    with wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy) as db:
        got = db.sql("SELECT count(*) AS n FROM victims WHERE citizenship = 'stateless'")
        label = db.sql("SELECT label_vi FROM codes WHERE codeset = 'citizenship' AND code = 'stateless'")
    assert got["n"].iloc[0] == 1
    assert label["label_vi"].iloc[0] == "Không quốc tịch"


@pytest.mark.parametrize("codeset", ["event_type", "topic"])
def test_awareness_codes_cite_every_programme_the_sample_spans(codeset):
    """2016–2020 Decision 2546/QĐ-TTg, 2021–2025 193/QĐ-TTg, 2026–2030 33/QĐ-TTg (7 January 2026)."""
    from workbench._codes import CODESETS, legal_basis

    members = [m for m in CODESETS[codeset] if m.code not in ("unknown", "rally")]
    for member in members:
        basis = legal_basis(codeset, member)
        assert all(f"{n}/QĐ-TTg" in basis for n in (2546, 193, 33)), (member.code, basis)


# The region's countries (ASEAN, East Asia) and the usual destinations of migrant work, named as
# the Vietnamese government's documents name them: not iso-codes' archaic or garbled forms.
COUNTRY_NAMES = [
    ("ID", "In-đô-nê-xi-a", "Nam Dương"),
    ("PH", "Phi-líp-pin", "Phi-li-pi-nợ"),
    ("BN", "Bru-nây", "Bợru-này Đa-ru-xa-làm"),
    ("TL", "Ti-mo Lét-xtê", "Thi-moa Le-xợ-te"),
    ("JP", "Nhật Bản", None),
    ("HK", "Hồng Kông (Trung Quốc)", "Hông Kông"),
    ("MO", "Ma Cao (Trung Quốc)", None),
    ("IN", "Ấn Độ", "Ấn-độ"),
    ("LK", "Xri Lan-ca", "Tích Lan"),
    ("KW", "Cô-oét", "Cu-ouai-thợ"),
    ("SA", "A-rập Xê-út", "A-rập Xau-đi"),
    ("AF", "Áp-ga-ni-xtan", "A Phú Hãn"),
    ("NL", "Hà Lan", "Hoà Lan"),
    ("CN", "Trung Quốc", None),
    ("TW", "Đài Loan (Trung Quốc)", "Đài Loan"),
    ("KR", "Hàn Quốc", None),
    ("KH", "Campuchia", None),
    ("LA", "Lào", None),
    ("TH", "Thái Lan", None),
    ("MY", "Malaysia", None),
    ("SG", "Xin-ga-po", None),
]


@pytest.mark.parametrize(
    ("code", "name", "gone"), [pytest.param(*case, id=case[0]) for case in COUNTRY_NAMES]
)
def test_the_region_s_countries_have_their_modern_vietnamese_names(code, name, gone):
    from workbench._codes import iso_countries, label

    assert iso_countries()[code].vi == name
    assert label("country", code, "vi") == name
    if gone is not None:
        assert gone not in {c.vi for c in iso_countries().values()}
