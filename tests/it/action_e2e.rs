//! Runs `scripts/install.sh` and action.yml's step 2 the way the runner does, with assets served from 127.0.0.1.
//!
//! Each run gets a scrubbed environment (no ambient `GITHUB_*`/`RUNNER_*`) holding what a job's
//! step holds: `RUNNER_OS`, `RUNNER_ARCH`, `RUNNER_TOOL_CACHE`, `RUNNER_TEMP`, `GITHUB_ACTION_PATH`,
//! and a fresh `GITHUB_OUTPUT` file per step. Nothing here reaches the internet.
#![cfg(unix)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;

use tempfile::TempDir;

use crate::support;
use support::fake::{FakeFile, FakeGitHub, FakeRepo, TOKEN};

const VERSION: &str = "9.9.9";
const LINUX_X64: &str = "x86_64-unknown-linux-musl";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// A release server on 127.0.0.1: serves scripted responses per path and records every request.

/// An HTTP status and a body.
type Response = (u16, Vec<u8>);

struct Server {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `routes`: each path answers its responses in turn, repeating the last one.
    /// Any other path answers 404.
    fn start(routes: Vec<(String, Vec<Response>)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let mut routes: HashMap<String, VecDeque<Response>> =
            routes.into_iter().map(|(p, r)| (p, r.into())).collect();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                    match stream.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => break,
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split(' ').nth(1).unwrap_or("").to_owned();
                seen.lock().unwrap().push(path.clone());
                let (status, body) = match routes.get_mut(&path) {
                    Some(queue) if queue.len() > 1 => queue.pop_front().unwrap(),
                    Some(queue) => queue.front().cloned().unwrap(),
                    None => (404, b"Not Found".to_vec()),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
        });
        Server { base, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Release assets and a checkout of the action with its own dist/.

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256"])
                .arg(path)
                .output()
        })
        .expect("sha256sum or shasum");
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

fn write_executable(path: &Path, script: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, script).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A release archive laid out as release.yml packs it, holding a stand-in binary that answers
/// `--version`. Returns the asset's file name, its bytes and their SHA-256.
fn asset(target: &str, exe: &str) -> (String, Vec<u8>, String) {
    let stand_in = format!("#!/bin/sh\necho \"llmops-maturity {VERSION} ({target})\"\n");
    asset_of(target, exe, stand_in.as_bytes())
}

/// A release archive holding `binary`.
fn asset_of(target: &str, exe: &str, binary: &[u8]) -> (String, Vec<u8>, String) {
    let dir = TempDir::new().unwrap();
    let name = format!("llmops-maturity-{VERSION}-{target}");
    let inside = dir.path().join(&name).join(format!("llmops-maturity{exe}"));
    std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
    std::fs::write(&inside, binary).unwrap();
    std::fs::set_permissions(&inside, std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = format!("{name}.tar.gz");
    let path = dir.path().join(&file);
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&path)
        .arg("-C")
        .arg(dir.path())
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success());
    (file, std::fs::read(&path).unwrap(), sha256(&path))
}

