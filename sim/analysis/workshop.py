"""The class report: a folder of a workshop's replays, verified and compared, for the debrief.

Every replay in the folder is re-run (`sim.record.replay.verify`) before it counts: a file that is
damaged, edited, unfinished, played from another pack, with another seed than the pack assigns
its player's name, or a second game by the same person, is listed as rejected with the reason and
never counted. What the class did then comes from each game's own debrief
(`sim.analysis.debrief`), read from the participant's side: a row per participant, the agreement
rate and the spread of outcomes, who found the trades across issues and how much value the class
left against the Pareto frontier, the most common turning points, and discussion prompts that
name the class's own games.

The report is a plain JSON-ready dict; `render(report, fmt)` writes it as text, Markdown, CSV or
one self-contained HTML page (`sim.analysis.report_html`). Files are read in a fixed order and
everything is rounded, so the same folder always gives byte-identical output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any, overload

import numpy as np
from attrs import frozen

from sim import __version__
from sim.analysis.debrief import debrief
from sim.core.outcomes import OutcomeSpace
from sim.core.safe_text import for_csv, for_markdown, plain
from sim.core.scenario import Scenario
from sim.record.batch import run_ordered
from sim.record.replay import SUFFIX, Replay, ReplayError, fold, read_replay, scenario_for, verify
from sim.record.workshop import Pack, PackError, normalize_name

FORMATS = ("text", "markdown", "html", "csv")
TURNING_POINT_MIN = 5.0  # leverage points: smaller moves are drift, not a turning point
CHART_WIDTH = 30
CSV_COLUMNS = (
    "participant",
    "file",
    "status",
    "seed",
    "outcome",
    "round",
    "points",
    "batna",
    "counterpart_points",
    "surplus_share",
    "efficiency",
    "bluffs",
    "trades_found",
    "left_on_table",
    "reason",
)


@overload
def _r(value: float, places: int = 2) -> float: ...
@overload
def _r(value: None, places: int = 2) -> None: ...
def _r(value: float | None, places: int = 2) -> float | None:
    if value is None:
        return None
    value = round(float(value), places)
    return 0.0 if value == 0 else value


# -- reading the folder ---------------------------------------------------------------------------


# Why a file was not counted, in the order the report lists them: a trainer acts differently on
# each (ask for the file again; report with the version it was played with; look closer).
DAMAGED = "damaged or edited"
OTHER_VERSION = "played with another version"
NOT_THIS_CLASS = "not one of this class's games"
SECOND_GAME = "a second game by the same participant"
CAUSES = (DAMAGED, OTHER_VERSION, NOT_THIS_CLASS, SECOND_GAME)


@frozen
class Rejected:
    file: str
    reason: str
    cause: str = DAMAGED
    version: str | None = None  # for OTHER_VERSION: the Leverage that recorded the game


@frozen
class Game:
    """One counted game: the file, who played it, and its debrief from their side."""

    file: str
    name: str
    seed: int
    role: int
    report: dict  # the debrief, perspective = the participant


@frozen
class Collection:
    pack_id: str | None
    scenario: Scenario | None
    games: tuple[Game, ...]
    rejected: tuple[Rejected, ...]
    files: tuple[str, ...]  # every file looked at, in the order read


def replay_files(folder: Path) -> list[Path]:
    """The replays in a folder, in a fixed order: by name, a person's later games after their
    first (`sam-seed3.jsonl` before `sam-seed3-2.jsonl`)."""

    def key(path: Path) -> tuple:
        match = re.fullmatch(r"(.*?)(?:-(\d+))?", path.stem)
        assert match is not None  # the pattern matches any name
        return (match.group(1), int(match.group(2) or 1), path.name)

    return sorted((p for p in folder.iterdir() if p.name.endswith(SUFFIX)), key=key)


def collect(
    folder: str | Path,
    pack: Pack | None = None,
    jobs: int | None = 1,
    scheduler: str | None = None,
) -> Collection:
    """Read, check and verify every replay in `folder`. Without a pack, the class's pack is the
    one most of the files name; with it, each game's seed, side, counterpart and difficulty are
    checked against what the pack assigns its player.

    Re-running and debriefing each game is most of the work, and games are independent: `jobs`
    and `scheduler` (those of `sim.record.batch.run_ordered`) spread them over processes or a
    Dask cluster. Everything that depends on the order of the files stays here, so the
    collection is the same as a serial run's."""
    paths = replay_files(Path(folder))
    read = [_read(path) for path in paths]
    pack_id = pack.id if pack is not None else _most_common_pack(r for _, r, _ in read)
    given = pack.scenario() if pack is not None else None
    membership = [None if r is None else _membership(r, pack, pack_id) for _, r, _ in read]
    # Each member's scenario, found here (a scenario file named in a replay is on this machine),
    # as a serial run would look for it while no game has verified yet.
    candidates = [
        (replay, _scenario_for(replay, given))
        for (_, replay, _), problem in zip(read, membership, strict=True)
        if replay is not None and problem is None
    ]
    played = iter(run_ordered(_rerun, candidates, jobs, scheduler=scheduler))
    scenario = given
    games: list[Game] = []
    rejected: list[Rejected] = []
    seen: dict[str, str] = {}
    for (name, replay, problem), not_member in zip(read, membership, strict=True):
        if replay is None:  # the file did not read: its problem says why
            assert problem is not None
            rejected.append(Rejected(name, plain(problem), DAMAGED))
            continue
        if not_member is not None:
            rejected.append(Rejected(name, plain(not_member), NOT_THIS_CLASS))
            continue
        found, verdict = next(played)
        if pack is None and scenario is not None:
            # Once a game has verified, the others are checked against its scenario.
            found, verdict = _against(replay, scenario, found, verdict)
        if isinstance(verdict, str):
            if replay.header.app_version != __version__:
                # The installed code re-ran it differently: most likely not an edit but an
                # upgrade. Only the version that recorded it can tell the two apart.
                version = plain(replay.header.app_version, 40)
                rejected.append(Rejected(name, plain(verdict), OTHER_VERSION, version))
            else:
                rejected.append(Rejected(name, plain(verdict), DAMAGED))
            continue
        assert isinstance(found, Scenario)  # a verdict that is not a reason came from one
        scenario = scenario or found
        role, person = _participant(replay)
        key = normalize_name(person)
        if key in seen:
            problem = f"a second game by the same participant (the first, {seen[key]}, counts)"
            rejected.append(Rejected(name, plain(problem), SECOND_GAME))
            continue
        seen[key] = name
        games.append(Game(name, plain(person, 80), replay.header.seed, role, verdict))
    return Collection(
        pack_id, scenario, tuple(games), tuple(rejected), tuple(p.name for p in paths)
    )


