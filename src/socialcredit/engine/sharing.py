"""What two runs of the same seed share, stream by stream, read from their scenarios alone.

Every concern draws from its own stream of the seed (`engine.streams`), so two runs share a
concern's draws exactly when everything that stream reads is the same in both scenarios:

- **citizens** (streams `population`, `propensity:*`, `households`): the number of citizens and
  districts, the groups and their shares, consent, the propensity law, households, and the
  categories and kinds of the world's behaviours (one propensity each). The same citizens make
  two runs the same town, so their differences are taken seed by seed (paired); nothing else
  makes them so. Who gives up once listed (`responses`) is one uniform draw per citizen against
  the chance of having given up by then, so two hazards pick nested sets: it belongs to the
  response settings.
- **collectors** (`roster`): the same citizens, and as many collectors, as many malicious, with
  as many grudges.
- **conduct draws** (`conduct:*`): the same citizens, the same behaviours at the same rates and
  the same group multipliers. With every response off in both runs these are the same acts,
  whatever the policies; with responses on, the same draws meet each run's multipliers, and the
  acts differ only for the citizens a response touches differently. A behaviour with a dated
  driver also needs the same index and the same run years (`drivers`, its thinning).
  Strategic effort (`strategy`: each citizen's costs; `conduct:*:gamed`: gamed deeds) moves
  acts as responses do, so the same acts also need it off in both.
- **observation draws** (`feed:*`, `collectors`, `review`): always the same streams, but they
  fall on each run's own acts and sources, so they pair only where the acts and the rulebook's
  sources are the same too.

The policy plays no part: it changes what people do only through their responses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from socialcredit.domain.scenario import PopulationScenario


def _citizens(sc: PopulationScenario) -> Any:
    pop = sc.population
    return (
        pop.citizens,
        pop.districts,
        pop.consent_share,
        [(g.name, g.share) for g in pop.groups],
        pop.propensity,
        pop.households,
        sorted({(b.category, b.kind) for b in pop.behaviours.values()}),
    )


def _roster(sc: PopulationScenario) -> Any:
    c = sc.observation.collectors
    return (c.per_1000, c.malicious_share, c.malicious_targets)


def _conduct(sc: PopulationScenario) -> Any:
    pop = sc.population
    multipliers = [(g.good_rate_multiplier, g.bad_rate_multiplier) for g in pop.groups]
    # In the world's order: it numbers the behaviours and orders the streams, so the same
    # draws name other behaviours in another order.
    # A driven behaviour's draws read its index over the run's years (`engine.drivers`).
    driven = any(b.driver is not None for b in pop.behaviours.values())
    drivers = (sc.drivers, pop.start, pop.days) if driven else None
    return (list(pop.behaviours.items()), multipliers, drivers)


@dataclass(frozen=True)
class Shared:
    """What two runs of the same seed have in common."""

    citizens: bool
    collectors: bool
    conduct: bool
    """The same conduct draws."""
    acts: bool
    """The same acts, citizen by citizen and day by day (conduct draws and responses off in
    both)."""
    responses: bool
    """The same response settings, strategic effort included."""

    @property
    def paired(self) -> bool:
        """Whether a seed is the same town in both, so that differences pair seed by seed."""
        return self.citizens

    def describe(self) -> str:
        """What is shared, in words, for a page: "the same citizens, collectors and …"."""
        if not self.citizens:
            return "different citizens"
        same = ["citizens", *(["collectors"] if self.collectors else [])]
        if self.acts:
            same.append("acts")
            caveat = "responses are off in both"
        elif self.conduct:
            same.append("conduct draws")
            caveat = (
                "the acts differ only for citizens whose standing differs between the runs"
                if self.responses
                else "the acts differ only for the citizens whom the other response settings touch"
            )
        else:
            caveat = "the world's behaviours or rates differ, so the acts are drawn anew"
        text = "the same " + (", ".join(same[:-1]) + " and " + same[-1])
        if not self.collectors:
            text += ", other collectors"
        return f"{text}; {caveat}"


def common(scenarios: Sequence[PopulationScenario]) -> Shared:
    """What runs of all `scenarios` over the same seed share, every one with every other."""
    first = scenarios[0]
    each = [shared(first, s) for s in scenarios]
    return Shared(*(all(getattr(e, f.name) for e in each) for f in fields(Shared)))


def _effort(sc: PopulationScenario) -> Any:
    """What strategic effort reads: nothing when it is off (no block, or a budget of 0)."""
    strategy = sc.strategy
    return None if strategy is None or strategy.off else strategy.model_dump(exclude={"ranges"})


def inert(sc: PopulationScenario) -> bool:
    """Whether nobody's acts move with the system: responses and strategic effort off."""
    return sc.behaviour.off and (sc.strategy is None or sc.strategy.off)


def shared(a: PopulationScenario, b: PopulationScenario) -> Shared:
    """What runs of `a` and `b` over the same seed share (see the module's docstring)."""
    citizens = _citizens(a) == _citizens(b)
    conduct = citizens and _conduct(a) == _conduct(b)
    return Shared(
        citizens=citizens,
        collectors=citizens and _roster(a) == _roster(b),
        conduct=conduct,
        acts=conduct and inert(a) and inert(b),
        responses=a.behaviour == b.behaviour and _effort(a) == _effort(b),
    )
