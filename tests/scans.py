"""Scanned renditions of a PDF fixture: each page rasterised in grey, then skewed, blurred,
noised and JPEG-compressed as a scanner and its software would, saved as an image-only PDF.

The OCR tests and `make eval-ocr` build their inputs with this, so no scan is committed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont


@dataclass(frozen=True)
class ScanStyle:
    name: str
    dpi: int = 200
    skew: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.0  # Gaussian radius in pixels
    noise: float = 0.0  # standard deviation of grey noise (0–255)
    jpeg: int | None = 75  # JPEG quality; None: lossless
    grey: int = 255  # paper colour
    turn: int = 0  # degrees the sheet lay turned (counter-clockwise) on the scanner
    shade: float = 0.0  # share of the light lost toward the right edge (a book's spine)
    toner: float = 1.0  # share of the ink's darkness printed (a pale copy: 0.45)
    # an office scanner's black-and-white mode: each pixel ink or paper at this grey level,
    # saved as a 1-bit image (no JPEG); 0: a grey scan
    bitonal: int = 0
    # a black-and-white scanner's photo mode: greys dithered into dots (Floyd–Steinberg),
    # saved as a 1-bit image
    dither: bool = False
    border: float = 0.0  # mm of the scanner lid's dark shadow along the top and left edges
    folds: int = 0  # creases across the sheet (a letter folded in three has two)
    streaks: int = 0  # lines down the page from dust on an automatic feeder's glass
    # binder holes punched by the binding edge (a portrait page's left, a landscape
    # page's top), dark: a feeder scans them against its black backing
    holes: int = 0
    # a receipt stamp in red ink (grey STAMP_TONE once scanned grey) in the top-right
    # corner, 22 mm across: 受付, a date, a section's name; boxed: 34 × 17 mm, ruled in three
    stamp: bool = False
    # scanned in colour (24 bits, saved as JPEG with its colour at half resolution), the
    # paper this tint; with a stamp, it is pressed in red ink (朱肉), round or boxed
    colour: tuple[int, int, int] | None = None
    boxed: bool = False
    # lines of print marked with a highlighter of this colour (蛍光ペン); on a grey scan,
    # its ink scanned grey
    marker: tuple[int, int, int] | None = None


STAMP_TONE = 110  # red ink (朱肉) scanned grey
SCAN_STYLES = {
    "clean200": ScanStyle("clean200"),
    "office300": ScanStyle("office300", dpi=300, skew=0.3, blur=0.6, noise=6, jpeg=70, grey=245),
    "tired200": ScanStyle("tired200", skew=-0.3, blur=0.8, noise=10, jpeg=55, grey=235),
    # an office scanner's black-and-white mode, 1 bit per pixel
    "bw200": ScanStyle("bw200", skew=0.2, blur=0.5, noise=4, jpeg=None, bitonal=150),
}


def scan_page(image: Image.Image, style: ScanStyle, seed: int) -> Image.Image:
    """One page as the scanner saw it."""
    if style.colour:
        from colour_scans import colour_scan  # (it builds on optics below)

        return colour_scan(image, style, seed)
    grey = image.convert("L")
    if style.border:
        grey = grey.copy()
        band = round(style.border / 25.4 * style.dpi)
        ImageDraw.Draw(grey).rectangle((0, 0, grey.width, band), fill=40)
        ImageDraw.Draw(grey).rectangle((0, 0, band, grey.height), fill=40)
    if style.turn:
        grey = grey.rotate(style.turn, expand=True, fillcolor=255)
    if style.toner < 1.0:  # pale print: the ink lighter, the paper as it is
        grey = grey.point(lambda v: round(255 - (255 - v) * style.toner))
    if style.grey < 255:  # paper is not white: lift the background, keep the ink
        grey = grey.point(lambda v: v * style.grey // 255)
    if style.shade:  # lighting falls off across the sheet, most toward the right
        pixels = np.asarray(grey, dtype=np.float32)
        across = np.linspace(0.0, 1.0, pixels.shape[1])[None, :] ** 2
        down = np.linspace(0.0, 1.0, pixels.shape[0])[:, None]
        light = 1.0 - style.shade * across - style.shade / 2 * down
        grey = Image.fromarray(np.clip(pixels * light, 0, 255).astype(np.uint8))
    if style.folds:
        grey = _folded(grey, style.folds, seed)
    if style.holes:
        grey = _punched(grey, style.holes, style.dpi, seed)
    if style.marker:  # marked as on a colour scan, its ink scanned grey
        from colour_scans import marker_layer

        grey = ImageChops.multiply(grey, marker_layer(grey, style, seed).convert("L"))
    if style.stamp and style.boxed:  # pressed as on a colour scan, its ink scanned grey
        from colour_scans import receipt_stamp  # (it builds on optics below)

        tone = (STAMP_TONE,) * 3
        grey = ImageChops.multiply(grey, receipt_stamp(grey.size, style, seed, tone).convert("L"))
    elif style.stamp:
        grey = _stamped(grey, style.dpi, seed)
    grey = optics(grey, style, seed, style.grey)
    if style.streaks:
        grey = _streaked(grey, style.streaks, seed)
    if style.dither:
        return grey.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    if style.bitonal:
        return grey.point(lambda v: 255 if v > style.bitonal else 0).convert("1")
    if style.jpeg:
        buffer = io.BytesIO()
        grey.save(buffer, "JPEG", quality=style.jpeg)
        grey = Image.open(io.BytesIO(buffer.getvalue()))
    return grey


def optics(sheet: Image.Image, style: ScanStyle, seed: int, paper: object) -> Image.Image:
    """The sheet as the scanner's optics saw it: fed askew (the corners paper), blurred,
    with noise in each pixel (each channel of a colour scan's)."""
    if style.skew:
        sheet = sheet.rotate(style.skew, resample=Image.BICUBIC, fillcolor=paper)
    if style.blur:
        sheet = sheet.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise:
        rng = np.random.default_rng(seed)
        pixels = np.asarray(sheet, dtype=np.float32)
        pixels += rng.normal(0, style.noise, pixels.shape)
        sheet = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return sheet


def crease(pixels: np.ndarray, y: float, slope: float, side: int = 1) -> np.ndarray:
    """pixels (a sheet, float) with a fold's crease across it, at row y in the middle and
    a little askew (slope): a pale line some 70 grey levels dark at its middle, with the
    fold's shadow along its lower side (side 1) or its upper one (-1)."""
    height, width = pixels.shape
    middle = y + slope * (np.arange(width) - width / 2)
    off = np.arange(height)[:, None] - middle[None, :]
    dark = 70 * np.exp(-((off / 1.2) ** 2)) + 25 * np.exp(-side * off / 12) * (side * off > 0)
    return pixels * (1 - dark / 255)


def streak(pixels: np.ndarray, x: int, wide: int, share: float, on: np.ndarray) -> np.ndarray:
    """pixels (float) with a feeder's streak down them at column x, wide pixels wide,
    letting share of the light through in the rows on (the dust moved off the others)."""
    out = pixels.copy()
    out[on, x : x + wide] *= share
    return out


def hole(pixels: np.ndarray, x: float, y: float, radius: float, tone: float) -> np.ndarray:
    """pixels (float) with a round hole punched at (x, y), the backing behind it tone."""
    rows, cols = np.ogrid[: pixels.shape[0], : pixels.shape[1]]
    out = pixels.copy()
    out[(rows - y) ** 2 + (cols - x) ** 2 <= radius**2] = tone
    return out


def _punched(grey: Image.Image, holes: int, dpi: int, seed: int) -> Image.Image:
    """The sheet with binder holes 6 mm wide, 80 mm apart (ISO 838), their middles 12 mm
    in from the binding edge, give or take a millimetre as the punch was set."""
    rng = np.random.default_rng(seed + 3000)
    pixels = np.asarray(grey, dtype=np.float32)
    height, width = pixels.shape
    mm = dpi / 25.4
    along = max(width, height)
    for k in range(holes):
        middle = along / 2 + (k - (holes - 1) / 2) * 80 * mm
        inward = (12 + rng.uniform(-1, 1)) * mm
        x, y = (middle, inward) if width > height else (inward, middle)
        pixels = hole(pixels, x, y, 3 * mm, rng.uniform(20, 60))
    return Image.fromarray(pixels.astype(np.uint8))


def _stamped(grey: Image.Image, dpi: int, seed: int) -> Image.Image:
    """The sheet with a receipt stamp near its top-right corner, as a clerk sets it: a
    few millimetres this way or that, over the running title or the table's header."""
    from pdf_fixtures import FONT_FILES  # (fonts are needed only here)

    rng = np.random.default_rng(seed + 4000)
    mm = dpi / 25.4
    r, tone = 11 * mm, STAMP_TONE
    x = grey.width - (25 + rng.uniform(-3, 3)) * mm
    y = (20 + rng.uniform(-4, 8)) * mm
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), round(3.2 * mm))
    out = grey.copy()
    draw = ImageDraw.Draw(out)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=tone, width=round(0.5 * mm))
    for dy in (-0.3 * r, 0.3 * r):
        draw.line((x - 0.95 * r, y + dy, x + 0.95 * r, y + dy), fill=tone, width=round(0.35 * mm))
    for text, dy in (("受付", -0.62), ("7.6.12", 0.0), ("福祉総務課", 0.62)):
        width = draw.textlength(text, font=font)
        draw.text((x - width / 2, y + dy * r - 1.6 * mm), text, fill=tone, font=font)
    return out


