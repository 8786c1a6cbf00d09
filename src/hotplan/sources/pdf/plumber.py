"""Open a PDF with pdfplumber and hand over its characters and ruling lines, page by page.

Everything that makes a PDF unusable is an InputError here, with one line saying what to do:
not a PDF, corrupt or truncated, encrypted (use --password), no text layer (run OCR), or a
text layer of `(cid:N)` glyphs without Unicode (run OCR). Fake-bold duplicate characters
are removed; Kangxi-radical code points are mapped to the ordinary kanji and JIS-table
forms of full-width characters to the Windows forms (remembered, so each mapping becomes
a finding).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from hotplan import vocabulary as v
from hotplan.errors import InputError
from hotplan.sources.pdf.page import Char, PdfPage, dedupe

CID_GARBAGE_SHARE = 0.05  # above this share of (cid:N) glyphs the text layer is unreadable
FULL_WIDTH = 0.8  # × font size: a glyph this wide is a full-width (JIS) character
RULE_MAX_THICKNESS = 3.0  # pt: thicker filled rectangles are fills, not rules


def _char(raw: dict) -> Char:
    text = raw["text"]
    printed = None
    if "\u2f00" <= text <= "\u2fdf":  # Kangxi radical
        printed, text = text, unicodedata.normalize("NFKC", text)
    elif text in v.JIS_VENDOR_VARIANTS and raw["x1"] - raw["x0"] >= FULL_WIDTH * raw["size"]:
        printed, text = text, v.JIS_VENDOR_VARIANTS[text]
    return Char(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], raw["size"], printed)


def _rules(page) -> tuple[list, list, list]:
    hrules, vrules, fills = [], [], []
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) < 1:
            hrules.append((line["x0"], line["x1"], line["top"]))
        elif abs(line["x0"] - line["x1"]) < 1:
            vrules.append((line["x0"], line["top"], line["bottom"]))
    for rect in page.rects:
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        if rect.get("fill") and not rect.get("stroke") and min(x1 - x0, bottom - top) > 3:
            fills.append((x0, top, x1, bottom))
            continue
        if bottom - top <= RULE_MAX_THICKNESS:
            hrules.append((x0, x1, (top + bottom) / 2))
        elif x1 - x0 <= RULE_MAX_THICKNESS:
            vrules.append(((x0 + x1) / 2, top, bottom))
        else:  # a stroked box: its four edges are rules
            hrules += [(x0, x1, top), (x0, x1, bottom)]
            vrules += [(x0, top, bottom), (x1, top, bottom)]
    return hrules, vrules, fills


def _open(path: Path, password: str | None):
    try:
        return pdfplumber.open(path, password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise InputError(path, "the --password given does not open this PDF") from exc
            raise InputError(path, "is encrypted: give its password with --password") from exc
        raise InputError(path, f"is not a readable PDF (corrupt or truncated: {cause})") from exc
    except PDFPasswordIncorrect as exc:
        raise InputError(path, "is encrypted: give its password with --password") from exc


def read_pdf(path: str | Path, password: str | None = None) -> Iterator[PdfPage]:
    """Yield the pages of a report PDF; raise InputError when there is no usable text."""
    path = Path(path)
    with _open(path, password) as pdf:
        total = garbage = images = 0
        try:
            for number, page in enumerate(pdf.pages, start=1):
                chars = [_char(c) for c in page.chars]
                total += len(chars)
                garbage += sum(c.text.startswith("(cid:") for c in chars)
                images += len(page.images)
                if total and garbage / total > CID_GARBAGE_SHARE:
                    raise InputError(
                        path,
                        "text layer is unreadable (glyphs without Unicode, shown as (cid:N)): "
                        "OCR it first, e.g. `ocrmypdf -l jpn --force-ocr in.pdf out.pdf`, "
                        "or use the text dump",
                    )
                hrules, vrules, fills = _rules(page)
                width, height = page.width, page.height
                page.close()  # drop pdfplumber's per-page caches: less memory, less GC work
                yield PdfPage(number, width, height, dedupe(chars), hrules, vrules, fills)
        except PdfminerException as exc:
            raise InputError(path, f"is not a readable PDF (corrupt: {exc.args[0]})") from exc
        if total == 0:
            what = "scanned images" if images else "no text"
            raise InputError(
                path,
                f"has no text layer ({what}): OCR it first, e.g. `ocrmypdf -l jpn in.pdf "
                "out.pdf`, or use the text dump",
            )
