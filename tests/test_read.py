"""Encodings are detected, never asked for; every encoding of a document gives the same items."""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

import hotplan
from conftest import DEFAULT_DOC
from hotplan.errors import InputError
from hotplan.sources.text import decode, split_lines

TEXT = DEFAULT_DOC.read_text(encoding="utf-8")

ENCODINGS = {
    "utf-8-lf": TEXT.encode("utf-8"),
    "utf-8-bom-crlf": codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8"),
    "cp932-crlf": TEXT.replace("\n", "\r\n").encode("cp932"),
    "utf-16le-bom": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16be-bom-crlf": codecs.BOM_UTF16_BE + TEXT.replace("\n", "\r\n").encode("utf-16-be"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_gives_identical_items(tmp_path, default_extraction, name):
    folder = tmp_path / name
    folder.mkdir()
    path = folder / DEFAULT_DOC.name
    path.write_bytes(ENCODINGS[name])
    x = hotplan.extract(path)
    pd.testing.assert_frame_equal(x.items, default_extraction.items)
    assert [f.message for f in x.finding_list] == [
        f.message for f in default_extraction.finding_list
    ]


def test_cp932_is_named():
    assert decode("通番".encode("cp932"), "x.txt")[1] == "cp932"


def test_line_numbers_ignore_form_feeds_and_unicode_separators():
    assert split_lines("a\fb\u2028c\r\nd\re") == ("a\fb\u2028c", "d", "e")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "空のファイル"),
        (b"  \n\r\n ", "空のファイル"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "バイナリ"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "として正しくありません"),
        (bytes([0x82, 0xA0, 0xFF, 0xFE, 0x81]), "UTF-8、BOM 付き UTF-16/32、CP932"),
    ],
)
def test_unusable_bytes_name_the_file_and_the_problem(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        hotplan.extract(path)
    assert str(err.value).startswith(str(path) + ": ")
    assert problem in str(err.value)


def test_unrelated_text_is_not_a_report(tmp_path):
    path = tmp_path / "novel.txt"
    path.write_text("吾輩は猫である。名前はまだ無い。\n", encoding="utf-8")
    with pytest.raises(InputError, match="進捗の表が見つかりません"):
        hotplan.extract(path)
