"""Plain data that flows from documents to mentions to entities.

Offsets are always character offsets into `Document.text`, the decoded text as published
(before any normalisation), so evidence can quote the original.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["bureau", "regulation", "mechanism", "partner"]
Status = Literal["done", "planned"]
KINDS: tuple[Kind, ...] = ("bureau", "regulation", "mechanism", "partner")


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded report: `name` is the file name, `text` what the reader decoded."""

    name: str
    text: str
    path: str = ""
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    sha256: str = ""
    warnings: tuple[str, ...] = ()  # what the reader noticed (a wrong declared charset, bad bytes)
    keep_extension: bool = False  # a sibling differs only by extension: the IRI keeps it (iris.report_iri)


@dataclass(frozen=True, slots=True)
class Mention:
    """One surface form found in the text, with the sentence it sits in."""

    kind: Kind
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    status: Status = "done"


@dataclass(slots=True)
class Entity:
    """A resolved thing: `key` is canonical across documents and languages (the IRI is minted
    from `kind` and `key`); `labels` maps a language tag to the preferred label in it."""

    kind: Kind
    key: str
    label: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    curated: bool = False
    identifiers: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    level: str | None = None  # a regulation's place in the legal order (rules_zh.REGULATION_LEVELS)
    department: str | None = None  # a body's department kind (departments.tsv key)
    admin_level: str | None = None  # a body's administrative level (departments.LEVELS)
    role: str | None = None  # how the reporting body relates to a partner (roles.ROLES)


@dataclass(frozen=True, slots=True)
class Figure:
    """One published key figure: `value` in `unit` for `indicator` (a key of the indicator
    scheme), at `start:end` (the number and the words that say what it counts), inside the
    sentence `sentence_start:sentence_end`."""

    indicator: str
    value: float
    unit: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    status: Status = "done"


@dataclass(slots=True)
class Extraction:
    """Everything one report yields."""

    document: Document
    language: str
    year: int | None
    bureau: Entity | None
    regulations: list[Entity] = field(default_factory=list)
    mechanisms: list[Entity] = field(default_factory=list)
    partners: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    place: str | None = None  # GB/T 2260 code of the bureau's administrative division
    plans: list[tuple[int, int]] = field(default_factory=list)  # the plan sections: what is in them is "planned"
    span: tuple[int, int] | None = None  # the part of the report's text this covers (None: all of it; ingest.parts)

    def entities(self) -> list[Entity]:
        """All linked entities (not the bureau) in a stable order."""
        return [*self.regulations, *self.mechanisms, *self.partners]
