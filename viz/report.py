"""`legalkg report --out DIR`: a static HTML report with plots and summary tables.

Plots (matplotlib, Agg backend) are written as SVG and PNG beside `index.html`: mechanism
adoption by year, top mechanisms, top regulations, a bureaus x mechanisms heat map and the key
figures of each bureau. The SVGs keep their text as text (`svg.fonttype: none`), so Chinese
labels are drawn by the browser's fonts even where matplotlib has no CJK font. The PNGs need one
(e.g. Debian's fonts-noto-cjk): a CJK font installed after matplotlib built its font cache is
added from its file (found with fc-list); with none at all the command says what to install. The page loads nothing from the network.
"""
from __future__ import annotations

import io
import logging
import sys
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from legalkg.graph.analytics import Analytics, analyze
from legalkg.graph.store import Store
from legalkg.viz.page import PageError, _asset, script_json, write_atomic

TOP = 15
HEAT_BUREAUS, HEAT_MECHANISMS = 30, 25
ADOPTION_LINES = 8
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
             "PingFang SC", "DejaVu Sans"]
_PREFIXES = """PREFIX lkg: <https://w3id.org/legalkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
LINK_REPORTS = _PREFIXES + """SELECT ?b ?p ?o (COUNT(DISTINCT ?report) AS ?reports) WHERE {
  VALUES ?p { lkg:implements lkg:cites lkg:worksWith }
  GRAPH ?report { ?b ?p ?o }
} GROUP BY ?b ?p ?o"""
REPORTS = _PREFIXES + """SELECT ?report ?b ?year WHERE {
  ?report a lkg:Report . OPTIONAL { ?report lkg:issuedBy ?b } OPTIONAL { ?report lkg:year ?year }
}"""
EVIDENCE_COUNT = _PREFIXES + "SELECT (COUNT(?ev) AS ?n) WHERE { ?ev a lkg:Evidence }"
RELATION = {"https://w3id.org/legalkg/ontology#" + k: v for k, v in (
    ("implements", "mechanism"), ("cites", "regulation"), ("worksWith", "agency"))}
TEXT = {
    "en": {"title": "legalkg report", "reports": "Reports", "bureaus": "Bureaus", "mechanisms": "Mechanisms",
           "regulations": "Regulations", "agencies": "Partner agencies", "evidence": "Evidence sentences",
           "years": "Years", "adoption": "Mechanism adoption by year (bureaus stating it as done, running total)",
           "top_mechanisms": "Top mechanisms (bureaus implementing them)",
           "top_regulations": "Top regulations (reports citing them)",
           "heat": "Bureaus × mechanisms (reports stating the link)",
           "figures": "Key figures across bureaus", "communities": "Communities of bureaus (shared mechanisms)",
           "similar": "Most alike bureaus (Jaccard on mechanisms)", "name": "Name", "count": "Count",
           "community": "Community", "shared": "Shared", "year": "Year", "label": "Label", "links": "Links"},
    "zh": {"title": "legalkg 报告", "reports": "报告", "bureaus": "部门", "mechanisms": "制度机制",
           "regulations": "法规文件", "agencies": "协作单位", "evidence": "依据句子", "years": "年份",
           "adoption": "制度机制逐年采用情况（累计部门数）", "top_mechanisms": "采用最多的制度机制（部门数）",
           "top_regulations": "引用最多的法规文件（报告数）", "heat": "部门 × 制度机制（报告数）",
           "figures": "各部门主要数字", "communities": "部门社群（按共同机制）", "similar": "最相近的部门（Jaccard）",
           "name": "名称", "count": "数量", "community": "社群", "shared": "共同机制", "year": "年份",
           "label": "名称", "links": "关联"},
}


@dataclass(slots=True)
class ReportData:
    """Everything the report shows, read once from the store."""

    lang: str
    labels: dict[str, str]
    totals: dict[str, Any]
    analytics: Analytics
    link_reports: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)  # kind -> (bureau, x) -> n
    bureau_reports: dict[str, int] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def ranked(self, kind: str, by: str = "bureaus") -> list[tuple[str, int]]:
        """Entities of `kind` by the number of bureaus linked to them (or of reports stating it)."""
        counts: dict[str, set[str] | int] = defaultdict(set) if by == "bureaus" else defaultdict(int)
        for (bureau, target), reports in self.link_reports.get(kind, {}).items():
            if by == "bureaus":
                counts[target].add(bureau)  # type: ignore[union-attr]
            else:
                counts[target] += reports  # type: ignore[operator]
        ranked = [(t, len(v) if isinstance(v, set) else v) for t, v in counts.items()]
        return sorted(ranked, key=lambda item: (-item[1], self.label(item[0])))

    def bureau_figures(self) -> list[dict[str, Any]]:
        """Per bureau: reports, and distinct mechanisms, regulations and agencies linked."""
        rows = []
        for bureau in sorted(self.bureau_reports, key=lambda b: (-self.bureau_reports[b], self.label(b))):
            row: dict[str, Any] = {"iri": bureau, "label": self.label(bureau), "reports": self.bureau_reports[bureau]}
            for kind in ("mechanism", "regulation", "agency"):
                row[kind] = sum(1 for (b, _) in self.link_reports.get(kind, {}) if b == bureau)
            rows.append(row)
        return rows


def report_data(store: Store, lang: str = "zh") -> ReportData:
    """Read the figures behind the report from `store`."""
    analytics = analyze(store, lang)
    labels = {row["iri"]: row["label"] for row in analytics.centrality}
    links: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for row in store.query(LINK_REPORTS):
        links[RELATION[row["p"].value]][(row["b"].value, row["o"].value)] = int(row["reports"].value)
    bureau_reports: dict[str, int] = defaultdict(int)
    years, reports = set(), 0
    for row in store.query(REPORTS):
        reports += 1
        if row["b"] is not None:
            bureau_reports[row["b"].value] += 1
        if row["year"] is not None and row["year"].value.isdigit():
            years.add(int(row["year"].value))
    kinds = defaultdict(int)
    for row in analytics.centrality:
        kinds[row["kind"]] += 1
    totals = {
        "reports": reports, "bureaus": kinds["bureau"], "mechanisms": kinds["mechanism"],
        "regulations": kinds["regulation"], "agencies": kinds["agency"],
        "evidence": int(next(iter(store.query(EVIDENCE_COUNT)))["n"].value),
        "years": f"{min(years)}–{max(years)}" if years else "–",
    }
    return ReportData(lang, labels, totals, analytics, dict(links), dict(bureau_reports))


# -- plots --------------------------------------------------------------------------------------

def _short(text: str, limit: int = 22) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cjk_font_files() -> list[str]:
    """CJK font files fontconfig knows (`fc-list :lang=zh`), else the ones matplotlib finds by
    scanning the system font folders; empty when neither finds one."""
    import shutil
    import subprocess

    found: list[str] = []
    if fc_list := shutil.which("fc-list"):
        try:
            listing = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        found = sorted({line.split(":", 1)[0].strip() for line in listing.splitlines() if line.strip()})
    if not found:
        from matplotlib import font_manager

        found = [path for path in font_manager.findSystemFonts()
                 if any(key in Path(path).name.lower() for key in ("cjk", "wqy", "han", "hei", "yahei", "simsun"))]
    return found


def ensure_cjk_font(font_manager: Any) -> set[str]:
    """The font family names matplotlib knows, after adding the system's CJK fonts when its font
    cache predates them (the cache is built once, so a font installed later stays unknown and
    Chinese labels in PNGs come out as empty boxes). Warns, with the commands to run, when the
    system has no CJK font at all."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if any(name in installed for name in CJK_FONTS[:-1]):
        return installed
    files = cjk_font_files()
    for path in files:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not any(name in installed for name in CJK_FONTS[:-1]):
        print("legalkg: warning: no CJK font found for the report's PNGs (Chinese labels will be boxes; "
              "the SVGs are fine): run `sudo apt-get install fonts-noto-cjk`, then "
              f"`rm -rf {_matplotlib_cache()}`, and run legalkg report again", file=sys.stderr)
    return installed