def _read(path: Path) -> tuple[str, Replay | None, str | None]:
    # A file's name is someone else's text: shown only once made safe (sim.core.safe_text).
    shown = plain(path.name, 120)
    try:
        return shown, read_replay(path), None
    except ReplayError as error:
        return shown, None, _where(error)


def _participant(replay: Replay) -> tuple[int, str]:
    """The side the participant played, and their name (_membership refused a game without)."""
    role = next(r for r, p in enumerate(replay.header.players) if p.is_human)
    person = replay.header.players[role].name
    assert person is not None
    return role, person


def _scenario_for(replay: Replay, scenario: Scenario | None) -> Scenario | str:
    """The scenario the replay was played in, or why it cannot be had."""
    try:
        return scenario_for(replay, scenario)
    except ReplayError as error:
        return _where(error)


# What re-running one game gives: its debrief from the participant's side, or why it does not
# count (a string).
Verdict = dict[str, Any] | str


def _rerun(candidate: tuple[Replay, Scenario | str]) -> tuple[Scenario | str, Verdict]:
    """Verify one game against its scenario and debrief it: the costly part, in whichever
    process runs it."""
    replay, scenario = candidate
    if isinstance(scenario, str):
        return scenario, scenario
    try:
        divergence = verify(replay, scenario)
    except ReplayError as error:
        return scenario, _where(error)
    if divergence is not None:
        return scenario, f"does not re-run: turn {divergence.turn}: {divergence.what}"
    role, _ = _participant(replay)
    players = replay.header.players
    personas = (players[0].persona, players[1].persona)
    return scenario, debrief(fold(replay, scenario), role, personas, grades=False).to_dict()


