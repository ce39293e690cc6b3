"""The rules: which moves are legal, and what each one does (`step`).

`step(state, move)` checks the move, applies its talk and then its decision, passes the turn,
and returns the new state with the events that explain what changed. An illegal move raises
`IllegalMoveError` whose message lists what is legal. Nothing here reads a clock or a global
random generator: everything random was drawn into the `Game` from the seed.
"""

from __future__ import annotations

from sim.core.errors import IllegalMoveError
from sim.core.moves import (
    Accept,
    Answer,
    Ask,
    CiteBenchmark,
    Decision,
    Disclose,
    Hold,
    Manner,
    Move,
    Propose,
    RequestMediator,
    SignalAlternative,
    TakeBreak,
    Talk,
    Topic,
    WalkAway,
)
from sim.core.state import (
    BOTH,
    EXPOSED_LIE_TRUST,
    MAX_BREAKS,
    MEDIATOR_FROM_ROUND,
    RETRACTION_TRUST,
    Citation,
    Claim,
    Disclosure,
    Event,
    EventKind,
    GameState,
    Offer,
    Outcome,
    OutcomeKind,
    Question,
    other,
)
from sim.core.words import topic_words

BLUFF_MARGIN = 2.0  # points a signal may overstate the BATNA before it counts as a bluff


def step(state: GameState, move: Move) -> tuple[GameState, tuple[Event, ...]]:
    """Apply the side-to-move's move; return the new state and the events it caused."""
    check_legal(state, move)
    events: list[Event] = []
    actor = state.to_move
    pending = state.question
    if move.talk is not None:
        state = _talk(state, actor, move.talk, events)
    # An unanswered question lapses once the side it was put to has moved.
    if pending is not None and pending.asker != actor and state.question is pending:
        state = state.evolve(question=None)
        if not isinstance(move.talk, Answer):
            events.append(
                _event(
                    state,
                    EventKind.UNANSWERED,
                    actor,
                    f"{_name(state, actor)} let the question about their {topic_words(pending.topic)} pass.",
                )
            )
    state = _decide(state, actor, move.decision, events)
    if state.is_over:
        state = state.logged(events, moves_made=state.moves_made + 1)
    else:
        state = _end_turn(state, events, isinstance(move.decision, TakeBreak))
    return state, tuple(events)


# -- legality ----------------------------------------------------------------------------------


def check_legal(state: GameState, move: Move) -> None:
    if state.is_over:
        raise IllegalMoveError("the game is over; no move is legal")
    if move.talk is not None and (problem := _talk_problem(state, move.talk)):
        raise IllegalMoveError(problem)
    if problem := _decision_problem(state, move.decision):
        raise IllegalMoveError(f"{problem}; {_legal_text(state)}")


def legal_decisions(state: GameState) -> list[str]:
    """Names of the decisions the side to move may take now."""
    if state.is_over:
        return []
    names = []
    probes: list[tuple[str, Decision]] = [
        ("propose", Propose(tuple(0 for _ in state.scenario.issues))),
        ("accept", Accept()),
        ("accept-mediator", Accept(mediator=True)),
        ("hold", Hold()),
        ("break", TakeBreak()),
        ("walk-away", WalkAway()),
        ("mediator", RequestMediator()),
    ]
    for name, decision in probes:
        if _decision_problem(state, decision) is None:
            names.append(name)
    return names


def legal_talk(state: GameState) -> list[str]:
    """Names of the kinds of talk the side to move may use now."""
    if state.is_over:
        return []
    role = state.to_move
    names = ["ask"]
    if state.question is not None and state.question.asker != role:
        names.append("answer")
    if undisclosed_facts(state, role):
        names.append("disclose")
    names.append("signal")
    if uncited_benchmarks(state, role):
        names.append("cite")
    return names


def undisclosed_facts(state: GameState, role: int) -> list[int]:
    known = state.disclosed(role)
    return [i for i in state.scenario.facts_of(role) if i not in known]


def uncited_benchmarks(state: GameState, role: int) -> list[int]:
    cited = {c.benchmark for c in state.citations if c.role == role}
    return [i for i in range(len(state.scenario.benchmarks)) if i not in cited]


