"""Publish mode as a boundary, attacked through the public API only (support counts in the register:
tests/test_publish_boundary_support.py): nothing a publish-mode connection returns reaches the records,
and what the code sets say about how breakdowns relate (an age band of 0-8 is under 16) is known to
the audit. Each attack asserts no count below k is narrowed beyond "<k".
"""

from __future__ import annotations

import pandas as pd
import pytest

import workbench as wb
from benchmarks.release_attacks import AREAS, Attacker, exposed
from workbench._codes import codes

pytestmark = pytest.mark.slow  # attacks run the release audit over many releases

K = 5


# ------------------------------------------------ no attribute path to the records


def _reachable(*roots, limit: int = 400_000):
    """Every object reachable from `roots` through attributes (instance dicts, slots, properties),
    containers, closures of callbacks, bound methods' owners, frames' attrs and object columns:
    what a user can get at with `.` and `[]`. Modules, classes and functions' globals are not
    followed (same-process code can import anything: docs/privacy.md's threat model)."""
    import types

    import numpy as np
    import pandas as pd

    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, bool, type(None), complex)):
            continue
        seen.add(id(obj))
        assert len(seen) < limit, "object graph larger than expected"
        yield obj
        if isinstance(obj, (types.ModuleType, type)):
            continue
        if isinstance(obj, (types.FunctionType, types.LambdaType)):
            stack += [cell.cell_contents for cell in obj.__closure__ or () if _filled(cell)]
            stack += list(obj.__defaults__ or ()) + list((obj.__kwdefaults__ or {}).values())
            continue
        if isinstance(obj, types.MethodType):
            stack += [obj.__self__, obj.__func__]
            continue
        if isinstance(obj, BaseException):  # a caught error: its frames' locals, what it chains to
            stack += [obj.args, obj.__traceback__, obj.__context__, obj.__cause__]
            stack += list(getattr(obj, "__dict__", {}).values())
            continue
        if isinstance(obj, types.TracebackType):
            stack += [obj.tb_frame, obj.tb_next]
            continue
        if isinstance(obj, types.FrameType):  # the frames an error passed through (not their callers)
            stack += list(obj.f_locals.values())
            continue
        if isinstance(obj, (types.BuiltinFunctionType, types.CodeType)):
            continue
        if isinstance(obj, (pd.DataFrame, pd.Series)):
            stack.append(dict(obj.attrs))
            columns = [obj[c] for c in obj.columns] if isinstance(obj, pd.DataFrame) else [obj]
            stack += [v for col in columns if col.dtype == object for v in col.tolist()]
            stack += list(obj.index) + (list(obj.columns) if isinstance(obj, pd.DataFrame) else [])
            continue
        if isinstance(obj, np.ndarray):
            if obj.dtype == object:
                stack += obj.ravel().tolist()
            continue
        if isinstance(obj, dict):
            stack += list(obj.keys()) + list(obj.values())
            continue
        if isinstance(obj, (list, tuple, set, frozenset)):
            stack += list(obj)
            continue
        stack += list(getattr(obj, "__dict__", {}).values())
        for klass in type(obj).__mro__:
            for name in getattr(klass, "__slots__", ()):
                if isinstance(name, str) and hasattr(obj, name):
                    stack.append(getattr(obj, name))
            for name, member in vars(klass).items():
                if isinstance(member, property):
                    try:
                        stack.append(getattr(obj, name))
                    except Exception:  # a property that cannot answer holds nothing
                        continue


