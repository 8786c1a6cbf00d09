"""The text lines of a cell, from its ink alone: where Tesseract's layout reads two lines
as one, or drops one, these runs of inked rows say where each line lies."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr.spans import runs

MERGED = 1.6  # × a glyph's height: a run of ink rows this tall is two lines that touch
HALVES, ONE_LINE = 0.8, 1.2  # × a glyph's height: two runs of ink that are one line (_rejoined)
GLYPH_SHARE = 0.5  # share of a cell's ink in blobs no taller than its glyphs (glyph_height)


def ink_rows(ink: np.ndarray) -> list[tuple[int, int]]:
    """The text lines of a cell by its ink's row profile: (top, bottom) of each run of
    inked rows; a run taller than MERGED glyphs (lines printed so close that a
    descender or a dot meets the next line) is parted where its ink is thinnest, and two
    runs that are halves of one glyph's height are one line (HALVES). Runs much lower
    than the tallest (a dot, a dash of noise) are dropped."""
    profile = np.count_nonzero(ink, axis=1)
    lines = runs(profile > 0)
    if not lines:
        return []
    glyph = glyph_height(ink)
    if max(b - a for a, b in lines) > MERGED * glyph:
        lines = [part for line in lines for part in _parted(line, profile, glyph)]
    lines = _rejoined(lines, glyph)
    tallest = max(b - a for a, b in lines)
    return [(a, b) for a, b in lines if b - a >= 0.4 * tallest]


def _rejoined(lines: list[tuple[int, int]], glyph: float) -> list[tuple[int, int]]:
    """Runs that are the top and foot of one line, joined: a black-and-white copy of
    Mincho print lost the thin strokes between them (会 wrapped alone onto a line read
    as 会 and 去, one per half). Both lower than HALVES glyphs, and no taller than
    ONE_LINE glyphs together."""
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out and _halves(out[-1], (a, b), glyph):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _halves(upper: tuple[int, int], lower: tuple[int, int], glyph: float) -> bool:
    low = all(b - a < HALVES * glyph for a, b in (upper, lower))
    return low and lower[1] - upper[0] <= ONE_LINE * glyph


def glyph_height(ink: np.ndarray) -> float:
    """How tall a cell's glyphs are: most of a kanji's or a kana's strokes join into a
    blob as tall as the glyph. Blobs count by their ink: a pale copy's specks, and the
    pieces its glyphs broke into, outnumber the glyphs, not outweigh them."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights, areas = stats[1:count, cv2.CC_STAT_HEIGHT], stats[1:count, cv2.CC_STAT_AREA]
    if not len(heights):
        return float(ink.shape[0])
    order = np.argsort(heights)
    share = np.cumsum(areas[order]) / areas.sum()
    return float(heights[order][np.searchsorted(share, GLYPH_SHARE)])


def _parted(run: tuple[int, int], profile: np.ndarray, glyph: float) -> list[tuple[int, int]]:
    """run cut where its ink is thinnest, a glyph's height from either end, while it is
    taller than MERGED glyphs."""
    a, b = run
    if b - a <= MERGED * glyph:
        return [run]
    reach = max(1, round(0.6 * glyph))
    if b - reach <= a + reach:
        return [run]
    cut = a + reach + int(np.argmin(profile[a + reach : b - reach]))
    return _parted((a, cut), profile, glyph) + _parted((cut + 1, b), profile, glyph)
