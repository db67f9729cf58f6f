"""growth-range: growth claims outside a plausible band, declared as great-expectations expectations.

Each growth claim becomes a row of a small table, with its rate annualised over the years it spans
(较2020年增长332% in 2025 is five years: about +34% a year; 较上年增长175.93% is one year). A rule declares
expectations over that table, evaluated by great-expectations (pandas data source, ephemeral context, no
progress bars, no analytics); every row an expectation rejects is a finding. Any other column-map expectation
over the table can be declared the same way.

Columns: row, rate, annual_rate, years, basis, unit, family (the kind of the figure the claim qualifies: count,
amount, percent ... or "unknown"), nature, modality, metric, entity, doc.

great-expectations and pandas are imported only when a rule of this kind runs.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import periods
from ..errors import ConfigError
from ..models import Figure, Finding
from .base import CheckKind, Rule, RunContext, evidence_of_figure

COLUMNS = ("row", "rate", "annual_rate", "years", "basis", "unit", "family", "nature", "modality", "metric", "entity", "doc")


class ExpectationSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expectation: str = Field(description="A great-expectations expectation, snake_case: expect_column_values_to_be_between.")
    kwargs: dict[str, Any] = Field(default_factory=dict, description="Its arguments: column, min_value, max_value, mostly ...")
    where: dict[str, Any] = Field(default_factory=dict, description="Only rows whose columns equal these values (AND); a great-expectations row condition.")

    @field_validator("expectation")
    @classmethod
    def _snake(cls, v: str) -> str:
        if not re.fullmatch(r"expect_[a-z0-9_]+", v):
            raise ValueError("must be a great-expectations expectation name such as expect_column_values_to_be_between")
        return v


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expectations: list[ExpectationSpec] = Field(min_length=1)
    bases: list[str] = Field(default_factory=lambda: ["yoy", "since", "mom"])


def annual_rate(rate: float, years: Optional[float]) -> Optional[float]:
    """The constant yearly rate that compounds to `rate` over `years` (None when it cannot be known)."""
    if years is None or years <= 0 or rate <= -1:
        return None
    if years < 1:
        return rate  # a rate over part of a year is not made larger by annualising it
    return (1 + rate) ** (1 / years) - 1


def claim_years(claim: Figure, qualified: Optional[Figure]) -> Optional[float]:
    g = claim.growth
    assert g is not None
    if g.basis == "yoy":
        return 1.0
    if g.basis == "mom":
        return 1 / 12
    current = (qualified.period if qualified else None) or claim.period
    return periods.years_between(g.base_period, current)


def claims_table(ctx: RunContext, bases: list[str]) -> list[dict[str, Any]]:
    rows = []
    for i, f in enumerate(ctx.figures):
        g = f.growth
        if g is None or g.difference or g.basis not in bases or not ctx.in_focus(f.doc):
            continue
        q = ctx.figures[g.of] if g.of is not None and 0 <= g.of < len(ctx.figures) else None
        years = claim_years(f, q)
        rows.append({
            "row": i, "rate": g.rate, "annual_rate": annual_rate(g.rate, years), "years": years, "basis": g.basis,
            "unit": f.unit, "family": q.kind if q else "unknown", "nature": q.nature if q else None,
            "modality": f.modality, "metric": f.metric, "entity": f.entity, "doc": f.doc,
        })
    return rows


@lru_cache(maxsize=1)
def _batch_definition() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("reconcile_figures")
    asset = source.add_dataframe_asset(name="growth_claims")
    return asset.add_batch_definition_whole_dataframe("all_claims")


def _expectation(rule: Rule, spec: ExpectationSpec) -> Any:
    import great_expectations as gx

    cls_name = "".join(part.capitalize() for part in spec.expectation.split("_"))
    cls = getattr(gx.expectations, cls_name, None)
    if cls is None:
        raise ConfigError(f"unknown great-expectations expectation {spec.expectation}", file=rule.source or rule.code, line=rule.line or None)
    kwargs = dict(spec.kwargs)
    if spec.where:
        from great_expectations.expectations.row_conditions import Column

        condition = None
        for column, value in sorted(spec.where.items()):
            c = Column(column) == value
            condition = c if condition is None else (condition & c)
        kwargs["row_condition"] = condition
    try:
        return cls(**kwargs)
    except Exception as exc:  # pydantic validation inside great-expectations
        raise ConfigError(f"{spec.expectation}: {exc}".splitlines()[0], file=rule.source or rule.code, line=rule.line or None)


def unexpected_rows(rows: list[dict[str, Any]], rule: Rule, spec: ExpectationSpec) -> list[int]:
    """Indexes (into `rows`) that the expectation rejects."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["annual_rate"] = pd.to_numeric(df["annual_rate"], errors="coerce")
    df["years"] = pd.to_numeric(df["years"], errors="coerce")
    df["pos"] = range(len(df))
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": df})
    result = batch.validate(_expectation(rule, spec), result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["pos"]})
    if result.success:
        return []
    listed = result.result.get("unexpected_index_list") or []
    return sorted({int(item["pos"]) for item in listed if isinstance(item, dict) and "pos" in item})


def _release_claims() -> None:
    """Let great-expectations' pandas engine drop the last claims table it validated.

    The engine caches a batch's data under the asset's name for as long as the (process-wide) context lives, so a
    run's whole claims table would stay in memory to the end of the run; a batch of no rows under the same name
    replaces it (the engine loads a batch when it is validated)."""
    import great_expectations as gx
    import pandas as pd

    empty = _batch_definition().get_batch(batch_parameters={"dataframe": pd.DataFrame(columns=[*COLUMNS, "pos"])})
    empty.validate(gx.expectations.ExpectTableRowCountToEqual(value=0))


class GrowthRange(CheckKind):
    name = "growth-range"
    Params = Params
    fields = frozenset({"metric", "entity", "rate_pct", "annual_pct", "years", "text"})

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        rows = claims_table(ctx, p.bases)
        if not rows:
            return
        flagged: dict[int, list[str]] = {}
        try:
            for spec in p.expectations:
                for pos in unexpected_rows(rows, rule, spec):
                    flagged.setdefault(pos, []).append(spec.expectation)
        finally:
            _release_claims()
        for pos in sorted(flagged):
            row = rows[pos]
            claim = ctx.figures[row["row"]]
            g = claim.growth
            assert g is not None
            evidence = [evidence_of_figure(claim, "claim")]
            if g.of is not None and 0 <= g.of < len(ctx.figures):
                evidence.append(evidence_of_figure(ctx.figures[g.of], "current"))
            annual = row["annual_rate"]
            fields = {
                "metric": claim.metric or "", "entity": claim.entity or "", "rate_pct": f"{g.rate:.2%}",
                "annual_pct": f"{annual:.1%}" if annual is not None else "?", "years": f"{row['years']:g}" if row["years"] else "?",
                "text": claim.text,
            }
            computed = {"rate": g.rate, "annual_rate": annual, "years": row["years"], "expectations": flagged[pos]}
            yield self.finding(
                rule, fields, evidence,
                (claim.metric, claim.entity, claim.period, g.base_period, g.basis, round(g.rate, 8)),
                computed=computed, metric_id=ctx.figure_metric[g.of] if g.of is not None and 0 <= g.of < len(ctx.figures) else None,
            )
