"""The output tables' columns: one definition feeds pandas dtypes, the pandera schema,
Parquet types, the Data Package descriptor and the human-readable contract in schemas/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pyarrow as pa

Kind = Literal["int", "float", "str", "list"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    title: str  # Japanese title, as in the report where it has one
    description: str
    nullable: bool = False


ITEMS = (
    Column(
        "fiscal_year", "int", "年度", "Fiscal year named in the table header (2024年度進捗評価)."
    ),
    Column("serial", "int", "通番", "Serial number of the measure, 1..N in document order."),
    Column("code", "str", "施策コード", "Place in the plan, document style: Ⅲ-1-(2)-②."),
    Column("goal", "int", "基本目標", "Goal number (Ⅰ=1, Ⅱ=2, Ⅲ=3)."),
    Column("goal_title", "str", "基本目標名", "Goal title as printed where the goal opens."),
    Column("policy", "int", "基本施策", "Policy number within the goal."),
    Column("policy_title", "str", "基本施策名", "Policy title as printed where the policy opens."),
    Column("section", "int", "施策", "Section number (1) within the policy."),
    Column("section_title", "str", "施策名", "Section title as printed."),
    Column("subsection", "int", "項目", "Subsection number ① within the section.", nullable=True),
    Column("subsection_title", "str", "項目名", "Subsection title as printed.", nullable=True),
    Column(
        "measure_no", "int", "取組施策No.", "Measure number, restarting at 1 in each subsection."
    ),
    Column(
        "departments",
        "list",
        "担当課",
        "Departments in charge, in printed order (Parquet: list<string>; CSV: joined with ';').",
    ),
    Column("departments_raw", "str", "担当課 / 掲載P(原文)", "The department cell as printed."),
    Column("page_ref", "int", "掲載P", "Page of the plan that describes the measure: (P.57) → 57."),
    Column(
        "direction",
        "str",
        "取組の方向性",
        "Direction text: wrapping whitespace removed, 【再掲…】 marker removed.",
    ),
    Column(
        "direction_raw", "str", "取組の方向性(原文)", "Direction cell as printed, marker included."
    ),
    Column("rating", "str", "進捗評価", "Rating symbol as defined by the legend (○, △)."),
    Column("rating_label", "str", "進捗評価(凡例)", "The legend's label for the rating (実施 …)."),
    Column(
        "relisted_code",
        "str",
        "再掲元コード",
        "For a 【再掲…】 row: the code of the original measure.",
        nullable=True,
    ),
    Column(
        "relisted_serial",
        "int",
        "再掲元通番",
        "For a 【再掲…】 row: serial of the original measure, when it resolves.",
        nullable=True,
    ),
    Column("source_file", "str", "出典ファイル", "File name the row was read from."),
    Column("source_page", "int", "出典ページ", "1-based PDF page (empty for text).", nullable=True),
    Column(
        "source_line", "int", "出典行", "1-based line of the row in the text dump.", nullable=True
    ),
    *(
        Column(
            name,
            "float",
            f"位置({what_ja})",
            f"PDF: the row's {what} on its first page, in points from the page's top-left "
            "corner (empty for text).",
            nullable=True,
        )
        for name, what, what_ja in (
            ("bbox_x0", "left edge", "左"),
            ("bbox_top", "top edge", "上"),
            ("bbox_x1", "right edge", "右"),
            ("bbox_bottom", "bottom edge", "下"),
        )
    ),
)

DEPARTMENTS = (
    Column("fiscal_year", "int", "年度", "Fiscal year of the report."),
    Column("serial", "int", "通番", "Serial of the measure (items.serial)."),
    Column("department", "str", "担当課", "One department in charge."),
    Column("position", "int", "順番", "1-based position of the department in the cell."),
)

FINDINGS = (
    Column("severity", "str", "重大度", "error (invalid document), warning, or info."),
    Column("check", "str", "チェック", "Check id, e.g. serial.gap, rating.unknown."),
    Column("serial", "int", "通番", "Serial of the row concerned.", nullable=True),
    Column("field", "str", "項目", "Column concerned.", nullable=True),
    Column("source_page", "int", "出典ページ", "1-based PDF page.", nullable=True),
    Column("source_line", "int", "出典行", "1-based line in the text dump.", nullable=True),
    Column("found", "str", "検出値", "What the document has there.", nullable=True),
    Column("suggestion", "str", "提案", "What it probably should be.", nullable=True),
    Column("message", "str", "内容", "What is wrong, in one sentence."),
    Column(
        "also",
        "str",
        "関連チェック",
        "Other checks that saw the same problem at the same place, ';'-separated "
        "(a typo suspect folded into this finding).",
        nullable=True,
    ),
)

REVIEW = (
    Column("id", "str", "ID", "Stable id of the suspect (a rejected id is not reported again)."),
    Column("score", "float", "確からしさ", "0–1; independent signals add up. Sorted by it."),
    Column("serial", "int", "通番", "Row of the suspect (empty for headings).", nullable=True),
    Column("field", "str", "項目", "Column or heading the suspect is in."),
    Column("source_page", "int", "出典ページ", "1-based PDF page.", nullable=True),
    Column("source_line", "int", "出典行", "1-based line in the text dump.", nullable=True),
    Column("found", "str", "検出値", "The smallest suspect span, as printed."),
    Column(
        "suggestion",
        "str",
        "提案",
        "Proposed replacement (departments: ';' splits).",
        nullable=True,
    ),
    Column("context", "str", "前後", "The text around found, found in 【】."),
    Column("signals", "str", "根拠", "The detectors that saw it."),
    Column("evidence", "str", "説明", "Why, in words."),
    Column(
        "status",
        "str",
        "状態",
        "pending (no decision yet), applied, stale (found no longer there: not applied), "
        "rejected, or acknowledged (numbers and codes: noted, never changed).",
    ),
    Column("decision", "str", "判断", "For the reviewer: accept, edit or reject.", nullable=True),
    Column(
        "image",
        "str",
        "画像",
        "OCR: the cell's picture (PNG), relative to the output folder; empty otherwise.",
        nullable=True,
    ),
)

CHANGES = (
    Column(
        "change",
        "str",
        "変更",
        "added, removed, rating_changed, departments_changed, direction_changed or moved.",
    ),
    Column("old_serial", "int", "旧通番", "Serial in the older report.", nullable=True),
    Column("new_serial", "int", "新通番", "Serial in the newer report.", nullable=True),
    Column("code", "str", "施策コード", "Place in the plan (the newer one if it moved)."),
    Column("field", "str", "項目", "Column that changed.", nullable=True),
    Column("old", "str", "変更前", "Value in the older report.", nullable=True),
    Column("new", "str", "変更後", "Value in the newer report.", nullable=True),
    Column(
        "similarity",
        "float",
        "類似度",
        "Direction-text similarity of the matched measures (0–1).",
        nullable=True,
    ),
)

HISTORY = (
    Column(
        "measure_id",
        "str",
        "取組ID",
        "Stable id of a measure across fiscal years: first year and serial it had then "
        "(M2024-083), kept while later reports carry the same measure.",
    ),
    *ITEMS,
)

# Japanese descriptions of the columns of the Parquet tables, for their field metadata
# (the titles above are Japanese already; the English descriptions stay the contract).
DESCRIPTIONS_JA = {
    "fiscal_year": "表の見出し行にある年度（2024年度進捗評価 → 2024）。",
    "serial": "取組の通番。文書の順に 1 から。",
    "code": "計画の中の位置（文書の書き方: Ⅲ-1-(2)-②）。",
    "goal": "基本目標の番号（Ⅰ=1、Ⅱ=2、Ⅲ=3）。",
    "goal_title": "基本目標の名称（その目標が始まる箇所の印刷どおり）。",
    "policy": "基本目標の中の基本施策の番号。",
    "policy_title": "基本施策の名称（その施策が始まる箇所の印刷どおり）。",
    "section": "基本施策の中の施策項目の番号 (1)。",
    "section_title": "施策項目の名称（印刷どおり）。",
    "subsection": "施策項目の中の小項目の番号 ①（ない場合は空）。",
    "subsection_title": "小項目の名称（印刷どおり）。",
    "measure_no": "取組施策No.（小項目ごとに 1 から）。",
    "departments": "担当課（印刷の順。Parquet では文字列のリスト、CSV では ; 区切り）。",
    "departments_raw": "担当課 / 掲載P のセル（印刷どおり）。",
    "page_ref": "取組が載っている計画のページ（(P.57) → 57）。",
    "direction": "取組の方向性（折り返しの空白と【再掲…】の印を除いたもの）。",
    "direction_raw": "取組の方向性のセル（印刷どおり、印を含む）。",
    "rating": "進捗評価の記号（凡例にあるもの: ○、△）。",
    "rating_label": "評価記号の凡例での意味（実施 など）。",
    "relisted_code": "【再掲…】の行: 元の取組のコード。",
    "relisted_serial": "【再掲…】の行: 元の取組の通番（決まる場合）。",
    "source_file": "行を読んだファイルの名前。",
    "source_page": "PDF のページ番号（1 から。テキストでは空）。",
    "source_line": "テキスト版での行番号（1 から）。",
    "bbox_x0": "PDF: 行の最初のページでの左端（ページ左上からのポイント。テキストでは空）。",
    "bbox_top": "PDF: 行の最初のページでの上端（ページ左上からのポイント。テキストでは空）。",
    "bbox_x1": "PDF: 行の最初のページでの右端（ページ左上からのポイント。テキストでは空）。",
    "bbox_bottom": "PDF: 行の最初のページでの下端（ページ左上からのポイント。テキストでは空）。",
    "department": "担当課の一つ。",
    "position": "セルの中での担当課の順番（1 から）。",
}

TABLES = {"items": ITEMS, "departments": DEPARTMENTS, "findings": FINDINGS}
# Every table hotplan writes: per report (above), changes.csv, and output/history.*
ALL_TABLES = {**TABLES, "review": REVIEW, "changes": CHANGES, "history": HISTORY}

PANDAS_DTYPE = {"int": "Int64", "float": "Float64", "str": "string", "list": "object"}
FRICTIONLESS_TYPE = {"int": "integer", "float": "number", "str": "string", "list": "list"}

LIST_SEPARATOR = ";"
# A text cell starting with one of these runs as a formula in Excel: the Excel-oriented CSV
# (with a BOM) writes it with a leading `'`, and reading such a CSV back drops that `'`.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def names(columns: tuple[Column, ...]) -> list[str]:
    return [c.name for c in columns]


def arrow_schema(columns: tuple[Column, ...]) -> pa.Schema:
    """Typed fields, each with its Japanese title and descriptions as field metadata, so a
    Parquet file explains itself in pandas, DuckDB or a BI tool."""
    import pyarrow as pa  # here: the lint's helper process reads columns, never Parquet

    arrow_type = {
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema(
        [
            pa.field(
                c.name,
                arrow_type[c.kind],
                nullable=c.nullable,
                metadata={
                    "title": c.title,
                    "description": DESCRIPTIONS_JA.get(c.name, c.description),
                    "description_en": c.description,
                },
            )
            for c in columns
        ]
    )


def field_title(name: str) -> str:
    """The Japanese title of an items column (for a finding's or suspect's field)."""
    return next((col.title for col in ITEMS if col.name == name), name)
