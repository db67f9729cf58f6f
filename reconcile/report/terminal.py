"""`--format table`: the run for a reader in a terminal (rich).

A summary first, then the findings grouped by rule, each with its evidence quoted in context (the span
highlighted) and its place (document:line), the reviewed findings apart with their decision and reason, and the
aligned metrics as timelines. No colour when the output is not a terminal or NO_COLOR is set (rich honours
both); on a plain stream the highlighted span is bracketed instead, so that the quotation still shows it.
"""

from __future__ import annotations

import os
from typing import Any, Optional, Sequence, TextIO

from ..locale import Messages, messages
from ..models import Finding
from .computed import computed_lines
from .context import Contexts, Quote, flat
from .duplicates import duplicate_pairs
from .numbers import number
from .summary import Summary, split_reviewed, summarise
from .timelines import Timeline, build_timelines

MAX_EVIDENCE = 6  # evidence lines per finding; the HTML report shows all
MAX_QUOTE = 120  # characters of a long quoted span (a passage) shown, cut in the middle
MAX_TIMELINES = 30
PLAIN_WIDTH = 120
SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def console_for(out: TextIO, width: Optional[int] = None, color: Optional[bool] = None) -> Any:
    from rich.console import Console

    kw: dict[str, Any] = {"file": out, "highlight": False, "emoji": False, "markup": False}
    if width is not None:
        kw["width"] = width
    if color is not None:
        kw["force_terminal"] = color
        kw["no_color"] = not color or bool(os.environ.get("NO_COLOR"))
    console = Console(**kw)
    if not console.is_terminal and width is None and "COLUMNS" not in os.environ:
        console.width = PLAIN_WIDTH  # a file or a pipe: rich's 80 columns is 40 Chinese characters
    return console


