use std::fmt;

/// Why generation stopped, and where in the document.
///
/// `pointer` is a JSON pointer into the input document (`#/components/schemas/X/properties/y`),
/// so a maintainer can jump straight to the construct that could not be turned into Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub pointer: String,
    pub message: String,
}

impl Error {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// An input construct the generator does not turn into Rust.
    pub fn unsupported(pointer: impl Into<String>, construct: &str) -> Self {
        Error::new(pointer, format!("unsupported construct: {construct}"))
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
