"""The graph behind the network page, read from the store with SPARQL into plain dataclasses.

Why plain data: the page generator (`viz.page`) must not know about RDF or the store, and tests
can check what will be drawn (nodes, links, labels, evidence) without a browser.

Nodes are the bureaus, and every mechanism, regulation and agency that some bureau is linked
to, plus the broader mechanisms of those (so the SKOS hierarchy stays visible); curated
vocabulary nobody mentions is left out.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Literal

from legalkg.graph.evidence import locate_all
from legalkg.graph.store import Store
from legalkg.ontology.namespace import VOCAB_GRAPH
from legalkg.queries.sentence import in_plan, span

Kind = Literal["bureau", "mechanism", "regulation", "agency"]
Relation = Literal["implements", "cites", "worksWith", "ledBy", "supervisedBy", "cooperatesWith",
                   "appliesDocumentsOf", "broader"]
# Partner roles (sub-properties of lkg:worksWith), strongest first: a partner link is drawn as its
# role where the report states one (a partner named in several roles shows the first of these).
ROLE_RELATIONS: tuple[Relation, ...] = ("ledBy", "supervisedBy", "appliesDocumentsOf", "cooperatesWith")

LKG = "https://w3id.org/legalkg/ontology#"
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
KIND_OF_CLASS: dict[str, Kind] = {
    LKG + "Bureau": "bureau",
    LKG + "Mechanism": "mechanism",
    LKG + "Regulation": "regulation",
    LKG + "Agency": "agency",
}
RELATION_OF: dict[str, Relation] = {
    LKG + "implements": "implements",
    LKG + "cites": "cites",
    LKG + "worksWith": "worksWith",
}

_PREFIXES = """PREFIX lkg: <https://w3id.org/legalkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
LINKS_QUERY = _PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { lkg:implements lkg:cites lkg:worksWith }
  ?s ?p ?o .
}"""
# Every report graph restates the entities it mentions, so the union default graph repeats
# each type and label once per report: types and labels are read apart, each made DISTINCT,
# instead of joined (a join would grow with the square of the number of reports).
ENTITIES_QUERY = _PREFIXES + """SELECT DISTINCT ?n ?type WHERE {
  VALUES ?type { lkg:Bureau lkg:Mechanism lkg:Regulation lkg:Agency }
  ?n a ?type .
}"""
LABELS_QUERY = _PREFIXES + """SELECT DISTINCT ?n ?kind ?label WHERE {
  { ?n skos:prefLabel ?label BIND("pref" AS ?kind) } UNION { ?n skos:altLabel ?label BIND("alt" AS ?kind) }
}"""
BROADER_QUERY = _PREFIXES + "SELECT DISTINCT ?n ?b WHERE { ?n skos:broader ?b }"
# the mentions behind each link; their sentences are re-derived from the reports' texts
# (graph.evidence), each report's text read once
EVIDENCE_QUERY = _PREFIXES + """SELECT ?s ?p ?o ?ev ?report ?file ?year WHERE {
  VALUES ?p { lkg:implements lkg:cites lkg:worksWith }
  ?report lkg:issuedBy ?s .
  GRAPH ?report { ?s ?p ?o . ?ev lkg:about ?o }
  OPTIONAL { ?report lkg:year ?year }
  OPTIONAL { ?report lkg:sourceFile ?file }
}"""
SERVES_QUERY = _PREFIXES + """PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?b ?division WHERE { ?b schema:areaServed ?division }"""
INSIDE_QUERY = _PREFIXES + """PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?division ?parent WHERE { ?division schema:containedInPlace ?parent }"""
LEVELS_QUERY = _PREFIXES + """SELECT DISTINCT ?division ?level WHERE {
  VALUES ?level { lkg:provinceLevel lkg:prefectureLevel lkg:countyLevel }
  ?division lkg:divisionLevel ?level .
}"""
DIVISION_LABELS_QUERY = _PREFIXES + """SELECT DISTINCT ?division ?label WHERE {
  { SELECT DISTINCT ?division WHERE { ?division lkg:divisionLevel ?level } }
  ?division skos:prefLabel ?label .
}"""
FIGURES_QUERY = _PREFIXES + """PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?b ?indicator ?value ?unit ?year ?start WHERE {
  ?report lkg:issuedBy ?b .
  GRAPH ?report { ?f lkg:indicator ?indicator ; sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit }
  OPTIONAL { ?report lkg:year ?year }
""" + span("f", "start", "end") + """
  FILTER(!""" + in_plan("start") + """)  # stated as done
}"""
# Indicators and units are defined by the ontology, so their labels are read from the vocabulary
# graph alone rather than by scanning every report's labels.
VOCABULARY_LABELS_QUERY = _PREFIXES + f"""SELECT DISTINCT ?n ?label WHERE {{
  GRAPH <{VOCAB_GRAPH}> {{ ?n skos:prefLabel ?label }}
  FILTER(STRSTARTS(STR(?n), "https://w3id.org/legalkg/id/indicator/") || STRSTARTS(STR(?n), "https://w3id.org/legalkg/id/unit/"))
}}"""
# What a node is grouped by on the overview: a regulation's level (eli:type_document) and a
# bureau's department kind (lkg:departmentKind, where the graph states one).
CATEGORY_QUERY = _PREFIXES + """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?n ?category WHERE {
  { ?n eli:type_document ?category } UNION { ?n lkg:departmentKind ?category }
}"""
CATEGORY_LABELS_QUERY = _PREFIXES + """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?category ?label WHERE {
  { SELECT DISTINCT ?category WHERE { { ?n eli:type_document ?category } UNION { ?n lkg:departmentKind ?category } } }
  ?category skos:prefLabel ?label .
}"""
ROLES_QUERY = _PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { lkg:ledBy lkg:supervisedBy lkg:cooperatesWith lkg:appliesDocumentsOf }
  ?s ?p ?o .
}"""
REPORTS_QUERY = _PREFIXES + """SELECT DISTINCT ?b ?year WHERE {
  ?report lkg:issuedBy ?b .
  OPTIONAL { ?report lkg:year ?year }
}"""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence behind a link, and where it was read."""

    sentence: str
    report: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class KeyFigureView:
    """One published figure of a bureau, as the side panel lists it."""

    indicator: str
    value: float
    unit: str
    year: int | None = None


@dataclass(slots=True)
class NetworkNode:
    id: str
    kind: Kind
    label: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    evidence: Evidence | None = None
    degree: int = 0
    years: list[int] = field(default_factory=list)
    place: str | None = None
    province: str | None = None
    county: str | None = None
    category: str | None = None
    score: float | None = None
    group: int | None = None
    figures: list[KeyFigureView] = field(default_factory=list)


@dataclass(slots=True)
class NetworkEdge:
    source: str
    target: str
    relation: Relation
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """The report years of the evidence behind this link."""
        return sorted({ev.year for ev in self.evidence if ev.year is not None})


@dataclass(slots=True)
class NetworkData:
    """What the page draws; `lang` is the language chosen for node labels; `note` says which
    part of the graph a reduced view shows (empty for the whole graph)."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    lang: str = "zh"
    note: str = ""
    category_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def node(self, node_id: str) -> NetworkNode:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


