"""The table's header row and its columns, decided by the page's own geometry.

A header row is anchored on its 通番 label. Its extent comes from what the printing program
drew around it — the fills behind its cells (one per cell, or one for the row), the rules
above and below it — or, for a bare table, from the lines next to the anchor. Inside it the
five labels are found by their words, whatever the spacing, wrapping or letter-spacing
(`vocabulary.HEADER_LABELS`); a label only names a column. Column boundaries come from
vertical rules that cross the header row (a legend box above the table does not), from the
edges of per-cell fills, or else from the text-free gutters of the table body.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from itertools import pairwise

from hotplan.sources.pdf.labels import Label, anchor_char, find_labels
from hotplan.sources.pdf.lines import Line
from hotplan.sources.pdf.page import Char, PdfPage
from hotplan.sources.pdf.table_columns import Columns

FILL_CHAIN_GAP = 6.0  # pt: header cell fills this close side by side form one header row
TEXT_WINDOW = 6  # visual lines above and below the anchor a bare header row may span


@dataclass
class Header:
    columns: Columns
    top: float
    bottom: float
    texts: list[str]
    seen: bool = False


@dataclass(frozen=True)
class Band:
    top: float
    bottom: float
    x0: float
    x1: float
    drawn: bool  # from fills or rules, not from the text alone


def fill_band(page: PdfPage, x: float, y: float) -> Band | None:
    """The header row as the fills behind it: the fill under the anchor and the fills
    beside it at the same height (one per cell in Word and Calc output)."""
    seed = next((f for f in page.fills if f[0] <= x <= f[2] and f[1] <= y <= f[3]), None)
    if seed is None:
        return None
    row = [
        f
        for f in page.fills
        if min(f[3], seed[3]) - max(f[1], seed[1]) >= 0.5 * min(f[3] - f[1], seed[3] - seed[1])
    ]
    row.sort(key=lambda f: f[0])
    chain = [seed]
    for f in (f for f in row if f[0] > seed[0]):  # cells to the right, left to right
        if -1 <= f[0] - chain[-1][2] <= FILL_CHAIN_GAP:
            chain.append(f)
    for f in (f for f in reversed(row) if f[2] < seed[2]):  # to the left, right to left
        if -1 <= min(c[0] for c in chain) - f[2] <= FILL_CHAIN_GAP:
            chain.append(f)
    return Band(
        min(f[1] for f in chain),
        max(f[3] for f in chain),
        min(f[0] for f in chain),
        max(f[2] for f in chain),
        True,
    )


def _rule_run(page: PdfPage, rule: tuple[float, float, float]) -> tuple[float, float]:
    """x extent of the rules at this rule's height that join it end to end (a row of cell
    rectangles draws its top as one rule per cell)."""
    same = sorted((r for r in page.hrules if abs(r[2] - rule[2]) <= 1), key=lambda r: r[0])
    x0, x1 = rule[0], rule[1]
    grown = True
    while grown:
        grown = False
        for r in same:
            if r[0] <= x1 + 2 and r[1] >= x0 - 2 and (r[0] < x0 or r[1] > x1):
                x0, x1, grown = min(x0, r[0]), max(x1, r[1]), True
    return x0, x1


def rule_band(page: PdfPage, anchor: Line, x: float) -> Band | None:
    """The header row as the space between the rules just above and below the anchor."""
    above = [r for r in page.hrules if r[2] <= anchor.top + 1 and r[0] <= x <= r[1]]
    below = [r for r in page.hrules if r[2] >= anchor.bottom - 1 and r[0] <= x <= r[1]]
    if not above or not below:
        return None
    upper = max(above, key=lambda r: r[2])
    lower = min(below, key=lambda r: r[2])
    if lower[2] - upper[2] > 12 * anchor.size:  # no rule close below: not a ruled header
        return None
    (a0, a1), (b0, b1) = _rule_run(page, upper), _rule_run(page, lower)
    return Band(upper[2], lower[2], min(a0, b0), max(a1, b1), True)


def text_band(lines: list[Line], anchor: Line, page: PdfPage, up: int, down: int) -> Band | None:
    """A bare header row: the anchor line and `up`/`down` visual lines above and below it."""
    ordered = sorted(lines, key=lambda line: line.top)
    k = next(i for i, line in enumerate(ordered) if line is anchor)
    if k - up < 0 or k + down >= len(ordered):
        return None
    chosen = ordered[k - up : k + down + 1]
    reach = 1.6 * anchor.size * (TEXT_WINDOW + 0.5)
    if chosen[0].top < anchor.top - reach or chosen[-1].bottom > anchor.bottom + reach:
        return None
    top = min(line.top for line in chosen)
    bottom = max(line.bottom for line in chosen)
    return Band(top - 0.1, bottom + 0.1, 0.0, page.width, False)


def _crossing_rules(page: PdfPage, band: Band, lo: float, hi: float) -> list[float]:
    """x of vertical rules between lo and hi that cross the header row or run from it
    down into the body (a box above the table, such as the legend, does neither)."""
    middle = (band.top + band.bottom) / 2
    return [
        r[0]
        for r in page.vrules
        if lo - 1 <= r[0] <= hi + 1
        and (r[1] <= middle <= r[2] or (r[1] <= band.bottom + 1 and r[2] >= band.bottom + 4))
    ]


def _fill_at(page: PdfPage, band: Band, x: float) -> tuple[float, ...] | None:
    y = (band.top + band.bottom) / 2
    return next((f for f in page.fills if f[0] <= x <= f[2] and f[1] <= y <= f[3]), None)


def column_edges(page: PdfPage, band: Band, labels: list[Label]) -> tuple[list[float], list[bool]]:
    """Table edges and inner boundaries; an inner one is fixed when the page draws it."""
    inner, fixed = [], []
    for a, b in pairwise(labels):
        rules = _crossing_rules(page, band, a.x1, b.x0)
        left, right = _fill_at(page, band, a.x1 - 0.5), _fill_at(page, band, b.x0 + 0.5)
        separate_fills = left and right and left != right and left[2] <= right[0] + 1
        if rules:
            inner.append(statistics.median(rules))
        elif separate_fills:
            inner.append((left[2] + right[0]) / 2)
        else:
            inner.append((a.x1 + b.x0) / 2)
        fixed.append(bool(rules or separate_fills))
    first, last = labels[0], labels[-1]
    slack = max(min(b.x0 - a.x1 for a, b in pairwise(labels)), 2.0)
    left_rules = [x for x in _crossing_rules(page, band, first.x0 - 40, first.x0) if x <= first.x0]
    right_rules = [x for x in _crossing_rules(page, band, last.x1, last.x1 + 40) if x >= last.x1]
    if left_rules:
        left_edge = max(left_rules)
    elif band.drawn:
        left_edge = band.x0
    else:
        left_edge = first.x0 - slack / 2 - 1
    if right_rules:
        right_edge = min(right_rules)
    elif band.drawn:
        right_edge = band.x1
    else:
        right_edge = last.x1 + slack / 2 + 1
    return [left_edge, *inner, right_edge], fixed


def _labels_in(
    page: PdfPage, band: Band, size: float
) -> tuple[list[Label] | tuple[str, ...], list[Char]]:
    chars = [
        c
        for c in page.chars_between(band.top - 0.5, band.bottom + 0.5)
        if band.x0 - 1 <= c.xc <= band.x1 + 1 and c.text.strip()
    ]
    return find_labels(chars, size), chars


def _text_header(page: PdfPage, lines: list[Line], anchor: Line):
    """The bare header row around the anchor: the smallest window of lines whose text is
    the five labels, then grown line by line while it still is (a label wrapped onto a line
    above or below must not be left out)."""
    windows = sorted(
        ((up, down) for up in range(TEXT_WINDOW + 1) for down in range(TEXT_WINDOW + 1)),
        key=lambda w: (w[0] + w[1], w[1]),
    )
    seen: tuple[str, ...] = ()
    for up, down in windows:
        band = text_band(lines, anchor, page, up, down)
        if band is None:
            continue
        labels, chars = _labels_in(page, band, anchor.size)
        if isinstance(labels, tuple):
            seen = max(seen, labels, key=len)
            continue
        for step in ((1, 0), (0, 1)):
            while True:
                wider = text_band(lines, anchor, page, up + step[0], down + step[1])
                if wider is None:
                    break
                more, more_chars = _labels_in(page, wider, anchor.size)
                if isinstance(more, tuple):
                    break
                up, down, band, labels, chars = (
                    up + step[0],
                    down + step[1],
                    wider,
                    more,
                    more_chars,
                )
        return band, labels, chars, ()
    return None, None, [], seen


def read_header(
    page: PdfPage, lines: list[Line], anchor: Line
) -> tuple[Header | None, tuple[str, ...]]:
    """The header row holding the anchor line, or None and the labels that were found."""
    mark = anchor_char(anchor, page.chars)
    if mark is None:
        return None, ()
    x, y = mark.xc, (mark.top + mark.bottom) / 2
    best_seen: tuple[str, ...] = ()
    found = None
    for band in (fill_band(page, x, y), rule_band(page, anchor, x)):
        if band is None:
            continue
        labels, chars = _labels_in(page, band, anchor.size)
        if not isinstance(labels, tuple):
            found = band, labels, chars
            break
        best_seen = max(best_seen, labels, key=len)
    if found is None:
        band, labels, chars, seen = _text_header(page, lines, anchor)
        if band is None:
            return None, max(best_seen, seen, key=len)
        found = band, labels, chars
    band, labels, chars = found
    edges, fixed = column_edges(page, band, labels)
    bottom = band.bottom
    if not band.drawn:
        bottom = max(c.bottom for c in chars if labels[0].x0 <= c.xc <= labels[-1].x1)
    columns = Columns(edges, fixed, [(lab.x0, lab.x1) for lab in labels])
    return Header(columns, band.top, bottom, [lab.text for lab in labels]), ()
