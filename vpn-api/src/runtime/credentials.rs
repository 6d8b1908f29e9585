//! Where an API key goes, as the spec's security scheme says; the generated builder setter
//! (named after the scheme) passes it to `ClientBuilder::api_key_in`.

/// The header, query parameter or cookie an API key is sent in.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}
