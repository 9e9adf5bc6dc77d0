//! The verification report (architecture §4): every check with its outcome and a
//! plain-language sentence, where the key came from, who the issuer provably is, the time
//! used, and one verdict derived from the checks by [`Verdict::from_checks`].
//!
//! A failed check is data, never an `Err`: `verify` always returns a report.

use serde::{Deserialize, Serialize};

/// Which kind of badge was verified, which decides how it is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum VerifiedFormat {
    /// Open Badges 2.0 assertion proven by the issuer's hosted copy.
    Ob2Hosted,
    /// Open Badges 2.0 assertion signed as a JWS.
    Ob2Signed,
    /// Open Badges 3.0 credential with an embedded Data Integrity proof.
    Ob3DataIntegrity,
    /// Open Badges 3.0 credential as a VC-JWT.
    Ob3Jwt,
}

/// What a check is about. The names are stable (kebab-case in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckId {
    /// The bytes are a well-formed badge of a known format (strict JSON, JWS structure).
    Format,
    /// The signature (or hosted copy) matches the credential.
    Proof,
    /// The key that proved it belongs to the issuer (controller, purpose, `iss`, listing).
    IssuerBinding,
    /// How far the issuer's identifier is proven (self-asserted key, domain).
    IssuerIdentity,
    /// VC-JWT registered claims agree with the credential (`jti`, `sub`, `nbf`, `exp`).
    Claims,
    /// Valid from / until, at the time used.
    ValidityWindow,
    /// Revocation or suspension.
    Status,
    /// The recipient against the identifiers given.
    Recipient,
}

impl CheckId {
    /// The stable name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Proof => "proof",
            Self::IssuerBinding => "issuer-binding",
            Self::IssuerIdentity => "issuer-identity",
            Self::Claims => "claims",
            Self::ValidityWindow => "validity-window",
            Self::Status => "status",
            Self::Recipient => "recipient",
        }
    }
}

/// The result of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    Passed,
    Failed,
    /// Passed, with something the user should know.
    Warning,
    /// Not applicable, or nothing to check it against.
    NotChecked,
    /// Could not be decided (for instance offline without the key).
    Unknown,
}

/// Machine-readable reasons for outcomes the verdict (or a face) must tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Reason {
    /// Validity window: past its end.
    Expired,
    /// Validity window: before its start.
    NotYetValid,
    /// Status: revoked.
    Revoked,
    /// Status: suspended.
    Suspended,
    /// The key (or hosted copy) could not be obtained offline.
    KeyNotAvailable,
    /// A proof suite or algorithm Rosette does not verify (yet).
    Unsupported,
    /// Status list or similar not checked: offline support missing.
    StatusNotChecked,
    /// Nothing to check (no status entry, no recipient, no identifiers given).
    NotApplicable,
    /// Recipient: none of the identifiers matched.
    NoMatch,
}

/// One check: what, how it came out, and why in one plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub id: CheckId,
    pub outcome: Outcome,
    pub detail: String,
    pub reason: Option<Reason>,
}

impl Check {
    pub fn new(id: CheckId, outcome: Outcome, detail: impl Into<String>) -> Self {
        Self { id, outcome, detail: detail.into(), reason: None }
    }
    pub fn passed(id: CheckId, detail: impl Into<String>) -> Self {
        Self::new(id, Outcome::Passed, detail)
    }
    pub fn failed(id: CheckId, detail: impl Into<String>) -> Self {
        Self::new(id, Outcome::Failed, detail)
    }
    pub fn warning(id: CheckId, detail: impl Into<String>) -> Self {
        Self::new(id, Outcome::Warning, detail)
    }
    pub fn unknown(id: CheckId, detail: impl Into<String>) -> Self {
        Self::new(id, Outcome::Unknown, detail)
    }
    pub fn not_checked(id: CheckId, detail: impl Into<String>) -> Self {
        Self::new(id, Outcome::NotChecked, detail)
    }
    #[must_use]
    pub fn because(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }
}

