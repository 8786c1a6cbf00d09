"""A kanji swapped for a wrong one (受審動奨 → 勧奨, 地城 → 地域, 括動 → 活動): a kanji
that makes no word with its neighbour, where another kanji makes one.

Two sources of the other kanji, each with its own proof:
- a look-alike glyph (data/lookalikes.tsv) that makes a common dictionary word;
- the document's own vocabulary: a word it prints elsewhere that differs in this one
  kanji. OCR and IME slips swap a kanji for one sharing its sound or a part of its shape
  (括/活, 炎/談, 准/推), which glyph similarity ranks far away; but ~150 sentences of
  administrative Japanese repeat their words (支援 ×200), so a broken copy of one stands
  out. Without a look-alike's evidence, the edit must also read more naturally to MeCab.

Never proposed where the printed kanji is part of a dictionary word or the printed pair
appears elsewhere in the document: a rare but real word is not a typo.

A third case: a kanji standing alone that the tokenizer can read only as a personal name
(各事業者到手話 → 等, an IME slip between homophones): no reading of the sentence fits it,
even where its neighbours are words of their own. Its other kanji is one the document
prints beside the same neighbour, where the sentence then reads more naturally. Inside
brackets a name is a name (「町トシ」).

A fourth: two kanji the dictionary knows only as a proper name (保育士義成校: 義成, a place),
printed nowhere else in the document, where a look-alike kanji makes a common word that
is no name (養成) and the sentence then reads more naturally. OCR reads the word it
expects; a name one stroke from a common word is what it reads instead now and then.
The document's own names (町田, printed on every page) are never proposed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from hotplan.messages import t
from hotplan.typos import dictionary as d
from hotplan.typos.lattice import grammar
from hotplan.typos.lookalikes import glyph_similarity, lookalikes
from hotplan.typos.phrasing import bracketed, is_kanji
from hotplan.typos.suspects import Spot, Suspect

RARE_PAIR = 1.0  # zipf: a two-kanji string below this is not a word
KANJI_LOOKALIKE = 0.82  # glyph similarity for a look-alike swap to be proposed
COMMON = 2.0  # zipf a look-alike's word needs without the document's support
PRINTED = 2  # the document prints a word this often for it to be its vocabulary
SUPPORT = 3  # a pair printed again is a typo only where its candidate is this many times
# more common in the document
SHAPE = 0.8  # coarse glyph similarity a vocabulary swap needs (data/glyphs.npz)
GAP = 0  # MeCab cost drop a vocabulary swap needs
WINDOW = 8  # characters parsed on each side of the swap
# Kanji that stand alone by nature (ordinal prefixes, productive suffixes): never a typo
# just for standing alone.
STANDALONE_KANJI = frozenset("第各約計全等的化性者時後内外別型中用上下毎")
# What OCR reads for the iteration mark 々 (様夕な for 様々な): a kanji and two katakana
# drawn alike. Read after a kanji with which it makes no word, where 々 would.
ITERATION_READS = frozenset("夕クタ")
ITERATION = (("dictionary.iteration_mark", 0.7),)


class Vocabulary:
    """Two-kanji strings the document prints, and which kanji it prints beside a kanji."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.pairs: Counter[str] = Counter()
        for text in texts:
            self.pairs.update(
                text[i : i + 2]
                for i in range(len(text) - 1)
                if is_kanji(text[i]) and is_kanji(text[i + 1])
            )
        self.after: dict[str, set[str]] = defaultdict(set)  # left kanji → right kanji
        self.before: dict[str, set[str]] = defaultdict(set)  # right kanji → left kanji
        for pair, n in self.pairs.items():
            if n >= PRINTED:
                self.after[pair[0]].add(pair[1])
                self.before[pair[1]].add(pair[0])


@dataclass(frozen=True)
class Swap:
    start: int  # of the printed pair in the text
    place: int  # of the swapped kanji
    pair: str
    candidate: str
    old: str
    alt: str
    similarity: float  # in the look-alike table; 0.0 if not there
    shape: float  # coarse glyph similarity
    printed: int  # times the document prints the candidate
    gap: int = 0  # MeCab cost drop (computed only where needed)
    name_only: bool = False  # the printed kanji reads only as a personal name here
    proper: bool = False  # the printed pair reads only as a proper name (a place, a person)

    @property
    def strength(self) -> tuple:
        return (round(self.shape, 2), self.printed, d.zipf(self.candidate))


