"""What a counterpart says: lines composed from what actually happened, in its persona's voice.

`speak` turns the facts of a move (`sim.ai.speech.SpeechFacts`: its own move, the player's last
move, the clock) into one short line and the *speech acts* it performs — tags such as
`concede`, `reply-concession`, `doubt-signal`, `final-offer` — which the trace and replays carry
so every line can be checked against the move it went with. A line is built from parts:

1. a reply to the player's talk (an exposed lie, a disclosure, a revealed deadline, a signal, a
   cited benchmark) and to a move that needs one (a retraction, a break);
2. its mood: wary when its trust in the player has fallen;
3. its own talk (a question, an answer, a disclosure, a signal, a benchmark);
4. its decision, in the persona's voice: a concession says only what it gives up in its own
   points; "you moved, so we move" only when the player did concede; "agreed" only when it
   accepts;
5. the clock: a warning before its own deadline (plain at easy, guarded at hard), a final offer
   (real at its last chance, faked by a bluffer — and the next line owns up if it moves again).

Every situation has at least six variants for every persona; each pick comes from the
counterpart's dialogue stream, so the same seed says the same words, and a line is never the
same as the one before it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from attrs import frozen

from sim.ai.speech import SpeechFacts
from sim.core.moves import Move
from sim.core.offer_words import label_in_sentence, term_in_sentence
from sim.core.view import RoleView
from sim.core.words import TOPIC_WORDS

# Decisions, in each persona's voice. A proposal line claims only what it costs the counterpart
# (its own points); it says nothing about the player's move except in `reciprocate` (used only
# after the player conceded) and `hold-waiting` (only when the player did not).
DECISION_LINES: dict[str, dict[str, tuple[str, ...]]] = {
    "hardliner": {
        "open": (
            "Let's start where this should end: {package}.",
            "Here's our position. It's a strong one, and it's fair: {package}.",
            "This is what it's worth to us: {package}.",
            "I'll be direct. We want {package}.",
            "We know what we need: {package}.",
            "No point dancing around it. {package}.",
        ),
        "concede": (
            "I can move a little. Only a little: {package}.",
            "Fine. {package}. Don't expect that again soon.",
            "We'll give up a bit on our side: {package}.",
            "One inch from us, and then it's your turn: {package}.",
            "That costs us, and I'm saying so: {package}.",
            "A small move, and a reluctant one: {package}.",
        ),
        "reciprocate": (
            "You moved. So will we, a little: {package}.",
            "Your step gets a step back, a small one: {package}.",
            "I noticed you moved. Here's ours: {package}.",
            "You gave something, so we'll give something: {package}.",
            "Fair enough, you gave ground. We'll give some too: {package}.",
            "That's movement from you; we answer it, modestly: {package}.",
        ),
        "rephrase": (
            "Same value, different shape. Take it or improve yours: {package}.",
            "I won't give more, but I can put it another way: {package}.",
            "Not a concession. Another way to get there: {package}.",
            "This one is worth the same to us: {package}.",
            "Different terms, same bottom line for us: {package}.",
            "Rearranged, not reduced: {package}.",
        ),
        "raise": (
            "After that, we need more, not less: {package}.",
            "We're pulling back. This is where we are now: {package}.",
            "The terms have changed for us: {package}.",
            "We're asking for more now: {package}.",
            "Things look different from our side now: {package}.",
            "I'm taking some of that back: {package}.",
        ),
        "hold": (
            "Our offer stands.",
            "Nothing has changed on our side.",
            "I've moved enough. The offer is on the table.",
            "We're staying where we are.",
            "The offer on the table is the offer.",
            "No change from us this round.",
        ),
        "hold-waiting": (
            "You'll need to do better before we move again.",
            "Nothing from you, nothing from us.",
            "We don't bid against ourselves.",
            "Move first. Then we'll talk.",
            "I'm not moving until you do.",
            "Show me something and I'll consider it.",
        ),
        "accept": (
            "Done. We have a deal.",
            "That works. Let's sign it.",
            "Agreed. No more back and forth.",
            "Fine, that we can live with. Deal.",
            "Accepted. Let's close.",
            "All right. Agreed.",
        ),
        "walk-away": (
            "We're done here. We have other options.",
            "This isn't going anywhere. We'll walk.",
            "I'd rather take our alternative than this.",
            "No. We're out.",
            "We'll take our chances elsewhere.",
            "Enough. We're leaving the table.",
        ),
        "break": (
            "Let's take a break. Think about what you actually need.",
            "I need a minute away from the table.",
            "We'll step out. Take the time to reconsider.",
            "Let's pause here. Sleep on it.",
            "Break. Use it to rethink your position.",
            "We'll be outside. Call us when you're serious.",
        ),
        "call-mediator": (
            "We're stuck. Let's bring in a mediator.",
            "Someone neutral should look at this.",
            "Fine, a mediator. But we won't give the store away.",
            "Let a mediator tell you what's reasonable.",
            "A neutral view, then. We're not budging otherwise.",
            "Get a mediator. Let's see who's being unreasonable.",
        ),
        "accept-mediator": (
            "The mediator's package works. Agreed.",
            "We'll take the mediator's proposal.",
            "Fair enough. We accept the mediator's package.",
            "That proposal is acceptable to us.",
            "We'll sign the mediator's terms.",
            "The mediator's call. We accept it.",
        ),
    },
    "conceder": {
        "open": (
            "We'd love to make this work. How about {package}?",
            "Here's a starting point, happy to talk: {package}.",
            "Let's keep this friendly. We were thinking {package}.",
            "I hope we can agree quickly. What about {package}?",
            "To get us started: {package}.",
            "Here's our first thought, nothing set in stone: {package}.",
        ),
        "concede": (
            "Okay, we can give some ground: {package}.",
            "Let's not let this drag on. {package}?",
            "I want this to work, so: {package}.",
            "Sure, we can give a bit more: {package}.",
            "We'll give some ground on our side: {package}.",
            "Let me make it easier: {package}.",
        ),
        "reciprocate": (
            "Thank you for moving. We'll move too: {package}.",
            "That helps a lot. Here's our step: {package}.",
            "You came towards us, so we'll come towards you: {package}.",
            "Lovely, you moved. We can do {package}.",
            "Thanks for that. In return: {package}.",
            "You gave a little, we'll give a little: {package}.",
        ),
        "rephrase": (
            "Maybe this shape suits you? {package}.",
            "Let's try it another way: {package}.",
            "Same spirit, different mix. What about {package}?",
            "Perhaps this fits better: {package}?",
            "Another arrangement, same value for us: {package}.",
            "Would this mix work? {package}.",
        ),
        "raise": (
            "I'm sorry, we have to ask for a bit more now: {package}.",
            "We need to pull back a little: {package}.",
            "I'm afraid our side needs more than before: {package}.",
            "Our situation changed, so: {package}.",
            "We can't hold the last one, sorry: {package}.",
            "We have to walk part of that back: {package}.",
        ),
        "hold": (
            "Let's give it a moment; our offer's still there.",
            "We're still happy with what's on the table.",
            "I think our offer is a good one for both of us.",
            "Take your time, the offer stands.",
            "No change from us for now.",
            "We'll leave our offer as it is this round.",
        ),
        "hold-waiting": (
            "Could you give us a little movement? Then we'll move too.",
            "We've come a long way; a step from you would help.",
            "Our offer's there whenever you're ready to move.",
            "Is there anything you could give on your side?",
            "We'd love to see a step from you.",
            "Help us out with a small move and we'll answer it.",
        ),
        "accept": (
            "Wonderful, that's a deal!",
            "Yes, let's do it. Agreed.",
            "Great, we accept.",
            "Perfect. Agreed.",
            "Deal! Thank you.",
            "We accept, gladly.",
        ),
        "walk-away": (
            "I'm sorry, we just can't make this work.",
            "I wish we could, but we have to step away.",
            "This is below what we can do. We'll have to pass.",
            "It's a shame, but no deal.",
            "We've tried, truly. We have to stop here.",
            "I'm afraid we'll take our other option.",
        ),
        "break": (
            "Could we take a short break?",
            "Let's breathe for a moment.",
            "Mind if we pause? I'll check with my side.",
            "A quick break might help us both.",
            "Let's step away for a moment and come back.",
            "Shall we pause? I need to talk to my team.",
        ),
        "call-mediator": (
            "Maybe a mediator could help us find the middle.",
            "Shall we ask someone neutral to help?",
            "A mediator might see what we're missing.",
            "Let's get a mediator in; I'm sure there's a deal here.",
            "I'd welcome some neutral help.",
            "Could a mediator help us here?",
        ),
        "accept-mediator": (
            "That sounds fair. We accept.",
            "Yes, the mediator's proposal works for us.",
            "Happy to go with that. Agreed.",
            "Agreed, let's go with the mediator.",
            "We accept the mediator's package, gladly.",
            "That works for us. We accept.",
        ),
    },
    "reciprocator": {
        "open": (
            "Let's begin here: {package}. We'll match good faith.",
            "Our opening: {package}. Move with us and we'll move with you.",
            "Here's where we start: {package}.",
            "This is our first offer: {package}.",
            "To open: {package}. We answer movement with movement.",
            "We'll start at {package}.",
        ),
        "concede": (
            "We'll take a step on our side: {package}.",
            "Here's a move from us: {package}.",
            "We'll give a little: {package}.",
            "A step from us, and we'll see yours: {package}.",
            "We can move on this: {package}.",
            "Let's get things moving: {package}.",
        ),
        "reciprocate": (
            "You moved, so we move: {package}.",
            "That's fair, and here's our step in return: {package}.",
            "Matching your move: {package}.",
            "Give and take. You gave, so: {package}.",
            "Your step deserves one back: {package}.",
            "Good. We'll answer that: {package}.",
        ),
        "rephrase": (
            "Here's the same offer in another form: {package}.",
            "We can arrange it differently, not for less: {package}.",
            "Another way to put our offer: {package}.",
            "Same value to us, a different mix: {package}.",
            "A different shape, the same value to us: {package}.",
            "Try it this way: {package}.",
        ),
        "raise": (
            "We have to take some of that back: {package}.",
            "We have to revise our offer upwards: {package}.",
            "We're asking for more now: {package}.",
            "Our offer changes: {package}.",
            "That offer is off the table. This one is on it: {package}.",
            "We'll need more than before: {package}.",
        ),
        "hold": (
            "We'll stay where we are for now.",
            "Our offer stands.",
            "We're keeping our offer as it is.",
            "No change from us this round.",
            "Let's leave our offer where it is.",
            "We'll hold here.",
        ),
        "hold-waiting": (
            "We'll move when you do.",
            "Our offer stands until we see a step from you.",
            "Show us some movement and we'll answer it.",
            "We're waiting on your side now.",
            "Your move first, then ours.",
            "We've moved; now it's your turn.",
        ),
        "accept": (
            "That's fair. Deal.",
            "We can accept that.",
            "Good, we've met in the middle. Agreed.",
            "Deal. Thanks for working with us.",
            "Agreed. Let's write it up.",
            "We accept. Good negotiating.",
        ),
        "walk-away": (
            "We've tried to meet you. This is where we stop.",
            "We can't go below our alternative. No deal.",
            "It takes two to meet halfway. We're leaving.",
            "We'll have to walk away.",
            "There's no deal here for us. Goodbye.",
            "We're better off with our alternative.",
        ),
        "break": (
            "Let's take a break and come back fresh.",
            "A pause might help both of us.",
            "We'll step out for a moment.",
            "Time out. We'll pick this up shortly.",
            "Let's break for a round.",
            "We need a moment. Back shortly.",
        ),
        "call-mediator": (
            "We're both dug in. A mediator could help.",
            "Let's ask a mediator to look at both sides.",
            "Time for a neutral view, I think.",
            "A mediator could break this deadlock.",
            "Let's get someone neutral in.",
            "I'd like a mediator's view on this.",
        ),
        "accept-mediator": (
            "The mediator's proposal is fair. We accept.",
            "We'll accept that if you do.",
            "That's balanced. Agreed.",
            "Good proposal. We're in.",
            "We accept the mediator's terms.",
            "Fair to both. We accept.",
        ),
    },
    "problem-solver": {
        "open": (
            "Let's look for a package that works for both of us. Maybe {package}?",
            "Here's a first idea: {package}.",
            "What if we start here: {package}?",
            "I think there's room to trade. A first draft: {package}.",
            "A starting point we can build on: {package}.",
            "Let me sketch a package: {package}.",
        ),
        "concede": (
            "Let me try a different mix, and give up some value on our side: {package}.",
            "Let me try another package: {package}.",
            "We've given ground on what matters less to us: {package}.",
            "Here's a revised package; it costs us something: {package}.",
            "Let's try this; we're giving some ground: {package}.",
            "We'll move, and see if this fits: {package}.",
        ),
        "reciprocate": (
            "Thanks for moving. Let's build on that: {package}.",
            "You moved; here's a trade back: {package}.",
            "That helps. In return: {package}.",
            "Good step. Let me answer it: {package}.",
            "Now we're getting somewhere. From us: {package}.",
            "You gave, so let me give where it costs us least: {package}.",
        ),
        "rephrase": (
            "Let's see if this trade fits you: {package}.",
            "Another package, same value for us. Does it work for you? {package}.",
            "Try this combination instead: {package}.",
            "Maybe the mix was wrong. How about {package}?",
            "Same value to us, shaped differently: {package}.",
            "Let me rearrange the pieces: {package}.",
        ),
        "raise": (
            "We have to rebalance this towards us: {package}.",
            "Let me revise; we need more on our side: {package}.",
            "This is a step back for us, I'll be honest: {package}.",
            "We need a different balance now: {package}.",
            "We're asking for more than before: {package}.",
            "I have to pull back a little: {package}.",
        ),
        "hold": (
            "I think what's on the table already balances our interests.",
            "Let's look again at what we have.",
            "Can you tell me which part doesn't work for you?",
            "Our proposal stands for now; help me see what's missing.",
            "We'll keep our package on the table for now.",
            "Let's sit with our offer a moment.",
        ),
        "hold-waiting": (
            "Help me out: which issue could you move on?",
            "We need something from your side to keep trading.",
            "Where could you give a little? Then I can give too.",
            "Let's find a trade; what can you offer?",
            "I'll move when I see where you can.",
            "Show me where you have room and I'll match it.",
        ),
        "accept": (
            "That works for both of us. Deal.",
            "Great, I think that's a good outcome all round. Agreed.",
            "Agreed. Nice work.",
            "Yes, let's go with that. Deal.",
            "We accept. A good package.",
            "Deal. Thanks for working through it.",
        ),
        "walk-away": (
            "I don't see a package that beats our alternative. We'll stop here.",
            "We've looked hard for overlap and there isn't enough. No deal.",
            "I'm afraid our alternative is better than anything here.",
            "Let's part on good terms; this one doesn't work.",
            "We can't find a trade that works. We'll step away.",
            "No package here works for us. Thank you for trying.",
        ),
        "break": (
            "Let's take a break and think about options.",
            "A short pause to rethink the package?",
            "We'll step out and look for a better trade.",
            "Let me check a few ideas with my side.",
            "Let's pause and each think about what we value.",
            "A break might help us find a new angle.",
        ),
        "call-mediator": (
            "A mediator might find a package we haven't seen.",
            "Let's bring in a mediator to look for joint gains.",
            "Fresh eyes could help. Mediator?",
            "I'd welcome a mediator's proposal.",
            "Let's ask a mediator to look for the trade.",
            "A neutral party could spot the overlap.",
        ),
        "accept-mediator": (
            "The mediator found a good package. We accept.",
            "That looks efficient to me. Agreed.",
            "We accept the mediator's proposal.",
            "Good, that balances things. We accept.",
            "The mediator's package works. Agreed.",
            "We're happy with that proposal. We accept.",
        ),
    },
    "bluffer": {
        "open": (
            "Honestly, we have better offers. But for you: {package}.",
            "We don't need this deal. Here's what it would take: {package}.",
            "Others are lining up. {package}.",
            "Let's not waste time: {package}.",
            "I've had three calls this morning. Still, for you: {package}.",
            "We're doing you a favour here: {package}.",
        ),
        "concede": (
            "I shouldn't do this, but: {package}.",
            "My side will hate this. {package}.",
            "Against my better judgement: {package}.",
            "You're lucky I like you. {package}.",
            "Don't tell my boss: {package}.",
            "I'm giving more than I should: {package}.",
        ),
        "reciprocate": (
            "Finally, some movement. Fine: {package}.",
            "You moved, so I'll humour you: {package}.",
            "About time you moved. Here: {package}.",
            "Now you're talking. {package}.",
            "See, that wasn't so hard. In return: {package}.",
            "You came down, so I can too, a little: {package}.",
        ),
        "rephrase": (
            "I've got better offers elsewhere, but try this: {package}.",
            "Don't read this as a step back from us: {package}.",
            "Here's another way I could live with: {package}.",
            "Different terms, same price: {package}.",
            "Same money, shuffled: {package}.",
            "Call it a different wrapping: {package}.",
        ),
        "raise": (
            "Prices just went up: {package}.",
            "My other offer improved. So: {package}.",
            "You had your chance. Now it's {package}.",
            "The market moved. {package}.",
            "We want more now: {package}.",
            "I'm pulling that back. {package}.",
        ),
        "hold": (
            "Our offer stands. We can walk any time.",
            "Take it or leave it.",
            "I have other calls to make. The offer's there.",
            "We're not in a hurry. Are you?",
            "The offer's there. I won't chase you.",
            "Nothing new from us.",
        ),
        "hold-waiting": (
            "Move, or I take another call.",
            "I'm not bidding against myself.",
            "You're wasting my time. Move.",
            "Others aren't this slow. Your turn.",
            "I'll wait. My other options won't.",
            "Come back when you have a real number.",
        ),
        "accept": (
            "Fine. You drive a hard bargain. Deal.",
            "Alright, deal, before I change my mind.",
            "Okay. You got us. Agreed.",
            "Deal. Don't tell my boss.",
            "Fine. Agreed. You're lucky.",
            "We accept. This once.",
        ),
        "walk-away": (
            "We've got better things waiting. Goodbye.",
            "You'll regret this. We're out.",
            "Our other option looks great right now. No deal.",
            "We walk.",
            "I have a better offer on the other line. Bye.",
            "Good luck finding anyone else. We're done.",
        ),
        "break": (
            "Give me a minute, I need to take a call about another offer.",
            "Let's pause. I'm checking with the other party.",
            "Break. I have somebody else on the line.",
            "Hold that thought; another offer just came in.",
            "I need to step out. Other business.",
            "Time out. Someone else wants to talk to me.",
        ),
        "call-mediator": (
            "Fine, let a mediator see how generous we're being.",
            "A mediator will tell you our offer is fair.",
            "Let's get a referee in here.",
            "Mediator. Let's end this.",
            "Get a mediator. You'll see we're being reasonable.",
            "Someone neutral will back us up.",
        ),
        "accept-mediator": (
            "We'll go with the mediator. Generous of us.",
            "Fine, the mediator's package. We accept.",
            "Agreed, reluctantly.",
            "Okay, we accept the mediator's terms.",
            "We accept. The mediator is too kind to you.",
            "Fine. We'll sign the mediator's proposal.",
        ),
    },
}

# The counterpart's own talk. Shared across personas; the voice comes from the decision part.
TALK_LINES: dict[str, tuple[str, ...]] = {
    "ask-batna": (
        "What happens for you if we don't agree?",
        "What's your alternative here, honestly?",
        "Do you have other options on the table?",
        "If this falls through, where does that leave you?",
        "What would you do without this deal?",
        "What's your fallback, if you don't mind me asking?",
    ),
    "ask-deadline": (
        "How much time do you have to close this?",
        "When do you need an answer by?",
        "Is there a date you're working towards?",
        "How long can you keep talking?",
        "What's your timeline on this?",
        "Is there a clock running on your side?",
    ),
    "ask-priorities": (
        "What matters most to you in this?",
        "Which of these issues is the big one for you?",
        "Help me understand your priorities.",
        "If you could only win on one issue, which would it be?",
        "Where do you care most?",
        "Which issue would you trade the others for?",
    ),
    "answer-truthful": (
        "I'll be straight with you.",
        "Fair question, here's the honest answer.",
        "No secret about it.",
        "Happy to tell you.",
        "I'll answer that plainly.",
        "Honest answer: yes, I'll tell you.",
    ),
    "answer-vague": (
        "Let's just say we have options.",
        "Roughly speaking, we're comfortable.",
        "I can give you a sense of it, not the details.",
        "Somewhere in that range.",
        "I'll give you the outline.",
        "Broadly, it's this.",
    ),
    "answer-decline": (
        "I'd rather not get into that.",
        "That's for us to know.",
        "Let's keep that out of it.",
        "Not something I'll share.",
        "I'll pass on that one.",
        "We keep that to ourselves.",
    ),
    "answer-lie": (
        "Since you ask, plainly.",
        "I'll tell you exactly how it is.",
        "No games: here it is.",
        "To be completely open with you.",
        "Straight answer.",
        "Since you want it on the record.",
    ),
    "signal": (
        "You should know we have a solid alternative.",
        "We're not short of options.",
        "Our fallback is better than you think.",
        "Walking away wouldn't hurt us much.",
        "We have somewhere else to go.",
        "Don't assume we need this.",
    ),
    "cite": (
        "The {benchmark} is pretty clear on this.",
        "Look at the {benchmark}; that's the market.",
        "It's not just us saying it: see the {benchmark}.",
        "By the {benchmark}, our position is the fair one.",
        "Check the {benchmark}.",
        "The {benchmark} backs us up.",
    ),
    "disclose": (
        "Let me tell you something about our side.",
        "I'll share something that might help.",
        "In the interest of getting there, you should know this.",
        "Here's some context.",
        "Something you should know.",
        "Let me be open about one thing.",
    ),
}

# Replies to what the player did. Each is used only when its fact holds (see `_replies`).
REPLIES: dict[str, tuple[str, ...]] = {
    "lie-exposed": (
        "So what you told me about your {topic} wasn't true. I'll weigh your word accordingly.",
        "That claim about your {topic} didn't hold up. My trust in what you say just dropped.",
        "Now we know the truth about your {topic}. I'll be checking everything from here on.",
        "You misled me about your {topic}. That costs you my trust.",
        "So the {topic} story was a bluff. I'll remember that.",
        "The truth about your {topic} is out, and it isn't what you said. Trust is down.",
    ),
    "ack-disclosure-batna": (
        "Thanks for telling me about your alternative. That changes what we can do.",
        "A real alternative on your side. That changes the picture.",
        "Good to know where you'd go otherwise; we'll take it into account.",
        "I appreciate you showing your alternative. Let's work with that.",
        "So that's your fallback. Noted, and it matters.",
        "Knowing your alternative helps. Let's see what that means here.",
    ),
    "ack-disclosure-priorities": (
        "Thanks, knowing what matters to you helps us find a trade.",
        "Good to know your priorities; that opens some room.",
        "That helps: now I can see where to give and where to ask.",
        "Useful to know. Let's use it.",
        "So that's what matters most to you. Noted.",
        "Thanks for being open about your priorities.",
    ),
    # One of their facts came out through an event, not from them: no thanks for sharing.
    "ack-revealed": (
        "So that's out in the open now. It changes things.",
        "Interesting news about your side.",
        "Well, now we know that about you.",
        "That news changes the picture a little.",
        "So that's how things stand on your side.",
        "I see that's public now.",
    ),
    "ack-disclosure-other": (
        "Thanks for telling me that.",
        "Noted, and appreciated.",
        "Good to know.",
        "That's useful, thank you.",
        "I'll keep that in mind.",
        "Thanks for sharing that.",
    ),
    # A deadline of theirs became known. In the leverage model a deadline sooner than it
    # assumed moves leverage towards the counterpart (it can afford to wait)...
    "deadline-press": (
        "So your clock runs out in round {deadline}. Then you'll want to settle before we need to.",
        "Round {deadline}, then. Time is on our side more than yours.",
        "A deadline in round {deadline}? We can wait longer than that.",
        "Round {deadline}. Then I'd make your best offer soon.",
        "Thanks. With round {deadline} on your side, we're in less of a hurry.",
        "Round {deadline}, noted. That puts the pressure on you.",
    ),
    # ...and one later than it assumed moves leverage away from it.
    "deadline-ease": (
        "Round {deadline}? Then you have more time than I thought.",
        "So you can wait until round {deadline}. That changes our timing.",
        "Round {deadline}. Longer than we expected; we'll adjust.",
        "A later deadline than I assumed. Fair enough.",
        "So there's less of a rush on your side. Noted.",
        "Round {deadline}, then. We'll have to keep that in mind.",
    ),
    "deadline-noted": (
        "Round {deadline}, noted.",
        "Thanks for the timeline: round {deadline}.",
        "Good to know: round {deadline}.",
        "Understood, round {deadline}.",
        "Round {deadline}. That's clear, thanks.",
        "Noted: you need this by round {deadline}.",
    ),
    "doubt-signal": (
        "An alternative worth {claim}? I don't believe that.",
        "You say your fallback is worth {claim}. Nothing you've done says so.",
        "{claim}? Forgive me if I doubt it.",
        "If you really had something worth {claim}, you'd be negotiating differently.",
        "Worth {claim} to you? I'll believe it when I see it.",
        "That alternative sounds better than it probably is.",
    ),
    # Its own reading of the player's offers contradicts the alternative they claimed (hard
    # only: `Level.doubts`), said once, beside a move that stands by it (`Talker.voice_doubts`).
    "doubt-claim": (
        "Your offers don't look like someone with a better option.",
        "You told me you have a better alternative. Your offers say otherwise.",
        "If your alternative were as good as you said, you wouldn't be offering this.",
        "Someone with the fallback you described wouldn't offer what you have.",
        "I'm going by your offers, not by what you said about your alternative.",
        "Your offers tell me your alternative isn't what you said it was.",
    ),
    "note-signal": (
        "A good alternative, you say. Noted.",
        "So you have options. Fair enough.",
        "I hear you have somewhere else to go.",
        "Understood, you have a fallback.",
        "Noted: you're not short of options.",
        "Fine, you have an alternative. So do we.",
    ),
    "benchmark-accept": (
        "The {cited} is fair, and our offer is in line with it on {issue}.",
        "You're right about the {cited}; we already meet it on {issue}.",
        "The {cited} is a fair guide, and our offer respects it.",
        "Fair point on the {cited}. What we offer on {issue} meets it.",
        "The {cited} is a reasonable standard, and we're there on {issue}.",
        "Fair standard: the {cited} says {option}, and our offer meets it.",
    ),
    "benchmark-counter": (
        "The {cited} is one view. The {counter} says {counter_term}.",
        "If we're quoting the {cited}, look at the {counter} too: {counter_term}.",
        "Fine, the {cited}. But the {counter} matters just as much here: {counter_term}.",
        "The {cited} covers {issue}. The {counter} covers {counter_issue}, and it favours us.",
        "The {cited} cuts one way on {issue}; the {counter} cuts the other: {counter_term}.",
        "Respectfully, next to the {cited}, the {counter} says {counter_term}.",
    ),
    "benchmark-dispute": (
        "The {cited} is one number. A deal is a whole package.",
        "I've seen the {cited}. It doesn't fit our situation.",
        "The {cited} is an average; this isn't an average case.",
        "Surveys like the {cited} don't pay our bills.",
        "The {cited} is a guide, not a rule.",
        "We know the {cited}. We see it differently.",
    ),
    "reply-retraction": (
        "You've just taken something back. That doesn't help.",
        "Going backwards? That's not how this works.",
        "That's less than you offered before.",
        "You withdrew part of your offer. I noticed.",
        "Taking back what you offered costs you credibility.",
        "Your new offer is worse than your last.",
    ),
    "reply-break": (
        "Welcome back.",
        "Good, we're back at the table.",
        "Now that we've had a pause.",
        "Right, where were we?",
        "Back to it, then.",
        "I hope the break helped.",
    ),
}

# The clock, by difficulty: plain at easy, a hint at normal, guarded at hard.
DEADLINE_WARNINGS: dict[str, tuple[str, ...]] = {
    "easy": (
        "To be plain: we have to close by round {deadline}, or we're out.",
        "I should tell you our deadline is round {deadline}.",
        "We can't go past round {deadline}. Let's finish before then.",
        "Our time runs out in round {deadline}.",
        "Round {deadline} is our limit. After that there's no deal from us.",
        "Honestly, round {deadline} is the end for us.",
    ),
    "normal": (
        "We don't have long left on our side.",
        "Our window is closing.",
        "We'll need to wrap this up in the next round or two.",
        "I can't keep this open much longer.",
        "Time is getting short for us.",
        "We're near the end of what we can spend on this.",
    ),
    "hard": (
        "I'd rather not let this run much longer.",
        "Let's not drag this out.",
        "I have other things that need my attention soon.",
        "I'd like to see this settled.",
        "We shouldn't let this go on indefinitely.",
        "Let's keep things moving.",
    ),
}
FINAL_OFFER: tuple[str, ...] = (
    "This is our final offer.",
    "That's as far as we go. Final.",
    "Last offer. There won't be another.",
    "Take this one or we're done: it's our last.",
    "This is the last thing we'll put on the table.",
    "Final offer. I mean it.",
)
AT_FLOOR: tuple[str, ...] = (  # holding after a concession of theirs, at the least it can take
    "I see your step, and I can't match it: we're at our limit.",
    "That's a real move, and I'd answer it if I could. This is as far as we can go.",
    "You moved; we can't, not without going below what we need.",
    "I'll be plain: this is the least we can take. Your step is noted.",
    "We've reached our floor. I can't return the favour, much as I'd like to.",
    "Thank you for moving. We can't: this is already the least we can take.",
)
FINAL_BROKEN: tuple[str, ...] = (
    "I said that was final. I'm bending it, once.",
    "All right, 'final' was a stretch.",
    "I know I called the last one final. Here's one more.",
    "Fine, you called my bluff on the final offer.",
    "So much for final. One more step.",
    "I said final. I'll make an exception.",
)
LIMIT_MOVED: tuple[str, ...] = (  # conceding after it said it was at its limit; no size words
    "I said we were at our limit. Things have moved since, and so can we.",
    "We were at our floor when I said so. The picture has changed.",
    "I told you we couldn't go further. Now we can.",
    "Our limit has shifted since I named it.",
    "I said that was the least we could take. It isn't any more.",
    "We were at our limit then. There's room now that there wasn't.",
)
YOUR_LAST_ROUND: tuple[str, ...] = (  # holding in the round their own deadline ends the game
    "This is your last round. What's on the table is what there is.",
    "Your deadline is this round: our offer stands, take it or not.",
    "You're out of time after this. The offer on the table is the one.",
    "Last round for you. Our offer is there to take.",
    "This round is your last. We've said what we can do.",
    "Your clock runs out this round; our offer is your choice now.",
)
FINAL_KEPT: tuple[str, ...] = (
    "As I said, that was final.",
    "I told you: that's as far as we go.",
    "I meant it about the final offer.",
    "Final means final.",
    "Nothing more from us, as I said.",
    "We're not moving past our final offer.",
)
# Words that make a hold provisional: not said beside a limit, a final offer or their last round.
PROVISIONAL = re.compile(r"\bfor now\b|\b(from us|as it is) this round\b", re.IGNORECASE)
# Words that call its own step small: not said of a step it calls large.
SMALL_STEP = re.compile(r"\b(little|small|inch|modestly|a bit)\b", re.IGNORECASE)
YOUR_OFFER_BACK: tuple[str, ...] = (  # proposing back the best package they offered
    "You offered this in round {round}. Accept it and we're done: {package}.",
    "Let's go back to what you put on the table in round {round}: {package}.",
    "Round {round}, you offered {package}. That works for us, if it still works for you.",
    "Your own offer from round {round} still works for us: {package}.",
    "We can live with what you proposed in round {round}: {package}.",
)
# A large concession (8% of its points range or more) says so, in its own terms.
LARGE_STEP: tuple[str, ...] = (
    "That's a big move for us.",
    "We don't make steps that size lightly.",
    "That costs us a lot.",
    "A real sacrifice on our side.",
    "That one hurts on our side.",
    "We've given a lot there.",
)
BLUFF_FINAL = 0.35  # how often a bluffer calls a non-final offer final
# Mood: wary when trust in the player has fallen; pressed as its own clock runs down.
WARY = (
    "After what came out earlier, forgive me if I check everything.",
    "Trust has to be earned back now.",
    "I'm taking what you say with a pinch of salt.",
    "You'll understand I'm more careful now.",
    "I'm listening, but carefully.",
    "Words are cheap; I'll go by what you do.",
)
PRESSED = (
    "We're running out of time.",
    "The clock is ticking for all of us.",
    "We need to wrap this up soon.",
    "There isn't much road left.",
    "Time is running short.",
    "We're late in the game now.",
)


@frozen
class Spoken:
    """A line and the speech acts it performs (what the trace and replays record)."""

    text: str
    acts: tuple[str, ...]


def variants(situation: str, persona: str) -> tuple[str, ...]:
    """All lines a persona may say in a situation (decisions in its voice; talk shared)."""
    if situation in TALK_LINES:
        return TALK_LINES[situation]
    voice = DECISION_LINES.get(persona, DECISION_LINES["reciprocator"])
    return voice[situation]


def speak(
    voice: np.random.Generator,
    persona: str,
    difficulty: str,
    view: RoleView,
    move: Move,
    reasons: Any,
    last: Spoken | None = None,
) -> Spoken:
    """The line that goes with `move`, chosen from `view` (the view before the move) and the
    `reasons` behind it (its `belief` summary is read); `last` is the counterpart's previous
    line, so a line never repeats and a broken final offer is owned up to."""
    facts = SpeechFacts.of(view, move, reasons, difficulty)
    parts: list[str] = []
    acts: list[str] = []
    slots: dict[str, str] = {"package": facts.package or "our offer"}
    initiative = _replies_first(voice, facts, view, last, parts, acts, slots)
    situation = _situation(facts)
    kind = facts.proposal_kind if facts.decision == "propose" else facts.decision
    said_final = _standing_final(voice, facts, kind, last, parts, acts)
    said_limit = _word_stands(voice, LIMIT, kind, last, parts, acts, owned=said_final)
    if (said_final or said_limit or facts.their_last_round) and situation == "hold-waiting":
        # Its final offer or its limit stands, or there is no later round for them: no "we'll
        # move when you do".
        situation = "hold"
    firm = said_final or said_limit or facts.at_floor or facts.their_last_round
    decision_lines = _decision_lines(situation, persona, facts, kind, firm)
    if facts.offered_back is not None:
        slots["round"] = str(facts.offered_back)
    decision_at = len(parts)
    decision_line = _pick(voice, decision_lines)
    if last is not None and decision_line.split("{")[0].strip() in last.text:
        # Not the same words for its decision as last time, even with a new package.
        decision_line = decision_lines[
            (decision_lines.index(decision_line) + 1) % len(decision_lines)
        ]
    parts.append(decision_line)
    acts.extend(_decision_acts(situation, kind))
    _add_step_size(voice, persona, facts, kind, parts, acts)
    _add_at_floor(voice, facts, parts, acts)
    _add_last_word(voice, facts, parts, acts)
    if _final_offer(voice, persona, facts, said_final, None if last is None else last.acts):
        parts.append(_pick(voice, FINAL_OFFER))
        acts.append("final-offer")
    if initiative and facts.decision in ("accept", "accept-mediator", "walk-away"):
        parts.insert(decision_at, initiative)  # nothing follows a deal or a walk-out
        decision_at += 1
    elif initiative:
        parts.append(initiative)
    if facts.deadline_near and facts.decision not in ("accept", "accept-mediator", "walk-away"):
        parts.append(
            _fill(
                _pick(voice, DEADLINE_WARNINGS[difficulty]), {"deadline": str(facts.deadline_round)}
            )
        )
        acts.append("deadline-warning")
    elif facts.pressure > 0.75 and facts.decision not in (
        "accept",
        "accept-mediator",
        "walk-away",
    ):
        parts.append(_pick(voice, PRESSED))
        acts.append("pressed")
    text = _fill(" ".join(parts), slots)
    if last is not None and text == last.text:
        # Never the same line twice in a row: take the next variant of the decision part.
        index = decision_lines.index(parts[decision_at])
        parts[decision_at] = decision_lines[(index + 1) % len(decision_lines)]
        text = _fill(" ".join(parts), slots)
    return Spoken(text, tuple(acts))


def _replies_first(
    voice: np.random.Generator,
    facts: SpeechFacts,
    view: RoleView,
    last: Spoken | None,
    parts: list[str],
    acts: list[str],
    slots: dict[str, str],
) -> str:
    """What it says before its decision: its replies to the player's last move (an answer to
    their question among them) and its wariness. Returns its own initiative (a question, a
    signal, a citation, a disclosure), said after its decision, so that "That helps" or "Thanks
    for moving" follows what it thanks them for, not its own question."""
    replies = _replies(facts, view)
    for act, reply_slots in replies:
        parts.append(_fill(_pick(voice, REPLIES[act]), reply_slots))
        acts.append(act)
    wary_before = last is not None and "wary" in last.acts
    # Wary every other line, not every line: the mood shows without becoming a refrain.
    if facts.trust < 0.75 and "lie-exposed" not in acts and not wary_before:
        parts.append(_pick(voice, WARY))
        acts.append("wary")
    initiative = ""
    if facts.talk is not None:
        talk_line = _pick(voice, TALK_LINES[facts.talk])
        if facts.talk.startswith("answer-"):
            parts.append(talk_line)
        else:
            initiative = talk_line
        acts.append(facts.talk)
        if facts.benchmark:
            slots["benchmark"] = facts.benchmark
    return initiative


