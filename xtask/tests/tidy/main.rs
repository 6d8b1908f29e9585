//! The invariants ARCHITECTURE.md promises, checked on the source tree (in the spirit of
//! rust-analyzer's tidy tests). Each test names the invariant; a failure lists every offending
//! file and line, so the fix is obvious.

mod imports;
mod names;
mod source;
mod surface;

use source::{functions, is_generated, lines_containing, relative, rust_files};
use std::fs;
use std::path::{Path, PathBuf};
use xtask::workspace_root;

/// Hand-written source files stay small enough to read in one sitting.
const MAX_LINES: usize = 600;

/// A hand-written function fits in a reader's head.
const MAX_FUNCTION_LINES: usize = 120;

/// Functions allowed past `MAX_FUNCTION_LINES`, as `(file, function)`; ARCHITECTURE.md lists
/// each with its reason (checked below). None today.
const LONG_FUNCTIONS: &[(&str, &str)] = &[];

#[test]
fn no_hand_written_file_is_over_600_lines() {
    let long: Vec<String> = rust_files()
        .into_iter()
        .filter_map(|path| {
            let text = fs::read_to_string(&path).ok()?;
            let n = text.lines().count();
            (!is_generated(&text) && n > MAX_LINES)
                .then(|| format!("{} ({n} lines)", relative(&path)))
        })
        .collect();
    assert!(long.is_empty(), "split these along their seams: {long:#?}");
}

#[test]
fn generated_files_say_so_in_their_header() {
    let dir = workspace_root().join("vpn-api/src/generated");
    for path in rust_files().into_iter().filter(|p| p.starts_with(&dir)) {
        let text = fs::read_to_string(&path).expect("generated file");
        assert!(
            is_generated(&text)
                && text.contains("cargo xtask regenerate")
                && text
                    .lines()
                    .nth(1)
                    .is_some_and(|l| l.starts_with("// Source: ")),
            "{} lacks the generated header (what, from which spec version, by which command)",
            relative(&path)
        );
    }
}

/// `emit` renders the IR: it never looks at the OpenAPI document or the earlier stages, so
/// every decision is made (and tested) in `resolve`.
#[test]
fn emit_imports_only_the_ir() {
    let offending: Vec<String> =
        lines_containing("codegen/src/emit", &["use crate::", "crate::"], false)
            .into_iter()
            .filter(|line| {
                let code = line.split_once(": ").map_or("", |(_, code)| code);
                code.contains("crate::") && !code.contains("crate::ir")
            })
            .collect();
    let parser = lines_containing("codegen/src/emit", &["openapiv3", "use serde_json"], false);
    assert!(
        offending.is_empty() && parser.is_empty(),
        "emit may only use crate::ir: {offending:#?} {parser:#?}"
    );
}

/// The runtime is spec-agnostic: whatever names a schema, an operation, a server or an
/// environment variable is generated. That it names no generated item the compiler enforces
/// (the runtime is a crate of its own, below the generated ones); the VPN API's facts it checks
/// here.
#[test]
fn the_runtime_names_no_vpn_fact() {
    let facts = lines_containing(
        "codegen/runtime/src",
        &[
            "ionos",
            "wireguard",
            "ipsec",
            "tunnel",
            "peer",
            "psk",
            "de-fra",
            "available",
            "gateway",
            "region",
        ],
        true,
    );
    assert!(
        facts.is_empty(),
        "the runtime must not know the spec: {facts:#?}"
    );
}

/// Generation is a pure function of the spec and the overlay: no I/O, no clock, no
/// environment, no randomness, no iteration order that changes between runs.
#[test]
fn generation_is_a_pure_function_of_spec_and_overlay() {
    let impure = lines_containing(
        "codegen/src",
        &[
            "std::fs",
            "std::env",
            "std::process",
            "std::net",
            "systemtime",
            "instant::now",
            "hashmap",
            "hashset",
            "rand::",
        ],
        true,
    );
    assert!(impure.is_empty(), "codegen must stay pure: {impure:#?}");
}

