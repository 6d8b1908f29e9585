//! Changes to operations: added, removed, renamed; bodies, responses, success statuses and
//! parameters.

use super::direction::{self, Direction};
use super::identity::template;
use super::schemas::type_rule;
use super::{shape, show, Change, Rule, RustEffect, Side};
use crate::ir::{Api, Media, Operation, Param, Returns, SuccessStatus, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

fn client_item(op: &Operation) -> String {
    format!("Client::{}", op.fn_name)
}

/// The names of a path's parameters, in order.
fn path_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The two APIs a change is judged between (types named differently may be the same shape).
#[derive(Clone, Copy)]
struct Apis<'a> {
    old: &'a Api,
    new: &'a Api,
}

impl Apis<'_> {
    /// The wire direction of a type change (`Same` for differently named types of one shape).
    fn direction(&self, a: &TypeRef, b: &TypeRef) -> Direction {
        if shape::same(self.old, self.new, a, b) {
            Direction::Same
        } else {
            let textual = |name: &str| {
                direction::textual(self.old, name) || direction::textual(self.new, name)
            };
            direction::of_types_with(a, b, &textual)
        }
    }
}

pub(super) fn operations(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let key = |op: &Operation| (template(&op.path), op.method);
    let before: BTreeMap<_, &Operation> =
        old.api.operations.values().map(|o| (key(o), o)).collect();
    let after: BTreeMap<_, &Operation> = new.api.operations.values().map(|o| (key(o), o)).collect();
    for (k, op) in &before {
        if !after.contains_key(k) {
            out.push(Change {
                rule: Rule::OperationRemoved,
                location: op.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: vec![client_item(op)],
                description: format!("{} {} ({}) removed", op.method, op.path, op.operation_id),
            });
        }
    }
    for (k, op) in &after {
        match before.get(k) {
            None => out.push(Change {
                rule: Rule::OperationAdded,
                location: op.pointer.clone(),
                rust: RustEffect::Additive,
                rust_items: vec![client_item(op)],
                description: format!("{} {} ({}) added", op.method, op.path, op.operation_id),
            }),
            Some(was) => operation_changes(
                Apis {
                    old: &old.api,
                    new: &new.api,
                },
                was,
                op,
                out,
            ),
        }
    }
}

/// The changes of one operation, each located at it and naming its client method.
struct Changes<'a> {
    op: &'a Operation,
    out: &'a mut Vec<Change>,
}

impl Changes<'_> {
    fn push(&mut self, rule: Rule, rust: RustEffect, description: String) {
        self.out.push(Change {
            rule,
            location: self.op.pointer.clone(),
            rust,
            rust_items: vec![client_item(self.op)],
            description,
        })
    }
}

fn operation_changes(apis: Apis, was: &Operation, op: &Operation, out: &mut Vec<Change>) {
    let mut changes = Changes { op, out };
    // Renamed path parameters: the same place of the template, another name.
    let renamed: Vec<(&str, &str)> = path_names(&was.path)
        .into_iter()
        .zip(path_names(&op.path))
        .filter(|(a, b)| a != b)
        .collect();
    for (a, b) in &renamed {
        // The method's argument keeps its name when both spell the same in Rust
        // (`{bookId}` and `{book_id}` are both `book_id`).
        let rust_name = |o: &Operation, wire: &str| {
            o.path_params
                .iter()
                .find(|p| p.wire == wire)
                .map(|p| p.name.clone())
        };
        let same_argument = rust_name(was, a).is_some() && rust_name(was, a) == rust_name(op, b);
        changes.push(
            Rule::PathParameterRenamed,
            if same_argument {
                RustEffect::None
            } else {
                RustEffect::Breaking
            },
            format!(
                "{} {}: path parameter {{{a}}} is now {{{b}}}",
                op.method, op.path
            ),
        );
    }
    if was.fn_name != op.fn_name {
        changes.push(
            Rule::OperationIdChanged,
            RustEffect::Breaking,
            format!(
                "operationId {} is now {}",
                was.operation_id, op.operation_id
            ),
        );
    }
    let name = format!("{} {}", op.method, op.path);
    request_body_changes(apis, was, op, &name, &mut changes);
    response_changes(apis, was, op, &name, &mut changes);
    // Path parameters are known by their place in the template, not their name.
    let by_place: Vec<Param> = was
        .path_params
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some((_, now)) = renamed.iter().find(|(a, _)| *a == p.wire) {
                p.wire = now.to_string();
            }
            p
        })
        .collect();
    for (location, a, b) in [
        ("path", &by_place, &op.path_params),
        ("query", &was.query_params, &op.query_params),
        ("header", &was.header_params, &op.header_params),
    ] {
        parameter_changes(apis, op, location, a, b, changes.out);
    }
}

