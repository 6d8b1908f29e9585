//! Stage 2 output: the resolved intermediate model. Every `$ref` is followed, every name is a Rust
//! name, every constraint is a named constant. Emitting code from it needs no OpenAPI knowledge.

use std::collections::BTreeMap;

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
    /// Regular expressions by static name, each with the constant that holds its source.
    pub patterns: BTreeMap<String, ConstRef>,
    /// The body type of error responses when every operation agrees on one, else free-form JSON.
    pub error_body: TypeRef,
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
    },
    /// A string that must satisfy checks (lengths, pattern, format) and, when `any_of` is not
    /// empty, at least one of the alternatives.
    Text {
        checks: Vec<Check>,
        any_of: Vec<Alternative>,
    },
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
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

/// A check a value must pass before it is sent; bounds come from generated constants.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    MinLength(ConstRef),
    MaxLength(ConstRef),
    Pattern {
        constant: ConstRef,
        regex: String,
    },
    Format(String),
    Minimum {
        constant: ConstRef,
        exclusive: bool,
    },
    Maximum {
        constant: ConstRef,
        exclusive: bool,
    },
    MinItems(ConstRef),
    MaxItems(ConstRef),
    /// Checks for every element of an array (or value of a map).
    Each(Vec<Check>),
    /// The value is a generated type with its own `Validate` impl.
    Nested,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConstRef {
    pub module: Vec<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    pub name: String,
    pub pointer: String,
    pub value: ConstValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    Usize(usize),
    Int {
        value: i128,
        ty: TypeRef,
    },
    Float(f64),
    Str(String),
    Bool(bool),
    /// A non-scalar default, kept as JSON text.
    JsonText(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    pub fn_name: String,
    pub method: String,
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    /// Name of the generated struct holding the query parameters (only when there are any).
    pub query_type: Option<String>,
    pub body: Option<Body>,
    /// Success status codes (exact codes; `None` stands for a `2XX` range).
    pub success_codes: Vec<Option<u16>>,
    pub response: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub pointer: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}
