"""The YASGUI query editor of `legalkg serve` (/yasgui): the @zazuko/yasgui npm bundle shipped in
serve/assets (no CDN), the named queries as tabs, results whose entity IRIs open their pages.

A named query's parameters become a VALUES row at the top of its WHERE clause (UNDEF: unbound,
every bureau; write an IRI in its place to bind it), the same join the server makes for
/queries/NAME. The page talks only to its own server (CSP connect-src 'self') and YASGUI's
autocompleters that would call prefix.cc and LOV are turned off.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from legalkg.graph.export import PREFIXES
from legalkg.ontology.namespace import BASE
from legalkg.queries.sparqltext import with_values
from legalkg.serve.linkeddata import KINDS
from legalkg.serve.querypage import asset

TEMPLATE = "yasgui.html.j2"
# the files under /yasgui/ (a fixed list: nothing else of the package is served)
FILES = {"yasgui.min.js": "text/javascript", "yasgui.min.css": "text/css", "yasgui-app.js": "text/javascript"}
CSP = "; ".join((
    "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'",
    "img-src 'self' data:", "font-src 'self' data:", "base-uri 'none'", "form-action 'self'",
))


class _Undef:
    """The SPARQL keyword UNDEF where an RDF term would go in a VALUES row (an unbound parameter)."""

    def __str__(self) -> str:
        return "UNDEF"


def tab_text(query: dict[str, Any], lang: str = "en") -> str:
    """The named query's text as a YASGUI tab shows it: its parameters as a VALUES row."""
    bindings: dict[str, Any] = {p["name"]: _Undef() for p in query["params"]}
    if query["lang"]:
        bindings["lang"] = ox.Literal(lang)
    notes = [f"# ?{p['name']}: {p['meaning']}" for p in query["params"]]
    if notes:
        notes.insert(0, "# Parameters: UNDEF in the VALUES row leaves one unbound; write an IRI there to bind it.")
    return "\n".join([*notes, with_values(query["text"], bindings)]) if bindings else query["text"]


@lru_cache(maxsize=1)
def render_yasgui_page() -> str:
    """The page (the named queries are read once)."""
    import jinja2

    from legalkg.serve.endpoint import catalogue
    from legalkg.viz.page import script_json

    tabs = [{"name": q["name"], "title": q["title"], "text": tab_text(q)} for q in catalogue()]
    env = jinja2.Environment(loader=jinja2.FunctionLoader(asset), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["script_json"] = script_json
    prefixes = {**{k: v for k, v in PREFIXES.items() if k != "id"}, **{k: f"{BASE}id/{k}/" for k in KINDS}}
    data = {"tabs": tabs, "prefixes": prefixes, "idBase": BASE + "id/"}
    return env.get_template(TEMPLATE).render(csp=CSP, data=data)


@lru_cache(maxsize=len(FILES))
def asset_bytes(name: str) -> bytes:
    return asset(name).encode("utf-8")
