"""What is on a scanned sheet besides its print: a noisy scan's dust, and marks made on the
printed page (a receipt stamp's ring, a pen's tick), which join the lines they cross and
fill the white corridors between columns, taken out of the page's ink before tables
printed without rules are looked for; and round stamps, taken off the picture before
anything is read. A receipt stamp in a page's top corner was read as print: its 受付 and
date went into the rating of the row above it, and over a table's header the table was
not found."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.raster import binarize

SPECK_PT = 1.0  # a blob of ink smaller than this a side is dust (a 。 is 2.5 pt)
# Off the rules (straight runs RULE_GLYPHS glyph heights long), a blob at least MARK_GLYPHS
# glyph heights tall and wide is a mark made on the page (a stamp, a tick); a glyph's
# height is the GLYPH_SHARE percentile of the blobs' heights (a glyph's parts count less).
MARK_GLYPHS, RULE_GLYPHS, GLYPH_SHARE = 2.5, 6.0, 75
# Round stamps: STAMP_MM across (a receipt stamp: 18-30 mm; a ○ symbol is 3-4 mm), looked
# for on a copy FIND the size; their ring inked on RING_COVER of ANGLES angles within
# RING_PX of the circle, paper on all but OUTSIDE of them a quarter radius further out.
STAMP_MM, FIND = (10.0, 40.0), 0.25
ANGLES, RING_PX, RING_COVER, OUTSIDE = 180, 3, 0.9, 0.35
# OpenCV's Hough transform for circles (HOUGH_GRADIENT_ALT): its accumulator at 1/HOUGH_DP
# of the copy's pixels, its edge threshold, and how whole a circle must be (0-1): loose,
# for the ring is checked on the picture itself
HOUGH_DP, HOUGH_EDGE, HOUGH_WHOLE = 1.5, 100, 0.6
# The copy places a circle within a pixel of it, FIND⁻¹ of the picture's: its middle and
# radius are tried this many pixels either way on the picture
STEPS_PX = (-3, 0, 3)
# A stamp TONE_GAP grey levels lighter than the print (the PRINT_SHARE percentile of the
# page's ink: its strokes' cores) is lifted off it: what is no darker than its ink less
# CUT and darker than the ground by HALO, its blurred rim too; a dark stamp's ring, RIM_PX
# around it too, is made the ground: the picture closed over GROUND_PX, so strokes (a
# stamp's text: 2-3 px) go and a shading stays. (A median over a stamp's lines of text
# was no paper: their ghosts stayed, and a rating under them was lost.)
PRINT_SHARE, TONE_GAP, CUT, HALO, GROUND_PX, RIM_PX = 5, 50, 25, 12, 9, 2
_NEAR = [(dx, dy, dr) for dx in STEPS_PX for dy in STEPS_PX for dr in STEPS_PX]
_RIM = np.ones((2 * RIM_PX + 1,) * 2, np.uint8)
_GROUND = np.ones((GROUND_PX, GROUND_PX), np.uint8)


def despeckled(ink: np.ndarray, scale: float) -> np.ndarray:
    """ink without specks (a noisy scan's dust), which would fill a corridor: blobs
    smaller than SPECK_PT a side."""
    _, labels, stats, _ = blobs(ink)
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
    count, _, stats, _ = blobs(ink)
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
    _, labels, stats, _ = blobs(rest)
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


@dataclass(frozen=True)
class Stamp:
    """A round stamp on the sheet, in the picture's pixels."""

    x: float
    y: float
    radius: float  # to the middle of its ring
    ring: float  # its ring's width
    light: float  # print under it darker than this is kept; 0: a stamp as dark as print


def stamps(grey: np.ndarray, dpi: int) -> list[Stamp]:
    """The round stamps on a scanned sheet (a receipt stamp: 受付, a date, a section's
    name): circles of ink STAMP_MM across, found on a copy FIND the size (OpenCV's Hough
    transform), whose ring has ink all round (RING_COVER of it) and paper just outside
    (a circle Hough finds in a paragraph's print has neither)."""
    small = cv2.resize(grey, None, fx=FIND, fy=FIND, interpolation=cv2.INTER_AREA)
    px = dpi * FIND / 25.4
    least, most = (round(mm / 2 * px) for mm in STAMP_MM)
    blurred = cv2.GaussianBlur(small, (3, 3), 0)
    found = cv2.HoughCircles(
        blurred,
        cv2.HOUGH_GRADIENT_ALT,
        HOUGH_DP,
        2 * least,
        param1=HOUGH_EDGE,
        param2=HOUGH_WHOLE,
        minRadius=least,
        maxRadius=most,
    )
    if found is None:
        return []
    ink = binarize(grey) > 0
    if not ink.any():
        return []
    print_tone = float(np.percentile(grey[ink], PRINT_SHARE))
    out = []
    for cx, cy, r in found[0] / FIND:
        fits = [
            (profile, (cx + dx, cy + dy, r + dr))
            for dx, dy, dr in _NEAR
            if (profile := _radial(grey, ink, cx + dx, cy + dy, r + dr)) is not None
        ]
        if not fits:
            continue
        # the fit whose ring is thinnest lies along it
        (ring, tone), (x, y, radius) = min(fits, key=lambda fit: fit[0][0])
        light = tone - CUT if tone - print_tone >= TONE_GAP else 0.0
        out.append(Stamp(float(x), float(y), float(radius), ring, light))
    return out


def _radial(
    grey: np.ndarray, ink: np.ndarray, cx: float, cy: float, r: float
) -> tuple[float, float] | None:
    """A circle's ring width and its ink's grey (the median, over its angles, of the
    darkest pixel across the ring), or None where it is no stamp's ring: ink on fewer than
    RING_COVER of its angles, or on more than OUTSIDE of them a quarter of its radius
    further out."""
    h, w = grey.shape
    angles = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)
    reach = np.arange(-RING_PX, RING_PX + 1)
    radii = r + reach[:, None]
    xs = np.clip((cx + radii * np.cos(angles)).astype(int), 0, w - 1)
    ys = np.clip((cy + radii * np.sin(angles)).astype(int), 0, h - 1)
    across = ink[ys, xs]  # (offsets, angles)
    if across.any(axis=0).mean() < RING_COVER:
        return None
    far = 1.25 * r
    fx = np.clip((cx + far * np.cos(angles)).astype(int), 0, w - 1)
    fy = np.clip((cy + far * np.sin(angles)).astype(int), 0, h - 1)
    if ink[fy, fx].mean() > OUTSIDE:
        return None
    width = float(np.median(across.sum(axis=0)))
    tone = float(np.median(grey[ys, xs].min(axis=0)))
    return width, tone


