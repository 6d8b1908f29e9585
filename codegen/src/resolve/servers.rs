//! Servers: the document's servers (their variables' values expanded) as named regions.

use super::naming::{self, Namespace};
use crate::error::{child, Error};
use crate::ir::*;
use openapiv3::OpenAPI;

/// At most this many URLs from one server's variable `enum`s (every combination of values).
const MAX_URLS_PER_SERVER: usize = 64;

/// The URLs a server's variables allow: every combination of the values of variables with an
/// `enum` (the default first), other variables at their default; only the defaults when the
/// combinations would be too many.
fn server_urls(server: &openapiv3::Server) -> Vec<String> {
    let mut urls = vec![server.url.clone()];
    let variables: Vec<_> = server.variables.iter().flatten().collect();
    let combinations: usize = variables
        .iter()
        .map(|(_, v)| v.enumeration.len().max(1))
        .product();
    for (name, variable) in variables {
        let placeholder = format!("{{{name}}}");
        let mut values = vec![variable.default.clone()];
        if combinations <= MAX_URLS_PER_SERVER {
            values.extend(
                variable
                    .enumeration
                    .iter()
                    .filter(|v| **v != variable.default)
                    .cloned(),
            );
        }
        urls = urls
            .iter()
            .flat_map(|url| values.iter().map(|value| url.replace(&placeholder, value)))
            .collect();
    }
    urls
}

pub(super) fn servers(doc: &OpenAPI) -> Result<Vec<Server>, Error> {
    // URL variables take their defaults (`https://{region}.example.com`), and each value of an
    // `enum` of values gives a server of its own (a region to choose). A server whose URL
    // names a variable it does not declare has no URL to call, and a repeated URL is the
    // same server: both are left out.
    let mut kept: Vec<(usize, &openapiv3::Server, String)> = Vec::new();
    for (index, server) in doc.servers.iter().enumerate() {
        for url in server_urls(server) {
            let url = url.trim_end_matches('/').to_string();
            if !url.contains('{') && !kept.iter().any(|(_, _, u)| *u == url) {
                kept.push((index, server, url));
            }
        }
    }
    let urls: Vec<&str> = kept.iter().map(|(_, _, u)| u.as_str()).collect();
    let names = short_names(&urls);
    let mut variants = Namespace::default();
    let mut out = Vec::new();
    for (i, ((index, server, _), name)) in kept.iter().zip(names).enumerate() {
        let at = child("#/servers", &index.to_string());
        // URLs that differ only in punctuation leave nothing to name a server by: its place.
        let name = if name.chars().any(|c| c.is_ascii_alphanumeric()) {
            name
        } else {
            format!("server-{index}")
        };
        let variant = naming::type_name(&name, &at)?;
        let variant = variants.unique(&variant, urls[i], &at)?;
        out.push(Server {
            url: urls[i].to_string(),
            description: super::non_empty(server.description.as_ref()),
            name,
            variant,
        });
    }
    Ok(out)
}

/// The part of each URL that differs from the others, cut at `.`/`/` boundaries:
/// `https://vpn.de-fra.ionos.com` among its siblings -> `de-fra`.
pub(super) fn short_names(urls: &[&str]) -> Vec<String> {
    if urls.len() < 2 {
        return urls.iter().map(|_| "default".to_string()).collect();
    }
    let first = urls[0];
    let mut prefix = first.len();
    let mut suffix = first.len();
    for u in &urls[1..] {
        prefix = prefix.min(
            first
                .bytes()
                .zip(u.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
        suffix = suffix.min(
            first
                .bytes()
                .rev()
                .zip(u.bytes().rev())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    let is_sep = |c: u8| c == b'.' || c == b'/' || c == b':';
    // Back off to separators so that "de-fra"/"de-txl" keep their shared "de-".
    while prefix > 0 && !is_sep(first.as_bytes()[prefix - 1]) {
        prefix -= 1;
    }
    urls.iter()
        .map(|u| {
            let mut s = suffix.min(u.len().saturating_sub(prefix));
            while s > 0 && !is_sep(u.as_bytes()[u.len() - s]) {
                s -= 1;
            }
            let name = &u[prefix.min(u.len())..u.len() - s];
            if name.is_empty() {
                u.to_string()
            } else {
                name.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_server_names_cut_at_separators() {
        let names = short_names(&[
            "https://vpn.de-fra.ionos.com",
            "https://vpn.de-txl.ionos.com",
            "https://vpn.fr-par.ionos.com",
        ]);
        assert_eq!(names, ["de-fra", "de-txl", "fr-par"]);
    }
}
