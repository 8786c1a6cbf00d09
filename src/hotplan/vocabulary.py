"""The report's domain vocabulary in one place: heading patterns, numerals, legend, boilerplate.

Every literal that describes how the document is printed lives here, so a new year's
wording is a change to this module and not a hunt through the parser.
"""

from __future__ import annotations

import unicodedata

import regex

# Horizontal whitespace as it appears in dumps: ASCII, ideographic space (U+3000), NBSP, form feed.
_WS = r"[\t \u3000\u00a0\f]"

LATIN_ROMAN = r"[IVXivxＩＶＸ]+"
ROMAN_CHARS = r"[\u2160-\u216b]"  # Ⅰ … Ⅻ
ROMAN = rf"(?:{ROMAN_CHARS}|{LATIN_ROMAN})"
# Circled numbers ①…⑳, ㉑…㉟, ㊱…㊿.
CIRCLED = r"[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]"
# A subsection's circled number as OCR reads it: itself, or one or two round marks
# (① as `@②`, `⑧⑨`, `@`).
CIRCLED_READ = rf"(?:{CIRCLED}|[@©®〇◎]){{1,2}}"
OPEN_PAREN = r"[(（]"
CLOSE_PAREN = r"[)）]"

GOAL_LABEL, POLICY_LABEL = "基本目標", "基本施策"
GOAL_RE = regex.compile(rf"^{_WS}*{GOAL_LABEL}{_WS}*(?P<num>{ROMAN}){_WS}*(?P<title>.*?){_WS}*$")
POLICY_RE = regex.compile(rf"^{_WS}*{POLICY_LABEL}{_WS}*(?P<num>\d+){_WS}*(?P<title>.*?){_WS}*$")
# A goal or policy heading whatever its number looks like (an OCR'd Ⅰ read as [ or |):
# repeated at a page's top, it does not end a table that goes on below it.
GOAL_OR_POLICY_START_RE = regex.compile(rf"^{_WS}*基本(?:目標|施策)")
# … and as OCR may read its label, two of its four characters wrong (共本日標 where thin
# strokes vanish): such a line, when its page-top repeat is alike, keeps a table open too.
GOAL_OR_POLICY_LOOSE_RE = regex.compile(rf"^{_WS}*(?:(?:基本目標){{s<=2}}|(?:基本施策){{s<=2}})")
SECTION_RE = regex.compile(
    rf"^{_WS}*{OPEN_PAREN}{_WS}*(?P<num>\d+){_WS}*{CLOSE_PAREN}{_WS}*(?P<title>\S.*?){_WS}*$"
)
SUBSECTION_RE = regex.compile(rf"^{_WS}*(?P<num>{CIRCLED}){_WS}*(?P<title>\S.*?){_WS}*$")

# The table's header row. The fiscal year sits in the rating column's title.
HEADER_RE = regex.compile(rf"^{_WS}*通番{_WS}*(?:\t|{_WS}).*進捗評価")
YEAR_RE = regex.compile(rf"(?P<year>\d{{4}}){_WS}*年度")
ERA_YEAR_RE = regex.compile(rf"令和{_WS}*(?P<era>\d+|元){_WS}*年度")
REIWA_OFFSET = 2018  # 令和元年 = 2019
# The years a report's header can name (平成元年 on, this century): a scan's header read
# 2624年度 on four pages of five (a 0 of a small white-on-navy label read as 6).
FISCAL_YEARS = range(1989, 2100)

# The five column labels of a printed header row, matched on the label's text with every
# space and line break removed and NFKC applied (so `通　番`, `取組施策` / `No.` and
# `担当課・掲載P` all match). A label must match whole: a match decides where it ends.
RATING_LABEL_BARE = "進捗評価"  # the rating label without its year (the year unreadable)
HEADER_LABELS = (
    ("通番", regex.compile(r"通番|通し番号|通番号")),
    ("取組施策No.", regex.compile(r"(?:取組)?(?:施策)?(?:No\.?|NO\.?|№|番号)")),
    (
        "担当課/掲載P",
        regex.compile(
            r"担当(?:課|部署|部局)等?(?:[/・,、|]?(?:\(|\[)?掲載(?:P|ページ|頁)\.?(?:\)|\])?)?"
        ),
    ),
    ("取組の方向性", regex.compile(r"取組(?:の)?(?:方向性|内容)|方向性")),
    (
        "年度進捗評価",
        regex.compile(r"(?:(?:\d{4}|令和(?:\d+|元))年度)?(?:進捗)?(?:状況)?(?:評価|進捗)"),
    ),
)
# The anchor of a header row: its first label, found in a line whatever its spacing.
HEADER_ANCHOR = "通番"

