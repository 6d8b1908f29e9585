//! Rust names for wire names: case conversion with heck, keyword escaping, and collision checks.

use crate::error::Error;
use crate::ir::names;
use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];
/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Keeps ASCII alphanumerics and `_` (every other character becomes a word break for heck),
/// turns plural acronyms into one word (`CIDRs` -> `Cidrs`), which heck would split as `CID_Rs`,
/// and starts a word after a digit followed by a capital (`IPV4CIDR` -> `Ipv4Cidr`, like
/// `IPv4CIDR`), so every acronym is cased the same way.
fn ascii_words(wire: &str) -> String {
    let chars: Vec<char> = wire
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let run = i - start;
        let plural = run >= 2
            && chars.get(i) == Some(&'s')
            && chars.get(i + 1).is_none_or(|c| !c.is_ascii_lowercase());
        // `IPv4`, `IKEv2`: an acronym with a version suffix is one word.
        let versioned = run >= 2
            && chars.get(i).is_some_and(char::is_ascii_lowercase)
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if plural || versioned {
            for c in &mut out[start + 1..i] {
                *c = c.to_ascii_lowercase();
            }
        }
        i = i.max(start + 1);
    }
    let mut words = String::with_capacity(out.len() + 4);
    for (i, c) in out.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() && out[i - 1].is_ascii_digit() {
            words.push(' ');
        }
        words.push(*c);
    }
    words
}

fn finish(name: String, digit_prefix: &str, wire: &str, pointer: &str) -> Result<String, Error> {
    if name.is_empty() {
        return Err(Error::new(
            pointer,
            format!("name {wire:?} has no ASCII letters or digits to build a Rust name from"),
        ));
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    Ok(escape_keyword(name))
}

pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Prelude names generated code uses unqualified (`Option<T>`, `Ok(..)`, `impl Default`): a
/// schema type of that name would shadow them.
const PRELUDE: &[&str] = &[
    "AsRef",
    "Box",
    "Default",
    "Deserialize",
    "Err",
    "From",
    "Into",
    "None",
    "Ok",
    "Option",
    "Result",
    "Serialize",
    "Some",
    "String",
    "TryFrom",
    "Vec",
];

/// The crate root's scope: the items the runtime's `api_client!` and emit put there
/// (`ir::names`), before the handles' types go in (`pub use resources::*`).
pub fn root_items() -> Namespace {
    let runtime = names::RUNTIME_ROOT_ITEMS.map(|n| (n, "(the runtime)"));
    let generated = names::GENERATED_ROOT_ITEMS.map(|n| (n, "(generated)"));
    Namespace::holding(runtime.into_iter().chain(generated), "")
}

/// The prelude's scope: the items it exports besides models (`ir::names::PRELUDE_ITEMS`),
/// before the models go in.
pub fn prelude_items() -> Namespace {
    Namespace::holding(names::PRELUDE_ITEMS.map(|n| (n, "(generated)")), "")
}

/// The setters of a type whose methods are in `methods` (its own claimed first), one per
/// field (`(name, wire, pointer)`), each claimed there: the field's own name, or
/// `with_<field>` ([`names::with_setter`]) where that is taken or, with `raw_too`, a raw
/// identifier (`r#type`); numbered past a field already named so (`with_build_2`).
pub(super) fn setters<'f>(
    methods: &mut Namespace,
    fields: impl IntoIterator<Item = (&'f str, &'f str, &'f str)>,
    raw_too: bool,
) -> Vec<String> {
    fields
        .into_iter()
        .map(|(name, wire, pointer)| {
            let raw = name.starts_with("r#");
            let wanted = if methods.contains(name.trim_start_matches("r#")) || (raw_too && raw) {
                names::with_setter(name)
            } else {
                name.to_owned()
            };
            // Refused only for a wire name met twice, and a type's fields are distinct.
            methods.unique(&wanted, wire, pointer).unwrap_or(wanted)
        })
        .collect()
}

pub fn type_name(wire: &str, pointer: &str) -> Result<String, Error> {
    let name = finish(words(wire).to_upper_camel_case(), "T", wire, pointer)?;
    if let Some((_, other)) = names::ROOT_ITEMS_A_TYPE_STEPS_ASIDE_FROM
        .iter()
        .find(|(item, _)| *item == name)
    {
        return Ok(other.to_string());
    }
    Ok(if PRELUDE.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    })
}

