"""reconcile: find figures that contradict each other across Chinese news and official texts.

The library face is `reconcile.api`; the names below are the ones most callers need.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["parse_quantity", "extract", "run_paths", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import reconcile` (and `reconcile --help`) stays cheap.
    if name in ("parse_quantity", "extract", "run_paths", "extract_paths", "run_texts"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
