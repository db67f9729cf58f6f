"""Hand-built run results for report tests: real-looking Chinese articles with the findings the kinds produce,
built without running extract, align or the rules, so that the reports can be tested on their own.

`small()` is a run over four articles (a growth claim the figures contradict, a passage pasted twice, a reprint
that dropped a sentence, a sum that exceeds its total, a reviewed finding); `hostile()` adds a document whose
name and text try to inject markup; `large()` is 500 documents and 2,000 findings for the speed test.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional, Sequence

from reconcile.api import RunResult
from reconcile.ingest.build import page_from_text
from reconcile.kinds.base import Rule, RuleDocs, fingerprint
from reconcile.models import Coverage, Evidence, Figure, Finding, Growth, Metric, Page, Point

DOCS = {
    "news/2024-03-科技突围.txt": (
        "打赢科技“突围”战\n\n"
        "2023年，呼和浩特市国家高新技术企业533家、科技型中小企业649家，持续排名全区第一；"
        "认定登记技术合同832项，合同成交额15.06亿元，同比增长16%。\n\n"
        "全市科技型企业数量达到1200家，其中国家高新技术企业533家、科技型中小企业649家、瞪羚企业32家。\n"
    ),
    "news/2025-01-年度回顾.txt": (
        "首府科技创新年度回顾\n\n"
        "2024年，全市国家高新技术企业达到601家。技术合同成交额27.41亿元，同比增长81.89%。\n\n"
        "市科技局负责人表示，将持续优化创新生态，推动科技成果就地转化。\n"
        "市科技局负责人表示，将持续优化创新生态，推动科技成果就地转化。\n"
    ),
    "news/2025-12-总结.txt": (
        "科技创新迈上新台阶\n\n"
        "截至目前，呼和浩特市国家高新技术企业609家，技术合同成交额约35.9亿元。"
        "赛罕区围绕新能源、新材料等领域，引进研发团队12个，建成中试基地3个，科技成果转化率稳步提高。"
        "区内企业与高校共建联合实验室，累计承担自治区重点研发项目40余项。\n"
    ),
    "news/2025-12-总结-转载.txt": (
        "科技创新迈上新台阶\n\n"
        "截至目前，呼和浩特市国家高新技术企业609家，技术合同成交额约35.9亿元。"
        "赛罕区围绕新能源、新材料等领域，引进研发团队12个，建成中试基地3个。"
        "区内企业与高校共建联合实验室，累计承担自治区重点研发项目40余项。\n"
    ),
}

RULES = {
    "RC201": ("growth-claim-contradicts-figures", "growth-mismatch", "error"),
    "RC401": ("parts-exceed-total", "arithmetic", "warning"),
    "RC501": ("passage-repeated-in-document", "duplicate", "error"),
    "RC503": ("article-reprinted-with-differences", "duplicate", "warning"),
    "RC601": ("impossible-decrease-by-times", "pattern", "info"),
    "RC301": ("same-period-conflict", "conflict", "error"),
}


def rules(lang: str = "zh") -> tuple[Rule, ...]:
    docs = {
        "zh": RuleDocs(
            what="将文中称述的增长率与同一指标两个时期的数字算出的增长率比较，两者按末位有效数字取区间。",
            why="增长率常由手算或沿用旧稿；基数改了而增长率没改，读者就会看到互相矛盾的两个事实。",
            example="2023年成交额15.06亿元，2024年27.41亿元、“同比增长81.89%”：数字给出81.91%至82.10%。",
            fix="核对原始数字并重算增长率；若增长率来自原始材料，找出有误的数字并更正。",
        ),
        "en": RuleDocs(
            what="Compares a stated growth rate with the rate the metric's figures give.",
            why="Rates are often computed by hand or carried over from an earlier draft.",
            example="15.06 then 27.41, stated +81.89%: the figures give 81.91% to 82.10%.",
            fix="Check both figures against the source and recompute the rate.",
        ),
    }[lang]
    return tuple(Rule(code, name, kind, sev, "{message}", None, docs, lang=lang) for code, (name, kind, sev) in RULES.items())


def _at(page: Page, text: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = page.text.index(text, pos + 1)
    return pos


def _fig(page: Page, text: str, value: float, unit: str, metric: Optional[str], entity: Optional[str], period: Optional[str], *,
         kind: str = "count", precision: float = 1.0, approx: Any = None, nth: int = 0, growth: Optional[Growth] = None,
         low: Optional[float] = None, high: Optional[float] = None) -> Figure:
    start = _at(page, text, nth)
    return Figure(
        doc=page.doc, start=start, end=start + len(text), line=page.line_of(start), text=text, value=value, unit=unit,
        precision=precision, approx=approx, kind=kind, nature="stock" if kind == "count" else "flow", modality="actual",
        metric=metric, entity=entity, period=period, period_source="stated" if period else None, low=low, high=high, growth=growth,
    )


def _ev(page: Page, text: str, role: Optional[str] = None, nth: int = 0) -> Evidence:
    start = _at(page, text, nth)
    return Evidence(page.doc, start, start + len(text), page.line_of(start), text, role)


def _finding(code: str, message: str, evidence: Sequence[Evidence], computed: Optional[dict] = None, metric_id: Optional[str] = None,
             review: Optional[dict] = None, severity: Optional[str] = None) -> Finding:
    name, kind, sev = RULES[code]
    return Finding(code, name, kind, severity or sev, message, tuple(evidence), fingerprint(code, message), computed, metric_id, review)


def _metric(mid: str, name: str, entity: str, unit: str, kind: str, figures: Sequence[Figure], idx: Sequence[int]) -> Metric:
    pts = tuple(
        Point(i, figures[i].period, figures[i].value, figures[i].low, figures[i].high, figures[i].approx, figures[i].doc, figures[i].start, figures[i].end)
        for i in idx
    )
    return Metric(mid, name, entity, unit, kind, "stock" if kind == "count" else "flow", "actual", (name,), pts)


def small(lang: str = "zh", extra_docs: Optional[dict[str, str]] = None) -> RunResult:
    docs = dict(DOCS, **(extra_docs or {}))
    pages = [page_from_text(text, doc=name) for name, text in sorted(docs.items())]
    p = {pg.doc: pg for pg in pages}
    a, b, c, d = (p[n] for n in DOCS)  # in the order DOCS lists them: c is the article, d its reprint
    figs: list[Figure] = [
        _fig(a, "533家", 533, "家", "国家高新技术企业", "呼和浩特市", "2023"),  # 0
        _fig(a, "649家", 649, "家", "科技型中小企业", "呼和浩特市", "2023"),  # 1
        _fig(a, "15.06亿元", 1.506e9, "元", "技术合同成交额", "呼和浩特市", "2023", kind="amount", precision=1e6),  # 2
        _fig(a, "16%", 0.16, "%", "技术合同成交额", "呼和浩特市", "2023", kind="growth", precision=0.01, growth=Growth(0.16, "yoy", "2022", 2)),  # 3
        _fig(a, "1200家", 1200, "家", "科技型企业", "呼和浩特市", "2023"),  # 4
        _fig(a, "533家", 533, "家", "国家高新技术企业", "呼和浩特市", "2023", nth=1),  # 5
        _fig(a, "649家", 649, "家", "科技型中小企业", "呼和浩特市", "2023", nth=1),  # 6
        _fig(a, "32家", 32, "家", "瞪羚企业", "呼和浩特市", "2023"),  # 7
        _fig(b, "601家", 601, "家", "国家高新技术企业", "呼和浩特市", "2024"),  # 8
        _fig(b, "27.41亿元", 2.741e9, "元", "技术合同成交额", "呼和浩特市", "2024", kind="amount", precision=1e6),  # 9
        _fig(b, "81.89%", 0.8189, "%", "技术合同成交额", "呼和浩特市", "2024", kind="growth", precision=0.0001,
             growth=Growth(0.8189, "yoy", "2023", 9, 0.81885, 0.81895)),  # 10
        _fig(c, "609家", 609, "家", "国家高新技术企业", "呼和浩特市", "2025"),  # 11
        _fig(c, "约35.9亿元", 3.59e9, "元", "技术合同成交额", "呼和浩特市", "2025", kind="amount", precision=1e7, approx="about", low=3.41e9, high=3.77e9),  # 12
        _fig(d, "609家", 609, "家", "国家高新技术企业", "呼和浩特市", "2025"),  # 13
        _fig(d, "约35.9亿元", 3.59e9, "元", "技术合同成交额", "呼和浩特市", "2025", kind="amount", precision=1e7, approx="about", low=3.41e9, high=3.77e9),  # 14
    ]
    metrics = [
        _metric("m-gxqy", "国家高新技术企业", "呼和浩特市", "家", "count", figs, [0, 5, 8, 11, 13]),
        _metric("m-jsht", "技术合同成交额", "呼和浩特市", "元", "amount", figs, [2, 9, 12, 14]),
        _metric("m-kjzx", "科技型中小企业", "呼和浩特市", "家", "count", figs, [1, 6]),
    ]
    figure_metric: list[Optional[str]] = [None] * len(figs)
    for m in metrics:
        for pt in m.points:
            figure_metric[pt.figure] = m.metric_id
    findings = [
        _finding(
            "RC201",
            "呼和浩特市技术合同成交额：称增长81.89%，但2023年的15.06亿元与2024年的27.41亿元只能给出81.91%至82.10%（按称述增速倒推基数应为15.07亿元）",
            [_ev(b, "81.89%", "claim"), _ev(b, "27.41亿元", "current"), _ev(a, "15.06亿元", "base")],
            {"stated_rate": 0.8189, "stated_interval": [0.81885, 0.81895], "implied_interval": [0.8191, 0.8210], "computed_rate": 0.8201,
             "base_value": 1.506e9, "current_value": 2.741e9, "implied_base_value": 1.5073e9, "base_period": "2023", "period": "2024"},
            "m-jsht",
        ),
        _finding(
            "RC501",
            "同一段文字在本文出现2次：“市科技局负责人表示，将持续优化创新生态……”",
            [_ev(b, "市科技局负责人表示，将持续优化创新生态，推动科技成果就地转化。", "copy"),
             _ev(b, "市科技局负责人表示，将持续优化创新生态，推动科技成果就地转化。", "copy", nth=1)],
            {"copies": 2, "documents": 1, "similarity": 1.0, "exact": True, "sentences": 1, "differences": [],
             "canonical": {"doc": b.doc, "start": _at(b, "市科技局"), "end": _at(b, "市科技局") + 31}},
        ),
        _reprint(c, d),
        _finding(
            "RC401",
            "科技型企业1200家，但分项之和为1214家",
            [_ev(a, "1200家", "total"), _ev(a, "533家", "part", nth=1), _ev(a, "649家", "part", nth=1), _ev(a, "32家", "part")],
            {"total_interval": [1200, 1200], "parts_interval": [1214, 1214], "parts": 3},
            None,
        ),
        _finding(
            "RC601",
            "“持续排名全区第一”是排名表述，请核对排名口径",
            [_ev(a, "持续排名全区第一", "match")],
            {"pattern": "持续排名.{0,4}第一"},
            review={"decision": "dismiss", "reason": "排名来自自治区科技厅公报，口径一致", "by": "编辑甲", "date": "2025-12-20"},
        ),
    ]
    if extra_docs:
        for name in sorted(extra_docs):
            pg = p[name]
            span = pg.text.strip().splitlines()[0][:40]
            findings.append(_finding("RC301", f"{name}：{span}", [_ev(pg, span, "claim")], {"pattern": span}))
    findings.sort(key=lambda f: ({"error": 0, "warning": 1, "info": 2}[f.severity], f.rule, f.evidence[0].doc, f.evidence[0].start))
    multi = [m for m in metrics if len(m.points) > 1]
    coverage = Coverage(
        documents=len(pages), figures=len(figs), metrics=len(metrics), metrics_multi_source=len(multi),
        figures_in_multi_source=sum(1 for mid in figure_metric if mid in {m.metric_id for m in multi}),
        rules_without_findings=tuple(sorted(set(RULES) - {f.rule for f in findings})),
    )
    return RunResult(tuple(pages), tuple(figs), tuple(figure_metric), tuple(metrics), tuple(findings), coverage, (), rules(lang), {"ingest+extract": 0.5})


def _reprint(c: Page, d: Page) -> Finding:
    """An article printed on two pages, the second copy dropping part of a sentence (as the duplicate kind reports it)."""
    dropped = "，科技成果转化率稳步提高"
    a0 = _at(c, dropped)
    b0 = _at(d, "。区内企业")
    title_c, title_d = _at(c, "科技创新迈上新台阶"), _at(d, "科技创新迈上新台阶")
    computed = {
        "copies": [
            {"doc": c.doc, "start": title_c, "end": len(c.text.rstrip()), "chars": 120},
            {"doc": d.doc, "start": title_d, "end": len(d.text.rstrip()), "chars": 108, "similarity": 0.94, "more": 0,
             "differences": [{"kind": "delete", "canonical": {"doc": c.doc, "start": a0, "end": a0 + len(dropped), "text": dropped, "key": dropped},
                              "copy": {"doc": d.doc, "start": b0, "end": b0, "text": "", "key": ""}, "number": False, "passage": False}]},
        ],
        "shared_sentences": 4, "differences": 1, "differing_passages": 0,
    }
    return _finding(
        "RC503",
        f"同一篇文章见于2处（{c.doc}, {d.doc}），有1处不同：{dropped[1:]}→∅",
        [_ev(c, "截至目前，呼和浩特市国家高新技术企业609家", "copy"), _ev(d, "截至目前，呼和浩特市国家高新技术企业609家", "copy")],
        computed,
    )


HOSTILE_NAME = 'news/"><svg onload=alert(1)>.txt'
HOSTILE_TEXT = (
    "<script>alert('x')</script>标题\n\n"
    "2024年，某市<img src=x onerror=alert(2)>企业达到601家。\"><svg onload=alert(3)>技术合同成交额27.41亿元。\u2028</script><!--\n"
)


def hostile(lang: str = "zh") -> RunResult:
    """`small()` plus a document whose name, text, metric and finding message try to inject markup."""
    res = small(lang, extra_docs={HOSTILE_NAME: HOSTILE_TEXT})
    pg = next(p for p in res.pages if p.doc == HOSTILE_NAME)
    start = _at(pg, "601家")
    bad = Figure(pg.doc, start, start + 4, pg.line_of(start), "601家", 601, "家", 1, None, "count", "stock", "actual",
                 "<img src=x onerror=alert(4)>企业", '"><svg onload=alert(5)>', "2024", "stated")
    fig_i = len(res.figures)
    metric = Metric("m-hostile", bad.metric or "", bad.entity, "家", "count", "stock", "actual", (bad.metric or "",),
                    (Point(fig_i, "2024", 601, None, None, None, pg.doc, bad.start, bad.end), Point(5, "2023", 533, None, None, None, res.figures[5].doc, res.figures[5].start, res.figures[5].end)))
    f = _finding("RC301", "<script>alert(6)</script>\"><svg onload=alert(7)>", [Evidence(pg.doc, start, start + 4, bad.line, "601家", "claim")], {"pattern": "<b onmouseover=alert(8)>"}, "m-hostile")
    return replace(
        res, figures=res.figures + (bad,), figure_metric=res.figure_metric + ("m-hostile",), metrics=res.metrics + (metric,),
        findings=res.findings + (f,),
    )


def _plain_page(doc: str, text: str) -> Page:
    """A page without segmentation: cheap to build in bulk (reports fall back to characters around a span)."""
    return Page(doc=doc, text=text, norm=text, omap=tuple(range(len(text) + 1)), articles=(), encoding="utf-8")


def large(n_docs: int = 500, n_findings: int = 2000, lang: str = "zh") -> RunResult:
    """500 documents and 2,000 findings over 250 metrics, for the HTML report's speed test."""
    para = "{y}年，{city}规模以上工业增加值同比增长{g}%，固定资产投资{v}亿元，社会消费品零售总额{w}亿元。"
    cities = ["呼和浩特市", "包头市", "鄂尔多斯市", "赤峰市", "通辽市", "乌海市", "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟"]
    pages, figs, fm = [], [], []
    metrics_pts: dict[str, list[int]] = {}
    for i in range(n_docs):
        city = cities[i % len(cities)]
        y = 2015 + i % 10
        body = "".join(para.format(y=y, city=city, g=5 + (i * 7 + k) % 9, v=100 + (i * 13 + k) % 400, w=50 + k) for k in range(12))
        pg = _plain_page(f"bulk/{i:04d}-{city}.txt", f"{city}经济运行情况\n\n{body}\n")
        pages.append(pg)
        for k in range(4):
            text = f"{100 + (i * 13 + k) % 400}亿元"
            start = pg.text.index(text)
            mid = f"m{(i * 4 + k) % 250:03d}"
            figs.append(Figure(pg.doc, start, start + len(text), 3, text, (100 + (i * 13 + k) % 400) * 1e8, "元", 1e8, None, "amount", "flow",
                               "actual", f"固定资产投资{mid}", city, str(y), "stated"))
            fm.append(mid)
            metrics_pts.setdefault(mid, []).append(len(figs) - 1)
    metrics = tuple(
        Metric(mid, f"固定资产投资{mid}", None, "元", "amount", "flow", "actual", (), tuple(
            Point(j, figs[j].period, figs[j].value, None, None, None, figs[j].doc, figs[j].start, figs[j].end) for j in idx))
        for mid, idx in sorted(metrics_pts.items())
    )
    findings = []
    sev = ("error", "warning", "info")
    for n in range(n_findings):
        f0, f1 = figs[(n * 3) % len(figs)], figs[(n * 3 + 1001) % len(figs)]
        code = ("RC201", "RC401", "RC601")[n % 3]
        findings.append(Finding(
            code, RULES[code][0], RULES[code][1], sev[n % 3], f"{f0.metric}：{f0.text}与{f1.text}不一致（第{n}项）",
            (Evidence(f0.doc, f0.start, f0.end, 3, f0.text, "current"), Evidence(f1.doc, f1.start, f1.end, 3, f1.text, "base")),
            f"{n:016x}", {"implied_interval": [0.05, 0.07], "stated_rate": 0.081}, fm[(n * 3) % len(figs)],
        ))
    coverage = Coverage(n_docs, len(figs), len(metrics), len(metrics), len(figs), ())
    return RunResult(tuple(pages), tuple(figs), tuple(fm), metrics, tuple(findings), coverage, (), rules(lang), {})
