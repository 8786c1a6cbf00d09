"""Read a PDF's characters, rules and fills with PDFium (pypdfium2): the default reader.

PDFium reads a report's pages about ten times faster than pdfminer and places characters as
poppler does. Each character's box is pdfminer's: from the pen position, the glyph's advance
and the font's descent, one font size tall, so both readers give layout the same geometry
(`--reader pdfplumber` stays as the oracle). Coordinates are PDF points from the top-left
corner of the page as displayed (its crop box, after /Rotate).

Everything that makes a PDF unusable is an InputError with one line saying what to do.
PDFium has no ceiling of its own below 1 GB for an inflated stream, so streams are checked
against the same ceiling as the other reader's before PDFium opens the file.
"""

from __future__ import annotations

import ctypes
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as c

from hotplan.errors import InputError
from hotplan.messages import t
from hotplan.sources.pdf.page import Char, PdfPage, dedupe
from hotplan.sources.pdf.paths import SAME_POINT, Subpath, geometry
from hotplan.sources.pdf.readers import MAX_STREAM_BYTES, stream_too_large
from hotplan.sources.pdf.text_layer import MAPPED_CODES, TextLayer, make_char, scanned_page

INFLATE_STEP = 8 * 2**20
STREAM_RE = re.compile(rb"stream\r?\n")
Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Text render modes that paint nothing: invisible, and added to the clip path only.
INVISIBLE = frozenset((c.FPDF_TEXTRENDERMODE_INVISIBLE, c.FPDF_TEXTRENDERMODE_CLIP))
LOAD_ERRORS = {  # PDFium's error code → message key
    c.FPDF_ERR_PASSWORD: "input.pdf_encrypted",
    c.FPDF_ERR_SECURITY: "input.pdf_security",
    c.FPDF_ERR_FORMAT: "input.pdf_corrupt",
    c.FPDF_ERR_FILE: "input.pdf_unopenable",
}


def read_pdf(path: str | Path, password: str | None = None) -> Iterator[PdfPage]:
    """Yield the pages of a report PDF, one at a time; InputError when there is no usable
    text, and for anything PDFium fails on (one line naming the file)."""
    path = Path(path)
    _check_streams(path)
    doc = open_document(path, password)
    try:
        layer = TextLayer(path)
        for index in range(len(doc)):
            page = _page(doc, index, path)
            try:
                yield _read_page(page, index + 1, layer)
            finally:
                page.close()
        layer.finish()
    finally:
        doc.close()


def open_document(path: Path, password: str | None) -> pdfium.PdfDocument:
    """The PDF opened by PDFium; InputError (one line) for a wrong password or a bad file."""
    try:
        return pdfium.PdfDocument(path, password=password or None)
    except pdfium.PdfiumError as exc:
        if exc.err_code == c.FPDF_ERR_PASSWORD and password:
            raise InputError(path, t("input.pdf_wrong_password")) from exc
        raise InputError(path, t(LOAD_ERRORS.get(exc.err_code, "input.pdf_corrupt"))) from exc
    except OSError as exc:
        raise InputError(path, t("input.unreadable", why=exc.strerror or exc)) from exc


def _page(doc: pdfium.PdfDocument, index: int, path: Path) -> pdfium.PdfPage:
    try:
        return doc[index]
    except pdfium.PdfiumError as exc:
        raise InputError(path, t("input.pdf_page_damaged", page=index + 1)) from exc


