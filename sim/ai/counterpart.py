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
    """Why a counterpart made its move: everything its spoken line needs to be truthful.

    `tactic` names the move's intent ("open-high", "reciprocate", "hold-firm", "accept", ...);
    `target` is what it asks for in its own points; `belief` its belief summary (batna_mean,
    batna_low, batna_high, priorities); `concession` how many of its own points this offer gives
    up against its last one (negative: it asked for more), `retracted` whether it took back part
    of what it offered before, `doubts` the topics of your claims it thinks your offers
    contradict, `final` whether it presents this as its final offer (its last proposal before
    its deadline, or a hardliner holding at its floor), and `speech` the speech acts its line
    performs (`sim.ai.dialogue.speak`)."""

    tactic: str
    target: float | None = None
    belief: dict[str, Any] = field(factory=dict, hash=False)
    notes: tuple[str, ...] = ()
    concession: float | None = None
    retracted: bool = False
    doubts: tuple[str, ...] = ()
    final: bool = False
    speech: tuple[str, ...] = ()  # the speech acts its line performs (`sim.ai.dialogue`)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tactic": self.tactic}
        if self.target is not None:
            out["target"] = round(self.target, 3)
        if self.belief:
            out["belief"] = self.belief
        if self.notes:
            out["notes"] = list(self.notes)
        if self.concession is not None:
            out["concession"] = round(self.concession, 3)
        if self.retracted:
            out["retracted"] = True
        if self.doubts:
            out["doubts"] = list(self.doubts)
        if self.final:
            out["final"] = True
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
