"""Shared fixtures: the real 2024 document, and helpers to extract mutated copies of it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

import hotplan
from hotplan.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOC = ROOT / "raw" / "hotplan_progress_2024.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
# Where and how a PDF printed a row, which differs from the text dump on purpose; the
# department cell's line breaks read back as spaces (compared with spaces squeezed).
PRINT_COLUMNS = [
    "source_file",
    "source_page",
    "source_line",
    "bbox_x0",
    "bbox_top",
    "bbox_x1",
    "bbox_bottom",
    "departments_raw",
]


def read_lines(path: Path = DEFAULT_DOC) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def row_index(lines: list[str], serial: int) -> int:
    """0-based index of the line holding the row with this 通番."""
    prefix = f"{serial}\t"
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def set_cell(lines: list[str], serial: int, cell: int, value: str) -> list[str]:
    out = list(lines)
    i = row_index(out, serial)
    cells = out[i].split("\t")
    cells[cell] = value
    out[i] = "\t".join(cells)
    return out


def findings_of(x: hotplan.Extraction, check: str) -> list[Finding]:
    return [f for f in x.finding_list if f.check == check]


@pytest.fixture(scope="session")
def default_extraction() -> hotplan.Extraction:
    return hotplan.extract(DEFAULT_DOC)


@pytest.fixture
def extract_lines(tmp_path: Path) -> Callable[[list[str]], hotplan.Extraction]:
    """Write lines as a UTF-8 document and extract it."""

    def run(lines: list[str], name: str = "mutated.txt", **options) -> hotplan.Extraction:
        path = tmp_path / name
        path.write_text("\n".join(lines), encoding="utf-8")
        return hotplan.extract(path, **options)

    return run


def require_tesseract() -> None:
    """Skip the calling test module on a machine without Tesseract's Japanese data, unless
    make test requires it (HOTPLAN_REQUIRE_OCR): there a missing install is a failure."""
    from hotplan.sources.ocr import engine

    try:
        engine.tessdata()
    except engine.EngineMissing as exc:
        if os.environ.get("HOTPLAN_REQUIRE_OCR"):
            raise RuntimeError(
                "make test needs apt-get install tesseract-ocr-jpn tesseract-ocr-script-jpan"
            ) from exc
        pytest.skip("Tesseract's Japanese data is not installed", allow_module_level=True)


def text_distance(read: Iterable[str], printed: Iterable[str]) -> float:
    """How far OCR's cells (取組の方向性, say) are from the printed ones, all run together
    with their spaces and line breaks left out: the share of characters to edit."""
    from rapidfuzz.distance import Levenshtein

    def run(cells: Iterable[str]) -> str:
        return "".join("".join(cell.split()) for cell in cells)

    return Levenshtein.normalized_distance(run(read), run(printed))
