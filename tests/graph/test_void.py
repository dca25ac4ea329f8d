"""The VoID/DCAT description: its numbers are the store's, its checksums the dump's, and it parses."""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from legalkg.graph.cli import main
from legalkg.graph.evidence import is_derived
from legalkg.graph.export import export
from legalkg.graph.store import Store
from legalkg.graph.void import DATASET, SD, SPDX, VOID, Dump, dataset_description, description_path

ENDPOINT = "https://example.org/sparql"


def _int(graph: Graph, subject: object, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)
    assert isinstance(value, Literal), (subject, predicate)
    return int(value)


def test_description_counts_triples_per_graph_as_the_store_does(built_store: Store) -> None:
    g = dataset_description(built_store, endpoint=ENDPOINT, created=date(2026, 1, 2))
    subsets = {g.value(s, SD.name): _int(g, s, VOID.triples) for s in g.objects(DATASET, VOID.subset)}
    expected = {URIRef(graph.value): len(list(built_store.ox.quads_for_pattern(None, None, None, graph)))
                for graph in built_store.named_graphs()}
    assert subsets == expected and len(subsets) > 5


def test_description_total_is_the_distinct_triples_of_a_triple_dump(built_store: Store, tmp_path: Path) -> None:
    dump = tmp_path / "kg.nt"
    export(built_store, "nt", dump)
    g = dataset_description(built_store)
    total = _int(g, DATASET, VOID.triples)
    stored = [t for t in ox.parse(path=str(dump), format=ox.RdfFormat.N_TRIPLES) if not is_derived(t)]
    assert total == len(stored)  # the store's triples: the dump adds the evidence it implies (graph.evidence)
    assert total == sum(_int(g, p, VOID.triples) for p in g.objects(DATASET, VOID.propertyPartition))


def test_description_classes_entities_examples_and_endpoint(built_store: Store) -> None:
    g = dataset_description(built_store, endpoint=ENDPOINT, created=date(2026, 1, 2))
    classes = {g.value(p, VOID["class"]): _int(g, p, VOID.entities) for p in g.objects(DATASET, VOID.classPartition)}
    bureaus = {str(s.value) for (s,) in (tuple(r) for r in built_store.query(
        "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/legalkg/ontology#Bureau> }"))}
    assert classes[URIRef("https://w3id.org/legalkg/ontology#Bureau")] == len(bureaus) == 4
    assert {str(e) for e in g.objects(DATASET, VOID.exampleResource)} & bureaus
    assert g.value(DATASET, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    assert g.value(DATASET, ns.DCTERMS.created) == Literal("2026-01-02", datatype=ns.XSD.date)
    assert (DATASET, ns.RDF.type, ns.DCAT.Dataset) in g and g.value(DATASET, ns.DCTERMS.license) is not None
    assert g.value(DATASET, ns.DCTERMS.title) is not None


def test_description_of_a_dump_has_its_size_and_sha256(built_store: Store, tmp_path: Path) -> None:
    dump = tmp_path / "kg.trig"
    export(built_store, "trig", dump)
    g = dataset_description(built_store, dumps=[Dump(dump, "https://example.org/kg.trig")])
    distribution = g.value(predicate=ns.DCAT.downloadURL, object=URIRef("https://example.org/kg.trig"))
    assert _int(g, distribution, ns.DCAT.byteSize) == dump.stat().st_size
    checksum = g.value(distribution, SPDX.checksum)
    assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(dump.read_bytes()).hexdigest()
    assert str(g.value(distribution, ns.DCAT.mediaType)).endswith("/application/trig")


def test_export_writes_a_description_beside_the_dump_that_parses(built_store_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "pub" / "out.ttl"
    assert main(["export", "--format", "ttl", "--out", str(out), "--store", str(built_store_path),
                 "--sparql-url", ENDPOINT]) == 0
    described = description_path(out)
    assert described == tmp_path / "pub" / "out.void.ttl" and str(described) in capsys.readouterr().err
    text = described.read_text(encoding="utf-8")
    assert str(tmp_path) not in text  # the download IRI is relative: the pair moves together
    g = Graph().parse(data=text, format="turtle", publicID="https://example.org/pub/out.void.ttl")
    distribution = g.value(predicate=ns.DCAT.downloadURL, object=URIRef("https://example.org/pub/out.ttl"))
    assert distribution is not None
    checksum = g.value(distribution, SPDX.checksum)
    assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (DATASET, VOID.dataDump, URIRef("https://example.org/pub/out.ttl")) in g
    assert Graph().parse(out, format="turtle")  # the dump itself is untouched Turtle


def test_export_download_base_and_no_void(built_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg 1.nq"
    assert main(["export", "--format", "nq", "--out", str(out), "--store", str(built_store_path),
                 "--download-base", "https://data.example.org/dl/"]) == 0
    g = Graph().parse(description_path(out), format="turtle")
    assert (DATASET, VOID.dataDump, URIRef("https://data.example.org/dl/kg%201.nq")) in g
    bare = tmp_path / "bare.ttl"
    assert main(["export", "--format", "ttl", "--out", str(bare), "--store", str(built_store_path), "--no-void"]) == 0
    assert bare.exists() and not description_path(bare).exists()


@pytest.mark.parametrize("name, described", [("out.ttl", "out.void.ttl"), ("my.kg.nq", "my.kg.void.ttl")])
def test_description_path_is_beside_the_dump(name: str, described: str) -> None:
    assert description_path(Path("/x") / name) == Path("/x") / described


def test_description_of_a_one_triple_store(store: Store) -> None:
    store.ox.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("x"),
                         ox.NamedNode("https://e.org/g")))
    g = dataset_description(store)
    assert _int(g, DATASET, VOID.triples) == 1
    assert [_int(g, s, VOID.triples) for s in g.objects(DATASET, VOID.subset)] == [1]
