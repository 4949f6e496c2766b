"""Benchmarks of the policy lab: `python -m bench [toy|full|all]` (see `bench/RESULTS.md`).

Benchmark-only code: it imports Mesa and pandas (the `bench` extra), never used by `socialcredit`.
"""
