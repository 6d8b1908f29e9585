//! Nothing silent: each place where the two documents differ is covered by a change or a
//! not-compared entry at it or above it, where it is written or wherever it is used through a
//! `$ref`. A place nothing covers (a family no rule compares yet) becomes a not-compared entry
//! of its own, naming the place.

use super::walk::{self, Difference};
use super::{DiffError, NotCompared, OldOrNew, Review, Rule, Version, Which};
use crate::report::{Finding, Loss};
use crate::{load, Input};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What accounts for one place where the documents differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cover {
    /// A classified change at it or above it.
    Change(Rule),
    /// A part one side could not read (a skipped operation, an untyped schema) holds it.
    Unread,
    /// No rule compares it: the review's catch-all entry names it.
    Unclassified,
    /// Nothing: the review is silent about it (never, unless a bug).
    Nothing,
}

/// One place where the documents differ and what covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounted {
    pub difference: Difference,
    pub cover: Cover,
}

/// Every `$ref` of a document by its target: where each place is used.
pub(crate) struct Referrers {
    by_target: BTreeMap<String, Vec<String>>,
}

/// How many other places one place is looked for at (a schema used very often).
const MAX_ALIASES: usize = 256;

/// How much deeper than the place itself a use of it is looked for (recursive schemas use
/// themselves without end).
const MAX_EXTRA_DEPTH: usize = 24;

impl Referrers {
    pub(crate) fn of(doc: &Value) -> Referrers {
        let mut by_target: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut stack = vec![(doc, "#".to_string())];
        while let Some((value, at)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(target) = walk::reference(value) {
                        let decoded = percent_encoding::percent_decode_str(target)
                            .decode_utf8_lossy()
                            .into_owned();
                        by_target.entry(decoded).or_default().push(at.clone());
                    }
                    for (key, child) in map {
                        stack.push((child, crate::error::child(&at, key)));
                    }
                }
                Value::Array(list) => {
                    for (i, child) in list.iter().enumerate() {
                        stack.push((child, crate::error::child(&at, &i.to_string())));
                    }
                }
                _ => {}
            }
        }
        Referrers { by_target }
    }

    /// The pointer itself and every place it is used as, through `$ref`s (transitively).
    fn aliases(&self, pointer: &str, out: &mut Vec<String>) {
        let start = out.len();
        out.push(pointer.to_string());
        let mut seen: BTreeSet<String> = BTreeSet::from([pointer.to_string()]);
        let mut next = start;
        while next < out.len() && out.len() < MAX_ALIASES {
            let current = out[next].clone();
            next += 1;
            for prefix in ancestors(&current) {
                let Some(holders) = self.by_target.get(prefix) else {
                    continue;
                };
                for holder in holders {
                    let alias = format!("{holder}{}", &current[prefix.len()..]);
                    let deeper = alias
                        .matches('/')
                        .count()
                        .saturating_sub(pointer.matches('/').count());
                    if deeper <= MAX_EXTRA_DEPTH && seen.insert(alias.clone()) {
                        out.push(alias);
                    }
                }
            }
        }
    }
}

/// `#/a/b` and every pointer above it: `#/a/b`, `#/a`, `#`.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    let cuts = pointer
        .match_indices('/')
        .map(|(i, _)| i)
        .collect::<Vec<_>>();
    std::iter::once(pointer).chain(cuts.into_iter().rev().map(move |i| &pointer[..i]))
}

/// What the review's entries cover, ready to ask about each difference.
pub(crate) struct Covers<'a> {
    changes: BTreeMap<&'a str, Rule>,
    unread: BTreeSet<&'a str>,
    unclassified: BTreeSet<&'a str>,
    refs: [Referrers; 2],
}

impl<'a> Covers<'a> {
    pub(crate) fn new(review: &'a Review, old: &Value, new: &Value) -> Covers<'a> {
        let mut changes = BTreeMap::new();
        for c in review
            .changes
            .iter()
            .chain(review.ignored.iter().map(|i| &i.change))
        {
            changes.entry(c.location.as_str()).or_insert(c.rule);
        }
        let (unclassified, unread): (Vec<&NotCompared>, Vec<&NotCompared>) = review
            .not_compared
            .iter()
            .partition(|n| n.finding.loss == Loss::NotClassified);
        let pointers = |list: Vec<&'a NotCompared>| {
            list.into_iter()
                .map(|n| n.finding.pointer.as_str())
                .collect::<BTreeSet<_>>()
        };
        Covers {
            changes,
            unread: pointers(unread),
            unclassified: pointers(unclassified),
            refs: [Referrers::of(old), Referrers::of(new)],
        }
    }

    pub(crate) fn cover(&self, difference: &Difference) -> Cover {
        let mut aliases = Vec::new();
        for refs in &self.refs {
            refs.aliases(&difference.pointer, &mut aliases);
        }
        let above = || aliases.iter().flat_map(|a| ancestors(a));
        if let Some(rule) = above().find_map(|p| self.changes.get(p)) {
            return Cover::Change(*rule);
        }
        if above().any(|p| self.unread.contains(p)) {
            return Cover::Unread;
        }
        if above().any(|p| self.unclassified.contains(p)) {
            return Cover::Unclassified;
        }
        Cover::Nothing
    }
}

/// The catch-all: a not-compared entry for each place nothing in the review covers.
pub(crate) fn unaccounted(
    review: &Review,
    differences: Vec<Difference>,
    old: &Value,
    new: &Value,
) -> Vec<NotCompared> {
    let covers = Covers::new(review, old, new);
    differences
        .into_iter()
        .filter(|d| covers.cover(d) == Cover::Nothing)
        .map(|d| NotCompared {
            side: match d.kind {
                walk::Kind::Added => Which::New,
                walk::Kind::Removed => Which::Old,
                walk::Kind::Changed => Which::Both,
            },
            finding: Finding {
                message: format!(
                    "{} here; no rule of the review compares it",
                    d.kind.as_str()
                ),
                pointer: d.pointer,
                loss: Loss::NotClassified,
                operation: None,
            },
        })
        .collect()
}

/// The documents as written (overlay applied), which the walk compares.
pub(crate) fn written(input: &Input, side: OldOrNew) -> Result<Value, DiffError> {
    load::written(input.spec, input.overlay).map_err(|error| DiffError { side, error })
}

/// Every place where the versions differ and what in `review` covers it: the check that the
/// review is silent about nothing (a property test runs it on random edits of real documents).
pub fn account(old: &Version, new: &Version, review: &Review) -> Vec<Accounted> {
    let covers = Covers::new(review, &old.written, &new.written);
    walk::differences(&old.written, &new.written)
        .into_iter()
        .map(|difference| Accounted {
            cover: covers.cover(&difference),
            difference,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_place_is_also_where_it_is_used() {
        let doc = json!({"components": {"schemas": {"A": {"type": "object"}, "B": {"$ref": "#/components/schemas/A"}}},
            "paths": {"/x": {"get": {"parameters": [{"schema": {"$ref": "#/components/schemas/B"}}]}}}});
        let mut found = Vec::new();
        Referrers::of(&doc).aliases("#/components/schemas/A/type", &mut found);
        assert_eq!(
            found,
            vec![
                "#/components/schemas/A/type",
                "#/components/schemas/B/type",
                "#/paths/~1x/get/parameters/0/schema/type",
            ]
        );
        assert_eq!(
            ancestors("#/a/b").collect::<Vec<_>>(),
            vec!["#/a/b", "#/a", "#"]
        );
    }
}
