#!/usr/bin/env bash
# Installs the llmops-maturity binary for step 1 of action.yml and hands its absolute path on.
#
# In order: `LLMOPS_MATURITY_BINARY_PATH` if set; else the release asset of the pinned version
# (dist/VERSION, or LLMOPS_MATURITY_VERSION) for this runner, verified against the SHA-256 committed
# in dist/SHA256SUMS and cached in RUNNER_TOOL_CACHE (a cached copy is verified against the same
# checksum on every use); else, when this version has no asset for
# this runner (a branch, a fork, `uses: ./`, `version: source`), `cargo install --locked` of the
# action's own checkout, cached by a hash of its sources.
#
# Environment (all optional outside a runner):
#   LLMOPS_MATURITY_BINARY_PATH    use this binary as it is
#   LLMOPS_MATURITY_VERSION        X.Y.Z (must be listed in dist/SHA256SUMS), `source`, or empty
#   LLMOPS_MATURITY_DOWNLOAD_BASE  URL the assets live under as BASE/vX.Y.Z/ASSET
#                                  (default: https://github.com/<dist/REPOSITORY>/releases/download)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_ACTION_PATH, GITHUB_OUTPUT,
#   GITHUB_PATH                    as the runner sets them
# Writes the step outputs `path` (absolute path of the binary), `version` and `source`
# (binary-path|download|cache|build|build-cache), and adds the binary's folder to GITHUB_PATH.
# It never receives the GitHub token, so it cannot print it.
set -euo pipefail

readonly tool=llmops-maturity
readonly title="llmops-maturity install"

# Workflow commands: `%`, CR and LF in a message must be escaped, or the message is cut
# (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
escape() {
    local s=${1//'%'/%25}
    s=${s//$'\r'/%0D}
    printf '%s' "${s//$'\n'/%0A}"
}
say() { printf '%s\n' "$*"; }
notice() { printf '::notice title=%s::%s\n' "$title" "$(escape "$*")"; }
warn() { printf '::warning title=%s::%s\n' "$title" "$(escape "$*")"; }
die() {
    printf '::error title=%s::%s\n' "$title" "$(escape "$*")"
    exit 1
}

# On Windows runners (Git Bash) the runner hands out `C:\...` paths; bash wants `/c/...`,
# while GITHUB_PATH wants the Windows form back.
unix_path() {
    if [[ -n $1 ]] && command -v cygpath >/dev/null 2>&1; then cygpath -u "$1"; else printf '%s\n' "$1"; fi
}
native_path() {
    if command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else printf '%s\n' "$1"; fi
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$@" | cut -d' ' -f1
    else # macOS ships shasum, not sha256sum
        shasum -a 256 "$@" | cut -d' ' -f1
    fi
}

# The runner's OS and architecture, as RUNNER_OS/RUNNER_ARCH spell them; uname outside a runner.
runner_os() {
    if [[ -n ${RUNNER_OS:-} ]]; then printf '%s\n' "$RUNNER_OS"; return; fi
    case "$(uname -s)" in
        Linux) echo Linux ;;
        Darwin) echo macOS ;;
        MINGW* | MSYS* | CYGWIN*) echo Windows ;;
        *) uname -s ;;
    esac
}
runner_arch() {
    if [[ -n ${RUNNER_ARCH:-} ]]; then printf '%s\n' "$RUNNER_ARCH"; return; fi
    case "$(uname -m)" in
        x86_64 | amd64) echo X64 ;;
        aarch64 | arm64) echo ARM64 ;;
        *) uname -m ;;
    esac
}

# The Rust target whose release asset runs here; empty when no asset is built for this runner.
release_target() {
    case "$1/$2" in
        Linux/X64) echo x86_64-unknown-linux-musl ;;
        Linux/ARM64) echo aarch64-unknown-linux-musl ;;
        macOS/X64) echo x86_64-apple-darwin ;;
        macOS/ARM64) echo aarch64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
        *) echo "" ;;
    esac
}

