"""How the workbench's victim fields and codes correspond to two standards, declared once.

- **CTDC**: the Counter Trafficking Data Collaborative's global k-anonymised dataset (IOM), 63
  columns, one row a person or a k-anonymised group of people: year of registration only, country
  geography, 0/1 flag families with a `*Concatenated` column beside some.
- **HTCDS**: IOM's Human Trafficking Case Data Standard v2.0, field names with a table prefix
  (`prs_` person, `vic_` victim context, `cas_` case), multiselect picklists.

Both directions read this one declaration: the importer (a standard's file -> the workbench's
fields and codes) and the export for sharing (the workbench -> a standard's layout, `_share`). A
column says which workbench field it carries and how:

- `value`: one code of the field's value set, written as the standard's label;
- `list`: several codes of a list field, `;`-separated labels;
- `flag`: 1 when the record has `code` in the field (0 when it has not, empty when unknown);
- `year`: the year of the field's date; `key`: the record's key (re-keyed on export);
- `place`: the record's place at one level (`district`, `province`, `country`);
- `fixed`: the same value on every row the workbench writes (CTDC's `Datasource`).

Labels (`_LABELS`) map a standard's words for a code to the workbench's code; a file carries its
standard's own spelling (`WRITTEN_IN`: HTCDS's value names, CTDC's codebook words), else the first
label. What reads as unknown is `UNKNOWN_VALUES` (CTDC's empty cells, -99, "Not
specified", ISO's user-assigned ZZ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from ._codes import UNKNOWN, codes, iso_countries, label

CTDC = "ctdc"
HTCDS = "htcds"
STANDARDS = (CTDC, HTCDS)

How = Literal["value", "list", "flag", "year", "key", "place", "fixed"]


@dataclass(frozen=True, slots=True)
class StandardColumn:
    name: str  # the column as the standard spells it
    field: str  # the workbench field it carries (a victims column, or a derived field below)
    how: How
    codeset: str | None = None  # the value set of `field` (None for years, keys, places)
    code: str | None = None  # for a flag: the code its 1 stands for
    also: tuple[str, ...] = ()  # for a flag: further codes that set it on export (not read back)
    # for a flag: it stands for one part of `code` (read back as `code`); on export 0 when a
    # record lacks `code`, empty when it has it (which part is not recorded: never a guessed 1)
    part: bool = False
    level: str | None = None  # for a place: district, province or country


# Fields the standards have that the victims table derives rather than stores: what each is made of.
# majority_status from minor_status; majority_at_exploitation from the age band (at exploitation);
# labour_sector from the forms of exploitation that name a sector (_share.derived_fields).
DERIVED_FIELDS = {
    "majority_status": "minor_status",
    "majority_at_exploitation": "age_band",
    "majority_at_entry": None,  # not recorded: always unknown on export
    "labour_sector": "exploitation",
    "sex_exploitation_type": None,  # not recorded
    "data_source": None,  # the city's records are case management (a fixed value)
}

# The standards' words for unknown. Compared after `clean_label` (case and spaces folded).
# (Not "NA": Namibia's code.)
UNKNOWN_VALUES = frozenset({"", "-99", "00", "not specified", "notspecified", "unknown", "zz", "n/a"})


def clean_label(text: object) -> str:
    """A standard's cell as compared with `LABELS`: trimmed, spaces collapsed, case folded."""
    return re.sub(r"\s+", " ", str(text if text is not None else "")).strip().casefold()


def is_unknown(text: object) -> bool:
    """Whether a standard's cell means 'not recorded' (empty, -99, Not specified, ZZ, ...)."""
    return clean_label(text) in UNKNOWN_VALUES


def _flag(
    name: str, field: str, code: str, also: tuple[str, ...] = (), *, part: bool = False
) -> StandardColumn:
    """A 0/1 column: 1 when a record's `field` holds `code` (or one of `also`, on export)."""
    return StandardColumn(name, field, "flag", field, code, also, part=part)


def _flags(
    prefix: str, field: str, codeset: str, pairs: tuple[tuple[str, str], ...]
) -> tuple[StandardColumn, ...]:
    return tuple(StandardColumn(prefix + suffix, field, "flag", codeset, code) for suffix, code in pairs)


