//! The config file of the API's tools (YAML): profiles with credentials, environments with a
//! product's endpoints per location. The generated `ClientBuilder::from_env` names the file,
//! the variables and the product; this module knows only the format.

use super::build_error::BuildError;
use super::secret::Secret;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file, as far as a client needs it; other keys (`version`, `failover`) are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConfigFile {
    #[serde(default)]
    current_profile: Option<String>,
    #[serde(default)]
    profiles: Vec<Profile>,
    #[serde(default)]
    environments: Vec<Environment>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    name: String,
    #[serde(default)]
    environment: Option<String>,
    #[serde(default)]
    credentials: Credentials,
}

/// A profile's credentials; every one optional.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Credentials {
    #[serde(default)]
    pub(crate) username: Option<String>,
    #[serde(default)]
    pub(crate) password: Option<Secret>,
    #[serde(default)]
    pub(crate) token: Option<Secret>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Environment {
    name: String,
    /// A CA bundle (PEM) trusted for every endpoint of the environment.
    #[serde(default)]
    certificate_auth_data: Option<String>,
    #[serde(default)]
    products: Vec<Product>,
}

#[derive(Debug, Deserialize)]
struct Product {
    name: String,
    #[serde(default)]
    endpoints: Vec<Endpoint>,
}

/// One endpoint of a product: a location (`eu/1`; none for a global endpoint), a host and
/// how to trust it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Endpoint {
    #[serde(default)]
    location: Option<String>,
    name: String,
    // Without a TLS feature there is no certificate to check (see `tls`).
    #[cfg_attr(
        not(any(feature = "rustls-tls", feature = "native-tls")),
        allow(dead_code)
    )]
    #[serde(default)]
    pub(crate) skip_tls_verify: bool,
    /// A CA bundle (PEM) for this endpoint; the environment's when it has none.
    #[cfg_attr(
        not(any(feature = "rustls-tls", feature = "native-tls")),
        allow(dead_code)
    )]
    #[serde(default)]
    pub(crate) certificate_auth_data: Option<String>,
    /// Where it is written: the file and the YAML path (for error messages).
    #[serde(skip)]
    pub(crate) origin: String,
}

impl Endpoint {
    /// Whether this endpoint serves `location`, written `eu/1` in the file and `eu-1` as
    /// a server's short name.
    pub(crate) fn serves(&self, location: &str) -> bool {
        let normal = |s: &str| s.trim().to_ascii_lowercase().replace('/', "-");
        self.location
            .as_deref()
            .is_some_and(|l| normal(l) == normal(location))
    }

    /// Whether it serves every location (no location given).
    pub(crate) fn is_global(&self) -> bool {
        self.location.as_deref().is_none_or(|l| l.trim().is_empty())
    }

    /// Its base URL: the host with `https://` (or the URL as written, when it has a scheme).
    pub(crate) fn url(&self) -> String {
        let host = self.name.trim().trim_end_matches('/');
        if host.contains("://") {
            host.to_string()
        } else {
            format!("https://{host}")
        }
    }
}

/// What a profile gives a client: credentials, the product's endpoints and the environment's
/// CA bundle (which applies whatever the URL, unless an endpoint has its own).
#[derive(Debug, Default)]
pub(crate) struct Selected {
    pub(crate) credentials: Credentials,
    pub(crate) endpoints: Vec<Endpoint>,
    pub(crate) certificate_auth_data: Option<String>,
    /// Where the environment's CA bundle is written (file and YAML path).
    #[cfg_attr(
        not(any(feature = "rustls-tls", feature = "native-tls")),
        allow(dead_code)
    )]
    pub(crate) certificate_origin: String,
    /// The profile the credentials come from: `profile "work" of <file>`.
    pub(crate) profile: Option<String>,
}

