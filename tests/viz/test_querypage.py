"""The query page of `legalkg serve` in headless Chromium: only the server itself is reachable."""
from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from legalkg.graph.serve import Endpoint, make_server
from legalkg.graph.store import open_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(built_store_path) -> Iterator[str]:  # noqa: ANN001
    with open_store(built_store_path, read_only=True) as store:
        server = make_server(Endpoint(store), "127.0.0.1", 0, quiet=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()


def test_query_page_runs_a_named_query_offline_and_draws_the_rows(tab_allowing, served):
    offline = tab_allowing(served)
    page = offline.page
    page.goto(served)
    page.locator("nav button[data-name=bureau-mechanisms]").click()
    page.locator("#params input[name=bureau]").fill("杭州市人力资源和社会保障局")
    page.locator("#run").click()
    page.wait_for_function("() => window.legalkg.done === 1")
    rows = page.evaluate("window.legalkg.rows")
    assert rows > 5
    assert page.locator("#results tr").count() == rows + 1
    assert "杭州市人力资源和社会保障局" in page.locator("#results").inner_text()
    assert set(page.locator("#results td:first-child").all_inner_texts()) == {"https://w3id.org/legalkg/id/bureau/hangzhou-hrss"}

    page.locator("#query").fill("SELECT (COUNT(*) AS ?n) WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    page.locator("#run").click()
    page.wait_for_function("() => window.legalkg.done === 2")
    assert "SERVICE reaches the network" in page.locator("#status").inner_text()
    assert offline.blocked == [] and all(url.startswith(served) for url in offline.requests)
    assert [e for e in offline.errors if "403" not in e] == []
