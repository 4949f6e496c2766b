"""The explorer's session and server, without a browser: what a setting gives, what it refuses,
and that a saved rulebook checks and runs to the explorer's own figures."""

from __future__ import annotations

import contextlib
import json
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socialcredit.cli import main
from socialcredit.domain.errors import ScenarioError
from socialcredit.explore import Explorer, Server, SettingError, Town
from socialcredit.explore.session import _lists

TOWN = Town(citizens=400, days=40, seeds=(0, 1))
BLACK = "policy.lists.black.enter.score_below"
COLLECTORS = "scenario.observation.collectors.per_1000"


@pytest.fixture(scope="module")
def explorer() -> Explorer:
    return Explorer("default", "baseline", TOWN)


def test_every_lever_has_a_unit_and_a_range_that_holds_its_start(explorer: Explorer) -> None:
    docs = explorer.lever_documents()
    paths = [d["path"] for d in docs]
    for wanted in (
        BLACK,
        "policy.lists.black.notice_days",
        "policy.lists.black.publish",
        "policy.categories.social_media.enabled",
        "policy.sources.collectors.review_required",
        "scenario.observation.feeds.financial.coverage",
        COLLECTORS,
        "scenario.behaviour.certainty",
    ):
        assert wanted in paths
    for d in docs:
        if d["kind"] == "number":
            assert d["low"] <= d["value"] <= d["high"], d
            assert d["unit"]
        elif d["kind"] == "choice":
            assert d["value"] in d["choices"]
    certainty = next(d for d in docs if d["path"] == "scenario.behaviour.certainty")
    assert (certainty["low"], certainty["high"]) == (0.1, 0.5)  # the scenario's plausible range
    assert "Chalfin" in certainty["source"]


def test_a_world_that_is_not_a_town_is_refused_at_the_start() -> None:
    with pytest.raises(ScenarioError, match="reputation-game scenario, not a population one"):
        Explorer("default", "reputation-game", TOWN)


def test_a_world_that_cannot_run_the_comparisons_runs_without_them() -> None:
    """The court-blacklist world declares no civic acts: `none`, `default` and `classic`
    cannot run there, so the setting stands alone against its start."""
    alone = Explorer("court-defaulters", "court-blacklist", Town(300, 20, (0,)))
    assert alone.none is None
    assert alone.shipped == {}
    shown = alone.evaluate({})
    assert all(row["vs_none"] is None for row in shown["key"])
    assert shown["point"]["benefit"] is None
    assert "Against no scoring" not in shown["headline"]


def test_the_start_is_paired_against_itself_and_no_scoring(explorer: Explorer) -> None:
    shown = explorer.evaluate({})
    assert shown["seeds"] == [0, 1]
    assert (shown["citizens"], shown["days"]) == (400, 40)
    assert shown["paired"] == {"none": True, "start": True}
    for row in shown["key"]:
        assert row["vs_start"]["mean"] == 0.0  # the starting rulebook against itself
    assert shown["headline"].startswith("This rulebook blacklists ")
    assert shown["audit"]["verdict"] in ("pass", "warn", "fail")
    assert set(shown["shipped"]) == {"default", "classic"}
    assert shown["point"] == shown["shipped"]["default"]
    h = shown["histogram"]
    assert len(h["edges"]) == len(h["observed"]) + 1 == len(h["true"]) + 1
    assert sum(h["observed"]) == pytest.approx(400)
    assert len(shown["lists"]["black"]) == 40


def test_a_bias_the_world_lacks_can_be_moved_against_its_smallest_group(
    explorer: Explorer, tmp_path: Path
) -> None:
    path = "scenario.observation.collectors.bias.factor"
    lever = next(d for d in explorer.lever_documents() if d["path"] == path)
    assert (lever["value"], lever["label"]) == (1.0, "Collectors' bias against minority")
    shown = explorer.evaluate({path: 8.0})
    assert shown["key"]
    explorer.save({path: 8.0}, tmp_path, "biased")
    world = (tmp_path / "biased-world.yaml").read_text(encoding="utf-8")
    assert "bias:\n      factor: 8.0\n      group: minority" in world


