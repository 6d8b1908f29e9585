//! Ours and progenitor side by side on the same documents of the public OpenAPI directory
//! (run by `cargo xtask corpus --with-progenitor`, which passes `--dir` and `--sample`).
//!
//! 1. Every document through both generators in this process, each call in its own
//!    `catch_unwind`: generated / clean error / panic counts. Ours runs with
//!    `--skip-unsupported` (what a maintainer runs on a third-party document); progenitor
//!    has no such mode.
//! 2. The largest documents both generate, each generator in a fresh process of its own
//!    (`--measure ours|progenitor FILE`, median of 3): wall time, peak memory (`VmHWM`) and
//!    generated lines, the way a maintainer's run costs them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn progenitor(text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut generator =
        progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| e.to_string())?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}

fn ours(text: &str) -> Result<String, String> {
    let generated = xtask::corpus::generate(text, "corpus").map_err(|e| e.to_string())?;
    Ok(generated.files.into_iter().map(|f| f.contents).collect())
}

#[derive(Default)]
struct Counts {
    generated: usize,
    errors: usize,
    panics: usize,
}

fn run(generate: fn(&str) -> Result<String, String>, text: &str, counts: &mut Counts) -> bool {
    match std::panic::catch_unwind(|| generate(text)) {
        Ok(Ok(_)) => {
            counts.generated += 1;
            true
        }
        Ok(Err(_)) => {
            counts.errors += 1;
            false
        }
        Err(_) => {
            counts.panics += 1;
            false
        }
    }
}

/// `--measure ours|progenitor FILE`: one generation, then `ms peak_kb lines` on stdout.
fn measure(which: &str, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let out = match which {
        "ours" => ours(&text)?,
        _ => progenitor(&text)?,
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    println!("{ms:.1} {peak_kb} {}", vpn_bench::lines(&out));
    Ok(())
}

/// Median of three fresh processes: (ms, peak MB, lines).
fn measured(which: &str, path: &Path) -> Option<(f64, f64, usize)> {
    let exe = std::env::current_exe().ok()?;
    let mut runs = Vec::new();
    for _ in 0..3 {
        let out = Command::new(&exe)
            .args(["--measure", which])
            .arg(path)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut parts = text.split_whitespace();
        let ms: f64 = parts.next()?.parse().ok()?;
        let kb: f64 = parts.next()?.parse().ok()?;
        let lines: usize = parts.next()?.parse().ok()?;
        runs.push((ms, kb / 1024.0, lines));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs.get(1).copied()
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--measure") {
        let (Some(which), Some(path)) = (args.get(1), args.get(2)) else {
            return Err("--measure ours|progenitor FILE".into());
        };
        return measure(which, Path::new(path));
    }
    let mut dir = None;
    let mut sample = None;
    let mut largest = 8;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dir" => dir = it.next().map(PathBuf::from),
            "--sample" => sample = it.next().and_then(|n| n.parse().ok()),
            "--largest" => largest = it.next().and_then(|n| n.parse().ok()).unwrap_or(8),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let dir = dir.ok_or("--dir DIR is needed")?;
    let documents = xtask::corpus::documents(&dir, sample)?;
    std::panic::set_hook(Box::new(|_| {}));
    let (mut ours_counts, mut theirs) = (Counts::default(), Counts::default());
    let mut both = Vec::new();
    for path in &documents {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let a = run(ours, &text, &mut ours_counts);
        let b = run(progenitor, &text, &mut theirs);
        if a && b {
            both.push((text.len(), path.clone()));
        }
    }
    let _ = std::panic::take_hook();
    let total = documents.len();
    let percent = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
    println!("\nside by side on the same {total} documents:");
    println!("  {:<22} {:>14} {:>14}", "", "ours", "progenitor");
    for (label, a, b) in [
        ("generated", ours_counts.generated, theirs.generated),
        ("clean error", ours_counts.errors, theirs.errors),
        ("panicked", ours_counts.panics, theirs.panics),
    ] {
        println!(
            "  {label:<22} {:>6} ({:>4.1}%) {:>6} ({:>4.1}%)",
            a,
            percent(a),
            b,
            percent(b)
        );
    }
    println!("  both generate          {:>6}", both.len());

    both.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    println!("\nthe {largest} largest documents both generate (fresh process each, median of 3):");
    println!(
        "  {:<44} {:>7} {:>9} {:>9} {:>7} {:>8} {:>8} {:>9} {:>9}",
        "document",
        "KB",
        "ours ms",
        "prog. ms",
        "ratio",
        "ours MB",
        "prog. MB",
        "ours ln",
        "prog. ln"
    );
    for (size, path) in both.iter().take(largest) {
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        match (measured("ours", path), measured("progenitor", path)) {
            (Some(a), Some(b)) => println!(
                "  {name:<44} {:>7} {:>9.1} {:>9.1} {:>6.2}x {:>8.0} {:>8.0} {:>9} {:>9}",
                size / 1024,
                a.0,
                b.0,
                a.0 / b.0,
                a.1,
                b.1,
                a.2,
                b.2
            ),
            _ => println!("  {name:<44} (a measuring run failed)"),
        }
    }
    Ok(())
}
