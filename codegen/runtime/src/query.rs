//! Structured query parameters: objects and lists written the way the parameter's `style` and
//! `explode` say (OpenAPI's serialization table), from the value's serde form.

use serde::Serialize;
use serde_json::Value;

/// How a structured query parameter is written (`?name=..`): the spec's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: simple` (paths and headers): list items, or an object's keys and values,
    /// joined by commas (`a,1,b,2`).
    Simple,
    /// `style: simple, explode: true`: an object's properties as `a=1,b=2`.
    SimpleExploded,
    /// `style: form, explode: true` (the default): a list repeats the name
    /// (`id=1&id=2`), an object's properties are parameters of their own (`a=1&b=2`).
    FormExploded,
    /// `style: form, explode: false`: one parameter, items or keys and values joined by
    /// commas (`id=1,2`, `point=x,1,y,2`).
    Form,
    /// `style: spaceDelimited`: list items joined by spaces.
    SpaceDelimited,
    /// `style: pipeDelimited`: list items joined by `|`.
    PipeDelimited,
    /// `style: deepObject`: an object's properties as `name[key]=value`, nested objects as
    /// `name[key][inner]=value`.
    DeepObject,
    /// `content: application/json`: the value's JSON text.
    Json,
}

/// The `(name, value)` pairs of one structured parameter; `null` values are left out.
pub(crate) fn pairs<T: Serialize>(
    name: &str,
    style: QueryStyle,
    value: &T,
) -> Result<Vec<(String, String)>, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    match (style, &value) {
        (_, Value::Null) => {}
        (QueryStyle::Json, value) => out.push((name.to_string(), value.to_string())),
        (QueryStyle::DeepObject, Value::Object(_)) => deep(name, &value, &mut out),
        (QueryStyle::FormExploded, Value::Object(map)) => {
            for (key, item) in map {
                if let Some(text) = text(item) {
                    out.push((key.clone(), text));
                }
            }
        }
        (QueryStyle::FormExploded | QueryStyle::DeepObject, Value::Array(items)) => {
            for item in items {
                if let Some(text) = text(item) {
                    out.push((name.to_string(), text));
                }
            }
        }
        (style, value) if value.is_object() || value.is_array() => {
            out.push((name.to_string(), joined(value, style)));
        }
        (_, scalar) => out.extend(text(scalar).map(|t| (name.to_string(), t))),
    }
    Ok(out)
}

/// The text of a path or header parameter in a `simple` style; a value that does not
/// serialize is an error.
pub fn simple_text<T: Serialize>(value: &T, style: QueryStyle) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    Ok(match &value {
        Value::Object(_) | Value::Array(_) => joined(&value, style),
        other => text(other).unwrap_or_default(),
    })
}

/// A list's items, or an object's keys and values, in one text joined by the style's
/// separator (`,`, ` `, `|`; OpenAPI's table); an exploded simple object is `key=value,..`.
fn joined(value: &Value, style: QueryStyle) -> String {
    let separator = match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        _ => ",",
    };
    let parts: Vec<String> = match value {
        Value::Object(map) => {
            let between = if style == QueryStyle::SimpleExploded {
                "="
            } else {
                separator
            };
            map.iter()
                .filter_map(|(key, item)| text(item).map(|t| format!("{key}{between}{t}")))
                .collect()
        }
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    };
    parts.join(separator)
}

/// A value as parameter text: strings as they are, other scalars as JSON writes them, lists
/// and objects as JSON text; `None` for `null`.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `name[key]=value` for every leaf below an object (lists repeat their path).
fn deep(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                deep(&format!("{path}[{key}]"), item, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep(path, item, out);
            }
        }
        leaf => out.extend(text(leaf).map(|t| (path.to_string(), t))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shown(style: QueryStyle, value: Value) -> Vec<String> {
        pairs("filter", style, &value)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    #[test]
    fn every_style_writes_objects_and_lists_as_the_spec_says() {
        // Keys in sorted order: serde_json keeps insertion order when a crate of the build
        // enables its `preserve_order`, and sorts them otherwise.
        let object = json!({"age": 3, "gone": null, "role": "admin"});
        assert_eq!(
            shown(QueryStyle::FormExploded, object.clone()),
            ["age=3", "role=admin"]
        );
        assert_eq!(
            shown(QueryStyle::Form, object.clone()),
            ["filter=age,3,role,admin"]
        );
        assert_eq!(
            shown(
                QueryStyle::DeepObject,
                json!({"a": {"b": 1}, "c": ["x", "y"]})
            ),
            ["filter[a][b]=1", "filter[c]=x", "filter[c]=y"]
        );
        let list = json!([1, 2]);
        assert_eq!(
            shown(QueryStyle::FormExploded, list.clone()),
            ["filter=1", "filter=2"]
        );
        assert_eq!(shown(QueryStyle::Form, list.clone()), ["filter=1,2"]);
        assert_eq!(
            shown(QueryStyle::SpaceDelimited, list.clone()),
            ["filter=1 2"]
        );
        assert_eq!(shown(QueryStyle::PipeDelimited, list), ["filter=1|2"]);
        assert_eq!(
            shown(QueryStyle::Json, object),
            [r#"filter={"age":3,"gone":null,"role":"admin"}"#]
        );
        assert!(shown(QueryStyle::Form, Value::Null).is_empty());
    }

    #[test]
    fn path_and_header_values_join_with_commas() {
        let object = json!({"a": 1, "b": "x y"});
        assert_eq!(
            simple_text(&object, QueryStyle::Simple).as_deref(),
            Ok("a,1,b,x y")
        );
        assert_eq!(
            simple_text(&object, QueryStyle::SimpleExploded).as_deref(),
            Ok("a=1,b=x y")
        );
        assert_eq!(
            simple_text(&json!([1, 2]), QueryStyle::Simple).as_deref(),
            Ok("1,2")
        );
        assert_eq!(
            simple_text(&json!("free"), QueryStyle::Simple).as_deref(),
            Ok("free")
        );
    }
}
