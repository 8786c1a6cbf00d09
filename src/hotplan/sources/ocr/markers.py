"""Relisted markers whose goal numeral OCR read as nothing a look-alike table knows.

`【再掲Ⅲ-1-(1)-①】` in a small Mincho face comes back as `【再掲四-1-(1)-①】`, `【再掲邊-…`,
`【再掲【-…` or `(再掲[2-(2)…`: the numeral a glyph of any shape, the bracket another bracket,
a dash lost or moved (`(1)③-】`), or the numeral lost with its dash (`【再掲2-(2)-①】`).
The rest of the code survives, and a copy repeats its original's text, so the goal is the
one of the row under the same policy, section and subsection whose text is most like the
copy's, when exactly one goal has such a row. The marker is then written as the document
prints it, with an info finding that keeps the reading; a marker no row explains is left
as read."""

from __future__ import annotations

from dataclasses import replace

import regex

from hotplan import vocabulary as v
from hotplan.document.parse import SourceLine
from hotplan.document.relisted import similarity
from hotplan.findings import Finding, Severity
from hotplan.messages import t

_DASH = r"[-－‐−]"
MARKER_RE = regex.compile(
    rf"^\s*[【\[［(（〔]\s*再掲\s*(?P<num>[^\s\d]{{0,3}}?)\s*{_DASH}?\s*(?P<policy>\d+)\s*{_DASH}\s*"
    rf"[(（]\s*(?P<section>\d+)\s*[)）](?:\s*{_DASH}?\s*(?P<subsection>{v.CIRCLED}))?\s*"
    rf"{_DASH}?\s*[】\]］)）〕]\s*"
)

Place = tuple[int, int, int, int]  # goal, policy, section, subsection of a table row


def match_markers(
    lines: list[SourceLine], places: dict[int, Place]
) -> tuple[list[SourceLine], list[Finding]]:
    """lines with each unreadable marker written out where one goal explains it; places:
    the heading place of each table row, by its index in lines."""
    out, findings = list(lines), []
    texts = {i: _direction(lines[i]) for i in places}
    for i, cell in texts.items():
        m = None if v.RELISTED_RE.match(cell) else MARKER_RE.match(cell)
        if m is None:
            continue
        goal = _goal(m, cell[m.end() :], i, places, texts)
        numeral = v.int_to_roman(goal) if goal is not None else ""
        if not regex.fullmatch(v.ROMAN_CHARS, numeral):
            continue  # no goal explains it, or one past the Roman numerals
        sub = f"-{m['subsection']}" if m["subsection"] else ""
        code = f"{numeral}-{m['policy']}-({m['section']}){sub}"
        fixed = f"【再掲{code}】{cell[m.end() :]}"
        line = lines[i]
        assert line.cells is not None
        cells = (*line.cells[: v.DIRECTION], fixed, *line.cells[v.DIRECTION + 1 :])
        out[i] = replace(line, cells=cells, text="\t".join(cells))
        # The numeral read right, a dash lost or moved: only the form is the document's.
        key = "msg.ocr.relisted_form" if m["num"] == numeral else "msg.ocr.relisted_matched"
        findings.append(
            Finding(
                Severity.INFO,
                "ocr.heading_read",
                t(key, read=m.group().strip(), code=code),
                source_page=line.page,
                field="direction_raw",
                found=m.group().strip(),
                suggestion=f"【再掲{code}】",
            )
        )
    return out, findings


def _direction(line: SourceLine) -> str:
    cells = line.cells or ()
    return cells[v.DIRECTION] if len(cells) > v.DIRECTION else ""


def _goal(
    m: regex.Match, text: str, copy: int, places: dict[int, Place], texts: dict[int, str]
) -> int | None:
    """The one goal whose row under the marker's place reads most like the copy's text."""
    policy, section = int(m["policy"]), int(m["section"])
    subsection = v.circled_to_int(m["subsection"]) if m["subsection"] else None
    best: dict[int, float] = {}
    for j, (goal, p, s, sub) in places.items():
        if j == copy or (p, s) != (policy, section) or subsection not in (None, sub):
            continue
        if v.RELISTED_RE.match(texts[j]) or MARKER_RE.match(texts[j]):
            continue  # another copy: not the original
        best[goal] = max(best.get(goal, 0.0), similarity(text, texts[j]))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < v.RELISTED_MIN_SIMILARITY:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
        return None  # two goals explain it alike
    return ranked[0][0]
