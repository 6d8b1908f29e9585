//! Stage 1: text in, a typed OpenAPI 3.0 document out (plus the project overlay applied; an
//! OpenAPI 3.1 document is first rewritten into its 3.0 spelling, see `openapi31.rs`, and a
//! `$ref` to anything but a component by name is replaced by a copy of its target, `refs.rs`,
//! and a `oneOf` beside `properties` or `allOf` is distributed into its branches,
//! `one_of_beside.rs`).

mod narrow;
mod one_of_beside;
mod openapi31;
mod refs;
mod repair;

use crate::error::{child, Error};
use openapiv3::OpenAPI;
use serde_json::Value;

pub use repair::Repair;

/// Parses a JSON or YAML document, applies the overlay, and deserializes it as OpenAPI 3.0.
pub fn load(spec: &str, overlay: Option<&str>) -> Result<OpenAPI, Error> {
    typed(spec, overlay, false).map(|(doc, _)| doc)
}

/// [`load`] as the review reads: a document that breaks a rule of OpenAPI 3.0 without being
/// ambiguous (an operation without `responses`, a response without `description`, ...) is
/// repaired, and each repair returned with its pointer.
pub fn load_repairing(spec: &str, overlay: Option<&str>) -> Result<(OpenAPI, Vec<Repair>), Error> {
    typed(spec, overlay, true)
}

fn typed(
    spec: &str,
    overlay: Option<&str>,
    repairing: bool,
) -> Result<(OpenAPI, Vec<Repair>), Error> {
    let (value, repairs) = prepare(spec, overlay, repairing)?;
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    let doc = serde::Deserialize::deserialize(de).map_err(|e: serde_json::Error| {
        let reported = path_to_pointer(&track.path());
        // The document was consumed by the attempt; the error path prepares it again.
        let pointer = match prepare(spec, overlay, repairing) {
            Ok((value, _)) => narrow::narrow(&value, &reported),
            Err(_) => reported,
        };
        Error::new(pointer, format!("not a valid OpenAPI 3.0 document: {e}"))
    })?;
    Ok((doc, repairs))
}

/// The document as written (JSON or YAML), overlay applied: what the review's walk and its
/// comparison of what the generator does not read (3.1 keywords, media types it does not
/// choose) work on; pointers into it are the pointers of the document the maintainer edits.
pub(crate) fn written(spec: &str, overlay: Option<&str>) -> Result<Value, Error> {
    let mut value = parse_text(spec)?;
    if let Some(overlay) = overlay {
        apply_overlay(&mut value, overlay)?;
    }
    Ok(value)
}

/// The document as JSON, ready to deserialize: overlay applied, 3.1 spelling rewritten,
/// deep `$ref`s copied in, `oneOf` beside properties distributed (and, `repairing`, what the
/// review reads past repaired).
fn prepare(
    spec: &str,
    overlay: Option<&str>,
    repairing: bool,
) -> Result<(Value, Vec<Repair>), Error> {
    let mut value = written(spec, overlay)?;
    match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) if v.starts_with("3.1.") => {
            repair::responses_of_3_1(&mut value);
            openapi31::downgrade(&mut value)
        }
        Some(v) => {
            return Err(Error::unsupported(
                "#/openapi",
                &format!("OpenAPI version {v} (only 3.0.x and 3.1.x are supported)"),
            ))
        }
        None => {
            return Err(Error::new(
                "#/openapi",
                "missing `openapi` version field; not an OpenAPI 3.0 document",
            ))
        }
    }
    let repairs = if repairing {
        repair::repair(&mut value)
    } else {
        Vec::new()
    };
    refs::inline_deep_refs(&mut value)?;
    one_of_beside::distribute(&mut value);
    check_operations_have_responses(&value)?;
    Ok((value, repairs))
}

/// JSON when the document starts with `{`, YAML otherwise (YAML is a superset, but JSON errors
/// read better from the JSON parser).
pub fn parse_text(text: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            Error::new(
                "#",
                format!(
                    "invalid JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })
    } else {
        let value: Value = serde_yaml::from_str(text).map_err(|e| match e.location() {
            Some(l) => Error::new(
                "#",
                format!(
                    "invalid YAML at line {} column {}: {e}",
                    l.line(),
                    l.column()
                ),
            ),
            None => Error::new("#", format!("invalid YAML: {e}")),
        })?;
        if !value.is_object() {
            return Err(Error::new("#", "the document is not a JSON/YAML object"));
        }
        Ok(value)
    }
}

/// The project overlay (`spec/overlay.json`): facts the published document carries only in prose,
/// applied as `merge` patches at JSON pointers so the published file itself stays untouched.
fn apply_overlay(doc: &mut Value, overlay: &str) -> Result<(), Error> {
    let overlay: Value = serde_json::from_str(overlay)
        .map_err(|e| Error::new("overlay", format!("invalid overlay JSON: {e}")))?;
    let patches = overlay
        .get("patches")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::new("overlay#/patches", "the overlay needs a `patches` array"))?;
    for (i, patch) in patches.iter().enumerate() {
        let at = format!("overlay#/patches/{i}");
        let pointer = patch
            .get("pointer")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::new(&at, "patch without a `pointer` string"))?;
        let merge = patch
            .get("merge")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::new(&at, "patch without a `merge` object"))?;
        let target = pointer
            .strip_prefix('#')
            .and_then(|p| doc.pointer_mut(p))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| {
                Error::new(
                    pointer,
                    format!("overlay patch {i} points at no object in the spec"),
                )
            })?;
        for (k, v) in merge {
            // The overlay is the project's own: a key the generator does not read is a typo.
            if k.starts_with("x-") && !crate::extensions::is_supported(k) {
                return Err(Error::new(
                    child(&child(&at, "merge"), k),
                    format!(
                        "unknown extension key {k:?}; the generator reads {}",
                        crate::extensions::EXTENSIONS
                            .iter()
                            .map(|e| e.key)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            target.insert(k.clone(), v.clone());
        }
    }
    Ok(())
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::from("#");
    for segment in path.iter() {
        use serde_path_to_error::Segment;
        pointer = match segment {
            Segment::Seq { index } => child(&pointer, &index.to_string()),
            Segment::Map { key } => child(&pointer, key),
            Segment::Enum { variant } => child(&pointer, variant),
            Segment::Unknown => pointer,
        };
    }
    pointer
}

/// The keys of a path item that hold an operation.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `openapiv3` reports a missing `responses` only as "somewhere in #/paths"; name the operation.
fn check_operations_have_responses(doc: &Value) -> Result<(), Error> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method).and_then(Value::as_object) {
                if !op.contains_key("responses") {
                    let pointer = child(&child("#/paths", path), method);
                    return Err(Error::new(
                        child(&pointer, "responses"),
                        "operation has no `responses`",
                    ));
                }
            }
        }
    }
    Ok(())
}
