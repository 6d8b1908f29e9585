//! `cargo xtask semver-check OLD NEW`: is the crate generated from NEW a breaking release of the
//! one generated from OLD? Builds both versions of `vpn-api` in scratch workspaces under
//! `target/semver-check/` and runs `cargo semver-checks` on them, after printing the API diff.
//!
//! Needs `cargo install cargo-semver-checks --locked` (not installed by the project: it takes
//! long to build and is only needed when reviewing a spec update).

use crate::diff::{changes, read, Version};
use crate::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const USAGE: &str = "usage: cargo xtask semver-check OLD NEW   (OLD/NEW: a file or git:REV)";

pub fn run(args: &[String]) -> Result<(), String> {
    let [old, new] = <[String; 2]>::try_from(args.to_vec())
        .map_err(|_| format!("semver-check needs exactly two inputs\n{USAGE}"))?;
    let (old_version, new_version) = (read(&old, true)?, read(&new, true)?);
    print!(
        "{}",
        codegen::diff::to_markdown(&changes(&old_version, &new_version)?, &old, &new)
    );
    let scratch = workspace_root().join("target/semver-check");
    let baseline = scaffold(&scratch.join("baseline"), &old_version)?;
    let current = scaffold(&scratch.join("current"), &new_version)?;
    println!("\n## cargo semver-checks\n");
    let status = Command::new("cargo")
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&baseline)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo semver-checks ({e}); install it with `cargo install cargo-semver-checks --locked`"))?;
    if status.success() {
        Ok(())
    } else {
        Err("cargo semver-checks reports changes that need a major release (see above)".into())
    }
}

/// A standalone copy of `vpn-api` with bindings generated from `version`; returns the crate dir.
fn scaffold(root: &Path, version: &Version) -> Result<PathBuf, String> {
    let files = codegen::generate(&codegen::Input {
        spec: &version.spec,
        overlay: version.overlay.as_deref(),
        spec_label: "spec/openapi.json",
    })
    .map_err(|e| e.to_string())?;
    let _ = fs::remove_dir_all(root);
    let krate = root.join("vpn-api");
    let source = workspace_root().join("vpn-api");
    copy_tree(&source.join("src"), &krate.join("src"))?;
    for f in files {
        write(&krate.join("src/generated").join(&f.path), &f.contents)?;
    }
    // The README doctest of lib.rs includes ../../README.md.
    fs::copy(workspace_root().join("README.md"), root.join("README.md"))
        .map_err(|e| e.to_string())?;
    let manifest = read_text(&workspace_root().join("Cargo.toml"))?;
    let shared: String = ["[workspace.package]", "[workspace.dependencies]"]
        .iter()
        .filter_map(|section| {
            let rest = manifest.split(section).nth(1)?;
            Some(format!(
                "{section}{}\n",
                rest.split("\n[").next().unwrap_or_default()
            ))
        })
        .collect();
    write(
        &root.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"2\"\nmembers = [\"vpn-api\"]\n\n{shared}"),
    )?;
    fs::copy(source.join("Cargo.toml"), krate.join("Cargo.toml")).map_err(|e| e.to_string())?;
    fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    Ok(krate)
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
