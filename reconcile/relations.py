"""Which archived documents a new page could possibly be checked against.

The gate checks one new page against a ledger of thousands. Findings need the same metric of the same entity (the
figure kinds) or a shared passage (the duplicate kinds), so each stored document is indexed by keys of both, and
only documents sharing a key with the new page are loaded again:

- figure keys: entity key + unit family + the canonical metric's first and last characters (fuzzy alignment only
  joins phrases that share both), and + its last three characters (an abbreviation such as 合同成交额 for
  技术合同成交额 keeps its tail). Growth claims add the key of the figure they qualify.
- passage keys: for every sentence of at least 20 matching characters, the four smallest hashes of its 5-character
  shingles (a bottom-k sketch): near copies share most shingles, so they share a sketch hash with near certainty.
  Keys held by very many documents are boilerplate and are not followed (`cap` in Ledger.related).

The keys over-approximate: a related document may produce no finding; an unrelated one never can, except through
a ladder whose renamed tier changes both first and last characters, which the index does not follow.

Besides the keys, the ledger keeps each document's alignment key parts (`align.keys.key_parts`: canonical metric,
entity, unit family, nature of every figure), so that the gate aligns the documents it loads without computing
them again: that needs jieba's tokens of every metric phrase, and loading jieba's dictionary alone costs more than
a quarter of the gate's two seconds. `Indexer` makes both; its `version` covers the code they come from (the
rules and vocabularies are covered by the ledger's own version).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from .models import Figure, Page

_NOT_MATCHING = re.compile(r"[\W_]+", re.UNICODE)
SHINGLE = 5
SKETCH = 4
MIN_CHARS = 20


def figure_keys(figures: Sequence[Figure], vocab: Any) -> set[str]:
    from .align.keys import canonical_metric, entity_key, unit_family

    keys: set[str] = set()
    for f in figures:
        if not f.metric:
            continue
        family = unit_family(f, vocab)
        ent = entity_key(f.entity, vocab)
        if family is None or ent is None:
            continue
        canon = canonical_metric(f.metric, vocab)[0]
        if len(canon) < 2:
            continue
        keys.add(f"f:{ent}|{family}|{canon[0]}{canon[-1]}")
        keys.add(f"t:{ent}|{family}|{canon[-3:]}")
    return keys


def passage_keys(page: Page) -> set[str]:
    keys: set[str] = set()
    for a in page.articles:
        for p in a.paragraphs:
            for s in p.sentences:
                text = _NOT_MATCHING.sub("", page.norm[s.nstart:s.nend])
                if len(text) < MIN_CHARS:
                    continue
                hashes = sorted({zlib.crc32(text[i:i + SHINGLE].encode("utf-8")) for i in range(len(text) - SHINGLE + 1)})
                keys.update(f"p:{h:08x}" for h in hashes[:SKETCH])
    return keys


def document_keys(page: Page, figures: Sequence[Figure], vocab: Any) -> set[str]:
    return figure_keys(figures, vocab) | passage_keys(page)


def keys_of(pages: Iterable[Page], figures: Sequence[Figure], vocab: Any) -> set[str]:
    by_doc: dict[str, list[Figure]] = {}
    for f in figures:
        by_doc.setdefault(f.doc, []).append(f)
    out: set[str] = set()
    for p in pages:
        out |= document_keys(p, by_doc.get(p.doc, []), vocab)
    return out


# ------------------------------------------------------------------------------------------ what the ledger keeps


def index_version() -> str:
    """A hash of the code that makes a document's keys and key parts: the alignment package and this module."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in [*sorted((root / "align").rglob("*.py")), root / "relations.py"]:
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


class Indexer:
    """What the ledger stores with each document besides its page and figures: the keys relating it to other
    documents, and its figures' alignment key parts (JSON: a list parallel to the figures, each a KeyPart as a
    list, or None)."""

    def __init__(self, load_vocab: Callable[[], Any], version: str):
        self._load_vocab = load_vocab  # called on first use: a check that stores nothing never needs it
        self._vocab: Any = None
        self.version = version
        self._memo: dict[str, Any] = {}  # canonical_metric by printed phrase, for this vocabulary

    def vocab(self) -> Any:
        if self._vocab is None:
            self._vocab = self._load_vocab()
        return self._vocab

    def index(self, page: Page, figures: Sequence[Figure]) -> tuple[set[str], list[Optional[list[Any]]]]:
        from .align.keys import key_parts

        vocab = self.vocab()
        parts = key_parts(figures, (page,), vocab, self._memo)
        return document_keys(page, figures, vocab), [list(p) if p is not None else None for p in parts]

    def key_parts(self, data: Any, page: Page, figures: Sequence[Figure]) -> list[Any]:
        """The figures' KeyParts from `data` (what `index` derived, as the ledger kept it), or computed again when
        there is none or it does not fit the figures."""
        from .align.keys import KeyPart, key_parts

        if isinstance(data, list) and len(data) == len(figures):
            return [KeyPart(*p) if p is not None else None for p in data]
        return key_parts(figures, (page,), self.vocab(), self._memo)
