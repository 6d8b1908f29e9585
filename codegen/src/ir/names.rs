//! The names a generated scope already holds before the spec's names go in, in one place:
//! resolve claims them first in each scope's namespace, so a spec's operation, parameter,
//! property or scheme never takes one (it is renamed instead), and emit writes them.
//!
//! Resolve builds each scope with `Namespace::holding`: `Client`'s, `ClientBuilder`'s, the
//! crate root's (the handles' types go in), the prelude's (its models go in), a handle's, a
//! list request's and a builder's.
//!
//! Two owners: the runtime (what `vpn_runtime::api_client!` defines and what the runtime's
//! `Client` adds through `Deref`; `xtask/tests/tidy/names.rs` compares these lists with the
//! runtime's source) and emit (the root's items, what it adds to the client and its builder,
//! the members every handle, list request and builder has; checked against emit's source and
//! output by the same tidy test and `codegen/tests/scopes.rs`; the prelude's items against the
//! golden output's prelude). The construct fixture
//! `names-the-generator-uses` names a parameter, property, operation or tag after each, and
//! compiles in `codegen/compile-check`.
//! The locals of a generated function are in no list: emit picks them clear of the function's
//! arguments (`emit::Locals`).

/// Items of a generated crate's root that the runtime's `api_client!` defines.
pub const RUNTIME_ROOT_ITEMS: [&str; 2] = ["Client", "ClientBuilder"];

/// Items emit puts at a generated crate's root besides its modules (`emit::mod`, and
/// `emit::regions` for a spec with servers). The handles' types are re-exported there (`pub use
/// resources::*`), so a handle is made only where its types take none of these names.
pub const GENERATED_ROOT_ITEMS: [&str; 5] = [
    "Error",
    "MultiRegionClient",
    "Region",
    "Result",
    "UnknownRegion",
];

/// A spec's type named like one of these root items takes the name beside it (`Error` ->
/// `ErrorBody`: the error body is not the crate's `Error`), so no two public types of the
/// crate share a name; resolve's root scope holds the items, and `naming::type_name` gives
/// the other name. Every item listed is one of the root's (`RUNTIME_ROOT_ITEMS`,
/// `GENERATED_ROOT_ITEMS`).
pub const ROOT_ITEMS_A_TYPE_STEPS_ASIDE_FROM: [(&str, &str); 2] =
    [("Error", "ErrorBody"), ("Client", "ClientType")];

/// The items the generated prelude exports besides models (`emit::mod`): the runtime's
/// (`RetryPolicy`, `WaitOptions`, `Uuid`) and the root's (`Client`, `ClientBuilder`, and for a
/// spec with servers `MultiRegionClient`, `Region`). Resolve's prelude scope holds them, so a
/// model of one of these names stays out of the prelude (one name, one item).
pub const PRELUDE_ITEMS: [&str; 7] = [
    "Client",
    "ClientBuilder",
    "MultiRegionClient",
    "Region",
    "RetryPolicy",
    "Uuid",
    "WaitOptions",
];

/// Methods of a generated `Client` that the runtime defines: the `api_client!` macro's
/// (`builder`, `with_header`) and the runtime client's, reached through `Deref`, that users
/// and generated code call (`retry_policy`, `wait_options`).
pub const RUNTIME_CLIENT_METHODS: [&str; 5] = [
    "base_url",
    "builder",
    "retry_policy",
    "wait_options",
    "with_header",
];

/// Methods of a generated `ClientBuilder` that the runtime's `api_client!` defines (private
/// ones too: an inherent method of the same name would be a second definition).
pub const RUNTIME_CLIENT_BUILDER_METHODS: [&str; 15] = [
    "add_root_certificate_pem",
    "api_key_in",
    "basic_auth",
    "base_url",
    "build",
    "connect_timeout",
    "danger_accept_invalid_certs",
    "http_client",
    "location",
    "map",
    "retry",
    "timeout",
    "token",
    "user_agent",
    "wait",
];

/// Methods emit adds to `Client` besides the operations and handles (`emit::environment`).
pub const GENERATED_CLIENT_METHODS: [&str; 1] = ["from_env"];

/// Methods emit adds to `ClientBuilder` besides the API-key setters (`emit::regions`,
/// `emit::environment`).
pub const GENERATED_CLIENT_BUILDER_METHODS: [&str; 2] = ["from_env", "region"];

/// The fields every handle has besides its parents (`emit::resources`).
pub const HANDLE_FIELDS: [&str; 1] = ["client"];

/// The fields every list request has besides the handle's parents (`emit::list_requests`).
pub const LIST_REQUEST_FIELDS: [&str; 2] = ["client", "query"];

/// The methods every list request has besides its setters (`send`) and, for a paginated
/// list, the walks (`emit::list_requests`); the walk's `skip` is decided per request
/// (`ListRequest::skip`).
pub const LIST_REQUEST_METHODS: [&str; 4] = ["all", "pages", "send", "stream"];

/// The methods of a model builder besides its setters (`emit::builders`).
pub const BUILDER_METHODS: [&str; 1] = ["build"];

/// The `with_…` setter emit writes for an optional field of a struct (a model, an operation's
/// query) named `field` in Rust; the review's surface names it too, so the two agree.
pub fn with_setter(field: &str) -> String {
    let base = field.trim_start_matches("r#").trim_start_matches('_');
    format!("with_{base}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_steps_aside_only_from_root_items() {
        for (item, _) in ROOT_ITEMS_A_TYPE_STEPS_ASIDE_FROM {
            let at_root =
                RUNTIME_ROOT_ITEMS.contains(&item) || GENERATED_ROOT_ITEMS.contains(&item);
            assert!(at_root, "{item} is no item of the crate root");
        }
    }
}
