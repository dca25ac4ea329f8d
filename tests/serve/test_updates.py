"""using-graph-uri / using-named-graph-uri written into an update as USING clauses."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.serve.errors import HttpError
from legalkg.serve.updates import apply_using

MODIFY = "PREFIX : <urn:> CLEAR ALL ; INSERT { GRAPH :out { ?s a :Copy } } WHERE { ?s a :Doc }"


def test_updates_using_clauses_go_before_each_top_level_where():
    text = apply_using(MODIFY + " ; DELETE { ?s a :Copy } WHERE { ?s a :Old }", ["urn:g1"], ["urn:g2"])
    assert text.count("USING <urn:g1> USING NAMED <urn:g2>\nWHERE") == 2


def test_updates_leave_subqueries_strings_and_delete_where_alone():
    text = ('INSERT { ?s <urn:p> "WHERE" } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } ;'
            ' DELETE WHERE { ?s <urn:gone> ?o }')
    changed = apply_using(text, ["urn:g"], [])
    assert changed.count("USING <urn:g>") == 1
    assert '"WHERE" } USING <urn:g>\nWHERE { { SELECT ?s WHERE' in changed


def test_updates_with_using_graphs_run_on_those_graphs_only():
    store = ox.Store()
    for name in ("a", "b"):
        store.add(ox.Quad(ox.NamedNode(f"urn:{name}"), ox.NamedNode("urn:is"), ox.Literal(name),
                          ox.NamedNode(f"urn:g-{name}")))
    store.update(apply_using("INSERT { GRAPH <urn:out> { ?s <urn:seen> true } } WHERE { ?s ?p ?o }", ["urn:g-a"], []))
    assert [q.subject.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:out"))] == ["urn:a"]


@pytest.mark.parametrize("text", [
    "WITH <urn:x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } USING <urn:x> WHERE { ?s ?p ?o }",
    "insert { ?s ?p ?o } using named <urn:x> where { graph ?g { ?s ?p ?o } }",
])
def test_updates_refuse_their_own_using_or_with_beside_the_parameters(text):
    with pytest.raises(HttpError, match="one or the other") as refused:
        apply_using(text, [], ["urn:people"])
    assert refused.value.status == 400
    assert apply_using(text, [], []) == text
