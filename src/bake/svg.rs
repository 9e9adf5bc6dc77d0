//! Baking credentials into SVG files and reading them back, with a real XML parser.
//!
//! Entities other than XML's five are never expanded: a document type declaration that
//! declares entities (the XXE and billion-laughs shapes) is refused outright, and an
//! undefined entity reference is an error. Reading accepts the namespace declared on the
//! root or on the element, the credential in CDATA or as plain text, and the `verify`
//! attribute (JWS or, for OB 2.0, the hosted URL). Baking inserts one element right after
//! the root start tag, declaring its namespace itself, and leaves every other byte alone.

use super::{BakeError, Generation, Unbaked};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

const OB2_NAMESPACE: &[u8] = b"http://openbadges.org";
const OB3_NAMESPACE: &[u8] = b"https://purl.imsglobal.org/ob/v3p0";
/// Largest SVG read or written.
pub(crate) const MAX_SVG_BYTES: usize = 32 * 1024 * 1024;
/// XML events read at most (elements, texts, comments…): a budget against hostile files.
const MAX_EVENTS: usize = 2_000_000;

/// Whether `bytes` look like an SVG document (an XML document with an `<svg` root).
pub(crate) fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('<') && text.contains("<svg")
}

/// A credential element found in the document, with its byte range.
struct Found {
    generation: Generation,
    start: usize,
    end: usize,
    verify: Option<String>,
    /// Character data outside CDATA sections (entity references resolved).
    body: String,
    /// The CDATA sections, joined: the exact credential text when present.
    cdata: Option<String>,
}

/// The root element's start tag range and whether it is self-closing.
struct Root {
    tag_end: usize,
    empty: bool,
}

fn xml_error(e: impl std::fmt::Display, at: u64) -> BakeError {
    BakeError::Svg(format!("malformed XML near byte {at}: {e}"))
}

fn generation_of(ns: &ResolveResult<'_>, local: &[u8]) -> Option<Generation> {
    match (ns, local) {
        (ResolveResult::Bound(ns), b"assertion") if ns.as_ref() == OB2_NAMESPACE => Some(Generation::Ob2),
        (ResolveResult::Bound(ns), b"credential") if ns.as_ref() == OB3_NAMESPACE => Some(Generation::Ob3),
        _ => None,
    }
}

/// Reads the whole document once: the root tag and every credential element.
fn scan(svg: &[u8]) -> Result<(Root, Vec<Found>), BakeError> {
    if svg.len() > MAX_SVG_BYTES {
        return Err(BakeError::TooLarge);
    }
    let text = std::str::from_utf8(svg).map_err(|_| BakeError::NotUtf8)?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut root: Option<Root> = None;
    let mut found: Vec<Found> = Vec::new();
    let mut open: Option<Found> = None;
    let mut depth = 0usize;
    let mut open_depth = 0usize;
    for _ in 0..MAX_EVENTS {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| xml_error(e, before as u64))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::DocType(doctype) => {
                let declared = String::from_utf8_lossy(doctype.as_ref()).to_ascii_uppercase();
                if declared.contains("<!ENTITY") || declared.contains("SYSTEM") && declared.contains('[') {
                    return Err(BakeError::Svg(
                        "the SVG declares XML entities; refused (they are a known attack on XML readers)".into(),
                    ));
                }
            }
            Event::Start(e) if root.is_none() => {
                check_root(&e)?;
                root = Some(Root { tag_end: after, empty: false });
                depth += 1;
            }
            Event::Empty(e) if root.is_none() => {
                check_root(&e)?;
                root = Some(Root { tag_end: after, empty: true });
            }
            Event::Start(e) => {
                depth += 1;
                if open.is_none() {
                    let (ns, local) = reader.resolve_element(e.name());
                    if let Some(generation) = generation_of(&ns, local.as_ref()) {
                        open_depth = depth;
                        open = Some(Found {
                            generation,
                            start: before,
                            end: after,
                            verify: verify_of(&e)?,
                            body: String::new(),
                            cdata: None,
                        });
                    }
                }
            }
            Event::Empty(e) if open.is_none() => {
                let (ns, local) = reader.resolve_element(e.name());
                if let Some(generation) = generation_of(&ns, local.as_ref()) {
                    found.push(Found {
                        generation,
                        start: before,
                        end: after,
                        verify: verify_of(&e)?,
                        body: String::new(),
                        cdata: None,
                    });
                }
            }
            Event::End(_) => {
                if open.is_some() && depth == open_depth {
                    let mut done = open.take().unwrap_or_else(|| unreachable!());
                    done.end = after;
                    found.push(done);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                if let Some(open) = open.as_mut() {
                    let text = t.decode().map_err(|e| xml_error(e, before as u64))?;
                    push_capped(&mut open.body, &text)?;
                }
            }
            Event::GeneralRef(r) => {
                // Only XML's predefined entities and character references exist here.
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    let name = r.decode().map_err(|e| xml_error(e, before as u64))?;
                    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
                };
                let resolved =
                    resolved.ok_or_else(|| BakeError::Svg(format!("undefined entity reference near byte {before}")))?;
                if let Some(open) = open.as_mut() {
                    push_capped(&mut open.body, &resolved)?;
                }
            }
            Event::CData(c) => {
                if let Some(open) = open.as_mut() {
                    let section = std::str::from_utf8(c.as_ref()).map_err(|_| BakeError::NotUtf8)?;
                    push_capped(open.cdata.get_or_insert_with(String::new), section)?;
                }
            }
            Event::Eof => {
                let root = root.ok_or(BakeError::NotAnImage("no <svg> element"))?;
                return Ok((root, found));
            }
            _ => {}
        }
    }
    Err(BakeError::Svg(format!("more than {MAX_EVENTS} XML nodes")))
}

