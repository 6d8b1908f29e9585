//! `cargo xtask semver-check OLD NEW`: is the crate generated from NEW a breaking release of the
//! one generated from OLD? Builds both versions of `vpn-api` in scratch workspaces under
//! `target/semver-check/` and runs `cargo semver-checks` on them, after printing the API diff.
//!
//! Needs `cargo install cargo-semver-checks --locked` (not installed by the project: it takes
//! long to build and is only needed when reviewing a spec update).

use crate::diff::{changes, read, Version};
use crate::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Usage of `semver-check`.
pub const USAGE: &str = "usage: cargo xtask semver-check OLD NEW   (OLD/NEW: a file or git:REV)";

/// The two versions to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The baseline: a file or `git:REV`.
    pub old: String,
    /// The new version: a file or `git:REV`.
    pub new: String,
}

impl Options {
    /// Options from the arguments after `semver-check`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let [old, new] = <[String; 2]>::try_from(args.to_vec())
            .map_err(|_| format!("semver-check needs exactly two inputs\n{USAGE}"))?;
        Ok(Options { old, new })
    }
}

/// Prints the API diff, then runs cargo-semver-checks on both generated crates.
pub fn run(options: &Options) -> Result<(), String> {
    let (old, new) = (&options.old, &options.new);
    let (old_version, new_version) = (read(old, true)?, read(new, true)?);
    print!(
        "{}",
        codegen::diff::to_markdown(&changes(&old_version, &new_version)?, old, new)
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
    crate::standalone::vpn_api_copy(root, Some(&files))
}
