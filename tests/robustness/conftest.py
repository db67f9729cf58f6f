"""End-to-end helpers: the real command line run as a subprocess, and checks of what it prints.

Every test here runs `python -m reconcile.cli ...` in a temporary working directory (no configuration, so the
defaults apply) and checks the exit code, that standard error holds one line per problem naming the file (what went
wrong; what to do), that no traceback is ever printed, and that the report of the other files is complete.
Faults that cannot be produced for real (a permission error while running as root, a file vanishing mid-run, a
kill at an exact moment) are injected by faults/sitecustomize.py, which this module puts on PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
FAULTS = Path(__file__).resolve().parent / "faults"

# The body of the one line printed for a document: "skipped: DOC: what; what to do" (or "warning: ...").
PROBLEM_LINE = re.compile(r"^(?P<level>skipped|warning): (?P<doc>.+?): (?P<what>[^;]+(?:;[^;]+)*?); (?P<fix>[^;]+)$")

TEXT = "本报讯（记者 安娜）今年1—5月，呼和浩特市技术合同成交额27.41亿元，同比增长16%。\n\n全市国家高新技术企业达到609家。\n"
TRADITIONAL = "本報訊 今年1—5月，呼和浩特市技術合同成交額27.41億元，同比增長16%。\n\n全市國家高新技術企業達到609家。\n"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """Standard error, one entry per non-empty line."""
        return [ln for ln in self.err.splitlines() if ln.strip()]

    def lines_about(self, doc: str) -> list[str]:
        return [ln for ln in self.lines if doc in ln]

    def json(self) -> Any:
        return json.loads(self.out)

    def jsonl(self) -> list[dict[str, Any]]:
        return [json.loads(ln) for ln in self.out.splitlines() if ln.strip()]


def reconcile(
    *args: str,
    cwd: Path,
    stdin: bytes = b"",
    faults: Optional[Mapping[str, str]] = None,
    timeout: float = 600,
) -> Result:
    """Run the command line to completion."""
    proc = subprocess.run(
        [sys.executable, "-m", "reconcile.cli", *args],
        cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=environment(faults),
    )
    res = Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    assert_no_traceback(res)
    return res


def start(*args: str, cwd: Path, faults: Optional[Mapping[str, str]] = None) -> subprocess.Popen[bytes]:
    """Start the command line without waiting (for the tests that kill it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "reconcile.cli", *args],
        cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(faults),
    )


def environment(faults: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECONCILE_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(FAULTS)])
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(faults or {})
    return env


def assert_no_traceback(res: Result) -> None:
    assert "Traceback" not in res.err and "Traceback" not in res.out, res.err[-3000:]


def assert_problem_lines(res: Result, docs: Sequence[str], level: str = "skipped") -> None:
    """Exactly one line for each document, of the form `level: doc: what; what to do`."""
    for doc in docs:
        about = [ln for ln in res.lines if ln.startswith(f"{level}: {doc}: ")]
        assert len(about) == 1, f"expected one '{level}' line for {doc!r}, got {about} in:\n{res.err}"
        m = PROBLEM_LINE.match(about[0])
        assert m and m["what"].strip() and m["fix"].strip(), f"not 'doc: what; fix': {about[0]!r}"


def assert_config_line(res: Result, file: str) -> str:
    """A configuration error: exit 2, nothing on standard output, one line `reconcile: ...file:line: what`."""
    assert res.code == 2, (res.code, res.err)
    assert res.out == "", "no report when the configuration is refused"
    assert len(res.lines) == 1, res.err
    line = res.lines[0]
    assert re.search(re.escape(file) + r":\d+: \S", line), f"expected '{file}:LINE: what', got {line!r}"
    return line


def figures_by_doc(records: Sequence[Mapping[str, Any]]) -> dict[str, list[tuple[str, Any, int, int]]]:
    out: dict[str, list[tuple[str, Any, int, int]]] = {}
    for r in records:
        out.setdefault(r["doc"], []).append((r["text"], r["value"], r["start"], r["end"]))
    return out