# -- choosing the parts --------------------------------------------------------------------


def _situation(facts: SpeechFacts) -> str:
    decision = facts.decision
    if decision == "propose":
        kind = facts.proposal_kind
        if kind == "concede" and facts.player.conceded:
            return "reciprocate"
        return kind
    if decision == "hold":
        player = facts.player
        # "We'll move when you do" only when they did not: they held, or offered nothing new.
        still = player.decision == "hold" or (
            player.decision == "propose" and not player.opening and not player.conceded
        )
        return "hold-waiting" if still else "hold"
    if decision == "mediator":
        return "call-mediator"
    return decision


def _decision_acts(situation: str, kind: str) -> tuple[str, ...]:
    if situation == "reciprocate":
        return ("concede", "reply-concession")
    if situation == "hold-waiting":
        return ("hold", "reply-no-move")
    if situation == "call-mediator":
        return ("call-mediator",)
    return (kind,)


def _replies(facts: SpeechFacts, view: RoleView) -> list[tuple[str, dict[str, str]]]:
    """What it answers of the player's last move: the most telling piece of their talk (or,
    failing that, news an event revealed about them), then a retraction or a break of theirs."""
    player = facts.player
    out: list[tuple[str, dict[str, str]]] = []
    if player.exposed:
        out.append(("lie-exposed", {"topic": TOPIC_WORDS.get(player.exposed[0], "claims")}))
    elif player.deadline is not None:
        if facts.deadline_leverage > 0.5:
            act = "deadline-press"
        elif facts.deadline_leverage < -0.5:
            act = "deadline-ease"
        else:
            act = "deadline-noted"
        out.append((act, {"deadline": str(player.deadline)}))
    elif player.disclosed:
        topic = player.disclosed[0]
        act = (
            f"ack-disclosure-{topic}"
            if topic in ("batna", "priorities")
            else "ack-disclosure-other"
        )
        out.append((act, {}))
    elif player.signal is not None:
        act = "doubt-signal" if facts.signal_doubted else "note-signal"
        out.append((act, {"claim": f"{player.signal:g}"}))
    elif player.cited is not None:
        cited = view.benchmarks[player.cited]
        issue = view.issues[cited.issue]
        slots = {
            "cited": cited.name,
            "issue": issue.name.lower(),
            "option": label_in_sentence(issue.options[cited.option].label),
        }
        if facts.benchmark_met:
            out.append(("benchmark-accept", slots))
        elif facts.counter_benchmark is not None:
            # The standard it answers with may be about another issue: its line names which, so
            # it never sounds like a rebuttal of the player's own standard.
            counter = view.benchmarks[facts.counter_benchmark]
            counter_issue = view.issues[counter.issue]
            slots["counter"] = counter.name
            slots["counter_issue"] = counter_issue.name.lower()
            slots["counter_term"] = term_in_sentence(
                counter_issue.name, counter_issue.options[counter.option].label
            )
            out.append(("benchmark-counter", slots))
        else:
            out.append(("benchmark-dispute", slots))
    elif player.revealed:
        # News an event brought out comes after what the player chose to say: their own talk
        # is what the line answers first.
        out.append(("ack-revealed", {}))
    if facts.claim_doubted and not any(act == "doubt-signal" for act, _ in out):
        out.append(("doubt-claim", {}))
    if player.retracted:
        out.append(("reply-retraction", {}))
    elif player.decision == "break" and not out:
        out.append(("reply-break", {}))
    return out


