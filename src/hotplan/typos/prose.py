"""Errors that hide in prose — a dropped or added dakuten (地域で → 地域て), a look-alike
kana (る/ろ, or by strokes: い/り), a dropped kana or こと (つながるが, つなぐを; 職員によ訪問,
where the document prints による many times and よ訪 nowhere else), a verb form
shifted by one row (取り組みます → 取り組めます), a kanji standing alone read as a look-alike
(の輪を → の輸を), a slip of the hand (a character or word printed twice, two kana
swapped, a stray kana: 担っていきける), a kanji lost from a compound the document prints
(地福祉) — found by asking a morphological analyser which reading is more natural.
Deleting any kana shortens the best path, so a stray kana is weighed only where the kana
and its neighbours are printed seldom (prose_edits.SLIPS_PRINTED), and needs a large gap.

For each small edit a typo or OCR could have made at a place, MeCab (unidic-lite) parses a
window of text around it as printed and as edited; the drop in the best path's cost says
how much more natural the edited text is (the grammar signal). The second, independent
signal is the document itself: ~150 sentences of administrative Japanese repeat their
phrases, so an edited context printed elsewhere in the document, where the printed one is
not, supports the edit. An edit is a suspect when the grammar gap alone clears its kind's
threshold, or a lower one with the document's support (THRESHOLDS: tuned by
`make eval-typos` on tuning seeds, measured on others); the document's own phrase (STRONG)
and, for a dakuten, its pattern after a script (づく after a kanji, PATTERN) lower it more.
A kana lost between two characters that the document always joins with it (PHRASE_ONLY)
is a suspect on the phrase alone: MeCab reads many such joins as a compound noun. A kana
lost beside two characters that the document prints with it at least three times and
nowhere else without it (裾野広げる, where it prints を広げ 4 times and 広げ only here:
phrasing.ALWAYS) needs only a small grammar gap: on the corrected 2024 copy no such place
reads better with the kana, and lost ones read better by 1,700 or more. So does a kana
lost from a shape of text (kanji and katakana standing for any) that the document prints
at least five times with it and nowhere else without it (を実施、: を + two kanji + し、 48
times): a suspect where the grammar does not prefer the print, competing with other
edits at the place as any dropped kana does.
A lone kanji's context is the character either side (a kanji is a word or most of one); a
look-alike only by coarse shape (力/刀, which the table lacks) needs the document to print
it there; and a lone kanji the document prints only here between its two neighbours, where
it prints another kanji between them at least twice, is weighed against that one when the
two are coarsely alike or the printed one is rare (を衍いま, where it prints を行いま 64 times;
衍 is in no glyph table) — that edit's threshold is set with the document's support.
One suspect per place: the best edit there (for a kanji, whose look-alikes often all read
well, the one the document prints, then the most alike)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from hotplan.messages import label, t
from hotplan.typos.lattice import WINDOW, grammar
from hotplan.typos.lookalikes import glyph_similarity
from hotplan.typos.phrasing import CONTEXT, Document, Lost, script
from hotplan.typos.prose_edits import LOST_EDITS, Edit, edits
from hotplan.typos.suspects import Spot, Suspect

MAX_TEXT = 2000  # a direction cell is a few hundred characters; longer is broken input


@dataclass(frozen=True)
class Threshold:
    gap: float  # MeCab cost drop that alone makes a suspect
    supported_gap: float  # cost drop enough when the document supports the edit


THRESHOLDS = {  # tuned on `make eval-typos` tuning seeds (see scripts/eval_typos.py)
    "voicing": Threshold(2000, 1500),
    "kana_lookalike": Threshold(2000, -1000),
    "kana_context": Threshold(5000, 4000),
    "kana_stroke": Threshold(4000, 1500),
    "dropped_kana": Threshold(3000, 1500),
    "dropped_kana_loose": Threshold(6000, -1000),
    "dropped_kana_phrase": Threshold(3000, 3000),
    "dropped_kana_always": Threshold(500, 500),  # clean copy ≤ -600, lost kana ≥ 1,700
    "dropped_kana_shape": Threshold(0, 0),  # clean copy ≤ -696, lost kana ≥ 127
    # A full stop the document always prints there: MeCab may read two sentences run
    # together (しますまた、) as well as apart, or a little better (by up to 1,551 where any
    # one of the 2024 report's 252 stops is taken out), but not by more than 5,000.
    "dropped_stop": Threshold(-5000, -5000),
    # A shifted form may be grammatical itself (図れます, していけます: the potential), and
    # MeCab then reads it better by up to 2,946; where the document prints the plain form
    # in this place's company (を図ります 17 times), that support decides.
    "verb_form": Threshold(3000, -3000),
    "koto": Threshold(3000, 800),
    "kanji_lone": Threshold(6000, 1500),
    "kanji_shape": Threshold(6000, 1500),
    "kanji_context": Threshold(3000, 3000),
    "doubled": Threshold(3000, 2000),
    "repeated": Threshold(3000, 2000),  # clean copy ≤ 2,203 (、市、市民), slips ≥ 2,505
    # Seven characters or more printed twice over, side by side: no sentence does that,
    # and deleting text always reads shorter, so the grammar is not asked.
    "repeated_phrase": Threshold(-20000, -20000),
    "swapped": Threshold(6000, 2000),
    "stray_kana": Threshold(8000, 4000),
    "kanji_dropped": Threshold(0, 0),
    "kanji_swapped": Threshold(0, 0),
    "kana_size": Threshold(5000, 0),
    # A mark printed twice (、、) that the document never doubles elsewhere is a slip
    # whatever the grammar says: MeCab reads 、、 as two marks at little cost.
    "doubled_mark": Threshold(-20000, -20000),
    # MeCab reads a comma after ます better than a full stop (by up to 2,333 on the 2024
    # report), so the grammar alone needs a wide gap; where the document puts the other
    # mark after this character and this one nowhere else, a small loss is allowed.
    "punctuation": Threshold(4000, -3000),
}
KANJI_KINDS = ("kanji_lone", "kanji_shape", "kanji_context")
APART = 2  # characters: suspects closer than this are one error seen from two places
CONFIRMED = 1  # a context printed this many more times elsewhere is taken as right
# …but a slip copied with its sentence into another row (担っていきける, twice) is no
# confirmation: a slip's context must be printed this often elsewhere.
SLIP_CONFIRMED = 2
SUPPORT_RATIO = 3  # the edited context printed this many times more often than the print
# An edited context the document prints this often, where the print stands alone, is the
# document's own phrase: a grammar gap of STRONG_GAP then makes a suspect of any kind.
STRONG, STRONG_GAP = 6, 500
# A kana lost between two characters that the document joins with it at least PHRASE_ONLY
# times and never without it (関係機関と連携 ×6, 関係機関連携 here only): MeCab reads
# many such joins as a compound noun (機関連携) at no cost, so the phrase alone decides,
# unless the grammar prefers the print by more than -PHRASE_ONLY_GAP.
PHRASE_ONLY, PHRASE_ONLY_GAP = 5, -5000
DROPPED_KINDS = ("dropped_kana", "dropped_kana_loose", "dropped_kana_phrase")
LOST_KINDS = tuple(LOST_EDITS.values())  # phrasing.Document.lost
# Edits whose proposal weighed how often the document prints the text with and without
# them (a full stop lost: ます run on as printed in a few places, ます。 everywhere else).
COUNTED_KINDS = ("dropped_stop",)
# Edits proposed only where the document prints the edited text in that place's stead:
# their threshold is set with that support, which lowers it no further.
PHRASED_KINDS = (*LOST_KINDS, "kanji_context", "kanji_dropped", "kanji_swapped")
# Slips of the hand: a character or word too many, or two kana swapped. Deleting a particle leaves a
# context the document prints often (地域で → 地域), so its phrase lowers their threshold
# to the supported gap, never to STRONG_GAP.
SLIP_KINDS = ("doubled", "doubled_mark", "repeated", "repeated_phrase", "swapped", "stray_kana")
# A dakuten the document always prints in this place's pattern (づく after a kanji, this
# many times, つく never): the grammar may even prefer the print by up to -PATTERN_GAP
# (MeCab reads 健康つくり as 健康 + 作り).
PATTERN, PATTERN_GAP = 8, -1000
GRAMMAR_SCORE, DOCUMENT_SCORE = 0.6, 0.5


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
    # A kana lost where the document always prints it (dropped_kana_always or _shape).
    lost: Lost | None = None

    @property
    def supported(self) -> bool:
        return _supported(self.printed_count, self.edited_count)

    @property
    def margin(self) -> int:
        """How far the gap clears its kind's threshold (negative: not a suspect); edits
        of different kinds compete by this, as a kind with little prior plausibility
        (kana_context) needs a larger gap. A kana lost from a shape is a suspect on a
        small gap, but competes as any dropped kana: beside a lost dakuten (関か有), 関から
        is a shape the document prints too, and 関が reads better."""
        if self.edit.kind == "dropped_kana_shape":
            return self.gap - THRESHOLDS["dropped_kana"].gap
        return _margin(
            self.edit.kind, self.gap, self.printed_count, self.edited_count, self.pattern_count
        )

    @property
    def rank(self) -> tuple:
        """Which of the suspect edits at one place to keep. A kanji's look-alikes often
        all make words MeCab reads well (輸 → 輪, 軸, 韓): the one the document prints
        here, then the most alike in shape. Kana edits: the clearest margin."""
        if self.edit.kind in KANJI_KINDS:
            alike = glyph_similarity(self.edit.printed, self.edit.edited)
            return (self.edited_count > 0, round(alike, 2), self.margin)
        return (True, 1.0, self.margin)


def _margin(kind: str, gap: int, printed_count: int, edited_count: int, pattern: int) -> int:
    """Scored.margin from plain numbers: score() asks it before making any object."""
    rule = THRESHOLDS[kind]
    if kind in PHRASED_KINDS:  # proposed by the document's phrase: it lowers no further
        return gap - rule.gap
    if pattern >= PATTERN:
        return gap - PATTERN_GAP
    if printed_count <= 0 and edited_count >= PHRASE_ONLY and kind in DROPPED_KINDS:
        return gap - PHRASE_ONLY_GAP
    if printed_count <= 0 and edited_count >= STRONG and kind not in SLIP_KINDS:
        return gap - min(rule.supported_gap, STRONG_GAP)
    supported = _supported(printed_count, edited_count)
    return gap - (rule.supported_gap if supported else rule.gap)


def _supported(printed_count: int, edited_count: int) -> bool:
    """Does the document print the edited context often, and far more than the printed?"""
    return edited_count >= 2 and edited_count >= SUPPORT_RATIO * max(printed_count, 1)


def score(text: str, edit: Edit, document: Document, cost) -> Scored | None:
    """The edit's grammar gap and document support when it is a suspect, else None (the
    cheap document counts decide that before MeCab parses anything). Only the
    windows around the edit are built, never the whole edited text."""
    printed, edited = _support_contexts(text, edit)
    # The print's own occurrence does not count as support for it.
    printed_count = document.count(printed) - 1
    edited_count = document.count(edited)
    confirmed = SLIP_CONFIRMED if edit.kind in SLIP_KINDS else CONFIRMED
    if (
        printed_count >= confirmed
        and not _supported(printed_count, edited_count)
        and edit.kind not in COUNTED_KINDS
    ):
        return None
    printed, edited = _contexts(text, edit, WINDOW)
    gap = cost(printed) - cost(edited)
    pattern = _pattern_count(text, edit, document)
    if _margin(edit.kind, gap, printed_count, edited_count, pattern) < 0:
        return None  # most edits scored: no object made for them
    lost = None
    if edit.kind in LOST_KINDS:
        lost = next(
            place
            for place in document.lost(text).get(edit.start, ())
            if edit.kind == LOST_EDITS[place.kind] and place.kana == edit.edited
        )
    return Scored(edit, gap, printed_count, edited_count, pattern, lost)


def _support_contexts(text: str, edit: Edit) -> tuple[str, str]:
    """The printed and edited text whose counts in the document support the edit: a kanji
    with the character either side (it is a word or most of one); a comma or full stop
    with the character before (a sentence ends after ます, not after 迎え); else CONTEXT
    characters either side."""
    if edit.kind == "punctuation":
        before = text[max(0, edit.start - 1) : edit.start]
        return before + edit.printed, before + edit.edited
    return _contexts(text, edit, 1 if edit.kind in KANJI_KINDS else CONTEXT)


def _contexts(text: str, edit: Edit, width: int) -> tuple[str, str]:
    """The printed span with width characters either side, and the same as edited."""
    start, end = edit.start, edit.start + len(edit.printed)
    lo, hi = max(0, start - width), end + width
    return text[lo:hi], text[lo:start] + edit.edited + text[end:hi]


def _pattern_count(text: str, edit: Edit, document: Document) -> int:
    """A dakuten dropped from a compound (健康つくり, 協議会か、) or a small kana read large
    (持つて): how often the document prints the edited kana and the next character after a
    character of this script (づく, って after a kanji), where it prints the printed one so
    at most here; else 0, and 0 for a dakuten removed or a kana made large (a dakuten adds
    one to a kana's code point; a small kana is one below its large one)."""
    start, end = edit.start, edit.start + len(edit.printed)
    if start == 0 or not (
        (edit.kind == "voicing" and edit.edited > edit.printed)
        or (edit.kind == "kana_size" and edit.edited < edit.printed)
    ):
        return 0
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
    for spot, kept in zip(prose, _scored(tuple(s.text for s in prose)), strict=True):
        for scored in kept:
            yield _suspect(spot, scored)


def warm(texts: Iterable[str]) -> None:
    """Score a document's direction texts ahead of its lint: the CLI's helper process does
    it while the main process loads pandas and builds the tables, and the lint of the same
    texts then finds the work done."""
    _scored(tuple(text for text in texts if len(text) <= MAX_TEXT))


@lru_cache(maxsize=2)
def _scored(texts: tuple[str, ...]) -> tuple[tuple[Scored, ...], ...]:
    """Each text's suspect edits, in text order, the document being these texts."""
    # A text printed twice (a 再掲 row copies its measure's direction) is one print: a
    # copy repeats a typo of its original, so it cannot confirm it; and it is scored once.
    distinct = dict.fromkeys(texts)
    document = Document(distinct)
    cost = grammar().cost
    kept = {text: _kept(text, document, cost) for text in distinct}
    return tuple(kept[text] for text in texts)


def _kept(text: str, document: Document, cost) -> tuple[Scored, ...]:
    """The best edit at each place of text, then of edits closer than APART the clearest."""
    best: dict[int, Scored] = {}
    for edit in edits(text, document):
        scored = score(text, edit, document, cost)
        if scored is not None:
            place = edit.start
            if place not in best or scored.rank > best[place].rank:
                best[place] = scored
    kept: list[Scored] = []
    for scored in sorted(best.values(), key=lambda s: -s.margin):
        if all(abs(scored.edit.start - k.edit.start) > APART for k in kept):
            kept.append(scored)
    return tuple(sorted(kept, key=lambda s: s.edit.start))


def _suspect(spot: Spot, s: Scored) -> Suspect:
    found, suggestion, start = _shown(spot.text, s.edit)
    grammar_objects = s.gap >= 1000
    signals = [("grammar.lattice", GRAMMAR_SCORE)] if grammar_objects else []
    if s.supported:
        signals.append(("document.phrase", DOCUMENT_SCORE))
    at = s.edit.start
    printed, edited = spot.text[at : at + 2], s.edit.edited + spot.text[at + 1 : at + 2]
    if s.lost is not None:
        if not s.supported:
            signals.append(("document.phrase", DOCUMENT_SCORE))
        key, printed, edited = f"evidence.prose.{s.lost.kind}", s.lost.printed, s.lost.edited
        if at == len(spot.text):  # a cell's last full stop
            key += "_end"
        count = s.lost.count
    elif s.pattern_count >= PATTERN:
        signals.append(("document.pattern", DOCUMENT_SCORE))
        key, count = "evidence.prose.pattern", s.pattern_count
    elif s.supported and not grammar_objects:  # the document's phrase alone
        key, count = "evidence.prose.phrase", s.edited_count
        printed, edited = _support_contexts(spot.text, s.edit)
    elif not s.edit.edited and not s.supported:  # a character too many
        key, count = "evidence.prose.extra", s.edited_count
    else:
        key = "evidence.prose.supported" if s.supported else "evidence.prose"
        count = s.edited_count
    evidence = t(
        key,
        found=found,
        suggestion=suggestion,
        edit=label("edit", s.edit.kind),
        count=count,
        script=label("script", script(spot.text[at - 1])) if at else "",
        printed=printed,
        edited=edited,
        kana=s.edit.edited or s.edit.printed,
    )
    return Suspect("prose", spot, found, suggestion, tuple(signals), evidence, start)
