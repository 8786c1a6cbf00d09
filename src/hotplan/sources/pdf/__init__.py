"""PDF in, `SourceLine`s out: `plumber.py` reads each page's characters, rules and fills;
`layout.py` turns them into lines, header rows and table rows with their five cells.
"""
