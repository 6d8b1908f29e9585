//! Polling a resource until provisioning or deletion has finished. Generated read types
//! implement [`Lifecycle`]; generated `…_until_ready` / `…_until_gone` methods call
//! [`until_ready`] and [`until_gone`].

use super::error::{Error, ResourceFailed, ResourceRef, WaitTimedOut};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// Where a resource stands in its provisioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleState<'a> {
    /// Usable: a value the spec's `x-lifecycle` lists as ready.
    Ready,
    /// Still changing; the state as the server sent it.
    Pending(&'a str),
    /// Provisioning failed; the state and the server's message.
    Failed {
        /// The state as the server sent it.
        status: &'a str,
        /// The server's explanation, if it gave one.
        message: Option<&'a str>,
    },
}

/// A resource that reports its provisioning state.
pub trait Lifecycle {
    /// Where the resource stands now.
    fn lifecycle(&self) -> LifecycleState<'_>;
}

/// How often to poll and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    interval: Duration,
    timeout: Duration,
}

impl Default for WaitOptions {
    /// Poll every 5 s for up to 15 minutes (provisioning cloud resources takes minutes).
    fn default() -> Self {
        WaitOptions {
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(15 * 60),
        }
    }
}

impl WaitOptions {
    /// The pause between two polls.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The deadline, counted from the first poll.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Polls until the resource is ready and returns it. A failed state ends the wait with
/// [`Error::ResourceFailed`]; the deadline with [`Error::WaitTimedOut`]; any error of a poll
/// ends it with that error.
/// `what` is what is waited for, as errors name it.
pub async fn until_ready<T, E, F, Fut>(
    options: &WaitOptions,
    what: &ResourceRef,
    mut poll: F,
) -> Result<T, Error<E>>
where
    T: Lifecycle,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let started = Instant::now();
    loop {
        let resource = poll().await?;
        let last_state = match resource.lifecycle() {
            LifecycleState::Ready => return Ok(resource),
            LifecycleState::Failed { status, message } => {
                return Err(failed(what, status, message))
            }
            LifecycleState::Pending(state) => state.to_string(),
        };
        pause(options, what, started, last_state).await?;
    }
}

/// Polls until the resource is gone (the poll answers `404`). A failed state ends the wait with
/// [`Error::ResourceFailed`]; the deadline with [`Error::WaitTimedOut`].
/// `what` is what is waited for, as errors name it.
pub async fn until_gone<T, E, F, Fut>(
    options: &WaitOptions,
    what: &ResourceRef,
    mut poll: F,
) -> Result<(), Error<E>>
where
    T: Lifecycle,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let started = Instant::now();
    loop {
        let last_state = match poll().await {
            Err(e) if e.status().map(|s| s.as_u16()) == Some(404) => return Ok(()),
            Err(e) => return Err(e),
            Ok(resource) => match resource.lifecycle() {
                LifecycleState::Failed { status, message } => {
                    return Err(failed(what, status, message))
                }
                LifecycleState::Ready => "present".to_string(),
                LifecycleState::Pending(state) => state.to_string(),
            },
        };
        pause(options, what, started, last_state).await?;
    }
}

fn failed<E>(resource: &ResourceRef, status: &str, message: Option<&str>) -> Error<E> {
    Error::ResourceFailed(ResourceFailed {
        resource: resource.clone(),
        status: status.to_string(),
        message: message.map(str::to_string),
    })
}

/// Sleeps one interval, or ends the wait when the next poll would start past the deadline.
async fn pause<E>(
    options: &WaitOptions,
    resource: &ResourceRef,
    started: Instant,
    last_state: String,
) -> Result<(), Error<E>> {
    let waited = started.elapsed();
    if waited + options.interval > options.timeout {
        return Err(Error::WaitTimedOut(WaitTimedOut {
            resource: resource.clone(),
            waited,
            last_state,
        }));
    }
    tracing::debug!(
        state = %last_state,
        waited_ms = waited.as_millis() as u64,
        "vpn_api.wait: not there yet"
    );
    tokio::time::sleep(options.interval).await;
    Ok(())
}
