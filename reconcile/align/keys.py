"""The exact parts of an alignment key: metric phrase, entity, unit family, nature class, and the context of a
figure whose entity is unknown.

Everything here is a pure function of one figure (and its page), so that figures can be grouped by exact keys in
one pass before any fuzzy matching happens, and so that `key_parts` can run per document wherever the document
is extracted (a worker process, a Dask worker) and `align()` take its results.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Sequence

from ..models import Figure, Page
from ..pagestore import by_doc as pages_by_doc
from ..sequences import equal_items
from .tokens import tokens
from .vocab import Vocabulary, fold

# Words that say how a count accumulates rather than what it counts. They are removed from the phrase (新增城镇就业
# and 城镇新增就业 name one statistic) and, when the extraction step left the nature open, they settle it.
_NATURE_WORDS = {"新增": "flow", "新建": "flow", "累计": "cumulative", "共计": "cumulative"}

_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")


def clean_phrase(raw: str, vocab: Vocabulary) -> str:
    """The printed phrase folded, parentheses dropped and abbreviations (GDP) spelt out."""
    t = _PARENS.sub("", fold(raw))
    for term, means in vocab.terms.items():
        if term in t:
            t = t.replace(term, means)
    return t.strip("的之")


def base_phrase(raw: str, vocab: Vocabulary) -> tuple[str, Optional[str]]:
    """(phrase to compare, nature implied by its wording or None).

    Removed: leading verbs (培育, 引进 ...) as whole jieba tokens, so that 有效发明专利 keeps its 有 and 达标率 its 达;
    words naming the whole entity (全国, 全市 ...) in front or as tokens; nature words (新增, 累计) anywhere; endings
    that only mean "the number of" (人数, 规模). What remains must keep at least two characters.
    """
    t = clean_phrase(raw, vocab)
    if t in vocab.metric_alias:
        return t, None
    t = _strip_leading_fillers(t, vocab)
    nature = None
    kept: list[str] = []
    for tok in tokens(t):
        if tok in _NATURE_WORDS:
            nature = nature or _NATURE_WORDS[tok]
            continue
        if tok in vocab.fillers or (not kept and (tok in vocab.prefixes or tok == "了")):
            continue
        kept.append(tok)
    out = _strip_leading_fillers("".join(kept), vocab)
    for suf in vocab.suffixes:
        if out.endswith(suf) and len(out) - len(suf) >= 2:
            out = out[: -len(suf)]
            break
    return (out if len(out) >= 2 else t), nature


def _strip_leading_fillers(t: str, vocab: Vocabulary) -> str:
    changed = True
    while changed:
        changed = False
        for f in vocab.fillers:
            if t.startswith(f) and len(t) - len(f) >= 2:
                t = t[len(f) :]
                changed = True
    return t


def canonical_metric(raw: str, vocab: Vocabulary) -> tuple[str, Optional[str], bool]:
    """(canonical or base phrase, implied nature, whether a vocabulary entry named it)."""
    t = clean_phrase(raw, vocab)
    if t in vocab.metric_alias:
        return vocab.metric_alias[t], None, True
    base, nature = base_phrase(raw, vocab)
    if base in vocab.metric_alias:
        return vocab.metric_alias[base], nature, True
    return base, nature, False


def entity_key(entity: Optional[str], vocab: Vocabulary) -> Optional[str]:
    """The canonical entity: a vocabulary alias, else the folded name without a final 市 (呼和浩特 = 呼和浩特市).

    Only 市 is dropped: 吉林省 and 吉林市 are different places, and so are 和林格尔县 and 和林格尔新区.
    """
    if not entity:
        return None
    e = fold(entity)
    if e in vocab.entity_alias:
        return vocab.entity_alias[e]
    if e.endswith("市") and len(e) >= 3:
        e = e[:-1]
    return vocab.entity_alias.get(e, e)


def unit_family(fig: Figure, vocab: Vocabulary) -> Optional[str]:
    """What the figure's number measures: a unit family for counts and amounts, the kind for rates and ranks.

    A share (占比30%), a growth rate (增长16%) and a rank (第30位) are each their own family, whatever the unit;
    growth rates are further split by basis and base period (同比 vs 较2020年).
    """
    if fig.kind in ("percent", "share"):
        return "share:" + (fig.unit or "%")
    if fig.kind == "growth" or (fig.growth is not None and fig.kind not in ("count", "amount")):
        # 同比增长16% and 较2020年增长1.7倍 are different quantities of one metric: the basis and base are the unit.
        g = fig.growth
        if g is None:
            return None  # a rate whose basis is unknown compares with nothing
        return f"growth:{g.basis}:{g.base_period or ''}" + (":points" if g.difference else "")
    if fig.kind in ("rank", "ratio"):
        return fig.kind
    unit = unicodedata.normalize("NFKC", fig.unit or "")
    return vocab.unit_family.get(unit, unit) or "-"


_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"[0-9０-９.．,，]+|[零〇一二三四五六七八九十百千万亿两]+")


def context_key(fig: Figure, page: Optional[Page]) -> str:
    """A short hash of the figure's sentence with numbers masked, and of its place among the sentence's numbers.

    Figures whose entity is unknown align only with figures that stand in the same sentence reprinted elsewhere:
    the same words around them, whatever numbers the copies print.
    """
    text = ""
    rel = fig.start
    if page is not None:
        s, e = fig.sentence_start, fig.sentence_end
        if not (0 <= s <= fig.start and fig.end <= e <= len(page.text)) or e <= s:
            s, e = max(0, fig.start - 40), min(len(page.text), fig.end + 40)
        text = page.text[s:e]
        rel = fig.start - s
    before = _DIGITS.sub("#", _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text[:rel])))
    after = _DIGITS.sub("#", _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text[rel:])))
    ordinal = before.count("#")
    h = hashlib.sha256(f"{before}#{after}|{ordinal}".encode()).hexdigest()[:12]
    return "?" + h


class KeyPart(NamedTuple):
    """The part of a figure's alignment key that depends on that figure and its page alone."""

    metric: str  # canonical metric, or the phrase to compare when no vocabulary entry names it
    nature: Optional[str]  # the figure's nature, or the one its wording implies (新增: flow), or None
    named: bool  # whether a vocabulary entry named the metric
    entity: str  # canonical entity (with /scope), or "?<context hash>" when the entity is unknown
    family: str  # unit family (unit_family)
    shown: Optional[str]  # the entity as printed (呼和浩特市, with /scope), for the metric's name; None for "?..."


