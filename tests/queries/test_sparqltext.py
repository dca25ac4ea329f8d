"""Binding by VALUES and network keyword detection look only at SPARQL code, never inside data."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.graph.store import Store
from legalkg.queries.catalog import catalog
from legalkg.queries.params import bind_params
from legalkg.queries.runner import run_query
from legalkg.queries.sparqltext import code_only, uses_network, values_block, with_values


def test_code_only_blanks_strings_iris_and_comments_keeping_offsets() -> None:
    text = 'PREFIX a: <http://x#> # WHERE {\nSELECT * WHERE { ?s ?p "WHERE { SERVICE" }'
    code = code_only(text)
    assert len(code) == len(text)
    assert "SERVICE" not in code and "http" not in code and code.count("WHERE") == 1


def test_with_values_opens_the_outer_where_group() -> None:
    text = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    bound = with_values(text, {"s": ox.NamedNode("http://e/x")})
    assert bound.startswith("SELECT ?s WHERE {\n  VALUES (?s) { (<http://e/x>) }")


def test_with_values_skips_a_where_inside_a_comment_or_string() -> None:
    text = '# WHERE { in a comment\nSELECT ?s WHERE { ?s ?p "WHERE {" }'
    bound = with_values(text, {"o": ox.Literal("x")})
    assert 'SELECT ?s WHERE {\n  VALUES (?o) { ("x") }' in bound


def test_values_block_escapes_literals_as_ntriples() -> None:
    block = values_block({"x": ox.Literal('a" } ; DROP ALL ; #\n')})
    assert block == 'VALUES (?x) { ("a\\" } ; DROP ALL ; #\\n") }'


def test_uses_network_finds_service_and_load_in_code() -> None:
    assert uses_network("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }") == "SERVICE"
    assert uses_network("LOAD <http://x/data.ttl>") == "LOAD"
    assert uses_network("select * where { service <http://x/> { ?s ?p ?o } }") == "SERVICE"


def test_uses_network_ignores_data_variables_and_prefixed_names() -> None:
    assert uses_network('SELECT ?service WHERE { ?s ex:service "SERVICE" } # SERVICE') is None
    assert uses_network("SELECT * WHERE { ?s <http://x/SERVICE> ?load }") is None


IRI = ox.NamedNode("http://e/x")


def _blocks(text: str) -> int:
    return text.count("VALUES (?s) { (<http://e/x>) }")


def test_with_values_also_binds_a_subquery_that_projects_the_variable() -> None:
    text = "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }"
    bound = with_values(text, {"s": IRI})
    assert "GROUP BY ?s } }" in bound and _blocks(bound) == 2
    assert "SELECT ?s (COUNT(*) AS ?n) WHERE {\n  VALUES (?s) { (<http://e/x>) }\n ?s ?p ?o }" in bound


def test_with_values_into_subqueries_false_keeps_only_the_outermost_block() -> None:
    text = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    assert _blocks(with_values(text, {"s": IRI}, into_subqueries=False)) == 1


def test_with_values_binds_a_subquery_selecting_star_and_inside_graph() -> None:
    text = "SELECT * WHERE { GRAPH ?g { SELECT * WHERE { GRAPH ?r { ?s ?p ?o } } } }"
    assert _blocks(with_values(text, {"s": IRI})) == 2


@pytest.mark.parametrize("text", [
    # the subquery's ?s is another variable (not projected)
    "SELECT ?s WHERE { ?s ?p ?x { SELECT ?x WHERE { ?s ?q ?x } } }",
    # bound only by an expression
    "SELECT ?s WHERE { ?s ?p ?o { SELECT (?o AS ?s) WHERE { ?t ?p ?o } } }",
    # projected but never mentioned in the body
    "SELECT ?s WHERE { ?s ?p ?o { SELECT ?s ?o WHERE { ?t ?p ?o } } }",
])
def test_with_values_leaves_a_subquery_that_does_not_project_the_variable(text: str) -> None:
    assert _blocks(with_values(text, {"s": IRI})) == 1


@pytest.mark.parametrize("text", [
    # LIMIT picks rows before the outer join: binding first would pick others
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 1 } }",
    # first mentioned in an OPTIONAL: VALUES first would keep rows whose ?s did not match
    "SELECT ?s WHERE { { SELECT ?s ?o WHERE { ?t ?p ?o OPTIONAL { ?t ?q ?s } } } }",
    # first mentioned in a FILTER, or in one branch of a UNION only
    "SELECT ?s WHERE { { SELECT ?s WHERE { FILTER(?s != <http://e/y>) ?s ?p ?o } } }",
    "SELECT ?s WHERE { { SELECT ?s WHERE { { ?s ?p ?o } UNION { ?o ?p ?t } } } }",
    # under an OPTIONAL whose left side does not bind ?s yet, and inside EXISTS
    "SELECT ?s WHERE { { ?a ?b ?c OPTIONAL { SELECT ?s WHERE { ?s ?p ?c } } } }",
    "SELECT ?a WHERE { ?a ?b ?c FILTER NOT EXISTS { SELECT ?s WHERE { ?s ?p ?c } } }",
])
def test_with_values_leaves_a_subquery_where_binding_first_could_change_rows(text: str) -> None:
    assert _blocks(with_values(text, {"s": IRI})) == 1


def test_with_values_binds_nested_subqueries_that_all_project_the_variable() -> None:
    text = ("SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { "
            "{ SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } } } OPTIONAL { SELECT ?s WHERE { ?s a ?t } } "
            "} GROUP BY ?s } }")
    assert _blocks(with_values(text, {"s": IRI})) == 4


def test_with_values_stops_at_a_subquery_that_hides_the_variable() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?x { SELECT ?x WHERE { ?x ?q ?y { SELECT ?s WHERE { ?s ?r ?y } } } } }"
    assert _blocks(with_values(text, {"s": IRI})) == 1


def test_with_values_ignores_select_and_braces_in_strings_and_comments() -> None:
    text = ('SELECT ?s WHERE { ?s ?p "{ SELECT ?s WHERE { ?s" . # { SELECT ?s WHERE {\n'
            '  { SELECT ?s WHERE { ?s ?q "}}" } } }')
    bound = with_values(text, {"s": IRI})
    assert _blocks(bound) == 2
    assert '"{ SELECT ?s WHERE { ?s" . # { SELECT ?s WHERE {\n' in bound
    assert 'SELECT ?s WHERE {\n  VALUES (?s) { (<http://e/x>) }\n ?s ?q "}}" }' in bound


def test_with_values_binds_only_the_variables_a_subquery_projects() -> None:
    text = "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    bound = with_values(text, {"s": IRI, "o": ox.Literal("x")})
    assert bound.count('VALUES (?s ?o) { (<http://e/x> "x") }') == 1
    assert "SELECT ?s WHERE {\n  VALUES (?s) { (<http://e/x>) }\n" in bound


# parameter values that exist in the `mini_store` fixture
RAW = {"bureau": "杭州市人力资源和社会保障局", "other": "绍兴市人力资源和社会保障局", "target": "行政执法公示制度",
       "mechanism": "三项制度", "indicator": "行政诉讼败诉率", "year": "2019", "place": "杭州市", "province": "浙江省",
       "department": "人力资源和社会保障", "minReports": "2"}
# key figures stand in 绍兴's 2020 report only
RAW_FOR = {("key-figures", "bureau"): "绍兴市人力资源和社会保障局", ("key-figures", "year"): "2020"}
CASES = sorted((name, p.name) for name, q in catalog().items() if not q.internal for p in q.params)


@pytest.mark.parametrize(("name", "param"), CASES)
def test_named_query_rows_are_the_same_with_bindings_in_subqueries(mini_store: Store, name: str, param: str) -> None:
    query = catalog()[name]
    raw = {p.name: RAW_FOR.get((name, p.name), RAW[p.name]) for p in query.params if p.name == param or not p.optional}
    bindings = bind_params(query, raw, lang="en", store=mini_store)
    inner = run_query(with_values(query.text, bindings), store=mini_store)
    outer = run_query(with_values(query.text, bindings, into_subqueries=False), store=mini_store)
    assert inner.vars == outer.vars
    assert inner.rows == outer.rows and len(inner) > 0


def test_named_queries_with_aggregating_subqueries_get_their_parameters_inside() -> None:
    def blocks(name: str, param: str, **kw: bool) -> int:
        return with_values(catalog()[name].text, {param: IRI}, **kw).count("VALUES")

    inside = [case for case in CASES if blocks(*case) > blocks(*case, into_subqueries=False)]
    assert ("bureau-mechanisms", "bureau") in inside and len(inside) >= 5


def test_with_values_without_bindings_is_the_text_unchanged() -> None:
    text = "SELECT * WHERE { ?s ?p ?o }"
    assert with_values(text, {}) is text


@pytest.mark.parametrize("name", ["1x", "a-b", "s }", "", "?s"])
def test_with_values_refuses_a_name_that_is_not_a_variable(name: str) -> None:
    with pytest.raises(ValueError, match="not a SPARQL variable name"):
        with_values("SELECT * WHERE { ?s ?p ?o }", {name: IRI})


def test_with_values_opens_the_first_group_of_a_query_without_where() -> None:
    assert with_values("SELECT * { ?s ?p ?o }", {"s": IRI}) == "SELECT * {\n  VALUES (?s) { (<http://e/x>) }\n ?s ?p ?o }"


def test_with_values_refuses_a_query_without_a_group_pattern() -> None:
    with pytest.raises(ValueError, match="no group pattern"):
        with_values("ASK", {"s": IRI})


def test_with_values_into_subqueries_false_binds_the_outer_group_only() -> None:
    text = "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }"
    assert _blocks(with_values(text, {"s": IRI}, into_subqueries=False)) == 1


def test_values_block_keeps_the_order_of_the_bindings() -> None:
    block = values_block({"b": ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                          "a": ox.Literal("x", language="zh")})
    assert block == 'VALUES (?b ?a) { ("2"^^<http://www.w3.org/2001/XMLSchema#integer> "x"@zh) }'


def test_with_values_binds_a_bare_group_pattern() -> None:
    assert with_values("{ ?s ?p ?o }", {"s": IRI}) == "{\n  VALUES (?s) { (<http://e/x>) }\n ?s ?p ?o }"


def test_with_values_takes_into_subqueries_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        with_values("SELECT * WHERE { ?s ?p ?o }", {"s": IRI}, False)  # type: ignore[misc]
