"""The edits the prose lint (prose.py) weighs at each place of a direction text: what a
typo or OCR could have made there — a dakuten dropped or added, a look-alike kana (by
pixels or by strokes), a kana read at the other size (行つて), a verb form shifted a row,
a dropped kana or こと, a lone kanji read as a look-alike, a comma read as a full stop or
back, a character, mark, word or phrase printed twice, two kana swapped, a stray kana, a
kanji lost from a compound, two kanji transposed — each proposed from the glyph tables or
the document's own phrasing (phrasing.Document). Which of them is a suspect is prose.py's
to say."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from hotplan.typos.dictionary import is_word
from hotplan.typos.lookalikes import drawn, glyph_similarity, lookalikes, nearest_glyphs
from hotplan.typos.phrasing import Document, bracketed_places, is_kana, is_kanji

VOICING_GROUPS = (
    *("かが", "きぎ", "くぐ", "けげ", "こご", "さざ", "しじ", "すず", "せぜ", "そぞ"),
    *("ただ", "ちぢ", "つづ", "てで", "とど", "はばぱ", "ひびぴ", "ふぶぷ", "へべぺ", "ほぼぽ"),
)
# Hiragana OCR confuses by strokes, which pixel similarity ranks low (い/り, さ/ち, う/ら).
KANA_STROKES = ("いり", "さち", "うら", "あお")
ROW_SWAPS = ("みめ", "きけ", "しせ", "ちて", "にね", "ひへ", "りれ", "いえ", "ぎげ", "びべ")
# Kana OCR reads at the other size (行って as 行つて, しょう as しよう): pairs, small first.
KANA_SIZES = ("っつ", "ゃや", "ゅゆ", "ょよ", "ぁあ", "ぃい", "ぅう", "ぇえ", "ぉお", "ゎわ")
# Where a small kana can stand: ゃゅょ after an i-row kana; っ before a consonant that
# doubles (か, さ, た, ぱ rows and their voicings, or katakana).
AFTER_I_ROW = frozenset("きしちにひみりぎじぢびぴ")
BEFORE_GEMINATE = frozenset(
    "かきくけこがぎぐげごさしすせそざじずぜぞたちつてとだぢづでどぱぴぷぺぽ"
)
# A comma read as a full stop, or back (迎え。楽しく, 行います、また).
STOPS = {"、": "。", "。": "、"}
# Marks a hand or OCR may print twice (、、): stops are never doubled in prose; a 中黒
# printed twice (・・) may stand for an ellipsis, which a document prints more than a slip.
STOPS_TWICE = frozenset("、。，．")
DOUBLED_MARKS = STOPS_TWICE | {"・"}
KANA_LOOKALIKE = 0.8  # similarity floor for look-alike kana (data/lookalikes.tsv)
KANA_SHAPE = 0.84  # coarse glyph similarity that also makes two hiragana look-alikes
KANJI_LONE = 0.85  # similarity floor for a look-alike of a kanji standing alone (の輸を)
# … and its nearest coarse glyphs, this many at most, this alike at least (力/刀)
KANJI_NEAREST, KANJI_SHAPE = 8, 0.82
# … and a kanji the document prints in its place, between the same two characters, this
# alike at least, or any where the printed kanji is a rare one (衍 for 行: no glyph drawn)
KANJI_CONTEXT_SHAPE = 0.7
# A verb's dictionary form (u-row kana) before が or を without こと: つながるが → つながることが
KOTO_AFTER, KOTO_BEFORE = "うくぐすつぬぶむる", "がを"


# The edit that puts back what the document always prints (phrasing.Lost, by its kind).
LOST_EDITS = {
    "always": "dropped_kana_always",
    "shape": "dropped_kana_shape",
    "stop": "dropped_stop",
}

REPEATED = 6  # characters: a word printed twice over, at most this long, is weighed
# …and a longer stretch printed twice over at once (OCR reading a line twice, a paste
# made twice), up to this long: a suspect on its shape alone.
REPEATED_PHRASE = 80
# A slip leaves characters printed at most this often (here, and once more where its
# sentence was copied into another row).
SLIPS_PRINTED = 2


class Edit(NamedTuple):  # a tuple: tens of thousands are made per document
    kind: str
    start: int  # where the printed span starts in the text
    printed: str
    edited: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.edited + text[self.start + len(self.printed) :]


HIRAGANA = tuple(chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1))


@cache
def _voicing() -> dict[str, tuple[str, ...]]:
    return {ch: tuple(c for c in group if c != ch) for group in VOICING_GROUPS for ch in group}


@cache
def _row_swaps() -> dict[str, str]:
    return {a: b for pair in ROW_SWAPS for a, b in (pair, pair[::-1])}


@cache
def _sizes() -> dict[str, str]:
    return {a: b for pair in KANA_SIZES for a, b in (pair, pair[::-1])}


@cache
def _kana_lookalikes(ch: str) -> tuple[str, ...]:
    voiced = _voicing().get(ch, ())
    found = set(lookalikes(ch, floor=KANA_LOOKALIKE))
    found |= {c for c in HIRAGANA if glyph_similarity(ch, c) >= KANA_SHAPE}
    return tuple(sorted(c for c in found if is_kana(c) and c != ch and c not in voiced))


@cache
def _kana_strokes(ch: str) -> tuple[str, ...]:
    """Stroke look-alikes that are not look-alikes already."""
    alike = _kana_lookalikes(ch)
    return tuple(
        c for group in KANA_STROKES if ch in group for c in group if c != ch and c not in alike
    )


@cache
def _named(ch: str) -> frozenset[str]:
    """The kana an edit of ch already proposes by name (itself, its voicing, look-alikes)."""
    return frozenset((ch, *_voicing().get(ch, ()), *_kana_lookalikes(ch), *_kana_strokes(ch)))


@cache
def _lone_lookalikes(ch: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A lone kanji's look-alikes: in the table, and only by coarse shape."""
    table = {c for c in lookalikes(ch, floor=KANJI_LONE) if is_kanji(c)}
    shaped = {c for c in nearest_glyphs(ch, KANJI_NEAREST, KANJI_SHAPE) if is_kanji(c)}
    return tuple(sorted(table)), tuple(sorted(shaped - table))


