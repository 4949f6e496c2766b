"""`python -m bench [toy|full|all] [--runs K] [--quick] [--dask-notrim]`."""

from __future__ import annotations

import argparse

from bench import full, toy


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", nargs="?", choices=("toy", "full", "all"), default="all")
    parser.add_argument(
        "--runs", type=int, default=None, help="repetitions (default: toy 5, full 3)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fast check: full runs 100,000 citizens; toy skips the 200-step agreement run",
    )
    parser.add_argument(
        "--dask-notrim",
        action="store_true",
        help="full: also time Dask with workers' MALLOC_TRIM_THRESHOLD_ unset",
    )
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.name in ("toy", "all"):
        toy.main(runs=args.runs or 5, quick=args.quick)
    if args.name in ("full", "all"):
        full.main(runs=args.runs or 3, quick=args.quick, notrim=args.dask_notrim)


if __name__ == "__main__":
    main()
