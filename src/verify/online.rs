//! Going online for verification, when the user allows it: a [`KeySource`] that wraps the
//! portfolio's offline source and fetches, through the one hardened client (`crate::net`),
//! what is missing or stale:
//! - `did:web` DID documents (`https://host/.well-known/did.json`, or `https://host/path/did.json`;
//!   a port is encoded as `%3A`), whose `id` must be the DID, never redirected to another host;
//! - any other `https` id verification asks for: OB 2.0 issuer profiles, `CryptographicKey`
//!   documents, hosted assertions and revocation lists, OB 3.0 issuer JWKS
//!   (`<issuer>/.well-known/jwks.json`), status list credentials. A document that names an
//!   `id` must name the address it was fetched from.
//!
//! Refresh policy: documents that say whether a badge is revoked (status lists, revocation
//! lists, hosted assertions) are fetched again even when cached; keys, DID documents and
//! profiles come from the cache when it holds a copy fetched from their address, unless a
//! refresh was asked. A copy the user imported is replaced by a fetched one. When a fetch
//! fails, a cached copy is used and a note says so; with no copy, [`KeySource::absence`]
//! tells verification why the document is missing.
//!
//! Every fetched document is kept in the document cache (under the DID or URL, with its
//! fetch time) once the caller calls [`Wallet::keep_fetched`], so later offline checks say
//! "cached at T". An address that answered HTTP 410 Gone is kept as a record labelled as
//! Rosette's own (never read as the issuer's document) and reaches verification as
//! [`Absence::Gone`]: for a hosted OB 2.0 assertion, revoked.
//!
//! Without an [`OnlineSession`] nothing here can reach the network: the client only exists
//! inside a session.

use super::source::{rfc3339, Absence, DocumentOrigin, KeySource, SourcedDocument};
use crate::error::{Error, Result};
use crate::net::{FetchError, FetchProblem, HttpClient, NetworkSettings, Redirects};
use crate::store::KeptDocument;
use crate::wallet::Wallet;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use time::OffsetDateTime;

/// The `type` of the cache's record of an address that answered 410 Gone.
const GONE_RECORD_TYPE: &str = "RosetteRecord:HttpGone";

/// What one fetch of an id came to, remembered for the rest of the session.
#[derive(Debug, Clone)]
enum Outcome {
    Document(SourcedDocument),
    Gone(OffsetDateTime),
    Failed(String),
}

/// A permission to go online, with what was fetched so far. Shared by every verification
/// of one run (a document is fetched once per session); safe to share between threads.
pub struct OnlineSession {
    client: HttpClient,
    refresh: bool,
    /// One cell per id: threads asking for the same id wait for one fetch.
    outcomes: Mutex<HashMap<String, Arc<OnceLock<Outcome>>>>,
    to_keep: Mutex<Vec<KeptDocument>>,
    notes: Mutex<Vec<String>>,
}

impl std::fmt::Debug for OnlineSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnlineSession").field("refresh", &self.refresh).finish_non_exhaustive()
    }
}

impl OnlineSession {
    /// A session with these settings; `refresh` fetches keys and DID documents again even
    /// when cached. Fails when an extra CA certificate file cannot be read.
    pub fn new(settings: &NetworkSettings, refresh: bool) -> Result<Self> {
        Ok(Self {
            client: HttpClient::new(settings).map_err(Error::InvalidInput)?,
            refresh,
            outcomes: Mutex::new(HashMap::new()),
            to_keep: Mutex::new(Vec::new()),
            notes: Mutex::new(Vec::new()),
        })
    }

    /// What the session had to say so far: fetches that failed where a cached copy was
    /// used instead.
    pub fn notes(&self) -> Vec<String> {
        self.notes.lock().map(|n| n.clone()).unwrap_or_default()
    }

