//! Fails when `vpn-api/src/generated/` is not what the generator makes of `spec/` today.
//! Fix: `cargo xtask regenerate`, then review and commit the diff.

use std::path::PathBuf;

#[test]
fn committed_generated_code_is_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read_to_string(root.join("spec/openapi.json")).expect("spec");
    let overlay = std::fs::read_to_string(root.join("spec/overlay.json")).expect("overlay");
    let input = codegen::Input {
        spec: &spec,
        overlay: Some(&overlay),
        spec_label: "spec/openapi.json",
    };
    let files = codegen::generate(&input).expect("the bundled spec generates");
    let generated_dir = root.join("vpn-api/src/generated");
    let mut stale = Vec::new();
    for file in &files {
        let committed = std::fs::read_to_string(generated_dir.join(&file.path)).unwrap_or_default();
        if committed != file.contents {
            stale.push(file.path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo xtask regenerate`): {stale:?}"
    );
    let again = codegen::generate(&input).expect("generates twice");
    assert_eq!(files, again, "generation is deterministic");
}
