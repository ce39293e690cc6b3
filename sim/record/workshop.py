"""Workshop packs: the one game a trainer hands a whole class, as a small TOML file or a code.

A pack pins a scenario (by id and content hash), a seed (or K variant seeds, one assigned to each
participant from their name), the side people play, the counterpart persona and the difficulty.
Everyone who plays from it plays exactly that game, and their replay carries the pack's id and
their name, so the class report (`sim.analysis.workshop`) can tell the class's games from others.

The code is the same settings packed into a few bytes and written in base32, for a trainer to put
on a slide: `leverage play --pack CODE --name NAME` accepts it wherever a pack file is accepted.
The pack's id is a hash of those bytes, so a file and its code always agree on the id, and a
pack file edited by hand (another seed, another persona) no longer matches its id.

Reading a pack only parses TOML (nothing is executed); every mistake is a `PackError` with one
line naming the file and the field.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from attrs import evolve, frozen

from sim.ai.match import Match
from sim.ai.personas import DIFFICULTIES, PERSONAS, make_counterpart
from sim.core.catalogue import is_shipped, resolve_scenario, shipped_folder
from sim.core.errors import ScenarioError
from sim.core.files import FileRefused, read_limited, write_new, write_whole
from sim.core.scenario import Scenario
from sim.core.state import Game
from sim.core.validate import MAX_SEED, Invalid, load_toml
from sim.record.paths import GAME_SUFFIX as SUFFIX
from sim.record.paths import workshops_folder
from sim.record.replay import (
    HUMAN,
    Player,
    players_of,
    replay_name,
    replay_text,
)

PACK_FORMAT = "leverage-pack"
PACK_VERSION = 1
CODE_VERSION = 1
MAX_VARIANTS = 64
MAX_PACK_BYTES = 64 * 1024
MAX_NAME = 80  # as a replay allows (sim.record.replay.MAX_NAME)
DIGEST_PREFIX = 4  # bytes of the scenario's sha256 a code carries: enough to catch a changed file
_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
# Personas by their place in a code. Append only: a code made today must read the same later.
CODE_PERSONAS = (
    "reciprocator",
    "hardliner",
    "conceder",
    "problem-solver",
    "bluffer",
    "boulware",
    "linear",
)


class PackError(ValueError):
    """A pack file or code that cannot be used; the message is one line naming what is wrong."""


@frozen
class Pack:
    """One workshop game. `seeds` has one seed, or K variants (consecutive from the first)."""

    scenario_id: str
    scenario_digest: str  # the full sha256 from a file; from a code, the one found that matched
    seeds: tuple[int, ...]
    role: str
    persona: str
    difficulty: str
    scenario_source: str | None = None  # only for a scenario that is not shipped
    role_index: int = 0  # the role's place in the scenario (0 or 1)

    @property
    def variants(self) -> int:
        return len(self.seeds)

    @property
    def id(self) -> str:
        """Twelve base32 letters and digits hashed from the compact form: a file and its code
        give the same id, and two packs with different settings never share one."""
        digest = hashlib.sha256(b"leverage-pack\0" + self._body()).digest()
        return base64.b32encode(digest).decode("ascii")[:12].lower()

    @property
    def code(self) -> str:
        """The pack as a code a person can type: base32, in groups of five, with a checksum."""
        body = self._body()
        check = hashlib.sha256(body).digest()[:2]
        text = base64.b32encode(body + check).decode("ascii").rstrip("=")
        return "-".join(text[i : i + 5] for i in range(0, len(text), 5))

    def _body(self) -> bytes:
        # version, scenario id, digest prefix, first seed, variants, then one byte for the
        # side (1 bit), difficulty (2 bits) and persona (5 bits: its place in CODE_PERSONAS, or
        # 31 followed by its name). Roles are in the scenario's order, which the digest pins.
        out = bytearray([CODE_VERSION])
        out += _text(self.scenario_id)
        out += bytes.fromhex(self.scenario_digest[: DIGEST_PREFIX * 2])
        out += _varint(self.seeds[0])
        out += _varint(len(self.seeds))
        persona = CODE_PERSONAS.index(self.persona) if self.persona in CODE_PERSONAS else 31
        out.append(self.role_index | DIFFICULTIES.index(self.difficulty) << 1 | persona << 3)
        if persona == 31:
            out += _text(self.persona)
        return bytes(out)

    def seed_for(self, name: str) -> int:
        """The seed a participant plays: the pack's seed, or with K variants the one their
        name picks (the same name, however it is spaced or capitalised, always gets the same)."""
        if len(self.seeds) == 1:
            return self.seeds[0]
        digest = hashlib.sha256(normalize_name(name).encode("utf-8")).digest()
        return self.seeds[int.from_bytes(digest[:8], "big") % len(self.seeds)]

    def scenario(self) -> Scenario:
        """The pack's scenario, checked by content hash. Raises PackError when it is missing or
        has changed since the pack was made."""
        candidates = []
        if self.scenario_source:
            candidates.append(self.scenario_source)
        shipped = shipped_folder() / f"{self.scenario_id}.toml"
        if shipped.is_file():
            candidates.append(str(shipped))
        changed = None
        for name in candidates:
            try:
                found = resolve_scenario(name)
            except ScenarioError:
                continue
            if found.id == self.scenario_id and found.digest.startswith(self.scenario_digest):
                return found
            changed = changed or found
        if changed is not None:
            raise PackError(
                f'scenario "{self.scenario_id}" has changed since the pack was made '
                f"({changed.source} is not the file the pack names); ask the trainer for a new pack"
            )
        raise PackError(f'scenario "{self.scenario_id}" not found; use the pack file, not the code')

    def to_toml(self) -> str:
        lines = [
            "# A Leverage workshop pack: everyone who plays it plays the same game.",
            "# Play it with: leverage play --pack FILE --name YOUR-NAME  (or the code below)",
            f'format = "{PACK_FORMAT}"',
            f"version = {PACK_VERSION}",
            f'id = "{self.id}"',
            f'code = "{self.code}"',
            f'scenario = "{self.scenario_id}"',
            f'scenario_digest = "{self.scenario_digest}"',
        ]
        if self.scenario_source is not None:
            lines.append(f"scenario_source = {_toml_string(self.scenario_source)}")
        lines += [
            f"seeds = [{', '.join(str(seed) for seed in self.seeds)}]",
            f'role = "{self.role}"',
            f'persona = "{self.persona}"',
            f'difficulty = "{self.difficulty}"',
        ]
        return "\n".join(lines) + "\n"


def new_pack(
    scenario: Scenario,
    seed: int,
    variants: int = 1,
    role: str | None = None,
    persona: str = "reciprocator",
    difficulty: str = "normal",
) -> Pack:
    """A pack for `scenario`: seed N, or with K variants seeds N … N+K-1. Raises PackError."""
    if not 1 <= variants <= MAX_VARIANTS:
        raise PackError(f"variants: expected 1 to {MAX_VARIANTS} (got {variants})")
    if not 0 <= seed <= MAX_SEED - variants:
        # Name the bound: near the largest seed, "from 0 up" read as if the seed were negative.
        raise PackError(
            f"seed: expected a whole number from 0 to {MAX_SEED - variants} with {variants} "
            f"variant(s), so that every variant's seed is a seed (got {seed})"
        )
    role = role or scenario.role_ids[0]
    _check_settings(scenario, role, persona, difficulty, where="")
    source = None if is_shipped(scenario) else str(Path(scenario.source).resolve())
    return Pack(
        scenario.id,
        scenario.digest,
        tuple(range(seed, seed + variants)),
        role,
        persona,
        difficulty,
        source,
        scenario.role_index(role),
    )


def write_pack(pack: Pack, path: str | Path) -> Path:
    # Whole or not at all: a full disk must not leave an empty pack (which a retry then refuses
    # to replace) or truncate the pack a class is playing (--force).
    return write_whole(path, pack.to_toml())


def read_pack(path: str | Path) -> Pack:
    """Read and check a pack file. Raises PackError naming the file and the field."""
    name = str(path)
    try:
        raw = read_limited(path, MAX_PACK_BYTES, "pack")
    except FileRefused as error:
        raise PackError(str(error)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{name}: not UTF-8 text: not a pack") from None
    try:
        data = load_toml(text)
    except Invalid as error:
        raise PackError(f"{name}: not valid TOML ({error})") from None
    return _pack_from_dict(data, name)


def pack_from_text(text: str, name: str) -> Pack:
    """A pack from its TOML text (as a saved game keeps it). Raises PackError."""
    try:
        data = load_toml(text)
    except Invalid as error:
        raise PackError(f"{name}: not valid TOML ({error})") from None
    return _pack_from_dict(data, name)


_PACK_FIELDS = frozenset(
    {
        "format",
        "version",
        "id",
        "code",
        "scenario",
        "scenario_digest",
        "scenario_source",
        "seeds",
        "role",
        "persona",
        "difficulty",
    }
)


def _pack_from_dict(data: dict, name: str) -> Pack:
    def fail(field: str, message: str) -> PackError:
        return PackError(f"{name}: {field}: {message}")

    if data.get("format") != PACK_FORMAT:
        raise fail("format", f'expected "{PACK_FORMAT}": not a Leverage workshop pack')
    if data.get("version") != PACK_VERSION:
        raise fail("version", f"this game reads pack version {PACK_VERSION}")
    for key in data:
        if key not in _PACK_FIELDS:
            raise fail(key, f"unknown field (expected one of: {', '.join(sorted(_PACK_FIELDS))})")

    def text(field: str) -> str:
        value = data.get(field)
        if not isinstance(value, str) or not value or len(value) > 4000:
            raise fail(field, "missing" if value is None else "expected a string")
        return value

    def optional_text(field: str) -> str | None:
        return None if data.get(field) is None else text(field)

    scenario_id = text("scenario")
    if not _ID.match(scenario_id):
        raise fail("scenario", "expected a scenario id")
    digest = text("scenario_digest")
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise fail("scenario_digest", "expected 64 hex digits (a sha256 of the scenario file)")
    pack = Pack(
        scenario_id,
        digest,
        _pack_seeds(data.get("seeds"), fail),
        text("role"),
        text("persona"),
        text("difficulty"),
        optional_text("scenario_source"),
    )
    for field in ("role", "persona"):
        if not _ID.match(getattr(pack, field)):
            raise fail(field, "expected an id")
    if pack.persona not in PERSONAS:
        raise fail("persona", f"unknown persona {pack.persona!r}; one of: {', '.join(PERSONAS)}")
    if pack.difficulty not in DIFFICULTIES:
        raise fail("difficulty", f"expected one of: {', '.join(DIFFICULTIES)}")
    try:
        scenario = pack.scenario()
    except PackError as error:
        raise PackError(f"{name}: {error}") from None
    if pack.role not in scenario.role_ids:
        raise fail("role", f"{scenario.id} has no role {pack.role!r}")
    pack = evolve(pack, role_index=scenario.role_index(pack.role))
    recorded_id = text("id")
    if recorded_id != pack.id:
        raise fail(
            "id", f"does not match the pack's settings (expected {pack.id}): edited by hand?"
        )
    code = optional_text("code")
    if code is not None and normalize_code(code) != normalize_code(pack.code):
        raise fail("code", "does not match the pack's settings: edited by hand?")
    return pack


def _pack_seeds(seeds: object, fail: Callable[[str, str], PackError]) -> tuple[int, ...]:
    """A pack's seeds: consecutive whole numbers N, N+1, ... (one per variant)."""
    if (
        not isinstance(seeds, list)
        or not 1 <= len(seeds) <= MAX_VARIANTS
        or not all(isinstance(s, int) and not isinstance(s, bool) for s in seeds)
    ):
        raise fail("seeds", f"expected a list of 1 to {MAX_VARIANTS} whole numbers")
    if not 0 <= seeds[0] <= MAX_SEED - len(seeds) or seeds != list(
        range(seeds[0], seeds[0] + len(seeds))
    ):
        raise fail("seeds", "expected consecutive whole numbers from 0 up (N, N+1, …)")
    return tuple(seeds)


