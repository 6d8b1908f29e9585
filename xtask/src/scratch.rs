//! Type-checks generated bindings: each output becomes a crate of its own in one scratch
//! workspace (so the dependencies are checked once), made of vpn-api's hand-written source
//! (`lib.rs` and the runtime) with only `generated/` replaced. A spec without servers or
//! environment variables therefore also proves that the runtime names no generated item.

use crate::workspace_root;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// vpn-api's features as the runtime knows them: TLS declared and off (no TLS stack to build),
/// the fake of `testkit` on, so every output's generated fake is checked too, and the full regex
/// engine on (every dependency is built here), so outputs that ask for it are checked too.
const FEATURES: &str =
    "[features]\ndefault = [\"testkit\", \"full-regex\"]\nrustls-tls = []\nnative-tls = []\n\
                        full-regex = []\n\
                        testkit = [\"tokio/net\", \"tokio/io-util\", \"tokio/rt\", \"tokio/sync\", \
                        \"hyper/server\", \"hyper/http1\", \"hyper-util/tokio\"]\n";

/// What `cargo check` said about each crate that did not pass: crate name -> its diagnostics.
pub type Failures = BTreeMap<String, Vec<String>>;

/// Writes one crate per `(name, files)` below `scratch` and runs `cargo check --keep-going`
/// on all of them (warnings denied when `deny_warnings`). `Ok` holds the crates that failed
/// (empty when all pass); `Err` is a problem running the check at all.
pub fn check(
    scratch: &Path,
    crates: &[(String, Vec<codegen::GeneratedFile>)],
    deny_warnings: bool,
) -> Result<Failures, String> {
    let root_manifest = fs::read_to_string(workspace_root().join("Cargo.toml"))
        .map_err(|e| format!("root manifest: {e}"))?;
    let deps_section = root_manifest
        .split("[workspace.dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .ok_or("the root manifest has no [workspace.dependencies]")?;
    let dependencies: String = deps_section
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(name, _)| name.trim()))
        .filter(|name| !name.starts_with('#'))
        .map(|d| format!("{d}.workspace = true\n"))
        .collect();
    let vpn_api = workspace_root().join("vpn-api");
    fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    // Earlier crates go; the target directory stays, so dependencies are not checked again.
    for entry in fs::read_dir(scratch).into_iter().flatten().flatten() {
        if entry.file_name() != "target" {
            let path = entry.path();
            let _ = if path.is_dir() {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
        }
    }
    // lib.rs takes its crate docs from the crate's README, beside `src/`.
    copy(&vpn_api.join("README.md"), &scratch.join("README.md"))?;
    copy(
        &workspace_root().join("Cargo.lock"),
        &scratch.join("Cargo.lock"),
    )?;
    let mut members = Vec::new();
    for (name, files) in crates {
        let dir = scratch.join(name);
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [lib]\npath = \"lib.rs\"\n\n[dependencies]\n{dependencies}\n{FEATURES}"
            ),
        )?;
        copy(&vpn_api.join("src/lib.rs"), &dir.join("lib.rs"))?;
        copy_tree(&vpn_api.join("src/runtime"), &dir.join("runtime"))?;
        for f in files {
            write(&dir.join("generated").join(&f.path), &f.contents)?;
        }
        members.push(format!("{name:?}"));
    }
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[workspace.dependencies]{deps_section}\n",
            members.join(", ")
        ),
    )?;
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--offline",
            "--quiet",
            "--message-format=short",
        ])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"));
    if deny_warnings {
        command.env("RUSTFLAGS", "-D warnings");
    }
    let out = command
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut failures = Failures::new();
    for line in stderr.lines() {
        // `gen-x/generated/models.rs:3:5: error[E0412]: ...`
        // Warnings only fail a check that denies them (then rustc reports them as errors).
        if let Some((name, _)) = line.split_once('/').filter(|_| line.contains(": error")) {
            if crates.iter().any(|(n, _)| n == name) {
                failures
                    .entry(name.to_string())
                    .or_default()
                    .push(line.to_string());
            }
        }
    }
    if !out.status.success() && failures.is_empty() {
        return Err(format!("cargo check failed:\n{stderr}"));
    }
    Ok(failures)
}

pub(crate) fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            copy(&entry.path(), &target)?;
        }
    }
    Ok(())
}
