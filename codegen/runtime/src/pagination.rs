//! Walking `offset`/`limit` list operations as one stream of items. Generated list types
//! implement [`Page`]; generated list requests call [`paginate`].

use super::error::Error;
use super::retry::{self, RetryPolicy};
use super::validate::{ValidationError, Violation};
pub use futures_util::stream::Stream;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use std::future::Future;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// Every item of a list, page after page: a boxed stream, so it is `Unpin` and reads in a plain
/// `while let Some(item) = items.next().await` loop (with `futures::StreamExt` in scope, as the
/// prelude has it). An error ends the stream; rate limiting only slows it down, within the
/// retry policy's [`list_patience`](RetryPolicy::list_patience).
pub type Items<T, E> = BoxStream<'static, Result<T, Error<E>>>;

/// One page of a list answer.
pub trait Page {
    /// The type of one item of the list.
    type Item;

    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;

    /// Whether the server links to a next page; `None` when the list type has no links (then
    /// a full page means there may be more).
    fn has_next(&self) -> Option<bool>;

    /// The offset of this page as the server answered it, when the answer says.
    fn page_offset(&self) -> Option<u64> {
        None
    }

    /// The page size the server applied, when the answer says (it may cap what was asked).
    fn page_limit(&self) -> Option<u64> {
        None
    }
}

/// The page size to request: `requested` (or `max`) kept inside the spec's bounds.
pub fn page_size<N: Ord + Copy>(requested: Option<N>, min: N, max: N) -> N {
    requested.unwrap_or(max).clamp(min, max.max(min))
}

/// The offset query parameter for a walk that starts after `count` items (a list request's
/// `skip`): the count, in the parameter's integer type `N`, or a violation at `at` (nothing is
/// sent) when `N` cannot hold it.
pub fn skip_to<N: TryFrom<usize>>(count: usize, at: &str) -> Result<N, ValidationError> {
    N::try_from(count).map_err(|_| ValidationError {
        violations: vec![Violation {
            path: at.to_string(),
            message: format!(
                "cannot skip {count} items: more than the offset parameter's type can count"
            ),
        }],
    })
}

/// One page of a list as [`pages`] yields it: its items (none is `[]`), the offset it starts
/// at and the page size it was cut to, in the query's own integer type (the type of
/// `.offset(..)` and `.limit(..)`), and whether another page follows.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ListPage<T, N> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// Where the page starts (the server's offset, else the one asked for).
    pub offset: N,
    /// The page size the server applied (it may cap what was asked), else the one asked for.
    pub limit: N,
    /// Whether the walk goes on: the server links a next page, or this page is full.
    pub has_next: bool,
}

/// Every page of a list, page after page: a boxed stream, read with
/// `while let Some(page) = pages.next().await`. An error ends the stream; rate limiting only
/// slows it down, within the retry policy's [`list_patience`](RetryPolicy::list_patience).
pub type Pages<T, N, E> = BoxStream<'static, Result<ListPage<T, N>, Error<E>>>;

/// Every page from `start` on, asking for `limit` items per request. The walk follows what
/// the server says: the next page starts after the items it sent (from the offset it
/// answered with), and it goes on while the server links a next page, or while a page is as
/// full as the server's own limit (the `limit` it answered with, else the one asked for),
/// links or not: a server that caps pages below what was asked and links only `self` is
/// followed to the end, never cut short (a last page that happens to be full costs one
/// request that answers empty). An empty page, or an error (the last item), ends the walk;
/// a page refused for rate limiting is asked for again as `policy` allows (see
/// [`RetryPolicy::list_patience`]), so the walk goes on where it stopped.
/// Pages are fetched lazily: a consumer that stops early sends no further requests.
pub fn pages<P, N, E, F, Fut>(
    policy: &RetryPolicy,
    start: N,
    limit: N,
    fetch: F,
) -> Pages<P::Item, N, E>
where
    P: Page,
    P::Item: Send + 'static,
    N: Copy + TryFrom<u64> + TryInto<u64> + Send + 'static,
    E: Send + 'static,
    F: FnMut(N, N) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, Error<E>>> + Send,
{
    let asked: Option<u64> = limit.try_into().ok();
    stream::try_unfold(
        (Some(start), fetch, policy.clone()),
        move |(offset, mut fetch, policy)| async move {
            let Some(offset) = offset else {
                return Ok::<_, Error<E>>(None);
            };
            let page = fetch_patiently(&policy, &mut fetch, offset, limit).await?;
            let linked = page.has_next();
            let server_offset = page.page_offset().or_else(|| offset.try_into().ok());
            let server_limit = page.page_limit().or(asked);
            let items = page.into_items();
            let next = next_offset(linked, server_offset, server_limit, items.len() as u64)
                .and_then(|o| N::try_from(o).ok());
            let answered = ListPage {
                items,
                offset: server_offset
                    .and_then(|o| N::try_from(o).ok())
                    .unwrap_or(offset),
                limit: server_limit
                    .and_then(|l| N::try_from(l).ok())
                    .unwrap_or(limit),
                has_next: next.is_some(),
            };
            Ok(Some((answered, (next, fetch, policy))))
        },
    )
    .boxed()
}

