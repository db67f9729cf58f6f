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
"""

from __future__ import annotations

import re
import zlib
from typing import Any, Iterable, Sequence

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
