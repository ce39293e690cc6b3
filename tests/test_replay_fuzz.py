"""A damaged replay, whatever the damage, is one ReplayError or a reported divergence: reading
and verifying never fail any other way (which would reach a user as a traceback)."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.ai.selfplay import Lineup, new_match
from sim.core.catalogue import resolve_scenario
from sim.record.replay import Divergence, ReplayError, parse_replay, replay_text, verify

_MATCH = new_match(resolve_scenario("lease-renewal"), 11, Lineup(("reciprocator", "bluffer")))
_MATCH.run()
LINES = [json.loads(line) for line in replay_text(_MATCH).splitlines()]

JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**9), 10**9),
        st.floats(allow_nan=False),
        st.text(max_size=10),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


PATHS = [(index, path) for index, line in enumerate(LINES) for path in _paths(line)]


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(choice=st.integers(0, 10**9), junk=JUNK)
def test_any_damaged_field_is_a_clear_error_or_a_divergence(choice, junk):
    index, path = PATHS[choice % len(PATHS)]
    lines = json.loads(json.dumps(LINES))
    target = lines[index]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = junk
    raw = "\n".join(json.dumps(line) for line in lines).encode()
    try:
        replay = parse_replay(raw, "game.jsonl")
        result = verify(replay)
    except ReplayError as error:
        assert str(error).startswith("game.jsonl")
        assert "\n" not in str(error)
        return
    assert result is None or isinstance(result, Divergence)
