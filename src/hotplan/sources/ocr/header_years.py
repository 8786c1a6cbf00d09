"""The fiscal year in a scanned report's header rows, where OCR misread it: the year the
other header rows state, with a finding."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hotplan import vocabulary as v
from hotplan.document.parse import SourceLine, header_year
from hotplan.findings import Finding, Severity
from hotplan.messages import t

DECADE = 10  # header years this far apart are one year misread (2084 for 2024)


def stated_years(lines: list[SourceLine]) -> Counter[int]:
    """How many header rows state each fiscal year."""
    return Counter(
        year
        for line in lines
        if v.HEADER_RE.match(line.text) and (year := header_year(line.text)) in v.FISCAL_YEARS
    )


def header_year_read(line: SourceLine, years: Counter[int]) -> tuple[SourceLine, Finding | None]:
    """A header row whose rating label OCR read without its year (reader.py labels it
    bare), or with a year one digit off that no other header row states (2084 among
    2024s), takes the year the document's other header rows state most (years:
    stated_years)."""
    year = max(years, key=lambda y: (years[y], -y)) if years else None
    *labels, rating = line.text.split("\t")
    read = header_year(rating)
    if year is None or read == year:
        return line, None
    if rating == v.RATING_LABEL_BARE:  # the year unread: only filled in
        severity, key, found = Severity.INFO, "msg.ocr.header_year", rating
    elif read is not None and _misread_year(read, year, years):  # a reading changed
        severity, key, found = Severity.WARNING, "msg.ocr.header_year_read", str(read)
        rating = rating[rating.index("年度") + len("年度") :].strip()
    else:
        return line, None
    fixed = "\t".join([*labels, f"{year}年度{rating}"])
    finding = Finding(
        severity,
        "ocr.header_year",
        t(key, year=year, read=found),
        source_page=line.page,
        found=found,
        suggestion=f"{year}年度{rating}",
    )
    return replace(line, text=fixed), finding


def _misread_year(read: int, year: int, years: Counter[int]) -> bool:
    """read is no year a report can name (2624, 2945: however many digits are off), or
    one digit off year, and either decades from it, on fewer header rows (one report
    never states years that far apart: 2084 read on 6 of 16 pages of a black-and-white
    scan), or printed on one header row where year is on several."""
    if read not in v.FISCAL_YEARS:
        return True
    a, b = str(read), str(year)
    one_digit = len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    decades = abs(read - year) >= DECADE and years[read] < years[year]
    return one_digit and (decades or (years[read] == 1 and years[year] >= 2))