def _talk_problem(state: GameState, talk: Talk) -> str | None:
    role = state.to_move
    match talk:
        case Ask() | SignalAlternative():
            return None  # any topic (a `Topic` by construction), any claimed alternative
        case Answer(manner, claim):
            question = state.question
            if question is None or question.asker == role:
                return "there is no question to answer; legal talk now: " + ", ".join(
                    t for t in legal_talk(state) if t != "answer"
                )
            if manner is not Manner.LIE:
                return None
            if claim is None:
                return "a lie needs a claim (the value you state)"
            if question.topic is Topic.PRIORITIES and not _is_issue(state, claim):
                return f"a claim about priorities names an issue index from 0 to {len(state.scenario.issues) - 1}"
            if question.topic is Topic.DEADLINE and not (
                1 <= claim <= state.scenario.max_rounds + 1
            ):
                return f"a claimed deadline is a round from 1 to {state.scenario.max_rounds + 1}"
            return None
        case Disclose(fact):
            facts = undisclosed_facts(state, role)
            if fact not in facts:
                choices = ", ".join(state.scenario.facts[i].id for i in facts) or "none left"
                return f"you cannot disclose fact {fact}; facts you can disclose: {choices}"
            return None
        case CiteBenchmark(benchmark):
            citable = uncited_benchmarks(state, role)
            if benchmark not in citable:
                ids = ", ".join(state.scenario.benchmarks[i].id for i in citable) or "none left"
                return f"you cannot cite benchmark {benchmark}; benchmarks you can cite: {ids}"
            return None
    return f"unknown talk {talk!r}"


def _is_issue(state: GameState, value: float) -> bool:
    return float(value).is_integer() and 0 <= value < len(state.scenario.issues)


def _decision_problem(state: GameState, decision: Decision) -> str | None:
    role = state.to_move
    match decision:
        case Propose(package):
            if not _names_a_package(state, package):
                shape = ", ".join(
                    f"{issue.id} 0..{len(issue.options) - 1}" for issue in state.scenario.issues
                )
                return f"a proposal names one option per issue ({shape})"
            return None
        case Accept(mediator=True):
            if state.mediator_proposal is None:
                return "there is no mediator's proposal to accept"
            return None
        case Accept():
            if state.standing[other(role)] is None:
                return "there is no offer from the other side to accept yet"
            return None
        case Hold() | WalkAway():
            return None
        case TakeBreak():
            if state.breaks[role] >= MAX_BREAKS:
                return f"you have used your {MAX_BREAKS} breaks"
            return None
        case RequestMediator():
            if state.mediator_used:
                return "the mediator has already been called in this game"
            if state.round < MEDIATOR_FROM_ROUND:
                return f"a mediator can be called from round {MEDIATOR_FROM_ROUND}"
            return None
    return f"unknown decision {decision!r}"


def _names_a_package(state: GameState, package: tuple[int, ...]) -> bool:
    """Whether `package` names one option per issue, each by its index there."""
    issues = state.scenario.issues
    if len(package) != len(issues):
        return False
    for option, issue in zip(package, issues, strict=True):
        if not isinstance(option, int) or not 0 <= option < len(issue.options):
            return False
    return True


def _legal_text(state: GameState) -> str:
    return "legal decisions now: " + ", ".join(legal_decisions(state))


# -- talk --------------------------------------------------------------------------------------


