//! Type-checks generated bindings: each output becomes a crate of its own in one scratch
//! workspace (so the dependencies are checked once), as a user would make one: a root of a few
//! lines around `generated/`, and a dependency on the runtime crate (`codegen/runtime`) by path.
//! Nothing of vpn-api's hand-written source is copied, so vpn-api may hold code of its own.

use crate::workspace_root;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// A generated crate's features, forwarded to the runtime, which has the lists: TLS declared and
/// off (no TLS stack to build), the fake of `testkit` on, so every output's generated fake is
/// checked too, and the full regex engine on, so outputs that ask for it are checked too.
const FEATURES: &str = "[features]\ndefault = [\"testkit\", \"full-regex\"]\n\
                        rustls-tls = []\nnative-tls = []\n\
                        full-regex = [\"vpn-runtime/full-regex\"]\n\
                        testkit = [\"vpn-runtime/testkit\"]\n";

/// The crates generated code names itself (serde derives, the types of its models), besides
/// the runtime.
const GENERATED_CODE_NAMES: [&str; 6] =
    ["bytes", "chrono", "reqwest", "serde", "serde_json", "uuid"];

/// The root of a generated crate: its `generated/` module, re-exported, every public item
/// documented (generated docs are checked for any spec).
const LIB_RS: &str = "//! Bindings generated from a third-party document, type-checked.\n\
                      #![deny(missing_docs)]\n\n#[rustfmt::skip]\nmod generated;\n\n\
                      pub use generated::*;\n";

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
    let runtime = workspace_root().join("codegen/runtime");
    let dependencies: String = std::iter::once(format!(
        "vpn-runtime = {{ path = {:?}, default-features = false }}\n",
        runtime.display().to_string()
    ))
    .chain(GENERATED_CODE_NAMES.map(|d| format!("{d}.workspace = true\n")))
    .collect();
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
        write(&dir.join("lib.rs"), LIB_RS)?;
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
