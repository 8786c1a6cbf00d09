"""A scanned page as a straight grey picture: rendered by PDFium, uneven lighting divided
out, skew measured by the sharpness of its row profile and rotated away, ink separated
from paper."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr.blobs import blobs

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
