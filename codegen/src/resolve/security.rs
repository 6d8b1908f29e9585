//! Security: the global requirement and the schemes it and the operations name, as the
//! credentials a client can be given (bearer token, Basic pair, API keys in a header, the
//! query or a cookie); a scheme the runtime cannot send is skipped and reported.

use super::naming::{self, Namespace};
use super::Resolver;
use crate::error::{child, Error};
use crate::ir::*;
use crate::report::Loss;
use indexmap::IndexMap;
use openapiv3::ReferenceOr;

impl Resolver<'_> {
    /// The global security requirement and the schemes it and the operations name.
    pub(super) fn security(&mut self) -> Result<Security, Error> {
        let mut security = Security::default();
        let doc = self.doc;
        let mut schemes = Schemes::new(doc.components.as_ref().map(|c| &c.security_schemes));
        if let Some(requirements) = &doc.security {
            'alternatives: for (i, requirement) in requirements.iter().enumerate() {
                let mut alternative = Vec::new();
                for name in requirement.keys() {
                    let at = child(&child("#/security", &i.to_string()), name);
                    if !security.schemes.contains_key(name) {
                        // An alternative that needs a scheme without a setter cannot be met.
                        let resolved = schemes.scheme(name, &at).map(Some);
                        let Some(resolved) =
                            self.recover(resolved, Loss::SkippedScheme, || None)?
                        else {
                            continue 'alternatives;
                        };
                        security.schemes.insert(name.clone(), resolved);
                    }
                    alternative.push(name.clone());
                }
                security.requirements.push(SchemeSet(alternative));
            }
        }
        // Schemes only operations name still need their builder methods.
        for (path, item) in doc.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                for (i, requirement) in op.security.iter().flatten().enumerate() {
                    for name in requirement.keys() {
                        if security.schemes.contains_key(name) {
                            continue;
                        }
                        let at = child(
                            &child(&child(&child("#/paths", path), method), "security"),
                            &i.to_string(),
                        );
                        let resolved = schemes.scheme(name, &child(&at, name)).map(Some);
                        if let Some(resolved) =
                            self.recover(resolved, Loss::SkippedScheme, || None)?
                        {
                            security.schemes.insert(name.clone(), resolved);
                        }
                    }
                }
            }
        }
        Ok(security)
    }
}

/// The document's security schemes, resolved by name as requirements name them, with the
/// builder setters given to API keys so far.
struct Schemes<'d> {
    defined: Option<&'d IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>>,
    /// How many API-key schemes there are: with one, its setter is `api_key`.
    key_schemes: usize,
    setters: Namespace,
}

impl<'d> Schemes<'d> {
    fn new(defined: Option<&'d IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>>) -> Self {
        let key_schemes = defined.map_or(0, |defined| {
            defined
                .values()
                .filter(|s| {
                    matches!(
                        s,
                        ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { .. })
                    )
                })
                .count()
        });
        Schemes {
            defined,
            key_schemes,
            setters: builder_methods(),
        }
    }

    fn scheme(&mut self, name: &str, at: &str) -> Result<SecurityScheme, Error> {
        let found = self.defined.and_then(|s| s.get(name));
        Ok(match found {
            Some(ReferenceOr::Item(openapiv3::SecurityScheme::HTTP {
                scheme,
                bearer_format,
                ..
            })) => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => SecurityScheme::Bearer {
                    format: bearer_format.clone(),
                },
                "basic" => SecurityScheme::Basic,
                _ => {
                    return Err(Error::unsupported(
                        at,
                        "HTTP security scheme other than bearer and basic",
                    ))
                }
            },
            Some(ReferenceOr::Item(
                openapiv3::SecurityScheme::OAuth2 { .. }
                | openapiv3::SecurityScheme::OpenIDConnect { .. },
            )) => SecurityScheme::OAuth2,
            Some(ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location,
                name: key_name,
                ..
            })) => SecurityScheme::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Header => KeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => KeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
                },
                name: key_name.clone(),
                setter: self.key_setter(name, at)?,
            },
            Some(ReferenceOr::Reference { .. }) => {
                return Err(Error::unsupported(at, "security scheme given as a $ref"))
            }
            None => {
                return Err(Error::new(
                    at,
                    format!(
                        "security scheme {name:?} is not defined in #/components/securitySchemes"
                    ),
                ))
            }
        })
    }

    /// The builder setter of the API-key scheme `name`: `api_key` when it is the only one,
    /// else named after the scheme, never one of the builder's own methods.
    fn key_setter(&mut self, name: &str, at: &str) -> Result<String, Error> {
        let base = if self.key_schemes == 1 {
            "api_key".to_string()
        } else {
            let snake = naming::field_name(name, at)?;
            let snake = snake.trim_start_matches("r#").to_string();
            if snake.contains("key") {
                snake
            } else {
                format!("{snake}_key")
            }
        };
        let setter = if self.setters.contains(&base) {
            format!("{base}_scheme")
        } else {
            base
        };
        self.setters.claim(&setter, name, at)?;
        Ok(setter)
    }
}

/// The `ClientBuilder`'s namespace before the API-key setters go in: the methods the runtime
/// and the rest of the generated code give it.
fn builder_methods() -> Namespace {
    let runtime = names::RUNTIME_CLIENT_BUILDER_METHODS.map(|n| (n, "(the runtime)"));
    let generated = names::GENERATED_CLIENT_BUILDER_METHODS.map(|n| (n, "(generated)"));
    Namespace::holding(
        runtime.into_iter().chain(generated),
        "#/components/securitySchemes",
    )
}
