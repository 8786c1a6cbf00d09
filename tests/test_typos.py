"""Typo suspects, review.csv and reviewed corrections."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import regex

import hotplan
import modify as m
from conftest import DEFAULT_DOC, findings_of, read_lines
from hotplan.cli import main
from hotplan.errors import InputError
from hotplan.typos.phrasing import Document, Lost
from hotplan.typos.review import REVIEW_COLUMNS

# The 2024 report's department errors, fixed as a reviewer would.
FIXED_DEPARTMENTS = {
    40: ("子ども家庭支援課指導課", "子ども家庭支援課 指導課"),
    117: ("生活介護課", "生活援護課"),
    126: ("こども発達支援課", "子ども発達支援課"),
    132: ("保育幼稚園課", "保育・幼稚園課"),
}


def suspects(x, **where) -> pd.DataFrame:
    review = x.review
    for column, value in where.items():
        review = review[review[column] == value]
    return review


def test_seikatsu_kaigo_is_the_top_suspect(default_extraction):
    review = default_extraction.review
    assert list(review.columns) == REVIEW_COLUMNS
    top = review.iloc[0]
    assert (top["serial"], top["field"], top["found"], top["suggestion"]) == (
        117,
        "departments",
        "生活介護課",
        "生活援護課",
    )
    assert top["score"] == review["score"].max()
    assert review["score"].is_monotonic_decreasing
    (finding,) = [f for f in findings_of(default_extraction, "typo.department") if f.serial == 117]
    assert finding.severity == "warning" and finding.suggestion == "生活援護課"


def test_the_2024_reports_known_errors_are_suspected(default_extraction):
    review = default_extraction.review
    got = {
        (r.serial if pd.notna(r.serial) else None, r.found, r.suggestion)
        for r in review.itertuples()
    }
    for expected in [
        (40, "子ども家庭支援課指導課", "子ども家庭支援課;指導課"),
        (126, "こども発達支援課", "子ども発達支援課"),
        (132, "保育幼稚園課", "保育・幼稚園課"),
        (1, "ブロモーション", "プロモーション"),
        (132, "動奨", "勧奨"),
        (21, "室内", "市内"),
        (83, "をつなぐ", "のつながり"),
        (None, "の人", "な人"),
        (142, "I", "Ⅰ"),
        # a stray kana, copied with its sentence into a second row
        (26, "いき", "い"),
        (30, "いき", "い"),
    ]:
        assert expected in got, expected


def test_a_suspects_context_is_the_print_around_it(default_extraction):
    """An editor reads the context, not the row: with its marks taken out it is the cell's
    print, and 【found】 stands where found is printed (a kana lost or a character read
    wrong is shown with the character before it)."""
    items = default_extraction.items.set_index("serial")
    review = default_extraction.review
    cells = review[review["field"].isin(["direction", "departments"])]
    assert len(cells) >= 15
    for r in cells.itertuples():
        printed = items.at[r.serial, f"{r.field}_raw"]
        before, rest = r.context.replace("…", "").split("【", 1)
        found, after = rest.split("】", 1)
        assert found == r.found and before + found + after in printed, r.context


def test_corrected_departments_leave_no_department_suspects(extract_lines):
    lines = read_lines()
    for serial, (wrong, right) in FIXED_DEPARTMENTS.items():
        lines = m.edit_cell(lines, serial, 2, lambda s, w=wrong, r=right: s.replace(w, r))
    x = extract_lines(lines)
    assert not x.review["field"].eq("departments").any()


@pytest.mark.parametrize(
    ("serial", "wrong", "right", "kind"),
    [
        (30, "市民協働推進課", "市民協働推進謀", "look-alike kanji"),  # 課/謀
        (123, "防災課", "妨災課", "look-alike kanji"),
        (136, "保育・幼稚園課", "保育幼稚園課", "dropped ・"),
        (109, "子ども家庭支援課", "こども家庭支援課", "こども/子ども"),
        (48, "健康推進課", "健康推進部", "real-word swap"),
    ],
)
def test_injected_department_errors_are_found(extract_lines, serial, wrong, right, kind):
    lines = m.edit_cell(read_lines(), serial, 2, lambda s: s.replace(wrong, right))
    hits = suspects(extract_lines(lines), serial=serial, field="departments")
    assert hits[["found", "suggestion"]].values.tolist() == [[right, wrong]], kind


def test_unknown_department_asks_to_extend_the_registry(extract_lines):
    lines = m.edit_cell(read_lines(), 5, 2, lambda s: s.replace("図書館", "デジタル戦略室"))
    (hit,) = suspects(extract_lines(lines), serial=5).itertuples()
    assert (
        hit.suggestion == ""
        and "担当課の登録簿（hotplan/data/departments.csv）に追加" in hit.evidence
    )


@pytest.mark.parametrize(
    ("serial", "right", "wrong", "found", "word"),
    [
        (19, "ボランティア", "ポランティア", "ポランティア", "ボランティア"),  # handakuten
        (4, "コミュニティ", "コミュニテイ", "コミュニテイ", "コミュニティ"),  # small kana
        (9, "スタッフ", "スタツフ", "スタツフ", "スタッフ"),  # small kana
        (47, "ダウンロード", "ダウンロド", "ダウンロド", "ダウンロード"),  # ー dropped
        # one glyph read twice, with and without its dakuten (OCR)
        (9, "フェイスブック", "フェイスプブック", "フェイスプブック", "フェイスブック"),
        # a look-alike by strokes, which pixel similarity ranks low (ク/ケ)
        (31, "ネットワーク", "ネットワーケ", "ネットワーケ", "ネットワーク"),
        # two kana swapped; a kana lost where the report prints the word (ボランティア)
        (19, "ボランティア", "ボラティンア", "ボラティンア", "ボランティア"),
        (15, "ボランティア", "ボランテア", "ボランテア", "ボランティア"),
        # two kana that lost their ー: no common word, with ー a common one (テーマ) or
        # katakana the report prints (メール)
        (13, "テーマ", "テマ", "テマ", "テーマ"),
        (49, "メール", "メル", "メル", "メール"),
    ],
)
def test_injected_katakana_errors_are_found(extract_lines, serial, right, wrong, found, word):
    """found is the smallest suspect span: the misspelt word, not the whole katakana run."""
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(right, wrong, 1))
    hits = suspects(extract_lines(lines), serial=serial, field="direction")
    assert [found, word] in hits[["found", "suggestion"]].values.tolist()


@pytest.mark.parametrize(
    ("serial", "right", "wrong", "added", "evidence"),
    [
        # NPO printed twice: one swapped leaves a 1-1 tie, broken by how common each is
        (20, "NPO", "NOP", "", "NOP と NPO は文書内で 1 回ずつ。隣り合う 2 字の入れ替えで NPO"),
        # ICT printed twice, a third time beside the slip: the document's majority
        (154, "ICT", "ITC", "ICTを活用します。", "ITC は 1 回印刷。隣り合う 2 字の入れ替えで ICT"),
        (33, "LGBT", "LGTB", "LGBT研修を行います。", "LGTB と LGBT は文書内で 1 回ずつ。"),
        (12, "SNS", "ＳＮＳ", "", None),  # width is printing, not spelling
        (12, "SNS", "SOS", "SNSを使います。", None),  # three letters, one changed: another word
    ],
)
def test_a_latin_word_one_slip_from_the_documents_own_spelling_is_suspected(
    extract_lines, serial, right, wrong, added, evidence
):
    lines = m.edit_cell(read_lines(), 1, 3, lambda s: s + added)  # printed elsewhere too
    lines = m.edit_cell(lines, serial, 3, lambda s: s.replace(right, wrong, 1))
    review = extract_lines(lines).review
    latin = review[review["found"] == wrong]
    if evidence is None:
        assert latin.empty
        return
    (hit,) = latin.itertuples()
    assert (hit.serial, hit.suggestion) == (serial, right)
    assert hit.evidence.startswith(evidence)
    assert review[review["found"] == right].empty  # the right spelling is not suspected


@pytest.mark.parametrize(
    ("serial", "right", "wrong", "pair"),
    [
        (44, "地域が抱えている", "地城が抱えている", ["地城", "地域"]),
        # beside a kanji that stands alone by nature (者), a look-alike's word: OCR's 思者
        (70, "療養患者と", "療養思者と", ["思者", "患者"]),
    ],
)
def test_injected_kanji_lookalike_is_found(extract_lines, serial, right, wrong, pair):
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(right, wrong, 1))
    hits = suspects(extract_lines(lines), serial=serial, field="direction")
    assert pair in hits[["found", "suggestion"]].values.tolist()


@pytest.mark.parametrize(
    ("serial", "right", "wrong"),
    [
        (44, "地域が抱えている", "地城が抱えている"),  # 城/域: nearest glyphs
        (19, "ボランティア活動", "ボランティア括動"),  # 括/活: a shared part, same sound
        (21, "多様な生活支援", "多様な生活支暖"),  # 暖/援: far in whole-glyph ranking
    ],
)
def test_injected_kanji_swap_is_found_with_the_right_word(extract_lines, serial, right, wrong):
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(right, wrong, 1))
    hits = suspects(extract_lines(lines), serial=serial, field="direction")
    found, suggestion = next((f, s) for f, s in hits[["found", "suggestion"]].values if f in wrong)
    assert wrong.replace(found, suggestion, 1) == right


@pytest.mark.parametrize(
    ("serial", "right", "wrong"),
    [
        (147, "保育士養成校", "保育士義成校"),  # 義成: a place name (OCR of a grey scan)
        (40, "ネットワーク連絡会", "ネットワーク連組会"),  # 連組: a personal name
        (15, "地域と一体に", "地域と一休に"),  # 一休: a personal name
    ],
)
def test_a_common_word_read_as_a_proper_name_is_suspected(
    default_extraction, extract_lines, serial, right, wrong
):
    """OCR reads a word one stroke from the one printed, and the dictionary knows some such
    pairs only as names: 養成 read 義成 (a place) passed as a word. A name printed
    nowhere else, whose look-alike makes a common word that reads more naturally, is
    suspected; the report's own names (町田, on every page) are not."""
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(right, wrong, 1))
    hits = suspects(extract_lines(lines), serial=serial, field="direction")
    proper = hits[hits["evidence"].str.contains("固有名詞")]
    assert len(proper) == 1
    found, suggestion = proper.iloc[0][["found", "suggestion"]]
    assert wrong.replace(found, suggestion, 1) == right
    review = default_extraction.review
    assert not review["evidence"].str.contains("固有名詞").any()


