"""A colour scan's receipt stamps, pressed in red over the print, are taken off by their
colour before the page is read (sources/ocr/colour_stamps.py), the print under them kept;
coloured print is no stamp. Only the test of a whole report reads with Tesseract."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

import hotplan
from conftest import require_tesseract, text_distance
from hotplan.sources.ocr.colour_stamps import in_colour, uncoloured
from pdf_fixtures import FONT_FILES
from scans import ScanStyle, scan_page, scan_pdf

OFFICE = Path(__file__).resolve().parent / "office"
DPI = 200
MM = DPI / 25.4
PAPER = (247, 244, 236)
SCANNED = {"skew": 0.2, "blur": 0.7, "noise": 6, "jpeg": 60}


def _sheet() -> Image.Image:
    """A landscape page in colour: a table under a navy header (white labels), a row of
    black print, and coloured print that is no stamp: a block of red text as tall as a
    stamp, a blue-ruled box of black text, a red ○, a light blue fill with white text."""
    sheet = Image.new("RGB", (2339, 1654), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), round(3.5 * MM))
    draw.text((1700, 90), "町田市地域ホッとプラン 進捗状況", fill="black", font=font)
    draw.rectangle((150, 150, 2200, 250), fill=(31, 56, 100))  # under the stamp
    draw.text((1950, 165), "2024年度", fill="white", font=font)
    draw.text((1950, 205), "進捗評価", fill="white", font=font)
    draw.text((300, 185), "取組の方向性", fill="white", font=font)
    draw.rectangle((150, 150, 2200, 420), outline="black", width=3)
    draw.line((1850, 150, 1850, 420), fill="black", width=3)
    draw.text(
        (200, 280),
        "地域への関心や愛着を持ってもらうため、情報を発信します。",
        fill="black",
        font=font,
    )
    draw.text((1980, 280), "○", fill="black", font=font)
    for k, line in enumerate(("重点事業として", "新たに位置づけ", "令和７年度から")):  # red print
        draw.text((200, 800 + k * 40), line, fill=(200, 30, 40), font=font)
    draw.rectangle((700, 780, 1000, 900), outline=(40, 80, 200), width=4)  # a blue box
    draw.text((730, 820), "○:実施", fill="black", font=font)
    draw.text((1200, 820), "○", fill=(200, 30, 40), font=font)  # a red rating
    draw.rectangle((1400, 780, 1700, 880), fill=(150, 190, 230))
    draw.text((1430, 810), "白い文字", fill="white", font=font)
    return sheet


def _scan(sheet: Image.Image, stamp: bool, boxed: bool = False) -> np.ndarray:
    style = ScanStyle("colour", colour=PAPER, stamp=stamp, boxed=boxed, **SCANNED)
    picture = np.asarray(scan_page(sheet, style, seed=3).convert("RGB"))
    return np.ascontiguousarray(picture[..., ::-1])  # as PDFium renders it: BGR


def test_a_red_stamp_is_taken_off_and_the_print_under_it_stays():
    sheet = _sheet()
    clean = cv2.cvtColor(_scan(sheet, stamp=False), cv2.COLOR_BGR2GRAY)
    for boxed in (False, True):
        stamped = _scan(sheet, stamp=True, boxed=boxed)
        grey, found, _ = uncoloured(stamped, DPI)
        assert len(found) == 1, boxed
        x0, y0, x1, y1 = found[0]
        # the stamp's box, and no more: a ring 22 mm across, a box 34 × 17 mm turned a
        # few degrees, in the page's top right
        wide, tall = ((32, 40), (15, 22)) if boxed else ((20, 28), (20, 28))
        assert wide[0] * MM <= x1 - x0 <= wide[1] * MM and tall[0] * MM <= y1 - y0 <= tall[1] * MM
        assert x0 > 2339 / 2 and y1 < 60 * MM
        before = cv2.cvtColor(stamped, cv2.COLOR_BGR2GRAY)[y0:y1, x0:x1].astype(int)
        after, printed = grey[y0:y1, x0:x1].astype(int), clean[y0:y1, x0:x1].astype(int)
        # the stamp's ink is gone: none of it is left as dark as print (a threshold on
        # the page parts ink from paper at 120-140), nearly all of it is pale as paper
        # (on paper, 3 px or more from print: a print's blurred edge is neither)
        near_print = cv2.dilate((printed <= 200).astype(np.uint8), np.ones((7, 7))) > 0
        stamp_ink = (before < 170) & ~near_print
        assert stamp_ink.sum() > 1000
        assert after[stamp_ink].min() >= 135 and (after[stamp_ink] > 170).mean() >= 0.995
        # the print under it stays (the header's labels, the navy fill)
        dark = printed < 120
        assert dark.sum() > 500 and (after[dark] < 150).mean() >= 0.97, boxed
        assert np.abs(after - printed).mean() < 6
        # beyond the stamp the page is as it was scanned
        outside = np.ones(grey.shape, bool)
        outside[y0:y1, x0:x1] = False
        assert (grey[outside] == cv2.cvtColor(stamped, cv2.COLOR_BGR2GRAY)[outside]).all()


def test_coloured_print_is_no_stamp():
    """Red print, a blue-ruled box, a red ○, a coloured fill and a navy header are the
    document's: the page comes back in grey, as it is."""
    picture = _scan(_sheet(), stamp=False)
    assert in_colour(picture).ndim == 3  # (it is in colour)
    grey, found, _ = uncoloured(picture, DPI)
    assert found == []
    assert (grey == cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)).all()


