"""Value sets of every coded field: codes are stored, labels exist in Vietnamese and English.

Victim-record value sets follow IOM's Human Trafficking Case Data Standard (HTCDS) and the CTDC
dataset, with local additions marked. Every set has an explicit 'unknown' member because missing
values are common in real records and must be countable, not silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache

from ._errors import UnknownCodeError, unknown_value
from ._import_words import WORK_WORDS, import_text
from ._paths import REFERENCE_DIR
from ._words import date_text

UNKNOWN = "unknown"
# The labour and social-affairs sector's bodies ended in the reorganisation of 1 March 2025
# (Decree 45/2025/NĐ-CP, in force that day, sets the provincial departments and the district
# offices): their last day, and the first day of the bodies that took their work over.
LABOUR_SECTOR_ENDED = dt.date(2025, 2, 28)
REORGANISED = dt.date(2025, 3, 1)
DECREE_45 = "NĐ 45/2025/NĐ-CP"
# The day the districts (and the district offices of the spring of 2025) ended and the
# commune-level bodies began (the 2025 reform; the same day as _units.REFORM_DATE, which imports
# from here would cycle).
DISTRICTS_ENDED = dt.date(2025, 6, 30)
COMMUNES_TOOK_OVER = dt.date(2025, 7, 1)
# In 2025 the labour sector's work split: labour and employment went to home affairs, social
# protection, children and social-evils prevention to health. The support types of the first kind;
# every other support (essential needs, medical, travel home, ...) is the second.
LABOUR_SUPPORTS = frozenset({"vocational_training", "employment_counselling", "loan"})
# The two kinds of work, as keys of _words.WORK_WORDS.
LABOUR_WORK = "labour"
SOCIAL_WORK = "social"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    vi: str
    en: str
    basis: str = ""  # the legal provision that defines it, shown in the `codes` view
    # Bodies (organisers, referring bodies, providers) exist for a period: a record dated outside
    # it is refused, with the body that took over (or the one it replaced) suggested.
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None  # the body that took its work (its social work, when it split)
    labour_successor: str | None = None  # where the work split: the body that took labour work

    def exists_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or on >= self.valid_from) and (
            self.valid_to is None or on <= self.valid_to
        )


def _set(*rows: tuple | Code) -> tuple[Code, ...]:
    return (
        *(row if isinstance(row, Code) else Code(*row) for row in rows),
        Code(UNKNOWN, "Không rõ", "Unknown"),
    )


CRIMINAL_CODE = "BLHS 2015 Điều 150, 151"
LAW_2024 = "Luật 53/2024/QH15"
# Where the law is cited as a whole. (An amendment by Law 86/2025/QH15 was cited here once; no
# source the project holds says that law amended this one, so it is not cited.)
LAW_2024_AMENDED = LAW_2024
# Art. 2 khoản 1 defines trafficking by its purposes (sexual exploitation, forced labour, removal
# of body parts, other inhumane purposes) and covers "người dưới 18 tuổi" even without force;
# khoản 2-4 define sexual exploitation, forced labour and body parts.
TRAFFICKING_DEFINED = f"{LAW_2024} Điều 2 khoản 1"
UNDER_18 = f"{TRAFFICKING_DEFINED} (người dưới 18 tuổi)"
SUPPORT_BOTH_LAWS = "Luật PCMBN 2011 Điều 32 (NĐ 09/2013/NĐ-CP); Luật 53/2024/QH15 Điều 37"
SUPPORT_2024 = "Luật 53/2024/QH15 Điều 37 (NĐ 162/2025/NĐ-CP), từ 01/7/2025"
# Law 53/2024 art. 37(1) lists the supports as items a–k: the item each support type falls under
# (first-year health insurance is part of medical support, employment counselling of item i,
# "vocational training, counselling, jobs"). Who may receive which items: _support_rules.
SUPPORT_ITEM = {
    "essential_needs": "a",
    "medical": "b",
    "health_insurance": "b",
    "interpreting": "c",
    "legal_information": "d",  # "hỗ trợ pháp luật"
    "legal_aid": "đ",  # "trợ giúp pháp lý"
    "travel_home": "e",
    "psychological": "g",
    "education": "h",  # "học văn hóa"
    "vocational_training": "i",
    "employment_counselling": "i",
    "hardship_allowance": "k",
    "loan": "k",
}
# Every code's `legal_basis` in the `codes` view is filled: its own article or standard, else its
# set's (SET_BASIS). A code no law or standard defines says so in the same words everywhere: the
# 'unknown' member every set has (a country code 'unknown' is no ISO 3166 code), and yes/no.
PROJECT_CODE = "Mã của dự án (không do văn bản hay chuẩn nào quy định)"
UNKNOWN_BASIS = f"{PROJECT_CODE}: giá trị không ghi nhận, để đếm được chỗ thiếu"
# The national programmes the awareness work belongs to: 2016-2020 (Decision 2546/QĐ-TTg),
# 2021-2025 (Decision 193/QĐ-TTg), 2026-2030 with a vision to 2035 (Decision 33/QĐ-TTg of 7 January
# 2026, on the Ministry of Public Security's proposal).
PROGRAMMES = "Chương trình PCMBN (QĐ 2546/QĐ-TTg 2016–2020, 193/QĐ-TTg 2021–2025, 33/QĐ-TTg 2026–2030)"
# Where a value set as a whole rests on one standard, its codes cite it unless they cite their own.
SET_BASIS = {
    "yes_no": f"{PROJECT_CODE}: có/không",
    "sex": "IOM HTCDS v2.0 (gender)",
    "age_band": "CTDC (ageBroad)",
    "country": "ISO 3166-1 alpha-2",
    "citizenship": "ISO 3166-1 alpha-2",
    "published_country": f"ISO 3166-1 alpha-2; {PROJECT_CODE}: danh sách công bố cố định",
    "published_citizenship": f"ISO 3166-1 alpha-2; {PROJECT_CODE}: danh sách công bố cố định",
    "means_of_control": "IOM HTCDS v2.0 (meansOfControl)",
    "recruitment": "IOM HTCDS v2.0 (recruitment)",
    "recruiter_relation": "IOM HTCDS v2.0 (recruiterRelationship)",
    "case_status": "IOM HTCDS v2.0 (caseStatus)",
    "majority_status": "CTDC (majorityStatus, majorityStatusAtExploit, majorityEntry)",
    "data_source": "CTDC (Datasource)",
    "labour_sector": "IOM HTCDS v2.0 (typeOfLabourExploitation); CTDC (typeOfLabour*)",
    "sex_exploitation_type": "IOM HTCDS v2.0 (typeOfSexExploitation); CTDC (typeOfSex*)",
    "world_region": "UN M49 (tiểu vùng địa lý)",
    "workflow_stage": f"{LAW_2024_AMENDED}: tiếp nhận, xác minh, xác định, bảo vệ, hỗ trợ nạn nhân",
    "reception_channel": f"{LAW_2024_AMENDED}: tiếp nhận nạn nhân; NĐ 162/2025/NĐ-CP",
    "referring_body": f"{LAW_2024_AMENDED}: cơ quan tiếp nhận, chuyển giao",
    # Decision 793/QĐ-TTg made 30 July the national day: only the rally's own basis (below).
    "event_type": PROGRAMMES,
    "topic": PROGRAMMES,
    "organiser": "Chương trình PCMBN TP Cần Thơ",
    # The support chapter, not art. 37 (which lists supports, not who gives them); bodies of the
    # 2025 reorganisation cite the decree that set them (their own basis).
    "provider": f"{LAW_2024} Chương V (hỗ trợ nạn nhân, người đang trong quá trình xác định là nạn nhân)",
    # Hotline contacts and communication items: the project's own groupings of what agencies report.
    "hotline_line": f"{PROJECT_CODE}: đường dây tiếp nhận",
    "contact_channel": f"{PROJECT_CODE}: kênh liên hệ",
    "hotline_topic": f"{PROJECT_CODE}: nội dung liên hệ",
    "referral_outcome": f"{PROJECT_CODE}: kết quả chuyển gửi",
    "medium": PROGRAMMES,
}


# Bodies of the labour and social-affairs sector until the reorganisation of 1 March 2025, and those
# that took over. Decree 45/2025/NĐ-CP (28 February 2025, in force 1 March) leaves no labour
# department among a province's departments: its labour and employment work went to the Department
# of Home Affairs (Sở Nội vụ), social protection, children and social-evils prevention to the
# Department of Health (in Cần Thơ its Population-Social Affairs office). Those departments and the
# district offices below existed long before: records naming them earlier are their own work, so
# they carry no start date; what changed on 1 March 2025 is that they took this work over (the date
# the suggestions name, from the labour bodies' end). The district offices split
# the same way, between the district Home Affairs and Health offices, which ended with the districts
# (30 June 2025); from 1 July 2025 the commune-level Culture-Social offices (Decree 150/2025/NĐ-CP)
# act locally.
DOLISA = Code(
    "dolisa",
    "Sở LĐ-TB&XH",
    "Dept. of Labour, Invalids and Social Affairs",
    f"NĐ 09/2013/NĐ-CP (cơ quan đầu mối hỗ trợ nạn nhân); chấm dứt theo {DECREE_45} từ 01/3/2025",
    valid_to=LABOUR_SECTOR_ENDED,
    successor="doh_social",
    labour_successor="moha_dept",
)
DISTRICT_OFFICE = Code(
    "district_office",
    "Phòng LĐ-TB&XH quận/huyện",
    "District labour and social-affairs office",
    f"NĐ 09/2013/NĐ-CP; chấm dứt theo {DECREE_45} từ 01/3/2025",
    valid_to=LABOUR_SECTOR_ENDED,
    successor="district_health",
    labour_successor="district_home_affairs",
)
DOH_SOCIAL = Code(
    "doh_social",
    "Sở Y tế (Phòng Dân số – Xã hội)",
    "Dept. of Health (Population–Social Affairs office)",
    f"{DECREE_45} (Sở Y tế nhận bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội từ 01/3/2025)",
)
MOHA_DEPT = Code(
    "moha_dept",
    "Sở Nội vụ",
    "Dept. of Home Affairs",
    f"{DECREE_45} (Sở Nội vụ nhận lao động, việc làm từ 01/3/2025)",
)
DISTRICT_HOME_AFFAIRS = Code(
    "district_home_affairs",
    "Phòng Nội vụ quận/huyện",
    "District Home Affairs office",
    f"{DECREE_45} (cấp huyện: lao động, việc làm từ 01/3/2025)",
    valid_to=DISTRICTS_ENDED,
    successor="commune_culture_social",
)
DISTRICT_HEALTH = Code(
    "district_health",
    "Phòng Y tế quận/huyện",
    "District Health office",
    f"{DECREE_45} (cấp huyện: bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội từ 01/3/2025)",
    valid_to=DISTRICTS_ENDED,
    successor="commune_culture_social",
)
COMMUNE_CULTURE_SOCIAL = Code(
    "commune_culture_social",
    "Phòng Văn hóa – Xã hội cấp xã",
    "Commune Culture–Social office",
    "NĐ 150/2025/NĐ-CP",
    valid_from=COMMUNES_TOOK_OVER,
)
# The commune People's Committee existed before the reform and goes on after it (the commune level
# was kept when the districts ended): no period.
COMMUNE_COMMITTEE = Code(
    "commune_committee",
    "UBND cấp xã",
    "Commune People's Committee",
    "Luật Tổ chức chính quyền địa phương (UBND cấp xã)",
)
COMMUNE_POLICE = Code("commune_police", "Công an cấp xã", "Commune police", "Luật Công an nhân dân")
# People's Committees run awareness events themselves (a district's or commune's 30 July rally, a
# meeting of residents): the district's ended with the districts, its work going to the communes.
CITY_COMMITTEE = Code(
    "city_committee", "UBND thành phố", "City People's Committee", "Luật Tổ chức chính quyền địa phương"
)
DISTRICT_COMMITTEE = Code(
    "district_committee",
    "UBND quận/huyện",
    "District People's Committee",
    "Luật Tổ chức chính quyền địa phương (cấp huyện, đến khi bỏ cấp huyện 01/7/2025)",
    valid_to=DISTRICTS_ENDED,
    successor="commune_committee",
)
# A body named with its district ('Công an quận Ninh Kiều', 'Hội LHPN huyện Phong Điền') is the
# district-level body, which ended with the districts: the importer reads such a name as one of
# these (_importer.values.DISTRICT_LEVEL). The police ended their district level before the
# districts: from 1 March 2025 the Ministry of Public Security has no district-level police, their
# work going to the provincial police and the commune police (see docs/data.md, not verified).
DISTRICT_POLICE = Code(
    "district_police",
    "Công an quận/huyện",
    "District police",
    "Luật Công an nhân dân (cấp huyện; Bộ Công an không tổ chức công an cấp huyện từ 01/3/2025)",
    valid_to=LABOUR_SECTOR_ENDED,
    successor="commune_police",
)
DISTRICT_WOMENS_UNION = Code(
    "district_womens_union",
    "Hội LHPN quận/huyện",
    "District Women's Union",
    "Điều lệ Hội LHPN Việt Nam (cấp huyện, đến khi bỏ cấp huyện 01/7/2025)",
    valid_to=DISTRICTS_ENDED,
    successor="womens_union",
)
DISTRICT_YOUTH_UNION = Code(
    "district_youth_union",
    "Đoàn TN quận/huyện",
    "District Youth Union",
    "Điều lệ Đoàn TNCS Hồ Chí Minh (cấp huyện, đến khi bỏ cấp huyện 01/7/2025)",
    valid_to=DISTRICTS_ENDED,
    successor="youth_union",
)


# Legal aid ("trợ giúp pháp lý", support type `legal_aid`) is given by the state legal-aid centre of
# the province, under its Department of Justice (Sở Tư pháp), not by the social sector: the Law on
# Legal Aid 2017 (11/2017/QH14) gave it to trafficking victims with financial difficulty (art. 7
# khoản 7 điểm g) until 30 June 2025; from 1 July 2025 Law 53/2024/QH15 replaced that point with
# khoản 6a (victims, people being identified and under-18s accompanying them), and Decree
# 162/2025/NĐ-CP art. 21 sets the support. Cần Thơ's centre existed before 2016 and goes on after
# the 2025 reorganisation (justice was not reorganised with the labour sector): no period, as the
# commune People's Committee.
LEGAL_AID_ACT = "Luật Trợ giúp pháp lý 2017 (11/2017/QH14)"
LEGAL_AID_CENTRE = Code(
    "legal_aid_centre",
    "Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ (Sở Tư pháp)",
    "State Legal Aid Centre of Cần Thơ city (Dept. of Justice)",
    f"{LEGAL_AID_ACT} Điều 7 khoản 7 điểm g; từ 01/7/2025 Điều 7 khoản 6a (bổ sung bởi {LAW_2024}); "
    "NĐ 162/2025/NĐ-CP Điều 21",
)


# ISO 3166-1: every country and territory with an alpha-2 code (249), vendored with its source in
# data/reference/iso3166_1.csv (see data/reference/README.md). The countries the city's records name
# most come first, in the order charts and panels always showed them; the rest follow by code.
LISTED_FIRST = ("VN", "CN", "KH", "MY", "MM", "LA", "TH", "TW", "KR")
# The United Nations' geographic sub-regions (M49) each country belongs to, kept with the vendored
# list. (Not written in a shared file: no column of CTDC or HTCDS holds a region, docs/sharing.md.)
WORLD_REGIONS = _set(
    ("south_eastern_asia", "Đông Nam Á", "South-eastern Asia"),
    ("eastern_asia", "Đông Á", "Eastern Asia"),
    ("southern_asia", "Nam Á", "Southern Asia"),
    ("central_asia", "Trung Á", "Central Asia"),
    ("western_asia", "Tây Á", "Western Asia"),
    ("eastern_europe", "Đông Âu", "Eastern Europe"),
    ("northern_europe", "Bắc Âu", "Northern Europe"),
    ("southern_europe", "Nam Âu", "Southern Europe"),
    ("western_europe", "Tây Âu", "Western Europe"),
    ("northern_africa", "Bắc Phi", "Northern Africa"),
    ("eastern_africa", "Đông Phi", "Eastern Africa"),
    ("middle_africa", "Trung Phi", "Middle Africa"),
    ("southern_africa", "Nam Phi (khu vực)", "Southern Africa"),
    ("western_africa", "Tây Phi", "Western Africa"),
    ("northern_america", "Bắc Mỹ", "Northern America"),
    ("central_america", "Trung Mỹ", "Central America"),
    ("caribbean", "Ca-ri-bê", "Caribbean"),
    ("south_america", "Nam Mỹ", "South America"),
    ("australia_and_new_zealand", "Úc và Niu Di-lân", "Australia and New Zealand"),
    ("melanesia", "Melanesia", "Melanesia"),
    ("micronesia", "Micronesia", "Micronesia"),
    ("polynesia", "Polynesia", "Polynesia"),
    ("antarctica", "Châu Nam Cực", "Antarctica"),
)


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: str
    en: str
    vi: str
    region: str  # a WORLD_REGIONS code


@cache
def iso_countries() -> dict[str, Country]:
    """Every ISO 3166-1 country by its alpha-2 code, from `data/reference/iso3166_1.csv`."""
    regions, region = {c.en: c.code for c in WORLD_REGIONS}, "un_subregion"
    with (REFERENCE_DIR / "iso3166_1.csv").open(encoding="utf-8", newline="") as handle:
        rows = [
            Country(r["alpha2"], r["alpha3"], r["numeric"], r["name_en"], r["name_vi"], regions[r[region]])
            for r in csv.DictReader(handle)
        ]
    order = {code: i for i, code in enumerate(LISTED_FIRST)}
    rows.sort(key=lambda c: (order.get(c.alpha2, len(order)), c.alpha2))
    return {c.alpha2: c for c in rows}


COUNTRIES = _set(*((c.alpha2, c.vi, c.en) for c in iso_countries().values()))
# Publish mode releases countries as the ones the city's records have always named and "other
# countries": a fixed list, whatever the records hold (listing only the countries that occur would
# tell which hold nobody; listing all 249 would bury a table in '<5' rows and swell every audit).
OTHER_COUNTRIES = "other_countries"
PUBLISHED_COUNTRIES = _set(
    *((c.alpha2, c.vi, c.en) for c in iso_countries().values() if c.alpha2 in LISTED_FIRST),
    (OTHER_COUNTRIES, "Các nước khác", "Other countries"),
)


CODESETS: dict[str, tuple[Code, ...]] = {
    # Organisers are codes, not names baked into code: departments were renamed in 2025.
    "organiser": _set(
        DOLISA,
        ("volunteer_sw_team", "Đội CTXH tình nguyện", "Volunteer social-work teams"),
        ("womens_union", "Hội LHPN thành phố", "City Women's Union"),
        # 'Công an' with no level: the city police (Công an thành phố); the district police and the
        # commune police are codes of their own (DISTRICT_POLICE, COMMUNE_POLICE).
        ("police", "Công an thành phố", "City police"),
        DISTRICT_OFFICE,
        ("school", "Trường học", "Schools"),
        ("youth_union", "Đoàn Thanh niên", "Youth Union"),
        DOH_SOCIAL,
        MOHA_DEPT,
        DISTRICT_HEALTH,
        DISTRICT_HOME_AFFAIRS,
        COMMUNE_CULTURE_SOCIAL,
        COMMUNE_POLICE,
        DISTRICT_POLICE,
        DISTRICT_WOMENS_UNION,
        DISTRICT_YOUTH_UNION,
        CITY_COMMITTEE,
        DISTRICT_COMMITTEE,
        COMMUNE_COMMITTEE,
    ),
    "event_type": _set(
        ("integrated_session", "Tuyên truyền lồng ghép", "Integrated awareness session"),
        ("community_session", "Truyền thông cộng đồng", "Community communication session"),
        ("leaflet_drive", "Phát tờ rơi", "Leaflet distribution"),
        (
            "rally",
            "Mít tinh hưởng ứng Ngày 30/7",
            "30 July rally",
            "QĐ 793/QĐ-TTg (Ngày toàn dân phòng, chống mua bán người 30/7)",
        ),
        ("training", "Tập huấn", "Training"),
        ("school_talk", "Ngoại khóa trường học", "School talk"),
    ),
    "topic": _set(
        ("trafficking", "Phòng, chống mua bán người", "Anti-trafficking"),
        ("social_evils", "Phòng, chống tệ nạn xã hội", "Social evils (drugs, prostitution, trafficking)"),
        ("safe_migration", "Di cư an toàn", "Safe migration"),
        ("online_scams", "Lừa đảo việc làm qua mạng", "Online job scams"),
    ),
    "sex": _set(
        ("female", "Nữ", "Female"),
        ("male", "Nam", "Male"),
        ("transgender_nonconforming", "Chuyển giới/không theo chuẩn giới", "Transgender/non-conforming"),
    ),
    # CTDC's published age bands (age at exploitation).
    "age_band": _set(
        # Labels with the en dash of a range ("0–8 tuổi"); the codes keep CTDC's hyphen.
        ("0-8", "0–8 tuổi", "0–8 years"),
        ("9-17", "9–17 tuổi", "9–17 years"),
        ("18-20", "18–20 tuổi", "18–20 years"),
        ("21-23", "21–23 tuổi", "21–23 years"),
        ("24-26", "24–26 tuổi", "24–26 years"),
        ("27-29", "27–29 tuổi", "27–29 years"),
        ("30-38", "30–38 tuổi", "30–38 years"),
        ("39-47", "39–47 tuổi", "39–47 years"),
        ("48+", "Từ 48 tuổi", "48 and over"),
    ),
    # Age at exploitation as the law draws its lines: the Criminal Code (art. 151) protects
    # "người dưới 16 tuổi", Law 53/2024 speaks of "người dưới 18 tuổi"; CTDC's 9-17 band cannot tell
    # them apart. 'minor' is an under-18 whose side of 16 was not recorded.
    "minor_status": _set(
        ("under_16", "Người dưới 16 tuổi", "Under 16", "BLHS 2015 Điều 151"),
        ("16_17", "Người từ đủ 16 đến dưới 18 tuổi", "Aged 16–17", f"BLHS 2015 Điều 150; {UNDER_18}"),
        (
            "minor",
            "Người dưới 18 tuổi (không rõ đủ 16 tuổi chưa)",
            "Under 18, side of 16 not recorded",
            UNDER_18,
        ),
        ("adult", "Người từ đủ 18 tuổi trở lên", "Adult (18 or over)", UNDER_18),
    ),
    # ISO 3166 alpha-2.
    "country": COUNTRIES,
    "published_country": PUBLISHED_COUNTRIES,
    # Citizenship: the countries, and stateless people (residents of Viet Nam without any nationality;
    # the Law on Nationality counts them with foreign citizens as "người nước ngoài", so art. 37
    # khoản 4 applies to them as to foreign nationals: _support_rules).
    "citizenship": (
        *(c for c in COUNTRIES if c.code != UNKNOWN),
        Code(
            "stateless",
            "Không quốc tịch",
            "Stateless",
            "Luật Quốc tịch Việt Nam 2008 (giải thích từ ngữ: người không quốc tịch)",
        ),
        Code(UNKNOWN, "Không rõ", "Unknown"),
    ),
    "published_citizenship": (
        *(c for c in PUBLISHED_COUNTRIES if c.code != UNKNOWN),
        Code("stateless", "Không quốc tịch", "Stateless"),
        Code(UNKNOWN, "Không rõ", "Unknown"),
    ),
    # Purposes of trafficking as the law lists them (Criminal Code art. 150, 151; Law 53/2024 art. 2:
    # sexual exploitation, forced labour, removal of body parts, other inhumane purposes), with the
    # HTCDS/CTDC forms analysts elsewhere use (CTDC isForcedMarriage, isOrganRemoval, ...).
    "exploitation": _set(
        (
            "sexual_exploitation",
            "Bóc lột tình dục",
            "Sexual exploitation",
            f"{CRIMINAL_CODE}; {LAW_2024} Điều 2 khoản 1, 2",
        ),
        (
            "forced_marriage",
            "Cưỡng ép kết hôn",
            "Forced marriage",
            f"{CRIMINAL_CODE} (mục đích vô nhân đạo khác)",
        ),
        (
            "forced_labour",
            "Cưỡng bức lao động",
            "Forced labour",
            f"{CRIMINAL_CODE}; {LAW_2024} Điều 2 khoản 1, 3",
        ),
        # HTCDS labour sub-type 'illicit activities'; here the online-scam compounds, the common case
        # since 2022. Other crimes a person is forced into (drug carrying, theft, ...) are the next code.
        (
            "illicit_activities",
            "Ép tham gia lừa đảo trực tuyến",
            "Forced criminality (online scams)",
            f"{CRIMINAL_CODE} (cưỡng bức lao động); HTCDS v2.0",
        ),
        (
            "forced_criminality",
            "Ép thực hiện hành vi phạm tội khác",
            "Forced criminality (other than online scams)",
            f"{CRIMINAL_CODE} (cưỡng bức lao động); HTCDS v2.0 (illicit activities)",
        ),
        ("begging", "Ép ăn xin", "Forced begging", f"{CRIMINAL_CODE} (cưỡng bức lao động); HTCDS v2.0"),
        (
            "organ_removal",
            "Lấy bộ phận cơ thể người",
            "Removal of body parts",
            f"{CRIMINAL_CODE}; {LAW_2024} Điều 2 khoản 1, 4; CTDC isOrganRemoval",
        ),
        # Not a form of exploitation: Law 53/2024 art. 2 khoản 1 names receiving money, property or
        # other material benefit as a purpose of the act ("tuyển mộ, vận chuyển, chứa chấp, chuyển
        # giao hoặc tiếp nhận người nhằm mục đích nhận tiền, tài sản, lợi ích vật chất khác, bóc lột
        # tình dục, ..."), beside the forms of exploitation; the Criminal Code (art. 150 khoản 1 điểm
        # a, 151) makes handing over or receiving a person for it trafficking whatever follows (a
        # person sold on, not yet exploited). This set holds the law's purposes: its label says so.
        (
            "money_or_property",
            "Mục đích nhận tiền, tài sản, lợi ích vật chất khác",
            "Purpose: money, property or other material benefit",
            f"{TRAFFICKING_DEFINED} (nhằm mục đích nhận tiền, tài sản, lợi ích vật chất khác: mục đích "
            f"của hành vi, không phải hình thức bóc lột); {CRIMINAL_CODE} (Điều 150 khoản 1 điểm a)",
        ),
        # The law's words for every purpose not named above (Law 53/2024 art. 2 khoản 1).
        (
            "other",
            "Mục đích vô nhân đạo khác",
            "Other inhumane purposes",
            f"{CRIMINAL_CODE}; {TRAFFICKING_DEFINED} (mục đích vô nhân đạo khác)",
        ),
    ),
    "means_of_control": _set(
        ("debt_bondage", "Gán nợ", "Debt bondage"),
        ("takes_earnings", "Chiếm đoạt thu nhập", "Takes earnings"),
        ("threats", "Đe dọa", "Threats"),
        ("psychological_abuse", "Bạo hành tâm lý", "Psychological abuse"),
        ("physical_abuse", "Bạo hành thể chất", "Physical abuse"),
        ("sexual_abuse", "Xâm hại tình dục", "Sexual abuse"),
        ("false_promises", "Hứa hẹn gian dối", "False promises"),
        ("restricts_movement", "Hạn chế đi lại", "Restricts movement"),
        ("withholds_documents", "Giữ giấy tờ", "Withholds documents"),
        ("excessive_hours", "Làm việc quá giờ", "Excessive working hours"),
        # The rest of HTCDS v2.0's methods of control (CTDC's meansOfControl* flags): a record may
        # name them once imported from a partner or written by an agency using the standard.
        ("restricts_financial_access", "Hạn chế tiếp cận tài chính", "Restricts financial access"),
        ("psychoactive_substances", "Dùng chất kích thích, ma túy", "Psychoactive substances"),
        ("restricts_medical_care", "Hạn chế chăm sóc y tế", "Restricts medical care"),
        ("uses_children", "Dùng con cái để khống chế", "Uses children"),
        ("threat_of_law_enforcement", "Dọa báo công an, cơ quan chức năng", "Threat of law enforcement"),
        ("withholds_necessities", "Cắt nhu yếu phẩm", "Withholds necessities"),
        ("other", "Khác", "Other"),
    ),
    "recruitment": _set(
        ("job_offer", "Hứa hẹn việc làm", "Job offer"),
        ("intimate_partner", "Người yêu / hứa kết hôn", "Intimate partner / marriage proposition"),
        ("marriage_broker", "Môi giới hôn nhân", "Marriage broker"),
        ("social_media_facebook", "Mạng xã hội: Facebook", "Social media: Facebook"),
        ("social_media_zalo", "Mạng xã hội: Zalo", "Social media: Zalo"),  # local addition
        ("internet_other", "Internet khác", "Other internet"),
        ("abduction", "Bắt cóc", "Abduction"),
        ("other", "Khác", "Other"),
    ),
    # CTDC's majority status (majorityStatus, majorityStatusAtExploit, majorityEntry): adult or
    # minor at registration, at exploitation, at entry into trafficking. The workbench records the
    # legal age group (minor_status) and the age band at exploitation; these are what they imply.
    "majority_status": _set(
        ("adult", "Người từ đủ 18 tuổi trở lên", "Adult"),
        ("minor", "Người dưới 18 tuổi", "Minor"),
    ),
    # CTDC's Datasource: where a record came from. The city's victim records are case management.
    "data_source": _set(
        ("case_management", "Hồ sơ quản lý ca", "Case management"),
        ("hotline", "Đường dây nóng", "Hotline"),
    ),
    # HTCDS's type of labour exploitation (CTDC's typeOfLabour* flags).
    "labour_sector": _set(
        ("agriculture", "Nông nghiệp", "Agriculture"),
        ("aquafarming", "Nuôi trồng, đánh bắt thủy sản", "Aquafarming"),
        ("begging", "Ăn xin", "Begging"),
        ("construction", "Xây dựng", "Construction"),
        ("domestic_work", "Giúp việc gia đình", "Domestic work"),
        ("hospitality", "Nhà hàng, khách sạn", "Hospitality"),
        ("illicit_activities", "Hoạt động bất hợp pháp", "Illicit activities"),
        ("manufacturing", "Sản xuất, chế biến", "Manufacturing"),
        ("mining_or_drilling", "Khai khoáng", "Mining or drilling"),
        ("peddling", "Bán hàng rong", "Peddling"),
        ("transportation", "Vận tải", "Transportation"),
        ("other", "Khác", "Other"),
    ),
    # HTCDS's type of sexual exploitation (CTDC's typeOfSex* flags).
    "sex_exploitation_type": _set(
        ("prostitution", "Mại dâm", "Prostitution"),
        ("pornography", "Khiêu dâm (phim, ảnh)", "Pornography"),
        ("remote_interactive_services", "Dịch vụ tình dục trực tuyến", "Remote interactive services"),
        ("private_sexual_services", "Dịch vụ tình dục riêng", "Private sexual services"),
    ),
    "world_region": WORLD_REGIONS,
    "recruiter_relation": _set(
        ("family", "Người thân", "Family"),
        ("intimate_partner", "Người yêu", "Intimate partner"),
        ("friend_neighbour", "Bạn bè, hàng xóm", "Friend / neighbour"),
        ("online_contact", "Quen qua mạng", "Online contact"),  # local addition
        ("other", "Khác", "Other"),
    ),
    "reception_channel": _set(
        ("border_handover", "Phía nước ngoài trao trả qua cửa khẩu", "Handed over at a border gate"),
        ("rescue", "Công an, biên phòng giải cứu", "Rescued by police or border guard"),
        ("repatriation", "Hồi hương qua ĐSQ hoặc IOM", "Repatriated via embassy or IOM"),
        ("self_return", "Tự trở về", "Self-return or escape"),
        ("ransom_release", "Gia đình nộp tiền chuộc", "Released after family paid ransom"),
    ),
    # Who hands a person over or refers them for verification. Bodies of the 2025 reorganisation carry
    # their periods and successors as organisers do: a body's successors are members of this set too.
    "referring_body": _set(
        ("police", "Công an thành phố (cảnh sát hình sự)", "City police (criminal investigation)"),
        ("immigration", "Quản lý xuất nhập cảnh", "Immigration"),
        ("border_guard", "Bộ đội biên phòng", "Border guard"),
        ("coast_guard", "Cảnh sát biển", "Coast guard", "Luật Cảnh sát biển Việt Nam 2018"),
        ("womens_union", "Hội LHPN thành phố", "City Women's Union"),
        (
            "fatherland_front",
            "Ủy ban MTTQ Việt Nam",
            "Vietnam Fatherland Front",
            "Luật Mặt trận Tổ quốc Việt Nam 2015",
        ),
        ("iom_ngo", "IOM / tổ chức phi chính phủ", "IOM / NGO"),
        COMMUNE_COMMITTEE,
        DOLISA,
        DOH_SOCIAL,
        MOHA_DEPT,
        DISTRICT_OFFICE,
        DISTRICT_HEALTH,
        DISTRICT_HOME_AFFAIRS,
        COMMUNE_CULTURE_SOCIAL,
        COMMUNE_POLICE,
        DISTRICT_POLICE,
        DISTRICT_WOMENS_UNION,
    ),
    # Law 53/2024/QH15 art. 2 reports victims, people being identified and people found not to
    # be victims separately; counts of victims take 'actual' only unless asked (_query).
    "trafficking_status": _set(
        # The clause numbers of art. 2 that define the two terms were not confirmed: the article.
        ("actual", "Nạn nhân", "Victims (identified)", f"{LAW_2024} Điều 2 (giải thích từ ngữ: nạn nhân)"),
        (
            "possible",
            "Người đang trong quá trình xác định là nạn nhân",
            "People being identified as victims",
            f"{LAW_2024} Điều 2 (giải thích từ ngữ)",
        ),
        (  # no clause of art. 2 defines it: the outcome of verification and identification
            "not_victim",
            "Người được xác định không phải là nạn nhân",
            "People found not to be victims",
            f"{LAW_2024_AMENDED}: kết quả xác minh, xác định nạn nhân",
        ),
    ),
    "case_status": _set(
        ("active", "Đang hỗ trợ", "Active"),
        ("follow_up", "Theo dõi", "Follow-up"),
        ("closed", "Đã đóng", "Closed"),
        ("closed_referred", "Đã đóng, chuyển gửi", "Closed, referred"),
    ),
    "workflow_stage": _set(
        ("reception", "Tiếp nhận", "Reception"),
        ("verification", "Xác minh", "Verification"),
        ("identification", "Xác định nạn nhân", "Identification"),
        ("protection", "Bảo vệ", "Protection"),
        ("support", "Hỗ trợ", "Support"),
        ("reintegration", "Tái hòa nhập", "Reintegration"),
    ),
    "yes_no": _set(("yes", "Có", "Yes"), ("no", "Không", "No")),
    # The support regimes: Law 2011 art. 32 (Decree 09/2013) until 30 June 2025, Law 53/2024 art. 37
    # (Decree 162/2025) from 1 July 2025, which adds employment counselling, first-year health
    # insurance, interpreting and legal support, and extends support to people being identified.
    "support_type": _set(
        ("essential_needs", "Nhu cầu thiết yếu", "Essential needs", SUPPORT_BOTH_LAWS),
        ("travel_home", "Chi phí đi lại", "Travel home", SUPPORT_BOTH_LAWS),
        ("medical", "Hỗ trợ y tế", "Medical support", SUPPORT_BOTH_LAWS),
        ("psychological", "Tâm lý", "Psychological", SUPPORT_BOTH_LAWS),
        ("legal_aid", "Trợ giúp pháp lý", "Legal aid", SUPPORT_BOTH_LAWS),
        ("education", "Học văn hóa", "General education", SUPPORT_BOTH_LAWS + " (hộ nghèo: miễn học phí)"),
        ("vocational_training", "Học nghề", "Vocational training", SUPPORT_BOTH_LAWS),
        (
            "hardship_allowance",
            "Trợ cấp khó khăn ban đầu",
            "Initial hardship allowance",
            SUPPORT_BOTH_LAWS + " (hộ nghèo)",
        ),
        ("loan", "Vay vốn", "Loan", SUPPORT_BOTH_LAWS + " (hộ nghèo)"),
        ("employment_counselling", "Tư vấn việc làm", "Employment counselling", SUPPORT_2024),
        ("health_insurance", "Bảo hiểm y tế năm đầu", "First-year health insurance", SUPPORT_2024),
        ("interpreting", "Hỗ trợ phiên dịch", "Interpreting", SUPPORT_2024),
        # Art. 37 khoản 1 điểm d: "hỗ trợ pháp luật" (legal support: counselling on the person's rights),
        # not the legal aid of điểm đ ("trợ giúp pháp lý"). The code keeps its name.
        ("legal_information", "Hỗ trợ pháp luật", "Legal support", SUPPORT_2024),
    ),
    "provider": _set(
        DOLISA,
        DISTRICT_OFFICE,
        ("social_protection_centre", "Trung tâm Công tác xã hội", "Social work centre (shelter)"),
        LEGAL_AID_CENTRE,
        ("womens_union", "Hội LHPN thành phố", "City Women's Union"),
        ("iom_ngo", "IOM / tổ chức phi chính phủ", "IOM / NGO"),
        COMMUNE_COMMITTEE,
        DOH_SOCIAL,
        MOHA_DEPT,
        DISTRICT_HEALTH,
        DISTRICT_HOME_AFFAIRS,
        COMMUNE_CULTURE_SOCIAL,
        DISTRICT_WOMENS_UNION,
    ),
    # Hotline contacts (a contact, not a person: no number, name or free text is kept). The lines
    # are those the city's press cites; which body answers 1800 1567 is not in the project's sources.
    "hotline_line": _set(
        ("111", "Tổng đài quốc gia bảo vệ trẻ em 111", "National child-protection line 111"),
        ("18001567", "Tổng đài 1800 1567", "Line 1800 1567"),
        ("local_police", "Đường dây nóng công an địa phương", "Local police hotline"),
        ("other", "Đường dây khác", "Other line"),
    ),
    "contact_channel": _set(
        ("phone", "Điện thoại", "Phone"),
        ("online", "Trực tuyến (ứng dụng, trang web, thư điện tử)", "Online (app, website, e-mail)"),
        ("in_person", "Trực tiếp", "In person"),
    ),
    "hotline_topic": _set(
        ("information", "Hỏi thông tin", "Information"),
        ("suspected_case", "Báo tin nghi vấn mua bán người", "Report of a suspected case"),
        ("support_request", "Đề nghị hỗ trợ", "Request for support"),
    ),
    "referral_outcome": _set(
        ("police", "Chuyển cơ quan công an", "Referred to police"),
        ("social_services", "Chuyển cơ quan xã hội", "Referred to social services"),
        ("health", "Chuyển cơ sở y tế", "Referred to health services"),
        ("information_given", "Đã cung cấp thông tin", "Information given"),
        ("not_referred", "Không chuyển gửi", "Not referred"),
    ),
    # Online and media communication: items published, not events held (never counted as events).
    "medium": _set(
        ("social_post", "Bài đăng trang web, mạng xã hội", "Website or social-media post"),
        ("share", "Lượt chia sẻ trên mạng xã hội", "Social-media share"),
        ("broadcast", "Phát thanh, truyền hình", "Radio or TV broadcast"),
        ("newspaper", "Bài báo", "Newspaper article"),
        ("loudspeaker", "Loa truyền thanh cơ sở", "Commune loudspeaker broadcast"),
    ),
}
# Criminal cases of trafficking (the police's figures): the furthest step of the proceedings a case
# has reached, in the order of the Criminal Procedure Code 2015. "Khởi tố" (criminal proceedings
# instituted) is what reports translate as "prosecuted"; indictment by the procuracy ("truy tố")
# lies between it and trial and is not a step of its own here.
PROCEDURE_CODE = "Bộ luật Tố tụng hình sự 2015"
CODESETS["case_stage"] = _set(
    ("detected", "Phát hiện", "Detected", f"{PROCEDURE_CODE} (tiếp nhận, giải quyết nguồn tin về tội phạm)"),
    ("prosecuted", "Khởi tố", "Prosecuted (proceedings instituted)", f"{PROCEDURE_CODE} (khởi tố vụ án)"),
    ("tried", "Đưa ra xét xử", "Brought to trial", f"{PROCEDURE_CODE} (xét xử sơ thẩm)"),
    ("convicted", "Kết án", "Convicted", f"{PROCEDURE_CODE} (bản án); {CRIMINAL_CODE}"),
)
SET_BASIS["case_stage"] = PROCEDURE_CODE
# Value sets whose members exist for a period only (bodies): checked against the record's date.
DATED_CODESETS = tuple(
    name for name, entries in CODESETS.items() if any(c.valid_from or c.valid_to for c in entries)
)


def codes(codeset: str) -> tuple[str, ...]:
    return tuple(c.code for c in CODESETS[codeset])


# The legal age groups (minor_status) each CTDC age band admits: a band below 18 is a minor (0-8 is
# under 16; 9-17 straddles the line at 16), an adult band an adult; an unknown band or group admits
# anything. The import warns of a record outside these (it keeps it, as recorded), and publish
# mode's audit knows every reader can count on them (see _publishable.LINKED_BREAKDOWNS).
MINOR_BANDS = {"0-8": ("under_16", "minor"), "9-17": ("under_16", "16_17", "minor")}


def age_band_conflicts() -> frozenset[tuple[str, str]]:
    """The (age band, minor status) pairs the law rules out: no person can be both."""
    return frozenset(
        (band, status)
        for band in codes("age_band")
        for status in codes("minor_status")
        if UNKNOWN not in (band, status) and status not in MINOR_BANDS.get(band, ("adult",))
    )


def label(codeset: str, code: str, lang: str = "vi") -> str:
    for entry in CODESETS[codeset]:
        if entry.code == code:
            return entry.vi if lang == "vi" else entry.en
    return code


def check_code(codeset: str, value: str, *, what: str | None = None) -> str:
    """The code itself if it is in the set (labels in either language are accepted too)."""
    for entry in CODESETS[codeset]:
        if value in (entry.code, entry.vi, entry.en):
            return entry.code
    raise unknown_value(UnknownCodeError, what or codeset.replace("_", " "), value, codes(codeset))


def entry(codeset: str, code: str) -> Code | None:
    for member in CODESETS[codeset]:
        if member.code == code:
            return member
    return None


def _day(on: dt.date | None, lang: str = "vi") -> str:
    return date_text(on, lang) if on is not None else ""


def _next_bodies(member: Code, support_type: str | None = None) -> list[tuple[str, str]]:
    """(work, code) of each body that took `member`'s work over: where the work split, the one
    for a support of a known type, else each with the work it took ('' when it did not split)."""
    if member.labour_successor is None:
        return [("", member.successor)] if member.successor else []
    if support_type is not None and support_type != UNKNOWN:
        labour = support_type in LABOUR_SUPPORTS
        return [("", member.labour_successor if labour else member.successor or "")]
    return [(SOCIAL_WORK, member.successor or ""), (LABOUR_WORK, member.labour_successor)]


def current_body(codeset: str, code: str, on: dt.date, support_type: str | None = None) -> str:
    """The body that did `code`'s work on `on`: itself, or the one that took it over once it had
    ended (for a support of a known type, the one that took that kind of work; else the first)."""
    member = entry(codeset, code)
    while member is not None and member.valid_to is not None and on > member.valid_to:
        taken = _next_bodies(member, support_type)
        if not taken:
            break
        member = entry(codeset, taken[0][1])
    return member.code if member else code


def _reaches(codeset: str, member: Code, code: str) -> bool:
    """Whether `code` took over `member`'s work, directly or through the bodies between them."""
    for _, after in _next_bodies(member):
        following = entry(codeset, after)
        if following is not None and (following.code == code or _reaches(codeset, following, code)):
            return True
    return False


