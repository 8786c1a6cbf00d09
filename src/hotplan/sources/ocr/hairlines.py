"""Hairline rules the page's threshold broke: a spreadsheet's gridlines, printed a tenth of
a point wide, scan as a pixel-wide grey line (170–190 on paper at 250) that Otsu's
threshold keeps in pieces, and the rule finder, which wants an unbroken run, loses them,
with the rows and columns they part. A hairline is a ridge: darker than the paper a
couple of pixels either side of it, the same all along its length. Print's strokes are
ridges too, but short ones; shading is flat, and its edges are steps, no ridges."""

from __future__ import annotations

import cv2
import numpy as np

SIDE_PX = 2  # px either side of a hairline where the paper is compared (its blur is ~1 px)
# Grey levels a hairline is darker than the paper either side, measured along ALONG_PX:
# a gridline scans 55–75 darker, a scanner's grain (sd ≤ 10, averaged over the run) a
# few, the show-through of a rule printed overleaf some 10–20.
RIDGE, ALONG_PX = 35, 5


def hairlines(grey: np.ndarray) -> np.ndarray:
    """255 on the thin lines, across or down, darker than the paper either side of them."""
    g = grey.astype(np.int16)
    pad = cv2.copyMakeBorder(g, SIDE_PX, SIDE_PX, SIDE_PX, SIDE_PX, cv2.BORDER_REPLICATE)
    h, w = g.shape
    s = SIDE_PX
    across = np.minimum(pad[:h, s : s + w], pad[2 * s :, s : s + w]) - g
    down = np.minimum(pad[s : s + h, :w], pad[s : s + h, 2 * s :]) - g
    # along the line, its grain averaged out; and each pixel a ridge of its own, so a
    # stroke that ends a pixel short of the next line's does not join it
    line = ((cv2.blur(across.astype(np.float32), (ALONG_PX, 1)) > RIDGE) & (across > RIDGE / 2)) | (
        (cv2.blur(down.astype(np.float32), (1, ALONG_PX)) > RIDGE) & (down > RIDGE / 2)
    )
    return np.where(line, 255, 0).astype(np.uint8)
