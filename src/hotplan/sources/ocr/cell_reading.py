"""One table cell read as its role needs: 通番 and 取組施策No. as digits, the rating by
its shape, the rest as Japanese text read at two sizes (three for 取組の方向性), and
every reason to doubt the reading recorded with the cell's picture for review."""

from __future__ import annotations

import cv2
import numpy as np

from hotplan.sources.ocr import engine, ink_lines
from hotplan.sources.ocr.doubled import doubled_glyph
from hotplan.sources.ocr.grid import Cell
from hotplan.sources.ocr.ink import faint_print, has_ink, printed_only, small_ink, unread_ink
from hotplan.sources.ocr.language import better_reading
from hotplan.sources.ocr.leading import inside, spaced, stacked, straddles, unspaced
from hotplan.sources.ocr.legend_symbols import legend_lines
from hotplan.sources.ocr.marks import other_mark
from hotplan.sources.ocr.merged import split_merged
from hotplan.sources.ocr.misread_kanji import misread_kanji
from hotplan.sources.ocr.natural import natural_version
from hotplan.sources.ocr.page import (
    DOUBT,
    OcrCell,
    PageReading,
    flat,
    least_conf,
    lines_text,
    spread,
    unread_rows,
)
from hotplan.sources.ocr.page_refs import latin_page_refs
from hotplan.sources.ocr.raster import binarize, degrained
from hotplan.sources.ocr.shapes import same_shape
from hotplan.sources.ocr.symbols import read_symbol
from hotplan.sources.ocr.votes import in_place, voted, with_chars
from hotplan.sources.ocr.widths import narrow_among_wide
from hotplan.typos.conventions import misread_brackets

BAND_PX = 3  # px of paper above and below a line of a cell read alone
DENOISE = 15  # strength of the denoising a header cell misread is read again with
# On the 7 header rows of a 150 dpi grey scan of Calc's navy header, 0.1 read the year
# in each (0.15 in 6, 0.2 in 5); bold print read as it is, in none.
THIN, THIN_ZOOM = 0.1, 2.0
SECOND_ZOOM = 1.5  # a text cell is read a second time this much larger: where the two
# readings differ, at least one is wrong
# … and a 取組の方向性 cell whose two readings agree, once more at this size: both readings
# sometimes make up the same glyph from one printed character (でひきる for できる, 人入門
# for 入門) or misread the same kanji (店内 for 庁内), which a third size reads otherwise.
# On the 14 scans of `make eval-ocr` (7 styles, Word and Excel renditions) it found 11 of
# the 22 wrong cells nothing else pointed at, for 5-15 more cells to review per scan and
# 0.3-0.5 s a page.
THIRD_ZOOM = 2.0
# A glyph the enlarged reading is this unsure of makes the cell doubtful too, where the
# readings agree: Tesseract makes up 上 from the left of 既 (や、上既存 for や、既存) at every
# size, sure of it at 1x (94) but not at 1.5x (78). Lower than DOUBT: the enlarged reading
# is the less sure one. On `make eval-ocr` it adds 0-3 cells to review per scan.
LARGER_DOUBT = 80.0


