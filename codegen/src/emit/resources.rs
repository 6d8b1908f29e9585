//! `resources.rs` (only when resources were recognised): one handle per resource
//! (`client.wireguard_peers(gateway_id)`) whose methods build the request envelope, pick the
//! operation and apply the client's wait defaults, plus the list request each `list()` starts.

use super::operations::{is_by_ref, path_argument};
use super::{doc, ident, rust_type};
use crate::ir::{Api, Envelope, EnvelopeArgument, Operation, Param, Resource, TypeRef};
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
    for (envelope, is_ensure) in [(&r.create, false), (&r.ensure, true)] {
        let Some(envelope) = envelope else { continue };
        let Some(operation) = api.operations.get(&envelope.operation) else {
            continue;
        };
        let fn_name = ident(&operation.fn_name);
        let body = ident(&envelope.body);
        let properties = rust_type(&envelope.properties, &models);
        let response = rust_type(&operation.response, &models);
        let args = envelope.arguments.iter().map(|a| match a {
            EnvelopeArgument::Id => quote!(#id_name),
            EnvelopeArgument::Properties => quote!(properties.clone()),
        });
        let call = if is_ensure {
            format!("let item = {handle_call}.ensure({id_text}, properties).await?;")
        } else {
            format!("let created = {handle_call}.create(properties).await?;")
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
    }
    if let (Some(ensure), Some(read)) = (&r.ensure, &read) {
        methods.push(safe_writes(api, r, ensure, read, &example, &handle_call));
    }
    if let Some(delete) = op(&r.delete) {
        let fn_name = ident(&delete.fn_name);
        let response = rust_type(&delete.response, &models);
        let d = operation_doc(delete, "Deletes the item.");
        let ex = example(format!("{handle_call}.delete({id_text}).await?;"), None);
        methods.push(quote! {
            #d
            #ex
            pub async fn delete(&self, #id_name: #id_ty) -> Result<#response, super::Error> {
                self.client.#fn_name(#(#passed,)* #id_name).await
            }
        });
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
fn safe_writes(
    api: &Api,
    r: &Resource,
    ensure: &Envelope,
    read: &TokenStream,
    example: &dyn Fn(String, Option<&TypeRef>) -> TokenStream,
    handle_call: &str,
) -> TokenStream {
    let models = quote!(super::models::);
    let properties = rust_type(&ensure.properties, &models);
    let id_name = ident(&r.id.name);
    let id_ty = path_argument(&r.id.ty, &models);
    let id_text = r.id.name.as_str();
    let mut methods = Vec::new();
    if r.id.ty == TypeRef::Uuid {
        // A link to `create` only where the handle has one (rustdoc denies broken links).
        let post = if r.create.is_some() {
            "[`create`](Self::create) (a `POST`"
        } else {
            "a create by `POST` (one"
        };
        let what = format!(
            " Creates an item through [`ensure`](Self::ensure) (a `PUT`) with an id picked \
             here, a random UUID. Unlike {post}, whose answer may be lost after the server \
             acted: a 502, a 504, a reset connection, a timeout), it is retried like any `PUT` \
             under the client's retry policy, and a repeat finds the item the first attempt \
             made instead of making a second one. To retry beyond the policy, pick the id \
             yourself (`uuid::Uuid::new_v4()`) and call `ensure` with it again."
        );
        let ex = example(
            format!("let created = {handle_call}.create_idempotent(properties).await?;"),
            Some(&ensure.properties),
        );
        methods.push(quote! {
            #[doc = #what]
            #ex
            pub async fn create_idempotent(&self, properties: &#properties) -> Result<#read, super::Error> {
                self.ensure(rt::Uuid::new_v4(), properties).await
            }
        });
    }
    let get = r.get.as_ref().and_then(|n| api.operations.get(n));
    if let (Some(update), Some(get)) = (&r.update, get) {
        let field = ident(&update.field);
        let current = if get.wait.is_some() {
            quote!(self.wait_until_ready(#id_name).await?)
        } else {
            quote!(self.get(#id_name).await?)
        };
        let waits = if get.wait.is_some() {
            " Waits (with the client's wait options) until the item is ready, so a \
             provisioning item is not refused."
        } else {
            ""
        };
        let secrets: Vec<String> = update.write_only.iter().map(|p| p.rust.join(".")).collect();
        let check = if secrets.is_empty() {
            quote!()
        } else {
            let paths = update.write_only.iter().map(|p| {
                let wire = &p.wire;
                quote!(&[#(#wire),*])
            });
            quote!(rt::written_again(&properties, "properties", &[#(#paths),*])?;)
        };
        let secrets_doc = if secrets.is_empty() {
            String::new()
        } else {
            format!(
                " Write-only values are never returned by a read, so `change` must set them \
                 again ({}); without them nothing is sent and the error lists them.",
                secrets
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let what = format!(
            " Reads the item, lets `change` edit its properties, and sends them back through \
             [`ensure`](Self::ensure): a property `change` does not touch keeps its value \
             (an `ensure` alone resets what it leaves out).{waits}{secrets_doc}"
        );
        let ex = example(
            format!(
                "let updated = {handle_call}.update({id_text}, |p| p.description = Some(\"changed\".into())).await?;"
            ),
            None,
        );
        let ex = if has_description(api, &ensure.properties) {
            ex
        } else {
            quote!()
        };
        methods.push(quote! {
            #[doc = #what]
            #ex
            pub async fn update(
                &self,
                #id_name: #id_ty,
                change: impl FnOnce(&mut #properties),
            ) -> Result<#read, super::Error> {
                let mut properties = #current.#field;
                change(&mut properties);
                #check
                self.ensure(#id_name, &properties).await
            }
        });
    }
    quote!(#(#methods)*)
}

/// Whether the properties have an optional `description` text (for the update's example).
fn has_description(api: &Api, properties: &TypeRef) -> bool {
    api.fields(properties)
        .iter()
        .any(|f| f.name == "description" && f.ty == TypeRef::String && f.is_option())
}

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
