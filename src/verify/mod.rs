//! Offline verification of every badge format, into one [`VerificationReport`].
//!
//! [`verify`] detects the format (through `crate::formats`) and runs the checks that apply:
//! - Open Badges 3.0 VC-JWT (`jose`): EdDSA, ES256, RS256, key from the issuer identifier.
//! - Open Badges 3.0 Data Integrity (`data_integrity`): eddsa-jcs-2022; the RDF suites are
//!   recognised and reported `unknown` until RDF canonicalization lands.
//! - Open Badges 2.0 signed (`jose`, RS256) and hosted (`hosted`, the issuer's copy).
//! - Validity window (`validity`), recipient (`recipient`), status (`status`: status lists
//!   and revocation lists from the source, never failing open).
//!
//! Nothing here touches the network: documents that cannot be derived from the credential
//! come from a [`KeySource`].

mod contexts;
mod data_integrity;
mod did;
mod hosted;
mod jose;
mod jsonld;
mod key;
mod online;
mod portfolio;
mod printable;
/// The `json-ld` + `rdf-canon` crates: a second, independent canonicalization the tests
/// compare `jsonld` with.
#[cfg(test)]
mod rdfc;
mod recipient;
mod report;
mod source;
mod status;
mod validity;

#[cfg(test)]
mod tests;

pub(crate) use did::{DidError, DidMethod, ResolvedKey};
#[doc(hidden)]
pub use jsonld::bench as jsonld_bench;
pub(crate) use key::KeyError;
pub use online::OnlineSession;
pub use portfolio::{BadgeInput, CacheImportItem, CacheImportOutcome, CachedDocument, CheckAllReport, VerifiedInput};
pub use printable::report_html;
pub(crate) use recipient::check_recipient;
pub use report::{
    Check, CheckId, IssuerIdentity, KeySourceKind, Outcome, Reason, Verdict, VerificationReport, VerifiedFormat,
};
pub use source::{Absence, DocumentOrigin, KeySource, MemoryKeySource, NoDocuments, SourcedDocument};
pub(crate) use validity::{check_window, Window};

use crate::formats::{Detected, ParseError, RelatedDocuments};
use crate::model::CredentialFormat;
use serde_json::Value;
use source::rfc3339;
use std::borrow::Cow;
use time::OffsetDateTime;

/// What to verify against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The time the checks are made for (validity window, "as of").
    pub at: OffsetDateTime,
    /// The identifiers (emails, URLs, DIDs) the recipient is checked against.
    pub recipients: Vec<String>,
}

impl VerifyOptions {
    pub fn at(at: OffsetDateTime) -> Self {
        Self { at, recipients: Vec::new() }
    }
}

/// The proof-related findings of one format's verifier.
#[derive(Debug, Clone)]
pub(crate) struct ProofAssessment {
    pub(crate) checks: Vec<Check>,
    pub(crate) key_source: KeySourceKind,
    /// Where the key (or hosted copy) came from, when it was a document.
    pub(crate) key_origin: Option<DocumentOrigin>,
    pub(crate) verification_method: Option<String>,
    pub(crate) issuer_id: Option<String>,
    pub(crate) window: Window,
}

impl Default for ProofAssessment {
    fn default() -> Self {
        Self {
            checks: Vec::new(),
            key_source: KeySourceKind::NotAvailable,
            key_origin: None,
            verification_method: None,
            issuer_id: None,
            window: Window::default(),
        }
    }
}

impl ProofAssessment {
    pub(crate) fn pass(&mut self, id: CheckId, detail: impl Into<String>) {
        self.checks.push(Check::passed(id, detail));
    }
    pub(crate) fn fail(&mut self, id: CheckId, detail: impl Into<String>) {
        self.checks.push(Check::failed(id, detail));
    }
    pub(crate) fn unknown(&mut self, id: CheckId, detail: impl Into<String>, reason: Option<Reason>) {
        let mut check = Check::unknown(id, detail);
        check.reason = reason;
        self.checks.push(check);
    }
    /// The binding check when the key could not be used: failed if a binding problem is
    /// already known, else unknown.
    pub(crate) fn binding_unknown_or(&mut self, problem: Option<String>, detail: &str) {
        match problem {
            Some(problem) => self.fail(CheckId::IssuerBinding, problem),
            None => self.unknown(CheckId::IssuerBinding, detail, None),
        }
    }
}

