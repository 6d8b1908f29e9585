//! Form bodies: `application/x-www-form-urlencoded` and `multipart/form-data`, encoded from the
//! same serde model as JSON bodies, and [`File`], the value of a `format: binary` property (a
//! file upload).
//!
//! A body is first serialized to a JSON value; each top-level property becomes one field (an
//! array becomes one field per item, an object or an array item that is not a scalar becomes
//! its JSON text, `null` is left out). A [`File`] cannot be JSON: while a multipart body is
//! serialized, each file is set aside on this thread and a marker takes its place, which the
//! encoder swaps back for a file part.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;

/// The content of a `format: binary` property: bytes with an optional file name and media
/// type, sent as a file part of a `multipart/form-data` body.
///
/// ```
/// let upload = vpn_runtime::support::File::new(b"id,name\n1,first\n".to_vec())
///     .with_name("items.csv")
///     .with_content_type("text/csv");
/// assert_eq!(upload.bytes().len(), 16);
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: bytes::Bytes,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without a name, sent as `application/octet-stream`.
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        File {
            bytes: bytes.into(),
            name: None,
            content_type: None,
        }
    }

    /// The file name the part announces (`filename=`).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The part's media type instead of `application/octet-stream`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content.
    pub fn bytes(&self) -> &bytes::Bytes {
        &self.bytes
    }

    /// The file name, if one was given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// Files can be large and private: only their size and name show.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

thread_local! {
    /// The files serialized while [`collecting_files`] runs on this thread.
    static FILES: RefCell<Option<Vec<File>>> = const { RefCell::new(None) };
}

/// Marks the place of the n-th collected file; a NUL never starts a text a caller means.
const MARKER: &str = "\u{0}file:";

impl Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let marker = FILES.with(|files| {
            files.borrow_mut().as_mut().map(|files| {
                files.push(self.clone());
                format!("{MARKER}{}", files.len() - 1)
            })
        });
        match marker {
            Some(marker) => serializer.serialize_str(&marker),
            // Outside a multipart body (JSON has no bytes) the content goes as text.
            None => serializer.serialize_str(&String::from_utf8_lossy(&self.bytes)),
        }
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}

/// Runs `f` (a serialization) and returns the files it set aside.
fn collecting_files<T>(f: impl FnOnce() -> T) -> (T, Vec<File>) {
    super::secret::collecting_in(&FILES, f)
}

/// One field of a form: text, or a collected file.
enum FormValue<'a> {
    Text(String),
    File(&'a File),
}

/// A serialized body's top-level properties in the order they were written (serde_json's
/// own map sorts them; a server may expect a file part after the fields that describe it).
pub(crate) struct Fields(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object (a form body's properties)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The fields of a form, in order: one per property, one per item of an array property.
fn fields<'a>(body: &Fields, files: &'a [File]) -> Vec<(String, FormValue<'a>)> {
    let mut out = Vec::new();
    let mut push = |name: &str, item: &Value| {
        let field = match item {
            Value::Null => return,
            Value::String(text) => match text
                .strip_prefix(MARKER)
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| files.get(n))
            {
                Some(file) => FormValue::File(file),
                None => FormValue::Text(text.clone()),
            },
            Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => {
                FormValue::Text(item.to_string())
            }
        };
        out.push((name.to_string(), field));
    };
    for (name, item) in &body.0 {
        match item {
            Value::Array(items) => items.iter().for_each(|item| push(name, item)),
            other => push(name, other),
        }
    }
    out
}

/// Serializes `body`: its JSON value, the files set aside and the secrets it wrote.
pub(crate) fn serialize<B: Serialize>(
    body: &B,
) -> Result<(Fields, Vec<File>, Vec<String>), String> {
    let ((text, files), secrets) =
        super::secret::collecting(|| collecting_files(|| serde_json::to_string(body)));
    let text = text.map_err(|e| e.to_string())?;
    let fields = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok((fields, files, secrets))
}

