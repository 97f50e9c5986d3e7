"""Start-up of a fresh process: `import workbench`, `workbench --help`, and a first query.

Every command is a fresh Python process, and so is every notebook kernel and Voilà page. Each is
started `repeat` times after one warm-up (the files in the page cache); the median and the slowest
are reported. The first query connects to the sample database (built first if missing) and asks
attendees by year.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

DESCRIPTION = "a fresh process: import workbench, workbench --help, a first query"

STARTS = {
    "import workbench": [sys.executable, "-c", "import workbench"],
    "workbench --help": [sys.executable, "-m", "workbench._cli", "--help"],
    "first query": [sys.executable, "-c", "import workbench as wb; wb.connect().events(by='year')"],
}


def _seconds(command: list[str], repeat: int) -> tuple[float, float]:
    subprocess.run(command, check=True, capture_output=True)  # warm-up, and the build if needed
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def run(repeat: int = 10) -> str:
    lines = []
    for name, command in STARTS.items():
        median, slowest = _seconds(command, repeat)
        lines.append(f"{name:17} median {median:5.2f} s   slowest {slowest:5.2f} s")
    return "\n".join(lines)
