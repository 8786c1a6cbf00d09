"""A 取組の方向性 cell's readings voted glyph by glyph, the grammar breaking ties.

Thin print misread by one model is often read right by another: Tesseract's jpn model
and its Japanese script model (trained on other text) fail on different glyphs, and so
do two sizes of one picture. Each other reading is aligned to the cell as read; where a
glyph stands against one of equal length, its characters are candidates for the glyph's,
and where a lone glyph stands against nothing, nothing is (a speck read as a kanji). A
candidate replaces the character read where MeCab (the prose lint's grammar) finds the
sentence reads more naturally with it, by a margin that shrinks with the readings behind
it: more readings for it than for the character read, it must read no more than a little
worse; otherwise far better. Only glyphs between stretches all readings read alike are
voted: beside a glyph gained or lost, which glyph stands for which is a guess. The cell
is then doubtful (cell_reading.py), both versions shown to the reviewer."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from hotplan.sources.ocr.page import flat

if TYPE_CHECKING:
    from hotplan.sources.ocr.engine import TextLine

# MeCab cost a candidate must save: with no more readings behind it than behind the
# character read, LONE; with more, OUTVOTED (the character read is kept only where it
# reads that much better).
LONE = 6000
OUTVOTED = -2000


def voted(text: str, others: list[str]) -> list[str]:
    """Each character of text (its whitespace left out) as the other readings and the
    grammar vote: itself, another, or "" where it is voted out."""
    from hotplan.typos.lattice import reads_worse  # MeCab: loaded only where OCR reads

    read = flat(text)
    chars = list(read)
    for i, found in sorted(_aligned(read, [flat(other) for other in others]).items()):
        behind = Counter(found)
        against = 1 + behind.pop(read[i], 0)
        if not behind:
            continue
        best, most = None, None
        current, at = "".join(chars), len("".join(chars[:i]))
        for candidate, count in behind.items():
            edited = current[:at] + candidate + current[at + 1 :]
            saved = reads_worse(current, at, at + 1, edited, at, at + len(candidate))
            if saved >= _margin(count, against) and (most is None or saved > most):
                best, most = candidate, saved
        if best is not None:
            chars[i] = best
    return chars


def in_place(text: str, chars: list[str]) -> str:
    """text with its characters (whitespace aside) replaced one for one by chars: its line
    breaks and spaces stay where they are."""
    it = iter(chars)
    return "".join(ch if ch.isspace() else next(it) for ch in text)


def _margin(count: int, against: int) -> int:
    return OUTVOTED if count > against else LONE


def _aligned(read: str, others: list[str]) -> dict[int, list[str]]:
    """For each character of read: what each other reading has in its place, between
    stretches read alike: one character (the same, or a glyph read as another), or
    nothing (a lone glyph the other reading has not)."""
    found: dict[int, list[str]] = {}
    for other in others:
        ops = Levenshtein.opcodes(read, other)
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            alike = tag == "replace" and i2 - i1 == j2 - j1 and _between_equals(ops, k)
            if tag == "equal" or alike:
                for n in range(i2 - i1):
                    found.setdefault(i1 + n, []).append(other[j1 + n])
            elif tag == "delete" and i2 - i1 == 1 and _between_equals(ops, k):
                found.setdefault(i1, []).append("")
    return found


def _between_equals(ops, k: int) -> bool:
    return all(ops[n].tag == "equal" for n in (k - 1, k + 1) if 0 <= n < len(ops))


def with_chars(lines: list[TextLine], chars: list[str]) -> list[TextLine]:
    """lines with their glyphs' characters replaced one for one by chars (voted), a glyph
    voted out left out, and a line left with none."""
    it = iter(chars)
    out = []
    for line in lines:
        glyphs = [replace(g, text="".join(next(it) for _ in g.text)) for g in line.glyphs]
        if kept := tuple(g for g in glyphs if g.text):
            out.append(replace(line, glyphs=kept))
    return out
