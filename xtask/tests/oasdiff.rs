//! The review held to oasdiff's conformance cases (`oasdiff/`, origin and licence in its
//! README): every oasdiff id the cases name is mapped in REVIEW.md, no case panics, and the
//! figures and the verdict of every expected change are the committed ones
//! (`oasdiff/figures.md`), so a change of classification shows up in review. After a deliberate
//! change: `UPDATE_EXPECT=1 cargo test -p xtask --test oasdiff`.

use serde_json::Value;
use xtask::oasdiff_corpus::{committed_cases, mapping, report};
use xtask::workspace_root;

#[test]
fn every_oasdiff_id_of_the_cases_is_mapped() {
    let review_md = std::fs::read_to_string(workspace_root().join("xtask/REVIEW.md")).unwrap();
    let table = mapping(&review_md).expect("a valid mapping table");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(committed_cases().join("manifest.json")).unwrap(),
    )
    .unwrap();
    let unmapped: Vec<&String> = manifest["rules"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|id| !table.contains_key(*id))
        .collect();
    assert!(unmapped.is_empty(), "map these in REVIEW.md: {unmapped:?}");
    assert!(
        manifest["cases"].as_array().unwrap().len() >= 300,
        "the corpus holds oasdiff's cases"
    );
}

#[test]
fn the_agreement_with_oasdiff_is_the_recorded_one() {
    let (summary, details) = report().expect("the corpus runs");
    assert!(
        !details.contains(": panicked"),
        "no case panics:\n{}",
        details
            .lines()
            .filter(|l| l.ends_with(": panicked"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let actual = format!("{summary}\n```text\n{details}```\n");
    let path = committed_cases().join("figures.md");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let changed: Vec<String> = actual
            .lines()
            .filter(|l| !expected.lines().any(|e| e == *l))
            .map(|l| format!("+ {l}"))
            .chain(
                expected
                    .lines()
                    .filter(|l| !actual.lines().any(|a| a == *l))
                    .map(|l| format!("- {l}")),
            )
            .collect();
        panic!(
            "the verdicts on oasdiff's cases changed (UPDATE_EXPECT=1 to record):\n{}",
            changed.join("\n")
        );
    }
}
