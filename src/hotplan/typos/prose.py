"""Errors that hide in prose — a dropped or added dakuten (地域で → 地域て), a look-alike
kana (る/ろ), a dropped kana or こと (つながるが, つなぐを), a verb form shifted by one row
(取り組みます → 取り組めます), a kanji standing alone read as a look-alike (の輪を → の輸を)
— found by asking a morphological analyser which reading is more natural. Not found: a
kana too many (いきける) — deleting any kana shortens the best path, so the lattice
cannot tell a stray kana from a needed one.

For each small edit a typo or OCR could have made at a place, MeCab (unidic-lite) parses a
window of text around it as printed and as edited; the drop in the best path's cost says
how much more natural the edited text is (the grammar signal). The second, independent
signal is the document itself: ~150 sentences of administrative Japanese repeat their
phrases, so an edited context printed elsewhere in the document, where the printed one is
not, supports the edit. An edit is a suspect when the grammar gap alone clears its kind's
threshold, or a lower one with the document's support (THRESHOLDS: tuned by
`make eval-typos` on tuning seeds, measured on others); the document's own phrase (STRONG)
and, for a dakuten, its pattern after a script (づく after a kanji, PATTERN) lower it more.
A lone kanji's context is the character either side (a kanji is a word or most of one); a
look-alike only by coarse shape (力/刀, which the table lacks) needs the document to print
it there. One suspect per place: the best edit there (for a kanji, whose look-alikes often
all read well, the one the document prints, then the most alike)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from hotplan.messages import label, t
from hotplan.typos.lookalikes import glyph_similarity, lookalikes, nearest_glyphs
from hotplan.typos.suspects import Spot, Suspect

WINDOW = 10  # characters parsed on each side of an edit
MAX_TEXT = 2000  # a direction cell is a few hundred characters; longer is broken input
CONTEXT = 2  # characters on each side of an edit that make the document-support n-gram
VOICING_GROUPS = (
    *("かが", "きぎ", "くぐ", "けげ", "こご", "さざ", "しじ", "すず", "せぜ", "そぞ"),
    *("ただ", "ちぢ", "つづ", "てで", "とど", "はばぱ", "ひびぴ", "ふぶぷ", "へべぺ", "ほぼぽ"),
)
ROW_SWAPS = ("みめ", "きけ", "しせ", "ちて", "にね", "ひへ", "りれ", "いえ", "ぎげ", "びべ")
KANA_LOOKALIKE = 0.8  # similarity floor for look-alike kana (data/lookalikes.tsv)
KANA_SHAPE = 0.84  # coarse glyph similarity that also makes two hiragana look-alikes
KANJI_LONE = 0.85  # similarity floor for a look-alike of a kanji standing alone (の輸を)
# … and its nearest coarse glyphs, this many at most, this alike at least (力/刀)
KANJI_NEAREST, KANJI_SHAPE = 8, 0.82
# A verb's dictionary form (u-row kana) before が or を without こと: つながるが → つながることが
KOTO_AFTER, KOTO_BEFORE = "うくぐすつぬぶむる", "がを"


@dataclass(frozen=True)
class Threshold:
    gap: float  # MeCab cost drop that alone makes a suspect
    supported_gap: float  # cost drop enough when the document supports the edit


THRESHOLDS = {  # tuned on `make eval-typos` tuning seeds (see scripts/eval_typos.py)
    "voicing": Threshold(2000, 1500),
    "kana_lookalike": Threshold(2000, -1000),
    "kana_context": Threshold(5000, 4000),
    "dropped_kana": Threshold(3000, 1500),
    "dropped_kana_loose": Threshold(6000, -1000),
    "verb_form": Threshold(3000, -1000),
    "koto": Threshold(3000, 800),
    "kanji_lone": Threshold(6000, 1500),
    "kanji_shape": Threshold(6000, 1500),
}
KANJI_KINDS = ("kanji_lone", "kanji_shape")
APART = 2  # characters: suspects closer than this are one error seen from two places
CONFIRMED = 1  # a context printed this many more times elsewhere is taken as right
SUPPORT_RATIO = 3  # the edited context printed this many times more often than the print
# An edited context the document prints this often, where the print stands alone, is the
# document's own phrase: a grammar gap of STRONG_GAP then makes a suspect of any kind.
STRONG, STRONG_GAP = 6, 500
# A dakuten the document always prints in this place's pattern (づく after a kanji, this
# many times, つく never): the grammar may even prefer the print by up to -PATTERN_GAP
# (MeCab reads 健康つくり as 健康 + 作り).
PATTERN, PATTERN_GAP = 8, -1000
GRAMMAR_SCORE, DOCUMENT_SCORE = 0.6, 0.5


@dataclass(frozen=True)
class Edit:
    kind: str
    start: int  # where the printed span starts in the text
    printed: str
    edited: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.edited + text[self.start + len(self.printed) :]


HIRAGANA = tuple(chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1))


def _is_hiragana(ch: str) -> bool:
    return "ぁ" <= ch <= "ゖ"


def is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


def _is_kana(ch: str) -> bool:
    return _is_hiragana(ch) or "ァ" <= ch <= "ヺ"


@cache
def _voicing() -> dict[str, tuple[str, ...]]:
    return {ch: tuple(c for c in group if c != ch) for group in VOICING_GROUPS for ch in group}


@cache
def _row_swaps() -> dict[str, str]:
    return {a: b for pair in ROW_SWAPS for a, b in (pair, pair[::-1])}


@cache
def _kana_lookalikes(ch: str) -> tuple[str, ...]:
    voiced = _voicing().get(ch, ())
    found = set(lookalikes(ch, floor=KANA_LOOKALIKE))
    found |= {c for c in HIRAGANA if glyph_similarity(ch, c) >= KANA_SHAPE}
    return tuple(sorted(c for c in found if _is_kana(c) and c != ch and c not in voiced))


@cache
def _lone_lookalikes(ch: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A lone kanji's look-alikes: in the table, and only by coarse shape."""
    table = {c for c in lookalikes(ch, floor=KANJI_LONE) if is_kanji(c)}
    shaped = {c for c in nearest_glyphs(ch, KANJI_NEAREST, KANJI_SHAPE) if is_kanji(c)}
    return tuple(sorted(table)), tuple(sorted(shaped - table))


