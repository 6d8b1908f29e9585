//! Stage 3: the intermediate model in, one token stream per generated file out.

mod answers;
mod builders;
mod credentials;
mod enums;
mod environment;
mod handle;
mod list_requests;
mod models;
mod multi_region;
mod operation_helpers;
mod operations;
mod regions;
mod resources;
mod runtime_import;
mod safe_writes;
mod setters;
mod testkit;
mod traits;
mod validation;

use crate::ir::{Api, Argument, Home, KeyLocation, Spelling, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use runtime_import::with_runtime_import;

/// The files the generator writes. A file is chosen by this enum, so every match on it is
/// exhaustive: a new file cannot be forgotten in one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFile {
    Credentials,
    Environment,
    Root,
    Models,
    Operations,
    Regions,
    Resources,
    Testkit,
    Validation,
}

impl OutputFile {
    /// Its path below the output directory (`models.rs`).
    pub fn path(self) -> &'static str {
        match self {
            OutputFile::Credentials => "credentials.rs",
            OutputFile::Environment => "environment.rs",
            OutputFile::Root => "mod.rs",
            OutputFile::Models => "models.rs",
            OutputFile::Operations => "operations.rs",
            OutputFile::Regions => "regions.rs",
            OutputFile::Resources => "resources.rs",
            OutputFile::Testkit => "testkit.rs",
            OutputFile::Validation => "validation.rs",
        }
    }
}

/// A generated file before formatting: which file, its path below the output directory and
/// its tokens.
pub struct EmittedFile {
    pub file: OutputFile,
    pub path: &'static str,
    pub tokens: TokenStream,
}

/// Every generated file: `mod.rs`, `models.rs`, `operations.rs`, `validation.rs`, plus
/// `regions.rs` when the spec lists servers and `environment.rs` when it names environment
/// variables.
pub fn emit(api: &Api) -> Vec<EmittedFile> {
    files(api)
        .into_iter()
        .map(|file| EmittedFile {
            file,
            path: file.path(),
            tokens: emit_file(api, file),
        })
        .collect()
}

/// The files [`emit`] makes for this API, in the order of their paths.
pub fn files(api: &Api) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::Root,
        OutputFile::Models,
        OutputFile::Operations,
        OutputFile::Validation,
    ];
    if !api.servers.is_empty() {
        files.push(OutputFile::Regions);
    }
    if !api.resources.is_empty() {
        files.extend([OutputFile::Resources, OutputFile::Testkit]);
    }
    if credentials::has_keys(api) {
        files.push(OutputFile::Credentials);
    }
    if api.environment.is_some() {
        files.push(OutputFile::Environment);
    }
    files.sort_by_key(|f| f.path());
    files
}

/// The paths of [`files`], in order.
pub fn paths(api: &Api) -> Vec<&'static str> {
    files(api).into_iter().map(OutputFile::path).collect()
}

/// A unit of emitting work: a file, or one of the parts `models.rs` and `operations.rs` (the
/// largest files by far on large specs) are split into so that several threads share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub file: OutputFile,
    pub path: &'static str,
    pub part: usize,
    pub parts: usize,
}

/// Every file of [`files`] as pieces: `models.rs` in at least `model_parts` parts when it has
/// enough types to be worth it (more on large specs, so no thread holds the tokens of a huge
/// part; the text is the same however many), `operations.rs` in parts of
/// 512 operations (each with its own `impl Client` block, so the
/// number of parts depends only on the spec).
pub fn pieces(api: &Api, model_parts: usize) -> Vec<Piece> {
    const TYPES_PER_PART: usize = 1024;
    let mut out = Vec::new();
    for file in files(api) {
        let parts = match file {
            OutputFile::Models if api.types.len() >= 128 => model_parts
                .max(api.types.len().div_ceil(TYPES_PER_PART))
                .max(1),
            OutputFile::Operations => operations::parts(api),
            _ => 1,
        };
        let path = file.path();
        out.extend((0..parts).map(|part| Piece {
            file,
            path,
            part,
            parts,
        }));
    }
    out
}