def unstamped(grey: np.ndarray, found: list[Stamp]) -> np.ndarray:
    """grey with each stamp taken off: its ring, and what it printed inside the ring,
    made the ground around it (paper, or a header's shading).
    A stamp lighter than the print (red or blue ink, scanned grey) is lifted off the
    print under it: within the ring, whatever is darker than the ground but no darker than
    the stamp's ink less CUT goes. Of a stamp as dark as the print only the ring goes: a
    ring drawn by hand round a word, in pen, is as dark, and the print inside it stays."""
    if not found:
        return grey
    out = grey.copy()
    rows, cols = np.ogrid[: grey.shape[0], : grey.shape[1]]
    for s in found:
        reach = s.radius + s.ring / 2 + RIM_PX + max(STEPS_PX)  # (as near as it was fitted)
        y0, y1 = max(0, int(s.y - reach)), int(s.y + reach) + 1
        x0, x1 = max(0, int(s.x - reach)), int(s.x + reach) + 1
        dist = np.sqrt((rows[y0:y1] - s.y) ** 2 + (cols[:, x0:x1] - s.x) ** 2)
        area = out[y0:y1, x0:x1]
        if s.light:
            lifted(area, dist <= reach, s.light)
            continue
        # its ring alone
        band = (np.abs(dist - s.radius) <= reach - s.radius) & (binarize(area) > 0)
        ring = cv2.dilate(band.astype(np.uint8), _RIM) > 0
        area[ring] = cv2.morphologyEx(area, cv2.MORPH_CLOSE, _GROUND)[ring]
    return out


def lifted(area: np.ndarray, within: np.ndarray, light: float) -> None:
    """A stamp lighter than the print lifted off it, in place: within its reach, what
    is darker than the ground (the area closed over GROUND_PX) by HALO and no darker than
    light (the stamp's ink less CUT) is made the ground; darker print stays."""
    ground = cv2.morphologyEx(area, cv2.MORPH_CLOSE, _GROUND)
    off = within & (area >= light) & (area.astype(int) < ground - HALO)
    area[off] = ground[off]
