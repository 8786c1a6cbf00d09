"""What a table cell's ink says beside Tesseract's reading of it: whether the cell holds
print at all, print the page's threshold lost (a thin ○ or 。 on grey paper), a mark no
glyph covers (a 。 or を left out), or print too small for the kana or kanji read from it.
cell_reading.py makes a cell doubtful by these, and reads a faint rating by its own threshold."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from hotplan.sources.ocr import engine
from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.grid import Cell
from hotplan.sources.ocr.page import PageReading
from hotplan.typos.phrasing import is_kana, is_kanji

UNREAD_MIN = 0.2  # × line height: a smaller mark no glyph covers is a speck
UNREAD_REACH = 0.15  # × line height: a mark this close to a glyph's box is part of it
FULL_WIDTH = 2.0  # × line height: the widest a glyph's room is (boxes are approximate)
FAINT, FAINT_MIN = 60, 30  # grey levels under the paper, and pixels: print, not grain
SMALL_INK = 0.4  # × the page's line height: print no taller is a mark, never kana or kanji
# Glyphs whose rooms hold fewer pixels of print than this (a 、 at 200 dpi is 9 px or
# more), UNPRINTED_RUN line heights wide or more, stand over no print.
UNPRINTED_PX, UNPRINTED_RUN = 4, 1.5


def _print(page: PageReading, cell: Cell) -> np.ndarray:
    """The print the cell's grey holds (255): FAINT grey levels under its paper, which
    a scan's grain never reaches."""
    x0, y0, x1, y1 = cell.box
    grey = page.raster.grey[y0:y1, x0:x1]
    return np.where(grey < np.median(grey) - FAINT, 255, 0).astype(np.uint8)


def faint_print(page: PageReading, cell: Cell) -> bool:
    """Does the cell hold print that the page's threshold kept under half of? A thin
    Mincho ○ at 8 pt on grey paper was left as a few pixels: the rating read as ▲, or as
    an empty cell."""
    x0, y0, x1, y1 = cell.box
    dark = np.count_nonzero(_print(page, cell))
    return dark >= FAINT_MIN and np.count_nonzero(page.raster.ink[y0:y1, x0:x1]) < dark / 2


def printed_only(
    page: PageReading, cell: Cell, lines: list[engine.TextLine]
) -> tuple[list[engine.TextLine], str]:
    """lines without the runs of glyphs over no print (the page's ink, or FAINT under the
    cell's paper) at least UNPRINTED_RUN line heights wide, and what those read: on a scan
    of thin paper printed on both sides the back's print shows through, too light to be
    ink, and Tesseract read it as junk (唱Mt<で関口… after a cell's last line). A glyph
    alone is judged by nothing: Tesseract's boxes of a 。 or 、 are sometimes off its print."""
    x0, y0, x1, y1 = cell.box
    inked = cv2.bitwise_or(page.raster.ink[y0:y1, x0:x1], _print(page, cell))
    height = max((line.box[3] - line.box[1] for line in lines), default=0)

    def bare(left: float, top: float, right: float, foot: float) -> bool:
        a, b = max(round(left) - x0, 0), min(round(right) - x0, x1 - x0)
        c, d = max(round(top) - y0, 0), min(round(foot) - y0, y1 - y0)
        return b > a and d > c and np.count_nonzero(inked[c:d, a:b]) < UNPRINTED_PX

    kept, dropped = [], ""
    for line in lines:
        rooms = _advances(line, height)
        flags = [bare(*room) for room in rooms]
        out, i = [], 0
        while i < len(flags):
            j = i
            while j < len(flags) and flags[j] == flags[i]:
                j += 1
            wide = rooms[j - 1][2] - rooms[i][0] >= UNPRINTED_RUN * height
            if flags[i] and wide and bare(rooms[i][0], line.box[1], rooms[j - 1][2], line.box[3]):
                dropped += "".join(g.text for g in line.glyphs[i:j])
            else:
                out += line.glyphs[i:j]
            i = j
        if len(out) == len(line.glyphs):
            kept.append(line)
        elif out:
            kept.append(replace(line, glyphs=tuple(out)))
    return kept, dropped


def has_ink(page: PageReading, cell: Cell) -> bool:
    x0, y0, x1, y1 = cell.box
    return bool(np.count_nonzero(page.raster.ink[y0:y1, x0:x1]) > 8)


def small_ink(page: PageReading, ink: np.ndarray, text: str) -> bool:
    """Is all of a cell's print far shorter than the page's lines (SMALL_INK), though read
    as kana or kanji? A 。 wrapped alone onto a row of its own is read as two glyphs (区人),
    sure of both: no kana or kanji is that small."""
    if not page.chars or not any(is_kana(ch) or is_kanji(ch) for ch in text):
        return False
    box = engine.glyph_box(ink, margin=0)
    line = page.line_height()
    return box is not None and (box[3] - box[1]) * page.raster.scale < SMALL_INK * line


def unread_ink(page: PageReading, cell: Cell, lines: list[engine.TextLine]) -> bool:
    """Is there a mark in the cell that no glyph covers (a 。 or を Tesseract left out)?
    Marks smaller than a fifth of a line (specks) do not count. The mark is looked for in
    the page's ink and in the print the cell's grey holds (_print): a thin 。 on grey paper
    is gone from the page's ink."""
    x0, y0, x1, y1 = cell.box
    ink = cv2.bitwise_or(page.raster.ink[y0:y1, x0:x1], _print(page, cell))
    height = max((line.box[3] - line.box[1] for line in lines), default=0)
    if not height:
        return False
    count, _, stats, _ = blobs(ink)
    reach = height * UNREAD_REACH
    boxes = [box for line in lines for box in _advances(line, height)]
    for bx, by, bw, bh, _ in stats[1:count]:
        if max(bw, bh) < UNREAD_MIN * height:
            continue
        cx, cy = x0 + bx + bw / 2, y0 + by + bh / 2
        if not any(
            b[0] - reach <= cx <= b[2] + reach and b[1] - reach <= cy <= b[3] + reach for b in boxes
        ):
            return True
    return False


def _advances(line: engine.TextLine, height: int) -> list[tuple[float, float, float, float]]:
    """Each glyph's room on its line: from its left edge to the next glyph's, at most a
    full-width character (Tesseract's own boxes are sometimes a pixel wide)."""
    glyphs = line.glyphs
    rooms = []
    for i, g in enumerate(glyphs):
        end = glyphs[i + 1].box[0] if i + 1 < len(glyphs) else g.box[2]
        right = max(g.box[2], min(end, g.box[0] + FULL_WIDTH * height))
        rooms.append((g.box[0], line.box[1], right, line.box[3]))
    return rooms
