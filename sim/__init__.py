"""Leverage: a turn-based negotiation simulator.

Layers (DESIGN.md §1): rules in `sim.core`, counterparts in `sim.ai`, replays and history in
`sim.record`, the debrief in `sim.analysis`, screens in `sim.tui`, the command line in `sim.cli`.
"""

__version__ = "0.1.0"
