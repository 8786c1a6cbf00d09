"""One scanned page read whole: its picture made even and straight, turned upright
(sideways by Tesseract's orientation detection, upside down where its tables make no
sense), its tables read cell by cell (reader.py) and the print around them
(margins.py), as a `PdfPage` the layout reads like a born-digital one."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hotplan.sources.ocr import engine
from hotplan.sources.ocr.box_stamps import box_stamps, stamp_box, unboxed
from hotplan.sources.ocr.cell_edges import cleared
from hotplan.sources.ocr.colour_stamps import uncoloured
from hotplan.sources.ocr.dark_fills import lightened
from hotplan.sources.ocr.fills import fill_boxes, noisy_fills, unfilled
from hotplan.sources.ocr.grey_washes import grey_washes, ungreywashed
from hotplan.sources.ocr.grid import Grid, find_grid
from hotplan.sources.ocr.hairlines import hairlines
from hotplan.sources.ocr.margins import read_outside
from hotplan.sources.ocr.page import OcrCell, PageReading
from hotplan.sources.ocr.raster import (
    DPI,
    GRAINY,
    binarize,
    even,
    grain,
    raster,
    sideways,
    unbordered,
)
from hotplan.sources.ocr.reader import SENSE, read_tables
from hotplan.sources.ocr.rule_pieces import Box
from hotplan.sources.ocr.sheet_holes import punched, unpunched
from hotplan.sources.ocr.sheet_lines import unlined
from hotplan.sources.ocr.sheet_marks import Stamp, stamps, unstamped
from hotplan.sources.ocr.unruled import with_unruled
from hotplan.sources.pdf.page import PdfPage


@dataclass
class ScannedPage:
    page: PdfPage
    cells: list[OcrCell]
    skew: float
    turn: int = 0  # degrees the scan was turned back (counter-clockwise) to stand upright


def read_page(
    picture: np.ndarray,
    number: int,
    width: float,
    height: float,
    departments: frozenset[str] = frozenset(),
) -> ScannedPage:
    """One page's picture (grey, or BGR, at DPI) read into characters and rules: stamps in
    coloured ink and a highlighter's marks taken off (colour_stamps.py, highlights.py:
    each kept for review), the scanner's dark borders made paper, evened out where lit
    unevenly, binder holes made paper (sheet_holes.py), a highlighter's marks on a grey
    scan taken off by their shape (grey_washes.py), round stamps and box stamps
    lighter than the print taken off (sheet_marks.py, box_stamps.py: each kept for
    review), a feeder's streaks and a fold's creases lifted out (sheet_lines.py), turned
    upright where scanned sideways (Tesseract's orientation detection), read again
    turned round where its tables make no sense (upside down).
    departments: the registry's names, which weigh two readings of a 担当課 cell."""
    grey, coloured, washed = uncoloured(picture, DPI)
    stamped = [_stamp_cell(picture, number, box) for box in coloured]
    stamped += [_stamp_cell(picture, number, box, "marker") for box in washed]
    grey = even(unbordered(grey))
    grey = unpunched(grey, punched(grey, DPI))
    marked = grey_washes(grey, DPI)
    stamped += [_stamp_cell(grey, number, wash.box, "marker") for wash in marked]
    grey = ungreywashed(grey, marked, DPI)
    marks, boxes = stamps(grey, DPI), box_stamps(grey, DPI)
    stamped += [_stamp_cell(grey, number, _box(mark)) for mark in marks]
    stamped += [_stamp_cell(grey, number, stamp_box(box, grey.shape)) for box in boxes]
    grey = unlined(unboxed(unstamped(grey, marks), boxes, DPI), 72 / DPI)
    turn = engine.orientation(grey) if sideways(binarize(grey)) else 0
    page, grid, upright = _read_turned(grey, number, turn, departments, probe=True)
    if not upright:  # its first cells read as nonsense: the other way up first
        flipped = (turn + 180) % 360
        page, grid, upright = _read_turned(grey, number, flipped, departments, probe=True)
        if upright:
            turn = flipped
        else:  # nonsense either way up (a poor scan): read as it lies, whole
            page, grid, _ = _read_turned(grey, number, turn, departments)
    if grid.tables and not _makes_sense(page):
        again, again_grid, _ = _read_turned(grey, number, (turn + 180) % 360, departments)
        if _makes_sense(again):
            page, grid, turn = again, again_grid, (turn + 180) % 360
    read_outside(page, grid)
    s = page.raster.scale
    hrules = [(r.x0 * s, r.x1 * s, r.y * s) for r in grid.hrules]
    vrules = [(r.x * s, r.y0 * s, r.y1 * s) for r in grid.vrules]
    if turn in (90, 270):
        width, height = height, width
    pdf_page = PdfPage(number, width, height, page.chars, hrules, vrules, [])
    return ScannedPage(pdf_page, page.cells + stamped, page.raster.skew, turn)


def _box(mark: Stamp) -> Box:
    """Where a round stamp stood, its ring included."""
    reach = mark.radius + mark.ring
    x0, y0 = max(0, round(mark.x - reach)), max(0, round(mark.y - reach))
    return x0, y0, round(mark.x + reach), round(mark.y + reach)


def _stamp_cell(picture: np.ndarray, number: int, box: Box, role: str = "stamp") -> OcrCell:
    """A stamp (or a highlighter's mark: role marker) taken off the page, for review: where
    it stood, and its picture (in colour where the scan is)."""
    x0, y0, x1, y1 = box
    png = cv2.imencode(".png", picture[y0:y1, x0:x1])[1].tobytes()
    k = 72 / DPI
    return OcrCell(number, role, (x0 * k, y0 * k, x1 * k, y1 * k), "", 100.0, role, png)


def _read_turned(
    grey: np.ndarray, number: int, turn: int, departments: frozenset[str], probe: bool = False
) -> tuple[PageReading, Grid, bool]:
    """The page's tables read with the picture turned counter-clockwise by turn degrees,
    and whether they were read through; probe: not where the first text cell reads as
    nonsense (reader.read_tables)."""
    picture = lightened(raster(np.ascontiguousarray(np.rot90(grey, turn // 90))))
    page = PageReading(number, picture, departments=departments)
    r = page.raster
    # Rules and tables are looked for without the fills: a shaded header scanned dark is
    # ink whose grain the rule finder would take for short rules across the header.
    # A noisy fill's grain is no rule either, and hides the white corridors of unruled
    # tables: those are looked for on the ink with noisy fills thresholded on their own.
    page.shading = noisy_fills(r.grey, r.scale)
    page.fills = fill_boxes(page.shading)
    page.grainy = grain(r.grey) >= GRAINY
    # (hairline gridlines, which the page's threshold broke, are rules too, and so is
    # a rule along a fill's edge that the fill's own threshold broke)
    ink = unfilled(r.ink, r.grey, r.scale) | hairlines(r.grey)
    grid = find_grid(ink, r.scale, page.fills)
    grid = with_unruled(grid, unfilled(r.ink, r.grey, r.scale, page.shading), r.scale, r.grey)
    grid = cleared(grid, r.ink, r.scale)
    return page, grid, read_tables(page, grid, probe)


def _makes_sense(page: PageReading) -> bool:
    """Did the tables read as a report's (a header row found, or text read with some
    confidence)? Upside-down print reads as neither."""
    if any(c.role == "header" for c in page.cells):
        return True
    text = [c.conf for c in page.cells if c.role in ("departments", "direction") and c.text]
    return bool(text) and sum(text) / len(text) >= SENSE
