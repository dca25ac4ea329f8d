"""`legalkg build`, `export` and `load` on the sample corpus: one node per thing across documents
and languages, idempotent re-ingest, exact replacement of a changed report, N-Quads round trip."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from legalkg.graph.cli import main
from legalkg.graph.store import Store, open_store

ID = "https://w3id.org/legalkg/id/"
LKG = "https://w3id.org/legalkg/ontology#"
PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


VOCABULARY = ox.NamedNode("https://w3id.org/legalkg/graph/vocabulary")


def _quads(path: Path) -> tuple[set[str], Graph]:
    """The report graphs' quads (all IRIs and literals) and the vocabulary graph (which holds the
    ontology's blank nodes, so it is compared by isomorphism)."""
    with open_store(path, read_only=True) as store:
        quads = {str(q) for q in store.ox.quads_for_pattern(None, None, None, None) if q.graph_name != VOCABULARY}
        vocabulary = Graph().parse(data=store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=VOCABULARY),
                                   format="nt")
    assert quads and not any(q.startswith("_:") or " _:" in q for q in quads)
    return quads, vocabulary


def _same_store(a: Path, b: Path) -> bool:
    (quads_a, vocabulary_a), (quads_b, vocabulary_b) = _quads(a), _quads(b)
    return quads_a == quads_b and isomorphic(vocabulary_a, vocabulary_b)


def _graph(path: Path, report: str) -> set[str]:
    with open_store(path, read_only=True) as store:
        graph = ox.NamedNode(f"{ID}report/{report}")
        return {str(q) for q in store.ox.quads_for_pattern(None, None, None, graph)}


def _pref_labels(store: Store, iri: str) -> dict[str, str]:
    return {q.object.language: q.object.value for q in store.ox.quads_for_pattern(ox.NamedNode(iri), PREF, None, None)}


def _reports_behind(store: Store, bureau: str, relation: str, target: str) -> set[str]:
    rows = store.query(
        f"""PREFIX lkg: <{LKG}>
        SELECT DISTINCT ?report ?b ?p ?t WHERE {{ ?report lkg:issuedBy ?b . GRAPH ?report {{ ?b ?p ?t . ?ev lkg:about ?t }} }}""",
        {"b": ox.NamedNode(bureau), "p": ox.NamedNode(LKG + relation), "t": ox.NamedNode(target)},
    )
    return {row["report"].value.rsplit("/", 1)[1] for row in rows}


@pytest.fixture
def corpus_copy(tmp_path: Path, sample_corpus: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus, folder)
    return folder


def test_build_reports_the_ingested_files_and_exits_0(corpus_copy: Path, store_path: Path, capsys) -> None:
    assert main(["build", str(corpus_copy), "--store", str(store_path)]) == 0
    assert "5 ingested, 0 unchanged, 0 skipped" in capsys.readouterr().err


def test_the_hangzhou_bureau_is_one_node_with_both_labels(built_store: Store) -> None:
    bureau = f"{ID}bureau/hangzhou-hrss"
    assert _pref_labels(built_store, bureau) == {
        "zh": "杭州市人力资源和社会保障局", "en": "Hangzhou Municipal Bureau of Human Resources and Social Security",
    }
    issued = built_store.query(f"SELECT ?r ?b WHERE {{ ?r <{LKG}issuedBy> ?b }}", {"b": ox.NamedNode(bureau)})
    assert {row["r"].value.rsplit("/", 1)[1] for row in issued} == {"hangzhou-2019-zh", "hangzhou-2020-en"}


def test_the_migrant_wage_regulation_is_one_node_for_every_name(built_store: Store) -> None:
    regulation = f"{ID}regulation/migrant-wage-regulations"
    labels = _pref_labels(built_store, regulation)
    assert labels["zh"] == "保障农民工工资支付条例" and labels["en"].startswith("Regulations on")
    surfaces = {row["s"].value for row in built_store.query(  # the words of each mention, read from the stored text
        f"PREFIX lkg: <{LKG}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT DISTINCT ?s ?o WHERE {{ "
        "GRAPH ?r { ?ev lkg:about ?o . ?block lkg:text ?text } "
        'BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?ev), "#char="), ",")) AS ?start) '
        'BIND(xsd:integer(STRAFTER(STRAFTER(STR(?ev), "#char="), ",")) AS ?end) '
        "BIND(SUBSTR(?text, ?start + 1, ?end - ?start) AS ?s) }",
        {"o": ox.NamedNode(regulation)},
    )}
    assert {"Regulations on Guaranteeing Wage Payment of Migrant Workers",
            "Regulations on Ensuring Wage Payment for Migrant Workers"} <= surfaces
    assert any("保障农民工工资支付条例" in s for s in surfaces)


def test_a_mechanism_named_in_both_languages_is_one_node(built_store: Store) -> None:
    reports = _reports_behind(built_store, f"{ID}bureau/hangzhou-hrss", "implements", f"{ID}mechanism/three-systems")
    assert reports == {"hangzhou-2019-zh", "hangzhou-2020-en"}