/// The outcome of looking up a verification method's key.
pub(crate) enum KeyLookup {
    Found {
        key: Box<ResolvedKey>,
        source: KeySourceKind,
        origin: Option<DocumentOrigin>,
    },
    NotAvailable(String),
    Unsupported(String),
    /// The method is not the DID's (for assertions): a binding failure.
    NotListed(String),
    Malformed(String),
}

/// Finds the key of a verification method (or bare DID): did:key and did:jwk offline,
/// did:web from a DID document the source holds. Nothing else has a key offline.
pub(crate) fn lookup_key(method: &str, keys: &dyn KeySource) -> KeyLookup {
    let did = method.split('#').next().unwrap_or(method);
    let from_did_error = |e: DidError| match e {
        DidError::NotListed(why) => KeyLookup::NotListed(why),
        DidError::Key(KeyError::Unsupported(why)) => KeyLookup::Unsupported(why),
        other => KeyLookup::Malformed(format!("The issuer's key cannot be read: {other}.")),
    };
    match did::method_of(method) {
        Some(m @ (DidMethod::Key | DidMethod::Jwk)) => match did::resolve_verification_method(method) {
            Ok(key) => {
                let source = if m == DidMethod::Key { KeySourceKind::DidKey } else { KeySourceKind::DidJwk };
                KeyLookup::Found { key: Box::new(key), source, origin: None }
            }
            Err(e) => from_did_error(e),
        },
        Some(DidMethod::Web) => match keys.document(did) {
            None => KeyLookup::NotAvailable(format!(
                "The DID document of {did} {}; the signature could not be checked.",
                source::missing(keys, did)
            )),
            Some(doc) => match did::key_from_document(did, &doc.value, method) {
                Ok(key) => {
                    KeyLookup::Found { key: Box::new(key), source: doc.origin.key_source(), origin: Some(doc.origin) }
                }
                Err(e) => from_did_error(e),
            },
        },
        None if did.starts_with("did:") => KeyLookup::Unsupported(format!(
            "The DID method of {did} is not supported (did:key, did:jwk and did:web are)."
        )),
        // An https controller document (an OB 3.0 issuer profile listing its keys): read like
        // a did:web document, from the source only.
        None if did.starts_with("https://") => match keys.document(did) {
            None => KeyLookup::NotAvailable(format!(
                "The key {method} {}; the signature could not be checked.",
                source::missing(keys, did)
            )),
            Some(doc) => match did::key_from_document(did, &doc.value, method) {
                Ok(key) => {
                    KeyLookup::Found { key: Box::new(key), source: doc.origin.key_source(), origin: Some(doc.origin) }
                }
                Err(e) => from_did_error(e),
            },
        },
        None => KeyLookup::NotAvailable(format!(
            "The key {method} is not available offline; the signature could not be checked."
        )),
    }
}

/// The stages of a VC-JWT verification, for `benches/verify.rs` only: not a supported API.
#[doc(hidden)]
pub mod stages {
    use serde_json::Value;

    /// The strict JSON reader every document goes through.
    pub fn strict_json(bytes: &[u8]) -> Result<Value, String> {
        crate::json::parse_strict(bytes)
    }

    /// Splits and decodes a compact JWS (header and payload read as strict JSON).
    pub fn split_jws(text: &str) -> Result<(), String> {
        super::jose::split(text).map(drop)
    }

    /// Resolves a did:key verification method to its key, as verification does.
    pub fn key_of_did_key(method: &str) -> bool {
        super::did::resolve_verification_method(method).is_ok()
    }

    /// Reads the recipient statements of an Open Badges 3.0 credential.
    pub fn recipient_claims(credential: &Value) -> usize {
        let (claims, subject_ids) = super::recipient::ob3_claims(credential);
        claims.len() + subject_ids.len()
    }
}

enum Input {
    Json(Value),
    Jws(jose::Jws),
}

