"""The body that writes a report: found in the title, the page's metadata lines (发布机构,
索引号), the opening sentence whose subject it is, or the closing signature, among every
mention of a government body (`rules_*.pattern_bureaus`). A short form with no place (区人社局)
takes its place from another mention of the same body, from the index number's GB/T 2260
code, or from the first division of its level the report names; when none does, the body is
kept with an unknown place (and a warning) rather than given a wrong one.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from legalkg.graph.resolve import place_slug
from legalkg.ingest.departments import (
    en_label,
    kinds,
    level_of_division,
    level_of_prefix,
    level_of_unit,
    zh_name_regex,
)
from legalkg.ingest.hits import Hit
from legalkg.ingest.places import Division, divisions, first_named, locate, named

_EN_LEVEL = {"municipal": "市", "city": "市", "district": "区", "county": "县", "provincial": "省",
             "province": "省", "municipality": "市"}
_LEVEL_CHARS = "市区县省州旗盟"  # the level characters a body's name may open with (level_of_prefix reads them)
_EN_UNIT = re.compile(r"\b(Ministry|Department|Bureau|Commission|Administration|Office|Committee|Government)\b", re.I)
_EN_UNIT_ZH = {"ministry": "部", "department": "厅", "bureau": "局", "commission": "委员会",
               "administration": "总局", "office": "办公室", "committee": "委员会", "government": "政府"}
_METADATA = re.compile(r"^\s*[-*·•]?\s*(?:发布机构|发文机关|发文单位|发布单位|信息来源|来源|公开主体|主办单位)\s*[:：]", re.M)
_INDEX_NUMBER = re.compile(r"索\s*引\s*号\s*[:：]\s*(\d{6})")
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[。；;!！？?\n])\s*(?:(?:19|20)\d\d\s*年(?:以来|度|全年)?\s*[,，、]?\s*)?"
    r"(?:在[^。；\n]{0,80}?下\s*[,，]\s*)*(?:现将|由|是|为)?\s*$"
)
_EN_SUBJECT_BEFORE = re.compile(r"(?:^|[.;\n])\s*(?:In\s+(?:19|20)\d\d\s*,\s*)?(?:[Tt]he\s+)?$")


@dataclass(frozen=True, slots=True)
class Reporter:
    """The reporting body as found: place ("杭州市" / "Hangzhou" / "" when unknown), the level
    character its names use (市/区/县/省, "" for national bodies), its department kind, its unit
    (局/厅/部/委员会/...), its administrative level (national ... township, None if unknown)."""

    place: str
    level: str
    kind: str = "hrss"
    unit: str = "局"
    rank: str | None = None

    @property
    def slug(self) -> str:
        return place_slug(self.place) if self.place else ""


def title_line(text: str) -> str | None:
    """The report's title: among its first lines, one that says it is a report."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    titled = [ln for ln in lines[:12] if re.search(r"报告|总结|Report|report", ln) and len(ln) < 100]
    ruled = [ln for ln in titled if re.search(r"法治|依法|[Ll]aw|[Rr]ule of", ln)]
    return (ruled or titled or [None])[0]


def find_reporter(text: str, hits: list[Hit], lang: str) -> tuple[Reporter | None, str | None]:
    """(the reporting body, the title line) of a report whose body mentions are `hits`."""
    title = title_line(text)
    if not hits:
        return None, title
    best = _ranked(text, hits, title, lang)[0]
    reporter = _describe(best, text, lang)
    if not reporter.place and reporter.rank != "national":
        reporter = _placed(reporter, best, text, hits, lang)
    return reporter, title


