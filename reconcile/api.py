"""The library face of reconcile: what the CLI, the gate and other programs call.

Nothing here prints or exits. Errors the user can fix are raised as `reconcile.errors.ReconcileError`; problems
with single inputs (unreadable files) are collected in `RunResult.problems` and never stop the other documents.

    >>> from reconcile import parse_quantity
    >>> parse_quantity("约4.287亿美元").value
    428700000.0
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence

from .errors import EXIT_OK, EXIT_UNREADABLE
from .models import Coverage, Figure, Finding, Metric, Page, Problem


@dataclass(frozen=True)
class RunResult:
    pages: tuple[Page, ...]
    figures: tuple[Figure, ...]
    figure_metric: tuple[Optional[str], ...]
    metrics: tuple[Metric, ...]
    findings: Sequence[Finding]  # a findingstore.FindingStore from a run: sorted, on disk when there are many
    coverage: Coverage
    problems: tuple[Problem, ...]
    rules: tuple[Any, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 3 when some were skipped (findings never change it: `run` reports)."""
        return EXIT_UNREADABLE if any(p.fatal for p in self.problems) else EXIT_OK


@dataclass(frozen=True)
class ExtractResult:
    pages: tuple[Page, ...]
    figures: tuple[Figure, ...]
    problems: tuple[Problem, ...]
    timings: Mapping[str, float] = field(default_factory=dict)
    grouped: Any = None  # engine.grouping.Grouped: the grouping stages' per-document work, when it was asked for

    @property
    def exit_code(self) -> int:
        return EXIT_UNREADABLE if any(p.fatal for p in self.problems) else EXIT_OK


# ------------------------------------------------------------------------------------------- one text


def parse_quantity(text: str):
    """One quantity written in `text` (`27.41亿元`, `一百二十三点四五`, `1万-5万元`), or None."""
    from .extract.quantities import parse_quantity as _pq

    return _pq(text)


def extract(text: str, doc: Optional[str] = None, date: Optional[str] = None) -> list[Figure]:
    """The figures of one text, as `reconcile extract` reports them."""
    from .extract import extract_page
    from .ingest import page_from_text

    page = page_from_text(text, doc=doc or "<text>", date=date)
    _, figures = extract_page(page)
    return list(figures)


# ------------------------------------------------------------------------------------------- files


def _extract_source(job: tuple[Any, Any], encoding: Optional[str]) -> tuple[Optional[Page], tuple[Figure, ...], tuple[Problem, ...]]:
    """Read and extract one document (`job`: its Source and its manifest entry or None). Any failure becomes a
    Problem for that document only."""
    from .ingest import load
    from .ingest.manifest import manifest_key

    source, entry = job
    manifest = {manifest_key(source.path): entry} if entry is not None and source.path is not None else None
    try:
        loaded = load(source, encoding=encoding, manifest=manifest)
    except Exception as exc:  # a bug in ingest must not lose the other documents' report
        return None, (), (Problem(source.doc, f"could not be read ({type(exc).__name__}: {exc})", "please report this; the other documents were processed", True),)
    if isinstance(loaded, Problem):
        return None, (), (loaded,)
    try:
        from .extract import extract_page

        page, figures = extract_page(loaded)
    except Exception as exc:
        return loaded, (), loaded.warnings + (Problem(loaded.doc, f"figures could not be extracted ({type(exc).__name__}: {exc})", "please report this; the other documents were processed", True),)
    return page, figures, page.warnings


# Documents to extract in this process from which jieba's whole dictionary is read before the first (a run of a few
# pages looks words up in a table on disk instead; a long run switches to the dictionary anyway, mid-run).
WHOLE_DICTIONARY_AT = 500