def _talk(state: GameState, actor: int, talk: Talk, events: list[Event]) -> GameState:
    name = _name(state, actor)
    if isinstance(talk, Ask):
        asked = f"{name} asked about the {_name(state, other(actor))}'s {topic_words(talk.topic)}."
        events.append(_event(state, EventKind.ASKED, actor, asked, topic=talk.topic))
        return state.evolve(question=Question(actor, talk.topic, state.round))
    if isinstance(talk, Answer):
        return _answer(state, actor, talk, events)
    if isinstance(talk, Disclose):
        return _disclose(state, talk.fact, events, by_event=False)
    if isinstance(talk, SignalAlternative):
        truth = state.batna[actor]
        bluff = talk.claim > truth + BLUFF_MARGIN
        claim = Claim(actor, state.round, Topic.BATNA, "signal", "signal", (talk.claim,), not bluff)
        events.append(
            _event(
                state,
                EventKind.SIGNALLED,
                actor,
                f"{name} signalled an alternative worth about {talk.claim:g} points.",
                claim=talk.claim,
            )
        )
        return state.evolve(claims=state.claims + (claim,))
    if isinstance(talk, CiteBenchmark):
        benchmark = state.scenario.benchmarks[talk.benchmark]
        option = state.scenario.issues[benchmark.issue].options[benchmark.option].label
        events.append(
            _event(
                state,
                EventKind.CITED,
                actor,
                f"{name} cited {benchmark.name}: {option} is fair for {state.scenario.issues[benchmark.issue].name}.",
                benchmark=benchmark.id,
            )
        )
        return state.evolve(
            citations=state.citations + (Citation(actor, talk.benchmark, state.round),)
        )
    raise AssertionError(talk)


def true_answer(state: GameState, role: int, topic: Topic) -> tuple[float, ...]:
    """What a truthful answer on `topic` says about `role`."""
    if topic is Topic.BATNA:
        return (state.batna[role],)
    if topic is Topic.DEADLINE:
        return (float(state.effective_deadline(role)),)
    weights = state.space.issue_weights(role)
    return (float(weights.argmax()),)


