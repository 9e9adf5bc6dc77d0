//! Credential status (revocation, suspension), offline, into the `status` check.
//!
//! Understood (standards.md §4):
//! - `BitstringStatusListEntry` (W3C Bitstring Status List v1.0) and `StatusList2021Entry`
//!   (the older W3C CCG draft): a bit at `statusListIndex` of the GZIP-compressed bitstring in
//!   the `encodedList` of a status list credential, itself a verifiable credential.
//! - `1EdTechRevocationList` (1EdTech Revocation List Status Method): an unsigned list at the
//!   entry's `id` whose `revokedCredentials` name revoked credential ids.
//! - Open Badges 2.0 signed assertions: the issuer profile's `revocationList`, an unsigned
//!   document whose `revokedAssertions` holds ids, or objects with `id` / `uid`.
//!   (Hosted assertions are handled in `hosted`: the issuer's copy says `revoked`.)
//!
//! Documents come only from the [`KeySource`], each with the time it was obtained; nothing is
//! fetched. The answer never fails open: a list that is missing, unreadable, not proven, not
//! the issuer's, expired, for another purpose, or that does not reach the badge's entry gives
//! `unknown` with the reason, never "not revoked".
//!
//! Rules chosen where the specifications leave room:
//! - A status list credential must be signed by the badge's own issuer (same identifier).
//!   Bitstring Status List allows another issuer and leaves trust to the verifier; Rosette has
//!   no way to know whom an issuer delegated to, so another signer gives `unknown`.
//! - The list credential's proof goes through the same assessors as a badge's (`data_integrity`,
//!   `jose`), with the same key rules. Its own `credentialStatus` is never followed, so there
//!   is no recursion.
//! - A list shorter than the 131,072 entries Bitstring Status List requires (a privacy rule for
//!   issuers) is still read: a revoked badge stays revoked; "not revoked" comes as a warning.
//! - Unsigned lists (1EdTech, OB 2.0) prove "not revoked" only when they came from their own
//!   address (cached or fetched); a copy imported by the user can still show a revocation.
//! - An index outside the list, a malformed entry or list: `unknown` — a failed status check
//!   would read as "revoked", which the issuer did not say.
//! - Purposes `message` and `refresh` carry no revocation: such entries are not followed.
//!   Any other purpose Rosette does not know gives `unknown`.
//!
//! Budgets: at most [`MAX_ENTRIES`] status entries per badge; the bitstring is decompressed
//! under a hard cap of [`MAX_BITSTRING_BYTES`], so a decompression bomb stops early.

use super::report::{Check, CheckId, Outcome, Reason};
use super::source::{rfc3339, DocumentOrigin, KeySource, SourcedDocument};
use super::validity::check_window;
use super::{data_integrity, jose, ProofAssessment};
use crate::model::CredentialFormat;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::Value;
use std::io::Read as _;
use time::OffsetDateTime;

/// The largest decompressed bitstring read (16 MiB, 134 million one-bit entries).
pub(crate) const MAX_BITSTRING_BYTES: usize = 16 * 1024 * 1024;

/// The minimum list length Bitstring Status List v1.0 requires of issuers, in entries.
pub(crate) const MIN_LIST_ENTRIES: usize = 131_072;

/// The most status entries one badge may declare.
pub(crate) const MAX_ENTRIES: usize = 16;

/// The status check of a badge that is not an OB 2.0 hosted assertion.
pub(crate) fn check_status(
    format: CredentialFormat,
    document: &Value,
    issuer: Option<&str>,
    keys: &dyn KeySource,
    at: OffsetDateTime,
) -> Check {
    match format {
        CredentialFormat::Ob3Json | CredentialFormat::Ob3Jwt => credential_status(document, issuer, keys, at),
        CredentialFormat::Ob2Json | CredentialFormat::Ob2Jws => ob2_revocation_list(document, issuer, keys),
    }
}

fn unknown(detail: impl Into<String>) -> Check {
    Check::unknown(CheckId::Status, detail).because(Reason::StatusNotChecked)
}

/// The time a document was obtained, as shown.
fn obtained_at(origin: DocumentOrigin) -> String {
    match origin {
        DocumentOrigin::Cached(at) | DocumentOrigin::Fetched(at) | DocumentOrigin::Imported(at) => rfc3339(at),
    }
}