def extract_paths(
    paths: Sequence[str],
    *,
    encoding: Optional[str] = None,
    cwd: Optional[Path] = None,
    jobs: int = 1,
    stdin: Any = None,
    ledger: Any = None,
    engine: str = "local",
    scheduler: Optional[str] = None,
    progress: Optional[Callable[[int, int], None]] = None,
    grouping: Any = None,
) -> ExtractResult:
    """Ingest and extract every document under `paths` (files, folders, or "-" for standard input).

    With a `ledger` (reconcile.ledger.Ledger), unchanged documents come from it without being read or extracted
    again, and the others are stored in it, all in one transaction. With `grouping` (engine.grouping.GroupingWork),
    each document's share of the grouping stages is computed with it, wherever it is extracted (`grouped`).
    """
    from .engine.grouping import extract_and_group
    from .engine.local import in_process, map_stream
    from .engine.window import Job, Ran, Ready
    from .figuretable import FigureTable
    from .ingest import discover
    from .ingest.manifest import Manifests
    from .pagestore import PageStore

    t0 = time.perf_counter()
    sources, problems = discover(list(paths), cwd=cwd, stdin=stdin)
    manifests = Manifests(s.path for s in sources)  # every manifest read (and checked) now, entries kept per folder

    def stream() -> Iterator[Any]:
        # Documents in the run's order, read lazily as the engine asks for them (a window ahead of the one being
        # consumed, engine/window.py): a ledger hit is Ready; a document to read and extract is a Job carrying its
        # manifest entry (not the run's whole manifest) and, for the ledger, what it was stored under. Nothing here
        # holds every document's bytes or entry at once.
        for source in sources:
            entry = manifests.entry(source.path)
            hit, source, stamp = _from_ledger(ledger, source, entry)
            yield Ready(hit) if hit is not None else Job((source, entry), stamp)

    here = False
    if engine == "dask":
        from .engine import dask_engine

        mapped = dask_engine.map_stream(extract_and_group, stream(), _extract_source, grouping, encoding, scheduler=scheduler)
    else:
        # Workers or not is decided from all the input's size: a run whose documents mostly come from the ledger
        # sends few jobs, and a pool starts its workers only when the first job comes.
        here = in_process(sources, jobs)
        # With a ledger, how many documents need extracting is known only as the stream reaches them (a re-run of an
        # unchanged archive needs none, and should not pay for the dictionary): extraction then switches to it
        # mid-run when its look-ups add up (extract.words).
        if here and ledger is None and len(sources) >= WHOLE_DICTIONARY_AT:
            from .extract.words import read_whole_dictionary

            read_whole_dictionary()
        mapped = map_stream(extract_and_group, stream(), _extract_source, grouping, encoding, jobs=jobs, here=here, count=len(sources))
    # Documents are consumed one at a time, in the run's order, as the engine yields them: each page goes into the
    # page store (on disk once the run is large: reconcile/pagestore.py) and to the ledger, so that nothing here
    # holds every page at once.
    store = PageStore()
    figures = FigureTable()  # columns, not records: the part of a run that grows with the corpus
    all_problems = list(problems)
    assembler = grouping.assembler() if grouping is not None else None
    extracted_here = 0
    with (ledger.transaction() if ledger is not None else contextlib.nullcontext()):
        for done, item in enumerate(mapped, 1):
            if progress is not None:  # progress(documents done, documents in all), e.g. for a progress bar
                progress(done, len(sources))
            if isinstance(item, Ran):
                out, stamp = item.out, item.note
                page, figs = out[:2]
                extracted_here += 1
                if ledger is not None and page is not None and stamp is not None:
                    sha, size, mtime, meta = stamp
                    ledger.store(page, figs, sha256=sha, size=size, mtime_ns=mtime, meta=meta)
            else:  # a ledger hit, read when it was looked up (a window ahead, engine/window.py)
                hit = item.value
                out = (hit.page, hit.figures, hit.page.warnings, grouping.of(hit.page, hit.figures) if grouping else None)
            page, figs, probs, share = out
            all_problems.extend(probs)
            if page is not None:
                store.append(page)
                figures.extend(_rebase(figs, len(figures)))
                if assembler is not None:
                    assembler.add(page.doc, len(figs), share)
    grouped = assembler.result() if assembler is not None else None
    if here and extracted_here >= WHOLE_DICTIONARY_AT:
        # What extraction memoised about the texts it read (the words of fragments, the natures of figures) is of
        # no use to the stages after it, and a large run has filled it: give it back to them.
        from .extract import clear_caches

        clear_caches()
    t1 = time.perf_counter()
    return ExtractResult(store, figures, tuple(all_problems), {"ingest+extract": t1 - t0}, grouped)


