//! `cargo xtask bench` runs the criterion benches, then this report: lines of generated code,
//! clean build times (median of 3, fresh target directories), `cargo xtask regenerate` wall time,
//! and the criterion medians, as a table of figures and ratios and as
//! `target/bench/summary.json`.
//!
//! `--quick` builds each crate once instead of three times; `--builds-only` runs the clean
//! builds alone, with cargo's `--timings` seconds of the runtime and vpn-api.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| vpn_bench::root().join("target/bench-build"))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// A criterion median in nanoseconds, from its `estimates.json`.
fn criterion_ns(group: &str, name: &str) -> Result<f64, String> {
    let path = target_dir()
        .join("criterion")
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run the criterion benches first)", path.display()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    v["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median", path.display()))
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("dir");
    }
    std::fs::write(path, text).expect("write");
}

/// A standalone copy of vpn-api, as a user's build would compile it.
fn scaffold_vpn_api(dir: &Path) {
    xtask::standalone::vpn_api_copy(dir, None).unwrap_or_else(|e| panic!("{e}"));
}

/// The crate progenitor makes of the same (edited) spec, with the same TLS stack (rustls + ring).
fn scaffold_progenitor(dir: &Path, code: &str) {
    let _ = std::fs::remove_dir_all(dir);
    write(
        &dir.join("Cargo.toml"),
        r#"[package]
name = "vpn-progenitor"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
progenitor-client = "=0.15.1"
regress = "0.10"
# progenitor-client 0.15 is built on reqwest 0.13, whose default rustls uses aws-lc (a C build);
# rustls with ring is what vpn-api compiles through reqwest 0.12, so build the same here.
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "json", "stream"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
uuid = { version = "1", features = ["serde"] }
"#,
    );
    write(
        &dir.join("src/lib.rs"),
        &format!("#![allow(clippy::all, unused)]\n{code}"),
    );
}

/// Fetches what the crate at `dir` needs, so the builds time compiling only.
fn fetch(dir: &Path) -> Result<(), String> {
    let fetch = Command::new("cargo").arg("fetch").current_dir(dir).status();
    if !fetch.map(|s| s.success()).unwrap_or(false) {
        return Err(format!("cargo fetch failed in {}", dir.display()));
    }
    Ok(())
}

