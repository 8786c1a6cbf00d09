"""A suspect: a piece of printed text, what may be wrong in it, and the signals that say so.

Every detector yields Suspects; `merge` folds those at one place and proposal into one,
whose score combines the signals (score = 1 - Π(1 - s)).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from hotplan.document.parse import Heading


class Item(NamedTuple):
    """The cells of an items row that the lint reads, as plain values (None where the row
    has none): the lint's helper process takes these without importing pandas."""

    serial: int | None
    direction: str | None
    direction_raw: str | None
    departments_raw: str | None
    departments: tuple[str, ...]
    relisted_serial: int | None
    source_line: int | None
    source_page: int | None


@dataclass(frozen=True)
class Spot:
    """A piece of printed text to check, and where it is."""

    field: str
    text: str
    serial: int | None = None
    source_line: int | None = None
    source_page: int | None = None
    level_number: int | None = None  # headings: which goal/policy/… it is

    @classmethod
    def of_heading(cls, h: Heading, field: str | None = None, text: str | None = None) -> Spot:
        """A heading's title (or another of its parts), located by line or page."""
        return cls(
            field or f"{h.level.value}_title",
            h.title if text is None else text,
            None,
            h.line if h.page is None else None,
            h.page,
            h.number,
        )


@dataclass(frozen=True)
class Suspect:
    kind: str  # department, katakana, kanji, relisted, heading, latin_numeral, numbering …
    spot: Spot
    found: str
    suggestion: str
    signals: tuple[tuple[str, float], ...]  # (signal, its own score)
    evidence: str
    start: int | None = None  # offset of found in spot.text

    @property
    def score(self) -> float:
        miss = 1.0
        for _, s in self.signals:
            miss *= 1.0 - s
        return round(1.0 - miss, 3)

    @property
    def id(self) -> str:
        s = self.spot
        where = s.serial if s.serial is not None else f"{s.level_number}@{s.source_line}"
        key = f"{s.field}|{where}|{self.found}|{self.suggestion}"
        return "T" + hashlib.sha1(key.encode()).hexdigest()[:10]

    @property
    def context(self) -> str:
        text, start = self.spot.text, self.start
        if start is None:
            start = text.find(self.found)
        if start < 0:
            return text[:40]
        end = start + len(self.found)
        before = ("…" if start > 15 else "") + text[max(0, start - 15) : start]
        after = text[end : end + 15] + ("…" if end + 15 < len(text) else "")
        return f"{before}【{self.found}】{after}"


def merge(suspects: Iterable[Suspect]) -> list[Suspect]:
    """One suspect per place and proposal; signals of different detectors add up."""
    merged: dict[tuple, Suspect] = {}
    for s in suspects:
        key = (s.spot.field, s.spot.serial, s.spot.source_line, s.found, s.suggestion)
        if key in merged:
            old = merged[key]
            signals = dict(old.signals)
            for name, score in s.signals:
                signals[name] = max(score, signals.get(name, 0.0))
            merged[key] = replace(
                old,
                signals=tuple(signals.items()),
                evidence="; ".join(dict.fromkeys([old.evidence, s.evidence])),
            )
        else:
            merged[key] = s
    return sorted(
        merged.values(),
        key=lambda s: (-s.score, s.spot.serial or 0, s.spot.source_line or 0, s.found),
    )


def common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of a and b."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return i, j


def span_diff(a: str, b: str) -> tuple[str, str, int]:
    """The smallest differing spans of a and b, grown to two characters for readability."""
    i, j = common_ends(a, b)
    a_end, b_end = len(a) - j, len(b) - j
    if a_end - i < 2 and b_end - i < 2:
        if a_end < len(a) and b_end < len(b):
            a_end, b_end = a_end + 1, b_end + 1
        elif i > 0:
            i -= 1
    return a[i:a_end], b[i:b_end], i


def as_text(value: object) -> str:
    """A text cell, or "" where the document left it blank (None, NA)."""
    return value if isinstance(value, str) else ""


def as_int(value: object) -> int | None:
    """An integer cell, None for a blank one (None, NA, NaN)."""
    if value is None:
        return None
    try:
        return None if value != value else int(value)  # type: ignore[call-overload]
    except TypeError:  # pandas' NA: neither equal nor unequal to itself
        return None
