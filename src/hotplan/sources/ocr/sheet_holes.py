"""Holes punched in the sheet to file it in a binder, made paper on a scanned page. An
automatic feeder scans them against its dark backing: round, solid, dark disks by the
binding edge, which Tesseract's page layout reads as glyphs (`と`, `トス`) and which,
punched through a table printed near the edge, join its rules and its number cells.

A hole is solid ink at least HOLE_MM[0] across in every direction (no stroke of print
is), as round as a disk, at most HOLE_MM[1] across, within EDGE_MM of an edge. A round
bullet or symbol printed that large stands among the print, not by the edge."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs

FIND = 0.25  # holes are looked for on a copy this size
# Darker than this share of the paper's brightness: a feeder's backing (black or grey)
DARK = 0.65
HOLE_MM = (4.5, 9.0)  # a binder hole's diameter: 5.5-6 mm (ISO 838, JIS), 8 mm at most
EDGE_MM = 30.0  # a hole's middle lies this near the sheet's edge (ISO 838: 12 mm)
ROUND = 0.2  # how far a hole's width and height may part, as a share of the larger
# A disk fills π/4 of its box (on the small copy, its pixels make that 0.74-0.84); a blob
# with gaps fills it less. Its box's corners, CORNER of its radius off its middle along
# each diagonal, are paper (a square's are ink) at 3 of the 4 at least.
FILL, CORNER = (0.7, 0.9), 0.8
RIM_PX = 3  # px beyond a hole's edge made paper with it: the blurred rim of its shadow


@dataclass(frozen=True)
class Hole:
    x: float  # its middle, in the picture's pixels
    y: float
    radius: float


def punched(grey: np.ndarray, dpi: int) -> list[Hole]:
    """The binder holes on a scanned sheet (grey, at dpi), found on a copy FIND the size."""
    small = cv2.resize(grey, None, fx=FIND, fy=FIND, interpolation=cv2.INTER_AREA)
    paper = float(np.median(small))
    dark = np.where(small < DARK * paper, 255, 0).astype(np.uint8)
    px = dpi * FIND / 25.4  # the copy's pixels per mm
    least, most = (round(mm * px) for mm in HOLE_MM)
    size = max(3, round(0.8 * least)) | 1
    solid = cv2.morphologyEx(
        dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    )
    count, _, stats, centres = blobs(solid)
    sh, sw = solid.shape
    edge = EDGE_MM * px
    holes = []
    for (x, y, w, h, area), (cx, cy) in zip(stats[1:count], centres[1:count], strict=True):
        if not (least <= min(w, h) and max(w, h) <= most):
            continue
        if abs(w - h) > ROUND * max(w, h) or not FILL[0] <= area / (w * h) <= FILL[1]:
            continue
        if x == 0 or y == 0 or x + w >= sw or y + h >= sh:
            continue  # cut by the picture's edge: a border's part (raster.unbordered)
        if min(cx, cy, sw - cx, sh - cy) > edge:
            continue
        hole = Hole(float(cx) / FIND, float(cy) / FIND, (w + h) / 4 / FIND)
        if _round(grey, hole, DARK * paper):
            holes.append(hole)
    return holes


def _round(grey: np.ndarray, hole: Hole, dark: float) -> bool:
    """Are the corners of hole's box paper, as a disk's are (a square's are ink)?"""
    h, w = grey.shape
    reach = CORNER * hole.radius
    paper = 0
    for dx, dy in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
        x = min(w - 2, max(1, round(hole.x + dx * reach)))
        y = min(h - 2, max(1, round(hole.y + dy * reach)))
        paper += float(np.median(grey[y - 1 : y + 2, x - 1 : x + 2])) >= dark
    return paper >= 3


def unpunched(grey: np.ndarray, holes: list[Hole]) -> np.ndarray:
    """grey with each hole and its rim made paper; grey itself where there are none."""
    if not holes:
        return grey
    paper = int(np.median(grey))
    out = grey.copy()
    rows, cols = np.ogrid[: grey.shape[0], : grey.shape[1]]
    for hole in holes:
        reach = hole.radius + RIM_PX
        y0, y1 = max(0, int(hole.y - reach)), int(hole.y + reach) + 1
        x0, x1 = max(0, int(hole.x - reach)), int(hole.x + reach) + 1
        inside = (rows[y0:y1] - hole.y) ** 2 + (cols[:, x0:x1] - hole.x) ** 2 <= reach**2
        out[y0:y1, x0:x1][inside] = paper
    return out
