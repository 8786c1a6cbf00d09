"""Tables printed without vertical rules — Excel's default print, a Word table ruled only
between rows, or no rules at all — found on the page's ink: columns from the white
corridors that run down the table body, rows from the white gaps between text lines that
are taller than a cell's own line spacing (a rule between rows is thin ink inside such a
gap). The result is a `Grid` like a ruled table's, so its cells are read the same way,
and its synthetic rules let the layout see the table the printer meant.

A block of text lines is a measures table only where exactly ROW_CELLS - 1 corridors cut
it into columns: headings and page furniture cross the corridors and stay outside."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from hotplan import vocabulary as v
from hotplan.sources.ocr.grid import Cell, Grid, measure_tables, within
from hotplan.sources.ocr.row_edges import row_edges
from hotplan.sources.ocr.rule_pieces import Rule, collinear
from hotplan.sources.ocr.sheet_marks import SPECK_PT, despeckled, unmarked
from hotplan.sources.ocr.spans import runs

CORRIDOR_PT = 4.0  # a white run down the body at least this wide separates two columns
SPECK = 0.3  # × the typical line height: a lower run of ink rows (a rule, a speck) is no line
LINE_REACH = 3.0  # × line height: a larger white gap ends a block of table lines
ACROSS = 0.9  # share of a corridor's width a line's ink covers to run across it
# … or of two corridors or more: a heading letter-spaced in a bold Mincho, long enough to
# reach over the table's first columns, covered two by 0.79 and 0.77 (table lines: ≤ 0.01)
PARTLY = 0.5
OUTVOTED = 0.15  # share of a page's many-piece lines that may cross a corridor (headings)
EDGE_INK = 0.005  # share of a block's ink an outer column holds, at least, to be one
EDGE_LINES = 3  # … or lines of the block it has ink on
MARGIN_PT = 2.0  # a synthetic rule stands this far outside the text it bounds
ROW_LINES = 2.0  # × line height: a lone run of ink this tall is a table row, not a heading
HEADING_PIECES = 3  # a heading is in this many pieces at most (a number, a title, a note)
VOTE_LINES = 2.0  # × line height: a taller run of ink votes for the corridors as this tall
NOTE_SHARE = 0.5  # a ruled box narrower than this share of the page's print is a note
# A run of ink rows thinner than RULE_THIN line heights, inked along SOLID of its length
# and at least RULE_LONG line heights long is a printed rule the rule finder missed (a
# shading's border on a noisy scan, broken by the grain), not a line of text.
RULE_THIN, SOLID, RULE_LONG = 0.6, 0.9, 20.0
NEARLY = 0.8  # share of a table rule's length a rule along it has, to run its whole length


def text_lines(ink: np.ndarray) -> list[tuple[int, int]]:
    """(top, bottom) of each run of inked pixel rows; thin runs (rules, specks) dropped."""
    found = runs(np.count_nonzero(ink, axis=1) > 2)
    if not found:
        return []
    typical = float(np.median([b - a for a, b in found]))
    return [(a, b) for a, b in found if b - a >= SPECK * typical]


def _inked_columns(ink: np.ndarray, line: tuple[int, int], close: int) -> np.ndarray:
    """Which pixel columns a line has ink in, gaps narrower than close filled (the room
    between two glyphs, a space between words)."""
    on = np.count_nonzero(ink[line[0] : line[1]], axis=0) > 0
    if close > 1:  # a closing: dilate, then erode back, so the ink's outer edges stay put
        grown = _summed(on, close) > 0
        on = on | (_summed(grown, close) >= close)
    return on


def _summed(on: np.ndarray, width: int) -> np.ndarray:
    """How many of the width columns centred on each column are on (numpy's "same"
    convolution, but as long as on where width is longer: a picture narrower than the
    closing, a strip of a page, stopped the page with a shape error)."""
    full = np.convolve(on.astype(np.int32), np.ones(width, np.int32))
    start = (width - 1) // 2
    return full[start : start + len(on)]


def _without_slivers(inked: np.ndarray, least: int) -> np.ndarray:
    """inked without runs narrower than least: a speck that survived on a heavy line
    votes for a column of a pixel or two, and would cut a corridor in two."""
    out = inked.copy()
    for a, b in runs(inked):
        if b - a < least:
            out[a:b] = False
    return out


def _corridors(inked: np.ndarray, widest: int) -> list[tuple[int, int]]:
    """White x-runs at least widest wide, strictly between the first and last ink."""
    xs = np.flatnonzero(inked)
    if xs.size == 0:
        return []
    white = runs(~inked[xs[0] : xs[-1] + 1], int(xs[0]))
    return [(a, b) for a, b in white if b - a >= widest]


def _blocks(lines: list[tuple[int, int]], crossing: list[bool], reach: float) -> list[list[int]]:
    """Runs of consecutive lines that cross no corridor and stand close together."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        near = current and line[0] - lines[current[-1]][1] <= reach
        if crossing[i] or (current and not near):
            if current:
                blocks.append(current)
            current = [] if crossing[i] else [i]
        else:
            current.append(i)
    if current:
        blocks.append(current)
    return blocks


