//! The project's only driver of the generator, as a library: `main.rs` parses the command line
//! into a [`Task`] and runs it; tests parse and run tasks the same way. Also what other tools
//! share: the workspace root and a standalone copy of `vpn-api` (used by `semver-check` and by
//! the benchmark crate's clean builds).

use std::path::{Path, PathBuf};

pub mod bench;
pub mod corpus;
pub mod diff;
pub mod regenerate;
pub mod scratch;
pub mod semver;
pub mod standalone;

/// Every subcommand and its arguments.
pub const USAGE: &str = "usage: cargo xtask regenerate [--check] [--spec PATH] [--overlay PATH | --no-overlay] [--out DIR] [--skip-unsupported]\n       cargo xtask diff OLD NEW [--format markdown|json] [--no-overlay]   (OLD/NEW: a file or git:REV)\n       cargo xtask semver-check OLD NEW   (needs cargo-semver-checks)\n       cargo xtask bench [--quick]\n       cargo xtask corpus [--sample N] [--dir DIR] [--top N] [--check N] [--with-progenitor]";

/// One run of `cargo xtask`, parsed from its arguments.
pub enum Task {
    /// `regenerate [--check] [--spec PATH] [--overlay PATH | --no-overlay] [--out DIR] [--skip-unsupported]`
    Regenerate(regenerate::Options),
    /// `diff OLD NEW [--format markdown|json] [--no-overlay]`
    Diff(diff::Options),
    /// `semver-check OLD NEW`
    SemverCheck(semver::Options),
    /// `bench [--quick]`
    Bench(bench::Options),
    /// `corpus [--sample N] [--dir DIR] [--top N] [--check N] [--with-progenitor]`
    Corpus(corpus::Options),
    /// `--help`, `-h` or nothing: print [`USAGE`].
    Help,
}

impl Task {
    /// The task the arguments (without the program name) ask for, or what is wrong with them.
    pub fn parse(args: &[String]) -> Result<Task, String> {
        let rest = args.get(1..).unwrap_or_default();
        match args.first().map(String::as_str) {
            Some("regenerate") => regenerate::Options::parse(rest).map(Task::Regenerate),
            Some("diff") => diff::Options::parse(rest).map(Task::Diff),
            Some("semver-check") => semver::Options::parse(rest).map(Task::SemverCheck),
            Some("bench") => bench::Options::parse(rest).map(Task::Bench),
            Some("corpus") => corpus::Options::parse(rest).map(Task::Corpus),
            Some("-h" | "--help") | None => Ok(Task::Help),
            Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
        }
    }

    /// Runs the task; the error is what to print before exiting with failure.
    pub fn run(&self) -> Result<(), String> {
        match self {
            Task::Regenerate(options) => regenerate::run(options),
            Task::Diff(options) => diff::run(options),
            Task::SemverCheck(options) => semver::run(options),
            Task::Bench(options) => bench::run(options),
            Task::Corpus(options) => corpus::run(options),
            Task::Help => {
                println!("{USAGE}");
                Ok(())
            }
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
