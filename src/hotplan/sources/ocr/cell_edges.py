"""A table cell's box set against the ink along its sides: moved in past a rule the rule
finder missed, and out over glyphs printed a point from the cell's rule."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from hotplan.sources.ocr.grid import (
    EDGE_RULE,
    FILLED,
    INSET_PT,
    RULE_MAX_PT,
    V_RULE_PT,
    Cell,
    Grid,
)
from hotplan.sources.ocr.spans import runs

STANDS_OUT = 0.2  # share of a side a rule's ink covers more than the two rows after it


def cleared(grid: Grid, ink: np.ndarray, scale: float) -> Grid:
    """grid with each cell's box moved inside ink that runs along its edges: a rule the
    finder missed (a thick border blurred into a header's fill) that OCR would read as a
    stroke of the cell's first character, or as a symbol. At most twice a rule's
    thickness is cut from a side. A side with no rule along it moves out instead over the
    glyphs that cross it (_overhang): a word processor prints a cell's text a point under
    its top rule, closer than the inset, and a glyph cut at its top is misread."""
    depth = max(2, round(2 * RULE_MAX_PT / scale))
    reach, glyph = max(2, round(2 * INSET_PT / scale)), round(V_RULE_PT / scale)
    page = ink > 0
    cells = []
    for cell in grid.cells:
        x0, y0, x1, y1 = cell.box
        inside = page[y0:y1, x0:x1]
        if inside.size == 0 or inside.mean() >= FILLED:  # a shaded cell's fill is no rule
            cells.append(cell)
            continue
        rows, columns = _ruled(inside, glyph), _ruled(inside.T, glyph)
        across, down = inside.mean(axis=1), inside.mean(axis=0)
        top, bottom = _edge_run(rows, across, depth), _edge_run(rows[::-1], across[::-1], depth)
        left, right = _edge_run(columns, down, depth), _edge_run(columns[::-1], down[::-1], depth)
        top = top or -_overhang(page[max(0, y0 - reach) : y0 + 1, x0:x1][::-1], glyph)
        bottom = bottom or -_overhang(page[y1 - 1 : y1 + reach, x0:x1], glyph)
        left = left or -_overhang(page[y0:y1, max(0, x0 - reach) : x0 + 1].T[::-1], glyph)
        right = right or -_overhang(page[y0:y1, x1 - 1 : x1 + reach].T, glyph)
        box = (x0 + left, y0 + top, x1 - right, y1 - bottom)
        cells.append(Cell(cell.table, cell.row, cell.column, box) if box != cell.box else cell)
    return Grid(grid.hrules, grid.vrules, cells, grid.tables)


def _ruled(ink: np.ndarray, longest: int) -> np.ndarray:
    """Which rows of a cell's ink are a rule along it: ink over EDGE_RULE of the row, in
    a run longer than a glyph (a line of dense kanji a point under the rule covers as
    much, in glyph-long strokes), or, in a row narrower than that, a run from end to end
    but for a pixel at either end (a one-line cell's side is hardly taller than its
    glyphs: the stroke of a `(` a point inside the rule covers nine tenths of it)."""
    covered = ink.mean(axis=1) >= EDGE_RULE
    longest = min(longest, max(1, ink.shape[1] - 2))
    for i in np.flatnonzero(covered):
        covered[i] = max(e - s for s, e in runs(ink[i])) >= longest
    return covered


def _overhang(strip: np.ndarray, longest: int) -> int:
    """How many rows past a cell's side glyphs crossing it reach: strip's row 0 is the
    cell's own last row along the side, the next rows lie outside. A row is glyph where
    each of its runs of ink touches the ink of the row before and is under longest
    pixels (a glyph's stroke is shorter than a rule) and under EDGE_RULE of the side (a
    rule's fringe)."""
    count = 0
    for before, row in pairwise(strip):
        if not row.any() or row.mean() >= EDGE_RULE:
            break
        near = before | np.roll(before, 1) | np.roll(before, -1)
        if any(e - s >= longest or not near[s:e].any() for s, e in runs(row)):
            break
        count += 1
    return count


def _edge_run(ruled: np.ndarray, cover: np.ndarray, depth: int) -> int:
    """How far in from the start of ruled the rule's ink reaches (0: none at the edge),
    with the pale pixel row or two a blurred rule's fringe leaves; cover: each row's share
    of ink. A rule's rows stand out of the two rows after them by STANDS_OUT: a dense line
    of text set right under the cell's rule, smeared by a 150 dpi JPEG into runs as long
    as a rule's, covers 0.64 of each of its rows, and its top half was cut off as a rule
    (the cell read as junk)."""
    found = 0
    for i, on in enumerate(ruled[: depth + 1]):
        if on:
            found = i + 1
        elif i > found + 1:
            break
    if not found:
        return 0
    run = cover[:found] * ruled[:found]
    core = np.flatnonzero(run >= run.max() - STANDS_OUT)
    end = int(core[-1]) + 1  # the rule's own rows end here, its fringe or text follows
    after = cover[end : end + 2]
    if run.max() - (after.mean() if after.size else 0.0) < STANDS_OUT:
        return 0
    return end + 1
