"""Runs of True in a 1-D mask: a row's pieces of ink, a column profile's lines, the white
corridors between a table's columns."""

from __future__ import annotations

import numpy as np


def runs(mask: np.ndarray, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D mask, moved by offset."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [
        (int(a) + offset, int(b) + offset) for a, b in zip(edges[0::2], edges[1::2], strict=True)
    ]
