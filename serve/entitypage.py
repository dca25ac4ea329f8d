"""The HTML page of one entity (what a browser gets at its IRI): labels in both languages, types,
place, and every statement with the reports it comes from and their evidence sentences.

Everything from the store is data: the template escapes it (Jinja autoescape), the page runs no
script (CSP default-src 'none') and links only to this server's /id/ paths, except IRIs outside
the data, which are shown as they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2

from legalkg.ontology.namespace import ENTITY_GRAPH
from legalkg.serve.linkeddata import SERVED_PREFIXES, Resolver
from legalkg.serve.querypage import asset

TEMPLATE = "entity.html.j2"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL_PROPERTIES = {SKOS + "prefLabel": "pref", SKOS + "altLabel": "alt",
                    "http://www.w3.org/2000/01/rdf-schema#label": "label"}
PLACE_PROPERTIES = ("https://schema.org/areaServed", "https://schema.org/containedInPlace")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@dataclass
class Node:
    """A value on the page: a literal (text, lang) or an IRI (label, href)."""

    text: str
    lang: str = ""
    href: str | None = None
    iri: str | None = None


@dataclass
class Source:
    """A report (or the entities graph) a statement comes from, with its evidence sentences."""

    title: str
    href: str | None
    sentences: list[str] = field(default_factory=list)


@dataclass
class Row:
    prop: str
    prop_iri: str
    value: Node
    sources: list[Source] = field(default_factory=list)


def compact(iri: str) -> str:
    """prefix:name for a known namespace, else the IRI."""
    for prefix, namespace in SERVED_PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _label(labels: dict[str, list[tuple[str, str, str]]], iri: str) -> str:
    """The best label of `iri`: Chinese preferred label, then any preferred label, title, label."""
    found = labels.get(iri, [])
    rank = {"pref": 0, "title": 1, "label": 2, "alt": 3, "file": 4}
    ordered = sorted(found, key=lambda f: (rank.get(f[0], 9), f[2] != "zh", f[2] != "en"))
    return ordered[0][1] if ordered else compact(iri)


def view(page: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """The template's data: headings, labels, types, places and the statement rows."""
    iri, labels, evidence = page["iri"], page["labels"], page["evidence"]

    def node(term: dict[str, str]) -> Node:
        if term["type"] == "uri":
            local = resolver.local(term["value"])
            return Node(_label(labels, term["value"]), href=local or resolver.public(term["value"]),
                        iri=resolver.public(term["value"]))
        return Node(term["value"], lang=term.get("xml:lang", ""))

    own_labels: list[Node] = []
    types: list[Node] = []
    rows: dict[tuple[str, str, str, str], Row] = {}
    for st in page["statements"]:
        direction, prop, value, graph = st["dir"]["value"], st["p"]["value"], st["n"], st["g"]["value"]
        if direction == "out" and prop in LABEL_PROPERTIES and value["type"] == "literal":
            own_labels.append(Node(value["value"], lang=value.get("xml:lang", ""), iri=LABEL_PROPERTIES[prop]))
            continue
        if direction == "out" and prop == RDF_TYPE:
            types.append(node(value))
            continue
        key = (direction, prop, value["type"], value["value"])
        row = rows.setdefault(key, Row(compact(prop), prop, node(value)))
        if graph == str(ENTITY_GRAPH):
            row.sources.append(Source("entities graph", None))
        else:
            row.sources.append(Source(_label(labels, graph), resolver.local(graph) or graph,
                                      evidence.get((graph, value["value"]), [])))
    prefs = sorted((n for n in own_labels if n.iri == "pref"), key=lambda n: (n.lang != "zh", n.lang != "en"))
    out = sorted((r for k, r in rows.items() if k[0] == "out"), key=lambda r: (r.prop, r.value.text))
    incoming = sorted((r for k, r in rows.items() if k[0] == "in"), key=lambda r: (r.prop, r.value.text))
    return {
        "iri": resolver.public(iri), "heading": prefs[0].text if prefs else compact(resolver.public(iri)),
        "heading_lang": prefs[0].lang if prefs else "", "labels": sorted(own_labels, key=lambda n: (n.iri, n.lang)),
        "types": types, "places": [r.value for r in out if r.prop_iri in PLACE_PROPERTIES],
        "out": out, "in": incoming,
        "path": resolver.local(iri) or "",
    }


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FunctionLoader(asset), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template(TEMPLATE)


def render_entity_page(page: dict[str, Any], resolver: Resolver) -> str:
    """The page as HTML text (autoescaped; the template is compiled once)."""
    return _template().render(csp=CSP, **view(page, resolver))
