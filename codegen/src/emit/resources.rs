//! `resources.rs` (only when resources were recognised): one handle per resource
//! (`client.wireguard_peers(gateway_id)`) whose methods build the request envelope, pick the
//! operation and apply the client's wait defaults, plus the list request each `list()` starts.

use super::operations::{is_by_ref, path_argument};
use super::{doc, ident, rust_type};
use crate::ir::{Api, Envelope, EnvelopeArgument, Operation, Param, Resource, TypeRef, WaitId};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

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
    let handle = Handle::new(api, r);
    let mut methods = Vec::new();
    let mut extra = Vec::new();
    if let Some((list, request)) = handle.list() {
        methods.push(list);
        extra.push(request);
    }
    methods.extend(handle.get());
    if r.waits {
        methods.extend(handle.waits());
    }
    for (envelope, is_ensure) in [(&r.create, false), (&r.ensure, true)] {
        methods.extend(envelope.as_ref().and_then(|e| handle.write(e, is_ensure)));
    }
    if let (Some(ensure), Some(read)) = (&r.ensure, &handle.read) {
        methods.push(super::safe_writes::safe_writes(&handle, ensure, read));
    }
    methods.extend(handle.delete());
    let declaration = handle.declaration(methods);
    quote!(#declaration #(#extra)*)
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
    owned_parents: Vec<TokenStream>,
    rebuilt: TokenStream,
    owned_id: TokenStream,
    wait_arg: TokenStream,
}

impl<'a> Handle<'a> {
    fn new(api: &'a Api, r: &'a Resource) -> Handle<'a> {
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
        let (owned_id, wait_arg) = if is_by_ref(&r.id.ty) {
            (quote!(.to_owned()), quote!(&id))
        } else {
            (quote!(), quote!(id))
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
                "client.{}({})",
                r.handle,
                r.parents
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            examples: api.crate_name.as_deref().map(|krate| Examples { krate, r }),
            owned_parents,
            rebuilt: quote!(client.#handle(#(#parent_names),*)),
            owned_id,
            wait_arg,
            models,
        }
    }

    /// The `# Examples` of a method, when the crate's name is known.
    pub(super) fn example(&self, call: String, properties: Option<&TypeRef>) -> TokenStream {
        self.examples
            .as_ref()
            .map(|e| e.doc(&call, properties))
            .unwrap_or_default()
    }

