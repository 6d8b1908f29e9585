//! The one import of generated files, `use ::vpn_runtime::support as rt;`, written where a
//! file names the alias: decided from what the file has (and for the handles, from the tokens
//! emit wrote for them), never by reading formatted text back.

use super::OutputFile;
use crate::ir::{Api, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether `file` names the runtime helpers through the alias `rt` (`rt::Secret`), decided
/// from what it has: every generated file names `::vpn_runtime` in full where it does not
/// import the alias, so the import is written exactly where the alias is used (constructs.rs
/// checks it on every fixture; an unused import would warn in users' builds).
fn uses_runtime(api: &Api, file: OutputFile, tokens: &TokenStream) -> bool {
    match file {
        OutputFile::Root => false,
        // Every struct, option list, checked string and union has a `Validate` impl.
        OutputFile::Models => api.types.values().any(|def| match &def.kind {
            TypeKind::Alias(target) => names_runtime(target),
            _ => true,
        }),
        // The request every method builds is the runtime's.
        OutputFile::Operations => !api.operations.is_empty(),
        // A pattern is compiled once, in a static of the runtime's `Pattern`.
        OutputFile::Validation => !api.patterns.is_empty(),
        // What a handle's methods write depends on the operations it has: `resources.rs` is
        // never split into pieces, so its own tokens answer.
        OutputFile::Resources => names_alias(tokens.clone()),
        OutputFile::Regions
        | OutputFile::Testkit
        | OutputFile::Credentials
        | OutputFile::Environment => true,
    }
}

/// `tokens` with `use ::vpn_runtime::support as rt;` after the module docs when the file
/// [uses the runtime](uses_runtime).
pub(super) fn with_runtime_import(api: &Api, file: OutputFile, tokens: TokenStream) -> TokenStream {
    use proc_macro2::TokenTree;
    if !uses_runtime(api, file, &tokens) {
        return tokens;
    }
    // Inner attributes (`#![doc = ..]`) must come first: `#`, `!`, `[..]` each.
    let mut tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    while let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(_), ..] =
        &tokens[at..]
    {
        if hash.as_char() != '#' || bang.as_char() != '!' {
            break;
        }
        at += 3;
    }
    let import = quote!(
        use ::vpn_runtime::support as rt;
    );
    tokens.splice(at..at, import);
    tokens.into_iter().collect()
}

/// Whether `tokens` hold a path through the alias `rt` (`rt::Accepted`); a doc string saying
/// `rt::` is a literal, not a path.
fn names_alias(tokens: TokenStream) -> bool {
    use proc_macro2::TokenTree;
    let mut after_rt = false;
    tokens.into_iter().any(|tree| {
        let found = match &tree {
            TokenTree::Group(group) => names_alias(group.stream()),
            TokenTree::Punct(punct) => after_rt && punct.as_char() == ':',
            TokenTree::Ident(_) | TokenTree::Literal(_) => false,
        };
        after_rt = matches!(&tree, TokenTree::Ident(ident) if ident == "rt");
        found
    })
}

/// Whether the Rust type of `ty` ([`rust_type`](super::rust_type)) names the runtime.
pub(crate) fn names_runtime(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Secret | TypeRef::File => true,
        TypeRef::Map(inner) | TypeRef::Array(inner) | TypeRef::Boxed(inner) => names_runtime(inner),
        TypeRef::String
        | TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Json
        | TypeRef::Named(_)
        | TypeRef::Bytes
        | TypeRef::Unit => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::rust_type;
    use super::{names_alias, names_runtime};
    use crate::ir::TypeRef;
    use quote::quote;

    /// `names_runtime` answers for `rust_type`: the two must agree on every type, nested too.
    #[test]
    fn names_runtime_agrees_with_the_rust_type() {
        let leaves = [
            TypeRef::String,
            TypeRef::Secret,
            TypeRef::Uuid,
            TypeRef::DateTime,
            TypeRef::Bool,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::U32,
            TypeRef::U64,
            TypeRef::F32,
            TypeRef::F64,
            TypeRef::Json,
            TypeRef::Named("Thing".into()),
            TypeRef::Bytes,
            TypeRef::File,
            TypeRef::Unit,
        ];
        let wrapped = leaves.iter().flat_map(|leaf| {
            let boxed = |t: &TypeRef| Box::new(t.clone());
            [
                TypeRef::Map(boxed(leaf)),
                TypeRef::Array(boxed(leaf)),
                TypeRef::Boxed(boxed(leaf)),
                TypeRef::Array(Box::new(TypeRef::Map(boxed(leaf)))),
            ]
        });
        for ty in leaves.iter().cloned().chain(wrapped) {
            let text = rust_type(&ty, &quote!(models::)).to_string();
            assert_eq!(
                names_runtime(&ty),
                text.contains("rt ::"),
                "{ty:?} is {text}"
            );
        }
    }

    #[test]
    fn a_path_through_the_alias_names_it_and_nothing_else_does() {
        assert!(names_alias(quote!(
            fn f() -> rt::Accepted<T> {}
        )));
        assert!(names_alias(quote!(impl X { fn f() { rt::skip_to(1) } })));
        assert!(!names_alias(quote!(
            #[doc = " rt::Accepted"]
            fn rt() {}
        )));
        assert!(!names_alias(
            quote!(let rt = 1; ::vpn_runtime::support::x())
        ));
    }
}
