//! What makes two operations the same one on the wire, whatever their names in Rust: the
//! method and the path template, the path's parameters known by position; and which
//! parameter a place of the document lies in.

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

/// The parameter a pointer lies in, as the pointer of the parameter itself: `…/parameters/N`
/// of an operation or a path item, or `#/components/parameters/Name`; never a property that
/// happens to be called `parameters`.
pub(super) fn enclosing_parameter(pointer: &str) -> Option<&str> {
    let mut previous = "";
    let mut at = 0;
    let mut tokens = pointer.split('/');
    while let Some(token) = tokens.next() {
        at += token.len() + 1;
        let owns_parameters = previous == "components"
            || previous.starts_with("~1")
            || crate::load::METHODS.contains(&previous);
        if token == "parameters" && owns_parameters {
            let parameter = tokens.next().filter(|p| !p.is_empty())?;
            return Some(&pointer[..at + parameter.len()]);
        }
        previous = token;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::enclosing_parameter;

    #[test]
    fn a_parameter_is_one_of_an_operation_a_path_item_or_the_components() {
        for (pointer, parameter) in [
            (
                "#/paths/~1x/get/parameters/0/schema/maxLength",
                Some("#/paths/~1x/get/parameters/0"),
            ),
            ("#/paths/~1x/parameters/2", Some("#/paths/~1x/parameters/2")),
            (
                "#/components/parameters/limit/schema",
                Some("#/components/parameters/limit"),
            ),
            ("#/components/schemas/A/properties/parameters/type", None),
            ("#/paths/~1x/get/parameters", None),
            ("#/paths/~1x/get/responses/200", None),
        ] {
            assert_eq!(enclosing_parameter(pointer), parameter, "{pointer}");
        }
    }
}
