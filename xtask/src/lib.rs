//! What the `xtask` commands share with other tools: the workspace root and a standalone copy
//! of `vpn-api` (used by `semver-check` and by the benchmark crate's clean builds).

use std::path::{Path, PathBuf};

pub mod standalone;

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
