//! Where an API key goes, as the spec's security scheme says (the generated builder setter,
//! named after the scheme, passes it to `ClientBuilder::api_key_in`), and which credentials an
//! operation with its own `security` sends.

/// The header, query parameter or cookie an API key is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

/// A credential of the client an operation's own `security` lets it send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The `Authorization` header: the bearer token or HTTP Basic credentials.
    Authorization,
    /// The API key set for this place.
    Key(KeyPlace),
}

/// Whether a request may carry `credential`: every credential of the client unless the
/// operation names its own (`Some(&[])`: an operation that needs none sends none).
pub(crate) fn allows(allowed: Option<&[Credential]>, credential: Credential) -> bool {
    allowed.is_none_or(|allowed| allowed.contains(&credential))
}
