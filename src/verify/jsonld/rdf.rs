//! Expanded JSON-LD to RDF quads (Processing Algorithms §7.1–7.4, node map generation and
//! deserialization folded into one walk: the union of the quads each node object yields is
//! the dataset the node map would give), and the canonical N-Quads form of terms.
//!
//! Choices that follow the Digital Bazaar RDFC suites (jsonld.js `toRDF` as they call it):
//! `rdfDirection` is `i18n-datatype` (a string with a base direction becomes a literal
//! typed `https://www.w3.org/ns/i18n#{language}_{direction}`, without a language tag), and
//! generalized RDF is off (a blank node property is an error, as are relative IRIs).

use super::context::{has_iri_scheme, has_javascript_white_space, is_blank_node_id};
use super::JsonLdError;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

pub(super) const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
const I18N: &str = "https://www.w3.org/ns/i18n#";

/// An RDF term. Blank nodes are numbered in order of appearance; IRIs are shared (a node's
/// IRI is the subject of all its quads, and `data:` IRIs can be large).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Term {
    Iri(Rc<str>),
    Blank(u32),
    Literal { value: String, datatype: String, language: Option<String> },
}

/// One quad; `graph` is `None` for the default graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Quad {
    pub(super) subject: Term,
    pub(super) predicate: Rc<str>,
    pub(super) object: Term,
    pub(super) graph: Option<Term>,
}

/// The quads of an expanded document (a set: no duplicates), and how many blank nodes
/// they use. The node map of JSON-LD merges repeated values (`"tag": ["a", "a"]` is one
/// quad), and RDFC-1.0 hashes each quad once.
pub(super) fn to_rdf(expanded: &[Value]) -> Result<(Vec<Quad>, u32), JsonLdError> {
    let mut emitter = Emitter { quads: Vec::new(), labels: HashMap::new(), blanks: 0 };
    for item in expanded {
        if let Value::Object(node) = item {
            emitter.node(node, None)?;
        }
    }
    let mut quads = emitter.quads;
    quads.sort_unstable();
    quads.dedup();
    Ok((quads, emitter.blanks))
}

struct Emitter {
    quads: Vec<Quad>,
    labels: HashMap<String, u32>,
    blanks: u32,
}

