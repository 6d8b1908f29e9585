//! Files that hold a secret (a WireGuard peer's private key, an IPSec pre-shared key).

use std::io::Write as _;
use std::path::Path;

/// Writes `text` at `path`, replacing what is there, as a file only its owner can read (mode
/// 0600 on Unix). The text goes into a new file beside `path`, created with that mode, which
/// then takes `path`'s place: an existing file's looser mode never applies to the secret, and a
/// reader sees the old file or the whole new one, never a part. An error names `path` (the
/// operating system's message alone does not say which file).
pub(crate) fn write(path: &Path, text: &[u8]) -> std::io::Result<()> {
    write_unnamed(path, text)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}

fn write_unnamed(path: &Path, text: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    let temporary = path.with_file_name(temporary_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(text)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
