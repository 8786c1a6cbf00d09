"""Voiced (゛) and half-voiced (゜) kana: バ and パ differ by a mark a few pixels wide, and
Tesseract's language model fills in the word it expects. The 2024 report prints
シティブロモーション and ブレリーダー; scans of it read プ at every size, the word as it should
be, not as printed. Where the model itself gave the other mark a fair chance, the cell
goes to the reviewer with both versions; its text stays as read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotplan.sources.ocr.page import same_readings, with_glyph

if TYPE_CHECKING:
    from hotplan.sources.ocr.engine import TextLine

_VOICED, _HALF = "バビブベボばびぶべぼ", "パピプペポぱぴぷぺぽ"
OTHER_MARK = {**dict(zip(_VOICED, _HALF, strict=True)), **dict(zip(_HALF, _VOICED, strict=True))}
# Confidence (0–100) of the other mark that makes a cell doubtful. On the 14 scans of
# `make eval-ocr` (7 pages each with both marks): 10 finds 12 of the 15 cells read with the
# wrong mark at both sizes, 20 finds 10; correctly read marks mostly get 0.
FAIR_CHANCE = 10.0


def other_mark(text: str, readings: list[list[TextLine]]) -> str | None:
    """text with the first glyph whose other mark a reading of it gave FAIR_CHANCE or more
    swapped for that mark; None where no reading did."""
    for glyphs in same_readings(text, readings):
        for k, glyph in enumerate(glyphs):
            other = OTHER_MARK.get(glyph.text)
            if other and any(s == other and c >= FAIR_CHANCE for s, c in glyph.others):
                return with_glyph(text, glyphs, k, other)
    return None
