"""Katakana that reads as no common word where kana edits make one, or that is a rare
variant of katakana printed elsewhere in the document (ヤンクケアラー beside ヤングケアラー);
katakana that reads as no word is also tried with any other kana in one place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import regex
from rapidfuzz.distance import Hamming, Indel

from hotplan.messages import label, t
from hotplan.typos import dictionary as d
from hotplan.typos.lookalikes import kana_edits
from hotplan.typos.suspects import Spot, Suspect, common_ends

KATAKANA_RE = regex.compile(r"[\p{Katakana}ー]{3,}")  # shorter runs are mostly stylistic (ゴト)
KATAKANA_RUN = regex.compile(r"[\p{Katakana}ー]+")
# …but two kana that lost a long vowel mark (テマ別, 老人ホム) are weighed for that alone.
SHORT_RE = regex.compile(r"(?<![\p{Katakana}ー])\p{Katakana}{2}(?![\p{Katakana}ー])")
SHORT_COMMON = 4.0  # zipf: two kana with ー added must make a word this common (テーマ 4.8)
COMMON_WORD = 3.0  # zipf: a suggested word must be at least this common
WEAK_WORD = 2.5  # katakana_segments strength below which printed katakana is suspicious
CLEARLY_BETTER = 0.75  # …or a kana edit must make it this much stronger
KATAKANA = (*(chr(c) for c in range(ord("ァ"), ord("ヶ") + 1)), "ー")  # any one put in a place


def katakana_suspects(spots: Iterable[Spot], document_words: Counter) -> Iterator[Suspect]:
    """Katakana that reads as no common word where one or two kana edits make one, or that
    is one kana edit from katakana printed elsewhere in the same document (a rare variant
    of its own term: ヤンクケアラー beside ヤングケアラー)."""
    spots = list(spots)
    runs = Counter(m.group() for spot in spots for m in KATAKANA_RE.finditer(spot.text))
    for spot in spots:
        for m in KATAKANA_RE.finditer(spot.text):
            run = m.group()
            variant = _document_variant(run, runs)
            printed = d.katakana_segments(run)[0]
            best = _katakana_candidate(run, document_words, two_edits=printed < WEAK_WORD)
            if best is None and variant is None and printed < WEAK_WORD:
                best = _any_kana(run, document_words)
            signals = []
            if best is not None and (printed < WEAK_WORD or best[3] - printed >= CLEARLY_BETTER):
                candidate, edits, kinds, strength = best
                signals.append(("dictionary.katakana", 0.8 if edits == 1 else 0.7))
                kind_labels = " + ".join(label("edit", k) for k in kinds)
                evidence = ("dictionary", {"kinds": kind_labels, "zipf": f"{strength:.1f}"})
            if variant is not None and (not signals or variant[0] == best[0]):
                candidate, kind = variant
                signals.append(("document.variant", 0.75))
                counts = {"count": runs[run], "other_count": runs[candidate]}
                evidence = ("variant", {"kind": label("edit", kind), **counts})
            if not signals:
                continue
            found, suggestion, offset = _token_span(run, candidate)
            yield Suspect(
                "katakana",
                spot,
                found,
                suggestion,
                tuple(signals),
                t(
                    f"evidence.katakana.{evidence[0]}",
                    found=found,
                    suggestion=suggestion,
                    **evidence[1],
                ),
                m.start() + offset,
            )


def katakana_runs(spots: Iterable[Spot]) -> Counter[str]:
    """How often the document prints each run of katakana, of any length."""
    return Counter(m.group() for spot in spots for m in KATAKANA_RUN.finditer(spot.text))


def short_katakana_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    """Two kana standing alone that read as no common word, where a long vowel mark makes
    a common one (テマ → テーマ), or makes katakana the document prints as often."""
    spots = list(spots)
    runs = katakana_runs(spots)
    for spot in spots:
        for m in SHORT_RE.finditer(spot.text):
            run = m.group()
            zipf, candidate = max((d.zipf(c), c) for c in (run[0] + "ー" + run[1], run + "ー"))
            if runs[candidate] >= max(1, runs[run]):
                signal, evidence = ("document.variant", 0.75), "variant"
            elif d.zipf(run) < WEAK_WORD and zipf >= SHORT_COMMON:
                signal, evidence = ("dictionary.katakana", 0.8), "dictionary"
            else:
                continue
            yield Suspect(
                "katakana",
                spot,
                run,
                candidate,
                (signal,),
                t(
                    f"evidence.katakana.{evidence}",
                    found=run,
                    suggestion=candidate,
                    kinds=label("edit", "long_vowel"),
                    zipf=f"{zipf:.1f}",
                    kind=label("edit", "long_vowel"),
                    count=runs[run],
                    other_count=runs[candidate],
                ),
                m.start(),
            )


def _document_variant(run: str, runs: Counter) -> tuple[str, str] | None:
    """The katakana of this document one kana edit from run and printed at least as often,
    or one kana longer (a kana lost: ボランテア) and printed at least twice and more often."""
    options = [
        (runs[candidate], candidate, kind)
        for candidate, kind in kana_edits(run)
        if candidate != run
        and (
            runs[candidate] > max(1, runs[run])
            # printed as often: the one that reads as no word is the slip (ポサートオフィス
            # beside サポートオフィス, once each: only the first is suspected)
            or (runs[candidate] == max(1, runs[run]) and _weaker(run, candidate))
        )
    ]
    options += [
        (n, other, "dropped_katakana")
        for other, n in runs.items()
        if len(other) == len(run) + 1
        and n >= max(2, runs[run] + 1)
        and Indel.distance(run, other, score_cutoff=1) == 1
    ]
    # Any other kana in one place, where the document prints the other at least twice and
    # more often, and the print reads as no word (ボヲンティア beside ボランティア: ヲ and ラ
    # are in no table of look-alikes; センサー beside センター is a word of its own).
    if d.katakana_segments(run)[0] < WEAK_WORD:
        options += [
            (n, other, "katakana_substituted")
            for other, n in runs.items()
            if len(other) == len(run)
            and n >= max(2, runs[run] + 1)
            and Hamming.distance(run, other, score_cutoff=1) == 1
        ]
    if not options:
        return None
    _, candidate, kind = max(options)
    return candidate, kind


def _weaker(run: str, candidate: str) -> bool:
    """Does run read as weaker katakana than candidate (or as no stronger: a tie of two
    unknown words flags both)?"""
    printed, other = d.katakana_segments(run)[0], d.katakana_segments(candidate)[0]
    return printed < other or printed == other == 0.0


def _token_span(run: str, candidate: str) -> tuple[str, str, int]:
    """The words of candidate that the edits touched, and the printed text they replace."""
    i, tail = common_ends(run, candidate)
    start, position, end = 0, 0, len(candidate)
    for word in d.katakana_segments(candidate)[1]:
        word_end = position + len(word)
        if word_end <= i:
            start = word_end
        elif position >= len(candidate) - tail:
            end = min(end, position)
        position = word_end
    if start >= end:  # a kana deleted between two words: the whole run reads better
        return run, candidate, 0
    return run[start : end - len(candidate) + len(run)], candidate[start:end], start


def _katakana_candidate(word: str, document_words: Counter, two_edits: bool):
    """Best (candidate, edits, kinds, strength) within two kana edits, or None; a word
    used elsewhere in the document is preferred."""
    frontier = [(word, ())]
    for edits in (1, 2) if two_edits else (1,):
        found, next_frontier = [], []
        for base, kinds in frontier:
            for candidate, kind in kana_edits(base):
                strength = d.katakana_segments(candidate)[0]
                if strength >= COMMON_WORD:
                    bonus = 1.0 if document_words[candidate] else 0.0
                    found.append((strength + bonus, candidate, (*kinds, kind), strength))
                elif edits == 1:
                    next_frontier.append((candidate, (*kinds, kind)))
        if found:
            _, candidate, kinds, strength = max(found)
            return candidate, edits, kinds, strength
        frontier = next_frontier[:400]
    return None


def _any_kana(word: str, document_words: Counter):
    """Of katakana that reads as no word, the best common word made by one other kana in
    one place (ボヲンティア, スマートフォノ: ヲ/ラ and ノ/ン are in no look-alike table);
    None where none makes one."""
    found = []
    for i, ch in enumerate(word):
        for other in KATAKANA:
            if other != ch:
                candidate = word[:i] + other + word[i + 1 :]
                strength = d.katakana_segments(candidate)[0]
                if strength >= COMMON_WORD:
                    bonus = 1.0 if document_words[candidate] else 0.0
                    found.append((strength + bonus, candidate, strength))
    if not found:
        return None
    _, candidate, strength = max(found)
    return candidate, 1, ("katakana_substituted",), strength
