//! What the methods of one resource handle share (`resources.rs` renders them;
//! `list_requests.rs` and `safe_writes.rs` add to them): the resource, its parents and id as
//! the methods pass them, and the doctest examples.

use super::{doc, ident, is_by_ref, path_argument, rust_type, Locals};
use crate::ir::{Api, Operation, Param, Resource, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `the summary` (operation `opId`, `GET /path`), for a handle method's rustdoc.
pub(super) fn operation_doc(op: &Operation, what: &str) -> TokenStream {
    let summary = op.summary.as_deref().unwrap_or(what);
    let line = format!(
        " Calls operation `{}` (`{} {}`).",
        op.operation_id, op.method, op.path
    );
    let head = doc(summary);
    quote!(#head #[doc = ""] #[doc = #line])
}

/// What the methods of one handle share: its resource, the parents and id as the methods
/// pass them, and what a wait that outlives the handle takes along.
pub(super) struct Handle<'a> {
    pub(super) api: &'a Api,
    pub(super) r: &'a Resource,
    pub(super) models: TokenStream,
    /// The parents as the operation methods take them (`&self.gateway_id`).
    pub(super) passed: Vec<TokenStream>,
    pub(super) id_name: Ident,
    pub(super) id_ty: TokenStream,
    pub(super) read: Option<TokenStream>,
    pub(super) error_body: TokenStream,
    /// `client.things(parent)`, as the examples call it.
    pub(super) handle_call: String,
    examples: Option<Examples<'a>>,
    /// What waiting needs, owned (the answer can outlive the handle): the parents, the handle
    /// made again from them, the id made owned and as the wait takes it.
    pub(super) owned_parents: Vec<TokenStream>,
    pub(super) rebuilt: TokenStream,
    pub(super) owned_id: TokenStream,
    pub(super) wait_arg: TokenStream,
    /// The names of emit's own arguments and locals in the handle's methods.
    pub(super) names: HandleLocals,
}

/// The names emit gives its own arguments and locals in a handle's methods (and the examples'
/// parameters), clear of the parents and the id, which the spec names (`Locals`): one set for
/// the handle, so every method calls `properties` alike.
pub(super) struct HandleLocals {
    pub(super) client: Ident,
    pub(super) id: Ident,
    pub(super) properties: Ident,
    pub(super) change: Ident,
    pub(super) options: Ident,
    pub(super) resource: Ident,
    pub(super) body: Ident,
    pub(super) item: Ident,
}

impl HandleLocals {
    fn new(r: &Resource) -> HandleLocals {
        let mut locals = Locals::new(r.parents.iter().chain([&r.id]).map(|p| p.name.as_str()));
        HandleLocals {
            client: locals.pick("client"),
            id: locals.pick("id"),
            properties: locals.pick("properties"),
            change: locals.pick("change"),
            options: locals.pick("options"),
            resource: locals.pick("resource"),
            body: locals.pick("body"),
            item: locals.pick("item"),
        }
    }
}

impl<'a> Handle<'a> {
    pub(super) fn new(api: &'a Api, r: &'a Resource) -> Handle<'a> {
        let models = quote!(super::models::);
        let handle = ident(&r.handle);
        let owned_parents = r
            .parents
            .iter()
            .map(|p| {
                let name = ident(&p.name);
                if is_by_ref(&p.ty) {
                    quote!(let #name = self.#name.clone();)
                } else {
                    quote!(let #name = self.#name;)
                }
            })
            .collect();
        let parent_names = r.parents.iter().map(|p| ident(&p.name));
        let names = HandleLocals::new(r);
        let (client, id) = (&names.client, &names.id);
        let (owned_id, wait_arg) = if is_by_ref(&r.id.ty) {
            (quote!(.to_owned()), quote!(&#id))
        } else {
            (quote!(), quote!(#id))
        };
        Handle {
            api,
            r,
            passed: r.parents.iter().map(|p| pass(p, quote!(self))).collect(),
            id_name: ident(&r.id.name),
            id_ty: path_argument(&r.id.ty, &models),
            read: r.read.as_ref().map(|t| rust_type(t, &models)),
            error_body: rust_type(&api.error_body, &models),
            handle_call: format!(
                "{client}.{}({})",
                r.handle,
                r.parents
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            examples: api.crate_name.as_deref().map(|krate| Examples {
                krate,
                r,
                client: client.to_string(),
                properties: names.properties.to_string(),
            }),
            owned_parents,
            rebuilt: quote!(#client.#handle(#(#parent_names),*)),
            owned_id,
            wait_arg,
            models,
            names,
        }
    }

    /// The `# Examples` of a method, when the crate's name is known.
    pub(super) fn example(&self, call: String, properties: Option<&TypeRef>) -> TokenStream {
        self.examples
            .as_ref()
            .map(|e| e.doc(&call, properties))
            .unwrap_or_default()
    }

    pub(super) fn operation(&self, name: &Option<String>) -> Option<&'a Operation> {
        self.api.operations.get(name.as_ref()?)
    }

    /// The parents as struct fields, typed.
    pub(super) fn parent_fields(&self) -> Vec<(Ident, TokenStream)> {
        self.r
            .parents
            .iter()
            .map(|p| (ident(&p.name), rust_type(&p.ty, &self.models)))
            .collect()
    }
}

/// `# Examples` for a handle method, when the crate's name is known (`info.x-rust-crate`): a
/// `no_run` doctest whose hidden function takes the handle's parameters, so it compiles.
struct Examples<'a> {
    krate: &'a str,
    r: &'a Resource,
    /// The parameters the example names besides the parents and the id.
    client: String,
    properties: String,
}

impl Examples<'_> {
    /// `ty` as the doctest names it from outside the crate.
    fn outside(&self, ty: &TypeRef) -> String {
        let krate = self.krate;
        match ty {
            TypeRef::Uuid => format!("{krate}::uuid::Uuid"),
            TypeRef::String => "&str".to_string(),
            TypeRef::Named(name) => format!("&{krate}::models::{name}"),
            other => rust_type(other, &quote!()).to_string().replace(' ', ""),
        }
    }

    /// The doc lines: `call` (a statement using the client, the parents, the id and the
    /// properties, named as the handle's methods name them).
    fn doc(&self, call: &str, properties: Option<&TypeRef>) -> TokenStream {
        let krate = self.krate;
        let mut params = vec![format!("{}: &{krate}::Client", self.client)];
        for p in self.r.parents.iter().chain([&self.r.id]) {
            params.push(format!("{}: {}", p.name, self.outside(&p.ty)));
        }
        if let Some(properties) = properties {
            params.push(format!("{}: {}", self.properties, self.outside(properties)));
        }
        let lines = [
            String::new(),
            " # Examples".to_string(),
            String::new(),
            " ```no_run".to_string(),
            format!(
                " # async fn example({}) -> {krate}::Result<()> {{",
                params.join(", ")
            ),
            format!(" # use {krate}::prelude::*;"),
            format!(" {call}"),
            " # Ok(())".to_string(),
            " # }".to_string(),
            " ```".to_string(),
        ];
        let lines = lines.iter().map(|l| quote!(#[doc = #l]));
        quote!(#(#lines)*)
    }
}

/// A handle's parent parameter as passed to an operation method (by reference when it takes one).
pub(super) fn pass(p: &Param, base: TokenStream) -> TokenStream {
    let name = ident(&p.name);
    if is_by_ref(&p.ty) {
        quote!(&#base.#name)
    } else {
        quote!(#base.#name)
    }
}
