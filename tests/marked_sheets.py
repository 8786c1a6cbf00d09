"""Pages for the highlighter tests (colour scans: test_ocr_highlights.py; grey ones:
test_ocr_grey_washes.py): a table marked with three strokes of a highlighter, and an
office print's page scanned marked, read as its PDF."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

import hotplan
from conftest import text_distance
from pdf_fixtures import FONT_FILES
from scans import ScanStyle, scan_pdf

DPI = 200
MM = DPI / 25.4
TEXT = "地域への関心や愛着を持ってもらうため、情報を発信します。"
# Where stroked() strokes (from x, to x, at y): over a line of a cell's text, over the
# header's fill and label, across a row's rule onto the next row.
STROKES = ((140, 900, 327), (450, 1300, 240), (300, 700, 410))


def gothic() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), round(3.5 * MM))


def ruled_table() -> Image.Image:
    """A page of a table: a header filled light grey (D9D9D9) with black labels, rows of
    black print between rules, a heading above it."""
    sheet = Image.new("RGB", (1654, 1200), "white")
    draw = ImageDraw.Draw(sheet)
    font = gothic()
    draw.text((120, 80), "(1)地域活動に関する情報発信", fill="black", font=font)
    draw.rectangle((100, 200, 1550, 280), fill=(217, 217, 217))
    draw.text((700, 222), "取組の方向性", fill="black", font=font)
    for k in range(6):
        y = 300 + 120 * k
        draw.text((120, y + 10), TEXT, fill="black", font=font)
        draw.text((120, y + 60), TEXT[:18], fill="black", font=font)
        draw.line((100, y + 110, 1550, y + 110), fill="black", width=3)
    draw.rectangle((100, 200, 1550, 1030), outline="black", width=3)
    return sheet


def stroked(sheet: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """The sheet with three highlighter strokes: over a line of a cell's text, over the
    header's fill and label, across a row's rule onto the next row."""
    layer = Image.new("RGB", sheet.size, "white")
    draw = ImageDraw.Draw(layer)
    tall = round(4.5 * MM)
    for x0, x1, y in STROKES:
        draw.line([(x0, y), ((x0 + x1) / 2, y + 4), (x1, y - 3)], fill=colour, width=tall)
    return ImageChops.multiply(sheet, layer)


def reads_as_its_pdf(source: Path, style: ScanStyle, folder: Path) -> hotplan.Extraction:
    """source's first page scanned in style (marked with a highlighter), read by OCR:
    asserted to read as the PDF does (rows, numbers, ratings, codes, departments; the
    取組の方向性 to 1% of its characters), with at least four marks kept for review, each
    with its picture. The extraction, for what else a test checks."""
    scan = scan_pdf(source, folder / "marked.pdf", style, [1])
    want = hotplan.extract(source).items
    want = want[want["source_page"] == 1].reset_index(drop=True)
    x = hotplan.extract(scan, jobs=1)
    got = x.items
    assert list(got["serial"]) == list(want["serial"])
    for column in ("measure_no", "rating", "code", "departments_raw"):
        assert list(got[column]) == list(want[column]), column
    assert text_distance(got["direction"], want["direction"]) <= 0.01
    marks = [f for f in x.finding_list if f.check == "ocr.marker"]
    assert len(marks) >= 4 and {f.source_page for f in marks} == {1}
    assert len([p for p in x.images if p.endswith("_marker.png")]) == len(marks)
    return x
