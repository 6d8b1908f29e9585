//! `models.rs`: one Rust type per schema, in name order, each followed by its impls.

use super::validation::{checks, field_checks, validate_impl, Limits};
use super::{argument, doc, field_doc, ident, rust_type, traits};
use crate::ir::{
    Alternative, AlternativeTest, Api, Field, TypeDef, TypeKind, UnionTag, UnionVariant,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

pub(crate) fn emit(api: &Api) -> TokenStream {
    emit_part(api, 0, 1)
}

/// Part `part` of `parts` of the file: the types in an even slice of the name order (the
/// first part also has the module docs and imports), so parts can be emitted and formatted
/// on different threads and their texts joined in order.
pub(crate) fn emit_part(api: &Api, part: usize, parts: usize) -> TokenStream {
    let per_part = api.types.len().div_ceil(parts.max(1));
    let slice = api.types.values().skip(part * per_part).take(per_part);
    let types = slice.map(|def| {
        let page = api
            .pages
            .get(&def.name)
            .map(|shape| traits::page_impl(&def.name, shape));
        let lifecycle = api
            .lifecycles
            .get(&def.name)
            .map(|shape| traits::lifecycle_impl(&def.name, shape));
        let builder = match (&def.kind, api.builders.get(&def.name)) {
            (TypeKind::Struct(fields), Some(builder)) => {
                super::builders::builder(api, &def.name, fields, builder)
            }
            _ => quote!(),
        };
        let error_body = api
            .error_shape
            .as_ref()
            .filter(|shape| shape.type_name == def.name)
            .map(traits::error_body_impl);
        let def = type_def(def);
        quote!(#def #builder #page #lifecycle #error_body)
    });
    if part > 0 {
        return quote!(#(#types)*);
    }
    let imports = if api.types.is_empty() {
        quote!()
    } else {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    };
    quote! {
        //! Request and response types, one per schema of the spec.
        #imports
        #(#types)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = def.doc.as_deref().map(doc).unwrap_or_default();
    let pointer = format!(" Schema: `{}`", def.pointer);
    let head = quote! {
        #docs
        #[doc = ""]
        #[doc = #pointer]
    };
    match &def.kind {
        TypeKind::Struct(fields) => structure(&def.name, head, fields),
        TypeKind::Enum {
            variants, default, ..
        } => super::enums::open_enum(&def.name, head, variants, default.as_deref()),
        TypeKind::Text { checks, any_of } => text(&def.name, head, checks, any_of),
        TypeKind::Union(variants) => union(&def.name, head, variants),
        TypeKind::Alias(target) => {
            let name = ident(&def.name);
            let target = rust_type(target, &quote!());
            quote!(#head pub type #name = #target;)
        }
    }
}

/// An untagged enum for `oneOf`: serde tries the variants in order.
fn union(name: &str, head: TokenStream, variants: &[UnionVariant]) -> TokenStream {
    let ty_name = ident(name);
    let tagged = variants
        .first()
        .and_then(|v| v.tag.as_ref())
        .map(|t| t.property.as_str());
    let decl = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = rust_type(&v.ty, &quote!());
        let doc = match &v.tag {
            Some(UnionTag { property, values }) => format!(
                " `{property}`: {}.",
                values
                    .iter()
                    .map(|value| format!("`{value:?}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            None => format!(" The value as `{}`.", ty.to_string().replace(' ', "")),
        };
        quote!(#[doc = #doc] #vname(#ty),)
    });
    let limits = Limits::for_checks(variants.iter().flat_map(|v| &v.checks));
    let mut arms: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let body = checks(&v.checks, quote!(rt::value(out, at, value)), &limits);
            if body.is_empty() {
                quote!(Self::#vname(_) => {})
            } else {
                quote!(Self::#vname(value) => { #body })
            }
        })
        .collect();
    if tagged.is_some() {
        arms.push(quote!(Self::Unknown(_) => {}));
    }
    let validation = if variants.iter().any(|v| !v.checks.is_empty()) {
        let import = limits.import();
        quote!(#import match self { #(#arms)* })
    } else {
        quote!()
    };
    let validate = validate_impl(&ty_name, validation);
    let Some(property) = tagged else {
        return quote! {
            #head
            #[doc = ""]
            #[doc = " One of several shapes (`oneOf` or `anyOf`): decoding picks the first variant the value fits."]
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)] // variants hold the spec's values as they are
            pub enum #ty_name {
                #(#decl)*
            }

            #validate
        };
    };
    let doc = format!(
        " One of several shapes, chosen by the `{property}` property (`discriminator`); a value \
         whose `{property}` this version does not know is kept in `Unknown`."
    );
    let serialize_arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tag = v.tag.as_ref().and_then(|t| t.values.first());
        quote!(Self::#vname(value) => rt::tagged(serializer, #property, #tag, value),)
    });
    let deserialize_arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let values = v.tag.iter().flat_map(|t| &t.values);
        quote!(Some(#(#values)|*) => rt::variant(value).map(Self::#vname),)
    });
    quote! {
        #head
        #[doc = ""]
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)] // variants hold the spec's values as they are
        pub enum #ty_name {
            #(#decl)*
            /// A value whose discriminator names no variant of this version, as received.
            Unknown(serde_json::Value),
        }

        impl Serialize for #ty_name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #ty_name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = rt::untag(deserializer, #property)?;
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }

        #validate
    }
}

