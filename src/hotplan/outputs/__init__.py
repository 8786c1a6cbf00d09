"""Outputs: an Extraction in, files out (CSV, Parquet, report.md/html, xlsx, datapackage.json).

`write.py` writes an output folder atomically; the others render one format each;
`contract.py` renders schemas/ from `columns.py`; `load.py` reads an output folder back.
"""

from __future__ import annotations

import os
from pathlib import Path

CSV_ENCODINGS = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}  # BOM for Excel, or plain


def ordinary_mode(directory: bool = False) -> int:
    """The mode open() or mkdir() would give: 0666/0777 less the umask. Temporary files
    and folders (mkstemp, mkdtemp) are private, 0600/0700; what they become is an ordinary
    output that colleagues on a shared folder can read."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def temp_file(folder: Path, prefix: str, suffix: str) -> Path:
    """A new empty file in folder, to be renamed over its target when written."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.fchmod(fd, ordinary_mode())
    os.close(fd)
    return Path(name)
