"""The trace's "leverage" key: both sides' true and perceived leverage, components and reasons.

Registered in `sim.record.trace.TRACE_EXTRAS`. Each match's states are assessed once (the
previous turn's assessment is reused for the next line), so a trace costs one assessment per
move.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from sim.core.leverage import Assessment, assess, trace_entry

if TYPE_CHECKING:
    from sim.ai.match import Match, Turn

_SEEN: weakref.WeakKeyDictionary[Any, dict[int, Assessment]] = weakref.WeakKeyDictionary()


def leverage_extra(match: Match, turn: Turn) -> tuple[str, Any]:
    index = next(i for i, t in enumerate(match.turns) if t is turn)
    previous = match.turns[index - 1].state if index > 0 else match.game.initial_state()
    cache = _SEEN.setdefault(match, {})
    before = cache.get(index - 1) or assess(previous)
    now = cache.get(index) or assess(turn.state)
    cache[index] = now
    return "leverage", trace_entry(previous, turn.state, before=before, now=now)
