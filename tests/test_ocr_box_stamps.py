"""A box stamp (受付, a date, a section's name, ruled in three) pressed in red ink and
scanned grey is taken off before the page is read (sources/ocr/box_stamps.py), the print
under it kept; boxes and grids printed in a pale tone stay. Only the test of a whole
report reads with Tesseract."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import numpy as np

import hotplan
from conftest import require_tesseract
from hotplan.sources.ocr.box_stamps import box_stamps, unboxed
from hotplan.sources.ocr.grid import find_grid
from hotplan.sources.ocr.raster import binarize
from scans import STAMP_TONE, ScanStyle, scan_pdf

OFFICE = Path(__file__).resolve().parent / "office"
DPI = 200
MM = DPI / 25.4
PAPER, INK, PALE = 245, 40, 150
ROWS = range(150, 1250, 110)
LEFT, RIGHT = 100, 1500


def _page(rules: float = INK) -> np.ndarray:
    """A ruled table of ten rows and three columns (its rules in grey rules), each cell
    with a line of 'glyphs'; beside it a legend's box and a grid of three by two cells,
    ruled in a pale grey."""
    page = np.full((1600, 1700), PAPER, np.float32)
    for y in ROWS:
        page[y : y + 2, LEFT:RIGHT] = rules
    for x in (LEFT, 300, 1200, RIGHT - 2):
        page[ROWS[0] : ROWS[-1] + 2, x : x + 2] = rules
    for y in ROWS[:-1]:
        for x in range(330, 1170, 30):
            page[y + 40 : y + 62, x : x + 3] = INK
            page[y + 50 : y + 53, x : x + 22] = INK
    cv2.rectangle(page, (200, 1300), (500, 1420), PALE, 4)  # 38 × 15 mm, printed pale
    for x in (700, 900, 1100, 1300):
        page[1300:1542, x : x + 4] = PALE
    for y in (1300, 1420, 1540):
        page[y : y + 4, 700:1304] = PALE
    return page


def _stamped(page: np.ndarray, x: float, y: float, turn: float, tone: float) -> np.ndarray:
    """page with a box stamp 34 × 17 mm at (x, y), turned turn degrees: its frame, two
    rules across it and its 'characters' (strokes) between them, all in one ink of grey
    tone, darkening what lies under it."""
    ink = np.zeros(page.shape, np.uint8)
    w, h = 34 * MM, 17 * MM
    cv2.polylines(ink, [cv2.boxPoints(((x, y), (w, h), turn)).astype(np.int32)], True, 1, 4)
    for dy in (-h / 6, h / 6):
        rule = cv2.boxPoints(((x, y + dy), (0.95 * w, 1), turn)).astype(np.int32)
        cv2.polylines(ink, [rule], True, 1, 2)
    for dy in (-h / 3, 0, h / 3):
        for dx in range(-80, 80, 20):
            cv2.line(
                ink, (round(x + dx), round(y + dy - 12)), (round(x + dx), round(y + dy + 12)), 1, 3
            )
    return np.where(ink > 0, np.minimum(page, tone), page)


def _scanned(page: np.ndarray) -> np.ndarray:
    noise = np.random.default_rng(1).normal(0, 3, page.shape)
    blurred = cv2.GaussianBlur(np.clip(page + noise, 0, 255), (0, 0), 0.6)
    return blurred.astype(np.uint8)


def _cells(grey: np.ndarray) -> Counter:
    return Counter(c.row for c in find_grid(binarize(grey), 72 / DPI).cells)


def test_a_red_box_stamp_scanned_grey_is_taken_off_and_the_print_under_it_stays():
    clean = _page()
    # over the table's right columns and two rows' glyphs and rules, turned 2.5°; a
    # second one in the margin below, turned the other way by 1°
    dirty = _stamped(_stamped(clean, 1250, 260, 2.5, STAMP_TONE), 1500, 1450, -1, STAMP_TONE)
    found = sorted(box_stamps(_scanned(dirty), DPI), key=lambda s: s.corners[:, 1].mean())
    assert len(found) == 2
    for stamp, (x, y) in zip(found, [(1250, 260), (1500, 1450)], strict=True):
        middle = stamp.corners.mean(axis=0)
        assert abs(middle[0] - x) <= 6 and abs(middle[1] - y) <= 6
        sides = sorted(np.hypot(*(np.roll(stamp.corners, -1, 0) - stamp.corners).T))
        assert abs(sides[0] - 17 * MM) <= 6 and abs(sides[-1] - 34 * MM) <= 6
    # a page scanned lying on its side: its print's lines are upright, the stamps turned
    # from them as before
    turned = box_stamps(np.ascontiguousarray(np.rot90(_scanned(dirty))), DPI)
    assert len(turned) == 2
    out = unboxed(_scanned(dirty), found, DPI)
    stamp = (slice(170, 350), slice(1090, 1410))
    print_there = clean[stamp] == INK
    # the stamp's ink is gone where it lay on paper; the rules and glyphs under it stay
    on_paper = (dirty[stamp] == STAMP_TONE) & (clean[stamp] == PAPER)
    assert on_paper.sum() > 2000 and np.median(out[stamp][on_paper]) > PAPER - 15
    under = _scanned(clean)[stamp][print_there]  # (a 2-pixel rule blurred: ~75)
    assert np.median(out[stamp][print_there]) <= np.median(under) + 10
    assert _cells(out) == _cells(_scanned(clean))
    # the pale printed box and grid, which lie along the print, stay as printed
    assert np.array_equal(out[1290:1430, 190:510], _scanned(dirty)[1290:1430, 190:510])


def test_the_prints_rules_under_a_stamp_stay_though_blurred_as_pale_as_its_ink():
    """A blurred scan prints a thin rule as pale as a red stamp: lifted with it, a Mincho
    print's table lost its top rule and seven rows. Rules that run on past the stamp
    stay; its own sides and inner rules end at its frame, and go."""
    clean = _page(rules=STAMP_TONE + 5)
    dirty = _stamped(clean, 1250, 260, 2.5, STAMP_TONE)
    found = box_stamps(_scanned(dirty), DPI)
    assert len(found) == 1
    out = unboxed(_scanned(dirty), found, DPI)
    stamp = (slice(170, 350), slice(1090, 1410))
    rules = clean[stamp] == STAMP_TONE + 5
    assert np.median(out[stamp][rules]) < PAPER - 60
    on_paper = (dirty[stamp] == STAMP_TONE) & (clean[stamp] == PAPER)
    assert np.median(out[stamp][on_paper]) > PAPER - 15
    assert _cells(out) == _cells(_scanned(clean))


def test_boxes_printed_pale_and_a_stamp_as_dark_as_the_print_are_not_taken_off():
    clean = _page()
    assert box_stamps(_scanned(clean), DPI) == []
    # as dark as the print, a box could be print (a frame drawn round a note): it stays
    assert box_stamps(_scanned(_stamped(clean, 1250, 260, 2.5, INK)), DPI) == []
    grey = _scanned(clean)
    assert unboxed(grey, [], DPI) is grey


def test_a_grey_scan_stamped_with_a_box_on_receipt_reads_as_its_pdf(tmp_path):
    """A Writer print of an unruled table, scanned grey with a red box stamp near each
    page's top right corner; on page 2 it lies over the ratings of two rows and the
    text beside them. Its frame's sides split the columns there and its text was read
    into seven rows' ratings (受付, 令和7年6月12日). A rating under the stamp's own text
    may go with it (thin print in the stamp's grey): an error on its row, two at most."""
    require_tesseract()
    style = ScanStyle(
        "boxed200", skew=0.25, blur=0.6, noise=5, jpeg=70, grey=245, stamp=True, boxed=True
    )
    source = OFFICE / "writer_unruled_zebra.pdf"
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", style, [1, 2]), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"] <= 2]
    for column in ("serial", "measure_no"):
        assert x.items[column].tolist() == page[column].tolist(), column
    errors = {f.serial for f in x.finding_list if f.severity.value == "error"}
    flagged = {f.serial for f in x.finding_list if f.severity.value != "info"}
    rows = list(zip(x.items["serial"], x.items["rating"], page["rating"], strict=True))
    wrong = {serial for serial, read, printed in rows if str(read) != str(printed)}
    assert len(wrong) <= 2 and wrong <= errors
    rows = list(zip(x.items["serial"], x.items["departments"], page["departments"], strict=True))
    assert {serial for serial, read, printed in rows if list(read) != list(printed)} <= flagged
    assert sorted(f.source_page for f in x.finding_list if f.check == "ocr.stamp") == [1, 2]
