"""Every sentence a person reads — finding messages, typo evidence, errors, report and
workbook labels — comes from one catalog, `data/messages.toml`, in Japanese (the default:
the readers are Machida's staff) or English (`--lang en`). Code names a message by its key
and passes its values; the wording lives only in the catalog, so a translator edits one
file and a test checks that both languages have every key with the same placeholders."""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_language: ContextVar[str] = ContextVar("hotplan_language", default=DEFAULT_LANGUAGE)


@cache
def catalog() -> dict[str, dict[str, str]]:
    """key → {language → template}; templates use str.format placeholders. Read on first
    use, so `hotplan --help` never parses it."""
    import tomllib
    from importlib.resources import files

    text = files("hotplan").joinpath("data/messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def set_language(lang: str) -> None:
    """Choose the language of every message made from now on in this context."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    _language.set(lang)


def language() -> str:
    return _language.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Messages in `lang` inside the block, the previous language after it."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def t(key: str, /, **values: object) -> str:
    """The message `key` in the current language with its placeholders filled."""
    return catalog()[key][_language.get()].format(**values)


def label(prefix: str, code: object) -> str:
    """A code's label (`severity.warning` → 警告); the code itself when none is listed."""
    entry = catalog().get(f"{prefix}.{code}")
    return entry[_language.get()] if entry else str(code)


def placeholders(template: str) -> set[str]:
    """The named fields of a template, for the catalog's consistency test."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
