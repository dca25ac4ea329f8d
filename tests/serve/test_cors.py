"""A page on another origin (a second local HTTP server) queries `legalkg serve` from headless
Chromium: allowed through CORS when its origin is named with --cors-origin, blocked otherwise."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

LKG = "https://w3id.org/legalkg/ontology#"
PAGE = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>elsewhere</title></head><body>client</body></html>"
FETCH = """async ([url, init]) => {
  try {
    const answer = await fetch(url, init);
    return { status: answer.status, type: answer.headers.get("Content-Type"), body: await answer.text() };
  } catch (error) { return { error: String(error) }; }
}"""


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def other_origin() -> Iterator[str]:
    """A second web server on another port: the origin of the client page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def cors_server(mini_store_path, other_origin, serve_config, serve_running) -> Iterator[str]:  # noqa: ANN001
    with serve_running(serve_config(mini_store_path, workers=1, cors_origins=(other_origin,))) as server:
        yield server.origin


@pytest.fixture
def client_page(chromium, other_origin):  # noqa: ANN001, ANN201
    page = chromium.new_page()
    page.goto(other_origin + "/")
    yield page
    page.close()


def test_a_page_on_a_named_origin_queries_by_get_and_by_post_with_a_preflight(client_page, cors_server):
    select = f"SELECT ?b WHERE {{ ?b a <{LKG}Bureau> }} ORDER BY ?b"
    got = client_page.evaluate(FETCH, [f"{cors_server}/sparql?query={quote(select)}", {}])
    assert got["status"] == 200 and "hangzhou" in got["body"], got
    posted = client_page.evaluate(FETCH, [f"{cors_server}/sparql", {
        "method": "POST", "body": select,
        "headers": {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    }])
    assert posted["status"] == 200 and posted["type"].startswith("text/csv"), posted
    assert posted["body"].splitlines()[0] == "b"


def test_a_page_on_an_origin_not_named_is_blocked_by_the_browser(client_page, endpoint):
    got = client_page.evaluate(FETCH, [f"{endpoint}/sparql?query=ASK%7B%7D", {}])
    assert "error" in got and "Failed to fetch" in got["error"]
