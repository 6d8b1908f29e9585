//! `cargo xtask diff OLD NEW`: what changed between two spec versions for clients of the API,
//! classified breaking or not, with the generated Rust items each change touches.
//!
//! OLD and NEW are files (JSON or YAML) or `git:REV` for the bundled spec at a revision. The
//! overlay applies to both: the working tree's for files, the revision's own for `git:REV`.

use crate::workspace_root;
use std::path::Path;
use std::process::Command;

/// Usage of `diff`.
pub const USAGE: &str =
    "usage: cargo xtask diff OLD NEW [--format markdown|json] [--no-overlay]   (OLD/NEW: a file or git:REV)";

/// What `diff` compares and how it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    old: String,
    new: String,
    json: bool,
    overlay: bool,
}

impl Options {
    /// Options from the arguments after `diff`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut inputs = Vec::new();
        let mut json = false;
        let mut overlay = true;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--format" => match it.next().map(String::as_str) {
                    Some("json") => json = true,
                    Some("markdown") => json = false,
                    other => {
                        return Err(format!(
                            "--format takes markdown or json, not {other:?}\n{USAGE}"
                        ))
                    }
                },
                "--no-overlay" => overlay = false,
                other if other.starts_with("--") => {
                    return Err(format!("unknown argument {other:?}\n{USAGE}"))
                }
                input => inputs.push(input.to_string()),
            }
        }
        match <[String; 2]>::try_from(inputs) {
            Ok([old, new]) => Ok(Options {
                old,
                new,
                json,
                overlay,
            }),
            Err(_) => Err(format!("diff needs exactly two inputs\n{USAGE}")),
        }
    }
}

/// A spec version: its text and the overlay that goes with it.
pub struct Version {
    pub spec: String,
    pub overlay: Option<String>,
}

impl Version {
    fn input(&self) -> codegen::Input<'_> {
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

/// The changes between two versions.
pub fn changes(old: &Version, new: &Version) -> Result<Vec<codegen::diff::Change>, String> {
    codegen::diff::diff(&old.input(), &new.input()).map_err(|e| e.to_string())
}

pub fn run(options: &Options) -> Result<(), String> {
    let old = read(&options.old, options.overlay)?;
    let new = read(&options.new, options.overlay)?;
    let changes = changes(&old, &new)?;
    if options.json {
        let text = serde_json::to_string_pretty(&codegen::diff::to_json(&changes))
            .map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!(
            "{}",
            codegen::diff::to_markdown(&changes, &label(&options.old), &label(&options.new))
        );
    }
    Ok(())
}

fn label(input: &str) -> String {
    Path::new(input)
        .strip_prefix(workspace_root())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| input.to_string())
}
