//! Verification benchmarks.
//!
//! - `verify_one`: `rosette::verify` of one typical credential per proof type the fixtures
//!   cover, one call at a time, on one thread. The setup checks each verdict first (valid
//!   where the fixture verifies offline) so no line times a failure path by accident. The
//!   RDF Data Integrity suites (eddsa-rdfc-2022, Ed25519Signature2020) must be valid, or, in
//!   a build without RDF canonicalization, `unknown` early, and then the name of the line
//!   ends in `_unknown_rdf_pending`. The RS256 VC-JWT carries its key only in the token header, which is never
//!   trusted, so it is `unknown` offline by design (its signature is not checked).
//! - `vc_jwt_eddsa_stages`: where the time of one VC-JWT EdDSA verification goes: reading
//!   (`detect`, `parse`), splitting, base64, strict JSON, the did:key key, the signature
//!   (`verify_strict`), recipient claims, report JSON.
//! - `vc_jwt_eddsa_9k_stages`: the same for one credential of `verify_many` (9.5 KB, an
//!   inline image).
//! - `verify_many`: 1,000 distinct VC-JWT EdDSA credentials (signed here with a fixed seed),
//!   one after another on one thread, and all together through `Wallet::verify_each` (every
//!   core, results in input order: what `rosette verify` with many inputs does), and, as
//!   the ceiling of the latter, one slice of them per core on its own thread.
//! - `portfolio`: `Wallet::check_all` over a 10,000-badge portfolio (the documents of
//!   `portfolio_badges`), once all signed as VC-JWT EdDSA (all valid), once as a mix: 70%
//!   VC-JWT EdDSA, 20% eddsa-jcs-2022, 10% eddsa-rdfc-2022 left as the variations made them
//!   (their proof no longer matches: invalid, after the full RDF canonicalization).
//!
//! Targets (issue, 2-core machine): VC-JWT EdDSA ≥ 10,000/s per core one at a time and
//! ≥ 20,000/s many together; an OB 2.0 signed assertion (RS256) < 1 ms; `check_all` over
//! 10,000 badges < 3 s. Run with `cargo bench --bench verify`.

mod portfolio_badges;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use ed25519_dalek::Signer as _;
use rosette::{
    BadgeInput, DocumentOrigin, MemoryKeySource, NoDocuments, RelatedDocuments, Verdict, VerificationReport,
    VerifyOptions, Wallet,
};
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use time::macros::datetime;

/// A moment inside every fixture's validity window.
const AT: time::OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
/// When the OB 2.0 key documents were (said to be) cached.
const CACHED_AT: time::OffsetDateTime = datetime!(2025-03-15 08:00 UTC);
/// The issuer key of the eddsa-rdfc-2022 fixture and of the bench template.
const TEMPLATE_FIXTURE: &str = "ob3-vc2-eddsa-rdfc-2022.json";
const HOLDER: &str = "did:key:z6Mkp61gZ4Say3SHy4iU9XURfQXiirPscmjdEPWojfUx3w8n";
const MANY: usize = 1_000;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).expect("fixtures are JSON")
}

/// The fixed test-only key of a fixture (`keys.json`): its seed and its DID.
struct FixtureKey {
    seed: [u8; 32],
    did: String,
}

impl FixtureKey {
    fn of(fixture_name: &str) -> Self {
        let keys = fixture_json("keys.json");
        let entry = &keys[fixture_name];
        let seed = hex::decode(entry["seedHex"].as_str().expect("a seed")).expect("hex seed");
        Self { seed: seed.try_into().expect("32-byte seed"), did: entry["did"].as_str().expect("a DID").to_owned() }
    }

    fn method(&self) -> String {
        format!("{}#{}", self.did, &self.did["did:key:".len()..])
    }