def decode_code(code: str) -> Pack:
    """The pack a code stands for, with its scenario found and checked. Raises PackError."""
    shown = repr(code) if len(code) <= 60 else repr(code[:57] + "...")
    cleaned = normalize_code(code)
    if not cleaned or not re.fullmatch(r"[A-Z2-7]+", cleaned):
        raise PackError(f"{shown}: not a pack code (letters A-Z and digits 2-7)")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(padded)
    except ValueError:
        raise PackError(f"{shown}: not a pack code (a letter is missing or extra)") from None
    body, check = raw[:-2], raw[-2:]
    if len(raw) < 4 or hashlib.sha256(body).digest()[:2] != check:
        raise PackError(f"{shown}: not a pack code (mistyped? the checksum does not match)")
    try:
        reader = _Bytes(body)
        if reader.byte() != CODE_VERSION:
            raise PackError(f"{shown}: made by a newer Leverage; use the pack file")
        scenario_id = reader.text()
        prefix = reader.take(DIGEST_PREFIX).hex()
        seed = reader.varint()
        variants = reader.varint()
        combined = reader.byte()
        role_index, difficulty = combined & 1, DIFFICULTIES[combined >> 1 & 3]
        persona_index = combined >> 3
        persona = reader.text() if persona_index == 31 else CODE_PERSONAS[persona_index]
        if not reader.done:
            raise ValueError("trailing bytes")
    except (ValueError, IndexError, UnicodeDecodeError):
        raise PackError(f"{shown}: not a pack code (its contents do not read)") from None
    if not 1 <= variants <= MAX_VARIANTS or seed > MAX_SEED - variants:
        raise PackError(f"{shown}: not a pack code (bad seeds)")
    draft = Pack(scenario_id, prefix, tuple(range(seed, seed + variants)), "", persona, difficulty)
    scenario = draft.scenario()
    role = scenario.role_ids[role_index]
    pack = Pack(
        scenario_id, scenario.digest, draft.seeds, role, persona, difficulty, None, role_index
    )
    _check_settings(scenario, role, persona, difficulty, where=f"{code!r}: ")
    return pack


