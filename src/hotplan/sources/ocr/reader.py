"""A scanned PDF read into the same `PdfPage`s as a born-digital one: rules from the page's
ink, characters from Tesseract's glyphs, one table cell at a time.

Each cell is read the way its column needs: 通番 and 取組施策No. as digits, the rating by
its shape, the rest as Japanese text. Which column is which comes from the header row's
labels, or, in a table without one, from the order the document's header gives. Text
outside the tables (headings, legend, page numbers) is read by Tesseract's own page
layout (margins.py). Every cell is kept as an `OcrCell` (page.py) with its confidence,
so review.py can point a person at each doubtful one with its picture."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.sources.ocr import engine
from hotplan.sources.ocr.doubled import doubled_glyph
from hotplan.sources.ocr.grid import Cell, Grid, walled
from hotplan.sources.ocr.header_labels import (
    ROLES,
    header_roles,
    label_foot,
    label_texts,
    read_as_labels,
)
from hotplan.sources.ocr.ink import faint_print, has_ink, small_ink, unread_ink
from hotplan.sources.ocr.language import better_reading
from hotplan.sources.ocr.leading import inside, spaced, stacked, straddles, unspaced
from hotplan.sources.ocr.legend_symbols import legend_lines, ruled_mask
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
from hotplan.sources.ocr.raster import (
    binarize,
    degrained,
)
from hotplan.sources.ocr.shapes import same_shape
from hotplan.sources.ocr.symbols import read_symbol
from hotplan.sources.ocr.votes import in_place, voted, with_chars
from hotplan.sources.ocr.widths import narrow_among_wide
from hotplan.sources.pdf.labels import squeeze

TEXT = ("departments", "direction")  # the roles read as Japanese text
SENSE = 85.0  # mean (least-glyph) confidence of text cells: upright print ~95, upside down ~70
BAND_PX = 3  # px of paper above and below a line of a cell read alone
DENOISE = 15  # strength of the denoising a header cell misread is read again with
LABEL_PT = 6.0  # a line read in a header cell lower than this is a shading's grain, no label
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


def _header_year(page: PageReading, lines: list[engine.TextLine]) -> str | None:
    """The year in the rating label (2024年度), its digits read again by the digit readers
    where Tesseract's reading is not four digits (20224)."""
    digits = [g for line in lines[:1] for g in line.glyphs if g.text.isdecimal()]
    if not digits:
        return None
    read = "".join(g.text for g in digits)
    if len(read) == 4:
        return read
    x0, y0 = min(g.box[0] for g in digits), min(g.box[1] for g in digits)
    x1, y1 = max(g.box[2] for g in digits), max(g.box[3] for g in digits)
    again, _ = engine.read_number(page.raster.grey[y0:y1, x0:x1], page.raster.ink[y0:y1, x0:x1])
    return again if len(again) == 4 else None


def _read_cell(page: PageReading, cell: Cell, role: str, ruled: np.ndarray | None = None) -> None:
    """One body cell: read as its role needs, added as characters and a record. A text
    cell's legend symbol (`○:実施` in a cell of its own) is read by its shape, the
    page's rules (ruled) no part of it."""
    faint = role == "rating" and faint_print(page, cell)
    if not (has_ink(page, cell) or faint):
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
        lines, larger = _read_block(page, cell), _read_block(page, cell, SECOND_ZOOM)
        legend = False  # a legend's `○:実施`: its colon is printed as it is printed
        if role == "text":
            fixed = [part for line in lines for part in legend_lines(page, line, ruled)]
            legend = lines_text(fixed) != lines_text(lines)
            lines, larger = fixed, [p for ln in larger for p in legend_lines(page, ln, ruled)]
        if better_reading(role, lines_text(larger), lines_text(lines), page.departments):
            lines, larger = larger, lines  # the two differ, so the cell is reviewed
        text, conf = lines_text(lines), least_conf(lines)
        readings = (text, lines_text(larger))
        if role == "direction":
            script = lines_text(_read_block(page, cell, kind="script"))
            if (chars := voted(text, [readings[1], script])) != list(flat(text)):
                chosen = in_place(text, chars)
                lines, text, readings = with_chars(lines, chars), chosen, (chosen, text)
        split = split_merged(page.raster.grey, lines, role, page.departments)
        if split is not None:  # two glyphs read as one: the cell is reviewed
            lines, text, readings = split, lines_text(split), (lines_text(split), text)
            doubtful = "glyph_split"
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
            third := lines_text(_read_block(page, cell, THIRD_ZOOM))
        ) != flat(text):
            doubtful, readings = "readings_differ", (text, third)
        page.add_lines(lines)
    # 担当課 cells keep their picture too: review.py may match a name to the registry; and
    # so do 取組の方向性 cells with a kanji thin print made OCR misread (misread_kanji.py).
    kept = role == "departments" or (role == "direction" and bool(misread_kanji(flat(text))))
    image = page.crop(cell.box) if doubtful or kept else None
    page.cells.append(
        OcrCell(page.number, role, page.pt(cell.box), text, conf, doubtful, image, readings)
    )


