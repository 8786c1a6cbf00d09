"""A glyph's runner-up that turns nonsense into Japanese: Tesseract read 影響が大きい as
影響び大きい, with が its own runner-up at 94. MeCab (the prose lint's grammar) weighs the
cell as read against the cell with the runner-up, over a few characters either side; where
the runner-up reads far more naturally, the cell goes to the reviewer with that version.
Two neighbours naming one runner-up are one printed character read as two (でひきる for
できる, both naming む): the cell without either of them is weighed the same way. The text
always stays as read."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from hotplan.sources.ocr.page import flat, same_readings, with_glyph
from hotplan.typos.lattice import reads_worse
from hotplan.typos.phrasing import is_kana, is_kanji

if TYPE_CHECKING:
    from hotplan.sources.ocr.engine import Glyph, TextLine

RUNNER_UP = 30.0  # confidence (0–100) of a runner-up worth weighing
# MeCab cost the other version must save to send the cell to review. On the 14 scans of
# `make eval-ocr` the misreads saved 11,279 (が for び) and 17,838 (ひ left out); of the
# 2,932 cells nothing else doubted, none saved more than 6,121 (保健師 without 師).
NATURAL = 8000


def natural_version(text: str, readings: list[list[TextLine]]) -> str | None:
    """text with the one runner-up, or without the one of two neighbours, that reads most
    naturally, where it saves NATURAL or more; None where nothing does."""
    read, best, most = flat(text), None, 0
    for glyphs in same_readings(text, readings):
        for k, new in _edits(glyphs):
            at = sum(len(g.text) for g in glyphs[:k])
            edited = flat(with_glyph(read, glyphs, k, new))
            saved = reads_worse(read, at, at + len(glyphs[k].text), edited, at, at + len(new))
            if saved >= NATURAL and saved > most:
                best, most = with_glyph(text, glyphs, k, new), saved
    return best


def _edits(glyphs: list[Glyph]) -> list[tuple[int, str]]:
    """(glyph, what replaces it): each sure-enough runner-up, and nothing for each of two
    neighbours naming the same runner-up."""
    found = [(k, s) for k, g in enumerate(glyphs) for s in _runners_up(g)]
    for k, (first, second) in enumerate(pairwise(glyphs)):
        if _runners_up(first) & _runners_up(second):
            found += [(k, ""), (k + 1, "")]
    return found


def _runners_up(glyph: Glyph) -> set[str]:
    """Kana and kanji runners-up of a kana or kanji: the grammar weighs Japanese words,
    not how a digit or a bracket sits among them."""
    if not _japanese(glyph.text):
        return set()
    return {s for s, c in glyph.others if c >= RUNNER_UP and s != glyph.text and _japanese(s)}


def _japanese(text: str) -> bool:
    return bool(text) and all(is_kana(ch) or is_kanji(ch) for ch in text)
