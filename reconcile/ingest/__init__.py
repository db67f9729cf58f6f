"""Ingest: find documents, decode them, normalise for matching and split into articles and sentences.

The stage's public face; everything else in this package is an implementation detail.

    sources, problems = discover(["seeds/"])
    manifests = collect_manifests(sources)
    for s in sources:
        page = load(s, manifest=manifests)      # a Page, or a fatal Problem (the document is skipped)
"""

from reconcile.ingest.build import page_from_text
from reconcile.ingest.discover import STDIN_DOC, TEXT_SUFFIXES, Source, discover, doc_name
from reconcile.ingest.load import load
from reconcile.ingest.manifest import ManifestEntry, collect_manifests, read_manifest
from reconcile.ingest.normalize import normalize
from reconcile.ingest.offsets import OffsetMap
from reconcile.ingest.segment import segment

__all__ = [
    "STDIN_DOC",
    "TEXT_SUFFIXES",
    "ManifestEntry",
    "OffsetMap",
    "Source",
    "collect_manifests",
    "discover",
    "doc_name",
    "load",
    "normalize",
    "page_from_text",
    "read_manifest",
    "segment",
]
