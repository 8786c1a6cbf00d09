"""Every input ends cleanly and nothing is lost.

A seeded fuzz test over mutations of the real document; damaged PDFs; output folders that
cannot be used; file names that would address another folder; two runs sharing one output
folder; formula text in the Excel CSVs; HTML in report.md; a table cut at its end.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import hotplan
from conftest import DEFAULT_DOC, ROOT, read_lines, row_index, set_cell
from hotplan.cli import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, parser
from hotplan.commands import process
from pdf_fixtures import STYLES, make_pdf

FUZZ_CASES = 120  # each runs the whole pipeline, prose lint included (make test ~5 min)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hotplan", *args], cwd=cwd, capture_output=True, text=True
    )


# -- fuzzing ----------------------------------------------------------------------------------


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random damage of the kinds files and hurried editing suffer."""
    lines = data.decode("utf-8", "surrogateescape").split("\n")  # earlier damage stays
    rows = [i for i, line in enumerate(lines) if re.match(r"\d+\t", line)] or [0]
    kind = rng.choice(
        ["delete", "duplicate", "swap", "truncate", "flip", "control", "blank", "huge", "long"]
    )
    if kind == "delete":
        del lines[rng.randrange(len(lines))]
    elif kind == "duplicate":
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == "swap":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "truncate":
        return data[: rng.randrange(len(data))]
    elif kind == "flip":
        raw = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    elif kind == "control":
        i = rng.choice(rows)
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + chr(rng.choice([0, 1, 7, 8, 11, 12, 27, 127])) + lines[i][at:]
    else:
        i = rng.choice(rows)
        cells = lines[i].split("\t")
        cell = rng.randrange(len(cells))
        if kind == "blank":
            cells[cell] = ""
        elif kind == "huge":
            cells[cell] = "9" * rng.choice([5, 20, 5000])
        else:
            cells[cell] = "あ" * rng.choice([10_000, 60_000])
        lines[i] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def fuzz_one(seed: int) -> str | None:
    """None when the CLI's processing of one mutated copy ends cleanly with the right code."""
    rng = random.Random(seed)
    data = DEFAULT_DOC.read_bytes()
    for _ in range(rng.randint(1, 3)):
        data = mutate(data, rng)
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"hotplan-fuzz-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    path = folder / "mutated.txt"
    path.write_bytes(data)
    # English messages: the check below looks for hotplan's "internal error" line.
    x, outcome = process(path, parser().parse_args(["validate", "--lang", "en", str(path)]))
    if "internal error" in outcome.err:
        return f"seed {seed}: {outcome.err.strip()}"
    if x is None:
        if outcome.status != EXIT_UNUSABLE or outcome.err.count("\n") != 1:
            return f"seed {seed}: unusable input must be one line, exit 2: {outcome}"
        return None
    errors = [f for f in x.finding_list if f.severity == "error"]
    expected = EXIT_INVALID if errors else EXIT_OK
    if outcome.status != expected:
        return f"seed {seed}: exit {outcome.status} with {len(errors)} error finding(s)"
    return None


def test_fuzzed_copies_of_the_report_end_cleanly():
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(fuzz_one, range(FUZZ_CASES), chunksize=10))
    failures = [r for r in results if r]
    assert len(results) == FUZZ_CASES
    assert failures == [], "\n".join(failures[:5])


# -- what the fuzzing found -------------------------------------------------------------------

CRASHES = {
    "blank direction": lambda lines: set_cell(lines, 5, 3, ""),
    "cut inside 担当課": lambda lines: [*lines[: row_index(lines, 40)], "40\t3\t市民協"],
    "通番 beyond int64": lambda lines: set_cell(lines, 5, 0, "9" * 25),
    "(P.nn) beyond int64": lambda lines: set_cell(lines, 5, 2, "住宅課(P." + "9" * 25 + ")"),
    "a number of 5000 digits": lambda lines: set_cell(lines, 5, 1, "9" * 5000),
    "a cell of 180 KB": lambda lines: set_cell(lines, 5, 3, "あ" * 60_000),
    "基本施策 numbered with 30 digits": lambda lines: [
        line.replace("基本施策1 ", "基本施策" + "1" * 30 + " ", 1) for line in lines
    ],
}


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_what_crashed_is_a_finding(extract_lines, name):
    x = extract_lines(CRASHES[name](read_lines()))
    assert len(x.items) > 0
    numbers = x.items[["serial", "measure_no", "page_ref"]]
    assert (numbers.dropna() <= 9999).all().all()


