//! The network settings a user keeps in the portfolio, the same two the CLI takes as flags
//! (architecture §5): "allow private network" and extra trusted certificate authorities
//! (an organisation's own root). Both only matter when the user goes online; nothing here
//! goes online by itself.
//!
//! A certificate is kept as DER under its SHA-256 fingerprint, so the portfolio does not
//! depend on the file it came from. It is checked when added: it must read as X.509, be a
//! certificate authority (or an old v1 root, which says nothing), be valid now, and be
//! usable as a trust anchor.

use crate::error::{Error, Result};
use crate::net::NetworkSettings;
use crate::store::KeptCertificate;
use crate::wallet::Wallet;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const ALLOW_PRIVATE_NETWORK: &str = "network.allowPrivateNetwork";
/// Largest certificate file read (a bundle of a few hundred roots fits).
const MAX_CERTIFICATE_FILE_BYTES: u64 = 1024 * 1024;
/// Fewest hex characters of a fingerprint that name a certificate.
const MIN_ID_CHARS: usize = 8;

/// A certificate authority the user trusts when going online, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrustedCertificate {
    /// The first 16 hex characters of the fingerprint; any 8 or more name it.
    pub id: String,
    /// SHA-256 of the certificate, as colon-separated upper-case hex pairs.
    pub fingerprint: String,
    /// The subject's common name, else the whole subject.
    pub name: String,
    pub subject: String,
    pub valid_until: String,
    pub expired: bool,
    pub added_at: String,
}

/// The network settings kept in the portfolio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NetworkPreferences {
    /// Reach loopback and private-network addresses when online.
    pub allow_private_network: bool,
    pub trusted_certificates: Vec<TrustedCertificate>,
}

/// The subject's common name (else the whole subject), and the whole subject.
fn names(cert: &x509_parser::certificate::X509Certificate<'_>) -> (String, String) {
    let subject = cert.subject().to_string();
    let name = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map_or_else(|| subject.clone(), str::to_owned);
    (name, subject)
}

/// Why a certificate cannot be trusted as a root now, if it cannot.
fn check_trustable(der: &[u8], now: OffsetDateTime) -> std::result::Result<(), String> {
    let (rest, cert) =
        x509_parser::parse_x509_certificate(der).map_err(|e| format!("not an X.509 certificate ({e})"))?;
    if !rest.is_empty() {
        return Err("not an X.509 certificate (data follows it)".into());
    }
    let (name, _) = names(&cert);
    if let Ok(Some(constraints)) = cert.basic_constraints() {
        if !constraints.value.ca {
            return Err(format!(
                "\"{name}\" is not a certificate authority (it is a server's own certificate); add the authority that \
                 issued it"
            ));
        }
    }
    let (valid_from, valid_until) = (cert.validity().not_before.to_datetime(), cert.validity().not_after.to_datetime());
    if valid_until < now {
        return Err(format!("\"{name}\" expired on {}", date(valid_until)));
    }
    if valid_from > now {
        return Err(format!("\"{name}\" is not valid before {}", date(valid_from)));
    }
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(der.to_vec()))
        .map_err(|e| format!("\"{name}\" cannot be used as a trusted root ({e})"))?;
    Ok(())
}

fn date(at: OffsetDateTime) -> String {
    at.date().to_string()
}

fn fingerprint_hex(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

fn shown(kept: &KeptCertificate, now: OffsetDateTime) -> TrustedCertificate {
    let fingerprint = kept
        .fingerprint
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).to_uppercase())
        .collect::<Vec<_>>()
        .join(":");
    let id = kept.fingerprint.chars().take(16).collect();
    // Kept certificates were read when added; one that no longer reads is still listed
    // (so it can be removed) with what is known.
    let (name, subject, valid_until, expired) = match x509_parser::parse_x509_certificate(&kept.der) {
        Ok((_, cert)) => {
            let (name, subject) = names(&cert);
            let until = cert.validity().not_after.to_datetime();
            (name, subject, until.format(&Rfc3339).unwrap_or_default(), until < now)
        }
        Err(_) => ("(unreadable certificate)".into(), String::new(), String::new(), true),
    };
    TrustedCertificate { id, fingerprint, name, subject, valid_until, expired, added_at: kept.added_at.clone() }
}

