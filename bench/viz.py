"""Timings of the network page for `legalkg bench`: page generation time and time until the
layout settles in headless Chromium, for synthetic graphs of 100, 1,000 and 5,000 nodes, and
the overview-first page of a store (`explore_timings`: first readable view, opening a group,
page bytes, JS heap) and the explorer `legalkg serve` serves over a store (`served_timings`:
first view on a fresh server and from its cache, group and entity expansions, answer bytes).

`page_timings()` returns plain dicts; the browser part needs Playwright and a Chromium
executable (`find_chromium()`: on the PATH, else the one Playwright installed) and is skipped
with a note when either is missing. Run alone: `python -m legalkg.bench.viz [sizes...]` or `... --served STORE`.
"""
from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from legalkg.viz.network import Evidence, NetworkData, NetworkEdge, NetworkNode
from legalkg.viz.page import write_page

SIZES = (100, 1000, 5000)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SHARES = (("bureau", 0.08), ("mechanism", 0.3), ("regulation", 0.4), ("agency", 0.22))
RELATION = {"mechanism": "implements", "regulation": "cites", "agency": "worksWith"}


def synthetic_network(nodes: int, *, seed: int = 7) -> NetworkData:
    """A graph shaped like a real one: few bureaus, each linked to many of the other nodes (about
    1.5 links per node, popular targets more often), one evidence sentence per link."""
    rng = random.Random(seed)
    made: dict[str, list[NetworkNode]] = {}
    left = nodes
    for number, (kind, share) in enumerate(SHARES):
        count = left if number == len(SHARES) - 1 else max(1, round(nodes * share))
        left -= count
        made[kind] = [NetworkNode(f"urn:{kind}:{i}", kind, f"{kind} {i}", {"en": f"{kind} {i}"},  # type: ignore[arg-type]
                                  years=[2019 + i % 5]) for i in range(count)]
    everything = [node for group in made.values() for node in group]
    bureaus = [n for n in everything if n.kind == "bureau"]
    others = [n for n in everything if n.kind != "bureau"]
    edges, seen = [], set()
    for target in others:
        for _ in range(1 + (rng.random() < 0.5)):
            bureau = bureaus[int(len(bureaus) * rng.random() ** 2)]
            if (bureau.id, target.id) not in seen:
                seen.add((bureau.id, target.id))
                evidence = [Evidence(f"{bureau.label} 与 {target.label} 的依据句子。", "synthetic.txt", target.years[0])]
                edges.append(NetworkEdge(bureau.id, target.id, RELATION[target.kind], evidence))  # type: ignore[arg-type]
    degree: dict[str, int] = {}
    for edge in edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    for node in everything:
        node.degree = degree.get(node.id, 0)
    return NetworkData(everything, edges, "en")


