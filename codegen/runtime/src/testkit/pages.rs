//! List answers: the query's `offset` and `limit` checked against the spec's bounds (every
//! problem listed), the page sizes a test set (a default, and a cap below the spec's maximum),
//! one page of the items directly below the collection, each read moving its lifecycle on,
//! with the page's own offset, limit and links.

use super::answer::{query_value, set, template, Answer};
use super::state::State;
use super::Shared;
use serde_json::{json, Value};

impl Shared {
    /// One page of the items directly below the collection, by `offset` and `limit`.
    pub(super) fn list(
        &self,
        state: &mut State,
        kind_index: usize,
        path: &str,
        target: &str,
    ) -> Answer {
        let kind = &self.model.kinds[kind_index];
        let Some(page) = &kind.page else {
            return self.error(405, &["not a list".to_string()]);
        };
        // The spec's bounds refuse a query; a maximum the test set caps pages below them,
        // as a server may (the answer's `limit` says so).
        let default = state.default_limit.unwrap_or(page.default_limit);
        let mut problems = Vec::new();
        let offset = number(target, "offset", 0, 0, None, &mut problems);
        let min = page.limit_min.unwrap_or(1).max(1);
        let limit = number(target, "limit", default, min, page.limit_max, &mut problems);
        if !problems.is_empty() {
            return self.error(400, &problems);
        }
        let limit = state.max_limit.map_or(limit, |cap| limit.min(cap));
        let prefix = format!("{path}/");
        let below: Vec<String> = state
            .items
            .iter()
            .filter(|i| i.kind == kind_index)
            .filter(|i| {
                i.path
                    .strip_prefix(&prefix)
                    .is_some_and(|id| !id.contains('/'))
            })
            .map(|i| i.path.clone())
            .collect();
        // A list is a read of every item in it: their lifecycles move on as for a get.
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let size = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut all = 0;
        let mut items = Vec::new();
        for item_path in below {
            let Some(position) = state.items.iter().position(|i| i.path == item_path) else {
                continue;
            };
            if self.advance(state, position) {
                continue;
            }
            let Some(position) = state.items.iter().position(|i| i.path == item_path) else {
                continue;
            };
            if all >= start && items.len() < size {
                items.push(self.read_body(&state.items[position]));
            }
            all += 1;
        }
        let shown = items.len();
        let mut body = template(page.template);
        set(&mut body, page.items, Value::Array(items));
        let link = |at: u64| format!("{}{path}?offset={at}&limit={limit}", state.base_url);
        let fields = [
            (page.href, Some(json!(path))),
            (page.offset, Some(json!(offset))),
            (page.limit, Some(json!(limit))),
            (page.this, Some(json!(link(offset)))),
            (
                page.next,
                (start.saturating_add(shown) < all).then(|| json!(link(offset + shown as u64))),
            ),
            (
                page.previous,
                (offset > 0).then(|| json!(link(offset.saturating_sub(limit)))),
            ),
        ];
        for (at, value) in fields {
            if let (Some(at), Some(value)) = (at, value) {
                set(&mut body, at, value);
            }
        }
        Answer::json(200, body)
    }
}

/// A whole-number query parameter within bounds, else `default`; a problem is listed in the
/// words of the client's own validation.
fn number(
    target: &str,
    name: &str,
    default: u64,
    min: u64,
    max: Option<u64>,
    problems: &mut Vec<String>,
) -> u64 {
    let Some(text) = query_value(target, name) else {
        return default;
    };
    let Ok(value) = text.parse::<i128>() else {
        problems.push(format!("{name}: {text:?} is not a whole number"));
        return default;
    };
    if value < i128::from(min) {
        problems.push(format!(
            "{name}: {value} is out of range: must be at least {min}"
        ));
        return default;
    }
    if let Some(max) = max.filter(|max| value > i128::from(*max)) {
        problems.push(format!(
            "{name}: {value} is out of range: must be at most {max}"
        ));
        return default;
    }
    u64::try_from(value).unwrap_or(default)
}
