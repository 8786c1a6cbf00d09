"""Any picture a scan can hold is read through without stopping (sources/ocr/
scanned_page.py): random pages of fills, rules and noise, strips of a page a few
millimetres wide, dark bands at their edges. The picture steps only: Tesseract's part
is left out, so 30 pages take a few seconds. Each bug such pages found stopped the
whole document: an empty strip beyond a fill at the edge (OpenCV), a closing wider
than a strip (numpy), a fill black all over (numpy's RuntimeWarning on the
terminal). (A rule's box past a strip's edge, in the text outside the tables, needs
Tesseract: test_ocr_parts.py.)"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import hotplan.sources.ocr.scanned_page as scanned_page

SIDES = (40, 90, 200, 400, 800)  # pixels at 200 dpi: strips to a third of a page


def _random_page(rng: np.random.Generator) -> np.ndarray:
    """Paper with dark and grey fills, rules and noise at random places and sizes, some
    running off the picture's edges."""
    h, w = (int(rng.choice(SIDES)) for _ in range(2))
    grey = np.full((h, w), int(rng.integers(200, 256)), np.uint8)
    for _ in range(int(rng.integers(1, 12))):
        y0, x0 = max(0, int(rng.integers(-h // 4, h))), max(0, int(rng.integers(-w // 4, w)))
        y1, x1 = y0 + int(rng.integers(1, h + 1)), x0 + int(rng.integers(1, w + 1))
        thick = int(rng.integers(1, 5))
        kind = int(rng.integers(0, 4))
        if kind == 0:  # a dark fill, black in a 1-bit scan
            grey[y0:y1, x0:x1] = int(rng.choice([0, int(rng.integers(0, 90))]))
        elif kind == 1:  # a shading
            grey[y0:y1, x0:x1] = int(rng.integers(120, 220))
        elif kind == 2:
            grey[y0 : y0 + thick, x0:x1] = int(rng.integers(0, 150))
        else:
            grey[y0:y1, x0 : x0 + thick] = int(rng.integers(0, 150))
    if rng.random() < 0.3:
        noise = rng.normal(0, rng.uniform(1, 30), grey.shape)
        grey = np.clip(grey + noise, 0, 255).astype(np.uint8)
    return grey


@pytest.mark.parametrize("seed", range(2))
def test_random_pages_are_read_through(seed, monkeypatch):
    monkeypatch.setattr(scanned_page, "read_tables", lambda *_: True)
    monkeypatch.setattr(scanned_page, "read_outside", lambda *_: None)
    monkeypatch.setattr(scanned_page.engine, "orientation", lambda _: 0)
    rng = np.random.default_rng(seed)
    for _ in range(30):
        grey = _random_page(rng)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            page = scanned_page.read_page(grey, 1, grey.shape[1] * 0.36, grey.shape[0] * 0.36)
        assert page.page.number == 1
