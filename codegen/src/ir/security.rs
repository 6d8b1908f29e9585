//! How requests authenticate: the security schemes the runtime supports.

use std::collections::BTreeMap;

/// The document's security schemes and its global requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Security {
    /// Schemes by their name in `#/components/securitySchemes` (only those the document uses).
    pub schemes: BTreeMap<String, SecurityScheme>,
    /// The global `security`: any one alternative suffices; each names the schemes it needs.
    pub requirements: Vec<Vec<String>>,
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
