//! A fast, exact JSON-LD → canonical N-Quads path for the RDF Data Integrity suites
//! (eddsa-rdfc-2022, Ed25519Signature2020, ecdsa-rdfc-2019).
//!
//! Three stages, each written against its W3C Recommendation:
//! - `context`: JSON-LD 1.1 context processing over the bundled contexts only (any other
//!   URL is [`JsonLdError::UnsupportedContext`]; nothing is fetched). Each bundled context,
//!   and each type- or property-scoped context applied on top of one, is processed once per
//!   process and cached, so a credential costs no context processing after the first.
//! - `expand`: JSON-LD 1.1 expansion in safe mode (what would be dropped is an error), and
//!   `rdf`: deserialization to RDF, as the Digital Bazaar RDFC suites call jsonld.js
//!   (`rdfDirection: "i18n-datatype"`, no generalized RDF).
//! - `canon`: RDFC-1.0 with SHA-256 and a work limit against poison graphs, written as
//!   canonical N-Quads.
//!
//! Known differences from jsonld.js, on inputs no signer is expected to produce: a number
//! is an `xsd:double` when it has a fractional part (the JSON-LD rule; jsonld.js looks for
//! a "." in JavaScript's text form, so it types 1e-7 as the integer 0); `@base` in an
//! inline context and JSON-LD framing keywords are refused; IRIs holding characters
//! N-Quads cannot carry (`<>"{}|^\` and controls) are refused.

mod canon;
mod context;
mod expand;
mod rdf;

#[cfg(test)]
mod tests;

use serde_json::Value;

/// Why a document has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum JsonLdError {
    /// A context URL that is not bundled.
    #[error("unsupported context {0} (Rosette only uses the contexts it bundles)")]
    UnsupportedContext(String),
    /// A property no context defines.
    #[error("the term \"{0}\" is not defined by the credential's contexts, so it would not be signed")]
    UndefinedTerm(String),
    /// An identifier, type or property that does not expand to an absolute IRI.
    #[error("{what} \"{iri}\" is not an absolute IRI, so it would not be signed")]
    RelativeIri { what: &'static str, iri: String },
    /// An IRI with characters IRIs may not hold.
    #[error("\"{0}\" is not a valid IRI (it holds spaces, controls or one of <>\"{{}}|^`\\)")]
    InvalidIri(String),
    /// A context redefines a term an earlier context protects.
    #[error("the context redefines the protected term \"{0}\"")]
    ProtectedRedefinition(String),
    /// A language tag that is not well-formed BCP 47.
    #[error("\"{0}\" is not a well-formed language tag")]
    InvalidLanguage(String),
    /// Something JSON-LD would silently drop.
    #[error("{0} would be dropped by JSON-LD, so it would not be signed")]
    Dropped(String),
    /// Any other invalid JSON-LD.
    #[error("{0}")]
    Invalid(String),
    /// The canonicalization work limit was reached.
    #[error("the credential's blank nodes are too interlinked to canonicalize within the work limit")]
    TooComplex,
    /// The document nests too deeply.
    #[error("the credential is nested too deeply")]
    TooDeep,
}

/// Canonical N-Quads (RDFC-1.0) of a JSON-LD document, expanded in safe mode with the
/// bundled contexts only.
pub(crate) fn canonical_nquads(document: &Value) -> Result<String, JsonLdError> {
    let expanded = expand::expand_document(document)?;
    let (quads, blanks) = rdf::to_rdf(&expanded)?;
    canon::canonicalize(&quads, blanks)
}

/// The canonicalization, for `benches/jsonld.rs` only: not a supported API.
#[doc(hidden)]
pub mod bench {
    use serde_json::Value;

    /// This module's canonical N-Quads.
    pub fn fast(document: &Value) -> Result<String, String> {
        super::canonical_nquads(document).map_err(|e| e.to_string())
    }
}
