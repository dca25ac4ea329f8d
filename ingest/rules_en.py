"""Rule patterns for English reports (translations of Chinese ones), one `pattern_<thing>()`
function per kind of thing, returning `Hit`s with offsets into the text.

Titles are found by their heads ("Regulations on ...", "Notice of ...", "... Law of the
People's Republic of China") followed by capitalised words and lower-case connectors;
mechanisms by curated names, quoted programmes and the heads "system", "mechanism", "reform";
agencies by "Ministry/Department/Bureau of ...", "... University" and curated agency types.
"""
from __future__ import annotations

import re
from collections import Counter

from legalkg.ingest.departments import en_name_regex, kind_of_en_core
from legalkg.ingest.hits import Hit, finditer_from, gazetteer_automaton, longest_matches

_CAP = r"(?:[A-Z][\w’'\-]*(?:,(?=\s+the\s+[A-Z][a-z]+\s+(?!Regulations?|Measures|Notice|Provisions|Decision)))?|COVID-19|\d{4}(?:-\d{4})?|\"[A-Z][^\"\n]{1,40}\"|\([A-Z][A-Za-z ]{1,30}\))"
_CONNECT = r"(?:of|on|for|the|and|in|to|a|an|under|during|with|by|from|after|at|its|their)"
_TITLE_HEAD = (
    r"(?:Interim\s+|Implementing\s+|Implementation\s+|Several\s+|Guiding\s+)?"
    r"(?:Notice|Circular|Regulations?|Measures|Provisions|Opinions?|Decision|Guidelines|Outline|"
    r"Key\s+Points|Rules|Plan|Programme|Program|Methods|Standards|Catalogue|Answers)"
)
_TITLE = re.compile(
    rf"\b{_TITLE_HEAD}\s+(?:of|on|for|about|to)\s+(?:{_CAP}|{_CONNECT})(?:[ \t]+(?:{_CAP}|{_CONNECT}))*"
)
_LAW = re.compile(
    rf"(?:(?:[A-Z][\w’'\-]*)\s+){{1,5}}Law(?:\s+of\s+(?:the\s+)?People[’']s\s+Republic\s+of\s+China(?:\s+\(PRC\))?)?"
    rf"|Law\s+of\s+(?:the\s+)?People[’']s\s+Republic\s+of\s+China\s+on(?:\s+{_CAP})+"
)
_CODE = re.compile(
    r"(?:(?:the\s+)?People[’']s\s+Republic\s+of\s+China\s+(?:\(PRC\)\s+)?)?Civil\s+Code"
    r"(?:\s+of\s+(?:the\s+)?People[’']s\s+Republic\s+of\s+China(?:\s+\(PRC\))?)?|\bConstitution\b"
)
_SPLIT_BEFORE = re.compile(
    r",?\s+and\s+(?:the\s+)?(?=(?:Regulations?|Measures|Notice|Provisions|Decision|Opinions?|Guidelines|"
    r"Outline|Civil|Constitution|People[’']s)\b)|,\s+(?=(?:the\s+)?(?:Regulations?|Measures|Notice|"
    r"Provisions|Decision|Opinions?)\b)"
)
_INNER = re.compile(r"\b(?:Printing|Issuing|Forwarding)\s+and\s+Distributing\s+(?:the\s+)?")
_TRAILING = re.compile(rf"(?:[ \t]+{_CONNECT})+$")
# Where a match of each regex above (and BUREAU, _UNIVERSITY) can begin, for hits.finditer_from
# (same matches; re skips to these literals instead of trying every position).
_TITLE_STARTS = re.compile(
    r"Interim|Implement|Several|Guiding|Notice|Circular|Regulation|Measures|Provisions|Opinion|Decision|"
    r"Guidelines|Outline|Key|Rules|Plan|Program|Methods|Standards|Catalogue|Answers"
)
_LAW_STARTS = re.compile(r"[A-Z][\w’'\-]*\s+(?:[A-Z][\w’'\-]*\s+){0,4}Law|Law")
_CODE_STARTS = re.compile(r"the\s|People|Civil|Constitution")
_NUMBER = re.compile(r"\s*\((No\.\s*\d+[^()\n]{0,80}?\[\s*\d{4}\s*\])\)")
_NON_TITLE_LAW = re.compile(r"^(?:Rule of|The|Our|This|Civil|National|Constitution)\b")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    span = _TRAILING.sub("", span).rstrip(" ,")
    return start, start + len(span)


