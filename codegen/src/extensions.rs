//! The `x-` keys the generator reads: one list, so a misspelt key in the project's overlay is
//! an error with its pointer instead of silently doing nothing. Keys of third-party documents
//! that are not listed are ignored (they belong to other tools). `spec/README.md` documents
//! the same list; a tidy test keeps the two equal, and another that resolve reads no other.

/// One supported extension key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    pub key: &'static str,
    /// Where in a document it applies.
    pub applies_to: &'static str,
    /// What the generator does with it.
    pub effect: &'static str,
}

pub const ENVIRONMENT: &str = "x-environment";
pub const RUST_CRATE: &str = "x-rust-crate";
pub const RUST_NAME: &str = "x-rust-name";
pub const SECRET: &str = "x-secret";
pub const OPTIONS: &str = "x-options";
pub const LIFECYCLE: &str = "x-lifecycle";
pub const DERIVED: &str = "x-derived";
pub const RUST_PRELUDE: &str = "x-rust-prelude";

/// Every key the generator reads, in the order `spec/README.md` lists them.
pub const EXTENSIONS: [Extension; 8] = [
    Extension {
        key: ENVIRONMENT,
        applies_to: "info",
        effect: "the environment variables (token, Basic pair, base URL, config file) `Client::from_env` reads",
    },
    Extension {
        key: RUST_CRATE,
        applies_to: "info",
        effect: "the crate name the generated docs and examples use",
    },
    Extension {
        key: RUST_PRELUDE,
        applies_to: "info",
        effect: "Rust paths of hand-written items (`crate::wireguard::PrivateKey`) the generated prelude re-exports beside its own; a name the prelude already holds is an error",
    },
    Extension {
        key: RUST_NAME,
        applies_to: "a tag",
        effect: "the name of the resource handle of the tag's operations",
    },
    Extension {
        key: SECRET,
        applies_to: "a string property",
        effect: "a secret: redacted in `Debug`, logs and errors",
    },
    Extension {
        key: OPTIONS,
        applies_to: "a string schema",
        effect: "the values of an option list the description gives only in prose",
    },
    Extension {
        key: LIFECYCLE,
        applies_to: "a status option list",
        effect: "which values mean ready, in progress, failed and gone, for the waits",
    },
    Extension {
        key: DERIVED,
        applies_to: "a read-only string property of a resource's read answer",
        effect: "`{from, function}`: the server computes it from the written value at `from` (a path of wire names below the properties, `a/b`); the generated fake answers it with the Rust function `function` (a path) of that text",
    },
];

/// Whether `key` is one the generator reads.
pub fn is_supported(key: &str) -> bool {
    EXTENSIONS.iter().any(|e| e.key == key)
}

#[cfg(test)]
mod tests {
    const SPEC: &str =
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;

    #[test]
    fn a_misspelt_key_in_the_overlay_is_an_error_with_its_pointer() {
        let overlay = r##"{"patches": [{"pointer": "#/info", "merge": {"x-enviroment": {}}}]}"##;
        let e = crate::load::load(SPEC, Some(overlay)).expect_err("refused");
        assert_eq!(e.pointer, "overlay#/patches/0/merge/x-enviroment");
        assert!(e.message.contains("x-environment"), "{e}");
    }

    #[test]
    fn known_keys_and_other_fields_pass_and_documents_keep_their_own_keys() {
        let overlay = r##"{"patches": [{"pointer": "#/info", "merge": {"x-rust-crate": "t", "description": "d"}}]}"##;
        assert!(crate::load::load(SPEC, Some(overlay)).is_ok());
        let spec = SPEC.replace(r#""version": "1""#, r#""version": "1", "x-logo": {}"#);
        assert!(crate::load::load(&spec, None).is_ok());
    }
}
