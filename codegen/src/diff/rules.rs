//! The rules a change is classified by. Each rule has a stable id (reports, ignore files and
//! CI scripts name it), a severity for clients on the wire and the wire effect in one line.
//! What a change does to Rust code compiled against the crate is the other axis
//! ([`RustEffect`](super::RustEffect)), decided per change.
//!
//! Which side a schema is on decides the rule: a constraint tightened on something clients
//! send refuses requests that used to pass; the same on something they receive cannot.

use std::fmt;

/// How much a change matters to clients of the API on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Nothing a client relied on changes.
    Info,
    /// May break some clients (those matching closed option lists, relying on a new status or
    /// a request default, or checking answers against a pattern).
    Warning,
    /// A client written against the old version can fail.
    Breaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $effect:literal;)*) => {
        /// Every rule of the review, with its stable id, severity and wire effect.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $effect] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the documentation.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id (`request-property-became-required`).
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// What the change does on the wire, in one line.
            pub fn wire_effect(self) -> &'static str {
                match self {
                    $(Rule::$variant => $effect,)*
                }
            }
        }
    };
}

rules! {
    OperationAdded = "operation-added", Info,
        "a new operation; nothing existing changes";
    OperationRemoved = "operation-removed", Breaking,
        "calls to the operation fail";
    OperationIdChanged = "operation-id-changed", Info,
        "same path and method on the wire; only the name (and the Rust method) changes";
    RequiredRequestBodyAdded = "required-request-body-added", Breaking,
        "requests without the new body are refused";
    OptionalRequestBodyAdded = "optional-request-body-added", Info,
        "requests may now carry a body";
    RequestBodyRemoved = "request-body-removed", Breaking,
        "the server no longer reads a body; requests that carry the old one may be refused";
    RequestBodyTypeChanged = "request-body-type-changed", Breaking,
        "bodies of the old type are refused";
    RequestBodyMediaTypeChanged = "request-body-media-type-changed", Breaking,
        "bodies in the old media type are refused";
    RequestBodyBecameRequired = "request-body-became-required", Breaking,
        "requests without a body are refused";
    RequestBodyBecameOptional = "request-body-became-optional", Info,
        "requests may leave the body out";
    ResponseTypeChanged = "response-type-changed", Breaking,
        "answers no longer decode as the old type";
    ResponseMediaTypeChanged = "response-media-type-changed", Breaking,
        "answers come in another media type";
    SuccessStatusAdded = "success-status-added", Warning,
        "clients that know only the old statuses treat the new one as an error";
    SuccessStatusRemoved = "success-status-removed", Breaking,
        "the outcome the status stood for comes with another status (a 202 to wait on, a 201 with its Location): clients acting on it miss it";
    RequiredRequestParameterAdded = "required-request-parameter-added", Breaking,
        "requests without the new parameter are refused";
    OptionalRequestParameterAdded = "optional-request-parameter-added", Info,
        "requests may carry a new parameter";
    RequestParameterRemoved = "request-parameter-removed", Warning,
        "the server ignores or refuses the parameter";
    RequestParameterTypeChanged = "request-parameter-type-changed", Breaking,
        "values of the old type are refused";
    RequestParameterBecameRequired = "request-parameter-became-required", Breaking,
        "requests without the parameter are refused";
    RequestParameterBecameOptional = "request-parameter-became-optional", Info,
        "requests may leave the parameter out";
    SchemaAdded = "schema-added", Info,
        "a new schema; nothing existing changes";
    SchemaRemoved = "schema-removed", Info,
        "no longer named by the document (where it was used shows as its own change)";
    SchemaTypeChanged = "schema-type-changed", Breaking,
        "values of the old shape are refused or no longer decode";
    RequestEnumValueAdded = "request-enum-value-added", Info,
        "clients may send a new option";
    RequestEnumValueRemoved = "request-enum-value-removed", Breaking,
        "requests with the removed option are refused";
    ResponseEnumValueAdded = "response-enum-value-added", Warning,
        "answers may carry an option clients with closed lists do not know";
    ResponseEnumValueRemoved = "response-enum-value-removed", Info,
        "answers no longer carry the option";
    RequiredRequestPropertyAdded = "required-request-property-added", Breaking,
        "requests without the new property are refused";
    OptionalRequestPropertyAdded = "optional-request-property-added", Info,
        "requests may carry a new property";
    RequiredResponsePropertyAdded = "required-response-property-added", Info,
        "answers always carry a new property";
    OptionalResponsePropertyAdded = "optional-response-property-added", Info,
        "answers may carry a new property";
    RequestPropertyRemoved = "request-property-removed", Warning,
        "the server ignores or refuses the property";
    ResponsePropertyRemoved = "response-property-removed", Breaking,
        "clients reading the property find nothing";
    PropertyTypeChanged = "property-type-changed", Breaking,
        "values of the old type are refused or no longer decode";
    RequestPropertyBecameRequired = "request-property-became-required", Breaking,
        "requests without the property are refused";
    RequestPropertyBecameOptional = "request-property-became-optional", Info,
        "requests may leave the property out";
    ResponsePropertyBecameOptional = "response-property-became-optional", Breaking,
        "answers may lack a property clients relied on";
    ResponsePropertyBecameRequired = "response-property-became-required", Info,
        "answers always carry the property";
    RequestConstraintTightened = "request-constraint-tightened", Breaking,
        "values the old bound allowed are refused";
    RequestConstraintLoosened = "request-constraint-loosened", Info,
        "more values are accepted";
    ResponseConstraintLoosened = "response-constraint-loosened", Breaking,
        "answers may hold values outside the old bound: clients that validate, size or store by it fail";
    ResponseConstraintTightened = "response-constraint-tightened", Info,
        "answers stay within the old bound";
    RequestPatternChanged = "request-pattern-changed", Breaking,
        "values the old pattern allowed may be refused";
    ResponsePatternChanged = "response-pattern-changed", Warning,
        "answers may hold values the old pattern refuses";
    ConstraintChanged = "constraint-changed", Warning,
        "a bound neither only tighter nor only looser (format, multiple, option list)";
    RequestDefaultChanged = "request-default-changed", Warning,
        "a request that leaves the value out gets another behaviour";
    ResponseDefaultChanged = "response-default-changed", Info,
        "the documented default of an answer changes";
    ServerAdded = "server-added", Info,
        "a new server (region)";
    ServerRemoved = "server-removed", Breaking,
        "calls to the server fail";
    SecurityChanged = "security-changed", Breaking,
        "requests with the old credentials may be refused";
    // Issue 32, verdicts: direction-aware types and patterns, readOnly/writeOnly.
    RequestTypeWidened = "request-type-widened", Info,
        "the server accepts every value of the old type, and more (integer to number, a format dropped)";
    ResponseTypeNarrowed = "response-type-narrowed", Info,
        "answers stay within the old type";
    PropertyAccessChanged = "property-access-changed", Info,
        "readOnly or writeOnly changed: the property moves between requests and answers";
    RequestPatternLoosened = "request-pattern-loosened", Info,
        "the new pattern accepts every value the old one did (and maybe more)";
    RequestPatternTightened = "request-pattern-tightened", Breaking,
        "values the old pattern allowed are refused";
    PathParameterRenamed = "path-parameter-renamed", Info,
        "the same place of the path template under another name: the URLs stay the same";
    ResponsePatternTightened = "response-pattern-tightened", Info,
        "answers match a pattern that accepts no value the old one refused";
    RequestMediaTypeAdded = "request-media-type-added", Info,
        "the server accepts bodies in one more media type";
    RequestMediaTypeRemoved = "request-media-type-removed", Breaking,
        "bodies in the removed media type are refused";
    ResponseMediaTypeAdded = "response-media-type-added", Info,
        "answers may come in one more media type, for clients that ask for it";
    ResponseMediaTypeRemoved = "response-media-type-removed", Breaking,
        "clients asking for the removed media type get none";
    RequestBecameNullable = "request-became-nullable", Info,
        "clients may send null";
    RequestBecameNotNullable = "request-became-not-nullable", Breaking,
        "requests with null are refused";
    ResponseBecameNullable = "response-became-nullable", Breaking,
        "answers may hold null where clients expect a value";
    ResponseBecameNotNullable = "response-became-not-nullable", Info,
        "answers no longer hold null";
    RequestConstAdded = "request-const-added", Breaking,
        "only the one value is accepted";
    RequestConstRemoved = "request-const-removed", Info,
        "values other than the old constant are accepted";
    ResponseConstAdded = "response-const-added", Info,
        "answers always hold the one value";
    ResponseConstRemoved = "response-const-removed", Breaking,
        "answers may hold values other than the constant clients relied on";
    ConstChanged = "const-changed", Breaking,
        "the one allowed value is another";
    RequestAlternativeAdded = "request-alternative-added", Info,
        "a new oneOf/anyOf branch: the server accepts one more shape";
    RequestAlternativeRemoved = "request-alternative-removed", Breaking,
        "values of the removed oneOf/anyOf branch are refused";
    ResponseAlternativeAdded = "response-alternative-added", Breaking,
        "answers may come in a shape (oneOf/anyOf branch) clients do not know";
    ResponseAlternativeRemoved = "response-alternative-removed", Info,
        "answers no longer come in the removed branch's shape";
    RequestAllOfAdded = "request-all-of-added", Breaking,
        "values must also match a new allOf branch";
    RequestAllOfRemoved = "request-all-of-removed", Warning,
        "an allOf branch is gone: what it described may no longer be read";
    ResponseAllOfAdded = "response-all-of-added", Info,
        "answers also match a new allOf branch";
    ResponseAllOfRemoved = "response-all-of-removed", Info,
        "answers no longer promise to match the removed allOf branch (its properties show as their own changes)";
    DiscriminatorChanged = "discriminator-changed", Info,
        "the discriminator's property or mapping changed (the branches show as their own changes)";
    RequestKeywordAdded = "request-keyword-added", Breaking,
        "a JSON Schema keyword the bindings do not check (if/then/else, prefixItems, contains, not, ...) now limits what clients send";
    RequestKeywordRemoved = "request-keyword-removed", Info,
        "a keyword that limited what clients send is gone";
    RequestKeywordChanged = "request-keyword-changed", Breaking,
        "a keyword that limits what clients send changed; values it allowed may be refused";
    ResponseKeywordAdded = "response-keyword-added", Info,
        "a keyword now limits answers further";
    ResponseKeywordRemoved = "response-keyword-removed", Breaking,
        "answers may hold values the removed keyword refused: clients that validate or rely on it fail";
    ResponseKeywordChanged = "response-keyword-changed", Breaking,
        "answers may hold values the old keyword refused: clients that validate or rely on it fail";
    ResponseOptionalPropertyRemoved = "response-optional-property-removed", Warning,
        "answers never carry an optional property; clients already handle its absence, but may rely on it";
    AllOfAnnotationChanged = "all-of-annotation-changed", Info,
        "an allOf branch of annotations only (description, example, ...) added or removed: nothing changes on the wire";
    ResponseBodyAdded = "response-body-added", Info,
        "answers that had no body now carry one; clients that ignored the empty answer are unaffected";
    ResponseBodyRemoved = "response-body-removed", Breaking,
        "answers no longer carry the body clients read";
    // Families classified from the documents as written (`families.rs`).
    DocumentationChanged = "documentation-changed", Info,
        "only a description, summary, title or example changes";
    ApiVersionChanged = "api-version-changed", Info,
        "the document's `info.version` changes; requests and answers do not";
    OperationTagAdded = "operation-tag-added", Info,
        "the operation is listed under one more tag";
    OperationTagRemoved = "operation-tag-removed", Info,
        "the operation is no longer listed under a tag";
    OperationDeprecated = "operation-deprecated", Info,
        "the operation still works; clients are told to stop using it";
    OperationReactivated = "operation-reactivated", Info,
        "the operation is no longer deprecated";
    OperationSunsetChanged = "operation-sunset-changed", Info,
        "the date after which the operation may go (`x-sunset`) is set or moved later";
    OperationSunsetMovedEarlier = "operation-sunset-moved-earlier", Breaking,
        "the operation may go sooner than clients were told (or its sunset date is dropped)";
    OperationStabilityDecreased = "operation-stability-decreased", Breaking,
        "the operation (`x-stability-level`) promises less than it did (stable -> beta -> alpha -> draft)";
    OperationStabilityIncreased = "operation-stability-increased", Info,
        "the operation promises more stability than it did";
    DeprecatedOperationRemoved = "deprecated-operation-removed", Info,
        "a deprecated operation without a sunset date goes; clients were told";
    OperationRemovedAfterSunset = "operation-removed-after-sunset", Info,
        "a deprecated operation goes after its sunset date, as announced";
    OperationRemovedBeforeSunset = "operation-removed-before-sunset", Breaking,
        "a deprecated operation goes before the sunset date clients were given";
    UnstableOperationRemoved = "unstable-operation-removed", Info,
        "a draft or alpha operation goes; no client was promised it";
    RequestParameterDeprecated = "request-parameter-deprecated", Info,
        "the parameter still works; clients are told to stop sending it";
    RequestParameterReactivated = "request-parameter-reactivated", Info,
        "the parameter is no longer deprecated";
    DeprecatedRequestParameterRemoved = "deprecated-request-parameter-removed", Info,
        "a deprecated parameter without a sunset date goes; clients were told";
    RequestParameterRemovedAfterSunset = "request-parameter-removed-after-sunset", Info,
        "a deprecated parameter goes after its sunset date, as announced";
    RequestParameterRemovedBeforeSunset = "request-parameter-removed-before-sunset", Breaking,
        "a deprecated parameter goes before the sunset date clients were given";
    RequestParameterSunsetChanged = "request-parameter-sunset-changed", Info,
        "the date after which the parameter may go (`x-sunset`) is set or moved later";
    RequestParameterSunsetMovedEarlier = "request-parameter-sunset-moved-earlier", Breaking,
        "the parameter may go sooner than clients were told (or its sunset date is dropped)";
    PropertyDeprecated = "property-deprecated", Info,
        "the schema or property still works; clients are told to stop relying on it";
    PropertyReactivated = "property-reactivated", Info,
        "the schema or property is no longer deprecated";
    ResponseHeaderAdded = "response-header-added", Info,
        "answers may carry a new header";
    RequiredResponseHeaderRemoved = "required-response-header-removed", Breaking,
        "clients reading a header every answer had find nothing";
    OptionalResponseHeaderRemoved = "optional-response-header-removed", Warning,
        "clients reading the header when present no longer get it";
    ResponseHeaderBecameOptional = "response-header-became-optional", Breaking,
        "answers may lack a header clients relied on";
    ResponseHeaderBecameRequired = "response-header-became-required", Info,
        "answers always carry the header";
    ResponseHeaderTypeChanged = "response-header-type-changed", Breaking,
        "the header's value no longer parses as the old type";
    ResponseHeaderConstraintChanged = "response-header-constraint-changed", Warning,
        "the header's values may fall outside what clients validating the old bounds accept";
    ResponseNonSuccessStatusAdded = "response-non-success-status-added", Info,
        "the server may answer with a new error status";
    ResponseNonSuccessStatusRemoved = "response-non-success-status-removed", Info,
        "the server no longer documents an error status";
    SecuritySchemeScopeAdded = "security-scheme-scope-added", Info,
        "an OAuth flow offers a new scope";
    SecuritySchemeScopeRemoved = "security-scheme-scope-removed", Info,
        "an OAuth flow no longer offers a scope (as oasdiff grades it; requests asking for it may be refused)";
    SecuritySchemeScopeChanged = "security-scheme-scope-changed", Info,
        "an OAuth scope's description changes";
    SecuritySchemeAdded = "security-scheme-added", Info,
        "a new way of credentials is defined (requirements that use it show as their own change)";
    SecuritySchemeRemoved = "security-scheme-removed", Info,
        "a way of credentials is no longer defined (as oasdiff grades it; requirements that used it show as their own change)";
    SecuritySchemeTypeChanged = "security-scheme-type-changed", Breaking,
        "credentials go another way (kind, header or query name, HTTP scheme, OAuth flow): the old ones are refused (oasdiff grades it info)";
    SecuritySchemeUrlChanged = "security-scheme-url-changed", Info,
        "tokens come from another URL (as oasdiff grades it; clients with the old one configured may get none)";
    SecuritySchemeChanged = "security-scheme-changed", Info,
        "something else of a security scheme changes (a bearer format)";
    SecurityRequirementAdded = "security-requirement-added", Info,
        "another way (or set) of credentials is listed for the operation or the API (as oasdiff grades it)";
    SecurityRequirementRemoved = "security-requirement-removed", Info,
        "a way of credentials is no longer listed (as oasdiff grades it)";
    SecurityRequirementScopeAdded = "security-requirement-scope-added", Info,
        "tokens need one more scope (as oasdiff grades it; tokens without it may be refused)";
    SecurityRequirementScopeRemoved = "security-requirement-scope-removed", Info,
        "tokens need one scope fewer";
    WebhookAdded = "webhook-added", Info,
        "the API may call receivers with a new webhook";
    WebhookRemoved = "webhook-removed", Breaking,
        "receivers waiting for the webhook no longer get it";
    WebhookChanged = "webhook-changed", Warning,
        "what the API sends a receiver changes in a part the comparison like an operation does not classify (a parameter, a status)";
    RequestParameterDefaultChanged = "request-parameter-default-changed", Breaking,
        "a request that leaves the parameter out gets another value, chosen by the server (a page size, a sort order)";
    InvalidSunsetDate = "invalid-sunset-date", Breaking,
        "an x-sunset that is no date (YYYY-MM-DD or RFC 3339): when the operation, parameter or property may go cannot be read, nor a removal or move graded";
    InvalidStabilityLevel = "invalid-stability-level", Breaking,
        "an x-stability-level that is none of draft, alpha, beta, stable: what the operation promises cannot be read, nor its removal graded";
    ExtensibleEnumValueAdded = "extensible-enum-value-added", Info,
        "a value joins an x-extensible-enum, a list clients were told may grow";
    // The Rust surface beyond models and operation methods (`surface.rs`): nothing changes
    // on the wire; the Rust effect (breaking for removed, renamed and changed items, additive
    // for added ones) decides the semver step.
    RustHandleAdded = "rust-handle-added", Info,
        "none: a new resource handle (`client.things()`) over operations that show as their own changes";
    RustHandleRemoved = "rust-handle-removed", Info,
        "none: a resource handle is no longer generated (its operations show as their own changes)";
    RustHandleRenamed = "rust-handle-renamed", Info,
        "none: the same requests under other Rust names (a tag renamed renames the handle, its type and its list request)";
    RustHandleChanged = "rust-handle-changed", Info,
        "none: the handle's `Client` method takes its parents in other types";
    RustHandleMethodAdded = "rust-handle-method-added", Info,
        "none: a handle (or the multi-region client's) has a new method";
    RustHandleMethodRemoved = "rust-handle-method-removed", Info,
        "none: a handle method is no longer generated";
    RustHandleMethodChanged = "rust-handle-method-changed", Info,
        "none: a handle method takes or returns other types";
    RustListRequestMethodAdded = "rust-list-request-method-added", Info,
        "none: a list request has a new method (a setter, or a walk over pages)";
    RustListRequestMethodRemoved = "rust-list-request-method-removed", Info,
        "none: a list request method is no longer generated";
    RustListRequestMethodChanged = "rust-list-request-method-changed", Info,
        "none: a list request method takes or returns other types";
    RustBuilderAdded = "rust-builder-added", Info,
        "none: a model gets a builder (`X::builder()`)";
    RustBuilderRemoved = "rust-builder-removed", Info,
        "none: a model no longer has a builder";
    RustBuilderSetterAdded = "rust-builder-setter-added", Info,
        "none: a builder has a new setter";
    RustBuilderSetterRemoved = "rust-builder-setter-removed", Info,
        "none: a builder setter is no longer generated (or is named otherwise)";
    RustBuilderSetterChanged = "rust-builder-setter-changed", Info,
        "none: a builder setter takes another type";
    RustClientHelperAdded = "rust-client-helper-added", Info,
        "none: a new helper beside an operation method (`…_stream`, `…_until_ready`)";
    RustClientHelperRemoved = "rust-client-helper-removed", Info,
        "none: a helper beside an operation method is no longer generated";
    RustClientHelperChanged = "rust-client-helper-changed", Info,
        "none: a helper beside an operation method takes or returns other types";
    RustPreludeItemAdded = "rust-prelude-item-added", Info,
        "none: the prelude exports one more name";
    RustPreludeItemRemoved = "rust-prelude-item-removed", Info,
        "none: the prelude no longer exports a name";
    RustModelSetterAdded = "rust-model-setter-added", Info,
        "none: a model or an operation's query has a new `with_…` setter (an optional field)";
    RustModelSetterRemoved = "rust-model-setter-removed", Info,
        "none: a `with_…` setter is no longer generated (the field is gone, renamed or required)";
    RustModelSetterChanged = "rust-model-setter-changed", Info,
        "none: a `with_…` setter takes another type";
    RustCredentialSetterAdded = "rust-credential-setter-added", Info,
        "none: `ClientBuilder` has a new setter for an API-key security scheme";
    RustCredentialSetterRemoved = "rust-credential-setter-removed", Info,
        "none: a `ClientBuilder` setter for an API key is no longer generated (its security scheme was removed or renamed)";
}

