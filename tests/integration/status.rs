//! Revocation through the CLI: a Bitstring Status List credential kept with `rosette cache
//! import`, then `rosette verify` of badges pointing at it. The rules themselves are
//! unit-tested in src/verify (status.rs and tests/status_lists.rs).

use crate::common::{fixture_bytes, Home};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::Signer as _;
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use std::io::Write as _;

const LIST_URL: &str = "https://status.example.org/lists/7";

/// The issuer of `ob3-vc2-eddsa-rdfc-2022.json`: its did:key, method and test seed.
fn issuer() -> (String, String, ed25519_dalek::SigningKey) {
    let keys: Value = serde_json::from_slice(&fixture_bytes("keys.json")).unwrap();
    let entry = &keys["ob3-vc2-eddsa-rdfc-2022.json"];
    let seed: [u8; 32] = hex::decode(entry["seedHex"].as_str().unwrap()).unwrap().try_into().unwrap();
    (
        entry["did"].as_str().unwrap().to_owned(),
        entry["verificationMethod"].as_str().unwrap().to_owned(),
        ed25519_dalek::SigningKey::from_bytes(&seed),
    )
}

/// Adds an eddsa-jcs-2022 proof: Ed25519 over SHA-256(JCS(proof options with the document's
/// @context)) followed by SHA-256(JCS(document)).
fn sign(mut document: Value) -> Value {
    let (_, method, key) = issuer();
    document.as_object_mut().unwrap().remove("proof");
    let mut options = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2025-03-14T12:00:00Z",
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
        "@context": document["@context"].clone(),
    });
    let hash = |v: &Value| Sha256::digest(serde_json_canonicalizer::to_string(v).unwrap().as_bytes());
    let signed = [hash(&options).as_slice(), hash(&document).as_slice()].concat();
    let signature = key.sign(&signed);
    let proof = options.as_object_mut().unwrap();
    proof.remove("@context");
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(signature.to_bytes()).into_string())));
    document["proof"] = Value::Object(proof.clone());
    document
}

/// A signed revocation list of 131,072 entries with `revoked` set.
fn status_list(revoked: &[usize]) -> Value {
    let mut bits = vec![0u8; 16 * 1024];
    for index in revoked {
        bits[index / 8] |= 0x80 >> (index % 8);
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&bits).unwrap();
    let (did, _, _) = issuer();
    sign(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": format!("{LIST_URL}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": format!("u{}", URL_SAFE_NO_PAD.encode(gzip.finish().unwrap())),
        },
    }))
}

/// The fixture credential re-signed with a revocation entry at `index`.
fn badge(index: usize) -> Value {
    let mut credential: Value = serde_json::from_slice(&fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json")).unwrap();
    credential["credentialStatus"] = json!({
        "id": format!("{LIST_URL}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": LIST_URL,
    });
    sign(credential)
}

fn verify_file(home: &Home, name: &str, value: &Value) -> (Option<i32>, Value) {
    let path = home.path().join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    let run = home.run(["verify", "--json", "--at", "2026-01-01T00:00:00Z", path.to_str().unwrap()]);
    let line: Value = serde_json::from_str(run.stdout_text().lines().next().expect("one report line")).unwrap();
    (run.code, line["report"].clone())
}

fn status_check(report: &Value) -> &Value {
    report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "status").expect("a status check")
}

#[test]
fn a_kept_status_list_decides_revocation_offline() {
    let home = Home::new();
    let revoked = badge(1234);
    let clear = badge(1235);

    // Without the list: unknown (2), never "not revoked".
    let (code, report) = verify_file(&home, "clear.json", &clear);
    assert_eq!((code, report["verdict"].as_str()), (Some(2), Some("unknown")), "{report:#}");
    let status = status_check(&report);
    assert_eq!(status["reason"], "status-not-checked");
    assert!(status["detail"].as_str().unwrap().contains("never checked"), "{status:#}");

    // Keep the issuer's list, as a file the user was given.
    let list = home.path().join("status-list.json");
    std::fs::write(&list, serde_json::to_vec_pretty(&status_list(&[1234])).unwrap()).unwrap();
    let kept = home.json(["cache", "import", "--json", list.to_str().unwrap()]);
    assert_eq!(kept[0]["outcome"], json!({"status": "kept", "id": LIST_URL}), "{kept:#}");

    let (code, report) = verify_file(&home, "clear.json", &clear);
    assert_eq!((code, report["verdict"].as_str()), (Some(0), Some("valid")), "{report:#}");
    let detail = status_check(&report)["detail"].as_str().unwrap().to_owned();
    assert!(detail.starts_with("Not revoked as of ") && detail.contains("imported by you"), "{detail}");

    let (code, report) = verify_file(&home, "revoked.json", &revoked);
    assert_eq!(report["verdict"], "revoked", "{report:#}");
    assert_eq!(code, Some(1));
    let status = status_check(&report);
    assert_eq!((status["outcome"].as_str(), status["reason"].as_str()), (Some("failed"), Some("revoked")));

    // A list altered after signing is not believed: unknown again.
    let mut altered = status_list(&[1234]);
    altered["credentialSubject"]["encodedList"] = status_list(&[])["credentialSubject"]["encodedList"].clone();
    std::fs::write(&list, serde_json::to_vec_pretty(&altered).unwrap()).unwrap();
    home.json(["cache", "import", "--json", list.to_str().unwrap()]);
    let (code, report) = verify_file(&home, "revoked.json", &revoked);
    assert_eq!((code, report["verdict"].as_str()), (Some(2), Some("unknown")), "{report:#}");
    assert!(status_check(&report)["detail"].as_str().unwrap().contains("proof does not verify"));
}
