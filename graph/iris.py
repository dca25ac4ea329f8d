"""Deterministic IRIs: the same entity key always mints the same IRI, on any machine."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import PurePath

from rdflib import URIRef

from legalkg.ingest.pinyin import romanised
from legalkg.ontology.namespace import ID

_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def slug(key: str) -> str:
    """A readable, IRI-safe slug for `key`; non-ASCII keys are romanised with pinyin and
    suffixed by a digest so that distinct keys never share a slug."""
    if _SLUG_OK.match(key):
        return key
    text = unicodedata.normalize("NFKC", key)
    if not text.isascii():
        text = "-".join(romanised(text))
    readable = _NON_SLUG.sub("-", text.lower()).strip("-")[:60].strip("-")
    return f"{readable}-{_digest(key)}" if readable else _digest(key)


@lru_cache(maxsize=1 << 16)
def entity_iri(kind: str, key: str) -> URIRef:
    """The IRI of an entity of `kind` ("bureau", "regulation", "mechanism", "partner")."""
    return ID[f"{kind}/{slug(key)}"]


@lru_cache(maxsize=1 << 12)
def report_iri(name: str, keep_extension: bool = False) -> URIRef:
    """The IRI of a report, from its file name without the extension (with it when another
    report has the same name but for it: report.pdf beside report.docx); it also names the
    report's graph."""
    path = PurePath(name)
    return ID[f"report/{slug((path.name if keep_extension else path.stem).lower())}"]


def node_iri(*parts: object) -> URIRef:
    """An IRI for a node derived from other nodes (evidence, selectors), stable for stable parts."""
    return ID[f"evidence/{_digest(chr(31).join(map(str, parts)))}"]
