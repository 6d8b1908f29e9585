//! What changed between two spec versions: the review a spec update gets before it ships.
//! Both documents go through `load` and `resolve` in [`Mode::SkipUnsupported`], so the
//! comparison sees what the bindings see (flattened `allOf`, Rust names, named constants) and
//! compares what both versions have; what either side could not read is listed in
//! [`Review::not_compared`], never silently dropped.
//!
//! Each [`Change`] is classified on two axes kept apart:
//! - the wire: its [`Rule`] (a stable id) and the rule's [`Severity`] for clients of the API
//!   (`breaking`, `warning` for what may break some clients, `info`); see `rules.rs`;
//! - Rust: its [`RustEffect`] on code compiled against the generated crate (a removed or
//!   renamed item, a new required argument, a field that becomes `Option`), which decides the
//!   [`SemverStep`] the crate needs.
//!
//! [`ignore`] applies a maintainers' ignore file; [`render`] writes the Markdown (a
//! pull-request comment) and the versioned JSON report.

mod coverage;
mod direction;
mod families;
mod identity;
pub mod ignore;
mod keywords;
mod lifecycle;
mod operations;
pub mod render;
mod rules;
mod schemas;
mod shape;
mod surface;
mod walk;

use crate::error::Error;
use crate::ir::{Api, TypeKind, TypeRef};
use crate::report::{Finding, Loss, Mode};
use crate::{load, resolve, Input};
use identity::enclosing_parameter;
use std::collections::BTreeSet;
use std::fmt;

pub use coverage::{account, Accounted, Cover};
pub use ignore::{IgnoreEntry, IgnoreFile, IgnoreProblem, Ignored};
pub use render::{to_json, to_markdown, JSON_SCHEMA_VERSION};
pub use rules::{Rule, Severity};
pub use surface::{surface, SurfaceItem, SurfaceKind};
pub use walk::{Difference, Kind as DifferenceKind};

/// What a change does to Rust code compiled against the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RustEffect {
    /// No public item changes (a constant's value, what the server accepts).
    None,
    /// Items are added; code that compiled still compiles (types and enums are
    /// `#[non_exhaustive]`).
    Additive,
    /// Code that compiled may not: an item removed or renamed, a new required argument, a
    /// field's type changed (`T` <-> `Option<T>`).
    Breaking,
}

impl RustEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            RustEffect::None => "none",
            RustEffect::Additive => "additive",
            RustEffect::Breaking => "breaking",
        }
    }
}

/// The release step the generated crate needs for a set of changes (Cargo's semver rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SemverStep {
    /// Nothing changed.
    None,
    /// Only behaviour (values of constants, what the server accepts) changes.
    Patch,
    /// Items are added.
    Minor,
    /// Code compiled against the old crate may break.
    Major,
}

impl SemverStep {
    pub fn as_str(self) -> &'static str {
        match self {
            SemverStep::None => "none",
            SemverStep::Patch => "patch",
            SemverStep::Minor => "minor",
            SemverStep::Major => "major",
        }
    }
}

impl fmt::Display for SemverStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub rule: Rule,
    /// JSON pointer in the new document (the old one for removals).
    pub location: String,
    pub rust: RustEffect,
    /// Generated items affected (`models::IpSecTunnel::name`, `Client::ipsecgateways_get`).
    pub rust_items: Vec<String>,
    pub description: String,
}

impl Change {
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

/// Which version (or both) something of the review belongs to.
// In the order of the names, as reports sort them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Which {
    Both,
    New,
    Old,
}

impl Which {
    /// `both`, `new` or `old`, as the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Which::Both => "both",
            Which::New => "new",
            Which::Old => "old",
        }
    }
}

/// One of the two versions a review reads: what a document that cannot be read is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OldOrNew {
    Old,
    New,
}

impl OldOrNew {
    /// `old` or `new`, as messages and reports write it (the same words as [`Which`]).
    pub fn as_str(self) -> &'static str {
        Which::from(self).as_str()
    }
}

impl From<OldOrNew> for Which {
    fn from(side: OldOrNew) -> Which {
        match side {
            OldOrNew::Old => Which::Old,
            OldOrNew::New => Which::New,
        }
    }
}

