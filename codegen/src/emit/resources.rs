//! `resources.rs` (only when resources were recognised): one handle per resource
//! (`client.wireguard_peers(gateway_id)`) whose methods build the request envelope, pick the
//! operation and apply the client's wait defaults, plus the list request each `list()` starts.

use super::operations::{is_by_ref, path_argument};
use super::{doc, ident, rust_type};
use crate::ir::{Api, EnvelopeArgument, Operation, Param, Resource, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub(crate) fn emit(api: &Api) -> TokenStream {
    let resources = api.resources.values().map(|r| resource(api, r));
    quote! {
        //! Resource handles: `client.things()` with `list`, `get`, `create`, `ensure`, `delete`
        //! and the waits, each naming the operation it calls.

        use rt::Client;

        #(#resources)*
    }
}

/// `the summary` (operation `opId`, `GET /path`), for a handle method's rustdoc.
fn operation_doc(op: &Operation, what: &str) -> TokenStream {
    let summary = op.summary.as_deref().unwrap_or(what);
    let line = format!(
        " Calls operation `{}` (`{} {}`).",
        op.operation_id, op.method, op.path
    );
    let head = doc(summary);
    quote!(#head #[doc = ""] #[doc = #line])
}

fn resource(api: &Api, r: &Resource) -> TokenStream {
    let models = quote!(super::models::);
    let handle = ident(&r.handle);
    let handle_type = ident(&r.type_name);
    let op = |name: &Option<String>| name.as_ref().and_then(|n| api.operations.get(n));
    let parents: Vec<(Ident, TokenStream)> = r
        .parents
        .iter()
        .map(|p| (ident(&p.name), rust_type(&p.ty, &models)))
        .collect();
    let parent_fields: Vec<TokenStream> = parents
        .iter()
        .map(|(name, ty)| quote!(#name: #ty,))
        .collect();
    let parent_args = parents.iter().map(|(name, ty)| quote!(#name: #ty));
    let parent_copies: Vec<TokenStream> = r
        .parents
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            if is_by_ref(&p.ty) {
                quote!(#name: self.#name.clone(),)
            } else {
                quote!(#name: self.#name,)
            }
        })
        .collect();
    // Owned parents (strings) make the handle `Clone` only.
    let copy = r
        .parents
        .iter()
        .all(|p| !is_by_ref(&p.ty))
        .then(|| quote!(Copy,));
    let parent_inits: Vec<TokenStream> = parents.iter().map(|(name, _)| quote!(#name,)).collect();
    let passed: Vec<TokenStream> = r.parents.iter().map(|p| pass(p, quote!(self))).collect();
    let id_name = ident(&r.id.name);
    let id_ty = path_argument(&r.id.ty, &models);
    let read = r.read.as_ref().map(|t| rust_type(t, &models));
    // What errors call an item: the properties' type when it has one (`IpSecTunnel`).
    let kind = r
        .create
        .as_ref()
        .or(r.ensure.as_ref())
        .and_then(|e| e.properties.named())
        .unwrap_or(&r.type_name)
        .to_string();

    let handle_doc = r.doc.as_deref().map(doc).unwrap_or_default();
    let client_method_doc = format!(" The `{}` resource: its handle.", r.type_name);
    let struct_doc = format!(
        " Handle of the `{}` resource, from [`Client::{}`]: cheap to make, borrows the client.",
        r.type_name, r.handle
    );

    let examples = api.crate_name.as_deref().map(|krate| Examples { krate, r });
    let handle_call = format!(
        "client.{}({})",
        r.handle,
        r.parents
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let id_text = r.id.name.as_str();
    let example = |call: String, properties: Option<&TypeRef>| {
        examples
            .as_ref()
            .map(|e| e.doc(&call, properties))
            .unwrap_or_default()
    };
    let mut methods = Vec::new();
    let mut extra = Vec::new();
    if let Some(list_op) = op(&r.list) {
        if let Some(query) = list_op
            .query_type
            .as_deref()
            .filter(|_| list_op.query_params.iter().all(|q| !q.required))
        {
            let list_type = format_ident!("{}List", r.type_name);
            let d = operation_doc(list_op, "Lists the items.");
            let ex = example(
                format!("let page = {handle_call}.list().limit(10).send().await?;"),
                None,
            );
            methods.push(quote! {
                #d
                #[doc = ""]
                #[doc = " Narrow the request, then `send()` it for one page, `stream()` every item or"]
                #[doc = " collect `all()`."]
                #ex
                pub fn list(&self) -> #list_type<'a> {
                    #list_type {
                        client: self.client,
                        #(#parent_copies)*
                        query: Default::default(),
                    }
                }
            });
            extra.push(super::list_requests::list_request(
                api, r, list_op, query, &list_type, &parents,
            ));
        }
    }
    if let (Some(get), Some(read)) = (op(&r.get), &read) {
        let fn_name = ident(&get.fn_name);
        let d = operation_doc(get, "Reads one item.");
        let ex = example(
            format!("let item = {handle_call}.get({id_text}).await?;"),
            None,
        );
        methods.push(quote! {
            #d
            #ex
            pub async fn get(&self, #id_name: #id_ty) -> Result<#read, super::Error> {
                self.client.#fn_name(#(#passed,)* #id_name).await
            }
        });
        if get.wait.is_some() {
            let ready =
                " Polls [`get`](Self::get) until the item is ready and returns it, with the \
                 client's wait options \
                 ([`ClientBuilder::wait`](crate::runtime::ClientBuilder::wait)). A failed state \
                 ends with [`Error::ResourceFailed`](crate::runtime::Error::ResourceFailed), the \
                 deadline with [`Error::WaitTimedOut`](crate::runtime::Error::WaitTimedOut).";
            let ready_ex = example(
                format!("let ready = {handle_call}.wait_until_ready({id_text}).await?;"),
                None,
            );
            let gone_ex = example(
                format!("{handle_call}.wait_until_gone({id_text}).await?;"),
                None,
            );
            methods.push(quote! {
                #[doc = #ready]
                #ready_ex
                pub async fn wait_until_ready(&self, #id_name: #id_ty) -> Result<#read, super::Error> {
                    self.wait_until_ready_with(#id_name, self.client.wait_options()).await
                }

                /// [`wait_until_ready`](Self::wait_until_ready) with wait options of its own.
                pub async fn wait_until_ready_with(
                    &self,
                    #id_name: #id_ty,
                    options: &rt::WaitOptions,
                ) -> Result<#read, super::Error> {
                    let resource = format!("{} {}", #kind, #id_name);
                    rt::until_ready(options, &resource, || self.get(#id_name)).await
                }

                /// Polls [`get`](Self::get) until the item is gone (`404`), e.g. after a delete,
                /// with the client's wait options.
                #gone_ex
                pub async fn wait_until_gone(&self, #id_name: #id_ty) -> Result<(), super::Error> {
                    self.wait_until_gone_with(#id_name, self.client.wait_options()).await
                }

                /// [`wait_until_gone`](Self::wait_until_gone) with wait options of its own.
                pub async fn wait_until_gone_with(
                    &self,
                    #id_name: #id_ty,
                    options: &rt::WaitOptions,
                ) -> Result<(), super::Error> {
                    let resource = format!("{} {}", #kind, #id_name);
                    rt::until_gone(options, &resource, || self.get(#id_name)).await
                }
            });
        }
    }
    // A resource that takes time to set up: writes answer `rt::Accepted` (`.ready()` waits),
    // a delete `rt::Deleting` (`.gone()` waits).
    let waits = op(&r.get).is_some_and(|g| g.wait.is_some());
    let error_body = rust_type(&api.error_body, &models);
    // What waiting needs, owned (the answer can outlive the handle): a clone of the client,
    // the parents, and the handle made again from them.
    let owned_parents: Vec<TokenStream> = r
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
    let parent_names: Vec<Ident> = r.parents.iter().map(|p| ident(&p.name)).collect();
    let rebuilt = quote!(client.#handle(#(#parent_names),*));
    let (owned_id, wait_arg) = if is_by_ref(&r.id.ty) {
        (quote!(.to_owned()), quote!(&id))
    } else {
        (quote!(), quote!(id))
    };
    // Where a read keeps the item's id, for waiting on an item the server named.
    let read_id = r.read.as_ref().and_then(|t| {
        let f = api
            .fields(t)
            .iter()
            .find(|f| f.wire == "id" && f.ty == r.id.ty)?;
        Some(ident(&f.name))
    });
    let read_id_owned = if is_by_ref(&r.id.ty) {
        quote!(.clone())
    } else {
        quote!()
    };
    for (envelope, is_ensure) in [(&r.create, false), (&r.ensure, true)] {
        let Some(envelope) = envelope else { continue };
        let Some(operation) = api.operations.get(&envelope.operation) else {
            continue;
        };
        let accepted = waits
            && r.read.as_ref() == operation.returns.body()
            && (is_ensure || read_id.is_some());
        let fn_name = ident(&operation.fn_name);
        let body = ident(&envelope.body);
        let properties = rust_type(&envelope.properties, &models);
        let response = super::answers::return_type(operation, &models);
        let args = envelope.arguments.iter().map(|a| match a {
            EnvelopeArgument::Id => quote!(#id_name),
            EnvelopeArgument::Properties => quote!(properties.clone()),
        });
        let call = match (is_ensure, accepted) {
            (true, false) => {
                format!("let item = {handle_call}.ensure({id_text}, properties).await?;")
            }
            (true, true) => format!(
                "let ready = {handle_call}.ensure({id_text}, properties).await?.ready().await?;"
            ),
            (false, false) => format!("let created = {handle_call}.create(properties).await?;"),
            (false, true) => {
                format!("let ready = {handle_call}.create(properties).await?.ready().await?;")
            }
        };
        let ex = example(call, Some(&envelope.properties));
        let (name, id_param, id_pass, what) = if is_ensure {
            (
                quote!(ensure),
                quote!(#id_name: #id_ty,),
                quote!(#id_name,),
                " Creates the item with this id, or replaces it: the whole item, so a property \
                 left out is reset. Safe to retry (a `PUT`).",
            )
        } else {
            (
                quote!(create),
                quote!(),
                quote!(),
                " Creates an item with these properties; the server picks its id.",
            )
        };
        let d = operation_doc(operation, what.trim());
        let what = if operation.summary.is_some() {
            quote!(#[doc = ""] #[doc = #what])
        } else {
            quote!()
        };
        let envelope_doc = format!(
            " The request body ([`{}`](super::models::{})) is built from the properties.",
            envelope.body, envelope.body
        );
        if !accepted {
            methods.push(quote! {
                #d
                #what
                #[doc = ""]
                #[doc = #envelope_doc]
                #ex
                pub async fn #name(&self, #id_param properties: &#properties) -> Result<#response, super::Error> {
                    let body = super::models::#body::new(#(#args),*);
                    self.client.#fn_name(#(#passed,)* #id_pass &body).await
                }
            });
            continue;
        }
        let id = if is_ensure {
            quote!(#id_name #owned_id)
        } else {
            quote!(item.#read_id #read_id_owned)
        };
        let accepted_doc = " The answer is the item as the API holds it now (it derefs to it); \
             `.ready().await` waits until the item is usable, with the client's wait options.";
        methods.push(quote! {
            #d
            #what
            #[doc = ""]
            #[doc = #envelope_doc]
            #[doc = #accepted_doc]
            #ex
            pub async fn #name(
                &self,
                #id_param
                properties: &#properties,
            ) -> Result<rt::Accepted<#response, #error_body>, super::Error> {
                let body = super::models::#body::new(#(#args),*);
                let item = self.client.#fn_name(#(#passed,)* #id_pass &body).await?;
                let (client, id) = (self.client.clone(), #id);
                #(#owned_parents)*
                Ok(rt::Accepted::new(item, move || async move {
                    #rebuilt.wait_until_ready(#wait_arg).await
                }))
            }
        });
    }
    if let (Some(ensure), Some(read)) = (&r.ensure, &read) {
        let ensure_accepted = waits
            && api
                .operations
                .get(&ensure.operation)
                .is_some_and(|o| r.read.as_ref() == o.returns.body());
        let writes = super::safe_writes::SafeWrites {
            ensure,
            read,
            accepted: ensure_accepted.then_some(&error_body),
        };
        methods.push(super::safe_writes::safe_writes(
            api,
            r,
            &writes,
            &example,
            &handle_call,
        ));
    }
    if let Some(delete) = op(&r.delete) {
        let fn_name = ident(&delete.fn_name);
        let response = super::answers::return_type(delete, &models);
        let d = operation_doc(delete, "Deletes the item.");
        if waits && delete.returns.body() == Some(&TypeRef::Unit) {
            let ex = example(
                format!("{handle_call}.delete({id_text}).await?.gone().await?;"),
                None,
            );
            let gone = " The answer says the deletion was accepted; `.gone().await` waits until \
                 the item no longer exists, with the client's wait options.";
            methods.push(quote! {
                #d
                #[doc = ""]
                #[doc = #gone]
                #ex
                pub async fn delete(
                    &self,
                    #id_name: #id_ty,
                ) -> Result<rt::Deleting<#error_body>, super::Error> {
                    self.client.#fn_name(#(#passed,)* #id_name).await?;
                    let (client, id) = (self.client.clone(), #id_name #owned_id);
                    #(#owned_parents)*
                    Ok(rt::Deleting::new(move || async move {
                        #rebuilt.wait_until_gone(#wait_arg).await
                    }))
                }
            });
        } else {
            let ex = example(format!("{handle_call}.delete({id_text}).await?;"), None);
            methods.push(quote! {
                #d
                #ex
                pub async fn delete(&self, #id_name: #id_ty) -> Result<#response, super::Error> {
                    self.client.#fn_name(#(#passed,)* #id_name).await
                }
            });
        }
    }
    quote! {
        impl Client {
            #handle_doc
            #[doc = ""]
            #[doc = #client_method_doc]
            pub fn #handle(&self, #(#parent_args),*) -> #handle_type<'_> {
                #handle_type {
                    client: self,
                    #(#parent_inits)*
                }
            }
        }

        #[doc = #struct_doc]
        #[derive(Clone, #copy Debug)]
        pub struct #handle_type<'a> {
            client: &'a Client,
            #(#parent_fields)*
        }

        impl<'a> #handle_type<'a> {
            #(#methods)*
        }

        #(#extra)*
    }
}

/// `create_idempotent` (when the client can pick the id) and `update` (when a read holds the
/// properties an ensure sends): writes that are safe to repeat and that keep what the caller
/// did not touch.
/// `# Examples` for a handle method, when the crate's name is known (`info.x-rust-crate`): a
/// `no_run` doctest whose hidden function takes the handle's parameters, so it compiles.
struct Examples<'a> {
    krate: &'a str,
    r: &'a Resource,
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

    /// The doc lines: `call` (a statement using `client`, the parents, `id`, `properties`).
    fn doc(&self, call: &str, properties: Option<&TypeRef>) -> TokenStream {
        let krate = self.krate;
        let mut params = vec![format!("client: &{krate}::Client")];
        for p in self.r.parents.iter().chain([&self.r.id]) {
            params.push(format!("{}: {}", p.name, self.outside(&p.ty)));
        }
        if let Some(properties) = properties {
            params.push(format!("properties: {}", self.outside(properties)));
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
