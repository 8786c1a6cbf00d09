"""A colour scan made grey, with its stamps in coloured ink taken off by their colour
(and a highlighter's marks: highlights.py).

A receipt stamp is pressed in red (朱肉) or blue ink over the print. Made grey, its ink is
as dark as print and its frame a table's rule: on colour scans of a Writer print (4
pages, 50 rows) a red box stamp lost a row and 5 ratings, a red ring 5 rows. In colour it
stands apart: print is black, grey or a fill, and the stamp's ink is one hue. Each pixel
of the stamp is given back the grey of what lies under it, read in the channel the ink
lets through (red ink is light in red): the print under the stamp stays, and where it lay
on paper there is paper again.

A stamp is coloured ink of one hue FRAME_MM across, with a piece of frame (a ring's arc,
a box's side) and ink inside it (受付, a date, a section's name), in a hue the page's print
is not in: a coloured fill, red print, a coloured table's rules, a box ruled in colour
round black print and a legend printed all in blue are none."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.highlights import Wash, unwashed, washes
from hotplan.sources.ocr.hues import FIND, chroma, inks, reduced
from hotplan.sources.ocr.rule_pieces import Box, overlap

# A pixel of coloured ink: its channels this many grey levels apart (paper, print and a
# scanner's noise: under 25; a stamp's red: 110-160; a navy header's fill: ~70).
CHROMA = 60
# Taking a stamp off: in its box, a pixel whose channels are more than FAINT apart is the
# stamp's, in proportion up to FAINT + RAMP (its text's thin strokes, blurred and their
# colour kept at half resolution by JPEG: 30-60 apart); grey print and fills stay.
FAINT, RAMP, GROUND_PX = 12, 15, 9
CORE = 75  # percentile of the stamp's pixels' colour above which they are its ink's own
COLOURED = 0.0001  # a picture with fewer coloured pixels than this share is grey all over
# Stamps are looked for on the page's reduced copy (hues.py), among the coloured ink of
# each hue that has at least HUE_LEAST of the copy's pixels within HUE_SPREAD of it.
HUE_LEAST, HUE_SPREAD = 200, 12
# A stamp: coloured ink FRAME_MM across each way (a receipt stamp: 15-40 mm; a ○ symbol:
# 4), its pieces within GROUP_MM of one another (a dark header it lies over shows no
# colour, and cuts its ring in two); at least INSIDE of its box's middle (the box less
# MARGIN each side) inked (its text), and a piece of its frame
# in it: one stroke PIECE_MM long or more, thin (at most STROKE_MM across) or a frame (its
# ink at most OPEN of its box): a glyph of red print is smaller, a block of it is glyphs
# apart, touching glyphs fill their box.
FRAME_MM, GROUP_MM, INSIDE, MARGIN = (10.0, 80.0), 8.0, 0.01, 0.2
PIECE_MM, STROKE_MM, OPEN = 8.0, 1.5, 0.25
REACH_MM = 1.0  # the stamp's ink blurred this far beyond its frame is taken off too
# A stamp's hue is its own: at least OWN of the page's ink of that hue lies in stamps. A page
# printed in blue has blue boxes of blue text (a legend) that are print; a few words of red
# print beside a red stamp leave it its own.
OWN = 0.2

_GROUND = np.ones((GROUND_PX, GROUND_PX), np.uint8)


def in_colour(bgr: np.ndarray) -> np.ndarray:
    """A rendered page (BGR) as it is where it has coloured ink, else in grey (a grey or
    black-and-white scan, rendered in colour)."""
    bgr = np.ascontiguousarray(bgr[..., :3])
    if (chroma(bgr) >= CHROMA).mean() >= COLOURED:
        return bgr
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def uncoloured(picture: np.ndarray, dpi: int) -> tuple[np.ndarray, list[Box], list[Box]]:
    """The picture (BGR, or grey as it is) in grey, each stamp in coloured ink and each
    highlighter's wash (highlights.py) taken off; where each stamp and each wash stood."""
    if picture.ndim == 2:
        return picture, [], []
    grey = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    # a highlighter's marks first: orange or pink ones are ink in a stamp's hue, and so
    # much of it that the stamp's hue was the print's (OWN)
    small = reduced(picture)
    marked = washes(small, picture.shape[:2], dpi)
    found = _stamps(small, picture.shape[:2], dpi, marked)
    paper = float(np.median(grey))
    for box in found:
        _lift(grey, picture, box, paper)
    unwashed(grey, picture, marked)
    return grey, found, _merged([box for _, box in marked])


