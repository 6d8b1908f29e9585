//! Each stage on small documents: golden output for every supported construct. Broken and
//! unsupported documents live in `tests/bad-specs/` (see `bad_specs.rs`).

use codegen::ir::{Check, SuccessStatus, TypeKind, TypeRef};
use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn generate(spec: &str) -> Result<Vec<codegen::GeneratedFile>, codegen::Error> {
    codegen::generate(&codegen::Input {
        spec,
        overlay: None,
        spec_label: "constructs.yaml",
    })
}

/// Compares with `tests/golden/constructs/`; `UPDATE_GOLDEN=1 cargo test` rewrites it.
#[test]
fn golden_output_of_every_construct() {
    let spec = std::fs::read_to_string(golden_dir().join("constructs.yaml")).expect("golden input");
    let files = generate(&spec).expect("the constructs spec generates");
    let dir = golden_dir().join("constructs");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(&dir).expect("golden dir");
        for f in &files {
            std::fs::write(dir.join(&f.path), &f.contents).expect("write golden");
        }
    }
    for f in &files {
        let expected = std::fs::read_to_string(dir.join(&f.path)).unwrap_or_default();
        assert!(
            expected == f.contents,
            "{} differs from its golden file; rerun with UPDATE_GOLDEN=1 and review",
            f.path
        );
    }
}

#[test]
fn stages_run_alone() {
    let spec = std::fs::read_to_string(golden_dir().join("constructs.yaml")).expect("golden input");
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
    assert_eq!(
        api.operations["put_thing"].success,
        [SuccessStatus::Code(200), SuccessStatus::Code(201)]
    );
    assert_eq!(api.operations["delete_thing"].response, TypeRef::Unit);
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
    let text = codegen::format::format_file("models.rs", models.tokens.clone(), "// header\n")
        .expect("formats");
    assert!(text.starts_with("// header\n"));
}
