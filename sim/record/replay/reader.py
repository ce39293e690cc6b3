"""Reading replays: every line through `json.loads` only, every field checked for type and size
before it is used, so a damaged, truncated or hand-edited file is one `ReplayError` naming the
file, the line and what is wrong."""

from __future__ import annotations

import math
import re
from collections.abc import Set as AbstractSet
from pathlib import Path

from attrs import evolve

from sim import __version__
from sim.ai.match import MAX_MOVES
from sim.ai.personas import DIFFICULTIES
from sim.core.files import FileRefused, read_limited
from sim.core.moves import Move
from sim.core.safe_text import is_clean
from sim.core.validate import MAX_SEED, Invalid, describe, is_int, is_number, load_json
from sim.record.replay.errors import ReplayError
from sim.record.replay.types import (
    FORMAT,
    HUMAN,
    VERSION,
    Ending,
    Header,
    Player,
    RecordedTurn,
    Replay,
)

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_LINE_BYTES = 256 * 1024
MAX_TEXT = 4000  # characters in any one string a replay carries (a line, an event's text)
MAX_NAME = 80
_DIGEST = re.compile(r"^[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_PERSONA = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_PACK = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # a workshop pack's id (sim.record.workshop)
# A release's version as pip names it (PEP 440: 0.1.0, 1.0rc1, 2.0.post1+local, 1!2.0).
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+!_-]{0,39}$")
# Every field a header may have; any other is refused.
_HEADER_FIELDS = frozenset(
    {
        "format",
        "version",
        "app_version",
        "scenario",
        "scenario_digest",
        "scenario_source",
        "seed",
        "roles",
        "personas",
        "names",
        "pack",
        "difficulty",
        "chance",
        "workshop",
        "check",
    }
)


def read_replay(path: str | Path) -> Replay:
    """Read and check a replay file (JSON only, nothing is executed). Raises `ReplayError`."""
    name = str(path)
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "replay")
    except FileRefused as error:
        raise ReplayError(name, error.reason) from None
    return parse_replay(raw, name)


def parse_replay(raw: bytes, source: str = "<memory>") -> Replay:
    if not raw.strip():
        raise ReplayError(source, "the file is empty: not a replay")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReplayError(source, f"not UTF-8 text (byte {error.start}): not a replay") from None
    lines = text.split("\n")
    complete = text.endswith("\n")
    if complete:
        lines.pop()
    if len(lines) > MAX_MOVES + 2:
        raise ReplayError(source, f"{len(lines)} lines; a replay has at most {MAX_MOVES + 2}")
    reader = _LineReader(source)
    header = reader.header(lines[0], complete or len(lines) > 1)
    turns: list[RecordedTurn] = []
    end: Ending | None = None
    for index, line_text in enumerate(lines[1:], start=2):
        last = index == len(lines)
        data = reader.load(line_text, index, len(turns) + 1, cut=last and not complete)
        if end is not None:
            raise ReplayError(
                source, "a line after the end line: the file was edited or joined", index
            )
        if "end" in data:
            end = reader.ending(data, index, header, len(turns))
        else:
            turns.append(reader.turn(data, index, header, len(turns) + 1))
    if not complete:
        # The last line parsed but has no newline: a writer stopped mid-file.
        raise ReplayError(
            source, "the file does not end with a newline: it was cut short", len(lines)
        )
    return Replay(header, tuple(turns), end, source)


