//! JWS verification: Open Badges 3.0 VC-JWT (EdDSA, ES256, RS256) and Open Badges 2.0
//! signed assertions (RS256).
//!
//! Rules (standards.md §2): the key comes from the issuer identifier (did:key / did:jwk /
//! a cached did:web document for OB 3.0; for OB 2.0 the `verification.creator` key
//! document listed in the issuer profile's `publicKey`), never from the token header
//! (`jwk`, `jku`, `x5u`, `x5c`, a URL `kid` are ignored); the algorithm is pinned by the
//! key type and the header `alg` must agree; `none`, HS*, DER-encoded ECDSA and
//! duplicate JSON members are refused; `crit` is refused (no extension is understood).
//!
//! Hand-rolled over the RustCrypto / dalek primitives rather than `jsonwebtoken`: the
//! whole policy is the few lines below, header and payload go through the same strict
//! JSON reader as every other document, and no code path exists that could take a key
//! from the header.

use super::did::method_of;
use super::key::{Algorithm, KeyError, PublicKey};
use super::report::{Check, CheckId, KeySourceKind, Reason};
use super::source::{missing, DocumentOrigin, KeySource};
use super::validity::{read_date, read_numeric_date, Window};
use super::{lookup_key, KeyLookup, ProofAssessment};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// A compact JWS, split and decoded (strict JSON), not yet verified.
#[derive(Debug, Clone)]
pub(crate) struct Jws {
    pub(crate) header: Value,
    pub(crate) payload: Value,
    /// `base64url(header) . base64url(payload)`, the bytes that were signed.
    pub(crate) signing_input: String,
    pub(crate) signature: Vec<u8>,
}

/// Splits a compact JWS. The signature may be empty here (so `alg: none` is reported as
/// such by [`accepted_algorithm`], not as a shape error).
pub(crate) fn split(text: &str) -> Result<Jws, String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(format!("a compact JWS has 3 parts separated by dots, this has {}", parts.len()));
    };
    let decode = |part: &str, name: &str| {
        URL_SAFE_NO_PAD.decode(part).map_err(|_| format!("the JWS {name} is not base64url without padding"))
    };
    let json = |part: &str, name: &str| {
        let bytes = decode(part, name)?;
        let value = crate::json::parse_strict(&bytes).map_err(|e| format!("JWS {name}: {e}"))?;
        if value.is_object() {
            Ok(value)
        } else {
            Err(format!("the JWS {name} is not a JSON object"))
        }
    };
    Ok(Jws {
        header: json(header, "header")?,
        payload: json(payload, "payload")?,
        signing_input: format!("{header}.{payload}"),
        signature: decode(signature, "signature")?,
    })
}

/// The header's algorithm, if it is one Rosette accepts at all.
pub(crate) fn accepted_algorithm(header: &Value) -> Result<Algorithm, String> {
    let Some(alg) = header.get("alg").and_then(Value::as_str) else {
        return Err("the JWS header has no \"alg\"".into());
    };
    if header.get("crit").is_some() {
        return Err("the JWS header lists critical extensions (\"crit\"), which Rosette does not support".into());
    }
    if header.get("b64").is_some() {
        return Err("unencoded JWS payloads (\"b64\") are not supported".into());
    }
    match alg {
        "EdDSA" | "Ed25519" => Ok(Algorithm::EdDsa),
        "ES256" => Ok(Algorithm::Es256),
        "RS256" => Ok(Algorithm::Rs256),
        "none" | "None" | "NONE" => Err("\"alg\": \"none\" (an unsigned token) is refused".into()),
        hmac if hmac.to_ascii_uppercase().starts_with("HS") => Err(format!(
            "\"alg\": \"{hmac}\" is a shared-secret MAC; an issuer's signature is never one, so it is refused"
        )),
        other => Err(format!("\"alg\": \"{other}\" is not accepted (EdDSA, ES256 and RS256 are)")),
    }
}

/// Verifies the JWS with `key`: the header algorithm must be accepted and be the key's.
pub(crate) fn verify_with_key(jws: &Jws, key: &PublicKey) -> Result<(), String> {
    let declared = accepted_algorithm(&jws.header)?;
    if declared != key.algorithm() {
        return Err(format!(
            "the header says {} but the issuer's key is {}, which signs only with {}",
            declared.jose_name(),
            key.type_name(),
            key.algorithm().jose_name()
        ));
    }
    key.verify(declared, jws.signing_input.as_bytes(), &jws.signature).map_err(|e| e.to_string())
}

