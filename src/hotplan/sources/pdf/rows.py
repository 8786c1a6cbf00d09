"""Table rows: a page's table lines cut into row bands, and rows built from bands that may
continue on the next page."""

from __future__ import annotations

import statistics
from array import array
from bisect import bisect
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from hotplan import vocabulary as v
from hotplan.sources.pdf.lines import Line, bbox_of, cluster_lines, join_departments, join_wrapped
from hotplan.sources.pdf.page import Char, PdfPage
from hotplan.sources.pdf.table_columns import Columns

RULE_SPAN = 0.6  # a horizontal rule must cross this share of the table to separate rows
FIT_TOLERANCE = 0.5  # pt: a character this much wider than the room left would have fitted


# page, the characters' texts joined, their lengths (None: all one long), x0, x1, top,
# bottom, size of each
Packed = tuple[int, str, array | None, array, array, array, array, array]


@dataclass(frozen=True, slots=True)
class CellLine:
    """What joining a cell's wrapped lines needs of each line."""

    text: str
    x1: float  # where its last character ends
    size: float
    first_width: float  # how wide its first printed character is

    @classmethod
    def of(cls, line: Line) -> CellLine:
        first = next((c for c in line.chars if c.text.strip()), line.chars[0])
        return cls(line.text, line.chars[-1].x1, line.size, first.x1 - first.x0)


Box = tuple[float, float, float, float]


@dataclass
class RowBuilder:
    """One table row, possibly in parts on two pages. Its cells are joined when the
    document is read: how full a column's lines may be is measured over every row. A
    complete row keeps little: under drawn column rules its cells' lines, cut at once;
    else (an unruled layout learns its gutters from every row) its characters, packed:
    ~45 bytes a character instead of ~250. So a long report's memory stays flat."""

    page: int
    columns: Columns
    parts: list[tuple[int, list[Char]]] = field(default_factory=list)
    packed: list[Packed] = field(default_factory=list)
    cut: tuple[list[list[CellLine]], Box] | None = None

    def add(self, chars: list[Char], page: int) -> None:
        self.parts.append((page, chars))

    def chars(self) -> list[Char]:
        """The characters of the row while it is open."""
        return [c for _, chars in self.parts for c in chars]

    def pack(self) -> None:
        if self.columns.ruled:
            self.cut = self._cut(self.parts)
            self.parts = []
            return
        for page, chars in self.parts:
            text = "".join([c.text for c in chars])
            lengths = None if len(text) == len(chars) else array("H", [len(c.text) for c in chars])
            self.packed.append(
                (
                    page,
                    text,
                    lengths,
                    array("d", [c.x0 for c in chars]),
                    array("d", [c.x1 for c in chars]),
                    array("d", [c.top for c in chars]),
                    array("d", [c.bottom for c in chars]),
                    array("d", [c.size for c in chars]),
                )
            )
        self.parts = []

    def finish(self) -> tuple[tuple[str, ...], Box]:
        """The row's cell texts and its bounding box on its first page."""
        if self.cut is None:
            self.cut = self._cut(self.parts + [(p, _unpack(*rest)) for p, *rest in self.packed])
        cells, box = self.cut
        return self._texts(cells), box

    def _cut(self, parts: list[tuple[int, list[Char]]]) -> tuple[list[list[CellLine]], Box]:
        """Each cell's lines, and the bounding box of the row on its first page."""
        cells: list[list[CellLine]] = [[] for _ in range(v.ROW_CELLS)]
        left, right = self.columns.left, self.columns.right
        inner = self.columns.edges[1:-1]
        for page, chars in parts:
            by_column: list[list[Char]] = [[] for _ in range(v.ROW_CELLS)]
            for c in chars:
                x = (c.x0 + c.x1) / 2  # c.xc, inline: every character of every row
                if left <= x <= right:
                    by_column[bisect(inner, x)].append(c)
            for col, col_chars in enumerate(by_column):
                cells[col] += map(CellLine.of, cluster_lines(col_chars, page))
        return cells, bbox_of([c for page, chars in parts if page == self.page for c in chars])

    def _texts(self, cells: list[list[CellLine]]) -> tuple[str, ...]:
        return tuple(
            join_departments(
                (line.text for line in lines),
                (not self.ends_short(line, col, 1.0) for line in lines),
            )
            if col == v.DEPARTMENTS
            else join_wrapped((line.text for line in lines), self.word_ends(lines, col))
            for col, lines in enumerate(cells)
        )

    def ends_short(self, line: CellLine, col: int, room_needed: float) -> bool:
        """Did the line end before its column's edge (a printed space at its end, or room
        for room_needed × font size more)?"""
        room = self.columns.text_right[col] - line.x1
        return line.text != line.text.rstrip() or room >= room_needed * line.size

    def word_ends(self, lines: list[CellLine], col: int) -> list[bool]:
        """Per line: may it have ended at a word space? Not when the next line's first
        character would not have fitted after it: then the line was broken because it was
        full, wherever it was (a Latin word broken inside, `LA` / `N`)."""
        ends = []
        for line, after in zip(lines, [*lines[1:], None][: len(lines)], strict=True):
            if after is None or line.text != line.text.rstrip():
                ends.append(True)
                continue
            room = self.columns.text_right[col] - line.x1
            ends.append(room >= after.first_width - FIT_TOLERANCE)
        return ends


