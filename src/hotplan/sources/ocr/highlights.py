"""A highlighter's marks (蛍光ペン) on a colour scan taken off by their colour.

A reader marks lines of the printed report with a highlighter before it is scanned. Made
grey, a pink or green mark is a shading as dark as a table's header fill (grey 185-205),
with edges that cross rows and walls: on colour scans of a Writer print (3 pages, 32
rows) pink marks lost 11 rows and split others, green ones a row. In colour it stands
apart: a wash of one bright, saturated hue that darkens everything under it. Each pixel
under it has its colour divided by the wash's own (as it is over paper) and is made grey:
the print and a grey fill under it come back as they were.

A wash is bright, saturated ink of one hue, at least WASH_MM wide and LONG_MM long,
inside which nothing is lighter than the wash itself: a translucent ink darkens all it
lies on. Coloured print is not: red text has paper between its strokes, a header filled
in colour holds its labels in white, and a table's pale tint is hardly saturated."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.hues import FIND, chroma, inks
from hotplan.sources.ocr.rule_pieces import Box

# A wash's pixel: its channels at least CHROMA apart (highlighter inks as scanned: 90-170,
# over a grey header fill 80; paper's noise: under 20) and SATURATED (apart by that share
# of its brightest: a highlighter's ink 0.4-0.7, over a grey fill as much; a table's pale
# tint, BDD7EE or FFF2CC, 0.1-0.3), its brightest channel at least BRIGHT of the paper's (a
# highlighter lets one colour through almost whole, over a grey fill 0.8; a navy fill 0.4).
CHROMA, SATURATED, BRIGHT = 30, 0.33, 0.5
# Found on the page's reduced copy (hues.py): the wash's pixels closed over BRIDGE_MM (the
# print it lies on: a glyph's strokes), then opened over WASH_MM (coloured print's strokes
# and a stamp's frame are thinner); at least LONG_MM long (a word marked; JPEG's colour
# fringe round white labels on a navy fill: 5 mm).
BRIDGE_MM, WASH_MM, LONG_MM = 1.2, 2.0, 8.0
# Inside a wash (its mask eroded by BRIDGE_MM) no more than LIGHT of the pixels have their
# darkest channel LIGHTER levels above the wash's own: the paper between red print's
# strokes (0.35-0.7), a coloured header's white labels (0.06-0.07); a wash's ragged edge
# 0.02 at most. A pale coloured fill under black print passes, and is made paper.
LIGHTER, LIGHT = 60, 0.03
# The wash's blurred edge, REACH_MM beyond where it was found, is taken off too, in
# proportion to its colour: a pixel whose channels are FAINT apart not at all, one FAINT +
# RAMP apart wholly (paper's and grey print's noise: under 12).
REACH_MM = 0.6
FAINT, RAMP = 12, 15
# A wash is of one hue: its pixels within HUE of it (OpenCV's, 180 a turn: a pink mark
# beside a red stamp is apart from it); washes within HUE of one another's hue are one
# highlighter's.
HUE = 5

# A wash: its mask, as large as its box on the page: 255 where it was found, RIM on its
# blurred edge beyond (0 elsewhere); and the box.
Wash = tuple[np.ndarray, Box]
RIM = 128


def washes(small: np.ndarray, size: tuple[int, int], dpi: int) -> list[Wash]:
    """Each highlighter wash on a colour page of size (height, width) pixels, found on
    its reduced copy small (BGR)."""
    b, g, r = cv2.split(small)
    high = cv2.max(cv2.max(b, g), r)
    low = cv2.min(cv2.min(b, g), r)
    apart = cv2.subtract(high, low)
    paper = float(np.percentile(high, 90))
    coloured = (apart >= CHROMA) & (apart >= SATURATED * high) & (high >= BRIGHT * paper)
    mm = dpi * FIND / 25.4
    return [
        wash
        for ink in inks(small, coloured, HUE, round(LONG_MM * WASH_MM * mm * mm))
        for wash in _washes(ink, low, mm, dpi, size)
    ]


def _washes(
    wash: np.ndarray, low: np.ndarray, mm: float, dpi: int, size: tuple[int, int]
) -> list[Wash]:
    """The washes in one hue's bright, saturated ink (wash, on the reduced copy; low: the
    copy's darkest channel; mm: its pixels a millimetre)."""
    bridge = _square(BRIDGE_MM * mm)
    found = cv2.morphologyEx(wash.astype(np.uint8), cv2.MORPH_CLOSE, bridge)
    broad = cv2.morphologyEx(found, cv2.MORPH_OPEN, _square(WASH_MM * mm))
    count, labels, stats, _ = blobs(found)  # (whole: the opening cut a stroke's ends)
    inner = cv2.erode(found, bridge)
    out = []
    h, w = size
    reach = _square(2 * REACH_MM * dpi / 25.4)
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        at = np.s_[y : y + bh, x : x + bw]
        mask = labels[at] == k
        core = mask & (inner[at] > 0)
        if max(bw, bh) < LONG_MM * mm or not (mask & (broad[at] > 0)).any() or not core.any():
            continue
        ink_low = float(np.median(low[at][mask & wash[at]]))
        lighter = low[at][core] >= ink_low + LIGHTER
        if lighter.mean() > LIGHT:
            continue  # print in colour, not a wash over it
        x0, y0 = round(x / FIND), round(y / FIND)
        x1, y1 = min(w, round((x + bw) / FIND)), min(h, round((y + bh) / FIND))
        full = cv2.resize(mask.astype(np.uint8), (x1 - x0, y1 - y0), interpolation=0)
        pad = reach.shape[0]
        x0p, y0p = max(0, x0 - pad), max(0, y0 - pad)
        x1p, y1p = min(w, x1 + pad), min(h, y1 + pad)
        grown = np.zeros((y1p - y0p, x1p - x0p), np.uint8)
        grown[y0 - y0p : y0 - y0p + full.shape[0], x0 - x0p : x0 - x0p + full.shape[1]] = full
        mask = np.where(grown > 0, 255, np.where(cv2.dilate(grown, reach) > 0, RIM, 0))
        out.append((mask.astype(np.uint8), (x0p, y0p, x1p, y1p)))
    return out


