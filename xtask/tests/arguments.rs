//! Each subcommand's command line, parsed as `cargo xtask` parses it: what it accepts, what it
//! refuses (with the usage), and where the benchmark's `--quick` ends up.

use std::path::{Path, PathBuf};
use xtask::diff::{FailOn, Format};
use xtask::{bench, workspace_root, Task};

fn parse(args: &[&str]) -> Result<Task, String> {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    Task::parse(&args)
}

#[test]
fn regenerate_defaults_to_the_bundled_spec_and_its_overlay() {
    let Ok(Task::Regenerate(options)) = parse(&["regenerate"]) else {
        panic!("regenerate parses")
    };
    let root = workspace_root();
    assert!(!options.check);
    assert_eq!(options.spec(), root.join("spec/openapi.json"));
    assert_eq!(options.overlay(), Some(root.join("spec/overlay.json")));
    assert_eq!(options.out(), root.join("vpn-api/src/generated"));
    assert_eq!(options.mode(), codegen::Mode::Strict);
}

#[test]
fn regenerate_takes_another_spec_without_the_overlay_unless_asked() {
    let Ok(Task::Regenerate(options)) = parse(&[
        "regenerate",
        "--check",
        "--spec",
        "x.yaml",
        "--out",
        "o",
        "--skip-unsupported",
    ]) else {
        panic!("regenerate parses")
    };
    assert!(options.check);
    assert_eq!(options.spec(), PathBuf::from("x.yaml"));
    assert_eq!(options.overlay(), None);
    assert_eq!(options.out(), PathBuf::from("o"));
    assert_eq!(options.mode(), codegen::Mode::SkipUnsupported);
    let Ok(Task::Regenerate(options)) =
        parse(&["regenerate", "--spec", "x.yaml", "--overlay", "y.json"])
    else {
        panic!("regenerate parses")
    };
    assert_eq!(options.overlay(), Some(PathBuf::from("y.json")));
    let Ok(Task::Regenerate(options)) = parse(&["regenerate", "--no-overlay"]) else {
        panic!("regenerate parses")
    };
    assert_eq!(options.overlay(), None);
}

#[test]
fn mistakes_are_refused_with_the_usage() {
    let unknown = parse(&["regenerate", "--chek"]).expect_err("refused");
    assert!(
        unknown.contains("unexpected argument '--chek'"),
        "{unknown}"
    );
    assert!(
        unknown.contains("Usage: cargo xtask regenerate"),
        "{unknown}"
    );
    let missing = parse(&["regenerate", "--spec"]).expect_err("refused");
    assert!(
        missing.contains("a value is required for '--spec"),
        "{missing}"
    );
    let both = parse(&["regenerate", "--overlay", "o", "--no-overlay"]).expect_err("refused");
    assert!(both.contains("cannot be used with"), "{both}");
}

#[test]
fn diff_needs_two_inputs_a_known_format_and_a_known_gate() {
    let Ok(Task::Diff(options)) = parse(&[
        "diff",
        "git:HEAD",
        "spec/openapi.json",
        "--format",
        "json",
        "--fail-on",
        "warning",
        "--no-ignore",
    ]) else {
        panic!("diff parses")
    };
    assert_eq!(options.format, Format::Json);
    assert_eq!(options.fail_on, Some(FailOn::Warning));
    assert_eq!(options.ignore_file(), None);
    let Ok(Task::Diff(options)) = parse(&["diff", "a", "b", "--ignore", "i.yaml"]) else {
        panic!("diff parses")
    };
    assert_eq!((options.format, options.fail_on), (Format::Markdown, None));
    assert_eq!(options.ignore_file(), Some(PathBuf::from("i.yaml")));
    let one = parse(&["diff", "git:HEAD"]).expect_err("refused");
    assert!(one.contains("<NEW>"), "{one}");
    let format = parse(&["diff", "a", "b", "--format", "yaml"]).expect_err("refused");
    assert!(
        format.contains("[possible values: markdown, json]"),
        "{format}"
    );
    let gate = parse(&["diff", "a", "b", "--fail-on", "info"]).expect_err("refused");
    assert!(
        gate.contains("[possible values: breaking, warning]"),
        "{gate}"
    );
}

#[test]
fn update_spec_and_semver_check() {
    let Ok(Task::UpdateSpec(options)) = parse(&["update-spec", "new.yaml", "--accept-breaking"])
    else {
        panic!("update-spec parses")
    };
    assert_eq!(options.path, PathBuf::from("new.yaml"));
    assert!(options.accept_breaking && !options.no_semver_checks);
    assert!(parse(&["update-spec"]).is_err());
    let Ok(Task::SemverCheck(options)) = parse(&["semver-check", "git:HEAD~1", "git:HEAD"]) else {
        panic!("semver-check parses")
    };
    assert_eq!(
        (options.old.as_str(), options.new.as_str()),
        ("git:HEAD~1", "git:HEAD")
    );
    assert!(parse(&["semver-check", "only-one"]).is_err());
}

#[test]
fn bench_quick_reaches_the_report_after_cargos_own_options() {
    let Ok(Task::Bench(options)) = parse(&["bench", "--quick"]) else {
        panic!("bench parses")
    };
    assert!(options.quick);
    let commands = bench::commands(&options, Path::new("bench/Cargo.toml"));
    let report = commands.last().expect("the report runs last");
    let separator = report
        .iter()
        .position(|a| a == "--")
        .expect("`--` before the report's flags");
    let manifest = report
        .iter()
        .position(|a| a == "--manifest-path")
        .expect("the bench manifest");
    assert!(
        manifest < separator,
        "{report:?}: cargo's options come before `--`"
    );
    assert_eq!(&report[separator + 1..], ["--quick"]);
    let bin = report
        .iter()
        .position(|a| a == "--bin")
        .expect("the report's binary");
    assert_eq!(report[bin + 1], "vpn-bench", "{report:?}");
    assert!(parse(&["bench", "--fast"]).is_err());
    let Ok(Task::Bench(full)) = parse(&["bench"]) else {
        panic!("bench parses")
    };
    assert!(!bench::commands(&full, Path::new("m"))
        .iter()
        .flatten()
        .any(|a| a == "--quick"));
}

#[test]
fn bench_builds_only_runs_the_report_alone_with_its_flag() {
    let Ok(Task::Bench(options)) = parse(&["bench", "--builds-only", "--quick"]) else {
        panic!("bench parses")
    };
    let commands = bench::commands(&options, Path::new("bench/Cargo.toml"));
    assert_eq!(commands.len(), 1, "no criterion run: {commands:?}");
    let report = &commands[0];
    let separator = report.iter().position(|a| a == "--").expect("`--`");
    assert_eq!(&report[separator + 1..], ["--quick", "--builds-only"]);
}

#[test]
fn help_and_unknown_commands() {
    for args in [
        &[][..],
        &["--help"],
        &["diff", "--help"],
        &["update-spec", "-h"],
    ] {
        let err = Task::try_parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
            .expect_err("help is printed, not run");
        assert!(
            err.render().to_string().contains("Usage: cargo xtask"),
            "{args:?}"
        );
    }
    let unknown = parse(&["regnerate"]).expect_err("refused");
    assert!(
        unknown.contains("unrecognized subcommand 'regnerate'"),
        "{unknown}"
    );
    assert!(
        unknown.contains("tip: a similar subcommand exists: 'regenerate'"),
        "{unknown}"
    );
}
