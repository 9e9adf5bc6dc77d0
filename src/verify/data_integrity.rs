//! Open Badges 3.0 Data Integrity proofs.
//!
//! Verified here: `DataIntegrityProof` / `eddsa-jcs-2022` (W3C vc-di-eddsa §3.3): the proof
//! options (the proof without `proofValue`, with the document's `@context`) and the
//! document (without `proof`) are each canonicalized with JCS (RFC 8785) and hashed with
//! SHA-256; Ed25519 signs SHA-256(options) ‖ SHA-256(document); `proofValue` is multibase
//! base58btc of the 64-byte signature. The verification method's controller must be the
//! issuer and the purpose `assertionMethod`.
//!
//! Recognised but not verified yet (the verdict is `unknown`, never `valid`): the suites
//! that need RDF Dataset Canonicalization (`eddsa-rdfc-2022`, `eddsa-2022`,
//! `Ed25519Signature2020`, `ecdsa-rdfc-2019`) and `ecdsa-sd-2023`.

use super::key::{decode_multibase_base58btc, Algorithm};
use super::report::{Check, CheckId, KeySourceKind, Outcome, Reason};
use super::source::KeySource;
use super::validity::{read_date, Window};
use super::{lookup_key, KeyLookup, ProofAssessment};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Every stage of the eddsa-jcs-2022 hashing, for tests against published vectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JcsHashData {
    pub(crate) canonical_proof_config: String,
    pub(crate) canonical_document: String,
    pub(crate) proof_config_hash: [u8; 32],
    pub(crate) document_hash: [u8; 32],
}

impl JcsHashData {
    /// SHA-256(proof config) ‖ SHA-256(document): the bytes Ed25519 signs.
    pub(crate) fn signed_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.proof_config_hash);
        out[32..].copy_from_slice(&self.document_hash);
        out
    }
}

fn jcs(value: &Value) -> Result<String, String> {
    serde_json_canonicalizer::to_string(value).map_err(|e| format!("JSON canonicalization failed: {e}"))
}

/// eddsa-jcs-2022 transformation and hashing of a secured document: splits off `proof`
/// (the given one) and its `proofValue`, applies the `@context` rule (a proof `@context`
/// must be a prefix of the document's and then stands for it), canonicalizes and hashes.
pub(crate) fn jcs_hash_data(secured: &Value, proof: &Map<String, Value>) -> Result<JcsHashData, String> {
    let Some(document) = secured.as_object() else { return Err("the credential is not a JSON object".into()) };
    let mut unsecured = document.clone();
    unsecured.remove("proof");
    let mut options = proof.clone();
    options.remove("proofValue");
    if let Some(proof_context) = options.get("@context") {
        let as_list = |v: &Value| match v {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        let wanted = as_list(proof_context);
        let have = unsecured.get("@context").map(as_list).unwrap_or_default();
        if !have.starts_with(&wanted) {
            return Err("the proof's @context is not the start of the credential's @context".into());
        }
        unsecured.insert("@context".into(), proof_context.clone());
    }
    if let Some(context) = unsecured.get("@context") {
        options.insert("@context".into(), context.clone());
    }
    let canonical_document = jcs(&Value::Object(unsecured))?;
    let canonical_proof_config = jcs(&Value::Object(options))?;
    Ok(JcsHashData {
        proof_config_hash: Sha256::digest(canonical_proof_config.as_bytes()).into(),
        document_hash: Sha256::digest(canonical_document.as_bytes()).into(),
        canonical_proof_config,
        canonical_document,
    })
}

/// Decodes a `proofValue`: multibase base58btc of exactly 64 bytes.
pub(crate) fn decode_proof_value(text: &str) -> Result<[u8; 64], String> {
    let bytes = decode_multibase_base58btc(text).map_err(|e| format!("proofValue: {e}"))?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| format!("proofValue holds {} bytes; an Ed25519 signature is 64", bytes.len()))
}

/// What one proof came to.
struct ProofResult {
    proof: Check,
    binding: Check,
    key_source: KeySourceKind,
    origin: Option<super::source::DocumentOrigin>,
    verification_method: Option<String>,
}

impl ProofResult {
    fn new(proof: Check, binding: Check) -> Self {
        Self { proof, binding, key_source: KeySourceKind::NotAvailable, origin: None, verification_method: None }
    }
}