    fn signing_key(&self) -> ed25519_dalek::SigningKey {
        ed25519_dalek::SigningKey::from_bytes(&self.seed)
    }
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unix_seconds(date: &Value) -> i64 {
    let text = date.as_str().expect("a date");
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .expect("an RFC 3339 date")
        .unix_timestamp()
}

/// `credential` (its proof dropped, its issuer made `key`'s DID) as a VC-JWT signed with
/// EdDSA, the claims laid out as the fixture generator lays them.
fn vc_jwt_eddsa(credential: &Value, key: &FixtureKey) -> String {
    let mut payload = credential.clone();
    let object = payload.as_object_mut().expect("a credential object");
    object.remove("proof");
    object.insert("issuer".into(), json!({"id": key.did, "type": ["Profile"], "name": "Example Society of Engineers"}));
    let nbf = unix_seconds(&object["validFrom"]);
    let exp = unix_seconds(&object["validUntil"]);
    let id = object["id"].clone();
    object.insert("iss".into(), json!(key.did));
    object.insert("jti".into(), id);
    object.insert("sub".into(), json!(HOLDER));
    object.insert("nbf".into(), json!(nbf));
    object.insert("exp".into(), json!(exp));
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": key.method()});
    let input = format!("{}.{}", b64(header.to_string()), b64(payload.to_string()));
    let signature = key.signing_key().sign(input.as_bytes());
    format!("{input}.{}", b64(signature.to_bytes()))
}

/// `credential` re-proven with a DataIntegrityProof / eddsa-jcs-2022 by `key` (the
/// recipe of W3C vc-di-eddsa §3.3, written out here independently of Rosette's code).
fn eddsa_jcs_2022(credential: &Value, key: &FixtureKey) -> Value {
    let mut document = credential.clone();
    document.as_object_mut().expect("a credential object").remove("proof");
    let mut options = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2025-03-14T12:00:00Z",
        "verificationMethod": key.method(),
        "proofPurpose": "assertionMethod",
        "@context": document["@context"].clone(),
    });
    let hash = |value: &Value| Sha256::digest(serde_json_canonicalizer::to_vec(value).expect("JCS"));
    let signed = [hash(&options), hash(&document)].concat();
    let signature = key.signing_key().sign(&signed);
    let proof = options.as_object_mut().expect("an object");
    proof.remove("@context");
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(signature.to_bytes()).into_string())));
    document["proof"] = options;
    document
}

/// One credential to time, with the documents it needs and the verdict it must get.
struct Case {
    name: String,
    bytes: Vec<u8>,
    keys: MemoryKeySource,
}

fn ob2_key_documents() -> MemoryKeySource {
    let mut keys = MemoryKeySource::default();
    for name in ["ob2-signed-key.json", "ob2-signed-issuer.json"] {
        keys.insert(None, fixture_json(name), DocumentOrigin::Cached(CACHED_AT));
    }
    keys
}

fn options() -> VerifyOptions {
    VerifyOptions { at: AT, recipients: vec!["jane.doe@example.org".into()] }
}