/// Where the key that verified the proof came from. Times are RFC 3339, UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[non_exhaustive]
pub enum KeySourceKind {
    /// Inside the credential itself (an OB 2.0 hosted copy needs no key).
    Embedded,
    /// Derived from a did:key identifier, offline.
    DidKey,
    /// Derived from a did:jwk identifier, offline.
    DidJwk,
    /// A document cached when it was last fetched.
    Cached { at: String },
    /// A document fetched during this verification.
    Fetched { at: String },
    /// A document the user imported.
    Imported { at: String },
    /// No key could be obtained.
    NotAvailable,
}

/// What the issuer's identifier proves about who the issuer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[non_exhaustive]
pub enum IssuerIdentity {
    /// A did:key or did:jwk: proves control of a key, not who holds it.
    SelfAsserted { id: String, method: String },
    /// A did:web or https identifier: bound to a domain (proven only when the key came
    /// from that domain; the issuer-identity check says whether it did).
    DomainBound { id: String, domain: String },
    /// No identifier, or one of an unknown kind.
    Unknown { id: Option<String> },
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// Proven, bound to its issuer, within its validity window, not known revoked.
    Valid,
    /// Forged, tampered, malformed or bound to the wrong issuer.
    Invalid,
    /// Genuine but past its end date at the time used.
    Expired,
    /// Genuine but its validity starts after the time used.
    NotYetValid,
    /// Revoked (or suspended) by its issuer.
    Revoked,
    /// Could not decide (offline without the key, unsupported proof, status unknown).
    Unknown,
}

/// Checks that must pass for a credential to be genuine.
const PROVING: [CheckId; 3] = [CheckId::Format, CheckId::Proof, CheckId::IssuerBinding];

impl Verdict {
    /// The one place a verdict is decided. In order: any failed check other than the
    /// validity window and status → `invalid`; status failed → `revoked`; format, proof or
    /// issuer binding not passed (or missing) → `unknown`; validity window failed →
    /// `expired` / `not-yet-valid`; any unknown → `unknown`; else `valid`.
    pub fn from_checks(checks: &[Check]) -> Self {
        let failed = |c: &&Check| c.outcome == Outcome::Failed;
        if checks.iter().filter(failed).any(|c| !matches!(c.id, CheckId::ValidityWindow | CheckId::Status)) {
            return Self::Invalid;
        }
        if checks.iter().filter(failed).any(|c| c.id == CheckId::Status) {
            return Self::Revoked;
        }
        let proven = PROVING.iter().all(|id| {
            checks.iter().any(|c| c.id == *id)
                && checks.iter().filter(|c| c.id == *id).all(|c| c.outcome == Outcome::Passed)
        });
        if !proven {
            return Self::Unknown;
        }
        if let Some(window) = checks.iter().filter(failed).find(|c| c.id == CheckId::ValidityWindow) {
            return if window.reason == Some(Reason::NotYetValid) { Self::NotYetValid } else { Self::Expired };
        }
        if checks.iter().any(|c| c.outcome == Outcome::Unknown) {
            return Self::Unknown;
        }
        Self::Valid
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Expired => "expired",
            Self::NotYetValid => "not-yet-valid",
            Self::Revoked => "revoked",
            Self::Unknown => "unknown",
        }
    }
}

/// The report `verify` returns. The UI and the CLI render the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VerificationReport {
    /// `None` when the bytes are not a badge of a known format.
    pub format: Option<VerifiedFormat>,
    /// The credential's (assertion's) id, when it has one.
    pub credential_id: Option<String>,
    /// The issuer's self-declared name: show it next to `issuerIdentity`, never alone.
    pub issuer_name: Option<String>,
    pub issuer_identity: IssuerIdentity,
    pub key_source: KeySourceKind,
    /// The verification method or key document id that verified the proof.
    pub verification_method: Option<String>,
    /// Which of the given identifiers matched the recipient, as given.
    pub matched_recipient: Option<String>,
    pub checks: Vec<Check>,
    /// The time the checks were made for (RFC 3339, UTC).
    pub checked_at: String,
    pub verdict: Verdict,
}

impl VerificationReport {
    /// The check with this id, if it was made.
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proven() -> Vec<Check> {
        vec![
            Check::passed(CheckId::Format, "ok"),
            Check::passed(CheckId::Proof, "ok"),
            Check::passed(CheckId::IssuerBinding, "ok"),
            Check::warning(CheckId::IssuerIdentity, "self-asserted"),
            Check::passed(CheckId::ValidityWindow, "ok"),
            Check::not_checked(CheckId::Status, "none").because(Reason::NotApplicable),
            Check::not_checked(CheckId::Recipient, "no identifiers"),
        ]
    }

