//! `cargo xtask diff OLD NEW`: the review of a spec update. What changed for clients of the
//! API (rule id, severity, wire effect), what it does to Rust code compiled against `vpn-api`
//! (and so the semver step the crate needs), what could not be compared, and a gate for CI:
//! `--fail-on breaking|warning` exits with 1 when a change at or above it remains after the
//! ignore file (`spec/review-ignore.yaml`) is applied. The reports are described in
//! `xtask/REVIEW.md`.
//!
//! OLD and NEW are files (JSON or YAML) or `git:REV` for the bundled spec at a revision. The
//! overlay applies to both: the working tree's for files, the revision's own for `git:REV`.

use crate::{today, workspace_root, Outcome};
use codegen::diff::{IgnoreFile, Review, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A pull-request comment: summary table first, details folded.
    #[default]
    Markdown,
    /// The versioned JSON report (xtask/REVIEW.md).
    Json,
}

/// The gate's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Fail on a breaking change.
    Breaking,
    /// Fail on a breaking change, a warning, or an expired or unmatched ignore entry.
    Warning,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Breaking => Severity::Breaking,
            FailOn::Warning => Severity::Warning,
        }
    }
}

/// What `diff` compares and how it reports.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// The old version: a file (JSON or YAML) or git:REV (the bundled spec at a revision).
    pub old: String,
    /// The new version: a file (JSON or YAML) or git:REV.
    pub new: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Apply no overlay (for documents other than the bundled spec).
    #[arg(long)]
    pub no_overlay: bool,
    /// Exit with 1 when a change of this severity or above remains after the ignore file.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// The ignore file [default: spec/review-ignore.yaml when it exists].
    #[arg(long, value_name = "PATH", conflicts_with = "no_ignore")]
    pub ignore: Option<PathBuf>,
    /// Apply no ignore file.
    #[arg(long)]
    pub no_ignore: bool,
    /// The day expiry dates are compared with (YYYY-MM-DD) [default: today, UTC].
    #[arg(long, hide = true)]
    pub today: Option<String>,
}

impl Options {
    /// The ignore file to apply, if any.
    pub fn ignore_file(&self) -> Option<PathBuf> {
        if self.no_ignore {
            return None;
        }
        self.ignore.clone().or_else(|| {
            let default = workspace_root().join("spec/review-ignore.yaml");
            default.is_file().then_some(default)
        })
    }
}

/// A spec version: its text and the overlay that goes with it.
pub struct Version {
    pub spec: String,
    pub overlay: Option<String>,
}

impl Version {
    pub fn input(&self) -> codegen::Input<'_> {
        codegen::Input {
            spec: &self.spec,
            overlay: self.overlay.as_deref(),
            spec_label: "spec/openapi.json",
        }
    }
}

fn git_show(rev: &str, path: &str) -> Result<String, String> {
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .current_dir(workspace_root())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git:{rev}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("git:{rev}:{path}: {e}"))
}

/// Reads `git:REV` or a file; `overlay` says whether to apply the project overlay.
pub fn read(input: &str, overlay: bool) -> Result<Version, String> {
    if let Some(rev) = input.strip_prefix("git:") {
        let spec = git_show(rev, "spec/openapi.json")?;
        let overlay = if overlay {
            git_show(rev, "spec/overlay.json").ok()
        } else {
            None
        };
        return Ok(Version { spec, overlay });
    }
    let spec = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let overlay = if overlay {
        std::fs::read_to_string(workspace_root().join("spec/overlay.json")).ok()
    } else {
        None
    };
    Ok(Version { spec, overlay })
}

/// The review of two versions (no ignore file applied).
pub fn review(old: &Version, new: &Version) -> Result<Review, String> {
    codegen::diff::review_on(&old.input(), &new.input(), &crate::today()).map_err(|e| e.to_string())
}

/// Reads and applies an ignore file.
pub fn apply_ignore_file(review: &mut Review, path: &Path, today: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = IgnoreFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    file.apply(review, today);
    Ok(())
}

pub fn run(options: &Options) -> Result<Outcome, String> {
    let old = read(&options.old, !options.no_overlay)?;
    let new = read(&options.new, !options.no_overlay)?;
    let mut review = review(&old, &new)?;
    if let Some(path) = options.ignore_file() {
        let today = options.today.clone().unwrap_or_else(today);
        apply_ignore_file(&mut review, &path, &today)?;
    }
    let (old_label, new_label) = (label(&options.old), label(&options.new));
    let failed = options
        .fail_on
        .filter(|threshold| review.fails(threshold.severity()));
    match options.format {
        Format::Json => {
            let mut report = codegen::diff::to_json(&review, &old_label, &new_label);
            report["gate"] = serde_json::json!({
                "fail_on": options.fail_on.map(|f| f.severity().as_str()),
                "failed": failed.is_some(),
            });
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            println!("{text}");
        }
        Format::Markdown => print!(
            "{}",
            codegen::diff::to_markdown(&review, &old_label, &new_label)
        ),
    }
    Ok(match failed {
        Some(threshold) => Outcome::GateFailed(format!(
            "review gate failed: changes at or above `{}` remain (accept one with an entry in the ignore file)",
            threshold.severity()
        )),
        None => Outcome::Done,
    })
}

fn label(input: &str) -> String {
    Path::new(input)
        .strip_prefix(workspace_root())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| input.to_string())
}
