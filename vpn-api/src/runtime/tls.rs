//! The HTTP client a [`ClientBuilder`] makes, with the trust it was given: CA bundles from the
//! builder and the config file (an endpoint's own, else its environment's), and certificate
//! checks switched off when the builder or the endpoint says so. Without a TLS feature there
//! is nothing to trust (an `https` URL cannot be reached at all), so the settings are unused.

use super::client::{BuildError, ClientBuilder};
use super::config::Endpoint;

/// The builder's `reqwest` client for requests to `url`, whose config file endpoint is
/// `endpoint` when the URL came from one.
#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
pub(super) fn http_client(
    builder: &ClientBuilder,
    url: &str,
    endpoint: Option<&Endpoint>,
) -> Result<reqwest::Client, BuildError> {
    let mut roots = builder.root_certificates.clone();
    let from_file = endpoint
        .and_then(|e| e.certificate_auth_data.clone())
        .or_else(|| builder.file_certificate.clone());
    if let Some(pem) = from_file {
        let origin = format!("the config file's certificateAuthData for {url}");
        roots.push((origin, pem.into_bytes()));
    }
    let accept_invalid_certs =
        builder.accept_invalid_certs || endpoint.is_some_and(|e| e.skip_tls_verify);
    let mut http = reqwest::Client::builder()
        .connect_timeout(builder.connect_timeout)
        .user_agent(&builder.user_agent)
        .danger_accept_invalid_certs(accept_invalid_certs);
    if accept_invalid_certs {
        tracing::warn!(url, "TLS certificate verification is off");
    }
    for (origin, pem) in &roots {
        for certificate in parse_certificates(origin, pem)? {
            http = http.add_root_certificate(certificate);
        }
    }
    http.build().map_err(BuildError::Http)
}

#[cfg(not(any(feature = "rustls-tls", feature = "native-tls")))]
pub(super) fn http_client(
    builder: &ClientBuilder,
    _url: &str,
    _endpoint: Option<&Endpoint>,
) -> Result<reqwest::Client, BuildError> {
    reqwest::Client::builder()
        .connect_timeout(builder.connect_timeout)
        .user_agent(&builder.user_agent)
        .build()
        .map_err(BuildError::Http)
}

/// CA bundles (PEM or base64 of PEM) as certificates; an error names where they came from.
#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
fn parse_certificates(origin: &str, data: &[u8]) -> Result<Vec<reqwest::Certificate>, BuildError> {
    use base64::Engine;
    let invalid = |reason: String| BuildError::InvalidCertificate {
        origin: origin.to_string(),
        reason,
    };
    let pem = if data.windows(10).any(|w| w == b"-----BEGIN") {
        data.to_vec()
    } else {
        let text: Vec<u8> = data
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| invalid("neither PEM nor base64 of PEM".into()))?
    };
    let certificates =
        reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| invalid(e.to_string()))?;
    if certificates.is_empty() {
        return Err(invalid("no certificate in the bundle".into()));
    }
    Ok(certificates)
}
