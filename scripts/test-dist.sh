#!/usr/bin/env bash
# Tests the channels that need no Rust toolchain, as a user meets them: the sdist and the wheel
# maturin builds from it (installed into a fresh virtual environment, `--version` and `check`),
# the crates.io package (`cargo package --list`), cargo-binstall's asset names, and both
# pre-commit hooks on a throw-away repository (`pre-commit try-repo` for the `language: python`
# hook of .pre-commit-hooks.yaml, `pre-commit run` for the docs' `repo: local` hook on the wheel).
#
# Usage: scripts/test-dist.sh   (called by .ci/run; reruns reuse target/dist/cargo)
# Needs: python3, cargo, git. maturin and pre-commit come from PyPI into .venv-dist (gitignored);
# pip also fetches maturin from PyPI for the build pre-commit runs. Nothing else is downloaded
# except crates from crates.io that are not in cargo's cache yet.
#
# One build, shared: every cargo build below (the wheel from the sdist, then pip's build of the
# hook's repository inside pre-commit, then .ci/run's test of the action's source build) uses
# the same CARGO_TARGET_DIR and profile, so the dependencies are compiled once and only this
# crate is redone for each later build. These checks test packaging, not the binary's speed, so
# the release profile is relaxed (no LTO, opt-level 0, parallel codegen): CI's slowest compile
# becomes one of its fastest. DIST_PROFILE=shipped builds with Cargo.toml's own profile instead,
# to measure the sizes a release ships (only then is the wheel size printed below the shipped one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

venv=${DIST_VENV:-.venv-dist}
# Pinned so that a new release upstream does not break an unrelated change.
packages=(maturin==1.16.0 pre-commit==4.7.0)
out=$repo/target/dist
export CARGO_TARGET_DIR=$out/cargo
if [[ ${DIST_PROFILE:-relaxed} == relaxed ]]; then
    # The same overrides as the source-build test (tests/it/action_e2e.rs), which reuses them.
    export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_INCREMENTAL=true
elif [[ $DIST_PROFILE != shipped ]]; then
    echo "test-dist: DIST_PROFILE is relaxed (the default) or shipped, not '$DIST_PROFILE'" >&2
    exit 2
fi

fail() {
    printf 'test-dist: FAILED: %s\n' "$*" >&2
    exit 1
}
step() { printf '\n== %s\n' "$*"; }

if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
venv=$(cd "$venv" && pwd)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" ||
    fail "could not install ${packages[*]} from PyPI"

version=$("$venv/bin/python" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["package"]["version"])' Cargo.toml)
[[ -n $version ]] || fail "no version in Cargo.toml"
echo "Cargo.toml version: $version"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "sdist: what pip and PyPI build the wheel from"
rm -rf "$out/sdist" "$out/wheels"
"$venv/bin/maturin" sdist --out "$out/sdist"
sdist=$out/sdist/llmops_maturity-$version.tar.gz
[[ -f $sdist ]] || fail "maturin sdist did not write $sdist (the version must come from Cargo.toml)"
"$venv/bin/python" - "$sdist" "$version" <<'PY'
import sys, tarfile
path, version = sys.argv[1:]
top = f"llmops_maturity-{version}/"
names = {n[len(top):] for n in tarfile.open(path).getnames() if n.startswith(top)}
need = {"pyproject.toml", "Cargo.toml", "Cargo.lock", "README.md", "LICENSE-MIT", "LICENSE-APACHE",
        "src/main.rs", "src/lib.rs", "PKG-INFO"}
missing = sorted(need - names)
extra = sorted(n for n in names if n.split("/")[0] in {"tests", "fixtures", "bench", ".github", "target"})
assert not missing, f"the sdist lacks {missing}"
assert not extra, f"the sdist holds what no build needs: {extra[:5]}"
print(f"sdist: {len(names)} files, no tests/fixtures/bench")
PY

step "wheel: built by maturin from the unpacked sdist, release profile"
rm -rf "$out/src"
mkdir -p "$out/src"
tar -xzf "$sdist" -C "$out/src"
"$venv/bin/maturin" build --release --locked --out "$out/wheels" \
    --manifest-path "$out/src/llmops_maturity-$version/Cargo.toml"
