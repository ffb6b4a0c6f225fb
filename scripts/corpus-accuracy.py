#!/usr/bin/env python3
"""How often `llmops-maturity scan` agrees with a hand judgement, in the figures issue 17 names.

Usage:
    scripts/corpus-accuracy.py BINARY --trees DIR --judgement FILE [--judgement FILE ...]
                               [--details] [--json FILE]
    scripts/corpus-accuracy.py --self-test

Each judgement file maps `owner__name` to a repository's hand-judged levels (the format of
fixtures/scan/real/judgement.json); DIR/owner__name is the repository's tree at the judged
commit. A judged repository without a tree is reported and left out. For every dimension of
every repository the script compares the scan's supported level with the judged level:

- presence: a practice is present when its level is 2 or more. Presence precision is the share
  of dimensions the scan finds present that the judge found present; presence recall is the
  share of dimensions the judge found present that the scan finds present;
- level steps: the same two numbers for "level >= k", k = 2, 3, 4;
- MAE: the mean absolute difference of the levels.

--details prints every disagreement with the judge's note (use it on the development set only:
the held-out set's point is that nobody reads it while writing rules). Exit codes: 0 report
printed, 2 usage error (missing binary, file or folder). Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
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


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "n/a (0/0)"


def scan_levels(binary: str, tree: Path) -> dict[str, int]:
    out = subprocess.run(
        [binary, "scan", "--format", "json", str(tree)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if out.returncode != 0:
        raise RuntimeError(f"scan of {tree} exited {out.returncode}: {out.stderr.strip()}")
    found = json.loads(out.stdout)
    return {d["id"]: int(d["supported_level"]) for d in found["dimensions"]}


def compare(pairs: list[tuple[int, int]]) -> dict:
    """pairs: (judged, scanned) levels."""
    res = {"n": len(pairs), "abs": sum(abs(j - s) for j, s in pairs), "steps": {}}
    for k in (2, 3, 4):
        tp = sum(1 for j, s in pairs if j >= k and s >= k)
        fp = sum(1 for j, s in pairs if j < k and s >= k)
        fn = sum(1 for j, s in pairs if j >= k and s < k)
        res["steps"][k] = {"tp": tp, "fp": fp, "fn": fn}
    return res


def summary(pairs: list[tuple[int, int]]) -> dict:
    c = compare(pairs)
    p = c["steps"][2]
    return {
        "dimensions": c["n"],
        "presence_precision": p["tp"] / (p["tp"] + p["fp"]) if p["tp"] + p["fp"] else None,
        "presence_recall": p["tp"] / (p["tp"] + p["fn"]) if p["tp"] + p["fn"] else None,
        "mae": c["abs"] / c["n"] if c["n"] else None,
        "steps": c["steps"],
    }


def report(title: str, pairs: list[tuple[int, int]]) -> None:
    c = compare(pairs)
    p = c["steps"][2]
    print(
        f"{title}: presence precision {ratio(p['tp'], p['tp'] + p['fp'])}, "
        f"recall {ratio(p['tp'], p['tp'] + p['fn'])}, "
        f"MAE {c['abs'] / c['n']:.2f} over {c['n']} dimensions"
        if c["n"]
        else f"{title}: nothing compared"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary", nargs="?")
    ap.add_argument("--trees", help="folder holding owner__name trees")
    ap.add_argument("--judgement", action="append", default=[])
    ap.add_argument("--details", action="store_true", help="print every disagreement")
    ap.add_argument("--json", help="write the figures as JSON here")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.binary or not args.trees or not args.judgement:
        ap.print_usage(sys.stderr)
        return 2
    if not Path(args.binary).exists():
        print(f"no binary at {args.binary}", file=sys.stderr)
        return 2
    judged: dict[str, dict] = {}
    for f in args.judgement:
        try:
            judged.update(json.loads(Path(f).read_text()))
        except (OSError, ValueError) as e:
            print(f"{f}: {e}", file=sys.stderr)
            return 2
    trees = Path(args.trees)
    pairs: list[tuple[int, int]] = []
    per_dim: dict[str, list[tuple[int, int]]] = {d: [] for d in DIMENSIONS}
    missing = []
    rows = []
    for name in sorted(judged):
        tree = trees / name
        if not tree.is_dir():
            missing.append(name)
            continue
        levels = scan_levels(args.binary, tree)
        row = []
        for d in DIMENSIONS:
            j = int(judged[name]["dimensions"][d]["level"])
            s = levels.get(d, 1)
            pairs.append((j, s))
            per_dim[d].append((j, s))
            row.append((d, j, s))
            if args.details and j != s:
                note = judged[name]["dimensions"][d].get("note", "")
                print(f"  {name} {d}: judged {j}, scan {s}. {note}")
        rows.append((name, row))
    print(f"{len(rows)} repositories scanned" + (f"; no tree for {', '.join(missing)}" if missing else ""))
    report("all", pairs)
    for d in DIMENSIONS:
        report(f"  {d}", per_dim[d])
    c = compare(pairs)
    for k, s in c["steps"].items():
        print(
            f"  level >= {k}: precision {ratio(s['tp'], s['tp'] + s['fp'])}, "
            f"recall {ratio(s['tp'], s['tp'] + s['fn'])}"
        )
    if args.json:
        out = {"repositories": len(rows), "all": summary(pairs)}
        out["dimensions"] = {d: summary(per_dim[d]) for d in DIMENSIONS}
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0


def self_test() -> int:
    s = summary([(1, 1), (2, 2), (3, 2), (1, 2), (2, 1)])
    ok = (
        s["presence_precision"] == 2 / 3
        and s["presence_recall"] == 2 / 3
        and s["mae"] == 3 / 5
        and s["steps"][3] == {"tp": 0, "fp": 0, "fn": 1}
    )
    print("self-test", "ok" if ok else "FAILED", s)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
