//! JSON-LD to canonical N-Quads (RDFC-1.0) with the `json-ld` and `rdf-canon` crates: an
//! independent implementation the tests compare the production path (`jsonld`) with. It
//! differs from jsonld.js (and so from `jsonld`) on decimal numbers, doubles written as
//! strings, `{"@value": null}` and blank-node properties; those tests skip such documents.
//!
//! Expansion runs in safe mode: an undefined term, a term or type that does not expand to
//! an absolute IRI, or a relative `@id` is an error instead of being dropped, so nothing the
//! user is shown can sit outside the signed graph. Only the contexts bundled with Rosette
//! (`contexts.rs`) are loaded; any other context URL is refused and nothing is fetched.
//!
//! Built on `json-ld` (expansion, to-RDF) and `rdf-canon` (RDFC-1.0 with SHA-256 and a
//! limit on the N-degree hashing work, which stops "poison" graphs). Text with a direction
//! becomes an `i18n-datatype` literal, as the issuers' libraries (Digital Bazaar's RDF
//! suites over jsonld.js) sign it: `https://www.w3.org/ns/i18n#<language lower-cased>_<dir>`.

use super::contexts::bundled_context;
use json_ld::context_processing::{Options as ContextOptions, Process};
use json_ld::expansion::{Action, Expand, Options as ExpansionOptions, Policy};
use json_ld::rdf::RdfQuads;
use json_ld::syntax::{Parse, TryFromJson};
use json_ld::{Id, IriBuf, LoadError, Loader, RemoteDocument, ValidId};
use serde_json::Value;

type ActiveContext = json_ld::Context<IriBuf, json_ld::BlankIdBuf>;

/// Work limit for the N-degree hash of RDFC-1.0: far above what any credential needs
/// (each blank node of a credential has a unique first-degree hash), far below what a
/// poison graph asks for.
const HNDQ_CALL_LIMIT: usize = 4_000;

/// Why a document has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CanonError(pub(crate) String);

impl std::fmt::Display for CanonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug)]
struct NotBundled(String);

impl std::fmt::Display for NotBundled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unsupported context {} (Rosette only uses the contexts it bundles)", self.0)
    }
}

impl std::error::Error for NotBundled {}

/// Loads bundled contexts only.
struct BundledLoader;

impl Loader for BundledLoader {
    async fn load(&self, url: &json_ld::Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        let found = bundled_context(url.as_str())
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .and_then(|text| json_ld::syntax::Value::parse_str(text).ok());
        match found {
            Some((value, _)) => Ok(RemoteDocument::new(Some(url.to_owned()), None, value)),
            None => Err(LoadError::new(url.to_owned(), NotBundled(url.as_str().to_owned()))),
        }
    }
}

fn describe_expansion_error(e: &json_ld::expansion::Error) -> String {
    if let json_ld::expansion::Error::KeyExpansionFailed(term) = e {
        return format!("the term {term:?} is not defined by the credential's contexts, so it would not be signed");
    }
    let text = e.to_string();
    // The loader's own message is the useful part of a context failure.
    text.strip_prefix("Context processing failed: ").unwrap_or(&text).to_owned()
}

/// The active context after the document's top-level `@context`.
fn top_level_context(context: &Value) -> Result<ActiveContext, CanonError> {
    let (json, _) = json_ld::syntax::Value::parse_str(&context.to_string())
        .map_err(|e| CanonError(format!("the @context could not be read: {e}")))?;
    let syntax = json_ld::syntax::context::Context::try_from_json(json)
        .map_err(|e| CanonError(format!("the @context is not a valid JSON-LD context: {e}")))?;
    Ok(pollster::block_on(syntax.process_with(
        &mut (),
        &ActiveContext::new(None),
        &BundledLoader,
        None,
        ContextOptions::default(),
    ))
    .map_err(|e| CanonError(e.to_string()))?
    .into_processed())
}

fn safe_mode() -> ExpansionOptions {
    ExpansionOptions {
        policy: Policy { invalid: Action::Reject, vocab: Action::Keep, allow_undefined: false },
        ..ExpansionOptions::default()
    }
}