class _Writer:
    def __init__(self, console: Any, msg: Messages, contexts: Contexts) -> None:
        from rich.text import Text

        self.c = console
        self.msg = msg
        self.ctx = contexts
        self.Text = Text
        self.plain = not console.is_terminal  # no styles reach the reader: bracket the highlighted span

    def text(self, *parts: Any) -> Any:
        text = self.Text()
        for p in parts:
            if isinstance(p, tuple):
                text.append(*p)
            elif isinstance(p, self.Text):
                text.append_text(p)
            else:
                text.append(str(p))
        return text

    def block(self, renderable: Any, indent: int) -> None:
        from rich.padding import Padding

        self.c.print(Padding(renderable, (0, 0, 0, indent), expand=False) if indent else renderable)

    def line(self, *parts: Any, indent: int = 0) -> None:
        self.block(self.text(*parts), indent)

    def hanging(self, prefix: Any, body: Any, indent: int = 0) -> None:
        """`prefix body`, the body's wrapped lines aligned under its first (Chinese text has no spaces to break at)."""
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(prefix, body)
        self.block(grid, indent)

    def heading(self, title: str) -> None:
        self.c.print()
        self.line((title, "bold underline"))

    # -- summary ---------------------------------------------------------------------------------------

    def summary(self, s: Summary, gate: Any) -> None:
        m = self.msg
        self.line((m("report.title"), "bold"))
        self.heading(m("summary.heading"))
        self.line(
            f"{m('summary.documents')} {s.documents} · {m('summary.figures')} {s.figures} · "
            f"{m('summary.metrics')} {s.metrics} ({m('summary.metrics_multi')} {s.metrics_multi}) · "
            f"{m('summary.figures_multi')} {s.figures_multi}",
            indent=2,
        )
        parts: list[Any] = [f"{m('summary.findings')} {s.findings}{m('punct.colon')}"]
        for i, sev in enumerate(("error", "warning", "info")):
            parts += [" · " if i else "", (f"{m('severity.' + sev)} {s.open_by_severity[sev]}", SEVERITY_STYLE[sev])]
        parts.append(f" · {m('summary.reviewed')} {s.reviewed}")
        self.line(*parts, indent=2)
        if s.skipped or s.warnings:
            self.line(f"{m('summary.problems')}: {m('summary.skipped')} {s.skipped} · {m('summary.warnings')} {s.warnings}", indent=2)
        if s.by_rule:
            from rich.table import Table

            t = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), pad_edge=False)
            t.add_column(m("summary.rule"), no_wrap=True)
            t.add_column(m("summary.name"), overflow="fold")
            t.add_column(m("finding.severity"), no_wrap=True)
            t.add_column(m("summary.open"), justify="right", no_wrap=True)
            t.add_column(m("summary.reviewed"), justify="right", no_wrap=True)
            for r in s.by_rule:
                t.add_row(r.code, r.name, self.Text(m("severity." + r.severity), SEVERITY_STYLE.get(r.severity, "")), str(r.open), str(r.reviewed))
            self.line((m("summary.by_rule"), "bold"), indent=2)
            self.block(t, 4)
        silent = ", ".join(c for c, _ in s.rules_silent) or m("report.none")  # names: `reconcile rules`
        self.hanging(self.text((m("summary.rules_silent") + m("punct.colon"), "bold")), silent, indent=2)
        if gate is not None:
            self.gate(gate)

    def gate(self, g: Any) -> None:
        m = self.msg
        verdict = m("gate.failed") if g.failed else m("gate.passed")
        c = m("punct.colon")
        self.line((m("gate.heading") + c, "bold"), (verdict, "bold red" if g.failed else "bold green"), indent=2)
        self.hanging(m("gate.new_docs") + c, ", ".join(g.new_docs) or m("report.none"), indent=4)
        self.line(f"{m('gate.involved')}{c}{len(g.involved)} · {m('gate.failing')}{c}{len(g.failing)} · {m('gate.fail_on')}{c}{m('severity.' + g.fail_on)}", indent=4)

    # -- findings --------------------------------------------------------------------------------------

    def role(self, role: Optional[str]) -> str:
        m = self.msg
        return m(f"role.{role}") if role and m.has(f"role.{role}") else (role or m("role.evidence"))

    def quote(self, q: Quote) -> Any:
        text = self.Text()
        if q.cut_before:
            text.append("…")
        for seg, k in q.segments:
            seg = flat(seg)
            if k < 0:
                text.append(seg)
                continue
            if len(seg) > MAX_QUOTE:
                half = MAX_QUOTE // 2
                seg = seg[:half] + " … " + seg[-half:]
            text.append("【" + seg + "】" if self.plain else seg, "" if self.plain else "bold reverse")
        if q.cut_after:
            text.append("…")
        return text

    def finding(self, f: Finding) -> None:
        m = self.msg
        c = m("punct.colon")
        self.hanging(self.text(("●", SEVERITY_STYLE.get(f.severity, ""))), f.message, indent=2)
        for q in self.ctx.quotes(f.evidence[:MAX_EVIDENCE]):
            roles = "/".join(dict.fromkeys(self.role(e.role) for e in q.evidence))
            lines = ",".join(dict.fromkeys(str(e.line) for e in q.evidence))
            self.line((f"{roles}  ", "dim"), (f"{q.doc}:{lines}", "cyan"), indent=4)
            self.block(self.quote(q), 6)
        if len(f.evidence) > MAX_EVIDENCE:
            self.line((m("report.more", n=len(f.evidence) - MAX_EVIDENCE), "dim"), indent=4)
        for pair in duplicate_pairs(f, self.ctx, whole=0):
            for side, sign in ((pair.left, "-"), (pair.right, "+")):
                if not any(k in ("d", "x") for _, k in side.segments):
                    continue
                body = self.Text()
                for seg, kind in side.segments:
                    if kind in ("d", "x"):
                        body.append(("【" + flat(seg) + "】") if self.plain else flat(seg), "bold reverse")
                    else:
                        body.append(flat(seg))
                self.line((f"{sign} ", "bold"), (f"{side.doc}:{side.line}", "cyan"), indent=4)
                self.block(body, 6)
        lines = computed_lines(f.computed, m)
        if lines:
            self.hanging(self.text((m("finding.computed") + c, "dim")), " · ".join(f"{k} {v}" for k, v in lines), indent=4)
        if f.review:
            r = f.review
            decision = m(f"decision.{r.get('decision')}") if m.has(f"decision.{r.get('decision')}") else str(r.get("decision", ""))
            who = ", ".join(str(x) for x in (r.get("by"), r.get("date")) if x)
            self.hanging(self.text((m("finding.review") + c + decision, "bold")), f"{r.get('reason', '')}" + (f" ({who})" if who else ""), indent=4)
        self.line((f"{m('finding.fingerprint')} {f.fingerprint}", "dim"), indent=4)

    def findings(self, findings: Sequence[Finding], title: str, summary: Summary) -> None:
        if not findings:
            return
        self.heading(f"{title} ({len(findings)})")
        groups: dict[str, list[Finding]] = {}
        for f in findings:
            groups.setdefault(f.rule, []).append(f)
        order = [r.code for r in summary.by_rule if r.code in groups] + [c for c in groups if c not in {r.code for r in summary.by_rule}]
        for code in order:
            fs = groups[code]
            sev = fs[0].severity
            self.c.print()
            self.line((f"{code} {fs[0].name}", "bold"), "  ", (self.msg("severity." + sev), SEVERITY_STYLE.get(sev, "")), f"  ({len(fs)})")
            for f in fs:
                self.finding(f)

    # -- timelines -------------------------------------------------------------------------------------

    def timelines(self, timelines: Sequence[Timeline]) -> None:
        m = self.msg
        multi = [t for t in timelines if t.sources > 1 or t.findings]
        self.heading(m("metrics.heading"))
        if not multi:
            self.line(m("metrics.none"), indent=2)
            return
        shown = multi[:MAX_TIMELINES]
        for t in shown:
            met = t.metric
            head = " · ".join(x for x in (met.metric, met.entity or "", met.unit or "") if x)
            extra = f"  ({m('metrics.sources')} {t.sources}, {m('metrics.points')} {len(t.points)}"
            extra += f", {m('metrics.findings')} {t.findings})" if t.findings else ")"
            self.line((head, "bold"), (extra, "dim"), indent=2)
            by_period: dict[Optional[str], list[Any]] = {}
            for p in t.points:
                by_period.setdefault(p.period, []).append(p)
            for period, pts in by_period.items():
                values = list(dict.fromkeys(_value(p, m.lang) for p in pts))
                sources = _sources(pts)
                conflict = len(values) > 1
                self.hanging(self.text(f"{period or '?':<10}", (" / ".join(values), "bold red" if conflict else "bold")), self.text((sources, "cyan")), indent=4)
            for c in t.claims:
                implied = "—" if c.implied_low is None else f"{c.implied_low:.2%} – {c.implied_high:.2%}"
                self.line((f"{m('metrics.stated')} {c.stated:.2%} ({c.period}) · {m('metrics.implied')} {implied}  ", "dim"), (f"{c.doc}:{c.line}", "cyan"), indent=14)
        if len(multi) > len(shown):
            self.line((m("metrics.more_in_cli", n=len(multi) - len(shown)), "dim"), indent=2)


