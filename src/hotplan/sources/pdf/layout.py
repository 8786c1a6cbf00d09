"""Rebuild the report's lines and table rows from PDF page geometry.

Output is the same SourceLine stream the text dump gives the parser: one line per heading
or other text, one per header row, one per table row with its five cells already split.

- Columns come from the header row's cells (the 通番 row): vertical rules where the table
  is ruled, otherwise the empty gutters between the columns' text.
- Rows: horizontal rules where present, otherwise vertical gaps; a band without a 通番 is
  the rest of the previous row, broken across a page.
- A table stays open across page breaks: page-top 基本目標/基本施策 repeats, page numbers and
  other boilerplate do not close it, any other text line does.
- Wrapped lines are joined without spaces (one space only where two Latin words meet);
  department cells break between names, so their lines are joined with a space unless a
  line ends inside a name.
"""

from __future__ import annotations

import statistics
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby, pairwise

from hotplan import vocabulary as v
from hotplan.document.parse import SourceLine
from hotplan.findings import Finding, Severity
from hotplan.sources.pdf.plumber import Char, PdfPage

SERIAL, MEASURE_NO, DEPARTMENTS, DIRECTION, RATING = range(v.ROW_CELLS)
LINE_TOLERANCE = 0.3  # × font size: chars whose tops differ less are on one line
SEGMENT_GAP = 1.5  # × font size: a wider horizontal gap splits a line into two texts
RULE_SPAN = 0.6  # a horizontal rule must cross this share of the table to separate rows


@dataclass
class Line:
    """Characters on one visual line; they never change, so derived values are cached."""

    chars: list[Char]
    page: int

    @cached_property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @cached_property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @cached_property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @cached_property
    def text(self) -> str:
        return chars_text(self.chars)


def _latin(ch: str) -> bool:
    return bool(v.LATIN_WORD_CHAR_RE.match(ch))


def chars_text(chars: list[Char]) -> str:
    """Characters of one line, left to right; a space where a gap separates Latin words."""
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if (
            prev is not None
            and ch.x0 - prev.x1 > 0.2 * ch.size
            and _latin(prev.text[-1])
            and _latin(ch.text[0])
        ):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def join_wrapped(lines: Iterable[str]) -> str:
    """Join a cell's wrapped lines: no space, except one between two Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and _latin(out[-1]) and _latin(line[0]):
            out += " "
        out += line
    return out


def join_departments(lines: Iterable[str]) -> str:
    """Join a department cell's lines with a space, unless a line ends inside a name."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and (v.ends_department(out) or v.PAGE_REF_START_RE.match(line)):
            out += " "
        out += line
    return out


def cluster_lines(chars: list[Char], page: int) -> list[Line]:
    """Group chars into visual lines by their top edge, each sorted left to right."""
    lines: list[Line] = []
    current: list[Char] = []
    line_top = 0.0
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if current and abs(ch.top - line_top) > LINE_TOLERANCE * ch.size:
            lines.append(Line(sorted(current, key=lambda c: c.x0), page))
            current = []
        if not current:
            line_top = ch.top
        current.append(ch)
    if current:
        lines.append(Line(sorted(current, key=lambda c: c.x0), page))
    return lines


def reading_order(lines: list[Line]) -> list[Line]:
    """Text lines in reading order: stacked, left-aligned lines form a block (a legend box, a
    run of headings) that is read whole before the next block."""
    blocks: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        for block in blocks:
            last = block[-1]
            if abs(last.x0 - line.x0) <= 2 and 0 <= line.top - last.bottom <= line.size:
                block.append(line)
                break
        else:
            blocks.append([line])
    blocks.sort(key=lambda block: (block[0].top, block[0].x0))
    return [line for block in blocks for line in block]


def split_segments(line: Line) -> list[Line]:
    """Split a line where a wide horizontal gap separates two texts (heading | legend box)."""
    segments, current = [], [line.chars[0]]
    for prev, ch in zip(line.chars, line.chars[1:], strict=False):
        if ch.x0 - prev.x1 > SEGMENT_GAP * ch.size:
            segments.append(Line(current, line.page))
            current = []
        current.append(ch)
    segments.append(Line(current, line.page))
    return [s for s in segments if s.text.strip()]


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
        return _bbox([c for page, chars in self.parts if page == self.page for c in chars])

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


def _serial_text(line: Line, columns: Columns) -> str:
    left, right = columns.left, columns.edges[1]
    return "".join(c.text for c in line.chars if left <= c.xc < right).strip()


def _is_serial(line: Line, columns: Columns) -> bool:
    return _serial_text(line, columns).isdecimal()


def _serial_free(line: Line, columns: Columns) -> bool:
    """True if the line has nothing but digits (or nothing) in the 通番 column."""
    text = _serial_text(line, columns)
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
    anchors = sorted(line.top for line in lines if _is_serial(line, columns))
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
        anchors = sorted(line.top for line in group if _is_serial(line, columns))
        if len(anchors) <= 1:
            out.append(group)
            continue
        cuts = anchors[1:]
        parts: list[list[Line]] = [[] for _ in range(len(anchors))]
        for line in group:
            parts[sum(1 for cut in cuts if line.top >= cut - 0.5)].append(line)
        out += [p for p in parts if p]
    return out