/// A checkout of the action: the real `scripts/install.sh`, with `dist/` written by the test.
fn action_checkout(sha256sums: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("scripts")).unwrap();
    std::fs::copy(
        repo().join("scripts/install.sh"),
        dir.path().join("scripts/install.sh"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/VERSION"), format!("{VERSION}\n")).unwrap();
    std::fs::write(
        dir.path().join("dist/REPOSITORY"),
        "example/llmops-maturity\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("dist/SHA256SUMS"), sha256sums).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------
// A job: the folders and files the runner gives a job, and steps run in them.

struct Job {
    root: TempDir,
    steps: std::cell::Cell<u32>,
}

struct Step {
    ok: bool,
    code: Option<i32>,
    /// stdout then stderr, as the job log shows them.
    log: String,
    outputs: BTreeMap<String, String>,
}

impl Job {
    fn new() -> Job {
        let root = TempDir::new().unwrap();
        for dir in ["tool-cache", "temp", "workspace"] {
            std::fs::create_dir_all(root.path().join(dir)).unwrap();
        }
        Job {
            root,
            steps: std::cell::Cell::new(0),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn github_path(&self) -> String {
        std::fs::read_to_string(self.path("github-path")).unwrap_or_default()
    }

    /// A step's command with the environment the runner gives it; `env` is the step's `env:`.
    fn command(
        &self,
        program: &str,
        args: &[&str],
        action_path: &Path,
        env: &[(&str, &str)],
    ) -> (Command, PathBuf) {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        let output = self.path(&format!("output-{n}"));
        std::fs::write(&output, "").unwrap();
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .current_dir(self.path("workspace"));
        for var in [
            "PATH",
            "HOME",
            "CARGO_HOME",
            "RUSTUP_HOME",
            "RUSTUP_TOOLCHAIN",
        ] {
            if let Some(value) = std::env::var_os(var) {
                cmd.env(var, value);
            }
        }
        cmd.env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TOOL_CACHE", self.path("tool-cache"))
            .env("RUNNER_TEMP", self.path("temp"))
            .env("GITHUB_WORKSPACE", self.path("workspace"))
            .env("GITHUB_ACTION_PATH", action_path)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", self.path("github-path"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        (cmd, output)
    }

    fn run(&self, (mut cmd, output): (Command, PathBuf)) -> Step {
        let out = cmd.output().expect("spawn step");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Step {
            ok: out.status.success(),
            code: out.status.code(),
            log,
            outputs: parse_outputs(&std::fs::read_to_string(output).unwrap()),
        }
    }

    /// Step 1 of action.yml: `bash "$GITHUB_ACTION_PATH/scripts/install.sh"`.
    fn install(&self, action_path: &Path, env: &[(&str, &str)]) -> Step {
        let script = action_path.join("scripts/install.sh");
        self.run(self.command("bash", &[script.to_str().unwrap()], action_path, env))
    }
}

/// Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            outputs.insert(name.to_owned(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            outputs.insert(name.to_owned(), value.to_owned());
        }
    }
    outputs
}

fn assert_installed(step: &Step, job: &Job, source: &str) -> PathBuf {
    assert!(step.ok, "install failed:\n{}", step.log);
    assert_eq!(step.outputs["source"], source, "{}", step.log);
    let bin = PathBuf::from(&step.outputs["path"]);
    assert!(bin.is_absolute(), "{}", bin.display());
    let ran = Command::new(&bin).arg("--version").output().unwrap();
    assert!(ran.status.success());
    assert!(
        job.github_path()
            .lines()
            .any(|l| Path::new(l) == bin.parent().unwrap()),
        "GITHUB_PATH does not hold {}",
        bin.parent().unwrap().display()
    );
    bin
}

/// One asset for Linux x64, served from 127.0.0.1, and a checkout whose SHA256SUMS lists `listed`.
fn release(listed: impl FnOnce(&str) -> String) -> (Server, TempDir, String) {
    let (file, bytes, sha) = asset(LINUX_X64, "");
    let server = Server::start(vec![(format!("/v{VERSION}/{file}"), vec![(200, bytes)])]);
    let checkout = action_checkout(&format!("{}  {file}\n", listed(&sha)));
    (server, checkout, file)
}

// ---------------------------------------------------------------------------------------------
// Install: binary-path.

#[test]
fn binary_path_is_used_as_given_and_put_on_path() {
    let job = Job::new();
    let checkout = action_checkout("");
    let given = job.path("bin/my-llmops-maturity");
    write_executable(&given, "#!/bin/sh\necho 'llmops-maturity 0.0.1'\n");

    let step = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_BINARY_PATH", given.to_str().unwrap())],
    );

    let bin = assert_installed(&step, &job, "binary-path");
    assert_eq!(bin, given);
    assert!(step.log.contains("llmops-maturity 0.0.1"), "{}", step.log);
}

#[test]
fn binary_path_that_is_missing_or_not_executable_is_a_clear_error() {
    let job = Job::new();
    let checkout = action_checkout("");
    let missing = job.path("nope/llmops-maturity");
    let step = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_BINARY_PATH", missing.to_str().unwrap())],
    );
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log
            .contains("::error title=llmops-maturity install::binary-path"),
        "{}",
        step.log
    );
    assert!(step.log.contains("is not a file"), "{}", step.log);
    assert!(step.outputs.is_empty());

    let plain = job.path("plain");
    std::fs::write(&plain, "").unwrap();
    let step = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_BINARY_PATH", plain.to_str().unwrap())],
    );
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(step.log.contains("is not executable"), "{}", step.log);
}