def _filled(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def _forbidden(obj) -> str | None:
    import duckdb

    from workbench._release import Register
    from workbench._workbench import Workbench

    if isinstance(obj, duckdb.DuckDBPyConnection):
        return "a DuckDB connection"
    if isinstance(obj, Workbench):
        return f"an internal Workbench ({obj!r})"
    if isinstance(obj, Register):
        # one who can write the register can forge a release and read from the next question's
        # refusal (revised, or not) whether a guessed count is the count
        return f"the release register's writer ({obj.path})"
    return None


HOSTILE_CALLS = [
    ("victims", (), {"by": "month"}),
    ("victims", (), {"by": ["district", "year", "sex"]}),
    ("victims", (), {"districts": [99999]}),
    ("victims", (), {"sexes": ["female"], "by": "destination"}),
    ("support", (), {"by": "service_id"}),
    ("support", (), {"years": "2019 or so"}),
    ("sql", ("SELECT * FROM victims",), {}),
    ("sql", ("SELECT * FROM support_services",), {}),
    ("sql", ("ATTACH 'x.duckdb'",), {}),
    ("events", (), {"by": "nonsense"}),
]


def _errors(public) -> list[BaseException]:
    """The errors publish mode raises for bad or forbidden questions, as a caller catches them."""
    caught = []  # plain try/except: the test harness's own objects stay out of the walk
    for name, args, kwargs in HOSTILE_CALLS:
        try:
            getattr(public, name)(*args, **kwargs)
        except Exception as error:
            caught.append(error)
    assert len(caught) == len(HOSTILE_CALLS), "every hostile call is refused"
    return caught


def test_no_attribute_path_from_a_publish_dashboard_reaches_records(fresh, tmp_path, monkeypatch):
    """The publish-mode dashboard (`workbench dashboard --publish`): its tabs, widgets, callbacks
    and what they show hold no DuckDB connection and no internal Workbench."""
    monkeypatch.setenv("WORKBENCH_DB", str(fresh))
    monkeypatch.setenv("WORKBENCH_DASHBOARD_MODE", "publish")
    board = wb.dashboard(export_dir=tmp_path)
    assert isinstance(board.db, wb.PublishedWorkbench)
    board.panels["victims"].set_filters(wb.Filters(years=(2016, 2020)))
    found = [(type(obj).__name__, what) for obj in _reachable(board) if (what := _forbidden(obj))]
    assert not found, found[:5]


def test_no_attribute_path_from_a_publish_connection_reaches_records(public):
    """Everything a user reaches from the publish-mode connection with `.` and `[]`, and from what
    it returns (victim and support frames, their attrs, events, ad hoc SQL, a panel and its
    widgets, the errors it raises with their tracebacks and chained errors), holds no DuckDB
    connection and no internal Workbench."""
    panel = wb.victims_panel(public)
    returned = [
        public.victims(years=(2016, 2020), by=["district", "year"]),
        public.victims(by="age_band"),
        public.support(by="support_type"),
        public.events(by="year"),
        public.sql("SELECT * FROM events LIMIT 3"),
        public.metadata,
        panel,
    ]
    returned += _errors(public)
    found = [(type(obj).__name__, what) for obj in _reachable(public, *returned) if (what := _forbidden(obj))]
    assert not found, found[:5]
    for name in ("_engine", "internal", "_public", "_con", "_connection"):
        assert not hasattr(public, name), name
    assert "_engine" not in dir(public)


# ------------------------------------------------ breakdowns that are functions of each other

# What a reader of the law and of the import rules knows: the age band of a person under 9 or from
# 9 to 17 says they are a minor, an adult age band says they are an adult (CTDC's 9-17 band straddles
# the Criminal Code's line at 16). Written here from the law, not from the workbench's code sets.
ADMITTED = {
    "0-8": ("under_16", "minor", "unknown"),
    "9-17": ("under_16", "16_17", "minor", "unknown"),
    "unknown": ("under_16", "16_17", "minor", "adult", "unknown"),
}
ADULT = ("adult", "unknown")


class _AgeAttacker:
    """One unknown per year x age band x minor status that the law admits; every published cell of
    a table by age band or by minor status (and the `<5` marks) as linear constraints."""

    def __init__(self, years) -> None:
        self.bands, self.statuses = codes("age_band"), codes("minor_status")
        self.years = list(years)
        pairs = [(a, m) for a in self.bands for m in ADMITTED.get(a, ADULT)]
        self.index = {(y, a, m): n for n, (y, (a, m)) in enumerate((y, p) for y in self.years for p in pairs)}
        self.eq: list = []
        self.ub: list = []

    def vector(self, years, dim=None, cat=None):
        import numpy as np

        vec = np.zeros(len(self.index))
        for (y, a, m), n in self.index.items():
            if y in years and (dim is None or (a if dim == "age_band" else m) == cat):
                vec[n] = 1.0
        return vec

    def read(self, frame, dim) -> None:
        from workbench._disclosure import PRIMARY, PUBLISHED, TOTAL

        years = frame.attrs["filters"].years or (self.years[0], self.years[-1])
        years = range(years[0], years[1] + 1)
        published, status = frame.attrs["protected"].published(), frame.attrs["protected"].status
        for col in published.columns:
            vec = self.vector(years, None if col == TOTAL else dim, col)
            if status.loc["victims", col] == PUBLISHED:
                self.eq.append((vec, float(published.loc["victims", col])))
            elif status.loc["victims", col] == PRIMARY:
                self.ub.append((vec, K - 1.0))

    def bounds(self, vec):
        import numpy as np
        from scipy.optimize import linprog

        ends = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * vec,
                A_eq=np.array([v for v, _ in self.eq]),
                b_eq=np.array([b for _, b in self.eq]),
                A_ub=np.array([v for v, _ in self.ub]) if self.ub else None,
                b_ub=np.array([b for _, b in self.ub]) if self.ub else None,
                bounds=(0, None),
                method="highs",
            )
            assert result.status in (0, 3), result.message
            ends.append(sign * result.fun if result.status == 0 else float("inf"))
        return ends


