"""The `pattern` check kind: wording rules as regular expressions over sentences.

Patterns run on google-re2, whose matching time is linear in the text whatever the pattern, so a rule file
can never make a run slow. re2 has no backreferences or lookaround; a rule that needs "X but not before Y"
says so with `unless` (another pattern in the same sentence), with `near` (a pattern that must, or must
not, occur in the same sentence or paragraph), or by naming the part of the match that is the evidence
with a group `(?P<hit>…)` and letting the rest of the pattern be the context. Patterns are validated when
the rule is loaded: one that re2 rejects, that matches the empty string, or whose nested repetition
(`(a+)+`) would backtrack exponentially in Python's `re` is an error at its line of the rule file.

Matching is on the normalised sentence text (`Page.norm`), so full-width forms and OCR line breaks do not
hide a match; every span is mapped back to the original text for the evidence.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import date
from typing import Annotated, Any, Iterable, Literal, Optional, Union

import re2
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import Finding, Page
from ..pagestore import read_pages, screens
from .base import CheckKind, Rule, RunContext, evidence_for

HIT_GROUP = "hit"
BASE_FIELDS = frozenset({"match", "sentence", "note", "suggest", "near"})


# ------------------------------------------------------------------------------------------- compiling


def _options() -> Any:
    opts = re2.Options()
    opts.log_errors = False  # re2 would otherwise write its own message to stderr
    return opts


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """The compiled re2 pattern (raises re2.error). Cached: compiled patterns are not stored in rules, so
    that rules pickle to worker processes."""
    return re2.compile(pattern, _options())


def _check_regex(pattern: str) -> str:
    if not pattern:
        raise ValueError("empty pattern")
    try:
        rx = compile_pattern(pattern)
    except re2.error as e:
        why = e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes) else str(e)
        raise ValueError(
            f"not a valid re2 expression ({why}); re2 has no backreferences or lookaround: use unless, near "
            f"or a (?P<{HIT_GROUP}>…) group instead"
        ) from None
    if rx.fullmatch("") is not None:
        raise ValueError(f"pattern '{pattern}' matches the empty string, so it would match every sentence")
    hazard = backtracking_hazard(pattern)
    if hazard:
        raise ValueError(
            f"pattern '{pattern}' nests a repetition directly inside another ({hazard}): it backtracks "
            "exponentially in engines such as Python's re and always has a simpler equivalent"
        )
    return pattern


Regex = Annotated[str, AfterValidator(_check_regex)]


def backtracking_hazard(pattern: str) -> Optional[str]:
    """The part of `pattern` that a backtracking engine could take exponential time over, or None.

    The classic shape: an unbounded repetition whose body, once the parts that may match nothing are set
    aside, is itself a repetition (`(a+)+`, `(a*)*`, `(\\w+\\s*)+`): a run of n characters can then be
    split between the two loops in 2^n ways. Patterns with re2-only syntax (`\\p{Han}`) cannot be run by
    Python's re at all and are not checked.
    """
    try:
        from re import _constants as c
        from re import _parser as sre
    except ImportError:  # pragma: no cover - Python < 3.11
        return None
    try:
        parsed = sre.parse(pattern)
    except Exception:
        return None
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT}

    def nullable(op: Any, av: Any) -> bool:
        if op in repeats:
            return av[0] == 0 or all(nullable(o, a) for o, a in av[2])
        if op is c.SUBPATTERN:
            return all(nullable(o, a) for o, a in av[3])
        if op is c.BRANCH:
            return any(all(nullable(o, a) for o, a in alt) for alt in av[1])
        return op is c.AT

    def core(items: Any) -> list[tuple[Any, Any]]:
        """The items of a sequence that must match something, looking through groups of one item."""
        out = [(o, a) for o, a in items if not nullable(o, a)]
        if not out:  # everything optional: what can loop is what matters
            out = [(o, a) for o, a in items if (o in repeats and a[1] > 1) or o is c.SUBPATTERN]
        if len(out) == 1 and out[0][0] is c.SUBPATTERN:
            return core(out[0][1][3])
        return out

    def loops(items: list[tuple[Any, Any]]) -> bool:
        """True when a sequence's required part is one repetition, or alternatives one of which is."""
        if len(items) != 1:
            return False
        op, av = items[0]
        if op in repeats:
            return av[1] > 1
        if op is c.BRANCH:
            return any(loops(core(alt)) for alt in av[1])
        return False

    def walk(items: Any) -> Optional[str]:
        for op, av in items:
            if op in repeats:
                lo, hi, body = av
                if hi > 1:
                    if loops(core(body)):
                        return "a repeated group whose body is a repetition"
                found = walk(body)
            elif op is c.SUBPATTERN:
                found = walk(av[3])
            elif op is c.BRANCH:
                found = next((f for f in (walk(alt) for alt in av[1]) if f), None)
            else:
                found = None
            if found:
                return found
        return None

    return walk(parsed)


