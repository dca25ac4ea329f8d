"""Specification of the SPARQL that re-derives evidence from the lean store (`queries.sentence`)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.evidence import MENTIONS_QUERY, locate_all
from legalkg.graph.store import Store
from legalkg.queries.catalog import catalog, get_query
from legalkg.queries.runner import run_query
from legalkg.queries.sentence import WINDOW, in_plan, plan_screen, sentence, span, status


@pytest.mark.parametrize(("name", "fragments"), [
    ("evidence", [span("evidence", "start", "end"), sentence(window=WINDOW), status("start")]),
    ("uncurated-mechanisms", [span("evidence", "start", "end"), sentence(window=WINDOW)]),
    ("key-figures", [span("figure", "start", "end", "      "), status("start", "      ", screened=True)]),
    ("indicator-summary", [in_plan("start", "      "), plan_screen("      ")]),
])
def test_named_queries_spell_the_rule_as_the_module_writes_it(name: str, fragments: list[str]) -> None:
    for fragment in fragments:
        assert fragment in catalog()[name].text


def test_no_named_query_reads_the_per_sentence_nodes_the_store_no_longer_keeps() -> None:
    for query in catalog().values():
        assert "lkg:inSentence" not in query.text and "oa:exact" not in query.text, query.name


def test_the_evidence_query_gives_every_mention_the_sentence_status_and_words_python_gives(built_store: Store) -> None:
    links = built_store.query("""PREFIX lkg: <https://w3id.org/legalkg/ontology#>
        SELECT DISTINCT ?bureau ?target WHERE { ?report lkg:issuedBy ?bureau .
          GRAPH ?report { VALUES ?p { lkg:implements lkg:cites lkg:worksWith } ?bureau ?p ?target } }""")
    pairs = [(row["bureau"], row["target"]) for row in links]
    expected = locate_all(built_store, ((r["report"].value, r["node"].value) for r in built_store.query(MENTIONS_QUERY)))
    query = get_query("evidence").text
    checked = 0
    for bureau, target in pairs:
        for row in run_query(query, store=built_store, bindings={"bureau": bureau, "target": target}):
            at = expected[row["evidence"]]
            assert (row["start"], row["end"], row["sentenceStart"], row["sentenceEnd"], row["sentence"], row["status"]) == (
                at.start, at.end, at.sentence_start, at.sentence_end, at.sentence, at.status)
            assert row["surfaceForm"] == at.sentence[at.start - at.sentence_start:at.end - at.sentence_start]
            checked += 1
    assert checked > 300 and {"done", "planned"} <= {at.status for at in expected.values()}


def test_a_mention_in_a_plan_section_is_planned(mini_store: Store) -> None:
    rows = run_query(get_query("evidence").text, store=mini_store, bindings={
        "bureau": ox.NamedNode("https://w3id.org/legalkg/id/bureau/hangzhou"),
        "target": ox.NamedNode("https://w3id.org/legalkg/id/mechanism/law-enforcement-publicity")}).rows
    assert {(row["year"], row["status"]) for row in rows} == {(2019, "planned"), (2020, "done")}