AGE_SELECTIONS = [(2016, 2026), (2016, 2020), (2021, 2026), (2016, 2018), (2019, 2022)]


def test_age_band_and_minor_status_tables_narrow_no_withheld_cell(internal, public):
    """Victims by age band and by minor status for several periods: an age band of 0-8 is under 16,
    so a withheld '0-8' cell once came out as 2..4 from the two tables together."""
    years = range(2016, 2027)
    attacker = _AgeAttacker(years)
    targets = []
    for span in AGE_SELECTIONS:
        for dim in ("age_band", "minor_status"):
            attacker.read(public.victims(years=span, by=dim), dim)
            exact = internal.victims(years=span, by=dim, complete=True)
            targets += [
                (span, dim, cat, int(v)) for cat, v in zip(exact[dim], exact["victims"], strict=True) if v < K
            ]
    assert any(v > 0 for *_, v in targets), "the sample data has small age groups"
    found = []
    for span, dim, cat, value in targets:
        low, high = attacker.bounds(attacker.vector(range(span[0], span[1] + 1), dim, cat))
        if low > 1e-6 or high < K - 1 - 1e-6:
            found.append((span, dim, cat, value, round(low, 3), round(high, 3)))
    assert not found, found[:5]


def test_pairs_the_law_rules_out_are_no_secret_to_protect(public):
    """Victims by age band and legal age group together: a pair the law rules out (0-8 and adult)
    holds nobody for every reader; protecting it as a small count made every cell 'x'."""
    from workbench._disclosure import PUBLISHED

    frame = public.victims(by=["age_band", "minor_status"])
    ruled_out = frame[(frame["age_band"] == "0-8") & (frame["minor_status"] == "adult")]
    assert ruled_out["victims_display"].tolist() == ["<5"]
    assert (frame.attrs["protected"].status == PUBLISHED).any().any(), frame.attrs["protected"].display("en")


# ------------------------------------------------ providers that exist for a period only

# What a reader of Decree 45/2025 and Resolution 202/2025 knows, written here from them, not from
# the workbench's code sets: the labour departments ended on 28/02/2025 and the districts' bodies on
# 30/06/2025 (nobody supported by them in 2026); the communes' culture and social offices began on
# 01/07/2025 (nobody supported by them before 2025).
ENDED_2025 = (
    *("dolisa", "district_office"),
    *("district_health", "district_home_affairs", "district_womens_union"),
)
BEGAN_2025 = ("commune_culture_social",)
PROVIDER_YEARS = list(range(2016, 2027))
PROVIDER_SELECTIONS = [2024, 2025, 2026, (2024, 2026), (2025, 2026), (2016, 2024), (2016, 2026), (2021, 2026)]


