//! What happens to the items the fake holds: every read moves an item's lifecycle on, and a
//! test puts items in directly (checked as a write's body would be).

use super::state::{Shape, State};
use super::store::{Item, Phase};
use super::{Seeded, Shared};
use serde_json::Value;
use std::time::Instant;

impl Shared {
    /// Every read of an item, alone or in a list, moves its lifecycle on: provisioning ends
    /// after the set reads and time (ready, or failed when scripted), deletion after the set
    /// reads. Whether the item is gone now (it and what is below it are removed).
    pub(super) fn advance(&self, state: &mut State, position: usize) -> bool {
        let lifecycle = state.lifecycle;
        let failing = state
            .failing
            .iter()
            .position(|(id, _)| *id == state.items[position].id);
        let item = &mut state.items[position];
        match item.phase {
            Phase::Busy => {
                if item.reads < lifecycle.busy_reads || item.since.elapsed() < lifecycle.busy_for {
                    item.reads += 1;
                } else if let Some(f) = failing {
                    item.phase = Phase::Failed;
                    item.message = Some(state.failing.remove(f).1);
                } else {
                    item.phase = Phase::Ready;
                }
                false
            }
            Phase::Deleting if item.reads < lifecycle.deleting_reads => {
                item.reads += 1;
                false
            }
            Phase::Deleting => {
                let path = item.path.clone();
                let below = format!("{path}/");
                state
                    .items
                    .retain(|i| i.path != path && !i.path.starts_with(&below));
                true
            }
            Phase::Ready | Phase::Failed => false,
        }
    }

    /// Puts an item below `collection` in the state asked for; its id, or why not.
    pub(super) fn seed(
        &self,
        state: &mut State,
        collection: &str,
        properties: Value,
        seeded: Seeded,
    ) -> Result<String, String> {
        let found = self
            .model
            .kinds
            .iter()
            .enumerate()
            .find(|(_, kind)| super::answer::matches(kind.collection, collection));
        let Some((kind_index, kind)) = found else {
            return Err("no resource of the API lives at this path".into());
        };
        if let Some(parent) = self.parent_path(kind, Shape::Create, collection) {
            if !state.items.iter().any(|i| i.path == parent) {
                return Err(format!("no parent item at {parent}"));
            }
        }
        // Checked as a create's (or an ensure's) body would be.
        let write = kind.create.as_ref().or(kind.ensure.as_ref());
        if let Some(write) = write {
            let mut body = serde_json::json!({});
            super::answer::set(&mut body, write.properties, properties.clone());
            if let Some(id) = write.id {
                super::answer::set(&mut body, id, serde_json::json!(uuid::Uuid::nil()));
            }
            if let Err(rejection) = (write.check)(body.to_string().as_bytes()) {
                return Err(format!("the properties break the spec: {rejection}"));
            }
        }
        let id = uuid::Uuid::new_v4().to_string();
        let (phase, message) = match seeded {
            Seeded::Provisioning => (Phase::Busy, None),
            Seeded::Ready => (Phase::Ready, None),
            Seeded::Failed(message) => (Phase::Failed, Some(message)),
        };
        state.items.push(Item {
            kind: kind_index,
            path: format!("{}/{id}", collection.trim_end_matches('/')),
            id: id.clone(),
            properties,
            phase,
            reads: 0,
            since: Instant::now(),
            message,
        });
        Ok(id)
    }
}
