//! `cargo xtask diff OLD NEW` as CI runs it: the Markdown and JSON reports, the gate's exit
//! codes (0 clean, 1 failed, 2 could not run), the ignore file, `git:REV` inputs, and one
//! line naming the side and the pointer when a document is broken.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs xtask: (exit code, stdout, stderr).
fn xtask(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(xtask::workspace_root())
        .output()
        .expect("run xtask");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(name: &str, text: &str) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

fn bundled() -> serde_json::Value {
    let text =
        std::fs::read_to_string(xtask::workspace_root().join("spec/openapi.json")).expect("spec");
    serde_json::from_str(&text).expect("json")
}

/// The bundled spec with one compatible change (a new optional peer field) and one breaking
/// one (a tunnel's name may be at most 100 characters, was 255).
fn edited_spec() -> String {
    let mut doc = bundled();
    doc["components"]["schemas"]["WireguardPeer"]["properties"]["keepalive"] =
        serde_json::json!({"type": "integer", "format": "int32"});
    doc["components"]["schemas"]["IPSecTunnel"]["properties"]["name"]["maxLength"] =
        serde_json::json!(100);
    write("edited-openapi.json", &doc.to_string())
}

const TIGHTENED: &str = "#/components/schemas/IPSecTunnel/properties/name/maxLength";

#[test]
fn markdown_and_json_reports() {
    let edited = edited_spec();
    let (code, stdout, stderr) = xtask(&["diff", "spec/openapi.json", &edited, "--no-ignore"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("## Spec review: `spec/openapi.json` -> `"),
        "{stdout}"
    );
    assert!(stdout.contains("| breaking | 1 | 0 |"), "{stdout}");
    assert!(stdout.contains("| info | 3 | 0 |"), "{stdout}");
    assert!(
        stdout.contains("**`vpn_api` needs a minor release.**"),
        "{stdout}"
    );
    assert!(
        stdout.contains("<details><summary>Changes (4)</summary>"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| breaking | `request-constraint-tightened` | IPSecTunnel.name maxLength: 255 -> 100 |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`validation::ip_sec_tunnel::NAME_MAX_LENGTH`"),
        "{stdout}"
    );

    let (code, stdout, stderr) = xtask(&[
        "diff",
        "spec/openapi.json",
        &edited,
        "--format",
        "json",
        "--no-ignore",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(report["schema_version"], 2);
    assert_eq!(report["semver"], "minor");
    assert_eq!(report["summary"]["breaking"], 1);
    assert_eq!(report["gate"]["failed"], false);
    let list = report["changes"].as_array().expect("a list");
    assert_eq!(list.len(), 4);
    for change in list {
        for key in [
            "rule",
            "severity",
            "wire_effect",
            "rust",
            "rust_items",
            "location",
            "description",
        ] {
            assert!(change.get(key).is_some(), "{key} in {change}");
        }
    }
    assert_eq!(list[0]["rule"], "request-constraint-tightened");
    assert_eq!(list[0]["location"], TIGHTENED);
}

#[test]
fn the_gate_fails_on_breaking_and_passes_an_unchanged_spec() {
    let edited = edited_spec();
    let (code, _, stderr) = xtask(&[
        "diff",
        "spec/openapi.json",
        &edited,
        "--fail-on",
        "breaking",
        "--no-ignore",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("review gate failed"), "{stderr}");
    let (code, stdout, stderr) = xtask(&[
        "diff",
        "git:HEAD",
        "spec/openapi.json",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("No changes a client can see."), "{stdout}");
}

#[test]
fn an_ignore_entry_silences_exactly_its_change() {
    let edited = edited_spec();
    let ignore = write(
        "review-ignore.yaml",
        &format!(
            "- rule: request-constraint-tightened\n  pointer: \"{TIGHTENED}\"\n  reason: the API never accepted longer names\n  expires: 2099-01-01\n"
        ),
    );
    let args = [
        "diff",
        "spec/openapi.json",
        &edited,
        "--fail-on",
        "breaking",
        "--ignore",
        &ignore,
    ];
    let (code, stdout, stderr) = xtask(&args);
    assert_eq!(code, 0, "{stderr}\n{stdout}");
    assert!(stdout.contains("| breaking | 0 | 0 |"), "{stdout}");
    assert!(
        stdout.contains("| accepted by the ignore file | 1 | |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the API never accepted longer names"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| info | 3 | 0 |"),
        "the other changes stay (the field, its builder setter and its `with_` setter): {stdout}"
    );
    // The same entry, expired: it silences nothing and is reported.
    let (code, stdout, _) = xtask(&[&args[..], &["--today", "2099-01-01"]].concat());
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("| expired | `request-constraint-tightened`"),
        "{stdout}"
    );
    // An entry no change matches is stale: a warning.
    let stale = write(
        "stale-ignore.yaml",
        "- {rule: operation-removed, pointer: '#/paths/~1gone/get', reason: old news}\n",
    );
    let (code, stdout, _) = xtask(&[
        "diff",
        "git:HEAD",
        "spec/openapi.json",
        "--ignore",
        &stale,
        "--fail-on",
        "warning",
    ]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("| unmatched | `operation-removed` | `#/paths/~1gone/get`"),
        "{stdout}"
    );
    // A misspelt rule stops the run (2), naming the entry.
    let typo = write(
        "typo-ignore.yaml",
        "- {rule: operation-remove, pointer: '#/a', reason: r}\n",
    );
    let (code, _, stderr) = xtask(&["diff", "git:HEAD", "spec/openapi.json", "--ignore", &typo]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("entry 1: unknown rule `operation-remove`"),
        "{stderr}"
    );
}

#[test]
fn broken_inputs_give_one_line_naming_the_side_and_pointer() {
    // A negative `minLength`: no reading of it makes sense, whatever the mode (an operation
    // without `responses` is read past instead, with a warning).
    let broken = write(
        "broken-openapi.json",
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string", "minLength": -3}}}}}}}}}"#,
    );
    let (code, stdout, stderr) = xtask(&["diff", "spec/openapi.json", &broken, "--no-overlay"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: new spec: "), "{stderr}");
    assert!(stderr.contains("#/paths/~1a/get"), "{stderr}");
    let (code, _, stderr) = xtask(&["diff", "spec/openapi.json", "no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read no/such/file.json"), "{stderr}");
    let (code, _, stderr) = xtask(&["diff", "git:no-such-revision", "spec/openapi.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("git:no-such-revision"), "{stderr}");
    let (code, _, stderr) = xtask(&["diff", "spec/openapi.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Usage: cargo xtask diff"), "{stderr}");
}

#[test]
fn yaml_and_openapi_3_1_documents_are_reviewed() {
    let old = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: [string, 'null']}}\n";
    let new = old.replace("operationId: listThings\n", "operationId: listThings\n      parameters:\n        - {name: q, in: query, required: true, schema: {type: string}}\n");
    let (old, new): (PathBuf, PathBuf) = (
        write("old.yaml", old).into(),
        write("new.yaml", &new).into(),
    );
    let (code, stdout, stderr) = xtask(&[
        "diff",
        &old.to_string_lossy(),
        &new.to_string_lossy(),
        "--no-overlay",
        "--format",
        "json",
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        report["changes"][0]["rule"],
        "required-request-parameter-added"
    );
    assert_eq!(report["semver"], "major");
    assert_eq!(report["gate"]["failed"], true);
}

#[test]
fn a_chain_of_schemas_too_long_to_follow_is_refused_by_its_pointer_not_a_crash() {
    // 2,000 schemas, each a `$ref` to the next: this used to overflow the stack (an abort, no
    // message); both commands now stop with the place where they stopped following.
    let chain = "codegen/tests/bad-specs/ref-chain-2000-long.json";
    let (code, stdout, stderr) = xtask(&["diff", chain, chain, "--no-overlay"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr
            .starts_with("error: old spec: #/components/schemas/S256: schemas nest more than 256"),
        "{stderr}"
    );
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chain-out");
    let out = out.to_string_lossy();
    let (code, _, stderr) = xtask(&["regenerate", "--spec", chain, "--no-overlay", "--out", &out]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("#/components/schemas/S256"), "{stderr}");
    assert!(!Path::new(out.as_ref()).exists(), "nothing is written");
}