def load_pack(text: str) -> Pack:
    """A pack from a file path or a code, whichever `text` is. Raises PackError."""
    # os.path.exists, not Path.exists: a pasted code too long for a file name is a code, not
    # an OSError (ENAMETOOLONG).
    if text.endswith(".toml") or os.path.exists(text):
        return read_pack(Path(text))
    return decode_code(text)


def normalize_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper().rstrip("=")


def normalize_name(name: str) -> str:
    """How names are compared: Unicode-normalised, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_name(name: str) -> str:
    """A participant's name as it is recorded; raises PackError when it cannot be one."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PackError("name: give your name (as the trainer should see it in the report)")
    if len(cleaned) > MAX_NAME:
        raise PackError(f"name: at most {MAX_NAME} characters")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise PackError("name: letters, digits, spaces and punctuation only")
    return cleaned


def name_slug(name: str) -> str:
    """A participant's name as part of a file name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:40] or "player"


# -- playing a pack ------------------------------------------------------------------------------


@frozen
class Seat:
    """One participant's game from a pack: what to set up, and whose name goes in the replay."""

    pack: Pack
    name: str
    scenario: Scenario
    seed: int

    @classmethod
    def of(cls, pack: Pack, name: str, scenario: Scenario | None = None) -> Seat:
        name = check_name(name)
        return cls(pack, name, scenario or pack.scenario(), pack.seed_for(name))

    @property
    def role(self) -> int:
        return self.pack.role_index

    def match(self) -> Match:
        """The game, with the pack's counterpart on the other side and the person's side open."""
        game = Game.new(self.scenario, self.seed)
        counterparts: list = [None, None]
        other = 1 - self.role
        counterparts[other] = make_counterpart(game, other, self.pack.persona, self.pack.difficulty)
        return Match(game, (counterparts[0], counterparts[1]))

    def players(self) -> tuple[Player, Player]:
        players = [Player(HUMAN, self.name), Player(HUMAN, self.name)]
        players[1 - self.role] = Player(self.pack.persona)
        return players[0], players[1]

    def save(self, match: Match, folder: str | Path) -> Path:
        """Write the game's replay into `folder` (a workshop's collection folder), under a name
        that never overwrites another game: `PACKID-NAME-seedN[-2].jsonl`."""
        stem = f"{self.pack.id}-{name_slug(self.name)}-seed{self.seed}"
        text = replay_text(match, self.players(), self.pack.difficulty, pack=self.pack.id)
        return write_new(_numbered(Path(folder), stem), text)


