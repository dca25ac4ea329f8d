"""The query worker's process: what answering a named query imports (a spec, not a timing)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from legalkg.graph.store import JOURNAL_NAME
from legalkg.queries.worker import _open_ahead

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


def test_worker_opens_ahead_only_a_store_it_can_open_read_only_as_it_is(mini_store_path: Path, tmp_path: Path) -> None:
    path, store = _open_ahead(str(mini_store_path))
    assert store.read_only and path == os.path.abspath(mini_store_path)
    store.close()
    assert _open_ahead(None) is None and _open_ahead(str(tmp_path / "none")) is None
    (tmp_path / JOURNAL_NAME).write_text("[]", encoding="utf-8")  # a build was interrupted: repairing is a write
    assert _open_ahead(str(tmp_path)) is None
