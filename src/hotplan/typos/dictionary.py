"""A Japanese dictionary for the typo lint: SudachiPy with the packaged small dictionary
(words and parts of speech) and wordfreq's packaged Japanese word list (how common a word
is). No download at run time; each is loaded once, on first use.

wordfreq's list is read from its data file directly: importing wordfreq costs ~0.3 s
(langcodes' tables, tokenizer patterns) for one lookup table; its format is documented in
wordfreq.read_cBpack, and a test checks the values against wordfreq.zipf_frequency.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sudachipy import Dictionary

WORDLIST = "large_ja.msgpack.gz"  # wordfreq's `best` Japanese list


@dataclass(frozen=True)
class Token:
    surface: str
    begin: int  # offset in the tokenized text
    oov: bool
    pos: tuple[str, ...]
    reading: str = ""  # in katakana, as the dictionary reads it


@cache
def _dictionary() -> Dictionary:
    from sudachipy import Dictionary

    return Dictionary(dict="small")


@cache
def _tokenizer():
    from sudachipy import SplitMode

    return _dictionary().tokenizer(mode=SplitMode.C)


MAX_PIECE = 4000  # characters: Sudachi takes at most 49,149 bytes at once


@cache
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of text (cached: the lint reads each text more than once). Text longer than
    the tokenizer takes is read in pieces cut after a 。 where possible."""
    tokens: list[Token] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_PIECE)
        if end < len(text):
            cut = text.rfind("。", start, end)
            end = cut + 1 if cut > start else end
        tokens += [
            Token(
                m.surface(),
                start + m.begin(),
                m.is_oov(),
                tuple(m.part_of_speech()),
                m.reading_form(),
            )
            for m in _tokenizer().tokenize(text[start:end])
        ]
        start = end
    return tuple(tokens)


@cache
def is_word(surface: str) -> bool:
    """Is surface an entry of the dictionary (not an unknown-word guess)?"""
    return any(not m.is_oov() for m in _dictionary().lookup(surface))


@cache
def _zipf_table() -> dict[str, float]:
    """Word → Zipf frequency. The file is a msgpack list: a header, then one list of words
    per centibel of frequency (index i: 10^(-i/100)), i.e. Zipf 9 - i/100."""
    import msgpack

    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / WORDLIST
    with gzip.open(path, "rb") as f:
        header, *buckets = msgpack.load(f, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise ValueError(f"{path}: not a wordfreq cBpack file ({header!r})")
    table: dict[str, float] = {}
    for i, words in enumerate(buckets):  # as wordfreq: a word listed twice keeps the later
        table.update(dict.fromkeys(words, round(9 - i / 100, 2)))
    return table


def zipf(word: str) -> float:
    """How common a word is: Zipf scale, 0 (unknown) … 7 (the commonest words)."""
    return _zipf_table().get(word, 0.0)


@cache
def katakana_segments(run: str) -> tuple[float, tuple[str, ...]]:
    """Best split of a katakana run into known words (each of two or more characters):
    (strength, the words); strength is the Zipf frequency of the rarest word, less 0.5 per
    extra word (a real compound is a few long words, a misspelling many short ones);
    (0.0, ()) if no split exists.

    The tokenizer lumps unknown katakana compounds into one unknown word, correct ones
    (オンラインコミュニティ) as well as misspelt ones, so runs are split here instead."""
    n = len(run)
    # best[end][count]: (rarest word's frequency, words) of run[:end] split into count words
    best: list[dict[int, tuple[float, tuple[str, ...]]]] = [{} for _ in range(n + 1)]
    best[0][0] = (99.0, ())
    for end in range(2, n + 1):
        for start in range(max(0, end - 12), end - 1):
            strength = zipf(run[start:end]) if best[start] else 0.0
            if strength <= 0:
                continue
            for count, (low, words) in best[start].items():
                option = (min(low, strength), (*words, run[start:end]))
                known = best[end].get(count + 1)
                if known is None or option[0] > known[0]:
                    best[end][count + 1] = option
    if not best[n]:
        return 0.0, ()
    count, (low, words) = max(best[n].items(), key=lambda kv: kv[1][0] - 0.5 * (kv[0] - 1))
    return max(0.0, low - 0.5 * (count - 1)), words