def test_glyph_similarity_ranks_a_shared_part_above_a_context_fit():
    """The coarse glyphs decide between the words a context allows: 括 is nearer 活 than 啓,
    呆 nearer 保 than 子; a character the table does not draw is 0."""
    from hotplan.typos.lookalikes import glyph_similarity as g

    assert g("括", "活") > g("括", "啓") and g("呆", "保") > g("呆", "子")
    assert g("城", "域") > 0.9 and g("城", "城") > 0.999 and g("a", "城") == 0.0


def test_injected_heading_variant_is_outvoted(extract_lines):
    lines = read_lines()
    i = lines.index("基本目標Ⅲ 必要な人に必要な支援が届く仕組みを作る", 200)
    lines[i] = "基本目標Ⅲ 必要な人に必要な支援が届く仕組みを作ろ"
    hits = suspects(extract_lines(lines), field="goal_title", source_line=i + 1)
    assert hits[["found", "suggestion"]].values.tolist() == [["作ろ", "作る"]]


def test_injected_relisted_difference_is_found(extract_lines):
    lines = m.edit_cell(read_lines(), 139, 3, lambda s: s.replace("金銭管理", "金銭官理"))
    hits = suspects(extract_lines(lines), serial=139, field="direction")
    assert ["官理", "管理"] in hits[["found", "suggestion"]].values.tolist()


def test_relisted_difference_in_the_original_points_at_the_original(extract_lines):
    """Serial 98 re-lists 21; the slip is in 21. Two versions, no majority: the one that
    reads worse is the odd one, and the correct copy is not flagged."""
    lines = m.edit_cell(read_lines(), 21, 3, lambda s: s.replace("ターが中心", "ターか中心"))
    x = extract_lines(lines)
    review = x.review[x.review["signals"].str.contains("consistency.relisted")]
    slip = review[review["found"].str.contains("か") & review["serial"].isin([21, 98])]
    assert slip["serial"].tolist() == [21]
    found, suggestion = slip.iloc[0][["found", "suggestion"]]
    assert found.replace("か", "が") == suggestion
    # The report's own difference (21 prints 室内介護事業所, 98 市内) is put on 21 too.
    assert review.loc[review["found"] == "室内", ["serial", "suggestion"]].values.tolist() == [
        [21, "市内"]
    ]


# -- review.csv and corrections -------------------------------------------------------------


def review_rows(x, **where) -> list[dict]:
    rows = suspects(x, **where)
    return [{k: ("" if pd.isna(v) else v) for k, v in r.items()} for r in rows.to_dict("records")]


