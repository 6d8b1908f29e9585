//! A stateful fake of the API for users' tests, served in-process on 127.0.0.1: what is
//! created can be read, listed page by page, replaced and deleted; new items provision for a
//! while, faults can be scripted per operation, and every request is kept for assertions.
//!
//! This engine knows no spec: the generated `testkit` module hands it a [`Model`] of the API
//! (its resources, paths, operations, body checks and answer templates) and adds the
//! constructors users call.

mod answer;
mod check;
mod http;
mod items;
mod pages;
mod state;
mod store;

use super::api_client::ApiClient;
use super::client::{Client, ClientBuilder};
use super::retry::RetryPolicy;
use super::validate::Violation;
use super::wait::WaitOptions;
use state::State;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use state::{Received, Stored};

/// A JSON path of wire names (`["metadata", "status"]`).
pub type Path = &'static [&'static str];

/// The API as the fake serves it (made by generated code).
#[derive(Debug)]
pub struct Model {
    /// Every resource kind.
    pub kinds: Vec<Kind>,
    /// How error answers look.
    pub error: ErrorTemplate,
    /// The status values of the provisioning lifecycle.
    pub states: States,
}

/// One resource kind: where it lives, which operations serve it, how its answers look.
#[derive(Debug)]
pub struct Kind {
    /// For error messages (`Thing`).
    pub name: &'static str,
    /// The collection path template (`/things/{thingId}/parts`).
    pub collection: &'static str,
    /// The item path template (`/things/{thingId}/parts/{partId}`).
    pub item: &'static str,
    /// The operation id that lists the collection, when the API has one.
    pub list: Option<&'static str>,
    /// The operation id that reads one item.
    pub get: Option<&'static str>,
    /// The operation that creates an item in the collection (`POST`).
    pub create: Option<Write>,
    /// The operation that creates or replaces an item by id (`PUT`).
    pub ensure: Option<Write>,
    /// The operation that deletes an item.
    pub delete: Option<Delete>,
    /// A read answer with every required field, to fill in (JSON).
    pub read: &'static str,
    /// Where a read answer keeps the id.
    pub id: Path,
    /// Where a read answer keeps its own URL.
    pub href: Option<Path>,
    /// Where a read answer keeps the properties.
    pub properties: Path,
    /// Where a read answer keeps the lifecycle status.
    pub status: Option<Path>,
    /// Where a read answer keeps the status message.
    pub message: Option<Path>,
    /// Values below the properties that are accepted and never answered.
    pub write_only: &'static [Path],
    /// Read-only values the server computes from written ones.
    pub derived: &'static [Derived],
    /// How a list answer looks, when there is a list operation.
    pub page: Option<PageTemplate>,
}

/// A read-only value of a read answer that the server computes from a written value (the
/// spec's `x-derived`): the fake answers it with the named function of what was written.
#[doc(hidden)]
#[derive(Debug)]
pub struct Derived {
    /// Where the written text is, below the properties.
    pub from: Path,
    /// Where the read answer has the computed value.
    pub to: Path,
    /// The written text to the answered text; `None` leaves the template's value.
    pub derive: fn(&str) -> Option<String>,
}

/// What a [`Derived`] function answered: the text, or nothing (a function that always has an
/// answer may return `String`).
#[doc(hidden)]
pub fn derived(value: impl Into<Option<String>>) -> Option<String> {
    value.into()
}

/// A write operation (create or ensure) and how its body is checked.
#[derive(Debug)]
pub struct Write {
    /// Its operation id.
    pub operation: &'static str,
    /// Parses and validates a body with the generated types; the accepted body as JSON.
    pub check: fn(&[u8]) -> Result<serde_json::Value, Rejection>,
    /// Where the body keeps the properties.
    pub properties: Path,
    /// Where the body keeps the id (an ensure's).
    pub id: Option<Path>,
    /// The answer's status for a new item.
    pub created: u16,
    /// The answer's status for a replaced item.
    pub replaced: u16,
}

/// A delete operation and its answer's status.
#[derive(Debug)]
pub struct Delete {
    /// Its operation id.
    pub operation: &'static str,
    /// The answer's status.
    pub status: u16,
}

