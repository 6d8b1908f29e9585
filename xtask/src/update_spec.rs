//! `cargo xtask update-spec PATH`: the maintainer's one command for a new published spec.
//!
//! 1. Reviews PATH against the bundled `spec/openapi.json` (with the overlay and the ignore
//!    file) and prints the review.
//! 2. Stops on a breaking change unless `--accept-breaking`.
//! 3. Checks that `vpn-api`'s version in its Cargo.toml is at least the last release (the
//!    newest `## X.Y.Z` of its CHANGELOG) bumped by the step the review asks for.
//! 4. Generates the bindings from PATH in memory; only when everything above passed does it
//!    write: PATH into `spec/openapi.json` (a YAML document as JSON), the generated files, and
//!    a CHANGELOG entry drafted from the review under `## Unreleased`.
//! 5. Runs `cargo semver-checks` on both generated crates when it is installed, and says how
//!    to install it when not.
//!
//! A refused update writes nothing (exit 1); an unreadable or invalid document, too (exit 2).

use crate::diff::{apply_ignore_file, review, Version};
use crate::{regenerate, semver, today, workspace_root, Outcome};
use codegen::diff::{Review, SemverStep, Severity};
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// The new published document (JSON or YAML).
    pub path: PathBuf,
    /// Take the update even though the review finds breaking changes.
    #[arg(long)]
    pub accept_breaking: bool,
    /// Generate like `regenerate --skip-unsupported` (for a workspace whose bindings are
    /// generated that way; the VPN spec is generated strictly).
    #[arg(long)]
    pub skip_unsupported: bool,
    /// Do not run cargo-semver-checks even when it is installed.
    #[arg(long)]
    pub no_semver_checks: bool,
    /// The workspace to update [default: this one].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The day ignore-file expiry dates are compared with (YYYY-MM-DD) [default: today, UTC].
    #[arg(long, hide = true)]
    pub today: Option<String>,
}

/// The files of a workspace the update reads and writes.
struct Layout {
    spec: PathBuf,
    overlay: PathBuf,
    ignore: PathBuf,
    manifest: PathBuf,
    changelog: PathBuf,
    generated: PathBuf,
}