fn check_root(e: &quick_xml::events::BytesStart<'_>) -> Result<(), BakeError> {
    if e.local_name().as_ref() == b"svg" {
        Ok(())
    } else {
        Err(BakeError::NotAnImage("the XML root element is not <svg>"))
    }
}

fn push_capped(body: &mut String, more: &str) -> Result<(), BakeError> {
    if body.len() + more.len() > crate::formats::MAX_DOCUMENT_BYTES {
        return Err(BakeError::TooLarge);
    }
    body.push_str(more);
    Ok(())
}

fn verify_of(e: &quick_xml::events::BytesStart<'_>) -> Result<Option<String>, BakeError> {
    for attr in e.attributes() {
        let attr = attr.map_err(|e| BakeError::Svg(format!("malformed attribute: {e}")))?;
        if attr.key.local_name().as_ref() == b"verify" {
            let value = attr.unescape_value().map_err(|e| BakeError::Svg(format!("verify attribute: {e}")))?;
            return Ok(Some(value.trim().to_owned()).filter(|v| !v.is_empty()));
        }
    }
    Ok(None)
}

/// Reads the credential baked into an SVG. `Ok(None)` when there is none.
pub(crate) fn unbake(svg: &[u8]) -> Result<Option<Unbaked>, BakeError> {
    let (_, found) = scan(svg)?;
    match found.as_slice() {
        [] => Ok(None),
        [one] => {
            // CDATA holds the credential exactly; a plain-text body is trimmed of the
            // layout around it; an empty body means `verify` holds a JWS or hosted URL.
            let text = match (&one.cdata, one.body.trim()) {
                (Some(cdata), _) => cdata.clone(),
                (None, "") => one.verify.clone().unwrap_or_default(),
                (None, body) => body.to_owned(),
            };
            if text.is_empty() {
                return Err(BakeError::Svg("the credential element is empty".into()));
            }
            Ok(Some(Unbaked::new(one.generation, text)))
        }
        _ => Err(BakeError::Ambiguous("the SVG carries more than one credential element")),
    }
}