def test_number_beyond_the_domain_is_named(extract_lines):
    x = extract_lines(set_cell(read_lines(), 5, 0, "9" * 25))
    [bad] = [f for f in x.finding_list if f.check == "row.serial_invalid"]
    assert "上限 9999 を超えて" in bad.message and bad.found == "9" * 25


def test_a_table_cut_at_its_end_is_reported(extract_lines):
    lines = read_lines()
    x = extract_lines(lines[: row_index(lines, 156)])
    missing = [f for f in x.finding_list if f.check == "catalog.missing"]
    assert [f.found for f in missing] == ["Ⅲ-3-(2)-② No.2"]
    assert "地域における相談支援機関の連携・協働の推進" in missing[0].message


def test_the_complete_report_matches_its_catalog(default_extraction):
    assert not [f for f in default_extraction.finding_list if f.check.startswith("catalog.")]


def test_a_changed_plan_page_is_reported(extract_lines):
    x = extract_lines(set_cell(read_lines(), 6, 2, "住宅課(P.59)"))
    [changed] = [f for f in x.finding_list if f.check == "catalog.page_changed"]
    assert (changed.serial, changed.found, changed.suggestion) == (6, "59", "58")


def test_a_changed_subsection_title_is_reported_once(extract_lines):
    """A heading's misprint (or misreading) is pointed out once for its subsection, not
    once per measure under it; spaces OCR reads into a title are no change."""
    lines = [line.replace("地域情報発信の支援", "地域情報発進の支援") for line in read_lines()]
    lines = [line.replace("マッチングの促進", "マッチング の促進") for line in lines]
    x = extract_lines(lines)
    [changed] = [f for f in x.finding_list if f.check == "catalog.title_changed"]
    assert (changed.field, changed.found, changed.suggestion) == (
        "subsection_title",
        "地域情報発進の支援",
        "地域情報発信の支援",
    )
    assert (
        "Ⅰ-1-(1)-②" in changed.message
        and x.items["subsection_title"].eq("地域情報発進の支援").sum() == 2
    )


# -- damaged PDFs -----------------------------------------------------------------------------


def flate_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream is ~0.4 KB per MB it inflates to."""
    deflate = zlib.compressobj(9)
    block = b" " * 2**20
    data = b"".join(deflate.compress(block) for _ in range(megabytes)) + deflate.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory, default_extraction) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("damaged")
    good = make_pdf(
        default_extraction.items.to_dict("records")[:12], 2024, STYLES["word"], folder / "g.pdf"
    ).path
    data = good.read_bytes()
    cases: dict[str, bytes] = {}
    box = re.search(rb"/MediaBox \[[^\]]*\]", data)
    assert box is not None
    cases["empty MediaBox"] = data.replace(box.group(), b"/MediaBox [ ]".ljust(len(box.group())))
    stream = re.search(rb"stream\r?\n(.*?)endstream", data, re.S)
    assert stream is not None
    start, end = stream.span(1)
    cases["zeroed stream"] = data[:start] + b"\0" * (end - start) + data[end:]
    cases["garbage xref"] = data[: data.rfind(b"xref")] + b"xref\n0 zz\ntrailer<<>>\n%%EOF"
    for seed in range(8):
        rng = random.Random(seed)
        raw = bytearray(data)
        for _ in range(30):
            raw[rng.randrange(200, len(raw))] = rng.randrange(256)
        cases[f"flipped bytes {seed}"] = bytes(raw)
    cases["flate bomb"] = flate_bomb(400)
    paths = {}
    for name, content in cases.items():
        paths[name] = folder / (re.sub(r"\W+", "_", name) + ".pdf")
        paths[name].write_bytes(content)
    return paths


DAMAGE = [
    "empty MediaBox",
    "zeroed stream",
    "garbage xref",
    *(f"flipped bytes {s}" for s in range(8)),
]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", DAMAGE)
def test_a_damaged_pdf_raises_nothing_but_input_error(damaged, name, reader):
    """The PDF readers on their own: a copy whose text damage sends it to OCR would only
    measure OCR's time here (test_ocr*.py read scans)."""
    try:
        hotplan.extract(damaged[name], registry=None, reader=reader, ocr="never")
    except hotplan.InputError as err:
        assert str(err).startswith(f"{damaged[name]}: ") and "\n" not in str(err)


