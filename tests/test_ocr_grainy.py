"""Dark, grainy scans (grey paper, heavy noise, blur): what their grain does to finding the
tables, reading the text outside them and following the numbering, part by part."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

import hotplan
from conftest import require_tesseract
from hotplan.sources.ocr import engine, reread
from hotplan.sources.ocr.fills import unfilled
from hotplan.sources.ocr.legend_symbols import legend_lines
from hotplan.sources.ocr.page import OcrCell, PageReading, lines_text
from hotplan.sources.ocr.raster import GRAINY, Raster, grain
from hotplan.sources.ocr.reread import _legend_entry, same_title, stray_mark
from hotplan.sources.ocr.reread import title as heading_title
from hotplan.sources.ocr.review import review_cells
from hotplan.sources.ocr.unruled import unruled_grid
from hotplan.sources.pdf.layout import _Reader
from hotplan.sources.pdf.lines import Line, split_segments
from hotplan.sources.pdf.page import Char
from pdf_fixtures import STYLES, make_pdf
from scans import ScanStyle, scan_pdf

require_tesseract()

SCALE = 72 / 200
DARK = ScanStyle("dark", grey=200, blur=1.2, noise=14, jpeg=60)
COLUMNS = [(50, 80), (110, 130), (160, 300), (330, 850), (900, 920)]


def test_grain_is_the_pictures_noise_not_its_print():
    rng = np.random.default_rng(1)
    paper = np.full((300, 400), 230.0)
    noisy = np.clip(paper + rng.normal(0, 5, paper.shape), 0, 255).astype(np.uint8)
    assert 4.0 <= grain(noisy) <= 6.0
    printed = paper.astype(np.uint8)
    for top in range(20, 280, 30):  # lines of black strokes on clean paper
        printed[top : top + 12, 20:380:6] = 0
    assert grain(printed) < 1.0 < GRAINY


def test_a_rule_the_rule_finder_missed_keeps_the_header_with_its_table():
    """A shading's border under the header row, broken by grain so that no rule was
    found: a run of ink rows as thin as a rule, solid along the table. Read as a line of
    text, it crossed every corridor and cut the header off its table."""
    ink = np.zeros((420, 1000), np.uint8)
    for top, bottom in [(40, 90), (130, 156), (190, 216), (250, 276)]:  # header, 3 rows
        for left, right in COLUMNS:
            ink[top:bottom, left:right] = 255
    ink[104:112, 40:930] = 255  # the border: 8 px thick, across the table
    grid = unruled_grid(ink, SCALE, [])
    assert len(grid.tables) == 1
    assert {c.row for c in grid.cells} == {0, 1, 2, 3}
    assert any(r.y0 == 104 and r.x1 - r.x0 > 800 for r in grid.hrules)


def test_a_grainy_shading_is_thresholded_without_its_grain():
    """A shaded header row on a grainy scan, thresholded on its own, came out as specks
    in every column (22 pieces to a line), which outvoted the table's corridors."""
    rng = np.random.default_rng(2)
    grey = np.full((300, 1000), 235.0)
    grey[60:200, 20:980] = 170  # the shaded row
    labels = [(90, 170, x0, x0 + 80) for x0 in (40, 160, 280, 400, 880)]
    for y0, y1, x0, x1 in labels:
        for x in range(x0, x1, 4):  # a label's strokes, 2 px wide
            grey[y0:y1, x : x + 2] = 110  # blurred print on a dark scan is grey too
    grey = np.clip(grey + rng.normal(0, 14, grey.shape), 0, 255).astype(np.uint8)
    ink = np.where(grey < 200, 255, 0).astype(np.uint8)
    out = unfilled(ink, grey, SCALE)
    between = out[70:190, 520:860]  # shading, no label
    assert np.count_nonzero(between) < 0.002 * between.size
    assert all(np.count_nonzero(out[y0:y1, x0:x1]) for y0, y1, x0, x1 in labels)