def body_problem(
    codeset: str, code: str, on: dt.date, support_type: str | None = None, lang: str = "vi"
) -> tuple[str, str] | None:
    """(problem, suggestion) in `lang` when the body `code` did not exist on `on`; None when it
    did. The suggestion names the body that took its work over (for a support of `support_type`,
    the one that took that kind of work) and, if that one had ended too by `on`, the one doing it
    then. Bodies are named by their Vietnamese labels, as files write them."""
    member = entry(codeset, code)
    if member is None or member.exists_on(on):
        return None

    def say(key: str, /, **fields: object) -> str:
        return import_text(key, lang, **fields)

    if member.valid_to is not None and on > member.valid_to:
        problem = say(
            "body_ended", body=member.vi, code=code, ended=_day(member.valid_to, lang), on=_day(on, lang)
        )
        parts = []
        for work, after_code in _next_bodies(member, support_type):
            after = entry(codeset, after_code)
            if after is None:
                continue
            start = after.valid_from or member.valid_to + dt.timedelta(days=1)
            text = say("body_from", body=after.vi, code=after.code, start=_day(start, lang))
            then = entry(codeset, current_body(codeset, after.code, on, support_type))
            if then is not None and then.code != after.code:
                text += say("body_then", start=_day(then.valid_from, lang), body=then.vi, code=then.code)
            if work:
                vi, en = WORK_WORDS[work]
                text += say("body_for", work=vi if lang == "vi" else en)
            parts.append(text)
        kind = (
            say("body_work_of", support=label("support_type", support_type, lang).lower())
            if support_type
            else say("body_work")
        )
        suggestion = (
            say("body_passed", work=kind, bodies=say("body_and").join(parts))
            if parts
            else say("body_successor")
        )
        return problem, suggestion
    problem = say(
        "body_began", body=member.vi, code=code, began=_day(member.valid_from, lang), on=_day(on, lang)
    )
    before = [c for c in CODESETS[codeset] if c.exists_on(on) and _reaches(codeset, c, code)]
    suggestion = (
        say("body_before", bodies=say("body_or").join(f"{c.vi} ({c.code})" for c in before))
        if before
        else say("body_then_doing")
    )
    return problem, suggestion


