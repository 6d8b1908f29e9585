//! What the fake holds and how it answers: routing a request to a kind and an operation,
//! authentication, scripted faults, the store with its lifecycle, pages, and error answers in
//! the API's own shape.

use super::answer::{get, is_credential, matches, redacted, remove, set, template, Answer};
use super::store::{state_name, Item, Phase};
use super::{Fault, Kind, Lifecycle, Model, Rejection, Shared};
use serde_json::{json, Map, Value};
use std::time::Instant;

pub use super::store::Stored;

/// A request as the HTTP side read it.
pub(super) struct Incoming {
    pub(super) method: String,
    pub(super) target: String,
    /// Names in lower case.
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
}

/// A request the fake received, for assertions. Its `Debug` shows the body with the values of
/// credentials (keys, tokens, passwords) redacted; `body` itself holds them as sent.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Received {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path and query as sent.
    pub target: String,
    /// The operationId it was routed to, if any.
    pub operation: Option<String>,
    /// The body as JSON (`Null` when empty or not JSON).
    pub body: Value,
    /// The `Authorization` scheme it carried (`Bearer`, `Basic`), never the credentials.
    pub auth_scheme: Option<String>,
    /// Its headers (names in lower case), in order; the values of credentials (authorization,
    /// cookies, keys, tokens) are `[redacted]`.
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("target", &self.target)
            .field("operation", &self.operation)
            .field("body", &redacted(&self.body))
            .field("auth_scheme", &self.auth_scheme)
            .field("headers", &self.headers)
            .finish()
    }
}

#[derive(Debug)]
pub(super) struct State {
    pub(super) items: Vec<Item>,
    pub(super) requests: Vec<super::Received>,
    pub(super) faults: Vec<Scripted>,
    pub(super) failing: Vec<(String, String)>,
    pub(super) lifecycle: Lifecycle,
    pub(super) token: String,
    pub(super) basic: Option<(String, String)>,
    /// Where the fake listens, for the absolute URLs of page links.
    pub(super) base_url: String,
    /// Page sizes set by the test (else the spec's default and maximum).
    pub(super) default_limit: Option<u64>,
    pub(super) max_limit: Option<u64>,
}

/// A fault scripted for an operation.
#[derive(Debug)]
pub(super) struct Scripted {
    pub(super) operation: String,
    script: Script,
    fault: Fault,
}

/// Which requests a scripted fault meets.
#[derive(Debug)]
pub(super) enum Script {
    /// The next this many.
    Times(usize),
    Always,
    /// Each with this probability, drawn from a xorshift generator in this state.
    Sometimes {
        probability: f64,
        draw: u64,
    },
}

impl State {
    pub(super) fn new(token: &str) -> State {
        State {
            items: Vec::new(),
            requests: Vec::new(),
            faults: Vec::new(),
            failing: Vec::new(),
            lifecycle: Lifecycle::default(),
            token: token.to_string(),
            basic: None,
            base_url: String::new(),
            default_limit: None,
            max_limit: None,
        }
    }

    /// Forgets items, requests, faults and failures; settings stay.
    pub(super) fn reset(&mut self) {
        self.items.clear();
        self.requests.clear();
        self.faults.clear();
        self.failing.clear();
    }

    pub(super) fn script(&mut self, operation: String, script: Script, fault: Fault) {
        self.faults.push(Scripted {
            operation,
            script,
            fault,
        });
    }

    /// Why `fail(id)` could never take effect, if it could not.
    pub(super) fn can_fail(&self, model: &Model, id: &str) -> Result<(), String> {
        let Some(item) = self.items.iter().find(|i| i.id == id) else {
            let held: Vec<&str> = self.items.iter().map(|i| i.id.as_str()).collect();
            return Err(format!(
                "the fake holds no item with this id (it holds {})",
                if held.is_empty() {
                    "none".to_string()
                } else {
                    held.join(", ")
                }
            ));
        };
        if item.phase != Phase::Busy {
            let shown = state_name(model, item.phase).unwrap_or("not provisioning");
            return Err(format!(
                "the item is {shown}: only an item still provisioning can end failed"
            ));
        }
        Ok(())
    }