shopt -s nullglob
wheels=("$out/wheels/llmops_maturity-$version-py3-none-"*.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] || fail "expected one py3-none wheel of $version, found: $(ls "$out/wheels")"
wheel=${wheels[0]}
"$venv/bin/python" - "$wheel" "$version" <<'PY'
import email, sys, zipfile
path, version = sys.argv[1:]
z = zipfile.ZipFile(path)
names = z.namelist()
info = f"llmops_maturity-{version}.dist-info/"
meta = email.message_from_bytes(z.read(info + "METADATA"))
assert meta["Name"] == "llmops-maturity", meta["Name"]
assert meta["Version"] == version, f"wheel version {meta['Version']} != Cargo.toml {version}"
assert meta["License-Expression"] == "MIT OR Apache-2.0", meta["License-Expression"]
assert meta["Description-Content-Type"] == "text/markdown", meta["Description-Content-Type"]
readme_title = open("README.md", encoding="utf-8").readline().strip()
assert readme_title in meta.get_payload(), "README.md is not the long description"
urls = meta.get_all("Project-URL")
assert any(u.startswith("Source, https://github.com/") for u in urls), urls
for lic in ("LICENSE-MIT", "LICENSE-APACHE"):
    assert info + "licenses/" + lic in names, f"{lic} is not in the wheel"
scripts = [n for n in names if ".data/scripts/" in n]
assert [s.rsplit("/", 1)[1].removesuffix(".exe") for s in scripts] == ["llmops-maturity"], scripts
print(f"wheel: {path.rsplit('/', 1)[1]}: {len(names)} files, metadata and licences ok")
PY
printf 'wheel size: %s bytes (%s profile)\n' "$(wc -c <"$wheel" | tr -d ' ')" "${DIST_PROFILE:-relaxed}"

step "the wheel in a fresh virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
shown=$("$work/venv/bin/llmops-maturity" --version)
[[ $shown == "llmops-maturity $version" ]] ||
    fail "the installed wheel says '$shown', Cargo.toml says $version"
echo "--version: $shown"
"$work/venv/bin/llmops-maturity" check llmops-maturity.yaml ||
    fail "the installed wheel's check of llmops-maturity.yaml exited $?"

step "crates.io: cargo package --list"
# --allow-dirty: a developer runs this with uncommitted changes; CI's clone is clean either way.
cargo package --list --locked --allow-dirty >"$work/package-list"
for need in Cargo.toml Cargo.lock README.md LICENSE-MIT LICENSE-APACHE src/main.rs src/lib.rs \
    src/questionnaire/builtin/llmops-2024.yaml src/questionnaire/builtin/genaiops-2025.yaml; do
    grep -qxF "$need" "$work/package-list" || fail "the crate package lacks $need"
done
if grep -E '^(tests|fixtures|bench|\.github|scripts|dist|target)/' "$work/package-list"; then
    fail "the crate package holds the files above, which cargo install does not need"
fi
echo "package: $(wc -l <"$work/package-list") files, no tests/fixtures/bench"

step "cargo-binstall: Cargo.toml's templates name the release assets"
"$venv/bin/python" - "$version" <<'PY'
import pathlib, sys, tomllib, yaml  # PyYAML comes with pre-commit
version = sys.argv[1]
cargo = tomllib.loads(pathlib.Path("Cargo.toml").read_text())
package = cargo["package"]
binstall = package["metadata"]["binstall"]
assert binstall["pkg-fmt"] == "tgz", binstall
repo = pathlib.Path("dist/REPOSITORY").read_text().strip()
assert package["repository"] == f"https://github.com/{repo}", (package["repository"], repo)
# The assets release.yml builds, named as scripts/install.sh and dist/SHA256SUMS name them.
release = yaml.safe_load(pathlib.Path(".github/workflows/release.yml").read_text())
targets = [row["target"] for row in release["jobs"]["build"]["strategy"]["matrix"]["include"]]
assert len(targets) == 5, targets
install = pathlib.Path("scripts/install.sh").read_text()
assert "asset=$tool-$version-$target.tar.gz" in install
assert "unpacked=$work/unpacked/$tool-$version-$target/$tool$exe" in install
steps = "\n".join(s.get("run", "") for s in release["jobs"]["build"]["steps"])
assert 'name="llmops-maturity-${TAG#v}-$TARGET"' in steps and 'dist-out/$name/' in steps
def render(template, target):
    values = {"repo": package["repository"], "name": package["name"], "version": version,
              "target": target, "bin": "llmops-maturity",
              "binary-ext": ".exe" if "windows" in target else ""}
    for key, value in values.items():
        template = template.replace("{ " + key + " }", value)
    assert "{" not in template, template
    return template
