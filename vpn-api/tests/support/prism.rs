//! Prism (pinned in `tools/package.json`) as an independent implementation of the spec: installed
//! with `npm ci` when missing, started on a free port of 127.0.0.1, stopped by its process group
//! when the guard is dropped (also when a test panics).

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Prism {
    child: Child,
    pub(crate) base_url: String,
    log: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("vpn-api lives in the workspace")
        .to_path_buf()
}

pub(crate) fn spec_path() -> PathBuf {
    workspace_root().join("spec/openapi.json")
}

/// The spec with `spec/overlay.json` merged in, as the generator reads it: what the published
/// document gives only in prose (the WireGuard private key is write-only, so answers leave it
/// out) is then part of what Prism checks. Written below the target directory.
pub(crate) fn overlaid_spec_path() -> PathBuf {
    let read = |path: PathBuf| -> serde_json::Value {
        let text = std::fs::read_to_string(&path).expect("spec file");
        serde_json::from_str(&text).expect("JSON")
    };
    let mut spec = read(spec_path());
    let overlay = read(workspace_root().join("spec/overlay.json"));
    for patch in overlay["patches"].as_array().expect("patches") {
        let pointer = patch["pointer"]
            .as_str()
            .expect("pointer")
            .trim_start_matches('#');
        let target = spec.pointer_mut(pointer).expect("the pointer resolves");
        let (Some(target), Some(merge)) = (target.as_object_mut(), patch["merge"].as_object())
        else {
            panic!("overlay patches merge objects into objects");
        };
        target.extend(merge.clone());
    }
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi.overlaid.json");
    std::fs::write(&path, spec.to_string()).expect("write the overlaid spec");
    path
}

/// Runs `program --version`; the error names what to install.
fn require(program: &str) -> Result<(), String> {
    match Command::new(program).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err(format!(
            "the contract tests need `{program}` on PATH to install and run Prism from \
             tools/package.json: install Node.js 18 or newer with npm (Debian: `apt install nodejs npm`)"
        )),
    }
}

/// `tools/node_modules/.bin/prism`, running `npm ci` in `tools/` first when it is missing.
fn prism_binary() -> Result<PathBuf, String> {
    let tools = workspace_root().join("tools");
    let binary = tools.join("node_modules/.bin/prism");
    require("node")?;
    if binary.exists() {
        return Ok(binary);
    }
    require("npm")?;
    eprintln!(
        "contract: installing the pinned tools with `npm ci` in {}",
        tools.display()
    );
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&tools)
        .status()
        .map_err(|e| format!("could not run npm ci: {e}"))?;
    if !status.success() || !binary.exists() {
        return Err(format!("`npm ci` in {} failed ({status})", tools.display()));
    }
    Ok(binary)
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

impl Prism {
    /// `prism mock` with the given extra arguments (`-d` for random responses) on `spec`.
    pub(crate) fn mock(spec: &Path, extra: &[&str]) -> Result<Prism, String> {
        let command: Vec<&str> = ["mock"].iter().chain(extra).copied().collect();
        Prism::start(&command, spec, &[])
    }

    /// `prism proxy --errors` on `spec` in front of `upstream`: requests and answers that break
    /// the spec become error answers.
    pub(crate) fn proxy(spec: &Path, upstream: &str) -> Result<Prism, String> {
        Prism::start(&["proxy", "--errors"], spec, &[upstream])
    }

    fn start(command: &[&str], spec: &Path, after_spec: &[&str]) -> Result<Prism, String> {
        let binary = prism_binary()?;
        let port = free_port()?;
        let log = std::env::temp_dir().join(format!("vpn-api-prism-{port}.log"));
        let out = File::create(&log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(&binary)
            .args(command)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .args(after_spec)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Its own process group, so stopping it also stops anything it started.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let mut prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        };
        prism.wait_until_listening(port)?;
        Ok(prism)
    }

    fn wait_until_listening(&mut self, port: u16) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Prism exited ({status}):\n{}", self.log_tail()));
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "Prism did not listen within 120 s:\n{}",
            self.log_tail()
        ))
    }

    pub(crate) fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}
