"""Characters printed in the wrong form: half-width katakana (ｻｰﾋﾞｽ, from an old system or a
conversion), a dash for the long-vowel mark inside a katakana word (サポ−ター: OCR and
hurried typing), a comma or full stop of another form than the document's own (a Latin
, or . between Japanese characters where the document prints 、 and 。), a bracket or
middle dot of another form (（ where it prints (, ･ or · where it prints ・), and digits or
Latin letters of the other width than the document's own (５地域 where it prints 5地域).
The suggestion is the document's form; nothing is changed."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

import regex

from hotplan.messages import t
from hotplan.typos.suspects import Spot, Suspect

HALF_KANA = regex.compile(r"[\uff66-\uff9f]+")
# A dash or hyphen after a katakana, not before a digit or Latin letter (ステップ-1): the
# long-vowel mark ー read or typed as a look-alike.
DASHES = "-‐‑‒–—―−－ｰ"
LONG_VOWEL = regex.compile(rf"(?<=[ァ-ヺ])[{DASHES}](?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])")
# Stops between two Japanese characters, each with the forms it may be printed in.
BEFORE = r"[\p{Han}\p{Hiragana}\p{Katakana}ー々」）)]"
AFTER = r"[\p{Han}\p{Hiragana}\p{Katakana}々「（(]"
# A comma's forms include the marks OCR reads for a faint 、 ('`\ 丶 ヽ), which prose never
# prints between Japanese characters.
STOP_FORMS = ("、，,､'`\\丶ヽ", "。．.｡")
_OTHER_STOPS = regex.escape("".join(forms[1:] for forms in STOP_FORMS))
STOP = regex.compile(rf"(?<={BEFORE})[{_OTHER_STOPS}](?={AFTER})")  # a stop of another form
# A stop after a Japanese character, at a sentence's end too: how the document stops.
ANY_STOP = regex.compile(rf"(?<={BEFORE})[{regex.escape(''.join(STOP_FORMS))}]")
# Brackets and the middle dot, each with the forms it may be printed in (half width, full
# width, the Latin middle dot OCR reads for ・): weighed wherever they stand.
MARK_FORMS = ("(（", ")）", "「｢", "」｣", "・･·")
MARK_CHARS = frozenset("".join(MARK_FORMS))
# Digits and Latin letters, full width and half width.
WIDE, NARROW = regex.compile(r"[０-９Ａ-Ｚａ-ｚ]+"), regex.compile(r"[0-9A-Za-z]+")
# The document's own form is the one it prints this many times more often than another.
MAJORITY = 10
SIGNALS = (("convention.form", 0.6),)


def form_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    spots = list(spots)
    stops, other_width = _stops(spots), _other_width(spots)
    marks = Counter(ch for spot in spots for ch in spot.text if ch in MARK_CHARS)
    other_marks = _others(marks, MARK_FORMS)
    for spot in spots:
        text = spot.text
        for start, ch in enumerate(text):
            if own := other_marks.get(ch):
                evidence = t("evidence.form.mark", found=ch, suggestion=own)
                yield Suspect("form", spot, ch, own, SIGNALS, evidence, start)
        for m in other_width.finditer(text) if other_width else ():
            found = m.group()
            own = _widened(found) if other_width is NARROW else unicodedata.normalize("NFKC", found)
            evidence = t("evidence.form.width", found=found, suggestion=own)
            yield Suspect("form", spot, found, own, SIGNALS, evidence, m.start())
        for m in HALF_KANA.finditer(text):
            whole = unicodedata.normalize("NFKC", m.group())
            evidence = t("evidence.form.half_kana", found=m.group(), suggestion=whole)
            yield Suspect("form", spot, m.group(), whole, SIGNALS, evidence, m.start())
        for m in LONG_VOWEL.finditer(text):
            start = m.start() - 1
            found = text[start : m.end()]
            suggestion = found[0] + "ー"
            evidence = t("evidence.form.long_vowel", found=found, suggestion=suggestion)
            yield Suspect("form", spot, found, suggestion, SIGNALS, evidence, start)
        for m in STOP.finditer(text):
            own = stops.get(m.group())
            if own is not None:
                start = m.start() - 1
                found = text[start : m.end()]
                suggestion = found[0] + own
                evidence = t("evidence.form.stop", found=found, suggestion=suggestion, own=own)
                yield Suspect("form", spot, found, suggestion, SIGNALS, evidence, start)


def _stops(spots: list[Spot]) -> dict[str, str]:
    """Each form of a stop printed between Japanese characters that is not the document's
    own: the own form it stands for (，→、 where the document prints 、 ten times as often)."""
    printed = Counter(m.group() for spot in spots for m in ANY_STOP.finditer(spot.text))
    return _others(printed, STOP_FORMS)


def _others(printed: Counter[str], kinds: tuple[str, ...]) -> dict[str, str]:
    """Each form of a mark that is not the document's own, and the own form it stands for:
    the one the document prints MAJORITY times as often as it."""
    wrong: dict[str, str] = {}
    for forms in kinds:
        own = max(forms, key=lambda f: printed[f])
        for other in forms:
            if other != own and printed[own] >= MAJORITY * max(printed[other], 1):
                wrong[other] = own
    return wrong


def _other_width(spots: list[Spot]) -> regex.Pattern | None:
    """Digits and letters of the width the document does not print (NARROW where it
    prints full width ten times as often), or None where it has no width of its own."""
    wide = sum(len(m) for spot in spots for m in WIDE.findall(spot.text))
    narrow = sum(len(m) for spot in spots for m in NARROW.findall(spot.text))
    if narrow >= MAJORITY * max(wide, 1):
        return WIDE if wide else None
    if wide >= MAJORITY * max(narrow, 1):
        return NARROW if narrow else None
    return None


def _widened(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)
