#!/usr/bin/env python3
"""Compare `llmops-maturity scan` with the hand judgement of the real-repository fixtures.

Usage:
    scripts/scan-accuracy.py BINARY [--fixtures DIR] [--judgement FILE] [--repo NAME ...]
                             [--json-dir DIR] [--report-json FILE]
    scripts/scan-accuracy.py --self-test

For every repository judged in fixtures/scan/real/judgement.json that has a fixture tree, the
script runs `BINARY scan --format json fixtures/scan/real/<repo>` (or, with --json-dir, reads a
saved scan output DIR/<repo>.json instead) and compares each dimension's `supported_level` with
the judged level:

- exact: scan level equals the judged level;
- over-claim: scan level is higher than judged (a precision failure: the scan credits a practice
  a reviewer would dispute);
- under-claim: scan level is lower than judged (a missed practice).

It also reports two signal-level numbers. Signal precision: a signal is confirmed when its level
is not above the judged level of its dimension (a signal that claims more than a reviewer grants is
the precision failure the issue cares about; on a repository judged not to be an LLM application
every signal above level 1 fails). Cited: how many signals point at a path the judgement cites as
evidence for that dimension (the judgement cites a few representative files, so an uncited signal
is not necessarily wrong), and evidence recall: how many cited paths some signal reports.

The numbers are the output: disagreement never changes the exit code. Exit codes: 0 report
printed (also when scans disagree or fail), 2 usage error (bad arguments, missing binary,
judgement or fixture folder, unknown --repo); --self-test exits 1 if one of its own checks fails.
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DIMENSIONS = [
    "models",
    "prompt-engineering",
    "evaluation",
    "deployment",
    "monitoring",
    "responsible-ai",
    "asset-management",
]
SHORT = {
    "models": "mod",
    "prompt-engineering": "prm",
    "evaluation": "evl",
    "deployment": "dep",
    "monitoring": "mon",
    "responsible-ai": "rai",
    "asset-management": "ast",
}
SCAN_TIMEOUT_S = 120


class UsageError(Exception):
    """Bad arguments or missing inputs: exit 2."""


class ScanOutputError(Exception):
    """A scan's output is not the JSON shape fixed by issue 8."""


@dataclass
class Signal:
    dimension: str
    rule: str
    level: int
    path: str
    line: int
    summary: str


@dataclass
class ScanResult:
    levels: dict[str, int]
    signals: list[Signal]
    files_scanned: int | None


@dataclass
class RepoOutcome:
    repo: str
    error: str | None = None
    levels: dict[str, int] = field(default_factory=dict)
    judged: dict[str, int] = field(default_factory=dict)
    signals: list[Signal] = field(default_factory=list)
    confirmed: int = 0
    cited: int = 0
    unconfirmed: list[Signal] = field(default_factory=list)
    evidence_total: int = 0
    evidence_found: int = 0


def _int(value, what: str) -> int:
    # bool is an int subclass in Python; a JSON true must not pass as level 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScanOutputError(f"{what} is not an integer: {value!r}")
    return value


