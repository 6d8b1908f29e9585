//! `cargo xtask regenerate`: spec in, generated module tree out, or a staleness report.
//! `--skip-unsupported` generates a third-party document's supported part and prints the
//! generation report.

use crate::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};

/// What `regenerate` reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Compare only (`--check`): fail listing stale files, write nothing.
    pub check: bool,
    /// The OpenAPI document (`--spec`; default `spec/openapi.json`).
    pub spec: PathBuf,
    /// The overlay (`--overlay`, none with `--no-overlay`; default `spec/overlay.json` for the
    /// bundled spec, none for another document).
    pub overlay: Option<PathBuf>,
    /// The output directory (`--out`; default `vpn-api/src/generated`).
    pub out: PathBuf,
    /// `--skip-unsupported`: generate what can be generated and print the report of what was
    /// left out or weakened (for third-party documents; the project's spec stays strict).
    pub mode: codegen::Mode,
}

impl Options {
    /// Options from the arguments after `regenerate`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let root = workspace_root();
        let mut options = Options {
            check: false,
            spec: root.join("spec/openapi.json"),
            overlay: Some(root.join("spec/overlay.json")),
            out: root.join("vpn-api/src/generated"),
            mode: codegen::Mode::Strict,
        };
        let mut explicit_overlay = false;
        let mut spec_given = false;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value\n{}", crate::USAGE))
            };
            match arg.as_str() {
                "--check" => options.check = true,
                "--spec" => {
                    options.spec = PathBuf::from(value("--spec")?);
                    spec_given = true;
                }
                "--overlay" => {
                    options.overlay = Some(PathBuf::from(value("--overlay")?));
                    explicit_overlay = true;
                }
                "--no-overlay" => {
                    options.overlay = None;
                    explicit_overlay = true;
                }
                "--out" => options.out = PathBuf::from(value("--out")?),
                "--skip-unsupported" => options.mode = codegen::Mode::SkipUnsupported,
                other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
            }
        }
        // The overlay belongs to the bundled spec; another document gets one only when asked.
        if spec_given && !explicit_overlay {
            options.overlay = None;
        }
        Ok(options)
    }
}

/// Generates into memory, then compares with or writes to `out`.
pub fn run(options: &Options) -> Result<(), String> {
    let codegen::Generated { files, report } = generate(options)?;
    print_report(&report);
    let plan = plan(&options.out, &files)?;
    if options.check {
        if plan.is_empty() {
            println!(
                "generated code is up to date ({} files in {})",
                files.len(),
                options.out.display()
            );
            return Ok(());
        }
        let list: Vec<String> = plan
            .iter()
            .map(|c| format!("  {} ({})", c.path.display(), c.kind))
            .collect();
        return Err(format!(
            "generated code is stale; run `cargo xtask regenerate`:\n{}",
            list.join("\n")
        ));
    }
    apply(&options.out, &plan)?;
    if plan.is_empty() {
        println!(
            "no changes ({} files in {})",
            files.len(),
            options.out.display()
        );
    }
    for change in &plan {
        println!("{} {}", change.kind, change.path.display());
    }
    if !plan.is_empty() {
        print_api_changes(options);
    }
    Ok(())
}

/// After the bundled bindings changed: what the spec change means for clients, against the
/// last commit (the report of `cargo xtask diff git:HEAD spec/openapi.json`).
fn print_api_changes(options: &Options) {
    let bundled = workspace_root().join("spec/openapi.json");
    if options.spec != bundled {
        return;
    }
    let report = crate::diff::read("git:HEAD", options.overlay.is_some()).and_then(|old| {
        let new = crate::diff::Version {
            spec: fs::read_to_string(&options.spec).map_err(|e| e.to_string())?,
            overlay: match &options.overlay {
                Some(path) => Some(fs::read_to_string(path).map_err(|e| e.to_string())?),
                None => None,
            },
        };
        crate::diff::changes(&old, &new)
    });
    match report {
        Ok(changes) => print!(
            "\n{}",
            codegen::diff::to_markdown(&changes, "git:HEAD", "spec/openapi.json")
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
    let spec = fs::read_to_string(&options.spec)
        .map_err(|e| format!("cannot read {}: {e}", options.spec.display()))?;
    let overlay = match &options.overlay {
        Some(path) => Some(
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let label = options
        .spec
        .strip_prefix(workspace_root())
        .unwrap_or(&options.spec)
        .display()
        .to_string();
    let input = codegen::Input {
        spec: &spec,
        overlay: overlay.as_deref(),
        spec_label: &label,
    };
    codegen::generate_in(&input, options.mode).map_err(|e| {
        let hint = match (options.mode, e.kind) {
            (codegen::Mode::Strict, codegen::ErrorKind::Unsupported) => {
                "\n(--skip-unsupported generates the rest and lists what it left out)"
            }
            _ => "",
        };
        format!("{}: {e}{hint}", options.spec.display())
    })
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

fn apply(out: &Path, plan: &[Change]) -> Result<(), String> {
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
