"""Words on figures, in Vietnamese (default) and English, and the one footer every figure carries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import numbers
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._districts import districts
from ._errors import UnknownCodeError, unknown_value
from ._kinds import KINDS, WITHHELD_MEASURE_NAMES, withheld_in_publish
from ._text import format_number
from ._units import geography_note
from ._words import PEOPLE_COUNTED, TEXT, date_text

LANGS = ("vi", "en")


def text(key: str, lang: str = "vi") -> str:
    """The label for `key` in `lang` ('vi' or 'en'); an unknown key is a programming error. Every
    figure and table names its columns through here, so an unknown `lang` is refused here, once for
    all of them ('de' gave English, as if it had been asked for)."""
    vi, en = TEXT[key]
    return vi if check_lang(lang) == "vi" else en


def check_lang(lang: object) -> str:
    """`lang` when it is 'vi' or 'en'; anything else refused, naming both."""
    if lang not in LANGS:
        raise unknown_value(UnknownCodeError, "lang", lang, LANGS)
    return str(lang)


# The count scope (_query.count_scope) of a count of identified victims only.
IDENTIFIED_ONLY = frozenset({("trafficking_status", "actual")})


def counts_other_statuses(data: pd.DataFrame | Iterable[pd.DataFrame] | None) -> bool:
    """Whether a victim table counts people other than identified victims (statuses chosen or
    grouped by): then its counts are of people received, not of victims."""
    if data is None:
        return False
    return any(
        f.attrs.get("kind") == "victims" and f.attrs.get("count_scope", IDENTIFIED_ONLY) != IDENTIFIED_ONLY
        for f in as_frames(data)
    )


def measure_text(
    measure: str, data: pd.DataFrame | Iterable[pd.DataFrame] | None = None, lang: str = "vi"
) -> str:
    """The label of a measure drawn from `data`: a victim count says whom it counted — identified
    victims ("Số nạn nhân được xác định") by default, people received when other statuses are in."""
    if measure in PEOPLE_COUNTED and counts_other_statuses(data):
        vi, en = PEOPLE_COUNTED[measure]
        return vi if lang == "vi" else en
    return text(measure, lang) if measure in TEXT else measure  # a column of one's own: its name


def title(
    measure: str,
    by: str | None = None,
    lang: str = "vi",
    data: pd.DataFrame | Iterable[pd.DataFrame] | None = None,
) -> str:
    """'Lượt người tham dự theo năm' / 'Attendees by year'."""
    words = measure_text(measure, data, lang)
    return f"{words} {text('by', lang)} {text(by, lang).lower()}" if by else words


def population_note(lang: str = "vi") -> str:
    """'Mẫu số: dân số ước tính năm 2019 (cả thành phố 1.235.171)': denominators say what they are."""
    from ._text import format_number

    rows = districts()
    years = sorted({d.population_year for d in rows})
    estimate = any(d.population_is_estimate for d in rows)
    year_text = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    total = format_number(sum(d.population for d in rows), lang=lang)
    kind = f"{text('estimated', lang)} " if estimate else ""
    return text("population_note", lang).format(estimate=kind, years=year_text, total=total)


def as_frames(data: pd.DataFrame | Iterable[pd.DataFrame]) -> list[pd.DataFrame]:
    """A table, or tables, as a list of tables."""
    return [data] if isinstance(data, pd.DataFrame) else list(data)


def withheld_columns(frame: pd.DataFrame) -> list[str]:
    """Columns named as counts publish mode withholds: about victims, a withheld kind's measure
    (`cases`, `contacts`, `services`...) or the funnel's `people`."""
    names = [str(column) for column in frame.columns]
    return [n for n in names if "victim" in n.lower() or n.lower() in WITHHELD_MEASURE_NAMES or n == "people"]


# The columns and rows a table had when the workbench handed it over: a column added or renamed,
# or a cell given another value, after is not the query's, and publish mode protected none of it (a
# victims count added to a published table as `total` was drawn and published, its withheld cells
# with it).
AS_GIVEN = "as_given"


def attrs_for_new_table(source: pd.DataFrame, *, drop: tuple[str, ...] = ("sql", "params")) -> dict:
    """The attrs a table the workbench builds from `source` carries (its kind, filters, mode,
    protection): not the record of what `source` was as given, which is not the new table's (note
    the new table itself), nor its seal, nor, by default, the query `source` came from."""
    return {k: v for k, v in source.attrs.items() if k not in (*drop, AS_GIVEN, SEAL)}


