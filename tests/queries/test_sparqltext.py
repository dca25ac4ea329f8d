"""Binding by VALUES and network keyword detection look only at SPARQL code, never inside data."""
from __future__ import annotations

import pyoxigraph as ox

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
