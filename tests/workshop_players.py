"""Scripted workshop participants for the tests: a whole class played headlessly.

Each participant is a counterpart persona (or a blunt script) standing in for a person: its moves
are applied as the person's own (the match has no counterpart on that side), so the replay records
a "human" with a name, exactly as `leverage play --pack` would."""

from __future__ import annotations

from pathlib import Path

from sim.ai.match import MAX_MOVES, Match
from sim.ai.personas import make_counterpart
from sim.core.moves import Accept, Move, WalkAway
from sim.core.view import RoleView
from sim.record.workshop import Pack, Seat

# (name, style, difficulty): a class of 30 with varied quality of play.
STYLES = (
    "problem-solver",
    "hardliner",
    "conceder",
    "bluffer",
    "reciprocator",
    "linear",
    "boulware",
)
DIFFICULTY = ("easy", "normal", "hard")
FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Esme",
    "Farid",
    "Gia",
    "Hugo",
    "Ines",
    "Jon",
    "Kemi",
    "Lars",
    "Mei",
    "Nico",
    "Olu",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tomas",
    "Uma",
    "Vik",
    "Wen",
    "Xavi",
    "Yara",
    "Zeb",
    "Amir",
    "Bea",
    "Cato",
    "Dina",
)


def class_of(count: int = 30) -> list[tuple[str, str, str]]:
    out = []
    for index, name in enumerate(FIRST_NAMES[:count]):
        style = (
            "walk-out"
            if index == 7
            else "grab-first"
            if index == 13
            else STYLES[index % len(STYLES)]
        )
        out.append((name, style, DIFFICULTY[index % len(DIFFICULTY)]))
    return out


def play_seat(seat: Seat, style: str, difficulty: str = "normal") -> Match:
    """Play one participant's game to the end with a scripted stand-in for the person."""
    match = seat.match()
    role = seat.role
    bot = None
    if style not in ("walk-out", "grab-first"):
        bot = make_counterpart(match.game, role, style, difficulty)
    match.run()
    while not match.is_over:
        if len(match.turns) >= MAX_MOVES:
            raise RuntimeError("game did not end")
        view = RoleView(match.state, role)
        if style == "walk-out":
            move = Move(WalkAway())
        elif style == "grab-first":
            move = Move(Accept()) if view.their_offer is not None else bot_free_hold(view)
        else:
            move = bot.decide(view).move
        turn = match.apply(move)
        if bot is not None:
            bot.observe(
                RoleView(match.state, role), tuple(e for e in turn.events if role in e.visible_to)
            )
        while not match.is_over and match.counterpart_to_move() is not None:
            turn = match.play_counterpart()
            if bot is not None:
                bot.observe(
                    RoleView(match.state, role),
                    tuple(e for e in turn.events if role in e.visible_to),
                )
    return match


def bot_free_hold(view) -> Move:
    from sim.core.moves import Hold

    return Move(Hold())


def play_class(pack: Pack, folder: Path, count: int = 30) -> list[Path]:
    paths = []
    for name, style, difficulty in class_of(count):
        seat = Seat.of(pack, name)
        match = play_seat(seat, style, difficulty)
        paths.append(seat.save(match, folder))
    return paths
