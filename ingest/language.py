"""Language of a report, decided per document from its characters."""
from __future__ import annotations

import re
from itertools import islice
from string import ascii_letters

_HAN = re.compile(r"[\u3400-\u9fff]")


def detect_language(text: str, sample: int = 20000) -> str:
    """"zh" when Han characters outnumber a fifth of the Latin letters in the first `sample`
    characters, else "en" (a Chinese report quotes English words, not the reverse)."""
    head = text[:sample]
    latin = sum(map(head.count, ascii_letters))  # [A-Za-z], without a list of every letter
    needed = max(1, -(-latin // 5))  # han * 5 >= latin and han > 0
    return "zh" if sum(1 for _ in islice(_HAN.finditer(head), needed)) == needed else "en"
