#!/usr/bin/env bash
# Clones every repository of a judged corpus at its judged commit, for scripts/corpus-accuracy.py.
#
#   scripts/fetch-corpus.sh fixtures/scan/corpus/heldout.json /tmp/heldout-src
#   scripts/corpus-accuracy.py target/release/llmops-maturity \
#       --trees /tmp/heldout-src --judgement fixtures/scan/corpus/heldout.json
#
# Needs git and the network (the tests never run this). A repository already checked out is
# left as it is; one that cannot be fetched is reported and skipped. Exit 2 on usage errors.
set -euo pipefail
if [[ $# -ne 2 || ! -f $1 ]]; then
    echo "usage: $0 JUDGEMENT.json DEST" >&2
    exit 2
fi
judgement=$1 dest=$2
mkdir -p "$dest"
python3 - "$judgement" <<'PY' | while read -r name url commit; do
import json, sys
for name, j in sorted(json.load(open(sys.argv[1])).items()):
    print(name, j["url"], j["commit"])
PY
    if [[ -d $dest/$name ]]; then
        continue
    fi
    tmp=$(mktemp -d)
    if git clone --quiet --filter=blob:none --no-checkout "$url" "$tmp/repo" \
        && git -C "$tmp/repo" -c advice.detachedHead=false checkout --quiet "$commit"; then
        rm -rf "$tmp/repo/.git"
        mv "$tmp/repo" "$dest/$name"
        echo "fetched $name"
    else
        echo "could not fetch $name at $commit" >&2
    fi
    rm -rf "$tmp"
done
