//! Credentials as the API's own tools find them: the token, else HTTP Basic credentials, from
//! the environment, with settings on the builder winning over the environment; every secret
//! kept out of `Debug` and error text. One test, in a binary of its own, because it changes
//! this process's environment.

mod support;

use support::fixtures::*;
use support::{Reply, Server};
use vpn_api::prelude::*;

const USER: &str = "user@example.com";
const PASSWORD: &str = "password-that-must-never-be-printed";

fn set(name: &str, value: Option<&str>) {
    match value {
        Some(v) => std::env::set_var(name, v),
        None => std::env::remove_var(name),
    }
}

#[tokio::test]
async fn token_else_basic_credentials_from_the_environment() {
    // Echoes the request's Authorization header back in a 401, as a careless server might.
    let server = Server::start(|req| {
        let seen = req.header("authorization").unwrap_or_default().to_string();
        Reply::json(
            401,
            serde_json::json!({"httpStatus": 401, "messages": [{"message": format!("rejected: {seen} / {PASSWORD}")}]}),
        )
    });
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

    // Nothing to authenticate with: one error that says what to set.
    set("IONOS_TOKEN", None);
    set("IONOS_PASSWORD", None);
    let err = ClientBuilder::from_env().expect_err("no credentials");
    assert_eq!(
        err.to_string(),
        "no credentials in the environment: set IONOS_TOKEN, or IONOS_USERNAME and IONOS_PASSWORD"
    );
}
