"""One printed character read as two glyphs of different names: Tesseract's network, torn
between や and む, sometimes gives both (討やむ、 for 討や、), at every size alike. Each of
the two then names the other as its runner-up, which two real neighbours do not: the
cell goes to the reviewer with the less sure of the two left out; its text stays as read."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from hotplan.sources.ocr.page import same_readings, with_glyph

if TYPE_CHECKING:
    from hotplan.sources.ocr.engine import Glyph, TextLine

# Confidence (0–100) each of the two gives the other. On the 14 scans of `make eval-ocr`
# the doubled glyphs gave each other 83–93; at 50 no cell read right went to review.
EACH_OTHER = 50.0


def doubled_glyph(text: str, readings: list[list[TextLine]]) -> str | None:
    """text without the less sure glyph of the first neighbouring pair, in a reading of
    text, that name each other with EACH_OTHER or more; None where no reading has one."""
    for glyphs in same_readings(text, readings):
        for k, (first, second) in enumerate(pairwise(glyphs)):
            if _names(first, second) and _names(second, first):
                return with_glyph(text, glyphs, k + (second.conf <= first.conf), "")
    return None


def _names(glyph: Glyph, other: Glyph) -> bool:
    return glyph.text != other.text and any(
        s == other.text and c >= EACH_OTHER for s, c in glyph.others
    )
