"""Ingest: find documents, decode them, normalise for matching and split into articles and sentences.

The stage's public face; everything else in this package is an implementation detail.
"""

from reconcile.ingest.build import page_from_text
from reconcile.ingest.normalize import normalize
from reconcile.ingest.offsets import OffsetMap
from reconcile.ingest.segment import segment

__all__ = ["OffsetMap", "normalize", "page_from_text", "segment"]
