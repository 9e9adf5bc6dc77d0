//! Reading badge files: format detection from bytes, the spec-faithful wire types of
//! Open Badges 2.0 (`ob2`) and 3.0 (`ob3`), and their validation into [`crate::model`].
//!
//! Limits: files over [`MAX_DOCUMENT_BYTES`] are refused before parsing; JSON must be
//! UTF-8, free of duplicate members and at most 128 levels deep. Baked PNG/SVG images
//! are recognised and refused with a clear message until baking lands. Original bytes
//! are never modified; callers store them as received.

mod jws;
mod ob2;
mod ob3;
mod wire;

use crate::bake::{BakedPayload, ImageKind};
use crate::model::{Credential, CredentialFormat};
use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Largest badge document read (JSON or JWS text).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// Largest file read at all (a baked image may be larger than its credential).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// Largest inline (`data:`) image kept.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// Why a file is not a badge Rosette can read. Each message is one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    #[error("file is empty")]
    Empty,
    #[error("file is {size} bytes; badge files are read up to {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("binary file, not a badge (expected JSON or a JWS)")]
    Binary,
    #[error("{0}")]
    Baked(#[from] crate::bake::BakeError),
    #[error("a {0} image without a baked badge in it")]
    NoBakedBadge(&'static str),
    #[error("the {0} image holds only the link of a hosted badge ({1}); open the link to claim it")]
    HostedLinkOnly(&'static str, String),
    #[error("{0}")]
    Json(String),
    #[error("invalid JWS: {0}")]
    Jws(String),
    #[error("not an Open Badge: {0}")]
    NotABadge(String),
    #[error("invalid Open Badges {version} document: {message}")]
    Invalid { version: &'static str, message: String },
    #[error("the {what} {id} is neither embedded nor given as a further file")]
    MissingRelated { what: &'static str, id: String },
    #[error("inline image: {0}")]
    Image(String),
}

/// What a file holds, decided from its bytes alone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detected {
    /// A credential (assertion) of this format.
    Credential(CredentialFormat),
    /// An Open Badges 2.0 document other than an assertion (BadgeClass, issuer Profile,
    /// CryptographicKey), usable to complete an assertion that links to it by id.
    Related { id: String, kind: RelatedKind },
}

/// Kinds of Open Badges 2.0 documents an assertion may link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RelatedKind {
    BadgeClass,
    Issuer,
    CryptographicKey,
}

impl RelatedKind {
    fn describe(self) -> &'static str {
        match self {
            Self::BadgeClass => "badge class",
            Self::Issuer => "issuer profile",
            Self::CryptographicKey => "key",
        }
    }
}

/// Related OB 2.0 documents available while parsing, by id.
#[derive(Debug, Default, Clone)]
pub struct RelatedDocuments {
    docs: HashMap<String, Value>,
}

impl RelatedDocuments {
    /// Adds a document read from `bytes` (must be a related document).
    pub fn add(&mut self, bytes: &[u8]) -> Result<String, ParseError> {
        let value = read_json(bytes)?;
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| ParseError::NotABadge("document has no \"id\"".into()))?
            .to_owned();
        self.docs.insert(id.clone(), value);
        Ok(id)
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Value> {
        self.docs.get(id)
    }
}

/// A credential read and validated, with what the portfolio stores beside it.
#[derive(Debug, Clone)]
pub struct ParsedCredential {
    pub credential: Credential,
    /// The achievement image when the document carries it inline.
    pub image: Option<InlineImage>,
    /// Identity used to store a credential once: its id, else a hash of its bytes.
    pub dedupe_key: String,
    /// Ids of related documents (OB 2.0 badge class, issuer) this credential used.
    pub related_used: Vec<String>,
    /// The image type, when the credential came baked into an image.
    pub baked_in: Option<ImageKind>,
}

/// Image bytes decoded from a `data:` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineImage {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// The credential text inside `bytes`: the bytes themselves, or what a baked PNG/SVG
/// carries.
fn credential_text(bytes: &[u8]) -> Result<(std::borrow::Cow<'_, [u8]>, Option<ImageKind>), ParseError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge { size: bytes.len(), limit: MAX_FILE_BYTES });
    }
    let Some(kind) = image_kind(bytes) else { return Ok((bytes.into(), None)) };
    let name = if kind == ImageKind::Png { "PNG" } else { "SVG" };
    match crate::bake::unbake(bytes)? {
        None => Err(ParseError::NoBakedBadge(name)),
        Some(unbaked) if unbaked.payload == BakedPayload::HostedUrl => {
            Err(ParseError::HostedLinkOnly(name, unbaked.text.trim().to_owned()))
        }
        Some(unbaked) => Ok((unbaked.text.into_bytes().into(), Some(kind))),
    }
}