def write_corrections(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_accepted_corrections_apply_and_raw_keeps_the_print(default_extraction, tmp_path):
    decisions = []
    for row in review_rows(default_extraction):
        if row["serial"] == 117 or row["found"] in ("ブロモーション", "の人"):
            decisions.append({**row, "decision": "accept"})
        elif row["serial"] == 40:
            decisions.append({**row, "decision": "reject"})
        elif row["found"] == "動奨":
            decisions.append({**row, "decision": "edit", "suggestion": "勧奨"})
    fixes = write_corrections(tmp_path / "fixes.csv", decisions)
    x = hotplan.extract(DEFAULT_DOC, corrections=fixes)
    items = x.items.set_index("serial")
    assert items.loc[117, "departments"][0] == "生活援護課"
    assert items.loc[117, "departments_raw"].startswith("生活介護課")
    assert "シティプロモーション" in items.loc[1, "direction"]
    assert "シティブロモーション" in items.loc[1, "direction_raw"]
    assert "受審勧奨" in items.loc[132, "direction"]
    applied = findings_of(x, "correction.applied")
    assert len(applied) == 4 and all(f.severity == "info" for f in applied)
    assert "生活援護課" in set(x.departments["department"])
    assert "生活介護課" not in set(x.departments["department"])
    # Fixed or rejected suspects are not reported again; the others still are.
    reported = {f.found for f in x.finding_list if f.check.startswith("typo.")}
    assert not reported & {"生活介護課", "ブロモーション", "子ども家庭支援課指導課", "動奨", "の人"}
    assert "保育幼稚園課" in reported
    # …and no finding about the corrected heading is left (line 323's title variant).
    assert not [f for f in x.finding_list if f.source_line == 323 and f.severity != "info"]
    # The new review.csv keeps every decision with what became of it, then the open ones.
    pending = x.review[x.review["status"] == "pending"]
    assert not set(pending["found"]) & {"生活介護課", "ブロモーション", "子ども家庭支援課指導課"}
    assert "保育幼稚園課" in set(pending["found"])
    decided = x.review[x.review["status"] != "pending"].set_index("found")
    assert decided.loc["生活介護課", "status"] == "applied"
    assert decided.loc["子ども家庭支援課指導課", "status"] == "rejected"
    assert decided.loc["動奨", ["decision", "status"]].tolist() == ["edit", "applied"]
    assert len(decided) == len(decisions)


def test_default_corrections_file_beside_the_input(default_extraction, tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_bytes(DEFAULT_DOC.read_bytes())
    row = review_rows(default_extraction, serial=117)[0]
    write_corrections(tmp_path / "report.corrections.csv", [{**row, "decision": "accept"}])
    assert hotplan.extract(doc).items.set_index("serial").loc[117, "departments"][0] == "生活援護課"


def test_stale_correction_warns_and_changes_nothing(default_extraction, tmp_path):
    row = review_rows(default_extraction, serial=1)[0]
    fixes = write_corrections(
        tmp_path / "fixes.csv", [{**row, "found": "プロモーションズ", "decision": "accept"}]
    )
    x = hotplan.extract(DEFAULT_DOC, corrections=fixes)
    (stale,) = findings_of(x, "correction.stale")
    assert stale.severity == "warning" and stale.serial == 1
    pd.testing.assert_frame_equal(x.items, default_extraction.items)


def test_numbers_are_never_corrected(default_extraction, tmp_path):
    rows = [
        {**r, "decision": "accept"} for r in review_rows(default_extraction, field="subsection")
    ]
    x = hotplan.extract(DEFAULT_DOC, corrections=write_corrections(tmp_path / "f.csv", rows))
    pd.testing.assert_frame_equal(x.items, default_extraction.items)
    assert len(findings_of(x, "correction.acknowledged")) == 2
    subsections = x.review[x.review["field"].eq("subsection")]
    assert subsections["status"].eq("acknowledged").all() and len(subsections) == 2


def test_bad_corrections_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "fixes.csv"
    bad.write_text("id,decision\nT1,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="decision は accept、edit、reject のどれか"):
        hotplan.extract(DEFAULT_DOC, corrections=bad)
    with pytest.raises(InputError, match="その修正ファイルはありません"):
        hotplan.extract(DEFAULT_DOC, corrections=tmp_path / "missing.csv")


def test_typos_command_prints_ranked_table_and_writes_review(tmp_path, capsys):
    assert main(["typos", str(DEFAULT_DOC), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[1]
    assert first.startswith("  1. 0.95") and "生活介護課 → 生活援護課" in first
    review = pd.read_csv(tmp_path / DEFAULT_DOC.stem / "review.csv", encoding="utf-8-sig")
    assert list(review.columns) == REVIEW_COLUMNS
    assert review["score"].is_monotonic_decreasing
    assert review["id"].is_unique


def test_extract_writes_review_csv(tmp_path):
    assert main(["extract", str(DEFAULT_DOC), "--out", str(tmp_path)]) == 0
    review = pd.read_csv(tmp_path / DEFAULT_DOC.stem / "review.csv", encoding="utf-8-sig")
    assert review.iloc[0]["found"] == "生活介護課"


def test_empty_registry_lints_everything_but_departments(extract_lines, tmp_path):
    registry = tmp_path / "departments.csv"
    registry.write_text("name,status,canonical,evidence\n", encoding="utf-8")
    x = extract_lines(read_lines(), registry=registry)
    assert not x.review["field"].eq("departments").any()
    assert "ブロモーション" in set(x.review["found"])


def test_bad_registry_is_one_clear_error(extract_lines, tmp_path):
    registry = tmp_path / "departments.csv"
    registry.write_text("name,status,canonical,evidence\n福祉課,maybe,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="2 行目: 名前と状態"):
        extract_lines(read_lines(), registry=registry)


def test_word_frequencies_are_wordfreqs_own():
    """The lint reads wordfreq's data file itself (no 0.3 s import): same values."""
    import wordfreq

    from hotplan.typos import dictionary

    reference = wordfreq.get_frequency_dict("ja", wordlist="best")
    words = [*sorted(reference)[:: max(1, len(reference) // 2000)], "コミュニティ", "地域"]
    for word in words:
        assert dictionary.zipf(word) == pytest.approx(wordfreq.freq_to_zipf(reference[word])), word
    assert dictionary.zipf("ホッとプランン") == 0.0


def test_a_second_review_round_keeps_every_earlier_decision(tmp_path, capsys):
    """The README's loop, twice: review.csv → decide → save as raw/<stem>.corrections.csv
    → extract → the new review.csv → decide the new rows → save again. Nothing decided in
    round one is lost, and nothing fixed is reported again."""
    raw = tmp_path / "raw"
    raw.mkdir()
    doc = raw / "report.txt"
    doc.write_bytes(DEFAULT_DOC.read_bytes())
    out = tmp_path / "out"
    corrections = raw / "report.corrections.csv"

    def review() -> pd.DataFrame:
        assert main(["extract", str(doc), "--out", str(out)]) == 0
        return pd.read_csv(out / "report" / "review.csv", encoding="utf-8-sig", dtype=str)

    first = review()
    assert set(first["status"]) == {"pending"}
    decide = {"生活介護課": "accept", "子ども家庭支援課指導課": "reject", "の人": "accept"}
    first["decision"] = first["found"].map(decide).fillna("")
    first.to_csv(corrections, index=False, encoding="utf-8-sig")

    second = review()
    decided = second[second["decision"].notna()].set_index("found")
    assert decided["status"].to_dict() == {
        "生活介護課": "applied",
        "子ども家庭支援課指導課": "rejected",
        "の人": "applied",
    }
    pending = second[second["status"] == "pending"]
    assert len(pending) == len(first) - 3 and not set(pending["found"]) & set(decide)
    # Round two: decide one more and save the whole file again, as an editor would.
    second.loc[second["found"] == "保育幼稚園課", "decision"] = "accept"
    second.to_csv(corrections, index=False, encoding="utf-8-sig")

    third = review()
    decisions = third[third["decision"].notna()].set_index("found")["status"].to_dict()
    assert decisions == {
        "生活介護課": "applied",
        "子ども家庭支援課指導課": "rejected",
        "の人": "applied",
        "保育幼稚園課": "applied",
    }
    findings = pd.read_csv(out / "report" / "findings.csv", encoding="utf-8-sig", dtype=str)
    # The corrected heading's title variant (line 323) is resolved, not reported again.
    assert not ((findings["source_line"] == "323") & (findings["severity"] != "info")).any()
    # `hotplan typos` follows the same rule.
    capsys.readouterr()
    assert main(["typos", str(doc), "--out", str(tmp_path / "t")]) == 0
    typos = pd.read_csv(tmp_path / "t" / "report" / "review.csv", encoding="utf-8-sig", dtype=str)
    assert typos["status"].value_counts().to_dict() == third["status"].value_counts().to_dict()


def test_one_problem_is_one_finding_naming_both_checks(default_extraction):
    checks_at: dict[tuple, list[str]] = {}
    for f in default_extraction.finding_list:
        if f.field is not None:
            place = (f.source_line, f.source_page, f.serial, f.field)
            checks_at.setdefault(place, []).append(f.check)
    # No place has both a typo suspect and a document check's finding for one field.
    mixed = {
        place: checks
        for place, checks in checks_at.items()
        if any(c.startswith("typo.") for c in checks)
        and any(not c.startswith("typo.") for c in checks)
    }
    assert mixed == {}
    merged = {f.source_line: f for f in default_extraction.finding_list if f.also}
    assert merged[434].check == "heading.numbering" and merged[434].also == "typo.numbering"
    assert merged[101].check == "heading.title_variant" and merged[101].also == "typo.heading"
    assert "誤字の疑い" in merged[101].message  # the typo's evidence is kept
    assert merged[219].also == "typo.relisted"
    # 24: the heading printed twice is flagged once, on the side that reads worse (line 101)
    assert len(default_extraction.finding_list) == 24


def test_prose_lint_finds_shifted_verb_forms_by_the_documents_own_phrasing(default_extraction):
    """取り組めます (twice in 2024) where the report prints 取り組みます five times."""
    prose = default_extraction.review[default_extraction.review["signals"].str.contains("grammar")]
    verb = prose[prose["found"] == "組め"]
    assert sorted(verb["source_line"].tolist()) == [417, 424]
    assert set(verb["suggestion"]) == {"組み"} and verb["signals"].str.contains("document").all()
    assert verb["evidence"].str.contains("この文書にも 5 回").all()


def test_a_typo_copied_into_a_relisted_row_is_still_found(extract_lines):
    """通番 93 repeats 通番 90 (再掲) word for word: a typo in both is not the document's
    own spelling confirmed by a second print, and both places are suspected."""
    typo = lambda s: s.replace("これまでサポート", "これまてサポート", 1)  # noqa: E731
    lines = m.edit_cell(m.edit_cell(read_lines(), 90, 3, typo), 93, 3, typo)
    x = extract_lines(lines)
    hits = x.review[x.review["serial"].isin([90, 93]) & (x.review["found"] == "まて")]
    assert sorted(hits[["serial", "suggestion"]].values.tolist()) == [[90, "まで"], [93, "まで"]]


def test_kanji_lint_reads_a_lone_kanji_known_only_as_a_name_as_a_slip(
    default_extraction, extract_lines
):
    """各事業者到手話 (2024, 通番 46): 到 reads only as a personal name, and the report prints
    者等 15 times; the same slip put elsewhere is found too. A name in brackets (「町トシ」,
    通番 56) is none, and 受審動奨 gets one suspect, its look-alike 勧奨, not a second for 奨."""
    review = default_extraction.review
    kanji = review[review["signals"].str.contains("dictionary.kanji")]
    lone = kanji[kanji["serial"] == 46]
    assert lone[["found", "suggestion"]].values.tolist() == [["者到", "者等"]]
    assert "人名としてしか読めず" in lone.iloc[0]["evidence"]
    assert kanji[kanji["serial"] == 132]["suggestion"].tolist() == ["勧奨"]
    assert not (review["serial"] == 56).any()
    lines = m.edit_cell(read_lines(), 20, 3, lambda s: s.replace("事業者等の", "事業者到の", 1))
    x = extract_lines(lines)
    hits = x.review[(x.review["serial"] == 20) & x.review["signals"].str.contains("kanji")]
    assert hits[["found", "suggestion"]].values.tolist() == [["者到", "者等"]]


@pytest.mark.parametrize(
    ("serial", "printed", "typo"),
    [
        (40, "地域での子ども", "地域ての子ども"),  # a dropped dakuten
        (40, "意識を高めます", "意識を高めまず"),  # an added dakuten
        (40, "高めます", "高ぬます"),  # a look-alike kana: め/ぬ
        (119, "を行う等", "を行ら等"),  # look-alike strokes, far apart as pixels: う/ら
        # い/り, a pair no glyph table holds, where the report prints を行いま 50 times
        (3, "を行います", "を行ります"),
        # a dropped dakuten of a compound (関係づくり): the report prints づく after a kanji
        # many times and つく after one never
        (155, "関係づくり", "関係つくり"),
        # …and after katakana, where a suffix voices as after kanji (ネットワークづくり)
        (31, "ネットワークづくり", "ネットワークつくり"),
        # a kanji standing alone read as its look-alike: from the glyph table (輪/輸), and
        # by coarse shape only, where the report prints the kanji in this company (子/予)
        (25, "の輪を広", "の輸を広"),
        (49, "、子ども・子育", "、予ども・子育"),
        # a lone kanji where the report prints another between the same neighbours many
        # times: a rare kanji, drawn in no glyph table (衍; を行い 64 times), or one only
        # coarsely alike (応/広, below the table's floor; を広げ 5 times)
        (3, "を行います", "を衍います"),
        (25, "を広げ", "を応げ"),
        # a dropped kana that completes a phrase the report prints many times (による,
        # について), where the print around the place is printed nowhere else
        (9, "職員による訪問", "職員によ訪問"),
        (6, "について考えて", "につい考えて"),
        # slips of the hand: a kana or a kanji printed twice, two kana swapped, a stray
        # kana, where the print is printed nowhere else in the report
        (19, "対応するため", "対応するるため"),
        (15, "関係機関と", "関係係機関と"),
        (5, "推進します", "推進推進します"),
        (2, "を行います", "を行まいす"),
        (40, "見守り", "見守ねり"),
        # a kanji lost from a compound the report prints (地域福祉 4 times); two kanji
        # transposed where it prints them the other way round (推進 38 times)
        (23, "地域福祉", "地福祉"),
        (6, "を推進", "を進推"),
    ],
)
def test_prose_lint_finds_an_injected_kana_error(
    extract_lines, default_extraction, serial, printed, typo
):
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(printed, typo, 1))
    x = extract_lines(lines)
    prose = x.review["signals"].str.contains("grammar|document.pattern")
    hits = x.review[(x.review["serial"] == serial) & prose]
    assert len(hits) == 1, hits[["found", "suggestion"]]
    found, suggestion, evidence = hits.iloc[0][["found", "suggestion", "evidence"]]
    assert found in typo and typo.replace(found, suggestion, 1) == printed
    if "document.pattern" in hits.iloc[0]["signals"]:  # the pattern stated as counted
        pattern = r"漢字・片仮名の後に「.{2}」と \d+ 回書き、「.{2}」とは書いていません"
        assert regex.search(pattern, evidence)
    # …and the clean report has no prose suspect in that row.
    clean = default_extraction
    assert not (clean.review["serial"] == serial).any() or "grammar" not in "".join(
        clean.review.loc[clean.review["serial"] == serial, "signals"]
    )


@pytest.mark.parametrize(
    ("serial", "printed", "typo", "found", "suggestion", "evidence"),
    [
        # a small kana read large: MeCab reads 行つて hardly worse than 行って, but the
        # report prints って after a kanji many times and つて never
        (7, "行っている", "行つている", "行つ", "行っ", "の後に「って」と 10 回"),
        # a full stop read as a comma: MeCab even prefers ます、, but the report ends
        # every sentence with ます。 (244 times) and never prints す、
        (3, "行います。また", "行います、また", "す、", "す。", "「す。」と 244 回書き"),
        # a comma read as a full stop: the report prints え、 four times, え。 never
        (77, "迎え、楽しく", "迎え。楽しく", "え。", "え、", "読点と句点の取り違え"),
        # a full stop lost between two sentences, or at a cell's end: the report ends 244
        # sentences with ます。 and never runs ます on into a kanji or another sentence
        (3, "行います。また", "行いますまた", "す", "す。", "句点なしで「ますま」と続けて"),
        (4, "実施します。", "実施します", "す", "す。", "欄は句点なしの「ます」で終わって"),
        # a comma printed twice: whatever MeCab says, prose never doubles a stop
        (145, "交え、方策", "交え、、方策", "、、", "、", "二重に打たれた記号"),
        # a verb form shifted to one that is grammatical itself (the potential 図れます):
        # MeCab prefers it, but the report prints を図ります many times and 図れます never
        (11, "を図ります", "を図れます", "図れ", "図り", "活用の段の違い"),
        (12, "していきます", "していけます", "いけ", "いき", "活用の段の違い"),
        # the iteration mark read as a look-alike: 様夕 is no word, 様々 is one
        (16, "様々な", "様夕な", "様夕", "様々", "踊り字「々」を読み違えた"),
        # a line read twice over: eight characters printed twice, side by side
        (
            145, "交え、方策や事業", "交え、方策や事業交え、方策や事業",
            "業交え、方策や事業", "業", "二重に打たれた語句",
        ),
    ],
)  # fmt: skip
def test_ocr_slips_of_size_and_stops_are_found(
    extract_lines, default_extraction, serial, printed, typo, found, suggestion, evidence
):
    assert typo.replace(found, suggestion, 1) == printed
    _one_suspect_in_row(extract_lines, default_extraction, serial, printed, typo)(
        found, suggestion, evidence
    )


def _one_suspect_in_row(extract_lines, clean, serial: int, right: str, wrong: str):
    """The row printed with wrong for right, read: a check that its 取組の方向性 has one
    suspect, found → suggestion with evidence, where the clean report has none."""
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(right, wrong, 1))
    x = extract_lines(lines)
    hits = x.review[(x.review["serial"] == serial) & (x.review["field"] == "direction")]

    def check(found: str, suggestion: str, evidence: str) -> None:
        assert hits[["found", "suggestion"]].values.tolist() == [[found, suggestion]]
        assert evidence in hits.iloc[0]["evidence"]
        assert not (clean.review["serial"] == serial).any()

    return check


def test_small_kana_stand_only_where_japanese_puts_them():
    """A size edit proposes a small kana only where one can stand: ゃ after an i-row kana
    (見守りや is weighed as りゃ, 地域や never), っ before a consonant that doubles."""
    from hotplan.typos.prose_edits import edits

    document = Document(["地域や見守りや行つて来つた"])
    sized = {(e.start, e.edited) for e in edits("地域や見守りや行つて来つた", document)
             if e.kind == "kana_size"}  # fmt: skip
    assert sized == {(6, "ゃ"), (8, "っ"), (11, "っ")}


def test_a_full_stop_is_missed_only_where_the_document_always_prints_one():
    """ます。 72 times, ます without it 7 times: a stop is lost in ますまた and after a
    cell's last ます, not in ますが, which the document prints three times, nor before a
    bracket or a mark; where a tenth of its ます have no stop, none is proposed."""
    from hotplan.typos.prose_edits import edits

    verbs = ["行い", "図り", "進め", "努め", "取組み", "支援し"]
    texts = [f"{verb}ます。" * 12 for verb in verbs]
    texts += ["行いますが、", "図りますが、", "進めますが、"]
    texts += ["行いますまた、", "図ります", "進めます」", "努めます、"]

    def stops(text: str, document: Document) -> list[int]:
        return [e.start for e in edits(text, document) if e.kind == "dropped_stop"]

    document = Document(texts)
    assert stops("行いますまた、", document) == [4]
    assert stops("図ります", document) == [4]
    for text in ("行いますが、", "進めます」", "努めます、"):
        assert stops(text, document) == []
    plain = Document([*texts, *(f"{verb}ます" for verb in verbs * 2)])
    assert stops("図ります", plain) == stops("行いますまた、", plain) == []


@pytest.mark.parametrize(
    ("texts", "found", "suggestion", "signal"),
    [
        # a kana no look-alike table pairs with the printed one (ヲ for ラ), where the
        # document prints the word right twice and more
        (
            ["ボランティア活動", "ボランティア等", "ボヲンティア等と"],
            "ボヲンティア", "ボランティア", "document.variant",
        ),
        # …and where it does not, the one kana that makes a common word (ノ for ン)
        (["スマートフォノで相談"], "フォノ", "フォン", "dictionary.katakana"),
    ],
)  # fmt: skip
def test_katakana_with_any_other_kana_in_one_place_is_found(texts, found, suggestion, signal):
    from hotplan.typos.katakana import katakana_suspects
    from hotplan.typos.suspects import Spot

    got = list(katakana_suspects([Spot("direction", x, k) for k, x in enumerate(texts)], Counter()))
    assert [(s.found, s.suggestion) for s in got] == [(found, suggestion)]
    assert signal in dict(got[0].signals)


def test_katakana_that_is_a_word_is_no_variant_of_a_commoner_one():
    """センサー beside センター (printed more often) is a word of its own: no suspect."""
    from hotplan.typos.katakana import katakana_suspects
    from hotplan.typos.suspects import Spot

    texts = ["支援センターと", "相談センターで", "センサーを設置"]
    spots = [Spot("direction", x, k) for k, x in enumerate(texts)]
    assert list(katakana_suspects(spots, Counter())) == []


@pytest.mark.parametrize(
    ("texts", "found", "suggestion", "evidence"),
    [
        # a voicing mark read apart from its kana: joined by Unicode composition
        (["相談員か゛介護"], "か゛", "が", "濁点・半濁点が仮名から離れて"),
        (["ヘルハ\u309aー"], "ハ\u309a", "パ", "濁点・半濁点が仮名から離れて"),
        # a kanji read as its radical and the rest: the one the document prints between
        # the same neighbours (生活づ twice), else no suggestion
        (["生活づくり", "自治・生氵舌づくり"], "氵舌", "活", "同じ前後に書く「活」"),
        (["地域の亻本制を"], "亻本", "", "部首だけの文字です。一つの漢字が二つに"),
        (["氵舌動を支える"], "氵舌", "", "部首だけの文字です"),  # at the text's start
    ],
)  # fmt: skip
def test_a_character_read_as_two_is_found(texts, found, suggestion, evidence):
    from hotplan.typos.detached import detached_suspects
    from hotplan.typos.suspects import Spot

    got = list(detached_suspects([Spot("direction", text, k) for k, text in enumerate(texts)]))
    assert [(s.found, s.suggestion) for s in got] == [(found, suggestion)]
    assert evidence in got[0].evidence


@pytest.mark.parametrize(
    ("text", "found", "suggestion", "evidence"),
    [
        ("生活支援ｺｰﾃﾞｨﾈｰﾀｰが中心", "ｺｰﾃﾞｨﾈｰﾀｰ", "コーディネーター", "半角カタカナです"),
        ("ごみ減量サポ−ターの担い手", "ポ−", "ポー", "長音符「ー」"),
        ("地域のセンタ-に", "タ-", "ター", "長音符「ー」"),
        # the document prints 、 and 。 between Japanese characters: a Latin , or a
        # full-width ． is not its form
        ("連携し,支援します", "し,", "し、", "他の箇所の形（「、」）"),
        ("支援します．また", "す．", "す。", "他の箇所の形（「。」）"),
        # digits and letters of the other width than the document's own (it prints 5地域)
        ("市内５地域で", "５", "5", "違う幅（全角・半角）の英数字"),
        ("ＮＰＯ法人と", "ＮＰＯ", "NPO", "違う幅（全角・半角）の英数字"),
        # a half-width stop, bracket or middle dot, a full-width parenthesis where the
        # document prints half-width ones, the Latin middle dot OCR reads for ・
        ("支援します｡また", "す｡", "す。", "他の箇所の形（「。」）"),
        # a faint comma read as a quote or the dot radical
        ("働きかけ'若い世代", "け'", "け、", "他の箇所の形（「、」）"),
        ("ためヽ地域", "めヽ", "め、", "他の箇所の形（「、」）"),
        ("とともに丶更生", "に丶", "に、", "他の箇所の形（「、」）"),
        ("｢ふくしあ」で", "｢", "「", "違う形の記号"),
        ("高齢者･障がい者", "･", "・", "違う形の記号"),
        ("高齢者·障がい者", "·", "・", "違う形の記号"),
        ("見守り（仮称)で", "（", "(", "違う形の記号"),
    ],
)  # fmt: skip
def test_a_character_in_another_form_is_found(text, found, suggestion, evidence):
    from hotplan.typos.forms import form_suspects
    from hotplan.typos.suspects import Spot

    document = ["2024年度も市内5地域で「支え合い」・見守り(仮称)、つながります。" * 10, text]
    spots = [Spot("direction", body, k) for k, body in enumerate(document)]
    got = list(form_suspects(spots))
    assert [(s.found, s.suggestion) for s in got] == [(found, suggestion)]
    assert evidence in got[0].evidence


def test_forms_the_document_uses_are_no_suspects():
    """A document printing ，and ． as its stops keeps them; a dash before a number, a
    comma in a number and a Latin word stay (ステップ-1, 1,000, LINE,)."""
    from hotplan.typos.forms import form_suspects
    from hotplan.typos.suspects import Spot

    texts = ["地域で支え合い，つながります．" * 10, "ステップ-1を1,000人が、LINE,で。"]
    assert list(form_suspects([Spot("direction", body, k) for k, body in enumerate(texts)])) == []
    # a document printing full-width parentheses keeps them, and one printing both
    # middle dots alike has no form of its own
    texts = ["見守り（仮称）が" * 10, "高齢者･障がい者", "高齢者・障がい者"]
    assert list(form_suspects([Spot("direction", body, k) for k, body in enumerate(texts)])) == []
    # a document printing digits in full width keeps them; one printing both alike has
    # no width of its own
    texts = ["市内５地域で、" * 10, "２０２４年度に"]
    assert list(form_suspects([Spot("direction", body, k) for k, body in enumerate(texts)])) == []
    texts = ["市内５地域で、", "2024年度に"]
    assert list(form_suspects([Spot("direction", body, k) for k, body in enumerate(texts)])) == []


def test_characters_read_as_two_or_in_another_form_are_documented_findings(extract_lines):
    """End to end: the findings of both new checks are in the contract, on their row."""
    from hotplan.outputs.contract import documented_checks

    lines = m.edit_cell(read_lines(), 16, 3, lambda s: s.replace("様々な", "様々なか゛", 1))
    lines = m.edit_cell(lines, 19, 3, lambda s: s.replace("ボランティア", "ﾎﾞﾗﾝﾃｨｱ", 1))
    x = extract_lines(lines)
    found = {(f.check, f.serial, f.found) for f in x.finding_list if f.check.startswith("typo.")}
    assert ("typo.detached", 16, "か゛") in found
    assert ("typo.form", 19, "ﾎﾞﾗﾝﾃｨｱ") in found
    assert {f.check for f in x.finding_list} <= documented_checks()


def test_a_character_read_as_two_is_no_suspect_where_the_print_is_whole(default_extraction):
    """The 2024 report prints no detached mark or radical, and every character in its own
    form: no such suspect."""
    signals = default_extraction.review["signals"]
    assert not signals.str.contains("shape.detached|convention.form").any()


def test_a_particle_lost_between_nouns_is_found_by_the_documents_phrase_alone(
    extract_lines, default_extraction
):
    """関係機関連携: MeCab reads the join as one compound noun, at no cost, but the report
    prints 機関と連携 seven times and 機関連携 nowhere: the phrase alone makes the suspect."""
    lines = m.edit_cell(read_lines(), 73, 3, lambda s: s.replace("機関と連携", "機関連携", 1))
    x = extract_lines(lines)
    hits = x.review[(x.review["serial"] == 73) & (x.review["field"] == "direction")]
    assert len(hits) == 1, hits[["found", "suggestion"]]
    hit = hits.iloc[0]
    assert (hit["found"], hit["suggestion"]) == ("関", "関と")  # the character before, as shown
    assert "document.phrase" in hit["signals"] and "grammar" not in hit["signals"]
    assert hit["evidence"].startswith(
        "この文書は「機関と連携」と 6 回書き、「機関連携」とはここにしか"
    )
    assert not (default_extraction.review["serial"] == 73).any()


@pytest.mark.parametrize(
    ("serial", "printed", "typo", "shown", "evidence"),
    [
        # the report prints を増や 7 times, and 増や nowhere without を
        (4, "担い手を増やす", "担い手増やす", ("手", "手を"), "「を増や」と 7 回書き"),
        # …and ついて 21 times, つい never without て (a kana lost after the pair)
        (3, "活動についての", "活動についの", ("い", "いて"), "「つい」を「て」なし"),
    ],
)  # fmt: skip
def test_a_kana_lost_where_the_document_always_prints_it_is_found(
    extract_lines, default_extraction, serial, printed, typo, shown, evidence
):
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(printed, typo, 1))
    x = extract_lines(lines)
    hits = x.review[(x.review["serial"] == serial) & (x.review["field"] == "direction")]
    assert len(hits) == 1, hits[["found", "suggestion"]]
    hit = hits.iloc[0]
    assert (hit["found"], hit["suggestion"]) == shown
    assert hit["signals"].split().count("document.phrase") == 1
    assert evidence in hit["evidence"]
    assert not (default_extraction.review["serial"] == serial).any()


def test_a_kana_lost_from_a_shape_the_document_always_prints_is_found(
    extract_lines, default_extraction
):
    """を実施、: MeCab reads a noun before a comma as well as a verb, but the report prints
    を + two kanji + し、 48 times and を + two kanji + 、 nowhere."""
    lines = m.edit_cell(read_lines(), 14, 3, lambda s: s.replace("を実施し、", "を実施、", 1))
    x = extract_lines(lines)
    hits = x.review[(x.review["serial"] == 14) & (x.review["field"] == "direction")]
    assert hits[["found", "suggestion", "signals"]].values.tolist() == [
        ["施", "施し", "document.phrase"]
    ]
    assert "「を漢漢し、」の形（漢＝漢字、カ＝片仮名）で 48 回書き" in hits.iloc[0]["evidence"]
    assert not (default_extraction.review["serial"] == 14).any()


def test_a_shape_printed_without_the_kana_twice_loses_no_kana():
    texts = ["状況を把握し、支援", "課題を把握し、対応", "情報を共有し、連携", "施設を整備し、運営"]
    shapes = [*texts, "研修を実施し、育成", "家庭を把握、虐待"]
    assert Lost("shape", "し", "を漢漢、", "を漢漢し、", 5) in Document(shapes).lost(
        "家庭を把握、虐待"
    ).get(5, [])
    assert not Document([*shapes, "人を支援、地域"]).lost("家庭を把握、虐待")


def test_a_pair_the_document_prints_without_the_kana_elsewhere_is_not_always():
    """Where the pair stands without the kana twice, the kana is not always printed."""
    texts = ["裾野を広げる", "輪を広げる", "人を広げる", "交流を広げる", "裾野広げる"]
    lost = Document(texts).lost("裾野広げる")
    assert lost == {2: [Lost("always", "を", "広げ", "を広げ", 4)]}
    assert not Document([*texts, "手を広げ", "枝広げる"]).lost("裾野広げる")


def test_unloaded_dictionaries_are_let_go_and_load_again(default_extraction):
    """The helper lets the lint's dictionaries go before it writes the workbook; what is
    let go is really gone from the caches, and a later lint finds the same again."""
    from hotplan.typos import dictionary, lattice, lint, lookalikes

    lint.load_dictionaries()
    lint.unload_dictionaries()
    for loader in (dictionary._dictionary, dictionary.tokenize, lattice.grammar):
        assert loader.cache_info().currsize == 0, loader
    assert lookalikes._glyphs.cache_info().currsize == 0
    x = hotplan.extract(DEFAULT_DOC)
    typos = [f for f in x.finding_list if f.check.startswith("typo.")]
    assert typos and typos == [
        f for f in default_extraction.finding_list if f.check.startswith("typo.")
    ]
    assert x.review.equals(default_extraction.review)


@pytest.mark.parametrize(
    ("serial", "right", "wrong", "found", "suggestion", "evidence"),
    [
        # a kanji in katakana: 一 for ー (the report prints センター many times)
        (9, "センター", "センタ一", "センタ一", "センター", "は漢字です。形の同じ片仮名の「ー」"),
        # a katakana among kanji: カ for 力
        (55, "協力", "協カ", "協カ", "協力", "「カ」は片仮名です。形の同じ漢字の「力」"),
        # a katakana among hiragana: ベ for べ, モ (no twin) for も
        (45, "すべて", "すベて", "すベて", "すべて", "形の同じ平仮名の「べ」"),
        (9, "とともに", "ととモに", "とモに", "ともに", "1 字だけの片仮名です。平仮名の「も」"),
    ],
)  # fmt: skip
def test_a_character_printed_in_its_twin_script_is_found(
    extract_lines, default_extraction, serial, right, wrong, found, suggestion, evidence
):
    _one_suspect_in_row(extract_lines, default_extraction, serial, right, wrong)(
        found, suggestion, evidence
    )


def test_twins_where_the_script_is_right_are_no_suspects():
    """A kanji that makes a word after katakana (データ一覧), a katakana counter (4カ所),
    hiragana where a katakana word ends (ケアへ) or a verb ends before one (づくりプロ…)."""
    from hotplan.typos.suspects import Spot
    from hotplan.typos.twins import twin_suspects

    texts = [
        "データ一覧を公開します",
        "市内4カ所の地区で",
        "ケアへの理解",
        "まちづくりプロジェクト",
    ]
    assert not list(twin_suspects([Spot("direction", text) for text in texts]))
    found = twin_suspects([Spot("direction", "ヘルパ一事業と人ロの推移")])
    assert [(s.found, s.suggestion) for s in found] == [("ヘルパ一", "ヘルパー"), ("人ロ", "人口")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a letter drawn like a digit, in a number (between digits, before a counter, at
        # the end of digits), in the digits' width
        ("2O24年度", [("2O2", "202")]),
        ("１Ｏ月に", [("１Ｏ月", "１０月")]),
        ("相談対象をl8歳まで", [("をl8", "を18")]),
        ("8O50問題", [("8O5", "805")]),
        # a hiragana inside a katakana word
        ("ボランテぃア活動", [("ボランテぃア", "ボランティア")]),
        # letters of a code, a particle between katakana words: no suspect
        ("B5サイズ、A4判、SDGs", []),
        ("ケアのプランとサービス", []),
    ],
)
def test_letters_among_digits_and_hiragana_inside_katakana(text, found):
    from hotplan.typos.suspects import Spot
    from hotplan.typos.twins import twin_suspects

    assert [(s.found, s.suggestion) for s in twin_suspects([Spot("direction", text)])] == found


@pytest.mark.parametrize(
    ("serial", "right", "wrong", "evidence"),
    [
        # the report prints 検討 26 times, を検討し 10 times
        (36, "検討", "健闘", "同じ読み（ケントウ）の「検討」は"),
        # 機関 46 times; 係機関が printed elsewhere too
        (88, "機関", "期間", "同じ読み（キカン）の「機関」は"),
    ],
)
def test_a_word_converted_to_its_homophone_is_found(
    extract_lines, default_extraction, serial, right, wrong, evidence
):
    lines = m.edit_cell(read_lines(), serial, 3, lambda s: s.replace(right, wrong, 1))
    hits = suspects(extract_lines(lines), serial=serial, field="direction")
    (hit,) = hits[hits["evidence"].str.contains("同じ読み")].itertuples()
    assert (hit.found, hit.suggestion) == (wrong, right)
    assert evidence in hit.evidence
    assert not (default_extraction.review["serial"] == serial).any()


def test_homophones_that_share_no_neighbours_are_no_suspects():
    """A document may print two words of one reading, each rightly (町内 and 庁内): only
    a rare one printed where the common one is printed too, between the same characters,
    is a suspect."""
    from hotplan.typos.homophones import homophone_suspects
    from hotplan.typos.suspects import Spot

    texts = ["地区の町内の会合", "市の町内会", "各地の町内の清掃", "また、庁内各課と連携"]
    assert not list(homophone_suspects([Spot("direction", text) for text in texts]))
    found = homophone_suspects([Spot("direction", t) for t in [*texts[:3], "市の庁内の防犯"]])
    assert [(s.found, s.suggestion) for s in found] == [("庁内", "町内")]


@pytest.mark.parametrize(
    ("text", "found", "suggestion", "evidence"),
    [
        ("制度「ふくしあさんを設けます", "制度「ふくしあ", "", "「 が閉じられていません"),
        (
            "制度「ふくしあさんJを設けます",
            "しあさんJを設けま",
            "しあさん」を設けま",
            "」 の読み誤り",
        ),
        ("制度「ふくしあさん）を設けます", "しあさん）を設けま", "しあさん」を設けま", "」 の誤り"),
        ("を設けます）。", "設けます）。", "", "開き括弧がありません"),
        ("る、！みんなの広場」を", "る、！みんなの", "る、「みんなの", "開き括弧 「 の読み誤り"),
        ("がんばろう！」と", "ばろう！」と", "", "開き括弧がありません"),
        ("とし、！(仮称)広場」を", "とし、！(仮称)", "とし、「(仮称)", "開き括弧 「 の読み誤り"),
    ],
)
def test_an_unmatched_bracket_is_suspected(text, found, suggestion, evidence):
    from hotplan.typos.conventions import bracket_suspects
    from hotplan.typos.suspects import Spot

    (hit,) = bracket_suspects([Spot("direction", text)])
    assert (hit.found, hit.suggestion) == (found, suggestion)
    assert evidence in hit.evidence


def test_matched_brackets_and_enumerators_are_no_suspects():
    from hotplan.typos.conventions import bracket_suspects
    from hotplan.typos.suspects import Spot

    texts = [
        "制度(仮称「ふくしあさん」)を設け",
        "（P.57)の事業",
        "1)相談 2)支援",
        "【再掲】「認知症」",
        "「広場！(仮称)」を",
    ]
    assert not list(bracket_suspects([Spot("direction", text) for text in texts]))


def test_a_katakana_tie_suspects_only_the_side_that_reads_as_no_word():
    """A slip printed once beside its word printed once: the word is not its variant."""
    from hotplan.typos.katakana import katakana_suspects
    from hotplan.typos.suspects import Spot

    spots = [
        Spot("direction", "サポートオフィスの運営"),
        Spot("direction", "ポサートオフィスの周知"),
    ]
    found = [(s.found, s.suggestion) for s in katakana_suspects(spots, Counter())]
    assert found == [("ポサート", "サポート")]  # the word the edit touched


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("無線公衆LNAの設置", [("LNA", "LAN")]),
        ("メールやLIENに加え、wTitterで", [("LIEN", "LINE"), ("wTitter", "Twitter")]),
        # common words, and a rare word no swap makes common, are left alone
        ("LANとLINEとGPSの活用", []),
        ("「The OYRIAI」を開催", []),
    ],
)
def test_a_rare_latin_word_two_swapped_letters_from_a_common_one_is_suspected(text, found):
    from hotplan.typos.latin import latin_suspects
    from hotplan.typos.suspects import Spot

    assert [(s.found, s.suggestion) for s in latin_suspects([Spot("direction", text)])] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NPO法人とNP0法人", [("NP0", "NPO")]),  # the document's own word
        ("SN5で発信", [("SN5", "SNS")]),  # a common word, the print rare
        ("LlNEで配信", [("LlNE", "LINE")]),  # l read for I
        ("ICTの活用とlCTの推進", [("lCT", "ICT")]),
        ("G7サミット、MP3の音声、COVID19、B5判", []),
    ],
)
def test_a_latin_word_with_a_digit_or_l_drawn_like_its_letter_is_suspected(text, found):
    from hotplan.typos.latin import latin_suspects
    from hotplan.typos.suspects import Spot

    assert [(s.found, s.suggestion) for s in latin_suspects([Spot("direction", text)])] == found
