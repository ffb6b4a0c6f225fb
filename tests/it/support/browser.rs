//! Headless Chromium for the dashboard tests: found on PATH (or the test skips loudly, or fails under `LLMOPS_REQUIRE_BROWSER=1`), a page's DOM dumped after its script ran, and a local HTTP server that records every request.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The browser to test with: `LLMOPS_CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
/// `None` (after a loud note on stderr) when there is none and `LLMOPS_REQUIRE_BROWSER` is not
/// `1`; with it set, a missing browser fails the test, so CI cannot skip these silently.
pub fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("LLMOPS_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
                .find(|p| p.is_file())
        });
    if found.is_none() {
        let message = format!(
            "{test}: no Chromium found (set LLMOPS_CHROMIUM or install Debian's `chromium`: `apt-get install -y chromium`)"
        );
        if std::env::var("LLMOPS_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("{message}; LLMOPS_REQUIRE_BROWSER=1 says the browser tests must run");
        }
        // Written to stderr directly, as action_e2e.rs does: the harness swallows eprintln!.
        let _ = writeln!(std::io::stderr(), "\n!!! SKIPPED {message} !!!\n");
    }
    found
}

/// The flags every run uses: no sandbox (CI containers run as root), nothing in the background
/// that would talk to the network, a fresh profile.
fn command(browser: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` for at most a minute; its stdout.
fn output(mut cmd: Command) -> String {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// The DOM of `url` once it has loaded and its scripts have run, as Chromium serialises it.
pub fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = command(browser, profile.path());
    cmd.arg("--dump-dom").arg(url);
    let dom = output(cmd);
    assert!(dom.contains("<html"), "chromium dumped no page for {url}");
    dom
}

/// An HTTP server on 127.0.0.1 that serves one page at `/page.html` (404 for anything else) and
/// records the request line of every request it gets.
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(page: Vec<u8>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/page.html", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() || line.is_empty() {
                    continue;
                }
                // The headers, up to the blank line.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let line = line.trim_end().to_string();
                let ok = line.starts_with("GET /page.html ");
                seen.lock().unwrap().push(line);
                let (status, body): (&str, &[u8]) = if ok {
                    ("200 OK", &page)
                } else {
                    ("404 Not Found", b"not found")
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(body);
            }
        });
        Server { url, requests }
    }

    /// Every request line received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}
