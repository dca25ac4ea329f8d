"""What the network page knows besides nodes and links: short labels, search keys (labels,
useful aliases, pinyin), the bureau × mechanism matrix and mechanism adoption by year.

Plain dicts, so the same objects can later come from a server as JSON.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

from legalkg.viz.network import NetworkData, NetworkNode

LABEL_CHARS = {"zh": 12, "en": 26}  # short label length, per script
MATRIX_BUREAUS, MATRIX_MECHANISMS = 200, 60
ADOPTION_MECHANISMS = 40
# Aliases that name a kind of thing rather than one thing: matching them finds everything.
GENERIC_ALIASES = frozenset({
    "条例", "办法", "规定", "意见", "通知", "决定", "法", "法律", "法规", "规章", "制度", "机制", "方案", "细则",
    "人力资源和社会保障局", "人力资源社会保障局", "人社局", "人力社保局", "人社部门", "人力资源和社会保障部门",
    "市人力社保局", "区人力社保局", "县人力社保局", "市人社局", "县人社局", "区人社局", "本局", "我局",
    "政府", "人民政府", "市政府", "县政府", "区政府", "委员会", "办公室", "法院", "检察院", "司法局",
    "bureau", "the bureau", "municipal bureau", "regulation", "regulations", "law", "measures", "provisions",
    "government", "municipal government", "committee", "office", "court",
})
SHARED_ALIAS = 3  # an alias of this many entities or more is generic too
_ABBREVIATIONS = (
    ("人力资源和社会保障局", "人社局"), ("人力资源社会保障局", "人社局"), ("人力资源和社会保障", "人社"),
    ("Bureau of Human Resources and Social Security", "HRSS Bureau"),
    ("Human Resources and Social Security Bureau", "HRSS Bureau"),
    ("Department of Human Resources and Social Security", "HRSS Dept."),
    (" Municipal ", " "), (" People's Republic of China", " PRC"),
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def short_label(label: str, lang: str = "zh") -> str:
    """A label short enough to sit under a node: common long forms abbreviated (…人力资源和社会
    保障局 -> …人社局, Bureau of Human Resources… -> HRSS Bureau), then cut at a word or
    bracket boundary with "…". The full label stays in the tooltip and side panel."""
    text = " ".join(label.split())
    for long, short in _ABBREVIATIONS:
        text = text.replace(long, short)
    cjk = bool(_CJK.search(text))
    limit = LABEL_CHARS["zh" if cjk else "en"]
    if len(text) <= limit:
        return text
    if not cjk:
        cut = text.rfind(" ", 0, limit)
        return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:-") + "…"
    if text.startswith("《") and "》" in text[: limit + 2]:
        return text[: text.index("》") + 1]
    return text[: limit - 1] + "…"


@lru_cache(maxsize=1)
def _pinyin():  # noqa: ANN202
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin, Style


PINYIN_CHARS = 16  # people type the start of a name; pinyin for the rest costs time, finds nothing


def pinyin_keys(text: str) -> list[str]:
    """Full pinyin without spaces and the initials of each syllable (杭州 -> hangzhou, hz), of
    the first PINYIN_CHARS characters."""
    if not _CJK.search(text):
        return []
    lazy_pinyin, _ = _pinyin()
    syllables = [s.lower() for s in lazy_pinyin(text[:PINYIN_CHARS], errors="ignore") if s.isalpha()]
    return ["".join(syllables), "".join(s[0] for s in syllables)]


_DIVISION_SUFFIX = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|自治州|自治县|省|市|地区|盟|县|区|旗)$")


@lru_cache(maxsize=4096)
def romanize_place(name: str) -> str:
    """A Chinese place name in pinyin without its level word (浙江省 -> Zhejiang, 上虞区 ->
    Shangyu), for the English view where the graph has no English name; other text as it is."""
    if not _CJK.search(name):
        return name
    lazy_pinyin, _ = _pinyin()
    core = _DIVISION_SUFFIX.sub("", name) or name
    return "".join(s for s in lazy_pinyin(core, errors="ignore") if s.isalpha()).capitalize() or name


def generic_aliases(data: NetworkData) -> set[str]:
    """The aliases left out of search: the listed generic names, names of one or two characters
    or letters, and any alias that SHARED_ALIAS or more entities carry."""
    shared = Counter(alias.casefold() for node in data.nodes for alias in set(node.aliases))
    found = {alias for alias, n in shared.items() if n >= SHARED_ALIAS}
    found |= {alias for alias in shared if alias in GENERIC_ALIASES or len(alias) <= 2}
    return found


def search_keys(node: NetworkNode, generic: set[str]) -> list[str]:
    """Lower-cased strings a search matches against: labels, aliases not generic, pinyin."""
    names = [*node.labels.values(), node.label]
    names += [alias for alias in node.aliases if alias.casefold() not in generic]
    keys = {name.casefold() for name in names if name}
    for label in node.labels.values():
        keys.update(pinyin_keys(label))
    return sorted(keys)


def matrix(data: NetworkData) -> dict[str, Any]:
    """Bureaus × mechanisms: one cell per implements link with its report count, first year and
    link number (for the evidence); the bureaus and mechanisms with most links first, cut at
    MATRIX_BUREAUS × MATRIX_MECHANISMS (`total` says how many there were)."""
    index = {edge_key: n for n, edge_key in enumerate((e.source, e.target, e.relation) for e in data.edges)}
    implements = [e for e in data.edges if e.relation == "implements"]
    by_bureau: Counter[str] = Counter(e.source for e in implements)
    by_mechanism: Counter[str] = Counter(e.target for e in implements)
    rows = sorted(by_bureau, key=lambda b: (-by_bureau[b], b))[:MATRIX_BUREAUS]
    cols = sorted(by_mechanism, key=lambda m: (-by_mechanism[m], m))[:MATRIX_MECHANISMS]
    row_of, col_of = {b: i for i, b in enumerate(rows)}, {m: i for i, m in enumerate(cols)}
    cells = []
    for edge in implements:
        if edge.source in row_of and edge.target in col_of:
            reports = len({ev.report for ev in edge.evidence}) or 1
            first = min(edge.years) if edge.years else None
            cells.append([row_of[edge.source], col_of[edge.target], reports, first,
                          index[(edge.source, edge.target, edge.relation)]])
    return {"rows": rows, "cols": cols, "cells": cells,
            "total": {"rows": len(by_bureau), "cols": len(by_mechanism)}}


def adoption(data: NetworkData) -> dict[str, Any]:
    """Mechanisms × years: how many bureaus report each mechanism in each year, and in which
    year each bureau first did (`first`), for the ADOPTION_MECHANISMS most adopted."""
    bureaus_in: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for edge in data.edges:
        if edge.relation != "implements":
            continue
        for year in edge.years:
            bureaus_in[edge.target][year].add(edge.source)
        if edge.years:
            first[edge.target][edge.source] = min(edge.years)
    years = sorted({y for per in bureaus_in.values() for y in per})
    chosen = sorted(bureaus_in, key=lambda m: (-len(first[m]), m))[:ADOPTION_MECHANISMS]
    return {
        "years": years, "mechanisms": chosen,
        "counts": [[len(bureaus_in[m].get(y, ())) for y in years] for m in chosen],
        "first": [[sum(1 for v in first[m].values() if v == y) for y in years] for m in chosen],
    }
