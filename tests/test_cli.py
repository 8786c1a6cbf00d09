"""The command line as a user meets it: exit codes, one-line errors, files written or not."""

from __future__ import annotations

import json
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
    assert re.search(r"取組 156 件（2024年度）、エラー 0 件、警告 \d+ 件", run.stdout)
    assert {p.name for p in (tmp_path / DEFAULT_DOC.stem).iterdir()} == ALL_FILES
    # No temp folders left beside the report folder and the history.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DEFAULT_DOC.stem, *HISTORY_FILES])


def test_help_and_version():
    run = hotplan("--help")
    assert run.returncode == 0 and "extract" in run.stdout and "validate" in run.stdout
    assert hotplan("--version").stdout.startswith("hotplan ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "空のファイル"),
        (b"hello\nworld\n", "進捗の表が見つかりません"),
        (b"\x00\x01", "バイナリ"),
    ],
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
    assert "nope.txt: そのファイルはありません" in capsys.readouterr().err
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
    assert "エラーあり" in (out / "doc" / "report.md").read_text(encoding="utf-8")
    assert "エラー 1 件" in capsys.readouterr().out


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
    assert "b_empty.txt: 空のファイルです" in capsys.readouterr().err


def test_folder_without_reports_is_unusable(tmp_path, capsys):
    assert main(["extract", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "報告書（.txt, .pdf）がありません" in capsys.readouterr().err


def test_validate_prints_findings_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(DEFAULT_DOC)]) == 0
    out = capsys.readouterr().out
    assert "見出し番号の順序" in out and "434 行目" in out
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


def test_quiet_prints_nothing_but_the_exit_code_tells(tmp_path, capsys):
    assert main(["extract", "-q", str(DEFAULT_DOC), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr() == ("", "")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["validate", "-q", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "空のファイル" in err


def test_validate_json_and_csv_for_scripts(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["validate", "--format", "json", str(DEFAULT_DOC), str(bad)]) == 2
    good, broken = json.loads(capsys.readouterr().out)
    assert good["file"] == str(DEFAULT_DOC) and good["fiscal_year"] == 2024
    assert good["measures"] == 156 and good["valid"] and good["errors"] == 0
    assert good["warnings"] == len([f for f in good["findings"] if f["severity"] == "warning"])
    assert {f["check"] for f in good["findings"]} >= {"typo.department", "heading.numbering"}
    assert broken["file"] == str(bad) and "空のファイル" in broken["error"]
    assert main(["validate", "--format", "csv", "--lang", "en", str(DEFAULT_DOC)]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.startswith("file,severity,check,serial,field,source_page,source_line")
    assert len(rows) == good["warnings"] and all(r.startswith(str(DEFAULT_DOC)) for r in rows)
    assert "possible typo" in out


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    return capsys.readouterr().err


def test_usage_mistakes_say_what_is_wrong(tmp_path, capsys, monkeypatch):
    err = usage_error(capsys, "--bogus")
    assert "--bogus" in err and "コマンドを指定" not in err
    assert "extract" in usage_error(capsys)
    err = usage_error(capsys, "validate", "--lang", "en", "--x", str(DEFAULT_DOC))
    assert "unrecognized arguments: --x" in err
    monkeypatch.chdir(tmp_path)  # no PATH, and no raw/ here
    assert main(["extract"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PATH が指定されず" in err
    assert "raw/" in err and str(tmp_path) in err
    assert main(["extract", "--lang", "en"]) == 2
    assert "no PATH given" in capsys.readouterr().err


def test_english_on_request(tmp_path, capsys):
    assert main(["extract", "--lang", "en", str(DEFAULT_DOC), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"156 measures \(2024年度\), 0 error\(s\), \d+ warning\(s\)", out)
    report = (tmp_path / DEFAULT_DOC.stem / "report.md").read_text(encoding="utf-8")
    assert "## Findings" in report and "possible typo" in report
    html = (tmp_path / DEFAULT_DOC.stem / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    # The language was for that run only: the next one is Japanese again.
    assert main(["validate", str(DEFAULT_DOC)]) == 0
    assert "取組 156 件" in capsys.readouterr().out


def test_terminal_columns_align_on_full_width_text(capsys):
    from wcwidth import wcswidth

    assert main(["validate", str(DEFAULT_DOC)]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    row = re.compile(r"^  (.+?)\s+(警告|エラー|情報)  (.+?)\s{2,}(\S.*)$")
    severity, message = set(), set()
    for line in lines:
        m = row.match(line)
        assert m, line
        severity.add(wcswidth(line[: m.start(2)]))
        if wcswidth(m.group(3)) < 26:  # a longer check name pushes its own line only
            message.add(wcswidth(line[: m.start(4)]))
    assert len(lines) > 10 and len(severity) == 1 and len(message) == 1, (severity, message)


def test_outputs_are_readable_by_colleagues(tmp_path):
    """Every file 0644 and folder 0755 under the usual umask 022, review.csv from
    `hotplan typos` and the history included."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert main(["extract", str(DEFAULT_DOC), "--out", str(tmp_path)]) == 0
        assert main(["typos", str(DEFAULT_DOC), "--out", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    modes = {
        p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in tmp_path.rglob("*")
    }
    assert "history.csv" in modes and f"{DEFAULT_DOC.stem}/review.csv" in modes
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o755 if (tmp_path / name).is_dir() else 0o644)
    }
    assert wrong == {}


def test_registry_option_and_a_run_without_one(tmp_path, capsys):
    registry = tmp_path / "departments.csv"
    registry.write_text("name,status,canonical,evidence\n生活援護課,current,,\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(DEFAULT_DOC), "--out", str(out), "--registry", str(registry)]) == 0
    report = (out / DEFAULT_DOC.stem / "report.md").read_text(encoding="utf-8")
    assert f"担当課の登録簿: `{registry}`" in report
    capsys.readouterr()
    assert main(["validate", "--format", "json", "--registry", "none", str(DEFAULT_DOC)]) == 0
    [result] = json.loads(capsys.readouterr().out)
    checks = {f["check"] for f in result["findings"]}
    assert "typo.no_registry" in checks and "typo.department" not in checks
