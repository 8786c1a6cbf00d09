"""Box stamps on a grey scan (a receipt stamp ruled in three: 受付, a date, a section's
name), taken off the picture before anything is read.

Pressed in red or blue ink and scanned grey, a box stamp is print a tone lighter than the
page's: its frame was a small table's rules and its text print. Over a table it split the
columns of an unruled one and its 受付 and date were read into the ratings under it (grey
scans of seven Writer and Calc prints, two ways, 3 pages each: 1-14 errors a scan, rows
lost on seven). Round stamps are found by their ring (sheet_marks.py); a box by its
sides: straight strokes of one ink lighter than the print, broken where print crosses
them, two facing each other and the two across them outlining a rectangle BOX_MM across.
A clerk presses a stamp by hand, a little turned from the print's lines: a box, a grid's
cell or a rule printed pale (or blurred pale) lies along them, and a table's cell has
rules that run on past its corners. Its frame must be inked all round, with next to none
of its tone just outside it or just inside (a pale filled box is no frame). What is
lighter than the print is lifted off it as a round stamp's is (sheet_marks.lifted), but
for the print's rules that cross it (_ruled): the print under the stamp stays, but for
thin print in the stamp's own grey under its text (a rating's ○ may go with it, an error
on its row). A box as dark as the print stays: it may be print (a frame drawn round a note)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.raster import binarize, sideways, skew_of
from hotplan.sources.ocr.rule_pieces import Box
from hotplan.sources.ocr.sheet_marks import CUT, PRINT_SHARE, RIM_PX, lifted

# A stamp's frame outlines a rectangle BOX_MM across (its long side, its short side): a
# receipt stamp is 25-50 × 12-25 mm; a rating symbol 4.
BOX_MM = ((12.0, 80.0), (8.0, 50.0))
# Its frame is at least TONE_GAP grey levels lighter than the print's strokes (the
# sheet_marks.PRINT_SHARE percentile of the page's ink; red ink scanned grey: 50-80 on a
# blurred scan, whose thin strokes are pale too); its tone is ink at least half that
# lighter, in strokes LINE_MM thick at least (the blurred edges of black print are a
# pixel wide), in pieces HOUGH_MM long at least (a glyph's are shorter).
TONE_GAP, LINE_MM = 35, 0.35
# Its sides: straight lines of that tone HOUGH_MM long at least, broken by print across
# them for up to BRIDGE_MM (looked for on a copy HOUGH_SCALE the size: the transform's
# work is its pixels'), TURN degrees of level or upright at most (a clerk's hand), two
# facing sides PARALLEL; a side across reaches REACH of the way from one to the other.
# Of sides along one line, DISTINCT_DEG and DISTINCT_PX apart at most, the longest.
HOUGH_MM, BRIDGE_MM, HOUGH_SCALE, TURN, PARALLEL, REACH = 6.0, 3.0, 0.5, 12.0, 2.5, 0.5
DISTINCT_DEG, DISTINCT_PX = 1.0, 4.0
# A side is sampled at STROKE_POINTS points: a stroke of ink on COVER of them, with paper
# CLEAR_MM beyond it either side on CLEAR of them (print crossing it aside; a line of text
# has ink above and below the line the transform found through it).
STROKE_POINTS, CLEAR_MM, CLEAR = 24, 0.6, 0.4
# A stamp is turned at least TURNED degrees from the print's lines.
TURNED = 0.6
# The frame: its sides sampled at SIDE_POINTS points, inked (any tone) within FRAME_MM of
# the rectangle on COVER of them; the stamp's tone BESIDE_MM outside the frame at no more
# than OUTSIDE of them, inside it at no more than FILLED; fewer than RUN_ON of its sides
# run on past a corner (inked on COVER of BESIDE_MM to three times that past it).
SIDE_POINTS, FRAME_MM, COVER = 60, 0.4, 0.9
BESIDE_MM, OUTSIDE, FILLED, RUN_ON = 1.5, 0.15, 0.5, 2
# Taking it off, the print's rules that cross it stay: straight runs of ink RUN_MM long
# that go on RUN_MM past its frame.
RUN_MM = 5.0
SOLID_PX = 7  # a shaded area, solid this far across, is no rule (a stamp's frame: 4)


@dataclass(frozen=True)
class BoxStamp:
    """A box stamp on the sheet: its frame's corners (the middle of its lines, in the
    picture's pixels), its frame's reach beyond them, and the grey lifted off."""

    corners: np.ndarray  # 4 × 2, float
    rim: float
    light: float


def box_stamps(grey: np.ndarray, dpi: int) -> list[BoxStamp]:
    """The box stamps on a grey picture: frames in a tone lighter than the print. Its
    sides are found as straight lines of the stamp's tone (OpenCV's probabilistic Hough
    transform), broken where print crosses them; two sides facing each other BOX_MM
    apart, and two across between them, are a frame to try, the largest first."""
    ink = binarize(grey) > 0
    if not ink.any():
        return []
    print_tone = float(np.percentile(grey[ink], PRINT_SHARE))
    mm = dpi / 25.4
    tone = (ink & (grey >= print_tone + TONE_GAP / 2)).astype(np.uint8)
    line = max(2, round(LINE_MM * mm))
    tone = cv2.morphologyEx(tone, cv2.MORPH_OPEN, np.ones((line, line), np.uint8))
    _, labels, stats, _ = blobs(tone)
    long = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= HOUGH_MM * mm
    long[0] = False
    tone = long[labels].astype(np.uint8)  # a glyph's pieces are shorter than a side
    small = cv2.resize(
        tone * 255, None, fx=HOUGH_SCALE, fy=HOUGH_SCALE, interpolation=cv2.INTER_AREA
    )
    px = mm * HOUGH_SCALE
    segments = cv2.HoughLinesP(
        (small > 0).astype(np.uint8),
        1,
        np.pi / 360,
        round(HOUGH_MM * px),
        None,
        HOUGH_MM * px,
        BRIDGE_MM * px,
    )
    if segments is None:
        return []
    segments = _distinct(segments.reshape(-1, 4).astype(float) / HOUGH_SCALE)
    segments = segments[_stroked(segments, grey, ink, mm) - print_tone >= TONE_GAP]
    if not len(segments):
        return []
    turns = np.array([_fitted(segment, tone) for segment in segments])
    if not _rectangles(segments, turns, mm):
        return []  # (no frame: the print's lines need not be measured)
    # pressed by hand, its sides are turned from the print's lines
    lines = _lines(ink)
    turned = np.abs((turns - lines + 45) % 90 - 45) >= TURNED
    found: list[BoxStamp] = []
    for corners in _rectangles(segments[turned], turns[turned], mm):
        middle = tuple(map(float, corners.mean(axis=0)))
        if any(cv2.pointPolygonTest(s.corners, middle, False) >= 0 for s in found):
            continue  # a part of a stamp already found (between its inner rules)
        frame = _frame(grey, ink, tone, corners, mm)
        if frame is not None and frame - print_tone >= TONE_GAP:
            found.append(BoxStamp(corners, FRAME_MM * mm, frame - CUT))
    return found


def _distinct(segments: np.ndarray) -> np.ndarray:
    """The segments less those along the same line as a longer one (the transform finds a
    thick line several times over): one a DISTINCT_DEG and DISTINCT_PX bin of angle and
    offset from the picture's corner."""
    d = segments[:, 2:] - segments[:, :2]
    theta = np.arctan2(d[:, 1], d[:, 0]) % np.pi
    middle = (segments[:, :2] + segments[:, 2:]) / 2
    offset = middle[:, 1] * np.cos(theta) - middle[:, 0] * np.sin(theta)
    keys = np.stack([np.round(np.degrees(theta) / DISTINCT_DEG), np.round(offset / DISTINCT_PX)], 1)
    order = np.argsort(-np.hypot(d[:, 0], d[:, 1]))  # the longest first
    _, first = np.unique(keys[order], axis=0, return_index=True)
    return segments[order[first]]


