"""Word lists and the administrative-division table, loaded once from `data/`.

`cues.txt` holds the cue words (sections [govern], [predicate], [scope], ...); `places.tsv` holds every Chinese
province, prefecture and county with its parents (derived from cpca's adcodes, see data/README.md). Both are
general vocabulary: nothing in them names a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional


def _data(name: str) -> str:
    return resources.files("reconcile.extract").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current: Optional[set[str]] = None
    for raw in _data("cues.txt").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = sections.setdefault(m.group(1), set())
            continue
        if current is not None:
            current.update(line.split())
    return {k: frozenset(v) for k, v in sections.items()}


def cue(section: str) -> frozenset[str]:
    return cues()[section]


@dataclass(frozen=True)
class Place:
    code: str  # 6-digit adcode
    name: str  # full name: 呼和浩特市, 赛罕区, 内蒙古自治区
    level: str  # province | city | county
    province: str  # full name of the province ('' for a province)
    city: str  # full name of the prefecture ('' unless a county)


# Suffixes stripped to form the short name people write (呼和浩特 for 呼和浩特市, 内蒙古 for 内蒙古自治区).
_PROVINCE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|(?:[\u4e00-\u9fff]{1,8}?族)+自治州|自治州)$")


@dataclass(frozen=True)
class Gazetteer:
    by_name: dict[str, tuple[Place, ...]]  # full names and short names -> places
    capitals: dict[str, Place]  # province full name -> its capital (the prefecture coded xx01)

    def lookup(self, name: str) -> tuple[Place, ...]:
        return self.by_name.get(name, ())

    def names(self) -> list[str]:
        return list(self.by_name)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    by_name: dict[str, list[Place]] = {}
    capitals: dict[str, Place] = {}
    stop = cue("place_stop")
    for raw in _data("places.tsv").splitlines():
        if not raw or raw.startswith("#"):
            continue
        code, name, level, province, city = (raw.split("\t") + ["", "", "", "", ""])[:5]
        p = Place(code, name, level, province, city)
        by_name.setdefault(name, []).append(p)
        short = None
        if level == "province":
            short = _PROVINCE_SUFFIX.sub("", name)
        elif level == "city":
            short = _CITY_SUFFIX.sub("", name)
            if code[2:4] == "01" and province:
                capitals[province] = p
        # Short forms only for provinces and prefectures, and only of two characters or more: a county's
        # short form (新城 for 新城区) is an ordinary word far too often.
        if short and short != name and len(short) >= 2 and short not in stop:
            by_name.setdefault(short, []).append(p)
    return Gazetteer({k: tuple(v) for k, v in by_name.items()}, capitals)
