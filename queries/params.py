"""Turn `--param name=value` strings into RDF terms for a stored query.

An `iri` parameter takes an absolute IRI, or a name: first looked up exactly (itself as a bound
literal) with the `resolve-label` query, then, when nothing has that label, matched against the
labels of the parameter's class (`label-candidates`) by folded form or unique prefix, so that
杭州, 杭州市人社局 and Hangzhou all name the Hangzhou bureau. The name must select exactly one
entity; otherwise a `ParamError` lists the candidates.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from legalkg.graph.store import Store
from legalkg.ingest.errors import QueryError
from legalkg.queries.catalog import Param, StoredQuery, get_query
from legalkg.queries.match import Label, display_labels, matches, similar
from legalkg.queries.runner import run_query
from legalkg.queries.sparqltext import Term

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
SHOWN = 10


class ParamError(QueryError):
    """A parameter value that names no entity or several: a usage error (exit 2) that carries
    the candidates, (IRI, label) pairs, for the CLI and the server to show."""

    exit_code = 2

    def __init__(self, message: str, candidates: list[tuple[str, str]] | tuple = ()) -> None:
        self.candidates = list(candidates)
        from legalkg.queries.output import clean  # labels are document text: no terminal controls

        shown = "".join(f"\n  {clean(label)}  <{iri}>" for iri, label in candidates[:SHOWN])
        more = f"\n  ... and {len(candidates) - SHOWN} more" if len(candidates) > SHOWN else ""
        super().__init__(message + shown + more)


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
    if found:
        raise ParamError(f"--param {param.name}: {value!r} is the label of {len(found)} entities; "
                         "give one IRI:", found)
    return ox.NamedNode(_by_prefix(param, value, **where))  # type: ignore[arg-type]


def class_labels(cls: str | None, *, store: Store | None = None, endpoint: str | None = None) -> list[Label]:
    """Every label of every entity of `cls` (of every typed entity when None)."""
    bindings: dict[str, Term] = {"class": ox.NamedNode(cls)} if cls else {}
    rows = run_query(get_query("label-candidates").text, store=store, endpoint=endpoint, bindings=bindings)
    return [Label(str(r["entity"]), str(r["label"]), str(r["labelLang"] or ""), bool(r["preferred"])) for r in rows]


def _by_prefix(
    param: Param, value: str, *, store: Store | None = None, endpoint: str | None = None, lang: str | None = None,
) -> str:
    """The one entity of the parameter's class whose folded label equals or begins with `value`."""
    labels = class_labels(param.cls, store=store, endpoint=endpoint)
    shown = display_labels(labels, lang)
    found = matches(value, labels)
    what = _kind_name(param)
    if len(found) == 1:
        return found[0]
    if found:
        raise ParamError(f"--param {param.name}: {value!r} matches {len(found)} {what}; "
                         "give a longer name or one IRI:", [(iri, shown[iri]) for iri in found])
    near = similar(value, labels) if len(shown) > SHOWN else sorted(shown, key=shown.__getitem__)
    hint = "; similar ones:" if near and len(shown) > SHOWN else ("; the ones there are:" if near else "")
    raise ParamError(f"--param {param.name}: no {_kind_name(param, 1)} is named {value!r}{hint}",
                     [(iri, shown[iri]) for iri in near])


def _kind_name(param: Param, count: int = 2) -> str:
    """`bureaus` for a parameter of class lkg:Bureau; `entities` without a class."""
    if not param.cls:
        return "entity" if count == 1 else "entities"
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", param.cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]).lower()
    return name if count == 1 else name + ("es" if name.endswith("s") else "s")


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
