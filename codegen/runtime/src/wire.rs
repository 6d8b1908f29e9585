//! Serde helpers the generated types call.

use serde::de::{Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Decodes an open enum from a JSON string without allocating for values it knows: the borrowed
/// text is matched first, and only an unknown value is copied into `Unknown`.
pub fn open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct Text<T>(PhantomData<T>);

    impl<T> Visitor<'_> for Text<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(Text(PhantomData))
}

/// Serializes one variant of a discriminated union: the variant's value with the
/// discriminator property set to `tag` when the value does not carry it itself.
pub fn tagged<S, T>(serializer: S, property: &str, tag: &str, value: &T) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::ser::Error;
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(property)
            .or_insert_with(|| serde_json::Value::String(tag.to_string()));
    }
    serde::Serialize::serialize(&json, serializer)
}

/// Reads a discriminated union's value and its discriminator (`None` when the property is
/// missing or not a string; the generated type then keeps the value as `Unknown`).
pub fn untag<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &str,
) -> Result<(Option<String>, serde_json::Value), D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let tag = value
        .get(property)
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    Ok((tag, value))
}

/// Decodes the value a discriminator chose as the variant's type.
pub fn variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Circle {
        radius: u32,
    }

    /// What a generated discriminated union does with the helpers.
    #[derive(Debug, PartialEq)]
    enum Shape {
        Circle(Circle),
        Unknown(serde_json::Value),
    }

    impl Serialize for Shape {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Shape::Circle(value) => super::tagged(serializer, "kind", "circle", value),
                Shape::Unknown(value) => value.serialize(serializer),
            }
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let (tag, value) = super::untag(deserializer, "kind")?;
            match tag.as_deref() {
                Some("circle" | "round") => super::variant(value).map(Shape::Circle),
                _ => Ok(Shape::Unknown(value)),
            }
        }
    }

    #[test]
    fn an_unknown_option_lists_the_values_and_suggests_the_one_meant() {
        let known = ["STANDARD", "STANDARD_HA", "ENHANCED"];
        let same_letters = super::UnknownOption::new("standard-ha", &known);
        assert_eq!(
            same_letters.to_string(),
            "\"standard-ha\" is not one of STANDARD, STANDARD_HA, ENHANCED; \
             did you mean `STANDARD_HA`?"
        );
        let near = super::UnknownOption::new("ENHANCD", &known);
        assert_eq!(near.suggestion.as_deref(), Some("ENHANCED"));
        let far = super::UnknownOption::new("rot13", &known);
        assert_eq!(
            (far.known, far.suggestion),
            (known.map(String::from).to_vec(), None)
        );
    }

    #[test]
    fn the_discriminator_is_written_and_chooses_the_variant() {
        let circle = Shape::Circle(Circle { radius: 2 });
        let text = serde_json::to_value(&circle).unwrap_or_default();
        assert_eq!(text, json!({"kind": "circle", "radius": 2}));
        let read: Shape = serde_json::from_value(json!({"kind": "round", "radius": 3}))
            .unwrap_or(Shape::Unknown(json!(null)));
        assert_eq!(read, Shape::Circle(Circle { radius: 3 }));
    }

    #[test]
    fn unknown_or_missing_discriminators_keep_the_value_and_bad_variants_are_errors() {
        for value in [json!({"kind": "square", "side": 1}), json!({"radius": 1})] {
            let read: Shape =
                serde_json::from_value(value.clone()).unwrap_or(Shape::Unknown(json!(null)));
            assert_eq!(read, Shape::Unknown(value));
        }
        let wrong = serde_json::from_value::<Shape>(json!({"kind": "circle", "radius": "big"}));
        assert!(wrong.is_err());
    }
}

/// A text that is none of an option list's values, from `str::parse` of a generated enum
/// (`"AES-256".parse::<EncryptionAlgorithm>()`): what was given, what the spec lists, and the
/// listed value it most likely meant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownOption {
    /// The text given.
    pub value: String,
    /// Every value the spec lists.
    pub known: Vec<String>,
    /// The listed value it most likely meant (same letters and digits, or a near spelling).
    pub suggestion: Option<String>,
}

impl UnknownOption {
    /// Generated code calls it with the enum's values as sent on the wire.
    pub fn new(value: &str, known: &[&str]) -> Self {
        let known: Vec<String> = known.iter().copied().map(String::from).collect();
        let bare = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect()
        };
        let wanted = bare(value);
        let suggestion = known
            .iter()
            .find(|k| bare(k) == wanted && !wanted.is_empty())
            .or_else(|| {
                let near = (wanted.chars().count() / 3).max(1);
                known
                    .iter()
                    .map(|k| (distance(&bare(k), &wanted), k))
                    .filter(|(d, _)| *d <= near)
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, k)| k)
            })
            .cloned();
        UnknownOption {
            value: value.to_string(),
            known,
            suggestion,
        }
    }
}

/// Edits (insertions, deletions, substitutions) between two texts.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

impl std::fmt::Display for UnknownOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not one of {}",
            self.value,
            self.known.join(", ")
        )?;
        match &self.suggestion {
            Some(s) => write!(f, "; did you mean `{s}`?"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownOption {}
