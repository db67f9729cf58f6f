"""`reconcile extract --format table`: the figures as a rich table, for reading in a terminal (headings in Chinese,
or English with lang="en")."""

from __future__ import annotations

from typing import Any, TextIO


def _fmt_value(v: Any) -> str:
    if v is None:
        return ""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.6g}"


def emit(result: Any, out: TextIO, lang: str = "zh", width: Any = None, color: Any = None, **_: Any) -> None:
    from rich.table import Table

    from ..locale import messages
    from .terminal import console_for

    msg = messages(lang)
    console = console_for(out, width, color)
    table = Table(show_lines=False, header_style="bold")
    for key in ("location", "text", "value", "unit", "approx", "kind", "metric", "entity", "period"):
        table.add_column(msg(f"figures.{key}"), overflow="fold")
    for f in result.figures:
        table.add_row(
            f"{f.doc}:{f.line}", f.text.replace("\n", "⏎"), _fmt_value(f.value), f.unit or "", f.approx or "",
            f.kind, f.metric or "", f.entity or "", f.period or "",
        )
    console.print(table)
    console.print(msg("figures.total", figures=len(result.figures), documents=len(result.pages)))
