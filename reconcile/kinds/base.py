"""What every check kind shares: the rule record it is given, the run context it reads, and how it
builds a finding.

A check kind is code; a rule is data (a YAML file under rules/) that names a kind, a severity, a message
template and the kind's parameters. Each kind declares its parameters as a pydantic model with
`extra="forbid"`, so that a misspelt key in a rule file is an error at load time, not a silent default.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator, Mapping, Optional, Sequence

from ..models import Evidence, Figure, Finding, Metric, Page

if TYPE_CHECKING:  # pydantic is imported by the rule loader, not on every path
    from pydantic import BaseModel


@dataclass(frozen=True)
class RuleDocs:
    what: str
    why: str
    example: str
    fix: str


@dataclass(frozen=True)
class Rule:
    code: str  # stable: RC101
    name: str  # readable: cumulative-total-below-annual
    kind: str  # the check kind's name: "conflict", "trend", ...
    severity: str  # error | warning | info
    message: str  # a str.format template over the finding's fields, in the language the rules were loaded in
    params: Any  # the kind's validated parameter model
    docs: RuleDocs  # in the language the rules were loaded in (zh by default, en with --lang en)
    source: str = ""  # file the rule came from, for error messages
    line: int = 0
    lang: str = "zh"  # the language message and docs were loaded in; kinds use it for per-match notes


@dataclass(frozen=True)
class RunContext:
    """Everything a check kind may read. Kinds never re-read files or re-run earlier stages."""

    pages: tuple[Page, ...]
    figures: tuple[Figure, ...]
    metrics: tuple[Metric, ...]
    figure_metric: tuple[Optional[str], ...]  # metric_id of each figure (parallel to `figures`), or None
    vocab: Any = None  # reconcile.align.vocab.Vocabulary
    page_by_doc: Mapping[str, Page] = field(default_factory=dict)
    # The documents a run is about (the gate's new files), or None for all. Kinds whose findings never leave one
    # document (pattern, growth-range, arithmetic) look only at these; the others still read every document.
    focus: Optional[frozenset[str]] = None

    def in_focus(self, doc: str) -> bool:
        return self.focus is None or doc in self.focus
    # Per-document grouping work an engine did with extraction: kinds.passages.SketchSpec -> each page's Sketch
    # (parallel to `pages`). A kind computes what is not here itself; the result is the same.
    sketches: Mapping[Any, Sequence[Any]] = field(default_factory=dict)

    def page_text(self, doc: str) -> str:
        """A page's original text (KeyError for a name not in the run), read alone from a store that keeps pages on
        disk: the rules that look at the words around a figure need nothing else of the page."""
        text_of = getattr(self.pages, "text_of", None)
        return text_of(doc) if text_of is not None else self.page(doc).text

    def page_date(self, doc: str) -> Optional[str]:
        """A page's date (KeyError for a name not in the run), without reading a page a store keeps on disk."""
        date_of = getattr(self.pages, "date_of", None)
        return date_of(doc) if date_of is not None else self.page(doc).date

    def page(self, doc: str) -> Page:
        if self.page_by_doc:
            return self.page_by_doc[doc]
        for p in self.pages:
            if p.doc == doc:
                return p
        raise KeyError(doc)

    # Ordered bulk reads: a rule that needs the pages of many documents asks for them all at once and gets each
    # once, in the run's page order, which a store that keeps pages on disk reads in one pass without caching them.
    # Documents the run does not have are left out. Asking page by page in the order of a timeline would read a
    # large run's pages at random, each miss of the store's caches a query and a decoding.

    def texts(self, docs: Iterable[str]) -> Iterator[tuple[str, str]]:
        """(doc, original text) of each of `docs`."""
        where = self._page_order(docs)
        if isinstance(where, dict):
            from ..pagestore import read_texts

            for i, text in read_texts(self.pages, where):
                yield where[i], text
            return
        for doc in where:
            try:
                yield doc, self.page_text(doc)
            except KeyError:
                continue

    def sentences(self, docs: Iterable[str]) -> Iterator[tuple[str, str, Sequence[tuple[int, int]]]]:
        """(doc, original text, the original spans of its sentences in the page's order) of each of `docs`."""
        where = self._page_order(docs)
        if isinstance(where, dict):
            from ..pagestore import read_sentences

            for i, text, spans in read_sentences(self.pages, where):
                yield where[i], text, spans
            return
        from ..pagestore import sentence_spans

        for doc in where:
            try:
                page = self.page(doc)
            except KeyError:
                continue
            yield doc, page.text, sentence_spans(page)

    def _page_order(self, docs: Iterable[str]) -> "dict[int, str] | list[str]":
        """Page index -> doc for a store that indexes its pages by name; else the distinct docs as given (pages
        in memory, read in any order at no cost, looked up as `page` does)."""
        index_of = getattr(self.pages, "index_of", None)
        if index_of is None:
            return list(dict.fromkeys(docs))
        out: dict[int, str] = {}
        for doc in docs:
            i = index_of(doc)
            if i is not None:
                out[i] = doc
        return out


def figure_column(ctx: RunContext, name: str) -> Sequence[Any]:
    """One field of every figure: a column of a figure table (no records built), else read from the records."""
    column = getattr(ctx.figures, "column", None)
    if column is not None:
        return column(name)
    return [getattr(f, name) for f in ctx.figures]


