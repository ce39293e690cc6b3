"""The seam every counterpart plugs into: it sees a `RoleView` and returns a `Choice`.

A counterpart is a small stateful object owned by one game (it may keep a belief between turns),
seeded from its own stream. `decide` is called when it is its turn; `observe` after every move by
either side, with the events it was allowed to see. A `Choice` carries the move, the line it says,
and its reasons (target, belief summary, tactic) so the debrief can show what it thought.
"""

from __future__ import annotations

from typing import Any, Protocol

from attrs import field, frozen

from sim.core.moves import Move
from sim.core.state import Event
from sim.core.view import RoleView


@frozen
class Reasons:
    tactic: str
    target: float | None = None
    belief: dict[str, Any] = field(factory=dict, hash=False)
    notes: tuple[str, ...] = ()
    speech: tuple[str, ...] = ()  # the speech acts its line performs (`sim.ai.dialogue`)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tactic": self.tactic}
        if self.target is not None:
            out["target"] = round(self.target, 3)
        if self.belief:
            out["belief"] = self.belief
        if self.notes:
            out["notes"] = list(self.notes)
        if self.speech:
            out["speech"] = list(self.speech)
        return out


@frozen
class Choice:
    move: Move
    line: str = ""
    reasons: Reasons = Reasons("")


class Counterpart(Protocol):
    role: int
    persona: str

    def decide(self, view: RoleView) -> Choice: ...

    def observe(self, view: RoleView, events: tuple[Event, ...]) -> None: ...

    def belief_summary(self) -> dict[str, float] | None:
        """Mean and 80% interval of its estimate of the other side's BATNA, if it keeps one."""
        ...
