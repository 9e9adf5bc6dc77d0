//! Status: Bitstring Status List, StatusList2021, 1EdTech Revocation List and Open Badges 2.0
//! revocation lists, each built and signed here (eddsa-jcs-2022, did:key) so every bit is known.

use super::*;
use flate2::write::GzEncoder;
use flate2::{Compress, Compression, FlushCompress};
use std::io::Write as _;

const LIST_URL: &str = "https://status.example.org/lists/1";

fn issuer_seed() -> [u8; 32] {
    seed("ob3-vc2-eddsa-rdfc-2022.json")
}

fn issuer_method() -> String {
    format!("{DI_ISSUER}#{}", &DI_ISSUER[8..])
}

/// Signs any JSON document with eddsa-jcs-2022.
fn sign_jcs(document: Value, seed: &[u8; 32], method: &str) -> Value {
    sign_jcs_with(document, seed, method, |_| {})
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A bitstring of `bytes` bytes with the entries `set` (bit 0 = left-most bit of byte 0).
fn bitstring(bytes: usize, set: &[usize]) -> Vec<u8> {
    let mut bits = vec![0u8; bytes];
    for index in set {
        bits[index / 8] |= 0x80 >> (index % 8);
    }
    bits
}

/// 16 KB: the minimum list, 131,072 entries.
const FULL: usize = 16 * 1024;

/// An unsigned Bitstring Status List credential of the badge's issuer.
fn bitstring_list(purpose: &str, bits: &[u8]) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": DI_ISSUER,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": format!("{LIST_URL}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": format!("u{}", b64(gzip(bits))),
        },
    })
}

fn signed(list: Value) -> Value {
    sign_jcs(list, &issuer_seed(), &issuer_method())
}

fn entry(kind: &str, purpose: &str, index: &str) -> Value {
    json!({
        "id": format!("{LIST_URL}#{index}"),
        "type": kind,
        "statusPurpose": purpose,
        "statusListIndex": index,
        "statusListCredential": LIST_URL,
    })
}

fn revocation_entry(index: &str) -> Value {
    entry("BitstringStatusListEntry", "revocation", index)
}

/// The badge (the eddsa-jcs-2022 credential of the other tests) with this `credentialStatus`.
fn badge_with_status(status: Value) -> Vec<u8> {
    serde_json::to_vec(&jcs_credential(|c| c["credentialStatus"] = status, |_| {})).unwrap()
}

fn source_with(list: Value, origin: DocumentOrigin) -> MemoryKeySource {
    let mut keys = MemoryKeySource::default();
    keys.insert(Some(LIST_URL), list, origin);
    keys
}

fn status_report(badge: &[u8], keys: &dyn KeySource) -> (Verdict, Check) {
    let report = verify(badge, &options(), keys);
    let status = check(&report, CheckId::Status).clone();
    // Whatever the status, the badge itself is proven.
    assert_eq!(check(&report, CheckId::Proof).outcome, Outcome::Passed, "{report:#?}");
    (report.verdict, status)
}

fn assert_unknown(badge: &[u8], keys: &dyn KeySource, expected: &str) -> Check {
    let (verdict, status) = status_report(badge, keys);
    assert_eq!(verdict, Verdict::Unknown, "{status:?}");
    assert_eq!((status.outcome, status.reason), (Outcome::Unknown, Some(Reason::StatusNotChecked)), "{status:?}");
    assert!(status.detail.contains(expected), "expected {expected:?} in {:?}", status.detail);
    status
}

