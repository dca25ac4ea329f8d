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

from collections.abc import Iterator
from dataclasses import dataclass, replace

from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document, Entity, Extraction, Figure, Mention

PART_CHARS = 250_000  # a report longer than this is read in parts
HEAD_CHARS = 2_000
OVERLAP = 2_000


@dataclass(frozen=True, slots=True)
class Part:
    """An extraction of one part, with `offset`: the part's text (`extraction.document.text`)
    starts at this offset of the whole report's text (all offsets in it are the whole's)."""

    extraction: Extraction
    offset: int


def bounds(length: int, text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive parts of about `size` characters, cut after a line break
    when there is one in the second half of the part."""
    start = 0
    while start < length:
        end = min(length, start + size)
        if end < length:
            cut = text.rfind("\n", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, end
        start = end


def extract_parts(document: Document, size: int | None = None) -> Iterator[Part]:
    """The report in parts of `size` characters (PART_CHARS by default; one part when it is
    short), each extracted as the module says."""
    size = size or PART_CHARS
    text = document.text
    if len(text) <= size:
        yield Part(extract(document), 0)
        return
    cut = text.rfind("\n", 0, HEAD_CHARS)
    head = text[: cut + 1 if cut != -1 else HEAD_CHARS]
    first: Extraction | None = None
    for start, end in bounds(len(text), text, size):
        lead = head if start > 0 else ""
        window_start = max(start - OVERLAP, len(head)) if start > 0 else 0
        piece = lead + text[window_start:min(len(text), end + OVERLAP)]
        shift = window_start - len(lead)  # whole offset = part offset + shift
        found = extract(replace(document, text=piece))
        if first is None:
            first = found
        part = _keep(found, first, start, end, shift, len(lead))
        yield Part(part, shift)


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
        warnings=first.warnings if found is first else [],
    )


def _moved(found: Mention | Figure, shift: int, lead: int):  # noqa: ANN202 - the type of `found`
    """`found` with offsets into the whole text; a sentence reaching back into the head put
    before the part starts where the part's own text does."""
    return replace(found, start=found.start + shift, end=found.end + shift,
                   sentence_start=max(found.sentence_start, lead) + shift, sentence_end=found.sentence_end + shift)
