"""`legalkg viz` on the sample corpus and on bad input."""
from __future__ import annotations

import json
import re

from legalkg.graph.cli import main


def _nodes(html: str) -> list[dict]:
    return json.loads(re.search(r'id="lkg-nodes">(.*?)</script>', html, re.S).group(1))


def test_viz_writes_the_sample_network(built_store_path, tmp_path, capsys):
    out = tmp_path / "network.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out)]) == 0
    nodes = _nodes(out.read_text(encoding="utf-8"))
    assert {node["kind"] for node in nodes} == {"bureau", "mechanism", "regulation", "agency"}
    assert f"{len(nodes)} nodes" in capsys.readouterr().err


def test_viz_lang_en_labels_nodes_in_english(built_store_path, tmp_path):
    out = tmp_path / "network-en.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out), "--lang", "en"]) == 0
    labels = {node["fullLabel"] for node in _nodes(out.read_text(encoding="utf-8"))}
    assert "Hangzhou Municipal Bureau of Human Resources and Social Security" in labels


def test_viz_without_a_store_fails_with_one_line(tmp_path, capsys):
    code = main(["viz", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "n.html")])
    assert code == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no store here" in err
    assert not (tmp_path / "n.html").exists()


def test_viz_rejects_an_unknown_language(built_store_path, tmp_path, capsys):
    assert main(["viz", "--store", str(built_store_path), "--out", str(tmp_path / "n.html"), "--lang", "fr"]) == 5
    assert "zh or en" in capsys.readouterr().err
