"""Generate realistic PDF reports from measure records, in several print styles.

A small page-layout engine on reportlab's canvas: A4 landscape, headings as paragraphs above
tables, a filled header row, wrapped cells, up to 8 departments stacked one per line with
(P.nn) on its own line, tables that overflow pages (with or without a repeated header row),
rows that break across pages, goal/policy headings repeated at page tops, page numbers in
footers, the legend box beside the first table, 資料5-2/参考資料① top right. Styles differ in
fonts, column widths, rules, alignment, header repetition and row splitting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from hotplan import vocabulary as v

FONT_FILES = {
    "IPAexGothic": Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    "IPAexMincho": Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"),
}
PAGE_W, PAGE_H = landscape(A4)
TITLE = "町田市地域ホッとプラン 取組の進捗状況について"
LEGEND = ("○:実施", "△:未実施・", "進捗遅れ")
HEADER = ("通番", "取組施策 No.", "担当課 / 掲載P", "取組の方向性", "{year}年度 進捗評価")


@dataclass(frozen=True)
class PdfStyle:
    name: str
    font: str = "IPAexGothic"
    size: float = 9.0
    leading: float = 1.4
    col_widths: tuple[float, ...] = (34, 44, 120, 520, 56)
    margin: float = 36.0
    pad: float = 4.0
    ruled: bool = True  # full grid
    header_fill: tuple[float, float, float] = (0.85, 0.85, 0.85)
    repeat_header: bool = True  # header row again on continuation pages
    split_rows: bool = True  # Word's "allow row to break across pages"
    center_narrow: bool = False  # serial/No./rating vertically centred (Excel style)
    footer: str = "- {n} -"
    fake_bold_headings: bool = False  # headings drawn twice, slightly offset
    kangxi: bool = False  # exporter writes 生 as the Kangxi radical ⽣ in headings


STYLES = {
    "word": PdfStyle("word", fake_bold_headings=True),
    "excel": PdfStyle(
        "excel",
        font="IPAexMincho",
        size=8.5,
        leading=1.3,
        col_widths=(28, 34, 70, 560, 62),  # narrow department column: names wrap
        ruled=False,
        header_fill=(0.80, 0.88, 0.97),
        repeat_header=False,
        center_narrow=True,
        footer="{n} / {total}",
        kangxi=True,
        pad=5.0,
    ),
}


def register_font(name: str) -> None:
    if name in pdfmetrics.getRegisteredFontNames():
        return
    path = FONT_FILES.get(name)
    if path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(name))
        return
    if not path.exists():
        raise FileNotFoundError(
            f"{path} missing: the PDF tests need Debian's fonts-ipaexfont-gothic and "
            "fonts-ipaexfont-mincho (`make test` installs them)"
        )
    pdfmetrics.registerFont(TTFont(name, str(path)))


# -- layout: a list of drawing operations per page ------------------------------------------


@dataclass
class Page:
    ops: list[tuple] = field(default_factory=list)


def width(text: str, style: PdfStyle, size: float | None = None) -> float:
    return pdfmetrics.stringWidth(text, style.font, size or style.size)


def wrap(text: str, max_width: float, style: PdfStyle) -> list[str]:
    """Break text into lines that fit: anywhere in Japanese, between words in Latin text
    (a Latin word moves whole to the next line; its space stays at the line end)."""
    tokens = re.findall(r"[A-Za-z0-9.]+ ?|.", text)
    lines, current = [], ""
    for token in tokens:
        if current and width(current + token.rstrip(), style) > max_width:
            lines.append(current)
            current = ""
        current += token
    return [*lines, current] if current else lines


def department_lines(cell: str, max_width: float, style: PdfStyle) -> list[str]:
    """One printed piece per line (names, then (P.nn)), each wrapped if too wide."""
    return [line for piece in cell.split(" ") if piece for line in wrap(piece, max_width, style)]


class Layout:
    def __init__(self, style: PdfStyle, year: int) -> None:
        self.style = style
        self.year = year
        self.pages: list[Page] = []
        self.y = 0.0  # distance from the page top
        self.goal: tuple[str, str] | None = None  # printed goal/policy lines in force
        self.legend_pending = True
        self.split_rows: list[tuple[int, int]] = []  # (serial, page it starts on) of broken rows
        self.headerless_pages: list[int] = []  # pages where a table continues without header

    @property
    def line_h(self) -> float:
        return self.style.size * self.style.leading

    @property
    def bottom(self) -> float:
        return PAGE_H - self.style.margin - 20  # room for the footer

    def text(self, x: float, top: float, s: str, size: float | None = None, heading=False) -> None:
        if heading and self.style.kangxi:
            s = s.replace("生", "⽣")
        self.pages[-1].ops.append(("text", x, top, s, size or self.style.size))
        if heading and self.style.fake_bold_headings:
            self.pages[-1].ops.append(("text", x + 0.3, top, s, size or self.style.size))

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.style.margin
        if len(self.pages) == 1:
            s = self.style
            self.text(PAGE_W - s.margin - 60, self.y - 14, "資料5-2", 10)
            self.text(PAGE_W - s.margin - 60, self.y, "参考資料①", 10)
            self.text(PAGE_W / 2 - width(TITLE, s, 14) / 2, self.y + 4, TITLE, 14)
            self.y += 40
        elif self.goal is not None:
            for line in self.goal:
                self.heading(line)

    def heading(self, line: str) -> None:
        self.text(self.style.margin, self.y, line, self.style.size + 1.5, heading=True)
        self.y += (self.style.size + 1.5) * 1.6

    def ensure(self, height: float) -> bool:
        """Start a new page unless height fits; True if a page was started."""
        if not self.pages or self.y + height > self.bottom:
            self.new_page()
            return True
        return False

    def legend_box(self) -> None:
        """The legend, boxed, to the right of the headings above the first table."""
        s = self.style
        x = PAGE_W - s.margin - 110
        top = self.y - 2.2 * self.line_h
        self.pages[-1].ops.append(("rect", x - 6, top - 4, 100, 3 * self.line_h + 6, None))
        for i, line in enumerate(LEGEND):
            self.text(x, top + i * self.line_h, line)

    # -- table ---------------------------------------------------------------------------
    def cells(self, r: dict) -> list[list[str]]:
        s, w = self.style, self.style.col_widths
        return [
            [str(r["serial"])],
            [str(r["measure_no"])],
            department_lines(r["departments_raw"], w[2] - 2 * s.pad, s),
            wrap(r["direction_raw"], w[3] - 2 * s.pad, s),
            [r["rating"]],
        ]

    def header_row(self) -> None:
        s = self.style
        labels = [h.format(year=self.year) for h in HEADER]
        wrapped = [
            [p for part in label.split(" ") for p in wrap(part, w - 2 * s.pad, s)]
            if width(label, s) > w - 2 * s.pad
            else [label]
            for label, w in zip(labels, s.col_widths, strict=True)
        ]
        height = max(len(c) for c in wrapped) * self.line_h + 2 * s.pad
        self.ensure(height + self.line_h * 2 + 2 * s.pad)
        x0, x = s.margin, s.margin
        self.pages[-1].ops.append(("fill", x0, self.y, sum(s.col_widths), height, s.header_fill))
        for lines, w in zip(wrapped, s.col_widths, strict=True):
            for i, line in enumerate(lines):
                tx = x + (w - width(line, s)) / 2
                ty = self.y + (height - len(lines) * self.line_h) / 2 + i * self.line_h
                self.text(tx, ty, line)
            if s.ruled:
                self.pages[-1].ops.append(("rect", x, self.y, w, height, None))
            x += w
        if not s.ruled:
            self.pages[-1].ops.append(("hline", x0, self.y + height, x0 + sum(s.col_widths)))
        self.y += height

    def band(self, cells: list[list[str]], height: float) -> None:
        """Draw one row band (a whole row or the part of it on this page)."""
        s = self.style
        x = s.margin
        for col, (lines, w) in enumerate(zip(cells, s.col_widths, strict=True)):
            narrow = col in (0, 1, 4)
            offset = s.pad
            if narrow and s.center_narrow:
                offset = (height - len(lines) * self.line_h) / 2
            for i, line in enumerate(lines):
                tx = x + (w - width(line, s)) / 2 if narrow else x + s.pad
                self.text(tx, self.y + offset + i * self.line_h, line)
            if s.ruled:
                self.pages[-1].ops.append(("rect", x, self.y, w, height, None))
            x += w
        self.y += height

    def row(self, r: dict) -> None:
        s = self.style
        cells = self.cells(r)
        n = max(len(c) for c in cells)
        height = n * self.line_h + 2 * s.pad
        if self.y + height > self.bottom and s.split_rows:
            fit = int((self.bottom - self.y - 2 * s.pad) // self.line_h)
            if fit >= 2:
                first = [c[:fit] for c in cells]
                rest = [[] if col in (0, 1, 4) else c[fit:] for col, c in enumerate(cells)]
                self.band(first, fit * self.line_h + 2 * s.pad)
                self.split_rows.append((r["serial"], len(self.pages)))
                self.new_page()
                if s.repeat_header:
                    self.header_row()
                else:
                    self.headerless_pages.append(len(self.pages))
                left = max(len(c) for c in rest)
                if left:
                    self.band(rest, left * self.line_h + 2 * s.pad)
                return
        if self.ensure(height):
            if s.repeat_header:
                self.header_row()
            else:
                self.headerless_pages.append(len(self.pages))
        self.band(cells, height)


def layout(records: list[dict], year: int, style: PdfStyle) -> Layout:
    lay = Layout(style, year)
    current: dict[str, tuple] = {}
    for r in records:
        keys = {
            "goal": (r["goal"], r["goal_title"], r["policy"], r["policy_title"]),
            "section": (r["goal"], r["policy"], r["section"], r["section_title"]),
            "sub": (r["goal"], r["policy"], r["section"], r["subsection"], r["subsection_title"]),
        }
        opened = [k for k in keys if current.get(k) != keys[k]]
        if opened:
            lay.ensure(lay.line_h * 9)
            goal_lines = (
                f"基本目標{v.int_to_roman(r['goal'])} {r['goal_title']}",
                f"基本施策{r['policy']} {r['policy_title']}",
            )
            if "goal" in opened and lay.goal != goal_lines:
                lay.goal = goal_lines
                for line in goal_lines:
                    lay.heading(line)
            if "section" in opened:
                lay.heading(f"({r['section']}){r['section_title']}")
            if lay.legend_pending:
                lay.legend_box()
                lay.legend_pending = False
            if r["subsection"] is not None and ("sub" in opened or "section" in opened):
                lay.heading(f"{v.int_to_circled(r['subsection'])}{r['subsection_title']}")
            lay.header_row()
        lay.row(r)
        current = keys
    return lay


def render(
    pages: list[Page], style: PdfStyle, path: Path, password: str | None, compress: bool
) -> None:
    encrypt = None
    if password is not None:
        encrypt = StandardEncryption(password, canPrint=1)
    canvas = Canvas(
        str(path),
        pagesize=(PAGE_W, PAGE_H),
        encrypt=encrypt,
        invariant=1,
        pageCompression=int(compress),
    )
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        for op in page.ops:
            kind = op[0]
            if kind == "text":
                _, x, top, s, size = op
                canvas.setFont(style.font, size)
                canvas.setFillColorRGB(0, 0, 0)
                canvas.drawString(x, PAGE_H - top - size * 0.88, s)
            elif kind == "fill":
                _, x, top, w, h, rgb = op
                canvas.setFillColorRGB(*rgb)
                canvas.rect(x, PAGE_H - top - h, w, h, stroke=0, fill=1)
            elif kind == "rect":
                _, x, top, w, h, _ = op
                canvas.setLineWidth(0.5)
                canvas.rect(x, PAGE_H - top - h, w, h, stroke=1, fill=0)
            elif kind == "hline":
                _, x0, top, x1 = op
                canvas.setLineWidth(0.75)
                canvas.line(x0, PAGE_H - top, x1, PAGE_H - top)
        footer = style.footer.format(n=n, total=total)
        canvas.setFont(style.font, 9)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawCentredString(PAGE_W / 2, style.margin / 2, footer)
        canvas.showPage()
    canvas.save()


@dataclass(frozen=True)
class Fixture:
    path: Path
    pages: int
    split_rows: list[tuple[int, int]]
    headerless_pages: list[int]


def make_pdf(
    records: list[dict],
    year: int,
    style: PdfStyle,
    path: Path,
    password: str | None = None,
    strip_unicode: bool = False,
) -> Fixture:
    """Write the report as a PDF; strip_unicode drops the fonts' ToUnicode maps, so text
    extraction yields (cid:N) garbage as with some real exporters."""
    register_font(style.font)
    lay = layout(records, year, style)
    render(lay.pages, style, path, password, compress=not strip_unicode)
    if strip_unicode:
        data = path.read_bytes()
        # Blank the references out (same length, so the xref offsets stay right).
        data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), data)
        path.write_bytes(data)
    return Fixture(path, len(lay.pages), lay.split_rows, lay.headerless_pages)


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: one picture of text, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(image).rectangle((40, 40, 560, 120), outline=0, width=3)
    image_path = path.with_suffix(".png")
    image.save(image_path)
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    canvas.drawImage(str(image_path), 36, 200, width=600, height=300)
    canvas.showPage()
    canvas.save()
    return path


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF with some Japanese text that is not a progress report."""
    register_font("IPAexGothic")
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    canvas.setFont("IPAexGothic", 12)
    for i, line in enumerate(lines):
        canvas.drawString(50, PAGE_H - 60 - i * 18, line)
    canvas.showPage()
    canvas.save()
    return path