def _fitted(segment: np.ndarray, tone: np.ndarray) -> float:
    """A segment's angle in degrees (0-180, clockwise on the picture), fitted to the
    stroke it was found on: its end points, whole pixels, place a short side's angle
    only within a degree or two, the stroke's pixels within a tenth."""
    x0, y0, x1, y1 = segment
    reach = 3
    left, top = int(max(0, min(x0, x1) - reach)), int(max(0, min(y0, y1) - reach))
    crop = tone[top : int(max(y0, y1)) + reach + 1, left : int(max(x0, x1)) + reach + 1]
    ys, xs = np.nonzero(crop)
    d = np.array([x1 - x0, y1 - y0]) / max(np.hypot(x1 - x0, y1 - y0), 1.0)
    near = np.abs((xs + left - x0) * d[1] - (ys + top - y0) * d[0]) <= reach
    if near.sum() < 2:
        return float(np.degrees(np.arctan2(d[1], d[0])) % 180)
    points = np.stack([xs[near] + left, ys[near] + top], 1).astype(np.float32)
    vx, vy, _, _ = cv2.fitLine(points, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    return float(np.degrees(np.arctan2(vy, vx)) % 180)


def _stroked(segments: np.ndarray, grey: np.ndarray, ink: np.ndarray, mm: float) -> np.ndarray:
    """Each segment's grey where it is one stroke of ink: the median, over STROKE_POINTS
    along it, of the darkest pixel within FRAME_MM across it; 255 (paper) where fewer
    than COVER of them are ink (a line of text, found by the transform across the gaps
    between its glyphs, is paper there; a frame is ink all along, print crossing it too)."""
    along = np.linspace(0.0, 1.0, STROKE_POINTS)[None, :, None]
    points = segments[:, None, :2] + along * (segments[:, None, 2:] - segments[:, None, :2])
    step = segments[:, 2:] - segments[:, :2]
    normal = (
        np.stack([-step[:, 1], step[:, 0]], 1)
        / np.maximum(np.hypot(step[:, 0], step[:, 1]), 1.0)[:, None]
    )[:, None, :]
    across = np.arange(-round(FRAME_MM * mm), round(FRAME_MM * mm) + 1)
    spots = _across(points, normal, across, grey.shape)
    inked = ink[spots].any(axis=2)  # segments × points
    darkest = grey[spots].min(axis=2).astype(float)
    tone = np.median(np.where(inked, darkest, np.nan), axis=1)
    far = across[-1] + round(CLEAR_MM * mm)
    clear = ~ink[_across(points, normal, np.array([-far, far]), grey.shape)].any(axis=2)
    stroke = (inked.mean(axis=1) >= COVER) & (clear.mean(axis=1) >= CLEAR) & np.isfinite(tone)
    return np.where(stroke, tone, 255.0)


def _lines(ink: np.ndarray) -> float:
    """The angle (degrees, as _fitted measures a side's) the print's lines lie at: its
    text lines and rules, or its columns on a page that lies on its side."""
    picture = ink.astype(np.uint8) * 255
    if sideways(picture):  # (transposed, a line's angle a is 90 - a)
        return -skew_of(np.ascontiguousarray(picture.T))
    return skew_of(picture)


def _rectangles(segments: np.ndarray, angle: np.ndarray, mm: float) -> list[np.ndarray]:
    """Rectangles (4 × 2 corners) the segments (x0, y0, x1, y1, at angle: degrees)
    outline, largest first: two sides TURN of level (or of upright) facing each other
    BOX_MM apart, closed by the outermost two sides across them that reach most of the
    way from one to the other, or where those were not found, where the two end."""
    (long_least, long_most), (short_least, _) = ((a * mm, b * mm) for a, b in BOX_MM)
    middles = (segments[:, :2] + segments[:, 2:]) / 2
    out = []
    for level in (0.0, 90.0):
        off = (angle - level + 90) % 180 - 90
        along = np.flatnonzero(np.abs(off) <= TURN)
        across = np.flatnonzero(np.abs((off + 180) % 180 - 90) <= TURN)
        if len(along) < 2 or not len(across):
            continue
        u0 = np.array([np.cos(np.radians(level)), np.sin(np.radians(level))])
        n0 = np.array([-u0[1], u0[0]])
        t = np.sort(np.stack([segments[along, :2] @ u0, segments[along, 2:] @ u0], 1), 1)
        m = middles[along] @ n0
        gap = np.abs(m[:, None] - m[None, :])
        facing = np.minimum(t[:, None, 1], t[None, :, 1]) - np.maximum(t[:, None, 0], t[None, :, 0])
        pairs = np.argwhere(
            np.triu(np.abs(off[along][:, None] - off[along][None, :]) <= PARALLEL, 1)
            & (gap >= short_least)
            & (gap <= long_most)
            & (facing >= short_least)
        )
        for i, j in pairs:
            turn = np.radians(level + (off[along[i]] + off[along[j]]) / 2)
            u = np.array([np.cos(turn), np.sin(turn)])
            n = np.array([-u[1], u[0]])
            ni, nj = sorted((middles[along[i]] @ n, middles[along[j]] @ n))
            ends = segments[along[[i, j]]].reshape(4, 2) @ u
            lo, hi = ends.min(), ends.max()
            tc = middles[across] @ u
            ends = np.sort(np.stack([segments[across, :2] @ n, segments[across, 2:] @ n], 1), 1)
            reach = np.minimum(ends[:, 1], nj) - np.maximum(ends[:, 0], ni)
            sides = tc[
                (tc >= lo - BRIDGE_MM * mm)
                & (tc <= hi + BRIDGE_MM * mm)
                & (reach >= REACH * (nj - ni))
            ]
            if len(sides) and sides.max() - sides.min() < short_least:
                sides = sides[:1]  # one side, found twice over (a thick line)
            # a side not found lies along print (a glyph's stroke, a rule) or is short:
            # the two sides found end there
            if not len(sides):
                sides = np.array([lo, hi])
            elif len(sides) == 1:
                sides = np.append(sides, lo if hi - sides[0] < sides[0] - lo else hi)
            left, right = sides.min(), sides.max()
            wide = sorted((right - left, nj - ni))
            if wide[0] < short_least or not long_least <= wide[1] <= long_most:
                continue
            corners = [a * u + b * n for a, b in ((left, ni), (right, ni), (right, nj), (left, nj))]
            out.append(np.array(corners, np.float32))
    return sorted(out, key=lambda c: -cv2.contourArea(c))


def _frame(
    grey: np.ndarray, ink: np.ndarray, tone: np.ndarray, corners: np.ndarray, mm: float
) -> float | None:
    """The grey of a rectangle's frame (the median of the darkest pixel across it), or
    None where it is no stamp's frame: inked on less than COVER of its sides, its sides
    running on past its corners, or in the stamp's tone beside it, outside (more than
    OUTSIDE) or inside (more than FILLED)."""
    middle = corners.mean(axis=0)
    along = np.linspace(0.0, 1.0, SIDE_POINTS)[:, None]
    across = np.arange(-round(FRAME_MM * mm), round(FRAME_MM * mm) + 1)
    beside = BESIDE_MM * mm
    darkest, covered, outside, inside = [], [], [], []
    runs = 0  # sides whose line runs on past a corner
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        length = max(float(np.hypot(*(b - a))), 1.0)
        unit = (b - a) / length
        normal = np.array([-unit[1], unit[0]])
        if np.dot((a + b) / 2 - middle, normal) < 0:
            normal = -normal  # outward
        side = a + along * (b - a)  # SIDE_POINTS × 2
        spots = _across(side, normal, across, grey.shape)
        covered.append(ink[spots].any(axis=1))
        darkest.append(grey[spots].min(axis=1))
        past = np.linspace(beside, 3 * beside, 6)[:, None] * unit
        for end in (b + past, a - past):
            runs += ink[_across(end, normal, across, grey.shape)].any(axis=1).mean() >= COVER
        inner = side[SIDE_POINTS // 10 : -SIDE_POINTS // 10]  # clear of the corners
        outside.append(tone[_across(inner, normal, np.array([beside]), grey.shape)] > 0)
        inside.append(tone[_across(inner, normal, np.array([-beside]), grey.shape)] > 0)
    on = np.concatenate(covered)
    if on.mean() < COVER or runs >= RUN_ON:
        return None
    if np.concatenate(outside).mean() > OUTSIDE or np.concatenate(inside).mean() > FILLED:
        return None
    return float(np.median(np.concatenate(darkest)[on]))


def _across(
    points: np.ndarray, normal: np.ndarray, offsets: np.ndarray, shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """The pixels (rows, columns: an index into a picture of shape) offsets along normal
    from each of points (..., 2, x and y), within the picture: shape (..., offsets)."""
    spots = points[..., None, :] + offsets[:, None] * normal[..., None, :]
    rows = np.clip(spots[..., 1].astype(int), 0, shape[0] - 1)
    return rows, np.clip(spots[..., 0].astype(int), 0, shape[1] - 1)


def unboxed(grey: np.ndarray, found: list[BoxStamp], dpi: int) -> np.ndarray:
    """grey (at dpi) with each box stamp lifted off the print under it:
    within its frame, and the frame's blurred rim, what is darker than the ground and no
    darker than the stamp's ink less CUT is made the ground (sheet_marks.lifted), but
    the print's rules that cross it (_ruled)."""
    if not found:
        return grey
    out = grey.copy()
    mm = dpi / 25.4
    for stamp in found:
        run = round(RUN_MM * mm)
        x0, y0, x1, y1 = stamp_box(stamp, grey.shape, 2 * run)
        within = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(within, [np.round(stamp.corners - (x0, y0)).astype(np.int32)], 1)
        reach = 2 * round(stamp.rim + RIM_PX) + 1
        within = cv2.dilate(within, np.ones((reach, reach), np.uint8)) > 0
        area = out[y0:y1, x0:x1]
        beyond = cv2.dilate(within.astype(np.uint8), np.ones((run, run), np.uint8)) == 0
        lifted(area, within & ~_ruled(area, beyond, run), stamp.light)
    return out


def _ruled(area: np.ndarray, beyond: np.ndarray, run: int) -> np.ndarray:
    """The print's rules that cross a stamp: straight runs of ink run long, level or
    upright, that reach beyond it (the stamp's own sides end at its frame). Blurred thin,
    they are as pale as the stamp's ink."""
    ink = binarize(area)
    # (a fill the threshold took for ink is no rule: a stamp over it would be kept)
    ink &= ~cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((SOLID_PX, SOLID_PX), np.uint8))
    ruled = np.zeros(area.shape, bool)
    for shape in ((1, run), (run, 1)):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones(shape, np.uint8))
        _, labels, _, _ = blobs(lines)
        crossing = np.unique(labels[(lines > 0) & beyond])
        ruled |= np.isin(labels, crossing[crossing > 0])
    return cv2.dilate(ruled.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0


def stamp_box(stamp: BoxStamp, shape: tuple[int, ...], margin: int = 0) -> Box:
    """Where a box stamp stood, its frame's rim (and margin px) included, within the
    picture."""
    reach = stamp.rim + RIM_PX + 1 + margin
    x0, y0 = np.floor(stamp.corners.min(axis=0) - reach).astype(int)
    x1, y1 = np.ceil(stamp.corners.max(axis=0) + reach).astype(int)
    return max(0, x0), max(0, y0), min(shape[1], x1), min(shape[0], y1)
