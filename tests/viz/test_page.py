"""render_html / write_page: one self-contained page, document text never becomes markup."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from html.parser import HTMLParser

import pytest

from legalkg.viz.network import Evidence, NetworkData, NetworkNode, network_data
from legalkg.viz.page import PageError, node_size, node_tooltip, render_html, script_json, write_page



class _Scripts(HTMLParser):
    """Script elements as a browser's tokenizer splits them: (attributes, text)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str | None], str]] = []
        self._inside = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append((dict(attrs), ""))
            self._inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            attrs, text = self.found[-1]
            self.found[-1] = (attrs, text + data)


def _scripts(html: str) -> list[tuple[dict[str, str | None], str]]:
    return _Scripts(html).found


@pytest.fixture
def fixture_html(fixture_store) -> str:
    return render_html(network_data(fixture_store, "zh"), title="<b>T</b> & co")


def _data_block(html: str, block_id: str):  # noqa: ANN202
    for attrs, body in _scripts(html):
        if attrs.get("id") == block_id:
            return json.loads(body)
    raise AssertionError(block_id)


def test_page_references_no_network_resource(fixture_html):
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", fixture_html, re.I)
    assert "<link" not in fixture_html.lower()
    assert "@import" not in fixture_html
    assert set(re.findall(r"url\(\s*['\"]?([a-z]+):", fixture_html)) <= {"data"}
    assert "cdn.jsdelivr" not in fixture_html and "cdnjs" not in fixture_html


@pytest.mark.parametrize("needle_attr", ["EVIL_REG_LABEL", "EVIL_AGENCY_LABEL", "EVIL_ALIAS", "EVIL_SENTENCE"])
def test_hostile_text_never_appears_raw(fixture_html, fx, needle_attr):
    needle = getattr(fx, needle_attr)
    assert needle not in fixture_html
    assert "<img" not in fixture_html and "<b>bold" not in fixture_html


def test_the_page_has_exactly_its_own_script_elements(fixture_html):
    """Data that closed a <script> early would add elements or break a JSON block."""
    scripts = _scripts(fixture_html)
    assert [attrs.get("id") for attrs, _ in scripts] == [
        "lkg-nodes", "lkg-edges", "lkg-options", "lkg-text", "lkg-graph", None, None]
    assert all(attrs.get("type") == "application/json" for attrs, _ in scripts[:5])
    assert "src" not in {key for attrs, _ in scripts for key in attrs}


def test_hostile_text_round_trips_through_the_json_blocks(fixture_html, fx):
    nodes = {node["id"]: node for node in _data_block(fixture_html, "lkg-nodes")}
    assert nodes[fx.EVIL_REG]["fullLabel"] == fx.EVIL_REG_LABEL
    assert nodes[fx.EVIL_AGENCY]["aliases"] == [fx.EVIL_ALIAS]
    assert fx.EVIL_SENTENCE in nodes[fx.EVIL_REG]["title"]
    edges = _data_block(fixture_html, "lkg-edges")
    assert {edge["relation"] for edge in edges} == {"implements", "cites", "worksWith", "broader"}
    graph = _data_block(fixture_html, "lkg-graph")
    assert fx.EVIL_SENTENCE in graph["sentences"]
    order = [node["id"] for node in _data_block(fixture_html, "lkg-nodes")]
    evil = next(edge for edge in edges if order[edge["to"]] == fx.EVIL_REG)
    assert graph["sentences"][evil["evidence"][0][0]] == fx.EVIL_SENTENCE


def test_heading_is_escaped(fixture_html):
    assert "<h1>&lt;b&gt;T&lt;/b&gt; &amp; co</h1>" in fixture_html
    assert "<title>&lt;b&gt;T&lt;/b&gt; &amp; co</title>" in fixture_html


def test_content_security_policy_admits_exactly_the_inline_scripts(fixture_html):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', fixture_html).group(1)
    policy = policy.replace("&#39;", "'")
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    executable = [body for attrs, body in _scripts(fixture_html) if attrs.get("type") != "application/json"]
    digests = {base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() for body in executable}
    assert digests == allowed and len(allowed) == 2


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!-- <script>", "a & b > c", "\u2028"])
def test_script_json_escapes_markup_and_round_trips(value):
    text = str(script_json({"v": value}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"v": value}


def test_tooltip_is_plain_text_with_both_labels_aliases_and_evidence(fixture_store, fx):
    data = network_data(fixture_store, "en")
    tip = node_tooltip(data.node(fx.HANGZHOU), "en")
    assert tip.splitlines() == [
        "Department",
        "en: Hangzhou Municipal Bureau of Human Resources and Social Security",
        "zh: 杭州市人力资源和社会保障局",
        "Also: 市人力社保局",
        "City: 杭州市",
        "Report years: 2019, 2020",
        "Links: 3",
        f"Evidence: (hangzhou-2019-zh.txt, 2019) {fx.EVIL_SENTENCE}",
    ]


def test_tooltip_shortens_long_sentences():
    node = NetworkNode("x", "regulation", "法", {"zh": "法"}, evidence=Evidence("长" * 1000, "r.txt", 2020))
    tip = node_tooltip(node, "zh")
    assert "(r.txt, 2020) " + "长" * 219 + "…" in tip


def test_node_size_grows_with_degree_and_is_capped():
    sizes = [node_size(d) for d in (0, 1, 5, 50, 10_000)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[2] and sizes[-1] == 48


def test_empty_graph_renders(fixture_store):
    html = render_html(NetworkData([], [], "en"))
    assert _data_block(html, "lkg-nodes") == [] and "0 nodes, 0 links" in html


def test_write_page_replaces_the_file_and_leaves_no_temporary(tmp_path, fixture_store):
    out = tmp_path / "net.html"
    out.write_text("old page", encoding="utf-8")
    written = write_page(network_data(fixture_store, "zh"), out)
    assert written == out
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "杭州市人力资源和社会保障局" in html
    assert [p.name for p in tmp_path.iterdir()] == ["net.html"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_page_into_a_missing_folder_fails_cleanly(tmp_path, fixture_store):
    with pytest.raises(PageError, match="does not exist"):
        write_page(network_data(fixture_store, "zh"), tmp_path / "missing" / "net.html")


@pytest.mark.parametrize(("lang", "page_lang", "placeholder"), [
    ("zh", "zh", "搜索名称、别名或拼音…"), ("en", "en", None),
])
def test_page_speaks_the_language_of_its_labels(fixture_store, lang, page_lang, placeholder):
    from dataclasses import replace

    from legalkg.viz.page import TEXT

    html = render_html(replace(network_data(fixture_store, "zh"), lang=lang))
    assert f'<html lang="{page_lang}">' in html
    assert f'placeholder="{placeholder or TEXT["en"]["search"]}"' in html


def test_render_html_takes_the_title_by_keyword_only(fixture_store):
    with pytest.raises(TypeError):
        render_html(network_data(fixture_store, "zh"), "title")  # type: ignore[misc]
