"""The command line as a user meets it: exit codes, one-line errors, files written or not."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEFAULT_DOC, ROOT, read_lines, set_cell
from hotplan.cli import main

DATA_FILES = {
    "items.csv",
    "items.parquet",
    "items.xlsx",
    "departments.csv",
    "departments.parquet",
    "datapackage.json",
}
REPORT_FILES = {"findings.csv", "review.csv", "report.md", "report.html"}
ALL_FILES = DATA_FILES | REPORT_FILES
HISTORY_FILES = ["history.csv", "history.parquet"]


def hotplan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hotplan", *args], cwd=cwd, capture_output=True, text=True
    )


def test_extract_default_document(tmp_path):
    run = hotplan("extract", str(DEFAULT_DOC), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert re.search(r"156 measures \(2024年度\), 0 error\(s\), \d+ warning\(s\)", run.stdout)
    assert {p.name for p in (tmp_path / DEFAULT_DOC.stem).iterdir()} == ALL_FILES
    # No temp folders left beside the report folder and the history.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DEFAULT_DOC.stem, *HISTORY_FILES])


def test_help_and_version():
    run = hotplan("--help")
    assert run.returncode == 0 and "extract" in run.stdout and "validate" in run.stdout
    assert hotplan("--version").stdout.startswith("hotplan ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "is empty"), (b"hello\nworld\n", "no progress table found"), (b"\x00\x01", "binary")],
)
def test_unusable_input_is_one_line_exit_2_no_output(tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    run = hotplan("extract", str(bad), "--out", str(out))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith(f"hotplan: {bad}: ") and problem in run.stderr
    assert "Traceback" not in run.stderr
    assert not (out / "bad").exists()


def test_missing_file_and_bad_usage_exit_2(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--csv-encoding", "latin-1"])
    assert exit_.value.code == 2


def test_verbose_shows_the_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    run = hotplan("extract", "-v", str(bad), "--out", str(tmp_path / "out"))
    assert run.returncode == 2 and "Traceback" in run.stderr


def test_invalid_document_writes_findings_and_report_only(tmp_path, capsys):
    out = tmp_path / "out"
    good = tmp_path / "doc.txt"
    good.write_text(DEFAULT_DOC.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["extract", str(good), "--out", str(out)]) == 0
    assert {p.name for p in (out / "doc").iterdir()} == ALL_FILES
    # Same stem, now invalid: the old data files must not survive next to the new findings.
    good.write_text("\n".join(set_cell(read_lines(), 5, 4, "?")), encoding="utf-8")
    assert main(["extract", str(good), "--out", str(out)]) == 1
    assert {p.name for p in (out / "doc").iterdir()} == REPORT_FILES
    assert "rating.unknown" in (out / "doc" / "findings.csv").read_text(encoding="utf-8-sig")
    assert "INVALID" in (out / "doc" / "report.md").read_text(encoding="utf-8")
    assert "1 error(s)" in capsys.readouterr().out


def test_strict_makes_warnings_fail(tmp_path):
    assert main(["extract", str(DEFAULT_DOC), "--out", str(tmp_path), "--strict"]) == 1
    assert not (tmp_path / DEFAULT_DOC.stem / "items.csv").exists()


def test_folder_input_and_one_bad_file_does_not_stop_the_others(tmp_path, capsys):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a_2024.txt").write_text(DEFAULT_DOC.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("ignored: not a report file", encoding="utf-8")
    assert main(["extract", str(folder), "--out", str(tmp_path / "out")]) == 2
    assert (tmp_path / "out" / "a_2024" / "items.csv").exists()
    assert "b_empty.txt: is empty" in capsys.readouterr().err


def test_folder_without_reports_is_unusable(tmp_path, capsys):
    assert main(["extract", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "holds no report" in capsys.readouterr().err


def test_validate_prints_findings_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(DEFAULT_DOC)]) == 0
    out = capsys.readouterr().out
    assert "heading.numbering" in out and "line 434" in out
    assert list(tmp_path.iterdir()) == []


def test_same_input_gives_byte_identical_csvs(tmp_path):
    for run in ("a", "b"):
        assert main(["extract", str(DEFAULT_DOC), "--out", str(tmp_path / run)]) == 0
    for name in ("items.csv", "departments.csv", "findings.csv"):
        a = (tmp_path / "a" / DEFAULT_DOC.stem / name).read_bytes()
        assert a == (tmp_path / "b" / DEFAULT_DOC.stem / name).read_bytes()


def test_csv_encoding_without_bom(tmp_path):
    assert (
        main(["extract", str(DEFAULT_DOC), "--out", str(tmp_path), "--csv-encoding", "utf-8"]) == 0
    )
    data = (tmp_path / DEFAULT_DOC.stem / "items.csv").read_bytes()
    assert data.startswith(b"fiscal_year,serial,")