const RDFC_SUITES: [&str; 3] = ["eddsa-rdfc-2022", "eddsa-2022", "ecdsa-rdfc-2019"];

/// Assesses the embedded proofs of an OB 3.0 credential given as JSON.
pub(crate) fn assess(credential: &Value, keys: &dyn KeySource) -> ProofAssessment {
    let mut out = ProofAssessment::default();
    window(credential, &mut out);
    let issuer = super::jose::issuer_id(credential);
    out.issuer_id = issuer.map(str::to_owned);
    let proofs: Vec<&Value> = match credential.get("proof") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => {
            out.fail(CheckId::Proof, "The credential's \"proof\" is neither an object nor a list of objects.");
            return out;
        }
        None => {
            out.fail(CheckId::Proof, "The credential carries no proof, so nothing shows who issued it.");
            out.binding_unknown_or(None, "No proof to bind to the issuer.");
            return out;
        }
    };
    if proofs.is_empty() {
        out.fail(CheckId::Proof, "The credential's proof list is empty.");
        return out;
    }
    let results: Vec<ProofResult> = proofs.iter().map(|p| assess_one(credential, p, issuer, keys)).collect();

    // Every proof must hold; at least one verified proof must be the issuer's.
    let worst = |pick: fn(&ProofResult) -> &Check| {
        [Outcome::Failed, Outcome::Unknown]
            .into_iter()
            .find_map(|o| results.iter().map(pick).find(|c| c.outcome == o))
            .cloned()
    };
    let proof_check = worst(|r| &r.proof).unwrap_or_else(|| {
        let details: Vec<&str> = results.iter().map(|r| r.proof.detail.as_str()).collect();
        Check::passed(CheckId::Proof, details.join(" "))
    });
    let bound = results.iter().find(|r| r.proof.outcome == Outcome::Passed && r.binding.outcome == Outcome::Passed);
    let binding_check = match bound {
        Some(r) => r.binding.clone(),
        None => worst(|r| &r.binding)
            .unwrap_or_else(|| Check::unknown(CheckId::IssuerBinding, "No verified proof is bound to the issuer.")),
    };
    let chosen = bound.or_else(|| results.iter().find(|r| r.verification_method.is_some())).or(results.first());
    if let Some(r) = chosen {
        out.key_source = r.key_source.clone();
        out.key_origin = r.origin;
        out.verification_method.clone_from(&r.verification_method);
    }
    out.checks.push(proof_check);
    out.checks.push(binding_check);
    out
}

fn window(credential: &Value, out: &mut ProofAssessment) {
    let mut window = Window::default();
    for (names, slot) in
        [(["validFrom", "issuanceDate"], &mut window.from), (["validUntil", "expirationDate"], &mut window.until)]
    {
        let found = names.iter().find_map(|n| credential.get(*n).filter(|v| !v.is_null()).map(|v| (*n, v)));
        if let Some((name, value)) = found {
            match read_date(value) {
                Ok(t) => *slot = Some(t),
                Err(e) => out.fail(CheckId::Format, format!("\"{name}\": {e}.")),
            }
        }
    }
    out.window = window;
}

