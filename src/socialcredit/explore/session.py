"""One explorer: a starting policy and scenario, a town size and seeds, and what the levers'
settings give.

A setting is a map of lever paths to values. Its figures come from runs of the setting's policy
over the setting's world on the explorer's seeds, beside two runs of the same world on the same
seeds: no scoring at all (`none`) and the starting policy. The three share every draw that
does not depend on the rulebook (common random numbers), so the differences are paired seed by
seed. The two comparison runs depend on the world alone, so they are kept per world and a
moved rulebook lever runs one policy only.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import shlex
import threading
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from socialcredit.audit import audit_policy
from socialcredit.domain.documents import parse_document, validate_data
from socialcredit.domain.errors import (
    LocatedError,
    PolicyError,
    ScenarioError,
    SocialCreditError,
)
from socialcredit.domain.policy import Policy
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.engine import RunResult, compile_model, run_batch, run_population
from socialcredit.experiment.paths import PathError, set_values
from socialcredit.explore.figures import figures, point
from socialcredit.explore.levers import Lever, levers
from socialcredit.inputs import load_policy, load_population_scenario, read_document
from socialcredit.limits import SHIPPED_SCENARIOS
from socialcredit.runs.document import population_record
from socialcredit.runs.schema import PopulationRecord
from socialcredit.storage import write_whole
from socialcredit.stories import KIND_WORDS, tell

SHIPPED_POINTS = ("default", "classic")
"""The shipped rulebooks drawn beside the setting on the price of the system, in its world."""


class SettingError(ValueError):
    """A setting the levers do not take, or a rulebook or world it makes that cannot run."""


@dataclass(frozen=True)
class Town:
    """The size of the explorer's town and the seeds every figure is taken over."""

    citizens: int
    days: int
    seeds: tuple[int, ...]


def _plain(kind: str, name: str, error: type[LocatedError]) -> tuple[dict[str, Any], str]:
    doc = read_document(kind, name)  # type: ignore[arg-type]
    data, _ = parse_document(doc.text, file=doc.file, error=error)
    return data, doc.file


POINTS = 120
"""The most points a line over time is sent with."""
WORLDS_KEPT = 16
"""The worlds whose comparison runs are kept, the latest used."""


def _lists(runs: list[RunResult]) -> dict[str, list[float]]:
    """The list sizes by day, means over the seeds, sampled down to at most `POINTS` days (the
    days sent with them, from 1)."""
    days = len(runs[0].series)
    step = math.ceil(days / POINTS)
    out: dict[str, list[float]] = {"day": [float(d + 1) for d in range(0, days, step)]}
    for column in ("black", "black_true", "red"):
        mean = np.mean([r.column(column) for r in runs], axis=0)
        out[column] = [round(float(x), 3) for x in mean[::step]]
    return out


@dataclass(frozen=True)
class World:
    """What a setting in one world is set against: no scoring, the starting policy and the
    shipped ones, each over the explorer's seeds."""

    none: PopulationRecord | None
    """None where the world does not declare what `none` lists (it runs no comparison)."""
    start: PopulationRecord
    shipped: dict[str, PopulationRecord]
    start_lists: dict[str, list[float]]
    """The starting policy's list sizes by day (`_lists`): a setting whose rulebook is the
    start's shows them without running again."""


def _fits(policy: Policy, scenario: PopulationScenario) -> bool:
    """Whether the world declares everything the rulebook scores, so the two can run."""
    try:
        compile_model(policy, scenario)
    except SocialCreditError:
        return False
    return True


def _orphan_guard(parent: int) -> None:
    """In a worker of the explorer's pool: end the worker when the explorer is gone, however
    it went (killed, or stopped without shutting its pool)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _run(job: tuple[Policy, PopulationScenario, int]) -> RunResult:
    """One run, in a worker process of the explorer's pool."""
    policy, scenario, seed = job
    return run_population(policy, scenario, seed=seed)


