//! Checks generated `Validate` impls call, with the spec's constants as bounds. Messages never
//! contain the checked value, so secrets cannot leak through them.

use std::fmt;
use std::sync::OnceLock;

/// A value that can check itself against the spec before it is sent.
pub trait Validate {
    /// Appends every violation found, with JSON paths below `at`.
    fn validate_into(&self, at: &str, out: &mut Vec<Violation>);

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

/// One broken constraint: where (`properties.cloudNetworkCIDRs[3]`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
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

pub fn at_field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

pub fn at_index(at: &str, index: usize) -> String {
    format!("{at}[{index}]")
}

/// Borrowing a checked string, including secrets (whose value never reaches a message).
pub trait AsText {
    fn as_text(&self) -> &str;
}

impl<T: AsRef<str> + ?Sized> AsText for T {
    fn as_text(&self) -> &str {
        self.as_ref()
    }
}

impl AsText for super::Secret {
    fn as_text(&self) -> &str {
        self.expose()
    }
}

pub fn required(at: &str, out: &mut Vec<Violation>) {
    push(at, "is required".into(), out);
}

pub fn min_length(value: &str, min: usize, at: &str, out: &mut Vec<Violation>) {
    let n = value.chars().count();
    if n < min {
        push(
            at,
            format!("length {n} is below the minimum length {min}"),
            out,
        );
    }
}

pub fn max_length(value: &str, max: usize, at: &str, out: &mut Vec<Violation>) {
    let n = value.chars().count();
    if n > max {
        push(
            at,
            format!("length {n} exceeds the maximum length {max}"),
            out,
        );
    }
}

pub fn min_items(len: usize, min: usize, at: &str, out: &mut Vec<Violation>) {
    if len < min {
        push(
            at,
            format!("has {len} items, fewer than the minimum {min}"),
            out,
        );
    }
}

pub fn max_items(len: usize, max: usize, at: &str, out: &mut Vec<Violation>) {
    if len > max {
        push(
            at,
            format!("has {len} items, more than the maximum {max}"),
            out,
        );
    }
}

pub fn minimum<T: PartialOrd + fmt::Display>(
    value: T,
    min: T,
    exclusive: bool,
    at: &str,
    out: &mut Vec<Violation>,
) {
    if value < min || (exclusive && value == min) {
        let rel = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        push(
            at,
            format!("{value} is out of range: must be {rel} {min}"),
            out,
        );
    }
}

pub fn maximum<T: PartialOrd + fmt::Display>(
    value: T,
    max: T,
    exclusive: bool,
    at: &str,
    out: &mut Vec<Violation>,
) {
    if value > max || (exclusive && value == max) {
        let rel = if exclusive { "less than" } else { "at most" };
        push(
            at,
            format!("{value} is out of range: must be {rel} {max}"),
            out,
        );
    }
}

/// A spec pattern, compiled on first use and then shared.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    pub fn source(&self) -> &'static str {
        self.source
    }

    /// `None` if the pattern does not compile (the generator checks it does; this keeps a
    /// hand-edited constant from panicking).
    pub fn is_match(&self, value: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .map(|r| r.is_match(value))
    }
}

pub fn pattern(value: &str, pattern: &Pattern, at: &str, out: &mut Vec<Violation>) {
    match pattern.is_match(value) {
        Some(true) => {}
        Some(false) => push(at, "does not match the required pattern".into(), out),
        None => push(
            at,
            "cannot be checked: the pattern does not compile".into(),
            out,
        ),
    }
}

/// A string format the bindings check (the generator's `ir::Format` names these variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `ipv4`: dotted-quad IPv4 address.
    Ipv4,
    /// `ipv6`: IPv6 address.
    Ipv6,
    /// `hostname`: RFC 1123 host name.
    Hostname,
    /// `uuid`.
    Uuid,
    /// `date-time`: RFC 3339 timestamp.
    DateTime,
    /// `date`: `YYYY-MM-DD`.
    Date,
    /// `email`: `local@host`.
    Email,
    /// `uri`: an absolute URI.
    Uri,
}

impl Format {
    /// The `format` keyword value (`date-time`).
    pub fn keyword(self) -> &'static str {
        match self {
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Hostname => "hostname",
            Format::Uuid => "uuid",
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Email => "email",
            Format::Uri => "uri",
        }
    }

    /// Whether `value` is valid for the format.
    pub fn matches(self, value: &str) -> bool {
        use std::net::{Ipv4Addr, Ipv6Addr};
        match self {
            Format::Ipv4 => value.parse::<Ipv4Addr>().is_ok(),
            Format::Ipv6 => value.parse::<Ipv6Addr>().is_ok(),
            Format::Hostname => is_hostname(value),
            Format::Uuid => uuid::Uuid::parse_str(value).is_ok(),
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(value).is_ok(),
            Format::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
            Format::Email => value
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && is_hostname(d)),
            Format::Uri => reqwest::Url::parse(value).is_ok(),
        }
    }
}

pub fn format(value: &str, format: Format, at: &str, out: &mut Vec<Violation>) {
    if !format.matches(value) {
        push(at, format!("is not a valid {}", format.keyword()), out);
    }
}

pub fn any_of(labels: &str, at: &str, out: &mut Vec<Violation>) {
    push(
        at,
        format!("matches none of the allowed forms ({labels})"),
        out,
    );
}

/// RFC 1123 host name: dot-separated labels of 1..=63 letters, digits and inner hyphens,
/// at most 253 characters in all.
pub fn is_hostname(value: &str) -> bool {
    let value = value.strip_suffix('.').unwrap_or(value);
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}
