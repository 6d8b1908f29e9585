//! `cargo xtask bench [--quick]`: every benchmark in one run (see BENCHMARKS.md). The benchmark
//! crate (`xtask/bench`) is a workspace of its own, so progenitor and criterion are built only
//! here, never by the project's build or tests.

use crate::workspace_root;
use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        _ => return Err("usage: cargo xtask bench [--quick]".into()),
    };
    let root = workspace_root();
    let manifest = root.join("xtask/bench/Cargo.toml");
    let target = root.join("target/bench-build");
    let cargo = |args: &[&str]| -> Result<(), String> {
        let status = Command::new("cargo")
            .args(args)
            .arg("--manifest-path")
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`cargo {}` failed", args.join(" ")))
        }
    };
    cargo(&["bench", "--bench", "figures"])?;
    let mut report = vec!["run", "--release", "--quiet"];
    if quick {
        report.extend(["--", "--quick"]);
    }
    cargo(&report)
}
