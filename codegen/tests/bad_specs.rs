//! The bad-spec corpus (`tests/bad-specs/`): malformed and unsupported documents, one test per
//! document, named after it (`cargo test -p vpn-codegen --test bad_specs -- cyclic-aliases`).
//! Each `NAME.json` (or `.yaml`) has its expectation beside it in `NAME.expected`: the error's
//! kind and JSON pointer on the first line (what the test matches), its message on the second
//! (for the reader; refreshed with `UPDATE_EXPECT=1`). Documents that generate live in
//! `tests/constructs/` with their expected output instead.

mod common;

use common::*;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::Path;

fn check(document: &Path) -> Result<(), Failed> {
    let expected_path = document.with_extension("expected");
    let outcome = generate_with_deadline(read(document), "bad-spec")?;
    let error = match outcome {
        Ok(_) => {
            return Err(format!(
                "{} generates; a document that generates belongs in tests/constructs/",
                document.display()
            )
            .into())
        }
        Err(error) => error,
    };
    if error.message.is_empty() || error.to_string().contains('\n') {
        return Err(format!("the error is not one non-empty line: {error:?}").into());
    }
    let found = format!("{} {}", error.kind.as_str(), error.pointer);
    if update_expected() {
        expect_file(&expected_path, &format!("{found}\n{}\n", error.message))?;
        return Ok(());
    }
    let expected = read(&expected_path);
    let want = expected.lines().next().unwrap_or_default();
    if want != found {
        return Err(format!(
            "expected `{want}`, got `{found}`: {}\n(rerun with UPDATE_EXPECT=1 and review)",
            error.message
        )
        .into());
    }
    Ok(())
}

fn main() {
    let dir = manifest_dir().join("tests/bad-specs");
    let documents = fixtures(&dir, &["json", "yaml"]);
    let mut trials: Vec<Trial> = documents
        .iter()
        .map(|document| {
            let document = document.clone();
            Trial::test(stem(&document), move || check(&document))
        })
        .collect();
    trials.push(Trial::test(
        "every_document_and_expectation_come_in_pairs",
        move || {
            let expectations = fixtures(&dir, &["expected"]);
            let orphans: Vec<String> = expectations
                .iter()
                .filter(|e| {
                    !documents
                        .iter()
                        .any(|d| d.with_extension("expected") == **e)
                })
                .map(|e| e.display().to_string())
                .collect();
            let unexpected: Vec<String> = documents
                .iter()
                .filter(|d| !expectations.contains(&d.with_extension("expected")))
                .map(|d| d.display().to_string())
                .collect();
            if orphans.is_empty() && unexpected.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "expectations without a document: {orphans:?}; documents without an expectation: {unexpected:?}"
                )
                .into())
            }
        },
    ));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