/// [`ImageKind::of`], answered at once for text that starts like JSON or a JWS (the
/// full test reads up to 4 KB): an SVG starts with `<` once byte-order marks and white
/// space are skipped, and a PNG's signature starts with a byte that is not ASCII.
pub(crate) fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    let mut rest = bytes;
    while let Some(after) = rest.strip_prefix("\u{feff}".as_bytes()) {
        rest = after;
    }
    match rest.iter().find(|&&b| !(b.is_ascii() && char::from(b).is_whitespace())) {
        Some(&b) if b.is_ascii() && b != b'<' => None,
        _ => ImageKind::of(bytes),
    }
}

/// Decides what `bytes` hold without validating the whole document.
pub fn detect(bytes: &[u8]) -> Result<Detected, ParseError> {
    let (bytes, _) = credential_text(bytes)?;
    match read_document(&bytes)? {
        Document::Json(value) => detect_json(&value),
        Document::Jws { jws, .. } => detect_jws_payload(&jws.payload).map(Detected::Credential),
    }
}

/// Reads and validates a credential. `related` supplies OB 2.0 documents linked by id.
pub fn parse(file: &[u8], related: &RelatedDocuments) -> Result<ParsedCredential, ParseError> {
    let (bytes, baked_in) = credential_text(file)?;
    let mut parsed = match read_document(&bytes)? {
        Document::Json(value) => match detect_json(&value)? {
            Detected::Credential(CredentialFormat::Ob3Json) => ob3::parse(&value, CredentialFormat::Ob3Json)?,
            Detected::Credential(_) => ob2::parse(&value, CredentialFormat::Ob2Json, related)?,
            Detected::Related { kind, .. } => {
                return Err(ParseError::NotABadge(format!(
                    "this is an Open Badges 2.0 {}, not an assertion; give it together with the assertion",
                    kind.describe()
                )))
            }
        },
        Document::Jws { jws, .. } => parse_jws(&jws.header, &jws.payload, related)?,
    };
    if parsed.dedupe_key.is_empty() {
        parsed.dedupe_key = dedupe_hash(&bytes);
    }
    if let Some(kind) = baked_in {
        // The picture the earner was given stands in when the credential has no inline image.
        if parsed.image.is_none() {
            parsed.image = Some(InlineImage { media_type: kind.media_type().to_owned(), bytes: file.to_vec() });
        }
        parsed.baked_in = Some(kind);
    }
    Ok(parsed)
}

/// [`parse`] of a compact JWS whose parts the caller has already split and decoded:
/// `token` is the whole file (not an image) and, with byte-order marks and white space
/// trimmed, starts with `eyJ` and splits into `header`, `payload` and `signature_part`,
/// each of which decoded (base64url, strict JSON). The answer is the one [`parse`] gives
/// for `token`, without decoding it again.
pub(crate) fn parse_decoded_jws(
    token: &[u8],
    header: &Value,
    payload: &Value,
    signature_part: &str,
    related: &RelatedDocuments,
) -> Result<ParsedCredential, ParseError> {
    if token.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge { size: token.len(), limit: MAX_DOCUMENT_BYTES });
    }
    jws::check_decoded(header, signature_part).map_err(ParseError::Jws)?;
    let mut parsed = parse_jws(header, payload, related)?;
    if parsed.dedupe_key.is_empty() {
        parsed.dedupe_key = dedupe_hash(token);
    }
    Ok(parsed)
}

fn parse_jws(header: &Value, payload: &Value, related: &RelatedDocuments) -> Result<ParsedCredential, ParseError> {
    let mut parsed = match detect_jws_payload(payload)? {
        CredentialFormat::Ob2Jws => ob2::parse(payload, CredentialFormat::Ob2Jws, related)?,
        format => ob3::parse_jwt(header, payload, format)?,
    };
    describe_jws_proof(&mut parsed.credential, header);
    Ok(parsed)
}