// ---------------------------------------------------------------------------------------------
// Install: download, checksum, cache.

#[test]
fn good_checksum_installs_into_the_tool_cache_and_the_second_run_does_not_download() {
    let (server, checkout, file) = release(|sha| sha.to_owned());
    let job = Job::new();
    let env = [("LLMOPS_MATURITY_DOWNLOAD_BASE", server.base.as_str())];

    let first = job.install(checkout.path(), &env);
    let bin = assert_installed(&first, &job, "download");
    assert_eq!(first.outputs["version"], VERSION);
    assert_eq!(
        bin,
        job.path(&format!(
            "tool-cache/llmops-maturity/{VERSION}/{LINUX_X64}/llmops-maturity"
        ))
    );
    assert_eq!(server.requests(), [format!("/v{VERSION}/{file}")]);

    let second = job.install(checkout.path(), &env);
    assert_eq!(assert_installed(&second, &job, "cache"), bin);
    assert_eq!(
        server.requests().len(),
        1,
        "the cached run downloaded again"
    );
    // The runner's temp folder is left clean.
    assert_eq!(std::fs::read_dir(job.path("temp")).unwrap().count(), 0);
}

#[test]
fn bad_checksum_is_refused_with_a_clear_error_and_nothing_is_installed() {
    let (server, checkout, file) = release(|_| "0".repeat(64));
    let job = Job::new();

    let step = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_DOWNLOAD_BASE", server.base.as_str())],
    );

    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log.contains(&format!(
            "::error title=llmops-maturity install::Checksum mismatch for {file}"
        )),
        "{}",
        step.log
    );
    assert!(
        step.log.contains(&format!("expected {}", "0".repeat(64))),
        "{}",
        step.log
    );
    assert!(step.log.contains("nothing was installed"), "{}", step.log);
    assert!(step.outputs.is_empty(), "{:?}", step.outputs);
    assert_eq!(job.github_path(), "");
    let cached = job.path(&format!("tool-cache/llmops-maturity/{VERSION}"));
    assert!(
        !cached.exists(),
        "a refused download left {}",
        cached.display()
    );
}

#[test]
fn a_tampered_cache_is_not_trusted() {
    let (server, checkout, _) = release(|sha| sha.to_owned());
    let job = Job::new();
    let env = [("LLMOPS_MATURITY_DOWNLOAD_BASE", server.base.as_str())];
    let bin = assert_installed(&job.install(checkout.path(), &env), &job, "download");

    write_executable(&bin, "#!/bin/sh\necho evil\n");
    let again = job.install(checkout.path(), &env);

    assert_installed(&again, &job, "download");
    assert_eq!(server.requests().len(), 2);
    assert!(!std::fs::read_to_string(&bin).unwrap().contains("evil"));
}

#[test]
fn a_tampered_cache_with_a_forged_record_is_not_trusted() {
    // Someone with write access to a shared tool cache replaces the binary and rewrites every
    // hash the cache holds; only the checksum committed in dist/SHA256SUMS decides.
    let (server, checkout, _) = release(|sha| sha.to_owned());
    let job = Job::new();
    let env = [("LLMOPS_MATURITY_DOWNLOAD_BASE", server.base.as_str())];
    let bin = assert_installed(&job.install(checkout.path(), &env), &job, "download");
    let dir = bin.parent().unwrap().to_path_buf();

    let evil = "#!/bin/sh\necho evil\n";
    write_executable(&bin, evil);
    let (asset_name, forged_archive, forged_sha) = asset_of(LINUX_X64, "", evil.as_bytes());
    std::fs::write(dir.join(&asset_name), forged_archive).unwrap();
    let record = format!("{forged_sha} {}\n", sha256(&bin));
    std::fs::write(
        dir.parent().unwrap().join(format!("{LINUX_X64}.complete")),
        record,
    )
    .unwrap();

    let again = job.install(checkout.path(), &env);

    assert_installed(&again, &job, "download");
    assert_eq!(server.requests().len(), 2, "{}", again.log);
    assert!(
        again
            .log
            .contains("does not match the checksum in dist/SHA256SUMS"),
        "{}",
        again.log
    );
    assert!(!std::fs::read_to_string(&bin).unwrap().contains("evil"));
}

