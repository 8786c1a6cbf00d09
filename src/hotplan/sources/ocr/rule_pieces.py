"""Rules found in pieces, taken whole: a thin rule thresholded to black and white breaks
where it is pale; a spreadsheet's dotted (点線) and dashed (破線) borders are printed in
pieces; a hairline sent by fax is kept only in pieces along the sheet's skew."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


def overlap(a: Box, b: Box) -> bool:
    """Do two boxes share any pixel?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Pieces of one rule, in line and at most this far apart, are one rule: a thin rule
# thresholded to black and white (an office scanner's B/W mode) breaks where it is pale.
JOIN_PT = 8.0
# A dotted or dashed rule (a spreadsheet's 点線 or 破線 border: dots 1-3 pt long, 1-3 pt
# apart) is thin marks in line at most DOTS_PT apart; closed over those gaps, it is a rule.
DOTS_PT = 4.0
# A dotted or dashed wall between columns is a line of thin marks down the page, each at
# most DOT_PT long and DOTS_PT from the next, at least DOTS of them with centres within
# LINE_PT across, reaching from one horizontal rule to another (a glyph's upright strokes
# are longer, and stand clear of the rules).
DOT_PT, DOTS, LINE_PT = 5.0, 3, 1.0
# A wall stands clear: ink lies within CLEAR_PT beside its marks along at most BESIDE of
# its length (a glyph's pieces in line, where a fax or a navy header broke it up, have
# the rest of the glyph beside them).
CLEAR_PT, BESIDE = 1.0, 0.1
# Pieces of a rule in line across a table, where together they cover at least PIECES of
# their length, are one rule: a hairline sent by fax in standard mode (98 lines an inch)
# survives only where it ran along the middle of a scanned line, in pieces 40-70 pt long,
# as far apart, staggered a line at a time along the sheet's skew.
PIECES = 0.3


@dataclass(frozen=True)
class Rule:
    x0: int
    y0: int
    x1: int
    y1: int  # pixel box of the rule's ink

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y(self) -> float:
        return (self.y0 + self.y1) / 2


def dots_joined(ink: np.ndarray, thickest: int, px: float) -> np.ndarray:
    """ink with the gaps of dotted and dashed lines closed: the gaps between thin marks
    (blobs no taller than a rule; a glyph's strokes join into taller ones) at most
    DOTS_PT wide, in the same rows of pixels."""
    count, labels, stats, _ = blobs(ink)
    thin = np.zeros(count, bool)
    thin[1:] = stats[1:count, cv2.CC_STAT_HEIGHT] <= thickest
    if not thin.any():
        return ink
    marks = np.where(thin[labels], 255, 0).astype(np.uint8)
    gap = cv2.getStructuringElement(cv2.MORPH_RECT, (round(DOTS_PT * px) + 1, 1))
    return cv2.max(ink, cv2.morphologyEx(marks, cv2.MORPH_CLOSE, gap))


Mark = tuple[float, int, int, int, int]  # a thin mark's centre across, top, foot, left, right


def dotted_walls(
    ink: np.ndarray, hrules: list[Rule], thickest: int, px: float, tall: int
) -> list[Rule]:
    """The walls printed dotted or dashed between columns (see DOT_PT and CLEAR_PT).
    Closing every thin mark down the page, as dots_joined does across, joined the pieces
    of glyphs a standard fax broke up into walls, and split its cells (22 of 156 rows
    lost)."""
    count, _, stats, _ = blobs(ink)
    x, y, w, h = (stats[1:count, i] for i in range(4))
    keep = (w <= thickest) & (h <= round(DOT_PT * px))
    x, y, w, h = x[keep], y[keep], w[keep], h[keep]
    marks = sorted(zip(x + w / 2, y, y + h, x, x + w, strict=True))
    gap, line, clear = round(DOTS_PT * px), LINE_PT * px, max(1, round(CLEAR_PT * px))
    reach = round((DOTS_PT + DOT_PT) * px)
    walls = []
    for column in _columns(marks, line):
        runs: list[list[Mark]] = []
        for mark in sorted(column, key=lambda m: m[1]):
            if runs and mark[1] - runs[-1][-1][2] <= gap:
                runs[-1].append(mark)
            else:
                runs.append([mark])
        walls += [
            wall for run in runs if (wall := _walled_run(ink, run, hrules, reach, tall, clear))
        ]
    return walls


def _columns(marks: list[Mark], line: float) -> list[list[Mark]]:
    """Marks (sorted by centre) grouped by the upright line they lie in: centres within
    line of the group's first."""
    columns: list[list[Mark]] = []
    for mark in marks:
        if columns and mark[0] - columns[-1][0][0] <= line:
            columns[-1].append(mark)
        else:
            columns.append([mark])
    return columns


