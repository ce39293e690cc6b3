"""A player's proposal in plain words, next to their previous one.

The counterpart's moves come with a line; the player's come as a package of option labels. So
that both sides' moves read alike in the conversation, `proposal_words` says what a proposal
does from the proposer's own side of the table: "You offer base salary $96,000 and start date in
6 weeks, giving up 12 of your points; and ask for remote days 3 days a week, 8 points more for
you." It reads only the proposer's own points, which the proposer knows.
"""

from __future__ import annotations

from sim.core.outcomes import Package
from sim.core.scenario import Scenario


def proposal_words(
    scenario: Scenario, role: int, package: Package, previous: Package | None
) -> str:
    """`role`'s proposal of `package`, relative to its previous standing offer (None: its first)."""
    issues = scenario.issues
    if previous is None:
        terms = ", ".join(_term(scenario, i, package[i]) for i in range(len(issues)))
        return f"You open with {terms}."
    gives: list[str] = []
    asks: list[str] = []
    swaps: list[str] = []
    given = asked = 0.0
    for index, issue in enumerate(issues):
        new, old = package[index], previous[index]
        if new == old:
            continue
        mine_new = issue.options[new].points[role]
        mine_old = issue.options[old].points[role]
        term = _term(scenario, index, new)
        if mine_new < mine_old:
            gives.append(term)
            given += mine_old - mine_new
        elif mine_new > mine_old:
            asks.append(term)
            asked += mine_new - mine_old
        else:
            swaps.append(term)
    if not (gives or asks or swaps):
        return "You repeat your offer."
    # In the proposer's own points only: whether it is a step for the other side depends on
    # their points, which the proposer cannot see (the game says so when it is a retraction).
    clauses = []
    if gives:
        clauses.append(f"offer {_join(gives)}, giving up {given:g} of your points")
    if asks:
        clauses.append(f"ask for {_join(asks)}, {_points(asked)} more for you")
    if swaps:
        clauses.append(f"change to {_join(swaps)}")
    text = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + "; and " + clauses[-1]
    return f"You {text}."


def _points(value: float) -> str:
    return f"{value:g} point" if value == 1 else f"{value:g} points"


def _term(scenario: Scenario, issue: int, option: int) -> str:
    return f"{scenario.issues[issue].name.lower()} {_label(scenario, issue, option)}"


def _label(scenario: Scenario, issue: int, option: int) -> str:
    return label_in_sentence(scenario.issues[issue].options[option].label)


def term_in_sentence(issue_name: str, label: str) -> str:
    """One issue's term as it reads in a sentence: "base salary $96,000", "start date in 6
    weeks", and "no signing bonus" for an option called "None"."""
    if label.strip().lower() == "none":
        return f"no {issue_name.lower()}"
    return f"{issue_name.lower()} {label_in_sentence(label)}"


def label_in_sentence(label: str) -> str:
    """An option's label as it reads mid-sentence: "In 6 weeks" becomes "in 6 weeks";
    "$96,000" and "CPI" stay as they are."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
