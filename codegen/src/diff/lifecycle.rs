//! Lifecycle marks that cannot be read, where the two versions differ: an `x-sunset` that is
//! no date (`YYYY-MM-DD` or RFC 3339) and an `x-stability-level` that is none of oasdiff's
//! four. The deprecation rules grade removals and moves by these marks; one that cannot be
//! read leaves a change ungraded, so it is reported (breaking, as oasdiff reports it) where a
//! change touches it: the mark itself written or changed, an operation, parameter or
//! property holding one added, removed or deprecated, and, for the stability level, any
//! change inside the operation that holds it (oasdiff reads the level of every operation it
//! compares).

use super::walk::{self, Difference, Kind};
use super::{Change, OldOrNew, Rule, RustEffect};
use crate::error::child;
use crate::load::METHODS;
use serde_json::Value;
use std::collections::BTreeSet;

/// oasdiff's stability levels, least stable first.
pub(super) const STABILITY: [&str; 4] = ["draft", "alpha", "beta", "stable"];

/// How deep an added or removed part is searched for marks.
const MAX_DEPTH: usize = 64;

/// A sunset date as oasdiff reads one: a day, or an RFC 3339 time.
pub(super) fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
        || chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

fn valid(key: &str, value: &Value) -> bool {
    match (key, value.as_str()) {
        ("x-sunset", Some(text)) => is_date(text),
        ("x-stability-level", Some(level)) => STABILITY.contains(&level),
        _ => false,
    }
}

struct Marks<'a> {
    old: &'a Value,
    new: &'a Value,
    /// The marks reported: one change per place, whichever versions hold it.
    seen: BTreeSet<String>,
    out: Vec<Change>,
}

impl Marks<'_> {
    /// The mark `key` at `at` in one version, reported if it cannot be read.
    fn check(&mut self, side: OldOrNew, at: &str, key: &str, value: &Value) {
        if valid(key, value) || !self.seen.insert(at.to_string()) {
            return;
        }
        let rule = if key == "x-sunset" {
            Rule::InvalidSunsetDate
        } else {
            Rule::InvalidStabilityLevel
        };
        self.out.push(Change {
            rule,
            location: at.to_string(),
            rust: RustEffect::None,
            rust_items: Vec::new(),
            description: format!("{key} {value} ({side} version) cannot be read"),
        });
    }

    /// Every mark in a part of one version (`$ref`s not followed: what they name is compared
    /// where it is written).
    fn search(&mut self, side: OldOrNew, at: &str, value: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    let here = child(at, key);
                    if key == "x-sunset" || key == "x-stability-level" {
                        self.check(side, &here, key, inner);
                    } else {
                        self.search(side, &here, inner, depth + 1);
                    }
                }
            }
            Value::Array(list) => {
                for (i, inner) in list.iter().enumerate() {
                    self.search(side, &child(at, &i.to_string()), inner, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn difference(&mut self, d: &Difference) {
        let tokens: Vec<&str> = d.pointer.split('/').collect();
        let last = tokens.last().copied().unwrap_or_default();
        let parent = tokens[..tokens.len().saturating_sub(1)].join("/");
        let versions = [(OldOrNew::Old, self.old), (OldOrNew::New, self.new)];
        for (side, root) in versions {
            let written = match (side, d.kind) {
                (OldOrNew::Old, Kind::Added) | (OldOrNew::New, Kind::Removed) => None,
                _ => walk::resolve(root, &d.pointer),
            };
            match (last, written) {
                ("x-sunset" | "x-stability-level", Some(value)) => {
                    self.check(side, &d.pointer, last, value)
                }
                // Deprecated (or no longer): the sunset date beside the flag grades it.
                ("deprecated", _) => {
                    if let Some(sunset) = walk::resolve(root, &child(&parent, "x-sunset")) {
                        self.check(side, &child(&parent, "x-sunset"), "x-sunset", sunset);
                    }
                }
                (_, Some(value)) if d.kind != Kind::Changed || value.is_object() => {
                    self.search(side, &d.pointer, value, 0)
                }
                _ => {}
            }
            // oasdiff reads the stability level of every operation it compares.
            if let Some(op) = operation(&tokens) {
                let level = child(&op, "x-stability-level");
                if let Some(value) = walk::resolve(root, &level) {
                    self.check(side, &level, "x-stability-level", value);
                }
            }
        }
    }
}

/// The operation a pointer is in (`#/paths/{p}/{method}`, `#/webhooks/{w}/{method}`).
fn operation(tokens: &[&str]) -> Option<String> {
    let root = matches!(tokens.get(1)?, &"paths" | &"webhooks");
    let method = tokens.get(3)?;
    (root && METHODS.contains(method)).then(|| tokens[..4].join("/"))
}

/// The marks that cannot be read where the documents differ.
pub(crate) fn unreadable(differences: &[Difference], old: &Value, new: &Value) -> Vec<Change> {
    let mut marks = Marks {
        old,
        new,
        seen: BTreeSet::new(),
        out: Vec::new(),
    };
    for d in differences {
        marks.difference(d);
    }
    marks.out
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates_are_days_or_rfc3339_times() {
        assert!(is_date("2023-08-02"));
        assert!(is_date("2024-02-29"));
        assert!(is_date("2023-08-02T10:00:00Z"));
        assert!(is_date("2023-08-02T10:00:00+02:00"));
        assert!(!is_date("invalid"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("02.08.2023"));
    }
}
