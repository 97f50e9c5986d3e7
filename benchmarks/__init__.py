"""Benchmarks: run with `uv run python -m benchmarks` (see README)."""