def test_building_twice_changes_nothing(corpus_copy: Path, store_path: Path, capsys) -> None:
    assert main(["build", str(corpus_copy), "--store", str(store_path), "-q"]) == 0
    shutil.copytree(store_path, store_path.with_name("before"))
    assert main(["build", str(corpus_copy), "--store", str(store_path)]) == 0
    assert "0 ingested, 5 unchanged" in capsys.readouterr().err
    assert _same_store(store_path, store_path.with_name("before"))


def test_the_same_input_gives_the_same_iris_and_triples(corpus_copy: Path, tmp_path: Path) -> None:
    assert main(["build", str(corpus_copy), "--store", str(tmp_path / "a"), "-q"]) == 0
    assert main(["build", str(corpus_copy), "--store", str(tmp_path / "b"), "-q", "--workers", "2"]) == 0
    assert _same_store(tmp_path / "a", tmp_path / "b")


def test_a_changed_report_replaces_exactly_its_own_statements(corpus_copy: Path, store_path: Path) -> None:
    assert main(["build", str(corpus_copy), "--store", str(store_path), "-q"]) == 0
    others = {name: _graph(store_path, name) for name in ("hangzhou-2019-zh", "foshan-2020-zh", "jinyun-2024-zh")}
    shangyu = _graph(store_path, "shangyu-2020-zh")
    report = corpus_copy / "shangyu-2020-zh.txt"
    text = report.read_text(encoding="utf-8")
    assert "最多跑一次" in text
    report.write_text(text.replace("最多跑一次", "跑一次"), encoding="utf-8")
    assert main(["build", str(corpus_copy), "--store", str(store_path), "-q"]) == 0
    changed = _graph(store_path, "shangyu-2020-zh")
    assert changed != shangyu and not any("最多跑一次" in quad for quad in changed)
    assert {name: _graph(store_path, name) for name in others} == others


def test_export_nquads_then_load_gives_the_same_store(built_store_path: Path, tmp_path: Path, capsys) -> None:
    dump = tmp_path / "kg.nq"
    assert main(["export", "--store", str(built_store_path), "--format", "nq", "--out", str(dump)]) == 0
    assert main(["load", str(dump), "--store", str(tmp_path / "copy")]) == 0
    assert _same_store(tmp_path / "copy", built_store_path)


def test_load_of_a_missing_file_is_one_line_naming_it(tmp_path: Path, capsys) -> None:
    code = main(["load", str(tmp_path / "nope.nq"), "--store", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code != 0 and "nope.nq" in err and err.count("\n") == 1


def test_load_of_a_corrupt_file_names_it_and_loads_nothing(built_store_path: Path, tmp_path: Path, capsys) -> None:
    dump = tmp_path / "kg.nq"
    assert main(["export", "--store", str(built_store_path), "--format", "nq", "--out", str(dump)]) == 0
    store = tmp_path / "copy"
    other = tmp_path / "other.nq"
    other.write_text('<http://e/s> <http://e/p> "o" <http://e/g> .\n', encoding="utf-8")
    corrupt = tmp_path / "corrupt.nq"
    corrupt.write_text('<http://e/s> <http://e/p> "o" <http://e/g> .\n<http://e/s> <http://e/p> "unclosed <http://e/g> .\n',
                       encoding="utf-8")
    assert main(["load", str(dump), "--store", str(store)]) == 0
    capsys.readouterr()
    code = main(["load", str(other), str(corrupt), "--store", str(store)])
    err = capsys.readouterr().err
    assert code != 0 and "corrupt.nq" in err and "other.nq" not in err and err.count("\n") == 1
    assert _same_store(store, built_store_path)  # other.nq, though valid, was not loaded either


def test_load_of_several_files_loads_them_all(built_store_path: Path, tmp_path: Path) -> None:
    dump = tmp_path / "kg.nq"
    assert main(["export", "--store", str(built_store_path), "--format", "nq", "--out", str(dump)]) == 0
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    vocabulary = [line for line in lines if str(VOCABULARY) in line.rsplit(" ", 2)[-2]]
    (tmp_path / "a.nq").write_text("".join(vocabulary), encoding="utf-8")
    (tmp_path / "b.nq").write_text("".join(line for line in lines if line not in set(vocabulary)), encoding="utf-8")
    assert main(["load", str(tmp_path / "a.nq"), str(tmp_path / "b.nq"), "--store", str(tmp_path / "copy")]) == 0
    assert _same_store(tmp_path / "copy", built_store_path)


def test_build_ends_with_the_store_optimized_unless_asked_not_to(tmp_path, sample_corpus, monkeypatch) -> None:
    from legalkg.graph.cli import main
    from legalkg.graph.store import Store

    calls: list[str] = []
    real = Store.optimize
    monkeypatch.setattr(Store, "optimize", lambda self: (calls.append("optimize"), real(self))[1])
    report = sample_corpus / "shangyu-2020-zh.txt"
    assert main(["build", str(report), "--store", str(tmp_path / "a"), "-q"]) == 0
    assert calls == ["optimize"]
    assert main(["build", str(report), "--store", str(tmp_path / "a"), "-q"]) == 0
    assert calls == ["optimize"]  # nothing new ingested: nothing to compact
    assert main(["build", str(report), "--store", str(tmp_path / "b"), "-q", "--no-optimize"]) == 0
    assert calls == ["optimize"]