#[test]
fn a_server_error_is_retried() {
    let (file, bytes, sha) = asset(LINUX_X64, "");
    let server = Server::start(vec![(
        format!("/v{VERSION}/{file}"),
        vec![(503, b"busy".to_vec()), (200, bytes)],
    )]);
    let checkout = action_checkout(&format!("{sha}  {file}\n"));
    let job = Job::new();

    let step = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_DOWNLOAD_BASE", server.base.as_str())],
    );

    assert_installed(&step, &job, "download");
    assert_eq!(server.requests().len(), 2);
    assert!(
        step.log
            .contains("attempt 1 of 3 failed (curl exit 0, HTTP 503)"),
        "{}",
        step.log
    );
}

#[test]
fn each_runner_os_and_arch_gets_its_own_asset() {
    for (os, arch, target, exe) in [
        ("Linux", "ARM64", "aarch64-unknown-linux-musl", ""),
        ("macOS", "X64", "x86_64-apple-darwin", ""),
        ("macOS", "ARM64", "aarch64-apple-darwin", ""),
        ("Windows", "X64", "x86_64-pc-windows-msvc", ".exe"),
    ] {
        let (file, bytes, sha) = asset(target, exe);
        let server = Server::start(vec![(format!("/v{VERSION}/{file}"), vec![(200, bytes)])]);
        let checkout = action_checkout(&format!("{sha}  {file}\n"));
        let job = Job::new();
        let step = job.install(
            checkout.path(),
            &[
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
                ("LLMOPS_MATURITY_DOWNLOAD_BASE", &server.base),
            ],
        );
        let bin = assert_installed(&step, &job, "download");
        assert!(
            bin.ends_with(format!("{target}/llmops-maturity{exe}")),
            "{os}/{arch}: {}",
            bin.display()
        );
        assert_eq!(server.requests(), [format!("/v{VERSION}/{file}")]);
    }
}

// ---------------------------------------------------------------------------------------------
// Install: when there is no asset to use. These checkouts have no Cargo.toml, so reaching the
// source build ends in its clear error instead of compiling; the real build is tested below.

#[test]
fn an_unreleased_pinned_version_goes_to_the_source_build() {
    let job = Job::new();
    let step = job.install(action_checkout("").path(), &[]);
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log.contains(&format!(
            "version {VERSION} has no release asset checksum in dist/SHA256SUMS"
        )),
        "{}",
        step.log
    );
    assert!(
        step.log.contains("has no Cargo.toml to build from"),
        "{}",
        step.log
    );
}

#[test]
fn a_runner_without_a_release_target_goes_to_the_source_build() {
    let (_, _, sha) = asset(LINUX_X64, "");
    let checkout = action_checkout(&format!(
        "{sha}  llmops-maturity-{VERSION}-{LINUX_X64}.tar.gz\n"
    ));
    let job = Job::new();
    let step = job.install(
        checkout.path(),
        &[("RUNNER_OS", "Windows"), ("RUNNER_ARCH", "ARM64")],
    );
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log
            .contains("(no release asset is built for Windows/ARM64)"),
        "{}",
        step.log
    );
}

#[test]
fn a_missing_release_asset_warns_and_goes_to_the_source_build() {
    let (_, _, sha) = asset(LINUX_X64, "");
    let server = Server::start(vec![]);
    let checkout = action_checkout(&format!(
        "{sha}  llmops-maturity-{VERSION}-{LINUX_X64}.tar.gz\n"
    ));
    let job = Job::new();

    let step = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_DOWNLOAD_BASE", server.base.as_str())],
    );

    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log
            .contains("::warning title=llmops-maturity install::"),
        "{}",
        step.log
    );
    assert!(step.log.contains("does not exist (404)"), "{}", step.log);
    assert!(
        step.log.contains("the release asset is missing"),
        "{}",
        step.log
    );
    assert_eq!(server.requests().len(), 1, "a 404 is final, not retried");
}

