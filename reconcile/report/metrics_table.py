"""`reconcile metrics PATH...`: every aligned metric with its reports and their sources, for a terminal."""

from __future__ import annotations

from typing import Any, Optional, TextIO

from ..locale import messages
from .numbers import number
from .terminal import console_for
from .timelines import build_timelines


def emit(result: Any, out: TextIO, lang: str = "zh", width: Optional[int] = None, color: Optional[bool] = None, multi_only: bool = False, **_: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    msg = messages(lang)
    console = console_for(out, width, color)
    timelines = [t for t in build_timelines(result) if not multi_only or t.sources > 1]
    if not timelines:
        console.print(msg("metrics.none"))
        return
    table = Table(show_lines=True, header_style="bold")
    table.add_column(msg("metrics.metric"), overflow="fold", ratio=2)
    table.add_column(msg("metrics.unit"), no_wrap=True)
    table.add_column(msg("metrics.sources"), justify="right", no_wrap=True)
    table.add_column(f"{msg('metrics.periods')} · {msg('metrics.values')} · {msg('documents.name')}", overflow="fold", ratio=3)
    for t in timelines:
        m = t.metric
        head = Text(m.metric, "bold")
        if m.entity:
            head.append(f"\n{m.entity}", "dim")
        lines = Text()
        for k, p in enumerate(t.points):
            if k:
                lines.append("\n")
            approx = {"about": "≈", "over": ">", "at_least": "≥", "under": "<", "at_most": "≤"}.get(p.approx or "", "")
            lines.append(f"{p.period or '?'}  ")
            lines.append(approx + number(p.value, lang), "bold")
            lines.append(f"  {p.doc}:{p.line}", "cyan")
        table.add_row(head, m.unit or "", f"{t.sources}/{len(t.points)}", lines)
    console.print(table)
    console.print(f"{msg('summary.metrics')} {len(timelines)}")
