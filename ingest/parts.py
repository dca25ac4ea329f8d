"""A long report read part by part, so that what extraction holds at once is bounded by the part,
not by the report (a 200 MB report once cost about 170 MB of memory per MB).

Each part is extracted on its own, with the report's head (its title lines, which name the
bureau and the year) before it and OVERLAP characters of its neighbours around it, and keeps
what starts inside it; offsets are those of the whole text. The report-level facts (language,
year, bureau, title, place) are those of the first part, which holds the head. Near-duplicate
names are folded within a part, not across parts: the only difference from reading the report
whole.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document, Entity, Extraction, Figure, Mention

_Found = TypeVar("_Found", Mention, Figure)

PART_CHARS = 250_000  # a report longer than this is read in parts
HEAD_CHARS = 2_000
OVERLAP = 2_000


@dataclass(frozen=True, slots=True)
class Part:
    """An extraction of one part, with `offset`: the part's text (`extraction.document.text`)
    starts at this offset of the whole report's text (all offsets in it are the whole's)."""

    extraction: Extraction
    offset: int


def windows(blocks: Iterable[str], size: int) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, window start, window) for consecutive parts [start, end) of a text given in
    blocks, each of about `size` characters and cut after a line break when there is one in its
    second half; the window is the text from OVERLAP before the part to OVERLAP after it. Holds
    one window and one block of the text at a time."""
    pieces = iter(blocks)
    buffer, origin, done, start = "", 0, False, 0  # buffer holds the text from offset `origin`
    while True:
        while not done and origin + len(buffer) < start + size + OVERLAP:
            block = next(pieces, None)
            done = block is None
            buffer += block or ""
        known = origin + len(buffer)
        if start >= known:
            return
        end = min(known, start + size)
        if end < known:
            cut = buffer.rfind("\n", start + size // 2 - origin, end - origin)
            end = cut + 1 + origin if cut != -1 else end
        window_start = max(0, start - OVERLAP)
        yield start, end, window_start, buffer[window_start - origin:min(known, end + OVERLAP) - origin]
        start = end
        drop = max(0, start - OVERLAP - origin)
        if drop > len(buffer) // 2:  # amortised: each character is copied about once more
            buffer, origin = buffer[drop:], origin + drop


def extract_parts(document: Document, size: int | None = None, blocks: Iterable[str] | None = None) -> Iterator[Part]:
    """The report in parts of `size` characters (PART_CHARS by default; one part when it is
    short), each extracted as the module says. `blocks`: the whole text in pieces, for a report
    read as a stream (`read.TextStream`, whose document holds only the head)."""
    size = size or PART_CHARS
    if blocks is None:
        if len(document.text) <= size:
            yield Part(extract(document), 0)
            return
        blocks = (document.text,)
    head = ""
    first: Extraction | None = None
    for start, end, window_start, window in windows(blocks, size):
        if start == 0:
            cut = window.rfind("\n", 0, HEAD_CHARS)
            head = window[: cut + 1 if cut != -1 else HEAD_CHARS]
        lead = head if start > 0 else ""
        piece_start = max(window_start, len(head)) if start > 0 else 0
        piece = lead + window[piece_start - window_start:]
        shift = piece_start - len(lead)  # whole offset = part offset + shift
        found = extract(replace(document, text=piece))
        if first is None:
            first = found
        yield Part(_keep(found, first, start, end, shift, len(lead)), shift)


def _keep(found: Extraction, first: Extraction, start: int, end: int, shift: int, lead: int) -> Extraction:
    """`found` with offsets into the whole text, the things that start in [start, end) only,
    and the report-level facts of the first part."""

    def mentions(entity: Entity) -> list[Mention]:
        return [_moved(m, shift, lead) for m in entity.mentions if start <= m.start + shift < end]

    def entities(group: list[Entity]) -> list[Entity]:
        kept = [replace(e, mentions=mentions(e)) for e in group]
        return [e for e in kept if e.mentions]

    bureau = first.bureau
    if bureau is not None:
        own = found.bureau if found.bureau is not None and found.bureau.key == bureau.key else None
        bureau = replace(bureau, mentions=mentions(own) if own is not None else [])
    return replace(
        found, language=first.language, year=first.year, bureau=bureau,
        regulations=entities(found.regulations), mechanisms=entities(found.mechanisms),
        partners=entities(found.partners), title=first.title, place=first.place,
        figures=[_moved(f, shift, lead) for f in found.figures if start <= f.start + shift < end],
        plans=[(max(a + shift, start), min(b + shift, end)) for a, b in found.plans if a + shift < end and b + shift > start],
        warnings=first.warnings if found is first else [], span=(start, end),
    )


def _moved(found: _Found, shift: int, lead: int) -> _Found:
    """`found` with offsets into the whole text; a sentence reaching back into the head put
    before the part starts where the part's own text does."""
    return replace(found, start=found.start + shift, end=found.end + shift,
                   sentence_start=max(found.sentence_start, lead) + shift, sentence_end=found.sentence_end + shift)