impl fmt::Display for OldOrNew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Which {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A part of a document the review could not compare: the generator could not read it on one
/// side (or both), so changes touching it are not reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCompared {
    pub side: Which,
    pub finding: Finding,
}

/// Something a document lacked that the review read past (a rule of OpenAPI 3.0 broken
/// without ambiguity, [`load::load_repairing`]): a warning of the review, with its pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The version that lacked it.
    pub side: OldOrNew,
    pub repair: load::Repair,
}

/// The review of a spec update.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    /// The changes, ordered by location (those an ignore file accepted are in `ignored`).
    pub changes: Vec<Change>,
    pub not_compared: Vec<NotCompared>,
    /// What either document lacked and the review read past, side by side.
    pub repairs: Vec<Repaired>,
    pub ignored: Vec<Ignored>,
    pub ignore_problems: Vec<IgnoreProblem>,
    /// The name users import the bindings by (`info.x-rust-crate`, the new version's, else
    /// the old one's), for the report's release line; `None` when neither document says.
    pub crate_name: Option<String>,
}

impl Review {
    /// The step the generated crate needs: accepted (ignored) changes count too.
    pub fn semver(&self) -> SemverStep {
        let effects = self
            .changes
            .iter()
            .chain(self.ignored.iter().map(|i| &i.change))
            .map(|c| c.rust);
        effects.fold(SemverStep::None, |step, effect| {
            step.max(match effect {
                RustEffect::None => SemverStep::Patch,
                RustEffect::Additive => SemverStep::Minor,
                RustEffect::Breaking => SemverStep::Major,
            })
        })
    }

    /// How many changes (not ignored) have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity() == severity)
            .count()
    }

    /// The gate: does a change at or above `threshold` remain? At `warning`, a problem of the
    /// ignore file (an expired or unmatched entry) fails it too.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.changes.iter().any(|c| c.severity() >= threshold)
            || (threshold <= Severity::Warning && !self.ignore_problems.is_empty())
    }
}

/// Which input could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffError {
    pub side: OldOrNew,
    pub error: Error,
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} spec: {}", self.side, self.error)
    }
}

pub(crate) struct Side {
    api: Api,
    usage: Usage,
    /// What the generator gave up (skipped operations, untyped schemas, ...).
    lost: Vec<Finding>,
    /// What the document lacked and was read past.
    repairs: Vec<load::Repair>,
}

fn side(input: &Input, name: OldOrNew) -> Result<Side, DiffError> {
    let fail = |error| DiffError { side: name, error };
    let (doc, repairs) = load::load_repairing(input.spec, input.overlay).map_err(fail)?;
    let (api, report) = resolve::resolve_in(&doc, Mode::SkipUnsupported).map_err(fail)?;
    let usage = Usage::of(&api);
    let mut lost: Vec<Finding> = report
        .findings
        .into_iter()
        .filter(|f| !matches!(f.loss, Loss::Inferred | Loss::Unchecked))
        .collect();
    // A skipped operation's finding points at its problem, which may be a shared component:
    // record the operation itself too (resolve names it), so its absence is not read as a
    // removal.
    let skipped: Vec<Finding> = lost
        .iter()
        .filter_map(|f| f.operation.clone())
        .map(|pointer| Finding {
            pointer,
            loss: Loss::SkippedOperation,
            message: "the operation could not be read (see the finding above)".into(),
            operation: None,
        })
        .collect();
    lost.extend(skipped);
    Ok(Side {
        api,
        usage,
        lost,
        repairs,
    })
}

/// One version read for a review: the model the generator makes of it, and the document as
/// written (overlay applied) for the walk that finds every place the versions differ.
pub struct Version {
    side: Side,
    written: serde_json::Value,
}

/// Reads one version (`side_name` names it in errors).
pub fn read(input: &Input, side_name: OldOrNew) -> Result<Version, DiffError> {
    let written = coverage::written(input, side_name)?;
    Ok(Version {
        side: side(input, side_name)?,
        written,
    })
}

/// Every change from `old` to `new`, ordered by location, and what could not be compared.
/// Without a date, an operation removed with a sunset date counts as removed before it (the
/// cautious reading); [`review_on`] gives the date.
pub fn review(old: &Input, new: &Input) -> Result<Review, DiffError> {
    review_on(old, new, "")
}

