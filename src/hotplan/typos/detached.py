"""A character OCR read as two: a voicing mark apart from its kana (か゛ for が, ハ゜ for
パ) or a kanji as its radical and the rest (氵舌 for 活). Japanese text never prints a
spacing voicing mark after a kana or a radical's own form, so each is a suspect on its
shape alone. The suggestion joins the two: a mark composes with its kana (Unicode); a
radical and the rest make the kanji the document prints between the same neighbours, where
it prints one (生氵舌づくり: 生活づくり); where it prints none, the suspect has no suggestion
and nothing can be applied from it."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

import regex

from hotplan.messages import t
from hotplan.typos.lookalikes import glyph_similarity
from hotplan.typos.phrasing import is_kana
from hotplan.typos.suspects import Spot, Suspect

# Spacing and half-width voicing marks, as the combining mark each stands for.
MARKS = {"゛": "\u3099", "゜": "\u309a", "ﾞ": "\u3099", "ﾟ": "\u309a"}
MARKS |= {combining: combining for combining in ("\u3099", "\u309a")}
# Radicals' own code points: the Kangxi and supplement blocks, and the unified ideographs
# that are only ever a radical (亻 for 人 at a kanji's left, 氵 for 水 …).
RADICAL_FORMS = "亻氵忄扌礻衤訁飠釒阝刂犭艹辶冫疒彳攵灬罒覀癶爫廴勹讠纟钅饣"
RADICAL = regex.compile(rf"[\u2e80-\u2eff\u2f00-\u2fdf{RADICAL_FORMS}]")
SIGNALS = (("shape.detached", 0.8),)  # neither pair is ever right: as sure as a twin


def detached_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    spots = list(spots)
    corpus = "\n".join(spot.text for spot in spots)
    for spot in spots:
        text = spot.text
        for i, ch in enumerate(text):
            if i and ch in MARKS and is_kana(text[i - 1]):
                joined = unicodedata.normalize("NFC", text[i - 1] + MARKS[ch])
                if len(joined) == 1:
                    found = text[i - 1 : i + 1]
                    evidence = t("evidence.detached.mark", found=found, suggestion=joined)
                    yield _suspect(spot, found, joined, evidence, i - 1)
            elif RADICAL.match(ch) and i + 1 < len(text):
                found = text[i : i + 2]
                kanji = _printed_between(corpus, text[i - 1 : i], text[i + 2 : i + 3], text[i + 1])
                key = "evidence.detached.radical" + (".document" if kanji else "")
                evidence = t(key, found=found, radical=ch, suggestion=kanji)
                yield _suspect(spot, found, kanji, evidence, i)


def _printed_between(corpus: str, left: str, right: str, rest: str) -> str:
    """The kanji the document prints between left and right most often (of those printed
    equally often, the one most like the rest of the split kanji), or ""."""
    if not (left and right):
        return ""
    pattern = regex.escape(left) + r"(\p{Han})" + regex.escape(right)
    counts = Counter(m.group(1) for m in regex.finditer(pattern, corpus))
    if not counts:
        return ""
    return max(counts, key=lambda k: (counts[k], glyph_similarity(rest, k)))


def _suspect(spot: Spot, found: str, suggestion: str, evidence: str, start: int) -> Suspect:
    return Suspect("detached", spot, found, suggestion, SIGNALS, evidence, start)
