//! The reports of a [`Review`]: Markdown meant for a pull-request comment (a summary table
//! first, the details folded) and JSON with a versioned schema (documented in
//! `xtask/REVIEW.md`; a change of its shape bumps [`JSON_SCHEMA_VERSION`]).

use super::{Change, Review, Severity};
use serde_json::{json, Value};

/// The version of the JSON report's schema (`schema_version`).
pub const JSON_SCHEMA_VERSION: u32 = 2;

impl Change {
    pub fn to_json(&self) -> Value {
        json!({
            "rule": self.rule.id(),
            "severity": self.severity().as_str(),
            "wire_effect": self.rule.wire_effect(),
            "rust": self.rust.as_str(),
            "rust_items": self.rust_items,
            "location": self.location,
            "description": self.description,
        })
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Breaking, Severity::Warning, Severity::Info];

/// The review as a pull-request comment.
pub fn to_markdown(review: &Review, old_label: &str, new_label: &str) -> String {
    let mut out = format!("## Spec review: `{old_label}` -> `{new_label}`\n\n");
    let nothing = review.changes.is_empty() && review.ignored.is_empty();
    if nothing {
        out.push_str("No changes a client can see.\n");
    } else {
        out.push_str("| severity | changes | of which break Rust code |\n|---|---|---|\n");
        for severity in SEVERITIES {
            let of: Vec<&Change> = review
                .changes
                .iter()
                .filter(|c| c.severity() == severity)
                .collect();
            let rust = of
                .iter()
                .filter(|c| c.rust == super::RustEffect::Breaking)
                .count();
            out.push_str(&format!("| {severity} | {} | {rust} |\n", of.len()));
        }
        out.push_str(&format!(
            "| accepted by the ignore file | {} | |\n",
            review.ignored.len()
        ));
        let bindings = match &review.crate_name {
            Some(name) => format!("`{name}`"),
            None => "The generated crate".to_string(),
        };
        out.push_str(&format!(
            "\n**{bindings} needs a {} release.**\n",
            review.semver()
        ));
    }
    if !review.not_compared.is_empty() {
        out.push_str(&format!(
            "\n{} part{} could not be compared (see below).\n",
            review.not_compared.len(),
            plural(review.not_compared.len())
        ));
    }
    if !review.repairs.is_empty() {
        out.push_str(&format!(
            "\n{} repair{}: the documents break rules of OpenAPI 3.0 the review read past (see below).\n",
            review.repairs.len(),
            plural(review.repairs.len())
        ));
    }
    if !review.ignore_problems.is_empty() {
        out.push_str(&format!(
            "\nThe ignore file has {} entr{} to fix (see below).\n",
            review.ignore_problems.len(),
            if review.ignore_problems.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ));
    }
    details(&mut out, review);
    out
}

/// The folded details: changes, accepted ones, parts not compared, what was read past, and
/// the ignore entries to fix.
fn details(out: &mut String, review: &Review) {
    if !review.changes.is_empty() {
        let mut ordered: Vec<&Change> = review.changes.iter().collect();
        ordered.sort_by_key(|c| std::cmp::Reverse(c.severity()));
        folded(
            out,
            &format!("Changes ({})", ordered.len()),
            "| severity | rule | change | where | Rust | Rust items |\n|---|---|---|---|---|---|\n",
            ordered.iter().map(|c| {
                format!(
                    "| {} | `{}` | {} | `{}` | {} | {} |\n",
                    c.severity(),
                    c.rule,
                    cell(&c.description),
                    c.location,
                    c.rust.as_str(),
                    items(c)
                )
            }),
        );
    }
    if !review.ignored.is_empty() {
        folded(
            out,
            &format!("Accepted by the ignore file ({})", review.ignored.len()),
            "| severity | rule | change | where | reason |\n|---|---|---|---|---|\n",
            review.ignored.iter().map(|i| {
                format!(
                    "| {} | `{}` | {} | `{}` | {} |\n",
                    i.change.severity(),
                    i.change.rule,
                    cell(&i.change.description),
                    i.change.location,
                    cell(&i.reason)
                )
            }),
        );
    }
    if !review.not_compared.is_empty() {
        folded(
            out,
            &format!("Not compared ({})", review.not_compared.len()),
            "| side | lost | where | why |\n|---|---|---|---|\n",
            review.not_compared.iter().map(|n| {
                format!(
                    "| {} | {} | `{}` | {} |\n",
                    n.side,
                    n.finding.loss.as_str(),
                    n.finding.pointer,
                    cell(&n.finding.message)
                )
            }),
        );
    }
    if !review.repairs.is_empty() {
        folded(
            out,
            &format!("Read past ({})", review.repairs.len()),
            "| side | where | read as |\n|---|---|---|\n",
            review.repairs.iter().map(|r| {
                format!(
                    "| {} | `{}` | {} |\n",
                    r.side,
                    r.repair.pointer,
                    cell(&r.repair.message)
                )
            }),
        );
    }
    if !review.ignore_problems.is_empty() {
        folded(
            out,
            "Ignore file entries to fix",
            "| problem | rule | pointer | expires |\n|---|---|---|---|\n",
            review.ignore_problems.iter().map(|p| {
                format!(
                    "| {} | `{}` | `{}` | {} |\n",
                    p.problem,
                    p.entry.rule,
                    p.entry.pointer,
                    p.entry.expires.as_deref().unwrap_or("")
                )
            }),
        );
    }
}

fn folded(out: &mut String, summary: &str, head: &str, rows: impl Iterator<Item = String>) {
    out.push_str(&format!(
        "\n<details><summary>{summary}</summary>\n\n{head}"
    ));
    out.extend(rows);
    out.push_str("\n</details>\n");
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Text in a table cell: no column breaks, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn items(c: &Change) -> String {
    let items: Vec<String> = c.rust_items.iter().map(|i| format!("`{i}`")).collect();
    items.join(", ")
}

/// The review as JSON (schema version [`JSON_SCHEMA_VERSION`]).
pub fn to_json(review: &Review, old_label: &str, new_label: &str) -> Value {
    let count = |severity| review.count(severity);
    json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "old": old_label,
        "new": new_label,
        "semver": review.semver().as_str(),
        "summary": {
            "breaking": count(Severity::Breaking),
            "warning": count(Severity::Warning),
            "info": count(Severity::Info),
            "rust_breaking": review.changes.iter().filter(|c| c.rust == super::RustEffect::Breaking).count(),
            "ignored": review.ignored.len(),
            "not_compared": review.not_compared.len(),
            "repairs": review.repairs.len(),
            "ignore_problems": review.ignore_problems.len(),
        },
        "changes": review.changes.iter().map(Change::to_json).collect::<Vec<_>>(),
        "ignored": review.ignored.iter().map(|i| {
            let mut change = i.change.to_json();
            change["reason"] = Value::from(i.reason.clone());
            change
        }).collect::<Vec<_>>(),
        "not_compared": review.not_compared.iter().map(|n| json!({
            "side": n.side.as_str(),
            "loss": n.finding.loss.as_str(),
            "pointer": n.finding.pointer,
            "message": n.finding.message,
        })).collect::<Vec<_>>(),
        "repairs": review.repairs.iter().map(|r| json!({
            "side": r.side.as_str(),
            "pointer": r.repair.pointer,
            "message": r.repair.message,
        })).collect::<Vec<_>>(),
        "ignore_problems": review.ignore_problems.iter().map(|p| json!({
            "problem": p.problem,
            "rule": p.entry.rule.id(),
            "pointer": p.entry.pointer,
            "reason": p.entry.reason,
            "expires": p.entry.expires,
        })).collect::<Vec<_>>(),
    })
}
