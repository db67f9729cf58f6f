from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.kinds.growth_mismatch import GrowthMismatch, Params, rate_interval
from reconcile.models import Growth

from ._build import context, fig, rule


def _run(claim_rate: float, claim_text: str, cur=("27.41亿元", 27.41e8), base=("15.06亿元", 15.06e8), precision=0.01, approx=None):
    base_f = fig(base[0], base[1], "元", doc="p1.txt", precision=1e6, period="2023")
    cur_f = fig(cur[0], cur[1], "元", doc="p2.txt", precision=1e6, period="2024")
    claim = fig(claim_text, float(claim_text.rstrip("%倍")), "%", doc="p2.txt", start=20, precision=precision, kind="growth", nature=None, approx=approx, growth=Growth(rate=claim_rate, basis="yoy", of=1))
    ctx = context([base_f, cur_f, claim], {"m1": [0, 1]})
    return list(GrowthMismatch().check(rule("growth-mismatch", Params()), ctx))


def test_claim_outside_rounding_interval_is_found_with_interval_and_implied_base() -> None:
    [f] = _run(0.8189, "81.89%")
    lo, hi = f.computed["implied_interval"]
    assert round(lo, 4) == 0.8191 and round(hi, 4) == 0.8210
    assert round(f.computed["implied_base_value"] / 1e8, 2) == 15.07
    assert {e.role for e in f.evidence} == {"claim", "current", "base"}
    assert f.metric_id == "m1"


def test_claim_inside_rounding_interval_is_quiet() -> None:
    assert _run(0.82, "82.0%", precision=0.1) == []
    assert _run(0.820, "82%", precision=1) == []


def test_approximate_claim_gets_slack() -> None:
    assert _run(0.80, "80%", precision=1, approx="about") == []


def test_rate_interval_from_printed_precision() -> None:
    claim = fig("16%", 16, "%", precision=1, kind="growth", growth=Growth(rate=0.16, basis="yoy"))
    lo, hi = rate_interval(claim, 0.05)
    assert abs(lo - 0.155) < 1e-12 and abs(hi - 0.165) < 1e-12


def test_no_base_period_figure_no_finding() -> None:
    base_f = fig("15.06亿元", 15.06e8, "元", precision=1e6, period="2022")
    cur_f = fig("27.41亿元", 27.41e8, "元", precision=1e6, period="2024")
    claim = fig("81.89%", 81.89, "%", precision=0.01, kind="growth", growth=Growth(rate=0.8189, basis="yoy", of=1))
    ctx = context([base_f, cur_f, claim], {"m1": [0, 1]})
    assert list(GrowthMismatch().check(rule("growth-mismatch", Params()), ctx)) == []


def test_zero_base_is_not_a_finding() -> None:
    assert _run(0.5, "50%", base=("0亿元", 0.0), precision=1) == []


def test_fingerprint_ignores_offsets() -> None:
    a = _run(0.8189, "81.89%")[0]
    base_f = fig("15.06亿元", 15.06e8, "元", doc="p1.txt", start=500, precision=1e6, period="2023")
    cur_f = fig("27.41亿元", 27.41e8, "元", doc="p2.txt", start=900, precision=1e6, period="2024")
    claim = fig("81.89%", 81.89, "%", doc="p2.txt", start=950, precision=0.01, kind="growth", growth=Growth(rate=0.8189, basis="yoy", of=1))
    [b] = GrowthMismatch().check(rule("growth-mismatch", Params()), context([base_f, cur_f, claim], {"m1": [0, 1]}))
    assert a.fingerprint == b.fingerprint


# The kind once scanned a metric's whole timeline for every claim; it now reads each timeline once (_Bases). The
# scan is kept here as the reference: the bases offered to a claim must be the same figures, in the same order.
def _bases_by_scan(ctx, metric, period, modality, other_than):
    seen, out = set(), []
    for point in metric.points:
        if point.period != period or point.figure == other_than or point.value is None:
            continue
        base = ctx.figures[point.figure]
        if base.value in seen or base.modality != modality:
            continue
        seen.add(base.value)
        out.append(point.figure)
    return out



@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["2022", "2023", None]), st.sampled_from([1, 2, 2.0, 3.5, None]), st.sampled_from(["actual", "target"])), min_size=1, max_size=14), st.data())
def test_bases_are_those_a_scan_of_the_timeline_finds(reports, data) -> None:
    from reconcile.kinds.growth_mismatch import _Bases

    figures = [fig(f"{v}亿元", v, "元", doc=f"d{k % 4}.txt", start=k * 10, period=p, modality=m) for k, (p, v, m) in enumerate(reports)]
    order = data.draw(st.permutations(range(len(figures))))
    ctx = context(figures, {"m": order})
    metric = ctx.metrics[0]
    bases = _Bases(ctx)
    for period in ("2022", "2023"):
        for modality in ("actual", "target"):
            for other in (-1, *range(len(figures))):
                assert bases.first_of_each_value(metric, period, modality, other) == _bases_by_scan(ctx, metric, period, modality, other)
