//! Open Badges 2.0 hosted assertions: proven by the issuer's copy at the assertion's own
//! URL, which must lie inside the issuer profile's allowed origins (default: the issuer
//! id's origin). Offline, the copy comes from the [`KeySource`] (a cache) with its time;
//! revocation is the copy's `revoked: true`, or the address answering HTTP 410 Gone, which
//! the source reports as [`Absence::Gone`] (never as a made-up copy).

use super::jose::ob2_issuer_id;
use super::report::{Check, CheckId, Reason};
use super::source::{missing, Absence, KeySource};
use super::validity::read_date;
use super::ProofAssessment;
use serde_json::Value;

/// The proof assessment and the status check of a hosted assertion.
pub(crate) fn assess(assertion: &Value, keys: &dyn KeySource) -> (ProofAssessment, Check) {
    let mut out = ProofAssessment::default();
    if let Some(expires) = assertion.get("expires").filter(|v| !v.is_null()) {
        match read_date(expires) {
            Ok(t) => out.window.until = Some(t),
            Err(e) => out.fail(CheckId::Format, format!("\"expires\": {e}.")),
        }
    }
    out.issuer_id = ob2_issuer_id(assertion, keys);
    let status_unknown = |why: &str| Check::unknown(CheckId::Status, why).because(Reason::StatusNotChecked);
    let kind = assertion.get("verification").and_then(|v| v.get("type")).and_then(Value::as_str);
    if matches!(kind, Some("SignedBadge" | "signed")) {
        out.fail(
            CheckId::Proof,
            "The assertion says it is signed, but this is its bare JSON without the signature (the JWS).",
        );
        out.binding_unknown_or(None, "Not established without the signature.");
        return (out, status_unknown("Not checked: the assertion could not be verified."));
    }
    let Some(id) = assertion.get("id").and_then(Value::as_str).filter(|id| is_web_url(id)) else {
        out.fail(CheckId::Proof, "A hosted assertion's \"id\" must be the https URL where the issuer keeps it.");
        out.binding_unknown_or(None, "Not established without the hosted copy.");
        return (out, status_unknown("Not checked: the assertion has no URL to check."));
    };
    out.verification_method = Some(id.to_owned());
    let Some(hosted) = keys.document(id) else {
        if let Some(Absence::Gone(origin)) = keys.absence(id) {
            // The issuer took the assertion down: revoked, though there is no copy to compare.
            let when = origin.describe();
            out.unknown(
                CheckId::Proof,
                format!("The issuer no longer publishes this assertion at {id} (HTTP 410 Gone, {when}), so there is no copy to compare it with."),
                None,
            );
            out.checks.push(origin_binding(id, out.issuer_id.as_deref(), keys));
            let status = Check::failed(
                CheckId::Status,
                format!("Revoked: the issuer's server answers HTTP 410 Gone for {id} ({when})."),
            )
            .because(Reason::Revoked);
            return (out, status);
        }
        let missing = missing(keys, id);
        out.unknown(
            CheckId::Proof,
            format!("A hosted badge is proven by the issuer's copy at {id}, which {missing}."),
            Some(Reason::KeyNotAvailable),
        );
        out.binding_unknown_or(None, "Not established without the hosted copy.");
        return (out, status_unknown(&format!("Not checked: the issuer's copy {missing}.")));
    };
    if !hosted.origin.from_its_url() {
        out.unknown(
            CheckId::Proof,
            format!(
                "The copy of {id} at hand was {}, not fetched from the issuer; it proves nothing.",
                hosted.origin.describe()
            ),
            Some(Reason::KeyNotAvailable),
        );
        out.binding_unknown_or(None, "Not established without the issuer's copy.");
        return (out, status_unknown("Not checked: the issuer's copy is not available offline."));
    }
    out.key_source = hosted.origin.key_source();
    out.key_origin = Some(hosted.origin);
    let when = hosted.origin.describe();
    let revoked = hosted.value.get("revoked").and_then(Value::as_bool) == Some(true);
    if revoked {
        // A revoked assertion's URL may answer with only its id and `revoked`.
        out.pass(CheckId::Proof, format!("The issuer answers for this assertion at {id} ({when})."));
    } else {
        match compare(assertion, &hosted.value, keys, 0) {
            Comparison::Same => out.pass(CheckId::Proof, format!("Matches the issuer's copy at {id} ({when}).")),
            Comparison::Differs => {
                out.fail(CheckId::Proof, format!("Differs from the issuer's copy at {id} ({when}): it was altered."));
            }
            Comparison::Unverified(linked) => out.unknown(
                CheckId::Proof,
                format!(
                    "Matches the issuer's copy at {id} ({when}), but the document it embeds as {linked} could \
                     not be compared with the issuer's own copy, which is not available offline."
                ),
                Some(Reason::KeyNotAvailable),
            ),
        }
    }
    out.checks.push(origin_binding(id, out.issuer_id.as_deref(), keys));
    let status = if revoked {
        let reason =
            hosted.value.get("revocationReason").and_then(Value::as_str).map(|r| format!(" Reason given: {r}"));
        Check::failed(CheckId::Status, format!("Revoked by the issuer ({when}).{}", reason.unwrap_or_default()))
            .because(Reason::Revoked)
    } else {
        Check::passed(CheckId::Status, format!("Not revoked as of the issuer's copy ({when})."))
    };
    (out, status)
}

