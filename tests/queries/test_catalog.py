"""The named-query catalog: headers, required queries, every .rq parses with its parameters bound."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalkg.ingest.errors import QueryError
from legalkg.queries.catalog import catalog, get_query, parse_query
from legalkg.queries.runner import bind

REQUIRED = {
    "bureau-mechanisms", "mechanism-bureaus", "bureau-regulations", "bureau-partners",
    "regulations-by-citations", "evidence",
}
SAMPLE = {
    "iri": ox.NamedNode("https://w3id.org/legalkg/id/x"),
    "literal": ox.Literal("x"),
    "int": ox.Literal("2020", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
}


def test_catalog_has_the_required_queries_and_three_more() -> None:
    public = {name for name, q in catalog().items() if not q.internal}
    assert REQUIRED <= public
    assert len(public - REQUIRED) >= 3


@pytest.mark.parametrize("name", sorted(catalog()))
def test_catalog_query_has_header_and_file_name_matches(name: str) -> None:
    query = catalog()[name]
    assert query.path == f"rq/{name}.rq"
    assert query.title and query.purpose
    assert all(p.meaning for p in query.params)


@pytest.mark.parametrize("name", sorted(catalog()))
def test_catalog_query_parses_with_all_parameters_bound(name: str) -> None:
    query = catalog()[name]
    bindings = {p.name: SAMPLE[p.kind] for p in query.params}
    if query.lang:
        bindings["lang"] = ox.Literal("en")
    result = ox.Store().query(bind(query.text, bindings), use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)


@pytest.mark.parametrize("name", sorted(catalog()))
def test_catalog_query_parameters_are_used_in_the_outer_pattern(name: str) -> None:
    """Parameters are joined as a VALUES block at the top of the WHERE clause, so each one must
    appear in the query's text as a variable."""
    query = catalog()[name]
    for param in query.params:
        assert f"?{param.name}" in query.text.split("\nSELECT", 1)[1]
    assert ("?lang" in query.text) == query.lang


def test_bureau_mechanisms_projects_the_documented_columns() -> None:
    text = get_query("bureau-mechanisms").text
    result = ox.Store().query(bind(text, {"lang": ox.Literal("zh")}))
    assert [v.value for v in result.variables][:4] == ["bureau", "bureauLabel", "mechanism", "mechanismLabel"]


def test_get_query_unknown_name_lists_the_available_ones() -> None:
    with pytest.raises(QueryError, match=r"unknown query 'nope'; available: .*bureau-mechanisms"):
        get_query("nope")


def test_parse_query_reads_params_with_class_and_optional() -> None:
    query = parse_query(
        "# name: q\n# purpose: p\n# param: b (kind: iri, class: lkg:Bureau, optional) -- the bureau\n"
        "# lang: yes\nSELECT * WHERE { ?b ?p ?o }",
        "rq/q.rq",
    )
    (param,) = query.params
    assert (param.name, param.kind, param.optional, param.meaning) == ("b", "iri", True, "the bureau")
    assert param.cls == "https://w3id.org/legalkg/ontology#Bureau" and query.lang


def test_parse_query_rejects_unknown_kind() -> None:
    with pytest.raises(QueryError, match="kind"):
        parse_query("# name: q\n# param: b (kind: uri)\nSELECT * {}", "rq/q.rq")


def test_catalog_spells_the_lkg_namespace_as_the_ontology_does() -> None:
    from legalkg.ontology.namespace import LKG
    from legalkg.queries.catalog import LKG_NS

    assert LKG_NS == str(LKG._NS)
