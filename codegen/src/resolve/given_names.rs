//! The Rust names the document (or its overlay) gives the bindings: the document's tags with
//! the handle name a tag may ask for (`x-rust-name`), the crate's name its doc examples
//! import (`info.x-rust-crate`), and the hand-written items its prelude re-exports
//! (`info.x-rust-prelude`).

use super::naming::{self, Namespace};
use crate::error::{child, Error};
use crate::ir::*;
use openapiv3::OpenAPI;
use serde_json::Value;
use std::collections::BTreeMap;

/// The document's tags, with the `x-rust-name` an overlay may give a tag's handle.
pub(super) fn tags(doc: &OpenAPI) -> Result<BTreeMap<String, Tag>, Error> {
    let mut out = BTreeMap::new();
    for (i, tag) in doc.tags.iter().enumerate() {
        let rust_name = match tag.extensions.get(crate::extensions::RUST_NAME) {
            None => None,
            Some(Value::String(name))
                if naming::field_name(name, "#").ok().as_ref() == Some(name) =>
            {
                Some(name.clone())
            }
            Some(_) => {
                return Err(Error::new(
                    child(
                        &child("#/tags", &i.to_string()),
                        crate::extensions::RUST_NAME,
                    ),
                    "x-rust-name must be a snake_case Rust name",
                ))
            }
        };
        out.insert(
            tag.name.clone(),
            Tag {
                description: super::non_empty(tag.description.as_ref()),
                rust_name,
            },
        );
    }
    Ok(out)
}

/// `info.x-rust-crate`: the crate name doc examples import from (`vpn_api`).
pub(super) fn crate_name(doc: &OpenAPI) -> Result<Option<String>, Error> {
    match doc.info.extensions.get(crate::extensions::RUST_CRATE) {
        None => Ok(None),
        Some(Value::String(name)) if is_ascii_word(name) => Ok(Some(name.clone())),
        Some(_) => Err(Error::new(
            "#/info/x-rust-crate",
            "x-rust-crate must be a crate name as Rust code writes it (letters, digits, `_`)",
        )),
    }
}

/// `info.x-rust-prelude`: the Rust paths of hand-written items the generated prelude
/// re-exports (`crate::wireguard::PrivateKey`), each claimed in the prelude's scope `prelude`
/// (a name it already holds is an error at the path's pointer).
pub(super) fn prelude_extras(
    doc: &OpenAPI,
    prelude: &mut Namespace,
) -> Result<Vec<Vec<String>>, Error> {
    let at = child("#/info", crate::extensions::RUST_PRELUDE);
    let Some(value) = doc.info.extensions.get(crate::extensions::RUST_PRELUDE) else {
        return Ok(Vec::new());
    };
    let Some(paths) = value.as_array() else {
        return Err(Error::new(
            at,
            "x-rust-prelude must be a list of Rust paths",
        ));
    };
    let mut extras = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let here = child(&at, &i.to_string());
        let segments: Vec<String> = path
            .as_str()
            .unwrap_or_default()
            .split("::")
            .map(str::to_string)
            .collect();
        let Some(name) = segments
            .last()
            .filter(|_| segments.len() > 1 && segments.iter().all(|s| is_ascii_word(s)))
        else {
            return Err(Error::new(
                here,
                "x-rust-prelude lists Rust paths of items (`crate::module::Item`)",
            ));
        };
        prelude.claim(name, &segments.join("::"), &here)?;
        extras.push(segments);
    }
    Ok(extras)
}

/// Letters, digits and `_`, not starting with a digit: an environment variable's name, or a
/// crate's as Rust code writes it.
pub(super) fn is_ascii_word(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