def test_damaged_pdfs_are_one_line_each_in_a_batch(damaged, tmp_path):
    """One run over all of them: each unusable file is one line, nothing else on stderr
    (no pdfminer log lines), the others are extracted."""
    run = cli(
        "extract",
        "--lang",
        "en",
        "--ocr",
        "never",
        *(str(p) for p in damaged.values()),
        "--out",
        str(tmp_path),
    )
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    lines = run.stderr.splitlines()
    assert all(any(line.startswith(f"hotplan: {p}: ") for p in damaged.values()) for line in lines)
    summaries = run.stdout.count(" measures (")
    assert len(lines) + summaries == len(damaged)
    assert run.returncode == (EXIT_UNUSABLE if lines else EXIT_OK)


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_flate_bomb_stops_at_the_stream_ceiling(damaged, reader):
    with pytest.raises(hotplan.InputError, match="展開すると 128 MB を超える"):
        hotplan.extract(damaged["flate bomb"], registry=None, reader=reader)


# -- output folders ---------------------------------------------------------------------------


def test_a_file_named_dot_txt_never_touches_the_output_folder(tmp_path):
    out = tmp_path / "out"
    (out / "other_year").mkdir(parents=True)
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    for name in ("..txt", "...txt"):
        bad = tmp_path / name
        bad.write_bytes(DEFAULT_DOC.read_bytes())
        run = cli("extract", str(bad), "--out", str(out))
        assert run.returncode == EXIT_UNUSABLE
        assert "出力フォルダーの名前に使えません" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "other_year"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["...txt", "..txt", "out"])


@pytest.mark.parametrize("kind", ["a file", "under a file", "not writable"])
def test_an_unusable_out_folder_is_one_line_exit_2(tmp_path, kind):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    out = {"a file": blocker, "under a file": blocker / "sub", "not writable": tmp_path / "ro"}[
        kind
    ]
    if kind == "not writable":
        out.mkdir()
        out.chmod(0o500)
        if os.access(out, os.W_OK):  # root writes anywhere: nothing to test
            pytest.skip("running as root: a read-only folder is still writable")
    run = cli("extract", str(DEFAULT_DOC), "--out", str(out))
    assert run.returncode == EXIT_UNUSABLE
    assert run.stderr == f"hotplan: {out}: {run.stderr.split(': ', 2)[2]}"
    assert run.stderr.count("\n") == 1 and "出力フォルダーに書き込めません" in run.stderr


def test_two_runs_sharing_out_keep_both_years(tmp_path):
    year_2025 = tmp_path / "hotplan_progress_2025.txt"
    year_2025.write_text(
        DEFAULT_DOC.read_text(encoding="utf-8").replace("2024年度", "2025年度"), encoding="utf-8"
    )
    for trial in range(2):
        out = tmp_path / f"out{trial}"
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "hotplan", "extract", str(doc), "--out", str(out)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for doc in (DEFAULT_DOC, year_2025)
        ]
        for run in runs:
            assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
        history = pd.read_parquet(out / "history.parquet")
        assert sorted(history["fiscal_year"].unique()) == [2024, 2025]
        assert len(history) == 312


# -- what people open -------------------------------------------------------------------------


def test_formula_text_is_text_in_excel_csv_and_verbatim_elsewhere(extract_lines, tmp_path):
    from hotplan.outputs.write import write_extraction

    x = extract_lines(set_cell(read_lines(), 5, 3, '=HYPERLINK("http://x")と@SUM'))
    assert x.ok
    excel = write_extraction(x, tmp_path / "excel")
    data = write_extraction(x, tmp_path / "data", csv_encoding="utf-8")

    def row(folder: Path) -> str:
        items = pd.read_csv(folder / "items.csv", encoding="utf-8-sig").set_index("serial")
        return items.loc[5, "direction"]

    assert row(excel) == '\'=HYPERLINK("http://x")と@SUM'
    assert row(data) == '=HYPERLINK("http://x")と@SUM'
    parquet = pd.read_parquet(excel / "items.parquet").set_index("serial")
    assert parquet.loc[5, "direction"] == '=HYPERLINK("http://x")と@SUM'


def test_report_md_shows_html_as_text(extract_lines):
    from hotplan.outputs.report_md import render_report

    title = "今を生きる自分に合ったつながりをつくる"
    lines = [line.replace(title, "<script>alert(1)</script>") for line in read_lines()]
    md = render_report(extract_lines(lines))
    assert "<script>" not in md and "&lt;script&gt;" in md