/// The credential text inside `bytes`: the bytes, or what a baked PNG/SVG carries, and
/// whether it came from an image.
fn credential_text(bytes: &[u8]) -> Result<(Cow<'_, str>, bool), String> {
    if bytes.len() > crate::formats::MAX_FILE_BYTES {
        return Err(ParseError::TooLarge { size: bytes.len(), limit: crate::formats::MAX_FILE_BYTES }.to_string());
    }
    let baked = crate::formats::image_kind(bytes).is_some();
    let text = if baked {
        match crate::bake::unbake(bytes) {
            Ok(Some(unbaked)) => Cow::Owned(unbaked.text),
            Ok(None) => return Err("the image holds no baked badge".into()),
            Err(e) => return Err(e.to_string()),
        }
    } else {
        Cow::Borrowed(std::str::from_utf8(bytes).map_err(|_| ParseError::Binary.to_string())?)
    };
    if text.len() > crate::formats::MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge { size: text.len(), limit: crate::formats::MAX_DOCUMENT_BYTES }.to_string());
    }
    let text = match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim_start_matches('\u{feff}').trim()),
        Cow::Owned(text) => Cow::Owned(text.trim_start_matches('\u{feff}').trim().to_owned()),
    };
    Ok((text, baked))
}

/// The document the checks read: the assertion / credential (for a VC-JWT, `vc` or the
/// claims set).
fn document_of(input: &Input) -> &Value {
    match input {
        Input::Json(value) => value,
        Input::Jws(jws) => jws.payload.get("vc").filter(|v| v.is_object()).unwrap_or(&jws.payload),
    }
}

fn read_input(text: &str) -> Result<Input, String> {
    if text.starts_with('{') {
        return crate::json::parse_strict(text.as_bytes()).map(Input::Json);
    }
    jose::split(text).map(Input::Jws)
}

/// Open Badges 3.0 types, as `crate::formats` recognises them.
const OB3_TYPES: [&str; 2] = ["OpenBadgeCredential", "AchievementCredential"];

fn has_ob3_type(value: &Value) -> bool {
    match value.get("type") {
        Some(Value::String(s)) => OB3_TYPES.contains(&s.as_str()),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(|t| OB3_TYPES.contains(&t)),
        _ => false,
    }
}

fn verified_format(format: CredentialFormat) -> VerifiedFormat {
    match format {
        CredentialFormat::Ob2Json => VerifiedFormat::Ob2Hosted,
        CredentialFormat::Ob2Jws => VerifiedFormat::Ob2Signed,
        CredentialFormat::Ob3Json => VerifiedFormat::Ob3DataIntegrity,
        CredentialFormat::Ob3Jwt => VerifiedFormat::Ob3Jwt,
    }
}

/// OB 2.0 documents an assertion links to by id (badge class, issuer), from `keys`, so
/// the formats reader can complete it.
fn related_documents(assertion: &Value, keys: &dyn KeySource) -> RelatedDocuments {
    let mut related = RelatedDocuments::default();
    let mut add = |id: &str| -> Option<Value> {
        let doc = keys.document(id)?;
        let bytes = serde_json::to_vec(&doc.value).ok()?;
        related.add(&bytes).ok()?;
        Some(doc.value)
    };
    let badge = match assertion.get("badge") {
        Some(Value::String(id)) => add(id),
        other => other.cloned(),
    };
    if let Some(Value::String(issuer)) = badge.as_ref().and_then(|b| b.get("issuer")) {
        add(issuer);
    }
    related
}

