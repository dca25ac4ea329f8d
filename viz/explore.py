"""Overview first: the groups a network page opens on, and what opening a group or expanding an
entity shows, as plain dicts.

Why plain dicts: the static page embeds them as JSON, and a server can return the very same
objects from the store on demand. A drawn "unit" is a group or an entity; every entity has one
path of groups from a top group down to it (`tree()`), and a link between two entities is drawn
between the first closed group on each path (the page does this as groups open and close).

Groups: bureaus by department kind (when the graph states more than one), then province, city
and county; mechanisms by their broader concept in the mechanism scheme (skos:broader);
regulations by level (eli:type_document); partner agencies by role, read from their names.
A group of more than `CHUNK` direct members is cut into bands of the best-linked first.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from legalkg.viz.model import romanize_place
from legalkg.viz.network import NetworkData, NetworkNode

GROUP_ABOVE = 300  # entities; above this the page opens on groups
CHUNK = 40  # direct members of a group before it is cut into bands
EXPAND_MAX = 60  # neighbours a double-click shows on their own
OTHER = "other"
GROUP_NAMES = {
    "zh": {"bureau": "部门", "mechanism": "其他制度机制", "regulation": "其他法规文件", "agency": "其他协作单位",
           "unknown": "地区不详", "band": "{name} 第 {first}–{last} 位"},
    "en": {"bureau": "Departments", "mechanism": "Other mechanisms", "regulation": "Other regulations",
           "agency": "Other partners", "unknown": "place unknown", "band": "{name} #{first}–{last}"},
}
ROLES = (  # partner role: (key, zh, en, name pattern); the first match wins
    ("court", "法院", "Courts", r"法院|法庭|[Cc]ourt"),
    ("procuratorate", "检察院", "Procuratorates", r"检察|[Pp]rocurator"),
    ("justice", "司法行政", "Justice bureaus", r"司法|复议|[Jj]ustice"),
    ("arbitration", "仲裁与调解", "Arbitration and mediation", r"仲裁|调解|[Aa]rbitrat|[Mm]ediat"),
    ("party", "党委机构", "Party bodies", r"党委|市委|县委|区委|宣传部|组织部|[Pp]arty|[Cc]ommittee"),
    ("government", "人民政府", "Governments", r"政府|办公厅|办公室|[Gg]overnment|[Oo]ffice"),
    ("union", "群团组织", "Unions and federations", r"工会|联合会|妇联|团委|[Uu]nion|[Ff]ederation"),
    ("security", "公安", "Public security", r"公安|[Pp]olice|[Ss]ecurity bureau"),
    ("market", "市场监管", "Market regulation", r"市场|[Mm]arket"),
    ("department", "其他政府部门", "Other departments", r"局|委员会|厅|部|[Bb]ureau|[Dd]epartment|[Cc]ommission"),
)
_ROLE_PATTERNS = [(key, zh, en, re.compile(pattern)) for key, zh, en, pattern in ROLES]


@dataclass(slots=True)
class Group:
    """A node of the overview: some entities of one kind, or smaller groups of them."""

    id: str
    kind: str
    labels: dict[str, str]
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    count: int = 0


@dataclass(slots=True)
class Tree:
    """Every group, the top groups in drawing order, and each entity's group."""

    groups: dict[str, Group]
    top: list[str]
    parent_of: dict[str, str]
    loose: list[str] = field(default_factory=list)

    def path(self, node_id: str) -> list[str]:
        """The groups from the top down to `node_id`'s own group."""
        found = []
        group = self.parent_of.get(node_id)
        while group is not None:
            found.append(group)
            group = self.groups[group].parent
        return found[::-1]


def agency_role(node: NetworkNode) -> tuple[str, str, str] | None:
    """(key, zh name, en name) of a partner's role read from its names, or None."""
    names = " ".join([*node.labels.values(), *node.aliases])
    for key, zh, en, pattern in _ROLE_PATTERNS:
        if pattern.search(names):
            return key, zh, en
    return None


def _top_mechanism(node_id: str, broader: dict[str, list[str]]) -> list[str]:
    """The chain of broader concepts above `node_id`, the top one first (first parent by IRI)."""
    chain, seen = [], {node_id}
    current = node_id
    while broader.get(current):
        parent = sorted(broader[current])[0]
        if parent in seen:
            break
        chain.append(parent)
        seen.add(parent)
        current = parent
    return chain[::-1]


