"""The query worker's process: what answering a named query imports (a spec, not a timing)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# A worker imports the engine and legalkg's query modules; nothing for the command line, the
# extraction, the page or RDF tooling, and not multiprocessing (its channel is `queries.channel`).
NOT_IN_A_WORKER = ("typer", "rich", "spacy", "rdflib", "networkx", "pyvis", "pandas", "numpy", "jieba",
                   "SPARQLWrapper", "multiprocessing", "psutil")


def test_worker_answers_a_named_query_with_the_engine_and_its_own_modules_only(built_store_path: Path) -> None:
    code = (
        "import sys\n"
        "from legalkg.graph.store import Store\n"
        "from legalkg.queries import worker\n"
        f"store = Store({str(built_store_path)!r}, read_only=True)\n"
        "title, text = worker.named_text(store, 'bureau-mechanisms', params={'bureau': '杭州'}, lang='zh')\n"
        "assert len(worker.rows(store, text, max_rows=1000)) > 0, 'no rows'\n"
        "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    loaded = set(done.stdout.split())
    assert "pyoxigraph" in loaded
    assert not loaded & set(NOT_IN_A_WORKER)
