"""The words the player reads about the game's own terms, in one place.

The rules, the leverage explanation, the screens and the debrief all name a topic ("your
alternative", not "your batna") and say points the same way; when they are written out in each
module they drift apart. Plain data and small functions: no UI, no rules.
"""

from __future__ import annotations

from sim.core.moves import Topic

# What each topic of a question (or a fact, or a claim) is called in a sentence.
TOPIC_WORDS: dict[str, str] = {
    Topic.BATNA: "alternative",
    Topic.DEADLINE: "deadline",
    Topic.PRIORITIES: "priorities",
}


def topic_words(topic: str) -> str:
    """`their {topic_words(topic)}`: "alternative", "deadline" or "priorities"."""
    return TOPIC_WORDS.get(topic, topic)


def points(value: float) -> str:
    """Points as people write them: 52, 52.5 (never 52.0 or 52.50)."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