    /// Whether the request carries the credentials the fake accepts.
    fn authorized(&self, incoming: &Incoming) -> bool {
        let Some((_, value)) = incoming.headers.iter().find(|(n, _)| n == "authorization") else {
            return false;
        };
        if let Some(token) = value.strip_prefix("Bearer ") {
            return token == self.token;
        }
        match (value.strip_prefix("Basic "), &self.basic) {
            (Some(encoded), Some((user, password))) => {
                use base64::Engine;
                let expected =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                encoded == expected
            }
            _ => false,
        }
    }

    /// The fault scripted for the operation's next request, if any (and counts it).
    fn take_fault(&mut self, operation: &str) -> Option<Fault> {
        let mut hit = None;
        for (position, scripted) in self.faults.iter_mut().enumerate() {
            if scripted.operation != operation {
                continue;
            }
            let meets = match &mut scripted.script {
                Script::Times(left) => {
                    *left = left.saturating_sub(1);
                    true
                }
                Script::Always => true,
                Script::Sometimes { probability, draw } => {
                    *draw ^= *draw << 13;
                    *draw ^= *draw >> 7;
                    *draw ^= *draw << 17;
                    let unit = (*draw >> 11) as f64 / (1u64 << 53) as f64;
                    unit < *probability
                }
            };
            if meets {
                hit = Some((position, scripted.fault));
                break;
            }
        }
        let (position, fault) = hit?;
        if matches!(self.faults[position].script, Script::Times(0)) {
            self.faults.remove(position);
        }
        Some(fault)
    }
}

/// Which operation shape a request has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    List,
    Create,
    Get,
    Ensure,
    Delete,
}

impl Shared {
    /// Answers one request (the HTTP side applies the delay and the reset).
    pub(super) fn answer(&self, incoming: Incoming) -> Answer {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let path = incoming
            .target
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        let route = self.route(&incoming.method, &path);
        let operation = route.and_then(|(kind, shape)| self.operation(kind, shape?));
        state.requests.push(Received {
            method: incoming.method.clone(),
            target: incoming.target.clone(),
            operation: operation.map(str::to_string),
            body: serde_json::from_slice(&incoming.body).unwrap_or(Value::Null),
            auth_scheme: incoming
                .headers
                .iter()
                .find(|(n, _)| n == "authorization")
                .and_then(|(_, v)| v.split_whitespace().next())
                .map(str::to_string),
            headers: incoming
                .headers
                .iter()
                .map(|(name, value)| match is_credential(name) {
                    true => (name.clone(), "[redacted]".to_string()),
                    false => (name.clone(), value.clone()),
                })
                .collect(),
        });
        let Some((kind, shape)) = route else {
            return self.error(404, &[format!("no resource at {path}")]);
        };
        let (Some(shape), Some(operation)) = (shape, operation) else {
            return self.error(405, &[format!("{} is not allowed here", incoming.method)]);
        };
        if !state.authorized(&incoming) {
            return self.error(401, &["missing or wrong credentials".to_string()]);
        }
        let after = match state.take_fault(operation) {
            Some(Fault::Status(status)) => {
                return self.error(status, &[format!("scripted {status}")]);
            }
            Some(Fault::RateLimited { retry_after }) => {
                let mut answer = self.error(429, &["scripted rate limit".to_string()]);
                let seconds = retry_after
                    .as_secs()
                    .max(u64::from(retry_after.subsec_nanos() > 0));
                answer
                    .headers
                    .push(("retry-after".into(), seconds.to_string()));
                return answer;
            }
            Some(Fault::Reset) => {
                return Answer {
                    reset: true,
                    ..Answer::status_only(0)
                };
            }
            other => other,
        };
        let mut answer = self.act(&mut state, kind, shape, &path, &incoming);
        match after {
            Some(Fault::Latency(delay)) => answer.delay = delay,
            Some(Fault::LoseAnswer) => answer.reset = true,
            Some(Fault::StatusAfterActing(status)) => {
                answer = self.error(status, &[format!("scripted {status} after acting")]);
            }
            _ => {}
        }
        answer
    }

