"""Benchmarks: run with `uv run python -m benchmarks` (docs/development.md; results: RESULTS.md)."""
