"""Text normalisation for matching, always length-preserving so that offsets found in the
normalised text are offsets into the original (evidence quotes the original).

Full-width digits, Latin letters, ％ and ． become ASCII (２０２１年 → 2021年); full-width
Chinese punctuation stays, because the Chinese rules read it. Traditional characters become
simplified (OpenCC) when the conversion keeps the length, which it does character by character
for the vocabulary of these reports.
"""
from __future__ import annotations

import re

from legalkg.graph.resolve import to_simplified

_FULL_WIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0xFF05: ord("%"),
    0xFF0E: ord("."),
}


_HAS_FULL_WIDTH = re.compile("[" + "".join(map(chr, _FULL_WIDTH)) + "]")


def normalize(text: str) -> str:
    """`text` for matching, of the same length."""
    if _HAS_FULL_WIDTH.search(text):  # translate() costs far more than this scan
        text = text.translate(_FULL_WIDTH)
    if to_simplified(text[:3000]) == text[:3000]:
        return text
    simplified = to_simplified(text)
    return simplified if len(simplified) == len(text) else text