def _check_streams(path: Path) -> None:
    """Refuse a flate bomb (a few KB that inflate to gigabytes) before PDFium inflates it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, t("input.unreadable", why=exc.strerror or exc)) from exc
    view = memoryview(data)
    for match in STREAM_RE.finditer(data):
        inflater = zlib.decompressobj()
        chunk, total = view[match.end() :], 0
        try:
            while chunk and not inflater.eof:
                total += len(inflater.decompress(chunk, INFLATE_STEP))
                if total > MAX_STREAM_BYTES:
                    raise stream_too_large(path)
                chunk = inflater.unconsumed_tail
        except zlib.error:
            continue  # not a flate stream (or encrypted): PDFium judges it


def _read_page(page: pdfium.PdfPage, number: int, layer: TextLayer) -> PdfPage:
    place = _Placement(page)
    text_page = c.FPDFText_LoadPage(page.raw)
    if not text_page:
        raise pdfium.PdfiumError(f"page {number}: no text page")
    try:
        drawn = _Drawn([], [], 0)
        drawn.collect(_Handle(_address(page.raw)), place.matrix)
        chars, unmapped, gaps, read = _text_chars(text_page, place)
        chars = _with_printed_spaces(chars, gaps, drawn.spaces(read))
    finally:
        c.FPDFText_ClosePage(text_page)
    shapes = geometry(drawn.paths)
    cover = drawn.cover / (place.width * place.height)
    scan = scanned_page(len(chars), cover, drawn.hidden, shapes.glyphs)
    layer.add_page(number, len(chars), unmapped, drawn.images, scan)
    return PdfPage(
        number, place.width, place.height, dedupe(chars), shapes.hrules, shapes.vrules, shapes.fills
    )


def hidden_share(doc: pdfium.PdfDocument, index: int) -> float:
    """The share of page index's text objects drawn invisibly (for a reader that cannot
    see how text is drawn)."""
    page = doc[index]
    try:
        drawn = _Drawn([], [], 0)
        drawn.collect(_Handle(_address(page.raw)), IDENTITY)
        return drawn.hidden()
    finally:
        page.close()


class _Placement:
    """From PDF user space to the displayed page's top-left coordinates (y downwards)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        x0, y0, x1, y1 = page.get_bbox()  # the crop box within the media box, inherited
        rotation = page.get_rotation() % 360
        # As pdfminer places a page: rotate about the box, then flip y to go downwards.
        if rotation == 90:
            m: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotation == 180:
            m = (-1, 0, 0, -1, x1, y1)
        elif rotation == 270:
            m = (0, 1, -1, 0, y1, -x0)
        else:
            m = (1, 0, 0, 1, -x0, -y0)
        turned = rotation in (90, 270)
        self.width, self.height = (y1 - y0, x1 - x0) if turned else (x1 - x0, y1 - y0)
        a, b, c_, d, e, f = m
        self.matrix: Matrix = (a, -b, c_, -d, e, self.height - f)  # y' = height - y


def _bare(function, restype):
    """A PDFium function called per character or page object, declared without argument
    types: ctypes then checks and converts nothing, a third of the cost of each call.
    Every pointer passed must be a ctypes object (a _Handle, a pointer(), a c_void_p): a
    plain int would be cut to 32 bits. An int is an index."""
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


class _Handle(ctypes.c_void_p):
    """A PDFium handle as returned: a subclass of c_void_p stays a ctypes object, ready
    to pass to a _bare function (c_void_p itself comes back as an int)."""


_I = ctypes.c_int
_unicode = _bare(c.FPDFText_GetUnicode, ctypes.c_uint)
_text_object = _bare(c.FPDFText_GetTextObject, ctypes.c_void_p)  # an int: a dictionary key
_unmapped = _bare(c.FPDFText_HasUnicodeMapError, _I)
_loose_box = _bare(c.FPDFText_GetLooseCharBox, c.FPDF_BOOL)
_origin = _bare(c.FPDFText_GetCharOrigin, c.FPDF_BOOL)
_font_size = _bare(c.FPDFTextObj_GetFontSize, c.FPDF_BOOL)
_font = _bare(c.FPDFTextObj_GetFont, ctypes.c_void_p)  # an int: a dictionary key
_descent = _bare(c.FPDFFont_GetDescent, c.FPDF_BOOL)
_object_matrix = _bare(c.FPDFPageObj_GetMatrix, c.FPDF_BOOL)
_bounds = _bare(c.FPDFPageObj_GetBounds, c.FPDF_BOOL)
_object_type = _bare(c.FPDFPageObj_GetType, _I)
_render_mode = _bare(c.FPDFTextObj_GetTextRenderMode, _I)
_page_objects = _bare(c.FPDFPage_CountObjects, _I)
_page_object = _bare(c.FPDFPage_GetObject, _Handle)
_form_objects = _bare(c.FPDFFormObj_CountObjects, _I)
_form_object = _bare(c.FPDFFormObj_GetObject, _Handle)  # its index is an unsigned long
_draw_mode = _bare(c.FPDFPath_GetDrawMode, c.FPDF_BOOL)
_segments = _bare(c.FPDFPath_CountSegments, _I)
_segment = _bare(c.FPDFPath_GetPathSegment, _Handle)
_segment_type = _bare(c.FPDFPathSegment_GetType, _I)
_segment_point = _bare(c.FPDFPathSegment_GetPoint, c.FPDF_BOOL)
_segment_closes = _bare(c.FPDFPathSegment_GetClose, c.FPDF_BOOL)