fn assess_one(credential: &Value, proof: &Value, issuer: Option<&str>, keys: &dyn KeySource) -> ProofResult {
    let text = |name: &str| proof.get(name).and_then(Value::as_str);
    let proof_type = text("type").unwrap_or_default();
    let suite = text("cryptosuite").unwrap_or_default();
    let unsupported = |what: String| {
        ProofResult::new(
            Check::unknown(CheckId::Proof, what).because(Reason::Unsupported),
            Check::unknown(CheckId::IssuerBinding, "Not established: the proof could not be verified."),
        )
    };
    match (proof_type, suite) {
        ("DataIntegrityProof", "eddsa-jcs-2022") => {}
        ("DataIntegrityProof", s) if RDFC_SUITES.contains(&s) => {
            return unsupported(format!("{s} is unsupported (RDF canonicalization not yet implemented)."));
        }
        ("Ed25519Signature2020", _) => {
            return unsupported(
                "Ed25519Signature2020 is unsupported (RDF canonicalization not yet implemented).".into(),
            );
        }
        ("DataIntegrityProof", "ecdsa-sd-2023") => {
            return unsupported(
                "ecdsa-sd-2023 is unsupported (selective disclosure proofs not yet implemented).".into(),
            );
        }
        ("DataIntegrityProof", s) => return unsupported(format!("The cryptosuite {s:?} is not one Rosette knows.")),
        (t, _) => return unsupported(format!("The proof type {t:?} is not one Rosette knows.")),
    }
    if proof.get("previousProof").is_some() {
        return unsupported("Proof chains (\"previousProof\") are not yet supported.".into());
    }
    let Some(object) = proof.as_object() else {
        return unsupported("A proof entry is not a JSON object.".into());
    };

    // Binding: purpose and controller.
    let method = match proof.get("verificationMethod") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(object) => object.get("id").and_then(Value::as_str),
        None => None,
    };
    let Some(method) = method else {
        return ProofResult::new(
            Check::failed(CheckId::Proof, "The proof names no verification method."),
            Check::failed(CheckId::IssuerBinding, "The proof names no verification method."),
        );
    };
    let purpose = text("proofPurpose").unwrap_or_default();
    let controller = method.split('#').next().unwrap_or(method);
    let binding = if purpose != "assertionMethod" {
        Check::failed(
            CheckId::IssuerBinding,
            format!("The proof's purpose is {purpose:?}, not \"assertionMethod\": it does not assert this credential."),
        )
    } else if Some(controller) != issuer {
        Check::failed(
            CheckId::IssuerBinding,
            format!("Signed with a key of {controller}, but the issuer is {}.", issuer.unwrap_or("not named")),
        )
    } else {
        Check::passed(
            CheckId::IssuerBinding,
            format!("Signed with {method}, an assertion method of the issuer {controller}."),
        )
    };

    let (key, key_source, origin) = match lookup_key(method, keys) {
        KeyLookup::Found { key, source, origin } => (key, source, origin),
        KeyLookup::NotAvailable(why) => {
            return ProofResult::new(
                Check::unknown(CheckId::Proof, why).because(Reason::KeyNotAvailable),
                binding_or_unknown(binding),
            );
        }
        KeyLookup::Unsupported(why) => {
            return ProofResult::new(
                Check::unknown(CheckId::Proof, why).because(Reason::Unsupported),
                binding_or_unknown(binding),
            );
        }
        KeyLookup::NotListed(why) => {
            return ProofResult::new(
                Check::unknown(CheckId::Proof, "The signature was not checked: the key is not the issuer's."),
                Check::failed(CheckId::IssuerBinding, why),
            );
        }
        KeyLookup::Malformed(why) => {
            return ProofResult::new(Check::failed(CheckId::Proof, why), binding_or_unknown(binding));
        }
    };
    let mut result = ProofResult {
        proof: Check::failed(CheckId::Proof, ""),
        binding,
        key_source,
        origin,
        verification_method: Some(key.verification_method.clone()),
    };
    result.proof = match verify_eddsa_jcs(credential, object, &key.key) {
        Ok(()) => Check::passed(CheckId::Proof, format!("The eddsa-jcs-2022 proof verifies with {method}.")),
        Err(why) => Check::failed(CheckId::Proof, format!("The eddsa-jcs-2022 proof does not verify: {why}.")),
    };
    result
}

fn binding_or_unknown(binding: Check) -> Check {
    if binding.outcome == Outcome::Failed {
        binding
    } else {
        Check::unknown(CheckId::IssuerBinding, "Not established: the issuer's key could not be obtained.")
    }
}

/// Verifies one eddsa-jcs-2022 proof of `secured` with `key` (which must be Ed25519).
pub(crate) fn verify_eddsa_jcs(
    secured: &Value,
    proof: &Map<String, Value>,
    key: &super::key::PublicKey,
) -> Result<(), String> {
    if key.algorithm() != Algorithm::EdDsa {
        return Err(format!("eddsa-jcs-2022 needs an Ed25519 key, the verification method holds {}", key.type_name()));
    }
    let value = proof.get("proofValue").and_then(Value::as_str).ok_or("the proof has no proofValue")?;
    let signature = decode_proof_value(value)?;
    let data = jcs_hash_data(secured, proof)?;
    key.verify(Algorithm::EdDsa, &data.signed_bytes(), &signature).map_err(|e| e.to_string())
}
