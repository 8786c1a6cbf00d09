"""Ruling lines and table cells of a straightened page, by morphology on its ink.

A rule is a long thin run of ink: opening the ink with a long flat (or tall) kernel keeps
rules and removes letters. Cells are the boxes between consecutive horizontal rules that
cross a table and the vertical rules that cross that band; a table drawn with horizontal
rules only has one cell per row band; tables without vertical rules are unruled.py's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.rule_pieces import (
    JOIN_PT,
    Box,
    Rule,
    bridged,
    collinear,
    dots_joined,
    dotted_walls,
    joined,
    overlap,
)

H_RULE_PT = 30.0  # a horizontal rule is at least this long (a dash, ー, is about 10 pt)
V_RULE_PT = 14.0  # a vertical rule at least this tall (a glyph's stroke is under 11 pt)
RULE_MAX_PT = 3.0  # thicker than this is a fill or a blot, not a rule
RULE_CORE = 0.5  # share of a thick run's length a rule within it is inked along
ACROSS = 0.6  # share of a table's width a horizontal rule crosses to separate its rows
INSET_PT = 1.2  # a cell's content starts this far inside its rules
EDGE_RULE = 0.6  # share of a cell's side a run of ink along its edge covers to be a rule
FILLED = 0.3  # share of a cell's pixels that are ink in a shaded cell (print is under 0.2)
SHORT_PT = 4.0  # the shortest wall of a row band too low for a V_RULE_PT rule (_short_walls)
# A rule reaches on this far along its length to meet another (a corner a blurred scan
# broke); a frame printed closer above a table (a legend box 3 pt over it) is apart.
REACH_PT = 1.0
SPANS = 0.9  # share of a fill's width (height) a rule inside it runs along to bound it
# A vertical rule in this share of a table's row bands (two at least), within WALL_PT of
# one place, is a column wall; a rarer one must be the wall of its own band.
WALLS_SHARE, WALL_PT = 0.5, 2.0


@dataclass(frozen=True)
class Cell:
    table: int  # index of the table on the page
    row: int  # row band within the table, from the top
    column: int  # cell within the row band, from the left
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels: the inside of its rules

    @property
    def empty(self) -> bool:
        """Were its edges found a pixel apart, leaving it no picture to read?"""
        x0, y0, x1, y1 = self.box
        return x1 <= x0 or y1 <= y0


@dataclass
class Grid:
    hrules: list[Rule]
    vrules: list[Rule]
    cells: list[Cell]
    tables: list[tuple[int, int, int, int]]  # pixel box of each ruled table


def _rules(ink: np.ndarray, length: int, horizontal: bool, thickest: int) -> list[Rule]:
    """Runs of ink at least length long (across, or down) and no thicker than thickest;
    a run thin on average but thicker at one place (a dark header's edge, or a blot, on
    a rule: a faxed table's right wall, touched by its navy header cell, was lost with
    every row's last cell) is the rule along its length: where ink runs RULE_CORE of it."""
    shape = (length, 1) if horizontal else (1, length)
    kept = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape))
    count, labels, stats, _ = blobs(kept)
    rules = []
    for i, (x, y, w, h, area) in enumerate(stats[1:count], start=1):
        across, along = (h, w) if horizontal else (w, h)
        if across <= thickest:
            rules.append(Rule(int(x), int(y), int(x + w), int(y + h)))
        elif area <= thickest * along:
            run = (labels[y : y + h, x : x + w] == i).sum(axis=1 if horizontal else 0)
            core = np.nonzero(run >= RULE_CORE * along)[0]
            if len(core) and core[-1] - core[0] < thickest:
                a, b = int(core[0]), int(core[-1]) + 1
                box = (x, y + a, x + w, y + b) if horizontal else (x + a, y, x + b, y + h)
                rules.append(Rule(*(int(v) for v in box)))
    return rules