MEANS_OF_CONTROL_FLAGS = (
    ("DebtBondage", "debt_bondage"),
    ("TakesEarnings", "takes_earnings"),
    ("RestrictsFinancialAccess", "restricts_financial_access"),
    ("Threats", "threats"),
    ("PsychologicalAbuse", "psychological_abuse"),
    ("PhysicalAbuse", "physical_abuse"),
    ("SexualAbuse", "sexual_abuse"),
    ("FalsePromises", "false_promises"),
    ("PsychoactiveSubstances", "psychoactive_substances"),
    ("RestrictsMovement", "restricts_movement"),
    ("RestrictsMedicalCare", "restricts_medical_care"),
    ("ExcessiveWorkingHours", "excessive_hours"),
    ("UsesChildren", "uses_children"),
    ("ThreatOfLawEnforcement", "threat_of_law_enforcement"),
    ("WithholdsNecessities", "withholds_necessities"),
    ("WithholdsDocuments", "withholds_documents"),
    ("Other", "other"),
    ("NotSpecified", UNKNOWN),
)
LABOUR_FLAGS = (
    ("Agriculture", "agriculture"),
    ("Aquafarming", "aquafarming"),
    ("Begging", "begging"),
    ("Construction", "construction"),
    ("DomesticWork", "domestic_work"),
    ("Hospitality", "hospitality"),
    ("IllicitActivities", "illicit_activities"),
    ("Manufacturing", "manufacturing"),
    ("MiningOrDrilling", "mining_or_drilling"),
    ("Peddling", "peddling"),
    ("Transportation", "transportation"),
    ("Other", "other"),
    ("NotSpecified", UNKNOWN),
)
SEX_FLAGS = (
    ("Prostitution", "prostitution"),
    ("Pornography", "pornography"),
    ("RemoteInteractiveServices", "remote_interactive_services"),
    ("PrivateSexualServices", "private_sexual_services"),
)
# Forms of exploitation the workbench splits finer than CTDC's is* flags: the flag each also sets.
# (Law 53/2024 art. 2 counts forced criminality and begging as forced labour; the purpose of
# money or property, and military service or slavery-like practices, as other inhumane purposes.)
FORCED_LABOUR_FORMS = ("illicit_activities", "forced_criminality", "begging")
# The labour sector a form of exploitation names (CTDC typeOfLabour*), for the export.
LABOUR_SECTOR_OF = {
    "illicit_activities": "illicit_activities",
    "forced_criminality": "illicit_activities",
    "begging": "begging",
}

CTDC_COLUMNS: tuple[StandardColumn, ...] = (
    StandardColumn("yearOfRegistration", "reception_date", "year"),
    StandardColumn("Datasource", "data_source", "fixed", "data_source"),
    StandardColumn("gender", "sex", "value", "sex"),
    StandardColumn("ageBroad", "age_band", "value", "age_band"),
    StandardColumn("majorityStatus", "majority_status", "value", "majority_status"),
    StandardColumn("majorityStatusAtExploit", "majority_at_exploitation", "value", "majority_status"),
    StandardColumn("majorityEntry", "majority_at_entry", "value", "majority_status"),
    StandardColumn("citizenship", "citizenship", "value", "citizenship"),
    *_flags("meansOfControl", "means_of_control", "means_of_control", MEANS_OF_CONTROL_FLAGS),
    StandardColumn("meansOfControlConcatenated", "means_of_control", "list", "means_of_control"),
    _flag("isForcedLabour", "exploitation", "forced_labour", FORCED_LABOUR_FORMS),
    _flag("isSexualExploit", "exploitation", "sexual_exploitation"),
    _flag("isOtherExploit", "exploitation", "other", ("money_or_property",)),
    # 1 when a record has both (read back as both); the two flags above are set too.
    _flag("isSexAndLabour", "exploitation", "sexual_exploitation+forced_labour"),
    _flag("isForcedMarriage", "exploitation", "forced_marriage"),
    # The workbench has no code of its own for these two: the law's "other inhumane purposes",
    # read as 'other'; written 0 for a record without 'other', empty for one with it.
    _flag("isForcedMilitary", "exploitation", "other", part=True),
    _flag("isOrganRemoval", "exploitation", "organ_removal"),
    _flag("isSlaveryAndPractices", "exploitation", "other", part=True),
    StandardColumn("typeOfExploitConcatenated", "exploitation", "list", "exploitation"),
    *_flags("typeOfLabour", "labour_sector", "labour_sector", LABOUR_FLAGS),
    StandardColumn("typeOfLabourConcatenated", "labour_sector", "list", "labour_sector"),
    *_flags("typeOfSex", "sex_exploitation_type", "sex_exploitation_type", SEX_FLAGS),
    StandardColumn("typeOfSexConcatenated", "sex_exploitation_type", "list", "sex_exploitation_type"),
    _flag("isAbduction", "recruitment", "abduction"),
    StandardColumn("RecruiterRelationship", "recruiter_relation", "list", "recruiter_relation"),
    StandardColumn("CountryOfExploitation", "destination", "value", "country"),
    _flag("recruiterRelationIntimatePartner", "recruiter_relation", "intimate_partner"),
    _flag("recruiterRelationFriend", "recruiter_relation", "friend_neighbour", ("online_contact",)),
    _flag("recruiterRelationFamily", "recruiter_relation", "family"),
    _flag("recruiterRelationOther", "recruiter_relation", "other"),
    _flag("recruiterRelationUnknown", "recruiter_relation", UNKNOWN),
)

