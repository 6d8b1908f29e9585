//! The HTTP client a `ClientBuilder` makes, with the trust it was given: CA bundles from the
//! builder and the config file (an endpoint's own, else its environment's), and certificate
//! checks switched off when the builder or the endpoint says so. Without a TLS feature there
//! is nothing to trust (an `https` URL cannot be reached at all), so the settings are unused.

use super::build_error::BuildError;
use super::config::{Endpoint, Selected};

/// Checks the config file's CA bundles when the file is read, so a broken one is reported
/// with the file and the place it is written, before any URL is chosen.
#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
pub(super) fn check_file_certificates(selected: &Selected) -> Result<(), BuildError> {
    let endpoints = selected.endpoints.iter().filter_map(|e| {
        let data = e.certificate_auth_data.as_ref()?;
        Some((format!("{}.certificateAuthData", e.origin), data))
    });
    let environment = selected
        .certificate_auth_data
        .as_ref()
        .map(|data| (selected.certificate_origin.clone(), data));
    for (origin, data) in endpoints.chain(environment) {
        parse_certificates(&origin, data.as_bytes())?;
    }
    Ok(())
}

#[cfg(not(any(feature = "rustls-tls", feature = "native-tls")))]
pub(super) fn check_file_certificates(_selected: &Selected) -> Result<(), BuildError> {
    Ok(())
}

/// What a builder's HTTP client is made with: the CA bundles it trusts (each with where it
/// came from), the config file environment's bundle, and its connection settings.
pub(super) struct HttpSettings<'a> {
    // Without a TLS feature there is no certificate to trust.
    #[cfg_attr(
        not(any(feature = "rustls-tls", feature = "native-tls")),
        allow(dead_code)
    )]
    pub(super) roots: &'a [(String, Vec<u8>)],
    // Without a TLS feature there is no certificate to trust.
    #[cfg_attr(
        not(any(feature = "rustls-tls", feature = "native-tls")),
        allow(dead_code)
    )]
    pub(super) file_certificate: Option<&'a str>,
    // Without a TLS feature there is no certificate to trust.
    #[cfg_attr(
        not(any(feature = "rustls-tls", feature = "native-tls")),
        allow(dead_code)
    )]
    pub(super) accept_invalid_certs: bool,
    pub(super) connect_timeout: std::time::Duration,
    pub(super) user_agent: &'a str,
}

/// The builder's `reqwest` client for requests to `url`, whose config file endpoint is
/// `endpoint` when the URL came from one.
#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
pub(super) fn http_client(
    builder: &HttpSettings,
    url: &str,
    endpoint: Option<&Endpoint>,
) -> Result<reqwest::Client, BuildError> {
    let mut roots = builder.roots.to_vec();
    let from_file = endpoint
        .and_then(|e| e.certificate_auth_data.clone())
        .or_else(|| builder.file_certificate.map(str::to_string));
    if let Some(pem) = from_file {
        let origin = format!("the config file's certificateAuthData for {url}");
        roots.push((origin, pem.into_bytes()));
    }
    let accept_invalid_certs =
        builder.accept_invalid_certs || endpoint.is_some_and(|e| e.skip_tls_verify);
    let mut http = reqwest::Client::builder()
        .connect_timeout(builder.connect_timeout)
        .user_agent(builder.user_agent)
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
    builder: &HttpSettings,
    _url: &str,
    _endpoint: Option<&Endpoint>,
) -> Result<reqwest::Client, BuildError> {
    reqwest::Client::builder()
        .connect_timeout(builder.connect_timeout)
        .user_agent(builder.user_agent)
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
    // PEM armour says nothing of what is inside: each block must hold a DER certificate.
    for (n, der) in pem_blocks(&pem).iter().enumerate() {
        if !is_der_certificate(der) {
            return Err(invalid(format!(
                "certificate {} of the bundle is not a DER-encoded X.509 certificate",
                n + 1
            )));
        }
    }
    Ok(certificates)
}

/// The decoded bodies of the `CERTIFICATE` blocks of a PEM text (undecodable ones empty).
#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
fn pem_blocks(pem: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    let text = String::from_utf8_lossy(pem);
    text.split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .map(|block| {
            let body: String = block
                .split("-----END CERTIFICATE-----")
                .next()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .unwrap_or_default()
        })
        .collect()
}

/// Whether `der` has the shape of an X.509 certificate: a DER SEQUENCE filling the data
/// whose first element (the to-be-signed part) is a SEQUENCE too.
#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
fn is_der_certificate(der: &[u8]) -> bool {
    /// The length of the TLV at `at` (tag 0x30) and where its content starts.
    fn sequence(der: &[u8], at: usize) -> Option<(usize, usize)> {
        if *der.get(at)? != 0x30 {
            return None;
        }
        let first = usize::from(*der.get(at + 1)?);
        if first < 0x80 {
            return Some((first, at + 2));
        }
        let count = first & 0x7F;
        if count == 0 || count > 4 {
            return None;
        }
        let bytes = der.get(at + 2..at + 2 + count)?;
        let length = bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
        Some((length, at + 2 + count))
    }
    match sequence(der, 0) {
        Some((length, start)) if start + length == der.len() => sequence(der, start)
            .is_some_and(|(inner, inner_start)| inner_start + inner <= der.len()),
        _ => false,
    }
}