def _matplotlib_cache() -> str:
    import matplotlib

    return matplotlib.get_cachedir()


def _pyplot():  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    installed = ensure_cjk_font(font_manager)
    plt.rcParams.update({
        "font.family": "sans-serif", "svg.fonttype": "none",
        "font.sans-serif": [name for name in CJK_FONTS if name in installed] or ["DejaVu Sans"],
        "svg.hashsalt": "legalkg", "axes.spines.top": False, "axes.spines.right": False, "font.size": 9,
    })
    return plt


def plot_adoption(data: ReportData, ax: Any) -> None:
    rows = data.analytics.adoption
    final: dict[str, int] = {}
    for row in rows:
        final[row["mechanism"]] = max(final.get(row["mechanism"], 0), row["cumulative"])
    chosen = sorted(final, key=lambda m: (-final[m], data.label(m)))[:ADOPTION_LINES]
    years = sorted({row["year"] for row in rows})
    for mech in chosen:
        points, total = [], 0
        by_year = {row["year"]: row["cumulative"] for row in rows if row["mechanism"] == mech}
        for year in years:
            total = by_year.get(year, total)
            points.append(total)
        ax.step(years, points, where="post", marker="o", markersize=3, label=_short(data.label(mech), 30))
    ax.set_xticks(years)
    ax.set_ylabel(TEXT[data.lang]["bureaus"])
    if chosen:
        ax.legend(fontsize=7, loc="upper left", frameon=False)