def unruled_grid(
    ink: np.ndarray, scale: float, hrules: list[Rule], grey: np.ndarray | None = None
) -> Grid:
    """The measures tables in a page's ink (the ruled tables' taken out), as a grid of
    cells; hrules: the page's printed horizontal rules outside ruled tables; grey: the
    page, whose shadings (a header row's, every other row's) part rows too."""
    ink = unmarked(despeckled(ink, scale))
    # The rules' ink is left out: a word processor prints a row's text a point under its
    # rule, and a rule joined to the line under it made one run of ink that crossed
    # every corridor, so no row was a table's.
    whole = _whole(hrules)
    for r in whole:
        ink[max(0, r.y0 - 1) : r.y1 + 2, max(0, r.x0) : r.x1 + 1] = 0
    runs = text_lines(ink)
    hrules = hrules + _missed_rules(ink, runs)
    # A run of ink rows that is a printed rule (thickened by blur) is no text line: it
    # would cross the corridors and cut a header off its table.
    lines = [(a, b) for a, b in runs if not any(r.y0 - 1 <= a and b <= r.y1 + 1 for r in hrules)]
    if len(lines) < 2:
        return Grid(hrules, [], [], [])
    # One text line's height: runs of several lines (a row's lines joined by a centred
    # number beside them) are many, so the lower quartile, not the median.
    height = float(np.percentile([b - a for a, b in lines], 25))
    close = max(1, round(0.6 * height))
    widest = max(2, round(CORRIDOR_PT / scale))
    inked = [_inked_columns(ink, line, close) for line in lines]
    # The page's corridors: each line votes for where it has ink by its pieces beyond
    # three and its height, as a measures row at most (ROW_CELLS pieces, VOTE_LINES lines
    # tall). A table's rows are in four or five pieces and often several text lines tall;
    # a heading is in one to three (基本施策1 地域への意識・関心 …) and one line, so it
    # has no vote: above a table of one row, two headings outvoted it. A header's labels,
    # letter-spaced (取 組 の 方 向 性) and stacked into one tall run, are many pieces,
    # white between the letters across the widest column: uncapped, on a page of short
    # tables the headers outvoted the rows' text there and cut it into columns. The
    # vote grows as the square of the pieces beyond three: a heading the room after its
    # 、 and ・ cuts into four pieces (as the closing, set by the line height, falls a
    # pixel either way) has a quarter of a row's vote, not half; with half, a page's
    # headings outvoted its three short tables and their corridor went.
    pieces = [min(len(_corridors(row, widest)) + 1, v.ROW_CELLS) for row in inked]
    tallest = VOTE_LINES * height
    weights = np.array(
        [
            max(0, n - HEADING_PIECES) ** 2 * min(b - a, tallest)
            for n, (a, b) in zip(pieces, lines, strict=True)
        ]
    )
    if np.count_nonzero(weights) < 2:
        return Grid(hrules, [], [], [])
    votes = weights @ np.array(inked, dtype=np.float64)
    voted = _without_slivers(votes > OUTVOTED * weights.sum(), round(SPECK_PT / scale))
    page_corridors = _unpunctuated(_corridors(voted, widest), height)
    # A table line may reach into a corridor (a long name); a heading runs across it.
    crossing = [_crossing(row, page_corridors) for row in inked]
    cells: list[Cell] = []
    tables: list[tuple[int, int, int, int]] = []
    vrules: list[Rule] = []
    rules = list(hrules)
    pad = max(1, round(MARGIN_PT / scale))
    for block in _blocks(lines, crossing, LINE_REACH * height):
        body = [lines[i] for i in block]
        rows = [inked[i] for i in block]
        columns = np.any(rows, axis=0)
        corridors = _kept(page_corridors, _corridors(columns, 1), widest // 2)
        corridors = _joined(_trimmed(corridors, rows), rows, v.ROW_CELLS - 1)
        # One run of ink rows is a table only when it is several lines tall: a lone row
        # carried over to the top of a page, its lines touching (a heading is one line).
        single = len(body) == 1 and body[0][1] - body[0][0] < ROW_LINES * height
        if len(corridors) != v.ROW_CELLS - 1 or single:
            continue
        xs = np.flatnonzero(columns)
        # (pad never past the picture's edge: print run off it would give a box no
        # picture has, and cells no crop can be taken of)
        x0, x1 = max(0, int(xs[0]) - pad), min(ink.shape[1] - 1, int(xs[-1]) + pad)
        y0, y1 = max(0, body[0][0] - pad), min(ink.shape[0] - 1, body[-1][1] + pad)
        # ruled across, the table is as wide as its rules (a stub of one, left of the
        # text, is the table's, not a mark beside it; a mark beyond them is no part)
        x0, x1 = _ruled_width(whole, (x0, y0, x1, y1), LINE_REACH * height, pad)
        walls = [x0, *((a + b) // 2 for a, b in corridors), x1]
        # A row of measures, or the header, has print in all columns but one at least;
        # headings and notes above a table, parted by white that happens to fall in
        # line, have it in two or three.
        if max(_columns_inked(inked[i], walls) for i in block) < v.ROW_CELLS - 1:
            continue
        edges, drawn = row_edges(body, rows, walls, hrules, (x0, y0, x1, y1), height, grey, ink)
        rules += drawn
        index = len(tables)
        tables.append((x0, y0, x1, y1))
        vrules += [Rule(x, y0, x + 1, y1) for x in walls]
        rules += [Rule(x0, y, x1, y + 1) for y in (y0, y1) if not _ruled(hrules, y, pad)]
        for row, ((_, top), (bottom, _)) in enumerate(pairwise(edges)):
            for column, (left, right) in enumerate(pairwise(walls)):
                cells.append(Cell(index, row, column, (left + 1, top + 1, right - 1, bottom - 1)))
    return Grid(rules, vrules, cells, tables)


def _ruled_width(
    whole: list[Rule], box: tuple[int, int, int, int], reach: float, pad: int
) -> tuple[int, int]:
    """The left and right of a table's box (x0, y0, x1, y1 of its text, pad outside it),
    out to the ends of the rules across it within reach above its first line or below
    its last, and no further than pad past them: ink beyond a rule's end is a mark
    beside the table (a reader's pen tick in the margin, level with a row, made the
    row's 通番 cell reach out to it and read as no number)."""
    x0, y0, x1, y1 = box
    across = [
        r
        for r in whole
        if y0 - reach <= r.y <= y1 + reach
        and r.x1 - r.x0 >= NEARLY * (x1 - x0)
        and r.x0 < x1
        and x0 < r.x1
    ]
    if not across:
        return x0, x1
    left, right = min(r.x0 for r in across), max(r.x1 for r in across)
    return max(min(x0, left), left - pad), min(max(x1, right), right + pad)


def _whole(hrules: list[Rule]) -> list[Rule]:
    """hrules with the pieces of one rule joined (grid's collinear), and a rule nearly
    as long as a longer one it lies along reaching to that one's ends (NEARLY of its
    length): a tired scan's grain breaks a table's top rule where a label stands a point
    under it, and the stub left, too short for a rule, was read with the label as one
    line running across the corridors, so the header was no table's."""
    lines = collinear(hrules)
    out = []
    for r in lines:
        length = r.x1 - r.x0
        for q in lines:
            overlap = min(r.x1, q.x1) - max(r.x0, q.x0)
            if length < q.x1 - q.x0 and length >= NEARLY * (q.x1 - q.x0) <= overlap:
                r = Rule(min(r.x0, q.x0), r.y0, max(r.x1, q.x1), r.y1)
        out.append(r)
    return out


def _crossing(inked: np.ndarray, corridors: list[tuple[int, int]]) -> bool:
    """Does a line with ink in these columns run across the corridors (a heading), where
    a table's line at most reaches into one (a long name)?"""
    shares = [float(inked[a:b].mean()) for a, b in corridors]
    return any(share >= ACROSS for share in shares) or sum(s >= PARTLY for s in shares) >= 2


def _missed_rules(ink: np.ndarray, runs: list[tuple[int, int]]) -> list[Rule]:
    """The runs of ink rows that are printed rules: thin, long and solid along their length."""
    if not runs:
        return []
    height = float(np.median([b - a for a, b in runs]))
    found = []
    for a, b in runs:
        if b - a >= RULE_THIN * height:
            continue
        xs = np.flatnonzero(np.count_nonzero(ink[a:b], axis=0))
        length = int(xs[-1] - xs[0]) + 1
        if length >= RULE_LONG * height and xs.size >= SOLID * length:
            found.append(Rule(int(xs[0]), a, int(xs[-1]), b - 1))
    return found


def _columns_inked(inked: np.ndarray, walls: list[int]) -> int:
    """How many of the columns between walls a line has ink in."""
    return sum(bool(inked[left:right].any()) for left, right in pairwise(walls))


def _unpunctuated(corridors: list[tuple[int, int]], height: float) -> list[tuple[int, int]]:
    """corridors, without those under a character wide where there are more than a
    measures table has: the room after a 、 or 。 (its glyph sits in the left of its
    square), or between a title's letters, that falls in line on the few lines of a page
    of short tables, whose headers, white across the wide column but for a centred
    label, outvote the rest."""
    if len(corridors) <= v.ROW_CELLS - 1:
        return corridors
    return [(a, b) for a, b in corridors if b - a >= height]


def _kept(
    page: list[tuple[int, int]], block: list[tuple[int, int]], least: int
) -> list[tuple[int, int]]:
    """The page's corridors as a block keeps them: for each, the block's white run (at
    least `least` wide) that overlaps it most. A short block has other white runs too,
    inside a column (a centred label, a short last line): those are no corridors."""
    kept = []
    for a, b in page:
        runs = [
            (min(b, d) - max(a, c), (c, d))
            for c, d in block
            if min(b, d) > max(a, c) and d - c >= least
        ]
        if runs:
            kept.append(max(runs)[1])
    return kept


def _trimmed(corridors: list[tuple[int, int]], rows: list[np.ndarray]) -> list[tuple[int, int]]:
    """corridors without those at the table's edges that cut off next to no ink (a
    speck, a heading's first character), which would make an empty first or last column;
    rows: the block's lines' inked columns. Ink on EDGE_LINES of its lines is a column
    however little it is (a thin ○ a black-and-white scan left a few crumbs of)."""
    weight = np.sum(rows, axis=0)
    total = max(1, int(weight.sum()))

    def column(part: slice) -> bool:
        inked = sum(bool(row[part].any()) for row in rows)
        return weight[part].sum() >= EDGE_INK * total or inked >= EDGE_LINES

    while corridors and not column(slice(None, corridors[0][0])):
        corridors = corridors[1:]
    while corridors and not column(slice(corridors[-1][1], None)):
        corridors = corridors[:-1]
    return corridors


def _joined(
    corridors: list[tuple[int, int]], rows: list[np.ndarray], count: int
) -> list[tuple[int, int]]:
    """corridors, where a block has more than count, with neighbours joined whose ink
    between them only a few of the block's lines print (OUTVOTED of them, one at least):
    a letter-spaced header label (担 当 課 / 掲 載 P) over a wide column of short names
    leaves white between its letters that is no column's edge."""
    few = max(1, round(OUTVOTED * len(rows)))
    out, i = list(corridors), 0
    while len(out) > count and i < len(out) - 1:
        (a, b), (c, d) = out[i], out[i + 1]
        if sum(bool(row[b:c].any()) for row in rows) <= few:
            out[i : i + 2] = [(a, d)]
        else:
            i += 1
    return out


def _ruled(hrules: list[Rule], y: int, reach: int) -> bool:
    """Is a printed rule already where a synthetic one would go (or close)?"""
    return any(abs(r.y - y) <= 3 * reach for r in hrules)


def with_unruled(grid: Grid, ink: np.ndarray, scale: float, grey: np.ndarray | None = None) -> Grid:
    """grid's measure tables and, beside them, the unruled ones found on the rest of the
    page (ink: the page's, straightened, without its fills, noisy ones too; grey: the
    page, whose shadings part rows)."""
    boxes = grid.tables
    grid = measure_tables(grid, v.ROW_CELLS)
    rest = ink.copy()
    # A frame much narrower than the print (a legend's box set just over a table, with
    # no column rule of the table's to join) is a note, not rows of the table below it.
    inked = np.flatnonzero(ink.any(axis=0))
    width = int(inked[-1] - inked[0]) if inked.size else 0
    notes = [box for box in boxes if box[2] - box[0] < NOTE_SHARE * width]
    for x0, y0, x1, y1 in grid.tables + notes:
        rest[y0 : y1 + 1, x0 : x1 + 1] = 0
    loose = [r for r in grid.hrules if not any(within(r, box) for box in grid.tables)]
    found = unruled_grid(rest, scale, loose, grey)
    if not found.tables:
        return grid
    offset = len(grid.tables)
    cells = [Cell(c.table + offset, c.row, c.column, c.box) for c in found.cells]
    added = [r for r in found.hrules if r not in loose]
    return Grid(
        grid.hrules + added,
        grid.vrules + found.vrules,
        grid.cells + cells,
        grid.tables + found.tables,
    )