#[test]
fn a_requested_older_version_that_cannot_be_downloaded_is_an_error_not_a_source_build() {
    let server = Server::start(vec![]);
    let sums = format!(
        "{}  llmops-maturity-1.0.0-{LINUX_X64}.tar.gz\n",
        "a".repeat(64)
    );
    let job = Job::new();

    let step = job.install(
        action_checkout(&sums).path(),
        &[
            ("LLMOPS_MATURITY_VERSION", "1.0.0"),
            ("LLMOPS_MATURITY_DOWNLOAD_BASE", &server.base),
        ],
    );

    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log.contains(&format!(
            "::error title=llmops-maturity install::{}/v1.0.0/",
            server.base
        )),
        "{}",
        step.log
    );
    assert!(step.log.contains("does not exist (404)"), "{}", step.log);
    assert!(
        !step.log.contains("source"),
        "the checkout is {VERSION}, not 1.0.0:\n{}",
        step.log
    );
}

#[test]
fn a_requested_version_without_a_committed_checksum_is_refused() {
    let job = Job::new();
    let step = job.install(
        action_checkout("").path(),
        &[("LLMOPS_MATURITY_VERSION", "v1.2.3")],
    );
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log
            .contains("version 1.2.3 has no checksum committed in dist/SHA256SUMS"),
        "{}",
        step.log
    );
}

#[test]
fn a_malformed_version_is_a_clear_error() {
    let job = Job::new();
    let step = job.install(
        action_checkout("").path(),
        &[("LLMOPS_MATURITY_VERSION", "latest; rm -rf /")],
    );
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert!(
        step.log
            .contains("version 'latest; rm -rf /' is not a release version like 1.2.3"),
        "{}",
        step.log
    );
}

// ---------------------------------------------------------------------------------------------
// Install: the real source build (`cargo install --locked --path`).

/// Compiles this crate with `cargo install`, as the action does for `version: source`, with a
/// relaxed release profile: it tests the script's wiring, not the binary's speed. It is not part
/// of every `cargo test` (it compiles every dependency): `.ci/run` runs it once with
/// `LLMOPS_MATURITY_SOURCE_BUILD_TARGET_DIR` set to the target folder of the build
/// `scripts/test-dist.sh` has made with the same profile, so only this crate compiles again.
/// Without that variable (`cargo test -- --ignored` on a laptop) it builds under `target/tmp`.
#[test]
#[ignore = "a release build: .ci/run runs it once on the release build it has made"]
fn version_source_builds_this_checkout_with_cargo_then_uses_the_cache() {
    let local = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-source-build");
    let target_dir = std::env::var("LLMOPS_MATURITY_SOURCE_BUILD_TARGET_DIR")
        .unwrap_or_else(|_| local.to_str().unwrap().to_owned());
    let job = Job::new();
    // The overrides scripts/test-dist.sh exports: the two builds share their dependencies.
    let mut env = vec![
        ("LLMOPS_MATURITY_VERSION", "source"),
        ("CARGO_TARGET_DIR", target_dir.as_str()),
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        ("CARGO_PROFILE_RELEASE_INCREMENTAL", "true"),
    ];

    let first = job.install(&repo(), &env);
    let bin = assert_installed(&first, &job, "build");
    assert!(
        first.log.contains("::notice title=llmops-maturity install::Building llmops-maturity from source with cargo (version: source was requested)"),
        "{}",
        first.log
    );
    assert!(
        bin.starts_with(job.path("tool-cache/llmops-maturity")),
        "{}",
        bin.display()
    );

    // The cached build needs no cargo: take it off PATH to prove it is not run again.
    let path = std::env::var("PATH").unwrap();
    let without_cargo: Vec<&str> = path
        .split(':')
        .filter(|d| !Path::new(d).join("cargo").exists())
        .collect();
    let without_cargo = without_cargo.join(":");
    env.push(("PATH", &without_cargo));
    let second = job.install(&repo(), &env);
    assert_eq!(assert_installed(&second, &job, "build-cache"), bin);
}

