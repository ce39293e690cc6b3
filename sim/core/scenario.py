"""Scenarios: the TOML format, its value objects, and the loader that checks every field.

A scenario file is data only. `load_scenario` reads it with `tomllib` (which cannot execute
anything), walks every field, and collects *all* problems before it raises one `ScenarioError`
with a line per problem, so an author fixes a file in one pass. The format is documented in
`docs/scenario-format.md` and the README.

Inside the rules a role is its index (0 or 1) and an issue, option, fact or benchmark is its
index too: that is what the numpy tables are indexed by. Ids are for people and files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

from sim.core.errors import ScenarioError
from sim.core.files import FileRefused, read_limited
from sim.core.safe_text import first_control, not_utf8
from sim.core.validate import Invalid, describe, is_number, load_toml

FORMAT_VERSION = 1
MAX_FILE_BYTES = 256 * 1024
MAX_PACKAGES = 50_000
MAX_BATNA = 100_000  # points; a scenario's options are worth at most 1000 each
FACT_TOPICS = ("batna", "deadline", "priorities")
_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@frozen
class Option:
    label: str
    points: tuple[float, float]  # by role index


@frozen
class Issue:
    id: str
    name: str
    description: str
    options: tuple[Option, ...]


@frozen
class BatnaRange:
    """A role's BATNA in points: fixed when `low == high`, otherwise drawn by the seed."""

    low: float
    high: float

    @property
    def fixed(self) -> bool:
        return self.low == self.high


@frozen
class Role:
    id: str
    name: str
    public_brief: str
    private_brief: str
    batna: BatnaRange
    batna_public: tuple[float, float]  # what the other side's brief lets it guess
    deadline: int | None
    delay_cost: float
    deadline_public: bool = False  # the other side's brief names this deadline (a lease's end)


@frozen
class Fact:
    id: str
    holder: int
    topic: str  # one of FACT_TOPICS
    issue: int | None  # for topic "priorities": the issue that matters to the holder
    text: str


@frozen
class Benchmark:
    id: str
    name: str
    text: str
    issue: int
    option: int


@frozen
class Shift:
    """An event's effect on one role's BATNA or deadline: `set` replaces, `change` adds."""

    role: int
    set: float | None = None
    change: float | None = None

    def apply(self, value: float) -> float:
        return self.set if self.set is not None else value + (self.change or 0)


@frozen
class EventRule:
    """Something that may happen during a game. Scheduled when `round` is set; otherwise it is
    seeded-random with `chance` per round inside `window`, at most once."""

    id: str
    text: str
    round: int | None
    chance: float | None
    window: tuple[int, int] | None
    batna: Shift | None
    deadline: Shift | None
    reveal: int | None  # fact index
    public: bool

    def touches(self, scenario: Scenario) -> frozenset[int]:
        """The roles an event concerns: they are told even when it is not public."""
        roles = set()
        for shift in (self.batna, self.deadline):
            if shift is not None:
                roles.add(shift.role)
        if self.reveal is not None:
            return frozenset((0, 1))  # a revealed fact is news to both
        return frozenset(roles)


@frozen
class Scenario:
    id: str
    title: str
    summary: str
    max_rounds: int
    first_to_move: int
    roles: tuple[Role, Role]
    issues: tuple[Issue, ...]
    facts: tuple[Fact, ...]
    benchmarks: tuple[Benchmark, ...]
    events: tuple[EventRule, ...]
    source: str = field(default="<memory>", eq=False)
    digest: str = ""  # sha256 of the file's bytes: replays pin the exact scenario

    @property
    def role_ids(self) -> tuple[str, str]:
        return (self.roles[0].id, self.roles[1].id)

    def role_index(self, role_id: str) -> int:
        for index, role in enumerate(self.roles):
            if role.id == role_id:
                return index
        raise ValueError(f"unknown role {role_id!r}; this scenario has {', '.join(self.role_ids)}")

    def fact_index(self, fact_id: str) -> int:
        for index, fact in enumerate(self.facts):
            if fact.id == fact_id:
                return index
        raise ValueError(f"unknown fact {fact_id!r}")

    def issue_index(self, issue_id: str) -> int:
        for index, issue in enumerate(self.issues):
            if issue.id == issue_id:
                return index
        raise ValueError(f"unknown issue {issue_id!r}")

    def facts_of(self, role: int) -> tuple[int, ...]:
        return tuple(i for i, fact in enumerate(self.facts) if fact.holder == role)

    def package_count(self) -> int:
        count = 1
        for issue in self.issues:
            count *= len(issue.options)
        return count


