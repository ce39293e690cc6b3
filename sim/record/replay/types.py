"""The values a replay holds: who played (`Player`), what the seed decided (`Header`), each move
(`RecordedTurn`), how it ended (`Ending`) and the whole file (`Replay`)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from attrs import field, frozen

from sim import __version__
from sim.core.moves import Move

FORMAT = "leverage-replay"
VERSION = 1
HUMAN = "human"  # the persona recorded for a side a person played


@frozen
class Player:
    """Who played one side: a counterpart persona, or `HUMAN` with the person's name if given."""

    persona: str
    name: str | None = None

    @property
    def is_human(self) -> bool:
        return self.persona == HUMAN


@frozen
class Header:
    scenario_id: str
    scenario_digest: str
    seed: int
    roles: tuple[str, str]
    players: tuple[Player, Player]
    difficulty: str
    batna: tuple[float, float]  # chance: each side's drawn BATNA
    event_rounds: tuple[int | None, ...]  # chance: the round each scenario event happens in
    app_version: str = __version__
    version: int = VERSION
    scenario_source: str | None = None  # where the scenario file was, if it is not shipped
    pack: str | None = None  # the workshop pack the game was played from, if any
    # A game in the app, saved as it is played: the workshop pack's TOML text and the folder its
    # finished replay is handed in to, so a resumed workshop game still lands in the class's
    # folder (sim.record.autosave). Absent from every other replay.
    workshop_pack: str | None = None
    workshop_folder: str | None = None
    check: str | None = field(default=None, eq=False)  # as read from a file (`header_check`)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "app_version": self.app_version,
            "scenario": self.scenario_id,
            "scenario_digest": self.scenario_digest,
        }
        if self.scenario_source is not None:
            out["scenario_source"] = self.scenario_source
        out["seed"] = self.seed
        out["roles"] = list(self.roles)
        out["personas"] = {
            role: player.persona for role, player in zip(self.roles, self.players, strict=True)
        }
        names = {
            role: p.name
            for role, p in zip(self.roles, self.players, strict=True)
            if p.name is not None
        }
        if names:
            out["names"] = names
        if self.pack is not None:
            out["pack"] = self.pack
        out["difficulty"] = self.difficulty
        out["chance"] = {"batna": list(self.batna), "event_rounds": list(self.event_rounds)}
        workshop = {
            key: value
            for key, value in (("pack", self.workshop_pack), ("folder", self.workshop_folder))
            if value is not None
        }
        if workshop:
            out["workshop"] = workshop
        out["check"] = header_check(out)
        return out


def header_check(fields: dict[str, Any]) -> str:
    """A digest of the header's other fields, as the state digests are of each move: the names,
    personas and pack are not part of any game state, so without it an edited name would still
    verify. Like every digest in the file it catches an edit, not a forger who recomputes it."""
    body = {key: value for key, value in fields.items() if key != "check"}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@frozen
class RecordedTurn:
    """One move line: the move and what the file says it caused."""

    turn: int  # 1 for the first move of the game
    round: int
    actor: int
    move: Move
    events: tuple[dict, ...] = field(hash=False)
    digest: str
    line: str | None = None  # what the counterpart said; None for a person's move
    reasons: dict | None = field(default=None, hash=False)


@frozen
class Ending:
    kind: str
    round: int
    payoffs: tuple[float, float]
    package: tuple[int, ...] | None
    walked_by: int | None
    mediated: bool
    turns: int


@frozen
class Replay:
    header: Header
    turns: tuple[RecordedTurn, ...]
    end: Ending | None
    source: str = field(default="<memory>", eq=False)

    @property
    def finished(self) -> bool:
        return self.end is not None