    fn note(&self, note: String) {
        if let Ok(mut notes) = self.notes.lock() {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }

    fn keep(&self, document: KeptDocument) {
        if let Ok(mut to_keep) = self.to_keep.lock() {
            to_keep.retain(|d| d.id != document.id);
            to_keep.push(document);
        }
    }

    fn remembered(&self, id: &str) -> Option<Outcome> {
        self.outcomes.lock().ok()?.get(id)?.get().cloned()
    }

    /// The cell of `id`'s outcome, made when first asked for.
    fn cell(&self, id: &str) -> Arc<OnceLock<Outcome>> {
        match self.outcomes.lock() {
            Ok(mut outcomes) => Arc::clone(outcomes.entry(id.to_owned()).or_default()),
            // A thread panicked while holding the map: fetch without sharing.
            Err(_) => Arc::new(OnceLock::new()),
        }
    }

    fn remember(&self, id: &str, outcome: Outcome) {
        let _ = self.cell(id).set(outcome);
    }

    /// Fetches the document `id`, once per session: threads asking at the same time wait
    /// for the first one's answer.
    fn fetch_document(&self, id: &str, url: &str, redirects: Redirects, now: OffsetDateTime) -> Outcome {
        self.cell(id).get_or_init(|| self.fetch_now(id, url, redirects, now)).clone()
    }

    fn fetch_now(&self, id: &str, url: &str, redirects: Redirects, now: OffsetDateTime) -> Outcome {
        match self.client.get(url, redirects) {
            Ok(fetched) => match read_document(&fetched.body).and_then(|read| {
                check_named_id(id, url, &read.0)?;
                Ok(read)
            }) {
                Ok((value, bytes)) => {
                    self.keep(KeptDocument {
                        id: id.to_owned(),
                        bytes,
                        origin: "fetched".into(),
                        obtained_at: rfc3339(now),
                    });
                    Outcome::Document(SourcedDocument { value, origin: DocumentOrigin::Fetched(now) })
                }
                Err(why) => Outcome::Failed(format!("{url}: refused: {why}")),
            },
            Err(e) if e.is_gone() => {
                self.keep(KeptDocument {
                    id: id.to_owned(),
                    bytes: gone_record(id),
                    origin: "fetched".into(),
                    obtained_at: rfc3339(now),
                });
                Outcome::Gone(now)
            }
            Err(e) => Outcome::Failed(e.to_string()),
        }
    }

    /// Fetches a badge given by its address. A JSON document whose `id` is that address
    /// (an OB 2.0 hosted assertion) is also remembered as the issuer's copy, so it is
    /// not fetched twice and verification compares the badge with itself as fetched.
    pub(crate) fn fetch_badge(&self, url: &str, now: OffsetDateTime) -> std::result::Result<Vec<u8>, FetchError> {
        let fetched = self.client.get(url, Redirects::AnyHost)?;
        let is_html = fetched.content_type.as_deref().is_some_and(|t| t.trim_start().starts_with("text/html"));
        if is_html {
            return Err(FetchError {
                url: fetched.url,
                problem: FetchProblem::Other(
                    "the address gives a web page, not a badge; download the badge (or its baked image) from the \
                     page and verify the file"
                        .into(),
                ),
            });
        }
        if let Ok((value, bytes)) = read_document(&fetched.body) {
            if value.get("id").and_then(Value::as_str).is_some_and(|id| same_address(id, url)) {
                self.keep(KeptDocument {
                    id: url.to_owned(),
                    bytes,
                    origin: "fetched".into(),
                    obtained_at: rfc3339(now),
                });
                self.remember(url, Outcome::Document(SourcedDocument { value, origin: DocumentOrigin::Fetched(now) }));
            }
        }
        Ok(fetched.body)
    }
}

/// A link Rosette fetches badges from: https with a host; trimmed.
pub(crate) fn https_link(link: &str) -> Result<&str> {
    let link = link.trim();
    match url::Url::parse(link) {
        Ok(url) if url.scheme() == "https" && url.host().is_some() => Ok(link),
        _ => {
            Err(Error::InvalidInput(format!("\"{link}\" is not a link Rosette can fetch: it must start with https://")))
        }
    }
}

/// The strict JSON value of a fetched body, and the bytes to keep. A compact JWS (a
/// status list secured as a VC-JWT) becomes a JSON string.
fn read_document(body: &[u8]) -> std::result::Result<(Value, Vec<u8>), String> {
    let text = std::str::from_utf8(body).map_err(|_| "the answer is not text".to_owned())?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') {
        let value =
            crate::json::parse_strict(text.as_bytes()).map_err(|e| format!("not a valid JSON document: {e}"))?;
        return Ok((value, text.as_bytes().to_vec()));
    }
    let jws_like = text.split('.').count() == 3
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if jws_like {
        let value = Value::String(text.to_owned());
        let bytes = serde_json::to_vec(&value).map_err(|e| e.to_string())?;
        return Ok((value, bytes));
    }
    Err("the answer is neither a JSON document nor a signed token".into())
}

