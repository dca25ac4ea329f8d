"""A synthetic corpus for load tests only: realistic reports made by recombining the sentences of
the shipped sample reports under other bureaus, places and years.

Why recombine real sentences: extraction cost depends on the density of titles, quotes and agency
names, which real sentences have and invented filler lacks. Not for quality evaluation.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

PLACES = (
    "成都市", "武汉市", "南京市", "苏州市", "宁波市", "温州市", "嘉兴市", "湖州市", "金华市", "台州市",
    "合肥市", "福州市", "厦门市", "南昌市", "济南市", "青岛市", "郑州市", "长沙市", "广州市", "深圳市",
    "东莞市", "南宁市", "海口市", "重庆市", "贵阳市", "昆明市", "西安市", "兰州市", "西宁市", "银川市",
    "太原市", "石家庄市", "沈阳市", "大连市", "长春市", "哈尔滨市", "呼和浩特市", "乌鲁木齐市", "拉萨市",
    "天津市", "北京市", "上海市", "无锡市", "常州市", "徐州市", "扬州市", "绍兴市", "丽水市", "衢州市",
    "舟山市", "义乌市", "余杭区", "萧山区", "鄞州区", "龙湾区", "柯桥区", "安吉县", "桐乡市", "海宁市",
)
_SAMPLE_PLACES = ("杭州市", "杭州", "上虞区", "上虞", "缙云县", "缙云", "佛山市", "佛山", "绍兴市", "丽水市")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")


@dataclass(frozen=True, slots=True)
class _Pool:
    zh: tuple[str, ...]
    en: tuple[str, ...]
    zh_chars: int  # mean length in characters of the shipped zh samples
    en_chars: int  # the same for the English ones


@cache
def _pool() -> _Pool:
    corpus = files("legalkg.ingest").joinpath("samples/corpus")
    zh: list[str] = []
    en: list[str] = []
    lengths: dict[str, list[int]] = {"zh": [], "en": []}
    for entry in sorted(corpus.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt"):
            continue
        text = entry.read_text(encoding="utf-8")
        if entry.name.endswith("-en.txt"):
            en.extend(p.strip() for p in text.split("\n") if len(p.strip()) > 40)
            lengths["en"].append(len(text))
        else:
            zh.extend(s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 12)
            lengths["zh"].append(len(text))
    mean = {lang: sum(n) // len(n) for lang, n in lengths.items()}
    return _Pool(tuple(zh), tuple(en), mean["zh"], mean["en"])


def sample_sizes() -> tuple[int, int]:
    """Mean length in characters of the shipped zh and en sample reports: the default size of a
    synthetic report (about 5,000 characters, 15 KB, for zh; the English sample is longer)."""
    pool = _pool()
    return pool.zh_chars, pool.en_chars


def _zh_report(rng: random.Random, pool: _Pool, place: str, year: int, size: int) -> str:
    bureau = f"{place}人力资源和社会保障局"
    lines = [f"{bureau}{year}年法治政府建设年度报告", f"{year}年以来,{place}人力社保局深入推进法治政府建设,现报告如下。"]
    length = sum(map(len, lines))
    section = 1
    while length < size:
        paragraph = []
        for sentence in rng.sample(pool.zh, k=min(8, len(pool.zh))):
            for old in _SAMPLE_PLACES:
                sentence = sentence.replace(old, place)
            paragraph.append(sentence)
        text = f"({section})" + "".join(paragraph)
        lines.append(text)
        length += len(text)
        section += 1
    lines.append(f"{year + 1}年工作安排")
    lines.append(rng.choice(pool.zh))
    lines.append(bureau)
    return "\n".join(lines) + "\n"


def _en_report(rng: random.Random, pool: _Pool, place: str, year: int, size: int) -> str:
    from pypinyin import lazy_pinyin

    name = "".join(lazy_pinyin(place.rstrip("市区县"))).capitalize()
    bureau = f"{name} Municipal Bureau of Human Resources and Social Security"
    lines = [f"Annual report of the {bureau} on the construction of a government under the rule of law in {year}"]
    length = len(lines[0])
    while length < size:
        paragraph = rng.choice(pool.en).replace("Hangzhou", name)
        lines.append(paragraph)
        length += len(paragraph)
    lines.append(bureau)
    return "\n\n".join(lines) + "\n"


def generate(n: int, *, seed: int = 7, english_share: float = 0.2, size: int | None = None) -> Iterator[tuple[str, str]]:
    """Yield (file name, text) for `n` synthetic reports, deterministically for a seed, one at a
    time (never the whole corpus in memory).

    `size` is a zh report's length in characters, by default the mean of the shipped zh samples;
    an English report is longer in the proportion of the shipped English sample to that mean.
    """
    rng = random.Random(seed)
    pool = _pool()
    places = _places()
    zh_size = size or pool.zh_chars
    en_size = zh_size * pool.en_chars // pool.zh_chars
    for i in range(n):
        place = rng.choice(places)
        year = rng.randint(2018, 2024)
        if rng.random() < english_share:
            yield f"synthetic-{i:06d}-{year}-en.txt", _en_report(rng, pool, place, year, en_size)
        else:
            yield f"synthetic-{i:06d}-{year}-zh.txt", _zh_report(rng, pool, place, year, zh_size)


def _places() -> list[str]:
    """Where the synthetic bureaus are: the listed places plus every prefecture- and county-level
    division of GB/T 2260, so that, as in a real collection, each bureau has about one report a
    year (60 places for 100,000 reports made bureaus with thousands of reports each)."""
    from legalkg.ingest.places import divisions

    names = {d.name for d in divisions().values() if d.level in ("city", "county") and len(d.name) >= 2}
    return [*PLACES, *sorted(names - set(PLACES))]


def write_corpus(folder: Path, n: int, *, seed: int = 7, size: int | None = None) -> int:
    """Write `n` synthetic reports into `folder`, one file at a time; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in generate(n, seed=seed, size=size):
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        total += len(data)
    return total