#[test]
fn bitstring_revoked_and_not_revoked() {
    let keys = source_with(signed(bitstring_list("revocation", &bitstring(FULL, &[0, 94567]))), CACHED);

    let (verdict, status) = status_report(&badge_with_status(revocation_entry("94567")), &keys);
    assert_eq!(verdict, Verdict::Revoked, "{status:?}");
    assert_eq!((status.outcome, status.reason), (Outcome::Failed, Some(Reason::Revoked)));
    assert!(status.detail.contains(LIST_URL) && status.detail.contains("entry 94567"), "{}", status.detail);
    assert!(status.detail.contains("cached at 2025-03-15T08:00:00Z"), "{}", status.detail);

    // The neighbouring bits are clear: "not revoked as of" the list's time.
    for index in ["1", "94566", "94568", "131071"] {
        let (verdict, status) = status_report(&badge_with_status(revocation_entry(index)), &keys);
        assert_eq!(verdict, Verdict::Valid, "{index}: {status:?}");
        assert_eq!(status.outcome, Outcome::Passed);
        assert!(status.detail.starts_with("Not revoked as of 2025-03-15T08:00:00Z"), "{}", status.detail);
    }
    // Bit 0 is the left-most bit of the first byte.
    let (verdict, _) = status_report(&badge_with_status(revocation_entry("0")), &keys);
    assert_eq!(verdict, Verdict::Revoked);

    // An entry list (VC 2.0 allows several) with the same entry.
    let (verdict, _) = status_report(&badge_with_status(json!([revocation_entry("94567")])), &keys);
    assert_eq!(verdict, Verdict::Revoked);

    // An imported copy of a signed list counts: the signature is the issuer's word.
    let imported = DocumentOrigin::Imported(datetime!(2025-06-01 10:00 UTC));
    let keys = source_with(signed(bitstring_list("revocation", &bitstring(FULL, &[]))), imported);
    let (verdict, status) = status_report(&badge_with_status(revocation_entry("5")), &keys);
    assert_eq!(verdict, Verdict::Valid, "{status:?}");
    assert!(status.detail.contains("imported by you at 2025-06-01T10:00:00Z"), "{}", status.detail);
}

#[test]
fn bitstring_suspended_is_its_own_reason() {
    let keys = source_with(signed(bitstring_list("suspension", &bitstring(FULL, &[42]))), CACHED);
    let suspended = badge_with_status(entry("BitstringStatusListEntry", "suspension", "42"));
    let (verdict, status) = status_report(&suspended, &keys);
    // The verdict rules put suspension with revocation ("revoked or suspended by its issuer").
    assert_eq!(verdict, Verdict::Revoked);
    assert_eq!((status.outcome, status.reason), (Outcome::Failed, Some(Reason::Suspended)));
    assert!(status.detail.starts_with("Suspended"), "{}", status.detail);

    let clear = badge_with_status(entry("BitstringStatusListEntry", "suspension", "43"));
    let (verdict, status) = status_report(&clear, &keys);
    assert_eq!(verdict, Verdict::Valid);
    assert!(status.detail.starts_with("Not suspended as of"), "{}", status.detail);

    // Two entries: revocation clear, suspension set. The worst decides; both are told.
    let mut keys = keys;
    let revocation_url = "https://status.example.org/lists/revocation";
    let mut revocation_list = bitstring_list("revocation", &bitstring(FULL, &[]));
    revocation_list["id"] = json!(revocation_url);
    keys.insert(Some(revocation_url), signed(revocation_list), CACHED);
    let mut revocation = revocation_entry("42");
    revocation["statusListCredential"] = json!(revocation_url);
    let both = badge_with_status(json!([revocation, entry("BitstringStatusListEntry", "suspension", "42")]));
    let (verdict, status) = status_report(&both, &keys);
    assert_eq!((verdict, status.reason), (Verdict::Revoked, Some(Reason::Suspended)));
    assert!(status.detail.contains("Not revoked as of") && status.detail.contains("Suspended"), "{}", status.detail);
}

#[test]
fn index_out_of_range_is_unknown_not_valid() {
    let keys = source_with(signed(bitstring_list("revocation", &bitstring(FULL, &[]))), CACHED);
    assert_unknown(&badge_with_status(revocation_entry("131072")), &keys, "points at entry 131072");
    assert_unknown(&badge_with_status(revocation_entry("18446744073709551615")), &keys, "list and badge disagree");
}

#[test]
fn list_missing_offline_is_unknown_never_checked() {
    let status = assert_unknown(&badge_with_status(revocation_entry("5")), &NoDocuments, "never checked");
    assert!(status.detail.contains(LIST_URL), "{}", status.detail);
}

