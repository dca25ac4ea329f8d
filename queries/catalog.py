"""Named SPARQL queries: `rq/NAME.rq` files (package data) with a comment header.

Header lines (before the first non-comment line):
    # name: bureau-mechanisms
    # title: Departments x mechanisms
    # purpose: one sentence a researcher would ask
    # param: bureau (kind: iri, class: lkg:Bureau, optional) -- what it means
    # lang: yes          (labels follow --lang through a bound ?lang literal)
    # internal: yes      (used by legalkg itself, not listed for people)

A query may have other forms: files `rq/NAME.FORM.rq` whose header says only `# name: NAME` and
`# when: PARAM` (a parameter of NAME). Such a form gives the same answers as NAME's own text,
in the same order, with a plan written for that parameter being bound (why: Oxigraph runs each
sub-SELECT on its own and joins its rows by hash, so the shape that is fast for one bound bureau,
labels looked up per row of that bureau, is the slow one over every bureau, and the other way
round); the tests run both forms on the same data and compare the rows.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files

from legalkg.ingest.errors import QueryError

# The lkg: namespace (LKG in legalkg.ontology.namespace, a test checks they agree), spelt out so
# that reading the catalog does not import rdflib: `legalkg query --help` lists the queries.
LKG_NS = "https://w3id.org/legalkg/ontology#"

KINDS = ("iri", "literal", "int")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<opts>[^)]*)\)\s*(?:--\s*(?P<meaning>.*))?$")


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter: bound to the SPARQL variable of the same name."""

    name: str
    kind: str
    meaning: str = ""
    optional: bool = False
    cls: str | None = None


@dataclass(frozen=True, slots=True)
class StoredQuery:
    """One named query as read from its .rq file."""

    name: str
    title: str
    purpose: str
    params: tuple[Param, ...]
    text: str
    path: str
    lang: bool = False
    internal: bool = field(default=False, compare=False)
    # (parameter, text): the forms to run when that parameter is bound, first match wins
    forms: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def text_for(self, bound: Iterable[str]) -> str:
        """The text to run with the parameters named in `bound` bound: the form written for
        one of them if the query has one, else its own text (the same answers either way)."""
        names = set(bound)
        return next((text for param, text in self.forms if param in names), self.text)


def _expand(term: str) -> str:
    """`lkg:Bureau` -> the full IRI (only the lkg: prefix is used in headers)."""
    return LKG_NS + term.removeprefix("lkg:") if term.startswith("lkg:") else term


def parse_param(spec: str, where: str) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"{where}: malformed param header {spec!r}")
    opts = [o.strip() for o in match["opts"].split(",") if o.strip()]
    kind, cls, optional = "", None, False
    for opt in opts:
        key, _, value = (part.strip() for part in opt.partition(":"))
        if key == "kind":
            kind = value
        elif key == "class":
            cls = _expand(value)
        elif key == "optional" and not value:
            optional = True
        else:
            raise QueryError(f"{where}: unknown param option {opt!r}")
    if kind not in KINDS:
        raise QueryError(f"{where}: param {match['name']} needs kind: {'|'.join(KINDS)}")
    return Param(match["name"], kind, (match["meaning"] or "").strip(), optional, cls)


def _header(text: str) -> list[tuple[str, str]]:
    """(key, value) of each header line, in order: the comment lines before the query."""
    pairs = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            pairs.append((match["key"], match["value"]))
    return pairs


def parse_query(text: str, path: str) -> StoredQuery:
    """Read the header of one .rq file; the whole text (header included) is the query."""
    pairs = _header(text)
    header = {key: value for key, value in pairs if key != "param"}
    params = [parse_param(value, path) for key, value in pairs if key == "param"]
    name = header.get("name")
    if not name:
        raise QueryError(f"{path}: missing '# name:' header")
    return StoredQuery(
        name=name, title=header.get("title", name), purpose=header.get("purpose", ""),
        params=tuple(params), text=text, path=path, lang=header.get("lang", "no") == "yes",
        internal=header.get("internal", "no") == "yes",
    )


def _form_of(text: str, path: str) -> tuple[str, str] | None:
    """(name, parameter) of a query's other form (`# when:` in its header), None for a query."""
    header = dict(_header(text))
    if "when" not in header:
        return None
    if not header.get("name"):
        raise QueryError(f"{path}: missing '# name:' header")
    return header["name"], header["when"]


def with_forms(queries: dict[str, StoredQuery], forms: list[tuple[str, str, str, str]]) -> dict[str, StoredQuery]:
    """`queries` with their other forms, given as (name, parameter, text, path), attached."""
    attached: dict[str, list[tuple[str, str]]] = {}
    for name, param, text, path in forms:
        query = queries.get(name)
        if query is None:
            raise QueryError(f"{path}: a form of {name!r}, which no query file defines")
        if query.param(param) is None:
            raise QueryError(f"{path}: 'when: {param}' names no parameter of {name}")
        attached.setdefault(name, []).append((param, text))
    return {name: replace(q, forms=tuple(attached[name])) if name in attached else q for name, q in queries.items()}


@cache
def catalog() -> dict[str, StoredQuery]:
    """Every packaged query by name (sorted), with its other forms."""
    found: dict[str, StoredQuery] = {}
    forms: list[tuple[str, str, str, str]] = []
    for entry in sorted(files("legalkg.queries").joinpath("rq").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text, path = entry.read_text(encoding="utf-8"), f"rq/{entry.name}"
            if (form := _form_of(text, path)) is not None:
                forms.append((*form, text, path))
                continue
            query = parse_query(text, path)
            found[query.name] = query
    return with_forms(found, forms)


def get_query(name: str) -> StoredQuery:
    """The query called `name`, or a QueryError naming the ones that exist."""
    queries = catalog()
    if name not in queries:
        available = ", ".join(n for n, q in queries.items() if not q.internal)
        raise QueryError(f"unknown query {name!r}; available: {available}")
    return queries[name]
