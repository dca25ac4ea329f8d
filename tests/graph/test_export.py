"""Exports parse back with rdflib to the same number of triples/quads, and are atomic."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from legalkg.graph.export import FORMATS, QUAD_FORMATS, atomic_write, export
from legalkg.graph.store import Store

HOSTILE = ['plain', '引号"与\\反斜杠', "<script>alert(1)</script>", "多行\n文本", "@prefix x: <y> ."]
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def _fill(store: Store) -> tuple[int, int]:
    """Two graphs that share one triple; returns (quads, distinct triples)."""
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    shared = ox.Triple(s, p, ox.Literal("shared", language="zh"))
    for i, name in enumerate(("a", "b")):
        triples = [shared] + [ox.Triple(s, p, ox.Literal(f"{name}{i}:{v}")) for v in HOSTILE]
        store.replace_graph(ox.NamedNode(f"https://example.org/graph/{name}"), triples)
    quads = 2 * (len(HOSTILE) + 1)
    return quads, quads - 1


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips_through_rdflib(store: Store, tmp_path: Path, fmt: str) -> None:
    quads, triples = _fill(store)
    out = tmp_path / f"out.{fmt}"
    export(store, fmt, out)
    if fmt in QUAD_FORMATS:
        ds = rdflib.Dataset()
        ds.parse(out, format=RDFLIB_FORMAT[fmt])
        assert len(list(ds.quads((None, None, None, None)))) == quads
    else:
        g = rdflib.Graph()
        g.parse(out, format=RDFLIB_FORMAT[fmt])
        assert len(g) == triples
        assert rdflib.Literal("多行\n文本".join(["a0:", ""])) in set(g.objects())


def test_failed_export_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")

    def broken(handle: object) -> None:
        handle.write(b"half")  # type: ignore[attr-defined]
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