pub fn variant_name(wire: &str, pointer: &str) -> Result<String, Error> {
    if wire.is_empty() {
        return Ok("Empty".into());
    }
    finish(words(wire).to_upper_camel_case(), "V", wire, pointer)
}

pub fn field_name(wire: &str, pointer: &str) -> Result<String, Error> {
    finish(words(wire).to_snake_case(), "_", wire, pointer)
}

/// The words of a name: its ASCII words, or, when it has none (`+`, `>=`, `日本`, ``), its
/// characters spelled out (`plus`, `gt eq`, `u65e5 u672c`, `empty`), so every name has one.
fn words(wire: &str) -> String {
    let ascii = ascii_words(wire);
    if ascii.chars().any(|c| c.is_ascii_alphanumeric()) {
        return ascii;
    }
    if wire.is_empty() {
        return "empty".into();
    }
    let spelled: Vec<String> = wire
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '+' => "plus".to_string(),
            '-' => "minus".into(),
            '*' => "star".into(),
            '/' => "slash".into(),
            '<' => "lt".into(),
            '>' => "gt".into(),
            '=' => "eq".into(),
            '!' => "not".into(),
            '$' => "dollar".into(),
            '@' => "at".into(),
            '#' => "hash".into(),
            '%' => "percent".into(),
            '&' => "and".into(),
            '|' => "or".into(),
            '.' => "dot".into(),
            '~' => "tilde".into(),
            '_' => "underscore".into(),
            other => format!("u{:04x}", other as u32),
        })
        .collect();
    if spelled.is_empty() {
        return "empty".into();
    }
    spelled.join(" ")
}

