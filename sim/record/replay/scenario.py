"""The scenario a replay was recorded against, found and checked by content hash, and the game its
seed set up."""

from __future__ import annotations

from pathlib import Path

from sim import __version__
from sim.core.catalogue import shipped_folder
from sim.core.errors import ScenarioError
from sim.core.scenario import Scenario, load_scenario
from sim.core.state import Game
from sim.record.replay.errors import ReplayError
from sim.record.replay.types import Replay, header_check


def scenario_for(replay: Replay, scenario: Scenario | str | Path | None = None) -> Scenario:
    """The scenario a replay was recorded against, checked by content hash: the one given, else
    the shipped one with its id, else the file named in the header. Raises `ReplayError` when it
    is missing or its content has changed since."""
    header = replay.header
    source = replay.source
    if isinstance(scenario, Scenario):
        found = scenario
    else:
        candidates: list[Path] = []
        if scenario is not None:
            candidates.append(Path(scenario))
        else:
            shipped = shipped_folder() / f"{header.scenario_id}.toml"
            if shipped.is_file():
                candidates.append(shipped)
            if header.scenario_source:
                candidates.append(Path(header.scenario_source))
        chosen: Scenario | None = None
        mismatch: Scenario | None = None
        for path in candidates:
            try:
                loaded = load_scenario(path)
            except ScenarioError as error:
                if scenario is not None:
                    raise ReplayError(source, f"scenario {path}: {error.problems[0]}", 1) from None
                continue
            if loaded.digest == header.scenario_digest:
                chosen = loaded
                break
            mismatch = mismatch or loaded
        if chosen is None:
            if mismatch is not None:
                raise ReplayError(
                    source,
                    f'scenario "{header.scenario_id}" has changed since this game was recorded '
                    f"({mismatch.source} has sha256 {mismatch.digest[:12]}..., the replay expects "
                    f"{header.scenario_digest[:12]}...)",
                    1,
                )
            where = f" (looked in {', '.join(str(p) for p in candidates)})" if candidates else ""
            raise ReplayError(
                source,
                f'scenario "{header.scenario_id}" not found{where}; name its file with --scenario',
                1,
            )
        found = chosen
    if found.digest != header.scenario_digest:
        raise ReplayError(
            source,
            f'scenario "{header.scenario_id}" has changed since this game was recorded '
            f"(sha256 {found.digest[:12]}..., the replay expects {header.scenario_digest[:12]}...)",
            1,
        )
    if found.id != header.scenario_id:
        raise ReplayError(
            source, f'scenario: the replay is of "{header.scenario_id}", not "{found.id}"', 1
        )
    if found.role_ids != header.roles:
        raise ReplayError(source, f"roles: the scenario's roles are {', '.join(found.role_ids)}", 1)
    if len(header.event_rounds) != len(found.events):
        raise ReplayError(
            source,
            f"chance.event_rounds: {len(header.event_rounds)} entries but the scenario has {len(found.events)} events",
            1,
        )
    if any(r is not None and r > found.max_rounds for r in header.event_rounds):
        raise ReplayError(
            source, f"chance.event_rounds: a round after the last ({found.max_rounds})", 1
        )
    check_chance(replay, found)
    check_header(replay)
    return found


def check_header(replay: Replay) -> None:
    """The header's own digest (`header_check`) must match its fields: a name, persona or pack
    edited after the game is refused. A file written before the check existed has none; one
    that claims this version and carries names must have it."""
    header = replay.header
    if header.check is None:
        if header.app_version == __version__ and any(p.name for p in header.players):
            raise ReplayError(
                replay.source, "check: missing, though the header names its players", 1
            )
        return
    if header.check != header_check(header.to_dict()):
        raise ReplayError(
            replay.source,
            "check: the header (names, personas, pack...) was edited after the game was recorded",
            1,
        )


def check_chance(replay: Replay, scenario: Scenario) -> None:
    """The chance outcomes a replay records (each side's BATNA, the round of each event) must be
    the ones its seed draws on its scenario: otherwise the file was edited (a BATNA of 900 where
    the range is 30-44, an event moved or removed). Raises `ReplayError` naming the field."""
    header = replay.header
    drawn = Game.new(scenario, header.seed)
    for role in (0, 1):
        if header.batna[role] != float(drawn.batna[role]):
            raise ReplayError(
                replay.source,
                f"chance.batna: the file gives {header.roles[role]} a BATNA of "
                f"{header.batna[role]:g}, but seed {header.seed} draws {drawn.batna[role]:g} on "
                f'"{scenario.id}": the chance outcomes were edited',
                1,
            )
    for index, (recorded, rule) in enumerate(
        zip(header.event_rounds, drawn.event_rounds, strict=True)
    ):
        if recorded != rule:

            def when(r: int | None) -> str:
                return "never happens" if r is None else f"happens in round {r}"

            raise ReplayError(
                replay.source,
                f'chance.event_rounds[{index}]: the file says event "{scenario.events[index].id}" '
                f"{when(recorded)}, but seed {header.seed} says it {when(rule)}: the chance "
                "outcomes were edited",
                1,
            )


def game_of(replay: Replay, scenario: Scenario) -> Game:
    """The game as its seed set it up, from the chance outcomes the header recorded."""
    header = replay.header
    return Game.restore(scenario, header.seed, header.batna, header.event_rounds)
