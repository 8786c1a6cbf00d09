"""A rating symbol read by its shape, not by OCR: Tesseract never prints ○ (it gives 〇, O,
©, `)`), and one cell holds one symbol, so its outline tells which.

The ink's outer contour is simplified to a polygon: three corners is a triangle, four a
square, a round outline (isoperimetric ratio near 1) a circle; a hole makes it white (○ △
□), a ring inside a ring is ◎, and two crossing strokes are ×. A shape thin print lost
pieces of (Mincho's ○ scanned black and white: arcs, crumbs, a C with no hole) is put
together from its pieces, and doubtful. Anything else is doubtful and left to the
reviewer with the cell's picture."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.grid import RULE_MAX_PT

MIN_INK_PT = 2.5  # a blob smaller than this on both sides is dust, not a symbol
SURE_INK_PT = 4.5  # … and one smaller than this, a piece of one at most: never sure
ROUND = 0.80  # isoperimetric ratio 4πA/P² above which an outline is a circle (1.0: perfect)
ROUND_DOUBT = 0.70
# ink ÷ pixels inside the outline below which a shape with a hole is white (a small △
# with 4-pixel strokes scanned 0.8); a solid shape is 1.0, less a speck of paper
HOLLOW = 0.92  # between this and ROUND: a circle, but doubtful
# A hole this large a share of its outline's area, as round as a circle and filling this
# much of its box (a circle's 0.79; a blurred triangle's hole 0.58, a square's near 1.0),
# makes a ring of a shape whose outline a speck widened.
HOLE_SHARE, ROUND_HOLE_EXTENT = 0.2, (0.65, 0.85)
PIECED = ("○", "△", "□")  # hollow shapes an outline around broken pieces may show
RING_FIT, RING_AROUND = 0.08, 2 / 3  # pieces on one circle (_on_a_ring)
OUTLINE_DEPTH, OUTLINE_SHARE = 0.2, 0.9  # pieces along their hull's edge (_along)
# Pieces of a symbol too small to count alone: more pixels than a speck of grain, and
# together this share of the counted blobs' ink at least (_pieces_around).
SPECK_PX, PIECE_SHARE, REACH = 2, 0.25, 1.5
REACH_PT = 8.0  # a table's symbol is printed this large or larger: its pieces lie this near
# Crumbs (_crumbs): specks enough, with no piece large enough to count, to be a ring's
# remains, on a circle no wider than a table's symbol is printed.
CRUMBS, SYMBOL_MAX_PT = 3, 16.0
# A symbol is about as wide as tall: ink this many times wider than tall (or taller than
# wide) is part of one (a ring's bottom arc, its sides dropped), not a shape to judge.
SHAPE_ASPECT = 2.0
# A mark round another this small a share of its box is a pen ring, no ◎ (whose inner
# ring's box is a quarter of its outer's, or more): a reader's ring round a ○, 70 × 52 px
# at 200 dpi round 22 × 22, is 0.13.
RING_INNER = 0.2


@dataclass(frozen=True)
class Symbol:
    text: str  # "" for an empty cell
    doubtful: bool
    box: tuple[int, int, int, int] | None = None  # the symbol's ink, in the crop's pixels


def _outline(contour: np.ndarray) -> tuple[int, float, float]:
    """Corners of the simplified outline, how round it is (4πA/P²: circle 1.0, square
    0.79, triangle 0.60), and how much of its bounding box it fills (circle 0.79, square
    1.0, triangle 0.5)."""
    perimeter = cv2.arcLength(contour, True)
    area = cv2.contourArea(contour)
    corners = len(cv2.approxPolyDP(contour, 0.04 * perimeter, True))
    _, _, w, h = cv2.boundingRect(contour)
    roundness = (4 * math.pi * area / perimeter**2) if perimeter else 0.0
    return corners, roundness, area / max(1, w * h)


def read_symbol(ink: np.ndarray, scale: float) -> Symbol:
    """The symbol in a cell's ink (255 = ink; scale: points per pixel)."""
    least, thin = MIN_INK_PT / scale, RULE_MAX_PT / scale
    count, labels, stats, _ = blobs(ink)
    height, width = ink.shape
    marks = [i for i in range(1, count) if not _rule_stub(stats[i], width, height, thin)]
    # A mark larger than a table's symbol is printed (a reader's pen ring round a symbol,
    # within the cell or crossing the rule into the next row) is none of the symbol
    # printed inside the cell: the symbol is read without it, and doubtful; with none,
    # the cell is empty (a row's part carried over to the next page), and doubtful.
    # (A symbol itself may touch the edge: a cell's top is cut close above it.)
    largest = SYMBOL_MAX_PT / scale
    inside = [i for i in marks if not _foreign(i, stats, marks, (width, height), largest)]
    if len(inside) == len(marks):
        return _read(labels, stats, marks, scale)
    if any(max(stats[i][2:4]) >= least for i in inside):
        return replace(_read(labels, stats, inside, scale), doubtful=True)
    return Symbol("", True)


