"""A legend symbol OCR's shape reading got filled where the table's ratings are hollow
(▲ for △ on a dark, blurred scan whose triangle's hole closed up), or the other way
round: the one legend glyph is outvoted by the table's many rating cells, which are read
by the same shapes. The legend line is written with the table's symbol and a warning
keeps the reading; a symbol that no rating uses in either form is left as read."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hotplan import vocabulary as v
from hotplan.document.parse import SourceLine
from hotplan.findings import Finding, Severity
from hotplan.messages import t

RATING = 4  # the rating cell of a table row
# Each symbol with its other fill (the shapes symbols.py tells apart).
OTHER_FILL = {"▲": "△", "△": "▲", "●": "○", "○": "●", "■": "□", "□": "■"}


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
    return out, findings
