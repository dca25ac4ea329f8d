"""Evidence read back from the lean store: the sentence, offsets and status of every mention,
and the full Web Annotation form that exports carry.

The store keeps, per report graph, the text (`<report#char=a,b> lkg:text`), the plan sections
(`<report#char=a,b> a lkg:PlanSection`), one quad per mention (`<report#char=s,e> lkg:about
<entity>`) and three per key figure (`graph.triples`). Everything else about a mention is a
function of those: its offsets are in its IRI (RFC 5147), its sentence comes from the text by
`ingest.sentences` (the rule the named SPARQL queries apply too), its status from the plan
sections. `expanded_quads` writes that function out, so an export holds lkg:Evidence and
lkg:Sentence nodes (oa:exact, oa:start, oa:end) as a reader without legalkg expects.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, QB

from legalkg.graph.store import Store
from legalkg.graph.triples import A, integer, term
from legalkg.ingest.sentences import SentenceFinder
from legalkg.ontology.namespace import LKG, OA

_SPAN = re.compile(r"#char=(\d+),(\d+)$")
_PREFIXES = """PREFIX lkg: <https://w3id.org/legalkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
TEXTS_QUERY = _PREFIXES + """SELECT ?report ?block ?text ?language WHERE {
  GRAPH ?report { ?block lkg:text ?text }
  OPTIONAL { ?report dcterms:language ?language }
}"""
PLANS_QUERY = _PREFIXES + "SELECT ?report ?plan WHERE { GRAPH ?report { ?plan a lkg:PlanSection } }"
MENTIONS_QUERY = _PREFIXES + "SELECT ?report ?node ?target WHERE { GRAPH ?report { ?node lkg:about ?target } }"
FIGURES_QUERY = _PREFIXES + """SELECT ?report ?node ?bureau ?year WHERE {
  GRAPH ?report { ?node lkg:indicator ?indicator }
  OPTIONAL { ?report lkg:issuedBy ?bureau }
  OPTIONAL { ?report lkg:year ?year }
}"""


def span_of(iri: str) -> tuple[int, int] | None:
    """The character range an RFC 5147 fragment names (`…#char=120,124` -> (120, 124))."""
    match = _SPAN.search(iri)
    return (int(match.group(1)), int(match.group(2))) if match else None


@dataclass(frozen=True, slots=True)
class Located:
    """Where a mention or figure stands: its sentence (offsets in the report's text) and status."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    status: str  # "done" or "planned"


@dataclass(slots=True)
class ReportText:
    """A report's stored text (one block, or one per part of a long report) and plan sections."""

    language: str = "zh"
    blocks: list[tuple[int, int, str]] = field(default_factory=list)
    plans: list[tuple[int, int]] = field(default_factory=list)
    _finders: dict[int, SentenceFinder] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.blocks.sort()

    def locate(self, start: int, end: int) -> Located | None:
        """The sentence and status of text[start:end]; None when no stored block holds it."""
        i = bisect.bisect_right(self.blocks, start, key=lambda block: block[0]) - 1
        if i < 0 or start >= self.blocks[i][1]:
            return None
        first, _, text = self.blocks[i]
        finder = self._finders.get(first)
        if finder is None:
            finder = self._finders[first] = SentenceFinder(text, self.language)
        s_start, s_end = finder.span(start - first, end - first)
        planned = any(a <= start < b for a, b in self.plans)
        return Located(start, end, s_start + first, s_end + first, text[s_start:s_end], "planned" if planned else "done")

    def locate_node(self, iri: str) -> Located | None:
        """`locate` for a mention or figure node, by the range its IRI names."""
        span = span_of(iri)
        return None if span is None else self.locate(*span)


def report_texts(store: Store, reports: Iterable[str] | None = None) -> dict[str, ReportText]:
    """{report IRI: its text and plan sections}, for all reports or for those named."""
    found: dict[str, ReportText] = defaultdict(ReportText)
    every = [None] if reports is None else [{"report": ox.NamedNode(r)} for r in dict.fromkeys(reports)]
    for bindings in every:
        for row in store.query(TEXTS_QUERY, bindings):
            text = found[row["report"].value]
            span = span_of(row["block"].value)
            if span is not None:
                text.blocks.append((span[0], span[1], row["text"].value))
            if row["language"] is not None:
                text.language = row["language"].value
        for row in store.query(PLANS_QUERY, bindings):
            span = span_of(row["plan"].value)
            if span is not None:
                found[row["report"].value].plans.append(span)
    for text in found.values():
        text.blocks.sort()
    return dict(found)


_EVIDENCE, _SENTENCE = term(LKG.Evidence), term(LKG.Sentence)
_IN_SENTENCE, _MENTION_START, _MENTION_END = term(LKG.inSentence), term(LKG.mentionStart), term(LKG.mentionEnd)
_EXACT, _START, _END = term(OA.exact), term(OA.start), term(OA.end)
_PART_OF, _STATUS = term(DCTERMS.isPartOf), term(LKG.status)
_STATUS_OF = {"done": term(LKG.done), "planned": term(LKG.planned)}
_OBSERVATION, _KEY_FIGURE = term(QB.Observation), term(LKG.KeyFigure)
_DATA_SET, _KEY_FIGURES, _REF_BUREAU, _YEAR = term(QB.dataSet), term(LKG.KeyFigures), term(LKG.refBureau), term(LKG.year)