def _folded(grey: Image.Image, folds: int, seed: int) -> Image.Image:
    """The sheet with creases across it, evenly spaced, each a little askew."""
    rng = np.random.default_rng(seed + 1000)
    pixels = np.asarray(grey, dtype=np.float32)
    for k in range(1, folds + 1):
        y = k * pixels.shape[0] / (folds + 1) + rng.uniform(-15, 15)
        pixels = crease(pixels, y, rng.uniform(-0.004, 0.004), 1 if k % 2 else -1)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _streaked(grey: Image.Image, streaks: int, seed: int) -> Image.Image:
    """The picture with dark lines down it, as an automatic feeder draws them: the same
    place on every page (dust on its glass), one to three pixels wide, broken where the
    dust moved."""
    rng = np.random.default_rng(seed + 2000)
    pixels = np.asarray(grey, dtype=np.float32)
    height, width = pixels.shape
    for k in range(streaks):
        on = np.ones(height, bool)
        for top in rng.integers(0, height, 3):
            on[top : top + rng.integers(20, 200)] = False
        x = int((0.41 + 0.36 * k) % 0.9 * width)
        pixels = streak(pixels, x, 1 + k % 3, 0.4 + 0.2 * (k % 2), on)
    return Image.fromarray(pixels.astype(np.uint8))


