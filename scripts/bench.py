"""Benchmarks: print figures, assert nothing. `make bench`.

PDF: one generated 25-page report (the 2024 measures in the Word-like style), timed as
(a) a bare pdfplumber pass that reads page.chars on every page and (b) `hotplan extract`
of it in process (read + parse + validate + write); the ratio b/a is what hotplan adds.
Text: the embedded 2024 text dump. Peak memory: a separate `hotplan extract` process.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

import hotplan
from hotplan.outputs.write import write_extraction

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOC = ROOT / "raw" / "hotplan_progress_2024.txt"
sys.path.insert(0, str(ROOT / "tests"))

from pdf_fixtures import STYLES, make_pdf  # noqa: E402  (test helper, not part of the package)


def timed(fn, repeat: int = 5) -> float:
    """Median wall seconds of fn() over repeat runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_chars(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(page.chars) for page in pdf.pages)


def peak_rss_mb(args: list[str]) -> float:
    """Peak resident memory of one `hotplan` run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "hotplan", *args], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        records = hotplan.extract(DEFAULT_DOC).items.to_dict("records")
        fixture = make_pdf(records, 2024, STYLES["word"], out / "report_2024.pdf")
        chars = bare_chars(fixture.path)
        print(f"PDF: {fixture.pages} pages, {chars} chars, {fixture.path.stat().st_size} bytes")

        a = timed(lambda: bare_chars(fixture.path))
        b = timed(lambda: write_extraction(hotplan.extract(fixture.path), out / "pdf"))
        print(f"(a) bare pdfplumber page.chars pass: {a:.3f} s")
        print(f"(b) hotplan extract (read+parse+validate+write): {b:.3f} s")
        print(f"ratio b/a: {b / a:.2f}  (target <= 1.2)")

        t = timed(lambda: write_extraction(hotplan.extract(DEFAULT_DOC), out / "text"))
        print(f"text path, extract+write in process: {t:.3f} s")
        cmd = [sys.executable, "-m", "hotplan", "extract", str(DEFAULT_DOC), "--out", str(out)]
        w = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat=3)
        print(f"`hotplan extract` of the text dump, wall time with start-up: {w:.3f} s")

        pdf_mb = peak_rss_mb(["extract", str(fixture.path), "--out", str(out / "mem")])
        print(f"peak memory, `hotplan extract` of the PDF: {pdf_mb:.0f} MB  (target < 400)")


if __name__ == "__main__":
    main()