/// Bakes `credential` into an SVG, replacing any credential element already there.
/// A compact JWS goes into `verify` with an empty body; JSON goes into CDATA (with any
/// `]]>` split so it cannot close the section early). For OB 2.0 JSON, `verify_url`
/// (the hosted assertion URL) is written too when given.
pub(crate) fn bake(
    svg: &[u8],
    credential: &str,
    generation: Generation,
    verify_url: Option<&str>,
) -> Result<Vec<u8>, BakeError> {
    if credential.len() > crate::formats::MAX_DOCUMENT_BYTES {
        return Err(BakeError::TooLarge);
    }
    let (root, found) = scan(svg)?;
    let is_json = credential.trim_start().starts_with('{');
    let (prefix_ns, element) = match generation {
        Generation::Ob2 => ("http://openbadges.org", "assertion"),
        Generation::Ob3 => ("https://purl.imsglobal.org/ob/v3p0", "credential"),
    };
    let mut baked = format!("<openbadges:{element} xmlns:openbadges=\"{prefix_ns}\"");
    let verify = if is_json { verify_url } else { Some(credential.trim()) };
    if let Some(verify) = verify {
        baked.push_str(" verify=\"");
        baked.push_str(&escape_attribute(verify));
        baked.push('"');
    }
    baked.push('>');
    if is_json {
        baked.push_str("<![CDATA[");
        baked.push_str(&credential.replace("]]>", "]]]]><![CDATA[>"));
        baked.push_str("]]>");
    }
    baked.push_str("</openbadges:");
    baked.push_str(element);
    baked.push('>');

    let mut out = Vec::with_capacity(svg.len() + baked.len() + 16);
    if root.empty {
        // <svg …/> becomes <svg …>credential</svg>
        let tag = &svg[..root.tag_end];
        let slash = tag.iter().rposition(|&b| b == b'/').unwrap_or(tag.len());
        out.extend_from_slice(&svg[..slash]);
        out.push(b'>');
        out.extend_from_slice(baked.as_bytes());
        out.extend_from_slice(b"</svg>");
        out.extend_from_slice(&svg[root.tag_end..]);
        return Ok(out);
    }
    out.extend_from_slice(&svg[..root.tag_end]);
    out.extend_from_slice(baked.as_bytes());
    let mut at = root.tag_end;
    for f in &found {
        out.extend_from_slice(&svg[at..f.start]);
        at = f.end;
    }
    out.extend_from_slice(&svg[at..]);
    Ok(out)
}

fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str =
        r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>"#;

    #[test]
    fn json_round_trips_through_cdata_even_with_cdata_terminators() {
        let credential = r#"{"id":"urn:x","name":"a ]]> b"}"#;
        let baked = bake(PLAIN.as_bytes(), credential, Generation::Ob3, None).unwrap();
        let unbaked = unbake(&baked).unwrap().unwrap();
        assert_eq!(unbaked.text, credential);
        assert_eq!(unbaked.generation, Generation::Ob3);
        assert!(String::from_utf8(baked).unwrap().contains("<circle r=\"4\"/>"));
    }

    #[test]
    fn jws_goes_in_verify_and_baking_twice_replaces() {
        let once = bake(PLAIN.as_bytes(), "eyJhbGciOiJFZERTQSJ9.e30.c2ln", Generation::Ob3, None).unwrap();
        let twice = bake(&once, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", Generation::Ob2, None).unwrap();
        let text = String::from_utf8(twice.clone()).unwrap();
        assert_eq!(text.matches("openbadges:").count(), 2, "{text}"); // one start tag, one end tag
        let unbaked = unbake(&twice).unwrap().unwrap();
        assert_eq!(unbaked.text, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        assert_eq!(unbaked.generation, Generation::Ob2);
    }

    #[test]
    fn reads_namespace_on_root_and_text_bodies() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/a/1"></openbadges:assertion></svg>"#;
        let unbaked = unbake(svg.as_bytes()).unwrap().unwrap();
        assert_eq!(unbaked.text, "https://example.org/a/1");
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>{"a":"&lt;b&gt;"}</ob:credential></svg>"#;
        assert_eq!(unbake(svg.as_bytes()).unwrap().unwrap().text, r#"{"a":"<b>"}"#);
    }

    #[test]
    fn hostile_documents_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><svg xmlns="http://www.w3.org/2000/svg">&lol2;</svg>"#;
        assert!(matches!(unbake(laughs.as_bytes()), Err(BakeError::Svg(m)) if m.contains("entities")));
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential>&x;</o:credential></svg>"#;
        assert!(unbake(xxe.as_bytes()).is_err());
        let undefined = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential>&x;</o:credential></svg>"#;
        assert!(unbake(undefined.as_bytes()).is_err());
        let two = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential verify="a.b.c"/><o:credential verify="d.e.f"/></svg>"#;
        assert!(matches!(unbake(two.as_bytes()), Err(BakeError::Ambiguous(_))));
        assert!(unbake(b"<svg><g></svg>").is_err());
        assert!(matches!(unbake(b"<html></html>"), Err(BakeError::NotAnImage(_))));
    }

    #[test]
    fn self_closing_root_gets_a_body() {
        let baked = bake(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#, "{\"id\":1}", Generation::Ob3, None).unwrap();
        assert_eq!(unbake(&baked).unwrap().unwrap().text, "{\"id\":1}");
    }
}
