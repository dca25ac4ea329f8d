"""Specification of a named query's other forms (`rq/NAME.FORM.rq`, `# when: PARAM`): the text
run when that parameter is bound, with the same answers in the same order as the query's own."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.store import Store
from legalkg.ingest.errors import QueryError
from legalkg.queries.catalog import catalog, parse_query, with_forms
from legalkg.queries.runner import run_query

WITH_FORMS = sorted((name, param) for name, q in catalog().items() for param, _ in q.forms)
MAIN = """# name: q
# title: Q
# purpose: a test query
# param: bureau (kind: iri, optional) -- a bureau
SELECT ?bureau WHERE { ?bureau ?p ?o }
"""


def _values(store: Store, cls: str) -> list[ox.NamedNode]:
    """Every entity of class `cls` in `store`, in IRI order."""
    rows = run_query("SELECT DISTINCT ?x WHERE { ?x a ?class }", store=store, bindings={"class": ox.NamedNode(cls)}).rows
    return [ox.NamedNode(iri) for iri in sorted(row["x"] for row in rows)]


def test_the_ranking_queries_have_a_form_for_one_bound_bureau_or_place() -> None:
    assert set(WITH_FORMS) >= {("bureau-mechanisms", "bureau"), ("bureau-partners", "bureau"),
                               ("bureau-regulations", "bureau"), ("planned-vs-done", "bureau"),
                               ("mechanisms-by-place", "place"), ("reports", "bureau"), ("key-figures", "bureau")}


@pytest.mark.parametrize(("name", "param"), WITH_FORMS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_form_answers_what_the_query_answers_in_the_same_order(
        mini_store: Store, name: str, param: str, lang: str) -> None:
    query = catalog()[name]
    form = query.text_for({param})
    assert form != query.text
    cls = query.param(param).cls
    assert cls is not None
    checked = 0
    for value in _values(mini_store, cls):
        bindings = {param: value, "lang": ox.Literal(lang)}
        expected = run_query(query.text, store=mini_store, bindings=bindings).rows
        assert run_query(form, store=mini_store, bindings=bindings).rows == expected
        checked += len(expected)
    assert checked > 0


def test_text_for_picks_the_form_of_a_bound_parameter_and_the_own_text_otherwise() -> None:
    query = with_forms({"q": parse_query(MAIN, "rq/q.rq")}, [("q", "bureau", "# form text", "rq/q.one.rq")])["q"]
    assert query.text_for({"bureau": 1, "lang": 2}) == "# form text"
    assert query.text_for({"lang": 2}) == query.text_for(()) == MAIN


def test_a_form_of_no_query_or_for_no_parameter_is_refused_naming_the_file() -> None:
    queries = {"q": parse_query(MAIN, "rq/q.rq")}
    with pytest.raises(QueryError, match=r"rq/x\.one\.rq: a form of 'x'"):
        with_forms(queries, [("x", "bureau", "", "rq/x.one.rq")])
    with pytest.raises(QueryError, match=r"rq/q\.one\.rq: 'when: year' names no parameter of q"):
        with_forms(queries, [("q", "year", "", "rq/q.one.rq")])


def test_a_form_file_is_not_a_query_of_its_own() -> None:
    assert all(q.path == f"rq/{q.name}.rq" for q in catalog().values())
