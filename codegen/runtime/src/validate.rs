//! Checks generated `Validate` impls call, with the spec's constants as bounds. Messages never
//! contain the checked value, so secrets cannot leak through them.

use super::format::Format;
use super::pattern::Pattern;
use std::fmt;

/// A value that can check itself against the spec before it is sent.
pub trait Validate {
    /// Appends every violation found, with JSON paths below `at`. The default checks nothing:
    /// a type whose schema has no constraints is always valid.
    fn validate_into(&self, at: &str, out: &mut Vec<Violation>) {
        let _ = (at, out);
    }

    /// Every violation at once, or `Ok` when there is none.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut out = Vec::new();
        self.validate_into("", &mut out);
        into_result(out)
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, at: &str, out: &mut Vec<Violation>) {
        (**self).validate_into(at, out)
    }
}

/// Untyped JSON carries no constraints (a schema the generator left untyped, see its report).
impl Validate for serde_json::Value {}

/// One broken constraint: where (`properties.cloudNetworkCIDRs[3]`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON path of the value below the checked one (`properties.name`); empty for the value
    /// itself.
    pub path: String,
    /// What is wrong; never contains the value, so secrets cannot leak through it.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(value)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Every constraint a value breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// Every violation found, in field order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.violations.iter().enumerate() {
            write!(f, "{}{v}", if i == 0 { ": " } else { "; " })?;
        }
        Ok(())
    }
}

/// `Ok` when no violation was found, else all of them as one error.
pub fn into_result(violations: Vec<Violation>) -> Result<(), ValidationError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { violations })
    }
}

fn push(at: &str, message: String, out: &mut Vec<Violation>) {
    out.push(Violation {
        path: at.to_string(),
        message,
    });
}

fn at_field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

fn at_index(at: &str, index: usize) -> String {
    format!("{at}[{index}]")
}

/// Borrowing a checked string, including secrets (whose value never reaches a message).
pub trait AsText {
    /// The text to check.
    fn as_text(&self) -> &str;
}

impl<T: AsRef<str> + ?Sized> AsText for T {
    fn as_text(&self) -> &str {
        self.as_ref()
    }
}

impl AsText for super::secret::Secret {
    fn as_text(&self) -> &str {
        self.expose()
    }
}

/// Reports that a value matches none of the alternatives of an `anyOf` (named by `labels`).
pub fn any_of(labels: &str, at: &str, out: &mut Vec<Violation>) {
    push(
        at,
        format!("matches none of the allowed forms ({labels})"),
        out,
    );
}

/// A checked value for a builder: the value, or its violations moved below `at` (a JSON path),
/// so `build()` reports where each came from.
pub fn parse_into<T>(
    result: Result<T, ValidationError>,
    at: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            out.extend(e.violations.into_iter().map(|v| Violation {
                path: if v.path.is_empty() {
                    at.to_string()
                } else {
                    at_field(at, &v.path)
                },
                message: v.message,
            }));
            None
        }
    }
}

