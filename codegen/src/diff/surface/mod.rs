//! The Rust surface users compile against beyond models and operation methods, read from the
//! IR as emit writes it: the resource handles (their `Client` method, type and methods, and
//! the multi-region client's), the list requests `list()` starts, the model builders and their
//! setters, the models' and queries' `with_…` setters, `ClientBuilder`'s setters for the
//! spec's API keys, the helpers beside operation methods (`…_stream`, `…_until_ready`) and
//! the prelude. Each item's signature spells its types as emit writes them (the IR's
//! `Spelling`, `Argument` and `SetterInput`, which emit renders too), module paths and
//! lifetimes left out, `&` dropped and `Result<T, Error>` (the crate's error) read as `T`
//! (`codegen/tests/surface.rs` holds the two together). The review compares the surfaces of both versions item by item: a renamed tag
//! renames a handle, a Rust change although nothing changes on the wire.

mod handles;
mod setters;

use super::{Change, Rule, RustEffect};
use crate::ir::{Api, Helper, Operation, Returns, TypeRef};
use std::collections::BTreeMap;

/// What an item of the surface is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SurfaceKind {
    /// A resource handle: its `Client` method (`Client::wireguard_peers`) and the types that
    /// come with it (the handle's, its list request's, the multi-region handle's).
    Handle,
    /// A method of a handle, of the multi-region client for it, or of its multi-region handle
    /// (`WireguardPeers::get`, `MultiRegionClient::wireguard_gateways`).
    HandleMethod,
    /// A method of a list request (`WireguardPeersList::limit`, `::stream`).
    ListRequestMethod,
    /// A model's builder (`WireguardPeer::builder`, with its `build`).
    Builder,
    /// A setter of a builder (`WireguardPeerBuilder::name`).
    BuilderSetter,
    /// A `with_…` setter of a model or an operation's query, one per optional field
    /// (`WireguardPeer::with_description`).
    ModelSetter,
    /// A setter of `ClientBuilder` for an API-key security scheme (`ClientBuilder::api_key`).
    CredentialSetter,
    /// A public helper beside an operation method (`Client::list_things_stream`).
    ClientHelper,
    /// A name the prelude exports besides the runtime's (`prelude::WireguardPeer`).
    PreludeItem,
}

/// One item of the generated crate's surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceItem {
    pub kind: SurfaceKind,
    /// The Rust path users write (`Client::wireguard_peers`, `WireguardPeers::get`,
    /// `prelude::WireguardPeer`).
    pub path: String,
    /// The other names that come with the item (a handle's types), part of what users write.
    pub names: Vec<String>,
    /// The types it takes and what it returns, as text (`(Uuid) -> WireguardPeerRead`); a
    /// change of it breaks callers.
    pub signature: String,
    /// Where in the document it comes from (the operation, parameter, schema or property).
    pub pointer: String,
    /// The operations it calls (and so needs both sides to read, to be compared).
    calls: Vec<String>,
    /// What identifies the item in both versions whatever its Rust names: a handle by the
    /// path template of its collection, its methods by that and their name.
    key: String,
    /// What this item belongs to (a handle's method, a builder's or a model's setter): when
    /// that is added or removed, this one goes with it and is not a change of its own.
    owner: Option<Owner>,
}

/// What an item belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// Another item of the surface, by kind and key.
    Item(SurfaceKind, String),
    /// A generated type (a model, a query struct) by its name.
    Type(String),
}

impl Owner {
    /// Is it there in the other version (`items` its surface, `api` its model)?
    fn is_in(&self, items: &BTreeMap<(SurfaceKind, String), SurfaceItem>, api: &Api) -> bool {
        match self {
            Owner::Item(kind, key) => items.contains_key(&(*kind, key.clone())),
            Owner::Type(name) => {
                api.types.contains_key(name)
                    || api
                        .operations
                        .values()
                        .any(|o| o.query_type.as_ref() == Some(name))
            }
        }
    }
}

impl SurfaceItem {
    /// The names that change when a handle is renamed: its `Client` method and its type
    /// (its list request and multi-region types are named after it, and come and go with
    /// their methods). Its methods' paths change with them, and are not changes of their own.
    fn naming(&self) -> (&str, Option<&String>) {
        (&self.path, self.names.first())
    }

    /// Does it rest on a place `lost` says one side could not read?
    fn rests_on(&self, lost: &dyn Fn(&str) -> bool) -> bool {
        lost(&self.pointer) || self.calls.iter().any(|p| lost(p))
    }
}

