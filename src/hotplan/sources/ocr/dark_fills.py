"""Dark fills on a scanned page (a header row printed white on navy, a title printed
reversed) turned dark print on light, as the rest of the page is printed, with the
table's rules the fill hid drawn through it."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.grid import RULE_MAX_PT
from hotplan.sources.ocr.hairlines import hairlines
from hotplan.sources.ocr.raster import Raster, binarize

# Dark fills (a header row printed white on navy): an area of ink thicker than SOLID_PT
# and at least SOLID_SIDE × that wide and tall, darker than DARK_FILL and with most of its
# pixels in the darker of its two tones, is print on a dark ground. (A pale copy prints
# a navy fill mid-grey, ~165; a grey fill printed with black labels has its labels, not
# its ground, in the darker tone.)
SOLID_PT, SOLID_SIDE, DARK_FILL = 3.0, 4, 192
# A two-line label as tall as its cell (2024年度 / 進捗評価) parts the fill around it: a
# piece of a fill at least half its height, within its height and LABEL_PT beside it (a
# label's width: wider than the rule between two cells' fills), is joined to it across
# the label, where the label's ground inks more than PRINT_SHARE of the gap.
LABEL_PT = (4.0, 48.0)
FILLED = 0.75  # share of its box a fill's piece inks (a header's, parted by labels: 0.88)
DEEP = 15  # the grey a dark fill's ground is stretched to before it is turned (to 240)
EDGE_ROW = 0.9  # share of a fill's box a row of its ground crosses: the fill's top or foot
SLENDER = 0.5  # share of a rule's ink beside a fill in runs no wider than a rule
HANG_PT = 12.0  # print joined to a fill's edge hangs past it no further than a line
EDGE_PX = 2  # px: a dark fill's blurred edge, each side of where it was found to end
GAP = 0.9  # share of a fill's height a column is bright in to be paper between two fills
RUN_PT = 12.0  # a vertical rule meets a fill: unbroken ink this long beyond its edge,
# or unbroken from its edge to a rule across, at least ROW_PT beyond it (a row a line high).
# A rule across is runs of ink RUN_PT long over ACROSS of the fill's width (a thin rule
# thresholded to black and white breaks), in rows SLANT_PT high (slanted by the skew left
# over: 0.2° over a table's width is 2.5 pt)
ROW_PT, ACROSS, SLANT_PT = 4.0, 0.6, 3.0
# A row's print inks less than this share of it (a line of text, its margins: 0.2-0.25);
# a header's dark ground between a label's glyphs more (0.34-0.43, black and white)
PRINT_SHARE = 0.3


def lightened(picture: Raster) -> Raster:
    """The straightened page with each dark fill's print turned dark on light: white
    labels on a navy header row, a title printed reversed. Everything after reads dark
    print on paper or on a light shading, as most reports print it. A fill is solid ink
    too thick for a stroke, its holes (the print on it) its own; it is turned when its
    darker tone is its ground (print on it is lighter) and that ground is dark.
    The table's rules along and across the fill were dark on dark, lost in it: its top
    and bottom edges become thin rules, and a vertical rule that meets it from above or
    below runs on through it (a hairline too: a fax's walls, a pixel wide and grey, are
    lighter than the threshold the fill's black drew down). Its sides take the turned
    ground's tone (an unruled table's header cells, filled one by one, would get walls
    across its corridors)."""
    grey, ink = picture.grey, picture.ink
    px = 1 / picture.scale
    side = max(3, round(SOLID_PT * px))
    solid = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    )
    span = (round(LABEL_PT[0] * px), round(LABEL_PT[1] * px))
    solid = _labels_bridged(solid, ink, SOLID_SIDE * side, span)
    contours, _ = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = grey
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < SOLID_SIDE * side:
            continue
        area = np.zeros((h, w), np.uint8)
        cv2.drawContours(area, [contour], -1, 255, cv2.FILLED, offset=(-x, -y))
        area = _edges_kept(area, round(HANG_PT * px))
        # its box ends where its ground does: print a blurred scan joined under it is
        # none of it, and the walls of the row under it are looked for there (a page's
        # last row, lower than HANG_PT, under its header: they were looked for in its foot)
        crossed = np.flatnonzero((ink[y : y + h, x : x + w] > 0).mean(axis=1) >= EDGE_ROW)
        if crossed.size and h - 1 - int(crossed[-1]) > EDGE_PX:
            h = int(crossed[-1]) + 1
            area = area[:h]
        values = grey[y : y + h, x : x + w][area > 0]
        level, _ = cv2.threshold(values, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        ground = values[values <= level]
        if 2 * ground.size <= values.size or float(np.median(ground)) >= DARK_FILL:
            continue
        if out is grey:
            out, turned = grey.copy(), np.zeros(grey.shape, bool)
            walls = ink | hairlines(grey)
        # paper between fills printed cell by cell, found as one: bright all the way down
        crop = grey[y : y + h, x : x + w]
        gaps = ((crop > level) & (area > 0)).sum(axis=0) >= GAP * (area > 0).sum(axis=0)
        area = _with_labels(area, ink[y : y + h, x : x + w] > 0)
        # its tones stretched to a navy ground's and white print's: a pale copy's mid-grey
        # ground, turned as it is, would be darker than its print
        # (a fill with no print on it, dark all over, has no light tone of its own)
        bright = values[values > level]
        dark, light = float(np.median(ground)), float(np.median(bright)) if bright.size else 255.0
        stretched = DEEP + (crop.astype(np.float32) - dark) * (255 - DEEP) / max(1.0, light - dark)
        inside = out[y : y + h, x : x + w]
        inside[area > 0] = np.clip(stretched, 0, 255).astype(np.uint8)[area > 0]
        # its ground made even: a noisy scan's grain on it, turned, read as lines of junk
        # around the labels (ei ee ee … for 取組の方向性)
        inside[(area > 0) & (crop <= level)] = DEEP
        _turn(out, walls, (x, y, w, h), area, 255 - DEEP, gaps, px)
        turned[y : y + h, x : x + w] |= area > 0
    if out is grey:
        return picture
    # thresholded anew: the dark fills, gone, had drawn the page's threshold down to
    # between them and paper, below a thin grey stroke (a Mincho ○). The threshold is
    # the rest of the page's: the turned labels, black, would draw it down below a pale
    # copy's grey print.
    return Raster(out, binarize(out, ~turned), picture.scale, picture.skew)


def _labels_bridged(
    solid: np.ndarray, ink: np.ndarray, least: int, span: tuple[int, int]
) -> np.ndarray:
    """solid with each piece a label parted from its fill joined to it again. A fax of a
    navy header kept a block of the rating cell's ground right of its label, apart from
    the fill: it was not turned, and on the table's right wall it hid the wall (the
    table's first row lost). A fill is least tall, as wide as span's most, and FILLED; a
    piece joins the larger fill it stands within the height of, at least half as tall,
    span (the least and the most) beside it, over inked ground (LABEL_PT). Bold glyphs a
    150 dpi scan swelled into blobs are no fill, nor a dark noisy scan's clumps of
    grain; nor do two cells' fills a rule or a white corridor parts join."""
    count, _, stats, _ = blobs(solid)
    boxes = [tuple(int(v) for v in box) for box in stats[1:count]]
    fills = [
        (x, y, w, h, area)
        for x, y, w, h, area in boxes
        if min(w, h) >= least and w >= span[1] and area >= FILLED * w * h
    ]
    out = solid
    for x, y, w, h, area in boxes:
        for fx, fy, fw, fh, fill_area in fills:
            if fill_area <= area or 2 * h < fh or y < fy - EDGE_PX or y + h > fy + fh + EDGE_PX:
                continue
            if span[0] <= x - (fx + fw) <= span[1]:  # right of the fill
                x0, x1 = fx + fw, x
            elif span[0] <= fx - (x + w) <= span[1]:  # left of it
                x0, x1 = x + w, fx
            else:
                continue
            if ink[y : y + h, x0:x1].mean() < PRINT_SHARE * 255:  # paper between two fills
                continue
            if out is solid:
                out = solid.copy()
            out[y : y + h, x0:x1] = 255
            break
    return out


