"""Extract: quantities in sentences become figures with metric, entity, period, modality and growth.

`extract_page(page)` is the stage's entry point. It is resolved lazily so that importing the package (for
example from `reconcile --help`) loads neither the figure pipeline nor jieba.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from reconcile.extract.figures import extract_page

__all__ = ["extract_page", "clear_caches"]


def clear_caches() -> None:
    """Forget what was memoised about texts already read: the mentions of sentences, the words of fragments
    (and of the unknown runs in them), the governing verbs and natures of figures. What is memoised per word of
    the language stays (the tags of words, the values of numerals), as do the tables built from the package's
    data (the gazetteer, cue words, jieba's dictionary). Results never depend on these caches; bench/extract.py
    clears them before each document, so that a repeated document costs what a new one would."""
    from reconcile.extract import entity, nature, words

    for cached in (entity._mentions, words.words, words._hmm, nature._governing, nature._nature):
        cached.cache_clear()


def __getattr__(name: str) -> Any:
    if name == "extract_page":
        from reconcile.extract.figures import extract_page

        return extract_page
    raise AttributeError(f"module 'reconcile.extract' has no attribute {name!r}")
