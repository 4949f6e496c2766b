"""The reputation-game scenario: one YAML document naming the norm, the population and errors."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from socialcredit.domain.documents import Strict
from socialcredit.reputation.norms import NORMS, norm_names


class ReputationScenario(Strict):
    """One run of the reputation game, as a shipped or user-written YAML document."""

    kind: Literal["reputation-game"]
    name: str = Field(min_length=1, max_length=64)
    norm: str
    citizens: int = Field(ge=2, le=1_000_000)
    replicates: int = Field(ge=2, le=100_000)
    """At least two, because the interval is computed from the spread between replicates."""
    rounds_per_citizen: int = Field(ge=1, le=1_000_000)
    """Rounds divided by citizens: each citizen acts as donor this often on average."""
    burn_in: float = Field(ge=0.0, lt=1.0)
    """Share of the rounds discarded before averaging, so the all-Good start does not bias."""
    execution_error: float = Field(ge=0.0, le=0.5)
    assessment_error: float = Field(ge=0.0, lt=0.5)
    """Below one half: at one half every verdict is a coin toss and the norm means nothing."""
    benefit: float = Field(allow_inf_nan=False)
    cost: float = Field(ge=0.0, allow_inf_nan=False)

    @field_validator("norm")
    @classmethod
    def _known_norm(cls, value: str) -> str:
        if value not in NORMS:
            raise ValueError(f"unknown norm {value!r}; valid norms are {norm_names()}")
        return value

    @model_validator(mode="after")
    def _helping_pays(self) -> ReputationScenario:
        if not self.benefit > self.cost:
            raise ValueError(
                f"benefit ({self.benefit:g}) must exceed cost ({self.cost:g}), "
                "otherwise there is no social dilemma to study"
            )
        return self
