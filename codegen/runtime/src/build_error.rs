//! Why a client could not be built.

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No base URL was given (nor a server of the spec picked).
    #[error("no base URL: pick a server of the API or set a base URL")]
    MissingBaseUrl,
    /// The base URL is not an absolute `http`/`https` URL.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Neither the environment nor the config file's profile holds credentials: no token,
    /// no complete username and password.
    #[error("no credentials in {searched}: set {variables}")]
    MissingCredentials {
        /// What to set (`TOKEN, or USERNAME and PASSWORD`, with the names the spec gives),
        /// and which half of a pair is missing when one half is set.
        variables: String,
        /// Where credentials were looked for (`the environment nor profile "work" of
        /// /home/me/.config/tool`).
        searched: String,
    },
    /// A header added with [`Client::with_header`](crate::support::Client::with_header) has an invalid
    /// name or value.
    #[error("invalid header {name:?}: not a valid HTTP header name and value")]
    InvalidHeader {
        /// The header's name as given.
        name: String,
    },
    /// The config file could not be read or does not fit its format.
    #[error("config file {}: {}{message}", file.display(), if at.is_empty() { String::new() } else { format!("at {at}: ") })]
    Config {
        /// The file.
        file: std::path::PathBuf,
        /// Where in it (a YAML path such as `profiles[0].credentials`), empty for the file.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// The token or the username cannot be sent in a header.
    #[error("the credentials contain characters not allowed in an HTTP header")]
    InvalidToken,
    /// A CA certificate (from the builder or the config file's `certificateAuthData`) is not
    /// a PEM bundle of certificates (nor base64 of one).
    #[error("invalid CA certificate from {origin}: {reason}")]
    InvalidCertificate {
        /// Where it came from (`the builder`, or the config file's endpoint).
        origin: String,
        /// What is wrong with it.
        reason: String,
    },
    /// reqwest could not build its client (TLS set-up).
    #[error("could not set up the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}
