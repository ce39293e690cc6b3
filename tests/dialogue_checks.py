"""A seeded random player and a line checker, for the dialogue consistency test and its bench.

The player makes every kind of move a person can (offers that concede, hold still or take back,
questions, answers and lies, disclosures, signals, benchmarks, breaks, the mediator), so every
reply the counterpart has gets exercised. The checker reads each counterpart line against what
the game recorded — the full states before and after, which the counterpart never sees — and
shares no code with `sim.ai.speech` or `sim.ai.dialogue`: it works from the move, the events,
the points in the states and the speech acts the line was tagged with.
"""

from __future__ import annotations

import re

import numpy as np

from sim.ai import dialogue
from sim.ai.match import Match, Turn
from sim.ai.personas import make_counterpart
from sim.core.moves import (
    Accept,
    Answer,
    Ask,
    CiteBenchmark,
    Disclose,
    Hold,
    Move,
    Propose,
    RequestMediator,
    SignalAlternative,
    TakeBreak,
    WalkAway,
)
from sim.core.rules import legal_decisions, legal_talk, uncited_benchmarks, undisclosed_facts
from sim.core.state import Game, GameState
from sim.core.view import RoleView

# -- the player ----------------------------------------------------------------------------------


def random_move(rng: np.random.Generator, state: GameState) -> Move:
    """A legal move for the side to move, with talk half the time."""
    role = state.to_move
    talk = None
    if rng.random() < 0.5:
        kinds = legal_talk(state)
        kind = kinds[int(rng.integers(len(kinds)))]
        if kind == "ask":
            talk = Ask(("batna", "deadline", "priorities")[int(rng.integers(3))])
        elif kind == "answer":
            manner = ("truthful", "vague", "decline", "lie")[int(rng.integers(4))]
            claim = None
            if manner == "lie":
                topic = state.question.topic
                if topic == "batna":
                    claim = float(state.batna[role] + 25)
                elif topic == "deadline":
                    claim = float(state.scenario.max_rounds + 1)
                else:
                    claim = float(int(rng.integers(len(state.scenario.issues))))
            talk = Answer(manner, claim)
        elif kind == "disclose":
            facts = undisclosed_facts(state, role)
            talk = Disclose(facts[int(rng.integers(len(facts)))])
        elif kind == "signal":
            talk = SignalAlternative(float(round(state.batna[role] + rng.uniform(-5, 40))))
        elif kind == "cite":
            marks = uncited_benchmarks(state, role)
            talk = CiteBenchmark(marks[int(rng.integers(len(marks)))])
    legal = legal_decisions(state)
    weights = {
        "propose": 0.5,
        "hold": 0.2,
        "break": 0.06,
        "mediator": 0.04,
        "accept": 0.05,
        "accept-mediator": 0.5,
        "walk-away": 0.01,
    }
    names = [name for name in legal if name in weights]
    p = np.array([weights[name] for name in names])
    name = names[int(rng.choice(len(names), p=p / p.sum()))]
    if name == "propose":
        decision = Propose(_package(rng, state, role))
    else:
        decision = {
            "hold": Hold(),
            "break": TakeBreak(),
            "mediator": RequestMediator(),
            "accept": Accept(),
            "accept-mediator": Accept(mediator=True),
            "walk-away": WalkAway(),
        }[name]
    return Move(decision, talk)


def _package(rng: np.random.Generator, state: GameState, role: int) -> tuple[int, ...]:
    """Mostly a step from the standing offer (one issue moved either way), sometimes anything."""
    standing = state.standing[role]
    sizes = state.space.sizes
    if standing is None or rng.random() < 0.2:
        return tuple(int(rng.integers(size)) for size in sizes)
    package = list(standing)
    issue = int(rng.integers(len(sizes)))
    package[issue] = int(rng.integers(sizes[issue]))
    return tuple(package)


def play(scenario, seed: int, role: int, persona: str, difficulty: str) -> Match:
    """One game: the counterpart plays `1 - role`, the random player `role`."""
    game = Game.new(scenario, seed)
    counterparts: list = [None, None]
    counterparts[1 - role] = make_counterpart(game, 1 - role, persona, difficulty)
    match = Match(game, (counterparts[0], counterparts[1]))
    rng = np.random.default_rng(seed * 7919 + role)
    while not match.is_over:
        if match.counterpart_to_move() is not None:
            match.play_counterpart()
        else:
            match.apply(random_move(rng, match.state))
    return match


