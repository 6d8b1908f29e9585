//! The string formats the bindings check (`ipv4`, `hostname`, `date-time`, ...): one variant
//! per format the generator's `ir::Format` names, checked without the value in any message.

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

/// RFC 1123 host name: dot-separated labels of 1..=63 letters, digits and inner hyphens,
/// at most 253 characters in all.
fn is_hostname(value: &str) -> bool {
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