/// One piece's tokens (each depends only on the API, so pieces can be emitted on different
/// threads); the first piece of a file has its imports.
pub fn emit_piece(api: &Api, piece: &Piece) -> TokenStream {
    let tokens = match piece.file {
        OutputFile::Models if piece.parts > 1 => models::emit_part(api, piece.part, piece.parts),
        OutputFile::Operations if piece.parts > 1 => {
            operations::emit_part(api, piece.part, piece.parts)
        }
        file => return emit_file(api, file),
    };
    if piece.part == 0 {
        with_runtime_import(api, piece.file, tokens)
    } else {
        tokens
    }
}

/// One file of [`files`].
pub fn emit_file(api: &Api, file: OutputFile) -> TokenStream {
    let tokens = file_tokens(api, file);
    with_runtime_import(api, file, tokens)
}

fn file_tokens(api: &Api, file: OutputFile) -> TokenStream {
    match file {
        OutputFile::Root => root(api),
        OutputFile::Models => models::emit(api),
        OutputFile::Operations => operations::emit(api),
        OutputFile::Validation => validation::emit(api),
        OutputFile::Regions => regions::emit(api),
        OutputFile::Resources => resources::emit(api),
        OutputFile::Testkit => testkit::emit(api),
        OutputFile::Credentials => credentials::emit(api),
        OutputFile::Environment => match &api.environment {
            Some(environment) => environment::emit(api, environment),
            None => TokenStream::new(),
        },
    }
}

/// The name of the marker item that stands for text the emitter formatted itself.
pub const VERBATIM_MARKER: &str = "__verbatim";

