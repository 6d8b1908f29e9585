//! `cargo xtask update-spec PATH` end to end on real updates of published documents (two
//! releases of the public OpenAPI directory, `spec-updates/`), each in a scratch workspace
//! that bundles the older document: a breaking update is refused and writes nothing, then
//! refused again until the version bump covers a major release, then taken (spec bundled,
//! bindings regenerated, CHANGELOG entry drafted); an update the ignore file accepts passes
//! the gate; a compatible update goes through strictly.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn pair(name: &str) -> (PathBuf, PathBuf) {
    let dir = xtask::workspace_root()
        .join("xtask/tests/spec-updates")
        .join(name);
    (dir.join("old.json"), dir.join("new.json"))
}

/// A workspace bundling `old`, generated from it, at version 1.4.0 (the last release).
fn workspace(name: &str, old: &Path, skip_unsupported: bool) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("spec")).expect("spec dir");
    fs::create_dir_all(root.join("vpn-api")).expect("crate dir");
    fs::copy(old, root.join("spec/openapi.json")).expect("bundle the old spec");
    fs::write(
        root.join("vpn-api/Cargo.toml"),
        "[package]\nname = \"vpn-api\"\nversion = \"1.4.0\"\n\n[dependencies]\nserde = { version = \"1\" }\n",
    )
    .expect("manifest");
    fs::write(
        root.join("vpn-api/CHANGELOG.md"),
        "# Changelog\n\n## Unreleased\n\n### Added\n- something\n\n## 1.4.0\n\n- the last release\n",
    )
    .expect("changelog");
    let spec = root.join("spec/openapi.json");
    let out = root.join("vpn-api/src/generated");
    let mut args = vec![
        "regenerate".to_string(),
        "--spec".into(),
        spec.to_string_lossy().into_owned(),
        "--out".into(),
        out.to_string_lossy().into_owned(),
    ];
    if skip_unsupported {
        args.push("--skip-unsupported".into());
    }
    let (code, _, stderr) = xtask(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{stderr}");
    root
}

fn xtask(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file of the workspace with its contents.
fn snapshot(root: &Path) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), fs::read_to_string(&path).expect("text")));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

fn update(root: &Path, new: &Path, extra: &[&str]) -> (i32, String, String) {
    let root = root.to_string_lossy();
    let new = new.to_string_lossy();
    let args = [
        &["update-spec", &new, "--root", &root, "--no-semver-checks"][..],
        extra,
    ]
    .concat();
    xtask(&args)
}

fn set_version(root: &Path, version: &str) {
    let manifest = root.join("vpn-api/Cargo.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(
        &manifest,
        text.replace("version = \"1.4.0\"", &format!("version = \"{version}\"")),
    )
    .expect("bump");
}

