//! What a value must pass before it is sent: checks, the constants that hold their bounds,
//! and the spec's patterns with the engine that runs each.

use super::{Format, TypeRef};

/// A check a value must pass before it is sent; bounds come from generated constants.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    MinLength(ConstRef),
    MaxLength(ConstRef),
    Pattern {
        constant: ConstRef,
        regex: String,
    },
    Format(Format),
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
    /// The value is one of the constant's list (an `enum` of numbers).
    OneOf(ConstRef),
    /// The number is a whole multiple of the constant (`multipleOf`).
    MultipleOf(ConstRef),
    /// The value, as JSON, equals one of the constant's JSON list (an `enum` of arrays).
    OneOfJson(ConstRef),
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
    /// A bound of an `f32` field (`format: float`).
    Float32(f64),
    Str(String),
    Bool(bool),
    /// A non-scalar default, kept as JSON text.
    JsonText(String),
    /// The allowed values of a number `enum` (`Int` or `Float` each) of the field's type.
    List {
        values: Vec<ConstValue>,
        ty: TypeRef,
    },
}

/// A spec pattern the bindings check.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternDef {
    /// The constant holding the pattern's source.
    pub constant: ConstRef,
    pub engine: RegexEngine,
}

/// Which engine runs a pattern in the bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexEngine {
    /// `regex-lite`, always built: every pattern it can run.
    Lite,
    /// `fancy-regex`, the runtime's optional `full-regex` feature: look-around,
    /// back-references and Unicode classes. The bindings demand the feature when a pattern
    /// of the spec needs it.
    Full,
}
