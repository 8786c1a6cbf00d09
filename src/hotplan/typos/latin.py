"""Latin-letter words (NPO, ICT, SNS) one slip from a spelling the document prints more
often: two letters swapped (NOP beside NPO), or in a longer word one letter changed, added
or lost; or printed once, rare, where two letters swapped make a common word (LNA: LAN).
OCR and hurried typing leave these; the document repeats its own acronyms. Where both
spellings are printed alike often (NPO once, NOP once), the one Japanese text uses
clearly more (wordfreq, as written in lower case) is taken as meant."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import regex
from rapidfuzz.distance import OSA

from hotplan.messages import label, t
from hotplan.typos import dictionary as d
from hotplan.typos.suspects import Spot, Suspect

LATIN_RE = regex.compile(r"(?<![A-Za-zＡ-Ｚａ-ｚ])[A-Za-zＡ-Ｚａ-ｚ]{3,}(?![A-Za-zＡ-Ｚａ-ｚ])")
# Three letters: many real acronyms differ in one (SNS, SOS): only a swap of the same
# letters is a slip. From this length on, one letter changed, added or lost is one too.
ANY_EDIT = 4
# A tie in the document is broken by a spelling this much more common (Zipf) in general.
COMMONER = 0.5
VARIANT_SCORE, COMMON_SCORE = 0.75, 0.6
# Letters and digits run together, two letters at least (NP0): digits OCR reads for
# letters, and the letters they were.
MIXED_RE = regex.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[0-9])(?=(?:[0-9]*[A-Za-z]){2})[A-Za-z0-9]{3,}(?![A-Za-z0-9])"
)
DIGIT_LETTERS = {"0": "O", "1": "IL", "5": "S", "8": "B", "2": "Z", "6": "G"}
# A word printed once and rare in Japanese text (zipf below RARE_WORD: LNA 1.5) whose two
# swapped letters make a common one (COMMON_WORD, and COMMONER_SWAP more: LAN 3.8) is a
# slip too; ICT (3.0) beside ITC stays to the document.
RARE_WORD, COMMON_WORD, COMMONER_SWAP = 2.5, 3.5, 1.5


def _key(word: str) -> str:
    """A word as compared: width and case are printing variants, not spellings."""
    return unicodedata.normalize("NFKC", word).upper()


def latin_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    found = [(spot, m) for spot in spots for m in LATIN_RE.finditer(spot.text)]
    printed: dict[str, Counter[str]] = defaultdict(Counter)  # how each key is printed
    for _, m in found:
        printed[_key(m.group())][m.group()] += 1
    counts = Counter({key: forms.total() for key, forms in printed.items()})
    variants = {key: _variant(key, counts) for key in counts}
    for spot, m in found:
        key = _key(m.group())
        variant = variants[key]
        if variant is None:
            swapped = _common_swap(m.group()) if counts[key] == 1 else None
            if swapped is not None:
                evidence = t(
                    "evidence.latin.dictionary",
                    found=m.group(),
                    suggestion=swapped,
                    kind=label("edit", "latin_swapped"),
                    zipf=f"{_zipf(_key(swapped)):.1f}",
                    found_zipf=f"{_zipf(key):.1f}",
                )
                signal = ("dictionary.common", COMMON_SCORE)
                yield Suspect("latin", spot, m.group(), swapped, (signal,), evidence, m.start())
            continue
        other, kind = variant
        suggestion = printed[other].most_common(1)[0][0]
        tie = counts[other] == counts[key]
        evidence = t(
            "evidence.latin.common" if tie else "evidence.latin.variant",
            found=m.group(),
            suggestion=suggestion,
            count=counts[key],
            other_count=counts[other],
            kind=label("edit", kind),
            zipf=f"{_zipf(other):.1f}",
            found_zipf=f"{_zipf(key):.1f}",
        )
        signal = ("dictionary.common", COMMON_SCORE) if tie else ("document.variant", VARIANT_SCORE)
        yield Suspect("latin", spot, m.group(), suggestion, (signal,), evidence, m.start())
    yield from _with_digits(spots, counts)


def _with_digits(spots: Iterable[Spot], counts: Counter[str]) -> Iterator[Suspect]:
    """A word of letters with a digit OCR drew alike (NP0, 1CT, SN5): its letter makes a
    word the document prints, or a common one where the print is rare (G7, MP3 stay)."""
    for spot in spots:
        for m in MIXED_RE.finditer(spot.text):
            word = m.group()
            options = [
                word[:k] + letter + word[k + 1 :]
                for k, ch in enumerate(word)
                for letter in DIGIT_LETTERS.get(ch, "")
            ]
            for other in options:
                if any(c.isdigit() for c in other):
                    continue
                known = counts[_key(other)]
                common = _zipf(_key(other)) >= COMMON_WORD and _zipf(_key(word)) < RARE_WORD
                if known or common:
                    evidence = t(
                        "evidence.latin.digit",
                        found=word,
                        suggestion=other,
                        count=known,
                        zipf=f"{_zipf(_key(other)):.1f}",
                    )
                    signal = (
                        ("document.variant", VARIANT_SCORE)
                        if known
                        else ("dictionary.common", COMMON_SCORE)
                    )
                    yield Suspect("latin", spot, word, other, (signal,), evidence, m.start())
                    break


def _variant(key: str, counts: Counter[str]) -> tuple[str, str] | None:
    """The spelling one slip from key that the document prints most: at least twice and
    more often than key, or as often and clearly more common in general; with the slip's
    kind."""
    options = [
        (n, _zipf(other), other)
        for other, n in counts.items()
        if other != key
        and abs(len(other) - len(key)) <= 1
        and (
            n > max(1, counts[key]) or (n == counts[key] and _zipf(other) >= _zipf(key) + COMMONER)
        )
        and OSA.distance(key, other, score_cutoff=1) == 1
    ]
    for _, _, other in sorted(options, reverse=True):
        kind = _kind(key, other)
        if kind == "latin_swapped" or min(len(key), len(other)) >= ANY_EDIT or _l_for_i(key, other):
            return other, kind
    return None


def _common_swap(word: str) -> str | None:
    """The word with two adjacent letters swapped (or an l read for an I, or the other way)
    that Japanese text uses commonly, where the word as printed is rare (LNA → LAN, LIEN →
    LINE, wTitter → Twitter, LlNE → LINE)."""
    if _zipf(_key(word)) >= RARE_WORD:
        return None
    options = [
        (_zipf(_key(other)), other)
        for k in range(len(word) - 1)
        if word[k] != word[k + 1]
        for other in [word[:k] + word[k + 1] + word[k] + word[k + 2 :]]
    ]
    # l and I, which many faces draw alike (LlNE)
    options += [
        (_zipf(_key(other)), other)
        for k, ch in enumerate(word)
        if ch in "lI"
        for other in [word[:k] + ("I" if ch == "l" else "l") + word[k + 1 :]]
    ]
    zipf, other = max(options, default=(0.0, ""))
    return other if zipf >= COMMON_WORD and zipf >= _zipf(_key(word)) + COMMONER_SWAP else None


def _l_for_i(key: str, other: str) -> bool:
    """Do two keys differ only by an L where the other has an I (lCT for ICT: l and I are
    drawn alike, and the key is upper case)?"""
    if len(key) != len(other):
        return False
    differ = [(a, b) for a, b in zip(key, other, strict=True) if a != b]
    return len(differ) == 1 and set(differ[0]) == {"L", "I"}


def _zipf(key: str) -> float:
    return d.zipf(key.lower())


def _kind(key: str, other: str) -> str:
    if len(key) > len(other):
        return "latin_extra"
    if len(key) < len(other):
        return "latin_dropped"
    return "latin_swapped" if sorted(key) == sorted(other) else "latin_changed"