# HTCDS v2.0 as one flat row per victim: its field names, with four the standard lacks and a
# shared file needs (marked): a key that is no case number, the year instead of a date, the age band
# instead of a birthdate. Places are the person's (mailing) city, state/province and country.
HTCDS_COLUMNS: tuple[StandardColumn, ...] = (
    StandardColumn("cas_ExportId", "victim_id", "key"),  # not in HTCDS: a key made for one export
    StandardColumn("cas_YearOfRegistration", "reception_date", "year"),  # not in HTCDS (CTDC's year)
    StandardColumn("prs_Gender", "sex", "value", "sex"),
    StandardColumn("prs_AgeBroad", "age_band", "value", "age_band"),  # not in HTCDS (CTDC's band)
    StandardColumn("prs_MajorityStatus", "majority_status", "value", "majority_status"),  # not in HTCDS
    StandardColumn("prs_Nationality", "citizenship", "value", "citizenship"),
    StandardColumn("prs_MailingCountry", "place", "place", level="country"),
    StandardColumn("prs_MailingState", "place", "place", level="province"),
    StandardColumn("prs_MailingCity", "place", "place", level="district"),
    StandardColumn("vic_TraffickingStatus", "trafficking_status", "value", "trafficking_status"),
    StandardColumn("vic_MethodOfRecruitment", "recruitment", "value", "recruitment"),
    StandardColumn("vic_RecruiterRelationship", "recruiter_relation", "value", "recruiter_relation"),
    StandardColumn("vic_TypeOfExploitation", "exploitation", "list", "exploitation"),
    StandardColumn("vic_MethodsOfControl", "means_of_control", "list", "means_of_control"),
    StandardColumn("vic_TypeOfLabourExploitation", "labour_sector", "list", "labour_sector"),
    StandardColumn("vic_LocationOfExploitation", "destination", "value", "country"),
    StandardColumn("cas_Status", "case_status", "value", "case_status"),
)

COLUMNS = {CTDC: CTDC_COLUMNS, HTCDS: HTCDS_COLUMNS}
# How several codes share a cell: CTDC's concatenated columns and HTCDS multiselect picklists.
LIST_SEPARATOR = {CTDC: ";", HTCDS: ";"}
# Column separator of the files: CTDC's releases are ';'-separated, HTCDS files are plain CSV.
DELIMITER = {CTDC: ";", HTCDS: ","}


def columns(standard: str) -> tuple[StandardColumn, ...]:
    return COLUMNS[standard]


def column(standard: str, name: str) -> StandardColumn:
    """The declaration of one of a standard's columns (matched as written, then case-folded)."""
    for col in COLUMNS[standard]:
        if col.name == name:
            return col
    for col in COLUMNS[standard]:
        if col.name.casefold() == name.strip().casefold():
            return col
    raise KeyError(name)


def flag_codes(col: StandardColumn) -> tuple[str, ...]:
    """The codes a flag column's 1 stands for (isSexAndLabour: both)."""
    return tuple((col.code or "").split("+"))


