"""Scanned PDFs in, the same `PdfPage`s as the PDF readers out, read by OCR.

`raster.py` renders and straightens each page, `grid.py` finds its ruling lines and table
cells, `engine.py` runs Tesseract on each cell (Japanese for text, digits for number
columns), `symbols.py` reads the rating symbol by its shape, `reader.py` reads the table
rows (`cell_reading.py` each cell) and `margins.py` the text around them, laying the
glyphs on the page as characters (`page.py`); `scanned_page.py` reads one page whole,
turned upright. `review.py` turns doubtful cells into findings and review rows with the
cell's picture once the table has been parsed.
"""