/// Reports a required value a builder was not given, unless it was given and reported invalid
/// already (a value is named once).
pub fn missing(at: &str, out: &mut Vec<Violation>) {
    let below = |path: &str| {
        path.strip_prefix(at)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    if !out.iter().any(|v| below(&v.path)) {
        push(at, "is required".into(), out);
    }
}

/// Reports an option value the spec does not list (an enum's `Unknown`), naming the listed
/// values but not the one given.
pub fn unknown_option(at: &str, known: &[&str], out: &mut Vec<Violation>) {
    push(
        at,
        format!("is not one of the listed values ({})", known.join(", ")),
        out,
    );
}

/// Before an update sends back what a read gave: each write-only value (at these wire paths
/// below the properties, which a read never returns) must have been set again. Listed with
/// the properties' own violations, so one error says everything.
pub fn written_again<T: serde::Serialize + Validate>(
    properties: &T,
    at: &str,
    paths: &[&[&str]],
) -> Result<(), ValidationError> {
    let mut out = Vec::new();
    // A value that does not serialize has none of them set.
    let value = serde_json::to_value(properties).unwrap_or(serde_json::Value::Null);
    for path in paths {
        let found = path.iter().try_fold(&value, |v, step| v.get(step));
        if found.is_none_or(serde_json::Value::is_null) {
            let mut where_ = at.to_string();
            for step in *path {
                if !where_.is_empty() {
                    where_.push('.');
                }
                where_.push_str(step);
            }
            push(
                &where_,
                "is write-only: a read never returns it, so an update must set it again".into(),
                &mut out,
            );
        }
    }
    let mut own = Vec::new();
    properties.validate_into(at, &mut own);
    // A write-only value left out is also missing to the properties' own checks (a required
    // field): one violation per place, the one that says why.
    own.retain(|v| !out.iter().any(|said| said.path == v.path));
    out.extend(own);
    into_result(out)
}

/// Where a checked value sits: built into a JSON path only when a check fails or a nested value
/// needs it, so valid values cost no allocation.
#[derive(Clone, Copy)]
enum Place<'a> {
    Here(&'a str),
    Field(&'a str, &'a str),
    Index(&'a str, usize),
}

impl Place<'_> {
    fn path(self) -> String {
        match self {
            Place::Here(at) => at.to_string(),
            Place::Field(at, name) => at_field(at, name),
            Place::Index(at, index) => at_index(at, index),
        }
    }
}

/// The checks of one value, chained one per line by generated `Validate` impls:
/// `rt::field(out, at, "name", &self.name).min_length(limits::NAME_MIN_LENGTH);`. A check of an
/// absent optional value passes.
pub struct Checks<'a, T: ?Sized> {
    pub(super) value: Option<&'a T>,
    place: Place<'a>,
    out: &'a mut Vec<Violation>,
}

/// The checks of a value at `at` itself (checked string types, union variants, parameters).
pub fn value<'a, T: ?Sized>(
    out: &'a mut Vec<Violation>,
    at: &'a str,
    value: &'a T,
) -> Checks<'a, T> {
    Checks {
        value: Some(value),
        place: Place::Here(at),
        out,
    }
}

/// The checks of a present field `name` below `at`.
pub fn field<'a, T>(
    out: &'a mut Vec<Violation>,
    at: &'a str,
    name: &'a str,
    value: &'a T,
) -> Checks<'a, T> {
    Checks {
        value: Some(value),
        place: Place::Field(at, name),
        out,
    }
}

/// The checks of an optional field: nothing to check when it is absent.
pub fn optional<'a, T>(
    out: &'a mut Vec<Violation>,
    at: &'a str,
    name: &'a str,
    value: &'a Option<T>,
) -> Checks<'a, T> {
    Checks {
        value: value.as_ref(),
        place: Place::Field(at, name),
        out,
    }
}

/// The checks of a field the spec requires but Rust keeps optional (write-only values that
/// answers leave out): absent, it is a violation.
pub fn required_field<'a, T>(
    out: &'a mut Vec<Violation>,
    at: &'a str,
    name: &'a str,
    value: &'a Option<T>,
) -> Checks<'a, T> {
    let place = Place::Field(at, name);
    if value.is_none() {
        push(&place.path(), "is required".into(), out);
    }
    Checks {
        value: value.as_ref(),
        place,
        out,
    }
}

impl<T: ?Sized> Checks<'_, T> {
    pub(super) fn fail(&mut self, message: String) {
        self.out.push(Violation {
            path: self.place.path(),
            message,
        });
    }
}