def _open_offline(browser: Any, page_path: Path, ready: str, timeout_ms: int) -> tuple[Any, float]:
    """A new tab (every non-file request aborted) on `page_path`, and the milliseconds until the
    JavaScript condition `ready` held."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    started = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_function(ready, timeout=timeout_ms)
    return page, (time.perf_counter() - started) * 1000


def _settle_ms(browser: Any, page_path: Path, timeout_ms: int) -> dict[str, float]:
    page, wall = _open_offline(browser, page_path, "() => window.legalkg && window.legalkg.layoutMs !== null", timeout_ms)
    try:
        return {"layout_ms": round(page.evaluate("() => window.legalkg.layoutMs")), "load_to_settled_ms": round(wall)}
    finally:
        page.close()


def find_chromium() -> Path | None:
    """A Chromium to drive: the first of CHROMIUM_NAMES on the PATH (Debian's package, a
    distribution's browser), else the build `playwright install chromium` put in its cache.
    Not inside a running Playwright loop: the fallback starts Playwright to ask it."""
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return Path(found)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = Path(playwright.chromium.executable_path)
    except Exception:  # noqa: BLE001 - no Playwright, or no driver: no browser either
        return None
    return path if path.is_file() else None


def page_timings(sizes: tuple[int, ...] = SIZES, *, chromium: Path | None = None, timeout_s: float = 120) -> dict[str, Any]:
    """{"sizes": [{nodes, edges, generation_s, html_mb, layout_ms, load_to_settled_ms}], "notes": [...]}."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="legalkg-viz-bench-") as folder:
        pages = []
        for size in sizes:
            data = synthetic_network(size)
            started = time.perf_counter()
            path = write_page(data, Path(folder) / f"network-{size}.html")
            rows.append({"nodes": len(data.nodes), "edges": len(data.edges),
                         "generation_s": round(time.perf_counter() - started, 3),
                         "html_mb": round(path.stat().st_size / 2**20, 2)})
            pages.append(path)
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            notes.append("layout not timed: playwright is not installed")
            return {"sizes": rows, "notes": notes}
        chromium = chromium or find_chromium()
        if chromium is None or not chromium.exists():
            notes.append(f"layout not timed: no Chromium ({chromium or ', '.join(CHROMIUM_NAMES)} absent)")
            return {"sizes": rows, "notes": notes}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=["--headless=new", "--no-sandbox"])
            try:
                for row, path in zip(rows, pages):
                    row.update(_settle_ms(browser, path, int(timeout_s * 1000)))
            finally:
                browser.close()
    return {"sizes": rows, "notes": notes}



def _explore_in_browser(browser: Any, page_path: Path, timeout_ms: int) -> dict[str, float]:
    """Time to the first readable view (layout settled, labels placed), time to open the biggest
    group, and the JS heap (Chrome DevTools Performance metrics) once both are drawn."""
    page, first_view = _open_offline(browser, page_path, "() => window.legalkg && window.legalkg.renders > 0", timeout_ms)
    try:
        drawn = page.evaluate("window.legalkg.network.body.nodeIndices.length")
        biggest = page.evaluate("""() => {
          const sizes = window.legalkg.nodes.get().filter(n => n.isGroup).map(n => [n.id, n.size]);
          sizes.sort((a, b) => b[1] - a[1]);
          return sizes.length ? sizes[0][0] : null;
        }""")
        expand_ms = None
        if biggest is not None:
            before = page.evaluate("window.legalkg.renders")
            started = time.perf_counter()
            page.evaluate("id => window.legalkg.toggleGroup(id)", biggest)
            page.wait_for_function("n => window.legalkg.renders > n", arg=before, timeout=timeout_ms)
            expand_ms = round((time.perf_counter() - started) * 1000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {"first_view_ms": round(first_view), "drawn_first": drawn, "open_biggest_group_ms": expand_ms,
                "js_heap_mb": round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1)}
    finally:
        page.close()


def explore_timings(data: NetworkData, *, chromium: Path | None = None, timeout_s: float = 180) -> dict[str, Any]:
    """The overview-first page of `data` (as read from a store): generation seconds, bytes, then
    in headless Chromium the first readable view, opening the biggest group and the JS heap."""
    row: dict[str, Any] = {"nodes": len(data.nodes), "edges": len(data.edges)}
    with tempfile.TemporaryDirectory(prefix="legalkg-explore-bench-") as folder:
        started = time.perf_counter()
        path = write_page(data, Path(folder) / "explore.html")
        row["generation_s"] = round(time.perf_counter() - started, 2)
        row["html_mb"] = round(path.stat().st_size / 2**20, 2)
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            row["note"] = "browser not timed: playwright is not installed"
            return row
        chromium = chromium or find_chromium()
        if chromium is None or not chromium.exists():
            row["note"] = f"browser not timed: no Chromium ({chromium or ', '.join(CHROMIUM_NAMES)} absent)"
            return row
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=["--headless=new", "--no-sandbox"])
            try:
                row.update(_explore_in_browser(browser, path, int(timeout_s * 1000)))
            finally:
                browser.close()
    return row

def _get_ms(url: str) -> tuple[float, bytes]:
    import urllib.request

    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as answer:  # noqa: S310 - our own local server
        body = answer.read()
    return round((time.perf_counter() - started) * 1000, 1), body


