//! Active contexts: JSON-LD 1.1 context processing (Processing Algorithms §4.1, create term
//! definition §4.2, IRI expansion §4.3), over the bundled context documents only.
//!
//! Contexts are expensive to process and credentials use a handful of them, so every result
//! of applying a *bundled* local context (a context document, or a type- or property-scoped
//! context inside one) to an active context that was itself built only from bundled
//! contexts is kept for the life of the process, keyed by the identity of both. Inline
//! contexts written in a credential are processed per call and never cached (the cache must
//! not grow with what attackers send).

use super::JsonLdError;
use crate::verify::contexts::bundled_context;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Base direction of a string (`@direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub(super) fn parse(value: &Value) -> Result<Option<Self>, JsonLdError> {
        match value {
            Value::Null => Ok(None),
            Value::String(s) if s == "ltr" => Ok(Some(Self::Ltr)),
            Value::String(s) if s == "rtl" => Ok(Some(Self::Rtl)),
            other => Err(JsonLdError::Invalid(format!("\"{other}\" is not a text direction (ltr or rtl)"))),
        }
    }

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// Container mapping flags (`@container`).
pub(super) mod container {
    pub(in crate::verify::jsonld) const LIST: u8 = 1;
    pub(in crate::verify::jsonld) const SET: u8 = 2;
    pub(in crate::verify::jsonld) const LANGUAGE: u8 = 4;
    pub(in crate::verify::jsonld) const INDEX: u8 = 8;
    pub(in crate::verify::jsonld) const GRAPH: u8 = 16;
    pub(in crate::verify::jsonld) const ID: u8 = 32;
    pub(in crate::verify::jsonld) const TYPE: u8 = 64;
}

/// A local context: a part of a bundled document (lives as long as the process), or a part
/// of a credential's inline context (owned, never a cache key).
#[derive(Debug, Clone)]
pub(super) enum LocalContext {
    Bundled(&'static Value),
    Inline(Arc<Value>),
}

impl LocalContext {
    pub(super) fn value(&self) -> &Value {
        match self {
            Self::Bundled(v) => v,
            Self::Inline(v) => v,
        }
    }

    fn items(&self) -> Vec<LocalContext> {
        match self {
            Self::Bundled(Value::Array(items)) => items.iter().map(LocalContext::Bundled).collect(),
            Self::Inline(v) => match &**v {
                Value::Array(items) => items.iter().map(|i| LocalContext::Inline(Arc::new(i.clone()))).collect(),
                _ => vec![self.clone()],
            },
            Self::Bundled(_) => vec![self.clone()],
        }
    }

    /// The bundled map this context is, if it is one: the cache key and the source of
    /// `'static` scoped contexts.
    fn bundled_map(&self) -> Option<&'static Map<String, Value>> {
        match self {
            Self::Bundled(Value::Object(map)) => Some(map),
            _ => None,
        }
    }
}

impl PartialEq for LocalContext {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
    }
}

/// A term definition (§4.2).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TermDefinition {
    /// The IRI mapping (an IRI, a blank node identifier or a keyword); `None` for a term
    /// explicitly mapped to null.
    pub(super) iri: Option<String>,
    pub(super) reverse: bool,
    pub(super) type_mapping: Option<String>,
    pub(super) container: u8,
    /// `Some(None)`: explicitly no language (unlike `None`, which defers to the default).
    #[allow(clippy::option_option)] // the three states of the algorithm: unset, null, a tag
    pub(super) language: Option<Option<String>>,
    #[allow(clippy::option_option)] // unset, null, a direction
    pub(super) direction: Option<Option<Direction>>,
    pub(super) index: Option<String>,
    pub(super) nest: Option<String>,
    pub(super) prefix: bool,
    pub(super) protected: bool,
    /// The scoped context (`@context` of the definition).
    pub(super) context: Option<LocalContext>,
}

impl TermDefinition {
    fn new() -> Self {
        Self {
            iri: None,
            reverse: false,
            type_mapping: None,
            container: 0,
            language: None,
            direction: None,
            index: None,
            nest: None,
            prefix: false,
            protected: false,
            context: None,
        }
    }