pub fn const_name(wire: &str) -> String {
    let name = ascii_words(wire).to_shouty_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

pub fn module_name(wire: &str, pointer: &str) -> Result<String, Error> {
    field_name(wire, pointer)
}

/// Names already handed out in one namespace, with the wire name and pointer they came from, so
/// that two wire names converging on one Rust name are reported instead of silently merged.
#[derive(Default)]
pub struct Namespace {
    taken: BTreeMap<String, (String, String)>,
}

impl Namespace {
    /// A scope holding what the generator defines in it before any spec name goes in
    /// (`ir::names`), each name with its owner (`(the runtime)`, `(generated)`) and `pointer`
    /// for the message of a later collision; a name two owners define is held once.
    pub fn holding<'n>(names: impl IntoIterator<Item = (&'n str, &'n str)>, pointer: &str) -> Self {
        let mut scope = Namespace::default();
        for (name, owner) in names {
            // The first owner's claim stands; the second's refusal is no news.
            scope.claim(name, owner, pointer).ok();
        }
        scope
    }

    pub fn claim(&mut self, rust: &str, wire: &str, pointer: &str) -> Result<(), Error> {
        if let Some((other_wire, other_pointer)) = self.taken.get(rust) {
            let message = if other_pointer.is_empty() {
                format!("name collision: {wire:?} becomes `{rust}` in Rust, a name the generated code already has there")
            } else {
                format!("name collision: {wire:?} and {other_wire:?} (at {other_pointer}) both become `{rust}` in Rust")
            };
            return Err(Error::new(pointer, message));
        }
        self.taken
            .insert(rust.to_string(), (wire.to_string(), pointer.to_string()));
        Ok(())
    }

    pub fn contains(&self, rust: &str) -> bool {
        self.taken.contains_key(rust)
    }

    /// `rust` when it is free, else the first free `rust_2`, `rust_3`, ... (`Rust2` for a
    /// CamelCase name): two spellings that convert to one Rust name (`status`/`Status`,
    /// `active`/`ACTIVE`) both get one, in document order, so output is deterministic. The
    /// same wire name twice is still an error: the document repeats itself.
    pub fn unique(&mut self, rust: &str, wire: &str, pointer: &str) -> Result<String, Error> {
        match self.taken.get(rust) {
            None => {}
            Some((other_wire, other_pointer)) if other_wire == wire => {
                return Err(Error::new(
                    pointer,
                    format!("{wire:?} is declared twice (also at {other_pointer})"),
                ))
            }
            Some(_) => {
                let base = rust.trim_start_matches("r#");
                let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
                let candidate = (2..)
                    .map(|n| {
                        if camel {
                            format!("{base}{n}")
                        } else {
                            format!("{base}_{n}")
                        }
                    })
                    .find(|c| !self.taken.contains_key(c))
                    .unwrap_or_default();
                self.claim(&candidate, wire, pointer)?;
                return Ok(candidate);
            }
        }
        self.claim(rust, wire, pointer)?;
        Ok(rust.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_escapes() {
        assert_eq!(
            type_name("IPSecTunnelRead", "#").unwrap(),
            "IpSecTunnelRead"
        );
        assert_eq!(
            field_name("cloudNetworkCIDRs", "#").unwrap(),
            "cloud_network_cidrs"
        );
        assert_eq!(field_name("allowedIPs", "#").unwrap(), "allowed_ips");
        assert_eq!(
            field_name("interfaceIPv4CIDR", "#").unwrap(),
            "interface_ipv4_cidr"
        );
        assert_eq!(variant_name("IKEv2", "#").unwrap(), "Ikev2");
        assert_eq!(type_name("IPV4CIDR", "#").unwrap(), "Ipv4Cidr");
        assert_eq!(type_name("IPv6CIDR", "#").unwrap(), "Ipv6Cidr");
        assert_eq!(type_name("IPSecTunnel", "#").unwrap(), "IpSecTunnel");
        assert_eq!(const_name("peerNetworkCIDRs"), "PEER_NETWORK_CIDRS");
        assert_eq!(field_name("type", "#").unwrap(), "r#type");
        assert_eq!(field_name("self", "#").unwrap(), "self_");
        assert_eq!(field_name("1st", "#").unwrap(), "_1st");
        assert_eq!(variant_name("15-MODP3072", "#").unwrap(), "V15Modp3072");
        assert_eq!(const_name("_links"), "LINKS");
        // Without ASCII letters or digits, the characters are spelled out.
        assert_eq!(field_name("üé", "#/x").unwrap(), "u00fc_u00e9");
        assert_eq!(field_name(">=", "#/x").unwrap(), "gt_eq");
        assert_eq!(type_name("", "#/x").unwrap(), "Empty");
        assert_eq!(field_name("  ", "#/x").unwrap(), "empty");
    }

    #[test]
    fn converging_spellings_get_numbered_names_in_order() {
        let mut ns = Namespace::default();
        assert_eq!(ns.unique("status", "status", "#/a").unwrap(), "status");
        assert_eq!(ns.unique("status", "Status", "#/b").unwrap(), "status_2");
        assert_eq!(ns.unique("status", "STATUS", "#/c").unwrap(), "status_3");
        assert_eq!(ns.unique("r#type", "type", "#/d").unwrap(), "r#type");
        assert_eq!(ns.unique("r#type", "Type", "#/e").unwrap(), "type_2");
        assert_eq!(ns.unique("Active", "active", "#/f").unwrap(), "Active");
        assert_eq!(ns.unique("Active", "ACTIVE", "#/g").unwrap(), "Active2");
        let err = ns.unique("status", "status", "#/h").unwrap_err();
        assert!(err.message.contains("declared twice"), "{err}");
    }

    #[test]
    fn reports_collisions_with_both_places() {
        let mut ns = Namespace::default();
        ns.claim("foo_bar", "fooBar", "#/a").unwrap();
        let err = ns.claim("foo_bar", "foo_bar", "#/b").unwrap_err();
        assert_eq!(err.pointer, "#/b");
        assert!(err.message.contains("#/a"), "{err}");
    }
}
