"""Page furniture: running titles and page numbers, found by repetition and position.

A text that recurs at the same place on many pages is the page's furniture, never cell text,
and never closes a table. A page number is recognised by its behaviour rather than its
style: at the same place on every page, its number grows by one per page (`1`, `P.1`,
`－1－`, `1/28` alike). On a short document, a page-number-like line in the page margin
whose number is its page's number is furniture too. Headings repeated at page tops are not
furniture: the parser needs them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

from hotplan import vocabulary as v
from hotplan.sources.pdf.lines import Line, split_segments

NUMBER_RE = regex.compile(r"\d+")
PLACE_TOLERANCE = 4.0  # pt: two occurrences this close are at the same place
MARGIN = 0.15  # share of the page height at top and bottom where furniture may stand
MIN_PAGES = 2  # a running text recurs on at least this many pages…
MIN_SHARE = 0.3  # …and on at least this share of the pages
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be furniture
LETTER_RE = regex.compile(r"\p{L}")
TITLE_LETTERS = 4  # a running title has this many letters at least (a 通番 or No. none)
MARK_CHARS = 4  # the most characters a page number beside a running title has
# A margin line at a running title's place, off it by at most one character for each
# MISREAD_PER of the title's (a scan's OCR misread a glyph: 進捗 as 信捗), is that title.
MISREAD_PER = 6


@dataclass(frozen=True)
class Occurrence:
    page: int
    segment: Line
    numbers: tuple[int, ...]

    def same_place(self, other: Occurrence) -> bool:
        a, b = self.segment, other.segment
        if abs(a.top - b.top) > PLACE_TOLERANCE:
            return False
        x1a, x1b = a.chars[-1].x1, b.chars[-1].x1
        centre = abs((a.x0 + x1a) - (b.x0 + x1b)) / 2
        return min(abs(a.x0 - b.x0), abs(x1a - x1b), centre) <= PLACE_TOLERANCE


def shape(text: str) -> str:
    """The text with its numbers blanked: what stays the same from page to page."""
    return NUMBER_RE.sub("#", "".join(text.split()))


def is_document_text(text: str) -> bool:
    """Lines the parser reads for their meaning: headings, header rows, legend, title. A
    基本目標 or 基本施策 line is a heading whatever its numeral reads as (OCR's 基本目標1):
    repeated at the top of each page, it is no running title."""
    return bool(
        v.GOAL_OR_POLICY_START_RE.match(text)
        or v.SECTION_RE.match(text)
        or v.SUBSECTION_RE.match(text)
        or v.HEADER_ANCHOR in "".join(text.split())
        or v.LEGEND_RE.match(text)
    )


def edge_lines(page: Page) -> list[Line]:
    """The page's first and last EDGE_LINES visual lines that stand in its margins, except
    the lines of a header row (its wrapped labels recur on every page too)."""
    ordered = [
        line
        for line in sorted(page.lines, key=lambda line: line.top)
        if not any(
            top - 0.5 <= (line.top + line.bottom) / 2 <= bottom + 0.5
            for top, bottom in page.header_rows
        )
    ]
    top = [line for line in ordered[:EDGE_LINES] if line.bottom <= MARGIN * page.height]
    bottom = [line for line in ordered[-EDGE_LINES:] if line.top >= (1 - MARGIN) * page.height]
    return [line for line in dict.fromkeys(top + bottom) if not is_document_text(line.text)]


def _page_locked(members: list[Occurrence]) -> bool:
    """Some number in the text is the page number plus a constant; the others are constant."""
    counts = {len(m.numbers) for m in members}
    if len(counts) != 1:
        return False
    locked = False
    for k in range(counts.pop()):
        offsets = {m.numbers[k] - m.page for m in members}
        values = {m.numbers[k] for m in members}
        if len(offsets) == 1:
            locked = True
        elif len(values) != 1:
            return False
    return locked


def _clusters(occurrences: list[Occurrence]) -> list[list[Occurrence]]:
    clusters: list[list[Occurrence]] = []
    for occ in occurrences:
        for cluster in clusters:
            if occ.same_place(cluster[0]) and all(o.page != occ.page for o in cluster):
                cluster.append(occ)
                break
        else:
            clusters.append([occ])
    return clusters


def _occurrence(page: int, line: Line) -> Occurrence:
    numbers = tuple(int(n) for n in NUMBER_RE.findall(line.text)[:3] if len(n) <= 6)
    return Occurrence(page, line, numbers)


def _recurring(occurrences: list[Occurrence], needed: float) -> list[Occurrence]:
    """Occurrences that recur at one place on enough pages, as constant text or as a page
    number (a number that changes any other way is data, e.g. a 通番)."""
    by_shape: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_shape[shape(occ.segment.text)].append(occ)
    found = []
    for key, same in by_shape.items():
        for cluster in _clusters(same):
            if len(cluster) < needed:
                continue
            constant = len({o.numbers for o in cluster}) == 1
            if "#" in key and not constant and not _page_locked(cluster):
                continue
            found += cluster
    return found


@dataclass(frozen=True)
class Page:
    """What furniture is judged on: a page's visual lines and its header rows' extents."""

    number: int
    height: float
    lines: list[Line]
    header_rows: list[tuple[float, float]]  # (top, bottom)


def find_furniture(edges: dict[int, list[Line]]) -> dict[int, list[Line]]:
    """Furniture per page number, judged on the margin lines (`edge_lines`) of the pages
    given (a whole document, or a window of it).

    Whole margin lines are judged first (a line holding a table row's first line is never
    furniture, because its 通番 changes); a part of a line (a running title beside 資料5-2)
    is furniture when the same text stands at the same place as furniture elsewhere."""
    needed = max(MIN_PAGES, MIN_SHARE * len(edges))
    whole = [_occurrence(n, line) for n, lines in edges.items() for line in lines]
    found = _recurring(whole, needed)
    for occ in whole:
        m = v.PAGE_NUMBER_RE.match(occ.segment.text)
        if m and int(m["page"]) == occ.page:  # a lone page number, however short the PDF
            found.append(occ)
    furniture: dict[int, list[Line]] = defaultdict(list)
    for occ in {id(o.segment): o for o in found}.values():
        furniture[occ.page].append(occ.segment)
    _titled_lines(edges, needed, furniture)
    known = [(shape(o.segment.text), o) for o in found]
    for n, lines in edges.items():
        for line in lines:
            if line in furniture[n]:
                continue
            if _misread_title(_occurrence(n, line), known):
                furniture[n].append(line)
                continue
            for segment in split_segments(line):
                occ = _occurrence(n, segment)
                if any(k == shape(segment.text) and occ.same_place(o) for k, o in known):
                    furniture[n].append(segment)
    return furniture


def _misread_title(occ: Occurrence, known: list[tuple[str, Occurrence]]) -> bool:
    """Is occ a running title found elsewhere (TITLE_LETTERS letters at least) as OCR
    misread it: at its place, a glyph or two off its text? Kept as cell text, it was
    read as the last row of the page before, run on (its rating ○ラン信捗状況)."""
    text = shape(occ.segment.text)
    return any(
        len(LETTER_RE.findall(key)) >= TITLE_LETTERS
        and occ.same_place(o)
        and 0 < Levenshtein.distance(text, key) <= len(key) // MISREAD_PER
        for key, o in known
    )


def _titled_lines(
    edges: dict[int, list[Line]], needed: float, furniture: dict[int, list[Line]]
) -> None:
    """Margin lines that are a running title beside a short mark, added to furniture: the
    title (TITLE_LETTERS letters at least) recurs at one place, alone or as a part of a
    line, the mark beside it varying as no page number does (a scan's page number read as
    `?`, or not read at all)."""
    split = [
        (n, line, split_segments(line))
        for n, lines in edges.items()
        for line in lines
        if line not in furniture[n]
    ]
    parts = {
        id(segment): (n, line, segments) for n, line, segments in split for segment in segments
    }
    titles = [
        _occurrence(n, segment)
        for n, _, segments in split
        for segment in segments
        if len(LETTER_RE.findall(segment.text)) >= TITLE_LETTERS
    ]
    for occ in _recurring(titles, needed):
        n, line, segments = parts[id(occ.segment)]
        others = [s for s in segments if s is not occ.segment]
        if all(len(shape(s.text)) <= MARK_CHARS for s in others) and line not in furniture[n]:
            furniture[n].append(line)