def _read(labels: np.ndarray, stats: np.ndarray, marks: list[int], scale: float) -> Symbol:
    """The symbol the marks (connected components of a cell's ink) make."""
    least = MIN_INK_PT / scale
    blobs = [i for i in marks if max(stats[i][2], stats[i][3]) >= least]
    if not blobs:
        return _crumbs(labels, stats, marks, scale)
    box = _extent(stats, blobs)
    small = [i for i in marks if i not in blobs]
    pieces = _pieces_around(stats, small, blobs, box, REACH_PT / scale)
    if pieces:  # a symbol broken into pieces, most of them too small to count alone
        kept = [*blobs, *pieces]
        return _broken(np.isin(labels, kept), _extent(stats, kept))
    if len(blobs) > 1:  # ◎'s two rings are one blob only if they touch; else two nested
        several = _several(blobs, stats, labels, box)
        return several if several.text != "?" else _broken(np.isin(labels, blobs), box)
    wide, tall = box[2] - box[0], box[3] - box[1]
    if max(wide, tall) > SHAPE_ASPECT * max(1, min(wide, tall)):
        # one stroke left whole (a triangle's base, thicker than its sides): the crumbs
        # around it, however little ink, are the rest of the outline (its apex)
        rest = _pieces_around(stats, small, blobs, box, REACH_PT / scale, share=0.0)
        if rest:
            kept = [*blobs, *rest]
            return _broken(np.isin(labels, kept), _extent(stats, kept))
        return Symbol("?", True, box)
    if max(wide, tall) < SURE_INK_PT / scale:  # a ring's one arc a B/W scan left
        return replace(_one(labels == blobs[0], box), doubtful=True)
    return _one(labels == blobs[0], box)


def _extent(stats: np.ndarray, ids: list[int]) -> tuple[int, int, int, int]:
    """The box around the connected components ids (x0, y0, x1, y1)."""
    x0 = min(int(stats[i][0]) for i in ids)
    y0 = min(int(stats[i][1]) for i in ids)
    x1 = max(int(stats[i][0] + stats[i][2]) for i in ids)
    y1 = max(int(stats[i][1] + stats[i][3]) for i in ids)
    return x0, y0, x1, y1


def _one(blob: np.ndarray, box: tuple) -> Symbol:
    """The symbol one blob of ink is, by its outline and holes."""
    mask = np.where(blob, 255, 0).astype(np.uint8)
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    outer = max(contours, key=cv2.contourArea)
    corners, roundness, extent = _outline(outer)
    tree = hierarchy[0] if hierarchy is not None else []
    holes = [c for c, h in zip(contours, tree, strict=True) if h[3] >= 0]
    # ink against the pixels its outline holds (not the outline's polygon area, which
    # leaves out half the outline's own pixels: a small △ with 4-pixel strokes, its
    # hole a fifth of it, filled 0.92 of that, as solid as a ▲)
    inside = cv2.drawContours(np.zeros_like(mask), [outer], -1, 255, cv2.FILLED)
    fill = cv2.countNonZero(mask) / max(1, cv2.countNonZero(inside))
    hollow = bool(holes) and fill < HOLLOW
    symbol = _judge(corners, roundness, extent, hollow, box)
    if hollow and symbol.text in ("△", "□", "?") and _round_hole(holes, cv2.contourArea(outer)):
        # A ring a speck or a neighbour's stroke joined (a legend's ○ run into its colon's
        # dot) fills its widened box as a triangle does, or as no shape; its hole is round.
        return Symbol("○", True, box)
    if symbol.doubtful and symbol.text in ("×", "?") and not _crossed(mask, box):
        # An outline open where thin print broke it (a ring as a C, a triangle without
        # a side): no hole, and no strokes crossing at its middle as a ×'s do.
        return _broken(mask > 0, box)
    return symbol


def _crossed(mask: np.ndarray, box: tuple) -> bool:
    """Is there ink at the middle of box (where a ×'s strokes cross)?"""
    x, y = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    return bool(mask[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2].any())


def _round_hole(holes: list[np.ndarray], outer_area: float) -> bool:
    """Is the largest hole round and filling its box as a circle does (not a triangle's,
    0.5, nor a square's, 1.0), and more than dust's pinhole in the ink?"""
    hole = max(holes, key=cv2.contourArea)
    if cv2.contourArea(hole) < HOLE_SHARE * outer_area:
        return False
    _, roundness, extent = _outline(hole)
    return roundness >= ROUND and ROUND_HOLE_EXTENT[0] <= extent <= ROUND_HOLE_EXTENT[1]


