"""`--format jsonl`: one figure per line, as `reconcile extract` prints them."""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any, TextIO

from .records import figure_record


def emit(result: Any, out: TextIO, **_: Any) -> None:
    metric_ids = getattr(result, "figure_metric", None)  # a run's (parallel to its figures); none for `extract`
    with_ids = metric_ids is not None
    for fig, mid in zip(result.figures, metric_ids if with_ids else repeat(None)):
        out.write(json.dumps(figure_record(fig, mid, with_metric_id=with_ids), ensure_ascii=False))
        out.write("\n")
