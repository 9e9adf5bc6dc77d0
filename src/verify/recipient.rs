//! Recipient checks: Open Badges 2.0 `recipient` and 3.0 `credentialSubject.identifier[]`
//! share one hash rule, `sha256$` or `md5$` followed by hex of hash(identity + salt), the
//! hex in either case. Each identifier the user gives is tried as typed and lower-cased,
//! and the report says which one matched and how.

use super::report::{Check, CheckId, Reason};
use md5::Md5;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One recipient statement of a credential.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RecipientClaim {
    /// e.g. "email", "emailAddress", "url".
    pub(crate) identity_type: Option<String>,
    /// The plain identity, or `sha256$…` / `md5$…`.
    pub(crate) identity: String,
    pub(crate) hashed: bool,
    pub(crate) salt: Option<String>,
}

/// A successful match: which identifier, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecipientMatch {
    /// The identifier as the user gave it.
    pub(crate) given: String,
    /// Whether it matched only after lower-casing.
    pub(crate) lower_cased: bool,
    /// "sha256", "md5", "plain" or "subject id".
    pub(crate) how: &'static str,
}

enum Hash {
    Sha256(String),
    Md5(String),
}

/// Parses `sha256$hex` / `md5$hex` (algorithm name and hex in any case).
fn parse_hash(identity: &str) -> Option<Hash> {
    let (algorithm, hex) = identity.split_once('$')?;
    let hex = hex.to_ascii_lowercase();
    let is_hex = |len: usize| hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit());
    match algorithm.to_ascii_lowercase().as_str() {
        "sha256" if is_hex(64) => Some(Hash::Sha256(hex)),
        "md5" if is_hex(32) => Some(Hash::Md5(hex)),
        _ => None,
    }
}

impl RecipientClaim {
    /// Checks the claim is coherent: hashed with a hash, plain without one.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let looks_hashed = parse_hash(&self.identity).is_some();
        if self.hashed && !looks_hashed {
            let known = self.identity.split_once('$').map(|(a, _)| a.to_ascii_lowercase());
            return Err(match known.as_deref() {
                Some("sha256" | "md5") => "the recipient is marked hashed but its hash has the wrong length".into(),
                Some(other) => format!("the recipient is hashed with \"{other}\"; only sha256 and md5 are defined"),
                None => "the recipient is marked hashed (\"hashed\": true) but its identity is plain text".into(),
            });
        }
        if !self.hashed && looks_hashed {
            return Err("the recipient identity is a hash but is marked as not hashed".into());
        }
        Ok(())
    }

    /// Whether `candidate` (exactly as passed) is this recipient.
    fn matches(&self, candidate: &str) -> Option<&'static str> {
        let salted = format!("{candidate}{}", self.salt.as_deref().unwrap_or_default());
        match parse_hash(&self.identity) {
            Some(Hash::Sha256(hex)) if self.hashed => {
                (hex::encode(Sha256::digest(salted.as_bytes())) == hex).then_some("sha256")
            }
            Some(Hash::Md5(hex)) if self.hashed => {
                (hex::encode(Md5::digest(salted.as_bytes())) == hex).then_some("md5")
            }
            _ if !self.hashed => (self.identity.trim() == candidate).then_some("plain"),
            _ => None,
        }
    }
}

/// Reads the recipient claims of an OB 2.0 assertion (`recipient`).
pub(crate) fn ob2_claims(assertion: &Value) -> Vec<RecipientClaim> {
    let Some(recipient) = assertion.get("recipient").filter(|r| r.is_object()) else { return Vec::new() };
    vec![RecipientClaim {
        identity_type: recipient.get("type").and_then(Value::as_str).map(str::to_owned),
        identity: recipient.get("identity").and_then(Value::as_str).unwrap_or_default().to_owned(),
        hashed: recipient.get("hashed").and_then(Value::as_bool).unwrap_or(false),
        salt: recipient.get("salt").and_then(Value::as_str).map(str::to_owned),
    }]
}

/// Reads the identifier claims and subject ids of an OB 3.0 credential.
pub(crate) fn ob3_claims(credential: &Value) -> (Vec<RecipientClaim>, Vec<String>) {
    fn as_list(v: Option<&Value>) -> &[Value] {
        match v {
            Some(Value::Array(items)) => items,
            Some(Value::Null) | None => &[],
            Some(one) => std::slice::from_ref(one),
        }
    }
    let mut claims = Vec::new();
    let mut subject_ids = Vec::new();
    for subject in as_list(credential.get("credentialSubject")) {
        if let Some(id) = subject.get("id").and_then(Value::as_str) {
            subject_ids.push(id.to_owned());
        }
        for identifier in as_list(subject.get("identifier")) {
            claims.push(RecipientClaim {
                identity_type: identifier.get("identityType").and_then(Value::as_str).map(str::to_owned),
                identity: identifier.get("identityHash").and_then(Value::as_str).unwrap_or_default().to_owned(),
                hashed: identifier.get("hashed").and_then(Value::as_bool).unwrap_or(false),
                salt: identifier.get("salt").and_then(Value::as_str).map(str::to_owned),
            });
        }
    }
    (claims, subject_ids)
}

/// Tries each given identifier (as typed, then lower-cased) against the claims and the
/// subject ids. Returns the first match.
pub(crate) fn find_match(
    claims: &[RecipientClaim],
    subject_ids: &[String],
    given: &[String],
) -> Option<RecipientMatch> {
    for identifier in given {
        let typed = identifier.trim();
        let lower = typed.to_lowercase();
        let variants: &[(&str, bool)] =
            if lower == typed { &[(typed, false)] } else { &[(typed, false), (&lower, true)] };
        for &(candidate, lower_cased) in variants {
            if subject_ids.iter().any(|id| id == candidate) {
                return Some(RecipientMatch { given: identifier.clone(), lower_cased, how: "subject id" });
            }
            for claim in claims {
                if let Some(how) = claim.matches(candidate) {
                    return Some(RecipientMatch { given: identifier.clone(), lower_cased, how });
                }
            }
        }
    }
    None
}

