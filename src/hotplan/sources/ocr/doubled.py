"""One printed character read as two glyphs of different names: Tesseract's network, torn
between や and む, sometimes gives both (討やむ、 for 討や、), at every size alike. Each of
the two then names the other as its runner-up, which two real neighbours do not: the
cell goes to the reviewer with the less sure of the two left out; its text stays as read."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from hotplan.sources.ocr.page import flat, printed_index

if TYPE_CHECKING:
    from hotplan.sources.ocr.engine import Glyph, TextLine

# Confidence (0–100) each of the two gives the other. On the 14 scans of `make eval-ocr`
# the doubled glyphs gave each other 83–93; at 50 no cell read right went to review.
EACH_OTHER = 50.0


def doubled_glyph(text: str, readings: list[list[TextLine]]) -> str | None:
    """text without the less sure glyph of the first neighbouring pair, in a reading of
    text, that name each other with EACH_OTHER or more; None where no reading has one."""
    for lines in readings:
        glyphs = [g for line in lines for g in line.glyphs]
        if flat("".join(g.text for g in glyphs)) != flat(text):
            continue  # a glyph's place in another reading is not its place in text
        for k, (first, second) in enumerate(pairwise(glyphs)):
            if _names(first, second) and _names(second, first):
                drop = k + (second.conf <= first.conf)
                return _without(text, sum(len(g.text) for g in glyphs[:drop]), glyphs[drop])
    return None


def _names(glyph: Glyph, other: Glyph) -> bool:
    return glyph.text != other.text and any(
        s == other.text and c >= EACH_OTHER for s, c in glyph.others
    )


def _without(text: str, at: int, glyph: Glyph) -> str:
    """text without glyph, which starts at its at-th character not counting white space."""
    i = printed_index(text, at)
    return text if i is None else text[:i] + text[i + len(glyph.text) :]
