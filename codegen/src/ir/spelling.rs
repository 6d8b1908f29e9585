//! How a [`TypeRef`] is written in Rust, without paths: the one table of which Rust type each
//! reference is, where that type lives and what it is generic over. Emit renders a spelling
//! with each home's path (`chrono::DateTime<chrono::FixedOffset>`); the review's surface
//! renders the same spelling as text without them (`DateTime<FixedOffset>`), so the two
//! cannot name a type differently.
//!
//! Also here: what a constructor or setter takes for a field ([`Argument`]: the "takes
//! `impl Into<…>`" rule) and how a builder's setter takes it ([`SetterInput`]), decided once
//! for the code emit writes and the signatures the surface reads.

use super::{Api, TypeKind, TypeRef};
use std::fmt;

/// Where a type a [`TypeRef`] names lives; emit writes it as a path, the surface leaves it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// The language's and its prelude's: `bool`, `String`, `Vec`, `Box`.
    Language,
    /// The runtime's support module (`Secret`, `File`).
    Runtime,
    /// The `uuid` crate.
    Uuid,
    /// The `chrono` crate.
    Chrono,
    /// The `serde_json` crate.
    SerdeJson,
    /// The `bytes` crate.
    Bytes,
    /// `std::collections`.
    Collections,
    /// The generated models, wherever the generated file reaches them from.
    Models,
}

/// A Rust type as a [`TypeRef`] names it: a name in its home with its generic arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spelling<'a> {
    /// The unit type, `()`.
    Unit,
    /// A named type, generic over `arguments` (none for most).
    Type {
        home: Home,
        name: &'a str,
        arguments: Vec<Spelling<'a>>,
    },
}

impl<'a> Spelling<'a> {
    fn plain(home: Home, name: &'a str) -> Self {
        Spelling::Type {
            home,
            name,
            arguments: Vec::new(),
        }
    }

    fn generic(home: Home, name: &'a str, arguments: Vec<Spelling<'a>>) -> Self {
        Spelling::Type {
            home,
            name,
            arguments,
        }
    }
}

/// The spelling without homes: `BTreeMap<String, DateTime<FixedOffset>>`.
impl fmt::Display for Spelling<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Spelling::Unit => f.write_str("()"),
            Spelling::Type {
                name, arguments, ..
            } => {
                f.write_str(name)?;
                if let Some((first, rest)) = arguments.split_first() {
                    write!(f, "<{first}")?;
                    for argument in rest {
                        write!(f, ", {argument}")?;
                    }
                    f.write_str(">")?;
                }
                Ok(())
            }
        }
    }
}

impl TypeRef {
    /// The Rust type this reference is: the one table emit and the surface both render.
    pub fn spelling(&self) -> Spelling<'_> {
        use Home::*;
        let string = || Spelling::plain(Language, "String");
        match self {
            TypeRef::String => string(),
            TypeRef::Secret => Spelling::plain(Runtime, "Secret"),
            TypeRef::Uuid => Spelling::plain(Uuid, "Uuid"),
            TypeRef::DateTime => Spelling::generic(
                Chrono,
                "DateTime",
                vec![Spelling::plain(Chrono, "FixedOffset")],
            ),
            TypeRef::Bool => Spelling::plain(Language, "bool"),
            TypeRef::I32 => Spelling::plain(Language, "i32"),
            TypeRef::I64 => Spelling::plain(Language, "i64"),
            TypeRef::U32 => Spelling::plain(Language, "u32"),
            TypeRef::U64 => Spelling::plain(Language, "u64"),
            TypeRef::F32 => Spelling::plain(Language, "f32"),
            TypeRef::F64 => Spelling::plain(Language, "f64"),
            TypeRef::Json => Spelling::plain(SerdeJson, "Value"),
            TypeRef::Bytes => Spelling::plain(Bytes, "Bytes"),
            TypeRef::File => Spelling::plain(Runtime, "File"),
            // Any JSON object is serde_json's own map, so it converts to and from `Value`.
            TypeRef::Map(inner) if **inner == TypeRef::Json => Spelling::generic(
                SerdeJson,
                "Map",
                vec![string(), Spelling::plain(SerdeJson, "Value")],
            ),
            // Sorted keys: the same value serializes the same way every time.
            TypeRef::Map(inner) => {
                Spelling::generic(Collections, "BTreeMap", vec![string(), inner.spelling()])
            }
            TypeRef::Array(inner) => Spelling::generic(Language, "Vec", vec![inner.spelling()]),
            TypeRef::Named(name) => Spelling::plain(Models, name),
            TypeRef::Boxed(inner) => Spelling::generic(Language, "Box", vec![inner.spelling()]),
            TypeRef::Unit => Spelling::Unit,
        }
    }
}