/// A list answer to fill in.
#[derive(Debug)]
pub struct PageTemplate {
    /// A list answer with every required field (JSON).
    pub template: &'static str,
    /// Where the answer keeps the items.
    pub items: Path,
    /// Where it keeps its own URL.
    pub href: Option<Path>,
    /// Where it repeats the page's offset.
    pub offset: Option<Path>,
    /// Where it repeats the page's limit.
    pub limit: Option<Path>,
    /// Where it links the next page.
    pub next: Option<Path>,
    /// Where it links the previous page.
    pub previous: Option<Path>,
    /// Where it links this page.
    pub this: Option<Path>,
    /// The page size when the request names none.
    pub default_limit: u64,
    /// The spec's lower bound of the `limit` parameter.
    pub limit_min: Option<u64>,
    /// The spec's upper bound of the `limit` parameter.
    pub limit_max: Option<u64>,
}

/// An error answer to fill in.
#[derive(Debug)]
pub struct ErrorTemplate {
    /// An error answer with every required field (JSON).
    pub template: &'static str,
    /// An integer field repeating the HTTP status.
    pub status: Option<Path>,
    /// Where the answer keeps its list of messages.
    pub messages: Option<Path>,
    /// Each message's text field.
    pub text: Option<&'static str>,
}

/// The lifecycle's status values, when the API reports one.
#[derive(Debug, Default)]
pub struct States {
    /// While an item provisions.
    pub busy: Option<&'static str>,
    /// When it is usable.
    pub ready: Option<&'static str>,
    /// When provisioning failed.
    pub failed: Option<&'static str>,
    /// While it is being deleted.
    pub deleting: Option<&'static str>,
}

/// Why a body was refused.
#[derive(Debug)]
pub enum Rejection {
    /// Not JSON (`400`), with why.
    Malformed(String),
    /// JSON that is not a body of the operation, or breaks the spec's constraints (`422`):
    /// every violation.
    Invalid(Vec<Violation>),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Malformed(why) => f.write_str(why),
            Rejection::Invalid(violations) => {
                let lines: Vec<String> = violations.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("; "))
            }
        }
    }
}

/// Checks a request body with the generated type `T`, listing every violation (see
/// `check.rs`): a body that is not JSON is `Malformed` (`400`), any other problem `Invalid`
/// (`422`).
pub fn check<T>(body: &[u8]) -> Result<serde_json::Value, Rejection>
where
    T: serde::de::DeserializeOwned + serde::Serialize + super::validate::Validate,
{
    check::check::<T>(body)
}

/// An operation of the fake, for scripting faults: the generated `testkit::Operation` enum
/// (a misspelt name does not compile), or an operationId as text (checked when used).
pub trait Target {
    /// The operationId.
    fn operation_id(&self) -> &str;
}

impl Target for &str {
    fn operation_id(&self) -> &str {
        self
    }
}

impl Target for String {
    fn operation_id(&self) -> &str {
        self
    }
}

/// The state a [seeded](FakeServer::seed) item starts in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seeded {
    /// Still provisioning (it becomes ready as the [`Lifecycle`] says).
    Provisioning,
    /// Ready.
    Ready,
    /// Failed, with this status message.
    Failed(String),
}

/// How long new, changed and deleted items take: a number of reads of the item, and for
/// provisioning also a time, whichever ends later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    /// Reads that still show an item provisioning after a create or a replace (default 1).
    pub busy_reads: u32,
    /// The least time an item provisions (default none).
    pub busy_for: Duration,
    /// Reads that still show an item being deleted (default 1); then it is gone (`404`).
    pub deleting_reads: u32,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            busy_reads: 1,
            busy_for: Duration::ZERO,
            deleting_reads: 1,
        }
    }
}

/// How the next requests of an operation misbehave (see [`FakeServer::fault`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer this error status (e.g. `503`) without acting.
    Status(u16),
    /// Answer `429` with `Retry-After` (whole seconds) without acting.
    RateLimited {
        /// The wait the answer asks for.
        retry_after: Duration,
    },
    /// Act and answer normally, after this long.
    Latency(Duration),
    /// Reset the connection without acting (the request got lost on its way).
    Reset,
    /// Act, then reset the connection (the answer got lost: a create may have happened).
    LoseAnswer,
    /// Act, then answer this error status instead of the item (e.g. `504`: a proxy in front
    /// gave up waiting while the server acted, so a create may have happened).
    StatusAfterActing(u16),
}

