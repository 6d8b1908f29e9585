//! What a write to a resource that takes time to set up answers: the item as the API holds it
//! now, and one more step to wait for it (`create(..).await?.ready().await?`), or for a
//! deletion to finish (`delete(id).await?.gone().await?`); [`AcceptedFuture`] and
//! [`DeletingFuture`] do both steps in one (`create(..).ready().await?`,
//! `delete(id).gone().await?`).

use super::error::Error;
use futures_util::future::BoxFuture;
use std::fmt;
use std::future::Future;
use std::ops::Deref;

/// An item the API accepted and may still be setting up: use it as the item (it derefs to
/// it), or [`ready`](Self::ready) to wait until it is usable. It owns what waiting needs (a
/// clone of the client), so it can leave the task that made it.
pub struct Accepted<T, E> {
    item: T,
    ready: Box<dyn FnOnce() -> BoxFuture<'static, Result<T, Error<E>>> + Send>,
}

impl<T, E> Accepted<T, E> {
    /// The answer and how to wait for the item (generated code calls it).
    pub fn new<F, Fut>(item: T, ready: F) -> Self
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, Error<E>>> + Send + 'static,
    {
        Accepted {
            item,
            ready: Box::new(move || Box::pin(ready())),
        }
    }

    /// Waits until the item is ready (with the client's wait options) and returns it as it
    /// is then. A failed state ends with [`Error::ResourceFailed`], the deadline with
    /// [`Error::WaitTimedOut`].
    pub async fn ready(self) -> Result<T, Error<E>> {
        (self.ready)().await
    }

    /// The item as the API answered, without waiting.
    pub fn into_inner(self) -> T {
        self.item
    }
}

impl<T, E> Deref for Accepted<T, E> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.item
    }
}

impl<T: fmt::Debug, E> fmt::Debug for Accepted<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Accepted").field(&self.item).finish()
    }
}

/// A deletion the API accepted and may still be carrying out: [`gone`](Self::gone) waits
/// until the item no longer exists. Dropping it does not wait.
pub struct Deleting<E> {
    gone: Box<dyn FnOnce() -> BoxFuture<'static, Result<(), Error<E>>> + Send>,
}

impl<E> Deleting<E> {
    /// How to wait for the deletion (generated code calls it).
    pub fn new<F, Fut>(gone: F) -> Self
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), Error<E>>> + Send + 'static,
    {
        Deleting {
            gone: Box::new(move || Box::pin(gone())),
        }
    }

    /// Waits until the item is gone (with the client's wait options).
    pub async fn gone(self) -> Result<(), Error<E>> {
        (self.gone)().await
    }
}

impl<E> fmt::Debug for Deleting<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Deleting")
    }
}

/// A write that answers [`Accepted`], sent and waited for in one step:
/// `handle.create(&item).ready().await?` is `handle.create(&item).await?.ready().await?`
/// (the same request, the same wait, the same errors). In the prelude (as `AcceptedFuture as _`).
pub trait AcceptedFuture<T, E>: Future<Output = Result<Accepted<T, E>, Error<E>>> + Sized {
    /// Sends the write, then waits until the item is ready (see [`Accepted::ready`]).
    fn ready(self) -> impl Future<Output = Result<T, Error<E>>> + Send
    where
        Self: Send,
        T: Send,
        E: Send,
    {
        async move {
            let accepted = self.await?;
            accepted.ready().await
        }
    }
}

impl<F, T, E> AcceptedFuture<T, E> for F where F: Future<Output = Result<Accepted<T, E>, Error<E>>> {}

/// A deletion that answers [`Deleting`], sent and waited for in one step:
/// `handle.delete(id).gone().await?` is `handle.delete(id).await?.gone().await?`. In the
/// prelude (as `DeletingFuture as _`).
pub trait DeletingFuture<E>: Future<Output = Result<Deleting<E>, Error<E>>> + Sized {
    /// Sends the deletion, then waits until the item is gone (see [`Deleting::gone`]).
    fn gone(self) -> impl Future<Output = Result<(), Error<E>>> + Send
    where
        Self: Send,
        E: Send,
    {
        async move {
            let deleting = self.await?;
            deleting.gone().await
        }
    }
}

impl<F, E> DeletingFuture<E> for F where F: Future<Output = Result<Deleting<E>, Error<E>>> {}
