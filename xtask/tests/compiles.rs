//! "Rust that compiles, or a clear error": the output of every construct fixture
//! (`codegen/tests/constructs/`), of the stress documents (`codegen/tests/stress/`), and of the
//! third-party documents in `codegen/tests/corpus/` is type-checked as a crate of its own
//! (`cargo check` with warnings denied, in a scratch workspace under the target directory; see
//! `xtask::scratch`). The third-party documents declare neither servers nor environment
//! variables, so this also proves that vpn-api's hand-written part names no generated item a
//! spec may lack.
//!
//! The third-party documents are generated with `--skip-unsupported`; their generation report
//! (each finding with its JSON pointer) is kept in `third-party-report.json` so it cannot
//! regress unnoticed (`UPDATE_EXPECT=1` rewrites it for review).

use serde_json::Value;
use std::path::{Path, PathBuf};
use xtask::workspace_root;

fn documents(dir: &str) -> Vec<PathBuf> {
    xtask::corpus::documents(&workspace_root().join("codegen/tests").join(dir), None)
        .expect("fixture folder")
}

fn generate(path: &Path, mode: codegen::Mode) -> codegen::Generated {
    let text = std::fs::read_to_string(path).expect("fixture");
    let input = codegen::Input {
        spec: &text,
        overlay: None,
        spec_label: "fixture",
    };
    codegen::generate_in(&input, mode).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn crate_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("gen-{}", name.split('.').next().unwrap_or_default())
}

#[test]
fn generated_code_compiles_and_third_party_documents_keep_their_report() {
    let mut crates = Vec::new();
    for dir in ["constructs", "stress"] {
        for path in documents(dir) {
            // As `codegen/tests/constructs.rs` generates them.
            let mode = if crate_name(&path).starts_with("gen-skip-unsupported-") {
                codegen::Mode::SkipUnsupported
            } else {
                codegen::Mode::Strict
            };
            let generated = generate(&path, mode);
            crates.push((crate_name(&path), generated.files));
        }
    }

    let report_path = workspace_root().join("xtask/tests/third-party-report.json");
    let mut report = serde_json::Map::new();
    for path in documents("corpus") {
        let generated = generate(&path, codegen::Mode::SkipUnsupported);
        let findings: Vec<Value> = generated
            .report
            .findings
            .iter()
            .map(|f| serde_json::json!({"loss": f.loss.as_str(), "pointer": f.pointer, "message": f.message}))
            .collect();
        let name = path.file_name().expect("file name").to_string_lossy();
        report.insert(name.into_owned(), Value::Array(findings));
        crates.push((crate_name(&path), generated.files));
    }
    let shown = serde_json::to_string_pretty(&Value::Object(report.clone())).expect("report");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&report_path, format!("{shown}\n")).expect("write report");
    } else {
        let want: Value = serde_json::from_str(
            &std::fs::read_to_string(&report_path).expect("third-party-report.json"),
        )
        .expect("report is JSON");
        assert_eq!(
            Value::Object(report),
            want,
            "the generation report changed; rerun with UPDATE_EXPECT=1 and review:\n{shown}"
        );
    }

    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates");
    let failures = xtask::scratch::check(&scratch, &crates, true).expect("cargo check runs");
    assert!(
        failures.is_empty(),
        "generated code does not compile:\n{}",
        failures
            .iter()
            .map(|(name, lines)| format!("{name}:\n  {}", lines.join("\n  ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