/// Every item of the surface `api` gives, in a stable order.
pub fn surface(api: &Api) -> Vec<SurfaceItem> {
    let mut items = Vec::new();
    for r in api.resources.values() {
        handles::handle(api, r, &mut items);
    }
    setters::builders(api, &mut items);
    setters::with_setters(api, &mut items);
    setters::credentials(api, &mut items);
    helpers(api, &mut items);
    prelude(api, &mut items);
    items.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
    items
}

/// A type as the signature text names it: its spelling (the one emit writes) without paths.
fn text(ty: &TypeRef) -> String {
    ty.spelling().to_string()
}

/// What an operation method returns on success, as text.
fn returns(op: &Operation) -> String {
    match &op.returns {
        Returns::Body { ty, .. } => text(ty),
        Returns::Optional { ty, .. } => format!("Option<{}>", text(ty)),
        Returns::Answers { type_name, .. } => type_name.clone(),
        Returns::Raw => "Response".into(),
    }
}

fn signature(arguments: &[String], output: &str) -> String {
    format!("({}) -> {output}", arguments.join(", "))
}

/// The helpers beside operation methods that are public: those of operations no handle
/// covers (a handle's list helpers are `pub(crate)`, and its waits are its own).
fn helpers(api: &Api, out: &mut Vec<SurfaceItem>) {
    for op in api.operations.values() {
        if api.hidden_helpers.contains(&op.fn_name) {
            continue;
        }
        let path: Vec<String> = op.path_params.iter().map(|p| text(&p.ty)).collect();
        let mut with_query = path.clone();
        with_query.extend(op.query_type.clone());
        let mut helper = |helper: Helper, arguments: &[String], output: String| {
            let name = helper.name_beside(&op.fn_name);
            out.push(SurfaceItem {
                kind: SurfaceKind::ClientHelper,
                path: format!("Client::{name}"),
                names: Vec::new(),
                signature: signature(arguments, &output),
                pointer: op.pointer.clone(),
                calls: vec![op.pointer.clone()],
                key: name,
                owner: None,
            });
        };
        if let (Some(p), Some(_)) = (&op.pagination, &op.query_type) {
            let (item, error) = (text(&p.shape.item), text(&api.error_body));
            let pages = format!("Pages<{item}, {}, {error}>", text(&p.number));
            helper(Helper::Pages, &with_query, pages);
            helper(
                Helper::Stream,
                &with_query,
                format!("Items<{item}, {error}>"),
            );
            helper(Helper::All, &with_query, format!("Vec<{item}>"));
        }
        if let Some(wait) = &op.wait {
            let mut arguments = with_query.clone();
            arguments.push("WaitOptions".into());
            helper(Helper::UntilReady, &arguments, wait.resource.clone());
            helper(Helper::UntilGone, &arguments, "()".into());
        }
    }
}

/// What the prelude exports that a spec decides: the models, and the regions' two types.
fn prelude(api: &Api, out: &mut Vec<SurfaceItem>) {
    let mut item = |name: &str, pointer: String| {
        out.push(SurfaceItem {
            kind: SurfaceKind::PreludeItem,
            path: format!("prelude::{name}"),
            names: Vec::new(),
            signature: String::new(),
            pointer,
            calls: Vec::new(),
            key: name.to_string(),
            owner: None,
        });
    };
    for name in &api.prelude_models {
        let pointer = api.types.get(name).map(|d| d.pointer.clone());
        item(name, pointer.unwrap_or_default());
    }
    if !api.servers.is_empty() {
        for name in ["MultiRegionClient", "Region"] {
            item(name, "#/servers".into());
        }
    }
    for (i, path) in api.prelude_extras.iter().enumerate() {
        let pointer = format!("#/info/x-rust-prelude/{i}");
        item(path.last().map_or("", String::as_str), pointer);
    }
}

