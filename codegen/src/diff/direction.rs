//! Which way a changed type or pattern goes: does the new one accept every value of the old
//! one (wider), only values of the old one (narrower), or neither? Widening what clients send
//! breaks nobody, nor does narrowing what they receive; the other way round can.
//!
//! Patterns are compared by the languages they accept, where both are regular: each is
//! compiled to a DFA (regex-automata) and the product of the two is walked to find a string
//! one accepts and the other refuses. A pattern no DFA can hold (look-around,
//! back-references, too many states) is `Other`, the cautious answer.

use crate::ir::TypeRef;
use regex_automata::dfa::{dense, Automaton};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::collections::{BTreeSet, VecDeque};

/// How the values the new side accepts relate to the old side's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Same,
    /// Every old value, and more.
    Wider,
    /// Only old values, not all of them.
    Narrower,
    /// Some old values are gone and some new ones came (or it cannot be told).
    Other,
}

impl Direction {
    fn of(old_in_new: bool, new_in_old: bool) -> Direction {
        match (old_in_new, new_in_old) {
            (true, true) => Direction::Same,
            (true, false) => Direction::Wider,
            (false, true) => Direction::Narrower,
            (false, false) => Direction::Other,
        }
    }
}

/// The values of scalar `a` on the wire are all values of `b`.
fn scalar_within(a: &TypeRef, b: &TypeRef) -> bool {
    use TypeRef::*;
    // A write-only string is a `Secret` in Rust and a string on the wire.
    let wire = |t: &TypeRef| match t {
        Secret => String,
        other => other.clone(),
    };
    let (a, b) = (wire(a), wire(b));
    a == b
        || matches!(
            (&a, &b),
            (I32, I64 | F64)
                | (U32, U64 | I64 | F64)
                | (I64 | U64 | F32, F64)
                | (Uuid | DateTime, String)
        )
}

/// Whether every value of `a` is a value of `b`; `textual` tells a named type that is a
/// string on the wire (an option list, a checked string: `const` and `enum` make those).
fn within(a: &TypeRef, b: &TypeRef, textual: &dyn Fn(&str) -> bool) -> bool {
    match (a, b) {
        (TypeRef::Boxed(a), b) | (b, TypeRef::Boxed(a)) if !matches!(b, TypeRef::Boxed(_)) => {
            within(a, b, textual)
        }
        (TypeRef::Boxed(a), TypeRef::Boxed(b))
        | (TypeRef::Array(a), TypeRef::Array(b))
        | (TypeRef::Map(a), TypeRef::Map(b)) => within(a, b, textual),
        // Any JSON value holds every other.
        (_, TypeRef::Json) => true,
        (TypeRef::Named(a), TypeRef::Named(b)) => a == b,
        (TypeRef::Named(a), TypeRef::String) => textual(a),
        _ => scalar_within(a, b),
    }
}

/// The direction of a type change as the wire sees it, knowing which named types are strings
/// on the wire.
pub(super) fn of_types_with(
    old: &TypeRef,
    new: &TypeRef,
    textual: &dyn Fn(&str) -> bool,
) -> Direction {
    Direction::of(within(old, new, textual), within(new, old, textual))
}

/// Whether the type named `name` in `api` is a string on the wire.
pub(super) fn textual(api: &crate::ir::Api, name: &str) -> bool {
    use crate::ir::TypeKind;
    matches!(
        api.types.get(name).map(|d| &d.kind),
        Some(TypeKind::Enum { .. } | TypeKind::Text { .. } | TypeKind::Alias(TypeRef::String))
    )
}

/// ECMA-262 (the dialect of JSON Schema patterns) reads `\d` and `\w` as ASCII classes;
/// regex-syntax reads them as Unicode ones.
fn ecma_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let (mut chars, mut in_class) = (pattern.chars(), false);
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') if in_class => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                Some('D') if !in_class => out.push_str("[^0-9]"),
                Some('w') if in_class => out.push_str("A-Za-z0-9_"),
                Some('w') => out.push_str("[A-Za-z0-9_]"),
                Some('W') if !in_class => out.push_str("[^A-Za-z0-9_]"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A DFA accepting exactly the strings in which the JSON Schema pattern finds a match
/// (patterns are not anchored); `None` when the pattern is not regular or too big.
fn dfa(pattern: &str) -> Option<dense::DFA<Vec<u32>>> {
    // `.*` on both sides turns "contains a match" into "is a match" for an anchored DFA.
    let whole = format!("(?s:.*)(?:{})(?s:.*)", ecma_classes(pattern));
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(regex_automata::dfa::StartKind::Anchored)
                .dfa_size_limit(Some(1 << 20))
                .determinize_size_limit(Some(1 << 20)),
        )
        .build(&whole)
        .ok()
}

/// The most state pairs the inclusion walk visits before it gives up (answers `Other`).
const MAX_PAIRS: usize = 200_000;

