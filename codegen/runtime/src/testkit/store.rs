//! What the fake holds: items with their lifecycle phase (provisioning, ready, failed, being
//! deleted), and the view of an item a test reads (`Stored`). `items.rs` moves them on.

use super::answer::redacted;
use super::Model;
use serde_json::Value;
use std::time::Instant;

/// An item the fake holds. Its `Debug` shows the properties with the values of credentials
/// (keys, tokens, passwords) redacted; `properties` itself holds them as sent.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Stored {
    /// Its path (`/things/<id>`).
    pub path: String,
    /// The resource kind's name.
    pub kind: &'static str,
    /// The lifecycle status a read would show now, when the API has one.
    pub status: Option<String>,
    /// The properties as sent, write-only values included.
    pub properties: Value,
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stored")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("properties", &redacted(&self.properties))
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Busy,
    Ready,
    Failed,
    Deleting,
}

#[derive(Debug)]
pub(super) struct Item {
    pub(super) kind: usize,
    pub(super) path: String,
    pub(super) id: String,
    pub(super) properties: Value,
    pub(super) phase: Phase,
    pub(super) reads: u32,
    pub(super) since: Instant,
    pub(super) message: Option<String>,
}

impl Item {
    pub(super) fn stored(&self, model: &Model) -> Stored {
        let kind = &model.kinds[self.kind];
        Stored {
            path: self.path.clone(),
            kind: kind.name,
            status: kind
                .status
                .and(state_name(model, self.phase))
                .map(str::to_string),
            properties: self.properties.clone(),
        }
    }
}

pub(super) fn state_name(model: &Model, phase: Phase) -> Option<&'static str> {
    match phase {
        Phase::Busy => model.states.busy,
        Phase::Ready => model.states.ready,
        Phase::Failed => model.states.failed,
        Phase::Deleting => model.states.deleting,
    }
}
