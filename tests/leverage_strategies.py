"""Hypothesis strategies for the leverage tests: small random scenarios, built directly from the
attrs classes of `sim.core.scenario`, and states reached by random legal moves."""

from __future__ import annotations

from attrs import evolve
from hypothesis import strategies as st

from sim.core.moves import Answer, Ask, Hold, Move, Propose, SignalAlternative, TakeBreak
from sim.core.rules import check_legal, step
from sim.core.scenario import BatnaRange, Fact, Issue, Option, Role, Scenario
from sim.core.state import Game, GameState

points = st.integers(min_value=0, max_value=30).map(float)


@st.composite
def issues(draw, symmetric: bool = False):
    count = draw(st.integers(2, 4))
    made = []
    for index in range(count):
        size = draw(st.integers(2, 4))
        mine = draw(st.lists(points, min_size=size, max_size=size))
        if symmetric:  # role 1 scores option k as role 0 scores the mirror option
            theirs = list(reversed(mine))
        else:
            theirs = draw(st.lists(points, min_size=size, max_size=size))
        options = tuple(Option(f"o{k}", (mine[k], theirs[k])) for k in range(size))
        made.append(Issue(f"i{index}", f"Issue {index}", "", options))
    return tuple(made)


@st.composite
def roles(draw, max_rounds: int, symmetric: bool = False, secretive: bool = False):
    """Two roles; `secretive` ones hide a deadline and the public brief flatters their BATNA."""
    made = []
    first = None
    for index in range(2):
        if symmetric and first is not None:
            made.append(evolve(first, id="r1", name="Role 1"))
            break
        batna = draw(points)
        if secretive:
            deadline = draw(st.integers(2, max_rounds - 1))
            public = False
            guess = draw(st.floats(1, 20, allow_nan=False))
        else:
            deadline = draw(st.none() | st.integers(2, max_rounds))
            public = deadline is not None and draw(st.booleans())
            guess = draw(st.floats(-20, 20, allow_nan=False))
        spread = draw(st.floats(0, 20, allow_nan=False))
        role = Role(
            id=f"r{index}",
            name=f"Role {index}",
            public_brief="",
            private_brief="",
            batna=BatnaRange(batna, batna),
            batna_public=(batna + guess - spread, batna + guess + spread),
            deadline=deadline,
            delay_cost=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])),
            deadline_public=public,
        )
        first = first or role
        made.append(role)
    return (made[0], made[1])


@st.composite
def scenarios(draw, symmetric: bool = False, secretive: bool = False):
    max_rounds = draw(st.integers(4, 12))
    facts = (
        Fact("f0-batna", 0, "batna", None, ""),
        Fact("f0-deadline", 0, "deadline", None, ""),
        Fact("f1-batna", 1, "batna", None, ""),
        Fact("f1-deadline", 1, "deadline", None, ""),
    )
    return Scenario(
        id="generated",
        title="Generated",
        summary="",
        max_rounds=max_rounds,
        first_to_move=0 if symmetric else draw(st.integers(0, 1)),
        roles=draw(roles(max_rounds, symmetric, secretive)),
        issues=draw(issues(symmetric)),
        facts=facts,
        benchmarks=(),
        events=(),
    )


def new_game(scenario: Scenario) -> Game:
    return Game.restore(scenario, 0, (scenario.roles[0].batna.low, scenario.roles[1].batna.low), ())


def swapped(scenario: Scenario) -> Scenario:
    """The same scenario with the two roles' places exchanged."""
    return evolve(
        scenario,
        first_to_move=1 - scenario.first_to_move,
        roles=(scenario.roles[1], scenario.roles[0]),
        issues=tuple(
            evolve(
                issue,
                options=tuple(Option(o.label, (o.points[1], o.points[0])) for o in issue.options),
            )
            for issue in scenario.issues
        ),
        facts=tuple(evolve(fact, holder=1 - fact.holder) for fact in scenario.facts),
    )


@st.composite
def moves(draw, sizes: tuple[int, ...]):
    """A move that keeps the game going (no accepting, walking away or mediators)."""
    kind = draw(st.sampled_from(["propose", "propose", "propose", "hold", "break"]))
    if kind == "propose":
        decision = Propose(tuple(draw(st.integers(0, size - 1)) for size in sizes))
    elif kind == "hold":
        decision = Hold()
    else:
        decision = TakeBreak()
    talk = draw(
        st.none()
        | st.builds(Ask, st.sampled_from(["batna", "deadline"]))
        | st.builds(SignalAlternative, points)
        | st.builds(Answer, st.sampled_from(["truthful", "vague", "decline"]))
        | st.builds(lambda c: Answer("lie", c), st.integers(1, 12).map(float))
    )
    return Move(decision, talk)


def play(state: GameState, sequence) -> GameState:
    """Apply the moves that are legal and keep the game going; skip the rest."""
    for move in sequence:
        if state.is_over:
            break
        if (
            isinstance(move.decision, Propose)
            and move.decision.package == state.standing[1 - state.to_move]
        ):
            continue  # that would agree to the offer
        try:
            check_legal(state, move)
        except ValueError:
            move = Move(move.decision)
            try:
                check_legal(state, move)
            except ValueError:
                continue
        after, _ = step(state, move)
        if after.is_over:
            break
        state = after
    return state


@st.composite
def states(draw, symmetric: bool = False, max_moves: int = 10, secretive: bool = False):
    scenario = draw(scenarios(symmetric, secretive))
    game = new_game(scenario)
    sizes = tuple(len(issue.options) for issue in scenario.issues)
    sequence = draw(st.lists(moves(sizes), max_size=max_moves))
    return play(game.initial_state(), sequence)
