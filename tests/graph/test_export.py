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


# -- safe parsing and the round trip of arbitrary text ------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from legalkg.graph.export import parse_rdf  # noqa: E402
from legalkg.ingest.errors import BadRDF  # noqa: E402

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">'
    '<rdf:Description rdf:about="https://example.org/s"><ex:p>&c;</ex:p></rdf:Description></rdf:RDF>'
)


def _kept() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("https://example.org/s"), rdflib.URIRef("https://example.org/p"), rdflib.Literal("kept")))
    return graph


def test_xml_entity_declarations_are_refused_not_expanded() -> None:
    graph = _kept()
    with pytest.raises(BadRDF, match="DOCTYPE or ENTITY declaration refused"):
        parse_rdf(LAUGHS, "rdf", into=graph)
    assert len(graph) == 1


@pytest.mark.parametrize("context", [
    '"http://127.0.0.1:9/context.jsonld"',
    '["https://schema.org/", {"name": "https://schema.org/name"}]',
    '{"@import": "http://127.0.0.1:9/context.jsonld"}',
])
def test_remote_json_ld_contexts_are_refused(context: str) -> None:
    data = '{"@context": %s, "@id": "https://example.org/s", "name": "x"}' % context
    with pytest.raises(BadRDF, match="remote JSON-LD context"):
        parse_rdf(data, "jsonld", name="doc.jsonld")


def test_an_inline_json_ld_context_parses() -> None:
    data = '{"@context": {"name": "https://schema.org/name"}, "@id": "https://example.org/s", "name": "名"}'
    assert {str(o) for o in parse_rdf(data, "jsonld").objects()} == {"名"}


@pytest.mark.parametrize(("data", "fmt"), [
    ('<https://e.org/s> <https://e.org/p> "one" .\n<https://e.org/s> <https://e.org/p> "two .\n', "nt"),
    ('@prefix e: <https://e.org/> . e:s e:p "one" . e:s e:p', "ttl"),
    ('<https://e.org/s> <https://e.org/p> "one" <https://e.org/g> .\n<https://e.org/s> <broken', "nq"),
])
def test_a_failed_parse_adds_nothing(data: str, fmt: str) -> None:
    graph = _kept()
    with pytest.raises(BadRDF, match=f"bad.{fmt}: does not parse as {fmt}"):
        parse_rdf(data, fmt, into=graph, name=f"bad.{fmt}")
    assert {str(o) for o in graph.objects()} == {"kept"}


def test_a_successful_parse_is_merged_into_the_target() -> None:
    graph = _kept()
    parse_rdf('<https://e.org/s> <https://e.org/p> "new" .', "nt", into=graph)
    assert {str(o) for o in graph.objects()} == {"kept", "new"}


TEXTS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)


def _arbitrary_extraction(title: str, sentence: str):  # noqa: ANN202
    """An Extraction whose regulation is named `title` and whose evidence sentence is `sentence`."""
    import hashlib

    from legalkg.ingest.model import Document, Entity, Extraction, Mention

    head = "杭州市人力资源和社会保障局2019年报告。"
    text = f"{head}{sentence}《{title}》。"
    start = text.index(f"《{title}》", len(head) + len(sentence)) + 1
    mention = Mention("regulation", title, start, start + len(title), len(head), len(text))
    regulation = Entity("regulation", "arbitrary", title, {"zh": title}, aliases=[title], mentions=[mention])
    bureau = Entity("bureau", "hangzhou", "杭州市人力资源和社会保障局", {"zh": "杭州市人力资源和社会保障局"})
    document = Document(f"{title[:10]}.txt", text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return Extraction(document, "zh", 2019, bureau, [regulation], title=title)


def _literals(quads) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(str(q[2]), getattr(q[2], "language", None) or "") for q in quads if isinstance(q[2], rdflib.Literal)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXTS, sentence=TEXTS)
def test_any_unicode_title_and_sentence_survive_every_export_format(
    tmp_path: Path, title: str, sentence: str
) -> None:
    from legalkg.graph.iris import report_iri
    from legalkg.graph.triples import report_nquads

    extraction = _arbitrary_extraction(title, sentence)
    store = Store()
    store.write_report(ox.NamedNode(str(report_iri(extraction.document.name))), report_nquads(extraction))
    stored = {(q.object.value, getattr(q.object, "language", None) or "")
              for q in store.ox.quads_for_pattern(None, None, None, None) if isinstance(q.object, ox.Literal)}
    assert (title, "zh") in stored
    assert extraction.document.text in {v for v, _ in stored}  # the store holds the text once
    from legalkg.ingest.sentences import SentenceFinder

    mention = extraction.regulations[0].mentions[0]
    sentence_text = SentenceFinder(extraction.document.text, "zh").sentence(mention.start, mention.end)[2]
    for fmt in sorted(FORMATS):
        out = tmp_path / f"round.{fmt}"
        export(store, fmt, out)
        parsed = parse_rdf(out.read_bytes(), fmt, name=out.name)
        exported = _literals(parsed.quads((None, None, None, None)))
        assert stored <= exported, fmt
        assert sentence_text in {v for v, _ in exported}, fmt  # and the export each sentence


