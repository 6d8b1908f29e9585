//! The remote site's `swanctl.conf` in a real strongSwan: a charon started here (in a network
//! namespace of its own, with a private `strongswan.conf` and its control socket in a temp
//! directory, so nothing of the machine is touched) loads files that cover every IKE/ESP
//! option value of the spec, and a second charon playing the IONOS gateway completes an IKE
//! handshake with one, so the key's quoting is proven too.
//!
//! These tests need the Debian packages `charon-systemd`, `strongswan-swanctl` and `iproute2`
//! and root (for the namespace); they are ignored by `cargo test` and run by `.ci/run`:
//! `cargo test -p vpn-api --test strongswan -- --ignored`. Without the tools they fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use vpn_api::ipsec::{proposals, RemoteSite};
use vpn_api::models::*;

const CHARON: &str = "/usr/sbin/charon-systemd";
const SITE_ADDRESS: &str = "198.51.100.7";
const GATEWAY_ADDRESS: &str = "203.0.113.20";

/// Keys that need every rule of the file's syntax: quotes, backslashes, `#`, braces, a
/// newline, a tab, non-ASCII, the prefixes swanctl would decode, and a NUL.
const KEYS: &[&str] = &[
    r#"psk "quoted" \back/slash ünïcödé+plus"#,
    "line\nbreak\tand # } { = ;",
    "0xnot-hex-at-all",
    "0SomeKeyThatLooksLikeBase64",
    "plain-key-1234567890",
    "nul\0inside",
];

/// A charon of the test's own, killed on drop.
struct Charon {
    child: Child,
    dir: PathBuf,
}