def _edges_kept(area: np.ndarray, reach: int) -> np.ndarray:
    """area without what hangs past its top and foot, the first and last rows its ground
    crosses (EDGE_ROW), by at most reach: print a point under a fill that a blurred scan
    joined to it in blobs as thick as the fill's, which turned with it lost its tops
    (福祉総務課 read as 信佳稔務庄 under a navy header). A fill's part that runs on
    further (a dark band down the page's side) stays."""
    rows = np.flatnonzero((area > 0).mean(axis=1) >= EDGE_ROW)
    if rows.size == 0:
        return area
    top, foot = int(rows[0]), int(rows[-1])
    kept = area.copy()
    if top <= reach:
        kept[:top] = 0
    if len(area) - 1 - foot <= reach:
        kept[foot + 1 :] = 0
    return kept


def _with_labels(area: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """area (a fill found by opening the ink) with the print on it: a label set a point
    from the fill's edge leaves only a thin stroke of ground between it and the paper,
    which the opening takes away, so the label is a notch open to the paper. In the ink
    of the fill's box the label is a hole the ground closes: paper no path of paper joins
    to the box's edge. Only the fill's own rows count, from the first to the last that its
    ground crosses (EDGE_ROW): text a point under it, joined to it by the blur, is print
    on paper."""
    paper = np.pad(~ink, 1, constant_values=True).astype(np.uint8)
    mask = np.zeros((paper.shape[0] + 2, paper.shape[1] + 2), np.uint8)
    cv2.floodFill(paper, mask, (0, 0), 2)
    closed = (ink | (paper[1:-1, 1:-1] == 1)).astype(np.uint8)
    _, labels, _, _ = blobs(closed)
    kept = np.unique(labels[(area > 0) & (closed > 0)])
    found = np.isin(labels, kept[kept > 0])
    crossed = np.flatnonzero(ink.mean(axis=1) >= EDGE_ROW)
    if crossed.size:
        found[: crossed[0]] = found[crossed[-1] + 1 :] = False
    return np.where(found, 255, area).astype(np.uint8)


def _turn(
    out: np.ndarray,
    ink: np.ndarray,
    box: tuple[int, int, int, int],
    area: np.ndarray,
    tone: int,
    gaps: np.ndarray,
    px: float,
) -> None:
    """One dark fill (area, at box) turned in out, as lightened says; gaps: its pixel
    columns that are paper between two fills."""
    x, y, w, h = box
    e = EDGE_PX
    y0, x0 = max(0, y - e), max(0, x - e)
    y1, x1 = min(out.shape[0], y + h + e), min(out.shape[1], x + w + e)
    inside = np.zeros((y1 - y0, x1 - x0), np.uint8)
    inside[y - y0 : y - y0 + h, x - x0 : x - x0 + w] = area
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * e + 1, 2 * e + 1))
    upright = cv2.getStructuringElement(cv2.MORPH_RECT, (1, 2 * e + 1))
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * e + 1, 1))
    # The blurred edge beside the fill takes its tone; above and below it, the edge is
    # drawn as a rule inside the fill only: a word processor prints a cell's text a point
    # under its top rule, and painting past the fill cut off the tops of its glyphs.
    edge = cv2.dilate(inside, across) & ~cv2.erode(inside, square)
    ends = inside & ~cv2.erode(inside, upright)
    window = out[y0:y1, x0:x1]
    window[inside > 0] = 255 - window[inside > 0]
    window[edge > 0] = tone
    window[y - y0 : y - y0 + h, x - x0 : x - x0 + w][:, gaps] = 255
    window[ends > 0] = 0
    # vertical rules meeting the fill: ink in every pixel row for RUN_PT beyond its edge,
    # or from its edge to the next rule across, where a row is less than RUN_PT high (a
    # header with only a measure's first line under it, at a page's foot)
    run = max(2, round(RUN_PT * px))
    below = ink[min(y1, ink.shape[0]) : y1 + 2 * run, x0:x1] > 0
    above = (ink[max(0, y0 - 2 * run) : y0, x0:x1] > 0)[::-1]  # from the fill outward
    met = np.zeros(x1 - x0, bool)
    least, slant = max(2, round(ROW_PT * px)), max(1, round(SLANT_PT * px))
    thickest = round(RULE_MAX_PT * px)
    for strip in (below, above):
        if not len(strip):  # the fill meets the picture's edge: nothing beyond it
            continue
        found = _walls_to_a_rule(strip, run, least, slant, slant + thickest)
        if strip.shape[0] >= run:
            found |= strip[:run].all(axis=0)
        met |= found & _slender(strip[:run], thickest)
    window[:, met] = np.where(inside[:, met] > 0, 0, window[:, met])


