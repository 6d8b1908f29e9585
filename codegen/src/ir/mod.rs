//! Stage 2 output: the resolved intermediate model. Every `$ref` is followed, every name is a Rust
//! name, every constraint is a named constant. Emitting code from it needs no OpenAPI knowledge.

mod checks;
mod format;
mod method;
pub mod names;
mod queries;
mod resources;
mod security;
mod spelling;

pub use checks::{Check, ConstRef, ConstValue, Constant, PatternDef, RegexEngine};
pub use format::Format;
pub use method::{Answer, Method, Returns, SuccessStatus};
pub use queries::{fields_of, top_field_of, wire_path_of};
pub use resources::{
    Delete, DerivedValue, Envelope, EnvelopeArgument, FakeStates, FakeWire, ListRequest, PageWire,
    Resource, Update, WaitId, WriteOnly, WriteStatus,
};
pub use security::{KeyLocation, OperationSecurity, SchemeSet, Security, SecurityScheme};
pub use spelling::{Argument, Home, SetterInput, Spelling};
use std::collections::BTreeMap;

impl Api {
    /// Whether some pattern needs the runtime's `full-regex` feature.
    pub fn needs_full_regex(&self) -> bool {
        self.patterns
            .values()
            .any(|p| p.engine == RegexEngine::Full)
    }
}

/// The methods generated beside an operation's own, each named `{operation}_{suffix}`: resolve
/// keeps handle names clear of them, emit names them, both from this one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    /// Every page of a list operation.
    Pages,
    /// Every item, page after page.
    Stream,
    /// Every item, collected.
    All,
    /// Polls a read until the resource is ready.
    UntilReady,
    /// Polls a read until the resource is gone.
    UntilGone,
}

impl Helper {
    pub const ALL: [Helper; 5] = [
        Helper::Pages,
        Helper::Stream,
        Helper::All,
        Helper::UntilReady,
        Helper::UntilGone,
    ];

    /// What follows the operation's name (`stream` in `list_things_stream`).
    pub fn suffix(self) -> &'static str {
        match self {
            Helper::Pages => "pages",
            Helper::Stream => "stream",
            Helper::All => "all",
            Helper::UntilReady => "until_ready",
            Helper::UntilGone => "until_gone",
        }
    }

    /// The helper's name beside the operation named `operation` (`list_things_stream`;
    /// `r#match` gives `match_all`): emit names it so, the review's surface too.
    pub fn name_beside(self, operation: &str) -> String {
        format!("{}_{}", operation.trim_start_matches("r#"), self.suffix())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    /// Types by Rust name (sorted, so output order does not depend on document order).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations by Rust function name.
    pub operations: BTreeMap<String, Operation>,
    /// Validation constants by module path (`["ip_sec_tunnel"]`, `["parameters", "pagination_limit"]`).
    pub constants: BTreeMap<Vec<String>, Vec<Constant>>,
    /// Regular expressions by static name, each with the constant that holds its source and
    /// the engine that runs it.
    pub patterns: BTreeMap<String, PatternDef>,
    /// The body type of error responses when every operation agrees on one, else free-form JSON.
    pub error_body: TypeRef,
    /// List types that are pages of an `offset`/`limit` list operation, by type name (the
    /// shapes of the operations' `pagination`).
    pub pages: BTreeMap<String, PageShape>,
    /// Types that report a provisioning state, by type name.
    pub lifecycles: BTreeMap<String, LifecycleShape>,
    /// The lifecycle states the generated fake reports, when some type has a lifecycle.
    pub fake_states: Option<FakeStates>,
    /// How requests authenticate.
    pub security: Security,
    /// Environment variables that configure a client (`info.x-environment`), if the document
    /// or its overlay names them.
    pub environment: Option<Environment>,
    /// Tags by name: what groups operations, with the handle name an overlay may give.
    pub tags: BTreeMap<String, Tag>,
    /// Resources with a generated handle (`client.things()`), by handle method name.
    pub resources: BTreeMap<String, Resource>,
    /// Operations (`Operation::fn_name`) a handle calls: their helpers (`…_stream`,
    /// `…_until_ready`) are the handle's engine, hidden from the docs (a list only when the
    /// handle has its `list()` request).
    pub hidden_helpers: std::collections::BTreeSet<String>,
    /// The models the prelude exports (found by `conventions`).
    pub prelude_models: Vec<String>,
    /// The hand-written items the prelude exports too (`info.x-rust-prelude`), as Rust paths
    /// (`["crate", "wireguard", "PrivateKey"]`).
    pub prelude_extras: Vec<Vec<String>>,
    /// Where the error body keeps the messages for a person, when it is a generated type.
    pub error_shape: Option<ErrorShape>,
    /// The structs with a builder (`XBuilder`), by type name.
    pub builders: BTreeMap<String, Builder>,
    /// The name users import the bindings by (`info.x-rust-crate`), for doc examples.
    pub crate_name: Option<String>,
}

