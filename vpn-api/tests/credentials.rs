//! Credentials as the API's own tools find them: the token, else HTTP Basic credentials, from
//! the environment, with settings on the builder winning over the environment; every secret
//! kept out of `Debug` and error text; and the config file of the API's tools for what the
//! environment leaves out. One test, in a binary of its own, because it changes this
//! process's environment.

mod support;

use support::environment::{clear_variables, config_dir, isolate, set};
use support::fixtures::*;
use support::{Reply, Server};
use vpn_api::prelude::*;

const USER: &str = "user@example.com";
const PASSWORD: &str = "password-that-must-never-be-printed";

/// The process's environment is one for all tests of this binary: the steps run in order.
#[tokio::test]
async fn credentials_from_the_environment_and_the_config_file() {
    token_else_basic_credentials_from_the_environment().await;
    the_config_file_gives_what_the_environment_leaves_out().await;
    config_errors_say_where_and_quote_no_value().await;
}

async fn token_else_basic_credentials_from_the_environment() {
    // Echoes the request's Authorization header back in a 401, as a careless server might.
    let server = Server::start(|req| {
        let seen = req.header("authorization").unwrap_or_default().to_string();
        Reply::json(
            401,
            serde_json::json!({"httpStatus": 401, "messages": [{"message": format!("rejected: {seen} / {PASSWORD}")}]}),
        )
    });
    // Never the developer's own config file: a home without one.
    isolate("credentials-home");
    set("IONOS_API_URL", Some(&server.base_url));
    let basic = format!(
        "Basic {}",
        "dXNlckBleGFtcGxlLmNvbTpwYXNzd29yZC10aGF0LW11c3QtbmV2ZXItYmUtcHJpbnRlZA=="
    );

    // No token: Basic credentials.
    set("IONOS_TOKEN", None);
    set("IONOS_USERNAME", Some(USER));
    set("IONOS_PASSWORD", Some(PASSWORD));
    let builder = ClientBuilder::from_env().expect("basic credentials");
    let client = builder
        .clone()
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let err = client.ipsec_gateways().get(ids().0).await.expect_err("401");
    let texts = [
        format!("{builder:?}"),
        format!("{client:?}"),
        err.to_string(),
        format!("{err:?}"),
    ];
    for text in &texts {
        assert!(!text.contains(PASSWORD), "the password leaked into: {text}");
        assert!(
            !text.contains(&basic[6..]),
            "the encoded pair leaked into: {text}"
        );
    }
    assert!(
        err.to_string()
            .contains("rejected: Basic [redacted] / [redacted]"),
        "{err}"
    );

    // A token wins over Basic credentials.
    set("IONOS_TOKEN", Some(TOKEN));
    let client = ClientBuilder::from_env()
        .expect("token")
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let _ = client.ipsec_gateways().get(ids().0).await;

    // The builder wins over the environment.
    let client = ClientBuilder::from_env()
        .expect("token")
        .token("from-the-builder")
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let _ = client.ipsec_gateways().get(ids().0).await;

    let seen: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_string))
        .collect();
    assert_eq!(
        seen,
        [
            Some(basic.clone()),
            Some(format!("Bearer {TOKEN}")),
            Some("Bearer from-the-builder".to_string()),
        ]
    );

    // Basic credentials on the builder win over a token in the environment too.
    let client = ClientBuilder::from_env()
        .expect("token")
        .basic_auth(USER, PASSWORD)
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let _ = client.ipsec_gateways().get(ids().0).await;
    let last = server.requests().last().cloned().expect("a request");
    assert_eq!(last.header("authorization"), Some(basic.as_str()));

    // Nothing to authenticate with: one error that says what to set, and which half of the
    // pair is missing.
    set("IONOS_TOKEN", None);
    set("IONOS_PASSWORD", None);
    let err = ClientBuilder::from_env().expect_err("no credentials");
    assert_eq!(
        err.to_string(),
        "no credentials in the environment: set IONOS_TOKEN, or IONOS_USERNAME and \
         IONOS_PASSWORD, or credentials in the config file's profile (IONOS_USERNAME is set \
         but IONOS_PASSWORD is not)"
    );
    set("IONOS_USERNAME", None);
}