def _text_chars(text_page, place: _Placement) -> tuple[list[Char], int, list[int], set[int]]:
    """The text layer's characters; how many have no Unicode; before which of them PDFium
    put a space of its own; and the text objects they came from."""
    chars: list[Char] = []
    gaps: list[int] = []
    unmapped = 0
    objects: dict[int, tuple[float, float]] = {}  # text object → its font size and descent
    metrics = _ObjectMetrics()
    box, x, y = c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    box_at, x_at, y_at = ctypes.pointer(box), ctypes.pointer(x), ctypes.pointer(y)
    tp = _Handle(_address(text_page))
    a, b, c_, d, e, f = place.matrix
    gap = False  # PDFium put a space here (maybe in place of a space glyph it dropped)
    for i in range(c.FPDFText_CountChars(text_page)):
        code = _unicode(tp, i)
        key = _text_object(tp, i)
        if not key:  # generated by PDFium (a real space between text objects is one too)
            gap = code == 0x20
            continue
        found = objects.get(key)
        if found is None:
            found = objects[key] = metrics(_Handle(key))
        size, descent = found
        if code == 0 or _unmapped(tp, i) == 1:
            unmapped += 1
            code = 0xFFFD
        _loose_box(tp, i, box_at)
        _origin(tp, i, x_at, y_at)
        x0 = a * box.left + c_ * box.bottom + e
        x1 = a * box.right + c_ * box.top + e
        if x1 < x0:
            x0, x1 = x1, x0
        bottom = b * x.value + d * y.value + f + descent  # as pdfminer: the descent line
        if code in MAPPED_CODES:
            char = make_char(chr(code), x0, x1, bottom - size, bottom, size)
        else:
            char = Char(chr(code), x0, x1, bottom - size, bottom, size)
        if gap and chars:
            gaps.append(len(chars))
        chars.append(char)
        gap = False
    return chars, unmapped, gaps, set(objects)


class _ObjectMetrics:
    """A text object's font size and descent in page points (its matrix applied). A
    report draws a text object for every two or three characters, and uses few fonts:
    the out parameters are made once, descents are kept per font and size."""

    def __init__(self) -> None:
        self.size, self.matrix = ctypes.c_float(), c.FS_MATRIX()
        self.size_at, self.matrix_at = ctypes.pointer(self.size), ctypes.pointer(self.matrix)
        self.descents: dict[tuple[int, float], float] = {}

    def __call__(self, obj: _Handle) -> tuple[float, float]:
        _font_size(obj, self.size_at)
        size, font = self.size.value, _font(obj) or 0
        descent = self.descents.get((font, size))
        if descent is None:
            found = ctypes.c_float()
            ok = font and _descent(_Handle(font), ctypes.c_float(size), ctypes.pointer(found))
            descent = self.descents[font, size] = abs(found.value) if ok else 0.0
        m = self.matrix
        scale = math.hypot(m.c, m.d) if _object_matrix(obj, self.matrix_at) else 1.0
        return size * scale, descent * scale


def _with_printed_spaces(
    chars: list[Char], gaps: list[int], spaces: list[tuple[float, float]]
) -> list[Char]:
    if not gaps:
        return chars
    out: list[Char] = []
    start = 0
    for k in gaps:
        out += chars[start:k]
        out += _printed_space(chars[k - 1], chars[k], spaces)
        start = k
    return out + chars[start:]


def _printed_space(left: Char, right: Char, spaces: list[tuple[float, float]]) -> list[Char]:
    """The space glyph PDFium replaced by one of its own between two text objects, if the
    page prints one there; a gap without a space glyph (the spacing office software adds
    between Latin and kana) is no character, as pdfminer reads it."""
    for x, y in spaces:
        if left.x1 - 0.5 <= x <= right.x0 + 0.5 and left.top <= y <= left.bottom + 0.5:
            return [Char(" ", left.x1, max(right.x0, left.x1), left.top, left.bottom, left.size)]
    return []


