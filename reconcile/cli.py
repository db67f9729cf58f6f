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


common_inputs = [
    click.argument("paths", nargs=-1, required=True),
    click.option("--encoding", default=None, help="Force an input encoding (e.g. gb18030, big5, utf-16) instead of detecting it."),
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


@cli.command()
@_apply(common_inputs)
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="A folder of project rules (extends or overrides the shipped ones). Repeatable.")
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (RC1, RC201). Repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="table", show_default=True)
@click.option("--output", "-o", default=None, help="Write the report to FILE (atomically).")
@click.option("--html", "html", default=None, help="Also write a self-contained HTML report to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--findings-only", is_flag=True, help="Leave figures and metrics out of JSON output.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (0: all cores, used only for large inputs).")
def run(paths: tuple[str, ...], encoding: Optional[str], rules_dirs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], fmt: str, output: Optional[str], html: Optional[str], lang: str, findings_only: bool, jobs: int) -> None:
    """Extract, align and check PATH...; exit 0 when the run completed, whatever it found."""
    from . import api

    if not _available(fmt):
        _fail(f"--format {fmt} is not available in this version; choose one of json, jsonl, csv")
    result = api.run_paths(
        list(paths), rules_dirs=[Path(d) for d in rules_dirs] or None, select=select, ignore=ignore, lang=lang,
        encoding=encoding, jobs=jobs, stdin=sys.stdin.buffer,
    )
    _print_problems(result.problems)
    _write(fmt, result, output, lang=lang, findings_only=findings_only)
    if html:
        _write("html", result, html, lang=lang)
        click.echo(f"HTML report: {html}", err=True)
    sys.exit(result.exit_code)


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
    try:
        cli.main(args=argv, prog_name="reconcile", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("interrupted", 130)
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