class KeyPartTable(Sequence[Optional[KeyPart]]):
    """A run's key parts, one per figure, as dictionary-encoded columns (a corpus prints a few thousand metric
    phrases and entities many times over): a `KeyPart` is built when one is read. As records they are a tuple per
    figure; here they are six small integers."""

    _FIELDS = ("metric", "nature", "entity", "family", "shown")

    def __init__(self, parts: Iterable[Optional[KeyPart]] = ()):
        from array import array

        self._values: list[Optional[str]] = [None]  # code 0 is None; a string's code is its place here
        self._codes: dict[Optional[str], int] = {None: 0}
        self._cols = tuple(array("I") for _ in self._FIELDS)
        self._named = bytearray()  # 0 False, 1 True, 2: no part (a figure that cannot align)
        for part in parts:
            self.append(part)

    def _code(self, s: Optional[str]) -> int:
        code = self._codes.get(s)
        if code is None:
            code = self._codes[s] = len(self._values)
            self._values.append(s)
        return code

    def append(self, part: Optional[KeyPart]) -> None:
        if part is None:
            for col in self._cols:
                col.append(0)
            self._named.append(2)
            return
        for name, col in zip(self._FIELDS, self._cols):
            col.append(self._code(getattr(part, name)))
        self._named.append(1 if part.named else 0)

    def extend(self, parts: Iterable[Optional[KeyPart]]) -> None:
        for part in parts:
            self.append(part)

    def nbytes(self) -> int:
        """Memory as held: the code columns, the strings, their list and index."""
        import sys

        size = sys.getsizeof
        return (sum(size(c) for c in self._cols) + size(self._named) + size(self._values) + size(self._codes)
                + sum(size(v) for v in self._values if v is not None))

    def __len__(self) -> int:
        return len(self._named)

    def __getitem__(self, i: Any) -> Any:  # int -> Optional[KeyPart]; slice -> list
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        named = self._named[i]
        if named == 2:
            return None
        v = self._values
        metric, nature, entity, family, shown = (v[col[i]] for col in self._cols)
        return KeyPart(metric, nature, bool(named), entity, family, shown)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Optional[KeyPart]]:
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        return equal_items(self, other, (KeyPartTable, list, tuple))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Any:  # pickled as the parts
        return (KeyPartTable, (list(self),))


def key_parts(
    figures: Sequence[Figure], pages: Sequence[Page], vocab: Vocabulary, memo: Optional[dict[str, tuple[str, Optional[str], bool]]] = None
) -> list[Optional[KeyPart]]:
    """Each figure's KeyPart, or None for a figure that cannot align (no metric, no value, no unit family, or a
    one-character metric). `pages` must hold the pages of the figures' documents; `memo` caches canonical_metric
    by printed phrase (a corpus prints a few thousand phrases many times over)."""
    memo = {} if memo is None else memo
    page_by_doc = pages_by_doc(pages)  # a spilled page store stays on disk: pages are read when a figure needs one
    parts: list[Optional[KeyPart]] = []
    for fig in figures:
        if not fig.metric or (fig.value is None and fig.low is None and fig.high is None):
            parts.append(None)
            continue
        family = unit_family(fig, vocab)
        if family is None:
            parts.append(None)
            continue
        if fig.metric not in memo:
            memo[fig.metric] = canonical_metric(fig.metric, vocab)
        canon, implied, named = memo[fig.metric]
        if len(canon) < 2:
            parts.append(None)  # 县, 省, 分: one character names no metric that could be told from others
            continue
        ent = entity_key(fig.entity, vocab)
        shown: Optional[str] = None
        if ent is None:
            ent = context_key(fig, page_by_doc.get(fig.doc))
        else:
            # The scope is the population a rank or share is taken in (第30位 among 288 cities, 居全区首位): the
            # same figure in another scope is another figure. A scope equal to the entity adds nothing.
            scope = entity_key(fig.scope, vocab)
            if scope and scope != ent:
                ent = f"{ent}/{scope}"
            shown = f"{fig.entity}/{fig.scope}" if scope and scope != ent.partition("/")[0] else fig.entity
        parts.append(KeyPart(canon, fig.nature or implied, named, ent, family, shown))
    return parts
