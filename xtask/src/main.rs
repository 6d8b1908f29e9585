//! `cargo xtask <command>`: see `cargo xtask --help` and [`xtask::Task`].
//!
//! Exit codes: 0 done, 1 the gate failed, 2 could not run.

use std::process::ExitCode;
use xtask::{Outcome, Task};

// Generation allocates and frees millions of small nodes (tokens, syntax trees): with the
// system allocator that was 40% of the time on one core.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = match Task::try_parse(&args) {
        Ok(task) => task,
        // Help goes to stdout with 0, usage errors to stderr with 2.
        Err(e) => e.exit(),
    };
    match task.run() {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::GateFailed(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