/// Online, a list whose fetch failed is still unknown, and the report says why.
#[test]
fn list_that_could_not_be_fetched_says_why() {
    struct FetchFailed;
    impl KeySource for FetchFailed {
        fn document(&self, _id: &str) -> Option<SourcedDocument> {
            None
        }
        fn absence(&self, id: &str) -> Option<Absence> {
            Some(Absence::FetchFailed(format!("{id}: the server answered HTTP 503")))
        }
    }
    let status = assert_unknown(&badge_with_status(revocation_entry("5")), &FetchFailed, "never checked");
    let expected = format!("the status list could not be fetched ({LIST_URL}: the server answered HTTP 503)");
    assert!(status.detail.contains(&expected), "{}", status.detail);
}

#[test]
fn list_signed_by_another_issuer_is_unknown() {
    let other_seed = [9u8; 32];
    let other_key = ed25519_dalek::SigningKey::from_bytes(&other_seed).verifying_key();
    let other_did = format!(
        "did:key:z{}",
        bs58::encode([&key::MULTICODEC_ED25519[..], other_key.as_bytes()].concat()).into_string()
    );
    let mut list = bitstring_list("revocation", &bitstring(FULL, &[]));
    list["issuer"] = json!(other_did);
    let list = sign_jcs(list, &other_seed, &format!("{other_did}#{}", &other_did[8..]));
    let keys = source_with(list, CACHED);
    let status = assert_unknown(&badge_with_status(revocation_entry("5")), &keys, "not by the badge's issuer");
    assert!(status.detail.contains(&other_did), "{}", status.detail);

    // The issuer's name on a list signed by someone else: the binding fails.
    let list = sign_jcs(
        bitstring_list("revocation", &bitstring(FULL, &[])),
        &other_seed,
        &format!("{other_did}#{}", &other_did[8..]),
    );
    assert_unknown(&badge_with_status(revocation_entry("5")), &source_with(list, CACHED), "not signed by its issuer");
}

#[test]
fn list_with_a_bad_proof_is_unknown() {
    // Signed with the bit clear, then the bit set: the proof no longer holds.
    let mut list = signed(bitstring_list("revocation", &bitstring(FULL, &[])));
    let tampered = bitstring_list("revocation", &bitstring(FULL, &[5]));
    list["credentialSubject"] = tampered["credentialSubject"].clone();
    let keys = source_with(list, CACHED);
    let status = assert_unknown(&badge_with_status(revocation_entry("5")), &keys, "proof does not verify");
    assert!(status.detail.starts_with("Unknown (last checked 2025-03-15T08:00:00Z)"), "{}", status.detail);

    // Unsigned: never "not revoked".
    let keys = source_with(bitstring_list("revocation", &bitstring(FULL, &[])), CACHED);
    assert_unknown(&badge_with_status(revocation_entry("5")), &keys, "proof does not verify");

    // An RDF suite the list cannot be checked with: unknown as well.
    let mut list = signed(bitstring_list("revocation", &bitstring(FULL, &[])));
    list["proof"]["cryptosuite"] = json!("eddsa-2099");
    assert_unknown(&badge_with_status(revocation_entry("5")), &source_with(list, CACHED), "its proof");
}

#[test]
fn list_for_another_purpose_is_unknown() {
    let keys = source_with(signed(bitstring_list("suspension", &bitstring(FULL, &[]))), CACHED);
    assert_unknown(&badge_with_status(revocation_entry("5")), &keys, "not for revocation");
    // A list of another type than the entry's.
    let mut list = bitstring_list("revocation", &bitstring(FULL, &[]));
    list["type"] = json!(["VerifiableCredential", "StatusList2021Credential"]);
    assert_unknown(
        &badge_with_status(revocation_entry("5")),
        &source_with(signed(list), CACHED),
        "not a BitstringStatusListCredential",
    );
}

#[test]
fn expired_list_is_unknown() {
    let mut list = bitstring_list("revocation", &bitstring(FULL, &[]));
    list["validUntil"] = json!("2025-12-01T00:00:00Z");
    let keys = source_with(signed(list), CACHED);
    assert_unknown(&badge_with_status(revocation_entry("5")), &keys, "out of date: expired on 2025-12-01T00:00:00Z");
}

