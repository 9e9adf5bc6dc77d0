//! Compact JWS (RFC 7515) as a container: split and decode header and payload.
//!
//! No signature is checked here (the verifier does that, with the key taken from the
//! issuer, never from this header). This only makes sure the three parts are present
//! and decodable, so a truncated or garbled token gets a precise error.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// A compact JWS, decoded but not verified.
#[derive(Debug, Clone)]
pub(crate) struct CompactJws {
    pub(crate) header: Value,
    pub(crate) payload: Value,
}

/// Whether `text` has the outline of a compact JWS: three base64url parts.
pub(crate) fn looks_like_compact_jws(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

/// Decodes a compact JWS. Errors are one sentence naming the part that is wrong.
pub(crate) fn decode(text: &str) -> Result<CompactJws, String> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 3 {
        return Err(format!("a compact JWS has 3 parts separated by dots, this has {}", parts.len()));
    }
    let header = decode_json_part(parts[0], "header")?;
    check_algorithm(&header)?;
    let payload = decode_json_part(parts[1], "payload")?;
    check_signature_present(parts[2])?;
    URL_SAFE_NO_PAD.decode(parts[2]).map_err(|e| format!("JWS signature is not base64url: {e}"))?;
    Ok(CompactJws { header, payload })
}

/// The checks of [`decode`] beyond decoding, for a token whose three parts the caller
/// has already decoded: the same answer [`decode`] gives for it.
pub(crate) fn check_decoded(header: &Value, signature_part: &str) -> Result<(), String> {
    check_algorithm(header)?;
    check_signature_present(signature_part)
}

fn check_algorithm(header: &Value) -> Result<(), String> {
    if header.get("alg").is_some_and(Value::is_string) {
        Ok(())
    } else {
        Err("JWS header has no \"alg\"".into())
    }
}

fn check_signature_present(signature_part: &str) -> Result<(), String> {
    if signature_part.is_empty() {
        Err("JWS has no signature part".into())
    } else {
        Ok(())
    }
}

fn decode_json_part(part: &str, name: &str) -> Result<Value, String> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|e| format!("JWS {name} is not base64url (truncated?): {e}"))?;
    crate::json::parse_strict(&bytes).map_err(|e| format!("JWS {name}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn decodes_a_well_formed_token() {
        let token = format!("{}.{}.{}", b64(r#"{"alg":"EdDSA"}"#), b64(r#"{"iss":"x"}"#), b64("sig"));
        assert!(looks_like_compact_jws(&token));
        let jws = decode(&token).unwrap();
        assert_eq!(jws.payload["iss"], "x");
    }

    #[test]
    fn truncated_payload_is_named() {
        let header = b64(r#"{"alg":"EdDSA"}"#);
        let payload = b64(r#"{"iss":"abcdefghijkl"}"#);
        let cut = format!("{header}.{}.{}", &payload[..payload.len() / 2], b64("sig"));
        let err = decode(&cut).unwrap_err();
        assert!(err.contains("payload"), "{err}");
        assert!(decode(&format!("{header}.{payload}")).unwrap_err().contains("3 parts"));
    }
}
