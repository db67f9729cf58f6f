"""The command line: parses options and calls reconcile.api. No pipeline logic lives here.

Imports are deferred into the commands so that `reconcile --help` loads neither pandas, jieba nor
great-expectations.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

import click

from . import __version__
from .errors import EXIT_USAGE, ReconcileError

RUN_FORMATS = ["table", "json", "jsonl", "csv", "sarif", "junit", "github"]
EXTRACT_FORMATS = ["jsonl", "csv", "table", "json"]


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"reconcile: {message}", err=True)
    sys.exit(code)


def _print_problems(problems: Any) -> None:
    for p in problems:
        click.echo(("warning: " if not p.fatal else "skipped: ") + p.line(), err=True)


def _write(fmt: str, result: Any, output: Optional[str], **options: Any) -> None:
    from .report import emit
    from .report.atomic import atomic_text_writer

    if output:
        with atomic_text_writer(Path(output)) as out:
            emit(fmt, result, out, **options)
    else:
        emit(fmt, result, sys.stdout, **options)
        sys.stdout.flush()


def _available(fmt: str) -> bool:
    from .report import EMITTERS

    return fmt in EMITTERS


def _codec(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """--encoding checked once, as a usage error, rather than once per document as a skipped file."""
    if value is not None:
        import codecs

        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}; give a Python codec name such as utf-8, gb18030 or big5") from None
    return value


common_inputs = [
    click.argument("paths", nargs=-1, required=True),
    click.option("--encoding", default=None, callback=_codec, help="Force an input encoding (e.g. gb18030, big5, utf-16) instead of detecting it."),
]


def _apply(options: list) -> Any:
    def deco(f: Any) -> Any:
        for o in reversed(options):
            f = o(f)
        return f

    return deco


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="reconcile")
def cli() -> None:
    """Find figures that contradict each other across Chinese news and official texts.

    \b
    reconcile extract PATH...   every figure, with its exact span of text
    reconcile run PATH...       align figures across documents and run the rules
    reconcile rules             the rules; `reconcile explain CODE` for one
    """


@cli.command()
@_apply(common_inputs)
@click.option("--format", "fmt", type=click.Choice(EXTRACT_FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", default=None, help="Write to FILE (atomically) instead of standard output.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (0: all cores, used only for large inputs).")
def extract(paths: tuple[str, ...], encoding: Optional[str], fmt: str, output: Optional[str], jobs: int) -> None:
    """Print every figure found in PATH... (files, folders, or - for standard input)."""
    from . import api

    result = api.extract_paths(list(paths), encoding=encoding, jobs=jobs, stdin=sys.stdin.buffer)
    _print_problems(result.problems)
    _write("figures-table" if fmt == "table" else fmt, result, output)
    sys.exit(result.exit_code)


def _config(**overrides: Any) -> Any:
    from .config import load_config

    return load_config(Path.cwd(), overrides)


def _ledger(cfg: Any, db: Optional[str], no_db: bool) -> Any:
    from . import api

    if no_db or cfg.no_db:
        return None
    path = Path(db) if db else cfg.db
    return api.open_ledger(path, list(cfg.rules) or None, on_wait=lambda msg: click.echo(msg, err=True))


rule_options = [
    click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="A folder of project rules (extends or overrides the shipped ones). Repeatable."),
    click.option("--select", multiple=True, help="Only these rule codes or prefixes (RC1, RC201). Repeatable."),
    click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes. Repeatable."),
    click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of messages and reports (default zh)."),
    click.option("--db", default=None, help="The ledger file (default reports/reconcile.db)."),
    click.option("--no-db", is_flag=True, help="Run without a ledger."),
    click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores, used only for large inputs)."),
    click.option("--encoding", default=None, callback=_codec, help="Force an input encoding (gb18030, big5, utf-16 ...) instead of detecting it."),
    click.option("--engine", type=click.Choice(["local", "dask"]), default=None, help="Where documents are read and extracted: this machine's cores (local, default) or Dask."),
    click.option("--scheduler", default=None, metavar="ADDR", help="With --engine dask: an existing Dask scheduler (tcp://HOST:PORT); default: a LocalCluster here."),
]


def _run_options(cfg: Any, encoding: Optional[str], scheduler: Optional[str] = None) -> dict[str, Any]:
    return dict(
        rules_dirs=list(cfg.rules) or None, select=cfg.select, ignore=cfg.ignore, severity=cfg.severity,
        lang=cfg.lang, encoding=encoding, jobs=cfg.jobs if cfg.jobs is not None else 0,
        engine="dask" if scheduler else cfg.engine, scheduler=scheduler,
    )


@cli.command()
@click.argument("paths", nargs=-1)
@_apply(rule_options)
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="table", show_default=True)
@click.option("--output", "-o", default=None, help="Write the report to FILE (atomically).")
@click.option("--html", "html", default=None, help="Also write a self-contained HTML report to FILE.")
@click.option("--findings-only", is_flag=True, help="Leave figures and metrics out of JSON output.")
def run(paths: tuple[str, ...], rules_dirs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], lang: Optional[str], db: Optional[str], no_db: bool, jobs: Optional[int], encoding: Optional[str], engine: Optional[str], scheduler: Optional[str], fmt: str, output: Optional[str], html: Optional[str], findings_only: bool) -> None:
    """Extract, align and check PATH... (default: the configured paths); exit 0 when the run completed."""
    from . import api

    cfg = _config(paths=list(paths), rules=list(rules_dirs), select=list(select), ignore=list(ignore), lang=lang, jobs=jobs, engine=engine)
    if not _available(fmt):
        _fail(f"--format {fmt} is not available in this version")
    targets = [str(p) for p in paths] or [str(p) for p in cfg.paths]
    if not targets:
        _fail("no input: give PATH... or set paths in reconcile.toml / [tool.reconcile]")
    from .report.progress import DelayedProgress

    ledger = _ledger(cfg, db, no_db)
    try:
        with DelayedProgress(cfg.lang) as progress:
            result = api.run_and_record(targets, ledger=ledger, reviews_path=cfg.reviews, stdin=sys.stdin.buffer, progress=progress, **_run_options(cfg, encoding, scheduler))
    finally:
        if ledger is not None:
            ledger.close()
    _print_problems(result.problems)
    _write(fmt, result, output, lang=cfg.lang, findings_only=findings_only)
    if html:
        _write("html", result, html, lang=cfg.lang)
        click.echo(f"HTML report: {html}", err=True)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("paths", nargs=-1)
@_apply(rule_options)
@click.option("--since", default=None, help="Check the article files added or changed since this git revision (under PATH...).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="The lowest severity that fails the gate (default error).")
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="table", show_default=True)
@click.option("--output", "-o", default=None, help="Write the report to FILE (atomically).")
@click.option("--html", "html", default=None, help="Also write the HTML report of the gate's findings to FILE.")
def check(paths: tuple[str, ...], rules_dirs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], lang: Optional[str], db: Optional[str], no_db: bool, jobs: Optional[int], encoding: Optional[str], engine: Optional[str], scheduler: Optional[str], since: Optional[str], fail_on: Optional[str], fmt: str, output: Optional[str], html: Optional[str]) -> None:
    """The CI gate: fail (exit 1) on unreviewed findings that involve new or changed files.

    \b
    reconcile check --since origin/main seeds/   files changed since a revision, against all of seeds/
    reconcile check new-page.txt                 named files, against the configured paths (or the ledger)
    """
    import dataclasses

    from . import api
    from .gate import new_docs_in

    cfg = _config(rules=list(rules_dirs), select=list(select), ignore=list(ignore), lang=lang, jobs=jobs, engine=engine, fail_on=fail_on)
    if since:
        corpus, new = [str(p) for p in paths] or [str(p) for p in cfg.paths] or ["."], []
    else:
        corpus, new = [str(p) for p in cfg.paths], [str(p) for p in paths]
        if not new:
            _fail("name the new files to check, or give --since GIT_REV")
    from .report.progress import DelayedProgress

    ledger = _ledger(cfg, db, no_db)
    try:
        with DelayedProgress(cfg.lang) as progress:
            res = api.check_paths(corpus, new_files=new, since=since, fail_on=cfg.fail_on, reviews_path=cfg.reviews, ledger=ledger, progress=progress, **_run_options(cfg, encoding, scheduler))
    finally:
        if ledger is not None:
            ledger.close()
    _print_problems(res.run.problems)
    shown = dataclasses.replace(res.run, findings=res.outcome.involved)
    # The gate's report is about its findings: the figures and metrics of every related document stay out of it.
    _write(fmt, shown, output, lang=cfg.lang, gate=res.outcome, findings_only=True)
    if html:
        _write("html", shown, html, lang=cfg.lang, gate=res.outcome)
        click.echo(f"HTML report: {html}", err=True)
    for f in res.outcome.failing:
        click.echo(f"FAIL {f.rule} {f.fingerprint} ({', '.join(new_docs_in(f, res.outcome.new_docs))}): {f.message}", err=True)
    n_new = len(res.outcome.new_docs)
    verdict = "failed" if res.outcome.failed else "passed"
    click.echo(f"gate {verdict}: {len(res.outcome.failing)} failing finding(s) at or above {res.outcome.fail_on} in {n_new} new or changed file(s)", err=True)
    sys.exit(res.exit_code)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="A folder of project rules (its vocab/ names and aligns metrics). Repeatable.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of the listing (default zh).")
@click.option("--all", "show_all", is_flag=True, help="Also the metrics reported by one document only.")
@click.option("--encoding", default=None, callback=_codec, help="Force an input encoding instead of detecting it.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores, used only for large inputs).")
def metrics(paths: tuple[str, ...], rules_dirs: tuple[str, ...], lang: Optional[str], show_all: bool, encoding: Optional[str], jobs: Optional[int]) -> None:
    """List the metrics aligned across PATH... with every report: period, value, document:line."""
    from . import api

    cfg = _config(paths=list(paths), rules=list(rules_dirs), lang=lang, jobs=jobs)
    targets = [str(p) for p in paths] or [str(p) for p in cfg.paths]
    if not targets:
        _fail("no input: give PATH... or set paths in reconcile.toml / [tool.reconcile]")
    ex = api.extract_paths(targets, encoding=encoding, jobs=cfg.jobs if cfg.jobs is not None else 0, stdin=sys.stdin.buffer)
    result = api.run_pages(ex.pages, ex.figures, problems=ex.problems, rules_dirs=list(cfg.rules) or None, rules=[])
    _print_problems(result.problems)
    _write("metrics", result, None, lang=cfg.lang, multi_only=not show_all)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("fingerprint", required=False)
@click.option("--confirm", "decision", flag_value="confirm", help="A real error, acknowledged and being corrected.")
@click.option("--dismiss", "decision", flag_value="dismiss", help="Not an error.")
@click.option("--reason", required=True, help="Why: the source checked, the revision, the scope.")
@click.option("--by", default=None, help="Who decided (default: git user.name).")
@click.option("--all", "all_findings", is_flag=True, help="Every finding of the last run (adopting the tool: --all --dismiss --reason baseline).")
@click.option("--db", default=None, help="The ledger holding the last run's findings.")
def review(fingerprint: Optional[str], decision: Optional[str], reason: str, by: Optional[str], all_findings: bool, db: Optional[str]) -> None:
    """Record an editor's decision on a finding (by fingerprint) in the review file."""
    from . import api
    from .review import append_reviews, make_reviews, reviewer_name

    if decision is None:
        _fail("say --confirm or --dismiss")
    if bool(fingerprint) == all_findings:
        _fail("give one FINGERPRINT, or --all")
    cfg = _config()
    if not reason.strip():
        _fail("--reason must say why")
    ledger = _ledger(cfg, db, False)
    try:
        if all_findings:
            findings = ledger.findings() if ledger else []
            if not findings:
                result = api.run_and_record([str(p) for p in cfg.paths] or ["."], ledger=ledger, reviews_path=None, **_run_options(cfg, None))
                findings = [f.to_json() for f in result.findings]
        else:
            found = ledger.finding(fingerprint) if ledger else None
            if found is None:
                _fail(f"no finding {fingerprint} in the last run's ledger; run `reconcile run` first, or check the fingerprint")
            findings = [found]
    finally:
        if ledger is not None:
            ledger.close()
    entries = make_reviews(findings, decision, reason.strip(), reviewer_name(by))
    append_reviews(cfg.reviews, entries)
    click.echo(f"recorded {len(entries)} decision(s) ({decision}) in {cfg.reviews}", err=True)