    fn same_apart_from_protected(&self, other: &Self) -> bool {
        let mut copy = self.clone();
        copy.protected = other.protected;
        copy == *other
    }
}

/// An active context.
#[derive(Debug, Clone)]
pub(super) struct ActiveContext {
    id: u64,
    pub(super) terms: HashMap<String, Arc<TermDefinition>>,
    /// The length of the longest term: longer strings (IRIs, `data:` URLs) skip the lookup.
    longest_term: usize,
    pub(super) vocab: Option<String>,
    pub(super) language: Option<String>,
    pub(super) direction: Option<Direction>,
    /// Set when the context came from a non-propagated (type-scoped) context: the context
    /// to return to on entering a new node object.
    pub(super) previous: Option<Arc<ActiveContext>>,
    /// Built only from bundled contexts, so results derived from it may be cached.
    cacheable: bool,
}

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl ActiveContext {
    fn empty(cacheable: bool) -> Self {
        Self {
            id: if cacheable { 0 } else { next_id() },
            terms: HashMap::new(),
            longest_term: 0,
            vocab: None,
            language: None,
            direction: None,
            previous: None,
            cacheable,
        }
    }

    /// The initial (empty) active context, shared.
    pub(super) fn initial() -> Arc<Self> {
        static INITIAL: OnceLock<Arc<ActiveContext>> = OnceLock::new();
        Arc::clone(INITIAL.get_or_init(|| Arc::new(Self::empty(true))))
    }

    pub(super) fn term(&self, term: &str) -> Option<&TermDefinition> {
        if term.len() > self.longest_term {
            return None;
        }
        self.terms.get(term).map(|d| &**d)
    }
}

/// Flags of one context processing call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Flags {
    pub(super) override_protected: bool,
    pub(super) propagate: bool,
    pub(super) validate_scoped: bool,
}

impl Flags {
    pub(super) const DEFAULT: Self = Self { override_protected: false, propagate: true, validate_scoped: true };
    pub(super) const PROPERTY_SCOPED: Self = Self { override_protected: true, propagate: true, validate_scoped: true };
    pub(super) const TYPE_SCOPED: Self = Self { override_protected: false, propagate: false, validate_scoped: true };
}

const KEYWORDS: &[&str] = &[
    "@base",
    "@container",
    "@context",
    "@default",
    "@direction",
    "@embed",
    "@explicit",
    "@first",
    "@graph",
    "@id",
    "@import",
    "@included",
    "@index",
    "@json",
    "@language",
    "@list",
    "@nest",
    "@none",
    "@omitDefault",
    "@prefix",
    "@preserve",
    "@propagate",
    "@protected",
    "@requireAll",
    "@reverse",
    "@set",
    "@type",
    "@value",
    "@version",
    "@vocab",
];

pub(super) fn is_keyword(s: &str) -> bool {
    s.starts_with('@') && KEYWORDS.contains(&s)
}

/// `@` followed by letters only: reserved for future keywords, never a term.
pub(super) fn has_keyword_form(s: &str) -> bool {
    s.len() > 1 && s.starts_with('@') && s[1..].bytes().all(|b| b.is_ascii_alphabetic())
}

/// A scheme, a colon and no white space: what JSON-LD processors (jsonld.js:
/// `^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$`) treat as an absolute IRI. Characters N-Quads
/// cannot carry are refused later, when the RDF is written.
pub(super) fn is_absolute_iri(s: &str) -> bool {
    has_iri_scheme(s) && !has_javascript_white_space(s)
}

/// The scheme part of [`is_absolute_iri`] alone (cheap: no scan of the whole string).
pub(super) fn has_iri_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let scheme = &s.as_bytes()[..colon];
    let scheme_ok = scheme == b"_"
        || (scheme.first().is_some_and(u8::is_ascii_alphabetic)
            && scheme.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')));
    scheme_ok
}