def _cell(value) -> float | str | None:
    """A cell as recorded: missing as None, numbers as floats (an int read back as float is the
    same number), anything else as text (a status, a `<5` shown, a name)."""
    if value is None:
        return None
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):  # numpy's too
        return None if value != value else float(value)
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(_cell(v) for v in row) for row in frame.itertuples(index=False, name=None)]


def note_as_given(result, *, published: bool = False):
    """Record on each table returned (a frame, or a list of frames) its columns and its rows as
    given: what a publish-mode table holds is published already, so this holds nothing more.
    `published` (publish mode's own tables): each one saying it is publish mode's is sealed."""
    frames = [result] if isinstance(result, pd.DataFrame) else result if isinstance(result, list) else []
    for frame in frames:
        if isinstance(frame, pd.DataFrame):
            frame.attrs[AS_GIVEN] = (tuple(str(c) for c in frame.columns), tuple(_rows(frame)))
            frame.attrs.pop(SEAL, None)
            if published and frame.attrs.get("mode") == "publish":
                frame.attrs[SEAL] = _seal_of(frame)
    return result


# A publish-mode table says so in attrs["mode"], which anyone can set: an internal victims table
# given mode "publish" was drawn with no internal band and exported as published, its counts below
# k with it (found by an attacker on 7 Dec 2026). So publish mode seals each table it hands over:
# a keyed digest of its kind, release, selection and rows as given, under a key this process made
# and holds (an export noted a file under whatever releases the attrs named, found the same day). A
# table is publish mode's only when it carries that seal for those rows (and rows chosen from it
# keep it: `changed_columns`). A table unpickled in another process is taken for exact counts.
SEAL = "published_seal"
_SEAL_KEY = secrets.token_bytes(32)