def load_scenario(path: str | Path) -> Scenario:
    """Read and check one scenario file; raise `ScenarioError` listing every problem."""
    shown = not_utf8(str(path))
    if shown is not None:
        # Replays, saves and packs record where their scenario is, in UTF-8, and each failed to
        # be written (a UnicodeEncodeError traceback from simulate --save, workshop new, a save).
        raise ScenarioError(
            [
                f"{shown}: the file's name is not UTF-8 text; rename the file (games and packs "
                "record where their scenario is)"
            ]
        )
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "scenario")
    except FileRefused as error:
        raise ScenarioError([str(error)]) from None
    return parse_scenario(raw, str(path))


def parse_scenario(raw: bytes, source: str = "<memory>") -> Scenario:
    """Check and build a scenario from a TOML document's bytes."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError([f"{source}: not UTF-8 text (byte {error.start})"]) from None
    try:
        data = load_toml(text)
    except Invalid as error:
        raise ScenarioError([f"{source}: {error}"]) from None
    reader = _Reader(source)
    scenario = reader.scenario(data)
    if reader.problems:
        raise ScenarioError(reader.problems)
    assert scenario is not None
    scenario = _with_public_batna_guesses(scenario)
    return evolve(scenario, source=source, digest=hashlib.sha256(raw).hexdigest())


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) < 40 else f'"{value[:37]}..."'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return describe(value)


def _where(path: str, key: str) -> str:
    """A key's place in the file, for messages: `roles.buyer.batna`."""
    return f"{path}.{key}" if path else key