def _ranked(text: str, hits: list[Hit], title: str | None, lang: str) -> list[Hit]:
    """Body mentions, likeliest reporter first: in the title, in a metadata line, as the subject
    of an opening sentence, in the signature, then by how often their kind is named."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    head_end = len(text) - len(text.lstrip()) + sum(len(ln) + 1 for ln in lines[:12])
    addressees = [h for h in hits if re.match(r"\s*[:：]", text[h.end:h.end + 3])]
    hits = [h for h in hits if h not in addressees] + addressees  # 杭州市人民政府： is whom it is sent to
    in_title = [h for h in hits if title and h.start < head_end and text[h.start:h.end] in title]
    metadata_lines = [(m.end(), text.find("\n", m.end())) for m in _METADATA.finditer(text, 0, head_end + 400)]
    in_metadata = [h for h in hits if any(a <= h.start and (b == -1 or h.end <= b) for a, b in metadata_lines)]
    subject = _EN_SUBJECT_BEFORE if lang != "zh" else _SUBJECT_BEFORE
    as_subject = [h for h in hits if h.start < 1500 and subject.search(text, max(0, h.start - 120), h.start)]
    tail = max(0, len(text) - 300)
    signed = [h for h in hits if h.start >= tail and _alone_on_line(text, h)]
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.key or ""] = counts.get(h.key or "", 0) + 1
    by_kind = sorted(hits, key=lambda h: (-counts[h.key or ""], not h.name, h.start))
    ranked = []
    for group in (in_title, in_metadata, as_subject, signed, by_kind):
        group = [h for h in group if h not in addressees] or group
        placed = [h for h in group if h.name]
        ranked.extend(placed + [h for h in group if not h.name])
    return ranked


def _alone_on_line(text: str, hit: Hit) -> bool:
    start = text.rfind("\n", 0, hit.start) + 1
    end = text.find("\n", hit.end)
    line = text[start:end if end != -1 else len(text)].strip()
    return len(line) <= hit.length + 4


def _describe(hit: Hit, text: str, lang: str) -> Reporter:
    """What one body mention says: place, level character, kind, unit, administrative level."""
    surface = text[hit.start:hit.end]
    kind = hit.key or "hrss"
    if lang == "zh":
        m = zh_name_regex().search(surface)
        unit = m.group("unit") if m else "局"
        if kind == "government":
            unit = "政府"
        prefix = surface[: m.start()] if m else ""
        level = hit.name[-1:] if hit.name else (prefix[-1:] if prefix[-1:] and prefix[-1:] in _LEVEL_CHARS or prefix == "街道" else "")
        if prefix.endswith(("国家", "中华人民共和国")) or (not hit.name and not level and level_of_unit(unit) == "national"):
            return Reporter("", "", kind, unit, "national")
    else:
        unit_word = _EN_UNIT.search(surface)
        unit = _EN_UNIT_ZH.get(unit_word.group(1).lower(), "局") if unit_word else "局"
        found = re.search(r"\b(Provincial|Municipal|City|District|County|Province|Municipality)\b", surface)
        level = _EN_LEVEL[found.group(1).lower()] if found else ""
        if not hit.name and not level and re.search(r"\b(?:Ministry|National|State)\b|People[’']s Republic", surface):
            return Reporter("", "", kind, unit, "national")
    return Reporter(hit.name, level, kind, unit, _rank(hit.name, level, unit, text))


def _rank(place: str, level: str, unit: str, text: str) -> str | None:
    if place:
        division = locate(place, text)
        if division is not None:
            return level_of_division(division.level, division.name)
    return level_of_prefix(level) or level_of_unit(unit)


def _placed(reporter: Reporter, best: Hit, text: str, hits: list[Hit], lang: str) -> Reporter:
    """A body named without its place takes the place another mention of it gives (the title,
    the signature, any mention of the same kind and level), else the division of the index
    number (索引号 370402/…), else the first division of its level the report names."""
    for hit in hits:
        if hit.name and hit.key == best.key:
            other = _describe(hit, text, lang)
            if other.unit == reporter.unit and reporter.level in ("", other.level):
                return other
    if lang != "zh":
        return reporter
    division = _indexed_division(text, reporter.level)
    if division is None and reporter.level in ("市", "区", "县"):
        division = first_named(text, reporter.level)
    if division is None:
        return reporter
    level = division.name[-1]
    return Reporter(division.name, level, reporter.kind, reporter.unit,
                    level_of_division(division.level, division.name))


def _indexed_division(text: str, level: str) -> Division | None:
    """The division whose GB/T 2260 code leads the page's index number, when its level fits."""
    m = _INDEX_NUMBER.search(text)
    division = divisions().get(m.group(1)) if m else None
    if division is None or (level and not division.name.endswith(level)):
        return None
    return division


def division_code(reporter: Reporter | None, text: str) -> str | None:
    """The official code of the reporter's division, when the place is one and only one."""
    division = locate(reporter.place, text) if reporter is not None and reporter.place else None
    return division.code if division is not None else None


def places(reporter: Reporter) -> tuple[str, ...]:
    """The reporter's place as the text may write it (杭州市, 杭州)."""
    place = reporter.place
    if not place:
        return ()
    return (place, place[:-1]) if len(place) > 2 and not place.isascii() else (place,)


def is_reporter(hit: Hit, reporter: Reporter | None, text: str, lang: str) -> bool:
    """Whether a body mention names the reporter (same kind, and the same place or level)."""
    if reporter is None or (hit.key or "hrss") != reporter.kind:
        return False
    if hit.name:
        return bool(reporter.place) and place_slug(hit.name) == reporter.slug
    described = _describe(hit, text, lang)
    if reporter.rank == "national" or described.rank == "national":
        return described.rank == reporter.rank
    return described.level in ("", reporter.level) and described.unit == reporter.unit


def body_key(reporter: Reporter, code: str | None, text: str) -> str:
    """The body's IRI key: place slug (with the division code when the name is shared), kind;
    national bodies are "china-<kind>"; a body whose place is unknown is keyed by its report,
    so that two unplaced bodies are never merged into one."""
    if reporter.rank == "national" and not reporter.place:
        return f"china-{reporter.kind}"
    if not reporter.place:
        digest = hashlib.sha1(text[:4000].encode("utf-8")).hexdigest()[:10]
        return f"unplaced-{reporter.rank or 'unknown'}-{reporter.kind}-{digest}"
    slug = reporter.slug
    return f"{slug}-{code}-{reporter.kind}" if code else f"{slug}-{reporter.kind}"


def body_labels(reporter: Reporter, lang: str) -> dict[str, str]:
    """Canonical labels: 杭州市人力资源和社会保障局 / "Hangzhou Municipal Bureau of Human
    Resources and Social Security"; 司法部 / "Ministry of Justice"."""
    kind = kinds()[reporter.kind]
    place_en = _title_case(reporter.slug) if reporter.place else ""
    city = bool(reporter.place) and any(d.name.endswith("市") for d in named(reporter.place))
    en = en_label(kind, reporter.unit, reporter.rank, place_en, city)
    if lang != "zh":
        return {"en": en}
    prefix = reporter.place or ("国家" if reporter.rank == "national" and reporter.unit != "部" else reporter.level)
    return {"zh": prefix + kind.zh_name(reporter.unit), "en": en}


def _title_case(slug: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in slug.split("-"))