/// Seconds for one `cargo build` of the crate at `dir` in a fresh target directory; with
/// `timings`, cargo also writes its per-crate report (`target/cargo-timings/`).
fn clean_build(dir: &Path, timings: bool) -> Result<f64, String> {
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    let mut args = vec!["build", "--offline", "--quiet"];
    if timings {
        args.push("--timings");
    }
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(&args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo build failed in {}", dir.display()));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// The two crates the clean-build figure compares, scaffolded below `target/bench/builds`:
/// ours, and progenitor's `positional` output.
fn build_dirs(positional: &str) -> (PathBuf, PathBuf) {
    let builds = vpn_bench::root().join("target/bench/builds");
    let (ours, peer) = (builds.join("vpn-api"), builds.join("progenitor"));
    scaffold_vpn_api(&ours);
    scaffold_progenitor(&peer, positional);
    (ours, peer)
}

/// Seconds for `cargo build` of each crate, `runs` times, in fresh target directories: the
/// two crates take turns, so a busier moment of the machine weighs on both alike. With
/// `timings`, the last build of each also writes cargo's `--timings` report (both pay for it).
fn clean_builds(
    ours: &Path,
    peer: &Path,
    runs: usize,
    timings: bool,
) -> Result<(Vec<f64>, Vec<f64>), String> {
    fetch(ours)?;
    fetch(peer)?;
    let (mut ours_s, mut peer_s) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let report = timings && run + 1 == runs;
        ours_s.push(clean_build(ours, report)?);
        peer_s.push(clean_build(peer, report)?);
    }
    Ok((ours_s, peer_s))
}

/// Seconds cargo's `--timings` report gives each of `units` (the crate names), from the last
/// build of the crate at `dir`.
fn unit_seconds(dir: &Path, units: &[&str]) -> Vec<(String, f64)> {
    let report = dir.join("target/cargo-timings/cargo-timing.html");
    let Ok(html) = std::fs::read_to_string(&report) else {
        return Vec::new();
    };
    // The report holds its figures as `const UNIT_DATA = [` ... `];` (one line or many).
    let Some(data) = html
        .split("const UNIT_DATA = ")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
    else {
        return Vec::new();
    };
    let Ok(Value::Array(entries)) = serde_json::from_str::<Value>(&format!("{data}]")) else {
        return Vec::new();
    };
    units
        .iter()
        .filter_map(|unit| {
            let seconds: f64 = entries
                .iter()
                .filter(|e| e["name"] == *unit)
                .filter_map(|e| e["duration"].as_f64())
                .sum();
            (seconds > 0.0).then(|| (unit.to_string(), seconds))
        })
        .collect()
}

/// Wall time of the real `cargo xtask regenerate --check` binary (already built).
fn regenerate_times(runs: usize) -> Result<Vec<f64>, String> {
    let root = vpn_bench::root();
    let build = Command::new("cargo")
        .args(["build", "--quiet", "-p", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if !build.success() {
        return Err("cannot build xtask".into());
    }
    let xtask = root.join("target/debug/xtask");
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let out = Command::new(&xtask)
            .args(["regenerate", "--check"])
            .current_dir(&root)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        times.push(started.elapsed().as_secs_f64());
    }
    Ok(times)
}

fn fmt_ns(ns: f64) -> String {
    let d = Duration::from_nanos(ns as u64);
    if ns >= 1e9 {
        format!("{:.2} s", d.as_secs_f64())
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

/// Median milliseconds of each stage of our generator (release build), to see where time goes.
fn stage_profile(spec: &str, overlay: &str) -> Vec<(&'static str, f64)> {
    let time = |f: &mut dyn FnMut()| -> f64 {
        let runs: Vec<f64> = (0..30)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        median(runs)
    };
    let doc = codegen::load::load(spec, Some(overlay)).expect("load");
    let api = codegen::resolve::resolve(&doc).expect("resolve");
    let files = codegen::emit::emit(&api);
    vec![
        (
            "load (parse, overlay, openapiv3)",
            time(&mut || {
                std::hint::black_box(codegen::load::load(spec, Some(overlay)).expect("load"));
            }),
        ),
        (
            "resolve (IR)",
            time(&mut || {
                std::hint::black_box(codegen::resolve::resolve(&doc).expect("resolve"));
            }),
        ),
        (
            "emit (tokens)",
            time(&mut || {
                std::hint::black_box(codegen::emit::emit(&api));
            }),
        ),
        (
            "format (syn + prettyplease)",
            time(&mut || {
                for f in &files {
                    std::hint::black_box(
                        codegen::format::format_file(
                            f.path,
                            f.tokens.clone(),
                            "",
                            codegen::emit::VERBATIM_MARKER,
                        )
                        .expect("format"),
                    );
                }
            }),
        ),
    ]
}

/// What a ratio must be: at most or at least a bound, or nothing to meet.
#[derive(Clone, Copy)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
    None,
}

struct Row {
    figure: &'static str,
    ours: String,
    peer: String,
    ratio: f64,
    target: Target,
}

impl Row {
    fn met(&self) -> Option<bool> {
        match self.target {
            Target::AtMost(bound) => Some(self.ratio <= bound),
            Target::AtLeast(bound) => Some(self.ratio >= bound),
            Target::None => None,
        }
    }

    fn target_text(&self) -> String {
        match self.target {
            Target::AtMost(bound) => format!("<= {bound}x"),
            Target::AtLeast(bound) => format!(">= {bound}x"),
            Target::None => "-".into(),
        }
    }
}

/// The table BENCHMARKS.md quotes, in Markdown.
fn print_table(rows: &[Row]) {
    println!("| figure | ours | peer | ratio | target | met |\n|---|---|---|---|---|---|");
    for r in rows {
        let met = match r.met() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "-",
        };
        let ratio = if r.ratio.is_nan() {
            "-".into()
        } else {
            format!("{:.2}x", r.ratio)
        };
        println!(
            "| {} | {} | {} | {ratio} | {} | {met} |",
            r.figure,
            r.ours,
            r.peer,
            r.target_text()
        );
    }
}

/// `--builds-only`: the clean builds alone (no criterion figures needed), with the seconds
/// cargo's `--timings` gives the runtime and vpn-api in the last build of ours.
fn builds_only(runs: usize) {
    let positional = vpn_bench::generate_progenitor(&vpn_bench::progenitor_spec(), false);
    let (ours_dir, peer_dir) = build_dirs(&positional);
    let (ours, peer) =
        clean_builds(&ours_dir, &peer_dir, runs, true).unwrap_or_else(|e| panic!("{e}"));
    let (ours_s, peer_s) = (median(ours.clone()), median(peer.clone()));
    println!("clean build, s: ours {ours:.1?}, progenitor {peer:.1?}");
    println!(
        "median {ours_s:.1} s against {peer_s:.1} s: {:.2}x",
        ours_s / peer_s
    );
    for (unit, seconds) in unit_seconds(&ours_dir, &["vpn-runtime", "vpn-api"]) {
        println!("  {unit}: {seconds:.1} s (cargo --timings, last build)");
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 1 } else { 3 };
    if std::env::args().any(|a| a == "--builds-only") {
        return builds_only(runs);
    }
    let (spec, overlay) = (vpn_bench::spec_text(), vpn_bench::overlay_text());
    let edited = vpn_bench::progenitor_spec();
    let positional = vpn_bench::generate_progenitor(&edited, false);
    let builder = vpn_bench::generate_progenitor(&edited, true);
    let ours_lines: usize = vpn_bench::generate_ours(&spec, &overlay)
        .iter()
        .map(|f| vpn_bench::lines(&f.contents))
        .sum();
    let (pos_lines, builder_lines) = (vpn_bench::lines(&positional), vpn_bench::lines(&builder));

    let ns = |group: &str, name: &str| criterion_ns(group, name).unwrap_or_else(|e| panic!("{e}"));
    let codegen_ours = ns("codegen", "ours");
    let codegen_pos = ns("codegen", "progenitor_positional");
    let codegen_builder = ns("codegen", "progenitor_builder");
    let request_ours = ns("request", "vpn_api");
    let request_raw = ns("request", "raw_reqwest");
    let request_raw_timeout = ns("request", "raw_reqwest_with_timeout");
    let decode_ours = ns("decode", "vpn_api");
    let decode_plain = ns("decode", "plain_serde");

    let (ours_dir, peer_dir) = build_dirs(&positional);
    let (build_ours, build_peer) =
        clean_builds(&ours_dir, &peer_dir, runs, false).unwrap_or_else(|e| panic!("{e}"));
    let regenerate = regenerate_times(10).unwrap_or_else(|e| panic!("{e}"));
    let (build_ours_s, build_peer_s) = (median(build_ours.clone()), median(build_peer.clone()));

    let rows = vec![
        Row {
            figure: "codegen (generate + format), ms",
            ours: fmt_ns(codegen_ours),
            peer: format!(
                "{} positional / {} builder",
                fmt_ns(codegen_pos),
                fmt_ns(codegen_builder)
            ),
            ratio: codegen_ours / codegen_pos,
            target: Target::AtMost(0.5),
        },
        Row {
            figure: "generated lines (non-blank)",
            ours: ours_lines.to_string(),
            peer: format!("{pos_lines} positional / {builder_lines} builder"),
            ratio: ours_lines as f64 / pos_lines as f64,
            target: Target::None,
        },
        Row {
            figure: "clean build, s (median of runs)",
            ours: format!("{build_ours_s:.1}"),
            peer: format!("{build_peer_s:.1}"),
            ratio: build_ours_s / build_peer_s,
            target: Target::AtMost(0.8),
        },
        Row {
            figure: "request round trip on 127.0.0.1",
            ours: fmt_ns(request_ours),
            peer: format!("{} raw reqwest", fmt_ns(request_raw)),
            ratio: request_ours / request_raw,
            target: Target::AtMost(1.05),
        },
        Row {
            figure: "request, same per-request timeout on both",
            ours: fmt_ns(request_ours),
            peer: format!("{} raw reqwest + timeout", fmt_ns(request_raw_timeout)),
            ratio: request_ours / request_raw_timeout,
            target: Target::AtMost(1.05),
        },
        Row {
            figure: "decode 1,000 tunnels",
            ours: fmt_ns(decode_ours),
            peer: format!("{} plain serde", fmt_ns(decode_plain)),
            ratio: decode_plain / decode_ours,
            target: Target::AtLeast(0.9),
        },
        Row {
            figure: "cargo xtask regenerate --check, wall",
            ours: format!("{:.0} ms", median(regenerate.clone()) * 1e3),
            peer: "-".into(),
            ratio: f64::NAN,
            target: Target::None,
        },
    ];
    print_table(&rows);
    let summary = json!({
        "machine": {"cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)},
        "codegen_ns": {"ours": codegen_ours, "progenitor_positional": codegen_pos, "progenitor_builder": codegen_builder, "ratio_vs_positional": codegen_ours / codegen_pos},
        "generated_lines": {"ours": ours_lines, "progenitor_positional": pos_lines, "progenitor_builder": builder_lines},
        "clean_build_s": {"ours": build_ours, "progenitor": build_peer, "median_ours": build_ours_s, "median_progenitor": build_peer_s, "ratio": build_ours_s / build_peer_s},
        "request_ns": {"ours": request_ours, "raw_reqwest": request_raw, "ratio": request_ours / request_raw, "raw_reqwest_with_timeout": request_raw_timeout, "ratio_same_timeout": request_ours / request_raw_timeout},
        "decode_1000_tunnels_ns": {"ours": decode_ours, "plain_serde": decode_plain, "throughput_ratio": decode_plain / decode_ours},
        "regenerate_check_s": {"runs": regenerate, "median": median(regenerate.clone())},
    });
    let stages = stage_profile(&spec, &overlay);
    println!("\nwhere our codegen time goes (median ms per stage):");
    for (stage, ms) in &stages {
        println!("  {stage}: {ms:.2}");
    }
    let mut summary = summary;
    summary["codegen_stages_ms"] = stages
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let path = vpn_bench::root().join("target/bench/summary.json");
    write(
        &path,
        &format!(
            "{}\n",
            serde_json::to_string_pretty(&summary).expect("json")
        ),
    );
    println!("\nwritten {}", path.display());
}
