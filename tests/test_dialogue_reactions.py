"""The counterpart answers what the player says: each reaction, shown on a scripted game.

Each test plays the player's side by hand up to the talk in question, lets the counterpart
move, and reads its line and speech acts. The expectations come from the game (the leverage
model, the belief in the move's reasons, the benchmarks of the scenario), not from the dialogue.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.ai.match import Match, Turn
from sim.ai.personas import make_counterpart
from sim.ai.speech import LARGE_STEP
from sim.ai.styles import LEVELS, STYLES
from sim.ai.talk import Talker
from sim.core.leverage import perceived_leverage
from sim.core.moves import (
    Accept,
    Answer,
    CiteBenchmark,
    Disclose,
    Hold,
    Move,
    Propose,
    SignalAlternative,
    WalkAway,
)
from sim.core.state import Game, GameState

Script = Callable[[GameState, int], Move]


def drive(scenario, seed: int, role: int, persona: str, difficulty: str, script: Script, until):
    """Play the counterpart (`1 - role`) against `script` (the player's n-th move, from 0);
    stop after the first counterpart turn for which `until(turn)` holds. Returns the match
    and that turn."""
    game = Game.new(scenario, seed)
    counterparts: list = [None, None]
    counterparts[1 - role] = make_counterpart(game, 1 - role, persona, difficulty)
    match = Match(game, (counterparts[0], counterparts[1]))
    made = 0
    while not match.is_over:
        if match.counterpart_to_move() is not None:
            turn = match.play_counterpart()
            if until(turn):
                return match, turn
        else:
            match.apply(script(match.state, made))
            made += 1
    raise AssertionError("the game ended before the counterpart reacted")


def best_offer(state: GameState, role: int) -> tuple[int, ...]:
    """The player's own best package: an offer that never concedes."""
    space = state.space
    return space.package_at(int(space.points[role].argmax()))


def first_reply(scenario, role, persona, difficulty, moves: list[Move], seed: int = 1):
    """The counterpart's turn right after the player's last scripted move."""
    count = {"made": 0}
    script_moves = list(moves)

    def script(state: GameState, made: int) -> Move:
        count["made"] = made + 1
        return script_moves[made] if made < len(script_moves) else Move(Hold())

    return drive(
        scenario,
        seed,
        role,
        persona,
        difficulty,
        script,
        lambda turn: count["made"] >= len(script_moves),
    )


def acts(turn: Turn) -> tuple[str, ...]:
    return turn.choice.reasons.speech


# job-offer: the candidate is role 0 (no deadline; fact 0 is a competing offer), the employer
# role 1 (moves first; a hidden deadline in round 10; fact 5 says so).


def test_a_disclosed_alternative_is_acknowledged(job_offer):
    game = Game.new(job_offer, 1)
    opening = best_offer(game.initial_state(), 0)
    _, turn = first_reply(
        job_offer, 0, "reciprocator", "normal", [Move(Propose(opening), Disclose(0))]
    )
    assert "ack-disclosure-batna" in acts(turn)
    assert "alternative" in turn.choice.line.lower() or "fallback" in turn.choice.line.lower()


def test_a_signal_beyond_its_belief_is_doubted_at_normal_and_hard_not_at_easy(job_offer):
    game = Game.new(job_offer, 1)
    opening = best_offer(game.initial_state(), 0)
    for difficulty in ("normal", "hard", "easy"):
        moves = [Move(Propose(opening)), Move(Propose(opening), SignalAlternative(68.0))]
        _, turn = first_reply(job_offer, 0, "reciprocator", difficulty, moves)
        high = turn.choice.reasons.belief["batna_high"]
        assert high < 68.0  # the belief does not support the claim
        if difficulty == "easy":
            assert "doubt-signal" not in acts(turn)
            assert "note-signal" in acts(turn)
        else:
            assert "doubt-signal" in acts(turn), (difficulty, turn.choice.line)


def test_a_signal_its_belief_supports_is_not_doubted(job_offer):
    game = Game.new(job_offer, 1)
    state = game.initial_state()
    opening = best_offer(state, 0)
    low = job_offer.roles[0].batna_public[0]
    moves = [Move(Propose(opening)), Move(Propose(opening), SignalAlternative(low))]
    _, turn = first_reply(job_offer, 0, "reciprocator", "hard", moves)
    assert "doubt-signal" not in acts(turn)
    assert "note-signal" in acts(turn)


def test_an_exposed_lie_costs_trust_and_is_called_out_once(job_offer):
    """The employer (hardliner, normal) asks about the candidate's alternative in its first
    move; the candidate lies, then discloses the competing offer, which exposes the lie."""
    game = Game.new(job_offer, 2)
    state = game.initial_state()
    opening = best_offer(state, 0)
    lie = Answer("lie", float(game.batna[0] + 25))
    moves = [Move(Propose(opening), lie), Move(Propose(opening), Disclose(0)), Move(Hold())]
    count = {"made": 0}

    def script(state: GameState, made: int) -> Move:
        count["made"] = made + 1
        move = moves[made] if made < len(moves) else Move(Hold())
        if isinstance(move.talk, Answer) and state.question is None:
            raise AssertionError("the counterpart did not ask about the alternative")
        return move

    match, turn = drive(
        job_offer, 2, 0, "hardliner", "normal", script, lambda t: count["made"] >= 2
    )
    assert any(e.kind == "exposed" for t in match.turns for e in t.events)
    assert "lie-exposed" in acts(turn)
    assert "trust" in turn.choice.line.lower() or "remember" in turn.choice.line.lower()
    assert match.state.trust[0] < 1.0
    # Said once: the next line does not repeat it.
    while not match.is_over and match.counterpart_to_move() is None:
        match.apply(Move(Hold()))
    if not match.is_over:
        following = match.play_counterpart()
        assert "lie-exposed" not in acts(following)


def test_a_cited_benchmark_is_accepted_or_countered_with_another(scenarios):
    engaged = set()
    for scenario_id, scenario in scenarios.items():
        for index, benchmark in enumerate(scenario.benchmarks):
            game = Game.new(scenario, 3)
            opening = best_offer(game.initial_state(), 0)
            moves = [Move(Propose(opening)), Move(Propose(opening), CiteBenchmark(index))]
            _, turn = first_reply(scenario, 0, "problem-solver", "normal", moves, seed=3)
            spoken = acts(turn)
            line = turn.choice.line
            assert benchmark.name in line, (scenario_id, line)
            reply = [a for a in spoken if a.startswith("benchmark-")]
            assert len(reply) == 1, (scenario_id, spoken)
            engaged.add(reply[0])
            if reply[0] == "benchmark-counter":
                # It answers with another standard, and says what that one is about: a standard
                # on another issue is no rebuttal of the player's.
                others = [b for b in scenario.benchmarks if b.name != benchmark.name]
                named = [b for b in others if b.name in line]
                assert named, line
                issue_names = {scenario.issues[b.issue].name.lower() for b in named}
                assert any(name in line.lower() for name in issue_names), line
            if reply[0] == "benchmark-accept":
                # It says it meets the standard, and its offer does (by its own points).
                offer = turn.state.standing[1]
                table = scenario.issues[benchmark.issue].options
                assert table[offer[benchmark.issue]].points[1] <= table[benchmark.option].points[1]
    assert "benchmark-counter" in engaged


def test_every_counter_with_another_standard_says_what_that_standard_is_about():
    """Seen in play (hospital-union): "The Employment practice review is one view. The Regional
    health settlements says something different." The review is about overtime, the settlements
    about pay: they don't disagree, and the line pretended they did. Every such line names the
    other standard's issue or term, whichever variant the voice picks."""
    from sim.ai.dialogue import REPLIES

    for line in REPLIES["benchmark-counter"]:
        assert "{counter_term}" in line or "{counter_issue}" in line, line


def test_a_revealed_deadline_is_answered_in_the_direction_leverage_moves(job_offer):
    """The employer (the player) discloses its round-10 deadline to the candidate, who had no
    reason to expect one before round 12: the candidate's leverage rises in the leverage model,
    and it says time is on its side."""
    game = Game.new(job_offer, 4)
    state = game.initial_state()
    opening = best_offer(state, 1)
    moves = [Move(Propose(opening), Disclose(5))]
    match, turn = first_reply(job_offer, 1, "reciprocator", "normal", moves, seed=4)
    disclosed_at = next(
        i for i, t in enumerate(match.turns) if any(e.kind == "disclosed" for e in t.events)
    )
    before = match.turns[disclosed_at - 1].state if disclosed_at else state
    after_state = match.turns[disclosed_at].state
    rise = perceived_leverage(after_state, 0) - perceived_leverage(before, 0)
    assert rise > 0  # the model: their nearer deadline helps the candidate
    assert "deadline-press" in acts(turn)
    assert "10" in turn.choice.line


def _deadline_turns(difficulty: str, persona: str = "reciprocator"):
    """The employer's (hidden deadline: round 10) lines once it is two rounds away, against a
    candidate who opens at their best and then holds."""
    scenario = _job_offer()
    game = Game.new(scenario, 5)
    opening = best_offer(game.initial_state(), 0)
    match = Match(game, (None, make_counterpart(game, 1, persona, difficulty)))
    turns = []
    made = 0
    while not match.is_over:
        if match.counterpart_to_move() is not None:
            turn = match.play_counterpart()
            if turn.round >= 9:
                turns.append(turn)
        else:
            match.apply(Move(Propose(opening)) if made == 0 else Move(Hold()))
            made += 1
    return turns


def _job_offer():
    from sim.core.catalogue import resolve_scenario

    return resolve_scenario("job-offer")


def test_its_hidden_deadline_is_signalled_plainly_at_easy_and_guardedly_at_hard():
    easy = [t for t in _deadline_turns("easy") if "deadline-warning" in acts(t)]
    hard = [t for t in _deadline_turns("hard") if "deadline-warning" in acts(t)]
    assert easy and hard
    assert all("round 10" in t.choice.line.lower() for t in easy), [t.choice.line for t in easy]
    assert not any("round" in t.choice.line.lower() for t in hard)


def test_a_final_offer_is_called_at_its_last_chance_and_a_bluffed_one_is_owned_up_to(scenarios):
    from dialogue_checks import play

    final_at_deadline = 0
    owned_up = 0
    for seed in range(40):
        match = play(scenarios["job-offer"], seed, 0, "bluffer", "normal")
        lines = [t for t in match.turns if t.choice is not None]
        for previous, turn in zip(lines, lines[1:], strict=False):
            if "final-offer" in acts(previous) and "concede" in acts(turn):
                assert "final-offer-broken" in acts(turn)
                assert "final" in turn.choice.line.lower()
                owned_up += 1
        for turn in lines:
            if "final-offer" in acts(turn):
                assert "final" in turn.choice.line.lower() or "last" in turn.choice.line.lower()
                if turn.round >= 10:
                    final_at_deadline += 1
    assert owned_up > 0
    assert final_at_deadline > 0


def test_a_deadline_their_brief_already_named_is_no_news(scenarios):
    """The bakery's lease end (round 9) is in its public brief: disclosing it tells the landlord
    nothing new, so the landlord notes it rather than claiming the clock just turned its way."""
    lease = scenarios["lease-renewal"]
    game = Game.new(lease, 4)
    opening = best_offer(game.initial_state(), 0)
    _, turn = first_reply(lease, 0, "reciprocator", "normal", [Move(Propose(opening), Disclose(1))])
    assert "deadline-noted" in acts(turn)
    assert "9" in turn.choice.line


def conceding_liar(state: GameState, made: int) -> Move:
    """The candidate claims an alternative worth 68 with its opening, then gives ground fast:
    its own offers soon fall below what that alternative would be worth to it."""
    offers = [
        (4, 3, 3, 4, 3, 2),
        (3, 2, 3, 3, 3, 2),
        (2, 1, 3, 2, 2, 2),
        (1, 1, 3, 1, 2, 2),
        (0, 0, 3, 0, 1, 2),
        (0, 0, 2, 0, 0, 1),
    ]
    talk = SignalAlternative(68.0) if made == 0 else None
    return Move(Propose(offers[min(made, len(offers) - 1)]), talk)


def test_at_hard_offers_that_undercut_a_claimed_alternative_are_called_out_once(job_offer):
    """ "Your offers don't look like someone with a better option": said at hard when the
    player's own offers contradict the alternative they claimed, once, beside a move that
    stands by it; never at normal, which reads the same offers but does not say so."""
    match, turn = drive(
        job_offer, 1, 0, "reciprocator", "hard", conceding_liar, lambda t: "doubt-claim" in acts(t)
    )
    assert isinstance(turn.move.decision, Propose | Hold)
    assert "large-step" not in acts(turn) and "accept" not in acts(turn)
    assert "offers" in turn.choice.line.lower()
    while not match.is_over:
        if match.counterpart_to_move() is not None:
            assert "doubt-claim" not in acts(match.play_counterpart())  # once a game
        else:
            match.apply(conceding_liar(match.state, 5))
    for difficulty in ("normal", "easy"):
        game = Game.new(job_offer, 1)
        counterparts: list = [None, make_counterpart(game, 1, "reciprocator", difficulty)]
        match = Match(game, (counterparts[0], counterparts[1]))
        made = 0
        while not match.is_over:
            if match.counterpart_to_move() is not None:
                assert "doubt-claim" not in acts(match.play_counterpart())
            else:
                match.apply(conceding_liar(match.state, made))
                made += 1


@settings(max_examples=60, deadline=None)
@given(
    moves=st.lists(
        st.tuples(
            st.sampled_from(["hold", "propose", "open", "accept", "walk-away"]),
            st.floats(-5, 30),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_doubt_is_said_once_and_only_beside_a_move_that_stands_by_it(moves):
    """`Talker.voice_doubts`: a doubt of their claim is said at the first move that stands by
    it (a hold, or an offer giving less than a large step) and never again; never beside an
    acceptance, a walk-away, its opening or a large concession, which would belie it."""
    talker = Talker(STYLES["hardliner"], LEVELS["hard"], np.random.default_rng(0))
    scale = 100.0
    said: list[int] = []
    fitting: list[int] = []
    package = (0, 0)
    for index, (kind, step) in enumerate(moves):
        decision = {
            "hold": Hold(),
            "propose": Propose(package),
            "open": Propose(package),
            "accept": Accept(),
            "walk-away": WalkAway(),
        }[kind]
        concession = None if kind in ("open", "hold", "accept", "walk-away") else step
        if talker.voice_doubts(("batna",), decision, concession, scale):
            said.append(index)
        if kind == "hold" or (kind == "propose" and step < LARGE_STEP * scale):
            fitting.append(index)
    assert said == fitting[:1]
