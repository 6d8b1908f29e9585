//! The spec's `pattern`s: regex-lite for what it can run, fancy-regex (the `full-regex`
//! feature) for the rest, each compiled on first use.

use std::sync::OnceLock;

/// A spec pattern, compiled on first use and then shared.
pub struct Pattern {
    source: &'static str,
    engine: Engine,
}

/// The engine a pattern runs on, compiled on first use.
enum Engine {
    Lite(OnceLock<Option<regex_lite::Regex>>),
    #[cfg(feature = "full-regex")]
    Full(OnceLock<Option<fancy_regex::Regex>>),
}

impl Pattern {
    /// A pattern from its source text, run by `regex-lite` (compiled on first use).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            engine: Engine::Lite(OnceLock::new()),
        }
    }

    /// A pattern only a full engine runs (look-around, back-references, Unicode classes),
    /// run by `fancy-regex` (the `full-regex` feature).
    #[cfg(feature = "full-regex")]
    pub const fn full(source: &'static str) -> Self {
        Pattern {
            source,
            engine: Engine::Full(OnceLock::new()),
        }
    }

    /// The pattern's source text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// `None` if the pattern does not compile (the generator checks it does; this keeps a
    /// hand-edited constant from panicking), or, on the full engine, when matching gives up
    /// (its backtracking limit): then the value cannot be checked.
    pub fn is_match(&self, value: &str) -> Option<bool> {
        match &self.engine {
            Engine::Lite(compiled) => compiled
                .get_or_init(|| regex_lite::Regex::new(self.source).ok())
                .as_ref()
                .map(|r| r.is_match(value)),
            #[cfg(feature = "full-regex")]
            Engine::Full(compiled) => compiled
                .get_or_init(|| fancy_regex::Regex::new(self.source).ok())
                .as_ref()
                .and_then(|r| r.is_match(value).ok()),
        }
    }
}

#[cfg(all(test, feature = "full-regex"))]
mod tests {
    use super::*;

    #[test]
    fn the_full_engine_runs_look_around_and_unicode_classes() {
        static NO_TRAILING_DOT: Pattern = Pattern::full(r"^(?!.*\.$)[\p{L}.]+$");
        assert_eq!(NO_TRAILING_DOT.is_match("Zürich.ch"), Some(true));
        assert_eq!(NO_TRAILING_DOT.is_match("Zürich."), Some(false));
        assert_eq!(NO_TRAILING_DOT.source(), r"^(?!.*\.$)[\p{L}.]+$");
    }

    #[test]
    fn a_pattern_the_engine_cannot_compile_cannot_check() {
        static BROKEN: Pattern = Pattern::full("(");
        assert_eq!(BROKEN.is_match("x"), None);
    }
}
