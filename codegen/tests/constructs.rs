//! Each construct the generator supports, as a spec fragment next to its expected output
//! (typify style): `tests/constructs/NAME.json` generates `tests/constructs/NAME.rs` (every
//! generated file, each after a `// ---- <path>` line). One test per fixture, named after it
//! (`cargo test -p vpn-codegen --test constructs -- recursive-schemas`); `UPDATE_EXPECT=1`
//! rewrites the expected files for review; the generation report, when not empty, follows the
//! files. Fixtures named `skip-unsupported-*` generate with `Mode::SkipUnsupported`.
//! `xtask/tests/compiles.rs` type-checks every output.
//!
//! `tests/golden/constructs.yaml` is the one fixture that combines many constructs; its output
//! is a module tree (`tests/golden/constructs/`) that `codegen/compile-check` compiles and
//! clippy lints. `stages_run_alone` runs each stage of the pipeline on it by hand.

mod common;

use codegen::ir::{Check, Returns, SuccessStatus, TypeKind, TypeRef};
use common::*;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    manifest_dir().join("tests/golden")
}

fn check_fixture(fragment: &Path) -> Result<(), Failed> {
    let spec = read(fragment);
    let input = codegen::Input {
        spec: &spec,
        overlay: None,
        spec_label: "constructs",
    };
    let generated = codegen::generate_in(&input, fixture_mode(fragment))
        .map_err(|e| format!("{} does not generate: {e}", fragment.display()))?;
    expect_file(
        &fragment.with_extension("rs"),
        &concatenated(&generated.files, &generated.report),
    )?;
    for f in &generated.files {
        imports_the_runtime_where_it_names_it(&f.path, &f.contents)?;
    }
    Ok(())
}

/// Emit decides where to import the runtime alias from what a file has; the text must agree:
/// imported exactly where something names `rt::` (a missing import does not compile, an unused
/// one warns in users' builds).
fn imports_the_runtime_where_it_names_it(path: &str, text: &str) -> Result<(), Failed> {
    const IMPORT: &str = "use ::vpn_runtime::support as rt;";
    let imports = text.lines().any(|l| l == IMPORT);
    let names = text.match_indices("rt::").any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    });
    if imports != names {
        return Err(
            format!("{path}: imports the runtime alias: {imports}, names it: {names}").into(),
        );
    }
    Ok(())
}

/// The combined fixture, compared file by file with `tests/golden/constructs/`.
fn golden_output_of_every_construct() -> Result<(), Failed> {
    let spec = read(&golden_dir().join("constructs.yaml"));
    let files = generate(&spec, "constructs.yaml").map_err(|e| e.to_string())?;
    let dir = golden_dir().join("constructs");
    for f in &files {
        expect_file(&dir.join(&f.path), &f.contents)?;
        imports_the_runtime_where_it_names_it(&f.path, &f.contents)?;
    }
    // A file the generator no longer writes must not stay behind as if it were expected.
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs") && !files.iter().any(|f| &f.path == name))
        .collect();
    if !stale.is_empty() {
        return Err(format!("stale files in {}: {stale:?}", dir.display()).into());
    }
    Ok(())
}

fn stages_run_alone() -> Result<(), Failed> {
    let spec = read(&golden_dir().join("constructs.yaml"));
    let doc = codegen::load::load(&spec, None).expect("load");
    let api = codegen::resolve::resolve(&doc).expect("resolve");

    // allOf flattened, readOnly/writeOnly kept, inline enum and anyOf types named after the field.
    let TypeKind::Struct(fields) = &api.types["Thing"].kind else {
        panic!("Thing is a struct")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id", "created", "name", "r#type", "secret", "net", "nets", "host", "mode", "size",
            "extra", "self_"
        ]
    );
    let secret = fields.iter().find(|f| f.wire == "secret").expect("secret");
    assert_eq!(secret.ty, TypeRef::Secret);
    assert!(
        secret.write_only && secret.is_option(),
        "write-only fields may be absent from responses"
    );
    assert!(matches!(api.types["ThingType"].kind, TypeKind::Enum { .. }));
    assert!(
        matches!(&api.types["ThingMode"].kind, TypeKind::Enum { default: Some(d), .. } if d == "SAFE")
    );
    assert!(
        matches!(&api.types["ThingHost"].kind, TypeKind::Text { any_of, .. } if any_of.len() == 2)
    );
    assert!(matches!(&api.types["Net"].kind, TypeKind::Text { any_of, .. } if any_of.len() == 2));
    let nets = fields.iter().find(|f| f.wire == "nets").expect("nets");
    assert!(nets
        .checks
        .iter()
        .any(|c| matches!(c, Check::Each(inner) if inner.contains(&Check::Nested))));

    // Operations: shared parameter, 200+201 unified, default response -> error body type.
    assert!(matches!(
        &api.operations["put_thing"].returns,
        Returns::Body { statuses, .. } if statuses == &[SuccessStatus::Code(200), SuccessStatus::Code(201)]
    ));
    assert_eq!(
        api.operations["delete_thing"].returns.body(),
        Some(&TypeRef::Unit)
    );
    assert_eq!(api.error_body, TypeRef::Named("Problem".into()));
    let servers: Vec<&str> = api.servers.iter().map(|s| s.variant.as_str()).collect();
    assert_eq!(servers, ["Eu", "Us"]);

    let limits = &api.constants[&vec!["parameters".to_string(), "limit".to_string()]];
    let names: Vec<&str> = limits.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["DEFAULT", "MAXIMUM", "MINIMUM"]);

    let emitted = codegen::emit::emit(&api);
    let models = emitted
        .iter()
        .find(|f| f.path == "models.rs")
        .expect("models");
    let text = codegen::format::format_file(
        "models.rs",
        models.tokens.clone(),
        "// header\n",
        codegen::emit::VERBATIM_MARKER,
    )
    .expect("formats");
    assert!(text.starts_with("// header\n"));
    Ok(())
}

fn main() {
    let mut trials: Vec<Trial> =
        fixtures(&manifest_dir().join("tests/constructs"), &["json", "yaml"])
            .into_iter()
            .map(|fragment| Trial::test(stem(&fragment), move || check_fixture(&fragment)))
            .collect();
    trials.push(Trial::test(
        "golden_output_of_every_construct",
        golden_output_of_every_construct,
    ));
    trials.push(Trial::test("stages_run_alone", stages_run_alone));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
