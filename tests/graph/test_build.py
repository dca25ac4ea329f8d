"""Specification of `legalkg build` on messy input: every good report ingested, every bad file
named once with its reason, a summary and exit code 3, --strict, one transaction per report,
a killed build that resumes to the same graph, and one writer per store."""
from __future__ import annotations

import os
import runpy
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from legalkg.graph.build import build
from legalkg.graph.cli import main
from legalkg.graph.iris import report_iri
from legalkg.graph.store import open_store
from legalkg.ontology.namespace import ENTITY_GRAPH, VOCAB_GRAPH

GENERATOR = Path(__file__).resolve().parents[1] / "data" / "hostile" / "generate.py"
LEGALKG = str(Path(sys.executable).with_name("legalkg"))


hostile = SimpleNamespace(**runpy.run_path(str(GENERATOR)))  # the fixture generator's functions


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile.write_corpus(folder)


def _reports(store_path: Path) -> set[str]:
    with open_store(store_path, read_only=True) as st:
        return {g.value for g in st.named_graphs()}


def _quads(store_path: Path) -> set[str]:
    """Every quad of the report graphs (the vocabulary graph has blank nodes, so it is compared
    by size in `_vocabulary_size`)."""
    vocabulary = ox.NamedNode(str(VOCAB_GRAPH))
    with open_store(store_path, read_only=True) as st:
        return {str(q) for q in st.ox.quads_for_pattern(None, None, None, None) if q.graph_name != vocabulary}


def _vocabulary_size(store_path: Path) -> int:
    with open_store(store_path, read_only=True) as st:
        return len(list(st.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(VOCAB_GRAPH)))))


