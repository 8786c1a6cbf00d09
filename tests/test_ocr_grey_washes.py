"""A highlighter's marks on a grey scan are taken off by their shape before the page is
read (sources/ocr/grey_washes.py), the print and the fills under them kept; a printed
shading, light or dark, is no mark. Only the test of a whole report reads with
Tesseract."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw

from colour_scans import MARKERS
from conftest import require_tesseract
from hotplan.sources.ocr.grey_washes import grey_washes, ungreywashed
from hotplan.sources.ocr.raster import even
from marked_sheets import DPI, MM, STROKES, TEXT, gothic, reads_as_its_pdf, ruled_table, stroked
from scans import SCAN_STYLES, ScanStyle, scan_page

OFFICE = Path(__file__).resolve().parent / "office"
GREY = ScanStyle("grey", skew=0.2, blur=0.7, noise=6, jpeg=60, grey=240)


def _scan(sheet: Image.Image, seed: int = 5) -> np.ndarray:
    """The sheet scanned grey, its paper made white as the page reader does first."""
    return even(np.asarray(scan_page(sheet, GREY, seed)))


def _inside(box: tuple[int, int, int, int], x0: int, x1: int, y: int) -> bool:
    a, b, c, d = box
    return a <= x0 + 10 and x1 - 10 <= c and b <= y <= d


@pytest.mark.parametrize("marker", sorted(MARKERS))
def test_a_highlighters_marks_on_a_grey_scan_are_taken_off(marker):
    """Each stroke (over a cell's text, over the header's fill and label, across a rule)
    is found, and the page comes back as if unmarked: the paper paper, the header's fill
    its grey, the print as dark as it was."""
    sheet = ruled_table()
    clean = _scan(sheet).astype(int)
    marked = _scan(stroked(sheet, MARKERS[marker]))
    washes = grey_washes(marked, DPI)
    assert 1 <= len(washes) <= 4
    for x0, x1, y in STROKES:
        assert any(_inside(wash.box, x0, x1, y) for wash in washes), (x0, y)
    # the ink's share of the light, as scanned grey: yellow 0.88, pink 0.71
    r, g, b = MARKERS[marker]
    share = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    assert all(abs(wash.factor - share) < 0.05 for wash in washes)
    after = ungreywashed(marked, washes, DPI).astype(int)
    strokes = np.abs(marked.astype(int) - clean) > 15
    assert strokes.sum() > 15000
    assert np.abs(after - clean)[strokes].mean() < 8
    assert (np.abs(after - clean)[strokes] > 40).mean() < 0.02
    ink = (clean < 100) & (cv2.dilate(strokes.astype(np.uint8), np.ones((9, 9))) > 0)
    assert ink.sum() > 500 and (after[ink] < 128).mean() >= 0.98
    # the header's fill stays a fill where the stroke crossed it
    fill = np.zeros_like(strokes)
    fill[212:268, 480:1270] = True
    fill &= clean > 180
    assert fill.sum() > 5000 and abs(after[fill].mean() - clean[fill].mean()) < 8
    # and the page beyond the marks is as it was
    far = np.ones_like(strokes)
    for wash in washes:
        x0, y0, x1, y1 = wash.box
        far[y0:y1, x0:x1] = False
    assert (after[far] == marked[far]).all()


def _shaded_print() -> Image.Image:
    """Printed shadings that are no mark: a header row filled grey as dark as a pink mark
    with black labels, zebra rows, one shaded cell a line tall, and a navy header with
    white labels, its narrowest cell's label as wide as the cell."""
    sheet = Image.new("RGB", (1654, 1300), "white")
    draw = ImageDraw.Draw(sheet)
    font = gothic()
    draw.rectangle((100, 60, 1550, 140), fill=(180, 180, 180))
    for x, label in ((120, "通番"), (300, "担当課/掲載P"), (800, "取組の方向性")):
        draw.text((x, 85), label, fill="black", font=font)
    for k in range(4):
        y = 160 + 90 * k
        if k % 2:
            draw.rectangle((100, y, 1550, y + 90), fill=(230, 230, 230))
        draw.text((120, y + 25), TEXT, fill="black", font=font)
    draw.rectangle((300, 560, 700, 600), fill=(200, 200, 200))
    draw.text((310, 565), TEXT[:10], fill="black", font=font)
    draw.rectangle((100, 700, 1550, 790), fill=(31, 56, 100))
    for x, label in ((110, "通番"), (300, "担当課/掲載P"), (800, "取組の方向性")):
        draw.text((x, 725), label, fill="white", font=font)
    for k in range(3):
        draw.text((120, 820 + 80 * k), TEXT, fill="black", font=font)
    return sheet


@pytest.mark.parametrize("seed", [5, 6])
def test_printed_shadings_are_no_mark(seed):
    picture = _scan(_shaded_print(), seed)
    assert grey_washes(picture, DPI) == []


def test_a_mark_along_a_dark_fills_edge_is_found_and_its_labels_are_not():
    """A stroke drawn along the navy header's lower edge joins its dark ground: it is
    found beside the fill, and the white labels on the fill (light ground inside it) are
    not taken for marks."""
    sheet = _shaded_print()
    layer = Image.new("RGB", sheet.size, "white")
    ImageDraw.Draw(layer).line([(400, 800), (1200, 806)], fill=MARKERS["pink"], width=round(5 * MM))
    washes = grey_washes(_scan(ImageChops.multiply(sheet, layer)), DPI)
    assert len(washes) == 1
    x0, y0, x1, y1 = washes[0].box
    assert x0 <= 420 and x1 >= 1180 and y0 >= 775 and y1 <= 870


def test_a_highlighted_grey_scan_reads_as_its_pdf(tmp_path):
    """The Calc print's first page scanned grey (office300) with six pink highlighter
    strokes: before, the marks were shading as dark as a header's fill, and 2 of its 4
    rows were lost, a third read without its subsection."""
    require_tesseract()
    source = OFFICE / "calc_gridlines_titles.pdf"
    style = replace(SCAN_STYLES["office300"], name="marked", marker=MARKERS["pink"])
    reads_as_its_pdf(source, style, tmp_path)