/// JavaScript's `\s`: ASCII white space, NBSP, the Unicode space separators, the line and
/// paragraph separators and the byte order mark.
pub(super) fn has_javascript_white_space(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().any(|b| b <= b' ' && matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'));
    }
    s.chars().any(|c| {
        matches!(
            c,
            ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{A0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
        )
    })
}

pub(super) fn is_blank_node_id(s: &str) -> bool {
    s.starts_with("_:")
}

/// Well-formed BCP 47 as jsonld.js checks it (letters, then hyphenated alphanumeric parts).
pub(super) fn is_well_formed_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (1..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------------------
// The process-wide store: parsed bundled documents and the cache of processed contexts.

fn bundled_document(url: &str) -> Result<&'static Value, JsonLdError> {
    static DOCUMENTS: OnceLock<HashMap<&'static str, Option<Value>>> = OnceLock::new();
    let documents = DOCUMENTS.get_or_init(|| {
        crate::verify::contexts::BUNDLED_CONTEXTS
            .iter()
            .map(|c| (c.url, serde_json::from_slice::<Value>(c.bytes).ok().and_then(|v| v.get("@context").cloned())))
            .collect()
    });
    match documents.get(url) {
        Some(Some(context)) => Ok(context),
        Some(None) => Err(JsonLdError::Invalid(format!("the bundled context {url} could not be read"))),
        None => {
            debug_assert!(bundled_context(url).is_none());
            Err(JsonLdError::UnsupportedContext(url.to_owned()))
        }
    }
}

type CacheKey = (u64, usize, Flags);

/// Upper bound on cached contexts: type-scoped contexts can be combined in many orders, and
/// what a credential can make us build must not grow memory without end.
const CACHE_LIMIT: usize = 2_048;

type Cache = Mutex<HashMap<CacheKey, Result<Arc<ActiveContext>, JsonLdError>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

// ---------------------------------------------------------------------------------------
// Context processing (§4.1.2).

/// The result of processing `local` against `active`.
pub(super) fn process(
    active: &Arc<ActiveContext>,
    local: &LocalContext,
    flags: Flags,
) -> Result<Arc<ActiveContext>, JsonLdError> {
    let mut remote = Vec::new();
    process_with(active, local, flags, &mut remote)
}

/// A credential's own `@context` value (strings are URLs of bundled documents; objects are
/// inline contexts).
pub(super) fn process_document_context(
    active: &Arc<ActiveContext>,
    value: &Value,
) -> Result<Arc<ActiveContext>, JsonLdError> {
    let single;
    let items: &[Value] = match value {
        Value::Array(items) => items,
        one => {
            single = [one.clone()];
            &single
        }
    };
    let mut result = Arc::clone(active);
    for item in items {
        let local = match item {
            Value::String(url) => LocalContext::Bundled(bundled_document_value(url)?),
            Value::Object(_) | Value::Null => LocalContext::Inline(Arc::new(item.clone())),
            other => return Err(JsonLdError::Invalid(format!("{other} is not a valid @context entry"))),
        };
        result = process(&result, &local, Flags::DEFAULT)?;
    }
    Ok(result)
}

/// A bundled URL as a local context string (kept `'static` so it is a cache key).
fn bundled_document_value(url: &str) -> Result<&'static Value, JsonLdError> {
    static URLS: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    let urls = URLS.get_or_init(|| {
        crate::verify::contexts::BUNDLED_CONTEXTS.iter().map(|c| (c.url, Value::String(c.url.to_owned()))).collect()
    });
    urls.get(url).ok_or_else(|| JsonLdError::UnsupportedContext(url.to_owned()))
}

fn process_with(
    active: &Arc<ActiveContext>,
    local: &LocalContext,
    mut flags: Flags,
    remote: &mut Vec<String>,
) -> Result<Arc<ActiveContext>, JsonLdError> {
    if let Some(propagate) = local.value().get("@propagate") {
        flags.propagate =
            propagate.as_bool().ok_or_else(|| JsonLdError::Invalid("@propagate must be true or false".into()))?;
    }
    let mut result = Arc::clone(active);
    for item in local.items() {
        result = match item.value() {
            Value::String(url) => {
                if !flags.validate_scoped && remote.contains(url) {
                    continue;
                }
                if remote.len() > 32 {
                    return Err(JsonLdError::Invalid("too many nested context documents".into()));
                }
                remote.push(url.clone());
                let document = bundled_document(url)?;
                let loaded =
                    Flags { override_protected: false, propagate: true, validate_scoped: flags.validate_scoped };
                let mut nested = remote.clone();
                process_with(&result, &LocalContext::Bundled(document), loaded, &mut nested)?
            }
            Value::Object(_) | Value::Null => apply_cached(&result, &item, flags, remote)?,
            other => return Err(JsonLdError::Invalid(format!("{other} is not a valid @context entry"))),
        };
    }
    Ok(result)
}

