"""Read one Source into a Page, or a Problem saying why it could not be read. Never raises.

Reading is: bytes (file or standard input) -> decode -> visible text for HTML -> metadata (front matter,
then the manifest, which wins when both give a date, as it is what the newsroom's system recorded) ->
normalise and segment (`build_page`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from reconcile.ingest.build import build_page
from reconcile.ingest.decode import Refusal, decode
from reconcile.ingest.discover import Source
from reconcile.ingest.html import visible_text
from reconcile.ingest.manifest import ManifestEntry, front_matter, manifest_key
from reconcile.models import Page, Problem

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_FRONT_MATTER_SUFFIXES = frozenset({".md", ".markdown", ".txt", ""})


def _read(source: Source) -> bytes | Problem:
    if source.data is not None:
        return source.data
    if source.path is None:
        return Problem(source.doc, "nothing to read (no path and no data)", "report this as a bug", True)
    try:
        with open(source.path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return Problem(source.doc, "the file was removed before it could be read", "run again when it is back", True)
    except PermissionError:
        return Problem(source.doc, "permission denied", "make the file readable (chmod +r) or leave it out", True)
    except IsADirectoryError:
        return Problem(source.doc, "is a folder, not a file", "give the folder itself to walk it", True)
    except OSError as e:
        return Problem(source.doc, f"cannot read the file ({e.strerror or e})", "check the file and the disk", True)
    except MemoryError:
        return Problem(source.doc, "too large to read into memory", "split the file", True)


def _is_html(source: Source, text: str) -> bool:
    if source.path is not None and source.path.suffix.lower() in _HTML_SUFFIXES:
        return True
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def load(
    source: Source, encoding: str | None = None, manifest: Mapping[str, ManifestEntry] | None = None
) -> Page | Problem:
    """The page for `source`, or a fatal Problem (the document is skipped). Never raises."""
    try:
        return _load(source, encoding, manifest)
    except MemoryError:
        return Problem(source.doc, "too large to process in memory", "split the file", True)
    except RecursionError:
        return Problem(source.doc, "too deeply nested to read", "simplify or convert the file to text", True)


def _load(source: Source, encoding: str | None, manifest: Mapping[str, ManifestEntry] | None) -> Page | Problem:
    data = _read(source)
    if isinstance(data, Problem):
        return data
    decoded = decode(data, encoding)
    if isinstance(decoded, Refusal):
        return Problem(source.doc, decoded.what, decoded.fix, True)

    warnings: list[Problem] = []
    if decoded.bad_count:
        where = ", ".join(str(b) for b in decoded.bad_offsets)
        more = f" and {decoded.bad_count - len(decoded.bad_offsets)} more" if decoded.bad_count > len(decoded.bad_offsets) else ""
        warnings.append(
            Problem(
                source.doc,
                f"{decoded.bad_count} undecodable byte sequence(s) as {decoded.encoding} at byte offset {where}{more};"
                " read with replacement characters",
                "check the file's encoding (--encoding) or re-export it",
                False,
            )
        )

    text = decoded.text
    html_lines: tuple[int, ...] | None = None
    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    hide = 0  # leading characters that are metadata, not content (front matter)
    if _is_html(source, text):
        text, html_lines, title = visible_text(text)
        if not text.strip():
            return Problem(source.doc, "the HTML page has no visible text", "give the page with its content", True)
    else:
        suffix = source.path.suffix.lower() if source.path is not None else ""
        fm = front_matter(text) if suffix in _FRONT_MATTER_SUFFIXES else None
        if fm is not None:
            hide = fm.end
            title = fm.title
            if fm.date:
                date, date_source = fm.date, "front-matter"
            elif fm.bad_date:
                warnings.append(
                    Problem(source.doc, f"front matter date {fm.bad_date!r} is not a date", "write date: 2025-12-18", False)
                )

    if manifest and source.path is not None:
        entry = manifest.get(manifest_key(source.path))
        if entry is not None:
            if entry.date:
                date, date_source = entry.date, "manifest"
            title = entry.title or title

    page = build_page(
        text,
        source.doc,
        encoding=decoded.encoding,
        date=date,
        date_source=date_source,
        title=title,
        html_lines=html_lines,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        hide=hide,
    )
    return page


def source_for(path: str | Path, doc: str | None = None) -> Source:
    """A Source for one file, named `doc` (default: the path as given)."""
    p = Path(path)
    return Source(doc or str(p).replace("\\", "/"), p)