def find_grid(ink: np.ndarray, scale: float, fills: Sequence[Box] = ()) -> Grid:
    """The page's rules and the cells of its ruled tables (scale: points per pixel).
    fills: the page's shaded areas; a rule that starts and ends inside one is the grain
    of its noisy shading (a real rule runs on past it, or bounds it)."""
    px = 1 / scale
    thickest = max(2, round(RULE_MAX_PT * px))
    hrules = joined(
        _rules(dots_joined(ink, thickest, px), round(H_RULE_PT * px), True, thickest), JOIN_PT * px
    )
    vrules = _rules(ink, round(V_RULE_PT * px), False, thickest)
    vrules += dotted_walls(ink, hrules, thickest, px, round(V_RULE_PT * px))
    hrules = bridged(hrules, vrules, round(REACH_PT * px) + thickest)
    if fills:
        # (a fill's edge rule is judged whole: pieces of it, where the labels a point
        # under it broke it, span no fill alone, and were dropped as its grain)
        lines = collinear(hrules)
        hrules = [r for r in hrules if not _in_a_fill(_line_of(r, lines), fills, thickest)]
        vrules = [r for r in vrules if not _in_a_fill(r, fills, thickest)]
    vrules = _trimmed(vrules, hrules, round(V_RULE_PT * px), round(REACH_PT * px))
    near = max(2, round(WALL_PT * px))
    vrules += _short_walls(ink, hrules, vrules, round(SHORT_PT * px), thickest, near)
    tables = _tables(hrules, vrules, ink.shape, round(REACH_PT * px))
    cells: list[Cell] = []
    walls: set[Rule] = set()
    refused: set[Rule] = set()
    inset, tall = max(1, round(INSET_PT * px)), round(V_RULE_PT * px)
    for index, table in enumerate(tables):
        cells += _cells(index, table, hrules, vrules, (inset, near, tall), walls, refused)
    # A rule refused as every row's wall it stood in is none (layout would split by it).
    vrules = [r for r in vrules if r in walls or r not in refused]
    return Grid(hrules, vrules, cells, tables)


def _short_walls(
    ink: np.ndarray, hrules: list[Rule], vrules: list[Rule], least: int, thickest: int, near: int
) -> list[Rule]:
    """Vertical rules shorter than V_RULE_PT that run from one horizontal rule to the
    next, in line with a column rule of the page: a spreadsheet's empty row a line high,
    printed with its gridlines, has walls too short to be told from a glyph's stroke by
    length; read as one cell, its walls came out as a line of junk (NN人NN). A glyph
    stands clear of a cell's rules; a wall meets both."""
    found = []
    for r in _rules(ink, least, False, thickest):
        if r.y1 - r.y0 >= least / SHORT_PT * V_RULE_PT:
            continue  # a long one is a rule already, or was refused as one
        top = any(h.y0 - 1 <= r.y0 <= h.y1 + 1 and h.x0 <= r.x <= h.x1 for h in hrules)
        foot = any(h.y0 - 1 <= r.y1 - 1 <= h.y1 + 1 and h.x0 <= r.x <= h.x1 for h in hrules)
        if top and foot and any(abs(v.x - r.x) <= near for v in vrules):
            found.append(r)
    return found


def _trimmed(vrules: list[Rule], hrules: list[Rule], stub: int, reach: int) -> list[Rule]:
    """Vertical rules cut at the first and last horizontal rules they cross, where they
    run on past them by less than a rule's length (stub): a glyph's stroke printed right
    under a table's column rule (情's 忄 in a heading below the table) ran on as part
    of the rule, and was blanked with it."""
    out = []
    for r in vrules:
        crossed = [
            h.y
            for h in hrules
            if h.x0 - reach <= r.x <= h.x1 + reach and r.y0 - reach <= h.y <= r.y1 + reach
        ]
        y0, y1 = r.y0, r.y1
        if crossed and min(crossed) - r.y0 < stub:
            y0 = max(r.y0, round(min(crossed)) - reach)
        if crossed and r.y1 - max(crossed) < stub:
            y1 = min(r.y1, round(max(crossed)) + reach + 1)
        out.append(r if (y0, y1) == (r.y0, r.y1) else Rule(r.x0, y0, r.x1, y1))
    return out


def _in_a_fill(r: Rule, fills: Sequence[Box], reach: int) -> bool:
    """Does rule r lie inside one of fills (reaching past its blurred edge by at most
    reach), across less than SPANS of it? A rule that bounds a fill spans it, or nearly
    (a dark fill's edge, turned into a rule, loses its rounded corners)."""
    for x0, y0, x1, y1 in fills:
        inside = x0 - reach <= r.x0 and r.x1 <= x1 + reach and y0 - reach <= r.y0
        if inside and r.y1 <= y1 + reach:
            spans = r.x1 - r.x0 >= SPANS * (x1 - x0) or r.y1 - r.y0 >= SPANS * (y1 - y0)
            if not spans:
                return True
    return False