fn request_body_changes(
    apis: Apis,
    was: &Operation,
    op: &Operation,
    name: &str,
    changes: &mut Changes,
) {
    let mut push = |rule, rust, description| changes.push(rule, rust, description);
    let body = |o: &Operation| {
        o.body
            .as_ref()
            .map(|b| (b.ty.clone(), b.media.clone(), b.required))
    };
    match (body(was), body(op)) {
        (None, Some((ty, _, required))) => push(
            if required {
                Rule::RequiredRequestBodyAdded
            } else {
                Rule::OptionalRequestBodyAdded
            },
            RustEffect::Breaking,
            format!("{name}: request body {} added", show(&ty)),
        ),
        (Some(_), None) => push(
            Rule::RequestBodyRemoved,
            RustEffect::Breaking,
            format!("{name}: request body removed"),
        ),
        (Some(a), Some(b)) => {
            let direction = apis.direction(&a.0, &b.0);
            if direction != Direction::Same {
                push(
                    type_rule(direction, true, false, Rule::RequestBodyTypeChanged),
                    RustEffect::Breaking,
                    format!("{name}: request body {} -> {}", show(&a.0), show(&b.0)),
                );
            }
            if a.1 != b.1 {
                push(
                    Rule::RequestBodyMediaTypeChanged,
                    RustEffect::None,
                    format!("{name}: request body sent as {:?}, was {:?}", b.1, a.1),
                );
            }
            if a.2 != b.2 {
                // `&T` <-> `Option<&T>` in the method's arguments.
                push(
                    if b.2 {
                        Rule::RequestBodyBecameRequired
                    } else {
                        Rule::RequestBodyBecameOptional
                    },
                    RustEffect::Breaking,
                    format!(
                        "{name}: request body is now {}",
                        if b.2 { "required" } else { "optional" }
                    ),
                );
            }
        }
        _ => {}
    }
}