impl<T: AsText + ?Sized> Checks<'_, T> {
    /// At least `min` characters.
    pub fn min_length(&mut self, min: usize) -> &mut Self {
        if let Some(n) = self.value.map(|v| v.as_text().chars().count()) {
            if n < min {
                self.fail(format!("length {n} is below the minimum length {min}"));
            }
        }
        self
    }

    /// At most `max` characters.
    pub fn max_length(&mut self, max: usize) -> &mut Self {
        if let Some(n) = self.value.map(|v| v.as_text().chars().count()) {
            if n > max {
                self.fail(format!("length {n} exceeds the maximum length {max}"));
            }
        }
        self
    }

    /// Matches the spec's pattern.
    pub fn pattern(&mut self, pattern: &Pattern) -> &mut Self {
        match self.value.map(|v| pattern.is_match(v.as_text())) {
            Some(Some(false)) => self.fail("does not match the required pattern".into()),
            Some(None) => self.fail("cannot be checked: the pattern does not compile".into()),
            _ => {}
        }
        self
    }

    /// Is valid for the string format.
    pub fn format(&mut self, format: Format) -> &mut Self {
        if self.value.is_some_and(|v| !format.matches(v.as_text())) {
            self.fail(format!("is not a valid {}", format.keyword()));
        }
        self
    }
}

impl<T: PartialOrd + fmt::Display + Copy> Checks<'_, T> {
    /// At least `min` (JSON Schema's `minimum`).
    pub fn minimum(&mut self, min: T) -> &mut Self {
        self.bound(|value| value < min, "at least", min)
    }

    /// Greater than `min` (`exclusiveMinimum`).
    pub fn exclusive_minimum(&mut self, min: T) -> &mut Self {
        self.bound(|value| value <= min, "greater than", min)
    }

    /// At most `max` (`maximum`).
    pub fn maximum(&mut self, max: T) -> &mut Self {
        self.bound(|value| value > max, "at most", max)
    }

    /// Less than `max` (`exclusiveMaximum`).
    pub fn exclusive_maximum(&mut self, max: T) -> &mut Self {
        self.bound(|value| value >= max, "less than", max)
    }

    /// A violation when the value is `outside` the bound (it must be `relation` `bound`).
    fn bound(&mut self, outside: impl Fn(T) -> bool, relation: &str, bound: T) -> &mut Self {
        if let Some(&value) = self.value {
            if outside(value) {
                self.fail(format!(
                    "{value} is out of range: must be {relation} {bound}"
                ));
            }
        }
        self
    }

    /// One of `allowed` (an `enum` of numbers).
    pub fn one_of(&mut self, allowed: &[T]) -> &mut Self {
        if let Some(&value) = self.value {
            if !allowed.contains(&value) {
                let list: Vec<String> = allowed.iter().map(ToString::to_string).collect();
                self.fail(format!("{value} is not one of {}", list.join(", ")));
            }
        }
        self
    }
}

impl<T: serde::Serialize + ?Sized> Checks<'_, T> {
    /// Equal, as JSON, to one of the allowed values (the JSON text of their list): an `enum`
    /// of arrays.
    pub fn one_of_json(&mut self, allowed: &str) -> &mut Self {
        if let Some(value) = self.value {
            let list: Vec<serde_json::Value> = serde_json::from_str(allowed).unwrap_or_default();
            if !serde_json::to_value(value).is_ok_and(|v| list.contains(&v)) {
                self.fail(format!("is not one of the allowed values {allowed}"));
            }
        }
        self
    }
}

impl<T: Validate + ?Sized> Checks<'_, T> {
    /// The value's own `Validate` impl, below this value's path.
    pub fn nested(&mut self) -> &mut Self {
        if let Some(value) = self.value {
            value.validate_into(&self.place.path(), self.out);
        }
        self
    }
}

/// The checks of one item of a list or map, as `each` passes them on.
type EachCheck<'f, I> = dyn for<'c, 'o> FnMut(&'c mut Checks<'o, I>) -> &'c mut Checks<'o, I> + 'f;

