//! `generate` emits and formats on several threads, splitting `models.rs` into parts when a
//! spec has many types and `operations.rs` when it has many operations; the bytes must be
//! those of the one-thread pipeline, part joins and runtime import included.

use serde_json::json;

#[test]
fn threads_and_parts_give_the_bytes_of_one_thread() {
    // 300 schemas (enough for models.rs to be split), some with checks (they use the runtime
    // alias) and some plain aliases (they do not), so the import's place is exercised.
    let mut schemas = serde_json::Map::new();
    for i in 0..300 {
        let schema = match i % 3 {
            0 => json!({"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "maxLength": 10 + i},
                "next": {"$ref": format!("#/components/schemas/S{:03}", (i + 1) % 300)}}}),
            1 => json!({"type": "string", "enum": ["a", "b"]}),
            _ => json!({"type": "integer"}),
        };
        schemas.insert(format!("S{i:03}"), schema);
    }
    // 600 operations: operations.rs in two parts, each with its own `impl Client` block.
    let mut paths = serde_json::Map::new();
    for i in 0..600 {
        let schema = format!("#/components/schemas/S{:03}", i % 300);
        paths.insert(
            format!("/s{i}"),
            json!({"get": {"operationId": format!("getS{i}"), "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": schema}}}}}}}),
        );
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "many", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
    .to_string();
    let input = codegen::Input {
        spec: &spec,
        overlay: None,
        spec_label: "many",
    };
    let threaded = codegen::generate(&input).expect("generates");

    let doc = codegen::load::load(&spec, None).expect("load");
    let api = codegen::resolve::resolve(&doc).expect("resolve");
    assert!(
        codegen::emit::pieces(&api, 4).len() > codegen::emit::paths(&api).len(),
        "models.rs is split"
    );
    let pieces = codegen::emit::pieces(&api, 1);
    assert_eq!(
        pieces.iter().filter(|p| p.path == "operations.rs").count(),
        2,
        "operations.rs is split"
    );
    let header = threaded[0]
        .contents
        .lines()
        .take(2)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let one_thread: Vec<(String, String)> = codegen::emit::emit(&api)
        .into_iter()
        .map(|f| {
            let text = codegen::format::format_file(
                f.path,
                f.tokens,
                &header,
                codegen::emit::VERBATIM_MARKER,
            )
            .expect("format");
            (f.path.to_string(), text)
        })
        .collect();
    let threaded: Vec<(String, String)> =
        threaded.into_iter().map(|f| (f.path, f.contents)).collect();
    assert_eq!(threaded, one_thread);
}
