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

/// What an operation's method returns on success, decided by resolve from the responses: one
/// match on it covers every shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Returns {
    /// Every success status (`statuses`, in the document's order) answers with one body
    /// (`Unit`: none).
    Body {
        ty: TypeRef,
        media: Media,
        statuses: Vec<SuccessStatus>,
    },
    /// Some success statuses answer with `ty`, the others (`without_body`) without a body
    /// (`200` with the resource, `204` without): the method returns `Option<ty>`, `None` for
    /// those. `statuses` lists them all, in the document's order.
    Optional {
        ty: TypeRef,
        media: Media,
        statuses: Vec<SuccessStatus>,
        without_body: Vec<SuccessStatus>,
    },
    /// The success statuses answer with different bodies (`200` a thing, `202` a job): an
    /// enum (`type_name`, in `operations.rs`) with a variant per status.
    Answers {
        type_name: String,
        answers: Vec<Answer>,
    },
    /// No status means success with a body the generator knows (only `101`, `3xx` or errors
    /// are declared): the raw answer for every status below 400.
    Raw,
}

impl Returns {
    /// The statuses that mean success, in the document's order (none for a raw answer).
    pub fn success(&self) -> Vec<SuccessStatus> {
        match self {
            Returns::Body { statuses, .. } | Returns::Optional { statuses, .. } => statuses.clone(),
            Returns::Answers { answers, .. } => answers.iter().map(|a| a.status).collect(),
            Returns::Raw => Vec::new(),
        }
    }

    /// The body every success status answers with, when they all answer with one.
    pub fn body(&self) -> Option<&TypeRef> {
        match self {
            Returns::Body { ty, .. } => Some(ty),
            _ => None,
        }
    }

    /// Every body type a success status can answer with.
    pub fn body_types(&self) -> Vec<&TypeRef> {
        match self {
            Returns::Body { ty, .. } | Returns::Optional { ty, .. } => vec![ty],
            Returns::Answers { answers, .. } => answers
                .iter()
                .filter_map(|a| a.body.as_ref().map(|(ty, _)| ty))
                .collect(),
            Returns::Raw => Vec::new(),
        }
    }
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
