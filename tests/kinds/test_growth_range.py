import pytest

from reconcile.errors import ConfigError
from reconcile.kinds.growth_range import GrowthRange, Params, annual_rate
from reconcile.models import Growth

from ._build import context, fig, rule

BAND = {"expectations": [{"expectation": "expect_column_values_to_be_between", "kwargs": {"column": "annual_rate", "min_value": -0.6, "max_value": 1.0}}]}


def _claims():
    cur1 = fig("7.45亿元", 7.45e8, "元", period="2023", metric="上级科技专项资金")
    one_year = fig("175.93%", 175.93, "%", start=10, precision=0.01, kind="growth", nature=None, metric="上级科技专项资金", period="2023", growth=Growth(rate=1.7593, basis="yoy", of=0))
    cur2 = fig("1115家", 1115, "家", start=20, period="2025", metric="科技型中小企业", kind="count", nature="stock")
    five_years = fig("332%", 332, "%", start=30, kind="growth", nature=None, metric="科技型中小企业", period="2025", growth=Growth(rate=3.32, basis="since", base_period="2020", of=2))
    difference = fig("2个百分点", 2, "个百分点", start=40, kind="growth", nature=None, growth=Growth(rate=0.02, basis="yoy", difference=True))
    return [cur1, one_year, cur2, five_years, difference]


def test_one_year_jump_is_flagged_five_year_growth_is_not() -> None:
    figures = _claims()
    found = list(GrowthRange().check(rule("growth-range", Params(**BAND), severity="warning"), context(figures, {})))
    assert [f.evidence[0].text for f in found] == ["175.93%"]
    assert found[0].severity == "warning"
    assert found[0].computed["years"] == 1.0


def test_annualising() -> None:
    assert round(annual_rate(3.32, 5), 2) == 0.34
    assert annual_rate(0.5, None) is None
    assert annual_rate(-1.0, 1) is None


def test_row_condition_limits_an_expectation_to_a_family() -> None:
    params = Params(expectations=[{"expectation": "expect_column_values_to_be_between", "kwargs": {"column": "annual_rate", "max_value": 0.5}, "where": {"family": "count"}}])
    found = list(GrowthRange().check(rule("growth-range", params), context(_claims(), {})))
    assert [f.evidence[0].text for f in found] == []  # 332% over five years is 34% a year: inside 50%
    params = Params(expectations=[{"expectation": "expect_column_values_to_be_between", "kwargs": {"column": "annual_rate", "max_value": 0.3}, "where": {"family": "count"}}])
    found = list(GrowthRange().check(rule("growth-range", params), context(_claims(), {})))
    assert [f.evidence[0].text for f in found] == ["332%"]  # the amount's 175.93% is outside the condition


def test_unknown_expectation_is_a_config_error() -> None:
    params = Params(expectations=[{"expectation": "expect_the_moon", "kwargs": {}}])
    with pytest.raises(ConfigError):
        list(GrowthRange().check(rule("growth-range", params), context(_claims(), {})))


def test_bad_expectation_name_rejected_at_load() -> None:
    with pytest.raises(ValueError):
        Params(expectations=[{"expectation": "DROP TABLE", "kwargs": {}}])


def test_the_claims_table_is_not_kept_after_the_check(monkeypatch) -> None:
    # great-expectations' pandas engine caches the last batch's data for the life of the process: a run's whole
    # claims table would stay in memory through every later rule and the report.
    import gc
    import weakref

    from reconcile.kinds import growth_range

    definition = growth_range._batch_definition()
    validated: list[weakref.ref] = []
    real_get_batch = type(definition).get_batch

    def get_batch(self, batch_parameters=None):
        frame = (batch_parameters or {}).get("dataframe")
        if frame is not None and len(frame):
            validated.append(weakref.ref(frame))
        return real_get_batch(self, batch_parameters=batch_parameters)

    monkeypatch.setattr(type(definition), "get_batch", get_batch)
    found = list(GrowthRange().check(rule("growth-range", Params(**BAND), severity="warning"), context(_claims(), {})))
    assert found and validated
    gc.collect()
    assert all(ref() is None for ref in validated)