FIRST_HIRAGANA = ord("ぁ")


def script(ch: str) -> str:
    """A character's script: kanji, hiragana, katakana or other."""
    if is_kanji(ch):
        return "kanji"
    if _is_hiragana(ch):
        return "hiragana"
    return "katakana" if "ァ" <= ch <= "ヺ" else "other"


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
        between: dict[tuple[str, str], Counter] = defaultdict(Counter)
        after: dict[str, Counter] = defaultdict(Counter)  # kana printed after a character
        before: dict[str, Counter] = defaultdict(Counter)  # … and before one
        for i in range(1, len(c) - 1):
            if _is_hiragana(c[i]):
                between[(c[i - 1], c[i + 1])][c[i]] += 1
                after[c[i - 1]][c[i]] += 1
                before[c[i + 1]][c[i]] += 1
        self._once = {pair: _mask(kanas) for pair, kanas in between.items()}
        self._loose: dict[tuple[str, str], list[str]] = {}
        # Kana printed at least twice after a character and twice before another.
        self._after = {
            ch: _mask(k for k, n in kanas.items() if n >= 2) for ch, kanas in after.items()
        }
        self._before = {
            ch: _mask(k for k, n in kanas.items() if n >= 2) for ch, kanas in before.items()
        }
        # The kana printed at least twice between two characters.
        self.between: dict[tuple[str, str], list[str]] = {
            pair: [kana for kana, n in kanas.items() if n >= 2] for pair, kanas in between.items()
        }
        self._between = {pair: _mask(kanas) for pair, kanas in self.between.items()}
        # The n-grams most edits' contexts are (2 × CONTEXT plus none or one character:
        # an insertion's or a substitution's); longer ones (こと) are counted when asked.
        self.sizes = range(2 * CONTEXT, 2 * CONTEXT + 2)
        self.grams = Counter(c[i : i + n] for n in self.sizes for i in range(len(c) - n + 1))
        # A kanji with the character either side: a lone kanji's context (score()).
        self.kanji_grams = Counter(c[i - 1 : i + 2] for i in range(1, len(c) - 1) if is_kanji(c[i]))
        # Two characters and the script of the one before (づく after a kanji).
        self.patterns = Counter((script(c[i - 1]), c[i : i + 2]) for i in range(1, len(c) - 1))

    def count_pattern(self, before: str, pair: str) -> int:
        """How often the document prints two characters after one of before's script."""
        return self.patterns.get((script(before), pair), 0)

    def count(self, text: str) -> int:
        """How often the document prints text, overlapping occurrences included: from
        the n-gram table for the lengths most edits' contexts have, else by searching."""
        if len(text) in self.sizes:
            return self.grams.get(text, 0)
        if len(text) == 3 and is_kanji(text[1]):
            return self.kanji_grams.get(text, 0)
        found, at = 0, self.corpus.find(text) if text else -1
        while at >= 0:
            found += 1
            at = self.corpus.find(text, at + 1)
        return found

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


