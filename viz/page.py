"""The network page: one self-contained HTML file made with pyvis, safe offline and against
hostile document text.

Why not pyvis's own template: it loads Bootstrap from a CDN even with
`cdn_resources="in_line"`, inserts `heading` raw, writes node ids raw into `<option>`s, and
switches every tooltip to innerHTML when one title contains "href". So pyvis collects the nodes,
edges and options and runs `generate_html()`, but with our own autoescaping template
(`assets/network.html.j2`) that inlines pyvis's bundled vis-network and keeps data in
`<script type="application/json">` blocks whose "<", ">" and "&" are \\u-escaped.
Tooltips are plain strings, which vis-network 9 shows with `innerText` (never parsed as HTML).
A Content-Security-Policy admits only the two inline scripts by hash and no network at all.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import tempfile
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from legalkg.ingest.errors import LegalKGError
from legalkg.viz.layout import seed_positions
from legalkg.viz import explore, model
from legalkg.viz.network import Evidence, NetworkData, NetworkNode

STYLE = {  # kind: (colour, vis-network shape)
    "bureau": ("#e15759", "square"),
    "mechanism": ("#4e79a7", "dot"),
    "regulation": ("#f28e2b", "diamond"),
    "agency": ("#59a14f", "triangle"),
}
RELATION_STYLE = {  # relation: (colour, dashed)
    "implements": ("#4e79a7", False),
    "cites": ("#f28e2b", False),
    "worksWith": ("#59a14f", False),
    "ledBy": ("#e15759", False),
    "supervisedBy": ("#b07aa1", True),
    "cooperatesWith": ("#59a14f", False),
    "appliesDocumentsOf": ("#9c755f", True),
    "broader": ("#9c9c9c", True),
}
KIND_NAMES = {
    "zh": {"bureau": "部门", "mechanism": "制度机制", "regulation": "法规文件", "agency": "协作单位"},
    "en": {"bureau": "Department", "mechanism": "Mechanism", "regulation": "Regulation", "agency": "Partner agency"},
}
RELATION_NAMES = {
    "zh": {"implements": "实施", "cites": "引用", "worksWith": "关联单位", "ledBy": "受其领导", "supervisedBy": "受其监督指导",
           "cooperatesWith": "协作", "appliesDocumentsOf": "适用其文件", "broader": "上位机制"},
    "en": {"implements": "implements", "cites": "cites", "worksWith": "works with", "ledBy": "led by",
           "supervisedBy": "supervised by", "cooperatesWith": "cooperates with", "appliesDocumentsOf": "applies documents of",
           "broader": "broader"},
}
TEXT = {
    "zh": {"aliases": "别名", "links": "关联", "evidence": "依据", "reports": "报告年份",
           "search": "搜索名称、别名或拼音…", "summary": "{nodes} 个节点，{edges} 条关系", "title": "法治政府建设报告知识图谱",
           "year": "年份", "bureau": "部门", "department": "部门类别", "mechanism": "机制", "place": "地市", "province": "省份", "all": "全部",
           "shown": "显示 {shown} / {nodes} 个节点", "score": "得分", "group": "社群", "figures": "关键数据",
           "nomatch": "没有匹配的名称", "more": "另有 {n} 项", "overview": "概览", "members": "成员",
           "open": "单击展开，再次单击收起", "expand": "双击显示其关联", "county": "区县", "degree": "关联数",
           "foreign": "仅有英文名称（{n}）", "overviewNote": "共 {nodes} 个节点：先显示分组；单击分组展开，双击节点显示关联。",
           "tab_network": "网络", "tab_matrix": "部门 × 机制", "tab_adoption": "逐年采用", "png": "导出 PNG",
           "svg": "导出 SVG", "colourBy": "着色", "byReports": "报告数", "byYear": "首次年份", "total": "合计",
           "matrixCut": "显示 {rows} / {allRows} 个部门、{cols} / {allCols} 项机制（关联最多者）",
           "adoptionNote": "各年报告实施该机制的部门数（括号内为首次报告的部门数）", "noData": "没有数据",
           "otherName": "英文名", "countOf": "{n} 条关联"},
    "en": {"aliases": "Also", "links": "Links", "evidence": "Evidence", "reports": "Report years",
           "search": "Search names, aliases, pinyin…", "summary": "{nodes} nodes, {edges} links",
           "title": "Rule-of-law reports knowledge graph", "year": "Year", "bureau": "Department", "department": "Department kind",
           "mechanism": "Mechanism", "place": "City", "province": "Province", "all": "all", "shown": "showing {shown} of {nodes} nodes",
           "score": "Score", "group": "Community", "figures": "Key figures",
           "nomatch": "No name matches", "more": "{n} more", "overview": "Overview", "members": "Members",
           "open": "click to open, click again to close", "expand": "double-click to show its links",
           "county": "County", "degree": "Links", "foreign": "named only in Chinese ({n})",
           "overviewNote": "{nodes} nodes: groups first; click a group to open it, double-click a node to show its links.",
           "tab_network": "Network", "tab_matrix": "Bureaus × mechanisms", "tab_adoption": "Adoption by year",
           "png": "PNG", "svg": "SVG", "colourBy": "Colour by", "byReports": "reports", "byYear": "first year",
           "total": "total", "matrixCut": "showing {rows} of {allRows} bureaus and {cols} of {allCols} mechanisms (most linked)",
           "adoptionNote": "Bureaus reporting the mechanism each year (first-time reporters in brackets)",
           "noData": "No data", "otherName": "Chinese name", "countOf": "{n} links"},
}
JS_TEXT = ("aliases", "links", "evidence", "reports", "shown", "place", "province", "county", "figures", "nomatch",
           "more", "overview", "members", "open", "expand", "degree", "foreign", "overviewNote", "colourBy",
           "byReports", "byYear", "total", "matrixCut", "adoptionNote", "noData", "otherName", "countOf", "summary")
_SVG = {
    "square": '<rect x="2.5" y="2.5" width="11" height="11" fill="{c}"/>',
    "dot": '<circle cx="8" cy="8" r="6" fill="{c}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
    "triangle": '<polygon points="8,1.5 15,14.5 1,14.5" fill="{c}"/>',
}
GROUP_COLOURS = (  # community colours (Tableau 10 without the kind colours' exact shades)
    "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#d37295", "#86bcb6", "#8cd17d", "#499894",
)
SEED_ABOVE = 400  # nodes; bigger graphs start from precomputed positions
SENTENCE_CHARS = 220
EVIDENCE_PER_EDGE = 5
TEMPLATE = "network.html.j2"
APP_SCRIPTS = ("tables.js", "export.js", "network.js")  # one inline script, so one CSP hash


class PageError(LegalKGError):
    """The page cannot be written (missing folder, no permission, full disk)."""


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence_line(evidence: Evidence) -> str:
    where = ", ".join(part for part in (evidence.report, str(evidence.year) if evidence.year else "") if part)
    return f"({where}) {_shorten(evidence.sentence, SENTENCE_CHARS)}"


def node_tooltip(node: NetworkNode, lang: str) -> str:
    """Plain-text tooltip: kind, the label in each language, aliases, years, one evidence sentence."""
    text = TEXT[lang]
    lines = [KIND_NAMES[lang][node.kind]]
    for code in (lang, "en" if lang == "zh" else "zh"):
        if node.labels.get(code):
            lines.append(f"{code}: {node.labels[code]}")
    for code, label in node.labels.items():
        if code not in ("zh", "en") and label:
            lines.append(f"{code or '-'}: {label}")
    if len(lines) == 1:
        lines.append(node.label)
    if node.aliases:
        lines.append(f"{text['aliases']}: " + "; ".join(node.aliases[:8]))
    if node.place or node.province:
        where = [node.place, node.province] if node.province != node.place else [node.place]
        lines.append(f"{text['place']}: " + ", ".join(part for part in where if part))
    if node.years:
        lines.append(f"{text['reports']}: " + ", ".join(map(str, node.years)))
    lines.append(f"{text['links']}: {node.degree}")
    if node.score is not None:
        lines.append(f"{text['score']}: {node.score:.3g}")
    if node.group is not None:
        lines.append(f"{text['group']}: {node.group + 1}")
    if node.evidence is not None:
        lines.append(f"{text['evidence']}: {_evidence_line(node.evidence)}")
    return "\n".join(lines)


def node_size(degree: int) -> float:
    """Grows with the logarithm of the degree, so hubs stand out without hiding the rest."""
    return round(min(12 + 7 * math.log2(1 + degree), 48), 1)


def score_size(score: float, top: float) -> float:
    """Size for an analytics score (centrality): the area grows with the score, 10 to 48."""
    return round(10 + 38 * math.sqrt(max(score, 0.0) / top), 1) if top > 0 else 10.0


def vis_nodes(data: NetworkData, tree: explore.Tree | None = None) -> list[dict[str, Any]]:
    """vis-network node objects; extra keys (kind, labels, aliases, years, place) feed the side
    panel and the filters, `search` the search box, `parent` the overview's groups, `foreign`
    marks an entity named only in the other language. A node's `score` (if set) sizes it and its
    `group` colours it."""
    nodes = []
    top = max((node.score or 0.0 for node in data.nodes), default=0.0)
    seeds = seed_positions(data) if len(data.nodes) > SEED_ABOVE else {}
    generic = model.generic_aliases(data)
    for node in data.nodes:
        colour, shape = STYLE[node.kind]
        if node.group is not None:
            colour = GROUP_COLOURS[node.group % len(GROUP_COLOURS)]
        size = score_size(node.score, top) if node.score is not None else node_size(node.degree)
        nodes.append({
            "id": node.id, "label": model.short_label(node.label), "title": node_tooltip(node, data.lang),
            "shape": shape, "color": colour, "size": size, "kind": node.kind, "degree": node.degree,
            "fullLabel": node.label, "labels": node.labels, "aliases": node.aliases, "years": node.years,
            "place": node.place, "province": node.province, "county": node.county,
            "department": node.category if node.kind == "bureau" else None,
            "foreign": not node.labels.get(data.lang) and bool(node.labels),
            "search": model.search_keys(node, generic),
            "parent": tree.parent_of.get(node.id) if tree else None,
            "figures": [{"indicator": f.indicator, "value": f"{f.value:g}", "unit": f.unit, "year": f.year}
                        for f in node.figures],
        })
        if node.id in seeds:
            nodes[-1]["x"], nodes[-1]["y"] = (round(v, 1) for v in seeds[node.id])
    return nodes


def vis_edges(data: NetworkData) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """(links, sentences, reports): links by relation between node numbers (places in
    `data.nodes`), with their first evidence as [sentence number, report number, year] into the
    two shared tables (a sentence behind many links is stored once); the page builds titles and
    draws them. Numbers instead of IRIs keep a big page a quarter smaller."""
    sentences: dict[str, int] = {}
    reports: dict[str, int] = {}
    number_of = {node.id: number for number, node in enumerate(data.nodes)}
    edges = []
    for edge in data.edges:
        evidence = [
            [sentences.setdefault(_shorten(ev.sentence, 400), len(sentences)),
             reports.setdefault(ev.report, len(reports)), ev.year]
            for ev in edge.evidence[:EVIDENCE_PER_EDGE]
        ]
        edges.append({"from": number_of[edge.source], "to": number_of[edge.target], "relation": edge.relation,
                      "years": edge.years, "evidence": evidence, "reports": len({ev.report for ev in edge.evidence})})
    return edges, list(sentences), list(reports)


def stabilization_iterations(node_count: int) -> int:
    """Force-layout iterations before the page stops physics: enough for ~200 nodes from random
    positions to settle in about a second; above SEED_ABOVE nodes start from `seed_positions`
    and only need polishing (each iteration costs ~0.15 s at 5,000 nodes)."""
    if node_count <= SEED_ABOVE:
        return max(60, min(220, 30_000 // max(node_count, 1)))
    return max(5, min(40, 30_000 // node_count))


def vis_options(node_count: int) -> dict[str, Any]:
    """Layout tuned so the sample graph (~200 nodes) settles in about half a second."""
    iterations = stabilization_iterations(node_count)
    return {
        "nodes": {"borderWidth": 1, "font": {"size": 12, "face": "system-ui, sans-serif"}},
        "edges": {
            "smooth": False, "selectionWidth": 2,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "font": {"size": 9, "align": "middle", "color": "#555555", "strokeWidth": 2},
        },
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60, "centralGravity": 0.012, "springLength": 90,
                "springConstant": 0.09, "damping": 0.55,
                # overlap checks are costly among the close-packed seeded positions
                "avoidOverlap": 0.3 if node_count <= SEED_ABOVE else 0.0,
            },
            "maxVelocity": 60, "minVelocity": 2, "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 1000},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


def overview_options() -> dict[str, Any]:
    """The layout of the overview: at most a few hundred groups and entities, pushed well apart
    so that their shapes never overlap and their labels have room."""
    options = vis_options(150)
    options["physics"]["forceAtlas2Based"].update(
        {"gravitationalConstant": -260, "centralGravity": 0.01, "springLength": 160, "springConstant": 0.02,
         "avoidOverlap": 1.0})
    options["physics"]["stabilization"]["iterations"] = 250
    options["edges"]["smooth"] = False
    return options


def script_json(value: Any) -> Any:
    """JSON safe inside <script>: "<", ">" and "&" become \\u escapes, so data can never close
    the tag or open a comment. A str argument is JSON text already (pyvis's options)."""
    from markupsafe import Markup

    if isinstance(value, str):
        value = json.loads(value)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _asset(name: str) -> str:
    return files("legalkg.viz").joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_library() -> tuple[str, str]:
    """(JavaScript, CSS) of the vis-network build bundled in the installed pyvis package."""
    lib = files("pyvis").joinpath("templates", "lib")
    folders = sorted(
        (entry for entry in lib.iterdir() if entry.name.startswith("vis-")),
        key=lambda entry: tuple(int(p) for p in entry.name[4:].split(".") if p.isdigit()),
    )
    if not folders:
        raise PageError("the installed pyvis package has no bundled vis-network library")
    js = folders[-1].joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folders[-1].joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise PageError("the bundled vis-network cannot be inlined safely")
    return js, css


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _legend(lang: str) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    kinds = [
        {"kind": kind, "name": KIND_NAMES[lang][kind], "svg": _SVG[shape].format(c=colour)}
        for kind, (colour, shape) in STYLE.items()
    ]
    relations = [
        {"name": RELATION_NAMES[lang][rel], "color": colour, "dashes": dashed}
        for rel, (colour, dashed) in RELATION_STYLE.items()
    ]
    return kinds, relations


def _category_name(data: NetworkData, category: str) -> str:
    labels = data.category_labels.get(category, {})
    return labels.get(data.lang) or next(iter(labels.values()), category.rsplit("/", 1)[-1])


def _choices(data: NetworkData) -> dict[str, list[dict[str, str]]]:
    """The options of the filter menus: years, places, bureaus and mechanisms present."""
    def of_kind(kind: str) -> list[dict[str, str]]:
        found = [node for node in data.nodes if node.kind == kind]
        return [{"value": n.id, "name": _shorten(n.label, 40)} for n in sorted(found, key=lambda n: n.label)]

    years = sorted({year for node in data.nodes for year in node.years})
    places = sorted({node.place for node in data.nodes if node.place})
    provinces = sorted({node.province for node in data.nodes if node.province})
    kinds = {node.category for node in data.nodes if node.kind == "bureau" and node.category}
    return {
        "year": [{"value": str(y), "name": str(y)} for y in years],
        "department": sorted(({"value": k, "name": _category_name(data, k)} for k in kinds), key=lambda o: o["name"]),
        "province": [{"value": p, "name": p} for p in provinces],
        "place": [{"value": p, "name": p} for p in places],
        "bureau": of_kind("bureau"),
        "mechanism": of_kind("mechanism"),
    }


def page_model(data: NetworkData, *, group_above: int = explore.GROUP_ABOVE, view: str = "network") -> dict[str, Any]:
    """Everything the page draws, as JSON-ready dicts: nodes, links with their evidence tables,
    the overview's groups (`flat` when the graph is small enough to draw whole), the matrix and
    adoption views."""
    tree = explore.tree(data)
    flat = len(data.nodes) <= group_above
    links, sentences, reports = vis_edges(data)
    return {
        "nodes": vis_nodes(data, tree), "edges": links,
        "graph": {
            "lang": data.lang, "flat": flat, "view": view, "groupAbove": group_above, "expandMax": explore.EXPAND_MAX,
            "sentences": sentences, "reports": reports,
            "groups": [explore.group_dict(g, data.lang) for g in tree.groups.values()],
            "top": tree.top, "loose": tree.loose,
            "relationStyle": {rel: {"color": c, "dashes": d} for rel, (c, d) in RELATION_STYLE.items()},
            "kindStyle": {kind: {"color": c, "shape": s} for kind, (c, s) in STYLE.items()},
            "matrix": model.matrix(data), "adoption": model.adoption(data),
        },
    }


def render_html(data: NetworkData, *, title: str | None = None, group_above: int = explore.GROUP_ABOVE,
                view: str = "network") -> str:
    """The whole page as one string: no external resource, document text never parsed as HTML."""
    import jinja2
    from pyvis.network import Network

    lang = data.lang if data.lang in TEXT else "en"
    text = TEXT[lang]
    vis_js, vis_css = vis_library()
    app_js = "\n".join(_asset(name) for name in APP_SCRIPTS)
    kinds, relations = _legend(lang)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=title or text["title"])
    # Data are unique already; add_node/add_edge would re-check every pair (quadratic).
    built = page_model(data, group_above=group_above, view=view)
    net.nodes = built["nodes"]
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    net.edges = built["edges"]
    net.options = vis_options(len(net.nodes)) if built["graph"]["flat"] else overview_options()

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_asset), autoescape=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["script_json"] = script_json
    env.globals["page"] = {
        "lang": lang, "vis_js": vis_js, "vis_css": vis_css, "app_js": app_js,
        "legend_kinds": kinds, "legend_relations": relations,
        "search_placeholder": text["search"], "export_png": text["png"], "export_svg": text["svg"],
        "summary": text["summary"].format(nodes=len(net.nodes), edges=len(net.edges)),
        "note": data.note,
        "filters": [
            {"name": name, "label": text[name], "all": text["all"], "options": options}
            for name, options in _choices(data).items() if options
        ],
        "graph": built["graph"],
        "tabs": [{"view": v, "name": text["tab_" + v]} for v in ("network", "matrix", "adoption")],
        "text": {
            "kinds": KIND_NAMES[lang], "relations": RELATION_NAMES[lang],
            **{key: text[key] for key in JS_TEXT},
        },
        "csp": "; ".join((
            "default-src 'none'", f"script-src {_sha256(vis_js)} {_sha256(app_js)}",
            "style-src 'unsafe-inline'", "img-src data:", "font-src data:", "connect-src 'none'",
            "base-uri 'none'", "form-action 'none'",
        )),
    }
    net.templateEnv = env
    net.path = TEMPLATE
    return net.generate_html()


def write_page(data: NetworkData, out_path: Path | str, *, title: str | None = None,
               group_above: int = explore.GROUP_ABOVE, view: str = "network") -> Path:
    """Write the page as UTF-8, atomically (see `write_atomic`)."""
    html = render_html(data, title=title, group_above=group_above, view=view)
    return write_atomic(Path(out_path), html.encode("utf-8"))


def write_atomic(out: Path, content: bytes) -> Path:
    """Write `content` to a temporary file beside `out`, then rename it over `out`: readers
    see the old file or the new one, never half of one."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise PageError(f"{out}: the folder {folder} does not exist")
    try:
        handle, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise PageError(f"{out}: cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(content)
            sink.flush()
            os.fsync(sink.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, out)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise PageError(f"{out}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out
