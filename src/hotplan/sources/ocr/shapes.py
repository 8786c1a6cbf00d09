"""Latin glyphs Tesseract cannot tell apart by shape: 0 and O, 1 and l and I. Where a
word mixes digits and letters next to such a glyph (0G for OG, 1O for 10), its reading
is a coin toss, so the cell is shown to the reviewer, never changed."""

from __future__ import annotations

import regex

SAME_SHAPE_RE = regex.compile(r"[A-Za-z][01]|[01][A-Za-z]|[0-9][OolI]|[OolI][0-9]")


def same_shape(text: str) -> str | None:
    """The first digit and letter side by side in text that one shape could be either of."""
    m = SAME_SHAPE_RE.search(text)
    return m.group() if m else None
