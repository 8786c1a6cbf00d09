"""Full-width punctuation read back as full width, and Latin as Latin. Tesseract names the
glyph's shape, and ！ and !, ” and " have one shape; what tells them apart on paper is the
room the glyph takes: a full-width mark stands in a whole em box, so its neighbours' ink is
about a line height apart, where a Latin mark leaves them half as far apart. A document
printing both (the 2024 report has やってみたい！ and チャレンジ!) keeps each as printed."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:  # engine.py calls this module on every line it reads
    from hotplan.sources.ocr.engine import Glyph, TextLine

FULL = {"!": "！", "?": "？", "~": "～", ":": "：", ";": "；"}
QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}  # (opening, closing)
ROOM = 0.85  # × line height between the neighbours' ink: the mark has an em box of its own
NARROW = 0.7  # … less than this: a full-width mark read where a Latin one is printed (フェ!」)
LATIN = {wide: narrow for narrow, wide in FULL.items()}
# A Latin mark left between two wide characters: where the room test read a full-width
# mark as Latin, it was here (獲得"を for 獲得”を); such a cell is shown to the reviewer.
NARROW_AMONG_WIDE_RE = regex.compile(
    rf"[^\x00-\x7f][{regex.escape(''.join([*FULL, *QUOTES]))}][^\x00-\x7f]"
)


def narrow_among_wide(text: str) -> str | None:
    """The first Latin mark between two wide characters in text, with its neighbours."""
    m = NARROW_AMONG_WIDE_RE.search(text)
    return m.group() if m else None


def full_width(line: TextLine) -> TextLine:
    """line with each Latin mark that takes a full-width mark's room as that mark, and each
    full-width mark packed in a Latin mark's room as the Latin one."""
    glyphs = list(line.glyphs)
    height = line.box[3] - line.box[1]
    changed = False
    for i, glyph in enumerate(glyphs):
        if glyph.text not in FULL and glyph.text not in QUOTES and glyph.text not in LATIN:
            continue
        if not 0 < i < len(glyphs) - 1 or height <= 0:
            continue  # one neighbour only: its room cannot be measured
        room = glyphs[i + 1].box[0] - _em_end(glyphs[i - 1], height)
        if glyph.text in LATIN:
            if room < NARROW * height:
                glyphs[i] = replace(glyph, text=LATIN[glyph.text])
                changed = True
            continue
        if room < ROOM * height:
            continue
        glyphs[i] = replace(glyph, text=_wide(glyph, glyphs[i - 1], glyphs[i + 1]))
        changed = True
    return replace(line, glyphs=tuple(glyphs)) if changed else line


def _em_end(glyph: Glyph, height: int) -> int:
    """Where a glyph's box ends: its ink's end, and for a wide character at least an em (a
    line height) past its ink's start, where a small kana (ェ) leaves room of its own."""
    if glyph.text.isascii():
        return glyph.box[2]
    return max(glyph.box[2], glyph.box[0] + height)


def _wide(glyph: Glyph, before: Glyph, after: Glyph) -> str:
    """The full-width mark; a quote opens when its ink hugs the next character (“ stands
    at the right of its em box, ” at the left)."""
    if glyph.text in FULL:
        return FULL[glyph.text]
    opening, closing = QUOTES[glyph.text]
    left, right = glyph.box[0] - before.box[2], after.box[0] - glyph.box[2]
    return opening if left > right else closing
