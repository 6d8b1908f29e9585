//! What makes two operations the same one on the wire, whatever their names in Rust: the
//! method and the path template, the path's parameters known by position.

/// An operation's identity on the wire: its method and path template, the path's parameters
/// known by position (`/books/{bookId}` is `/books/{}`).
pub(super) fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}
