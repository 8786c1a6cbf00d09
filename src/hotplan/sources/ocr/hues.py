"""How coloured a colour page's pixels are, and the hues its coloured ink comes in: a
stamp's red, a highlighter's yellow, each looked for apart from the others."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

# Coloured ink is looked for on a copy of the page FIND the size (its fine strokes and a
# highlighter's broad marks alike: a stamp's frame, 0.5 mm, is still 4 pixels wide).
FIND = 0.5
# A hue's ink is all within SPREAD of it (OpenCV's hue, 180 a turn; red lies either side of
# 0), of which there is more than within SPREAD of each hue PEAK either side (a red
# stamp's count is no peak among the hues 12 either side, where a yellow mark's tail lies).
PEAK = 4


def reduced(bgr: np.ndarray) -> np.ndarray:
    """The page (BGR) on the copy FIND the size where its coloured ink is looked for."""
    return cv2.resize(bgr, None, fx=FIND, fy=FIND, interpolation=cv2.INTER_AREA)


def inks(small: np.ndarray, coloured: np.ndarray, spread: int, least: int) -> Iterator[np.ndarray]:
    """For each hue the coloured pixels of small (BGR) peak at, with at least least of
    them within spread of it: those pixels (a mask)."""
    hue = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[..., 0].astype(np.int16)
    counts = np.bincount(hue[coloured], minlength=180)
    near = np.arange(-spread, spread + 1)
    beside = np.arange(-PEAK, PEAK + 1)
    around = np.array([counts[(h + near) % 180].sum() for h in range(180)])
    for peak in range(180):  # each hue the count peaks at (a flat peak at its last hue)
        if around[peak] < least or around[peak] < around[(peak + beside) % 180].max():
            continue
        if around[peak] == around[(peak + 1) % 180]:
            continue
        yield coloured & (np.abs((hue - peak + 90) % 180 - 90) <= spread)


def chroma(bgr: np.ndarray) -> np.ndarray:
    """How far apart each pixel's channels are (uint8): 0 for grey. (OpenCV's: numpy's
    max and min across channels took 0.35 s a page.)"""
    b, g, r = cv2.split(bgr)
    return cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
