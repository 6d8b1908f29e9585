//! Fails when `vpn-api/src/generated/` is not what the generator makes of `spec/` today, with
//! the same plan `cargo xtask regenerate --check` uses. Fix: `cargo xtask regenerate`, then
//! review and commit the diff.

use xtask::regenerate::{generate, plan, Options};

#[test]
fn committed_generated_code_is_up_to_date() {
    let options = Options::default();
    let generated = generate(&options).expect("the bundled spec generates");
    // The project's own spec is generated strictly: nothing skipped, weakened or inferred,
    // and every one of its 20 operations has a method.
    assert_eq!(generated.report.findings, Vec::new());
    assert_eq!(
        (
            generated.report.operations_declared,
            generated.report.operations_emitted
        ),
        (20, 20)
    );
    let files = generated.files;
    let stale: Vec<String> = plan(&options.out(), &files)
        .expect("plan")
        .iter()
        .map(|c| format!("{} ({})", c.path.display(), c.kind))
        .collect();
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo xtask regenerate`): {stale:?}"
    );
    let again = generate(&options).expect("generates twice").files;
    assert_eq!(files, again, "generation is deterministic");
}
