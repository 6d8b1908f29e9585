//! The string formats the bindings check: one side of the contract with the runtime.

/// A string format the bindings check before sending. The runtime's `validate::Format` has a
/// variant of the same name for each: emitted code names it, so a format one side lacks does not
/// compile (`codegen/compile-check` builds every format against the runtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Ipv4,
    Ipv6,
    Hostname,
    Uuid,
    DateTime,
    Date,
    Email,
    Uri,
}

impl Format {
    /// Every checked format.
    pub const ALL: [Format; 8] = [
        Format::Ipv4,
        Format::Ipv6,
        Format::Hostname,
        Format::Uuid,
        Format::DateTime,
        Format::Date,
        Format::Email,
        Format::Uri,
    ];

    /// The `format` keyword value; other formats are documentation only.
    pub fn from_keyword(keyword: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.keyword() == keyword)
    }

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

    /// The name of the runtime's `Format` variant (`DateTime`).
    pub fn variant(self) -> &'static str {
        match self {
            Format::Ipv4 => "Ipv4",
            Format::Ipv6 => "Ipv6",
            Format::Hostname => "Hostname",
            Format::Uuid => "Uuid",
            Format::DateTime => "DateTime",
            Format::Date => "Date",
            Format::Email => "Email",
            Format::Uri => "Uri",
        }
    }
}