/// The cases of `verify_one`, each checked before it is timed.
fn single_cases() -> Vec<Case> {
    let template_key = FixtureKey::of(TEMPLATE_FIXTURE);
    let jcs = serde_json::to_vec_pretty(&eddsa_jcs_2022(&fixture_json(TEMPLATE_FIXTURE), &template_key))
        .expect("JSON serializes");
    let expected = [
        ("vc_jwt_eddsa", fixture("ob3-vc2-jwt-eddsa.jwt"), MemoryKeySource::default(), Some(Verdict::Valid)),
        ("vc_jwt_es256", fixture("ob3-vc2-jwt-es256.jws"), MemoryKeySource::default(), Some(Verdict::Valid)),
        // The key is only in the header: refused, so `unknown` without a signature check.
        (
            "vc_jwt_rs256_header_key_refused",
            fixture("ob3-vc2-jwt-rs256.txt"),
            MemoryKeySource::default(),
            Some(Verdict::Unknown),
        ),
        ("ob2_signed_rs256", fixture("ob2-signed.jws"), ob2_key_documents(), Some(Verdict::Valid)),
        ("di_eddsa_jcs_2022", jcs, MemoryKeySource::default(), Some(Verdict::Valid)),
        // The RDF suites: named after today's verdict below.
        ("di_eddsa_rdfc_2022", fixture(TEMPLATE_FIXTURE), MemoryKeySource::default(), None),
        ("di_ed25519_signature_2020", fixture("ob3-vc1-ed25519-2020.json"), MemoryKeySource::default(), None),
    ];
    expected
        .into_iter()
        .map(|(name, bytes, keys, verdict)| {
            let report = rosette::verify(&bytes, &options(), &keys);
            let name = match verdict {
                Some(verdict) => {
                    assert_eq!(report.verdict, verdict, "{name}: {report:#?}");
                    name.to_owned()
                }
                None if report.verdict == Verdict::Unknown => format!("{name}_unknown_rdf_pending"),
                None => {
                    assert_eq!(report.verdict, Verdict::Valid, "{name}: {report:#?}");
                    name.to_owned()
                }
            };
            Case { name, bytes, keys }
        })
        .collect()
}

fn verify_one(c: &mut Criterion) {
    let mut group = c.benchmark_group("verify_one");
    group.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    let options = options();
    for case in single_cases() {
        group.bench_function(&case.name, |b| {
            b.iter(|| rosette::verify(black_box(&case.bytes), &options, &case.keys));
        });
    }
    group.finish();
}

fn vc_jwt_eddsa_stages(c: &mut Criterion) {
    let name = "ob3-vc2-jwt-eddsa.jwt";
    jwt_stages(c, "vc_jwt_eddsa_stages", &fixture(name), &FixtureKey::of(name));
}

/// The stages of one credential of `verify_many` (about 9.5 KB of JSON, 13 KB as a token,
/// most of it an inline PNG): what the larger badges cost beyond the signature.
fn vc_jwt_eddsa_9k_stages(c: &mut Criterion) {
    jwt_stages(c, "vc_jwt_eddsa_9k_stages", &many_vc_jwts().swap_remove(0), &FixtureKey::of(TEMPLATE_FIXTURE));
}

/// Where the time of one VC-JWT EdDSA verification of `token` (signed by `key`) goes:
/// Rosette's public readers (`detect`, `parse`), its hidden stage entry points, and the
/// signature primitive it calls, with the same inputs.
fn jwt_stages(c: &mut Criterion, group_name: &str, token: &[u8], key: &FixtureKey) {
    let text = std::str::from_utf8(token).expect("a token is text").trim().to_owned();
    let parts: Vec<&str> = text.split('.').collect();
    let signing_input = format!("{}.{}", parts[0], parts[1]);
    let payload = URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url");
    let payload_value: Value = serde_json::from_slice(&payload).expect("JSON");
    let signature_bytes: [u8; 64] = URL_SAFE_NO_PAD.decode(parts[2]).expect("base64url").try_into().expect("64 bytes");
    let signature = ed25519_dalek::Signature::from_bytes(&signature_bytes);
    let verifying_key = key.signing_key().verifying_key();
    verifying_key.verify_strict(signing_input.as_bytes(), &signature).expect("the token verifies");
    let options = VerifyOptions::at(AT);
    let report = rosette::verify(token, &options, &NoDocuments);
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    let stages = rosette::verify_stages::split_jws;
    stages(&text).expect("the token splits");
    let method = key.method();
    assert!(rosette::verify_stages::key_of_did_key(&method));

    let mut group = c.benchmark_group(group_name);
    group.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("0_whole_verify", |b| b.iter(|| rosette::verify(black_box(token), &options, &NoDocuments)));
    group.bench_function("1_detect", |b| b.iter(|| rosette::detect(black_box(token)).expect("detected")));
    group.bench_function("2_parse_into_model", |b| {
        let related = RelatedDocuments::default();
        b.iter(|| rosette::parse(black_box(token), &related).expect("parsed"));
    });
    group.bench_function("3_split_jws_strict_json", |b| b.iter(|| stages(black_box(&text)).expect("split")));
    group.bench_function("4_base64url_decode_payload", |b| {
        b.iter(|| URL_SAFE_NO_PAD.decode(black_box(parts[1])).expect("base64url"));
    });
    group.bench_function("5_strict_json_payload", |b| {
        b.iter(|| rosette::verify_stages::strict_json(black_box(&payload)).expect("JSON"));
    });
    group.bench_function("6_key_from_did_key", |b| {
        b.iter(|| rosette::verify_stages::key_of_did_key(black_box(&method)));
    });
    group.bench_function("7_ed25519_verify_strict", |b| {
        b.iter(|| verifying_key.verify_strict(black_box(signing_input.as_bytes()), &signature));
    });
    group.bench_function("8_recipient_claims", |b| {
        b.iter(|| rosette::verify_stages::recipient_claims(black_box(&payload_value)));
    });
    group.bench_function("9_report_to_json", |b| b.iter(|| serde_json::to_string(black_box(&report)).expect("JSON")));
    group.finish();
}

