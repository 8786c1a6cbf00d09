"""A highlighter's marks on a colour scan are taken off by their colour before the page
is read (sources/ocr/highlights.py), the print under them kept; coloured print and a
table's coloured fills are no mark. Only the test of a whole report reads with
Tesseract."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from colour_scans import MARKERS
from conftest import require_tesseract
from hotplan.sources.ocr.colour_stamps import uncoloured
from marked_sheets import DPI, MM, STROKES, TEXT, gothic, reads_as_its_pdf, ruled_table, stroked
from scans import ScanStyle, scan_page

OFFICE = Path(__file__).resolve().parent / "office"
PAPER = (247, 244, 236)
SCANNED = {"skew": 0.2, "blur": 0.7, "noise": 6, "jpeg": 60}


def _scan(sheet: Image.Image) -> np.ndarray:
    style = ScanStyle("colour", colour=PAPER, **SCANNED)
    picture = np.asarray(scan_page(sheet, style, seed=5).convert("RGB"))
    return np.ascontiguousarray(picture[..., ::-1])  # as PDFium renders it: BGR


@pytest.mark.parametrize("marker", sorted(MARKERS))
def test_a_highlighters_marks_are_taken_off_and_the_print_under_them_stays(marker):
    sheet = ruled_table()
    clean = cv2.cvtColor(_scan(sheet), cv2.COLOR_BGR2GRAY).astype(int)
    marked = _scan(stroked(sheet, MARKERS[marker]))
    grey, stamps, washes = uncoloured(marked, DPI)
    assert stamps == [] and 1 <= len(washes) <= 3
    # every stroke is found: each lies in a wash's box
    for x0, x1, y in STROKES:
        assert any(a <= x0 + 10 and x1 - 10 <= c and b <= y <= d for a, b, c, d in washes)
    after = grey.astype(int)
    # in grey, as the page's reading sees it, the marks were a shading as dark as the
    # header's fill or darker (pink, 186); now the page is as if unmarked: the paper
    # under them paper, the header's fill its grey, the print as dark as it was
    before = cv2.cvtColor(marked, cv2.COLOR_BGR2GRAY).astype(int)
    strokes = np.abs(before - clean) > 20
    assert strokes.sum() > 20000
    assert np.abs(after - clean)[strokes].mean() < 8
    assert (np.abs(after - clean)[strokes] > 40).mean() < 0.01
    ink = (clean < 100) & cv2.dilate(strokes.astype(np.uint8), np.ones((9, 9))).astype(bool)
    assert ink.sum() > 1000 and (after[ink] < 128).mean() >= 0.98
    # the header's fill stays a fill where the stroke crossed it
    fill = np.zeros_like(strokes)
    fill[212:268, 480:1270] = True
    fill &= clean > 180
    assert fill.sum() > 5000 and abs(after[fill].mean() - clean[fill].mean()) < 8


def _coloured_print() -> Image.Image:
    """A page of coloured print that is no mark: red and blue text, header rows filled
    in office colours with white labels (blue, orange, gold, green), and rows in pale
    tints with black labels (a zebra's light blue, a light gold), a navy header."""
    sheet = Image.new("RGB", (1654, 1400), "white")
    draw = ImageDraw.Draw(sheet)
    font = gothic()
    fills = [
        ((91, 155, 213), "white"),
        ((237, 125, 49), "white"),
        ((255, 192, 0), "white"),
        ((112, 173, 71), "white"),
        ((31, 56, 100), "white"),
        ((189, 215, 238), "black"),
        ((221, 235, 247), "black"),
    ]
    for k, (fill, text) in enumerate(fills):
        y = 60 + 110 * k
        draw.rectangle((100, y, 1550, y + 70), fill=fill)
        for j, label in enumerate(("通番", "担当課/掲載P", "取組の方向性", "2024年度")):
            draw.text((130 + 350 * j, y + 18), label, fill=text, font=font)
    draw.text((100, 900), "重点取組：" + TEXT, fill=(220, 30, 40), font=font)
    draw.text((100, 980), "重点取組：" + TEXT, fill=(30, 60, 200), font=font)
    draw.text((100, 1060), "重点取組：" + TEXT, fill=(0, 150, 70), font=font)
    return sheet


def test_coloured_print_and_a_tables_coloured_fills_are_no_mark():
    picture = _scan(_coloured_print())
    grey, stamps, washes = uncoloured(picture, DPI)
    assert stamps == [] and washes == []
    assert (grey == cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)).all()


def test_a_highlighted_colour_scan_reads_as_its_pdf(tmp_path):
    """The Writer print's first page scanned in colour with six pink highlighter strokes
    (over headings, table headers, cells' text): before, the marks were shading as dark
    as a header's fill, and 7 of its 11 rows were lost."""
    require_tesseract()
    source = OFFICE / "writer_hrules_portrait.pdf"
    style = ScanStyle("marked", colour=PAPER, marker=MARKERS["pink"], **SCANNED)
    x = reads_as_its_pdf(source, style, tmp_path)
    # each mark kept for review, in colour
    pictures = [data for path, data in x.images.items() if path.endswith("_marker.png")]
    assert all(Image.open(io.BytesIO(data)).mode == "RGB" for data in pictures)


@pytest.mark.parametrize("marker", ["yellow", "orange", "pink"])
def test_a_red_stamp_among_a_highlighters_marks_is_still_found(marker):
    """Orange and pink marks are ink near a red stamp's hue, yellow ink's tail reaches it:
    counted with the stamp's, they outweighed it, and the stamp was taken for print in
    its page's colour (or its hue for no peak) and left on the page."""
    sheet = stroked(ruled_table(), MARKERS[marker])
    style = ScanStyle("colour", colour=PAPER, stamp=True, boxed=True, **SCANNED)
    picture = np.ascontiguousarray(np.asarray(scan_page(sheet, style, seed=5))[..., ::-1])
    _, stamps, washes = uncoloured(picture, DPI)
    assert len(stamps) == 1 and len(washes) >= 1
    x0, y0, x1, y1 = stamps[0]
    assert 32 * MM <= x1 - x0 <= 40 * MM and 15 * MM <= y1 - y0 <= 22 * MM