/// Tests read nothing outside the repository: a clone with nothing beside it passes (CI also
/// runs the README's commands in such a clone).
#[test]
fn tests_read_nothing_outside_the_repository() {
    let root = workspace_root();
    let mut outside = Vec::new();
    for path in rust_files() {
        let rel = relative(&path);
        let is_test_code = rel.contains("/tests/")
            || rel.starts_with("codegen/compile-check/")
            || rel.starts_with("xtask/");
        // This file names what it looks for.
        if !is_test_code || rel == "xtask/tests/tidy/main.rs" {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let crate_dir = crate_dir_of(&path);
            for literal in string_literals(line) {
                let escapes = literal.starts_with("../")
                    && [path.parent().unwrap_or(&root), crate_dir.as_path()]
                        .iter()
                        .all(|base| !normalize(&base.join(&literal)).starts_with(&root));
                let absolute = literal.starts_with("/home") || literal.starts_with("/work");
                if escapes || absolute {
                    outside.push(format!("{rel}:{}: {literal}", i + 1));
                }
            }
            // Reading the home directory (setting it to a temp dir in a test is fine).
            let reads_home = ["var(\"HOME\")", "var_os(\"HOME\")", "home_dir("]
                .iter()
                .any(|r| line.contains(r));
            if reads_home {
                outside.push(format!("{rel}:{}: reads the home directory", i + 1));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "tests must only read the repository: {outside:#?}"
    );
}

/// The crate directory (nearest ancestor with a Cargo.toml) of a source file.
fn crate_dir_of(path: &Path) -> PathBuf {
    path.ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file())
        .unwrap_or(path)
        .to_path_buf()
}

/// Resolves `..` and `.` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The plain string literals of one line of Rust.
fn string_literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// The string formats are one contract: every variant of the generator's `ir::Format` is a
/// variant of the runtime's `Format` with the same keyword, and the other way round.
#[test]
fn the_format_contract_has_the_same_variants_on_both_sides() {
    fn variants_and_keywords(file: &str) -> Vec<(String, String)> {
        let text = fs::read_to_string(workspace_root().join(file)).expect("source file");
        let start = text.find("fn keyword(self)").expect("a keyword() table");
        let body = &text[start
            ..text[start..]
                .find("\n    }\n")
                .map_or(text.len(), |e| start + e)];
        let mut out: Vec<(String, String)> = body
            .lines()
            .filter_map(|line| {
                let (variant, keyword) = line.trim().split_once(" => ")?;
                let variant = variant.strip_prefix("Format::")?;
                Some((
                    variant.to_string(),
                    keyword.trim_matches(['"', ','].as_ref()).to_string(),
                ))
            })
            .collect();
        out.sort();
        out
    }
    let generator = variants_and_keywords("codegen/src/ir/format.rs");
    let runtime = variants_and_keywords("codegen/runtime/src/format.rs");
    assert!(!generator.is_empty(), "found the generator's formats");
    assert_eq!(
        generator, runtime,
        "ir::Format and the runtime's Format differ"
    );
}

/// The repository README's Rust examples are compiled: each is also a block of the crate's
/// README, which is the crate's documentation and runs as doctests.
#[test]
fn the_readme_examples_are_doctested() {
    fn rust_blocks(text: &str) -> Vec<String> {
        text.split("```rust")
            .skip(1)
            .filter_map(|rest| {
                let (_, body) = rest.split_once('\n')?;
                Some(body.split("```").next()?.to_string())
            })
            .collect()
    }
    let root = fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let crate_readme =
        fs::read_to_string(workspace_root().join("vpn-api/README.md")).expect("crate README");
    let doctested = rust_blocks(&crate_readme);
    let blocks = rust_blocks(&root);
    assert!(!blocks.is_empty(), "the README shows an example");
    for block in blocks {
        assert!(
            doctested.contains(&block),
            "this README example is not in vpn-api/README.md, so nothing compiles it:\n{block}"
        );
    }
}

/// The fake of `testkit` costs users nothing unless they ask for it: the runtime's feature only
/// turns on features of dependencies the runtime already has, so its dependency tree without
/// the feature is the same (no optional crate, no `dep:`); vpn-api's features only forward to
/// the runtime's of the same name, so the lists are written once.
#[test]
fn the_testkit_feature_adds_no_crate() {
    let read = |path: &str| fs::read_to_string(workspace_root().join(path)).expect(path);
    let (api, runtime) = (
        read("vpn-api/Cargo.toml"),
        read("codegen/runtime/Cargo.toml"),
    );
    let api_features = features(&api);
    assert!(
        api_features.iter().any(|(name, _)| name == "testkit"),
        "vpn-api has a testkit feature"
    );
    // `qr` is vpn-api's own (the QR code of a WireGuard peer's configuration); every other
    // feature only forwards to the runtime's.
    for (name, enabled) in api_features
        .iter()
        .filter(|(name, _)| name != "default" && name != "qr")
    {
        assert_eq!(
            enabled,
            &[format!("vpn-runtime/{name}")],
            "vpn-api's feature {name} should only forward to the runtime's"
        );
    }
    let api_optional: Vec<&str> = section(&api, "[dependencies]")
        .lines()
        .filter(|l| l.contains("optional"))
        .collect();
    assert!(
        api_optional
            .iter()
            .all(|l| l.starts_with("qrcode ") || l.starts_with("png ")),
        "vpn-api's optional crates are the QR code's, the others the runtime's: {api_optional:?}"
    );
    assert!(
        api.contains("qr = [\"dep:qrcode\", \"dep:png\"]"),
        "the QR code's crates come only with the feature `qr`"
    );
    let dependencies = section(&runtime, "[dependencies]");
    let (_, enabled) = features(&runtime)
        .into_iter()
        .find(|(name, _)| name == "testkit")
        .expect("the runtime has a testkit feature");
    for item in &enabled {
        let (dependency, _) = item.split_once('/').unwrap_or((item, ""));
        assert!(
            !item.starts_with("dep:") && item.contains('/'),
            "testkit enables {item:?}: only features of existing dependencies, please"
        );
        assert!(
            dependencies
                .lines()
                .any(|l| l.starts_with(&format!("{dependency}."))
                    || l.starts_with(&format!("{dependency} ="))),
            "testkit enables {item:?}, but {dependency} is not a dependency of the runtime"
        );
    }
    // The runtime's one optional crate is the full regex engine, asked for only by bindings
    // whose spec has patterns regex-lite cannot run (`full-regex`); testkit never turns it on.
    let optional: Vec<&str> = dependencies
        .lines()
        .filter(|l| l.contains("optional"))
        .collect();
    assert!(
        optional.iter().all(|l| l.starts_with("fancy-regex ")),
        "an optional dependency would add a crate to some feature's tree: {optional:?}"
    );
    assert!(
        runtime.contains("full-regex = [\"dep:fancy-regex\"]"),
        "fancy-regex is behind the full-regex feature alone"
    );
}

/// The lines of a manifest's section (`[dependencies]`), up to the next one.
fn section<'a>(manifest: &'a str, header: &str) -> &'a str {
    manifest
        .split(&format!("\n{header}\n"))
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap_or_else(|| panic!("a {header} section"))
}

