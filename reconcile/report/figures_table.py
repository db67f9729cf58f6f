"""`reconcile extract --format table`: the figures as a rich table, for reading in a terminal."""

from __future__ import annotations

from typing import Any, TextIO


def _fmt_value(v: Any) -> str:
    if v is None:
        return ""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.6g}"


def emit(result: Any, out: TextIO, **_: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False, soft_wrap=False)
    table = Table(show_lines=False, header_style="bold")
    for col in ("doc:line", "text", "value", "unit", "approx", "kind", "metric", "entity", "period"):
        table.add_column(col, overflow="fold")
    for f in result.figures:
        table.add_row(
            f"{f.doc}:{f.line}", f.text.replace("\n", "⏎"), _fmt_value(f.value), f.unit or "", f.approx or "",
            f.kind, f.metric or "", f.entity or "", f.period or "",
        )
    console.print(table)
    console.print(f"{len(result.figures)} figures in {len(result.pages)} documents")