fn require_tools() {
    let runs = |tool: &str, arg: &str| {
        Command::new(tool)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    let mut missing: Vec<&str> = [
        ("swanctl", "--version"),
        ("ip", "-V"),
        ("unshare", "--version"),
        ("nsenter", "--version"),
    ]
    .into_iter()
    .filter(|(tool, arg)| !runs(tool, arg))
    .map(|(tool, _)| tool)
    .collect();
    if !Path::new(CHARON).exists() {
        missing.push(CHARON);
    }
    assert!(
        missing.is_empty(),
        "strongSwan's tools are missing ({missing:?}): install the Debian packages \
         charon-systemd, strongswan-swanctl and iproute2 (.ci/run does) to run these tests"
    );
}

impl Charon {
    /// A charon on `address` in a new network namespace, or in the namespace of `beside`.
    fn start(name: &str, address: &str, beside: Option<&Charon>) -> Charon {
        require_tools();
        let dir = std::env::temp_dir().join(format!("vpn-api-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let socket = dir.join("charon.vici");
        // Only the plugins these tests use; the `cfg` log at level 2 lists every loaded
        // connection's proposals as charon parsed them.
        let conf = format!(
            "charon-systemd {{\n  load = kernel-netlink socket-default random nonce aes sha1 sha2 \
             hmac xcbc kdf gmp vici\n  port = 500\n  port_nat_t = 4500\n  \
             plugins {{\n    vici {{\n      socket = unix://{}\n    }}\n  }}\n  \
             filelog {{\n    stderr {{\n      default = 1\n      cfg = 2\n      ike = 2\n    }}\n  \
             }}\n  journal {{\n    default = -1\n  }}\n}}\nswanctl {{\n  load = random\n}}\n",
            socket.display()
        );
        if beside.is_some() {
            // A second charon in the namespace: the first has the IKE ports.
            let conf = conf
                .replace("port = 500", "port = 0")
                .replace("port_nat_t = 4500", "port_nat_t = 0");
            std::fs::write(dir.join("strongswan.conf"), conf).expect("strongswan.conf");
        } else {
            std::fs::write(dir.join("strongswan.conf"), conf).expect("strongswan.conf");
        }
        let log = std::fs::File::create(dir.join("charon.log")).expect("log");
        let script =
            format!("set -e; ip link set lo up; ip addr add {address}/32 dev lo; exec {CHARON}");
        let mut command = match beside {
            None => {
                let mut c = Command::new("unshare");
                c.args(["--net", "--", "sh", "-c", &script]);
                c
            }
            Some(other) => {
                let ns = format!("--net=/proc/{}/ns/net", other.child.id());
                let mut c = Command::new("nsenter");
                c.args([
                    ns.as_str(),
                    "--",
                    "sh",
                    "-c",
                    &script.replace("ip link set lo up; ", ""),
                ]);
                c
            }
        };
        command
            .env("STRONGSWAN_CONF", dir.join("strongswan.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log);
        let child = command.spawn().expect("unshare/nsenter (util-linux) runs");
        let charon = Charon { child, dir };
        charon.wait_for_socket(&socket);
        charon
    }

    fn wait_for_socket(&self, socket: &Path) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !socket.exists() {
            assert!(
                Instant::now() < deadline,
                "charon did not open its socket in 15 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("charon.log")).unwrap_or_default()
    }

    /// `swanctl` against this charon; fails the test unless it succeeds.
    fn swanctl(&self, args: &[&str]) -> String {
        let uri = format!("unix://{}", self.dir.join("charon.vici").display());
        let output: Output = Command::new("swanctl")
            .args(args)
            .args(["--uri", &uri])
            .env("STRONGSWAN_CONF", self.dir.join("strongswan.conf"))
            .output()
            .expect("swanctl runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "swanctl {args:?} failed: {stdout}\n{}\ncharon:\n{}",
            String::from_utf8_lossy(&output.stderr),
            self.log()
        );
        stdout
    }

    /// Writes `text` as `name` in this charon's directory and loads it.
    fn load(&self, name: &str, text: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, text).expect("swanctl.conf");
        self.swanctl(&[
            "--load-all",
            "--noprompt",
            "--file",
            &path.to_string_lossy(),
        ])
    }
}

impl Drop for Charon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn gateway() -> IpSecGateway {
    IpSecGateway::new("gw", GATEWAY_ADDRESS, vec![])
}

/// The `i`-th tunnel of the covering set: the ten ciphers in IKE and in ESP (shifted, so
/// each phase meets other partners), the four integrity algorithms and eight groups cycling.
fn covering_tunnel(i: usize) -> IpSecTunnel {
    let (e, n, g) = (
        proposals::ENCRYPTION,
        proposals::INTEGRITY,
        proposals::DH_GROUPS,
    );
    let lifetime = i64::try_from(i).expect("small");
    IpSecTunnel::builder()
        .name(format!("cover {i}"))
        .remote_host(SITE_ADDRESS)
        .auth(IpSecTunnelAuth::psk(KEYS[i % KEYS.len()]))
        .ike(
            IkeEncryption::new(
                e[i].transform.option.clone(),
                n[i % n.len()].transform.option.clone(),
                g[i % g.len()].option.clone(),
            )
            .with_lifetime(3600 + 100 * lifetime),
        )
        .esp(
            EspEncryption::new(
                e[(i + 3) % e.len()].transform.option.clone(),
                n[(i + 1) % n.len()].transform.option.clone(),
                g[(i + 5) % g.len()].option.clone(),
            )
            .with_lifetime(600 + 60 * lifetime),
        )
        .cloud_network_cidrs(["10.0.0.0/24", "2001:db8:10::/64"])
        .peer_network_cidrs(["192.168.10.0/24"])
        .build()
        .expect("a tunnel")
}

/// How charon names a parsed proposal (`IKE:enc[/integ]/prf/group`, `ESP:enc[/integ]/group`).
fn charon_proposals(site: &RemoteSite) -> (String, String) {
    let name = |phase: &vpn_api::ipsec::Phase, ike: bool| {
        let mut parts = vec![phase.encryption.transform.charon];
        if !phase.encryption.aead {
            parts.push(phase.integrity.transform.charon);
        }
        if ike {
            parts.push(phase.integrity.charon_prf);
        }
        parts.push(phase.dh_group.charon);
        parts.join("/")
    };
    (
        format!("proposals = IKE:{}\n", name(&site.ike, true)),
        format!("proposals = ESP:{}/NO_EXT_SEQ\n", name(&site.esp, false)),
    )
}

#[test]
#[ignore = "needs strongSwan (charon-systemd, swanctl) and root; .ci/run installs and runs it"]
fn files_covering_every_option_load_into_charon() {
    let charon = Charon::start("cover", SITE_ADDRESS, None);
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..proposals::ENCRYPTION.len() {
        let site = RemoteSite::from_sent(&covering_tunnel(i), gateway()).expect("a site");
        let name = &site.name;
        let loaded = charon.load(&format!("{name}.conf"), site.swanctl().expose());
        for expected in [
            format!("loaded ike secret 'ike-{name}'"),
            format!("loaded connection '{name}'"),
            "successfully loaded 1 connections".to_string(),
        ] {
            assert!(loaded.contains(&expected), "{expected} in {loaded}");
        }
        let listed = charon.swanctl(&["--list-conns"]);
        let (ike, esp) = (site.ike.lifetime.as_secs(), site.esp.lifetime.as_secs());
        for expected in [
            format!("{name}: IKEv2, no reauthentication, rekeying every {ike}s"),
            format!("local:  {SITE_ADDRESS}"),
            format!("remote: {GATEWAY_ADDRESS}"),
            "local pre-shared key authentication:".to_string(),
            "remote pre-shared key authentication:".to_string(),
            format!("{name}: TUNNEL, rekeying every {esp}s"),
            "local:  192.168.10.0/24".to_string(),
            "remote: 10.0.0.0/24 2001:db8:10::/64".to_string(),
        ] {
            assert!(listed.contains(&expected), "{expected:?} in {listed}");
        }
        // swanctl 5.9 lists no proposals; charon's log shows them as it parsed them.
        let (ike, esp) = charon_proposals(&site);
        let log = charon.log();
        assert!(log.contains(&ike), "{ike} in charon's log:\n{log}");
        assert!(log.contains(&esp), "{esp} in charon's log:\n{log}");
        for phase in [&site.ike, &site.esp] {
            seen.insert(phase.encryption.transform.strongswan);
            seen.insert(phase.integrity.transform.strongswan);
            seen.insert(phase.dh_group.strongswan);
        }
    }
    let all = proposals::ENCRYPTION.len() + proposals::INTEGRITY.len() + proposals::DH_GROUPS.len();
    assert_eq!(
        seen.len(),
        all,
        "the set covers every option value: {seen:?}"
    );
}

/// Two tunnels of the same name (the API does not keep names unique) on one gateway, and a
/// third whose name reads the same as a section name, each in its own file as in
/// `/etc/swanctl/conf.d/`, loaded together: three connections, none replacing another.
#[test]
#[ignore = "needs strongSwan (charon-systemd, swanctl) and root; .ci/run installs and runs it"]
fn tunnels_with_the_same_name_are_separate_connections() {
    let charon = Charon::start("names", SITE_ADDRESS, None);
    let tunnels = [
        ("site b", "10.0.0.0/24"),
        ("site b", "10.0.1.0/24"),
        ("site-b", "10.0.2.0/24"),
    ];
    let mut includes = String::new();
    let mut names = Vec::new();
    for (i, (name, cloud)) in tunnels.into_iter().enumerate() {
        let mut tunnel = covering_tunnel(i);
        tunnel.name = name.to_string();
        tunnel.cloud_network_cidrs = vec![cloud.parse().expect("a CIDR")];
        let site = RemoteSite::from_sent(&tunnel, gateway()).expect("a site");
        let path = charon.dir.join(format!("tunnel-{i}.conf"));
        site.swanctl().write(&path).expect("written");
        includes.push_str(&format!("include {}\n", path.display()));
        names.push(site.name.clone());
    }
    let loaded = charon.load("swanctl.conf", &includes);
    assert!(
        loaded.contains("successfully loaded 3 connections"),
        "{loaded}"
    );
    let listed = charon.swanctl(&["--list-conns"]);
    for name in &names {
        assert!(
            listed.contains(&format!("{name}: IKEv2")),
            "{name} in {listed}"
        );
        assert!(name.starts_with("site-b-"), "{name}");
    }
}

/// The IONOS side of the tunnel, written by hand (mirrored), its key given as hex so that
/// no quoting of ours is involved.
fn gateway_side(key: &str) -> String {
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!(
        "connections {{
    ionos {{
        version = 2
        local_addrs = {GATEWAY_ADDRESS}
        remote_addrs = {SITE_ADDRESS}
        proposals = aes256-sha256-prfsha256-modp3072
        local {{
            auth = psk
            id = {GATEWAY_ADDRESS}
        }}
        remote {{
            auth = psk
            id = {SITE_ADDRESS}
        }}
        children {{
            ionos {{
                local_ts = 10.0.0.0/24
                remote_ts = 192.168.10.0/24
                esp_proposals = aes256-sha256-modp3072
            }}
        }}
    }}
}}
secrets {{
    ike-ionos {{
        id-1 = {GATEWAY_ADDRESS}
        id-2 = {SITE_ADDRESS}
        secret = 0x{hex}
    }}
}}
"
    )
}

/// Whether the site's charon, with our file, authenticates the IKE SA against the gateway's.
/// (The child SA needs the kernel's IPsec, which a container may lack; the key is proven by
/// the IKE SA alone.)
fn handshake(site_key: &str, gateway_key: &str) -> (bool, String) {
    let gateway_charon = Charon::start("gateway", GATEWAY_ADDRESS, None);
    gateway_charon.load("gateway.conf", &gateway_side(gateway_key));
    let site_charon = Charon::start("site", SITE_ADDRESS, Some(&gateway_charon));
    let tunnel = IpSecTunnel::builder()
        .name("site b")
        .remote_host(SITE_ADDRESS)
        .auth(IpSecTunnelAuth::psk(site_key))
        .ike(IkeEncryption::new(
            EncryptionAlgorithm::Aes256,
            IntegrityAlgorithm::Sha256,
            DiffieHellmanGroup::V15Modp3072,
        ))
        .esp(EspEncryption::new(
            EncryptionAlgorithm::Aes256,
            IntegrityAlgorithm::Sha256,
            DiffieHellmanGroup::V15Modp3072,
        ))
        .cloud_network_cidrs(["10.0.0.0/24"])
        .peer_network_cidrs(["192.168.10.0/24"])
        .build()
        .expect("a tunnel");
    let site = RemoteSite::from_sent(&tunnel, gateway()).expect("a site");
    site_charon.load("site.conf", site.swanctl().expose());
    let uri = format!("unix://{}", site_charon.dir.join("charon.vici").display());
    // The outcome is read from the logs: the initiation fails either way without kernel IPsec.
    let _ = Command::new("swanctl")
        .args([
            "--initiate",
            "--child",
            &site.name,
            "--timeout",
            "10",
            "--uri",
            &uri,
        ])
        .env("STRONGSWAN_CONF", site_charon.dir.join("strongswan.conf"))
        .output()
        .expect("swanctl runs");
    let logs = format!(
        "site:\n{}\ngateway:\n{}",
        site_charon.log(),
        gateway_charon.log()
    );
    let authenticated = site_charon.log().contains(&format!(
        "authentication of '{GATEWAY_ADDRESS}' with pre-shared key successful"
    )) && site_charon
        .log()
        .contains(&format!("IKE_SA {}[1] established", site.name));
    (authenticated, logs)
}

#[test]
#[ignore = "needs strongSwan (charon-systemd, swanctl) and root; .ci/run installs and runs it"]
fn the_site_authenticates_with_the_gateway_for_every_kind_of_key() {
    for key in KEYS {
        let (authenticated, logs) = handshake(key, key);
        assert!(authenticated, "{key:?}: no IKE SA:\n{logs}");
    }
    let (authenticated, logs) = handshake(KEYS[0], "another key");
    assert!(!authenticated, "a wrong key must fail:\n{logs}");
}