def unwashed(grey: np.ndarray, bgr: np.ndarray, marked: list[Wash]) -> None:
    """grey with the washes taken off: under each, each pixel's colour divided by the
    wash's own (the ink multiplies what it lies on), made grey, never lighter than the
    paper. The wash's own colour is its colour over paper: of the page's washes in the
    same hue (one highlighter's), the brightest (a wash drawn all over a grey fill is as
    dark as its fill)."""
    paper = float(np.percentile(grey, 90))
    found = []
    for mask, box in marked:
        x0, y0, x1, y1 = box
        area = bgr[y0:y1, x0:x1]
        pixels = area[(mask > 0) & (chroma(area) >= CHROMA)].astype(np.float32)
        if len(pixels):
            # its own ink: the more coloured half (its blurred edge is paler), of that the
            # brighter half (over paper; over a fill or print it is darker)
            high = pixels.max(axis=1)
            share = (high - pixels.min(axis=1)) / high
            pixels = pixels[share >= np.median(share)]
            high = pixels.max(axis=1)
            colour = np.median(pixels[high >= np.median(high)], axis=0)
            found.append((mask, box, colour, _hue(colour)))
    for mask, (x0, y0, x1, y1), _, hue in found:
        same = [c for _, _, c, h in found if min(abs(h - hue), 180 - abs(h - hue)) <= HUE]
        own = max(same, key=lambda c: float(c.max()))
        area = bgr[y0:y1, x0:x1]
        under = area.astype(np.float32) * (paper / np.maximum(own, 1.0))
        under = np.clip(under, 0, paper).astype(np.uint8)
        through = cv2.cvtColor(under, cv2.COLOR_BGR2GRAY).astype(np.float32)
        # where it was found every pixel lies under it (print too, and its edge, whose
        # colour JPEG kept at half resolution: weighed by its colour, it was left as a
        # dark outline); on its rim, a pixel is lifted as far as the wash colours it
        coloured = chroma(area).astype(np.float32)
        rim = np.clip((coloured - FAINT) / RAMP, 0.0, 1.0) * (mask == RIM)
        weight = np.where(mask == 255, 1.0, rim)
        now = grey[y0:y1, x0:x1].astype(np.float32)
        grey[y0:y1, x0:x1] = np.clip(now + weight * (through - now), 0, 255).astype(np.uint8)


def _hue(bgr: np.ndarray) -> int:
    """OpenCV's hue (180 a turn) of one colour."""
    pixel = np.clip(bgr, 0, 255).astype(np.uint8).reshape(1, 1, 3)
    return int(cv2.cvtColor(pixel, cv2.COLOR_BGR2HSV)[0, 0, 0])


def _square(size: float) -> np.ndarray:
    side = max(1, round(size))
    return np.ones((side, side), np.uint8)