# -- the checker ---------------------------------------------------------------------------------

DECISION_ACTS = {
    Hold: "hold",
    TakeBreak: "break",
    WalkAway: "walk-away",
    RequestMediator: "call-mediator",
}
PROPOSAL_ACTS = {"open", "concede", "rephrase", "raise"}
ACCEPT_WORDS = re.compile(
    r"\bagreed\b|\bwe accept\b|\bwe can accept\b|\bwe have a deal\b|\b(it's|that's) a deal\b"
    r"|(^|[.!?] )deal\b|\bwe're in\.|\blet's sign\b",
    re.IGNORECASE,
)
STEP_FOR_THEM = re.compile(
    r"real step|more for you|better for you|meet you|step towards you|in your favour|gives you more",
    re.IGNORECASE,
)
THEY_MOVED = re.compile(
    r"you moved|matching your move|your step|you came down|you came towards|you gave\b"
    r"|movement from you|thanks for moving|thank you for moving",
    re.IGNORECASE,
)
THEY_DID_NOT = re.compile(
    r"move when you do|until we see a step|nothing from you|until you do|move first"
    r"|not moving until",
    re.IGNORECASE,
)
# The counterpart calling its own step small (its concession lines' words).
DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
PROVISIONAL = re.compile(r"\bfor now\b|\b(from us|as it is) this round\b", re.IGNORECASE)
OWN_STEP_SMALL = re.compile(
    r"only a little|so will we, a little|a small one|one inch|a small move|modestly"
    r"|a bit on our side|give a bit more|we'll give a little|I can too, a little",
    re.IGNORECASE,
)
# The counterpart saying its new package moves on several issues at once.
SEVERAL_ISSUES = re.compile(
    r"a few issues|several issues|across (the )?issues|across the board|shuffled across",
    re.IGNORECASE,
)
EPS = 1e-6


