//! The RDF Data Integrity suites: eddsa-rdfc-2022 (and `eddsa-2022`), Ed25519Signature2020
//! and ecdsa-rdfc-2019, against the published vectors, the fixtures made by Digital Bazaar's
//! libraries, and a mutation table of negatives.

use super::super::data_integrity::{rdfc_hash_data_text, HashData};
use super::*;

/// The Open Badges 3.0 implementation guide's test vector: hashes, signature, and the
/// whole credential verified with the issuer's key document.
#[test]
#[ignore = "needs the 1EdTech files, which may not be redistributed: \
            ROSETTE_1EDTECH_VECTORS=DIR cargo test -p rosette --lib -- --ignored 1edtech"]
fn open_badges_3_ldp_vector_every_stage_1edtech() {
    let dir = onedtech_vectors(&["ob3-ldp-test-vector.json"]);
    let vector = read_json(&dir.join("ob3-ldp-test-vector.json"));
    let signed = vector["signedCredential"].clone();
    let proof = signed["proof"].as_object().unwrap().clone();
    let data = rdfc_hash_data_text(&signed, &proof).unwrap();
    assert_eq!(hex::encode(data.document_hash), vector["documentHashHex"].as_str().unwrap());
    assert_eq!(hex::encode(data.proof_config_hash), vector["proofHashHex"].as_str().unwrap());
    let signature = decode_proof_value(proof["proofValue"].as_str().unwrap()).unwrap();
    assert_eq!(hex::encode(signature), vector["signatureHex"].as_str().unwrap());
    let key = PublicKey::from_multibase(vector["publicKeyMultibase"].as_str().unwrap()).unwrap();
    key.verify(Algorithm::EdDsa, &data.signed_bytes(), &signature).unwrap();

    // Through `verify`, with the issuer's key document (an https controller document).
    let controller = vector["controller"].as_str().unwrap();
    let method = vector["verificationMethod"].as_str().unwrap();
    let mut keys = MemoryKeySource::default();
    keys.insert(
        None,
        json!({
            "id": controller,
            "verificationMethod": [{
                "id": method, "type": "Multikey", "controller": controller,
                "publicKeyMultibase": vector["publicKeyMultibase"],
            }],
            "assertionMethod": [method],
        }),
        CACHED,
    );
    let bytes = serde_json::to_vec(&signed).unwrap();
    let report = verify(&bytes, &options(), &keys);
    assert_eq!(check(&report, CheckId::Proof).outcome, Outcome::Passed, "{report:#?}");
    assert_eq!(check(&report, CheckId::IssuerBinding).outcome, Outcome::Passed, "{report:#?}");
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");

    // Without the key document the signature cannot be checked: unknown, never valid.
    let report = verify(&bytes, &options(), &NoDocuments);
    assert_eq!(report.verdict, Verdict::Unknown, "{report:#?}");
}

/// The W3C vc-di-eddsa eddsa-rdfc-2022 and Ed25519Signature2020 vectors: hashes of the
/// canonical forms (checked against the published files in `rdfc.rs`) and the signature.
#[test]
fn w3c_rdfc_vectors_hashes_and_signatures() {
    let dir = vectors("w3c-vc-di-eddsa/TestVectors");
    let key_pair = read_json(&dir.join("keyPair.json"));
    let key = PublicKey::from_multibase(key_pair["publicKeyMultibase"].as_str().unwrap()).unwrap();
    for (folder, suffix) in [("eddsa-rdfc-2022", "DataInt"), ("Ed25519Signature2020", "EdSig")] {
        let base = dir.join(folder);
        let text = |name: String| std::fs::read_to_string(base.join(name)).unwrap().trim().to_owned();
        let document = std::fs::read_to_string(base.join(format!("canonDoc{suffix}.txt"))).unwrap();
        let config = std::fs::read_to_string(base.join(format!("proofCanon{suffix}.txt"))).unwrap();
        let data = HashData {
            proof_config_hash: Sha256::digest(config.as_bytes()).into(),
            document_hash: Sha256::digest(document.as_bytes()).into(),
            canonical_proof_config: config,
            canonical_document: document,
        };
        assert_eq!(hex::encode(data.document_hash), text(format!("docHash{suffix}.txt")), "{folder}");
        assert_eq!(hex::encode(data.proof_config_hash), text(format!("proofHash{suffix}.txt")), "{folder}");
        assert_eq!(hex::encode(data.signed_bytes()), text(format!("combinedHash{suffix}.txt")), "{folder}");
        let signature = decode_proof_value(&text(format!("sigBTC58{suffix}.txt"))).unwrap();
        assert_eq!(hex::encode(signature), text(format!("sigHex{suffix}.txt")), "{folder}");
        key.verify(Algorithm::EdDsa, &data.signed_bytes(), &signature).unwrap();
    }
}