fn structure(name: &str, head: TokenStream, fields: &[Field]) -> TokenStream {
    let ty_name = ident(name);
    let members = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let ty = rust_type(&f.ty, &quote!());
        let docs = field_doc(f);
        let rename = if f.name.trim_start_matches("r#") != f.wire { quote!(rename = #wire,) } else { quote!() };
        let mut notes = Vec::new();
        if f.read_only {
            notes.push(quote!(#[doc = ""] #[doc = " Read-only: set by the server."]));
        }
        if f.write_only {
            notes.push(quote!(#[doc = ""] #[doc = " Write-only: sent to the server, never returned by it."]));
        }
        if f.is_option() {
            quote! {
                #docs #(#notes)*
                #[serde(#rename default, skip_serializing_if = "Option::is_none")]
                pub #fname: Option<#ty>,
            }
        } else {
            let attr = if rename.is_empty() { quote!() } else { quote!(#[serde(#rename)]) };
            quote!(#docs #(#notes)* #attr pub #fname: #ty,)
        }
    });
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let (derive_default, default_doc) = if required.is_empty() {
        (
            quote!(Default,),
            quote! {
                #[doc = ""]
                #[doc = " `Default` leaves every field out: the server then applies its own defaults"]
                #[doc = " (the spec's are constants in `validation`)."]
            },
        )
    } else {
        (quote!(), quote!())
    };
    let constructor = if required.is_empty() {
        quote!()
    } else {
        let params = required.iter().map(|f| {
            let fname = ident(&f.name);
            let (arg, _) = argument(&f.ty);
            quote!(#fname: #arg)
        });
        let inits = fields.iter().map(|f| {
            let fname = ident(&f.name);
            match (f.required, f.is_option()) {
                (true, true) => {
                    let (_, conv) = argument(&f.ty);
                    quote!(#fname: Some(#fname #conv))
                }
                (true, false) => {
                    let (_, conv) = argument(&f.ty);
                    if conv.is_empty() {
                        quote!(#fname)
                    } else {
                        quote!(#fname: #fname #conv)
                    }
                }
                _ => quote!(#fname: None),
            }
        });
        // Clippy's limit: a schema with more required fields gets a longer constructor.
        let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            /// A value with every required field; optional fields start empty.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    };
    let setters: Vec<super::setters::Setter> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let (arg, conv) = argument(&f.ty);
            super::setters::Setter {
                doc: format!("Sets `{}`.", f.wire),
                name: super::setter_name(&f.name).to_string(),
                field: f.name.clone(),
                arg,
                conv,
            }
        })
        .collect();
    let methods = super::setters::impl_block(name, constructor, &setters);
    let validate = validate_impl(&ty_name, field_checks(fields));
    quote! {
        #head
        #default_doc
        #[derive(Clone, Debug, PartialEq, #derive_default Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #ty_name {
            #(#members)*
        }

        #methods

        #validate
    }
}

fn text(
    name: &str,
    head: TokenStream,
    own: &[crate::ir::Check],
    any_of: &[Alternative],
) -> TokenStream {
    let ty_name = ident(name);
    let conversions = text_conversions(&ty_name);
    let limits = Limits::for_checks(own.iter().chain(any_of.iter().flat_map(
        |alt| match &alt.test {
            AlternativeTest::Checks(inner) => inner.as_slice(),
            AlternativeTest::Type(_) => &[],
        },
    )));
    let import = limits.import();
    let own_checks = checks(own, quote!(rt::value(out, at, value)), &limits);
    let alternatives = any_of.iter().map(|alt| match &alt.test {
        AlternativeTest::Type(t) => {
            let t = ident(t);
            quote!(#t::is_valid(value))
        }
        AlternativeTest::Checks(inner) => {
            let body = checks(inner, quote!(rt::value(out, "", value)), &limits);
            quote!({
                let out = &mut Vec::new();
                #body
                out.is_empty()
            })
        }
    });
    let any_of_check = if any_of.is_empty() {
        quote!()
    } else {
        let labels = any_of
            .iter()
            .map(|a| a.label.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        quote! {
            if !(#(#alternatives)||*) {
                rt::any_of(#labels, at, out);
            }
        }
    };
    let accepts = {
        let labels: Vec<&str> = any_of.iter().map(|a| a.label.as_str()).collect();
        if labels.is_empty() {
            String::new()
        } else {
            format!(" Accepts any of: {}.", labels.join(", "))
        }
    };
    quote! {
        #head
        #[doc = ""]
        #[doc = " A string checked against the spec's constraints by [`Self::new`] and by validation;"]
        #[doc = " values received from the server are kept as sent."]
        #[doc = #accepts]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #ty_name(String);

        impl #ty_name {
            /// Checks `value` and wraps it, or lists every constraint it breaks.
            pub fn new(value: impl Into<String>) -> Result<Self, rt::ValidationError> {
                let value = Self(value.into());
                rt::Validate::validate(&value)?;
                Ok(value)
            }

            /// Whether `value` satisfies every constraint of this type.
            pub fn is_valid(value: &str) -> bool {
                let out = &mut Vec::new();
                Self::check(value, "", out);
                out.is_empty()
            }

            fn check(value: &str, at: &str, out: &mut Vec<rt::Violation>) {
                #import
                #own_checks
                #any_of_check
            }

            /// The checked text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The checked text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        #conversions
    }
}

/// What a checked string converts from and to (each conversion from text checks it).
fn text_conversions(ty_name: &Ident) -> TokenStream {
    quote! {
        impl AsRef<str> for #ty_name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for #ty_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for #ty_name {
            type Err = rt::ValidationError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for #ty_name {
            type Error = rt::ValidationError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for #ty_name {
            type Error = rt::ValidationError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl rt::Validate for #ty_name {
            fn validate_into(&self, at: &str, out: &mut Vec<rt::Violation>) {
                Self::check(&self.0, at, out);
            }
        }
    }
}