def _good(folder: Path, count: int, sample_corpus: Path) -> list[Path]:
    """`count` real reports under distinct names (the sample reports, repeated)."""
    samples = sorted(sample_corpus.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"r{i:02d}-{samples[i % len(samples)].name}"
        shutil.copyfile(samples[i % len(samples)], path)
        paths.append(path)
    return paths


def test_build_ingests_every_good_file_and_names_every_bad_one(
    corpus: tuple[Path, dict[str, str]], store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, expected = corpus
    code = main(["build", "--store", str(store_path), str(folder)])
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert code == 3
    assert "Traceback" not in err
    graphs = _reports(store_path)
    bad = {name: reason for name, reason in expected.items() if reason not in ("ok", "warn", "ingested")}
    for name, reason in expected.items():
        said = [ln for ln in lines if ln.startswith("legalkg: skipped ") and f"/{name}: " in ln]
        if name in bad:
            assert said == [ln for ln in said if f"/{name}: {reason}" in ln] and len(said) == 1, (name, said)
            assert str(report_iri(name)) not in graphs
        else:
            assert said == [], name
            assert str(report_iri(name)) in graphs, name
        warned = [ln for ln in lines if ln.startswith("legalkg: warning: ") and f"/{name}: " in ln]
        if reason == "ok":
            assert warned == [], (name, warned)
        elif reason == "warn":
            assert warned, name
    assert lines[-1].startswith(f"legalkg: {len(expected) - len(bad)} ingested, 0 unchanged, {len(bad)} skipped (")


def test_a_second_run_changes_nothing_and_still_names_the_bad_files(
    corpus: tuple[Path, dict[str, str]], store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, expected = corpus
    main(["build", "--store", str(store_path), str(folder)])
    first = _quads(store_path)
    capsys.readouterr()
    assert main(["build", "--store", str(store_path), str(folder)]) == 3
    assert " 0 ingested, " in capsys.readouterr().err.splitlines()[-1]
    assert _quads(store_path) == first


def test_strict_stops_at_the_first_bad_file(
    tmp_path: Path, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(hostile.report("杭州市", 2019), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_text(hostile.report("宁波市", 2019), encoding="utf-8")
    code = main(["build", "--strict", "--store", str(store_path), str(folder)])
    err = capsys.readouterr().err.splitlines()
    assert code == 3
    assert err == [f"legalkg: error: {folder / 'b.txt'}: empty file"]
    assert str(report_iri("c.txt")) not in _reports(store_path)


def test_strict_with_workers_stops_without_finishing_the_queue(tmp_path: Path, store_path: Path,
                                                               sample_corpus: Path) -> None:
    from legalkg.ingest.errors import UnreadableDocument

    folder = tmp_path / "docs"
    (folder).mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    _good(folder, 12, sample_corpus)
    with open_store(store_path) as st, pytest.raises(UnreadableDocument, match="a-empty.txt: empty file"):
        build([folder], st, workers=2, strict=True)
    assert len(_reports(store_path)) == 1  # only the vocabulary graph


def test_a_name_starting_with_a_dash_is_a_file_after_double_dash(corpus: tuple[Path, dict[str, str]],
                                                                 tmp_path: Path) -> None:
    folder, _ = corpus
    store = tmp_path / "store"
    proc = subprocess.run([LEGALKG, "build", "--store", str(store), "--", "-leading-dash.txt", "name with spaces.txt",
                           "中文名报告.txt"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {str(report_iri(n)) for n in ("-leading-dash.txt", "name with spaces.txt", "中文名报告.txt")} <= _reports(store)


def test_a_report_without_bureau_or_year_is_stored_and_its_unknowns_are_queryable(
    corpus: tuple[Path, dict[str, str]], store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = corpus
    assert main(["build", "--store", str(store_path), str(folder / "no-bureau.txt")]) == 0
    warnings = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("legalkg: warning")]
    assert warnings == [f"legalkg: warning: {folder / 'no-bureau.txt'}: no reporting body found",
                        f"legalkg: warning: {folder / 'no-bureau.txt'}: no report year found"]
    with open_store(store_path, read_only=True) as st:
        rows = list(st.query(
            "PREFIX lkg: <https://w3id.org/legalkg/ontology#> "
            "SELECT ?r WHERE { ?r a lkg:Report FILTER NOT EXISTS { ?r lkg:issuedBy ?b } "
            "FILTER NOT EXISTS { ?r lkg:year ?y } }"))
    assert [row["r"].value for row in rows] == [str(report_iri("no-bureau.txt"))]


def test_a_file_that_vanishes_during_the_run_is_skipped(tmp_path: Path, store_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(hostile.report("杭州市", 2019), encoding="utf-8")
    (folder / "b.txt").write_text(hostile.report("宁波市", 2019), encoding="utf-8")

    def delete_b(total: int) -> None:  # after the files were listed and hashed, before extraction
        (folder / "b.txt").unlink()

    with open_store(store_path) as st:
        report = build([folder], st, on_total=delete_b)
    assert report.skipped == [(str(folder / "b.txt"), "no such file (moved or deleted?)")]
    assert report.ingested == [str(folder / "a.txt")]


def test_two_files_with_one_name_are_not_merged_into_one_report(tmp_path: Path, store_path: Path) -> None:
    for year, sub in ((2019, "2019"), (2020, "2020")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(hostile.report("杭州市", year), encoding="utf-8")
    with open_store(store_path) as st:
        report = build([tmp_path / "2019", tmp_path / "2020", tmp_path / "2019" / "report.txt"], st)
    assert report.ingested == [str(tmp_path / "2019" / "report.txt")]
    assert report.skipped == [(str(tmp_path / "2020" / "report.txt"),
                               f"same report name as {tmp_path / '2019' / 'report.txt'} (a report is named by its file name "
                               "without extension)")]


def _without_root_file_access() -> list[str]:
    """A command prefix that runs without root's power to read any file (tests run as root,
    for whom chmod 000 means nothing): setpriv drops the DAC-override capabilities."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_file_is_skipped_and_the_rest_ingested(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(hostile.report("杭州市", 2019), encoding="utf-8")
    secret = docs / "secret.txt"
    secret.write_text(hostile.report("宁波市", 2019), encoding="utf-8")
    secret.chmod(0)
    proc = subprocess.run([*_without_root_file_access(), LEGALKG, "build", "--store", str(tmp_path / "store"),
                           str(docs)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.splitlines()
    assert f"legalkg: skipped {secret}: permission denied" in lines
    assert lines[-1].startswith("legalkg: 1 ingested, 0 unchanged, 1 skipped (permission denied: 1)")


_BUILD_SCRIPT = """
import sys
import legalkg.graph.writer
from legalkg.graph.build import build
from legalkg.graph.store import open_store
legalkg.graph.writer.BATCH_REPORTS = 2  # many small bulk batches, so the kill lands between or inside one
with open_store(sys.argv[1]) as st:
    build([sys.argv[2]], st, on_file=lambda name, outcome: print(outcome, name, flush=True))
"""
_HOLD_SCRIPT = """
import sys
from legalkg.graph.store import open_store
with open_store(sys.argv[1]):
    print("holding", flush=True)
    sys.stdin.read()
"""
PLACES = ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市"]


def _small_reports(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"r{i:02d}.txt"
        path.write_text(hostile.report(PLACES[i % len(PLACES)], 2010 + i // len(PLACES)), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_a_build_killed_mid_run_keeps_whole_reports_and_resumes_to_the_same_graph(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    paths = _small_reports(docs, 60)
    reference = tmp_path / "reference"
    with open_store(reference) as st:
        build([docs], st)
    expected = _quads(reference)

    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", _BUILD_SCRIPT, str(killed), str(docs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    done = [proc.stdout.readline() for _ in range(4)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert all(line.startswith("ingested") for line in done), done

    partial = _quads(killed)
    reports = _reports(killed) - {str(VOCAB_GRAPH), str(ENTITY_GRAPH)}
    assert 4 <= len(reports) < len(paths)
    for graph in reports:  # every report present is whole: exactly its reference quads
        ref = {q for q in expected if q.endswith(f"<{graph}>")}
        assert {q for q in partial if q.endswith(f"<{graph}>")} == ref

    resumed = subprocess.run([LEGALKG, "build", "--store", str(killed), str(docs)],
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.splitlines()[-1].startswith(
        f"legalkg: {len(paths) - len(reports)} ingested, {len(reports)} unchanged, 0 skipped")
    assert _quads(killed) == expected
    assert _vocabulary_size(killed) == _vocabulary_size(reference)


def test_a_second_build_on_a_busy_store_fails_clearly_and_loses_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _small_reports(docs, 2)
    store = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_SCRIPT, str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        second = subprocess.run([LEGALKG, "build", "--store", str(store), str(docs)],
                                capture_output=True, text=True, timeout=60)
    finally:
        holder.communicate("", timeout=30)
    assert second.returncode == 4
    assert second.stderr.splitlines() == [
        f"legalkg: error: {store}: the store is in use by legalkg process {holder.pid}; wait for it to finish and retry"]
    assert main(["build", "-q", "--store", str(store), str(docs)]) == 0
    assert _reports(store) == {str(VOCAB_GRAPH), str(ENTITY_GRAPH), str(report_iri("r00.txt")), str(report_iri("r01.txt"))}


@pytest.mark.slow
def test_a_single_line_longer_than_spacy_max_length_is_ingested_with_true_offsets(
    tmp_path: Path, store_path: Path
) -> None:
    import spacy

    line = hostile.report("杭州市", 2019).replace("\n", "")
    filler = "本段为填充文字，用于测试很长的单行输入。" * (spacy.blank("en").max_length // 40)
    text = line + filler + line + filler + line  # one line of 1.2 M characters, mentions at both ends
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="gb18030")
    with open_store(store_path) as st:
        report = build([path], st)
        assert report.ingested == [str(path)], report.skipped
        rows = _evidence(st)
    starts = sorted(start for start, *_ in rows)
    assert starts[0] < len(line) and starts[-1] > len(text) - len(line) > 1_000_000
    for start, end, origin, sentence in rows:
        assert text[start:end] == sentence[start - origin:end - origin]


def _evidence(store) -> list[tuple[int, int, int, str]]:  # noqa: ANN001
    """(mention start, end, sentence start, sentence text) of every piece of evidence, as the
    store's text gives it back (graph.evidence)."""
    from legalkg.graph.evidence import MENTIONS_QUERY, locate_all

    found = locate_all(store, ((r["report"].value, r["node"].value) for r in store.query(MENTIONS_QUERY)))
    return [(at.start, at.end, at.sentence_start, at.sentence) for at in found.values()]


def test_a_file_name_with_a_newline_stays_on_one_stderr_line(
    tmp_path: Path, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "evil\nlegalkg: 9 ingested.txt").write_bytes(b"")
    (folder / "bidi\u202etxt.exe").write_bytes(b"")
    assert main(["build", "-q", "--store", str(store_path), str(folder)]) == 3
    assert capsys.readouterr().err.splitlines() == [
        f"legalkg: skipped {folder}/bidi\\u202etxt.exe: empty file",
        f"legalkg: skipped {folder}/evil\\nlegalkg: 9 ingested.txt: empty file",
    ]


# -- folders walked safely ------------------------------------------------------------------

def _folder(path: Path, reports: dict[str, str]) -> Path:
    """A new folder with a report by the bureau of each {file name: place}."""
    path.mkdir(parents=True)
    for name, place in reports.items():
        (path / name).write_text(hostile.report(place, 2019), encoding="utf-8")
    return path


def test_a_link_out_of_the_input_folder_is_skipped_with_its_reason(tmp_path: Path, store_path: Path) -> None:
    outside = _folder(tmp_path / "elsewhere", {"secret.txt": "宁波市"})
    docs = _folder(tmp_path / "docs", {"a.txt": "杭州市"})
    (docs / "system").symlink_to(outside, target_is_directory=True)
    (docs / "secret-link.txt").symlink_to(outside / "secret.txt")
    with open_store(store_path) as st:
        report = build([docs], st)
    assert report.ingested == [str(docs / "a.txt")]
    assert report.skipped == [
        (str(docs / "secret-link.txt"), f"symbolic link to {outside / 'secret.txt'}, outside the input folders (not followed)"),
        (str(docs / "system"), f"symbolic link to {outside}, outside the input folders (not followed)"),
    ]


def test_a_link_to_a_folder_that_is_also_given_is_followed_once(tmp_path: Path, store_path: Path) -> None:
    other = _folder(tmp_path / "other", {"b.txt": "宁波市"})
    docs = _folder(tmp_path / "docs", {})
    (docs / "other").symlink_to(other, target_is_directory=True)
    with open_store(store_path) as st:
        report = build([docs, other], st)
    assert report.ingested == [str(docs / "other" / "b.txt")] and report.ok


def test_a_file_reached_through_a_link_inside_the_folder_is_read_once(tmp_path: Path, store_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "a.txt").write_text(hostile.report("杭州市", 2019), encoding="utf-8")
    (docs / "alias.txt").symlink_to(docs / "sub" / "a.txt")
    os.link(docs / "sub" / "a.txt", docs / "hard.txt")
    with open_store(store_path) as st:
        report = build([docs], st)
    assert len(report.ingested) == 1 and report.ok, report.skipped


def test_a_file_name_that_is_not_utf8_is_ingested_and_reported_escaped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    gbk = os.fsencode(docs) + b"/" + "报告".encode("gbk") + b".txt"
    with open(gbk, "wb") as handle:
        handle.write(hostile.report("杭州市", 2019).encode("utf-8"))
    with open(os.fsencode(docs) + b"/\xff\xfe-empty.txt", "wb"):
        pass
    store = tmp_path / "store"
    proc = subprocess.run([LEGALKG, "build", "--store", str(store), str(docs)], capture_output=True, timeout=120,
                          env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 3 and "Traceback" not in err
    assert err.splitlines()[0] == f"legalkg: skipped {docs}/\\udcff\\udcfe-empty.txt: empty file"
    assert err.splitlines()[-1].startswith("legalkg: 1 ingested, 0 unchanged, 1 skipped")
    with open_store(store, read_only=True) as st:
        names = {r["f"].value for r in st.query("SELECT ?f WHERE { ?r <https://w3id.org/legalkg/ontology#sourceFile> ?f }")}
    assert names == {"报告.txt"}


def test_reports_that_differ_only_by_extension_are_both_ingested(tmp_path: Path, store_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.pdf").write_bytes(hostile.pdf_bytes(hostile.report("广州市", 2022).strip().splitlines()))
    (docs / "report.docx").write_bytes(hostile.docx_bytes(hostile.report("佛山市", 2022).strip().splitlines()))
    (docs / "other.txt").write_text(hostile.report("杭州市", 2019), encoding="utf-8")
    with open_store(store_path) as st:
        report = build([docs], st)
    assert report.ok and len(report.ingested) == 3, report.skipped
    graphs = _reports(store_path)
    assert {str(report_iri("report.pdf", True)), str(report_iri("report.docx", True)), str(report_iri("other.txt"))} <= graphs
    assert report_iri("report.pdf", True) != report_iri("report.docx", True)


# -- giant inputs ------------------------------------------------------------------------------

def _long_report(path: Path, copies: int) -> str:
    text = hostile.report("杭州市", 2019) + "".join(
        f"（{i}）依据《保障农民工工资支付条例》，会同市司法局推行行政执法公示制度。\n" for i in range(copies))
    path.write_text(text, encoding="utf-8")
    return text


def test_a_long_report_is_stored_from_a_spool_file_in_parts_with_true_offsets(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from legalkg.ingest import parts

    monkeypatch.setattr(parts, "PART_CHARS", 5_000)
    spools = tmp_path / "spools"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    path = tmp_path / "long.txt"
    text = _long_report(path, 2_000)  # about 80,000 characters: 16 parts
    with open_store(store_path) as st:
        report = build([path], st)
        assert report.ingested == [str(path)], report.skipped
        rows = _evidence(st)
    assert len({start for start, *_ in rows}) > 3 * 2_000
    for start, end, origin, sentence in rows:
        assert text[origin:origin + len(sentence)] == sentence
        assert text[start:end] == sentence[start - origin:end - origin]
    assert list(spools.iterdir()) == []  # the spool file is removed once loaded
    left = spools / ".legalkg-spool.999999999.x1y2.tmp"  # what a build killed while spooling left
    left.write_text("half", encoding="utf-8")
    with open_store(store_path) as st:
        assert build([path], st).unchanged == [str(path)]
    assert not left.exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_that_runs_over_the_time_limit_is_skipped_with_its_reason(
    tmp_path: Path, store_path: Path, capsys: pytest.CaptureFixture[str], workers: str
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _long_report(docs / "slow.txt", 100_000)  # 4 million characters: many seconds
    (docs / "quick.txt").write_text(hostile.report("宁波市", 2019), encoding="utf-8")
    code = main(["build", "-j", workers, "--file-timeout", "2", "--store", str(store_path), str(docs)])
    err = capsys.readouterr().err.splitlines()
    assert code == 3
    assert err[0] == (f"legalkg: skipped {docs / 'slow.txt'}: took longer than 2 s, the per-file time limit "
                      "(raise it with --file-timeout)")
    assert str(report_iri("quick.txt")) in _reports(store_path)
    assert str(report_iri("slow.txt")) not in _reports(store_path)


def test_a_long_report_read_as_a_stream_gives_the_graph_of_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legalkg.ingest import parts, read

    monkeypatch.setattr(parts, "PART_CHARS", 5_000)
    path = tmp_path / "long.txt"
    _long_report(path, 1_000)
    with open_store(tmp_path / "whole") as st:
        assert build([path], st).ok
    monkeypatch.setattr(read, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(read, "_STREAM_BLOCK", 7_777)
    assert read.open_stream(path) is not None
    with open_store(tmp_path / "streamed") as st:
        assert build([path], st).ok
    assert _quads(tmp_path / "streamed") == _quads(tmp_path / "whole")


# -- the writer thread -------------------------------------------------------------------------

def test_progress_is_reported_once_per_file_in_input_order_with_workers(tmp_path: Path, store_path: Path,
                                                                        sample_corpus: Path) -> None:
    paths = _good(tmp_path / "docs", 8, sample_corpus)
    seen: list[tuple[str, str]] = []
    with open_store(store_path) as st:
        report = build([tmp_path / "docs"], st, workers=2, on_file=lambda name, outcome: seen.append((name, outcome)))
    assert seen == [(str(p), "ingested") for p in sorted(paths)]
    assert report.ingested == [str(p) for p in sorted(paths)]


def test_a_store_that_fails_a_write_stops_the_build_with_one_error_line(
    tmp_path: Path, store_path: Path, sample_corpus: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from legalkg.graph.store import Store

    def full_disk(self: Store, graphs: list[ox.NamedNode], nquads: bytes) -> None:
        def load() -> None:
            raise OSError(28, "No space left on device")
        self._journaled(graphs, load, f"{len(graphs)} reports")

    _good(tmp_path / "docs", 3, sample_corpus)
    monkeypatch.setattr(Store, "add_graphs", full_disk)
    code = main(["build", "--store", str(store_path), str(tmp_path / "docs")])
    err = capsys.readouterr().err
    assert code == 4
    assert err.splitlines() == [f"legalkg: error: {store_path}: write of 3 reports failed: [Errno 28] No space left on device"]
    monkeypatch.undo()
    assert _reports(store_path) == {str(VOCAB_GRAPH)}


def test_an_interrupted_build_stops_its_writer_and_resumes_to_the_same_graph(tmp_path: Path, sample_corpus: Path) -> None:
    import threading

    docs = tmp_path / "docs"
    _good(docs, 6, sample_corpus)
    with open_store(tmp_path / "reference") as st:
        build([docs], st)

    def interrupt(name: str, outcome: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C as the first report is stored

    with open_store(tmp_path / "store") as st, pytest.raises(KeyboardInterrupt):
        build([docs], st, workers=2, on_file=interrupt)
    assert not [t for t in threading.enumerate() if t.name == "legalkg-writer"]
    with open_store(tmp_path / "store") as st:
        build([docs], st)
    assert _quads(tmp_path / "store") == _quads(tmp_path / "reference")


def test_build_on_a_terminal_shows_a_line_while_it_optimizes_the_store(tmp_path: Path, sample_corpus: Path) -> None:
    import pty

    main_fd, terminal_fd = pty.openpty()
    proc = subprocess.Popen([LEGALKG, "build", "--store", str(tmp_path / "store"), str(sample_corpus)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal_fd,
                            env={**os.environ, "TERM": "xterm", "COLUMNS": "100"})
    os.close(terminal_fd)
    shown = []
    while True:
        try:
            data = os.read(main_fd, 1 << 16)
        except OSError:  # the terminal's other side closed
            break
        if not data:
            break
        shown.append(data)
    os.close(main_fd)
    assert proc.wait(timeout=120) == 0
    assert "optimizing the store…" in b"".join(shown).decode("utf-8", "replace")


def test_build_piped_prints_no_progress_only_the_summary(tmp_path: Path, sample_corpus: Path) -> None:
    proc = subprocess.run([LEGALKG, "build", "--store", str(tmp_path / "store"), str(sample_corpus)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [f"legalkg: 5 ingested, 0 unchanged, 0 skipped -> {tmp_path / 'store'}"]
