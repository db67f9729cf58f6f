"""arithmetic: parts and totals in one sentence, additions against earlier totals. Figures are hand-built on
pages from reconcile.ingest so that the kind's sentence grouping is exercised, not the extractor."""

from reconcile.ingest import page_from_text
from reconcile.kinds.arithmetic import Arithmetic, Params
from reconcile.kinds.base import RunContext
from reconcile.models import Point, Metric

from ._build import fig, rule


def _figs(page, specs):
    out, pos = [], 0
    for text, value, unit, kind in specs:
        start = page.text.index(text, pos)
        pos = start + len(text)
        precision = 1e4 if "万" in text else 1
        out.append(fig(text, value, unit, doc=page.doc, start=start, kind=kind, precision=precision, period="2024", metric="m"))
    return out


def _ctx(pages, figures, metrics=(), figure_metric=None):
    return RunContext(pages=tuple(pages), figures=tuple(figures), metrics=tuple(metrics), figure_metric=tuple(figure_metric or [None] * len(figures)), page_by_doc={p.doc: p for p in pages})


AWARDS = "区里拿出290万元重奖人才——2名高层次人才各获100万元，1名创新人才获10万元，4支创新团队共获得80万元。"
AWARD_FIGS = [("290万元", 2.9e6, "元", "amount"), ("2名", 2, "名", "count"), ("100万元", 1e6, "元", "amount"), ("1名", 1, "名", "count"), ("10万元", 1e5, "元", "amount"), ("4支", 4, "支", "count"), ("80万元", 8e5, "元", "amount")]


def test_awards_that_add_up_are_quiet_in_both_modes() -> None:
    page = page_from_text(AWARDS, doc="a.txt")
    ctx = _ctx([page], _figs(page, AWARD_FIGS))
    for mode in ("parts-exceed-total", "breakdown-mismatch"):
        assert list(Arithmetic().check(rule("arithmetic", Params(mode=mode)), ctx)) == []


def test_breakdown_that_does_not_add_up_is_found() -> None:
    text = AWARDS.replace("290万元", "260万元")
    page = page_from_text(text, doc="a.txt")
    specs = [("260万元", 2.6e6, "元", "amount")] + AWARD_FIGS[1:]
    ctx = _ctx([page], _figs(page, specs))
    [f] = Arithmetic().check(rule("arithmetic", Params(mode="parts-exceed-total")), ctx)
    assert f.computed["parts_interval"][0] > f.computed["total_interval"][1]
    assert {e.text for e in f.evidence} >= {"260万元", "100万元", "2名", "80万元"}


def test_shortfall_counts_only_for_explicit_breakdowns() -> None:
    partial = "全市共有企业316家，其中高新技术企业16家、科技型中小企业27家。"
    page = page_from_text(partial, doc="b.txt")
    ctx = _ctx([page], _figs(page, [("316家", 316, "家", "count"), ("16家", 16, "家", "count"), ("27家", 27, "家", "count")]))
    assert list(Arithmetic().check(rule("arithmetic", Params(mode="breakdown-mismatch")), ctx)) == []
    explicit = "全年投入资金500万元：设备采购200万元、人员培训100万元。"
    page = page_from_text(explicit, doc="c.txt")
    ctx = _ctx([page], _figs(page, [("500万元", 5e6, "元", "amount"), ("200万元", 2e6, "元", "amount"), ("100万元", 1e6, "元", "amount")]))
    [f] = Arithmetic().check(rule("arithmetic", Params(mode="breakdown-mismatch")), ctx)
    assert f.evidence[0].text == "500万元"


def test_added_more_than_total_is_found() -> None:
    text = "今年新增省级技术转移机构54个，总数达到44个。"
    page = page_from_text(text, doc="d.txt")
    ctx = _ctx([page], _figs(page, [("54个", 54, "个", "count"), ("44个", 44, "个", "count")]))
    [f] = Arithmetic().check(rule("arithmetic", Params(mode="added-total")), ctx)
    assert [e.text for e in f.evidence] == ["54个", "44个"]


def test_added_total_against_last_years_total() -> None:
    new = page_from_text("2024年新增省级技术转移机构24个，总数达到44个。", doc="new.txt")
    old = page_from_text("2023年全市省级技术转移机构达到25个。", doc="old.txt")
    figs = _figs(new, [("24个", 24, "个", "count"), ("44个", 44, "个", "count")])
    earlier = fig("25个", 25, "个", doc="old.txt", start=old.text.index("25个"), kind="count", period="2023", metric="m")
    figs.append(earlier)
    pts = tuple(Point(i, f.period, f.value, None, None, None, f.doc, f.start, f.end) for i, f in enumerate(figs) if i in (1, 2))
    metric = Metric("mid", "省级技术转移机构", "甲市", "个", "count", "stock", "actual", (), pts)
    ctx = _ctx([new, old], figs, [metric], [None, "mid", "mid"])
    [f] = Arithmetic().check(rule("arithmetic", Params(mode="added-total")), ctx)
    assert [e.role for e in f.evidence] == ["added", "total", "earlier"]
    # 44 − 24 = 20 before the addition, which agrees with a printed 20: quiet
    figs[2] = fig("20个", 20, "个", doc="old.txt", start=old.text.index("25个"), kind="count", period="2023", metric="m")
    ctx = _ctx([new, old], figs, [metric], [None, "mid", "mid"])
    assert list(Arithmetic().check(rule("arithmetic", Params(mode="added-total")), ctx)) == []