#[test]
fn digital_bazaar_fixtures_are_valid() {
    for name in ["ob3-vc2-eddsa-rdfc-2022.json", "ob3-vc1-ed25519-2020.json"] {
        let report = verify(&fixture(name), &options(), &NoDocuments);
        assert_eq!(report.format, Some(VerifiedFormat::Ob3DataIntegrity));
        assert_eq!(report.verdict, Verdict::Valid, "{name}: {report:#?}");
        assert_eq!(report.key_source, KeySourceKind::DidKey);
    }
}

// ---------------------------------------------------------------------------------------
// Signing in tests (our own canonicalization; the point is what a change after signing does).

enum TestKey {
    Ed25519([u8; 32]),
    P256(p256::ecdsa::SigningKey),
}

impl TestKey {
    fn did(&self) -> String {
        match self {
            Self::Ed25519(seed) => {
                let public = ed25519_dalek::SigningKey::from_bytes(seed).verifying_key();
                let mut bytes = vec![0xed, 0x01];
                bytes.extend_from_slice(public.as_bytes());
                format!("did:key:z{}", bs58::encode(bytes).into_string())
            }
            Self::P256(key) => {
                let point = key.verifying_key().to_encoded_point(true);
                let mut bytes = vec![0x80, 0x24];
                bytes.extend_from_slice(point.as_bytes());
                format!("did:key:z{}", bs58::encode(bytes).into_string())
            }
        }
    }

    fn method(&self) -> String {
        let did = self.did();
        format!("{did}#{}", did.trim_start_matches("did:key:"))
    }

    fn sign(&self, bytes: &[u8; 64]) -> Vec<u8> {
        match self {
            Self::Ed25519(seed) => ed25519_dalek::SigningKey::from_bytes(seed).sign(bytes).to_bytes().to_vec(),
            Self::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(bytes);
                signature.to_bytes().to_vec()
            }
        }
    }
}

fn issuer_key() -> TestKey {
    TestKey::Ed25519(seed("ob3-vc2-eddsa-rdfc-2022.json"))
}

fn p256_key() -> TestKey {
    TestKey::P256(p256::ecdsa::SigningKey::from_slice(&Sha256::digest(b"rosette test P-256 issuer")).unwrap())
}

/// The eddsa-rdfc-2022 fixture's credential, edited, issued by `key`'s did:key, and signed
/// by `signer` with the given proof (edited by `proof_edit` before signing).
fn signed_credential(
    key: &TestKey,
    signer: &TestKey,
    proof: Value,
    edit: impl FnOnce(&mut Value),
    proof_edit: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> Value {
    let mut credential = fixture_json("ob3-vc2-eddsa-rdfc-2022.json");
    credential.as_object_mut().unwrap().remove("proof");
    credential["issuer"]["id"] = json!(key.did());
    edit(&mut credential);
    let mut proof = proof.as_object().unwrap().clone();
    proof.insert("verificationMethod".into(), json!(signer.method()));
    proof_edit(&mut proof);
    let data = rdfc_hash_data_text(&credential, &proof).unwrap();
    let signature = signer.sign(&data.signed_bytes());
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(signature).into_string())));
    credential["proof"] = Value::Object(proof);
    credential
}

fn eddsa_rdfc_proof() -> Value {
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-03-14T12:00:00Z",
        "proofPurpose": "assertionMethod",
    })
}

fn ecdsa_rdfc_proof() -> Value {
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "ecdsa-rdfc-2019",
        "created": "2025-03-14T12:00:00Z",
        "proofPurpose": "assertionMethod",
    })
}

