//! "Rust that compiles, or a clear error": the output of every construct fixture
//! (`tests/constructs/`), of the stress documents (`tests/stress/`), and of the third-party
//! documents in `tests/corpus/` is type-checked as a crate of its own (`cargo check` with warnings denied, in a scratch
//! workspace under the target directory). Each crate is vpn-api's own hand-written source
//! (`lib.rs` and the runtime) with only `generated/` replaced, so this also proves that the
//! hand-written part names no generated item a spec may lack (servers, environment variables):
//! the third-party documents declare neither.
//!
//! The third-party documents also get a report: which constructs stopped the generator, each
//! with its JSON pointer (found by removing each reported construct and generating again), and
//! whether the rest compiles. `tests/third-party-report.json` keeps that report from regressing
//! (`UPDATE_EXPECT=1` rewrites it for review).

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Resolves a JSON pointer (`#/a/b~1c`) to its parent container and last token.
fn split_pointer(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Removes what an error points at: the whole operation for anything inside one (its
/// parameters, bodies and responses belong together), the node itself elsewhere.
fn remove(doc: &mut Value, pointer: &str) -> bool {
    let mut tokens = split_pointer(pointer);
    if tokens.first().map(String::as_str) == Some("paths") && tokens.len() > 3 {
        tokens.truncate(3);
    }
    let Some(last) = tokens.pop() else {
        return false;
    };
    let mut node = doc;
    for t in &tokens {
        node = match node {
            Value::Object(map) => match map.get_mut(t) {
                Some(n) => n,
                None => return false,
            },
            Value::Array(list) => match t.parse::<usize>().ok().and_then(|i| list.get_mut(i)) {
                Some(n) => n,
                None => return false,
            },
            _ => return false,
        };
    }
    match node {
        Value::Object(map) => map.shift_remove(&last).is_some(),
        Value::Array(list) => match last.parse::<usize>() {
            Ok(i) if i < list.len() => {
                list.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Every construct that stops the generator, and the output for the rest (if any is left).
fn survey(text: &str) -> (Vec<(String, String)>, Option<Vec<codegen::GeneratedFile>>) {
    let mut doc: Value = serde_json::from_str(text).expect("third-party documents are JSON");
    let mut found = Vec::new();
    for _ in 0..200 {
        let current = serde_json::to_string(&doc).expect("serialize");
        match generate(&current, "corpus") {
            Ok(files) => return (found, Some(files)),
            Err(e) => {
                let removed = remove(&mut doc, &e.pointer);
                found.push((e.pointer, e.message));
                if !removed {
                    break;
                }
            }
        }
    }
    (found, None)
}

/// A scratch crate per generated output, all in one workspace so the dependencies are checked
/// once; returns the `cargo check` output on failure.
fn check_crates(crates: &[(String, Vec<codegen::GeneratedFile>)]) -> Result<(), String> {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates");
    // vpn-api's features as the runtime knows them: TLS declared and off (no TLS stack to
    // build), the fake of `testkit` on, so every document's generated fake is compiled too.
    const FEATURES: &str = "[features]\ndefault = [\"testkit\"]\nrustls-tls = []\nnative-tls = []\n\
                            testkit = [\"tokio/net\", \"tokio/io-util\", \"tokio/rt\", \"tokio/sync\"]\n";
    let root_manifest =
        std::fs::read_to_string(workspace_root().join("Cargo.toml")).expect("root manifest");
    let deps_section = root_manifest
        .split("[workspace.dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("the root manifest has [workspace.dependencies]");
    let dep_names: Vec<&str> = deps_section
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(name, _)| name.trim()))
        .filter(|name| !name.starts_with('#'))
        .collect();
    let vpn_api_src = workspace_root().join("vpn-api/src");
    for entry in std::fs::read_dir(&scratch).into_iter().flatten().flatten() {
        if entry.file_name() != "target" {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let mut members = Vec::new();
    for (name, files) in crates {
        let dir = scratch.join(name);
        std::fs::create_dir_all(dir.join("generated")).expect("crate dir");
        let deps: String = dep_names
            .iter()
            .map(|d| format!("{d}.workspace = true\n"))
            .collect();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\npath = \"lib.rs\"\n\n[dependencies]\n{deps}\n{FEATURES}"
            ),
        )
        .expect("crate manifest");
        std::fs::copy(vpn_api_src.join("lib.rs"), dir.join("lib.rs")).expect("lib.rs");
        // lib.rs takes its crate docs from the crate's README, beside `src/`.
        std::fs::copy(vpn_api_src.join("../README.md"), scratch.join("README.md"))
            .expect("README.md");
        copy_dir(&vpn_api_src.join("runtime"), &dir.join("runtime"));
        for f in files {
            std::fs::write(dir.join("generated").join(&f.path), &f.contents)
                .expect("generated file");
        }
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[workspace.dependencies]{deps_section}\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest");
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .expect("lockfile");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "check",
            "--workspace",
            "--offline",
            "--quiet",
            "--message-format=short",
        ])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo check");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("directory");
    for entry in std::fs::read_dir(from).expect("source directory").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy source file");
        }
    }
}

fn crate_name(file: &str) -> String {
    let stem = file.split('.').next().unwrap_or(file);
    format!("gen-{stem}")
}

#[test]
fn generated_code_compiles_and_third_party_documents_keep_their_report() {
    let mut crates = Vec::new();

    for dir in ["tests/constructs", "tests/stress"] {
        for fixture in fixtures(&manifest_dir().join(dir), &["json", "yaml"]) {
            let files = generate(&read(&fixture), "fixture")
                .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
            crates.push((crate_name(&stem(&fixture)), files));
        }
    }

    let dir = manifest_dir().join("tests/corpus");
    let report_path = manifest_dir().join("tests/third-party-report.json");
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(&report_path).expect("third-party-report.json"),
    )
    .expect("report is JSON");
    let mut report = serde_json::Map::new();
    for file in ["buildomat.json", "keeper.json"] {
        let text = std::fs::read_to_string(dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()));
        let (unsupported, output) = survey(&text);
        let listed: Vec<Value> = unsupported
            .iter()
            .map(|(pointer, message)| serde_json::json!({"pointer": pointer, "message": message}))
            .collect();
        report.insert(
            file.to_string(),
            serde_json::json!({"unsupported": listed, "rest_generates": output.is_some()}),
        );
        if let Some(files) = output {
            crates.push((crate_name(file), files));
        }
    }
    let report = Value::Object(report);
    let shown = serde_json::to_string_pretty(&report).expect("report");
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("third-party documents:\n{shown}\n").as_bytes(),
    );
    if update_expected() {
        std::fs::write(&report_path, format!("{shown}\n")).expect("write report");
    } else {
        assert_eq!(
            report, want,
            "the report changed; rerun with UPDATE_EXPECT=1 and review"
        );
    }

    let names: Vec<&str> = crates.iter().map(|(n, _)| n.as_str()).collect();
    if let Err(errors) = check_crates(&crates) {
        panic!("generated code does not compile ({names:?}):\n{errors}");
    }
}
