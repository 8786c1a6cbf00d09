"""Printing conventions: Latin letters for the goal's Roman numeral (I for Ⅰ), headings
numbered out of sequence (the same ② printed twice), a bracket left open or closed by
another kind (「…）): OCR reads 」 as J or 亅 and 「 as ！, and a hurried hand forgets
one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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
CLOSING = {c: o for o, c in BRACKETS.items()}
# What OCR reads a closing bracket as.
CLOSING_LOOKALIKES = {"「": "J亅｣]|｜", "『": "J亅", "（": "]I|", "(": "]I|", "【": "]"}
# What OCR reads an opening bracket as, by the closing bracket printed after it: a Gothic
# 「 is a thin hook, read as ！ or |.
OPENING_LOOKALIKES = {"」": "！!|｜", "）": "|｜", ")": "|｜"}
WIDTHS = {"（": "(", "(": "（", "）": ")", ")": "）"}
# A closing bracket after an item's number or letter opens nothing: 1) 2) a)
ENUMERATOR = regex.compile(r"(?:^|[\s、。・：:])[0-9０-９a-zA-Zａ-ｚＡ-Ｚ]$")
# Evidence keys of a look-alike read for a bracket, which OCR may set right.
LOOKALIKE_KEYS = ("evidence.bracket_lookalike", "evidence.bracket_opening")


@dataclass(frozen=True, order=True)
class BracketSlip:
    at: int  # index of the character in the text
    bracket: str  # the bracket it should be ('' where none can be said)
    key: str  # the evidence's message key


def bracket_slips(text: str) -> list[BracketSlip]:
    """Each bracket that is not closed, closed by another kind, or closes nothing, and
    each look-alike read for the bracket that would pair it (」 as J, 「 as ！)."""
    out, open_at = [], []
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            open_at.append(i)
        elif ch in CLOSING:
            if open_at and _closes(text[open_at[-1]], ch):
                open_at.pop()
            elif open_at:
                out.append(BracketSlip(i, BRACKETS[text[open_at.pop()]], "evidence.bracket_kind"))
            elif (j := _opened_alike(text, i)) is not None:
                out.append(BracketSlip(j, CLOSING[ch], "evidence.bracket_opening"))
            elif not ENUMERATOR.search(text[:i]):
                out.append(BracketSlip(i, "", "evidence.bracket_unopened"))
    for i in open_at:
        # A closing bracket read as a look-alike (」 as J) before the next opening.
        after = text[i + 1 :]
        stop = min((k for k in map(after.find, BRACKETS) if k >= 0), default=len(after))
        alike = [k for k, c in enumerate(after[:stop]) if c in CLOSING_LOOKALIKES.get(text[i], "")]
        if alike:
            out.append(
                BracketSlip(i + 1 + alike[0], BRACKETS[text[i]], "evidence.bracket_lookalike")
            )
        else:
            out.append(BracketSlip(i, "", "evidence.bracket_unclosed"))
    return sorted(out)


def misread_brackets(text: str) -> list[BracketSlip]:
    """The look-alikes OCR read for a bracket that would pair an unpaired one (」 as J,
    「 as ！), each with the bracket it stands for."""
    return [s for s in bracket_slips(text) if s.key in LOOKALIKE_KEYS]


def _opened_alike(text: str, i: int) -> int | None:
    """Where the closing bracket at i, which closes nothing, was opened by a look-alike
    (「 read as ！): the nearest one before it outside the pairs it encloses ((仮称) in
    「(仮称)…」), print between the two (a ！ just before 」 ends an exclamation whose
    opening bracket was lost), and no bracket left open between."""
    alike, depth = OPENING_LOOKALIKES.get(text[i], ""), 0
    for k in range(i - 1, -1, -1):
        if text[k] in CLOSING:
            depth += 1
        elif text[k] in BRACKETS:
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and k < i - 1 and text[k] in alike:
            return k
    return None


def bracket_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    """A bracket that is not closed, closed by another kind, or closes nothing."""
    for spot in spots:
        for slip in bracket_slips(spot.text):
            yield _bracket(spot, slip.at, slip.bracket, slip.key)


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