    fn operation(&self, name: &Option<String>) -> Option<&'a Operation> {
        self.api.operations.get(name.as_ref()?)
    }

    /// The parents as struct fields, typed.
    fn parent_fields(&self) -> Vec<(Ident, TokenStream)> {
        self.r
            .parents
            .iter()
            .map(|p| (ident(&p.name), rust_type(&p.ty, &self.models)))
            .collect()
    }

    /// `list()` and the request it starts.
    fn list(&self) -> Option<(TokenStream, TokenStream)> {
        let (list_op, request) = (self.operation(&self.r.list)?, self.r.list_request.as_ref()?);
        let list_type = ident(&request.type_name);
        let d = operation_doc(list_op, "Lists the items.");
        let handle_call = &self.handle_call;
        let ex = self.example(
            format!("let page = {handle_call}.list().limit(10).send().await?;"),
            None,
        );
        let parent_copies = self.r.parents.iter().map(|p| {
            let name = ident(&p.name);
            if is_by_ref(&p.ty) {
                quote!(#name: self.#name.clone(),)
            } else {
                quote!(#name: self.#name,)
            }
        });
        let method = quote! {
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
        };
        let request =
            super::list_requests::list_request(self, list_op, request, &self.parent_fields());
        Some((method, request))
    }

    fn get(&self) -> Option<TokenStream> {
        let (get, read) = (self.operation(&self.r.get)?, self.read.as_ref()?);
        let (id_name, id_ty, passed) = (&self.id_name, &self.id_ty, &self.passed);
        let fn_name = ident(&get.fn_name);
        let d = operation_doc(get, "Reads one item.");
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        let ex = self.example(
            format!("let item = {handle_call}.get({id_text}).await?;"),
            None,
        );
        Some(quote! {
            #d
            #ex
            pub async fn get(&self, #id_name: #id_ty) -> Result<#read, super::Error> {
                self.client.#fn_name(#(#passed,)* #id_name).await
            }
        })
    }

    /// `wait_until_ready` and `wait_until_gone`, each also `…_with` its own wait options.
    fn waits(&self) -> Option<TokenStream> {
        let read = self.read.as_ref()?;
        let (id_name, id_ty, kind) = (&self.id_name, &self.id_ty, &self.r.item_kind);
        let ready = " Polls [`get`](Self::get) until the item is ready and returns it, with the \
             client's wait options \
             ([`ClientBuilder::wait`](crate::runtime::ClientBuilder::wait)). A failed state \
             ends with [`Error::ResourceFailed`](crate::runtime::Error::ResourceFailed), the \
             deadline with [`Error::WaitTimedOut`](crate::runtime::Error::WaitTimedOut).";
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        let ready_ex = self.example(
            format!("let ready = {handle_call}.wait_until_ready({id_text}).await?;"),
            None,
        );
        let gone_ex = self.example(
            format!("{handle_call}.wait_until_gone({id_text}).await?;"),
            None,
        );
        Some(quote! {
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
        })
    }

    /// `create` (the server picks the id) or `ensure` (the caller does): the body built from
    /// the properties; `rt::Accepted` where the envelope says the write is accepted.
    fn write(&self, envelope: &Envelope, is_ensure: bool) -> Option<TokenStream> {
        let operation = self.api.operations.get(&envelope.operation)?;
        let (id_name, id_ty, passed) = (&self.id_name, &self.id_ty, &self.passed);
        let fn_name = ident(&operation.fn_name);
        let body = ident(&envelope.body);
        let properties = rust_type(&envelope.properties, &self.models);
        let response = super::answers::return_type(operation, &self.models);
        let args = envelope.arguments.iter().map(|a| match a {
            EnvelopeArgument::Id => quote!(#id_name),
            EnvelopeArgument::Properties => quote!(properties.clone()),
        });
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        let accepted = envelope.accepted.as_ref();
        let call = match (is_ensure, accepted.is_some()) {
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
        let ex = self.example(call, Some(&envelope.properties));
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
        let Some(wait_id) = accepted else {
            return Some(quote! {
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
        };
        let id = match wait_id {
            WaitId::Argument => {
                let owned_id = &self.owned_id;
                quote!(#id_name #owned_id)
            }
            WaitId::AnswerField(field) => {
                let field = ident(field);
                let owned = if is_by_ref(&self.r.id.ty) {
                    quote!(.clone())
                } else {
                    quote!()
                };
                quote!(item.#field #owned)
            }
        };
        let accepted_doc = " The answer is the item as the API holds it now (it derefs to it); \
             `.ready().await` waits until the item is usable, with the client's wait options.";
        let (error_body, owned_parents) = (&self.error_body, &self.owned_parents);
        let (rebuilt, wait_arg) = (&self.rebuilt, &self.wait_arg);
        Some(quote! {
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
        })
    }

    /// `delete`, answering `rt::Deleting` where the resource says so.
    fn delete(&self) -> Option<TokenStream> {
        let delete = self.r.delete.as_ref()?;
        let op = self.api.operations.get(&delete.operation)?;
        let (id_name, id_ty, passed) = (&self.id_name, &self.id_ty, &self.passed);
        let fn_name = ident(&op.fn_name);
        let d = operation_doc(op, "Deletes the item.");
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        if !delete.deleting {
            let response = super::answers::return_type(op, &self.models);
            let ex = self.example(format!("{handle_call}.delete({id_text}).await?;"), None);
            return Some(quote! {
                #d
                #ex
                pub async fn delete(&self, #id_name: #id_ty) -> Result<#response, super::Error> {
                    self.client.#fn_name(#(#passed,)* #id_name).await
                }
            });
        }
        let ex = self.example(
            format!("{handle_call}.delete({id_text}).await?.gone().await?;"),
            None,
        );
        let gone = " The answer says the deletion was accepted; `.gone().await` waits until \
             the item no longer exists, with the client's wait options.";
        let (error_body, owned_parents, owned_id) =
            (&self.error_body, &self.owned_parents, &self.owned_id);
        let (rebuilt, wait_arg) = (&self.rebuilt, &self.wait_arg);
        Some(quote! {
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
        })
    }

    /// The handle method on `Client`, the handle's struct and its methods.
    fn declaration(&self, methods: Vec<TokenStream>) -> TokenStream {
        let r = self.r;
        let handle = ident(&r.handle);
        let handle_type = ident(&r.type_name);
        let parents = self.parent_fields();
        let parent_fields = parents.iter().map(|(name, ty)| quote!(#name: #ty,));
        let parent_args = parents.iter().map(|(name, ty)| quote!(#name: #ty));
        let parent_inits = parents.iter().map(|(name, _)| quote!(#name,));
        // Owned parents (strings) make the handle `Clone` only.
        let copy = r
            .parents
            .iter()
            .all(|p| !is_by_ref(&p.ty))
            .then(|| quote!(Copy,));
        let handle_doc = r.doc.as_deref().map(doc).unwrap_or_default();
        let client_method_doc = format!(" The `{}` resource: its handle.", r.type_name);
        let struct_doc = format!(
            " Handle of the `{}` resource, from [`Client::{}`]: cheap to make, borrows the client.",
            r.type_name, r.handle
        );
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
        }
    }
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