class _LineReader:
    """Checks a replay's lines field by field; the first problem is raised with its line."""

    def __init__(self, source: str):
        self.source = source
        self.line = 1
        self.at_turn: int | None = None

    def fail(self, message: str) -> ReplayError:
        return ReplayError(self.source, message, self.line, self.at_turn)

    def load(self, text: str, line: int, turn: int | None, cut: bool = False) -> dict:
        self.line, self.at_turn = line, turn
        if len(text.encode("utf-8")) > MAX_LINE_BYTES:
            raise self.fail(f"line is longer than {MAX_LINE_BYTES} bytes")
        if not text.strip():
            raise self.fail("empty line: the file was edited")
        try:
            data = load_json(text)
        except Invalid as error:
            if cut:
                raise self.fail("the line is incomplete: the file was cut short") from None
            raise self.fail(str(error)) from None
        if not isinstance(data, dict):
            raise self.fail(f"expected a JSON object (got {describe(data, json=True)})")
        return data

    # -- fields --

    def get(self, data: dict, key: str, kinds, what: str, path: str = "", optional: bool = False):
        where = f"{path}.{key}" if path else key
        if key not in data:
            if optional:
                return None
            raise self.fail(f"{where}: missing")
        value = data[key]
        if value is None and optional:
            return None
        if isinstance(value, bool) and bool not in _as_tuple(kinds):
            raise self.fail(f"{where}: expected {what} (got {describe(value, json=True)})")
        if not isinstance(value, kinds):
            raise self.fail(f"{where}: expected {what} (got {describe(value, json=True)})")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise self.fail(f"{where}: text longer than {MAX_TEXT} characters")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**64:
            raise self.fail(f"{where}: expected {what} (got {describe(value)})")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(f"{where}: expected a finite number")
        return value

    def only(self, data: dict, allowed: AbstractSet[str], path: str = "") -> None:
        for key in data:
            if key not in allowed:
                where = f"{path}.{key}" if path else key
                raise self.fail(
                    f"{where}: unknown field (expected one of: {', '.join(sorted(allowed))})"
                )

    def header(self, text: str, complete: bool) -> Header:
        data = self.load(text, 1, None, cut=not complete)
        if data.get("format") != FORMAT:
            raise self.fail(
                f'format: expected "{FORMAT}" (got {describe(data.get("format"), json=True)}): not a Leverage replay'
            )
        version = self.get(data, "version", int, "a whole number")
        if version != VERSION:
            newer = " (written by a newer Leverage)" if version > VERSION else ""
            raise self.fail(
                f"version: unsupported replay version {version}{newer}; this game reads version {VERSION}"
            )
        self.only(data, _HEADER_FIELDS)
        app_version = self.get(data, "app_version", str, "a string")
        if not _VERSION.match(app_version):
            # Shown in messages and in the class report's advice to install the version that
            # recorded a game (`pip install 'leverage==VERSION'`): a version, never a command.
            raise self.fail(f"app_version: expected a version such as {__version__}")
        scenario_id = self.get(data, "scenario", str, "a scenario id")
        if not _ID.match(scenario_id):
            raise self.fail(f'scenario: expected a scenario id (got "{scenario_id[:40]}")')
        digest = self.get(data, "scenario_digest", str, "a sha256 hex digest")
        if not _SHA256.match(digest):
            raise self.fail(
                "scenario_digest: expected 64 hex digits (a sha256 of the scenario file)"
            )
        source = self.get(data, "scenario_source", str, "a path", optional=True)
        if source is not None and not is_clean(source):
            # The writer records a path it read a scenario from: no such path holds a NUL, an
            # ESC or a bidi override, and the path is shown in messages.
            raise self.fail("scenario_source: control characters in a path")
        seed = self.get(data, "seed", int, "a whole number")
        if not 0 <= seed <= MAX_SEED:
            raise self.fail(f"seed: expected a whole number from 0 to {MAX_SEED} (got {seed})")
        roles = self.get(data, "roles", list, "a list of two role ids")
        if (
            len(roles) != 2
            or not all(isinstance(r, str) and _ID.match(r) for r in roles)
            or roles[0] == roles[1]
        ):
            raise self.fail("roles: expected a list of two different role ids")
        players = self._players(data, roles)
        pack = self.get(data, "pack", str, "a workshop pack id", optional=True)
        if pack is not None and not _PACK.match(pack):
            raise self.fail(f'pack: expected a workshop pack id (got "{pack[:40]}")')
        difficulty = self.get(data, "difficulty", str, "a difficulty")
        if difficulty not in DIFFICULTIES:
            raise self.fail(
                f'difficulty: expected one of {", ".join(DIFFICULTIES)} (got "{difficulty[:40]}")'
            )
        batna, rounds = self._chance(data)
        workshop = self.get(data, "workshop", dict, "an object", optional=True) or {}
        self.only(workshop, {"pack", "folder"}, "workshop")
        workshop_pack = self.get(workshop, "pack", str, "a pack's TOML text", "workshop", True)
        workshop_folder = self.get(workshop, "folder", str, "a folder", "workshop", True)
        header = Header(
            scenario_id=scenario_id,
            scenario_digest=digest,
            seed=seed,
            roles=(roles[0], roles[1]),
            players=(players[0], players[1]),
            difficulty=difficulty,
            batna=(float(batna[0]), float(batna[1])),
            event_rounds=tuple(rounds),
            app_version=app_version,
            version=version,
            scenario_source=source,
            pack=pack,
            workshop_pack=workshop_pack,
            workshop_folder=workshop_folder,
        )
        # Compared with the fields once the scenario and chance are checked (scenario_for), so
        # an edit to a field with a more precise message gets that message.
        check = self.get(data, "check", str, "16 hex digits", optional=True)
        header = evolve(header, check=check)
        return header

    def _players(self, data: dict, roles: list[str]) -> list[Player]:
        """Each role's persona (or the person) and name, in the roles' order."""
        personas = self.get(data, "personas", dict, "an object of persona by role")
        names = self.get(data, "names", dict, "an object of name by role", optional=True) or {}
        players = []
        for role in roles:
            persona = personas.get(role)
            if not isinstance(persona, str) or not _PERSONA.match(persona):
                raise self.fail(
                    f'personas.{role}: expected a persona or "{HUMAN}" (got {describe(persona, json=True)})'
                )
            name = names.get(role)
            if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
                raise self.fail(f"names.{role}: expected a name of at most {MAX_NAME} characters")
            if name is not None and not is_clean(name):
                # ESC, CR, bidi overrides: no name a person typed holds them (check_name).
                raise self.fail(f"names.{role}: control or bidi-formatting characters in a name")
            players.append(Player(persona, name))
        self.only(personas, set(roles), "personas")
        self.only(names, set(roles), "names")
        return players

    def _chance(self, data: dict) -> tuple[list, list]:
        """What chance drew: the BATNAs and the rounds the events fall in."""
        chance = self.get(data, "chance", dict, "an object")
        self.only(chance, {"batna", "event_rounds"}, "chance")
        batna = self.get(chance, "batna", list, "a list of two numbers", "chance")
        if len(batna) != 2 or not all(_is_number(b) for b in batna):
            raise self.fail("chance.batna: expected a list of two finite numbers (one per role)")
        rounds = self.get(chance, "event_rounds", list, "a list of rounds", "chance")
        if len(rounds) > 40 or not all(r is None or (_is_int(r) and 1 <= r <= 61) for r in rounds):
            raise self.fail(
                "chance.event_rounds: expected a list of rounds (whole numbers) or null"
            )
        return batna, rounds

    def turn(self, data: dict, line: int, header: Header, expected: int) -> RecordedTurn:
        self.only(data, {"turn", "round", "actor", "move", "events", "line", "reasons", "digest"})
        number = self.get(data, "turn", int, "a whole number")
        self.at_turn = number
        if number != expected:
            raise self.fail(
                f"turn {number} is out of order (expected turn {expected}): lines were moved, removed or added"
            )
        round_number = self.get(data, "round", int, "a whole number")
        if not 1 <= round_number <= 61:
            raise self.fail(f"round: expected a round from 1 to 61 (got {round_number})")
        actor = self.get(data, "actor", str, "a role id")
        if actor not in header.roles:
            raise self.fail(
                f'actor: unknown role "{actor[:40]}" (roles: {", ".join(header.roles)})'
            )
        move_data = self.get(data, "move", dict, "an object")
        try:
            move = Move.from_dict(move_data)
        except ValueError as error:
            raise self.fail(f"move.{error}") from None
        except (TypeError, AttributeError):
            raise self.fail("move: not a move") from None
        # Every field must be one this move has: a hold carrying a "package", or a field no
        # move knows, is an edit (the README: unknown fields are refused).
        self.only(move_data, set(move.to_dict()), "move")
        events = self.get(data, "events", list, "a list of events")
        for index, event in enumerate(events):
            where = f"events[{index}]"
            if not isinstance(event, dict):
                raise self.fail(f"{where}: expected an object (got {describe(event, json=True)})")
            self.get(event, "kind", str, "a string", where)
            self.get(event, "round", int, "a whole number", where)
            self.get(event, "text", str, "a string", where)
        line_text = self.get(data, "line", str, "a string", optional=True)
        reasons = self.get(data, "reasons", dict, "an object", optional=True)
        if reasons is not None:
            self.get(reasons, "tactic", str, "a string", "reasons")
        digest = self.get(data, "digest", str, "a state digest")
        if not _DIGEST.match(digest):
            raise self.fail("digest: expected 16 hex digits")
        return RecordedTurn(
            number,
            round_number,
            header.roles.index(actor),
            move,
            tuple(events),
            digest,
            line_text,
            reasons,
        )

    def ending(self, data: dict, line: int, header: Header, turns: int) -> Ending:
        self.at_turn = None
        self.only(data, {"end", "turns"})
        body = self.get(data, "end", dict, "an object")
        self.only(body, {"kind", "round", "payoffs", "package", "walked_by", "mediated"}, "end")
        count = self.get(data, "turns", int, "a whole number")
        if count != turns:
            raise self.fail(
                f"turns: the end line counts {count} moves but the file holds {turns}: lines are missing or added"
            )
        kind = self.get(body, "kind", str, "a string", "end")
        if kind not in ("deal", "walk-away", "deadline"):
            raise self.fail(f'end.kind: expected deal, walk-away or deadline (got "{kind[:40]}")')
        round_number = self.get(body, "round", int, "a whole number", "end")
        payoffs = self.get(body, "payoffs", dict, "an object of points by role", "end")
        values = []
        for role in header.roles:
            value = payoffs.get(role)
            if not _is_number(value):
                raise self.fail(
                    f"end.payoffs.{role}: expected a number (got {describe(value, json=True)})"
                )
            values.append(float(value))
        self.only(payoffs, set(header.roles), "end.payoffs")
        package = self.get(body, "package", list, "a list of option indices", "end", optional=True)
        if package is not None and not all(_is_int(o) for o in package):
            raise self.fail("end.package: expected a list of option indices")
        walked = self.get(body, "walked_by", str, "a role id", "end", optional=True)
        if walked is not None and walked not in header.roles:
            raise self.fail(f'end.walked_by: unknown role "{walked[:40]}"')
        mediated = self.get(body, "mediated", bool, "true or false", "end")
        return Ending(
            kind,
            round_number,
            (values[0], values[1]),
            tuple(package) if package is not None else None,
            header.roles.index(walked) if walked is not None else None,
            mediated,
            count,
        )


def _as_tuple(kinds) -> tuple:
    return kinds if isinstance(kinds, tuple) else (kinds,)


_is_int = is_int
_is_number = is_number