def edits(text: str, document: Document) -> Iterator[Edit]:
    """The single edits worth scoring at each place of text: kana edits, and look-alikes
    of a kanji with no kanji beside it (kanji.py weighs kanji pairs). Substitutions
    first, then insertions: at one place a substitution wins a tie (prose_suspects keeps
    the first best)."""
    voicing, rows, sizes, between = _voicing(), _row_swaps(), _sizes(), document.between
    last = len(text) - 1
    quoted = bracketed_places(text)
    for i, ch in enumerate(text):
        hiragana = "ぁ" <= ch <= "ゖ"
        following = text[i + 1 : i + 2]
        if i and ch == text[i - 1] and _doubled(text, i, document):
            yield Edit("doubled_mark" if ch in DOUBLED_MARKS else "doubled", i, ch, "")
        if ch in text[max(0, i - REPEATED_PHRASE) : i - 1]:  # printed twice: 推進推進
            for n in _repeated(text, i, document):
                kind = "repeated" if n <= REPEATED else "repeated_phrase"
                yield Edit(kind, i, text[i : i + n], "")
        if ch in STOPS and 0 < i < last:
            yield Edit("punctuation", i, ch, STOPS[ch])
        if not (hiragana or "ァ" <= ch <= "ヺ"):
            # A kanji standing alone (の輸を): kanji.py weighs kanji beside kanji.
            kanji = "\u4e00" <= ch <= "\u9fff" or ch == "々"  # is_kanji, inline: every place
            if kanji and not (i and is_kanji(text[i - 1])) and not is_kanji(following):
                table, shaped = _lone_lookalikes(ch)
                for other in table:
                    yield Edit("kanji_lone", i, ch, other)
                left = text[max(0, i - 1) : i]
                for other in shaped:  # only where the document prints it in this company
                    if document.count(left + other + following):
                        yield Edit("kanji_shape", i, ch, other)
                if left and following:
                    for other in document.kanji_between(left, ch, following):
                        if not drawn(ch) or glyph_similarity(ch, other) >= KANJI_CONTEXT_SHAPE:
                            yield Edit("kanji_context", i, ch, other)
            continue
        voiced = voicing.get(ch, ())
        for other in voiced:
            yield Edit("voicing", i, ch, other)
        if hiragana:  # katakana look-alikes: the katakana detector's words
            alike = _kana_lookalikes(ch)
            for other in alike:
                yield Edit("kana_lookalike", i, ch, other)
            for other in _kana_strokes(ch):
                yield Edit("kana_stroke", i, ch, other)
            if ch in sizes and _may_be_small(ch, text[i - 1 : i], following):
                yield Edit("kana_size", i, ch, sizes[ch])
            # Any other kana the document prints in this place's company (a slip of the
            # hand or an OCR confusion no glyph table knows).
            if 0 < i < last:
                named = _named(ch)
                for other in between.get((text[i - 1], text[i + 1]), ()):
                    if other not in named:
                        yield Edit("kana_context", i, ch, other)
        # A slip leaves characters the document prints seldom (SLIPS_PRINTED): a kana
        # between its neighbours, two kana with theirs, and a pair of characters it touches
        # (half the places of a text are not; a third of the rest have no such pair).
        if hiragana and 0 < i < last and i not in quoted:  # names are coined
            pairs = document.pairs
            touched = (
                pairs.get(text[i - 1 : i + 1], 0) <= SLIPS_PRINTED
                or pairs.get(text[i : i + 2], 0) <= SLIPS_PRINTED
            )
            swap = "ぁ" <= following <= "ゖ" and following != ch  # 行います printed 行まいす
            if (
                swap
                and (touched or pairs.get(text[i + 1 : i + 3], 0) <= SLIPS_PRINTED)
                and document.count(text[i - 1 : i + 3]) <= SLIPS_PRINTED
            ):
                yield Edit("swapped", i, ch + following, following + ch)
            # A doubled kana is weighed as one.
            if (
                touched
                and ch != text[i - 1]
                and document.count(text[i - 1 : i + 2]) <= SLIPS_PRINTED
            ):
                yield Edit("stray_kana", i, ch, "")
        if following == "ま" and ch in rows:  # 取り組めます
            yield Edit("verb_form", i, ch, rows[ch])
        if following and following in KOTO_BEFORE and ch in KOTO_AFTER:
            yield Edit("koto", i, ch, ch + "こと")
    loose, completions = document.loose_insertions, document.completions
    lost = document.lost(text)
    for i in range(1, len(text)):
        pair = (text[i - 1], text[i])
        named = between.get(pair, ())
        for kana in named:
            yield Edit("dropped_kana", i, "", kana)
        # A kana that completes a phrase is judged as one, even where the looser evidence
        # proposes it too (について, broken as につい理解).
        completing = [kana for kana in completions(text, i) if kana not in named]
        for kana in loose(pair):
            if kana not in completing:
                yield Edit("dropped_kana_loose", i, "", kana)
        for kana in completing:
            yield Edit("dropped_kana_phrase", i, "", kana)
        for place in lost.get(i, ()):
            yield Edit(LOST_EDITS[place.kind], i, "", place.kana)
        if is_kanji(pair[0]) and is_kanji(pair[1]):  # 場と is no broken 場所と: 場 is a word
            for kanji in _within(text, i, document):
                yield Edit("kanji_dropped", i, "", kanji)
            if _transposed(pair, document):  # 進推 for 推進
                yield Edit("kanji_swapped", i - 1, pair[0] + pair[1], pair[1] + pair[0])
    for place in lost.get(len(text), ()):  # a cell's last full stop
        yield Edit(LOST_EDITS[place.kind], len(text), "", place.kana)


