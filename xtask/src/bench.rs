//! `cargo xtask bench [--quick] [--builds-only]`: every benchmark in one run (see BENCHMARKS.md). The benchmark
//! crate (`xtask/bench`) is a workspace of its own, so progenitor and criterion are built only
//! here, never by the project's build or tests.

use crate::workspace_root;
use std::path::Path;
use std::process::Command;

/// Whether to run the shorter report.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// The report's quick mode (fewer clean builds).
    #[arg(long)]
    pub quick: bool,
    /// Only the clean builds (ours against progenitor's, taking turns), with cargo's
    /// `--timings` seconds of the runtime and vpn-api; no criterion run.
    #[arg(long)]
    pub builds_only: bool,
}

/// The cargo command lines the benchmark runs, in order: cargo's own options first, then
/// `--` and the report's (so `--quick` reaches the report, not cargo).
pub fn commands(options: &Options, manifest: &Path) -> Vec<Vec<String>> {
    let manifest = manifest.display().to_string();
    // The workspace has two binaries (the report and `corpus`): name the report's.
    let mut report: Vec<String> = [
        "run",
        "--release",
        "--quiet",
        "--manifest-path",
        &manifest,
        "--bin",
        "vpn-bench",
    ]
    .map(String::from)
    .to_vec();
    let flags: Vec<&str> = [
        (options.quick, "--quick"),
        (options.builds_only, "--builds-only"),
    ]
    .into_iter()
    .filter_map(|(on, flag)| on.then_some(flag))
    .collect();
    if !flags.is_empty() {
        report.push("--".to_string());
        report.extend(flags.into_iter().map(String::from));
    }
    let criterion = ["bench", "--bench", "figures", "--manifest-path", &manifest]
        .map(String::from)
        .to_vec();
    if options.builds_only {
        vec![report]
    } else {
        vec![criterion, report]
    }
}

/// Runs the criterion benchmarks, then the report.
pub fn run(options: &Options) -> Result<(), String> {
    let root = workspace_root();
    let target = root.join("target/bench-build");
    for args in commands(options, &root.join("xtask/bench/Cargo.toml")) {
        let status = Command::new("cargo")
            .args(&args)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo {}` failed", args.join(" ")));
        }
    }
    Ok(())
}
