"""Lines printed close together, set apart before Tesseract reads them.

A spreadsheet or word processor prints a cell's wrapped text at the font's own line
height: the lines of a Mincho paragraph stand a pixel or two apart at 200 dpi. Tesseract's
block layout then takes two lines for one, and reads their glyphs in turn, one from each
(マッィチスにングよ機る). Paper rows put between the lines give it the gap it needs; the
boxes it reads are moved back to where the print stands."""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import pairwise

import numpy as np

from hotplan.sources.ocr import engine

# × a line's height: lines closer than CLOSE (a spreadsheet's wrapped text; a word
# processor's single spacing leaves a third) are set LEADING apart
CLOSE, LEADING = 0.25, 0.5
PAPER = 90  # percentile of a cell's grey that is its paper
STRADDLE = 0.4  # share of a line of print's height a line read over another covers of it


def spaced(
    grey: np.ndarray, ink: np.ndarray, runs: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray | None]:
    """grey with paper rows put between lines closer than CLOSE (where the ink between
    them is least), up to LEADING apart, and for each of its rows the row of grey it
    shows (a paper row: the row it was put before); None where no lines are that close.
    runs: ink's lines (ink_lines.ink_rows)."""
    if len(runs) < 2:
        return grey, None
    height = float(np.median([b - a for a, b in runs]))
    profile = np.count_nonzero(ink, axis=1)
    added = [
        (above[1] + int(np.argmin(profile[above[1] : below[0]])), gap)
        for above, below in pairwise(runs)
        if (gap := below[0] - above[1]) < CLOSE * height
    ]
    added = [(row, math.ceil(LEADING * height) - gap) for row, gap in added]
    if not added:
        return grey, None
    paper = np.uint8(np.percentile(grey, PAPER))
    pieces, rows, start = [], [], 0
    for row, count in added:
        pieces += [grey[start:row], np.full((count, grey.shape[1]), paper, np.uint8)]
        rows += [np.arange(start, row), np.full(count, row)]
        start = row
    pieces.append(grey[start:])
    rows += [np.arange(start, grey.shape[0] + 1)]  # one past the end: a box's far edge
    return np.vstack(pieces), np.concatenate(rows)


def unspaced(
    lines: list[engine.TextLine], rows: np.ndarray | None, top: int
) -> list[engine.TextLine]:
    """lines read on a spaced picture whose first row is the page's row top, their boxes
    moved back onto the print (rows: spaced's)."""
    if rows is None:
        return lines

    def box(b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        y0, y1 = (int(rows[min(max(0, y - top), len(rows) - 1)]) + top for y in (b[1], b[3]))
        return (b[0], y0, b[2], y1)

    return [
        engine.TextLine(box(line.box), tuple(replace(g, box=box(g.box)) for g in line.glyphs))
        for line in lines
    ]


def straddles(lines: list[engine.TextLine], runs: list[tuple[int, int]], top: int) -> bool:
    """Did Tesseract read one line over two lines of print (runs, from the page's row
    top), its box over much of each (STRADDLE)? It then reads glyphs of the one in the
    other (年課 of 児童青少年課 after (P.57), as Nas; the foot of a 会 whose middle a
    black-and-white copy lost, and (P.70) under it, as (70))."""
    for line in lines:
        over = [min(line.box[3], top + b) - max(line.box[1], top + a) for a, b in runs]
        if sum(o > STRADDLE * (b - a) for o, (a, b) in zip(over, runs, strict=True)) >= 2:
            return True
    return False


def stacked(
    lines: list[engine.TextLine], runs: list[tuple[int, int]], top: int, low: float
) -> list[tuple[int, int]]:
    """The lines of print (runs, from the page's row top) Tesseract read as two lines, one
    over the other, each lower than low (px). A black-and-white copy of Mincho lost the
    thin strokes across the middle of 会 wrapped alone onto a line: its roof was read as
    会, its foot as 伝 (in the block layout, even read alone; the line layout reads 会).
    Two lines of a label printed touching are each a line tall."""
    found = []
    for a, b in runs:
        within = [
            line for line in lines if inside(line, (a, b), top) and line.box[3] - line.box[1] < low
        ]
        if any(
            min(upper.box[2], lower.box[2]) > max(upper.box[0], lower.box[0])
            and abs(upper.box[1] - lower.box[1]) > 0.25 * (b - a)
            for i, upper in enumerate(within)
            for lower in within[i + 1 :]
        ):
            found.append((a, b))
    return found


def inside(line: engine.TextLine, run: tuple[int, int], top: int) -> bool:
    """Does the line's middle stand in the run (from the page's row top)?"""
    return top + run[0] <= (line.box[1] + line.box[3]) / 2 <= top + run[1]