# ------------------------------------------------------------------------------------------------ params


def _iso_prefix(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"'{text}' is not a date (2018, 2018-03 or 2018-03-21)")
    return text


class PatternItem(BaseModel):
    """One pattern, with what a finding from it should say. A bare string is a pattern with no note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: Regex
    note: Union[str, dict[Literal["zh", "en"], str], None] = None  # per-match text for the message: {note}
    suggest: Optional[str] = None  # what to write instead: {suggest}
    since: Optional[str] = None  # the wording is wrong only in documents dated on or after this date

    @model_validator(mode="before")
    @classmethod
    def _bare_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"pattern": value}
        if not isinstance(value, dict):
            raise ValueError("expected a pattern (a string) or a mapping {pattern: …, note: …, suggest: …}")
        return value

    @field_validator("since", mode="before")
    @classmethod
    def _since(cls, value: Any) -> Optional[str]:
        return _iso_prefix(value)

    def note_in(self, lang: str) -> str:
        if isinstance(self.note, dict):
            return self.note.get(lang) or self.note.get("zh") or next(iter(self.note.values()), "")
        return self.note or ""


class Near(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    patterns: list[Regex] = Field(min_length=1)
    within: Literal["sentence", "paragraph"] = "sentence"
    require: Literal["present", "absent"] = "present"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    patterns: list[PatternItem] = Field(min_length=1)
    unless: list[Regex] = []  # no finding in a sentence where any of these matches
    near: Optional[Near] = None
    roles: list[Literal["article", "caption", "furniture"]] = ["article", "caption"]


# ------------------------------------------------------------------------------------------------- check


class Pattern(CheckKind):
    name = "pattern"
    Params = Params
    fields = BASE_FIELDS

    def message_fields(self, params: Params) -> frozenset[str]:
        groups: set[str] = set()
        for item in params.patterns:
            groups.update(compile_pattern(item.pattern).groupindex)
        return BASE_FIELDS | groups

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        items = [(compile_pattern(i.pattern), i) for i in p.patterns]
        unless = [compile_pattern(u) for u in p.unless]
        near = [compile_pattern(n) for n in p.near.patterns] if p.near else []
        screen = _screen([i.pattern for i in p.patterns])
        # Most pages hold no match at all: one linear scan of each page's normalised text (as UTF-8, which re2
        # matches as it is and a store on disk holds as it is) decides which may. Those are then read, in order,
        # each once and none kept.
        maybe: list[int] = []
        for i, doc, dated, norm in screens(ctx.pages, encoded=True):
            if not ctx.in_focus(doc) or all(_predates(dated, it.since) for it in p.patterns):
                continue
            if screen is None or screen.search(norm):
                maybe.append(i)
        for _, page in read_pages(ctx.pages, maybe):
            active = [(rx, it) for rx, it in items if not _predates(page.date, it.since)]
            seen: Counter[tuple[str, str]] = Counter()
            for article in page.articles:
                if article.role not in p.roles:
                    continue
                for para in article.paragraphs:
                    ptext = page.norm[para.nstart : para.nend]
                    if screen is not None and not screen.search(ptext):
                        continue  # one linear scan rules out the paragraph for every pattern at once
                    for sent in para.sentences:
                        stext = page.norm[sent.nstart : sent.nend]
                        hits = _hits(active, stext)
                        if not hits or any(u.search(stext) for u in unless):
                            continue
                        for a, b, item, groups in hits:
                            near_span = None
                            if p.near is not None:
                                scope, base = (stext, sent.nstart) if p.near.within == "sentence" else (
                                    ptext, para.nstart)
                                near_span = _nearest(near, scope, base, sent.nstart + a, sent.nstart + b)
                                if (near_span is None) == (p.near.require == "present"):
                                    continue
                            key = (stext, stext[a:b])
                            seen[key] += 1
                            yield self._finding(rule, page, sent, a, b, item, groups, near_span, seen[key])

    def _finding(self, rule: Rule, page: Page, sent: Any, a: int, b: int, item: PatternItem,
                 groups: dict[str, tuple[int, int]], near_span: Optional[tuple[int, int]], nth: int) -> Finding:
        def orig(na: int, nb: int) -> tuple[int, int]:
            return page.orig_span(sent.nstart + na, sent.nstart + nb) if nb > na else (0, 0)

        start, end = orig(a, b)
        evidence = [evidence_for(page, start, end, role="match")]
        near_text = ""
        if near_span is not None:
            ns, ne = page.orig_span(*near_span)
            evidence.append(evidence_for(page, ns, ne, role="near"))
            near_text = page.text[ns:ne]
        fields: dict[str, Any] = {
            name: page.text[slice(*orig(ga, gb))] for name, (ga, gb) in groups.items()
        }
        fields.update(
            match=page.text[start:end],
            sentence=page.text[sent.start : sent.end].strip(),
            note=item.note_in(rule.lang),
            suggest=item.suggest or "",
            near=near_text,
        )
        norm = page.norm
        return self.finding(
            rule,
            fields,
            evidence,
            # the document, the words matched and the sentence they are in: never offsets
            fingerprint_parts=(page.doc, norm[sent.nstart + a : sent.nstart + b],
                               norm[sent.nstart : sent.nend], nth),
            computed={"pattern": item.pattern},
        )


def _hits(active: list[tuple[Any, PatternItem]], text: str) -> list[tuple[int, int, PatternItem, dict]]:
    """Non-overlapping matches of all patterns in a sentence: earliest first, the longest at a tie."""
    found = []
    for rx, item in active:
        hit = rx.groupindex.get(HIT_GROUP)
        for m in rx.finditer(text):
            a, b = m.span(hit) if hit is not None else m.span()
            if a < 0 or b <= a:
                continue
            groups = {n: m.span(i) for n, i in rx.groupindex.items() if m.span(i)[0] >= 0}
            found.append((a, b, item, groups))
    found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, PatternItem, dict]] = []
    for h in found:
        if not out or h[0] >= out[-1][1]:
            out.append(h)
    return out


def _nearest(near: list[Any], scope: str, base: int, a: int, b: int) -> Optional[tuple[int, int]]:
    """The span (normalised offsets) of the `near` match closest to the hit [a, b) and not overlapping it."""
    best: Optional[tuple[int, int]] = None
    best_dist = 0
    for rx in near:
        for m in rx.finditer(scope):
            s, e = base + m.start(), base + m.end()
            if s < b and a < e:
                continue  # the hit itself is not "another pattern nearby"
            dist = s - b if s >= b else a - e
            if best is None or dist < best_dist:
                best, best_dist = (s, e), dist
    return best


def _screen(patterns: list[str]) -> Any:
    """One alternation of every pattern, to skip paragraphs that cannot match.

    Zero-width assertions (^ $ \\A \\z \\b \\B) are dropped first: their meaning differs between a paragraph
    and a sentence, and a pattern without them matches a superset of the original's matches, so a
    paragraph the screen rejects holds no match of any pattern in any of its sentences.
    """
    try:
        return compile_pattern("|".join(f"(?:{_strip_assertions(p)})" for p in patterns))
    except (re2.error, ValueError):  # e.g. a group name used by two patterns: check without a screen
        return None


def _strip_assertions(pattern: str) -> str:
    """The pattern without zero-width assertions and with its named groups made plain."""
    out = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            esc = pattern[i : i + 2]
            if in_class or esc not in ("\\A", "\\z", "\\b", "\\B"):
                out.append(esc)
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            # a ] right after [ or [^ is a literal, not the end of the class
            j = i + 1
            if j < n and pattern[j] == "^":
                out.append("^")
                j += 1
            if j < n and pattern[j] == "]":
                out.append("]")
                j += 1
            i = j
            continue
        elif pattern.startswith("(?P<", i) and ">" in pattern[i:]:
            out.append("(?:")  # names would clash between patterns joined into one
            i = pattern.index(">", i) + 1
            continue
        elif ch not in "^$":
            out.append(ch)
        i += 1
    return "".join(out)


def _predates(page_date: Optional[str], since: Optional[str]) -> bool:
    """True when the document is known to be older than `since` (an unknown date is not older)."""
    if not since or not page_date:
        return False
    latest = page_date + "-12-31"[len(page_date) - 4 :] if len(page_date) < 10 else page_date[:10]
    earliest = since + "-01-01"[len(since) - 4 :] if len(since) < 10 else since
    return latest < earliest
