"""What every PDF reader does alike with the characters it found: map look-alike code points
and judge whether the text layer can be used at all.

Kangxi-radical code points are read as the ordinary kanji and JIS-table forms of full-width
characters as the Windows forms; the printed code point is kept (`Char.printed`) so layout
turns each mapping into a finding. A text layer that is mostly glyphs without Unicode, or
absent, is an InputError saying to OCR the file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from hotplan import vocabulary as v
from hotplan.errors import InputError, NoTextLayer
from hotplan.messages import t
from hotplan.sources.pdf.page import Char

CID_GARBAGE_SHARE = 0.05  # above this share of glyphs without Unicode the text is unreadable
FULL_WIDTH = 0.8  # × font size: a glyph this wide is a full-width (JIS) character


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


@dataclass
class TextLayer:
    """Counts over the pages read so far; raises as soon as the text layer is unusable."""

    path: Path
    chars: int = 0
    unmapped: int = 0  # glyphs the PDF gives no Unicode for ((cid:N) in pdfminer)
    images: int = 0

    def add_page(self, chars: int, unmapped: int, images: int) -> None:
        self.chars += chars
        self.unmapped += unmapped
        self.images += images
        if self.chars and self.unmapped / self.chars > CID_GARBAGE_SHARE:
            raise NoTextLayer(self.path, t("input.pdf_cid"))

    def finish(self) -> None:
        if self.chars == 0 and self.images:
            raise NoTextLayer(self.path, t("input.pdf_no_text", what=t("input.pdf_scanned")))
        if self.chars == 0:
            raise InputError(self.path, t("input.pdf_no_text", what=t("input.pdf_blank")))
