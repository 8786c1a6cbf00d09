"""Sources: a report file in, a stream of `SourceLine`s out (one per printed line or table row).

`text.py` reads text dumps (encoding detection); `pdf/` rebuilds lines and rows from a PDF's
page geometry. Nothing downstream knows which kind of file a line came from.
"""