def _value(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def _int(term: object) -> int | None:
    text = _value(term)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _choose_label(labels: dict[str, str], lang: str, fallback: str) -> str:
    """The label in `lang`, else in the other language, else the IRI's last segment."""
    if labels.get(lang):
        return labels[lang]
    for key in sorted(labels):
        if labels[key]:
            return labels[key]
    return fallback.rstrip("/").rsplit("/", 1)[-1]


_PLACE_ZH = re.compile(r"^(.{1,12}?(?:自治州|地区|盟|市|县|区|旗))")
_PLACE_EN = re.compile(r"^(.+?)\s+(?:Municipal|City|County|District|Prefecture|Bureau|Human|Department)\b")


def place_of(labels: dict[str, str]) -> str | None:
    """The city or county a bureau's name starts with (杭州市人力资源… -> 杭州市), or None.

    The fallback for bureaus without place data (schema:areaServed) in the graph; a district
    bureau (绍兴市上虞区…) belongs to its city."""
    if match := _PLACE_ZH.match(labels.get("zh", "")):
        return match.group(1)
    if match := _PLACE_EN.match(labels.get("en", "")):
        return match.group(1)
    return None


def _read_places(store: Store, lang: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    """{bureau: (city, province, county)} from the division each bureau serves, labels in `lang`; a
    province-level city (北京市) is its own city. Read as flat DISTINCT tables and walked here
    (a property path over the union of report graphs repeats every step once per report)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.query(INSIDE_QUERY):
        parents[_value(row["division"])].add(_value(row["parent"]))
    level_names = {"provinceLevel": "province", "prefectureLevel": "city", "countyLevel": "county"}
    levels = {_value(r["division"]): level_names[_value(r["level"]).rsplit("#", 1)[-1]]
              for r in store.query(LEVELS_QUERY)}
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(DIVISION_LABELS_QUERY):
        labels[_value(row["division"])].setdefault(row["label"].language or "", row["label"].value)
    places = {}
    for row in store.query(SERVES_QUERY):
        found: dict[str, str] = {}
        seen, todo = set(), [_value(row["division"])]
        while todo:
            division = todo.pop()
            if division in seen:
                continue
            seen.add(division)
            if division in levels and labels.get(division):
                found.setdefault(levels[division], _choose_label(labels[division], lang, division))
            todo.extend(parents.get(division, ()))
        if found:
            province = found.get("province")
            places[_value(row["b"])] = (found.get("city", province), province, found.get("county"))
    return places


def _read_entities(store: Store) -> dict[str, tuple[Kind, dict[str, str], list[str]]]:
    kinds: dict[str, Kind] = {}
    prefs: dict[str, dict[str, str]] = defaultdict(dict)
    alts: dict[str, list[str]] = defaultdict(list)
    for row in store.query(ENTITIES_QUERY):
        kinds.setdefault(_value(row["n"]), KIND_OF_CLASS[_value(row["type"])])
    for row in store.query(LABELS_QUERY):
        node, label = _value(row["n"]), row["label"]
        if node not in kinds or not hasattr(label, "language"):
            continue
        if _value(row["kind"]) == "pref":
            prefs[node].setdefault(label.language or "", label.value)
        elif label.value not in alts[node]:
            alts[node].append(label.value)
    return {n: (k, dict(sorted(prefs[n].items())), alts[n]) for n, k in kinds.items()}


def _read_evidence(store: Store) -> dict[tuple[str, str, str], list[Evidence]]:
    """Evidence per (subject, relation, object), earliest report and position first."""
    found: dict[tuple[str, str, str], list[tuple[int, str, int, Evidence]]] = defaultdict(list)
    rows = [row for row in store.query(EVIDENCE_QUERY) if _value(row["p"]) in RELATION_OF]
    located = locate_all(store, ((_value(row["report"]), _value(row["ev"])) for row in rows))  # type: ignore[misc]
    for row in rows:
        where = located.get(_value(row["ev"]))  # type: ignore[arg-type]
        if where is None:
            continue
        year = _int(row["year"])
        report = _value(row["file"]) or ""
        evidence = Evidence(where.sentence, report, year)
        key = (_value(row["s"]), RELATION_OF[_value(row["p"])], _value(row["o"]))  # type: ignore[index]
        found[key].append((year if year is not None else 9999, report, where.start, evidence))
    ordered: dict[tuple[str, str, str], list[Evidence]] = {}
    for key, items in found.items():
        items.sort(key=lambda item: item[:3])
        ordered[key] = list(dict.fromkeys(item[3] for item in items))
    return ordered


def _earlier(a: Evidence, b: Evidence) -> bool:
    return (a.year or 9999, a.report) < (b.year or 9999, b.report)


def _read_roles(store: Store) -> dict[tuple[str, str], Relation]:
    """The role each (body, partner) link is drawn as: the strongest the reports state."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(ROLES_QUERY):
        found[(_value(row["s"]), _value(row["o"]))].add(_value(row["p"]).removeprefix(LKG))  # type: ignore[union-attr,arg-type]
    return {pair: next(r for r in ROLE_RELATIONS if r in rels) for pair, rels in found.items()}


def network_data(store: Store, lang: str = "zh", *, details: bool = True) -> NetworkData:
    """Read the bureau network from `store`; node labels in `lang` ("zh" or "en"). Without
    `details` the evidence sentences and key figures are left out (they are most of the
    reading time, and the overview and expansions need neither)."""
    entities = _read_entities(store)
    links = [
        (_value(row["s"]), RELATION_OF[_value(row["p"])], _value(row["o"]))
        for row in store.query(LINKS_QUERY)
    ]
    links = sorted({link for link in links if link[0] in entities and link[2] in entities})
    wanted = {n for n, (kind, _, _) in entities.items() if kind == "bureau"}
    for source, _, target in links:
        wanted.update((source, target))

    broader: dict[str, list[str]] = defaultdict(list)
    for row in store.query(BROADER_QUERY):
        child, parent = _value(row["n"]), _value(row["b"])
        if entities.get(child, ("",))[0] == "mechanism" == entities.get(parent, ("",))[0]:
            broader[child].append(parent)
    pending = [n for n in wanted if n in broader]
    while pending:
        for parent in broader[pending.pop()]:
            if parent in entities and parent not in wanted:
                wanted.add(parent)
                pending.append(parent)

    evidence = _read_evidence(store) if details else {}
    roles = _read_roles(store)
    edges = [NetworkEdge(s, o, roles.get((s, o), rel) if rel == "worksWith" else rel, evidence.get((s, rel, o), []))
             for s, rel, o in links]
    edges += [
        NetworkEdge(child, parent, "broader")
        for child in sorted(wanted) for parent in sorted(set(broader.get(child, ())))
        if parent in wanted
    ]
    degree: Counter[str] = Counter()
    for edge in edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    first_evidence: dict[str, Evidence] = {}
    for edge in edges:
        if edge.evidence:
            for end in (edge.source, edge.target):
                known = first_evidence.get(end)
                if known is None or _earlier(edge.evidence[0], known):
                    first_evidence[end] = edge.evidence[0]
    years: dict[str, set[int]] = defaultdict(set)
    for row in store.query(REPORTS_QUERY):
        year = _int(row["year"])
        if year is not None:
            years[_value(row["b"])].add(year)
    for edge in edges:
        for end in (edge.source, edge.target):
            if entities[end][0] != "bureau":
                years[end].update(edge.years)

    places = _read_places(store, lang)
    figures = _read_figures(store, lang) if details else {}
    categories, category_labels = _read_categories(store)
    nodes = []
    for node_id in sorted(wanted, key=lambda n: (entities[n][0], n)):
        kind, labels, aliases = entities[node_id]
        preferred = set(labels.values())
        nodes.append(NetworkNode(
            id=node_id, kind=kind, label=_choose_label(labels, lang, node_id), labels=labels,
            aliases=[a for a in aliases if a not in preferred], evidence=first_evidence.get(node_id),
            degree=degree[node_id], years=sorted(years.get(node_id, ())),
        ))
        nodes[-1].category = categories.get(node_id)
        if kind == "bureau":
            nodes[-1].place, nodes[-1].province, nodes[-1].county = places.get(node_id) or (place_of(labels), None, None)
            nodes[-1].figures = figures.get(node_id, [])
    used = {node.category for node in nodes if node.category}
    return NetworkData(nodes, edges, lang, category_labels={c: category_labels.get(c, {}) for c in sorted(used)})


def _read_categories(store: Store) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """({node: its regulation level or department kind}, {category: {lang: label}})."""
    categories: dict[str, str] = {}
    for row in store.query(CATEGORY_QUERY):
        categories.setdefault(_value(row["n"]), _value(row["category"]))
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(CATEGORY_LABELS_QUERY):
        labels[_value(row["category"])].setdefault(getattr(row["label"], "language", "") or "", row["label"].value)
    return categories, dict(labels)


def _read_figures(store: Store, lang: str) -> dict[str, list[KeyFigureView]]:
    """The key figures each bureau's reports state as done, by year then indicator."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(VOCABULARY_LABELS_QUERY):
        labels[_value(row["n"])][getattr(row["label"], "language", "") or ""] = row["label"].value
    found: dict[str, list[tuple[int, KeyFigureView]]] = defaultdict(list)
    for row in store.query(FIGURES_QUERY):
        indicator, unit = _value(row["indicator"]), _value(row["unit"])
        view = KeyFigureView(
            _choose_label(labels.get(indicator, {}), lang, indicator.rsplit("/", 1)[-1]),
            float(row["value"].value), _choose_label(labels.get(unit, {}), lang, unit.rsplit("/", 1)[-1]),
            _int(row["year"]),
        )
        found[_value(row["b"])].append((_int(row["start"]) or 0, view))
    return {b: [v for _, v in sorted(items, key=lambda i: (i[1].year or 0, i[1].indicator, i[0]))]
            for b, items in found.items()}
