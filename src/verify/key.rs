//! Public keys and the signature primitives every proof format ends in.
//!
//! A key fixes its algorithm: Ed25519 → EdDSA, P-256 → ES256, RSA → RS256 (PKCS#1 v1.5,
//! SHA-256). Nothing here chooses an algorithm from what a document says; callers compare
//! the declared algorithm with [`PublicKey::algorithm`] and refuse a mismatch.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Smallest RSA modulus accepted, in bits.
pub(crate) const MIN_RSA_BITS: usize = 2048;

/// Multicodec prefix (unsigned varint of 0xed) of an Ed25519 public key.
pub(crate) const MULTICODEC_ED25519: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix (unsigned varint of 0x1200) of a compressed P-256 public key.
pub(crate) const MULTICODEC_P256: [u8; 2] = [0x80, 0x24];

/// The signature algorithms Rosette verifies, each bound to one key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Algorithm {
    /// Ed25519 (JOSE `EdDSA`; Data Integrity eddsa suites).
    EdDsa,
    /// ECDSA P-256 with SHA-256, signature as 64 bytes r‖s (JOSE `ES256`).
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (JOSE `RS256`).
    Rs256,
}

impl Algorithm {
    /// The JOSE name.
    pub(crate) fn jose_name(self) -> &'static str {
        match self {
            Self::EdDsa => "EdDSA",
            Self::Es256 => "ES256",
            Self::Rs256 => "RS256",
        }
    }
}

/// Why a key could not be read or a signature did not verify. One sentence each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum KeyError {
    #[error("{0}")]
    Malformed(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    BadSignature(String),
}

/// A public key of one of the supported types.
#[derive(Clone)]
#[non_exhaustive]
pub(crate) enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
    Rsa(rsa::RsaPublicKey),
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({}, sha256:{})", self.type_name(), &self.fingerprint()[..16])
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint() == other.fingerprint()
    }
}

impl PublicKey {
    /// The one algorithm this key verifies.
    pub(crate) fn algorithm(&self) -> Algorithm {
        match self {
            Self::Ed25519(_) => Algorithm::EdDsa,
            Self::P256(_) => Algorithm::Es256,
            Self::Rsa(_) => Algorithm::Rs256,
        }
    }

    /// "Ed25519", "P-256" or "RSA-2048" (with the modulus size).
    pub(crate) fn type_name(&self) -> String {
        match self {
            Self::Ed25519(_) => "Ed25519".into(),
            Self::P256(_) => "P-256".into(),
            Self::Rsa(key) => format!("RSA-{}", rsa::traits::PublicKeyParts::size(key) * 8),
        }
    }

    /// Hex SHA-256 of the key's canonical encoding (raw Ed25519 key, compressed SEC1
    /// point, or `n‖e`), to compare keys and show them briefly.
    pub(crate) fn fingerprint(&self) -> String {
        let bytes = match self {
            Self::Ed25519(key) => key.as_bytes().to_vec(),
            Self::P256(key) => key.to_encoded_point(true).as_bytes().to_vec(),
            Self::Rsa(key) => {
                let mut out = rsa::traits::PublicKeyParts::n(key).to_bytes_be();
                out.extend(rsa::traits::PublicKeyParts::e(key).to_bytes_be());
                out
            }
        };
        hex::encode(Sha256::digest(bytes))
    }

    /// An Ed25519 key from its 32 raw bytes.
    pub(crate) fn ed25519(bytes: &[u8]) -> Result<Self, KeyError> {
        let raw: [u8; 32] = bytes
            .try_into()
            .map_err(|_| KeyError::Malformed(format!("an Ed25519 key is 32 bytes, this one is {}", bytes.len())))?;
        ed25519_dalek::VerifyingKey::from_bytes(&raw)
            .map(Self::Ed25519)
            .map_err(|_| KeyError::Malformed("the Ed25519 key is not a valid curve point".into()))
    }

    /// A P-256 key from a SEC1 point (compressed 33 bytes or uncompressed 65 bytes).
    pub(crate) fn p256_sec1(bytes: &[u8]) -> Result<Self, KeyError> {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map(Self::P256)
            .map_err(|_| KeyError::Malformed("the P-256 key is not a valid curve point".into()))
    }

    /// An RSA key from its modulus and exponent (big-endian), at least [`MIN_RSA_BITS`].
    pub(crate) fn rsa(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        let key = rsa::RsaPublicKey::new(rsa::BigUint::from_bytes_be(n), rsa::BigUint::from_bytes_be(e))
            .map_err(|e| KeyError::Malformed(format!("the RSA key is not usable: {e}")))?;
        Self::checked_rsa(key)
    }

    fn checked_rsa(key: rsa::RsaPublicKey) -> Result<Self, KeyError> {
        let bits = rsa::traits::PublicKeyParts::n(&key).bits();
        if bits < MIN_RSA_BITS {
            return Err(KeyError::Unsupported(format!(
                "the RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"
            )));
        }
        Ok(Self::Rsa(key))
    }