// ---------------------------------------------------------------------------------------------
// Step 2: the command line and env action.yml gives `llmops-maturity ci`.

/// action.yml's step `id`, as the runner would evaluate it: `${{ inputs.NAME }}` from `inputs`
/// (else the input's default), `${{ steps.install.outputs.path }}` from the install step, and
/// `${{ github.token }}` empty (no token: the CLI skips the API). The contract test checks
/// that no other expression appears there.
fn action_step(
    id: &str,
    inputs: &[(&str, &str)],
    installed: &str,
) -> (String, Vec<(String, String)>) {
    let action: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(repo().join("action.yml")).unwrap())
            .unwrap();
    let step = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap();
    let evaluate = |expr: &str| -> String {
        let inner = expr
            .trim()
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim();
        if inner == "steps.install.outputs.path" {
            return installed.to_owned();
        }
        let name = inner
            .strip_prefix("inputs.")
            .unwrap_or_else(|| panic!("unexpected {expr}"));
        if let Some((_, v)) = inputs.iter().find(|(k, _)| *k == name) {
            return (*v).to_owned();
        }
        match action["inputs"][name]["default"].as_str().unwrap() {
            "${{ github.token }}" => String::new(),
            "${{ github.repository_owner }}" => "Codertocat".to_owned(),
            default => default.to_owned(),
        }
    };
    let env = step["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), evaluate(v.as_str().unwrap())))
        .collect();
    (step["run"].as_str().unwrap().to_owned(), env)
}

/// A complete answers file: every dimension at `level`.
fn answers(level: u8) -> String {
    let mut yaml = String::from("version: 1\nanswers:\n");
    for d in llmops_maturity::questionnaire::builtin().dimensions {
        yaml.push_str(&format!("  {}: {level}\n", d.id));
    }
    yaml
}

const CI_OUTPUTS: &[&str] = &[
    "level",
    "level-name",
    "score",
    "max-score",
    "base-level",
    "base-score",
    "changed",
    "passed",
    "comment-id",
    "comment-action",
];

/// Both steps of action.yml, step 1 with `binary-path` set to the CLI built for these tests.
fn run_action(job: &Job, inputs: &[(&str, &str)]) -> Step {
    let cli = env!("CARGO_BIN_EXE_llmops-maturity");
    let install = job.install(&repo(), &[("LLMOPS_MATURITY_BINARY_PATH", cli)]);
    assert!(install.ok, "{}", install.log);
    run_ci_step(job, &install.outputs["path"], inputs)
}

/// The event a job runs for, and the GitHub API it talks to.
struct Event {
    name: &'static str,
    payload: &'static str,
    api_url: String,
    graphql_url: String,
}

impl Event {
    /// A push: no pull request, so no comment. Nothing listens at its API address: with no
    /// token the CLI must not call the API at all.
    fn push() -> Event {
        Event {
            name: "push",
            payload: "push.payload.json",
            api_url: "http://127.0.0.1:9".into(),
            graphql_url: "http://127.0.0.1:9/graphql".into(),
        }
    }
}

/// Step 2 of action.yml in a push job, with the binary step 1 installed.
fn run_ci_step(job: &Job, installed: &str, inputs: &[(&str, &str)]) -> Step {
    run_ci_step_on(job, installed, inputs, &Event::push())
}

