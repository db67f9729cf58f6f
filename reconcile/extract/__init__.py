"""Extract: quantities in sentences become figures with metric, entity, period, modality and growth.

`extract_page(page)` is the stage's entry point. It is resolved lazily so that importing the package (for
example from `reconcile --help`) loads neither the figure pipeline nor jieba.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from reconcile.extract.figures import extract_page

__all__ = ["extract_page"]


def __getattr__(name: str) -> Any:
    if name == "extract_page":
        from reconcile.extract.figures import extract_page

        return extract_page
    raise AttributeError(f"module 'reconcile.extract' has no attribute {name!r}")
