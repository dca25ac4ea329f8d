"""Golden end-to-end tests: the sample corpus built into a store, judged by expectations that
come from outside the code path (the hand-made gold, the source files themselves, a sentence
splitter written here from the documented rule, and a second store loaded from an export).

The thresholds are the project's targets on the samples, not what extraction reaches today:
extraction may improve past them, never fall below."""
from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.cli import main
from legalkg.graph.store import Store, open_store

DATA = Path(__file__).resolve().parent / "data"
LKG = "https://w3id.org/legalkg/ontology#"
PREFIXES = f"""PREFIX lkg: <{LKG}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
# Targets on the samples (issue 11's seeds): precision and recall of the bureau x mechanism rows.
MECHANISM_TARGET = 0.90
# The sentence rule of docs and README: Chinese ends at 。！？； (and their ASCII forms), English
# at . ! ? ; followed by white space; a line break always ends a sentence.
ZH_ENDS = set("。！？；!?;")
EN_ENDS = set(".!?;")


def _scorer():  # noqa: ANN202
    """tests/data/eval/score.py, the same matcher the held-out reports are scored with."""
    spec = importlib.util.spec_from_file_location("score", DATA / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _select(store: Store, sparql: str) -> list[dict[str, str]]:
    """Rows of a SELECT written here (not a named query) over the union of the graphs."""
    solutions = store.ox.query(PREFIXES + sparql, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def _labels(store: Store, cls: str) -> dict[str, set[str]]:
    """Every preferred and alternative label of every IRI of class `cls`."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, f"SELECT ?x ?l WHERE {{ ?x a lkg:{cls} ; skos:prefLabel|skos:altLabel ?l }}"):
        found[row["x"]].add(row["l"])
    return found


def _query_json(capsys: pytest.CaptureFixture[str], store_path: Path, *argv: str) -> list[dict]:
    code = main(["query", *argv, "--format", "json", "--store", str(store_path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _sentence_at(text: str, pos: int, lang: str) -> tuple[int, int]:
    """The sentence holding `pos`, found by walking the text from the documented rule."""

    def ends_before(i: int) -> bool:  # does a sentence end just before index i?
        if text[i - 1] == "\n":
            return True
        if lang == "zh":
            return text[i - 1] in ZH_ENDS
        return text[i - 1] in EN_ENDS and text[i].isspace()

    start = pos
    while start > 0 and not ends_before(start):
        start -= 1
    end = pos
    while end < len(text) and text[end] != "\n":
        end += 1
        if end < len(text) and ends_before(end) or end == len(text):
            break
    return start, end


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "gold").glob("*.json"))]


