"""A highlighter's marks (蛍光ペン) on a grey scan taken off by their shape.

Scanned grey, a highlighter's ink is a plain darker ground under a line of print: pink
about 0.7 of the paper's brightness, yellow 0.88. The table reader took it for a fill (a
header's shading, a zebra row): on grey scans of the seven office prints, pink marks lost
up to 12 of 44 rows a scan and split or garbled others. Without its colour (highlights.py
works by that) a mark is known by what print never does: it is drawn by hand. A printed
fill is a rectangle whose edges run straight along the page's lines; a mark's edges
wander, or lie askew of them.

The ground is the page with its print taken away: each pixel the lightest within
GROUND_MM (between a line's glyphs lies the ground, a wash's or the paper's).
A wash is ground darker than what lies round it, by a factor (the ink lets that share of
the light through): a band over paper; inside a fill, a darker band over it (a mark over
a header's label). The wash is divided by its factor, so the paper or fill under it comes
back as it was, and the print on it too."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.raster import binarize, skew_of
from hotplan.sources.ocr.rule_pieces import Box

# The ground: the page (median-filtered over 3 pixels: a scan's noise) at its lightest within
# a square GROUND_MM a side (a glyph's strokes and the gaps between glyphs are narrower, a
# mark's band of 4-6 mm wider; a window 4 mm across and 1 mm down, to reach the gaps
# between glyphs in dense print, lost 10 rows on the 14 scans, where its lift broke a
# header's shading).
GROUND_MM = 1.4
# Ground at least DROP grey levels under the paper's is shaded (a yellow mark: 30; a
# zebra row's F2F2F2: 13, which no reader takes for a fill); of it, what a mark can be
# is at least LONG_MM long (a word marked) and BAND_MM tall, a band no taller than TALL_MM
# (a mark over one line of print: 4-6 mm, with the dense print beside it up to 10 mm; a
# taller shading is a fill, a mark only inside it, as in a printed one).
DROP, LONG_MM, BAND_MM, TALL_MM = 18, 8.0, 2.5, 12.0
# A highlighter's ink lets through LIGHTEST of the light at most (yellow, scanned grey:
# 0.88; a zebra row's shading 0.93-0.96) and DARKEST at least (pink 0.71; the print under
# it must show: a navy fill is 0.2-0.45).
LIGHTEST, DARKEST = 0.9, 0.55
# A highlighter's ink lies evenly: at least EVEN of the ground under it is within LEVEL of
# its level (a mark: 0.45-0.98; the ground between white labels on a navy fill: 0.01-0.04).
EVEN, LEVEL = 0.3, 0.04
# A shading whose ground is darker than FLOOR of the paper is a dark fill (a navy header:
# 0.2-0.45; a pink mark over a header's grey fill is 0.6 of the paper), which no mark
# shows on; a mark beside it, drawn along its edge, is the shading beyond the box of its
# dark ground (BROAD_MM across at least: bold labels on a grey fill are dark ground 1-2
# mm wide) and its blurred edge (EDGE_MM).
FLOOR, BROAD_MM, EDGE_MM = 0.45, 3.0, 1.0
# A wash inside a fill is ground darker than the fill's by STEP of it at least (a yellow
# mark lets 0.88 of the light through).
STEP = 0.07
# A printed shading's edge runs straight along the page's lines: ON of it within
# STRAIGHT_MM of a line at the page's skew within ALONG degrees (a mark drawn freehand
# wanders 0.2-0.9 mm, askew by 0.1-2°); the line is fitted to the edge where it lies within
# NEAR_MM of a first fit (a label or rule notches a fill's edge). One such edge makes it
# print: a fill's other edge may be all notches.
STRAIGHT_MM, ALONG, ON, NEAR_MM = 0.15, 0.1, 0.8, 0.4
# An edge is fitted without ENDS of its length at either end (a mark's tip, a fill's
# corner).
ENDS = 0.1
CORE, RIM = 255, 128
EDGE_PX = 2  # a mark's blurred edge beyond the ground's window


@dataclass(frozen=True)
class GreyWash:
    """A highlighter's mark: where it lies (a mask as large as its box: CORE where its
    ground was found, RIM on its edge beyond), and the share of the light its ink lets
    through."""

    mask: np.ndarray
    box: Box
    factor: float


def grey_washes(grey: np.ndarray, dpi: int) -> list[GreyWash]:
    """Each highlighter's mark on a grey page: a band of ground darker than what lies round
    it, whose edges are not a printed shading's."""
    mm = dpi / 25.4
    ground = _ground(grey, dpi)
    paper = float(np.median(ground))
    count, labels, stats, _ = blobs((ground < paper - DROP).astype(np.uint8))
    skew = cache(lambda: -skew_of(binarize(grey)))  # the page's lines' angle on the picture
    found: list[tuple[np.ndarray, Box]] = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < LONG_MM * mm or h < BAND_MM * mm:
            continue
        at = np.s_[y : y + h, x : x + w]
        mask = labels[at] == k
        if h <= TALL_MM * mm and not _printed(mask, skew(), mm):
            found.append((mask, (x, y, x + w, y + h)))  # a mark over paper
            continue
        level = float(np.median(ground[at][mask]))
        if level < FLOOR * paper:  # a dark fill: a mark on it does not show, one beside it does
            darker = _beside(mask, ground[at] < FLOOR * paper, mm)
        else:  # a fill: a mark over it is a darker band inside it
            darker = (mask & (ground[at] < level * (1 - STEP))).astype(np.uint8)
        inner, inner_labels, inner_stats, _ = blobs(darker)
        for j in range(1, inner):
            ix, iy, iw, ih, _ = inner_stats[j]
            if iw < LONG_MM * mm or not BAND_MM * mm <= ih <= TALL_MM * mm:
                continue
            part = inner_labels[iy : iy + ih, ix : ix + iw] == j
            if not _printed(part, skew(), mm):
                found.append((part, (x + ix, y + iy, x + ix + iw, y + iy + ih)))
    washes = [_wash(ground, mask, box, dpi) for mask, box in found]
    return [wash for wash in washes if wash is not None]