/// Verifies a badge offline. Never fails: every problem is a check in the report.
pub fn verify(bytes: &[u8], options: &VerifyOptions, keys: &dyn KeySource) -> VerificationReport {
    // Whole seconds: the time is shown to people, and no badge date is finer.
    let at = options.at.to_offset(time::UtcOffset::UTC);
    let at = at.replace_nanosecond(0).unwrap_or(at);
    let mut report = VerificationReport {
        format: None,
        credential_id: None,
        issuer_name: None,
        issuer_identity: IssuerIdentity::Unknown { id: None },
        key_source: KeySourceKind::NotAvailable,
        verification_method: None,
        matched_recipient: None,
        checks: Vec::new(),
        checked_at: rfc3339(at),
        verdict: Verdict::Unknown,
    };
    let finish = |mut report: VerificationReport| {
        report.verdict = Verdict::from_checks(&report.checks);
        report
    };
    let not_a_badge = |mut report: VerificationReport, why: String| {
        report.checks.push(Check::failed(CheckId::Format, format!("Not a badge Rosette can verify: {why}.")));
        finish(report)
    };

    let text = credential_text(bytes);
    let input = text.as_ref().map_err(Clone::clone).and_then(|(text, _)| read_input(text));
    // The formats reader validates the whole document. Run first, it also names the
    // format (as `detect` would), so `detect` reads the bytes again only when it fails.
    // A token given as text is not decoded twice: the formats reader takes the parts
    // already decoded, which it would have decoded the same way.
    let parsed = input.as_ref().ok().map(|input| {
        let related = related_documents(document_of(input), keys);
        match (input, &text) {
            (Input::Jws(jws), Ok((text, false))) if text.starts_with("eyJ") => crate::formats::parse_decoded_jws(
                bytes,
                &jws.header,
                &jws.payload,
                text.rsplit('.').next().unwrap_or_default(),
                &related,
            ),
            _ => crate::formats::parse(bytes, &related),
        }
    });
    let detected = match &parsed {
        Some(Ok(parsed)) => Ok(Detected::Credential(parsed.credential.format)),
        _ => crate::formats::detect(bytes),
    };
    let (format, format_problem) = match (detected, &input) {
        (Ok(Detected::Credential(format)), _) => (format, None),
        (Ok(Detected::Related { kind, id }), _) => {
            return not_a_badge(report, format!("{id} is an Open Badges 2.0 {kind:?} document, not an assertion"));
        }
        // The formats reader refuses the token (an empty signature, say); the proof check
        // still runs so the report names the real problem (alg none, …).
        (Err(e), Ok(Input::Jws(jws))) => {
            let payload = &jws.payload;
            let ob3 = payload.get("vc").is_some_and(has_ob3_type) || has_ob3_type(payload);
            (if ob3 { CredentialFormat::Ob3Jwt } else { CredentialFormat::Ob2Jws }, Some(e))
        }
        (Err(e @ ParseError::HostedLinkOnly(..)), _) => {
            report.format = Some(VerifiedFormat::Ob2Hosted);
            report.checks.push(Check::unknown(CheckId::Format, format!("Cannot be verified from the file: {e}.")));
            return finish(report);
        }
        (Err(e), _) => return not_a_badge(report, e.to_string()),
    };
    let input = match input {
        Ok(input) => input,
        Err(why) => return not_a_badge(report, why),
    };
    report.format = Some(verified_format(format));

    // The document the checks read: the assertion / credential (for a VC-JWT, `vc` or the
    // claims set).
    let document = document_of(&input);

    let format_check = match (format_problem, parsed) {
        (Some(e), _) => Check::failed(CheckId::Format, format!("Malformed: {e}.")),
        (None, None) => Check::failed(CheckId::Format, "Malformed: the document could not be read."),
        (None, Some(parsed)) => match parsed {
            Ok(parsed) => {
                report.issuer_name = Some(parsed.credential.issuer.name.clone());
                Check::passed(
                    CheckId::Format,
                    format!(
                        "Read as an Open Badges {} {}.",
                        format.spec_version(),
                        match format {
                            CredentialFormat::Ob2Json => "hosted assertion",
                            CredentialFormat::Ob2Jws => "signed assertion (JWS)",
                            CredentialFormat::Ob3Json => "credential with an embedded proof",
                            CredentialFormat::Ob3Jwt => "credential as a VC-JWT",
                        }
                    ),
                )
            }
            Err(e @ ParseError::MissingRelated { .. }) => {
                Check::unknown(CheckId::Format, format!("Incomplete offline: {e}."))
            }
            Err(e) => Check::failed(CheckId::Format, format!("Malformed: {e}.")),
        },
    };
    let format_check = match (format, first_context_problem(document)) {
        (CredentialFormat::Ob3Json | CredentialFormat::Ob3Jwt, Some(problem))
            if format_check.outcome != Outcome::Failed =>
        {
            Check::failed(CheckId::Format, format!("Malformed: {problem}."))
        }
        _ => format_check,
    };
    report.checks.push(format_check);

    let (assessment, status) = match (&input, format) {
        (Input::Json(value), CredentialFormat::Ob2Json) => {
            let (assessment, status) = hosted::assess(value, keys);
            (assessment, Some(status))
        }
        (Input::Json(value), CredentialFormat::Ob3Json) => (data_integrity::assess(value, keys), None),
        (Input::Jws(jws), CredentialFormat::Ob2Jws) => (jose::assess_ob2_signed(jws, keys), None),
        (Input::Jws(jws), CredentialFormat::Ob3Jwt) => (jose::assess_vc_jwt(jws, keys), None),
        _ => return not_a_badge(report, "the document and its container disagree".into()),
    };
    report.key_source = assessment.key_source.clone();
    report.verification_method.clone_from(&assessment.verification_method);
    report.credential_id = document
        .get("id")
        .and_then(Value::as_str)
        .or_else(|| match &input {
            Input::Jws(jws) => jws.payload.get("jti").and_then(Value::as_str),
            Input::Json(_) => None,
        })
        .map(str::to_owned);
    let proof_passed = assessment.checks.iter().any(|c| c.id == CheckId::Proof && c.outcome == Outcome::Passed);
    let (identity, identity_check) =
        issuer_identity(assessment.issuer_id.as_deref(), proof_passed, assessment.key_origin);
    report.issuer_identity = identity;
    report.checks.extend(assessment.checks.iter().filter(|c| c.id != CheckId::Claims).cloned());
    report.checks.push(identity_check);
    report.checks.extend(assessment.checks.iter().filter(|c| c.id == CheckId::Claims).cloned());
    report.checks.push(check_window(assessment.window, at));
    report.checks.push(
        status.unwrap_or_else(|| status::check_status(format, document, assessment.issuer_id.as_deref(), keys, at)),
    );

    let (claims, subject_ids) = match format {
        CredentialFormat::Ob2Json | CredentialFormat::Ob2Jws => (recipient::ob2_claims(document), Vec::new()),
        CredentialFormat::Ob3Json | CredentialFormat::Ob3Jwt => recipient::ob3_claims(document),
    };
    let (recipient_check, matched) = check_recipient(&claims, &subject_ids, &options.recipients);
    report.checks.push(recipient_check);
    report.matched_recipient = matched;
    finish(report)
}

