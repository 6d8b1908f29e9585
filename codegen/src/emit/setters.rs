//! The `with_…` setters of a struct without required fields, written as text in
//! prettyplease's layout (like the open enums' conversions, `enums.rs`): the same five lines
//! for every optional field, which were a third of the formatting time of query-heavy and
//! model-heavy specs. A block whose lines would not fit prettyplease's margin, or whose names
//! need escaping, is left to the formatter (`None`).

use super::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// One setter: `self.{field} = Some(value{conv})` for an argument of type `{arg}`.
pub(crate) struct Setter {
    /// The doc line's text (`Sets \`x\`.`).
    pub(crate) doc: String,
    pub(crate) name: String,
    pub(crate) field: String,
    pub(crate) arg: TokenStream,
    pub(crate) conv: TokenStream,
}

/// prettyplease's margin, as its output shows it: a signature or statement of up to 89
/// characters stays on its line, a longer one is broken (a signature into one parameter per
/// line, `= Some(value)` after `Some(`). What is not seen in its output is left to it.
const MARGIN: usize = 89;

/// `impl {type_name} { constructor setters }`: as text when there is no constructor and the
/// setters' layout is known (see [`setters_impl`]), else as tokens for the formatter.
pub(crate) fn impl_block(
    type_name: &str,
    constructor: TokenStream,
    setters: &[Setter],
) -> TokenStream {
    if constructor.is_empty() {
        if let Some(text) = setters_impl(type_name, setters) {
            return super::verbatim(&text);
        }
    }
    let ty = ident(type_name);
    let methods = setters.iter().map(|s| {
        let doc = format!(" {}", s.doc);
        let (name, field, arg, conv) = (ident(&s.name), ident(&s.field), &s.arg, &s.conv);
        quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: #arg) -> Self {
                self.#field = Some(value #conv);
                self
            }
        }
    });
    quote! {
        impl #ty {
            #constructor
            #(#methods)*
        }
    }
}

/// `impl {type_name} { setters }` as formatted text, or `None` when the formatter must do it.
fn setters_impl(type_name: &str, setters: &[Setter]) -> Option<String> {
    if setters.is_empty() {
        return None;
    }
    let mut text = format!("impl {type_name} {{\n");
    for s in setters {
        let plain = |t: &str| {
            t.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !t.contains(['"', '\\'])
        };
        if !plain(&s.doc) {
            return None;
        }
        let arg = type_text(&s.arg)?;
        let conv = type_text(&s.conv)?;
        // Doc comments are never wrapped.
        text.push_str(&format!("    /// {}\n", s.doc));
        let signature = format!("    pub fn {}(mut self, value: {arg}) -> Self {{", s.name);
        if signature.len() <= MARGIN {
            text.push_str(&signature);
            text.push('\n');
        } else {
            let parameter = format!("        value: {arg},");
            if parameter.len() > MARGIN {
                return None;
            }
            text.push_str(&format!(
                "    pub fn {}(\n        mut self,\n{parameter}\n    ) -> Self {{\n",
                s.name
            ));
        }
        let body = format!("        self.{} = Some(value{conv});", s.field);
        match body.len() {
            n if n <= MARGIN => text.push_str(&body),
            // 90 is not in the formatter's output either way.
            n if n == MARGIN + 1 => return None,
            // Even the head is too long: the formatter breaks after `self` then.
            _ if format!("        self.{} = Some(", s.field).len() > MARGIN => return None,
            _ => text.push_str(&format!(
                "        self.{} = Some(\n            value{conv},\n        );",
                s.field
            )),
        }
        text.push_str("\n        self\n    }\n");
    }
    text.push_str("}\n");
    Some(text)
}

/// A type (or a `.into()` conversion) as prettyplease prints it: proc-macro2 spaces every
/// token, so the spaces around path separators, generics and method calls go. `None` for
/// what this does not know how to print (a lifetime, a tuple, a literal).
fn type_text(tokens: &TokenStream) -> Option<String> {
    let raw = tokens.to_string();
    if raw.contains(['\'', '(', '"', '[']) && raw != ". into ()" {
        return None;
    }
    let text = raw
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& ", "&")
        .replace(". into ()", ".into()");
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn types_print_as_prettyplease_prints_them() {
        let t = |tokens: TokenStream| type_text(&tokens).unwrap();
        assert_eq!(
            t(quote!(Vec<super::models::Thing>)),
            "Vec<super::models::Thing>"
        );
        assert_eq!(t(quote!(impl Into<String>)), "impl Into<String>");
        assert_eq!(
            t(quote!(std::collections::BTreeMap<String, chrono::DateTime<chrono::FixedOffset>>)),
            "std::collections::BTreeMap<String, chrono::DateTime<chrono::FixedOffset>>"
        );
        assert_eq!(t(quote!(.into())), ".into()");
        assert_eq!(t(quote!()), "");
    }
}