class _Reader:
    def __init__(self) -> None:
        self.out: list[SourceLine | RowBuilder] = []
        self.findings: list[Finding] = []
        self.columns: Columns | None = None
        self.layouts: list[Columns] = []
        self.pending: list[Line] = []  # text lines not yet emitted
        self.table_open = False

    def text_line(self, line: Line) -> None:
        self.pending.append(line)

    def flush_text(self) -> None:
        """Emit pending text lines block by block (a boxed legend stays together)."""
        for line in reading_order(self.pending):
            self.out.append(SourceLine(0, line.text, page=line.page, bbox=_bbox(line.chars)))
            self.kangxi(line.chars, line.page)
        self.pending = []

    def kangxi(self, chars: list[Char], page: int) -> None:
        mapped = [c for c in chars if c.printed]
        if mapped:
            found = "".join(c.printed or "" for c in mapped)
            self.findings.append(
                Finding(
                    Severity.INFO,
                    "pdf.kangxi_radical",
                    f"{len(mapped)} Kangxi-radical character(s) (e.g. U+{ord(found[0]):04X} "
                    f"{found[0]}) read as the ordinary kanji",
                    source_page=page,
                    found=found,
                    suggestion="".join(c.text for c in mapped),
                )
            )

    def keeps_table_open(self, text: str) -> bool:
        """Page furniture that may stand between two parts of one table."""
        return bool(
            v.GOAL_RE.match(text)
            or v.POLICY_RE.match(text)
            or any(p.search(text) for p in v.BOILERPLATE_RES)
        )

    def page(self, page: PdfPage) -> None:
        lines = [line for line in cluster_lines(page.chars, page.number) if line.text.strip()]
        headers = [h for line in lines if "通番" in line.text and (h := header_columns(page, line))]
        table: list[Line] = []
        for line in lines:
            middle = (line.top + line.bottom) / 2
            header = next((h for h in headers if h.top - 0.5 <= middle <= h.bottom + 0.5), None)
            if header is not None:
                if not header.seen:  # first line of this header row
                    header.seen = True
                    self.flush(table, page)
                    table = []
                    self.flush_text()
                    self.columns, self.table_open = self.layout(header.columns), True
                    self.out.append(SourceLine(0, "\t".join(header.texts), page=page.number))
                for seg in self.split_by_table(line)[1]:  # text beside the header row
                    self.text_line(seg)
                continue
            if self.table_open and self.columns is not None:
                inside, outside = self.split_by_table(line)
                if (
                    inside
                    and _serial_free(inside, self.columns)
                    and not self.keeps_table_open(inside.text)
                ):
                    table.append(inside)
                    for seg in outside:
                        self.text_line(seg)
                    continue
                if not self.keeps_table_open(line.text):
                    self.table_open = False
            self.flush(table, page)
            table = []
            for seg in split_segments(line):
                self.text_line(seg)
        self.flush(table, page)
        self.flush_text()

    def layout(self, columns: Columns) -> Columns:
        """The document's earlier layout when this header has the same columns."""
        for known in self.layouts:
            if known.same_layout(columns):
                return known
        self.layouts.append(columns)
        return columns

    def split_by_table(self, line: Line) -> tuple[Line | None, list[Line]]:
        assert self.columns is not None
        left, right = self.columns.left, self.columns.right
        inside, outside = [], []
        for c in line.chars:
            (inside if left <= c.xc <= right else outside).append(c)
        segs = split_segments(Line(outside, line.page)) if outside else []
        return (Line(inside, line.page) if inside else None), segs

    def flush(self, table: list[Line], page: PdfPage) -> None:
        if not table or self.columns is None:
            return
        self.flush_text()
        self.columns.observe(table)
        for band in bands(table, self.columns, page):
            chars = [c for line in band for c in line.chars]
            if any(_is_serial(line, self.columns) for line in band):
                self.out.append(RowBuilder(page.number, self.columns))
            row = next((r for r in reversed(self.out) if isinstance(r, RowBuilder)), None)
            if row is None:  # table text with no row to continue: keep it visible as lines
                for line in band:
                    self.text_line(line)
                continue
            row.add(chars, page.number)

    def lines(self) -> list[SourceLine]:
        result = []
        for number, item in enumerate(self.out, start=1):
            if isinstance(item, RowBuilder):
                cells = item.texts()
                self.kangxi(item.chars(), item.page)
                result.append(
                    SourceLine(
                        number,
                        "\t".join(cells),
                        page=item.page,
                        cells=cells,
                        bbox=item.bbox(),
                    )
                )
            else:
                result.append(SourceLine(number, item.text, item.page, None, item.bbox))
        return result


def _bbox(chars: list[Char]) -> tuple[float, float, float, float]:
    return (
        round(min(c.x0 for c in chars), 2),
        round(min(c.top for c in chars), 2),
        round(max(c.x1 for c in chars), 2),
        round(max(c.bottom for c in chars), 2),
    )


def layout_lines(pages: Iterable[PdfPage]) -> tuple[list[SourceLine], list[Finding]]:
    reader = _Reader()
    for page in pages:
        reader.page(page)
    lines = reader.lines()
    return lines, reader.findings
