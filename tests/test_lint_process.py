"""The typo lint's helper process: the same suspects as in process, and a helper that
fails in any way costs time, never results."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

import hotplan
from conftest import DEFAULT_DOC, ROOT
from hotplan import pipeline
from hotplan.cli import lint_helper, parse
from hotplan.typos import lint
from hotplan.typos.lint_process import LintProcess

GOLDEN = ROOT / "tests" / "golden" / "hotplan_progress_2024"


def _typo_findings(x: hotplan.Extraction) -> list:
    return [f for f in x.finding_list if f.check.startswith("typo.")]


def test_the_helper_finds_what_the_process_finds(monkeypatch, default_extraction):
    helper = LintProcess()  # forked now, with the real lint

    def not_here(**job):
        raise AssertionError("linted in process: the helper did not answer")

    monkeypatch.setattr(pipeline, "lint_typos", not_here)
    x = hotplan.extract(DEFAULT_DOC, lint_process=helper)
    assert _typo_findings(x)  # the 2024 report has typos: the comparison is not empty
    assert _typo_findings(x) == _typo_findings(default_extraction)
    assert x.review.equals(default_extraction.review)
    assert helper.result() is None  # one job per helper, and it has left


def test_a_helper_that_raises_is_replaced_by_the_process(monkeypatch, default_extraction):
    def broken(**job):
        raise RuntimeError("a bug in a detector")

    monkeypatch.setattr(lint, "lint_typos", broken)  # what the forked helper will run
    helper = LintProcess()
    x = hotplan.extract(DEFAULT_DOC, lint_process=helper)
    assert _typo_findings(x) == _typo_findings(default_extraction)


def test_a_killed_helper_is_replaced_by_the_process(default_extraction):
    helper = LintProcess()
    assert helper._process is not None
    os.kill(helper._process.pid, signal.SIGKILL)
    helper._process.join(timeout=10)
    x = hotplan.extract(DEFAULT_DOC, lint_process=helper)
    assert _typo_findings(x) == _typo_findings(default_extraction)


def test_an_unused_helper_leaves():
    helper = LintProcess()
    process = helper._process
    helper.close()
    assert process is not None and not process.is_alive()
    assert not helper.start({}, "ja")  # nothing to send to any more


def test_a_helper_only_for_one_linted_document(tmp_path):
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
    (tmp_path / "empty_folder").mkdir()
    for argv, expected in cases.items():
        helper = lint_helper(parse(list(argv)))
        assert (helper is not None) is expected, argv
        if helper is not None:
            helper.close()


@pytest.mark.parametrize("name", ["findings.csv", "items.csv"])
def test_the_command_with_its_helper_writes_the_golden_files(tmp_path, name):
    run = subprocess.run(
        [sys.executable, "-m", "hotplan", "extract", str(DEFAULT_DOC), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # the helper says nothing of its own
    produced = (tmp_path / DEFAULT_DOC.stem / name).read_bytes()
    assert produced == (GOLDEN / name).read_bytes()
