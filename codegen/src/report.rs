//! The generation report: what the generator left out or weakened, each with the JSON pointer
//! of the construct that caused it.
//!
//! In [`Mode::Strict`] (the project's own spec) any loss stops generation with the error that
//! caused it, so the report only ever holds [`Loss::Inferred`] findings. In
//! [`Mode::SkipUnsupported`] (third-party documents) the smallest part that holds the problem
//! is given up, the rest is generated, and the report says what was lost.

use std::fmt;

/// How strict generation is about constructs it cannot turn into Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Any unsupported or broken construct stops generation (nothing is written).
    #[default]
    Strict,
    /// Give up the smallest part that holds the problem (a schema becomes untyped JSON, an
    /// optional parameter or an operation is left out, a pattern goes unchecked), generate the
    /// rest, and list each loss in the [`Report`].
    SkipUnsupported,
}

/// What one finding cost the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Loss {
    /// The operation has no method.
    SkippedOperation,
    /// The optional parameter cannot be set.
    SkippedParameter,
    /// The security scheme has no setter; its credentials cannot be sent.
    SkippedScheme,
    /// The server is not in the generated list.
    SkippedServer,
    /// The schema became untyped JSON (`serde_json::Value`): no type, no checks.
    Untyped,
    /// A constraint the runtime cannot check (the value is still typed); kept as a constant.
    Unchecked,
    /// Not a loss: the document leaves something open and the generator filled it in (a
    /// property only `required` names is a required untyped field). Allowed in strict mode.
    Inferred,
    /// Only in a review's not-compared list, never in a generation report: the two documents
    /// differ here and no rule of the review compares it (a family not classified yet).
    NotClassified,
}

impl Loss {
    /// A short word for listings: `skipped operation`, `untyped`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Loss::SkippedOperation => "skipped operation",
            Loss::SkippedParameter => "skipped parameter",
            Loss::SkippedScheme => "skipped security scheme",
            Loss::SkippedServer => "skipped server",
            Loss::Untyped => "untyped",
            Loss::Unchecked => "unchecked",
            Loss::Inferred => "inferred",
            Loss::NotClassified => "not classified",
        }
    }
}

/// One entry of the [`Report`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where the construct is (`#/components/schemas/X/pattern`).
    pub pointer: String,
    /// What the generated code lost because of it.
    pub loss: Loss,
    /// Why, in one line (the error strict mode would have stopped with).
    pub message: String,
    /// For a [`Loss::SkippedOperation`]: the pointer of the operation given up
    /// (`#/paths/~1things/get`), which `pointer` need not be (the problem may lie in a
    /// shared component); `None` for every other loss.
    pub operation: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.loss.as_str(),
            self.pointer,
            self.message
        )
    }
}

/// Everything the generator skipped, weakened or inferred, in the order it met them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// How many operations the document declares.
    pub operations_declared: usize,
    /// How many of them have a method.
    pub operations_emitted: usize,
}

/// Below this share of its operations a generated crate is mostly missing, and the report
/// says so first.
pub const FEW_OPERATIONS: f64 = 0.9;

impl Report {
    /// When fewer than [`FEW_OPERATIONS`] of the document's operations were generated: a line
    /// saying how many, to print before anything else.
    pub fn few_operations(&self) -> Option<String> {
        let declared = self.operations_declared;
        (declared > 0 && (self.operations_emitted as f64) < FEW_OPERATIONS * declared as f64)
            .then(|| {
                format!(
                    "only {} of the document's {declared} operations were generated ({:.0}%); the skipped operations are listed",
                    self.operations_emitted,
                    100.0 * self.operations_emitted as f64 / declared as f64
                )
            })
    }

    /// The findings that lose something (everything but [`Loss::Inferred`]).
    pub fn losses(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.loss != Loss::Inferred)
    }

    /// How many findings of each kind, for a one-line summary; it starts with
    /// [`few_operations`](Report::few_operations) when that has something to say.
    pub fn summary(&self) -> String {
        let mut counts = std::collections::BTreeMap::new();
        for f in &self.findings {
            *counts.entry(f.loss).or_insert(0usize) += 1;
        }
        let counts = if counts.is_empty() {
            "nothing skipped or weakened".to_string()
        } else {
            counts
                .iter()
                .map(|(loss, n)| format!("{}: {n}", loss.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self.few_operations() {
            Some(warning) => format!("WARNING: {warning}; {counts}"),
            None => counts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(declared: usize, emitted: usize) -> Report {
        Report {
            findings: Vec::new(),
            operations_declared: declared,
            operations_emitted: emitted,
        }
    }

    #[test]
    fn a_crate_with_few_of_its_operations_says_so_first() {
        assert_eq!(report(290, 290).few_operations(), None);
        assert_eq!(report(10, 9).few_operations(), None);
        let summary = report(290, 1).summary();
        assert!(
            summary.starts_with(
                "WARNING: only 1 of the document's 290 operations were generated (0%)"
            ),
            "{summary}"
        );
        assert!(report(10, 8).summary().starts_with("WARNING: only 8 of"));
    }
}
