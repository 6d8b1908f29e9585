//! `cargo xtask regenerate [--check]`, `cargo xtask diff OLD NEW`, `cargo xtask semver-check
//! OLD NEW`, `cargo xtask bench [--quick]`: see [`xtask::USAGE`].
//!
//! `regenerate` reads `spec/`, calls `codegen`, and writes `vpn-api/src/generated/`, only after
//! generation has fully succeeded, so a broken spec leaves the committed files untouched.

use std::process::ExitCode;
use xtask::Task;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match Task::parse(&args).and_then(|task| task.run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
