"""`--format jsonl`: one figure per line, as `reconcile extract` prints them."""

from __future__ import annotations

import json
from typing import Any, TextIO

from .records import figure_record


def emit(result: Any, out: TextIO, **_: Any) -> None:
    metric_ids = getattr(result, "figure_metric", None)
    for i, fig in enumerate(result.figures):
        rec = figure_record(fig, metric_ids[i] if metric_ids else None, with_metric_id=metric_ids is not None)
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")
