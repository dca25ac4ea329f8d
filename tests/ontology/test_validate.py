"""`validate_store` and `legalkg validate`: conforming stores, failing stores, pySHACL exit codes."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.cli import main
from legalkg.graph.store import Store, open_store
from legalkg.ontology.namespace import LKG
from legalkg.ontology.validate import validate_store

BAD_REPORT = ox.NamedNode("https://w3id.org/legalkg/id/report/bad")


def _break(store: Store) -> None:
    """A report with no source file and two zh labels on its bureau (in its own graph)."""
    bureau = ox.NamedNode("https://w3id.org/legalkg/id/bureau/hangzhou")
    store.replace_graph(BAD_REPORT, [
        ox.Triple(BAD_REPORT, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(str(LKG.Report))),
        ox.Triple(BAD_REPORT, ox.NamedNode(str(LKG.sha256)), ox.Literal("b" * 64)),
        ox.Triple(bureau, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("杭州人社", language="zh")),
    ])


def test_validate_store_union_conforms_on_built_graph(mini_store: Store) -> None:
    conforms, report, text = validate_store(mini_store)
    assert conforms, text
    assert "Conforms: True" in text and len(report) > 0


def test_the_graph_built_from_the_sample_corpus_conforms(built_store: Store) -> None:
    conforms, _, text = validate_store(built_store)
    assert conforms, text


def test_validate_store_per_graph_conforms_on_built_graph(mini_store: Store) -> None:
    conforms, _, text = validate_store(mini_store, per_graph=True)
    assert conforms, text


def test_validate_store_reports_missing_source_file_and_label_clash(mini_store_path: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(mini_store_path, copy)
    with open_store(copy) as store:
        _break(store)
        conforms, _, text = validate_store(store)
        assert not conforms
        assert "sourceFile" in text and "prefLabel" in text
        per_graph_ok, _, per_graph_text = validate_store(store, per_graph=True)
    assert not per_graph_ok and "sourceFile" in per_graph_text and str(BAD_REPORT.value) in per_graph_text


def test_validate_command_exit_0_when_conforming(mini_store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--store", str(mini_store_path)]) == 0
    assert "Conforms: True" in capsys.readouterr().out


def test_validate_command_exit_1_when_not_conforming(
    mini_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(mini_store_path, copy)
    with open_store(copy) as store:
        _break(store)
    assert main(["validate", "--store", str(copy)]) == 1
    captured = capsys.readouterr()
    assert "Conforms: False" in captured.out and "does not conform" in captured.err


def test_validate_command_exit_2_when_the_store_cannot_be_loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--store", str(tmp_path / "missing")]) == 2
    assert "no store here" in capsys.readouterr().err
