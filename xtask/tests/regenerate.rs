//! `cargo xtask regenerate` as a maintainer meets it: a broken spec gives one line naming the
//! problem and its JSON pointer, and the output directory is left exactly as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn xtask(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_broken_spec_leaves_the_committed_files_untouched() {
    let out = scratch("untouched");
    let out_arg = out.to_string_lossy().into_owned();
    let spec = xtask::workspace_root().join("spec/openapi.json");
    let (ok, _, stderr) = xtask(&[
        "regenerate",
        "--spec",
        &spec.to_string_lossy(),
        "--out",
        &out_arg,
    ]);
    assert!(ok, "{stderr}");
    let before = snapshot(&out);
    // mod, models, operations, regions, resources, testkit, validation (no overlay: no
    // environment.rs).
    assert_eq!(before.len(), 7);

    // The bundled spec with a late error: the first files would generate fine.
    let text = std::fs::read_to_string(&spec).expect("spec");
    let broken = text.replacen(
        "\"maxLength\": 255",
        "\"maxLength\": 255, \"minLength\": 300",
        1,
    );
    assert_ne!(broken, text, "the edit applies");
    let broken_path = out.parent().expect("parent").join("broken-openapi.json");
    std::fs::write(&broken_path, broken).expect("write broken spec");
    let (ok, stdout, stderr) = xtask(&[
        "regenerate",
        "--spec",
        &broken_path.to_string_lossy(),
        "--out",
        &out_arg,
    ]);
    assert!(!ok);
    assert_eq!(stdout, "", "nothing reported as written");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("#/components/schemas/"), "{stderr}");
    assert!(
        stderr.contains("contradictory constraints: minLength 300 > maxLength 255"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before, "the output directory is unchanged");
}

#[test]
fn check_reports_stale_output_and_writes_nothing() {
    let out = scratch("stale");
    let out_arg = out.to_string_lossy().into_owned();
    let spec = xtask::workspace_root()
        .join("spec/openapi.json")
        .to_string_lossy()
        .into_owned();
    let (ok, _, stderr) = xtask(&["regenerate", "--spec", &spec, "--out", &out_arg]);
    assert!(ok, "{stderr}");
    let (ok, _, _) = xtask(&["regenerate", "--check", "--spec", &spec, "--out", &out_arg]);
    assert!(ok, "fresh output passes --check");
    std::fs::write(out.join("models.rs"), "// edited by hand\n").expect("edit");
    let before = snapshot(&out);
    let (ok, stdout, stderr) =
        xtask(&["regenerate", "--check", "--spec", &spec, "--out", &out_arg]);
    assert!(!ok);
    assert!(
        format!("{stdout}{stderr}").contains("models.rs"),
        "{stdout}{stderr}"
    );
    assert_eq!(snapshot(&out), before, "--check writes nothing");
}

#[test]
fn skip_unsupported_generates_the_rest_of_a_third_party_document_and_prints_the_report() {
    let out = scratch("skip-unsupported");
    let out_arg = out.to_string_lossy().into_owned();
    let spec = xtask::workspace_root()
        .join("codegen/tests/constructs/skip-unsupported-losses-are-reported.json");
    let spec_arg = spec.to_string_lossy().into_owned();

    // Strict by default: one line naming the construct, a hint at the flag, nothing written.
    let (ok, _, stderr) = xtask(&["regenerate", "--spec", &spec_arg, "--out", &out_arg]);
    assert!(!ok);
    assert!(
        stderr.contains("#/components/schemas/Shape/not") && stderr.contains("--skip-unsupported"),
        "{stderr}"
    );
    assert!(snapshot(&out).is_empty());

    let (ok, stdout, stderr) = xtask(&[
        "regenerate",
        "--spec",
        &spec_arg,
        "--out",
        &out_arg,
        "--skip-unsupported",
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("created"), "{stdout}");
    assert!(
        stderr.contains(
            "generation report: WARNING: only 2 of the document's 3 operations were generated (67%)"
        ) && stderr.contains("skipped operation: 1, skipped parameter: 2,")
            && stderr.contains(
                "skipped operation: #/paths/~1things/post/requestBody/content/multipart~1mixed"
            )
            && stderr.contains("untyped: #/components/schemas/Shape/not"),
        "{stderr}"
    );
    let models = std::fs::read_to_string(out.join("models.rs")).expect("models.rs");
    assert!(models.contains("pub type Shape = serde_json::Value;"));
}
