//! Stage 4: tokens in, rustfmt-style source text out (syn + prettyplease), with the header.

use crate::error::Error;
use proc_macro2::TokenStream;

/// Pretty-prints one generated file. A parse failure here is a generator bug, reported as an
/// error rather than written out as code that does not compile.
pub fn format_file(path: &str, tokens: TokenStream, header: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::new(
            "#",
            format!("internal error: generated {path} is not valid Rust ({e}); please report it"),
        )
    })?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}