fn header_key_note(header: &Value) -> &'static str {
    if ["jwk", "jku", "x5u", "x5c"].iter().any(|m| header.get(m).is_some()) {
        " The key carried in the token header is not trusted."
    } else {
        ""
    }
}

/// The issuer id of a credential: `issuer` as a string or `issuer.id`.
pub(crate) fn issuer_id(credential: &Value) -> Option<&str> {
    match credential.get("issuer") {
        Some(Value::String(s)) => Some(s),
        Some(object) => object.get("id").and_then(Value::as_str),
        None => None,
    }
}

/// Open Badges 3.0 VC-JWT: key from the issuer identifier, `iss`/`jti`/`sub` rules, and
/// the window from `nbf`/`exp` (narrowed by `validFrom`/`validUntil` when both exist).
pub(crate) fn assess_vc_jwt(jws: &Jws, keys: &dyn KeySource) -> ProofAssessment {
    let mut out = ProofAssessment::default();
    let payload = &jws.payload;
    let credential = payload.get("vc").filter(|v| v.is_object()).unwrap_or(payload);
    let iss = payload.get("iss").and_then(Value::as_str);
    let issuer = issuer_id(credential).or(iss);

    // Claims and window.
    claims_and_window(payload, credential, &mut out);

    let Some(issuer) = issuer else {
        out.fail(CheckId::IssuerBinding, "The credential names no issuer (neither \"issuer\" nor \"iss\").");
        out.unknown(CheckId::Proof, "Without an issuer there is no key to check the signature with.", None);
        return out;
    };
    out.issuer_id = Some(issuer.to_owned());
    let binding_problem = match iss {
        None => Some("The token has no \"iss\" claim; it must name the issuer.".to_owned()),
        Some(iss) if iss != issuer => {
            Some(format!("The token's \"iss\" ({iss}) is not the credential's issuer ({issuer})."))
        }
        Some(_) => None,
    };

    // The key: from the issuer identifier only. A `kid` may select among the issuer's own
    // methods; a `kid` of another DID is a binding failure; a URL `kid` is ignored.
    let kid = jws.header.get("kid").and_then(Value::as_str);
    let method = match kid {
        Some(k) if k.starts_with('#') => format!("{issuer}{k}"),
        Some(k) if k.starts_with("did:") => {
            if k.split('#').next() != Some(issuer) {
                out.fail(
                    CheckId::IssuerBinding,
                    format!("The header's \"kid\" ({k}) names a key of another identifier than the issuer ({issuer})."),
                );
                out.unknown(
                    CheckId::Proof,
                    "The signature was not checked with a key the issuer does not control.",
                    None,
                );
                return out;
            }
            k.to_owned()
        }
        _ => issuer.to_owned(),
    };
    if method_of(issuer).is_none() {
        if let Some(jwks) = jwks_address(issuer) {
            assess_with_jwks(jws, issuer, &jwks, binding_problem, keys, &mut out);
            return out;
        }
        out.unknown(
            CheckId::Proof,
            format!(
                "The issuer {issuer} is not a DID, and no key published by it is available offline; the signature \
                 could not be checked.{}",
                header_key_note(&jws.header)
            ),
            Some(Reason::KeyNotAvailable),
        );
        out.binding_unknown_or(binding_problem, "Could not confirm the key belongs to the issuer: no key available.");
        return out;
    }
    match lookup_key(&method, keys) {
        KeyLookup::Found { key, source, origin } => {
            out.key_source = source;
            out.key_origin = origin;
            out.verification_method = Some(key.verification_method.clone());
            match verify_with_key(jws, &key.key) {
                Ok(()) => out.pass(
                    CheckId::Proof,
                    format!(
                        "The {} signature verifies with the issuer's {} key.",
                        key.key.algorithm().jose_name(),
                        key.key.type_name()
                    ),
                ),
                Err(why) => out.fail(
                    CheckId::Proof,
                    format!("The signature does not verify: {why}.{}", header_key_note(&jws.header)),
                ),
            }
            match binding_problem {
                Some(problem) => out.fail(CheckId::IssuerBinding, problem),
                None => out.pass(
                    CheckId::IssuerBinding,
                    format!("Signed with {}, a key of the issuer; \"iss\" names the issuer.", key.verification_method),
                ),
            }
        }
        other => out.key_lookup_failed(other, binding_problem, header_key_note(&jws.header)),
    }
    out
}