/// The rules of one kind of item: added, removed, changed (its signature).
fn rules(kind: SurfaceKind) -> (Rule, Rule, Option<Rule>) {
    use SurfaceKind as K;
    match kind {
        K::Handle => (
            Rule::RustHandleAdded,
            Rule::RustHandleRemoved,
            Some(Rule::RustHandleChanged),
        ),
        K::HandleMethod => (
            Rule::RustHandleMethodAdded,
            Rule::RustHandleMethodRemoved,
            Some(Rule::RustHandleMethodChanged),
        ),
        K::ListRequestMethod => (
            Rule::RustListRequestMethodAdded,
            Rule::RustListRequestMethodRemoved,
            Some(Rule::RustListRequestMethodChanged),
        ),
        K::Builder => (Rule::RustBuilderAdded, Rule::RustBuilderRemoved, None),
        K::ModelSetter => (
            Rule::RustModelSetterAdded,
            Rule::RustModelSetterRemoved,
            Some(Rule::RustModelSetterChanged),
        ),
        K::CredentialSetter => (
            Rule::RustCredentialSetterAdded,
            Rule::RustCredentialSetterRemoved,
            None,
        ),
        K::BuilderSetter => (
            Rule::RustBuilderSetterAdded,
            Rule::RustBuilderSetterRemoved,
            Some(Rule::RustBuilderSetterChanged),
        ),
        K::ClientHelper => (
            Rule::RustClientHelperAdded,
            Rule::RustClientHelperRemoved,
            Some(Rule::RustClientHelperChanged),
        ),
        K::PreludeItem => (
            Rule::RustPreludeItemAdded,
            Rule::RustPreludeItemRemoved,
            None,
        ),
    }
}

fn every_name(item: &SurfaceItem) -> Vec<String> {
    let mut names = vec![item.path.clone()];
    names.extend(item.names.iter().cloned());
    names
}

/// Every item of the old surface removed, renamed or changed, and every item added (an item
/// whose owner is added or removed with it is part of that change). An item resting on a
/// place only one side could read (`lost`) is not compared: its absence is the generator's.
pub(super) fn compare(old: &Api, new: &Api, lost: &dyn Fn(&str) -> bool, found: &mut Vec<Change>) {
    let index = |items: Vec<SurfaceItem>| -> BTreeMap<(SurfaceKind, String), SurfaceItem> {
        items
            .into_iter()
            .map(|i| ((i.kind, i.key.clone()), i))
            .collect()
    };
    let (before, after) = (index(surface(old)), index(surface(new)));
    let owned_by_other = |item: &SurfaceItem, other: &BTreeMap<_, _>, api: &Api| {
        item.owner.as_ref().is_some_and(|o| !o.is_in(other, api))
    };
    // A renamed handle's types are named in its methods' signatures (`list()` returns its
    // list request): read under the new names, they are not changes of their own.
    let renames: Vec<(&String, &String)> = before
        .iter()
        .filter(|(_, was)| was.kind == SurfaceKind::Handle)
        .filter_map(|(key, was)| Some((was, after.get(key)?)))
        .flat_map(|(was, is)| was.names.iter().zip(&is.names))
        .filter(|(was, is)| was != is)
        .collect();
    for (key, was) in &before {
        let (_, removed, changed) = rules(was.kind);
        let is = after.get(key);
        if was.rests_on(lost) || is.is_some_and(|is| is.rests_on(lost)) {
            continue;
        }
        match is {
            None if owned_by_other(was, &after, new) => {}
            None => found.push(Change {
                rule: removed,
                location: was.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: every_name(was),
                description: format!("`{}` removed", was.path),
            }),
            Some(is) if is.kind == SurfaceKind::Handle && is.naming() != was.naming() => found
                .push(Change {
                    rule: Rule::RustHandleRenamed,
                    location: is.pointer.clone(),
                    rust: RustEffect::Breaking,
                    rust_items: every_name(was).into_iter().chain(every_name(is)).collect(),
                    description: format!(
                        "`{}` renamed to `{}` ({} to {})",
                        was.path,
                        is.path,
                        was.names.join(", "),
                        is.names.join(", ")
                    ),
                }),
            Some(is) if is.signature != renamed(&was.signature, &renames) => found.push(Change {
                rule: changed.unwrap_or(removed),
                location: is.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: vec![is.path.clone()],
                description: format!(
                    "`{}` changed from `{}` to `{}`",
                    is.path, was.signature, is.signature
                ),
            }),
            Some(_) => {}
        }
    }
    for (key, is) in &after {
        if before.contains_key(key) || owned_by_other(is, &before, old) || is.rests_on(lost) {
            continue;
        }
        found.push(Change {
            rule: rules(is.kind).0,
            location: is.pointer.clone(),
            rust: RustEffect::Additive,
            rust_items: every_name(is),
            description: format!("`{}` added", is.path),
        });
    }
}

/// `signature` with each whole name of `renames` replaced by its new name.
fn renamed(signature: &str, renames: &[(&String, &String)]) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let new = renames.iter().find(|(was, _)| *was == word).map(|r| r.1);
        out.push_str(new.unwrap_or(word));
        word.clear();
    };
    for c in signature.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}
