"""Kinds of government body that write rule-of-law reports (the `departments.tsv` gazetteer):
what a body's name says about its kind, its unit (bureau, provincial department, ministry,
commission, office, government) and its administrative level, and the canonical names in
both languages that a body's labels and IRI key are made from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

HAN = r"\u3400-\u9fff"

# Administrative levels of a body, highest first (lkg:AdministrativeLevelScheme).
LEVELS = ("national", "provincial", "municipal", "district", "county", "township")
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

_UNIT_EN = {"局": "Bureau", "分局": "Branch Bureau", "厅": "Department", "部": "Ministry", "委员会": "Commission",
            "委": "Commission", "办公室": "Office", "办": "Office", "总局": "Administration", "署": "Office",
            "政府": "People's Government", "室": "General Office"}
_UNIT_ZH = {"委": "委员会", "办": "办公室"}  # short unit words -> the full ones a label uses
_LEVEL_CHAR = {"省": "provincial", "市": "municipal", "州": "municipal", "盟": "municipal", "区": "district",
               "县": "county", "旗": "county", "镇": "township", "乡": "township", "街道": "township"}
_LEVEL_EN = {"national": "", "provincial": "Provincial", "municipal": "Municipal", "district": "District",
             "county": "County", "township": "Township"}


@dataclass(frozen=True, slots=True)
class DepartmentKind:
    """One kind of body: `key` (ASCII, the SKOS concept's local name), canonical zh core and
    en label, the zh cores and unit words its names are made of, and the English cores."""

    key: str
    zh: str
    en: str
    zh_cores: tuple[str, ...]
    units: tuple[str, ...]
    en_cores: tuple[str, ...]

    def zh_name(self, unit: str) -> str:
        """The canonical Chinese name of a body of this kind with `unit` (人力资源和社会保障局)."""
        unit = _UNIT_ZH.get(unit, unit)
        if self.key == "government":
            return "人民政府"
        if self.key == "government-office":
            return "人民政府办公" + ("厅" if unit == "厅" else "室")
        if unit not in self.units and unit not in ("委员会", "办公室"):
            unit = self.units[0]
        return self.zh + unit


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


@lru_cache(maxsize=1)
def kinds() -> dict[str, DepartmentKind]:
    """Every department kind by key, in the gazetteer's order."""
    text = files("legalkg.ingest").joinpath("gazetteers", "departments.tsv").read_text(encoding="utf-8")
    out: dict[str, DepartmentKind] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, zh, en, cores, units, en_cores = (line.split("\t") + [""] * 6)[:6]
        out[key] = DepartmentKind(key, zh, en, _split(cores), _split(units), _split(en_cores))
    return out


@lru_cache(maxsize=1)
def zh_name_regex() -> re.Pattern[str]:
    """A body's name in Chinese: <core><unit>, with groups `core` and `unit`; `kind_of_core`
    maps the core back to its kind. Longest alternatives first, so 人力资源和社会保障 wins
    over 人力资源."""
    cores = sorted({c for k in kinds().values() for c in k.zh_cores}, key=len, reverse=True)
    units = sorted({u for k in kinds().values() for u in k.units}, key=len, reverse=True)
    return re.compile(
        rf"(?P<core>{'|'.join(map(re.escape, cores))})(?P<unit>{'|'.join(map(re.escape, units))})"
    )


_NOT_AFTER_UNIT = {"部": set("门署分长队位件属内"), "办": set("公理法事结件好学"), "局": set("长面势限"),
                   "委": set("员托屈"), "厅": set("长局"), "室": set("内"), "政府": set("令")}


def unit_ends_word(unit: str, following: str) -> bool:
    """Whether `unit` ends the body's name rather than starting another word (部门, 办理, 局长)."""
    return following not in _NOT_AFTER_UNIT.get(unit, ())


@lru_cache(maxsize=None)
def kind_of_core(core: str, unit: str) -> DepartmentKind | None:
    """The kind whose names are `core` + `unit` (None when the unit does not fit the core)."""
    for kind in kinds().values():
        if core in kind.zh_cores and (unit in kind.units or _UNIT_ZH.get(unit) in kind.units
                                      or unit in ("委员会", "办公室") and _short(unit) in kind.units):
            return kind
    return None


def _short(unit: str) -> str:
    return {"委员会": "委", "办公室": "办"}.get(unit, unit)


def any_case(words: list[str]) -> str:
    r"""`(?i:w1|w2|...)` for `words` (a space matching any run of white space), written as one
    group per first letter: re enters every case-insensitive alternative at every word of a
    text, so a word now enters one short group instead of 70 names. Groups cannot match at the
    same place and keep their words' order, so the regex finds what the flat alternation finds;
    a word opening with a non-ASCII character (whose case partners could be ASCII) keeps the
    list flat."""
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in words]
    if not all(w[:1].isascii() and w for w in words):
        return "(?i:" + "|".join(escaped) + ")"
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0].lower(), []).append(re.escape(word[1:]).replace(r"\ ", r"\s+"))
    first = {ch: re.escape(ch).replace(r"\ ", r"\s+") for ch in groups}
    return "(?i:" + "|".join(f"{first[ch]}(?:{'|'.join(rests)})" for ch, rests in groups.items()) + ")"