/// Where an https issuer publishes its keys: `<issuer>/.well-known/jwks.json`.
pub(crate) fn jwks_address(issuer: &str) -> Option<String> {
    let url = url::Url::parse(issuer).ok()?;
    (url.scheme() == "https" && url.host().is_some() && url.query().is_none() && url.fragment().is_none())
        .then(|| format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/')))
}

/// The key of a JWKS (`{"keys": [...]}`) the token's `kid` names, or its only signing key.
fn key_from_jwks(jwks: &Value, kid: Option<&str>, url: &str) -> Result<PublicKey, KeyLookup> {
    let Some(keys) = jwks.get("keys").and_then(Value::as_array) else {
        return Err(KeyLookup::Malformed(format!("The issuer's key set at {url} has no \"keys\" list.")));
    };
    let signing: Vec<&Value> = keys.iter().filter(|k| k.get("use").and_then(Value::as_str) != Some("enc")).collect();
    let chosen = match kid {
        Some(kid) => {
            signing.iter().find(|k| k.get("kid").and_then(Value::as_str) == Some(kid)).copied().ok_or_else(|| {
                KeyLookup::NotListed(format!("The issuer's key set at {url} has no signing key with \"kid\" {kid}."))
            })?
        }
        None => match signing.as_slice() {
            [only] => *only,
            _ => {
                return Err(KeyLookup::NotListed(format!(
                    "The issuer's key set at {url} holds {} signing keys and the token names none (\"kid\").",
                    signing.len()
                )))
            }
        },
    };
    PublicKey::from_jwk(chosen).map_err(|e| match e {
        KeyError::Unsupported(why) => KeyLookup::Unsupported(format!("The issuer's key cannot be used: {why}.")),
        other => KeyLookup::Malformed(format!("The issuer's key at {url} cannot be read: {other}.")),
    })
}

/// An https issuer's VC-JWT: the key from the issuer's own key set.
fn assess_with_jwks(
    jws: &Jws,
    issuer: &str,
    url: &str,
    binding_problem: Option<String>,
    keys: &dyn KeySource,
    out: &mut ProofAssessment,
) {
    let note = header_key_note(&jws.header);
    let Some(doc) = keys.document(url) else {
        let why = format!(
            "The keys the issuer {issuer} publishes ({url}) {}; the signature could not be checked.",
            missing(keys, url)
        );
        out.key_lookup_failed(KeyLookup::NotAvailable(why), binding_problem, note);
        return;
    };
    let kid = jws.header.get("kid").and_then(Value::as_str);
    let key = match key_from_jwks(&doc.value, kid, url) {
        Ok(key) => key,
        Err(lookup) => {
            out.key_lookup_failed(lookup, binding_problem, note);
            return;
        }
    };
    out.key_source = doc.origin.key_source();
    out.key_origin = Some(doc.origin);
    out.verification_method = Some(kid.map_or_else(|| url.to_owned(), |kid| format!("{url}#{kid}")));
    match verify_with_key(jws, &key) {
        Ok(()) => out.pass(
            CheckId::Proof,
            format!(
                "The {} signature verifies with the {} key the issuer publishes at {url} ({}).",
                key.algorithm().jose_name(),
                key.type_name(),
                doc.origin.describe()
            ),
        ),
        Err(why) => out.fail(CheckId::Proof, format!("The signature does not verify: {why}.{note}")),
    }
    match binding_problem {
        Some(problem) => out.fail(CheckId::IssuerBinding, problem),
        None => out.pass(
            CheckId::IssuerBinding,
            format!("Signed with a key from the issuer's own key set ({url}); \"iss\" names the issuer."),
        ),
    }
}

fn claims_and_window(payload: &Value, credential: &Value, out: &mut ProofAssessment) {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
    if let (Some(jti), Some(id)) = (text(payload, "jti"), text(credential, "id")) {
        if jti != id {
            problems.push(format!("\"jti\" ({jti}) is not the credential id ({id})"));
        }
    }
    if let Some(sub) = text(payload, "sub") {
        let subjects: Vec<String> = match credential.get("credentialSubject") {
            Some(Value::Array(items)) => items.iter().filter_map(|s| text(s, "id")).collect(),
            Some(subject) => text(subject, "id").into_iter().collect(),
            None => Vec::new(),
        };
        if !subjects.is_empty() && !subjects.contains(&sub) {
            problems.push(format!("\"sub\" ({sub}) is not the credential subject's id"));
        }
    }
    let mut claim_window = Window::default();
    for (name, slot) in [("nbf", &mut claim_window.from), ("exp", &mut claim_window.until)] {
        if let Some(value) = payload.get(name).filter(|v| !v.is_null()) {
            match read_numeric_date(value) {
                Ok(t) => *slot = Some(t),
                Err(e) => problems.push(format!("\"{name}\": {e}")),
            }
        }
    }
    let mut doc_window = Window::default();
    for (names, slot) in [
        (["validFrom", "issuanceDate"], &mut doc_window.from),
        (["validUntil", "expirationDate"], &mut doc_window.until),
    ] {
        if let Some((name, value)) =
            names.iter().find_map(|n| credential.get(*n).filter(|v| !v.is_null()).map(|v| (n, v)))
        {
            match read_date(value) {
                Ok(t) => *slot = Some(t),
                Err(e) => problems.push(format!("\"{name}\": {e}")),
            }
        }
    }
    for (claim, field, a, b) in [
        ("nbf", "validFrom", claim_window.from, doc_window.from),
        ("exp", "validUntil", claim_window.until, doc_window.until),
    ] {
        if let (Some(a), Some(b)) = (a, b) {
            if a != b {
                notes.push(format!("\"{claim}\" and \"{field}\" differ; the narrower window is used"));
            }
        }
    }
    out.window = claim_window.intersect(doc_window);
    if !problems.is_empty() {
        out.fail(CheckId::Claims, format!("The token's claims contradict the credential: {}.", problems.join("; ")));
    } else if !notes.is_empty() {
        out.checks.push(Check::warning(CheckId::Claims, format!("{}.", notes.join("; "))));
    } else {
        out.pass(CheckId::Claims, "The token's registered claims agree with the credential.");
    }
}

/// Open Badges 2.0 signed assertion: the key document named by `verification.creator`,
/// whose `owner` (when given) is the issuer and which the issuer profile lists under
/// `publicKey`. Both documents come from `keys`, never from the signed payload (an
/// embedded profile is signed by the very key it would vouch for).
pub(crate) fn assess_ob2_signed(jws: &Jws, keys: &dyn KeySource) -> ProofAssessment {
    let mut out = ProofAssessment::default();
    let assertion = &jws.payload;
    if let Some(expires) = assertion.get("expires").filter(|v| !v.is_null()) {
        match read_date(expires) {
            Ok(t) => out.window.until = Some(t),
            Err(e) => out.fail(CheckId::Format, format!("\"expires\": {e}.")),
        }
    }
    let verification = assertion.get("verification");
    let kind = verification.and_then(|v| v.get("type")).and_then(Value::as_str).unwrap_or_default();
    if !matches!(kind, "SignedBadge" | "signed") {
        out.fail(
            CheckId::IssuerBinding,
            format!("The assertion came signed but its verification type is {kind:?}, not \"SignedBadge\"."),
        );
    }
    let Some(creator) = verification.and_then(|v| v.get("creator")).and_then(Value::as_str) else {
        out.fail(CheckId::IssuerBinding, "The assertion does not name its key (\"verification.creator\").");
        out.unknown(
            CheckId::Proof,
            "Without \"verification.creator\" there is no key to check the signature with.",
            None,
        );
        return out;
    };
    let issuer = ob2_issuer_id(assertion, keys);
    out.issuer_id.clone_from(&issuer);
    out.verification_method = Some(creator.to_owned());
    let Some(key_doc) = keys.document(creator) else {
        out.unknown(
            CheckId::Proof,
            format!("The issuer's key {creator} {}; the signature could not be checked.", missing(keys, creator)),
            Some(Reason::KeyNotAvailable),
        );
        out.binding_unknown_or(None, "Could not confirm the key belongs to the issuer: the key is not available.");
        return out;
    };
    out.key_source = key_doc.origin.key_source();
    out.key_origin = Some(key_doc.origin);
    let key = match key_doc.value.get("publicKeyPem").and_then(Value::as_str).map(PublicKey::from_pem) {
        Some(Ok(key)) => key,
        Some(Err(e)) => {
            out.unknown(CheckId::Proof, format!("The key {creator} cannot be used: {e}."), Some(Reason::Unsupported));
            out.binding_unknown_or(None, "The key could not be read.");
            return out;
        }
        None => {
            out.fail(CheckId::Proof, format!("The key document {creator} has no \"publicKeyPem\"."));
            return out;
        }
    };
    match verify_with_key(jws, &key) {
        Ok(()) => out.pass(
            CheckId::Proof,
            format!(
                "The {} signature verifies with the key {creator} ({}).",
                key.algorithm().jose_name(),
                key_doc.origin.describe()
            ),
        ),
        Err(why) => out.fail(CheckId::Proof, format!("The signature does not verify: {why}.")),
    }
    let (binding, profile_origin) = ob2_binding(creator, &key_doc.value, issuer.as_deref(), keys);
    if out.checks.iter().all(|c| c.id != CheckId::IssuerBinding) {
        out.checks.push(binding);
    }
    // The identity is only as strong as the weaker of the two documents.
    if let Some(profile_origin) = profile_origin.filter(|o| !o.from_its_url()) {
        out.key_origin = Some(profile_origin);
    }
    out
}

/// The issuer id of an OB 2.0 assertion: from its badge class, embedded or by id.
pub(crate) fn ob2_issuer_id(assertion: &Value, keys: &dyn KeySource) -> Option<String> {
    let badge = match assertion.get("badge")? {
        Value::String(url) => keys.document(url)?.value,
        object => object.clone(),
    };
    match badge.get("issuer")? {
        Value::String(id) => Some(id.clone()),
        object => object.get("id").and_then(Value::as_str).map(str::to_owned),
    }
}

fn ob2_binding(
    creator: &str,
    key_doc: &Value,
    issuer: Option<&str>,
    keys: &dyn KeySource,
) -> (Check, Option<DocumentOrigin>) {
    let id = CheckId::IssuerBinding;
    let Some(issuer) = issuer else {
        return (Check::unknown(id, "The badge class (and so the issuer) is not available offline."), None);
    };
    if key_doc.get("id").and_then(Value::as_str) != Some(creator) {
        return (Check::failed(id, format!("The key document found for {creator} has another id.")), None);
    }
    if let Some(owner) = key_doc.get("owner").and_then(Value::as_str) {
        if owner != issuer {
            let detail = format!("The key {creator} is owned by {owner}, not by the issuer {issuer}.");
            return (Check::failed(id, detail), None);
        }
    }
    let Some(profile) = keys.document(issuer) else {
        let detail = format!(
            "The issuer profile {issuer} {}, so it cannot confirm it lists the key {creator}.",
            missing(keys, issuer)
        );
        return (Check::unknown(id, detail).because(Reason::KeyNotAvailable), None);
    };
    let listed = match profile.value.get("publicKey") {
        Some(Value::Array(items)) => items.iter().any(|k| key_ref(k) == Some(creator)),
        Some(one) => key_ref(one) == Some(creator),
        None => false,
    };
    let check = if listed {
        Check::passed(
            id,
            format!("The issuer profile {issuer} ({}) lists the signing key {creator}.", profile.origin.describe()),
        )
    } else {
        Check::failed(id, format!("The issuer profile {issuer} does not list the signing key {creator}."))
    };
    (check, Some(profile.origin))
}

fn key_ref(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        object => object.get("id").and_then(Value::as_str),
    }
}

impl ProofAssessment {
    fn key_lookup_failed(&mut self, lookup: KeyLookup, binding_problem: Option<String>, note: &str) {
        match lookup {
            KeyLookup::Found { .. } => {}
            KeyLookup::NotAvailable(why) => {
                self.unknown(CheckId::Proof, format!("{why}{note}"), Some(Reason::KeyNotAvailable));
                self.binding_unknown_or(binding_problem, "Could not confirm the key belongs to the issuer.");
            }
            KeyLookup::Unsupported(why) => {
                self.unknown(CheckId::Proof, why, Some(Reason::Unsupported));
                self.binding_unknown_or(binding_problem, "Could not confirm the key belongs to the issuer.");
            }
            KeyLookup::NotListed(why) => {
                self.unknown(CheckId::Proof, "The signature was not checked: the key is not the issuer's.", None);
                self.fail(CheckId::IssuerBinding, why);
            }
            KeyLookup::Malformed(why) => {
                self.fail(CheckId::Proof, why);
                self.binding_unknown_or(binding_problem, "The issuer's key could not be read.");
            }
        }
        if matches!(self.key_source, KeySourceKind::NotAvailable) {
            self.verification_method = None;
        }
    }
}
