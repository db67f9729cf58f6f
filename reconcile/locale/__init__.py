"""Message catalogues for report text: headings, labels and the short phrases reports are built from.

Rule messages and rule docs are not here: they come from the rule files, already in the language the
rules were loaded in. Keys are dotted paths into `zh.yaml` / `en.yaml` (`summary.documents`); a key
missing from one language falls back to Chinese, then to the key itself, so that a missing entry shows
up as a visible key in a report instead of an exception in the middle of a run.

    >>> messages("en")("summary.documents")
    'Documents'
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
_HERE = Path(__file__).resolve().parent


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Messages:
    """One language's catalogue; call it with a key (and format fields) to get the text."""

    def __init__(self, lang: str, table: Mapping[str, str], fallback: Mapping[str, str]) -> None:
        self.lang = lang
        self._table = table
        self._fallback = fallback

    def __call__(self, key: str, **fields: Any) -> str:
        text = self._table.get(key)
        if text is None:
            text = self._fallback.get(key, key)
        if not fields:
            return text
        try:
            return string.Formatter().vformat(text, (), _Missing(fields))
        except (ValueError, IndexError):
            return text

    def has(self, key: str) -> bool:
        return key in self._table or key in self._fallback

    def section(self, prefix: str) -> dict[str, str]:
        """Every entry under `prefix.` (without the prefix), e.g. the labels the HTML report's script uses."""
        p = prefix + "."
        merged = {k[len(p):]: v for k, v in self._fallback.items() if k.startswith(p)}
        merged.update({k[len(p):]: v for k, v in self._table.items() if k.startswith(p)})
        return merged

    def all(self) -> dict[str, str]:
        """Every entry (with the fallback's where this language lacks one): what the HTML report's script reads."""
        return {**self._fallback, **self._table}

    def keys(self) -> frozenset[str]:
        return frozenset(self._table)


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in tree.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@lru_cache(maxsize=None)
def _table(lang: str) -> dict[str, str]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(_HERE / f"{lang}.yaml", encoding="utf-8") as fh:
        return _flatten(yaml.load(fh, Loader=loader) or {})


@lru_cache(maxsize=None)
def messages(lang: str | None = None) -> Messages:
    """The catalogue of `lang` (zh or en; anything else, or None, gives the default, Chinese)."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    return Messages(lang, _table(lang), _table(DEFAULT_LANG) if lang != DEFAULT_LANG else {})
