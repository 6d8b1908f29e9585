//! A handle's safe writes (in `resources.rs`): `create_idempotent` (an `ensure` with an id
//! picked here, when the id is a UUID) and `update` (read, change, `ensure`), where the
//! resource has both an `ensure` and a read.

use super::handle::Handle;
use super::rust_type;
use crate::ir::{Api, Envelope, TypeRef, Update};
use proc_macro2::TokenStream;
use quote::quote;

/// The safe writes of a handle over its `ensure` and its read type (`read`): they answer
/// `rt::Accepted` when `ensure` does (a resource that takes time to set up).
pub(super) fn safe_writes(handle: &Handle, ensure: &Envelope, read: &TokenStream) -> TokenStream {
    let writes = Writes {
        handle,
        ensure,
        read,
        accepted: ensure.accepted.is_some().then_some(&handle.error_body),
        properties: rust_type(&ensure.properties, &handle.models),
    };
    let create = handle
        .r
        .create_idempotent
        .then(|| create_idempotent(&writes));
    // An update exists only beside a read, so `get` is there.
    let update = handle.r.update.as_ref().map(|u| update(&writes, u));
    quote!(#create #update)
}

/// What both safe writes build on.
struct Writes<'a> {
    handle: &'a Handle<'a>,
    ensure: &'a Envelope,
    read: &'a TokenStream,
    /// The API's error body, when `ensure` answers `rt::Accepted`.
    accepted: Option<&'a TokenStream>,
    properties: TokenStream,
}

/// `create_idempotent`: an `ensure` with a random UUID.
fn create_idempotent(w: &Writes) -> TokenStream {
    let (handle, r, ensure, read, accepted) = (w.handle, w.handle.r, w.ensure, w.read, w.accepted);
    let (properties_type, properties) = (&w.properties, &handle.names.properties);
    let handle_call = &handle.handle_call;
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
    let (call, answer) = match accepted {
        Some(error_body) => (
            ".await?.ready().await?",
            quote!(rt::Accepted<#read, #error_body>),
        ),
        None => (".await?", quote!(#read)),
    };
    let ex = handle.example(
        format!("let created = {handle_call}.create_idempotent({properties}){call};"),
        Some(&ensure.properties),
    );
    quote! {
        #[doc = #what]
        #ex
        pub async fn create_idempotent(&self, #properties: &#properties_type) -> Result<#answer, super::Error> {
            self.ensure(rt::Uuid::new_v4(), #properties).await
        }
    }
}

/// `update`: read, let the caller change the properties, send them back through `ensure`.
fn update(w: &Writes, update: &Update) -> TokenStream {
    let (handle, r, ensure, read, accepted) = (w.handle, w.handle.r, w.ensure, w.read, w.accepted);
    let (api, properties_type) = (handle.api, &w.properties);
    let (properties, change) = (&handle.names.properties, &handle.names.change);
    let (id_name, id_ty) = (&handle.id_name, &handle.id_ty);
    let id_text = r.id.name.as_str();
    let handle_call = &handle.handle_call;
    let field = super::ident(&update.field);
    let current = if r.waits {
        quote!(self.wait_until_ready(#id_name).await?)
    } else {
        quote!(self.get(#id_name).await?)
    };
    let waits = if r.waits {
        " Waits (with the client's wait options) until the item is ready, so a \
         provisioning item is not refused."
    } else {
        ""
    };
    // What `ensure` answers: the item as it is now, `.ready()` to wait for it again.
    let (answer, then) = match accepted {
        Some(error_body) => (
            quote!(rt::Accepted<#read, #error_body>),
            ".await?.ready().await?",
        ),
        None => (quote!(#read), ".await?"),
    };
    let secrets: Vec<String> = update.write_only.iter().map(|p| p.rust.join(".")).collect();
    let check = if secrets.is_empty() {
        quote!()
    } else {
        let paths = update.write_only.iter().map(|p| {
            let wire = &p.wire;
            quote!(&[#(#wire),*])
        });
        quote!(rt::written_again(&#properties, "properties", &[#(#paths),*])?;)
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
    let ex = handle.example(
        format!(
            "let updated = {handle_call}.update({id_text}, |p| p.description = Some(\"changed\".into())){then};"
        ),
        None,
    );
    let ex = if has_description(api, &ensure.properties) {
        ex
    } else {
        quote!()
    };
    quote! {
        #[doc = #what]
        #ex
        pub async fn update(
            &self,
            #id_name: #id_ty,
            #change: impl FnOnce(&mut #properties_type),
        ) -> Result<#answer, super::Error> {
            let mut #properties = #current.#field;
            #change(&mut #properties);
            #check
            self.ensure(#id_name, &#properties).await
        }
    }
}

/// Whether the properties have an optional `description` text (for the update's example).
fn has_description(api: &Api, properties: &TypeRef) -> bool {
    api.fields(properties)
        .iter()
        .any(|f| f.name == "description" && f.ty == TypeRef::String && f.is_option())
}
