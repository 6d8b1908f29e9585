//! `cargo xtask regenerate`: spec in, generated module tree out, or a staleness report.
//! `--skip-unsupported` generates a third-party document's supported part and prints the
//! generation report.

use crate::{workspace_root, Outcome};
use std::fs;
use std::path::{Path, PathBuf};

/// What `regenerate` reads and writes.
#[derive(Debug, Clone, PartialEq, Eq, Default, clap::Args)]
pub struct Options {
    /// Compare only: fail (exit 1) listing stale files, write nothing.
    #[arg(long)]
    pub check: bool,
    /// The OpenAPI document, JSON or YAML [default: spec/openapi.json].
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The overlay [default: spec/overlay.json for the bundled spec, none for another].
    #[arg(long, value_name = "PATH", conflicts_with = "no_overlay")]
    pub overlay: Option<PathBuf>,
    /// Apply no overlay.
    #[arg(long)]
    pub no_overlay: bool,
    /// The output directory [default: vpn-api/src/generated].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Generate what can be generated and print the report of what was left out or weakened
    /// (for third-party documents; the project's spec stays strict).
    #[arg(long)]
    pub skip_unsupported: bool,
}

impl Options {
    /// The document to generate from.
    pub fn spec(&self) -> PathBuf {
        self.spec
            .clone()
            .unwrap_or_else(|| workspace_root().join("spec/openapi.json"))
    }

    /// The overlay: the bundled one goes with the bundled spec; another document gets one
    /// only when asked.
    pub fn overlay(&self) -> Option<PathBuf> {
        match (&self.overlay, self.no_overlay, &self.spec) {
            (Some(path), _, _) => Some(path.clone()),
            (None, true, _) | (None, false, Some(_)) => None,
            (None, false, None) => Some(workspace_root().join("spec/overlay.json")),
        }
    }

    pub fn out(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| workspace_root().join("vpn-api/src/generated"))
    }

    pub fn mode(&self) -> codegen::Mode {
        if self.skip_unsupported {
            codegen::Mode::SkipUnsupported
        } else {
            codegen::Mode::Strict
        }
    }
}

/// Generates into memory, then compares with or writes to `out`.
pub fn run(options: &Options) -> Result<Outcome, String> {
    let codegen::Generated { files, report } = generate(options)?;
    print_report(&report);
    let out = options.out();
    let plan = plan(&out, &files)?;
    if options.check {
        if plan.is_empty() {
            println!(
                "generated code is up to date ({} files in {})",
                files.len(),
                out.display()
            );
            return Ok(Outcome::Done);
        }
        let list: Vec<String> = plan
            .iter()
            .map(|c| format!("  {} ({})", c.path.display(), c.kind))
            .collect();
        return Ok(Outcome::GateFailed(format!(
            "generated code is stale; run `cargo xtask regenerate`:\n{}",
            list.join("\n")
        )));
    }
    apply(&out, &plan)?;
    if plan.is_empty() {
        println!("no changes ({} files in {})", files.len(), out.display());
    }
    for change in &plan {
        println!("{} {}", change.kind, change.path.display());
    }
    if !plan.is_empty() {
        print_api_changes(options);
    }
    Ok(Outcome::Done)
}

/// After the bundled bindings changed: what the spec change means for clients, against the
/// last commit (the report of `cargo xtask diff git:HEAD spec/openapi.json`).
fn print_api_changes(options: &Options) {
    if options.spec.is_some() {
        return;
    }
    let overlay = options.overlay();
    let report = crate::diff::read("git:HEAD", overlay.is_some()).and_then(|old| {
        let new = crate::diff::Version {
            spec: fs::read_to_string(options.spec()).map_err(|e| e.to_string())?,
            overlay: match &overlay {
                Some(path) => Some(fs::read_to_string(path).map_err(|e| e.to_string())?),
                None => None,
            },
        };
        crate::diff::review(&old, &new)
    });
    match report {
        Ok(review) => print!(
            "\n{}",
            codegen::diff::to_markdown(&review, "git:HEAD", "spec/openapi.json")
        ),
        Err(e) => println!("(no API change report: {e})"),
    }
}

/// The generation report, one finding per line, on stderr (stdout says what was written).
fn print_report(report: &codegen::Report) {
    if report.findings.is_empty() {
        return;
    }
    eprintln!("generation report: {}", report.summary());
    for finding in &report.findings {
        eprintln!("  {finding}");
    }
}

/// The generated files and the generation report, in memory.
pub fn generate(options: &Options) -> Result<codegen::Generated, String> {
    let spec_path = options.spec();
    let spec = fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let overlay = match &options.overlay() {
        Some(path) => Some(
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let label = spec_label(&spec_path);
    let input = codegen::Input {
        spec: &spec,
        overlay: overlay.as_deref(),
        spec_label: &label,
    };
    codegen::generate_in(&input, options.mode()).map_err(|e| {
        let hint = match (options.mode(), e.kind) {
            (codegen::Mode::Strict, codegen::ErrorKind::Unsupported) => {
                "\n(--skip-unsupported generates the rest and lists what it left out)"
            }
            _ => "",
        };
        format!("{}: {e}{hint}", spec_path.display())
    })
}

/// How the generated files' header names a spec: relative to the workspace when inside it.
pub fn spec_label(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// One file `regenerate` would write or delete.
pub struct Change {
    /// The file.
    pub path: PathBuf,
    /// `created`, `updated` or `deleted`.
    pub kind: &'static str,
    /// The new contents (`None` for a deletion).
    pub contents: Option<String>,
}

/// What differs between the generated files and `out`: files to create or update, and files
/// that the generator once wrote but no longer does (they carry its header) to delete.
pub fn plan(out: &Path, files: &[codegen::GeneratedFile]) -> Result<Vec<Change>, String> {
    let mut changes = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        match fs::read_to_string(&path) {
            Ok(existing) if existing == f.contents => {}
            Ok(_) => changes.push(Change {
                path,
                kind: "updated",
                contents: Some(f.contents.clone()),
            }),
            Err(_) => changes.push(Change {
                path,
                kind: "created",
                contents: Some(f.contents.clone()),
            }),
        }
    }
    if let Ok(entries) = fs::read_dir(out) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .filter(|p| !files.iter().any(|f| out.join(&f.path) == *p))
            .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.starts_with("// @generated")))
            .collect();
        stale.sort();
        changes.extend(stale.into_iter().map(|path| Change {
            path,
            kind: "deleted",
            contents: None,
        }));
    }
    Ok(changes)
}

pub fn apply(out: &Path, plan: &[Change]) -> Result<(), String> {
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for change in plan {
        match &change.contents {
            Some(contents) => {
                // Write beside, then rename: a reader never sees half a file.
                let tmp = change.path.with_extension("rs.tmp");
                fs::write(&tmp, contents)
                    .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
                fs::rename(&tmp, &change.path)
                    .map_err(|e| format!("cannot write {}: {e}", change.path.display()))?;
            }
            None => fs::remove_file(&change.path)
                .map_err(|e| format!("cannot delete {}: {e}", change.path.display()))?,
        }
    }
    Ok(())
}
