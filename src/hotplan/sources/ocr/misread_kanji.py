"""A kanji OCR misread in thin print, set right by the word it belongs to.

A black-and-white scan of Mincho print loses the hairline strokes, and Tesseract then reads
a kanji with strokes missing as another one, surely and every time (自治会 as 白治会,
目指す as 日指す, 担い手 as 担い下): no second reading and no count in the document
outvotes it. data/ocr_confusions.tsv (scripts/build_ocr_confusions.py) holds which kanji
(or mark: 口 as |) Tesseract reads for which in such print. A kanji read is swapped for
one it is confused with only where the word read is none (the dictionary finds no word of
two characters or more around it), the swap makes a common word of it (zipf ≥ COMMON),
and the sentence then reads far more naturally to MeCab (SAVED). Two swaps side by side
are one misread word: the surer is kept. Each swap is a finding with the cell's picture
(review.py), or on its heading title (wording.py), never silent."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from hotplan.messages import t
from hotplan.typos import dictionary as d
from hotplan.typos.lattice import reads_worse

COMMON = 3.0  # zipf of the word a swap makes (wordfreq: 3.0 is once in a million words)
WORD = 1.0  # zipf from which the word read is a word: no swap inside it
SAVED = 3000  # MeCab cost the swap must save (a misread's: 4,000–20,000)
WINDOW = 6  # characters either side tokenized to find the word around a kanji
COMPOUND = 4  # characters of the longest word looked up where the dictionary parts one


@dataclass(frozen=True)
class Swap:
    at: int  # offset in the text of the kanji swapped
    read: str  # the kanji read
    printed: str  # the kanji taken for it
    word: tuple[int, int]  # where the word the swap makes stands in the text
    saved: int


# Marks Japanese prose prints: never taken for a kanji misread.
PROSE_MARKS = frozenset("、。，．・「」『』（）()【】〔〕［］-－〜~…‥；;？?")


def mark_in_prose(ch: str) -> bool:
    """Is ch a mark (no letter, digit or kana) Japanese prose has no use for, which OCR
    may read for a kanji whose thin strokes were lost (口 as |)?"""
    return unicodedata.category(ch)[0] in "PS" and ch not in PROSE_MARKS


@cache
def confusions() -> dict[str, frozenset[str]]:
    """kanji read → the kanji Tesseract read it for in thin print."""
    table: dict[str, set[str]] = {}
    text = files("hotplan").joinpath("data/ocr_confusions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        read, printed, _ = line.split("\t")
        table.setdefault(read, set()).add(printed)
    return {k: frozenset(v) for k, v in table.items()}


def misread_kanji(text: str, document: str = "") -> list[Swap]:
    """The swaps that set text's misread kanji right, in text order. Of the kanji a swap
    could take, the one whose word the document (its other text) prints most often goes
    first (作宅: 住宅 before 在宅, 作民: 住民 before 官民), then the one MeCab finds the
    most natural. The surest swap is made first and the rest are weighed again on the text
    it gives: once 炎害時 is 災害時, 時 stands in a word and is no misread for 悪."""
    table = confusions()
    kept: list[Swap] = []
    current = text
    while found := [
        swap
        for swap in _candidates(current, table, document)
        if all(abs(swap.at - k.at) > 1 for k in kept)
    ]:
        best = max(found, key=lambda s: s.saved)
        kept.append(best)
        current = swapped(current, [best])
    return sorted(kept, key=lambda s: s.at)


def _candidates(text: str, table: dict[str, frozenset[str]], document: str) -> list[Swap]:
    """Each kanji of text outside any word that a swap sets right, with its best swap."""
    words = {
        k: token
        for token in d.tokenize(text)
        for k in range(token.begin, token.begin + len(token.surface))
    }
    return [
        swap
        for i, ch in enumerate(text)
        if ch in table
        and not _a_word(words.get(i))
        and (swap := _swap(text, i, table[ch], document))
    ]


def swapped(text: str, swaps: list[Swap]) -> str:
    """text with the swaps made."""
    chars = list(text)
    for swap in swaps:
        chars[swap.at] = swap.printed
    return "".join(chars)


def restorations(text: str, swaps: list[Swap]) -> list[tuple[str, str, str]]:
    """For each swap made in text: the word as read, as set right, and the finding's
    message saying so."""
    fixed = swapped(text, swaps)
    out = []
    for swap in swaps:
        start, end = swap.word
        read, word = text[start:end], fixed[start:end]
        message = t(
            "msg.ocr.kanji_restored", read=read, word=word, kanji=swap.read, printed=swap.printed
        )
        out.append((read, word, message))
    return out


def _a_word(token: d.Token | None) -> bool:
    return (
        token is not None
        and not token.oov
        and len(token.surface) >= 2
        and d.zipf(token.surface) >= WORD
    )


def _swap(text: str, i: int, printed_as: frozenset[str], document: str) -> Swap | None:
    """The best swap of the kanji at i (the word read there is none) that makes a common
    word and saves SAVED at least: its word printed most often in the document first,
    then the most natural."""
    lo = max(0, i - WINDOW)
    window = text[lo : i + WINDOW + 1]
    best: tuple[int, int] | None = None
    swap: Swap | None = None
    for printed in sorted(printed_as):
        edited = window[: i - lo] + printed + window[i - lo + 1 :]
        word = _common_word(edited, i - lo)
        if word is None:
            continue
        saved = reads_worse(text, i, i + 1, text[:i] + printed + text[i + 1 :], i, i + 1)
        if saved < SAVED:
            continue
        rank = (document.count(edited[word[0] : word[1]]), saved)
        if best is None or rank > best:
            best, swap = rank, Swap(i, text[i], printed, (lo + word[0], lo + word[1]), saved)
    return swap


def _common_word(text: str, k: int) -> tuple[int, int] | None:
    """Where the common word (zipf ≥ COMMON) that text's character k belongs to stands:
    the dictionary's word there, or, where the dictionary parts a compound into single
    characters (第三者 as 第, 三, 者), the longest common word of up to COMPOUND
    characters around k."""
    token = next((t for t in d.tokenize(text) if t.begin <= k < t.begin + len(t.surface)), None)
    if token is not None and _a_word(token):
        end = token.begin + len(token.surface)
        return (token.begin, end) if d.zipf(token.surface) >= COMMON else None
    spans = [
        (start, start + n)
        for n in range(COMPOUND, 1, -1)
        for start in range(max(0, k - n + 1), min(k, len(text) - n) + 1)
    ]
    return next(((a, b) for a, b in spans if d.zipf(text[a:b]) >= COMMON), None)
