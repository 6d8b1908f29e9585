//! The review over a committed slice of real spec updates (`spec-updates/`, origin and licence
//! in its `expected.json`): every pair is reviewed without a panic or a refusal, each verdict
//! is the committed one (so a change of classification shows up in review), and where
//! openapi-diff classified the pair and disagrees with us, the disagreement is explained.

use serde_json::Value;
use std::collections::BTreeSet;
use xtask::review_corpus::{committed_pairs, verdict, Verdict};

fn expected() -> Value {
    let text =
        std::fs::read_to_string(committed_pairs().join("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn every_committed_update_is_reviewed_as_recorded() {
    let expected = expected();
    let pairs = expected["pairs"].as_object().expect("pairs");
    let folders: BTreeSet<String> = std::fs::read_dir(committed_pairs())
        .expect("folder")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let recorded: BTreeSet<String> = pairs.keys().cloned().collect();
    assert_eq!(
        folders, recorded,
        "every pair has an expectation and every expectation a pair"
    );
    assert!(folders.len() >= 20, "about 20 real pairs");
    let mut agree = 0;
    let mut classified_by_both = 0;
    for (name, want) in pairs {
        let read = |side: &str| {
            std::fs::read_to_string(committed_pairs().join(name).join(format!("{side}.json")))
                .expect("document")
        };
        let Verdict::Reviewed {
            breaking,
            rules: _,
            semver,
            changes: _,
            not_compared,
        } = verdict(&read("old"), &read("new"))
        else {
            panic!("{name}: not reviewed");
        };
        let review = codegen::diff::review(
            &codegen::Input {
                spec: &read("old"),
                overlay: None,
                spec_label: "old",
            },
            &codegen::Input {
                spec: &read("new"),
                overlay: None,
                spec_label: "new",
            },
        )
        .expect("reviewed");
        let rules: BTreeSet<&str> = review.changes.iter().map(|c| c.rule.id()).collect();
        let want_rules: BTreeSet<&str> = want["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            (breaking, semver, rules, not_compared as u64),
            (
                want["breaking"].as_bool().expect("breaking"),
                want["semver"].as_str().expect("semver"),
                want_rules,
                want["not_compared"].as_u64().expect("not_compared")
            ),
            "{name}"
        );
        let theirs = match want["openapi_diff"].as_str() {
            Some("breaking") => Some(true),
            Some("not breaking") => Some(false),
            _ => None,
        };
        if let Some(theirs) = theirs {
            classified_by_both += 1;
            if theirs == breaking {
                agree += 1;
            } else {
                assert!(
                    !want["note"].as_str().unwrap_or_default().is_empty(),
                    "{name}: we and openapi-diff disagree, and no note says why"
                );
            }
        }
    }
    // At least 90% agreement where both classify (BENCHMARKS.md has the whole directory).
    assert!(
        agree * 10 >= classified_by_both * 9,
        "{agree} of {classified_by_both} agree"
    );
}

#[test]
fn the_corpus_command_reviews_a_folder_of_pairs() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["corpus", "--updates", "--without-openapi-diff", "--pairs"])
        .arg(committed_pairs())
        .output()
        .expect("run xtask");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("| reviewed by us | 20 |"), "{stdout}");
    assert!(stdout.contains("| panics | 0 | 0 |"), "{stdout}");
}
