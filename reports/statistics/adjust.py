"""Multiplicity: p-values adjusted over a family of tests."""

from __future__ import annotations

from collections.abc import Sequence


def holm(p_values: Sequence[float | None]) -> tuple[float | None, ...]:
    """Holm-adjusted p-values in the given order (R `p.adjust(p, "holm")`); None stays None
    and does not count as a test."""
    present = sorted((p, index) for index, p in enumerate(p_values) if p is not None)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for position, (p, index) in enumerate(present):
        running = max(running, min(1.0, (len(present) - position) * p))
        adjusted[index] = running
    return tuple(adjusted)