/// A running fake of the API on 127.0.0.1 (a random port): cheap to clone, stopped when the
/// last clone and the last client it made (or builder it handed out) are dropped. Start one
/// with the generated `testkit::start()`, call it through
/// [`client`](Self::client), script it, and look at what it received and stored. `C` is the
/// client it hands out: the generated API's.
#[derive(Clone, Debug)]
pub struct FakeServer<C = Client> {
    shared: Arc<Shared>,
    base_url: String,
    /// Held by every clone and by every client it made: dropped with the last of them, which
    /// ends the accept loop.
    stop: Arc<tokio::sync::oneshot::Sender<()>>,
    client: PhantomData<fn() -> C>,
}

#[derive(Debug)]
struct Shared {
    model: Model,
    state: Mutex<State>,
}

impl Model {
    /// Every operationId the fake serves.
    fn operations(&self) -> Vec<&'static str> {
        self.kinds
            .iter()
            .flat_map(|k| {
                [
                    k.list,
                    k.get,
                    k.create.as_ref().map(|w| w.operation),
                    k.ensure.as_ref().map(|w| w.operation),
                    k.delete.as_ref().map(|d| d.operation),
                ]
            })
            .flatten()
            .collect()
    }
}

/// The bearer token a fake accepts unless told otherwise.
const TOKEN: &str = "testkit-token";