# Hands the binary to step 2 and to later steps of the job, then ends the script.
finish() {
    local bin=$1 how=$2 version=$3 shown
    case "$bin" in *$'\n'* | *$'\r'*) die "refusing a binary path with a line break in it" ;; esac
    if ! shown=$("$bin" --version 2>&1); then
        die "$bin does not run on this runner ($os/$arch): $shown"
    fi
    say "Using $bin ($shown, from $how)"
    if [[ -n ${GITHUB_OUTPUT:-} ]]; then
        {
            printf 'path=%s\n' "$bin"
            printf 'version=%s\n' "$version"
            printf 'source=%s\n' "$how"
        } >>"$(unix_path "$GITHUB_OUTPUT")"
    fi
    if [[ -n ${GITHUB_PATH:-} ]]; then
        native_path "$(dirname "$bin")" >>"$(unix_path "$GITHUB_PATH")"
    fi
    exit 0
}

# Downloads $1 to $2, retrying transient failures. Returns 0 when done, 2 when the server says
# the asset does not exist (404), 1 when every attempt failed.
download() {
    local url=$1 out=$2 attempt status rc
    for attempt in 1 2 3; do
        rc=0
        status=$(curl --silent --show-error --location --proto '=https,http' \
            --connect-timeout 10 --max-time 300 \
            --output "$out" --write-out '%{http_code}' "$url") || rc=$?
        if [[ $rc -eq 0 && $status == 200 ]]; then return 0; fi
        if [[ $rc -eq 0 && $status == 404 ]]; then return 2; fi
        say "Download attempt $attempt of 3 failed (curl exit $rc, HTTP ${status:-none}): $url" >&2
        if [[ $attempt -lt 3 ]]; then sleep $((attempt * 2 - 1)); fi
    done
    return 1
}

# `cargo install --locked` of the action's checkout, cached by a hash of what the build reads.
build_from_source() {
    local why=$1 key dir bin
    [[ -f $action_path/Cargo.toml ]] ||
        die "No prebuilt binary can be used ($why) and $action_path has no Cargo.toml to build from."
    key=$(cd "$action_path" && {
        for f in Cargo.toml Cargo.lock build.rs; do [[ -f $f ]] && printf '%s\n' "$f"; done
        find src -type f
    } | LC_ALL=C sort | while IFS= read -r f; do printf '%s %s\n' "$(sha256_of "$f")" "$f"; done |
        sha256_of -)
    dir=$cache_root/source-${key:0:16}
    bin=$dir/bin/$tool$exe
    if [[ -f $dir.complete && -x $bin ]]; then
        finish "$bin" build-cache source
    fi
    command -v cargo >/dev/null 2>&1 ||
        die "No prebuilt binary can be used ($why) and cargo is not installed to build one. Install Rust before this step (rustup is on GitHub-hosted runners), or set binary-path."
    notice "Building $tool from source with cargo ($why). This takes a few minutes once; the result is cached in $dir."
    rm -rf "$dir"
    cargo install --locked --quiet --path "$action_path" --root "$work/root" ||
        die "cargo install --locked --path $action_path failed (see the log above)."
    mkdir -p "$dir/bin"
    mv "$work/root/bin/$tool$exe" "$bin"
    : >"$dir.complete"
    finish "$bin" build source
}

os=$(runner_os)
arch=$(runner_arch)
exe=""
if [[ $os == Windows ]]; then exe=.exe; fi
action_path=$(unix_path "${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}")
temp_root=$(unix_path "${RUNNER_TEMP:-${TMPDIR:-/tmp}}")
cache_root=$(unix_path "${RUNNER_TOOL_CACHE:-$temp_root}")/$tool

# 1. An explicit binary wins.
if [[ -n ${LLMOPS_MATURITY_BINARY_PATH:-} ]]; then
    given=$LLMOPS_MATURITY_BINARY_PATH
    bin=$(unix_path "$given")
    [[ -f $bin ]] || die "binary-path '$given' is not a file."
    [[ -x $bin ]] || die "binary-path '$given' is not executable (chmod +x it)."
    if [[ -n ${LLMOPS_MATURITY_VERSION:-} ]]; then
        warn "version '$LLMOPS_MATURITY_VERSION' is ignored because binary-path is set."
    fi
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    finish "$bin" binary-path ""
fi

