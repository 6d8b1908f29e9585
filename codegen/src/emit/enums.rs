//! Open enums in `models.rs`: a string option list whose unknown values are kept. The enum
//! and its constants go through the formatter; the conversions and serde impls, the same for
//! every enum, are written as text in prettyplease's layout (`super::verbatim`).

use super::{doc, ident};
use crate::ir::Variant;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn open_enum(
    name: &str,
    head: TokenStream,
    variants: &[Variant],
    default: Option<&str>,
) -> TokenStream {
    let ty_name = ident(name);
    let decl = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let d = format!(" `{}`", v.wire);
        let meaning = v.doc.as_deref().map(|text| {
            let text = doc(text);
            quote!(#[doc = ""] #text)
        });
        quote!(#[doc = #d] #meaning #vname,)
    });
    let to_wire = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#vname => #wire,)
    });
    let known = variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote!(Self::#vname)
    });
    // The same variants in the same order as `known` and `to_wire`: the runtime's messages
    // take the listed values as text, and they cannot disagree with `as_str`.
    let known_text = variants.iter().map(|v| &v.wire);
    let conversions = super::verbatim(&open_enum_conversions(&ty_name, variants));
    let default_impl = default.map(|d| {
        let value = quote!(Self::from(#d));
        quote! {
            impl Default for #ty_name {
                fn default() -> Self {
                    #value
                }
            }
        }
    });
    quote! {
        #head
        #[doc = ""]
        #[doc = " Open: a value this version does not know is kept in `Unknown`, so a server that adds"]
        #[doc = " an option does not break decoding."]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ty_name {
            #(#decl)*
            /// A value not listed in the spec this crate was generated from.
            Unknown(String),
        }

        impl #ty_name {
            /// Every value the spec lists.
            pub const KNOWN: &'static [Self] = &[#(#known),*];

            /// `KNOWN` as sent on the wire, for the messages of `FromStr` and `Validate`.
            const KNOWN_TEXT: &'static [&'static str] = &[#(#known_text),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(other) => other,
                }
            }
        }

        #conversions

        /// What clients send names a value the spec lists; an `Unknown` one is refused
        /// before it leaves (answers are not validated: they keep new values).
        impl rt::Validate for #ty_name {
            fn validate_into(&self, at: &str, out: &mut Vec<rt::Violation>) {
                if let Self::Unknown(_) = self {
                    rt::unknown_option(at, Self::KNOWN_TEXT, out);
                }
            }
        }

        #default_impl
    }
}

/// The conversions and serde impls of an open enum, as prettyplease lays them out (see
/// [`super::verbatim`]): every open enum has the same ones.
fn open_enum_conversions(ty_name: &proc_macro2::Ident, variants: &[Variant]) -> String {
    // prettyplease's margin: an arm longer than it becomes a block.
    let mut arms = String::new();
    for v in variants {
        let wire = proc_macro2::Literal::string(&v.wire);
        let arm = format!("            {wire} => Self::{},\n", ident(&v.name));
        if arm.len() > 91 {
            arms.push_str(&format!(
                "            {wire} => {{\n                Self::{}\n            }}\n",
                ident(&v.name)
            ));
        } else {
            arms.push_str(&arm);
        }
    }
    // A longer `impl .. for .. {` line breaks before `for`.
    let header = |of: &str| {
        let line = format!("impl{of} for {ty_name} {{");
        if line.len() > 89 {
            format!("impl{of}\nfor {ty_name} {{")
        } else {
            line
        }
    };
    let (from_str, from_string, parse, display, serialize, deserialize) = (
        header(" From<&str>"),
        header(" From<String>"),
        header(" std::str::FromStr"),
        header(" std::fmt::Display"),
        header(" Serialize"),
        header("<'de> Deserialize<'de>"),
    );
    format!(
        "{from_str}
    fn from(value: &str) -> Self {{
        match value {{
{arms}            other => Self::Unknown(other.to_string()),
        }}
    }}
}}
{from_string}
    fn from(value: String) -> Self {{
        match Self::from(value.as_str()) {{
            Self::Unknown(_) => Self::Unknown(value),
            known => known,
        }}
    }}
}}
{parse}
    type Err = rt::UnknownOption;
    fn from_str(value: &str) -> Result<Self, Self::Err> {{
        match Self::from(value) {{
            Self::Unknown(_) => Err(rt::UnknownOption::new(value, Self::KNOWN_TEXT)),
            known => Ok(known),
        }}
    }}
}}
{display}
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}
{serialize}
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{
        serializer.serialize_str(self.as_str())
    }}
}}
{deserialize}
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {{
        rt::open_enum(deserializer)
    }}
}}
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text is what prettyplease prints for the same items, margins included, so the
    /// output does not depend on which way an enum was formatted.
    #[test]
    fn conversions_are_laid_out_as_prettyplease_would() {
        let variant = |name: &str, wire: &str| Variant {
            name: name.into(),
            wire: wire.into(),
            doc: None,
        };
        let cases = [
            (
                "Kind",
                vec![variant("Fast", "FAST"), variant("Quote", "say \"hi\"")],
            ),
            (
                "ContaineranalysisGoogleDevtoolsCloudbuildV1BuildApprovalStateDecision",
                vec![
                    variant("Short", "S"),
                    variant(
                        "DefaultLogsBucketBehaviorUnspecifiedAndThenSome",
                        "DEFAULT_LOGS_BUCKET_BEHAVIOR_UNSPECIFIED_AND_THEN_SOME",
                    ),
                ],
            ),
        ];
        for (name, variants) in cases {
            let text = open_enum_conversions(&ident(name), &variants);
            let file: syn::File = syn::parse_str(&text).expect("valid Rust");
            assert_eq!(prettyplease::unparse(&file), text, "{name}");
        }
    }
}
