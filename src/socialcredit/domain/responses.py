"""How people respond to a scoring system: a scenario's `behaviour`, modelled on the mechanisms
the evidence supports (docs/responses.md gives the studies, the mapping and the ranges).

- **Deterrence by certainty.** Everyone's rate of a harmful behaviour falls by `certainty`
  times the chance that an act of it is recorded by the policy (its feeds' and collectors'
  coverage; 0 where the policy does not count it), under every policy, so none under a policy
  that counts nothing.
- **Severity**, weakly: a behaviour whose entry lists a citizen at once falls by a further
  `severity` times that chance.
- **Shame and pride** by what is published: a private score shames those below the base and
  prides those above it (`private`); a published black list shames those on it and a published
  red list prides those on it (`published`, times `masked` when names are masked).
- **Giving up**, by how long and how publicly a citizen is listed: a hazard per year listed,
  `publicity` times higher when the black list is published; a citizen who has given up does
  more harm and less good while listed.

There is no specific deterrence of listed citizens: custodial and other sanctions show a null
or mildly criminogenic effect on reoffending (docs/responses.md).

Documents of the earlier model (`pride` and `shame` as numbers, `deterrence`, `publicity`,
`give_up.share`) still load, mapped as docs/responses.md says (`legacy_responses`), so stored
runs and old scenario files keep reading.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import Field, model_validator

from socialcredit.domain.documents import Strict
from socialcredit.domain.errors import ScenarioError
from socialcredit.domain.footprint import Publication

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Lift = Annotated[float, Field(ge=0.0, le=10.0)]


class Plausible(Strict):
    """The plausible range of one response parameter, and where the range comes from."""

    low: float = Field(ge=0.0)
    high: float = Field(ge=0.0)
    source: str = Field(min_length=1)
    """The evidence for the range: studies, with authors, year and what they measured."""

    @model_validator(mode="after")
    def _low_below_high(self) -> Plausible:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is above high ({self.high:g})")
        return self


class Shame(Strict):
    private: Share = 0.0
    """Bad acts fall by this share for citizens below the base score, published or not."""
    published: Share = 0.0
    """Bad acts of blacklisted citizens who have not given up fall by this share when the black
    list is published in full (`masked` times it when names are masked)."""


class Pride(Strict):
    private: Lift = 0.0
    """Good acts rise by this share for citizens above the base score, published or not."""
    published: Lift = 0.0
    """Good acts of red-listed citizens rise by this share when the red list is published in
    full (`masked` times it when names are masked)."""


class GiveUp(Strict):
    hazard: Annotated[float, Field(ge=0.0, le=10.0)] = 0.0
    """Per year listed: the rate at which a blacklisted citizen gives up; after d days listed
    a share 1 - exp(-hazard * d / 365) has (publicity aside). Leaving the list starts afresh."""
    publicity: Annotated[float, Field(ge=1.0, le=10.0)] = 1.0
    """The hazard is this many times higher when the black list is published (masked or full)."""
    good_multiplier: Lift = 0.5
    """The good acts of a listed citizen who has given up are multiplied by this."""
    bad_multiplier: Lift = 1.5
    """The bad acts of a listed citizen who has given up are multiplied by this."""


class Responses(Strict):
    """How people respond to the system. With everything at 0, propensities stay fixed."""

    certainty: Share = 0.0
    """A harmful behaviour's rate falls by `certainty` times the chance that an act of it is
    recorded by the policy."""
    severity: Share = 0.0
    """A harmful behaviour whose verified entry lists a citizen at once falls by a further
    `severity` times that chance."""
    shame: Shame = Field(default_factory=Shame)
    pride: Pride = Field(default_factory=Pride)
    masked: Share = 0.5
    """A list published with masked names shames and prides this share as much as one
    published in full."""
    give_up: GiveUp = Field(default_factory=GiveUp)
    # Left out of the document when empty, so a scenario without ranges hashes as before.
    ranges: dict[str, Plausible] = Field(default_factory=dict, exclude_if=lambda v: not v)
    """Keyed by a parameter's path under `behaviour` (`certainty`, `give_up.hazard`): its
    plausible range and source. The value above is the central one; runs and experiments show
    the benefit between the range's two ends (`domain.response_range`)."""

    @model_validator(mode="before")
    @classmethod
    def _earlier_model(cls, data: Any) -> Any:
        return legacy_responses(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _ranges_hold_their_values(self) -> Responses:
        problem = check_ranges(self)
        if problem is not None:
            key, message = problem
            raise ScenarioError(message, field=f"behaviour.ranges.{key}")
        return self

    @property
    def off(self) -> bool:
        return (
            self.certainty == 0.0
            and self.severity == 0.0
            and self.shame.private == 0.0
            and self.shame.published == 0.0
            and self.pride.private == 0.0
            and self.pride.published == 0.0
            and self.give_up.hazard == 0.0
        )

    def reach(self, publication: Publication) -> float:
        """How strongly a list published so shames or prides: none 0, masked `masked`, full 1."""
        if publication is Publication.FULL:
            return 1.0
        return self.masked if publication is Publication.MASKED else 0.0


DIRECTION: dict[str, int] = {
    "certainty": 1,
    "severity": 1,
    "shame.private": 1,
    "shame.published": 1,
    "pride.private": -1,
    "pride.published": -1,
    "masked": 1,
    "give_up.hazard": -1,
    "give_up.publicity": -1,
    "give_up.good_multiplier": 1,
    "give_up.bad_multiplier": -1,
}
"""Per response parameter that may carry a range: +1 when a larger value gives fewer true bad
acts, -1 when it gives more. Pride's is measured, not assumed (`docs/responses.py
--directions`): more pride raises good acts, so scores, so fewer citizens sit below the base
score where private shame deters them, and a few more bad acts follow. `masked` scales the
published shame and the published pride of a masked list together; it keeps shame's direction,
the larger of the two effects where either can be told (docs/responses.md)."""


def value_of(responses: Responses, key: str) -> float:
    """The value of the parameter at `key` (a path under `behaviour`)."""
    node: Any = responses
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)


