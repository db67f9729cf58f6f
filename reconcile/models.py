"""The records that flow between stages: ingest -> extract -> align -> kinds -> report.

Plain frozen dataclasses, so that a stage can never change what an earlier one produced, and so that
records pickle cheaply to worker processes. Offsets are always character offsets into `Page.text`, the
original decoded text (after a BOM; for HTML, the visible text), so that `page.text[start:end]` is
exactly what the reader sees in the source. The normalised text (`Page.norm`) is for matching only; every
position found in it is mapped back through `Page.omap` before it leaves ingest or extract.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Optional

Approx = Optional[Literal["about", "over", "under", "at_least", "at_most", "range"]]
Kind = Literal["count", "amount", "percent", "ratio", "rank", "share", "growth", "other"]
Nature = Optional[Literal["stock", "flow", "cumulative"]]
Modality = Literal["actual", "target", "forecast"]
Severity = Literal["error", "warning", "info"]

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


# ----------------------------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class Sentence:
    """A sentence: [start, end) in the original text, [nstart, nend) in the normalised text."""

    start: int
    end: int
    nstart: int
    nend: int


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    nstart: int
    nend: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Article:
    """One article of a page. Context (entity, period, place) never crosses from one article to another.

    `role` tells body text from what surrounds it: "article" (headline + body), "caption" (a picture
    caption), "furniture" (page furniture such as 本版编辑, lists of headlines).
    """

    start: int
    end: int
    role: Literal["article", "caption", "furniture"]
    title: Optional[str]
    title_start: Optional[int]  # offset of the headline in the original text, when there is one
    byline: Optional[str]
    place: Optional[str]  # from a dateline such as 本报乌海10月14日电, when there is one
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input that did not stop the run: one line for the user."""

    doc: str
    what: str
    fix: str
    fatal: bool  # True: the document was skipped (exit code 3); False: a warning, the document was read

    def line(self) -> str:
        return f"{self.doc}: {self.what}; {self.fix}"


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in _LINE_BREAK.finditer(text)))


@dataclass(frozen=True)
class Page:
    """A decoded input document, normalised and segmented.

    `omap[i]` is the original offset of normalised character i; `omap` has len(norm) + 1 entries, the last
    one being len(text), so a normalised span [a, b) maps to the original span [omap[a], omap[b-1] + 1).
    Use `Page.orig_span` rather than indexing by hand.
    """

    doc: str
    text: str
    norm: str
    omap: tuple[int, ...]
    articles: tuple[Article, ...]
    encoding: str
    date: Optional[str] = None  # ISO date of publication, "2025-12-18", or a coarser "2025-12"/"2025"
    date_source: Optional[str] = None  # "front-matter" | "manifest" | "inferred"
    title: Optional[str] = None
    html_lines: Optional[tuple[int, ...]] = None  # for HTML inputs: source line of each visible-text line
    sha256: str = ""
    warnings: tuple[Problem, ...] = ()
    line_starts: tuple[int, ...] = ()  # offset where each line of `text` starts (LF, CRLF or CR end a line)

    def orig_span(self, nstart: int, nend: int) -> tuple[int, int]:
        if nend <= nstart:
            o = self.omap[nstart]
            return o, o
        return self.omap[nstart], self.omap[nend - 1] + 1

    def line_of(self, offset: int) -> int:
        """1-based line of an original offset (of the HTML source for HTML inputs)."""
        starts = self.line_starts or _line_starts(self.text)
        line = bisect_right(starts, offset)
        if self.html_lines is not None and line - 1 < len(self.html_lines):
            return self.html_lines[line - 1]
        return line


# ---------------------------------------------------------------------------------------------- extract


@dataclass(frozen=True)
class Growth:
    rate: float  # as a fraction: 同比增长16% -> 0.16; 增长1.7倍 -> 1.7; 是…的1.7倍 -> 0.7
    basis: Literal["yoy", "since", "mom", "other"]
    base_period: Optional[str] = None
    of: Optional[int] = None  # index, in the same document's figure list, of the figure it qualifies
    rate_low: Optional[float] = None  # the rate's own rounding interval, from its printed precision
    rate_high: Optional[float] = None
    difference: bool = False  # 提高2个百分点: a difference of rates, not a growth rate


