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
    # Monospaced: a half-width space as wide as a Latin letter (MS Gothic-like).
    "IPAGothic": Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
}
PAGE_W, PAGE_H = landscape(A4)  # of the simple one-page PDFs below
TITLE = "町田市地域ホッとプラン 取組の進捗状況について"
LEGEND = ("○:実施", "△:未実施・", "進捗遅れ")


LABELS = {
    # " " may break when the label is too wide; "\n" always breaks.
    "plain": ("通番", "取組施策 No.", "担当課 / 掲載P", "取組の方向性", "{year}年度 進捗評価"),
    "spaced": (
        "通　番",
        "取組施策\nNo.",
        "担当課・掲載P",
        "取　組　の　方　向　性",
        "{year}年度進捗\n評価",
    ),
    "wrapped": (
        "通番",
        "取組\n施策\nNo.",
        "担当課\n/掲載P",
        "取組の\n方向性",
        "{year}年度\n進捗評価",
    ),
    "unknown": ("通番", "区分", "所管", "内容", "備考"),  # not this report's header
}
# on, off lengths (pt) of a spreadsheet's dotted and dashed borders, as Excel prints them
DASHES = {"solid": [], "dotted": [1, 2], "dashed": [3, 2]}
RUNNING_TITLE = "町田市地域ホッとプラン 進捗状況"


@dataclass(frozen=True)
class PdfStyle:
    """Every printing choice the reader must not depend on, one knob each."""

    name: str
    font: str = "IPAexGothic"  # or IPAexMincho; HeiseiKakuGo-W5 / HeiseiMin-W3: not embedded
    size: float = 9.0
    leading: float = 1.4
    col_widths: tuple[float, ...] = (34, 44, 120, 520, 56)  # pt, or shares when fit_width
    fit_width: bool = False  # scale col_widths to the page's width between the margins
    page: tuple[float, float] = landscape(A4)
    margin: float = 36.0
    pad: float = 4.0
    rules: str = "grid"  # grid | horizontal | none
    border: str = "thin"  # thin | thick | double (outer frame drawn twice)
    # grid rules between body rows and between their columns: solid, or a spreadsheet's
    # dotted (点線) or dashed (破線) border
    row_rules: str = "solid"
    col_rules: str = "solid"
    header_fill: tuple[float, float, float] | None = (0.85, 0.85, 0.85)
    header_fill_cells: bool = False  # one fill per header cell (Word, Calc) vs one per row
    header_white: bool = False  # white label text (on a dark fill)
    labels: str = "plain"  # a key of LABELS
    label_spacing: float = 0.0  # pt of extra space between a label's characters
    repeat_header: bool = True  # header row again on continuation pages
    split_rows: bool = True  # Word's "allow row to break across pages"
    center_narrow: bool = False  # serial/No./rating vertically centred (Excel style)
    zebra: tuple[float, float, float] | None = None  # fill of every other body row
    footer: str = "- {n} -"
    footer_place: str = "bottom-center"  # bottom-center | bottom-right | top-right
    running: str | None = None  # top-left | top-right | bottom-left: a running title
    repeat_headings: bool = True  # 基本目標/基本施策 again at each page top
    legend_place: str = "beside"  # beside the headings | above-right of the first table
    fake_bold_headings: bool = False  # headings drawn twice, slightly offset
    kangxi: bool = False  # exporter writes 生 as the Kangxi radical ⽣ in headings
    wrap_anywhere: bool = False  # break Latin words at the line end too (LA / N)

    @property
    def widths(self) -> tuple[float, ...]:
        if not self.fit_width:
            return self.col_widths
        room = self.page[0] - 2 * self.margin
        return tuple(w * room / sum(self.col_widths) for w in self.col_widths)