/// An absolute IRI (as [`is_absolute_iri`] says) without characters N-Quads cannot carry
/// inside `<…>`: one scan of the bytes (`data:` IRIs run to kilobytes).
fn check_iri(what: &'static str, iri: &str) -> Result<(), JsonLdError> {
    if !has_iri_scheme(iri) {
        return Err(JsonLdError::RelativeIri { what, iri: iri.to_owned() });
    }
    let forbidden = iri
        .bytes()
        .any(|b| b <= b' ' || matches!(b, b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' | 0x7F));
    if forbidden || (!iri.is_ascii() && has_javascript_white_space(iri)) {
        return Err(JsonLdError::InvalidIri(iri.to_owned()));
    }
    Ok(())
}

impl Emitter {
    fn fresh(&mut self) -> u32 {
        self.blanks += 1;
        self.blanks - 1
    }

    fn reference(&mut self, what: &'static str, id: &str) -> Result<Term, JsonLdError> {
        if is_blank_node_id(id) {
            if let Some(&n) = self.labels.get(id) {
                return Ok(Term::Blank(n));
            }
            let n = self.fresh();
            self.labels.insert(id.to_owned(), n);
            Ok(Term::Blank(n))
        } else {
            check_iri(what, id)?;
            Ok(Term::Iri(Rc::from(id)))
        }
    }

    fn push(&mut self, subject: &Term, predicate: &Rc<str>, object: Term, graph: Option<&Term>) {
        self.quads.push(Quad {
            subject: subject.clone(),
            predicate: Rc::clone(predicate),
            object,
            graph: graph.cloned(),
        });
    }

    fn predicate(property: &str) -> Result<Rc<str>, JsonLdError> {
        if is_blank_node_id(property) {
            return Err(JsonLdError::Invalid(format!(
                "the property {property} is a blank node, which RDF does not allow"
            )));
        }
        check_iri("the property", property)?;
        Ok(Rc::from(property))
    }

    /// A node object: its quads in `graph`, its `@graph` in the graph it names. Returns
    /// the node's subject term.
    fn node(&mut self, node: &Map<String, Value>, graph: Option<&Term>) -> Result<Term, JsonLdError> {
        let subject = match node.get("@id") {
            Some(Value::String(id)) => self.reference("the identifier", id)?,
            _ => Term::Blank(self.fresh()),
        };
        for (property, values) in node {
            match property.as_str() {
                "@type" => {
                    let predicate: Rc<str> = Rc::from(RDF_TYPE);
                    for t in values.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        let object = self.reference("the type", t)?;
                        self.push(&subject, &predicate, object, graph);
                    }
                }
                "@reverse" => {
                    let Value::Object(reverse) = values else { continue };
                    for (property, items) in reverse {
                        let predicate = Self::predicate(property)?;
                        for item in items.as_array().into_iter().flatten() {
                            let Value::Object(other) = item else { continue };
                            let other = self.node(other, graph)?;
                            self.push(&other, &predicate, subject.clone(), graph);
                        }
                    }
                }
                "@graph" => {
                    for item in values.as_array().into_iter().flatten() {
                        if let Value::Object(inner) = item {
                            self.node(inner, Some(&subject))?;
                        }
                    }
                }
                "@included" => {
                    for item in values.as_array().into_iter().flatten() {
                        if let Value::Object(inner) = item {
                            self.node(inner, graph)?;
                        }
                    }
                }
                p if p.starts_with('@') => {}
                _ => {
                    let predicate = Self::predicate(property)?;
                    for item in values.as_array().into_iter().flatten() {
                        let object = self.object(item, graph)?;
                        self.push(&subject, &predicate, object, graph);
                    }
                }
            }
        }
        Ok(subject)
    }

    fn object(&mut self, item: &Value, graph: Option<&Term>) -> Result<Term, JsonLdError> {
        let Value::Object(map) = item else {
            return Err(JsonLdError::Invalid(format!("unexpected value {item} in the expanded document")));
        };
        if map.contains_key("@value") {
            return literal(map);
        }
        if let Some(list) = map.get("@list") {
            return self.list(list.as_array().map_or(&[][..], Vec::as_slice), graph);
        }
        self.node(map, graph)
    }

    fn list(&mut self, items: &[Value], graph: Option<&Term>) -> Result<Term, JsonLdError> {
        let nil = Term::Iri(Rc::from(RDF_NIL));
        if items.is_empty() {
            return Ok(nil);
        }
        let (first, rest): (Rc<str>, Rc<str>) = (Rc::from(RDF_FIRST), Rc::from(RDF_REST));
        let head = Term::Blank(self.fresh());
        let mut current = head.clone();
        for (i, item) in items.iter().enumerate() {
            let object = self.object(item, graph)?;
            self.push(&current, &first, object, graph);
            let next = if i + 1 == items.len() { nil.clone() } else { Term::Blank(self.fresh()) };
            self.push(&current, &rest, next.clone(), graph);
            current = next;
        }
        Ok(head)
    }
}

/// A value object as an RDF literal (§7.4 steps 10–15, with jsonld.js's number forms).
fn literal(map: &Map<String, Value>) -> Result<Term, JsonLdError> {
    let value = &map["@value"];
    let datatype = map.get("@type").and_then(Value::as_str);
    if let Some(t) = datatype.filter(|t| *t != "@json") {
        check_iri("the value type", t)?;
    }
    let typed = |lexical: String, default: &str| Term::Literal {
        value: lexical,
        datatype: datatype.unwrap_or(default).to_owned(),
        language: None,
    };
    if datatype == Some("@json") {
        let canonical = serde_json_canonicalizer::to_string(value)
            .map_err(|e| JsonLdError::Invalid(format!("a @json value cannot be canonicalized: {e}")))?;
        return Ok(Term::Literal { value: canonical, datatype: RDF_JSON.to_owned(), language: None });
    }
    match value {
        Value::Bool(b) => Ok(typed(b.to_string(), XSD_BOOLEAN)),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if is_javascript_double(f) || datatype == Some(XSD_DOUBLE) {
                Ok(typed(canonical_double(f), XSD_DOUBLE))
            } else {
                Ok(typed(canonical_integer(n), XSD_INTEGER))
            }
        }
        Value::String(s) if datatype == Some(XSD_DOUBLE) => Ok(typed(canonical_double(parse_float(s)), XSD_DOUBLE)),
        Value::String(s) => {
            let language = map.get("@language").and_then(Value::as_str);
            if let Some(direction) = map.get("@direction").and_then(Value::as_str) {
                let language = language.unwrap_or_default().to_lowercase();
                let datatype = format!("{I18N}{language}_{direction}");
                check_iri("the value type", &datatype)?;
                return Ok(Term::Literal { value: s.clone(), datatype, language: None });
            }
            if let Some(language) = language {
                return Ok(Term::Literal {
                    value: s.clone(),
                    datatype: datatype.unwrap_or(RDF_LANG_STRING).to_owned(),
                    language: Some(language.to_owned()),
                });
            }
            Ok(typed(s.clone(), XSD_STRING))
        }
        other => Err(JsonLdError::Invalid(format!("the value {other} cannot be an RDF literal"))),
    }
}

/// jsonld.js's test for an `xsd:double`: JavaScript's text of the number holds a "." or
/// the number is at least 10^21. So 2.5 and 1.5e-7 are doubles, 3.0 is the integer 3, and
/// (unlike the JSON-LD text, which says "a fractional part") 1e-7 is the integer 0. The
/// signers run jsonld.js, so its rule is the one signatures were made with.
fn is_javascript_double(f: f64) -> bool {
    if !f.is_finite() || f.abs() >= 1e21 {
        return true;
    }
    if f.fract() == 0.0 {
        return false;
    }
    // Below 10^-6 JavaScript writes the shortest digits in exponent form ("1e-7").
    f.abs() >= 1e-6 || format!("{f:e}").contains('.')
}

