//! The environment a client is configured from (`info.x-environment`): the variables that
//! hold the token, HTTP Basic credentials and a base URL, and the tools' config file.

use super::given_names::is_ascii_word;
use crate::error::{child, Error};
use crate::ir::*;
use openapiv3::OpenAPI;
use serde_json::Value;

/// `info.x-environment: {token: "NAME", baseUrl: "NAME"}`: which variables `from_env` reads.
pub(super) fn environment(doc: &OpenAPI) -> Result<Option<Environment>, Error> {
    let at = "#/info/x-environment";
    let Some(spec) = doc.info.extensions.get(crate::extensions::ENVIRONMENT) else {
        return Ok(None);
    };
    let Value::Object(map) = spec else {
        return Err(Error::new(at, "x-environment must be an object"));
    };
    let name = |key: &str| -> Result<Option<String>, Error> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if is_ascii_word(s) => Ok(Some(s.clone())),
            Some(_) => Err(Error::new(
                child(at, key),
                "must be an environment variable name (letters, digits, `_`)",
            )),
        }
    };
    let token = name("token")?.ok_or_else(|| {
        Error::new(
            child(at, "token"),
            "x-environment needs the `token` variable",
        )
    })?;
    let basic = match (name("username")?, name("password")?) {
        (Some(username), Some(password)) => Some((username, password)),
        (None, None) => None,
        _ => {
            return Err(Error::new(
                at,
                "x-environment names `username` and `password` together or neither",
            ))
        }
    };
    let text = |key: &str| match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(Error::new(child(at, key), "must be a non-empty string")),
    };
    let config = match (name("configFile")?, text("defaultConfigFile")?, text("product")?) {
        (Some(path_variable), Some(default_path), Some(product)) => Some(ConfigFile {
            path_variable,
            default_path,
            profile_variable: name("profile")?,
            product,
        }),
        (None, None, None) => None,
        _ => {
            return Err(Error::new(
                at,
                "x-environment describes a config file with `configFile`, `defaultConfigFile` and `product` together",
            ))
        }
    };
    Ok(Some(Environment {
        token,
        base_url: name("baseUrl")?,
        basic,
        config,
    }))
}
