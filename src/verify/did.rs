//! DIDs whose key is the identifier itself, resolved offline: `did:key` (Ed25519
//! multicodec `0xed`, P-256 `0x1200` compressed; multibase base58btc `z`) and `did:jwk`
//! (base64url of a public JWK). Also the reading of a DID document obtained elsewhere
//! (a cached `did:web` document), with the same binding rules.

use super::key::{decode_multibase_base58btc, read_varint, KeyError, PublicKey, MULTICODEC_ED25519, MULTICODEC_P256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// Longest DID read (a did:jwk of an RSA-4096 key is about 1 KB).
const MAX_DID_BYTES: usize = 8 * 1024;

/// The DID methods Rosette knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum DidMethod {
    Key,
    Jwk,
    Web,
}

impl DidMethod {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Key => "did:key",
            Self::Jwk => "did:jwk",
            Self::Web => "did:web",
        }
    }
}

/// Why a DID or verification method could not be resolved. One sentence each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum DidError {
    #[error("{0} is not a DID")]
    NotADid(String),
    /// A DID method that needs a network or a cached document (did:web, others).
    #[error("{0} cannot be resolved offline without a cached DID document")]
    NeedsDocument(String),
    #[error("{0}")]
    Malformed(String),
    /// The method is not one the DID (document) offers for assertions: a binding failure.
    #[error("{0}")]
    NotListed(String),
    #[error("{0}")]
    Key(#[from] KeyError),
}

/// A key found for a verification method, with its controller.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResolvedKey {
    /// The DID that controls the key.
    pub(crate) controller: String,
    /// The full verification method id (`did…#fragment`).
    pub(crate) verification_method: String,
    pub(crate) method: DidMethod,
    pub(crate) key: PublicKey,
}

/// A did:key or did:jwk, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResolvedDid {
    pub(crate) did: String,
    pub(crate) method: DidMethod,
    pub(crate) key: PublicKey,
    /// Verification method ids, all usable for `assertionMethod`.
    pub(crate) verification_methods: Vec<String>,
}

/// The method of a DID or DID URL, when it is one Rosette knows.
pub(crate) fn method_of(did: &str) -> Option<DidMethod> {
    let did = did.split('#').next().unwrap_or(did);
    if did.starts_with("did:key:") {
        Some(DidMethod::Key)
    } else if did.starts_with("did:jwk:") {
        Some(DidMethod::Jwk)
    } else if did.starts_with("did:web:") {
        Some(DidMethod::Web)
    } else {
        None
    }
}

/// Resolves a `did:key` or `did:jwk` (without fragment) offline.
pub(crate) fn resolve(did: &str) -> Result<ResolvedDid, DidError> {
    if did.len() > MAX_DID_BYTES {
        return Err(DidError::Malformed(format!("the DID is longer than {MAX_DID_BYTES} bytes")));
    }
    if !did.starts_with("did:") {
        return Err(DidError::NotADid(did.to_owned()));
    }
    if did.contains(['#', '?', '/']) {
        return Err(DidError::Malformed(format!("{did} is a DID URL, not a DID")));
    }
    if let Some(id) = did.strip_prefix("did:key:") {
        let key = did_key_public_key(id)?;
        return Ok(ResolvedDid {
            did: did.to_owned(),
            method: DidMethod::Key,
            key,
            verification_methods: vec![format!("{did}#{id}")],
        });
    }
    if let Some(id) = did.strip_prefix("did:jwk:") {
        let key = did_jwk_public_key(id)?;
        return Ok(ResolvedDid {
            did: did.to_owned(),
            method: DidMethod::Jwk,
            key,
            verification_methods: vec![format!("{did}#0")],
        });
    }
    if did.starts_with("did:") {
        Err(DidError::NeedsDocument(did.to_owned()))
    } else {
        Err(DidError::NotADid(did.to_owned()))
    }
}

/// Resolves a verification method URL (`did:key:…#…`, `did:jwk:…#0`) offline. The
/// fragment must name one of the DID's methods; a bare DID stands for its only method.
pub(crate) fn resolve_verification_method(url: &str) -> Result<ResolvedKey, DidError> {
    let (did, fragment) = match url.split_once('#') {
        Some((did, fragment)) => (did, Some(fragment)),
        None => (url, None),
    };
    let resolved = resolve(did)?;
    let verification_method = match fragment {
        None => resolved.verification_methods[0].clone(),
        Some(_) => resolved
            .verification_methods
            .iter()
            .find(|vm| vm.as_str() == url)
            .cloned()
            .ok_or_else(|| DidError::NotListed(format!("{url} is not a verification method of {did}")))?,
    };
    Ok(ResolvedKey { controller: resolved.did, verification_method, method: resolved.method, key: resolved.key })
}