/// A struct's builder: set each field by name, then `build()`, which reports every missing
/// and invalid value at once. Structs with several required fields get one (named steps
/// instead of a positional `new(..)` whose same-typed arguments could swap silently), and
/// structs with a field of a checked string type (given as text there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    /// The builder's type (`IpSecTunnelBuilder`).
    pub name: String,
    /// Each field's setter, in the fields' order: the field's name, or `with_…` where it is
    /// one of the builder's own methods (`names::BUILDER_METHODS`).
    pub setters: Vec<String>,
}

/// How to read the error body type (found by `conventions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorShape {
    /// The error body type.
    pub type_name: String,
    pub messages: ErrorMessages,
    /// Every field of the body when all are optional (a body with none set is empty).
    pub optional_fields: Vec<String>,
    /// The field repeating the HTTP status (`["httpStatus"]`), in wire names, which the
    /// generated fake fills in.
    pub status_wire: Option<Vec<String>>,
}

/// Where an error body's messages are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorMessages {
    /// A list of objects with a text field (`messages[].message`).
    List { list: FieldPath, text: FieldStep },
    /// One text field (`message`, `detail`, `title`).
    One(FieldPath),
    /// None the generator recognises.
    Unknown,
}

/// A tag of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub description: Option<String>,
    /// `x-rust-name`: the handle method name to use instead of the tag's snake case.
    pub rust_name: Option<String>,
}

/// Names of the environment variables a client reads (`x-environment` on `info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The variable holding the bearer token (`token`).
    pub token: String,
    /// The variable overriding the base URL (`baseUrl`), if any.
    pub base_url: Option<String>,
    /// The variables of HTTP Basic credentials (`username`, `password`), used when the
    /// token's is not set; both or neither.
    pub basic: Option<(String, String)>,
    /// The config file of the API's tools, when the overlay describes it.
    pub config: Option<ConfigFile>,
}

/// Where the API's tools keep their config file, and what of it applies to this API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFile {
    /// The variable naming the file (`configFile`).
    pub path_variable: String,
    /// The file's path below the home directory when the variable is not set.
    pub default_path: String,
    /// The variable choosing the profile instead of the file's `currentProfile` (`profile`).
    pub profile_variable: Option<String>,
    /// This API's product name in the file's environments (`product`).
    pub product: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// Short name (`de-fra`) and the enum variant built from it (`DeFra`).
    pub name: String,
    pub variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub pointer: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A string option list; always open (unknown values are kept, never rejected).
    Enum {
        variants: Vec<Variant>,
        default: Option<String>,
        lifecycle: Option<EnumLifecycle>,
    },
    /// A string that must satisfy checks (lengths, pattern, format) and, when `any_of` is not
    /// empty, at least one of the alternatives.
    Text {
        checks: Vec<Check>,
        any_of: Vec<Alternative>,
    },
    Alias(TypeRef),
    /// `oneOf`: a value of exactly one of the variants, told apart by shape (untagged), or by
    /// a `discriminator` property (`oneOf`/`anyOf`; each variant's `tag`).
    Union(Vec<UnionVariant>),
}