#[test]
fn a_breaking_update_is_refused_until_accepted_and_the_version_covers_it() {
    // gov.bc.ca jobposting: the one value the POST /jobs body's `lastRequestDate` accepts
    // changed (request-enum-value-removed: breaking; its enum variant goes: a major release).
    let (old, new) = pair("gov.bc.ca__jobposting");
    let root = workspace("update-breaking", &old, true);
    let before = snapshot(&root);

    let (code, stdout, stderr) = update(&root, &new, &["--skip-unsupported"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("| breaking | `request-enum-value-removed`"),
        "{stdout}"
    );
    assert!(
        stderr.contains("update refused: 1 breaking change"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(snapshot(&root), before, "a refused update writes nothing");

    let (code, _, stderr) = update(&root, &new, &["--skip-unsupported", "--accept-breaking"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("the review needs a major release after 1.4.0 (the last in the CHANGELOG), but vpn-api's version is 1.4.0: set `version = \"2.0.0\"`"),
        "{stderr}"
    );
    assert_eq!(snapshot(&root), before, "a refused update writes nothing");

    set_version(&root, "2.0.0");
    let (code, stdout, stderr) = update(&root, &new, &["--skip-unsupported", "--accept-breaking"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(
        fs::read(root.join("spec/openapi.json")).expect("bundled"),
        fs::read(&new).expect("new"),
        "the published document is bundled unchanged"
    );
    let models = fs::read_to_string(root.join("vpn-api/src/generated/models.rs")).expect("models");
    assert!(
        models.contains("V20251015T135140852Z"),
        "regenerated from the new document"
    );
    assert!(!models.contains("V20250515T135108675Z"));
    let changelog = fs::read_to_string(root.join("vpn-api/CHANGELOG.md")).expect("changelog");
    assert!(
        changelog.starts_with("# Changelog\n\n## Unreleased\n\n### Spec update: "),
        "{changelog}"
    );
    assert!(changelog.contains("(major release)\n- PostJobsBodyLastRequestDate: value \"2025-05-15T13:51:08.675Z\" removed (breaking, breaks Rust code)"), "{changelog}");
    assert!(
        changelog.contains("### Added\n- something\n\n## 1.4.0"),
        "{changelog}"
    );
    // The workspace is now up to date with its new spec.
    let spec = root.join("spec/openapi.json");
    let out = root.join("vpn-api/src/generated");
    let (code, _, stderr) = xtask(&[
        "regenerate",
        "--check",
        "--skip-unsupported",
        "--spec",
        &spec.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn an_update_the_ignore_file_accepts_passes_the_gate() {
    let (old, new) = pair("gov.bc.ca__jobposting");
    let root = workspace("update-ignored", &old, true);
    fs::write(
        root.join("spec/review-ignore.yaml"),
        "- rule: request-enum-value-removed\n  pointer: \"#/paths/~1jobs/post/requestBody/content/application~1json/schema/properties/lastRequestDate\"\n  reason: the value is the directory's generation time, not a real option\n",
    )
    .expect("ignore file");
    set_version(&root, "2.0.0");
    let (code, stdout, stderr) = update(&root, &new, &["--skip-unsupported"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("| accepted by the ignore file | 1 | |"),
        "{stdout}"
    );
}

#[test]
fn a_compatible_update_goes_through_strictly_with_a_patch_release() {
    // koomalooma: the documented defaults of two answer fields changed (info, patch).
    let (old, new) = pair("koomalooma.com");
    let root = workspace("update-compatible", &old, false);
    let (code, stdout, stderr) = update(&root, &new, &[]);
    assert_eq!(
        code, 1,
        "a patch step needs a version after 1.4.0: {stdout}\n{stderr}"
    );
    assert!(stderr.contains("set `version = \"1.4.1\"`"), "{stderr}");
    set_version(&root, "1.4.1");
    let (code, stdout, stderr) = update(&root, &new, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("**The generated crate needs a patch release.**"),
        "{stdout}"
    );
    let changelog = fs::read_to_string(root.join("vpn-api/CHANGELOG.md")).expect("changelog");
    assert!(changelog.contains("(patch release)\n- "), "{changelog}");
    assert!(
        changelog.contains(
            "default: \"2025-05-15T13:49:28.314Z\" -> \"2025-10-15T13:50:18.937Z\" (info)"
        ),
        "{changelog}"
    );
}

#[test]
fn a_renamed_tag_needs_a_major_release_though_the_wire_is_unchanged() {
    // The project's own spec with the tag `WireguardPeers` renamed: every operation is the
    // same on the wire (info only, the gate passes), but `client.wireguard_peers()`, its
    // handle type and its list request are renamed, so the Rust side asks for a major step.
    let bundled = xtask::workspace_root().join("spec/openapi.json");
    let spec = fs::read_to_string(&bundled).expect("spec");
    let renamed = spec.replace("\"WireguardPeers\"", "\"WireguardClients\"");
    assert_ne!(renamed, spec, "the tag is in the spec");
    let root = workspace("update-renamed-tag", &bundled, false);
    fs::copy(
        xtask::workspace_root().join("spec/overlay.json"),
        root.join("spec/overlay.json"),
    )
    .expect("overlay");
    let new = root.join("renamed.json");
    fs::write(&new, renamed).expect("renamed spec");
    let (code, stdout, stderr) = update(&root, &new, &[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("| info | `rust-handle-renamed`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("**`vpn_api` needs a major release.**"),
        "{stdout}"
    );
    assert!(
        stderr.contains("the review needs a major release after 1.4.0")
            && stderr.contains("set `version = \"2.0.0\"`"),
        "{stderr}"
    );
}
