"""The text lines of a cell, from its ink alone: where Tesseract's layout reads two lines
as one, or drops one, these runs of inked rows say where each line lies."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.spans import runs

MERGED = 1.6  # × a glyph's height: a run of ink rows this tall is two lines that touch
HALVES, ONE_LINE = 0.8, 1.2  # × a glyph's height: two runs of ink that are one line (_rejoined)
GLYPH_SHARE = 0.5  # share of a cell's ink in blobs no taller than its glyphs (glyph_height)
# line_pitch: a row with this share of a cell's median row ink, or more, counts as inked
# full (a short line then weighs as much as a long one), and a period the profile
# repeats less than PITCH_PEAK alike is no line pitch.
PITCH_INK, PITCH_PEAK = 0.5, 0.3


def ink_rows(ink: np.ndarray) -> list[tuple[int, int]]:
    """The text lines of a cell by its ink's row profile: (top, bottom) of each run of
    inked rows; a run taller than MERGED glyphs (lines printed so close that a
    descender or a dot meets the next line) is parted where its ink is thinnest, and two
    runs that are halves of one glyph's height are one line (HALVES). Runs much lower
    than the tallest (a dot, a dash of noise) are dropped. Where the glyphs' blobs are
    taller than the lines' pitch, the lines touch (150 dpi of Mincho set tight: blobs of
    54 px, lines 19 px apart), and the pitch is the glyphs' height."""
    profile = np.count_nonzero(ink, axis=1)
    lines = runs(profile > 0)
    if not lines:
        return []
    glyph = glyph_height(ink)
    pitch = line_pitch(profile)
    if pitch is not None and glyph > ONE_LINE * pitch:  # its blobs are lines that touch
        glyph = float(pitch)
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
    count, _, stats, _ = blobs(ink)
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


def line_pitch(profile: np.ndarray) -> int | None:
    """The rows from one text line to the next: the first period the row profile repeats
    (its autocorrelation's first peak past its first dip below zero), the gaps between
    lines and not the strokes inside them. None where no period repeats clearly (one
    line). Blobs cannot tell it where lines touch; the profile's dips still do."""
    rows = np.flatnonzero(profile)
    if len(rows) < 2:
        return None
    profile = profile[rows[0] : rows[-1] + 1]  # the paper around the lines repeats nothing
    level = np.minimum(profile / (PITCH_INK * float(np.median(profile[profile > 0]))), 1.0)
    wave = level - level.mean()
    n = len(wave)
    ac = np.correlate(wave, wave, "full")[n - 1 :]
    if ac[0] <= 0:
        return None
    ac = ac / ac[0]
    below = np.flatnonzero(ac < 0)
    if not len(below) or below[0] >= n // 2:
        return None  # not two periods in the profile
    seg = ac[below[0] : n // 2 + 1]
    peaks = np.flatnonzero((seg[1:-1] >= seg[:-2]) & (seg[1:-1] > seg[2:]) & (seg[1:-1] > 0))
    if not len(peaks) or seg[peaks[0] + 1] < PITCH_PEAK:
        return None
    return int(below[0] + peaks[0] + 1)
