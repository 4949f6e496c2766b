"""The harm card: the audit of one policy on one self-contained page, its verdict in words as
well as colour, every finding with its place in the policy, and, with a simulation, evidence
and fairness between groups.

Cards are rendered from the audit documents of `tests/audit_documents.py`, which the schema
tests hold to the published schema; the HTML is walked with the standard library's parser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from socialcredit.audit import audit_schema
from socialcredit.report import render_harm_card
from socialcredit.report.kit.text import fmt_figure
from tests.audit_documents import DOCUMENTS, classic_simulated, classic_static, none_static
from tests.support import Node, assert_well_formed_page, parse, row, table_rows

MALICIOUS = "<script>alert(1)</script>"


def section(doc: Node, ident: str) -> Node:
    [found] = [n for n in doc.all("section") if n.attrs.get("id") == ident]
    return found


def verdict(doc: Node) -> Node:
    [banner] = [n for n in doc.all("p") if "verdict" in n.classes()]
    return banner


def findings(doc: Node) -> list[Node]:
    return [n for n in doc.all("article") if "finding" in n.classes()]


def facts(dl: Node) -> dict[str, str]:
    """A definition list as term -> description text."""
    terms = [t.text() for t in dl.all("dt")]
    return dict(zip(terms, [d.text() for d in dl.all("dd")], strict=True))


def card(document: dict[str, Any]) -> Node:
    Draft202012Validator(audit_schema()).validate(document)
    return parse(render_harm_card(document))


def warn_only() -> dict[str, Any]:
    """The classic audit with every fail read as a warn."""
    document = classic_static()
    for f in document["findings"]:
        f["verdict"] = "warn" if f["verdict"] == "fail" else f["verdict"]
    document["verdict"] = "warn"
    return document


@pytest.fixture(scope="module")
def simulated() -> Node:
    return card(classic_simulated())


@pytest.fixture(scope="module")
def static() -> Node:
    return card(classic_static())


class TestHarmCard:
    @pytest.mark.parametrize("make", DOCUMENTS.values(), ids=list(DOCUMENTS))
    def test_is_a_well_formed_self_contained_html5_page(
        self, make: Callable[[], dict[str, Any]]
    ) -> None:
        assert_well_formed_page(card(make()), figures=False)

    @pytest.mark.parametrize(
        ("make", "word", "why"),
        [
            (classic_static, "fail", "33 of 45 findings fail, 12 warn"),
            (warn_only, "warn", "No finding fails; 45 of 45 findings warn"),
            (none_static, "pass", "All 10 findings pass."),
        ],
        ids=["fail", "warn", "pass"],
    )
    def test_states_the_verdict_in_words_as_well_as_colour(
        self, make: Callable[[], dict[str, Any]], word: str, why: str
    ) -> None:
        doc = card(make())
        banner = verdict(doc)
        assert f"is-{word}" in banner.classes()
        [strong] = banner.all("strong")
        assert strong.text() == word
        assert banner.text().startswith(f"Verdict {word} {why}")
        # The banner opens the page, before the table of contents.
        header = doc.all("header")[0]
        assert banner in header.walk()
        assert header.text().index("Verdict") < header.text().index("Contents")

    def test_names_the_policy_its_file_and_its_hash(self, static: Node) -> None:
        lead = static.all("header")[0].text()
        document = classic_static()
        for value in document["policy"].values():
            assert value in lead
        assert static.all("h1")[0].text() == "Harm card: policy \u201cclassic\u201d"

    def test_says_it_is_not_legal_advice(self, static: Node) -> None:
        assert "they are not legal advice" in static.all("header")[0].text()
        assert "not legal advice" in section(static, "reading").text()

    def test_lists_each_rule_with_its_worst_verdict_and_counts(self, static: Node) -> None:
        rows = table_rows(static, "Each rule's worst verdict")
        assert len(rows) == 10
        assert row(rows, "ai-act-5-1-c-i") == ["fail", "17 fail", "EU AI Act Art. 5(1)(c)(i)"]
        assert row(rows, "gdpr-9") == ["warn", "2 warn", "GDPR Art. 9(1)–(2)"]
        assert row(rows, "public-shaming")[:2] == ["fail", "1 fail, 1 warn"]

    @pytest.mark.parametrize("make", DOCUMENTS.values(), ids=list(DOCUMENTS))
    def test_shows_every_finding_with_its_rule_citation_place_and_quoted_line(
        self, make: Callable[[], dict[str, Any]]
    ) -> None:
        document = make()
        articles = findings(card(document))
        assert len(articles) == len(document["findings"])
        shown = {a.all("h4")[0].attrs["id"]: a for a in articles}
        assert len(shown) == len(articles)
        for f in document["findings"]:
            heading = f"{f['verdict']} {f['rule']} {f['title']}"
            place = f"{f['file']}" + (f":{f['line']}" if f["line"] else "")
            place += f", field {f['field']}" if f["field"] else ""
            matches = [
                a
                for a in articles
                if a.all("h4")[0].text() == heading
                and f["message"] in a.text()
                and facts(a.all("dl")[0])["Where"].startswith(place)
            ]
            assert matches, f
            a = matches[0]
            assert f["verdict"] in a.classes()
            assert facts(a.all("dl")[0])["Citation"] == f["citation"]
            if f["quote"] is None:
                assert a.all("pre") == []
                continue
            [pre] = a.all("pre")
            assert [c.tag for c in pre.all("code")] == ["code"]
            assert pre.text() == " ".join(f["quote"].split())

    def test_groups_the_findings_worst_first(self, static: Node) -> None:
        order = [
            next(v for v in ("fail", "warn", "pass") if v in a.classes()) for a in findings(static)
        ]
        assert order == sorted(order, key=["fail", "warn", "pass"].index)
        headings = [h.text() for h in section(static, "findings").all("h3")]
        assert headings == ["fail 33 findings", "warn 12 findings"]

    def test_shows_the_evidence_of_a_finding_with_its_interval_and_unit(
        self, simulated: Node
    ) -> None:
        with_evidence = [
            a for a in findings(simulated) if "Evidence from the simulation" in a.text()
        ]
        assert len(with_evidence) == 7
        flight = next(a for a in with_evidence if "services.flight.rules.0" in a.text())
        items = [li.text() for li in flight.all("li")]
        assert items == [
            "Citizens ever denied a flight: 61.8 (57.2–66.4) per 1,000 citizens",
            "Of them, denied wrongly: 19.4 (16.9–21.9) per 1,000 citizens",
        ]
        assert "Wrongly: the true ledger would not have listed them." in flight.text()
        gdpr = next(a for a in with_evidence if "categories.health.legal_basis" in a.text())
        assert "Sensitive categories the score reads: 2 categories" in gdpr.text()
        notice = next(a for a in with_evidence if "lists.black.notice_days" in a.text())
        assert "12,480 (11,710–13,250) citizen-days" in notice.text()

    def test_without_a_scenario_says_evidence_and_fairness_need_one(self, static: Node) -> None:
        assert not any("Evidence from the simulation" in a.text() for a in findings(static))
        assert "needs --scenario" in section(static, "findings").text()
        fairness = section(static, "fairness")
        assert fairness.all("table") == []
        assert "needs a simulation" in fairness.text()
        assert "--scenario" in fairness.text()
        assert "No simulation was run" in section(static, "simulation").text()

    def test_compares_each_group_with_the_reference_and_flags_the_four_fifths_band(
        self, simulated: Node
    ) -> None:
        rows = table_rows(simulated, "Each group against the reference group, majority")
        assert len(rows) == len(classic_simulated()["fairness"])
        listed = row(rows, "minority is wrongly listed 2.3× as often as majority")
        assert listed == ["2.1% (1.8%–2.5%)", "0.92% (0.81%–1.03%)", "2.33 (1.95–2.74)", "outside"]
        # Flagged only where the whole interval lies outside the band; where it reaches
        # across an edge of the band, these seeds cannot tell.
        missed = row(rows, "minority is missed by the list 0.86× as often as majority; the 95%")
        assert missed[2:] == ["0.86 (0.71–1.02)", "cannot tell"]
        wrong = row(rows, "of minority's listings, 1.03× as large a share is wrong")
        assert wrong[2:] == ["1.03 (0.92–1.15)", "within"]
        undefined = row(rows, "undefined: true conduct refuses no minority citizen a school place")
        assert undefined == ["—", "50% (0%–100%)", "—", "undefined"]
        heads = [th for th in section(simulated, "fairness").all("th") if "black list" in th.text()]
        assert any(
            th.text().endswith("black list: false positive rate; minority against majority")
            for th in heads
        )
        # The flag is a word in a marked box, not a colour alone.
        flags = [s for s in section(simulated, "fairness").all("span") if "flag" in s.classes()]
        assert [s.text() for s in flags] == ["outside"] * 3

    def test_calls_out_the_comparisons_outside_the_band_in_words(self, simulated: Node) -> None:
        fairness = section(simulated, "fairness")
        [callout] = [n for n in fairness.all("div") if "callout" in n.classes()]
        assert callout.text().startswith(
            "3 of 6 comparisons fall outside the four-fifths band beyond the noise of the seeds"
        )
        assert [li.text() for li in callout.all("li")] == [
            "minority is on the black list 1.9× as often as majority",
            "minority is wrongly listed 2.3× as often as majority",
            "minority is denied a flight 1.8× as often as majority",
        ]

    def test_defines_each_measure_for_lists_and_services(self, simulated: Node) -> None:
        pairs = facts(section(simulated, "fairness").all("dl")[0])
        assert pairs["black list: false positive rate"] == (
            "of the citizen-days true conduct keeps off the black list, the share on it"
        )
        assert pairs["flight: rate denied or restricted"] == (
            "the share of citizen-days denied or restricted at flight"
        )
        assert pairs["school: false negative rate"] == (
            "of the citizen-days true conduct closes school, the share let through"
        )

    def test_a_reference_never_hit_shows_the_lower_bound_of_the_ratio(self) -> None:
        document = classic_simulated()
        words = "minority is wrongly listed (rate 0.0397) while majority never is"
        document["fairness"][1].update(
            reference_rate={"mean": 0.0, "low": 0.0, "high": 0.0001},
            ratio={"mean": None, "low": 266.0, "high": None},
            words=words,
        )
        rows = table_rows(card(document), "Each group against the reference group, majority")
        assert row(rows, words)[2:] == ["— (at least 266.00)", "outside"]

    def test_a_scenario_of_one_group_has_no_fairness_to_show(self) -> None:
        document = classic_simulated()
        document["fairness"] = []
        fairness = section(card(document), "fairness")
        assert fairness.all("table") == []
        assert "one group" in fairness.text()

    def test_shows_the_data_footprint_with_sensitive_categories_and_their_basis(
        self, static: Node, simulated: Node
    ) -> None:
        rows = table_rows(static, "What the policy may collect and publish")
        assert "health sensitive" in row(rows, "Data categories scored")[0]
        assert row(rows, "Legal basis for health sensitive") == [
            "Municipal credit regulation (assumed for the model)."
        ]
        assert row(rows, "Data feeds")[0].startswith("11: police_records")
        assert row(rows, "Collectors' reports reviewed before they count") == ["no"]
        assert row(rows, "Consent asked before scoring") == ["no"]
        assert row(rows, "Published lists") == ["black list: full; red list: full"]
        assert not any(k.startswith("Observations") for k in rows)
        rows = table_rows(simulated, "What the policy may collect and publish")
        assert row(rows, "Observations per citizen-year in the simulation") == [
            "61.4 records per citizen per year"
        ]

    def test_shows_the_simulation_it_comes_from(self, simulated: Node) -> None:
        pairs = facts(section(simulated, "simulation").all("dl")[0])
        scenario = classic_simulated()["simulation"]["scenario"]
        assert pairs == {
            "Scenario": "biased-collectors",
            "Scenario file": "biased-collectors.yaml",
            "Content hash": scenario["hash"],
            "Synthetic citizens": "10,000",
            "Days": "365",
            "Seeds (5)": "0, 1, 2, 3, 4",
            "Reference group": "majority",
        }
        assert "over 5 seeds" in simulated.all("header")[0].text()

    def test_a_finding_on_a_policy_read_from_no_file_says_so(self) -> None:
        document = classic_static()
        document["findings"] = document["findings"][:1]
        document["findings"][0].update(file=None, line=None, field=None, quote=None)
        [article] = findings(card(document))
        assert facts(article.all("dl")[0])["Where"] == "the policy (read from no file)"
        assert article.all("pre") == []

    def test_escapes_text_from_the_document(self) -> None:
        document = classic_simulated()
        document["policy"]["name"] = MALICIOUS
        finding = next(f for f in document["findings"] if f["evidence"])
        finding.update(message=MALICIOUS, quote=MALICIOUS, title=MALICIOUS)
        finding["evidence"]["figures"][0]["label"] = MALICIOUS
        document["fairness"][0]["words"] = MALICIOUS
        document["footprint"]["categories"].append(MALICIOUS)
        document["simulation"]["scenario"]["name"] = MALICIOUS
        page = render_harm_card(document)
        doc = parse(page)
        assert all(n.tag != "script" for n in doc.walk())
        assert page.count("&lt;script&gt;") >= 8

    def test_is_reproducible(self) -> None:
        document = classic_simulated()
        assert render_harm_card(document) == render_harm_card(classic_simulated())


class TestFigureText:
    @pytest.mark.parametrize(
        ("stat", "text"),
        [
            ((12.3, 10.1, 14.5), "12.3 (10.1–14.5)"),
            ((5.02, 4.97, 5.08), "5.02 (4.97–5.08)"),
            ((12480.0, 11710.0, 13250.0), "12,480 (11,710–13,250)"),
            ((2.0, None, None), "2"),
            ((0.0231, 0.0198, 0.0264), "0.0231 (0.0198–0.0264)"),
            ((-0.5, -1.0, 0.25), "−0.500 (−1.000 to 0.250)"),
            ((-0.0001, None, None), "−0.000100"),
            ((None, None, None), "—"),
        ],
    )
    def test_writes_a_figure_to_three_significant_digits_with_its_interval(
        self, stat: tuple[float | None, float | None, float | None], text: str
    ) -> None:
        assert fmt_figure(stat) == text

    def test_puts_the_suffix_on_every_number(self) -> None:
        assert fmt_figure((5.83, 5.21, 6.45), "%", digits=2) == "5.8% (5.2%–6.5%)"