/// `xsd:integer` form of a JSON number that is not a double: the decimal digits of the
/// IEEE double JavaScript would read, rounded to an integer (jsonld.js `toFixed(0)`, which
/// keeps the sign of a negative number that rounds to 0: "-0").
fn canonical_integer(n: &serde_json::Number) -> String {
    const EXACT: u64 = 1 << 53;
    if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= EXACT) {
        return i.to_string();
    }
    if let Some(u) = n.as_u64().filter(|u| *u <= EXACT) {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let digits = format!("{:.0}", f.abs());
    if f < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// The canonical `xsd:double` form: `d.dddE±n` with 16 significant digits and no trailing
/// zeros (JSON-LD's `%1.15E`; jsonld.js: `toExponential(15)`, `E`, no `+`). A value exactly
/// half-way between two 16-digit forms is rounded away from zero, as JavaScript does.
pub(super) fn canonical_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let sign = if f.is_sign_negative() && f != 0.0 { "-" } else { "" };
    let text = format!("{:.15e}", f.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let mut exponent: i32 = exponent.parse().unwrap_or(0);
    if is_half_way_rounded_down(f.abs(), &digits) {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                digits.pop();
                exponent += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    while digits.len() > 2 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    let (first, rest) = digits.split_at(1);
    format!("{sign}{}.{}E{exponent}", String::from_utf8_lossy(first), String::from_utf8_lossy(rest))
}

/// Whether `value`'s exact decimal expansion is the 16 `digits` followed by exactly one 5
/// that Rust's round-half-to-even dropped (JavaScript would have rounded up).
fn is_half_way_rounded_down(value: f64, digits: &[u8]) -> bool {
    let longer = format!("{value:.16e}");
    let (mantissa, _) = longer.split_once('e').unwrap_or((&longer, ""));
    let longer_digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    if longer_digits.get(16) != Some(&b'5') || longer_digits[..16] != *digits {
        return false;
    }
    // A double's exact expansion has at most 767 significant digits.
    let exact = format!("{value:.800e}");
    let (mantissa, _) = exact.split_once('e').unwrap_or((&exact, ""));
    mantissa.bytes().filter(u8::is_ascii_digit).skip(17).all(|b| b == b'0')
}

/// JavaScript's `parseFloat`: the longest prefix (after white space) that reads as a
/// decimal number or `Infinity`; NaN when there is none.
fn parse_float(text: &str) -> f64 {
    let t = text.trim_start();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    if rest.starts_with("Infinity") {
        return sign * f64::INFINITY;
    }
    let bytes = rest.as_bytes();
    let mut end = 0;
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let int_digits = digits(0);
    end += int_digits;
    let mut frac_digits = 0;
    if bytes.get(end) == Some(&b'.') {
        frac_digits = digits(end + 1);
        if int_digits > 0 || frac_digits > 0 {
            end += 1 + frac_digits;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return f64::NAN;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut e = end + 1;
        if matches!(bytes.get(e), Some(b'+' | b'-')) {
            e += 1;
        }
        let exp_digits = digits(e);
        if exp_digits > 0 {
            end = e + exp_digits;
        }
    }
    rest[..end].parse::<f64>().map_or(f64::NAN, |v| sign * v)
}

/// Writes a term in canonical N-Quads form; blank nodes through `label`.
pub(super) fn write_term(out: &mut String, term: &Term, label: &dyn Fn(u32) -> BlankLabel) {
    match term {
        Term::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
        }
        Term::Blank(n) => match label(*n) {
            BlankLabel::Fixed(text) => {
                out.push_str("_:");
                out.push_str(text);
            }
            BlankLabel::Numbered(prefix, i) => {
                let _ = write!(out, "_:{prefix}{i}");
            }
        },
        Term::Literal { value, datatype, language } => {
            out.push('"');
            escape_literal(out, value);
            out.push('"');
            if let Some(language) = language {
                out.push('@');
                out.push_str(language);
            } else if datatype != XSD_STRING {
                out.push_str("^^<");
                out.push_str(datatype);
                out.push('>');
            }
        }
    }
}

/// How a blank node is written.
#[derive(Debug, Clone, Copy)]
pub(super) enum BlankLabel {
    Fixed(&'static str),
    Numbered(&'static str, u32),
}

/// One quad as a canonical N-Quads line (with its line feed).
pub(super) fn write_quad(out: &mut String, quad: &Quad, label: &dyn Fn(u32) -> BlankLabel) {
    write_term(out, &quad.subject, label);
    out.push_str(" <");
    out.push_str(&quad.predicate);
    out.push_str("> ");
    write_term(out, &quad.object, label);
    if let Some(graph) = &quad.graph {
        out.push(' ');
        write_term(out, graph, label);
    }
    out.push_str(" .\n");
}

/// Canonical N-Quads string escaping (RDF 1.2 N-Triples canonical form, as RDFC-1.0
/// implementations write it): `\b \t \n \f \r \" \\` as escapes, the other control
/// characters and DEL as `\uXXXX`, everything else as is.
fn escape_literal(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\u{1F}' | '\u{7F}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
}
