//! A local server that keeps what it is sent, so that a whole program (the examples) can run
//! against it start to end: a create gets an id, a read answers what was stored (without the
//! write-only values), an ensure creates or replaces, a delete removes the item and what is
//! below it (reads then answer 404), and lists page with `offset`, `limit` and `_links.next`.

use super::fixtures::metadata;
use super::{Recorded, Reply, Server};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Items by path (`/ipsecgateways/{id}`), in the order they were made.
type Store = Arc<Mutex<Vec<(String, Value)>>>;

pub(crate) fn start() -> Server {
    start_with(|_, reply| reply)
}

/// As [`start`], but `after` may replace the answer once the request was handled (and stored):
/// a reset or a 504 after the server acted, a read that still shows provisioning.
pub(crate) fn start_with(
    after: impl Fn(&Recorded, Reply) -> Reply + Send + Sync + 'static,
) -> Server {
    let store: Store = Arc::default();
    let next_id = AtomicU64::new(1);
    Server::start(move |req| {
        let reply = {
            let mut items = store.lock().expect("store");
            answer(req, &mut items, &next_id)
        };
        after(req, reply)
    })
}

fn not_found() -> Reply {
    Reply::json(
        404,
        json!({"httpStatus": 404, "messages": [{"errorCode": "vpn-4040", "message": "The resource was not found"}]}),
    )
}

fn kind_of(path: &str) -> &'static str {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (segments.first().copied(), segments.get(2).copied()) {
        (Some("wireguardgateways"), Some("peers")) => "wireguardpeer",
        (Some("wireguardgateways"), _) => "wireguardgateway",
        (Some("ipsecgateways"), Some("tunnels")) => "ipsectunnel",
        _ => "ipsecgateway",
    }
}

/// The read body of an item: what was sent, less the write-only values.
fn read(path: &str, id: &str, properties: &Value) -> Value {
    let kind = kind_of(path);
    let mut properties = properties.clone();
    if let Some(p) = properties.as_object_mut() {
        p.remove("privateKey");
    }
    if let Some(auth) = properties.get_mut("auth").and_then(Value::as_object_mut) {
        auth.remove("psk");
    }
    let extra = if kind == "wireguardgateway" {
        json!({"publicKey": "no8iaSEoqfbI6PVYsdEiUU5efYdtKX8VAhKity19MWI="})
    } else {
        json!({})
    };
    json!({"id": id, "type": kind, "href": path, "metadata": metadata(extra), "properties": properties})
}

fn answer(req: &Recorded, items: &mut Vec<(String, Value)>, next_id: &AtomicU64) -> Reply {
    let path = req.target.split('?').next().unwrap_or_default().to_string();
    let body: Value = serde_json::from_str(&req.body).unwrap_or(Value::Null);
    let is_collection = path.trim_start_matches('/').split('/').count() % 2 == 1;
    let position = items.iter().position(|(p, _)| *p == path);
    match (req.method.as_str(), is_collection) {
        ("GET", true) => list(req, &path, items),
        ("POST", true) => {
            let id =
                Uuid::from_u128(u128::from(next_id.fetch_add(1, Ordering::SeqCst))).to_string();
            let item_path = format!("{path}/{id}");
            let body = read(&item_path, &id, &body["properties"]);
            items.push((item_path, body.clone()));
            Reply::json(201, body)
        }
        ("GET", false) => match position {
            Some(i) => Reply::json(200, items[i].1.clone()),
            None => not_found(),
        },
        ("PUT", false) => {
            let id = path.rsplit('/').next().unwrap_or_default().to_string();
            let stored = read(&path, &id, &body["properties"]);
            match position {
                Some(i) => {
                    items[i].1 = stored.clone();
                    Reply::json(200, stored)
                }
                None => {
                    items.push((path.clone(), stored.clone()));
                    Reply::json(201, stored)
                }
            }
        }
        ("DELETE", false) => match position {
            Some(_) => {
                let below = format!("{path}/");
                items.retain(|(p, _)| *p != path && !p.starts_with(&below));
                Reply::empty(202)
            }
            None => not_found(),
        },
        _ => Reply::json(405, json!({"httpStatus": 405, "messages": []})),
    }
}

fn list(req: &Recorded, path: &str, items: &[(String, Value)]) -> Reply {
    let number = |name: &str, default: usize| {
        req.query(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (offset, limit) = (number("offset", 0), number("limit", 100));
    let prefix = format!("{path}/");
    let all: Vec<&Value> = items
        .iter()
        .filter(|(p, _)| p.strip_prefix(&prefix).is_some_and(|id| !id.contains('/')))
        .map(|(_, v)| v)
        .collect();
    let page: Vec<&Value> = all.iter().skip(offset).take(limit).copied().collect();
    let mut links =
        json!({"self": format!("http://127.0.0.1{path}?offset={offset}&limit={limit}")});
    if offset + page.len() < all.len() {
        links["next"] = json!(format!(
            "http://127.0.0.1{path}?offset={}&limit={limit}",
            offset + page.len()
        ));
    }
    Reply::json(
        200,
        json!({"id": Uuid::nil(), "type": "collection", "href": path, "items": page, "offset": offset, "limit": limit, "_links": links}),
    )
}