def _line(text: str, page: int = 2) -> Line:
    chars = [Char(ch, 40 + 10 * i, 50 + 10 * i, 30, 40, 10) for i, ch in enumerate(text)]
    return Line(chars, page)


@pytest.mark.parametrize(
    ("line", "keeps"),
    [
        ("基本月標四 必要な人に必要な支援が届く仕組みを作る", True),  # the page-top repeat misread
        ("茶本目標必要な人に必要な支援が選く仕組みを作る", True),
        ("必要な支援が届く仕組みを作る", False),  # a part of it: a row's text
        ("(3)当事者や家族等が相談しやすい体制づくり", False),  # a heading of its own
    ],
)
def test_a_misread_repeat_of_a_heading_keeps_the_table_open(line, keeps):
    reader = _Reader()
    reader.note_heading(_line("基本目標Ⅲ 必要な人に必要な支援が届く仕組みを作る", page=1))
    assert reader.keeps_table_open(line) is keeps


def test_a_heading_whose_label_every_page_misreads_still_keeps_the_table_open():
    """A black-and-white scan of Mincho print reads 基本目標 as 共本日標 on every page:
    the first, a text line outside any table, is remembered all the same, and its
    page-top repeat keeps the table open. A table's own line is never remembered: a
    direction cell's wrapped line may start 基本構想 (two characters off 基本目標)."""
    reader = _Reader()
    reader.note_heading(_line("共本日標 今を生きる自分に合ったつながりをつくる", page=1))
    assert not reader.keeps_table_open("共本日標T 今を生きる自分に合ったつながりをつくる")
    reader.note_heading(_line("共本日標 今を生きる自分に合ったつながりをつくる", 1), loose=True)
    assert reader.keeps_table_open("共本日標T 今を生きる自分に合ったつながりをつくる")
    reader = _Reader()
    reader.note_heading(_line("基本構想」の見直しを行います。", page=1))
    assert not reader.keeps_table_open("基本構想」の見直しを行います。")


def _serial_rows(serials: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "serial": serials,
            "measure_no": list(range(1, len(serials) + 1)),
            "departments_raw": ["a (P.1)"] * len(serials),
            "departments": [["a"]] * len(serials),
            "page_ref": [1] * len(serials),
            "source_page": [1] * len(serials),
            "bbox_top": [100.0 * (i + 1) for i in range(len(serials))],
            "_scope": ["a"] * len(serials),
        }
    )


@pytest.mark.parametrize(
    ("serials", "fixed"),
    [
        ([40, 4, 42], [40, 41, 42]),  # a digit lost without a doubt: repaired, shown
        ([40, 4, 43], [40, 4, 43]),  # the rows around disagree too: left to validation
        ([40, 41, 42], [40, 41, 42]),
    ],
)
def test_a_sure_number_out_of_step_with_the_rows_around_is_repaired(serials, fixed):
    items = _serial_rows(serials)
    cells = [
        OcrCell(1, "serial", (40, 100.0 * (i + 1), 60, 100.0 * (i + 1) + 80), str(n), 99.0)
        for i, n in enumerate(serials)
    ]
    out = review_cells(items, cells, "_scope")
    assert out.items["serial"].tolist() == fixed
    repaired = [(f.check, f.found, f.suggestion) for f in out.findings]
    changed = [
        ("ocr.number_repaired", str(a), str(b))
        for a, b in zip(serials, fixed, strict=True)
        if a != b
    ]
    assert repaired == changed


@pytest.mark.parametrize(
    ("read", "title"),
    [
        ("基本目標Ⅰ 今を生きる", "Ⅰ今を生きる"),  # a goal's numeral stays: see same_title
        ("基本施策12「やりたいこと」", "「やりたいこと」"),
        ("(12)災害時に備えた", "災害時に備えた"),
        ("（1）福祉サービス", "福祉サービス"),
        ("⑧災害ボランティア", "災害ボランティア"),
        ("@②「わたし」から", "「わたし」から"),
        ("町田市地域ホッとプラン", "町田市地域ホッとプラン"),
    ],
)
def test_two_readings_of_a_heading_are_weighed_by_its_title_alone(read, title):
    """`②災害…` read again as `③人災害…` read more naturally whole (its numeral joined
    the title), and took the title's place: a heading's title is weighed without its
    label and numeral."""
    assert heading_title(read) == title


