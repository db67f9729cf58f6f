"""Key parts as columns: the table reads back the parts it was given, None included."""

from __future__ import annotations

import pickle

from reconcile.align.keys import KeyPart, KeyPartTable, key_parts
from reconcile.align.vocab import load_vocabulary
from reconcile.api import extract
from reconcile.ingest import page_from_text


def test_the_table_reads_back_every_part(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    vocab = load_vocabulary(None)
    parts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        page = page_from_text(text, doc=path.name)
        parts.extend(key_parts(extract(text, doc=path.name), (page,), vocab))
    parts[1:1] = [None, KeyPart("指标", None, False, "?abc", "count", None), None]
    assert None in parts and any(p is not None and p.named for p in parts) and len(parts) > 200
    table = KeyPartTable(parts)
    assert len(table) == len(parts) and list(table) == parts and table == parts
    assert [table[i] for i in range(len(parts))] == parts and table[-3:] == parts[-3:] and table[-1] == parts[-1]
    assert all(type(a) is type(b) for a, b in zip(table, parts))  # KeyPart, not a plain tuple; None stays None
    assert pickle.loads(pickle.dumps(table)) == parts
    # A few thousand distinct strings for many figures: the codes are what grows.
    assert len(table._values) < len(parts)
