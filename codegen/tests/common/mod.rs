//! What the generator's tests share: where things are, reading fixtures, generating with a
//! deadline, and the one switch that rewrites expected files (`UPDATE_EXPECT=1`).
#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// `codegen/`.
pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root.
pub(crate) fn workspace_root() -> PathBuf {
    manifest_dir().join("..")
}

/// A file of the repository, or a panic naming it.
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The bundled spec and its overlay.
pub(crate) fn bundled_spec() -> (String, String) {
    let root = workspace_root();
    (
        read(&root.join("spec/openapi.json")),
        read(&root.join("spec/overlay.json")),
    )
}

/// Runs every stage on `spec` (no overlay).
pub(crate) fn generate(
    spec: &str,
    label: &str,
) -> Result<Vec<codegen::GeneratedFile>, codegen::Error> {
    codegen::generate(&codegen::Input {
        spec,
        overlay: None,
        spec_label: label,
    })
}

/// Generation of any one document must finish well within this; a hang is a bug.
pub(crate) const HANG: Duration = Duration::from_secs(60);

/// [`generate`] on a thread: `Err` with a message when it panics or outlives [`HANG`].
pub(crate) fn generate_with_deadline(
    spec: String,
    label: &'static str,
) -> Result<Result<Vec<codegen::GeneratedFile>, codegen::Error>, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(generate(&spec, label));
    });
    rx.recv_timeout(HANG)
        .map_err(|_| format!("generation did not finish within {HANG:?} (or panicked)"))
}

/// Whether expected files are to be rewritten from what the code does now (then reviewed).
pub(crate) fn update_expected() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Compares `actual` with the expected file, or rewrites it under `UPDATE_EXPECT=1`.
pub(crate) fn expect_file(path: &Path, actual: &str) -> Result<(), String> {
    if update_expected() {
        std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from what the generator makes now, first at line {} \
         (rerun with UPDATE_EXPECT=1 and review the diff):\n  expected: {:?}\n  actual:   {:?}",
        path.display(),
        first + 1,
        expected.lines().nth(first).unwrap_or("(end of file)"),
        actual.lines().nth(first).unwrap_or("(end of file)"),
    ))
}

/// Every generated file in one text, each after a `// ---- <path>` line: the expected output
/// of a construct fixture, read top to bottom.
pub(crate) fn concatenated(files: &[codegen::GeneratedFile], report: &codegen::Report) -> String {
    let mut parts: Vec<String> = files
        .iter()
        .map(|f| format!("// ---- {}\n{}", f.path, f.contents))
        .collect();
    if !report.findings.is_empty() {
        let lines: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("// {f}\n"))
            .collect();
        parts.push(format!("// ---- generation report\n{}", lines.concat()));
    }
    format!(
        "// @generated: the expected output of the fixture beside this file \
         (tests/constructs.rs; UPDATE_EXPECT=1 rewrites it).\n\n{}",
        parts.join("\n")
    )
}

/// Fixtures named `skip-unsupported-*` generate with [`codegen::Mode::SkipUnsupported`].
pub(crate) fn fixture_mode(fixture: &Path) -> codegen::Mode {
    if stem(fixture).starts_with("skip-unsupported-") {
        codegen::Mode::SkipUnsupported
    } else {
        codegen::Mode::Strict
    }
}

/// The fixtures of a folder: files with one of `extensions`, sorted by name.
pub(crate) fn fixtures(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
        })
        .collect();
    out.sort();
    out
}

/// The file name without its extension.
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
