"""Rules printed or sent in pieces still part a scanned table's rows (sources/ocr/grid.py,
rule_pieces.py): a spreadsheet's dotted (点線) and dashed (破線) borders, and hairlines a
standard-mode fax kept only in pieces. Two tables side by side stay two. A wall a dark
header cell's edge thickens at one end is still a wall."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

import hotplan
from conftest import require_tesseract
from hotplan.sources.ocr.grid import find_grid
from pdf_fixtures import STYLES, make_pdf
from scans import SCAN_STYLES, scan_pdf

SCALE = 72 / 200  # points per pixel at 200 dpi
WALLS = (40, 100, 150, 320, 880, 960)  # a measure table's five columns


def _walls(ink: np.ndarray, top: int, foot: int, walls: tuple[int, ...] = WALLS) -> None:
    for x in walls:
        ink[top:foot, x : x + 2] = 255


def _glyphs(ink: np.ndarray, rows: tuple[int, ...]) -> None:
    """A line of print in each row's text column: blobs as tall as glyphs."""
    for top in rows[:-1]:
        for x in range(340, 860, 30):
            ink[top + 20 : top + 45, x : x + 22] = 255


@pytest.mark.parametrize(("on", "off"), [(3, 5), (8, 5), (2, 3)])
def test_a_dotted_or_dashed_row_rule_parts_the_rows(on, off):
    """Excel's dotted and dashed borders between rows, scanned: dots and dashes a few
    pixels long, shorter than any rule, were no rule, and a page's rows were read as
    one (5 of 32 rows read on six pages)."""
    ink = np.zeros((700, 1000), np.uint8)
    rows = (40, 160, 280, 400, 520)
    ink[40:42, 40:962] = ink[520:522, 40:962] = 255  # the table's frame, solid
    for y in rows[1:-1]:
        for x in range(42, 960, on + off):
            ink[y : y + 2, x : x + on] = 255
    _walls(ink, 40, 522)
    _glyphs(ink, rows)
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(4)}


def _dotted_table(on: int, off: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """A table with every border inside its frame dotted or dashed (Excel's 点線 or
    破線 on all of them), print in its text column."""
    ink = np.zeros((700, 1000), np.uint8)
    rows = (40, 160, 280, 400, 520)
    ink[40:42, 40:962] = ink[520:522, 40:962] = 255
    _walls(ink, 40, 522, (WALLS[0], WALLS[-1]))
    for y in rows[1:-1]:
        for x in range(42, 960, on + off):
            ink[y : y + 2, x : x + on] = 255
    for x in WALLS[1:-1]:
        for y in range(42, 520, on + off):
            ink[y : y + on, x : x + 2] = 255
    _glyphs(ink, rows)
    return ink, rows


@pytest.mark.parametrize(("on", "off"), [(3, 5), (8, 5), (2, 3)])
def test_a_dotted_or_dashed_wall_between_columns_parts_the_cells(on, off):
    """Every border dotted: each dot of a wall between columns is too short to be a
    rule, so a row's cells ran into one another (27 of 32 rows on six pages, 77 errors)."""
    ink, _ = _dotted_table(on, off)
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(4)}
    lefts = sorted({c.box[0] for c in grid.cells})
    assert [left - wall for left, wall in zip(lefts, WALLS, strict=False)] == [
        pytest.approx(5, abs=3)
    ] * 5


@pytest.mark.parametrize("beside", [False, True])
def test_a_glyphs_pieces_in_line_are_no_wall_but_dots_standing_clear_are(beside):
    """A fax, or a navy header turned light, breaks glyphs up: pieces of their upright
    strokes lie in line from rule to rule like a dotted wall's dots (closing every thin
    mark down the page split cells so: a standard fax lost 22 of 156 rows). A dotted
    wall stands clear; a glyph's pieces have the rest of the glyph beside them."""
    ink, rows = _dotted_table(3, 5)
    for top in rows[:-1]:
        for y in range(top + 6, top + 110, 12):
            ink[y : y + 8, 250:253] = 255  # a stroke's pieces, in line
            if beside:
                ink[y + 2 : y + 5, 255:266] = 255  # the glyph's other strokes
    cells = Counter(c.row for c in find_grid(ink, SCALE).cells)
    assert cells == {row: 5 if beside else 6 for row in range(4)}


