"""Extract what one report says: its language, year, reporting bureau, and the regulations,
mechanisms and partner agencies it mentions, each mention with offsets, sentence and status.

Flow: (normalised) text -> the rule patterns, chunk by chunk (`pipeline.chunk_hits`: the hits
the spaCy component of `pipeline.annotate` attaches to a Doc, without tokenising) -> hits ->
entities keyed by `legalkg.graph.resolve`, so keys agree across reports and languages.
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, replace

from legalkg.graph.resolve import (
    gazetteer,
    normalize_name,
    pattern_key,
    place_slug,
    resolve,
)
from legalkg.ingest import rules_en, rules_zh
from legalkg.ingest.hits import Hit, Spans
from legalkg.ingest.language import detect_language
from legalkg.ingest.figures import find_figures
from legalkg.ingest.model import Document, Entity, Extraction, Figure, Mention, Status
from legalkg.ingest.normalize import normalize
from legalkg.ingest.pipeline import chunk_hits
from legalkg.ingest.places import named
from legalkg.ingest.reporter import Reporter, body_key, body_labels, division_code, find_reporter, is_reporter
from legalkg.ingest.reporter import places as reporter_places
from legalkg.ingest.roles import with_roles
from legalkg.ingest.sentences import SentenceFinder

_EN_LEVEL = {"municipal": "市", "city": "市", "district": "区", "county": "县", "provincial": "省"}
_ZH_LEVEL_SLUG = {"省": "provincial", "市": "municipal", "区": "district", "县": "county",
                  "镇": "town", "乡": "township", "街道": "subdistrict"}


def extract(document: Document, segmenter: str | None = None) -> Extraction:
    """Everything one report yields (see the module docstring). `segmenter` is accepted for
    callers of the spaCy pipeline; the rules read characters, so it changes nothing here."""
    original = document.text
    text = normalize(original)  # same length: offsets in `text` are offsets in `original`
    lang = detect_language(text)
    rules = rules_zh if lang == "zh" else rules_en
    year = rules.find_year(text)
    bureau_hits = rules.pattern_bureaus(text)
    reporter, title = find_reporter(text, bureau_hits, lang)
    places = reporter_places(reporter) if reporter else ()

    hits: list[Hit] = []
    for offset, chunk in chunk_hits(text, lang, places):
        for hit in chunk:
            hit.start += offset
            hit.end += offset
            hits.append(hit)

    plans = rules.plan_ranges(text, year)
    builder = _Builder(original, text, plans, SentenceFinder(original, lang), lang)
    place = division_code(reporter, text)
    bureau = _bureau_entity(builder, bureau_hits, hits, reporter, lang, place)
    partner_blockers = Spans([h for h in bureau_hits if is_reporter(h, reporter, text, lang)])
    for hit in bureau_hits:  # the same kind of body in another place (区人社局 of 上城区) is a partner
        if (hit.name and reporter is not None and hit.key == reporter.kind
                and text[hit.start:hit.end].rstrip().lower().endswith(("局", "bureau"))
                and not is_reporter(hit, reporter, text, lang)):
            hits.append(Hit("partner", hit.start, hit.end, text[hit.start:hit.end],
                            key=f"{place_slug(hit.name)}-{hit.key}"))
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.kind == "partner":
            if partner_blockers.contains(hit):
                continue
            key = _partner_key(hit, text, reporter, lang)
            if bureau is not None and key == bureau.key or _part_of_reporter(key, reporter):
                continue
            builder.add(hit, key)
        else:
            builder.add(hit, hit.key or resolve(hit.kind, hit.name)[0])

    warnings = []
    if bureau is None:
        warnings.append(f"{document.name}: no reporting body found")
    elif reporter is not None and not reporter.place and reporter.rank != "national":
        warnings.append(f"{document.name}: the reporting body's place is not named ({bureau.label})")
    if year is None:
        warnings.append(f"{document.name}: no report year found")
    return Extraction(
        document=document,
        language=lang,
        year=year,
        bureau=bureau,
        regulations=_with_levels(builder.entities("regulation")),
        mechanisms=builder.entities("mechanism"),
        partners=with_roles(builder.entities("partner"), text, lang, reporter.rank if reporter else None),
        figures=[builder.figure(found) for found in find_figures(text, lang)],
        title=title,
        warnings=warnings,
        place=place,
        plans=sorted(plans),
    )


def _with_levels(regulations: list[Entity]) -> list[Entity]:
    """Each regulation's level, read from its Chinese title when it has one; a title printed by
    a notice (…关于印发<X>的通知) that shows no level of its own takes the notice's."""
    for entity in regulations:
        zh = entity.labels.get("zh")
        entity.level = rules_zh.regulation_level(zh) if zh else rules_en.regulation_level(entity.label)
        if entity.level is None:  # the issuer in its number: 国办发, 人社部发, 浙政发
            entity.level = next(filter(None, map(rules_zh.level_from_number, entity.identifiers)), None)
    for entity in (e for e in regulations if e.level is None):
        entity.level = next(
            (outer.level for outer in regulations if outer.level and outer is not entity
             and any(o.start <= m.start and m.end <= o.end for o in outer.mentions for m in entity.mentions)),
            None,
        )
    return regulations


