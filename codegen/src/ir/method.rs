//! How an operation is called and what its success statuses answer.

use super::{Media, TypeRef};

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// From an OpenAPI path item key (`get`, `put`, ...).
    pub fn from_key(key: &str) -> Option<Method> {
        Some(match key {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        })
    }

    /// The method as sent on the wire (`GET`), which is also its `reqwest::Method` constant.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A response status that means success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuccessStatus {
    /// One exact 2xx code.
    Code(u16),
    /// The `2XX` range.
    Range,
    /// `default` (or no responses at all) where no 2xx is declared: any 2xx.
    Default,
}

/// One success status of an operation whose statuses answer with different bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: SuccessStatus,
    /// The enum variant (`Status200`, `Status2xx`, `Default`).
    pub variant: String,
    /// The body and its encoding; `None` for a status without one.
    pub body: Option<(TypeRef, Media)>,
    /// The response's description.
    pub doc: Option<String>,
}
