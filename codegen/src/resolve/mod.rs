//! Stage 2: follow every `$ref` and turn the document into the intermediate model ([`crate::ir`]).
//!
//! Every schema, typed or mixed, is first normalised into one flat `View` (`view.rs`); the rules in
//! the modules below then decide what Rust type each schema becomes. Anything without a rule is
//! an error naming the construct and its JSON pointer. The last step, `conventions.rs`, recognises
//! the API conventions the runtime has helpers for, so emitting never looks at the document.

mod builders;
mod checks;
mod choices;
mod conventions;
mod environment;
mod fake;
mod given_names;
pub mod naming;
mod objects;
mod operations;
mod options;
mod parameters;
mod resources;
mod responses;
mod schemas;
mod security;
mod servers;
mod view;

use crate::error::{child, Error, ErrorKind};
use crate::ir::*;
use crate::report::{Finding, Loss, Mode, Report};
use naming::Namespace;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaData};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMAS: &str = "#/components/schemas";

/// Resolves a loaded document into the intermediate model, strictly: anything without a rule
/// is an error.
pub fn resolve(doc: &OpenAPI) -> Result<Api, Error> {
    resolve_in(doc, Mode::Strict).map(|(api, _)| api)
}

/// `Client`'s namespace before the operations go in: the methods the runtime and the rest of
/// the generated code give it (an operation named `builder` becomes `builder_2`).
fn client_methods() -> Namespace {
    let runtime = crate::ir::names::RUNTIME_CLIENT_METHODS.map(|n| (n, "(the runtime)"));
    let generated = crate::ir::names::GENERATED_CLIENT_METHODS.map(|n| (n, "(generated)"));
    Namespace::holding(runtime.into_iter().chain(generated), "#/paths")
}

/// Resolves a loaded document in the given [`Mode`], with the report of what was lost.
pub fn resolve_in(doc: &OpenAPI, mode: Mode) -> Result<(Api, Report), Error> {
    let mut r = Resolver {
        doc,
        mode,
        findings: Vec::new(),
        types: BTreeMap::new(),
        type_names: Namespace::default(),
        named: BTreeMap::new(),
        in_progress: Vec::new(),
        named_checks: BTreeMap::new(),
        constants: BTreeMap::new(),
        patterns: BTreeMap::new(),
        component_names: BTreeMap::new(),
        fn_names: client_methods(),
    };
    if let Some(components) = &doc.components {
        let mut names = Namespace::default();
        for name in components.schemas.keys() {
            let pointer = child(SCHEMAS, name);
            let rust = names.unique(&naming::type_name(name, &pointer)?, name, &pointer)?;
            r.component_names.insert(name.clone(), rust);
        }
    }
    if let Some(components) = &doc.components {
        for name in components.schemas.keys() {
            r.named_schema(name)?;
        }
    }
    let security = r.security()?;
    let mut operations = BTreeMap::new();
    let mut operations_declared = 0;
    let mut error_bodies = BTreeSet::new();
    for (path, item) in doc.paths.iter() {
        let item_pointer = child("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Error::unsupported(item_pointer, "$ref path items"))
            }
        };
        for (method, op) in item.iter() {
            operations_declared += 1;
            let pointer = child(&item_pointer, method);
            let op = r
                .operation(
                    path,
                    method,
                    op,
                    &item.parameters,
                    &pointer,
                    &mut error_bodies,
                )
                .and_then(|op| {
                    if r.type_names
                        .contains(op.query_type.as_deref().unwrap_or_default())
                    {
                        return Err(Error::new(
                            &pointer,
                            format!(
                                "query type name `{}` collides with a schema type",
                                op.query_type.as_deref().unwrap_or_default()
                            ),
                        ));
                    }
                    Ok(Some(op))
                });
            if let Some(op) = r.recover_operation(op, &pointer)? {
                operations.insert(op.fn_name.clone(), op);
            }
        }
    }
    let error_body = match error_bodies.len() {
        1 => error_bodies.into_iter().next().unwrap_or(TypeRef::Json),
        _ => TypeRef::Json,
    };
    schemas::reject_alias_cycles(&r.types)?;
    let operations_emitted = operations.len();
    let mut prelude = naming::prelude_items();
    let prelude_extras = given_names::prelude_extras(doc, &mut prelude)?;
    let api = conventions::recognise(Resolved {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: servers::servers(doc)?,
        types: r.types,
        operations,
        constants: r
            .constants
            .into_iter()
            .map(|(k, v)| (k, v.into_values().collect()))
            .collect(),
        patterns: r.patterns,
        error_body,
        security,
        environment: environment::environment(doc)?,
        tags: given_names::tags(doc)?,
        crate_name: given_names::crate_name(doc)?,
        client_methods: r.fn_names,
        prelude,
        prelude_extras,
    });
    Ok((
        api,
        Report {
            findings: r.findings,
            operations_declared,
            operations_emitted,
        },
    ))
}

/// A media type without its parameters (`application/json; charset=utf-8` is
/// `application/json`).
fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}