/// Top-level items whose formatted text the emitter writes itself, in prettyplease's layout:
/// the same few impls repeated for hundreds of types (the open enums' conversions) would
/// otherwise cost most of the formatting time of a large spec. Stands in the token stream as
/// `__verbatim!("text");`, which `format::print` replaces by the text.
pub(crate) fn verbatim(text: &str) -> TokenStream {
    let marker = Ident::new(VERBATIM_MARKER, proc_macro2::Span::call_site());
    let text = proc_macro2::Literal::string(text);
    quote!(#marker!(#text);)
}

fn root(api: &Api) -> TokenStream {
    let error_body = rust_type(&api.error_body, &quote!(models::));
    let title = format!(" Bindings generated from {} {}.", api.title, api.version);
    let description = api
        .description
        .as_deref()
        .map(|d| inner_doc(&doc(d)))
        .unwrap_or_default();
    let regions = (!api.servers.is_empty()).then(|| {
        quote! {
            mod regions;
            pub use regions::*;
        }
    });
    let environment = api.environment.is_some().then(|| {
        quote!(
            mod environment;
        )
    });
    let credentials = credentials::has_keys(api).then(|| {
        quote!(
            mod credentials;
        )
    });
    let region_export = (!api.servers.is_empty()).then(|| {
        quote!(
            pub use super::{MultiRegionClient, Region};
        )
    });
    let prelude_models: Vec<Ident> = api.prelude_models.iter().map(|name| ident(name)).collect();
    let models_export = (!prelude_models.is_empty()).then(|| {
        quote!(
            pub use super::models::{#(#prelude_models),*};
        )
    });
    // Paths of hand-written items (`crate` is no identifier `ident` would keep as it is).
    let (extras_doc, extras) = prelude_extras(api);
    let resources = (!api.resources.is_empty()).then(|| {
        quote! {
            mod resources;
            #[cfg(feature = "testkit")]
            pub mod testkit;
            pub use resources::*;
        }
    });
    // The runtime's optional engine, asked for by name when a pattern needs it: a crate
    // without the feature stops with this line instead of an unresolved `Pattern::full`.
    let full_regex = api.needs_full_regex().then(|| {
        quote! {
            #[cfg(not(feature = "full-regex"))]
            compile_error!("this API's patterns need look-around, back-references or Unicode classes: turn on the crate's `full-regex` feature (fancy-regex)");
        }
    });
    quote! {
        #![doc = #title]
        #![doc = ""]
        #description
        #full_regex
        #credentials
        #environment
        pub mod models;
        pub mod operations;
        #regions
        #resources
        pub mod validation;

        ::vpn_runtime::api_client!();

        /// The error of every operation: the runtime error with this API's error body.
        pub type Error = ::vpn_runtime::support::Error<#error_body>;

        /// The result of every operation (`Result<T, E>` with another error still works, so the
        /// prelude's `Result` does not get in the way of `Box<dyn std::error::Error>`).
        pub type Result<T, E = Error> = std::result::Result<T, E>;

        /// What every program names, in one line: `use <this crate>::prelude::*;`. The client
        /// and its builder, retries and waits, the regions and the multi-region client, the
        /// models the resource handles write (and what they are made of), `Uuid` (ids), and the traits
        /// whose methods programs call (`StreamExt` for `.next().await` on list streams,
        /// `Found` for `.found()`, a `404` as `None`, `AcceptedFuture` and `DeletingFuture` for
        /// `create(..).ready()` and `delete(id).gone()` in one step, and `Validate`), imported
        /// without their names. It names nothing `std::fmt`,
        /// `std::error` or `reqwest` also name, except the client (beside `reqwest::*`, name
        /// it once: `use <this crate>::Client;` wins over both globs); the error and result
        /// types and every other model stay in the crate root and `models`.
        #extras_doc
        pub mod prelude {
            #models_export
            #region_export
            pub use ::vpn_runtime::StreamExt as _;
            pub use ::vpn_runtime::uuid::Uuid;
            pub use ::vpn_runtime::Found as _;
            pub use ::vpn_runtime::{AcceptedFuture as _, DeletingFuture as _};
            pub use ::vpn_runtime::support::Validate as _;
            pub use ::vpn_runtime::support::WaitOptions;
            pub use ::vpn_runtime::RetryPolicy;
            pub use super::{Client, ClientBuilder};
            #(#extras)*
        }
    }
}

/// The prelude's hand-written items (`info.x-rust-prelude`): a doc line naming them, and
/// their `pub use` lines (`crate` is no identifier `ident` would keep as it is).
fn prelude_extras(api: &Api) -> (Option<TokenStream>, Vec<TokenStream>) {
    let doc = (!api.prelude_extras.is_empty()).then(|| {
        let names: Vec<String> = api
            .prelude_extras
            .iter()
            .map(|path| {
                let name = path.last().map_or("", String::as_str);
                format!("[`{name}`]({})", path.join("::"))
            })
            .collect();
        let line = format!(" And the crate's own {}.", names.join(", "));
        quote!(#[doc = ""] #[doc = #line])
    });
    let uses = api
        .prelude_extras
        .iter()
        .map(|path| {
            let path = path
                .iter()
                .map(|s| proc_macro2::Ident::new(s, proc_macro2::Span::call_site()));
            quote!(pub use #(#path)::*;)
        })
        .collect();
    (doc, uses)
}

/// The runtime's `KeyPlace` variant for where an API key goes (applied to its name).
pub(crate) fn key_place(location: KeyLocation) -> TokenStream {
    match location {
        KeyLocation::Header => quote!(rt::KeyPlace::Header),
        KeyLocation::Query => quote!(rt::KeyPlace::Query),
        KeyLocation::Cookie => quote!(rt::KeyPlace::Cookie),
    }
}

/// A Rust identifier for a generated name (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The locals (and emit's own arguments) of one generated function, picked clear of the
/// names the spec gives its arguments, as progenitor's `unique_ident_from` picks its own:
/// `path`, else `path_`, `path__`... (progenitor prefixes the underscore, which would also
/// silence the unused-variable lint; a suffix keeps it). The spec's names are fixed by
/// resolve; emit's are its own to move, so a parameter named like a local is never shadowed
/// by it, and no list of locals has to be kept in resolve.
pub(crate) struct Locals {
    taken: Vec<String>,
}

impl Locals {
    /// The function's scope, holding the spec's names (`r#type` holds `type`).
    pub(crate) fn new<'a>(spec_names: impl IntoIterator<Item = &'a str>) -> Locals {
        Locals {
            taken: spec_names
                .into_iter()
                .map(|name| name.trim_start_matches("r#").to_string())
                .collect(),
        }
    }

    /// A name for emit's `base` that nothing in the scope holds yet, then held.
    pub(crate) fn pick(&mut self, base: &str) -> Ident {
        let mut name = base.to_string();
        while self.taken.contains(&name) {
            name.push('_');
        }
        self.taken.push(name.clone());
        ident(&name)
    }
}

/// `#[allow(deprecated)]` on the method calling a deprecated operation: the handle is not
/// deprecated for using it, and users' builds stay free of warnings they cannot act on (they
/// are still warned when they call the operation's method themselves).
pub(crate) fn allow_deprecated(op: &crate::ir::Operation) -> TokenStream {
    if op.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    }
}

/// `#[allow(clippy::too_many_arguments)]` on a generated function of `count` arguments
/// (`self` included) past clippy's limit: the spec decides how many parameters an operation has.
pub(crate) fn allow_many_arguments(count: usize) -> TokenStream {
    if count > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    }
}

/// `with_<field>` (raw and digit-guard prefixes dropped: `r#type` -> `with_type`,
/// `_1st` -> `with_1st`).
pub(crate) fn setter_name(field: &str) -> Ident {
    ident(&crate::ir::names::with_setter(field))
}

/// Rustdoc attributes for a spec description. Descriptions are Markdown written for other
/// renderers: fenced or indented code would become doctests, so it is turned into text blocks.
pub(crate) fn doc(text: &str) -> TokenStream {
    // A carriage return alone is a line break to a reader, and not allowed in a doc comment.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let line = if trimmed.starts_with("```") {
            let rest = trimmed.trim_start_matches('`');
            if rest.is_empty() || rest.chars().all(|c| c.is_alphanumeric()) {
                if lines
                    .iter()
                    .filter(|l: &&String| l.trim_start().starts_with("```"))
                    .count()
                    % 2
                    == 0
                {
                    "```text".to_string()
                } else {
                    "```".to_string()
                }
            } else {
                trimmed.to_string()
            }
        } else if indent >= 4 {
            format!("  {trimmed}")
        } else {
            line.to_string()
        };
        lines.push(line);
    }
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// A field's rustdoc: the spec's description, else what it is on the wire.
pub(crate) fn field_doc(f: &crate::ir::Field) -> TokenStream {
    match f.doc.as_deref() {
        Some(text) => doc(text),
        None => {
            let line = format!(" The `{}` property.", f.wire);
            quote!(#[doc = #line])
        }
    }
}

/// Turns `#[doc = ..]` attributes into inner `#![doc = ..]` ones (module docs).
fn inner_doc(outer: &TokenStream) -> TokenStream {
    use proc_macro2::{Punct, Spacing, TokenTree};
    let mut out = Vec::new();
    for tt in outer.clone() {
        if matches!(&tt, TokenTree::Punct(p) if p.as_char() == '#') {
            out.push(tt);
            out.push(TokenTree::Punct(Punct::new('!', Spacing::Alone)));
        } else {
            out.push(tt);
        }
    }
    out.into_iter().collect()
}

/// The Rust type for a type reference (its spelling, `TypeRef::spelling`, with each home's
/// path); `models` is the path prefix of generated types.
pub(crate) fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    spelled(&ty.spelling(), models)
}

