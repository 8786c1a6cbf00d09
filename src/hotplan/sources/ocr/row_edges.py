"""Where an unruled table's rows part: at a printed rule between two lines however close
it runs to them, at a change of shading (a header's fill ends, zebra rows), at the
taller of the two sizes of white gap between lines (a row's padding), and, where none of
these says, at each line a 通番 starts."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from hotplan.sources.ocr.rule_pieces import Rule

ROW_JUMP = 1.5  # a gap this many times the next smaller one starts the taller gaps (rows)
# Grey levels between the grounds behind two lines for them to stand on two shadings (a
# header's fill and a white row: ~40; a zebra row's F2F2F2 and white: 13; one ground
# under grain: 1–2)
GROUND_STEP = 8


def row_edges(
    body: list[tuple[int, int]],
    rows: list[np.ndarray],
    walls: list[int],
    hrules: list[Rule],
    box: tuple[int, int, int, int],
    height: float,
    grey: np.ndarray | None,
    ink: np.ndarray,
) -> tuple[list[tuple[int, int]], list[Rule]]:
    """The (top, bottom) of each edge between a table's rows, its own top and foot
    first and last, and the synthetic rules drawn where no printed rule stands. body:
    the table's text lines; rows: their inked columns; walls: the column walls; box: the
    table's; height: a text line's on the page."""
    x0, y0, x1, y1 = box
    breaks = set(_row_breaks(body, height))
    grounds = [_ground(grey, ink, line, (x0, x1)) for line in body]
    ruled = {
        i: [
            r
            for r in hrules
            if body[i - 1][1] <= r.y <= body[i][0] and r.x1 - r.x0 >= (x1 - x0) / 2
        ]
        for i in range(1, len(body))
    }
    breaks |= {i for i in ruled if ruled[i] or abs(grounds[i] - grounds[i - 1]) >= GROUND_STEP}
    breaks |= _numbered(rows, walls[:2], breaks)
    edges, drawn = [(y0, y0)], []
    for i in sorted(breaks):
        if ruled[i]:
            edges.append((min(r.y0 for r in ruled[i]), max(r.y1 for r in ruled[i])))
        else:  # the middle of the gap
            middle = (body[i - 1][1] + body[i][0]) // 2
            edges.append((middle, middle))
            drawn.append(Rule(x0, middle, x1, middle + 1))
    edges.append((y1, y1))
    return edges, drawn


def _row_breaks(lines: list[tuple[int, int]], height: float) -> list[int]:
    """Indexes i where a new row starts at lines[i]: the gaps before them are the taller
    kind (a row's padding) where the gaps come in two sizes, else those a text line
    (height) tall or more."""
    gaps = [b[0] - a[1] for a, b in pairwise(lines)]
    if not gaps:
        return []
    ordered = sorted(gaps)
    threshold = height  # one size of gap only: a gap a line tall parts rows
    for small, large in pairwise(ordered):
        if large >= ROW_JUMP * max(small, 1) and large >= 0.5 * height:
            threshold = (small + large) / 2  # between the two sizes: rows' gaps vary too
            break
    return [i + 1 for i, gap in enumerate(gaps) if gap >= threshold]


def _numbered(rows: list[np.ndarray], first: list[int], breaks: set[int]) -> set[int]:
    """Row starts the 通番 column tells where nothing else does: each measure has one
    number there, so two numbered lines with no row edge between them are two rows, the
    second starting at its number (a word processor sets a cell's text at its top). A
    pale or black-and-white copy of rows set as close as a row's own lines, told apart
    by a zebra shading only, lost the shading. rows: the block's lines' inked columns;
    first: the first column's walls."""
    left, right = first
    numbered = [i for i, row in enumerate(rows) if row[left:right].any()]
    return {
        later
        for earlier, later in pairwise(numbered)
        if not any(earlier < i <= later for i in breaks)
    }


def _ground(
    grey: np.ndarray | None, ink: np.ndarray, line: tuple[int, int], span: tuple[int, int]
) -> float:
    """How bright the paper or shading is behind a line of a table (its grey where there
    is no ink, the median); 255 without a grey picture."""
    if grey is None:
        return 255.0
    (a, b), (x0, x1) = line, (max(0, span[0]), span[1])
    behind = grey[a:b, x0:x1][ink[a:b, x0:x1] == 0]
    return float(np.median(behind)) if behind.size else 255.0