fn run_ci_step_on(job: &Job, installed: &str, inputs: &[(&str, &str)], event: &Event) -> Step {
    let (run, env) = action_step("ci", inputs, installed);
    let payload = repo()
        .join("tests/data/github/payloads")
        .join(event.payload);
    assert!(payload.exists(), "{} is missing", payload.display());
    let summary = job.path("summary.md");
    let payload = payload.to_str().unwrap();
    let summary = summary.to_str().unwrap();
    let mut step_env: Vec<(&str, &str)> = vec![
        ("GITHUB_EVENT_NAME", event.name),
        ("GITHUB_EVENT_PATH", payload),
        ("GITHUB_REPOSITORY", "Codertocat/Hello-World"),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_API_URL", &event.api_url),
        ("GITHUB_GRAPHQL_URL", &event.graphql_url),
        ("GITHUB_RUN_ID", "42"),
        ("GITHUB_STEP_SUMMARY", summary),
    ];
    step_env.extend(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    job.run(job.command("bash", &["-c", &run], &repo(), &step_env))
}

#[test]
fn step_two_runs_ci_with_the_env_action_yml_sets() {
    let job = Job::new();
    std::fs::write(job.path("workspace/llmops-maturity.yaml"), answers(3)).unwrap();

    let step = run_action(&job, &[]);

    assert!(step.ok, "ci failed:\n{}", step.log);
    for name in CI_OUTPUTS {
        assert!(
            step.outputs.contains_key(*name),
            "ci did not write `{name}`: {:?}",
            step.outputs
        );
    }
    assert_eq!(step.outputs["level"], "3");
    assert_eq!(step.outputs["score"], "21");
    assert_eq!(step.outputs["passed"], "true");
    assert_eq!(
        step.outputs["comment-action"], "skipped",
        "a push event never comments"
    );
    let summary = std::fs::read_to_string(job.path("summary.md")).unwrap();
    assert!(summary.contains("Managed"), "{summary}");
}

#[test]
fn step_two_fails_the_job_below_min_level() {
    let job = Job::new();
    std::fs::write(job.path("workspace/team.yaml"), answers(2)).unwrap();

    let step = run_action(&job, &[("config", "team.yaml"), ("min-level", "4")]);

    assert_eq!(step.code, Some(1), "{}", step.log);
    assert_eq!(step.outputs["passed"], "false");
    assert_eq!(step.outputs["level"], "2");
}

#[test]
fn step_two_rejects_a_bad_input_with_exit_2() {
    let job = Job::new();
    std::fs::write(job.path("workspace/llmops-maturity.yaml"), answers(3)).unwrap();
    let step = run_action(&job, &[("comment", "sometimes")]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert!(
        step.log.contains("sometimes") && step.log.contains("on-change, always, never"),
        "the error names the bad value and the valid ones:\n{}",
        step.log
    );
}

#[test]
fn a_downloaded_release_binary_runs_step_two() {
    let cli = std::fs::read(env!("CARGO_BIN_EXE_llmops-maturity")).unwrap();
    let (file, bytes, sha) = asset_of(LINUX_X64, "", &cli);
    let server = Server::start(vec![(format!("/v{VERSION}/{file}"), vec![(200, bytes)])]);
    let checkout = action_checkout(&format!("{sha}  {file}\n"));
    let job = Job::new();
    std::fs::write(job.path("workspace/llmops-maturity.yaml"), answers(4)).unwrap();

    let install = job.install(
        checkout.path(),
        &[("LLMOPS_MATURITY_DOWNLOAD_BASE", &server.base)],
    );
    let bin = assert_installed(&install, &job, "download");
    let step = run_ci_step(&job, bin.to_str().unwrap(), &[("min-level", "4")]);

    assert!(step.ok, "ci failed:\n{}", step.log);
    assert_eq!(step.outputs["level"], "4");
    assert_eq!(step.outputs["passed"], "true");
}

#[test]
fn step_two_never_prints_the_token() {
    let token = "ghs_llmopsMaturityTestToken0123456789abcdef";
    let job = Job::new();
    std::fs::write(job.path("workspace/llmops-maturity.yaml"), answers(3)).unwrap();

    let step = run_action(&job, &[("github-token", token), ("dry-run", "true")]);

    assert!(step.ok, "ci failed:\n{}", step.log);
    assert!(
        step.outputs.contains_key("level"),
        "ci did not run: {:?}",
        step.outputs
    );
    let summary = std::fs::read_to_string(job.path("summary.md")).unwrap_or_default();
    let outputs = format!("{:?}", step.outputs);
    for (what, text) in [
        ("log", &step.log),
        ("summary", &summary),
        ("outputs", &outputs),
    ] {
        assert!(
            !text.contains(token),
            "the token leaked into the {what}:\n{text}"
        );
    }
}

/// Both steps on a `pull_request` event against the fake GitHub of tests/it/support: the token
/// input reaches the CLI, which reads the base file through the API and creates the comment.
#[tokio::test]
async fn the_action_comments_on_a_pull_request() {
    /// `pull_request.base.sha` and `.number` of the `pull_request.opened` payload.
    const BASE_SHA: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
    const PR: u64 = 2;
    let fake = FakeGitHub::start().await;
    fake.add_file(
        "Codertocat/Hello-World",
        BASE_SHA,
        "llmops-maturity.yaml",
        answers(2).as_bytes(),
    );
    let job = Job::new();
    std::fs::write(job.path("workspace/llmops-maturity.yaml"), answers(3)).unwrap();
    let install = job.install(
        &repo(),
        &[(
            "LLMOPS_MATURITY_BINARY_PATH",
            env!("CARGO_BIN_EXE_llmops-maturity"),
        )],
    );
    let event = Event {
        name: "pull_request",
        payload: "pull_request.opened.payload.json",
        api_url: fake.api_url(),
        graphql_url: fake.graphql_url(),
    };

    let step = run_ci_step_on(
        &job,
        &install.outputs["path"],
        &[
            ("github-token", TOKEN),
            ("fail-on-regression", "true"),
            ("api-timeout", "5"),
        ],
        &event,
    );

    assert!(step.ok, "ci failed:\n{}", step.log);
    assert_eq!(step.outputs["level"], "3");
    assert_eq!(step.outputs["base-level"], "2");
    assert_eq!(step.outputs["changed"], "true");
    assert_eq!(step.outputs["comment-action"], "created", "{}", step.log);
    let comments = fake.bodies(PR);
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(step.outputs["comment-id"], comments[0].0.to_string());
    assert!(comments[0]
        .1
        .contains("<!-- llmops-maturity: llmops-maturity.yaml -->"));
    assert!(!step.log.contains(TOKEN), "the token leaked:\n{}", step.log);
    fake.assert_requests_conform().await;
}

/// `command: org` on a schedule: step 2 rolls up the owner's repositories from the fake GitHub
/// into the job summary, and the `json` output names the JSON roll-up.
#[tokio::test]
async fn the_action_rolls_up_an_organization_into_the_summary() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(
        "acme",
        vec![
            FakeRepo::text("acme/api", &answers(3)),
            FakeRepo::new("acme/docs", FakeFile::None),
            FakeRepo::text("acme/web", &answers(1)),
        ],
    );
    let job = Job::new();
    let install = job.install(
        &repo(),
        &[(
            "LLMOPS_MATURITY_BINARY_PATH",
            env!("CARGO_BIN_EXE_llmops-maturity"),
        )],
    );
    let event = Event {
        name: "schedule",
        payload: "push.payload.json",
        api_url: fake.api_url(),
        graphql_url: fake.graphql_url(),
    };

    let step = run_ci_step_on(
        &job,
        &install.outputs["path"],
        &[
            ("command", "org"),
            ("owner", "acme"),
            ("github-token", TOKEN),
            ("api-timeout", "5"),
        ],
        &event,
    );

    assert!(step.ok, "org failed:\n{}", step.log);
    let summary = std::fs::read_to_string(job.path("summary.md")).unwrap();
    assert!(
        summary.starts_with("## LLMOps maturity across <code>acme</code>"),
        "{summary}"
    );
    assert!(summary.contains("<code>acme/api</code>"), "{summary}");
    let rollup: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&step.outputs["json"]).unwrap()).unwrap();
    assert_eq!(
        rollup["levels"],
        serde_json::json!({"1": 1, "2": 0, "3": 1, "4": 0})
    );
    assert_eq!(rollup["missing"], 1);
    assert!(!step.log.contains(TOKEN), "the token leaked:\n{}", step.log);
    fake.assert_requests_conform().await;
}
