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

# Pieces of one rule, in line and at most this far apart, are one rule: a thin rule
# thresholded to black and white (an office scanner's B/W mode) breaks where it is pale.
JOIN_PT = 8.0
# A dotted or dashed rule (a spreadsheet's 点線 or 破線 border: dots 1-3 pt long, 1-3 pt
# apart) is thin marks in line at most DOTS_PT apart; closed over those gaps, it is a rule.
DOTS_PT = 4.0
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