def default_folder(pack: Pack) -> Path:
    """Where a participant's workshop games land unless told otherwise: a folder per pack in the
    data folder (`$LEVERAGE_HOME/workshops/PACKID`), so the file to hand in is easy to find."""
    return workshops_folder() / pack.id


def write_game(match: Match, folder: str | Path, seat: Seat | None, difficulty: str) -> Path:
    """A finished game's replay into a workshop folder: a pack game under the participant's name,
    any other game under a name that says what it was. Never overwrites a file."""
    if seat is not None:
        return seat.save(match, folder)
    players = players_of(match)
    stem = replay_name(match.game, players).removesuffix(SUFFIX)
    return write_new(_numbered(Path(folder), stem), replay_text(match, players, difficulty))


def _numbered(folder: Path, stem: str) -> Callable[[int], Path]:
    """`STEM.jsonl`, then `STEM-2.jsonl`, `STEM-3.jsonl` ...: the names a game may land under in
    a class's folder. Taken names are skipped at the moment of writing, so two participants who
    finish at once (one `serve`, one folder) keep a replay each."""
    return lambda number: (
        folder / (f"{stem}{SUFFIX}" if number == 1 else f"{stem}-{number}{SUFFIX}")
    )


# -- helpers -------------------------------------------------------------------------------------