/// Whether a media type is JSON (`application/json`, `…+json`, or any type, `*/*`).
fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// Of a body's or answer's media types (in the document's order), the one whose schema the
/// generator reads: the first JSON one, else a form as the first media type. Every other
/// media type is sent or read as text or bytes, its schema unread. The review asks this too,
/// to compare in full exactly the schemas the generated code does not see.
pub(crate) fn schema_media_type<'m>(
    media_types: impl IntoIterator<Item = &'m str>,
) -> Option<&'m str> {
    let mut all = media_types.into_iter().peekable();
    let first = *all.peek()?;
    all.find(|m| is_json(m))
        .or_else(|| form(first).is_some().then_some(first))
}

/// The form a media type is, if it is one (its essence, case-insensitive).
fn form(media_type: &str) -> Option<Media> {
    match essence(media_type).to_ascii_lowercase().as_str() {
        "application/x-www-form-urlencoded" => Some(Media::Form),
        "multipart/form-data" => Some(Media::Multipart),
        _ => None,
    }
}

/// What a parameter, request body or response given as `$ref` names in
/// `#/components/{section}` (`found` looks a name up there), or the item itself; with the
/// pointer of where it is. A `$ref` to another place was copied in by `load`; a chain of them
/// is refused.
fn component<'d, T>(
    item: &'d ReferenceOr<T>,
    pointer: &str,
    section: &str,
    what: &str,
    found: impl FnOnce(&str) -> Option<&'d ReferenceOr<T>>,
) -> Result<(&'d T, String), Error> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok((item, pointer.to_string())),
        ReferenceOr::Reference { reference } => reference,
    };
    let home = format!("#/components/{section}");
    let name = reference.strip_prefix(&format!("{home}/")).ok_or_else(|| {
        Error::new(
            pointer,
            format!("unresolvable $ref {reference:?}: expected {home}/<name>"),
        )
    })?;
    match found(name) {
        Some(ReferenceOr::Item(item)) => Ok((item, child(&home, name))),
        Some(ReferenceOr::Reference { .. }) => {
            Err(Error::unsupported(pointer, &format!("{what} $ref chains")))
        }
        None => Err(Error::new(
            pointer,
            format!("unresolvable $ref: no {what} `{name}` in {home}"),
        )),
    }
}

/// What resolving the document gives: the [`Api`] without the conventions
/// `conventions::recognise` finds in it (the two phases are two types, so no field of the
/// `Api` is ever a placeholder).
struct Resolved {
    title: String,
    version: String,
    description: Option<String>,
    servers: Vec<Server>,
    types: BTreeMap<String, TypeDef>,
    operations: BTreeMap<String, Operation>,
    constants: BTreeMap<Vec<String>, Vec<Constant>>,
    patterns: BTreeMap<String, PatternDef>,
    error_body: TypeRef,
    security: Security,
    environment: Option<Environment>,
    tags: BTreeMap<String, Tag>,
    crate_name: Option<String>,
    /// `Client`'s scope: the runtime's and emit's methods, and the operations'.
    client_methods: Namespace,
    /// The prelude's scope: the runtime's items and the hand-written ones of
    /// `info.x-rust-prelude` (`prelude_extras`), claimed before any model.
    prelude: Namespace,
    prelude_extras: Vec<Vec<String>>,
}

impl Resolved {
    /// The fields of a struct type (through aliases); none for other types.
    fn fields(&self, ty: &TypeRef) -> &[Field] {
        fields_of(&self.types, ty)
    }
}

struct Resolver<'a> {
    doc: &'a OpenAPI,
    mode: Mode,
    /// What the generator gave up so far (see [`Resolver::recover`]).
    findings: Vec<Finding>,
    types: BTreeMap<String, TypeDef>,
    type_names: Namespace,
    /// Component schema name -> the Rust type it became (filled before its body is resolved, so
    /// self-references find it).
    named: BTreeMap<String, TypeRef>,
    /// Component schemas whose bodies are being resolved right now (for cycle handling).
    in_progress: Vec<String>,
    /// Checks a reference to a component schema brings along (aliases of constrained scalars).
    named_checks: BTreeMap<String, Vec<Check>>,
    constants: BTreeMap<Vec<String>, BTreeMap<String, Constant>>,
    patterns: BTreeMap<String, PatternDef>,
    /// Component schema name -> its Rust type name, made unique in document order before
    /// anything is resolved (`Foo-Bar` and `FooBar` become `FooBar` and `FooBar2`), so
    /// references and definitions agree and inline types keep out of their way.
    component_names: BTreeMap<String, String>,
    /// Operation method names handed out so far.
    fn_names: Namespace,
}

/// A schema position: a `$ref` (by its reference string) or an inline schema.
#[derive(Clone, Copy)]
enum Pos<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

fn pos(r: &ReferenceOr<Schema>) -> Pos<'_> {
    match r {
        ReferenceOr::Reference { reference } => Pos::Ref(reference),
        ReferenceOr::Item(s) => Pos::Item(s),
    }
}

