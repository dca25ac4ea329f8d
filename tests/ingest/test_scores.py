"""Quality floors, scored with tests/data/eval/score.py exactly as the held-out reports are."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from legalkg.ingest.commands import extraction_json
from legalkg.ingest.extract import extract
from legalkg.ingest.read import read_document

DATA = Path(__file__).resolve().parents[1] / "data"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", DATA / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _summary(gold_dir: Path, docs_dir: Path) -> dict:
    score = _scorer()
    results = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = extraction_json(extract(read_document(docs_dir / gold["doc"])))
        results.append(score.score_doc(gold, pred))
    out = {"docs": len(results), "bureau_ok": sum(r["bureau_ok"] for r in results),
           "year_ok": sum(r["year_ok"] for r in results)}
    for t in score.TYPES:
        tp = sum(r["types"][t]["tp"] for r in results)
        gold = sum(r["types"][t]["gold"] for r in results)
        pred = sum(r["types"][t]["pred"] for r in results)
        out[t] = score.prf(tp, gold, pred)
    return out


# The project's targets (issue 11's seeds), the same for every test set: they come from what
# the graph must be good for, not from what extraction reaches today.
TARGETS = {"regulations": (0.95, 0.95), "mechanisms": (0.90, 0.90), "partners": (0.90, 0.90)}
# Figures below their target when the targets were set (2026-11-30): a strict xfail, so the day
# extraction reaches the target the entry has to go and the target then holds as a floor.
BELOW_TARGET = {
    ("samples", "partners"): "partners precision 0.895 on the samples (51 of 57)",
    ("heldout", "mechanisms"): "mechanisms recall 0.892 on the held-out reports",
}


def _target(test_set: str, kind: str):  # noqa: ANN202
    reason = BELOW_TARGET.get((test_set, kind))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(kind, marks=marks, id=kind)


@pytest.fixture(scope="module")
def sample_scores(sample_corpus, gold_dir):
    return _summary(gold_dir, sample_corpus)


@pytest.fixture(scope="module")
def synthetic_scores():
    return _summary(DATA / "synthetic" / "gold", DATA / "synthetic" / "docs")


@pytest.mark.parametrize("kind", [_target("samples", kind) for kind in sorted(TARGETS)])
def test_scores_samples_meet_targets(sample_scores, kind):
    _assert_floor(sample_scores, kind, TARGETS[kind])


def test_scores_samples_bureau_and_year_all_right(sample_scores):
    assert sample_scores["bureau_ok"] == sample_scores["year_ok"] == sample_scores["docs"] == 5


@pytest.mark.parametrize("kind", [_target("synthetic", kind) for kind in sorted(TARGETS)])
def test_scores_synthetic_reports_meet_targets(synthetic_scores, kind):
    _assert_floor(synthetic_scores, kind, TARGETS[kind])


def test_scores_synthetic_bureau_and_year_all_right(synthetic_scores):
    assert synthetic_scores["bureau_ok"] == synthetic_scores["year_ok"] == synthetic_scores["docs"] == 2


# Real reports not in the sample corpus (tests/data/heldout/README.md), held to the same
# targets. First scores, annotated before any tuning: nine reports at regulations P1.00/R0.89,
# mechanisms P0.85/R0.65, partners P0.94/R0.55, bureau 7/9; two more added later at regulations
# 1.00/1.00, mechanisms P0.88/R0.74; one more after that at regulations 1.00/1.00, mechanisms
# P0.60/R1.00, partners P1.00/R0.50.


@pytest.fixture(scope="module")
def heldout_scores():
    return _summary(DATA / "heldout" / "gold", DATA / "heldout" / "docs")


@pytest.mark.parametrize("kind", [_target("heldout", kind) for kind in sorted(TARGETS)])
def test_scores_heldout_real_reports_meet_targets(heldout_scores, kind):
    _assert_floor(heldout_scores, kind, TARGETS[kind])


def test_scores_heldout_bureau_and_year_all_right(heldout_scores):
    assert heldout_scores["bureau_ok"] == heldout_scores["year_ok"] == heldout_scores["docs"] == 12


def _assert_floor(scores: dict, kind: str, floor: tuple[float, float]) -> None:
    precision, recall, _ = scores[kind]
    assert precision >= floor[0] and recall >= floor[1], scores
