#!/usr/bin/env python3
"""Cut the operations this project calls out of GitHub's REST API description.

Usage: scripts/openapi-subset.py API.JSON > tests/data/github/openapi-subset.json

API.JSON is `generated/api.github.com.json` of the npm package `@octokit/openapi` (23.0.2 for the
committed subset: `npm pack @octokit/openapi@23.0.2`). Every path in PATHS is kept whole, with
every component it references, transitively; nothing else. Each path keeps only the methods
listed, and its shared `parameters` when it has them. Python 3.11 standard library only.
"""

import json
import sys

OPERATIONS = {
    "/repos/{owner}/{repo}/issues/{issue_number}/comments": ["get", "post"],
    "/repos/{owner}/{repo}/issues/comments/{comment_id}": ["get", "patch", "delete"],
    "/repos/{owner}/{repo}/contents/{path}": ["get"],
    "/repos/{owner}/{repo}/pulls/{pull_number}": ["get"],
    "/repos/{owner}/{repo}/pulls/{pull_number}/files": ["get"],
    "/repos/{owner}/{repo}/commits/{commit_sha}/pulls": ["get"],
    "/user": ["get"],
    "/rate_limit": ["get"],
}
INFO = {
    "title": "GitHub's official OpenAPI spec + Octokit extension (subset)",
    "description": "Subset of the GitHub REST API OpenAPI description, from the npm package @octokit/openapi 23.0.2 (MIT), generated/api.github.com.json. Only the operations this project calls, plus every component they reference.",
}


def refs(value, found):
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            found.add(ref)
        for v in value.values():
            refs(v, found)
    elif isinstance(value, list):
        for v in value:
            refs(v, found)


def main():
    spec = json.load(open(sys.argv[1]))
    out = {
        "openapi": spec["openapi"],
        "info": {"title": INFO["title"], "version": spec["info"]["version"], "description": INFO["description"]},
        "paths": {
            p: {m: v for m, v in spec["paths"][p].items() if m in methods or m == "parameters"}
            for p, methods in OPERATIONS.items()
        },
        "components": {},
    }
    todo, seen = set(), set()
    refs(out["paths"], todo)
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/", 3)
        item = spec["components"][kind][name]
        out["components"].setdefault(kind, {})[name] = item
        refs(item, todo)
    for kind in out["components"]:
        out["components"][kind] = dict(sorted(out["components"][kind].items()))
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
