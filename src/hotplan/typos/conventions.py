"""Printing conventions: Latin letters for the goal's Roman numeral (I for Ⅰ), headings
numbered out of sequence (the same ② printed twice), a bracket left open or closed by
another kind (「…）): OCR reads 」 as J or 亅, and a hurried hand forgets it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

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


# Brackets as printed: full and half width close each other (（P.57) is a printing variant).
BRACKETS = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "〈": "〉",
    "《": "》",
    "［": "］",
}
# What OCR reads a closing bracket as.
CLOSING_LOOKALIKES = {"「": "J亅｣]", "『": "J亅", "（": "]I|", "(": "]I|", "【": "]"}
WIDTHS = {"（": "(", "(": "（", "）": ")", ")": "）"}
# A closing bracket after an item's number or letter opens nothing: 1) 2) a)
ENUMERATOR = regex.compile(r"(?:^|[\s、。・：:])[0-9０-９a-zA-Zａ-ｚＡ-Ｚ]$")


def bracket_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    """A bracket that is not closed, closed by another kind, or closes nothing."""
    closing = {c: o for o, c in BRACKETS.items()}
    for spot in spots:
        text, open_at = spot.text, []
        for i, ch in enumerate(text):
            if ch in BRACKETS:
                open_at.append(i)
            elif ch in closing:
                if open_at and _closes(text[open_at[-1]], ch):
                    open_at.pop()
                elif open_at:
                    expected = BRACKETS[text[open_at.pop()]]
                    yield _bracket(spot, i, expected, "evidence.bracket_kind")
                elif not ENUMERATOR.search(text[:i]):
                    yield _bracket(spot, i, "", "evidence.bracket_unopened")
        for i in open_at:
            # A closing bracket read as a look-alike (」 as J) before the next opening.
            after = text[i + 1 :]
            stop = min((k for k in map(after.find, BRACKETS) if k >= 0), default=len(after))
            alike = [
                k for k, c in enumerate(after[:stop]) if c in CLOSING_LOOKALIKES.get(text[i], "")
            ]
            if alike:
                j = i + 1 + alike[0]
                yield _bracket(spot, j, BRACKETS[text[i]], "evidence.bracket_lookalike")
            else:
                yield _bracket(spot, i, "", "evidence.bracket_unclosed")


def _closes(opening: str, ch: str) -> bool:
    return ch in (BRACKETS[opening], WIDTHS.get(BRACKETS[opening]))


def _bracket(spot: Spot, i: int, suggestion: str, key: str) -> Suspect:
    """The bracket and the characters around it; the suggestion replaces the bracket."""
    text = spot.text
    start = max(0, i - 4)
    found = text[start : i + 5]
    proposed = found[: i - start] + suggestion + found[i - start + 1 :] if suggestion else ""
    evidence = t(key, bracket=text[i], expected=suggestion, found=found)
    return Suspect(
        "bracket", spot, found, proposed, (("convention.bracket", 0.6),), evidence, start
    )