#[test]
fn short_list_is_read_with_a_warning() {
    let keys = source_with(signed(bitstring_list("revocation", &bitstring(128, &[3]))), CACHED);
    let (verdict, status) = status_report(&badge_with_status(revocation_entry("3")), &keys);
    assert_eq!((verdict, status.reason), (Verdict::Revoked, Some(Reason::Revoked)));
    let (verdict, status) = status_report(&badge_with_status(revocation_entry("4")), &keys);
    assert_eq!((verdict, status.outcome), (Verdict::Valid, Outcome::Warning));
    assert!(status.detail.contains("only 1024 entries"), "{}", status.detail);
    assert_unknown(&badge_with_status(revocation_entry("1024")), &keys, "has 1024 entries");
}

#[test]
fn malformed_entries_are_unknown_and_other_purposes_not_followed() {
    let keys = source_with(signed(bitstring_list("revocation", &bitstring(FULL, &[5]))), CACHED);
    for (edit, expected) in [
        (json!({"statusListIndex": "five"}), "statusListIndex"),
        (json!({"statusListIndex": "-5"}), "statusListIndex"),
        (json!({"statusListCredential": null}), "statusListCredential"),
        (json!({"statusSize": 2}), "one bit"),
        (json!({"statusPurpose": "expiry"}), "does not know"),
        (json!({"type": "SomeOtherStatus2030"}), "SomeOtherStatus2030"),
    ] {
        let mut status = revocation_entry("5");
        for (name, value) in edit.as_object().unwrap() {
            status[name] = value.clone();
        }
        assert_unknown(&badge_with_status(status), &keys, expected);
    }
    assert_unknown(&badge_with_status(json!("not an object")), &keys, "not a JSON object");
    let many: Vec<Value> = (0..17).map(|i| revocation_entry(&i.to_string())).collect();
    assert_unknown(&badge_with_status(json!(many)), &keys, "17 status entries");

    // A message entry carries no revocation: not followed, the badge stays valid.
    let (verdict, status) = status_report(&badge_with_status(entry("BitstringStatusListEntry", "message", "5")), &keys);
    assert_eq!(
        (verdict, status.outcome, status.reason),
        (Verdict::Valid, Outcome::NotChecked, Some(Reason::NotApplicable))
    );
    // None at all.
    let (verdict, status) = status_report(&badge_with_status(Value::Null), &keys);
    assert_eq!((verdict, status.reason), (Verdict::Valid, Some(Reason::NotApplicable)));
}

/// A valid GZIP stream of `total` zero bytes (a multiple of 1 MiB), made without compressing
/// them all: 1 MiB of zeros is deflated once with a full flush (byte-aligned, no reference to
/// earlier data), and that block is repeated.
fn gzip_zeros(total: usize) -> Vec<u8> {
    const CHUNK: usize = 1 << 20;
    assert_eq!(total % CHUNK, 0);
    let zeros = vec![0u8; CHUNK];
    let mut deflate = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    deflate.compress_vec(&zeros, &mut block, FlushCompress::Full).unwrap();
    assert_eq!(deflate.total_in(), CHUNK as u64, "the chunk was deflated whole");
    let mut last = Vec::with_capacity(64);
    Compress::new(Compression::best(), false).compress_vec(&[], &mut last, FlushCompress::Finish).unwrap();
    let mut crc = crc32fast::Hasher::new();
    let mut chunk_crc = crc32fast::Hasher::new();
    chunk_crc.update(&zeros);
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for _ in 0..total / CHUNK {
        out.extend_from_slice(&block);
        crc.combine(&chunk_crc);
    }
    out.extend_from_slice(&last);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out
}

#[test]
fn decompression_bomb_stops_at_the_cap() {
    // The construction is a real GZIP stream of zeros.
    let small = gzip_zeros(2 << 20);
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(small.as_slice()), &mut inflated).unwrap();
    assert_eq!((inflated.len(), inflated.iter().all(|b| *b == 0)), (2 << 20, true));
    assert_eq!(status::decode_encoded_list(&format!("u{}", b64(&small))).unwrap().len(), 2 << 20);

    // 1 GiB of zeros: refused once past 16 MiB, with a clear error (no timing asserted).
    let bomb = gzip_zeros(1 << 30);
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    let encoded = format!("u{}", b64(&bomb));
    let error = status::decode_encoded_list(&encoded).unwrap_err();
    assert!(error.contains("more than 16 MiB"), "{error}");

    let mut list = bitstring_list("revocation", &[]);
    list["credentialSubject"]["encodedList"] = json!(encoded);
    let keys = source_with(signed(list), CACHED);
    assert_unknown(&badge_with_status(revocation_entry("5")), &keys, "more than 16 MiB");
}

