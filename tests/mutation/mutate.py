"""Mutation testing of the core modules with Cosmic Ray (`make mutate`; not part of `make test`).

For each group of tests/mutation/scope.toml: make a Cosmic Ray session over the group's modules,
skip the mutants outside the named functions (found by their line range in the source), run the
group's tests against every other mutant, and report killed and surviving mutants. Survivors
listed in equivalent.toml are left out of the score. The score is kills / (kills + survivors).

Cosmic Ray mutates the files in place, one at a time, and puts them back; do not edit the tree
while it runs. Usage: python tests/mutation/mutate.py [GROUP ...] [--out out/mutation]
[--report-only | --recheck] (recount an earlier run, or run its survivors again after new tests).
"""
from __future__ import annotations

import argparse
import ast
import json
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
TIMEOUT_S = 120.0


@dataclass
class Outcome:
    """What happened to the mutants of one group."""

    group: str
    killed: int = 0
    survived: list[dict] = field(default_factory=list)
    equivalent: list[dict] = field(default_factory=list)
    incompetent: int = 0
    skipped: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)

    def score(self) -> float:
        total = self.killed + len(self.survived)
        return self.killed / total if total else 1.0


def _ranges(target: str) -> tuple[str, list[tuple[int, int]] | None]:
    """(module path, line ranges of the named function) for "path:func"; None: the whole module."""
    path, _, name = target.partition(":")
    if not name:
        return path, None
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    scope: list[ast.AST] = [tree]
    for part in name.split("."):
        found = [n for s in scope for n in ast.iter_child_nodes(s)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == part]
        if not found:
            raise SystemExit(f"mutate: {path} has no {name!r} (scope.toml is out of date)")
        scope = found
    return path, [(n.lineno, n.end_lineno or n.lineno) for n in scope]


def _pytest_args(group: dict, out: Path) -> list[str]:
    """The group's tests, stopping at the first failure, in a temporary folder of their own."""
    return ["-x", "-q", "-p", "no:cacheprovider", f"--basetemp={out / 'pytest' / group['name']}",
            *group.get("pytest_args", []), *group["tests"]]


def _config(group: dict, modules: list[str], out: Path) -> Path:
    command = " ".join([sys.executable, "-m", "pytest", *map(shlex.quote, _pytest_args(group, out))])
    config = out / f"{group['name']}.toml"
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(modules)}\n"
        f"timeout = {TIMEOUT_S}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n"
        "[cosmic-ray.distributor]\nname = \"local\"\n",
        encoding="utf-8",
    )
    return config


# Mutants that cannot change behaviour, by rule (left out of the score, counted apart):
# annotations are never evaluated (`from __future__ import annotations` in every module), and
# cache decorators (`lru_cache` and its size) change speed, not results.
RULES = ("annotation", "decorator")
CACHES = {"lru_cache", "cache"}


def _rule_spans(path: str) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """{rule: [(start, end)]} of the annotation and decorator expressions of a module."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    spans: dict[str, list] = {rule: [] for rule in RULES}

    def add(rule: str, node: ast.AST | None) -> None:
        if node is not None:
            spans[rule].append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)))

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            add("annotation", node.returns)
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                        node.args.vararg, node.args.kwarg]:
                add("annotation", arg.annotation if arg else None)
        if isinstance(node, ast.AnnAssign):
            add("annotation", node.annotation)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                called = decorator.func if isinstance(decorator, ast.Call) else decorator
                if getattr(called, "id", getattr(called, "attr", "")) in CACHES:
                    spans["decorator"].append(((decorator.lineno - 1, 0), (decorator.end_lineno, 10**6)))
    return spans


def _classify(mutation, wanted: dict, spans: dict) -> str | None:  # noqa: ANN001
    """Why a mutant is not run: "outside" the named functions, a rule of RULES, or None (run it)."""
    path = str(mutation.module_path)
    start = tuple(mutation.start_pos)
    ranges = wanted[path]
    if ranges is not None and not any(a <= start[0] <= b for a, b in ranges):
        return "outside"
    for rule, found in spans[path].items():
        if any(a <= start <= b for a, b in found):  # a removed decorator spans its function
            return rule
    return None


def _skip_not_run(session: Path, wanted: dict[str, list[tuple[int, int]] | None]) -> dict[str, int]:
    """Mark as skipped every mutant outside the wanted functions or equivalent by a rule."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = {path: _rule_spans(path) for path in wanted}
    counts = {"outside": 0, **{rule: 0 for rule in RULES}}
    with use_db(str(session), WorkDB.Mode.open) as db:
        skipped = []
        for item in db.work_items:
            why = _classify(item.mutations[0], wanted, spans)
            if why:
                counts[why] += 1
                skipped.append(item.job_id)
        db.set_multiple_results(skipped, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="not run"))
    return counts


def _equivalents() -> list[dict]:
    return tomllib.loads((HERE / "equivalent.toml").read_text(encoding="utf-8")).get("mutant", [])


def _key(mutation) -> tuple[str, str, str]:  # noqa: ANN001
    """(module, operator, stripped source line): how equivalent.toml names a mutant."""
    source = (ROOT / mutation.module_path).read_text(encoding="utf-8").splitlines()
    return str(mutation.module_path), mutation.operator_name, source[mutation.start_pos[0] - 1].strip()