def test_where_citizens_spend_effort_on_their_scores_its_levers_and_split_are_shown() -> None:
    """In the strategic town the budget and costs are world levers within their plausible
    ranges, and the key figures say what the score gain is made of; in the baseline town,
    neither (the figures are undefined there)."""
    strategic = Explorer("classic", "strategic", TOWN)
    levers = {d["path"]: d for d in strategic.lever_documents()}
    budget = levers["scenario.strategy.budget"]
    assert (budget["value"], budget["low"], budget["high"]) == (0.5, 0.1, 1.0)
    assert "judgement" in budget["source"]

    def gaming(setting: dict[str, Any]) -> float:
        shown = strategic.evaluate(setting)
        names = {row["name"] for row in shown["key"]}
        assert {"strategy.improvement_share", "strategy.gaming_share"} <= names
        row = next(r for r in shown["key"] if r["name"] == "strategy.gaming_share")
        # A world lever moves the start too: the rulebook against itself in the new world.
        assert row["vs_start"]["mean"] == 0.0
        return float(row["value"]["mean"])

    assert gaming({"scenario.strategy.costs.game": 0.5}) > gaming({})  # cheaper, more of it
    plain = Explorer("classic", "baseline", TOWN)
    assert not any(d["path"].startswith("scenario.strategy") for d in plain.lever_documents())
    assert not any(r["name"].startswith("strategy.") for r in plain.evaluate({})["key"])


def test_a_moved_lever_changes_the_figures_against_the_start(explorer: Explorer) -> None:
    shown = explorer.evaluate({BLACK: 990, "policy.lists.black.exit.score_at_least": 1000})
    ever = next(r for r in shown["key"] if r["name"] == "ever_blacklisted_per_1000")
    assert ever["vs_start"]["mean"] > 0  # entering at 990 lists more than entering at 850


def test_a_world_moved_alone_reuses_the_starting_rulebooks_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    explorer = Explorer("default", "baseline", TOWN)
    asked: list[list[str]] = []
    many = explorer._many

    def counting(policies: list[Any], scenario: Any) -> Any:
        asked.append([p.name for p in policies])
        return many(policies, scenario)

    monkeypatch.setattr(explorer, "_many", counting)
    # A new world, the rulebook at its start: the comparisons run, the setting is the start.
    shown = explorer.evaluate({COLLECTORS: 6})
    assert asked == [["none", "default", "classic"]]
    assert shown["point"] == shown["shipped"]["default"]
    # What it shows is what the start's runs in that world give.
    runs = many([explorer.start], explorer._scenario({COLLECTORS: 6}))[0]
    assert shown["lists"] == _lists(runs)
    for row in shown["key"]:
        assert row["vs_start"]["mean"] == 0.0
    # The same world with the rulebook moved runs the setting alone, and the start again
    # (the rulebook back at its start) runs nothing and shows the same figures as before.
    exit_ = "policy.lists.black.exit.score_at_least"
    moved = explorer.evaluate({COLLECTORS: 6, BLACK: 990, exit_: 1000})
    assert asked[1:] == [["default"]]
    ever = next(r for r in moved["key"] if r["name"] == "ever_blacklisted_per_1000")
    assert ever["vs_start"]["mean"] > 0
    assert explorer.evaluate({COLLECTORS: 6, BLACK: 850}) == shown
    assert len(asked) == 2


def test_its_processes_are_at_most_the_runs_of_one_move() -> None:
    """A world lever's move runs no scoring, the start, the other shipped policy and the
    setting over the seeds: the most processes that can all be busy at once. The pool starts
    its processes on its first task, so none is started here."""
    many = Explorer("default", "baseline", TOWN, workers=64)
    few = Explorer("default", "baseline", TOWN, workers=3)
    # A world where neither no scoring nor a shipped policy can run: the start and the setting.
    alone = Explorer("court-defaulters", "court-blacklist", Town(300, 20, (0, 1)), workers=64)
    try:
        assert many.most_runs == many.processes == 4 * len(TOWN.seeds)
        assert few.processes == 3
        assert alone.most_runs == alone.processes == 2 * 2
    finally:
        for explorer in (many, few, alone):
            explorer.close()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"policy.nothing": 1}, "is not a lever"),
        ({BLACK: 5000}, "takes 0 to 1500"),
        ({BLACK: "high"}, "takes a number"),
        ({"policy.categories.health.enabled": 1}, "takes true or false"),
        ({"policy.lists.black.publish": "loud"}, "takes one of"),
        ({BLACK: 990}, "list-exit-overlaps-entry"),
    ],
)
def test_a_setting_that_cannot_run_is_refused_in_words(
    explorer: Explorer, setting: dict[str, Any], message: str
) -> None:
    with pytest.raises(SettingError, match=message):
        explorer.evaluate(setting)


def test_a_story_of_the_current_setting_is_told(explorer: Explorer) -> None:
    told = explorer.story({BLACK: 880}, "random")
    assert told["summary"].startswith("Citizen #")
    assert told["lines"]
    assert all(set(line) == {"date", "text", "key"} for line in told["lines"])
    with pytest.raises(SettingError, match="not a kind of story"):
        explorer.story({}, "villains")


