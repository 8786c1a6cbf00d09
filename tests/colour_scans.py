"""Colour scans for the OCR tests: the page scanned in colour (24 bits, JPEG with its
colour at half resolution) on tinted paper, marked with a highlighter and stamped on
receipt in red as the style says. scans.scan_page calls on this for a colour style."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pdf_fixtures import FONT_FILES
from scans import ScanStyle, optics

RED_INK = (200, 45, 50)  # 朱肉, as a scanner sees it


def colour_scan(image: Image.Image, style: ScanStyle, seed: int) -> Image.Image:
    """One page scanned in colour: a highlighter's marks on it and a red stamp pressed on
    it (each ink multiplies the print under it), the paper's tint, skew, blur, noise in
    each channel, JPEG."""
    sheet = image.convert("RGB")
    if style.marker:
        sheet = ImageChops.multiply(sheet, marker_layer(sheet, style, seed))
    if style.stamp:
        sheet = ImageChops.multiply(sheet, receipt_stamp(sheet.size, style, seed))
    pixels = np.asarray(sheet, np.float32) * (np.array(style.colour, np.float32) / 255)
    sheet = Image.fromarray(pixels.astype(np.uint8))
    sheet = optics(sheet, style, seed, style.colour)
    buffer = io.BytesIO()
    sheet.save(buffer, "JPEG", quality=style.jpeg or 90, subsampling=2)  # 4:2:0
    return Image.open(io.BytesIO(buffer.getvalue()))


# Highlighters as a scanner sees their ink (蛍光ペン): yellow, pink, green, blue, orange.
MARKERS = {
    "yellow": (250, 238, 80),
    "pink": (248, 145, 195),
    "green": (150, 238, 135),
    "blue": (135, 205, 248),
    "orange": (250, 185, 95),
}
MARKS = 6  # highlighter strokes a page


def marker_layer(sheet: Image.Image, style: ScanStyle, seed: int) -> Image.Image:
    """White with MARKS strokes of the style's highlighter on it, each over a line of
    print, as a reader marks a report: 4-5.5 mm tall, 30-110 mm long, drawn freehand
    (a little wavy and askew), wherever the line lies (a heading, a table's header, a
    cell's text)."""
    rng = np.random.default_rng(seed + 5000)
    mm = style.dpi / 25.4
    inked = np.flatnonzero((np.asarray(sheet.convert("L")) < 128).sum(axis=1) > 20)
    layer = Image.new("RGB", sheet.size, "white")
    draw = ImageDraw.Draw(layer)
    for _ in range(MARKS):
        y = int(rng.choice(inked))
        x0 = rng.uniform(0.15, 0.6) * sheet.width
        length, tall = rng.uniform(30, 110) * mm, rng.uniform(4, 5.5) * mm
        slope = rng.uniform(-1, 1) * mm
        points = [
            (x0 + t * length, y + t * slope + rng.uniform(-0.4, 0.4) * mm)
            for t in np.linspace(0, 1, 20)
        ]
        draw.line(points, fill=style.marker, width=round(tall))
    return layer


def receipt_stamp(
    size: tuple[int, int], style: ScanStyle, seed: int, ink: tuple[int, int, int] = RED_INK
) -> Image.Image:
    """A receipt stamp in ink (red 朱肉 unless told) on white, near the sheet's top-right
    corner, turned a few degrees as it was pressed: a ring 22 mm across, or a box 34 × 17
    mm, ruled in three (受付, the date, the section). scans.py presses the box on a grey
    scan too, in red ink's grey."""
    rng = np.random.default_rng(seed + 4000)
    mm = style.dpi / 25.4
    layer = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(layer)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), round(3.2 * mm))
    x = size[0] - (30 + rng.uniform(-5, 5)) * mm
    y = (22 + rng.uniform(-6, 10)) * mm
    if style.boxed:
        w, h = 17 * mm, 8.5 * mm
        draw.rectangle((x - w, y - h, x + w, y + h), outline=ink, width=round(0.5 * mm))
        rows = ("受付", "令和7年6月12日", "福祉総務課")
    else:
        w = h = 11 * mm
        draw.ellipse((x - w, y - h, x + w, y + h), outline=ink, width=round(0.5 * mm))
        rows = ("受付", "7.6.12", "福祉総務課")
    for dy in (-h / 3, h / 3):
        draw.line((x - 0.95 * w, y + dy, x + 0.95 * w, y + dy), fill=ink, width=round(0.3 * mm))
    for text, dy in zip(rows, (-2 * h / 3, 0, 2 * h / 3), strict=True):
        width = draw.textlength(text, font=font)
        draw.text((x - width / 2, y + dy - 1.6 * mm), text, fill=ink, font=font)
    turn = rng.uniform(-4, 4)
    return layer.rotate(turn, center=(x, y), resample=Image.BICUBIC, fillcolor="white")
