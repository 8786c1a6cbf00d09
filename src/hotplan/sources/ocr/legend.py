"""A legend symbol OCR's shape reading got filled where the table's ratings are hollow
(▲ for △ on a dark, blurred scan whose triangle's hole closed up), or the other way
round: the one legend glyph is outvoted by the table's many rating cells, which are read
by the same shapes. The legend line is written with the table's symbol and a warning
keeps the reading; a symbol that no rating uses in either form is left as read. So is
an entry whose symbol was read as no symbol at all (ご for a ○ a black-and-white scan
left as one arc), where the table uses one symbol the legend lacks."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from hotplan import vocabulary as v
from hotplan.document.parse import SourceLine
from hotplan.findings import Finding, Severity
from hotplan.messages import t

RATING = 4  # the rating cell of a table row
# Each symbol with its other fill (the shapes symbols.py tells apart).
OTHER_FILL = {"▲": "△", "△": "▲", "●": "○", "○": "●", "■": "□", "□": "■"}
# A legend entry whose symbol OCR read as a letter (ご:実施, O:実施); not a word (備考:).
UNREAD_ENTRY_RE = regex.compile(r"^\s*(?P<glyphs>\w)\s*[:：]\s*\S")


def match_legend(lines: list[SourceLine]) -> tuple[list[SourceLine], list[Finding]]:
    """lines with each legend symbol no rating uses, where its other fill is a rating
    the legend lacks, written as that rating."""
    ratings = Counter(
        line.cells[RATING].strip()
        for line in lines
        if line.cells is not None and len(line.cells) > RATING
    )
    entries = {
        i: m
        for i, line in enumerate(lines)
        if line.cells is None and (m := v.LEGEND_RE.match(line.text))
    }
    symbols = {m["symbol"] for m in entries.values()}
    out, findings = list(lines), []
    for i, m in entries.items():
        read = m["symbol"]
        other = OTHER_FILL.get(read)
        if other is None or ratings[read] or not ratings[other] or other in symbols:
            continue
        line = lines[i]
        out[i] = replace(
            line, text=line.text[: m.start("symbol")] + other + line.text[m.end("symbol") :]
        )
        symbols.add(other)
        findings.append(
            Finding(
                Severity.WARNING,
                "ocr.legend_symbol",
                t("msg.ocr.legend_symbol", read=read, symbol=other, count=ratings[other]),
                source_page=line.page,
                found=read,
                suggestion=other,
            )
        )
    return _unread_symbol(out, ratings, set(entries), symbols, findings)


def _unread_symbol(
    lines: list[SourceLine],
    ratings: Counter[str],
    entries: set[int],
    symbols: set[str],
    findings: list[Finding],
) -> tuple[list[SourceLine], list[Finding]]:
    """lines with a legend entry whose symbol OCR read as no symbol at all (a thin ○ a
    black-and-white scan left as one arc, read ご), next to the legend's other entries,
    written with the one rating symbol the table uses and the legend lacks. Only where
    there is exactly one such entry and one such symbol: anything else stays as read."""
    missing = [s for s in ratings if s in OTHER_FILL and s not in symbols]
    beside = [
        i
        for i, line in enumerate(lines)
        if i not in entries
        and line.cells is None
        and (i - 1 in entries or i + 1 in entries)
        and UNREAD_ENTRY_RE.match(line.text)
    ]
    if len(missing) != 1 or len(beside) != 1:
        return lines, findings
    (symbol,), (i,) = missing, beside
    line = lines[i]
    m = UNREAD_ENTRY_RE.match(line.text)
    out = list(lines)
    out[i] = replace(line, text=symbol + line.text[m.end("glyphs") :])
    findings.append(
        Finding(
            Severity.WARNING,
            "ocr.legend_symbol",
            t(
                "msg.ocr.legend_symbol_unread",
                read=m["glyphs"],
                symbol=symbol,
                count=ratings[symbol],
            ),
            source_page=line.page,
            found=m["glyphs"],
            suggestion=symbol,
        )
    )
    return out, findings