impl<C: ApiClient> FakeServer<C> {
    /// Starts a fake of `model` (generated code calls it). Needs a running tokio runtime.
    pub async fn start_model(model: Model) -> std::io::Result<FakeServer<C>> {
        let shared = Arc::new(Shared {
            model,
            state: Mutex::new(State::new(TOKEN)),
        });
        let (base_url, stop) = http::serve(Arc::clone(&shared)).await?;
        let fake = FakeServer {
            shared,
            base_url,
            stop,
            client: PhantomData,
        };
        fake.state().base_url = fake.base_url.clone();
        Ok(fake)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held (a bug in a test) must not hide later assertions.
        self.shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Where it listens (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bearer token it accepts.
    pub fn token(&self) -> String {
        self.state().token.clone()
    }

    /// Accepts this bearer token instead of its own, as a program under test that reads its
    /// token from its configuration (an environment variable, a config file) sends it; the
    /// clients [`client`](Self::client) makes afterwards send it too.
    pub fn accept_token(&self, token: &str) {
        self.state().token = token.to_string();
    }

    /// Accepts HTTP Basic credentials too (besides the token).
    pub fn accept_basic_auth(&self, username: &str, password: &str) {
        self.state().basic = Some((username.to_string(), password.to_string()));
    }

    /// A builder pointed at the fake with its token, quick retries (10 ms, 4 attempts) and
    /// quick waits (every 10 ms, for up to 10 s); change what the test needs.
    pub fn client_builder(&self) -> C::Builder {
        C::Builder::from(self.runtime_builder())
    }

    fn runtime_builder(&self) -> ClientBuilder {
        let mut builder = Client::builder();
        // The client (and every clone) keeps the fake running: a test that only needs the
        // client can drop the fake (`testkit::start().await?.client()`).
        let running: Arc<dyn std::any::Any + Send + Sync> = self.stop.clone();
        builder.keep_alive = Some(running);
        builder
            .base_url(&self.base_url)
            .token(self.token())
            .retry(
                RetryPolicy::default()
                    .initial_delay(Duration::from_millis(10))
                    .max_delay(Duration::from_millis(100)),
            )
            .wait(
                WaitOptions::default()
                    .interval(Duration::from_millis(10))
                    .timeout(Duration::from_secs(10)),
            )
    }

    /// A client of the fake (see [`client_builder`](Self::client_builder)). The client keeps
    /// the fake running, so `testkit::start().await?.client()` is all a test needs when it
    /// does not script or inspect the fake.
    pub fn client(&self) -> C {
        match self.runtime_builder().build() {
            Ok(client) => C::from(client),
            // Its own URL and token always make a client.
            Err(e) => unreachable!("a fake's client: {e}"),
        }
    }

    /// How long items provision and take to delete (applies to later writes).
    pub fn set_lifecycle(&self, lifecycle: Lifecycle) {
        self.state().lifecycle = lifecycle;
    }

    /// The item with this id ends its provisioning failed, with this status message.
    ///
    /// # Panics
    /// When the fake holds no item with this id, or the item is not provisioning (a fail
    /// that could never happen is a mistake in the test, not a silent no-op).
    pub fn fail(&self, id: &str, message: &str) {
        let mut state = self.state();
        if let Err(why) = state.can_fail(&self.shared.model, id) {
            drop(state);
            panic!("fake.fail({id:?}): {why}");
        }
        state.failing.push((id.to_string(), message.to_string()));
    }

    /// The next `times` requests of the operation meet `fault`; `times == 0` clears what was
    /// scripted for it. The operation is the generated `testkit::Operation` or its operationId.
    ///
    /// # Panics
    /// When the fake serves no operation of that id.
    pub fn fault(&self, operation: impl Target, times: usize, fault: Fault) {
        let operation = self.served(&operation);
        let mut state = self.state();
        state
            .faults
            .retain(|f| times > 0 || f.operation != operation);
        if times > 0 {
            state.script(operation, state::Script::Times(times), fault);
        }
    }

    /// Every request of the operation meets `fault`, until [`fault`](Self::fault) with `0`
    /// or [`reset`](Self::reset).
    ///
    /// # Panics
    /// When the fake serves no operation of that id.
    pub fn fault_always(&self, operation: impl Target, fault: Fault) {
        let operation = self.served(&operation);
        self.state().script(operation, state::Script::Always, fault);
    }

    /// Each request of the operation meets `fault` with this probability (0 to 1), drawn
    /// from a generator seeded with `seed`: the same seed gives the same sequence, so a test
    /// that fails can be run again as it was.
    ///
    /// # Panics
    /// When the fake serves no operation of that id, or the probability is not within 0..=1.
    pub fn fault_sometimes(
        &self,
        operation: impl Target,
        probability: f64,
        seed: u64,
        fault: Fault,
    ) {
        assert!(
            (0.0..=1.0).contains(&probability),
            "fake.fault_sometimes: the probability {probability} is not within 0..=1"
        );
        let operation = self.served(&operation);
        let script = state::Script::Sometimes {
            probability,
            // A zero state would stay zero (xorshift).
            draw: seed | 1,
        };
        self.state().script(operation, script, fault);
    }

    /// The operationId of `operation`, when the fake serves it.
    fn served(&self, operation: &impl Target) -> String {
        let id = operation.operation_id();
        let served = self.shared.model.operations();
        if !served.contains(&id) {
            panic!(
                "the fake serves no operation {id:?}; it serves {}",
                served.join(", ")
            );
        }
        id.to_string()
    }

    /// Clears what the fake holds and was told, for the next test sharing it: items, the
    /// requests received, scripted faults and failures. Its settings (token, Basic
    /// credentials, lifecycle, page sizes) stay.
    pub fn reset(&self) {
        self.state().reset();
    }

    /// Puts an item straight into the store, in `state`, without a request: below the
    /// collection path (`/things` or `/things/<id>/parts`), with these properties (checked
    /// like a create's, write-only values kept). Returns its id.
    ///
    /// # Panics
    /// When no resource lives at that path, its parent does not exist, or the properties
    /// break the spec (every violation is listed).
    pub fn seed(
        &self,
        collection: &str,
        properties: impl serde::Serialize,
        state: Seeded,
    ) -> String {
        let properties = match serde_json::to_value(properties) {
            Ok(value) => value,
            Err(e) => panic!("fake.seed({collection:?}): the properties do not serialize: {e}"),
        };
        let mut held = self.state();
        match self.shared.seed(&mut held, collection, properties, state) {
            Ok(id) => id,
            Err(why) => {
                drop(held);
                panic!("fake.seed({collection:?}): {why}")
            }
        }
    }

    /// The page size a list answers with when the request names none, and the most items a
    /// page holds: a larger `limit` within the spec's bounds is capped to it, as a server may
    /// cap pages (the page's own `limit` says so); one beyond the spec's bounds is refused.
    pub fn set_page_sizes(&self, default: u64, max: u64) {
        let mut state = self.state();
        state.default_limit = Some(default.max(1));
        state.max_limit = Some(max.max(1));
    }

    /// Every request it received, in order.
    pub fn requests(&self) -> Vec<Received> {
        self.state().requests.clone()
    }

    /// Every item it holds, in the order they were made, with what was sent for them
    /// (write-only values included).
    pub fn stored(&self) -> Vec<Stored> {
        let state = self.state();
        state
            .items
            .iter()
            .map(|item| item.stored(&self.shared.model))
            .collect()
    }
}