def _outcome(name: str, session: Path, equivalents: list[dict], wanted: dict) -> Outcome:
    """Count a finished session, classifying by the current rules (so --report-only can recount
    an older session after a rule or equivalents.toml changed)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    outcome = Outcome(name, by_rule={rule: 0 for rule in RULES})
    spans = {path: _rule_spans(path) for path in wanted}
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            why = _classify(item.mutations[0], wanted, spans)
            if why in RULES:
                outcome.by_rule[why] += 1
                continue
            if why or result.worker_outcome == WorkerOutcome.SKIPPED:
                outcome.skipped += 1
                continue
            if result.test_outcome == TestOutcome.KILLED:
                outcome.killed += 1
                continue
            if result.test_outcome == TestOutcome.INCOMPETENT or result.worker_outcome != WorkerOutcome.NORMAL:
                outcome.incompetent += 1
                continue
            mutation = item.mutations[0]
            source = (ROOT / mutation.module_path).read_text(encoding="utf-8").splitlines()
            survivor = {"module": str(mutation.module_path), "operator": mutation.operator_name,
                        "line": source[mutation.start_pos[0] - 1].strip(), "lineno": mutation.start_pos[0],
                        "diff": result.diff or ""}
            same = [e for e in equivalents if (e["module"], e["operator"], e["line"]) ==
                    (survivor["module"], survivor["operator"], survivor["line"])]
            (outcome.equivalent if same else outcome.survived).append(survivor)
    return outcome


def _wanted(group: dict) -> dict[str, list[tuple[int, int]] | None]:
    """{module: line ranges of the group's functions, or None for the whole module}."""
    wanted: dict[str, list[tuple[int, int]] | None] = {}
    for target in group["targets"]:
        path, ranges = _ranges(target)
        if path not in wanted:
            wanted[path] = ranges
        elif wanted[path] is not None:
            wanted[path] = None if ranges is None else [*wanted[path], *ranges]
    return wanted


def _recheck(group: dict, out: Path, session: Path, wanted: dict) -> None:
    """Run the survivors of an earlier session again against today's tests (after new tests
    were written for them), and store their new results in the session."""
    from cosmic_ray.mutating import mutate_and_test
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome

    (out / "pytest").mkdir(parents=True, exist_ok=True)
    command = " ".join([sys.executable, "-m", "pytest", *map(shlex.quote, _pytest_args(group, out))])
    spans = {path: _rule_spans(path) for path in wanted}
    with use_db(str(session), WorkDB.Mode.open) as db:
        listed = {(e["module"], e["operator"], e["line"]) for e in _equivalents()}
        again = [item for item, result in db.completed_work_items
                 if result.test_outcome == TestOutcome.SURVIVED and not _classify(item.mutations[0], wanted, spans)
                 and _key(item.mutations[0]) not in listed]
        for item in again:
            db.set_result(item.job_id, mutate_and_test(item.mutations, command, TIMEOUT_S))


def run_group(group: dict, out: Path, *, report_only: bool = False, recheck: bool = False) -> Outcome:
    wanted = _wanted(group)
    session = out / f"{group['name']}.sqlite"
    if recheck:
        _recheck(group, out, session, wanted)
    if report_only or recheck:
        return _outcome(group["name"], session, _equivalents(), wanted)
    (out / "pytest").mkdir(parents=True, exist_ok=True)
    config = _config(group, list(wanted), out)
    session.unlink(missing_ok=True)
    baseline = subprocess.run([sys.executable, "-m", "pytest", *_pytest_args(group, out)],
                              cwd=ROOT, capture_output=True, text=True)
    if baseline.returncode != 0:
        raise SystemExit(f"mutate: the tests of {group['name']} fail before any mutation:\n{baseline.stdout[-2000:]}")
    subprocess.run([str(BIN / "cosmic-ray"), "init", str(config), str(session)], cwd=ROOT, check=True)
    _skip_not_run(session, wanted)
    subprocess.run([str(BIN / "cosmic-ray"), "exec", str(config), str(session)], cwd=ROOT, check=True)
    return _outcome(group["name"], session, _equivalents(), wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="group names (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "mutation")
    parser.add_argument("--report-only", action="store_true", help="recount the sessions of an earlier run")
    parser.add_argument("--recheck", action="store_true", help="run the survivors of an earlier run again")
    args = parser.parse_args(argv)
    groups = tomllib.loads((HERE / "scope.toml").read_text(encoding="utf-8"))["group"]
    chosen = [g for g in groups if not args.groups or g["name"] in args.groups]
    args.out.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for group in chosen:
        outcome = run_group(group, args.out, report_only=args.report_only, recheck=args.recheck)
        outcomes.append(outcome)
        print(f"{outcome.group}: {outcome.killed} killed, {len(outcome.survived)} survived, "
              f"{len(outcome.equivalent)} equivalent (listed), {outcome.by_rule} equivalent by rule, "
              f"{outcome.incompetent} incompetent, "
              f"score {outcome.score():.1%}", flush=True)
        for survivor in outcome.survived:
            print(f"  survived {survivor['module']}:{survivor['lineno']} {survivor['operator']}: {survivor['line']}")
    killed = sum(o.killed for o in outcomes)
    survived = sum(len(o.survived) for o in outcomes)
    total = killed / (killed + survived) if killed + survived else 1.0
    print(f"mutation score: {killed} / {killed + survived} = {total:.1%}")
    (args.out / "score.json").write_text(json.dumps(
        {"score": total, "groups": [o.__dict__ | {"score": o.score()} for o in outcomes]},
        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
