//! The maintainers' ignore file (`spec/review-ignore.yaml`): changes of the published spec
//! they accepted, one entry each, so the review gate passes on them. An entry names the
//! change by its rule id and JSON pointer, says why, and may expire:
//!
//! ```yaml
//! - rule: request-property-became-required
//!   pointer: "#/components/schemas/WireguardPeer/properties/description"
//!   reason: the API always refused peers without one; the document caught up
//!   expires: 2027-06-30   # optional; from that day on the entry no longer silences
//! ```
//!
//! An entry silences exactly the changes with its rule and pointer. An expired entry silences
//! nothing and an entry that matches no change is stale: both are reported, so the file
//! never outlives what it was written for.

use super::{Change, Review, Rule};
use serde_json::Value;

/// One accepted change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    pub rule: Rule,
    pub pointer: String,
    pub reason: String,
    /// `YYYY-MM-DD`: the first day the entry no longer applies.
    pub expires: Option<String>,
}

/// A parsed ignore file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IgnoreFile {
    pub entries: Vec<IgnoreEntry>,
}

/// A change an entry silenced, with the entry's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Ignored {
    pub change: Change,
    pub reason: String,
}

/// What is wrong with an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreProblem {
    pub entry: IgnoreEntry,
    /// `expired` (it silences nothing any more) or `unmatched` (no change has its rule and
    /// pointer: remove it).
    pub problem: &'static str,
}

impl IgnoreFile {
    /// Reads the YAML (or JSON) text: a list of entries. Errors name the entry and the key.
    pub fn parse(text: &str) -> Result<IgnoreFile, String> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
        let list = match value {
            Value::Null => return Ok(IgnoreFile::default()),
            Value::Array(list) => list,
            _ => return Err("expected a list of entries (`- rule: ...`)".into()),
        };
        let entries = list
            .iter()
            .enumerate()
            .map(|(i, item)| entry(item).map_err(|e| format!("entry {}: {e}", i + 1)))
            .collect::<Result<_, _>>()?;
        Ok(IgnoreFile { entries })
    }

    /// Moves the changes the file accepts from `review.changes` to `review.ignored` and
    /// records expired and unmatched entries. `today` is `YYYY-MM-DD`.
    pub fn apply(&self, review: &mut Review, today: &str) {
        for entry in &self.entries {
            let matches = |c: &Change| c.rule == entry.rule && c.location == entry.pointer;
            if entry.expires.as_deref().is_some_and(|e| e <= today) {
                review.ignore_problems.push(IgnoreProblem {
                    entry: entry.clone(),
                    problem: "expired",
                });
                continue;
            }
            let (taken, kept): (Vec<Change>, Vec<Change>) = std::mem::take(&mut review.changes)
                .into_iter()
                .partition(matches);
            review.changes = kept;
            if taken.is_empty() && !review.ignored.iter().any(|i| matches(&i.change)) {
                review.ignore_problems.push(IgnoreProblem {
                    entry: entry.clone(),
                    problem: "unmatched",
                });
            }
            review
                .ignored
                .extend(taken.into_iter().map(|change| Ignored {
                    change,
                    reason: entry.reason.clone(),
                }));
        }
    }
}

fn entry(item: &Value) -> Result<IgnoreEntry, String> {
    let Value::Object(map) = item else {
        return Err("expected `rule`, `pointer`, `reason` and optionally `expires`".into());
    };
    if let Some(key) = map
        .keys()
        .find(|k| !["rule", "pointer", "reason", "expires"].contains(&k.as_str()))
    {
        return Err(format!("unknown key `{key}`"));
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
            Some(other) => Err(format!("`{key}` must be non-empty text, not {other}")),
        }
    };
    let required = |key: &str| text(key)?.ok_or_else(|| format!("`{key}` is missing"));
    let id = required("rule")?;
    let rule = Rule::from_id(&id).ok_or_else(|| {
        format!("unknown rule `{id}` (the rules are listed in the review's documentation)")
    })?;
    let pointer = required("pointer")?;
    if !pointer.starts_with("#/") {
        return Err(format!(
            "`pointer` {pointer:?} is not a JSON pointer (`#/...`)"
        ));
    }
    let expires = text("expires")?;
    if let Some(date) = &expires {
        if !is_date(date) {
            return Err(format!("`expires` {date:?} is not a date (YYYY-MM-DD)"));
        }
    }
    Ok(IgnoreEntry {
        rule,
        pointer,
        reason: required("reason")?,
        expires,
    })
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
        && [y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u8>().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::super::RustEffect;
    use super::*;

    fn change(rule: Rule, location: &str) -> Change {
        Change {
            rule,
            location: location.into(),
            rust: RustEffect::Breaking,
            rust_items: Vec::new(),
            description: String::new(),
        }
    }

    #[test]
    fn an_entry_silences_exactly_its_change() {
        let file = IgnoreFile::parse(
            "- rule: request-property-became-required\n  pointer: \"#/a/b\"\n  reason: accepted\n",
        )
        .expect("parses");
        let mut review = Review {
            changes: vec![
                change(Rule::RequestPropertyBecameRequired, "#/a/b"),
                change(Rule::RequestPropertyBecameRequired, "#/a/c"),
                change(Rule::PropertyTypeChanged, "#/a/b"),
            ],
            ..Review::default()
        };
        file.apply(&mut review, "2026-01-01");
        assert_eq!(review.ignored.len(), 1);
        assert_eq!(review.ignored[0].change.location, "#/a/b");
        assert_eq!(review.ignored[0].reason, "accepted");
        assert_eq!(review.changes.len(), 2);
        assert!(review.ignore_problems.is_empty());
    }

    #[test]
    fn expired_and_unmatched_entries_are_reported() {
        let file = IgnoreFile::parse(
            "- {rule: operation-removed, pointer: '#/paths/~1a/get', reason: r, expires: 2026-01-01}\n\
             - {rule: operation-removed, pointer: '#/paths/~1b/get', reason: r}\n",
        )
        .expect("parses");
        let mut review = Review {
            changes: vec![change(Rule::OperationRemoved, "#/paths/~1a/get")],
            ..Review::default()
        };
        file.apply(&mut review, "2026-01-01");
        assert_eq!(review.changes.len(), 1, "an expired entry silences nothing");
        let problems: Vec<&str> = review.ignore_problems.iter().map(|p| p.problem).collect();
        assert_eq!(problems, ["expired", "unmatched"]);
    }

    #[test]
    fn mistakes_name_the_entry_and_key() {
        let err = |text: &str| IgnoreFile::parse(text).expect_err("refused");
        assert_eq!(
            err("- {rule: no-such, pointer: '#/a', reason: r}"),
            "entry 1: unknown rule `no-such` (the rules are listed in the review's documentation)"
        );
        assert_eq!(
            err("- {rule: operation-added, pointer: '#/a', reason: r}\n- {rule: operation-added, pointer: '#/a'}"),
            "entry 2: `reason` is missing"
        );
        assert!(
            err("- {rule: operation-added, pointer: '#/a', reason: r, expires: soon}")
                .contains("not a date")
        );
        assert!(err("- {rule: operation-added, pointer: a, reason: r}").contains("JSON pointer"));
        assert!(
            err("- {rule: operation-added, pointer: '#/a', reason: r, why: x}")
                .contains("unknown key `why`")
        );
        assert_eq!(IgnoreFile::parse("").expect("empty").entries, []);
    }
}
