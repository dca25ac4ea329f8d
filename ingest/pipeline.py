"""The spaCy side of extraction: blank Chinese/English pipelines with one rule component.

The matching itself runs on raw text with `re` and Aho-Corasick (`legalkg.ingest.rules`),
which is an order of magnitude faster than token-level matchers; the component attaches what
it finds to the Doc as spans (`doc.spans["legalkg"]`, each with the `Hit` in `span._.hit`) so
spaCy users get a normal Doc. Chinese segmentation is "char" by default for speed (jieba
reaches about 0.5 M chars/s, below the 2 MB/s budget); set LEGALKG_SEGMENTER=jieba or pass
`segmenter="jieba"` for word tokens.

Extraction itself needs no spaCy (`chunk_hits` runs the rules on raw text), so spaCy is imported
when a pipeline is first asked for (`get_nlp`): importing it took about a second of every build
worker's start (measured with `python -X importtime`).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from legalkg.ingest.hits import Hit
from legalkg.ingest.rules import find_hits

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPAN_KEY = "legalkg"
SEGMENTERS = ("char", "jieba")
CHUNK_CHARS = 200_000
# Each chunk is matched with this much of the text on either side: longer than any name the
# rules find (titles, agency names), so a name cut by a chunk boundary is still found whole.
OVERLAP_CHARS = 2_000


def legalkg_rules(doc: Doc) -> Doc:
    """Run the rule patterns over the Doc's text and attach each hit as a span (the pipelines'
    component, registered as "legalkg_rules")."""
    lang = "zh" if doc.lang_ == "zh" else "en"
    places = tuple(doc.user_data.get("places", ()))
    text = doc.user_data.get("text") or doc.text
    hits = find_hits(text, lang, places)
    spans = []
    for hit in hits:
        span = doc.char_span(hit.start, hit.end, label=hit.kind, alignment_mode="expand")
        if span is not None:
            span._.hit = hit
            spans.append(span)
    doc.spans[SPAN_KEY] = spans
    doc.user_data["hits"] = hits
    return doc


@lru_cache(maxsize=1)
def _register() -> None:
    """Make the component and the `span._.hit` extension known to spaCy (once, on first use)."""
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("hit"):
        Span.set_extension("hit", default=None)
    Language.component("legalkg_rules", func=legalkg_rules)


def default_segmenter() -> str:
    """The Chinese segmenter chosen by LEGALKG_SEGMENTER ("char" unless set)."""
    value = os.environ.get("LEGALKG_SEGMENTER", "char").strip().lower() or "char"
    if value not in SEGMENTERS:
        raise ValueError(f"LEGALKG_SEGMENTER={value!r}; available: {', '.join(SEGMENTERS)}")
    return value


@lru_cache(maxsize=None)
def get_nlp(lang: str, segmenter: str | None = None) -> Language:
    """A cached blank pipeline for `lang` ("zh"/"en") with the `legalkg_rules` component."""
    import spacy

    _register()
    if lang == "zh":
        seg = segmenter or default_segmenter()
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": seg}}})
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("legalkg_rules")
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
    return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most about `size` characters, cut after a line break so
    no title or sentence is split (a piece with no line break is cut hard)."""
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = text.rfind("\n", pos + size // 2, end)
            end = cut + 1 if cut != -1 else end
        yield pos, text[pos:end]
        pos = end


def make_doc(nlp: Language, text: str, segmenter: str | None = None) -> Doc:
    """Tokenise `text`. Chinese "char" segmentation builds the Doc from characters directly,
    and jieba segmentation builds it from jieba's words: several times faster than spaCy's
    own alignment of tokens back to the text (same tokens, no whitespace merging)."""
    if nlp.lang == "zh":
        if (segmenter or default_segmenter()) == "char":
            words = list(text)
        else:
            words = [w for w in nlp.tokenizer.jieba_seg.cut(text, cut_all=False) if w]
        from spacy.tokens import Doc

        return Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    return nlp.make_doc(text)


def chunk_hits(text: str, lang: str, places: tuple[str, ...] = ()) -> Iterator[tuple[int, list[Hit]]]:
    """(offset, hits) for `text` chunk by chunk, with the chunks of `annotate` and the rules it
    runs, without tokenising (building a Doc costs about as much as all the rules together).

    Each chunk is matched in a window reaching OVERLAP_CHARS into its neighbours and keeps the
    hits that start inside it: a chunk of a single long line is cut hard, and a name across
    the cut is then found whole by the chunk it starts in, and by no other."""
    for offset, piece in chunks(text):
        start = max(0, offset - OVERLAP_CHARS)
        end = min(len(text), offset + len(piece) + OVERLAP_CHARS)
        if (start, end) == (offset, offset + len(piece)):
            yield offset, find_hits(piece, lang, places)
            continue
        lead = offset - start
        kept = []
        for hit in find_hits(text[start:end], lang, places):
            if lead <= hit.start < lead + len(piece):
                hit.start -= lead
                hit.end -= lead
                kept.append(hit)
        yield offset, kept


def annotate(text: str, lang: str, places: tuple[str, ...] = (), segmenter: str | None = None) -> Iterator[tuple[int, Doc]]:
    """Docs for `text` in chunks below nlp.max_length, each with its offset in `text`, one at a
    time: a caller that consumes each Doc before the next holds one chunk's Doc in memory, not
    the whole report's (a 20 MB report: 311 MB peak instead of 1 GB)."""
    nlp = get_nlp(lang, segmenter)
    for offset, piece in chunks(text):
        doc = make_doc(nlp, piece, segmenter)
        doc.user_data["places"] = places
        doc.user_data["text"] = piece
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        yield offset, doc