fn apply_cached(
    active: &Arc<ActiveContext>,
    item: &LocalContext,
    flags: Flags,
    remote: &[String],
) -> Result<Arc<ActiveContext>, JsonLdError> {
    let key = match item {
        LocalContext::Bundled(value) if active.cacheable => {
            Some((active.id, std::ptr::from_ref(*value) as usize, flags))
        }
        _ => None,
    };
    if let Some(key) = key {
        if let Some(found) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
            return found;
        }
    }
    let applied =
        if item.value().is_null() { nullify(active, flags) } else { apply_object(active, item, flags, remote) };
    let result = applied.map(|mut ctx| {
        ctx.cacheable = key.is_some();
        ctx.id = next_id();
        Arc::new(ctx)
    });
    if let Some(key) = key {
        if let Ok(mut cache) = cache().lock() {
            if cache.len() < CACHE_LIMIT {
                cache.insert(key, result.clone());
            }
        }
    }
    result
}

/// Step 5.1: a null context clears the active context (unless it holds protected terms).
fn nullify(active: &Arc<ActiveContext>, flags: Flags) -> Result<ActiveContext, JsonLdError> {
    if !flags.override_protected && active.terms.values().any(|d| d.protected) {
        return Err(JsonLdError::Invalid(
            "a context may not clear the active context while it holds protected terms".into(),
        ));
    }
    let mut fresh = ActiveContext::empty(false);
    if !flags.propagate {
        fresh.previous = Some(active.previous.clone().unwrap_or_else(|| Arc::clone(active)));
    }
    Ok(fresh)
}

/// Steps 5.5–5.13 of context processing for one map.
fn apply_object(
    active: &Arc<ActiveContext>,
    item: &LocalContext,
    flags: Flags,
    remote: &[String],
) -> Result<ActiveContext, JsonLdError> {
    let Value::Object(context) = item.value() else {
        return Err(JsonLdError::Invalid("a @context entry is not an object".into()));
    };
    let bundled = item.bundled_map();
    let mut result = ActiveContext::clone(active);
    if !flags.propagate && result.previous.is_none() {
        result.previous = Some(Arc::clone(active));
    }
    if let Some(version) = context.get("@version") {
        if version.as_f64() != Some(1.1) {
            return Err(JsonLdError::Invalid(format!("@version {version} is not 1.1")));
        }
    }
    let imported;
    let context: &Map<String, Value> = if let Some(import) = context.get("@import") {
        let Value::String(url) = import else {
            return Err(JsonLdError::Invalid("@import must be a context URL".into()));
        };
        let Value::Object(imported_map) = bundled_document(url)? else {
            return Err(JsonLdError::Invalid(format!("the context {url} cannot be imported")));
        };
        if imported_map.contains_key("@import") {
            return Err(JsonLdError::Invalid(format!("the imported context {url} itself has @import")));
        }
        let mut merged = imported_map.clone();
        for (k, v) in context {
            merged.insert(k.clone(), v.clone());
        }
        imported = merged;
        &imported
    } else {
        context
    };
    // An import makes the scoped contexts come from a merged copy: not 'static any more.
    let bundled = if context.contains_key("@import") { None } else { bundled };
    if let Some(base) = context.get("@base") {
        if remote.is_empty() && !base.is_null() {
            return Err(JsonLdError::Invalid(format!(
                "@base {base} is not supported: identifiers must be absolute IRIs"
            )));
        }
    }
    if let Some(vocab) = context.get("@vocab") {
        match vocab {
            Value::Null => result.vocab = None,
            Value::String(v) => {
                let expanded = expand_iri(&result, v, true, true);
                match expanded {
                    Some(iri) if is_absolute_iri(&iri) || is_blank_node_id(&iri) => result.vocab = Some(iri),
                    _ => return Err(JsonLdError::RelativeIri { what: "@vocab", iri: v.clone() }),
                }
            }
            other => return Err(JsonLdError::Invalid(format!("@vocab {other} is not an IRI"))),
        }
    }
    if let Some(language) = context.get("@language") {
        match language {
            Value::Null => result.language = None,
            Value::String(tag) => {
                if !is_well_formed_language(tag) {
                    return Err(JsonLdError::InvalidLanguage(tag.clone()));
                }
                result.language = Some(tag.to_lowercase());
            }
            other => return Err(JsonLdError::Invalid(format!("@language {other} is not a language tag"))),
        }
    }
    if let Some(direction) = context.get("@direction") {
        result.direction = Direction::parse(direction)?;
    }
    if let Some(propagate) = context.get("@propagate") {
        if !propagate.is_boolean() {
            return Err(JsonLdError::Invalid("@propagate must be true or false".into()));
        }
    }
    let protected = match context.get("@protected") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(JsonLdError::Invalid("@protected must be true or false".into())),
    };
    let mut definer = Definer {
        local: context,
        bundled,
        defined: HashMap::new(),
        protected,
        override_protected: flags.override_protected,
        remote: remote.to_vec(),
    };
    for term in context.keys() {
        if matches!(
            term.as_str(),
            "@base" | "@direction" | "@import" | "@language" | "@propagate" | "@protected" | "@version" | "@vocab"
        ) {
            continue;
        }
        definer.create(&mut result, term)?;
    }
    Ok(result)
}

