"""hotplan: Machida City's 地域ホッとプラン progress report → validated tables.

>>> import hotplan
>>> x = hotplan.extract("raw/hotplan_progress_2024.txt")
>>> x.items, x.departments, x.findings

The pipeline (pandas, pandera, the dictionaries) loads on first use of `extract` or
`Extraction`, so `import hotplan` and `hotplan --help` stay instant.
"""

from typing import TYPE_CHECKING, Any

from hotplan.errors import InputError

if TYPE_CHECKING:
    from hotplan.pipeline import Extraction, extract

__all__ = ["Extraction", "InputError", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Extraction", "extract"):
        from hotplan import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'hotplan' has no attribute {name!r}")