/// The identity of a credential without an id: a hash of its bytes.
fn dedupe_hash(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// Records what the JWS header declares (algorithm, key id) as the credential's proof.
/// Declared only: the verifier takes the key from the issuer, never from this header.
fn describe_jws_proof(credential: &mut Credential, header: &Value) {
    let header_str = |name: &str| header.get(name).and_then(Value::as_str).map(str::to_owned);
    let proof_type = if credential.format == CredentialFormat::Ob3Jwt { "VC-JWT" } else { "JWS" };
    let existing = credential.proofs.iter_mut().find(|p| p.cryptosuite.as_deref() == Some("JWS"));
    match existing {
        Some(proof) => proof.cryptosuite = header_str("alg"),
        None => credential.proofs.push(crate::model::ProofSummary {
            proof_type: proof_type.to_owned(),
            cryptosuite: header_str("alg"),
            verification_method: header_str("kid"),
            created: None,
        }),
    }
}

enum Document {
    Json(Value),
    Jws { jws: jws::CompactJws },
}

fn read_document(bytes: &[u8]) -> Result<Document, ParseError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge { size: bytes.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ParseError::Binary)?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    if text.contains('\0') {
        return Err(ParseError::Binary);
    }
    if text.starts_with('<') {
        return Err(ParseError::NotABadge("markup (HTML or XML), not JSON or a JWS".into()));
    }
    if text.starts_with('{') || text.starts_with('[') {
        return read_json(text.as_bytes()).map(Document::Json);
    }
    if text.starts_with("eyJ") || jws::looks_like_compact_jws(text) {
        return jws::decode(text).map(|jws| Document::Jws { jws }).map_err(ParseError::Jws);
    }
    Err(ParseError::NotABadge("neither JSON nor a compact JWS".into()))
}

fn read_json(bytes: &[u8]) -> Result<Value, ParseError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge { size: bytes.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ParseError::Binary)?;
    crate::json::parse_strict(text.trim_start_matches('\u{feff}').as_bytes()).map_err(ParseError::Json)
}

const OB3_TYPES: [&str; 2] = ["OpenBadgeCredential", "AchievementCredential"];

fn type_names(value: &Value) -> Vec<&str> {
    match value.get("type").or_else(|| value.get("@type")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn detect_json(value: &Value) -> Result<Detected, ParseError> {
    if !value.is_object() {
        return Err(ParseError::NotABadge("the JSON is not an object".into()));
    }
    let types = type_names(value);
    if types.iter().any(|t| OB3_TYPES.contains(t)) {
        return Ok(Detected::Credential(CredentialFormat::Ob3Json));
    }
    if types.contains(&"VerifiableCredential") {
        return Err(ParseError::NotABadge(
            "a Verifiable Credential whose type is neither OpenBadgeCredential nor AchievementCredential".into(),
        ));
    }
    let related = |kind| {
        value
            .get("id")
            .and_then(Value::as_str)
            .map(|id| Detected::Related { id: id.to_owned(), kind })
            .ok_or_else(|| ParseError::NotABadge("an Open Badges 2.0 document without \"id\"".into()))
    };
    for t in &types {
        match *t {
            "Assertion" => return Ok(Detected::Credential(CredentialFormat::Ob2Json)),
            "BadgeClass" => return related(RelatedKind::BadgeClass),
            "Issuer" | "Profile" => return related(RelatedKind::Issuer),
            "CryptographicKey" => return related(RelatedKind::CryptographicKey),
            _ => {}
        }
    }
    Err(ParseError::NotABadge(
        "no Open Badges type (expected an Assertion, OpenBadgeCredential or AchievementCredential)".into(),
    ))
}

fn detect_jws_payload(payload: &Value) -> Result<CredentialFormat, ParseError> {
    if let Some(vc) = payload.get("vc") {
        return if type_names(vc).iter().any(|t| OB3_TYPES.contains(t)) {
            Ok(CredentialFormat::Ob3Jwt)
        } else {
            Err(ParseError::NotABadge("the JWT's \"vc\" claim is not an Open Badges 3.0 credential".into()))
        };
    }
    match detect_json(payload) {
        Ok(Detected::Credential(CredentialFormat::Ob3Json)) => Ok(CredentialFormat::Ob3Jwt),
        Ok(Detected::Credential(_)) => Ok(CredentialFormat::Ob2Jws),
        Ok(Detected::Related { .. }) => {
            Err(ParseError::NotABadge("the JWS payload is not an assertion or credential".into()))
        }
        Err(ParseError::NotABadge(why)) => Err(ParseError::NotABadge(format!("JWS payload: {why}"))),
        Err(e) => Err(e),
    }
}

/// Normalizes a date to RFC 3339 UTC. Accepts RFC 3339, a date-time without offset
/// (read as UTC), a bare date, and (OB 2.0) a Unix timestamp in seconds.
pub(crate) fn normalize_date(value: &Value) -> Result<String, String> {
    let utc = match value {
        Value::Number(n) => n
            .as_i64()
            .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
            .ok_or_else(|| format!("timestamp {n} is out of range"))?,
        Value::String(s) => parse_date_text(s.trim()).ok_or_else(|| format!("\"{s}\" is not a date"))?,
        other => return Err(format!("{other} is not a date")),
    };
    utc.to_offset(time::UtcOffset::UTC).format(&Rfc3339).map_err(|e| e.to_string())
}

fn parse_date_text(s: &str) -> Option<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let local = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    if let Ok(t) = PrimitiveDateTime::parse(s.split('.').next().unwrap_or(s), &local) {
        return Some(t.assume_utc());
    }
    let date_only = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &date_only).ok().map(|d| d.midnight().assume_utc())
}

