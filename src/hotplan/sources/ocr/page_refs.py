"""A 担当課 cell's page reference, `(P.74)`, read again by Tesseract's Latin model: the
Japanese model misreads Mincho's digits in it (74 as 73 in every reference to page 74 of
a 150 dpi scan; 97 as 9), where the Latin model, kept to a reference's own characters,
reads them. Its number replaces the Japanese one only where it reads the same at two
sizes, and the cell is then reviewed with both readings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import regex

from hotplan import vocabulary as v
from hotplan.sources.ocr import engine
from hotplan.sources.ocr.departments import PAGE_READ_RE

REF_ZOOMS = (2.0, 3.0)  # the sizes the reference is read at; the second only on a difference
BAND_PX = 3  # px of paper around the reference's line
# Room, in line heights, left of the reference's first glyph as the Japanese model placed
# it: its box may start right of a thin parenthesis' ink.
LEFT_ROOM = 0.3
BEGUN_RE = regex.compile(rf"{v.OPEN_PAREN}[ \u3000]*[PpＰｐ]")  # a reference's start: `(P`


def latin_page_refs(grey: np.ndarray, lines: list[engine.TextLine]) -> list[engine.TextLine]:
    """lines with the number of each page reference as the Latin model reads it, where
    it reads one number at both REF_ZOOMS and the Japanese model read another."""
    return [_reread(grey, line) for line in lines]


def _reread(grey: np.ndarray, line: engine.TextLine) -> engine.TextLine:
    """line with its page reference's number as the Latin model reads it; a reference the
    Japanese model began but misread to its end (`(P7⑦` for `(P.77)`) is replaced whole."""
    if found := _last(PAGE_READ_RE, line.glyphs):
        start, (a, b), printed = found.start(), found.span("page"), _page(found)
    elif begun := _last(BEGUN_RE, line.glyphs):
        start, (a, b), printed = begun.start(), (begun.start(), len(line.glyphs)), None
    else:
        return line
    _, y0, x1, y1 = line.box
    left = max(0, line.glyphs[start].box[0] - round(LEFT_ROOM * (y1 - y0)))
    top = max(0, y0 - BAND_PX)
    crop = grey[top : y1 + BAND_PX, left : x1 + BAND_PX]
    read = None
    for zoom in REF_ZOOMS:
        glyphs = _latin(engine.read(crop, "page_ref", (left, top), zoom), whole=printed is None)
        if glyphs is None or (read is not None and _text(glyphs) != _text(read)):
            return line
        if _text(glyphs) == printed:
            return line  # the Latin model reads what the Japanese one read
        read = glyphs
    assert read is not None
    return replace(line, glyphs=(*line.glyphs[:a], *read, *line.glyphs[b:]))


def _latin(lines: list[engine.TextLine], whole: bool) -> list[engine.Glyph] | None:
    """The glyphs of the page number in the Latin model's reading (whole: of the whole
    reference), if it read one."""
    glyphs = [g for line in lines for g in line.glyphs]
    if not (m := _last(PAGE_READ_RE, glyphs)):
        return None
    a, b = (m.start(), max(m.end(), m.end("close"))) if whole else m.span("page")
    kept = [g for g in glyphs[a:b] if whole or g.text.isdigit()]
    return [replace(g, word_start=False) for g in kept] or None


def _last(pattern: regex.Pattern, glyphs: Sequence[engine.Glyph]) -> regex.Match | None:
    """pattern's last match in the glyphs' text, where each glyph is one character (so
    the match's places are the glyphs')."""
    text = _text(glyphs)
    if len(text) != len(glyphs):
        return None
    found = list(pattern.finditer(text))
    return found[-1] if found else None


def _text(glyphs: Sequence[engine.Glyph]) -> str:
    return "".join(g.text for g in glyphs)


def _page(m: regex.Match) -> str:
    return "".join(ch for ch in m["page"] if ch.isdigit())