/// Each feature of a manifest with what it turns on.
fn features(manifest: &str) -> Vec<(String, Vec<String>)> {
    section(manifest, "[features]")
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(name, list)| {
            let enabled = list
                .trim()
                .trim_matches(['[', ']'])
                .split(',')
                .map(|item| item.trim().trim_matches('"').to_string())
                .filter(|item| !item.is_empty())
                .collect();
            (name.trim().to_string(), enabled)
        })
        .collect()
}

/// Generated code names the runtime's `QueryStyle` variant by the IR's `ParamStyle` name.
#[test]
fn the_parameter_style_contract_has_the_same_variants_on_both_sides() {
    fn variants(file: &str, item: &str) -> Vec<String> {
        let text = fs::read_to_string(workspace_root().join(file)).expect("source file");
        let start = text.find(item).expect("the enum");
        let body = &text[start..text[start..].find("\n}").map_or(text.len(), |e| start + e)];
        let mut out: Vec<String> = body
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with("//") && line.ends_with(','))
            .map(|line| line.trim_end_matches(',').to_string())
            .collect();
        out.sort();
        out
    }
    let generator = variants("codegen/src/ir/mod.rs", "pub enum ParamStyle {");
    let runtime = variants("codegen/runtime/src/query.rs", "pub enum QueryStyle {");
    assert!(
        generator.len() > 3,
        "found the generator's styles: {generator:?}"
    );
    assert_eq!(
        generator, runtime,
        "ir::ParamStyle and the runtime's QueryStyle differ"
    );
}

#[test]
fn every_review_rule_is_documented_with_its_severity() {
    let doc = fs::read_to_string(workspace_root().join("xtask/REVIEW.md")).expect("REVIEW.md");
    let documented: Vec<(String, String)> = doc
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let id = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((id.to_string(), cells.get(2)?.to_string()))
        })
        .collect();
    let rules: Vec<(String, String)> = codegen::diff::Rule::ALL
        .iter()
        .map(|r| (r.id().to_string(), r.severity().as_str().to_string()))
        .collect();
    assert_eq!(
        documented, rules,
        "xtask/REVIEW.md's rule table lists every rule, in order, with its severity"
    );
}

