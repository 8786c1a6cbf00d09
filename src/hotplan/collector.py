"""The cyclic garbage collector paused while heavy libraries load.

Importing pandas, pandera, Sudachi or jinja2 builds hundreds of thousands of objects that
live until the process ends; the collector, triggered every 700 new objects, scans them
again and again while they load, which costs about a tenth of each import. Nothing an
import builds is garbage, so pausing the collector for it frees nothing later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it
    (a caller who had turned it off keeps it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