def _read_block(
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
    runs = engine.ink_rows(cut)
    wide, rows = spaced(grey, cut, runs)
    lines = unspaced(engine.read(wide, kind, (left, top), zoom), rows, top)
    if straddles(lines, runs, top):  # read line by line
        bands = [(max(0, a - BAND_PX), b + BAND_PX) for a, b in runs]
        lines = [ln for a, b in bands for ln in engine.read(grey[a:b], kind, (left, top + a), zoom)]
    # one line read as two, each half a line of the page tall: read alone, as a line
    split = stacked(lines, runs, top, float("inf"))  # (the page's lines measured only then)
    low = engine.HALVES * page.line_height() / page.raster.scale if split else 0.0
    for a, b in stacked(lines, split, top, low):
        band = (max(0, a - BAND_PX), b + BAND_PX)
        alone = engine.read(grey[band[0] : band[1]], "line", (left, top + band[0]), zoom)
        lines = [line for line in lines if not inside(line, (a, b), top)] + alone
    below = page.raster.grey[y0:, x0 + box[0] : x0 + box[2]]  # a band may reach past the cell
    lines += unread_rows(below, ink, (x0 + box[0], y0), lines)
    return sorted(lines, key=lambda line: line.box[1])


def _read_denoised(page: PageReading, cell: Cell) -> list[engine.TextLine]:
    """A cell read from its grey picture denoised (non-local means: a shading's grain goes,
    print's edges stay), its shading stretched to paper and its print to black."""
    x0, y0, x1, y1 = cell.box
    crop = cv2.fastNlMeansDenoising(page.raster.grey[y0:y1, x0:x1], None, DENOISE)
    paper, ink = float(np.median(crop)), float(np.percentile(crop, 0.5))
    lifted = np.clip((crop.astype(np.float32) - ink) * 255 / max(1.0, paper - ink), 0, 255)
    return engine.read(lifted.astype(np.uint8), "block", (x0, y0))


def _likeness(lines: list[engine.TextLine], label: str) -> float:
    return fuzz.ratio(squeeze(lines_text(lines)), squeeze(label)) if lines else 0.0


def _label_box(
    page: PageReading, cell: Cell, found: list[engine.TextLine], label: str
) -> tuple[int, int, int, int]:
    """Where a misread label stands: the line read most like it, of those tall enough to be
    print; else a line LABEL_PT tall across the cell's middle (the header row's lines
    are found level with each other, so a label set on a grain's sliver at the cell's
    foot would fall out of its row)."""
    least = LABEL_PT / page.raster.scale
    tall = [line for line in found if line.box[3] - line.box[1] >= least]
    if tall:
        return max(tall, key=lambda line: _likeness([line], label)).box
    x0, y0, x1, y1 = cell.box
    middle, half = (y0 + y1) // 2, round(least / 2)
    return (x0, middle - half, x1, middle + half)


@dataclass(frozen=True)
class HeaderRow:
    roles: list[str]
    cells: list[Cell]  # the labels' cells
    body: list[Cell]  # a row printed inside them, under the labels ([] where none is)


def _read_header(
    page: PageReading, cells: list[Cell], known: list[str] | None = None
) -> HeaderRow | None:
    """The row's roles if it is a header row (its labels become characters), else None;
    known: the roles of a row known to be a header, whose labels read too poorly to say.
    A row printed under the labels in the same cells (label_foot) is parted off, to be
    read as a row: its text is never taken for the labels'."""
    # (as printed: a label on a shading reads worse smoothed; misread, it is read denoised)
    lines = [_read_block(page, c, smooth=False) for c in cells]
    roles = header_roles(_texts(lines))
    if roles is None:  # labels hidden in a dark scan's shading: read them denoised
        lines = [_read_denoised(page, c) for c in cells]
        roles = header_roles(_texts(lines))
    roles = roles or known
    if roles is None:
        return None
    body: list[Cell] = []
    foot = label_foot(lines, roles)
    if foot is not None and not _in_fill(page, cells, foot):
        body = [Cell(c.table, c.row, c.column, (c.box[0], foot, c.box[2], c.box[3])) for c in cells]
        cells = [Cell(c.table, c.row, c.column, (*c.box[:3], foot)) for c in cells]
        lines = [[line for line in found if line.box[3] <= foot] for found in lines]
    year = _header_year(page, lines[v.RATING]) if len(lines) > v.RATING else None
    labels = label_texts(_texts(lines), roles, year)
    for cell, text, found in zip(cells, labels, lines, strict=True):
        if squeeze(lines_text(found)) != squeeze(text):
            # misread: where the label stands is read again denoised, and the closer
            # reading's place is the label's (the grain of a shading reads as junk
            # lines anywhere in the cell)
            again = _read_denoised(page, cell)
            if _likeness(again, text) > _likeness(found, text):
                found = again
        if squeeze(lines_text(found)) == squeeze(text):
            page.add_lines(found)
        else:  # the label as the layout knows it, over the line read most like it
            page.add_lines([spread(text, (0, 0), _label_box(page, cell, found, text))])
        page.cells.append(
            OcrCell(page.number, "header", page.pt(cell.box), text, least_conf(found))
        )
    return HeaderRow(roles, cells, body)


def _texts(lines: list[list[engine.TextLine]]) -> list[str]:
    """Each header cell's reading as one line of text."""
    return [lines_text(found).replace("\n", "") for found in lines]


def _in_fill(page: PageReading, cells: list[Cell], y: int) -> bool:
    """Is height y of a row inside a fill across it (a header's shading, whose grain
    reads as lines under the labels)?"""
    x0, x1 = cells[0].box[0], cells[-1].box[2]
    return any(f[1] < y < f[3] and f[0] <= x1 and f[2] >= x0 for f in page.fills)


def _read_row(
    page: PageReading, cells: list[Cell], roles: list[str], ruled: np.ndarray, probe: bool
) -> bool:
    """A row's cells read in their roles; False, probing (reading the page's first text
    cell), where that cell is less sure than an upright page's print (SENSE)."""
    for cell, role in zip(cells, roles, strict=True):
        _read_cell(page, cell, role, ruled)
        if probe and role in TEXT and page.cells[-1].text:
            if page.cells[-1].conf < SENSE:
                return False
            probe = False
    return True


def read_tables(page: PageReading, grid: Grid, probe: bool = False) -> bool:
    """Read every table's cells. probe: stop, answering False, when the page's first text
    cell read before any header row is less sure than an upright page's print (SENSE):
    the page is upside down, and reading on is seconds spent on nonsense."""
    ruled = ruled_mask(page.raster.grey.shape, grid)
    for table in range(len(grid.tables)):
        rows: dict[int, list[Cell]] = {}
        for cell in grid.cells:
            if cell.table == table:
                rows.setdefault(cell.row, []).append(cell)
        roles: list[str] | None = None
        for number in sorted(rows):
            cells = sorted(rows[number], key=lambda c: c.column)
            if roles is None:
                # fewer cells: a header on a dark fill hides column rules, the next row's
                # walls part its labels (if they are no header, the cells stay as found)
                tried = walled(cells, rows.get(number + 1, []), v.ROW_CELLS)
                header = _read_header(page, tried) if len(tried) == v.ROW_CELLS else None
                if header is not None:
                    roles, probe = header.roles, False  # a header read: the page stands upright
                    _rewalled(grid, cells, header.cells + header.body)
                    if header.body:
                        _read_row(page, header.body, roles, ruled, probe)
                    continue
            if 1 < len(cells) < v.ROW_CELLS:  # a wall a pale scan lost: its neighbours'
                found_cells = cells
                cells = walled(cells, rows.get(number - 1, []), v.ROW_CELLS)
                cells = walled(cells, rows.get(number + 1, []), v.ROW_CELLS)
                _rewalled(grid, found_cells, cells)
            # no header on this page: the document's order; not five cells: plain text
            use = (roles or list(ROLES)) if len(cells) == v.ROW_CELLS else ["text"] * len(cells)
            if len(cells) == v.ROW_CELLS and _note_row(page, cells, use):
                use = ["text"] * len(cells)
            chars, read = len(page.chars), len(page.cells)
            if not _read_row(page, cells, use, ruled, probe):
                return False
            probe = probe and not any(c.text for c in page.cells[read:] if c.role in TEXT)
            if len(cells) == v.ROW_CELLS and read_as_labels(page.cells[read:]):
                # the header printed again inside one ruled grid (a spreadsheet printed with
                # its gridlines: every table of the page is one grid), or one whose short
                # labels (通番, the rating's) a tired scan's navy fill left unreadable:
                # its long labels say it is a header
                del page.chars[chars:], page.cells[read:]
                header = _read_header(page, cells, roles or list(ROLES))
                assert header is not None  # known roles
                roles = roles or header.roles
                _rewalled(grid, cells, header.cells + header.body)
                if header.body:
                    _read_row(page, header.body, roles, ruled, False)
    return True


def _rewalled(grid: Grid, found: list[Cell], read: list[Cell]) -> None:
    """grid with a row's cells as found replaced by the cells it was read as (split by
    its neighbour's walls): the print outside the tables is read where no cell is, and
    a header cell the finder missed (通番, on a black-and-white scan's dark fill) was
    read there again, and joined to the legend line above it."""
    if read != found:
        grid.cells = [c for c in grid.cells if c not in found] + read


def _note_row(page: PageReading, cells: list[Cell], roles: list[str]) -> bool:
    """Is a row of a measure's cells a note, printed in its rating column only and no
    rating symbol? A spreadsheet printed with its gridlines rules every row of the
    sheet: the legend (`○:実施`) and a label (資料5-2) stand in the rating column of rows
    of their own. A measure's row has its 通番."""
    inked = [(cell, role) for cell, role in zip(cells, roles, strict=True) if has_ink(page, cell)]
    if len(inked) != 1 or inked[0][1] != "rating":
        return False
    x0, y0, x1, y1 = inked[0][0].box
    return read_symbol(page.raster.ink[y0:y1, x0:x1], page.raster.scale).doubtful
