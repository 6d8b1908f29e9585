//! `validation.rs`: one constant per constraint, grouped by schema, plus the checks that use them.

use super::{ident, rust_type};
use crate::ir::{Api, Check, ConstRef, ConstValue, Field, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub fn emit(api: &Api) -> TokenStream {
    // Nest modules: ["parameters", "pagination_limit"] -> parameters::pagination_limit.
    let mut tree = Node::default();
    for (path, constants) in &api.constants {
        let node = path.iter().fold(&mut tree, |n, seg| {
            n.children.entry(seg.clone()).or_default()
        });
        for c in constants {
            let name = ident(&c.name);
            let doc = format!(" `{}`", c.pointer);
            let (ty, value) = const_value(&c.value);
            node.items.push(quote! {
                #[doc = #doc]
                pub const #name: #ty = #value;
            });
        }
    }
    let modules = tree.render();
    let patterns = api.patterns.iter().map(|(name, constant)| {
        let name = format_ident!("{}", name);
        let source = const_path(constant);
        quote!(pub(crate) static #name: rt::Pattern = rt::Pattern::new(#source);)
    });
    quote! {
        //! Bounds, defaults and patterns of the spec, one constant each, named after the schema
        //! and property that declare them. Each constant's doc names its JSON pointer.
        #modules
        #(#patterns)*
    }
}

#[derive(Default)]
struct Node {
    items: Vec<TokenStream>,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn render(&self) -> TokenStream {
        let items = &self.items;
        let children = self.children.iter().map(|(name, node)| {
            let name = ident(name);
            let body = node.render();
            quote!(pub mod #name { #body })
        });
        quote!(#(#items)* #(#children)*)
    }
}

fn const_value(v: &ConstValue) -> (TokenStream, TokenStream) {
    match v {
        ConstValue::Usize(n) => (quote!(usize), literal(Literal::usize_unsuffixed(*n))),
        ConstValue::Int { value, ty } => (
            rust_type(ty, &quote!()),
            literal(Literal::i128_unsuffixed(*value)),
        ),
        ConstValue::Float(f) => (quote!(f64), literal(Literal::f64_unsuffixed(*f))),
        ConstValue::Str(s) | ConstValue::JsonText(s) => (quote!(&str), literal(Literal::string(s))),
        ConstValue::Bool(b) => (quote!(bool), quote!(#b)),
    }
}

fn literal(l: Literal) -> TokenStream {
    quote!(#l)
}

pub(crate) fn const_path(c: &ConstRef) -> TokenStream {
    let segments = c.module.iter().map(|s| ident(s));
    let name = ident(&c.name);
    quote!(super::validation::#(#segments::)*#name)
}

/// Statements that push a violation for every check `value` (an expression of a reference to
/// the field's value) fails, at JSON path `at` (an expression of type `&str`).
pub(crate) fn checks(
    checks: &[Check],
    ty: &TypeRef,
    value: TokenStream,
    at: TokenStream,
) -> TokenStream {
    let v = crate_validate();
    let text = quote!(rt::AsText::as_text(#value));
    let stmts = checks.iter().map(|check| match check {
        Check::MinLength(c) => {
            let c = const_path(c);
            quote!(#v::min_length(#text, #c, #at, out);)
        }
        Check::MaxLength(c) => {
            let c = const_path(c);
            quote!(#v::max_length(#text, #c, #at, out);)
        }
        Check::Pattern { regex, .. } => {
            let regex = format_ident!("{}", regex);
            quote!(#v::pattern(#text, &super::validation::#regex, #at, out);)
        }
        Check::Format(f) => {
            let variant = format_ident!("{}", f.variant());
            quote!(#v::format(#text, #v::Format::#variant, #at, out);)
        }
        Check::Minimum {
            constant,
            exclusive,
        } => {
            let c = const_path(constant);
            quote!(#v::minimum(*#value, #c, #exclusive, #at, out);)
        }
        Check::Maximum {
            constant,
            exclusive,
        } => {
            let c = const_path(constant);
            quote!(#v::maximum(*#value, #c, #exclusive, #at, out);)
        }
        Check::MinItems(c) => {
            let c = const_path(c);
            quote!(#v::min_items(#value.len(), #c, #at, out);)
        }
        Check::MaxItems(c) => {
            let c = const_path(c);
            quote!(#v::max_items(#value.len(), #c, #at, out);)
        }
        Check::Each(inner) => {
            let item_ty = match ty {
                TypeRef::Array(t) | TypeRef::Map(t) => (**t).clone(),
                other => other.clone(),
            };
            let body = self::checks(inner, &item_ty, quote!(item), quote!(&item_at));
            if matches!(ty, TypeRef::Map(_)) {
                quote! {
                    for (key, item) in #value.iter() {
                        let item_at = #v::at_field(#at, key);
                        #body
                    }
                }
            } else {
                quote! {
                    for (index, item) in #value.iter().enumerate() {
                        let item_at = #v::at_index(#at, index);
                        #body
                    }
                }
            }
        }
        Check::Nested => quote!(rt::Validate::validate_into(#value, #at, out);),
    });
    quote!(#(#stmts)*)
}

fn crate_validate() -> TokenStream {
    quote!(rt)
}

/// The body of `validate_into` for a struct's fields.
pub(crate) fn field_checks(fields: &[Field]) -> TokenStream {
    let v = crate_validate();
    let stmts = fields.iter().filter_map(|f| {
        let name = ident(&f.name);
        let wire = &f.wire;
        let body = checks(&f.checks, &f.ty, quote!(value), quote!(&field_at));
        let must_be_present = f.required && f.is_option();
        if f.checks.is_empty() && !must_be_present {
            return None;
        }
        Some(if f.is_option() {
            let test = if must_be_present && f.checks.is_empty() {
                quote!(if self.#name.is_none() { #v::required(&field_at, out); })
            } else if must_be_present {
                quote!(match &self.#name {
                    Some(value) => { #body }
                    None => #v::required(&field_at, out),
                })
            } else {
                quote!(if let Some(value) = &self.#name { #body })
            };
            quote! {
                {
                    let field_at = #v::at_field(at, #wire);
                    #test
                }
            }
        } else {
            quote! {
                {
                    let field_at = #v::at_field(at, #wire);
                    let value = &self.#name;
                    #body
                }
            }
        })
    });
    quote!(#(#stmts)*)
}
