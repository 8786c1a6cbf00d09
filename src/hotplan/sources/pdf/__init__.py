"""PDF in, `SourceLine`s out: `plumber.py` reads each page's characters, rules and fills
(`page.py`); `layout.py` turns them into lines, header rows (`labels.py`, `header.py`,
`table_columns.py`), table rows (`rows.py`) and page furniture (`furniture.py`).
"""
