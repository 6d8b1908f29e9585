//! Contract tests against Prism, an independent implementation of the spec: every operation many
//! times against random schema-conforming answers, every declared error status, and invalid bodies
//! that both sides must refuse. Prints `contract: <passed>/<total> operations`.

mod support;

use futures_util::future::BoxFuture;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use support::fixtures::*;
use support::prism::{spec_path, Prism};
use uuid::Uuid;
use vpn_api::models::*;
use vpn_api::{Client, Error, RetryPolicy};

/// Calls per operation: Prism draws every answer at random, so shapes vary from call to call.
const CALLS_PER_OPERATION: usize = 40;

type Call = Box<dyn Fn(Client) -> BoxFuture<'static, Result<(), Error>> + Send + Sync>;

fn call<F, Fut, T>(f: F) -> Call
where
    F: Fn(Client) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, Error>> + Send + 'static,
{
    Box::new(move |client| {
        let fut = f(client);
        Box::pin(async move { fut.await.map(|_| ()) })
    })
}

/// The 20 operations by operationId, each called through its resource handle with valid
/// arguments.
fn operations() -> BTreeMap<&'static str, Call> {
    let (gw, id) = ids();
    let mut ops: BTreeMap<&'static str, Call> = BTreeMap::new();
    ops.insert(
        "wireguardgatewaysGet",
        call(|c| async move { c.wireguard_gateways().list().limit(10).send().await }),
    );
    ops.insert(
        "wireguardgatewaysPost",
        call(|c| async move { c.wireguard_gateways().create(&wireguard_gateway()).await }),
    );
    ops.insert(
        "wireguardgatewaysFindById",
        call(move |c| async move { c.wireguard_gateways().get(gw).await }),
    );
    ops.insert(
        "wireguardgatewaysPut",
        call(move |c| async move {
            c.wireguard_gateways()
                .ensure(gw, &wireguard_gateway())
                .await
        }),
    );
    ops.insert(
        "wireguardgatewaysDelete",
        call(move |c| async move { c.wireguard_gateways().delete(gw).await }),
    );
    ops.insert(
        "wireguardgatewaysPeersGet",
        call(move |c| async move { c.wireguard_peers(gw).list().offset(5).send().await }),
    );
    ops.insert(
        "wireguardgatewaysPeersPost",
        call(move |c| async move { c.wireguard_peers(gw).create(&wireguard_peer()).await }),
    );
    ops.insert(
        "wireguardgatewaysPeersFindById",
        call(move |c| async move { c.wireguard_peers(gw).get(id).await }),
    );
    ops.insert(
        "wireguardgatewaysPeersPut",
        call(move |c| async move { c.wireguard_peers(gw).ensure(id, &wireguard_peer()).await }),
    );
    ops.insert(
        "wireguardgatewaysPeersDelete",
        call(move |c| async move { c.wireguard_peers(gw).delete(id).await }),
    );
    ops.insert(
        "ipsecgatewaysGet",
        call(|c| async move { c.ipsec_gateways().list().offset(0).limit(1000).send().await }),
    );
    ops.insert(
        "ipsecgatewaysPost",
        call(|c| async move { c.ipsec_gateways().create(&ipsec_gateway()).await }),
    );
    ops.insert(
        "ipsecgatewaysFindById",
        call(move |c| async move { c.ipsec_gateways().get(gw).await }),
    );
    ops.insert(
        "ipsecgatewaysPut",
        call(move |c| async move { c.ipsec_gateways().ensure(gw, &ipsec_gateway()).await }),
    );
    ops.insert(
        "ipsecgatewaysDelete",
        call(move |c| async move { c.ipsec_gateways().delete(gw).await }),
    );
    ops.insert(
        "ipsecgatewaysTunnelsGet",
        call(move |c| async move { c.ipsec_tunnels(gw).list().send().await }),
    );
    ops.insert(
        "ipsecgatewaysTunnelsPost",
        call(move |c| async move { c.ipsec_tunnels(gw).create(&ipsec_tunnel()).await }),
    );
    ops.insert(
        "ipsecgatewaysTunnelsFindById",
        call(move |c| async move { c.ipsec_tunnels(gw).get(id).await }),
    );
    ops.insert(
        "ipsecgatewaysTunnelsPut",
        call(move |c| async move { c.ipsec_tunnels(gw).ensure(id, &ipsec_tunnel()).await }),
    );
    ops.insert(
        "ipsecgatewaysTunnelsDelete",
        call(move |c| async move { c.ipsec_tunnels(gw).delete(id).await }),
    );
    ops
}

/// Declared numeric error statuses of every operation, read from the spec itself.
fn declared_errors() -> BTreeMap<String, (String, String, Vec<u16>)> {
    let text = std::fs::read_to_string(spec_path()).expect("spec");
    let spec: Value = serde_json::from_str(&text).expect("spec JSON");
    let mut out = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            let codes = op["responses"]
                .as_object()
                .expect("responses")
                .keys()
                .filter_map(|k| k.parse::<u16>().ok())
                .filter(|c| *c >= 400)
                .collect();
            out.insert(id.to_string(), (method.to_uppercase(), path.clone(), codes));
        }
    }
    out
}

