"""How well scanned reports are read: `make eval-ocr` prints, per scan style, what #14 measures.

The 2024 report is printed as PDF (tests/pdf_fixtures.py), each page scanned by
tests/scans.py (grey paper, skew, blur, noise, JPEG), read back by OCR and compared with the
born-digital PDF's extraction, row by row:

- rows read; 通番, 取組施策No., rating and hierarchy (code) exact, share of rows;
- heading titles (goal, policy, section, subsection) all exact, share of rows, and each
  distinct misread title;
- departments exactly as printed (担当課 / 掲載P cell, and the parsed names), share of rows;
- 取組の方向性 characters right (1 - edit distance / length);
- wrong cells (departments, direction, rating) with a finding on their row;
- OCR findings on rows read right, per check: what the review costs a reader;
- seconds per page, whole extraction, jobs = cores.

Usage: python scripts/eval_ocr.py [STYLE ...] [--layout word|excel] [--pages N] [--all-wrong]
(--all-wrong lists every wrong cell, the flagged ones too, not only those without a finding.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hotplan  # noqa: E402
from colour_scans import MARKERS  # noqa: E402
from hotplan.sources.ocr.review import differing_span  # noqa: E402
from pdf_fixtures import STYLES, make_pdf  # noqa: E402
from scans import SCAN_STYLES, ScanStyle, scan_pdf  # noqa: E402

DEFAULT_DOC = ROOT / "raw" / "hotplan_progress_2024.txt"
# Styles the tests use, and eight they do not: a darker, noisier 250 dpi scan turned the
# other way, a clean 300 dpi one, one lit unevenly, a pale copy, a colour scan and a grey
# one of pages each stamped on receipt in red (a box ruled in three), and a colour scan and
# a grey one of pages a reader marked with a highlighter (pink, green).
EXTRA = {
    "grey250": ScanStyle("grey250", dpi=250, skew=0.5, blur=0.7, noise=12, jpeg=50, grey=225),
    "clean300": ScanStyle("clean300", dpi=300, jpeg=90),
    # lit unevenly (a third of the light lost at the right edge), and a pale copy
    "shaded200": ScanStyle("shaded200", skew=0.2, blur=0.6, noise=6, shade=0.35),
    "pale200": ScanStyle("pale200", blur=0.6, noise=6, toner=0.45),
    "stamped_colour200": ScanStyle(
        "stamped_colour200",
        skew=0.3,
        blur=0.7,
        noise=6,
        jpeg=60,
        colour=(247, 244, 236),
        stamp=True,
        boxed=True,
    ),
    "stamped_grey200": ScanStyle(
        "stamped_grey200", skew=0.3, blur=0.7, noise=6, jpeg=60, grey=240, stamp=True, boxed=True
    ),
    "marked_colour200": ScanStyle(
        "marked_colour200",
        skew=-0.2,
        blur=0.6,
        noise=5,
        jpeg=70,
        colour=(250, 248, 242),
        marker=MARKERS["pink"],
    ),
    "marked_grey200": ScanStyle(
        "marked_grey200",
        skew=0.2,
        blur=0.7,
        noise=6,
        jpeg=60,
        grey=240,
        marker=MARKERS["green"],
    ),
}
EXACT = ("serial", "measure_no", "rating", "code")
TITLES = ("goal_title", "policy_title", "section_title", "subsection_title")
CHECKED = ("departments_raw", "direction", "rating")


def equal(a: object, b: object) -> bool:
    """Cell equality where a missing value (NA) equals only another missing value."""

    def missing(x: object) -> bool:
        return x is None or x is pd.NA or (isinstance(x, float) and x != x)

    if missing(a) or missing(b):
        return missing(a) and missing(b)
    return bool(list(a) == list(b)) if not isinstance(a, str) and hasattr(a, "__len__") else a == b


def share(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f}%" if total else "-"


def measure(truth: hotplan.Extraction, scan: Path, pages: int, all_wrong: bool = False) -> None:
    start = time.perf_counter()
    x = hotplan.extract(scan)
    seconds = time.perf_counter() - start
    t, o = truth.items, x.items
    print(f"  rows read: {len(o)} of {len(t)}; {seconds / pages:.2f} s/page; {x.summary()}")
    if len(o) != len(t):
        missing = sorted(set(t["serial"]) - set(o["serial"]))
        print(f"  rows missing (by 通番): {missing[:20]}")
        return
    for column in EXACT:
        same = sum(equal(a, b) for a, b in zip(o[column], t[column], strict=True))
        print(f"  {column:<16} exact: {share(same, len(t))}")
    for column in ("departments_raw", "departments"):
        same = sum(equal(a, b) for a, b in zip(o[column], t[column], strict=True))
        print(f"  {column:<16} exact: {share(same, len(t))}")
    errors = sum(
        Levenshtein.distance(str(a), str(b))
        for a, b in zip(o["direction"], t["direction"], strict=True)
    )
    total = sum(map(len, t["direction"]))
    print(f"  direction chars right: {100 * (1 - errors / total):.2f}%")
    titled = [
        all(
            equal(a, b)
            for a, b in zip(o[list(TITLES)].iloc[i], t[list(TITLES)].iloc[i], strict=True)
        )
        for i in range(len(t))
    ]
    print(f"  heading titles   exact: {share(sum(titled), len(t))}")
    # each distinct misread title, and whether a finding points at its column on its page,
    # or quotes the heading as read (a section's heading may end the page before its rows)
    pointed = {(f.field, f.source_page) for f in x.finding_list if f.serial is None}
    quoted = [(f.field, str(f.found)) for f in x.finding_list if f.serial is None and f.found]
    misread: dict[tuple[str, str, str], bool] = {}
    for column in TITLES:
        for a, b, page in zip(o[column], t[column], o["source_page"], strict=True):
            if not equal(a, b):
                key = (column, str(a), str(b))
                misread[key] = (
                    misread.get(key, False)
                    or (column, page) in pointed
                    or any(field == column and str(a) in found for field, found in quoted)
                )
    flagged_titles = sum(misread.values())
    print(f"  misread titles with a finding: {flagged_titles} of {len(misread)}")
    # the review's cost on headings: OCR findings on a title column of a page read right
    wrong_titles = {
        (column, page)
        for column in TITLES
        for a, b, page in zip(o[column], t[column], o["source_page"], strict=True)
        if not equal(a, b)
    }
    idle_titles = sum(
        f.serial is None
        and f.check.startswith("ocr.")
        and f.field in TITLES
        and (f.field, f.source_page) not in wrong_titles
        for f in x.finding_list
    )
    print(f"  OCR findings on titles read right: {idle_titles}")
    for (column, a, b), flagged in sorted(misread.items(), key=str):
        read, printed = differing_span(a, b)
        state = "flagged" if flagged else "unflagged"
        print(f"    {state} {column}: read {read!r}, printed {printed!r}")
    # rows by position: a finding names the row by the 通番 as read, which may be misread
    rows = {f.serial for f in x.finding_list if f.serial is not None}
    read_serials = list(o["serial"])
    wrong = [
        (i, column)
        for column in CHECKED
        for i, (a, b) in enumerate(zip(o[column], t[column], strict=True))
        if not equal(a, b)
    ]
    flagged = [w for w in wrong if read_serials[w[0]] in rows]
    print(f"  wrong cells with a finding on their row: {len(flagged)} of {len(wrong)}")
    # the review's cost: OCR findings on rows whose cells were all read right
    right = {read_serials[i] for i in range(len(o))} - {read_serials[i] for i, _ in wrong}
    idle = Counter(
        f.check for f in x.finding_list if f.check.startswith("ocr.") and f.serial in right
    )
    print(f"  OCR findings on rows read right: {sum(idle.values())} {dict(sorted(idle.items()))}")
    for i, column in wrong:
        if all_wrong or read_serials[i] not in rows:
            read, printed = differing_span(str(o[column].iloc[i]), str(t[column].iloc[i]))
            state = "flagged" if read_serials[i] in rows else "unflagged"
            serial = t["serial"].iloc[i]
            print(f"    {state} 通番 {serial} {column}: read {read!r}, printed {printed!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("styles", nargs="*", default=[*SCAN_STYLES, *EXTRA])
    parser.add_argument("--layout", default="word", choices=sorted(STYLES))
    parser.add_argument("--pages", type=int, default=0, help="scan only the first N pages")
    parser.add_argument("--all-wrong", action="store_true", help="list flagged wrong cells too")
    args = parser.parse_args()
    styles = {**SCAN_STYLES, **EXTRA}
    records = hotplan.extract(DEFAULT_DOC).items.to_dict("records")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        digital = make_pdf(records, 2024, STYLES[args.layout], folder / "report.pdf")
        truth = hotplan.extract(digital.path)
        pages = args.pages or digital.pages
        if args.pages:
            keep = truth.items["source_page"] <= pages
            truth = type(truth)(**{**vars(truth), "items": truth.items[keep]})
        print(f"{args.layout} rendition: {digital.pages} pages, {len(truth.items)} measures")
        for name in args.styles:
            scan = scan_pdf(
                digital.path, folder / f"{name}.pdf", styles[name], list(range(1, pages + 1))
            )
            print(f"{name}: {styles[name]}")
            measure(truth, scan, pages, args.all_wrong)


if __name__ == "__main__":
    main()