/// Whether every string `a` accepts `b` accepts too (`None`: not decided within the bound).
fn included(a: &dense::DFA<Vec<u32>>, b: &dense::DFA<Vec<u32>>) -> Option<bool> {
    let config = start::Config::new().anchored(Anchored::Yes);
    let start = (a.start_state(&config).ok()?, b.start_state(&config).ok()?);
    // One byte for each pair of the two DFAs' byte classes: the others lead to the same states.
    let mut classes = BTreeSet::new();
    let bytes: Vec<u8> = (0..=255u8)
        .filter(|&byte| classes.insert((a.byte_classes().get(byte), b.byte_classes().get(byte))))
        .collect();
    let mut seen: BTreeSet<(StateID, StateID)> = BTreeSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some((x, y)) = queue.pop_front() {
        let accepts = |dfa: &dense::DFA<Vec<u32>>, s| dfa.is_match_state(dfa.next_eoi_state(s));
        if accepts(a, x) && !accepts(b, y) {
            return Some(false);
        }
        for &byte in &bytes {
            let next = (a.next_state(x, byte), b.next_state(y, byte));
            if a.is_dead_state(next.0) {
                continue;
            }
            if seen.insert(next) {
                if seen.len() > MAX_PAIRS {
                    return None;
                }
                queue.push_back(next);
            }
        }
    }
    Some(true)
}

/// The direction of a pattern change; `None` stands for no pattern (every string).
pub(super) fn of_patterns(old: Option<&str>, new: Option<&str>) -> Direction {
    let compiled = |p: Option<&str>| p.map(dfa);
    match (compiled(old), compiled(new)) {
        (Some(Some(a)), Some(Some(b))) => match (included(&a, &b), included(&b, &a)) {
            (Some(x), Some(y)) => Direction::of(x, y),
            _ => Direction::Other,
        },
        // A pattern added or removed: every string against the pattern's language.
        (None, Some(Some(b))) => Direction::of(accepts_everything(&b), true),
        (Some(Some(a)), None) => Direction::of(true, accepts_everything(&a)),
        (None, None) => Direction::Same,
        _ => Direction::Other,
    }
}

fn accepts_everything(dfa: &dense::DFA<Vec<u32>>) -> bool {
    dense::DFA::always_match()
        .ok()
        .and_then(|all| included(&all, dfa))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of_types(old: &TypeRef, new: &TypeRef) -> Direction {
        of_types_with(old, new, &|_| false)
    }

    #[test]
    fn integer_to_number_widens_and_the_reverse_narrows() {
        assert_eq!(of_types(&TypeRef::I32, &TypeRef::F64), Direction::Wider);
        assert_eq!(of_types(&TypeRef::I32, &TypeRef::I64), Direction::Wider);
        assert_eq!(of_types(&TypeRef::F64, &TypeRef::I64), Direction::Narrower);
        assert_eq!(of_types(&TypeRef::Uuid, &TypeRef::String), Direction::Wider);
        assert_eq!(of_types(&TypeRef::String, &TypeRef::I64), Direction::Other);
        assert_eq!(
            of_types(&TypeRef::String, &TypeRef::Secret),
            Direction::Same
        );
        let list = |t| TypeRef::Array(Box::new(t));
        assert_eq!(
            of_types(&list(TypeRef::I64), &list(TypeRef::I32)),
            Direction::Narrower
        );
    }

    #[test]
    fn patterns_are_compared_by_the_strings_they_accept() {
        let dir = |a, b| of_patterns(Some(a), Some(b));
        assert_eq!(dir("^[a-z]+$", "^[a-z0-9]+$"), Direction::Wider);
        assert_eq!(dir("^[a-z0-9]+$", "^[a-z]+$"), Direction::Narrower);
        assert_eq!(dir("^[a-z]{1,5}$", "^[a-z]{1,3}$"), Direction::Narrower);
        assert_eq!(dir("^a+$", "^b+$"), Direction::Other);
        assert_eq!(dir("^[0-9]+$", r"^\d+$"), Direction::Same);
        // Not anchored: `abc` is found in longer strings too, which `^abc$` refuses.
        assert_eq!(dir("abc", "^abc$"), Direction::Narrower);
        assert_eq!(of_patterns(None, Some("^a")), Direction::Narrower);
        assert_eq!(of_patterns(Some("^a"), None), Direction::Wider);
        assert_eq!(of_patterns(None, Some(".*")), Direction::Same);
        // Look-around is not regular: cannot be told.
        assert_eq!(dir("^(?=a)a$", "^a$"), Direction::Other);
        // A DFA past the size bound (2^16 states) is not built: cannot be told.
        assert_eq!(
            dir("^[ab]*a[ab]{15}$", "^[ab]*b[ab]{15}$"),
            Direction::Other
        );
    }
}