/// What a list is called in the report.
const STATUS_LIST: &str = "status list";
const REVOCATION_LIST: &str = "revocation list";

/// The list is not at hand: offline, or its fetch failed (the reason is said).
fn never_checked(list: &str, url: &str, what: &str, keys: &dyn KeySource) -> Check {
    let missing = super::source::missing(keys, url);
    unknown(format!("Unknown (never checked: the {list} {missing}). {url} says whether the issuer has {what} it."))
}

fn last_checked(list: &str, doc: &SourcedDocument, url: &str, why: &str) -> Check {
    unknown(format!(
        "Unknown (last checked {}): the {list} {url} ({}) {why}.",
        obtained_at(doc.origin),
        doc.origin.describe()
    ))
}

// ---------------------------------------------------------------------------------------
// Open Badges 3.0: `credentialStatus`

fn credential_status(document: &Value, issuer: Option<&str>, keys: &dyn KeySource, at: OffsetDateTime) -> Check {
    let entries: Vec<&Value> = match document.get("credentialStatus") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    };
    if entries.is_empty() {
        return Check::not_checked(
            CheckId::Status,
            "The credential declares no status entry: there is no revocation to check.",
        )
        .because(Reason::NotApplicable);
    }
    if entries.len() > MAX_ENTRIES {
        return unknown(format!(
            "Not checked: the credential declares {} status entries, more than the {MAX_ENTRIES} Rosette reads.",
            entries.len()
        ));
    }
    let checks: Vec<Check> = entries.into_iter().map(|entry| entry_status(entry, document, issuer, keys, at)).collect();
    combine(checks)
}

/// How bad an entry's finding is: the worst one decides the check.
fn severity(check: &Check) -> u8 {
    match (check.outcome, check.reason) {
        (Outcome::Failed, Some(Reason::Revoked)) => 6,
        (Outcome::Failed, _) => 5,
        (Outcome::Unknown, _) => 4,
        (Outcome::Warning, _) => 3,
        (Outcome::Passed, _) => 2,
        _ => 1,
    }
}

/// One check from the findings of every entry: the worst outcome, every detail.
fn combine(mut checks: Vec<Check>) -> Check {
    if checks.len() == 1 {
        return checks.remove(0);
    }
    let worst = checks.iter().max_by_key(|c| severity(c)).cloned().unwrap_or_else(|| unknown("No status entry."));
    let details: Vec<&str> = checks.iter().map(|c| c.detail.as_str()).collect();
    Check { detail: details.join(" "), ..worst }
}

fn type_names(value: &Value) -> Vec<&str> {
    match value.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The two bitstring methods: the same mechanics, different names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Bitstring,
    StatusList2021,
}

impl Flavor {
    fn list_type(self) -> &'static str {
        match self {
            Self::Bitstring => "BitstringStatusListCredential",
            Self::StatusList2021 => "StatusList2021Credential",
        }
    }
}

fn entry_status(
    entry: &Value,
    document: &Value,
    issuer: Option<&str>,
    keys: &dyn KeySource,
    at: OffsetDateTime,
) -> Check {
    if !entry.is_object() {
        return unknown("Not checked: a status entry of the credential is not a JSON object.");
    }
    let types = type_names(entry);
    if types.contains(&"BitstringStatusListEntry") {
        bitstring_status(entry, Flavor::Bitstring, issuer, keys, at)
    } else if types.contains(&"StatusList2021Entry") {
        bitstring_status(entry, Flavor::StatusList2021, issuer, keys, at)
    } else if types.contains(&"1EdTechRevocationList") {
        edtech_revocation_list(entry, document, issuer, keys)
    } else {
        let kind = types.first().map_or_else(|| "of an unnamed type".to_owned(), |t| format!("of type {t}"));
        unknown(format!(
            "Not checked: the status entry is {kind}, which Rosette cannot check; it may have been revoked."
        ))
    }
}

// ---------------------------------------------------------------------------------------
// Bitstring Status List v1.0 and StatusList2021

/// What a revocation or suspension bit means, for the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Revocation,
    Suspension,
}

impl Purpose {
    fn name(self) -> &'static str {
        match self {
            Self::Revocation => "revocation",
            Self::Suspension => "suspension",
        }
    }
    fn past(self) -> &'static str {
        match self {
            Self::Revocation => "revoked",
            Self::Suspension => "suspended",
        }
    }
}

