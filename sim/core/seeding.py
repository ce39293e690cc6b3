"""Seeded randomness: one root seed split into named, independent streams (DESIGN.md §2).

The streams are spawned in a fixed order so adding a consumer never shifts another's numbers:
chance (BATNA draws and seeded events), then each role's counterpart, then each role's dialogue.
NumPy promises the same stream only on the same build, so replays also store every chance
outcome rather than relying on regenerating it.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

STREAMS = ("chance", "ai-0", "ai-1", "dialogue-0", "dialogue-1")


@frozen
class Streams:
    seed: int

    def generator(self, name: str) -> np.random.Generator:
        """A fresh generator for the named stream; the same seed and name give the same numbers."""
        children = np.random.SeedSequence(self.seed).spawn(len(STREAMS))
        return np.random.Generator(np.random.PCG64(children[STREAMS.index(name)]))

    def chance(self) -> np.random.Generator:
        return self.generator("chance")

    def counterpart(self, role: int) -> np.random.Generator:
        return self.generator(f"ai-{role}")

    def dialogue(self, role: int) -> np.random.Generator:
        return self.generator(f"dialogue-{role}")
