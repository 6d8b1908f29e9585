//! Stage 4: tokens in, rustfmt-style source text out (syn + prettyplease), with the header.

use crate::error::Error;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Pretty-prints one generated file. A parse failure here is a generator bug, reported as an
/// error rather than written out as code that does not compile.
///
/// The file is parsed and printed a run of top-level items at a time: prettyplease prints
/// items independently, so the text is the same as for the whole file, while syn's trees stay
/// small enough to be freed and reused (one tree for a 100k-line file costs gigabytes of fresh
/// memory and most of the generation time on large specs).
/// `verbatim_marker` names the marker item that stands for text the emitter formatted itself
/// (`emit::VERBATIM_MARKER`): format replaces it and knows nothing else of emit.
pub fn format_file(
    path: &str,
    tokens: TokenStream,
    header: &str,
    verbatim_marker: &str,
) -> Result<String, Error> {
    Ok(finish(
        &join_parts(vec![print(path, tokens, verbatim_marker)?]),
        header,
    ))
}

/// The printed texts of a file's parts, in order, as one file's text (the first part has the
/// file's docs and imports, as emit wrote them).
pub fn join_parts(parts: Vec<String>) -> String {
    parts.concat()
}

/// The header, then the printed items with blank lines between them.
pub fn finish(printed: &str, header: &str) -> String {
    // One buffer for the whole file: on a 20 MB spec the file is 50 MB, so a copy counts.
    let mut out = String::with_capacity(header.len() + 1 + printed.len() + printed.len() / 16);
    out.push_str(header);
    out.push('\n');
    separate_items(printed, &mut out);
    out
}

/// prettyplease's text of a file's (or a part of a file's) tokens, before [`finish`].
pub fn print(path: &str, tokens: TokenStream, verbatim_marker: &str) -> Result<String, Error> {
    let mut printed = String::new();
    let runs = item_runs(tokens, 256, verbatim_marker)
        .map_err(|e| Error::internal("#", format!("generated {path}: {e}; please report it")))?;
    for run in runs {
        match run {
            Run::Items(chunk) => {
                let file: syn::File = syn::parse2(chunk).map_err(|e| {
                    Error::internal(
                        "#",
                        format!("generated {path} is not valid Rust ({e}); please report it"),
                    )
                })?;
                printed.push_str(&prettyplease::unparse(&file));
            }
            Run::Text(text) => printed.push_str(&text),
        }
    }
    Ok(printed)
}

/// What [`print`] formats in one go: a run of items, or text the emitter formatted itself
/// (`emit::verbatim`).
enum Run {
    Items(TokenStream),
    Text(String),
}

/// Splits a file's tokens into runs of at most `per_run` top-level items (inner attributes
/// stay with the first run) and the verbatim texts between them. An item ends at a
/// top-level `;`, or at a top-level `{..}` group unless a `;` follows it
/// (`const X: T = T {..};`).
fn item_runs(
    tokens: TokenStream,
    per_run: usize,
    verbatim_marker: &str,
) -> Result<Vec<Run>, String> {
    let mut runs = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut items = 0;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if matches!(&token, TokenTree::Ident(i) if i == verbatim_marker) {
            let text = verbatim_text(&mut tokens).ok_or("a malformed verbatim marker")?;
            if !current.is_empty() {
                runs.push(Run::Items(current.drain(..).collect()));
                items = 0;
            }
            runs.push(Run::Text(text));
            continue;
        }
        let ends_item = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        current.push(token);
        if ends_item {
            items += 1;
            if items == per_run {
                runs.push(Run::Items(current.drain(..).collect()));
                items = 0;
            }
        }
    }
    if !current.is_empty() || runs.is_empty() {
        runs.push(Run::Items(current.into_iter().collect()));
    }
    Ok(runs)
}

/// After the marker's name: `!("text");`, consumed, gives the text.
fn verbatim_text(
    tokens: &mut std::iter::Peekable<proc_macro2::token_stream::IntoIter>,
) -> Option<String> {
    let Some(TokenTree::Punct(bang)) = tokens.next() else {
        return None;
    };
    let Some(TokenTree::Group(group)) = tokens.next() else {
        return None;
    };
    let Some(TokenTree::Punct(semi)) = tokens.next() else {
        return None;
    };
    if bang.as_char() != '!' || semi.as_char() != ';' {
        return None;
    }
    let literal: syn::LitStr = syn::parse2(group.stream()).ok()?;
    Some(literal.value())
}

/// prettyplease prints items back to back; a blank line between two items at the same depth
/// (and after the module docs) makes generated files read like hand-written ones. Statements
/// inside function bodies and runs of `use` lines stay together.
fn separate_items(source: &str, out: &mut String) {
    const ITEM_STARTS: [&str; 14] = [
        "///",
        "#[",
        "pub ",
        "pub(",
        "impl ",
        "impl<",
        "fn ",
        "async fn ",
        "struct ",
        "enum ",
        "mod ",
        "const ",
        "static ",
        "type ",
    ];
    // A macro that defines items, called at the top level (`vpn_runtime::api_client!();`).
    let item_macro = |l: &str| !l.starts_with(char::is_whitespace) && l.ends_with("!();");
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if let Some(prev) = previous {
            let depth = |l: &str| l.len() - l.trim_start().len();
            let prev_trimmed = prev.trim_start();
            let prev_ends_item =
                prev_trimmed == "}" || prev_trimmed.ends_with(';') || prev_trimmed.ends_with("{}");
            let starts_item = ITEM_STARTS.iter().any(|s| trimmed.starts_with(s))
                || item_macro(line)
                || (trimmed.starts_with("use ") && !prev_trimmed.starts_with("use "));
            let after_module_docs = prev_trimmed.starts_with("//!") && !trimmed.starts_with("//!");
            let prev_in_body = in_body(prev) && !item_macro(prev);
            if (prev_ends_item && starts_item && depth(prev) == depth(line) && !prev_in_body)
                || after_module_docs
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
}

/// Whether a line that ends an item-like statement is a statement in a function body rather
/// than an item: `let` bindings and expression statements never end items.
fn in_body(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("let ") || (t.ends_with(';') && !is_item_line(t) && t != "}")
}

fn is_item_line(t: &str) -> bool {
    [
        "pub ", "pub(", "use ", "const ", "static ", "type ", "mod ", "}", "struct ",
    ]
    .iter()
    .any(|s| t.starts_with(s))
        || t.starts_with("impl")
}
