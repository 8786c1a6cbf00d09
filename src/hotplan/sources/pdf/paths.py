"""Ruling lines and fills from a page's painted paths, judged alike for every reader.

A reader hands each painted subpath (points in page coordinates, top-left origin); this
module decides what layout sees: a straight segment or thin rectangle is a rule, a filled
rectangle a fill, a stroked rectangle four rules. A stroked polyline (some office software
draws a cell's border as one open path) gives a rule per axis-parallel segment. Curves and
diagonals are decoration. Small filled shapes drawn with curves or many corners are counted
as glyphs: a page of text turned into outlines (a print shop's outlined fonts, Ghostscript's
-dNoOutputFonts) draws hundreds of them and has no text layer; a table's rules draw none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

RULE_MAX_THICKNESS = 3.0  # pt: thicker filled rectangles are fills, not rules
MIN_FILL_SIDE = 3.0  # pt
STRAIGHT = 1.0  # pt: a segment within this of horizontal or vertical is a rule
SAME_POINT = 0.01  # pt
GLYPH_PT = 36.0  # pt: a filled shape no wider or taller than this may be a glyph
GLYPH_CORNERS = 6  # points: a glyph outline of straight edges has at least this many

Point = tuple[float, float]
HRule = tuple[float, float, float]  # x0, x1, y
VRule = tuple[float, float, float]  # x, top, bottom
Fill = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class Subpath:
    points: tuple[Point, ...]  # the segment end points, first to last
    closed: bool  # closed with closepath (h)
    curved: bool  # has a Bézier segment
    stroke: bool
    fill: bool


@dataclass
class Geometry:
    hrules: list[HRule]
    vrules: list[VRule]
    fills: list[Fill]
    glyphs: int = 0  # filled shapes that look like glyph outlines

    def add(self, path: Subpath) -> None:
        if path.fill and (path.curved or len(path.points) >= GLYPH_CORNERS):
            xs, ys = [p[0] for p in path.points], [p[1] for p in path.points]
            self.glyphs += max(max(xs) - min(xs), max(ys) - min(ys)) <= GLYPH_PT
        if path.curved or not (path.stroke or path.fill):
            return
        pts = _distinct(path.points)
        if len(pts) == 2:
            self.segment(pts[0], pts[1])
        elif len(pts) == 4 and (path.closed or path.fill or _returns(path.points)):
            if _is_rectangle(pts):
                self.rectangle(pts, path.stroke, path.fill)
            elif path.stroke:
                self.polyline([*pts, pts[0]])
        elif path.stroke:
            self.polyline([*pts, pts[0]] if path.closed else pts)

    def segment(self, a: Point, b: Point) -> None:
        (x0, y0), (x1, y1) = a, b
        if abs(y0 - y1) < STRAIGHT:
            self.hrules.append((min(x0, x1), max(x0, x1), y0))
        elif abs(x0 - x1) < STRAIGHT:
            self.vrules.append((x0, min(y0, y1), max(y0, y1)))

    def polyline(self, pts: list[Point]) -> None:
        for a, b in pairwise(pts):
            self.segment(a, b)

    def rectangle(self, pts: list[Point], stroke: bool, fill: bool) -> None:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if fill and not stroke and min(x1 - x0, bottom - top) > MIN_FILL_SIDE:
            self.fills.append((x0, top, x1, bottom))
        elif bottom - top <= RULE_MAX_THICKNESS:
            self.hrules.append((x0, x1, (top + bottom) / 2))
        elif x1 - x0 <= RULE_MAX_THICKNESS:
            self.vrules.append(((x0 + x1) / 2, top, bottom))
        else:  # a stroked box: its four edges are rules
            self.hrules += [(x0, x1, top), (x0, x1, bottom)]
            self.vrules += [(x0, top, bottom), (x1, top, bottom)]


def geometry(paths: Iterable[Subpath]) -> Geometry:
    found = Geometry([], [], [])
    for path in paths:
        found.add(path)
    return found


def _same(a: Point, b: Point) -> bool:
    return abs(a[0] - b[0]) <= SAME_POINT and abs(a[1] - b[1]) <= SAME_POINT


def _distinct(points: tuple[Point, ...]) -> list[Point]:
    """The points without repeats in a row, and without a last point back at the first."""
    pts: list[Point] = []
    for p in points:
        if not pts or not _same(p, pts[-1]):
            pts.append(p)
    if len(pts) > 2 and _same(pts[0], pts[-1]):
        pts.pop()
    return pts


def _returns(points: tuple[Point, ...]) -> bool:
    return len(points) > 2 and _same(points[0], points[-1])


def _is_rectangle(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
    t = SAME_POINT
    across = abs(y0 - y1) <= t and abs(x1 - x2) <= t and abs(y2 - y3) <= t and abs(x3 - x0) <= t
    down = abs(x0 - x1) <= t and abs(y1 - y2) <= t and abs(x2 - x3) <= t and abs(y3 - y0) <= t
    return across or down
