//! A standalone copy of `vpn-api`: its own workspace with the project's shared package
//! settings, dependency versions and lockfile, and the runtime crate at the same relative place
//! (`codegen/runtime`, which vpn-api depends on by path), so it builds exactly as users build it.

use crate::scratch::{copy, copy_tree, write};
use crate::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes the copy into `root` (replacing what was there) and returns the crate directory.
/// `generated` replaces the committed bindings (e.g. generated from another spec version).
pub fn vpn_api_copy(
    root: &Path,
    generated: Option<&[codegen::GeneratedFile]>,
) -> Result<PathBuf, String> {
    let workspace = workspace_root();
    let _ = fs::remove_dir_all(root);
    let krate = root.join("vpn-api");
    let source = workspace.join("vpn-api");
    copy_tree(&source.join("src"), &krate.join("src"))?;
    // The manifest names example and test targets: their files must be there for cargo to
    // read it, even when nothing builds them.
    copy_tree(&source.join("examples"), &krate.join("examples"))?;
    copy_tree(&source.join("tests"), &krate.join("tests"))?;
    for f in generated.unwrap_or_default() {
        write(&krate.join("src/generated").join(&f.path), &f.contents)?;
    }
    copy(&source.join("Cargo.toml"), &krate.join("Cargo.toml"))?;
    // lib.rs takes its crate docs from the crate's README; the manifest names the licence.
    copy(&source.join("README.md"), &krate.join("README.md"))?;
    copy(&source.join("LICENSE"), &krate.join("LICENSE"))?;
    let runtime = workspace.join("codegen/runtime");
    copy_tree(&runtime.join("src"), &root.join("codegen/runtime/src"))?;
    for file in ["Cargo.toml", "README.md"] {
        copy(
            &runtime.join(file),
            &root.join("codegen/runtime").join(file),
        )?;
    }
    copy(&workspace.join("Cargo.lock"), &root.join("Cargo.lock"))?;
    let manifest = fs::read_to_string(workspace.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the workspace manifest: {e}"))?;
    // vpn-api inherits package settings, dependency versions and lints from the workspace.
    let shared: String = [
        "[workspace.package]",
        "[workspace.dependencies]",
        "[workspace.lints.rust]",
    ]
    .iter()
    .filter_map(|section| {
        let rest = manifest.split(section).nth(1)?;
        Some(format!(
            "{section}{}\n",
            rest.split("\n[").next().unwrap_or_default()
        ))
    })
    .collect();
    write(
        &root.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"2\"\nmembers = [\"vpn-api\", \"codegen/runtime\"]\n\n{shared}"),
    )?;
    Ok(krate)
}
