"""The document: `SourceLine`s in, typed `items`/`departments` tables and findings out.

`parse.py` classifies every line in its heading hierarchy, `tables.py` (+ `relisted.py`)
builds the tables, `validate.py` checks them against the contract in `columns.py`.
"""