def _may_be_small(ch: str, before: str, after: str) -> bool:
    """Can the small kana a size edit would print stand between before and after? A small
    kana read large is always weighed; a small vowel or ゎ has no place in plain hiragana."""
    if ch in "ゃゅょっぁぃぅぇぉゎ":
        return True
    if ch in "やゆよ":
        return before in AFTER_I_ROW
    if ch == "つ":
        return after in BEFORE_GEMINATE or "ァ" <= after <= "ヺ"
    return False


def _within(text: str, i: int, document: Document) -> list[str]:
    """Kanji that text[i - 1] and text[i] may have lost between them: the document prints
    it between them, and beside one more character on a side (、地域 or 地域福祉 for
    地福祉), where the two printed together make no word (市域 is one: 町田市地域 is not
    misprinted as 町田市域)."""
    pair = text[i - 1 : i + 1]
    found = document.kanji_within(*pair)
    if not found or is_word(pair):
        return []
    left, right = text[max(0, i - 2) : i], text[i : i + 2]
    return [
        k
        for k in found
        if (len(left) == 2 and document.count(left + k + right[0]) > 0)
        or (len(right) == 2 and document.count(left[-1] + k + right) > 0)
    ]


def _transposed(pair: tuple[str, str], document: Document) -> bool:
    """Two kanji printed in the wrong order: printed so only here, and no word, where the
    document prints them the other way round at least twice (推進 for 進推)."""
    printed, swapped = pair[0] + pair[1], pair[1] + pair[0]
    return (
        pair[0] != pair[1]
        and document.pairs.get(printed, 0) == 1
        and document.pairs.get(swapped, 0) >= 2
        and not is_word(printed)
    )


def _repeated(text: str, i: int, document: Document) -> Iterator[int]:
    """Lengths n (2 to REPEATED_PHRASE) of text[i - n : i], printed again from i, where
    the pair is printed nowhere else (いきいき is printed twice: a word, not a slip)."""
    ch = text[i]
    start = max(0, i - REPEATED_PHRASE)
    at = text.rfind(ch, start, i - 1)
    while at >= 0:  # each earlier place of the same character, nearest first
        n = i - at
        if text[at:i] == text[i : i + n] and document.count(text[at : i + n]) <= 1:
            yield n
        at = text.rfind(ch, start, at)


def _doubled(text: str, i: int, document: Document) -> bool:
    """Is text[i] a kana or kanji printed twice by mistake: the pair, with the character on
    either side, printed nowhere else in the document (ととも is: とともに)?"""
    ch = text[i]
    if ch in DOUBLED_MARKS:
        return ch in STOPS_TWICE or document.count(ch * 2) <= SLIPS_PRINTED
    if not (is_kana(ch) or is_kanji(ch)):
        return False
    return document.count(text[i - 1 : i + 2]) <= 1 and (
        i < 2 or document.count(text[i - 2 : i + 1]) <= 1
    )