def measure_tables(grid: Grid, row_cells: int) -> Grid:
    """grid without the ruled boxes none of whose rows has a measure's row_cells cells (a
    legend or a title in a frame): their text is read with the rest of the page."""
    per_row = Counter((c.table, c.row) for c in grid.cells)
    keep = sorted({table for (table, _), n in per_row.items() if n == row_cells})
    if len(keep) == len(grid.tables):
        return grid
    new = {old: i for i, old in enumerate(keep)}
    cells = [Cell(new[c.table], c.row, c.column, c.box) for c in grid.cells if c.table in new]
    return Grid(grid.hrules, grid.vrules, cells, [grid.tables[t] for t in keep])


def _tables(
    hrules: list[Rule], vrules: list[Rule], shape: tuple[int, ...], reach: int
) -> list[tuple[int, int, int, int]]:
    """Boxes of the tables: rules that touch each other, with at least two of each kind.
    A rule reaches on along its length (a corner a blurred scan broke still joins), not
    across it: two parallel rules a few points apart (a legend box's bottom just above a
    table's top) are two things, not one table."""
    canvas = np.zeros(shape[:2], np.uint8)
    for r in hrules:
        cv2.rectangle(canvas, (r.x0 - reach, r.y0 - 1), (r.x1 + reach, r.y1 + 1), 255, -1)
    for r in vrules:
        cv2.rectangle(canvas, (r.x0 - 1, r.y0 - reach), (r.x1 + 1, r.y1 + reach), 255, -1)
    count, _, stats, _ = blobs(canvas)
    tables = []
    for x, y, w, h, _ in stats[1:count]:
        box = (int(x), int(y), int(x + w), int(y + h))
        inside_h = [r for r in hrules if within(r, box)]
        inside_v = [r for r in vrules if within(r, box)]
        if len(inside_h) >= 2 and len(inside_v) >= 2:
            tables.append(box)
    return sorted(tables, key=lambda b: (b[1], b[0]))


def within(r: Rule, box: tuple[int, int, int, int]) -> bool:
    return box[0] <= r.x <= box[2] and box[1] <= r.y <= box[3]


def _cells(
    index: int,
    box: tuple[int, int, int, int],
    hrules: list[Rule],
    vrules: list[Rule],
    lengths: tuple[int, int, int],
    walls_found: set[Rule],
    refused: set[Rule],
) -> list[Cell]:
    """The cells of the table in box, each row band split by its walls (added to
    walls_found; the rules standing in a band that are not its walls, to refused).
    lengths: a cell's inset, how near two walls stand at one place, a rule's least
    length, in pixels. A rule stands in a band where it crosses its middle, or runs a
    rule's length in it: strokes of glyphs in line down a cell's lines (bw scans join
    them) hang from the band's top as a rule that stops short of its middle."""
    inset, near, tall = lengths
    x0, y0, x1, y1 = box
    width = x1 - x0
    across = sorted(
        (
            r
            for r in collinear([r for r in hrules if within(r, box)])
            if r.x1 - r.x0 >= ACROSS * width
        ),
        key=lambda r: r.y,
    )
    bands: list[tuple[Rule, Rule]] = []
    for upper, lower in pairwise(across):
        if lower.y0 - upper.y1 > 2 * inset:
            bands.append((upper, lower))
    standing = [
        sorted(
            (r for r in vrules if within(r, box) and _stands(r, u, b, tall)),
            key=lambda r: r.x,
        )
        for u, b in bands
    ]
    cells = []
    for row, (upper, lower) in enumerate(bands):
        walls = [w for w in standing[row] if _a_wall(w, upper, lower, standing, inset, near)]
        walls_found.update(walls)
        refused.update(w for w in standing[row] if w not in walls)
        if len(walls) < 2:  # rows ruled only across: the band is one cell
            walls = [Rule(x0, y0, x0, y1), Rule(x1, y0, x1, y1)]
        for column, (left, right) in enumerate(pairwise(walls)):
            inner = (left.x1 + inset, upper.y1 + inset, right.x0 - inset, lower.y0 - inset)
            if inner[2] - inner[0] > 2 * inset and inner[3] - inner[1] > 2 * inset:
                cells.append(Cell(index, row, column, inner))
    return cells


