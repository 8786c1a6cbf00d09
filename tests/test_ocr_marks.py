"""Marks made on a printed report before it was scanned — a receipt stamp's ring, a pen's
tick — are no part of its tables (sources/ocr/grid.py, unruled.py). No Tesseract needed."""

from __future__ import annotations

from collections import Counter

import cv2
import numpy as np

from hotplan.sources.ocr.grid import find_grid
from hotplan.sources.ocr.sheet_marks import unmarked
from hotplan.sources.ocr.unruled import _summed, unruled_grid

SCALE = 72 / 200  # points per pixel at 200 dpi
COLUMNS = [(50, 76), (110, 132), (160, 300), (330, 850), (900, 922)]  # print in each column


def _ring(ink: np.ndarray, centre: tuple[int, int], radius: int, width: int = 6) -> None:
    cv2.circle(ink, centre, radius, 255, width)


def test_a_stamp_across_a_ruled_table_adds_no_column():
    """A 受付 stamp's ring over two rows: where it runs nearly upright it is a tall thin
    run of ink, taken for a column rule in those rows (six and nine cells instead of
    five, the row's text read into the rating column). A wall most rows lack, that runs
    on past its row's rules (so does a pen's straight stroke), is no wall, and layout is
    not given it either."""
    ink = np.zeros((900, 1000), np.uint8)
    rows = (40, 160, 280, 400, 520, 640, 760)
    for y in rows:
        ink[y : y + 2, 40:962] = 255
    for x in (40, 100, 150, 320, 880, 960):
        ink[40:762, x : x + 2] = 255
    _ring(ink, (600, 340), 110)
    ink[300:470, 700:703] = 255  # a pen's straight stroke down across a rule
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(6)}
    assert sorted(round(r.x) for r in grid.vrules) == [41, 101, 151, 321, 881, 961]


def test_a_stamp_on_the_header_of_a_one_row_table_adds_no_column():
    """A table of a header and one row, the stamp's ring over the header: its sides
    stood in one band of two, and split the header into nine cells (no header found,
    the row lost)."""
    ink = np.zeros((600, 1000), np.uint8)
    for y in (100, 240, 380):
        ink[y : y + 2, 40:962] = 255
    for x in (40, 100, 150, 320, 880, 960):
        ink[100:382, x : x + 2] = 255
    _ring(ink, (600, 150), 110)
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {0: 5, 1: 5}


def test_a_wall_of_its_own_band_stays():
    """A row split once more than the others (a sub-header) keeps its extra wall: the wall
    meets its band's rules at both ends."""
    ink = np.zeros((900, 1000), np.uint8)
    for y in (40, 160, 280, 400, 520):
        ink[y : y + 2, 40:962] = 255
    for x in (40, 320, 960):
        ink[40:522, x : x + 2] = 255
    ink[160:282, 600:602] = 255  # row 1 only
    grid = find_grid(ink, SCALE)
    assert Counter(c.row for c in grid.cells) == {0: 2, 1: 3, 2: 2, 3: 2}


def _unruled_page(lines: int = 8) -> np.ndarray:
    """Lines of print in the five columns, each a row of glyphs 22 pixels square."""
    ink = np.zeros((120 + 60 * lines, 1000), np.uint8)
    for line in range(lines):
        top = 100 + 60 * line
        for left, right in COLUMNS:
            for x in range(left, right - 21, 26):
                ink[top : top + 22, x : x + 22] = 255
    return ink


def test_a_stamp_across_an_unruled_table_leaves_its_columns_and_rows():
    """Excel's unruled table with a stamp over its last two columns: the ring joined the
    lines it crossed into one run and filled the corridor between them; rows were lost."""
    ink = _unruled_page()
    _ring(ink, (870, 330), 100)
    grid = unruled_grid(ink, SCALE, [])
    assert len(grid.tables) == 1
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(8)}


def test_a_tick_and_a_ring_go_a_frame_and_print_stay():
    ink = _unruled_page(3)
    frame = np.zeros_like(ink)
    frame[10:90, 600:602] = frame[10:90, 900:902] = 255  # a legend's box
    frame[10:12, 600:902] = frame[88:90, 600:902] = 255
    ink |= frame
    mark = np.zeros_like(ink)
    _ring(mark, (400, 160), 70)
    cv2.polylines(mark, [np.array([[200, 150], [230, 220], [300, 80]])], False, 255, 3)
    out = unmarked(ink | mark)
    assert not (out & mark & ~ink).any()  # the marks are gone where they cross no print
    assert (out & frame == frame).all()
    # every glyph farther than a glyph and a half from the marks stays (a glyph they
    # touch goes with them, and its neighbours within half a glyph)
    count, labels = cv2.connectedComponents(_unruled_page(3))
    touched = set(np.unique(labels[cv2.dilate(mark, np.ones((67, 67), np.uint8)) > 0]))
    for glyph in set(range(1, count)) - touched:
        assert (out[labels == glyph] == 255).all()
    assert len(touched) < count / 2  # most glyphs are checked


def test_an_unruled_table_printed_up_to_the_pictures_edge_has_its_cells_inside_it():
    """A scan cropped close, or a streak run down to the picture's edge: the table's box,
    a margin around its print, reached past the picture's top, and its header cells had
    no pixels to read (the whole run stopped)."""
    ink = _unruled_page()[100:]  # the first line of print on the picture's top row
    grid = unruled_grid(ink, SCALE, [])
    assert Counter(c.row for c in grid.cells) == {row: 5 for row in range(8)}
    height, width = ink.shape
    for x0, y0, x1, y1 in [c.box for c in grid.cells] + grid.tables:
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height


def test_a_strip_narrower_than_its_lines_gaps_is_looked_through():
    """A picture narrower than the closing of the gaps between glyphs (tall lines on a
    strip of a page, a slip scanned on its own): numpy's "same" convolution is as long
    as the longer of the two, and the page stopped with a shape error."""
    ink = np.zeros((800, 40), np.uint8)
    for top in (40, 200, 360, 520):
        ink[top : top + 100, 6:34] = 255
    assert unruled_grid(ink, SCALE, []).tables == []
    rng = np.random.default_rng(0)
    for length, width in ((300, 7), (40, 40), (5, 60), (1, 2)):
        on = rng.random(length) < 0.3
        summed = _summed(on, width)
        assert len(summed) == length
        if length >= width:
            same = np.convolve(on.astype(np.int32), np.ones(width, np.int32), mode="same")
            assert (summed == same).all()