def _beside(mask: np.ndarray, dark: np.ndarray, mm: float) -> np.ndarray:
    """The shading in mask that lies beyond the box of its dark fill and its blurred edge:
    the rows where its dark ground is BROAD_MM across, the columns of all dark ground
    joined to that (a narrow cell at its end, whose label leaves it no broad ground; print
    under a mark along its edge adds no rows)."""
    _, labels, _, _ = blobs(dark.astype(np.uint8))
    broad = cv2.morphologyEx(
        dark.astype(np.uint8), cv2.MORPH_OPEN, np.ones((round(BROAD_MM * mm),) * 2, np.uint8)
    )
    out = mask.astype(np.uint8)
    if broad.any():
        ys = np.nonzero(broad)[0]
        xs = np.nonzero(np.isin(labels, np.unique(labels[broad > 0])))[1]
        edge = round(EDGE_MM * mm)
        y0, x0 = max(0, ys.min() - edge), max(0, xs.min() - edge)
        out[y0 : ys.max() + edge + 1, x0 : xs.max() + edge + 1] = 0
    return out


def _printed(mask: np.ndarray, skew: float, mm: float) -> bool:
    """Does a band of shading have an edge as a printed one runs: straight, along the
    page's lines (skew: their angle on the picture, degrees)?"""
    columns = np.flatnonzero(mask.any(axis=0))
    cut = round(ENDS * len(columns))
    columns = columns[cut : len(columns) - cut]
    if len(columns) < 4:
        return True
    top = np.argmax(mask[:, columns], axis=0)
    foot = mask.shape[0] - 1 - np.argmax(mask[::-1, columns], axis=0)
    for edge in (top, foot):
        slope, at = np.polyfit(columns, edge, 1)
        near = np.abs(edge - (slope * columns + at)) <= NEAR_MM * mm
        if near.sum() < 4:
            continue
        slope, at = np.polyfit(columns[near], edge[near], 1)  # a notch left out
        on = np.abs(edge - (slope * columns + at)) <= STRAIGHT_MM * mm
        if on.mean() >= ON and abs(np.degrees(np.arctan(slope)) - skew) <= ALONG:
            return True
    return False


def _ground(grey: np.ndarray, dpi: int) -> np.ndarray:
    """The page at its lightest within GROUND_MM: the ground its print lies on."""
    return cv2.dilate(cv2.medianBlur(grey, 3), _window(dpi))


def _window(dpi: int, grow: int = 0) -> np.ndarray:
    """A square GROUND_MM a side in pixels (odd), grow pixels more each way."""
    side = (round(GROUND_MM * dpi / 25.4) | 1) + 2 * grow
    return np.ones((side, side), np.uint8)


def _wash(ground: np.ndarray, mask: np.ndarray, box: Box, dpi: int) -> GreyWash | None:
    """A mark found on the ground (mask in box): its factor, the ground under it over the
    ground just round it, and its mask grown back by what taking the ground shrank it
    (half of GROUND_MM) and its blurred edge (EDGE_PX); None where its ink is not a
    highlighter's (its factor out of DARKEST-LIGHTEST, its ground uneven)."""
    h, w = ground.shape
    grow = _window(dpi, EDGE_PX)
    reach = len(grow)
    x0, y0, x1, y1 = box
    bx0, by0 = max(0, x0 - reach), max(0, y0 - reach)
    bx1, by1 = min(w, x1 + reach), min(h, y1 + reach)
    core = np.zeros((by1 - by0, bx1 - bx0), np.uint8)
    core[y0 - by0 : y1 - by0, x0 - bx0 : x1 - bx0] = mask
    grown = cv2.dilate(core, grow)
    ring = cv2.dilate(grown, grow) & ~grown
    area = ground[by0:by1, bx0:bx1]
    levels = area[core > 0].astype(np.float32)
    under = float(np.median(levels))
    around = float(np.median(area[ring > 0])) if ring.any() else float(area.max())
    factor = min(1.0, under / max(around, 1.0))
    even = np.mean(np.abs(levels - under) <= LEVEL * under)
    if not DARKEST <= factor <= LIGHTEST or even < EVEN:
        return None
    mask = np.where(core > 0, CORE, grown * RIM).astype(np.uint8)
    return GreyWash(mask, (bx0, by0, bx1, by1), factor)


def ungreywashed(grey: np.ndarray, washes: list[GreyWash], dpi: int) -> np.ndarray:
    """grey with each mark divided by its factor. On its edge a pixel is lifted no lighter
    than the ground beside it once lifted (a fill's edge stays as it was)."""
    if not washes:
        return grey
    out = grey.copy()
    for wash in washes:
        x0, y0, x1, y1 = wash.box
        area = grey[y0:y1, x0:x1].astype(np.float32)
        ground = _ground(grey[y0:y1, x0:x1], dpi)
        lifted_ground = np.where(wash.mask == CORE, ground / wash.factor, ground)
        ceiling = cv2.dilate(lifted_ground.astype(np.float32), _window(dpi))
        lifted = np.minimum(area / wash.factor, ceiling)
        out[y0:y1, x0:x1] = np.where(
            wash.mask > 0, np.clip(lifted, 0, 255), out[y0:y1, x0:x1]
        ).astype(np.uint8)
    return out
