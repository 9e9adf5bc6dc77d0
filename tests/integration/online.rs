//! `rosette verify` going online, against a real HTTPS server on loopback: a CA and a
//! server certificate made at test time (rcgen), served with rustls on a std listener.
//! The CLI trusts the CA through `--ca-cert` and reaches loopback through
//! `--allow-private-network`; without either it must refuse, and say why.

use crate::common::{fixture_bytes, Home, Run};
use ed25519_dalek::Signer as _;
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server answers for one path.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Send `Content-Length` (else the body ends when the connection closes).
    length: bool,
}

impl Reply {
    fn json(value: &Value) -> Self {
        Self {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(value).unwrap(),
            length: true,
        }
    }
    fn status(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: Vec::new(), length: true }
    }
    fn redirect(location: &str) -> Self {
        Self { status: 302, headers: vec![("Location".into(), location.into())], body: Vec::new(), length: true }
    }
}

type Routes = Arc<Mutex<HashMap<String, Reply>>>;

/// An HTTPS server on 127.0.0.1 with a certificate for `localhost` from a test CA. It
/// answers each connection once and closes it, and stops when dropped.
struct Server {
    port: u16,
    routes: Routes,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    ca_pem: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Self {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Rosette test CA");
        ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::DigitalSignature];
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
        let server_key = rcgen::KeyPair::generate().unwrap();
        let server_params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        let server_cert = server_params.signed_by(&server_key, &ca).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let ca_pem = dir.path().join("test-ca.pem");
        std::fs::write(&ca_pem, ca.pem()).unwrap();

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into());
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![server_cert.der().clone()], key)
                .unwrap(),
        );

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Routes = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        {
            let (routes, requests, stop) = (routes.clone(), requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (config, routes, requests) = (config.clone(), routes.clone(), requests.clone());
                    std::thread::spawn(move || serve(stream, config, &routes, &requests));
                }
            });
        }
        Self { port, routes, requests, stop, ca_pem, _dir: dir }
    }

    fn base(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    fn did(&self) -> String {
        format!("did:web:localhost%3A{}", self.port)
    }

    fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn requests_for(&self, path: &str) -> usize {
        self.requests.lock().unwrap().iter().filter(|p| *p == path).count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// One request on one connection: TLS, the request head, the reply, close.
fn serve(stream: TcpStream, config: Arc<rustls::ServerConfig>, routes: &Routes, requests: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(connection) = rustls::ServerConnection::new(config) else { return };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match tls.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            // The client gave up (an untrusted certificate) or closed.
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    requests.lock().unwrap().push(path.clone());
    let reply = routes.lock().unwrap().get(&path).cloned().unwrap_or_else(|| Reply::status(404));
    let mut lines = vec![format!("HTTP/1.1 {} Test", reply.status), "Connection: close".to_owned()];
    lines.extend(reply.headers.iter().map(|(name, value)| format!("{name}: {value}")));
    if reply.length {
        lines.push(format!("Content-Length: {}", reply.body.len()));
    }
    let out = lines.join("\r\n") + "\r\n\r\n";
    // The client may stop reading (a body over its cap): write errors end the reply.
    if tls.write_all(out.as_bytes()).is_ok() {
        for chunk in reply.body.chunks(64 * 1024) {
            if tls.write_all(chunk).is_err() {
                return;
            }
        }
        tls.conn.send_close_notify();
        let _ = tls.flush();
    }
}

const SEED: [u8; 32] = [7u8; 32];

/// The Multikey form (`z` + base58btc of 0xed01 ‖ key) of the Ed25519 key of `seed`.
fn multikey(seed: &[u8; 32]) -> String {
    let public = ed25519_dalek::SigningKey::from_bytes(seed).verifying_key();
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(public.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

fn did_document(did: &str, seed: &[u8; 32]) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": format!("{did}#key-1"),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multikey(seed),
        }],
        "assertionMethod": [format!("{did}#key-1")],
    })
}