def _walled_run(
    ink: np.ndarray, run: list[Mark], hrules: list[Rule], reach: int, tall: int, clear: int
) -> Rule | None:
    """A run of marks down the page (from the top) as a wall from rule to rule: if it has
    DOTS marks apart from one another (a glyph's pieces lie side by side), stands clear,
    and meets a horizontal rule at each end (at one end, if it is tall: the row rule at
    the other may be dotted too, and lost). A rule within reach of an end meets it: the
    rule took the first dash, where the dashes start at it, into its own blob."""
    if len(run) < DOTS or any(b[1] <= a[2] for a, b in pairwise(run)):
        return None
    top, foot = run[0][1], run[-1][2]
    # (a rule at that height, not necessarily across the line: a dotted rule's first
    # dashes, lost with the wall's, left the rule short of it)
    above = [r.y0 for r in hrules if r.y1 < top <= r.y1 + reach]
    below = [r.y1 for r in hrules if foot <= r.y0 < foot + reach]
    if bool(above) + bool(below) < (1 if foot - top >= tall else 2):
        return None
    left, right = min(m[3] for m in run), max(m[4] for m in run)
    beside = ink[top:foot, max(0, left - clear) : left].any(axis=1)
    beside |= ink[top:foot, right : right + clear].any(axis=1)
    if beside.mean() > BESIDE:
        return None
    return Rule(int(left), int(min(above, default=top)), int(right), int(max(below, default=foot)))


def joined(rules: list[Rule], gap: float) -> list[Rule]:
    """Horizontal rules with the pieces of one broken rule joined: pieces whose bands
    overlap and whose ends are at most gap apart. (Vertical rules are not joined: two
    tables printed close one above the other would become one.)"""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: r.x0):
        for i, known in enumerate(out):
            if r.y0 <= known.y1 and known.y0 <= r.y1 and r.x0 - known.x1 <= gap:
                out[i] = Rule(
                    known.x0, min(known.y0, r.y0), max(known.x1, r.x1), max(known.y1, r.y1)
                )
                break
        else:
            out.append(r)
    return out


def bridged(hrules: list[Rule], vrules: list[Rule], reach: int) -> list[Rule]:
    """Horizontal rules with the pieces of one broken rule taken as one (collinear's
    test) where walls cross their line, but never across a gap walled at both ends:
    there two tables side by side end, each at its own frame. A broken rule's pieces
    end anywhere; the tables were found by the rules that touch, and a hairline faxed
    in pieces left the table's middle apart from its walls. (Rules no wall crosses are
    left to collinear within each table: two tables ruled across only stay two.)"""
    out: list[Rule] = []
    for line in _lines(hrules):
        x0, x1 = min(r.x0 for r in line), max(r.x1 for r in line)
        if not any(x0 <= x <= x1 for x in _standing(line[0], vrules, reach)):
            out += line  # rules no wall crosses: two tables ruled across only, side by side
            continue
        run: list[Rule] = []
        for piece in sorted(line, key=lambda r: r.x0):
            ends = run and _walled(run[-1].x1, piece, vrules, reach)
            if ends and _walled(piece.x0, piece, vrules, reach):
                out += _walls_reached(run, vrules, reach)
                run = []
            run.append(piece)
        out += _walls_reached(run, vrules, reach)
    return out


def _walls_reached(pieces: list[Rule], vrules: list[Rule], reach: int) -> list[Rule]:
    """pieces (in line, from the left) as collinear takes them; a rule joined of pieces
    runs on to the walls beyond its ends no further off than its pieces lie apart (its
    first and last pieces were lost where it ran between two scanned lines)."""
    whole = collinear(pieces)
    if len(whole) != 1 or len(pieces) < 2:
        return whole
    (rule,) = whole
    apart = max(b.x0 - a.x1 for a, b in pairwise(pieces)) + reach
    stand = _standing(rule, vrules, reach)
    left = [x for x in stand if rule.x0 - apart <= x < rule.x0]
    right = [x for x in stand if rule.x1 < x <= rule.x1 + apart]
    x0 = round(min(left)) if left else rule.x0
    x1 = round(max(right)) + 1 if right else rule.x1
    return [Rule(x0, rule.y0, x1, rule.y1)]


def _walled(x: int, r: Rule, vrules: list[Rule], reach: int) -> bool:
    """Does a vertical rule stand at x, across r's height?"""
    return any(abs(v - x) <= reach for v in _standing(r, vrules, reach))


def _standing(r: Rule, vrules: list[Rule], reach: int) -> list[float]:
    """Where the vertical rules that reach r's height stand."""
    return [v.x for v in vrules if v.y0 - reach <= r.y <= v.y1 + reach]


def _lines(rules: list[Rule]) -> list[list[Rule]]:
    """Horizontal rules grouped by the line they lie in (their bands overlap)."""
    lines: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: r.y):
        if lines and r.y0 <= max(p.y1 for p in lines[-1]) and min(p.y0 for p in lines[-1]) <= r.y1:
            lines[-1].append(r)
        else:
            lines.append([r])
    return lines


def collinear(rules: list[Rule]) -> list[Rule]:
    """Horizontal rules with the pieces in one line taken as one rule from the first to
    the last where together they cover PIECES of that length: a spreadsheet's pale
    grey gridline, scanned, breaks into pieces 10–26 pt apart (too far apart to join
    blindly: two tables side by side stay two), and its row was lost."""
    out = []
    for line in _lines(rules):
        total = sum(p.x1 - p.x0 for p in line)
        x0, x1 = min(p.x0 for p in line), max(p.x1 for p in line)
        y0, y1 = min(p.y0 for p in line), max(p.y1 for p in line)
        out += [Rule(x0, y0, x1, y1)] if len(line) > 1 and total >= PIECES * (x1 - x0) else line
    return out