impl Layout {
    fn of(root: &Path) -> Layout {
        Layout {
            spec: root.join("spec/openapi.json"),
            overlay: root.join("spec/overlay.json"),
            ignore: root.join("spec/review-ignore.yaml"),
            manifest: root.join("vpn-api/Cargo.toml"),
            changelog: root.join("vpn-api/CHANGELOG.md"),
            generated: root.join("vpn-api/src/generated"),
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn run(options: &Options) -> Result<Outcome, String> {
    let root = options.root.clone().unwrap_or_else(workspace_root);
    let layout = Layout::of(&root);
    let overlay = layout
        .overlay
        .is_file()
        .then(|| read(&layout.overlay))
        .transpose()?;
    let old = Version {
        spec: read(&layout.spec)?,
        overlay: overlay.clone(),
    };
    let new = Version {
        spec: read(&options.path)?,
        overlay,
    };
    let mut review = review(&old, &new)?;
    if layout.ignore.is_file() {
        let today = options.today.clone().unwrap_or_else(today);
        apply_ignore_file(&mut review, &layout.ignore, &today)?;
    }
    let new_label = options.path.display().to_string();
    print!(
        "{}",
        codegen::diff::to_markdown(&review, "spec/openapi.json", &new_label)
    );
    let breaking = review.count(Severity::Breaking);
    if breaking > 0 && !options.accept_breaking {
        return Ok(Outcome::GateFailed(format!(
            "update refused: {breaking} breaking change{} (see the review above). Accept each in \
             spec/review-ignore.yaml, or all with --accept-breaking; nothing was written",
            if breaking == 1 { "" } else { "s" }
        )));
    }
    let step = review.semver();
    let manifest = read(&layout.manifest)?;
    let version = package_version(&manifest)
        .ok_or_else(|| format!("{}: no `version = \"X.Y.Z\"`", layout.manifest.display()))?;
    let changelog = read(&layout.changelog)?;
    let released = last_release(&changelog);
    if let Some(released) = released {
        let needed = bump(released, step);
        if version < needed {
            return Ok(Outcome::GateFailed(format!(
                "update refused: the review needs a {step} release after {} (the last in the \
                 CHANGELOG), but vpn-api's version is {}: set `version = \"{}\"` in {}; nothing \
                 was written",
                show(released),
                show(version),
                show(needed),
                layout.manifest.display()
            )));
        }
    }
    let spec_text = as_bundled_json(&new.spec)?;
    let bundled = Version {
        spec: spec_text,
        overlay: new.overlay.clone(),
    };
    let mode = if options.skip_unsupported {
        codegen::Mode::SkipUnsupported
    } else {
        codegen::Mode::Strict
    };
    let label = regenerate::spec_label(&layout.spec);
    let input = codegen::Input {
        spec_label: &label,
        ..bundled.input()
    };
    let files = codegen::generate_in(&input, mode)
        .map_err(|e| format!("{}: {e}", options.path.display()))?
        .files;
    let plan = regenerate::plan(&layout.generated, &files)?;
    let entry = changelog_entry(&review, &old, &bundled, step);
    // Everything is known: write the spec, the generated files, the CHANGELOG.
    fs::write(&layout.spec, &bundled.spec)
        .map_err(|e| format!("cannot write {}: {e}", layout.spec.display()))?;
    regenerate::apply(&layout.generated, &plan)?;
    fs::write(&layout.changelog, insert_entry(&changelog, &entry))
        .map_err(|e| format!("cannot write {}: {e}", layout.changelog.display()))?;
    println!(
        "\nupdated {} and {} generated file{}; CHANGELOG entry added ({step} release, version {})",
        layout.spec.display(),
        plan.len(),
        if plan.len() == 1 { "" } else { "s" },
        show(version)
    );
    if options.no_semver_checks {
        return Ok(Outcome::Done);
    }
    if !semver::installed() {
        println!(
            "cargo-semver-checks is not installed, so the generated crates were not compared; \
             install it with `{}`",
            semver::INSTALL
        );
        return Ok(Outcome::Done);
    }
    match semver::check(&old, &bundled, mode)? {
        true => Ok(Outcome::Done),
        false if step == SemverStep::Major => Ok(Outcome::Done),
        false => Ok(Outcome::GateFailed(
            "cargo semver-checks finds breaking changes the review did not: make a major \
             release, and report the review's miss"
                .into(),
        )),
    }
}

/// The text to bundle: a JSON document as it is, a YAML one as JSON.
fn as_bundled_json(text: &str) -> Result<String, String> {
    if text.trim_start().starts_with('{') {
        return Ok(text.to_string());
    }
    let value = codegen::load::parse_text(text).map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&value)
        .map(|t| t + "\n")
        .map_err(|e| e.to_string())
}

type Semver = (u64, u64, u64);

fn parse_version(text: &str) -> Option<Semver> {
    let mut parts = text.trim().splitn(3, '.');
    let mut next = || parts.next()?.parse().ok();
    Some((next()?, next()?, next()?))
}

fn show((major, minor, patch): Semver) -> String {
    format!("{major}.{minor}.{patch}")
}

/// The `version` of the `[package]` table.
fn package_version(manifest: &str) -> Option<Semver> {
    let package = manifest.split("[package]").nth(1)?;
    let package = package.split("\n[").next()?;
    package.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("version")?
            .trim()
            .strip_prefix('=')?;
        parse_version(value.trim().trim_matches('"'))
    })
}

/// The newest released version of the CHANGELOG (`## 1.2.3`, also `## [1.2.3] - date`).
fn last_release(changelog: &str) -> Option<Semver> {
    changelog.lines().find_map(|line| {
        let heading = line.strip_prefix("## ")?;
        let version = heading.trim_start_matches('[').split([']', ' ']).next()?;
        parse_version(version)
    })
}

/// The smallest version after `released` that makes a `step` release (Cargo's rules: below
/// 1.0.0 the minor number is the major one).
fn bump((major, minor, patch): Semver, step: SemverStep) -> Semver {
    match (step, major) {
        (SemverStep::None, _) => (major, minor, patch),
        (SemverStep::Major, 0) => (0, minor + 1, 0),
        (SemverStep::Major, _) => (major + 1, 0, 0),
        (SemverStep::Minor, 0) | (SemverStep::Patch, _) => (major, minor, patch + 1),
        (SemverStep::Minor, _) => (major, minor + 1, 0),
    }
}

