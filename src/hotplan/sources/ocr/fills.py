"""A page's filled areas (a header's shading, zebra rows): found in its ink, and
thresholded again on their own, so the print on them stands out as on white paper; on a
noisy scan, found through a median filter, where a fill near the page's threshold is
speckle in ink, not a solid area."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.raster import GRAINY, binarize, degrained, grain

FILL_PT = 3.0  # a solid area of ink this thick is a fill (no letter's stroke is)
FILL_MEDIAN = 5  # px: the median filter a noisy fill is found through
FILL_BAND = 4  # × FILL_PT: a fill found through it is at least this wide and tall
GRAIN_FILL = 8  # × FILL_PT: a fill at least this wide and tall is smoothed where grainy


def unfilled(
    ink: np.ndarray, grey: np.ndarray, scale: float, shading: np.ndarray | None = None
) -> np.ndarray:
    """ink with each filled area (a header's shading the page's threshold took for ink)
    thresholded again on its own, so the labels on it stand out as on white paper.
    shading: the page's noisy fills too (noisy_fills: on a noisy scan a fill near the
    page's threshold is speckle in ink, not a solid area), for finding unruled tables,
    whose white corridors the speckle would fill."""
    side = max(3, round(FILL_PT / scale))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    if shading is not None:
        solid |= shading
    count, _, stats, _ = blobs(solid)
    out = ink.copy()
    reach = side // 2  # the fill's blurred edge, which opening cut off, goes with it
    for x, y, w, h, _ in stats[1:count]:
        y0, x0 = max(0, y - reach), max(0, x - reach)
        area = grey[y0 : y + h + reach, x0 : x + w + reach]
        if min(w, h) >= GRAIN_FILL * side and grain(grey[y : y + h, x : x + w]) >= GRAINY:
            # a grainy fill, thresholded, is specks that read as ink in every column
            # (not a bold glyph's blob: a small print's strokes would go too)
            area = degrained(area)
        level, _ = cv2.threshold(
            area[y - y0 : y - y0 + h, x - x0 : x - x0 + w],
            0,
            255,
            cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU,
        )
        out[y0 : y + h + reach, x0 : x + w + reach] = np.where(area <= level, 255, 0)
    return out


def noisy_fills(grey: np.ndarray, scale: float) -> np.ndarray:
    """The page's fills as found through a median filter (255 in them): a fill near the
    page's threshold on a noisy scan is speckle in ink, not a solid area."""
    side = max(3, round(FILL_PT / scale))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    smooth = binarize(cv2.medianBlur(grey, FILL_MEDIAN))
    return _bands(cv2.morphologyEx(smooth, cv2.MORPH_OPEN, kernel), side)


def fill_boxes(fills: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of each area of a noisy_fills mask."""
    count, _, stats, _ = blobs(fills)
    return [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count]]


def _bands(solid: np.ndarray, side: int) -> np.ndarray:
    """The solid areas wide and tall enough to be a shaded row or cell (FILL_BAND × a
    fill's least side): through the median filter, bold print is solid too. An area
    from the page's edge is the scanner's shadow, not print: a lid's shadow on a shaded
    scan joined a page's corner to a table, whose rules in it then went unseen."""
    _, labels, stats, _ = blobs(solid)
    x, y, w, h = (stats[:, k] for k in range(4))
    keep = (w >= FILL_BAND * side) & (h >= FILL_BAND * side)
    keep &= (x > 0) & (y > 0) & (x + w < solid.shape[1]) & (y + h < solid.shape[0])
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)