def _add_step_size(
    voice: np.random.Generator,
    persona: str,
    facts: SpeechFacts,
    kind: str,
    parts: list[str],
    acts: list[str],
) -> None:
    """A big step is called one (a bluffer's concession lines already complain about what it
    costs); their own offer proposed back is named as theirs instead."""
    if facts.offered_back is not None:
        acts.append("your-offer-back")
    elif kind == "concede" and facts.large_step and persona != "bluffer":
        parts.append(_pick(voice, LARGE_STEP))
        acts.append("large-step")


@frozen
class StandingWord:
    """A word it gave that stands until its next concession, through any number of holds: the
    act that makes it, the silent act that carries it from line to line, and how the concession
    that ends it owns up to it (its lines and act)."""

    made: str
    standing: str
    broken: tuple[str, ...]
    broken_act: str


FINAL = StandingWord("final-offer", "final-standing", FINAL_BROKEN, "final-offer-broken")
LIMIT = StandingWord("at-floor", "limit-standing", LIMIT_MOVED, "limit-moved")


def _word_stands(
    voice: np.random.Generator,
    word: StandingWord,
    kind: str,
    last: Spoken | None,
    parts: list[str],
    acts: list[str],
    owned: bool = False,
) -> bool:
    """Whether `word` (a final offer, or its word that it is at its limit) stands as of this
    line: it stands until its next concession, however many rounds it holds meanwhile, so no
    promise meanwhile to move when they do; the concession that ends it owns up to it, unless
    it is `owned` already (a broken final offer says as much as a moved limit)."""
    if last is None or not (word.made in last.acts or word.standing in last.acts):
        return False
    if kind == "concede":
        if not owned:
            parts.append(_pick(voice, word.broken))
            acts.append(word.broken_act)
        return True
    acts.append(word.standing)
    return True