fn spelled(spelling: &Spelling, models: &TokenStream) -> TokenStream {
    let Spelling::Type {
        home,
        name,
        arguments,
    } = spelling
    else {
        return quote!(());
    };
    let path = match home {
        Home::Language => quote!(),
        Home::Runtime => quote!(rt::),
        Home::Uuid => quote!(uuid::),
        Home::Chrono => quote!(chrono::),
        Home::SerdeJson => quote!(serde_json::),
        Home::Bytes => quote!(bytes::),
        Home::Collections => quote!(std::collections::),
        Home::Models => models.clone(),
    };
    let name = ident(name);
    if arguments.is_empty() {
        return quote!(#path #name);
    }
    let arguments = arguments.iter().map(|a| spelled(a, models));
    quote!(#path #name<#(#arguments),*>)
}

/// Path parameters passed by reference (strings and generated types); the rest are `Copy`.
pub(crate) fn is_by_ref(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Named(_))
}

/// Path argument type: ids by value, strings and generated types by reference.
pub(crate) fn path_argument(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Named(_) => {
            let t = rust_type(ty, models);
            quote!(&#t)
        }
        other => rust_type(other, models),
    }
}

/// The argument type of a constructor or setter for a field of type `ty`, and how to turn it
/// into the field's type.
pub(crate) fn argument(ty: &TypeRef) -> (TokenStream, TokenStream) {
    taken(Argument::of(ty))
}

/// The type an argument is written with (`impl Into<String>`), and its conversion.
pub(crate) fn taken(argument: Argument) -> (TokenStream, TokenStream) {
    let ty = rust_type(argument.ty(), &quote!());
    match argument {
        Argument::Into(_) => (quote!(impl Into<#ty>), quote!(.into())),
        Argument::Exactly(_) => (ty, quote!()),
    }
}