/// The certificates in a PEM file (one or more `BEGIN CERTIFICATE` blocks) or a DER file.
fn certificates_in(bytes: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    let pem = CertificateDer::pem_slice_iter(bytes)
        .map(|c| c.map(|c| c.as_ref().to_vec()))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| format!("not a readable PEM file ({e})"))?;
    if !pem.is_empty() {
        return Ok(pem);
    }
    if bytes.first() == Some(&0x30) {
        return Ok(vec![bytes.to_vec()]);
    }
    Err("holds no certificate (a PEM file has \"-----BEGIN CERTIFICATE-----\" blocks)".into())
}

impl Wallet {
    /// The network settings kept in the portfolio.
    pub fn network_preferences(&self) -> Result<NetworkPreferences> {
        let now = self.now();
        Ok(NetworkPreferences {
            allow_private_network: self.allows_private_network()?,
            trusted_certificates: self.store.trusted_certificates()?.iter().map(|c| shown(c, now)).collect(),
        })
    }

    fn allows_private_network(&self) -> Result<bool> {
        Ok(self.store.setting(ALLOW_PRIVATE_NETWORK)?.is_some_and(|v| v == "true"))
    }

    /// Lets (or stops letting) online checks reach loopback and private-network addresses.
    pub fn set_allow_private_network(&mut self, allow: bool) -> Result<()> {
        Ok(self.store.set_setting(ALLOW_PRIVATE_NETWORK, if allow { "true" } else { "false" })?)
    }

    /// Trusts the certificate authorities in a PEM (or DER) file's bytes when going online.
    /// Every certificate must pass, or none is kept. Returns them as kept (a certificate
    /// already trusted is returned too).
    pub fn trust_certificates(&mut self, bytes: &[u8]) -> Result<Vec<TrustedCertificate>> {
        let now = self.now();
        let added_at = self.now_rfc3339();
        let ders = certificates_in(bytes).map_err(Error::InvalidInput)?;
        let mut kept = Vec::with_capacity(ders.len());
        for der in ders {
            check_trustable(&der, now).map_err(Error::InvalidInput)?;
            kept.push(KeptCertificate { fingerprint: fingerprint_hex(&der), der, added_at: added_at.clone() });
        }
        for certificate in &kept {
            self.store.trust_certificate(certificate)?;
        }
        let stored = self.store.trusted_certificates()?;
        Ok(kept
            .iter()
            .filter_map(|k| stored.iter().find(|s| s.fingerprint == k.fingerprint))
            .map(|s| shown(s, now))
            .collect())
    }

    /// [`Self::trust_certificates`] from a file.
    pub fn trust_certificate_file(&mut self, path: &Path) -> Result<Vec<TrustedCertificate>> {
        let bytes = crate::wallet::read_capped_to(path, MAX_CERTIFICATE_FILE_BYTES)
            .map_err(|why| Error::InvalidInput(format!("{}: {why}", path.display())))?;
        self.trust_certificates(&bytes).map_err(|e| match e {
            Error::InvalidInput(why) => Error::InvalidInput(format!("{}: {why}", path.display())),
            other => other,
        })
    }