def test_a_saved_rulebook_checks_and_runs_to_the_explorers_figures(
    explorer: Explorer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setting = {BLACK: 880, COLLECTORS: 4.0, "policy.categories.social_media.enabled": True}
    shown = explorer.evaluate(setting)
    written = explorer.save(setting, tmp_path, "mine")
    assert [p.name for p in written] == ["mine.yaml", "mine-world.yaml"]
    with pytest.raises(SettingError, match="exists"):
        explorer.save(setting, tmp_path, "mine")
    monkeypatch.chdir(tmp_path)
    main(["policy", "check", "mine.yaml"])  # one line on stderr and exit 2 if it were not
    command = next(
        line.removeprefix("#   ").strip()
        for line in written[0].read_text(encoding="utf-8").splitlines()
        if line.startswith("#   socialcredit simulate")
    )
    main(shlex.split(command)[1:])
    record = json.loads((tmp_path / "runs" / "mine" / "metrics.json").read_text())
    for row in shown["key"]:
        assert record["metrics"][row["name"]]["mean"] == row["value"]["mean"], row["name"]


@pytest.fixture(scope="module")
def server(explorer: Explorer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(explorer, tmp_path_factory.mktemp("saved"))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def _ask(server: Server, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url.rstrip("/") + path, data=data)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _addresses() -> list[str]:
    """This machine's IPv4 addresses other than the loopback ones: its name's, and the one it
    would reach other machines from (a UDP socket's connect sends nothing)."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found |= {str(i[4][0]) for i in infos}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, contextlib.suppress(OSError):
        probe.connect(("10.255.255.255", 9))
        found.add(probe.getsockname()[0])
    return sorted(a for a in found if not a.startswith(("127.", "0.")))


def test_the_server_listens_on_the_loopback_address_alone(server: Server) -> None:
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    others = _addresses()
    if not others:
        pytest.skip("this machine has no address but the loopback one")
    for address in others:
        with (
            pytest.raises((ConnectionRefusedError, TimeoutError)),
            socket.create_connection((address, port), timeout=5),
        ):
            pass


def _raw(server: Server, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=60) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):  # a refusal closes the connection
            answer += chunk
        return answer


@pytest.mark.parametrize(
    ("request_", "status", "why"),
    [
        # DNS rebinding: a page of another name that resolves to 127.0.0.1 reads nothing.
        (b"GET /api/levers HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n", 403, b"only"),
        # A cross-site form posts text/plain: no run, no file.
        (
            b"POST /api/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain"
            b"\r\nContent-Length: 2\r\n\r\n{{}}",
            403,
            b"is JSON",
        ),
        (
            b"POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example"
            b"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}",
            403,
            b"own page",
        ),
        (
            b"POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: "
            b"application/json\r\nContent-Length: lots\r\n\r\n",
            400,
            b"at most 1 MiB",
        ),
        (
            b"POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: "
            b"application/json\r\nContent-Length: 5\r\n\r\n[[[[[",
            400,
            b"not JSON",
        ),
    ],
)
def test_requests_from_elsewhere_or_malformed_are_refused(
    server: Server, request_: bytes, status: int, why: bytes
) -> None:
    answer = _raw(server, request_.replace(b"{port}", str(server.server_address[1]).encode()))
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:80]
    assert why in answer


def test_the_server_answers_levers_figures_and_refusals(server: Server) -> None:
    status, levers = _ask(server, "/api/levers")
    assert status == 200
    assert levers["policy"] == "default"
    status, shown = _ask(server, "/api/evaluate", {"setting": {}})
    assert status == 200
    assert shown["key"]
    status, refused = _ask(server, "/api/evaluate", {"setting": {BLACK: 5000}})
    assert (status, refused["error"]) == (422, f"{BLACK} takes 0 to 1500, not 5000")
    status, refused = _ask(server, "/api/save", {"setting": {}, "name": "Bad Name"})
    assert status == 422
    status, _ = _ask(server, "/nowhere")
    assert status == 404


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        # A thread may end between the listing and the read: it has no children left then.
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_stopping_the_explorer_leaves_no_worker_behind(sig: int, tmp_path: Path) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "socialcredit", "explore", "--citizens", "200", "--days", "10"]
    cmd += ["--workers", "2", "--port", str(port), "--save-to", str(tmp_path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert "is at http://127.0.0.1:" in proc.stdout.readline()
        body = json.dumps({"setting": {}}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/evaluate", data=body)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
            assert answer.status == 200
        workers = _children(proc.pid)
        assert len(workers) >= 2
    finally:
        proc.send_signal(sig)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    assert alive == []
