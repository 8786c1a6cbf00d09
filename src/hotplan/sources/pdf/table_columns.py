"""The columns of one table layout: boundaries the page draws are fixed; the others lie in
the text-free gutters of the table body, measured over every row read with the layout."""

from __future__ import annotations

from bisect import bisect
from collections import Counter

from hotplan import vocabulary as v
from hotplan.sources.pdf.lines import Line, merge_spans, split_segments


class Columns:
    """Column boundaries of one table layout: x positions left, b1..b4, right.

    Boundaries the page draws (a rule, the edge of a cell fill) are fixed. The others start
    between the header labels and are then placed in the empty gutter between the columns'
    text, measured over every row read so far with this layout (tables of one document
    share their layout, so a short table on its own cannot mislead it).
    """

    def __init__(
        self, edges: list[float], fixed: list[bool], labels: list[tuple[float, float]]
    ) -> None:
        self.provisional = edges
        self.fixed = fixed  # per inner boundary: drawn by the page
        self.labels = labels  # x extent of each header label: a column holds its label
        self.covered: list[list[float]] = []  # x ranges the body's text covers, merged
        self.starts: Counter[int] = Counter()  # x where pieces of body text start
        self.text_right = [float("-inf")] * v.ROW_CELLS  # where each column's fullest line ends
        self.pitches: list[float] = []  # line pitches seen inside wrapped cells
        self._edges: list[float] | None = list(edges) if all(fixed) else None

    @property
    def ruled(self) -> bool:
        return all(self.fixed)

    def same_layout(self, other: Columns) -> bool:
        return self.fixed == other.fixed and all(
            abs(a - b) < 2 for a, b in zip(self.provisional, other.provisional, strict=True)
        )

    def observe(self, lines: list[Line]) -> None:
        chars = [c for line in lines for c in line.chars if c.text.strip()]
        if not self.ruled:
            spans = [(a, b) for a, b in self.covered] + [(c.x0, c.x1) for c in chars]
            self.covered = merge_spans(spans, tolerance=0.0)
            for line in lines:  # where each piece of text starts: left-aligned cells recur
                self.starts.update(round(seg.x0) for seg in split_segments(line))
            self._edges = None
        inner, left, right, text_right = self.edges[1:-1], self.left, self.right, self.text_right
        for c in chars:
            x = (c.x0 + c.x1) / 2
            if left <= x <= right:
                col = bisect(inner, x)
                if c.x1 > text_right[col]:
                    text_right[col] = c.x1

    @property
    def edges(self) -> list[float]:
        if self._edges is None:
            self._edges = gutter_edges(
                self.provisional, self.fixed, self.labels, self.covered, self.starts
            )
        return self._edges

    @property
    def left(self) -> float:
        return self.provisional[0]

    @property
    def right(self) -> float:
        return self.provisional[-1]

    def of(self, x: float) -> int | None:
        if not self.left <= x <= self.right:
            return None
        return min(bisect(self.edges[1:-1], x), v.ROW_CELLS - 1)


def gutter_edges(
    provisional: list[float],
    fixed: list[bool],
    labels: list[tuple[float, float]],
    covered: list[list[float]],
    starts: Counter[int] | None = None,
) -> list[float]:
    """Put each boundary the page does not draw in a text-free gap between two header
    labels (a column holds its label, so the boundary lies between them): the widest gap
    that ends where text in many rows starts (a left-aligned column begins there), else
    the widest (a label centred over short left-aligned text leaves a gap after it)."""
    starts = starts or Counter()
    edges = list(provisional)
    for k in range(1, v.ROW_CELLS):
        if fixed[k - 1]:
            continue
        lo, hi = labels[k - 1][1], labels[k][0]
        if lo >= hi:  # labels touching: between their centres
            lo, hi = sum(labels[k - 1]) / 2, sum(labels[k]) / 2
        gaps, cursor = [], lo
        for a, b in covered:
            if b <= lo or a >= hi:
                continue
            if a > cursor:
                gaps.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < hi:
            gaps.append((cursor, hi))
        aligned = [g for g in gaps if sum(starts[round(g[1]) + d] for d in (-1, 0, 1)) >= 2]
        if aligned or gaps:
            a, b = max(aligned or gaps, key=lambda g: g[1] - g[0])
            edges[k] = (a + b) / 2
    return edges