def _standing_final(
    voice: np.random.Generator,
    facts: SpeechFacts,
    kind: str,
    last: Spoken | None,
    parts: list[str],
    acts: list[str],
) -> bool:
    """Whether a final offer of its own stands (`_word_stands`). Kept, it is said once, the
    round after: not a refrain."""
    if (
        kind != "concede"
        and last is not None
        and "final-offer" in last.acts
        and facts.decision in ("propose", "hold")
    ):
        parts.append(_pick(voice, FINAL_KEPT))
        acts.append("final-offer-kept")
    return _word_stands(voice, FINAL, kind, last, parts, acts)


def _add_at_floor(
    voice: np.random.Generator, facts: SpeechFacts, parts: list[str], acts: list[str]
) -> None:
    """Holding after their concession because it is at its least: it says so plainly."""
    if facts.at_floor:
        parts.append(_pick(voice, AT_FLOOR))
        acts.append("at-floor")


def _add_last_word(
    voice: np.random.Generator, facts: SpeechFacts, parts: list[str], acts: list[str]
) -> None:
    """Holding in their last round (their deadline, as it knows it, ends the game when they
    have answered): what stands is the last offer they will see, and it says so."""
    if facts.decision == "hold" and facts.their_last_round and facts.they_answer:
        parts.append(_pick(voice, YOUR_LAST_ROUND))
        acts.append("your-last-round")


