//! Resources: what a handle (`client.things()`) over a collection and its item has, every
//! choice made by resolve.

use super::{Param, TypeRef};

/// A collection path and its item path (`/things`, `/things/{thingId}`) served by operations of
/// the usual shapes (found by `conventions`): one handle (`client.things()`) with `list`, `get`,
/// `create`, `ensure`, `delete` and the waits, each calling the operation it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The handle method on `Client` (`wireguard_peers`).
    pub handle: String,
    /// The handle's type (`WireguardPeers`) and its list request's (`WireguardPeersList`).
    pub type_name: String,
    pub doc: Option<String>,
    /// Path parameters of the collection (`gateway_id`), taken by the handle method.
    pub parents: Vec<Param>,
    /// The item's own path parameter (`peer_id`).
    pub id: Param,
    /// What errors and waits call an item: the properties' type when the writes have one
    /// (`IpSecTunnel`), else the handle's type.
    pub item_kind: String,
    /// The read type every item operation answers with (`WireguardPeerRead`).
    pub read: Option<TypeRef>,
    /// Operation names (`Operation::fn_name`) of each shape present.
    pub list: Option<String>,
    /// The request `list()` starts, when the list operation's query has no required
    /// parameter (a handle's `list()` takes no argument).
    pub list_request: Option<ListRequest>,
    pub get: Option<String>,
    /// The read reports a lifecycle: the handle has `wait_until_ready` and `wait_until_gone`.
    pub waits: bool,
    pub create: Option<Envelope>,
    pub ensure: Option<Envelope>,
    pub delete: Option<Delete>,
    /// Read-modify-write through `get` and `ensure`, when the read type holds the ensure's
    /// properties.
    pub update: Option<Update>,
    /// `create_idempotent`: an `ensure` with a random UUID, when the id is a UUID and the
    /// handle can read what it made.
    pub create_idempotent: bool,
    /// The handle is also one of the multi-region client's: a top-level collection with a
    /// `list()` and a `get`.
    pub every_region: bool,
    /// Values of the read answer the server computes from written ones (`x-derived`), for
    /// the generated fake.
    pub derived: Vec<DerivedValue>,
    /// Where the generated fake finds and fills in the parts of the resource's answers.
    pub fake: FakeWire,
}

/// Where the parts of a resource's answers sit, in wire names (`["metadata", "status"]`):
/// what the generated fake reads and fills in, found from the conventions resolve recognised
/// (the read type's fields, its lifecycle, the list's page shape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeWire {
    /// The collection's and the item's path templates the fake routes (`/things`,
    /// `/things/{thingId}`).
    pub collection: String,
    pub item: String,
    /// Where a read answer keeps the item's id (`["id"]`).
    pub id: Vec<String>,
    /// Where a read answer keeps its own URL, if it has one (`["href"]`).
    pub href: Option<Vec<String>>,
    /// Where a read answer keeps the properties written (`["properties"]`).
    pub properties: Vec<String>,
    /// Where a read answer keeps its lifecycle status, when it has a lifecycle.
    pub status: Option<Vec<String>>,
    /// Where a read answer keeps the status message beside it.
    pub message: Option<Vec<String>>,
    /// How a list answer is laid out, when the resource has a paginated list.
    pub page: Option<PageWire>,
}

/// The success codes a write of the fake answers with: each the operation's declared code of
/// that meaning (`201` made, `200` replaced), else its first declared 2xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStatus {
    /// The answer when the write made the item.
    pub created: u16,
    /// The answer when the item was there already and the write replaced it.
    pub replaced: u16,
}

/// The wire values of the lifecycle status the fake reports (`"BUSY"`, `"AVAILABLE"`): each
/// the first value of its meaning, of the first lifecycle the API has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeStates {
    /// Still provisioning.
    pub busy: Option<String>,
    /// Provisioned and usable.
    pub ready: Option<String>,
    /// Provisioning failed.
    pub failed: Option<String>,
    /// Being deleted.
    pub deleting: Option<String>,
}

