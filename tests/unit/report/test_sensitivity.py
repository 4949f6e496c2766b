"""Sensitivity indices from too small a sample: the analysis marks Sobol' indices outside [0, 1]
beyond their intervals, and neither the page nor the headline ranks the inputs on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialcredit.experiment import Results, load_experiment, resolve
from socialcredit.experiment.analysis import Index, Sensitivity, sensitivity
from socialcredit.experiment.digest import digest
from socialcredit.report.experiment.headline import headline
from socialcredit.report.experiment.sensitivity import sensitivity_section
from socialcredit.report.kit.page import Page
from tests.support import parse

WRONGFUL = "ever_wrongly_blacklisted_per_1000"
THRESHOLD = "policy.lists.black.enter.score_below"


def _step_model(tmp_path: Path, samples: int) -> Results:
    """A Sobol' design over two inputs, nothing run: each point's outcome is a tiny synthetic
    model, a step that is 1 where the threshold is in the top tenth of its range and 0 below."""
    file = tmp_path / "e.yaml"
    file.write_text(
        "kind: experiment\nname: t\npolicies: [default]\nscenarios: [baseline]\n"
        "citizens: 200\ndays: 20\nseeds: 2\n"
        f"levers:\n  - {{path: {THRESHOLD}, range: [700, 899]}}\n"
        "uncertainties:\n  - {path: scenario.observation.collectors.per_1000, range: [0, 8]}\n"
        f"sampling: {{method: sobol, samples: {samples}, seed: 5}}\n"
        f"outcomes: [{WRONGFUL}]\n",
        encoding="utf-8",
    )
    experiment, name, lines = load_experiment(file)
    resolved = resolve(experiment, file=name, lines=lines, base_dir=tmp_path)
    finished = {
        (v.id, seed): {WRONGFUL: 1.0 if v.values[THRESHOLD] > 879 else 0.0}
        for v in resolved.variants
        for seed in resolved.seeds
    }
    return Results(resolved, finished)


def _section_text(results: Results, items: list[Sensitivity]) -> str:
    html = sensitivity_section(Page(), items)
    return parse(f"<!doctype html><div>{html}</div>").text()


class TestTooSmallASample:
    def test_an_index_outside_zero_to_one_beyond_its_interval_ranks_nothing(
        self, tmp_path: Path
    ) -> None:
        """16 samples of the step: the threshold's total index comes out at 1.14 (1.01 to
        1.27), a share of variance above the whole variance."""
        results = _step_model(tmp_path, 16)
        [item] = sensitivity(results, "sobol")
        text = headline(digest(results, None, sensitivity=[item]))
        assert text.startswith("The sensitivity sample is too small to rank the inputs")
        assert "matters most" not in text
        page = _section_text(results, [item])
        assert "The sample is too small: in 1 of 1 outcomes and blocks" in page
        assert "too small for these indices to rank the inputs" in page
        assert f"ST of {THRESHOLD} is 1.143 (1.013 to 1.273)" in page
        assert "First-order index S1" not in page  # no table of indices read as results
        assert item.too_small
        [(kind, index)] = item.impossible
        assert (kind, index.factor) == ("ST", THRESHOLD)
        assert index.low is not None
        assert index.low > 1

    def test_a_large_enough_sample_is_read_as_a_ranking(self, tmp_path: Path) -> None:
        results = _step_model(tmp_path, 64)
        [item] = sensitivity(results, "sobol")
        assert not item.too_small
        assert item.impossible == []
        assert f"Of the varied inputs, {THRESHOLD} matters most" in headline(
            digest(results, None, sensitivity=[item])
        )
        page = _section_text(results, [item])
        assert "The sample is too small:" not in page
        assert "too small for these indices" not in page
        assert "First-order index S1" in page

    @pytest.mark.parametrize(
        ("index", "impossible"),
        [
            (Index("a", -0.366, -0.52, -0.21), True),
            (Index("a", 1.245, 1.02, 1.47), True),
            (Index("a", 1.245, 0.80, 1.69), False),  # within reach of 1: noise, not impossible
            (Index("a", -0.05, -0.30, 0.20), False),
            (Index("a", 1.2, None, None), True),
            (Index("a", None, None, None), False),
        ],
    )
    def test_only_an_interval_wholly_outside_zero_to_one_is_impossible(
        self, index: Index, impossible: bool
    ) -> None:
        from socialcredit.experiment.analysis import outside_unit_interval

        assert outside_unit_interval(index) is impossible


def test_the_headline_says_when_the_leading_inputs_intervals_overlap() -> None:
    """Morris μ* cannot leave its range; a sample too small shows as intervals that overlap, and
    the headline does not call the order of the two leading inputs settled."""
    item = Sensitivity(
        "morris",
        "default",
        "baseline",
        WRONGFUL,
        first=[Index("policy.a", 2.0, 0.5, 3.5), Index("scenario.b", 1.5, 0.2, 2.8)],
        total=[Index("policy.a", 1.0, None, None), Index("scenario.b", 1.0, None, None)],
        spread=1.0,
    )
    from socialcredit.report.experiment.headline import _sensitivity_sentence

    sentence = _sensitivity_sentence([item])
    assert sentence is not None
    assert "policy.a moves an outcome most" in sentence
    assert "its interval overlaps that of the next input, scenario.b" in sentence
    assert "not settled" in sentence