def vague_answer(state: GameState, role: int, topic: Topic) -> tuple[float, ...]:
    """A vague answer narrows without committing: a third of the publicly guessable BATNA range,
    a window of rounds around the deadline, or the two issues that matter most."""
    if topic is Topic.BATNA:
        low, high = state.scenario.roles[role].batna_public
        third = (high - low) / 3 or 1.0
        truth = min(max(state.batna[role], low), high)
        band = min(int((truth - low) // third), 2)
        return (round(low + band * third, 1), round(low + (band + 1) * third, 1))
    if topic is Topic.DEADLINE:
        deadline = state.effective_deadline(role)
        return (
            float(max(state.round, deadline - 2)),
            float(min(state.scenario.max_rounds, deadline + 2)),
        )
    weights = state.space.issue_weights(role)
    top_two = weights.argsort()[::-1][:2]
    return tuple(float(i) for i in sorted(top_two))


def _answer(state: GameState, actor: int, talk: Answer, events: list[Event]) -> GameState:
    assert state.question is not None  # checked legal: there is a question to answer
    topic = state.question.topic
    truth = true_answer(state, actor, topic)
    values: tuple[float, ...]
    match talk.manner:
        case Manner.TRUTHFUL:
            values, truthful = truth, True
        case Manner.VAGUE:
            values, truthful = vague_answer(state, actor, topic), True
        case Manner.DECLINE:
            values, truthful = (), True
        case Manner.LIE:
            assert talk.claim is not None  # checked legal: a lie states a claim
            values = (float(talk.claim),)
            truthful = abs(values[0] - truth[0]) <= 0.5
    claim = Claim(actor, state.round, topic, "answer", talk.manner, values, truthful)
    events.append(
        _event(
            state,
            EventKind.ANSWERED,
            actor,
            f"{_name(state, actor)} {_answer_words(state, topic, talk.manner, values)}",
            topic=topic,
            manner="declined" if talk.manner is Manner.DECLINE else "answered",
            values=list(values),
        )
    )
    return state.evolve(claims=state.claims + (claim,), question=None)


def _answer_words(state: GameState, topic: Topic, manner: Manner, values: tuple[float, ...]) -> str:
    if manner is Manner.DECLINE:
        return f"declined to say anything about their {topic_words(topic)}."
    issues = state.scenario.issues
    if topic is Topic.BATNA:
        if len(values) == 2:
            return f"said their alternative is worth somewhere between {values[0]:g} and {values[1]:g} points."
        return f"said their alternative is worth {values[0]:g} points."
    if topic is Topic.DEADLINE:
        if len(values) == 2:
            return (
                f"said they need a deal somewhere between rounds {values[0]:g} and {values[1]:g}."
            )
        if values[0] > state.scenario.max_rounds:
            return "said they have no deadline."
        return f"said they need a deal by round {values[0]:g}."
    names = " and ".join(issues[int(v)].name for v in values)
    return f"said what matters most to them is {names}."


def _disclose(state: GameState, fact_index: int, events: list[Event], by_event: bool) -> GameState:
    fact = state.scenario.facts[fact_index]
    holder = fact.holder
    if fact.topic == Topic.BATNA:  # a scenario's fact names its topic as text
        value = state.batna[holder]
    elif fact.topic == Topic.DEADLINE:
        value = float(state.effective_deadline(holder))
    else:
        assert fact.issue is not None  # a priorities fact names its issue (the scenario checks)
        value = float(fact.issue)
    disclosure = Disclosure(fact_index, holder, fact.topic, state.round, value, by_event)
    if not by_event:
        events.append(
            _event(
                state,
                EventKind.DISCLOSED,
                holder,
                f"{_name(state, holder)} disclosed: {fact.text}",
                fact=fact.id,
                topic=fact.topic,
                value=value,
            )
        )
    state = state.evolve(disclosures=state.disclosures + (disclosure,))
    return _expose(state, holder, fact.topic, value, events)


def _expose(
    state: GameState, holder: int, topic: str, value: float, events: list[Event]
) -> GameState:
    """Hard facts expose earlier lies and bluffs on the same topic; each one costs trust."""
    claims = list(state.claims)
    trust = list(state.trust)
    for index, claim in enumerate(claims):
        if (
            claim.role == holder
            and claim.topic == topic
            and not claim.truthful
            and not claim.exposed
        ):
            claims[index] = Claim(**{**_claim_fields(claim), "exposed": True})
            trust[holder] = max(0.0, trust[holder] - EXPOSED_LIE_TRUST)
            said = (
                ", ".join(f"{v:g}" for v in claim.values)
                if topic != Topic.PRIORITIES
                else _issue_names(state, claim.values)
            )
            events.append(
                _event(
                    state,
                    EventKind.EXPOSED,
                    holder,
                    f"Exposed: {_name(state, holder)} claimed {said} about their {topic_words(topic)} in round {claim.round}, but it was not true.",
                    topic=topic,
                    claimed=list(claim.values),
                    claim_round=claim.round,
                )
            )
    return state.evolve(claims=tuple(claims), trust=(trust[0], trust[1]))


def _claim_fields(claim: Claim) -> dict:
    return {
        "role": claim.role,
        "round": claim.round,
        "topic": claim.topic,
        "via": claim.via,
        "manner": claim.manner,
        "values": claim.values,
        "truthful": claim.truthful,
        "exposed": claim.exposed,
    }


def _issue_names(state: GameState, values) -> str:
    return " and ".join(state.scenario.issues[int(v)].name for v in values)


# -- decisions ---------------------------------------------------------------------------------


def _decide(state: GameState, actor: int, decision: Decision, events: list[Event]) -> GameState:
    name = _name(state, actor)
    # Any decision but accepting the mediator's proposal turns it down.
    if state.mediator_proposal is not None and not (
        isinstance(decision, Accept) and decision.mediator
    ):
        events.append(
            _event(
                state,
                EventKind.MEDIATOR_DECLINED,
                actor,
                f"{name} turned down the mediator's proposal.",
            )
        )
        state = state.evolve(mediator_proposal=None, mediator_accepted=frozenset())

    if isinstance(decision, Propose):
        return _propose(state, actor, decision, events)
    if isinstance(decision, Accept):
        if decision.mediator:
            accepted = state.mediator_accepted | {actor}
            events.append(
                _event(
                    state,
                    EventKind.MEDIATOR_ACCEPTED,
                    actor,
                    f"{name} accepted the mediator's proposal.",
                )
            )
            if accepted == frozenset((0, 1)):
                assert state.mediator_proposal is not None  # checked legal
                return _deal(state, state.mediator_proposal, events, mediated=True)
            return state.evolve(mediator_accepted=accepted)
        standing = state.standing[other(actor)]
        assert standing is not None  # checked legal: there is an offer to accept
        events.append(_event(state, EventKind.ACCEPTED, actor, f"{name} accepted the offer."))
        return _deal(state, standing, events, mediated=False)
    if isinstance(decision, Hold):
        events.append(_event(state, EventKind.HELD, actor, f"{name} held their position."))
        return state
    if isinstance(decision, TakeBreak):
        events.append(
            _event(state, EventKind.BREAK, actor, f"{name} asked for a break; a round passes.")
        )
        return state.evolve(
            breaks=_with(state.breaks, actor, state.breaks[actor] + 1), question=None
        )
    if isinstance(decision, WalkAway):
        events.append(_event(state, EventKind.WALKED_AWAY, actor, f"{name} walked away. No deal."))
        outcome = Outcome(OutcomeKind.WALK_AWAY, state.round, state.batna, walked_by=actor)
        return state.evolve(outcome=outcome)
    if isinstance(decision, RequestMediator):
        return _mediate(state, actor, events)
    raise AssertionError(decision)


def _propose(state: GameState, actor: int, decision: Propose, events: list[Event]) -> GameState:
    """A proposal: a deal if it matches their offer on the table, else the new standing offer
    (and less trust when it takes back part of an earlier one)."""
    name = _name(state, actor)
    package = tuple(decision.package)
    if package == state.standing[other(actor)]:
        events.append(
            _event(state, EventKind.ACCEPTED, actor, f"{name} agreed to the offer on the table.")
        )
        return _deal(state, package, events, mediated=False)
    points = state.space.points_of(package)
    previous = state.standing[actor]
    trust = state.trust
    events.append(
        _event(
            state,
            EventKind.PROPOSED,
            actor,
            f"{name} proposed: {describe_package(state, package)}.",
            package=list(package),
        )
    )
    if (
        previous is not None
        and points[other(actor)] < state.space.points_of(previous)[other(actor)]
    ):
        trust = _with(trust, actor, max(0.0, trust[actor] - RETRACTION_TRUST))
        events.append(
            _event(
                state,
                EventKind.RETRACTED,
                actor,
                f"{name} took back part of their earlier offer; trust suffers.",
            )
        )
    return state.offered(
        Offer(actor, state.round, package, points),
        standing=_with(state.standing, actor, package),
        trust=trust,
    )


def mediator_package(state: GameState):
    """The mediator meets both sides in private, so it knows the true BATNAs and delay costs: it
    proposes the symmetric Nash bargaining package as of next round, or nothing if no package
    beats both BATNAs."""
    scenario = state.scenario
    later = state.round  # agreed no sooner than the round after next move; price in one round
    costs = [scenario.roles[r].delay_cost * later for r in (0, 1)]
    disagreement = (state.batna[0] + costs[0], state.batna[1] + costs[1])
    index = state.space.nash_index(disagreement)
    return None if index is None else state.space.package_at(index)


def _mediate(state: GameState, actor: int, events: list[Event]) -> GameState:
    name = _name(state, actor)
    state = state.evolve(mediator_used=True)
    events.append(
        _event(state, EventKind.MEDIATOR_REQUESTED, actor, f"{name} called in a mediator.")
    )
    package = mediator_package(state)
    if package is None:
        events.append(
            _event(
                state,
                EventKind.MEDIATOR_PROPOSED,
                None,
                "The mediator found no package that beats both sides' alternatives.",
            )
        )
        return state
    events.append(
        _event(
            state,
            EventKind.MEDIATOR_PROPOSED,
            None,
            f"The mediator proposes: {describe_package(state, package)}. Both sides must accept it.",
            package=list(package),
        )
    )
    return state.evolve(mediator_proposal=package, mediator_accepted=frozenset())


def _deal(state: GameState, package, events: list[Event], mediated: bool) -> GameState:
    payoffs = (state.deal_value(0, package), state.deal_value(1, package))
    outcome = Outcome(
        OutcomeKind.DEAL, state.round, payoffs, package=tuple(package), mediated=mediated
    )
    events.append(
        _event(
            state,
            EventKind.DEAL,
            None,
            f"Deal in round {state.round}: {describe_package(state, package)}.",
            package=list(package),
            payoffs=list(payoffs),
        )
    )
    return state.evolve(outcome=outcome, mediator_proposal=None)


# -- the clock ---------------------------------------------------------------------------------


def _end_turn(state: GameState, events: list[Event], took_break: bool) -> GameState:
    """Log the move and pass the turn; a round ends once both sides have moved. A break makes
    one more round pass with nothing said, so breaks are a timing tool: they cost both sides a
    round of delay. (The move's events, its count and the turn go into one new state.)"""
    moves_made = state.moves_made + 1
    if state.second_half:
        state = state.logged(
            events,
            moves_made=moves_made,
            round=state.round + 1,
            second_half=False,
            to_move=state.scenario.first_to_move,
        )
        state, _ = start_round(state, events)
    else:
        state = state.logged(
            events, moves_made=moves_made, second_half=True, to_move=other(state.to_move)
        )
    if took_break and not state.is_over:
        state = state.evolve(round=state.round + 1)
        state, _ = start_round(state, events)
    return state


def start_round(state: GameState, events: list[Event]) -> tuple[GameState, list[Event]]:
    """At the start of a round: scheduled and seeded events happen, then deadlines are checked."""
    new: list[Event] = []
    for index, _rule in enumerate(state.scenario.events):
        when = state.game.event_rounds[index]
        if index in state.fired or when is None or when > state.round:
            continue
        state = state.evolve(fired=state.fired | {index})
        state = _happen(state, index, new)
    for role in (0, 1):
        if state.round > state.effective_deadline(role):
            deadline = state.deadline[role]
            whose = (
                "The last round has passed"
                if deadline is None or deadline >= state.scenario.max_rounds
                else f"{_name(state, role)}'s deadline has passed"
            )
            new.append(
                _event(
                    state,
                    EventKind.DEADLINE_PASSED,
                    role,
                    f"{whose}. No deal: both sides take their alternatives.",
                )
            )
            state = state.evolve(
                outcome=Outcome(OutcomeKind.DEADLINE, state.round - 1, state.batna)
            )
            break
    if new:
        events.extend(new)
        state = state.logged(new)
    return state, new


def _happen(state: GameState, index: int, events: list[Event]) -> GameState:
    rule = state.scenario.events[index]
    touched = rule.touches(state.scenario)
    visible = frozenset((0, 1)) if rule.public else touched
    detail: dict = {"event": rule.id}
    if rule.batna is not None:
        role = rule.batna.role
        before = state.batna[role]
        after = rule.batna.apply(before)
        state = state.evolve(batna=_with(state.batna, role, after))
        detail.update(role=state.scenario.roles[role].id, batna_change=after - before)
        if other(role) not in visible:
            # Only the side whose alternative moved is told the numbers; a public event tells
            # the other side that it moved and by how much, never where it now stands.
            detail.update(batna_before=before, batna_after=after)
    if rule.deadline is not None:
        role = rule.deadline.role
        before = state.effective_deadline(role)
        after = int(rule.deadline.apply(before))
        state = state.evolve(deadline=_with(state.deadline, role, max(1, after)))
        detail.update(
            deadline_role=state.scenario.roles[role].id,
            deadline_before=before,
            deadline_after=after,
        )
    events.append(Event(EventKind.SCENARIO_EVENT, state.round, rule.text, None, visible, detail))
    if rule.reveal is not None and rule.reveal not in state.disclosed(
        state.scenario.facts[rule.reveal].holder
    ):
        state = _disclose(state, rule.reveal, events, by_event=True)
        fact = state.scenario.facts[rule.reveal]
        events.append(
            _event(state, EventKind.REVEALED, fact.holder, f"Now known: {fact.text}", fact=fact.id)
        )
    return state


# -- words -------------------------------------------------------------------------------------


def describe_package(state: GameState, package) -> str:
    return ", ".join(
        f"{issue.name}: {issue.options[option].label}"
        for issue, option in zip(state.scenario.issues, package, strict=True)
    )


def _name(state: GameState, role: int) -> str:
    return state.scenario.roles[role].name


def _event(state: GameState, kind: EventKind, actor: int | None, text: str, **detail) -> Event:
    return Event(kind, state.round, text, actor, BOTH, detail)


def _with(pair: tuple, index: int, value) -> tuple:
    return (value, pair[1]) if index == 0 else (pair[0], value)