fn client(base_url: &str, prefer: Option<u16>) -> Client {
    let mut headers = HeaderMap::new();
    if let Some(code) = prefer {
        let value = HeaderValue::from_str(&format!("code={code}")).expect("header");
        headers.insert("prefer", value);
    }
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("http client");
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .http_client(http)
        // Error statuses are asked for on purpose here: one attempt each.
        .retry(RetryPolicy::never())
        .build()
        .expect("client")
}

fn describe(e: &Error) -> String {
    match e {
        Error::Api(api) => format!("Prism answered {}: {}", api.status, api.raw_body),
        other => other.to_string(),
    }
}

/// Every operation: random 2xx answers decode, and every declared error status becomes
/// `Error::Api` with the parsed `Error` body.
async fn conformance(prism: &Prism) -> (usize, Vec<String>) {
    let ok_client = client(&prism.base_url, None);
    let errors = declared_errors();
    let mut passed = 0;
    let mut failures = Vec::new();
    for (id, op) in operations() {
        let mut failed = Vec::new();
        for _ in 0..CALLS_PER_OPERATION {
            if let Err(e) = op(ok_client.clone()).await {
                failed.push(describe(&e));
            }
        }
        let (method, path, codes) = errors.get(id).cloned().unwrap_or_default();
        assert!(
            !codes.is_empty(),
            "{id} declares error responses in the spec"
        );
        for code in codes {
            match op(client(&prism.base_url, Some(code))).await {
                Err(Error::Api(e)) if e.status.as_u16() == code && e.body.is_some() => {}
                Err(Error::Api(e)) if e.status.as_u16() == code => {
                    failed.push(format!("{code}: error body did not parse: {}", e.raw_body))
                }
                other => failed.push(format!("asked for {code}, got {other:?}")),
            }
        }
        if failed.is_empty() {
            passed += 1;
        } else {
            failed.dedup();
            failures.push(format!("{id} ({method} {path}): {}", failed.join(" | ")));
        }
    }
    (passed, failures)
}

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("fixture")
}

/// One invalid body: what our client must refuse locally, and where Prism must point.
struct Invalid {
    name: &'static str,
    method: reqwest::Method,
    path: String,
    body: Value,
    /// The JSON path of the violation, as our `Violation::path` spells it.
    at: &'static str,
    sent_by_client: BoxFuture<'static, Result<(), Error>>,
}

fn invalid<B>(
    name: &'static str,
    path: &str,
    at: &'static str,
    body: B,
    send: impl FnOnce(Client, B) -> BoxFuture<'static, Result<(), Error>>,
    unreachable: &Client,
) -> Invalid
where
    B: Serialize,
{
    Invalid {
        name,
        method: reqwest::Method::POST,
        path: path.to_string(),
        body: serde_json::to_value(&body).expect("body"),
        at,
        sent_by_client: send(unreachable.clone(), body),
    }
}