fn pos_boxed(r: &ReferenceOr<Box<Schema>>) -> Pos<'_> {
    match r {
        ReferenceOr::Reference { reference } => Pos::Ref(reference),
        ReferenceOr::Item(s) => Pos::Item(s),
    }
}

fn schema_name_of_ref(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .filter(|n| !n.contains('/'))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn doc_of(data: &SchemaData) -> Option<String> {
    non_empty(data.description.as_ref()).or_else(|| non_empty(data.title.as_ref()))
}

/// A description worth a doc comment: an empty one (`description: ""`) is none, so the
/// emitter writes its own line and `missing_docs` stays satisfied; carriage returns are line
/// breaks (a bare one is not allowed in a doc comment).
pub(super) fn non_empty(text: Option<&String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| t.replace("\r\n", "\n").replace('\r', "\n"))
}

impl<'a> Resolver<'a> {
    /// Where a construct can be given up without breaking the rest: in strict mode the error
    /// stands; with [`Mode::SkipUnsupported`] it becomes a finding and `fallback` takes the
    /// construct's place. Generator bugs always stand.
    fn recover<T>(
        &mut self,
        result: Result<T, Error>,
        loss: Loss,
        fallback: impl FnOnce() -> T,
    ) -> Result<T, Error> {
        self.recover_in(result, loss, None, fallback)
    }

    /// [`recover`](Self::recover) for an operation at `pointer`: a skipped operation's finding
    /// also names the operation, which is what the review reads to tell a skipped operation
    /// from a removed one.
    fn recover_operation(
        &mut self,
        result: Result<Option<Operation>, Error>,
        pointer: &str,
    ) -> Result<Option<Operation>, Error> {
        self.recover_in(result, Loss::SkippedOperation, Some(pointer), || None)
    }

    fn recover_in<T>(
        &mut self,
        result: Result<T, Error>,
        loss: Loss,
        operation: Option<&str>,
        fallback: impl FnOnce() -> T,
    ) -> Result<T, Error> {
        match result {
            Err(e)
                if self.mode == Mode::SkipUnsupported
                    && !matches!(e.kind, ErrorKind::Internal | ErrorKind::Limit) =>
            {
                self.findings.push(Finding {
                    pointer: e.pointer,
                    loss,
                    message: e.message,
                    operation: operation.map(str::to_string),
                });
                Ok(fallback())
            }
            other => other,
        }
    }

    /// Records something the document leaves open and the generator filled in (kept in
    /// every mode).
    fn infer(&mut self, pointer: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            pointer: pointer.to_string(),
            loss: Loss::Inferred,
            message: message.into(),
            operation: None,
        });
    }

    fn component_schema(
        &self,
        name: &str,
        pointer: &str,
    ) -> Result<&'a ReferenceOr<Schema>, Error> {
        self.doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .ok_or_else(|| {
                Error::new(
                    pointer,
                    format!("unresolvable $ref: no schema `{name}` in #/components/schemas"),
                )
            })
    }

    /// Follows `$ref` chains to a schema body, with the pointer of that body.
    fn deref(&self, schema: Pos<'a>, pointer: &str) -> Result<(&'a Schema, String), Error> {
        let mut current = schema;
        let mut at = pointer.to_string();
        let mut seen = BTreeSet::new();
        loop {
            match current {
                Pos::Item(s) => return Ok((s, at)),
                Pos::Ref(reference) => {
                    let name = schema_name_of_ref(reference)
                        .ok_or_else(|| Error::new(&at, format!("unresolvable $ref {reference:?}: only #/components/schemas/<name> is supported here")))?;
                    if !seen.insert(name.to_string()) {
                        return Err(Error::new(
                            &at,
                            format!("cyclic $ref: {reference} refers back to itself"),
                        ));
                    }
                    current = pos(self.component_schema(name, &at)?);
                    at = child(SCHEMAS, name);
                }
            }
        }
    }

    /// Adds a type; an inline one whose name is taken (by another inline type, or reserved
    /// for a component) gets the first free numbered name. Returns the name it got.
    fn add_type(&mut self, mut def: TypeDef, wire: &str) -> Result<String, Error> {
        let is_component = self.component_names.get(wire) == Some(&def.name)
            && def.pointer == child(SCHEMAS, wire);
        if !is_component {
            let base = def.name.clone();
            let reserved = |name: &str| self.component_names.values().any(|c| c == name);
            let taken = |name: &str| reserved(name) || self.type_names.contains(name);
            if taken(&base) {
                def.name = (2..)
                    .map(|n| format!("{base}{n}"))
                    .find(|c| !taken(c))
                    .unwrap_or(base);
            }
        }
        self.type_names.claim(&def.name, wire, &def.pointer)?;
        let name = def.name.clone();
        self.types.insert(name.clone(), def);
        Ok(name)
    }
}

fn unbox(ty: TypeRef) -> TypeRef {
    // Collections already add the indirection a recursive type needs.
    match ty {
        TypeRef::Boxed(inner) => *inner,
        other => other,
    }
}