/// State of the create-term-definition recursion over one local context map.
struct Definer<'a> {
    local: &'a Map<String, Value>,
    bundled: Option<&'static Map<String, Value>>,
    /// `false` while a term is being defined (cycle detection), `true` once done.
    defined: HashMap<String, bool>,
    protected: bool,
    override_protected: bool,
    remote: Vec<String>,
}

impl Definer<'_> {
    /// Create term definition (§4.2.2).
    fn create(&mut self, result: &mut ActiveContext, term: &str) -> Result<(), JsonLdError> {
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(JsonLdError::Invalid(format!("the term \"{term}\" is defined through itself"))),
            None => {}
        }
        if term.is_empty() {
            return Err(JsonLdError::Invalid("a context defines the empty term".into()));
        }
        self.defined.insert(term.to_owned(), false);
        let value = self.local.get(term).cloned().unwrap_or(Value::Null);
        if term == "@type" {
            let ok = value.as_object().is_some_and(|m| {
                !m.is_empty()
                    && m.iter()
                        .all(|(k, v)| (k == "@container" && v == "@set") || (k == "@protected" && v.is_boolean()))
            });
            if !ok {
                return Err(JsonLdError::Invalid("a context redefines the keyword @type".into()));
            }
        } else if is_keyword(term) {
            return Err(JsonLdError::Invalid(format!("a context redefines the keyword {term}")));
        } else if has_keyword_form(term) {
            return Err(JsonLdError::Invalid(format!("\"{term}\" is reserved for JSON-LD keywords")));
        }
        let previous = result.terms.remove(term);
        let (map, simple) = match &value {
            Value::Null => (Map::from_iter([("@id".to_owned(), Value::Null)]), false),
            Value::String(s) => (Map::from_iter([("@id".to_owned(), Value::String(s.clone()))]), true),
            Value::Object(m) => (m.clone(), false),
            _ => return Err(JsonLdError::Invalid(format!("the definition of \"{term}\" is not valid"))),
        };
        let mut definition = TermDefinition::new();
        definition.protected = match map.get("@protected") {
            None => self.protected,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(JsonLdError::Invalid(format!("@protected of \"{term}\" must be true or false"))),
        };
        if let Some(ty) = map.get("@type") {
            let Value::String(ty) = ty else {
                return Err(JsonLdError::Invalid(format!("the @type of \"{term}\" is not a string")));
            };
            let expanded = self.expand_iri(result, ty, true, false)?;
            match expanded {
                Some(t) if matches!(t.as_str(), "@id" | "@json" | "@none" | "@vocab") || is_absolute_iri(&t) => {
                    definition.type_mapping = Some(t);
                }
                _ => return Err(JsonLdError::Invalid(format!("the @type \"{ty}\" of \"{term}\" is not an IRI"))),
            }
        }
        if let Some(reverse) = map.get("@reverse") {
            if map.contains_key("@id") || map.contains_key("@nest") {
                return Err(JsonLdError::Invalid(format!("the reverse property \"{term}\" also has @id or @nest")));
            }
            let Value::String(reverse) = reverse else {
                return Err(JsonLdError::Invalid(format!("@reverse of \"{term}\" is not a string")));
            };
            if has_keyword_form(reverse) {
                return Err(JsonLdError::Invalid(format!("\"{reverse}\" is reserved for JSON-LD keywords")));
            }
            match self.expand_iri(result, reverse, true, false)? {
                Some(iri) if iri.contains(':') => definition.iri = Some(iri),
                _ => return Err(JsonLdError::Invalid(format!("@reverse of \"{term}\" is not an IRI"))),
            }
            if let Some(c) = map.get("@container") {
                definition.container = match c {
                    Value::Null => 0,
                    Value::String(s) if s == "@set" => container::SET,
                    Value::String(s) if s == "@index" => container::INDEX,
                    _ => {
                        return Err(JsonLdError::Invalid(format!(
                            "the reverse property \"{term}\" has a bad @container"
                        )))
                    }
                };
            }
            definition.reverse = true;
            self.finish(result, term, definition, previous)?;
            return Ok(());
        }
        let id = map.get("@id");
        if let Some(id) = id.filter(|v| v.as_str() != Some(term)) {
            match id {
                Value::Null => definition.iri = None,
                Value::String(id) => {
                    if !is_keyword(id) && has_keyword_form(id) {
                        return Err(JsonLdError::Invalid(format!("\"{id}\" is reserved for JSON-LD keywords")));
                    }
                    let iri = self.expand_iri(result, id, true, false)?;
                    let Some(iri) = iri.filter(|i| is_keyword(i) || i.contains(':')) else {
                        return Err(JsonLdError::Invalid(format!(
                            "\"{term}\" is mapped to \"{id}\", which is not an IRI"
                        )));
                    };
                    if iri == "@context" {
                        return Err(JsonLdError::Invalid(format!("\"{term}\" may not be an alias of @context")));
                    }
                    let inner_colon = term.char_indices().any(|(i, c)| c == ':' && i > 0 && i + 1 < term.len());
                    if inner_colon || term.contains('/') {
                        self.defined.insert(term.to_owned(), true);
                        if self.expand_iri(result, term, true, false)?.as_deref() != Some(iri.as_str()) {
                            return Err(JsonLdError::Invalid(format!(
                                "the term \"{term}\" looks like an IRI but is mapped to another one"
                            )));
                        }
                    }
                    if !term.contains(':')
                        && !term.contains('/')
                        && simple
                        && (iri.ends_with([':', '/', '?', '#', '[', ']', '@']) || is_blank_node_id(&iri))
                    {
                        definition.prefix = true;
                    }
                    definition.iri = Some(iri);
                }
                _ => return Err(JsonLdError::Invalid(format!("the @id of \"{term}\" is not a string"))),
            }
        } else if let Some(colon) = term[1.min(term.len())..].find(':').map(|i| i + 1) {
            let (prefix, suffix) = (&term[..colon], &term[colon + 1..]);
            if self.local.contains_key(prefix) {
                self.create(result, prefix)?;
            }
            match result.term(prefix).and_then(|d| d.iri.clone()) {
                Some(base) => definition.iri = Some(base + suffix),
                None => definition.iri = Some(term.to_owned()),
            }
        } else if term.contains('/') {
            match self.expand_iri(result, term, true, false)? {
                Some(iri) if is_absolute_iri(&iri) => definition.iri = Some(iri),
                _ => return Err(JsonLdError::Invalid(format!("the term \"{term}\" is not an IRI"))),
            }
        } else if term == "@type" {
            definition.iri = Some("@type".into());
        } else if let Some(vocab) = &result.vocab {
            definition.iri = Some(format!("{vocab}{term}"));
        } else {
            return Err(JsonLdError::Invalid(format!("the term \"{term}\" has no IRI (no @id and no @vocab)")));
        }
        if let Some(c) = map.get("@container") {
            definition.container = parse_container(term, c)?;
            if definition.container & container::TYPE != 0 {
                match definition.type_mapping.as_deref() {
                    None => definition.type_mapping = Some("@id".into()),
                    Some("@id" | "@vocab") => {}
                    Some(_) => {
                        return Err(JsonLdError::Invalid(format!("the type map \"{term}\" needs @type @id or @vocab")))
                    }
                }
            }
        }
        if let Some(index) = map.get("@index") {
            let Value::String(index) = index else {
                return Err(JsonLdError::Invalid(format!("the @index of \"{term}\" is not a string")));
            };
            if definition.container & container::INDEX == 0 || is_keyword(index) {
                return Err(JsonLdError::Invalid(format!("the @index of \"{term}\" is not valid")));
            }
            definition.index = Some(index.clone());
        }
        if let Some(scoped) = map.get("@context") {
            let local = match self.bundled.and_then(|m| m.get(term)).and_then(|v| v.get("@context")) {
                Some(static_ref) => LocalContext::Bundled(static_ref),
                None => LocalContext::Inline(Arc::new(scoped.clone())),
            };
            // Validate now (an error here is an invalid scoped context), keep the raw form.
            let mut snapshot = result.clone();
            snapshot.cacheable = false;
            snapshot.id = next_id();
            let snapshot = Arc::new(snapshot);
            let mut remote = self.remote.clone();
            let flags = Flags { override_protected: true, propagate: true, validate_scoped: false };
            process_with(&snapshot, &local, flags, &mut remote)
                .map_err(|e| JsonLdError::Invalid(format!("the scoped context of \"{term}\" is not valid: {e}")))?;
            definition.context = Some(local);
        }
        if let Some(language) = map.get("@language").filter(|_| !map.contains_key("@type")) {
            definition.language = Some(match language {
                Value::Null => None,
                Value::String(tag) => {
                    if !is_well_formed_language(tag) {
                        return Err(JsonLdError::InvalidLanguage(tag.clone()));
                    }
                    Some(tag.to_lowercase())
                }
                _ => return Err(JsonLdError::Invalid(format!("the @language of \"{term}\" is not valid"))),
            });
        }
        if let Some(direction) = map.get("@direction").filter(|_| !map.contains_key("@type")) {
            definition.direction = Some(Direction::parse(direction)?);
        }
        if let Some(nest) = map.get("@nest") {
            match nest {
                Value::String(n) if !is_keyword(n) || n == "@nest" => definition.nest = Some(n.clone()),
                _ => return Err(JsonLdError::Invalid(format!("the @nest of \"{term}\" is not valid"))),
            }
        }
        if let Some(prefix) = map.get("@prefix") {
            let Value::Bool(prefix) = prefix else {
                return Err(JsonLdError::Invalid(format!("the @prefix of \"{term}\" is not true or false")));
            };
            if term.contains(':') || term.contains('/') {
                return Err(JsonLdError::Invalid(format!("\"{term}\" cannot be a prefix")));
            }
            if *prefix && definition.iri.as_deref().is_some_and(is_keyword) {
                return Err(JsonLdError::Invalid(format!("the keyword alias \"{term}\" cannot be a prefix")));
            }
            definition.prefix = *prefix;
        }
        if let Some(extra) = map.keys().find(|k| !TERM_DEFINITION_ENTRIES.contains(&k.as_str())) {
            return Err(JsonLdError::Invalid(format!("the definition of \"{term}\" has an unknown entry \"{extra}\"")));
        }
        self.finish(result, term, definition, previous)
    }

    fn finish(
        &mut self,
        result: &mut ActiveContext,
        term: &str,
        definition: TermDefinition,
        previous: Option<Arc<TermDefinition>>,
    ) -> Result<(), JsonLdError> {
        let definition = match previous {
            Some(previous) if !self.override_protected && previous.protected => {
                if !definition.same_apart_from_protected(&previous) {
                    return Err(JsonLdError::ProtectedRedefinition(term.to_owned()));
                }
                previous
            }
            _ => Arc::new(definition),
        };
        result.longest_term = result.longest_term.max(term.len());
        result.terms.insert(term.to_owned(), definition);
        self.defined.insert(term.to_owned(), true);
        Ok(())
    }

    /// IRI expansion while a local context is being processed: terms of the local context
    /// are defined on demand (§4.3 steps 3 and 6.3).
    fn expand_iri(
        &mut self,
        result: &mut ActiveContext,
        value: &str,
        vocab: bool,
        document_relative: bool,
    ) -> Result<Option<String>, JsonLdError> {
        if is_keyword(value) {
            return Ok(Some(value.to_owned()));
        }
        if has_keyword_form(value) {
            return Ok(None);
        }
        if self.local.contains_key(value) && self.defined.get(value) != Some(&true) {
            self.create(result, value)?;
        }
        if let Some(colon) = value.find(':').filter(|&c| c > 0) {
            let prefix = &value[..colon];
            if prefix != "_" && !value[colon + 1..].starts_with("//") && self.local.contains_key(prefix) {
                self.create(result, prefix)?;
            }
        }
        Ok(expand_iri(result, value, vocab, document_relative))
    }
}