# A data row: the serial, then a tab. Text dumps separate the five cells with tabs.
ROW_RE = regex.compile(r"^[ \u3000]*(?P<serial>\d+)\t")
CELL_SEPARATOR = "\t"
ROW_CELLS = 5  # 通番, 取組施策No., 担当課/掲載P, 取組の方向性, 進捗評価
SERIAL, MEASURE_NO, DEPARTMENTS, DIRECTION, RATING = range(ROW_CELLS)  # their places in a row

# `(P.57)`, `（P．57）`, `(p. 57)` anywhere in the department cell.
# The opening parenthesis may be lost (OCR drops it at a line's start: `P.62)`).
PAGE_REF_RE = regex.compile(
    rf"(?:{OPEN_PAREN}|(?<!\S)){_WS}*[PpＰｐ]{_WS}*[.．]?{_WS}*(?P<page>\d+){_WS}*{CLOSE_PAREN}"
)
# Names in the department cell are separated by whitespace (one per line in the PDF).
DEPARTMENT_SEPARATOR_RE = regex.compile(rf"{_WS}+|\n+")

# 【再掲Ⅲ-1-(2)-①】 at the start of a direction: this measure is listed again from that place.
RELISTED_RE = regex.compile(
    rf"^{_WS}*【{_WS}*再掲{_WS}*(?P<goal>{ROMAN}){_WS}*[-－‐−]{_WS}*(?P<policy>\d+){_WS}*[-－‐−]"
    rf"{_WS}*{OPEN_PAREN}{_WS}*(?P<section>\d+){_WS}*{CLOSE_PAREN}"
    rf"(?:{_WS}*[-－‐−]{_WS}*(?P<subsection>{CIRCLED}))?{_WS}*】{_WS}*"
)

# Legend entries: `○:実施`. The symbol is one non-word character.
LEGEND_RE = regex.compile(rf"^{_WS}*(?P<symbol>[^\w\s:：]){_WS}*[:：]{_WS}*(?P<label>\S.*?){_WS}*$")
# A wrapped legend label continues on a short line of its own (`△:未実施・` / `進捗遅れ`),
# never one that holds a colon of its own; a line ending in a joiner is continued again.
LEGEND_CONTINUATION_MAX = 20
LEGEND_JOINERS = ("・", "･", "、", "/", "／", "(", "（")
# Some programs print the legend on one line: `凡例 ○:実施 △:未実施・進捗遅れ`.
LEGEND_PREFIX_RE = regex.compile(rf"^{_WS}*[【＜<(（]?凡例[】＞>)）]?{_WS}*[:：]?{_WS}*")
LEGEND_ENTRY_RE = regex.compile(rf"(?P<symbol>[^\w\s:：]){_WS}*[:：]{_WS}*(?P<label>[^\s:：]+)")


def legend_entries(text: str) -> list[tuple[str, str]]:
    """The (symbol, label) entries of a legend line holding several, or of one after a
    凡例 prefix; [] for anything else (a single entry is read by LEGEND_RE)."""
    rest = LEGEND_PREFIX_RE.sub("", text, count=1)
    prefixed = len(rest) != len(text)
    entries, position = [], 0
    for m in LEGEND_ENTRY_RE.finditer(rest):
        if rest[position : m.start()].strip():
            return []
        entries.append((m["symbol"], m["label"]))
        position = m.end()
    if rest[position:].strip() or not (len(entries) >= 2 or (entries and prefixed)):
        return []
    return entries


# Characters printed instead of a legend symbol; mapped to it, with a finding.
RATING_LOOKALIKES: dict[str, str] = {
    "〇": "○",  # U+3007 IDEOGRAPHIC NUMBER ZERO
    "◯": "○",  # U+25EF LARGE CIRCLE
    "⚪": "○",  # U+26AA MEDIUM WHITE CIRCLE
    "▵": "△",  # U+25B5 WHITE UP-POINTING SMALL TRIANGLE
    "∆": "△",  # U+2206 INCREMENT
}

# One JIS character, two Unicode code points: a PDF whose font is not embedded is read back
# through the JIS table (〜 U+301C) where Japanese office software writes the Windows form
# (～ U+FF5E). Full-width glyphs only; the PDF reader maps them with an info finding.
JIS_VENDOR_VARIANTS: dict[str, str] = {
    "\u301c": "\uff5e",  # WAVE DASH → FULLWIDTH TILDE
    "\u2212": "\uff0d",  # MINUS SIGN → FULLWIDTH HYPHEN-MINUS
    "\u2016": "\u2225",  # DOUBLE VERTICAL LINE → PARALLEL TO
    "\u2014": "\u2015",  # EM DASH → HORIZONTAL BAR
    "\u00a2": "\uffe0",  # CENT SIGN → FULLWIDTH CENT SIGN
    "\u00a3": "\uffe1",  # POUND SIGN → FULLWIDTH POUND SIGN
    "\u00ac": "\uffe2",  # NOT SIGN → FULLWIDTH NOT SIGN
}

