"""A persona is a choice of parameters for the counterpart's parts, and a level a choice of how
sharply it reads you and how hard it presses.

The parts (NegMAS's BOA split): the opponent model (`sim.ai.belief`), the offering policy
(`sim.ai.offering`), the acceptance policy (`sim.ai.acceptance`) and its talk (`sim.ai.talk`).
Numbers are shares of the counterpart's own points range unless noted. The rule each persona
keeps, in one sentence, is `sim.ai.personas.PERSONAS` (the home screen and README show it);
these numbers are what make that sentence true, measured by `tests/bench/bench_strategies.py`.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Style:
    """How a persona negotiates."""

    exponent: float  # its time curve to the floor: < 1 holds firm (Boulware), > 1 gives early
    firmness: float  # where its floor sits from the believed landing point: > 0 towards its
    # best package, < 0 towards its reservation (the landing point is `sim.core.leverage`'s)
    hold_step: float  # the most it concedes in a round when you did not move
    match: float  # how much of your concession (in its points) it gives back next
    accept_slack: float  # accepts this far below what it would ask next
    manners: tuple[float, float, float, float]  # answer odds: truthful, vague, decline, lie
    asks: tuple[str, ...]  # topics it asks about, in order
    bluff: float = 0.0  # how far above its BATNA it signals its alternative (0: no signals)
    signals: bool = False  # mentions its alternative at all
    discloses: tuple[str, ...] = ()  # fact topics it is willing to disclose
    cites: bool = True
    breaks: bool = False  # uses breaks to let time press the other side
    mediator: bool = False  # calls the mediator at an impasse
    walks_early: bool = True  # walks away when it is sure no deal worth having remains
    equivalents: float = 0.0  # rather than repeat itself, offers a new package this near target
    trades_up: bool = False  # before accepting, offers a package better for both, if it sees one
    time_bound: bool = False  # also concedes with the clock, down its curve to its floor
    invites: float = 0.0  # out of a standstill, a first move costing it at most this much


STYLES: dict[str, Style] = {
    "hardliner": Style(
        exponent=0.3,
        firmness=0.6,
        hold_step=0.015,
        match=0.35,
        accept_slack=0.0,
        manners=(0.15, 0.35, 0.5, 0.0),
        asks=("batna", "deadline"),
        bluff=0.02,
        signals=True,
        discloses=("batna",),
        breaks=True,
        equivalents=0.02,
    ),
    "conceder": Style(
        exponent=2.2,
        firmness=-0.3,
        hold_step=0.12,
        match=1.0,
        accept_slack=0.06,
        manners=(0.7, 0.25, 0.05, 0.0),
        asks=("priorities",),
        discloses=("priorities", "deadline"),
        cites=False,
        mediator=True,
        walks_early=False,
        time_bound=True,
    ),
    "reciprocator": Style(
        exponent=0.9,
        firmness=0.05,
        hold_step=0.015,
        match=1.0,
        accept_slack=0.02,
        manners=(0.45, 0.4, 0.15, 0.0),
        asks=("batna", "priorities"),
        mediator=True,
        invites=0.08,
    ),
    "problem-solver": Style(
        exponent=1.1,
        firmness=0.0,
        hold_step=0.04,
        match=0.9,
        accept_slack=0.03,
        manners=(0.75, 0.25, 0.0, 0.0),
        asks=("priorities", "batna"),
        discloses=("priorities",),
        mediator=True,
        trades_up=True,
        time_bound=True,
    ),
    "bluffer": Style(
        exponent=0.5,
        firmness=0.3,
        hold_step=0.025,
        match=0.8,
        accept_slack=0.01,
        manners=(0.1, 0.3, 0.2, 0.4),
        asks=("batna", "deadline"),
        bluff=0.2,
        signals=True,
        breaks=True,
    ),
}


@frozen
class Level:
    """Difficulty: how well it reads you, how firmly it anchors, how it answers your moves."""

    sharpness: float  # tempers every likelihood of its belief (1: reads you fully)
    firmness: float  # added to the persona's firmness
    step_scale: float  # multiplies the persona's hold_step (easy concedes readably)
    match_scale: float  # multiplies the persona's match (easy forgives, hard gives back less)
    slack: float  # added to the persona's accept slack
    asks: bool  # whether it asks you questions to read you
    doubts: bool  # whether it says so when your offers contradict your claims


LEVELS: dict[str, Level] = {
    "easy": Level(
        sharpness=0.35,
        firmness=-0.6,  # -0.4 left the hardliner's floor at easy near its floor at hard
        step_scale=1.5,
        match_scale=1.6,
        slack=0.05,
        asks=False,
        doubts=False,
    ),
    "normal": Level(
        sharpness=0.75,
        firmness=0.0,
        step_scale=1.0,
        match_scale=1.0,
        slack=0.0,
        asks=True,
        doubts=False,
    ),
    "hard": Level(
        sharpness=1.0,
        firmness=0.1,
        step_scale=0.75,
        match_scale=0.85,
        slack=-0.01,
        asks=True,
        doubts=True,
    ),
}
