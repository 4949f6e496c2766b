"""The offline HTML reports: complete, accessible, self-contained pages, from real runs.

Every page here is rendered from a real simulation of a small town, written through the run
store's record and table, so a figure the catalogue promises and the engine fails to deliver
shows up as a failing test. The HTML is walked with the standard library's parser, as a browser
would read it, rather than searched as a string.
"""

from __future__ import annotations

import copy

import matplotlib
import pytest

from socialcredit.domain.catalogue import CATALOGUE, Bound, expand
from socialcredit.domain.policy_loading import parse_policy
from socialcredit.inputs import load_policy, shipped_text
from socialcredit.report import render_comparison, render_report, render_reputation_report
from socialcredit.report.kit.charts import bar_key, run_styles
from socialcredit.report.kit.run_view import make_run
from socialcredit.report.kit.text import DASH, fmt_difference, fmt_stat
from socialcredit.report.kit.timeseries import line_key, run_line
from socialcredit.reputation import ReputationScenario, run_reputation_game
from socialcredit.runs.comparison import run_tag
from socialcredit.runs.differences import differences
from socialcredit.runs.reputation import reputation_record
from socialcredit.runs.schema import PopulationRecord, ReputationRecord
from socialcredit.runs.store import StoredRun
from socialcredit.stats import Interval, difference_of_means, paired_difference
from tests.support import (
    Node,
    assert_offline,
    assert_well_formed_page,
    compare_page,
    parse,
    row,
    scenario,
    small_run,
    stored_run,
    svg_text,
    table_rows,
)

MALICIOUS = "<script>alert(1)</script>"
RESPONSES_OFF = {
    "certainty": 0.0,
    "severity": 0.0,
    "shame": {},
    "pride": {},
    "give_up": {"hazard": 0.0},
}


def population(stored: StoredRun) -> PopulationRecord:
    assert isinstance(stored.record, PopulationRecord)
    return stored.record


def render(stored: StoredRun) -> str:
    return render_report(population(stored), stored.series)


def cell_text(record: PopulationRecord, name: str) -> str:
    """The text a page must show for metric `name` of `record`."""
    metric = CATALOGUE.metric(name)
    e = record.metrics[name]
    return fmt_stat((e.mean, e.low, e.high), metric.kind, metric.undefined)


def all_cells(doc: Node) -> list[str]:
    return [td.text() for td in doc.all("td")]


@pytest.fixture(scope="module")
def stored() -> StoredRun:
    return small_run("classic", "biased-collectors", (0, 1))


@pytest.fixture(scope="module")
def report(stored: StoredRun) -> str:
    return render(stored)


@pytest.fixture(scope="module")
def doc(report: str) -> Node:
    return parse(report)


