//! `cargo xtask diff OLD NEW` from the command line: Markdown and JSON reports, `git:REV`
//! inputs, exit code 0 with or without changes, non-zero with the reason when an input
//! cannot be read.

use std::path::{Path, PathBuf};
use std::process::Command;

fn xtask(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(xtask::workspace_root())
        .output()
        .expect("run xtask");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn edited_spec() -> PathBuf {
    let text =
        std::fs::read_to_string(xtask::workspace_root().join("spec/openapi.json")).expect("spec");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    doc["components"]["schemas"]["WireguardPeer"]["properties"]["keepalive"] =
        serde_json::json!({"type": "integer", "format": "int32"});
    doc["components"]["schemas"]["IPSecTunnel"]["properties"]["name"]["maxLength"] =
        serde_json::json!(100);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edited-openapi.json");
    std::fs::write(&path, doc.to_string()).expect("write");
    path
}

#[test]
fn markdown_and_json_reports() {
    let edited = edited_spec();
    let edited = edited.to_string_lossy();
    let (ok, stdout, stderr) = xtask(&["diff", "spec/openapi.json", &edited]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("2 changes, 1 breaking"), "{stdout}");
    assert!(
        stdout.contains("| compatible | WireguardPeer: optional field keepalive added"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`validation::ip_sec_tunnel::NAME_MAX_LENGTH`"),
        "{stdout}"
    );

    let (ok, stdout, stderr) = xtask(&["diff", "spec/openapi.json", &edited, "--format", "json"]);
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON report");
    let list = report.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    for change in list {
        for key in ["kind", "location", "breaking", "rust_items", "description"] {
            assert!(change.get(key).is_some(), "{key} in {change}");
        }
    }
    assert_eq!(list[0]["kind"], "constraint-tightened");
    assert_eq!(
        list[0]["location"],
        "#/components/schemas/IPSecTunnel/properties/name/maxLength"
    );
}

#[test]
fn git_revisions_and_unreadable_inputs() {
    let (ok, stdout, stderr) = xtask(&["diff", "git:HEAD", "spec/openapi.json"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with("## API changes: `git:HEAD` -> `spec/openapi.json`"),
        "{stdout}"
    );

    let (ok, _, stderr) = xtask(&["diff", "spec/openapi.json", "no/such/file.json"]);
    assert!(!ok);
    assert!(stderr.contains("cannot read no/such/file.json"), "{stderr}");
    let (ok, _, stderr) = xtask(&["diff", "git:no-such-revision", "spec/openapi.json"]);
    assert!(!ok);
    assert!(stderr.contains("git:no-such-revision"), "{stderr}");
    let (ok, _, stderr) = xtask(&["diff", "spec/openapi.json"]);
    assert!(!ok);
    assert!(stderr.contains("exactly two inputs"), "{stderr}");
}