/// Where the parts of a list answer sit, in wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWire {
    /// The items (`["items"]`).
    pub items: Vec<String>,
    /// The answer's own URL (`["href"]`).
    pub href: Option<Vec<String>>,
    /// Where the answer repeats the page's offset and limit.
    pub offset: Option<Vec<String>>,
    pub limit: Option<Vec<String>>,
    /// The links to the next and previous pages and to this one (`["_links", "next"]`).
    pub next: Option<Vec<String>>,
    pub previous: Option<Vec<String>>,
    pub this: Option<Vec<String>>,
}

/// Where a computed value of a read answer sits, what it is computed from and with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedValue {
    /// Wire names in the read answer (`["metadata", "publicKey"]`).
    pub to: Vec<String>,
    /// Wire names of the written value below the properties (`["privateKey"]`).
    pub from: Vec<String>,
    /// The Rust function's path segments.
    pub function: Vec<String>,
}

/// The list request a handle's `list()` starts (`WireguardPeersList`).
#[derive(Debug, Clone, PartialEq)]
pub struct ListRequest {
    /// The request's type.
    pub type_name: String,
    /// The query struct it fills (the list operation's `query_type`).
    pub query_type: String,
    /// Each query parameter's setter, in the parameters' order: the field's name, or
    /// `with_…` where it would be a keyword or one of the request's own methods.
    pub setters: Vec<String>,
    /// The method that starts a paginated walk after a count of items (`usize`), setting the
    /// offset parameter: `skip`, else `skip_items` when a setter is named `skip`; `None` when
    /// the list has no pagination.
    pub skip: Option<String>,
}

/// A handle's `delete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    /// The operation (`Operation::fn_name`).
    pub operation: String,
    /// It answers `rt::Deleting` (`.gone()` waits): the item has a lifecycle and the
    /// operation answers no body.
    pub deleting: bool,
    /// The code the generated fake answers a deletion with.
    pub fake_status: u16,
}

/// Which id an accepted write waits on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitId {
    /// The id the caller passed (`ensure`).
    Argument,
    /// The id the answer holds in this Rust field of the read type (`create`).
    AnswerField(String),
}

/// How an update sends back what a read gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The read type's field with the properties (`properties`).
    pub field: String,
    /// The write-only values in the properties: a read never returns them, so the caller must
    /// set them again.
    pub write_only: Vec<WriteOnly>,
}

/// Where a write-only value sits below the properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOnly {
    /// Wire names (`["auth", "psk", "key"]`).
    pub wire: Vec<String>,
    /// Rust field names (`["auth", "psk", "key"]`, `["private_key"]`).
    pub rust: Vec<String>,
}

/// A request body of the `{properties, metadata?}` (create) or `{id, properties, metadata?}`
/// (ensure) shape, built by the handle from the properties alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The operation (`Operation::fn_name`).
    pub operation: String,
    /// The body type (`WireguardPeerCreate`).
    pub body: String,
    /// The properties' type (`WireguardPeer`).
    pub properties: TypeRef,
    /// The arguments of the body type's `new`, in order.
    pub arguments: Vec<EnvelopeArgument>,
    /// Where the body keeps the properties (`["properties"]`) and the id (an ensure's,
    /// `["id"]`), in wire names, for the generated fake.
    pub properties_wire: Vec<String>,
    pub id_wire: Option<Vec<String>>,
    /// The codes the generated fake answers this write with.
    pub fake_status: WriteStatus,
    /// The write answers `rt::Accepted` (`.ready()` waits), waiting on this id: the item has a
    /// lifecycle and the operation answers the read type.
    pub accepted: Option<WaitId>,
}

/// One argument of an envelope's `new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopeArgument {
    /// The item id (from the path).
    Id,
    /// The properties the caller passes.
    Properties,
}
