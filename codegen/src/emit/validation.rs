//! `validation.rs`: one constant per constraint, grouped by schema, plus the checks that use them.

use super::{ident, rust_type};
use crate::ir::{Api, Check, ConstRef, ConstValue, Field, RegexEngine};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub(crate) fn emit(api: &Api) -> TokenStream {
    // Nest modules: ["parameters", "pagination_limit"] -> parameters::pagination_limit.
    let mut tree = Node::default();
    for (path, constants) in &api.constants {
        let node = path.iter().fold(&mut tree, |n, seg| {
            n.children.entry(seg.clone()).or_default()
        });
        if let Some(first) = constants.first() {
            node.declared_by = Some(declared_by(&first.pointer));
        }
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
    let patterns = api.patterns.iter().map(|(name, pattern)| {
        let name = format_ident!("{}", name);
        let source = const_path(&pattern.constant);
        let constructor = match pattern.engine {
            RegexEngine::Lite => quote!(new),
            RegexEngine::Full => quote!(full),
        };
        quote!(pub(crate) static #name: rt::Pattern = rt::Pattern::#constructor(#source);)
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
    /// What declares the module's constants, for its rustdoc.
    declared_by: Option<String>,
}

impl Node {
    fn render(&self) -> TokenStream {
        let items = &self.items;
        let children = self.children.iter().map(|(name, node)| {
            let module = ident(name);
            let body = node.render();
            let doc = match &node.declared_by {
                Some(owner) => format!(" Bounds, defaults and patterns of {owner}."),
                None if name == "parameters" => {
                    " Bounds and defaults of the shared parameters (`#/components/parameters`)."
                        .to_string()
                }
                None => format!(" Bounds, defaults and patterns grouped under `{name}`."),
            };
            quote!(#[doc = #doc] pub mod #module { #body })
        });
        quote!(#(#items)* #(#children)*)
    }
}

/// The schema, shared parameter or operation whose constants a module holds, from the JSON
/// pointer of one of them (`#/components/schemas/IKEEncryption/properties/lifetime/maximum`).
fn declared_by(pointer: &str) -> String {
    let tokens: Vec<&str> = pointer.trim_start_matches("#/").split('/').collect();
    match tokens.as_slice() {
        ["components", "schemas", name, ..] => {
            format!("the `{name}` schema (`#/components/schemas/{name}`)")
        }
        ["components", "parameters", name, ..] => {
            format!("the `{name}` parameter (`#/components/parameters/{name}`)")
        }
        ["paths", ..] => "inline parameters and bodies of operations".to_string(),
        _ => format!("`{pointer}`"),
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
        ConstValue::Float32(f) => (quote!(f32), literal(Literal::f64_unsuffixed(*f))),
        ConstValue::Str(s) | ConstValue::JsonText(s) => (quote!(&str), literal(Literal::string(s))),
        ConstValue::Bool(b) => (quote!(bool), quote!(#b)),
        ConstValue::List { values, ty } => {
            let element = rust_type(ty, &quote!());
            let items = values.iter().map(|v| const_value(v).1);
            (quote!(&[#element]), quote!(&[#(#items),*]))
        }
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

/// How check arguments name the spec's constants inside one function body: the constants of
/// the module most of its checks use by `limits::NAME` (after [`Limits::import`]), any other by
/// its full path.
pub(crate) struct Limits {
    module: Option<Vec<String>>,
}

impl Limits {
    /// The alias for a body that runs these checks.
    pub(crate) fn for_checks<'a>(checks: impl IntoIterator<Item = &'a Check>) -> Limits {
        let mut counts: BTreeMap<&[String], usize> = BTreeMap::new();
        fn count<'a>(check: &'a Check, counts: &mut BTreeMap<&'a [String], usize>) {
            match check {
                Check::MinLength(c)
                | Check::MaxLength(c)
                | Check::MinItems(c)
                | Check::MaxItems(c)
                | Check::Minimum { constant: c, .. }
                | Check::Maximum { constant: c, .. }
                | Check::OneOf(c)
                | Check::OneOfJson(c)
                | Check::MultipleOf(c) => *counts.entry(&c.module).or_default() += 1,
                Check::Each(inner) => inner.iter().for_each(|c| count(c, counts)),
                Check::Pattern { .. } | Check::Format(_) | Check::Nested => {}
            }
        }
        checks.into_iter().for_each(|c| count(c, &mut counts));
        // The most used module; the first in name order on a tie, so output is stable.
        let module = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(module, _)| module.to_vec());
        Limits { module }
    }

    /// `use super::validation::<module> as limits;`, when any check names a constant.
    pub(crate) fn import(&self) -> TokenStream {
        match &self.module {
            Some(module) => {
                let segments = module.iter().map(|s| ident(s));
                quote!(use super::validation::#(#segments)::* as limits;)
            }
            None => quote!(),
        }
    }

    fn path(&self, c: &ConstRef) -> TokenStream {
        let name = ident(&c.name);
        if self.module.as_ref() == Some(&c.module) {
            quote!(limits::#name)
        } else {
            const_path(c)
        }
    }
}

/// One statement running `checks` on the value `head` (an expression of `rt::Checks`), each
/// check one chained call: `rt::field(out, at, "name", &self.name).max_length(limits::NAME_MAX_LENGTH);`.
/// Empty when there is nothing to check.
pub(crate) fn checks(checks: &[Check], head: TokenStream, limits: &Limits) -> TokenStream {
    if checks.is_empty() {
        return quote!();
    }
    let calls = calls(checks, limits);
    quote!(#head #(#calls)*;)
}

fn calls(checks: &[Check], limits: &Limits) -> Vec<TokenStream> {
    checks
        .iter()
        .map(|check| match check {
            Check::MinLength(c) => {
                let c = limits.path(c);
                quote!(.min_length(#c))
            }
            Check::MaxLength(c) => {
                let c = limits.path(c);
                quote!(.max_length(#c))
            }
            Check::Pattern { regex, .. } => {
                let regex = format_ident!("{}", regex);
                quote!(.pattern(&super::validation::#regex))
            }
            Check::Format(f) => {
                let variant = format_ident!("{}", f.variant());
                quote!(.format(rt::Format::#variant))
            }
            Check::Minimum {
                constant,
                exclusive,
            } => {
                let c = limits.path(constant);
                match exclusive {
                    false => quote!(.minimum(#c)),
                    true => quote!(.exclusive_minimum(#c)),
                }
            }
            Check::Maximum {
                constant,
                exclusive,
            } => {
                let c = limits.path(constant);
                match exclusive {
                    false => quote!(.maximum(#c)),
                    true => quote!(.exclusive_maximum(#c)),
                }
            }
            Check::MinItems(c) => {
                let c = limits.path(c);
                quote!(.min_items(#c))
            }
            Check::MaxItems(c) => {
                let c = limits.path(c);
                quote!(.max_items(#c))
            }
            Check::Each(inner) => {
                let inner = calls(inner, limits);
                quote!(.each(|item| item #(#inner)*))
            }
            Check::Nested => quote!(.nested()),
            Check::OneOf(c) => {
                let c = limits.path(c);
                quote!(.one_of(#c))
            }
            Check::OneOfJson(c) => {
                let c = limits.path(c);
                quote!(.one_of_json(#c))
            }
            Check::MultipleOf(c) => {
                let c = limits.path(c);
                quote!(.multiple_of(#c))
            }
        })
        .collect()
}

/// The statements of `validate_into` for a struct's fields (empty when nothing is checked).
pub(crate) fn field_checks(fields: &[Field]) -> TokenStream {
    let limits = Limits::for_checks(fields.iter().flat_map(|f| &f.checks));
    let stmts: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let name = ident(&f.name);
            let wire = &f.wire;
            let must_be_present = f.required && f.is_option();
            let head = if must_be_present {
                quote!(rt::required_field(out, at, #wire, &self.#name))
            } else if f.is_option() {
                quote!(rt::optional(out, at, #wire, &self.#name))
            } else {
                quote!(rt::field(out, at, #wire, &self.#name))
            };
            if must_be_present && f.checks.is_empty() {
                return Some(quote!(#head;));
            }
            let stmt = checks(&f.checks, head, &limits);
            (!stmt.is_empty()).then_some(stmt)
        })
        .collect();
    if stmts.is_empty() {
        return quote!();
    }
    let import = limits.import();
    quote!(#import #(#stmts)*)
}

/// `impl rt::Validate for #name`, with `body` as `validate_into` (the trait's default, which
/// checks nothing, when `body` is empty).
pub(crate) fn validate_impl(name: &proc_macro2::Ident, body: TokenStream) -> TokenStream {
    if body.is_empty() {
        return quote!(impl rt::Validate for #name {});
    }
    quote! {
        impl rt::Validate for #name {
            fn validate_into(&self, at: &str, out: &mut Vec<rt::Violation>) {
                #body
            }
        }
    }
}
