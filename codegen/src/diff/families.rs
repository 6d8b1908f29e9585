//! The families the generator's model does not carry, classified from the documents as
//! written: documentation, `info.version`, operation tags, deprecation, sunset dates and
//! stability levels (`x-sunset`, `x-stability-level`, as oasdiff reads them), response
//! headers, statuses that are not successes, security requirements and OAuth scopes, and
//! webhooks. Each place the walk found is matched by where it is (its pointer's tokens).

use super::identity::enclosing_parameter;
use super::walk::{self, Difference, Kind};
use super::{Change, Rule, RustEffect};
use crate::load::METHODS;
use serde_json::Value;
use std::collections::BTreeSet;

/// Keywords that only document (their text becomes rustdoc at most).
const DOCUMENTATION: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "termsOfService",
    "contact",
    "license",
];

/// A pointer's reference tokens, unescaped.
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// How many tokens name the operation the pointer is in (`paths/{p}/get`, `webhooks/{w}/post`).
fn operation_len(tokens: &[String]) -> Option<usize> {
    let root = matches!(tokens.first()?.as_str(), "paths" | "webhooks");
    (root && tokens.len() >= 3 && METHODS.contains(&tokens[2].as_str())).then_some(3)
}

fn rebuild(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold("#".to_string(), |at, t| crate::error::child(&at, t))
}

struct Families<'a> {
    old: &'a Value,
    new: &'a Value,
    today: String,
    out: Vec<Change>,
    /// Where changes inside webhooks are already classified (compared like operations).
    in_webhooks: Vec<String>,
}