    /// A key from a PEM document: SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`, RSA only
    /// (what Open Badges 2.0 `publicKeyPem` holds).
    pub(crate) fn from_pem(pem: &str) -> Result<Self, KeyError> {
        use rsa::pkcs1::DecodeRsaPublicKey as _;
        use rsa::pkcs8::DecodePublicKey as _;
        let pem = pem.trim();
        let key = if pem.starts_with("-----BEGIN RSA PUBLIC KEY-----") {
            rsa::RsaPublicKey::from_pkcs1_pem(pem).ok()
        } else if pem.starts_with("-----BEGIN PUBLIC KEY-----") {
            rsa::RsaPublicKey::from_public_key_pem(pem).ok()
        } else {
            return Err(KeyError::Malformed("the key is not a PEM public key".into()));
        };
        let key =
            key.ok_or_else(|| KeyError::Unsupported("the PEM key is not an RSA public key Rosette can read".into()))?;
        Self::checked_rsa(key)
    }

    /// A key from a public JWK (RFC 7517): `OKP`/`Ed25519`, `EC`/`P-256` or `RSA`. A JWK
    /// with private members is refused; an `alg` member must name this key's algorithm.
    pub(crate) fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let member = |name: &str| jwk.get(name).and_then(Value::as_str);
        let bytes = |name: &str| -> Result<Vec<u8>, KeyError> {
            let text = member(name).ok_or_else(|| KeyError::Malformed(format!("the JWK has no \"{name}\"")))?;
            URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|_| KeyError::Malformed(format!("the JWK's \"{name}\" is not base64url")))
        };
        if !jwk.is_object() {
            return Err(KeyError::Malformed("the JWK is not a JSON object".into()));
        }
        if ["d", "p", "q", "dp", "dq", "qi", "k"].iter().any(|m| jwk.get(m).is_some()) {
            return Err(KeyError::Malformed("the JWK holds private key material; only public keys are used".into()));
        }
        let key = match (member("kty"), member("crv")) {
            (Some("OKP"), Some("Ed25519")) => Self::ed25519(&bytes("x")?)?,
            (Some("EC"), Some("P-256")) => {
                let (x, y) = (bytes("x")?, bytes("y")?);
                if x.len() != 32 || y.len() != 32 {
                    return Err(KeyError::Malformed("a P-256 JWK has 32-byte \"x\" and \"y\"".into()));
                }
                let mut point = Vec::with_capacity(65);
                point.push(0x04);
                point.extend(x);
                point.extend(y);
                Self::p256_sec1(&point)?
            }
            (Some("RSA"), _) => Self::rsa(&bytes("n")?, &bytes("e")?)?,
            (Some(kty), crv) => {
                return Err(KeyError::Unsupported(format!(
                    "JWK key type {kty}{} is not supported (Ed25519, P-256 and RSA are)",
                    crv.map(|c| format!("/{c}")).unwrap_or_default()
                )))
            }
            (None, _) => return Err(KeyError::Malformed("the JWK has no \"kty\"".into())),
        };
        if let Some(alg) = member("alg") {
            if alg != key.algorithm().jose_name() && !(alg == "Ed25519" && key.algorithm() == Algorithm::EdDsa) {
                return Err(KeyError::Malformed(format!(
                    "the JWK says \"alg\": \"{alg}\" but a {} key is used with {}",
                    key.type_name(),
                    key.algorithm().jose_name()
                )));
            }
        }
        Ok(key)
    }

    /// A key from a Multikey `publicKeyMultibase` (base58btc `z…` of a multicodec key):
    /// Ed25519 (`0xed`) or compressed P-256 (`0x1200`).
    pub(crate) fn from_multibase(text: &str) -> Result<Self, KeyError> {
        let bytes = decode_multibase_base58btc(text)?;
        if let Some(raw) = bytes.strip_prefix(&MULTICODEC_ED25519) {
            return Self::ed25519(raw);
        }
        if let Some(raw) = bytes.strip_prefix(&MULTICODEC_P256) {
            if raw.len() != 33 {
                return Err(KeyError::Malformed(format!(
                    "a P-256 multikey is a 33-byte compressed point, this one is {} bytes",
                    raw.len()
                )));
            }
            return Self::p256_sec1(raw);
        }
        let (code, _) = read_varint(&bytes)
            .ok_or_else(|| KeyError::Malformed("the multibase key has no multicodec prefix".into()))?;
        Err(KeyError::Unsupported(format!(
            "multicodec 0x{code:x} ({}) is not supported; Ed25519 (0xed) and P-256 (0x1200) are",
            multicodec_name(code)
        )))
    }

    /// Verifies `signature` over `message` with this key's algorithm. `algorithm` is what
    /// the document declared; it must be this key's.
    pub(crate) fn verify(&self, algorithm: Algorithm, message: &[u8], signature: &[u8]) -> Result<(), KeyError> {
        if algorithm != self.algorithm() {
            return Err(KeyError::BadSignature(format!(
                "{} was declared but the key is {}, which is used only with {}",
                algorithm.jose_name(),
                self.type_name(),
                self.algorithm().jose_name()
            )));
        }
        match self {
            Self::Ed25519(key) => {
                let raw: [u8; 64] = signature.try_into().map_err(|_| {
                    KeyError::BadSignature(format!("an Ed25519 signature is 64 bytes, this one is {}", signature.len()))
                })?;
                key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&raw))
                    .map_err(|_| KeyError::BadSignature("the Ed25519 signature does not match".into()))
            }
            Self::P256(key) => {
                use p256::ecdsa::signature::Verifier as _;
                if signature.len() != 64 {
                    return Err(KeyError::BadSignature(format!(
                        "an ES256 signature is 64 bytes (r‖s, IEEE P1363), this one is {}{}",
                        signature.len(),
                        if signature.first() == Some(&0x30) {
                            " and looks DER-encoded, which JOSE forbids"
                        } else {
                            ""
                        }
                    )));
                }
                let sig = p256::ecdsa::Signature::from_slice(signature)
                    .map_err(|_| KeyError::BadSignature("the ES256 signature's r or s is out of range".into()))?;
                key.verify(message, &sig)
                    .map_err(|_| KeyError::BadSignature("the ES256 signature does not match".into()))
            }
            Self::Rsa(key) => {
                let hashed = Sha256::digest(message);
                key.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &hashed, signature)
                    .map_err(|_| KeyError::BadSignature("the RS256 signature does not match".into()))
            }
        }
    }
}