/// [`review`] on a day (`YYYY-MM-DD`, UTC): sunset dates are compared with it.
pub fn review_on(old: &Input, new: &Input, today: &str) -> Result<Review, DiffError> {
    Ok(compare(
        &read(old, OldOrNew::Old)?,
        &read(new, OldOrNew::New)?,
        today,
    ))
}

/// The review of two versions already read (one version can be compared with many), on a day
/// (`YYYY-MM-DD`, or empty: see [`review`]).
pub fn compare(old_version: &Version, new_version: &Version, today: &str) -> Review {
    let (old, new) = (&old_version.side, &new_version.side);
    let (old_written, new_written) = (&old_version.written, &new_version.written);
    // A part only one side could read shows up as added, removed or retyped: an artefact of
    // the generator, not a change of the API. It is listed as not compared instead.
    let one_sided: Vec<&Finding> = old
        .lost
        .iter()
        .filter(|f| !new.lost.contains(f))
        .chain(new.lost.iter().filter(|f| !old.lost.contains(f)))
        .collect();
    let lost = |location: &str| one_sided.iter().any(|f| artefact(f, location));
    let mut found = Vec::new();
    operations::operations(old, new, &mut found);
    schemas::types(old, new, &mut found);
    schemas::constants(old, new, &mut found);
    servers(old, new, &mut found);
    surface::compare(&old.api, &new.api, &lost, &mut found);
    if old.api.security != new.api.security {
        found.push(Change {
            rule: Rule::SecurityChanged,
            location: "#/components/securitySchemes".into(),
            rust: RustEffect::Breaking,
            rust_items: vec!["Client".into()],
            description: "security schemes or requirements changed".into(),
        });
    }
    found.retain(|c| !lost(&c.location));
    // Read from the documents themselves, so what the generator could not read does not hide
    // them: what the generator does not turn into Rust (media types, nullability, branches,
    // 3.1 keywords) from where operations use each schema, then the families the model does
    // not carry from every place the documents differ.
    let skipped = |side: &Side| -> BTreeSet<String> {
        let lost = side.lost.iter();
        let skipped = lost.filter(|f| f.loss == Loss::SkippedOperation);
        skipped.map(|f| f.pointer.clone()).collect()
    };
    let unread: BTreeSet<String> = skipped(old).intersection(&skipped(new)).cloned().collect();
    keywords::changes(old_written, new_written, &unread, &mut found);
    let differences = walk::differences(old_written, new_written);
    let classified = families::classify(&differences, old_written, new_written, today, &mut found);
    found.extend(classified);
    found.extend(lifecycle::unreadable(
        &differences,
        old_written,
        new_written,
    ));
    found.sort_by(|a, b| {
        (a.location.as_str(), a.rule.id()).cmp(&(b.location.as_str(), b.rule.id()))
    });
    found.dedup();
    let mut review = Review {
        changes: found,
        not_compared: not_compared(old.lost.clone(), new.lost.clone()),
        repairs: [(OldOrNew::Old, old), (OldOrNew::New, new)]
            .into_iter()
            .flat_map(|(side, s)| {
                s.repairs.iter().map(move |repair| Repaired {
                    side,
                    repair: repair.clone(),
                })
            })
            .collect(),
        ignored: Vec::new(),
        ignore_problems: Vec::new(),
        crate_name: new
            .api
            .crate_name
            .clone()
            .or_else(|| old.api.crate_name.clone()),
    };
    let silent = coverage::unaccounted(&review, differences, old_written, new_written);
    review.not_compared.extend(silent);
    review
        .not_compared
        .sort_by(|a, b| (&a.finding.pointer, a.side).cmp(&(&b.finding.pointer, b.side)));
    review
}

/// The changes alone (the review without its not-compared list).
pub fn diff(old: &Input, new: &Input) -> Result<Vec<Change>, DiffError> {
    review(old, new).map(|r| r.changes)
}