def test_a_legend_printed_in_the_pages_own_colour_is_no_stamp():
    """A report printed all in blue: its legend, a box ruled in blue round blue text, is
    framed and inked inside like a stamp, but blue is the print's colour. A red stamp
    pressed on the page is still found."""
    sheet = Image.new("RGB", (2339, 1654), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), round(3.5 * MM))
    blue = (30, 60, 170)
    for k in range(12):  # the page's print
        draw.text(
            (150, 500 + 60 * k),
            "地域への関心や愛着を持ってもらうため、情報を発信します。",
            fill=blue,
            font=font,
        )
    draw.rectangle((1700, 300, 2000, 400), outline=blue, width=3)  # the legend, 38 × 13 mm
    draw.text((1720, 310), "○:実施", fill=blue, font=font)
    draw.text((1720, 355), "△:未実施・進捗遅れ", fill=blue, font=font)
    _, found, _ = uncoloured(_scan(sheet, stamp=False), DPI)
    assert found == []
    _, found, _ = uncoloured(_scan(sheet, stamp=True, boxed=True), DPI)
    assert len(found) == 1 and found[0][0] > 1900 and found[0][3] < 300  # (above the legend)


def test_a_grey_scan_is_read_as_it_is():
    rgb = np.asarray(Image.new("RGB", (400, 300), (240, 240, 240)))
    rgb = rgb.copy()
    rgb[100:110, 50:350] = 20  # a rule
    grey = in_colour(rgb[..., ::-1])
    assert grey.ndim == 2 and grey[105, 60] == 20 and grey[0, 0] == 240
    same, found, _ = uncoloured(grey, DPI)
    assert same is grey and found == []


def test_a_colour_scan_stamped_on_receipt_reads_as_its_pdf(tmp_path):
    """A report scanned in colour, a receipt stamp (a box, in red) pressed on each page's
    top right over the running title or the table's header. Made grey as it was, the
    stamp was print as dark as the tables': its frame made rules, its text ran into the
    ratings below it (read as no symbol), and on other pages rows were lost. Each stamp
    is taken off and kept for review, in colour."""
    require_tesseract()
    style = ScanStyle("stamped", colour=PAPER, stamp=True, boxed=True, **SCANNED)
    source = OFFICE / "writer_hrules_portrait.pdf"  # page 1's legend says what ○ is
    pages = [1, 3]
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", style, pages), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"].isin(pages)]
    for column in ("serial", "measure_no", "rating", "departments_raw"):
        assert x.items[column].tolist() == page[column].tolist(), column
    assert text_distance(x.items["direction"], page["direction"]) <= 0.01
    stamps = [f for f in x.finding_list if f.check == "ocr.stamp"]
    # one a page of the scan, for review
    assert sorted(f.source_page for f in stamps) == list(range(1, len(pages) + 1))
    pictures = [data for path, data in x.images.items() if path.endswith("_stamp.png")]
    assert len(pictures) == len(pages)
    assert all(Image.open(io.BytesIO(data)).mode == "RGB" for data in pictures)
