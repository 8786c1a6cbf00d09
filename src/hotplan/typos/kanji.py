"""Two kanji that make no word where a look-alike kanji makes a common one (受審動奨 → 勧奨)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from hotplan.messages import t
from hotplan.typos import dictionary as d
from hotplan.typos.lookalikes import lookalikes
from hotplan.typos.suspects import Spot, Suspect

RARE_PAIR = 1.0  # zipf: a two-kanji string below this is not a word
KANJI_LOOKALIKE = 0.82  # glyph similarity for a kanji swap to be proposed
# Kanji that stand alone by nature (ordinal prefixes, productive suffixes): never a typo
# just for standing alone.
STANDALONE_KANJI = frozenset("第各約計全等的化性者時後内外別型中用上下毎")


def kanji_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    """A kanji left alone by the tokenizer whose look-alike makes a common word with its
    neighbour, where the printed pair is no word at all (受審動奨 → 勧奨)."""
    for spot in spots:
        text = spot.text
        tokens = d.tokenize(text)
        # Kanji the tokenizer could not fit into any longer word (numerals, 第, 等 … stand
        # alone by nature).
        alone = {
            t.begin
            for t in tokens
            if len(t.surface) == 1
            and _is_kanji(t.surface)
            and t.pos[1] != "数詞"
            and t.surface not in STANDALONE_KANJI
        }
        pairs = [(i, i + 1) for i in sorted(alone) if i + 1 in alone]
        # …and two-kanji strings it could only guess at.
        pairs += [
            (t.begin, t.begin + 1)
            for t in tokens
            if t.oov and len(t.surface) == 2 and all(map(_is_kanji, t.surface))
        ]
        for j, k in pairs:
            pair = text[j : k + 1]
            if d.zipf(pair) >= RARE_PAIR or d.is_word(pair):
                continue
            options = []
            for pos in (j, k):
                for alt, sim in lookalikes(text[pos], floor=KANJI_LOOKALIKE).items():
                    candidate = pair[: pos - j] + alt + pair[pos - j + 1 :]
                    strength = d.zipf(candidate)
                    if strength >= 2.0 and d.is_word(candidate):
                        options.append((strength * sim, text[pos], alt, sim, candidate))
            if options:
                _, old, alt, sim, candidate = max(options)
                yield Suspect(
                    "kanji",
                    spot,
                    pair,
                    candidate,
                    (("dictionary.kanji", 0.6), ("lookalike", round(sim - 0.5, 2))),
                    t(
                        "evidence.kanji",
                        pair=pair,
                        old=old,
                        alt=alt,
                        similarity=f"{sim:.2f}",
                        candidate=candidate,
                    ),
                    j,
                )


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