def figure_texts(ctx: RunContext, indices: Iterable[int]) -> Iterator[tuple[int, str]]:
    """(figure index, its page's original text) for each of `indices` whose page the run has, page by page in the
    run's order (RunContext.texts), so that a rule that reads the words around many figures reads each page once.
    The text is the same string for the figures of one page; nothing is kept once the next page is read."""
    docs = figure_column(ctx, "doc")
    by_doc: dict[str, list[int]] = {}
    for i in indices:
        by_doc.setdefault(docs[i], []).append(i)
    del docs
    for doc, text in ctx.texts(by_doc):
        for i in by_doc[doc]:
            yield i, text


def span_at(spans: Sequence[tuple[int, int]], offset: int, length: int) -> tuple[int, int]:
    """The span among sorted sentence spans that holds `offset`, else (0, length): `sentence_span` over spans read
    without the page."""
    import bisect

    k = bisect.bisect_right([s for s, _ in spans], offset) - 1
    if 0 <= k < len(spans) and spans[k][0] <= offset < spans[k][1]:
        return spans[k]
    return 0, length


def sentence_span(page: Page, offset: int) -> tuple[int, int]:
    """The original span of the sentence holding `offset` (the whole text when segmentation has none)."""
    return span_at(_sentence_spans(page), offset, len(page.text))


def _sentence_spans(page: Page) -> list[tuple[int, int]]:
    # Cached on the page object's identity: pages are frozen, so their sentences never change.
    key = id(page)
    hit = _SENTENCES.get(key)
    if hit is not None and hit[0] is page:
        return hit[1]
    spans = sorted((s.start, s.end) for a in page.articles for p in a.paragraphs for s in p.sentences)
    if len(_SENTENCES) > 4096:
        _SENTENCES.clear()
    _SENTENCES[key] = (page, spans)
    return spans


_SENTENCES: dict[int, tuple[Page, list[tuple[int, int]]]] = {}


def clause_before(ctx: RunContext, fig: Figure, limit: int = 40) -> str:
    """The text of the figure's sentence before it (at most `limit` characters), whitespace removed."""
    try:
        page = ctx.page(fig.doc)
    except KeyError:
        return ""
    return clause_before_in(page.text, _sentence_spans(page), fig.start, limit)


def sentence_text(ctx: RunContext, fig: Figure) -> str:
    try:
        page = ctx.page(fig.doc)
    except KeyError:
        return fig.text
    return sentence_text_in(page.text, _sentence_spans(page), fig.start)


def clause_before_in(text: str, spans: Sequence[tuple[int, int]], offset: int, limit: int = 40) -> str:
    """clause_before of a figure at `offset`, over its page's text and sentence spans, sorted (as
    RunContext.sentences reads them, without the page)."""
    start, _ = span_at(spans, offset, len(text))
    return "".join(text[max(start, offset - limit):offset].split())


def sentence_text_in(text: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    """sentence_text of a figure at `offset`, over its page's text and sentence spans, sorted."""
    start, end = span_at(spans, offset, len(text))
    return "".join(text[start:end].split())


def evidence_for(page: Page, start: int, end: int, role: Optional[str] = None) -> Evidence:
    return Evidence(doc=page.doc, start=start, end=end, line=page.line_of(start), text=page.text[start:end], role=role)


def evidence_of_figure(fig: Figure, role: Optional[str] = None) -> Evidence:
    return Evidence(doc=fig.doc, start=fig.start, end=fig.end, line=fig.line, text=fig.text, role=role)


def fingerprint(rule: str, *parts: Any) -> str:
    """A stable identity for a finding: never built from offsets, so unrelated edits do not change it.

    Parts are joined in the order given; callers pass sets as sorted tuples.
    """
    h = hashlib.sha256()
    h.update(rule.encode())
    for p in parts:
        h.update(b"\x1f")
        h.update(repr(p).encode("utf-8"))
    return h.hexdigest()[:16]


class SafeDict(dict):
    """Formats a message template, leaving unknown fields visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, fields: Mapping[str, Any]) -> str:
    import string

    try:
        return string.Formatter().vformat(template, (), SafeDict(fields))
    except (ValueError, TypeError, IndexError):
        return template


class CheckKind:
    """Base class of check kinds. Subclasses set `name`, `Params` and implement `check`."""

    name: ClassVar[str]
    Params: ClassVar[type["BaseModel"]]
    # The fields a message template may name. The rule loader rejects a template that names another
    # (a typo such as {mach} is a load-time error, not a finding that prints "{mach}"). None: not checked.
    fields: ClassVar[Optional[frozenset[str]]] = None

    def message_fields(self, params: Any) -> Optional[frozenset[str]]:
        """The fields a message may name given the rule's params (a kind may add fields of its own)."""
        return self.fields

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    # Helpers shared by the kinds --------------------------------------------------------------------

    @staticmethod
    def finding(
        rule: Rule,
        fields: Mapping[str, Any],
        evidence: Sequence[Evidence],
        fingerprint_parts: Sequence[Any],
        computed: Optional[dict[str, Any]] = None,
        metric_id: Optional[str] = None,
        severity: Optional[str] = None,
    ) -> Finding:
        return Finding(
            rule=rule.code,
            name=rule.name,
            kind=rule.kind,
            severity=severity or rule.severity,  # a kind may lower a finding's severity (never raise it)
            # One line, always: quoted texts may span paragraph breaks, and the gate prints one line per finding.
            message=" ".join(render(rule.message, fields).split()),
            evidence=tuple(evidence),
            fingerprint=fingerprint(rule.code, *fingerprint_parts),
            computed=computed,
            metric_id=metric_id,
        )
