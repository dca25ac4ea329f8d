"""Turn `--param name=value` strings into RDF terms for a stored query.

An `iri` parameter takes an absolute IRI, or a label that is looked up (itself as a bound
literal) with the `resolve-label` query; the lookup must find exactly one entity.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from legalkg.graph.store import Store
from legalkg.ingest.errors import QueryError
from legalkg.queries.catalog import Param, StoredQuery, get_query
from legalkg.queries.runner import run_query
from legalkg.queries.sparqltext import Term

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """`["a=1", "b=x=y"]` -> `{"a": "1", "b": "x=y"}`."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes name=value, not {item!r}")
        out[name.strip()] = value
    return out


def resolve_label(
    label: str, *, cls: str | None = None, store: Store | None = None, endpoint: str | None = None,
    lang: str | None = None,
) -> list[tuple[str, str]]:
    """Entities (IRI, label) whose prefLabel or altLabel is exactly `label`."""
    bindings: dict[str, Term] = {
        "label": ox.Literal(label),
        "labelZh": ox.Literal(label, language="zh"),
        "labelEn": ox.Literal(label, language="en"),
    }
    if cls:
        bindings["class"] = ox.NamedNode(cls)
    if lang:
        bindings["lang"] = ox.Literal(lang)
    rows = run_query(get_query("resolve-label").text, store=store, endpoint=endpoint, bindings=bindings)
    return [(str(row["entity"]), str(row["entityLabel"])) for row in rows]


def _term(param: Param, value: str, **where: object) -> Term:
    if param.kind == "int":
        try:
            return ox.Literal(str(int(value)), datatype=XSD_INTEGER)
        except ValueError:
            raise QueryError(f"--param {param.name} takes an integer, not {value!r}") from None
    if param.kind == "literal":
        return ox.Literal(value)
    if _ABSOLUTE_IRI.match(value):
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise QueryError(f"--param {param.name}: not a valid IRI: {value!r}") from None
    found = resolve_label(value, cls=param.cls, **where)  # type: ignore[arg-type]
    if len(found) == 1:
        return ox.NamedNode(found[0][0])
    if not found:
        raise QueryError(f"--param {param.name}: no entity has the label {value!r}; give its IRI")
    choices = "; ".join(f"{label} <{iri}>" for iri, label in found[:10])
    raise QueryError(f"--param {param.name}: {value!r} names {len(found)} entities ({choices}); give one IRI")


def bind_params(
    query: StoredQuery,
    raw: Mapping[str, str],
    *,
    lang: str | None = None,
    store: Store | None = None,
    endpoint: str | None = None,
) -> dict[str, Term]:
    """RDF terms for `query`'s parameters from user strings; errors say what is expected."""
    unknown = sorted(set(raw) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"query {query.name} has no parameter {unknown[0]!r} (parameters: {known})")
    missing = [p for p in query.params if not p.optional and p.name not in raw]
    if missing:
        wanted = " ".join(f"--param {p.name}=<{p.kind}>" for p in missing)
        meaning = "; ".join(f"{p.name}: {p.meaning}" for p in missing if p.meaning)
        raise QueryError(f"query {query.name} needs {wanted}" + (f" ({meaning})" if meaning else ""))
    bindings = {
        p.name: _term(p, raw[p.name], store=store, endpoint=endpoint, lang=lang)
        for p in query.params if p.name in raw
    }
    if query.lang and lang:
        bindings["lang"] = ox.Literal(lang)
    return bindings
