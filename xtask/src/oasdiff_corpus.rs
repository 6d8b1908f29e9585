//! `cargo xtask corpus --oasdiff`: the review held to oasdiff's conformance cases. The cases
//! (`xtask/tests/oasdiff/`: the spec pairs of oasdiff's `data/` and the rule ids and levels its
//! Go tests expect, extracted by `extract.py`) name oasdiff's rule ids; `xtask/REVIEW.md`
//! maps each id to the rules of ours that describe the same change (its section "oasdiff's
//! rules"). Each expected change is then one of: our review reports a mapped rule with the
//! same severity (agree), only with another severity, none (missed), or the review refused
//! the pair; an id no rule of ours maps to is "not covered". A case that expects nothing from
//! the checks it runs ("quiet") agrees when we report nothing of those checks' rules at or
//! above its level, else it is an extra.

use crate::workspace_root;
use codegen::diff::{Review, Rule, Severity};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The day the cases are judged on: the date of oasdiff's commit 4553c69d, whose tests the
/// expectations come from. oasdiff's tests compare sunset dates with the day they run, and its
/// documents use dates long past (2022, 2023) and far off (2099, 9999); a fixed day between
/// them judges the sunset rules as those tests did, and keeps the recorded figures the same
/// whatever day the test runs.
pub const JUDGED_ON: &str = "2026-08-08";

/// The committed corpus.
pub fn committed_cases() -> PathBuf {
    workspace_root().join("xtask/tests/oasdiff")
}

/// How one oasdiff id maps to the review: a family (for the figures) and the rules of ours
/// that report that kind of change (none: not covered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub family: String,
    pub rules: Vec<Rule>,
    /// Our severity differs from oasdiff's on purpose (the note says why).
    pub deliberate: bool,
}

/// The mapping table of `REVIEW.md` (the rows after the heading "## oasdiff's rules": oasdiff
/// id, its level, family, our rules in backticks or `—`, note).
pub fn mapping(review_md: &str) -> Result<BTreeMap<String, Mapping>, String> {
    let section = review_md
        .split("\n## ")
        .find(|s| s.starts_with("oasdiff's rules"))
        .ok_or("REVIEW.md has no section \"oasdiff's rules\"")?;
    let mut table = BTreeMap::new();
    let rows = section
        .lines()
        .skip_while(|l| !l.starts_with("| oasdiff id |"))
        .skip(2)
        .take_while(|l| l.starts_with("| "));
    for line in rows {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(id), Some(family), Some(rules)) = (cells.get(1), cells.get(3), cells.get(4))
        else {
            continue;
        };
        let note = cells.get(5).copied().unwrap_or_default();
        let rules = rules
            .split(',')
            .map(|r| r.trim().trim_matches('`'))
            .filter(|r| !r.is_empty() && *r != "—")
            .map(|r| Rule::from_id(r).ok_or(format!("REVIEW.md maps {id} to unknown rule {r}")))
            .collect::<Result<Vec<Rule>, String>>()?;
        let mapped = Mapping {
            family: family.to_string(),
            rules,
            deliberate: note.starts_with("deliberately different"),
        };
        if table.insert(id.to_string(), mapped).is_some() {
            return Err(format!("REVIEW.md maps {id} twice"));
        }
    }
    Ok(table)
}

/// What the review made of one expected change (or of a quiet case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Agree,
    /// Another severity, on purpose (REVIEW.md's mapping table says why).
    Deliberate,
    Severity,
    Missed,
    Refused,
    /// A quiet case where we report a change of its checks.
    Extra,
    NotCovered,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::Deliberate => "deliberate",
            Verdict::Severity => "severity",
            Verdict::Missed => "missed",
            Verdict::Refused => "refused",
            Verdict::Extra => "extra",
            Verdict::NotCovered => "not-covered",
        }
    }
}