def check_match(match: Match, persona: str, difficulty: str) -> list[str]:
    """Every contradiction between a counterpart line and what happened, in words."""
    problems: list[str] = []
    turns = match.turns
    scenario = match.game.scenario
    last_line: dict[int, tuple[str, tuple[str, ...]]] = {}
    last_own_turn: dict[int, int] = {}
    final_standing: dict[int, bool] = {}  # it called an offer final and has not conceded since
    limit_standing: dict[int, bool] = {}  # it said it was at its limit and has not conceded since
    states = [match.game.initial_state()] + [t.state for t in turns]
    for index, turn in enumerate(turns):
        if turn.choice is None:
            continue
        me = turn.actor
        them = 1 - me
        before = states[index]
        acts = set(turn.choice.reasons.speech)
        text = turn.choice.line
        where = f"{scenario.id} seed {match.game.seed} {persona}/{difficulty} turn {index}: {text!r} {sorted(acts)}"

        def fail(why: str, where: str = where) -> None:
            problems.append(f"{where}: {why}")

        kinds = {e.kind for e in turn.events}
        decision = turn.move.decision
        # 1. The decision and the speech act agree.
        if isinstance(decision, Propose):
            if "accepted" in kinds:
                if "accept" not in acts:
                    fail("agreed to their offer without an accept act")
            else:
                tagged = acts & PROPOSAL_ACTS
                if len(tagged) != 1:
                    fail(f"a proposal tagged {sorted(tagged)}")
                previous = before.standing[me]
                new_points = before.space.points_of(decision.package)[me]
                step = 0.0
                if previous is None:
                    expected = "open"
                else:
                    step = before.space.points_of(previous)[me] - new_points
                    expected = "concede" if step > EPS else "raise" if step < -EPS else "rephrase"
                if tagged and expected not in tagged:
                    fail(f"tagged {sorted(tagged)} but the move was a {expected}")
                if "large-step" in acts:
                    if OWN_STEP_SMALL.search(text):
                        fail("calls its step small and big in one breath")
                    mine = before.space.points[me]
                    if not step >= 0.08 * (mine.max() - mine.min()) - EPS:
                        fail(f"calls a step of {step:g} points a big one")
            previous = before.standing[me]
            if SEVERAL_ISSUES.search(text) and previous is not None:
                changed = sum(a != b for a, b in zip(previous, decision.package, strict=True))
                if changed < 2:
                    fail(f"speaks of several issues but changed {changed}")
            if "your-offer-back" in acts:
                offered = [o for o in before.offers_by(them) if o.package == decision.package]
                if not offered:
                    fail("calls a package theirs that they never offered")
                elif f"round {offered[-1].round}" not in text.lower():
                    fail(f"names the wrong round for their offer (round {offered[-1].round})")
        elif isinstance(decision, Accept):
            want = "accept-mediator" if decision.mediator else "accept"
            if want not in acts:
                fail(f"an {want} without its act")
        else:
            want = DECISION_ACTS[type(decision)]
            if want not in acts:
                fail(f"a {want} without its act")
        accepting = isinstance(decision, Accept) or "accepted" in kinds
        # 2. "Agreed" only when it agrees.
        if not accepting and ACCEPT_WORDS.search(text):
            fail("says it agrees without accepting")
        # 3. No step for them on a move the game logged as a retraction.
        if any(e.kind == "retracted" and e.actor == me for e in turn.events) and (
            STEP_FOR_THEM.search(text)
        ):
            fail("claims a step for them on a retraction")
        # What the player did since this counterpart last decided.
        since = turns[last_own_turn.get(me, -1) + 1 : index]
        window = [e for t in since for e in t.events]
        if me in last_own_turn:
            own = turns[last_own_turn[me]]
            # Events of its own turn after its decision (a new round's events) count too.
            window = _after_decision(own) + window
        player_turns = [t for t in since if t.actor == them]
        conceded = _player_conceded(player_turns, states, turns, me)
        # 4. "You moved" only when they did; "we'll move when you do" only when they did not.
        if ("reply-concession" in acts or THEY_MOVED.search(text)) and not conceded:
            fail("answers a concession the player did not make")
        if ("reply-no-move" in acts or THEY_DID_NOT.search(text)) and conceded:
            fail("says the player did not move, but they conceded")
        # "We're at our limit" answers a step of theirs, and only on a move that gives nothing.
        if "at-floor" in acts:
            if not conceded:
                fail("says it cannot match a step the player did not take")
            if isinstance(decision, Propose) and "accepted" not in kinds:
                previous = before.standing[me]
                if previous is None or (
                    before.space.points_of(decision.package)[me]
                    < before.space.points_of(previous)[me] - EPS
                ):
                    fail("says it is at its limit while conceding")
        # 5. Replies only to what happened, and an exposed lie is always answered.
        happened = {
            "lie-exposed": any(e.kind == "exposed" and e.actor == them for e in window),
            "reply-break": any(t.move.decision == TakeBreak() for t in player_turns),
            "reply-retraction": any(e.kind == "retracted" and e.actor == them for e in window),
            "signal": any(e.kind == "signalled" and e.actor == them for e in window),
            "cite": any(e.kind == "cited" and e.actor == them for e in window),
            "disclose": any(e.kind == "disclosed" and e.actor == them for e in window),
            "revealed": any(e.kind == "revealed" and e.actor == them for e in window),
            "deadline": any(
                (e.kind == "disclosed" and e.detail.get("topic") == "deadline")
                or (e.kind == "answered" and e.detail.get("topic") == "deadline")
                or e.kind == "revealed"
                for e in window
                if e.actor == them
            ),
        }
        if happened["lie-exposed"] != ("lie-exposed" in acts):
            fail("an exposed lie not answered exactly once")
        for act in ("reply-break", "reply-retraction"):
            if act in acts and not happened[act]:
                fail(f"{act} without it happening")
        if acts & {"doubt-signal", "note-signal"} and not happened["signal"]:
            fail("answers a signal nobody made")
        if "doubt-signal" in acts:
            claim = [e.detail["claim"] for e in window if e.kind == "signalled"][-1]
            high = turn.choice.reasons.belief.get("batna_high")
            if difficulty == "easy" or high is None or claim <= high:
                fail(f"doubts a signal of {claim} its belief allows (high {high})")
        if "doubt-claim" in acts:
            # Only at hard, only of an alternative they claimed (and the game did not expose),
            # once a game, and never beside a move that belies it.
            earlier = [e for t in turns[:index] for e in t.events if e.actor == them]
            claimed = any(
                e.kind == "signalled"
                or (
                    e.kind == "answered"
                    and e.detail.get("topic") == "batna"
                    and e.detail.get("values")
                )
                for e in earlier
            )
            exposed = any(e.kind == "exposed" and e.detail.get("topic") == "batna" for e in earlier)
            voiced = any(
                t.choice is not None and t.actor == me and "doubt-claim" in t.choice.reasons.speech
                for t in turns[:index]
            )
            if difficulty != "hard" or not claimed or exposed or voiced:
                fail("doubts a claimed alternative it may not (not hard, unclaimed, or again)")
            if accepting or not isinstance(decision, Propose | Hold) or "large-step" in acts:
                fail("doubts their alternative beside a move that belies it")
        if any(a.startswith("benchmark-") for a in acts) and not happened["cite"]:
            fail("answers a benchmark nobody cited")
        if any(a.startswith("ack-disclosure") for a in acts) and not happened["disclose"]:
            fail("acknowledges a disclosure nobody made")
        if "ack-revealed" in acts and not happened["revealed"]:
            fail("remarks on news that did not come out")
        if (
            any(a.startswith("deadline-") and a != "deadline-warning" for a in acts)
            and not (happened["deadline"])
        ):
            fail("answers a deadline nobody revealed")
        # 6. Its own deadline: warned of only when it is near.
        if "deadline-warning" in acts:
            deadline = before.effective_deadline(me)
            if not (deadline < scenario.max_rounds and before.rounds_left(me) <= 2):
                fail("warns of a deadline that is not near")
        # 7. A final offer stands until its next concession (through any number of holds),
        # and that concession owns up to it.
        previous_line = last_line.get(me)
        said_final = final_standing.get(me, False)
        if "final-offer-broken" in acts and not said_final:
            fail("takes back a final offer it never made")
        if said_final and "concede" in acts and "final-offer-broken" not in acts:
            fail("concedes after a final offer without owning up to it")
        if said_final and "reply-no-move" in acts:
            fail("promises to move when you do, with its final offer standing")
        if "final-offer" in acts and not isinstance(decision, Propose):
            fail("a final offer that is not an offer")
        if "final-offer" in acts:
            final_standing[me] = True
        elif "concede" in acts:
            final_standing[me] = False
        # 7b. So does its word that it is at its limit: no promise to move meanwhile, and the
        # concession that ends it says the limit moved (or owns up to a broken final offer).
        at_limit = limit_standing.get(me, False)
        if "limit-moved" in acts and not at_limit:
            fail("says its limit moved, never having named one")
        if at_limit and "concede" in acts and not acts & {"limit-moved", "final-offer-broken"}:
            fail("concedes after saying it was at its limit, without a word")
        if at_limit and "reply-no-move" in acts:
            fail("promises to move when you do, having said it is at its limit")
        if "at-floor" in acts:
            limit_standing[me] = True
        elif "concede" in acts:
            limit_standing[me] = False
        # 8. Never the same line twice in a row.
        if previous_line is not None and previous_line[0] == text:
            fail("the same line twice in a row")
        # 11. In their last round (their deadline, as it knows it, ends the game) there is no
        # later move of theirs to wait for, and "your last round" is said only then.
        known = None
        if scenario.roles[them].deadline_public:
            known = scenario.roles[them].deadline
        for d in before.disclosures:
            if d.holder == them and d.topic == "deadline":
                known = int(d.value)
        their_last = known is not None and before.round >= known
        if their_last and "reply-no-move" in acts:
            fail("waits for a move of theirs in their last round")
        if "your-last-round" in acts and not (their_last and isinstance(decision, Hold)):
            fail("says it is their last round when it is not (or while not holding)")
        # 12. A hold beside a limit, a final offer or their last round is not "for now".
        firm = {"at-floor", "limit-standing", "final-standing", "your-last-round"}
        if "hold" in acts and acts & firm and PROVISIONAL.search(text):
            fail("a provisional hold beside a limit, a final offer or their last round")
        # 14. A standard it quotes against yours backs its own offer: not one its offer already
        # gives away on a settled issue (asks no more than the standard, grants no less than you
        # ask there, as its own citations must).
        if "benchmark-counter" in acts:
            mine = decision.package if isinstance(decision, Propose) else before.standing[me]
            tables = RoleView(before, me).issue_tables()
            for standard in scenario.benchmarks:
                if (
                    standard.name in text
                    and mine is not None
                    and not any(
                        e.kind == "cited" and e.detail.get("benchmark") == standard.id
                        for e in window
                    )
                ):
                    table = tables[standard.issue]
                    asked = table[mine[standard.issue]]
                    ask_theirs = before.standing[them]
                    settled = ask_theirs is not None and asked <= table[ask_theirs[standard.issue]]
                    if settled or asked > table[standard.option]:
                        fail(f"quotes the {standard.name} against its own offer")
        # 13. No word twice in a row ("our payment terms terms meet it": a slot and its frame).
        if doubled := DOUBLED.search(text):
            fail(f"says {doubled.group(0)!r}")
        # 10. It does not ask what it was already told (a disclosed fact, a public deadline).
        for act in acts:
            topic = act.removeprefix("ask-")
            if topic == act:
                continue
            told = any(d.holder == them and d.topic == topic for d in before.disclosures)
            if told or (topic == "deadline" and scenario.roles[them].deadline_public):
                fail(f"asks about their {topic}, which it already knows")
        # 9. Its own question comes after its decision: "That helps" answers the player, so it
        # must not follow a question of its own.
        question = _said(text, acts, "ask-")
        closing = accepting or isinstance(decision, WalkAway)
        if not closing and question >= 0 and 0 <= _decision_said(text, persona) > question:
            fail("asks its own question before saying what it does")
        # ... but on a deal or a walk-out, nothing of its own follows the decision.
        own = max(_said(text, acts, prefix) for prefix in ("ask-", "signal", "cite", "disclose"))
        if closing and own >= 0 and own > _decision_said(text, persona) >= 0:
            fail("says something of its own after closing the deal or walking out")
        last_line[me] = (text, tuple(acts))
        last_own_turn[me] = index
    return problems