impl Families<'_> {
    fn push(&mut self, rule: Rule, at: &str, rust: RustEffect, description: String) {
        self.out.push(Change {
            rule,
            location: at.to_string(),
            rust,
            rust_items: Vec::new(),
            description,
        });
    }

    /// The value at a pointer of one side, `$ref`s followed.
    fn at<'v>(&self, root: &'v Value, pointer: &str) -> Option<&'v Value> {
        walk::resolve(root, pointer)
    }

    fn classify(&mut self, d: &Difference) {
        let t = tokens(&d.pointer);
        let Some(last) = t.last().map(String::as_str) else {
            return;
        };
        let at = d.pointer.as_str();
        if d.keyword && DOCUMENTATION.contains(&last) || t.first().is_some_and(|f| f == "tags") {
            let what = t.join(".");
            return self.push(
                Rule::DocumentationChanged,
                at,
                RustEffect::None,
                format!("{what} {}", d.kind.as_str()),
            );
        }
        if t == ["info", "version"] {
            let version = |root| self.at(root, at).map(show).unwrap_or_default();
            let text = format!("API version {} -> {}", version(self.old), version(self.new));
            return self.push(Rule::ApiVersionChanged, at, RustEffect::None, text);
        }
        if t.first().is_some_and(|f| f == "webhooks") {
            return self.webhook(d, &t);
        }
        if let Some(i) = t.iter().position(|x| x == "headers") {
            if i >= 2 && t[i - 2] == "responses" || i == 1 && t[0] == "components" {
                return self.headers(d, &t, i);
            }
        }
        if let Some(n) = operation_len(&t) {
            self.operation(d, &t, n);
        }
        // A parameter's own keys: `parameters/{index or name}/{key}`.
        let parameter = enclosing_parameter(at)
            .is_some_and(|p| at.rsplit_once('/').is_some_and(|(owner, _)| owner == p));
        if d.keyword && last == "deprecated" && operation_len(&t).map(|n| n + 1) != Some(t.len()) {
            let now = self.at(self.new, at).and_then(Value::as_bool) == Some(true);
            let rule = match (parameter, now) {
                (true, true) => Rule::RequestParameterDeprecated,
                (true, false) => Rule::RequestParameterReactivated,
                (false, true) => Rule::PropertyDeprecated,
                (false, false) => Rule::PropertyReactivated,
            };
            self.push(
                rule,
                at,
                RustEffect::None,
                format!("{} {}", t.join("."), rule.id()),
            );
        }
        if d.keyword && last == "x-sunset" && parameter {
            self.sunset(at, &format!("parameter {}", t[t.len() - 2]), &PARAMETER);
        }
        if t.len() >= 3 && t[0] == "components" && t[1] == "securitySchemes" {
            return self.scheme(d, &t);
        }
        if t.first().is_some_and(|f| f == "security") {
            self.requirement(d, &t[1..]);
        }
    }

    /// Changes at an operation's own keys (and the operation as a whole).
    fn operation(&mut self, d: &Difference, t: &[String], n: usize) {
        let at = d.pointer.as_str();
        let op = rebuild(&t[..n]);
        let rest: Vec<&str> = t[n..].iter().map(String::as_str).collect();
        match rest.as_slice() {
            ["tags"] => {
                let tags = |root| -> BTreeSet<String> {
                    self.at(root, at)
                        .and_then(Value::as_array)
                        .map(|l| l.iter().map(show).collect())
                        .unwrap_or_default()
                };
                let (was, now) = (tags(self.old), tags(self.new));
                for tag in now.difference(&was) {
                    self.push(
                        Rule::OperationTagAdded,
                        at,
                        RustEffect::None,
                        format!("tag {tag} added"),
                    );
                }
                for tag in was.difference(&now) {
                    self.push(
                        Rule::OperationTagRemoved,
                        at,
                        RustEffect::None,
                        format!("tag {tag} removed"),
                    );
                }
            }
            ["deprecated"] => {
                if self.at(self.new, at).and_then(Value::as_bool) == Some(true) {
                    self.push(
                        Rule::OperationDeprecated,
                        at,
                        RustEffect::Additive,
                        format!("{op} deprecated"),
                    );
                } else {
                    self.push(
                        Rule::OperationReactivated,
                        at,
                        RustEffect::None,
                        format!("{op} no longer deprecated"),
                    );
                }
            }
            ["x-sunset"] => self.sunset(at, &op, &OPERATION),
            ["x-stability-level"] => {
                let level = |root| {
                    self.at(root, at)
                        .map(show)
                        .and_then(|l| super::lifecycle::STABILITY.iter().position(|s| *s == l))
                };
                let (was, now) = (level(self.old), level(self.new));
                let rule = match (was, now) {
                    (Some(a), Some(b)) if b < a => Rule::OperationStabilityDecreased,
                    (Some(_), Some(_)) | (None, Some(_)) => Rule::OperationStabilityIncreased,
                    _ => return,
                };
                self.push(
                    rule,
                    at,
                    RustEffect::None,
                    format!("{op} stability {}", rule.id()),
                );
            }
            ["responses", code] if !success(code) => {
                let rule = match d.kind {
                    Kind::Added => Rule::ResponseNonSuccessStatusAdded,
                    Kind::Removed => Rule::ResponseNonSuccessStatusRemoved,
                    Kind::Changed => return,
                };
                self.push(
                    rule,
                    at,
                    RustEffect::None,
                    format!("{op}: status {code} {}", d.kind.as_str()),
                );
            }
            ["security", ..] => self.requirement(d, &t[n + 1..]),
            _ => {}
        }
    }

    /// A security scheme (`components/securitySchemes/{name}/...`): added, removed, its kind
    /// or where its credentials go, its token URLs, its OAuth scopes.
    fn scheme(&mut self, d: &Difference, t: &[String]) {
        let rest: Vec<&str> = t[3..].iter().map(String::as_str).collect();
        let rule = match (rest.as_slice(), d.kind) {
            ([], Kind::Added) => Rule::SecuritySchemeAdded,
            ([], Kind::Removed) => Rule::SecuritySchemeRemoved,
            ([.., "scopes", _], Kind::Added) => Rule::SecuritySchemeScopeAdded,
            ([.., "scopes", _], Kind::Removed) => Rule::SecuritySchemeScopeRemoved,
            ([.., "scopes", _], Kind::Changed) => Rule::SecuritySchemeScopeChanged,
            ([.., "tokenUrl" | "authorizationUrl" | "refreshUrl" | "openIdConnectUrl"], _) => {
                Rule::SecuritySchemeUrlChanged
            }
            ([] | ["type" | "in" | "name" | "scheme"] | ["flows"] | ["flows", _], _) => {
                Rule::SecuritySchemeTypeChanged
            }
            _ => Rule::SecuritySchemeChanged,
        };
        let what = format!("security scheme {}: {}", t[2], rule.id());
        self.push(rule, &d.pointer, RustEffect::None, what);
    }

    /// A security requirement (`security/0/oauth` holds the scopes it needs).
    fn requirement(&mut self, d: &Difference, rest: &[String]) {
        let at = d.pointer.as_str();
        let rule = match (rest.len(), d.kind) {
            (0 | 1, Kind::Added) => Rule::SecurityRequirementAdded,
            (0 | 1, Kind::Removed) => Rule::SecurityRequirementRemoved,
            (2, Kind::Changed) => {
                let scopes = |root| -> BTreeSet<String> {
                    self.at(root, at)
                        .and_then(Value::as_array)
                        .map(|l| l.iter().map(show).collect())
                        .unwrap_or_default()
                };
                let (was, now) = (scopes(self.old), scopes(self.new));
                for s in now.difference(&was) {
                    self.push(
                        Rule::SecurityRequirementScopeAdded,
                        at,
                        RustEffect::None,
                        format!("scope {s} required"),
                    );
                }
                for s in was.difference(&now) {
                    self.push(
                        Rule::SecurityRequirementScopeRemoved,
                        at,
                        RustEffect::None,
                        format!("scope {s} no longer required"),
                    );
                }
                return;
            }
            (2, Kind::Added) => Rule::SecurityRequirementAdded,
            (2, Kind::Removed) => Rule::SecurityRequirementRemoved,
            _ => return,
        };
        self.push(
            rule,
            at,
            RustEffect::None,
            format!("security requirement {}", d.kind.as_str()),
        );
    }

    /// A difference at or below `headers` (token `i`): a whole map of them added or removed is
    /// each of its headers added or removed.
    fn headers(&mut self, d: &Difference, t: &[String], i: usize) {
        if t.len() > i + 1 {
            return self.header(d, &t[..i + 2], t, &d.pointer);
        }
        let root = if d.kind == Kind::Added {
            self.new
        } else {
            self.old
        };
        let names: Vec<String> = self
            .at(root, &d.pointer)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            let mut header = t.to_vec();
            header.push(name);
            let one = Difference {
                pointer: rebuild(&header),
                ..d.clone()
            };
            self.header(&one, &header, &header, &d.pointer);
        }
    }

    /// `header` is the pointer's tokens up to the header's name; the change goes `at`.
    fn header(&mut self, d: &Difference, header: &[String], t: &[String], at: &str) {
        let name = header.last().cloned().unwrap_or_default();
        let home = rebuild(header);
        let rest: Vec<&str> = t[header.len()..].iter().map(String::as_str).collect();
        let required = |root| {
            self.at(root, &home)
                .and_then(|h| h.get("required"))
                .and_then(Value::as_bool)
                == Some(true)
        };
        let rule = match (rest.as_slice(), d.kind) {
            ([], Kind::Added) => Rule::ResponseHeaderAdded,
            ([], Kind::Removed) if required(self.old) => Rule::RequiredResponseHeaderRemoved,
            ([], Kind::Removed) => Rule::OptionalResponseHeaderRemoved,
            (["required"], _) if required(self.new) => Rule::ResponseHeaderBecameRequired,
            (["required"], _) => Rule::ResponseHeaderBecameOptional,
            (["schema"] | ["schema", "type" | "format" | "$ref"] | ["content", ..], _) => {
                Rule::ResponseHeaderTypeChanged
            }
            (["schema", ..], _) => Rule::ResponseHeaderConstraintChanged,
            ([], Kind::Changed) => Rule::ResponseHeaderTypeChanged,
            _ => return,
        };
        self.push(
            rule,
            at,
            RustEffect::None,
            format!("response header {name}: {}", rule.id()),
        );
    }

    fn webhook(&mut self, d: &Difference, t: &[String]) {
        let related = |l: &String| {
            let (short, long) = if l.len() <= d.pointer.len() {
                (l.as_str(), d.pointer.as_str())
            } else {
                (d.pointer.as_str(), l.as_str())
            };
            long.strip_prefix(short)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if t.len() > 3 && self.in_webhooks.iter().any(related) {
            return;
        }
        let rule = match (t.len(), d.kind) {
            (1..=3, Kind::Added) => Rule::WebhookAdded,
            (1..=3, Kind::Removed) => Rule::WebhookRemoved,
            _ => Rule::WebhookChanged,
        };
        let name = t.get(1).cloned().unwrap_or_default();
        self.push(
            rule,
            &d.pointer,
            RustEffect::None,
            format!("webhook {name}: {}", rule.id()),
        );
    }

    /// An `x-sunset` of `what` (an operation, a parameter) set, moved or dropped.
    fn sunset(&mut self, at: &str, what: &str, rules: &Deprecation) {
        let date = |root| self.at(root, at).map(show);
        let (was, now) = (date(self.old), date(self.new));
        if !readable(&was) || !readable(&now) {
            return; // `invalid-sunset-date`: no date to compare
        }
        let earlier = matches!((&was, &now), (Some(a), Some(b)) if b < a) || now.is_none();
        let rule = if earlier {
            rules.sunset_earlier
        } else {
            rules.sunset_changed
        };
        let text = format!(
            "{what} sunset {} -> {}",
            was.unwrap_or_default(),
            now.unwrap_or_default()
        );
        self.push(rule, at, RustEffect::None, text);
    }

    /// A deprecated operation or parameter removed after its sunset date (or without one)
    /// breaks nobody who followed the deprecation; one removed before its sunset date does.
    fn deprecated_removal(&self, removed: &Value, change: &mut Change, rules: &Deprecation) {
        if removed.get("deprecated").and_then(Value::as_bool) != Some(true) {
            return;
        }
        change.rule = match removed.get("x-sunset").map(show) {
            None => rules.removed_deprecated,
            Some(date) if self.past(&date) => rules.removed_after,
            Some(_) => rules.removed_before,
        };
    }

    /// Is a sunset date reached? Without a day to compare with (`today` empty), never: the
    /// cautious reading.
    fn past(&self, date: &str) -> bool {
        !self.today.is_empty() && date <= self.today.as_str()
    }

    /// An operation removed while draft or alpha breaks nobody who relied on it only as
    /// promised; else it is graded by its deprecation.
    fn removal(&self, change: &mut Change) {
        let Some(op) = self.at(self.old, &change.location) else {
            return;
        };
        let stability = op.get("x-stability-level").map(show);
        if matches!(stability.as_deref(), Some("draft" | "alpha")) {
            change.rule = Rule::UnstableOperationRemoved;
            return;
        }
        self.deprecated_removal(op, change, &OPERATION);
    }
}

