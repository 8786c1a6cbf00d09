"""Printing conventions: Latin letters for the goal's Roman numeral (I for Ⅰ), headings
numbered out of sequence (the same ② printed twice)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from hotplan import vocabulary as v
from hotplan.document.parse import Heading, Level
from hotplan.findings import Finding
from hotplan.messages import t
from hotplan.typos.suspects import Item, Spot, Suspect, as_text


def latin_numeral_suspects(headings: list[Heading], items: list[Item]) -> Iterator[Suspect]:
    """Latin letters where the document prints Roman-numeral characters (I for Ⅰ)."""
    for h in headings:
        if h.level is Level.GOAL and not regex.fullmatch(v.ROMAN_CHARS, h.printed):
            spot = Spot.of_heading(h, field="goal", text=h.printed)
            yield Suspect(
                "latin_numeral",
                spot,
                h.printed,
                v.int_to_roman(h.number),
                (("convention.roman_numeral", 0.6),),
                t("evidence.latin_goal"),
            )
    for row in items:
        m = v.RELISTED_RE.match(as_text(row.direction_raw))
        if m and not regex.fullmatch(v.ROMAN_CHARS, m["goal"]):
            spot = Spot("relisted_code", m.string, row.serial, row.source_line, row.source_page)
            yield Suspect(
                "latin_numeral",
                spot,
                m["goal"],
                v.int_to_roman(v.roman_to_int(m["goal"])),
                (("convention.roman_numeral", 0.6),),
                t("evidence.latin_relisted"),
                m.start("goal"),
            )


def numbering_suspects(findings: list[Finding]) -> Iterator[Suspect]:
    """Headings numbered out of sequence (the same ② printed for two subsections)."""
    for f in findings:
        if f.check == "heading.numbering":
            spot = Spot(f.field or "", f.found or "", None, f.source_line, f.source_page)
            yield Suspect(
                "numbering",
                spot,
                f.found or "",
                f.suggestion or "",
                (("consistency.numbering", 0.5),),
                f.message,
            )