class TestRunReport:
    def test_is_a_well_formed_self_contained_html5_page(self, doc: Node) -> None:
        assert_well_formed_page(doc)

    def test_every_section_has_a_heading_and_a_labelled_figure(self, doc: Node) -> None:
        sections = doc.all("section")
        assert [s.attrs["id"] for s in sections] == [
            "key-figures",
            "response-ranges",
            "scores",
            "footprint",
            "grades",
            "lists",
            "wrongful",
            "services",
            "redress",
            "disparity",
            "behaviour",
        ]
        for section in sections:
            assert len(section.all("h2")) == 1, section.attrs["id"]
            if section.attrs["id"] == "response-ranges":
                # The scenario's ranges and their sources are words: a table, not a chart.
                assert section.all("table")
                continue
            assert section.all("figure"), f"section {section.attrs['id']} has no figure"

    def test_includes_one_svg_per_figure(self, doc: Node) -> None:
        assert len(doc.all("svg")) == len(doc.all("figure")) >= 8

    def test_references_nothing_outside_the_page(self, report: str, doc: Node) -> None:
        assert_offline(doc)
        assert "http://" not in report
        assert "https://" not in report

    def test_skip_link_is_the_first_link_and_leads_to_main(self, doc: Node) -> None:
        first = doc.all("a")[0]
        assert first.attrs["href"] == "#main"
        main = [n for n in doc.walk() if n.attrs.get("id") == "main"]
        assert len(main) == 1
        assert main[0].tag == "main"

    def test_keeps_plot_text_as_real_text(self, doc: Node) -> None:
        # svg.fonttype "none": labels stay text a screen reader and a search can find.
        lists = next(s for s in doc.all("section") if s.attrs["id"] == "lists")
        assert "Day of the simulation" in svg_text(lists.all("svg")[0])

    def test_no_cell_shows_a_placeholder_for_a_figure_the_catalogue_promises(
        self, stored: StoredRun, doc: Node
    ) -> None:
        record = population(stored)
        cells = all_cells(doc)
        assert len(cells) > 100
        assert not [c for c in cells if DASH in c], [c for c in cells if DASH in c][:5]
        # "undefined" only where the run's figure is undefined, with the catalogue's reason.
        reasons = {
            CATALOGUE.metric(name).undefined for name, e in record.metrics.items() if e.mean is None
        }
        for c in cells:
            if c.startswith("undefined"):
                assert c.removeprefix("undefined: ") in reasons, c

    def test_shows_every_headline_figure_as_the_record_has_it(
        self, stored: StoredRun, doc: Node
    ) -> None:
        record = population(stored)
        rows = table_rows(doc, "Key figures")
        for name, metric in (
            (n, CATALOGUE.metric(n)) for n in record.metrics if CATALOGUE.metric(n).headline
        ):
            if "{service}" in metric.name:
                continue
            label = next(b.label for b in _bound(record) if b.name == name)
            assert row(rows, label) == [cell_text(record, name)], name

    def test_shows_intervals_and_names_the_seeds_when_there_are_several(self, doc: Node) -> None:
        rows = table_rows(doc, "Key figures")
        assert row(rows, "Seeds") == ["2 (seeds 0, 1)"]
        assert "\u2013" in row(rows, "Blacklisted at the end, true conduct")[0]
        assert "95% interval" in doc.text()

    def test_one_seed_reads_as_one_seed_without_an_interval(self) -> None:
        doc = parse(render(small_run("classic", "biased-collectors", (0,))))
        rows = table_rows(doc, "Key figures")
        assert row(rows, "Seeds") == ["1 (seed 0)"]
        for cells in rows.values():
            assert not any("\u2013" in c for c in cells), cells
        assert "One seed, so no interval" in doc.text()

    def test_intervals_never_leave_the_range_a_figure_can_take(self, stored: StoredRun) -> None:
        record = population(stored)
        for name, e in record.metrics.items():
            low, high = CATALOGUE.metric(name).range
            if e.low is not None and low is not None:
                assert e.low >= low, name
            if e.high is not None and high is not None:
                assert e.high <= high, name

    def test_shows_the_redress_figures_as_the_record_has_them(
        self, stored: StoredRun, doc: Node
    ) -> None:
        from socialcredit.report.run.redress import FIGURES

        record = population(stored)
        assert (record.metrics["redress.disputes"].mean or 0) > 0
        section = next(s for s in doc.all("section") if s.attrs["id"] == "redress")
        assert all_cells(section) == [cell_text(record, name) for name in FIGURES]
        headers = [th.text() for th in section.all("th")]
        assert all(CATALOGUE.metric_label(name) in headers for name in FIGURES)

    def test_says_so_when_nobody_disputed_or_repaired(self) -> None:
        quiet = {"disputes": {"false_entry": 0.0, "true_entry": 0.0}}
        sc = scenario("baseline", citizens=1000, days=60, redress=quiet)
        html = render(stored_run(load_policy("classic"), sc, (0,)))
        assert "Nobody disputed an entry or repaired a listing in this run" in html

    def test_splits_every_service_into_denied_restricted_and_privileged(
        self, stored: StoredRun, doc: Node
    ) -> None:
        record = population(stored)
        rows = table_rows(doc, "What each service does to citizens")
        assert set(rows) == set(record.dimensions.services)
        assert row(rows, "train")[:2] == [
            cell_text(record, "denied.train.final"),
            cell_text(record, "restricted.train.final"),
        ]
        days = table_rows(doc, "Citizen-days per service")
        assert row(days, "housing")[2] == cell_text(record, "privileged.housing.citizen_days")

    def test_shows_what_relatives_suffer_per_service_that_reached_anyone(self) -> None:
        families = {"sizes": [0.2, 0.3, 0.3, 0.2], "spouse_share": 0.7}
        town = scenario("baseline", citizens=2000, days=120, population__households=families)
        stored = stored_run(load_policy("court-defaulters"), town, (0, 1))
        record = population(stored)
        assert record.metrics["collateral.school.citizen_days"].mean
        rows = table_rows(parse(render(stored)), "Detriment through a relative's listing")
        assert list(rows) == ["school"]
        assert row(rows, "school")[:4] == [
            cell_text(record, f"{name}.school.citizen_days")
            for name in ("collateral", "collateral_true", "collateral_wrongful")
        ] + [cell_text(record, "collateral_doubly_wrongful.school.citizen_days")]

    def test_says_what_the_score_gain_is_made_of_where_citizens_spend_effort_on_it(
        self, doc: Node
    ) -> None:
        """In the strategic town the headline splits the score gain and a section shows the
        split by group and the drift of observed from true scores; elsewhere, neither."""
        stored = small_run("classic", "strategic", (0, 1))
        record = population(stored)
        page = parse(render(stored))

        def by_id(node: Node, ident: str) -> Node | None:
            return next((n for n in node.walk() if n.attrs.get("id") == ident), None)

        headline = by_id(page, "headline")
        assert headline is not None
        better = record.metrics["strategy.improvement_share"].mean
        assert better is not None
        assert f"{100 * better:.0f}% came from better conduct" in headline.text()
        assert "at the scenario's central strategic assumptions" in headline.text().lower()
        section = by_id(page, "strategy")
        assert section is not None
        rows = table_rows(section, "What the score gain is made of, and what it costs")
        assert row(rows, "Score gain from gaming")[0] == cell_text(record, "strategy.gaming_share")
        assert "Observed minus true mean score" in svg_text(section.all("svg")[0])
        assert by_id(doc, "strategy") is None
        plain = by_id(doc, "headline")
        assert plain is not None
        assert "better conduct" not in plain.text()

    def test_says_nobody_is_reached_without_households(self, doc: Node) -> None:
        assert any("the scenario has no households" in p.text() for p in doc.all("p"))

    def test_counts_the_default_train_rule_as_a_restriction(self) -> None:
        stored = small_run("default", "malicious-collectors", (0,), citizens=4000, days=200)
        record = population(stored)
        assert record.metrics["black.final"].mean
        assert record.metrics["restricted.train.citizen_days"].mean
        assert record.metrics["denied.train.citizen_days"].mean == 0

    def test_compares_each_group_with_the_reference_group_signed_and_in_words(
        self, stored: StoredRun, doc: Node
    ) -> None:
        record = population(stored)
        assert record.dimensions.reference_group == "majority"
        rows = table_rows(doc, "Each group against the reference group, majority")
        wrongly = row(rows, "minority vs majority: ever wrongly blacklisted")
        assert wrongly[0] == cell_text(
            record, "disparity.minority_vs_majority.ever_wrongly_blacklisted.difference"
        )
        assert wrongly[2].startswith(("minority is", "no clear difference"))
        gap = row(rows, "minority vs majority: score gap")
        assert gap[2].startswith("observation marks minority")
        # Under each comparison, the catalogue's description: the one statement of its sign.
        bound = {b.name: b for b in _bound(record)}
        for what in ("ever_blacklisted", "ever_wrongly_blacklisted", "score_gap"):
            described = bound[f"disparity.minority_vs_majority.{what}.difference"]
            label = described.label.removesuffix(", difference")
            assert f"{label} {described.description}" in rows, list(rows)

    def test_explains_an_honour_roll_far_below_what_conduct_earns(self) -> None:
        stored = small_run("classic", "baseline", (0,), citizens=3000, days=365)
        record = population(stored)
        seen, earned = record.metrics["red.final"].mean, record.metrics["red_true.final"].mean
        assert seen is not None
        assert earned is not None
        assert seen < 0.8 * earned
        text = parse(render(stored)).text()
        share = cell_text(record, "good_deeds_seen_share")
        assert "The honour roll holds" in text
        assert f"only {share} of the good deeds" in text

    def test_says_why_a_figure_is_undefined(self) -> None:
        text = shipped_text("policy", "default").replace(
            "enter: {score_below: 850, behaviours: [court_defaulter]}",
            "enter: {score_below: -100000}",
        )
        stored = stored_run(parse_policy(text), scenario("baseline", citizens=600, days=20), [0])
        rows = table_rows(parse(render(stored)), "Key figures")
        assert row(rows, "Share of the black list that is wrong") == [
            "undefined: nobody is on the black list"
        ]

    def test_escapes_text_from_the_scenario_and_the_policy(self) -> None:
        policy_text = shipped_text("policy", "classic").replace(
            "Municipal credit regulation (assumed for the model).", MALICIOUS
        )
        sc = scenario(
            "baseline", citizens=600, days=20, description='"><img src=x onerror=alert(1)>'
        )
        page = render(stored_run(parse_policy(policy_text), sc, [0]))
        assert "<script" not in page
        assert "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert_offline(parse(page))

    def test_flags_sensitive_categories_with_their_legal_basis(self, doc: Node) -> None:
        footprint = next(s for s in doc.all("section") if s.attrs["id"] == "footprint")
        flags = [n for n in footprint.all("span") if "flag" in n.classes()]
        assert flags
        assert all(f.text() == "sensitive" for f in flags)
        assert "Sensitive data in use" in footprint.text()
        rows = table_rows(doc, "What the policy may collect")
        assert "health sensitive" in row(rows, "Data categories scored")[0]
        assert row(rows, "Legal basis for health") == [
            "Municipal credit regulation (assumed for the model)."
        ]
        assert "SENSITIVE" in svg_text(footprint.all("svg")[0])

    def test_raises_no_flag_when_no_sensitive_category_is_scored(self) -> None:
        doc = parse(render(small_run("default", "baseline", (0,), citizens=600, days=20)))
        assert not [n for n in doc.walk() if "flag" in n.classes()]
        assert "No sensitive category is scored" in doc.text()

    def test_takes_grades_services_and_groups_from_the_run(self) -> None:
        policy = parse_policy(TOY_POLICY)
        sc = scenario(
            "baseline",
            citizens=300,
            days=10,
            population__groups=[
                {"name": "north", "share": 0.5},
                {"name": "south", "share": 0.25},
                {"name": "east", "share": 0.25},
            ],
            population__behaviours=TOY_WORLD,
            observation__feeds={},
        )
        doc = parse(render(stored_run(policy, sc, [0])))
        assert set(table_rows(doc, "Figures by group")) == {"north", "south", "east"}
        assert set(table_rows(doc, "What each service does")) == {"bus"}
        assert set(table_rows(doc, "Citizens per grade")) == {"X", "Y"}

    def test_copes_with_unusual_scenario_names(self) -> None:
        # "$" would start matplotlib mathtext and CJK is missing from its font: neither may
        # fail or warn (warnings are errors in the tests).
        for name in ("$a$ \\frac", "\u540d\u524d \u00e9\u00e8"):
            sc = scenario("baseline", citizens=300, days=10, name=name)
            doc = parse(render(stored_run(load_policy("default"), sc, [0])))
            assert name in doc.all("h1")[0].text()

    def test_leaves_matplotlib_settings_as_it_found_them(self, stored: StoredRun) -> None:
        before = copy.deepcopy(dict(matplotlib.rcParams))
        render(stored)
        assert dict(matplotlib.rcParams) == before

    def test_is_reproducible(self, stored: StoredRun, report: str) -> None:
        assert render(stored) == report


