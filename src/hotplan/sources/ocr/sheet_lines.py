"""Lines across the whole sheet that are no print, lifted out of a scanned page: dust on
an automatic feeder's glass draws a line down every page it feeds, and a letter folded to
be posted keeps its creases across the page. Both pass for rules: a streak down a table
split its columns, a crease across it parted its rows.

No printed line runs off the sheet (a printer leaves 4 mm at least, a report 10 or more);
these do. Such a line darkens what lies under it, print too, by a share that changes
slowly along it: that share, measured where paper lies either side, is divided out, and
the print it crossed comes back as it was. Where it let no light through, the picture
is painted in from either side (OpenCV's inpainting)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.grid import H_RULE_PT, RULE_MAX_PT
from hotplan.sources.ocr.raster import binarize

FIND = 2  # lines are looked for on a copy this many times smaller
EDGE = 0.012  # share of the sheet's length: a line's ends nearer its edges run off it
# A line's end this far beyond all the page's print is in its margin (a table's rule ends a
# cell's padding, a few points, past its text); print is columns of pixels with PRINT_PT of
# ink (a glyph's stroke, a rule; a crease or a streak crossing them is a few pixels).
MARGIN_PT, PRINT_PT = 18.0, 9.0
SPAN = 0.6  # share of the sheet's length a line runs along, from its first piece to its last
# Share of the sheet's length a line's pieces cover: a streak comes and goes as its dust
# moves, a crease fades where the fold was pressed less.
COVER = 0.5
# How crooked such a line runs against the picture's rows (a crease folded askew on a
# sheet fed askew), as a slope: up to 1.5°; and how many pixels a piece strays from the
# line through the others.
SLOPE, STRAY_PX = 0.026, 2
# A piece's ends, which say where it is there: END_SHARE of its length, END_PX at least
END_PX, END_SHARE = 8, 0.25
THICKEN_PX = 1  # px a line is thickened by each side to be found whole
# A crease's ridge: this many grey levels darker than the paper SIDE_PX off it on its
# lighter side, averaged over ALONG_PX (a scanner's grain is gone).
RIDGE, SIDE_PX, ALONG_PX = 20, 3, 9
# … and darker by STEP than what lies twice as far off on either side, along STEP_SHARE
# of a run's length
STEP, STEP_SHARE = 6, 0.3
# Lifting a line: its share of the light is measured on rows (across it) HALF_PT either
# side of its middle, where the lighter of the pixels SIDE_PX beyond them is LIGHT × the
# paper's brightness at least, and smoothed over MEDIAN_PX along it (a glyph's stroke
# ending on it is no darkening); under OPAQUE of the light it is painted in.
HALF_PT, LIGHT, MEDIAN_PX, OPAQUE = 1.0, 0.8, 31, 0.2
MIN_MARGIN_PX = 40  # columns of margin a line is fitted again on, at least
REFIT_PT = 5.0  # how far from where the smaller copy put it a line is looked for again
LOOSE = 0.2  # print under a line is darker by this share of the light than the line


# A line: its slope, its middle's row at column 0, the least share of the light it leaves
# where it crosses no print (_floor), and the first and last columns of the page's print
_Line = tuple[float, float, float, int, int]


@dataclass(frozen=True)
class _Piece:
    x0: int
    x1: int
    y0: float  # the piece's middle at x0 and at x1
    y1: float
    # rows either side of the middles the piece may be at (print along it widens it)
    spread: tuple[float, float] = (0.0, 0.0)
    thick: float = 0.0  # its median thickness (print along it in places thickens it there)

    def near(self, y: float) -> _Piece:
        """The piece with its ends as near row y as their spread allows."""
        ends = (self.y0, self.y1)
        y0, y1 = (m + float(np.clip(y - m, -w, w)) for m, w in zip(ends, self.spread, strict=True))
        return _Piece(self.x0, self.x1, y0, y1)


def unlined(grey: np.ndarray, scale: float) -> np.ndarray:
    """grey (scale: points per pixel) without the lines across the whole sheet, either
    way; grey itself where there are none. They are looked for on a copy FIND times
    smaller, each of its pixels the darkest of those it stands for (a line a pixel thin
    stays as dark as it is)."""
    small = cv2.erode(grey, np.ones((FIND, FIND), np.uint8))[::FIND, ::FIND]
    ink, coarse = binarize(small), scale * FIND
    across = [_full(line) for line in _lines(small, ink, coarse)]
    out = _lifted(grey, across, scale) if across else grey
    down = _lines(np.ascontiguousarray(small.T), np.ascontiguousarray(ink.T), coarse)
    if down:
        turned = np.ascontiguousarray(out.T)
        out = np.ascontiguousarray(_lifted(turned, [_full(line) for line in down], scale).T)
    return out


def _full(line: _Line) -> _Line:
    """A line found on the smaller copy, on the picture itself."""
    slope, level, floor, first, last = line
    return slope, level * FIND + (FIND - 1) / 2, floor, first * FIND, last * FIND + FIND - 1


def _lifted(grey: np.ndarray, lines: list[_Line], scale: float) -> np.ndarray:
    """grey with each line divided out, but for print along it: darker than the line is
    in the margins by LOOSE of the light (a table's rule a crease ran along)."""
    out = grey.astype(np.float32)
    height, width = grey.shape
    paper = float(np.percentile(grey, 90))
    half = max(1, round(HALF_PT / scale))
    columns = np.arange(width)
    dark = np.zeros(grey.shape, np.uint8)
    for slope, level, floor, first, last in lines:
        slope, level = _refined(grey, (slope, level), (first, last), scale)
        middle = np.rint(slope * columns + level).astype(int)
        beyond = [np.clip(middle + d, 0, height - 1) for d in (-half - SIDE_PX, half + SIDE_PX)]
        ref = np.maximum(out[beyond[0], columns], out[beyond[1], columns])
        clear = ref >= LIGHT * paper
        for row in (middle + d for d in range(-half, half + 1)):
            rows = np.clip(row, 0, height - 1)
            seen = out[rows, columns] / np.maximum(ref, 1.0)
            printed = clear & (seen < floor - LOOSE)
            share = _along(np.where(clear & ~printed, seen, np.nan))
            on = (row >= 0) & (row < height) & ~printed
            out[rows[on], columns[on]] /= np.maximum(share[on], OPAQUE)
            dark[rows[on & (share < OPAQUE)], columns[on & (share < OPAQUE)]] = 255
    lifted = np.clip(out, 0, 255).astype(np.uint8)
    return cv2.inpaint(lifted, dark, SIDE_PX, cv2.INPAINT_TELEA) if dark.any() else lifted


def _refined(
    grey: np.ndarray, fit: tuple[float, float], printed: tuple[int, int], scale: float
) -> tuple[float, float]:
    """The line fitted again on the picture itself, through its darkest row in each
    column of the margins (outside the columns printed), within REFIT_PT of where the
    smaller copy put it: strung with a rule of print it ran along (a crease by a row's
    hairline), it was fitted partly through the rule, and lifted the rule where they
    parted. A band as narrow as the line itself is lifted then, and the rule stays."""
    height, width = grey.shape
    columns = np.r_[0 : max(0, printed[0]), min(width, printed[1] + 1) : width]
    if len(columns) < MIN_MARGIN_PX:
        return fit
    middle = np.rint(fit[0] * columns + fit[1]).astype(int)
    reach = round(REFIT_PT / scale)
    offsets = np.arange(-reach, reach + 1)
    rows = np.clip(middle[None, :] + offsets[:, None], 0, height - 1)
    darkest = middle + offsets[np.argmin(grey[rows, columns[None, :]], axis=0)]
    slope, level = np.polyfit(columns, darkest, 1)
    return float(slope), float(level)


def _along(share: np.ndarray) -> np.ndarray:
    """The light a line lets through along its length: measured shares (NaN where
    unmeasured) filled in between and smoothed by a running median; at most all of it."""
    known = np.flatnonzero(~np.isnan(share))
    if not len(known):
        return np.ones_like(share)
    filled = np.interp(np.arange(len(share)), known, np.minimum(share[known], 1.0))
    level = np.rint(filled * 255).astype(np.uint8)[None, :]
    return cv2.medianBlur(level, MEDIAN_PX).ravel().astype(np.float32) / 255


def _ridges(grey: np.ndarray, length: int) -> np.ndarray:
    """255 on the rows of pixels darker by RIDGE than the lighter of the rows SIDE_PX
    above and below (averaged along ALONG_PX): a crease is a pale line with a fold's
    shadow on one side, too faint for the page's threshold."""
    far = 2 * SIDE_PX
    pad = cv2.copyMakeBorder(grey, far, far, 0, 0, cv2.BORDER_REPLICATE)
    near = (pad[far - SIDE_PX : -far - SIDE_PX], pad[far + SIDE_PX : pad.shape[0] - far + SIDE_PX])
    darker = cv2.subtract(cv2.max(*near), grey)
    along = cv2.blur(darker, (ALONG_PX, 1))
    # each pixel a ridge of its own too (the strokes of a line of print, averaged, would
    # join across the paper between them into a run as long as the line), darker than
    # what lies twice as far on either side, over STEP_SHARE of a run's length at least:
    # the edge of a grey fill is a step all along it, no ridge (a crease along it joined
    # it, and was lost), while print beside a line stands by it only line by line
    step = cv2.subtract(cv2.min(pad[: -2 * far], pad[2 * far :]), grey)
    stepped = cv2.blur(cv2.threshold(step, STEP, 255, cv2.THRESH_BINARY)[1], (length, 1))
    ridge = cv2.bitwise_and(
        cv2.threshold(along, RIDGE, 255, cv2.THRESH_BINARY)[1],
        cv2.threshold(darker, RIDGE // 2, 255, cv2.THRESH_BINARY)[1],
    )
    return cv2.bitwise_and(
        ridge, cv2.threshold(stepped, STEP_SHARE * 255, 255, cv2.THRESH_BINARY)[1]
    )


def _lines(grey: np.ndarray, ink: np.ndarray, scale: float) -> list[_Line]:
    """The lines that run across the picture's width. Most pages have none: the rows'
    ends past the print are looked at first, the whole page only where one has a run
    of ink that could be the end of one."""
    width = grey.shape[1]
    length = round(H_RULE_PT / scale)
    printed = np.flatnonzero(np.count_nonzero(ink, axis=0) >= PRINT_PT / scale)
    if not len(printed):
        return []
    margin = MARGIN_PT / scale
    bounds = (max(EDGE * width, printed[0] - margin), min((1 - EDGE) * width, printed[-1] + margin))
    ends = (np.s_[: round(bounds[0]) + length], np.s_[round(bounds[1]) - length :])
    if not any(_runs(grey[:, s], ink[:, s], length).any() for s in ends):
        return []
    # (twice a rule's thickness: a crease run along a table's rule is one piece with it)
    thickest = 2 * max(2, round(RULE_MAX_PT / scale)) + 2 * THICKEN_PX
    kept = _runs(grey, ink, length)
    # a dark fill (a navy header) is a run too: a streak through it was one piece with
    # it, as tall as the header, and no line was found; areas twice as thick as a
    # line go
    tall = cv2.getStructuringElement(cv2.MORPH_RECT, (1, 2 * thickest))
    fills = cv2.dilate(cv2.morphologyEx(kept, cv2.MORPH_OPEN, tall), np.ones((3, 3), np.uint8))
    kept = cv2.subtract(kept, fills)
    count, labels, stats, _ = blobs(kept)
    pieces = [_piece(labels, i, stats[i]) for i in range(1, count)]
    found = []
    for chain in _chains(sorted((p for p in pieces if p.thick <= thickest), key=lambda p: p.x0)):
        on = _on_the_line(chain)
        if _runs_off(on, width, bounds):
            fit = _fit(on)
            found.append((*fit, _floor(grey, on, fit, printed), printed[0], printed[-1]))
    return found


def _floor(
    grey: np.ndarray, line: list[_Piece], fit: tuple[float, float], printed: np.ndarray
) -> float:
    """The least share of the light the line leaves where it crosses no print (in the
    page's margins, outside the columns printed, where its pieces are): its darkest
    row there against the lighter of the rows just beyond it. 0 where it has no piece
    in the margins to measure."""
    height = grey.shape[0]
    columns = np.concatenate([np.arange(p.x0, p.x1) for p in line])
    columns = columns[(columns < printed[0]) | (columns > printed[-1])]
    if not len(columns):
        return 0.0
    middle = np.rint(fit[0] * columns + fit[1]).astype(int)
    rows = [np.clip(middle + d, 0, height - 1) for d in range(-2, 3)]
    darkest = np.min([grey[r, columns] for r in rows], axis=0).astype(np.float32)
    sides = [np.clip(middle + d, 0, height - 1) for d in (-SIDE_PX - 2, SIDE_PX + 2)]
    light = np.maximum(grey[sides[0], columns], grey[sides[1], columns]).astype(np.float32)
    return float(np.median(darkest / np.maximum(light, 1.0)))


def _runs(grey: np.ndarray, ink: np.ndarray, length: int) -> np.ndarray:
    """The runs along the rows, at least length long, of ink and ridges thickened across
    first: a line a pixel thin that runs crooked is unbroken along one pixel row only
    1/slope long (70 px at 0.8°), too short to tell from print's strokes."""
    thick = cv2.dilate(ink | _ridges(grey, length), np.ones((2 * THICKEN_PX + 1, 1), np.uint8))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    return cv2.morphologyEx(thick, cv2.MORPH_OPEN, kernel)


def _piece(labels: np.ndarray, label: int, stat: np.ndarray) -> _Piece:
    """A piece, where it is at each end: the rows its ink fills all along the end's
    END_SHARE of it. Print along it (a column of glyphs' edges in line) fills some too,
    and widens the spread where the piece may be."""
    x, y, w, h = (int(v) for v in stat[:4])
    own = labels[y : y + h, x : x + w] == label
    reach = max(END_PX, round(END_SHARE * w))
    ends = []
    for end in (own[:, :reach], own[:, -reach:]):
        filled = end.sum(axis=1)
        rows = np.flatnonzero(filled == filled.max())
        ends.append((y + (rows[0] + rows[-1]) / 2, (rows[-1] - rows[0]) / 2))
    thick = float(np.median(own.sum(axis=0)))
    return _Piece(x, x + w, ends[0][0], ends[1][0], (ends[0][1], ends[1][1]), thick)


def _chains(pieces: list[_Piece]) -> list[list[_Piece]]:
    """The pieces (from the left) strung into lines: a piece goes on the line whose right
    end it carries on from best, within SLOPE of it."""
    chains: list[list[_Piece]] = []
    for p in pieces:
        best, off = None, float("inf")
        for chain in chains:
            last = chain[-1]
            gap = p.x0 - last.x1
            miss = max(0.0, abs(p.y0 - last.y1) - p.spread[0])
            if gap >= -END_PX and miss <= STRAY_PX + SLOPE * max(gap, 0) and miss < off:
                best, off = chain, miss
        if best is None:
            chains.append([p.near(p.y0)])
        else:
            best.append(p.near(best[-1].y1))
    return chains


def _fit(pieces: list[_Piece]) -> tuple[float, float]:
    """The straight line through the pieces' ends: its slope, and its row at column 0."""
    xs = [x for p in pieces for x in (p.x0, p.x1)]
    ys = [y for p in pieces for y in (p.y0, p.y1)]
    slope, level = np.polyfit(xs, ys, 1)
    return float(slope), float(level)


def _on_the_line(chain: list[_Piece]) -> list[_Piece]:
    """The chain's pieces within STRAY_PX of the straight line fitted through all of
    them (a rule a few pixels off a crease's gap was strung on, and is print)."""
    if len(chain) < 2:
        return chain
    slope, level = _fit(chain)
    if abs(slope) > SLOPE:
        return []
    return [
        p
        for p in chain
        if max(abs(slope * p.x0 + level - p.y0), abs(slope * p.x1 + level - p.y1)) <= STRAY_PX + 1
    ]


def _runs_off(line: list[_Piece], width: int, bounds: tuple[float, float]) -> bool:
    """Does the line run off the sheet at one end at least (dust that came and went may
    have left the other end clean), or on past the page's print into its margin (bounds:
    where either begins), across SPAN of it, its pieces over COVER of it?"""
    if not line:
        return False
    x0, x1 = min(p.x0 for p in line), max(p.x1 for p in line)
    covered = sum(p.x1 - p.x0 for p in line)
    off = x0 <= bounds[0] or x1 >= bounds[1]
    return off and x1 - x0 >= SPAN * width and covered >= COVER * width
