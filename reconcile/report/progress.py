"""A progress bar on standard error for long runs: shown only on a terminal, and only once the run has taken
`delay` seconds, so that quick runs and piped or CI output stay clean.

It is the `progress(done, total)` callable `reconcile.api.run_paths` and `extract_paths` accept.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Optional, TextIO

DELAY = 2.0  # seconds before a bar appears


class DelayedProgress:
    def __init__(self, lang: str = "zh", stream: Optional[TextIO] = None, delay: float = DELAY, force: Optional[bool] = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = force if force is not None else bool(isatty and isatty())
        self.delay = delay
        self.lang = lang
        self.t0 = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.t0 < self.delay or done >= total:
                return
            self._start(total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            from ..locale import messages

            self._bar.update(self._task, description=messages(self.lang)("progress.checking"))

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from ..locale import messages

        console = Console(file=self.stream, force_terminal=self.enabled)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)
        self._bar.start()
        self._task = self._bar.add_task(messages(self.lang)("progress.reading"), total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> "DelayedProgress":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