/// A bitstring status entry, read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BitEntry {
    list: String,
    index: u64,
    purpose: Purpose,
}

/// What to do with an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum EntryReading {
    Check(BitEntry),
    /// A purpose that carries no revocation (`message`, `refresh`).
    NotRevocation(String),
    /// A purpose Rosette does not know.
    UnknownPurpose(String),
}

/// Reads a bitstring entry; `Err` says what is malformed.
fn read_bit_entry(entry: &Value) -> Result<EntryReading, String> {
    let purpose = match entry.get("statusPurpose") {
        Some(Value::String(p)) => p.as_str(),
        Some(_) => return Err("its \"statusPurpose\" is not a string".into()),
        None => return Err("it has no \"statusPurpose\"".into()),
    };
    // Some issuers capitalize the purpose ("Revocation"); the meaning is unchanged.
    let purpose = match purpose.to_ascii_lowercase().as_str() {
        "revocation" => Purpose::Revocation,
        "suspension" => Purpose::Suspension,
        "message" | "refresh" => return Ok(EntryReading::NotRevocation(purpose.to_owned())),
        _ => return Ok(EntryReading::UnknownPurpose(purpose.to_owned())),
    };
    let list = match entry.get("statusListCredential") {
        Some(Value::String(url)) if !url.trim().is_empty() => url.clone(),
        _ => return Err("it names no \"statusListCredential\"".into()),
    };
    let index = match entry.get("statusListIndex") {
        // The specifications say a string of digits; a plain JSON integer means the same.
        Some(Value::String(digits))
            if !digits.is_empty() && digits.len() <= 20 && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            digits.parse::<u64>().map_err(|_| format!("\"statusListIndex\" {digits:?} is out of range"))?
        }
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or_default(),
        Some(other) => return Err(format!("\"statusListIndex\" {other} is not a string of digits")),
        None => return Err("it has no \"statusListIndex\"".into()),
    };
    // A revocation or suspension entry is one bit; wider entries are for messages.
    match entry.get("statusSize") {
        None | Some(Value::Null) => {}
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(other) => {
            return Err(format!("a {} entry must be one bit, its \"statusSize\" is {other}", purpose.name()))
        }
    }
    Ok(EntryReading::Check(BitEntry { list, index, purpose }))
}

fn bitstring_status(
    entry: &Value,
    flavor: Flavor,
    issuer: Option<&str>,
    keys: &dyn KeySource,
    at: OffsetDateTime,
) -> Check {
    let entry = match read_bit_entry(entry) {
        Ok(EntryReading::Check(entry)) => entry,
        Ok(EntryReading::NotRevocation(purpose)) => {
            return Check::not_checked(
                CheckId::Status,
                format!("A status entry for {purpose:?} carries no revocation; it was not followed."),
            )
            .because(Reason::NotApplicable)
        }
        Ok(EntryReading::UnknownPurpose(purpose)) => {
            return unknown(format!(
                "Not checked: a status entry has the purpose {purpose:?}, which Rosette does not know; it may mean \
                 the badge is no longer valid."
            ))
        }
        Err(why) => return unknown(format!("Not checked: the credential's status entry is malformed: {why}.")),
    };
    let url = entry.list.as_str();
    let Some(doc) = keys.document(url) else {
        return never_checked(STATUS_LIST, url, entry.purpose.past(), keys);
    };
    let bits = match verified_bitstring(&doc.value, flavor, entry.purpose, issuer, keys, at) {
        Ok(bits) => bits,
        Err(why) => return last_checked(STATUS_LIST, &doc, url, &why),
    };
    let entries = bits.len().saturating_mul(8);
    let Some(set) = bit_at(&bits, entry.index) else {
        return last_checked(
            STATUS_LIST,
            &doc,
            url,
            &format!(
                "has {entries} entries, but the badge points at entry {}: the issuer's list and badge disagree",
                entry.index
            ),
        );
    };
    let (when, t) = (doc.origin.describe(), obtained_at(doc.origin));
    let (purpose, index) = (entry.purpose, entry.index);
    if set {
        let reason = if purpose == Purpose::Revocation { Reason::Revoked } else { Reason::Suspended };
        let what = if purpose == Purpose::Revocation { "Revoked" } else { "Suspended" };
        return Check::failed(
            CheckId::Status,
            format!("{what} by its issuer: the {} list {url} ({when}) marks entry {index}.", purpose.name()),
        )
        .because(reason);
    }
    let detail = format!(
        "Not {} as of {t}: the issuer's {} list {url} ({when}) does not mark entry {index}.",
        purpose.past(),
        purpose.name()
    );
    if entries < MIN_LIST_ENTRIES {
        Check::warning(
            CheckId::Status,
            format!(
                "{detail} The list has only {entries} entries, fewer than the {MIN_LIST_ENTRIES} the specification \
                 requires to keep holders private."
            ),
        )
    } else {
        Check::passed(CheckId::Status, detail)
    }
}

