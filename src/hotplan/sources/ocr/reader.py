"""A scanned PDF read into the same `PdfPage`s as a born-digital one: rules from the page's
ink, characters from Tesseract's glyphs, one table cell at a time.

Each cell is read the way its column needs (cell_reading.py). Which column is which
comes from the header row's labels, or, in a table without one, from the order the
document's header gives. Text outside the tables (headings, legend, page numbers) is
read by Tesseract's own page layout (margins.py). Every cell is kept as an `OcrCell`
(page.py) with its confidence, so review.py can point a person at each doubtful one with
its picture."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.sources.ocr import engine
from hotplan.sources.ocr.cell_reading import (
    SECOND_ZOOM,
    read_block,
    read_cell,
    read_denoised,
    read_thinned,
)
from hotplan.sources.ocr.grid import Cell, Grid, walled
from hotplan.sources.ocr.header_labels import (
    ROLES,
    header_roles,
    label_foot,
    label_texts,
    read_as_labels,
)
from hotplan.sources.ocr.ink import has_ink
from hotplan.sources.ocr.legend_symbols import ruled_mask
from hotplan.sources.ocr.page import (
    OcrCell,
    PageReading,
    least_conf,
    lines_text,
    spread,
)
from hotplan.sources.ocr.symbols import read_symbol
from hotplan.sources.pdf.labels import squeeze

TEXT = ("departments", "direction")  # the roles read as Japanese text
SENSE = 85.0  # mean (least-glyph) confidence of text cells: upright print ~95, upside down ~70
LABEL_PT = 6.0  # a line read in a header cell lower than this is a shading's grain, no label


class Reading(Protocol):
    """A way of reading a header cell, at a size (zoom) of choice."""

    def __call__(
        self, page: PageReading, cell: Cell, zoom: float = 1.0
    ) -> list[engine.TextLine]: ...


def _as_printed(page: PageReading, cell: Cell, zoom: float = 1.0) -> list[engine.TextLine]:
    """A header cell read as printed: a label on a shading reads worse smoothed."""
    return read_block(page, cell, zoom, smooth=False)


def _header_year(
    page: PageReading, cell: Cell, lines: list[engine.TextLine], read: Reading
) -> str | None:
    """The year in the rating label (2024年度) where a second reading of the label the
    same way (read), 1.5 times larger, reads the same year: a laser print's halftoned
    navy header, scanned, read 2023 and 2033 for 2024 at 99% confidence, and 2024
    larger. Where the label reads no year, its darkest pixels are read instead (bold
    print a blurred scan swelled), twice the same way. None where no year is read or the
    two readings differ (headings.py gives the label the document's year, with a
    finding)."""
    year = _year_read(page, lines)
    if year is None:
        read = read_thinned
        year = _year_read(page, read(page, cell))
        if year is None:
            return None
    again = _year_read(page, read(page, cell, SECOND_ZOOM))
    return year if again == year else None


def _year_read(page: PageReading, lines: list[engine.TextLine]) -> str | None:
    """The year in one reading of the rating label, its digits read again by the digit
    readers where Tesseract's reading is not four digits (20224)."""
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


def _likeness(lines: list[engine.TextLine], label: str) -> float:
    return fuzz.ratio(squeeze(lines_text(lines)), squeeze(label)) if lines else 0.0


