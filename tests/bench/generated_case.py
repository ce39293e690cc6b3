"""A negotiation case like NegMAS's generated domains, as one of our scenarios.

Each side's points are linear-additive: per issue a weight (the weights sum to one) times a value
in [0, 1] for each option, on a 0-100 scale. Both sides' deadlines are the last round and public
(NegMAS tells every negotiator the number of steps), nothing is said about anyone in advance, and
each side's public BATNA range is the generator's reservation range, widened. Used by
`vs_negmas.py` (the round robin's domains) and by tests that play generated cases.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.core.scenario import BatnaRange, Issue, Option, Role, Scenario

PUBLIC_BATNA = (20.0, 60.0)


def linear_case(
    case_id: str,
    weights: Sequence[np.ndarray],
    values: Sequence[Sequence[np.ndarray]],
    batnas: tuple[float, float],
    rounds: int,
) -> Scenario:
    """`weights[side][issue]` and `values[side][issue][option]` (in [0, 1]) give each option
    `100 × weight × value` points for that side; `batnas` are the sides' true BATNAs in points."""
    issues = tuple(
        Issue(
            f"issue{k}",
            f"Issue {k}",
            "",
            tuple(
                Option(
                    f"option {j}",
                    tuple(round(100 * weights[s][k] * values[s][k][j], 6) for s in (0, 1)),
                )
                for j in range(len(values[0][k]))
            ),
        )
        for k in range(len(values[0]))
    )
    roles = tuple(
        Role(
            id=name,
            name=name.title(),
            public_brief="",
            private_brief="",
            batna=BatnaRange(batnas[side], batnas[side]),
            batna_public=PUBLIC_BATNA,
            deadline=rounds,
            delay_cost=0.0,
            deadline_public=True,
        )
        for side, name in enumerate(("first", "second"))
    )
    return Scenario(
        id=case_id,
        title="Generated case",
        summary="",
        max_rounds=rounds,
        first_to_move=0,
        roles=roles,
        issues=issues,
        facts=(),
        benchmarks=(),
        events=(),
    )


def random_case(
    rng: np.random.Generator, case_id: str, sizes: Sequence[int], rounds: int
) -> tuple[Scenario, list[float], list[np.ndarray], list[list[np.ndarray]]]:
    """A random domain as NegMAS's tests generate them: per side Dirichlet weights, per issue
    option values scaled to [0, 1], a reservation value in 0.3-0.5. Returns the scenario (points
    are utilities x 100), each side's reservation value, weights and values in NegMAS's [0, 1]
    terms. Needs no NegMAS, so tests play these cases without the bench extra."""
    weights: list[np.ndarray] = []
    values: list[list[np.ndarray]] = []
    reserved: list[float] = []
    for _side in (0, 1):
        weights.append(rng.dirichlet(np.ones(len(sizes))))
        tables = []
        for n in sizes:
            raw = rng.random(n)
            tables.append((raw - raw.min()) / (raw.max() - raw.min()))
        values.append(tables)
        reserved.append(float(rng.uniform(0.3, 0.5)))
    batnas = (100 * reserved[0], 100 * reserved[1])
    return linear_case(case_id, weights, values, batnas, rounds), reserved, weights, values