/// One expected change (or a quiet case: `id` is empty) and what we said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub case: String,
    pub id: String,
    pub level: Severity,
    pub family: String,
    pub verdict: Verdict,
    /// Our changes of the mapped rules (`rule (severity)`), or why the pair was refused.
    pub ours: String,
}

fn severity(text: &str) -> Result<Severity, String> {
    match text {
        "breaking" => Ok(Severity::Breaking),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        other => Err(format!("unknown level {other}")),
    }
}

fn review(dir: &Path, case: &Value) -> Result<Review, String> {
    let read = |key: &str| {
        let path = dir
            .join("data")
            .join(case[key].as_str().unwrap_or_default());
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (old, new) = (read("base")?, read("revision")?);
    let input = |spec| codegen::Input {
        spec,
        overlay: None,
        spec_label: "openapi.yaml",
    };
    match std::panic::catch_unwind(|| {
        codegen::diff::review_on(&input(&old), &input(&new), JUDGED_ON)
    }) {
        Ok(Ok(review)) => Ok(review),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("panicked".into()),
    }
}

/// Our changes whose rule is one of `rules`, as `rule (severity)`.
fn reported(review: &Review, rules: &[Rule], from: Severity) -> Vec<String> {
    let mut found: Vec<String> = review
        .changes
        .iter()
        .filter(|c| rules.contains(&c.rule) && c.severity() >= from)
        .map(|c| format!("{} ({})", c.rule.id(), c.severity()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Every case of the corpus in `dir`, judged against the mapping.
pub fn evaluate(dir: &Path, table: &BTreeMap<String, Mapping>) -> Result<Vec<Outcome>, String> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).map_err(|e| e.to_string())?;
    let manifest: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let rules = manifest["rules"].as_object().ok_or("manifest: no rules")?;
    let map = |id: &str| table.get(id).ok_or(format!("REVIEW.md does not map {id}"));
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = Vec::new();
    for case in manifest["cases"].as_array().ok_or("manifest: no cases")? {
        let name = case["name"].as_str().unwrap_or_default().to_string();
        let result = review(dir, case);
        let expected = case["expected"].as_array().cloned().unwrap_or_default();
        for e in &expected {
            let id = e["id"].as_str().unwrap_or_default();
            let mapped = map(id)?;
            let level = severity(e["level"].as_str().unwrap_or_default())?;
            let (verdict, ours) = match &result {
                _ if mapped.rules.is_empty() => (Verdict::NotCovered, String::new()),
                Err(why) => (Verdict::Refused, why.clone()),
                Ok(review) => {
                    let ours = reported(review, &mapped.rules, Severity::Info);
                    let agree = review
                        .changes
                        .iter()
                        .any(|c| mapped.rules.contains(&c.rule) && c.severity() == level);
                    let verdict = match (agree, ours.is_empty()) {
                        (true, _) => Verdict::Agree,
                        (false, false) if mapped.deliberate => Verdict::Deliberate,
                        (false, false) => Verdict::Severity,
                        (false, true) => Verdict::Missed,
                    };
                    (verdict, ours.join(", "))
                }
            };
            out.push(Outcome {
                case: name.clone(),
                id: id.to_string(),
                level,
                family: mapped.family.clone(),
                verdict,
                ours,
            });
        }
        if expected.is_empty() {
            out.push(quiet(case, name, &result, rules, table)?);
        }
    }
    let _ = std::panic::take_hook();
    Ok(out)
}

/// A case whose checks expect nothing at or above its level.
fn quiet(
    case: &Value,
    name: String,
    result: &Result<Review, String>,
    rules: &serde_json::Map<String, Value>,
    table: &BTreeMap<String, Mapping>,
) -> Result<Outcome, String> {
    let checks: Vec<&str> = case["checks"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let ids: Vec<&String> = rules
        .iter()
        .filter(|(_, r)| checks.contains(&r["check"].as_str().unwrap_or_default()))
        .map(|(id, _)| id)
        .collect();
    let mut ours_rules: Vec<Rule> = Vec::new();
    let mut family = String::new();
    for id in ids {
        let mapped = table
            .get(id)
            .ok_or(format!("REVIEW.md does not map {id}"))?;
        ours_rules.extend(&mapped.rules);
        family.clone_from(&mapped.family);
    }
    let from = severity(case["from_level"].as_str().unwrap_or("warning"))?;
    let (verdict, ours) = match result {
        _ if ours_rules.is_empty() => (Verdict::NotCovered, String::new()),
        Err(why) => (Verdict::Refused, why.clone()),
        Ok(review) => {
            let found = reported(review, &ours_rules, from);
            let verdict = if found.is_empty() {
                Verdict::Agree
            } else {
                Verdict::Extra
            };
            (verdict, found.join(", "))
        }
    };
    Ok(Outcome {
        case: name,
        id: String::new(),
        level: from,
        family,
        verdict,
        ours,
    })
}

const COLUMNS: [Verdict; 7] = [
    Verdict::Agree,
    Verdict::Deliberate,
    Verdict::Severity,
    Verdict::Missed,
    Verdict::Refused,
    Verdict::Extra,
    Verdict::NotCovered,
];

/// The figures per family, then for the covered families and for all.
pub fn summary(outcomes: &[Outcome]) -> String {
    let mut families: BTreeMap<&str, [usize; 7]> = BTreeMap::new();
    for o in outcomes {
        let row = families.entry(o.family.as_str()).or_default();
        row[COLUMNS.iter().position(|v| *v == o.verdict).unwrap_or(0)] += 1;
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "| family | cases | agree | deliberately different | severity | missed | refused | extra \
         | not covered |"
    );
    let _ = writeln!(text, "|---|---|---|---|---|---|---|---|---|");
    let mut total = [0usize; 7];
    for (family, row) in &families {
        let cells: Vec<String> = row.iter().map(usize::to_string).collect();
        let n: usize = row.iter().sum();
        let _ = writeln!(text, "| {family} | {n} | {} |", cells.join(" | "));
        for (t, r) in total.iter_mut().zip(row) {
            *t += r;
        }
    }
    let all: usize = total.iter().sum();
    let covered = all - total[6];
    let percent = |n: usize, of: usize| n as f64 * 100.0 / of.max(1) as f64;
    let _ = writeln!(
        text,
        "\ncovered: {} of {covered} agree ({:.1}%), {} deliberately different, {} differ in \
         severity, {} missed, {} refused, {} extra; not covered: {}; all: {} of {all} agree \
         ({:.1}%); read (not refused), covered: {} of {} agree or differ on purpose ({:.1}%)",
        total[0],
        percent(total[0], covered),
        total[1],
        total[2],
        total[3],
        total[4],
        total[5],
        total[6],
        total[0],
        percent(total[0], all),
        total[0] + total[1],
        covered - total[4],
        percent(total[0] + total[1], covered - total[4]),
    );
    text
}

/// One line per outcome, for review of what changed between two runs.
pub fn details(outcomes: &[Outcome]) -> String {
    let mut text = String::new();
    for o in outcomes {
        let id = if o.id.is_empty() { "(quiet)" } else { &o.id };
        let _ = writeln!(
            text,
            "{} {} {id} {}: {}",
            o.verdict.as_str(),
            o.case,
            o.level,
            o.ours
        );
    }
    text
}

/// The figures and the details of the committed corpus.
pub fn report() -> Result<(String, String), String> {
    let review_md = std::fs::read_to_string(workspace_root().join("xtask/REVIEW.md"))
        .map_err(|e| format!("REVIEW.md: {e}"))?;
    let table = mapping(&review_md)?;
    let outcomes = evaluate(&committed_cases(), &table)?;
    Ok((summary(&outcomes), details(&outcomes)))
}

pub fn run() -> Result<crate::Outcome, String> {
    let (summary, details) = report()?;
    print!("{details}\n{summary}");
    Ok(crate::Outcome::Done)
}
