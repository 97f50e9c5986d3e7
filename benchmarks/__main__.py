"""Run the benchmarks: `uv run python -m benchmarks [NAME ...]` (all of them when no name is given).

A benchmark is a module in this package with a `run(repeat: int) -> str` function that measures
and returns its report, and a one-line `DESCRIPTION`. Adding a module adds a benchmark.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        if callable(getattr(module, "run", None)):
            found[info.name] = module
    return found


def main(argv: list[str] | None = None) -> int:
    benchmarks = available()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"default: all of {', '.join(benchmarks)}")
    parser.add_argument("--repeat", type=int, help="measured repetitions (default: each benchmark's own)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in benchmarks]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; available: {', '.join(benchmarks)}")
    for name in args.names or benchmarks:
        module = benchmarks[name]
        print(f"== {name}: {module.DESCRIPTION}", flush=True)
        options = {} if args.repeat is None else {"repeat": args.repeat}
        print(module.run(**options), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