STYLES = {
    "word": PdfStyle("word", fake_bold_headings=True),
    "excel": PdfStyle(
        "excel",
        font="IPAexMincho",
        size=8.5,
        leading=1.3,
        col_widths=(28, 34, 70, 560, 62),  # narrow department column: names wrap
        rules="none",
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
            f"{path} missing: the PDF tests need Debian's fonts-ipaexfont-gothic, "
            "fonts-ipaexfont-mincho and fonts-ipafont-gothic (`make test` installs them)"
        )
    pdfmetrics.registerFont(TTFont(name, str(path)))


# -- layout: a list of drawing operations per page ------------------------------------------


@dataclass
class Page:
    ops: list[tuple] = field(default_factory=list)


def width(text: str, style: PdfStyle, size: float | None = None) -> float:
    return pdfmetrics.stringWidth(text, style.font, size or style.size)


def wrap(text: str, max_width: float, style: PdfStyle, spacing: float = 0.0) -> list[str]:
    """Break text into lines that fit: anywhere in Japanese, between words in Latin text
    (a Latin word moves whole to the next line; its space stays at the line end), or
    anywhere at all with wrap_anywhere (a space still stays at the line end)."""
    pattern = r". ?" if style.wrap_anywhere else r"[A-Za-z0-9.]+ ?|."
    tokens = re.findall(pattern, text)
    lines, current = [], ""
    for token in tokens:
        candidate = current + token.rstrip()
        if current and width(candidate, style) + spacing * len(candidate) > max_width:
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
        self.rows_drawn = 0

    @property
    def line_h(self) -> float:
        return self.style.size * self.style.leading

    @property
    def bottom(self) -> float:
        return self.style.page[1] - self.style.margin - 20  # room for the footer

    @property
    def table_right(self) -> float:
        return self.style.margin + sum(self.style.widths)

    def text(
        self, x: float, top: float, s: str, size: float | None = None, heading=False, **kw
    ) -> None:
        if heading and self.style.kangxi:
            s = s.replace("生", "⽣")
        self.pages[-1].ops.append(("text", x, top, s, size or self.style.size, kw))
        if heading and self.style.fake_bold_headings:
            self.pages[-1].ops.append(("text", x + 0.3, top, s, size or self.style.size, kw))

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.style.margin
        page_w = self.style.page[0]
        if len(self.pages) == 1:
            s = self.style
            self.text(page_w - s.margin - 60, self.y - 14, "資料5-2", 10)
            self.text(page_w - s.margin - 60, self.y, "参考資料①", 10)
            self.text(page_w / 2 - width(TITLE, s, 14) / 2, self.y + 4, TITLE, 14)
            self.y += 40
        elif self.goal is not None and self.style.repeat_headings:
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
        """The legend, boxed: to the right of the headings above the first table, or
        standing right above the first table's right end."""
        s = self.style
        box_w = max(width(line, s) for line in LEGEND) + 12
        if s.legend_place == "beside":
            x = s.page[0] - s.margin - 110
            top = self.y - 2.2 * self.line_h
        else:
            self.ensure(3 * self.line_h + 10 + self.line_h * 6)
            x = self.table_right - box_w + 6
            top = self.y + 4
            self.y += 3 * self.line_h + 10
        self.pages[-1].ops.append(("rect", x - 6, top - 4, box_w, 3 * self.line_h + 6, None))
        for i, line in enumerate(LEGEND):
            self.text(x, top + i * self.line_h, line)

    # -- table ---------------------------------------------------------------------------
    def cells(self, r: dict) -> list[list[str]]:
        s, w = self.style, self.style.widths
        return [
            [str(r["serial"])],
            [str(r["measure_no"])],
            department_lines(r["departments_raw"], w[2] - 2 * s.pad, s),
            wrap(r["direction_raw"], w[3] - 2 * s.pad, s),
            [r["rating"]],
        ]

    def header_row(self) -> None:
        s = self.style
        labels = [h.format(year=self.year) for h in LABELS[s.labels]]
        wrapped = []
        for label, w in zip(labels, s.widths, strict=True):
            lines = []
            for part in label.split("\n"):
                if width(part, s) + s.label_spacing * len(part) <= w - 2 * s.pad:
                    lines.append(part)
                else:
                    room = w - 2 * s.pad
                    lines += [
                        p
                        for piece in part.split(" ")
                        for p in wrap(piece, room, s, s.label_spacing)
                    ]
            wrapped.append(lines)
        height = max(len(c) for c in wrapped) * self.line_h + 2 * s.pad
        self.ensure(height + self.line_h * 2 + 2 * s.pad)
        x0, x = s.margin, s.margin
        colour = (1, 1, 1) if s.header_white else (0, 0, 0)
        if s.header_fill and not s.header_fill_cells:
            self.pages[-1].ops.append(("fill", x0, self.y, sum(s.widths), height, s.header_fill))
        for lines, w in zip(wrapped, s.widths, strict=True):
            if s.header_fill and s.header_fill_cells:  # cells shaded one by one, a hairline apart
                self.pages[-1].ops.append(
                    ("fill", x + 0.4, self.y + 0.4, w - 0.8, height - 0.8, s.header_fill)
                )
            for i, line in enumerate(lines):
                line_w = width(line, s) + s.label_spacing * (len(line) - 1)
                tx = x + (w - line_w) / 2
                ty = self.y + (height - len(lines) * self.line_h) / 2 + i * self.line_h
                self.text(tx, ty, line, colour=colour, spacing=s.label_spacing)
            x += w
        self.frame(height, header=True)
        self.y += height

    def frame(self, height: float, header: bool = False) -> None:
        """The rules of one row band, as the style draws them."""
        s = self.style
        ops = self.pages[-1].ops
        x0, total = s.margin, sum(s.widths)
        line_width = 2.0 if s.border == "thick" else 0.5
        if s.rules == "grid" and (header or s.row_rules == s.col_rules == "solid"):
            x = x0
            for w in s.widths:
                ops.append(("rect", x, self.y, w, height, line_width))
                x += w
        elif s.rules == "grid":
            x = x0
            for w in (0, *s.widths):
                x += w
                ops.append(("vline", x, self.y, self.y + height, line_width, DASHES[s.col_rules]))
            for top in (self.y, self.y + height):
                ops.append(("hline", x0, top, x0 + total, line_width, DASHES[s.row_rules]))
        elif s.rules == "horizontal":
            ops.append(("hline", x0, self.y, x0 + total, line_width))
            ops.append(("hline", x0, self.y + height, x0 + total, line_width))
        elif header:
            ops.append(("hline", x0, self.y + height, x0 + total, 0.75))
        if s.border == "double" and s.rules == "grid":
            ops.append(
                (
                    "rect",
                    x0 - 1.5,
                    self.y - (1.5 if header else 0),
                    total + 3,
                    height + (1.5 if header else 0),
                    0.5,
                )
            )

    def band(self, cells: list[list[str]], height: float, shaded: bool = False) -> None:
        """Draw one row band (a whole row or the part of it on this page)."""
        s = self.style
        x = s.margin
        if shaded and s.zebra:
            self.pages[-1].ops.append(("fill", x, self.y, sum(s.widths), height, s.zebra))
        for col, (lines, w) in enumerate(zip(cells, s.widths, strict=True)):
            narrow = col in (0, 1, 4)
            offset = s.pad
            if narrow and s.center_narrow:
                offset = (height - len(lines) * self.line_h) / 2
            for i, line in enumerate(lines):
                tx = x + (w - width(line, s)) / 2 if narrow else x + s.pad
                self.text(tx, self.y + offset + i * self.line_h, line)
            x += w
        self.frame(height)
        self.y += height

    def row(self, r: dict) -> None:
        s = self.style
        shaded = self.rows_drawn % 2 == 1
        self.rows_drawn += 1
        cells = self.cells(r)
        n = max(len(c) for c in cells)
        height = n * self.line_h + 2 * s.pad
        if self.y + height > self.bottom and s.split_rows:
            fit = int((self.bottom - self.y - 2 * s.pad) // self.line_h)
            if fit >= 2:
                first = [c[:fit] for c in cells]
                rest = [[] if col in (0, 1, 4) else c[fit:] for col, c in enumerate(cells)]
                self.band(first, fit * self.line_h + 2 * s.pad, shaded)
                self.split_rows.append((r["serial"], len(self.pages)))
                self.new_page()
                if s.repeat_header:
                    self.header_row()
                else:
                    self.headerless_pages.append(len(self.pages))
                left = max(len(c) for c in rest)
                if left:
                    self.band(rest, left * self.line_h + 2 * s.pad, shaded)
                return
        if self.ensure(height):
            if s.repeat_header:
                self.header_row()
            else:
                self.headerless_pages.append(len(self.pages))
        self.band(cells, height, shaded)


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
            if lay.legend_pending and style.legend_place == "beside":
                lay.legend_box()
                lay.legend_pending = False
            if r["subsection"] is not None and ("sub" in opened or "section" in opened):
                lay.heading(f"{v.int_to_circled(r['subsection'])}{r['subsection_title']}")
            if lay.legend_pending:
                lay.legend_box()
                lay.legend_pending = False
            lay.header_row()
        lay.row(r)
        current = keys
    return lay


def _furniture(canvas: Canvas, style: PdfStyle, n: int, total: int) -> None:
    """Page number and running title, where the style puts them."""
    page_w, page_h = style.page
    canvas.setFont(style.font, 9)
    canvas.setFillColorRGB(0, 0, 0)
    number = style.footer.format(n=n, total=total)
    low, high = style.margin / 2, page_h - style.margin / 2
    if style.footer_place == "bottom-center":
        canvas.drawCentredString(page_w / 2, low, number)
    elif style.footer_place == "bottom-right":
        canvas.drawRightString(page_w - style.margin, low, number)
    else:
        canvas.drawRightString(page_w - style.margin, high, number)
    if style.running == "top-left":
        canvas.drawString(style.margin, high, RUNNING_TITLE)
    elif style.running == "top-right":
        right = page_w - style.margin - (80 if style.footer_place == "top-right" else 0)
        canvas.drawRightString(right, high, RUNNING_TITLE)
    elif style.running == "bottom-left":
        canvas.drawString(style.margin, low, RUNNING_TITLE)


def render(
    pages: list[Page], style: PdfStyle, path: Path, password: str | None, compress: bool
) -> None:
    encrypt = None
    if password is not None:
        encrypt = StandardEncryption(password, canPrint=1)
    page_h = style.page[1]
    canvas = Canvas(
        str(path),
        pagesize=style.page,
        encrypt=encrypt,
        invariant=1,
        pageCompression=int(compress),
    )
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        for op in page.ops:
            kind = op[0]
            if kind == "text":
                _, x, top, s, size, kw = op
                text = canvas.beginText(x, page_h - top - size * 0.88)
                text.setFont(style.font, size)
                text.setFillColorRGB(*kw.get("colour", (0, 0, 0)))
                text.setCharSpace(kw.get("spacing", 0.0))
                text.textOut(s)
                canvas.drawText(text)
            elif kind == "fill":
                _, x, top, w, h, rgb = op
                canvas.setFillColorRGB(*rgb)
                canvas.rect(x, page_h - top - h, w, h, stroke=0, fill=1)
            elif kind == "rect":
                _, x, top, w, h, line_width = op
                canvas.setLineWidth(line_width or 0.5)
                canvas.rect(x, page_h - top - h, w, h, stroke=1, fill=0)
            elif kind == "hline":
                _, x0, top, x1, line_width, *dash = op
                canvas.setLineWidth(line_width)
                canvas.setDash(*(dash or [[]]))
                canvas.line(x0, page_h - top, x1, page_h - top)
                canvas.setDash([])
            elif kind == "vline":
                _, x, top, bottom, line_width, *dash = op
                canvas.setLineWidth(line_width)
                canvas.setDash(*(dash or [[]]))
                canvas.line(x, page_h - top, x, page_h - bottom)
                canvas.setDash([])
        _furniture(canvas, style, n, total)
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