fn did_key_public_key(id: &str) -> Result<PublicKey, DidError> {
    if !id.starts_with('z') {
        return Err(DidError::Malformed("a did:key identifier is multibase base58btc and starts with 'z'".into()));
    }
    let bytes = decode_multibase_base58btc(id)?;
    if bytes.starts_with(&MULTICODEC_ED25519) || bytes.starts_with(&MULTICODEC_P256) {
        return Ok(PublicKey::from_multibase(id)?);
    }
    let code = read_varint(&bytes).map_or_else(|| "none".to_owned(), |(c, _)| format!("0x{c:x}"));
    Err(DidError::Key(KeyError::Unsupported(format!(
        "did:key with multicodec {code} is not supported; Ed25519 (0xed) and P-256 (0x1200) are"
    ))))
}

fn did_jwk_public_key(id: &str) -> Result<PublicKey, DidError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(id)
        .map_err(|_| DidError::Malformed("a did:jwk identifier is base64url (no padding) of a JWK".into()))?;
    let jwk = crate::json::parse_strict(&bytes).map_err(|e| DidError::Malformed(format!("did:jwk: {e}")))?;
    if jwk.get("use").and_then(Value::as_str) == Some("enc") {
        return Err(DidError::Malformed("this did:jwk key is for encryption (\"use\": \"enc\"), not signing".into()));
    }
    Ok(PublicKey::from_jwk(&jwk)?)
}

