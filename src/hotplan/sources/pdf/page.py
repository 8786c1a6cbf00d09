"""What a PDF reader hands to layout: each page's characters, ruling lines and fills.

Reader-independent, so any PDF library can feed the same layout code. Fake-bold duplicate
characters are removed here (`dedupe`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

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
    (measured: +85% on a 25-page report), so this is a grid-hash version of the same rule:
    a copy lies in its original's grid cell or in the neighbour on the side it is close to.
    """
    t = DEDUPE_TOLERANCE
    cell = 2 * t  # anything within t lies in this cell or the neighbour on the near side
    kept: list[Char] = []
    grid: dict[tuple, list[Char]] = {}
    for ch in chars:
        x0, top = ch.x0, ch.top
        fx, fy = x0 / cell, top / cell
        gx, gy = int(fx), int(fy)
        nx = gx - 1 if fx - gx < 0.5 else gx + 1
        ny = gy - 1 if fy - gy < 0.5 else gy + 1
        text, size = ch.text, ch.size
        copy = False
        for cx, cy in ((gx, gy), (nx, gy), (gx, ny), (nx, ny)):
            near = grid.get((text, size, cx, cy))
            if near and any(abs(o.x0 - x0) <= t and abs(o.top - top) <= t for o in near):
                copy = True
                break
        if not copy:
            kept.append(ch)
            grid.setdefault((text, size, gx, gy), []).append(ch)
    return kept
