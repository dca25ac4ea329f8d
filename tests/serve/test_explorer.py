"""The served explorer's JSON: what `viz.explore.overview()` and `expand()` give for the sample
store, read through the query workers; bad parameters are one-line 4xx answers."""
from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from legalkg.viz import explore
from legalkg.viz.network import network_data


@pytest.fixture(scope="module")
def sample_data(built_store_path: Path) -> dict[str, object]:
    from legalkg.graph.store import open_store

    with open_store(built_store_path, read_only=True) as store:
        data = {lang: network_data(store, lang) for lang in ("zh", "en")}
    return {lang: (d, explore.tree(d)) for lang, d in data.items()}


def _get(http, url: str, **params: object) -> tuple[int, object]:  # noqa: ANN001
    reply = http(url + "?" + urlencode(params, doseq=True))
    return reply.status, json.loads(reply.body) if reply.media_type == "application/json" else reply.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_overview_is_what_overview_returns(http, explorer_url, sample_data, lang) -> None:  # noqa: ANN001
    data, tree = sample_data[lang]
    status, answer = _get(http, explorer_url + "/explore/overview.json", lang=lang)
    expected = explore.overview(data, tree)
    assert status == 200
    assert {key: answer[key] for key in expected} == expected
    assert answer["top"] == tree.top and answer["total"] == len(data.nodes)
    assert set(answer["nodes"]) == set(expected["entities"])


def test_explorer_overview_with_open_groups_is_that_view(http, explorer_url, sample_data) -> None:  # noqa: ANN001
    data, tree = sample_data["zh"]
    opened = tree.top[:2]
    status, answer = _get(http, explorer_url + "/explore/overview.json", lang="zh", open=opened)
    expected = explore.overview(data, tree, opened=set(opened))
    assert status == 200
    assert {key: answer[key] for key in expected} == expected


def test_explorer_expand_group_is_what_expand_returns(http, explorer_url, sample_data) -> None:  # noqa: ANN001
    data, tree = sample_data["zh"]
    group = tree.top[0]
    status, answer = _get(http, explorer_url + "/explore/expand.json", lang="zh", group=group)
    expected = explore.expand(data, group, tree)
    assert status == 200
    assert {key: answer[key] for key in expected} == expected
    assert answer["links"] == explore.overview(data, tree, opened={group})["links"]
    assert {n: answer["nodes"][n]["kind"] for n in expected["entities"]} == {
        n.id: n.kind for n in data.nodes if n.id in expected["entities"]}


def test_explorer_expand_entity_is_what_expand_returns(http, explorer_url, sample_data) -> None:  # noqa: ANN001
    data, tree = sample_data["zh"]
    bureau = next(n.id for n in data.nodes if n.kind == "bureau")
    status, answer = _get(http, explorer_url + "/explore/expand.json", lang="zh", node=bureau)
    expected = explore.expand(data, bureau, tree)
    assert status == 200 and expected["entities"]
    assert {key: answer[key] for key in expected} == expected


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"node": "https://example.org/nobody"}, 404, "no entity"),
    ({"group": "g:nothing"}, 404, "no group"),
    ({}, 400, "group=ID or node=IRI"),
    ({"group": "a", "node": "b"}, 400, "group=ID or node=IRI"),
    ({"group": "a", "lang": "fr"}, 400, "lang="),
])
def test_explorer_expand_refuses_bad_parameters(http, explorer_url, params, status, words) -> None:  # noqa: ANN001
    got, text = _get(http, explorer_url + "/explore/expand.json", **params)
    assert got == status
    assert words in text and text.count("\n") == 1


def test_explorer_overview_refuses_unknown_open_group(http, explorer_url) -> None:  # noqa: ANN001
    got, text = _get(http, explorer_url + "/explore/overview.json", open="g:nothing")
    assert got == 404 and "no group" in text


def test_explorer_page_talks_only_to_its_server(http, explorer_url) -> None:  # noqa: ANN001
    reply = http(explorer_url + "/explore")
    assert reply.status == 200 and reply.media_type == "text/html"
    page = html.unescape(reply.text)
    assert "connect-src 'self'" in page and "default-src 'none'" in page
    assert "/explore/overview.json" in reply.text


def test_explorer_reads_the_store_again_after_a_write(http, writable, token) -> None:  # noqa: ANN001
    status, before = _get(http, writable + "/explore/overview.json", lang="en")
    again = _get(http, writable + "/explore/overview.json", lang="en")[1]
    assert status == 200 and again == before
    update = ('PREFIX lkg: <https://w3id.org/legalkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> '
              'INSERT DATA { GRAPH <https://example.org/new> { <https://example.org/b> a lkg:Bureau ; '
              'skos:prefLabel "New bureau"@en } }')
    reply = http(writable + "/update", data=update.encode("utf-8"),
                 headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})
    assert reply.status == 204
    after = _get(http, writable + "/explore/overview.json", lang="en")[1]
    assert after["total"] == before["total"] + 1


def test_explorer_view_is_read_once_per_store_generation(built_store_path) -> None:  # noqa: ANN001
    from legalkg.queries.pool import WorkerPool
    from legalkg.serve.endpoint import Endpoint
    from legalkg.serve.explorer import Explorer

    with WorkerPool(built_store_path, size=1) as pool:
        explorer = Explorer(Endpoint(pool, base_iri="http://127.0.0.1/sparql"))
        first = explorer.view("zh")
        assert explorer.view("zh") is first and explorer.view("en") is not first
        explorer.endpoint.generation += 1
        fresh = explorer.view("zh")
        assert fresh is not first and fresh.tree.top == first.tree.top
