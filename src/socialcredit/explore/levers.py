"""The explorer's levers: the rulebook's (list thresholds, data categories, notice, publication,
review of collectors' reports) and the world's uncertainties (feed coverage, collectors'
density and bias, the response strengths, and where citizens spend effort on their scores, its
budget and costs), each a dotted path of the policy or scenario
(`experiment.paths`) with its unit and range.

A lever's range is where the lab's documents accept it; a response's is its plausible range
where the scenario gives one (the ranges and their sources are in `docs/responses.md`), so the
slider spans what the literature supports rather than anything the model would run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from socialcredit.domain.strategy import Strategy, strategy_value
from socialcredit.experiment.paths import PathError, get_value

Kind = Literal["number", "toggle", "choice"]


@dataclass(frozen=True)
class Lever:
    path: str
    """`policy.…` or `scenario.…`."""
    label: str
    unit: str
    kind: Kind
    value: Any
    """The starting document's value."""
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: list[Any] = field(default_factory=list)
    side: Literal["rulebook", "world"] = "rulebook"
    source: str = ""
    """Where a response's plausible range comes from."""
    with_values: dict[str, Any] = field(default_factory=dict)
    """Paths set with the lever whenever it is moved (a bias's group, where the world has no
    bias to move)."""

    def document(self) -> dict[str, Any]:
        return asdict(self)

    def check(self, value: Any) -> Any:
        """`value` as the lever takes it; ValueError when it is of the wrong kind or outside
        the range."""
        if self.kind == "toggle":
            if not isinstance(value, bool):
                raise ValueError(f"{self.path} takes true or false, not {value!r}")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(f"{self.path} takes one of {self.choices}, not {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{self.path} takes a number, not {value!r}")
        assert self.low is not None
        assert self.high is not None
        if not self.low <= value <= self.high:
            raise ValueError(f"{self.path} takes {self.low:g} to {self.high:g}, not {value:g}")
        return int(value) if float(value).is_integer() and self.step == 1 else value


def _number(
    policy: dict[str, Any],
    scenario: dict[str, Any],
    path: str,
    label: str,
    unit: str,
    low: float,
    high: float,
    step: float,
    side: Literal["rulebook", "world"],
    source: str = "",
) -> Lever | None:
    value = _value(policy, scenario, path)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return Lever(path, label, unit, "number", value, low, high, step, side=side, source=source)


def _value(policy: dict[str, Any], scenario: dict[str, Any], path: str) -> Any:
    try:
        return get_value(policy if path.startswith("policy.") else scenario, path)
    except PathError:
        return None


STRATEGY = {
    "budget": ("Effort citizens spend on their scores", "budget units", 0.0, 2.0, 0.05),
    "costs.improve": ("Cost of improving conduct", "budget units at full extent", 0.25, 5, 0.05),
    "costs.game": ("Cost of gaming: deeds for show", "budget units at full extent", 0.25, 5, 0.05),
    "costs.hide": ("Cost of hiding bad acts", "budget units at full extent", 0.25, 5, 0.05),
    "costs.withdraw": (
        "Cost of withdrawing from watched activity",
        "budget units at full extent",
        0.25,
        5,
        0.05,
    ),
}
"""Strategic effort's levers (where the world has it): label, unit, and the range where the
scenario gives no plausible one (docs/strategy.md)."""

RESPONSES = {
    "certainty": ("Deterrence: certainty of being caught", "share"),
    "severity": ("Deterrence: severity of the consequence", "share"),
    "shame.published": ("Shame of a published listing", "share"),
    "pride.published": ("Pride in a published honour", "share"),
}