/// What a checked string type's setter takes each value as: the text its `new` checks.
static TEXT: TypeRef = TypeRef::String;

/// What a constructor or setter takes for a field of some type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Argument<'a> {
    /// Anything that turns into the type (`impl Into<String>`), turned with `.into()`: text
    /// and secrets, so callers pass a `&str` without converting it first.
    Into(&'a TypeRef),
    /// The type itself.
    Exactly(&'a TypeRef),
}

impl<'a> Argument<'a> {
    /// The argument for a field of type `ty`.
    pub fn of(ty: &'a TypeRef) -> Self {
        match ty {
            TypeRef::String | TypeRef::Secret => Argument::Into(ty),
            other => Argument::Exactly(other),
        }
    }

    /// The type taken, or turned into.
    pub fn ty(self) -> &'a TypeRef {
        match self {
            Argument::Into(ty) | Argument::Exactly(ty) => ty,
        }
    }
}

/// How a builder's setter takes a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetterInput<'a> {
    /// A checked string type (its name), taken as text and checked on the spot.
    Text(&'a str),
    /// A list of a checked string type (its name), each item taken as text and checked with
    /// its index in the path.
    TextList(&'a str),
    /// A list of anything else (the item's type), from any iterator of it.
    List(&'a TypeRef),
    /// Anything else, as a constructor takes it.
    Plain(Argument<'a>),
}

impl<'a> SetterInput<'a> {
    /// What the setter takes one value as (each item, for a list).
    pub fn value(self) -> Argument<'a> {
        match self {
            SetterInput::Text(_) | SetterInput::TextList(_) => Argument::Into(&TEXT),
            SetterInput::List(item) => Argument::Exactly(item),
            SetterInput::Plain(argument) => argument,
        }
    }

    /// Does the setter take its values from an iterator?
    pub fn is_list(self) -> bool {
        matches!(self, SetterInput::TextList(_) | SetterInput::List(_))
    }
}

impl Api {
    /// How a builder's setter takes a field of type `ty`.
    pub fn setter_input<'a>(&'a self, ty: &'a TypeRef) -> SetterInput<'a> {
        let checked = |t: &'a TypeRef| {
            t.named().filter(|n| {
                matches!(
                    self.types.get(*n).map(|d| &d.kind),
                    Some(TypeKind::Text { .. })
                )
            })
        };
        match ty {
            TypeRef::Array(item) => {
                checked(item).map_or(SetterInput::List(item), SetterInput::TextList)
            }
            other => {
                checked(other).map_or(SetterInput::Plain(Argument::of(other)), SetterInput::Text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_leaves_the_homes_out() {
        let map = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::DateTime))));
        assert_eq!(
            map.spelling().to_string(),
            "BTreeMap<String, Vec<DateTime<FixedOffset>>>"
        );
        let object = TypeRef::Map(Box::new(TypeRef::Json));
        assert_eq!(object.spelling().to_string(), "Map<String, Value>");
        assert_eq!(TypeRef::Unit.spelling().to_string(), "()");
        let named = TypeRef::Boxed(Box::new(TypeRef::Named("Thing".into())));
        assert_eq!(named.spelling().to_string(), "Box<Thing>");
    }

    #[test]
    fn text_and_secrets_are_taken_as_what_turns_into_them() {
        assert_eq!(
            Argument::of(&TypeRef::Secret),
            Argument::Into(&TypeRef::Secret)
        );
        assert_eq!(
            Argument::of(&TypeRef::Uuid),
            Argument::Exactly(&TypeRef::Uuid)
        );
        let names = TypeRef::Array(Box::new(TypeRef::String));
        assert_eq!(Argument::of(&names), Argument::Exactly(&names));
    }
}
