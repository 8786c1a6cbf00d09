"""A 取組の方向性 cell's readings voted glyph by glyph, the grammar breaking ties.

Thin print misread by one model is often read right by another: Tesseract's jpn model
and its Japanese script model (trained on other text) fail on different glyphs, and so
do two sizes of one picture. Each other reading is aligned to the cell as read; where a
glyph stands against one of equal length, its characters are candidates for the glyph's.
A candidate replaces the character read where MeCab (the prose lint's grammar) finds the
sentence reads more naturally with it, by a margin that shrinks with the readings behind
it: more readings for it than for the character read, it must read no more than a little
worse; otherwise far better. Insertions and losses are left
alone: a reading of different length says nothing of which glyph it would change.
The cell is then doubtful (reader.py), both versions shown to the reviewer."""

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


def voted(text: str, others: list[str]) -> str:
    """text with each character the other readings and the grammar vote for; its line
    breaks and spaces stay where they are."""
    from hotplan.typos.lattice import reads_worse  # MeCab: loaded only where OCR reads

    read = flat(text)
    chars = list(read)
    for i, found in sorted(_aligned(read, [flat(other) for other in others]).items()):
        behind = Counter(found)
        against = 1 + behind.pop(read[i], 0)
        if not behind:
            continue
        best, most = None, None
        current = "".join(chars)
        for candidate, count in behind.items():
            edited = current[:i] + candidate + current[i + 1 :]
            saved = reads_worse(current, i, i + 1, edited, i, i + 1)
            if saved >= _margin(count, against) and (most is None or saved > most):
                best, most = candidate, saved
        if best is not None:
            chars[i] = best
    return _in_place(text, "".join(chars))


def _margin(count: int, against: int) -> int:
    return OUTVOTED if count > against else LONE


def _aligned(read: str, others: list[str]) -> dict[int, list[str]]:
    """For each character of read: what the other readings have in its place, where they
    have one character there (the same, or a glyph read as another, between stretches
    read alike)."""
    found: dict[int, list[str]] = {}
    for other in others:
        ops = Levenshtein.opcodes(read, other)
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag == "replace" and not _between_equals(ops, k):
                continue  # beside a glyph gained or lost: which glyph is which is a guess
            if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
                for n in range(i2 - i1):
                    found.setdefault(i1 + n, []).append(other[j1 + n])
    return found


def _between_equals(ops, k: int) -> bool:
    return all(ops[n].tag == "equal" for n in (k - 1, k + 1) if 0 <= n < len(ops))


def _in_place(text: str, chars: str) -> str:
    """text's characters replaced one for one by chars (text without its whitespace)."""
    it = iter(chars)
    return "".join(ch if ch.isspace() else next(it) for ch in text)


def with_text(lines: list[TextLine], text: str) -> list[TextLine]:
    """lines with their glyphs' characters replaced one for one by text's (lines_text of
    them with characters swapped: same length, same breaks)."""
    chars = iter(flat(text))
    return [
        replace(
            line,
            glyphs=tuple(
                replace(g, text="".join(next(chars) for _ in g.text)) for g in line.glyphs
            ),
        )
        for line in lines
    ]
