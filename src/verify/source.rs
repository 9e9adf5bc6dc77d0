//! Where verification finds documents it cannot derive from the credential: OB 2.0 key
//! documents and issuer profiles, cached DID documents (`did:web`), hosted assertions.
//!
//! Verification never fetches: it asks a [`KeySource`], which answers from what the
//! portfolio or a cache already holds, and says when and how each document was obtained
//! so the report can name it ("cached at T", "imported by you on T").

use super::report::KeySourceKind;
use serde_json::Value;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// How a document reached the source, with when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentOrigin {
    /// Kept from an earlier fetch of its URL.
    Cached(OffsetDateTime),
    /// Fetched from its URL just now.
    Fetched(OffsetDateTime),
    /// Given by the user (a file), not fetched from the issuer.
    Imported(OffsetDateTime),
}

impl DocumentOrigin {
    /// Whether the document came from its own URL (so it speaks for that domain).
    pub fn from_its_url(self) -> bool {
        matches!(self, Self::Cached(_) | Self::Fetched(_))
    }

    pub(crate) fn key_source(self) -> KeySourceKind {
        match self {
            Self::Cached(at) => KeySourceKind::Cached { at: rfc3339(at) },
            Self::Fetched(at) => KeySourceKind::Fetched { at: rfc3339(at) },
            Self::Imported(at) => KeySourceKind::Imported { at: rfc3339(at) },
        }
    }

    /// "cached at T", "fetched at T", "imported by you at T".
    pub(crate) fn describe(self) -> String {
        match self {
            Self::Cached(at) => format!("cached at {}", rfc3339(at)),
            Self::Fetched(at) => format!("fetched at {}", rfc3339(at)),
            Self::Imported(at) => format!("imported by you at {}", rfc3339(at)),
        }
    }
}

/// A document with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedDocument {
    pub value: Value,
    pub origin: DocumentOrigin,
}

/// What a source knows about a document it does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Absence {
    /// Its address answered HTTP 410 Gone (just now, or when it was last fetched): for an
    /// OB 2.0 hosted assertion, the issuer revoked it.
    Gone(DocumentOrigin),
    /// Going online for it failed; why, as a sentence fragment naming the address.
    FetchFailed(String),
}

/// Documents available to verification, by id (URL or DID). Implementations must not
/// go to the network unless the user asked for it.
pub trait KeySource {
    /// The document whose id is `id`, if available.
    fn document(&self, id: &str) -> Option<SourcedDocument>;

    /// Why `document(id)` gave nothing, when the source knows more than "not held" (asked
    /// after `document`). Offline sources usually know nothing more.
    fn absence(&self, _id: &str) -> Option<Absence> {
        None
    }
}

/// The end of a sentence about a document that is missing: "is not available offline",
/// or why fetching it failed.
pub(crate) fn missing(keys: &dyn KeySource, id: &str) -> String {
    match keys.absence(id) {
        Some(Absence::FetchFailed(why)) => format!("could not be fetched ({why})"),
        Some(Absence::Gone(origin)) => format!("is gone from its address (HTTP 410, {})", origin.describe()),
        None => "is not available offline".into(),
    }
}

/// A source with nothing in it: only what is derivable offline (did:key, did:jwk) verifies.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoDocuments;

impl KeySource for NoDocuments {
    fn document(&self, _id: &str) -> Option<SourcedDocument> {
        None
    }
}

/// An in-memory source keyed by each document's `id`.
#[derive(Debug, Default, Clone)]
pub struct MemoryKeySource {
    documents: HashMap<String, SourcedDocument>,
}

impl MemoryKeySource {
    /// Adds `value` under its `id` member (or under `id` when given). Returns the id used,
    /// or `None` when the document has no id and none was given.
    pub fn insert(&mut self, id: Option<&str>, value: Value, origin: DocumentOrigin) -> Option<String> {
        let id = id.map(str::to_owned).or_else(|| value.get("id").and_then(Value::as_str).map(str::to_owned))?;
        self.documents.insert(id.clone(), SourcedDocument { value, origin });
        Some(id)
    }
}

impl KeySource for MemoryKeySource {
    fn document(&self, id: &str) -> Option<SourcedDocument> {
        self.documents.get(id).cloned()
    }
}

pub(crate) fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}
