"""A scanned page as a straight grey picture: rendered by PDFium, uneven lighting divided
out, skew measured by the sharpness of its row profile and rotated away, ink separated
from paper."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.grid import RULE_MAX_PT
from hotplan.sources.ocr.hairlines import hairlines

DPI = 200  # Tesseract reads 9–11 pt print as well at 200 dpi as at 300, and faster
MAX_SKEW = 3.0  # degrees: a scanner feeds paper at most this crooked
PROFILE_WIDTH = 800  # px: the skew search looks at the page this wide
SIDEWAYS = 1.5  # a page whose columns profile is this much sharper than its rows' is turned
# Lighting: print narrower than PAPER_MM (a shaded header row included) is not paper; paper
# whose brightness spans more than UNEVEN grey levels (evenly lit scans: at most 2) is
# evened out, measured on a copy PAPER_SCALE the size.
PAPER_MM, UNEVEN, PAPER_SCALE = 25.0, 24, 0.25
WHITE = 250  # paper at least this bright is read as it is
# Scanner borders: print darker than DARK × the paper's brightness, thicker than BORDER_MM
# (a text stroke or rule is under 1 mm), touching the picture's edge.
DARK, BORDER_MM = 0.5, 2.0
# Grain: the standard deviation of a page's pixel noise, in grey levels (a scanner's or
# copier's: 0–1.3; a dark, grainy copy: ~5), from its second differences (Immerkær), their
# median absolute value, so print's edges do not count.
GRAIN_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
GRAIN_SPREAD = 6.0 * 0.6745  # the kernel's norm × the MAD of a unit normal
GRAINY = 2.5  # grey levels of grain: a picture this grainy is smoothed before it is read
# Dark fills (a header row printed white on navy): an area of ink thicker than SOLID_PT
# and at least SOLID_SIDE × that wide and tall, darker than DARK_FILL and with most of its
# pixels in the darker of its two tones, is print on a dark ground. (A pale copy prints
# a navy fill mid-grey, ~165; a grey fill printed with black labels has its labels, not
# its ground, in the darker tone.)
SOLID_PT, SOLID_SIDE, DARK_FILL = 3.0, 4, 192
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


@dataclass
class Raster:
    """A page's picture, straightened; pixel × scale = PDF points."""

    grey: np.ndarray  # uint8, paper white
    ink: np.ndarray  # uint8, 255 where there is ink
    scale: float  # points per pixel
    skew: float  # degrees the scan was turned (counter-clockwise), now undone


