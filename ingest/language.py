"""Language of a report, decided per document from its characters."""
from __future__ import annotations

import re
from itertools import islice
from string import ascii_letters

_HAN = re.compile(r"[\u3400-\u9fff]")
_LETTERS = ascii_letters.encode()


def detect_language(text: str, sample: int = 20000) -> str:
    """"zh" when Han characters outnumber a fifth of the Latin letters in the first `sample`
    characters, else "en" (a Chinese report quotes English words, not the reverse)."""
    head = text[:sample]
    ascii_only = head.encode("ascii", "ignore")  # [A-Za-z] are ASCII: counted in the ASCII bytes
    latin = len(ascii_only) - len(ascii_only.translate(None, _LETTERS))
    needed = max(1, -(-latin // 5))  # han * 5 >= latin and han > 0
    return "zh" if sum(1 for _ in islice(_HAN.finditer(head), needed)) == needed else "en"