impl<I> Checks<'_, Vec<I>> {
    /// At least `min` items.
    pub fn min_items(&mut self, min: usize) -> &mut Self {
        if let Some(len) = self.value.map(Vec::len) {
            if len < min {
                self.fail(format!("has {len} items, fewer than the minimum {min}"));
            }
        }
        self
    }

    /// At most `max` items.
    pub fn max_items(&mut self, max: usize) -> &mut Self {
        if let Some(len) = self.value.map(Vec::len) {
            if len > max {
                self.fail(format!("has {len} items, more than the maximum {max}"));
            }
        }
        self
    }

    /// The checks of every item, at `path[index]`.
    pub fn each(
        &mut self,
        mut check: impl for<'c, 'o> FnMut(&'c mut Checks<'o, I>) -> &'c mut Checks<'o, I>,
    ) -> &mut Self {
        // Every call site passes a closure of its own: the loop is compiled once per item
        // type, not once per checked field.
        self.each_item(&mut check)
    }

    fn each_item(&mut self, check: &mut EachCheck<'_, I>) -> &mut Self {
        if let Some(items) = self.value {
            let at = self.place.path();
            for (index, item) in items.iter().enumerate() {
                check(&mut Checks {
                    value: Some(item),
                    place: Place::Index(&at, index),
                    out: self.out,
                });
            }
        }
        self
    }
}

impl<I> Checks<'_, std::collections::BTreeMap<String, I>> {
    /// The checks of every value, at `path.key`.
    pub fn each(
        &mut self,
        mut check: impl for<'c, 'o> FnMut(&'c mut Checks<'o, I>) -> &'c mut Checks<'o, I>,
    ) -> &mut Self {
        // As for a `Vec`: the loop is compiled once per value type.
        self.each_value(&mut check)
    }

    fn each_value(&mut self, check: &mut EachCheck<'_, I>) -> &mut Self {
        if let Some(entries) = self.value {
            let at = self.place.path();
            for (key, item) in entries {
                check(&mut Checks {
                    value: Some(item),
                    place: Place::Field(&at, key),
                    out: self.out,
                });
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_enum_names_the_allowed_values() {
        let mut out = Vec::new();
        value(&mut out, "stars", &4).one_of(&[1, 2, 3]);
        value(&mut out, "ratio", &1.5).one_of(&[0.5, 1.5]);
        assert_eq!(
            out,
            [Violation {
                path: "stars".into(),
                message: "4 is not one of 1, 2, 3".into()
            }]
        );
    }

    #[test]
    fn an_unknown_option_names_the_listed_values() {
        let mut out = Vec::new();
        unknown_option("tier", &["STANDARD", "STANDARD_HA"], &mut out);
        assert_eq!(
            out,
            [Violation {
                path: "tier".into(),
                message: "is not one of the listed values (STANDARD, STANDARD_HA)".into()
            }]
        );
    }

    #[test]
    fn an_array_enum_compares_as_json() {
        let mut out = Vec::new();
        let allowed = "[[1,1],[16,9]]";
        value(&mut out, "size", &vec![16, 9]).one_of_json(allowed);
        value(&mut out, "size", &vec![4, 3]).one_of_json(allowed);
        assert_eq!(
            out,
            [Violation {
                path: "size".into(),
                message: "is not one of the allowed values [[1,1],[16,9]]".into()
            }]
        );
    }

    #[test]
    fn a_bound_is_inclusive_unless_it_says_exclusive() {
        let mut out = Vec::new();
        for n in [1, 2, 9, 10] {
            value(&mut out, "inclusive", &n).minimum(2).maximum(9);
            value(&mut out, "exclusive", &n)
                .exclusive_minimum(1)
                .exclusive_maximum(10);
        }
        let messages: Vec<(&str, &str)> = out
            .iter()
            .map(|v| (v.path.as_str(), v.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                ("inclusive", "1 is out of range: must be at least 2"),
                ("exclusive", "1 is out of range: must be greater than 1"),
                ("inclusive", "10 is out of range: must be at most 9"),
                ("exclusive", "10 is out of range: must be less than 10"),
            ]
        );
    }
}
