"""The unit vocabulary: what may follow a numeral, its canonical name, family and factor to the family's base.

A unit here is the base unit, without scale words: 27.41亿元 has unit 元 (the 亿 is part of the value). Printed
variants are folded to one canonical name (港币 -> 港元, 美圆 -> 美元, 公分 -> 厘米, ㎡ -> 平方米), and each
canonical unit has a family (currency, count, percent, ...) and a factor to the family's base unit (吨 is 1000
千克), so that a later stage can compare 3.5万吨 with 3500万千克 without a table of its own.

Families, and what a later stage may assume of them:
- currency: money; factors are 1 (currencies are not converted; 元 and 美元 never compare);
- count: things counted with a classifier (家, 个, 人, 项...); factor 1, and units of the family are not
  interchangeable either (12家 is not 12人);
- percent: %, 个百分点 (a difference of rates), 成 and 折 are turned into % by the parser;
- ratio: 倍; duration, age: time spans and ages (not figures of a metric when used as conditions);
- length, area, mass, volume, energy, power, voltage, frequency, data, compute, temperature, speed, other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UnitInfo", "UNITS", "ALIASES", "UNIT_RE", "lookup", "family", "CURRENCY_PREFIX_RE"]


@dataclass(frozen=True)
class UnitInfo:
    name: str
    family: str
    factor: float = 1.0  # to the family's base unit (千克, 米, 平方米, 立方米, 千瓦时, 千瓦, ...)


def _units() -> dict[str, UnitInfo]:
    table: dict[str, UnitInfo] = {}

    def add(family: str, names: str, factor: float = 1.0) -> None:
        for n in names.split():
            table[n] = UnitInfo(n, family, factor)

    add("currency", "元 美元 欧元 港元 日元 英镑 澳元 加元 韩元 卢布 泰铢 新台币 瑞士法郎 法郎 卢比 奈拉 "
        "新加坡元 澳门元 比特币 马克 林吉特 越南盾 迪拉姆 里亚尔 兰特 雷亚尔 比索 克朗 第纳尔")
    # Classifiers: what a count of things is counted in. Deliberately missing: 级 期 代 线 方 (more often
    # an ordinal, a phase, a generation, a name or a side than a count).
    add("count", "个 家 人 人次 名 位 项 件 户 条 栋 座 所 台 辆 架 艘 只 头 匹 株 棵 种 类 批 份 套 张 "
        "部 篇 册 次 场 届 例 起 宗 笔 单 款 支 队 组 对 双 处 间 层 幢 门 根 颗 枚 把 盏 口 箱 袋 瓶 "
        "包 盒 桶 粒 节 首 集 幅 帧 份次 户次 件次 架次 车次 班次 航次 场次 台次 台套 标箱 亩次 "
        "所次 家次 例次 项次 种次 辆次 艘次 吨次")
    add("percent", "% 个百分点 百分点 个点 ‰")  # 个点: the spoken 个百分点 (高3个点)
    add("ratio", "倍")
    add("duration", "年 个月 月 天 日 周 周年 小时 个小时 分钟 秒 星期 个星期 季度 个季度 昼夜 年度 个工作日 工作日")
    add("age", "岁 周岁")
    add("length", "米 公里 千米 厘米 毫米 微米 纳米 海里 里 延米", 1.0)
    add("length", "英寸", 0.0254)
    add("length", "英尺", 0.3048)
    add("length", "英里", 1609.344)
    table["公里"] = UnitInfo("公里", "length", 1000.0)
    table["千米"] = UnitInfo("千米", "length", 1000.0)
    table["厘米"] = UnitInfo("厘米", "length", 0.01)
    table["毫米"] = UnitInfo("毫米", "length", 0.001)
    table["微米"] = UnitInfo("微米", "length", 1e-6)
    table["纳米"] = UnitInfo("纳米", "length", 1e-9)
    table["海里"] = UnitInfo("海里", "length", 1852.0)
    table["里"] = UnitInfo("里", "length", 500.0)
    add("area", "平方米", 1.0)
    add("area", "平方公里 平方千米", 1e6)
    add("area", "亩", 10000 / 15)
    add("area", "公顷", 1e4)
    add("mass", "千克 公斤", 1.0)
    add("mass", "吨", 1000.0)
    add("mass", "克", 0.001)
    add("mass", "毫克", 1e-6)
    add("mass", "微克", 1e-9)
    add("mass", "斤", 0.5)
    add("mass", "两", 0.05)  # only after a numeral that it cannot continue: 二两, 三千两百两 (NUM keeps 两万)
    add("mass", "吨标准煤 吨标煤", 1000.0)
    add("volume", "立方米", 1.0)
    add("volume", "升", 0.001)
    add("volume", "毫升", 1e-6)
    add("energy", "千瓦时", 1.0)
    add("energy", "度", 1.0)  # 度电; temperature is written 摄氏度 or ℃ in official writing
    add("energy", "千卡 卡路里 焦耳 兆焦")
    add("power", "千瓦", 1.0)
    add("power", "瓦", 0.001)
    add("power", "兆瓦", 1000.0)
    add("power", "吉瓦", 1e6)
    add("voltage", "伏 千伏")
    add("frequency", "赫兹 兆赫 兆赫兹 千赫 吉赫")
    add("data", "字节 比特 兆字节 千字节 兆比特 千比特")
    add("data", "GB TB PB MB KB")
    add("compute", "P PFlops EFlops")
    add("temperature", "℃ 摄氏度")
    add("speed", "公里每小时")
    add("other", "标准箱 TEU")
    return table


UNITS: dict[str, UnitInfo] = _units()

# Printed variants -> canonical name.
ALIASES: dict[str, str] = {
    "圆": "元", "块": "元", "块钱": "元", "元钱": "元", "元人民币": "元", "人民币": "元", "人民币元": "元",
    "美金": "美元", "美圆": "美元", "港币": "港元", "港圆": "港元", "日币": "日元", "日圆": "日元",
    "台币": "新台币", "新台币元": "新台币", "澳币": "澳元", "加币": "加元", "欧圆": "欧元",
    "公分": "厘米", "km": "公里", "KM": "公里", "Km": "公里", "m": "米", "cm": "厘米", "CM": "厘米",
    "mm": "毫米", "kg": "千克", "KG": "千克", "Kg": "千克", "t": "吨", "g": "克", "mg": "毫克",
    "平米": "平方米", "㎡": "平方米", "m²": "平方米", "m2": "平方米", "平方": "平方米",
    "km²": "平方公里", "km2": "平方公里",
    "立方": "立方米", "m³": "立方米", "m3": "立方米", "L": "升", "ml": "毫升", "mL": "毫升",
    "kWh": "千瓦时", "kwh": "千瓦时", "KWh": "千瓦时", "kW": "千瓦", "KW": "千瓦", "kw": "千瓦",
    "MW": "兆瓦", "GW": "吉瓦", "W": "瓦", "w": "瓦", "kV": "千伏", "KV": "千伏", "V": "伏",
    "Hz": "赫兹", "MHz": "兆赫", "GHz": "吉赫", "km/h": "公里每小时", "公里/小时": "公里每小时",
    "月份": "月", "百分比": "%", "个百分比": "%", "個百分點": "个百分点",
    "周歲": "周岁", "歲": "岁", "°C": "℃",
}


def lookup(printed: str) -> UnitInfo | None:
    """The unit a printed form stands for, or None if it is not in the vocabulary."""
    u = UNITS.get(printed)
    if u is not None:
        return u
    c = ALIASES.get(printed)
    return UNITS.get(c) if c is not None else None


def family(unit: str | None) -> str | None:
    u = lookup(unit) if unit else None
    return u.family if u else None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# Latin units must not run into further letters (5G, 3D, mRNA are not 5 克, 3 天...).
_LATIN = [w for w in list(UNITS) + list(ALIASES) if w.isascii() and w not in {"%"}]
_HAN = [w for w in list(UNITS) + list(ALIASES) if not w.isascii() or w == "%"]
# 块 is money only as 块钱 or before 毛/角 or at the end of a phrase; otherwise a classifier (3块牌子).
_HAN = [w for w in _HAN if w != "块"]

UNIT_RE = re.compile(
    rf"(?:{_alternation(_HAN)}|块(?=[钱毛角0-9一二三四五六七八九]|$|[,.;:!?，。；：、)）\s])"
    rf"|(?:{_alternation(_LATIN)})(?![A-Za-z0-9]))"
)

# Currency written before the number: 人民币50元, 港币两千九百六十元, $20, ￥300, 新台币177.1亿元.
CURRENCY_PREFIX: dict[str, str] = {
    "人民币": "元", "港币": "港元", "港元": "港元", "美元": "美元", "新台币": "新台币", "台币": "新台币",
    "欧元": "欧元", "日元": "日元", "澳元": "澳元", "英镑": "英镑",
    "$": "美元", "US$": "美元", "USD": "美元", "HK$": "港元", "￥": "元", "¥": "元", "RMB": "元",
    "CNY": "元", "€": "欧元", "£": "英镑", "EUR": "欧元",
}
CURRENCY_PREFIX_RE = re.compile(rf"(?:{_alternation(list(CURRENCY_PREFIX))})$")