class _Reader:
    """Walks the TOML tables with a path, collecting one line per problem."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(
            f"{self.source}: {path}: {message}" if path else f"{self.source}: {message}"
        )

    # -- field readers: each returns None (and records a problem) when the value is unusable --

    def field(self, data: dict, key: str, path: str, required: bool) -> tuple[Any, str]:
        """The value at `key` (None when absent) and where it is, for messages; a required one
        that is absent is a problem."""
        value = data.get(key)
        where = _where(path, key)
        if value is None and required:
            self.problem(where, "missing (required)")
        return value, where

    def table(
        self, data: dict, key: str, path: str, allowed: set[str] | None, required: bool = True
    ):
        """The table at `key`; its keys are checked against `allowed` unless that is None (not
        known: the roles a points table is keyed by, when the roles themselves are wrong)."""
        value, where = self.field(data, key, path, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(where, f"expected a table (got {_describe(value)})")
            return None
        if allowed is not None:
            self.unknown_keys(value, where, allowed)
        return value

    def unknown_keys(self, data: dict, path: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    _where(path, key),
                    f"unknown key (expected one of: {', '.join(sorted(allowed))})",
                )

    def string(self, data: dict, key: str, path: str, required: bool = True, default: str = ""):
        value, where = self.field(data, key, path, required)
        if value is None:
            return None if required else default
        if not isinstance(value, str):
            self.problem(where, f"expected a string (got {_describe(value)})")
            return None
        if required and not value.strip():
            self.problem(where, "must not be empty")
            return None
        control = first_control(value)
        if control is not None:
            # The text reaches terminals as it is (simulate's summary, scenario check, the app):
            # an ESC would clear the screen or retitle the window, a bidi override reverse it.
            self.problem(
                where,
                f"a control character (U+{ord(control):04X}) in the text; only newlines and tabs "
                "may be in a scenario's text",
            )
            return None
        return value.strip()

    def ident(self, data: dict, key: str, path: str):
        value = self.string(data, key, path)
        if value is not None and not _ID.match(value):
            self.problem(
                _where(path, key),
                f'expected an id of lowercase letters, digits and "-" (got "{value}")',
            )
            return None
        return value

    def number(
        self, data: dict, key: str, path: str, low=None, high=None, required=True, default=None
    ):
        value, where = self.field(data, key, path, required)
        if value is None:
            return default
        return self.check_number(value, where, low, high)

    def check_number(self, value, where, low=None, high=None):
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"expected a number (got {_describe(value)})")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(where, "expected a finite number")
            return None
        if low is None and high is None and not is_number(value, MAX_BATNA):
            # No number in a scenario is larger; a BATNA of 1e18 would overflow the draw.
            low, high = -MAX_BATNA, MAX_BATNA
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                where, f"expected a number from {low:g} to {high:g} (got {describe(value)})"
            )
            return None
        return float(value)

    def integer(self, data: dict, key: str, path: str, low=None, high=None, required=True):
        value, where = self.field(data, key, path, required)
        if value is None:
            return None
        return self.check_integer(value, where, low, high)

    def check_integer(self, value, where, low=None, high=None):
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"expected a whole number (got {_describe(value)})")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                where, f"expected a whole number from {low} to {high} (got {describe(value)})"
            )
            return None
        return value

    def array(self, data: dict, key: str, path: str, low: int, high: int, required: bool = True):
        value, where = self.field(data, key, path, required)
        if value is None:
            return None if required else []
        if not isinstance(value, list):
            self.problem(where, f"expected an array (got {_describe(value)})")
            return None
        if not low <= len(value) <= high:
            self.problem(where, f"expected {low} to {high} entries (got {len(value)})")
            return None
        return value

    def tables(self, entries: list, path: str, allowed: set[str]) -> Iterator[tuple[str, dict]]:
        """Each entry of an array of tables with its place (`issues[2]`), checked to be a table
        with only `allowed` keys; an entry that is not a table is a problem, and skipped."""
        for index, body in enumerate(entries):
            where = f"{path}[{index}]"
            if not isinstance(body, dict):
                self.problem(where, f"expected a table (got {_describe(body)})")
                continue
            self.unknown_keys(body, where, allowed)
            yield where, body

    def unique(self, ids: list[str | None], path: str, what: str) -> None:
        seen = set()
        for index, ident in enumerate(ids):
            if ident is None:
                continue
            if ident in seen:
                self.problem(f"{path}[{index}].id", f'duplicate {what} id "{ident}"')
            seen.add(ident)

    # -- the scenario, part by part --

    def scenario(self, data: dict) -> Scenario | None:
        self.unknown_keys(
            data,
            "",
            {
                "format",
                "id",
                "title",
                "summary",
                "max_rounds",
                "first_to_move",
                "roles",
                "issues",
                "facts",
                "benchmarks",
                "events",
            },
        )
        version = self.integer(data, "format", "")
        if version is not None and version != FORMAT_VERSION:
            self.problem(
                "format", f"unsupported format version {version} (this game reads {FORMAT_VERSION})"
            )
        ident = self.ident(data, "id", "")
        title = self.string(data, "title", "")
        summary = self.string(data, "summary", "")
        max_rounds = self.integer(data, "max_rounds", "", 2, 60)

        role_ids, roles = self.roles(data, max_rounds)
        first = self.string(data, "first_to_move", "")
        first_index = None
        if first is not None and role_ids is not None:
            if first in role_ids:
                first_index = role_ids.index(first)
            else:
                self.problem(
                    "first_to_move", f'unknown role "{first}" (roles: {", ".join(role_ids)})'
                )

        issues = self.issues(data, role_ids)
        issue_ids = [issue.id for issue in issues] if issues is not None else None
        if issues is not None:
            count = 1
            for issue in issues:
                count *= len(issue.options)
            if count > MAX_PACKAGES:
                self.problem(
                    "issues", f"{count} packages; a scenario may have at most {MAX_PACKAGES}"
                )
        facts = self.facts(data, role_ids, issue_ids)
        benchmarks = self.benchmarks(data, issues)
        fact_ids = [fact.id for fact in facts] if facts is not None else None
        events = self.events(data, role_ids, fact_ids, max_rounds)
        if not self.problems:  # a cross-check, on parts that were each read whole
            self.batnas_in_reach(roles, issues, events)

        if self.problems:
            return None
        # No problem recorded means every part was read, the first mover included.
        assert first_index is not None
        return Scenario(
            id=ident,
            title=title,
            summary=summary,
            max_rounds=max_rounds,
            first_to_move=first_index,
            roles=tuple(roles),
            issues=tuple(issues),
            facts=tuple(facts),
            benchmarks=tuple(benchmarks),
            events=tuple(events),
        )

    def roles(self, data: dict, max_rounds: int | None):
        table = data.get("roles")
        if table is None:
            self.problem("roles", "missing (required)")
            return None, None
        if not isinstance(table, dict):
            self.problem("roles", f"expected a table (got {_describe(table)})")
            return None, None
        if len(table) != 2:
            self.problem("roles", f"expected exactly two roles (got {len(table)})")
            return None, None
        role_ids = list(table)
        roles: list[Role | None] = []
        for role_id in role_ids:
            path = f"roles.{role_id}"
            if not _ID.match(role_id):
                self.problem(
                    path, f'expected an id of lowercase letters, digits and "-" (got "{role_id}")'
                )
            body = table[role_id]
            if not isinstance(body, dict):
                self.problem(path, f"expected a table (got {_describe(body)})")
                roles.append(None)
                continue
            self.unknown_keys(
                body,
                path,
                {
                    "name",
                    "public_brief",
                    "private_brief",
                    "batna",
                    "batna_public",
                    "deadline",
                    "deadline_public",
                    "delay_cost",
                },
            )
            batna = self.batna(body.get("batna"), f"{path}.batna")
            public = self.batna_public(body.get("batna_public"), f"{path}.batna_public")
            deadline = self.integer(body, "deadline", path, 1, max_rounds or 60, required=False)
            deadline_public = body.get("deadline_public", False)
            if not isinstance(deadline_public, bool):
                self.problem(
                    f"{path}.deadline_public",
                    f"expected true or false (got {_describe(deadline_public)})",
                )
            elif deadline_public and deadline is None:
                self.problem(
                    f"{path}.deadline_public",
                    "a role without a deadline has no deadline to make public",
                )
            roles.append(
                Role(
                    id=role_id,
                    name=self.string(body, "name", path),
                    public_brief=self.string(body, "public_brief", path),
                    private_brief=self.string(body, "private_brief", path),
                    batna=batna,
                    batna_public=public,
                    deadline=deadline,
                    delay_cost=self.number(
                        body, "delay_cost", path, 0, 100, required=False, default=0.0
                    )
                    or 0.0,
                    deadline_public=deadline_public is True,
                )
            )
        return role_ids, roles

    def batna(self, value, where):
        if value is None:
            self.problem(where, "missing (required)")
            return None
        if isinstance(value, dict):
            self.unknown_keys(value, where, {"low", "high"})
            low = self.number(value, "low", where)
            high = self.number(value, "high", where)
            if low is not None and high is not None and low > high:
                self.problem(where, f"low ({low:g}) is above high ({high:g})")
                return None
            return BatnaRange(low, high) if low is not None and high is not None else None
        number = self.check_number(value, where)
        return BatnaRange(number, number) if number is not None else None

    def batnas_in_reach(self, roles, issues, events) -> None:
        """Every BATNA a role can have (its range, an event's `set`, its range moved by all its
        events' `change`s) within one span of its points beyond its packages: from its worst
        package less the span (best less worst) to its best plus the span. Further out, no
        offer means anything to that side (every package is far below its alternative, or
        far above), and the counterparts' beliefs, spread over the points, overflow: both
        BATNAs at 20,000 on job-offer's 0-100 points crashed every game."""
        for index, role in enumerate(roles):
            best = sum(max(option.points[index] for option in issue.options) for issue in issues)
            worst = sum(min(option.points[index] for option in issue.options) for issue in issues)
            span = max(best - worst, 1.0)
            low, high = worst - span, best + span
            where = f"roles.{role.id}.batna"
            reach = (
                f"expected a BATNA from {low:g} to {high:g}: the {role.id}'s packages are worth "
                f"{worst:g} to {best:g}, and a BATNA more than that span beyond them leaves "
                "nothing to negotiate"
            )
            for value in {role.batna.low, role.batna.high}:
                if not low <= value <= high:
                    self.problem(where, f"{reach} (got {value:g})")
            values = [role.batna.low, role.batna.high]
            gains = losses = 0.0
            for number, event in enumerate(events):
                shift = event.batna
                if shift is None or shift.role != index:
                    continue
                if shift.set is not None:
                    values.append(shift.set)
                    if not low <= shift.set <= high:
                        self.problem(f"events[{number}].batna.set", f"{reach} (got {shift.set:g})")
                elif shift.change is not None:
                    gains += max(shift.change, 0.0)
                    losses += min(shift.change, 0.0)
            if gains or losses:
                lowest, highest = min(values) + losses, max(values) + gains
                if lowest < low or highest > high:
                    self.problem(
                        "events",
                        f"the changes to the {role.id}'s BATNA can take it from {lowest:g} to "
                        f"{highest:g}; {reach}",
                    )

    def batna_public(self, value, where):
        if value is None:
            return None  # filled in from the points range once the issues are read
        if not isinstance(value, list) or len(value) != 2:
            self.problem(where, f"expected [low, high] (got {_describe(value)})")
            return None
        low = self.check_number(value[0], f"{where}[0]")
        high = self.check_number(value[1], f"{where}[1]")
        if low is not None and high is not None and low > high:
            self.problem(where, f"low ({low:g}) is above high ({high:g})")
            return None
        return (low, high) if low is not None and high is not None else None

    def issues(self, data: dict, role_ids):
        entries = self.array(data, "issues", "", 2, 8)
        if entries is None:
            return None
        issues = []
        for path, body in self.tables(entries, "issues", {"id", "name", "description", "options"}):
            ident = self.ident(body, "id", path)
            name = self.string(body, "name", path)
            description = self.string(body, "description", path, required=False)
            options = []
            entered = self.array(body, "options", path, 2, 12) or []
            for o_path, option in self.tables(entered, f"{path}.options", {"label", "points"}):
                label = self.string(option, "label", o_path)
                # With the roles wrong, every points key would be "unknown (expected one of: )",
                # a line per option drowning the one line that matters.
                points = self.table(
                    option, "points", o_path, set(role_ids) if role_ids is not None else None
                )
                values = []
                if points is not None and role_ids is not None:
                    for role_id in role_ids:
                        values.append(self.number(points, role_id, f"{o_path}.points", -1000, 1000))
                if label is not None and len(values) == 2 and None not in values:
                    options.append(Option(label, (values[0], values[1])))
            issues.append(Issue(ident, name, description, tuple(options)))
        self.unique([issue.id for issue in issues], "issues", "issue")
        return issues

    def facts(self, data: dict, role_ids, issue_ids):
        entries = self.array(data, "facts", "", 0, 40, required=False)
        if entries is None:
            return None
        facts = []
        for path, body in self.tables(entries, "facts", {"id", "holder", "topic", "issue", "text"}):
            ident = self.ident(body, "id", path)
            holder = self.reference(body, "holder", path, role_ids, "role")
            topic = self.string(body, "topic", path)
            if topic is not None and topic not in FACT_TOPICS:
                self.problem(
                    f"{path}.topic", f'expected one of {", ".join(FACT_TOPICS)} (got "{topic}")'
                )
            issue = None
            if topic == "priorities":
                issue = self.reference(body, "issue", path, issue_ids, "issue")
            elif "issue" in body:
                self.problem(f"{path}.issue", 'only a fact with topic "priorities" names an issue')
            facts.append(Fact(ident, holder, topic, issue, self.string(body, "text", path)))
        self.unique([fact.id for fact in facts], "facts", "fact")
        return facts

    def reference(self, data: dict, key: str, path: str, ids, what: str):
        value = self.string(data, key, path)
        if value is None or ids is None:
            return None
        if value not in ids:
            names = ", ".join(i for i in ids if i is not None)
            self.problem(f"{path}.{key}", f'unknown {what} "{value}" (expected one of: {names})')
            return None
        return ids.index(value)

    def benchmarks(self, data: dict, issues):
        entries = self.array(data, "benchmarks", "", 0, 40, required=False)
        if entries is None:
            return None
        issue_ids = [issue.id for issue in issues] if issues is not None else None
        benchmarks = []
        allowed = {"id", "name", "text", "issue", "option"}
        for path, body in self.tables(entries, "benchmarks", allowed):
            issue = self.reference(body, "issue", path, issue_ids, "issue")
            # An issue whose options could not be read (a problem of its own) bounds nothing.
            known = issue is not None and issues[issue].options
            limit = len(issues[issue].options) - 1 if known else None
            option = self.integer(body, "option", path, 0, limit)
            benchmarks.append(
                Benchmark(
                    self.ident(body, "id", path),
                    self.string(body, "name", path),
                    self.string(body, "text", path),
                    issue,
                    option,
                )
            )
        self.unique([b.id for b in benchmarks], "benchmarks", "benchmark")
        return benchmarks

    def events(self, data: dict, role_ids, fact_ids, max_rounds):
        entries = self.array(data, "events", "", 0, 40, required=False)
        if entries is None:
            return None
        events = []
        last = max_rounds or 60
        allowed = {
            "id",
            "text",
            "round",
            "chance",
            "window",
            "batna",
            "deadline",
            "reveal",
            "public",
        }
        for path, body in self.tables(entries, "events", allowed):
            ident = self.ident(body, "id", path)
            text = self.string(body, "text", path)
            when = self.integer(body, "round", path, 1, last, required=False)
            chance = self.number(body, "chance", path, 0, 1, required=False)
            window = None
            if "round" in body and ("chance" in body or "window" in body):
                self.problem(
                    path,
                    'give either "round" (scheduled) or "chance" and "window" (seeded), not both',
                )
            elif "round" not in body:
                if "chance" not in body or "window" not in body:
                    self.problem(
                        path, 'needs "round" (scheduled) or both "chance" and "window" (seeded)'
                    )
                else:
                    window = self.window(body["window"], f"{path}.window", last)
            batna = self.shift(body, "batna", path, role_ids, integer=False)
            deadline = self.shift(body, "deadline", path, role_ids, integer=True)
            reveal = (
                self.reference(body, "reveal", path, fact_ids, "fact") if "reveal" in body else None
            )
            public = body.get("public", False)
            if not isinstance(public, bool):
                self.problem(f"{path}.public", f"expected true or false (got {_describe(public)})")
            if not any(key in body for key in ("batna", "deadline", "reveal")):
                self.problem(
                    path, 'an event must do something: give "batna", "deadline" or "reveal"'
                )
            events.append(
                EventRule(ident, text, when, chance, window, batna, deadline, reveal, bool(public))
            )
        self.unique([event.id for event in events], "events", "event")
        return events

    def window(self, value, where, last):
        if not isinstance(value, list) or len(value) != 2:
            self.problem(where, f"expected [first, last] (got {_describe(value)})")
            return None
        first = self.check_integer(value[0], f"{where}[0]", 1, last)
        final = self.check_integer(value[1], f"{where}[1]", 1, last)
        if first is not None and final is not None and first > final:
            self.problem(where, f"first round ({first}) is after the last ({final})")
            return None
        return (first, final) if first is not None and final is not None else None

    def shift(self, body: dict, key: str, path: str, role_ids, integer: bool):
        table = self.table(body, key, path, {"role", "set", "change"}, required=False)
        if table is None:
            return None
        where = f"{path}.{key}"
        role = self.reference(table, "role", where, role_ids, "role")
        if ("set" in table) == ("change" in table):
            self.problem(where, 'give exactly one of "set" or "change"')
            return None
        name = "set" if "set" in table else "change"
        if integer:
            amount = self.integer(table, name, where, -60 if name == "change" else 1, 60)
        else:
            amount = self.number(table, name, where, -1000, 1000)
        if role is None or amount is None:
            return None
        return Shift(role, set=amount) if name == "set" else Shift(role, change=amount)


def _with_public_batna_guesses(scenario: Scenario) -> Scenario:
    """Default each role's `batna_public` (what the other side can guess of it) to its BATNA
    range widened by a quarter of its points range on each side."""
    roles: list[Role] = []
    for index, role in enumerate(scenario.roles):
        if role.batna_public is None:
            best = sum(max(o.points[index] for o in issue.options) for issue in scenario.issues)
            worst = sum(min(o.points[index] for o in issue.options) for issue in scenario.issues)
            margin = (best - worst) / 4
            role = evolve(role, batna_public=(role.batna.low - margin, role.batna.high + margin))
        roles.append(role)
    return evolve(scenario, roles=(roles[0], roles[1]))