fn report_of(credential: &Value) -> VerificationReport {
    verify(&serde_json::to_vec(credential).unwrap(), &options(), &NoDocuments)
}

#[test]
fn every_rdf_suite_verifies_when_untouched() {
    let ed = issuer_key();
    let p = p256_key();
    let cases = [
        ("eddsa-rdfc-2022", signed_credential(&ed, &ed, eddsa_rdfc_proof(), |_| {}, |_| {})),
        (
            "eddsa-2022",
            signed_credential(
                &ed,
                &ed,
                eddsa_rdfc_proof(),
                |_| {},
                |p| {
                    p.insert("cryptosuite".into(), json!("eddsa-2022"));
                },
            ),
        ),
        ("ecdsa-rdfc-2019", signed_credential(&p, &p, ecdsa_rdfc_proof(), |_| {}, |_| {})),
    ];
    for (name, credential) in cases {
        let report = report_of(&credential);
        assert_eq!(report.verdict, Verdict::Valid, "{name}: {report:#?}");
        assert!(check(&report, CheckId::Proof).detail.contains(name), "{name}");
    }
}

#[test]
fn several_proofs_must_all_verify() {
    let ed = issuer_key();
    let p = p256_key();
    // Both proofs by keys of one issuer would need a DID document; here the issuer is the
    // Ed25519 did:key, and the second proof is by another key over the same credential.
    let first = signed_credential(&ed, &ed, eddsa_rdfc_proof(), |_| {}, |_| {});
    let second = signed_credential(&ed, &p, ecdsa_rdfc_proof(), |_| {}, |_| {});
    let mut both = first.clone();
    both["proof"] = json!([first["proof"], second["proof"]]);
    let report = report_of(&both);
    // The second signature is right but its key is not the issuer's: the issuer's own
    // verified proof binds the credential, and every signature holds.
    assert_eq!(check(&report, CheckId::Proof).outcome, Outcome::Passed, "{report:#?}");
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");

    let mut broken = both.clone();
    let value = broken["proof"][1]["proofValue"].as_str().unwrap().to_owned();
    broken["proof"][1]["proofValue"] = json!(format!("{}{}", &value[..value.len() - 2], "11"));
    let report = report_of(&broken);
    assert_eq!(check(&report, CheckId::Proof).outcome, Outcome::Failed, "{report:#?}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

/// (case, credential, the check that must fail or be unknown, must it fail outright)
type Mutation = (&'static str, Value, CheckId, bool);

#[test]
fn rdf_suite_mutations_are_never_valid() {
    let ed = issuer_key();
    let other = TestKey::Ed25519(seed("ob3-vc1-ed25519-2020.json"));
    let good = signed_credential(&ed, &ed, eddsa_rdfc_proof(), |_| {}, |_| {});
    let tamper = |edit: &dyn Fn(&mut Value)| {
        let mut c = good.clone();
        edit(&mut c);
        c
    };
    let vc1 = |c: &mut Value| {
        c["@context"] = json!([
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            "https://w3id.org/security/data-integrity/v2"
        ]);
        let object = c.as_object_mut().unwrap();
        let from = object.remove("validFrom").unwrap();
        object.insert("issuanceDate".into(), from);
        if let Some(until) = object.remove("validUntil") {
            object.insert("expirationDate".into(), until);
        }
    };
    let vc1_signed = signed_credential(&ed, &ed, eddsa_rdfc_proof(), vc1, |_| {});
    assert_eq!(report_of(&vc1_signed).verdict, Verdict::Valid, "{:#?}", report_of(&vc1_signed));

    let mutations: Vec<Mutation> = vec![
        ("name tampered", tamper(&|c| c["name"] = json!("Forged")), CheckId::Proof, true),
        (
            "achievement name tampered",
            tamper(&|c| c["credentialSubject"]["achievement"]["name"] = json!("Grand Master")),
            CheckId::Proof,
            true,
        ),
        ("issuer name tampered", tamper(&|c| c["issuer"]["name"] = json!("Someone Else")), CheckId::Proof, true),
        ("validFrom tampered", tamper(&|c| c["validFrom"] = json!("2020-01-01T00:00:00Z")), CheckId::Proof, true),
        (
            "id tampered",
            tamper(&|c| c["id"] = json!("urn:uuid:00000000-0000-4000-8000-000000000000")),
            CheckId::Proof,
            true,
        ),
        (
            "proof created tampered",
            tamper(&|c| c["proof"]["created"] = json!("2025-03-15T12:00:00Z")),
            CheckId::Proof,
            true,
        ),
        (
            "key swapped (another key's method)",
            tamper(&|c| c["proof"]["verificationMethod"] = json!(other.method())),
            CheckId::IssuerBinding,
            true,
        ),
        (
            "controller is not the issuer",
            signed_credential(&ed, &other, eddsa_rdfc_proof(), |_| {}, |_| {}),
            CheckId::IssuerBinding,
            true,
        ),
        (
            "proofPurpose authentication",
            signed_credential(
                &ed,
                &ed,
                eddsa_rdfc_proof(),
                |_| {},
                |p| {
                    p.insert("proofPurpose".into(), json!("authentication"));
                },
            ),
            CheckId::IssuerBinding,
            true,
        ),
        (
            "unknown cryptosuite",
            tamper(&|c| c["proof"]["cryptosuite"] = json!("eddsa-rdfc-2099")),
            CheckId::Proof,
            false,
        ),
        (
            "ecdsa suite named on an Ed25519 key",
            tamper(&|c| c["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019")),
            CheckId::Proof,
            true,
        ),
        ("proofValue too short", tamper(&|c| c["proof"]["proofValue"] = json!("z3FXQ")), CheckId::Proof, true),
        (
            "proofValue not base58btc",
            tamper(&|c| {
                let v = c["proof"]["proofValue"].as_str().unwrap().replacen('z', "u", 1);
                c["proof"]["proofValue"] = json!(v);
            }),
            CheckId::Proof,
            true,
        ),
        (
            "contexts reordered",
            tamper(&|c| {
                let mut list = c["@context"].as_array().unwrap().clone();
                list.reverse();
                c["@context"] = json!(list);
            }),
            CheckId::Format,
            true,
        ),
        (
            "OB context swapped for another version",
            tamper(&|c| c["@context"][1] = json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json")),
            CheckId::Proof,
            true,
        ),
        (
            "unknown context added",
            tamper(&|c| c["@context"].as_array_mut().unwrap().push(json!("https://example.org/extra-terms.jsonld"))),
            CheckId::Proof,
            false,
        ),
        (
            "undefined term added after signing under VC 1.1",
            {
                let mut c = vc1_signed.clone();
                c["credentialSubject"]["favouriteColour"] = json!("green");
                c
            },
            CheckId::Proof,
            true,
        ),
        (
            "relative @id added after signing",
            tamper(&|c| c["credentialSubject"]["id"] = json!("people/alice")),
            CheckId::Proof,
            true,
        ),
    ];
    for (case, credential, failing, must_fail) in mutations {
        let report = report_of(&credential);
        assert_ne!(report.verdict, Verdict::Valid, "{case}: {report:#?}");
        let c = check(&report, failing);
        if must_fail {
            assert_eq!(c.outcome, Outcome::Failed, "{case}: {report:#?}");
            assert_eq!(report.verdict, Verdict::Invalid, "{case}");
        } else {
            assert_eq!(c.outcome, Outcome::Unknown, "{case}: {report:#?}");
            assert_eq!(c.reason, Some(Reason::Unsupported), "{case}");
        }
    }
}

#[test]
fn open_badges_3_0_1_context_cannot_go_with_vc_2() {
    // OB 3.0.0/3.0.1 redefine terms the VC 2.0 context protects: no canonical form, so
    // such a credential cannot verify whatever its signature.
    let ed = issuer_key();
    let mut credential = signed_credential(&ed, &ed, eddsa_rdfc_proof(), |_| {}, |_| {});
    credential["@context"][1] = json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json");
    let proof = credential["proof"].as_object().unwrap().clone();
    let e = rdfc_hash_data_text(&credential, &proof).unwrap_err();
    assert!(e.contains("protected") || e.contains("Protected"), "{e}");
    assert_eq!(report_of(&credential).verdict, Verdict::Invalid);
}