impl TypeKind {
    /// Whether values of the type have a `Validate` impl of their own.
    pub fn is_validated(&self) -> bool {
        // An option list refuses, in what clients send, a value the spec does not list
        // (answers are decoded, not validated, so they keep tolerating new values).
        matches!(
            self,
            TypeKind::Struct(_)
                | TypeKind::Text { .. }
                | TypeKind::Union(_)
                | TypeKind::Enum { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    pub checks: Vec<Check>,
    /// With a `discriminator`: what chooses this variant. Every variant of a union has one,
    /// or none has.
    pub tag: Option<UnionTag>,
}

/// What chooses a variant of a discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionTag {
    /// The discriminator property (`petType`), the same for every variant of the union.
    pub property: String,
    /// The values of it that choose this variant (`["cat", "Cat"]`); the first is written.
    pub values: Vec<String>,
}

/// What the values of a status enum mean for provisioning (the `x-lifecycle` extension).
#[derive(Debug, Clone, PartialEq)]
pub struct EnumLifecycle {
    /// Variants meaning "provisioned and usable".
    pub ready: Vec<String>,
    /// Variants meaning "provisioning failed".
    pub failed: Vec<String>,
    /// Variants meaning "still provisioning" and "being deleted" (optional keys `busy` and
    /// `deleting`), for the generated fake.
    pub busy: Vec<String>,
    pub deleting: Vec<String>,
    /// Wire name of the sibling field carrying the failure message.
    pub message_field: Option<String>,
}

/// How to read a page of a list answer (found by `conventions`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageShape {
    pub item: TypeRef,
    /// The array field holding the items (one step).
    pub items: FieldPath,
    /// Field path to the next-page link (`links.next`). `None` when the list has no links.
    pub next_link: Option<FieldPath>,
    /// The integer fields where the answer repeats its own `offset` and `limit`, if it does.
    pub offset: Option<FieldPath>,
    pub limit: Option<FieldPath>,
}

/// A path of Rust fields from a value to a value nested in it (`metadata.status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub Vec<FieldStep>);

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The Rust field name.
    pub name: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

impl FieldPath {
    /// The path of one field.
    pub fn field(f: &Field) -> FieldPath {
        FieldPath(vec![FieldStep {
            name: f.name.clone(),
            optional: f.is_option(),
        }])
    }

    /// This path followed by `f`.
    pub fn then(&self, f: &Field) -> FieldPath {
        let mut steps = self.0.clone();
        steps.extend(FieldPath::field(f).0);
        FieldPath(steps)
    }

