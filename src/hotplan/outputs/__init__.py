"""Outputs: an Extraction in, files out (CSV, Parquet, report.md/html, xlsx, datapackage.json).

`write.py` writes an output folder atomically; the others render one format each;
`contract.py` renders schemas/ from `columns.py`; `load.py` reads an output folder back.
"""

CSV_ENCODINGS = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}  # BOM for Excel, or plain
