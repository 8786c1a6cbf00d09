"""The PDF path: generated reports in two print styles must give the text path's items."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import hotplan
from conftest import PRINT_COLUMNS, ROOT
from hotplan.errors import InputError
from hotplan.sources.pdf.lines import cluster_lines
from hotplan.sources.pdf.page import Char
from pdf_fixtures import STYLES, image_only_pdf, make_pdf, text_pdf

LAYOUT_COLUMNS = PRINT_COLUMNS


@pytest.fixture(scope="session")
def records(default_extraction) -> list[dict]:
    return default_extraction.items.to_dict("records")


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("pdf")
    return {
        name: make_pdf(records, 2024, style, folder / f"report_{name}.pdf")
        for name, style in STYLES.items()
    }


@pytest.fixture(scope="session")
def pdf_extractions(fixtures):
    return {name: hotplan.extract(f.path) for name, f in fixtures.items()}


def test_fixtures_have_the_hard_parts(fixtures):
    """Guard: each style really breaks rows across pages, the unruled one drops headers."""
    for fixture in fixtures.values():
        assert 20 <= fixture.pages <= 30
        assert fixture.split_rows, "no row broken across a page"
    assert fixtures["excel"].headerless_pages, "no table continued without a header row"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_pdf_gives_the_text_paths_items(pdf_extractions, default_extraction, style):
    x = pdf_extractions[style]
    assert x.ok, [f for f in x.finding_list if f.severity == "error"]
    assert x.fiscal_year == 2024
    pd.testing.assert_frame_equal(
        x.items.drop(columns=LAYOUT_COLUMNS),
        default_extraction.items.drop(columns=LAYOUT_COLUMNS),
    )
    # The department cell differs only by line breaks read as spaces.
    squeeze = x.items["departments_raw"].str.replace(" ", "")
    assert (
        squeeze.tolist()
        == default_extraction.items["departments_raw"].str.replace(" ", "").tolist()
    )


@pytest.mark.parametrize("style", sorted(STYLES))
def test_pdf_findings_match_the_text_path_with_pages(pdf_extractions, default_extraction, style):
    """Row findings (typo suspects included) are the text path's; all carry their page.

    Headings differ on purpose: the fixtures print each title once, correctly."""
    x = pdf_extractions[style]

    def row_checks(findings):
        return sorted((f.check, f.serial, f.found) for f in findings if f.serial is not None)

    assert row_checks(x.finding_list) == row_checks(default_extraction.finding_list)
    numbering = [f for f in x.finding_list if f.check == "heading.numbering"]
    assert len(numbering) == 2
    assert all(f.source_page is not None and f.source_line is None for f in x.finding_list)


def test_rows_broken_across_pages_are_one_item(pdf_extractions, fixtures, default_extraction):
    text = default_extraction.items.set_index("serial")
    for style, fixture in fixtures.items():
        items = pdf_extractions[style].items.set_index("serial")
        for serial, start_page in fixture.split_rows:
            assert items.loc[serial, "direction"] == text.loc[serial, "direction"]
            assert items.loc[serial, "source_page"] == start_page


def test_eight_departments_stacked_in_one_cell(pdf_extractions):
    for x in pdf_extractions.values():
        row = x.items.set_index("serial").loc[125]
        assert row["departments"] == [
            "防災課",
            "福祉総務課",
            "指導監査課",
            "障がい福祉課",
            "いきいき総務課",
            "高齢者支援課",
            "介護保険課",
            "保健予防課",
        ]
        assert row["page_ref"] == 91


def test_bbox_of_a_row_lies_inside_its_page(pdf_extractions):
    for x in pdf_extractions.values():
        row = x.items.set_index("serial").loc[61]
        assert 0 <= row["bbox_x0"] < row["bbox_x1"] <= 842
        assert 0 <= row["bbox_top"] < row["bbox_bottom"] <= 596
        assert row["source_page"] >= 1


def test_kangxi_radicals_are_mapped_with_a_finding(pdf_extractions):
    x = pdf_extractions["excel"]  # this style's exporter prints 生 in headings as ⽣
    kangxi = [f for f in x.finding_list if f.check == "pdf.kangxi_radical"]
    assert kangxi and all(f.found == "⽣" and f.suggestion == "生" for f in kangxi)
    assert not x.items["policy_title"].str.contains("⽣").any()
    assert "生" in "".join(x.items["goal_title"]) + "".join(x.items["policy_title"])


def test_fake_bold_headings_are_read_once(pdf_extractions):
    x = pdf_extractions["word"]  # headings drawn twice, offset 0.3 pt
    assert (
        x.items.set_index("serial").loc[1, "goal_title"] == "今を生きる自分に合ったつながりをつくる"
    )


# -- bad PDFs: one line, exit 2, no traceback, no output ------------------------------------


@pytest.fixture(scope="module")
def bad_pdfs(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("bad")
    word = STYLES["word"]
    good = make_pdf(records[:12], 2024, word, folder / "good.pdf").path
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notpdf.pdf").write_text("町田市地域ホッとプラン\n", encoding="utf-8")
    (folder / "truncated.pdf").write_bytes(good.read_bytes()[:2000])
    make_pdf(records[:12], 2024, word, folder / "encrypted.pdf", password="machida")
    image_only_pdf(folder / "scanned.pdf")
    text_pdf(folder / "unrelated.pdf", ["議事録", "令和6年度 第2回 地域福祉推進会議"])
    make_pdf(records[:12], 2024, word, folder / "cid.pdf", strip_unicode=True)
    return folder


@pytest.mark.parametrize(
    ("name", "ocr", "problem"),
    [
        ("empty.pdf", "auto", "空のファイル"),
        ("notpdf.pdf", "auto", "PDF ではありません"),
        ("truncated.pdf", "auto", "読めない PDF です"),
        ("encrypted.pdf", "auto", "暗号化されています。--password でパスワードを指定してください"),
        ("scanned.pdf", "never", "テキスト層がありません（スキャン画像）。`--ocr never` を外すと"),
        ("unrelated.pdf", "auto", "進捗の表が見つかりません"),
        ("cid.pdf", "never", "テキスト層が読めません"),
    ],
)
def test_bad_pdf_is_one_line_exit_2(bad_pdfs, tmp_path, name, ocr, problem):
    path = bad_pdfs / name
    with pytest.raises(InputError) as err:
        hotplan.extract(path, ocr=ocr)
    assert problem in str(err.value)
    with pytest.raises(InputError) as oracle:  # the other reader says the same
        hotplan.extract(path, reader="pdfplumber", ocr=ocr)
    assert problem in str(oracle.value)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "hotplan",
            "extract",
            str(path),
            "--out",
            str(tmp_path),
            "--ocr",
            ocr,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert run.stderr == f"hotplan: {path}: {str(err.value).split(': ', 1)[1]}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_encrypted_pdf_opens_with_its_password(bad_pdfs, reader):
    x = hotplan.extract(bad_pdfs / "encrypted.pdf", password="machida", reader=reader)
    assert x.items["serial"].tolist() == list(range(1, 13))
    with pytest.raises(InputError, match="この PDF を開けません"):
        hotplan.extract(bad_pdfs / "encrypted.pdf", password="wrong", reader=reader)


def test_batch_reports_the_bad_file_and_extracts_the_others(bad_pdfs, tmp_path, fixtures):
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in ("good.pdf", "scanned.pdf"):
        (folder / name).write_bytes((bad_pdfs / name).read_bytes())
    run = subprocess.run(
        [sys.executable, "-m", "hotplan", "extract", str(folder), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert "good.pdf: 取組 12 件（2024年度）" in run.stdout
    assert "scanned.pdf: 進捗の表が見つかりません" in run.stderr  # read by OCR: no table
    assert (tmp_path / "o" / "good" / "items.csv").exists()
    assert not (tmp_path / "o" / "scanned").exists()


def test_pdf_checks_are_documented(pdf_extractions):
    from hotplan.outputs.contract import documented_checks

    for x in pdf_extractions.values():
        assert {f.check for f in x.finding_list} <= documented_checks()


@pytest.mark.parametrize("style", sorted(STYLES))
def test_pages_laid_out_in_small_blocks_read_the_same(
    fixtures, pdf_extractions, style, monkeypatch
):
    """A long report flows through layout a block at a time, its furniture judged on the
    pages around each block: blocks of 3 pages give what the whole document gives."""
    from hotplan.sources.pdf import layout

    monkeypatch.setattr(layout, "BLOCK", 3)
    x = hotplan.extract(fixtures[style].path)
    pd.testing.assert_frame_equal(x.items, pdf_extractions[style].items)
    pd.testing.assert_frame_equal(x.findings, pdf_extractions[style].findings)


def test_a_short_number_in_a_rows_cell_is_on_the_rows_line():
    """OCR gives each character its line's ink box: a row's kanji stand from 286.2 pt, the
    number in its 取組施策No. cell, a digit's height, from 288.4 pt at a smaller size (more
    than the tolerance of that size lower). It is on the row's line all the same; the
    cell's next line, starting below the row line's first character, is a line of its own."""
    row = [
        Char("(", 300.0, 303.0, 286.2, 296.3, 10.1),
        Char("3", 47.9, 53.3, 288.0, 295.2, 7.2),
        Char("6", 53.3, 58.3, 288.0, 295.2, 7.2),
        Char("4", 89.3, 94.7, 288.4, 294.8, 6.5),
        Char("福", 118.4, 127.1, 287.3, 296.3, 9.0),
    ]
    wrapped = [
        Char("な", 300.0, 309.0, 299.2, 308.2, 9.0),
        Char("る", 309.0, 318.0, 299.2, 308.2, 9.0),
    ]
    lines = cluster_lines(row + wrapped, page=1)
    assert ["".join(c.text for c in line.chars) for line in lines] == ["364福(", "なる"]
