"""Characters into visual lines, lines into cell text: clustering by height, reading order,
wide gaps that split a line, and how wrapped cell lines are joined."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from operator import attrgetter

from hotplan import vocabulary as v
from hotplan.sources.pdf.page import Char

LINE_TOLERANCE = 0.3  # × font size: chars whose tops differ less are on one line
SEGMENT_GAP = 1.5  # × font size: a wider horizontal gap splits a line into two texts
ALIGNED = 0.3  # × font size: lines starting this close are left-aligned (OCR boxes are ink)


@dataclass(eq=False)  # a line is itself: compared and hashed by identity
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


def join_wrapped(lines: Iterable[str], spaced: Iterable[bool] | None = None) -> str:
    """Join a cell's wrapped lines: no space, except one between two Latin words.

    spaced says, per line, whether it may have ended at a word space; a line filled to the
    cell's edge was broken inside a word (`LA` / `N` is LAN), so no space follows it."""
    out = ""
    space_ok = True
    for line, ok in zip(lines, spaced or repeat(True), strict=False):
        line = line.strip()
        if not line:
            continue
        if out and space_ok and _latin(out[-1]) and _latin(line[0]):
            out += " "
        out += line
        space_ok = ok
    return out


def join_departments(lines: Iterable[str], full: Iterable[bool] | None = None) -> str:
    """Join a department cell's lines with a space, unless a line ends inside a name.

    full says, per line, whether it reached the cell's edge: a name wrapped there goes on
    (`保育・幼稚園` / `課`, `町田市社会` / `福祉協議会`) unless the line ends the way only a
    name ends (課, センター, 協議会 …) and what follows could be a name (three characters
    or more)."""
    out = ""
    previous_full = False
    for line, is_full in zip(lines, full or repeat(False), strict=False):
        line = line.strip()
        if not line:
            continue
        if previous_full:
            new_name = out.endswith(v.DEPARTMENT_FINAL_SUFFIXES) and len(line) >= 3
        else:
            new_name = v.ends_department(out)
        if out and (v.PAGE_REF_START_RE.match(line) or new_name):
            out += " "
        out += line
        previous_full = is_full
    return out


def merge_spans(spans: list[tuple[float, float]], tolerance: float) -> list[list[float]]:
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + tolerance:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


BY_TOP_THEN_X, BY_X = attrgetter("top", "x0"), attrgetter("x0")  # C keys: every char sorts


def cluster_lines(chars: list[Char], page: int) -> list[Line]:
    """Group chars into visual lines by their top edge, each sorted left to right. A char
    whose middle lies above the bottom of the line's first char is on that line too: OCR
    boxes are ink, and a short number set in a row's cell (its box a digit's height) tops
    out lower than the row's kanji by more than the tolerance of its own smaller size."""
    lines: list[Line] = []
    current: list[Char] = []
    line_top = line_bottom = 0.0
    for ch in sorted(chars, key=BY_TOP_THEN_X):
        if (
            current
            and abs(ch.top - line_top) > LINE_TOLERANCE * ch.size
            and (ch.top + ch.bottom) / 2 >= line_bottom
        ):
            lines.append(Line(sorted(current, key=BY_X), page))
            current = []
        if not current:
            line_top, line_bottom = ch.top, ch.bottom
        current.append(ch)
    if current:
        lines.append(Line(sorted(current, key=BY_X), page))
    return lines


def reading_order(lines: list[Line]) -> list[Line]:
    """Text lines in reading order: stacked, left-aligned lines form a block (a legend box, a
    run of headings) that is read whole before the next block."""
    blocks: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        for block in blocks:
            last = block[-1]
            aligned = abs(last.x0 - line.x0) <= max(2, ALIGNED * line.size)
            if aligned and 0 <= line.top - last.bottom <= line.size:
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


def bbox_of(chars: list[Char]) -> tuple[float, float, float, float]:
    return (
        round(min(c.x0 for c in chars), 2),
        round(min(c.top for c in chars), 2),
        round(max(c.x1 for c in chars), 2),
        round(max(c.bottom for c in chars), 2),
    )
