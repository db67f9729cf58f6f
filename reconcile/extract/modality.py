"""A figure's kind, nature and modality, from its unit and the cue words around it.

kind:      growth (a growth claim), rank (第N位, 排名…N位), share (占…%, X%的项目), percent (a level in %), ratio (倍,
           每万人口…, 人均), amount (money, measures), count (things counted with a classifier), other.
nature:    only for count, amount and other: cumulative (累计, 共, 总数, 以来, 过去N年, a multi-year period),
           flow (events and accruals: 新增, 引进, 举办, 成交额, 支出, 营收), else stock (levels: 达到, 拥有; status
           holders such as 高新技术企业 whatever the verb).
modality:  forecast (预计), target (目标, 预期, 力争, 计划, 规划, 要, 确保, 将 + act; N…目标 after the number; a
           sentence whose earlier clause says 目标是:), else actual.
"""

from __future__ import annotations

import re
from typing import Optional

_MONEY = {"元", "美元", "欧元", "港元", "日元", "英镑", "澳元", "加元", "韩元", "卢布", "新台币", "澳门元"}
_COUNT_FAMILY = "count"

_RANK_LEFT = re.compile(r"(排名|排|位居|居|位列|列|跃居|稳居|排在|排位|名列|提升至|上升至|升至|前进|跻身)(全国|全区|全市|全省|全球|世界)?(第)?$")
_SHARE_LEFT = re.compile(r"占(?:比)?(?:[^,;:。]{0,12}?)(?:的)?(?:比重|比例)?(?:为|达|达到|超过|超)?$|占比(?:为|达|达到|超)?$|比重(?:为|达|达到)?$")
_CUMULATIVE = re.compile(
    r"累计|共计|总计|合计|总数|先后|已有|以来|近年来|(?:\d+|[一二三四五六七八九十两]+)年来|过去(?:\d+|[一二三四五六七八九十两]+)年"
    r"|(?<![公总一社])共(?![同享建识赢产商青性振鸣])"
)
_FLOW = re.compile(
    r"新增|新注册|新认定|新引进|新开工|新建|新签|新登记|引进|引入|举办|承接|部署|签订|签约|落地|获批|荣获|获得|获|争取|投入|投放|"
    r"成交额|支出|收入|营收|产值|收益|授权量|产量|销售|销量|出口|进口|增加值|利润|税收|交易额|发放|接待|培训|救助|减免|"
    r"吸收转化|招引|引资|到位资金|新开发|研发出|创造|开展|实施|推动|启动|转化|取得|攻克|入选|荣获|获评"
)
_STATUS = re.compile(r"企业|院士|成员单位|用户|人才|专家|团队|会员|主体|机构|平台|实验室|中心|经纪人|经理人|学者|杰青")
_NEW = re.compile(r"新增|新认定|新注册|新引进|新建|新开工")
_FORECAST = re.compile(r"预计|预测|预估|有望")
_TARGET = re.compile(
    r"目标|预期|力争|计划|规划|(?<![重主需必纲])要(?![求素])|确保|(?<![即])将(?![近])|拟|争取到|奋斗|届时"
)
_TARGET_AFTER = re.compile(r"^[^,;。]{0,4}?(?:的)?(?:目标|任务|左右的目标)")
_TARGET_HEAD = re.compile(r"(?:目标|指标)(?:是|为|：|:)|预期目标|主要目标|目标任务")


def kind_of(unit: Optional[str], family: Optional[str], left: str, after: str, text: str, is_growth: bool,
            metric: Optional[str]) -> str:
    if is_growth:
        return "growth"
    if text.startswith("第") or (_RANK_LEFT.search(left) and (unit in (None, "位", "名") or text.startswith("第"))):
        return "rank"
    if unit in ("%", "‰"):
        if _SHARE_LEFT.search(left) or after.startswith("的"):
            return "share"
        return "percent"
    if unit in ("个百分点", "百分点"):
        return "percent"
    if unit == "倍":
        return "ratio"
    if metric and re.match(r"(每|人均|户均|亩均|单位|万人|百万人)", metric):
        return "ratio"
    if unit in _MONEY or family == "currency":
        return "amount"
    if family == _COUNT_FAMILY:
        return "count"
    if family in ("length", "area", "mass", "volume", "energy", "power", "voltage", "frequency", "data",
                  "compute", "speed", "temperature"):
        return "amount"
    if unit is None:
        return "count"
    return "other"


def nature_of(kind: str, sentence: str, clause_left: str, metric: Optional[str], period: Optional[str]) -> Optional[str]:
    """Nature by the nearest cue: the figure's own clause first (累计与182家… makes 182 cumulative but leaves
    the next clause's 43位院士 a stock), then status holders, then the sentence."""
    if kind not in ("count", "amount", "other"):
        return None
    multi = bool(period and "/" in period and _multi_year(period))
    if _NEW.search(clause_left):
        return "cumulative" if multi else "flow"
    if _CUMULATIVE.search(clause_left):
        return "cumulative"
    if kind == "count" and metric and _STATUS.search(metric):
        return "stock"
    if multi or _CUMULATIVE.search(sentence):
        return "cumulative"
    if _FLOW.search(clause_left) or (metric and _FLOW.search(metric)):
        return "flow"
    return "stock"


def _multi_year(period: str) -> bool:
    a, _, b = period.partition("/")
    return a[:4] != b[:4]


def modality_of(sentence_left: str, clause_left: str, after: str) -> str:
    """`sentence_left`: the sentence up to the number; `clause_left`: its own clause up to the number."""
    if _FORECAST.search(clause_left):
        return "forecast"
    if _TARGET.search(clause_left) or _TARGET_AFTER.search(after):
        return "target"
    if _TARGET_HEAD.search(sentence_left):
        return "target"
    if _FORECAST.search(sentence_left[-30:]) and not re.search(r"[。;]", sentence_left[-30:]):
        return "forecast"
    return "actual"
