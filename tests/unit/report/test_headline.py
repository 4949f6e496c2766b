"""The experiment headline on hand-made results: it compares variants only within a world, and
says plainly when no variant differs from another beyond the noise of the seeds."""

from __future__ import annotations

from pathlib import Path

from socialcredit.experiment import Results, frontier, load_experiment, resolve
from socialcredit.experiment.digest import digest
from socialcredit.experiment.journal import Figures
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.variants import Variant
from socialcredit.report.experiment.headline import headline, worlds_note
from socialcredit.stats import interval

WRONGFUL = "ever_wrongly_blacklisted_per_1000"
SWING = (1, -1, 1, -1), (-1, 1, -1, 1), (1, 1, -1, -1), (-1, -1, 1, 1)
"""Per-seed swings of four variants: every pair differs seed by seed, by nothing on average."""


def _results(tmp_path: Path, tail: str, figures: dict[str, list[Figures]]) -> Results:
    """The experiment `tail` resolved (nothing run), with each variant's figures per seed."""
    file = tmp_path / "e.yaml"
    file.write_text(
        "kind: experiment\nname: t\nscenarios: [baseline]\ncitizens: 200\ndays: 20\nseeds: 4\n"
        + tail,
        encoding="utf-8",
    )
    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=tmp_path)
    finished = {
        (v.id, seed): f for v in resolved.variants for seed, f in enumerate(figures[_name(v)])
    }
    return Results(resolved, finished)


def _name(v: Variant) -> str:
    return "/".join([v.policy.name, *(str(x) for x in v.values.values())])


def _runs(bad_acts: float, wrongful: float, swing: tuple[int, ...], size: float) -> list[Figures]:
    return [{BENEFIT: bad_acts + size * 50 * s, WRONGFUL: wrongful + size * s} for s in swing]


class TestHeadline:
    def test_two_worlds_are_never_set_against_each_other(self, tmp_path: Path) -> None:
        """In the kinder world (one collector per 1,000) `classic` brings the largest benefit
        of all; in the harsher one `default` is the cheapest of all. Neither is named against
        the other: each world is judged on its own, and both show a difference beyond noise."""
        tiny = (1, -1, 1, -1)
        results = _results(
            tmp_path,
            "policies: [none, default, classic]\n"
            "uncertainties:\n  - {path: scenario.observation.collectors.per_1000, "
            "values: [1, 4]}\n",
            {
                "none/1": _runs(1000, 0.0, tiny, 0.02),
                "default/1": _runs(900, 1.0, tiny, 0.02),
                "classic/1": _runs(550, 5.0, tiny, 0.02),
                "none/4": _runs(1000, 0.0, tiny, 0.02),
                "default/4": _runs(850, 0.5, tiny, 0.02),
                "classic/4": _runs(600, 20.0, tiny, 0.02),
            },
        )
        front = frontier(results)
        assert front is not None
        assert front.worlds == 2
        figures = digest(results, front)
        text = headline(figures)
        named = [v.id for v in results.resolved.variants if f"({v.id}:" in text]
        assert named == [], text
        note = worlds_note(figures)  # the paragraph after the headline
        assert note is not None
        assert "compared only within their world (the same scenario and uncertainty" in note
        assert "In 2 of the 2 worlds with several scoring variants" in text
        assert "classic alone in 0, default alone in 0, both in 2" in text

    def test_variants_within_the_noise_are_not_ranked(self, tmp_path: Path) -> None:
        """Four variants of one world whose means trade benefit for wrongful listings, but
        whose paired differences over four seeds all include zero."""
        results = _results(
            tmp_path,
            "policies: [none, default, classic]\n"
            "levers:\n  - {path: policy.lists.black.enter.score_below, values: [800, 890]}\n",
            {
                "none": _runs(1000, 0.0, (0, 0, 0, 0), 0),
                "default/800": _runs(800, 2.0, SWING[0], 1),
                "default/890": _runs(795, 2.1, SWING[1], 1),
                "classic/800": _runs(790, 2.2, SWING[2], 1),
                "classic/890": _runs(785, 2.3, SWING[3], 1),
            },
        )
        front = frontier(results)
        assert front is not None
        assert len(front.efficient_on(WRONGFUL)) == 4  # on the means, all four trade off
        text = headline(digest(results, front))
        assert text.startswith(
            "No scoring variant differs from another in its benefit or in wrongful listings "
            "beyond the noise of 4 seeds"
        )
        assert "none is picked out" in text
        assert not any(f"({v.id}:" in text for v in results.resolved.variants)

    def test_one_world_names_its_frontier_and_what_the_larger_benefit_costs(
        self, tmp_path: Path
    ) -> None:
        results = _results(
            tmp_path,
            "policies: [none, default, classic]\n",
            {
                "none": _runs(1000, 0.0, (0, 0, 0, 0), 0),
                "default": _runs(900, 1.0, SWING[0], 0.02),
                "classic": _runs(600, 8.0, SWING[1], 0.02),
            },
        )
        front = frontier(results)
        assert front is not None
        text = headline(digest(results, front))
        default, classic = (v for v in results.resolved.variants if not v.counterfactual)
        assert text.startswith(
            "Against no scoring, 2 of 2 scoring variants lie on the frontier of benefit against "
            "wrongful listings."
        )
        assert f"The cheapest in wrongful listings is default × baseline ({default.id}:" in text
        assert f"the one with the largest benefit is classic × baseline ({classic.id}:" in text
        assert "which prevents 300.0 (296.3–303.7) more true bad acts" in text
        assert "for 7.00 (6.93–7.07) more citizens ever wrongly blacklisted" in text

    def test_many_variants_do_not_find_a_difference_by_looking_often(self, tmp_path: Path) -> None:
        """Six variants of one world, fifteen pairs: one pair's own 95% interval leaves out
        zero, as one in twenty would by chance, but not with all thirty comparisons of the
        world held to 95% together."""
        thresholds = [800, 810, 820, 830, 840, 850]
        flat = [{BENEFIT: 100.0, WRONGFUL: 1.0}] * 4
        lucky = [{BENEFIT: 100.0 + d, WRONGFUL: 1.0} for d in (1.2, 0.8, 1.3, 0.7)]
        figures = {f"default/{t}": flat for t in thresholds} | {"default/810": lucky}
        results = _results(
            tmp_path,
            "policies: [none, default]\n"
            f"levers:\n  - {{path: policy.lists.black.enter.score_below, values: {thresholds}}}\n",
            {"none": _runs(1000, 0.0, (0, 0, 0, 0), 0), **figures},
        )
        front = frontier(results)
        assert front is not None
        diffs = [f[BENEFIT] - g[BENEFIT] for f, g in zip(lucky, flat, strict=True)]
        alone = interval(diffs)
        assert (alone.low or 0.0) > 0  # on its own, beyond the noise
        text = headline(digest(results, front))
        assert text.startswith(
            "No scoring variant differs from another in its benefit or in wrongful listings "
            "beyond the noise of 4 seeds"
        ), text
