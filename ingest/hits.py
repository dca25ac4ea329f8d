"""What the pattern functions return: a span of the text and what it names."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import bisect
import re
from collections.abc import Iterator
from itertools import accumulate

import ahocorasick


@dataclass(slots=True)
class Hit:
    """One match: `kind`, offsets into the matched text, the cleaned `name`, an optional
    curated `key`, document numbers that follow it, and the keys of titles it encloses."""

    kind: str
    start: int
    end: int
    name: str
    key: str | None = None
    identifiers: list[str] = field(default_factory=list)
    source: str = "pattern"

    @property
    def length(self) -> int:
        return self.end - self.start


class Spans:
    """Static intervals answering "is this inside / overlapping one of them" in O(log n)."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = sorted(hits, key=lambda h: (h.start, -h.end))
        self.starts = [h.start for h in self.hits]
        self.max_end: list[int] = list(accumulate((h.end for h in self.hits), max, initial=-1))[1:]

    def contains(self, hit: Hit) -> bool:
        i = bisect.bisect_right(self.starts, hit.start)
        if i == 0 or self.max_end[i - 1] < hit.end:
            return False
        return any(o is not hit and o.end >= hit.end for o in self._reaching(i, hit.end))

    def overlaps(self, hit: Hit) -> bool:
        i = bisect.bisect_left(self.starts, hit.end)
        return i > 0 and self.max_end[i - 1] > hit.start

    def covering(self, hit: Hit) -> list[Hit]:
        i = bisect.bisect_right(self.starts, hit.start)
        if i == 0 or self.max_end[i - 1] < hit.end:
            return []
        return [o for o in self._reaching(i, hit.end) if o.end >= hit.end]

    def _reaching(self, i: int, end: int) -> Iterator[Hit]:
        j = i - 1
        while j >= 0 and self.max_end[j] >= end:
            yield self.hits[j]
            j -= 1


def finditer_near(regex: re.Pattern[str], literal: str, reach: int, text: str) -> Iterator[re.Match[str]]:
    """The matches of `regex.finditer(text)`, for a regex every match of which holds `literal`
    at most `reach` characters after its start: only the positions that close to an occurrence
    are tried, so a long text without the literal costs one `str.find`, not a regex scan."""
    pos = 0
    found = text.find(literal)
    while found != -1:
        for start in range(max(pos, found - reach), found + 1):
            match = regex.match(text, start)
            if match is not None:
                yield match
                pos = match.end()
                break
        else:
            pos = found + 1
        found = text.find(literal, pos)


def finditer_from(regex: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `regex.finditer(text)`, for a regex that never matches the empty string
    and a `starts` regex that matches wherever a match of `regex` can begin: `starts` is a quick
    scan (a few literals, which re skips to), `regex` is tried only where it found something."""
    pos = 0
    while (found := starts.search(text, pos)) is not None:
        match = regex.match(text, found.start())
        if match is not None:
            yield match
        pos = max(match.end(), found.start() + 1) if match is not None else found.start() + 1


def automaton(phrases: dict[str, object]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton mapping each phrase to its payload."""
    auto = ahocorasick.Automaton()
    for phrase, payload in phrases.items():
        auto.add_word(phrase, (phrase, payload))
    auto.make_automaton()
    return auto


def longest_matches(auto: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str, object]]:
    """Non-overlapping longest matches (start, end, phrase, payload), leftmost first."""
    # (start, -length, ...) sorts the longest match at each start first without a key function;
    # two matches equal in start and length are the same phrase, so the payloads never compare
    found = [(end_idx + 1 - len(phrase), -len(phrase), phrase, payload) for end_idx, (phrase, payload) in auto.iter(text)]
    found.sort()
    out: list[tuple[int, int, str, object]] = []
    last_end = -1
    for start, negative_length, phrase, payload in found:
        if start >= last_end:
            last_end = start - negative_length
            out.append((start, last_end, phrase, payload))
    return out


@lru_cache(maxsize=None)
def gazetteer_automaton(kind: str, lang: str) -> ahocorasick.Automaton:
    """Automaton over the curated variants of `kind` in `lang` (English lowercased)."""
    from legalkg.graph.resolve import gazetteer

    phrases: dict[str, object] = {}
    for entry in gazetteer(kind).entries.values():
        names = (entry.zh, *entry.zh_variants) if lang == "zh" else (entry.en, *entry.en_variants)
        if len(names) == 1:
            continue  # no variants in this language: the label names the entry, it is not searched
        for name in names:
            if name:
                phrase = name if lang == "zh" else name.lower().replace("’", "'")
                phrases.setdefault(phrase, entry.key)
    return automaton(phrases)
