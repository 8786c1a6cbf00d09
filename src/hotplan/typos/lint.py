"""Find the document's OCR and typing errors: ranked suspects for a person to review.

Independent signals, each a small detector; a suspect seen by two raises its score
(score = 1 - Π(1 - s)). Nothing here changes the text: suspects become `typo.*` warnings
and rows of review.csv; only reviewed corrections (corrections.py) change anything.

Signals: the department registry (edit distance, look-alike kanji, names run together);
consistency inside the document (a 再掲 copy against its original, a heading printed on
many pages against its majority); the dictionary (unknown katakana words one or two kana
edits from common words, isolated kanji whose look-alike makes a word); the document's own
spellings (a Latin-letter word one slip from one printed more often: NOP beside NPO);
printing conventions (Latin I for Ⅰ, repeated ①② numbering); a character printed in its twin
script (一 for ー, カ for 力: twins.py, whose suspects speak for their place); a character
read as two (か゛, 氵舌: detached.py); a character in the wrong form (ｻｰﾋﾞｽ, サポ−ター, a
Latin comma among 、: forms.py); a word in another word's kanji of the same reading (健闘
for 検討: homophones.py); prose read by a morphological lattice (prose.py). Not caught:
errors that leave real, well-formed words (wrong particles, word order, a real word in the
wrong place in prose).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hotplan.document.parse import Heading
from hotplan.findings import Finding, Severity
from hotplan.messages import catalog, t
from hotplan.typos import dictionary as d
from hotplan.typos.consistency import heading_suspects, relisted_suspects
from hotplan.typos.conventions import (
    bracket_suspects,
    latin_numeral_suspects,
    numbering_suspects,
)
from hotplan.typos.departments import department_suspects
from hotplan.typos.detached import detached_suspects
from hotplan.typos.forms import form_suspects
from hotplan.typos.homophones import homophone_suspects
from hotplan.typos.kanji import kanji_suspects
from hotplan.typos.katakana import katakana_suspects, short_katakana_suspects
from hotplan.typos.latin import latin_suspects
from hotplan.typos.lattice import grammar
from hotplan.typos.lookalikes import glyph_similarity, lookalikes
from hotplan.typos.prose import prose_suspects
from hotplan.typos.registry import Registry
from hotplan.typos.suspects import Item, Spot, Suspect, as_int, merge
from hotplan.typos.twins import explained, twin_suspects

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Lint:
    suspects: list[Suspect] = field(default_factory=list)

    def review(self) -> pd.DataFrame:
        """The suspects as review rows, all pending."""
        from hotplan.typos.review import typed_review  # pandas: not in the lint's helper

        return typed_review(
            [
                {
                    "id": s.id,
                    "score": s.score,
                    "serial": s.spot.serial,
                    "field": s.spot.field,
                    "source_page": s.spot.source_page,
                    "source_line": s.spot.source_line,
                    "found": s.found,
                    "suggestion": s.suggestion,
                    "context": s.context,
                    "signals": " ".join(name for name, _ in s.signals),
                    "evidence": s.evidence,
                    "status": "pending",
                    "decision": "",
                }
                for s in self.suspects
            ]
        )

    def findings(self) -> list[Finding]:
        return [
            Finding(
                Severity.WARNING,
                f"typo.{s.kind}",
                t("msg.typo", score=f"{s.score:.2f}", evidence=s.evidence),
                serial=s.spot.serial,
                field=s.spot.field,
                source_page=s.spot.source_page,
                source_line=s.spot.source_line,
                found=s.found,
                suggestion=s.suggestion,
            )
            for s in self.suspects
        ]


def lint_items(items: pd.DataFrame) -> list[Item]:
    """The items table as the lint reads it: plain values, None for a blank cell."""

    def text(value: object) -> str | None:
        return value if isinstance(value, str) else None

    return [
        Item(
            as_int(row.serial),
            text(row.direction),
            text(row.direction_raw),
            text(row.departments_raw),
            tuple(row.departments) if isinstance(row.departments, list | tuple) else (),
            as_int(row.relisted_serial),
            as_int(row.source_line),
            as_int(row.source_page),
        )
        for row in items.itertuples(index=False)
    ]


def text_spots(items: list[Item], headings: list[Heading]) -> list[Spot]:
    spots = [
        Spot("direction", row.direction, row.serial, row.source_line, row.source_page)
        for row in items
        if row.direction is not None
    ]
    seen: set[tuple] = set()
    for h in headings:
        key = (h.level, h.number, h.title)
        if key not in seen:
            seen.add(key)
            spots.append(Spot.of_heading(h))
    return spots


def lint_typos(
    items: list[Item],
    headings: list[Heading],
    findings: list[Finding],
    registry: Registry,
    rejected: frozenset[str] = frozenset(),
) -> Lint:
    spots = text_spots(items, headings)
    corpus = "\n".join(s.text for s in spots)
    words = Counter(t.surface for s in spots for t in d.tokenize(s.text))
    suspects = merge(
        explained(
            [
                *department_suspects(items, registry),
                *katakana_suspects(spots, words),
                *short_katakana_suspects(spots),
                *twin_suspects(spots),
                *detached_suspects(spots),
                *form_suspects(spots),
                *kanji_suspects(spots),
                *homophone_suspects(spots),
                *relisted_suspects(items, corpus),
                *heading_suspects(headings),
                *latin_numeral_suspects(headings, items),
                *latin_suspects(spots),
                *numbering_suspects(findings),
                *bracket_suspects(spots),
                *prose_suspects(spots),
            ]
        )
    )
    return Lint([s for s in suspects if s.id not in rejected])


def load_dictionaries() -> None:
    """Load now what the detectors otherwise load on first use (the lint's helper process
    does this while the main process reads the document)."""
    d.tokenize("地域で支え合う")  # Sudachi
    d.is_word("地域")
    d.zipf("ボランティア")  # wordfreq's list
    grammar().cost("地域で支え合う")  # MeCab and unidic-lite
    glyph_similarity("地", "池")  # both glyph tables
    lookalikes("地")
    catalog()


def unload_dictionaries() -> None:
    """Let go of what the detectors loaded and cached: the dictionaries (~180 MB) and
    every text scored. The helper does this once it has linted, so that its memory and
    the main process's, which peaks while writing, do not add up. A later lint loads
    them again."""
    for name, module in list(sys.modules.items()):
        if name.startswith("hotplan.typos"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