for target in targets:
    asset = f"llmops-maturity-{version}-{target}.tar.gz"
    url = f"https://github.com/{repo}/releases/download/v{version}/{asset}"
    assert render(binstall["pkg-url"], target) == url, (render(binstall["pkg-url"], target), url)
    exe = ".exe" if "windows" in target else ""
    inside = f"llmops-maturity-{version}-{target}/llmops-maturity{exe}"
    assert render(binstall["bin-dir"], target) == inside, render(binstall["bin-dir"], target)
print(f"binstall: the 5 release targets resolve to their assets, e.g. {url}")
PY

step "pre-commit: both hooks on a throw-away repository"
# The hook repository: this checkout's tracked and new files (uncommitted changes included), as
# one commit, so that both try-repo runs below use one clone and one installed environment.
hooks=$work/hook-repo
mkdir -p "$hooks"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    if [[ -f $f ]]; then printf '%s\0' "$f"; fi
done | tar --null -T - -cf - | tar -xf - -C "$hooks"
git -C "$hooks" init --quiet
git -C "$hooks" add -A
git -C "$hooks" -c user.name=test -c user.email=test@example.invalid commit --quiet -m snapshot
user=$work/user-repo
git init --quiet "$user"
cp fixtures/valid/score-16.yaml "$user/llmops-maturity.yaml"
git -C "$user" add llmops-maturity.yaml
export PRE_COMMIT_HOME=$work/pre-commit-home
precommit=$venv/bin/pre-commit

start=$(date +%s)
if ! (cd "$user" && "$precommit" try-repo "$hooks" llmops-maturity --all-files --verbose) >"$work/pass.log" 2>&1; then
    cat "$work/pass.log"
    fail "the language: python hook failed on a valid file"
fi
grep -F 'level 2 · Defined (16/28 points)' "$work/pass.log" ||
    { cat "$work/pass.log"; fail "the python hook did not print the score"; }
echo "python hook installed (pip + maturin build) and passed in $(($(date +%s) - start)) s"

# The no-Rust hook of docs/src/recipes.md: `repo: local`, pip installs the wheel from the index (here: this
# machine's wheel, through PIP_FIND_LINKS; setuptools for pre-commit's placeholder from PyPI).
cat >"$user/.pre-commit-config.yaml" <<YAML
repos:
  - repo: local
    hooks:
      - id: llmops-maturity
        name: llmops-maturity
        entry: llmops-maturity check
        language: python
        additional_dependencies: ["llmops-maturity==$version"]
        files: (^|/)llmops-maturity\.ya?ml$
        pass_filenames: false
YAML
git -C "$user" add .pre-commit-config.yaml
if ! (cd "$user" && PIP_FIND_LINKS=$out/wheels "$precommit" run --all-files --verbose) >"$work/local.log" 2>&1; then
    cat "$work/local.log"
    fail "the repo: local hook on the wheel failed on a valid file"
fi
grep -F 'level 2 · Defined (16/28 points)' "$work/local.log" ||
    { cat "$work/local.log"; fail "the repo: local hook did not print the score"; }
echo "repo: local hook on the wheel passed"

# A bad file must fail the commit, with the problem shown.
cp fixtures/invalid/level-out-of-range.yaml "$user/llmops-maturity.yaml"
git -C "$user" add llmops-maturity.yaml
if (cd "$user" && "$precommit" try-repo "$hooks" llmops-maturity --all-files) >"$work/fail.log" 2>&1; then
    cat "$work/fail.log"
    fail "the python hook passed an invalid file"
fi
# shellcheck disable=SC2016 # the backquotes are the CLI's, not a command substitution
grep -F 'level 9 for `monitoring` is out of range, expected 1 to 4' "$work/fail.log" ||
    { cat "$work/fail.log"; fail "the python hook failed without showing the problem"; }
echo "python hook rejected an invalid file and showed why"

echo
echo "test-dist: all checks passed"
