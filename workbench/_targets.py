"""Programme targets, declared as data (`data/reference/programme_targets.csv`), measured against
the records: each indicator's target from the 2021-2025 (Decision 193/QĐ-TTg) or 2026-2030
(Decision 33/QĐ-TTg) programme, with its source and whether its text was confirmed, beside the value
the workbench measures for a period.

Measures read the query helpers of the connection they are given (`db.funnel`, `db.events`), so a
publish-mode connection measures from released counts only: a share whose counts were withheld is
withheld too.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
from pathlib import Path

import pandas as pd

from ._errors import DataFileError, InvalidFilterError, UnknownCodeError, unknown_value
from ._filters import Filters
from ._labels import data_to, year_range
from ._paths import REFERENCE_DIR
from ._text import format_number
from ._units import REFORM_DATE, units_2025
from ._words import TARGET_WORDS, date_text

TARGETS_FILE = "programme_targets.csv"
COLUMNS = (
    "indicator",
    "programme",
    "first_year",
    "last_year",
    "decision",
    "measure",
    "target_value",
    "unit",
    "status",
    "label_vi",
    "label_en",
    "measured_how",
    "source",
)
# The columns of what `measure_targets` returns, a row per indicator (none: no programme in the period).
MEASURED_COLUMNS = (
    "indicator",
    "indicator_label",
    "programme",
    "decision",
    "target_value",
    "unit",
    "status",
    "uncertain",
    "years_measured",
    "numerator",
    "denominator",
    "measured",
    "measured_display",
    "measured_how",
    "source",
    "measured_from",
    "measured_to",
    "months_measured",
    "months_in_programme",
    "partial",
    "target_display",
    "period_note",
)
STATUSES = ("confirmed", "uncertain")
UNITS = ("percent",)


def _word(key: str, lang: str) -> str:
    vi, en = TARGET_WORDS[key]
    return vi if lang == "vi" else en


@functools.cache
def _read(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DataFileError(
                f"{path.name}: the header is {reader.fieldnames}; expected {', '.join(COLUMNS)}.",
                given=str(reader.fieldnames),
            )
        rows = list(reader)
    for line, row in enumerate(rows, start=2):
        for column, valid in (("measure", tuple(MEASURES)), ("status", STATUSES), ("unit", UNITS)):
            if row[column] not in valid:
                raise unknown_value(
                    DataFileError,
                    column,
                    row[column],
                    valid,
                    lead=f"{path.name}, line {line}, column {column!r}",
                )
        for column in ("first_year", "last_year", "target_value"):
            try:
                float(row[column])
            except ValueError:
                raise DataFileError(
                    f"{path.name}, line {line}, column {column!r}: {row[column]!r} is not a number.",
                    given=row[column],
                ) from None
        if not row["source"].strip():
            raise DataFileError(f"{path.name}, line {line}: every target needs its source.", given="")
    return tuple(rows)


def programme_targets(path: str | Path | None = None) -> pd.DataFrame:
    """The declared targets, one row per indicator and programme, as the file holds them."""
    rows = _read(Path(path) if path is not None else REFERENCE_DIR / TARGETS_FILE)
    frame = pd.DataFrame(list(rows), columns=list(COLUMNS))
    for column in ("first_year", "last_year"):
        frame[column] = frame[column].astype("int64")
    frame["target_value"] = frame["target_value"].astype("float64")
    return frame


def _period(period) -> tuple[int, int] | None:
    if period is None:
        return None
    if isinstance(period, str):  # '2021-2025', as the programmes are named
        parts = period.replace("–", "-").split("-")
        if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
            return int(parts[0]), int(parts[1])
        raise InvalidFilterError(
            f"A period is two years, (2021, 2025) or '2021-2025'; {period!r} was given.", given=period
        )
    first, last = period
    return int(first), int(last)


# ---- measures: (numerator, denominator, the frames they came from); None where withheld ---------


def _supported_of_identified(db, years: tuple[int, int], lang: str):
    funnel = db.funnel(Filters(years=years), lang=lang)
    people = dict(zip(funnel["stage"], funnel["people"], strict=True))
    return people["supported"], people["identified"], [funnel], years


def _units_with_events(db, years: tuple[int, int], lang: str):
    if years[1] < REFORM_DATE.year:  # events name their commune/ward from 1 July 2025 only
        return None, None, [], years
    # by place as recorded: from the reform on, the commune/ward each event names
    chosen = Filters(years=(max(years[0], REFORM_DATE.year), years[1]))
    events = db.events(chosen, by="district", lang=lang, geography="recorded")
    units = {u.code for u in units_2025()}
    places = zip(events["district_code"].tolist(), events["events"].tolist(), strict=True)
    reached = {int(code) for code, n in places if n and int(code) in units}
    # Measured from the reform on only: the period says so (01/07/2025–), not the programme's years.
    return len(reached), len(units), [events], (max(years[0], REFORM_DATE.year), years[1])


MEASURES = {
    "supported_of_identified": _supported_of_identified,
    "units_with_events": _units_with_events,
}


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def _share(numerator, denominator) -> float:
    if _missing(numerator) or _missing(denominator) or not denominator:
        return math.nan
    return 100.0 * float(numerator) / float(denominator)


def _data_end(db) -> dt.date | None:
    """The last day the data cover, as the footers say it (`_labels.data_to`): the extract date,
    or later once files were imported."""
    return data_to(getattr(db, "metadata", {}))


def _months(first: dt.date, last: dt.date) -> int:
    """Whole months from `first` to `last` (both days in), a part month counted as a month."""
    return max((last.year - first.year) * 12 + last.month - first.month + 1, 0)


def period_text(first: dt.date, last: dt.date, lang: str = "vi") -> str:
    """'2021–2025' for whole years, else the days as each language writes a date
    (`_labels.date_text`): '01/07/2025–31/12/2025', '1 July 2025 – 31 December 2025' (a range of
    words spaced about its en dash)."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return f"{first.year}–{last.year}"
    dash = "–" if lang == "vi" else " – "
    return f"{date_text(first, lang)}{dash}{date_text(last, lang)}"