def test_a_goal_read_with_its_numeral_as_a_kanji_or_lost_is_one_title():
    """Ⅲ read as 息 in one reading, as 衛 or not at all in the other: one title, not a
    reason to swap readings (the swap made 息 the title's first character)."""
    for other in ("基本目標衛必要な人に", "基本目標 必要な人に", "基本目標Ⅲ 必要な人に"):
        assert same_title("基本目標息必要な人に", other)
    assert not same_title("基本目標息必要な人に", "基本目標息必要な人た")
    assert not same_title("①生活困欠者への支援", "①生活困鍛者への支援")


def test_a_digit_or_latin_letter_one_reading_has_and_another_lacks_is_a_difference():
    """動する機会 read as 動す5機会 by the page layout and as 動す機会 read again: the 5 is a
    difference of the two readings, as 第2次 and 第3次 are (marks still are not)."""
    assert not same_title("②地域で活動す5機会の充実", "②地域で活動す機会の充実")
    assert not same_title("①第2次計画の推進", "①第3次計画の推進")
    assert not same_title("①のICT活用", "①のIC活用")
    assert same_title("②地域で活動す?5機会の充実", "②地域で活動す5機会の充実")
    assert same_title("(1)「やりたいこと」と地域", "(1)やりたいことと地域")


def _heading(text: str, others: dict[int, tuple[tuple[str, float], ...]]) -> engine.TextLine:
    """text as one line of glyphs, 20 px apart, sure of all but its first (as a page's
    circled numeral often is), with the runners-up given at their places."""
    glyphs = tuple(
        engine.Glyph(ch, (40 + 20 * i, 100, 58 + 20 * i, 120), 90.0 if i == 0 else 99.5, i == 0,
                     others.get(i, ()))
        for i, ch in enumerate(text)
    )  # fmt: skip
    return engine.TextLine((40, 100, 40 + 20 * len(text), 120), glyphs)


@pytest.mark.parametrize(("runner_up", "doubtful"), [(52.2, "unnatural"), (12.0, None)])
def test_a_heading_a_runner_up_makes_sense_of_is_reviewed(monkeypatch, runner_up, doubtful):
    """②地域における read as 地域こおける by every reading, sure of こ; the block reading
    named に as its runner-up, and with に the title reads as Japanese."""
    text = "②地域こおける見守り・支え合い活動の推進"
    block = _heading(text, {3: (("に", runner_up),)})
    monkeypatch.setattr(reread, "_again", lambda grey, line: (block, _heading(text, {})))
    page = _blank_page(grainy=False)
    kept = reread.reread(page, page.raster.grey, _heading(text, {}))
    assert lines_text([kept]) == text  # the text stays as read
    assert [c.doubtful for c in page.cells] == ([doubtful] if doubtful else [])
    if doubtful:
        assert page.cells[0].readings == (text, "②地域における見守り・支え合い活動の推進")
        assert page.cells[0].role == "heading" and page.cells[0].image is not None


@pytest.mark.parametrize(
    ("text", "unsure", "doubtful"),
    [
        ("基本目標|今を生きる", 4, None),  # Ⅰ read as `|`: numbered by order
        ("基本目標Ⅰ今を生きる", 4, None),
        ("②地域における見守り", 0, None),
        ("基本目標Ⅰ今を生きる", 5, "low_confidence"),  # the title's own glyph
        ("②地域における見守り", 3, "low_confidence"),
    ],
)
def test_a_heading_is_as_sure_as_its_titles_glyphs(monkeypatch, text, unsure, doubtful):
    """The goal heading at every page's top had Ⅰ read as `|` at 84, its title sure: a
    finding on every page for a numeral headings.py numbers by its order anyway."""
    line = _heading(text, {})
    glyphs = list(line.glyphs)
    glyphs[unsure] = replace(glyphs[unsure], conf=70.0)
    line = replace(line, glyphs=tuple(glyphs))
    monkeypatch.setattr(reread, "_again", lambda grey, read: (line, None))
    page = _blank_page(grainy=False)
    reread.reread(page, page.raster.grey, line)
    assert [c.doubtful for c in page.cells] == ([doubtful] if doubtful else [])