def _against(
    replay: Replay, scenario: Scenario, found: Scenario | str, verdict: Verdict
) -> tuple[Scenario | str, Verdict]:
    """The game checked against the scenario an earlier game verified with, as a serial run
    checks it. The same scenario content re-runs the same way, so the verdict already reached
    stands, unless the replay's own scenario could not be found at all."""
    settled = _scenario_for(replay, scenario)
    if isinstance(settled, str):
        return settled, settled
    if isinstance(found, str):
        return _rerun((replay, settled))
    return found, verdict


def _where(error: ReplayError) -> str:
    where = ""
    if error.line is not None:
        where = f"line {error.line}: "
    elif error.turn is not None:
        where = f"turn {error.turn}: "
    return where + error.reason


def _most_common_pack(replays) -> str | None:
    counts = Counter(r.header.pack for r in replays if r is not None and r.header.pack)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


def _membership(replay: Replay, pack: Pack | None, pack_id: str | None) -> str | None:
    """Why a replay is not one of this class's games, or None when it is."""
    header = replay.header
    if replay.end is None:
        return f"unfinished: no end line after turn {len(replay.turns)}"
    if header.pack is None:
        return "not played from a workshop pack (no pack id in its header)"
    if header.pack != pack_id:
        return f"belongs to another pack ({header.pack}, not {pack_id})"
    humans = [r for r, p in enumerate(header.players) if p.is_human]
    if len(humans) != 1:
        return "expected one participant and one counterpart"
    role = humans[0]
    person = header.players[role].name
    if not person or not person.strip():
        return "no participant name in its header"
    if pack is None:
        return None
    if header.scenario_id != pack.scenario_id or header.scenario_digest != pack.scenario_digest:
        return f"another scenario ({header.scenario_id}) than the pack's ({pack.scenario_id})"
    if header.roles[role] != pack.role:
        return f"played as {header.roles[role]}, the pack plays {pack.role}"
    if header.players[1 - role].persona != pack.persona:
        return f"faced {header.players[1 - role].persona}, the pack's counterpart is {pack.persona}"
    if header.difficulty != pack.difficulty:
        return f"difficulty {header.difficulty}, the pack's is {pack.difficulty}"
    assigned = pack.seed_for(person)
    if header.seed != assigned:
        return f"seed {header.seed} is not the one the pack assigns this participant ({assigned})"
    return None


# -- the report ------------------------------------------------------------------------------------


def class_report(collection: Collection, anonymize: bool = False) -> dict[str, Any]:
    """Everything the class report shows, as a JSON-ready dict."""
    scenario = collection.scenario
    games = list(collection.games)
    labels = _labels(games, anonymize)
    file_labels = {name: f"file {i}" for i, name in enumerate(collection.files, start=1)}
    # A counted game was verified against its scenario: no scenario means no games.
    rows = (
        [_row(game, labels[game.file], scenario) for game in games] if scenario is not None else []
    )
    rows.sort(key=lambda row: (row["sort"], row["file"]))
    for row in rows:
        del row["sort"]
        if anonymize:
            row["file"] = file_labels[row["file"]]
    rejected = [
        {
            "file": file_labels[r.file] if anonymize else r.file,
            "reason": r.reason,
            "cause": r.cause,
            **({"version": r.version} if r.version is not None else {}),
        }
        for r in collection.rejected
    ]
    report: dict[str, Any] = {
        "pack": collection.pack_id,
        "scenario": scenario.id if scenario else None,
        "title": scenario.title if scenario else None,
        "role": None,
        "anonymized": anonymize,
        "counted": len(rows),
        "rejected": rejected,
        "rejected_by_cause": _by_cause(rejected),
        "rows": rows,
    }
    if not rows:
        report.update(
            agreement=None, outcomes={}, spread=None, trades=None, value=None, frontier=None
        )
        report["turning_points"] = []
        report["prompts"] = []
        return report
    assert scenario is not None
    roles = games[0].report["roles"]
    me = roles[games[0].role]
    report["role"] = me
    report["counterpart_role"] = roles[1 - games[0].role]
    kinds = Counter(row["outcome"] for row in rows)
    report["outcomes"] = {kind: kinds.get(kind, 0) for kind in ("deal", "walk-away", "deadline")}
    report["agreement"] = _r(kinds.get("deal", 0) / len(rows), 4)
    report["spread"] = _spread([row["points"] for row in rows])
    report["trades"] = _trades(scenario, games, labels)
    report["value"] = _value(scenario, games, rows)
    report["frontier"] = _frontier(scenario, games[0].role)
    report["turning_points"] = _turning_points(games)
    report["prompts"] = _prompts(report, rows)
    return report