def read_cell(page: PageReading, cell: Cell, role: str, ruled: np.ndarray | None = None) -> None:
    """One body cell: read as its role needs, added as characters and a record. A text
    cell's legend symbol (`○:実施` in a cell of its own) is read by its shape, the
    page's rules (ruled) no part of it. A cell whose edges were found a pixel apart has
    no picture, and nothing in it."""
    faint = not cell.empty and role == "rating" and faint_print(page, cell)
    if cell.empty or not (has_ink(page, cell) or faint):
        page.cells.append(OcrCell(page.number, role, page.pt(cell.box), "", 100.0))
        return
    x0, y0, x1, y1 = cell.box
    ink = page.raster.ink[y0:y1, x0:x1]
    readings: tuple[str, ...] = ()
    doubtful = None
    if role == "rating":
        symbol = read_symbol(ink, page.raster.scale)
        if symbol.doubtful or faint:  # thin print the page's threshold broke: the cell's own
            again = read_symbol(binarize(page.raster.grey[y0:y1, x0:x1]), page.raster.scale)
            symbol = symbol if again.doubtful else again
        text, conf = symbol.text, (50.0 if symbol.doubtful else 99.0)
        if symbol.box is not None:
            page.add_lines([spread(text, (x0, y0), symbol.box)])
        doubtful = "doubtful_symbol" if symbol.doubtful else None
    elif role in ("serial", "measure_no"):
        text, readings = engine.read_number(page.raster.grey[y0:y1, x0:x1], ink)
        conf = 99.0 if len(set(readings)) == 1 and text else 50.0
        if not text:  # the row keeps a number, so it stays a row; review.py repairs it
            doubtful = "unreadable_number"
        elif conf < DOUBT:
            doubtful = "number_vote"
        box = engine.glyph_box(ink, margin=0) or (0, 0, x1 - x0, y1 - y0)
        page.add_lines([spread(text or "0", (x0, y0), box)])
    else:
        lines, unprinted = read_printed(page, cell)
        larger = read_printed(page, cell, SECOND_ZOOM)[0]
        legend = False  # a legend's `○:実施`: its colon is printed as it is printed
        if role == "text":
            fixed = [part for line in lines for part in legend_lines(page, line, ruled)]
            legend = lines_text(fixed) != lines_text(lines)
            lines, larger = fixed, [p for ln in larger for p in legend_lines(page, ln, ruled)]
        if better_reading(role, lines_text(larger), lines_text(lines), page.departments):
            lines, larger = larger, lines  # the two differ, so the cell is reviewed
        text, conf = lines_text(lines), least_conf(lines)
        readings = (text, lines_text(larger))
        if role == "departments" and (refs := latin_page_refs(page.raster.grey, lines)) != lines:
            lines, text, readings = refs, lines_text(refs), (lines_text(refs), text)
        if role == "direction":
            script = lines_text(read_printed(page, cell, kind="script")[0])
            if (chars := voted(text, [readings[1], script])) != list(flat(text)):
                chosen = in_place(text, chars)
                lines, text, readings = with_chars(lines, chars), chosen, (chosen, text)
        split = split_merged(page.raster.grey, lines, role, page.departments)
        if split is not None:  # two glyphs read as one: the cell is reviewed
            lines, text, readings = split, lines_text(split), (lines_text(split), text)
            doubtful = "glyph_split"
        elif unprinted:
            doubtful, readings = "unprinted", (text, unprinted)
        elif conf < DOUBT:
            doubtful = "low_confidence"
        elif flat(readings[0]) != flat(readings[1]):
            doubtful = "readings_differ"
        elif unread_ink(page, cell, lines):
            doubtful = "unread_ink"
        elif small_ink(page, ink, text):
            doubtful = "small_ink"
        elif narrow_among_wide(text) and not legend:
            doubtful = "mark_width"
        elif same_shape(text):
            doubtful = "same_shape"
        elif (other := other_mark(text, [lines, larger])) is not None:
            doubtful, readings = "voicing_mark", (text, other)
        elif (single := doubled_glyph(text, [lines, larger])) is not None:
            doubtful, readings = "doubled_glyph", (text, single)
        elif (fluent := natural_version(text, [lines, larger])) is not None:
            doubtful, readings = "unnatural", (text, fluent)
        elif (unsure := least_conf(larger)) < LARGER_DOUBT:
            doubtful, conf = "low_confidence", unsure
        elif role == "direction" and flat(
            third := lines_text(read_printed(page, cell, THIRD_ZOOM, "plain")[0])
        ) != flat(text):
            doubtful, readings = "readings_differ", (text, third)
        page.add_lines(lines)
    # 担当課 cells keep their picture too: review.py may match a name to the registry; and
    # so do 取組の方向性 cells with a kanji thin print made OCR misread (misread_kanji.py)
    # or a bracket read as a look-alike.
    kept = role == "departments" or (
        role == "direction" and bool(misread_kanji(flat(text)) or misread_brackets(flat(text)))
    )
    image = page.crop(cell.box) if doubtful or kept else None
    page.cells.append(
        OcrCell(page.number, role, page.pt(cell.box), text, conf, doubtful, image, readings)
    )