/// Canonical N-Quads (RDFC-1.0) of a JSON-LD document, in safe mode.
pub(crate) fn canonical_nquads(document: &Value) -> Result<String, CanonError> {
    let Some(object) = document.as_object() else {
        return Err(CanonError("the document is not a JSON object".into()));
    };
    let Some(context) = object.get("@context") else {
        return Err(CanonError("the document has no @context".into()));
    };
    let active = top_level_context(context)?;
    let mut body = object.clone();
    body.remove("@context");
    let text = serde_json::to_string(&body).map_err(|e| CanonError(e.to_string()))?;
    let (json, _) = json_ld::syntax::Value::parse_str(&text).map_err(|e| CanonError(format!("the document: {e}")))?;

    let mut expanded = pollster::block_on(json.expand_full(&mut (), active, None, &BundledLoader, safe_mode(), ()))
        .map_err(|e| CanonError(format!("JSON-LD expansion failed: {}", describe_expansion_error(&e))))?;

    // Safe mode: anything that did not expand to an absolute IRI would silently vanish
    // from the RDF; refuse it instead.
    for fragment in expanded.traverse() {
        if let Some(Id::Invalid(name)) = fragment.as_id() {
            return Err(CanonError(format!("{name:?} does not expand to an absolute IRI, so it would not be signed")));
        }
    }

    let mut generator = json_ld::rdf_types::generator::Blank::new();
    expanded.relabel_and_canonicalize_with(&mut (), &mut generator);
    let mut quads = Vec::new();
    let direction = Some(json_ld::rdf::RdfDirection::I18nDatatype);
    for quad in expanded.rdf_quads_full(&mut (), &mut generator, direction, false) {
        quads.push(to_oxrdf(&quad)?);
    }
    let options = rdf_canon::CanonicalizationOptions { hndq_call_limit: Some(HNDQ_CALL_LIMIT) };
    rdf_canon::canonicalize_quads_with::<sha2::Sha256>(&quads, &options)
        .map_err(|e| CanonError(format!("RDF canonicalization failed: {e}")))
}

fn named_node(iri: &IriBuf) -> oxrdf::NamedNode {
    oxrdf::NamedNode::new_unchecked(iri.as_str())
}

fn blank_node(id: &json_ld::BlankIdBuf) -> oxrdf::BlankNode {
    let label = id.as_str();
    oxrdf::BlankNode::new_unchecked(label.strip_prefix("_:").unwrap_or(label))
}

fn subject(id: &ValidId<IriBuf, json_ld::BlankIdBuf>) -> oxrdf::Subject {
    match id {
        ValidId::Iri(iri) => named_node(iri).into(),
        ValidId::Blank(b) => blank_node(b).into(),
    }
}

const I18N: &str = "https://www.w3.org/ns/i18n#";

/// The JSON-LD 1.1 form of an `i18n-datatype` IRI (language lower-cased, and `_` before the
/// direction even without a language), where `json-ld` writes the language as given and
/// drops the `_` when there is none. `None` for any other datatype.
fn i18n_datatype(iri: &str) -> Option<String> {
    let rest = iri.strip_prefix(I18N)?;
    let (language, direction) = rest.rsplit_once('_').unwrap_or(("", rest));
    matches!(direction, "ltr" | "rtl").then(|| format!("{I18N}{}_{direction}", language.to_ascii_lowercase()))
}

fn to_oxrdf(
    quad: &json_ld::rdf::QuadRef<'_, IriBuf, json_ld::BlankIdBuf, json_ld::rdf_types::Literal>,
) -> Result<oxrdf::Quad, CanonError> {
    let json_ld::rdf_types::Quad(subject_id, property, object, graph) = quad;
    let predicate = match property.as_ref() {
        ValidId::Iri(iri) => named_node(iri),
        ValidId::Blank(_) => return Err(CanonError("a property is a blank node, which RDF does not allow".into())),
    };
    let object: oxrdf::Term = match object {
        json_ld::rdf::Value::Id(id) => match id {
            ValidId::Iri(iri) => named_node(iri).into(),
            ValidId::Blank(b) => blank_node(b).into(),
        },
        json_ld::rdf::Value::Literal(literal) => match &literal.type_ {
            json_ld::rdf_types::LiteralType::Any(ty) => {
                let ty = i18n_datatype(ty.as_str()).unwrap_or_else(|| ty.as_str().to_owned());
                oxrdf::Literal::new_typed_literal(literal.value.as_str(), oxrdf::NamedNode::new_unchecked(ty)).into()
            }
            json_ld::rdf_types::LiteralType::LangString(tag) => {
                oxrdf::Literal::new_language_tagged_literal(literal.value.as_str(), tag.as_str())
                    .map_err(|e| CanonError(format!("language tag {:?}: {e}", tag.as_str())))?
                    .into()
            }
        },
    };
    let graph = match graph {
        None => oxrdf::GraphName::DefaultGraph,
        Some(ValidId::Iri(iri)) => named_node(iri).into(),
        Some(ValidId::Blank(b)) => blank_node(b).into(),
    };
    Ok(oxrdf::Quad::new(subject(subject_id.as_ref()), predicate, object, graph))
}