def _barh(ax: Any, items: list[tuple[str, int]], data: ReportData, colour: str) -> None:
    items = items[:TOP][::-1]
    ax.barh([_short(data.label(i)) for i, _ in items], [n for _, n in items], color=colour)
    ax.tick_params(axis="y", labelsize=8)


def plot_top_mechanisms(data: ReportData, ax: Any) -> None:
    _barh(ax, data.ranked("mechanism"), data, "#4e79a7")


def plot_top_regulations(data: ReportData, ax: Any) -> None:
    _barh(ax, data.ranked("regulation", by="reports"), data, "#f28e2b")


def heat_matrix(data: ReportData) -> tuple[list[str], list[str], list[list[int]]]:
    """Bureaus (rows) x mechanisms (columns), the most linked of each, cells = reports."""
    links = data.link_reports.get("mechanism", {})
    mechanisms = [m for m, _ in data.ranked("mechanism")[:HEAT_MECHANISMS]]
    by_bureau: dict[str, int] = defaultdict(int)
    for (bureau, mech), n in links.items():
        if mech in mechanisms:
            by_bureau[bureau] += n
    bureaus = sorted(by_bureau, key=lambda b: (-by_bureau[b], data.label(b)))[:HEAT_BUREAUS]
    return bureaus, mechanisms, [[links.get((b, m), 0) for m in mechanisms] for b in bureaus]


def plot_heat(data: ReportData, ax: Any) -> None:
    bureaus, mechanisms, matrix = heat_matrix(data)
    if not matrix:
        return
    ax.figure.set_size_inches(10, 3.2 + 0.28 * len(bureaus))
    ax.imshow(matrix, cmap="Blues", aspect="auto", vmin=0)
    ax.set_yticks(range(len(bureaus)), [_short(data.label(b), 16) for b in bureaus], fontsize=7)
    ax.set_xticks(range(len(mechanisms)), [_short(data.label(m), 14) for m in mechanisms], fontsize=7,
                  rotation=60, ha="right")
    top = max(max(row) for row in matrix) or 1
    for y, row in enumerate(matrix):
        for x, n in enumerate(row):
            if n:
                ax.text(x, y, str(n), ha="center", va="center", fontsize=6, color="white" if n > top / 2 else "#333")