def pattern_titles(text: str) -> list[Hit]:
    """Titled documents by their heads, split where a list of titles joins them ("... and the
    Regulations on ..."), with inner titles of "Printing and Distributing the X" notices and
    "(No.28 [2019])" numbers as identifiers."""
    spans: list[tuple[int, int]] = []
    for m in finditer_from(_TITLE, _TITLE_STARTS, text):
        start = m.start()
        for cut in _SPLIT_BEFORE.finditer(text, m.start(), m.end()):
            spans.append(_trim(text, start, cut.start()))
            start = cut.end()
        spans.append(_trim(text, start, m.end()))
    for m in finditer_from(_LAW, _LAW_STARTS, text):
        name = m.group(0)
        if name.split()[0] in ("The", "the", "Our", "This", "Rule") or " of Law" in name:
            continue
        spans.append(_trim(text, m.start(), m.end()))
    for m in finditer_from(_CODE, _CODE_STARTS, text):
        spans.append((m.start(), m.end()))
    hits = []
    for start, end in _outermost(spans):
        name = text[start:end].strip()
        if len(name.split()) < 2 and name not in ("Constitution",):
            continue
        hit = Hit("regulation", start, end, name)
        number = _NUMBER.match(text, end)
        if number:
            hit.identifiers.append(re.sub(r"\s+", " ", number.group(1)))
        hits.append(hit)
        inner = _INNER.search(name)
        if inner and end - (start + inner.end()) > 10:
            hits.append(Hit("regulation", start + inner.end(), end, name[inner.end():]))
    return hits + _back_references(text, hits)


_BACKREF = re.compile(
    r"\bthe\s+(Regulations?|Measures|Provisions|Outline|Decision|Civil Code|Law)\b(?!\s+(?:of|on|for|about|to)\b)"
)


def _back_references(text: str, titles: list[Hit]) -> list[Hit]:
    """"the Regulations" after a full title with that head (before its first "of") is that
    title again; the nearest earlier one wins."""
    spans = [(h.start, h.end) for h in titles]
    out = []
    for m in _BACKREF.finditer(text):
        if any(a <= m.start(1) < b for a, b in spans):
            continue
        head = m.group(1)
        earlier = [h for h in titles if h.end <= m.start() and head in h.name.split(" of ")[0]]
        if earlier:
            out.append(Hit("regulation", m.start(1), m.end(1), earlier[-1].name))
    return out


_QUOTED_TITLE = re.compile(rf"[\"“](?:(?:the|The)\s+)?{_TITLE_HEAD}\s+(?:of|on|for)\s+[^\"“”\n]{{3,200}}[\"”]")


def pattern_bracket_spans(text: str) -> list[Hit]:
    """Quoted titles ("Decision of the State Council on ..."): what English puts in quotes where
    Chinese uses 《》, so an issuer named inside is part of the title, not a partner."""
    return [Hit("bracket", m.start(), m.end(), m.group(0)) for m in _QUOTED_TITLE.finditer(text)]


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def pattern_laws(text: str) -> list[Hit]:
    """Curated laws and regulations by their English variants (case-insensitive)."""
    return _gazetteer_hits("regulation", text)


def _gazetteer_hits(kind: str, text: str) -> list[Hit]:
    lowered = text.lower().replace("’", "'")
    hits = []
    for s, e, phrase, key in longest_matches(gazetteer_automaton(kind, "en"), lowered):
        if (s > 0 and lowered[s - 1].isalnum()) or (e < len(lowered) and lowered[e].isalpha() and lowered[e] != "s"):
            continue
        if e < len(lowered) and lowered[e] == "s":
            if e + 1 < len(lowered) and lowered[e + 1].isalpha():
                continue
            e += 1
        hits.append(Hit(kind, s, e, text[s:e], key=str(key), source="gazetteer"))
    return hits


def pattern_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Document numbers in the English form "No.28 [2019]"."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _NUMBER.finditer(text)]


# ---- mechanisms ------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{3,90})[\"”]")
_HEAD_AFTER = re.compile(r"\s+(?:(?:reform|system|mechanism|model|mode|principle|programme|campaign)s?\b|to popularize the law|final battle of popularizing the law)")
_QUOTE_OK = re.compile(r"\b(?:law enforcement|random|internet plus|one open|supervision|reform|system|mechanism|unification)", re.I)
_MECH_HEAD = re.compile(r"\b(system|mechanism)s?\b(?:\s+(?:of|between|for)\s+[a-z][a-z ,\-]{3,120}?(?=[.;,:]|\s+and\s+(?:implement|improve|promote|strengthen|establish|the)\b|$))?")
_MECH_LEFT_STOP = {
    "the", "a", "an", "and", "of", "to", "in", "on", "for", "with", "by", "our", "its", "this",
    "that", "implement", "implemented", "improve", "improved", "establish", "established", "perfect",
    "promote", "build", "strengthen", "adhere", "carry", "out", "continue", "further", "fully",
    "we", "will", "has", "have", "been", "is", "are", "was", "were", "as", "at", "from", "into",
    "sound", "new", "whole", "relevant", "various", "all", "human", "social", "security", "resources",
    "regulations", "laws", "policies", "rules", "such",
}
_GENERIC_MECH = re.compile(r"^(?:the\s+)?(?:system|mechanism|work system|working mechanism|long-term mechanism|management system|information system|platform system)$")


