"""`workbench figures` in publish mode on a register already holding eleven releases.

An analyst's `workbench figures` ran more than 13 minutes on a database whose register held about
eleven releases: the briefing set's victim tables are released together, and each cell withheld is
audited with everything released before. This builds a fresh copy of the sample database, makes
eleven varied releases (victims by district x year, by year, by sex, by destination, by district,
by age band; victims supported by year and by district; the funnel; cases; hotline contacts), then
times the command as an analyst runs it, each run on its own copy of that register:

    uv run python -m benchmarks figures_register

Two versions of the code, measured alternately on copies of one register, and every cell each
released compared (the register's new lines: each cell's key, mark and number; each figure's
plotted data, by its sidecar's hash):

    uv run python -m benchmarks.figures_register alternate BEFORE_ROOT AFTER_ROOT [--runs N]

where each root is a checkout of the repository (its `workbench/` and `data/`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DESCRIPTION = "`workbench figures` (publish) on a register of 11 releases, each run on its own copy"

YEARS = ("2016", "2025")
ROOT = Path(__file__).resolve().parent.parent


def make_register(folder: Path) -> Path:
    """A fresh copy of the sample database in `folder` and the eleven releases; its pointer."""
    import workbench as wb
    from workbench._generations import copy_database

    source = wb.connect()
    base = Path(source.path)
    source.close()
    path = folder / "workbench.duckdb"
    folder.mkdir(parents=True)
    copy_database(base, path)  # the current generation, not the pointer
    span, first = wb.Filters(years=(2016, 2024)), wb.Filters(years=(2016, 2020))
    with wb.connect(path, build=False, mode="publish") as public:
        public.victims(span, by=["district", "year"])
        public.victims(wb.Filters(years=(2016, 2026)), by="year")
        public.victims(span, by="sex")
        public.victims(span, by="destination")
        public.support(span, by="year")
        public.support(span, by="district")
        public.funnel(span)
        public.victims(first, by="district")
        public.cases(span, by="year")
        public.hotline(span, by="year")
        public.victims(wb.Filters(years=(2021, 2024)), by="age_band")
        assert sum(1 for entry in public.register.entries() if "cells" in entry) == 11
    return path


def figures(db: Path, out: Path, root: Path = ROOT) -> float:
    """Seconds `workbench figures` takes in publish mode (PNG), run with the code of `root`."""
    command = [sys.executable, "-m", "workbench._cli", "figures", "--years", *YEARS, "--format", "png"]
    command += ["--db", str(db), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"workbench figures failed ({root}): {done.stderr}")
    return seconds


def released(db: Path, out: Path, before: int = 11) -> dict:
    """What a run released: the register's releases after the first `before` (what was asked, and
    each cell's key, mark and number) and each figure's plotted data (its sidecar's hash)."""
    [register] = db.parent.glob("releases-*.jsonl")
    entries = [json.loads(line) for line in register.read_text(encoding="utf-8").splitlines() if line]
    releases = [
        {"release": e["release"], "what": e["what"], "cells": e["cells"]}
        for e in entries
        if "cells" in e and e["release"] > before
    ]
    plotted = {}
    for sidecar in sorted(out.glob("*.json")):
        fingerprint = json.loads(sidecar.read_text(encoding="utf-8"))["data_fingerprint"]
        plotted[sidecar.name] = fingerprint["plotted_data_sha256"]
    return {"releases": releases, "plotted": plotted}


def differences(one: dict, other: dict) -> list[str]:
    """Where two runs' releases differ (none: the same cells withheld and published, with the
    same numbers, and the same data plotted)."""
    found = []
    if len(one["releases"]) != len(other["releases"]):
        found.append(f"{len(one['releases'])} against {len(other['releases'])} releases")
    for a, b in zip(one["releases"], other["releases"], strict=False):
        if a["what"] != b["what"]:
            found.append(f"release {a['release']}: asked {a['what']} against {b['what']}")
        cells_a = {key: (mark, value) for key, mark, value in a["cells"]}
        cells_b = {key: (mark, value) for key, mark, value in b["cells"]}
        for key in sorted(cells_a.keys() | cells_b.keys()):
            if cells_a.get(key) != cells_b.get(key):
                found.append(
                    f"release {a['release']}, cell {key}: {cells_a.get(key)} against {cells_b.get(key)}"
                )
    for name in sorted(one["plotted"].keys() | other["plotted"].keys()):
        if one["plotted"].get(name) != other["plotted"].get(name):
            found.append(f"{name}: other data plotted")
    return found


def _cells(result: dict) -> tuple[int, int]:
    cells = [cell for release in result["releases"] for cell in release["cells"]]
    return sum(1 for _, mark, _ in cells if mark == "published"), len(cells)


def run(repeat: int = 3) -> str:
    """`repeat` runs of the command, each on a fresh copy of one register of eleven releases."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        base = make_register(Path(folder) / "base")
        made = time.perf_counter() - start
        times, results = [], []
        for n in range(repeat):
            copy = Path(folder) / f"run{n}"
            shutil.copytree(base.parent, copy)
            times.append(figures(copy / base.name, copy / "figures"))
            results.append(released(copy / base.name, copy / "figures"))
        same = all(not differences(results[0], result) for result in results[1:])
        published, cells = _cells(results[0])
        return (
            f"register of 11 releases made in {made:.1f} s; `workbench figures --years {' '.join(YEARS)}` "
            f"(publish, PNG): median {statistics.median(times):.1f} s, runs "
            + ", ".join(f"{t:.1f}" for t in times)
            + f" s; {published} of its {cells} new cells published"
            + ("" if same else "; THE RUNS RELEASED DIFFERENT MARKS")
        )


def alternate(before: Path, after: Path, runs: int) -> str:
    """Both versions in turn, each run on its own copy of one register; their releases compared."""
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        base = make_register(Path(folder) / "base")
        times: dict[str, list[float]] = {"before": [], "after": []}
        results: dict[str, list[dict]] = {"before": [], "after": []}
        for n in range(runs):
            for name, root in (("before", before), ("after", after)):
                copy = Path(folder) / f"{name}{n}"
                shutil.copytree(base.parent, copy)
                seconds = figures(copy / base.name, copy / "figures", root)
                times[name].append(seconds)
                results[name].append(released(copy / base.name, copy / "figures"))
                lines.append(f"{name} run {n + 1}: {seconds:.1f} s")
        reference = results["before"][0]
        for name, found in results.items():
            for n, result in enumerate(found):
                diff = differences(reference, result)
                state = "the same" if not diff else f"{len(diff)} differences: {diff[:5]}"
                lines.append(f"{name} run {n + 1} against before run 1: {state}")
        published, cells = _cells(reference)
        ratio = statistics.median(times["after"]) / statistics.median(times["before"])
        lines.append(
            f"median before {statistics.median(times['before']):.1f} s, after "
            f"{statistics.median(times['after']):.1f} s: ratio {ratio:.3f}; "
            f"{published} of {cells} new cells published"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.figures_register")
    commands = parser.add_subparsers(dest="command", required=True)
    both = commands.add_parser("alternate", help="two versions of the code, alternately, compared")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    both.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    print(alternate(args.before.resolve(), args.after.resolve(), args.runs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
