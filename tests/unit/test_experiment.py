"""Experiments without running them: field paths, designs, the experiment file's errors, the
variants it resolves to, and the frontier's dominance rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from socialcredit.domain.documents import parse_document
from socialcredit.domain.errors import ExperimentError, PolicyError
from socialcredit.experiment import load_experiment, resolve
from socialcredit.experiment.design import build
from socialcredit.experiment.document import Experiment
from socialcredit.experiment.frontier import _dominates
from socialcredit.experiment.paths import PathError, get_value, set_values
from socialcredit.inputs import shipped_text
from socialcredit.inputs.loading import read_document


def policy_data() -> dict:
    doc = read_document("policy", "default")
    data, _ = parse_document(doc.text, file=doc.file, error=PolicyError)
    return data


def test_paths_walk_mappings_and_list_items_by_code() -> None:
    data = policy_data()
    assert get_value(data, "policy.behaviours.littering.points") == -10
    assert get_value(data, "policy.lists.black.enter.score_below") == 850
    changed = set_values(data, {"policy.behaviours.littering.points": -40})
    assert get_value(changed, "policy.behaviours.littering.points") == -40
    assert get_value(data, "policy.behaviours.littering.points") == -10, "the original is kept"


def test_an_unknown_list_item_is_named_with_a_suggestion() -> None:
    with pytest.raises(PathError, match=r"no item 'litering'.*did you mean 'littering'"):
        get_value(policy_data(), "policy.behaviours.litering.points")


def test_a_missing_mapping_field_may_be_set() -> None:
    changed = set_values({"a": {}}, {"scenario.a.b.c": 3})
    assert changed == {"a": {"b": {"c": 3}}}


def experiment(**fields: object) -> Experiment:
    data = {"kind": "experiment", "name": "t", "policies": ["default"], "scenarios": ["baseline"]}
    data.update(fields)
    return Experiment.model_validate(data)


def test_a_grid_takes_every_combination_in_order() -> None:
    e = experiment(
        levers=[{"path": "policy.lists.black.enter.score_below", "values": [800, 900]}],
        uncertainties=[
            {"path": "scenario.observation.collectors.per_1000", "range": [1, 3], "levels": 3}
        ],
    )
    points = build(e, [True, False]).points
    assert points == [
        {"policy.lists.black.enter.score_below": b, "scenario.observation.collectors.per_1000": c}
        for b in (800, 900)
        for c in (1.0, 2.0, 3.0)
    ]


@pytest.mark.parametrize(
    ("method", "samples", "rows"), [("latin", 7, 7), ("sobol", 8, 8 * 4), ("morris", 5, 5 * 3)]
)
def test_sampled_designs_have_the_estimators_shape_and_respect_types(
    method: str, samples: int, rows: int
) -> None:
    e = experiment(
        levers=[{"path": "policy.lists.black.enter.score_below", "range": [700, 900]}],
        uncertainties=[
            {"path": "scenario.observation.feeds.health.coverage", "values": [0.2, 0.9]}
        ],
        sampling={"method": method, "samples": samples},
    )
    design = build(e, [True, False])
    assert design.unit is not None
    assert design.unit.shape == (rows, 2)
    thresholds = [p["policy.lists.black.enter.score_below"] for p in design.points]
    assert all(isinstance(t, int) and 700 <= t <= 900 for t in thresholds)
    assert {p["scenario.observation.feeds.health.coverage"] for p in design.points} <= {0.2, 0.9}
    again = build(e, [True, False])
    assert again.points == design.points, "the sampler has its own seed"
    assert np.array_equal(again.unit, design.unit)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """kind: experiment