CODES_TABLE_SQL = (
    "CREATE TABLE store.codes (codeset VARCHAR, code VARCHAR, label_vi VARCHAR, label_en VARCHAR, "
    "sort_order INTEGER, legal_basis VARCHAR, valid_from DATE, valid_to DATE, successor VARCHAR, "
    "labour_successor VARCHAR)"
)
CODES_INSERT_SQL = "INSERT INTO store.codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def legal_basis(codeset: str, member: Code) -> str:
    """What defines a code, for the `codes` view: never empty (see PROJECT_CODE)."""
    if member.code == UNKNOWN:
        return UNKNOWN_BASIS
    basis = member.basis or SET_BASIS.get(codeset)
    if not basis:
        raise ValueError(f"Code {member.code!r} of {codeset!r} cites no basis: give it one, or its set one.")
    if codeset == "support_type" and member.code in SUPPORT_ITEM:  # the point of art. 37(1) it is
        basis = basis.replace("Điều 37", f"Điều 37 khoản 1 điểm {SUPPORT_ITEM[member.code]}", 1)
    return basis


def codes_table_rows() -> list[tuple]:
    """The rows of the `codes` view: every value set's codes, labels, legal basis and validity."""
    return [
        (
            name,
            c.code,
            c.vi,
            c.en,
            i,
            legal_basis(name, c),
            c.valid_from,
            c.valid_to,
            c.successor,
            c.labour_successor,
        )
        for name, entries in CODESETS.items()
        for i, c in enumerate(entries)
    ]