def _settled(text: str) -> tuple[set[int], set[int]]:
    """Places of kanji the tokenizer reads as part of a known word of two or more kanji
    (or a numeral), and of kanji that stand alone by nature (第, 等, 者 …). Neither is a
    typo for standing alone; a kanji beside one of the second may still be (思者 → 患者)."""
    words: set[int] = set()
    standalone: set[int] = set()
    for token in d.tokenize(text):
        places = range(token.begin, token.begin + len(token.surface))
        if (not token.oov and sum(map(is_kanji, token.surface)) >= 2) or token.pos[1] == "数詞":
            words.update(places)
        elif token.surface in STANDALONE_KANJI:
            standalone.update(places)
    return words, standalone


def _swaps(text: str, vocabulary: Vocabulary) -> Iterator[Swap]:
    words, standalone = _settled(text)
    for i, ch in enumerate(text):
        if not is_kanji(ch) or i in words or i in standalone:
            continue
        for j in (i - 1, i + 1):  # the neighbour it should make a word with
            if not (0 <= j < len(text)) or not is_kanji(text[j]) or j in words:
                continue  # a neighbour in a word of its own: a compound's seam
            start = min(i, j)
            pair = text[start : start + 2]
            if d.zipf(pair) >= RARE_PAIR or d.is_word(pair):
                continue
            if _transposed(pair, vocabulary):
                continue
            again = vocabulary.pairs[pair]  # the print's own occurrence included
            near = lookalikes(ch, floor=KANJI_LOOKALIKE)
            known = vocabulary.after[text[j]] if j < i else vocabulary.before[text[j]]
            if j in standalone:  # beside 者 or 等, only a look-alike's word (思者 → 患者)
                known = set()
            for alt in set(near) | known:
                if alt == ch or not is_kanji(alt):
                    continue
                candidate = alt + text[j] if j > i else text[j] + alt
                printed = vocabulary.pairs[candidate]
                if again >= 2 and printed < SUPPORT * again:
                    continue  # printed as often as the candidate: a word of its own
                shape = glyph_similarity(ch, alt)
                if alt in near and (d.zipf(candidate) >= COMMON or printed >= PRINTED):
                    pass  # a look-alike that makes a common or printed word
                elif alt in known and printed >= PRINTED and shape >= SHAPE:
                    pass  # the document's own word, to be confirmed by the grammar
                else:
                    continue
                if d.is_word(candidate):
                    similarity = near.get(alt, 0.0)
                    yield Swap(start, i, pair, candidate, ch, alt, similarity, shape, printed)


def _name_only(text: str, vocabulary: Vocabulary) -> Iterator[Swap]:
    """Swaps for a lone kanji read only as a name, outside brackets (the module's third
    case): toward each kanji the document prints beside one of its kanji neighbours,
    where the sentence reads more naturally."""
    for token in d.tokenize(text):
        i = token.begin
        if not (len(token.surface) == 1 and is_kanji(token.surface) and _name(token)):
            continue
        if bracketed(text, i):
            continue
        for j in (i - 1, i + 1):
            if not (0 <= j < len(text)) or not is_kanji(text[j]):
                continue
            start = min(i, j)
            if _transposed(text[start : start + 2], vocabulary):
                continue
            known = vocabulary.after[text[j]] if j < i else vocabulary.before[text[j]]
            for alt in known - {text[i]}:
                candidate = text[j] + alt if j < i else alt + text[j]
                shape = glyph_similarity(text[i], alt)
                printed = vocabulary.pairs[candidate]
                pair = text[start : start + 2]
                swap = Swap(start, i, pair, candidate, text[i], alt, 0.0, shape, printed)
                swap = replace(swap, gap=_gap(text, swap), name_only=True)
                if swap.gap > GAP:
                    yield swap


def _proper_only(text: str, vocabulary: Vocabulary) -> Iterator[Swap]:
    """Swaps for two kanji read only as a proper name (the module's fourth case) toward a
    look-alike's common word that is no name, where the sentence reads more naturally."""
    for token in d.tokenize(text):
        pair, start = token.surface, token.begin
        if len(pair) != 2 or not all(map(is_kanji, pair)) or token.pos[1] != "固有名詞":
            continue
        if vocabulary.pairs[pair] >= PRINTED or bracketed(text, start):
            continue
        for k, old in enumerate(pair):
            for alt, similarity in lookalikes(old, floor=KANJI_LOOKALIKE).items():
                candidate = pair[:k] + alt + pair[k + 1 :]
                if not is_kanji(alt) or d.zipf(candidate) < COMMON or not _common(candidate):
                    continue
                shape = glyph_similarity(old, alt)
                printed = vocabulary.pairs[candidate]
                swap = Swap(start, start + k, pair, candidate, old, alt, similarity, shape, printed)
                swap = replace(swap, gap=_gap(text, swap), proper=True)
                if swap.gap > GAP:
                    yield swap