fn is_web_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some())
}

#[derive(Debug, PartialEq, Eq)]
enum Comparison {
    Same,
    Differs,
    /// Equal as far as could be seen, but a linked document (badge class, issuer) that one
    /// side embeds could not be compared with the issuer's copy: its id.
    Unverified(String),
}

/// Compares the given assertion with the hosted copy. Where one side embeds a document
/// (badge class, issuer profile) that the other links by id, the embedded one must equal
/// the issuer's copy of that document (from `keys`, fetched from its URL); `@context`
/// members are ignored (embedded documents leave them out).
fn compare(given: &Value, hosted: &Value, keys: &dyn KeySource, depth: usize) -> Comparison {
    if given == hosted {
        return Comparison::Same;
    }
    let (Some(a), Some(b)) = (given.as_object(), hosted.as_object()) else {
        return Comparison::Differs;
    };
    if depth > 4 {
        return Comparison::Differs;
    }
    let mut result = Comparison::Same;
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for name in names.into_iter().filter(|n| n.as_str() != "@context") {
        let outcome = match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x == y => Comparison::Same,
            (Some(object @ Value::Object(_)), Some(Value::String(id)))
            | (Some(Value::String(id)), Some(object @ Value::Object(_)))
                if object.get("id").and_then(Value::as_str) == Some(id.as_str()) =>
            {
                match keys.document(id) {
                    Some(doc) if doc.origin.from_its_url() => {
                        // The hosted side linked it: the embedded copy must match the document.
                        match compare(object, &doc.value, keys, depth + 1) {
                            Comparison::Differs => Comparison::Differs,
                            other => other,
                        }
                    }
                    _ => Comparison::Unverified(id.clone()),
                }
            }
            (Some(x @ Value::Object(_)), Some(y @ Value::Object(_))) => compare(x, y, keys, depth + 1),
            _ => Comparison::Differs,
        };
        match outcome {
            Comparison::Differs => return Comparison::Differs,
            Comparison::Unverified(id) if result == Comparison::Same => result = Comparison::Unverified(id),
            _ => {}
        }
    }
    result
}

/// The assertion URL lies inside the issuer's allowed origins.
fn origin_binding(id: &str, issuer: Option<&str>, keys: &dyn KeySource) -> Check {
    let check = CheckId::IssuerBinding;
    let Some(issuer) = issuer else {
        return Check::unknown(check, "The badge class (and so the issuer) is not available offline.");
    };
    let Some(profile) = keys.document(issuer) else {
        return Check::unknown(check, format!("The issuer profile {issuer} {}.", missing(keys, issuer)))
            .because(Reason::KeyNotAvailable);
    };
    let list = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    };
    let verification = profile.value.get("verification");
    let starts_with = list(verification.and_then(|v| v.get("startsWith")));
    let allowed_origins = list(verification.and_then(|v| v.get("allowedOrigins")));
    let host = |u: &str| url::Url::parse(u).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let inside = if !starts_with.is_empty() {
        starts_with.iter().any(|prefix| id.starts_with(prefix.as_str()))
    } else if !allowed_origins.is_empty() {
        host(id).is_some_and(|h| allowed_origins.iter().any(|o| o.eq_ignore_ascii_case(&h)))
    } else {
        host(id).is_some() && host(id) == host(issuer)
    };
    if inside {
        Check::passed(check, format!("{id} lies inside the origins the issuer {issuer} allows."))
    } else {
        Check::failed(check, format!("{id} lies outside the origins the issuer {issuer} allows for its badges."))
    }
}
