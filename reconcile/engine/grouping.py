"""The per-document part of the grouping stages, done where a document is extracted.

Alignment and duplicate detection group figures and sentences across the whole run, but part of their work needs
one document only: each figure's alignment key parts (canonical metric, entity key, unit family, nature:
`align.keys.key_parts`) and each page's passage sketches (matching keys of its sentences and their MinHash band
hashes: `kinds.passages.page_sketch`). Engines run that part next to extraction — inline, in `--jobs` worker
processes, or on Dask workers — and ship it back with the page and figures; `align()` and the duplicate kind take
it instead of computing it, and do only the cross-document merge (grouping by key, fuzzy clustering inside a
bucket, LSH buckets, verification). The functions are the ones align and passages use themselves, so the output
is the same whichever engine ran them.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

from ..align.keys import KeyPart, KeyPartTable, key_parts
from ..kinds.passages import Sketch, SketchSpec, page_sketch
from ..models import Figure, Page, Problem


@dataclass(frozen=True)
class DocumentGrouping:
    """One document's share of the grouping stages."""

    key_parts: tuple[Optional[KeyPart], ...]  # parallel to the document's figures
    sketches: tuple[Sketch, ...]  # one per GroupingWork.specs


@dataclass(frozen=True)
class Grouped:
    """A run's per-document grouping work, put together in the run's order: what `api.run_pages` takes."""

    key_parts: Sequence[Optional[KeyPart]]  # parallel to the run's figures (an align.keys.KeyPartTable)
    sketches: Mapping[SketchSpec, Any] = field(default_factory=dict)  # kinds.units.UnitTable of each spec, page by page


@dataclass(frozen=True)
class GroupingWork:
    """What to compute for each document besides extraction (small: it is shipped to every worker once)."""

    vocab: Any  # align.vocab.Vocabulary
    specs: tuple[SketchSpec, ...] = ()

    @classmethod
    def for_rules(cls, rules: Sequence[Any], vocab: Any) -> "GroupingWork":
        """The sketches the run's rules will ask for: a rule whose parameters give a `sketch_spec()` (None: none
        for this rule) reads `RunContext.sketches[spec]`."""
        specs = {r.params.sketch_spec() for r in rules if callable(getattr(r.params, "sketch_spec", None))}
        return cls(vocab, tuple(sorted((s for s in specs if s is not None), key=astuple)))

    def of(self, page: Page, figures: Sequence[Figure]) -> DocumentGrouping:
        parts = key_parts(figures, (page,), self.vocab, _phrase_memo(self.vocab))
        return DocumentGrouping(tuple(parts), tuple(page_sketch(page, spec) for spec in self.specs))

    def assembler(self) -> "Assembler":
        """Puts the documents' shares together one at a time, as an engine yields them (nothing is held twice)."""
        return Assembler(self.specs)


class Assembler:
    def __init__(self, specs: Sequence[SketchSpec]):
        from ..kinds.units import UnitTable

        self._specs = tuple(specs)
        self._parts = KeyPartTable()  # columns: one KeyPart per figure of the run adds up
        # Each spec's sketches go into a column table as they come (kinds/units.py), not a tuple of records.
        self._tables = [UnitTable(spec) for spec in self._specs]

    def add(self, doc: str, figures: int, share: DocumentGrouping) -> None:
        if len(share.key_parts) != figures or len(share.sketches) != len(self._specs):
            raise ValueError(f"{doc}: its grouping work does not match its figures or this run's rules")
        self._parts.extend(share.key_parts)
        for table, sk in zip(self._tables, share.sketches):
            table.add(sk)

    def result(self) -> Grouped:
        return Grouped(self._parts, dict(zip(self._specs, self._tables)))


Extracted = tuple[Optional[Page], tuple[Figure, ...], tuple[Problem, ...]]


def extract_and_group(source: Any, extract: Callable[..., Extracted], work: Optional[GroupingWork], *args: Any) -> tuple[Optional[Page], tuple[Figure, ...], tuple[Problem, ...], Optional[DocumentGrouping]]:
    """extract(source, *args) and, when the document was read and `work` is given, its grouping share.

    A module-level function of picklable arguments, so that worker processes and Dask workers can run it.
    """
    page, figures, problems = extract(source, *args)
    share = work.of(page, figures) if work is not None and page is not None else None
    return page, figures, problems, share


# canonical_metric by printed phrase, for the vocabulary this process last grouped with: a corpus prints a few
# thousand phrases many times over, and a worker sees many documents with one (shipped) vocabulary.
_memo: tuple[Any, dict[str, Any]] = (None, {})


def _phrase_memo(vocab: Any) -> dict[str, Any]:
    global _memo
    if _memo[0] is not vocab:
        _memo = (vocab, {})
    return _memo[1]