# What a seal vouches for besides the rows: every attr the table carries (but the seal), read whole.
# Named one by one, the attrs left out were set by hand: `protected` set to exact counts had a
# heatmap of them exported as published, and the query, the places' notes and the database named
# put false provenance, and any text, into a published file's sidecar and footer (found by
# attackers on 7 Dec 2026). What the workbench sets on a sealed table it seals again
# (`sealed_like`).
def _canonical(value: object) -> object:
    """`value` as a seal reads it: a frame by its columns, index and cells; a dataclass (the
    published table) by its fields; a mapping, set or sequence by what it holds; anything else as
    it is."""
    if isinstance(value, pd.DataFrame):
        return ("frame", tuple(map(str, value.columns)), tuple(map(str, value.index)), tuple(_rows(value)))
    if isinstance(value, (set, frozenset)):  # in an order of its own: a copy may iterate otherwise
        return ("set", tuple(sorted(repr(_canonical(v)) for v in value)))
    if isinstance(value, Mapping):
        return ("map", tuple((repr(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canonical(v) for v in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, tuple((f.name, _canonical(getattr(value, f.name))) for f in fields))
    return value


def _seal_of(frame: pd.DataFrame) -> str:
    # the rows as given are plain tuples of numbers and text: read as they are (a large table's)
    sealed = tuple(
        (str(name), value if name == AS_GIVEN else _canonical(value))
        for name, value in sorted(frame.attrs.items(), key=lambda item: str(item[0]))
        if name != SEAL
    )
    return hmac.new(_SEAL_KEY, repr(sealed).encode(), hashlib.blake2b).hexdigest()


def sealed_like(out: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """`out`, made by the workbench from `source` (rows of it, its attrs said anew), sealed as
    publish mode's where `source` is: a published pack's figure of some statuses."""
    out.attrs.pop(SEAL, None)
    if is_published(source):
        out.attrs[SEAL] = _seal_of(out)
    return out


def is_published(frame: pd.DataFrame) -> bool:
    """Whether publish mode handed this table over, as it says (`attrs["mode"]`) and its seal shows."""
    seal = frame.attrs.get(SEAL)
    return (
        frame.attrs.get("mode") == "publish"
        and isinstance(seal, str)
        and frame.attrs.get(AS_GIVEN) is not None
        and hmac.compare_digest(seal, _seal_of(frame))
    )


def changed_columns(frame: pd.DataFrame) -> list[str]:
    """Columns added, renamed or given other values after the workbench handed the table over:
    anyone's counts, so a chart helper drawing it marks its Axes exact and no publish-mode export
    takes it. Rows chosen or reordered and columns dropped keep the table as given; a row is
    checked whole, so a withheld cell set in place to its exact count is found even where that
    number is published in another row (an `x` filled with 8 beside a published 8, or with 0),
    and counted, so a row that comes more often than it was given is new too.
    (Tables the workbench derives for display keep the attrs of their source; they are not drawn
    from.)"""
    given = frame.attrs.get(AS_GIVEN)
    if given is None:
        return []
    columns, rows = given
    names = [str(c) for c in frame.columns]
    added = [n for n in names if n not in columns]
    if added or len(set(names)) != len(names):
        return added or names
    where = [columns.index(n) for n in names]
    # Counted, not only looked up: with its keys dropped, a withheld row set to the values of a
    # published one would otherwise pass as that row (two rows of 8 where one was given).
    left = Counter(tuple(row[i] for i in where) for row in rows)
    changed = []
    for row in _rows(frame):
        if left[row] > 0:
            left[row] -= 1
        else:
            changed.append(row)
    if not changed:
        return []
    # name the columns whose values are new to them; a row rearranged names every column
    seen = [{row[i] for row in rows} for i in where]
    named = [n for j, n in enumerate(names) if any(row[j] not in seen[j] for row in changed)]
    return named or names


def drawn_exact(data: pd.DataFrame | Iterable[pd.DataFrame]) -> bool:
    """Whether a chart drawn from `data` shows exact counts: an internal table (`is_internal`), or
    a table with columns added after the query."""
    return is_internal(data) or any(changed_columns(f) for f in as_frames(data))


def shows_exact(frame: pd.DataFrame) -> bool:
    """Whether a table holds exact counts publish mode withholds, so a figure of it is internal.

    Internal mode: a table of a withheld kind (victims, support, cases, hotline), ad hoc SQL that
    read such records, or a table with a column named as such a count (its kind is unknown, or
    it is another kind's: a victims column copied onto an events table kept `kind="events"` and
    was published). Publish mode protected its own kind's counts and no other: a column named as a
    withheld count in a publish-mode table of another kind came from elsewhere, so it is exact."""
    kind = frame.attrs.get("kind")
    if not is_published(frame):
        # An unsealed table is trusted no further than its record of how it was handed over: ad
        # hoc SQL that read withheld records, or a table with no such record (made by hand), holds
        # exact counts whatever kind it is then said to be (`kind = "events"` set on either was
        # drawn and exported as published: found by an attacker on 7 Dec 2026).
        if frame.attrs.get("reads_withheld"):
            return True
        if frame.attrs.get(AS_GIVEN) is None:
            return True
        # Saying it is publish mode's, of a kind, with no seal that holds: its attrs were set after
        # publish mode handed it over (another table's release, a kind given to ad hoc SQL).
        if frame.attrs.get("mode") == "publish" and kind is not None:
            return True
    if kind is None:
        if "sql" in frame.attrs:  # ad hoc SQL: what it read decides (publish mode's reads no record withheld)
            # and what it calls its columns: `SELECT 3 AS victims` counts no record, and is no
            # published count either
            return bool(frame.attrs.get("reads_withheld")) or bool(withheld_columns(frame))
        # No query behind it that the workbench knows of: attrs lost to a pandas step (a pivot, a
        # merge, to_dict) or a table made by hand. Its counts may be anyone's: taken for exact.
        return True
    protected_here = withheld_in_publish(kind)
    if is_published(frame):
        return not protected_here and bool(withheld_columns(frame))
    return protected_here or bool(withheld_columns(frame))


def is_internal(data: pd.DataFrame | Iterable[pd.DataFrame]) -> bool:
    """Exact victim counts on the figure: the 'internal' stamp goes on it. Event counts are never
    suppressed, so an events-only figure carries no stamp whatever the connection's mode."""
    return any(shows_exact(f) for f in as_frames(data))


def reaches_reform(frame: pd.DataFrame) -> bool:
    """Whether a table's period reaches past 1 July 2025, when districts gave way to the new units:
    only then does the way places were counted across the reform change anything."""
    from ._units import REFORM_DATE

    filters = frame.attrs.get("filters")
    years = getattr(filters, "years", None)
    if years:
        return years[1] >= REFORM_DATE.year
    if "year" in frame.columns and len(frame):
        return int(pd.to_numeric(frame["year"]).max()) >= REFORM_DATE.year
    return True  # no period stated: say how places were counted


def _adhoc(frame: pd.DataFrame) -> bool:
    """No filters say what the table selects: an ad hoc query's result (`db.sql`, its SQL known),
    or a table of one's own (made by hand, or joined from tables whose attrs pandas dropped)."""
    return frame.attrs.get("filters") is None and ("sql" in frame.attrs or "kind" not in frame.attrs)


def _own_table(frame: pd.DataFrame) -> bool:
    """A table made by hand (or joined from tables whose attrs pandas dropped): no query's."""
    return _adhoc(frame) and "sql" not in frame.attrs


def period_text(data: pd.DataFrame | Iterable[pd.DataFrame], lang: str = "vi") -> str:
    """'2016–2020', '2021', or 'mọi năm' / 'all years' when no years were chosen. Ad hoc SQL
    chose its years in its text: the years its results hold, or nothing said (never 'all years')."""
    frames = as_frames(data)
    for frame in frames:
        years = getattr(frame.attrs.get("filters"), "years", None)
        if years:
            return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
    if frames and all(_adhoc(frame) for frame in frames):
        columns = [pd.to_numeric(f["year"], errors="coerce").dropna() for f in frames if "year" in f.columns]
        held = sorted({int(y) for column in columns for y in column})
        if not held:
            return ""
        return str(held[0]) if held[0] == held[-1] else f"{held[0]}–{held[-1]}"
    return text("all_years", lang)


def selection_text(data: pd.DataFrame | Iterable[pd.DataFrame], lang: str = "vi") -> str:
    """The selection a figure shows, for its title: the places chosen (or the whole city) and any
    other filter that applies, e.g. 'Ninh Kiều, Cờ Đỏ · Loại hoạt động: Phát tờ rơi'."""
    from ._filters import Filters

    places, others = [], []
    for frame in as_frames(data):
        filters, kind = frame.attrs.get("filters"), frame.attrs.get("kind")
        if filters is None:
            continue
        applicable = KINDS[kind].filter_fields if kind in KINDS else None
        for name, value in filters.active(applicable).items():
            if name == "years":
                continue
            one = Filters(**{"provinces": filters.provinces, name: value})
            described = one.describe(lang, (name,))
            if name in ("districts", "provinces"):
                described = described.split(": ", 1)[1]  # the names say what they are
                if described not in places:
                    places.append(described)
            elif described not in others:
                others.append(described)
    if not places and any(_adhoc(frame) for frame in as_frames(data)):
        # Ad hoc SQL picks its places in its text: the title says so, never 'the whole city'
        # (the footer lists its parameters); a table of one's own says it is one.
        sql = any("sql" in frame.attrs for frame in as_frames(data))
        places.append(text("adhoc" if sql else "own_table", lang))
    return " · ".join([", ".join(places) or text("whole_city", lang), *others])


def subtitle(data: pd.DataFrame | Iterable[pd.DataFrame], lang: str = "vi") -> str:
    """The second line of a figure's title: period and selection, '2016–2020 · Ninh Kiều'."""
    return " · ".join(part for part in (period_text(data, lang), selection_text(data, lang)) if part)


def filters_text(data: pd.DataFrame | Iterable[pd.DataFrame], lang: str = "vi") -> str:
    """The filters behind query results, each described once, only with fields that apply to it."""
    seen: list[str] = []
    for frame in as_frames(data):
        filters, kind = frame.attrs.get("filters"), frame.attrs.get("kind")
        if filters is not None:
            applicable = KINDS[kind].filter_fields if kind in KINDS else None
            described = filters.describe(lang, applicable)
        elif "sql" in frame.attrs:  # an ad hoc query: its parameters are its filters
            values = ", ".join(f"{k} = {v}" for k, v in (frame.attrs.get("params") or {}).items())
            described = f"{text('adhoc', lang)}" + (f" ({values})" if values else "")
        else:
            continue
        if described not in seen:
            seen.append(described)
    return " | ".join(seen) if seen else filters_none(lang)


def filters_none(lang: str) -> str:
    return text("no_filters", lang)


def year_range(words: object) -> str:
    """Shown text with every range of years written with the en dash ('2021-2025' -> '2021–2025'),
    as every title and footer writes them; a code or a name keeps its hyphens elsewhere."""
    return re.sub(r"(?<!\d)(\d{4})-(\d{4})(?!\d)", "\\1–\\2", str(words))


def data_to(meta: Mapping[str, str]) -> dt.date | None:
    """The last day the data cover, as every footer says it: the latest of the extract date and,
    once files were imported, the day of the last import and the last event's date (`data_to`,
    written by every build and import, see `_build.stamp_data_to`); the extract date alone in a
    database built before it was kept. None when neither is a date."""
    for key in ("data_to", "generated_on"):
        try:
            return dt.date.fromisoformat(str(meta.get(key)))
        except ValueError:
            continue
    return None


def _part_year(frames: list[pd.DataFrame], meta: Mapping[str, str]) -> tuple[int, dt.date] | None:
    """(year, last day of the data) when the tables' period reaches the year of the data's last day
    (`data_to`) and that day is before the year's end; None otherwise."""
    extracted = data_to(meta)
    if extracted is None:
        return None
    if extracted.month == 12 and extracted.day == 31:
        return None
    for frame in frames:
        filters = frame.attrs.get("filters")
        years = getattr(filters, "years", None)
        if years is None and "year" in frame.columns and len(frame):
            years = (int(frame["year"].min()), int(frame["year"].max()))
        if years is None or years[0] <= extracted.year <= years[1]:
            return extracted.year, extracted
    return None


# A table drawn with no withheld cell's mark at an axis (a map, a table page, the cover, or a chart
# whose every cell is withheld and says so in one line): `without_axis` marks a view of it so, and
# the footer leaves out how withheld cells are drawn at a chart's axis.
NO_AXIS = "drawn_without_axis"


def without_axis(data: pd.DataFrame | Iterable[pd.DataFrame]) -> list[pd.DataFrame]:
    """Views of the tables (the tables themselves untouched) marked as drawn with no axis."""
    views = []
    for frame in as_frames(data):
        view = frame.copy(deep=False)
        view.attrs = {**frame.attrs, NO_AXIS: True}
        views.append(sealed_like(view, frame))  # a mark the workbench set: publish mode's stays so
    return views


# Kinds whose sample records after 1 July 2025 keep former Cần Thơ's series (docs/data.md): the
# merged city's victims, their support and the cases linked to them are understated there.
UNDERSTATED_KINDS = frozenset({"victims", "support", "cases"})
SAMPLE_VERSION = "sample-"  # the data version of the shipped sample (data/sample/metadata.json)


def understated_after_merger(frames: list[pd.DataFrame], meta: Mapping[str, str]) -> bool:
    """Whether the footer says the sample's post-merger victim counts understate the merged city:
    sample data, a victim, support or case table, a period reaching past 1 July 2025."""
    if not str(meta.get("data_version", "")).startswith(SAMPLE_VERSION):
        return False
    return any(f.attrs.get("kind") in UNDERSTATED_KINDS and reaches_reform(f) for f in frames)


def data_note(meta: Mapping[str, str], lang: str = "vi") -> str:
    """What the data are, as every footer says it: 'Dữ liệu: sample-2026.11 (mô phỏng), trích xuất
    ngày 28/11/2026' / 'Data: sample-2026.11 (synthetic), extracted 28 November 2026', and once
    files were imported, how many batches and the last day the data cover: '… + 2 đợt nhập, đến
    ngày 02/12/2026' / '… + 2 imported batches, to 2 December 2026'."""
    if meta.get("data_version"):
        version = meta["data_version"]
        if meta.get("synthetic") in ("true", True):
            version += f" ({text('synthetic', lang)})"
        if meta.get("generated_on"):
            version += f", {text('generated_on', lang)} {date_text(meta['generated_on'], lang)}"
    else:
        version = text("version_unknown", lang)
    batches = str(meta.get("imported_batches") or "0")
    last = data_to(meta)
    if batches.isdigit() and int(batches) and last is not None:
        words = text("imported_batch" if int(batches) == 1 else "imported_batches", lang)
        version += " " + words.format(n=format_number(int(batches), lang=lang), date=date_text(last, lang))
    return f"{text('data', lang)}: {version}"


def footer_text(
    data: pd.DataFrame | Iterable[pd.DataFrame],
    meta: Mapping[str, str] | None,
    lang: str = "vi",
    notes: Iterable[str] = (),
    internal: bool | None = None,
) -> str:
    """The footer of every figure: source, data version and extract date, filters, notes.

    Built here and nowhere else. `notes` is where later marks go (disclosure mode, suppression);
    victim data get the internal-use mark until then.
    """
    frames = as_frames(data)
    # Not given the database's metadata: the tables' own (every query helper's result carries it).
    meta = meta or next((f.attrs["data_about"] for f in frames if f.attrs.get("data_about")), {})
    # A table made by hand: nothing says what it selected, nor (unless `meta` is given) that it
    # came from the database.
    own = bool(frames) and all(_own_table(frame) for frame in frames)
    source = (
        text("own_table_source", lang)
        if own and not meta
        else f"{text('source_name', lang)} · {data_note(meta, lang)}"
    )
    selected = text("own_table_filters", lang) if own else filters_text(frames, lang)
    lines = [f"{text('source', lang)}: {source}", f"{text('filters', lang)}: {selected}"]
    # A period spanning 1 July 2025: the city is not the same territory on both sides of it.
    lines += dict.fromkeys(f.attrs["territory_note"] for f in frames if f.attrs.get("territory_note"))
    # The year of the data's last day (the extract's, or a later import's) is a part year: a 2026
    # bar beside a whole 2025 one must say so, and up to which day.
    part_year = _part_year(frames, meta)
    if part_year is not None:
        year, extracted = part_year
        lines.append(text("part_year", lang).format(year=year, date=date_text(extracted, lang)))
    # Where places matter (by district, or filtered by place), how they were counted across the
    # 2025 reform: as recorded, or harmonised to the 2019 districts by a stated rule.
    # Only when the period reaches past the reform (1 July 2025): before it, every record names its
    # district and there is nothing to apportion.
    lines += dict.fromkeys(
        geography_note(f.attrs["geography"], lang)
        for f in frames
        if f.attrs.get("geography")
        and ("district_code" in f.columns or getattr(f.attrs.get("filters"), "districts", ()))
        and reaches_reform(f)
    )
    # Victim and support tables: which people were counted (Law 53/2024's statuses).
    lines += dict.fromkeys(f.attrs["status_note"] for f in frames if f.attrs.get("status_note"))
    marks = list(notes)
    # The sample's victim records after the merger cover former Cần Thơ's area only: say so on
    # every figure with victim, support or case counts whose period reaches 1 July 2025, after
    # the note on whom a count counted (its line has room: no line taken from the chart), else
    # among the notes.
    if understated_after_merger(frames, meta):
        statuses = [f.attrs["status_note"] for f in frames if f.attrs.get("status_note")]
        if statuses and lines[-1] == statuses[-1]:
            lines[-1] += " · " + text("merger_understated", lang)
        else:
            marks.insert(0, text("merger_understated", lang))
    # Exact victim counts (internal mode): the output says it is not for publication. Events-only
    # figures carry no mark. Publish mode: the suppression rule, once, from the protected tables.
    if is_internal(frames) if internal is None else internal:
        marks.insert(0, text("internal", lang))
    protected = [f.attrs["protected"] for f in frames if "protected" in f.attrs]
    rules = dict.fromkeys(table.rule(lang) for table in protected)
    if rules:
        # How a withheld cell is drawn on a chart: not on a map, a table or a cover (no axis there);
        # its mark is `<k` of the tables' k ('<5' was said under charts of k = 10 marked '<10')
        axes = [f for f in frames if not f.attrs.get(NO_AXIS)]
        ks = dict.fromkeys(table.k for table in protected)
        drawn = [text("withheld_drawn", lang).format(k="/".join(map(str, ks)))] if axes else []
        marks = [*rules, *drawn, *marks]
    marks = list(dict.fromkeys(marks))  # a note given twice is said once
    if marks:
        lines.append(" · ".join(marks))
    return "\n".join(lines)
