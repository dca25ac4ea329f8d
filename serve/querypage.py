"""The query page of `legalkg serve`: one HTML file with the named queries embedded, which
talks only to the server it came from (CSP connect-src 'self') and loads nothing else."""
from __future__ import annotations

from importlib.resources import files
from typing import Any

from legalkg.viz.page import _sha256, script_json

TEMPLATE = "query.html.j2"


def asset(name: str) -> str:
    """A file of serve/assets (templates, scripts) as text."""
    return files("legalkg.serve").joinpath("assets", name).read_text(encoding="utf-8")


def render_query_page(queries: list[dict[str, Any]], *, writable: bool = False) -> str:
    """The page, with `queries` (name, title, purpose, text, params) ready to run."""
    import jinja2

    app_js = asset("query.js")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(asset), autoescape=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["script_json"] = script_json
    csp = "; ".join((
        "default-src 'none'", f"script-src {_sha256(app_js)}", "style-src 'unsafe-inline'",
        "connect-src 'self'", "img-src data:", "base-uri 'none'", "form-action 'self'",
    ))
    return env.get_template(TEMPLATE).render(queries=queries, app_js=app_js, csp=csp, writable=writable)