def coded(standard: str, field: str) -> frozenset[str] | None:
    """The codes of the workbench field `field` a file of `standard` can hold ('unknown' always):
    a flag family's codes, else the codes of the field's value set the standard has words for;
    None when it can hold every code (countries) or `field` is none of its columns. A code outside
    is one the standard does not code (CTDC counts online-scam compounds as forced labour)."""
    found = [c for c in COLUMNS[standard] if c.field == field]
    flags = [code for c in found if c.how == "flag" for code in flag_codes(c)]
    if flags:
        return frozenset({*flags, UNKNOWN})
    sets = {c.codeset for c in found if c.how in ("value", "list") and c.codeset}
    worded = [code for codeset in sets for code in _LABELS.get(codeset, {})]
    return frozenset({*worded, UNKNOWN}) if worded and len(sets) == 1 else None


# The standards' labels of each code, per value set: {code: (label written, other labels read)}.
# HTCDS value names (DebtBondage) and labels (Debt Bondage), CTDC's words (Friend/Acquaintance) and
# older releases' (Male/Female beside Man/Woman) all read; the first is written. A code whose label
# is missing is written with the workbench's English label.
_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "sex": {
        "female": ("Female", "Woman", "F"),
        "male": ("Male", "Man", "M"),
        "transgender_nonconforming": (
            "Transgender/NonConforming",
            "Trans/Transgender/NonConforming",
            "Transgender",
            "Non-conforming",
            "Trans",
        ),
    },
    "age_band": {
        "0-8": ("0--8", "00--08", "0-8"),
        "9-17": ("9--17", "09--17", "9-17"),
        "18-20": ("18--20", "18-20"),
        "21-23": ("21--23", "21-23"),
        "24-26": ("24--26", "24-26"),
        "27-29": ("27--29", "27-29"),
        "30-38": ("30--38", "30-38"),
        "39-47": ("39--47", "39-47"),
        "48+": ("48+", "48 +", "48 and over"),
    },
    "majority_status": {"adult": ("Adult",), "minor": ("Minor", "Child")},
    "data_source": {"case_management": ("Case Management", "Case management"), "hotline": ("Hotline",)},
    "trafficking_status": {
        "actual": (
            "ActualVictimOfTrafficking",
            "Actual victim of trafficking",
            "Actual",
            "Actual victim",
            "Victim",
            "Identified victim",
            "Confirmed",
        ),
        "possible": (
            "PossibleVictimOfTrafficking",
            "Possible victim of trafficking",
            "Possible",
            "Possible victim",
            "Potential victim",
            "Presumed victim",
            "Suspected",
        ),
        "not_victim": (
            "NotAVictimOfTrafficking",
            "Not a victim of trafficking",
            "NotAVictim",
            "Not a victim",
            "Not victim",
        ),
    },
    "case_status": {
        "active": ("Active",),
        "follow_up": ("FollowUp", "Follow Up", "Follow-up"),
        "closed": ("Closed",),
        "closed_referred": ("ClosedReferred", "Closed Referred", "Closed, referred"),
    },
    "recruiter_relation": {
        "intimate_partner": ("Intimate Partner", "IntimatePartner", "Partner", "Spouse"),
        "friend_neighbour": ("Friend/Acquaintance", "Friend", "Acquaintance", "Neighbour", "Neighbor"),
        "family": ("Family/Relative", "Family", "Relative", "Familial"),
        "other": ("Other", "Employer", "Stranger"),
    },
    "recruitment": {
        "job_offer": ("Job offer/advertisement", "JobOffer", "Job offer", "Work"),
        "intimate_partner": ("Intimate partner/marriage proposition", "Marriage proposition"),
        "marriage_broker": ("International Marriage Broker (IMB)", "Marriage broker", "IMB"),
        "internet_other": (
            "Internet (social media, online advertisement)",
            "Internet",
            "Social media",
            "Online advertisement",
        ),
        "abduction": ("Abduction", "Kidnapping"),
        "other": (
            "Other",
            "Familial",
            "Educational Facility",
            "Posing as Benefactor",
            "Public Area",
            "Offer of Accommodation",
            "Shelter",
            "Smuggling, ransom",
        ),
    },
    "exploitation": {
        "sexual_exploitation": ("Sexual exploitation", "SexualExploitation", "Sexual exploit", "Sex"),
        "forced_labour": ("Forced labour", "ForcedLabour", "Forced labor", "Labour", "Labor"),
        "forced_marriage": ("Forced marriage", "ForcedMarriage"),
        "organ_removal": ("Organ removal", "OrganRemoval", "Removal of organs"),
        "begging": ("Begging", "Forced begging", "ForcedBegging"),
        "illicit_activities": ("Illicit activities", "IllicitActivities"),
        "other": (
            "Other",
            "Other exploit",
            "Forced military service",
            "Forced military",
            "ForcedMilitaryService",
            "Slavery and practices",
            "Slavery and similar practices",
            "Illegal adoption",
            "Surrogacy",
        ),
    },
    "means_of_control": {
        "debt_bondage": ("Debt Bondage",),
        "takes_earnings": ("Takes Earnings",),
        "restricts_financial_access": ("Restricts Financial Access", "Restricts Financial Access Control"),
        "threats": ("Threats",),
        "psychological_abuse": ("Psychological Abuse",),
        "physical_abuse": ("Physical Abuse",),
        "sexual_abuse": ("Sexual Abuse",),
        "false_promises": ("False Promises",),
        "psychoactive_substances": ("Psychoactive Substances",),
        "restricts_movement": ("Restricts Movement",),
        "restricts_medical_care": ("Restricts Medical Care",),
        "excessive_hours": ("Excessive Working Hours",),
        "uses_children": ("Uses Children",),
        "threat_of_law_enforcement": ("Threat Of Law Enforcement", "Threat of law enforcement"),
        "withholds_necessities": ("Withholds Necessities",),
        "withholds_documents": ("Withholds Documents",),
        "other": ("Other",),
    },
    "labour_sector": {
        "agriculture": ("Agriculture",),
        "aquafarming": ("Aquafarming", "Fishing"),
        "begging": ("Begging",),
        "construction": ("Construction",),
        "domestic_work": ("Domestic Work",),
        "hospitality": ("Hospitality",),
        "illicit_activities": ("Illicit Activities",),
        "manufacturing": ("Manufacturing",),
        "mining_or_drilling": ("Mining Or Drilling", "Mining"),
        "peddling": ("Peddling",),
        "transportation": ("Transportation",),
        "other": ("Other",),
    },
    "sex_exploitation_type": {
        "prostitution": ("Prostitution",),
        "pornography": ("Pornography",),
        "remote_interactive_services": ("Remote Interactive Services",),
        "private_sexual_services": ("Private Sexual Services",),
    },
}