def scan_pdf(source: Path, target: Path, style: ScanStyle, pages: list[int] | None = None) -> Path:
    """target: an image-only PDF of source's pages (1-based numbers; default all)."""
    doc = pdfium.PdfDocument(source)
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        images = [
            scan_page(doc[n - 1].render(scale=style.dpi / 72).to_pil(), style, seed=n)
            for n in numbers
        ]
    finally:
        doc.close()
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=style.dpi)
    return target


def fax_pdf(source: Path, target: Path, lines: int, pages: list[int] | None = None) -> Path:
    """target: source's pages (1-based numbers; default all) as a fax received into a PDF:
    each page rendered at a fax machine's 204 dpi across, headed by its transmit line,
    turned a little as it was fed, squeezed to lines an inch down (196 fine, 98 standard)
    and cut to 1 bit at mid-grey, stretched back over the page."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from pdf_fixtures import FONT_FILES

    doc = pdfium.PdfDocument(source)
    canvas = Canvas(str(target))
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), 22)
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        for n in numbers:
            page = doc[n - 1]
            width, height = page.get_size()
            image = page.render(scale=204 / 72).to_pil().convert("L")
            header = f"2025/06/12 14:{n:02d}  042-724-XXXX  町田市 福祉総務課  P.{n:03d}"
            ImageDraw.Draw(image).text((40, 8), header, fill=0, font=font)
            image = image.rotate(0.3, resample=Image.BICUBIC, fillcolor=255)
            image = image.resize((image.width, round(image.height * lines / 204)), Image.BOX)
            image = image.point(lambda v: 255 if v > 128 else 0).convert("1")
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            buffer.seek(0)
            canvas.setPageSize((width, height))
            canvas.drawImage(ImageReader(buffer), 0, 0, width, height)
            canvas.showPage()
        canvas.save()
    finally:
        doc.close()
    return target


def searchable(
    scan: Path,
    source: Path | None,
    target: Path,
    misread: dict[str, str] | None = None,
    stamped: str | None = None,
) -> Path:
    """target: scan as software after the scanner leaves it. source: its characters drawn
    invisibly (render mode 3, a real CID font) where they stand over each page's picture,
    as a scanner's or ocrmypdf's OCR layer, each key of misread written as its value (the
    layer's own OCR errors); stamped: visible text added to each page's foot ('{n}': the
    page's number), as a PDF editor numbers a scan's pages."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from hotplan.sources.pdf.pdfium import read_pdf
    from pdf_fixtures import register_font

    register_font("HeiseiKakuGo-W5")
    pictures = pdfium.PdfDocument(scan)
    canvas = Canvas(str(target))
    texts = read_pdf(source) if source else iter(lambda: None, 0)
    try:
        for number, (scanned, page) in enumerate(zip(pictures, texts, strict=False), start=1):
            width, height = scanned.get_size()
            canvas.setPageSize((width, height))
            image = next(
                o for o in scanned.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
            )
            buffer = io.BytesIO()
            image.get_bitmap().to_pil().save(buffer, "PNG")
            buffer.seek(0)
            canvas.drawImage(ImageReader(buffer), 0, 0, width, height)
            if page is not None:
                text = canvas.beginText()
                text.setTextRenderMode(3)
                for char in page.chars:
                    text.setFont("HeiseiKakuGo-W5", char.size)
                    text.setTextOrigin(char.x0, height - char.bottom)
                    text.textOut((misread or {}).get(char.text, char.text))
                canvas.drawText(text)
            if stamped:
                canvas.setFont("HeiseiKakuGo-W5", 9)
                canvas.drawString(width - 90, 14, stamped.format(n=number))
            canvas.showPage()
        canvas.save()
    finally:
        pictures.close()
    return target


def joined(parts: list[tuple[Path, list[int]]], target: Path) -> Path:
    """target: the given pages (1-based) of each PDF, in order, as one PDF (a report with
    pages scanned in among printed ones)."""
    out = pdfium.PdfDocument.new()
    for path, pages in parts:
        doc = pdfium.PdfDocument(path)
        out.import_pages(doc, [n - 1 for n in pages])
        doc.close()
    out.save(target)
    out.close()
    return target
