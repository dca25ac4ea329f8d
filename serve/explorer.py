"""The served explorer: /explore draws a big store overview first and asks the server for
each opened group or expanded entity, so the browser holds only what it shows.

Why a cache: the overview groups every entity and counts every link, so it reads the whole
graph once (`viz.network.network_data` in a query worker, under the server's limits). The graph
and its group tree are kept in memory per label language until the store changes (a write
through this server: `Endpoint.generation`); readers hold the store's shared lock, so nothing
else can write to it meanwhile. Each answer is what `viz.explore.overview()` / `expand()`
return, plus the labels of the entities it names (`nodes`).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus
from typing import Any
from weakref import WeakKeyDictionary

from legalkg.serve.app import Request
from legalkg.serve.endpoint import Answer, Endpoint
from legalkg.serve.errors import HttpError
from legalkg.serve.protocol import parse_pairs
from legalkg.viz import explore
from legalkg.viz.model import short_label
from legalkg.viz.network import NetworkData

LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True)
class View:
    """One language's graph, its groups and the store generation they were read at."""

    generation: int
    data: NetworkData
    tree: explore.Tree
    nodes: dict[str, dict[str, Any]]


class Explorer:
    """The cached views of one endpoint's store (one computation at a time per language)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._views: dict[str, View] = {}
        self._locks = {lang: threading.Lock() for lang in LANGS}

    def view(self, lang: str) -> View:
        """The view in `lang`, read from the store on first use and after every write. The read
        is not stopped when the client that asked goes away: the next one would start it again."""
        with self._locks[lang]:
            generation = self.endpoint.generation
            cached = self._views.get(lang)
            if cached is not None and cached.generation == generation:
                return cached
            data = self.endpoint.run("network", None, lang=lang)
            assert isinstance(data, NetworkData)
            nodes = {node.id: {"label": short_label(node.label, lang), "full": node.label, "kind": node.kind,
                               "other": node.labels.get("en" if lang == "zh" else "zh", ""), "degree": node.degree}
                     for node in data.nodes}
            self._views[lang] = View(generation, data, explore.tree(data), nodes)
            return self._views[lang]


_explorers: WeakKeyDictionary[Endpoint, Explorer] = WeakKeyDictionary()
_explorers_lock = threading.Lock()


def explorer_of(endpoint: Endpoint) -> Explorer:
    """The endpoint's explorer (made on first use)."""
    with _explorers_lock:
        if endpoint not in _explorers:
            _explorers[endpoint] = Explorer(endpoint)
        return _explorers[endpoint]


def _params(query: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in parse_pairs(query, "URL"):
        found.setdefault(key, []).append(value)
    return found


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"give {name}= once, not {len(values)} times")
    return values[0] if values else None


def _lang(params: dict[str, list[str]]) -> str:
    lang = _one(params, "lang") or "zh"
    if lang not in LANGS:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"lang= takes {' or '.join(LANGS)}, not {lang!r}")
    return lang


def _opened(params: dict[str, list[str]], view: View) -> set[str]:
    opened = set(params.get("open", []))
    unknown = sorted(opened - set(view.tree.groups))
    if unknown:
        raise HttpError(HTTPStatus.NOT_FOUND, f"no group {unknown[0]!r} in this store (open= names a group id)")
    return opened


