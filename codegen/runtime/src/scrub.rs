//! Removing secrets from text a server sent back, in every spelling it may have used.
//!
//! A server that quotes the request in an error can spell a secret as it is, JSON-escaped
//! (`\"`, `\\`, `\/`, any character as `\uXXXX`, in any mix), percent-encoded (either case of
//! hex, UTF-8 bytes), form-encoded (`+` for a space), or as a string inside a JSON string. So
//! the text is not searched for a list of spellings: it is *decoded* one escape at a time,
//! each decoded character remembering the bytes it came from, and the secrets are searched in
//! the decoded characters; a match redacts the bytes it came from. A JSON body is also
//! parsed, and each of its strings (decoded once by the parser) is scrubbed the same way, so
//! a second layer of escaping is undone too.

use serde_json::Value;
use std::ops::Range;

const REDACTED: &str = "[redacted]";

/// `text` without any spelling of any of `secrets`: each occurrence, as it is or escaped in
/// any way a server may echo it (JSON escapes in any mix, percent- or form-encoding, a string
/// inside a JSON string), becomes `[redacted]`. Empty secrets are ignored.
///
/// The client scrubs error text with it; hand-written code that prints values a server sent
/// (which may hold a secret the caller gave it) uses it too.
///
/// ```
/// use vpn_runtime::support::scrub;
///
/// let echoed = r#"{"message":"bad key \u0073ecret"}"#;
/// assert_eq!(scrub(echoed, &["secret"]), r#"{"message":"bad key [redacted]"}"#);
/// assert_eq!(scrub("key=se%63ret", &["secret"]), "key=[redacted]");
/// ```
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let secrets: Vec<Vec<char>> = secrets
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().collect())
        .collect();
    if secrets.is_empty() {
        return text.to_string();
    }
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => {
            if scrub_json(&mut value, &secrets) {
                return scrub_text(&value.to_string(), &secrets);
            }
            scrub_text(text, &secrets)
        }
        Err(_) => scrub_text(text, &secrets),
    }
}

/// Scrubs every string (and key) of a JSON value; whether anything changed.
fn scrub_json(value: &mut Value, secrets: &[Vec<char>]) -> bool {
    match value {
        Value::String(s) => {
            let clean = scrub_text(s, secrets);
            let changed = clean != *s;
            *s = clean;
            changed
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| scrub_json(v, secrets) | changed),
        Value::Object(map) => {
            let mut changed = false;
            let old = std::mem::take(map);
            for (key, mut v) in old {
                changed |= scrub_json(&mut v, secrets);
                let clean = scrub_text(&key, secrets);
                changed |= clean != key;
                map.insert(clean, v);
            }
            changed
        }
        _ => false,
    }
}

/// How many layers of escaping are undone (a JSON string quoted in a JSON string, then
/// percent-encoded, is three).
const LAYERS: usize = 3;

