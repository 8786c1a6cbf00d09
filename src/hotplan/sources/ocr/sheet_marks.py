"""What is on a scanned sheet besides its print, taken out of the page's ink before tables
printed without rules are looked for: a noisy scan's dust, and marks made on the printed
page (a receipt stamp's ring, a pen's tick), which join the lines they cross and fill the
white corridors between columns."""

from __future__ import annotations

import cv2
import numpy as np

SPECK_PT = 1.0  # a blob of ink smaller than this a side is dust (a 。 is 2.5 pt)
# Off the rules (straight runs RULE_GLYPHS glyph heights long), a blob at least MARK_GLYPHS
# glyph heights tall and wide is a mark made on the page (a stamp, a tick); a glyph's
# height is the GLYPH_SHARE percentile of the blobs' heights (a glyph's parts count less).
MARK_GLYPHS, RULE_GLYPHS, GLYPH_SHARE = 2.5, 6.0, 75


def despeckled(ink: np.ndarray, scale: float) -> np.ndarray:
    """ink without specks (a noisy scan's dust), which would fill a corridor: blobs
    smaller than SPECK_PT a side."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    least = max(1, round(SPECK_PT / scale))
    small = (stats[:, cv2.CC_STAT_WIDTH] < least) & (stats[:, cv2.CC_STAT_HEIGHT] < least)
    small[0] = False  # the background
    out = ink.copy()
    out[small[labels]] = 0
    return out


def unmarked(ink: np.ndarray) -> np.ndarray:
    """ink without the marks made on the printed page: a receipt stamp's ring, a pen's
    tick. Such a mark joins the lines it crosses into one run, and fills the white
    corridors between columns. Rules set aside (runs of ink RULE_GLYPHS glyphs long: a
    stamp crossing a table's rules is cut by them), a mark is a blob at least
    MARK_GLYPHS glyphs tall and wide (a glyph is far smaller), with the pieces of ink
    within half a glyph of it. Glyphs it touches go with it here; their cells are read
    from the picture all the same."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return ink
    # A glyph's height, from the blobs' (most are glyphs or their parts), not from the
    # runs of inked pixel rows a mark joins together.
    glyph = float(np.percentile(stats[1:, cv2.CC_STAT_HEIGHT], GLYPH_SHARE))
    rules = np.zeros_like(ink)
    for shape in ((round(RULE_GLYPHS * glyph), 1), (1, round(RULE_GLYPHS * glyph))):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, shape)
        rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    rest = cv2.subtract(ink, rules)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    least = MARK_GLYPHS * glyph
    marks = np.flatnonzero(
        (stats[:, cv2.CC_STAT_WIDTH] >= least) & (stats[:, cv2.CC_STAT_HEIGHT] >= least)
    )
    marks = marks[marks > 0]
    if marks.size == 0:
        return ink
    # … with what is left of it across a rule it crossed (a tick's tip over a header).
    reach = cv2.dilate(np.isin(labels, marks).astype(np.uint8), np.ones((3, 3), np.uint8))
    reach = cv2.dilate(reach, np.ones((round(glyph / 2),) * 2, np.uint8))
    marks = np.unique(labels[(reach > 0) & (rest > 0)])
    return np.where(np.isin(labels, marks[marks > 0]), 0, ink).astype(ink.dtype)