fn jcs(value: &Value) -> Vec<u8> {
    serde_json_canonicalizer::to_vec(value).unwrap()
}

/// The OB 3.0 fixture credential issued by `did` and proven with eddsa-jcs-2022
/// (SHA-256 of the canonical proof options, then of the canonical credential).
fn credential_issued_by(did: &str, seed: &[u8; 32]) -> Value {
    credential_numbered(did, seed, None)
}

/// [`credential_issued_by`], with `urn:uuid:…-<n>` as its id when `n` is given.
fn credential_numbered(did: &str, seed: &[u8; 32], n: Option<u32>) -> Value {
    let mut credential: Value = serde_json::from_slice(&fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json")).unwrap();
    let object = credential.as_object_mut().unwrap();
    object.remove("proof");
    object.remove("validUntil");
    credential["issuer"]["id"] = json!(did);
    if let Some(n) = n {
        credential["id"] = json!(format!("urn:uuid:2f1a4b4c-6d3e-4f5a-9b8c-{n:012}"));
    }
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2025-03-14T12:00:00Z",
        "verificationMethod": format!("{did}#key-1"),
        "proofPurpose": "assertionMethod",
    });
    let mut options = proof.clone();
    options["@context"] = credential["@context"].clone();
    let mut signed = Sha256::digest(jcs(&options)).to_vec();
    signed.extend_from_slice(&Sha256::digest(jcs(&credential)));
    let signature = ed25519_dalek::SigningKey::from_bytes(seed).sign(&signed);
    proof["proofValue"] = json!(format!("z{}", bs58::encode(signature.to_bytes()).into_string()));
    credential["proof"] = proof;
    credential
}

/// Writes a document into the home folder's parent (a temporary folder of the test).
fn write_json(dir: &tempfile::TempDir, name: &str, value: &Value) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

/// `rosette verify --json --online ARGS…` (ROSETTE_OFFLINE removed); without `--online`
/// when ARGS hold `--offline`.
fn verify_online(home: &Home, args: &[&str]) -> (Run, Value) {
    let mut all = vec!["verify", "--json"];
    if !args.contains(&"--offline") {
        all.push("--online");
    }
    all.extend_from_slice(args);
    verify_with(home, &all)
}

/// `rosette ARGS…` (a verify command line) with ROSETTE_OFFLINE removed; the first JSON
/// line of its output.
fn verify_with(home: &Home, all: &[&str]) -> (Run, Value) {
    let output = home.command(all).env_remove("ROSETTE_OFFLINE").output().unwrap();
    let run = Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        what: format!("rosette {}", all.join(" ")),
    };
    crate::common::assert_no_panic(&run.stderr, &run.what);
    let line = run.stdout_text().lines().next().map_or(Value::Null, |l| serde_json::from_str(l).unwrap());
    (run, line)
}

