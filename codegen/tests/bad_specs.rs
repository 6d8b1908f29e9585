//! The bad-spec corpus (`tests/bad-specs/`): malformed, unsupported and awkward documents, each
//! with its expected outcome in `expected.json`: the exact error (JSON pointer and message) or
//! `compiles` (the generated crate is type-checked by `tests/compiles.rs`).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs")
}

/// Generation of any one document must finish well within this; a hang is a bug.
const HANG: Duration = Duration::from_secs(30);

fn generate_with_deadline(spec: String) -> Result<Vec<codegen::GeneratedFile>, codegen::Error> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = codegen::generate(&codegen::Input {
            spec: &spec,
            overlay: None,
            spec_label: "bad-spec",
        });
        let _ = tx.send(result);
    });
    rx.recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("generation did not finish within {HANG:?} (or panicked)"))
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).expect("expected.json");
    match serde_json::from_str(&text).expect("expected.json is JSON") {
        Value::Object(map) => map,
        _ => panic!("expected.json maps file names to outcomes"),
    }
}

fn documents(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.json")
        .collect();
    names.sort();
    names
}

#[test]
fn every_bad_document_has_its_expected_outcome() {
    let expected = expected();
    let names = documents(&corpus_dir());
    assert!(
        names.len() >= 30,
        "the corpus has {} documents",
        names.len()
    );
    assert_eq!(
        names.iter().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "every document has an expectation and every expectation a document"
    );
    let mut wrong = Vec::new();
    for name in &names {
        let spec = std::fs::read_to_string(corpus_dir().join(name)).expect("document");
        let want = &expected[name];
        match (want["outcome"].as_str(), generate_with_deadline(spec)) {
            (Some("compiles"), Ok(files)) => assert!(!files.is_empty()),
            (Some("error"), Err(e)) => {
                if e.pointer != want["pointer"] || e.message != want["message"] {
                    wrong.push(format!("{name}: got {e}"));
                }
                assert!(
                    !e.to_string().contains('\n'),
                    "{name}: the error is one line: {e}"
                );
            }
            (_, Ok(_)) => wrong.push(format!("{name}: generated, expected {want}")),
            (_, Err(e)) => wrong.push(format!("{name}: {e}, expected {want}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
