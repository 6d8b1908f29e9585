//! A client builder from the environment and the config file of the API's tools, with the
//! variable names, the file's place and the product name the generated code gives; and where
//! requests go when several of them name a server.

use super::build_error::BuildError;
use super::client::{Client, ClientBuilder};
use super::config::{self, ConfigFile, Endpoint, Selected};

/// The names of the environment variables a client reads, as the generated
/// `ClientBuilder::from_env` knows them.
#[derive(Debug, Clone, Copy)]
pub struct EnvVariables {
    /// The bearer token's variable.
    pub token: &'static str,
    /// The Basic username's variable, when the API's tools have one.
    pub username: Option<&'static str>,
    /// The Basic password's variable.
    pub password: Option<&'static str>,
    /// The variable overriding the base URL.
    pub base_url: Option<&'static str>,
    /// The config file of the API's tools, when the spec's overlay describes it.
    pub config: Option<ConfigVariables>,
}

/// Where the config file is and what of it applies (see [`EnvVariables`]).
#[derive(Debug, Clone, Copy)]
pub struct ConfigVariables {
    /// The variable naming the file.
    pub path: &'static str,
    /// The file below the home directory when the variable is not set.
    pub default_path: &'static str,
    /// The variable choosing the profile.
    pub profile: Option<&'static str>,
    /// The API's product name in the file.
    pub product: &'static str,
}

impl ClientBuilder {
    /// A builder from the environment and the config file, with the names the generated code
    /// knows. Credentials: the token's variable, else the Basic pair's, else the config file
    /// profile's token, else its Basic pair; none is an error saying what to set. Where
    /// requests go is decided at `build()` (see `resolved_base_url`).
    pub fn from_env_variables(
        variables: &EnvVariables,
        default_base_url: Option<&str>,
    ) -> Result<ClientBuilder, BuildError> {
        let read = |name: Option<&str>| {
            name.and_then(|n| std::env::var(n).ok())
                .filter(|v| !v.is_empty())
        };
        let mut builder = Client::builder();
        let mut from_file = Selected::default();
        if let Some(config) = variables.config {
            if let Some((path, named)) = config::path(config.path, config.default_path) {
                if let Some(file) = ConfigFile::read(&path, named)? {
                    let profile = config.profile.and_then(|v| Some((v, read(Some(v))?)));
                    let requested = profile.as_ref().map(|(v, name)| (*v, name.as_str()));
                    from_file = file.select(&path, requested, config.product)?;
                }
            }
        }
        super::tls::check_file_certificates(&from_file)?;
        // The environment over the config file, the token over Basic credentials.
        let file = from_file.credentials;
        let (token, username, password) = (
            read(Some(variables.token)),
            read(variables.username),
            read(variables.password),
        );
        match (token, &username, &password) {
            (Some(token), _, _) => builder = builder.token(token),
            (None, Some(username), Some(password)) => {
                builder = builder.basic_auth(username, password.clone())
            }
            _ => match (file.token, &file.username, file.password) {
                (Some(token), _, _) => builder = builder.token(token),
                (None, Some(username), Some(password)) => {
                    builder = builder.basic_auth(username, password)
                }
                (None, file_username, file_password) => {
                    let mut what = variables.token.to_string();
                    if let (Some(user), Some(password)) = (variables.username, variables.password) {
                        what.push_str(&format!(", or {user} and {password}"));
                    }
                    if variables.config.is_some() {
                        what.push_str(", or credentials in the config file's profile");
                    }
                    let mut searched = "the environment".to_string();
                    if let Some(profile) = &from_file.profile {
                        searched.push_str(&format!(" nor {profile}"));
                    }
                    // A half-filled pair is the likely mistake: say which half is missing.
                    let half = match (&username, &password, variables.username, variables.password)
                    {
                        (Some(_), None, Some(user), Some(pass)) => {
                            Some(format!("{user} is set but {pass} is not"))
                        }
                        (None, Some(_), Some(user), Some(pass)) => {
                            Some(format!("{pass} is set but {user} is not"))
                        }
                        _ => None,
                    };
                    let half = half.or_else(|| {
                        match (file_username, &file_password, &from_file.profile) {
                            (Some(_), None, Some(profile)) => {
                                Some(format!("{profile} has a username but no password"))
                            }
                            (None, Some(_), Some(profile)) => {
                                Some(format!("{profile} has a password but no username"))
                            }
                            _ => None,
                        }
                    });
                    if let Some(half) = half {
                        what.push_str(&format!(" ({half})"));
                    }
                    return Err(BuildError::MissingCredentials {
                        variables: what,
                        searched,
                    });
                }
            },
        }
        builder.env_base_url = read(variables.base_url);
        builder.endpoints = from_file.endpoints;
        builder.file_certificate = from_file.certificate_auth_data;
        builder.default_url = default_base_url.map(str::to_string);
        Ok(builder)
    }

    /// Where requests go, with the config file's endpoint when the URL is its: an explicit
    /// base URL, else the environment's, else the config file's endpoint for the picked
    /// server's location (or its global one), else the picked server's URL, else the spec's
    /// first server.
    pub(super) fn resolved_base_url(&self) -> Option<(String, Option<Endpoint>)> {
        let explicit = self.base_url.clone().or_else(|| self.env_base_url.clone());
        if let Some(url) = explicit {
            return Some((url, None));
        }
        let located = self
            .location
            .as_ref()
            .and_then(|(name, _)| self.endpoints.iter().find(|e| e.serves(name)));
        let endpoint = located.or_else(|| self.endpoints.iter().find(|e| e.is_global()));
        if let Some(endpoint) = endpoint {
            return Some((endpoint.url(), Some(endpoint.clone())));
        }
        self.location
            .as_ref()
            .map(|(_, url)| url.clone())
            .or_else(|| self.default_url.clone())
            .map(|url| (url, None))
    }
}
