//! Golden output of the generator, compiled. Generated code extends `Client` with inherent
//! methods, so it must live in the crate that defines `Client`: this crate compiles the vpn-api
//! runtime's source as its own `runtime` module and mounts a golden directory as `generated`,
//! the layout vpn-api itself has. `cargo test --workspace` and clippy build it; a golden file
//! that is not valid Rust, or does not type-check against the runtime, fails the build.
#![allow(dead_code)]

#[path = "../../runtime/src/lib.rs"]
pub mod runtime;

pub use runtime::__private;

#[path = "../../tests/golden/constructs/mod.rs"]
#[rustfmt::skip]
pub mod generated;
