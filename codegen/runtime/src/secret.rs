use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::fmt;

/// A value that must never be printed: bearer tokens, private keys, pre-shared
/// keys, any write-only string. `Debug` shows `[redacted]`; there is no `Display`. Serializes
/// as the plain string, because the API needs it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

thread_local! {
    /// The secrets serialized while [`collecting`] runs on this thread.
    static SERIALIZED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `f` (a serialization) and returns the secrets it wrote, so that error text can be
/// scrubbed of them if a server echoes the request back.
pub(crate) fn collecting<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    collecting_in(&SERIALIZED, f)
}

/// Runs `f` with an empty list in `slot` (values register themselves there while they are
/// serialized) and returns what was registered; an outer collection is restored after.
pub(crate) fn collecting_in<T, R>(
    slot: &'static std::thread::LocalKey<RefCell<Option<Vec<T>>>>,
    f: impl FnOnce() -> R,
) -> (R, Vec<T>) {
    let outer = slot.with(|s| s.borrow_mut().replace(Vec::new()));
    let value = f();
    let found = slot.with(|s| std::mem::replace(&mut *s.borrow_mut(), outer));
    (value, found.unwrap_or_default())
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SERIALIZED.with(|s| {
            if let Some(found) = s.borrow_mut().as_mut() {
                found.push(self.0.clone());
            }
        });
        serializer.serialize_str(&self.0)
    }
}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call it only where the value is needed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}