TOY_POLICY = """\
name: toy
categories:
  conduct: {description: Everything.}
behaviours:
  - {code: good, category: conduct, points: 5, expires_after_days: 365}
  - {code: bad, category: conduct, points: -20, expires_after_days: 365}
sources:
  collectors: {enabled: true, review_required: false, behaviours: [good, bad]}
grades:
  - {name: X, min_score: 1000}
  - {name: Y, min_score: 0}
watch: {below: 1000}
lists:
  black: {enter: {score_below: 950}, exit: {score_at_least: 1000}}
  red: {enter: {score_at_least: 1050}, exit: {score_below: 1030}}
services:
  bus:
    rules:
      - {when: {lists: [black]}, effect: deny}
"""
TOY_WORLD = {
    "good": {"category": "conduct", "kind": "good", "per_year": 5.0},
    "bad": {"category": "conduct", "kind": "harmful", "per_year": 5.0},
}


def _bound(record: PopulationRecord) -> list[Bound]:
    return expand(CATALOGUE.metrics, record.dimensions.catalogue())


@pytest.fixture(scope="module")
def pair() -> tuple[StoredRun, StoredRun]:
    return (
        small_run("default", "biased-collectors", (0, 1, 2), citizens=1500, days=90),
        small_run("classic", "biased-collectors", (0, 1, 2), citizens=1500, days=90),
    )


