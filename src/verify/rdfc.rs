//! JSON-LD to canonical N-Quads (RDFC-1.0), for the RDF Data Integrity suites.
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
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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

/// Loads bundled contexts only (each parsed once per process), plus — in tests — a few
/// published example contexts the W3C vectors use.
#[derive(Clone, Copy)]
struct BundledLoader<'a> {
    extra: &'a [(&'a str, &'a str)],
}

fn parsed_context(url: &str) -> Option<json_ld::syntax::Value> {
    static PARSED: OnceLock<Mutex<HashMap<String, json_ld::syntax::Value>>> = OnceLock::new();
    let cache = PARSED.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().ok()?.get(url) {
        return Some(found.clone());
    }
    let text = std::str::from_utf8(bundled_context(url)?).ok()?;
    let (value, _) = json_ld::syntax::Value::parse_str(text).ok()?;
    cache.lock().ok()?.insert(url.to_owned(), value.clone());
    Some(value)
}

impl Loader for BundledLoader<'_> {
    async fn load(&self, url: &json_ld::Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        let extra = self.extra.iter().find(|(u, _)| *u == url.as_str());
        let found = match extra {
            Some((_, text)) => json_ld::syntax::Value::parse_str(text).ok().map(|(v, _)| v),
            None => parsed_context(url.as_str()),
        };
        match found {
            Some(value) => Ok(RemoteDocument::new(Some(url.to_owned()), None, value)),
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

/// The active context after the document's top-level `@context`, processed once per
/// distinct `@context` value and kept for the life of the process.
fn top_level_context(context: &Value, loader: BundledLoader<'_>) -> Result<Arc<ActiveContext>, CanonError> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<ActiveContext>>>> = OnceLock::new();
    let key = context.to_string();
    let cache = CACHE.get_or_init(Mutex::default);
    let cacheable = loader.extra.is_empty();
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&key).cloned()).filter(|_| cacheable) {
        return Ok(found);
    }
    let (json, _) = json_ld::syntax::Value::parse_str(&key)
        .map_err(|e| CanonError(format!("the @context could not be read: {e}")))?;
    let syntax = json_ld::syntax::context::Context::try_from_json(json)
        .map_err(|e| CanonError(format!("the @context is not a valid JSON-LD context: {e}")))?;
    let processed = pollster::block_on(syntax.process_with(
        &mut (),
        &ActiveContext::new(None),
        &loader,
        None,
        ContextOptions::default(),
    ))
    .map_err(|e| CanonError(e.to_string()))?
    .into_processed();
    let processed = Arc::new(processed);
    if let Some(mut cache) = cache.lock().ok().filter(|_| cacheable) {
        // Bounded: documents with inline contexts could otherwise grow it without end.
        if cache.len() >= 64 {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&processed));
    }
    Ok(processed)
}

fn safe_mode() -> ExpansionOptions {
    ExpansionOptions {
        policy: Policy { invalid: Action::Reject, vocab: Action::Keep, allow_undefined: false },
        ..ExpansionOptions::default()
    }
}

/// Canonical N-Quads (RDFC-1.0) of a JSON-LD document, in safe mode.
pub(crate) fn canonical_nquads(document: &Value) -> Result<String, CanonError> {
    canonical_nquads_with(document, BundledLoader { extra: &[] })
}