# Lines that carry no data: the title and the document labels top right.
TITLE_RE = regex.compile(r"取組の進捗状況について")
# Page numbers in footers, in any style: `- 3 -`, `－3－`, `−3−` (a full-width minus read
# back from a non-embedded font), `3 / 28`, `P.3`, `3ページ`, a bare `3`.
_DASH = r"[-－–—‐−~〜]"
PAGE_NUMBER_RE = regex.compile(
    rf"^{_WS}*{_DASH}?{_WS}*(?:[PpＰｐ]{_WS}*[.．]?|ページ|頁)?{_WS}*(?P<page>\d{{1,4}})"
    rf"{_WS}*(?:[/／]{_WS}*\d{{1,4}}|ページ|頁)?{_WS}*{_DASH}?{_WS}*$"
)
PAGE_NUMBER_RES = (PAGE_NUMBER_RE,)
BOILERPLATE_RES = (
    *PAGE_NUMBER_RES,
    TITLE_RE,
    regex.compile(rf"^{_WS}*資料{_WS}*\d+(?:{_WS}*[-－‐]{_WS}*\d+)?{_WS}*$"),
    regex.compile(rf"^{_WS}*参考資料{_WS}*(?:{CIRCLED}|\d+)?{_WS}*$"),
)

# Two headings with the same number whose titles are at least this similar are one heading
# printed again (page tops repeat headings, sometimes with a typo).
REPEAT_TITLE_SIMILARITY = 0.8
# A 再掲 row is resolved to the most similar row under its code, if at least this similar.
RELISTED_MIN_SIMILARITY = 0.5

# How department names end: a line of a department cell that ends otherwise was wrapped
# inside a name, and the next line continues it.
DEPARTMENT_SUFFIXES = (
    "課",
    "室",
    "係",
    "所",
    "館",
    "センター",
    "協議会",
    "部",
    "局",
    "園",
    "署",
    "会",
)
# Endings that close a name for certain; the others (社会, 幼稚園, 研究所 …) also end words
# inside names, so a line filled to its edge that ends with one was wrapped inside a name.
DEPARTMENT_FINAL_SUFFIXES = ("課", "室", "係", "センター", "協議会", "館", "署", "局")
PAGE_REF_START_RE = regex.compile(rf"^{_WS}*{OPEN_PAREN}{_WS}*[PpＰｐ]")


def ends_department(text: str) -> bool:
    text = text.rstrip()
    return text.endswith(DEPARTMENT_SUFFIXES) or bool(regex.search(rf"{CLOSE_PAREN}$", text))


# Numbers in the document (通番, 取組施策No., 掲載P, heading numbers) are small: a number
# beyond this is a printing or OCR error, reported, never stored.
MAX_NUMBER = 9999


def domain_number(text: str) -> int | None:
    """The value of a printed number in the document's range, else None (not a number, or
    one too large to be one: 25 nines are an error, not an int64 overflow)."""
    text = text.strip()
    if not text.isdecimal() or len(text) > len(str(MAX_NUMBER)):
        return None
    value = int(text)
    return value if value <= MAX_NUMBER else None


WHITESPACE_RE = regex.compile(rf"(?:{_WS}|\n)+")
LATIN_WORD_CHAR_RE = regex.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]")


def roman_to_int(text: str) -> int:
    """Value of a goal number printed as Ⅲ, III, Ⅰ or a Latin/full-width I."""
    text = unicodedata.normalize("NFKC", text).upper()
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        if i + 1 < len(text) and values[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def int_to_roman(value: int) -> str:
    """The document's style for a goal number: one Roman-numeral character (Ⅰ … Ⅻ).

    Numbers without such a character (0, 13 …) stay Arabic; numbering checks report them."""
    if 1 <= value <= 12:
        return chr(0x2160 + value - 1)
    return str(value)


def circled_to_int(char: str) -> int:
    return int(unicodedata.numeric(char))


def int_to_circled(value: int) -> str:
    if 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if 21 <= value <= 35:
        return chr(0x3251 + value - 21)
    if 36 <= value <= 50:
        return chr(0x32B1 + value - 36)
    return f"({value})"


def unwrap(text: str) -> str:
    """Join text that was wrapped over lines: drop whitespace, keep one space between Latin words.

    Japanese has no spaces between words, so any whitespace between two Japanese characters
    comes from wrapping; between two Latin letters or digits it is a real word gap.
    """
    parts = WHITESPACE_RE.split(text.strip())
    out = parts[0]
    for part in parts[1:]:
        if out and part and LATIN_WORD_CHAR_RE.match(out[-1]) and LATIN_WORD_CHAR_RE.match(part[0]):
            out += " "
        out += part
    return out
