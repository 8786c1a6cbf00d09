"""Lines across the whole sheet that are no print — a feeder's streak down every page, a
posted letter's creases across it — are lifted out of a scanned page before its tables
are looked for (sources/ocr/sheet_lines.py). Only the last test reads with Tesseract."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

import hotplan
from conftest import require_tesseract, text_distance
from hotplan.sources.ocr.grid import find_grid
from hotplan.sources.ocr.raster import binarize
from hotplan.sources.ocr.sheet_lines import unlined
from scans import ScanStyle, crease, scan_pdf, streak

OFFICE = Path(__file__).resolve().parent / "office"
SCALE = 72 / 200  # points per pixel at 200 dpi
PAPER, INK = 245, 40
ROWS = (150, 330, 510, 690, 870, 1050)  # the table's rules across
INNER = (180, 420)  # the table's inner walls; its outer walls are its rules' ends


def _page(left: int = 100, right: int = 882, text: int = 200, walled: bool = True) -> np.ndarray:
    """A ruled table of five rows and three columns on grey paper, each cell with lines
    of 'glyphs' (squares of strokes, 22 px, some crossing where the lines will run)."""
    page = np.full((1300, 1000), PAPER, np.float32)
    for y in ROWS:
        page[y : y + 2, left:right] = INK
    for x in (left, *INNER, right - 2) if walled else ():
        page[ROWS[0] : ROWS[-1] + 2, x : x + 2] = INK
    for top, bottom in pairwise(ROWS):
        for line in range(top + 20, bottom - 30, 40):
            for x in range(text, right - 22, 30):
                page[line : line + 22, x : x + 3] = INK  # a glyph's upright stroke
                page[line + 10 : line + 13, x : x + 22] = INK  # and its stroke across
    return page


def _scanned(page: np.ndarray) -> np.ndarray:
    noise = np.random.default_rng(1).normal(0, 3, page.shape)
    return np.clip(page + noise, 0, 255).astype(np.uint8)


def _streaked(page: np.ndarray, x: int, share: float) -> np.ndarray:
    """A feeder's streak two pixels wide down the whole page, letting share of the light
    through, gone for a while where its dust moved."""
    on = np.ones(page.shape[0], bool)
    on[700:820] = False
    return streak(page, x, 2, share, on)


def _cells(grey: np.ndarray) -> Counter:
    return Counter(c.row for c in find_grid(binarize(grey), SCALE).cells)


def test_a_streak_and_a_crease_are_lifted_and_the_print_under_them_comes_back():
    clean = _page()
    # the crease runs through the middle of a row, and the streak down a column's text
    dirty = _scanned(crease(_streaked(clean, 611, 0.45), 415, 0.006))
    assert _cells(dirty) != _cells(_scanned(clean))  # they pass for rules
    out = unlined(dirty, SCALE)
    assert _cells(out) == _cells(_scanned(clean)) == {row: 3 for row in range(5)}
    # the print under the streak is as dark as it was, the paper as light
    under = (slice(ROWS[0], ROWS[-1]), slice(611, 613))
    strokes = clean[under] == INK
    assert np.median(out[under][strokes]) < INK + 30
    assert np.median(out[under][~strokes]) > PAPER - 15
    # and the crease's line is paper again where it crosses no print
    fold = out[405:425, 20:90]
    assert fold.min() > PAPER - 45 and np.median(fold) > PAPER - 10


def test_a_crease_run_along_a_hairline_rule_is_lifted_and_the_rule_stays():
    """A spreadsheet's hairline gridlines are as pale as a crease. A crease that ran a
    few pixels from a row's rule, crossing it at a slant, was strung with it into one
    line and fitted partly through it: lifting it erased the rule, and two rows became
    one. The line is fitted again in the margins, where it crosses no print."""
    page = np.full((1300, 1000), PAPER, np.float32)
    for y in ROWS:
        page[y, 100:882] = 180  # hairlines, a pixel wide
    for x in (100, *INNER, 880):
        page[ROWS[0] : ROWS[-1] + 1, x] = 180
    dirty = _scanned(crease(page, ROWS[2] - 6, 0.004))  # 4-8 px above the rule
    assert _cells(dirty) != _cells(_scanned(page))
    out = unlined(dirty, SCALE)
    assert _cells(out) == _cells(_scanned(page)) == {row: 3 for row in range(5)}
    assert (out[ROWS[2], 110:870] < 215).mean() > 0.95  # the rule, all along
    assert out[ROWS[2] - 30 : ROWS[2] + 30, 10:60].min() > PAPER - 30  # the crease, gone


def test_a_line_that_lets_no_light_through_is_painted_in():
    dirty = _scanned(_streaked(_page(), 611, 0.0))
    out = unlined(dirty, SCALE)
    assert np.median(out[20:140, 611:613]) > PAPER - 15  # the margin above the table
    assert _cells(out) == {row: 3 for row in range(5)}


def test_rules_that_stop_short_of_the_sheets_edges_are_print():
    """A table as wide as the page allows (2% from its edges), and one ruled across only
    (its text some points in from its rules' ends), stay as they were: only lines that
    run off the sheet, or on past all its print, are lifted."""
    wide = _scanned(_page(left=22, right=978))
    assert unlined(wide, SCALE) is wide
    across = _scanned(_page(left=40, right=960, text=62, walled=False))  # text 8 pt in
    assert unlined(across, SCALE) is across


@pytest.mark.parametrize(
    ("name", "number"),
    [
        # a streak down to the picture's edge gave a header cell no pixels: the run
        # stopped with a traceback
        ("writer_unruled_zebra", 2),
        # the creases and streaks through the ruled table: no table was found on page 3
        ("calc_gridlines_titles", 3),
    ],
)
def test_a_posted_letter_fed_past_dusty_glass_reads_as_its_pdf(name, number, tmp_path):
    """A report folded in three to be posted (two creases across each page), scanned by
    a feeder with dust on its glass (three streaks down every page): the lines run off
    the sheet, as no print does, and are lifted out before the tables are looked for."""
    require_tesseract()
    posted = ScanStyle(
        "posted200", skew=0.3, blur=0.6, noise=5, jpeg=70, grey=245, folds=2, streaks=3
    )
    source = OFFICE / f"{name}.pdf"  # with page 1, whose legend says what ○ is
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", posted, [1, number]), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"].isin([1, number])]
    # (取組施策No. is left out: without the pages between, the headings over a row are
    # not all there to number it by)
    for column in ("serial", "rating"):
        assert x.items[column].tolist() == page[column].tolist(), column
    # (the last row's text may run on onto a page not scanned)
    assert text_distance(x.items["direction"][:-1], page["direction"][:-1]) <= 0.01
