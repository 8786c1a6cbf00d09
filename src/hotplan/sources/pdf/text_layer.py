"""What every PDF reader does alike with the characters it found: map look-alike code points
and judge whether the text layer can be used at all.

Kangxi-radical code points are read as the ordinary kanji and JIS-table forms of full-width
characters as the Windows forms; the printed code point is kept (`Char.printed`) so layout
turns each mapping into a finding. A text layer that is mostly glyphs without Unicode, or
absent, is an InputError saying to OCR the file.

A page whose text is not text — a picture of print (an image over most of it) with no text
of its own or only text drawn invisibly over it (a scanner's or ocrmypdf's OCR layer, whose
cells read far worse than hotplan's own OCR), or text drawn as glyph outlines — is a
scanned page: its text does not count, and a document of such pages among printed ones
says which they are, so they are read by OCR too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hotplan import vocabulary as v
from hotplan.errors import InputError, NoTextLayer, PartlyScanned
from hotplan.messages import t
from hotplan.sources.pdf.page import Char

CID_GARBAGE_SHARE = 0.05  # above this share of glyphs without Unicode the text is unreadable
FULL_WIDTH = 0.8  # × font size: a glyph this wide is a full-width (JIS) character
SCAN_COVER = 0.5  # share of a page one image covers for the page's print to be a picture
HIDDEN_SHARE = 0.9  # share of its text drawn invisibly for a page's text to be an OCR layer
OUTLINED_PAGE = 50  # glyph outlines on a page without text: its text was drawn as shapes
STAMPED = 40  # characters: fewer on a page are a label a program stamped (a page of the
# report prints hundreds)
# What a document's pages that are no text are, most telling first, for the messages.
SCANNED_WHAT = {"outlines": "input.pdf_outlines", "hidden": "input.pdf_hidden_text"}


# Code points make_char may read as another (Kangxi radicals, JIS-table forms): a reader
# can make every other character a plain Char without calling it.
MAPPED_CODES = frozenset(range(0x2F00, 0x2FE0)) | frozenset(map(ord, v.JIS_VENDOR_VARIANTS))


def make_char(text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> Char:
    """A Char, with a look-alike code point read as the one meant (and the printed one kept)."""
    printed = None
    if "\u2f00" <= text <= "\u2fdf":  # Kangxi radical
        printed, text = text, unicodedata.normalize("NFKC", text)
    elif text in v.JIS_VENDOR_VARIANTS and x1 - x0 >= FULL_WIDTH * size:
        printed, text = text, v.JIS_VENDOR_VARIANTS[text]
    return Char(text, x0, x1, top, bottom, size, printed)


def scanned_page(chars: int, cover: float, hidden: Callable[[], float], glyphs: int) -> str | None:
    """Why a page must be read from its picture, or None where its text is print: an
    image covers cover of it, and of its text (chars characters; fewer than STAMPED are a
    label or page number a program added, which the picture is read with) the share
    hidden() is drawn invisibly (asked only of a page that has both); glyphs: shapes it
    draws that look like glyph outlines."""
    few = chars < STAMPED
    if few and glyphs >= OUTLINED_PAGE:
        return "outlines"
    if cover < SCAN_COVER:
        return None
    if few:
        return "picture"
    return "hidden" if hidden() >= HIDDEN_SHARE else None


@dataclass
class TextLayer:
    """Counts over the pages read so far; raises as soon as the text layer is unusable."""

    path: Path
    chars: int = 0
    unmapped: int = 0  # glyphs the PDF gives no Unicode for ((cid:N) in pdfminer)
    images: int = 0
    scanned: list[int] = field(default_factory=list)  # pages to read from their picture
    why: set[str] = field(default_factory=set)  # what those pages are (scanned_page)

    def add_page(
        self, number: int, chars: int, unmapped: int, images: int, scan: str | None
    ) -> None:
        """Page number's counts; scan: why it is read from its picture (scanned_page)."""
        self.images += images
        if scan:
            self.scanned.append(number)
            self.why.add(scan)
            return
        self.chars += chars
        self.unmapped += unmapped
        if self.chars and self.unmapped / self.chars > CID_GARBAGE_SHARE:
            raise NoTextLayer(self.path, t("input.pdf_cid"))

    def finish(self) -> None:
        if self.chars == 0 and (self.images or self.scanned):
            what = next((k for w, k in SCANNED_WHAT.items() if w in self.why), "input.pdf_scanned")
            raise NoTextLayer(self.path, t("input.pdf_no_text", what=t(what)))
        if self.chars == 0:
            raise InputError(self.path, t("input.pdf_no_text", what=t("input.pdf_blank")))
        if self.scanned:
            pages = "、".join(map(str, self.scanned))
            raise PartlyScanned(self.path, t("input.pdf_partly_scanned", pages=pages), self.scanned)
