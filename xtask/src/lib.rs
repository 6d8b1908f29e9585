//! The project's only driver of the generator, as a library: `main.rs` parses the command line
//! into a [`Task`] and runs it; tests parse and run tasks the same way. Also what other tools
//! share: the workspace root and a standalone copy of `vpn-api` (used by `semver-check` and by
//! the benchmark crate's clean builds).
//!
//! Exit codes, for every command: 0 done (or the gate passed), 1 the gate failed (stale
//! generated code, a review at or above `--fail-on`, an update refused), 2 could not run (bad
//! arguments, an unreadable or invalid input).

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

pub mod bench;
pub mod corpus;
pub mod diff;
pub mod oasdiff_corpus;
pub mod regenerate;
pub mod review_corpus;
pub mod scratch;
pub mod semver;
pub mod standalone;
pub mod update_spec;

/// `cargo xtask`: generate, review and update the bindings of the VPN Gateway API.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", disable_version_flag = true)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

/// One run of `cargo xtask`, parsed from its arguments.
#[derive(Debug, Subcommand)]
pub enum Task {
    /// Generate vpn-api/src/generated/ from spec/ (or check it is up to date).
    Regenerate(regenerate::Options),
    /// Review what changed between two spec versions: classified changes, the semver step
    /// vpn-api needs, and a gate for CI.
    Diff(diff::Options),
    /// Take a new published spec: review it against the bundled one, then bundle it,
    /// regenerate, check the version bump and draft the CHANGELOG entry.
    UpdateSpec(update_spec::Options),
    /// Run cargo-semver-checks on the crates generated from two spec versions.
    SemverCheck(semver::Options),
    /// Run every benchmark (figures in BENCHMARKS.md).
    Bench(bench::Options),
    /// Run the generator (or, with --updates, the review) over the public OpenAPI directory.
    Corpus(corpus::Options),
}

/// How a task that ran ended: what `main` turns into exit code 0 or 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The gate failed; the text says why (printed on stderr).
    GateFailed(String),
}

impl Task {
    /// The task the arguments (without the program name) ask for, or clap's error (usage,
    /// help) to print.
    pub fn try_parse(args: &[String]) -> Result<Task, clap::Error> {
        let argv = std::iter::once("cargo xtask".to_string()).chain(args.iter().cloned());
        Cli::try_parse_from(argv).map(|cli| cli.task)
    }

    /// Like [`try_parse`](Task::try_parse), with the error as the text clap would print.
    pub fn parse(args: &[String]) -> Result<Task, String> {
        Task::try_parse(args).map_err(|e| e.render().to_string())
    }

    /// Runs the task; the error (exit code 2) is what to print.
    pub fn run(&self) -> Result<Outcome, String> {
        match self {
            Task::Regenerate(options) => regenerate::run(options),
            Task::Diff(options) => diff::run(options),
            Task::UpdateSpec(options) => update_spec::run(options),
            Task::SemverCheck(options) => semver::run(options),
            Task::Bench(options) => bench::run(options).map(|()| Outcome::Done),
            Task::Corpus(options) if options.updates => review_corpus::run(options),
            Task::Corpus(options) if options.oasdiff => oasdiff_corpus::run(),
            Task::Corpus(options) => corpus::run(options).map(|()| Outcome::Done),
        }
    }
}

/// The workspace root (xtask lives one level below it), found at run time wherever possible:
/// the place compiled in is another checkout's when two clones share a target directory (cargo
/// then runs the binary built last, from either; `.ci/run`'s throwaway clone is deleted after).
/// First where cargo says xtask's manifest is, when cargo starts xtask itself (`cargo xtask`,
/// its tests); else the workspace around the current directory (the binary run directly, as
/// the benchmark does); else the place compiled in (other packages using this library).
pub fn workspace_root() -> PathBuf {
    root_from(
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        std::env::current_dir().ok(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    )
}

/// [`workspace_root`] from where cargo says xtask is, the current directory and the place
/// compiled in.
fn root_from(cargo_says: Option<PathBuf>, here: Option<PathBuf>, compiled: PathBuf) -> PathBuf {
    let is_xtask =
        |dir: &Path| dir.file_name() == compiled.file_name() && dir.join("src/lib.rs").is_file();
    let from_cargo = cargo_says.filter(|dir| is_xtask(dir));
    let from_current_dir = || {
        here?
            .ancestors()
            .map(|dir| dir.join("xtask"))
            .find(|dir| is_xtask(dir) && dir.with_file_name("Cargo.toml").is_file())
    };
    from_cargo
        .or_else(from_current_dir)
        .unwrap_or(compiled)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Today as `YYYY-MM-DD` (UTC), for the ignore file's expiry dates.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(seconds / 86_400)
}

/// The calendar date `days` after 1970-01-01 (proleptic Gregorian; Hinnant's algorithm).
pub fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::root_from;
    use std::path::PathBuf;

    /// The binary run directly (no cargo around it) from inside a checkout finds that checkout,
    /// not the one compiled in (a deleted clone that shared the target directory).
    #[test]
    fn the_workspace_is_found_from_the_current_directory() {
        let checkout = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/tmp/root-test");
        std::fs::create_dir_all(checkout.join("xtask/src")).expect("folders");
        std::fs::write(checkout.join("xtask/src/lib.rs"), "").expect("lib.rs");
        std::fs::write(checkout.join("Cargo.toml"), "[workspace]\n").expect("manifest");
        let gone = PathBuf::from("/nonexistent/deleted-clone/xtask");
        let here = checkout.join("vpn-api/src");
        assert_eq!(root_from(None, Some(here), gone.clone()), checkout);
        // Elsewhere, the place compiled in.
        assert_eq!(
            root_from(None, Some(PathBuf::from("/")), gone),
            PathBuf::from("/nonexistent/deleted-clone")
        );
    }
}