class _Builder:
    def __init__(self, data: NetworkData) -> None:
        self.data = data
        self.groups: dict[str, Group] = {}
        self.top: list[str] = []
        self.parent_of: dict[str, str] = {}
        self.loose: list[str] = []

    def group(self, key: str, kind: str, labels: dict[str, str], parent: str | None) -> str:
        gid = f"g:{kind}:{key}" if parent is None else f"{parent}/{key}"
        if gid not in self.groups:
            self.groups[gid] = Group(gid, kind, labels, parent)
            if parent is None:
                self.top.append(gid)
            else:
                self.groups[parent].children.append(gid)
        return gid

    def place(self, node_id: str, path: list[tuple[str, dict[str, str]]], kind: str) -> None:
        parent = None
        for key, labels in path:
            parent = self.group(key, kind, labels, parent)
        assert parent is not None
        self.groups[parent].members.append(node_id)
        self.parent_of[node_id] = parent


def _labels(zh: str, en: str | None = None) -> dict[str, str]:
    return {"zh": zh, "en": en or zh}


def _place_labels(name: str) -> dict[str, str]:
    return {"zh": name, "en": romanize_place(name)}


def _bureau_path(node: NetworkNode, data: NetworkData, kinds: int) -> list[tuple[str, dict[str, str]]]:
    path = []
    if kinds > 1:
        category = node.category or OTHER
        labels = data.category_labels.get(category) or _labels(GROUP_NAMES["zh"]["bureau"], GROUP_NAMES["en"]["bureau"])
        path.append((category, labels))
    unknown = _labels(GROUP_NAMES["zh"]["unknown"], GROUP_NAMES["en"]["unknown"])
    path.append((node.province or "?", _place_labels(node.province) if node.province else unknown))
    if node.place and node.place != node.province:
        path.append((node.place, _place_labels(node.place)))
    if node.county:
        path.append((node.county, _place_labels(node.county)))
    return path


def tree(data: NetworkData) -> Tree:
    """The groups of `data`'s entities (see the module docstring)."""
    built = _Builder(data)
    by_id = {node.id: node for node in data.nodes}
    broader: dict[str, list[str]] = defaultdict(list)
    for edge in data.edges:
        if edge.relation == "broader":
            broader[edge.source].append(edge.target)
    has_narrower = {parent for parents in broader.values() for parent in parents}
    kinds = len({node.category for node in data.nodes if node.kind == "bureau"})
    for node in sorted(data.nodes, key=lambda n: (-n.degree, n.id)):
        if node.kind == "bureau":
            built.place(node.id, _bureau_path(node, data, kinds), "bureau")
        elif node.kind == "mechanism":
            chain = _top_mechanism(node.id, broader) + ([node.id] if node.id in has_narrower else [])
            path = [(c.rsplit("/", 1)[-1], by_id[c].labels or _labels(by_id[c].label)) for c in chain if c in by_id]
            other = _labels(GROUP_NAMES["zh"]["mechanism"], GROUP_NAMES["en"]["mechanism"])
            built.place(node.id, path or [(OTHER, other)], "mechanism")
        elif node.kind == "regulation":
            labels = data.category_labels.get(node.category or "") or _labels(
                GROUP_NAMES["zh"]["regulation"], GROUP_NAMES["en"]["regulation"])
            built.place(node.id, [((node.category or OTHER).rsplit("#", 1)[-1], labels)], "regulation")
        else:
            role = agency_role(node)
            key, zh, en = role or (OTHER, GROUP_NAMES["zh"]["agency"], GROUP_NAMES["en"]["agency"])
            built.place(node.id, [(key, _labels(zh, en))], "agency")
    _fold(built)
    _lift_singletons(built)
    _band(built, by_id)
    _count(built)
    order = {"bureau": 0, "mechanism": 1, "regulation": 2, "agency": 3}
    built.top.sort(key=lambda g: (order[built.groups[g].kind], -built.groups[g].count, g))
    return Tree(built.groups, built.top, built.parent_of, built.loose)


def _fold(built: _Builder) -> None:
    """A group whose only content is one smaller group gives way to it (no click that opens
    nothing new): the child takes the parent's place and name ("人社部门 · 浙江省")."""
    for gid in list(built.groups):
        group = built.groups.get(gid)
        if group is None or group.members or len(group.children) != 1:
            continue
        child = built.groups[group.children[0]]
        child.parent = group.parent
        child.labels = {lang: f"{group.labels.get(lang, name)} · {name}" for lang, name in child.labels.items()}
        siblings = built.top if group.parent is None else built.groups[group.parent].children
        siblings[siblings.index(gid)] = child.id
        del built.groups[gid]


def _lift_singletons(built: _Builder) -> None:
    """A group of one entity is no group: the entity takes its place (at the top, it is drawn
    on its own)."""
    for gid in sorted(built.groups, key=lambda g: -g.count("/")):
        group = built.groups[gid]
        if group.children or len(group.members) != 1:
            continue
        (entity,) = group.members
        siblings = built.top if group.parent is None else built.groups[group.parent].children
        siblings.remove(gid)
        del built.groups[gid]
        if group.parent is None:
            built.parent_of.pop(entity)
            built.loose.append(entity)
        else:
            built.groups[group.parent].members.append(entity)
            built.parent_of[entity] = group.parent


