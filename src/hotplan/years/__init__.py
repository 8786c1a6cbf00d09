"""Years side by side: two years' items in, matched measures and their changes out.

`match.py` pairs measures by content, `diff.py` lists the changes, `history.py` stacks every
extracted year with a measure id that follows a measure across years.
"""
