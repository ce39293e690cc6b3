"""What a counterpart says: short natural lines from seeded templates, no external model.

A line is picked for a *situation* (the move it makes: opening, conceding, holding, accepting,
walking away, ... and the talk that goes with it) in the *voice* of its persona, then coloured
by its *mood*: wary when the other side's trust has fallen or a bluff was exposed, pressed when
its own deadline is near. Every situation has at least four variants for every persona, and the
pick comes from the counterpart's own dialogue stream, so the same seed says the same words.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

# Decisions, in each persona's voice.
DECISION_LINES: dict[str, dict[str, tuple[str, ...]]] = {
    "hardliner": {
        "open": (
            "Let's start where this should end: {package}.",
            "Here's our position. It's a strong one, and it's fair: {package}.",
            "This is what the job is worth to us: {package}.",
            "I'll be direct. We want {package}.",
        ),
        "concede": (
            "I can move a little. Only a little: {package}.",
            "Fine. {package}. Don't expect that again soon.",
            "That's a real step from us: {package}.",
            "One more inch, and it's your turn: {package}.",
        ),
        "rephrase": (
            "Same value, different shape. Take it or improve yours: {package}.",
            "I won't go lower, but I can put it another way: {package}.",
            "Not a concession. Another way to get there: {package}.",
            "If that didn't suit you, this one is worth the same to us: {package}.",
        ),
        "hold": (
            "Our offer stands.",
            "Nothing has changed on our side.",
            "I've moved enough. The offer is on the table.",
            "You'll need to do better before we move again.",
        ),
        "accept": (
            "Done. We have a deal.",
            "That works. Let's sign it.",
            "Agreed. No more back and forth.",
            "Fine, that we can live with.",
        ),
        "walk-away": (
            "We're done here. We have other options.",
            "This isn't going anywhere. We'll walk.",
            "I'd rather take our alternative than this.",
            "No. We're out.",
        ),
        "break": (
            "Let's take a break. Think about what you actually need.",
            "I need a minute away from the table.",
            "We'll step out. Take the time to reconsider.",
            "Let's pause here. Sleep on it.",
        ),
        "call-mediator": (
            "We're stuck. Let's bring in a mediator.",
            "Someone neutral should look at this.",
            "Fine, a mediator. But we won't give the store away.",
            "Let a mediator tell you what's reasonable.",
        ),
        "accept-mediator": (
            "The mediator's number works. Agreed.",
            "We'll take the mediator's proposal.",
            "Fair enough. We accept the mediator's package.",
            "That proposal is acceptable to us.",
        ),
    },
    "conceder": {
        "open": (
            "We'd love to make this work. How about {package}?",
            "Here's a starting point, happy to talk: {package}.",
            "Let's keep this friendly. We were thinking {package}.",
            "I think we're close already. What about {package}?",
        ),
        "concede": (
            "Okay, we can meet you there: {package}.",
            "Let's not let this drag on. {package}?",
            "I want this to work, so: {package}.",
            "Sure, we can give a bit more: {package}.",
        ),
        "rephrase": (
            "Maybe this shape suits you better? {package}.",
            "Let's try it another way: {package}.",
            "Same spirit, different mix. What about {package}?",
            "If the last one didn't fit, perhaps {package}?",
        ),
        "hold": (
            "Let's give it a moment; our offer's still there.",
            "We're still happy with what's on the table.",
            "I think our offer is a good one for both of us.",
            "Take your time, the offer stands.",
        ),
        "accept": (
            "Wonderful, that's a deal!",
            "Yes, let's do it.",
            "Great, we accept.",
            "Perfect. Agreed.",
        ),
        "walk-away": (
            "I'm sorry, we just can't make this work.",
            "I wish we could, but we have to step away.",
            "This is below what we can do. We'll have to pass.",
            "It's a shame, but no deal.",
        ),
        "break": (
            "Could we take a short break?",
            "Let's breathe for a moment.",
            "Mind if we pause? I'll check with my side.",
            "A quick break might help us both.",
        ),
        "call-mediator": (
            "Maybe a mediator could help us find the middle.",
            "Shall we ask someone neutral to help?",
            "A mediator might see what we're missing.",
            "Let's get a mediator in; I'm sure there's a deal here.",
        ),
        "accept-mediator": (
            "That sounds fair. We accept.",
            "Yes, the mediator's proposal works for us.",
            "Happy to go with that.",
            "Agreed, let's go with the mediator.",
        ),
    },
    "reciprocator": {
        "open": (
            "Let's begin here: {package}. We'll match good faith.",
            "Our opening: {package}. Move with us and we'll move with you.",
            "Here's where we start: {package}.",
            "This is our first offer: {package}. Your turn to show us yours.",
        ),
        "concede": (
            "You moved, so we move: {package}.",
            "That's fair, and here's our step in return: {package}.",
            "Matching your move: {package}.",
            "Give and take. {package}.",
        ),
        "rephrase": (
            "Here's the same offer in another form: {package}.",
            "We can arrange it differently, not for less: {package}.",
            "Another way to put our offer: {package}.",
            "Same value to us, a different mix for you: {package}.",
        ),
        "hold": (
            "We'll move when you do.",
            "Our offer stands until we see a step from you.",
            "Show us some movement and we'll answer it.",
            "We're waiting on your side now.",
        ),
        "accept": (
            "That's fair. Deal.",
            "We can accept that.",
            "Good, we've met in the middle. Agreed.",
            "Deal. Thanks for working with us.",
        ),
        "walk-away": (
            "We've tried to meet you. This is where we stop.",
            "We can't go below our alternative. No deal.",
            "It takes two to meet halfway. We're leaving.",
            "We'll have to walk away.",
        ),
        "break": (
            "Let's take a break and come back fresh.",
            "A pause might help both of us.",
            "We'll step out for a moment.",
            "Time out. We'll pick this up shortly.",
        ),
        "call-mediator": (
            "We're both dug in. A mediator could help.",
            "Let's ask a mediator to look at both sides.",
            "Time for a neutral view, I think.",
            "A mediator could break this deadlock.",
        ),
        "accept-mediator": (
            "The mediator's proposal is fair. We accept.",
            "We'll accept that if you do.",
            "That's balanced. Agreed.",
            "Good proposal. We're in.",
        ),
    },
    "problem-solver": {
        "open": (
            "Let's look for a package that works for both of us. Maybe {package}?",
            "Here's a first idea that should suit you on the things you care about: {package}.",
            "What if we start here: {package}? Tell me what matters most to you.",
            "I think there's room to trade. A first draft: {package}.",
        ),
        "concede": (
            "Let me try a different mix: {package}.",
            "What if we trade across issues: {package}?",
            "This should give you more of what you value: {package}.",
            "Here's a package that I think works better for both of us: {package}.",
        ),
        "rephrase": (
            "Let's see if this trade fits you better: {package}.",
            "Another package, same value for us. Better for you? {package}.",
            "Try this combination instead: {package}.",
            "Maybe the mix was wrong. How about {package}?",
        ),
        "hold": (
            "I think what's on the table already balances our interests.",
            "Let's look again at what we have; it's a good fit.",
            "Can you tell me which part doesn't work for you?",
            "Our proposal stands for now; help me see what's missing.",
        ),
        "accept": (
            "That works for both of us. Deal.",
            "Great, I think that's a good outcome all round.",
            "Agreed. Nice work.",
            "Yes, let's go with that.",
        ),
        "walk-away": (
            "I don't see a package that beats our alternative. We'll stop here.",
            "We've looked hard for overlap and there isn't enough. No deal.",
            "I'm afraid our alternative is better than anything here.",
            "Let's part on good terms; this one doesn't work.",
        ),
        "break": (
            "Let's take a break and think about options.",
            "A short pause to rethink the package?",
            "We'll step out and look for a better trade.",
            "Let me check a few ideas with my side.",
        ),
        "call-mediator": (
            "A mediator might find a package we haven't seen.",
            "Let's bring in a mediator to look for joint gains.",
            "Fresh eyes could help. Mediator?",
            "I'd welcome a mediator's proposal.",
        ),
        "accept-mediator": (
            "The mediator found a good package. We accept.",
            "That looks efficient to me. Agreed.",
            "We accept the mediator's proposal.",
            "Good, that balances things. Yes.",
        ),
    },
    "bluffer": {
        "open": (
            "Honestly, we have better offers. But for you: {package}.",
            "We don't need this deal. Here's what it would take: {package}.",
            "Others are lining up. {package}, take it or leave it.",
            "Let's not waste time: {package}.",
        ),
        "concede": (
            "I shouldn't do this, but: {package}.",
            "My side will hate this. {package}.",
            "Last concession, I mean it: {package}.",
            "You're lucky I like you. {package}.",
        ),
        "rephrase": (
            "I've got better offers elsewhere, but try this: {package}.",
            "Don't read this as a step back from us: {package}.",
            "Here's another way I could live with: {package}.",
            "Different terms, same price: {package}.",
        ),
        "hold": (
            "Our offer stands. We can walk any time.",
            "Take it or leave it.",
            "I have other calls to make. The offer's there.",
            "We're not in a hurry. Are you?",
        ),
        "accept": (
            "Fine. You drive a hard bargain. Deal.",
            "Alright, deal, before I change my mind.",
            "Okay. You got us. Agreed.",
            "Deal. Don't tell my boss.",
        ),
        "walk-away": (
            "We've got better things waiting. Goodbye.",
            "You'll regret this. We're out.",
            "Our other option looks great right now. No deal.",
            "We walk.",
        ),
        "break": (
            "Give me a minute, I need to take a call about another offer.",
            "Let's pause. I'm checking with the other party.",
            "Break. I have somebody else on the line.",
            "Hold that thought; another offer just came in.",
        ),
        "call-mediator": (
            "Fine, let a mediator see how generous we're being.",
            "A mediator will tell you our offer is fair.",
            "Let's get a referee in here.",
            "Mediator. Let's end this.",
        ),
        "accept-mediator": (
            "We'll go with the mediator. Generous of us.",
            "Fine, the mediator's package.",
            "Agreed, reluctantly.",
            "Okay, that's acceptable.",
        ),
    },
}

# Talk that goes with a move. Shared across personas; the persona's voice comes from the
# decision line it is paired with.
TALK_LINES: dict[str, tuple[str, ...]] = {
    "ask-batna": (
        "What happens for you if we don't agree?",
        "What's your alternative here, honestly?",
        "Do you have other options on the table?",
        "If this falls through, where does that leave you?",
    ),
    "ask-deadline": (
        "How much time do you have to close this?",
        "When do you need an answer by?",
        "Is there a date you're working towards?",
        "How long can you keep talking?",
    ),
    "ask-priorities": (
        "What matters most to you in this?",
        "Which of these issues is the big one for you?",
        "Help me understand your priorities.",
        "If you could only win on one issue, which would it be?",
    ),
    "answer-truthful": (
        "I'll be straight with you.",
        "Fair question, here's the honest answer.",
        "No secret about it.",
        "Happy to tell you.",
    ),
    "answer-vague": (
        "Let's just say we have options.",
        "Roughly speaking, we're comfortable.",
        "I can give you a sense of it, not the details.",
        "Somewhere in that range.",
    ),
    "answer-decline": (
        "I'd rather not get into that.",
        "That's for us to know.",
        "Let's keep that out of it.",
        "Not something I'll share.",
    ),
    "answer-lie": (
        "Since you ask, plainly.",
        "I'll tell you exactly how it is.",
        "No games: here it is.",
        "To be completely open with you.",
    ),
    "signal": (
        "You should know we have a solid alternative.",
        "We're not short of options.",
        "Our fallback is better than you think.",
        "Walking away wouldn't hurt us much.",
    ),
    "cite": (
        "The {benchmark} is pretty clear on this.",
        "Look at the {benchmark}; that's the market.",
        "It's not just us saying it: see the {benchmark}.",
        "By the {benchmark}, our position is the fair one.",
    ),
    "disclose": (
        "Let me put something on the table.",
        "I'll share something that might help.",
        "In the interest of getting there, you should know this.",
        "Here's some context.",
    ),
}

# Mood: how the line is coloured.
WARY = (
    "After what came out earlier, forgive me if I check everything.",
    "Trust has to be earned back now.",
    "I'm taking what you say with a pinch of salt.",
    "You'll understand I'm more careful after that.",
)
PRESSED = (
    "We're running out of time.",
    "The clock is ticking for all of us.",
    "We need to wrap this up soon.",
    "There isn't much road left.",
)
CAUGHT = (
    "So that claim of yours wasn't true.",
    "I see what you told me earlier didn't hold up.",
    "Interesting, that's not what you said before.",
    "Well, that contradicts what you claimed.",
)


@frozen
class Mood:
    """How the counterpart feels as it speaks: `trust` in the other side (0..1), `pressure`
    from its own clock (0..1), and whether it just caught them in a lie."""

    trust: float = 1.0
    pressure: float = 0.0
    caught: bool = False


def variants(situation: str, persona: str) -> tuple[str, ...]:
    """All lines a persona may say in a situation (decisions in its voice; talk shared)."""
    if situation in TALK_LINES:
        return TALK_LINES[situation]
    voice = DECISION_LINES.get(persona, DECISION_LINES["reciprocator"])
    return voice[situation]


def line(
    rng: np.random.Generator,
    persona: str,
    decision: str,
    talk: str | None = None,
    mood: Mood = Mood(),
    **slots: str,
) -> str:
    """One spoken line: mood, talk and decision parts, each a seeded pick among its variants."""
    parts = []
    if mood.caught:
        parts.append(_pick(rng, CAUGHT))
    elif mood.trust < 0.75:
        parts.append(_pick(rng, WARY))
    if talk is not None:
        parts.append(_pick(rng, variants(talk, persona)))
    parts.append(_pick(rng, variants(decision, persona)))
    if mood.pressure > 0.75 and decision not in ("accept", "accept-mediator", "walk-away"):
        parts.append(_pick(rng, PRESSED))
    text = " ".join(parts)
    for key, value in slots.items():
        text = text.replace("{" + key + "}", value)
    return text


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]