def check_ranges(responses: Responses) -> tuple[str, str] | None:
    """The first range (key, message) that names no rangeable parameter or leaves out the
    parameter's own value; None when all are sound."""
    for key, plausible in responses.ranges.items():
        if key not in DIRECTION:
            return key, (f"{key!r} cannot carry a range; these can: {', '.join(sorted(DIRECTION))}")
        value = value_of(responses, key)
        if not plausible.low <= value <= plausible.high:
            return key, (
                f"behaviour.{key} is {value:g}, outside its plausible range "
                f"[{plausible.low:g}, {plausible.high:g}]"
            )
    return None


_LEGACY_RANGES = {"pride": "pride.private", "shame": "shame.private"}


def legacy_responses(data: dict[str, Any]) -> dict[str, Any]:
    """A `behaviour` of the earlier model in this one's terms (unchanged if it is not one).

    `pride` and `shame` as numbers were what `private` is now; `publicity` multiplied giving
    up when the list was published, as `give_up.publicity` does; a share `s` who gave up at
    once becomes the hazard under which a share `s` has given up after a year listed. The
    earlier `deterrence` of listed citizens has no counterpart (no specific deterrence) and is
    dropped, with ranges of parameters that are gone."""
    old_give_up = isinstance(data.get("give_up"), dict) and "share" in data["give_up"]
    numbers = any(isinstance(data.get(k), int | float) for k in ("pride", "shame"))
    if not (old_give_up or numbers or "deterrence" in data or "publicity" in data):
        return data
    new = {k: v for k, v in data.items() if k not in ("deterrence", "publicity")}
    for key in ("pride", "shame"):
        if isinstance(data.get(key), int | float):
            new[key] = {"private": data[key]}
    give_up = dict(data.get("give_up") or {})
    if "share" in give_up:
        share = float(give_up.pop("share"))
        give_up["hazard"] = min(10.0, -math.log(1.0 - share)) if share < 1.0 else 10.0
    if "publicity" in data:
        give_up["publicity"] = data["publicity"]
    if give_up:
        new["give_up"] = give_up
    if isinstance(data.get("ranges"), dict):
        new["ranges"] = {
            _LEGACY_RANGES.get(k, k): v
            for k, v in data["ranges"].items()
            if k not in ("deterrence", "give_up.share", "publicity")
        }
    return new
