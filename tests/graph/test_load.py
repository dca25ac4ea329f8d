"""Specification of `legalkg load`: every RDF syntax Oxigraph parses, by extension or content;
nothing loaded unless every file is safe and parses; nesting that would crash the parser,
XML entity declarations and remote JSON-LD contexts refused in one line."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.cli import main
from legalkg.graph.load import MAX_NESTING, nesting
from legalkg.graph.store import open_store

TRIPLE = ("<http://e/a>", "<http://e/p>", '"杭州市人力资源和社会保障局"')
SYNTAXES = {
    "data.nq": "<http://e/a> <http://e/p> \"杭州市人力资源和社会保障局\" <http://e/g> .\n",
    "data.nt": "<http://e/a> <http://e/p> \"杭州市人力资源和社会保障局\" .\n",
    "data.ttl": "@prefix e: <http://e/> .\ne:a e:p \"杭州市人力资源和社会保障局\" .\n",
    "data.trig": "@prefix e: <http://e/> .\ne:g { e:a e:p \"杭州市人力资源和社会保障局\" . }\n",
    "data.n3": "@prefix e: <http://e/> .\ne:a e:p \"杭州市人力资源和社会保障局\" .\n",
    "data.jsonld": '{"@id": "http://e/a", "http://e/p": "杭州市人力资源和社会保障局"}',
    "data.rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:e="http://e/"><rdf:Description rdf:about="http://e/a"><e:p>杭州市人力资源和社会保障局</e:p>'
                '</rdf:Description></rdf:RDF>',
    "turtle-without-extension": "PREFIX e: <http://e/>\ne:a e:p \"杭州市人力资源和社会保障局\" .\n",
}


def _objects(store: Path) -> list[str]:
    with open_store(store, read_only=True) as st:
        return [q.object.value for q in st.ox.quads_for_pattern(ox.NamedNode("http://e/a"), None, None, None)]


@pytest.mark.parametrize("name", SYNTAXES)
def test_load_reads_each_rdf_syntax(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(SYNTAXES[name], encoding="utf-8")
    assert main(["load", str(path), "--store", str(tmp_path / "store")]) == 0
    assert _objects(tmp_path / "store") == ["杭州市人力资源和社会保障局"]


def test_load_of_mixed_syntaxes_loads_them_all(tmp_path: Path) -> None:
    paths = []
    for name in ("data.nq", "data.ttl", "data.jsonld"):
        paths.append(tmp_path / name)
        paths[-1].write_text(SYNTAXES[name].replace("http://e/a", f"http://e/a{len(paths)}"), encoding="utf-8")
    assert main(["load", *map(str, paths), "--store", str(tmp_path / "store")]) == 0
    with open_store(tmp_path / "store", read_only=True) as st:
        assert len(st.ox) == 3


def _refused(tmp_path: Path, capsys, name: str, data: str, reason: str) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(SYNTAXES["data.ttl"], encoding="utf-8")
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    code = main(["load", str(good), str(path), "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"{path}: " in err and reason in err, err
    assert not (tmp_path / "store").exists() or _objects(tmp_path / "store") == []


def test_nested_rdf_star_triple_terms_are_refused_before_the_parser_crashes(tmp_path: Path, capsys) -> None:
    depth = 100_000  # Oxigraph's parser segfaults on this
    data = "<http://e/a> <http://e/p> " + "<<( <http://e/a> <http://e/p> " * depth + "<http://e/c>" + " )>>" * depth + " .\n"
    _refused(tmp_path, capsys, "deep.nt", data, f"RDF-star triple terms nested more than {MAX_NESTING} deep")


def test_deeply_nested_json_ld_is_refused(tmp_path: Path, capsys) -> None:
    data = '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 5000 + '"x"' + "}" * 5000 + "}"
    _refused(tmp_path, capsys, "deep.jsonld", data, "JSON objects nested more than")


def test_xml_entity_declarations_are_refused(tmp_path: Path, capsys) -> None:
    data = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
            '<rdf:Description rdf:about="http://e/a"><e:p>&b;</e:p></rdf:Description></rdf:RDF>')
    _refused(tmp_path, capsys, "laughs.rdf", data, "DOCTYPE or ENTITY declaration refused")


def test_a_remote_json_ld_context_is_not_fetched(tmp_path: Path, capsys) -> None:
    data = '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://e/a", "name": "x"}'
    _refused(tmp_path, capsys, "remote.jsonld", data, "remote contexts")


def test_a_file_that_is_no_linked_data_is_refused(tmp_path: Path, capsys) -> None:
    _refused(tmp_path, capsys, "report.txt", "杭州市人力资源和社会保障局2019年报告\n", "not a linked-data file")


@pytest.mark.parametrize(("text", "depth"), [
    ('<a> <p> "<< << << not a term" .\n', 0),
    ("<a> <p> <<( <a> <p> <<( <a> <p> <c> )>> )>> .\n", 2),
    ("<a> <p> <<( <a> <p> <c> )>> . # << << <<\n<a> <p> <<( <a> <p> <c> )>> .\n", 1),
    ("<a> <p> '''<< <<\n<<''' .\n", 0),
])
def test_nesting_counts_triple_terms_not_brackets_in_strings_or_comments(tmp_path: Path, text: str, depth: int) -> None:
    path = tmp_path / "x.ttl"
    path.write_text(text, encoding="utf-8")
    assert nesting(path, "Turtle") == depth
