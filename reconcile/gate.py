"""The CI gate: which files are new, and which findings fail the check.

A finding fails the gate when it involves at least one new or changed file, is not reviewed, and is at or above
the fail level. Old findings that editors have not reviewed yet do not fail a pull request that did not touch
them: the gate answers "does this change contradict what was already accepted?".
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

from .errors import UsageError
from .models import SEVERITY_ORDER, Finding

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class GateOutcome:
    new_docs: tuple[str, ...]
    involved: tuple[Finding, ...]  # findings that involve a new or changed file
    failing: tuple[Finding, ...]  # of those: not reviewed and at or above the fail level
    fail_on: str

    @property
    def failed(self) -> bool:
        return bool(self.failing)


def _git(args: Sequence[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise UsageError("--since needs git, which is not installed", fix="install git or name the new files instead")
    except subprocess.TimeoutExpired:
        raise UsageError("git did not answer within 60 s", fix="name the new files instead of --since")
    if proc.returncode != 0:
        msg = (proc.stderr.strip().splitlines() or ["git failed"])[-1]
        raise UsageError(f"git {' '.join(args[:2])}: {msg}", fix="check --since (a commit, branch or tag) and that this is a git repository")
    return proc.stdout


def changed_since(rev: str, paths: Sequence[Path], cwd: Path) -> list[Path]:
    """Article files added, copied, modified or renamed since `rev` (committed or not), and untracked ones."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except UsageError:
        raise UsageError(f"--since {rev}: no such commit, branch or tag", fix="fetch it first (CI: checkout with fetch-depth 0) or name the new files instead")
    spec = [str(Path(p).resolve()) for p in paths] or [str(cwd.resolve())]
    out = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", rev, "--", *spec], cwd)
    out += _git(["ls-files", "--others", "--exclude-standard", "-z", "--", *spec], cwd)
    files = []
    for name in sorted(set(filter(None, out.split("\0")))):
        p = top / name
        if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file():
            files.append(p)
    return files


def decide(findings: Iterable[Finding], new_docs: Iterable[str], fail_on: str, reviewed: Mapping[str, object]) -> GateOutcome:
    new = tuple(sorted(set(new_docs)))
    new_set = set(new)
    limit = SEVERITY_ORDER[fail_on]
    involved = tuple(f for f in findings if any(e.doc in new_set for e in f.evidence))
    failing = tuple(f for f in involved if f.fingerprint not in reviewed and f.review is None and SEVERITY_ORDER[f.severity] <= limit)
    return GateOutcome(new, involved, failing, fail_on)


def new_docs_in(finding: Finding, new_docs: Iterable[str]) -> list[str]:
    s = set(new_docs)
    return sorted({e.doc for e in finding.evidence if e.doc in s})


def validate_fail_on(level: Optional[str]) -> str:
    level = level or "error"
    if level not in SEVERITY_ORDER:
        raise UsageError(f"--fail-on {level}: expected error, warning or info")
    return level