# ---- the reporting body -----------------------------------------------------------------

def _bureau_entity(builder: "_Builder", bureau_hits: list[Hit], hits: list[Hit],
                   reporter: Reporter | None, lang: str, place: str | None) -> Entity | None:
    if reporter is None:
        return None
    shared_name = place is not None and len(named(reporter.place)) > 1
    key = body_key(reporter, place if shared_name else None, builder.text)
    labels = body_labels(reporter, lang)
    label = labels.get(lang) or labels["en"]
    entity = Entity("bureau", key, label, labels=labels, curated=True,
                    department=reporter.kind, admin_level=reporter.rank)
    taken = Spans([h for h in hits if h.kind == "partner" and h.length > 0])
    for hit in bureau_hits:
        if is_reporter(hit, reporter, builder.text, lang):
            if any(t.length > hit.length for t in taken.covering(hit)):
                continue
            mention = builder.mention(hit, "bureau")
            entity.mentions.append(mention)
            if mention.text != label and mention.text not in entity.aliases:
                entity.aliases.append(mention.text)
    return entity


# ---- partner keys ----------------------------------------------------------------------

def _partner_key(hit: Hit, text: str, reporter: Reporter | None, lang: str) -> str:
    """Curated agency type, qualified by place when the surface names a level or place: 市司法局
    in a Hangzhou report and "Municipal Bureau of Justice" in its translation share one key."""
    surface = text[hit.start:hit.end]
    entry = gazetteer("partner").lookup(surface)
    if entry is not None and entry.key not in ("government", "party-committee", "government-office"):
        local = _is_local_type(entry.key) and reporter is not None
        return f"{reporter.slug}-{entry.key}" if local else entry.key  # type: ignore[union-attr]
    level, rest = _split_level(surface, reporter, lang)
    base = hit.key
    if base is None or entry is None:
        found = gazetteer("partner").lookup(rest)
        base = found.key if found else (hit.key or pattern_key("partner", rest))
    if not level:
        local = entry is None and hit.key is not None and _is_local_type(base)
        return f"{reporter.slug}-{base}" if local and reporter is not None else base
    if reporter is not None and (level == reporter.level or place_slug(level) == reporter.slug):
        return f"{reporter.slug}-{base}"
    if level in _ZH_LEVEL_SLUG:
        return f"{_ZH_LEVEL_SLUG[level]}-{base}"
    return f"{place_slug(level)}-{base}"


# Bodies that sit inside a department of a kind (a labour arbitration institute is run by the
# human resources bureau): named in that department's report, they are the body itself.
_INSIDE = {"hrss": ("arbitration-committee",)}


def _part_of_reporter(key: str, reporter: Reporter | None) -> bool:
    return reporter is not None and any(key == k or key.endswith("-" + k) for k in _INSIDE.get(reporter.kind, ()))


def _is_local_type(key: str) -> bool:
    """Agency types that, named bare in a report, mean the local one (司法局 in a county
    report is the county's bureau of justice)."""
    entry = gazetteer("partner").entries.get(key)
    return bool(entry) and entry.zh.endswith(("局", "委员会", "中心", "办"))