/// The Verifiable Credentials data model requires the base context first (v1 or v2); the
/// order of contexts changes what terms mean, so any other order is malformed.
fn first_context_problem(credential: &Value) -> Option<String> {
    const BASE: [&str; 2] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"];
    let first = match credential.get("@context") {
        Some(Value::Array(items)) => items.first(),
        Some(one) => Some(one),
        None => None,
    };
    match first.and_then(Value::as_str) {
        Some(url) if BASE.contains(&url) => None,
        Some(url) => Some(format!("the first @context is {url}, not the Verifiable Credentials context")),
        None => Some("the first @context is not the Verifiable Credentials context".into()),
    }
}

/// What the issuer identifier proves, and the check that says how far it is proven.
fn issuer_identity(
    issuer: Option<&str>,
    proof_passed: bool,
    origin: Option<DocumentOrigin>,
) -> (IssuerIdentity, Check) {
    let id = CheckId::IssuerIdentity;
    let Some(issuer) = issuer else {
        return (IssuerIdentity::Unknown { id: None }, Check::unknown(id, "The issuer is not known."));
    };
    let not_established = || Check::unknown(id, format!("Not established for {issuer}: the proof was not verified."));
    if let Some(method @ (DidMethod::Key | DidMethod::Jwk)) = did::method_of(issuer) {
        let identity = IssuerIdentity::SelfAsserted { id: issuer.to_owned(), method: method.as_str().to_owned() };
        let check = if proof_passed {
            Check::warning(
                id,
                format!(
                    "Self-asserted: the issuer is a bare key ({}); this proves who holds the key signed it, not \
                     which organisation that is. The issuer's name is its own claim.",
                    method.as_str()
                ),
            )
        } else {
            not_established()
        };
        return (identity, check);
    }
    let domain = if let Some(rest) = issuer.strip_prefix("did:web:") {
        Some(rest.split(':').next().unwrap_or(rest).replace("%3A", ":").replace("%3a", ":"))
    } else {
        url::Url::parse(issuer)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http"))
            .and_then(|u| u.host_str().map(str::to_owned))
    };
    let Some(domain) = domain else {
        return (
            IssuerIdentity::Unknown { id: Some(issuer.to_owned()) },
            Check::warning(id, format!("The issuer identifier {issuer} ties the issuer to no key or domain.")),
        );
    };
    let identity = IssuerIdentity::DomainBound { id: issuer.to_owned(), domain: domain.clone() };
    let check = match origin {
        _ if !proof_passed => not_established(),
        Some(origin) if origin.from_its_url() => {
            Check::passed(id, format!("Bound to {domain}: the key was published there ({}).", origin.describe()))
        }
        Some(origin) => Check::warning(
            id,
            format!("Claims {domain}, but the issuer's documents were {}, not fetched from it.", origin.describe()),
        ),
        None => Check::unknown(id, format!("Claims {domain}; no document from it was used.")),
    };
    (identity, check)
}