@dataclass(frozen=True)
class Figure:
    doc: str
    start: int
    end: int
    line: int
    text: str
    value: Optional[float]
    unit: Optional[str]
    precision: Optional[float]
    approx: Approx
    kind: Kind
    nature: Nature
    modality: Modality
    metric: Optional[str]
    entity: Optional[str]
    period: Optional[str]
    period_source: Optional[Literal["stated", "inferred"]]
    low: Optional[float] = None
    high: Optional[float] = None
    scope: Optional[str] = None
    growth: Optional[Growth] = None
    # Where the figure sits, for context-aware rules (not part of the JSON contract).
    article: int = 0
    sentence_start: int = 0
    sentence_end: int = 0

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("article", "sentence_start", "sentence_end"):
            d.pop(k)
        if self.growth is None:
            d["growth"] = None
        else:
            g = d["growth"]
            d["growth"] = {k: g[k] for k in ("rate", "basis", "base_period", "of")}
        return d

    def bounds(self, about_tolerance: float = 0.05) -> tuple[float, float]:
        """The interval the printed figure allows: its approximation and half its last printed digit.

        27.41亿元 is [27.405, 27.415]亿; 超5000 is [5000, inf); 约120 is 120 ± 5% (about_tolerance); 100多家 is its
        range [101, 199]; a count printed in full (609家) is exact."""
        inf = float("inf")
        v, lo, hi = self.value, self.low, self.high
        if self.approx == "range" or (lo is not None and hi is not None) or v is None:
            return (lo if lo is not None else -inf), (hi if hi is not None else inf)
        half = (self.precision or 0) / 2
        if self.kind == "count" and (self.precision or 0) <= 1:
            half = 0.0
        if self.approx is None:
            return v - half, v + half
        if self.approx == "about":
            slack = abs(v) * about_tolerance + half
            return v - slack, v + slack
        if self.approx in ("over", "at_least"):
            return (lo if lo is not None else v), inf
        if self.approx in ("under", "at_most"):
            return -inf, (hi if hi is not None else v)
        return v - half, v + half


# ------------------------------------------------------------------------------------------------ align


@dataclass(frozen=True)
class Point:
    """One report of a metric: a figure placed on its metric's timeline."""

    figure: int  # index into the run's figure list
    period: Optional[str]
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    approx: Approx
    doc: str
    start: int
    end: int


@dataclass(frozen=True)
class Metric:
    metric_id: str
    metric: str  # canonical name
    entity: Optional[str]
    unit: Optional[str]
    kind: str
    nature: Nature
    modality: Modality
    aliases: tuple[str, ...]  # the metric phrases, as printed, that were aligned here
    # The timeline: a tuple, or from a run align.timelines.Points (figure indices, a Point built when read), which
    # reads and compares as the tuple; dataclasses.asdict leaves it as it is: [asdict(p) for p in m.points].
    points: tuple[Point, ...]


# ------------------------------------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Evidence:
    doc: str
    start: int
    end: int
    line: int
    text: str
    role: Optional[str] = None  # what this span proves: "claim", "base", "current", "copy", ...


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    kind: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...]
    fingerprint: str
    computed: Optional[dict[str, Any]] = None
    metric_id: Optional[str] = None
    review: Optional[dict[str, Any]] = None

    def to_json(self) -> dict[str, Any]:
        """`dataclasses.asdict(self)` with an evidence's role left out when it has none, written out: asdict walks
        every value generically, a tenth of a second for the gate's few hundred findings. `computed` and `review`
        are copied as asdict copies them (dicts, lists and tuples rebuilt, leaves shared when immutable)."""
        return {
            "rule": self.rule,
            "name": self.name,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "evidence": [
                {"doc": e.doc, "start": e.start, "end": e.end, "line": e.line, "text": e.text, "role": e.role}
                if e.role is not None
                else {"doc": e.doc, "start": e.start, "end": e.end, "line": e.line, "text": e.text}
                for e in self.evidence
            ],
            "fingerprint": self.fingerprint,
            "computed": Finding._plain(self.computed),
            "metric_id": self.metric_id,
            "review": Finding._plain(self.review),
        }

    @staticmethod
    def _plain(x: Any) -> Any:
        """What `dataclasses.asdict` makes of a field's value, quickly for the JSON-like values findings carry."""
        t = type(x)
        if t is str or t is int or t is float or t is bool or x is None:
            return x
        if t is dict:
            return {Finding._plain(k): Finding._plain(v) for k, v in x.items()}
        if t is list or t is tuple:
            return t(Finding._plain(v) for v in x)
        from copy import deepcopy
        from dataclasses import is_dataclass

        return asdict(x) if is_dataclass(x) and not isinstance(x, type) else deepcopy(x)  # anything else: as asdict does


@dataclass(frozen=True)
class Coverage:
    documents: int
    figures: int
    metrics: int
    metrics_multi_source: int
    figures_in_multi_source: int
    rules_without_findings: tuple[str, ...] = field(default_factory=tuple)
