"""A scanned PDF read page by page: each page rendered by PDFium at the OCR resolution and
read (scanned_page.read_page) in worker processes side by side, in order, with a progress bar."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from hotplan.messages import t
from hotplan.sources.ocr import engine
from hotplan.sources.ocr.colour_stamps import in_colour
from hotplan.sources.ocr.dither import descreened
from hotplan.sources.ocr.page import OcrCell
from hotplan.sources.ocr.raster import DPI
from hotplan.sources.ocr.scanned_page import ScannedPage, read_page
from hotplan.sources.pdf.page import PdfPage
from hotplan.sources.pdf.pdfium import open_document

_DOCS: dict[str, object] = {}  # a worker's open document, by path


def _render(path: str, password: str | None, index: int) -> tuple[np.ndarray, float, float]:
    """Page index as a picture at DPI (a scan's own pixels, resampled): in colour where
    it has coloured ink (BGR), else grey (a dithered scan's dots made grey); and its size."""
    doc = _DOCS.get(path)
    if doc is None:
        doc = _DOCS[path] = open_document(Path(path), password)
    page = doc[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        picture = in_colour(page.render(scale=DPI / 72).to_numpy())
        if picture.ndim == 2:
            picture = descreened(picture, page)
        return picture, width, height
    finally:
        page.close()


def _work(job: tuple[str, str | None, int, frozenset[str]]) -> ScannedPage:
    path, password, index, departments = job
    picture, width, height = _render(path, password, index)
    return read_page(picture, index + 1, width, height, departments)


def read_scanned(
    path: Path,
    password: str | None,
    jobs: int | None = None,
    progress: bool = False,
    departments: frozenset[str] = frozenset(),
    only: list[int] | None = None,
) -> Iterator[ScannedPage]:
    """Every page read by OCR (only: these page numbers), in order; jobs processes read
    pages side by side (default: one per core). progress: a bar of pages on stderr (shown
    on a terminal only); departments: the registry's names, which weigh two readings of a
    担当課 cell."""
    from tqdm import tqdm

    engine.tessdata()  # fail at once, not in a worker, when the language data is missing
    doc = open_document(path, password)
    try:
        indices = [n - 1 for n in only] if only is not None else list(range(len(doc)))
    finally:
        doc.close()
    work = [(str(path), password, index, departments) for index in indices]
    count = len(work)
    jobs = max(1, min(jobs or os.cpu_count() or 1, count))
    bar = tqdm(
        total=count,
        unit="p",
        desc=t("input.ocr_progress"),
        disable=None if progress else True,
        leave=False,
    )
    try:
        if jobs == 1:
            for job in work:
                yield _work(job)
                bar.update()
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for page in pool.map(_work, work):
                yield page
                bar.update()
    finally:
        bar.close()


def ocr_pages(
    path: Path,
    password: str | None,
    jobs: int | None,
    cells: list[OcrCell],
    progress: bool = False,
    departments: frozenset[str] = frozenset(),
    printed: Iterator[PdfPage] | None = None,
    scanned: list[int] | None = None,
) -> Iterator[PdfPage]:
    """The pages for layout; each page's cells are added to cells as it is read. printed:
    every page as read from its text layer, of which the pages scanned are read by OCR
    instead (a partly scanned PDF); without it, every page is read by OCR."""
    read = read_scanned(path, password, jobs, progress, departments, scanned)
    if printed is None:
        for page in read:
            cells += page.cells
            yield page.page
        return
    wanted = set(scanned or ())
    for page in printed:
        if page.number in wanted:
            ocr = next(read)
            cells += ocr.cells
            page = ocr.page
        yield page