/// Optional date field: absent is fine, present-but-wrong is an error naming the field.
pub(crate) fn optional_date(
    version: &'static str,
    field: &str,
    value: Option<&Value>,
) -> Result<Option<String>, ParseError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            normalize_date(v).map(Some).map_err(|e| ParseError::Invalid { version, message: format!("{field}: {e}") })
        }
    }
}

/// Standard base64 that accepts input with or without `=` padding (issuers differ).
const BASE64_ANY_PADDING: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// Image types kept from `data:` URIs; anything else (HTML, scripts) is refused.
const SHOWN_IMAGE_TYPES: [&str; 5] = ["image/png", "image/svg+xml", "image/jpeg", "image/gif", "image/webp"];

/// Decodes a `data:` URI holding an image. Returns `None` for anything that is not one.
pub(crate) fn decode_data_uri(uri: &str) -> Option<Result<InlineImage, ParseError>> {
    let rest = uri.strip_prefix("data:")?;
    Some((|| {
        let (meta, data) = rest.split_once(',').ok_or_else(|| ParseError::Image("data URI without a comma".into()))?;
        let mut params = meta.split(';');
        let media_type = params.next().unwrap_or_default().trim().to_ascii_lowercase();
        let is_base64 = params.any(|p| p.eq_ignore_ascii_case("base64"));
        if !SHOWN_IMAGE_TYPES.contains(&media_type.as_str()) {
            return Err(ParseError::Image(format!("media type \"{media_type}\" is not an image Rosette shows")));
        }
        if data.len() > MAX_IMAGE_BYTES * 2 {
            return Err(ParseError::Image("larger than 5 MB".into()));
        }
        let bytes = if is_base64 {
            // White space is allowed inside the data. Data without any decodes as it is;
            // white space makes that fail, and only then is a copy without it decoded.
            BASE64_ANY_PADDING
                .decode(data)
                .or_else(|_| {
                    let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
                    BASE64_ANY_PADDING.decode(compact)
                })
                .map_err(|e| ParseError::Image(format!("base64: {e}")))?
        } else {
            percent_decode(data)
        };
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(ParseError::Image("larger than 5 MB".into()));
        }
        Ok(InlineImage { media_type, bytes })
    })())
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Non-empty trimmed text, else `None`.
pub(crate) fn text(value: Option<String>) -> Option<String> {
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    #[test]
    fn dates_normalize_to_utc() {
        assert_eq!(normalize_date(&json!("2025-03-14T14:00:00+02:00")).unwrap(), "2025-03-14T12:00:00Z");
        assert_eq!(normalize_date(&json!("2025-03-14")).unwrap(), "2025-03-14T00:00:00Z");
        assert_eq!(normalize_date(&json!("2025-03-14T12:00:00")).unwrap(), "2025-03-14T12:00:00Z");
        assert_eq!(normalize_date(&json!(1_700_000_000)).unwrap(), "2023-11-14T22:13:20Z");
        assert!(normalize_date(&json!("yesterday")).is_err());
    }

    #[test]
    fn data_uris_decode_and_refuse_non_images() {
        let png = decode_data_uri("data:image/png;base64,iVBORw0KGgo=").unwrap().unwrap();
        assert_eq!(png.bytes, b"\x89PNG\r\n\x1a\n");
        let svg = decode_data_uri("data:image/svg+xml;utf8,%3Csvg%2F%3E").unwrap().unwrap();
        assert_eq!(svg.bytes, b"<svg/>");
        assert!(decode_data_uri("data:text/html,<script>").unwrap().is_err());
        // White space inside base64 data is skipped; other bytes are still refused.
        let spaced = decode_data_uri("data:image/png;base64,iVBO Rw0K\r\nGgo=").unwrap().unwrap();
        assert_eq!(spaced.bytes, png.bytes);
        assert!(decode_data_uri("data:image/png;base64,iVBO*Rw0KGgo=").unwrap().is_err());
        assert!(decode_data_uri("https://example.org/a.png").is_none());
    }

    #[test]
    fn the_quick_image_test_agrees_with_the_full_one() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let samples: [&[u8]; 14] = [
            b"",
            b"   ",
            b"{\"a\":1}",
            b"eyJhbGciOiJFZERTQSJ9.e30.c2ln",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            b"  \n\t<svg/>",
            b"\x0b\x0c<svg/>",
            "\u{feff}\u{feff} <svg/>".as_bytes(),
            "\u{a0}<svg/>".as_bytes(),
            " \u{feff}<svg/>".as_bytes(),
            b"\x1c<svg/>",
            b"<?xml version=\"1.0\"?><svg/>",
            b"\xff\xfe<svg/>",
            &png,
        ];
        for bytes in samples {
            assert_eq!(image_kind(bytes), ImageKind::of(bytes), "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    /// Tokens for `parse_decoded_jws`: the VC-JWT fixture, then variations of it.
    fn tokens() -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ob3-vc2-jwt-eddsa.jwt");
        let fixture = std::fs::read_to_string(path).unwrap().trim().to_owned();
        let b64 = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let parts: Vec<&str> = fixture.split('.').collect();
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        let payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        let token =
            |header: &Value, payload: &Value, signature: &str| format!("{}.{}.{signature}", b64(header), b64(payload));
        let mut no_id = payload.clone();
        no_id.as_object_mut().unwrap().remove("id");
        let mut no_issuer = payload.clone();
        no_issuer.as_object_mut().unwrap().remove("issuer");
        let mut no_jti = no_id.clone();
        no_jti.as_object_mut().unwrap().remove("jti");
        let vc_form = json!({"vc": no_id, "jti": payload["jti"], "iss": payload["iss"], "nbf": 1_700_000_000});
        let mut bad_vc = vc_form.clone();
        bad_vc["vc"]["credentialSubject"]["achievement"]["image"] = json!({"id": "data:image/png;base64,**"});
        vec![
            fixture.clone(),
            format!("{fixture}\n"),
            token(&header, &no_id, parts[2]),
            token(&header, &no_issuer, parts[2]),
            token(&header, &no_jti, parts[2]),
            token(&header, &vc_form, parts[2]),
            token(&header, &bad_vc, parts[2]),
            token(&header, &json!({"vc": 1}), parts[2]),
            token(&header, &json!({"type": ["Assertion"]}), parts[2]),
            token(&json!({"typ": "JWT"}), &payload, parts[2]),
            token(&json!({"alg": 1}), &payload, parts[2]),
            token(&header, &payload, ""),
        ]
    }

    #[test]
    fn a_token_decoded_once_parses_as_parse_reads_it() {
        let related = RelatedDocuments::default();
        let refused = tokens().iter().filter(|t| parse(t.as_bytes(), &related).is_err()).count();
        assert_eq!(refused, 6, "the variations cover refusals and acceptances");
        for token in tokens() {
            let parts: Vec<&str> = token.trim().split('.').collect();
            let read = |part: &str| crate::json::parse_strict(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
            let (header, payload) = (read(parts[0]), read(parts[1]));
            let fast = parse_decoded_jws(token.as_bytes(), &header, &payload, parts[2], &related);
            let full = parse(token.as_bytes(), &related);
            assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{token}");
        }
    }

    #[test]
    fn bad_inputs_get_named_errors() {
        let none = RelatedDocuments::default();
        assert_eq!(parse(b"", &none).unwrap_err(), ParseError::Empty);
        assert_eq!(parse(b"\x00\x01\xff\xfe", &none).unwrap_err(), ParseError::Binary);
        assert!(matches!(parse(br#"{"hello":"world"}"#, &none), Err(ParseError::NotABadge(_))));
        assert!(matches!(parse(b"{\"a\":", &none), Err(ParseError::Json(_))));
        assert!(matches!(parse(b"\x89PNG\r\n\x1a\nrest", &none), Err(ParseError::Baked(_))));
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert!(matches!(parse(&big, &none), Err(ParseError::TooLarge { .. })));
    }
}