def _final_offer(
    voice: np.random.Generator,
    persona: str,
    facts: SpeechFacts,
    said_final: bool,
    last_acts: tuple[str, ...] | None,
) -> bool:
    """Whether it calls this proposal final: truly, when it is its last chance; as a bluff, now
    and then, when it is a bluffer with time left (and did not just say so)."""
    if facts.decision != "propose" or facts.opening:
        return False
    if facts.last_chance or facts.rounds_left <= 1:
        return True
    broke_final = last_acts is not None and "final-offer-broken" in last_acts
    return (
        persona == "bluffer"
        and not said_final
        and not broke_final  # caught once, it does not cry "final" again straight away
        and facts.rounds_left > 2
        and float(voice.random()) < BLUFF_FINAL
    )


def _decision_lines(
    situation: str, persona: str, facts: SpeechFacts, kind: str, firm: bool = False
) -> tuple[str, ...]:
    """The persona's lines for its decision; a step it calls a big one (LARGE_STEP) is not
    "a little" in the same breath; their own best offer proposed back is said to be theirs,
    not "here's our step"; a hold beside a limit, a final offer or their last round (`firm`)
    is not "for now"."""
    if facts.offered_back is not None:
        return YOUR_OFFER_BACK
    lines = variants(situation, persona)
    if firm and situation == "hold":
        return tuple(line for line in lines if not PROVISIONAL.search(line)) or lines
    if kind == "concede" and facts.large_step:
        return tuple(line for line in lines if not SMALL_STEP.search(line)) or lines
    return lines


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def _fill(text: str, slots: dict[str, str]) -> str:
    for key, value in slots.items():
        text = text.replace("{" + key + "}", value)
    # A slot that opens a sentence ("Here: base salary ...", "... shuffled. base salary") starts
    # with a capital.
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


_SENTENCE_START = re.compile(r"(^|[.!?] )([a-z])")