def _stands(r: Rule, upper: Rule, lower: Rule, tall: int) -> bool:
    """Does r stand in the band between upper and lower (see _cells)?"""
    crosses = r.y0 <= (upper.y1 + lower.y0) / 2 <= r.y1
    return crosses or min(r.y1, lower.y0) - max(r.y0, upper.y1) >= tall


def _line_of(r: Rule, lines: list[Rule]) -> Rule:
    """The rule of lines (collinear's) that piece r is part of."""
    return next((q for q in lines if q.x0 <= r.x0 and r.x1 <= q.x1 and q.y0 <= r.y0 <= q.y1), r)


def _a_wall(
    r: Rule, upper: Rule, lower: Rule, standing: list[list[Rule]], inset: int, near: int
) -> bool:
    """Is r, standing in the band between upper and lower, one of its walls? A wall most
    of the table's bands (two at least) have at its place is; one of the band's own
    must meet the band's rules at both ends. A stamp's ring or a pen's stroke crossing
    the table leaves tall runs of ink that pass for a rule in a band or two, and run on
    past its rules."""
    shared = sum(any(abs(w.x - r.x) <= near for w in walls) for walls in standing)
    if shared >= max(2, WALLS_SHARE * len(standing)):
        return True
    reach = 2 * inset + 1
    return abs(r.y0 - upper.y1) <= reach and abs(r.y1 - lower.y0) <= reach


def walled(cells: list[Cell], below: list[Cell], count: int) -> list[Cell]:
    """A row printed as fewer cells than count, split by the walls of the row below where
    that one has count cells (its columns: the row's cells may not reach them all): a
    header row on a dark fill hides the table's vertical rules (on the scan they are dark
    on dark; in black and white some or all of them). Whether it is a header, its labels
    tell."""
    if len(below) != count or len(cells) >= count:
        return cells
    y0, y1 = min(c.box[1] for c in cells), max(c.box[3] for c in cells)
    return [
        Cell(cells[0].table, cells[0].row, i, (c.box[0], y0, c.box[2], y1))
        for i, c in enumerate(sorted(below, key=lambda c: c.box[0]))
    ]


def frames(grid: Grid, scale: float) -> list[Box]:
    """The insides of the boxes ruled outside the tables' cells (a legend's frame, set
    beside the headings or standing on a table's top rule): two vertical rules from one
    height, a horizontal rule across both at their top and one at their foot, the
    lowest that leaves no cell inside (where the frame stands on a table, its sides run
    on as the table's column rules); a box ruled across inside, each of its
    compartments."""
    reach = max(2, round(2 * RULE_MAX_PT / scale))
    found = []
    ordered = sorted(grid.vrules, key=lambda r: r.x)
    for i, left in enumerate(ordered):
        right = next((r for r in ordered[i + 1 :] if abs(left.y0 - r.y0) <= reach), None)
        if right is None or right.x - left.x <= reach:
            continue
        top, bottom = max(left.y0, right.y0), min(left.y1, right.y1)
        ends = [r for r in grid.hrules if r.x0 <= left.x + reach and r.x1 >= right.x - reach]
        if not any(abs(r.y - top) <= reach for r in ends):
            continue
        feet = [
            (left.x1, top, right.x0, round(r.y))
            for r in ends
            if top + reach < r.y <= bottom + reach
        ]
        boxes = [b for b in feet if not any(overlap(b, c.box) for c in grid.cells)]
        if boxes:
            found += _compartments(max(boxes, key=lambda b: b[3]), ends, reach)
    return found


def _compartments(box: Box, across: list[Rule], reach: int) -> list[Box]:
    """A frame's box cut by the rules across it between its top and its foot: a legend
    ruled as a column of cells (`○:実施` over `△:未実施`), each symbol a point above a
    rule that, read with the box, joins it."""
    x0, y0, x1, y1 = box
    inner = sorted((r for r in across if y0 + reach < r.y < y1 - reach), key=lambda r: r.y)
    tops, feet = [y0, *(r.y1 for r in inner)], [*(r.y0 for r in inner), y1]
    return [(x0, top, x1, foot) for top, foot in zip(tops, feet, strict=True) if foot > top]
