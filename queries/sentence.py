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


# How far either side of a mention the evidence query looks for its sentence's breaks first: a
# few hundred characters hold nearly every sentence of these reports, and the rule then runs on
# those only (a longer sentence falls back to the whole text, with the same answer).
WINDOW = 256


def sentence(indent: str = "  ", window: int | None = None) -> str:
    """Bind ?sentence, ?surfaceForm, ?sentenceStart and ?sentenceEnd for the mention at
    ?start..?end of ?report's text.

    With `window`, the same values, found faster: the rule is applied to the `window` characters
    on either side of the mention (one copy of the text per mention instead of one per function
    call, and regular expressions over a few hundred characters, not the whole report), and to
    the whole text only when no sentence break stands within the window. Same answer: the last
    break before the mention that lies in the window is the last one of the text, the first
    after it the first one."""
    if window is None:
        return _whole_text_sentence(indent)
    lines = [
        "# the sentence, re-derived from the report's text by the rule of legalkg.ingest.sentences,",
        f"# looked for within {window} characters of the mention first (the whole text when not there)",
        *_block_lines(),
        "BIND(?start - ?blockStart AS ?at)",
        f"BIND(IF(?at > {window}, ?at - {window}, 0) AS ?from)",
        f"BIND(SUBSTR(?text, ?from + 1, ?end - ?blockStart - ?from + {window}) AS ?piece)",
        "BIND(SUBSTR(?piece, 1, ?at - ?from) AS ?near)",
        "BIND(SUBSTR(?piece, ?at - ?from + 1, ?end - ?start) AS ?surfaceForm)",
        "BIND(SUBSTR(?piece, ?at - ?from + ?end - ?start + 1) AS ?next)",
        f"BIND({_by_language('?near', HEADS)} AS ?nearHead)",
        f"BIND({_by_language('?next', TAILS)} AS ?nextTail)",
        "BIND(IF(?from = 0 || STRLEN(?nearHead) < STRLEN(?near), ?nearHead,",
        f"        {_by_language('SUBSTR(?text, 1, ?at)', HEADS)}) AS ?head)",
        "BIND(IF(STRLEN(?nextTail) < STRLEN(?next), ?nextTail,",
        f"        {_by_language('SUBSTR(?text, ?end - ?blockStart + 1)', TAILS)}) AS ?tail)",
        "BIND(CONCAT(?head, ?surfaceForm, ?tail) AS ?sentence)",
        "BIND(?start - STRLEN(?head) AS ?sentenceStart)",
        "BIND(?end + STRLEN(?tail) AS ?sentenceEnd)",
    ]
    return "\n".join(indent + line for line in lines)


HEADS = ((EN_HEAD, EN_HEAD_KEEP), (ZH_HEAD, ZH_HEAD_KEEP))
TAILS = ((EN_TAIL, EN_TAIL_KEEP), (ZH_TAIL, ZH_TAIL_KEEP))


def _by_language(text: str, rules: tuple[tuple[str, str], tuple[str, str]]) -> str:
    """`text` with the English rule applied when ?english, else the Chinese one."""
    (en, en_keep), (zh, zh_keep) = rules
    return (f"IF(?english, REPLACE({text}, {literal(en)}, {literal(en_keep)}), "
            f"REPLACE({text}, {literal(zh)}, {literal(zh_keep)}))")


def _block_lines() -> list[str]:
    """The report's text block holding ?start, its offsets and language."""
    return [
        "GRAPH ?report { ?block lkg:text ?text }",
        "OPTIONAL { ?report dcterms:language ?textLanguage }",
        *span("block", "blockStart", "blockEnd", "").split("\n"),
        "FILTER(?blockStart <= ?start && ?start < ?blockEnd)",
        'BIND(COALESCE(?textLanguage = "en", false) AS ?english)',
    ]


def _whole_text_sentence(indent: str) -> str:
    lines = [
        "# the sentence, re-derived from the report's text by the rule of legalkg.ingest.sentences",
        *_block_lines(),
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


def plan_screen(indent: str = "  ") -> str:
    """Bind ?hasPlans to true for the reports of ?report that have plan sections, by one scan of
    them hash-joined: a query over many mentions then looks for the section a mention stands in
    only where there are sections (a point query does better without it)."""
    return (f"{indent}OPTIONAL {{ SELECT DISTINCT ?report (true AS ?hasPlans) WHERE "
            f"{{ GRAPH ?report {{ ?anyPlan a lkg:PlanSection }} }} }}")


def status(position: str = "start", indent: str = "  ", *, screened: bool = False) -> str:
    """Bind ?status to "planned" or "done" for the mention at ?{position} (`screened`: only
    reports with plan sections are looked into, see `plan_screen`)."""
    why, screen, test = "", "", in_plan(position, indent)
    if screened:
        why = f" (looked for only in reports\n{indent}# that have plan sections, found by one hash-joined scan)"
        screen, test = f"{plan_screen(indent)}\n", f"BOUND(?hasPlans) && {test}"
    return (f"{indent}# planned when it stands in one of the report's plan sections{why}\n"
            f'{screen}{indent}BIND(IF({test}, "planned", "done") AS ?status)')