/// A config file with two profiles (a token, a Basic pair) and the VPN product's endpoints:
/// one for `de/fra`, one without a location.
fn two_profiles(fra: &str, global: &str) -> String {
    format!(
        "version: 1.0\n\
         currentProfile: work\n\
         profiles:\n\
         \x20 - name: work\n\
         \x20   environment: prod\n\
         \x20   credentials:\n\
         \x20     token: file-token\n\
         \x20 - name: Other\n\
         \x20   environment: prod\n\
         \x20   credentials:\n\
         \x20     username: {USER}\n\
         \x20     password: {PASSWORD}\n\
         environments:\n\
         \x20 - name: prod\n\
         \x20   products:\n\
         \x20     - name: VPN\n\
         \x20       endpoints:\n\
         \x20         - location: de/fra\n\
         \x20           name: {fra}\n\
         \x20         - name: {global}\n",
    )
}

async fn the_config_file_gives_what_the_environment_leaves_out() {
    let fra = Server::start(|_| Reply::json(200, read_body("ipsecgateway")));
    let global = Server::start(|_| Reply::json(200, read_body("ipsecgateway")));
    let config = two_profiles(&fra.base_url, &global.base_url);
    let home = config_dir("config-home", &config);
    clear_variables();
    set("HOME", home.to_str());

    // The current profile's token; the endpoint for the picked region's location.
    let c = ClientBuilder::from_env()
        .expect("from the file")
        .region(Region::DeFra)
        .build()
        .expect("client");
    c.ipsec_gateways().get(ids().0).await.expect("get");
    assert_eq!(
        fra.requests()[0].header("authorization"),
        Some("Bearer file-token")
    );
    // The builder's credentials win over the file's.
    let c = ClientBuilder::from_env()
        .expect("from the file")
        .region(Region::DeFra)
        .token("from-the-builder")
        .build()
        .expect("client");
    c.ipsec_gateways().get(ids().0).await.expect("get");
    assert_eq!(
        fra.requests()[1].header("authorization"),
        Some("Bearer from-the-builder")
    );

    // Another region: the product's global endpoint. Another profile, picked by the
    // variable without regard to case: its Basic credentials.
    set("IONOS_CURRENT_PROFILE", Some("other"));
    let c = ClientBuilder::from_env()
        .expect("the other profile")
        .region(Region::UsLas)
        .build()
        .expect("client");
    c.ipsec_gateways().get(ids().0).await.expect("get");
    let seen = global.requests()[0]
        .header("authorization")
        .map(str::to_string);
    assert!(seen.is_some_and(|h| h.starts_with("Basic ")));

    // The environment wins over the file, the builder over both.
    set("IONOS_TOKEN", Some(TOKEN));
    set("IONOS_API_URL", Some(&global.base_url));
    let c = ClientBuilder::from_env()
        .expect("env")
        .region(Region::DeFra)
        .build()
        .expect("client");
    assert_eq!(c.base_url(), global.base_url);
    let c = ClientBuilder::from_env()
        .expect("env")
        .base_url(&fra.base_url)
        .build()
        .expect("client");
    assert_eq!(c.base_url(), fra.base_url);
    set("IONOS_TOKEN", None);
    set("IONOS_API_URL", None);

    // A profile that does not exist, a broken file, a named file that is missing: errors that
    // name the file; a missing default file is no error (the environment may suffice).
    set("IONOS_CURRENT_PROFILE", Some("nope"));
    let err = ClientBuilder::from_env().expect_err("no such profile");
    assert!(
        err.to_string().ends_with(
            "at profiles: no profile named \"nope\" (from IONOS_CURRENT_PROFILE); the file has \"work\", \"Other\""
        ),
        "{err}"
    );
    set("IONOS_CURRENT_PROFILE", None);
    let broken = config_dir(
        "config-broken",
        "profiles:\n  - name: work\n    credentials: [1, 2]\n",
    );
    let path = broken.join(".ionos/config");
    set("IONOS_CONFIG_FILE", path.to_str());
    let err = ClientBuilder::from_env().expect_err("broken");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "config file {}: at profiles[0].credentials: ",
            path.display()
        )),
        "{text}"
    );
    set("IONOS_CONFIG_FILE", broken.join("missing").to_str());
    let err = ClientBuilder::from_env().expect_err("named but missing");
    assert!(err.to_string().contains("missing"), "{err}");
    set("IONOS_CONFIG_FILE", None);
    set("HOME", broken.join("nowhere").to_str());
    set("IONOS_TOKEN", Some(TOKEN));
    ClientBuilder::from_env().expect("no file, the environment suffices");
}

