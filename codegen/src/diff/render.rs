//! The reports for review: Markdown (a summary line and a table, breaking changes first) and JSON.

use super::Change;
use serde_json::{json, Value};

impl Change {
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.as_str(),
            "location": self.location,
            "breaking": self.breaking,
            "rust_items": self.rust_items,
            "description": self.description,
        })
    }
}

/// The report for review: a summary line and a table, breaking changes first.
pub fn to_markdown(changes: &[Change], old_label: &str, new_label: &str) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = format!("## API changes: `{old_label}` -> `{new_label}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes a client can see.\n");
        return out;
    }
    out.push_str(&format!(
        "{} change{}, {breaking} breaking{}.\n\n| | change | where | Rust items |\n|---|---|---|---|\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        if breaking > 0 { " (a major release)" } else { "" }
    ));
    let mut ordered: Vec<&Change> = changes.iter().collect();
    ordered.sort_by_key(|c| !c.breaking);
    for c in ordered {
        let items: Vec<String> = c.rust_items.iter().map(|i| format!("`{i}`")).collect();
        out.push_str(&format!(
            "| {} | {} | `{}` | {} |\n",
            if c.breaking {
                "**breaking**"
            } else {
                "compatible"
            },
            c.description.replace('|', "\\|"),
            c.location,
            items.join(", ")
        ));
    }
    out
}

pub fn to_json(changes: &[Change]) -> Value {
    Value::Array(changes.iter().map(Change::to_json).collect())
}