def _label_box(
    page: PageReading, cell: Cell, found: list[engine.TextLine], label: str
) -> tuple[int, int, int, int]:
    """Where a misread label stands: the line read most like it, of those tall enough to be
    print, within the cell (a fax's 通番, read as `E直`, was boxed from above the
    table's top rule: the layout found no header, and the table's row was lost); else a
    line LABEL_PT tall in the cell's middle (the header row's lines are
    found level with each other, so a label set on a grain's sliver at the cell's foot
    would fall out of its row), its glyphs as wide as tall, half a glyph clear of the
    cell's sides at least: the layout parts labels at the gaps between them, and 通番
    set across its cell, which a 150 dpi scan's grid drew overlapping the next one, ran
    into 取組施策No. (the header, and the rows of its table, were lost)."""
    least = LABEL_PT / page.raster.scale
    tall = [line for line in found if line.box[3] - line.box[1] >= least]
    x0, y0, x1, y1 = cell.box
    if tall:  # within its cell: a misread line's box may reach out over the rule above
        a, b, c, d = max(tall, key=lambda line: _likeness([line], label)).box
        return (max(a, x0), max(b, y0), min(c, x1), min(d, y1))
    middle, half = (y0 + y1) // 2, round(least / 2)
    width = max(1, min(x1 - x0 - 2 * half, round(len(label) * least)))
    left = (x0 + x1 - width) // 2
    return (left, middle - half, left + width, middle + half)


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
    read: Reading = _as_printed
    lines = [read(page, c) for c in cells]
    roles = header_roles(_texts(lines))
    if roles is None:  # labels hidden in a dark scan's shading: read them denoised
        read = read_denoised
        lines = [read(page, c) for c in cells]
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
    year = (
        _header_year(page, cells[v.RATING], lines[v.RATING], read)
        if len(lines) > v.RATING
        else None
    )
    labels = label_texts(_texts(lines), roles, year)
    for cell, text, found in zip(cells, labels, lines, strict=True):
        if squeeze(lines_text(found)) != squeeze(text):
            # misread: where the label stands is read again denoised, and the closer
            # reading's place is the label's (the grain of a shading reads as junk
            # lines anywhere in the cell)
            again = read_denoised(page, cell)
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
        read_cell(page, cell, role, ruled)
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
                # fewer cells: a header on a dark fill hides column rules, the walls of
                # the next row that has them all part its labels (a one-line row under
                # it may have lost one too); if they are no header, the cells stay as found
                below = (rows[n] for n in sorted(rows) if n > number)
                full = next((row for row in below if len(row) == v.ROW_CELLS), [])
                tried = walled(cells, full, v.ROW_CELLS)
                header = _read_header(page, tried) if len(tried) == v.ROW_CELLS else None
                if header is not None:
                    roles, probe = header.roles, False  # a header read: the page stands upright
                    _placed(page, grid, cells, header, roles, ruled)
                    continue
            if 1 < len(cells) < v.ROW_CELLS:  # a wall a pale scan lost: its neighbours'
                found_cells = cells
                cells = walled(cells, rows.get(number - 1, []), v.ROW_CELLS)
                cells = walled(cells, rows.get(number + 1, []), v.ROW_CELLS)
                _rewalled(grid, found_cells, cells)
            read = len(page.cells)
            done, roles = _read_body(page, grid, cells, roles, ruled, probe)
            if not done:
                return False
            # a text cell read (or a header: the page stands upright) ends probing
            probe = probe and not any(
                c.text for c in page.cells[read:] if c.role in (*TEXT, "header")
            )
    return True


def _read_body(
    page: PageReading,
    grid: Grid,
    cells: list[Cell],
    roles: list[str] | None,
    ruled: np.ndarray,
    probe: bool,
) -> tuple[bool, list[str] | None]:
    """A row read in its roles (without a header on the page, the document's order; not
    five cells, plain text), and the roles of the rows after it. A row that read as the
    header's labels is read again as a header row, and a row printed inside its cells
    after it: a spreadsheet printed with its gridlines is one grid, its header printed
    again in it, twice over where the sheet's title rows repeat above a table's own
    header (and a rule between the two lost in a scan's shading makes them one row);
    a tired scan's navy fill can leave a header's short labels (通番, the rating's)
    unreadable, and its long labels say it is a header. False where probing stopped."""
    use = (roles or list(ROLES)) if len(cells) == v.ROW_CELLS else ["text"] * len(cells)
    if len(cells) == v.ROW_CELLS and _note_row(page, cells, use):
        use = ["text"] * len(cells)
    chars, read = len(page.chars), len(page.cells)
    if not _read_row(page, cells, use, ruled, probe):
        return False, roles
    if len(cells) == v.ROW_CELLS and read_as_labels(page.cells[read:]):
        del page.chars[chars:], page.cells[read:]
        header = _read_header(page, cells, roles or list(ROLES))
        assert header is not None  # known roles
        roles = roles or header.roles
        _placed(page, grid, cells, header, roles, ruled)
    return True, roles


def _placed(
    page: PageReading,
    grid: Grid,
    found: list[Cell],
    header: HeaderRow,
    roles: list[str],
    ruled: np.ndarray,
) -> None:
    """A header read from a row's cells as found: its cells put in the grid in their place,
    and a row printed inside them, under its labels, read (a header again, perhaps)."""
    _rewalled(grid, found, header.cells + header.body)
    if header.body:
        _read_body(page, grid, header.body, roles, ruled, False)


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
