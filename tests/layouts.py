"""Random print layouts: every knob of PdfStyle drawn independently, from a seed.

The reader must give the same items whatever program printed the report; this draws the
programs. Knobs: rules (grid, horizontal only, none) and border (thin, thick, double),
header fill per row or per cell or none, white labels on a dark fill, label wording
(plain, letter-spaced, wrapped, 担当課・掲載P) and letter-spacing, repeated or not header
rows and page-top headings, rows split across pages or not, vertically centred narrow
cells, zebra rows, page-number style and place, a running title, the legend beside the
headings or above the table's right end, A4/A3 portrait/landscape, 7–10.5 pt, Gothic or
Mincho, proportional or monospaced, embedded or not, Kangxi radicals, fake bold, Latin
words broken anywhere, line spacing up to double.
"""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A3, A4, landscape, portrait

from pdf_fixtures import PdfStyle

FONTS = ("IPAexGothic", "IPAexMincho", "IPAGothic", "HeiseiKakuGo-W5", "HeiseiMin-W3")
FOOTERS = ("- {n} -", "{n}", "P.{n}", "－{n}－", "−{n}−", "{n}/{total}", "{n} / {total}", "p. {n}")
# Column shares: the direction column is always the wide one; narrow columns must still
# hold a three-digit 通番.
SHARES = ((34, 44, 120, 520, 56), (30, 36, 90, 560, 60), (40, 52, 150, 460, 70))


def random_style(seed: int) -> PdfStyle:
    rng = random.Random(seed)
    paper = rng.choice((A4, A4, A3))
    page = landscape(paper) if rng.random() < 0.7 else portrait(paper)
    size = rng.choice((7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5))
    if page[0] < 600:  # portrait A4: keep cells wide enough for the text size
        size = min(size, 8.5)
    rules = rng.choice(("grid", "grid", "horizontal", "none"))
    fill = rng.choice((None, (0.85, 0.85, 0.85), (0.80, 0.88, 0.97), (0.12, 0.22, 0.39)))
    dark = fill is not None and sum(fill) < 1.5
    font = rng.choice(FONTS)
    shares = rng.choice(SHARES)
    margin = rng.choice((28.0, 36.0, 45.0))
    pad = rng.choice((2.5, 4.0, 5.0))
    # Letter-spacing as wide as a program would print it: two characters of 取組施策 still
    # fit the narrow No. column.
    narrow = shares[1] * (page[0] - 2 * margin) / sum(shares) - 2 * pad
    spacing = min(rng.choice((0.0, 0.0, 1.0, 3.0)), max(0.0, narrow / 2 - size))
    return PdfStyle(
        name=f"random-{seed}",
        font=font,
        size=size,
        leading=rng.choice((1.25, 1.3, 1.4, 1.5, 2.0)),
        col_widths=shares,
        fit_width=True,
        page=page,
        margin=margin,
        pad=pad,
        rules=rules,
        border=rng.choice(("thin", "thin", "thick", "double")),
        header_fill=fill,
        header_fill_cells=fill is not None and rng.random() < 0.5,
        header_white=dark,
        labels=rng.choice(("plain", "spaced", "wrapped")),
        label_spacing=spacing,
        repeat_header=rng.random() < 0.6,
        split_rows=rng.random() < 0.7,
        center_narrow=rng.random() < 0.3,
        zebra=(0.95, 0.95, 0.95) if rng.random() < 0.25 else None,
        footer=rng.choice(FOOTERS),
        footer_place=rng.choice(("bottom-center", "bottom-right", "top-right")),
        running=rng.choice((None, "top-left", "top-right", "bottom-left")),
        repeat_headings=rng.random() < 0.6,
        legend_place=rng.choice(("beside", "above-right")),
        fake_bold_headings=rng.random() < 0.2,
        kangxi=rng.random() < 0.2 and font != "IPAGothic",  # IPA Gothic has no ⽣ glyph
        wrap_anywhere=rng.random() < 0.3,
    )


def random_window(seed: int, records: list[dict]) -> list[dict]:
    """A run of consecutive measures, long enough to span pages at small sizes."""
    rng = random.Random(seed * 7919 + 1)
    length = rng.randint(6, 16)
    start = rng.randrange(0, len(records) - length)
    return records[start : start + length]