def decision_text(decision: str, lang: str = "vi") -> str:
    """A programme's decision as the targets file gives it ('193/QĐ-TTg (09/02/2021)') as each
    language names it: 'QĐ 193/QĐ-TTg (09/02/2021)', 'Decision 193/QĐ-TTg (9 February 2021)'."""
    number, _, rest = str(decision).partition(" (")
    signed = rest.removesuffix(")")
    try:
        day = dt.datetime.strptime(signed, "%d/%m/%Y").date()
    except ValueError:
        return f"{_word('decision', lang)} {decision}"
    return f"{_word('decision', lang)} {number} ({date_text(day, lang)})"


def _measured_period(over: tuple[int, int], start: dt.date | None, end: dt.date | None):
    """The days a measure covers: its years, from the day it starts (the reform) to the data's end."""
    first = max(dt.date(over[0], 1, 1), start) if start else dt.date(over[0], 1, 1)
    last = dt.date(over[1], 12, 31)
    return first, min(last, end) if end is not None and end >= first else last


def measure_targets(db, period=None, *, lang: str = "vi", path: str | Path | None = None) -> pd.DataFrame:
    """Each indicator's target and what the records measure for it: for `period` (two years, or
    a programme's name '2021-2025'), the indicators of every programme overlapping it, each measured
    over the overlap; without one, each programme over its own years. Columns: indicator,
    indicator_label, programme, decision, target_value, unit, status, uncertain, years_measured,
    numerator, denominator, measured (a percentage; missing where withheld or without data),
    measured_display, measured_how, source."""
    if lang not in ("vi", "en"):
        raise unknown_value(UnknownCodeError, "lang", lang, ("vi", "en"))
    chosen = _period(period)
    targets = programme_targets(path)
    data_end = _data_end(db)
    rows, frames = [], []
    for target in targets.itertuples(index=False):
        first, last = int(target.first_year), int(target.last_year)
        if chosen is not None:
            first, last = max(first, chosen[0]), min(last, chosen[1])
            if first > last:
                continue
        numerator, denominator, used, over = MEASURES[target.measure](db, (first, last), lang)
        # The days measured against the programme's: a part period says so and how much of it.
        starts = REFORM_DATE if over[0] == REFORM_DATE.year > first else None
        measured_from, measured_to = _measured_period(over, starts, data_end)
        programme_from = dt.date(int(target.first_year), 1, 1)
        programme_to = dt.date(int(target.last_year), 12, 31)
        partial = measured_from > programme_from or measured_to < programme_to
        months, in_programme = _months(measured_from, measured_to), _months(programme_from, programme_to)
        target_shown = format_number(float(target.target_value), lang=lang) + "%"
        note = ""
        if partial:
            # A share is a level to hold all along, not a total accruing: the whole programme's
            # target, labelled so, not a pro-rated one (docs/analysts.md, Programme targets).
            target_shown += f" ({_word('whole_programme', lang)})"
            note = _word("partial_note", lang).format(
                label=target.label_vi if lang == "vi" else target.label_en,
                period=period_text(measured_from, measured_to, lang),
                months=months,
                total=in_programme,
                programme=year_range(target.programme),
            )
        frames += used
        measured = _share(numerator, denominator)
        withheld = bool(used) and (_missing(numerator) or _missing(denominator))
        if withheld:
            shown = _word("withheld", lang)
        elif math.isnan(measured):
            shown = _word("no_data", lang)
        else:
            shown = format_number(measured, lang=lang, decimals=0) + "%"
        rows.append(
            {
                "indicator": target.indicator,
                "indicator_label": target.label_vi if lang == "vi" else target.label_en,
                "programme": target.programme,
                "decision": target.decision,
                "target_value": float(target.target_value),
                "unit": target.unit,
                "status": target.status,
                "uncertain": target.status == "uncertain",
                "years_measured": (
                    f"{date_text(REFORM_DATE, lang)}{'–' if lang == 'vi' else ' – '}{over[1]}"
                    if over[0] == REFORM_DATE.year > first
                    else f"{over[0]}–{over[1]}"
                ),
                "numerator": math.nan if _missing(numerator) else float(numerator),
                "denominator": math.nan if _missing(denominator) else float(denominator),
                "measured": measured,
                "measured_display": shown,
                "measured_how": target.measured_how,
                "source": target.source,
                "measured_from": measured_from,
                "measured_to": measured_to,
                "months_measured": months,
                "months_in_programme": in_programme,
                "partial": partial,
                "target_display": target_shown,
                "period_note": note,
            }
        )
    out = pd.DataFrame(rows, columns=list(MEASURED_COLUMNS))
    victims = [f for f in frames if f.attrs.get("kind") == "victims"]
    years = (int(targets["first_year"].min()), int(targets["last_year"].max()))
    out.attrs.update(
        kind="victims" if victims else "events",
        table="targets",
        lang=lang,
        sql="\n;\n".join(str(f.attrs.get("sql", "")) for f in frames),
        params={},
        filters=Filters(years=chosen or years),
        mode=getattr(db, "mode", "internal"),
        sources=frames,
        # the data its footer names, from the tables it measured (a funnel's, events')
        data_about=next((f.attrs["data_about"] for f in frames if f.attrs.get("data_about")), {}),
        # for the footer of the figure and table drawn from it: the rule once, then each part period
        period_notes=(
            [_word("partial_rule", lang), *(n for n in out["period_note"] if n)]
            if out["partial"].any()
            else []
        ),
    )
    for frame in victims[:1]:  # how a released count was protected: the rule goes in the footer
        if "protected" in frame.attrs:
            out.attrs["protected"] = frame.attrs["protected"]
    return out


def targets_table(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The targets as a table to print (the briefing pack's page): indicator (starred when its
    target text is not confirmed), programme, target, measured, source."""
    table = pd.DataFrame(
        {
            _word("indicator", lang): [
                f"{name}{' (*)' if uncertain else ''}"
                for name, uncertain in zip(frame["indicator_label"], frame["uncertain"], strict=True)
            ],
            _word("programme", lang): [
                f"{year_range(p)}, {decision_text(d, lang)}"
                for p, d in zip(frame["programme"], frame["decision"], strict=True)
            ],
            _word("target", lang): list(frame["target_display"]),
            # the days measured, a part period marked so (its note is under the table)
            _word("measured", lang): [
                f"{m} ({period_text(a, b, lang)}{', ' + _word('partial', lang) if part else ''})"
                for m, a, b, part in zip(
                    frame["measured_display"],
                    frame["measured_from"],
                    frame["measured_to"],
                    frame["partial"],
                    strict=True,
                )
            ],
        }
    )
    table.index = range(1, len(table) + 1)
    return table
