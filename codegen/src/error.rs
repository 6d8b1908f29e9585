use std::fmt;

/// Why generation stopped, and where in the document.
///
/// `pointer` is a JSON pointer into the input document (`#/components/schemas/X/properties/y`),
/// so a maintainer can jump straight to the construct that could not be turned into Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of problem it is: tests and tools match on this, not on the message.
    pub kind: ErrorKind,
    /// Where in the document (or the overlay, `overlay#/...`).
    pub pointer: String,
    /// One line for a person.
    pub message: String,
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The document is valid, but uses a construct the generator does not turn into Rust.
    Unsupported,
    /// The document is broken: unparsable, contradictory, unresolvable, or its names collide.
    Invalid,
    /// The generator made something it should not have: a bug to report.
    Internal,
    /// The document goes past a bound the generator keeps so that no input can exhaust its
    /// stack (schemas nested in one another, through `$ref`s, deeper than it follows). Never
    /// skipped, in any mode: the document as a whole is refused.
    Limit,
}

impl ErrorKind {
    /// `unsupported`, `invalid`, `internal` or `limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Internal => "internal",
            ErrorKind::Limit => "limit",
        }
    }
}

impl Error {
    /// A broken document ([`ErrorKind::Invalid`]).
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Invalid,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// An input construct the generator does not turn into Rust ([`ErrorKind::Unsupported`]).
    pub fn unsupported(pointer: impl Into<String>, construct: &str) -> Self {
        Error {
            kind: ErrorKind::Unsupported,
            ..Error::new(pointer, format!("unsupported construct: {construct}"))
        }
    }

    /// A document beyond the generator's bounds ([`ErrorKind::Limit`]).
    pub fn limit(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Limit,
            ..Error::new(pointer, message)
        }
    }

    /// A generator bug ([`ErrorKind::Internal`]).
    pub fn internal(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Internal,
            ..Error::new(pointer, format!("internal error: {}", message.into()))
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}