def test_an_export_gets_the_permissions_of_a_normally_written_file(store: Store, tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        export(store, "nt", tmp_path / "new.nt")
        (tmp_path / "old.nt").write_text("", encoding="utf-8")
        (tmp_path / "old.nt").chmod(0o640)
        export(store, "nt", tmp_path / "old.nt")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.nt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "old.nt").stat().st_mode & 0o777 == 0o640


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inserted=TEXTS)
def test_evidence_from_real_extraction_of_arbitrary_text_survives_every_export_format(
    tmp_path: Path, inserted: str
) -> None:
    from legalkg.graph.iris import report_iri
    from legalkg.graph.triples import report_nquads
    from legalkg.ingest.extract import extract
    from legalkg.ingest.model import Document

    text = f"杭州市人力资源和社会保障局2019年法治政府建设年度报告\n依据《{inserted}》和《保障农民工工资支付条例》，{inserted}全面落实行政执法“三项制度”。\n"
    store = Store()
    store.write_report(ox.NamedNode(str(report_iri("arbitrary.txt"))), report_nquads(extract(Document("arbitrary.txt", text))))
    stored = {(q.object.value, getattr(q.object, "language", None) or "")
              for q in store.ox.quads_for_pattern(None, None, None, None) if isinstance(q.object, ox.Literal)}
    exported = {}
    for fmt in sorted(FORMATS):
        out = tmp_path / f"round.{fmt}"
        export(store, fmt, out)
        parsed = parse_rdf(out.read_bytes(), fmt)
        exported[fmt] = _literals(parsed.quads((None, None, None, None)))
        assert stored <= exported[fmt], fmt
    assert len({frozenset(v) for v in exported.values()}) == 1  # every format says the same
    rows = list(parsed.query(  # the Web Annotation form the export spells out
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX lkg: <https://w3id.org/legalkg/ontology#> "
        "SELECT ?sentence ?from ?start ?end WHERE { ?ev lkg:inSentence ?s ; lkg:mentionStart ?start ; lkg:mentionEnd ?end . "
        "?s oa:exact ?sentence ; oa:start ?from }"))
    assert rows
    for row in rows:
        start, end, offset = (int(row[k]) for k in ("start", "end", "from"))
        assert text[start:end] == str(row["sentence"])[start - offset:end - offset]


def test_an_export_killed_mid_write_leaves_a_temporary_file_the_next_export_sweeps(store: Store, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "kg.nq"
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from legalkg.graph.export import atomic_write\n"
        "def write(handle):\n"
        "    handle.write(b'x' * 1000); handle.flush(); print('writing', flush=True); time.sleep(60)\n"
        f"atomic_write(Path({str(out)!r}), write)\n")], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "writing\n"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    left = list(tmp_path.glob(".kg.nq.*.tmp"))
    assert len(left) == 1
    busy = tmp_path / f".kg.nq.{os.getpid()}.live.tmp"  # a writer still at work: kept
    old = tmp_path / ".kg.nq.a1b2c3.tmp"  # unmarked, from an older version: swept once old
    busy.write_bytes(b"")
    old.write_bytes(b"")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    export(store, "nq", out)
    assert sorted(p.name for p in tmp_path.glob(".kg.nq.*.tmp")) == [busy.name]
    assert out.exists()


def test_extract_to_a_folder_sweeps_what_a_killed_run_left(tmp_path: Path, sample_corpus: Path) -> None:
    from legalkg.graph.nquads import extract_to_dir

    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".hangzhou.txt.nq.999999999.k3j2.tmp"  # beyond pid_max: no such process
    stale.write_bytes(b"half")
    extract_to_dir([sample_corpus / "hangzhou-2019-zh.txt"], out)
    assert not stale.exists()
    assert not list(out.glob(".*.tmp"))