def edits(text: str, document: Document) -> Iterator[Edit]:
    """The single edits worth scoring at each place of text: kana edits, and look-alikes
    of a kanji with no kanji beside it (kanji.py weighs kanji pairs). Substitutions
    first, then insertions: at one place a substitution wins a tie (prose_suspects keeps
    the first best)."""
    voicing, rows, between = _voicing(), _row_swaps(), document.between
    last = len(text) - 1
    for i, ch in enumerate(text):
        hiragana = "ぁ" <= ch <= "ゖ"
        following = text[i + 1 : i + 2]
        if not (hiragana or "ァ" <= ch <= "ヺ"):
            # A kanji standing alone (の輸を): kanji.py weighs kanji beside kanji.
            if is_kanji(ch) and not (i and is_kanji(text[i - 1])) and not is_kanji(following):
                table, shaped = _lone_lookalikes(ch)
                for other in table:
                    yield Edit("kanji_lone", i, ch, other)
                for other in shaped:
                    yield Edit("kanji_shape", i, ch, other)
            continue
        voiced = voicing.get(ch, ())
        for other in voiced:
            yield Edit("voicing", i, ch, other)
        if hiragana:  # katakana look-alikes: the katakana detector's words
            alike = _kana_lookalikes(ch)
            for other in alike:
                yield Edit("kana_lookalike", i, ch, other)
            # Any other kana the document prints in this place's company (a slip of the
            # hand or an OCR confusion no glyph table knows: い/り, さ/ち).
            if 0 < i < last:
                for other in between.get((text[i - 1], text[i + 1]), ()):
                    if other != ch and other not in voiced and other not in alike:
                        yield Edit("kana_context", i, ch, other)
        if following == "ま" and ch in rows:  # 取り組めます
            yield Edit("verb_form", i, ch, rows[ch])
        if following and following in KOTO_BEFORE and ch in KOTO_AFTER:
            yield Edit("koto", i, ch, ch + "こと")
    loose = document.loose_insertions
    for i in range(1, len(text)):
        pair = (text[i - 1], text[i])
        for kana in between.get(pair, ()):
            yield Edit("dropped_kana", i, "", kana)
        for kana in loose(pair):
            yield Edit("dropped_kana_loose", i, "", kana)


class Grammar:
    """MeCab with unidic-lite: the cost of the best reading of a piece of text."""

    def __init__(self) -> None:
        import MeCab  # a large dictionary: loaded only when prose is linted

        self.tagger = MeCab.Tagger()
        # One lattice, cleared for each text: allocating one per parse took four fifths
        # of the parse's time.
        self.lattice = MeCab.Lattice()
        self.cost = lru_cache(maxsize=200_000)(self._cost)

    def _cost(self, text: str) -> int:
        lattice = self.lattice
        lattice.clear()
        lattice.set_sentence(text)
        self.tagger.parse(lattice)
        return lattice.eos_node().cost


@cache
def grammar() -> Grammar:
    return Grammar()


def reads_worse(a: str, a_start: int, a_end: int, b: str, b_start: int, b_end: int) -> int:
    """How much less natural a reads than b around two versions of one passage (a[a_start:
    a_end] printed where b has b[b_start:b_end]): MeCab's cost of a's window minus b's."""
    cost = grammar().cost
    window_a = a[max(0, a_start - WINDOW) : a_end + WINDOW]
    window_b = b[max(0, b_start - WINDOW) : b_end + WINDOW]
    return cost(window_a) - cost(window_b)


@dataclass(frozen=True)
class Scored:
    edit: Edit
    gap: int
    printed_count: int
    edited_count: int
    # Where a dakuten is added: how often the document prints the edited kana and the next
    # character after a character of the same script as here (0: where the printed one
    # is printed so too, or not a dakuten added).
    pattern_count: int = 0

    @property
    def supported(self) -> bool:
        return _supported(self.printed_count, self.edited_count)

    @property
    def margin(self) -> int:
        """How far the gap clears its kind's threshold (negative: not a suspect); edits
        of different kinds compete by this, as a kind with little prior plausibility
        (kana_context) needs a larger gap."""
        rule = THRESHOLDS[self.edit.kind]
        if self.pattern_count >= PATTERN:
            return self.gap - PATTERN_GAP
        if self.printed_count <= 0 and self.edited_count >= STRONG:
            return self.gap - min(rule.supported_gap, STRONG_GAP)
        return self.gap - (rule.supported_gap if self.supported else rule.gap)

    @property
    def suspect(self) -> bool:
        return self.margin >= 0

    @property
    def rank(self) -> tuple:
        """Which of the suspect edits at one place to keep. A kanji's look-alikes often
        all make words MeCab reads well (輸 → 輪, 軸, 韓): the one the document prints
        here, then the most alike in shape. Kana edits: the clearest margin."""
        if self.edit.kind in KANJI_KINDS:
            alike = glyph_similarity(self.edit.printed, self.edit.edited)
            return (self.edited_count > 0, round(alike, 2), self.margin)
        return (True, 1.0, self.margin)


