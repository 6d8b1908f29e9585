//! Golden output of the generator, compiled. A generated crate depends on the runtime crate
//! (`vpn-runtime`) and defines its own client types; this crate is such a crate, with the golden
//! directory as its `generated` module, the layout vpn-api has, and the output of the construct
//! fixtures `build.rs` lists (the names the generator uses, deprecated operations) as modules of
//! their own. `cargo test --workspace` and clippy build it, with warnings denied: a golden file
//! that is not valid Rust, does not type-check against the runtime, or warns (as a call of a
//! deprecated operation would in users' builds), fails the build.
#![deny(warnings)]
#![allow(dead_code)]

#[path = "../../tests/golden/constructs/mod.rs"]
#[rustfmt::skip]
pub mod generated;

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