#[test]
fn status_list_2021_reads_the_bare_base64url_form() {
    let list = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": DI_ISSUER,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": format!("{LIST_URL}#list"),
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": b64(gzip(&bitstring(FULL, &[77]))),
        },
    });
    let keys = source_with(signed(list), CACHED);
    let entry_2021 = |index: &str| entry("StatusList2021Entry", "revocation", index);
    let (verdict, status) = status_report(&badge_with_status(entry_2021("77")), &keys);
    assert_eq!((verdict, status.reason), (Verdict::Revoked, Some(Reason::Revoked)), "{status:?}");
    let (verdict, _) = status_report(&badge_with_status(entry_2021("78")), &keys);
    assert_eq!(verdict, Verdict::Valid);
    // A Bitstring entry does not accept a StatusList2021 credential.
    assert_unknown(&badge_with_status(revocation_entry("78")), &keys, "not a BitstringStatusListCredential");
}

#[test]
fn status_list_as_a_vc_jwt() {
    let mut credential = bitstring_list("revocation", &bitstring(FULL, &[12]));
    credential.as_object_mut().unwrap().remove("validFrom");
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": issuer_method()});
    let payload = json!({"iss": DI_ISSUER, "jti": LIST_URL, "nbf": 1_735_689_600, "vc": credential});
    let token = sign_eddsa(&header.to_string(), &payload.to_string(), &issuer_seed());
    let keys = source_with(Value::String(token.clone()), CACHED);
    let (verdict, _) = status_report(&badge_with_status(revocation_entry("12")), &keys);
    assert_eq!(verdict, Verdict::Revoked);
    let (verdict, _) = status_report(&badge_with_status(revocation_entry("13")), &keys);
    assert_eq!(verdict, Verdict::Valid);
    // A token signed by another key.
    let forged = sign_eddsa(&header.to_string(), &payload.to_string(), &[3u8; 32]);
    assert_unknown(
        &badge_with_status(revocation_entry("13")),
        &source_with(Value::String(forged), CACHED),
        "proof does not verify",
    );
}

// ---------------------------------------------------------------------------------------
// Lists of ids.

const CREDENTIAL_ID: &str = "urn:uuid:3f9c8a52-6d1e-4b7a-9e0f-5a2b7c4d1e01";

#[test]
fn edtech_revocation_list() {
    let badge = badge_with_status(json!({"id": LIST_URL, "type": "1EdTechRevocationList"}));
    let list = |revoked: Value| json!({"id": LIST_URL, "issuer": {"id": DI_ISSUER}, "revokedCredentials": revoked});

    let keys = source_with(list(json!([{"id": CREDENTIAL_ID, "revocationReason": "Issued in error"}])), CACHED);
    let (verdict, status) = status_report(&badge, &keys);
    assert_eq!((verdict, status.reason), (Verdict::Revoked, Some(Reason::Revoked)));
    assert!(status.detail.contains("Reason given: Issued in error"), "{}", status.detail);

    let keys = source_with(list(json!([{"id": "urn:uuid:someone-else"}])), CACHED);
    let (verdict, status) = status_report(&badge, &keys);
    assert_eq!(verdict, Verdict::Valid, "{status:?}");
    assert!(status.detail.starts_with("Not revoked as of 2025-03-15T08:00:00Z"), "{}", status.detail);

    // An unsigned list the user imported cannot show "not revoked", but can show "revoked".
    let imported = DocumentOrigin::Imported(datetime!(2025-06-01 10:00 UTC));
    assert_unknown(&badge, &source_with(list(json!([])), imported), "not obtained from its address");
    let (verdict, _) = status_report(&badge, &source_with(list(json!([{"id": CREDENTIAL_ID}])), imported));
    assert_eq!(verdict, Verdict::Revoked);

    // The singular member name is read too.
    let singular = json!({"id": LIST_URL, "revokedCredential": [{"id": CREDENTIAL_ID}]});
    assert_eq!(status_report(&badge, &source_with(singular, CACHED)).0, Verdict::Revoked);

    // Another issuer's list, a list without the array, no list: unknown.
    let mut foreign = list(json!([]));
    foreign["issuer"] = json!("did:key:z6MkvMubKHFcdnj6nruNTfKdDfRuQdiQdXdRmTtkFbBnPkmz");
    assert_unknown(&badge, &source_with(foreign, CACHED), "not to the badge's issuer");
    assert_unknown(&badge, &source_with(json!({"id": LIST_URL}), CACHED), "has no \"revokedCredentials\"");
    assert_unknown(&badge, &NoDocuments, "never checked");
}