class Explorer:
    """Runs in this process, or on up to `workers` processes of its own (spawned once, for its
    first runs), each run of a setting's seeds and comparisons a task; the same seed gives the
    same run in any process. No more processes are started than the runs one move can ask for at
    once (`most_runs`): a world lever's, which runs the comparisons of its new world too."""

    def __init__(self, policy: str, scenario: str, town: Town, workers: int = 0) -> None:
        # Both documents are checked as `simulate` checks them, naming the file, line and field
        # of a problem, before anything is served.
        self.start = load_policy(policy)
        base = load_population_scenario(scenario)
        compile_model(self.start, base)  # names what the policy scores and the world lacks
        self.districts = base.population.districts
        self.policy_data, self.policy_file = _plain("policy", policy, PolicyError)
        self.scenario_data, self.scenario_file = _plain("scenario", scenario, ScenarioError)
        self.scenario_given = scenario
        self.town = town
        self.levers = {lever.path: lever for lever in levers(self.policy_data, self.scenario_data)}
        # The comparisons run only where the world declares what their rulebooks score (the
        # court-blacklist world has none of the town's civic acts, say).
        none = load_policy("none")
        self.none = none if _fits(none, base) else None
        shipped = {name: load_policy(name) for name in SHIPPED_POINTS}
        self.shipped = {name: p for name, p in shipped.items() if _fits(p, base)}
        self._scenario({})  # the town's size fits the world
        self._worlds: OrderedDict[str, World] = OrderedDict()
        self._lock = threading.Lock()
        self.processes = min(workers, self.most_runs)
        """The processes the runs go to (0 or 1: this one)."""
        self._pool = (
            ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_orphan_guard,
                initargs=(os.getpid(),),
            )
            if self.processes > 1
            else None
        )

    @property
    def most_runs(self) -> int:
        """The most runs one move asks for: in a world not met before, the comparisons' (no
        scoring, the start and the other shipped policies) and the setting's, over the seeds."""
        others = sum(p.hash != self.start.hash for p in self.shipped.values())
        comparisons = (self.none is not None) + 1 + others
        return (comparisons + 1) * len(self.town.seeds)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def lever_documents(self) -> list[dict[str, Any]]:
        return [lever.document() for lever in self.levers.values()]

    def _split(self, setting: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        rulebook: dict[str, Any] = {}
        world: dict[str, Any] = {}
        for path, value in setting.items():
            lever: Lever | None = self.levers.get(path)
            if lever is None:
                raise SettingError(f"{path} is not a lever of this explorer")
            try:
                checked = lever.check(value)
            except ValueError as exc:
                raise SettingError(str(exc)) from None
            side = rulebook if path.startswith("policy.") else world
            side[path] = checked
            side.update(lever.with_values)
        return rulebook, world

    def _policy(self, values: dict[str, Any]) -> Policy:
        data = set_values(self.policy_data, values) if values else self.policy_data
        try:
            return validate_data(
                Policy, data, file="the explorer's rulebook", lines={}, error=PolicyError
            )
        except (LocatedError, PathError) as exc:
            raise SettingError(str(exc)) from None

    def _scenario_data(self, values: dict[str, Any]) -> dict[str, Any]:
        size = {
            "scenario.population.citizens": self.town.citizens,
            "scenario.population.days": self.town.days,
        }
        data = set_values(self.scenario_data, {**size, **values})
        pop = data["population"]
        pop["districts"] = min(self.districts, self.town.citizens)
        behaviour = data.get("behaviour")
        varied = {p.removeprefix("scenario.behaviour.") for p in values if "behaviour." in p}
        if varied and isinstance(behaviour, dict) and isinstance(behaviour.get("ranges"), dict):
            # A response set by a lever is no longer uncertain within its range.
            behaviour["ranges"] = {k: v for k, v in behaviour["ranges"].items() if k not in varied}
        return data

    def _scenario(self, values: dict[str, Any]) -> PopulationScenario:
        try:
            return validate_data(
                PopulationScenario,
                self._scenario_data(values),
                file="the explorer's world",
                lines={},
                error=ScenarioError,
            )
        except (LocatedError, PathError) as exc:
            raise SettingError(str(exc)) from None

    def _many(self, policies: list[Policy], scenario: PopulationScenario) -> list[list[RunResult]]:
        """Each policy's runs over the seeds, in the world `scenario`."""
        seeds = list(self.town.seeds)
        if self._pool is None:
            batch = run_batch(policies, [scenario], seeds)
            return [batch[i, 0] for i in range(len(policies))]
        jobs = [(p, scenario, seed) for p in policies for seed in seeds]
        runs = list(self._pool.map(_run, jobs))
        return [runs[i * len(seeds) : (i + 1) * len(seeds)] for i in range(len(policies))]

    def evaluate(self, setting: dict[str, Any]) -> dict[str, Any]:
        """The figures of a setting (see `explore.figures`); SettingError for one that cannot
        run."""
        rulebook, world = self._split(setting)
        policy = self._policy(rulebook)
        scenario = self._scenario(world)
        key = json.dumps(world, sort_keys=True)
        with self._lock:  # one evaluation at a time: the machine's cores are the runs'
            known = self._worlds.get(key)
            # A shipped policy that is the starting one is run once, as the start.
            others = {n: p for n, p in self.shipped.items() if p.hash != self.start.hash}
            nones = [self.none] if self.none is not None else []
            compared = [] if known is not None else [*nones, self.start, *others.values()]
            # A setting whose rulebook is the start's (only the world moved) is the start's
            # runs: the same policy, world and seeds give the same runs.
            as_start = policy.hash == self.start.hash
            # The setting's runs and (in a world not met before) the comparisons', together.
            asked = compared if as_start else [*compared, policy]
            ran = self._many(asked, scenario) if asked else []
            if known is None:
                records = [population_record(r) for r in ran[: len(compared)]]
                none = records.pop(0) if nones else None
                start, *rest = records
                of = dict(zip(others, rest, strict=True))
                shipped = {n: of.get(n, start) for n in self.shipped}
                known = World(none, start, shipped, _lists(ran[len(nones)]))
                self._worlds[key] = known
                if len(self._worlds) > WORLDS_KEPT:
                    self._worlds.popitem(last=False)
            self._worlds.move_to_end(key)
        if as_start:
            lists, record = known.start_lists, known.start
        else:
            lists, record = _lists(ran[-1]), population_record(ran[-1])
        out = figures(record, lists, known.none, known.start, audit_policy(policy))
        out["shipped"] = {name: point(known.none, r) for name, r in known.shipped.items()}
        return out

    def story(self, setting: dict[str, Any], kind: str) -> dict[str, Any]:
        """One life story of a citizen of `kind` (wrongly listed, hurt through a relative, …)
        under the setting, from its first seed: the run again, keeping the stories of one
        citizen of each kind (the same run, so the same figures). No story where the town has
        no such citizen."""
        if kind not in KIND_WORDS:
            raise SettingError(f"{kind!r} is not a kind of story ({', '.join(KIND_WORDS)})")
        rulebook, world = self._split(setting)
        policy, scenario = self._policy(rulebook), self._scenario(world)
        seed = self.town.seeds[0]
        with self._lock:
            run = run_batch([policy], [scenario], [seed], stories=1)[0, 0][0]
        assert run.stories is not None
        told = tell(policy, scenario, seed, run.stories, 1)
        chosen = next((s for s in told["stories"] if kind in s["kinds"]), None)
        out: dict[str, Any] = {"kind": kind, "words": KIND_WORDS[kind], "seed": seed}
        if chosen is None:
            return {**out, "summary": None, "lines": []}
        t = chosen["timeline"]
        lines = [
            {"date": d, "text": text, "key": bool(key)}
            for d, text, key in zip(t["date"], t["text"], t["key"], strict=True)
        ]
        return {**out, "summary": chosen["summary"], "lines": lines}

    def save(self, setting: dict[str, Any], folder: Path, name: str) -> list[Path]:
        """Write the setting's rulebook (and its world, where a world lever moved) as YAML files
        that `policy check` accepts and `simulate` runs to the same figures; their paths."""
        rulebook, world = self._split(setting)
        self._policy(rulebook)  # a rulebook that cannot run is not saved
        data = set_values(self.policy_data, rulebook) if rulebook else dict(self.policy_data)
        data["name"] = name
        where = folder.resolve()
        if world:
            world_file = str(where / f"{name}-world.yaml")
        elif self.scenario_given in SHIPPED_SCENARIOS:
            world_file = self.scenario_given
        else:
            world_file = str(Path(self.scenario_given).resolve())
        command = (
            f"socialcredit simulate --policy {shlex.quote(str(where / f'{name}.yaml'))} "
            f"--scenario {shlex.quote(world_file)} --citizens {self.town.citizens} --days "
            f"{self.town.days} --seed {self.town.seeds[0]} --seeds {len(self.town.seeds)} "
            f"--no-response-range --out runs/{name}"
        )
        written = [folder / f"{name}.yaml"]
        texts = [_header("rulebook", self.policy_file, rulebook, command) + _yaml(data)]
        if world:
            scenario = self._scenario_data(world)
            scenario["name"] = f"{name}-world"
            written.append(folder / f"{name}-world.yaml")
            texts.append(_header("world", self.scenario_file, world, command) + _yaml(scenario))
        with self._lock:  # two saves of one name: the second is refused, never written over
            for path in written:
                if path.exists():
                    raise SettingError(f"{path} exists; give another name")
            for path, text in zip(written, texts, strict=True):
                write_whole(path, text.encode("utf-8"))
        return written


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _header(what: str, start: str, values: dict[str, Any], command: str) -> str:
    changed = "".join(f"#   {path}: {json.dumps(value)}\n" for path, value in values.items())
    return (
        f"# A {what} saved by `socialcredit explore`, from {start}"
        + (" with these levers moved:\n" + changed if changed else " as it was.\n")
        + f"# The explorer's figures again, run for run:\n#   {command}\n"
    )