name: t
policies: [none, default]
scenarios: [baseline]
citizens: 200
days: 20
seeds: 2
"""


def resolved(tmp_path: Path, text: str):
    experiment_, file, lines = load_experiment(write(tmp_path, text))
    return resolve(experiment_, file=file, lines=lines, base_dir=tmp_path)


@pytest.mark.parametrize(
    ("tail", "line", "needle"),
    [
        (
            "levers:\n  - {path: policy.behaviours.litering.points, values: [-5]}\n",
            9,
            "did you mean 'littering'",
        ),
        (
            "levers:\n  - path: policy.lists.black.min_days\n    values: [30, abc]\n",
            10,
            "policy.lists.black.min_days=abc makes default.yaml invalid",
        ),
        (
            "uncertainties:\n  - {path: scenario.observation.feeds.health.coverage, values: [2]}\n",
            9,
            "less than or equal to 1",
        ),
        (
            "levers:\n  - {path: scenario.observation.collectors.per_1000, values: [1]}\n",
            9,
            "levers are policy fields",
        ),
        ("outcomes: [ever_wrongly_blacklisted_per_100]\n", 8, "did you mean"),
        ("sampling: {method: sobol, samples: 6}\n", 8, "power of two"),
        (
            "levers:\n  - {path: policy.lists.black.min_days, values: [800]}\n"
            "  - {path: policy.lists.black.max_days, values: [100]}\n",
            9,
            "max_days must be at least min_days",
        ),
    ],
)
def test_experiment_errors_name_the_line_the_path_and_the_value(
    tmp_path: Path, tail: str, line: int, needle: str
) -> None:
    with pytest.raises(ExperimentError) as caught:
        resolved(tmp_path, BASE + tail)
    text = str(caught.value)
    assert text.startswith(f"{tmp_path / 'e.yaml'}:{line}"), text
    assert needle in text, text


def test_the_counterfactual_runs_once_per_scenario_point_and_is_never_levered(
    tmp_path: Path,
) -> None:
    r = resolved(
        tmp_path,
        BASE + "levers:\n  - {path: policy.lists.black.enter.score_below, values: [800, 890]}\n"
        "uncertainties:\n  - {path: scenario.observation.collectors.per_1000, values: [1, 4]}\n",
    )
    none = [v for v in r.variants if v.counterfactual]
    scoring = [v for v in r.variants if not v.counterfactual]
    assert len(none) == 2
    assert len(scoring) == 4
    assert all(list(v.values) == ["scenario.observation.collectors.per_1000"] for v in none)
    assert {v.policy.lists.black.enter.score_below for v in scoring} == {800, 890}
    assert {v.scenario.observation.collectors.per_1000 for v in r.variants} == {1, 4}
    assert all(v.scenario.population.citizens == 200 for v in r.variants)


def test_the_resolved_experiment_reruns_to_the_same_variants(tmp_path: Path) -> None:
    from socialcredit.experiment.store import dump

    first = resolved(
        tmp_path,
        BASE + "uncertainties:\n  - {path: scenario.observation.collectors.bias, "
        "values: [{group: minority, factor: 3}]}\n",
    )
    again = resolved(tmp_path, dump(first.document()))
    assert dump(again.document()) == dump(first.document())
    assert [v.policy.hash for v in again.variants] == [v.policy.hash for v in first.variants]


def test_a_changed_policy_is_caught_by_its_hash(tmp_path: Path) -> None:
    from socialcredit.experiment.store import dump

    policy = tmp_path / "p.yaml"
    policy.write_text(shipped_text("policy", "default"), encoding="utf-8")
    first = resolved(tmp_path, BASE.replace("[none, default]", f"[{policy}]"))
    policy.write_text(
        shipped_text("policy", "default").replace("min_days: 90", "min_days: 91"), encoding="utf-8"
    )
    with pytest.raises(ExperimentError, match="has changed since"):
        resolved(tmp_path, dump(first.document()))


def test_dominance_needs_as_much_benefit_no_higher_price_and_one_strict_gain() -> None:
    assert _dominates([10, 1, 1], [9, 1, 1])
    assert _dominates([10, 1, 0], [10, 1, 1])
    assert not _dominates([10, 1, 1], [10, 1, 1])
    assert not _dominates([11, 2, 0], [10, 1, 1])


def test_the_morris_headline_reads_mu_star_against_the_outcomes_spread() -> None:
    """μ* is in the outcome's units: the headline compares inputs across outcomes by μ* over
    the outcome's spread, and never reports σ as μ*."""
    from socialcredit.experiment.analysis import Index, Sensitivity
    from socialcredit.report.experiment.headline import _sensitivity_sentence

    big_units = Sensitivity(
        "morris",
        "default",
        "baseline",
        "wrongly_harmed.citizen_days_per_1000",
        first=[Index("policy.a", 500.0, 400.0, 600.0)],
        total=[Index("policy.a", 9000.0, None, None)],
        spread=5000.0,
    )
    small_units = Sensitivity(
        "morris",
        "default",
        "baseline",
        "ever_wrongly_blacklisted_per_1000",
        first=[Index("scenario.b", 2.0, 1.5, 2.5)],
        total=[Index("scenario.b", 0.1, None, None)],
        spread=1.0,
    )
    counted = Sensitivity(
        "morris",
        "default",
        "baseline",
        "surveillance.collector_reports_per_resident_year",
        first=[Index("scenario.c", 50.0, 40.0, 60.0)],
        total=[Index("scenario.c", 1.0, None, None)],
        spread=1.0,
    )
    sentence = _sensitivity_sentence([big_units, small_units, counted])
    assert sentence is not None
    assert "scenario.b" in sentence
    assert "ever wrongly blacklisted per 1,000" in sentence
    assert "2.00 on average" in sentence
    assert "9000" not in sentence
    assert "9,000" not in sentence