fn detail(report: &Value, check: &str) -> String {
    report["report"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == check)
        .map(|c| c["detail"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A server with the issuer's DID document, and the credential file it issued.
fn did_web_issuer() -> (Server, tempfile::TempDir, String) {
    let server = Server::start();
    let did = server.did();
    server.route("/.well-known/did.json", Reply::json(&did_document(&did, &SEED)));
    let files = tempfile::tempdir().unwrap();
    let credential = write_json(&files, "credential.json", &credential_issued_by(&did, &SEED));
    (server, files, credential)
}

#[test]
fn did_web_is_resolved_online_then_verified_offline_from_the_cache() {
    let (server, _files, credential) = did_web_issuer();
    let home = Home::new();
    let ca = server.ca_pem.to_str().unwrap();

    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", &credential]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["verdict"], "valid", "{report:#}");
    let key_source = &report["report"]["keySource"];
    assert_eq!(key_source["kind"], "fetched", "{report:#}");
    let fetched_at = key_source["at"].as_str().unwrap().to_owned();
    assert!(detail(&report, "issuer-identity").contains(&format!("fetched at {fetched_at}")), "{report:#}");
    assert_eq!(server.requests_for("/.well-known/did.json"), 1);

    // Offline: the same DID document, from the cache, with the time it was fetched.
    let (run, report) = verify_online(&home, &["--offline", &credential]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["verdict"], "valid", "{report:#}");
    assert_eq!(report["report"]["keySource"], json!({"kind": "cached", "at": fetched_at}));
    assert!(detail(&report, "issuer-identity").contains(&format!("cached at {fetched_at}")), "{report:#}");
    let cached = home.json(["cache", "list", "--json"]);
    assert_eq!(cached[0]["id"], server.did().as_str(), "{cached:#}");
    assert_eq!(cached[0]["origin"], "fetched");

    // Online again: a key already cached from its address is not fetched again…
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", &credential]);
    assert_eq!((run.code, report["report"]["keySource"]["kind"].as_str()), (Some(0), Some("cached")));
    assert_eq!(server.requests_for("/.well-known/did.json"), 1);
    // …unless a refresh is asked.
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", "--refresh", &credential]);
    assert_eq!((run.code, report["report"]["keySource"]["kind"].as_str()), (Some(0), Some("fetched")));
    assert_eq!(server.requests_for("/.well-known/did.json"), 2);
}

/// `verify` goes online only when asked (`--online`): without it, neither the issuer's key
/// address nor a link is requested, whatever network flags are given, and `--offline` is
/// still accepted.
#[test]
fn verify_stays_offline_unless_online_is_given() {
    let (server, _files, credential) = did_web_issuer();
    let home = Home::new();
    let ca = server.ca_pem.to_str().unwrap();
    for extra in [&[][..], &["--offline"][..]] {
        let mut args = vec!["verify", "--json", "--ca-cert", ca, "--allow-private-network"];
        args.extend_from_slice(extra);
        args.push(&credential);
        let (run, report) = verify_with(&home, &args);
        assert_eq!(run.code, Some(2), "{run:?}");
        assert_eq!(report["report"]["verdict"], "unknown", "{report:#}");
        assert!(detail(&report, "proof").contains("is not available offline"), "{report:#}");
    }
    let link = format!("{}/badges/1.json", server.base());
    let (run, _) = verify_with(&home, &["verify", "--ca-cert", ca, "--allow-private-network", &link]);
    assert_eq!(run.code, Some(66), "{run:?}");
    assert!(run.stderr.contains("needs the network: add --online"), "{}", run.stderr);
    assert_eq!(server.requests.lock().unwrap().len(), 0, "nothing may reach the server");
    assert!(home.json(["cache", "list", "--json"]).as_array().unwrap().is_empty());

    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", &credential]);
    assert_eq!((run.code, report["report"]["verdict"].as_str()), (Some(0), Some("valid")), "{run:?}");
    assert_eq!(server.requests_for("/.well-known/did.json"), 1);
    let both = home.run(["verify", "--online", "--offline", &credential]);
    assert_eq!(both.code, Some(64), "{both:?}");
}

#[test]
fn loopback_is_refused_without_allow_private_network() {
    let (server, _files, credential) = did_web_issuer();
    let home = Home::new();
    let (run, report) = verify_online(&home, &["--ca-cert", server.ca_pem.to_str().unwrap(), &credential]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_eq!(report["report"]["verdict"], "unknown", "{report:#}");
    let proof = detail(&report, "proof");
    assert!(
        proof.contains(&format!(
            "{}/.well-known/did.json: refused: 127.0.0.1 is a loopback address (allow private network to reach it)",
            server.base()
        )),
        "{proof}"
    );
    assert_eq!(server.requests_for("/.well-known/did.json"), 0, "nothing may reach the address");
}

#[test]
fn an_untrusted_certificate_is_refused_without_ca_cert() {
    let (server, _files, credential) = did_web_issuer();
    let home = Home::new();
    let (run, report) = verify_online(&home, &["--allow-private-network", &credential]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_eq!(report["report"]["verdict"], "unknown", "{report:#}");
    let proof = detail(&report, "proof");
    assert!(proof.contains("the server's certificate is not trusted"), "{proof}");
    assert_eq!(server.requests_for("/.well-known/did.json"), 0);

    // A CA file that holds no certificate is a usage problem, said before anything else.
    let bad = home.path().join("not-a-ca.pem");
    std::fs::write(&bad, "hello").unwrap();
    let (run, _) = verify_online(&home, &["--ca-cert", bad.to_str().unwrap(), &credential]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("holds no PEM certificate"), "{}", run.stderr);
}

/// Each broken answer for the DID document, and the words the report must use.
#[test]
fn broken_answers_are_refused_with_their_reason() {
    let (server, _files, credential) = did_web_issuer();
    let ca = server.ca_pem.to_str().unwrap().to_owned();
    let oversized = Reply {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: vec![b' '; 10 * 1024 * 1024 + 1],
        length: false,
    };
    let cases = [
        (oversized, "refused: the answer is larger than 10 MiB".to_owned()),
        (
            Reply::redirect(&format!("http://localhost:{}/.well-known/did.json", server.port)),
            format!("refused: redirected to http://localhost:{}/.well-known/did.json, which is not https", server.port),
        ),
        (
            Reply::redirect(&format!("https://127.0.0.1:{}/.well-known/did.json", server.port)),
            "refused: redirected to another host".to_owned(),
        ),
        (
            Reply::json(&did_document("did:web:evil.example", &SEED)),
            format!("refused: the DID document there is for did:web:evil.example, not {}", server.did()),
        ),
        (Reply::status(404), "the server answered HTTP 404".to_owned()),
    ];
    for (reply, expected) in cases {
        server.route("/.well-known/did.json", reply);
        let home = Home::new();
        let (run, report) = verify_online(&home, &["--ca-cert", &ca, "--allow-private-network", &credential]);
        assert_eq!(run.code, Some(2), "{expected}: {run:?}");
        assert_eq!(report["report"]["verdict"], "unknown", "{expected}: {report:#}");
        let proof = detail(&report, "proof");
        assert!(proof.contains(&expected), "expected {expected:?} in: {proof}");
        assert!(home.json(["cache", "list", "--json"]).as_array().unwrap().is_empty(), "nothing refused is kept");
    }
}

#[test]
fn a_failed_refresh_falls_back_to_the_cached_copy_and_says_so() {
    let (server, _files, credential) = did_web_issuer();
    let home = Home::new();
    let ca = server.ca_pem.to_str().unwrap();
    let (run, _) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", &credential]);
    assert_eq!(run.code, Some(0), "{run:?}");
    server.route("/.well-known/did.json", Reply::status(500));
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", "--refresh", &credential]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["keySource"]["kind"], "cached", "{report:#}");
    assert!(
        run.stderr.contains("the server answered HTTP 500; the copy cached at") && run.stderr.contains("was used"),
        "{}",
        run.stderr
    );
}

/// The OB 2.0 fixtures (assertion, badge class, issuer) moved to the test server.
fn hosted_documents(server: &Server) -> [Value; 3] {
    let moved = |name: &str| -> Value {
        let text =
            String::from_utf8(fixture_bytes(name)).unwrap().replace("https://badges.example.org", &server.base());
        serde_json::from_str(&text).unwrap()
    };
    [moved("ob2-assertion-linked.json"), moved("ob2-badgeclass.json"), moved("ob2-issuer.json")]
}

#[test]
fn a_hosted_assertion_answering_410_gone_is_revoked() {
    let server = Server::start();
    let [assertion, badge, issuer] = hosted_documents(&server);
    for document in [&badge, &issuer] {
        let path = document["id"].as_str().unwrap().trim_start_matches(&server.base()).to_owned();
        server.route(&path, Reply::json(document));
    }
    server.route("/assertions/124", Reply::status(410));
    let files = tempfile::tempdir().unwrap();
    let file = write_json(&files, "assertion.json", &assertion);
    let home = Home::new();
    let ca = server.ca_pem.to_str().unwrap();

    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", &file]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(report["report"]["verdict"], "revoked", "{report:#}");
    let status = detail(&report, "status");
    assert!(status.contains("HTTP 410 Gone") && status.contains("fetched at"), "{status}");
    assert!(detail(&report, "issuer-binding").contains("lies inside the origins"), "{report:#}");

    // Offline later: still revoked, from the cache's labelled record of the 410.
    let (run, report) = verify_online(&home, &["--offline", &file]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(report["report"]["verdict"], "revoked", "{report:#}");
    assert!(detail(&report, "status").contains("cached at"), "{report:#}");

    // The same address answering again with the assertion: fetched again, no longer revoked.
    server.route("/assertions/124", Reply::json(&assertion));
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", &file]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["verdict"], "valid", "{report:#}");
}

#[test]
fn a_badge_given_by_its_address_is_fetched_and_verified() {
    let server = Server::start();
    let [assertion, badge, issuer] = hosted_documents(&server);
    for document in [&assertion, &badge, &issuer] {
        let path = document["id"].as_str().unwrap().trim_start_matches(&server.base()).to_owned();
        server.route(&path, Reply::json(document));
    }
    let home = Home::new();
    let url = assertion["id"].as_str().unwrap();
    let ca = server.ca_pem.to_str().unwrap();
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", url]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["verdict"], "valid", "{report:#}");
    assert!(
        detail(&report, "proof").contains(&format!("Matches the issuer's copy at {url} (fetched at")),
        "{report:#}"
    );
    assert_eq!(server.requests_for("/assertions/124"), 1, "the fetched copy is the issuer's copy");

    // Offline, a link cannot be followed.
    let (run, _) = verify_online(&home, &["--offline", url]);
    assert_eq!(run.code, Some(66), "{run:?}");
    assert!(run.stderr.contains("needs the network"), "{}", run.stderr);
    // A link answering 410: revoked, said plainly.
    server.route("/assertions/124", Reply::status(410));
    let (run, _) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", url]);
    assert!(run.stderr.contains("HTTP 410 Gone"), "{}", run.stderr);
}

/// A picture holding only a QR code with the badge's link: offline the link is named;
/// online it is followed and the badge at the address is verified.
#[test]
fn a_qr_code_link_is_followed_only_when_online() {
    let server = Server::start();
    let [assertion, badge, issuer] = hosted_documents(&server);
    for document in [&assertion, &badge, &issuer] {
        let path = document["id"].as_str().unwrap().trim_start_matches(&server.base()).to_owned();
        server.route(&path, Reply::json(document));
    }
    let url = assertion["id"].as_str().unwrap();
    let picture = tempfile::tempdir().unwrap();
    let qr = picture.path().join("qr.png");
    std::fs::write(&qr, rosette::qr_png(url, 400, rosette::QrErrorCorrection::M).unwrap()).unwrap();
    let qr = qr.to_str().unwrap();
    let home = Home::new();

    let (run, report) = verify_online(&home, &["--offline", qr]);
    assert_ne!(run.code, Some(0), "{run:?}");
    assert!(detail(&report, "format").contains(&format!("a QR code with this link: {url}")), "{report:#}");
    assert_eq!(server.requests_for("/assertions/124"), 0);

    let ca = server.ca_pem.to_str().unwrap();
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", qr]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["verdict"], "valid", "{report:#}");
    assert!(
        detail(&report, "format").contains(&format!("Fetched from the link in the picture's QR code, {url}.")),
        "{report:#}"
    );
    assert_eq!(server.requests_for("/assertions/124"), 1, "fetched once, then compared with itself");
}

/// An OB 3.0 VC-JWT whose issuer is an https URL: the key comes from the issuer's own key
/// set at `<issuer>/.well-known/jwks.json`, chosen by the token's `kid`.
#[test]
fn an_https_issuers_vc_jwt_is_verified_with_its_published_key_set() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let server = Server::start();
    let issuer = format!("{}/issuers/1", server.base());
    let token = String::from_utf8(fixture_bytes("ob3-vc2-jwt-eddsa.jwt")).unwrap();
    let payload = token.trim().split('.').nth(1).unwrap();
    let mut claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["iss"] = json!(issuer);
    claims["issuer"]["id"] = json!(issuer);
    for transient in ["exp", "validUntil"] {
        claims.as_object_mut().unwrap().remove(transient);
    }
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": "key-2"});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap())
    );
    let signature = ed25519_dalek::SigningKey::from_bytes(&SEED).sign(input.as_bytes());
    let jwt = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("badge.jwt");
    std::fs::write(&file, &jwt).unwrap();

    let public = |seed: &[u8; 32]| URL_SAFE_NO_PAD.encode(ed25519_dalek::SigningKey::from_bytes(seed).verifying_key());
    let jwks = json!({"keys": [
        {"kty": "OKP", "crv": "Ed25519", "kid": "key-1", "x": public(&[1u8; 32])},
        {"kty": "OKP", "crv": "Ed25519", "kid": "key-2", "x": public(&SEED)},
    ]});
    server.route("/issuers/1/.well-known/jwks.json", Reply::json(&jwks));
    let home = Home::new();
    let ca = server.ca_pem.to_str().unwrap();
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["verdict"], "valid", "{report:#}");
    assert_eq!(report["report"]["keySource"]["kind"], "fetched");
    let jwks_url = format!("{issuer}/.well-known/jwks.json");
    assert_eq!(report["report"]["verificationMethod"], format!("{jwks_url}#key-2"));
    assert!(detail(&report, "issuer-binding").contains(&jwks_url), "{report:#}");

    // The issuer's key set without the token's key: the token is not the issuer's.
    server.route("/issuers/1/.well-known/jwks.json", Reply::json(&json!({"keys": [jwks["keys"][0].clone()]})));
    let home = Home::new();
    let (run, report) = verify_online(&home, &["--ca-cert", ca, "--allow-private-network", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(report["report"]["verdict"], "invalid", "{report:#}");
    assert!(detail(&report, "issuer-binding").contains("no signing key with \"kid\" key-2"), "{report:#}");
}

/// `recheck` stays offline unless asked; `--online` fetches what is missing and keeps it.
#[test]
fn recheck_goes_online_only_when_asked() {
    let (server, _files, credential) = did_web_issuer();
    let home = Home::new();
    let ids = home.import_new(&[&credential]);
    let ca = server.ca_pem.to_str().unwrap();
    let recheck = |extra: &[&str]| -> Value {
        let mut args = vec!["recheck", "--json", "--all"];
        args.extend_from_slice(extra);
        let output = home.command(&args).env_remove("ROSETTE_OFFLINE").output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let counts = recheck(&["--ca-cert", ca, "--allow-private-network"]);
    assert_eq!((counts["checked"].as_u64(), counts["unknown"].as_u64()), (Some(1), Some(1)), "{counts:#}");
    assert_eq!(server.requests_for("/.well-known/did.json"), 0, "recheck is offline by default");
    let counts = recheck(&["--online", "--ca-cert", ca, "--allow-private-network"]);
    assert_eq!((counts["checked"].as_u64(), counts["valid"].as_u64()), (Some(1), Some(1)), "{counts:#}");
    assert_eq!(server.requests_for("/.well-known/did.json"), 1);
    // What was fetched is kept: the badge now verifies offline too.
    let (run, report) = verify_online(&home, &["--offline", &ids[0]]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["keySource"]["kind"], "cached", "{report:#}");
}

/// The network settings kept with `rosette network` apply to every online check without
/// flags; removing the certificate authority makes the server untrusted again. Many badges
/// re-checked online go through the session on several threads, each document fetched once.
#[test]
fn kept_network_settings_apply_without_flags() {
    let (server, files, credential) = did_web_issuer();
    let home = Home::new();
    let ca = server.ca_pem.to_str().unwrap();
    let trusted = home.run(["network", "trust", ca]);
    assert_eq!(trusted.code, Some(0), "{trusted:?}");
    assert!(trusted.stdout_text().contains("Rosette test CA"), "{trusted:?}");
    assert_eq!(home.run(["network", "private-network", "on"]).code, Some(0));
    let shown = home.json(["network", "show", "--json"]);
    assert_eq!(shown["allowPrivateNetwork"], true, "{shown:#}");
    assert_eq!(shown["trustedCertificates"][0]["name"], "Rosette test CA", "{shown:#}");

    let (run, report) = verify_online(&home, &[&credential]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(report["report"]["keySource"]["kind"], "fetched", "{report:#}");

    // Several badges re-checked online: the DID document is fetched once for all of them.
    let paths: Vec<String> = (1..=6)
        .map(|n| write_json(&files, &format!("badge-{n}.json"), &credential_numbered(&server.did(), &SEED, Some(n))))
        .collect();
    let ids = home.import_new(&paths);
    assert_eq!(ids.len(), 6);
    let output = home
        .command(["recheck", "--json", "--all", "--online", "--refresh"])
        .env_remove("ROSETTE_OFFLINE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let counts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((counts["checked"].as_u64(), counts["valid"].as_u64()), (Some(6), Some(6)), "{counts:#}");
    assert_eq!(server.requests_for("/.well-known/did.json"), 2, "once for verify, once for the refreshed recheck");

    let id = shown["trustedCertificates"][0]["id"].as_str().unwrap();
    assert_eq!(home.run(["network", "distrust", id]).code, Some(0));
    let (run, report) = verify_online(&home, &["--refresh", &credential]);
    assert_eq!(run.code, Some(0), "the cached copy stands in: {run:?}");
    assert!(run.stderr.contains("the server's certificate is not trusted"), "{}", run.stderr);
    assert_eq!(report["report"]["keySource"]["kind"], "cached", "{report:#}");
    assert_eq!(home.run(["network", "private-network", "off"]).code, Some(0));
    assert_eq!(
        home.json(["network", "show", "--json"]),
        json!({"allowPrivateNetwork": false, "trustedCertificates": []})
    );
}

/// `import` takes https links too: fetched with the kept network settings, stored like a
/// file; offline by environment, the link fails with the reason and files still import.
#[test]
fn a_badge_is_imported_from_its_link() {
    let (server, _files, _credential) = did_web_issuer();
    server.route("/badges/1.json", Reply::json(&credential_numbered(&server.did(), &SEED, Some(1))));
    let link = format!("{}/badges/1.json", server.base());
    let home = Home::new();
    home.run(["network", "trust", server.ca_pem.to_str().unwrap()]).success();
    home.run(["network", "private-network", "on"]).success();

    let offline = home.command(["import", "--json", &link]).output().unwrap();
    assert_eq!(offline.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&offline.stdout).unwrap();
    assert!(report["items"][0]["outcome"]["message"].as_str().unwrap().contains("needs the network"), "{report:#}");
    assert_eq!(server.requests_for("/badges/1.json"), 0);

    let online = home.command(["import", "--json", &link]).env_remove("ROSETTE_OFFLINE").output().unwrap();
    assert_eq!(online.status.code(), Some(0), "{}", String::from_utf8_lossy(&online.stderr));
    let report: Value = serde_json::from_slice(&online.stdout).unwrap();
    assert_eq!(report["imported"], 1, "{report:#}");
    assert_eq!(report["items"][0]["source"], link.as_str());
    let listed = home.list(&[]);
    assert_eq!(listed["items"][0]["lastCheck"]["verdict"], "valid", "{listed:#}");
    let again = home.command(["import", "--json", &link]).env_remove("ROSETTE_OFFLINE").output().unwrap();
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["duplicates"], 1, "{report:#}");
}
