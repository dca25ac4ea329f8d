"""The map step: `legalkg extract --out-dir` then `legalkg load` gives the store `legalkg build` gives."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from legalkg.graph.cli import main
from legalkg.graph.nquads import VOCABULARY_FILE
from legalkg.graph.store import Store, open_store
from legalkg.ontology.namespace import VOCAB_GRAPH


def _quads(store: Store) -> set[str]:
    """Quads without blank nodes (those are compared by isomorphism, see _vocabulary)."""
    return {str(q) for q in store.ox.quads_for_pattern(None, None, None, None)
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def _vocabulary(store: Store) -> Graph:
    triples = (q.triple for q in store.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(VOCAB_GRAPH))))
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


def test_extract_out_dir_then_load_gives_the_same_quads_as_build(sample_corpus: Path, built_store_path: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "nq"
    assert main(["extract", str(sample_corpus), "--out-dir", str(out), "--workers", "2"]) == 0
    files = sorted(out.glob("*.nq"))
    assert VOCABULARY_FILE in {f.name for f in files}
    assert len(files) == 1 + len([p for p in sample_corpus.iterdir() if p.suffix == ".txt"])
    assert main(["load", *map(str, files), "--store", str(tmp_path / "loaded")]) == 0
    with open_store(tmp_path / "loaded", read_only=True) as loaded, \
            open_store(built_store_path, read_only=True) as built:
        assert _quads(loaded) == _quads(built)
        assert isomorphic(_vocabulary(loaded), _vocabulary(built))


def test_extract_out_dir_names_a_bad_file_and_exits_3(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\xfe\x00garbage\x00" * 10)
    code = main(["extract", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--out-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 3 and "missing.txt" in err and "Traceback" not in err
    assert (tmp_path / "out" / VOCABULARY_FILE).is_file()


def test_extract_without_out_dir_takes_one_file(sample_corpus: Path, capsys) -> None:
    files = sorted(str(p) for p in sample_corpus.glob("*.txt"))[:2]
    assert main(["extract", *files]) == 2
    assert "one report file" in capsys.readouterr().err


def test_bulk_load_files_loads_every_file_as_one_stream(sample_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "nq"
    assert main(["extract", str(sample_corpus), "--out-dir", str(out)]) == 0
    files = sorted(out.glob("*.nq"))
    with open_store(tmp_path / "one") as one, open_store(tmp_path / "each") as each:
        one.bulk_load_files(files)
        for path in files:
            each.load_nquads(path)
        assert _quads(one) == _quads(each) and len(_quads(one)) > 1000


def test_a_long_report_extracted_to_a_folder_loads_to_the_quads_build_writes(
    sample_corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    from legalkg.graph.build import build
    from legalkg.ingest import parts

    monkeypatch.setattr(parts, "PART_CHARS", 3_000)  # the sample report in parts: spooled to a file
    report = sample_corpus / "jinyun-2024-zh.txt"
    out = tmp_path / "nq"
    assert main(["extract", str(report), "--out-dir", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [VOCABULARY_FILE, "jinyun-2024-zh.txt.nq"]
    assert main(["load", *map(str, sorted(out.glob("*.nq"))), "--store", str(tmp_path / "loaded")]) == 0
    with open_store(tmp_path / "built") as st:
        assert build([report], st).ok
    with open_store(tmp_path / "loaded", read_only=True) as loaded, open_store(tmp_path / "built", read_only=True) as built:
        assert _quads(loaded) == _quads(built)