def _slender(strip: np.ndarray, thickest: int) -> np.ndarray:
    """The columns of strip whose ink lies mostly (SLENDER) in runs across no wider than
    a rule: a rule's, not print's. Bold print a 150 dpi scan swelled into blobs inks a
    column through two lines under a fill, and a rule was drawn through its label."""
    wide = cv2.morphologyEx(
        strip.astype(np.uint8), cv2.MORPH_OPEN, np.ones((1, thickest + 1), np.uint8)
    )
    inked = strip.sum(axis=0)
    return (strip & (wide == 0)).sum(axis=0) >= SLENDER * np.maximum(inked, 1)


def _walls_to_a_rule(strip: np.ndarray, run: int, least: int, slant: int, thick: int) -> np.ndarray:
    """The columns of strip (ink beside a fill, its first row the nearest) inked from the
    fill's edge to the first rule across, at least least rows on and less than run: the
    walls of a row too low for RUN_PT's test. Print stands clear of the rule under its
    row, and its runs of ink are shorter than run. A rule is thin: ink across thicker
    than thick (the rule's rows, slant high, with its own thickness), or running on past
    the strip, is more of a fill; so is a strip inked more than PRINT_SHARE before it (a
    label's line parts a header's fill into pieces, the ground between its glyphs inked
    top to bottom)."""
    runs = cv2.morphologyEx(strip.astype(np.uint8), cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    band = cv2.dilate(runs, np.ones((slant, 1), np.uint8))
    across = np.append(band.mean(axis=1) >= ACROSS, False)
    start = int(np.argmin(across))  # past the fill's own blurred edge
    feet = np.flatnonzero(across[start:])
    none = np.zeros(strip.shape[1], bool)
    if across[start] or not feet.size or feet[0] < least or start + feet[0] >= run:
        return none
    foot = start + feet[0]
    if int(np.argmin(across[foot:])) > thick or foot + thick >= len(strip):
        return none
    if strip[start:foot].mean() >= PRINT_SHARE:  # the fill's ground between labels
        return none
    return strip[start:foot].all(axis=0)
