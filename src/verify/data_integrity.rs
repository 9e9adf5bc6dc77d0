//! Open Badges 3.0 Data Integrity proofs.
//!
//! Verified here (W3C vc-di-eddsa, vc-di-ecdsa, and the Ed25519Signature2020 report):
//! - `DataIntegrityProof` / `eddsa-jcs-2022`: the proof options (the proof without
//!   `proofValue`, with the document's `@context`) and the document (without `proof`) are
//!   each canonicalized with JCS (RFC 8785) and hashed with SHA-256; Ed25519 signs
//!   SHA-256(options) ‖ SHA-256(document).
//! - `DataIntegrityProof` / `eddsa-rdfc-2022` (and its earlier name `eddsa-2022`),
//!   `Ed25519Signature2020`, and `DataIntegrityProof` / `ecdsa-rdfc-2019` with P-256: the
//!   same, with RDF Dataset Canonicalization (`jsonld`, safe-mode JSON-LD over the bundled
//!   contexts) instead of JCS; ECDSA signs the 64 bytes with SHA-256 as its hash.
//!
//! `proofValue` is multibase base58btc of the 64-byte signature (r‖s for ECDSA). The
//! verification method's controller must be the issuer and the purpose `assertionMethod`.
//! Every proof on a credential must verify. Not verified (verdict `unknown`, never `valid`):
//! `ecdsa-sd-2023`, other curves, proof chains.

use super::jsonld::JsonLdError;
use super::key::{decode_multibase_base58btc, Algorithm};
use super::report::{Check, CheckId, KeySourceKind, Outcome, Reason};
use super::source::KeySource;
use super::validity::{read_date, Window};
use super::{lookup_key, KeyLookup, ProofAssessment};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Every stage of a suite's hashing (JCS or RDFC), for tests against published vectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HashData {
    pub(crate) canonical_proof_config: String,
    pub(crate) canonical_document: String,
    pub(crate) proof_config_hash: [u8; 32],
    pub(crate) document_hash: [u8; 32],
}

impl HashData {
    fn new(canonical_document: String, canonical_proof_config: String) -> Self {
        Self {
            proof_config_hash: Sha256::digest(canonical_proof_config.as_bytes()).into(),
            document_hash: Sha256::digest(canonical_document.as_bytes()).into(),
            canonical_proof_config,
            canonical_document,
        }
    }

    /// SHA-256(proof config) ‖ SHA-256(document): the bytes the suites sign.
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

type JsonObject = Map<String, Value>;

/// The two documents a Data Integrity suite canonicalizes: the secured document without
/// `proof`, and the proof options (the given proof without `proofValue`) carrying the
/// document's `@context`. A proof that has its own `@context` must name the start of the
/// document's; for eddsa-jcs-2022 (`proof_context_governs`) it then replaces the
/// document's, as that suite specifies.
fn unsecured_and_options(
    secured: &Value,
    proof: &Map<String, Value>,
    proof_context_governs: bool,
) -> Result<(JsonObject, JsonObject), String> {
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
        let have = unsecured.get("@context").map(as_list).unwrap_or_default();
        if !have.starts_with(&as_list(proof_context)) {
            return Err("the proof's @context is not the start of the credential's @context".into());
        }
        if proof_context_governs {
            unsecured.insert("@context".into(), proof_context.clone());
        }
    }
    if let Some(context) = unsecured.get("@context") {
        options.insert("@context".into(), context.clone());
    }
    Ok((unsecured, options))
}

/// eddsa-jcs-2022 transformation and hashing of a secured document (JCS, RFC 8785).
pub(crate) fn jcs_hash_data(secured: &Value, proof: &Map<String, Value>) -> Result<HashData, String> {
    let (unsecured, options) = unsecured_and_options(secured, proof, true)?;
    Ok(HashData::new(jcs(&Value::Object(unsecured))?, jcs(&Value::Object(options))?))
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

/// The proof suites verified here, with the canonicalization and algorithm each uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suite {
    EddsaJcs2022,
    EddsaRdfc2022,
    /// The pre-Recommendation name of eddsa-rdfc-2022, still found on issued badges.
    Eddsa2022,
    Ed25519Signature2020,
    EcdsaRdfc2019,
}