def _supported(printed_count: int, edited_count: int) -> bool:
    """Does the document print the edited context often, and far more than the printed?"""
    return edited_count >= 2 and edited_count >= SUPPORT_RATIO * max(printed_count, 1)


def score(text: str, edit: Edit, document: Document, cost) -> Scored | None:
    """The edit's grammar gap and document support; None when it cannot be a suspect
    (the cheap document counts decide that before MeCab parses anything). Only the
    windows around the edit are built, never the whole edited text."""
    start, end, edited = edit.start, edit.start + len(edit.printed), edit.edited
    # A kanji is a word or most of one: the characters either side of it tell its use.
    context = 1 if edit.kind in KANJI_KINDS else CONTEXT
    lo, hi = max(0, start - context), end + context
    # The print's own occurrence does not count as support for it.
    printed_count = document.count(text[lo:hi]) - 1
    edited_count = document.count(text[lo:start] + edited + text[end:hi])
    if printed_count >= CONFIRMED and not _supported(printed_count, edited_count):
        return None
    if edit.kind == "kanji_shape" and not edited_count:
        return None
    lo, hi = max(0, start - WINDOW), end + WINDOW
    gap = cost(text[lo:hi]) - cost(text[lo:start] + edited + text[end:hi])
    return Scored(edit, gap, printed_count, edited_count, _pattern_count(text, edit, document))


def _pattern_count(text: str, edit: Edit, document: Document) -> int:
    """A dakuten dropped from a compound (健康つくり, 協議会か、): how often the document
    prints the voiced kana and the next character after a character of this script (づく
    after a kanji), where it prints the unvoiced one so at most here; else 0."""
    start, end = edit.start, edit.start + len(edit.printed)
    if edit.kind != "voicing" or start == 0 or edit.edited < edit.printed:
        return 0  # voicing removed: the code point goes down
    before, after = text[start - 1], text[end : end + 1]
    if document.count_pattern(before, edit.printed + after) > 1:
        return 0
    return document.count_pattern(before, edit.edited + after)


def _shown(text: str, edit: Edit) -> tuple[str, str, int]:
    """found and suggestion as an editor reads them: the edit with the character before."""
    start = max(0, edit.start - 1)
    end = edit.start + len(edit.printed)
    found = text[start:end]
    return found, edit.apply(text)[start : end + len(edit.edited) - len(edit.printed)], start


def prose_suspects(spots: list[Spot]) -> Iterator[Suspect]:
    """Suspects in the direction texts (headings repeat and have their own check)."""
    prose = [s for s in spots if s.field == "direction" and len(s.text) <= MAX_TEXT]
    document = Document(s.text for s in prose)
    cost = grammar().cost
    for spot in prose:
        best: dict[int, Scored] = {}
        for edit in edits(spot.text, document):
            scored = score(spot.text, edit, document, cost)
            if scored is not None and scored.suspect:
                place = edit.start
                if place not in best or scored.rank > best[place].rank:
                    best[place] = scored
        kept: list[Scored] = []
        for scored in sorted(best.values(), key=lambda s: -s.margin):
            if all(abs(scored.edit.start - k.edit.start) > APART for k in kept):
                kept.append(scored)
        for scored in sorted(kept, key=lambda s: s.edit.start):
            yield _suspect(spot, scored)


def _suspect(spot: Spot, s: Scored) -> Suspect:
    found, suggestion, start = _shown(spot.text, s.edit)
    signals = [("grammar.lattice", GRAMMAR_SCORE)] if s.gap >= 1000 else []
    if s.supported:
        signals.append(("document.phrase", DOCUMENT_SCORE))
    if s.pattern_count >= PATTERN:
        signals.append(("document.pattern", DOCUMENT_SCORE))
        key, count = "evidence.prose.pattern", s.pattern_count
    else:
        key = "evidence.prose.supported" if s.supported else "evidence.prose"
        count = s.edited_count
    start = s.edit.start
    evidence = t(
        key,
        found=found,
        suggestion=suggestion,
        edit=label("edit", s.edit.kind),
        count=count,
        script=label("script", script(spot.text[start - 1])) if start else "",
        printed=spot.text[start : start + 2],
        edited=s.edit.edited + spot.text[start + 1 : start + 2],
    )
    return Suspect("prose", spot, found, suggestion, tuple(signals), evidence, start)
