//! The generated prelude and resolve agree on the names it takes from the runtime: resolve
//! keeps a model of such a name (`RetryPolicy`) out of the prelude because the prelude names
//! it already, so the prelude must name every one.

#[test]
fn the_prelude_names_every_runtime_name_resolve_keeps_free() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://a.example.com"}],
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"204": {"description": "ok"}}}}}}"#;
    let doc = codegen::load::load(spec, None).expect("load");
    let api = codegen::resolve::resolve(&doc).expect("resolve");
    let root = codegen::emit::emit_file(&api, codegen::emit::OutputFile::Root).to_string();
    let prelude = &root[root.find("mod prelude").expect("a prelude")..];
    for name in codegen::ir::names::PRELUDE_ITEMS {
        assert!(
            prelude
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == name),
            "the prelude does not name {name}: {prelude}"
        );
    }
}

/// `info.x-rust-prelude` adds hand-written items to the prelude, claimed before any model: a
/// model of the same name stays in `models`, so the prelude names one item per name.
#[test]
fn hand_written_prelude_items_come_first_and_a_model_of_their_name_stays_out() {
    let spec = r##"{"openapi": "3.0.3",
        "info": {"title": "t", "version": "1", "x-rust-prelude": ["crate::keys::PrivateKey"]},
        "paths": {"/x": {"post": {"operationId": "sendX",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Wrapper"}}}},
            "responses": {"204": {"description": "ok"}}}}},
        "components": {"schemas": {
            "Wrapper": {"type": "object", "properties": {"key": {"$ref": "#/components/schemas/PrivateKey"}, "other": {"$ref": "#/components/schemas/Other"}}},
            "PrivateKey": {"type": "object", "properties": {"text": {"type": "string"}}},
            "Other": {"type": "object", "properties": {"text": {"type": "string"}}}}}}"##;
    let doc = codegen::load::load(spec, None).expect("load");
    let api = codegen::resolve::resolve(&doc).expect("resolve");
    assert_eq!(api.prelude_extras, [vec!["crate", "keys", "PrivateKey"]]);
    assert!(
        api.prelude_models.iter().any(|m| m == "Other"),
        "{:?}",
        api.prelude_models
    );
    assert!(
        !api.prelude_models.iter().any(|m| m == "PrivateKey"),
        "{:?}",
        api.prelude_models
    );
    let root = codegen::emit::emit_file(&api, codegen::emit::OutputFile::Root).to_string();
    assert!(
        root.contains("pub use crate :: keys :: PrivateKey ;"),
        "{root}"
    );
}