    /// Whether the last step is an `Option`.
    pub fn ends_optional(&self) -> bool {
        self.0.last().is_some_and(|s| s.optional)
    }
}

/// Where a type keeps its provisioning state (found by `conventions`).
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleShape {
    /// Fields leading to the status (all required).
    pub status_path: FieldPath,
    /// The status enum and which of its variants are ready or failed.
    pub status_type: String,
    pub lifecycle: EnumLifecycle,
    /// Fields leading to the message (beside the status).
    pub message: Option<FieldPath>,
}

/// An operation that returns one page of a list selected by `offset`/`limit` query parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The page type (a key of `Api::pages`).
    pub page: String,
    /// Rust names of the two query fields and the integer type they share.
    pub offset_field: String,
    pub limit_field: String,
    pub number: TypeRef,
    /// The spec's bounds of `limit`, when it has them.
    pub limit_min: Option<ConstRef>,
    pub limit_max: Option<ConstRef>,
    /// How to read the page (also `Api::pages`, by page type).
    pub shape: PageShape,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
    /// What the value means, when the spec says (a `oneOf` branch's description).
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// What a user reads in a violation message (`IPV4CIDR`, `format ipv4`).
    pub label: String,
    pub test: AlternativeTest,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AlternativeTest {
    /// Another generated `Text` type: its `is_valid` decides.
    Type(String),
    /// Inline checks that must all pass.
    Checks(Vec<Check>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub pointer: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub checks: Vec<Check>,
    /// `x-derived`: the server computes this value from a written one.
    pub derived: Option<Derivation>,
}

/// A read-only value the server computes from a value written to the resource (`x-derived`):
/// the generated fake answers it with `function` of the written text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// The written value's wire names below the resource's properties (`["privateKey"]`).
    pub from: Vec<String>,
    /// The path of a Rust function `fn(&str) -> Option<String>` or `fn(&str) -> String`
    /// (`["crate", "wireguard", "public_key_of"]`), each segment an identifier.
    pub function: Vec<String>,
}

impl Field {
    /// Optional in Rust: not required, or write-only (servers leave those out of responses).
    pub fn is_option(&self) -> bool {
        !self.required || self.write_only
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    /// A string whose value must never be printed (private keys, pre-shared keys, write-only strings).
    Secret,
    Uuid,
    DateTime,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// A JSON object with values of one type.
    Map(Box<TypeRef>),
    Array(Box<TypeRef>),
    Named(String),
    /// Raw bytes (binary bodies).
    Bytes,
    /// A `format: binary` property: a file (bytes, name, media type), a file part of a
    /// multipart body.
    File,
    /// A named type that contains itself.
    Boxed(Box<TypeRef>),
    Unit,
}

impl TypeRef {
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Boxed(inner) => inner.named(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    pub fn_name: String,
    /// The operation's name as a type (`IpsecgatewaysTunnelsGet`): the base of the names of
    /// its generated types (`…Query`, `…Answer`) and its variant of the fake's `Operation`.
    pub type_base: String,
    pub method: Method,
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The operation's tags, in the document's order.
    pub tags: Vec<String>,
    /// What the operation needs to authenticate: the document's requirement, none, or its own.
    pub security: OperationSecurity,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    /// Name of the generated struct holding the query parameters (only when there are any).
    pub query_type: Option<String>,
    pub body: Option<Body>,
    /// What the method returns on success.
    pub returns: Returns,
    /// Set when the operation is a page of an `offset`/`limit` list the runtime can walk
    /// (emit generates `…_stream` and `…_all`).
    pub pagination: Option<Pagination>,
    /// Set when the operation reads one resource that reports a provisioning state (emit
    /// generates `…_until_ready` and `…_until_gone`).
    pub wait: Option<WaitHelper>,
}

/// The read operation a wait helper polls, and the type it returns (a key of `Api::lifecycles`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitHelper {
    pub resource: String,
    /// What errors of the wait call the item (`IpSecTunnel`): the same as a handle's
    /// `Resource::item_kind` for the same read.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// How a structured value (object, list, JSON) is written; `None` for scalars and lists of
    /// scalars in their default form (repeated in the query, joined by commas elsewhere).
    pub style: Option<ParamStyle>,
    pub name: String,
    pub wire: String,
    pub pointer: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub checks: Vec<Check>,
}

/// A structured parameter's `style` and `explode` (the runtime's `QueryStyle` has a variant of
/// each name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Path and header values (`a,1,b,2`; exploded `a=1,b=2`).
    Simple,
    SimpleExploded,
    FormExploded,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Json,
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Media {
    Json,
    /// `text/*`: a `String`, sent and received as UTF-8 with this content type.
    Text(String),
    /// Anything else that is not a form: bytes as they are, with this content type.
    Binary(String),
    /// `application/x-www-form-urlencoded` (request bodies): the body type's properties as
    /// fields.
    Form,
    /// `multipart/form-data` (request bodies): the body type's properties as parts, `File`
    /// properties as file parts.
    Multipart,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub media: Media,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}