/// Config file mistakes: each error names the file and the place, and quotes no value of it.
async fn config_errors_say_where_and_quote_no_value() {
    clear_variables();
    let file = |name: &str, text: &str| {
        let dir = config_dir(name, text);
        let path = dir.join(".ionos/config");
        set("IONOS_CONFIG_FILE", path.to_str());
        path
    };
    // A token written where the credentials map belongs: the type, not the token.
    let path = file(
        "config-token-as-credentials",
        "profiles:\n  - name: work\n    credentials: secret-token-never-printed\n",
    );
    let err = ClientBuilder::from_env().expect_err("a string is no map");
    assert_eq!(
        err.to_string(),
        format!(
            "config file {}: at profiles[0].credentials: invalid type: string, expected struct Credentials at line 3 column 18",
            path.display()
        )
    );
    assert!(!format!("{err:?}").contains("secret-token-never-printed"));

    // No credentials in the file's profile either: the file and the profile are named, and
    // the half-filled pair is called out.
    let path = file(
        "config-half-pair",
        "profiles:\n  - name: work\n    credentials:\n      username: someone\n",
    );
    let err = ClientBuilder::from_env().expect_err("no password");
    let profile = format!("profile \"work\" of {}", path.display());
    assert_eq!(
        err.to_string(),
        format!(
            "no credentials in the environment nor {profile}: set IONOS_TOKEN, or \
             IONOS_USERNAME and IONOS_PASSWORD, or credentials in the config file's profile \
             ({profile} has a username but no password)"
        )
    );

    // An endpoint whose URL does not parse, and one whose CA bundle is PEM around garbage.
    let endpoint = |extra: &str| {
        format!(
            "profiles:\n  - name: work\n    environment: prod\n    credentials:\n      token: t\n\
             environments:\n  - name: prod\n    products:\n      - name: vpn\n        endpoints:\n{extra}"
        )
    };
    let path = file(
        "config-bad-url",
        &endpoint("          - name: \"https://exa mple.com\"\n"),
    );
    let err = ClientBuilder::from_env()
        .expect("the file reads")
        .build()
        .expect_err("no URL");
    assert!(
        err.to_string().ends_with(&format!(
            "(the endpoint at {} at environments[0].products[0].endpoints[0])",
            path.display()
        )),
        "{err}"
    );
    let path = file(
        "config-bad-ca",
        &endpoint(
            "          - name: vpn.example.com\n            certificateAuthData: \"-----BEGIN CERTIFICATE-----\\nZ2FyYmFnZSBpbnNpZGUgdGhlIGFybW91cg==\\n-----END CERTIFICATE-----\\n\"\n",
        ),
    );
    let err = ClientBuilder::from_env().expect_err("checked when the file is read");
    assert_eq!(
        err.to_string(),
        format!(
            "invalid CA certificate from {} at environments[0].products[0].endpoints[0].certificateAuthData: \
             certificate 1 of the bundle is not a DER-encoded X.509 certificate",
            path.display()
        )
    );
    set("IONOS_CONFIG_FILE", None);
}
