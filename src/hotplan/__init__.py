"""hotplan: Machida City's 地域ホッとプラン progress report → validated tables.

>>> import hotplan
>>> x = hotplan.extract("raw/hotplan_progress_2024.txt")
>>> x.items, x.departments, x.findings
>>> hotplan.write(x, "output")              # output/<stem>/ and the history
>>> hotplan.diff("output/old_stem", x)     # what changed since an earlier year
>>> hotplan.update_history("output", x)    # only add the year to output/history.*

Messages are Japanese; `hotplan.set_language("en")` switches to English.

The pipeline (pandas, pandera, the dictionaries) loads on first use of `extract` or
`Extraction`, so `import hotplan` and `hotplan --help` stay instant.
"""

from typing import TYPE_CHECKING, Any

from hotplan.errors import InputError

if TYPE_CHECKING:
    from hotplan.api import diff, update_history, write
    from hotplan.messages import set_language
    from hotplan.pipeline import Extraction, extract

__all__ = [
    "Extraction",
    "InputError",
    "diff",
    "extract",
    "set_language",
    "update_history",
    "write",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Extraction", "extract"):
        from hotplan import pipeline

        return getattr(pipeline, name)
    if name in ("write", "diff", "update_history"):
        from hotplan import api

        return getattr(api, name)
    if name == "set_language":
        from hotplan.messages import set_language

        return set_language
    raise AttributeError(f"module 'hotplan' has no attribute {name!r}")
