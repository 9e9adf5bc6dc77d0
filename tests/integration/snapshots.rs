//! Snapshots (insta) of `rosette show ID --json` for each kind of fixture: OB 3.0 VC 2.0
//! eddsa, OB 3.0 VC 1.1, VC-JWT eddsa, OB 2.0 embedded, linked and signed. Values that
//! depend on the time of the run (`importedAt`, `summary.expiry`) are redacted; the
//! original document's text and pretty view are checked here against the fixture bytes
//! and replaced by their size, so the snapshots stay readable.

use crate::common::{fixture, fixture_bytes, sha256_hex, Home, LINKED_DOCUMENTS};
use base64::Engine as _;
use serde_json::{json, Value};

/// Imports `file` (with `extra` documents) into a fresh home and returns `show --json`
/// of the one badge, redacted for a snapshot.
fn shown(file: &str, extra: &[&str]) -> Value {
    let home = Home::new();
    let mut files = vec![fixture(file)];
    files.extend(extra.iter().map(|f| fixture(f)));
    let ids = home.import_new(&files);
    assert_eq!(ids.len(), 1);
    let mut detail = home.show(&ids[0]);
    assert_eq!(detail["summary"]["id"], ids[0].as_str());

    let bytes = fixture_bytes(file);
    let original = &detail["original"];
    assert_eq!(original["text"].as_str().expect("text").as_bytes(), &bytes[..], "original text of {file}");
    assert_eq!(original["sha256"], sha256_hex(&bytes));
    let pretty: Value = serde_json::from_str(original["pretty"].as_str().expect("pretty")).expect("pretty is JSON");
    assert_eq!(pretty, expected_pretty(&bytes), "pretty view of {file}");

    // Only time-dependent members are redacted, and they must be there to redact.
    let imported_at = detail["importedAt"].as_str().expect("importedAt");
    assert!(time::OffsetDateTime::parse(imported_at, &time::format_description::well_known::Rfc3339).is_ok());
    let expiry = &detail["summary"]["expiry"];
    let expected_expiry: &[&str] =
        if detail["summary"]["validUntil"].is_null() { &["no-expiry"] } else { &["valid", "expires-soon", "expired"] };
    assert!(expected_expiry.contains(&expiry.as_str().expect("expiry")), "{expiry}");
    // Badges are verified at import: the snapshot keeps each check's outcome, not its
    // time-dependent sentences.
    assert!(detail["summary"]["lastCheck"]["checkedAt"].is_string(), "checked at import");
    detail["summary"]["lastCheck"]["checkedAt"] = json!("[checked at import]");
    let checks: Vec<String> = detail["lastReport"]["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["id"] != "validity-window")
        .map(|c| format!("{}: {}", c["id"].as_str().unwrap(), c["outcome"].as_str().unwrap()))
        .collect();
    detail["lastReport"] = json!({ "verdict": detail["lastReport"]["verdict"], "checks": checks });
    detail["importedAt"] = json!("[imported-at]");
    detail["summary"]["expiry"] = json!("[expiry as of now]");
    detail["original"]["text"] = json!(format!("[{} bytes, equal to the fixture]", bytes.len()));
    detail["original"]["pretty"] = json!("[indented view, checked against the fixture]");
    detail
}

/// The indented view `show` gives: the JSON itself, or a JWS's decoded header and payload.
fn expected_pretty(bytes: &[u8]) -> Value {
    let text = std::str::from_utf8(bytes).expect("UTF-8").trim();
    if text.starts_with('{') {
        return serde_json::from_str(text).expect("JSON fixture");
    }
    let mut parts = text.split('.');
    let mut decode = || -> Value {
        let part = parts.next().expect("JWS part");
        let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).expect("base64url");
        serde_json::from_slice(&decoded).expect("JSON part")
    };
    let header = decode();
    let payload = decode();
    json!({ "header": header, "payload": payload })
}

#[test]
fn show_ob3_vc2_eddsa() {
    let detail = shown("ob3-vc2-eddsa-rdfc-2022.json", &[]);
    // The raw <script> in the criteria must not survive as markup.
    let html = detail["criteriaHtml"].as_str().expect("criteria html");
    assert!(!html.contains("<script"), "{html}");
    insta::assert_json_snapshot!("show_ob3_vc2_eddsa", detail);
}

#[test]
fn show_ob3_vc1_ed25519_2020() {
    insta::assert_json_snapshot!("show_ob3_vc1_ed25519_2020", shown("ob3-vc1-ed25519-2020.json", &[]));
}

#[test]
fn show_ob3_vc_jwt_eddsa() {
    insta::assert_json_snapshot!("show_ob3_vc_jwt_eddsa", shown("ob3-vc2-jwt-eddsa.jwt", &[]));
}

#[test]
fn show_ob2_embedded() {
    insta::assert_json_snapshot!("show_ob2_embedded", shown("ob2-assertion-embedded.json", &[]));
}

#[test]
fn show_ob2_linked() {
    let detail = shown("ob2-assertion-linked.json", &LINKED_DOCUMENTS);
    assert_eq!(
        detail["relatedDocuments"],
        json!([
            "https://badges.example.org/badges/workshop-leader.json",
            "https://badges.example.org/issuers/makerspace.json"
        ])
    );
    insta::assert_json_snapshot!("show_ob2_linked", detail);
}

#[test]
fn show_ob2_signed() {
    insta::assert_json_snapshot!("show_ob2_signed", shown("ob2-signed.jws", &[]));
}
