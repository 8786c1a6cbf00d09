"""The second process of a single document: it reads the PDF and lints as the main process
would, and a helper that fails in any way costs time, never results."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

import hotplan
import hotplan.api
from conftest import DEFAULT_DOC, ROOT
from hotplan import helper as helper_module
from hotplan import pipeline
from hotplan.cli import parse, start_helper
from hotplan.errors import InputError
from hotplan.helper import Helper, ReadJob
from hotplan.outputs import workbook, write
from hotplan.typos import lint, prose
from pdf_fixtures import STYLES, make_pdf

BEYOND_ANY_PIPE = 32 * 2**20  # bytes: more than a pipe or socket pair holds unread
GOLDEN = ROOT / "tests" / "golden" / "hotplan_progress_2024"


def _typo_findings(x: hotplan.Extraction) -> list:
    return [f for f in x.finding_list if f.check.startswith("typo.")]


def test_the_helper_finds_what_the_process_finds(monkeypatch, default_extraction):
    helper = Helper()  # forked now, with the real lint

    def not_here(**job):
        raise AssertionError("linted in process: the helper did not answer")

    monkeypatch.setattr(pipeline, "lint_typos", not_here)
    x = hotplan.extract(DEFAULT_DOC, helper=helper)
    assert _typo_findings(x)  # the 2024 report has typos: the comparison is not empty
    assert _typo_findings(x) == _typo_findings(default_extraction)
    assert x.review.equals(default_extraction.review)
    assert helper.result() is None  # one lint job per helper
    helper.close()


def test_a_helper_that_raises_is_replaced_by_the_process(monkeypatch, default_extraction):
    def broken(**job):
        raise RuntimeError("a bug in a detector")

    monkeypatch.setattr(lint, "lint_typos", broken)  # what the forked helper will run
    helper = Helper()
    x = hotplan.extract(DEFAULT_DOC, helper=helper)
    assert _typo_findings(x) == _typo_findings(default_extraction)


def test_a_killed_helper_is_replaced_by_the_process(default_extraction):
    helper = Helper()
    assert helper._process is not None
    os.kill(helper._process.pid, signal.SIGKILL)
    helper._process.join(timeout=10)
    x = hotplan.extract(DEFAULT_DOC, helper=helper)
    assert _typo_findings(x) == _typo_findings(default_extraction)


def test_an_unused_helper_leaves():
    helper = Helper()
    process = helper._process
    helper.close()
    assert process is not None and not process.is_alive()
    assert not helper.start({}, "ja")  # nothing to send to any more


def test_a_helper_only_for_one_document(tmp_path):
    two = tmp_path / "two"
    two.mkdir()
    for name in ("a.txt", "b.txt"):
        (two / name).write_bytes(DEFAULT_DOC.read_bytes())
    cases = {
        ("extract", str(DEFAULT_DOC)): True,
        ("typos", str(DEFAULT_DOC)): True,
        ("extract", str(two)): False,  # several files keep every core busy already
        ("extract", str(tmp_path / "missing.txt")): True,  # the command reports it
        ("extract", str(tmp_path / "empty_folder")): False,
        ("diff", str(DEFAULT_DOC), str(DEFAULT_DOC)): False,
    }
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    for argv, read in [
        (["extract", str(pdf)], ReadJob(pdf, None, "pdfium")),
        (["extract", str(DEFAULT_DOC)], None),
        (["extract", "--ocr", "always", str(pdf)], None),  # OCR: no text layer to read
    ]:
        helper = start_helper(parse(argv))
        assert helper._read == read, argv
        helper.close()
    (tmp_path / "empty_folder").mkdir()
    for argv, expected in cases.items():
        helper = start_helper(parse(list(argv)))
        assert (helper is not None) is expected, argv
        if helper is not None:
            helper.close()


def test_the_helper_scores_the_prose_before_the_lint_job_comes(
    monkeypatch, tmp_path, default_extraction
):
    """Told the text file, the helper scores its direction texts while the main process
    builds the tables; the lint of those texts then scores none again."""
    log = tmp_path / "log"
    kept, lint_typos = prose._kept, lint.lint_typos

    def logged(name, work):
        def run(*args, **kwargs):
            with log.open("a") as f:  # written by the helper process
                f.write(name + "\n")
            return work(*args, **kwargs)

        return run

    monkeypatch.setattr(prose, "_kept", logged("scored", kept))
    monkeypatch.setattr(lint, "lint_typos", logged("job", lint_typos))
    prose._scored.cache_clear()  # the fork inherits no earlier document's scores
    x = hotplan.extract(DEFAULT_DOC, helper=Helper(text=DEFAULT_DOC))
    texts = default_extraction.items["direction"].dropna()  # each distinct one scored once
    assert log.read_text().split() == ["scored"] * texts.nunique() + ["job"]
    assert texts.nunique() < len(texts)  # 再掲 rows copy their measure's direction
    assert x.review.equals(default_extraction.review)


def test_the_command_with_its_helper_writes_the_golden_files(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "hotplan", "extract", str(DEFAULT_DOC), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # the helper says nothing of its own
    for name in ("findings.csv", "items.csv", "report.md"):
        produced = (tmp_path / DEFAULT_DOC.stem / name).read_bytes()
        assert produced == (GOLDEN / name).read_bytes(), name


def _sheets(path: Path) -> list[list[list]]:
    book = openpyxl.load_workbook(path)
    return [[[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book]


def test_the_helper_writes_the_workbook_the_process_writes(monkeypatch, tmp_path):
    helper = Helper(text=DEFAULT_DOC)  # forked now, with the real workbook writer

    def not_here(path, sheets):
        raise AssertionError("written in process: the helper did not write the workbook")

    monkeypatch.setattr(workbook, "write_workbook", not_here)
    hotplan.api.write_folders(
        [hotplan.extract(DEFAULT_DOC, helper=helper)], tmp_path, helper=helper
    )
    monkeypatch.undo()
    alone = hotplan.write(hotplan.extract(DEFAULT_DOC), tmp_path / "alone")
    helped = _sheets(tmp_path / DEFAULT_DOC.stem / "items.xlsx")
    assert len(helped[0]) == 157  # the header row and the 156 measures
    assert helped == _sheets(alone / "items.xlsx")
    assert helper._process is None  # it left once the workbook was written


@pytest.mark.parametrize("when", ["before the lint", "before the workbook"])
def test_a_helper_killed_is_replaced_in_writing_the_workbook(tmp_path, default_extraction, when):
    helper = Helper(text=DEFAULT_DOC)
    assert helper._process is not None
    pid = helper._process.pid
    if when == "before the lint":
        os.kill(pid, signal.SIGKILL)
    x = hotplan.extract(DEFAULT_DOC, helper=helper)
    if when == "before the workbook":
        os.kill(pid, signal.SIGKILL)
    [folder] = hotplan.api.write_folders([x], tmp_path, helper=helper)
    alone = hotplan.write(default_extraction, tmp_path / "alone")
    assert _sheets(folder / "items.xlsx") == _sheets(alone / "items.xlsx")


def test_a_failed_write_stops_the_helper_before_the_folder_goes(monkeypatch, tmp_path):
    """The helper writes into the staging folder; a failure in this process removes that
    folder, so the helper is stopped first and nothing of the run is left behind."""
    helper = Helper(text=DEFAULT_DOC)
    x = hotplan.extract(DEFAULT_DOC, helper=helper)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "write_parquet", full_disk)
    [result] = hotplan.api.write_folders([x], tmp_path, helper=helper)
    assert isinstance(result, OSError)
    assert helper._process is None
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".history")] == []


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory, default_extraction) -> Path:
    records = default_extraction.items.to_dict("records")[:12]
    folder = tmp_path_factory.mktemp("helper")
    return make_pdf(records, 2024, STYLES["word"], folder / "small_2024.pdf").path


def test_the_helper_reads_the_pdf_as_the_process_does(monkeypatch, small_pdf):
    alone = hotplan.extract(small_pdf)
    helper = Helper(ReadJob(small_pdf, None, "pdfium"))  # forked now, with the real reader

    def not_here(pages):
        raise AssertionError("read in process: the helper did not answer")

    monkeypatch.setattr(pipeline, "layout_lines", not_here)
    x = hotplan.extract(small_pdf, helper=helper)
    assert x.items.equals(alone.items)
    assert x.finding_list == alone.finding_list


def test_a_reading_for_another_job_is_not_used(monkeypatch, small_pdf):
    """Asked to read with pdfium, the helper's lines do not stand in for pdfplumber's."""
    helper = Helper(ReadJob(small_pdf, None, "pdfium"))
    read = []
    real = pipeline.layout_lines

    def in_process(pages):
        read.append(True)
        return real(pages)

    monkeypatch.setattr(pipeline, "layout_lines", in_process)
    x = hotplan.extract(small_pdf, reader="pdfplumber", helper=helper)
    assert read and x.ok


def test_a_pdf_the_helper_cannot_read_is_reported_by_the_process(tmp_path, small_pdf):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(small_pdf.read_bytes()[:2000])
    with pytest.raises(InputError) as alone:
        hotplan.extract(broken)
    with pytest.raises(InputError) as helped:
        hotplan.extract(broken, helper=Helper(ReadJob(broken, None, "pdfium")))
    assert str(helped.value) == str(alone.value)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(enabled):
    import gc

    from hotplan.collector import collector_paused

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with pytest.raises(ValueError), collector_paused():
            assert not gc.isenabled()
            raise ValueError  # restored on the way out of a failed import too
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_job_larger_than_the_pipe_does_not_wait_for_the_helper(monkeypatch, tmp_path):
    """The helper takes the lint job only once it has scored the prose; a job that fills
    the pipe (a long document's) must not hold this process up meanwhile: it validates and
    loads the writers. Ordering, not timing: the helper waits for a file that only this
    process's later work creates, so a blocked hand-over would leave it to its deadline."""
    go, seen = tmp_path / "go", tmp_path / "seen"

    def slow_warm(lines):
        for _ in range(400):
            if go.exists():
                seen.write_text("go")
                return
            time.sleep(0.05)
        seen.write_text("deadline")

    monkeypatch.setattr(helper_module, "_warm", slow_warm)
    helper = Helper(text=DEFAULT_DOC)
    assert helper.start({"padding": "x" * BEYOND_ANY_PIPE}, "ja")  # lint_typos refuses it
    go.touch()
    assert helper.result() is None  # the helper's error: the process lints itself
    assert seen.read_text() == "go"