/// A fetched document that names an `id` must name what was asked for: the DID for a
/// DID document, else the address.
fn check_named_id(asked: &str, url: &str, value: &Value) -> std::result::Result<(), String> {
    let named = value.get("id").and_then(Value::as_str);
    if asked.starts_with("did:") {
        return match named {
            Some(id) if id == asked => Ok(()),
            Some(id) => Err(format!("the DID document there is for {id}, not {asked}")),
            None => Err(format!("the DID document there has no \"id\" (it must be {asked})")),
        };
    }
    match named {
        Some(id) if !same_address(id, url) => Err(format!("the document there says its id is {id}")),
        _ => Ok(()),
    }
}

fn same_address(a: &str, b: &str) -> bool {
    a == b || matches!((url::Url::parse(a), url::Url::parse(b)), (Ok(a), Ok(b)) if a == b)
}

/// The bytes of the labelled record kept for an address that answered 410 Gone.
fn gone_record(id: &str) -> Vec<u8> {
    let record = json!({
        "id": id,
        "type": GONE_RECORD_TYPE,
        "httpStatus": 410,
        "note": "Rosette's own record, not a document from the issuer: this address answered HTTP 410 Gone when it was fetched."
    });
    serde_json::to_vec(&record).unwrap_or_default()
}

/// Whether a kept document is Rosette's record of a 410 Gone rather than a document.
pub(crate) fn is_gone_record(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some(GONE_RECORD_TYPE)
}

/// The address a `did:web` DID's document is fetched from (did:web method §3.2): the
/// domain (a port encoded as `%3A`), then the path segments, else `/.well-known`.
pub(crate) fn did_web_url(did: &str) -> Option<String> {
    let rest = did.strip_prefix("did:web:")?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', '\\']) {
        return None;
    }
    let mut parts = rest.split(':');
    let host = parts.next()?.replace("%3A", ":").replace("%3a", ":");
    let path: Vec<&str> = parts.collect();
    let unsafe_segment = |s: &&str| s.is_empty() || *s == "." || *s == ".." || s.to_ascii_lowercase().contains("%2e");
    if host.is_empty() || host.contains('%') || path.iter().any(unsafe_segment) {
        return None;
    }
    let text = if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    };
    let url = url::Url::parse(&text).ok()?;
    let authority = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str()?),
        None => url.host_str()?.to_owned(),
    };
    authority.eq_ignore_ascii_case(&host).then(|| url.to_string())
}

/// Documents that say whether a badge is revoked: fetched again whenever online.
fn tells_status(value: &Value) -> bool {
    const STATUS_TYPES: [&str; 6] = [
        "BitstringStatusListCredential",
        "StatusList2021Credential",
        "1EdTechRevocationList",
        "RevocationList",
        "Assertion",
        "BitstringStatusList",
    ];
    let typed = |t: &str| STATUS_TYPES.contains(&t);
    // A string is a VC-JWT (a status list credential).
    if value.is_string() {
        return true;
    }
    let type_matches = match value.get("type") {
        Some(Value::String(t)) => typed(t),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(typed),
        _ => false,
    };
    type_matches || value.get("revokedAssertions").is_some() || value.get("revokedCredential").is_some()
}

/// The portfolio's offline source, seen through an online session when there is one.
pub(crate) struct OnlineSource<'a> {
    offline: &'a dyn KeySource,
    session: Option<&'a OnlineSession>,
    now: OffsetDateTime,
}

impl<'a> OnlineSource<'a> {
    /// `offline`, seen through `session` (fetch times are `now`) when there is one.
    pub(crate) fn new(offline: &'a dyn KeySource, session: Option<&'a OnlineSession>, now: OffsetDateTime) -> Self {
        Self { offline, session, now }
    }

    /// Where `id` is fetched from, if it can be: did:web and https ids.
    fn address(id: &str) -> Option<(String, Redirects)> {
        if id.starts_with("did:web:") {
            return did_web_url(id).map(|url| (url, Redirects::SameHost));
        }
        let url = url::Url::parse(id).ok()?;
        (url.scheme() == "https" && url.host().is_some()).then(|| (id.to_owned(), Redirects::AnyHost))
    }
}

