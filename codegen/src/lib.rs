//! OpenAPI 3.0 document in, formatted Rust bindings out. No I/O: the caller reads the spec and
//! writes the files (see `xtask`).
//!
//! The stages, each usable and testable alone:
//! [`load`] (text -> `openapiv3` document) -> [`resolve`] (-> [`ir::Api`], every `$ref` followed,
//! pagination and provisioning conventions recognised)
//! -> [`emit`] (-> token streams) -> [`format`](mod@format) (-> source text).

pub mod diff;
pub mod emit;
mod error;
pub mod extensions;
pub mod format;
pub mod ir;
pub mod load;
pub mod report;
pub mod resolve;

pub use resolve::naming;

pub use error::{Error, ErrorKind};
pub use report::{Finding, Loss, Mode, Report};
use sha2::{Digest, Sha256};

/// What to generate from.
pub struct Input<'a> {
    /// The OpenAPI document (JSON or YAML).
    pub spec: &'a str,
    /// The project overlay (JSON), if any: facts the published document gives only in prose.
    pub overlay: Option<&'a str>,
    /// How the header names the spec file (`spec/openapi.json`).
    pub spec_label: &'a str,
}

/// One file to write, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// The files and what generating them skipped, weakened or inferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub report: Report,
}

/// Runs every stage in [`Mode::Strict`]: anything the generator cannot turn into Rust stops it.
/// The output is a pure function of the input: same bytes in, same bytes out.
pub fn generate(input: &Input) -> Result<Vec<GeneratedFile>, Error> {
    generate_in(input, Mode::Strict).map(|g| g.files)
}

/// Runs every stage in the given [`Mode`]; the report lists what was lost (in strict mode,
/// only what was [inferred](Loss::Inferred)).
pub fn generate_in(input: &Input, mode: Mode) -> Result<Generated, Error> {
    let doc = load::load(input.spec, input.overlay)?;
    let (api, report) = resolve::resolve_in(&doc, mode)?;
    // The typed document is as large as the IR; emitting needs only the IR.
    drop(doc);
    // A document without operations (webhooks only, or only schemas) still gives its models;
    // one whose every operation was skipped, or with nothing at all, gives nothing useful.
    if api.operations.is_empty() && api.types.is_empty() {
        return Err(Error::new(
            "#/paths",
            "the document has no operation and no schema, so there is nothing to generate",
        ));
    }
    if api.operations.is_empty() && report.operations_declared > 0 {
        return Err(Error::new(
            "#/paths",
            "no operation could be generated (see the report)",
        ));
    }
    let header = header(input, &api);
    let files = emit_and_format(api, &header)?;
    Ok(Generated { files, report })
}

/// Stages 3 and 4 on as many threads as the machine offers (at most 4): every file depends
/// only on the IR, and most of the time goes into formatting the largest ones, so each file
/// (and each part of `models.rs`) is a task. Tokens never cross threads (proc-macro2's are
/// not `Send`); printed text does, and parts are joined in order, so the output does not
/// depend on scheduling.
fn emit_and_format(ir: ir::Api, header: &str) -> Result<Vec<GeneratedFile>, Error> {
    let api = &ir;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut pieces = emit::pieces(api, threads * 2);
    // Long tasks first, so no thread starts one when the others are done: operations (one
    // piece, often a third of the models), then the parts of models, then the small files.
    pieces.sort_by_key(|p| match p.file {
        emit::OutputFile::Operations => 0,
        emit::OutputFile::Models => 1,
        _ => 2,
    });
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(piece) = pieces.get(i) else {
                return done;
            };
            let tokens = emit::emit_piece(api, piece);
            done.push((
                *piece,
                format::print(piece.path, tokens, emit::VERBATIM_MARKER),
            ));
        }
    };
    let mut printed: Vec<(emit::Piece, Result<String, Error>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                // A panic on a helper thread is a panic of generation, as on this one.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    // Joining copies the text once more: the IR (as large as the typed document) goes first.
    drop(pieces);
    drop(ir);
    printed.sort_by_key(|(piece, _)| (piece.path, piece.part));
    let mut files: Vec<GeneratedFile> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut printed = printed.into_iter().peekable();
    while let Some((piece, text)) = printed.next() {
        parts.push(text?);
        if printed
            .peek()
            .is_none_or(|(next, _)| next.path != piece.path)
        {
            let text = format::join_parts(std::mem::take(&mut parts));
            files.push(GeneratedFile {
                path: piece.path.to_string(),
                contents: format::finish(&text, header),
            });
        }
    }
    Ok(files)
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn header(input: &Input, api: &ir::Api) -> String {
    let mut h = format!(
        "// @generated by `cargo xtask regenerate`. Do not edit by hand: change the spec or the generator.\n\
         // Source: {} {} ({}, sha256 {})\n",
        api.title,
        api.version,
        input.spec_label,
        sha256(input.spec)
    );
    if let Some(overlay) = input.overlay {
        h.push_str(&format!("// Overlay sha256 {}\n", sha256(overlay)));
    }
    h
}