/// The bit at `index` (bit 0 is the left-most bit of the first byte), or `None` past the end.
fn bit_at(bits: &[u8], index: u64) -> Option<bool> {
    let byte = usize::try_from(index / 8).ok()?;
    let shift = 7 - (index % 8) as u32;
    bits.get(byte).map(|b| (b >> shift) & 1 == 1)
}

/// The status list credential proven, the issuer's, in force, for `purpose`: its bitstring.
/// `Err` completes "the status list URL (obtained …) …".
fn verified_bitstring(
    list: &Value,
    flavor: Flavor,
    purpose: Purpose,
    issuer: Option<&str>,
    keys: &dyn KeySource,
    at: OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let (assessment, credential) = assess_list_credential(list, keys)?;
    let types = type_names(&credential);
    if !types.contains(&flavor.list_type()) {
        return Err(format!("is not a {} (its type is {types:?})", flavor.list_type()));
    }
    proven(&assessment)?;
    let Some(issuer) = issuer else {
        return Err("cannot be matched with the badge, which names no issuer".into());
    };
    match assessment.issuer_id.as_deref() {
        Some(signer) if signer == issuer => {}
        Some(signer) => return Err(format!("is issued by {signer}, not by the badge's issuer {issuer}")),
        None => return Err("names no issuer".into()),
    }
    let window = check_window(assessment.window, at);
    if window.outcome == Outcome::Failed {
        let mut detail = window.detail.trim_end_matches('.').chars();
        let first = detail.next().map(|c| c.to_lowercase().to_string()).unwrap_or_default();
        return Err(format!("is out of date: {first}{}", detail.as_str()));
    }
    let subject = match credential.get("credentialSubject") {
        Some(Value::Array(items)) if items.len() == 1 => &items[0],
        Some(subject @ Value::Object(_)) => subject,
        _ => return Err("has no single \"credentialSubject\"".into()),
    };
    let purposes: Vec<&str> = match subject.get("statusPurpose") {
        Some(Value::String(p)) => vec![p.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !purposes.iter().any(|p| p.eq_ignore_ascii_case(purpose.name())) {
        return Err(format!(
            "is a list for {}, not for {} as the badge's entry says",
            if purposes.is_empty() { "no stated purpose".to_owned() } else { format!("{purposes:?}") },
            purpose.name()
        ));
    }
    let Some(encoded) = subject.get("encodedList").and_then(Value::as_str) else {
        return Err("has no \"encodedList\"".into());
    };
    decode_encoded_list(encoded).map_err(|why| format!("cannot be read: its encodedList {why}"))
}

/// Runs the proof assessors on a status list credential (JSON with an embedded proof, or a
/// VC-JWT kept as a JSON string). Returns the assessment and the credential itself.
fn assess_list_credential(list: &Value, keys: &dyn KeySource) -> Result<(ProofAssessment, Value), String> {
    match list {
        Value::Object(_) => Ok((data_integrity::assess(list, keys), list.clone())),
        Value::String(token) => {
            let jws = jose::split(token).map_err(|why| format!("is not a readable signed token: {why}"))?;
            let credential = jws.payload.get("vc").filter(|v| v.is_object()).unwrap_or(&jws.payload).clone();
            Ok((jose::assess_vc_jwt(&jws, keys), credential))
        }
        _ => Err("is neither a credential nor a signed token".into()),
    }
}

/// The list's proof verified and bound to its issuer, with no failed check.
fn proven(assessment: &ProofAssessment) -> Result<(), String> {
    let first = |id: CheckId| assessment.checks.iter().find(|c| c.id == id);
    if let Some(failed) = assessment.checks.iter().find(|c| c.outcome == Outcome::Failed) {
        let what = match failed.id {
            CheckId::Proof => "its proof does not verify",
            CheckId::IssuerBinding => "is not signed by its issuer's key",
            _ => "is malformed",
        };
        return Err(format!("{what}: {}", failed.detail.trim_end_matches('.')));
    }
    for (id, what) in [(CheckId::Proof, "its proof"), (CheckId::IssuerBinding, "its signer")] {
        match first(id) {
            Some(c) if c.outcome == Outcome::Passed => {}
            Some(c) => return Err(format!("{what} could not be checked: {}", c.detail.trim_end_matches('.'))),
            None => return Err(format!("{what} could not be checked")),
        }
    }
    Ok(())
}

/// Decodes an `encodedList`: base64url (no padding) of a GZIP stream, with the multibase
/// prefix `u` (Bitstring Status List v1.0) or without it (StatusList2021). Both are accepted
/// for both methods: issuers of each have shipped the other form, and a base64 GZIP stream
/// always begins "H4s", so a leading `u` can only be the prefix. Padding and the standard
/// base64 alphabet are tolerated for the same reason. The output is capped at
/// [`MAX_BITSTRING_BYTES`]; `Err` completes "its encodedList …".
pub(crate) fn decode_encoded_list(encoded: &str) -> Result<Vec<u8>, String> {
    let text = encoded.trim();
    let text = text.strip_prefix('u').unwrap_or(text).trim_end_matches('=');
    let compressed =
        if text.contains(['+', '/']) { STANDARD_NO_PAD.decode(text) } else { URL_SAFE_NO_PAD.decode(text) }
            .map_err(|e| format!("is not base64url: {e}"))?;
    if !compressed.starts_with(&[0x1f, 0x8b]) {
        return Err("is not GZIP-compressed".into());
    }
    let mut bits = Vec::new();
    let limit = MAX_BITSTRING_BYTES as u64 + 1;
    flate2::read::GzDecoder::new(compressed.as_slice())
        .take(limit)
        .read_to_end(&mut bits)
        .map_err(|e| format!("cannot be decompressed: {e}"))?;
    if bits.len() > MAX_BITSTRING_BYTES {
        return Err(format!(
            "decompresses to more than {} MiB, more than any status list needs",
            MAX_BITSTRING_BYTES / (1024 * 1024)
        ));
    }
    if bits.is_empty() {
        return Err("holds an empty list".into());
    }
    Ok(bits)
}

// ---------------------------------------------------------------------------------------
// Unsigned lists of ids: 1EdTech Revocation List, Open Badges 2.0 revocationList

/// The issuer id a list document names, if it names one.
fn list_issuer(list: &Value) -> Option<&str> {
    match list.get("issuer") {
        Some(Value::String(s)) => Some(s),
        Some(object) => object.get("id").and_then(Value::as_str),
        None => None,
    }
}

/// Checks an unsigned revocation list. `members` are the names the list array may have;
/// `ids` the badge's identifiers (an entry matches by string, `id` or `uid`).
fn unsigned_list_check(
    doc: &SourcedDocument,
    url: &str,
    issuer: Option<&str>,
    members: &[&str],
    ids: &[&str],
) -> Check {
    let list = &doc.value;
    if !list.is_object() {
        return last_checked(REVOCATION_LIST, doc, url, "is not a JSON object");
    }
    if let (Some(named), Some(issuer)) = (list_issuer(list), issuer) {
        if named != issuer {
            return last_checked(
                REVOCATION_LIST,
                doc,
                url,
                &format!("belongs to {named}, not to the badge's issuer {issuer}"),
            );
        }
    }
    let Some((member, entries)) = members.iter().find_map(|m| list.get(*m).map(|v| (*m, v))) else {
        return last_checked(REVOCATION_LIST, doc, url, &format!("has no \"{}\"", members[0]));
    };
    let Some(entries) = entries.as_array() else {
        return last_checked(REVOCATION_LIST, doc, url, &format!("has a \"{member}\" that is not a list"));
    };
    let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
    let listed = entries.iter().find(|entry| match entry {
        Value::String(id) => ids.contains(&id.as_str()),
        Value::Object(_) => ["id", "uid"].iter().any(|n| text(entry, n).is_some_and(|id| ids.contains(&id.as_str()))),
        _ => false,
    });
    let when = doc.origin.describe();
    if let Some(entry) = listed {
        let reason = text(entry, "revocationReason").map(|r| format!(" Reason given: {r}")).unwrap_or_default();
        return Check::failed(
            CheckId::Status,
            format!("Revoked by its issuer: the revocation list {url} ({when}) lists it.{reason}"),
        )
        .because(Reason::Revoked);
    }
    if !doc.origin.from_its_url() {
        return last_checked(
            REVOCATION_LIST,
            doc,
            url,
            "does not list it, but this copy was not obtained from its address, and an unsigned list only shows \
             the issuer's word when it comes from there",
        );
    }
    Check::passed(
        CheckId::Status,
        format!(
            "Not revoked as of {}: the issuer's revocation list {url} ({when}) does not list it.",
            obtained_at(doc.origin)
        ),
    )
}

fn edtech_revocation_list(entry: &Value, document: &Value, issuer: Option<&str>, keys: &dyn KeySource) -> Check {
    let Some(url) = entry.get("id").and_then(Value::as_str).filter(|u| !u.trim().is_empty()) else {
        return unknown("Not checked: the 1EdTechRevocationList entry names no list (\"id\").");
    };
    let Some(credential_id) = document.get("id").and_then(Value::as_str) else {
        return unknown("Not checked: the credential has no \"id\" to look up in its issuer's revocation list.");
    };
    let Some(doc) = keys.document(url) else {
        return never_checked(REVOCATION_LIST, url, "revoked", keys);
    };
    // The 1EdTech specification names the array `revokedCredentials`; the singular form has
    // been seen too.
    unsigned_list_check(&doc, url, issuer, &["revokedCredentials", "revokedCredential"], &[credential_id])
}

fn ob2_revocation_list(assertion: &Value, issuer: Option<&str>, keys: &dyn KeySource) -> Check {
    let Some(issuer) = issuer else {
        return unknown("The assertion names no issuer profile, so whether it was revoked is unknown.");
    };
    let Some(profile) = keys.document(issuer) else {
        let missing = super::source::missing(keys, issuer);
        return unknown(format!("The issuer profile {missing}, so whether it revoked this badge is unknown."));
    };
    let url = match profile.value.get("revocationList") {
        None | Some(Value::Null) => {
            return Check::not_checked(
                CheckId::Status,
                format!("The issuer profile ({}) declares no revocation list.", profile.origin.describe()),
            )
            .because(Reason::NotApplicable)
        }
        Some(Value::String(url)) => url.as_str(),
        Some(object) => match object.get("id").and_then(Value::as_str) {
            Some(url) => url,
            None => return unknown("Not checked: the issuer profile's \"revocationList\" is not a URL."),
        },
    };
    let ids: Vec<&str> = ["id", "uid"].iter().filter_map(|n| assertion.get(*n).and_then(Value::as_str)).collect();
    if ids.is_empty() {
        return unknown("Not checked: the assertion has no \"id\" to look up in its issuer's revocation list.");
    }
    let Some(doc) = keys.document(url) else {
        return never_checked(REVOCATION_LIST, url, "revoked", keys);
    };
    unsigned_list_check(&doc, url, Some(issuer), &["revokedAssertions"], &ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write as _;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn encoded_lists_decode_with_and_without_the_multibase_prefix() {
        let mut bits = vec![0u8; 16 * 1024];
        bits[0] = 0b1000_0001;
        let compressed = gzip(&bits);
        let bare = URL_SAFE_NO_PAD.encode(&compressed);
        assert!(bare.starts_with("H4s"), "{bare}");
        assert_eq!(decode_encoded_list(&format!("u{bare}")).unwrap(), bits);
        assert_eq!(decode_encoded_list(&bare).unwrap(), bits);
        let padded = base64::engine::general_purpose::STANDARD.encode(&compressed);
        assert_eq!(decode_encoded_list(&padded).unwrap(), bits);
    }

    #[test]
    fn bits_are_read_from_the_left_of_the_first_byte() {
        let bits = [0b1000_0001u8, 0b0100_0000];
        assert_eq!(bit_at(&bits, 0), Some(true));
        assert_eq!(bit_at(&bits, 1), Some(false));
        assert_eq!(bit_at(&bits, 7), Some(true));
        assert_eq!(bit_at(&bits, 9), Some(true));
        assert_eq!(bit_at(&bits, 15), Some(false));
        assert_eq!(bit_at(&bits, 16), None);
        assert_eq!(bit_at(&bits, u64::MAX), None);
    }

    #[test]
    fn unreadable_lists_say_why() {
        let cases = [
            ("u!!!", "is not base64url"),
            (&*format!("u{}", URL_SAFE_NO_PAD.encode(b"plain text, not gzip")), "is not GZIP-compressed"),
            (&*format!("u{}", URL_SAFE_NO_PAD.encode(gzip(&[]))), "empty"),
        ];
        for (encoded, expected) in cases {
            let error = decode_encoded_list(encoded).unwrap_err();
            assert!(error.contains(expected), "{encoded}: {error}");
        }
        let mut truncated = gzip(&[0u8; 4096]);
        truncated.truncate(truncated.len() / 2);
        let error = decode_encoded_list(&URL_SAFE_NO_PAD.encode(&truncated)).unwrap_err();
        assert!(error.contains("cannot be decompressed"), "{error}");
    }

    #[test]
    fn entries_are_read_strictly() {
        let base = serde_json::json!({
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": "https://example.com/status/3",
        });
        let read = |edit: &dyn Fn(&mut Value)| {
            let mut entry = base.clone();
            edit(&mut entry);
            read_bit_entry(&entry)
        };
        assert_eq!(
            read(&|_| {}),
            Ok(EntryReading::Check(BitEntry {
                list: "https://example.com/status/3".into(),
                index: 94567,
                purpose: Purpose::Revocation
            }))
        );
        assert!(matches!(read(&|e| e["statusListIndex"] = 7.into()), Ok(EntryReading::Check(b)) if b.index == 7));
        assert!(
            matches!(read(&|e| e["statusPurpose"] = "Suspension".into()), Ok(EntryReading::Check(b)) if b.purpose == Purpose::Suspension)
        );
        assert!(matches!(read(&|e| e["statusPurpose"] = "message".into()), Ok(EntryReading::NotRevocation(_))));
        assert!(matches!(read(&|e| e["statusPurpose"] = "expiry".into()), Ok(EntryReading::UnknownPurpose(_))));
        for (edit, expected) in [
            (&(|e: &mut Value| e["statusListIndex"] = "-1".into()) as &dyn Fn(&mut Value), "statusListIndex"),
            (&|e: &mut Value| e["statusListIndex"] = "12a".into(), "statusListIndex"),
            (&|e: &mut Value| e["statusListIndex"] = "".into(), "statusListIndex"),
            (&|e: &mut Value| e["statusListIndex"] = "99999999999999999999".into(), "statusListIndex"),
            (&|e: &mut Value| e["statusListIndex"] = (-3).into(), "statusListIndex"),
            (&|e: &mut Value| drop(e.as_object_mut().unwrap().remove("statusListIndex")), "statusListIndex"),
            (&|e: &mut Value| e["statusListCredential"] = 3.into(), "statusListCredential"),
            (&|e: &mut Value| e["statusPurpose"] = 1.into(), "statusPurpose"),
            (&|e: &mut Value| e["statusSize"] = 2.into(), "one bit"),
        ] {
            let error = read(edit).unwrap_err();
            assert!(error.contains(expected), "{error}");
        }
    }

    #[test]
    fn the_worst_entry_decides_and_every_detail_is_kept() {
        let passed = Check::passed(CheckId::Status, "A.");
        let unknown = unknown("B.");
        let revoked = Check::failed(CheckId::Status, "C.").because(Reason::Revoked);
        let suspended = Check::failed(CheckId::Status, "D.").because(Reason::Suspended);
        let combined = combine(vec![passed.clone(), unknown.clone()]);
        assert_eq!((combined.outcome, combined.detail.as_str()), (Outcome::Unknown, "A. B."));
        let combined = combine(vec![suspended.clone(), revoked, unknown]);
        assert_eq!((combined.outcome, combined.reason), (Outcome::Failed, Some(Reason::Revoked)));
        let combined = combine(vec![passed, suspended]);
        assert_eq!(combined.reason, Some(Reason::Suspended));
    }
}