/// The entries a term definition may have.
const TERM_DEFINITION_ENTRIES: &[&str] = &[
    "@id",
    "@reverse",
    "@container",
    "@context",
    "@direction",
    "@index",
    "@language",
    "@nest",
    "@prefix",
    "@protected",
    "@type",
];

fn parse_container(term: &str, value: &Value) -> Result<u8, JsonLdError> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Null => return Ok(0),
        one => vec![one],
    };
    let mut flags = 0u8;
    for item in items {
        flags |= match item.as_str() {
            Some("@list") => container::LIST,
            Some("@set") => container::SET,
            Some("@language") => container::LANGUAGE,
            Some("@index") => container::INDEX,
            Some("@graph") => container::GRAPH,
            Some("@id") => container::ID,
            Some("@type") => container::TYPE,
            _ => return Err(JsonLdError::Invalid(format!("the @container of \"{term}\" is not valid"))),
        };
    }
    let others = flags & !container::SET;
    let valid = if flags & container::LIST != 0 {
        flags == container::LIST
    } else if flags & container::GRAPH != 0 {
        others & !(container::GRAPH | container::ID | container::INDEX) == 0
            && !(others & container::ID != 0 && others & container::INDEX != 0)
    } else {
        others.count_ones() <= 1
    };
    if !valid {
        return Err(JsonLdError::Invalid(format!("the @container of \"{term}\" is not a valid combination")));
    }
    Ok(flags)
}

/// IRI expansion (§4.3) against a finished active context. `None` is null (the value maps
/// to nothing).
pub(super) fn expand_iri(ctx: &ActiveContext, value: &str, vocab: bool, document_relative: bool) -> Option<String> {
    if is_keyword(value) {
        return Some(value.to_owned());
    }
    if has_keyword_form(value) {
        return None;
    }
    if let Some(definition) = ctx.term(value) {
        if let Some(iri) = definition.iri.as_deref().filter(|i| is_keyword(i)) {
            return Some(iri.to_owned());
        }
        if vocab {
            return definition.iri.clone();
        }
    }
    if let Some(colon) = value.find(':').filter(|&c| c > 0) {
        let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Some(value.to_owned());
        }
        if let Some(definition) = ctx.term(prefix) {
            if let (Some(iri), true) = (&definition.iri, definition.prefix) {
                return Some(format!("{iri}{suffix}"));
            }
        }
        if is_absolute_iri(value) {
            return Some(value.to_owned());
        }
    }
    if vocab {
        if let Some(v) = &ctx.vocab {
            return Some(format!("{v}{value}"));
        }
    }
    // The base IRI is null: a relative reference stays relative (and is refused later).
    let _ = document_relative;
    Some(value.to_owned())
}
