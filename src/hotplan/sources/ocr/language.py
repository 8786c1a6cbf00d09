"""Which of two OCR readings of a text cell to keep as its text.

A 担当課 cell: the one the department registry bears out (departments.fits_better).

A 取組の方向性 cell is read at two sizes; on a worn scan each size misreads glyphs the other
reads right (児音委員 at one, 児童委員 at the other; 人簡単 / 簡単). The reading whose
best path through MeCab's lattice costs less is, far more often than not, the right one:
on scans of the 2024 report in four styles, the characters wrong in the cells whose two
readings differ fell from 205 (the first reading always kept) to 130. Both are Tesseract's
readings: nothing is made up, and the cell stays flagged for review."""

from __future__ import annotations

from hotplan.sources.ocr.departments import fits_better
from hotplan.sources.ocr.page import flat

LENGTH_SLACK, LENGTH_SHARE = 3, 0.05  # characters two readings of one cell may differ by
MARKER_LENGTH = 30  # characters within which a 【再掲…】 marker closes


def better_reading(role: str, a: str, b: str, departments: frozenset[str]) -> bool:
    """Is reading a of a cell of this role the better one, b the other?"""
    if role == "departments":
        return fits_better(a, b, departments)
    return role == "direction" and reads_better(a, b)


def reads_better(a: str, b: str) -> bool:
    """Does reading a read more naturally than reading b (a lower lattice cost)? Only
    the prose after a 再掲 marker is weighed (a marker's numerals are no Japanese), and
    only readings of about one length: a reading that lost a line costs less too."""
    a, b = _prose(flat(a)), _prose(flat(b))
    if a == b or abs(len(a) - len(b)) > max(LENGTH_SLACK, LENGTH_SHARE * len(b)):
        return False
    from hotplan.typos.lattice import grammar  # MeCab: loaded only where two readings differ

    cost = grammar().cost
    return cost(a) < cost(b)


def _prose(text: str) -> str:
    """text without a leading 【再掲…】 marker (its 【 may be lost)."""
    end = text.find("】", 0, MARKER_LENGTH)
    return text[end + 1 :] if end >= 0 else text