# Codes a standard has no value of its own for: written as the standard's nearest value (read back
# as that value's code). Online scam compounds and other forced crimes are both HTCDS's "illicit
# activities"; a recruiter met online is CTDC's friend/acquaintance; Facebook and Zalo are HTCDS's
# "Internet (social media)" method (HTCDS keeps the platform in a field of its own).
WRITTEN_AS = {
    "exploitation": {"forced_criminality": "illicit_activities", "money_or_property": "other"},
    "recruiter_relation": {"online_contact": "friend_neighbour"},
    "recruitment": {"social_media_facebook": "internet_other", "social_media_zalo": "internet_other"},
}


def _squash(label: str) -> str:
    return re.sub(r"[^0-9a-z+]+", "", clean_label(label))


@cache
def labels(codeset: str) -> dict[str, str]:
    """The standards' words for the codes of `codeset`, folded (`clean_label` and without spaces or
    punctuation) -> code. Every code reads by its own name too (`debt_bondage`, `DebtBondage`)."""
    found: dict[str, str] = {}
    for code in codes(codeset):
        found.setdefault(_squash(code), code)
    for code, words in _LABELS.get(codeset, {}).items():
        for word in words:
            found.setdefault(_squash(word), code)
    return found


def read_label(codeset: str, text: object) -> str | None:
    """The workbench code a standard's label stands for; 'unknown' for the standard's unknowns;
    None when the label is none the declaration knows (the caller reports it, naming the value)."""
    if is_unknown(text):
        return UNKNOWN
    if codeset in ("country", "citizenship"):
        code = clean_label(text).upper()
        countries = iso_countries()
        if code in countries:
            return code
        by_alpha3 = {c.alpha3: c.alpha2 for c in countries.values()}
        if code in by_alpha3:
            return by_alpha3[code]
    return labels(codeset).get(_squash(str(text)))


