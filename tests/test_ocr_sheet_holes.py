"""Binder holes punched in a sheet, scanned dark against a feeder's backing, are made
paper before the page is read (sources/ocr/sheet_holes.py); print as large stays. Only
the last test reads with Tesseract."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

import hotplan
from conftest import require_tesseract
from hotplan.sources.ocr.grid import find_grid
from hotplan.sources.ocr.raster import binarize
from hotplan.sources.ocr.sheet_holes import punched, unpunched
from scans import ScanStyle, hole, scan_pdf

OFFICE = Path(__file__).resolve().parent / "office"
DPI = 200
MM = DPI / 25.4
PAPER, INK = 245, 40
HOLES = ((95, 400), (95, 1030))  # 12 mm in from the left edge, 80 mm apart
LEFT, RIGHT = 100, 880  # a table 12.7 mm from the edge: the holes bite into its wall
ROWS = range(150, 1250, 110)


def _page() -> np.ndarray:
    """A ruled table of ten rows and two columns, each cell with a line of 'glyphs'."""
    page = np.full((1600, 1000), PAPER, np.float32)
    for y in ROWS:
        page[y : y + 2, LEFT:RIGHT] = INK
    for x in (LEFT, 300, RIGHT - 2):
        page[ROWS[0] : ROWS[-1] + 2, x : x + 2] = INK
    for y in ROWS[:-1]:
        for x in range(330, RIGHT - 40, 30):
            page[y + 40 : y + 62, x : x + 3] = INK
            page[y + 50 : y + 53, x : x + 22] = INK
    return page


def _scanned(page: np.ndarray) -> np.ndarray:
    noise = np.random.default_rng(1).normal(0, 3, page.shape)
    return np.clip(page + noise, 0, 255).astype(np.uint8)


def _cells(grey: np.ndarray) -> Counter:
    return Counter(c.row for c in find_grid(binarize(grey), 72 / DPI).cells)


def test_binder_holes_are_made_paper_and_print_as_large_is_not():
    clean = _page()
    # print a hole's size that is no hole: a bullet ● among the print, a ring ○ and a
    # square by the edge, a bar by the edge as wide as a hole and longer
    clean = hole(clean, 600, 1320, 3 * MM, INK)  # below the table, 35 mm from any edge
    clean[20:60, 200:240] = INK  # a square, 5 mm a side, 2.5 mm from the top
    clean = hole(clean, 40, 1330, 3 * MM, INK)
    clean = hole(clean, 40, 1330, 3 * MM - 3, PAPER)  # a ring
    clean[60:220, 20:60] = INK  # a bar
    punched_page = clean
    for x, y in HOLES:
        punched_page = hole(punched_page, x, y, 3 * MM, 30)
    grey = _scanned(punched_page)
    found = punched(grey, DPI)
    assert len(found) == 2
    for h, (x, y) in zip(sorted(found, key=lambda h: h.y), HOLES, strict=True):
        assert abs(h.x - x) <= 3 and abs(h.y - y) <= 3 and abs(h.radius - 3 * MM) <= 2
    out = unpunched(grey, found)
    for x, y in HOLES:  # paper where each hole was, its dark rim too
        assert out[y - 26 : y + 27, x - 26 : x - 5].min() > PAPER - 15
    changed = out != grey
    assert not changed[:, 130:].any()  # the bullet, and all print beyond the holes
    assert not changed[:300, :].any() and not changed[1250:, :].any()
    # the holes, joined to the table's left wall, made its rows one tall cell
    assert _cells(grey) != _cells(_scanned(clean))
    assert _cells(out) == _cells(_scanned(clean)) == {row: 2 for row in range(len(ROWS) - 1)}


def test_a_sheet_with_no_holes_is_read_as_it_is():
    grey = _scanned(_page())
    assert punched(grey, DPI) == []
    assert unpunched(grey, []) is grey


def test_a_report_taken_from_a_binder_reads_as_its_pdf(tmp_path):
    """A portrait report punched for a binder, 12 mm from its edge as ISO 838 has it,
    through the left wall of a table printed 9 mm from it; scanned by a feeder whose dark
    backing shows through the holes. The holes were read as glyphs (`と`, `トス`) and
    joined the table's rules: its rows were split (serial 3 twice) and lost."""
    require_tesseract()
    filed = ScanStyle("filed200", skew=0.25, blur=0.6, noise=5, jpeg=70, grey=245, holes=2)
    source = OFFICE / "writer_hrules_portrait.pdf"  # page 1's legend says what ○ is
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", filed, [1, 2]), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"].isin([1, 2])]
    for column in ("serial", "measure_no", "rating", "departments_raw"):
        assert x.items[column].tolist() == page[column].tolist(), column
    read = "".join("".join(d.split()) for d in x.items["direction"][:-1])
    printed = "".join("".join(d.split()) for d in page["direction"][:-1])
    assert Levenshtein.normalized_distance(read, printed) <= 0.01
