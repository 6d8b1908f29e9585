//! `credentials.rs` (when the spec has API-key security schemes): a builder method per scheme
//! that sets its key, sent where the scheme says (header, query parameter or cookie); and the
//! credentials an operation with a `security` of its own sends (in `operations.rs`).

use super::ident;
use crate::ir::{Api, KeyLocation, Operation, OperationSecurity, SecurityScheme, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Whether the spec has API-key schemes (and so this file).
pub(crate) fn has_keys(api: &Api) -> bool {
    api.security
        .schemes
        .values()
        .any(|s| matches!(s, SecurityScheme::ApiKey { .. }))
}

pub(crate) fn emit(api: &Api) -> TokenStream {
    let setters = api.security.schemes.iter().filter_map(|(scheme, s)| {
        let SecurityScheme::ApiKey {
            location,
            name,
            setter,
        } = s
        else {
            return None;
        };
        let where_ = match location {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query parameter",
            KeyLocation::Cookie => "cookie",
        };
        let place = super::key_place(*location);
        let setter = ident(setter);
        // The key is a secret, taken as a constructor takes a secret field.
        let (key, _) = super::argument(&TypeRef::Secret);
        let doc = format!(
            " The API key of the `{scheme}` security scheme, sent in the `{name}` {where_} \
             of every request. A `Secret`: never in `Debug`, traces or error text."
        );
        Some(quote! {
            #[doc = #doc]
            pub fn #setter(self, key: #key) -> Self {
                self.api_key_in(#place(#name), key)
            }
        })
    });
    quote! {
        //! Builder methods for the API keys of the spec's security schemes.

        impl super::ClientBuilder {
            #(#setters)*
        }
    }
}

/// `request.credentials(..)` when the operation's own `security` differs from the document's:
/// the client's credentials its schemes use (none for `security: []`).
pub(crate) fn for_operation(api: &Api, op: &Operation, request: &Ident) -> TokenStream {
    let alternatives = match &op.security {
        OperationSecurity::Document => return quote!(),
        OperationSecurity::Anonymous => &[][..],
        OperationSecurity::Own(alternatives) if *alternatives == api.security.requirements => {
            return quote!()
        }
        OperationSecurity::Own(alternatives) => alternatives.as_slice(),
    };
    let mut allowed: Vec<TokenStream> = Vec::new();
    let mut kinds: Vec<CredentialKind> = Vec::new();
    // Schemes the generator skipped have no credential to send.
    for scheme in alternatives
        .iter()
        .flat_map(|set| &set.0)
        .filter_map(|n| api.security.schemes.get(n))
    {
        let credential = match scheme {
            SecurityScheme::Bearer { .. } | SecurityScheme::Basic | SecurityScheme::OAuth2 => {
                quote!(rt::Credential::Authorization)
            }
            SecurityScheme::ApiKey { location, name, .. } => {
                let place = super::key_place(*location);
                quote!(rt::Credential::Key(#place(#name)))
            }
        };
        let kind = credential_kind(scheme);
        if !kinds.contains(&kind) {
            kinds.push(kind);
            allowed.push(credential);
        }
    }
    // Allowing every credential the API has is the default.
    if api
        .security
        .schemes
        .values()
        .all(|scheme| kinds.contains(&credential_kind(scheme)))
    {
        return quote!();
    }
    quote!(#request = #request.credentials(&[#(#allowed),*]);)
}

/// Which credential of the client a scheme sends: schemes sending the same one are one.
#[derive(PartialEq)]
enum CredentialKind<'a> {
    Authorization,
    Key(KeyLocation, &'a str),
}

/// Which credential of the client a scheme uses.
fn credential_kind(scheme: &SecurityScheme) -> CredentialKind<'_> {
    match scheme {
        SecurityScheme::ApiKey { location, name, .. } => CredentialKind::Key(*location, name),
        SecurityScheme::Bearer { .. } | SecurityScheme::Basic | SecurityScheme::OAuth2 => {
            CredentialKind::Authorization
        }
    }
}
