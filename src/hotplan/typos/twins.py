"""A character printed in the wrong script where two scripts draw it alike: the kanji 一 for
the long vowel mark in センタ一, the katakana カ for the kanji 力 in 協カ, the katakana ヘ
for the particle へ in 地域ヘ. OCR picks either twin, an input method can too, and the eye
cannot tell them apart, so the evidence names each character's script.

A twin is a suspect where its neighbours say which script was meant: a kanji twin beside
katakana where the katakana twin makes a common katakana word (and the kanji makes no word
with its other neighbour: データ一覧 is right); a katakana twin beside no katakana where
the kanji twin makes a word with a neighbour (統ー → 統一), or where it has a hiragana
twin (a lone ヘ, ベ, ペ or リ is no katakana word: 取リ組み); a hiragana twin in a run of
katakana where the katakana twin makes a common word (へルパー → ヘルパー). Beyond twins,
the same neighbours judge a lone katakana among hiragana that MeCab reads far better as
hiragana (ととモに), any hiragana inside a katakana word (ボランテぃア), and a Latin letter
drawn like a digit in a number (2O24年, l8歳)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from typing import NamedTuple

import regex

from hotplan.messages import label, t
from hotplan.typos import dictionary as d
from hotplan.typos.katakana import katakana_runs
from hotplan.typos.lattice import reads_worse
from hotplan.typos.phrasing import is_hiragana, is_kanji
from hotplan.typos.suspects import Spot, Suspect

# (katakana, its twin): drawn alike in the Mincho and Gothic faces reports are set in.
KATAKANA_KANJI = ("ー一", "ロ口", "エ工", "ニ二", "タ夕", "ト卜", "ハ八", "カ力", "オ才", "ヒ匕")
KATAKANA_HIRAGANA = ("ヘへ", "ベべ", "ペぺ", "リり")
COMMON_WORD = 3.0  # zipf: katakana a twin makes must be at least this common a word
WEAK_WORD = 2.5  # …where katakana printed without the twin reads as no word this common
TWIN_SCORE, SCRIPT_SCORE, DOCUMENT_SCORE = 0.8, 0.6, 0.75
# A lone katakana that is no twin of its hiragana (モ, ク) is read as hiragana where MeCab
# finds that this much more natural (ととモに: 4,000; 4カ所 prefers the katakana by 4,471).
LONE_GAP = 500
KATAKANA_OFFSET = ord("ア") - ord("あ")
KINDS = ("katakana", "inside", "digit", "kanji", "alike", "lone")
MESSAGES = {
    "lone": "evidence.twin.script",
    "inside": "evidence.twin.inside",
    "digit": "evidence.twin.digit",
}  # the others: evidence.twin
# Latin letters drawn like digits, and the counters a number stands before (1O月 for 10月).
LATIN_DIGITS = {"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8", "Z": "2"}
LATIN_DIGITS |= {chr(ord(k) + 0xFEE0): v for k, v in LATIN_DIGITS.items()}  # full width
COUNTERS = "年月日歳円人件回時分名世帯%％"


def _is_katakana(ch: str) -> bool:
    return "ァ" <= ch <= "ヺ" or ch == "ー"


@cache
def _twins() -> dict[str, str]:
    pairs = (*KATAKANA_KANJI, *KATAKANA_HIRAGANA)
    return {a: b for pair in pairs for a, b in (pair, pair[::-1])}


def twin_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    spots = list(spots)
    runs = katakana_runs(spots)
    corpus = "\n".join(spot.text for spot in spots)
    for spot in spots:
        proposals = [
            (proposal, ch)
            for i, ch in enumerate(spot.text)
            if ch in _twins() or _is_katakana(ch) or is_hiragana(ch) or ch in LATIN_DIGITS
            if (proposal := _proposal(spot.text, i, runs, corpus)) is not None
        ]
        # One suspect per place (ニ一ズ: ニーズ, not 二一; ぃア in ボランテぃア: no lone ア).
        taken: set[int] = set()  # places of the text a kept proposal covers
        for proposal, ch in sorted(
            proposals, key=lambda pc: (KINDS.index(pc[0].kind), pc[0].start)
        ):
            places = range(proposal.start, proposal.start + len(proposal.printed))
            if taken.isdisjoint(places):
                taken.update(places)
                yield _suspect(spot, ch, *proposal, runs, corpus)


class Proposal(NamedTuple):
    start: int  # where printed starts in the text
    printed: str
    suggestion: str
    twin: str  # the character suggested for the printed one
    # katakana / kanji / alike: the twin drawn alike, making katakana, a kanji word, or
    # hiragana; inside: a hiragana inside katakana (ボランテぃア); digit: a letter among
    # digits; lone: a lone katakana the place wants as hiragana (モ for も). Where two
    # overlap, the one first in KINDS is kept.
    kind: str


def _proposal(text: str, i: int, runs: Counter, corpus: str) -> Proposal | None:
    """What text[i] may have been meant as, if its neighbours want another script."""
    ch = text[i]
    twin = _twins().get(ch)
    before, after = text[i - 1 : i] if i else "", text[i + 1 : i + 2]
    beside_katakana = _is_katakana(before) or _is_katakana(after)
    if ch in LATIN_DIGITS:
        return _among_digits(text, i)
    if twin and _is_katakana(twin) and beside_katakana:
        return _in_katakana(text, i, twin, runs)
    if is_hiragana(ch):  # any other hiragana inside katakana (ボランテぃア)
        if not (_is_katakana(before) and _is_katakana(after)):
            return None
        found = _in_katakana(text, i, chr(ord(ch) + KATAKANA_OFFSET), runs)
        return found._replace(kind="inside") if found else None
    if not _is_katakana(ch) or beside_katakana:
        return None
    if twin and is_kanji(twin):
        found = _among_kanji(text, i, twin, corpus)
        if found is not None:
            return found
    return _lone(text, i)


def _among_digits(text: str, i: int) -> Proposal | None:
    """A Latin letter drawn like a digit (O/0, l/1, S/5, B/8, Z/2) in a number: between two
    digits, between a digit and a counter (1O月), or beside no other letter at the end of
    two digits or more or of digits before a counter (805O問題, l8歳); B5 stays."""
    left = len(text[:i]) - len(text[:i].rstrip("0123456789０１２３４５６７８９"))
    right_digits = regex.match(r"[0-9０-９]*", text[i + 1 :]).group()
    right = len(right_digits)
    before, after = text[i - 1 : i] if i else "", text[i + 1 : i + 2]
    counted = bool(right) and text[i + 1 + right : i + 2 + right] in tuple(COUNTERS)
    if not (left or right):
        return None
    lettered = any((c.isascii() and c.isalpha()) or "Ａ" <= c <= "ｚ" for c in (before, after))
    if not (
        (left and right)
        or (left and after and after in COUNTERS)
        or (right and before and before in COUNTERS)
        or (not lettered and (max(left, right) >= 2 or counted))
    ):
        return None
    digit = text[i - 1] if left else right_digits[0]
    twin = LATIN_DIGITS[text[i]]
    if digit >= "０":  # a full-width digit
        twin = chr(ord(twin) - ord("0") + ord("０"))
    return _around(text, i, twin, "digit")


def _suspect(
    spot: Spot, ch: str, start: int, printed: str, suggestion: str, twin: str, kind: str,
    runs: Counter, corpus: str,
) -> Suspect:  # fmt: skip
    count = runs[suggestion] if _is_katakana(twin) else corpus.count(suggestion)
    signals = [("dictionary.script", SCRIPT_SCORE if kind in ("lone", "inside") else TWIN_SCORE)]
    if count:
        signals.append(("document.variant", DOCUMENT_SCORE))
    key = MESSAGES.get(kind, "evidence.twin")
    evidence = t(
        f"{key}.document" if count else key,
        found=printed,
        suggestion=suggestion,
        char=ch,
        twin=twin,
        script=label("script", _script(ch)),
        twin_script=label("script", _script(twin)),
        count=count,
    )
    return Suspect("twin", spot, printed, suggestion, tuple(signals), evidence, start)


def explained(suspects: list[Suspect]) -> list[Suspect]:
    """The suspects, less those of other detectors that overlap a twin's: a twin explains
    its place, where the katakana check reads センタ一 as センタ missing its ー and the prose
    check reads 協カ as a lone 協."""
    spans: dict[Spot, list[tuple[int, int]]] = {}
    for s in suspects:
        if s.kind == "twin" and s.start is not None:
            spans.setdefault(s.spot, []).append((s.start, s.start + len(s.found)))
    return [
        s
        for s in suspects
        if s.kind == "twin"
        or s.start is None
        or not any(
            s.start < end and start < s.start + len(s.found) for start, end in spans.get(s.spot, ())
        )
    ]


def _script(ch: str) -> str:
    if _is_katakana(ch):
        return "katakana"
    if is_hiragana(ch):
        return "hiragana"
    return "kanji" if is_kanji(ch) else "other"


def _in_katakana(text: str, i: int, twin: str, runs: Counter) -> Proposal | None:
    """A kanji or hiragana twin beside katakana: the katakana run it makes with its twin,
    where that is a common word or katakana the document prints. A kanji that makes a word
    with the character after it stays (データ一覧), unless its twin completes katakana that
    reads as no word without it (ヘルパ一事業, シルバ一人材)."""
    start = i
    while start and _is_katakana(text[start - 1]):
        start -= 1
    end = i + 1
    while end < len(text) and _is_katakana(text[end]):
        end += 1
    left = text[start:i]
    edited = left + twin + text[i + 1 : end]
    strength = d.katakana_segments(edited)[0]
    if strength < COMMON_WORD and not runs[edited]:
        return None
    # Hiragana meets katakana where a word ends (ケアへ, まちづくりプロジェクト): its twin
    # must make katakana stronger than the katakana beside it reads alone.
    if (
        is_hiragana(text[i])
        and (
            strength <= d.katakana_segments(left + text[i + 1 : end])[0]
            # …which is katakana of two characters at least (づクり: ク is a lone one; よりー層:
            # ー is 一 misread)
            or len(left + text[i + 1 : end]) < 2
            or not regex.search(r"[ァ-ヺ]", left + text[i + 1 : end])
        )
    ):
        return None
    if is_kanji(text[i]) and d.is_word(text[i : i + 2]):
        completes = d.katakana_segments(left + twin)[0] >= COMMON_WORD
        if not completes or d.katakana_segments(left)[0] >= WEAK_WORD:
            return None
    return Proposal(start, text[start:end], edited, twin, "katakana")


def _among_kanji(text: str, i: int, twin: str, corpus: str) -> Proposal | None:
    """A katakana twin beside no katakana, read as its kanji twin where that makes a word
    with a kanji neighbour (協カ → 協力, ー人 → 一人), or a pair the document prints at
    least twice where it prints this one only here (でカを: 力を), or where MeCab reads it
    LONE_GAP better (のニつ)."""
    for start in (i - 1, i):
        if start < 0 or start + 2 > len(text):
            continue
        pair = text[start : start + 2]
        edited = twin + pair[1] if start == i else pair[0] + twin
        neighbour = edited[0] if start < i else edited[1]
        if (is_kanji(neighbour) and d.is_word(edited)) or (
            corpus.count(edited) >= 2 and corpus.count(pair) <= 1
        ):
            return Proposal(start, pair, edited, twin, "kanji")
    if reads_worse(text, i, i + 1, text[:i] + twin + text[i + 1 :], i, i + 1) >= LONE_GAP:
        return _around(text, i, twin, "kanji")
    return None


def _lone(text: str, i: int) -> Proposal | None:
    """A katakana beside no katakana, read as its hiragana: always for a twin (no katakana
    word is one ヘ, ベ, ペ or リ), else where MeCab reads the hiragana at least LONE_GAP
    better (ととモに; 4カ所 reads better as printed)."""
    ch = text[i]
    twin = _twins().get(ch) or chr(ord(ch) - KATAKANA_OFFSET)
    if not is_hiragana(twin):
        return None
    alike = _twins().get(ch) == twin
    if (
        not alike
        and reads_worse(text, i, i + 1, text[:i] + twin + text[i + 1 :], i, i + 1) < LONE_GAP
    ):
        return None
    return _around(text, i, twin, "alike" if alike else "lone")


def _around(text: str, i: int, twin: str, kind: str) -> Proposal:
    """text[i] read as twin, shown with the character either side."""
    start = max(0, i - 1)
    printed = text[start : i + 2]
    return Proposal(
        start, printed, printed[: i - start] + twin + printed[i - start + 1 :], twin, kind
    )
