"""Binder holes punched in a sheet, scanned dark against a feeder's backing, are made
paper before the page is read (sources/ocr/sheet_holes.py), print as large stays; and a
round receipt stamp is taken off (sheet_marks.py), the print under it kept. Only the
test of a whole report reads with Tesseract."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

import hotplan
from conftest import require_tesseract, text_distance
from hotplan.sources.ocr.grid import find_grid
from hotplan.sources.ocr.raster import binarize
from hotplan.sources.ocr.sheet_holes import punched, unpunched
from hotplan.sources.ocr.sheet_marks import stamps, unstamped
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
    # (the holes, joined to the table's left wall, made its rows one tall cell until a wall
    # thickened at one place was taken as a wall all the same: grid._rules)
    assert _cells(out) == _cells(_scanned(clean)) == {row: 2 for row in range(len(ROWS) - 1)}


def test_a_sheet_with_no_holes_is_read_as_it_is():
    grey = _scanned(_page())
    assert punched(grey, DPI) == []
    assert unpunched(grey, []) is grey


def test_a_report_taken_from_a_binder_reads_as_its_pdf(tmp_path):
    """A portrait report stamped on receipt in its top-right corner and punched for a
    binder, 12 mm from its edge as ISO 838 has it, through the left wall of a table
    printed 9 mm from it; scanned by a feeder whose dark backing shows through the holes.
    The holes were read as glyphs (`と`, `トス`) and joined the table's rules: rows were
    split (serial 3 twice) and lost. On page 11 the stamp lies over the header of the
    page's first table: that table was not found, and its four rows were lost."""
    require_tesseract()
    filed = ScanStyle(
        "filed200", skew=0.25, blur=0.6, noise=5, jpeg=70, grey=245, holes=2, stamp=True
    )
    source = OFFICE / "writer_hrules_portrait.pdf"  # page 1's legend says what ○ is
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", filed, [1, 2, 11]), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"].isin([1, 2, 11])]
    for column in ("serial", "departments_raw"):
        assert x.items[column].tolist() == page[column].tolist(), column
    stamps_seen = [f for f in x.finding_list if f.check == "ocr.stamp"]
    assert sorted(f.source_page for f in stamps_seen) == [1, 2, 3]  # one a page, for review
    # a rating under the stamp's text is thin print in the stamp's grey: lifted with the
    # stamp, what is left of it reads as no symbol, with an error on its row; the first
    # row's of a page at most
    flagged = {f.serial for f in x.finding_list if f.severity.value != "info"}
    firsts = set(x.items.groupby("source_page")["serial"].first())
    ratings = zip(x.items["serial"], x.items["rating"], page["rating"], strict=True)
    wrong = {serial for serial, read, printed in ratings if str(read) != str(printed)}
    assert wrong <= flagged & firsts
    assert text_distance(x.items["direction"][:-1], page["direction"][:-1]) <= 0.01


def _stamped(page: np.ndarray, x: int, y: int, tone: float) -> np.ndarray:
    """page with a receipt stamp 22 mm across at (x, y): a ring, two lines across it,
    and its 'characters' (strokes) between them, all in one ink of grey tone."""
    r = 11 * MM
    rows, cols = np.ogrid[: page.shape[0], : page.shape[1]]
    dist = np.sqrt((rows - y) ** 2 + (cols - x) ** 2)
    out = page.copy()
    out[np.abs(dist - r) <= 2] = tone
    for dy in (-0.3 * r, 0.3 * r):
        out[round(y + dy) : round(y + dy) + 3, round(x - 0.95 * r) : round(x + 0.95 * r)] = tone
    for sx in range(x - 40, x + 40, 16):
        out[y - 15 : y + 15, sx : sx + 3] = tone
    return out


def test_a_receipt_stamp_is_taken_off_and_the_print_under_it_stays():
    clean = _page()
    # a red stamp (grey 110) over the table's top right corner and its first row's
    # glyphs, and a black one (as dark as the print) in the margin below the table
    dirty = _stamped(_stamped(clean, 800, 170, 110), 500, 1420, INK)
    found = sorted(stamps(_scanned(dirty), DPI), key=lambda s: s.y)
    assert len(found) == 2
    for s, (x, y) in zip(found, [(800, 170), (500, 1420)], strict=True):
        assert abs(s.x - x) <= 5 and abs(s.y - y) <= 5
    assert found[0].light and not found[1].light  # the red one is lifted off the print
    out = unstamped(_scanned(dirty), found)
    # the black one's ring is gone, what it printed inside stays (a ring drawn in pen
    # round print is as dark: the print inside it is kept)
    ring = np.abs(np.hypot(*np.ogrid[-120:121, -120:121]) - 11 * MM) <= 2
    assert out[1300:1541, 380:621][ring].min() > PAPER - 60
    assert out[1405:1435, 460:540].min() < INK + 30
    # the red one's ink is gone, and the print under it stays: the table's rule and the
    # glyphs' strokes
    red = (slice(80, 260), slice(710, 890))
    strokes = clean[red] == INK
    assert np.median(out[red][strokes]) < INK + 30
    assert np.median(out[red][~strokes & (clean[red] == PAPER)]) > PAPER - 15
    assert _cells(out) == _cells(_scanned(clean))


def test_a_page_without_a_stamp_has_none_found():
    grey = _scanned(_page())
    assert stamps(grey, DPI) == []
    assert unstamped(grey, []) is grey