/// Where the next page starts, when there is one: after the `count` items of this one, while
/// the server links a next page or this page is as full as its limit. Not generic, so each
/// list operation's walk does not compile it again.
fn next_offset(
    linked: Option<bool>,
    server_offset: Option<u64>,
    server_limit: Option<u64>,
    count: u64,
) -> Option<u64> {
    let full = server_limit.is_some_and(|l| l > 0 && count >= l);
    let more = count > 0 && (linked == Some(true) || full);
    // An offset past what `N` can hold ends the walk (the caller's conversion) instead of
    // wrapping around.
    more.then(|| server_offset?.checked_add(count)).flatten()
}

/// One page, asked for again while its request's retries end in rate limiting and the
/// policy's patience allows the next wait (the server's `Retry-After`, else a backoff delay).
async fn fetch_patiently<P, N, E, F, Fut>(
    policy: &RetryPolicy,
    fetch: &mut F,
    offset: N,
    limit: N,
) -> Result<P, Error<E>>
where
    N: Copy,
    F: FnMut(N, N) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    let mut patience = Patience::new(policy);
    loop {
        let error = match fetch(offset, limit).await {
            Err(error) if error.is_rate_limited() => error,
            answered => return answered,
        };
        let asked = match error.last_attempt() {
            Error::Api(answer) => retry::retry_after(&answer.headers, SystemTime::now()),
            _ => None,
        };
        let Some(delay) = patience.next_wait(asked) else {
            return Err(error);
        };
        // Not held through the wait: its raw body and headers may be large.
        drop(error);
        tokio::time::sleep(delay).await;
    }
}

/// The waits of one page's rate-limited requests. Not generic: a list operation's walk
/// compiles only its `fetch_patiently` shell, not this decision.
struct Patience<'p> {
    policy: &'p RetryPolicy,
    started: Instant,
    // Built on the first refusal only: most pages are never rate limited.
    delays: Option<Box<dyn Iterator<Item = Duration> + Send>>,
}

impl<'p> Patience<'p> {
    fn new(policy: &'p RetryPolicy) -> Self {
        let started = Instant::now();
        Patience {
            policy,
            started,
            delays: None,
        }
    }

    /// The wait before asking again (the server's `Retry-After`, capped, else the next backoff
    /// delay), or `None` when it would end past the policy's patience.
    fn next_wait(&mut self, asked: Option<Duration>) -> Option<Duration> {
        let policy = self.policy;
        let delay = match asked {
            Some(wait) => policy.cap(wait),
            None => self
                .delays
                .get_or_insert_with(|| Box::new(policy.delays()))
                .next()
                .unwrap_or_default(),
        };
        if Instant::now() + delay >= self.started + policy.list_patience_budget() {
            return None;
        }
        tracing::info!(
            delay_ms = delay.as_millis() as u64,
            waited_ms = self.started.elapsed().as_millis() as u64,
            "vpn_api.page_rate_limited"
        );
        Some(delay)
    }
}

/// Every item of every page of a stream of pages (see [`pages`]), in order.
pub fn items<T, N, E>(pages: Pages<T, N, E>) -> Items<T, E>
where
    T: Send + 'static,
    N: Send + 'static,
    E: Send + 'static,
{
    pages
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Every item of a paginated stream, or the first error.
pub async fn collect_all<T, E>(
    items: impl Stream<Item = Result<T, Error<E>>>,
) -> Result<Vec<T>, Error<E>> {
    items.try_collect().await
}
