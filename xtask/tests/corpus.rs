//! `cargo xtask corpus` on what the repository holds (the construct fixtures, the bad specs
//! and the third-party documents): a small fixed slice CI runs, where the counts are known.

use xtask::corpus::{declared_operations, documents, outcome, reason, Options, Outcome};
use xtask::{workspace_root, Task};

#[test]
fn arguments_are_parsed() {
    let args: Vec<String> = ["corpus", "--sample", "200", "--top", "5", "--dir", "x"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let Ok(Task::Corpus(Options {
        sample,
        dir,
        top,
        check,
        with_progenitor,
        ..
    })) = Task::parse(&args)
    else {
        panic!("a corpus task");
    };
    assert_eq!(
        (sample, top, check, with_progenitor),
        (Some(200), 5, 0, false)
    );
    assert_eq!(dir.as_deref(), Some(std::path::Path::new("x")));
    let bad: Vec<String> = ["corpus", "--sample", "many"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(Task::parse(&bad).is_err());
}

#[test]
fn the_repository_slice_generates_or_stops_cleanly_and_never_panics() {
    let root = workspace_root().join("codegen/tests");
    for dir in ["constructs", "corpus", "bad-specs", "stress"] {
        for path in documents(&root.join(dir), None).expect("documents") {
            let text = std::fs::read_to_string(&path).expect("read");
            match outcome(&text, "slice") {
                Outcome::Generated {
                    lines,
                    losses,
                    operations: (emitted, declared),
                } => {
                    assert!(lines > 0);
                    // The report's count of declared operations is the document's own.
                    assert_eq!(declared, declared_operations(&text), "{}", path.display());
                    assert!(emitted <= declared, "{}", path.display());
                    // Broken and unsupported documents may generate their supported part,
                    // but never silently: the report names what was lost.
                    if dir == "bad-specs" {
                        assert!(!losses.is_empty(), "{} lost nothing", path.display());
                    } else if dir != "corpus"
                        && !path.to_string_lossy().contains("skip-unsupported-")
                    {
                        assert_eq!(losses, Vec::<String>::new(), "{}", path.display());
                    }
                }
                Outcome::Refused { reason } => {
                    assert!(
                        !reason.starts_with("internal error"),
                        "{}: {reason}",
                        path.display()
                    );
                    // Third-party documents may stop (their report says where).
                    assert!(
                        matches!(dir, "bad-specs" | "corpus"),
                        "{} was expected to generate: {reason}",
                        path.display()
                    );
                }
                Outcome::Panicked { message } => panic!("{}: {message}", path.display()),
            }
        }
    }
}

#[test]
fn reasons_leave_out_what_is_particular_to_a_document() {
    assert_eq!(
        reason("invalid at #/components/schemas/A/enum/0: \"x\" is declared twice (also at #/servers/2)"),
        "… is declared twice"
    );
    assert_eq!(
        reason("unsupported at #/paths/~1a/get: unsupported construct: form bodies (multipart/form-data)"),
        "unsupported construct: form bodies (multipart/form-data)"
    );
}

#[test]
fn operations_are_counted_as_users_get_them() {
    // Three operations declared, one under a path item `$ref`; the cookie-only one is skipped.
    let spec = r##"{
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "getA", "responses": {"204": {"description": "ok"}}},
                   "post": {"operationId": "postA",
                            "parameters": [{"name": "s", "in": "cookie", "required": true, "schema": {"type": "string"}}],
                            "responses": {"204": {"description": "ok"}}}},
            "/b": {"$ref": "#/paths/~1a"}
        }
    }"##;
    assert_eq!(declared_operations(spec), 4);
    let Outcome::Generated {
        operations: (emitted, declared),
        ..
    } = outcome(spec, "ops")
    else {
        panic!("generates")
    };
    assert_eq!(declared, 4);
    assert_eq!(
        emitted, 2,
        "the two cookie operations are skipped, the two gets kept"
    );
}

#[test]
fn write_puts_each_generated_output_in_a_folder_named_after_its_document() {
    let out = workspace_root().join("target/tmp/corpus-write");
    let _ = std::fs::remove_dir_all(&out);
    let dir = workspace_root().join("codegen/tests/corpus");
    let args: Vec<String> = ["corpus", "--dir"]
        .iter()
        .map(|s| s.to_string())
        .chain([
            dir.display().to_string(),
            "--write".into(),
            out.display().to_string(),
        ])
        .collect();
    let Ok(Task::Corpus(options)) = Task::parse(&args) else {
        panic!("a corpus task");
    };
    xtask::corpus::run(&options).expect("the corpus slice");
    let generated: Vec<_> = documents(&dir, None)
        .expect("documents")
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("read");
            matches!(outcome(&text, "slice"), Outcome::Generated { .. })
        })
        .collect();
    assert!(!generated.is_empty());
    for path in &generated {
        let name = path.file_name().expect("a file name");
        let lib = out.join(name).join("mod.rs");
        let text =
            std::fs::read_to_string(&lib).unwrap_or_else(|e| panic!("{}: {e}", lib.display()));
        assert!(text.contains("generated"), "{}", lib.display());
    }
    std::fs::remove_dir_all(&out).expect("clean up");
}
