"""Benchmarks: print figures, assert nothing. `make bench`."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hotplan
from hotplan.write import write_extraction

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOC = ROOT / "raw" / "hotplan_progress_2024.txt"


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """Median and best wall seconds of fn() over repeat runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        hotplan.extract(DEFAULT_DOC)  # warm imports and caches
        med, best = timed(lambda: hotplan.extract(DEFAULT_DOC))
        print(f"text path, parse+validate (in process): median {med:.3f}s, best {best:.3f}s")
        med, best = timed(lambda: write_extraction(hotplan.extract(DEFAULT_DOC), out))
        print(f"text path, parse+validate+write (in process): median {med:.3f}s, best {best:.3f}s")
        cmd = [sys.executable, "-m", "hotplan", "extract", str(DEFAULT_DOC), "--out", str(out)]
        med, best = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat=3)
        print(f"`hotplan extract` wall time (with start-up): median {med:.3f}s, best {best:.3f}s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