def pattern_mechanisms_gazetteer(text: str) -> list[Hit]:
    """Curated mechanisms by any English variant."""
    return _gazetteer_hits("mechanism", text)


def pattern_mechanisms_quoted(text: str) -> list[Hit]:
    """Quoted programmes: "X" followed by reform/system/mechanism, or a quoted name that reads
    as a way of working ("double random", "internet plus Supervision")."""
    hits = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if inner[:1].isupper() and len(inner.split()) > 6:
            continue  # a quoted title, not a programme
        head = _HEAD_AFTER.match(text, m.end())
        if head:
            hits.append(Hit("mechanism", m.start(), head.end(), text[m.start():head.end()]))
        elif _QUOTE_OK.search(inner) and len(inner.split()) <= 8:
            hits.append(Hit("mechanism", m.start(), m.end(), m.group(0)))
    return hits


def pattern_mechanisms_heads(text: str) -> list[Hit]:
    """Unquoted "<modifiers> system|mechanism [of ...]": modifiers run left over lower-case
    words until a verb, article or preposition."""
    hits = []
    for m in _MECH_HEAD.finditer(text):
        start = m.start()
        words = 0
        while words < 5:
            prev = re.search(r"([a-z][a-z\-]*)\s+$", text[max(0, start - 40):start])
            if not prev or prev.group(1) in _MECH_LEFT_STOP or prev.group(1).endswith("ing"):
                break
            start -= len(prev.group(0))
            words += 1
        name = text[start:m.end()].strip()
        if (words == 0 and not m.group(0).strip().startswith(m.group(1) + " ")) or _GENERIC_MECH.match(name):
            continue
        if " " not in name or re.match(r"\s+of\s+[\"“]", text[m.end():m.end() + 6]):
            continue  # "the system of "X"": the quoted programme is the name
        hits.append(Hit("mechanism", start, start + len(name), name))
    return hits


# ---- partner agencies ------------------------------------------------------------------

LEVELS = {"provincial": "省", "municipal": "市", "city": "市", "district": "区", "county": "县"}
_ORG = re.compile(
    r"\b(?:(Provincial|Municipal|City|District|County|State|National|Central)\s+)?"
    r"(Ministry|Department|Bureau|Office|Commission|Administration|Committee|General Office)\s+(?:of|for)\s+"
    r"(?:the\s+)?[A-Z][\w’']*(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][\w’']*)*"
)
_UNIVERSITY = re.compile(r"\b(?:[A-Z][\w’']+\s+){1,4}University\b")
_UNIVERSITY_STARTS = re.compile(r"[A-Z][\w’']+\s+(?:[A-Z][\w’']+\s+){0,3}University")
_LEVEL_BEFORE = re.compile(r"\b(provincial|municipal|city|district|county)\s+$", re.I)


def pattern_partners(text: str) -> list[Hit]:
    """Agencies: "Ministry/Department/Bureau of ..." with an optional level, universities,
    and curated agency types ("people's court", "market supervision bureau")."""
    hits = []
    for m in _ORG.finditer(text):
        hits.append(Hit("partner", m.start(), m.end(), m.group(0)))
    for m in finditer_from(_UNIVERSITY, _UNIVERSITY_STARTS, text):
        hits.append(Hit("partner", m.start(), m.end(), m.group(0)))
    for hit in _gazetteer_hits("partner", text):
        level = _LEVEL_BEFORE.search(text, max(0, hit.start - 20), hit.start)
        if level and not hit.name.lower().startswith(level.group(1).lower()):
            hit.start = level.start()
            hit.name = text[hit.start:hit.end]
        hits.append(hit)
    return hits


# ---- bureau, year, plan sections -------------------------------------------------------

_NOT_PLACE = {"The", "Our", "This", "Provincial", "Municipal", "And", "Of", "National", "Each", "All", "State"}
_GOVERNMENT = re.compile(
    r"\b(?:(?P<place>[A-Z][a-z]+)\s+)?(?:(?P<level>Provincial|Municipal|City|District|County)\s+)?"
    r"People[’']s\s+Government(?:\s+of\s+(?P<place2>[A-Z][a-z]+)\s+(?P<level2>Province|Municipality|City|County|District))?"
)


