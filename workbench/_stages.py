"""The victim funnel's stages, declared once: what reaching each stage means in the record's coded
columns, which date column dates it, and the rules a record's stage dates keep.

Law 53/2024/QH15 and the domain notes (section 3) describe the process: reception -> verification ->
identification as a victim -> protection -> support -> reintegration. The funnel counts people at
five of its steps. A stage is *reached* by what the record's coded columns say (so the counts of the
funnel are the same counts publish mode already releases: people by trafficking status, and
identified victims by workflow stage); its date says *when*, for the days between stages:

- received: every record (its reception date);
- verified: verification concluded with a finding — identified as a victim or found not to be one
  (the national funnel reports "received and verified" together, then those identified); a person
  still being identified ('possible') is not yet verified;
- identified: trafficking status 'actual';
- supported: an identified victim whose workflow stage is support or reintegration (the support stage
  of the process; support given while being identified, Law 53/2024 art. 37, is in the support
  services table and does not move a person along the funnel);
- reintegrated: an identified victim whose workflow stage is reintegration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    date_column: str
    statuses: tuple[str, ...] | None  # trafficking statuses that reach it (None: every record)
    workflow_stages: tuple[str, ...] | None = None  # workflow stages that reach it (None: any)


STAGES: tuple[Stage, ...] = (
    Stage("received", "reception_date", None),
    Stage("verified", "verified_date", ("actual", "not_victim")),
    Stage("identified", "identified_date", ("actual",)),
    Stage("supported", "supported_date", ("actual",), ("support", "reintegration")),
    Stage("reintegrated", "reintegrated_date", ("actual",), ("reintegration",)),
)
STAGE_NAMES = tuple(stage.name for stage in STAGES)
# The date columns the funnel adds to the victim record (the reception date was there before).
STAGE_DATE_COLUMNS = tuple(stage.date_column for stage in STAGES[1:])


# How the stage problems name the coded columns they cite: as the data files head them (the
# importer names them as the file does).
COLUMNS = {"status_column": "trafficking_status", "workflow_column": "workflow_stage"}


def reached(stage: Stage, status: object, workflow_stage: object) -> bool:
    """Whether a record with this trafficking status and workflow stage has reached `stage`."""
    if stage.statuses is not None and status not in stage.statuses:
        return False
    return stage.workflow_stages is None or workflow_stage in stage.workflow_stages


def known(status: object, workflow_stage: object) -> bool:
    """Whether the coded columns say where a record is: a status or workflow stage not recorded
    ('unknown', or no column in the file, which records 'unknown') says nothing, so a stage's date
    on such a record contradicts nothing (it was an error, and a file without a 'Giai đoạn' column
    was refused for every supported person it listed)."""
    return status not in (None, "unknown") and workflow_stage not in (None, "unknown")


def stage_problems(
    row: Mapping[str, object], has_column=lambda name: True
) -> list[tuple[str, str, dict[str, object], str]]:
    """(column, problem, its fields, severity) for each rule a victim record's stage dates break:
    the problem is a key of `_words.IMPORT_WORDS`, said in the reader's language by the caller.

    Errors: a stage dated before an earlier stage's date (the process runs one way); a date for a
    stage the record's coded columns say was not reached. Warning: a stage reached whose date is
    empty in a file that has the column (it counts at the stage, but not in the days between).
    `has_column(name)`: whether the file has that column at all (no column, no warning)."""
    found: list[tuple[str, str, dict[str, object], str]] = []
    status, workflow = row.get("trafficking_status"), row.get("workflow_stage")
    earlier: tuple[str, dt.date] | None = None
    for stage in STAGES:
        on = row.get(stage.date_column)
        if on is None:
            dated = has_column(stage.date_column)
            if stage.name != "received" and reached(stage, status, workflow) and dated:
                found.append(
                    (
                        stage.date_column,
                        "stage_empty",
                        {"status": repr(status), "workflow": repr(workflow), **COLUMNS},
                        "warning",
                    )
                )
            continue
        if not isinstance(on, dt.date):
            continue  # a bad cell is reported as such
        if stage.name != "received" and not reached(stage, status, workflow) and known(status, workflow):
            found.append(
                (
                    stage.date_column,
                    "stage_not_reached",
                    {"status": repr(status), "workflow": repr(workflow), **COLUMNS},
                    "error",
                )
            )
        elif earlier is not None and on < earlier[1]:
            found.append(
                (
                    stage.date_column,
                    "stage_before",
                    {"earlier": earlier[0]},
                    "error",
                )
            )
        if earlier is None or on >= earlier[1]:
            earlier = (stage.date_column, on)
    return found