@pytest.fixture(scope="module")
def comparison(pair: tuple[StoredRun, StoredRun]) -> str:
    return compare_page(*pair)


class TestComparison:
    def test_is_a_well_formed_self_contained_html5_page(self, comparison: str) -> None:
        assert_well_formed_page(parse(comparison))

    def test_names_both_runs_and_shows_b_minus_a_paired_over_shared_seeds(
        self, pair: tuple[StoredRun, StoredRun], comparison: str
    ) -> None:
        a, b = (population(s) for s in pair)
        doc = parse(comparison)
        heading = doc.all("h1")[0].text()
        assert "default" in heading
        assert "classic" in heading
        assert "paired" in doc.text()
        assert "3 seeds both runs share" in doc.text()
        rows = table_rows(doc, "Key figures")
        name = "black.final"
        expected = fmt_difference(
            paired_difference(
                {r.seed: r.metrics[name] for r in a.runs},
                {r.seed: r.metrics[name] for r in b.runs},
            ),
            "count",
        )
        assert row(rows, "Blacklisted at the end") == [
            cell_text(a, name),
            cell_text(b, name),
            expected,
        ]

    def test_each_disparity_carries_the_sign_the_catalogue_states(
        self, pair: tuple[StoredRun, StoredRun], comparison: str
    ) -> None:
        rows = table_rows(parse(comparison), "Groups and signed disparities")
        bound = {b.name: b for b in _bound(population(pair[0]))}
        for what in ("ever_blacklisted", "ever_wrongly_blacklisted", "score_gap"):
            described = bound[f"disparity.minority_vs_majority.{what}.difference"]
            assert f"{described.label} {described.description}" in rows, list(rows)

    def test_with_responses_off_the_paired_difference_in_conduct_is_exactly_zero(self) -> None:
        off = scenario("baseline", citizens=800, days=60, behaviour=RESPONSES_OFF)
        a, b = (stored_run(load_policy(p), off, [0, 1]) for p in ("default", "classic"))
        rows = table_rows(parse(compare_page(a, b)), "Key figures")
        assert (
            row(rows, "Change in bad acts, first to last days")[2] == "+0.0 pp (+0.0 pp to +0.0 pp)"
        )

    def test_without_a_shared_seed_b_minus_a_is_the_difference_of_means(self) -> None:
        a = small_run("default", "baseline", (0,), citizens=600, days=20)
        b = small_run("classic", "baseline", (5,), citizens=600, days=20)
        doc = parse(compare_page(a, b))
        assert "not paired (the runs share no seed)" in doc.text()
        blacklisted = row(table_rows(doc, "Key figures"), "Blacklisted at the end")
        ea, eb = population(a).metrics["black.final"], population(b).metrics["black.final"]
        assert ea.mean is not None
        assert eb.mean is not None
        assert blacklisted[2] == fmt_difference(Interval(eb.mean - ea.mean, None, None, 1), "count")

    def test_runs_of_different_citizens_are_not_paired(self) -> None:
        a = small_run("default", "baseline", (0, 1), citizens=600, days=20)
        b = small_run("default", "baseline", (0, 1), citizens=700, days=20)
        text = parse(compare_page(a, b)).text()
        assert "not paired (the two scenarios describe different citizens" in text
        assert "Welch" in text

    def test_draws_both_runs_on_the_same_axes(self, comparison: str) -> None:
        doc = parse(comparison)
        lists = next(s for s in doc.all("section") if s.attrs["id"] == "lists")
        text = svg_text(lists.all("svg")[0])
        assert "A: default \u00b7 biased-collectors" in text
        assert "B: classic \u00b7 biased-collectors" in text
        assert "A solid, B dashed" in lists.all("figcaption")[0].text()

    def test_uses_the_union_of_groups(self) -> None:
        a = small_run("default", "baseline", (0,), citizens=600, days=20)
        b = stored_run(
            load_policy("default"),
            scenario(
                "baseline",
                citizens=600,
                days=20,
                population__groups=[
                    {"name": "north", "share": 0.5},
                    {"name": "south", "share": 0.5},
                ],
            ),
            [0],
        )
        rows = table_rows(parse(compare_page(a, b)), "Groups and signed disparities")
        assert row(rows, "Ever blacklisted per 1,000, north")[0] == "not in this run"
        assert row(rows, "Ever blacklisted per 1,000, majority")[1] == "not in this run"

    def test_escapes_names_from_either_run(self) -> None:
        sc = scenario("baseline", citizens=300, days=10, name=MALICIOUS)
        a = stored_run(load_policy("default"), sc, [0], name=MALICIOUS.replace("/", "_"))
        b = small_run("default", "baseline", (0,), citizens=600, days=20)
        page = compare_page(a, b)
        assert "<script" not in page
        assert_offline(parse(page))


