//! A handle's safe writes (in `resources.rs`): `create_idempotent` (an `ensure` with an id
//! picked here, when the id is a UUID) and `update` (read, change, `ensure`), where the
//! resource has both an `ensure` and a read.

use super::handle::Handle;
use super::rust_type;
use crate::ir::{Api, Envelope, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The safe writes of a handle over its `ensure` and its read type (`read`): they answer
/// `rt::Accepted` when `ensure` does (a resource that takes time to set up).
pub(super) fn safe_writes(handle: &Handle, ensure: &Envelope, read: &TokenStream) -> TokenStream {
    let (api, r) = (handle.api, handle.r);
    let accepted = ensure.accepted.is_some().then_some(&handle.error_body);
    let properties = rust_type(&ensure.properties, &handle.models);
    let (id_name, id_ty) = (&handle.id_name, &handle.id_ty);
    let id_text = r.id.name.as_str();
    let handle_call = &handle.handle_call;
    let example = |call, properties| handle.example(call, properties);
    let mut methods = Vec::new();
    if r.create_idempotent {
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
        let ex = example(
            format!("let created = {handle_call}.create_idempotent(properties){call};"),
            Some(&ensure.properties),
        );
        methods.push(quote! {
            #[doc = #what]
            #ex
            pub async fn create_idempotent(&self, properties: &#properties) -> Result<#answer, super::Error> {
                self.ensure(rt::Uuid::new_v4(), properties).await
            }
        });
    }
    // An update exists only beside a read, so `get` is there.
    if let Some(update) = &r.update {
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
                "let updated = {handle_call}.update({id_text}, |p| p.description = Some(\"changed\".into())){then};"
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
            ) -> Result<#answer, super::Error> {
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