# How each standard's files spell a code, where it has its own spelling (each also read as a synonym
# in any file: every word here is in `_LABELS` once folded). One vocabulary per file, never mixed:
# - HTCDS: the picklists' *value names* (the system identifiers, "Value Names" in the HTCDS Field
#   Reference: `DebtBondage`, `IllicitActivities`, `FollowUp`), not their labels (`Debt Bondage`);
#   where the standard's value name is itself words (`Forced labour`, `Job offer/advertisement`),
#   those words. `HTCDS_PICKLISTS` lists them; a test checks every value written against it.
# - CTDC: its codebook's words, in sentence case as its releases write them (`Debt bondage`,
#   `Domestic work`, `Friend/Acquaintance`); `CTDC_VALUES` lists them.
WRITTEN_IN: dict[str, dict[str, dict[str, str]]] = {
    HTCDS: {
        "means_of_control": {
            "debt_bondage": "DebtBondage",
            "takes_earnings": "TakesEarnings",
            "restricts_financial_access": "RestrictsFinancialAccess",
            "threats": "Threats",
            "psychological_abuse": "PsychologicalAbuse",
            "physical_abuse": "PhysicalAbuse",
            "sexual_abuse": "SexualAbuse",
            "false_promises": "FalsePromises",
            "psychoactive_substances": "PsychoactiveSubstances",
            "restricts_movement": "RestrictsMovement",
            "restricts_medical_care": "RestrictsMedicalCare",
            "excessive_hours": "ExcessiveWorkingHours",
            "uses_children": "UsesChildren",
            "threat_of_law_enforcement": "ThreatOfLawEnforcement",
            "withholds_necessities": "WithholdsNecessities",
            "withholds_documents": "WithholdsDocuments",
            "other": "Other",
        },
        "labour_sector": {
            "agriculture": "Agriculture",
            "aquafarming": "Aquafarming",
            "begging": "Begging",
            "construction": "Construction",
            "domestic_work": "DomesticWork",
            "hospitality": "Hospitality",
            "illicit_activities": "IllicitActivities",
            "manufacturing": "Manufacturing",
            "mining_or_drilling": "MiningOrDrilling",
            "peddling": "Peddling",
            "transportation": "Transportation",
            "other": "Other",
        },
        "trafficking_status": {
            "actual": "ActualVictimOfTrafficking",
            "possible": "PossibleVictimOfTrafficking",
            "not_victim": "NotAVictimOfTrafficking",
        },
    },
    CTDC: {
        "means_of_control": {
            "debt_bondage": "Debt bondage",
            "takes_earnings": "Takes earnings",
            "restricts_financial_access": "Restricts financial access",
            "threats": "Threats",
            "psychological_abuse": "Psychological abuse",
            "physical_abuse": "Physical abuse",
            "sexual_abuse": "Sexual abuse",
            "false_promises": "False promises",
            "psychoactive_substances": "Psychoactive substances",
            "restricts_movement": "Restricts movement",
            "restricts_medical_care": "Restricts medical care",
            "excessive_hours": "Excessive working hours",
            "uses_children": "Uses children",
            "threat_of_law_enforcement": "Threat of law enforcement",
            "withholds_necessities": "Withholds necessities",
            "withholds_documents": "Withholds documents",
            "other": "Other",
        },
        "labour_sector": {
            "agriculture": "Agriculture",
            "aquafarming": "Aquafarming",
            "begging": "Begging",
            "construction": "Construction",
            "domestic_work": "Domestic work",
            "hospitality": "Hospitality",
            "illicit_activities": "Illicit activities",
            "manufacturing": "Manufacturing",
            "mining_or_drilling": "Mining or drilling",
            "peddling": "Peddling",
            "transportation": "Transportation",
            "other": "Other",
        },
        "sex_exploitation_type": {
            "prostitution": "Prostitution",
            "pornography": "Pornography",
            "remote_interactive_services": "Remote interactive services",
            "private_sexual_services": "Private sexual services",
        },
    },
}

