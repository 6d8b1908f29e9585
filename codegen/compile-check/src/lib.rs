//! Golden output of the generator, compiled. A generated crate depends on the runtime crate
//! (`vpn-runtime`) and defines its own client types; this crate is such a crate, with the golden
//! directory as its `generated` module, the layout vpn-api has. `cargo test --workspace` and
//! clippy build it; a golden file that is not valid Rust, or does not type-check against the
//! runtime, fails the build.
#![allow(dead_code)]

#[path = "../../tests/golden/constructs/mod.rs"]
#[rustfmt::skip]
pub mod generated;