def _from_ledger(ledger: Any, source: Any, manifest_entry: Any) -> tuple[Any, Any, Optional[tuple[str, int, int, str]]]:
    """(cached entry or None, the source to read — with its bytes when already read, (sha, size, mtime, meta))."""
    import hashlib
    import os

    if ledger is None or source.path is None:
        return None, source, None
    try:
        st = os.stat(source.path)
    except OSError:
        return None, source, None  # ingest reports why it cannot be read
    meta = hashlib.sha256(repr(manifest_entry).encode()).hexdigest()[:12] if manifest_entry is not None else ""
    hit = ledger.lookup(source.doc, meta=meta, size=st.st_size, mtime_ns=st.st_mtime_ns)
    if hit is not None:
        return hit, source, None
    try:
        with open(source.path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None, source, None
    sha = hashlib.sha256(data).hexdigest()
    hit = ledger.lookup(source.doc, meta=meta, sha256=sha)
    if hit is not None:
        ledger.touch(source.doc, st.st_size, st.st_mtime_ns)
        return hit, source, None
    return None, replace(source, data=data), (sha, st.st_size, st.st_mtime_ns, meta)


def run_pages(
    pages: Sequence[Page],
    figures: Sequence[Figure],
    *,
    problems: Sequence[Problem] = (),
    rules_dirs: Optional[Sequence[Path]] = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    lang: str = "zh",
    rules: Optional[Sequence[Any]] = None,
    timings: Optional[Mapping[str, float]] = None,
    vocab: Any = None,
    grouped: Any = None,
    focus: Optional[frozenset[str]] = None,
) -> RunResult:
    """Align the figures and run the rules over already extracted pages (`vocab`: loaded from `rules_dirs` when
    not given; `grouped`: the grouping stages' per-document work, engine.grouping.Grouped, done here when not
    given)."""
    from .align import align
    from .align.vocab import load_vocabulary
    from .kinds import load_kind
    from .kinds.base import RunContext
    from .ruleset import load_rules

    timing = dict(timings or {})
    if rules is None:
        rules = load_rules(rules_dirs, lang=lang, select=select, ignore=ignore, severity=severity or {})
    if vocab is None:
        vocab = load_vocabulary(rules_dirs)
    t0 = time.perf_counter()
    metrics, figure_metric = align(figures, pages, vocab, parts=grouped.key_parts if grouped is not None else None)
    t1 = time.perf_counter()
    timing["align"] = t1 - t0
    from .pagestore import PageStore, by_doc

    from .figuretable import FigureTable

    if not isinstance(pages, PageStore):
        pages = tuple(pages)
    if not isinstance(figures, FigureTable):
        figures = tuple(figures)
    ctx = RunContext(
        pages=pages,
        figures=figures,
        metrics=tuple(metrics),
        figure_metric=tuple(figure_metric),
        vocab=vocab,
        page_by_doc=by_doc(pages),
        sketches=grouped.sketches if grouped is not None else {},
        focus=focus,
    )
    from .findingstore import FindingStore

    # De-duplicated (two kinds reaching the same conclusion report it once) and sorted; on disk once there are many.
    findings = FindingStore()
    fired: set[str] = set()
    for rule in rules:
        kind = load_kind(rule.kind)
        for f in kind.check(rule, ctx):
            findings.add(f)
            fired.add(rule.code)
    findings.seal()
    timing["rules"] = time.perf_counter() - t1
    coverage = _coverage(pages, figures, metrics, figure_metric, rules, fired)
    return RunResult(
        pages=pages,
        figures=figures,
        figure_metric=tuple(figure_metric),
        metrics=tuple(metrics),
        findings=findings,
        coverage=coverage,
        problems=tuple(problems),
        rules=tuple(rules),
        timings=timing,
    )


def run_paths(
    paths: Sequence[str],
    *,
    rules_dirs: Optional[Sequence[Path]] = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    lang: str = "zh",
    encoding: Optional[str] = None,
    cwd: Optional[Path] = None,
    jobs: int = 1,
    stdin: Any = None,
    ledger: Any = None,
    engine: str = "local",
    scheduler: Optional[str] = None,
    progress: Optional[Callable[[int, int], None]] = None,
) -> RunResult:
    """ingest -> extract -> align -> rules over files, folders or standard input.

    Rules and vocabularies are loaded (and validated) before any document is read, so that a broken rule or
    vocabulary file stops the run at once with one line instead of after minutes of work.
    """
    from .align.vocab import load_vocabulary
    from .engine.grouping import GroupingWork
    from .ruleset import load_rules

    rules = load_rules(rules_dirs, lang=lang, select=select, ignore=ignore, severity=severity or {})
    vocab = load_vocabulary(rules_dirs)
    grouping = GroupingWork.for_rules(rules, vocab)  # done with each document's extraction, wherever that runs
    ex = extract_paths(paths, encoding=encoding, cwd=cwd, jobs=jobs, stdin=stdin, ledger=ledger, engine=engine, scheduler=scheduler, progress=progress, grouping=grouping)
    return run_pages(ex.pages, ex.figures, problems=ex.problems, rules_dirs=rules_dirs, rules=rules, timings=ex.timings, vocab=vocab, grouped=ex.grouped)


def run_texts(documents: Mapping[str, str], **kwargs: Any) -> RunResult:
    """Run over in-memory documents (name -> text), for tests and library users."""
    from .extract import extract_page
    from .ingest import page_from_text

    pages: list[Page] = []
    figures: list[Figure] = []
    for name in sorted(documents):
        page, figs = extract_page(page_from_text(documents[name], doc=name))
        pages.append(page)
        figures.extend(_rebase(figs, len(figures)))
    return run_pages(pages, figures, **kwargs)


# ------------------------------------------------------------------------------------------- helpers


def _rebase(figs: Sequence[Figure], offset: int) -> list[Figure]:
    """Figures of one document placed after `offset` others: `growth.of` indexes the whole run's list."""
    if not offset:
        return list(figs)
    out = []
    for f in figs:
        if f.growth is not None and f.growth.of is not None:
            f = replace(f, growth=replace(f.growth, of=f.growth.of + offset))
        out.append(f)
    return out


def _coverage(pages, figures, metrics, figure_metric, rules, fired) -> Coverage:
    multi = [m for m in metrics if len(m.points) > 1]  # more than one report of the metric
    multi_ids = {m.metric_id for m in multi}
    return Coverage(
        documents=len(pages),
        figures=len(figures),
        metrics=len(metrics),
        metrics_multi_source=len(multi),
        figures_in_multi_source=sum(1 for mid in figure_metric if mid in multi_ids),
        rules_without_findings=tuple(sorted(r.code for r in rules if r.code not in fired)),
    )


def with_reviews(result: RunResult, reviews: Mapping[str, Mapping[str, Any]]) -> RunResult:
    """The same result with each reviewed finding carrying its editors' decision."""
    from .findingstore import FindingStore

    def reviewed(f: Finding) -> Finding:
        return replace(f, review=dict(reviews[f.fingerprint])) if f.fingerprint in reviews else f

    if isinstance(result.findings, FindingStore):
        return replace(result, findings=result.findings.map(reviewed))
    return replace(result, findings=tuple(reviewed(f) for f in result.findings))


# ------------------------------------------------------------------------------------------- the gate


@dataclass(frozen=True)
class CheckResult:
    run: RunResult
    outcome: Any  # reconcile.gate.GateOutcome

    @property
    def exit_code(self) -> int:
        from .errors import EXIT_GATE, combine

        return combine(EXIT_GATE if self.outcome.failed else EXIT_OK, self.run.exit_code)


def check_paths(
    corpus: Sequence[str],
    *,
    new_files: Sequence[str] = (),
    since: Optional[str] = None,
    fail_on: str = "error",
    reviews_path: Optional[Path] = None,
    ledger: Any = None,
    cwd: Optional[Path] = None,
    **run_options: Any,
) -> CheckResult:
    """The gate: the new or changed files (named, or changed since the git revision `since`) checked against
    every document under `corpus` (or, with no corpus, against the documents in the ledger)."""
    from .gate import changed_since, decide, validate_fail_on
    from .ingest.discover import doc_name
    from .review import load_reviews, review_map

    cwd = (cwd or Path.cwd()).resolve()
    fail_on = validate_fail_on(fail_on)
    reviews = load_reviews(reviews_path) if reviews_path else {}
    if since:
        new_paths = [str(p) for p in changed_since(since, [Path(c) for c in corpus], cwd)]
    else:
        new_paths = list(new_files)
    paths = list(dict.fromkeys([*corpus, *new_paths]))
    if not paths:
        from .errors import UsageError

        raise UsageError("nothing to check: name the new files, or give --since with the folders to look in")
    new_docs = {doc_name(p, cwd) for p in new_paths}
    if not corpus and ledger is not None:
        result = _against_ledger(paths, ledger, cwd, new_docs, run_options)
    else:
        result = run_paths(paths, ledger=ledger, cwd=cwd, **run_options)
    result = with_reviews(result, review_map(reviews))
    outcome = decide(result.findings, new_docs, fail_on, reviews)
    if ledger is not None:
        with ledger.transaction():
            ledger.replace_findings(result.findings)
    return CheckResult(result, outcome)


def _against_ledger(paths: Sequence[str], ledger: Any, cwd: Path, new_docs: set[str], options: Mapping[str, Any]) -> RunResult:
    """The new files checked against the documents of the ledger, read from the ledger and not from disk: only those
    that share a metric key or a passage sketch with the new files (reconcile.relations), so that checking one page
    against an archive of thousands loads a handful; one alignment and one pass of the rules, focused on the new
    files for the kinds whose findings never leave a document."""
    from .align.vocab import load_vocabulary
    from .engine.grouping import Grouped
    from .ruleset import load_rules

    rule_opts = {k: options[k] for k in ("select", "ignore", "lang") if k in options}
    rules_dirs = options.get("rules_dirs")
    rules = load_rules(rules_dirs, severity=options.get("severity") or {}, **rule_opts)
    vocab = load_vocabulary(rules_dirs)
    extract_opts = {k: options[k] for k in ("encoding", "jobs", "stdin", "engine", "scheduler", "progress") if k in options}
    ex = extract_paths(paths, ledger=ledger, cwd=cwd, **extract_opts)
    pages, figures = list(ex.pages), list(ex.figures)
    have = {p.doc for p in pages}
    indexer = ledger.indexer
    if indexer is None:  # a ledger opened without one: every document, aligned from scratch
        candidates = [d for d in ledger.docs() if d not in have]
        loaded = ledger.load_many(candidates)
        for cached in (loaded[d] for d in candidates if d in loaded):
            pages.append(cached.page)
            figures.extend(_rebase(cached.figures, len(figures)))
        return run_pages(pages, figures, problems=ex.problems, rules_dirs=rules_dirs, rules=rules, timings=ex.timings, vocab=vocab, focus=frozenset(new_docs))
    # The new files' keys and key parts were stored with them (just now, or by an earlier check): read back rather
    # than computed again, which would load jieba for the metric phrases.
    keys: set[str] = set()
    parts: list[Any] = []
    for page in ex.pages:
        figs = [f for f in ex.figures if f.doc == page.doc]
        stored = ledger.index_of(page.doc)
        page_keys, data = stored if stored is not None else indexer.index(page, figs)
        keys |= page_keys
        parts.extend(indexer.key_parts(data, page, figs))
    # Only the documents that share a key with the new files, in the ledger's order; one stored by another version
    # of the code is not in `loaded` (it would have to be read again from disk), as if the ledger did not hold it.
    candidates = ledger.related(keys, exclude=have)
    loaded = ledger.load_many(candidates)
    for cached in (loaded[d] for d in candidates if d in loaded):
        pages.append(cached.page)
        figures.extend(_rebase(cached.figures, len(figures)))
        parts.extend(indexer.key_parts(cached.derived, cached.page, cached.figures))
    grouped = Grouped(tuple(parts))  # no sketches: the passage kinds make them for the pages they group
    return run_pages(pages, figures, problems=ex.problems, rules_dirs=rules_dirs, rules=rules, timings=ex.timings, vocab=vocab, grouped=grouped, focus=frozenset(new_docs))


def run_and_record(paths: Sequence[str], *, ledger: Any = None, reviews_path: Optional[Path] = None, **options: Any) -> RunResult:
    """`reconcile run`: the run, with editors' reviews attached and the findings kept in the ledger."""
    from .review import load_reviews, review_map

    reviews = load_reviews(reviews_path) if reviews_path else {}
    result = run_paths(paths, ledger=ledger, **options)
    result = with_reviews(result, review_map(reviews))
    if ledger is not None:
        with ledger.transaction():
            ledger.replace_findings(result.findings)
    return result


def open_ledger(path: Optional[Path], rules_dirs: Optional[Sequence[Path]] = None, on_wait: Any = None) -> Any:
    """The ledger at `path` for this code and these rules, or None when `path` is None (--no-db)."""
    if path is None:
        return None
    from .ledger import Ledger, code_version, files_version
    from .ruleset import rule_folders

    version = code_version() + "-" + files_version(rule_folders(rules_dirs))
    ledger = Ledger.open(Path(path), version, on_wait=on_wait)
    ledger.indexer = _keyer(rules_dirs)
    return ledger


def _keyer(rules_dirs: Optional[Sequence[Path]]) -> Any:
    """What indexes a stored document: the keys relating it to others and its figures' key parts (reconcile.relations)."""
    from .relations import Indexer, index_version

    def load() -> Any:
        from .align.vocab import load_vocabulary

        return load_vocabulary(rules_dirs)

    return Indexer(load, index_version())