def _node_quads(graph: ox.NamedNode, node: ox.NamedNode, located: Located, sentences: set[str]) -> Iterator[ox.Quad]:
    """The offsets and sentence of one mention or figure node in report `graph`; the sentence
    node once (`sentences`: those already written)."""
    sentence = ox.NamedNode(f"{graph.value}#char={located.sentence_start},{located.sentence_end}")
    yield ox.Quad(node, _IN_SENTENCE, sentence, graph)
    yield ox.Quad(node, _MENTION_START, integer(located.start), graph)
    yield ox.Quad(node, _MENTION_END, integer(located.end), graph)
    if sentence.value not in sentences:
        sentences.add(sentence.value)
        yield ox.Quad(sentence, A, _SENTENCE, graph)
        yield ox.Quad(sentence, _PART_OF, graph, graph)
        yield ox.Quad(sentence, _EXACT, ox.Literal(located.sentence), graph)
        yield ox.Quad(sentence, _START, integer(located.sentence_start), graph)
        yield ox.Quad(sentence, _END, integer(located.sentence_end), graph)
        yield ox.Quad(sentence, _STATUS, _STATUS_OF[located.status], graph)


def expanded_quads(store: Store) -> Iterator[ox.Quad]:
    """What the lean store implies, spelt out for readers without legalkg (exports): each
    mention as an lkg:Evidence with lkg:inSentence and offsets, each sentence once as an
    lkg:Sentence (oa:exact, oa:start, oa:end, dcterms:isPartOf, lkg:status), each key figure as
    a qb:Observation of lkg:KeyFigures with its bureau, year and sentence (a report is a
    prov:Entity by the ontology's lkg:Report). Read report by report, so memory holds one
    report's text at a time."""
    mentions: dict[str, list[ox.NamedNode]] = defaultdict(list)
    for row in store.query(MENTIONS_QUERY):
        mentions[row["report"].value].append(row["node"])
    figures: dict[str, list[tuple[ox.NamedNode, object, object]]] = defaultdict(list)
    for row in store.query(FIGURES_QUERY):
        figures[row["report"].value].append((row["node"], row["bureau"], row["year"]))
    reports = [row["report"].value for row in store.query(_PREFIXES + "SELECT ?report WHERE { ?report a lkg:Report }")]
    for report in sorted(set(reports)):
        graph = ox.NamedNode(report)
        texts = report_texts(store, [report]).get(report) or ReportText()
        sentences: set[str] = set()
        for node in sorted(set(mentions.get(report, ())), key=lambda n: n.value):
            located = texts.locate_node(node.value)
            if located is None:
                continue
            yield ox.Quad(node, A, _EVIDENCE, graph)
            yield from _node_quads(graph, node, located, sentences)
        for node, bureau, year in sorted(figures.get(report, ()), key=lambda f: f[0].value):
            located = texts.locate_node(node.value)
            yield ox.Quad(node, A, _OBSERVATION, graph)
            yield ox.Quad(node, A, _KEY_FIGURE, graph)
            yield ox.Quad(node, _DATA_SET, _KEY_FIGURES, graph)
            if bureau is not None:
                yield ox.Quad(node, _REF_BUREAU, bureau, graph)  # type: ignore[arg-type]
            if year is not None:
                yield ox.Quad(node, _YEAR, year, graph)  # type: ignore[arg-type]
            if located is not None:
                yield from _node_quads(graph, node, located, sentences)


def locate_all(store: Store, nodes: Iterable[tuple[str, str]]) -> dict[str, Located]:
    """{node IRI: where it stands} for (report IRI, mention or figure node IRI) pairs, reading
    each report's text once."""
    by_report: dict[str, list[str]] = defaultdict(list)
    for report, node in nodes:
        by_report[report].append(node)
    found: dict[str, Located] = {}
    for report, wanted in by_report.items():
        texts = report_texts(store, [report]).get(report) or ReportText()
        for node in wanted:
            located = texts.locate_node(node)
            if located is not None:
                found[node] = located
    return found


_DERIVED_PREDICATES = {_IN_SENTENCE, _MENTION_START, _MENTION_END, _EXACT, _START, _END, _STATUS, _PART_OF, _DATA_SET,
                       _REF_BUREAU, _YEAR}
_DERIVED_TYPES = {_EVIDENCE, _SENTENCE, _OBSERVATION, _KEY_FIGURE}


def is_derived(quad: ox.Quad | ox.Triple) -> bool:
    """Whether `quad` is one `expanded_quads` writes out (so loading an export gives back the
    lean store it came from): a statement of evidence, sentence or figure terms about a text
    range (`…#char=s,e`)."""
    subject = quad.subject
    if not isinstance(subject, ox.NamedNode) or "#char=" not in subject.value:
        return False
    return quad.predicate in _DERIVED_PREDICATES or (quad.predicate == A and quad.object in _DERIVED_TYPES)
