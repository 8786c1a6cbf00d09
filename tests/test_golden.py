"""Golden tests on the real 2024 document: row count, full rows, hierarchy, 再掲, findings, files."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from conftest import DEFAULT_DOC, GOLDEN, findings_of
from hotplan import columns as c
from hotplan.document.parse import LineKind, SourceLine, parse_lines
from hotplan.outputs.write import write_extraction
from hotplan.sources.text import read_text

EXPECTED_ROWS = {
    1: {
        "fiscal_year": 2024,
        "serial": 1,
        "code": "Ⅰ-1-(1)-①",
        "goal": 1,
        "goal_title": "今を生きる自分に合ったつながりをつくる",
        "policy": 1,
        "policy_title": "地域への意識・関心が高まる",
        "section": 1,
        "section_title": "地域活動に関する情報発信",
        "subsection": 1,
        "subsection_title": "多様な価値観、関心に応じた地域活動に関する効果的な広報・プロモーション",
        "measure_no": 1,
        "departments": ["市民協働推進課"],
        "departments_raw": "市民協働推進課(P.57)",
        "page_ref": 57,
        "direction": "地域への関心や愛着を持ってもらうため、対象者に合わせた広報媒体を用い、訴求効果の高い情報を発信していきます。また、地域活動に関する情報等、身近な地域情報を発信し、在住者向けのシティブロモーションを実施します。",
        "direction_raw": "地域への関心や愛着を持ってもらうため、対象者に合わせた広報媒体を用い、訴求効果の高い情報を発信していきます。また、地域活動に関する情報等、身近な地域情報を発信し、在住者向けのシティブロモーションを実施します。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": None,
        "relisted_serial": None,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 20,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
    40: {
        "fiscal_year": 2024,
        "serial": 40,
        "code": "Ⅲ-1-(1)-①",
        "goal": 3,
        "goal_title": "必要な人に必要な支援が届く仕組みを作る",
        "policy": 1,
        "policy_title": "支援の輪につながる、つなげる",
        "section": 1,
        "section_title": "当事者や家族等の気づきと周囲の人の理解の促進",
        "subsection": 1,
        "subsection_title": "福祉課題の理解の促進",
        "measure_no": 8,
        "departments": ["子ども家庭支援課指導課"],
        "departments_raw": "子ども家庭支援課指導課 (P.73)",
        "page_ref": 73,
        "direction": "教育機関や町田市子育て支援ネットワーク連絡会を通して、ヤングケアラーの啓発を進め、地域での子どもの見守り意識を高めます。",
        "direction_raw": "教育機関や町田市子育て支援ネットワーク連絡会を通して、ヤングケアラーの啓発を進め、地域での子どもの見守り意識を高めます。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": None,
        "relisted_serial": None,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 139,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
    61: {
        "fiscal_year": 2024,
        "serial": 61,
        "code": "Ⅲ-1-(2)-②",
        "goal": 3,
        "goal_title": "必要な人に必要な支援が届く仕組みを作る",
        "policy": 1,
        "policy_title": "支援の輪につながる、つなげる",
        "section": 2,
        "section_title": "地域における見守り・支え合い活動の充実",
        "subsection": 2,
        "subsection_title": "地域における見守り・支え合い活動の推進",
        "measure_no": 7,
        "departments": ["子育て推進課"],
        "departments_raw": "子育て推進課(P.75)",
        "page_ref": 75,
        "direction": "地域の中で子育てに関する相互援助ができるよう、子どもの預かり等の援助を受けることを希望する人と、援助を行うことを希望する人との連絡・調整を行います。また、その会員登録をできる場所について、事業者と連携し、様々なイベント時等に登録できるよう検討を行います。",
        "direction_raw": "地域の中で子育てに関する相互援助ができるよう、子どもの預かり等の援助を受けることを希望する人と、援助を行うことを希望する人との連絡・調整を行います。また、その会員登録をできる場所について、事業者と連携し、様々なイベント時等に登録できるよう検討を行います。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": None,
        "relisted_serial": None,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 182,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
    83: {
        "fiscal_year": 2024,
        "serial": 83,
        "code": "Ⅲ-1-(3)-②",
        "goal": 3,
        "goal_title": "必要な人に必要な支援が届く仕組みを作る",
        "policy": 1,
        "policy_title": "支援の輪につながる、つなげる",
        "section": 3,
        "section_title": "当事者や家族等が相談しやすい体制づくり",
        "subsection": 2,
        "subsection_title": "地域のつながりを通じた潜在的な相談者の把握",
        "measure_no": 10,
        "departments": ["町田市社会福祉協議会"],
        "departments_raw": "町田市社会福祉協議会 (P.79)",
        "page_ref": 79,
        "direction": "地域をつなぐやさりげない見守りから、困りごとを抱える人や家族を把握し、関係機関につなぐ役割を担う、市民の登録制度(仮称「ふくしあさん」)を設けます。",
        "direction_raw": "【再掲Ⅲ-1-(2)-①】地域をつなぐやさりげない見守りから、困りごとを抱える人や家族を把握し、関係機関につなぐ役割を担う、市民の登録制度(仮称「ふくしあさん」)を設けます。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": "Ⅲ-1-(2)-①",
        "relisted_serial": 54,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 219,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
    104: {
        "fiscal_year": 2024,
        "serial": 104,
        "code": "Ⅲ-2-(2)-②",
        "goal": 3,
        "goal_title": "必要な人に必要な支援が届く仕組みを作る",
        "policy": 2,
        "policy_title": "支援が必要な人に寄り添い、支える",
        "section": 2,
        "section_title": "生活困窮者等への支援",
        "subsection": 2,
        "subsection_title": "子ども・子育て家庭への支援",
        "measure_no": 4,
        "departments": [
            "福祉総務課",
            "障がい福祉課",
            "高齢者支援課",
            "保健予防課",
            "子育て推進課",
            "子ども家庭支援課",
            "指導課",
        ],
        "departments_raw": "福祉総務課 障がい福祉課 高齢者支援課 保健予防課 子育て推進課 子ども家庭支援課 指導課 (P.85)",
        "page_ref": 85,
        "direction": "ヤングケアラーは、子どもの心身の発達に影響が大きいことが懸念されるため、その疑いがある場合は、教育、福祉、保健部門、民生委員・児童委員等の地域資源と連携し、適切な支援を行います。",
        "direction_raw": "ヤングケアラーは、子どもの心身の発達に影響が大きいことが懸念されるため、その疑いがある場合は、教育、福祉、保健部門、民生委員・児童委員等の地域資源と連携し、適切な支援を行います。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": None,
        "relisted_serial": None,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 274,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
    125: {
        "fiscal_year": 2024,
        "serial": 125,
        "code": "Ⅲ-2-(8)-②",
        "goal": 3,
        "goal_title": "必要な人に必要な支援が届く仕組みを作る",
        "policy": 2,
        "policy_title": "支援が必要な人に寄り添い、支える",
        "section": 8,
        "section_title": "災害時に備えた支援体制の構築",
        "subsection": 2,
        "subsection_title": "災害時に備えた避難体制・医療救護体制の整備",
        "measure_no": 1,
        "departments": [
            "防災課",
            "福祉総務課",
            "指導監査課",
            "障がい福祉課",
            "いきいき総務課",
            "高齢者支援課",
            "介護保険課",
            "保健予防課",
        ],
        "departments_raw": "防災課 福祉総務課 指導監査課 障がい福祉課 いきいき総務課 高齢者支援課 介護保険課 保健予防課 (P.91)",
        "page_ref": 91,
        "direction": "平常時から関係機関等と避難行動要支援者名簿を共有することで、災害時の避難行動要支援者の重層的な支援体制の構築に取り組みます。",
        "direction_raw": "平常時から関係機関等と避難行動要支援者名簿を共有することで、災害時の避難行動要支援者の重層的な支援体制の構築に取り組みます。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": None,
        "relisted_serial": None,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 349,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
    156: {
        "fiscal_year": 2024,
        "serial": 156,
        "code": "Ⅲ-3-(2)-②",
        "goal": 3,
        "goal_title": "必要な人に必要な支援が届く仕組みを作る",
        "policy": 3,
        "policy_title": "支援の質を確保する",
        "section": 2,
        "section_title": "福祉専門人材の育成・確保",
        "subsection": 2,
        "subsection_title": "地域における相談支援機関の連携・協働の推進",
        "measure_no": 2,
        "departments": ["町田市社会福祉協議会"],
        "departments_raw": "町田市社会福祉協議会 (P.99)",
        "page_ref": 99,
        "direction": "多様化する地域課題に対応するため、社会福祉法人で構成する地域公益活動推進協議会を設置し、地域貢献活動を促進します。",
        "direction_raw": "【再掲Ⅲ-3-(1)-③】多様化する地域課題に対応するため、社会福祉法人で構成する地域公益活動推進協議会を設置し、地域貢献活動を促進します。",
        "rating": "○",
        "rating_label": "実施",
        "relisted_code": "Ⅲ-3-(1)-③",
        "relisted_serial": 138,
        "source_file": "hotplan_progress_2024.txt",
        "source_page": None,
        "source_line": 444,
        "bbox_x0": None,
        "bbox_top": None,
        "bbox_x1": None,
        "bbox_bottom": None,
    },
}

# Every finding the 2024 document really deserves, and nothing else.
EXPECTED_FINDINGS = [
    ("warning", "heading.title_variant", 101, None, "つながりて地域の活力を生み出す"),
    ("warning", "relisted.text_differs", 219, 83, "地域をつなぐ"),
    ("warning", "relisted.text_differs", 255, 98, "なり、市内介護"),
    ("warning", "heading.title_variant", 323, None, "必要の人に必要な支援が届く仕組みを作る"),
    ("warning", "heading.numbering", 434, None, "②"),
    ("warning", "heading.numbering", 440, None, "②"),
]


def plain(value: object) -> object:
    if isinstance(value, list):
        return value
    if pd.isna(value):
        return None
    return int(value) if hasattr(value, "item") else value


def test_all_156_rows_valid(default_extraction):
    x = default_extraction
    assert x.ok
    assert x.fiscal_year == 2024
    assert len(x.items) == 156
    assert x.items["serial"].tolist() == list(range(1, 157))
    assert list(x.items.columns) == c.names(c.ITEMS)
    assert x.legend == {"○": "実施", "△": "未実施・進捗遅れ"}
    assert x.items["rating"].value_counts().to_dict() == {"○": 154, "△": 2}
    assert x.items.loc[x.items["rating"] == "△", "serial"].tolist() == [6, 46]


@pytest.mark.parametrize("serial", sorted(EXPECTED_ROWS))
def test_full_row(default_extraction, serial):
    row = default_extraction.items.set_index("serial", drop=False).loc[serial]
    assert {k: plain(v) for k, v in row.items()} == EXPECTED_ROWS[serial]


def test_findings_are_exactly_the_documents_problems(default_extraction):
    """Structure findings; the typo suspects are pinned in test_typos.py."""
    got = [
        (f.severity.value, f.check, f.source_line, f.serial, f.found)
        for f in default_extraction.finding_list
        if not f.check.startswith("typo.")
    ]
    assert got == EXPECTED_FINDINGS


def test_repeated_page_headings_keep_the_hierarchy(default_extraction):
    items = default_extraction.items.set_index("serial")
    # 61 follows a page-top repeat of 基本目標Ⅲ/基本施策1 and continues ② of section (2).
    assert items.loc[61, "code"] == "Ⅲ-1-(2)-②"
    assert items.loc[60, "code"] == "Ⅲ-1-(2)-②"
    # 151 follows a repeat with only a new header row: still ② of Ⅲ-3-(2), measure_no 3.
    assert items.loc[151, "code"] == "Ⅲ-3-(2)-②"
    assert items.loc[151, "subsection_title"] == "福祉サービス事業者向けの研修の充実"
    assert items.loc[151, "measure_no"] == 3
    # The repeat with the typo つながりて does not rename goal Ⅱ.
    assert set(items.loc[items["goal"] == 2, "goal_title"]) == {"つながりで地域の活力を生み出す"}
    codes = items.groupby("code", sort=False).size()
    assert codes.index[0] == "Ⅰ-1-(1)-①" and codes.index[-1] == "Ⅲ-3-(2)-②"
    assert items["measure_no"].eq(1).sum() == 45  # one 1 per subsection: 45 ①…⑤ lines


def test_relisted_rows_resolve(default_extraction):
    items = default_extraction.items.set_index("serial")
    relisted = items.loc[items["relisted_code"].notna(), ["relisted_code", "relisted_serial"]]
    assert relisted.to_dict("index") == {
        83: {"relisted_code": "Ⅲ-1-(2)-①", "relisted_serial": 54},
        93: {"relisted_code": "Ⅲ-2-(1)-①", "relisted_serial": 90},
        98: {"relisted_code": "Ⅰ-2-(2)-①", "relisted_serial": 21},
        139: {"relisted_code": "Ⅲ-2-(6)-①", "relisted_serial": 110},
        142: {"relisted_code": "Ⅰ-2-(2)-①", "relisted_serial": 22},
        156: {"relisted_code": "Ⅲ-3-(1)-③", "relisted_serial": 138},
    }
    # The marker is gone from direction and kept in direction_raw.
    assert not items["direction"].str.contains("再掲").any()
    assert items.loc[142, "direction_raw"].startswith("【再掲 I-2-(2)-①】")
    assert items.loc[142, "direction"] == items.loc[22, "direction"]


def test_departments_table(default_extraction):
    deps = default_extraction.departments
    assert list(deps.columns) == c.names(c.DEPARTMENTS)
    assert len(deps) == sum(len(d) for d in default_extraction.items["departments"])
    row125 = deps[deps["serial"] == 125]
    assert row125["department"].tolist()[:3] == ["防災課", "福祉総務課", "指導監査課"]
    assert row125["position"].tolist() == list(range(1, 9))


def test_every_line_is_accounted_for():
    """Nothing is silently dropped: each non-blank line has a known kind, none unparsed."""
    source = read_text(DEFAULT_DOC)
    doc = parse_lines([SourceLine(i, t) for i, t in enumerate(source.lines, 1)])
    non_blank = [i for i, t in enumerate(source.lines, 1) if t.strip()]
    kinds = [doc.kinds[i] for i in non_blank]
    assert len(doc.kinds) == len(source.lines)
    assert LineKind.UNPARSED not in kinds
    assert kinds.count(LineKind.ROW) == 156
    assert kinds.count(LineKind.HEADER) == 48
    assert kinds.count(LineKind.LEGEND) == 3
    assert kinds.count(LineKind.BOILERPLATE) == 3
    headings = kinds.count(LineKind.HEADING) + kinds.count(LineKind.REPEATED_HEADING)
    assert len(non_blank) == 156 + 48 + 3 + 3 + headings


def test_nothing_in_an_unknown_line_is_lost(extract_lines):
    lines = DEFAULT_DOC.read_text(encoding="utf-8").split("\n")
    lines.insert(30, "※ この表は令和6年度末時点のものです")
    x = extract_lines(lines)
    (f,) = findings_of(x, "input.unparsed_line")
    assert (f.source_line, f.found) == (31, "※ この表は令和6年度末時点のものです")
    assert x.ok  # a warning: the data are still complete


def _golden_files(tmp_path: Path, default_extraction) -> Path:
    return write_extraction(default_extraction, tmp_path)


@pytest.mark.parametrize("name", ["items.csv", "departments.csv", "findings.csv", "report.md"])
def test_output_matches_golden_file(tmp_path, default_extraction, name):
    produced = (_golden_files(tmp_path, default_extraction) / name).read_bytes()
    golden = GOLDEN / "hotplan_progress_2024" / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), f"{name} differs from {golden} (UPDATE_GOLDEN=1?)"
