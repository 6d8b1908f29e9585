//! The runtime's traits on generated types (in `models.rs`, after each type): `Page` for list
//! answers, `Lifecycle` for types with a provisioning state, `ErrorBody` for the API's error.

use super::{ident, rust_type};
use crate::ir::{ErrorMessages, ErrorShape, FieldPath, FieldStep, LifecycleShape, PageShape};
use proc_macro2::TokenStream;
use quote::quote;

/// `runtime::Page` for a list type: its items, and whether it links to a next page.
pub(super) fn page_impl(name: &str, shape: &PageShape) -> TokenStream {
    let ty_name = ident(name);
    let item = rust_type(&shape.item, &quote!());
    let items = access(quote!(self), &shape.items);
    let into_items = if shape.items.ends_optional() {
        quote!(#items.unwrap_or_default())
    } else {
        items
    };
    let has_next = match &shape.next_link {
        Some(path) => {
            let present = present(quote!(self), &path.0);
            quote!(Some(#present))
        }
        None => quote!(None),
    };
    let number = |name: &str, path: &Option<FieldPath>| {
        let path = path.as_ref()?;
        let method = ident(name);
        let value = access(quote!(self), path);
        let read = if path.ends_optional() {
            quote!(#value.and_then(|n| u64::try_from(n).ok()))
        } else {
            quote!(u64::try_from(#value).ok())
        };
        Some(quote!(fn #method(&self) -> Option<u64> { #read }))
    };
    let offset = number("page_offset", &shape.offset);
    let limit = number("page_limit", &shape.limit);
    quote! {
        impl rt::Page for #ty_name {
            type Item = #item;

            fn into_items(self) -> Vec<#item> {
                #into_items
            }

            fn has_next(&self) -> Option<bool> {
                #has_next
            }

            #offset
            #limit
        }
    }
}

/// `runtime::ErrorBody` for the API's error type: its messages for a person.
pub(super) fn error_body_impl(shape: &ErrorShape) -> TokenStream {
    let ty_name = ident(&shape.type_name);
    let messages = match &shape.messages {
        ErrorMessages::List { list, text } => {
            let list_access = access(quote!(self), list);
            let items = if list.ends_optional() {
                quote!(#list_access.iter().flatten())
            } else {
                quote!(#list_access.iter())
            };
            let field = ident(&text.name);
            let text = if text.optional {
                quote!(item.#field.as_deref())
            } else {
                quote!(Some(item.#field.as_str()))
            };
            quote!(#items.filter_map(|item| #text).collect())
        }
        ErrorMessages::One(path) => {
            let value = access(quote!(self), path);
            if path.ends_optional() {
                quote!(#value.as_deref().into_iter().collect())
            } else {
                quote!(vec![#value.as_str()])
            }
        }
        ErrorMessages::Unknown => quote!(Vec::new()),
    };
    let is_empty = (!shape.optional_fields.is_empty()).then(|| {
        let fields = shape.optional_fields.iter().map(|f| ident(f));
        quote! {
            fn is_empty(&self) -> bool {
                #(self.#fields.is_none())&&*
            }
        }
    });
    quote! {
        impl rt::ErrorBody for #ty_name {
            fn messages(&self) -> Vec<&str> {
                #messages
            }

            #is_empty
        }
    }
}

/// `base.a.b` for a path whose steps before the last are required.
fn access(base: TokenStream, path: &FieldPath) -> TokenStream {
    let fields = path.0.iter().map(|step| ident(&step.name));
    quote!(#base #(.#fields)*)
}

/// Whether the optional field at the end of `path` (from `base`) holds a value.
fn present(base: TokenStream, path: &[FieldStep]) -> TokenStream {
    let Some((step, rest)) = path.split_first() else {
        return quote!(true);
    };
    let access = {
        let name = ident(&step.name);
        quote!(#base.#name)
    };
    match (rest.is_empty(), step.optional) {
        (true, true) => quote!(#access.is_some()),
        (true, false) => quote!(true),
        (false, true) => {
            let inner = present(quote!(value), rest);
            quote!(#access.as_ref().is_some_and(|value| #inner))
        }
        (false, false) => present(access, rest),
    }
}

/// `runtime::Lifecycle` for a type with a status: which values are ready, failed or pending.
pub(super) fn lifecycle_impl(name: &str, shape: &LifecycleShape) -> TokenStream {
    let ty_name = ident(name);
    let status_type = ident(&shape.status_type);
    let status = access(quote!(self), &shape.status_path);
    let ready = shape.lifecycle.ready.iter().map(|v| ident(v));
    let failed = shape.lifecycle.failed.iter().map(|v| ident(v));
    let message = match &shape.message {
        Some(path) if path.ends_optional() => {
            let m = access(quote!(self), path);
            quote!(#m.as_deref())
        }
        Some(path) => {
            let m = access(quote!(self), path);
            quote!(Some(#m.as_str()))
        }
        None => quote!(None),
    };
    let ready_arm = if shape.lifecycle.ready.is_empty() {
        quote!()
    } else {
        quote!(#(#status_type::#ready)|* => rt::LifecycleState::Ready,)
    };
    let failed_arm = if shape.lifecycle.failed.is_empty() {
        quote!()
    } else {
        quote! {
            #(#status_type::#failed)|* => rt::LifecycleState::Failed {
                status: status.as_str(),
                message: #message,
            },
        }
    };
    quote! {
        impl rt::Lifecycle for #ty_name {
            fn lifecycle(&self) -> rt::LifecycleState<'_> {
                let status = &#status;
                match status {
                    #ready_arm
                    #failed_arm
                    other => rt::LifecycleState::Pending(other.as_str()),
                }
            }
        }
    }
}
