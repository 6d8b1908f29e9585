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