impl KeySource for OnlineSource<'_> {
    fn document(&self, id: &str) -> Option<SourcedDocument> {
        let Some(session) = self.session else {
            return self.offline.document(id);
        };
        if let Some(Outcome::Document(doc)) = session.remembered(id) {
            return Some(doc);
        }
        let offline = self.offline.document(id);
        let Some((url, redirects)) = Self::address(id) else {
            return offline;
        };
        if let Some(doc) = &offline {
            if doc.origin.from_its_url() && !session.refresh && !tells_status(&doc.value) {
                return offline;
            }
        }
        match session.fetch_document(id, &url, redirects, self.now) {
            Outcome::Document(doc) => Some(doc),
            Outcome::Gone(_) => None,
            Outcome::Failed(why) => {
                if let Some(doc) = &offline {
                    session.note(format!("{why}; the copy {} was used instead", doc.origin.describe()));
                }
                offline
            }
        }
    }

    fn absence(&self, id: &str) -> Option<Absence> {
        match self.session.and_then(|s| s.remembered(id)) {
            Some(Outcome::Gone(at)) => Some(Absence::Gone(DocumentOrigin::Fetched(at))),
            Some(Outcome::Failed(why)) => Some(Absence::FetchFailed(why)),
            _ => self.offline.absence(id),
        }
    }
}

impl Wallet {
    /// Lets verification go online (an explicit choice of the user): later checks fetch
    /// missing and stale documents through a session with these settings.
    pub fn go_online(&mut self, settings: &NetworkSettings, refresh: bool) -> Result<()> {
        self.online = Some(OnlineSession::new(settings, refresh)?);
        Ok(())
    }

    /// Stops going online, keeping what was fetched so far.
    pub fn go_offline(&mut self) -> Result<()> {
        self.keep_fetched()?;
        self.online = None;
        Ok(())
    }

    /// Whether verification may go online.
    pub fn is_online(&self) -> bool {
        self.online.is_some()
    }

    /// Keeps the documents fetched so far in the document cache; returns how many.
    pub fn keep_fetched(&mut self) -> Result<usize> {
        let Some(session) = &self.online else {
            return Ok(0);
        };
        let documents = session.to_keep.lock().map(|mut d| std::mem::take(&mut *d)).unwrap_or_default();
        for document in &documents {
            self.store.keep_document(document)?;
        }
        Ok(documents.len())
    }

    /// The online session's notes (fetches that failed where a cached copy was used).
    pub fn network_notes(&self) -> Vec<String> {
        self.online.as_ref().map(OnlineSession::notes).unwrap_or_default()
    }

    /// Fetches a badge from its https address, to verify it. Needs [`Wallet::go_online`].
    pub fn fetch_badge(&self, url: &str) -> Result<Vec<u8>> {
        let Some(session) = &self.online else {
            return Err(Error::InvalidInput(
                "verifying a link needs the network, and going online is off; download the badge and verify the file"
                    .into(),
            ));
        };
        Ok(session.fetch_badge(url, self.fetch_time())?)
    }

    /// Fetches the badge at an https link and imports it like a file (named by its link).
    /// Needs [`Wallet::go_online`] (see [`Wallet::while_online`]).
    pub fn import_link(&mut self, link: &str) -> Result<crate::wallet::ImportReport> {
        let link = https_link(link)?;
        let bytes = self.fetch_linked_badge(link)?;
        self.import_sources(vec![crate::wallet::ImportSource { name: link.to_owned(), bytes }])
    }

    /// [`Self::fetch_badge`], with 410 Gone said as what it means for a badge.
    pub fn fetch_linked_badge(&self, link: &str) -> Result<Vec<u8>> {
        match self.fetch_badge(link) {
            Err(Error::Fetch(e)) if e.is_gone() => Err(Error::InvalidInput(
                "the issuer no longer publishes this badge (HTTP 410 Gone): it was revoked".into(),
            )),
            other => other,
        }
    }

    /// `offline`, online when the wallet may go online.
    pub(crate) fn key_source<'a>(&'a self, offline: &'a dyn KeySource) -> OnlineSource<'a> {
        OnlineSource { offline, session: self.online.as_ref(), now: self.fetch_time() }
    }