/// `title version` of a document, for the entry's heading.
fn title_and_version(version: &Version) -> String {
    let doc = codegen::load::parse_text(&version.spec).unwrap_or_default();
    let info = |key: &str| {
        doc.pointer(&format!("/info/{key}"))
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string()
    };
    format!("{} {}", info("title"), info("version"))
}

/// The CHANGELOG entry drafted from the review: one line a change, breaking first.
fn changelog_entry(review: &Review, old: &Version, new: &Version, step: SemverStep) -> String {
    let mut out = format!(
        "### Spec update: {} -> {} ({step} release)\n",
        title_and_version(old),
        title_and_version(new)
    );
    let mut changes: Vec<_> = review
        .changes
        .iter()
        .chain(review.ignored.iter().map(|i| &i.change))
        .collect();
    changes.sort_by_key(|c| (std::cmp::Reverse(c.severity()), std::cmp::Reverse(c.rust)));
    for c in changes {
        let items: Vec<String> = c.rust_items.iter().map(|i| format!("`{i}`")).collect();
        out.push_str(&format!(
            "- {} ({}{}): {}\n",
            c.description,
            c.severity(),
            match c.rust {
                codegen::diff::RustEffect::Breaking => ", breaks Rust code",
                _ => "",
            },
            items.join(", ")
        ));
    }
    if review.changes.is_empty() && review.ignored.is_empty() {
        out.push_str("- no change a client can see\n");
    }
    out
}

/// The CHANGELOG with `entry` first under `## Unreleased` (added when missing).
fn insert_entry(changelog: &str, entry: &str) -> String {
    if let Some(at) = changelog.find("## Unreleased\n") {
        let after = at + "## Unreleased\n".len();
        return format!("{}\n{entry}{}", &changelog[..after], &changelog[after..]);
    }
    match changelog.find("\n## ") {
        Some(at) => format!(
            "{}## Unreleased\n\n{entry}{}",
            &changelog[..at + 1],
            &changelog[at..]
        ),
        None => format!("{changelog}\n## Unreleased\n\n{entry}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_by_cargos_rules() {
        assert_eq!(bump((0, 1, 0), SemverStep::Major), (0, 2, 0));
        assert_eq!(bump((0, 1, 0), SemverStep::Minor), (0, 1, 1));
        assert_eq!(bump((1, 4, 2), SemverStep::Major), (2, 0, 0));
        assert_eq!(bump((1, 4, 2), SemverStep::Minor), (1, 5, 0));
        assert_eq!(bump((1, 4, 2), SemverStep::Patch), (1, 4, 3));
        assert_eq!(bump((1, 4, 2), SemverStep::None), (1, 4, 2));
    }

    #[test]
    fn versions_are_found_in_the_manifest_and_the_changelog() {
        let manifest = "[package]\nname = \"vpn-api\"\nversion = \"0.3.1\"\n\n[dependencies]\nx = { version = \"9.9.9\" }\n";
        assert_eq!(package_version(manifest), Some((0, 3, 1)));
        let changelog =
            "# Changelog\n\n## Unreleased\n\n- x\n\n## [0.3.0] - 2026-01-01\n\n## 0.2.0\n";
        assert_eq!(last_release(changelog), Some((0, 3, 0)));
        assert_eq!(last_release("# Changelog\n\n## Unreleased\n"), None);
    }

    #[test]
    fn the_entry_goes_first_under_unreleased() {
        let with = insert_entry(
            "# C\n\n## Unreleased\n\n### Added\n- a\n\n## 0.1.0\n",
            "### E\n- e\n",
        );
        assert_eq!(
            with,
            "# C\n\n## Unreleased\n\n### E\n- e\n\n### Added\n- a\n\n## 0.1.0\n"
        );
        let without = insert_entry("# C\n\n## 0.1.0\n", "### E\n");
        assert_eq!(without, "# C\n\n## Unreleased\n\n### E\n\n## 0.1.0\n");
    }
}
