//! Clients for several servers of the API called at once: a listing gathers each server's
//! items tagged with the server's key and reports a failing server beside the others' items;
//! a search by id stops at the first server that has it. The key type (the spec's servers)
//! and the per-resource calls are generated.

use super::client::Client;
use super::error::{Error, ErrorBody};
use futures_util::{stream, StreamExt};
use std::fmt;
use std::future::Future;

/// How many servers are asked at once unless [`Fanout::concurrency`] says otherwise.
const DEFAULT_CONCURRENCY: usize = 4;

/// One client per server, keyed by `K`, whose calls run concurrently (at most
/// [`concurrency`](Fanout::concurrency) at a time). Cheap to clone. `C` is the client the calls
/// get: the generated API's own (its operations are methods of it), or the runtime's [`Client`].
#[derive(Clone, Debug)]
pub struct Fanout<K, C = Client> {
    clients: Vec<(K, C)>,
    concurrency: usize,
}

/// What a call on every server gave: the items of the servers that answered, each tagged with
/// its server, in the order of the servers; and the servers that failed, with their error.
#[derive(Debug)]
#[must_use = "a failed server is only reported here; look at `failures` or call `into_result`"]
pub struct Gathered<K, T, E> {
    /// The items, tagged with the server they came from.
    pub items: Vec<(K, T)>,
    /// The servers that failed, with why.
    pub failures: Vec<(K, Error<E>)>,
}

/// The servers that failed a call on every server (see [`Gathered::into_result`] and the
/// generated `find`).
#[derive(Debug)]
pub struct Failures<K, E>(pub Vec<(K, Error<E>)>);

impl<K, C> Fanout<K, C>
where
    K: Copy + Send + Sync,
    C: Clone,
{
    /// Clients for these servers, in this order.
    pub fn new(clients: impl IntoIterator<Item = (K, C)>) -> Self {
        Fanout {
            clients: clients.into_iter().collect(),
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    /// At most this many servers are asked at once (default 4; at least 1).
    pub fn concurrency(mut self, limit: usize) -> Self {
        self.concurrency = limit.max(1);
        self
    }

    /// The servers, in order.
    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.clients.iter().map(|(key, _)| *key)
    }

    /// The client of one server, for calls on a resource whose server is known.
    pub fn client(&self, key: K) -> Option<&C>
    where
        K: PartialEq,
    {
        self.clients.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
    }

    /// One future per server, each owning its client and key: a stream over borrowed clients
    /// would make the callers' futures borrow-bound and not `Send` for `tokio::spawn`.
    fn calls<R, F, Fut>(
        &self,
        call: &F,
    ) -> Vec<impl Future<Output = (usize, K, R)> + use<R, F, Fut, K, C>>
    where
        F: Fn(C) -> Fut,
        Fut: Future<Output = R>,
    {
        self.clients
            .iter()
            .enumerate()
            .map(|(index, (key, client))| {
                let (key, answer) = (*key, call(client.clone()));
                async move { (index, key, answer.await) }
            })
            .collect()
    }

    /// Runs `call` with every server's client (a clone: cheap) and gathers the items; a
    /// server whose call fails is reported in [`Gathered::failures`] and does not stop the
    /// others. E.g. `fanout.each(|client| async move { client.things().all().await })`.
    pub async fn each<T, E, F, Fut>(&self, call: F) -> Gathered<K, T, E>
    where
        F: Fn(C) -> Fut,
        Fut: Future<Output = Result<Vec<T>, Error<E>>>,
    {
        let mut answers = stream::iter(self.calls(&call))
            .buffer_unordered(self.concurrency)
            .collect::<Vec<_>>()
            .await;
        answers.sort_by_key(|(index, _, _)| *index);
        let mut gathered = Gathered {
            items: Vec::new(),
            failures: Vec::new(),
        };
        for (_, key, answer) in answers {
            match answer {
                Ok(items) => gathered
                    .items
                    .extend(items.into_iter().map(|item| (key, item))),
                Err(error) => gathered.failures.push((key, error)),
            }
        }
        gathered
    }

    /// Runs `call` on every server until one has the item: `Ok(Some)` with its server,
    /// `Ok(None)` when every server answered `404`, and the failures when no server had it
    /// and some could not say (so it may still exist there).
    pub async fn find<T, E, F, Fut>(&self, call: F) -> Result<Option<(K, T)>, Failures<K, E>>
    where
        F: Fn(C) -> Fut,
        Fut: Future<Output = Result<T, Error<E>>>,
    {
        let mut answers = stream::iter(self.calls(&call)).buffer_unordered(self.concurrency);
        let mut failures = Vec::new();
        while let Some((index, key, answer)) = answers.next().await {
            match answer {
                Ok(item) => return Ok(Some((key, item))),
                Err(error) if error.is_not_found() => {}
                Err(error) => failures.push((index, key, error)),
            }
        }
        if failures.is_empty() {
            return Ok(None);
        }
        failures.sort_by_key(|(index, _, _)| *index);
        let failures = failures.into_iter().map(|(_, key, error)| (key, error));
        Err(Failures(failures.collect()))
    }
}

impl<K, T, E> Gathered<K, T, E> {
    /// The items when every server answered, else the failures (the items are dropped).
    pub fn into_result(self) -> Result<Vec<(K, T)>, Failures<K, E>> {
        if self.failures.is_empty() {
            Ok(self.items)
        } else {
            Err(Failures(self.failures))
        }
    }
}

/// Each server with its error and the error's causes, since one line has to say it all.
impl<K: fmt::Display, E: ErrorBody + fmt::Debug + 'static> fmt::Display for Failures<K, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} server(s) failed", self.0.len())?;
        for (key, error) in &self.0 {
            write!(f, "; {key}: {error}")?;
            let mut cause = std::error::Error::source(error);
            while let Some(c) = cause {
                write!(f, ": {c}")?;
                cause = c.source();
            }
        }
        Ok(())
    }
}

impl<K, E> std::error::Error for Failures<K, E>
where
    K: fmt::Display + fmt::Debug,
    E: ErrorBody + fmt::Debug + 'static,
{
    /// The first server's error.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .first()
            .map(|(_, error)| error as &(dyn std::error::Error + 'static))
    }
}
