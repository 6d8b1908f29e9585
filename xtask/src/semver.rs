//! `cargo xtask semver-check OLD NEW`: is the crate generated from NEW a breaking release of the
//! one generated from OLD? Builds both versions of `vpn-api` in scratch workspaces under
//! `target/semver-check/` and runs `cargo semver-checks` on them, after printing the review.
//!
//! Needs `cargo install cargo-semver-checks --locked` (not installed by the project: it takes
//! long to build and is only needed when reviewing a spec update).

use crate::diff::{read, review, Version};
use crate::{workspace_root, Outcome};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How to get the tool, for the messages that need it.
pub const INSTALL: &str = "cargo install cargo-semver-checks --locked";

/// The two versions to compare.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// The baseline: a file or git:REV.
    pub old: String,
    /// The new version: a file or git:REV.
    pub new: String,
}

/// Prints the review, then runs cargo-semver-checks on both generated crates.
pub fn run(options: &Options) -> Result<Outcome, String> {
    let (old, new) = (&options.old, &options.new);
    let (old_version, new_version) = (read(old, true)?, read(new, true)?);
    print!(
        "{}",
        codegen::diff::to_markdown(&review(&old_version, &new_version)?, old, new)
    );
    if !installed() {
        return Err(format!(
            "cargo-semver-checks is not installed; install it with `{INSTALL}`"
        ));
    }
    match check(&old_version, &new_version, codegen::Mode::Strict)? {
        true => Ok(Outcome::Done),
        false => Ok(Outcome::GateFailed(
            "cargo semver-checks reports changes that need a major release (see above)".into(),
        )),
    }
}

/// Whether `cargo semver-checks` can run here.
pub fn installed() -> bool {
    Command::new("cargo")
        .args(["semver-checks", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs cargo-semver-checks on the crates generated (in `mode`) from both versions: `true`
/// when the new one is not a breaking release of the old one.
pub fn check(old: &Version, new: &Version, mode: codegen::Mode) -> Result<bool, String> {
    let scratch = workspace_root().join("target/semver-check");
    let baseline = scaffold(&scratch.join("baseline"), old, mode)?;
    let current = scaffold(&scratch.join("current"), new, mode)?;
    println!("\n## cargo semver-checks\n");
    let status = Command::new("cargo")
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&baseline)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .status()
        .map_err(|e| {
            format!("cannot run cargo semver-checks ({e}); install it with `{INSTALL}`")
        })?;
    Ok(status.success())
}

/// A standalone copy of `vpn-api` with bindings generated from `version`; returns the crate dir.
fn scaffold(root: &Path, version: &Version, mode: codegen::Mode) -> Result<PathBuf, String> {
    let files = codegen::generate_in(&version.input(), mode)
        .map_err(|e| e.to_string())?
        .files;
    crate::standalone::vpn_api_copy(root, Some(&files))
}