def _by_cause(rejected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rejected files grouped by cause (in `CAUSES` order), games played with another
    version grouped by that version, each group with what the trainer can do about it."""
    groups: list[dict[str, Any]] = []
    for cause in CAUSES:
        files = [r for r in rejected if r["cause"] == cause]
        if cause == OTHER_VERSION:
            for version in sorted({r["version"] for r in files}):
                same = [r for r in files if r["version"] == version]
                groups.append(
                    {
                        "cause": cause,
                        "version": version,
                        "files": [r["file"] for r in same],
                        "advice": _other_version_advice(version),
                    }
                )
        elif files:
            groups.append(
                {
                    "cause": cause,
                    "files": [r["file"] for r in files],
                    "advice": _ADVICE[cause],
                }
            )
    return groups


_ADVICE = {
    DAMAGED: "these files do not re-run as recorded: ask the participant for the file again; "
    "a file that still fails was changed after the game",
    NOT_THIS_CLASS: "unfinished, from another pack or set up differently than the pack says",
    SECOND_GAME: "only each participant's first game counts",
}


def _other_version_advice(version: str) -> str:
    return (
        f"recorded with Leverage {version}, this is {__version__}: the installed code re-runs "
        f"them differently. Report them with the version that played them: "
        f"python -m venv leverage-{version} && leverage-{version}/bin/pip install "
        f"'leverage=={version}' && leverage-{version}/bin/leverage workshop report FOLDER"
    )


def _labels(games: list[Game], anonymize: bool) -> dict[str, str]:
    if not anonymize:
        return {game.file: game.name for game in games}
    # Numbered by a hash of the name: stable across runs, and not alphabetical.
    order = sorted(
        games, key=lambda g: (hashlib.sha256(normalize_name(g.name).encode()).hexdigest(), g.file)
    )
    return {game.file: f"Participant {i}" for i, game in enumerate(order, start=1)}


def _row(game: Game, label: str, scenario: Scenario) -> dict[str, Any]:
    report = game.report
    roles = report["roles"]
    me, them = roles[game.role], roles[1 - game.role]
    outcome = report["outcome"]
    bluffs = [d for d in report["deception"] if d["role"] == me]
    trades = _trades_in(scenario, game)
    return {
        "participant": label,
        "file": game.file,
        "seed": game.seed,
        "outcome": outcome["kind"],
        "round": outcome["round"],
        "points": report["points"][me],
        "batna": report["batna"][me],
        "counterpart_points": report["points"][them],
        "surplus_share": report["surplus"]["share"][me],
        "efficiency": report["efficiency"],
        "bluffs": len(bluffs),
        "exposed": sum(1 for d in bluffs if d["exposed"]),
        "trades_found": trades,
        "left_on_table": report["pareto_distance"],
        "first_offer": report["concessions"]["first_offer"] == me,
        "asked": len(report["information"]["given"][me]["asked"]),
        "sort": normalize_name(label) if not label.startswith("Participant ") else _num(label),
    }


def _num(label: str) -> str:
    return f"{int(label.split()[-1]):06d}"


def _spread(values: list[float]) -> dict[str, Any]:
    """The outcomes' spread as a histogram: about eight bins of a round width."""
    low, high = min(values), max(values)
    span = max(high - low, 1.0)
    width = next((w for w in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if span / w <= 8), 1000)
    start = int(np.floor(low / width) * width)
    bins = []
    edge = start
    while edge <= high:
        count = sum(1 for v in values if edge <= v < edge + width)
        bins.append({"from": edge, "to": edge + width, "count": count})
        edge += width
    ordered = sorted(values)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {
        "min": _r(low),
        "max": _r(high),
        "mean": _r(sum(values) / len(values)),
        "median": _r(median),
        "bins": bins,
    }


# -- trades across issues --------------------------------------------------------------------------


def issue_kinds(scenario: Scenario) -> list[dict[str, Any]]:
    """Each issue as the points make it: compatible (both sides want the same option),
    distributive (opposed, equally important) or integrative (opposed, but it matters more to
    one side: worth trading). The jointly best option is the one that gives the most points to
    both together: on an integrative issue, the one the side who cares more prefers."""
    out = []
    for issue in scenario.issues:
        table = np.array([[o.points[r] for o in issue.options] for r in (0, 1)], dtype=float)
        spans = table.max(axis=1) - table.min(axis=1)
        joint = table[0] + table[1]
        best = int(np.argmax(joint))
        opposed = int(np.argmax(table[0])) != int(np.argmax(table[1]))
        if not opposed:
            kind = "compatible"
        elif abs(spans[0] - spans[1]) > 0.2 * max(spans.max(), 1e-9):
            kind = "integrative"
        else:
            kind = "distributive"
        out.append(
            {
                "id": issue.id,
                "name": issue.name,
                "kind": kind,
                "best": best,
                "best_label": issue.options[best].label,
                "matters_more_to": int(np.argmax(spans)) if kind == "integrative" else None,
            }
        )
    return out


def _trades_in(scenario: Scenario, game: Game) -> str | None:
    """How many of the integrative and compatible issues a deal settled on the jointly best
    option, as "k/n"; None for a game without a deal."""
    outcome = game.report["outcome"]
    kinds = [k for k in issue_kinds(scenario) if k["kind"] != "distributive"]
    if outcome["kind"] != "deal" or not kinds:
        return None
    found = sum(1 for k in kinds if outcome["package"][k["id"]] == k["best_label"])
    return f"{found}/{len(kinds)}"


def _trades(scenario: Scenario, games: list[Game], labels: dict[str, str]) -> dict[str, Any]:
    kinds = issue_kinds(scenario)
    roles = scenario.role_ids
    deals = [g for g in games if g.report["outcome"]["kind"] == "deal"]
    issues = []
    for kind in kinds:
        if kind["kind"] == "distributive":
            continue
        got = [g for g in deals if g.report["outcome"]["package"][kind["id"]] == kind["best_label"]]
        issues.append(
            {
                "issue": kind["name"],
                "kind": kind["kind"],
                "best": kind["best_label"],
                "matters_more_to": roles[kind["matters_more_to"]]
                if kind["matters_more_to"] is not None
                else None,
                "deals": len(deals),
                "found": len(got),
                "who": sorted(labels[g.file] for g in got),
            }
        )
    wanted = [k for k in kinds if k["kind"] != "distributive"]
    all_found = sorted(
        labels[g.file]
        for g in deals
        if wanted
        and all(g.report["outcome"]["package"][k["id"]] == k["best_label"] for k in wanted)
    )
    return {
        "kinds": {k["name"]: k["kind"] for k in kinds},
        "issues": issues,
        "found_all": all_found,
        "deals": len(deals),
    }


def _value(scenario: Scenario, games: list[Game], rows: list[dict]) -> dict[str, Any]:
    """Value left against the Pareto frontier: each game's distance to it, and the joint points
    the class reached against the most both sides could have had together."""
    space = OutcomeSpace.of(scenario)
    best_joint = float((space.points[0] + space.points[1]).max())
    reached = [sum(g.report["points"].values()) for g in games]
    distances = [row["left_on_table"] for row in rows]
    on_frontier = [row["participant"] for row in rows if row["left_on_table"] <= 1e-6]
    return {
        "best_joint": _r(best_joint),
        "mean_joint": _r(sum(reached) / len(reached)),
        "joint_left": _r(sum(best_joint - r for r in reached)),
        "mean_distance": _r(sum(distances) / len(distances)),
        "on_frontier": sorted(on_frontier),
        "worst": sorted(rows, key=lambda r: (-r["left_on_table"], r["participant"]))[0][
            "participant"
        ],
    }


def _frontier(scenario: Scenario, role: int) -> list[list[float]]:
    """The Pareto frontier's packages as (participant points, counterpart points), for the chart."""
    space = OutcomeSpace.of(scenario)
    points = space.points[:, space.frontier]
    pairs = sorted(
        {(float(points[role, i]), float(points[1 - role, i])) for i in range(points.shape[1])}
    )
    return [[_r(a), _r(b)] for a, b in pairs]


# -- turning points ---------------------------------------------------------------------------------


def _cause_key(cause: str) -> tuple[str, str]:
    """A turning point's cause as the class shares it: its first clause, with numbers blanked
    for grouping (`your alternative fell from 39 to 14` and `from 41 to 14` are one cause)."""
    clause = re.split(r"[;:]\s", cause, maxsplit=1)[0].strip()
    return re.sub(r"[-+−]?\d+(?:\.\d+)?", "#", clause), clause


def _turning_points(games: list[Game]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for game in games:
        seen: set[str] = set()
        for point in game.report["turning_points"]:
            if abs(point["change"]) < TURNING_POINT_MIN or not point["causes"]:
                continue
            key, clause = _cause_key(point["causes"][0])
            if key in seen:
                continue
            seen.add(key)
            group = groups.setdefault(key, {"clauses": Counter(), "rounds": [], "changes": []})
            group["clauses"][clause] += 1
            group["rounds"].append(point["round"])
            group["changes"].append(point["change"])
    out = []
    for group in groups.values():
        label = sorted(group["clauses"].items(), key=lambda item: (-item[1], item[0]))[0][0]
        rounds = sorted(group["rounds"])
        out.append(
            {
                "cause": label,
                "games": len(rounds),
                "rounds": [rounds[0], rounds[-1]],
                "mean_change": _r(sum(group["changes"]) / len(group["changes"]), 1),
            }
        )
    out.sort(key=lambda t: (-t["games"], -abs(t["mean_change"]), t["cause"]))
    return out[:5]


# -- discussion prompts -----------------------------------------------------------------------------


def _prompts(report: dict[str, Any], rows: list[dict]) -> list[str]:
    """Questions for the debrief, each pointing at games in this class."""
    prompts: list[str] = []
    deals = [r for r in rows if r["outcome"] == "deal"]
    others = [r for r in rows if r["outcome"] != "deal"]
    if deals:
        best = max(deals, key=lambda r: (r["points"], r["participant"]))
        worst = min(deals, key=lambda r: (r["points"], r["participant"]))
        if best["points"] - worst["points"] >= 1:
            prompts.append(
                f"Same game, different results: {best['participant']} closed at {best['points']:g} "
                f"points, {worst['participant']} at {worst['points']:g}. What did each do in the "
                "first three rounds, and when did each make their first concession?"
            )
    if deals and others:
        walked = sorted(r["participant"] for r in others)
        prompts.append(
            f"{len(deals)} of {len(rows)} reached a deal. {_names(walked)} did not: was there a "
            "deal that beat both alternatives, and what would it have taken to find it?"
        )
    below = [r for r in deals if r["points"] < r["batna"] - 1e-9]
    if below:
        prompts.append(
            f"{_names(sorted(r['participant'] for r in below))} agreed to less than their own "
            "alternative. What made the deal feel better than walking away?"
        )
    trades = report["trades"]
    for issue in trades["issues"]:
        if issue["kind"] != "integrative" or not issue["deals"]:
            continue
        missed = issue["deals"] - issue["found"]
        if missed:
            who = f" {_names(issue['who'])} did:" if issue["who"] else ""
            prompts.append(
                f"{issue['issue']} mattered more to the {issue['matters_more_to']}, yet {missed} of "
                f"{issue['deals']} deals did not give it {issue['best']}.{who} how did you find out "
                "what mattered to the other side?"
            )
            break
    liars = [r for r in rows if r["bluffs"]]
    if liars:
        exposed = sum(1 for r in liars if r["exposed"])
        mean_liars = sum(r["points"] for r in liars) / len(liars)
        honest = [r for r in rows if not r["bluffs"]]
        versus = (
            f", against {sum(r['points'] for r in honest) / len(honest):.1f} for the rest"
            if honest
            else ""
        )
        prompts.append(
            f"{len(liars)} participant(s) bluffed or lied ({exposed} exposed) and averaged "
            f"{mean_liars:.1f} points{versus}. Was it worth it, and would you do it with someone "
            "you had to work with next year?"
        )
    if report["turning_points"]:
        top = report["turning_points"][0]
        prompts.append(
            f"In {top['games']} game(s) leverage turned most on: {top['cause']} (round "
            f"{_span(top['rounds'])}). Who saw it coming, and what did they do before it landed?"
        )
    openers = [r for r in rows if r["first_offer"]]
    if openers and len(openers) < len(rows):
        rest = [r for r in rows if not r["first_offer"]]
        mean = sum(r["points"] for r in openers) / len(openers)
        mean_rest = sum(r["points"] for r in rest) / len(rest)
        prompts.append(
            f"Those who made the first offer averaged {mean:.1f} points; those who waited, "
            f"{mean_rest:.1f}. Does anchoring explain it, or something else?"
        )
    return prompts[:6]


def _names(names: list[str], limit: int = 4) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _span(rounds: list[int]) -> str:
    return f"{rounds[0]}" if rounds[0] == rounds[1] else f"{rounds[0]}–{rounds[1]}"


# -- rendering --------------------------------------------------------------------------------------


def bar(count: int, most: int, width: int = CHART_WIDTH) -> str:
    cells = 0 if most == 0 else round(count / most * width)
    return "█" * cells


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if percent else f"{value:g}"


class _Text:
    """The report's lines as they are written, in plain text or Markdown."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.out: list[str] = []

    def esc(self, text: str) -> str:
        # Names, file names and reasons are made safe when read; Markdown also needs its own
        # escaping (no raw HTML in a preview). Numbers and the scenario's own words are the game's.
        return for_markdown(text, 4000) if self.markdown else plain(text, 4000)

    def heading(self, text: str) -> None:
        self.out.append("")
        self.out.append(f"## {text}" if self.markdown else text.upper())

    def item(self, text: str) -> None:
        # Items quote names, file names and reasons: escaped here, once, for either format.
        self.out.append(f"- {self.esc(text)}" if self.markdown else f"  {self.esc(text)}")


def render_text(report: dict[str, Any], markdown: bool = False) -> str:
    text = _Text(markdown)
    _title_section(text, report)
    _participants_section(text, report)
    if report["rows"]:
        _agreement_section(text, report)
        _spread_section(text, report)
        _trades_section(text, report)
        _value_section(text, report)
        _turning_points_section(text, report)
        _debrief_section(text, report)
    _rejected_section(text, report)
    return "\n".join(text.out) + "\n"


def _title_section(text: _Text, report: dict[str, Any]) -> None:
    title = f"Class report: {report['title'] or 'no games'}"
    if report["scenario"]:
        title += f" ({report['scenario']})"
    text.out.append(f"# {title}" if text.markdown else title)
    text.out.append(
        f"Pack {report['pack'] or '—'}: {report['counted']} game(s) counted, "
        f"{len(report['rejected'])} rejected."
        + (f" Participants played the {report['role']}." if report["role"] else "")
    )


def _participants_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("Participants")
    header = [
        "Participant",
        "Seed",
        "Outcome",
        "Round",
        "Points",
        "BATNA",
        "Share",
        "Efficiency",
        "Bluffs",
        "Trades",
        "Left",
    ]
    body = [
        [
            text.esc(row["participant"]),
            str(row["seed"]),
            row["outcome"],
            str(row["round"]),
            _fmt(row["points"]),
            _fmt(row["batna"]),
            _fmt(row["surplus_share"], True),
            _fmt(row["efficiency"], True),
            str(row["bluffs"]),
            row["trades_found"] or "—",
            _fmt(row["left_on_table"]),
        ]
        for row in report["rows"]
    ]
    text.out.extend(_table(header, body, text.markdown))
    if not report["rows"]:
        text.item("No games counted yet.")


def _agreement_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("Agreement")
    outcomes = report["outcomes"]
    most = max(outcomes.values())
    text.item(
        f"Agreement rate: {report['agreement']:.0%} ({outcomes['deal']} of {report['counted']})"
    )
    chart = [f"{kind:<10} {count:>3} {bar(count, most)}" for kind, count in outcomes.items()]
    text.out.extend(_block(chart, text.markdown))


def _spread_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("Spread of outcomes (participant's points)")
    spread = report["spread"]
    text.item(
        f"From {spread['min']:g} to {spread['max']:g}; mean {spread['mean']:g}, median {spread['median']:g}"
    )
    most = max(b["count"] for b in spread["bins"])
    chart = [
        f"{b['from']:>5g}–{b['to']:<5g} {b['count']:>3} {bar(b['count'], most)}"
        for b in spread["bins"]
    ]
    text.out.extend(_block(chart, text.markdown))


def _trades_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("Trades across issues")
    trades = report["trades"]
    kinds = ", ".join(f"{name} ({kind})" for name, kind in trades["kinds"].items())
    text.item(f"Issues: {kinds}")
    for issue in trades["issues"]:
        more = (
            f", mattered more to the {issue['matters_more_to']}" if issue["matters_more_to"] else ""
        )
        text.item(
            f"{issue['issue']} ({issue['kind']}{more}): {issue['found']} of {issue['deals']} "
            f"deals settled on {issue['best']}"
            + (f" — {_names(issue['who'], 8)}" if issue["who"] else "")
        )
    text.item(
        "Found every trade: "
        + (_names(trades["found_all"], 12) if trades["found_all"] else "nobody")
    )


def _value_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("Value left on the table")
    value = report["value"]
    text.item(
        f"Both sides together reached {value['mean_joint']:g} points a game on average; the "
        f"best package gives {value['best_joint']:g}. The class left {value['joint_left']:g} "
        "joint points on the table in all."
    )
    text.item(
        f"Mean distance to the Pareto frontier: {value['mean_distance']:g} points; on the "
        f"frontier: {_names(value['on_frontier'], 12) if value['on_frontier'] else 'nobody'}"
    )


def _turning_points_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("Most common turning points")
    if not report["turning_points"]:
        text.item("Leverage never moved by much in these games.")
    for point in report["turning_points"]:
        text.item(
            f"{point['cause']}: in {point['games']} game(s), round {_span(point['rounds'])}, "
            f"leverage {point['mean_change']:+g} on average"
        )


def _debrief_section(text: _Text, report: dict[str, Any]) -> None:
    text.heading("For the debrief")
    for index, prompt in enumerate(report["prompts"], start=1):
        text.out.append(
            f"{index}. {text.esc(prompt)}" if text.markdown else f"  {index}. {text.esc(prompt)}"
        )


def _rejected_section(text: _Text, report: dict[str, Any]) -> None:
    """The files not counted, grouped by cause, each group with what the trainer can do."""
    text.heading("Rejected files")
    if not report["rejected"]:
        text.item("None: every file verified.")
    reasons = {r["file"]: r["reason"] for r in report["rejected"]}
    for group in report["rejected_by_cause"]:
        cause = group["cause"] + (f" ({group['version']})" if "version" in group else "")
        text.out.append("")
        text.out.append(
            f"### {text.esc(cause)}" if text.markdown else f"  {cause}: {len(group['files'])}"
        )
        text.out.append(text.esc(group["advice"]) if text.markdown else f"  ({group['advice']})")
        if text.markdown:
            text.out.append("")
        for file in group["files"]:
            text.item(f"{file}: {reasons[file]}")


def _table(header: list[str], body: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return lines
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = ["  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += [
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body
    ]
    return [line.rstrip() for line in lines]


def _block(lines: list[str], markdown: bool) -> list[str]:
    if markdown:
        return ["", "```", *lines, "```"]
    return ["    " + line for line in lines]


def render_csv(report: dict[str, Any]) -> str:
    """One row per file: the counted games, then the rejected files with their reasons."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report["rows"]:
        writer.writerow(
            [
                for_csv(row["participant"]),
                for_csv(row["file"]),
                "counted",
                row["seed"],
                row["outcome"],
                row["round"],
                row["points"],
                row["batna"],
                row["counterpart_points"],
                "" if row["surplus_share"] is None else row["surplus_share"],
                "" if row["efficiency"] is None else row["efficiency"],
                row["bluffs"],
                row["trades_found"] or "",
                row["left_on_table"],
                "",
            ]
        )
    for rejected in report["rejected"]:
        writer.writerow(
            ["", for_csv(rejected["file"]), "rejected", *[""] * 11, for_csv(rejected["reason"])]
        )
    return stream.getvalue()


def render(report: dict[str, Any], fmt: str = "text") -> str:
    if fmt == "markdown":
        return render_text(report, markdown=True)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        from sim.analysis.report_html import render_html

        return render_html(report)
    return render_text(report)


__all__ = [
    "FORMATS",
    "Collection",
    "PackError",
    "class_report",
    "collect",
    "issue_kinds",
    "render",
    "replay_files",
]
