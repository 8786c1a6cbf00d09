"""Benchmarks: print figures, assert nothing. `make bench`.

Whole processes, side by side in one run, median of REPEAT:
(a) a bare pdfplumber pass listing page.chars over a generated 25-page report (the 2024
    measures, Word-like style), (b) `hotplan extract` of it, and their ratio;
`hotplan --help` against `python -c "import argparse"`; `hotplan extract` of the text dump;
in process, the read + layout stage with each reader against pdfplumber's char pass; and
peak memory of `hotplan extract` for a 25-page and a ~300-page report (the measures twelve
times over, plan pages moved on so that they still ascend): the command's process and its
lint helper together.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOC = ROOT / "raw" / "hotplan_progress_2024.txt"
REPEAT = 5
sys.path.insert(0, str(ROOT / "tests"))

import hotplan  # noqa: E402
from hotplan.sources.pdf.layout import layout_lines  # noqa: E402
from hotplan.sources.pdf.readers import open_reader  # noqa: E402
from pdf_fixtures import STYLES, make_pdf  # noqa: E402  (test helper, not in the package)

BARE = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    [p.chars for p in pdf.pages]"
)
HOTPLAN = [sys.executable, "-c", "from hotplan.cli import console; console()"]


def wall(cmd: list[str], repeat: int = REPEAT) -> float:
    """Median wall seconds of a whole process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _status(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status") as f:
        return dict(line.split(":", 1) for line in f if ":" in line)


def _pss(pid: int) -> int:
    """Proportional set size, kB: a page shared by n processes counts 1/n in each."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))


def _tree(root: int) -> set[int]:
    """A process and all its descendants now (Linux /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_status(int(entry.name))["PPid"])
            except (OSError, KeyError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def peak_mb(cmd: list[str]) -> tuple[float, float]:
    """Peak memory of a run, the command's process and its lint helper together, sampled
    every 5 ms: (resident set sizes summed, proportional set sizes summed). The first
    counts a page both processes share (the interpreter, the libraries loaded before the
    fork) twice; the second once, as the machine holds it."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rss = pss = 0
    while process.poll() is None:
        now_rss = now_pss = 0
        for pid in _tree(process.pid):
            try:
                now_rss += int(_status(pid)["VmRSS"].split()[0])
                now_pss += _pss(pid)
            except (OSError, KeyError, StopIteration):
                continue  # gone meanwhile, or a zombie
        rss, pss = max(rss, now_rss), max(pss, now_pss)
        time.sleep(0.005)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, cmd)
    return rss / 1024, pss / 1024


def long_report(records: list[dict], times: int) -> list[dict]:
    """The measures `times` over: serials continue, plan pages move on by 200 a round."""
    out = []
    for k in range(times):
        shift = 200 * k
        for r in records:
            pages = re.sub(
                r"P\.(\d+)", lambda m, s=shift: f"P.{int(m[1]) + s}", r["departments_raw"]
            )
            out.append(dict(r, serial=r["serial"] + k * len(records), departments_raw=pages))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        records = hotplan.extract(DEFAULT_DOC).items.to_dict("records")
        report = make_pdf(records, 2024, STYLES["word"], out / "report_2024.pdf")
        big = make_pdf(long_report(records, 12), 2024, STYLES["word"], out / "long_2024.pdf")
        pdf = str(report.path)
        print(f"PDF: {report.pages} pages, {report.path.stat().st_size} bytes; long: {big.pages}")

        a = wall([sys.executable, "-c", BARE, pdf])
        b = wall([*HOTPLAN, "extract", pdf, "--out", str(out / "o")])
        print(f"(a) bare pdfplumber page.chars pass, whole process: {a:.2f} s")
        print(f"(b) hotplan extract, whole process:                 {b:.2f} s")
        print(f"    ratio b/a: {b / a:.2f}  (target <= 0.8)")

        plumber_chars = timed(lambda: _bare_chars(report.path), 3)
        for name in ("pdfium", "pdfplumber"):
            stage = timed(lambda n=name: layout_lines(open_reader(n)(report.path, None)), 3)
            print(
                f"read + layout in process, {name:<10}: {stage:.2f} s = "
                f"{stage / plumber_chars:.2f} x pdfplumber's char pass ({plumber_chars:.2f} s)"
                + ("  (target <= 0.2)" if name == "pdfium" else "")
            )

        bare = wall([sys.executable, "-c", "import argparse"])
        helps = wall([*HOTPLAN, "--help"])
        print(
            f"hotplan --help: {helps:.3f} s = {helps / bare:.1f} x a bare interpreter "
            f"({bare:.3f} s)  (target <= 5)"
        )
        text = wall([*HOTPLAN, "extract", str(DEFAULT_DOC), "--out", str(out / "t")])
        print(f"text path, whole process: {text:.2f} s  (target <= 0.8)")
        # This machine's speed drifts by a third within an hour (a shared host): the
        # same yardstick, run now, tells a slow host from a slow hotplan.
        pandas = wall([sys.executable, "-c", "import pandas"])
        print(f"    yardstick, the host's speed now: python -c 'import pandas' {pandas:.2f} s")

        small = peak_mb([*HOTPLAN, "extract", pdf, "--out", str(out / "m1")])
        large = peak_mb([*HOTPLAN, "extract", str(big.path), "--out", str(out / "m2")])
        for i, kind in enumerate(("resident, summed", "proportional, summed")):
            print(
                f"peak memory ({kind}): {report.pages} pages {small[i]:.0f} MB "
                f"(target <= 400), {big.pages} pages {large[i]:.0f} MB "
                f"({(large[i] / small[i] - 1) * 100:+.0f}%, target <= +10%)"
            )


def _bare_chars(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.chars) for page in pdf.pages)


if __name__ == "__main__":
    main()
