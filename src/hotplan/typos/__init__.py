"""Typo review: items and headings in, ranked suspects out (review.csv rows, `typo.*` findings).

`lint.py` runs one detector per signal over the document; `dictionary.py`, `lookalikes.py` and
`registry.py` are the references they consult; `corrections.py` applies an editor's decisions.
"""