@lru_cache(maxsize=1)
def en_name_regex() -> re.Pattern[str]:
    """A body's name in English: "[Place] [Level] Bureau|Department|Ministry|... of <core>
    [of Place Province]" or "[Place] [Level] <core> Bureau"; groups place, level, unit, core."""
    cores = sorted({c for k in kinds().values() for c in k.en_cores}, key=len, reverse=True)
    core = any_case(cores)
    unit = any_case(["Bureau", "Department", "Ministry", "Commission", "Administration", "Office", "Committee"])
    # (?=[A-Z]) first: a lower-case word fails at once instead of after the list of non-places
    place = r"(?P<place>(?=[A-Z])(?!(?:The|Our|This|Each|All|And|Of|National|State|Provincial|Municipal|City|District|County)\b)[A-Z][a-z]+(?:\s(?!(?:Provincial|Municipal|City|District|County|Bureau|Department)\b)[A-Z][a-z]+)?)"
    return re.compile(
        rf"\b(?:{place}\s+)?(?:(?P<level>Provincial|Municipal|City|District|County|National|State)\s+)?"
        rf"(?:(?P<unit>{unit})\s+(?:of|for)\s+(?:the\s+)?(?P<core>{core})\b(?:\s+(?P<unit3>Commission|Administration))?"
        rf"|(?P<core2>{core})\s+(?P<unit2>{unit})\b)"
        rf"(?:\s+of\s+(?:the\s+)?(?P<place2>[A-Z][a-z]+)\s+(?P<level2>Province|Municipality|City|County|District)\b"
        rf"|\s+of\s+the\s+People[’']s\s+Republic\s+of\s+China)?"
    )


@lru_cache(maxsize=None)
def kind_of_en_core(core: str) -> DepartmentKind | None:
    norm = re.sub(r"\s+", " ", core).lower()
    for kind in kinds().values():
        if norm in (c.lower() for c in kind.en_cores):
            return kind
    return None


def level_rank(level: str | None) -> int:
    """0 for national ... 5 for township; 9 when the level is unknown."""
    return _LEVEL_RANK.get(level or "", 9)


def level_of_prefix(prefix: str) -> str | None:
    """The level a prefix word names: 省 -> provincial, 市 -> municipal, 区 -> district..."""
    return _LEVEL_CHAR.get(prefix)


def level_of_division(division_level: str, name: str) -> str:
    """A body's level from its place: a province (or municipality under the centre) is
    provincial, a prefecture city municipal, a 区 district, anything else at that tier county."""
    if division_level == "province":
        return "provincial"
    if division_level == "city":
        return "municipal"
    return "district" if name.endswith("区") else "county"


def level_of_unit(unit: str) -> str | None:
    """What the unit alone says: 部/总局 are national, 厅 provincial."""
    return {"部": "national", "总局": "national", "厅": "provincial"}.get(unit)


def en_unit(unit: str, level: str | None) -> str:
    """The English unit word of a Chinese unit (局 Bureau, 厅 Department, 部 Ministry ...)."""
    if level == "national" and unit in ("局", "总局"):
        return "Administration"
    return _UNIT_EN.get(unit, "Bureau")


def en_label(kind: DepartmentKind, unit: str, level: str | None, place_en: str, city: bool = False) -> str:
    """"Hangzhou Municipal Bureau of Human Resources and Social Security", "Ministry of Justice",
    "Zhejiang Provincial Department of Justice", "Wuhan Municipal People's Government"; `city`: the
    place is a city (Beijing is provincial in level, municipal in name)."""
    level_word = "Municipal" if city and level == "provincial" else _LEVEL_EN.get(level or "", "")
    if kind.key == "government":
        return " ".join(w for w in (place_en, level_word, "People's Government") if w)
    if kind.key == "government-office":
        return " ".join(w for w in (place_en, level_word, "People's Government")
                        if w) + " General Office" if place_en else "General Office of the People's Government"
    head = "National" if level == "national" and unit not in ("部",) else level_word
    return " ".join(w for w in (place_en, head, en_unit(unit, level), "of", kind.en) if w)