/// The recipient check, and the identifier that matched.
pub(crate) fn check_recipient(
    claims: &[RecipientClaim],
    subject_ids: &[String],
    given: &[String],
) -> (Check, Option<String>) {
    let id = CheckId::Recipient;
    if let Some(problem) = claims.iter().find_map(|c| c.validate().err()) {
        return (Check::failed(id, format!("Malformed recipient: {problem}.")), None);
    }
    if claims.is_empty() && subject_ids.is_empty() {
        return (Check::not_checked(id, "The credential names no recipient.").because(Reason::NotApplicable), None);
    }
    if given.is_empty() {
        return (
            Check::not_checked(id, "No identifier was given to check the recipient against.")
                .because(Reason::NotApplicable),
            None,
        );
    }
    match find_match(claims, subject_ids, given) {
        Some(m) => {
            let how = match m.how {
                "subject id" => "the credential subject's id".to_owned(),
                "plain" => "the recipient identity".to_owned(),
                hash => format!("the {hash} hash of the recipient identity"),
            };
            let detail = format!(
                "Issued to {}: it matches {how}{}.",
                m.given.trim(),
                if m.lower_cased { " once lower-cased" } else { "" }
            );
            (Check::passed(id, detail), Some(m.given))
        }
        None => (
            Check::warning(
                id,
                format!(
                    "None of the {} identifier(s) given matches the recipient; this badge may belong to someone else.",
                    given.len()
                ),
            )
            .because(Reason::NoMatch),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::report::Outcome;

    fn hashed(identity: String, salt: &str) -> RecipientClaim {
        RecipientClaim { identity_type: Some("email".into()), identity, hashed: true, salt: Some(salt.into()) }
    }

    #[test]
    fn the_ob2_fixture_recipient_matches_as_typed_and_lower_cased() {
        let claim = hashed(
            "sha256$a65e611102a935a65fb36dba5ee511e503cd25463374b05318560253c679074b".into(),
            "ob2-deadbeef-salt",
        );
        let (check, matched) = check_recipient(std::slice::from_ref(&claim), &[], &["jane.doe@example.org".into()]);
        assert_eq!(check.outcome, Outcome::Passed, "{}", check.detail);
        assert_eq!(matched.as_deref(), Some("jane.doe@example.org"));
        let (check, matched) = check_recipient(
            std::slice::from_ref(&claim),
            &[],
            &["someone@else.org".into(), "Jane.Doe@Example.org".into()],
        );
        assert_eq!(check.outcome, Outcome::Passed);
        assert!(check.detail.contains("once lower-cased"), "{}", check.detail);
        assert_eq!(matched.as_deref(), Some("Jane.Doe@Example.org"));
        let (check, _) = check_recipient(&[claim], &[], &["someone@else.org".into()]);
        assert_eq!((check.outcome, check.reason), (Outcome::Warning, Some(Reason::NoMatch)));
    }

    #[test]
    fn upper_case_hex_and_md5_match() {
        let email = "jane.doe@example.org";
        let sha = hex::encode(Sha256::digest(format!("{email}salt"))).to_uppercase();
        let md5 = hex::encode(Md5::digest(format!("{email}salt")));
        for identity in [format!("sha256${sha}"), format!("MD5${md5}")] {
            let m = find_match(&[hashed(identity, "salt")], &[], &[email.into()]).unwrap();
            assert!(!m.lower_cased);
        }
        // No salt: hash of the identity alone.
        let unsalted = RecipientClaim {
            identity: format!("sha256${}", hex::encode(Sha256::digest(email))),
            hashed: true,
            ..RecipientClaim::default()
        };
        assert_eq!(find_match(&[unsalted], &[], &[email.into()]).unwrap().how, "sha256");
    }

    #[test]
    fn hashed_with_a_plain_identity_and_the_reverse_are_invalid() {
        let plain_marked_hashed = hashed("jane.doe@example.org".into(), "s");
        let (check, _) = check_recipient(&[plain_marked_hashed], &[], &["jane.doe@example.org".into()]);
        assert_eq!(check.outcome, Outcome::Failed);
        assert!(check.detail.contains("plain text"), "{}", check.detail);
        let hash_marked_plain =
            RecipientClaim { identity: format!("sha256${}", "ab".repeat(32)), ..RecipientClaim::default() };
        assert_eq!(check_recipient(&[hash_marked_plain], &[], &[]).0.outcome, Outcome::Failed);
        let short = hashed("sha256$abcd".into(), "s");
        assert!(short.validate().unwrap_err().contains("wrong length"));
    }

    #[test]
    fn subject_ids_and_plain_identities_match() {
        let did = "did:key:z6Mkp61gZ4Say3SHy4iU9XURfQXiirPscmjdEPWojfUx3w8n".to_owned();
        let (check, matched) = check_recipient(&[], std::slice::from_ref(&did), std::slice::from_ref(&did));
        assert_eq!(check.outcome, Outcome::Passed);
        assert_eq!(matched, Some(did));
        let plain = RecipientClaim { identity: "jane.doe@example.org".into(), ..RecipientClaim::default() };
        assert_eq!(find_match(&[plain], &[], &["JANE.DOE@example.org".into()]).unwrap().how, "plain");
        assert_eq!(check_recipient(&[], &[], &["x".into()]).0.outcome, Outcome::NotChecked);
    }
}
