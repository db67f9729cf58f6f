"""User-facing errors: one line (file, what, what to do) and a distinct exit code.

Exit codes: 0 completed, 1 gate failed, 2 usage or configuration error, 3 some inputs unreadable. When several
apply, the first of 2, 1, 3 wins (see `combine`).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3

_PRIORITY = (EXIT_USAGE, EXIT_GATE, EXIT_UNREADABLE)


class ReconcileError(Exception):
    """An error the user can fix; `str(err)` is the one line shown."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, fix: str | None = None):
        self.file = file
        self.line = line
        self.fix = fix
        self.what = message
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        text = where + message
        if fix:
            text += f"; {fix}"
        super().__init__(text)


class UsageError(ReconcileError):
    """Bad command-line usage: a missing path, an unknown option value."""


class ConfigError(ReconcileError):
    """A rule file, vocabulary, configuration or review file that cannot be used."""


def combine(*codes: int) -> int:
    """The exit code of a run where several outcomes apply: the first of 2, 1, 3; else 0."""
    present = set(codes)
    for c in _PRIORITY:
        if c in present:
            return c
    return EXIT_OK