/// Finds the key of `verification_method` in a DID document obtained elsewhere (a cached
/// `did:web` document). The document's `id` must be `did`, the method must be controlled
/// by `did` and listed (by reference or embedded) under `assertionMethod`.
pub(crate) fn key_from_document(
    did: &str,
    document: &Value,
    verification_method: &str,
) -> Result<ResolvedKey, DidError> {
    if document.get("id").and_then(Value::as_str) != Some(did) {
        return Err(DidError::Malformed(format!("the DID document's \"id\" is not {did}")));
    }
    let absolute = |id: &str| if id.starts_with('#') { format!("{did}{id}") } else { id.to_owned() };
    let listed = |name: &str| -> Vec<Value> {
        match document.get(name) {
            Some(Value::Array(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        }
    };
    let id_of = |v: &Value| match v {
        Value::String(s) => Some(absolute(s)),
        Value::Object(_) => v.get("id").and_then(Value::as_str).map(absolute),
        _ => None,
    };
    let assertion = listed("assertionMethod");
    // A bare DID stands for its only assertion method.
    let wanted = match (verification_method == did, assertion.as_slice()) {
        (true, [only]) => id_of(only).unwrap_or_default(),
        (true, _) => {
            return Err(DidError::NotListed(format!(
                "{did} lists {} assertion methods and the proof names none of them",
                assertion.len()
            )))
        }
        (false, _) => absolute(verification_method),
    };
    let Some(entry) = assertion.iter().find(|v| id_of(v).as_deref() == Some(wanted.as_str())) else {
        return Err(DidError::NotListed(format!("{wanted} is not listed under assertionMethod of {did}")));
    };
    let method = if entry.is_object() {
        entry.clone()
    } else {
        listed("verificationMethod")
            .into_iter()
            .find(|v| id_of(v).as_deref() == Some(wanted.as_str()))
            .ok_or_else(|| DidError::Malformed(format!("{wanted} is not described in the DID document")))?
    };
    let controller = method.get("controller").and_then(Value::as_str).unwrap_or_default();
    if controller != did {
        return Err(DidError::NotListed(format!("the controller of {wanted} is {controller:?}, not {did}")));
    }
    let key = if let Some(jwk) = method.get("publicKeyJwk") {
        PublicKey::from_jwk(jwk)?
    } else if let Some(text) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        PublicKey::from_multibase(text)?
    } else {
        return Err(DidError::Malformed(format!("{wanted} has neither publicKeyJwk nor publicKeyMultibase")));
    };
    Ok(ResolvedKey {
        controller: did.to_owned(),
        verification_method: wanted,
        method: method_of(did).unwrap_or(DidMethod::Web),
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::key::Algorithm;
    use serde_json::json;

    const ED_DID: &str = "did:key:z6MkvMubKHFcdnj6nruNTfKdDfRuQdiQdXdRmTtkFbBnPkmz";
    const JWK_DID: &str = "did:jwk:eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkhYbjdXME5BSFN1TlhuQUdENTY2S1BjQ0ZIeGsxdnlnaXNaZWE0bmpnVWMiLCJ5IjoicnZDaFpxQktoSVQ1ajNCd01EbS01a0tXTlpSMzJFMVV1ZzBqTFNQakxpVSJ9";

    #[test]
    fn did_key_ed25519_resolves_to_the_fixture_key() {
        let resolved = resolve(ED_DID).unwrap();
        assert_eq!(resolved.method, DidMethod::Key);
        assert_eq!(
            resolved.verification_methods,
            vec![format!("{ED_DID}#z6MkvMubKHFcdnj6nruNTfKdDfRuQdiQdXdRmTtkFbBnPkmz")]
        );
        let jwk = json!({"kty":"OKP","crv":"Ed25519","x":"7Fv14WkaqDg9BE7TMOdMCAVfoFmBFUEeK2Nr44iKCz0"});
        assert_eq!(resolved.key, PublicKey::from_jwk(&jwk).unwrap());
        let vm = resolve_verification_method(&resolved.verification_methods[0]).unwrap();
        assert_eq!(vm.controller, ED_DID);
        assert!(resolve_verification_method(&format!("{ED_DID}#other")).is_err());
    }

    #[test]
    fn did_key_p256_resolves() {
        // The P-256 key of ob3-vc2-jwt-es256.jws, as did:key (0x1200 + compressed point).
        let jwk_key = resolve(JWK_DID).unwrap().key;
        let PublicKey::P256(vk) = &jwk_key else { panic!("not P-256") };
        let mut bytes = MULTICODEC_P256.to_vec();
        bytes.extend_from_slice(vk.to_encoded_point(true).as_bytes());
        let did = format!("did:key:z{}", bs58::encode(bytes).into_string());
        assert!(did.starts_with("did:key:zDn"), "{did}");
        let resolved = resolve(&did).unwrap();
        assert_eq!(resolved.key, jwk_key);
        assert_eq!(resolved.key.algorithm(), Algorithm::Es256);
    }

    #[test]
    fn did_jwk_resolves_with_fragment_zero() {
        let resolved = resolve_verification_method(&format!("{JWK_DID}#0")).unwrap();
        assert_eq!(resolved.method, DidMethod::Jwk);
        assert_eq!(resolved.key.algorithm(), Algorithm::Es256);
        assert!(resolve_verification_method(&format!("{JWK_DID}#1")).is_err());
    }

    #[test]
    fn other_multicodecs_and_methods_are_refused_clearly() {
        // secp256k1-pub (0xe7 0x01) + 33 bytes.
        let mut bytes = vec![0xe7, 0x01];
        bytes.extend([2u8; 33]);
        let did = format!("did:key:z{}", bs58::encode(bytes).into_string());
        let err = resolve(&did).unwrap_err().to_string();
        assert!(err.contains("0xe7") && err.contains("not supported"), "{err}");
        assert!(matches!(resolve("did:web:example.org"), Err(DidError::NeedsDocument(_))));
        assert!(matches!(resolve("https://example.org"), Err(DidError::NotADid(_))));
        assert!(resolve("did:key:6MkvMub").unwrap_err().to_string().contains("'z'"));
        let private = URL_SAFE_NO_PAD
            .encode(r#"{"kty":"OKP","crv":"Ed25519","x":"7Fv14WkaqDg9BE7TMOdMCAVfoFmBFUEeK2Nr44iKCz0","d":"AA"}"#);
        assert!(resolve(&format!("did:jwk:{private}")).unwrap_err().to_string().contains("private"));
        let enc = URL_SAFE_NO_PAD
            .encode(r#"{"kty":"OKP","crv":"Ed25519","x":"7Fv14WkaqDg9BE7TMOdMCAVfoFmBFUEeK2Nr44iKCz0","use":"enc"}"#);
        assert!(resolve(&format!("did:jwk:{enc}")).unwrap_err().to_string().contains("encryption"));
    }

    #[test]
    fn did_documents_require_assertion_method_and_controller() {
        let did = "did:web:issuer.example.org";
        let doc = json!({
            "id": did,
            "verificationMethod": [{"id": "#key-1", "type": "Multikey", "controller": did,
                "publicKeyMultibase": "z6MkvMubKHFcdnj6nruNTfKdDfRuQdiQdXdRmTtkFbBnPkmz"},
                {"id": "#key-2", "type": "Multikey", "controller": "did:web:other.example",
                "publicKeyMultibase": "z6MkvMubKHFcdnj6nruNTfKdDfRuQdiQdXdRmTtkFbBnPkmz"}],
            "assertionMethod": ["#key-1", "#key-2"],
        });
        let found = key_from_document(did, &doc, &format!("{did}#key-1")).unwrap();
        assert_eq!(found.verification_method, format!("{did}#key-1"));
        assert!(key_from_document(did, &doc, "#key-2").unwrap_err().to_string().contains("controller"));
        assert!(key_from_document(did, &doc, "#key-3").unwrap_err().to_string().contains("assertionMethod"));
        assert!(key_from_document("did:web:elsewhere", &doc, "#key-1").is_err());
    }
}