def even(grey: np.ndarray, dpi: int = DPI) -> np.ndarray:
    """The page with uneven lighting divided out (a shadow toward a book's spine, a photo
    of a sheet), so one threshold parts ink from paper everywhere. The paper's brightness
    is the picture with its print closed away (text, rules and shaded cells are narrower
    than PAPER_MM) on a reduced copy; only where it spans more than UNEVEN grey levels is
    each pixel divided by it: evenly lit scans are read as they are."""
    h, w = grey.shape
    small = cv2.resize(grey, None, fx=PAPER_SCALE, fy=PAPER_SCALE, interpolation=cv2.INTER_AREA)
    size = round(PAPER_MM / 25.4 * dpi * PAPER_SCALE) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    low, high = np.percentile(paper, (2, 98))
    if high - low <= UNEVEN:
        level = float(np.median(paper))  # evenly lit: grey paper is made white
        if level >= WHITE:
            return grey
        return np.clip(grey * (255.0 / max(level, 1.0)), 0, 255).astype(np.uint8)
    # Smoothed by a median, not a blur: a blur spreads the bright scanner lid beyond a
    # skewed sheet's edge into the paper, which then reads too dark, its grain as ink.
    paper = cv2.medianBlur(_extended(paper, size + size // 2, size // 2), size)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return np.clip(grey * (255.0 / np.maximum(paper, 1.0)), 0, 255).astype(np.uint8)


def unbordered(grey: np.ndarray, dpi: int = DPI) -> np.ndarray:
    """The page with the scanner's dark borders made paper: the lid's shadow along an edge,
    the platen beyond a sheet smaller than the scan. A border is dark print thicker than
    BORDER_MM (text, rules and punch holes cut by no edge are not) that touches the
    picture's edge; it is found on a reduced copy, and painted over with BORDER_MM of paper
    more, so its blurred fringe leaves no line that could pass for a rule."""
    h, w = grey.shape
    small = cv2.resize(grey, None, fx=PAPER_SCALE, fy=PAPER_SCALE, interpolation=cv2.INTER_AREA)
    paper = float(np.median(small))
    dark = np.where(small < DARK * paper, 255, 0).astype(np.uint8)
    size = max(3, round(BORDER_MM / 25.4 * dpi * PAPER_SCALE))
    core = cv2.erode(dark, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    count, labels, stats, _ = blobs(core)
    sh, sw = core.shape
    edge = [
        i
        for i in range(1, count)
        if stats[i][0] == 0
        or stats[i][1] == 0
        or stats[i][0] + stats[i][2] >= sw
        or stats[i][1] + stats[i][3] >= sh
    ]
    if not edge:
        return grey
    border = np.isin(labels, edge).astype(np.uint8) * 255
    border = cv2.dilate(border, cv2.getStructuringElement(cv2.MORPH_RECT, (3 * size, 3 * size)))
    border = cv2.resize(border, (w, h), interpolation=cv2.INTER_NEAREST)
    out = grey.copy()
    out[border > 0] = round(paper)
    return out


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
        dark, light = float(np.median(ground)), float(np.median(values[values > level]))
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


def _extended(paper: np.ndarray, reach: int, run: int) -> np.ndarray:
    """paper with its outer bands, reach wide, continued in a straight line from the run
    of paper inside them, where that is darker. A closing of size k holds the paper's
    brightness within k of the picture's edge (more beside a bright strip of scanner lid)
    at the level further in: where the light falls off toward an edge (a book's spine, a
    photo's corner) that is too bright, and the paper there would read as grey, its
    grain as ink."""
    out = paper.astype(np.float32)
    for view in (out, out.T):  # columns, then rows (a view: written through)
        n = view.shape[1]
        if n <= 2 * (reach + run):
            continue
        steps = np.arange(1, reach + 1, dtype=np.float32)
        for edge, inside, outward in ((n - 1 - reach, -run, steps), (reach, run, steps[::-1])):
            level = view[:, edge]
            slope = (level - view[:, edge + inside]) / run
            band = slice(edge + 1, n) if inside < 0 else slice(0, edge)
            line = level[:, None] + slope[:, None] * outward
            view[:, band] = np.minimum(view[:, band], line)
    return np.clip(out, 1, 255).astype(np.uint8)


def grain(grey: np.ndarray) -> float:
    """How grainy the picture is: the standard deviation of its pixel noise, grey levels."""
    second = cv2.filter2D(grey.astype(np.float32), -1, GRAIN_KERNEL)
    return float(np.median(np.abs(second))) / GRAIN_SPREAD


def degrained(grey: np.ndarray) -> np.ndarray:
    """The picture with a grainy scan's grain smoothed away: a median over 3 × 3 pixels
    removes specks a pixel or two wide and keeps print's strokes and dots."""
    return cv2.medianBlur(grey, 3)


def binarize(grey: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
    """255 where there is ink: Otsu on a lightly smoothed page (grey paper, noise, JPEG);
    where: the pixels the threshold is found on (all of them if None)."""
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    found = smooth if where is None or not where.any() else smooth[where]
    level, _ = cv2.threshold(found, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.threshold(smooth, level, 255, cv2.THRESH_BINARY_INV)[1]


def rotate(image: np.ndarray, degrees: float, fill: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(
        image,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )


def _sharpness(ink: np.ndarray, degrees: float) -> float:
    """Text lines and rules line up with the pixel rows when the page is straight: the row
    sums then change most sharply from row to row."""
    rows = rotate(ink, degrees, 0).sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_of(ink: np.ndarray) -> float:
    """The page's skew in degrees (counter-clockwise positive): a coarse search, then a
    fine one around the best angle, on a reduced copy of the ink."""
    factor = PROFILE_WIDTH / ink.shape[1]
    small = cv2.resize(ink, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25)
    best = max(coarse, key=lambda a: _sharpness(small, a))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return -float(max(fine, key=lambda a: _sharpness(small, a)))


def sideways(ink: np.ndarray) -> bool:
    """Does the page stand on its side? Its columns of pixels then line up with the text
    far better than its rows do."""
    factor = PROFILE_WIDTH / max(ink.shape)
    small = cv2.resize(ink, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    rows = max(_sharpness(small, a) for a in (-1.0, 0.0, 1.0))
    columns = max(_sharpness(np.ascontiguousarray(small.T), a) for a in (-1.0, 0.0, 1.0))
    return columns > SIDEWAYS * rows


def raster(grey: np.ndarray, dpi: int = DPI) -> Raster:
    """The page straightened; the skew is measured on the ink and undone on the grey."""
    ink = binarize(grey)
    skew = skew_of(ink)
    if abs(skew) >= 0.05:
        grey = rotate(grey, -skew, int(np.median(grey)))
        ink = binarize(grey)
    return Raster(grey, ink, 72 / dpi, skew)