def read_printed(
    page: PageReading, cell: Cell, zoom: float = 1.0, kind: str = "block"
) -> tuple[list[engine.TextLine], str]:
    """A text cell read as one block (read_block), without the glyphs read over no print
    (a back page's print showing through: ink.printed_only), and what those read."""
    return printed_only(page, cell, read_block(page, cell, zoom, kind=kind))


def read_block(
    page: PageReading, cell: Cell, zoom: float = 1.0, smooth: bool = True, kind: str = "block"
) -> list[engine.TextLine]:
    """A text cell read as one block, cut to its ink (a word alone in a wide cell is then
    found), its lines set apart where printed close (leading.py), and read one by one
    where Tesseract read one over two. Tesseract drops a
    short line of kanji now and then (指導課 above 教育センター): a line of ink it read
    nothing in is read again alone, larger."""
    x0, y0, x1, y1 = cell.box
    ink = page.raster.ink[y0:y1, x0:x1]
    box = engine.ink_box(ink, margin=3)
    if box is None:
        return []
    grey = page.raster.grey[y0 + box[1] : y0 + box[3], x0 + box[0] : x0 + box[2]]
    if smooth and page.grainy:  # a grainy scan's print reads better with its grain smoothed
        grey = cv2.GaussianBlur(degrained(grey), (3, 3), 0)
    cut, left, top = ink[box[1] : box[3], box[0] : box[2]], x0 + box[0], y0 + box[1]
    runs = ink_lines.ink_rows(cut)
    wide, rows = spaced(grey, cut, runs)
    lines = unspaced(engine.read(wide, kind, (left, top), zoom), rows, top)
    if straddles(lines, runs, top):  # read line by line
        bands = [(max(0, a - BAND_PX), b + BAND_PX) for a, b in runs]
        lines = [ln for a, b in bands for ln in engine.read(grey[a:b], kind, (left, top + a), zoom)]
    # one line read as two, each half a line of the page tall: read alone, as a line
    split = stacked(lines, runs, top, float("inf"))  # (the page's lines measured only then)
    low = ink_lines.HALVES * page.line_height() / page.raster.scale if split else 0.0
    for a, b in stacked(lines, split, top, low):
        band = (max(0, a - BAND_PX), b + BAND_PX)
        alone = engine.read(grey[band[0] : band[1]], "line", (left, top + band[0]), zoom)
        lines = [line for line in lines if not inside(line, (a, b), top)] + alone
    below = page.raster.grey[y0:, x0 + box[0] : x0 + box[2]]  # a band may reach past the cell
    lines += unread_rows(below, ink, (x0 + box[0], y0), lines)
    return sorted(lines, key=lambda line: line.box[1])


def read_denoised(page: PageReading, cell: Cell, zoom: float = 1.0) -> list[engine.TextLine]:
    """A cell read from its grey picture denoised (non-local means: a shading's grain goes,
    print's edges stay), its shading stretched to paper and its print to black. A cell
    whose edges were found a pixel apart has nothing to read."""
    if cell.empty:
        return []
    x0, y0, x1, y1 = cell.box
    crop = cv2.fastNlMeansDenoising(page.raster.grey[y0:y1, x0:x1], None, DENOISE)
    paper, ink = float(np.median(crop)), float(np.percentile(crop, 0.5))
    lifted = np.clip((crop.astype(np.float32) - ink) * 255 / max(1.0, paper - ink), 0, 255)
    return engine.read(lifted.astype(np.uint8), "block", (x0, y0), zoom)


def read_thinned(page: PageReading, cell: Cell, zoom: float = 1.0) -> list[engine.TextLine]:
    """A cell of bold print a blurred scan swelled into blobs read from its darkest
    pixels only (THIN of the way from its ink to its paper), enlarged (THIN_ZOOM, zoom
    times more): a 150 dpi scan of a dark header's small labels, turned, read as junk
    (2024年度進捗評価 as `の`), and every row lost its year."""
    if cell.empty:
        return []
    x0, y0, x1, y1 = cell.box
    crop = page.raster.grey[y0:y1, x0:x1]
    ink, paper = float(np.percentile(crop, 1)), float(np.median(crop))
    thin = np.where(crop < ink + THIN * (paper - ink), 0, 255).astype(np.uint8)
    return engine.read(thin, "block", (x0, y0), THIN_ZOOM * zoom)