/// `application/x-www-form-urlencoded` text of a serialized body.
pub(crate) fn urlencoded(body: &Fields, files: &[File]) -> String {
    let mut out = String::new();
    for (name, field) in fields(body, files) {
        let text = match field {
            FormValue::Text(text) => text,
            FormValue::File(file) => String::from_utf8_lossy(file.bytes()).into_owned(),
        };
        if !out.is_empty() {
            out.push('&');
        }
        encode_component(&name, &mut out);
        out.push('=');
        encode_component(&text, &mut out);
    }
    out
}

/// The WHATWG form encoding: alphanumerics and `*-._` as they are, space as `+`, the rest
/// percent-encoded bytes.
fn encode_component(text: &str, out: &mut String) {
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
}

/// A `multipart/form-data` body of a serialized body: its content type (with the boundary)
/// and bytes.
pub(crate) fn multipart(body: &Fields, files: &[File]) -> (String, Vec<u8>) {
    let fields = fields(body, files);
    // A boundary must not occur in any part; a new one is tried until none contains it.
    let mut attempt = 0u32;
    let boundary = loop {
        let candidate = format!("----vpn-api-{}-{attempt}", uuid::Uuid::new_v4().simple());
        let occurs = fields.iter().any(|(_, field)| {
            let content: &[u8] = match field {
                FormValue::Text(text) => text.as_bytes(),
                FormValue::File(file) => file.bytes(),
            };
            content
                .windows(candidate.len())
                .any(|w| w == candidate.as_bytes())
        });
        if !occurs {
            break candidate;
        }
        attempt += 1;
    };
    let mut out = Vec::new();
    for (name, field) in &fields {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = quoted(name);
        match field {
            FormValue::Text(text) => {
                out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                );
                out.extend_from_slice(text.as_bytes());
            }
            FormValue::File(file) => {
                let filename = quoted(file.name().unwrap_or(&name));
                let content_type = file
                    .content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
                         Content-Type: {content_type}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(file.bytes());
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), out)
}

/// A name or file name inside a quoted header parameter (HTML's escaping of `"`, CR and LF).
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    /// The fields of a urlencoded text, undecoded, the last of a repeated name winning.
    fn decoded(text: &str) -> Map<String, Value> {
        text.split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    #[derive(Serialize)]
    struct Upload {
        title: String,
        tags: Vec<String>,
        size: Option<u32>,
        meta: Value,
        content: File,
    }

    fn upload() -> Upload {
        Upload {
            title: "a b&c=d".into(),
            tags: vec!["x".into(), "y".into()],
            size: None,
            meta: json!({"k": 1}),
            content: File::new(b"\x00\x01binary".to_vec()).with_name("data.bin"),
        }
    }

    #[test]
    fn urlencoded_fields_repeat_arrays_and_leave_out_nulls() {
        let (value, files, _) = serialize(&upload()).unwrap();
        let text = urlencoded(&value, &files);
        assert!(text.starts_with("title=a+b%26c%3Dd&tags=x&tags=y&meta=%7B%22k%22%3A1%7D"));
        assert!(!text.contains("size"));
        assert_eq!(decoded(&text)["tags"], json!("y"));
    }

    #[test]
    fn multipart_parts_carry_files_as_bytes() {
        let (value, files, _) = serialize(&upload()).unwrap();
        assert_eq!(files.len(), 1);
        let (content_type, body) = multipart(&value, &files);
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        let body_text = String::from_utf8_lossy(&body);
        assert_eq!(body_text.matches(&format!("--{boundary}\r\n")).count(), 5);
        assert!(body_text.ends_with(&format!("--{boundary}--\r\n")));
        assert!(body_text.contains(
            "name=\"content\"; filename=\"data.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        ));
        assert!(body.windows(8).any(|w| w == b"\x00\x01binary"));
        assert!(body_text.contains("name=\"meta\"\r\n\r\n{\"k\":1}\r\n"));
    }

    #[test]
    fn a_form_body_must_be_an_object() {
        let error = serialize(&vec![1, 2]).err().unwrap_or_default();
        assert!(error.contains("expected an object"), "{error}");
    }

    #[test]
    fn files_outside_a_form_serialize_as_text_and_debug_hides_content() {
        let file = File::new(b"secret-bytes".to_vec()).with_name("k.pem");
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"secret-bytes\"");
        assert!(!format!("{file:?}").contains("secret-bytes"));
    }
}
