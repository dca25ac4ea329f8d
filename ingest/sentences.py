"""The sentence around a mention, by one rule that Python and SPARQL both evaluate.

Why one rule in two languages: the store keeps a report's text once and a node per mention
(its offsets in the IRI), not a node per sentence; the sentence is re-derived when it is read,
by the named SPARQL queries (local or on a remote endpoint, with the patterns below) and by
Python (export, viz, serve, and extraction itself, with `SentenceFinder`). Both must give the
same sentence, so the rule is stated once here as regular expressions that mean the same in
Python's `re` and in the Rust `regex` crate used by Oxigraph (no look-around), and the tests
compare the two on every mention of the corpora.

Chinese: a sentence runs from after the last of 。！？；!?; or a line break before the mention to
the first of them after it (a line break itself is not part of the sentence).
English: a sentence ends after . ! ? ; followed by a space, tab or line break, or at the end of
the line; the space after the full stop starts the next sentence.
"""
from __future__ import annotations

import bisect
import re

_ZH_STOPS = "。！？；!?;"
_EN_STOPS = ".!?;"

_SPACE = " \\t\\n\\r"  # XPath's \\s, which SPARQL's regular expressions follow

# REPLACE(prefix, HEAD, HEAD_KEEP) leaves the part of the sentence before the mention;
# REPLACE(rest, TAIL, TAIL_KEEP) the part after it ($1/$2: SPARQL's group references). Only
# what XPath 2.0, Rust and Python regular expressions share: no look-around, no (?:).
ZH_HEAD, ZH_HEAD_KEEP = f"^[\\s\\S]*[{_ZH_STOPS}\\n]", ""
ZH_TAIL, ZH_TAIL_KEEP = f"^([^{_ZH_STOPS}\\n]*[{_ZH_STOPS}]?)[\\s\\S]*$", "$1"
EN_HEAD, EN_HEAD_KEEP = f"^[\\s\\S]*([{_EN_STOPS}]([{_SPACE}])|\\n)", "$2"
EN_TAIL, EN_TAIL_KEEP = f"^([^\\n]*?[{_EN_STOPS}])[{_SPACE}][\\s\\S]*$|^([^\\n]*)[\\s\\S]*$", "$1$2"

_ZH_BREAK = re.compile(f"[{_ZH_STOPS}\\n]")
_LINE = re.compile("\n")
_EN_STOP = re.compile(f"[{re.escape(_EN_STOPS)}](?=[{_SPACE}])")


class SentenceFinder:
    """The sentences of one text: the breaks are found once, each lookup is two bisections."""

    def __init__(self, text: str, language: str) -> None:
        self.text, self.zh = text, language != "en"
        if self.zh:
            self.breaks = [m.start() for m in _ZH_BREAK.finditer(text)]
        else:
            self.stops = [m.start() for m in _EN_STOP.finditer(text)]
            self.lines = [m.start() for m in _LINE.finditer(text)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) of the sentence holding text[start:end]."""
        if self.zh:
            i = bisect.bisect_left(self.breaks, start) - 1
            first = self.breaks[i] + 1 if i >= 0 else 0
            j = bisect.bisect_left(self.breaks, end)
            if j == len(self.breaks):
                return first, len(self.text)
            stop = self.breaks[j]
            return first, stop if self.text[stop] == "\n" else stop + 1
        first = 0
        i = bisect.bisect_left(self.stops, start - 1) - 1  # a stop right before the mention has no white space after it
        if i >= 0:
            first = self.stops[i] + 1
        k = bisect.bisect_left(self.lines, start) - 1
        if k >= 0:
            first = max(first, self.lines[k] + 1)
        last = len(self.text)
        j = bisect.bisect_left(self.stops, end)
        if j < len(self.stops):
            last = self.stops[j] + 1
        m = bisect.bisect_left(self.lines, end)
        if m < len(self.lines):
            last = min(last, self.lines[m])
        return first, max(last, end)

    def sentence(self, start: int, end: int) -> tuple[int, int, str]:
        """(start, end, text) of the sentence holding text[start:end]."""
        first, last = self.span(start, end)
        return first, last, self.text[first:last]


def sentence_span(text: str, start: int, end: int, language: str) -> tuple[int, int]:
    """The sentence holding text[start:end] (see the module docstring)."""
    return SentenceFinder(text, language).span(start, end)