def _band(built: _Builder, by_id: dict[str, NetworkNode]) -> None:
    """Cut the direct members of a big group into bands of CHUNK, best-linked first."""
    for group in list(built.groups.values()):
        if len(group.members) <= CHUNK + CHUNK // 2:
            continue
        members = sorted(group.members, key=lambda n: (-by_id[n].degree, n))
        group.members = []
        for start in range(0, len(members), CHUNK):
            part = members[start:start + CHUNK]
            labels = {lang: GROUP_NAMES[lang]["band"].format(name=name, first=start + 1, last=start + len(part))
                      for lang, name in group.labels.items() if lang in GROUP_NAMES}
            band = built.group(f"{start // CHUNK + 1}", group.kind, labels or group.labels, group.id)
            built.groups[band].members.extend(part)
            built.parent_of.update((n, band) for n in part)


def _count(built: _Builder) -> None:
    def count(gid: str) -> int:
        group = built.groups[gid]
        group.count = len(group.members) + sum(count(child) for child in group.children)
        return group.count

    for gid in built.top:
        count(gid)


def group_label(group: Group, lang: str) -> str:
    """A group's name in `lang` (else the other language) and how many entities it holds."""
    name = group.labels.get(lang) or next(iter(group.labels.values()), group.id)
    return f"{name} ({group.count:,})"


def group_dict(group: Group, lang: str) -> dict[str, Any]:
    """A group as the page (or a server) sends it: label in `lang`, the other language's name
    for the tooltip, its parent, subgroups and direct members."""
    other = "en" if lang == "zh" else "zh"
    return {"id": group.id, "kind": group.kind, "label": group_label(group, lang),
            "other": group.labels.get(other, ""), "parent": group.parent, "count": group.count,
            "children": group.children, "members": group.members}


def _units(tree_: Tree, opened: set[str], pinned: set[str]) -> dict[str, str]:
    """{entity: the unit it is drawn in}: its first closed group, or itself."""
    units = {entity: entity for entity in tree_.loose}
    for entity in tree_.parent_of:
        unit = entity
        if entity not in pinned:
            for gid in tree_.path(entity):
                if gid not in opened:
                    unit = gid
                    break
        units[entity] = unit
    return units


def _links(data: NetworkData, units: dict[str, str]) -> list[dict[str, Any]]:
    """Links between drawn units, one per pair and relation, with how many entity links each
    stands for."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for edge in data.edges:
        source, target = units.get(edge.source), units.get(edge.target)
        if source and target and source != target:
            counts[(source, target, edge.relation)] += 1
    return [{"from": s, "to": t, "relation": r, "count": n} for (s, t, r), n in sorted(counts.items())]


def overview(data: NetworkData, tree_: Tree | None = None, *, opened: set[str] | None = None,
             pinned: set[str] | None = None) -> dict[str, Any]:
    """The first view: the top groups (or, with `opened`, what those open groups show), the
    entities drawn on their own, and the links between them with their counts."""
    tree_ = tree_ or tree(data)
    units = _units(tree_, opened or set(), pinned or set())
    drawn = set(units.values())
    groups = [group_dict(g, data.lang) for g in tree_.groups.values() if g.id in drawn or g.id in (opened or set())]
    entities = sorted(unit for unit in drawn if unit not in tree_.groups)
    return {"groups": groups, "entities": entities, "links": _links(data, units)}


def expand(data: NetworkData, node_id: str, tree_: Tree | None = None, limit: int = EXPAND_MAX) -> dict[str, Any]:
    """What opening `node_id` adds: a group's direct subgroups and members, or an entity's
    `limit` best-linked neighbours (each drawn on its own; `more` counts the others, which stay
    in their groups) and the links to them."""
    tree_ = tree_ or tree(data)
    if node_id in tree_.groups:
        group = tree_.groups[node_id]
        return {"node": node_id, "groups": [group_dict(tree_.groups[c], data.lang) for c in group.children],
                "entities": list(group.members)}
    if node_id not in tree_.parent_of and node_id not in tree_.loose:
        raise KeyError(node_id)
    degree = {node.id: node.degree for node in data.nodes}
    links = [e for e in data.edges if node_id in (e.source, e.target)]
    neighbours = sorted({end for e in links for end in (e.source, e.target)} - {node_id},
                        key=lambda n: (-degree.get(n, 0), n))[:limit]
    shown = set(neighbours) | {node_id}
    return {"node": node_id, "groups": [], "entities": neighbours, "more": len(
                {end for e in links for end in (e.source, e.target)} - shown),
            "links": [{"from": e.source, "to": e.target, "relation": e.relation, "count": 1}
                      for e in links if e.source in shown and e.target in shown]}
