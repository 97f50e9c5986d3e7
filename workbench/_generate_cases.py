"""Seeded generator of the synthetic criminal cases of trafficking (the police's figures) and the
victim records each case concerns, in `data/sample/cases.csv` and `case_victims.csv`.

The cases are invented, drawn from a random stream of their own so that every other sample file
stays as it was. They are calibrated on the national figures of 2022 (90 cases, 247 suspects
beside 255 victims: US TIP report 2023): a city year holds its received victims times 90/255
cases, at least one (the police detect cases whose victims were received elsewhere: 2021 had
none received in Cần Thơ), with 247/90 suspects a case on average. A case is detected soon after
its first victim was received, and its stage is the furthest step of the proceedings it has
reached by the sample's last record date: old cases are mostly convicted, recent ones detected
or prosecuted. How those steps are timed is an assumption (docs/data.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from pathlib import Path

from ._codes import UNKNOWN
from ._districts import districts
from ._schema import CASE_VICTIMS, CASES, Table
from ._units import REFORM_DATE

# National 2022 (US TIP report 2023): cases per victim and suspects per case.
NATIONAL_2022 = {"cases": 90, "suspects": 247, "victims": 255}
CASES_PER_VICTIM = NATIONAL_2022["cases"] / NATIONAL_2022["victims"]
# Suspects in a case: a distribution whose mean is 2.75, the national 247 / 90 = 2.74.
SUSPECTS = {1: 0.15, 2: 0.3, 3: 0.3, 4: 0.15, 5: 0.1}
# The steps after detection: (stage, chance the case gets there from the step before, days after it).
# Assumptions (no city figure found): most cases are prosecuted within months, tried within a year.
STEPS = (
    ("prosecuted", 0.9, (20, 120)),
    ("tried", 0.9, (120, 300)),
    ("convicted", 0.95, (0, 45)),
)
# A case is detected within two months of its first victim's reception.
DETECTED_WITHIN_DAYS = 60
# The share of cases linked to victim records of the city, and how many each links at most.
LINKED_SHARE = 0.8
LINKED_AT_MOST = (1, 1, 1, 2, 2, 3)

Place = Callable[[random.Random, dt.date, list[float]], tuple[int | None, int | None]]
Write = Callable[[Path, Table, list[dict]], None]


def cases_per_year(victims_per_year: dict[int, int]) -> dict[int, int]:
    """A year's cases: its victims times the national 2022 ratio, rounded, at least one."""
    return {year: max(1, round(n * CASES_PER_VICTIM)) for year, n in victims_per_year.items()}


def _stage(rng: random.Random, detected: dt.date, last: dt.date) -> str:
    """The furthest step a case detected on `detected` has reached by `last`."""
    stage, on = "detected", detected
    for step, chance, (low, high) in STEPS:
        if rng.random() >= chance:
            break  # dropped (no evidence, charges withdrawn): it stays at the step it reached
        on += dt.timedelta(rng.randint(low, high))
        if on > last:
            break
        stage = step
    return stage


def _unlinked(rng: random.Random, year: int) -> tuple[str, list[str]]:
    """Destination and forms of a case with no victim record here, drawn by its era."""
    if rng.random() < 1 / 3:  # inside Viet Nam: about a third of cases (Ministry of Public Security)
        return "VN", [rng.choice(("sexual_exploitation", "forced_labour", "forced_marriage"))]
    if year >= 2022:
        return rng.choice(("KH", "KH", "KH", "MM", "LA")), ["illicit_activities"]
    return rng.choice(("CN", "CN", "KH", "MY")), [rng.choice(("forced_marriage", "sexual_exploitation"))]


def draw_cases(
    rng: random.Random,
    victims: list[dict],
    years: range,
    victims_per_year: dict[int, int],
    last: dt.date,
    place: Place,
    seed: int,
) -> tuple[list[dict], list[dict]]:
    """The cases of `years` and their links to the `victims` (records with victim_id)."""
    weights = [float(d.population) for d in districts()]
    # Victims found not to be victims concern no case; each record is linked to one case at most.
    pool = {
        year: [
            v for v in victims if v["reception_date"].year == year and v["trafficking_status"] != "not_victim"
        ]
        for year in years
    }
    cases, links = [], []
    for year, count in cases_per_year({y: victims_per_year.get(y, 0) for y in years}).items():
        free = list(pool[year])
        rng.shuffle(free)
        for _ in range(count):
            linked: list[dict] = []
            if free and rng.random() < LINKED_SHARE:
                first = free.pop()
                linked = [first]
                # Others received about when the first was, sent to the same country.
                same = [v for v in free if v["destination"] == first["destination"]]
                for other in same[: rng.choice(LINKED_AT_MOST) - 1]:
                    free.remove(other)
                    linked.append(other)
            if linked:
                received = min(v["reception_date"] for v in linked)
                detected = received + dt.timedelta(rng.randint(0, DETECTED_WITHIN_DAYS))
                destination = linked[0]["destination"]
                forms = sorted({form for v in linked for form in v["exploitation"]})
            else:
                detected = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                destination, forms = _unlinked(rng, year)
            detected = min(detected, last)
            # The district (or, from 1 July 2025, the commune/ward) of its first victim when it has
            # one on that date; else drawn by population, as for events.
            first_place = linked[0] if linked else None
            if first_place and detected < REFORM_DATE and first_place["district_code"] is not None:
                district_code, unit_code = first_place["district_code"], None
            elif first_place and detected >= REFORM_DATE and first_place["unit_code"] is not None:
                district_code, unit_code = None, first_place["unit_code"]
            else:
                district_code, unit_code = place(rng, detected, weights)
            cases.append(
                {
                    "detected_date": detected,
                    "district_code": district_code,
                    "exploitation": [f for f in forms if f != UNKNOWN] or [UNKNOWN],
                    "destination": destination,
                    "stage": _stage(rng, detected, last),
                    "suspects": rng.choices(list(SUSPECTS), weights=list(SUSPECTS.values()))[0],
                    "unit_code": unit_code,
                    "victims": [v["victim_id"] for v in linked],
                }
            )
    cases.sort(key=lambda c: (c["detected_date"], c["district_code"] or 0, c["unit_code"] or 0))
    for number, case in enumerate(cases, start=1):
        # A pseudonymous key, as victims have: never a case file number.
        case["case_id"] = hashlib.sha256(f"{seed}:case:{number}".encode()).hexdigest()[:16]
        links += [{"case_id": case["case_id"], "victim_id": v} for v in sorted(case.pop("victims"))]
    return cases, links


def generate_cases(
    out_dir: Path,
    victims: list[dict],
    seed: int,
    years: range,
    victims_per_year: dict[int, int],
    last: dt.date,
    place: Place,
    write: Write,
) -> dict[str, Path]:
    """Write cases.csv and case_victims.csv into `out_dir`; return the files written."""
    rng = random.Random(f"{seed}:cases")  # noqa: S311 - reproducible synthetic data, not secrets
    cases, links = draw_cases(rng, victims, years, victims_per_year, last, place, seed)
    written = {}
    for table, rows in ((CASES, cases), (CASE_VICTIMS, links)):
        written[table.name] = out_dir / table.file
        write(written[table.name], table, rows)
    return written