work=$(mktemp -d "$temp_root/$tool-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 2. Which version: the requested one, else the one pinned in this checkout of the action.
requested=${LLMOPS_MATURITY_VERSION:-}
requested=${requested#v}
if [[ $requested == source ]]; then
    build_from_source "version: source was requested"
fi
pinned=$(tr -d ' \t\r\n' 2>/dev/null <"$action_path/dist/VERSION") ||
    die "$action_path/dist/VERSION is missing: this checkout of the action is incomplete."
version=${requested:-$pinned}
if [[ -z $version ]]; then
    build_from_source "no version is pinned in dist/VERSION"
fi
semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
[[ $version =~ $semver ]] ||
    die "version '${LLMOPS_MATURITY_VERSION:-$pinned}' is not a release version like 1.2.3 (or 'source', or empty for the pinned $pinned)."

target=$(release_target "$os" "$arch")
asset=$tool-$version-$target.tar.gz
expected=""
if [[ -n $target ]]; then
    expected=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1; exit }' "$action_path/dist/SHA256SUMS" 2>/dev/null || true)
fi
if [[ -z $expected ]]; then
    if [[ -n $requested && $requested != "$pinned" ]]; then
        die "version $version has no checksum committed in dist/SHA256SUMS for $os/$arch, so it cannot be verified. Use an empty version (the pinned $pinned), a version listed there, or 'source'."
    fi
    if [[ -z $target ]]; then
        build_from_source "no release asset is built for $os/$arch"
    fi
    build_from_source "version $version has no release asset checksum in dist/SHA256SUMS, as on a branch or a fork"
fi
[[ $expected =~ ^[0-9a-f]{64}$ ]] || die "dist/SHA256SUMS has a malformed checksum for $asset: '$expected'."

# 3. A cached copy, verified as a download is. The tool cache is shared by every job on a
#    self-hosted runner, so nothing stored there is trusted, no recorded hash included: the
#    archive kept beside the binary must match the checksum committed in dist/SHA256SUMS, and
#    the binary must be the one that archive holds.
dir=$cache_root/$version/$target
bin=$dir/$tool$exe
kept=$dir/$asset
if [[ -f $dir.complete && -x $bin && -f $kept ]]; then
    if [[ $(sha256_of "$kept") == "$expected" ]] && mkdir -p "$work/cached" &&
        tar -xzf "$kept" -C "$work/cached" 2>/dev/null &&
        [[ -f $work/cached/$tool-$version-$target/$tool$exe ]] &&
        [[ $(sha256_of "$work/cached/$tool-$version-$target/$tool$exe") == "$(sha256_of "$bin")" ]]; then
        finish "$bin" cache "$version"
    fi
    say "The cached $tool in $dir does not match the checksum in dist/SHA256SUMS; downloading it again."
fi

# 4. Download, verify, unpack, cache.
base=${LLMOPS_MATURITY_DOWNLOAD_BASE:-}
if [[ -z $base ]]; then
    repo=$(tr -d ' \t\r\n' 2>/dev/null <"$action_path/dist/REPOSITORY" || true)
    [[ -n $repo ]] || die "$action_path/dist/REPOSITORY is missing: set LLMOPS_MATURITY_DOWNLOAD_BASE."
    base=https://github.com/$repo/releases/download
fi
[[ $base =~ ^https?:// ]] || die "LLMOPS_MATURITY_DOWNLOAD_BASE '$base' is not an http(s) URL."
url=${base%/}/v$version/$asset
archive=$work/$asset
say "Downloading $url"
rc=0
download "$url" "$archive" || rc=$?
if [[ $rc -ne 0 ]]; then
    if [[ $rc -eq 2 ]]; then
        problem="$url does not exist (404): the release of version $version is missing its assets."
    else
        problem="Could not download $url after 3 attempts."
    fi
    # The action's own source is the pinned version; another requested version cannot be built here.
    if [[ $version != "$pinned" ]]; then die "$problem"; fi
    warn "$problem"
    if [[ $rc -eq 2 ]]; then
        build_from_source "the release asset is missing"
    fi
    build_from_source "the release asset could not be downloaded"
fi
actual=$(sha256_of "$archive")
if [[ $actual != "$expected" ]]; then
    die "Checksum mismatch for $asset: expected $expected (committed in dist/SHA256SUMS), got $actual. The download was refused and nothing was installed."
fi
mkdir -p "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked" || die "$asset is not a readable .tar.gz archive."
unpacked=$work/unpacked/$tool-$version-$target/$tool$exe
[[ -f $unpacked ]] || die "$asset does not contain $tool-$version-$target/$tool$exe."
rm -rf "$dir" "$dir.complete"
mkdir -p "$dir"
mv "$unpacked" "$bin"
chmod +x "$bin"
mv "$archive" "$kept"
: >"$dir.complete"
finish "$bin" download "$version"
