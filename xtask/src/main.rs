//! The project's only driver of the generator: `cargo xtask regenerate [--check]`, and
//! `cargo xtask diff OLD NEW` to review what a new spec version changes.
//!
//! Reads `spec/`, calls `codegen`, and writes `vpn-api/src/generated/`, only after generation
//! has fully succeeded, so a broken spec leaves the committed files untouched.

use std::process::ExitCode;
use xtask::workspace_root;

const USAGE: &str = "usage: cargo xtask regenerate [--check] [--spec PATH] [--overlay PATH | --no-overlay] [--out DIR]\n       cargo xtask diff OLD NEW [--format markdown|json] [--no-overlay]   (OLD/NEW: a file or git:REV)\n       cargo xtask semver-check OLD NEW   (needs cargo-semver-checks)\n       cargo xtask bench [--quick]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regenerate") => {
            regenerate::Options::parse(&args[1..]).and_then(|o| regenerate::run(&o))
        }
        Some("diff") => diff::Options::parse(&args[1..]).and_then(|o| diff::run(&o)),
        Some("semver-check") => semver::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

mod bench;
mod diff;
mod regenerate;
mod semver;
