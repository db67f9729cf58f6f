"""Document metadata from outside the text: a `manifest.csv` beside the documents, or front matter.

manifest.csv (UTF-8, with or without BOM) has a header row and the columns

    path,date,title,source[,note]

`path` is the document's path relative to the folder holding the manifest, with forward slashes; `date` is
ISO: `2025-12-18`, or `2025-12` / `2025` when only the month or year is known; `title`, `source` and `note`
are free text (empty allowed). Extra columns are ignored. See docs/ingest.md.

Front matter is a block at the very top of a .md or .txt file:

    ---
    date: 2025-12-18
    title: 科技赋能蝶变路
    ---

Only `date` and `title` are read; the block is parsed line by line (never as YAML, so a hostile file cannot
make it expensive).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reconcile.errors import ConfigError

MANIFEST_NAME = "manifest.csv"
_REQUIRED = ("path", "date", "title", "source")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_CJK_DATE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")
_FRONT_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_FRONT_CLOSE = re.compile(r"(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")
_FRONT_MAX = 4096


@dataclass(frozen=True)
class ManifestEntry:
    path: str  # as written in the manifest, relative to its folder
    date: str | None
    title: str | None
    source: str | None
    note: str | None = None


@dataclass(frozen=True)
class FrontMatter:
    end: int  # offset just after the closing `---` line: the block is text[:end]
    date: str | None
    title: str | None
    bad_date: str | None = None  # a date value that could not be read


def iso_date(value: str) -> str | None:
    """`2025-12-18`, `2025-12`, `2025`, `2025/12/18`, `2025.12.18` or `2025年12月18日` as ISO text; else None."""
    v = value.strip().replace("/", "-").replace(".", "-")
    m = _ISO.fullmatch(v) or _CJK_DATE.fullmatch(value.strip())
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if mo is None:
        return y
    if not 1 <= int(mo) <= 12:
        return None
    if d is None:
        return f"{y}-{int(mo):02d}"
    if not 1 <= int(d) <= 31:
        return None
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def manifest_key(path: Path) -> str:
    """The key a manifest entry is stored under: the document's absolute path (symlinks not resolved)."""
    return os.path.abspath(path)


def read_manifest(folder: Path) -> dict[str, ManifestEntry]:
    """Entries of `folder/manifest.csv`, keyed by `manifest_key` of each document; {} when there is none.

    Raises ConfigError (file and line) for a manifest that cannot be used: unreadable, not UTF-8, missing
    columns, or a date that is not ISO.
    """
    f = Path(folder) / MANIFEST_NAME
    if not f.is_file():
        return {}
    where = str(f)
    try:
        raw = f.read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read the manifest ({e.strerror})", file=where, fix="check its permissions") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError("the manifest is not UTF-8", file=where, fix="save it as UTF-8") from e
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise ConfigError(
            f"the manifest lacks the column(s) {', '.join(missing)}",
            file=where,
            line=1,
            fix="the header must be path,date,title,source[,note]",
        )
    reader.fieldnames = header
    out: dict[str, ManifestEntry] = {}
    try:
        for row in reader:
            line = reader.line_num
            path = (row.get("path") or "").strip()
            if not path:
                continue
            date_raw = (row.get("date") or "").strip()
            date = iso_date(date_raw) if date_raw else None
            if date_raw and date is None:
                raise ConfigError(
                    f"date {date_raw!r} is not an ISO date", file=where, line=line, fix="write 2025-12-18, 2025-12 or 2025"
                )
            entry = ManifestEntry(
                path=path,
                date=date,
                title=(row.get("title") or "").strip() or None,
                source=(row.get("source") or "").strip() or None,
                note=(row.get("note") or "").strip() or None,
            )
            out[manifest_key(Path(folder) / path)] = entry
    except csv.Error as e:
        raise ConfigError(f"the manifest is not valid CSV ({e})", file=where, line=reader.line_num) from e
    return out


def front_matter(text: str) -> FrontMatter | None:
    """The `---` block at the top of `text`, or None."""
    m = _FRONT_OPEN.match(text)
    if not m:
        return None
    close = _FRONT_CLOSE.search(text, m.end() - 1, min(len(text), _FRONT_MAX))
    if not close:
        return None
    date = title = bad = None
    for line in text[m.end() : close.start()].splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key = key.strip().lower()
        value = value.strip().strip("\"'").strip()
        if key == "date" and value:
            date = iso_date(value)
            if date is None:
                bad = value
        elif key == "title" and value:
            title = value
    return FrontMatter(close.end(), date, title, bad)


def collect_manifests(sources) -> dict[str, ManifestEntry]:  # type: ignore[no-untyped-def]
    """The manifest entries for a list of Sources: every manifest.csv in a folder that holds one of them.

    Raises ConfigError for a manifest that cannot be used (see `read_manifest`)."""
    out: dict[str, ManifestEntry] = {}
    folders = {Path(os.path.abspath(s.path)).parent for s in sources if s.path is not None}
    for folder in sorted(folders):
        out.update(read_manifest(folder))
    return out


class Manifests:
    """The manifest entries of a run's documents, read folder by folder as the run reaches them.

    A large archive's manifests hold an entry per document; holding them all (a dict of every entry) grows with the
    archive, and shipping that dict to worker processes costs its size per batch. Here every manifest is read once
    up front, so that a broken one stops the run before any document is read (ConfigError), and only an index is
    kept: for each folder, which manifests have entries for documents in it. Entries are read again on demand,
    the last `keep` manifests held. Which manifests count, and which wins when two give the same document, is as
    `collect_manifests`: the manifests of the folders holding the documents; the nearest to the document wins.
    """

    def __init__(self, paths: "Iterable[Path | str | None]", keep: int = 8):
        self._keep = max(1, keep)
        self._held: "OrderedDict[str, dict[str, ManifestEntry]]" = OrderedDict()
        self._for_folder: dict[str, list[str]] = {}  # folder of documents -> manifest folders giving entries, in order
        met: set[str] = set()
        for p in paths:
            if p is None:
                continue
            folder = os.path.dirname(os.path.abspath(p))
            if folder in met:
                continue
            met.add(folder)
            entries = read_manifest(Path(folder))
            for target in {os.path.dirname(k) for k in entries}:
                # A folder's documents get entries only from manifests in it or above it; in path order, the nearest
                # comes last and wins (collect_manifests' merge in sorted order).
                givers = self._for_folder.setdefault(target, [])
                givers.append(folder)
                givers.sort()
            self._hold(folder, entries)

    def _hold(self, folder: str, entries: dict[str, ManifestEntry]) -> dict[str, ManifestEntry]:
        self._held[folder] = entries
        self._held.move_to_end(folder)
        while len(self._held) > self._keep:
            self._held.popitem(last=False)
        return entries

    def _entries(self, folder: str) -> dict[str, ManifestEntry]:
        held = self._held.get(folder)
        if held is not None:
            self._held.move_to_end(folder)
            return held
        return self._hold(folder, read_manifest(Path(folder)))

    def entry(self, path: "Path | str | None") -> "ManifestEntry | None":
        """The entry for the document at `path`, or None."""
        if path is None:
            return None
        key = manifest_key(Path(path))
        for folder in reversed(self._for_folder.get(os.path.dirname(key), ())):
            found = self._entries(folder).get(key)
            if found is not None:
                return found
        return None