def levers(policy: dict[str, Any], scenario: dict[str, Any]) -> list[Lever]:
    """The levers the starting policy and scenario (as plain documents) have, with their
    starting values."""
    out: list[Lever | None] = []
    black = "policy.lists.black"
    for key, label in (("score_below", "enter below"), ("score_at_least", "enter at")):
        out.append(
            _number(
                policy,
                scenario,
                f"{black}.enter.{key}",
                f"Black list: {label}",
                "points",
                0,
                1500,
                10,
                "rulebook",
            )
        )
    for key, label in (("score_at_least", "leave at"), ("score_below", "leave below")):
        out.append(
            _number(
                policy,
                scenario,
                f"{black}.exit.{key}",
                f"Black list: {label}",
                "points",
                0,
                1500,
                10,
                "rulebook",
            )
        )
    out.append(
        _number(
            policy,
            scenario,
            f"{black}.notice_days",
            "Black list: notice before the first consequence",
            "days",
            0,
            365,
            1,
            "rulebook",
        )
    )
    publish = _value(policy, scenario, f"{black}.publish")
    out.append(
        Lever(
            f"{black}.publish",
            "Black list: publication",
            "",
            "choice",
            publish if publish is not None else "none",
            choices=["none", "masked", "full"],
        )
    )
    for code, category in (policy.get("categories") or {}).items():
        enabled = category.get("enabled", True) if isinstance(category, dict) else True
        out.append(
            Lever(
                f"policy.categories.{code}.enabled",
                f"Data category {code}",
                "on/off",
                "toggle",
                bool(enabled),
            )
        )
    review = _value(policy, scenario, "policy.sources.collectors.review_required")
    if isinstance(review, bool):
        out.append(
            Lever(
                "policy.sources.collectors.review_required",
                "Collectors' reports reviewed before they count",
                "on/off",
                "toggle",
                review,
            )
        )
    feeds = (scenario.get("observation") or {}).get("feeds") or {}
    for code in feeds:
        out.append(
            _number(
                policy,
                scenario,
                f"scenario.observation.feeds.{code}.coverage",
                f"Feed coverage: {code}",
                "share of acts seen",
                0,
                1,
                0.05,
                "world",
            )
        )
    collectors = "scenario.observation.collectors"
    out.append(
        _number(
            policy,
            scenario,
            f"{collectors}.per_1000",
            "Information collectors",
            "per 1,000 residents",
            0,
            20,
            0.5,
            "world",
        )
    )
    out.append(
        _number(
            policy,
            scenario,
            f"{collectors}.false_report_rate",
            "Collectors' false reports",
            "share of reports",
            0,
            0.5,
            0.01,
            "world",
        )
    )
    bias = _value(policy, scenario, f"{collectors}.bias.factor")
    group = _value(policy, scenario, f"{collectors}.bias.group")
    extra: dict[str, Any] = {}
    if not isinstance(bias, int | float):
        # No bias in the world: the lever starts at none (1) against its smallest group.
        groups = (scenario.get("population") or {}).get("groups") or []
        if len(groups) < 2:
            group = None
        else:
            group = min(groups, key=lambda g: g.get("share", 0)).get("name")
            bias, extra = 1.0, {f"{collectors}.bias.group": group}
    if group is not None:
        out.append(
            Lever(
                f"{collectors}.bias.factor",
                f"Collectors' bias against {group}",
                "times as likely to report",
                "number",
                bias,
                1,
                10,
                0.5,
                side="world",
                with_values=extra,
            )
        )
    behaviour = scenario.get("behaviour") or {}
    ranges = behaviour.get("ranges") or {}
    for key, (label, unit) in RESPONSES.items():
        plausible = ranges.get(key) or {}
        low, high = plausible.get("low", 0.0), plausible.get("high", 1.0)
        out.append(
            _number(
                policy,
                scenario,
                f"scenario.behaviour.{key}",
                label,
                unit,
                low,
                high,
                0.01,
                "world",
                str(plausible.get("source", "")).strip(),
            )
        )
    block = scenario.get("strategy")
    if isinstance(block, dict):
        # The block's values as the scenario runs them, defaults included.
        strategy = Strategy.model_validate(block)
        for key, (label, unit, low, high, step) in STRATEGY.items():
            value = strategy_value(strategy, key)
            plausible = strategy.ranges.get(key)
            if plausible is not None:
                low, high = plausible.low, plausible.high
            if not low <= value <= high:
                continue  # a way out of reach (an infinite cost) has nothing to move
            out.append(
                Lever(
                    f"scenario.strategy.{key}",
                    label,
                    unit,
                    "number",
                    value,
                    low,
                    high,
                    step,
                    side="world",
                    source="" if plausible is None else plausible.source.strip(),
                )
            )
    return [lever for lever in out if lever is not None]
