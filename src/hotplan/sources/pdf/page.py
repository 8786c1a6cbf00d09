"""What a PDF reader hands to layout: each page's characters, ruling lines and fills.

Reader-independent, so any PDF library can feed the same layout code. Fake-bold duplicate
characters are removed here (`dedupe`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from math import floor

DEDUPE_TOLERANCE = 1.0  # pt: a second identical glyph this close is fake bold


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    printed: str | None = None  # the code point printed, when text is a mapped form of it

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    hrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, y)
    vrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x, top, bottom)
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0,top,x1,bottom

    @cached_property
    def _by_middle(self) -> tuple[list[float], list[Char]]:
        ordered = sorted(self.chars, key=lambda c: c.top + c.bottom)
        return [(c.top + c.bottom) / 2 for c in ordered], ordered

    def chars_between(self, top: float, bottom: float) -> list[Char]:
        """Characters whose vertical middle lies in [top, bottom]: a band of the page."""
        middles, ordered = self._by_middle
        return ordered[bisect_left(middles, top) : bisect_right(middles, bottom)]


def dedupe(chars: list[Char]) -> list[Char]:
    """Drop fake-bold copies: the same glyph again within DEDUPE_TOLERANCE of a kept one.

    pdfplumber's dedupe_chars does this too but costs about as much as reading the page
    (measured: +85% on a 25-page report), so this is a hashed version of the same rule: kept
    characters are filed by their text and a band of the page 2 × DEDUPE_TOLERANCE high,
    and a copy lies in its original's band or in the neighbour on the side it is close to.
    A band holds a line or two, so few characters share a text in it.
    """
    t = DEDUPE_TOLERANCE
    band = 2 * t
    kept: list[Char] = []
    bands: dict[tuple[str, int], list[Char]] = {}
    get = bands.get
    for ch in chars:
        x0, top, text, size = ch.x0, ch.top, ch.text, ch.size
        f = top / band
        g = floor(f)  # not int(): a glyph above the page's top (top < 0) has its band too
        near = get((text, g))
        if near is None or not _copy(near, x0, top, size, t):
            other = get((text, g - 1 if f - g < 0.5 else g + 1))
            if other is None or not _copy(other, x0, top, size, t):
                kept.append(ch)
                if near is None:
                    bands[text, g] = [ch]
                else:
                    near.append(ch)
    return kept


def _copy(near: list[Char], x0: float, top: float, size: float, t: float) -> bool:
    for o in near:  # noqa: SIM110 (a loop: any() over a generator costs twice as much)
        if abs(o.x0 - x0) <= t and abs(o.top - top) <= t and o.size == size:
            return True
    return False
