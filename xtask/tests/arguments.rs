//! Each subcommand's command line, parsed as `cargo xtask` parses it: what it accepts, what it
//! refuses, and where the benchmark's `--quick` ends up.

use std::path::{Path, PathBuf};
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
    assert_eq!(options.spec, root.join("spec/openapi.json"));
    assert_eq!(options.overlay, Some(root.join("spec/overlay.json")));
    assert_eq!(options.out, root.join("vpn-api/src/generated"));
}

#[test]
fn regenerate_takes_another_spec_without_the_overlay_unless_asked() {
    let Ok(Task::Regenerate(options)) =
        parse(&["regenerate", "--check", "--spec", "x.yaml", "--out", "o"])
    else {
        panic!("regenerate parses")
    };
    assert!(options.check);
    assert_eq!(options.spec, PathBuf::from("x.yaml"));
    assert_eq!(options.overlay, None);
    assert_eq!(options.out, PathBuf::from("o"));
    let Ok(Task::Regenerate(options)) =
        parse(&["regenerate", "--spec", "x.yaml", "--overlay", "y.json"])
    else {
        panic!("regenerate parses")
    };
    assert_eq!(options.overlay, Some(PathBuf::from("y.json")));
    let Ok(Task::Regenerate(options)) = parse(&["regenerate", "--no-overlay"]) else {
        panic!("regenerate parses")
    };
    assert_eq!(options.overlay, None);
}

#[test]
fn regenerate_refuses_unknown_or_incomplete_arguments() {
    let unknown = parse(&["regenerate", "--chek"]).err().expect("refused");
    assert!(unknown.contains("unknown argument \"--chek\""), "{unknown}");
    let missing = parse(&["regenerate", "--spec"]).err().expect("refused");
    assert!(missing.contains("--spec needs a value"), "{missing}");
}

#[test]
fn diff_needs_two_inputs_and_a_known_format() {
    assert!(matches!(
        parse(&["diff", "git:HEAD", "spec/openapi.json", "--format", "json"]),
        Ok(Task::Diff(_))
    ));
    let one = parse(&["diff", "git:HEAD"]).err().expect("refused");
    assert!(one.contains("exactly two inputs"), "{one}");
    let format = parse(&["diff", "a", "b", "--format", "yaml"])
        .err()
        .expect("refused");
    assert!(format.contains("markdown or json"), "{format}");
}

#[test]
fn semver_check_needs_two_inputs() {
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
fn help_and_unknown_commands() {
    assert!(matches!(parse(&[]), Ok(Task::Help)));
    assert!(matches!(parse(&["--help"]), Ok(Task::Help)));
    let unknown = parse(&["regnerate"]).err().expect("refused");
    assert!(
        unknown.contains("unknown command \"regnerate\""),
        "{unknown}"
    );
}
