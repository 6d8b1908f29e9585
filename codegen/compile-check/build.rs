//! Mounts the expected output of the construct fixtures listed in `FIXTURES` as modules of this
//! crate, so building it compiles them: each fixture's `.rs` file (every generated file after a
//! `// ---- <path>` line) is split into a module directory under `OUT_DIR`, and `fixtures.rs`
//! there declares one module per fixture, which `src/lib.rs` includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The fixtures (in `codegen/tests/constructs/`) whose output this crate compiles, with
/// warnings denied: the names the generator uses, and deprecated operations behind a handle.
const FIXTURES: [&str; 2] = ["names-the-generator-uses", "deprecated-operations"];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let mut modules = String::new();
    for fixture in FIXTURES {
        let expected = manifest.join(format!("../tests/constructs/{fixture}.rs"));
        println!("cargo:rerun-if-changed={}", expected.display());
        let text = std::fs::read_to_string(&expected)
            .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
        let module = fixture.replace('-', "_");
        let dir = out.join(&module);
        split(&text, &dir, &expected);
        let root = dir.join("mod.rs");
        writeln!(
            modules,
            "#[doc = {:?}]\n#[path = {:?}]\n#[rustfmt::skip]\npub mod {module};",
            format!(" The generated output of the construct fixture `{fixture}`."),
            root.display().to_string(),
        )
        .expect("writing to a String");
    }
    std::fs::write(out.join("fixtures.rs"), modules).expect("write fixtures.rs");
}

/// Writes each `// ---- <path>` part of `text` to `dir/<path>`.
fn split(text: &str, dir: &Path, from: &Path) {
    std::fs::create_dir_all(dir).expect("create the fixture's module directory");
    let mut parts = text.split("\n// ---- ").skip(1);
    let mut written = 0;
    for part in parts.by_ref() {
        let (path, contents) = part.split_once('\n').unwrap_or((part, ""));
        if path == "generation report" {
            continue;
        }
        std::fs::write(dir.join(path), contents).expect("write a generated file");
        written += 1;
    }
    assert!(
        written > 0,
        "{} has no `// ---- <path>` parts",
        from.display()
    );
}
