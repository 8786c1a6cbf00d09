"""A word printed in the wrong kanji of its reading — an input method's wrong conversion
(機会の提供 typed as 機械の提供): printed once or twice, where the document prints a word of
the same reading at least three times as often, between the same two characters, or after
the one and before the other twice each. MeCab cannot judge these (both are words; it
reads 対照者 better than 対象者), and two real homophones of one document rarely share
their neighbours: the 2024 report's eight pairs (団塊/段階, 講演/公園, 共同/協働, …) share
none."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from hotplan.messages import t
from hotplan.typos import dictionary as d
from hotplan.typos.phrasing import is_kanji
from hotplan.typos.suspects import Spot, Suspect

PRINTED = 2  # the other word of the reading is printed at least this often
# An input method repeats a wrong conversion it has learnt: a word printed this often may
# still be one, where the other is printed OFTENER times as often.
REPEATED, OFTENER = 2, 3
SIDES = 2  # … or printed this often after the character before and before the one after
HOMOPHONE_SCORE = 0.7


class Homophone(NamedTuple):
    found: str
    suggestion: str
    start: int  # offset in the text
    count: int  # how often the document prints the suggestion
    before: str  # the characters either side of found
    after: str
    shared: int  # how often it prints the suggestion between before and after
    left: int  # … after before, and before after
    right: int
    reading: str  # as the dictionary read the printed word here


def homophone_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    spots = list(spots)
    # A text printed twice (a 再掲 row's copy) is one print: its copy confirms nothing.
    found = _homophones(list(dict.fromkeys(spot.text for spot in spots)))
    for spot in spots:
        for h in found.get(spot.text, ()):
            evidence = t(
                "evidence.homophone" if h.shared else "evidence.homophone.sides",
                found=h.found,
                suggestion=h.suggestion,
                reading=h.reading,
                count=h.count,
                context=h.before + h.suggestion + h.after,
                before=h.before + h.suggestion,
                after=h.suggestion + h.after,
                left=h.left,
                right=h.right,
            )
            signals = (("document.homophone", HOMOPHONE_SCORE),)
            yield Suspect("homophone", spot, h.found, h.suggestion, signals, evidence, h.start)


def _homophones(texts: list[str]) -> dict[str, list[Homophone]]:
    """Each text's words printed at most twice whose reading the document prints as
    another word at least PRINTED times and three times as often, between the same two
    characters, or after the one before and before the one after SIDES times each."""
    corpus = "\n".join(texts)
    words = [(text, token) for text in texts for token in d.tokenize(text) if _kanji_word(token)]
    printed = Counter(token.surface for _, token in words)
    by_reading: dict[str, set[str]] = defaultdict(set)
    for _, token in words:
        by_reading[token.reading].add(token.surface)
    found: dict[str, list[Homophone]] = defaultdict(list)
    for text, token in words:
        start, end = token.begin, token.begin + len(token.surface)
        n = printed[token.surface]
        if n > REPEATED or start == 0 or end >= len(text):
            continue
        before, after = text[start - 1], text[end]
        for other in by_reading[token.reading] - {token.surface}:
            count = printed[other]
            if count < max(PRINTED, OFTENER * n):
                continue
            shared = corpus.count(before + other + after)
            left, right = corpus.count(before + other), corpus.count(other + after)
            if shared or min(left, right) >= SIDES:
                found[text].append(
                    Homophone(
                        token.surface,
                        other,
                        start,
                        count,
                        before,
                        after,
                        shared,
                        left,
                        right,
                        token.reading,
                    )
                )
                break
    return found


def _kanji_word(token: d.Token) -> bool:
    return len(token.surface) >= 2 and all(map(is_kanji, token.surface)) and bool(token.reading)