def served_timings(store_path: Path, *, chromium: Path | None = None, timeout_s: float = 300) -> dict[str, Any]:
    """The served explorer (`legalkg serve` /explore) over the store at `store_path`: the first
    view in headless Chromium on a fresh server (which reads the store once) and again from its
    cache, opening the biggest group (fetched), then over plain HTTP the overview and the
    expansion of a group and of the best-linked entity, with the bytes each answer took."""
    import threading
    from urllib.parse import quote

    from legalkg.queries.limits import Limits
    from legalkg.serve.app import ServeConfig, make_server

    server = make_server(ServeConfig(store=Path(store_path), port=0, quiet=True, workers=1,
                                     limits=Limits(timeout_s=timeout_s, memory_mb=4096)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base, row = server.origin, {}
    try:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            sync_playwright = None
            row["note"] = "browser not timed: playwright is not installed"
        chromium = chromium or find_chromium()
        if sync_playwright is not None and chromium is not None and chromium.exists():
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(chromium), args=["--headless=new", "--no-sandbox"])
                try:
                    row.update(_served_in_browser(browser, base + "/explore", int(timeout_s * 1000)))
                finally:
                    browser.close()
        else:
            row.setdefault("note", f"browser not timed: {chromium} is absent")
            row["cold_overview_ms"], _ = _get_ms(base + "/explore/overview.json?lang=zh")
        row["overview_ms"], body = _get_ms(base + "/explore/overview.json?lang=zh")
        overview = json.loads(body)
        row.update(nodes=overview["total"], drawn_first=len(overview["groups"]) + len(overview["entities"]),
                   overview_kb=round(len(body) / 1024, 1))
        sizes = {g["id"]: g["count"] for g in overview["groups"]}
        if sizes:
            biggest = max(sizes, key=lambda g: (sizes[g], g))
            row["expand_group_ms"], body = _get_ms(base + "/explore/expand.json?lang=zh&group=" + quote(biggest, safe=""))
            row["expand_group_kb"] = round(len(body) / 1024, 1)
            members = json.loads(body)
            for _ in range(8):  # down the biggest subgroups to some entities
                if members["entities"] or not members["groups"]:
                    break
                child = max(members["groups"], key=lambda g: (g["count"], g["id"]))["id"]
                members = json.loads(_get_ms(base + "/explore/expand.json?lang=zh&group=" + quote(child, safe=""))[1])
            entity = max(members["entities"], key=lambda n: (members["nodes"][n]["degree"], n), default=None)
            if entity is not None:
                row["expand_entity_ms"], body = _get_ms(base + "/explore/expand.json?lang=zh&node=" + quote(entity, safe=""))
                row["expand_entity_kb"] = round(len(body) / 1024, 1)
    finally:
        server.shutdown()
        server.server_close()
    return row


def _served_in_browser(browser: Any, url: str, timeout_ms: int) -> dict[str, float]:
    ready = "() => window.legalkg && window.legalkg.state && window.legalkg.state.ready"
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        timings = {}
        for name in ("first_view_cold_ms", "first_view_ms"):
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_function(ready, timeout=timeout_ms)
            timings[name] = round((time.perf_counter() - started) * 1000)
        biggest = page.evaluate("""() => {
          const groups = window.legalkg.nodes.get().filter(n => n.group === 'group').sort((a, b) => b.size - a.size);
          return groups.length ? groups[0].id : null;
        }""")
        if biggest is not None:
            started = time.perf_counter()
            page.evaluate("id => window.legalkg.openGroup(id)", biggest)
            timings["open_biggest_group_ms"] = round((time.perf_counter() - started) * 1000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        timings["js_heap_mb"] = round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1)
        return timings
    finally:
        page.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--served"] and len(sys.argv) == 3:
        print(json.dumps(served_timings(Path(sys.argv[2])), indent=1))
        raise SystemExit(0)
    wanted = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    print(json.dumps(page_timings(wanted), indent=1))