def _json(value: dict[str, Any]) -> Answer:
    return Answer(HTTPStatus.OK, "application/json",
                  json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _with_nodes(answer: dict[str, Any], view: View) -> dict[str, Any]:
    return {**answer, "nodes": {n: view.nodes[n] for n in answer["entities"]}}


def _ancestors(tree_: explore.Tree, group: str) -> set[str]:
    found, parent = set(), tree_.groups[group].parent
    while parent is not None:
        found.add(parent)
        parent = tree_.groups[parent].parent
    return found


def overview_json(request: Request) -> Answer:
    """/explore/overview.json?lang=zh[&open=GROUP...]: `explore.overview()` of the store (with
    those groups open) and the labels of the entities drawn on their own."""
    params = _params(request.query)
    view = explorer_of(request.server.endpoint).view(_lang(params))
    found = explore.overview(view.data, view.tree, opened=_opened(params, view))
    return _json({**_with_nodes(found, view), "top": view.tree.top, "total": len(view.data.nodes)})


def expand_json(request: Request) -> Answer:
    """/explore/expand.json?group=ID or ?node=IRI (&lang=, &open=...): `explore.expand()` of that
    group or entity. For a group, `links` are those of the view with it and the `open` groups
    opened, so the page can redraw the links between what it shows."""
    params = _params(request.query)
    group, node = _one(params, "group"), _one(params, "node")
    if (group is None) == (node is None):
        raise HttpError(HTTPStatus.BAD_REQUEST, "expand.json takes group=ID or node=IRI (one of them)")
    view = explorer_of(request.server.endpoint).view(_lang(params))
    target = group if group is not None else node
    assert target is not None
    if (group is not None) != (target in view.tree.groups):
        raise HttpError(HTTPStatus.NOT_FOUND, f"no {'group' if group is not None else 'entity'} {target!r} "
                                              "in this store")
    try:
        found = explore.expand(view.data, target, view.tree)
    except KeyError:
        raise HttpError(HTTPStatus.NOT_FOUND, f"no entity {target!r} in this store") from None
    if group is not None:
        opened = _opened(params, view) | {group} | _ancestors(view.tree, group)
        found["links"] = explore.overview(view.data, view.tree, opened=opened)["links"]
    return _json(_with_nodes(found, view))


TEXT = {
    "zh": {"loading": "读取中…", "overview": "显示 {shown} 项（共 {total} 个实体）；单击分组展开，双击实体展开其关联",
           "opened": "已展开 {name}：{count} 项", "expanded": "显示 {count} 个关联实体（另有 {more} 个仍在分组中）",
           "close": "收起此分组及其后展开的分组"},
    "en": {"loading": "Loading…", "overview": "{shown} shown of {total} entities; click a group to open it, "
                                              "double-click an entity for its neighbours",
           "opened": "Opened {name}: {count} shown", "expanded": "{count} neighbours shown ({more} more stay in their groups)",
           "close": "Close this group and those opened after it"},
}


def render_explore_page() -> str:
    """The explorer page: vis-network and the script inline, talking only to its own server."""
    import jinja2

    from legalkg.serve.querypage import asset
    from legalkg.viz.page import RELATION_NAMES, RELATION_STYLE, STYLE, _sha256, script_json, vis_library

    vis_js, vis_css = vis_library()
    app_js = asset("explore.js")
    env = jinja2.Environment(loader=jinja2.FunctionLoader(asset), autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["script_json"] = script_json
    config = {
        "langs": list(LANGS),
        "text": {lang: {**TEXT[lang], "relations": RELATION_NAMES[lang]} for lang in LANGS},
        "kindStyle": {kind: {"color": c, "shape": s} for kind, (c, s) in STYLE.items()},
        "relationStyle": {rel: {"color": c, "dashes": d} for rel, (c, d) in RELATION_STYLE.items()},
    }
    csp = "; ".join((
        "default-src 'none'", f"script-src {_sha256(vis_js)} {_sha256(app_js)}", "style-src 'unsafe-inline'",
        "connect-src 'self'", "img-src data:", "font-src data:", "base-uri 'none'", "form-action 'none'",
    ))
    return env.get_template("explore.html.j2").render(
        lang="zh", csp=csp, vis_js=vis_js, vis_css=vis_css, app_js=app_js, config=config)


@lru_cache(maxsize=1)
def _page() -> bytes:
    return render_explore_page().encode("utf-8")


def explore_page(request: Request) -> Answer:
    """The explorer page (the same for every store: it fetches what it draws)."""
    return Answer(HTTPStatus.OK, "text/html", _page())