@dataclass
class _Drawn:
    """What a page draws besides its text layer: painted paths, its text objects (with
    the matrix of the form they are in), how many images and the area the largest covers."""

    paths: list[Subpath]
    texts: list[tuple[_Handle, Matrix]]
    images: int
    cover: float = 0.0  # square points

    def collect(self, at: _Handle, matrix: Matrix, form: bool = False) -> None:
        """Walk the objects of a page (or of a form, with its matrix)."""
        for i in range((_form_objects if form else _page_objects)(at)):
            obj = _form_object(at, ctypes.c_ulong(i)) if form else _page_object(at, i)
            kind = _object_type(obj)
            if kind == c.FPDF_PAGEOBJ_TEXT:
                self.texts.append((obj, matrix))
            elif kind == c.FPDF_PAGEOBJ_PATH:
                self.paths += _subpaths(obj, _compose(_matrix(obj), matrix))
            elif kind == c.FPDF_PAGEOBJ_FORM:
                self.collect(obj, _compose(_matrix(obj), matrix), form=True)
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
                self.cover = max(self.cover, _area(obj, matrix))

    def hidden(self) -> float:
        """The share of the text objects drawn invisibly (an OCR layer over a scan)."""
        if not self.texts:
            return 0.0
        return sum(_render_mode(obj) in INVISIBLE for obj, _ in self.texts) / len(self.texts)

    def spaces(self, read: set[int]) -> list[tuple[float, float]]:
        """Where a text object without ink stands: PDFium's text layer drops a space glyph
        that is a text object of its own, so only objects it did not read are measured (a
        space glyph's box is a point at its origin)."""
        box = [ctypes.c_float() for _ in range(4)]  # left, bottom, right, top
        corners = [ctypes.pointer(corner) for corner in box]
        left, bottom, right, top = box
        found = []
        for obj, matrix in self.texts:
            if obj.value not in read and _bounds(obj, *corners):
                x0, y0 = left.value, bottom.value
                if right.value - x0 <= SAME_POINT and top.value - y0 <= SAME_POINT:
                    found.append(_apply(matrix, x0, y0))
        return found


def _area(obj: _Handle, matrix: Matrix) -> float:
    """The area an object's box covers on the page, in square points (0 if unknown)."""
    box = [ctypes.c_float() for _ in range(4)]  # left, bottom, right, top
    if not _bounds(obj, *(ctypes.pointer(corner) for corner in box)):
        return 0.0
    left, bottom, right, top = (corner.value for corner in box)
    (x0, y0), (x1, y1) = _apply(matrix, left, bottom), _apply(matrix, right, top)
    return abs(x1 - x0) * abs(y1 - y0)


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _matrix(obj: _Handle) -> Matrix:
    m = c.FS_MATRIX()
    if not _object_matrix(obj, ctypes.pointer(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c_, d, e, f = m
    return a * x + c_ * y + e, b * x + d * y + f


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """inner, then outer (PDF's row-vector convention: inner × outer)."""
    a, b, c_, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c_ * A + d * C,
        c_ * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _subpaths(path: _Handle, m: Matrix) -> list[Subpath]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not _draw_mode(path, ctypes.pointer(fill_mode), ctypes.pointer(stroke)):
        return []
    fill, stroked = fill_mode.value != c.FPDF_FILLMODE_NONE, bool(stroke.value)
    if not (fill or stroked):
        return []  # a clipping or invisible path
    x, y = ctypes.c_float(), ctypes.c_float()
    x_at, y_at = ctypes.pointer(x), ctypes.pointer(y)
    found: list[Subpath] = []
    points: list[tuple[float, float]] = []
    closed = curved = False
    for i in range(_segments(path)):
        seg = _segment(path, i)
        kind = _segment_type(seg)
        if kind == c.FPDF_SEGMENT_MOVETO and points:
            found.append(Subpath(tuple(points), closed, curved, stroked, fill))
            points, closed, curved = [], False, False
        _segment_point(seg, x_at, y_at)
        points.append(_apply(m, x.value, y.value))
        curved |= kind == c.FPDF_SEGMENT_BEZIERTO
        closed |= bool(_segment_closes(seg))
    if points:
        found.append(Subpath(tuple(points), closed, curved, stroked, fill))
    return found
