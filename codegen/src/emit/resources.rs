//! `resources.rs` (only when resources were recognised): one handle per resource
//! (`client.wireguard_peers(gateway_id)`) whose methods build the request envelope, pick the
//! operation and apply the client's wait defaults, plus the list request each `list()` starts.

use super::handle::{operation_doc, Handle, HandleLocals};
use super::{allow_deprecated, doc, ident, is_by_ref, rust_type};
use crate::ir::{Api, Envelope, EnvelopeArgument, Resource, WaitId};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(api: &Api) -> TokenStream {
    let resources = api.resources.values().map(|r| resource(api, r));
    quote! {
        //! Resource handles: `client.things()` with `list`, `get`, `create`, `ensure`, `delete`
        //! and the waits, each naming the operation it calls.

        use super::Client;

        #(#resources)*
    }
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

/// The handle's methods, one function each.
impl Handle<'_> {
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
        let allow = allow_deprecated(get);
        let d = operation_doc(get, "Reads one item.");
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        let ex = self.example(
            format!("let item = {handle_call}.get({id_text}).await?;"),
            None,
        );
        Some(quote! {
            #d
            #ex
            #allow
            pub async fn get(&self, #id_name: #id_ty) -> Result<#read, super::Error> {
                self.client.#fn_name(#(#passed,)* #id_name).await
            }
        })
    }

    /// `wait_until_ready` and `wait_until_gone`, each also `…_with` its own wait options.
    fn waits(&self) -> Option<TokenStream> {
        let read = self.read.as_ref()?;
        let (id_name, id_ty, kind) = (&self.id_name, &self.id_ty, &self.r.item_kind);
        let (options, resource) = (&self.names.options, &self.names.resource);
        let parent_ids = self.r.parents.iter().map(|p| {
            let name = ident(&p.name);
            quote!(self.#name.to_string())
        });
        let parent_ids: Vec<TokenStream> = parent_ids.collect();
        let ready = " Polls [`get`](Self::get) until the item is ready and returns it, with the \
             client's wait options \
             ([`ClientBuilder::wait`](super::ClientBuilder::wait)). A failed state \
             ends with [`Error::ResourceFailed`](vpn_runtime::support::Error::ResourceFailed), the \
             deadline with [`Error::WaitTimedOut`](vpn_runtime::support::Error::WaitTimedOut).";
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
                #options: &rt::WaitOptions,
            ) -> Result<#read, super::Error> {
                let #resource = rt::ResourceRef::new(#kind, vec![#(#parent_ids,)* #id_name.to_string()]);
                rt::until_ready(#options, &#resource, || self.get(#id_name)).await
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
                #options: &rt::WaitOptions,
            ) -> Result<(), super::Error> {
                let #resource = rt::ResourceRef::new(#kind, vec![#(#parent_ids,)* #id_name.to_string()]);
                rt::until_gone(#options, &#resource, || self.get(#id_name)).await
            }
        })
    }

    /// `create` (the server picks the id) or `ensure` (the caller does): the body built from
    /// the properties; `rt::Accepted` where the envelope says the write is accepted.
    fn write(&self, envelope: &Envelope, is_ensure: bool) -> Option<TokenStream> {
        let operation = self.api.operations.get(&envelope.operation)?;
        let allow = allow_deprecated(operation);
        let (id_name, id_ty, passed) = (&self.id_name, &self.id_ty, &self.passed);
        let fn_name = ident(&operation.fn_name);
        let body_type = ident(&envelope.body);
        let properties_type = rust_type(&envelope.properties, &self.models);
        let response = super::answers::return_type(operation, &self.models);
        let HandleLocals {
            client,
            id,
            properties,
            body,
            item,
            ..
        } = &self.names;
        let args = envelope.arguments.iter().map(|a| match a {
            EnvelopeArgument::Id => quote!(#id_name),
            EnvelopeArgument::Properties => quote!(#properties.clone()),
        });
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        let accepted = envelope.accepted.as_ref();
        let call = match (is_ensure, accepted.is_some()) {
            (true, false) => {
                format!("let item = {handle_call}.ensure({id_text}, {properties}).await?;")
            }
            (true, true) => format!(
                "let ready = {handle_call}.ensure({id_text}, {properties}).await?.ready().await?;"
            ),
            (false, false) => format!("let created = {handle_call}.create({properties}).await?;"),
            (false, true) => {
                format!("let ready = {handle_call}.create({properties}).await?.ready().await?;")
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
                #allow
                pub async fn #name(&self, #id_param #properties: &#properties_type) -> Result<#response, super::Error> {
                    let #body = super::models::#body_type::new(#(#args),*);
                    self.client.#fn_name(#(#passed,)* #id_pass &#body).await
                }
            });
        };
        let wait_id = match wait_id {
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
                quote!(#item.#field #owned)
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
            #allow
            pub async fn #name(
                &self,
                #id_param
                #properties: &#properties_type,
            ) -> Result<rt::Accepted<#response, #error_body>, super::Error> {
                let #body = super::models::#body_type::new(#(#args),*);
                let #item = self.client.#fn_name(#(#passed,)* #id_pass &#body).await?;
                let (#client, #id) = (self.client.clone(), #wait_id);
                #(#owned_parents)*
                Ok(rt::Accepted::new(#item, move || async move {
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
        let allow = allow_deprecated(op);
        let d = operation_doc(op, "Deletes the item.");
        let (handle_call, id_text) = (&self.handle_call, &self.r.id.name);
        if !delete.deleting {
            let response = super::answers::return_type(op, &self.models);
            let ex = self.example(format!("{handle_call}.delete({id_text}).await?;"), None);
            return Some(quote! {
                #d
                #ex
                #allow
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
        let (client, id) = (&self.names.client, &self.names.id);
        Some(quote! {
            #d
            #[doc = ""]
            #[doc = #gone]
            #ex
            #allow
            pub async fn delete(
                &self,
                #id_name: #id_ty,
            ) -> Result<rt::Deleting<#error_body>, super::Error> {
                self.client.#fn_name(#(#passed,)* #id_name).await?;
                let (#client, #id) = (self.client.clone(), #id_name #owned_id);
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
        let many = super::allow_many_arguments(parents.len() + 1);
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
                #many
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
