"""Read a text dump: detect its encoding and split it into numbered lines.

Encodings are detected, never asked for: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise
strict UTF-8, then strict CP932 (Shift_JIS as Windows writes it). Strict decoding means a
wrong guess fails loudly instead of producing mojibake.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from hotplan.errors import InputError
from hotplan.messages import t

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class TextSource:
    path: Path
    encoding: str
    lines: tuple[str, ...]  # lines[0] is line 1; no line terminators


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError naming what is wrong."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), f"{encoding} (BOM)"
            except UnicodeDecodeError as exc:
                raise InputError(path, t("input.bad_bom", encoding=encoding)) from exc
    if b"\x00" in data:
        raise InputError(path, t("input.binary"))
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(path, t("input.encoding"))


def split_lines(text: str) -> tuple[str, ...]:
    """Split on LF, CRLF or CR only: str.splitlines would also split on form feeds and
    U+2028, which would shift every line number after them."""
    return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def read_text(path: str | Path) -> TextSource:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(path, t("input.no_such_file")) from exc
    except IsADirectoryError as exc:
        raise InputError(path, t("input.directory")) from exc
    except OSError as exc:
        raise InputError(path, t("input.unreadable", why=exc.strerror)) from exc
    if not data.strip():
        raise InputError(path, t("input.empty"))
    text, encoding = decode(data, path)
    if not text.strip():
        raise InputError(path, t("input.empty"))
    return TextSource(path=path, encoding=encoding, lines=split_lines(text))
