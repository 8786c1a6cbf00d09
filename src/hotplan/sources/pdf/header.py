"""The table's columns: found from the header row (the 通番 line) and refined from the body."""

from __future__ import annotations

import statistics
from bisect import bisect
from dataclasses import dataclass
from itertools import pairwise

from hotplan import vocabulary as v
from hotplan.sources.pdf.lines import Line, cluster_lines, join_wrapped
from hotplan.sources.pdf.page import PdfPage


class Columns:
    """Column boundaries of one table layout: x positions left, b1..b4, right.

    Ruled tables take their boundaries from the vertical rules. Unruled ones start from the
    header labels and then place each boundary in the empty gutter between the columns'
    text, measured over every row read so far with this layout (tables of one document
    share their layout, so a short table on its own cannot mislead it).
    """

    def __init__(self, edges: list[float], ruled: bool, labels: list[float]) -> None:
        self.provisional = edges
        self.ruled = ruled
        self.labels = labels  # x centres of the header labels, one per column
        self.spans: list[tuple[float, float]] = []
        self._edges: list[float] | None = list(edges) if ruled else None

    def same_layout(self, other: Columns) -> bool:
        return self.ruled == other.ruled and all(
            abs(a - b) < 2 for a, b in zip(self.provisional, other.provisional, strict=True)
        )

    def observe(self, lines: list[Line]) -> None:
        if not self.ruled:
            self.spans += [(c.x0, c.x1) for line in lines for c in line.chars if c.text.strip()]
            self._edges = None

    @property
    def edges(self) -> list[float]:
        if self._edges is None:
            self._edges = gutter_edges(self.provisional, self.labels, self.spans)
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


def _merge_spans(spans: list[tuple[float, float]], tolerance: float) -> list[list[float]]:
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + tolerance:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def header_band(page: PdfPage, anchor: Line) -> tuple[float, float, float, float]:
    """(top, bottom, x0, x1) of the header row that holds the 通番 line."""
    y = (anchor.top + anchor.bottom) / 2
    x = anchor.x0 + 1
    for x0, top, x1, bottom in page.fills:
        if x0 <= x <= x1 and top <= y <= bottom:
            return top, bottom, x0, x1
    above = [r for r in page.hrules if r[2] <= anchor.top + 1 and r[0] <= x <= r[1]]
    below = [r for r in page.hrules if r[2] >= anchor.bottom - 1 and r[0] <= x <= r[1]]
    if above and below:
        upper = max(above, key=lambda r: r[2])
        lower = min(below, key=lambda r: r[2])
        return upper[2], lower[2], min(upper[0], lower[0]), max(upper[1], lower[1])
    size = anchor.size
    return anchor.top - 1.6 * size, anchor.bottom + 1.6 * size, 0.0, page.width


@dataclass
class Header:
    columns: Columns
    top: float
    bottom: float
    texts: list[str]
    seen: bool = False


def header_columns(page: PdfPage, anchor: Line) -> Header | None:
    """Columns and extent of the header row holding the 通番 line; None if it is no header."""
    top, bottom, x0, x1 = header_band(page, anchor)
    chars = [
        c
        for c in page.chars
        if top - 0.5 <= (c.top + c.bottom) / 2 <= bottom + 0.5
        and x0 - 1 <= c.xc <= x1 + 1
        and c.text.strip()
    ]
    blocks = _merge_spans([(c.x0, c.x1) for c in chars], tolerance=0.35 * anchor.size)
    texts = [
        join_wrapped(
            line.text for line in cluster_lines([c for c in chars if a <= c.xc <= b], page.number)
        )
        for a, b in blocks
    ]
    first = next((i for i, t in enumerate(texts) if "通番" in t), None)
    last = next((i for i, t in enumerate(texts) if "評価" in t), None)
    if first is None or last is None or last - first + 1 != v.ROW_CELLS:
        return None
    blocks, texts = blocks[first : last + 1], texts[first : last + 1]
    # Header rows are at most a few lines: below the band, the data start.
    if x1 - x0 >= page.width - 1:  # no fill or rules: the text decides the extent
        slack = [blocks[i + 1][0] - blocks[i][1] for i in range(len(blocks) - 1)]
        x0, x1 = blocks[0][0] - min(slack) / 2 - 1, blocks[-1][1] + min(slack) / 2 + 1
        bottom = max(c.bottom for c in chars if blocks[0][0] <= c.xc <= blocks[-1][1])
    edges = [x0]
    ruled = True
    for (_, a), (b, _) in pairwise(blocks):
        rules = [r[0] for r in page.vrules if a - 1 <= r[0] <= b + 1 and r[1] <= top + 2]
        if rules:
            edges.append(statistics.median(rules))
        else:
            ruled = False
            edges.append((a + b) / 2)  # provisional: refined from the data's gutters
    edges.append(x1)
    labels = [(a + b) / 2 for a, b in blocks]
    return Header(Columns(edges, ruled, labels), top, bottom, texts)


def gutter_edges(
    provisional: list[float], labels: list[float], spans: list[tuple[float, float]]
) -> list[float]:
    """Put each inner boundary in the widest text-free gap between two header labels."""
    edges = list(provisional)
    covered = _merge_spans(spans, tolerance=0.0)
    for k in range(1, v.ROW_CELLS):
        lo, hi = labels[k - 1], labels[k]
        gaps, cursor = [], lo
        for a, b in covered:
            if b <= lo or a >= hi:
                continue
            if a > cursor:
                gaps.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < hi:
            gaps.append((cursor, hi))
        if gaps:
            a, b = max(gaps, key=lambda g: g[1] - g[0])
            edges[k] = (a + b) / 2
    return edges