/// 1,000 distinct valid VC-JWT EdDSA credentials.
fn many_vc_jwts() -> Vec<Vec<u8>> {
    let key = FixtureKey::of(TEMPLATE_FIXTURE);
    portfolio_badges::credential_documents().iter().take(MANY).map(|doc| vc_jwt_eddsa(doc, &key).into_bytes()).collect()
}

fn verify_many(c: &mut Criterion) {
    let tokens = many_vc_jwts();
    let options = VerifyOptions::at(AT);
    let one_by_one: Vec<VerificationReport> =
        tokens.iter().map(|t| rosette::verify(t, &options, &NoDocuments)).collect();
    assert!(one_by_one.iter().all(|r| r.verdict == Verdict::Valid), "{:#?}", one_by_one[0]);

    let mut group = c.benchmark_group("verify_many");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(MANY as u64));
    group.bench_function("vc_jwt_eddsa_1000_one_at_a_time", |b| {
        b.iter(|| {
            let valid = tokens
                .iter()
                .filter(|t| rosette::verify(black_box(t), &options, &NoDocuments).verdict == Verdict::Valid)
                .count();
            assert_eq!(valid, MANY);
        });
    });

    // The same through `Wallet::verify_each` (what `rosette verify` with many files
    // uses): every core, results in input order, against an empty portfolio.
    let dir = TempDir::new().expect("a temporary folder");
    let wallet = Wallet::open(dir.path()).expect("the portfolio opens");
    let inputs: Vec<BadgeInput> = tokens.iter().map(|t| BadgeInput::Bytes(t.clone())).collect();
    let mut together = Vec::new();
    wallet
        .verify_each(inputs.clone(), &options, &mut |_, report| together.push(report.expect("verified")))
        .expect("verify each runs");
    assert_eq!(together, one_by_one, "the same reports, in the same order");
    // The inputs are copied for each run outside the timing (`verify_each` takes them by
    // value; the copy of 13 MB is the bench's, not the verifier's).
    group.bench_function("vc_jwt_eddsa_1000_every_core", |b| {
        b.iter_batched(
            || inputs.clone(),
            |inputs| {
                let mut valid = 0;
                wallet
                    .verify_each(black_box(inputs), &options, &mut |_, report| {
                        valid += usize::from(report.is_ok_and(|r| r.verdict == Verdict::Valid));
                    })
                    .expect("verify each runs");
                assert_eq!(valid, MANY);
            },
            BatchSize::PerIteration,
        );
    });
    // The ceiling for the line above: the same tokens cut into one slice per core, each
    // verified by its own thread, with no ordering, channel or database.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    group.bench_function("vc_jwt_eddsa_1000_slice_per_core", |b| {
        b.iter(|| {
            let valid: usize = std::thread::scope(|scope| {
                let workers: Vec<_> = tokens
                    .chunks(MANY.div_ceil(threads))
                    .map(|slice| {
                        let options = &options;
                        scope.spawn(move || {
                            slice
                                .iter()
                                .filter(|t| {
                                    rosette::verify(black_box(t), options, &NoDocuments).verdict == Verdict::Valid
                                })
                                .count()
                        })
                    })
                    .collect();
                workers.into_iter().map(|w| w.join().expect("a verifying thread")).sum()
            });
            assert_eq!(valid, MANY);
        });
    });
    group.finish();
}