def table_head(doc: Node, caption: str) -> list[str]:
    """The column headers of the table whose caption starts with `caption`."""
    for table in doc.all("table"):
        cap = table.all("caption")
        if cap and cap[0].text().startswith(caption):
            return [th.text() for th in table.all("th") if th.attrs.get("scope") == "col"]
    raise AssertionError(f"no table captioned {caption!r}")


@pytest.fixture(scope="module")
def trio(pair: tuple[StoredRun, StoredRun]) -> tuple[StoredRun, StoredRun, StoredRun]:
    """The pair and a third run of the same population that shares no seed with A."""
    return (*pair, small_run("classic", "biased-collectors", (7,), citizens=1500, days=90))


@pytest.fixture(scope="module")
def comparison_of_three(trio: tuple[StoredRun, StoredRun, StoredRun]) -> str:
    return compare_page(*trio)


class TestComparisonOfThree:
    def test_is_a_well_formed_self_contained_html5_page(self, comparison_of_three: str) -> None:
        assert_well_formed_page(parse(comparison_of_three))

    def test_has_a_column_per_run_and_per_difference_with_the_first(
        self, trio: tuple[StoredRun, StoredRun, StoredRun], comparison_of_three: str
    ) -> None:
        a, b, c = (population(s) for s in trio)
        doc = parse(comparison_of_three)
        assert table_head(doc, "Key figures") == [
            "Figure",
            "A: default \u00b7 biased-collectors",
            "B: classic \u00b7 biased-collectors",
            "C: classic \u00b7 biased-collectors",
            "B \u2212 A",
            "C \u2212 A",
        ]
        for caption in ("Services", "Citizens per observed grade", "Groups and signed"):
            assert table_head(doc, caption)[1:] == ["A", "B", "C", "B \u2212 A", "C \u2212 A"]
        assert table_head(doc, "What each policy may collect") == ["Aspect", "A", "B", "C"]
        name = "black.final"
        paired = paired_difference(
            {r.seed: r.metrics[name] for r in a.runs}, {r.seed: r.metrics[name] for r in b.runs}
        )
        # C shares no seed with A: C − A is the difference of the means, with a Welch interval.
        welch = difference_of_means(
            [r.metrics[name] for r in a.runs], [r.metrics[name] for r in c.runs]
        )
        assert row(table_rows(doc, "Key figures"), "Blacklisted at the end") == [
            cell_text(a, name),
            cell_text(b, name),
            cell_text(c, name),
            fmt_difference(paired, "count"),
            fmt_difference(welch, "count"),
        ]
        assert row(table_rows(doc, "Key figures"), "Policy") == [
            "default",
            "classic",
            "classic",
            DASH,
            DASH,
        ]

    def test_states_how_each_difference_is_taken(self, comparison_of_three: str) -> None:
        text = parse(comparison_of_three).text()
        assert "B \u2212 A is paired: the difference seed by seed over the 3 seeds both" in text
        assert "C \u2212 A is not paired (the runs share no seed)" in text

    def test_differences_taken_alike_read_as_one_sentence(
        self, pair: tuple[StoredRun, StoredRun]
    ) -> None:
        a, b = pair
        paragraphs = parse(compare_page(a, b, a)).all("p")
        lead = next(
            p.text() for p in paragraphs if "paired" in p.text() and "headline" not in p.classes()
        )
        assert lead == (
            "B \u2212 A and C \u2212 A are paired: the difference seed by seed over the 3 seeds "
            "each pair of runs shares (the same citizens, collectors and conduct draws; the acts "
            "differ only for citizens whose standing differs between the runs), with the 95% "
            "interval of its mean (Student t). pp: percentage points."
        )

    def test_names_every_run_and_says_which_line_and_bar_is_which(
        self, comparison_of_three: str
    ) -> None:
        doc = parse(comparison_of_three)
        heading = doc.all("h1")[0].text()
        assert heading == (
            "default on biased-collectors (A) against classic on biased-collectors (B) and "
            "classic on biased-collectors (C)"
        )
        title = doc.all("title")[0].text()
        assert title.startswith("A: default \u00b7 biased-collectors vs B: classic")
        assert "vs C: classic" in title
        lists = next(s for s in doc.all("section") if s.attrs["id"] == "lists")
        text = svg_text(lists.all("svg")[0])
        for tag in "ABC":
            assert f"{tag}: " in text
        caption = lists.all("figcaption")[0].text()
        assert "A solid, B dashed, C dotted" in caption
        assert "A solid, B dashed." not in caption
        grades = next(s for s in doc.all("section") if s.attrs["id"] == "grades")
        assert "A solid, B hatched, C back-hatched" in grades.all("figcaption")[0].text()
        leads = [p.text() for p in doc.all("p") if "lead" in p.classes()]
        assert leads[0].startswith(
            "B (classic on biased-collectors) against A (default"
        )  # headline
        assert leads[3].startswith("C (dotted lines, back-hatched green bars): policy classic")

    def test_one_run_is_not_a_comparison(self, pair: tuple[StoredRun, StoredRun]) -> None:
        with pytest.raises(ValueError, match="at least two runs"):
            render_comparison(pair[0], differences=differences([r.record for r in pair]))