def plot_figures(data: ReportData, ax: Any) -> None:
    rows = data.bureau_figures()[:HEAT_BUREAUS][::-1]
    names = [_short(row["label"], 16) for row in rows]
    height = 0.27
    text = TEXT[data.lang]
    for offset, (kind, colour, name) in enumerate((
        ("mechanism", "#4e79a7", text["mechanisms"]), ("regulation", "#f28e2b", text["regulations"]),
        ("agency", "#59a14f", text["agencies"]),
    )):
        ax.barh([i + (offset - 1) * height for i in range(len(rows))], [row[kind] for row in rows], height,
                color=colour, label=name)
    ax.set_yticks(range(len(rows)), names, fontsize=7)
    ax.legend(fontsize=7, frameon=False, loc="lower right")


PLOTS = (  # file stem, title key, draw function, (width, height) in inches
    ("adoption", "adoption", plot_adoption, (8, 4.2)),
    ("top-mechanisms", "top_mechanisms", plot_top_mechanisms, (7, 4.8)),
    ("top-regulations", "top_regulations", plot_top_regulations, (7, 4.8)),
    ("heat-map", "heat", plot_heat, (10, 7.5)),
    ("bureau-figures", "figures", plot_figures, (7, 5.5)),
)


def render_plots(data: ReportData) -> dict[str, dict[str, bytes]]:
    """{stem: {"svg": bytes, "png": bytes}} for every plot."""
    plt = _pyplot()
    out: dict[str, dict[str, bytes]] = {}
    for stem, title, draw, size in PLOTS:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        try:
            draw(data, ax)
            ax.set_title(TEXT[data.lang][title], fontsize=10, loc="left")
            out[stem] = {}
            for fmt in ("svg", "png"):
                sink = io.BytesIO()
                with warnings.catch_warnings():  # no CJK font: the PNG shows boxes, the SVG text is fine
                    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
                    fig.savefig(sink, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else None)
                out[stem][fmt] = sink.getvalue()
        finally:
            plt.close(fig)
    return out


# -- page ---------------------------------------------------------------------------------------

def _tables(data: ReportData) -> dict[str, Any]:
    return {
        "mechanisms": [{"name": data.label(m), "n": n} for m, n in data.ranked("mechanism")[:TOP]],
        "regulations": [{"name": data.label(r), "n": n} for r, n in data.ranked("regulation", by="reports")[:TOP]],
        "figures": data.bureau_figures(),
        "communities": data.analytics.communities,
        "similar": data.analytics.similarity[:TOP],
    }


def write_report(store: Store, out_dir: Path | str, lang: str = "zh", *, title: str | None = None) -> list[Path]:
    """Write index.html, the plots as SVG and PNG, and analytics.json into `out_dir`."""
    import jinja2

    out = Path(out_dir)
    if not out.parent.is_dir():
        raise PageError(f"{out}: the folder {out.parent} does not exist")
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise PageError(f"{out}: cannot create the report folder: {exc.strerror}") from None
    data = report_data(store, lang)
    written = []
    plots = render_plots(data)
    for stem, formats in plots.items():
        for fmt, content in formats.items():
            written.append(write_atomic(out / f"{stem}.{fmt}", content))
    written.append(write_atomic(out / "analytics.json", data.analytics.to_json().encode("utf-8")))
    env = jinja2.Environment(loader=jinja2.FunctionLoader(_asset), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["script_json"] = script_json
    html = env.get_template("report.html.j2").render(
        lang=lang, title=title or TEXT[lang]["title"], totals=data.totals, text=TEXT[lang],
        plots=[{"stem": stem, "title": TEXT[lang][key]} for stem, key, _, _ in PLOTS], **_tables(data),
    )
    written.insert(0, write_atomic(out / "index.html", html.encode("utf-8")))
    return written
