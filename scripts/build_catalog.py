"""Build src/hotplan/data/plan_catalog.csv from a reviewed report (`make catalog`).

The catalog is the plan's list of measures every later report is checked against; rebuild
it only from a report a person has reviewed (the 2024 one by default).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hotplan
from hotplan.document.catalog import write_catalog

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    report = Path(argv[0]) if argv else ROOT / "raw" / "hotplan_progress_2024.txt"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "src" / "hotplan" / "data" / "plan_catalog.csv"
    items = hotplan.extract(report, registry=None, catalog=None).items
    write_catalog(items, out)
    print(f"{out}: {len(items)} measures from {report.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