def _rule_stub(stat: np.ndarray, width: int, height: int, thin: float) -> bool:
    """A thin line of ink along the cell's edge: what is left of a rule or a fill's rim
    (a symbol stands inside its cell)."""
    return _touches(stat, width, height) and min(int(stat[2]), int(stat[3])) <= thin


def _foreign(
    i: int, stats: np.ndarray, marks: list[int], size: tuple[int, int], largest: float
) -> bool:
    """Is mark i none a printed symbol makes: one that crosses the cell's top or foot
    wider than a symbol is printed, or its side taller than one (a symbol joined to a
    speck at the edge is neither), or one larger than a symbol both ways round a mark
    far smaller (a pen ring round the symbol; a ◎'s inner ring is a quarter of it)?"""
    x, y, w, h = (int(v) for v in stats[i][:4])
    ends, sides = _edges(stats[i], *size)
    if (ends and w > largest) or (sides and h > largest):
        return True
    return min(w, h) > largest and any(
        j != i
        and x <= stats[j][0]
        and y <= stats[j][1]
        and stats[j][0] + stats[j][2] <= x + w
        and stats[j][1] + stats[j][3] <= y + h
        and stats[j][2] * stats[j][3] <= RING_INNER * w * h
        for j in marks
    )


def _touches(stat: np.ndarray, width: int, height: int) -> bool:
    """Does a connected component reach the cell's edge?"""
    return any(_edges(stat, width, height))


def _edges(stat: np.ndarray, width: int, height: int) -> tuple[bool, bool]:
    """Does a connected component reach the cell's top or foot, and its left or right?"""
    x, y, w, h = (int(v) for v in stat[:4])
    return y == 0 or y + h >= height, x == 0 or x + w >= width


def _judge(corners: int, roundness: float, extent: float, hollow: bool, box: tuple) -> Symbol:
    """The shape by how it fills its box first (the surest measure on a blurred scan),
    then by its roundness and corners."""
    if extent < 0.65 and corners <= 5:  # a triangle fills half its box (blur adds a corner)
        return Symbol("△" if hollow else "▲", corners != 3 and extent >= 0.6, box)
    if extent >= 0.88 and corners <= 6:
        return Symbol("□" if hollow else "■", corners != 4 and extent < 0.92, box)
    # A small ring thresholded to black and white can simplify to four corners; rounder
    # than any square (0.79) and not filling its box as one, it is a circle all the same.
    if (roundness >= ROUND_DOUBT and corners > 4) or roundness >= ROUND:
        return Symbol("○" if hollow else "●", roundness < ROUND, box)
    if not hollow and extent < 0.5:
        return Symbol("×", True, box)  # two strokes: × or a stray mark
    return Symbol("?", True, box)


def _pieces_around(
    stats: np.ndarray,
    small: list[int],
    blobs: list[int],
    box: tuple,
    floor: float,
    share: float = PIECE_SHARE,
) -> list[int]:
    """Ink too small to count alone (not dust's specks of a few pixels) within the
    symbol's reach of its blobs (box widened by REACH times its longer side, since a
    ring's bottom arc is flatter than the ring is tall, and by floor pixels at least,
    since one crumb is smaller than the symbol), where it is share of their ink or more:
    the rest of a thin ring a B/W scan broke up. [] otherwise."""
    x0, y0, x1, y1 = box
    reach = max(floor, REACH * max(x1 - x0, y1 - y0))
    near = [
        i
        for i in small
        if stats[i][4] >= SPECK_PX
        and stats[i][0] >= x0 - reach
        and stats[i][1] >= y0 - reach
        and stats[i][0] + stats[i][2] <= x1 + reach
        and stats[i][1] + stats[i][3] <= y1 + reach
    ]
    ink = sum(int(stats[i][4]) for i in blobs)
    return near if near and sum(int(stats[i][4]) for i in near) >= share * ink else []


def _crumbs(labels: np.ndarray, stats: np.ndarray, marks: list[int], scale: float) -> Symbol:
    """Ink with no piece large enough to count: a hairline ○ a B/W scanner's light
    threshold left as CRUMBS or more specks where its stroke was darkest, none of them
    MIN_INK_PT. Crumbs on a ring (_on_a_ring) of a symbol's size (MIN_INK_PT to
    SYMBOL_MAX_PT across) are a ○ for a person to confirm; anything else is dust, and
    the cell empty. A single pixel counts too: a speck off the circle makes it dust."""
    if sum(stats[i][4] >= SPECK_PX for i in marks) < CRUMBS:
        return Symbol("", False)
    ring = _on_a_ring(np.isin(labels, marks))
    if ring is None or not MIN_INK_PT <= 2 * ring[2] * scale <= SYMBOL_MAX_PT:
        return Symbol("", False)
    return Symbol("○", True, _extent(stats, marks))