fn invalid_bodies(c: &Client) -> Vec<Invalid> {
    let gw: Uuid = GW.parse().expect("uuid");
    let tunnels = format!("/ipsecgateways/{GW}/tunnels");
    let peers = format!("/wireguardgateways/{GW}/peers");
    let tunnel_send =
        move |c: Client, b: IpSecTunnelCreate| -> BoxFuture<'static, Result<(), Error>> {
            Box::pin(async move { c.ipsecgateways_tunnels_post(gw, &b).await.map(|_| ()) })
        };
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = serde_json::to_value(IpSecTunnelCreate::new(ipsec_tunnel())).expect("tunnel");
        edit(&mut v);
        from_json::<IpSecTunnelCreate>(v)
    };
    vec![
        invalid(
            "tunnel name over 255 characters",
            &tunnels,
            "properties.name",
            with(&|v| v["properties"]["name"] = Value::from("n".repeat(256))),
            tunnel_send,
            c,
        ),
        invalid(
            "IKE lifetime below 3600",
            &tunnels,
            "properties.ike.lifetime",
            with(&|v| v["properties"]["ike"]["lifetime"] = Value::from(10)),
            tunnel_send,
            c,
        ),
        invalid(
            "ESP lifetime above 14400",
            &tunnels,
            "properties.esp.lifetime",
            with(&|v| v["properties"]["esp"]["lifetime"] = Value::from(20_000)),
            tunnel_send,
            c,
        ),
        invalid(
            "no cloud network CIDR",
            &tunnels,
            "properties.cloudNetworkCIDRs",
            with(&|v| v["properties"]["cloudNetworkCIDRs"] = Value::Array(vec![])),
            tunnel_send,
            c,
        ),
        invalid(
            "a /33 CIDR",
            &tunnels,
            "properties.peerNetworkCIDRs[0]",
            with(&|v| v["properties"]["peerNetworkCIDRs"] = serde_json::json!(["10.0.0.0/33"])),
            tunnel_send,
            c,
        ),
        invalid(
            "tunnel description over 1024 characters",
            &tunnels,
            "properties.description",
            with(&|v| v["properties"]["description"] = Value::from("d".repeat(1025))),
            tunnel_send,
            c,
        ),
        invalid(
            "listen port above 65535",
            "/wireguardgateways",
            "properties.listenPort",
            WireguardGatewayCreate::new(wireguard_gateway().with_listen_port(70_000)),
            |c: Client, b: WireguardGatewayCreate| -> BoxFuture<'static, Result<(), Error>> {
                Box::pin(async move { c.wireguardgateways_post(&b).await.map(|_| ()) })
            },
            c,
        ),
        invalid(
            "21 allowed IPs",
            &peers,
            "properties.allowedIPs",
            {
                let mut peer = wireguard_peer();
                peer.allowed_ips = (0..21)
                    .map(|i| Cidr::new(format!("10.0.{i}.0/24")).expect("cidr"))
                    .collect();
                WireguardPeerCreate::new(peer)
            },
            move |c: Client, b: WireguardPeerCreate| -> BoxFuture<'static, Result<(), Error>> {
                Box::pin(async move { c.wireguardgateways_peers_post(gw, &b).await.map(|_| ()) })
            },
            c,
        ),
        invalid(
            "IPSec gateway without connections",
            "/ipsecgateways",
            "properties.connections",
            {
                let mut gateway = ipsec_gateway();
                gateway.connections.clear();
                IpSecGatewayCreate::new(gateway)
            },
            |c: Client, b: IpSecGatewayCreate| -> BoxFuture<'static, Result<(), Error>> {
                Box::pin(async move { c.ipsecgateways_post(&b).await.map(|_| ()) })
            },
            c,
        ),
    ]
}

/// Prism lists what it refused in the `sl-violations` header; each `location`
/// (`["request", "body", "properties", "name"]`) becomes one of our paths.
fn prism_locations(header: Option<&HeaderValue>) -> Vec<String> {
    let violations: Value = header
        .and_then(|h| h.to_str().ok())
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    let Some(list) = violations.as_array() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| v["location"].as_array())
        .map(|location| {
            let mut path = String::new();
            for part in location.iter().skip_while(|p| *p != "body").skip(1) {
                match part.as_str() {
                    Some(index) if index.parse::<usize>().is_ok() => {
                        path.push_str(&format!("[{index}]"))
                    }
                    Some(name) => {
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(name);
                    }
                    None => path.push_str(&format!("[{part}]")),
                }
            }
            path
        })
        .collect()
}

/// Each invalid body is refused by our client with nothing sent, and rejected by Prism at the
/// same place when sent raw.
async fn both_sides_refuse(prism: &Prism) -> Vec<String> {
    // Nothing listens at this address: a body that got past validation would fail to connect,
    // not succeed, so "nothing was sent" is observable.
    let unreachable = client(&support::closed_port_url(), None);
    let raw = reqwest::Client::new();
    let mut failures = Vec::new();
    for case in invalid_bodies(&unreachable) {
        match case.sent_by_client.await {
            Err(Error::Validation(v)) if v.violations.iter().any(|v| v.path == case.at) => {}
            other => failures.push(format!(
                "{}: our client did not refuse it at {}: {other:?}",
                case.name, case.at
            )),
        }
        let answer = raw
            .request(
                case.method.clone(),
                format!("{}{}", prism.base_url, case.path),
            )
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(case.body.to_string())
            .send()
            .await;
        match answer {
            Ok(r) if r.status().as_u16() == 422 => {
                let locations = prism_locations(r.headers().get("sl-violations"));
                if !locations.iter().any(|l| l == case.at) {
                    failures.push(format!(
                        "{}: Prism refused it at {locations:?}, we at {}",
                        case.name, case.at
                    ));
                }
            }
            Ok(r) => failures.push(format!("{}: Prism accepted it ({})", case.name, r.status())),
            Err(e) => failures.push(format!("{}: could not reach Prism: {e}", case.name)),
        }
    }
    failures
}

#[tokio::test]
async fn contract_against_prism() {
    let prism = Prism::mock(&spec_path(), &["-d"]).unwrap_or_else(|e| panic!("{e}"));
    let total = operations().len();
    let (passed, mut failures) = conformance(&prism).await;
    // Straight to stderr, past the test harness's capture: CI logs show it on success too.
    let summary = format!("contract: {passed}/{total} operations\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), summary.as_bytes());
    failures.extend(both_sides_refuse(&prism).await);
    assert_eq!(total, 20, "the spec has 20 operations");
    assert!(
        failures.is_empty(),
        "contract failures:\n{}\n\nPrism log:\n{}",
        failures.join("\n"),
        prism.log_tail()
    );
}
