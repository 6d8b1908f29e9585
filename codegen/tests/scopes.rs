//! What emit writes in each scope it shares with the spec's names is what `ir::names` lists, so
//! the names resolve claims first are the ones the output holds: a handle's and a list
//! request's own fields and methods, a builder's own method. Read from the output of the
//! construct fixture `names-the-generator-uses`, whose spec names take every one of them.
//! And a handle is made only where its method and types are free in the scopes they go in:
//! `Client`'s and the crate root's.

mod common;

use codegen::ir::names;
use common::{manifest_dir, read};
use std::collections::BTreeSet;

/// The lines at the top level of the block that starts with the line `header`.
fn block<'a>(text: &'a str, header: &str) -> Vec<&'a str> {
    let mut lines = text
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1);
    let mut depth = 1;
    let mut top = Vec::new();
    for line in lines.by_ref() {
        let code = line.trim();
        if depth == 1 {
            top.push(code);
        }
        depth += code.matches('{').count() + code.matches('(').count();
        depth -= (code.matches('}').count() + code.matches(')').count()).min(depth);
        if depth == 0 {
            break;
        }
    }
    assert!(!top.is_empty(), "no block `{header}`");
    top
}

/// The field names of a struct block (`client: &'a Client,`).
fn fields(lines: &[&str]) -> BTreeSet<String> {
    lines
        .iter()
        .filter_map(|line| line.split_once(':').map(|(name, _)| name))
        .filter(|name| !name.starts_with("//") && !name.contains(' '))
        .map(str::to_string)
        .collect()
}

/// The method names of an impl block.
fn methods(lines: &[&str]) -> BTreeSet<String> {
    lines
        .iter()
        .filter_map(|line| line.split_once("fn ").map(|(_, rest)| rest))
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_string).collect()
}

#[test]
fn emit_writes_in_each_scope_the_names_ir_names_lists() {
    let spec = read(&manifest_dir().join("tests/constructs/names-the-generator-uses.yaml"));
    let doc = codegen::load::load(&spec, None).expect("load");
    let api = codegen::resolve::resolve(&doc).expect("resolve");
    let generated = codegen::generate(&codegen::Input {
        spec: &spec,
        overlay: None,
        spec_label: "names",
    })
    .expect("generate");
    let file = |path: &str| {
        generated
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.clone())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let (resources, models) = (file("resources.rs"), file("models.rs"));

    let mut checked = 0;
    for r in api.resources.values() {
        let parents = set(r.parents.iter().map(|p| p.name.as_str()));
        let handle = format!("pub struct {}<'a> {{", r.type_name);
        let own = &fields(&block(&resources, &handle)) - &parents;
        assert_eq!(
            own,
            set(names::HANDLE_FIELDS),
            "the fields of {}",
            r.type_name
        );

        let Some(request) = r.list_request.as_ref() else {
            continue;
        };
        let list = format!("pub struct {}<'a> {{", request.type_name);
        let own = &fields(&block(&resources, &list)) - &parents;
        assert_eq!(own, set(names::LIST_REQUEST_FIELDS), "the fields of {list}");

        let list = format!("impl {}<'_> {{", request.type_name);
        let setters = set(request.setters.iter().map(String::as_str));
        let skip = set(request.skip.as_deref());
        let own = &(&methods(&block(&resources, &list)) - &setters) - &skip;
        assert_eq!(
            own,
            set(names::LIST_REQUEST_METHODS),
            "the methods of {list}"
        );
        checked += 1;
    }
    assert_eq!(checked, 2, "the fixture has two handles with a list");

    // The handles' types are items of the crate root, beside the runtime's and emit's own.
    let root = set(names::RUNTIME_ROOT_ITEMS
        .into_iter()
        .chain(names::GENERATED_ROOT_ITEMS));
    for r in api.resources.values() {
        for ty in [&r.type_name, &format!("{}List", r.type_name)] {
            assert!(!root.contains(ty.as_str()), "a handle type is named {ty}");
        }
    }
    assert!(
        api.operations.contains_key("read_client_builder_thing")
            && !api.resources.contains_key("client_builder"),
        "the fixture's `ClientBuilder` tag makes no handle"
    );

    let builder = &api.builders["Thing"];
    let setters = set(builder.setters.iter().map(String::as_str));
    let header = format!("impl {} {{", builder.name);
    let own = &methods(&block(&models, &header)) - &setters;
    assert_eq!(own, set(names::BUILDER_METHODS), "the methods of {header}");
}

/// A spec whose resources each read `Thing` at `/{collection}/{id}`, tagged `tags[i]` (with
/// the tag's `x-rust-name` when given).
fn resources_tagged(tags: &[(&str, Option<&str>)]) -> codegen::ir::Api {
    let mut paths = serde_json::Map::new();
    let mut tag_list = Vec::new();
    for (i, (tag, rust_name)) in tags.iter().enumerate() {
        let get = serde_json::json!({"get": {
            "operationId": format!("read{i}"),
            "tags": [tag],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
        }});
        paths.insert(format!("/c{i}/{{id}}"), get);
        let mut entry = serde_json::json!({"name": tag});
        if let Some(name) = rust_name {
            entry["x-rust-name"] = serde_json::json!(name);
        }
        tag_list.push(entry);
    }
    let spec = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://a.example.com"}],
        "tags": tag_list,
        "paths": paths,
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}
    });
    let doc = codegen::load::load(&spec.to_string(), None).expect("load");
    codegen::resolve::resolve(&doc).expect("resolve")
}

#[test]
fn a_handle_keeps_clear_of_the_root_s_items_the_client_s_methods_and_other_handles() {
    let handles = |tags: &[(&str, Option<&str>)]| -> Vec<(String, String)> {
        resources_tagged(tags)
            .resources
            .values()
            .map(|r| (r.handle.clone(), r.type_name.clone()))
            .collect()
    };
    // A free name gets its handle, so the refusals below are the scopes' doing.
    assert_eq!(
        handles(&[("Widgets", None)]),
        [("widgets".into(), "Widgets".into())]
    );
    // The root holds `Region` (servers), `Error`, the client's types: a tag of such a name
    // gives no handle, or one whose type stepped aside (`ErrorBody`).
    for item in names::GENERATED_ROOT_ITEMS
        .into_iter()
        .chain(names::RUNTIME_ROOT_ITEMS)
    {
        let found = handles(&[(item, None)]);
        assert!(
            found.iter().all(|(_, ty)| ty != item),
            "a handle typed {item}"
        );
    }
    assert!(handles(&[("Region", None)]).is_empty());
    assert!(handles(&[("MultiRegionClient", None)]).is_empty());
    // `Client` holds the runtime's methods.
    assert!(handles(&[("Things", Some("with_header"))]).is_empty());
    // A second handle's types may not repeat the first's (`WidgetsList` is the list request
    // of `Widgets`).
    assert_eq!(
        handles(&[("Widgets", None), ("WidgetsList", Some("listing"))]),
        [("widgets".into(), "Widgets".into())]
    );
    assert_eq!(
        handles(&[("Widgets", None), ("widgets", Some("more_widgets"))]),
        [("widgets".into(), "Widgets".into())]
    );
}