class TestRunStyles:
    def test_six_runs_get_six_colours_hatches_and_line_styles_then_cycle(self) -> None:
        fake = [make_run(population(small_run()), small_run().series, run_tag(i)) for i in range(7)]
        styles = run_styles(fake)
        assert len({(colour, hatch) for _, colour, hatch in styles[:6]}) == 6
        assert len({hatch for _, _, hatch in styles[:6]}) == 6  # apart in greyscale too
        assert styles[6][1:] == styles[0][1:]
        assert len({str(run_line(i)[0]) for i in range(6)}) == 6
        assert bar_key(fake[:3]) == "A solid, B hatched, C back-hatched"
        assert line_key(fake[:4]) == "A solid, B dashed, C dotted, D dash-dot"

    def test_tags_go_past_z_as_spreadsheet_columns_do(self) -> None:
        assert [run_tag(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
            "A",
            "B",
            "Z",
            "AA",
            "AB",
            "AZ",
            "BA",
        ]


@pytest.fixture(scope="module")
def game() -> ReputationRecord:
    sc = ReputationScenario(
        kind="reputation-game",
        name="stern-judging",
        norm="L6",
        citizens=60,
        replicates=6,
        rounds_per_citizen=80,
        burn_in=0.2,
        execution_error=0.05,
        assessment_error=0.02,
        benefit=3.0,
        cost=1.0,
    )
    return reputation_record(run_reputation_game(sc, 7), 7)


class TestReputationReport:
    def test_is_a_well_formed_self_contained_html5_page(self, game: ReputationRecord) -> None:
        assert_well_formed_page(parse(render_reputation_report(game)))

    def test_sets_simulation_against_the_expected_exact_and_mean_field_values(
        self, game: ReputationRecord
    ) -> None:
        doc = parse(render_reputation_report(game))
        rows = table_rows(doc, "Simulation against the analytic references")
        good = row(rows, "Good share")
        s = game.good_share
        assert good[0] == f"{s.mean:.4f} ({s.low:.4f}\u2013{s.high:.4f})"
        assert good[1] == f"{game.expected_good_share:.4f}"
        assert good[2] == ("yes" if s.low <= game.expected_good_share <= s.high else "no")  # type: ignore[operator]
        assert good[3:] == [f"{game.exact_good_share:.4f}", f"{game.analytic_good_share:.4f}"]
        assert row(rows, "Mean payoff")[1:] == [DASH, DASH, DASH, DASH]

    def test_plots_the_good_share_with_the_references_and_the_burn_in(
        self, game: ReputationRecord
    ) -> None:
        doc = parse(render_reputation_report(game))
        series = next(s for s in doc.all("section") if s.attrs["id"] == "series")
        text = svg_text(series.all("svg")[0])
        assert f"mean-field {game.analytic_good_share:.3f}" in text
        assert "end of burn-in" in text

    def test_shows_the_scenario_escaped(self, game: ReputationRecord) -> None:
        odd = game.model_copy(
            update={"scenario": game.scenario.model_copy(update={"name": MALICIOUS})}
        )
        page = render_reputation_report(odd)
        assert "<script" not in page
        assert row(table_rows(parse(page), "Scenario"), "norm") == ["L6"]


@pytest.fixture(scope="module")
def moving() -> Node:
    """The report of a small town whose collectors all go where most reports came from."""
    allocation = {"rule": "max", "period_days": 7, "correction": False}
    town = scenario(
        "runaway-collectors", citizens=400, days=30, observation__collectors__allocation=allocation
    )
    return parse(render(stored_run(load_policy("default"), town, (0,))))


class TestWhereCollectorsWent:
    """A run whose collectors move shows each district's share of them against its share of
    the bad acts; a run with fixed collectors has no such section."""

    def test_it_draws_a_panel_per_district_of_collectors_against_bad_acts(
        self, moving: Node
    ) -> None:
        section = next(s for s in moving.all("section") if s.attrs["id"] == "collectors")
        assert len(section.all("svg")) == 1
        drawn = svg_text(section.all("svg")[0])
        for words in ("District d1", "District d2", "share of collectors", "share of bad acts"):
            assert words in drawn
        # Under `max` every collector is in one district after the first week.
        cells = [td.text() for td in section.all("td")]
        assert cells[-1].startswith("100")

    def test_fixed_collectors_have_no_such_section(self, doc: Node) -> None:
        assert "collectors" not in [s.attrs["id"] for s in doc.all("section")]
