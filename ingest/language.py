"""Language of a report, decided per document from its characters."""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str, sample: int = 20000) -> str:
    """"zh" when Han characters outnumber a fifth of the Latin letters in the first `sample`
    characters, else "en" (a Chinese report quotes English words, not the reverse)."""
    head = text[:sample]
    han = len(_HAN.findall(head))
    latin = len(_LATIN.findall(head))
    return "zh" if han * 5 >= latin and han else "en"