impl Rule {
    /// The rule of an id, for ignore files.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The rule for a change on a schema both sides may use: the request rule when clients send
/// the schema, the response rule when they receive it; when both, the more severe (unused
/// schemas count as both, the cautious reading).
pub(super) fn by_side(sent: bool, received: bool, request: Rule, response: Rule) -> Rule {
    match (sent, received) {
        (true, false) => request,
        (false, true) => response,
        _ if response.severity() > request.severity() => response,
        _ => request,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_found_again() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.id()), "{} twice", rule.id());
            assert!(
                rule.id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id()
            );
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        assert_eq!(Rule::from_id("no-such-rule"), None);
    }

    #[test]
    fn the_side_chooses_the_rule() {
        use Rule::*;
        let pick = |s, r| {
            by_side(
                s,
                r,
                RequestConstraintTightened,
                ResponseConstraintTightened,
            )
        };
        assert_eq!(pick(true, false), RequestConstraintTightened);
        assert_eq!(pick(false, true), ResponseConstraintTightened);
        assert_eq!(pick(true, true), RequestConstraintTightened);
        assert_eq!(
            by_side(
                true,
                true,
                RequestConstraintLoosened,
                ResponseConstraintLoosened
            ),
            ResponseConstraintLoosened
        );
    }
}