def _circle(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float] | None:
    """The circle the points lie on (a least-squares fit: centre and radius), or None
    where they lie off it by more than RING_FIT of its radius on average (a square's
    corners 0.10, a triangle's 0.2)."""
    fit, *_ = np.linalg.lstsq(np.column_stack((xs, ys, np.ones_like(xs))), -(xs**2 + ys**2))
    cx, cy = -fit[0] / 2, -fit[1] / 2
    squared = cx**2 + cy**2 - fit[2]
    if squared <= 0:
        return None
    radius = math.sqrt(squared)
    off = np.abs(np.hypot(xs - cx, ys - cy) - radius).mean() / radius
    return (float(cx), float(cy), radius) if off <= RING_FIT else None


def _broken(ink: np.ndarray, box: tuple) -> Symbol:
    """Pieces of one hollow outline: thin print thresholded to black and white (Mincho's
    ○, whose hairline sides a scanner's B/W mode drops) leaves arcs no one of which is
    the shape. A circle fitted to them all that they lie on and go round (_on_a_ring) is a ○;
    else the outline around them all (their convex hull) is judged. Doubtful: the shape
    is put together, not seen whole."""
    if _on_a_ring(ink) is not None:
        return Symbol("○", True, box)
    ys, xs = np.nonzero(ink)
    points = np.column_stack((xs, ys)).astype(np.int32)
    hull = cv2.convexHull(points)
    if not _along(hull, xs, ys, box):
        return Symbol("?", True, box)  # strokes across the middle: a glyph, no outline
    corners, roundness, extent = _outline(hull)
    hollow = len(xs) / max(1.0, cv2.contourArea(hull)) < HOLLOW
    symbol = _judge(corners, roundness, extent, hollow, box)
    return Symbol(symbol.text if symbol.text in PIECED else "?", True, box)


def _along(hull: np.ndarray, xs: np.ndarray, ys: np.ndarray, box: tuple) -> bool:
    """Does nearly all the ink (OUTLINE_SHARE) lie along the hull's edge, within
    OUTLINE_DEPTH of the box's shorter side, as an outline's pieces do (a kanji's strokes
    cross its middle)?"""
    depth = max(2.0, OUTLINE_DEPTH * min(box[2] - box[0], box[3] - box[1]))
    contour = hull.astype(np.float32)
    inside = [
        cv2.pointPolygonTest(contour, (float(x), float(y)), True)
        for x, y in zip(xs, ys, strict=True)
    ]
    return float(np.mean(np.asarray(inside) <= depth)) >= OUTLINE_SHARE


def _on_a_ring(ink: np.ndarray) -> tuple[float, float, float] | None:
    """The circle the ink lies on (_circle: centre and radius) where the ink goes round
    it: around RING_AROUND of it, or in CRUMBS pieces or more that leave no gap half the
    way round (a ring's crumbs, its hairline sides lost). None otherwise."""
    ys, xs = np.nonzero(ink)
    circle = _circle(xs.astype(float), ys.astype(float))
    if circle is None:
        return None
    cx, cy, _ = circle
    angles = np.arctan2(ys - cy, xs - cx)
    around = len(np.unique(((angles + math.pi) / (2 * math.pi) * 12).astype(int) % 12)) / 12
    if around >= RING_AROUND:
        return circle
    count, _, _, centres = blobs(ink.astype(np.uint8))
    if count - 1 < CRUMBS:
        return None
    turns = sorted(math.atan2(y - cy, x - cx) for x, y in centres[1:])
    gaps = [b - a for a, b in itertools.pairwise(turns)]
    return circle if max([*gaps, 2 * math.pi - (turns[-1] - turns[0])]) < math.pi else None


def _several(blobs: list[int], stats: np.ndarray, labels: np.ndarray, box: tuple) -> Symbol:
    """Two blobs, one inside the other's box: ◎ (or ◉ when the inner one is solid)."""
    ordered = sorted(blobs, key=lambda i: -int(stats[i][4]))
    outer, inner = ordered[0], ordered[1]
    ox, oy, ow, oh = (int(v) for v in stats[outer][:4])
    ix, iy, iw, ih = (int(v) for v in stats[inner][:4])
    nested = ox < ix and oy < iy and ix + iw < ox + ow and iy + ih < oy + oh
    if nested and len(blobs) == 2:
        mask = np.where(labels == inner, 255, 0).astype(np.uint8)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        _, roundness, _ = _outline(max(contours, key=cv2.contourArea))
        return Symbol("◎", roundness < ROUND, box)
    return Symbol("?", True, box)