    /// Now, in whole seconds (fetch times are shown to people and kept as text).
    pub(crate) fn fetch_time(&self) -> OffsetDateTime {
        let now = self.now();
        now.replace_nanosecond(0).unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::MemoryKeySource;

    #[test]
    fn did_web_addresses_follow_the_method() {
        assert_eq!(did_web_url("did:web:example.org").as_deref(), Some("https://example.org/.well-known/did.json"));
        assert_eq!(
            did_web_url("did:web:example.org:issuers:42").as_deref(),
            Some("https://example.org/issuers/42/did.json")
        );
        assert_eq!(
            did_web_url("did:web:localhost%3A8443").as_deref(),
            Some("https://localhost:8443/.well-known/did.json")
        );
        assert_eq!(did_web_url("did:web:Example.ORG").as_deref(), Some("https://example.org/.well-known/did.json"));
        for bad in [
            "did:web:",
            "did:key:z6Mk",
            "did:web:example.org:..:x",
            "did:web:example.org:%2e%2e",
            "did:web:example.org::x",
            "did:web:user@example.org",
            "did:web:example.org/x",
            "did:web:example.org%2Fevil",
            "did:web:example.org%3Abad",
        ] {
            assert_eq!(did_web_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn fetched_documents_must_name_what_was_asked_for() {
        let did = "did:web:example.org";
        let url = "https://example.org/.well-known/did.json";
        assert!(check_named_id(did, url, &json!({"id": did})).is_ok());
        let err = check_named_id(did, url, &json!({"id": "did:web:evil.example"})).unwrap_err();
        assert_eq!(err, "the DID document there is for did:web:evil.example, not did:web:example.org");
        assert!(check_named_id(did, url, &json!({})).is_err());
        let key = "https://example.org/keys/1";
        assert!(check_named_id(key, key, &json!({"id": key})).is_ok());
        assert!(check_named_id(key, key, &json!({"keys": []})).is_ok(), "a JWKS names no id");
        assert!(check_named_id(key, key, &json!({"id": "https://example.org/keys/2"})).is_err());
    }

    #[test]
    fn bodies_are_json_or_tokens() {
        let (value, bytes) = read_document(b"\xef\xbb\xbf {\"id\": \"x\"}\n").unwrap();
        assert_eq!(value, json!({"id": "x"}));
        assert_eq!(bytes, b"{\"id\": \"x\"}");
        let (value, bytes) = read_document(b"eyJh.eyJi.c2ln").unwrap();
        assert_eq!(value, Value::String("eyJh.eyJi.c2ln".into()));
        assert_eq!(crate::json::parse_strict(&bytes).unwrap(), value, "kept so the cache reads it back");
        assert!(read_document(b"{\"a\": 1, \"a\": 2}").unwrap_err().contains("JSON"));
        assert!(read_document(b"<html></html>").is_err());
        assert!(read_document(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn status_documents_are_told_apart_from_keys() {
        assert!(tells_status(&json!({"type": ["VerifiableCredential", "BitstringStatusListCredential"]})));
        assert!(tells_status(&json!({"type": "Assertion", "id": "https://x/a"})));
        assert!(tells_status(&json!({"id": "https://x/r", "revokedAssertions": []})));
        assert!(tells_status(&Value::String("eyJh.eyJi.c2ln".into())));
        assert!(!tells_status(&json!({"id": "did:web:x", "assertionMethod": []})));
        assert!(!tells_status(&json!({"type": "Profile", "id": "https://x/issuer"})));
        assert!(!tells_status(&json!({"keys": []})));
    }

    #[test]
    fn gone_records_are_labelled_and_recognised() {
        let record = crate::json::parse_strict(&gone_record("https://x/a/1")).unwrap();
        assert!(is_gone_record(&record));
        assert_eq!(record["id"], "https://x/a/1");
        assert!(record["note"].as_str().unwrap().contains("not a document from the issuer"));
        assert!(!is_gone_record(&json!({"id": "https://x/a/1", "revoked": true})));
    }

    #[test]
    fn without_a_session_the_source_is_the_offline_one() {
        let mut offline = MemoryKeySource::default();
        let at = OffsetDateTime::UNIX_EPOCH;
        offline.insert(None, json!({"id": "https://x/k"}), DocumentOrigin::Cached(at));
        let source = OnlineSource { offline: &offline, session: None, now: at };
        assert_eq!(source.document("https://x/k").unwrap().origin, DocumentOrigin::Cached(at));
        assert!(source.document("https://x/other").is_none());
        assert_eq!(source.absence("https://x/other"), None);
    }
}