def test_a_wall_thickened_at_one_end_by_a_dark_cells_edge_is_still_a_wall():
    """A fax of a navy header: the rating label's cell left a block of ink 11 px wide at
    the table's right wall, 61 px of its 559. As one run the wall was too thick for a
    rule, so every row had four cells and the table was dropped (rows 20-24 lost)."""
    ink = np.zeros((700, 1000), np.uint8)
    rows = (40, 100, 220, 340, 460, 580)
    for y in rows:
        ink[y : y + 2, 40:962] = 255
    _walls(ink, 40, 582)
    ink[42:100, 950:960] = 255  # the header cell's edge, on the wall's inner side
    _glyphs(ink, rows[1:])
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(5)}
    assert max(round(r.x) for r in grid.vrules) == 961
    blot = np.zeros((700, 1000), np.uint8)  # ink thick all along is a fill, no rule
    blot[40:582, 500:530] = 255
    assert find_grid(blot, SCALE).vrules == []


def test_thin_marks_far_apart_in_a_line_are_no_rule():
    """Long-vowel marks and stops along one line of print, each a thin blob, are further
    apart than a dotted rule's dots: the cell stays one."""
    ink = np.zeros((400, 1000), np.uint8)
    ink[40:42, 40:962] = ink[300:302, 40:962] = 255
    _walls(ink, 40, 302)
    for x in range(340, 860, 36):  # ー ー ー … a glyph's width apart
        ink[170:173, x : x + 24] = 255
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {0: 5}


def test_a_hairline_faxed_in_pieces_parts_the_rows_and_keeps_the_table_whole():
    """A fax in standard mode keeps a hairline only where it ran along a scanned line's
    middle: pieces 40-70 pt long, as far apart, a line lower each along the skew. The
    text column's pieces touched no wall, so the table fell apart into three tables and
    no row was read (1 of 156 rows)."""
    ink = np.zeros((700, 1000), np.uint8)
    rows = (40, 160, 280, 400, 520)
    for k, y in enumerate(rows):
        for i, x0 in enumerate(range(60 + 25 * k, 960, 300)):
            ink[y + i % 2 : y + 2 + i % 2, x0 : min(x0 + 150, 962)] = 255
    _walls(ink, 40, 522)
    _glyphs(ink, rows)
    grid = find_grid(ink, SCALE)
    assert len(grid.tables) == 1
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(4)}


def test_two_tables_side_by_side_their_rules_in_line_stay_two():
    """Two pages printed on one sheet: each table's rules end at its own frame, a gap
    apart; joined as one broken rule they would make one table of ten columns."""
    ink = np.zeros((500, 2000), np.uint8)
    right = tuple(x + 960 for x in WALLS)
    for y in (40, 160, 280, 400):
        ink[y : y + 2, 40:962] = ink[y : y + 2, 1000:1922] = 255
    _walls(ink, 40, 402)
    _walls(ink, 40, 402, right)
    grid = find_grid(ink, SCALE)
    assert len(grid.tables) == 2
    assert Counter((c.table, c.row) for c in grid.cells) == {
        (t, row): 5 for t in range(2) for row in range(3)
    }


@pytest.mark.parametrize(
    ("rules", "columns", "style"),
    [
        ("dotted", "solid", "tired200"),
        ("dashed", "solid", "bw200"),
        # every border dotted: the walls between columns were no rules (27 of 32 rows
        # on 6 pages, 77 errors)
        ("dotted", "dotted", "tired200"),
        ("dashed", "dashed", "bw200"),
    ],
)
def test_a_scan_of_a_table_with_dotted_row_borders_reads_as_its_pdf(
    rules, columns, style, default_extraction, tmp_path
):
    require_tesseract()
    records = default_extraction.items.to_dict("records")[:8]
    printed = replace(STYLES["word"], name=rules, row_rules=rules, col_rules=columns)
    digital = make_pdf(records, 2024, printed, tmp_path / "report.pdf")
    truth = hotplan.extract(digital.path).items
    x = hotplan.extract(scan_pdf(digital.path, tmp_path / "scan.pdf", SCAN_STYLES[style]), jobs=1)
    assert x.items["serial"].tolist() == truth["serial"].tolist() == list(range(1, 9))
    for column in ("code", "measure_no", "rating", "departments"):
        assert x.items[column].tolist() == truth[column].tolist(), column
