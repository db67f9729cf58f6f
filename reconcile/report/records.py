"""The JSON-ready records shared by the machine formats (json, jsonl, csv, sarif ...), and the writer that streams
them: a report over a large corpus holds hundreds of thousands of findings and figures, so a document is written
one record at a time (`JsonObject`, `JsonArray`, `write_json`) instead of being built whole and dumped."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Optional, TextIO

from ..models import Figure, Page

SCHEMA_VERSION = "1.0"

FIGURE_COLUMNS = (
    "doc", "start", "end", "line", "text", "value", "low", "high", "unit", "precision", "approx", "kind", "nature",
    "modality", "metric", "entity", "scope", "period", "period_source", "growth",
)


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float as None: JSON has no Infinity or NaN, and kinds put an unbounded
    interval's end (超过8万亿元: [8e12, inf]) in `Finding.computed`; null is "no bound"."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def figure_record(fig: Figure, metric_id: Optional[str] = None, with_metric_id: bool = False) -> dict[str, Any]:
    d = fig.to_json()
    rec = {k: d[k] for k in FIGURE_COLUMNS}
    if with_metric_id:
        rec["metric_id"] = metric_id
    return rec


def document_record(page: Page, figures: int) -> dict[str, Any]:
    return {
        "doc": page.doc,
        "date": page.date,
        "date_source": page.date_source,
        "title": page.title,
        "encoding": page.encoding,
        "sha256": page.sha256,
        "figures": figures,
    }


def document_records(pages: Iterable[Page], figures: Iterable[Figure]) -> Iterator[dict[str, Any]]:
    """Each page's record, with its number of figures: one pass over the figures to count them (a count per
    document, not the figures, is held), then one over the pages."""
    counts: dict[str, int] = {}
    for f in figures:
        counts[f.doc] = counts.get(f.doc, 0) + 1
    for p in pages:
        yield document_record(p, counts.get(p.doc, 0))


# ------------------------------------------------------------------------------------------ streamed JSON

INDENT = 1  # the machine formats' indentation, as json.dump(..., indent=1) wrote them


@dataclass(frozen=True)
class JsonArray:
    """An array whose items are produced (and written) one at a time; `items` is iterated once, when written."""

    items: Iterable[Any]


@dataclass(frozen=True)
class JsonObject:
    """An object written member by member, so that its values may be `JsonArray`s or `JsonObject`s themselves.
    Any other value (a dict, a list, a number) is written whole by json.dumps."""

    members: Mapping[str, Any]


def dumps(value: Any, level: int = 0) -> str:
    """One value as json.dump(json_safe(value), indent=1) writes it when nested `level` deep. json.dumps escapes
    newlines inside strings, so every newline of its output is layout and may take the extra indentation."""
    text = json.dumps(json_safe(value), ensure_ascii=False, indent=INDENT, allow_nan=False)
    return text.replace("\n", "\n" + " " * (INDENT * level)) if level else text


def write_json(out: TextIO, value: Any, level: int = 0) -> None:
    """Write `value` as json.dump(plain(value), out, ensure_ascii=False, indent=1, allow_nan=False) would, byte for
    byte, holding one item of a `JsonArray` at a time."""
    if isinstance(value, JsonObject):
        _write_members(out, "{", "}", ((json.dumps(k, ensure_ascii=False) + ": ", v) for k, v in value.members.items()), level)
    elif isinstance(value, JsonArray):
        _write_members(out, "[", "]", (("", v) for v in value.items), level)
    else:
        out.write(dumps(value, level))


def _write_members(out: TextIO, opening: str, closing: str, members: Iterable[tuple[str, Any]], level: int) -> None:
    inner = "\n" + " " * (INDENT * (level + 1))
    separator = opening + inner
    empty = True
    for prefix, value in members:
        out.write(separator + prefix)
        write_json(out, value, level + 1)
        separator, empty = "," + inner, False
    out.write(opening + closing if empty else "\n" + " " * (INDENT * level) + closing)


def plain(value: Any) -> Any:
    """`value` with its streamed parts built: the whole document as dicts and lists, for callers that want it."""
    if isinstance(value, JsonObject):
        return {k: plain(v) for k, v in value.members.items()}
    if isinstance(value, JsonArray):
        return [plain(v) for v in value.items]
    return value