def _dated_provider_attack(internal, public) -> tuple[list, list]:
    """Support by provider for several periods read with the providers' dates: (what is narrowed
    below k, what was withheld)."""
    providers = codes("provider")
    attacker = Attacker("provider", years=PROVIDER_YEARS, cats=providers)
    for year in PROVIDER_YEARS:  # the rule: no support by a body outside its dates
        gone = [p for p in ENDED_2025 if year > 2025] + [p for p in BEGAN_2025 if year < 2025]
        if gone:
            attacker.eq.append((attacker._vector(AREAS, [year], gone), 0.0))
    truth, withheld = {}, []
    for span in PROVIDER_SELECTIONS:
        frame = public.support(years=span, by="provider")
        attacker.read(frame, "provider")
        first, last = span if isinstance(span, tuple) else (span, span)
        exact = internal.support(years=(first, last), by="provider", complete=True)
        years = tuple(range(first, last + 1))
        for provider, value in zip(exact["provider"], exact["victims_supported"], strict=True):
            dead = all(
                (provider in ENDED_2025 and y > 2025) or (provider in BEGAN_2025 and y < 2025) for y in years
            )
            if not dead:  # a count every reader knows to be 0 is no secret
                truth[(tuple(AREAS), years, (provider,))] = int(value)
        withheld += list(frame.loc[frame["victims_supported_status"] != "published", "provider"])
    return exposed(attacker, truth), withheld


def test_support_by_provider_narrows_no_withheld_count_for_a_reader_who_knows_the_providers_dates(
    internal, public
):
    """Docs/releases.md, limits, item 7: a provider that exists only before or after the 2025
    reorganisation supported nobody in a year wholly on the other side; the audit is told so
    (`_withhold._links`), and a reader who knows it narrows no withheld count of these tables."""
    found, withheld = _dated_provider_attack(internal, public)
    assert withheld, "the periods' tables withhold counts"
    assert not found, f"narrowed below k by the providers' dates: {found[:5]}"


def test_published_destinations_are_a_fixed_short_list(db_path):
    """Publish mode names the countries the city's records have always named and "other countries",
    whatever the records hold: never all 249 ISO countries (a table of '<5' rows), never only those
    that occur (which would tell the rest hold nobody); a country outside the list is not a filter."""
    from workbench._codes import LISTED_FIRST, OTHER_COUNTRIES

    with wb.connect(db_path, mode="publish") as db:
        table = db.victims(by="destination", years=(2016, 2020))
        assert list(table["destination"]) == [*LISTED_FIRST, OTHER_COUNTRIES, "unknown"]
        assert "Các nước khác" in set(table["destination_label"])
        with pytest.raises(wb.DisclosureError, match="CO is counted among the other countries"):
            db.victims(destinations=("CO",), by="year", lang="en")


@pytest.mark.parametrize(
    "by",
    [
        pytest.param(["year", "year"], id="year-twice"),
        pytest.param(["district", "district"], id="district-twice"),
        pytest.param(["sex", "year", "sex"], id="sex-twice-beside-year"),
    ],
)
def test_a_grouping_named_twice_is_that_grouping_once(public, internal, by):
    """`by=["year", "year"]` broke the table (a pandas error) after publish mode had recorded its
    release: the register held a release nobody received, and later tables were audited against it.
    Named twice, a grouping is that grouping once, in publish and internal mode alike."""
    once = list(dict.fromkeys(by))
    frame = public.victims(years=(2016, 2020), by=by)
    assert len(public.register.entries()) == 1
    again = public.victims(years=(2016, 2020), by=once)
    pd.testing.assert_frame_equal(frame, again)
    assert len(public.register.entries()) == 1, "the same table again releases nothing new"
    exact = internal.victims(years=(2016, 2020), by=by, complete=True)
    pd.testing.assert_frame_equal(exact, internal.victims(years=(2016, 2020), by=once, complete=True))


def test_a_range_of_years_far_past_the_span_counts_the_span_at_once(public):
    """`years=(2016, 10**12)` walked through every year of the range before keeping those held: the
    call hung. It counts the span's years, as (2016, last year held) does."""
    last = max(public.years("victims"))
    pd.testing.assert_frame_equal(public.victims(years=(2016, 10**12)), public.victims(years=(2016, last)))