def _common(word: str) -> bool:
    """Is word one dictionary word, and no proper name?"""
    tokens = d.tokenize(word)
    return len(tokens) == 1 and not tokens[0].oov and tokens[0].pos[1] != "固有名詞"


def _transposed(pair: str, vocabulary: Vocabulary) -> bool:
    """Two kanji the document prints the other way round (進推 for 推進): the prose lint
    proposes putting them in order, not a look-alike for either."""
    return vocabulary.pairs[pair[::-1]] >= PRINTED


def _name(token: d.Token) -> bool:
    """Read as a personal name (名詞-固有名詞-人名), or as no dictionary word at all."""
    return token.oov or token.pos[1:3] == ("固有名詞", "人名")


def _gap(text: str, swap: Swap) -> int:
    place = swap.place
    lo, hi = max(0, place - WINDOW), place + 1 + WINDOW
    edited = text[lo:place] + swap.alt + text[place + 1 : hi]
    cost = grammar().cost
    return cost(text[lo:hi]) - cost(edited)


def kanji_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    """One suspect per printed pair: the best-supported swap that passes its proof."""
    spots = list(spots)
    vocabulary = Vocabulary(s.text for s in spots)
    for spot in spots:
        best: dict[int, Swap] = {}
        for swap in _swaps(spot.text, vocabulary):
            if swap.similarity < KANJI_LOOKALIKE:
                swap = replace(swap, gap=_gap(spot.text, swap))
                if swap.gap < GAP:
                    continue
            if swap.start not in best or swap.strength > best[swap.start].strength:
                best[swap.start] = swap
        for swap in _proper_only(spot.text, vocabulary):
            if swap.start not in best or swap.gap > best[swap.start].gap:
                best[swap.start] = swap
        lone: dict[int, Swap] = {}  # by the kanji's place: one suspect for it
        paired = {place for start in best for place in (start, start + 1)}
        for swap in _name_only(spot.text, vocabulary):
            if swap.place in paired:
                continue  # a swap of its neighbour mends the pair (受審動奨 → 勧奨)
            if swap.place not in lone or (swap.gap, swap.printed) > (
                lone[swap.place].gap,
                lone[swap.place].printed,
            ):
                lone[swap.place] = swap
        for swap in [*best.values(), *lone.values()]:
            yield _suspect(spot, swap)
        yield from _iteration_marks(spot)


def _iteration_marks(spot: Spot) -> Iterator[Suspect]:
    """々 read as a look-alike (様夕, 人ク): the kanji before it makes a word with 々 and
    none with what was read."""
    text = spot.text
    for i in range(1, len(text)):
        if text[i] in ITERATION_READS and is_kanji(text[i - 1]):
            found, meant = text[i - 1 : i + 1], text[i - 1] + "々"
            if d.is_word(meant) and not d.is_word(found):
                evidence = t("evidence.iteration_mark", found=found, suggestion=meant)
                yield Suspect("kanji", spot, found, meant, ITERATION, evidence, i - 1)


def _suspect(spot: Spot, swap: Swap) -> Suspect:
    signals = [("dictionary.kanji", 0.6)]
    if swap.similarity:
        signals.append(("lookalike", round(swap.similarity - 0.5, 2)))
    if swap.printed >= PRINTED:
        signals.append(("document.word", 0.5))
    if swap.gap:
        signals.append(("grammar.lattice", 0.4))
    key = "evidence.kanji" if swap.similarity else "evidence.kanji.document"
    if swap.name_only:
        key = "evidence.kanji.name"
    if swap.proper:
        key = "evidence.kanji.proper"
    evidence = t(
        key,
        pair=swap.pair,
        old=swap.old,
        alt=swap.alt,
        similarity=f"{swap.similarity:.2f}",
        candidate=swap.candidate,
        count=swap.printed,
    )
    return Suspect("kanji", spot, swap.pair, swap.candidate, tuple(signals), evidence, swap.start)