fn response_changes(
    apis: Apis,
    was: &Operation,
    op: &Operation,
    name: &str,
    changes: &mut Changes,
) {
    let mut push = |rule, rust, description| changes.push(rule, rust, description);
    // `Option<T>` when some success statuses answer without a body.
    // An enum of answers shows its statuses and bodies; a raw answer its type.
    let shown = |o: &Operation| match &o.returns {
        Returns::Raw => "Response (raw)".to_string(),
        Returns::Answers { type_name, answers } => {
            let variants: Vec<String> = answers
                .iter()
                .map(|a| match &a.body {
                    Some((ty, _)) => format!("{}({})", a.variant, show(ty)),
                    None => a.variant.clone(),
                })
                .collect();
            format!("{type_name} {{ {} }}", variants.join(", "))
        }
        Returns::Body { ty, .. } => show(ty),
        Returns::Optional { ty, .. } => format!("Option<{}>", show(ty)),
    };
    // How the bodies are encoded (an enum of answers: what each status answers).
    let encoded = |o: &Operation| match &o.returns {
        Returns::Body { media, .. } | Returns::Optional { media, .. } => Ok(media.clone()),
        Returns::Answers { answers, .. } => Err(answers.clone()),
        Returns::Raw => Ok(Media::Json),
    };
    // One body type on both sides: judged by its shape and direction, not by its name.
    let body = |o: &Operation| match &o.returns {
        Returns::Body { ty, .. } => Some((ty.clone(), false)),
        Returns::Optional { ty, .. } => Some((ty.clone(), true)),
        _ => None,
    };
    let direction = match (body(was), body(op)) {
        (Some((a, x)), Some((b, y))) if x == y => Some(apis.direction(&a, &b)),
        _ => None,
    };
    let empty = |o: &Operation| {
        matches!(
            &o.returns,
            Returns::Body {
                ty: TypeRef::Unit,
                ..
            }
        )
    };
    if empty(was) != empty(op) && body(was).is_some() && body(op).is_some() {
        // An answer that gains a body breaks no client that ignored the empty one; one that
        // loses its body leaves clients reading it with nothing.
        let (rule, text) = if empty(was) {
            (Rule::ResponseBodyAdded, "now answers with a body")
        } else {
            (Rule::ResponseBodyRemoved, "no longer answers with a body")
        };
        push(
            rule,
            RustEffect::Breaking,
            format!("{name}: {text} ({} -> {})", shown(was), shown(op)),
        );
    } else if let Some(direction) = direction.filter(|d| *d != Direction::Same) {
        push(
            type_rule(direction, false, true, Rule::ResponseTypeChanged),
            RustEffect::Breaking,
            format!("{name}: response {} -> {}", shown(was), shown(op)),
        );
    } else if direction.is_none() && shown(was) != shown(op) {
        push(
            Rule::ResponseTypeChanged,
            RustEffect::Breaking,
            format!("{name}: response {} -> {}", shown(was), shown(op)),
        );
    } else if encoded(was) != encoded(op) {
        push(
            Rule::ResponseMediaTypeChanged,
            RustEffect::None,
            format!("{name}: response media type changed"),
        );
    }
    let codes = |o: &Operation| -> BTreeSet<String> {
        o.returns
            .success()
            .iter()
            .map(|status| match status {
                SuccessStatus::Code(code) => code.to_string(),
                SuccessStatus::Range => "2XX".to_string(),
                SuccessStatus::Default => "default".to_string(),
            })
            .collect()
    };
    let (a, b) = (codes(was), codes(op));
    for added in b.difference(&a) {
        push(
            Rule::SuccessStatusAdded,
            RustEffect::None,
            format!("{name}: new success status {added} (older bindings report it as an error)"),
        );
    }
    for removed in a.difference(&b) {
        push(
            Rule::SuccessStatusRemoved,
            RustEffect::None,
            format!("{name}: success status {removed} removed"),
        );
    }
}

fn parameter_changes(
    apis: Apis,
    op: &Operation,
    location: &str,
    was: &[Param],
    now: &[Param],
    out: &mut Vec<Change>,
) {
    let item = |p: &Param| match (&op.query_type, location) {
        (Some(q), "query") => vec![format!("operations::{q}::{}", p.name), client_item(op)],
        _ => vec![client_item(op)],
    };
    for p in was {
        if !now.iter().any(|n| n.wire == p.wire) {
            out.push(Change {
                rule: Rule::RequestParameterRemoved,
                location: p.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: item(p),
                description: format!(
                    "{} {}: {location} parameter {} removed",
                    op.method, op.path, p.wire
                ),
            });
        }
    }
    for p in now {
        let Some(old) = was.iter().find(|o| o.wire == p.wire) else {
            out.push(Change {
                rule: if p.required {
                    Rule::RequiredRequestParameterAdded
                } else {
                    Rule::OptionalRequestParameterAdded
                },
                location: p.pointer.clone(),
                // A required parameter is a new argument (of the method or the query's
                // `new`); an optional one a new setter.
                rust: if p.required {
                    RustEffect::Breaking
                } else {
                    RustEffect::Additive
                },
                rust_items: item(p),
                description: format!(
                    "{} {}: {} {location} parameter {} added",
                    op.method,
                    op.path,
                    if p.required { "required" } else { "optional" },
                    p.wire
                ),
            });
            continue;
        };
        let direction = apis.direction(&old.ty, &p.ty);
        if direction != Direction::Same {
            out.push(Change {
                rule: type_rule(direction, true, false, Rule::RequestParameterTypeChanged),
                location: p.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: item(p),
                description: format!(
                    "{location} parameter {}: {} -> {}",
                    p.wire,
                    show(&old.ty),
                    show(&p.ty)
                ),
            });
        }
        if old.required != p.required {
            out.push(Change {
                rule: if p.required {
                    Rule::RequestParameterBecameRequired
                } else {
                    Rule::RequestParameterBecameOptional
                },
                location: p.pointer.clone(),
                rust: RustEffect::Breaking,
                rust_items: item(p),
                description: format!(
                    "{location} parameter {} is now {}",
                    p.wire,
                    if p.required { "required" } else { "optional" }
                ),
            });
        }
    }
}