def _said(text: str, acts: set[str], prefix: str) -> int:
    """Where in `text` a talk line of an act starting with `prefix` begins (-1: none)."""
    for act in acts:
        if act.startswith(prefix) and act in dialogue.TALK_LINES:
            for variant in dialogue.TALK_LINES[act]:
                # (a slot's words vary: find the template's fixed pieces)
                for piece in re.split(r"\{[a-z_]+\}", variant):
                    if len(piece.strip()) > 6 and piece in text:
                        return text.index(piece)
    return -1


def _decision_said(text: str, persona: str) -> int:
    """Where in `text` the persona's decision line begins (-1: none found)."""
    found = [
        text.index(words)
        for lines in dialogue.DECISION_LINES[persona].values()
        for line in lines
        if len(words := line.split("{")[0].strip()) > 12 and words in text
    ]
    return min(found, default=-1)


def _after_decision(turn: Turn) -> list:
    """The events of a turn after the mover's decision event (round-start happenings)."""
    decisions = {"proposed", "accepted", "held", "break", "walked-away", "mediator-requested"}
    decisions |= {"mediator-accepted"}
    events = list(turn.events)
    for position in range(len(events) - 1, -1, -1):
        if events[position].actor == turn.actor and events[position].kind in decisions:
            return events[position + 1 :]
    return events


def _player_conceded(player_turns: list[Turn], states, turns, me: int) -> bool:
    """Whether the player's latest decision was an offer better for the counterpart (in its
    true points) than the player's offer before it."""
    if not player_turns:
        return False
    last = player_turns[-1]
    decision = last.move.decision
    if not isinstance(decision, Propose):
        return False
    position = turns.index(last)
    before = states[position]
    previous = before.standing[last.actor]
    if previous is None:
        return False
    space = before.space
    return space.points_of(decision.package)[me] > space.points_of(previous)[me] + EPS