def test_a_heading_with_a_colon_read_into_it_is_no_legend_entry():
    """②地区別の懇談会 read as ②地区:電の…: a colon after kanji is a misread heading (read
    again, reviewed), not a legend's ○:実施 (which is left to the legend's reading)."""
    heading = _words(
        [(ch, 40 + 20 * i, 58 + 20 * i, i == 0) for i, ch in enumerate("②地区:電の懇")]
    )
    legend = _words([(ch, 40 + 20 * i, 58 + 20 * i, i == 0) for i, ch in enumerate("○:実施")])
    assert not _legend_entry(heading) and _legend_entry(legend)


@pytest.mark.parametrize(
    ("read", "stray"),
    [
        ("②地域の多様な:E体と連携した参加支援", "な:E体"),  # 主 read as `:E`
        ("①地域活動の活性化に向けた：援", "た：援"),  # 支 read as a colon
        ("①虐待|防止", "待|防"),
        ("①第2次計画の推進", None),  # a number is printed between kanji
        ("①のICT活用", None),  # so is a Latin word
        ("(1)「やりたいこと」と地域ニーズ", None),
        ("(@②「わたし」から", "(@②"),  # the numeral misread, left in the title
        ("②「わたし」から", None),
        # ① read as headings.py reads it (`@`, `@②`, `⑧⑨`): the numeral, numbered by order
        ("@福祉サービスの充実", None),
        ("@②「わたし」から", None),
        ("⑧⑨就労支援", None),
        # a kanji read as brackets: titles print theirs in pairs
        ("@福祉サービス』『業者への支援", "ス』『"),
        ("⑦福祉サービス』ほ業者への支援", "ス』ほ"),
        ("（7）再犯防止の推進（再犯防止推進計", "進（再"),
        ("①「わたしの地区の未来ビジョン」実現の支援", None),
        ("（7）再犯防止の推進（再犯防止推進計画）", None),
    ],
)
def test_a_mark_read_between_a_titles_kanji_is_pointed_out(read, stray):
    """Every reading of 様な主体と gave 様な:E体と, sure of each glyph: the title was wrong
    and nothing said so. A mark or lone Latin letter between kana and kanji is one."""
    assert stray_mark(read) == stray


def test_a_doubtful_heading_is_reviewed_once_per_page_with_its_picture():
    """A heading OCR read two ways (困窮 as 困欠 and 困鍛) is on no row: its finding names
    the title column its title went into and its page, and the same heading repeated at
    the next page's top is a review row and picture of its own."""
    items = _serial_rows([1, 2]).assign(
        source_page=[1, 2], section_title="生活困欠者等への支援", subsection_title="相談"
    )
    readings = ("(2)生活困欠者等への支援", "(2)生活困鍛者等への支援")
    cells = [
        OcrCell(page, "heading", (40, 60, 300, 72), readings[0], 93.0, "readings_differ",
                b"png", readings)
        for page in (1, 2)
    ]  # fmt: skip
    cells.append(OcrCell(2, "heading", (40, 80, 300, 92), "①生活困窮者への支援", 99.0))
    out = review_cells(items, cells, "_scope")
    assert [(f.check, f.field, f.source_page, f.serial) for f in out.findings] == [
        ("ocr.readings_differ", "section_title", 1, None),
        ("ocr.readings_differ", "section_title", 2, None),
    ]
    assert (out.findings[0].found, out.findings[0].suggestion) == ("活困欠者等", "活困鍛者等")
    assert len({row["id"] for row in out.rows}) == len({row["image"] for row in out.rows}) == 2
    assert set(out.images) == {row["image"] for row in out.rows}


