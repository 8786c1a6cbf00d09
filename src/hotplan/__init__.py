"""hotplan: Machida City's 地域ホッとプラン progress report → validated tables.

>>> import hotplan
>>> x = hotplan.extract("raw/hotplan_progress_2024.txt")
>>> x.items, x.departments, x.findings
"""

from hotplan.errors import InputError
from hotplan.pipeline import Extraction, extract

__all__ = ["Extraction", "InputError", "extract"]
__version__ = "0.1.0"
