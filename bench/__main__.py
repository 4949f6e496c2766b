"""`python -m bench [toy|full|speed|experiment|audit|audit_startup|startup|command|compiled|explore|
floors|households|identical|longruns|memory|national|profile|redress|sobol|stories|strategy|all]
[--runs K] [--quick] [--baseline REV]`."""

from __future__ import annotations

import argparse

from bench import (
    audit,
    audit_startup,
    command,
    compiled,
    experiment,
    explore,
    floors,
    full,
    households,
    identical,
    longruns,
    memory,
    national,
    profile,
    redress,
    sobol,
    speed,
    startup,
    stories,
    strategy,
    toy,
)
from bench.startup import BASELINE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "name",
        nargs="?",
        choices=(
            "toy",
            "full",
            "speed",
            "experiment",
            "audit",
            "audit_startup",
            "startup",
            "command",
            "compiled",
            "explore",
            "floors",
            "households",
            "identical",
            "longruns",
            "memory",
            "national",
            "profile",
            "redress",
            "sobol",
            "stories",
            "strategy",
            "all",
        ),
        default="all",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="repetitions (default: toy 5, full 3, audit_startup 7, startup 9, command 5, "
        "floors 5, households 3, national 3 shards, redress 3, sobol 3, stories 5, strategy 3)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fast check: full runs 100,000 citizens; toy skips the 200-step agreement run",
    )
    parser.add_argument(
        "--baseline",
        default=speed.BASELINE,
        help="speed, profile, identical, command: the commit to compare with (default "
        f"{speed.BASELINE} for speed, {BASELINE} for the others)",
    )
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.name in ("toy", "all"):
        toy.main(runs=args.runs or 5, quick=args.quick)
    if args.name in ("full", "all"):
        full.main(runs=args.runs or 3, quick=args.quick)
    if args.name in ("experiment", "all"):
        experiment.main(runs=args.runs or 3, quick=args.quick)
    if args.name in ("audit", "all"):
        audit.main(runs=args.runs or 5, quick=args.quick)
    if args.name in ("audit_startup", "all"):
        audit_startup.main(runs=args.runs or 7)
    if args.name in ("startup", "all"):
        startup.main(runs=args.runs or 9)
    if args.name in ("command", "all"):
        command_baseline = args.baseline if args.baseline != speed.BASELINE else BASELINE
        command.main(baseline=command_baseline, runs=args.runs or 5)
    if args.name == "compiled":
        compiled.main(runs=args.runs or 5)
    if args.name == "explore":
        explore.main(runs=args.runs or 1)
    if args.name == "floors":
        floors.main(runs=args.runs or 5)
    if args.name == "households":
        households.main(runs=args.runs or 3, quick=args.quick)
    if args.name == "memory":
        memory.main(runs=args.runs or 1)
    if args.name == "national":
        national.main(runs=args.runs or 3)
    if args.name == "identical":
        identical.main(baseline=args.baseline if args.baseline != speed.BASELINE else BASELINE)
    if args.name == "profile":
        profile.main(baseline=args.baseline if args.baseline != speed.BASELINE else BASELINE)
    if args.name == "longruns":
        longruns.main(runs=args.runs or 1)
    if args.name in ("redress", "all"):
        redress.main(runs=args.runs or 3, quick=args.quick)
    if args.name in ("stories", "all"):
        stories.main(runs=args.runs or 5, quick=args.quick)
    if args.name == "sobol":
        sobol.main(runs=args.runs or 3)
    if args.name == "strategy":
        strategy.main(runs=args.runs or 3, quick=args.quick)
    if args.name == "speed":
        speed.main(baseline=args.baseline, runs=args.runs or 5, quick=args.quick)


if __name__ == "__main__":
    main()