@pytest.mark.parametrize(
    ("read", "field"),
    [
        ("(2)生活困欠者等への支援", "section_title"),  # the title was set right: 困窮
        ("①生活困窮者への支援", "subsection_title"),
        ("①苦情相談窓口の運営", None),  # a title on no row of its pages
    ],
)
def test_a_doubtful_heading_whose_title_was_set_right_names_its_title_column(read, field):
    """A heading read 困欠 whose title other readings or the cells' words set right (困窮)
    is no longer the title read: its finding still names the title column it went into."""
    items = _serial_rows([1]).assign(
        source_page=[1],
        section_title="生活困窮者等への支援",
        subsection_title="生活困窮者への支援",
    )
    cell = OcrCell(1, "heading", (40, 60, 300, 72), read, 60.0, "low_confidence", b"png")
    out = review_cells(items, [cell], "_scope")
    assert [f.field for f in out.findings] == [field]


def test_a_dark_scan_of_an_excel_print_is_read_across_its_pages(default_extraction, tmp_path):
    """Pages of an Excel print from the middle of the report scanned dark: tables continued
    under page-top headings OCR misreads, shaded header rows whose borders no rule was
    found for, labels over a shading's grain; every measure is read. (The excerpt starts
    at 通番 53 under 基本目標Ⅲ: its first rows, read doubtfully, are numbered from 1 and
    the goal whose numeral OCR lost is numbered by its order, as a report starts.)"""
    records = default_extraction.items.to_dict("records")[52:76]
    digital = make_pdf(records, 2024, STYLES["excel"], tmp_path / "excel.pdf")
    truth = hotplan.extract(digital.path).items
    x = hotplan.extract(
        scan_pdf(digital.path, tmp_path / "d.pdf", DARK, list(range(1, digital.pages + 1))),
        jobs=2,
    )
    assert len(x.items) == len(truth)
    assert x.items["serial"].tolist()[2:] == truth["serial"].tolist()[2:]
    assert [c.split("-", 1)[1] for c in x.items["code"]] == [
        c.split("-", 1)[1] for c in truth["code"]
    ]


def _glyphs(texts_and_spans: list[tuple[str, int, int]], top: int = 100) -> engine.TextLine:
    glyphs = tuple(
        engine.Glyph(text, (x0, top, x1, top + 20), 95.0, i == 0)
        for i, (text, x0, x1) in enumerate(texts_and_spans)
    )
    return engine.TextLine((texts_and_spans[0][1], top, texts_and_spans[-1][2], top + 20), glyphs)


def _blank_page(grainy: bool = True) -> PageReading:
    grey = np.full((300, 600), 255, np.uint8)
    page = PageReading(1, Raster(grey, np.zeros_like(grey), SCALE, 0.0))
    page.grainy = grainy
    return page


def test_glyphs_keep_tesseracts_order_where_a_box_reaches_back():
    """`3` of P.83 boxed from left of `8` (its box reached back over it): layout sorted the
    characters by where they start and read P.38, on a page reference in four."""
    page = _blank_page()
    page.add_lines([_glyphs([("P", 288, 302), (".", 302, 306), ("8", 308, 318), ("3", 307, 335)])])
    ordered = sorted(page.chars, key=lambda c: c.x0)
    assert "".join(c.text for c in ordered) == "P.83"
    assert all(c.x1 > c.x0 for c in page.chars)


def _words(spans: list[tuple[str, int, int, bool]], top: int = 100) -> engine.TextLine:
    """A line of glyphs (text, x0, x1, starts a word), 20 px tall."""
    glyphs = tuple(engine.Glyph(t, (x0, top, x1, top + 20), 95.0, w) for t, x0, x1, w in spans)
    return engine.TextLine((spans[0][1], top, spans[-1][2], top + 20), glyphs)


def _line_texts(page: PageReading) -> list[str]:
    """The texts layout makes of the page's characters (one line, cut at wide gaps)."""
    return [part.text for part in split_segments(Line(sorted(page.chars, key=lambda c: c.x0), 1))]