/// A portfolio of `documents`, each serialized by `serialize`.
fn portfolio(documents: Vec<Vec<u8>>) -> TempDir {
    let dir = TempDir::new().expect("a temporary folder");
    let mut wallet = Wallet::open(dir.path()).expect("the portfolio opens");
    let sources = documents
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| rosette::ImportSource { name: format!("badge-{i:05}"), bytes })
        .collect();
    let start = Instant::now();
    let report = wallet.import_sources(sources).expect("the import runs");
    eprintln!("setup: imported {} badges in {:.1?}", report.imported, start.elapsed());
    assert_eq!(report.imported as usize, portfolio_badges::BADGES, "every badge is imported");
    dir
}

fn check_all(c: &mut Criterion, name: &str, dir: &TempDir, expect: impl Fn(&rosette::CheckAllReport)) {
    let clock = Box::new(rosette::FixedClock(AT));
    let mut wallet = Wallet::open_with_clock(dir.path(), clock).expect("the portfolio opens");
    let counts = wallet.check_all(&mut |_, _| {}).expect("check all runs");
    eprintln!("setup: {name}: {counts:?}");
    expect(&counts);
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(30));
    group.bench_function(name, |b| b.iter(|| wallet.check_all(&mut |_, _| {}).expect("check all runs")));
    group.finish();
}

fn portfolio_benches(c: &mut Criterion) {
    let documents = portfolio_badges::credential_documents();
    let key = FixtureKey::of(TEMPLATE_FIXTURE);
    let jwts = documents.iter().map(|doc| vc_jwt_eddsa(doc, &key).into_bytes()).collect();
    let dir = portfolio(jwts);
    check_all(c, "check_all_10k_vc_jwt_eddsa", &dir, |counts| {
        assert_eq!(counts.valid as usize, portfolio_badges::BADGES, "every signed badge is valid");
    });
    drop(dir);

    // A mix: 70% VC-JWT EdDSA, 20% eddsa-jcs-2022 (both valid), 10% eddsa-rdfc-2022 as the
    // variations left them (proof broken: never valid).
    let mixed = documents
        .iter()
        .enumerate()
        .map(|(i, doc)| match i % 10 {
            0..=6 => vc_jwt_eddsa(doc, &key).into_bytes(),
            7 | 8 => serde_json::to_vec_pretty(&eddsa_jcs_2022(doc, &key)).expect("JSON serializes"),
            _ => serde_json::to_vec_pretty(doc).expect("JSON serializes"),
        })
        .collect();
    let dir = portfolio(mixed);
    check_all(c, "check_all_10k_mixed", &dir, |counts| {
        assert_eq!(counts.checked as usize, portfolio_badges::BADGES);
        assert_eq!(counts.valid as usize, portfolio_badges::BADGES / 10 * 9, "the signed badges are valid");
    });
}

fn benches(c: &mut Criterion) {
    verify_one(c);
    vc_jwt_eddsa_stages(c);
    vc_jwt_eddsa_9k_stages(c);
    verify_many(c);
    // Under a profiler (`--profile-time`) the portfolios' setup (two imports of 10,000
    // badges) would take most of the run: only the per-call benches are profiled.
    if !std::env::args().any(|a| a == "--profile-time") {
        portfolio_benches(c);
    }
}

criterion_group!(verify, benches);
criterion_main!(verify);