fn canonical_nquads_with(document: &Value, loader: BundledLoader<'_>) -> Result<String, CanonError> {
    let Some(object) = document.as_object() else {
        return Err(CanonError("the document is not a JSON object".into()));
    };
    let Some(context) = object.get("@context") else {
        return Err(CanonError("the document has no @context".into()));
    };
    let active = top_level_context(context, loader)?;
    let mut body = object.clone();
    body.remove("@context");
    let text = serde_json::to_string(&body).map_err(|e| CanonError(e.to_string()))?;
    let (json, _) = json_ld::syntax::Value::parse_str(&text).map_err(|e| CanonError(format!("the document: {e}")))?;

    let mut expanded =
        pollster::block_on(json.expand_full(&mut (), ActiveContext::clone(&active), None, &loader, safe_mode(), ()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    /// The W3C examples context (credentials/examples/v2): everything undefined falls to
    /// its vocabulary. Written out here because Rosette does not accept it in credentials.
    const EXAMPLES_V2: (&str, &str) = (
        "https://www.w3.org/ns/credentials/examples/v2",
        r#"{"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}"#,
    );

    fn vectors() -> Option<PathBuf> {
        let dir = std::env::var_os("ROSETTE_VECTORS")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"), PathBuf::from);
        if dir.exists() {
            Some(dir)
        } else {
            println!("SKIPPED: the published vectors are not at {} (set ROSETTE_VECTORS)", dir.display());
            None
        }
    }

    fn read(path: &std::path::Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn without_proof(path: &std::path::Path) -> (Value, Value) {
        let mut value: Value = serde_json::from_str(&read(path)).unwrap();
        let proof = value.as_object_mut().unwrap().remove("proof").unwrap();
        (value, proof)
    }

    fn proof_config(mut proof: Value, context: &Value) -> Value {
        let object = proof.as_object_mut().unwrap();
        object.remove("proofValue");
        object.insert("@context".into(), context.clone());
        proof
    }

    #[test]
    fn w3c_vectors_canonical_forms() {
        let Some(dir) = vectors() else { return };
        let loader = BundledLoader { extra: &[EXAMPLES_V2] };
        for (folder, suffix, signed) in [
            ("eddsa-rdfc-2022", "DataInt", "signedDataInt.json"),
            ("Ed25519Signature2020", "EdSig", "signedEdSig.json"),
        ] {
            let base = dir.join("w3c-vc-di-eddsa/TestVectors").join(folder);
            let (document, proof) = without_proof(&base.join(signed));
            let canonical = canonical_nquads_with(&document, loader).unwrap();
            assert_eq!(canonical, read(&base.join(format!("canonDoc{suffix}.txt"))), "{folder} document");
            let config = proof_config(proof, &document["@context"]);
            let canonical = canonical_nquads_with(&config, loader).unwrap();
            assert_eq!(canonical, read(&base.join(format!("proofCanon{suffix}.txt"))), "{folder} proof");
        }
        // Without the examples context, the same document is refused: it is not bundled.
        let base = dir.join("w3c-vc-di-eddsa/TestVectors/eddsa-rdfc-2022");
        let (document, _) = without_proof(&base.join("signedDataInt.json"));
        let e = canonical_nquads(&document).unwrap_err();
        assert!(e.0.contains("unsupported context https://www.w3.org/ns/credentials/examples/v2"), "{e}");
    }

    #[test]
    fn open_badges_3_vector_canonical_forms() {
        let Some(dir) = vectors() else { return };
        let vector: Value = serde_json::from_str(&read(&dir.join("ob3-ldp-test-vector.json"))).unwrap();
        let mut document = vector["signedCredential"].clone();
        let proof = document.as_object_mut().unwrap().remove("proof").unwrap();
        let canonical = canonical_nquads(&document).unwrap();
        let expected = read(&dir.join(vector["canonicalDocument"].as_str().unwrap()));
        assert_eq!(canonical, expected);
        let config = proof_config(proof, &document["@context"]);
        let expected = read(&dir.join(vector["canonicalProof"].as_str().unwrap()));
        assert_eq!(canonical_nquads(&config).unwrap(), expected);
    }

    fn credential(extra: Value) -> Value {
        let mut value = json!({
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"],
            "id": "urn:uuid:4d1b5b1c-0d8a-4f37-9d8c-2b0f3e1f6c11",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "type": ["Profile"], "name": "Issuer"},
            "issuanceDate": "2024-01-01T00:00:00Z",
            "name": "Badge",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "urn:uuid:8b8c8c9e-6c1c-4d51-9a3a-1d5e4f1d2a10",
                    "type": ["Achievement"],
                    "name": "Achievement",
                    "criteria": {"narrative": "Did it."},
                    "description": "A description"
                }
            }
        });
        for (k, v) in extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        value
    }

    #[test]
    fn safe_mode_refuses_what_would_be_dropped() {
        assert!(canonical_nquads(&credential(json!({}))).is_ok());
        let undefined = canonical_nquads(&credential(json!({"favouriteColour": "green"}))).unwrap_err();
        assert!(undefined.0.contains("favouriteColour"), "{undefined}");
        let relative_id = canonical_nquads(&credential(json!({"id": "credentials/1"}))).unwrap_err();
        assert!(relative_id.0.contains("credentials/1"), "{relative_id}");
        let relative_type =
            canonical_nquads(&credential(json!({"type": ["VerifiableCredential", "Made/Up"]}))).unwrap_err();
        assert!(relative_type.0.contains("Made/Up") || relative_type.0.contains("type"), "{relative_type}");
        let unknown_context =
            canonical_nquads(&json!({"@context": "https://example.org/ctx", "name": "x"})).unwrap_err();
        assert!(unknown_context.0.contains("unsupported context https://example.org/ctx"), "{unknown_context}");
    }

    #[test]
    fn text_direction_is_signed_as_an_i18n_datatype() {
        let mut with_language = credential(json!({}));
        with_language["@context"] = json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ]);
        with_language.as_object_mut().unwrap().remove("issuanceDate");
        with_language["name"] = json!({"@value": "Badge", "@language": "en-GB", "@direction": "rtl"});
        let canonical = canonical_nquads(&with_language).unwrap();
        assert!(canonical.contains("\"Badge\"^^<https://www.w3.org/ns/i18n#en-gb_rtl>"), "{canonical}");
        with_language["name"] = json!({"@value": "Badge", "@direction": "ltr"});
        let canonical = canonical_nquads(&with_language).unwrap();
        assert!(canonical.contains("\"Badge\"^^<https://www.w3.org/ns/i18n#_ltr>"), "{canonical}");
        assert_eq!(i18n_datatype("http://www.w3.org/2001/XMLSchema#string"), None);
        assert_eq!(
            i18n_datatype("https://www.w3.org/ns/i18n#AR_rtl").as_deref(),
            Some("https://www.w3.org/ns/i18n#ar_rtl")
        );
    }

    #[test]
    fn a_poison_graph_is_refused() {
        // Many blank nodes all linked to one another: every node has the same first-degree
        // hash, and RDFC-1.0's N-degree hashing would explore permutations of them all.
        let n = 12;
        let nodes: Vec<Value> = (0..n)
            .map(|i| {
                let links: Vec<Value> = (0..n).filter(|j| *j != i).map(|j| json!({"@id": format!("_:b{j}")})).collect();
                json!({"@id": format!("_:b{i}"), "http://example.org/p": links})
            })
            .collect();
        let document = json!({"@context": {"@version": 1.1}, "@graph": nodes});
        let e = canonical_nquads(&document).unwrap_err();
        assert!(e.0.contains("canonicalization"), "{e}");
    }
}