class TestVariantsWithInvalidRulebooks:
    """A variant whose levers make its rulebook contradict itself is kept, not run, and said
    why; the rest of the experiment runs."""

    LEVER = "levers:\n  - {path: policy.lists.black.enter.score_below, values: [850, 950]}\n"

    def test_a_black_list_entered_above_its_exit_is_an_invalid_variant_not_an_error(
        self, tmp_path: Path
    ) -> None:
        r = resolved(tmp_path, BASE + self.LEVER)
        assert [v.id for v in r.variants] == ["v000", "v001"]
        [invalid] = r.invalid
        assert invalid.id == "v002"
        assert invalid.values == {"policy.lists.black.enter.score_below": 950}
        assert invalid.policy_name == "default"
        assert invalid.rule == "list-exit-overlaps-entry"
        assert invalid.reason.startswith("lists.black.exit.score_at_least: the black list is left")
        assert invalid.reason.endswith("[list-exit-overlaps-entry]")
        assert [v.id for v in r.every_variant] == ["v000", "v001", "v002"]

    def test_the_resolved_experiment_keeps_the_invalid_variant_and_reruns_to_it(
        self, tmp_path: Path
    ) -> None:
        from socialcredit.experiment.store import dump

        first = resolved(tmp_path, BASE + self.LEVER)
        specs = first.document()["variants"]
        assert [s["id"] for s in specs] == ["v000", "v001", "v002"]
        assert specs[2]["invalid"] is True
        assert "invalid" not in specs[1]
        assert specs[2]["policy_hash"] != specs[1]["policy_hash"]
        again = resolved(tmp_path, dump(first.document()))
        assert [v.id for v in again.invalid] == ["v002"]
        assert dump(again.document()) == dump(first.document())

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("exit: {score_at_least: 900}", "exit: {score_at_least: 960}"),  # v002 now valid
            ("min_days: 90", "min_days: 91"),  # still invalid, another rulebook all the same
        ],
        ids=["now-valid", "still-invalid"],
    )
    def test_a_changed_policy_of_an_invalid_variant_is_caught(
        self, tmp_path: Path, old: str, new: str
    ) -> None:
        from socialcredit.experiment.store import dump

        policy = tmp_path / "p.yaml"
        text = shipped_text("policy", "default")
        policy.write_text(text, encoding="utf-8")
        first = resolved(tmp_path, BASE.replace("[none, default]", f"[{policy}]") + self.LEVER)
        assert [v.id for v in first.invalid] == ["v001"]
        assert old in text
        policy.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(ExperimentError, match="has changed since"):
            resolved(tmp_path, dump(first.document()))

    def test_the_table_has_a_status_and_a_reason_and_one_row_for_an_invalid_variant(
        self, tmp_path: Path
    ) -> None:
        from socialcredit.experiment.results import Results

        r = resolved(tmp_path, BASE + self.LEVER)
        finished = {
            (v.id, s): {"ever_blacklisted_per_1000": 1.0} for v in r.variants for s in (0, 1)
        }
        table = Results(r, finished).table().to_pylist()
        assert [(row["variant"], row["seed"], row["status"]) for row in table] == [
            ("v000", 0, "ok"),
            ("v000", 1, "ok"),
            ("v001", 0, "ok"),
            ("v001", 1, "ok"),
            ("v002", None, "invalid"),
        ]
        assert [row["reason"] for row in table[:4]] == [None] * 4
        assert table[4]["reason"] == r.invalid[0].reason
        assert table[4]["ever_blacklisted_per_1000"] is None
        assert table[4]["policy.lists.black.enter.score_below"] == 950

    def test_analyses_read_only_the_variants_that_ran(self, tmp_path: Path) -> None:
        from socialcredit.experiment.frontier import frontier
        from socialcredit.experiment.results import Results

        r = resolved(tmp_path, BASE + self.LEVER)
        figures = {"behaviour.bad_acts_per_1000_citizen_years": 1.0}
        results = Results(r, {(v.id, s): figures for v in r.variants for s in (0, 1)})
        assert {row["variant"] for row in results.summary()} == {"v000", "v001"}
        front = frontier(results)
        assert front is not None
        assert [p.variant.id for p in front.points] == ["v001"]

    def test_an_entry_above_the_base_score_is_an_invalid_variant(self, tmp_path: Path) -> None:
        r = resolved(
            tmp_path,
            BASE + "levers:\n  - {path: policy.lists.black.enter.score_below, range: [800, 1100], "
            "levels: 4}\n",
        )
        assert {v.values["policy.lists.black.enter.score_below"]: v.rule for v in r.invalid} == {
            900: "list-exit-overlaps-entry",  # left exactly where it is entered
            1000: "list-exit-overlaps-entry",
            1100: "list-entered-at-base",
        }

    def test_the_reference_is_the_first_variant_that_runs(self, tmp_path: Path) -> None:
        r = resolved(
            tmp_path,
            BASE.replace("[none, default]", "[default]")
            + "levers:\n  - {path: policy.lists.black.enter.score_below, values: [950, 850]}\n",
        )
        assert [v.id for v in r.invalid] == ["v000"]
        assert r.variants[r.reference].id == "v001"

    def test_a_policy_none_of_whose_variants_is_valid_is_refused_at_the_lever(
        self, tmp_path: Path
    ) -> None:
        with pytest.raises(ExperimentError) as caught:
            resolved(
                tmp_path,
                BASE + "levers:\n  - {path: policy.lists.black.enter.score_below, "
                "values: [950, 990]}\n",
            )
        text = str(caught.value)
        assert text.startswith(f"{tmp_path / 'e.yaml'}:9 (levers.0): "), text
        assert "no variant of policy 'default' is valid" in text
        assert "=950 (variant v001) makes default.yaml invalid (lists.black.exit." in text
        assert text.endswith("[list-exit-overlaps-entry]"), text

    def test_a_policy_file_that_cannot_work_is_refused_at_its_name(self, tmp_path: Path) -> None:
        policy = tmp_path / "p.yaml"
        policy.write_text(
            shipped_text("policy", "default").replace(
                "exit: {score_at_least: 900}", "exit: {score_at_least: 800}"
            ),
            encoding="utf-8",
        )
        with pytest.raises(ExperimentError) as caught:
            resolved(tmp_path, BASE.replace("[none, default]", f"[none, {policy}]"))
        text = str(caught.value)
        assert text.startswith(f"{tmp_path / 'e.yaml'}:3 (policies.1): "), text
        assert f"{policy}:" in text
        assert "[list-exit-overlaps-entry]" in text

    def test_levers_may_make_a_policy_that_cannot_work_as_it_stands_valid(
        self, tmp_path: Path
    ) -> None:
        policy = tmp_path / "p.yaml"
        policy.write_text(
            shipped_text("policy", "default").replace(
                "enter: {score_below: 850,", "enter: {score_below: 950,"
            ),
            encoding="utf-8",
        )
        r = resolved(
            tmp_path,
            BASE.replace("[none, default]", f"[{policy}]")
            + "levers:\n  - {path: policy.lists.black.enter.score_below, values: [850]}\n",
        )
        assert [v.id for v in r.variants] == ["v000"]
        assert r.invalid == []
        assert r.warnings == []
