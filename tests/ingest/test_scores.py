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
    roles = [r["roles"] for r in results if "roles" in r]
    out["roles"] = (sum(r["ok"] for r in roles), sum(r["of"] for r in roles))
    return out


# The seed targets of issue 10 (regulations P/R >= 0.95, mechanisms and partners >= 0.90), not
# what extraction happens to reach.
FLOORS = {"regulations": (0.95, 0.95), "mechanisms": (0.90, 0.90), "partners": (0.90, 0.90)}
SYNTHETIC_FLOORS = {"regulations": (0.90, 0.90), "mechanisms": (0.80, 0.75), "partners": (0.80, 0.75)}
ROLE_FLOOR = 0.85  # partner role right for >= 85% of matched partners (issue 10)


@pytest.fixture(scope="module")
def sample_scores(sample_corpus, gold_dir):
    return _summary(gold_dir, sample_corpus)


@pytest.fixture(scope="module")
def synthetic_scores():
    return _summary(DATA / "synthetic" / "gold", DATA / "synthetic" / "docs")


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_scores_samples_meet_targets(sample_scores, kind):
    _assert_floor(sample_scores, kind, FLOORS[kind])


def test_scores_samples_bureau_and_year_all_right(sample_scores):
    assert sample_scores["bureau_ok"] == sample_scores["year_ok"] == sample_scores["docs"] == 5


@pytest.mark.parametrize("kind", sorted(SYNTHETIC_FLOORS))
def test_scores_synthetic_reports_meet_floors(synthetic_scores, kind):
    _assert_floor(synthetic_scores, kind, SYNTHETIC_FLOORS[kind])
    assert synthetic_scores["bureau_ok"] == synthetic_scores["year_ok"] == 2


def test_scores_synthetic_bureau_and_year_all_right(synthetic_scores):
    assert synthetic_scores["bureau_ok"] == synthetic_scores["year_ok"] == synthetic_scores["docs"] == 2

# Real reports not in the sample corpus (tests/data/heldout/README.md). First scores, annotated
# before any tuning: nine reports at regulations P1.00/R0.89, mechanisms P0.85/R0.65, partners
# P0.94/R0.55, bureau 7/9; two more added later at regulations 1.00/1.00, mechanisms P0.88/R0.74;
# one more after that at regulations 1.00/1.00, mechanisms P0.60/R1.00, partners P1.00/R0.50.
# Nine of them are also in the shared development set, whose gold (with partner roles) replaced
# ours. The floors are issue 10's targets for unseen reports: regulations P/R >= 0.95,
# mechanisms P >= 0.85 and F1 >= 0.80, partners P/R >= 0.85.
HELDOUT_FLOORS = {"regulations": (0.95, 0.95), "mechanisms": (0.85, 0.75), "partners": (0.85, 0.85)}


@pytest.fixture(scope="module")
def heldout_scores():
    return _summary(DATA / "heldout" / "gold", DATA / "heldout" / "docs")


@pytest.mark.parametrize("kind", sorted(HELDOUT_FLOORS))
def test_scores_heldout_real_reports_meet_targets(heldout_scores, kind):
    _assert_floor(heldout_scores, kind, HELDOUT_FLOORS[kind])


def test_scores_heldout_bureau_and_year_all_right(heldout_scores):
    assert heldout_scores["bureau_ok"] == heldout_scores["year_ok"] == heldout_scores["docs"] == 12


def test_scores_heldout_mechanisms_f1_reaches_annotator_agreement(heldout_scores):
    assert heldout_scores["mechanisms"][2] >= 0.80, heldout_scores


@pytest.mark.parametrize("which", ["sample_scores", "heldout_scores"])
def test_scores_partner_roles_mostly_right(which, request):
    ok, of = request.getfixturevalue(which)["roles"]
    assert of >= 20 and ok / of >= ROLE_FLOOR, (ok, of)


def _assert_floor(scores: dict, kind: str, floor: tuple[float, float]) -> None:
    precision, recall, _ = scores[kind]
    assert precision >= floor[0] and recall >= floor[1], scores