def parse_scan_output(text: str) -> ScanResult:
    """Parse one `scan --format json` document; raise ScanOutputError on any shape problem."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScanOutputError(f"not JSON: {e}") from None
    if not isinstance(doc, dict):
        raise ScanOutputError("top level is not an object")
    if doc.get("schema_version") != 1:
        raise ScanOutputError(f"schema_version is {doc.get('schema_version')!r}, expected 1")
    dims = doc.get("dimensions")
    if not isinstance(dims, list):
        raise ScanOutputError("dimensions is not a list")
    files = doc.get("files_scanned")
    files_scanned = _int(files, "files_scanned") if files is not None else None
    levels: dict[str, int] = {}
    signals: list[Signal] = []
    for d in dims:
        if not isinstance(d, dict):
            raise ScanOutputError("a dimension entry is not an object")
        did = d.get("id")
        if did not in DIMENSIONS:
            raise ScanOutputError(f"unknown dimension id {did!r}")
        if did in levels:
            raise ScanOutputError(f"dimension {did} appears twice")
        level = _int(d.get("supported_level"), f"{did}.supported_level")
        if not 1 <= level <= 4:
            raise ScanOutputError(f"{did}.supported_level {level} is outside 1..4")
        levels[did] = level
        sigs = d.get("signals", [])
        if not isinstance(sigs, list):
            raise ScanOutputError(f"{did}.signals is not a list")
        for s in sigs:
            if not isinstance(s, dict):
                raise ScanOutputError(f"a signal of {did} is not an object")
            path = s.get("path")
            if not isinstance(path, str):
                raise ScanOutputError(f"a signal of {did} has no path")
            signals.append(
                Signal(
                    dimension=did,
                    rule=str(s.get("rule", "")),
                    level=_int(s.get("level"), f"{did} signal level"),
                    path=path,
                    line=_int(s.get("line", 1), f"{did} signal line"),
                    summary=str(s.get("summary", "")),
                )
            )
    missing = [x for x in DIMENSIONS if x not in levels]
    if missing:
        raise ScanOutputError("missing dimensions: " + ", ".join(missing))
    return ScanResult(levels=levels, signals=signals, files_scanned=files_scanned)


def norm_path(p: str) -> str:
    p = p.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def compare(repo: str, judged_repo: dict, scan: ScanResult) -> RepoOutcome:
    out = RepoOutcome(repo=repo, levels=scan.levels, signals=scan.signals)
    llm_app = bool(judged_repo.get("llm_app", True))
    evidence: dict[str, set[str]] = {}
    for dim in DIMENSIONS:
        jd = judged_repo["dimensions"][dim]
        out.judged[dim] = int(jd["level"])
        paths = {norm_path(e["path"]) for e in jd.get("evidence", []) if "path" in e}
        evidence[dim] = paths
        out.evidence_total += len(paths)
    found: set[tuple[str, str]] = set()
    for s in scan.signals:
        p = norm_path(s.path)
        # The judgement of a non-LLM repository is 1 everywhere, so any signal above 1 fails here.
        ceiling = out.judged[s.dimension] if llm_app else 1
        if s.level <= ceiling:
            out.confirmed += 1
        else:
            out.unconfirmed.append(s)
        if p in evidence[s.dimension]:
            out.cited += 1
            found.add((s.dimension, p))
    out.evidence_found = len(found)
    return out


def run_scan(binary: str, tree: Path) -> str:
    proc = subprocess.run(
        [binary, "scan", "--format", "json", str(tree)],
        capture_output=True,
        text=True,
        timeout=SCAN_TIMEOUT_S,
    )
    if proc.returncode != 0 and not proc.stdout.strip():
        first = (proc.stderr.strip().splitlines() or ["(no message)"])[0]
        raise ScanOutputError(f"exit {proc.returncode}: {first[:200]}")
    return proc.stdout


def fmt_cell(scan: int, judged: int) -> str:
    mark = "=" if scan == judged else ("+" if scan > judged else "-")
    return f"{scan}/{judged}{mark}"


def report(outcomes: list[RepoOutcome], skipped: list[str]) -> dict:
    name_w = max([len(o.repo) for o in outcomes] + [10])
    head = "repo".ljust(name_w) + "  " + " ".join(SHORT[d].rjust(5) for d in DIMENSIONS) + "   exact over under  signals ok cited"
    print("Per repository: cell = scan/judged, '=' agree, '+' over-claim, '-' under-claim")
    print(head)
    print("-" * len(head))
    tot = {"exact": 0, "over": 0, "under": 0, "signals": 0, "confirmed": 0, "cited": 0, "evidence": 0, "evidence_found": 0}
    per_dim = {d: {"exact": 0, "over": 0, "under": 0} for d in DIMENSIONS}
    for o in outcomes:
        if o.error:
            print(o.repo.ljust(name_w) + "  scan failed: " + o.error)
            continue
        e = ov = un = 0
        cells = []
        for d in DIMENSIONS:
            s, j = o.levels[d], o.judged[d]
            cells.append(fmt_cell(s, j).rjust(5))
            k = "exact" if s == j else ("over" if s > j else "under")
            per_dim[d][k] += 1
            e, ov, un = e + (k == "exact"), ov + (k == "over"), un + (k == "under")
        tot["exact"] += e
        tot["over"] += ov
        tot["under"] += un
        tot["signals"] += len(o.signals)
        tot["confirmed"] += o.confirmed
        tot["cited"] += o.cited
        tot["evidence"] += o.evidence_total
        tot["evidence_found"] += o.evidence_found
        print(o.repo.ljust(name_w) + "  " + " ".join(cells) + f"   {e:5d} {ov:4d} {un:5d}  {len(o.signals):7d} {o.confirmed:3d} {o.cited:5d}")
    compared = tot["exact"] + tot["over"] + tot["under"]
    print()
    print("Per dimension (exact / over / under):")
    for d in DIMENSIONS:
        c = per_dim[d]
        print(f"  {d:20s} {c['exact']:3d} {c['over']:3d} {c['under']:3d}")
    print()

    def pct(a: int, b: int) -> str:
        return f"{100.0 * a / b:.0f}%" if b else "n/a"

    print(f"Repositories compared: {sum(1 for o in outcomes if not o.error)}, scan failures: {sum(1 for o in outcomes if o.error)}")
    if skipped:
        print("Judged without a fixture tree (not scanned): " + ", ".join(skipped))
    print(f"Dimension levels: {compared} compared, exact {tot['exact']} ({pct(tot['exact'], compared)}), "
          f"over-claims {tot['over']} ({pct(tot['over'], compared)}), under-claims {tot['under']} ({pct(tot['under'], compared)})")
    print(f"Signal precision: {tot['confirmed']} of {tot['signals']} signals at or below the judged level ({pct(tot['confirmed'], tot['signals'])}); "
          f"{tot['cited']} point at a cited evidence path ({pct(tot['cited'], tot['signals'])})")
    print(f"Evidence recall: {tot['evidence_found']} of {tot['evidence']} judged evidence paths reported by a signal ({pct(tot['evidence_found'], tot['evidence'])})")
    unconf = [(o.repo, s) for o in outcomes for s in o.unconfirmed]
    if unconf:
        print()
        print("Signals above the judged level (review: a wrong rule or a judgement to revisit):")
        for repo, s in unconf[:60]:
            print(f"  {repo}: {s.dimension} L{s.level} {s.rule} {s.path}:{s.line}")
        if len(unconf) > 60:
            print(f"  ... and {len(unconf) - 60} more")
    return {
        "repositories": [
            {
                "repo": o.repo,
                "error": o.error,
                "dimensions": {d: {"scan": o.levels.get(d), "judged": o.judged.get(d)} for d in DIMENSIONS} if not o.error else None,
                "signals": len(o.signals),
                "confirmed_signals": o.confirmed,
                "cited_signals": o.cited,
            }
            for o in outcomes
        ],
        "totals": {**tot, "compared": compared},
        "per_dimension": per_dim,
        "not_scanned": skipped,
    }


def load_judgement(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"judgement file not found: {path}") from None
    except json.JSONDecodeError as e:
        raise UsageError(f"judgement file is not JSON: {path}: {e}") from None
    repos = {k: v for k, v in data.items() if not k.startswith("_")}
    for name, r in repos.items():
        dims = r.get("dimensions", {})
        missing = [d for d in DIMENSIONS if d not in dims]
        if missing:
            raise UsageError(f"judgement of {name} lacks dimensions: {', '.join(missing)}")
    return repos


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Compare llmops-maturity scan with the hand judgement.")
    ap.add_argument("binary", nargs="?", help="path to the llmops-maturity binary")
    root = Path(__file__).resolve().parent.parent
    ap.add_argument("--fixtures", default=str(root / "fixtures/scan/real"), help="folder of fixture trees")
    ap.add_argument("--judgement", default=None, help="judgement JSON (default: FIXTURES/judgement.json)")
    ap.add_argument("--repo", action="append", default=[], help="only this judged repository (repeatable)")
    ap.add_argument("--json-dir", default=None, help="read saved scan outputs DIR/<repo>.json instead of running BINARY")
    ap.add_argument("--report-json", default=None, help="also write the numbers as JSON to this file")
    ap.add_argument("--self-test", action="store_true", help="check the parser and the comparison on hand-made JSON")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    if args.self_test:
        return self_test()
    try:
        fixtures = Path(args.fixtures)
        if not fixtures.is_dir():
            raise UsageError(f"fixture folder not found: {fixtures}")
        judgement = load_judgement(Path(args.judgement) if args.judgement else fixtures / "judgement.json")
        if args.json_dir is None:
            if not args.binary:
                raise UsageError("give the path to the llmops-maturity binary (or --json-dir)")
            if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
                raise UsageError(f"not an executable file: {args.binary}")
        names = args.repo or sorted(judgement)
        unknown = [n for n in names if n not in judgement]
        if unknown:
            raise UsageError("not judged: " + ", ".join(unknown))
    except UsageError as e:
        print(f"scan-accuracy: {e}", file=sys.stderr)
        return 2
    outcomes: list[RepoOutcome] = []
    skipped: list[str] = []
    for name in names:
        j = judgement[name]
        tree = fixtures / name
        if not j.get("tree", True) or not tree.is_dir():
            skipped.append(name)
            continue
        try:
            if args.json_dir is not None:
                p = Path(args.json_dir) / f"{name}.json"
                text = p.read_text(encoding="utf-8") if p.is_file() else None
                if text is None:
                    raise ScanOutputError(f"no saved output {p}")
            else:
                text = run_scan(args.binary, tree)
            outcomes.append(compare(name, j, parse_scan_output(text)))
        except (ScanOutputError, subprocess.TimeoutExpired, OSError) as e:
            outcomes.append(RepoOutcome(repo=name, error=str(e)))
    data = report(outcomes, skipped)
    if args.report_json:
        Path(args.report_json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def self_test() -> int:
    """Parse hand-made scan outputs and check the comparison; print what failed."""
    judged = {
        "llm_app": True,
        "dimensions": {d: {"level": 1, "evidence": []} for d in DIMENSIONS},
    }
    judged["dimensions"]["evaluation"] = {"level": 3, "evidence": [{"path": ".github/workflows/eval.yml", "line": 14}]}
    judged["dimensions"]["monitoring"] = {"level": 2, "evidence": [{"path": "app/log.py", "line": 3}]}
    good = {
        "schema_version": 1,
        "root": ".",
        "files_scanned": 812,
        "dimensions": [
            {"id": d, "supported_level": 1, "signals": []} for d in DIMENSIONS
        ],
    }
    good["dimensions"][2] = {
        "id": "evaluation",
        "supported_level": 3,
        "signals": [{"rule": "eval-on-pull-request", "level": 3, "path": "./.github/workflows/eval.yml", "line": 14, "summary": "promptfoo eval runs on pull requests"}],
    }
    good["dimensions"][4] = {
        "id": "monitoring",
        "supported_level": 3,
        "signals": [{"rule": "llm-tracing", "level": 3, "path": "app/log.py", "line": 3, "summary": "x"}],
    }
    good["dimensions"][3] = {
        "id": "deployment",
        "supported_level": 2,
        "signals": [{"rule": "container-or-iac", "level": 2, "path": "Dockerfile", "line": 1, "summary": "x"}],
    }
    failures = []

    def check(cond: bool, what: str) -> None:
        if not cond:
            failures.append(what)

    r = parse_scan_output(json.dumps(good))
    check(r.files_scanned == 812, "files_scanned read")
    check(r.levels["evaluation"] == 3 and r.levels["models"] == 1, "levels read")
    check(len(r.signals) == 3 and r.signals[0].path == "./.github/workflows/eval.yml", "signals read")
    o = compare("demo", judged, r)
    # eval (3 <= 3) is confirmed and cited; monitoring (3 > 2) and Dockerfile (deployment 2 > 1) are not.
    check(o.confirmed == 1, f"one confirmed signal (got {o.confirmed})")
    check([u.rule for u in o.unconfirmed] == ["container-or-iac", "llm-tracing"], "deployment and monitoring signals above judged level")
    check(o.cited == 2, f"two signals at cited paths (got {o.cited})")
    check(o.evidence_found == 2 and o.evidence_total == 2, "evidence recall 2/2")
    over = [d for d in DIMENSIONS if o.levels[d] > o.judged[d]]
    check(over == ["deployment", "monitoring"], f"over-claims on deployment and monitoring (got {over})")
    non_llm = {"llm_app": False, "dimensions": {d: {"level": 1, "evidence": []} for d in DIMENSIONS}}
    check(compare("x", non_llm, r).confirmed == 0, "no signal above 1 confirmed on a non-LLM repo")
    bad_cases = {
        "not json": "{",
        "wrong schema": json.dumps({**good, "schema_version": 2}),
        "missing dimension": json.dumps({**good, "dimensions": good["dimensions"][:6]}),
        "level out of range": json.dumps({**good, "dimensions": [{**good["dimensions"][0], "supported_level": 5}] + good["dimensions"][1:]}),
        "bool level": json.dumps({**good, "dimensions": [{**good["dimensions"][0], "supported_level": True}] + good["dimensions"][1:]}),
        "unknown id": json.dumps({**good, "dimensions": [{**good["dimensions"][0], "id": "cost"}] + good["dimensions"][1:]}),
        "duplicate id": json.dumps({**good, "dimensions": good["dimensions"] + [good["dimensions"][0]]}),
    }
    for what, text in bad_cases.items():
        try:
            parse_scan_output(text)
            failures.append(f"rejects {what}")
        except ScanOutputError:
            pass
    checks = 10 + len(bad_cases)
    for f in failures:
        print(f"FAIL: {f}")
    print(f"self-test: {checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