def _sources(pts: Sequence[Any]) -> str:
    """doc:line,line for each document, in the order of the points."""
    lines: dict[str, list[str]] = {}
    for p in pts:
        lines.setdefault(p.doc, [])
        if str(p.line) not in lines[p.doc]:
            lines[p.doc].append(str(p.line))
    return ", ".join(f"{d}:{','.join(ls)}" for d, ls in lines.items())


def _value(p: Any, lang: str) -> str:
    mark = {"about": "≈", "over": ">", "at_least": "≥", "under": "<", "at_most": "≤"}.get(p.approx or "", "")
    if p.approx == "range" and p.low is not None and p.high is not None:
        return f"{number(p.low, lang)}–{number(p.high, lang)}"
    return mark + number(p.value, lang)


def emit(result: Any, out: TextIO, lang: str = "zh", gate: Any = None, width: Optional[int] = None, color: Optional[bool] = None,
         findings_only: bool = False, **_: Any) -> None:
    msg = messages(lang)
    console = console_for(out, width, color)
    w = _Writer(console, msg, Contexts(result.pages))
    summary = summarise(result)
    w.summary(summary, gate)
    open_, reviewed = split_reviewed(result.findings)
    if not result.findings:
        w.c.print()
        w.line(msg("report.no_findings"), indent=2)
    w.findings(open_, msg("finding.heading"), summary)
    w.findings(reviewed, msg("finding.reviewed_heading"), summary)
    if result.metrics and not findings_only:  # the gate's report is its findings; timelines belong to `run`
        w.timelines(build_timelines(result))