def _stamps(small: np.ndarray, size: tuple[int, int], dpi: int, marked: list[Wash]) -> list[Box]:
    """The boxes of the stamps on a page of size (height, width) pixels, found on its
    reduced copy small, hue by hue (a red stamp over a navy header is found apart from the
    header), boxes that overlap made one (a ring cut in two by dark print); the ink of a
    highlighter's marks is none of theirs."""
    coloured = chroma(small) >= CHROMA
    for mask, (x0, y0, x1, y1) in marked:
        part = coloured[round(y0 * FIND) : round(y1 * FIND), round(x0 * FIND) : round(x1 * FIND)]
        if part.size:
            part &= cv2.resize(mask, (part.shape[1], part.shape[0])) == 0
    mm = dpi * FIND / 25.4
    boxes: list[Box] = []
    for ink in inks(small, coloured, HUE_SPREAD, HUE_LEAST):
        found = _framed(ink, mm)
        held = sum(int(ink[y0:y1, x0:x1].sum()) for x0, y0, x1, y1 in found)
        if held >= OWN * int(ink.sum()):  # (else the hue is the print's)
            boxes += found
    reach = REACH_MM * mm
    h, w = size
    scaled = [
        (
            max(0, round((x0 - reach) / FIND)),
            max(0, round((y0 - reach) / FIND)),
            min(w, round((x1 + reach) / FIND)),
            min(h, round((y1 + reach) / FIND)),
        )
        for x0, y0, x1, y1 in boxes
    ]
    return _merged(scaled)


def _framed(ink: np.ndarray, mm: float) -> list[Box]:
    """The stamps in one hue's ink (mm: pixels a millimetre)."""
    group = round(GROUP_MM * mm)
    grouped = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((group, group)))
    count, _, stats, _ = blobs(grouped)
    least, most = (size * mm for size in FRAME_MM)
    return [
        (int(x), int(y), int(x + bw), int(y + bh))
        for x, y, bw, bh, _ in stats[1:count]
        if least <= bw <= most
        and least <= bh <= most
        and _is_stamp(ink[y : y + bh, x : x + bw], mm)
    ]


def _is_stamp(ink: np.ndarray, mm: float) -> bool:
    """Is this coloured ink (a group's box) a stamp: inked inside, with a piece of
    frame?"""
    bh, bw = ink.shape
    my, mx = round(MARGIN * bh), round(MARGIN * bw)
    if ink[my : bh - my, mx : bw - mx].mean() < INSIDE:
        return False
    count, _, stats, _ = blobs(ink.astype(np.uint8))
    w, h, area = (
        stats[1:count, k] for k in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA)
    )
    thin = (np.minimum(w, h) <= STROKE_MM * mm) | (area <= OPEN * w * h)
    piece = (np.maximum(w, h) >= PIECE_MM * mm) & thin
    return bool(piece.any())


def _merged(boxes: list[Box]) -> list[Box]:
    """The boxes, those that overlap made one."""
    out: list[Box] = []
    for box in sorted(boxes):
        for i, other in enumerate(out):
            if overlap(box, other):
                out[i] = (
                    min(box[0], other[0]),
                    min(box[1], other[1]),
                    max(box[2], other[2]),
                    max(box[3], other[3]),
                )
                break
        else:
            out.append(box)
    return out


def _lift(grey: np.ndarray, bgr: np.ndarray, box: Box, paper: float) -> None:
    """The stamp in box taken off grey: each pixel's grey read in the channel the ink is
    lightest in, scaled by the paper's to the ink's brightness there (the ink multiplies
    what lies under it), where that is lighter; no lighter than the ground around it (the
    picture closed over GROUND_PX, so strokes go: a fill's grey) or the page's paper. A
    pixel part ink, part paper reads as paper so."""
    x0, y0, x1, y1 = box
    area = bgr[y0:y1, x0:x1]
    apart = chroma(area).astype(np.float32)
    inked = apart >= CHROMA
    if not inked.any():
        return
    # the ink's own colour: its most coloured pixels' (a stroke's blurred edge is paler)
    core = inked & (apart >= np.percentile(apart[inked], CORE))
    stamp = np.median(area[core], axis=0)
    channel = int(np.argmax(stamp))
    now = grey[y0:y1, x0:x1]
    ground = np.minimum(cv2.morphologyEx(now, cv2.MORPH_CLOSE, _GROUND), paper)
    through = area[..., channel].astype(np.float32) * (paper / max(float(stamp[channel]), 1.0))
    weight = np.clip((apart - FAINT) / RAMP, 0.0, 1.0)
    now = now.astype(np.float32)
    lifted = now + weight * np.maximum(0.0, np.minimum(through, ground) - now)
    grey[y0:y1, x0:x1] = np.clip(lifted, 0, 255).astype(np.uint8)
