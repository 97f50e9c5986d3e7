"""Cost of the harmonised view and of a district map.

The harmonised query joins every record to its place's shares in the 2019 districts; the recorded
query is the same aggregate without that join. Both ask for attendees by district and year,
2016-2026, through the public helpers. The map is drawn from the harmonised table and rendered to
PNG in memory, as an export would.
"""

from __future__ import annotations

import gc
import io
import statistics
import time

import workbench as wb

DESCRIPTION = "harmonised vs recorded query (district x year, 2016-2026), and a district map to PNG"


def _median_ms(action, repeat: int) -> tuple[float, float]:
    for _ in range(3):  # warm-up: caches, first-use imports
        action()
    times = []
    gc.collect()
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def run(repeat: int = 60) -> str:
    db = wb.connect()
    by = ["district", "year"]
    recorded = _median_ms(lambda: db.events(years=(2016, 2026), by=by, geography="recorded"), repeat)
    harmonised = _median_ms(lambda: db.events(years=(2016, 2026), by=by, geography="harmonised"), repeat)
    table = db.events(years=(2016, 2026), by="district")

    def draw() -> None:
        ax = wb.district_map(table, "attendees", value="rate", meta=db.metadata)
        ax.figure.savefig(io.BytesIO(), format="png", dpi=100)

    drawn = _median_ms(draw, max(5, repeat // 6))
    lines = [
        f"recorded query    p50 {recorded[0]:6.1f} ms   p95 {recorded[1]:6.1f} ms",
        f"harmonised query  p50 {harmonised[0]:6.1f} ms   p95 {harmonised[1]:6.1f} ms",
        f"district map PNG  p50 {drawn[0]:6.1f} ms   p95 {drawn[1]:6.1f} ms",
    ]
    return "\n".join(lines)
