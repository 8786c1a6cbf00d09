"""Comparing years: exactly the changes made, a stable history, reports people open."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate
from openpyxl import load_workbook

import hotplan
import modify as m
from conftest import DEFAULT_DOC, read_lines, row_index
from hotplan.cli import main
from hotplan.years.diff import diff_items
from hotplan.years.history import load_history

NEW_ROW = ("福祉総務課(P.70)", "地域の居場所を結ぶオンライン交流会を年4回開催します。", "○")


def next_year(lines: list[str]) -> list[str]:
    """The 2024 report edited as a 2025 one would be, with known changes."""
    lines = m.edit_cell(lines, 10, 4, lambda s: "△")  # ○ → △
    lines = m.edit_cell(lines, 46, 4, lambda s: "○")  # △ → ○
    lines = m.edit_cell(lines, 5, 3, lambda s: s.replace("図書館", "図書舘", 1))  # a typo
    lines = m.edit_cell(lines, 7, 2, lambda s: s.replace("公園緑地課", "公園課"))  # renamed
    lines = m.insert_after(lines, 32, 2, NEW_ROW)  # new last measure of Ⅱ-2-(2)-②
    lines = m.remove(lines, 100)  # the last measure of Ⅲ-2-(2)-①
    lines = m.renumber(lines)
    return [line.replace("2024年度", "2025年度") for line in lines]


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("years")
    (folder / "hotplan_progress_2024.txt").write_bytes(DEFAULT_DOC.read_bytes())
    (folder / "hotplan_progress_2025.txt").write_text(
        "\n".join(next_year(read_lines())), encoding="utf-8"
    )
    return {2024: folder / "hotplan_progress_2024.txt", 2025: folder / "hotplan_progress_2025.txt"}


def as_tuples(changes) -> set[tuple]:
    return {
        (
            r.change,
            None if r.old_serial is None else int(r.old_serial),
            None if r.new_serial is None else int(r.new_serial),
            r.field,
        )
        for r in changes.astype(object).where(changes.notna(), None).itertuples()
    }


def test_diff_reports_exactly_the_changes_made(years):
    old, new = hotplan.extract(years[2024]), hotplan.extract(years[2025])
    changes = diff_items(old.items, new.items)
    assert as_tuples(changes) == {
        ("direction_changed", 5, 5, "direction"),
        ("departments_changed", 7, 7, "departments"),
        ("rating_changed", 10, 10, "rating"),
        ("added", None, 33, None),
        ("rating_changed", 46, 47, "rating"),
        ("removed", 100, None, None),
    }
    row = changes[changes["change"] == "departments_changed"].iloc[0]
    assert (row["old"], row["new"]) == ("公園緑地課", "公園課")
    typo = changes[changes["change"] == "direction_changed"].iloc[0]
    assert 0.95 < typo["similarity"] < 1


def test_a_measure_moved_to_another_subsection(extract_lines):
    lines = read_lines()
    # 通番 11, the last measure of Ⅰ-1-(2)-②, moves to the end of Ⅰ-2-(1)-① (after 12).
    moved = lines.pop(row_index(lines, 11)).split("\t")
    moved[1] = "2"
    lines.insert(row_index(lines, 12) + 1, "\t".join(moved))
    new = extract_lines(m.renumber(lines))
    assert new.ok
    changes = diff_items(hotplan.extract(DEFAULT_DOC).items, new.items)
    assert as_tuples(changes) == {("moved", 11, 12, "code")}
    assert changes.iloc[0][["old", "new"]].tolist() == ["Ⅰ-1-(2)-②", "Ⅰ-2-(1)-①"]


def test_unchanged_year_has_no_changes(default_extraction):
    assert diff_items(default_extraction.items, default_extraction.items).empty


def test_diff_command_on_documents_and_folders(years, tmp_path, capsys):
    out = tmp_path / "d"
    assert main(["diff", str(years[2024]), str(years[2025]), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[1] == (
        "変更: 追加 1 件、削除 1 件、評価の変更 2 件、担当課の変更 1 件、取組の方向性の変更 1 件"
    )
    assert "○ → △  通番 10 → 10" in printed and "△ → ○  通番 46 → 47" in printed
    by_docs = (out / "changes.csv").read_bytes()
    # The same comparison from already extracted folders.
    assert main(["extract", str(years[2024]), str(years[2025]), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    folders = [tmp_path / p.stem for p in (years[2024], years[2025])]
    assert main(["diff", *map(str, folders), "--out", str(tmp_path / "f")]) == 0
    assert (tmp_path / "f" / "changes.csv").read_bytes() == by_docs


def test_history_one_row_per_year_and_serial_with_stable_ids(years, tmp_path):
    out = tmp_path / "out"
    for _ in range(2):  # extracting the same year twice replaces it
        assert main(["extract", str(years[2024]), "--out", str(out)]) == 0
    history = load_history(out)
    assert len(history) == 156 and set(history["fiscal_year"]) == {2024}
    assert main(["extract", str(years[2025]), "--out", str(out)]) == 0
    history = load_history(out)
    assert len(history) == 312
    assert not history.duplicated(["fiscal_year", "serial"]).any()
    ids = history.set_index(["fiscal_year", "serial"])["measure_id"]
    assert ids[(2024, 46)] == ids[(2025, 47)] == "M2024-046"  # renumbered, same measure
    assert ids[(2024, 5)] == ids[(2025, 5)]  # a typo does not break the link
    assert ids[(2025, 33)] == "M2025-033"  # the new measure
    assert "M2024-100" not in set(ids[2025])  # the removed one
    assert (out / "history.csv").exists()
    report = (out / "hotplan_progress_2025" / "report.html").read_text(encoding="utf-8")
    assert "2024年度からの変更" in report
    assert (out / "hotplan_progress_2025" / "changes.csv").exists()
    package = validate(str(out / "hotplan_progress_2025" / "datapackage.json"))
    assert package.valid, package.flatten(["rowNumber", "fieldName", "message"])


def test_html_report_structure(years, tmp_path):
    assert main(["extract", str(years[2024]), "--out", str(tmp_path)]) == 0
    html = (tmp_path / "hotplan_progress_2024" / "report.html").read_text(encoding="utf-8")
    assert '<span class="n" data-count="measures">156</span>' in html
    assert '<span class="n" data-count="rating-0">154</span>' in html
    assert '<span class="n" data-count="rating-1">2</span>' in html
    assert re.findall(r'<tr data-serial="(\d+)">', html) == ["6", "46"]  # the △ measures
    assert html.count('<tr class="goal">') == 3 and html.count('<tr class="policy">') == 7
    assert "見出し番号の順序" in html and "434 行目" in html
    # Self-contained: no scripts, stylesheets, images or fonts fetched from anywhere.
    assert not re.search(r"<(script|link|img|iframe)\b|url\(|https?://", html)
    assert "年度からの変更" not in html  # no earlier year in this history


def test_xlsx_opens_with_items_and_keeps_formula_looking_text(extract_lines, tmp_path):
    lines = m.edit_cell(read_lines(), 3, 3, lambda s: "=SUM(A1:A9)" + s)
    lines = m.edit_cell(lines, 4, 3, lambda s: "@" + s)
    x = extract_lines(lines, name="doc.txt")
    from hotplan.outputs.write import write_extraction

    book = load_workbook(write_extraction(x, tmp_path) / "items.xlsx")
    assert book.sheetnames == ["取組一覧", "担当課", "指摘事項"]
    sheet = book["取組一覧"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["年度", "通番", "施策コード"]
    assert sheet.max_row == 157 and sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    direction = header.index("取組の方向性") + 1
    cell = sheet.cell(row=4, column=direction)
    assert cell.value.startswith("=SUM(A1:A9)") and cell.data_type == "s"
    assert sheet.cell(row=5, column=direction).data_type == "s"
    assert sheet.cell(row=2, column=2).value == 1  # numbers stay numbers


def test_xlsx_prints_on_a4_landscape_one_page_wide_in_a_japanese_font(default_extraction, tmp_path):
    from hotplan.outputs.write import write_extraction

    book = load_workbook(write_extraction(default_extraction, tmp_path) / "items.xlsx")
    for sheet in book:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # 1 wide, any tall
        assert sheet.print_title_rows == "$1:$1"  # the header row on every page
        assert sheet["A1"].font.name == "游ゴシック" and sheet["A2"].font.name == "游ゴシック"
    items = book["取組一覧"]
    header = [cell.value for cell in items[1]]
    direction = header.index("取組の方向性") + 1
    # A row whose direction wraps over several lines is as tall as its lines.
    for row in range(2, items.max_row + 1):
        text = items.cell(row=row, column=direction).value
        height = items.row_dimensions[row].height
        if len(text) > 120:
            assert height is not None and height >= 3 * 15, (row, len(text), height)
    findings = book["指摘事項"]
    values = {cell.value for row in findings.iter_rows(min_row=2) for cell in row}
    assert "警告" in values and "warning" not in values
    assert "担当課名の誤字の疑い" in values and "typo.department" not in values


def test_xlsx_in_english_on_request(default_extraction, tmp_path):
    from hotplan.messages import using
    from hotplan.outputs.write import write_extraction

    with using("en"):
        book = load_workbook(write_extraction(default_extraction, tmp_path) / "items.xlsx")
    assert book.sheetnames == ["items", "departments", "findings"]
    values = {cell.value for row in book["findings"].iter_rows(min_row=2) for cell in row}
    assert "warning" in values


def test_diff_compares_like_with_like_when_one_year_has_corrections(years, tmp_path, capsys):
    """2024 with reviewed corrections, 2025 printing the same typos: the corrections are no
    change. `both` carries them to 2025, `none` compares both years as printed."""
    from hotplan.typos.review import REVIEW_COLUMNS

    plain = diff_items(hotplan.extract(years[2024]).items, hotplan.extract(years[2025]).items)
    review = hotplan.extract(years[2024]).review
    fixes = review[review["found"].isin(["生活介護課", "こども発達支援課", "ブロモーション"])]
    assert len(fixes) == 3
    fixes = fixes.assign(decision="accept")[REVIEW_COLUMNS]
    fixes.to_csv(years[2024].with_name(f"{years[2024].stem}.corrections.csv"), index=False)
    try:
        naive = diff_items(hotplan.extract(years[2024]).items, hotplan.extract(years[2025]).items)
        assert len(naive) > len(plain)  # what the corrections alone would add
        assert main(["diff", str(years[2024]), str(years[2025]), "--out", str(tmp_path / "b")]) == 0
        both = capsys.readouterr().out
        assert (
            main(
                [
                    "diff",
                    str(years[2024]),
                    str(years[2025]),
                    "--out",
                    str(tmp_path / "n"),
                    "--corrections",
                    "none",
                ]
            )
            == 0
        )
        none = capsys.readouterr().out
    finally:
        years[2024].with_name(f"{years[2024].stem}.corrections.csv").unlink()
    assert "両方の年度に適用（旧 3 件・新 0 件。相手の年度へ 3 件を移して適用）" in both
    assert "印刷どおり（3 件の修正を戻しました）" in none
    for folder in ("b", "n"):
        changes = pd.read_csv(tmp_path / folder / "changes.csv", encoding="utf-8-sig")
        assert changes["change"].value_counts().to_dict() == (
            plain["change"].value_counts().to_dict()
        ), folder
        assert not changes["old"].astype(str).str.contains("生活援護課").any()


def test_library_writes_diffs_and_keeps_history(years, tmp_path):
    old, new = hotplan.extract(years[2024]), hotplan.extract(years[2025])
    assert repr(old).startswith("<Extraction hotplan_progress_2024.txt: 取組 156 件")
    assert len(repr(old)) < 120 and "<table" in old._repr_html_()
    folder = hotplan.write(old, tmp_path / "out")
    assert (folder / "items.parquet").exists()
    changes = hotplan.diff(folder, new)
    assert changes["change"].value_counts()["rating_changed"] == 2
    assert changes.equals(hotplan.diff(years[2024], years[2025]))
    history = hotplan.update_history(tmp_path / "out", new)
    assert set(history["fiscal_year"]) == {2024, 2025}
    assert set(load_history(tmp_path / "out")["fiscal_year"]) == {2024, 2025}
    with pytest.raises(ValueError):  # InputError is a ValueError
        hotplan.extract(tmp_path / "nope.txt")