/// Redacts every match of a secret in the decoded views of `text` (each layer of decoding,
/// with `+` kept and with `+` read as a space).
fn scrub_text(text: &str, secrets: &[Vec<char>]) -> String {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for plus_is_space in [false, true] {
        let mut view: Vec<(char, Range<usize>)> = text
            .char_indices()
            .map(|(i, c)| (c, i..i + c.len_utf8()))
            .collect();
        for _ in 0..=LAYERS {
            for secret in secrets {
                ranges.extend(matches(&view, secret));
            }
            let next = decode(&view, plus_is_space);
            if next == view {
                break;
            }
            view = next;
        }
    }
    if ranges.is_empty() {
        return text.to_string();
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in ranges {
        if range.end <= at {
            continue;
        }
        if range.start > at {
            out.push_str(&text[at..range.start]);
            out.push_str(REDACTED);
        } else if !out.ends_with(REDACTED) {
            out.push_str(REDACTED);
        }
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Where `secret` occurs in the decoded characters, as byte ranges of the original text.
fn matches(view: &[(char, Range<usize>)], secret: &[char]) -> Vec<Range<usize>> {
    if secret.len() > view.len() {
        return Vec::new();
    }
    (0..=view.len() - secret.len())
        .filter(|&i| {
            view[i..i + secret.len()]
                .iter()
                .map(|(c, _)| *c)
                .eq(secret.iter().copied())
        })
        .map(|i| view[i].1.start..view[i + secret.len() - 1].1.end)
        .collect()
}

/// One layer of escapes undone: each character with the bytes of the original text it came
/// from.
fn decode(view: &[(char, Range<usize>)], plus_is_space: bool) -> Vec<(char, Range<usize>)> {
    let chars: Vec<char> = view.iter().map(|(c, _)| *c).collect();
    let mut out = Vec::with_capacity(view.len());
    let mut i = 0;
    while i < chars.len() {
        let (c, len) = json_escape(&chars[i..])
            .or_else(|| percent_escape(&chars[i..]))
            .unwrap_or(match chars[i] {
                '+' if plus_is_space => (' ', 1),
                c => (c, 1),
            });
        out.push((c, view[i].1.start..view[i + len - 1].1.end));
        i += len;
    }
    out
}

/// The value of `n` hexadecimal digits at the start of `s`.
fn hex(s: &[char], n: usize) -> Option<u32> {
    let digits = s.get(..n)?;
    digits
        .iter()
        .try_fold(0, |acc, c| Some(acc * 16 + c.to_digit(16)?))
}

/// A JSON escape at the start of `s`: the character and the escape's length.
fn json_escape(s: &[char]) -> Option<(char, usize)> {
    if s.first() != Some(&'\\') {
        return None;
    }
    let simple = match s.get(1)? {
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'u' => {
            let high = hex(s.get(2..)?, 4)?;
            if !(0xD800..0xDC00).contains(&high) {
                return char::from_u32(high).map(|c| (c, 6));
            }
            let rest = s.get(6..)?;
            if rest.first() != Some(&'\\') || rest.get(1) != Some(&'u') {
                return None;
            }
            let low = hex(rest.get(2..)?, 4)?;
            if !(0xDC00..0xE000).contains(&low) {
                return None;
            }
            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            return char::from_u32(code).map(|c| (c, 12));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// A percent-encoded UTF-8 character at the start of `s`: the character and its length.
fn percent_escape(s: &[char]) -> Option<(char, usize)> {
    let byte = |k: usize| -> Option<u8> {
        let at = 3 * k;
        if s.get(at) != Some(&'%') {
            return None;
        }
        hex(s.get(at + 1..)?, 2).and_then(|b| u8::try_from(b).ok())
    };
    let len = match byte(0)? {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    let encoded: Vec<u8> = (0..len).map(byte).collect::<Option<_>>()?;
    let c = std::str::from_utf8(&encoded).ok()?.chars().next()?;
    Some((c, 3 * len))
}

#[cfg(test)]
mod tests {
    use super::scrub;

    const SECRET: &str = "k\"e\\y/ü+ +Ω";

    fn spellings() -> Vec<String> {
        let unicode: String = SECRET
            .encode_utf16()
            .map(|u| format!("\\u{u:04x}"))
            .collect();
        let upper: String = SECRET
            .encode_utf16()
            .map(|u| format!("\\u{u:04X}"))
            .collect();
        let percent: String = SECRET.bytes().map(|b| format!("%{b:02X}")).collect();
        let lower: String = SECRET.bytes().map(|b| format!("%{b:02x}")).collect();
        let form: String = SECRET
            .bytes()
            .map(|b| match b {
                b' ' => "+".to_string(),
                b if b.is_ascii_alphanumeric() => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect();
        let json = serde_json::to_string(SECRET).expect("json");
        let json = json.trim_matches('"').to_string();
        vec![
            SECRET.to_string(),
            json.clone(),
            json.replace('/', "\\/"),
            unicode,
            upper,
            percent,
            lower,
            form,
            // Twice JSON-escaped: a JSON document quoted inside a JSON string.
            serde_json::to_string(&json)
                .expect("json")
                .trim_matches('"')
                .to_string(),
        ]
    }

    #[test]
    fn every_spelling_is_redacted_in_text_and_in_json() {
        for spelling in spellings() {
            let text = format!("before {spelling} after");
            assert_eq!(
                scrub(&text, &[SECRET]),
                "before [redacted] after",
                "{spelling}"
            );
            let json = format!(r#"{{"messages":[{{"message":"bad {spelling}!"}}]}}"#);
            let clean = scrub(&json, &[SECRET]);
            let value: serde_json::Value = serde_json::from_str(&clean).unwrap_or_default();
            assert_eq!(
                value["messages"][0]["message"], "bad [redacted]!",
                "{spelling} in {json} -> {clean}"
            );
        }
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let text = r#"{"a": "50% off \u00fc", "b": "x+y"}"#;
        assert_eq!(scrub(text, &[SECRET, ""]), text);
        assert_eq!(scrub(text, &[]), text);
        assert_eq!(scrub("aaa", &["aa"]), "[redacted]");
    }
}