def _split_level(surface: str, reporter: Reporter | None, lang: str) -> tuple[str, str]:
    """(level or place prefix, remainder) of a partner's surface form."""
    if lang == "zh":
        if reporter is not None:
            for place in reporter_places(reporter):
                if surface.startswith(place) and len(surface) > len(place) + 1:
                    return reporter.level, surface[len(place):]
        for word in ("街道", "省", "市", "区", "县", "镇", "乡"):
            if surface.startswith(word) and (len(surface) > len(word) + 1 or surface[len(word):] == "委"):
                return word, surface[len(word):]
        return "", surface
    words = surface.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words and words[0].lower() in _EN_LEVEL:
        return _EN_LEVEL[words[0].lower()], " ".join(words[1:])
    return "", " ".join(words)


# ---- entities and mentions -------------------------------------------------------------

class _Builder:
    """Collects mentions into entities keyed by (kind, key), in first-mention order."""

    def __init__(self, original: str, text: str,
                 plans: list[tuple[int, int]], sentences: SentenceFinder, lang: str) -> None:
        self.original = original
        self.text = text
        self.plans = sorted(plans)
        self.plan_starts = [a for a, _ in self.plans]
        self.sentences = sentences
        self.lang = lang
        self.by_key: dict[tuple[str, str], Entity] = {}

    def locate(self, start: int, end: int) -> tuple[int, int, int, int, Status]:
        """The sentence around `start:end` and whether it stands in a plan section (the
        normalised text has the original's length, so offsets are the original's)."""
        s_start, s_end = self.sentences.span(start, end)
        j = bisect.bisect_right(self.plan_starts, start) - 1
        planned = j >= 0 and start < self.plans[j][1]
        return start, end, s_start, s_end, "planned" if planned else "done"

    def mention(self, hit: Hit, kind: str) -> Mention:
        start, end, s_start, s_end, status = self.locate(hit.start, hit.end)
        return Mention(kind, self.original[start:end], start, end, s_start, s_end, status)  # type: ignore[arg-type]

    def figure(self, found: Figure) -> Figure:
        """`found` with the sentence the extractor uses for evidence and its plan status."""
        start, end, s_start, s_end, status = self.locate(found.start, found.end)
        return replace(found, start=start, end=end, sentence_start=s_start, sentence_end=s_end, status=status)

    def add(self, hit: Hit, key: str) -> None:
        kind = hit.kind
        entity = self.by_key.get((kind, key))
        if entity is None:
            entity = self._new_entity(hit, kind, key)
            self.by_key[(kind, key)] = entity
        mention = self.mention(hit, kind)
        entity.mentions.append(mention)
        for name in (mention.text, _clean(hit.name)):
            if name and name != entity.label and name not in entity.aliases:
                entity.aliases.append(name)
        for ident in hit.identifiers:
            if ident not in entity.identifiers:
                entity.identifiers.append(ident)

    def _new_entity(self, hit: Hit, kind: str, key: str) -> Entity:
        entry = gazetteer(kind).entries.get(key) if kind in ("regulation", "mechanism", "partner") else None
        surface = _clean(hit.name) if kind != "partner" else _clean(self.text[hit.start:hit.end])
        if entry is not None:
            # A curated key has the gazetteer's labels in every report, so the IRI keeps one
            # skos:prefLabel per language; the surface form becomes an alias in add().
            labels = entry.labels
            label = labels.get(self.lang) or surface
            return Entity(kind, key, label, labels={self.lang: label, **labels}, curated=True,  # type: ignore[arg-type]
                          broader=list(entry.broader))
        return Entity(kind, key, surface, labels={self.lang: surface}, curated=False)  # type: ignore[arg-type]

    def entities(self, kind: str) -> list[Entity]:
        """Entities of `kind`, with uncurated near-duplicates (one name inside the other, or
        nearly equal) folded into the first-mentioned."""
        out: list[Entity] = []
        names: list[_Name] = []  # out's names, computed once per entity (labels do not change here)
        for entity in (e for (k, _), e in self.by_key.items() if k == kind):
            mergeable = not (entity.curated or kind == "partner"
                             or (kind == "regulation" and not entity.label.isascii()))
            this = _Name.of(entity)
            i = _twin(names, this) if mergeable else None
            if i is None:
                out.append(entity)
                names.append(this)
                continue
            twin = out[i]
            twin.mentions.extend(entity.mentions)
            for name in (entity.label, *entity.aliases):
                if name != twin.label and name not in twin.aliases:
                    twin.aliases.append(name)
            twin.identifiers.extend(i for i in entity.identifiers if i not in twin.identifiers)
        return out


