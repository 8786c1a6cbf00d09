"""A scanned table's header row: which column each label names, and the labels as the
layout knows them (OCR misreads a label now and then; the layout finds the table by them)."""

from __future__ import annotations

import statistics
import unicodedata
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.sources.pdf.labels import squeeze

if TYPE_CHECKING:
    from hotplan.sources.ocr.engine import TextLine
    from hotplan.sources.ocr.page import OcrCell

ROLES = ("serial", "measure_no", "departments", "direction", "rating")
LABEL_LIKE = 80  # rapidfuzz ratio of a misread label to its name (取組の方向人性: 92)
# A header's two long labels are this like their names on average, each at least
# LABEL_FLOOR: 担当際/掲載 (77) beside 取組の方向性 (100), a black-and-white 150 dpi scan's
# 担当昌/掲載P (86) beside 取組の方向性 read 取坦の方交性 (67). A measure's 担当課 is never
# like 担当課/掲載P (福祉総務課: 40), nor its 取組の方向性 like that label.
LABEL_MEAN, LABEL_FLOOR = 75, 60
# A row whose every cell reads no longer than LABEL_CHARS (a label's length, with a few
# misread glyphs: 2024年度進捗評価 is 10) is a header with two labels read in their own
# columns: a standard-mode fax of a navy header read 通番 as ET, 取組の方向性 as 取過の万同性
# and the rating's label as yi. A measure's row reads longer (its 取組の方向性), and
# reads no two labels in their columns.
LABEL_CHARS = 16


def header_roles(texts: list[str]) -> list[str] | None:
    """Roles of a header row's cells by their labels; None unless most labels are there
    (or two, in their own columns, in a row of label-short cells: LABEL_CHARS)."""
    roles: list[str] = []
    found = 0
    for text in texts:
        key = squeeze(text)
        role = next(
            (ROLES[i] for i, (_, pattern) in enumerate(v.HEADER_LABELS) if pattern.search(key)),
            None,
        )
        found += role is not None
        roles.append(role or "text")
    placed = sum(role == own for role, own in zip(roles, ROLES, strict=False))
    short = all(len(squeeze(text)) <= LABEL_CHARS for text in texts)
    if found < v.ROW_CELLS - 2 and not (short and placed >= v.ROW_CELLS - 3):
        return None
    roles = [role if role != "text" else ROLES[i] for i, role in enumerate(roles)]
    for i, role in enumerate(roles):
        # A label read twice (specks in a wide noisy cell read as …NO…): the one out of
        # the document's order is given its place's role.
        if roles.count(role) > 1 and role != ROLES[i]:
            roles[i] = ROLES[i]
    return roles if len(set(roles)) == len(roles) else None


def label_texts(texts: list[str], roles: list[str], year: str | None) -> list[str]:
    """A recognised header row's labels as the layout knows them: a label OCR misread is
    given its name (the rating's with the year read from its digits, or without a year
    where none could be read: headings.py gives it the document's), so the table's header
    row is found."""
    out = []
    for text, role in zip(texts, roles, strict=True):
        name, pattern = v.HEADER_LABELS[ROLES.index(role)]
        if not pattern.fullmatch(squeeze(text)):
            text = name
            if role == "rating":
                text = f"{year}{name}" if year else v.RATING_LABEL_BARE
        out.append(text)
    return out


def read_as_labels(cells: list[OcrCell]) -> bool:
    """Did a row read as measures read its text columns as the header's labels, or as
    near them as a few misread glyphs leave them (LABEL_MEAN: 取組の方向人性, a 150 dpi
    scan's 担当際/掲載)? A measure's 担当課 and 取組の方向性 are never that close to both."""
    texts = {c.role: squeeze(c.text) for c in cells}
    likeness = []
    for role in ("departments", "direction"):
        name, pattern = v.HEADER_LABELS[ROLES.index(role)]
        text = texts.get(role, "")
        matched = bool(pattern.fullmatch(text))
        likeness.append(100.0 if matched else fuzz.ratio(text, squeeze(name)))
    return min(likeness) >= LABEL_FLOOR and sum(likeness) / len(likeness) >= LABEL_MEAN


def label_foot(lines: list[list[TextLine]], roles: list[str]) -> int | None:
    """Where a row printed inside a header row's cells starts (its first line's top, in
    the page's pixels), or None. An unruled table that a black-and-white copy left no
    shading prints its first row, or a measure run on from the page before, a line's
    gap under the labels, and nothing parts the two. A cell's label is its lines from
    the top while they read as a label begun (regex's partial match), or its first lines
    that read nearly as its name (担当晶/掲載P); the lines after a whole label are a row's
    where they all stand below every cell's label, by half a line at least (the middles
    of lines compared: a highlighter over a row's first line makes its box taller). A
    label read as neither is its lines above that row (a highlighter over a navy
    header's foot hid the rule under it, and 取組施策No. read 議EX)); where no label
    reads whole with a line after it, nothing is parted off."""
    labels: list[TextLine] = []
    rows: list[TextLine] = []
    unread: list[list[TextLine]] = []
    for found, role in zip(lines, roles, strict=True):
        name, pattern = v.HEADER_LABELS[ROLES.index(role)]
        ordered = sorted((line for line in found if _lettered(line)), key=lambda ln: ln.box[1])
        read, k = "", 0
        while k < len(ordered) and pattern.fullmatch(read + _text(ordered[k]), partial=True):
            read, k = read + _text(ordered[k]), k + 1
        whole = bool(pattern.fullmatch(read))
        if not whole:
            like = (n for n in range(1, len(ordered) + 1) if _like(ordered[:n], name))
            k = next(like, 0)
            whole = k > 0
        if not whole:
            unread.append(ordered)
            continue
        labels += ordered[:k]
        rows += ordered[k : k + 1]
    if not rows or not labels:
        return None
    first = min(_middle(line) for line in rows)
    labels += [line for ordered in unread for line in ordered if _middle(line) < first]
    half = statistics.median(line.box[3] - line.box[1] for line in labels) / 2
    return min(line.box[1] for line in rows) if first >= max(map(_middle, labels)) + half else None


def _middle(line: TextLine) -> float:
    return (line.box[1] + line.box[3]) / 2


def _like(lines: list[TextLine], name: str) -> bool:
    return fuzz.ratio("".join(_text(line) for line in lines), squeeze(name)) >= LABEL_LIKE


def _text(line: TextLine) -> str:
    return squeeze("".join(g.text for g in line.glyphs))


def _lettered(line: TextLine) -> bool:
    """Does a line hold a letter or a digit (a speck of a shading's grain read as `、` or
    `-` is neither a label's line nor a row's)?"""
    return any(unicodedata.category(g.text[:1])[0] in "LN" for g in line.glyphs if g.text)
