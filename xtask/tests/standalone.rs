//! The standalone copy of vpn-api (what `semver-check` and the benchmark's clean build use) is
//! a workspace cargo can read: vpn-api inherits package settings, dependency versions and
//! lints from it, so each of those sections must come along.

use std::process::Command;
use xtask::workspace_root;

#[test]
fn the_standalone_copy_is_a_workspace_cargo_reads() {
    let root = workspace_root().join("target/tmp/standalone-test");
    let krate = xtask::standalone::vpn_api_copy(&root, None).expect("copied");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ])
        .current_dir(&krate)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo cannot read the copy: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace manifest");
    for section in [
        "[workspace.package]",
        "[workspace.dependencies]",
        "[workspace.lints.rust]",
    ] {
        assert!(manifest.contains(section), "{section} missing:\n{manifest}");
    }
}