/// The rules of one kind of deprecated item: its sunset moved earlier (or dropped) or
/// changed, and its removal without a sunset date, after it, or before it.
struct Deprecation {
    sunset_earlier: Rule,
    sunset_changed: Rule,
    removed_deprecated: Rule,
    removed_after: Rule,
    removed_before: Rule,
}

const OPERATION: Deprecation = Deprecation {
    sunset_earlier: Rule::OperationSunsetMovedEarlier,
    sunset_changed: Rule::OperationSunsetChanged,
    removed_deprecated: Rule::DeprecatedOperationRemoved,
    removed_after: Rule::OperationRemovedAfterSunset,
    removed_before: Rule::OperationRemovedBeforeSunset,
};

const PARAMETER: Deprecation = Deprecation {
    sunset_earlier: Rule::RequestParameterSunsetMovedEarlier,
    sunset_changed: Rule::RequestParameterSunsetChanged,
    removed_deprecated: Rule::DeprecatedRequestParameterRemoved,
    removed_after: Rule::RequestParameterRemovedAfterSunset,
    removed_before: Rule::RequestParameterRemovedBeforeSunset,
};

/// A sunset date that can be compared (or none written).
fn readable(date: &Option<String>) -> bool {
    date.as_deref().is_none_or(super::lifecycle::is_date)
}

fn success(code: &str) -> bool {
    code.starts_with('2') || code == "default"
}

/// A value as text: strings without quotes.
fn show(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), String::from)
}

/// The changes of the families above, and the removals they regrade (`changes` holds the
/// model's changes: an `operation-removed` or a `request-parameter-removed` may be a removal
/// after sunset).
pub(crate) fn classify(
    differences: &[Difference],
    old: &Value,
    new: &Value,
    today: &str,
    changes: &mut [Change],
) -> Vec<Change> {
    let mut families = Families {
        old,
        new,
        today: today.to_string(),
        out: Vec::new(),
        in_webhooks: changes
            .iter()
            .filter(|c| c.location.starts_with("#/webhooks/"))
            .map(|c| c.location.clone())
            .collect(),
    };
    for change in changes
        .iter_mut()
        .filter(|c| c.rule == Rule::OperationRemoved)
    {
        families.removal(change);
    }
    for change in changes
        .iter_mut()
        .filter(|c| c.rule == Rule::RequestParameterRemoved)
    {
        if let Some(parameter) = families.at(old, &change.location) {
            families.deprecated_removal(parameter, change, &PARAMETER);
        }
    }
    for d in differences {
        families.classify(d);
    }
    families.out
}
