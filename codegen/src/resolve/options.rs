//! Option lists the published spec gives only in prose ("Options:\n- A\n- B").

/// The values listed after an `Options:` line, or `None` when the description has no such list.
pub(crate) fn options_from_description(description: &str) -> Option<Vec<String>> {
    let mut lines = description.lines().skip_while(|l| {
        !l.trim()
            .trim_start_matches('\\')
            .trim()
            .starts_with("Options:")
    });
    let header = lines.next()?;
    let mut values: Vec<String> = Vec::new();
    // "Options: A, B" on one line is accepted too.
    let inline = header
        .trim()
        .trim_start_matches('\\')
        .trim()
        .trim_start_matches("Options:")
        .trim();
    if !inline.is_empty() {
        values.extend(
            inline
                .split(',')
                .map(|v| v.trim().trim_matches('`').to_string())
                .filter(|v| !v.is_empty()),
        );
    }
    for line in lines {
        let t = line.trim();
        match t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            Some(v) => values.push(v.trim().trim_matches('`').to_string()),
            None if t.is_empty() && values.is_empty() => continue,
            None => break,
        }
    }
    (!values.is_empty()).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::options_from_description;

    #[test]
    fn reads_indented_and_flush_lists() {
        let d = "The Diffie-Hellman Group.\\\nOptions:\n  - 15-MODP3072\n  - 16-MODP4096\n";
        assert_eq!(
            options_from_description(d).unwrap(),
            ["15-MODP3072", "16-MODP4096"]
        );
        let d = "Auth.\\\nOptions:\n- PSK\n\nMore prose";
        assert_eq!(options_from_description(d).unwrap(), ["PSK"]);
        assert_eq!(
            options_from_description("Options: A, B").unwrap(),
            ["A", "B"]
        );
        assert!(options_from_description("No list here").is_none());
    }
}