@pytest.fixture(scope="module")
def evidence_rows(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    """The evidence as an export spells it out (Web Annotation terms), read back by Oxigraph."""
    from legalkg.graph.export import export

    out = tmp_path_factory.mktemp("golden") / "all.nq"
    with open_store(built_store_path, read_only=True) as st:
        export(st, "nq", out)
    with Store() as exported:
        exported.ox.load(path=str(out), format=ox.RdfFormat.N_QUADS)
        return _select(exported, """
            SELECT ?file ?evidence ?target ?start ?end ?sentence ?sentenceStart ?sentenceEnd WHERE {
              GRAPH ?report {
                ?report lkg:sourceFile ?file .
                ?evidence a lkg:Evidence ; lkg:about ?target ; lkg:inSentence ?s ;
                          lkg:mentionStart ?start ; lkg:mentionEnd ?end .
                ?s oa:exact ?sentence ; oa:start ?sentenceStart ; oa:end ?sentenceEnd .
              }
            }""")


def test_golden_bureau_mechanism_rows_match_the_gold(built_store_path: Path, gold: list[dict], capsys) -> None:
    """Each gold report is compared with the `bureau-mechanisms` rows of its bureau whose year
    range covers the report's year; names are matched by the held-out scorer."""
    score = _scorer()
    rows = _query_json(capsys, built_store_path, "bureau-mechanisms")
    with open_store(built_store_path, read_only=True) as st:
        bureau_labels, mechanism_labels = _labels(st, "Bureau"), _labels(st, "Mechanism")
    assert set(mechanism_labels) >= {row["mechanism"] for row in rows}
    tp = n_gold = n_pred = 0
    for doc in gold:
        wanted = score.names(doc["bureau"])
        bureaus = [iri for iri, labels in bureau_labels.items() if wanted & {score.norm(x) for x in labels}]
        assert len(bureaus) == 1, (doc["doc"], bureaus)
        mine = [{"label": row["mechanismLabel"], "aliases": sorted(mechanism_labels[row["mechanism"]])}
                for row in rows
                if row["bureau"] == bureaus[0] and row["firstYear"] <= doc["year"] <= row["lastYear"]]
        pairs, _, _ = score.match(doc["mechanisms"], mine)
        tp, n_gold, n_pred = tp + len(pairs), n_gold + len(doc["mechanisms"]), n_pred + len(mine)
    precision, recall = tp / n_pred, tp / n_gold
    print(f"bureau x mechanism rows: P {precision:.3f} R {recall:.3f} ({tp} of {n_pred} rows, {n_gold} gold)")
    assert precision >= MECHANISM_TARGET and recall >= MECHANISM_TARGET, (precision, recall, tp, n_gold, n_pred)


def test_golden_report_counts_and_years_of_the_rows_come_from_the_report_graphs(
        built_store_path: Path, capsys) -> None:
    """`reports`, `firstYear` and `lastYear` recounted from the per-report graphs by hand."""
    rows = _query_json(capsys, built_store_path, "bureau-mechanisms")
    with open_store(built_store_path, read_only=True) as st:
        links = _select(st, """SELECT DISTINCT ?report ?bureau ?mechanism ?year WHERE {
            GRAPH ?report { ?report lkg:issuedBy ?bureau ; lkg:year ?year . ?bureau lkg:implements ?mechanism } }""")
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for link in links:
        years[(link["bureau"], link["mechanism"])].append(int(link["year"]))
    assert len(rows) == len(years) > 0
    for row in rows:
        seen = years[(row["bureau"], row["mechanism"])]
        assert (row["reports"], row["firstYear"], row["lastYear"]) == (len(seen), min(seen), max(seen)), row


def test_golden_every_evidence_sentence_is_the_source_text_at_its_offsets(
        evidence_rows: list[dict[str, str]], sample_corpus: Path) -> None:
    assert len(evidence_rows) > 300
    sources = {name: (sample_corpus / name).read_text(encoding="utf-8") for name in
               {row["file"] for row in evidence_rows}}
    for row in evidence_rows:
        text = sources[row["file"]]
        start, end, s_start, s_end = (int(row[k]) for k in ("start", "end", "sentenceStart", "sentenceEnd"))
        assert text[s_start:s_end] == row["sentence"], row
        assert s_start <= start < end <= s_end, row


def test_golden_every_evidence_mention_is_a_name_of_what_it_is_about(
        evidence_rows: list[dict[str, str]], built_store_path: Path, sample_corpus: Path) -> None:
    """The text at a mention's offsets in the source file is one of its target's labels (the
    extractor keeps every surface form as a label or an alternative label)."""
    with open_store(built_store_path, read_only=True) as st:
        names: dict[str, set[str]] = defaultdict(set)
        for row in _select(st, "SELECT ?x ?l WHERE { ?x skos:prefLabel|skos:altLabel ?l }"):
            names[row["x"]].add(row["l"])
    for row in evidence_rows:
        text = (sample_corpus / row["file"]).read_text(encoding="utf-8")
        surface = text[int(row["start"]):int(row["end"])]
        assert surface.strip() == surface and surface in names[row["target"]], (surface, row)
        assert surface in row["sentence"]


def test_golden_every_evidence_sentence_is_the_one_the_mention_stands_in(
        evidence_rows: list[dict[str, str]], sample_corpus: Path) -> None:
    sources = {name: (sample_corpus / name).read_text(encoding="utf-8") for name in
               {row["file"] for row in evidence_rows}}
    wrong = []
    for row in evidence_rows:
        text, lang = sources[row["file"]], "en" if row["file"].endswith("-en.txt") else "zh"
        start, end = int(row["start"]), int(row["end"])
        s_start, s_end = _sentence_at(text, start, lang)
        # a name that runs over a sentence end (a title with "；" in it) stretches its sentence
        expected = (s_start, max(s_end, end))
        if expected != (int(row["sentenceStart"]), int(row["sentenceEnd"])):
            wrong.append((row["file"], text[start:end], expected, row["sentenceStart"], row["sentenceEnd"]))
    assert wrong == []


def test_golden_sentence_splitter_of_this_file_splits_as_documented() -> None:
    zh = "第一句。第二句；第三\n第四！"
    assert [zh[slice(*_sentence_at(zh, i, "zh"))] for i in (0, 4, 8, 11)] == ["第一句。", "第二句；", "第三", "第四！"]
    en = "See No. 5. Done; e.g.\"x\" ok"
    assert [en[slice(*_sentence_at(en, i, "en"))] for i in (0, 8, 12, 20)] == [
        "See No.", " 5.", " Done;", " e.g.\"x\" ok"]


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_golden_export_then_load_gives_the_same_rows(
        built_store_path: Path, tmp_path: Path, fmt: str, capsys) -> None:
    """Export the built store, read the file back into a new store, and ask both the same
    questions: the bureau x mechanism rows and every bureau's evidence rows are equal."""
    out = tmp_path / f"all.{fmt}"
    assert main(["export", "--out", str(out), "--format", fmt, "--store", str(built_store_path)]) == 0
    again = tmp_path / "again"
    if fmt == "nq":
        assert main(["load", str(out), "--store", str(again)]) == 0
    else:
        import pyoxigraph as ox

        with open_store(again) as st:
            st.ox.load(path=str(out), format=ox.RdfFormat.TRIG)
    capsys.readouterr()
    before = _query_json(capsys, built_store_path, "bureau-mechanisms")
    assert before and _query_json(capsys, again, "bureau-mechanisms") == before
    for row in before[:12]:
        argv = ("evidence", "-p", f"bureau={row['bureau']}", "-p", f"target={row['mechanism']}")
        evidence = _query_json(capsys, built_store_path, *argv)
        assert evidence and _query_json(capsys, again, *argv) == evidence


def test_golden_export_parses_to_the_same_quads(built_store_path: Path, tmp_path: Path) -> None:
    """The TriG export read by rdflib (the safe parser) holds exactly the store's quads and the
    evidence they imply spelt out (blank nodes, whose names a parser may change, compared as a
    count per graph)."""
    from collections import Counter

    import pyoxigraph as ox
    import rdflib

    from legalkg.graph.export import export, parse_rdf

    def plain(term: object) -> tuple[str, ...]:
        if isinstance(term, (ox.BlankNode, rdflib.BNode)):
            return ("_:",)
        if isinstance(term, ox.Literal):
            return (term.value, term.language or str(term.datatype.value))
        if isinstance(term, rdflib.Literal):
            return (str(term), term.language or str(term.datatype or rdflib.XSD.string))
        return (getattr(term, "value", None) or str(term),)

    from legalkg.graph.evidence import expanded_quads

    out = tmp_path / "all.trig"
    with open_store(built_store_path, read_only=True) as st:
        export(st, "trig", out)
        stored = Counter((plain(q.subject), plain(q.predicate), plain(q.object), plain(q.graph_name))
                         for q in st.ox.quads_for_pattern(None, None, None))
        spelt_out = Counter((plain(q.subject), plain(q.predicate), plain(q.object), plain(q.graph_name))
                            for q in expanded_quads(st))
    parsed = parse_rdf(out.read_bytes(), "trig")
    got = Counter((plain(s), plain(p), plain(o), plain(g.identifier if isinstance(g, rdflib.Graph) else g))
                  for s, p, o, g in parsed.quads((None, None, None, None)))
    assert sum(stored.values()) > 1000 and sum(spelt_out.values()) > 1000 and got == stored + spelt_out