impl ConfigFile {
    /// Reads the file. A missing file is `None` unless `named` (the user pointed at it); a file
    /// that does not parse is an error naming the file and the YAML path of the problem.
    pub(crate) fn read(path: &Path, named: bool) -> Result<Option<ConfigFile>, BuildError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => return Ok(None),
            Err(e) => return Err(config_error(path, "", e.to_string())),
        };
        if text.trim().is_empty() {
            return Ok(Some(ConfigFile::default()));
        }
        let deserializer = serde_norway::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(deserializer)
            .map(Some)
            .map_err(|e| {
                let at = e.path().to_string();
                let at = if at == "." { "" } else { at.as_str() };
                config_error(path, at, without_values(&e.inner().to_string(), at))
            })
    }

    /// The profile (`requested`, else `currentProfile`, else the only one), matched by name
    /// without regard to case, and what it gives for `product`.
    /// `requested` is the profile the environment names, with the variable that names it.
    pub(crate) fn select(
        self,
        path: &Path,
        requested: Option<(&str, &str)>,
        product: &str,
    ) -> Result<Selected, BuildError> {
        let wanted = match requested {
            Some((variable, name)) => Some((format!("from {variable}"), name.to_string())),
            None => self
                .current_profile
                .clone()
                .map(|name| ("the file's currentProfile".to_string(), name)),
        };
        let names: Vec<String> = self
            .profiles
            .iter()
            .map(|p| format!("{:?}", p.name))
            .collect();
        let mut profiles = self.profiles.into_iter();
        let profile = match &wanted {
            Some((source, name)) => profiles
                .find(|p| p.name.trim().eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| {
                    let known = match names.is_empty() {
                        true => "the file has no profiles".to_string(),
                        false => format!("the file has {}", names.join(", ")),
                    };
                    config_error(
                        path,
                        "profiles",
                        format!("no profile named {name:?} ({source}); {known}"),
                    )
                })?,
            None => match profiles.next() {
                Some(only) => only,
                None => return Ok(Selected::default()),
            },
        };
        let from = Some(format!("profile {:?} of {}", profile.name, path.display()));
        let environment = profile.environment.as_deref().and_then(|name| {
            self.environments
                .into_iter()
                .enumerate()
                .find(|(_, e)| e.name.trim().eq_ignore_ascii_case(name.trim()))
        });
        let Some((e, environment)) = environment else {
            return Ok(Selected {
                credentials: profile.credentials,
                profile: from,
                ..Selected::default()
            });
        };
        let at = |rest: String| format!("{} at environments[{e}]{rest}", path.display());
        let endpoints = environment
            .products
            .into_iter()
            .enumerate()
            .find(|(_, p)| p.name.trim().eq_ignore_ascii_case(product))
            .map(|(p, product)| {
                let mut endpoints = product.endpoints;
                for (i, endpoint) in endpoints.iter_mut().enumerate() {
                    endpoint.origin = at(format!(".products[{p}].endpoints[{i}]"));
                }
                endpoints
            })
            .unwrap_or_default();
        Ok(Selected {
            credentials: profile.credentials,
            endpoints,
            certificate_auth_data: environment.certificate_auth_data,
            certificate_origin: at(".certificateAuthData".into()),
            profile: from,
        })
    }
}

/// A parser's message without the values it quotes from the file (a token written where a
/// map belongs would be printed), and without the YAML path the error names already.
fn without_values(message: &str, at: &str) -> String {
    let message = message.strip_prefix(&format!("{at}: ")).unwrap_or(message);
    // serde's `invalid type: string "…", expected …` and `invalid value: …`: keep the kind.
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((unexpected, expected)) = rest.split_once(", expected ") {
                let kind = unexpected.split([' ', '`', '"']).next().unwrap_or("value");
                return format!("{prefix}{kind}, expected {expected}");
            }
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let expected = rest.split_once(", expected ").map(|(_, e)| e);
        return match expected {
            Some(expected) => format!("unknown variant, expected {expected}"),
            None => "unknown variant".to_string(),
        };
    }
    // Anything else a parser quotes stays out too.
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match (c, quoted) {
            ('"', false) => {
                quoted = true;
                out.push_str("\"…");
            }
            ('"', true) => {
                quoted = false;
                out.push('"');
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

fn config_error(path: &Path, at: &str, message: String) -> BuildError {
    BuildError::Config {
        file: path.to_path_buf(),
        at: at.to_string(),
        message: message.lines().next().unwrap_or_default().to_string(),
    }
}

/// The file's path: the variable's value when it is set (`named`), else `default` below the
/// home directory (none without a home).
pub(crate) fn path(variable: &str, default: &str) -> Option<(PathBuf, bool)> {
    match std::env::var_os(variable).filter(|v| !v.is_empty()) {
        Some(path) => Some((PathBuf::from(path), true)),
        None => std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(|home| (PathBuf::from(home).join(default), false)),
    }
}
