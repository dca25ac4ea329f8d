"""`legalkg serve` against hostile clients: deep nesting, a cross product, a cross-site update, a
client that hangs up, control characters in the request line, bad and busy ports."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from legalkg.queries.limits import Limits

BUREAU = "https://w3id.org/legalkg/ontology#Bureau"
NORMAL = f"SELECT ?b WHERE {{ ?b a <{BUREAU}> }}"
NESTED = "SELECT * WHERE " + "{" * 6000 + " ?s ?p ?o " + "}" * 6000  # 12 KB: crashed the parser before
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # long, little memory


def _serve(store: Path, *options: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from legalkg.graph.cli import main; sys.exit(main())",
         "serve", "--store", str(store), "--port", "0", *options],
        stderr=subprocess.PIPE, text=True,
    )
    line = proc.stderr.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
    assert match, line
    return proc, match.group(1)


def test_serve_survives_nested_cross_product_and_cross_site_update_then_answers(writable_store, http, token):
    proc, base = _serve(writable_store, "--writable", "--token", token, "--query-timeout", "4",
                        "--query-memory", "800", "--quiet")
    try:
        nested = http(f"{base}/sparql", data=NESTED.encode(), headers={"Content-Type": "application/sparql-query"})
        assert nested.status == 400 and "nests 6000 levels deep" in nested.text and "--max-nesting" in nested.text

        started = time.monotonic()
        cross = http(f"{base}/sparql?query=" + urllib.parse.quote(CROSS))
        assert cross.status == 503 and "query stopped" in cross.text, cross.text
        assert re.search(r"raise --query-(timeout|memory)", cross.text)
        assert time.monotonic() - started < 15

        evil = http(f"{base}/sparql", data=b"update=DROP+ALL", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example",
            "Authorization": f"Bearer {token}"})
        assert evil.status == 403 and "another site" in evil.text

        normal = http(f"{base}/sparql?query=" + urllib.parse.quote(NORMAL))
        assert normal.status == 200 and "hangzhou" in normal.text
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_a_client_that_hangs_up_stops_its_query(mini_store_path, serve_config, serve_running):
    config = serve_config(mini_store_path, workers=1, limits=Limits(timeout_s=60, memory_mb=4096))
    with serve_running(config) as server:
        pool = server.endpoint.pool
        with socket.create_connection(server.server_address[:2]) as sock:
            target = "/sparql?query=" + urllib.parse.quote(SLOW)
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            time.sleep(1)
        deadline = time.monotonic() + 10
        while pool.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool.restarts == 1  # the worker was stopped long before the 60 s limit


def test_the_request_log_escapes_control_characters(mini_store_path, serve_config, serve_running, capsys):
    with serve_running(serve_config(mini_store_path, workers=1, quiet=False)) as server:
        with socket.create_connection(server.server_address[:2]) as sock:
            sock.sendall(b"GET /\x1b]0;pwned\x07\x1b[2J HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 404")
        time.sleep(0.2)
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "GET /\\x1b]0;pwned\\x07\\x1b[2J HTTP/1.1" in err


def test_a_host_that_is_not_loopback_is_refused_on_a_loopback_server(endpoint, http):
    reply = http(f"{endpoint}/sparql?query=ASK%7B%7D", headers={"Host": "rebound.example"})
    assert reply.status == 421 and "rebound.example" in reply.text


@pytest.mark.parametrize(("options", "message"), [
    (["--port", "99999"], "error: --port takes 0 to 65535, not 99999"),
    (["--port", "-1"], "error: --port takes 0 to 65535, not -1"),
    (["--writable", "--port", "0"], "error: --writable needs a token"),
    (["--query-timeout", "0", "--port", "0"], "error: --query-timeout takes"),
])
def test_bad_serve_options_are_one_line_and_exit_2(mini_store_path, capsys, options, message):
    from legalkg.graph.cli import main

    assert main(["serve", "--store", str(mini_store_path), *options]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_busy_port_is_one_line_and_exit_2(mini_store_path, capsys):
    from legalkg.graph.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--store", str(mini_store_path), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and err.count("\n") == 1