/// Decodes multibase base58btc (`z…`); every other multibase prefix is refused.
pub(crate) fn decode_multibase_base58btc(text: &str) -> Result<Vec<u8>, KeyError> {
    let Some(rest) = text.strip_prefix('z') else {
        return Err(KeyError::Malformed(format!(
            "multibase value starting with {:?} is not base58btc ('z')",
            text.chars().next().map(String::from).unwrap_or_default()
        )));
    };
    bs58::decode(rest).into_vec().map_err(|e| KeyError::Malformed(format!("invalid base58btc: {e}")))
}

/// Reads an unsigned varint (multiformats); `None` when truncated or longer than 9 bytes.
pub(crate) fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, byte) in bytes.iter().enumerate().take(9) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn multicodec_name(code: u64) -> &'static str {
    match code {
        0xe7 => "secp256k1-pub",
        0xec => "x25519-pub",
        0xeb => "bls12_381-g2-pub",
        0x1201 => "p384-pub",
        0x1202 => "p521-pub",
        0x1205 => "rsa-pub",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jwk_keys_of_each_type_read_and_pin_their_algorithm() {
        let ed = PublicKey::from_jwk(
            &json!({"kty":"OKP","crv":"Ed25519","x":"7Fv14WkaqDg9BE7TMOdMCAVfoFmBFUEeK2Nr44iKCz0"}),
        )
        .unwrap();
        assert_eq!(ed.algorithm(), Algorithm::EdDsa);
        let ec = PublicKey::from_jwk(&json!({"kty":"EC","crv":"P-256",
            "x":"HXn7W0NAHSuNXnAGD566KPcCFHxk1vygisZea4njgUc","y":"rvChZqBKhIT5j3BwMDm-5kKWNZR32E1Uug0jLSPjLiU"}))
        .unwrap();
        assert_eq!(ec.algorithm(), Algorithm::Es256);
        let err = PublicKey::from_jwk(&json!({"kty":"EC","crv":"P-384","x":"AA","y":"AA"})).unwrap_err();
        assert!(err.to_string().contains("P-384"), "{err}");
        let err = PublicKey::from_jwk(
            &json!({"kty":"OKP","crv":"Ed25519","x":"7Fv14WkaqDg9BE7TMOdMCAVfoFmBFUEeK2Nr44iKCz0","alg":"ES256"}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("ES256"), "{err}");
        let err = PublicKey::from_jwk(&json!({"kty":"oct","k":"c2VjcmV0"})).unwrap_err();
        assert!(err.to_string().contains("private"), "{err}");
    }

    #[test]
    fn a_declared_algorithm_other_than_the_keys_is_refused() {
        let key = PublicKey::ed25519(&[0x3d; 32]);
        // Not every 32-byte string is a point; use a known one.
        let key =
            key.or_else(|_| PublicKey::from_multibase("z6MkvMubKHFcdnj6nruNTfKdDfRuQdiQdXdRmTtkFbBnPkmz")).unwrap();
        let err = key.verify(Algorithm::Rs256, b"m", &[0; 64]).unwrap_err();
        assert!(err.to_string().contains("RS256"), "{err}");
    }

    #[test]
    fn small_rsa_keys_are_refused() {
        let err = PublicKey::rsa(&[0xc1; 128], &[1, 0, 1]).unwrap_err();
        assert!(err.to_string().contains("1024 bits"), "{err}");
    }

    #[test]
    fn varints_and_multibase() {
        assert_eq!(read_varint(&MULTICODEC_ED25519), Some((0xed, 2)));
        assert_eq!(read_varint(&MULTICODEC_P256), Some((0x1200, 2)));
        assert_eq!(read_varint(&[0x80]), None);
        assert!(decode_multibase_base58btc("uAAAA").unwrap_err().to_string().contains("base58btc"));
        assert!(decode_multibase_base58btc("z0OIl").is_err());
    }
}
