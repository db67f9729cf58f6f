"""`--format csv`: the figures as a table (growth flattened into columns), for spreadsheets and pandas."""

from __future__ import annotations

import csv
from itertools import repeat
from typing import Any, TextIO

from .records import FIGURE_COLUMNS, figure_record

_GROWTH = ("growth_rate", "growth_basis", "growth_base_period", "growth_of")


def emit(result: Any, out: TextIO, **_: Any) -> None:
    metric_ids = getattr(result, "figure_metric", None)
    with_ids = bool(metric_ids)  # an empty run's table has no metric_id column, as it always had
    cols = [c for c in FIGURE_COLUMNS if c != "growth"] + list(_GROWTH) + (["metric_id"] if with_ids else [])
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for fig, mid in zip(result.figures, metric_ids if with_ids else repeat(None)):
        rec = figure_record(fig)
        g = rec.pop("growth") or {}
        rec.update({"growth_rate": g.get("rate"), "growth_basis": g.get("basis"), "growth_base_period": g.get("base_period"), "growth_of": g.get("of")})
        if with_ids:
            rec["metric_id"] = mid
        w.writerow(["" if rec.get(c) is None else rec.get(c) for c in cols])
