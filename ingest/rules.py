"""The one aggregator of the rule patterns: run every `pattern_*` of a language over a text
and settle overlaps, so each stretch of text names at most one thing of a kind."""
from __future__ import annotations

import bisect

from legalkg.ingest import rules_en, rules_zh
from legalkg.ingest.hits import Hit, Spans


def find_hits(text: str, lang: str, places: tuple[str, ...] = ()) -> list[Hit]:
    """Regulations, mechanisms and partners (not bureaus) found in `text`, in text order."""
    rules = rules_zh if lang == "zh" else rules_en
    titles = rules.pattern_titles(text)
    title_index = Spans(titles)
    laws = [h for h in rules.pattern_laws(text) if not title_index.contains(h)]
    regulations = titles + laws
    bracket_hits = rules.pattern_bracket_spans(text)
    title_spans = Spans([h for h in titles if h.length > 4] + bracket_hits)

    gaz = rules.pattern_mechanisms_gazetteer(text)
    quoted = rules.pattern_mechanisms_quoted(text)
    heads = rules.pattern_mechanisms_heads(text)
    mechanisms = _settle_mechanisms(gaz, quoted, heads)
    mechanisms = [h for h in mechanisms if not _inside_any(h, title_spans)]

    partner_hits = rules.pattern_partners(text, places) if lang == "zh" else rules.pattern_partners(text)
    brackets = Spans(bracket_hits)
    partners = [
        h for h in _longest(partner_hits)
        if not _inside_any(h, title_spans) or (_issuer(text, h, lang) and not brackets.contains(h))
    ]
    mechanism_index = Spans(mechanisms)
    partners = [h for h in partners if h.source == "gazetteer" or not mechanism_index.overlaps(h)]
    return sorted(regulations + mechanisms + partners, key=lambda h: (h.start, -h.end))


def _issuer(text: str, hit: Hit, lang: str) -> bool:
    """An agency named as the issuer of an unbracketed title (…办公室关于印发…) is still a
    partner; inside 《》 it is part of the title."""
    return text.startswith("关于", hit.end) if lang == "zh" else text.startswith(" on ", hit.end)


def _inside_any(hit: Hit, others: list[Hit] | Spans) -> bool:
    spans = others if isinstance(others, Spans) else Spans(others)
    return spans.contains(hit)


def _overlaps_any(hit: Hit, others: list[Hit] | Spans) -> bool:
    spans = others if isinstance(others, Spans) else Spans(others)
    return spans.overlaps(hit)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop hits overlapped by a longer one (ties: curated first)."""
    ordered = sorted(hits, key=lambda h: (-h.length, h.source != "gazetteer", h.start))
    starts: list[int] = []
    kept: list[Hit] = []  # non-overlapping, sorted by start
    for hit in ordered:
        i = bisect.bisect_left(starts, hit.start)
        if i < len(kept) and kept[i].start < hit.end:
            continue
        if i > 0 and kept[i - 1].end > hit.start:
            continue
        starts.insert(i, hit.start)
        kept.insert(i, hit)
    return kept


def _settle_mechanisms(gaz: list[Hit], quoted: list[Hit], heads: list[Hit]) -> list[Hit]:
    """A quoted programme beats a head phrase ending at the same place (its left edge is
    surer); a pattern phrase mostly made of a curated name takes the curated key."""
    quoted_ends = {q.end for q in quoted}
    quoted_index, gaz_index = Spans(quoted), Spans(gaz)
    heads = [h for h in heads if h.end not in quoted_ends and not quoted_index.contains(h)]
    patterns = [p for p in _longest(quoted + heads) if not gaz_index.contains(p)]
    for p in patterns:  # a curated name reaching into a phrase from the left joins it
        probe = Hit(p.kind, p.start, p.start + 1, "")
        for g in gaz_index.covering(probe):
            if g.start < p.start < g.end <= p.end:
                p.name = g.name[: p.start - g.start] + p.name
                p.start = g.start
                break
    pattern_index = Spans(patterns)
    kept_gaz = []
    for g in gaz:
        covering = sorted(pattern_index.covering(g), key=lambda p: p.start)
        if not covering:
            if not pattern_index.overlaps(g):
                kept_gaz.append(g)
            continue
        p = covering[0]
        if g.length >= 0.4 * _content_length(p.name) and p.key is None:
            p.key = g.key
        elif p.key != g.key:
            kept_gaz.append(g)
    for p in patterns:
        if p.key is not None:
            p.source = "gazetteer"
    return patterns + kept_gaz


def _content_length(name: str) -> int:
    return len([ch for ch in name if ch.isalnum() or ch in "+＋"])
