"""Table rows: a page's table lines cut into row bands, and rows built from bands that may
continue on the next page."""

from __future__ import annotations

import statistics
from bisect import bisect
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from hotplan import vocabulary as v
from hotplan.sources.pdf.header import Columns
from hotplan.sources.pdf.lines import Line, bbox_of, cluster_lines, join_departments, join_wrapped
from hotplan.sources.pdf.page import Char, PdfPage

SERIAL, MEASURE_NO, DEPARTMENTS, DIRECTION, RATING = range(v.ROW_CELLS)
RULE_SPAN = 0.6  # a horizontal rule must cross this share of the table to separate rows


@dataclass
class RowBuilder:
    """One table row, possibly in parts on two pages; cells are cut when the document is read."""

    page: int
    columns: Columns
    parts: list[tuple[int, list[Char]]] = field(default_factory=list)

    def add(self, chars: list[Char], page: int) -> None:
        self.parts.append((page, chars))

    def chars(self) -> list[Char]:
        return [c for _, chars in self.parts for c in chars]

    def bbox(self) -> tuple[float, float, float, float]:
        return bbox_of([c for page, chars in self.parts if page == self.page for c in chars])

    def texts(self) -> tuple[str, ...]:
        cells: list[list[str]] = [[] for _ in range(v.ROW_CELLS)]
        left, right = self.columns.left, self.columns.right
        inner = self.columns.edges[1:-1]
        for page, chars in self.parts:
            by_column: list[list[Char]] = [[] for _ in range(v.ROW_CELLS)]
            for c in chars:
                x = c.xc
                if left <= x <= right:
                    by_column[bisect(inner, x)].append(c)
            for col, col_chars in enumerate(by_column):
                cells[col] += [line.text for line in cluster_lines(col_chars, page)]
        return tuple(
            join_departments(lines) if col == DEPARTMENTS else join_wrapped(lines)
            for col, lines in enumerate(cells)
        )


def serial_text(line: Line, columns: Columns) -> str:
    left, right = columns.left, columns.edges[1]
    return "".join(c.text for c in line.chars if left <= c.xc < right).strip()


def is_serial(line: Line, columns: Columns) -> bool:
    return serial_text(line, columns).isdecimal()


def serial_free(line: Line, columns: Columns) -> bool:
    """True if the line has nothing but digits (or nothing) in the 通番 column."""
    text = serial_text(line, columns)
    return not text or text.isdecimal()


def row_gap_threshold(lines: list[Line], columns: Columns) -> float:
    """Smallest vertical gap that separates two rows of an unruled table.

    The line pitch inside a wrapped 取組の方向性 cell is the most common distance between
    consecutive lines there; a gap clearly wider than the space between two such lines is
    cell padding, i.e. a row boundary.
    """
    direction = sorted(
        (line for line in lines if any(columns.of(c.xc) == DIRECTION for c in line.chars)),
        key=lambda line: line.top,
    )
    size = statistics.median(line.size for line in lines)
    pitches = [
        round(b.top - a.top, 1)
        for a, b in pairwise(direction)
        if 0.8 * size <= b.top - a.top <= 3 * size
    ]
    pitch = statistics.mode(pitches) if pitches else 1.2 * size
    height = statistics.median(line.bottom - line.top for line in lines)
    return max(0.0, pitch - height) + max(1.0, 0.25 * size)


def bands(lines: list[Line], columns: Columns, page: PdfPage) -> list[list[Line]]:
    """Split a page's table lines into row bands: by rules if ruled, else by vertical gaps."""
    if not lines:
        return []
    width = columns.right - columns.left
    ys = sorted(
        r[2]
        for r in page.hrules
        if min(r[1], columns.right) - max(r[0], columns.left) >= RULE_SPAN * width
    )
    top, bottom = min(line.top for line in lines), max(line.bottom for line in lines)
    ys = [y for y in ys if top < y < bottom]
    anchors = sorted(line.top for line in lines if is_serial(line, columns))
    ruled_rows = bool(ys) and all(any(a < y < b for y in ys) for a, b in pairwise(anchors))
    groups: list[list[Line]] = []
    if ruled_rows:
        ordered = sorted(lines, key=lambda line: line.top)
        groups = [
            list(g)
            for _, g in groupby(ordered, key=lambda line: bisect(ys, (line.top + line.bottom) / 2))
        ]
    else:
        threshold = row_gap_threshold(lines, columns)
        reach = -1e9
        for line in sorted(lines, key=lambda line: line.top):
            if not groups or line.top - reach > threshold:
                groups.append([line])
            else:
                groups[-1].append(line)
            reach = max(reach, line.bottom)
    # A band with two serials lacks its separator: cut it at each serial's top.
    out: list[list[Line]] = []
    for group in groups:
        anchors = sorted(line.top for line in group if is_serial(line, columns))
        if len(anchors) <= 1:
            out.append(group)
            continue
        cuts = anchors[1:]
        parts: list[list[Line]] = [[] for _ in range(len(anchors))]
        for line in group:
            parts[sum(1 for cut in cuts if line.top >= cut - 0.5)].append(line)
        out += [p for p in parts if p]
    return out
