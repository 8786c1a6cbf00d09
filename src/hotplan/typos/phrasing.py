"""The document's own phrasing, the second signal of the prose lint (prose.py): how often
the document prints a piece of text, which kana it prints between two characters (the
kana a place may have lost), which characters stand beside a kanji; and the scripts of
Japanese text that these counts are keyed by."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import NamedTuple

CONTEXT = 2  # characters on each side of an edit that make the document-support n-gram
# A kana printed this often after a character and before another may have been lost
# between them (a loose insertion; at 2, twice the candidates for one more find in 104).
LOOSE = 4
# A kana that completes a phrase the document prints this often (the two characters
# before it and the kana, or the kana and the two after) may have been lost there: 図るた、
# where the document prints 図るため 70 times (a phrase insertion, prose.py).
PHRASE = 10
# A kana the document prints this often beside two characters, which it prints nowhere
# else without that kana, may have been lost where they stand without it (裾野広げる,
# where the document prints を広げ 4 times and 広げ only here): an always insertion.
ALWAYS = 3
# A kanji the document prints this often between two characters that are no kanji may be
# what a lone kanji printed there only once was meant to be (を衍いま: を行いま 64 times);
# between two characters of a compound, what one printed without it lost (地福祉).
KANJI_CONTEXT = 2
# The same by the shape of the text around, kanji and katakana standing for any (を把握、
# where the document prints を + two kanji + し、 48 times and を + two kanji + 、 only
# here): (characters before, after) the kana, and how often the shape with it is printed.
SHAPE_WINDOWS, SHAPE = ((3, 1), (2, 2)), 5
KANJI_MARK, KATAKANA_MARK = "漢", "カ"  # a shape's stand-ins, as an editor reads them
# A full stop the document prints after two characters at least STOP_MIN times, and
# STOP_SHARE of the times it prints them, is missing where they stand without it before a
# character it prints after them STOP_ALONE times at most (推進しますまた、 where it prints
# ます。 244 times; a sentence copied into another row is printed twice), or at a cell's
# end: a stop lost between sentences or after the last (a stop edit).
STOP, STOP_MIN, STOP_SHARE, STOP_ALONE = "。", 5, 0.9, 2


def is_hiragana(ch: str) -> bool:
    return "ぁ" <= ch <= "ゖ"


def is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


def is_kana(ch: str) -> bool:
    return is_hiragana(ch) or "ァ" <= ch <= "ヺ"


FIRST_HIRAGANA = ord("ぁ")
# Brackets hold names and quotations (「ふくしあさん」): coined words grammar cannot judge.
BRACKETS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】"}


def bracketed(text: str, i: int) -> bool:
    """Does text[i] stand between an opening bracket and its closing one?"""
    return i in bracketed_places(text)


@lru_cache(maxsize=512)
def bracketed_places(text: str) -> frozenset[int]:
    """The places of text that stand between an opening bracket and its closing one (the
    prose lint asks at every kana: one pass per text)."""
    places: set[int] = set()
    for opening, closing in BRACKETS.items():
        start = text.find(opening)
        while start >= 0:
            end = text.find(closing, start + 1)
            if end < 0:
                break
            places.update(range(start + 1, end))
            start = text.find(opening, end + 1)
    return frozenset(places)


class Lost(NamedTuple):
    """A place where the document always prints a kana (or a full stop) and this one
    does not."""

    # "always": beside the same two characters; "shape": in the same shape; "stop": a
    # full stop after the same two characters
    kind: str
    kana: str
    printed: str  # the characters (or shape) as printed here
    edited: str  # … and as printed elsewhere, with the kana
    count: int  # how often it is printed with the kana


@cache
def _shapes() -> dict[int, str]:
    """str.translate table: each kanji and katakana to its stand-in."""
    table = dict.fromkeys(range(0x4E00, 0xA000), KANJI_MARK)
    table[ord("々")] = KANJI_MARK
    table.update(dict.fromkeys(range(ord("ァ"), ord("ヺ") + 1), KATAKANA_MARK))
    table[ord("ー")] = KATAKANA_MARK
    return table


def script(ch: str) -> str:
    """The script of a character as a compound's patterns see it: "noun" for kanji and
    katakana (a suffix voices alike after either: 健康づくり, ネットワークづくり),
    hiragana or other."""
    if is_kanji(ch) or "ァ" <= ch <= "ヺ":
        return "noun"
    return "hiragana" if is_hiragana(ch) else "other"


def _mask(kanas: Iterable[str]) -> int:
    """A set of hiragana as the bits of an int (set algebra on thousands of pairs is then
    a few machine words)."""
    mask = 0
    for kana in kanas:
        mask |= 1 << (ord(kana) - FIRST_HIRAGANA)
    return mask


def _kanas(mask: int) -> list[str]:
    """The hiragana of a mask, in code point order."""
    found = []
    while mask:
        low = mask & -mask
        found.append(chr(FIRST_HIRAGANA + low.bit_length() - 1))
        mask ^= low
    return found


class Document:
    """The document's own phrasing: how often it prints a piece of text, and which kana
    it prints between two characters (the kana a place may have lost)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.corpus = c = "\n".join(texts)
        kana_at = [i for i in range(1, len(c) - 1) if "ぁ" <= c[i] <= "ゖ"]
        # Each hiragana with its neighbours, counted in one pass, then grouped.
        triples = Counter((c[i - 1], c[i], c[i + 1]) for i in kana_at)
        # Plain dicts, not a Counter per pair: a document has thousands of pairs.
        between: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        after: dict[str, dict[str, int]] = defaultdict(dict)  # kana printed after a character
        before: dict[str, dict[str, int]] = defaultdict(dict)  # … and before one
        for (left, kana, right), n in triples.items():
            between[(left, right)][kana] = n  # each triple is counted once
            kanas = after[left]
            kanas[kana] = kanas.get(kana, 0) + n
            kanas = before[right]
            kanas[kana] = kanas.get(kana, 0) + n
        self._once = {pair: _mask(kanas) for pair, kanas in between.items()}
        self._loose: dict[tuple[str, str], list[str]] = {}
        # Kana printed at least LOOSE times after a character and before another.
        self._after = {
            ch: _mask(k for k, n in kanas.items() if n >= LOOSE) for ch, kanas in after.items()
        }
        self._before = {
            ch: _mask(k for k, n in kanas.items() if n >= LOOSE) for ch, kanas in before.items()
        }
        # The kana printed at least twice between two characters.
        self.between: dict[tuple[str, str], list[str]] = {
            pair: [kana for kana, n in kanas.items() if n >= 2] for pair, kanas in between.items()
        }
        self._between = {pair: _mask(kanas) for pair, kanas in self.between.items()}
        # Each hiragana with the two characters before it, and with the two after.
        follows = Counter((c[i - 2 : i], c[i]) for i in kana_at)
        precedes = Counter((c[i + 1 : i + 3], c[i]) for i in kana_at)
        phrase: dict[tuple[str, int], list[str]] = defaultdict(list)
        # The commonest hiragana printed at least ALWAYS times after a pair of characters
        # (side 0) or before one (side 1), and how often: may the pair have lost it where
        # it stands without it?
        self._always: tuple[dict[str, tuple[str, int]], ...] = ({}, {})
        for side, table in ((0, follows), (1, precedes)):
            always = self._always[side]
            for (pair, kana), n in table.items():
                if n >= PHRASE:
                    phrase[(pair, side)].append(kana)
                if n >= ALWAYS and n > always.get(pair, ("", 0))[1]:
                    always[pair] = (kana, n)
        self._phrase = dict(phrase)
        # Where such a kana is missing: the pair printed once more than with the kana,
        # and that once beside another character. Keyed by the characters printed there
        # and where in them the kana was lost.
        self.pairs = pairs = Counter(map(str.__add__, c, c[1:]))
        self._lost: dict[tuple[str, int], Lost] = {}
        for side, table in enumerate(self._always):
            for pair, (kana, n) in table.items():
                if pairs[pair] != n + 1:
                    continue
                at = c.find(pair)
                while at >= 0 and (c[at + 2 : at + 3] if side == 0 else c[at - 1 : at]) == kana:
                    at = c.find(pair, at + 1)
                printed = c[at : at + 3] if side == 0 else c[max(at - 1, 0) : at + 2]
                if at >= 0 and len(printed) == 3 and "\n" not in printed:
                    edited = pair + kana if side == 0 else kana + pair
                    self._lost[(printed, 2 if side == 0 else 1)] = Lost(
                        "always", kana, pair, edited, n
                    )
        self._lost_shapes(c, kana_at)
        self._lost_in: dict[str, dict[int, list[Lost]]] = {}
        self._stops: dict[str, int] | None = None
        self._kanji_between: dict[tuple[str, str], list[str]] | None = None
        self._kanji_within: dict[tuple[str, str], list[str]] | None = None
        # The n-grams most edits' contexts are (2 × CONTEXT plus none or one character:
        # an insertion's or a substitution's), and three characters (a lone kanji with its
        # neighbours, a place with the characters either side); longer ones (こと) are
        # counted when asked.
        self.sizes = range(3, 2 * CONTEXT + 2)
        self.grams = Counter(c[i : i + n] for n in self.sizes for i in range(len(c) - n + 1))
        printed = set(c)  # each distinct character judged once, then looked up
        of = {ch: script(ch) for ch in printed}
        scripts = [of[ch] for ch in c]
        # Two characters and the script of the one before (づく after a kanji or katakana).
        self.patterns = Counter((scripts[i - 1], c[i : i + 2]) for i in range(1, len(c) - 1))

    def count_pattern(self, before: str, pair: str) -> int:
        """How often the document prints two characters after one of before's script."""
        return self.patterns.get((script(before), pair), 0)

    def count(self, text: str) -> int:
        """How often the document prints text, overlapping occurrences included: from
        the n-gram table for the lengths most edits' contexts have, else by searching."""
        if len(text) in self.sizes:
            return self.grams.get(text, 0)
        if len(text) == 2:  # a comma or full stop with the character before (prose.py)
            return self.pairs.get(text, 0)
        found, at = 0, self.corpus.find(text) if text else -1
        while at >= 0:
            found += 1
            at = self.corpus.find(text, at + 1)
        return found

    def completions(self, text: str, i: int) -> list[str]:
        """Kana that may have been lost before text[i] because they complete a phrase the
        document prints at least PHRASE times, broken here: the two characters before and
        the kana (図るため), where the two before and text[i] are printed nowhere else (図るた、);
        or the kana and the two after, where text[i - 1] and those two are not."""
        phrase, grams = self._phrase, self.grams
        before, after = phrase.get((text[i - 2 : i], 0)), phrase.get((text[i : i + 2], 1))
        found: list[str] = []
        if before and i >= 2 and grams.get(text[i - 2 : i + 1], 0) <= 1:
            found += before
        if after and i + 2 <= len(text) and grams.get(text[i - 1 : i + 2], 0) <= 1:
            found += (kana for kana in after if kana not in found)
        return found

    def _lost_shapes(self, c: str, kana_at: list[int]) -> None:
        """Places where a kana is missing from a shape the document prints at least SHAPE
        times with it and nowhere else without it but there."""
        shape = c.translate(_shapes())
        printed_shapes: dict[int, Counter[str]] = {}  # how often each shape is printed, by width
        for before, after in SHAPE_WINDOWS:
            grams = Counter(shape[i - before : i + after + 1] for i in kana_at if i >= before)
            width = before + after
            if width not in printed_shapes:
                printed_shapes[width] = Counter(
                    [shape[i : i + width] for i in range(len(shape) - width + 1)]
                )
            for gram, n in grams.items():
                if n < SHAPE or len(gram) < width + 1:
                    continue
                printed = gram[:before] + gram[before + 1 :]
                if "\n" in printed or printed_shapes[width][printed] != 1:
                    continue  # printed so nowhere, or more than once: no lost kana
                at = shape.find(printed)
                key = (c[at : at + width], before)
                if key not in self._lost:
                    self._lost[key] = Lost("shape", gram[before], printed, gram, n)

    def kanji_between(self, left: str, kanji: str, right: str) -> list[str]:
        """The kanji the document prints at least KANJI_CONTEXT times between left and
        right where it prints kanji there only once: here ([] otherwise)."""
        if self.grams.get(left + kanji + right, 0) != 1:
            return []
        if self._kanji_between is None:  # built on first use: most texts ask
            c, between = self.corpus, defaultdict(Counter)
            for i in range(1, len(c) - 1):
                if is_kanji(c[i]) and not is_kanji(c[i - 1]) and not is_kanji(c[i + 1]):
                    between[(c[i - 1], c[i + 1])][c[i]] += 1
            self._kanji_between = {
                pair: [k for k, n in kanjis.items() if n >= KANJI_CONTEXT]
                for pair, kanjis in between.items()
            }
        return [k for k in self._kanji_between.get((left, right), ()) if k != kanji]

    def kanji_within(self, left: str, right: str) -> list[str]:
        """The kanji the document prints at least KANJI_CONTEXT times between left and
        right inside a compound (left and right kanji too), where it prints left and right together
        only once, here: a kanji lost from a compound (地福祉, where it prints 地域福祉)."""
        if self.pairs.get(left + right, 0) != 1:
            return []
        if self._kanji_within is None:  # built on first use
            c, within = self.corpus, defaultdict(Counter)
            for i in range(1, len(c) - 1):
                if is_kanji(c[i - 1]) and is_kanji(c[i]) and is_kanji(c[i + 1]):
                    within[(c[i - 1], c[i + 1])][c[i]] += 1
            self._kanji_within = {
                pair: [k for k, n in kanjis.items() if n >= KANJI_CONTEXT]
                for pair, kanjis in within.items()
            }
        return self._kanji_within.get((left, right), [])

    def lost(self, text: str) -> dict[int, list[Lost]]:
        """Places in text where a kana the document always prints is missing (Lost):
        beside the same two characters, or in the same shape; and where a full stop is.
        Remembered per text: the edits and the scoring of each both ask."""
        found = self._lost_in.get(text)
        if found is None:
            found = self._lost_in[text] = defaultdict(list)
            for (printed, offset), lost in self._lost.items():
                at = text.find(printed)
                if at >= 0:
                    found[at + offset].append(lost)
            for before, stops in self._stop_ends().items():
                at = text.find(before)
                while at >= 0:
                    i = at + len(before)
                    after = text[i : i + 1]
                    if not after or (
                        unicodedata.category(after)[0] not in "PZ"  # no mark, no bracket
                        and self.grams.get(before + after, 0) <= STOP_ALONE
                    ):
                        found[i].append(Lost("stop", STOP, before + after, before + STOP, stops))
                    at = text.find(before, at + 1)
        return found

    def _stop_ends(self) -> dict[str, int]:
        """The two characters the document nearly always ends a sentence with (STOP_MIN,
        STOP_SHARE), and how often it prints a full stop after them."""
        if self._stops is None:  # built on first use
            c = self.corpus
            ends = Counter(c[i - 2 : i] for i in range(2, len(c)) if c[i] == STOP)
            self._stops = {
                before: n
                for before, n in ends.items()
                if n >= STOP_MIN and n >= STOP_SHARE * self.pairs.get(before, 0)
            }
        return self._stops

    def loose_insertions(self, pair: tuple[str, str]) -> list[str]:
        """Kana a place between pair may have lost on weaker evidence: printed once between
        them elsewhere, or often after the left and often before the right (remembered per
        pair: a document repeats its pairs)."""
        known = self._loose.get(pair)
        if known is None:
            left, right = pair
            found = self._once.get(pair, 0) | (
                self._after.get(left, 0) & self._before.get(right, 0)
            )
            known = self._loose[pair] = _kanas(found & ~self._between.get(pair, 0))
        return known
