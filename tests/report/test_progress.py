"""The progress bar: silent off a terminal and on quick runs; shown on a terminal once a run takes long."""

from __future__ import annotations

import io

from reconcile.report.progress import DelayedProgress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal():
    out = io.StringIO()
    with DelayedProgress(stream=out, delay=0) as p:
        for i in range(1, 4):
            p(i, 3)
    assert out.getvalue() == ""


def test_silent_for_a_quick_run_on_a_terminal():
    out = _Tty()
    with DelayedProgress(stream=out, delay=60) as p:
        for i in range(1, 4):
            p(i, 3)
    assert out.getvalue() == ""


def test_shown_on_a_terminal_once_the_delay_has_passed():
    out = _Tty()
    with DelayedProgress(stream=out, delay=0) as p:
        p(1, 3)
        p(2, 3)
    assert "2/3" in out.getvalue()