def pattern_bureaus(text: str) -> list[Hit]:
    """Mentions of government bodies of a known kind ("Hangzhou Municipal Bureau of Human
    Resources and Social Security", "Ministry of Justice", "Department of Justice of Zhejiang
    Province", "Hangzhou labor resources social security bureau"); `name` is the place or "",
    `key` the department kind."""
    hits = []
    for m in en_name_regex().finditer(text):
        core = m.group("core") or m.group("core2")
        kind = kind_of_en_core(core)
        if kind is None:
            continue
        place = m.group("place2") or m.group("place") or ""
        start = m.start()
        if m.group("place") and m.group("place").split()[0] in _NOT_PLACE:
            place = m.group("place2") or ""
            start = m.start("level") if m.group("level") else m.start("unit") if m.group("unit") else m.start("core2")
        hits.append(Hit("bureau", start, m.end(), place, key=kind.key))
    for m in _GOVERNMENT.finditer(text):
        place = m.group("place2") or m.group("place") or ""
        if place in _NOT_PLACE:
            place = m.group("place2") or ""
        hits.append(Hit("bureau", m.start(), m.end(), place, key="government"))
    return hits


_YEAR_PATTERNS = (
    re.compile(r"\bin\s+((?:19|20)\d\d)\s+(?:is|are)\s+reported"),
    re.compile(r"\b((?:19|20)\d\d)\s+[Aa]nnual\s+[Rr]eport"),
    re.compile(r"\b(?:rule of law|ruled by law)\s+in\s+((?:19|20)\d\d)\b"),
    re.compile(r"\b(?:in|of|for)\s+((?:19|20)\d\d)\b(?![-–])"),
)


def find_year(text: str, head: int = 2500) -> int | None:
    """The year the report is about, from its opening lines, else the most frequent year."""
    first = text[:head]
    for pattern in _YEAR_PATTERNS:
        m = pattern.search(first)
        if m:
            return int(m.group(1))
    counts = Counter(re.findall(r"\b((?:19|20)\d\d)\b", text))
    return int(counts.most_common(1)[0][0]) if counts else None


_HEADING = re.compile(
    r"^\s*(?:[IVX]+\.|(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Four|Five|Six)\b[,.]?|\d+\.\s)"
)
_PLAN = re.compile(r"next year|next step|arrangements?|plans? for|work plan|work ideas|outlook|key work for", re.I)


def plan_ranges(text: str, year: int | None) -> list[tuple[int, int]]:
    """Offsets of next-year plan sections ("Four, the main arrangements for the next year ...")
    up to the next top-level heading."""
    ranges: list[tuple[int, int]] = []
    open_at: int | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        if _HEADING.match(line) and len(line) < 160:
            years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", line)]
            later = any(year is not None and y > year for y in years)
            is_plan = bool(_PLAN.search(line)) and (later or not years)
            if open_at is not None and (is_plan or re.match(r"^\s*(?:[IVX]+\.|(?:Four|Five|Six|Fourth|Fifth|Sixth)\b)", line)):
                if not is_plan:
                    ranges.append((open_at, pos))
                    open_at = None
            if is_plan and open_at is None:
                open_at = pos
        pos += len(line)
    if open_at is not None:
        ranges.append((open_at, len(text)))
    return ranges


# ---- regulation levels (the same levels as rules_zh.REGULATION_LEVELS) -------------------

_EN_LEVELS = (
    (re.compile(r"^(?:the )?constitution\b", re.I), "constitution"),
    (re.compile(r"general office of the (?:state council|central committee)", re.I), "central-document"),
    (re.compile(r"^(?:the )?(?:communist party|cpc)\b", re.I), "party-regulation"),
    (re.compile(r"people's republic of china|^(?:the )?civil code\b|\blaw$", re.I), "national-law"),
    (re.compile(r"\bstate council\b", re.I), "state-council-regulation"),
    (re.compile(r"\bministry of\b", re.I), "ministry-document"),
    (re.compile(r"\bprovinc(?:e|ial)\b", re.I), "provincial-document"),
    (re.compile(r"\b(?:city|municipal|in hangzhou|of the city)\b", re.I), "municipal-document"),
    (re.compile(r"^(?:the )?regulations? (?:on|for)\b", re.I), "state-council-regulation"),
)


def regulation_level(title: str) -> str | None:
    """The level an English title shows (see rules_zh.regulation_level), or None."""
    title = title.strip().replace("’", "'")
    return next((level for regex, level in _EN_LEVELS if regex.search(title)), None)
