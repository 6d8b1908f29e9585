//! In-process figures (criterion): code generation, per-request overhead, decode throughput.
//! Each group measures ours next to its peer in the same run; `cargo xtask bench` turns the
//! medians into ratios.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use std::hint::black_box;
use std::time::Duration;

fn codegen(c: &mut Criterion) {
    let (spec, overlay) = (vpn_bench::spec_text(), vpn_bench::overlay_text());
    let edited = vpn_bench::progenitor_spec();
    let mut group = c.benchmark_group("codegen");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("ours", |b| {
        b.iter(|| vpn_bench::generate_ours(black_box(&spec), &overlay))
    });
    group.bench_function("progenitor_positional", |b| {
        b.iter(|| vpn_bench::generate_progenitor(black_box(&edited), false))
    });
    group.bench_function("progenitor_builder", |b| {
        b.iter(|| vpn_bench::generate_progenitor(black_box(&edited), true))
    });
    group.finish();
}

fn request(c: &mut Criterion) {
    let body = serde_json::json!({
        "id": "66a114c7-2ddd-5119-9ddf-5a789f5a5a44", "type": "ipsecgateway", "href": "/ipsecgateways/66a114c7",
        "metadata": {"createdDate": "2020-12-10T13:37:50+01:00", "status": "AVAILABLE", "statusMessage": null},
        "properties": {"name": "gw", "gatewayIP": "192.0.2.10", "version": "IKEv2",
            "connections": [{"datacenterId": "5a029f4a-72e5-11ec-90d6-0242ac120003", "lanId": "2", "ipv4CIDR": "192.168.1.100/24"}]}
    })
    .to_string();
    let base = vpn_bench::serve(body);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let id: uuid::Uuid = "66a114c7-2ddd-5119-9ddf-5a789f5a5a44"
        .parse()
        .expect("uuid");
    let ours = vpn_api::Client::builder()
        .base_url(&base)
        .token("bench-token")
        .build()
        .expect("client");
    let raw = reqwest::Client::new();
    let url = format!("{base}/ipsecgateways/{id}");
    let mut group = c.benchmark_group("request");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("vpn_api", |b| {
        b.iter(|| {
            runtime
                .block_on(ours.ipsecgateways_find_by_id(id))
                .expect("answer")
        })
    });
    let raw_call = |timeout: Option<Duration>| {
        runtime.block_on(async {
            let mut request = raw.get(&url);
            if let Some(timeout) = timeout {
                request = request.timeout(timeout);
            }
            let response = request
                .bearer_auth("bench-token")
                .header("accept", "application/json")
                .send()
                .await
                .expect("send");
            let bytes = response.bytes().await.expect("body");
            serde_json::from_slice::<vpn_api::models::IpSecGatewayRead>(&bytes).expect("decode")
        })
    };
    group.bench_function("raw_reqwest", |b| b.iter(|| raw_call(None)));
    // The same call with the per-request timeout vpn-api always sets: shows what the timer costs.
    group.bench_function("raw_reqwest_with_timeout", |b| {
        b.iter(|| raw_call(Some(Duration::from_secs(60))))
    });
    group.finish();
}

/// The same list as plain structs a user might write by hand: strings, no validation types.
#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainList {
    id: String,
    r#type: String,
    href: String,
    items: Vec<PlainTunnel>,
    offset: i64,
    limit: i64,
    #[serde(rename = "_links")]
    links: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainTunnel {
    id: String,
    r#type: String,
    href: String,
    metadata: PlainMetadata,
    properties: PlainProperties,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainMetadata {
    created_date: Option<String>,
    created_by: Option<String>,
    created_by_user_id: Option<String>,
    last_modified_date: Option<String>,
    last_modified_by: Option<String>,
    last_modified_by_user_id: Option<String>,
    #[serde(rename = "resourceURN")]
    resource_urn: Option<String>,
    status: String,
    status_message: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainProperties {
    name: String,
    description: Option<String>,
    remote_host: String,
    auth: PlainAuth,
    ike: PlainEncryption,
    esp: PlainEncryption,
    #[serde(rename = "cloudNetworkCIDRs")]
    cloud_network_cidrs: Vec<String>,
    #[serde(rename = "peerNetworkCIDRs")]
    peer_network_cidrs: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainAuth {
    method: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainEncryption {
    diffie_hellman_group: Option<String>,
    encryption_algorithm: Option<String>,
    integrity_algorithm: Option<String>,
    lifetime: Option<i64>,
}

fn decode(c: &mut Criterion) {
    let body = vpn_bench::tunnel_list(1000);
    let mut group = c.benchmark_group("decode");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(1000));
    group.bench_function("vpn_api", |b| {
        b.iter(|| {
            serde_json::from_str::<vpn_api::models::IpSecTunnelReadList>(black_box(&body))
                .expect("decode")
        })
    });
    group.bench_function("plain_serde", |b| {
        b.iter(|| serde_json::from_str::<PlainList>(black_box(&body)).expect("decode"))
    });
    group.finish();
}

criterion_group!(figures, codegen, request, decode);
criterion_main!(figures);
