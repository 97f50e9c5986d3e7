"""Writes the CTDC-shaped and HTCDS-shaped example files in data/examples/ (committed).

Neither is real data. The CTDC-shaped file follows the layout of the CTDC global k-anonymised
victim dataset as its codebook describes it: 63 columns in the codebook's order, `;`-separated,
CRLF line ends, the terms-of-use notice in the first header cell before the first column's name,
0/1 flag families (means of control, type of exploitation, labour sector, type of sexual
exploitation, recruiter relation, abduction) with their `...Concatenated` summaries, and empty
cells for what was not recorded. Every code of every coded column appears at least once, every
flag column holds a 1, a 0 and an empty cell. Rows come in groups of 11 alike (k = 11, as CTDC
publishes), with invented counts; the Viet Nam rows are many, so the comparison has something to show.

Run from the repository: `uv run python tests/make_context_fixtures.py` (the same bytes every time:
`tests/test_context.py` checks the committed files are what this writes).
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
CTDC_FILE = EXAMPLES / "ctdc_shaped_example.csv"
HTCDS_FILE = EXAMPLES / "htcds_shaped_example.csv"
NOTICE = "By using this data you agree to the Terms of Use: https://www.ctdatacollaborative.org/terms-use"
K = 11
SEED = 20261203

# The codebook's flag families: (column, label in the ...Concatenated column).
MEANS_OF_CONTROL = [
    ("meansOfControlDebtBondage", "Debt bondage"),
    ("meansOfControlTakesEarnings", "Takes earnings"),
    ("meansOfControlRestrictsFinancialAccess", "Restricts financial access"),
    ("meansOfControlThreats", "Threats"),
    ("meansOfControlPsychologicalAbuse", "Psychological abuse"),
    ("meansOfControlPhysicalAbuse", "Physical abuse"),
    ("meansOfControlSexualAbuse", "Sexual abuse"),
    ("meansOfControlFalsePromises", "False promises"),
    ("meansOfControlPsychoactiveSubstances", "Psychoactive substances"),
    ("meansOfControlRestrictsMovement", "Restricts movement"),
    ("meansOfControlRestrictsMedicalCare", "Restricts medical care"),
    ("meansOfControlExcessiveWorkingHours", "Excessive working hours"),
    ("meansOfControlUsesChildren", "Uses children"),
    ("meansOfControlThreatOfLawEnforcement", "Threat of law enforcement"),
    ("meansOfControlWithholdsNecessities", "Withholds necessities"),
    ("meansOfControlWithholdsDocuments", "Withholds documents"),
    ("meansOfControlOther", "Other"),
    ("meansOfControlNotSpecified", "Not specified"),
]
EXPLOITATION = [
    ("isForcedLabour", "Forced labour"),
    ("isSexualExploit", "Sexual exploitation"),
    ("isOtherExploit", "Other"),
    ("isSexAndLabour", ""),  # both forms at once: its two flags are set too, and their labels said
    ("isForcedMarriage", "Forced marriage"),
    ("isForcedMilitary", "Forced military"),
    ("isOrganRemoval", "Organ removal"),
    ("isSlaveryAndPractices", "Slavery and similar practices"),
]
LABOUR = [
    ("typeOfLabourAgriculture", "Agriculture"),
    ("typeOfLabourAquafarming", "Aquafarming"),
    ("typeOfLabourBegging", "Begging"),
    ("typeOfLabourConstruction", "Construction"),
    ("typeOfLabourDomesticWork", "Domestic work"),
    ("typeOfLabourHospitality", "Hospitality"),
    ("typeOfLabourIllicitActivities", "Illicit activities"),
    ("typeOfLabourManufacturing", "Manufacturing"),
    ("typeOfLabourMiningOrDrilling", "Mining or drilling"),
    ("typeOfLabourPeddling", "Peddling"),
    ("typeOfLabourTransportation", "Transportation"),
    ("typeOfLabourOther", "Other"),
    ("typeOfLabourNotSpecified", "Not specified"),
]
SEX = [
    ("typeOfSexProstitution", "Prostitution"),
    ("typeOfSexPornography", "Pornography"),
    ("typeOfSexRemoteInteractiveServices", "Remote interactive services"),
    ("typeOfSexPrivateSexualServices", "Private sexual services"),
]
RECRUITER = [
    ("recruiterRelationIntimatePartner", "Intimate Partner"),
    ("recruiterRelationFriend", "Friend/Acquaintance"),
    ("recruiterRelationFamily", "Family/Relative"),
    ("recruiterRelationOther", "Other"),
    ("recruiterRelationUnknown", "Unknown"),
]

COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    *[c for c, _ in MEANS_OF_CONTROL],
    "meansOfControlConcatenated",
    *[c for c, _ in EXPLOITATION],
    "typeOfExploitConcatenated",
    *[c for c, _ in LABOUR],
    "typeOfLabourConcatenated",
    *[c for c, _ in SEX],
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *[c for c, _ in RECRUITER],
]
assert len(COLUMNS) == 63

DATASOURCES = ["Case Management", "Hotline"]
GENDERS = ["Female", "Male", "Transgender/NonConforming", ""]
AGES = ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", ""]
MAJORITY = ["Adult", "Minor", ""]
# Viet Nam and its region first (most groups), then countries elsewhere, some whose codes read as
# something else to careless tools ('NA' Namibia, 'CO' Colombia), and one not recorded.
REGION = ["VN", "KH", "CN", "LA", "MM", "TH", "MY", "ID", "PH", "TW", "KR"]
ELSEWHERE = ["US", "UA", "NG", "NA", "CO", "MX", "GB", "RO", "IN", ""]


def _flags(family, chosen: set[int], rng: random.Random, blank: bool) -> tuple[list[str], str]:
    """The 0/1 cells of a family and its concatenated label: all empty when not recorded."""
    if blank:
        return [""] * len(family), ""
    cells = ["1" if i in chosen else "0" for i in range(len(family))]
    labels = "; ".join(label for i, (_, label) in enumerate(family) if i in chosen and label)
    return cells, labels


def ctdc_rows() -> list[list[str]]:
    rng = random.Random(SEED)
    rows = []
    groups = 60
    # each family cycles through its codes on the groups where it is recorded: every code shows
    labour_codes, sex_codes = itertools.cycle(range(len(LABOUR))), itertools.cycle(range(len(SEX)))
    for g in range(groups):
        vietnam = g < 30  # half the groups are Viet Nam's (citizenship or exploitation)
        year = 2016 + g % 8 if vietnam else 2010 + g % 14
        citizenship = "VN" if vietnam and g % 5 else REGION[g % len(REGION)]
        if not vietnam:
            citizenship = (REGION + ELSEWHERE)[g % (len(REGION) + len(ELSEWHERE))]
        exploited = REGION[(g * 3) % len(REGION)] if g % 4 else "VN"
        if vietnam and citizenship != "VN":
            exploited = "VN"
        if not vietnam and g % 7 == 0:
            exploited = ELSEWHERE[g % len(ELSEWHERE)]
        age = AGES[g % len(AGES)]
        majority = "" if age == "" else ("Minor" if age in ("0--8", "9--17") else "Adult")
        at_exploit = MAJORITY[g % 3] if g % 6 == 5 else majority
        entry = MAJORITY[(g + 1) % 3]
        gender = GENDERS[g % len(GENDERS)]
        kinds = {g % len(EXPLOITATION)} | ({0} if g % 3 == 0 else set()) | ({1} if g % 4 == 1 else set())
        if 3 in kinds:  # isSexAndLabour: a record with both, as CTDC's records with it have
            kinds |= {0, 1}
        exploit, exploit_text = _flags(EXPLOITATION, kinds, rng, blank=g % 17 == 16)
        labour_on = exploit[0] == "1"
        labour_set = {next(labour_codes)} if labour_on else set()
        labour, labour_text = _flags(LABOUR, labour_set, rng, blank=not labour_on)
        sex_on = exploit[1] == "1"
        sex, sex_text = _flags(SEX, {next(sex_codes)} if sex_on else set(), rng, blank=not sex_on)
        control_set = {g % len(MEANS_OF_CONTROL), (g * 5 + 3) % len(MEANS_OF_CONTROL)}
        control, control_text = _flags(MEANS_OF_CONTROL, control_set, rng, blank=g % 11 == 10)
        relations = {g % len(RECRUITER)} | ({1} if g % 8 == 0 else set())
        recruiter, _ = _flags(RECRUITER, relations, rng, blank=g % 13 == 12)
        # CTDC's single relationship column names one relation, or several joined by '; '
        relation_text = "; ".join(label for i, (_, label) in enumerate(RECRUITER) if i in relations)
        if recruiter[0] == "":
            relation_text = ""
        abduction = ["0", "1", ""][g % 3]
        row = [
            str(year),
            DATASOURCES[g % 2],
            gender,
            age,
            majority,
            at_exploit,
            entry,
            citizenship,
            *control,
            control_text,
            *exploit,
            exploit_text,
            *labour,
            labour_text,
            *sex,
            sex_text,
            abduction,
            relation_text,
            exploited,
            *recruiter,
        ]
        assert len(row) == len(COLUMNS)
        rows += [row] * K
    rng.shuffle(rows)
    return rows


def write_ctdc(path: Path = CTDC_FILE) -> Path:
    header = [f"{NOTICE},{COLUMNS[0]}", *COLUMNS[1:]]
    text = io.StringIO()
    # CTDC's separator is ';': a concatenated cell holding '; ' is quoted, as any CSV writer does
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(ctdc_rows())
    path.write_bytes(text.getvalue().encode("utf-8"))
    return path


# An HTCDS v2.0 export as one flat row per victim (field names with their table prefix), as a
# partner would send it: plain CSV, multiselect picklists ';'-separated, an export key per row.
HTCDS_HEADER = [
    "cas_ExportId", "cas_YearOfRegistration", "prs_Gender", "prs_AgeBroad", "prs_MajorityStatus",
    "prs_Nationality", "prs_MailingCountry", "prs_MailingState", "prs_MailingCity",
    "vic_TraffickingStatus", "vic_MethodOfRecruitment", "vic_RecruiterRelationship",
    "vic_TypeOfExploitation", "vic_MethodsOfControl", "vic_TypeOfLabourExploitation",
    "vic_LocationOfExploitation", "cas_Status",
]  # fmt: skip
HTCDS_VALUES = {
    "prs_Gender": ["Female", "Male", "Transgender/NonConforming", ""],
    "prs_AgeBroad": ["9--17", "18--20", "21--23", "24--26", "27--29", "30--38", ""],
    "prs_Nationality": ["VN", "VN", "KH", "LA", ""],
    "vic_TraffickingStatus": ["Actual", "Possible", "NotAVictim"],
    "vic_MethodOfRecruitment": ["Job offer/advertisement", "Internet (social media, online advertisement)",
                                "Intimate partner/marriage proposition", "Abduction", ""],
    "vic_RecruiterRelationship": ["Friend/Acquaintance", "Family/Relative", "Intimate Partner", "Other", ""],
    "vic_TypeOfExploitation": ["Forced labour; Illicit activities", "Sexual exploitation", "Forced marriage",
                               ""],
    "vic_MethodsOfControl": ["Debt Bondage; Threats", "Withholds Documents", "Restricts Movement", ""],
    "vic_LocationOfExploitation": ["KH", "CN", "MM", "VN", "MY"],
    "cas_Status": ["Active", "Closed", "FollowUp", "ClosedReferred"],
}  # fmt: skip


def htcds_rows() -> list[list[str]]:
    rows = []
    for i in range(48):
        values = {name: options[i % len(options)] for name, options in HTCDS_VALUES.items()}
        band = values["prs_AgeBroad"]
        values["prs_MajorityStatus"] = "" if not band else ("Minor" if band == "9--17" else "Adult")
        labour = values["vic_TypeOfExploitation"].startswith("Forced labour")
        values["vic_TypeOfLabourExploitation"] = "Illicit Activities" if labour else ""
        values |= {
            "cas_ExportId": f"X{i + 1:04d}",  # a key made for the export, never a case number
            "cas_YearOfRegistration": str(2019 + i % 6),
            "prs_MailingCountry": "VN",
            "prs_MailingState": "",
            "prs_MailingCity": "",
        }
        rows.append([values[name] for name in HTCDS_HEADER])
    return rows


def write_htcds(path: Path = HTCDS_FILE) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HTCDS_HEADER)
    writer.writerows(htcds_rows())
    path.write_bytes(text.getvalue().encode("utf-8"))
    return path


def main() -> None:
    print(f"wrote {write_ctdc()}")
    print(f"wrote {write_htcds()}")


if __name__ == "__main__":
    main()
