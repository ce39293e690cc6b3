"""The class report's text and Markdown, and `scenario check`'s text, byte for byte.

`render_text` and `format_report` were each one long function; they are now a function per
section of the report. These tests hold them to the bytes the long functions wrote: each input in
`tests/renderings/` is a report as JSON (a class report's dict, a check report's `to_dict()`), and
beside it the text the earlier code rendered from it. The inputs are fixed, so the tests follow
the rendering alone, not the games (a change in how counterparts play leaves them as they are).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sim.analysis import calibration
from sim.analysis.workshop import render
from sim.core.catalogue import resolve_scenario

ROOT = Path(__file__).resolve().parents[1]
RENDERINGS = Path(__file__).resolve().parent / "renderings"
CHECKED = {
    "check-unbalanced": ROOT / "docs" / "examples" / "unbalanced.toml",
    "check-supplier-contract": "supplier-contract",
}


def check_report(data: dict[str, Any], source: str | Path) -> calibration.CheckReport:
    """A CheckReport with the figures of its `to_dict()` (rounded as that is)."""
    scenario = resolve_scenario(str(source))
    roles = scenario.role_ids

    def pair(by_role: dict[str, float]) -> tuple[float, float]:
        return (by_role[roles[0]], by_role[roles[1]])

    return calibration.CheckReport(
        scenario=scenario,
        games=data["games"],
        seed=data["seed"],
        issues=tuple(
            calibration.IssueReport(i["id"], i["kind"], pair(i["weights"]), i["joint_gain"])
            for i in data["issues"]
        ),
        integrative_value=data["integrative_value"],
        max_joint=data["max_joint_points"],
        best_for=pair(data["best_package"]),
        batna_range=(
            tuple(data["batna_range"][roles[0]]),
            tuple(data["batna_range"][roles[1]]),
        ),
        zone_at_low=data["zone_of_agreement"]["lowest_batnas"],
        zone_at_high=data["zone_of_agreement"]["highest_batnas"],
        default_agreement=data["agreement_rate"],
        agreement_by_pairing=data["agreement_by_pairing"],
        mean_gain=pair(data["mean_gain_over_batna"]),
        surplus_share=pair(data["surplus_share"]),
        swing_mean=data["leverage_swing"]["mean"],
        swing_max=data["leverage_swing"]["max"],
        opening_range=tuple(data["opening_leverage"][roles[0]]),
        deadline_rate=data["deadline_rate"],
        walk_away_rate=data["walk_away_rate"],
        wire_rate=data["last_round_deal_rate"],
        mean_rounds=data["mean_rounds"],
        items=tuple(
            calibration.ItemReport(
                item["kind"],
                item["id"],
                item["probes"],
                item["happened"],
                item["moved_leverage"],
                item["largest_shift"],
                pair(item["points_effect"]),
            )
            for item in data["facts_and_events"]
        ),
        problems=tuple(data["problems"]),
        notes=tuple(data["notes"]),
    )


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_scenario_check_text_is_what_it_was(name):
    data = json.loads((RENDERINGS / f"{name}.json").read_text(encoding="utf-8"))
    expected = (RENDERINGS / f"{name}.txt").read_text(encoding="utf-8")
    assert calibration.format_report(check_report(data, CHECKED[name])) == expected


@pytest.mark.parametrize("name", ["class", "class-anonymized"])
@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("markdown", "md")])
def test_class_report_text_is_what_it_was(name, fmt, suffix):
    report = json.loads((RENDERINGS / f"{name}.json").read_text(encoding="utf-8"))
    expected = (RENDERINGS / f"{name}.{suffix}").read_text(encoding="utf-8")
    assert render(report, fmt) == expected