    fn with(mut checks: Vec<Check>, replacement: Check) -> Vec<Check> {
        for c in &mut checks {
            if c.id == replacement.id {
                *c = replacement.clone();
            }
        }
        checks
    }

    #[test]
    fn verdicts_follow_the_checks() {
        assert_eq!(Verdict::from_checks(&proven()), Verdict::Valid);
        assert_eq!(Verdict::from_checks(&with(proven(), Check::failed(CheckId::Proof, "x"))), Verdict::Invalid);
        assert_eq!(Verdict::from_checks(&with(proven(), Check::unknown(CheckId::Proof, "x"))), Verdict::Unknown);
        assert_eq!(
            Verdict::from_checks(&with(
                proven(),
                Check::unknown(CheckId::Status, "x").because(Reason::StatusNotChecked)
            )),
            Verdict::Unknown
        );
        assert_eq!(
            Verdict::from_checks(&with(proven(), Check::failed(CheckId::Status, "x").because(Reason::Revoked))),
            Verdict::Revoked
        );
        let expired = Check::failed(CheckId::ValidityWindow, "x").because(Reason::Expired);
        assert_eq!(Verdict::from_checks(&with(proven(), expired.clone())), Verdict::Expired);
        let early = Check::failed(CheckId::ValidityWindow, "x").because(Reason::NotYetValid);
        assert_eq!(Verdict::from_checks(&with(proven(), early)), Verdict::NotYetValid);
        // Expired but unproven is not "expired" (that would imply genuine).
        let unproven = with(with(proven(), expired), Check::unknown(CheckId::Proof, "x"));
        assert_eq!(Verdict::from_checks(&unproven), Verdict::Unknown);
        // A missing proving check is never valid.
        let mut missing = proven();
        missing.retain(|c| c.id != CheckId::IssuerBinding);
        assert_eq!(Verdict::from_checks(&missing), Verdict::Unknown);
        assert_eq!(Verdict::from_checks(&[]), Verdict::Unknown);
        // A recipient that does not match is a warning, a malformed one invalid.
        assert_eq!(Verdict::from_checks(&with(proven(), Check::warning(CheckId::Recipient, "x"))), Verdict::Valid);
        assert_eq!(Verdict::from_checks(&with(proven(), Check::failed(CheckId::Recipient, "x"))), Verdict::Invalid);
    }

    #[test]
    fn serializes_with_stable_names() {
        let report = VerificationReport {
            format: Some(VerifiedFormat::Ob3DataIntegrity),
            credential_id: None,
            issuer_name: Some("Example".into()),
            issuer_identity: IssuerIdentity::SelfAsserted { id: "did:key:z6M".into(), method: "did:key".into() },
            key_source: KeySourceKind::Cached { at: "2025-03-14T12:00:00Z".into() },
            verification_method: None,
            matched_recipient: None,
            checks: vec![Check::failed(CheckId::ValidityWindow, "expired").because(Reason::Expired)],
            checked_at: "2030-01-01T00:00:00Z".into(),
            verdict: Verdict::NotYetValid,
        };
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["format"], "ob3-data-integrity");
        assert_eq!(json["issuerIdentity"]["kind"], "self-asserted");
        assert_eq!(json["keySource"], serde_json::json!({"kind": "cached", "at": "2025-03-14T12:00:00Z"}));
        assert_eq!(json["checks"][0]["id"], "validity-window");
        assert_eq!(json["checks"][0]["reason"], "expired");
        assert_eq!(json["verdict"], "not-yet-valid");
        let back: VerificationReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, report);
    }
}

#[cfg(all(test, feature = "ts"))]
mod ts_tests {
    use super::*;
    use ts_rs::TS;

    #[test]
    fn typescript_bindings_follow_serde() {
        let decl = KeySourceKind::decl();
        assert!(decl.contains("\"kind\": \"cached\"") && decl.contains("\"not-available\""), "{decl}");
        let decl = VerificationReport::decl();
        assert!(decl.contains("checkedAt: string") && decl.contains("verdict: Verdict"), "{decl}");
        println!("{decl}\n{}\n{}", IssuerIdentity::decl(), Verdict::decl());
    }
}