def test_a_glyph_tesseract_boxed_as_a_sliver_opens_no_gap_and_no_space():
    """Tesseract's page layout boxed 広 and 報 of 効果的な広報 as slivers at 報's end, and
    「 of (1)「やりたいこと as a pixel after `)`: the gaps left made a space inside a
    heading's title (効果的な 広報) and split another in two (section title `「`)."""
    page = _blank_page()
    page.add_lines([_words([
        ("的", 40, 60, True), ("な", 64, 80, True), ("広", 140, 141, True), ("報", 140, 145, False),
        ("・", 160, 170, True), ("プ", 174, 190, True),
    ])])  # fmt: skip
    assert _line_texts(page) == ["的な広報・プ"]
    page = _blank_page()
    page.add_lines([_words([
        ("(", 40, 48, True), ("1", 50, 56, False), (")", 55, 56, False), ("「", 55, 56, False),
        ("や", 90, 106, True), ("り", 110, 124, True),
    ])])  # fmt: skip
    assert _line_texts(page) == ["(1)「やり"]
    assert all(a.x1 >= b.x0 for a, b in pairwise(sorted(page.chars, key=lambda c: c.x0)))


def test_words_a_glyph_and_a_space_apart_keep_their_space():
    """A space the print has (two full-width words a glyph and more apart, or Latin words)
    is still read: only a gap no glyph's advance explains is one."""
    page = _blank_page()
    page.add_lines([_words([("地", 40, 58, True), ("域", 62, 80, False), ("活", 120, 138, True)])])
    assert _line_texts(page) == ["地域 活"]
    page = _blank_page()
    page.add_lines([_words([("ン", 40, 58, True), ("グ", 56, 59, False), ("の", 80, 98, True)])])
    assert _line_texts(page) == ["ングの"]  # a sliver's gap: no space
    page = _blank_page()
    page.add_lines([_words([("N", 40, 50, True), ("P", 51, 60, False), ("O", 80, 90, True)])])
    assert _line_texts(page) == ["NP O"]
    page = _blank_page()  # Latin words a narrower space apart: layout's space, as printed
    the = [("T", 40, 48, True), ("h", 49, 55, False), ("e", 56, 62, False)]
    page.add_lines([_words([*the, ("Y", 67, 75, True), ("O", 76, 84, False)])])
    assert _line_texts(page) == ["The YO"]


@pytest.mark.parametrize(("read", "symbol"), [("〇", "○"), ("O", "○"), ("ム", "ム")])
def test_a_legend_round_symbol_no_shape_is_read_for_is_a_circle(read, symbol):
    """A blurred ○ run into its colon reads as no shape: the one glyph Tesseract prints
    for ○ (〇, O) before a legend's colon is ○; another look-alike is left as read."""
    line = _glyphs([(read, 40, 60), ("：", 62, 70), ("実", 72, 92), ("施", 94, 114)])
    (fixed,) = legend_lines(_blank_page(), line)
    assert "".join(g.text for g in fixed.glyphs) == f"{symbol}：実施"


def test_a_dark_scan_that_lost_half_its_page_reference_dots_still_has_them_restored():
    """OCR of a dark scan dropped the dot of half the (P.57) references: the document's
    style is still (P.57) (OCR drops a thin dot, it does not add one), so the lost dots
    are put back, and so they are where ten references kept it, however few a share
    that is; a report printing (P57) throughout is left as it is."""
    from hotplan.sources.ocr.departments import page_ref_style

    read = [
        "住宅課(P.58)",
        "指導課(P61)",
        "防災課(P.62)",
        "広聴課(P63)",
        "市民課(P.64)",
        "税務課(P65)",
    ]
    assert page_ref_style(read) is not None
    assert page_ref_style(["住宅課(P58)", "指導課(P61)", "防災課(P.62)"]) is None
    # a 150 dpi scan's small print kept the dot in a fifth of a whole report's references
    whole = [f"福祉総務課(P.{n})" if n % 5 == 0 else f"福祉総務課(P{n})" for n in range(57, 107)]
    assert page_ref_style(whole) is not None