def _unpack(text: str, lengths: array | None, *numbers: array) -> list[Char]:
    if lengths is None:
        return list(map(Char, text, *numbers))
    texts, start = [], 0
    for n in lengths:
        texts.append(text[start : start + n])
        start += n
    return list(map(Char, texts, *numbers))


def serial_text(line: Line, columns: Columns) -> str:
    """The line's text in the 通番 column. A line's characters run left to right, so the
    scan stops at the column's right edge (asked of every line of every table)."""
    left, right = columns.left, columns.edges[1]
    found = []
    for c in line.chars:
        if c.x0 >= right:
            break
        if left <= (c.x0 + c.x1) / 2 < right:
            found.append(c.text)
    return "".join(found).strip()


def is_serial(line: Line, columns: Columns) -> bool:
    return serial_text(line, columns).isdecimal()


def serial_free(line: Line, columns: Columns) -> bool:
    """True if the line has nothing but digits (or nothing) in the 通番 column."""
    text = serial_text(line, columns)
    return not text or text.isdecimal()


def line_pitch(pitches: list[float]) -> float | None:
    """The distance between two lines of one wrapped cell: the smallest distance between
    consecutive lines of a column (the next row's first line is always farther: a row's
    padding lies between)."""
    return min(pitches) if pitches else None


def row_gap_threshold(lines: list[Line], columns: Columns) -> float:
    """Smallest vertical gap that separates two rows of an unruled table.

    The line pitch inside a wrapped cell is the most common distance between consecutive
    lines of one column (measured over every table read with this layout, so a page with
    few wrapped cells is judged like the others); a gap clearly wider than the space
    between two such lines is cell padding, i.e. a row boundary.
    """
    size = statistics.median(line.size for line in lines)
    for col in (v.DEPARTMENTS, v.DIRECTION):
        tops = sorted(
            line.top for line in lines if any(columns.of(c.xc) == col for c in line.chars)
        )
        columns.pitches += [
            round(b - a, 1) for a, b in pairwise(tops) if 0.9 * size <= b - a <= 3 * size
        ]
    pitch = line_pitch(columns.pitches) or 1.2 * size
    height = statistics.median(line.bottom - line.top for line in lines)
    return max(0.0, pitch - height) + max(1.0, 0.25 * size)


def separators(page: PdfPage, columns: Columns) -> list[float]:
    """y of what the page draws between rows: horizontal rules across the table, and the
    top and bottom edges of row-wide fills (zebra stripes)."""
    width = columns.right - columns.left

    def spans(x0: float, x1: float) -> bool:
        return min(x1, columns.right) - max(x0, columns.left) >= RULE_SPAN * width

    ys = [r[2] for r in page.hrules if spans(r[0], r[1])]
    ys += [y for f in page.fills if spans(f[0], f[2]) for y in (f[1], f[3])]
    return sorted(ys)


def _top_aligned(groups: list[list[Line]], columns: Columns) -> bool:
    """Do this table's rows start with their 通番 line (cells aligned to the top)?"""
    votes = []
    for group in groups:
        serials = [line for line in group if is_serial(line, columns)]
        last = max(line.top for line in group)
        if len(serials) == 1 and last - serials[0].top > 0.5 * serials[0].size:
            first = min(line.top for line in group)  # a row of several lines tells
            votes.append(serials[0].top - first < 0.5 * serials[0].size)
    return bool(votes) and sum(votes) >= 0.75 * len(votes)


def bands(lines: list[Line], columns: Columns, ys: list[float]) -> list[list[Line]]:
    """Split a page's table lines into row bands: by rules (or zebra fills) where drawn
    (ys, the page's separators), else by vertical gaps."""
    if not lines:
        return []
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
    # A band with two serials lacks its separator: cut it at each serial's top. Where rows
    # start with their serial, lines above a band's first serial end the row before it.
    top_aligned = not ruled_rows and _top_aligned(groups, columns)
    out: list[list[Line]] = []
    for group in groups:
        anchors = sorted(line.top for line in group if is_serial(line, columns))
        if top_aligned and anchors and min(line.top for line in group) < anchors[0] - 0.5:
            anchors.insert(0, min(line.top for line in group))
        if len(anchors) <= 1:
            out.append(group)
            continue
        cuts = anchors[1:]
        parts: list[list[Line]] = [[] for _ in range(len(anchors))]
        for line in group:
            parts[sum(1 for cut in cuts if line.top >= cut - 0.5)].append(line)
        out += [p for p in parts if p]
    return out
