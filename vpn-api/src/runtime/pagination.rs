//! Walking `offset`/`limit` list operations as one stream of items. Generated list types
//! implement [`Page`]; generated `…_stream` methods call [`paginate`].

use super::error::Error;
pub use futures_util::stream::Stream;
use futures_util::stream::{self, TryStreamExt};
use std::future::Future;

/// One page of a list answer.
pub trait Page {
    /// The type of one item of the list.
    type Item;

    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;

    /// Whether the server links to a next page. A list type without links says `true` and
    /// lets the length of the page decide.
    fn has_next(&self) -> bool;
}

/// The page size to request: `requested` (or `max`) kept inside the spec's bounds.
pub fn page_size<N: Ord + Copy>(requested: Option<N>, min: N, max: N) -> N {
    requested.unwrap_or(max).clamp(min, max.max(min))
}

/// Items of every page from `start` on, fetching `limit` items per request. Stops after a page
/// shorter than `limit`, a page without a next link, or an error (which is the last item).
/// Pages are fetched lazily: a consumer that stops early sends no further requests.
pub fn paginate<P, N, E, F, Fut>(
    start: N,
    limit: N,
    fetch: F,
) -> impl Stream<Item = Result<P::Item, Error<E>>>
where
    P: Page,
    N: Copy + TryFrom<usize> + TryInto<usize>,
    F: FnMut(N, N) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    let limit_len: Option<usize> = limit.try_into().ok();
    stream::try_unfold(
        (Some(start), fetch),
        move |(offset, mut fetch)| async move {
            let Some(offset) = offset else {
                return Ok::<_, Error<E>>(None);
            };
            let page = fetch(offset, limit).await?;
            let more = page.has_next();
            let items = page.into_items();
            let full = limit_len.is_some_and(|l| l > 0 && items.len() >= l);
            let next = if more && full {
                // An offset past what `N` can hold ends the walk instead of wrapping around.
                offset
                    .try_into()
                    .ok()
                    .and_then(|o: usize| o.checked_add(items.len()))
                    .and_then(|o| N::try_from(o).ok())
            } else {
                None
            };
            Ok(Some((items, (next, fetch))))
        },
    )
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

/// Every item of a paginated stream, or the first error.
pub async fn collect_all<T, E>(
    items: impl Stream<Item = Result<T, Error<E>>>,
) -> Result<Vec<T>, Error<E>> {
    items.try_collect().await
}