# The values the standards define for the columns the export writes, as their sources spell them:
# what a partner's tools accept. Every value the export writes is one of these or empty (the
# standards' "not known"); tests/test_standards.py checks every code of every value set against them.
# HTCDS: the Field Reference's value names (UNMigration/HTCDS, "HTCDS Field Reference.md"; the
# trafficking status from its survey toolkit, `Toolkit/Survey/htcds_xlsform.xml`). The columns the
# workbench adds to HTCDS (marked in HTCDS_COLUMNS) take CTDC's values for the same field.
_MEANS = tuple(WRITTEN_IN[HTCDS]["means_of_control"].values())
_SECTORS = tuple(WRITTEN_IN[HTCDS]["labour_sector"].values())
_CTDC_BANDS = ("0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+")
_CTDC_RELATIONS = ("Intimate Partner", "Friend/Acquaintance", "Family/Relative", "Other")
HTCDS_PICKLISTS: dict[str, frozenset[str]] = {
    "prs_Gender": frozenset({"Male", "Female", "Transgender/NonConforming", "Unknown"}),
    "prs_AgeBroad": frozenset(_CTDC_BANDS),  # CTDC's ageBroad
    "prs_MajorityStatus": frozenset({"Adult", "Minor"}),  # CTDC's majorityStatus
    "vic_TraffickingStatus": frozenset(WRITTEN_IN[HTCDS]["trafficking_status"].values()),
    "vic_MethodOfRecruitment": frozenset(
        {
            "Abduction",
            "Educational Facility",
            "Familial",
            "Internet (social media, online advertisement)",
            "International Marriage Broker (IMB)",
            "Intimate partner/marriage proposition",
            "Job offer/advertisement",
            "Posing as Benefactor",
            "Public Area",
            "Offer of Accommodation",
            "Shelter",
            "Smuggling, ransom",
            "Work",
            "Other",
            "Unknown",
        }
    ),
    "vic_RecruiterRelationship": frozenset(_CTDC_RELATIONS),  # CTDC's RecruiterRelationship
    "vic_TypeOfExploitation": frozenset(
        {
            "Forced labour",
            "Sexual exploitation",
            "Forced marriage",
            "Forced military service",
            "Slavery and similar practices",
            "Organ removal",
            "Begging",
            "Illicit activities",
            "Other",
        }
    ),
    "vic_MethodsOfControl": frozenset(_MEANS),
    "vic_TypeOfLabourExploitation": frozenset(_SECTORS),
    "cas_Status": frozenset({"Active", "FollowUp", "Closed", "ClosedReferred"}),
}
# CTDC: its codebook's values of the columns the export writes words in.
CTDC_VALUES: dict[str, frozenset[str]] = {
    "Datasource": frozenset({"Case Management", "Hotline"}),
    "gender": frozenset({"Female", "Male", "Transgender/NonConforming"}),
    "ageBroad": frozenset(_CTDC_BANDS),
    "majorityStatus": frozenset({"Adult", "Minor"}),
    "majorityStatusAtExploit": frozenset({"Adult", "Minor"}),
    "majorityEntry": frozenset({"Adult", "Minor"}),
    "meansOfControlConcatenated": frozenset(WRITTEN_IN[CTDC]["means_of_control"].values()),
    "typeOfExploitConcatenated": frozenset(
        {
            "Forced labour",
            "Sexual exploitation",
            "Other",
            "Forced marriage",
            "Forced military",
            "Organ removal",
            "Slavery and similar practices",
        }
    ),
    "typeOfLabourConcatenated": frozenset(WRITTEN_IN[CTDC]["labour_sector"].values()),
    "typeOfSexConcatenated": frozenset(WRITTEN_IN[CTDC]["sex_exploitation_type"].values()),
    "RecruiterRelationship": frozenset(_CTDC_RELATIONS),
}


def write_label(codeset: str, code: str, standard: str | None = None) -> str:
    """The label `standard`'s file carries for a workbench code ('' for unknown: CTDC's missing)."""
    if code == UNKNOWN or code is None:
        return ""
    if codeset in ("country", "citizenship"):
        return code if code != "stateless" else "Stateless"
    code = WRITTEN_AS.get(codeset, {}).get(code, code)
    own = WRITTEN_IN.get(standard or "", {}).get(codeset, {}).get(code)
    if own:
        return own
    words = _LABELS.get(codeset, {}).get(code)
    if words:
        return words[0]
    return label(codeset, code, "en")


def synonyms(codeset: str) -> dict[str, str]:
    """Every standard label of `codeset` as written -> code: for the importer's own lookup."""
    return {word: code for code, words in _LABELS.get(codeset, {}).items() for word in words}
