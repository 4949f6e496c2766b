"""The toy scoring model in Mesa 3: one agent per citizen, one act per citizen per step.

Each citizen has a propensity p ~ U(0, 1). Every step each citizen does one act: good (+1..+3
points, uniform) with probability p, else bad (-1..-5). A reporter sees each act with probability
0.10 and only seen acts change the score. Scores start at 1,000; the model collects the number of
citizens below 950 after every step with a `DataCollector`.

Two idioms, the same model:

- `documented`: written as Mesa's documentation writes models (agents with a `step`, the
  model's `random`, `agents.shuffle_do`). Each agent draws three numbers every step: good or
  bad, the points, and whether the act is seen.
- `best`: the cheapest check first and no shuffle (`agents.do`: agents never interact, so their
  order cannot matter). Each agent draws whether its act is seen; only a seen act draws good or
  bad and its points. One number per agent and two more per seen act.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import mesa
import numpy as np
import numpy.typing as npt

BASE_SCORE = 1000
THRESHOLD = 950
REPORT_PROBABILITY = 0.10
Idiom = Literal["documented", "best"]


class Citizen(mesa.Agent):
    def __init__(self, model: ToyModel, propensity: float) -> None:
        super().__init__(model)
        self.propensity = propensity
        self.score = BASE_SCORE

    def step(self) -> None:
        rng = self.model.random
        points = rng.randint(1, 3) if rng.random() < self.propensity else -rng.randint(1, 5)
        if rng.random() < self.model.report_probability:
            self.score += points

    def step_seen_first(self) -> None:
        rng = self.model.random
        if rng.random() < self.model.report_probability:
            if rng.random() < self.propensity:
                self.score += rng.randint(1, 3)
            else:
                self.score -= rng.randint(1, 5)


def below_threshold(model: ToyModel) -> int:
    return sum(1 for citizen in model.agents if citizen.score < THRESHOLD)


class ToyModel(mesa.Model):
    def __init__(
        self,
        n: int,
        *,
        idiom: Idiom = "documented",
        report_probability: float = REPORT_PROBABILITY,
        seed: int | None = None,
    ) -> None:
        super().__init__(seed=seed)
        self.idiom = idiom
        self.report_probability = report_probability
        for _ in range(n):
            Citizen(self, self.random.random())
        self.datacollector = mesa.DataCollector(model_reporters={"below_950": below_threshold})

    def step(self) -> None:
        if self.idiom == "documented":
            self.agents.shuffle_do("step")
        else:
            self.agents.do("step_seen_first")
        self.datacollector.collect(self)


@dataclass
class MesaRun:
    n: int
    steps: int
    seed: int
    idiom: Idiom
    setup_seconds: float
    seconds: float
    """Wall time of the `steps` model steps (data collection included)."""
    below_950: list[int]
    """After each step."""
    scores: npt.NDArray[np.int64]
    """Scores after the last step."""

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.seconds


def run_mesa(n: int, steps: int, seed: int, idiom: Idiom = "documented") -> MesaRun:
    t0 = time.perf_counter()
    model = ToyModel(n, idiom=idiom, seed=seed)
    t1 = time.perf_counter()
    for _ in range(steps):
        model.step()
    t2 = time.perf_counter()
    below = [int(v) for v in model.datacollector.model_vars["below_950"]]
    scores = np.fromiter((c.score for c in model.agents), dtype=np.int64, count=n)
    return MesaRun(n, steps, seed, idiom, t1 - t0, t2 - t1, below, scores)