impl Suite {
    fn name(self) -> &'static str {
        match self {
            Self::EddsaJcs2022 => "eddsa-jcs-2022",
            Self::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Self::Eddsa2022 => "eddsa-2022",
            Self::Ed25519Signature2020 => "Ed25519Signature2020",
            Self::EcdsaRdfc2019 => "ecdsa-rdfc-2019",
        }
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Self::EcdsaRdfc2019 => Algorithm::Es256,
            _ => Algorithm::EdDsa,
        }
    }
}

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
    let suite = match (proof_type, suite) {
        ("DataIntegrityProof", "eddsa-jcs-2022") => Suite::EddsaJcs2022,
        ("DataIntegrityProof", "eddsa-rdfc-2022") => Suite::EddsaRdfc2022,
        ("DataIntegrityProof", "eddsa-2022") => Suite::Eddsa2022,
        ("DataIntegrityProof", "ecdsa-rdfc-2019") => Suite::EcdsaRdfc2019,
        ("Ed25519Signature2020", _) => Suite::Ed25519Signature2020,
        ("DataIntegrityProof", "ecdsa-sd-2023") => {
            return unsupported(
                "ecdsa-sd-2023 is unsupported (selective disclosure proofs not yet implemented).".into(),
            );
        }
        ("DataIntegrityProof", s) => return unsupported(format!("The cryptosuite {s:?} is not one Rosette knows.")),
        (t, _) => return unsupported(format!("The proof type {t:?} is not one Rosette knows.")),
    };
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
    let name = suite.name();
    result.proof = match verify_proof(suite, credential, object, &key.key) {
        Ok(()) => Check::passed(CheckId::Proof, format!("The {name} proof verifies with {method}.")),
        Err(ProofFailure::Invalid(why)) => {
            Check::failed(CheckId::Proof, format!("The {name} proof does not verify: {why}."))
        }
        Err(ProofFailure::Unsupported(why)) => {
            Check::unknown(CheckId::Proof, format!("The {name} proof could not be checked: {why}."))
                .because(Reason::Unsupported)
        }
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

/// Why a proof did not verify.
enum ProofFailure {
    /// The proof is wrong: tampered, wrong key, malformed.
    Invalid(String),
    /// The proof may be right but Rosette cannot check it (a context it does not bundle).
    Unsupported(String),
}

fn verify_proof(
    suite: Suite,
    secured: &Value,
    proof: &Map<String, Value>,
    key: &super::key::PublicKey,
) -> Result<(), ProofFailure> {
    if suite == Suite::EddsaJcs2022 {
        return verify_eddsa_jcs(secured, proof, key).map_err(ProofFailure::Invalid);
    }
    let wanted = suite.algorithm();
    if key.algorithm() != wanted {
        return Err(ProofFailure::Invalid(format!(
            "{} needs {} key, the verification method holds {}",
            suite.name(),
            if wanted == Algorithm::EdDsa { "an Ed25519" } else { "a P-256" },
            key.type_name()
        )));
    }
    let value = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or(ProofFailure::Invalid("the proof has no proofValue".into()))?;
    let signature = decode_proof_value(value).map_err(ProofFailure::Invalid)?;
    let data = rdfc_hash_data(secured, proof)?;
    key.verify(wanted, &data.signed_bytes(), &signature).map_err(|e| ProofFailure::Invalid(e.to_string()))
}

/// [`rdfc_hash_data`] with its failure as text (tests and signers in tests).
#[cfg(test)]
pub(crate) fn rdfc_hash_data_text(secured: &Value, proof: &Map<String, Value>) -> Result<HashData, String> {
    rdfc_hash_data(secured, proof).map_err(|e| match e {
        ProofFailure::Invalid(why) | ProofFailure::Unsupported(why) => why,
    })
}

/// The RDFC transformation and hashing of a secured document for one of its proofs
/// (RDF Dataset Canonicalization over safe-mode JSON-LD, `jsonld`).
fn rdfc_hash_data(secured: &Value, proof: &Map<String, Value>) -> Result<HashData, ProofFailure> {
    let (unsecured, options) = unsecured_and_options(secured, proof, false).map_err(ProofFailure::Invalid)?;
    let canonical = |value: Value, what: &str| {
        super::jsonld::canonical_nquads(&value).map_err(|e| {
            let text = format!("the {what} has no canonical form: {e}");
            match e {
                JsonLdError::UnsupportedContext(_) => ProofFailure::Unsupported(text),
                _ => ProofFailure::Invalid(text),
            }
        })
    };
    Ok(HashData::new(canonical(Value::Object(unsecured), "credential")?, canonical(Value::Object(options), "proof")?))
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