#[test]
fn both_readmes_name_every_example() {
    let mut examples: Vec<String> = fs::read_dir(workspace_root().join("vpn-api/examples"))
        .expect("examples")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    examples.sort();
    let count = [
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    for readme in ["README.md", "vpn-api/README.md"] {
        let text = fs::read_to_string(workspace_root().join(readme)).expect("README");
        let missing: Vec<&String> = examples
            .iter()
            .filter(|name| !text.contains(&format!("`{name}`")))
            .collect();
        assert!(missing.is_empty(), "{readme} does not name {missing:?}");
        let said = count.get(examples.len()).copied().unwrap_or("many");
        assert!(
            text.contains(&format!("{said} runnable programs"))
                || text.contains(&format!("{said} whole programs")),
            "{readme} should say there are {said} examples"
        );
    }
}

/// ARCHITECTURE.md's code map names every hand-written source file (`refs.rs`; a folder's
/// `mod.rs` by the folder, `load/`), so a reader finds each one there.
#[test]
fn the_code_map_names_every_source_file() {
    let map =
        fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let roots = [
        "codegen/src",
        "codegen/runtime/src",
        "vpn-api/src",
        "xtask/src",
        "xtask/bench/src",
    ];
    let missing: Vec<String> = rust_files()
        .into_iter()
        .filter(|path| {
            let rel = relative(path);
            roots.iter().any(|root| rel.starts_with(root)) && !rel.contains("/generated/")
        })
        .filter(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let folder = path
                .parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let named = match name.as_str() {
                "mod.rs" => map.contains(&format!("{folder}/`")),
                "main.rs" | "lib.rs" => true,
                _ => {
                    map.contains(&format!("`{name}`"))
                        || map.contains(&format!("`{}`", name.trim_end_matches(".rs")))
                }
            };
            !named
        })
        .map(|path| relative(&path))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's code map does not name {missing:?}"
    );
    let examples = fs::read_dir(workspace_root().join("vpn-api/examples"))
        .expect("examples")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".rs"))
        .count();
    let count = [
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let said = count.get(examples).copied().unwrap_or("many");
    assert!(
        map.contains(&format!("{said} programs users can run")),
        "ARCHITECTURE.md should say there are {said} examples"
    );
}

/// The extension keys are one list: spec/README.md documents each as the registry says, and
/// resolve reads keys through the registry's constants only (a string literal would be a key
/// the overlay check does not know).
#[test]
fn extension_keys_come_from_one_registry() {
    let readme = fs::read_to_string(workspace_root().join("spec/README.md")).expect("spec README");
    for e in codegen::extensions::EXTENSIONS {
        let row = format!("| `{}` | {} | {} |", e.key, e.applies_to, e.effect);
        assert!(readme.contains(&row), "spec/README.md lacks the row {row}");
    }
    let literal_reads = lines_containing("codegen/src/resolve", &[".get(\"x-"], false);
    assert!(
        literal_reads.is_empty(),
        "read through codegen::extensions: {literal_reads:?}"
    );
}

/// Stage 4 knows nothing of stage 3: the verbatim marker is passed in, not imported.
#[test]
fn format_imports_nothing_from_emit() {
    let text =
        fs::read_to_string(workspace_root().join("codegen/src/format.rs")).expect("format.rs");
    assert!(!text.contains("crate::emit"), "format.rs imports from emit");
}

#[test]
fn no_hand_written_function_is_over_120_lines_but_the_listed_ones() {
    let mut long = Vec::new();
    for path in rust_files() {
        let text = fs::read_to_string(&path).unwrap_or_default();
        if is_generated(&text) {
            continue;
        }
        let file = relative(&path);
        for (name, line, n) in functions(&text) {
            let excepted = LONG_FUNCTIONS.contains(&(file.as_str(), name.as_str()));
            if n > MAX_FUNCTION_LINES && !excepted {
                long.push(format!("{file}:{line}: fn {name} ({n} lines)"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these into functions a reader can hold in their head, or list them with \
         their reason in LONG_FUNCTIONS and ARCHITECTURE.md: {long:#?}"
    );
    let architecture =
        fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    for (file, name) in LONG_FUNCTIONS {
        assert!(
            architecture.contains(&format!("`{file}` `{name}`")),
            "ARCHITECTURE.md should list the long function {file} {name} with its reason"
        );
    }
}