def _check_settings(scenario: Scenario, role: str, persona: str, difficulty: str, where: str):
    if role not in scenario.role_ids:
        raise PackError(
            f"{where}role: {scenario.id} has no role {role!r}; roles: {', '.join(scenario.role_ids)}"
        )
    if persona not in PERSONAS:
        raise PackError(f"{where}persona: unknown {persona!r}; one of: {', '.join(PERSONAS)}")
    if difficulty not in DIFFICULTIES:
        raise PackError(f"{where}difficulty: expected one of: {', '.join(DIFFICULTIES)}")


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    if len(raw) > 255:
        raise PackError(f"{value[:40]!r}: too long for a pack code")
    return bytes([len(raw)]) + raw


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


class _Bytes:
    def __init__(self, raw: bytes):
        self.raw = raw
        self.at = 0

    @property
    def done(self) -> bool:
        return self.at == len(self.raw)

    def take(self, count: int) -> bytes:
        if self.at + count > len(self.raw):
            raise ValueError("cut short")
        chunk = self.raw[self.at : self.at + count]
        self.at += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def text(self) -> str:
        return self.take(self.byte()).decode("utf-8")

    def varint(self) -> int:
        value, shift = 0, 0
        while True:
            part = self.byte()
            value |= (part & 0x7F) << shift
            if not part & 0x80:
                return value
            shift += 7
            if shift > 63:
                raise ValueError("seed too large")


__all__ = [
    "Pack",
    "PackError",
    "Seat",
    "check_name",
    "decode_code",
    "default_folder",
    "load_pack",
    "name_slug",
    "new_pack",
    "normalize_name",
    "read_pack",
    "write_game",
    "write_pack",
]
