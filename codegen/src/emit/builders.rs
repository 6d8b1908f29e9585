//! Builders for models with several required fields or a checked string field (in
//! `models.rs`, after their type): each
//! field set by name, checked string types (CIDRs, hosts) taken as plain strings, and `build()`
//! reporting every missing and invalid value at once, with JSON paths. Named steps instead of a
//! long positional `new(..)` whose same-typed arguments could swap silently.

use super::validation::field_checks;
use super::{ident, rust_type, taken, Locals};
use crate::ir::{Api, Builder, Field, SetterInput};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `impl X { fn builder() }` and `XBuilder`, as the IR's `builder` says.
pub(crate) fn builder(api: &Api, name: &str, fields: &[Field], builder: &Builder) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let builder_name = ident(&builder.name);
    let ty_name = ident(name);
    let members = fields.iter().map(|f| {
        let field = ident(&f.name);
        let ty = rust_type(&f.ty, &quote!());
        quote!(#field: Option<#ty>,)
    });
    // The builder's own field collecting violations, and `build`'s local for them: clear of
    // the struct's fields, which are the builder's other fields and `build`'s other locals.
    let mut own = Locals::new(fields.iter().map(|f| f.name.as_str()));
    let errors = own.pick("errors");
    let violations = own.pick("violations");
    let violations_field = if violations == "violations" {
        quote!(violations)
    } else {
        quote!(violations: #violations)
    };
    let setters = fields
        .iter()
        .zip(&builder.setters)
        .map(|(f, name)| setter(api, f, name, &errors));
    // The checks of the struct, on whatever the builder holds (every field optional here).
    let as_optional: Vec<Field> = fields
        .iter()
        .map(|f| Field {
            required: false,
            ..f.clone()
        })
        .collect();
    let checks = field_checks(&as_optional);
    let checks = (!checks.is_empty()).then(|| {
        quote! {
            {
                let (out, at) = (&mut #violations, "");
                #checks
            }
        }
    });
    let required_names: Vec<Ident> = required.iter().map(|f| ident(&f.name)).collect();
    let required_wires = required.iter().map(|f| &f.wire);
    let inits = fields.iter().map(|f| {
        let field = ident(&f.name);
        match (f.required, f.is_option()) {
            (true, true) => quote!(#field: Some(#field)),
            (true, false) => quote!(#field),
            (false, _) => quote!(#field: self.#field),
        }
    });
    let type_doc = format!(
        " Builds a [`{name}`] field by field; [`build`](Self::build) reports every missing or \
         invalid value at once."
    );
    let entry_doc = format!(
        " A [`{builder_name}`]: set each field by name, then `build()`. Checked strings are \
         given as text and checked there, with the other constraints of the spec."
    );
    quote! {
        impl #ty_name {
            #[doc = #entry_doc]
            pub fn builder() -> #builder_name {
                <#builder_name as Default>::default()
            }
        }

        #[doc = #type_doc]
        #[derive(Clone, Debug, Default)]
        #[must_use = "a builder does nothing until `build()`"]
        pub struct #builder_name {
            #(#members)*
            #errors: Vec<rt::Violation>,
        }

        impl #builder_name {
            #(#setters)*

            /// The value, or every violation: missing required fields, values that are not
            /// valid for their type, and the spec's constraints, each with its JSON path.
            pub fn build(self) -> Result<#ty_name, rt::ValidationError> {
                let mut #violations = self.#errors;
                #checks
                // Trailing commas: one required field is still a tuple, none the unit.
                match (#(self.#required_names,)*) {
                    (#(Some(#required_names),)*) if #violations.is_empty() => Ok(#ty_name {
                        #(#inits,)*
                    }),
                    (#(#required_names,)*) => {
                        #(
                            if #required_names.is_none() {
                                rt::missing(#required_wires, &mut #violations);
                            }
                        )*
                        Err(rt::ValidationError { #violations_field })
                    }
                }
            }
        }
    }
}

/// One setter, taking the field's value as the IR's `SetterInput` says.
fn setter(api: &Api, f: &Field, name: &str, errors: &Ident) -> TokenStream {
    let field = ident(&f.name);
    let name = ident(name);
    let wire = &f.wire;
    let d = format!(" Sets `{wire}`.");
    let input = api.setter_input(&f.ty);
    let (value, conv) = taken(input.value());
    match input {
        SetterInput::Text(ty) => {
            let ty = ident(ty);
            quote! {
                #[doc = #d]
                pub fn #name(mut self, value: #value) -> Self {
                    self.#field = rt::parse_into(#ty::new(value), #wire, &mut self.#errors);
                    self
                }
            }
        }
        SetterInput::TextList(ty) => {
            let ty = ident(ty);
            let item = rust_type(input.value().ty(), &quote!());
            let template = format!("{}[{{index}}]", wire.replace('{', "{{").replace('}', "}}"));
            quote! {
            #[doc = #d]
            pub fn #name<S: Into<#item>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
                let mut items = Vec::new();
                for (index, value) in values.into_iter().enumerate() {
                    let at = format!(#template);
                    if let Some(item) = rt::parse_into(#ty::new(value), &at, &mut self.#errors) {
                        items.push(item);
                    }
                }
                self.#field = Some(items);
                self
            }
            }
        }
        SetterInput::List(_) => quote! {
            #[doc = #d]
            pub fn #name(mut self, values: impl IntoIterator<Item = #value>) -> Self {
                self.#field = Some(values.into_iter().collect());
                self
            }
        },
        SetterInput::Plain(_) => quote! {
            #[doc = #d]
            pub fn #name(mut self, value: #value) -> Self {
                self.#field = Some(value #conv);
                self
            }
        },
    }
}