@cli.command("rules")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rules_cmd(rules_dirs: tuple[str, ...], lang: str) -> None:
    """List the rules: code, severity, kind, name."""
    from .ruleset import load_rules

    for r in load_rules([Path(d) for d in rules_dirs] or None, lang=lang):
        click.echo(f"{r.code}  {r.severity:<7}  {r.kind:<15}  {r.name}")


@cli.command()
@click.argument("code")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def explain(code: str, rules_dirs: tuple[str, ...], lang: str) -> None:
    """Print one rule's documentation."""
    from .ruleset import load_rules

    rules = {r.code: r for r in load_rules([Path(d) for d in rules_dirs] or None, lang=lang)}
    rule = rules.get(code.upper())
    if rule is None:
        _fail(f"no rule {code}; `reconcile rules` lists them")
    heads = {"zh": ("作用", "为何重要", "示例", "如何处理"), "en": ("What it does", "Why it matters", "Example", "What to do")}[lang]
    click.echo(f"{rule.code} {rule.name} ({rule.kind}, {rule.severity})\n")
    for head, body in zip(heads, (rule.docs.what, rule.docs.why, rule.docs.example, rule.docs.fix)):
        click.echo(f"## {head}\n{body.strip()}\n")


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: one line and an exit code for every error, never a traceback (RECONCILE_DEBUG=1 shows it)."""
    from .heap import fix_mmap_threshold

    fix_mmap_threshold()  # the process is ours: a long run's freed arrays go back to the system (reconcile/heap.py)
    try:
        cli.main(args=argv, prog_name="reconcile", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.UsageError as exc:  # one line, like every other error: the message and where to look
        where = exc.ctx.command_path if exc.ctx is not None else "reconcile"
        _fail(f"{exc.format_message().rstrip('.')}; see `{where} --help`", EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if exc.exit_code in (1, 2) else exc.exit_code)
    except ReconcileError as exc:
        _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except SystemExit:
        raise
    except Exception as exc:  # the last guard: a bug gets one line, not a traceback
        if os.environ.get("RECONCILE_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with RECONCILE_DEBUG=1 and report it", EXIT_USAGE)
    sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