    /// The kind whose item or collection template the path matches, and the operation shape
    /// the method asks for there (`None`: not allowed).
    fn route(&self, method: &str, path: &str) -> Option<(usize, Option<Shape>)> {
        self.model
            .kinds
            .iter()
            .enumerate()
            .find_map(|(index, kind)| {
                // `HEAD` reads like `GET` (hyper leaves the body out).
                let shape = if matches(kind.item, path) {
                    match method {
                        "GET" | "HEAD" => Some(Shape::Get),
                        "PUT" => Some(Shape::Ensure),
                        "DELETE" => Some(Shape::Delete),
                        _ => None,
                    }
                } else if matches(kind.collection, path) {
                    match method {
                        "GET" | "HEAD" => Some(Shape::List),
                        "POST" => Some(Shape::Create),
                        _ => None,
                    }
                } else {
                    return None;
                };
                Some((index, shape))
            })
    }

    fn operation(&self, kind: usize, shape: Shape) -> Option<&'static str> {
        let kind = &self.model.kinds[kind];
        match shape {
            Shape::List => kind.list,
            Shape::Create => kind.create.as_ref().map(|w| w.operation),
            Shape::Get => kind.get,
            Shape::Ensure => kind.ensure.as_ref().map(|w| w.operation),
            Shape::Delete => kind.delete.as_ref().map(|d| d.operation),
        }
    }

    /// An error answer in the API's shape, one message per line given.
    pub(super) fn error(&self, status: u16, messages: &[String]) -> Answer {
        let shape = &self.model.error;
        let mut body = template(shape.template);
        if let Some(path) = shape.status {
            set(&mut body, path, json!(status));
        }
        if let (Some(list), Some(text)) = (shape.messages, shape.text) {
            let entries = messages
                .iter()
                .map(|m| {
                    let mut entry = Map::new();
                    entry.insert(text.to_string(), json!(m));
                    Value::Object(entry)
                })
                .collect();
            set(&mut body, list, Value::Array(entries));
        }
        Answer::json(status, body)
    }

    fn act(
        &self,
        state: &mut State,
        kind_index: usize,
        shape: Shape,
        path: &str,
        incoming: &Incoming,
    ) -> Answer {
        let kind = &self.model.kinds[kind_index];
        if let Some(parent) = self.parent_path(kind, shape, path) {
            if !state.items.iter().any(|i| i.path == parent) {
                return self.error(404, &[format!("no parent item at {parent}")]);
            }
        }
        let write = match shape {
            Shape::List => return self.list(state, kind_index, path, &incoming.target),
            Shape::Get => return self.read_item(state, path, kind),
            Shape::Delete => return self.delete(state, kind, path),
            Shape::Create => kind.create.as_ref(),
            Shape::Ensure => kind.ensure.as_ref(),
        };
        match write {
            Some(write) => self.write(
                state,
                kind_index,
                write,
                shape == Shape::Create,
                path,
                incoming,
            ),
            None => self.error(405, &["not allowed".to_string()]),
        }
    }

    /// The item a nested resource lives under (`/things/<id>` for `/things/<id>/parts`): the
    /// concrete path up to the last variable of the collection template, when that is the
    /// item of a kind the fake knows.
    pub(super) fn parent_path(&self, kind: &Kind, shape: Shape, path: &str) -> Option<String> {
        let template: Vec<&str> = kind.collection.trim_matches('/').split('/').collect();
        let last_variable = template.iter().rposition(|s| s.starts_with('{'))?;
        let given: Vec<&str> = path.trim_matches('/').split('/').collect();
        let extra = usize::from(!matches!(shape, Shape::List | Shape::Create));
        (given.len() == template.len() + extra).then_some(())?;
        let parent = format!("/{}", given[..=last_variable].join("/"));
        self.model
            .kinds
            .iter()
            .any(|k| matches(k.item, &parent))
            .then_some(parent)
    }

    /// A create (the fake picks the id) or an ensure (the path's id; the body's must agree):
    /// the body checked with the generated type, the item stored provisioning (or ready when
    /// the lifecycle takes no time), its read answered.
    fn write(
        &self,
        state: &mut State,
        kind_index: usize,
        write: &super::Write,
        create: bool,
        path: &str,
        incoming: &Incoming,
    ) -> Answer {
        // The API takes JSON: another media type is refused before the body is read.
        let media = incoming
            .headers
            .iter()
            .find(|(n, _)| n == "content-type")
            .map(|(_, v)| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            });
        let json = media
            .as_deref()
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        if !json {
            let sent = media.unwrap_or_else(|| "no content type".into());
            return self.error(
                415,
                &[format!("{sent} is not accepted: send application/json")],
            );
        }
        let body = match (write.check)(&incoming.body) {
            Ok(body) => body,
            Err(Rejection::Malformed(why)) => return self.error(400, &[why]),
            Err(Rejection::Invalid(violations)) => {
                let lines: Vec<String> = violations.iter().map(ToString::to_string).collect();
                return self.error(422, &lines);
            }
        };
        let properties = get(&body, write.properties).cloned().unwrap_or(Value::Null);
        let (id, item_path) = if create {
            // Random v4 ids, as real APIs hand out: unique across fakes, never guessed.
            let id = uuid::Uuid::new_v4().to_string();
            (id.clone(), format!("{path}/{id}"))
        } else {
            let id = path.rsplit('/').next().unwrap_or_default().to_string();
            let sent = write.id.and_then(|p| get(&body, p)).and_then(Value::as_str);
            if let Some(sent) = sent.filter(|sent| *sent != id) {
                return self.error(422, &[format!("id: {sent} is not the id in the path")]);
            }
            (id, path.to_string())
        };
        let instant = state.lifecycle.busy_reads == 0 && state.lifecycle.busy_for.is_zero();
        let item = Item {
            kind: kind_index,
            path: item_path.clone(),
            id,
            properties,
            phase: if instant { Phase::Ready } else { Phase::Busy },
            reads: 0,
            since: Instant::now(),
            message: None,
        };
        let (status, position) = match state.items.iter().position(|i| i.path == item_path) {
            Some(i) => {
                state.items[i] = item;
                (write.replaced, i)
            }
            None => {
                state.items.push(item);
                (write.created, state.items.len() - 1)
            }
        };
        Answer::json(status, self.read_body(&state.items[position]))
    }

    /// A delete: the item and what is below it are being deleted (gone at once when the
    /// lifecycle takes no reads or the kind reports no status).
    fn delete(&self, state: &mut State, kind: &Kind, path: &str) -> Answer {
        let Some(delete) = &kind.delete else {
            return self.error(405, &["not allowed".to_string()]);
        };
        let below = format!("{path}/");
        let is_it_or_below = |item: &Item| item.path == path || item.path.starts_with(&below);
        if !state.items.iter().any(|i| i.path == path) {
            return self.error(404, &[format!("no {} at {path}", kind.name)]);
        }
        for item in state.items.iter_mut().filter(|i| is_it_or_below(i)) {
            item.phase = Phase::Deleting;
            item.reads = 0;
        }
        if state.lifecycle.deleting_reads == 0 || kind.status.is_none() {
            state.items.retain(|i| !is_it_or_below(i));
        }
        Answer::status_only(delete.status)
    }

    /// A read of one item moves its lifecycle on (see [`advance`](Self::advance)).
    fn read_item(&self, state: &mut State, path: &str, kind: &Kind) -> Answer {
        let Some(position) = state.items.iter().position(|i| i.path == path) else {
            return self.error(404, &[format!("no {} at {path}", kind.name)]);
        };
        if self.advance(state, position) {
            return self.error(404, &[format!("no {} at {path}", kind.name)]);
        }
        let Some(position) = state.items.iter().position(|i| i.path == path) else {
            return self.error(404, &[format!("no {} at {path}", kind.name)]);
        };
        Answer::json(200, self.read_body(&state.items[position]))
    }

    /// The read answer of an item: the template with its id, URL, properties (less the
    /// write-only values) and status.
    pub(super) fn read_body(&self, item: &Item) -> Value {
        let kind = &self.model.kinds[item.kind];
        let mut body = template(kind.read);
        set(&mut body, kind.id, json!(item.id));
        if let Some(href) = kind.href {
            set(&mut body, href, json!(item.path));
        }
        let mut properties = item.properties.clone();
        for secret in kind.write_only {
            remove(&mut properties, secret);
        }
        set(&mut body, kind.properties, properties);
        if let (Some(status), Some(name)) = (kind.status, state_name(&self.model, item.phase)) {
            set(&mut body, status, json!(name));
        }
        if let (Some(path), Some(message)) = (kind.message, &item.message) {
            set(&mut body, path, json!(message));
        }
        // From the stored properties, which keep the write-only values some are computed from.
        for derived in kind.derived {
            let written = get(&item.properties, derived.from).and_then(Value::as_str);
            if let Some(value) = written.and_then(derived.derive) {
                set(&mut body, derived.to, json!(value));
            }
        }
        body
    }
}
