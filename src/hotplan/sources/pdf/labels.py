"""The header row's five labels, found by their words whatever the spacing, wrapping or
letter-spacing (`vocabulary.HEADER_LABELS`), and its 通番 anchor."""

from __future__ import annotations

import unicodedata
from bisect import bisect
from dataclasses import dataclass
from functools import cache, lru_cache

from hotplan import vocabulary as v
from hotplan.sources.pdf.lines import LINE_TOLERANCE, Line, cluster_lines, merge_spans
from hotplan.sources.pdf.page import Char

BLOCK_GAP = 0.15  # × font size: chars closer than this belong to one block of a label
LABEL_BLOCKS = 24  # a label is at most this many blocks (letter-spaced: one per character)


def squeeze(text: str) -> str:
    """Label text for matching: no spaces or line breaks, compatibility forms folded."""
    return unicodedata.normalize("NFKC", "".join(text.split()))


def anchor_char(line: Line, chars: list[Char]) -> Char | None:
    """The first character of the 通番 label in the line, whether the label is printed on
    the line (`通番`, `通　番`) or wrapped down a narrow column (`通` over `番`)."""
    first, second = v.HEADER_ANCHOR
    marks = [c for c in line.chars if c.text.strip()]
    for i, c in enumerate(marks):
        if c.text != first:
            continue
        if squeeze("".join(x.text for x in marks[i : i + 4])).startswith(v.HEADER_ANCHOR):
            return c
        below = [
            x
            for x in chars
            if x.text.strip()
            and 0.5 * c.size <= x.top - c.top <= 2.5 * c.size
            and x.x0 < c.x1
            and x.x1 > c.x0
        ]
        if below and min(below, key=lambda x: x.top).text == second:
            return c
    return None


@dataclass(frozen=True)
class Label:
    text: str
    x0: float
    x1: float


class _Grouping:
    """The header band's text blocks and which runs of them read as which label."""

    def __init__(self, chars: list[Char], size: float) -> None:
        self.size = size
        self.blocks = merge_spans([(c.x0, c.x1) for c in chars], tolerance=BLOCK_GAP * size)
        members: list[list[Char]] = [[] for _ in self.blocks]
        starts = [b[0] for b in self.blocks]
        for c in chars:
            members[bisect(starts, c.x0) - 1].append(c)
        # Each block's lines once: (top, x0, text without spacing).
        self.pieces = [
            [(line.top, line.x0, "".join(line.text.split())) for line in cluster_lines(m, 0)]
            for m in members
        ]
        self.text = cache(self._text)
        self.matches = cache(self._matches)
        self.rest = cache(self._rest)

    def _text(self, i: int, j: int) -> str:
        """A label as printed, read line by line, without its spacing (`通　番` is 通番)."""
        group = sorted(p for block in self.pieces[i : j + 1] for p in block)
        lines: list[list[tuple[float, float, str]]] = []
        for piece in group:
            if lines and piece[0] - lines[-1][0][0] <= LINE_TOLERANCE * self.size:
                lines[-1].append(piece)
            else:
                lines.append([piece])
        return "".join(p[2] for line in lines for p in sorted(line, key=lambda p: p[1]))

    def _matches(self, k: int, i: int, j: int) -> bool:
        return bool(v.HEADER_LABELS[k][1].fullmatch(squeeze(self.text(i, j))))

    def ends(self, i: int) -> range:
        return range(i, min(len(self.blocks), i + LABEL_BLOCKS))

    def _rest(self, i: int, k: int) -> tuple[int, ...] | None:
        """Ends of the groups for labels k.. when label k starts at block i."""
        if k == v.ROW_CELLS:
            return ()
        # Longest first: a label is read whole (`2024年度進捗評価`, not `2024年度…評価`).
        for end in reversed(self.ends(i)):
            if self.matches(k, i, end):
                after = self.rest(end + 1, k + 1)
                if after is not None:
                    return (end, *after)
        return None

    def seen(self) -> tuple[str, ...]:
        """The labels that some run of blocks reads as (for the error message)."""
        return tuple(
            name
            for k, (name, _) in enumerate(v.HEADER_LABELS)
            if any(self.matches(k, i, j) for i in range(len(self.blocks)) for j in self.ends(i))
        )


def find_labels(chars: list[Char], size: float) -> list[Label] | tuple[str, ...]:
    """The five labels in order, or the labels that were found (for the error message).

    The band's characters are cut into blocks at every clear gap; consecutive blocks are
    grouped so that each group's text is one label (dynamic programming over the blocks,
    so letter-spaced labels and labels wrapped over lines are found whole). Text before
    the first label (beside the header row) is skipped. A document repeats its header row
    on every page: the same characters in the same places are read once."""
    top = min((c.top for c in chars), default=0.0)
    shape = tuple(
        (c.text, c.x0, c.x1, round(c.top - top, 3), round(c.bottom - top, 3), c.size) for c in chars
    )
    found = _labels_of(shape, size)
    return list(found) if isinstance(found, list) else found


@lru_cache(maxsize=32)
def _labels_of(shape: tuple, size: float) -> list[Label] | tuple[str, ...]:
    """find_labels of characters given by their shape (text and place, tops relative)."""
    grouping = _Grouping([Char(*c) for c in shape], size)
    for start in range(len(grouping.blocks)):
        ends = grouping.rest(start, 0)
        if ends is not None:
            break
    else:
        return grouping.seen()
    labels = []
    for end in ends:
        text = grouping.text(start, end)
        labels.append(Label(text, grouping.blocks[start][0], grouping.blocks[end][1]))
        start = end + 1
    return labels
