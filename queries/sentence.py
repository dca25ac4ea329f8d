"""SPARQL that re-derives a mention's offsets, sentence and status from the lean store.

One source for the named queries in rq/ (static files, checked against these functions by the
tests) and for queries composed in code (serve's entity pages). The rule is that of
`legalkg.ingest.sentences`, whose patterns are written in the regular-expression subset that
XPath, Rust and Python share, so an endpoint other than Oxigraph answers the same.
"""
from __future__ import annotations

from legalkg.ingest.sentences import (
    EN_HEAD, EN_HEAD_KEEP, EN_TAIL, EN_TAIL_KEEP, ZH_HEAD, ZH_HEAD_KEEP, ZH_TAIL, ZH_TAIL_KEEP,
)

def literal(text: str) -> str:
    """`text` as a SPARQL string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def span(node: str, start: str, end: str, indent: str = "  ") -> str:
    """Bind ?start and ?end to the character range in ?node's IRI (RFC 5147 `#char=s,e`)."""
    return (f'{indent}BIND(STRAFTER(STR(?{node}), "#char=") AS ?{node}Span)\n'
            f'{indent}BIND(xsd:integer(STRBEFORE(?{node}Span, ",")) AS ?{start})\n'
            f'{indent}BIND(xsd:integer(STRAFTER(?{node}Span, ",")) AS ?{end})')


def sentence(indent: str = "  ") -> str:
    """Bind ?sentence, ?surfaceForm, ?sentenceStart and ?sentenceEnd for the mention at
    ?start..?end of ?report's text."""
    lines = [
        "# the sentence, re-derived from the report's text by the rule of legalkg.ingest.sentences",
        "GRAPH ?report { ?block lkg:text ?text }",
        "OPTIONAL { ?report dcterms:language ?textLanguage }",
        span("block", "blockStart", "blockEnd", "").replace("\n", "\n" + indent),
        "FILTER(?blockStart <= ?start && ?start < ?blockEnd)",
        'BIND(COALESCE(?textLanguage = "en", false) AS ?english)',
        "BIND(SUBSTR(?text, 1, ?start - ?blockStart) AS ?before)",
        "BIND(SUBSTR(?text, ?end - ?blockStart + 1) AS ?after)",
        f"BIND(IF(?english, REPLACE(?before, {literal(EN_HEAD)}, {literal(EN_HEAD_KEEP)}),",
        f"                  REPLACE(?before, {literal(ZH_HEAD)}, {literal(ZH_HEAD_KEEP)})) AS ?head)",
        f"BIND(IF(?english, REPLACE(?after, {literal(EN_TAIL)}, {literal(EN_TAIL_KEEP)}),",
        f"                  REPLACE(?after, {literal(ZH_TAIL)}, {literal(ZH_TAIL_KEEP)})) AS ?tail)",
        "BIND(SUBSTR(?text, ?start - ?blockStart + 1, ?end - ?start) AS ?surfaceForm)",
        "BIND(CONCAT(?head, ?surfaceForm, ?tail) AS ?sentence)",
        "BIND(?start - STRLEN(?head) AS ?sentenceStart)",
        "BIND(?end + STRLEN(?tail) AS ?sentenceEnd)",
    ]
    return "\n".join(indent + line for line in lines)


def in_plan(position: str, indent: str = "  ") -> str:
    """A group pattern true when ?{position} stands in one of ?report's plan sections."""
    inner = indent + "                 "
    return (f"EXISTS {{ GRAPH ?report {{ ?plan a lkg:PlanSection }}\n"
            f"{span('plan', 'planStart', 'planEnd', inner)}\n"
            f"{inner}FILTER(?planStart <= ?{position} && ?{position} < ?planEnd) }}")


def status(position: str = "start", indent: str = "  ") -> str:
    """Bind ?status to "planned" or "done" for the mention at ?{position}."""
    return (f"{indent}# planned when it stands in one of the report's plan sections\n"
            f'{indent}BIND(IF({in_plan(position, indent)}, "planned", "done") AS ?status)')