/// Could a change at `location` come from what one side lost? What is lost in a parameter
/// (the parameter skipped, or a part of its schema untyped) shows up only at or inside that
/// parameter (as removed, added or retyped); the rest of its operation (statuses, answers,
/// its operationId) is read on both sides and compared. Anything else lost may change what
/// contains it too.
fn artefact(lost: &Finding, location: &str) -> bool {
    // An operation skipped for one of its parameters is missing as a whole.
    let parameter = match lost.loss {
        Loss::SkippedOperation => None,
        _ => enclosing_parameter(&lost.pointer),
    };
    match parameter {
        Some(parameter) => {
            location == parameter
                || location
                    .strip_prefix(parameter)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
        None => overlaps(&lost.pointer, location),
    }
}

/// One pointer is the other or lies inside it.
fn overlaps(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x.strip_prefix(y).is_some_and(|rest| rest.starts_with('/'));
    a == b || inside(a, b) || inside(b, a)
}

fn not_compared(old: Vec<Finding>, new: Vec<Finding>) -> Vec<NotCompared> {
    let mut out: Vec<NotCompared> = Vec::new();
    for finding in old {
        let side = if new.contains(&finding) {
            Which::Both
        } else {
            Which::Old
        };
        out.push(NotCompared { side, finding });
    }
    for finding in new {
        if !out
            .iter()
            .any(|n| n.side == Which::Both && n.finding == finding)
        {
            out.push(NotCompared {
                side: Which::New,
                finding,
            });
        }
    }
    out.sort_by(|a, b| (&a.finding.pointer, a.side).cmp(&(&b.finding.pointer, b.side)));
    out.dedup();
    out
}

/// Which generated types appear in what clients send and in what they receive.
#[derive(Default)]
pub(crate) struct Usage {
    sent: BTreeSet<String>,
    received: BTreeSet<String>,
}

impl Usage {
    fn of(api: &Api) -> Usage {
        let mut usage = Usage::default();
        for op in api.operations.values() {
            for p in op
                .path_params
                .iter()
                .chain(&op.query_params)
                .chain(&op.header_params)
            {
                reach(api, &p.ty, &mut usage.sent);
            }
            if let Some(body) = &op.body {
                reach(api, &body.ty, &mut usage.sent);
            }
            for ty in op.returns.body_types() {
                reach(api, ty, &mut usage.received);
            }
        }
        usage
    }

    pub(crate) fn sent(&self, ty: &str) -> bool {
        self.sent.contains(ty)
    }

    pub(crate) fn received(&self, ty: &str) -> bool {
        self.received.contains(ty)
    }
}

fn reach(api: &Api, ty: &TypeRef, seen: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => {
            reach(api, inner, seen)
        }
        TypeRef::Named(name) => {
            if !seen.insert(name.clone()) {
                return;
            }
            match api.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(fields)) => {
                    for f in fields {
                        reach(api, &f.ty, seen);
                    }
                }
                Some(TypeKind::Alias(target)) => reach(api, target, seen),
                Some(TypeKind::Union(variants)) => {
                    for v in variants {
                        reach(api, &v.ty, seen);
                    }
                }
                Some(TypeKind::Text { any_of, .. }) => {
                    for alternative in any_of {
                        if let crate::ir::AlternativeTest::Type(t) = &alternative.test {
                            reach(api, &TypeRef::Named(t.clone()), seen);
                        }
                    }
                }
                Some(TypeKind::Enum { .. }) | None => {}
            }
        }
        _ => {}
    }
}

pub(crate) fn show(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(inner) => show(inner),
        TypeRef::Array(inner) => format!("[{}]", show(inner)),
        TypeRef::Map(inner) => format!("map of {}", show(inner)),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn servers(old: &Side, new: &Side, out: &mut Vec<Change>) {
    for (i, s) in old.api.servers.iter().enumerate() {
        if !new.api.servers.iter().any(|n| n.url == s.url) {
            out.push(Change {
                rule: Rule::ServerRemoved,
                location: format!("#/servers/{i}"),
                rust: RustEffect::Breaking,
                rust_items: vec![format!("Region::{}", s.variant)],
                description: format!("server {} removed", s.url),
            });
        }
    }
    for (i, s) in new.api.servers.iter().enumerate() {
        if !old.api.servers.iter().any(|o| o.url == s.url) {
            out.push(Change {
                rule: Rule::ServerAdded,
                location: format!("#/servers/{i}"),
                rust: RustEffect::Additive,
                rust_items: vec![format!("Region::{}", s.variant)],
                description: format!("server {} added", s.url),
            });
        }
    }
}