    /// Stops trusting a certificate, named by 8 or more hex characters of its fingerprint
    /// (colons allowed). Returns it as it was shown.
    pub fn distrust_certificate(&mut self, id: &str) -> Result<TrustedCertificate> {
        let wanted: String = id.chars().filter(|c| *c != ':').collect::<String>().to_ascii_lowercase();
        if wanted.len() < MIN_ID_CHARS || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::InvalidInput(format!(
                "\"{id}\" is not a certificate id: give {MIN_ID_CHARS} or more hex characters of its fingerprint"
            )));
        }
        let now = self.now();
        let matching: Vec<KeptCertificate> =
            self.store.trusted_certificates()?.into_iter().filter(|c| c.fingerprint.starts_with(&wanted)).collect();
        match matching.as_slice() {
            [] => Err(Error::Missing { what: "trusted certificate", name: id.to_owned() }),
            [one] => {
                self.store.distrust_certificate(&one.fingerprint)?;
                Ok(shown(one, now))
            }
            _ => Err(Error::InvalidInput(format!("\"{id}\" matches several certificates; give more characters"))),
        }
    }

    /// The kept network settings with `extra` ones added (the CLI's flags): private
    /// networks are allowed when either allows them; the CA files are added to the kept
    /// certificates.
    pub fn network_settings(&self, extra: &NetworkSettings) -> Result<NetworkSettings> {
        let mut settings = extra.clone();
        settings.allow_private_network |= self.allows_private_network()?;
        settings.trusted_roots.extend(self.store.trusted_certificates()?.into_iter().map(|c| c.der));
        Ok(settings)
    }

    /// Goes online with the kept network settings (plus `extra`), runs `work`, keeps what
    /// was fetched in the document cache and goes offline again, whatever `work` returned.
    /// Inside `work`, [`Wallet::network_notes`] tells which fetches failed where a cached
    /// copy was used; the reports `work` returns carry them.
    pub fn while_online<T>(
        &mut self,
        extra: &NetworkSettings,
        refresh: bool,
        work: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let settings = self.network_settings(extra)?;
        self.go_online(&settings, refresh)?;
        let outcome = work(self);
        let kept = self.go_offline();
        let value = outcome?;
        kept?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    fn wallet(dir: &Path) -> Wallet {
        let at = OffsetDateTime::now_utc();
        Wallet::open_with_clock(dir, Box::new(FixedClock(at))).unwrap()
    }

    fn ca(name: &str, days: i64) -> rcgen::Certificate {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign];
        let now = OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(days);
        params.self_signed(&key).unwrap()
    }

    #[test]
    fn a_certificate_authority_is_kept_shown_and_used_then_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut wallet = wallet(dir.path());
        assert_eq!(wallet.network_preferences().unwrap(), NetworkPreferences::default());
        let first = ca("Example Corp Root", 30);
        let second = ca("Example Corp Other Root", 30);
        let bundle = format!("{}\n{}", first.pem(), second.pem());
        let added = wallet.trust_certificates(bundle.as_bytes()).unwrap();
        assert_eq!(
            added.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Example Corp Root", "Example Corp Other Root"]
        );
        assert!(added.iter().all(|c| !c.expired && c.fingerprint.len() == 95 && c.id.len() == 16));
        // Adding again changes nothing.
        wallet.trust_certificates(first.pem().as_bytes()).unwrap();
        assert_eq!(wallet.network_preferences().unwrap().trusted_certificates, added);

        wallet.set_allow_private_network(true).unwrap();
        let settings = wallet.network_settings(&NetworkSettings::default()).unwrap();
        assert!(settings.allow_private_network);
        assert_eq!(settings.trusted_roots, vec![first.der().to_vec(), second.der().to_vec()]);

        let removed = wallet.distrust_certificate(&added[0].fingerprint[..23]).unwrap();
        assert_eq!(removed.name, "Example Corp Root");
        let left = wallet.network_preferences().unwrap();
        assert_eq!(left.trusted_certificates, vec![added[1].clone()]);
        assert!(left.allow_private_network);
        wallet.set_allow_private_network(false).unwrap();
        assert!(!wallet.network_preferences().unwrap().allow_private_network);
        assert!(matches!(wallet.distrust_certificate(&added[0].id), Err(Error::Missing { .. })));
        assert!(matches!(wallet.distrust_certificate("abc"), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn what_cannot_be_a_trusted_root_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let mut wallet = wallet(dir.path());
        let refusal = |wallet: &mut Wallet, bytes: &[u8]| match wallet.trust_certificates(bytes) {
            Err(Error::InvalidInput(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(refusal(&mut wallet, b"hello").contains("holds no certificate"));
        let expired = ca("Old Root", -1);
        assert!(refusal(&mut wallet, expired.pem().as_bytes()).contains("\"Old Root\" expired on"));

        let key = rcgen::KeyPair::generate().unwrap();
        let mut leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        leaf.is_ca = rcgen::IsCa::ExplicitNoCa;
        leaf.distinguished_name.push(rcgen::DnType::CommonName, "localhost");
        let leaf = leaf.self_signed(&key).unwrap();
        assert!(refusal(&mut wallet, leaf.pem().as_bytes()).contains("not a certificate authority"));

        // One bad certificate in a bundle: none is kept.
        let good = ca("Good Root", 30);
        let bundle = format!("{}\n{}", good.pem(), expired.pem());
        refusal(&mut wallet, bundle.as_bytes());
        assert!(wallet.network_preferences().unwrap().trusted_certificates.is_empty());
        // A DER file works like a PEM one.
        assert_eq!(wallet.trust_certificates(good.der()).unwrap()[0].name, "Good Root");
    }
}