@dataclass(slots=True)
class _Name:
    """What `_same_thing` compares of an entity: its normalised label, its pattern key (None
    for a curated entity), the label's set of characters and its character counts, counted
    the first time a comparison needs them (most pairs are told apart by their lengths or
    their sets of characters)."""

    norm: str
    key: str | None
    chars: frozenset[str] = frozenset()
    _counts: dict[str, int] | None = None

    @classmethod
    def of(cls, entity: Entity) -> "_Name":
        norm = normalize_name(entity.label)
        key = None if entity.curated else pattern_key(entity.kind, entity.label)
        return cls(norm, key, frozenset(norm))

    @property
    def counts(self) -> dict[str, int]:
        if self._counts is None:  # str.count per distinct character: a short name counts faster than Counter
            self._counts = {ch: self.norm.count(ch) for ch in set(self.norm)}
        return self._counts


def _twin(names: list[_Name], name: _Name) -> int | None:
    """The index of the first of `names` that names the same thing as `name`."""
    for i, other in enumerate(names):
        if _same_thing(other, name):
            return i
    return None


def _same_thing(a: _Name, b: _Name) -> bool:
    x, y = a.norm, b.norm
    # _nested(x, y) written out, and the length bound of _similarity_bound checked here: most
    # pairs of a report are told apart by their lengths, and a call costs more than the test
    lx, ly = len(x), len(y)
    short = min(lx, ly)
    if short >= 4 and 2 * short >= max(lx, ly) and (y in x if lx > ly else x in y):
        return True
    if a.key is not None and b.key is not None and _nested(a.key, b.key):
        return True  # 年终述法制度 / 领导干部年终述法工作制度: the same once the heads are set aside
    if lx + ly and 2.0 * short / (lx + ly) < 0.8:
        return False  # below every threshold (_similarity_bound's first bound)
    threshold = 0.85 if x.isascii() else 0.8
    if _similarity_bound(a, b) < threshold:
        return False  # difflib's ratio never exceeds this bound, and computing it is far dearer
    return difflib.SequenceMatcher(None, x, y).ratio() >= threshold


def _similarity_bound(a: _Name, b: _Name) -> float:
    """An upper bound of SequenceMatcher(None, a, b).ratio(): the share of characters the two
    names could have in common by their lengths (difflib's real_quick_ratio) and, when that is
    high, as multisets (its quick_ratio, from counts made once)."""
    length = len(a.norm) + len(b.norm)
    if not length:
        return 1.0
    by_length = 2.0 * min(len(a.norm), len(b.norm)) / length
    if by_length < 0.8:  # below every threshold _same_thing uses
        return by_length
    # the characters in common are at most the distinct ones shared plus the repeats of either
    repeats = min(len(a.norm) - len(a.chars), len(b.norm) - len(b.chars))
    by_set = 2.0 * (len(a.chars & b.chars) + repeats) / length
    if by_set < 0.8:
        return by_set
    shared = a.counts.keys() & b.counts.keys()
    common = sum(map(min, map(a.counts.__getitem__, shared), map(b.counts.__getitem__, shared)))
    return 2.0 * common / length


def _nested(x: str, y: str) -> bool:
    """One name inside the other, the inner one at least 4 characters and half the outer."""
    short, long_ = (y, x) if len(x) > len(y) else (x, y)
    return len(short) >= 4 and 2 * len(short) >= len(long_) and short in long_


_SPACES = re.compile(r"\s+")


def _clean(name: str) -> str:
    name = _SPACES.sub(" ", name).strip()
    if name.startswith("《") and name.endswith("》"):
        name = name[1:-1]
    return name
