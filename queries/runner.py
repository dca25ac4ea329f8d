"""One query runner for the embedded store and remote SPARQL 1.1 endpoints.

Both paths take the same query text and the same bindings (RDF terms, put into the query as a
VALUES block) and return the same `Rows`: variable order plus one dict per solution, with IRIs
as strings and literals as Python values (int, float, bool, str).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from legalkg.ingest.errors import EndpointError, QueryError
from legalkg.queries.rows import Rows, Value
from legalkg.queries.sparqltext import Term, with_values

if TYPE_CHECKING:  # rdflib and the store module are imported only where used: `query` starts fast
    from rdflib import Graph

    from legalkg.graph.store import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + t for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
    )
}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}


def literal_value(value: str, datatype: str | None) -> Value:
    """A literal's Python value: integers, floats and booleans are converted, the rest is text."""
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if datatype == XSD + "boolean":
        return value in ("true", "1")
    return value


def _ox_value(term: Any) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value if term.language is None else None)
    return str(term)


def _json_value(binding: Mapping[str, str] | None) -> Value:
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return binding["value"]
    if kind == "bnode":
        return f"_:{binding['value']}"
    if "xml:lang" in binding:
        return binding["value"]
    return literal_value(binding["value"], binding.get("datatype"))


def as_term(value: Any) -> Term:
    """A pyoxigraph term from a pyoxigraph or rdflib term (bindings accept both)."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, RdfLiteral):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    raise TypeError(f"bindings take RDF terms (IRIs or literals), not {type(value).__name__}")


def bind(text: str, bindings: Mapping[str, Any] | None) -> str:
    """The query text with `bindings` joined in as a VALUES block of RDF terms."""
    return with_values(text, {k: as_term(v) for k, v in (bindings or {}).items()})


def run_query(
    text: str,
    *,
    store: Store | None = None,
    endpoint: str | None = None,
    bindings: Mapping[str, Any] | None = None,
    timeout: int = 120,
) -> Rows:
    """Run a SELECT/ASK/CONSTRUCT query on `store` (the union of its graphs) or `endpoint`."""
    if (store is None) == (endpoint is None):
        raise ValueError("run_query needs exactly one of store= or endpoint=")
    query = bind(text, bindings)
    if store is not None:
        return _run_local(store, query)
    assert endpoint is not None
    return _run_remote(endpoint, query, timeout)


def _run_local(store: Store, query: str) -> Rows:
    try:
        result = store.ox.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        from legalkg.queries.diagnose import explain

        raise QueryError(explain(query, str(exc))) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Rows(["ask"], [{"ask": bool(result)}])
    if isinstance(result, ox.QueryTriples):
        names = ["subject", "predicate", "object"]
        return Rows(names, [dict(zip(names, map(_ox_value, (t.subject, t.predicate, t.object)))) for t in result])
    names = [v.value for v in result.variables]
    return Rows(names, [{name: _ox_value(solution[name]) for name in names} for solution in result])


def _wrapper(endpoint: str, query: str, timeout: int):  # noqa: ANN202
    from SPARQLWrapper import POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint, agent="legalkg")
    wrapper.setMethod(POST)
    wrapper.setTimeout(timeout)
    wrapper.setQuery(query)
    return wrapper


def _remote_call(wrapper: Any, endpoint: str) -> Any:
    from urllib.error import URLError

    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    try:
        return wrapper.query()
    except QueryBadFormed as exc:
        raise QueryError(f"{endpoint} rejected the query: {str(exc).splitlines()[0]}") from None
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{endpoint}: {str(exc).splitlines()[0]}") from None
    except (URLError, OSError) as exc:
        raise EndpointError(f"{endpoint}: cannot reach the endpoint ({getattr(exc, 'reason', exc)})") from None


def _run_remote(endpoint: str, query: str, timeout: int) -> Rows:
    from SPARQLWrapper import JSON

    wrapper = _wrapper(endpoint, query, timeout)
    if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
        graph = construct_graph(query, endpoint=endpoint, timeout=timeout)
        names = ["subject", "predicate", "object"]
        return Rows(names, [
            dict(zip(names, (_rdflib_value(s), _rdflib_value(p), _rdflib_value(o)))) for s, p, o in graph
        ])
    wrapper.setReturnFormat(JSON)
    response = _remote_call(wrapper, endpoint)
    try:
        data = response.convert()
    except ValueError as exc:
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results ({exc})") from None
    if "boolean" in data:
        return Rows(["ask"], [{"ask": bool(data["boolean"])}])
    names = list(data.get("head", {}).get("vars", []))
    return Rows(names, [{n: _json_value(b.get(n)) for n in names} for b in data["results"]["bindings"]])


def _rdflib_value(term: Any) -> Value:
    from rdflib import Literal as RdfLiteral

    if isinstance(term, RdfLiteral):
        return literal_value(str(term), None if term.language else (str(term.datatype) if term.datatype else None))
    return str(term)


def construct_graph(
    text: str, *, store: Store | None = None, endpoint: str | None = None, timeout: int = 600,
) -> Graph:
    """The graph a CONSTRUCT query returns, as an rdflib Graph (for validation and export)."""
    from rdflib import Graph

    if store is not None:
        result = store.ox.query(text, use_default_graph_as_union=True)
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return Graph().parse(data=data.decode("utf-8"), format="nt")
    if endpoint is None:
        raise ValueError("construct_graph needs store= or endpoint=")
    from SPARQLWrapper import TURTLE

    wrapper = _wrapper(endpoint, text, timeout)
    wrapper.setReturnFormat(TURTLE)
    response = _remote_call(wrapper, endpoint)
    body = response.response.read()
    try:
        return Graph().parse(data=body.decode("utf-8"), format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise EndpointError(f"{endpoint}: the CONSTRUCT answer is not Turtle ({exc})") from None