fn ob2_keys_with_list(list: Option<Value>, origin: DocumentOrigin) -> MemoryKeySource {
    let mut keys = ob2_sources(CACHED);
    let mut profile = fixture_json("ob2-signed-issuer.json");
    profile["revocationList"] = json!("https://badges.example.org/revocations.json");
    keys.insert(None, profile, CACHED);
    if let Some(list) = list {
        keys.insert(Some("https://badges.example.org/revocations.json"), list, origin);
    }
    keys
}

#[test]
fn ob2_revocation_list_with_string_ids_and_objects() {
    let assertion = "urn:uuid:7d0e4c1a-93b2-4f6e-8a15-2c9d3b7e5f01";
    let run = |list: Option<Value>, origin| {
        let report = verify(&fixture("ob2-signed.jws"), &options(), &ob2_keys_with_list(list, origin));
        assert_eq!(check(&report, CheckId::Proof).outcome, Outcome::Passed, "{report:#?}");
        (report.verdict, check(&report, CheckId::Status).clone())
    };
    let list = |revoked: Value| {
        Some(json!({
            "@context": "https://w3id.org/openbadges/v2",
            "type": "RevocationList",
            "id": "https://badges.example.org/revocations.json",
            "issuer": "https://badges.example.org/issuers/review-board.json",
            "revokedAssertions": revoked,
        }))
    };
    let (verdict, status) = run(list(json!(["urn:uuid:other", assertion])), CACHED);
    assert_eq!((verdict, status.reason), (Verdict::Revoked, Some(Reason::Revoked)), "{status:?}");

    let (verdict, status) = run(list(json!([{"id": assertion, "revocationReason": "Misconduct"}])), CACHED);
    assert_eq!(verdict, Verdict::Revoked);
    assert!(status.detail.contains("Reason given: Misconduct"), "{}", status.detail);

    let (verdict, status) = run(list(json!(["urn:uuid:other", {"id": "urn:uuid:another"}, 7])), CACHED);
    assert_eq!(verdict, Verdict::Valid, "{status:?}");
    assert!(status.detail.starts_with("Not revoked as of 2025-03-15T08:00:00Z"), "{}", status.detail);

    // Imported copy: revoked still shows, "not revoked" does not.
    let imported = DocumentOrigin::Imported(datetime!(2025-06-01 10:00 UTC));
    assert_eq!(run(list(json!([assertion])), imported).0, Verdict::Revoked);
    let (verdict, status) = run(list(json!([])), imported);
    assert_eq!((verdict, status.outcome), (Verdict::Unknown, Outcome::Unknown));

    // No list offline; a list of someone else; a list without revokedAssertions.
    let (verdict, status) = run(None, CACHED);
    assert_eq!(verdict, Verdict::Unknown);
    assert!(status.detail.contains("never checked"), "{}", status.detail);
    let mut foreign = list(json!([])).unwrap();
    foreign["issuer"] = json!("https://evil.example/issuer");
    let (verdict, status) = run(Some(foreign), CACHED);
    assert_eq!(verdict, Verdict::Unknown);
    assert!(status.detail.contains("https://evil.example/issuer"), "{}", status.detail);
    let (verdict, _) = run(Some(json!({"id": "https://badges.example.org/revocations.json"})), CACHED);
    assert_eq!(verdict, Verdict::Unknown);
}
