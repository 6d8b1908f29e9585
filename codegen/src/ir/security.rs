//! How requests authenticate: the security schemes the runtime supports.

use std::collections::BTreeMap;

/// The document's security schemes and its global requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Security {
    /// Schemes by their name in `#/components/securitySchemes` (only those the document uses).
    pub schemes: BTreeMap<String, SecurityScheme>,
    /// The global `security`: any one alternative suffices.
    pub requirements: Vec<SchemeSet>,
}

/// One alternative of a security requirement: the schemes it needs, all of them, by name
/// (`{bearer: [], key: []}`); an empty set needs no credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemeSet(pub Vec<String>);

/// What an operation needs to authenticate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OperationSecurity {
    /// The operation has no `security` of its own: the document's requirement applies.
    #[default]
    Document,
    /// `security: []`: the operation needs no credentials.
    Anonymous,
    /// Its own `security`: any one of these alternatives suffices.
    Own(Vec<SchemeSet>),
}

/// A way to authenticate that the runtime supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    /// `Authorization: Bearer <token>`; `format` is the spec's hint (`JWT`).
    Bearer { format: Option<String> },
    /// HTTP Basic: `ClientBuilder::basic_auth`.
    Basic,
    /// OAuth 2 or OpenID Connect: an access token obtained elsewhere, sent as a bearer token
    /// (`ClientBuilder::token`).
    OAuth2,
    /// A key sent in a header, query parameter or cookie, set with a generated builder
    /// method (`setter`).
    ApiKey {
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
        /// The builder method (`api_key`, or after the scheme when there are several).
        setter: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}
